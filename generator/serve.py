"""Serve the bilingual site locally, rebuilding when a record, page or template changes.

A saved record updates only the pages that show it: the MkDocs state of the last full
build (files, navigation, theme) is kept per language, the record is read and checked
again alone, and its pages are rendered and written again alone. Anything else (a new or
deleted record, a vocabulary, a page of docs/, mkdocs.yml, a template) rebuilds everything.
"""

from __future__ import annotations

import gc
import logging
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

# MkDocs' own steps for one page (read and render it, then write it in the theme); private,
# but stable across MkDocs 1.x, which pyproject.toml pins.
from mkdocs.commands.build import get_context
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import InclusionLevel

from . import packaged
from .build import build_language, write_chooser
from .catalog import Catalog
from .compare import CHOICES, TYPOLOGY
from .errors import GeneratorError
from .languages import LANGS
from .pipeline import fingerprint, read_project
from .present import hub_path
from .views import later_pages, render_site, site_paths

log = logging.getLogger("mkdocs.plugins.minka")
WATCHED = ("cases", "methodologies", "vocabularies", "docs", "mkdocs.yml")
PRINT = partial(print, flush=True)  # a line at once, even when the output is a pipe
PACKAGE_DIR = Path(__file__).parent  # templates, labels and theme, for people working on Minka
# Pages that list or count every record: always rendered again (unchanged ones are not written).
LISTINGS = (
    "index.md",
    "practices/index.md",
    "methodologies/index.md",
    "exchange/open/index.md",
    "exchanges/index.md",
    "compare/index.md",
    f"compare/{CHOICES}",
    "explore/index.md",  # its first screen: the first records by title, counts by facet
    TYPOLOGY,
)


