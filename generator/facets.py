"""The facets, declared once: what a record is filed under, and where each facet shows.

One declaration feeds every place a facet appears, so they cannot disagree: the hub pages
(catalog.hubs), the browser's filters on explore/ (Pagefind, see pagefind.page_search), the
Whoosh index and its facet counts (index.py), and `minka search`'s options (cli.py). A
facet's heading is `facet_names.<name>` in the label files; its values are the record's ids
(country codes, vocabulary ids), shown through `label`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import reference
from .models import Case, Methodology


@dataclass(frozen=True)
class Facet:
    name: str  # filter, index field and label key
    keys: Callable[[Case | Methodology], list[str]]  # the record's values, as ids
    label: Callable[..., str | None]  # (catalog, key, lang, L) -> the value as shown
    hub: str | None = None  # the hub folder, when the values have pages
    help: str = ""  # `minka search --<name>`'s help

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def _case(keys: Callable[[Case], list[str]]) -> Callable[[Case | Methodology], list[str]]:
    """Values a practice has and a methodology has not (value chains, populations, SDGs)."""
    return lambda rec: keys(rec) if isinstance(rec, Case) else []


def _term(vocabulary: str) -> Callable[..., str]:
    return lambda catalog, key, lang, L: getattr(catalog.vocab.term(vocabulary, key), lang)


def _decade(year: int | None) -> list[str]:
    return [str(year - year % 10)] if year else []


def _period(rec: Case | Methodology) -> list[str]:
    """The decade a practice started, or a methodology was published."""
    if isinstance(rec, Case):
        return _decade(rec.period.start if rec.period else None)
    return _decade(rec.year)


def _methodologies(rec: Case | Methodology) -> list[str]:
    # a methodology is filed under itself: "practices applying X, and X"
    if isinstance(rec, Case):
        return sorted({ref.methodology for ref in rec.methodologies})
    return [rec.id]


# In the order of the filters on the explore page.
FACETS = (
    Facet(
        "type",
        lambda rec: ["case" if isinstance(rec, Case) else "methodology"],
        lambda catalog, key, lang, L: L["practice" if key == "case" else "methodology"],
        help="Kind of record: case (a practice) or methodology (repeatable).",
    ),
    Facet(
        "country",
        lambda rec: list(rec.countries),
        lambda catalog, key, lang, L: reference.country_name(key, lang),
        hub="countries",
        help="ISO country code, e.g. PE (repeatable).",
    ),
    Facet(
        "region",
        _case(lambda case: [case.region] if case.region else []),
        _term("regions"),
        help="Region id, e.g. andean (repeatable).",
    ),
    Facet(
        "theme",
        lambda rec: list(rec.themes),
        _term("themes"),
        hub="themes",
        help="Theme id (repeatable).",
    ),
    Facet(
        "value_chain",
        _case(lambda case: list(case.value_chains)),
        _term("value-chains"),
        hub="value-chains",
        help="Value chain id (repeatable).",
    ),
    Facet(
        "population",
        _case(lambda case: list(case.populations)),
        _term("populations"),
        hub="populations",
        help="Population id (repeatable).",
    ),
    Facet(
        "sdg",
        _case(lambda case: [str(g) for g in case.sdg.goals] if case.sdg else []),
        lambda catalog, key, lang, L: f"{key}. {reference.sdg_goal(int(key))[lang]}",
        hub="sdgs",
        help="SDG goal number (repeatable).",
    ),
    Facet(
        "methodology",
        _methodologies,
        # a draft methodology is not published: a practice applying it is not filed under it
        lambda catalog, key, lang, L: (
            catalog.methodologies[key].title.get(lang) if key in catalog.methodologies else None
        ),
        help="Methodology id (repeatable).",
    ),
    Facet(
        "period",
        _period,
        lambda catalog, key, lang, L: f"{key}–{int(key) + 9}",
        help="Decade a practice started or a methodology was published, e.g. 2010 (repeatable).",
    ),
    # a methodology's owners lead it
    Facet(
        "lead",
        lambda rec: list(rec.lead if isinstance(rec, Case) else rec.owner),
        lambda catalog, key, lang, L: catalog.vocab.organizations[key].name.get(lang),
        help="Lead organization id (repeatable).",
    ),
)
BY_NAME = {facet.name: facet for facet in FACETS}
# Organizations have hubs of their own, over every role (lead, partner, funder, owner...),
# not only the lead facet's: see catalog.org_roles.
HUB_KINDS = (*(facet.hub for facet in FACETS if facet.hub), "organizations")


def values(rec: Case | Methodology) -> dict[str, list[str]]:
    """Return the record's values of every facet, as ids."""
    return {facet.name: facet.keys(rec) for facet in FACETS}


def labelled(
    catalog, rec: Case | Methodology, lang: str, L: dict, names: tuple[str, ...] | None = None
) -> dict[str, list[str]]:
    """Return the record's values of every facet (or of the facets `names`) as a reader sees
    them in `lang`."""
    shown = {
        facet.name: [facet.label(catalog, key, lang, L) for key in facet.keys(rec)]
        for facet in FACETS
        if names is None or facet.name in names
    }
    return {name: [label for label in labels if label] for name, labels in shown.items()}
