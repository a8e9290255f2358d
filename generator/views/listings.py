"""The home page, the catalogs of practices and methodologies, and the explore page."""

from __future__ import annotations

from ..facets import FACETS
from ..pagefind import filter_labels
from ..present import date_key, format_number, href, plural
from .maps import home_map
from .record import card


def home_page(view) -> dict:
    cases = list(view.catalog.cases.values())
    recent = sorted(cases, key=lambda c: (date_key(c.documented), c.id), reverse=True)[:6]
    counts = {
        "cases": len(cases),
        "countries": len(view.catalog.hubs["countries"]),
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
        "open_to_exchange": [
            card(view, c, "index.md")
            for c in cases
            if c.exchange and (c.exchange.offer or c.exchange.contact)
        ],
        "recent": [card(view, c, "index.md") for c in recent],
        "map": home_map(view),
    }


def practices_page(view) -> dict:
    here = "practices/index.md"
    cases = view.catalog.cases.values()
    return view.common(here) | {
        "intro": view.L["catalog_intro"].format(
            practices=view.count("practices", len(cases)),
            countries=view.count("countries", len(view.countries())),
        ),
        "cards": [card(view, c, here) for c in cases],
    }


def methodologies_page(view) -> dict:
    here = "methodologies/index.md"
    methods = view.catalog.methodologies.values()
    return view.common(here) | {
        "intro": view.L["methodologies_intro"].format(
            methodologies=view.count("methodologies", len(methods))
        ),
        "cards": [card(view, m, here) for m in methods],
    }


def explore_page(view) -> dict:
    L = view.L
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
    return view.common("explore/index.md") | {
        "config": {
            "filters": [facet.name for facet in FACETS],
            "filter_names": filter_labels(L),
            "strings": strings,
        }
    }