def serve_site(
    config_file: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    drafts: bool = False,
    report: Callable[[str], None] = PRINT,
) -> None:
    """Build both languages into a temporary folder and serve it until interrupted.

    `report` gets one line when the site is served and one per rebuild: the only output a
    user of `make serve` needs (MkDocs' own logging stays at warnings)."""
    root = config_file.parent
    read_project(root, include_drafts=drafts)  # report record errors before serving
    out = Path(tempfile.mkdtemp(prefix="minka-serve-"))
    url = f"http://{host}:{port}/"
    preview = Preview(config_file, out, drafts, url)

    def rebuild() -> None:
        # A broken record while editing is reported and the last good pages stay served.
        try:
            report(preview.update())
        except (GeneratorError, MkDocsException) as exc:
            log.error("%s", exc)
            report(
                f"Not rebuilt: fix the error above; the last good pages are still served at {url}"
            )

    class Server(LiveReloadServer):
        def server_activate(self) -> None:
            super().server_activate()  # listening from here: the URL answers
            report(
                f"Serving {url} ({', '.join(f'{lang}/' for lang in LANGS)}), built in "
                f"{built:.1f} s; saved changes rebuild it. Ctrl+C stops."
            )

    # Files are polled: every quarter second, not MkDocs' half, so a save is seen sooner.
    server = Server(builder=rebuild, host=host, port=port, root=str(out), polling_interval=0.25)
    # Stopped by a signal (a service manager, a test harness), it cleans up as after Ctrl+C:
    # Python's default for SIGTERM ends the process at once, leaving the build in the temp dir.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        start = time.perf_counter()
        preview.build()
        built = time.perf_counter() - start
        for path in [*(root / name for name in WATCHED), PACKAGE_DIR, packaged.DATA]:
            if path.exists():
                server.watch(str(path))
        server.serve()
    except KeyboardInterrupt:
        report("Stopped.")
    finally:
        server.shutdown()
        shutil.rmtree(out, ignore_errors=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class Preview:
    """The served site: a full build, then quick updates of the pages a saved record is on."""

    def __init__(self, config_file: Path, out: Path, drafts: bool, serve_url: str):
        self.config_file, self.root, self.out = config_file, config_file.parent, out
        self.drafts, self.serve_url = drafts, serve_url
        self.configs: dict = {}

    def build(self) -> None:
        """Build both languages in this process, keeping their MkDocs state."""
        gc.unfreeze()  # the previous build's objects may be collected again
        self.configs = {}
        for lang in LANGS:
            self.configs[lang] = build_language(
                self.config_file,
                lang,
                self.out / lang,
                drafts=self.drafts,
                serve_url=self.serve_url,
            )
        write_chooser(self.out)
        self.catalog = read_project(self.root, include_drafts=self.drafts)
        self.records, self.others = fingerprint(self.root), self._others()
        # What the build keeps is long-lived: out of the collector's way, so that its full
        # passes during a quick update do not walk millions of objects.
        gc.collect()
        gc.freeze()

    def update(self) -> str:
        """Bring the served site up to date with the files, as quickly as the change allows;
        return one line saying what changed and how long it took."""
        start = time.perf_counter()
        changed = self._changed_records()
        if changed is None:
            what = self._changed_others()
            self.build()
            return (
                f"Rebuilt everything ({what or 'records added or removed'}) in "
                f"{time.perf_counter() - start:.1f} s"
            )
        catalog = read_project(self.root, include_drafts=self.drafts)
        ids = {rec_id for rec_id, path in catalog.paths.items() if Path(path).name in changed}
        written = 0
        for lang in LANGS:
            found = self._refresh(lang, catalog, ids)
            if found is None:  # the change adds or removes a page: build everything
                self.build()
                return (
                    f"Rebuilt everything ({', '.join(sorted(changed))}: pages added or "
                    f"removed) in {time.perf_counter() - start:.1f} s"
                )
            written += found
        self.catalog, self.records = catalog, fingerprint(self.root)
        return (
            f"Updated {written} {'page' if written == 1 else 'pages'} for "
            f"{', '.join(sorted(changed)) or 'no record change'} in "
            f"{time.perf_counter() - start:.1f} s (search, similar records and data files "
            f"catch up at the next full build)"
        )

    def _changed_others(self) -> str:
        """Name the non-record files changed since the last build (a few, then a count)."""
        before, after = set(self.others), set(self._others())
        names = sorted({self._shown(Path(path)) for path, *_ in before ^ after})
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

    def _shown(self, path: Path) -> str:
        """A watched file's name as its editor knows it: in the project, or in generator/."""
        for base, prefix in (
            (self.root, ""),
            (PACKAGE_DIR, "generator/"),
            (packaged.DATA, "generator/data/"),
        ):
            if path.is_relative_to(base):
                return prefix + path.relative_to(base).as_posix()
        return str(path)

    def _changed_records(self) -> set[str] | None:
        """Return the names of the record files saved since the last build, or None when
        something else changed (or files came or went) and only a full build will do."""
        if not self.configs or self._others() != self.others:
            return None
        now = fingerprint(self.root)
        before = {name: rest for name, *rest in self.records}
        after = {name: rest for name, *rest in now}
        if before.keys() != after.keys():
            return None
        return {name for name in after if after[name] != before[name]}

    def _others(self) -> tuple:
        """Stamp every watched file that is not a record: docs, mkdocs.yml, the package, the
        vocabularies (every record is checked against them: a change rebuilds everything)."""
        paths = {
            self.root / "mkdocs.yml",
            *(self.root / "docs").rglob("*"),
            *PACKAGE_DIR.rglob("*"),
            *packaged.DATA.rglob("*"),  # labels, SDGs, shapes
            *(self.root / "vocabularies").glob("*"),
        }
        return tuple(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(paths)
            if p.is_file() and "__pycache__" not in p.parts
        )

    def _refresh(self, lang: str, catalog: Catalog, ids: set[str]) -> int | None:
        """Render again, in `lang`, the pages that show the records `ids`; write those that
        changed. Return how many were written, or None when the set of pages changed."""
        config = self.configs[lang]
        plugin = config.plugins["minka"]
        # the pages and data files; the script and style bundles change only with the package
        files = {
            f.src_uri: f
            for f in plugin.files
            if f.generated_by == "minka" and f.src_uri not in plugin.bundles.files
        }
        if site_paths(catalog, lang) != files.keys():
            return None
        wanted = affected_pages(self.catalog, catalog, ids, files)
        pages = render_site(
            catalog,
            lang,
            plugin.site.similar,
            site=plugin.site.citation,
            data_files=plugin.site.data_files,
            only=wanted,
            contribute=plugin.contribute,
        )
        doc_files = plugin.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        written = 0
        for path, content in pages.items():
            file = files[path]
            if file.content_string == content:
                continue
            file.content_string = content
            if file.page is None:  # a data file (compare/<id>.json)
                file.copy_file()
            else:
                _render_page(file.page, config, plugin.files, doc_files, plugin.nav, plugin.env)
            written += 1
        return written


def affected_pages(before: Catalog, catalog: Catalog, ids: set[str], files: dict) -> set[str]:
    """Paths of the pages that show the records `ids`, before the change (`before`) or after."""
    wanted = set(LISTINGS)
    for rec_id in ids:
        folder = "practices" if rec_id in catalog.cases else "methodologies"
        wanted |= {
            f"{folder}/{rec_id}.md",
            f"{folder}/{rec_id}/factsheet.md",
            f"compare/{rec_id}.json",
        }
        for old_or_new in (before, catalog):
            # Comparison files name each other: a practice its methodologies, a
            # methodology the practices that applied it.
            case = old_or_new.cases.get(rec_id)
            wanted |= {
                f"compare/{ref.methodology}.json" for ref in (case.methodologies if case else [])
            }
            wanted |= {f"compare/{use.case}.json" for use in old_or_new.uses.get(rec_id, [])}
            for kind, members in old_or_new.hubs.items():
                for key, member_ids in members.items():
                    if rec_id in member_ids:
                        wanted |= {hub_path(kind, key), f"{kind}/index.md"}
    # Any other page that links to them: related and similar records, methodologies. Markdown
    # links name the page (samer.md); the finished HTML of record pages its URL (../samer/).
    links = tuple(link for rec_id in ids for link in (f"{rec_id}.md", f"/{rec_id}/"))
    wanted |= {
        path
        for path, file in files.items()
        if path.endswith(".md") and any(link in file.content_string for link in links)
    }
    # A list's later pages (views/pager.py) with its first: a record that opens to exchange
    # or joins a hub moves the cards after it to the next page.
    later = tuple(later_pages(path) for path in wanted)
    wanted |= {path for path in files if path.startswith(later)}
    return wanted & files.keys()


def _render_page(page, config, files, doc_files, nav, env) -> None:
    """Render one page again and write it, as `mkdocs build` does, through MkDocs' public
    names only (Page's methods, the plugin events, get_context): its own _populate_page and
    _build_page are private, and could change in any release."""
    events = config.plugins
    page = events.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    page.markdown = events.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    page.content = events.on_page_content(page.content, page=page, config=config, files=files)
    page.active = True  # the theme marks the current page in the nav
    try:
        context = get_context(nav, doc_files, config, page)
        context = events.on_page_context(context, page=page, config=config, nav=nav)
        template = env.get_template(page.meta.get("template", "main.html"))
        output = events.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
    Path(page.file.abs_dest_path).write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
