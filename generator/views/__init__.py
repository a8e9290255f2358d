"""Render the catalog into Markdown pages, one language at a time; writes nothing.

One module per page kind computes the plain values its template shows (a template never
decides anything); this module maps every generated path to its template and view.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

from .. import cite, correction, exchange, export, propose
from ..catalog import Catalog
from ..compare import (
    CHOICES,
    TYPOLOGY,
    Comparer,
    compare_choices,
    compare_page,
    has_typology,
    typology_page,
)
from ..present import environment, format_number, hub_path
from .base import View
from .case import case_page
from .factsheet import factsheet_page, factsheet_path
from .hubs import hub_groups, hub_index_page, hub_page
from .listings import (
    explore_page,
    home_page,
    methodologies_page,
    open_cases,
    open_page,
    practices_page,
)
from .methodology import methodology_page
from .pager import later_pages as later_pages  # for minka serve and emit
from .pager import list_pages


def render_site(
    catalog: Catalog,
    lang: str,
    similar: dict[str, list[str]] | None = None,
    *,
    site: cite.Site | None = None,
    data_files: dict[str, str] | None = None,
    only: set[str] | None = None,
    contribute: dict | None = None,
) -> dict[str, str]:
    """Return {docs-relative path: content} for every generated page (and data file) in `lang`.

    `similar` maps record ids to the ids of similar records (from the search index);
    `site` is what citations say about the site (its address when known, the records'
    last updates);
    `data_files` are the files of data/ when already computed (the data page gives sizes);
    `only`, when given, names the paths to render: `minka serve` renders again just the
    pages a saved record appears on; `contribute` says where proposals and corrections go
    (`correction.contribute_settings`: the editors, repo_url, edit_uri of mkdocs.yml).
    """
    makers = page_makers(
        catalog, lang, similar, site=site, data_files=data_files, contribute=contribute
    )
    return {path: render() for path, render in makers.items() if only is None or path in only}


def page_makers(
    catalog: Catalog,
    lang: str,
    similar: dict[str, list[str]] | None = None,
    *,
    site: cite.Site | None = None,
    data_files: dict[str, str] | None = None,
    contribute: dict | None = None,
) -> dict[str, Callable[[], str]]:
    """Map every path `render_site` returns to the function that renders it (same arguments),
    for a build that renders each page only when MkDocs reads it (site.build_site)."""
    return _pages(View(catalog, lang, similar or {}, site), data_files, contribute or {})


def site_paths(catalog: Catalog, lang: str) -> set[str]:
    """Return the paths `render_site` returns, rendering nothing."""
    return set(_pages(View(catalog, lang, {}), None, {}))


def _pages(
    view: View, data_files: dict[str, str] | None, contribute: dict
) -> dict[str, Callable[[], str]]:
    """Map every generated path to the function that renders it."""
    catalog, env = view.catalog, environment(view.lang)

    def page(template: str, values: Callable[[], dict]) -> Callable[[], str]:
        return lambda: env.get_template(template).render(**values())

    def record(template: str, values: Callable[[], dict], rec) -> Callable[[], str]:
        # Every record page ends with "suggest a correction" (theme/partials), told in its
        # front matter: added here, so no record template has to know about it.
        meta = correction.correction_meta(
            rec.id, catalog.paths[rec.id], rec.title.get(view.lang), view.L, contribute
        )
        return lambda: correction.add_front_matter(page(template, values)(), meta)

    pages = {"index.md": page("home.md.j2", partial(home_page, view))}
    lists = (
        ("practices/index.md", "practices.md.j2", practices_page, len(catalog.cases)),
        (
            "methodologies/index.md",
            "methodologies.md.j2",
            methodologies_page,
            len(catalog.methodologies),
        ),
        (exchange.OPEN_PAGE, "open.md.j2", open_page, len(open_cases(catalog))),
    )
    for first, template, values, count in lists:
        for number, path in enumerate(list_pages(first, count), 1):
            pages[path] = page(template, partial(values, view, number))
    for case in catalog.cases.values():
        pages[f"practices/{case.id}.md"] = record(
            "case.md.j2", partial(case_page, view, case, contribute.get("exchange_desk")), case
        )
    for rec in (*catalog.cases.values(), *catalog.methodologies.values()):
        pages[factsheet_path(rec)] = page("factsheet.md.j2", partial(factsheet_page, view, rec))
    for kind, members in catalog.hubs.items():
        pages[f"{kind}/index.md"] = page("hubs.md.j2", partial(hub_index_page, view, kind))
        for key in members:
            count = sum(len(records) for _, records in hub_groups(view, kind, key))
            for number, path in enumerate(list_pages(hub_path(kind, key), count), 1):
                pages[path] = page("hub.md.j2", partial(hub_page, view, kind, key, number))
    pages["explore/index.md"] = page("explore.md.j2", partial(explore_page, view))
    pages["exchange/index.md"] = page("exchange.md.j2", partial(exchange.route_view, view))
    pages["exchanges/index.md"] = page("exchanges.md.j2", partial(exchange.hub_view, view))
    comparer = Comparer(view, format_number)
    pages["compare/index.md"] = page(
        "compare.md.j2", lambda: view.common("compare/index.md") | compare_page(comparer)
    )
    pages[f"compare/{CHOICES}"] = partial(_json, compare_choices, comparer)
    if has_typology(catalog):
        pages[TYPOLOGY] = page(
            "typology.md.j2", lambda: view.common(TYPOLOGY) | typology_page(comparer)
        )
    for rec in (*catalog.cases.values(), *catalog.methodologies.values()):
        pages[f"compare/{rec.id}.json"] = partial(_json, comparer.record, rec)
    for method in catalog.methodologies.values():
        pages[f"methodologies/{method.id}.md"] = record(
            "methodology.md.j2", partial(methodology_page, view, method), method
        )

    # The files' sizes taken now: a page rendered later (site.build_site) must not keep the
    # files themselves alive, which the build writes and forgets first (plugin.py).
    groups = export.data_page(data_files, view.lang) if data_files is not None else None

    def data_page() -> dict:
        shown = groups
        if shown is None:
            shown = export.data_page(export.data_files(catalog, view.lang, view.site), view.lang)
        return view.common("data/index.md") | {"groups": shown}

    pages["data/index.md"] = page("data.md.j2", data_page)
    pages[propose.PAGE] = page(
        "propose.md.j2", partial(propose.propose_view, view, contribute.get("editors"))
    )
    return pages


def _json(make: Callable, *args) -> str:
    return json.dumps(make(*args), ensure_ascii=False, separators=(",", ":"))
