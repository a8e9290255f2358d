"""The compare page: practices side by side, and the Chorlaví typology as one table.

The page holds the list of practices; the browser fetches one small JSON file per chosen
practice (compare/<id>.json), so the page stays light however large the catalog grows.
Values are plain text (the browser shows them with textContent: no markup from a record).
"""

from __future__ import annotations

from . import reference
from .models import Case, Text
from .text import plain_text

# The rows of the comparison, in order: (label key, how to read it from a record).
ROWS = ("countries", "period", "lead", "populations", "value_chains", "market_reach",
        "transactions", "kick_off", "access", "sustainability", "key_figures",
        "methodologies_used", "sdgs")
class Comparer:
    """Plain-text values of the practices for one language.

    `view` is a views.base.View (for periods, labels and the catalog) and `number` its
    locale-aware number formatter.
    """

    def __init__(self, view, number):
        self.view, self.catalog, self.lang, self.L = view, view.catalog, view.lang, view.L
        self.number = number

    def page(self) -> dict:
        """The context of compare/index.md: the practices to choose from, the typology table."""
        cases = sorted(self.catalog.cases.values(), key=lambda c: self._text(c.title).lower())
        return {
            "choices": [{"id": c.id, "title": self._text(c.title),
                         "countries": self._countries(c)} for c in cases],
            "typology": [self._typology_row(c) for c in cases if c.typology],
            "config": {"max": 4, "strings": {k: self.L[k] for k in (
                "compare_max", "compare_empty", "compare_loading", "compare_failed",
                "compare_remove")}},
        }

    def record(self, case: Case) -> dict:
        """The JSON of one practice: its title, page and one list of plain values per row."""
        L, t = self.L, case.typology
        market = case.market
        rows = {
            "countries": [reference.country_name(c, self.lang) for c in case.countries],
            "period": [str(self.view.period(case.period))] if case.period else [],
            "lead": [self._org(o) for o in case.lead],
            "populations": self._terms("populations", case.populations),
            "value_chains": self._terms("value-chains", case.value_chains),
            "market_reach": [L["reach"][r] for r in market.reach] if market else [],
            "transactions": [L["transactions"][x] for x in market.transactions] if market else [],
            "kick_off": [self._text(x) for x in t.kick_off] if t else [],
            "access": [self._text(x) for x in t.access] if t else [],
            "sustainability": [self._text(x) for x in t.sustainability] if t else [],
            "key_figures": [self._figure(f) for f in case.key_figures],
            "methodologies_used": sorted({self._text(self.catalog.methodologies[m].title)
                                          for m in (r.methodology for r in case.methodologies)
                                          if m in self.catalog.methodologies}),
            "sdgs": [f"{g}. {reference.sdg_goal(g)[self.lang]}"
                     for g in (case.sdg.goals if case.sdg else [])],
        }
        return {"id": case.id, "title": self._text(case.title), "url": f"../practices/{case.id}/",
                "rows": [{"label": L["compare_rows"][name], "values": rows[name]} for name in ROWS]}

    def _typology_row(self, case: Case) -> dict:
        t = case.typology
        return {"id": case.id, "title": self._text(case.title), "countries": self._countries(case),
                "actors": self._text(t.actors) if t.actors else "",
                "products": self._text(t.products) if t.products else "",
                "kick_off": [self._text(x) for x in t.kick_off],
                "access": [self._text(x) for x in t.access],
                "sustainability": [self._text(x) for x in t.sustainability]}

    def _text(self, value: Text) -> str:
        return plain_text(value.get(self.lang))

    def _countries(self, case: Case) -> str:
        return ", ".join(reference.country_name(c, self.lang) for c in case.countries)

    def _org(self, org_id: str) -> str:
        return self.catalog.vocab.organizations[org_id].name.get(self.lang)

    def _terms(self, vocabulary: str, ids: list[str]) -> list[str]:
        return [self.catalog.vocab.term(vocabulary, i).model_dump()[self.lang] for i in ids]

    def _figure(self, fig) -> str:
        value = self.number(fig.value, self.lang)
        if fig.currency:
            value = f"{fig.currency} {value}"
        unit = f" {self._text(fig.unit)}" if fig.unit else ""
        when = str(self.view.period(fig.period)) if fig.period else (
            str(fig.year) if fig.year else self.L["no_year"])
        approx = f"{self.L['approximate']} " if fig.approximate else ""
        return f"{approx}{value}{unit}: {self._text(fig.label)} ({when})"
