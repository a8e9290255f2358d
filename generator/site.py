"""The site stage: everything one language of the site is made of, in one pass.

The records' commit dates (git), what their citations say about the site, the data files,
the similar-records lists and the pages, in that order: each step uses the ones before it.
MkDocs then writes the pages (generator/plugin.py) and `write_files` the rest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cite, packaged
from .catalog import Catalog
from .export import citation_site, data_files
from .feed import commit_dates, record_dates
from .pipeline import fingerprint
from .schema import export_schemas
from .similar import similar_records
from .views import page_makers


@dataclass
class Site:
    """One language of the site, ready to write."""

    lang: str
    citation: cite.Site  # the site as its citations name it: address, portal, dates
    committed: dict[str, datetime.datetime]  # record file -> its last commit
    data_files: dict[str, str]  # path under data/ -> text
    similar: dict[str, list[str]]  # record id -> ids of similar records
    pages: dict[str, str]  # docs path -> Markdown (or JSON)
    # With build_site's `lazy`: the Markdown pages, each rendered when MkDocs reads it
    later: dict[str, Callable[[], str]] = field(default_factory=dict)


def build_site(
    root: Path,
    catalog: Catalog,
    lang: str,
    site_url: str | None = None,
    author: str | None = None,
    drafts: bool = False,
    contribute: dict | None = None,
    lazy: bool = False,
) -> Site:
    """Make every page and data file of `lang` from the catalog of the project at `root`;
    `contribute` is where proposals and corrections go (correction.contribute_settings).

    With `lazy`, the Markdown pages are left to `Site.later`, to be rendered one at a time
    as MkDocs reads them (plugin.py): MkDocs keeps every page's HTML until it writes them
    all, and every page's Markdown held beside it was a third of a language's peak memory."""
    committed = commit_dates(root)
    with packaged.steady():
        citation = citation_site(root, catalog, lang, site_url, author, committed)
        # Computed with the pages, so that the data page can give their sizes.
        files = data_files(catalog, lang, citation, record_dates(root, catalog, committed))
        similar = similar_lists(root, catalog, drafts)
        makers = page_makers(
            catalog, lang, similar, site=citation, data_files=files, contribute=contribute
        )
        later = {p: _steadily(m) for p, m in makers.items() if lazy and p.endswith(".md")}
        pages = {path: make() for path, make in makers.items() if path not in later}
    return Site(lang, citation, committed, files, similar, pages, later)


def _steadily(make: Callable[[], str]) -> Callable[[], str]:
    """`make`, with the package's data files taken as unchanged while it runs, as in
    build_site (packaged.steady)."""

    def made() -> str:
        with packaged.steady():
            return make()

    return made


def write_files(site: Site, site_dir: Path) -> None:
    """Write what MkDocs does not: the JSON Schemas and the data files."""
    schema_dir = site_dir / "schema"
    schema_dir.mkdir(parents=True, exist_ok=True)
    for name, text in export_schemas().items():
        (schema_dir / name).write_text(text, encoding="utf-8")
    folders = set()  # each made once: there are thousands of files in a few folders
    for name, text in site.data_files.items():
        path = site_dir / "data" / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8", newline="")


# The similar-records lists of the last catalog read, under the key of its input files: both
# languages share them, and forked language builds inherit them (generator/build.py).
_similar: dict[tuple, dict[str, list[str]]] = {}


def similar_lists(
    root: Path, catalog: Catalog, drafts: bool = False, fork: bool = False
) -> dict[str, list[str]]:
    """Return the similar records of every record, computed once per state of the records
    (with `fork`, on every CPU: similar.similar_records)."""
    key = (str(root.resolve()), drafts, fingerprint(root))
    if key not in _similar:
        _similar.clear()
        _similar[key] = similar_records(catalog, fork=fork)
    return _similar[key]
