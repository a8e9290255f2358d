"""A record's factsheet: what a reader takes to a meeting, on at most two printed A4 pages.

The summary, the at-a-glance facts, the key figures with their sources and years, what can be
exchanged and with whom (practices), the citation and the page's address. Everything else
stays on the record's page, which the factsheet links to."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import reference
from ..models import Case
from ..present import href, rel, url
from .case import case_facts
from .methodology import methodology_facts
from .record import sheet_values


def factsheet_path(rec) -> str:
    return f"{_folder(rec)}/{rec.id}/factsheet.md"


def factsheet_page(view, rec) -> dict:
    here, page = factsheet_path(rec), f"{_folder(rec)}/{rec.id}.md"
    values = sheet_values(view, rec)
    ctx = view.common(here) | values
    if isinstance(rec, Case):
        glance, _ = case_facts(view, rec, here, fold=False)
        ctx["exchange"] = _exchange(view, rec, here)
    else:
        glance, ctx["exchange"] = methodology_facts(view, rec, here), None
    ctx["facts"] = glance
    # Figures cite their sources by number, and each source is written out once below them:
    # a table repeating a long title on every row took a page on its own.
    cited = list(dict.fromkeys(f.source for f in rec.key_figures))
    for fig, number in zip(
        ctx["figures"], (cited.index(f.source) + 1 for f in rec.key_figures), strict=False
    ):
        fig["number"] = number
    ctx["figure_sources"] = [
        s for sid in cited for s in values["sources"] if s["anchor"] == f"source-{sid}"
    ]
    ctx["dated"] = any(f["when"] for f in ctx["figures"])
    # Some dated, some not: a dash in the table, explained once under it.
    ctx["undated_legend"] = ""
    for fig, source in zip(ctx["figures"], rec.key_figures, strict=False):
        if ctx["dated"] and not (source.year or source.period):
            fig["when"], ctx["undated_legend"] = "—", f"—: {view.L['no_year']}"
    ctx["record_url"] = rel(here, page)
    ctx["record_href"] = href(here, page)
    root = view.site.url if view.site else None
    ctx["address"] = f"{root.rstrip('/')}/{href('index.md', page)}" if root else ""
    return ctx


def _exchange(view, case: Case, here: str) -> dict | None:
    """What can be transferred and with whom, and the contact the record names (none invented:
    without one, the lead organization in the facts is whom to approach)."""
    ex = case.exchange
    if not ex:
        return None
    past = []
    for e in ex.exchanges:
        who = (
            escape(reference.country_name(e.partner_country, view.lang))
            if e.partner_country
            else escape(e.partner.get(view.lang))
            if e.partner
            else ""
        )
        if who:
            past.append(Markup("{} ({})").format(who, e.year) if e.year else who)
    c = ex.contact
    # As HTML: the factsheet writes its exchange part as raw HTML.
    contact = (
        Markup(" · ").join(
            part
            for part in (
                view.org_links_html([c.organization], here),
                escape(c.email) if c.email else "",
                escape(c.phone) if c.phone else "",
                Markup('<a href="{0}">{0}</a>').format(url(c.url)) if c.url else "",
            )
            if part
        )
        if c
        else ""
    )
    return {
        "offer": view.text(ex.offer),
        "past": Markup(", ").join(dict.fromkeys(past)),
        "interested": view.country_names(ex.interested_countries),
        "contact": contact,
    }


def _folder(rec) -> str:
    return "practices" if isinstance(rec, Case) else "methodologies"
