"""The `minka` command: validate, build, serve, search, scaffold records, export schemas and data."""

from __future__ import annotations

import gc
import logging
import re
import sys
from pathlib import Path

import click

from .errors import GeneratorError
from .facets import BY_NAME, FACETS
from .fields import SLUG_PATTERN
from .languages import LANGS
from .pipeline import read_project
from .scaffold import new_record
from .schema import export_schemas

FOLDERS = {"case": "cases", "methodology": "methodologies"}
SITE_URL = click.option(
    "--site-url",
    envvar="MINKA_SITE_URL",
    metavar="URL",
    help="Address the site is published at, e.g. https://example.org/minka/ (default: "
    "mkdocs.yml's site_url; also read from MINKA_SITE_URL). Citations, canonical and "
    "language links, the feed and the sitemap then carry absolute URLs.",
)


def _facet_options(command):
    """Add one repeatable filter option per facet (facets.FACETS), in the explore page's order."""
    for facet in reversed(FACETS):  # click lists options in the order they were applied, last first
        command = click.option(facet.option, multiple=True, help=facet.help)(command)
    return command


@click.group()
@click.option(
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The project's mkdocs.yml.",
)
@click.pass_context
def main(ctx: click.Context, config_file: Path) -> None:
    """Minka: good practices of rural associativity, as a bilingual static site."""
    # MkDocs reports through logging; show its warnings the way `mkdocs build` does.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    ctx.obj = config_file.resolve()


@main.command()
@click.option("--drafts", is_flag=True, help="Check drafts as part of the site too.")
@click.pass_obj
def validate(config_file: Path, drafts: bool) -> None:
    """Check every record and vocabulary; print every error."""
    from .correction import check_settings

    with _errors():
        check_settings(config_file)
        catalog = read_project(config_file.parent, include_drafts=drafts, fork=True)
    for warning in catalog.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"ok: {len(catalog.cases)} practices, {len(catalog.methodologies)} methodologies, "
        f"{len(catalog.vocab.organizations)} organizations"
    )


@main.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site/ beside mkdocs.yml).",
)
@click.option("--strict", is_flag=True, help="Treat MkDocs warnings as errors.")
@click.option("--drafts", is_flag=True, help="Include draft records.")
@click.option(
    "--emit",
    type=click.Path(file_okay=False, path_type=Path),
    help="Instead of building, write each language as a plain MkDocs project here.",
)
@SITE_URL
@click.pass_obj
def build(
    config_file: Path,
    site_dir: Path | None,
    strict: bool,
    drafts: bool,
    emit: Path | None,
    site_url: str | None,
) -> None:
    """Build the site in each of its languages; the old site stays if anything fails."""
    if emit:
        from .emit import emit_projects

        with _errors():
            for project in emit_projects(config_file, emit, drafts=drafts, site_url=site_url):
                click.echo(
                    f"wrote {project} (build it with: mkdocs build -f {project}; then "
                    f"minka pagefind {project.parent / 'site'})"
                )
        return
    from .build import build_site

    with _errors():
        target = build_site(config_file, site_dir, strict=strict, drafts=drafts, site_url=site_url)
    click.echo(f"built {target}")


@main.command()
@click.argument("site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
def pagefind(site_dir: Path) -> None:
    """Index a built language (SITE_DIR) for the browser search, as minka build does."""
    from .pagefind import index_site

    with _errors():
        index_site(site_dir)
    click.echo(f"indexed {site_dir / 'pagefind'}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--drafts", is_flag=True, help="Include draft records.")
@click.pass_obj
def serve(config_file: Path, host: str, port: int, drafts: bool) -> None:
    """Build both languages and serve them with live reload on record changes."""
    from .serve import serve_site

    with _errors():
        serve_site(config_file, host, port, drafts=drafts, report=click.echo)


@main.command()
@click.argument("kind", type=click.Choice(sorted(FOLDERS)))
@click.argument("record_id")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=LANGS[0],
    show_default=True,
    help="The record's original language: its texts are written in it first.",
)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CODE",
    help="ISO 3166 code of a country of the record, e.g. PE (repeatable).",
)
@click.pass_obj
def new(
    config_file: Path, kind: str, record_id: str, lang: str, countries: tuple[str, ...]
) -> None:
    """Write a skeleton record (status: draft) to fill in."""
    from .reference import country_exists

    if not re.match(SLUG_PATTERN, record_id):
        _fail(f"id: expected a slug (lowercase a-z, 0-9 and hyphens), but got {record_id!r}")
    for code in countries:
        if not country_exists(code):
            _fail(
                f"--country: expected an ISO 3166 country code such as 'CO' or 'PE', "
                f"but got {code!r}"
            )
    path = config_file.parent / FOLDERS[kind] / f"{record_id}.yaml"
    rel = path.relative_to(config_file.parent).as_posix()
    if path.exists():
        _fail(f"{rel}: already exists")
    # Ids are unique across practices and methodologies (an id is a record's address).
    for other in sorted({*FOLDERS.values()} - {FOLDERS[kind]}):
        for clash in sorted((config_file.parent / other).glob(f"{record_id}.y*ml")):
            _fail(
                f"id: expected an id no record has, but got {record_id!r} "
                f"({clash.relative_to(config_file.parent).as_posix()} has it)"
            )
    with _errors():  # a language without minka new's placeholders (data/languages.yaml)
        text = new_record(kind, record_id, lang, list(countries))
    path.write_text(text, encoding="utf-8")
    click.echo(
        f"wrote {rel}"
        + ("" if countries or kind != "case" else ": fill in its countries (or give --country)")
    )


