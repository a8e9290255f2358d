"""The compare page: practices and methodologies side by side, and the Chorlaví typology.

The page holds no record: the browser fetches the list to choose from (compare/_choices.json,
one per language) and one small JSON file per chosen record (compare/<id>.json), so the page
stays light however large the catalog grows (at 5,000 practices the list written into the
page made it 1.3 MB of HTML and 20,000 elements). Only the number of each kind is in the page,
so it can keep the lists' room before they arrive.
Values are plain text (the browser shows them with textContent: no markup from a record).

A practice and a methodology are described by different fields. Each row says which kinds
of record have it (ROWS); when both kinds are chosen the table shows the rows they share
first, then each kind's own rows under a heading, and a cell of a row its record's kind
lacks says so instead of looking blank.
"""

from __future__ import annotations

from . import reference
from .fields import Text
from .models import Case, Methodology
from .present import href
from .text import plain_text

PRACTICE, METHODOLOGY = "practice", "methodology"
BOTH = (PRACTICE, METHODOLOGY)
# The rows of the comparison, in order, and the kinds of record that have each: a practice
# compares as before (countries to SDGs), a methodology by who owns it, since when, under
# which licence, for whom, its modules and the practices that applied it.
ROWS = (
    ("countries", BOTH),
    ("period", (PRACTICE,)),
    ("lead", (PRACTICE,)),
    ("owner", (METHODOLOGY,)),
    ("year", (METHODOLOGY,)),
    ("licence", (METHODOLOGY,)),
    ("audience", (METHODOLOGY,)),
    ("modules", (METHODOLOGY,)),
    ("populations", (PRACTICE,)),
    ("value_chains", (PRACTICE,)),
    ("market_reach", (PRACTICE,)),
    ("transactions", (PRACTICE,)),
    ("kick_off", (PRACTICE,)),
    ("access", (PRACTICE,)),
    ("sustainability", (PRACTICE,)),
    ("key_figures", BOTH),
    ("methodologies_used", (PRACTICE,)),
    ("applied_in", (METHODOLOGY,)),
    ("sdgs", (PRACTICE,)),
)
# What the browser needs to say, in the page's language.
STRINGS = (
    "compare_max",
    "compare_empty",
    "compare_one",
    "compare_loading",
    "compare_failed",
    "compare_remove",
    "compare_removed",
    "compare_not_applicable",
    "compare_mixed_note",
    "compare_more",
)
# The list of choices: "_" is in no record id (fields.SLUG_PATTERN), so no record's own
# comparison file can take its name.
CHOICES = "_choices.json"
TYPOLOGY = "compare/typology.md"


