"""The home page, the catalogs of practices and methodologies, the practices open to
exchange (each in pages: views/pager.py), and the explore page."""

from __future__ import annotations

from ..exchange import OPEN_PAGE, ROUTE_PAGE, is_open
from ..facets import FACETS
from ..models import Case
from ..pagefind import FIRST_RESULTS, OPEN_FACETS, filter_labels, listing
from ..present import date_key, format_number, href, plural, rel
from ..text import locale_key
from .maps import home_map
from .pager import paged
from .record import card

# Cards in each list of the home page. The home is every reader's first page: a list there
# that grows with the catalog made it 320 KB of HTML at 1,000 records (Lighthouse mobile
# 64-72 at 5,000); the whole lists are pages of their own.
HOME_CARDS = 6


def home_page(view) -> dict:
    cases = list(view.catalog.cases.values())
    latest = sorted(cases, key=lambda c: (date_key(c.documented), c.id), reverse=True)
    open_cases = [c for c in latest if is_open(c)]
    # "Recently documented" names only practices that say when they were documented.
    documented = [c for c in latest if c.documented]
    counts = {
        "cases": len(cases),
        # The countries of the practices, as practices/ counts them (the countries index
        # also lists the countries only a methodology names).
        "countries": len(view.countries()),
        "methodologies": len(view.catalog.methodologies),
        "organizations": len(view.catalog.org_roles),
    }
    stats = [
        (format_number(n, view.lang), plural(view.L["home_counts"][key], n, view.lang), target)
        for (key, n), target in zip(
            counts.items(),
            (
                "practices/index.md",
                "countries/index.md",
                "methodologies/index.md",
                "organizations/index.md",
            ),
            strict=False,
        )
    ]
    return view.common("index.md") | {
        "stats": [(n, label, href("index.md", target)) for n, label, target in stats],
        "open_to_exchange": [card(view, c, "index.md") for c in open_cases[:HOME_CARDS]],
        "open_page": rel("index.md", OPEN_PAGE),
        "open_all": plural(view.L["open_all"], len(open_cases), view.lang),
        "recent": [card(view, c, "index.md") for c in documented[:HOME_CARDS]],
        "map": home_map(view),
    }


def practices_page(view, number: int = 1) -> dict:
    cases = list(view.catalog.cases.values())
    return _list(view, "practices/index.md", number, cases, view.L["practices"]) | {
        "intro": view.L["catalog_intro"].format(
            practices=view.count("practices", len(cases)),
            countries=view.count("countries", len(view.countries())),
        ),
    }


def open_page(view, number: int = 1) -> dict:
    """Every practice open to exchange, in the catalog's order, as on practices/."""
    cases = open_cases(view.catalog)
    return _list(view, OPEN_PAGE, number, cases, view.L["open_title"]) | {
        # With none open yet, the page says so: the nav links it whatever the catalog holds.
        "intro": view.L["open_intro" if cases else "open_none"].format(
            practices=view.count_with(view.L["open_count"], len(cases)),
            route=rel(OPEN_PAGE, ROUTE_PAGE),
        ),
    }


def _list(view, first: str, number: int, records: list, title: str) -> dict:
    """Page `number` of a list of `records` whose first page is `first`."""
    values = paged(view, first, number, [("", records)], title)
    return view.common(values["here"]) | values | {"cards": values["groups"][0]["cards"]}


def open_cases(catalog) -> list[Case]:
    return [c for c in catalog.cases.values() if is_open(c)]


def methodologies_page(view, number: int = 1) -> dict:
    methods = list(view.catalog.methodologies.values())
    first = "methodologies/index.md"
    return _list(view, first, number, methods, view.L["methodologies"]) | {
        "intro": view.L["methodologies_intro"].format(
            methodologies=view.count("methodologies", len(methods))
        ),
    }


def explore_page(view) -> dict:
    L, here = view.L, "explore/index.md"
    strings = {
        key: L[key]
        for key in (
            "search_none",
            "search_count",
            "search_count_one",
            "search_loading",
            "search_offline",
            "search_more",
            "search_clear",
            "search_partial",
        )
    }
    return view.common(here) | {
        "config": {
            "filters": [facet.name for facet in FACETS],
            "filter_names": filter_labels(L),
            "open": list(OPEN_FACETS),
            "first": FIRST_RESULTS,
            "strings": strings,
        },
        **_first_screen(view, here),
    }


def _first_screen(view, here: str) -> dict:
    """The explore page as its script draws it before the reader asks anything (no words, no
    filter; theme/assets/explore.js, run and facet): the status line, each facet (the open
    ones with their values and counts) and the first results, in the same markup and order."""
    L, lang = view.L, view.lang
    found = listing(view.catalog, lang, L)
    n = found["total"]
    status = (
        L["search_none"]
        if n == 0
        else L["search_count_one"]
        if n == 1
        else L["search_count"].replace("{count}", format_number(n, lang))
    )
    facets = []
    for facet in FACETS:
        counts = found["counts"].get(facet.name, {})
        values = [
            (value, format_number(n, lang))
            for value, n in sorted(counts.items(), key=lambda item: locale_key(item[0], lang))
        ]
        facets.append(
            {"name": facet.name, "label": L["facet_names"][facet.name], "options": values}
            | {"open": facet.name in OPEN_FACETS}
        )
    results = []
    for rec, search in found["first"]:
        folder = "practices" if isinstance(rec, Case) else "methodologies"
        facts = [search["filters"].get("type", [None])[0], search["meta"].get("country")]
        results.append(
            {
                "href": href(here, f"{folder}/{rec.id}.md"),
                # as Pagefind gives them: its text with the spaces collapsed
                "title": " ".join(rec.title.get(lang).split()),
                "facts": " · ".join(f for f in facts if f),
                "summary": " ".join(search["meta"]["summary"].split()),
            }
        )
    return {"status": status, "facets": facets, "results": results, "more": n > len(results)}