@main.command()
@click.argument("record", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "snippet", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_obj
def review(config_file: Path, record: Path, snippet: Path | None) -> None:
    """Check a proposed practice (and its vocabulary snippet) without copying it in."""
    from .review import review_proposal

    with _errors():
        found = review_proposal(config_file.parent, record, snippet)
    for error in found.errors:
        click.echo(str(error), err=True)
    if found.errors:
        count = len(found.errors)
        _fail(f"{count} error{'s' if count != 1 else ''} in the proposal")
    click.echo("ok: the proposal passes validation")
    click.echo("it would add:")
    for line in found.added:
        click.echo(f"  {line}")
    click.echo(
        "most similar records (check it is not one of them):"
        if found.similar
        else "most similar records: none"
    )
    for line in found.similar:
        click.echo(f"  {line}")


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if schema/ is not up to date.")
@click.pass_obj
def schema(config_file: Path, check: bool) -> None:
    """Write the JSON Schemas of the records into schema/."""
    folder = config_file.parent / "schema"
    stale = []
    for name, text in export_schemas().items():
        path = folder / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check and stale:
        _fail(f"schema/ is out of date ({', '.join(stale)}): run `minka schema`")
    click.echo("schema/ is up to date" if not stale else f"wrote {', '.join(stale)}")


@main.command()
@click.argument("query", default="")
@_facet_options
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Search this language only (default: every language, each record shown in the "
    "one it matches best).",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--facets", "show_facets", is_flag=True, help="Also print the facet counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def search(
    config_file: Path,
    query: str,
    lang: str | None,
    limit: int,
    show_facets: bool,
    as_json: bool,
    **facets: tuple[str, ...],
) -> None:
    """Search the records; an empty QUERY lists every record matching the filters."""
    import dataclasses
    import json

    from .index import FilterError, open_index
    from .index import search as search_index
    from .reference import country_name

    root = config_file.parent
    with _errors():
        index = open_index(root, lambda: read_project(root))
        try:
            found = search_index(
                index,
                query,
                lang,
                {k: list(v) for k, v in facets.items()},
                limit,
                facets=show_facets,
            )
        except FilterError as exc:  # say it as the option the user typed
            raise GeneratorError(f"{BY_NAME[exc.facet].option}: {exc.detail}") from None
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=2))
        return
    if not found.hits:
        click.echo("no results")
    else:
        shown = f"{len(found.hits)} of " if len(found.hits) < found.total else ""
        click.echo(f"{shown}{found.total} result{'s' if found.total != 1 else ''}\n")
    for hit in found.hits:
        # With both languages searched, say which one the record is shown in.
        click.echo(f"{hit.id} ({hit.kind}{'' if lang else ', ' + hit.lang})\n  {hit.title}")
        if hit.countries:
            click.echo("  " + ", ".join(country_name(code, hit.lang) for code in hit.countries))
        click.echo(f"  {hit.snippet}\n")
    if show_facets:
        for facet, counts in found.facets.items():
            if counts:
                values = ", ".join(f"{value} {count}" for value, count in counts.items())
                click.echo(f"{facet.replace('_', ' ')}: {values}")


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "bibtex", "ris"]),
    default="json",
    show_default=True,
    help="json: every record, all fields, both languages; csv: one row per record; "
    "bibtex, ris: every record and source as a reference.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=LANGS[0],
    show_default=True,
    help="Language of titles, names and page URLs (csv, bibtex, ris).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--drafts", is_flag=True, help="Include draft records.")
@SITE_URL
@click.pass_obj
def export(
    config_file: Path, fmt: str, lang: str, output: Path | None, drafts: bool, site_url: str | None
) -> None:
    """Write the catalog or its citations: the files of the site's data/ page."""
    from .build import language_config
    from .csl import to_bibtex, to_ris
    from .export import bibliography, catalog_csv, catalog_json, citation_site

    root = config_file.parent
    with _errors():
        catalog = read_project(root, include_drafts=drafts)
        # Page URLs are absolute only when the site's address is known.
        config = language_config(config_file, lang, root / "site" / lang, site_url=site_url)
        site = citation_site(root, catalog, lang, config.site_url or None, config.site_author)
    if fmt == "json":
        text = catalog_json(catalog)
    elif fmt == "csv":
        text = catalog_csv(catalog, lang, site.url)
    else:
        text = (to_bibtex if fmt == "bibtex" else to_ris)(bibliography(catalog, lang, site))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"wrote {output}", err=True)


class _errors:
    """Turn known errors into `Error: ...` and exit 1; unknown ones keep their traceback."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, GeneratorError):
            _fail(str(exc))
        from mkdocs.exceptions import MkDocsException

        if isinstance(exc, MkDocsException):
            _fail(str(exc))
        return False


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def run() -> None:
    """The `minka` command as a process runs it (`minka`, `python -m generator`).

    A process that read the records leaves them to the operating system: at exit, Python's
    last garbage collection would visit every object of the catalog and its caches first
    (1.3 s after `minka build` at 1,000 records, bench/README.md). Frozen, they are skipped.
    Only here, where the process ends: a program that calls `main` keeps collecting.
    """
    try:
        main()
    finally:
        gc.freeze()