class Comparer:
    """Plain-text values of the practices and methodologies for one language.

    `view` is a views.base.View (for periods, labels and the catalog) and `number` its
    locale-aware number formatter.
    """

    def __init__(self, view, number):
        self.view, self.catalog, self.lang, self.L = view, view.catalog, view.lang, view.L
        self.number = number

    def record(self, rec: Case | Methodology) -> dict:
        """The JSON of one record: its kind, title, page and a list of plain values per row."""
        if isinstance(rec, Case):
            kind, folder, values = PRACTICE, "practices", self._case_rows(rec)
        else:
            kind, folder, values = METHODOLOGY, "methodologies", self._methodology_rows(rec)
        return {
            "id": rec.id,
            "kind": kind,
            "title": self.text(rec.title),
            "url": f"../{folder}/{rec.id}/",
            "rows": [
                {"row": name, "label": self.L["compare_rows"][name], "values": values[name]}
                for name, kinds in ROWS
                if kind in kinds
            ],
        }

    def _case_rows(self, case: Case) -> dict[str, list[str]]:
        L, t, market = self.L, case.typology, case.market
        return {
            "countries": self._country_names(case),
            "period": [str(self.view.period(case.period))] if case.period else [],
            "lead": [self._org(o) for o in case.lead],
            "populations": self._terms("populations", case.populations),
            "value_chains": self._terms("value-chains", case.value_chains),
            "market_reach": [L["reach"][r] for r in market.reach] if market else [],
            "transactions": [L["transactions"][x] for x in market.transactions] if market else [],
            "kick_off": [self.text(x) for x in t.kick_off] if t else [],
            "access": [self.text(x) for x in t.access] if t else [],
            "sustainability": [self.text(x) for x in t.sustainability] if t else [],
            "key_figures": [self._figure(f) for f in case.key_figures],
            "methodologies_used": sorted(
                {
                    self.text(self.catalog.methodologies[m].title)
                    for m in (r.methodology for r in case.methodologies)
                    if m in self.catalog.methodologies
                }
            ),
            "sdgs": [
                f"{g}. {reference.sdg_goal(g)[self.lang]}"
                for g in (case.sdg.goals if case.sdg else [])
            ],
        }

    def _methodology_rows(self, method: Methodology) -> dict[str, list[str]]:
        return {
            "countries": self._country_names(method),
            "owner": [self._org(o) for o in method.owner],
            "year": [str(method.year)] if method.year else [],
            "licence": [method.licence] if method.licence else [],
            "audience": [self.text(method.audience)] if method.audience else [],
            "modules": [self.text(m.title) for m in method.modules],
            "key_figures": [self._figure(f) for f in method.key_figures],
            "applied_in": self._applied_in(method),
        }

    def _applied_in(self, method: Methodology) -> list[str]:
        """The practices whose records say they applied `method`, with the modules they name."""
        uses = self.catalog.uses.get(method.id, [])
        lines = []
        for case_id in dict.fromkeys(u.case for u in uses):
            modules = [
                self.text(m.title)
                for m in method.modules
                if any(u.case == case_id and u.module == m.id for u in uses)
            ]
            which = ", ".join(modules) if modules else self.L["whole_methodology"]
            lines.append(f"{self.text(self.catalog.cases[case_id].title)} ({which})")
        return sorted(lines, key=str.lower)

    def typology_row(self, case: Case) -> dict:
        t = case.typology
        return {
            "id": case.id,
            "title": self.text(case.title),
            "countries": self.countries(case),
            "actors": self.text(t.actors) if t.actors else "",
            "products": self.text(t.products) if t.products else "",
            "kick_off": [self.text(x) for x in t.kick_off],
            "access": [self.text(x) for x in t.access],
            "sustainability": [self.text(x) for x in t.sustainability],
        }

    def sorted_records(self, records) -> list:
        return sorted(records, key=lambda r: self.text(r.title).lower())

    def text(self, value: Text) -> str:
        return plain_text(value.get(self.lang))

    def _country_names(self, rec) -> list[str]:
        return [reference.country_name(c, self.lang) for c in rec.countries]

    def countries(self, rec) -> str:
        return ", ".join(self._country_names(rec))

    def method_detail(self, method: Methodology) -> str:
        """Who owns a methodology and since when, to tell it apart in the list."""
        parts = [", ".join(self._org(o) for o in method.owner)] if method.owner else []
        return " · ".join(parts + ([str(method.year)] if method.year else []))

    def _org(self, org_id: str) -> str:
        return self.catalog.vocab.organizations[org_id].name.get(self.lang)

    def _terms(self, vocabulary: str, ids: list[str]) -> list[str]:
        return [self.catalog.vocab.term(vocabulary, i).model_dump()[self.lang] for i in ids]

    def _figure(self, fig) -> str:
        value = self.number(fig.value, self.lang)
        if fig.currency:
            value = f"{fig.currency} {value}"
        unit = f" {self.text(fig.unit)}" if fig.unit else ""
        when = (
            str(self.view.period(fig.period))
            if fig.period
            else (str(fig.year) if fig.year else self.L["no_year"])
        )
        approx = f"{self.L['approximate']} " if fig.approximate else ""
        return f"{approx}{value}{unit}: {self.text(fig.label)} ({when})"


def compare_page(comparer: Comparer) -> dict:
    """The context of compare/index.md: the lists' legends and sizes, and whether there is a
    typology table to link to."""
    L, catalog = comparer.L, comparer.catalog
    return {
        "groups": [
            {"kind": PRACTICE, "legend": L["practices"], "count": len(catalog.cases)},
            {
                "kind": METHODOLOGY,
                "legend": L["methodologies"],
                "count": len(catalog.methodologies),
            },
        ],
        "typology": has_typology(catalog),
        "config": {
            "max": 4,
            "choices": CHOICES,
            "strings": {k: L[k] for k in STRINGS},
            # A list, not a mapping: tojson sorts keys, and practices come first.
            "kinds": [[PRACTICE, L["practice"]], [METHODOLOGY, L["methodology"]]],
            "groups": {
                "shared": L["compare_group_shared"],
                PRACTICE: L["compare_group_practice"],
                METHODOLOGY: L["compare_group_methodology"],
            },
            "rows": [
                {"row": name, "label": L["compare_rows"][name], "kinds": list(kinds)}
                for name, kinds in ROWS
            ],
        },
    }


def has_typology(catalog) -> bool:
    """Whether any practice has a typology: its table (compare/typology.md) is built then."""
    return any(c.typology for c in catalog.cases.values())


def typology_page(comparer: Comparer) -> dict:
    """The context of compare/typology.md: a row per practice with a typology, by title.

    A page of its own, linked from the compare page: the table grows with every practice
    that has a typology (some 700 bytes each), and the compare page must stay light.
    """
    cases = comparer.sorted_records(comparer.catalog.cases.values())
    return {
        "typology": [comparer.typology_row(c) for c in cases if c.typology],
        "practices": href(TYPOLOGY, "practices/index.md"),
    }


def compare_choices(comparer: Comparer) -> dict:
    """compare/_choices.json: per kind, [id, title, detail] of every record, in the lists' order.

    Lists, not mappings, to keep the file small: at 5,000 practices it is what a reader of
    the page downloads besides the page.
    """
    catalog = comparer.catalog
    return {
        PRACTICE: [
            [c.id, comparer.text(c.title), comparer.countries(c)]
            for c in comparer.sorted_records(catalog.cases.values())
        ],
        METHODOLOGY: [
            [m.id, comparer.text(m.title), comparer.method_detail(m)]
            for m in comparer.sorted_records(catalog.methodologies.values())
        ],
    }
