"""The page of a methodology: owners, modules, delivery, and the practices that applied it."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..citepage import cite_html
from ..models import Methodology
from .record import record_values


def methodology_page(view, method: Methodology) -> dict:
    here = f"methodologies/{method.id}.md"
    ctx = view.common(here) | record_values(view, method, here)
    L = view.L
    ctx["facts"] = methodology_facts(view, method, here)
    ctx["cite_html"] = cite_html(view, ctx["cite"])
    ctx["audience"] = view.text(method.audience)
    ctx["modules"] = [
        {
            "id": m.id,
            "title": view.text(m.title),
            "purpose": view.text(m.purpose),
            "duration": view.text(m.duration),
            "cases": [
                view.link(u.case, here)
                for u in view.catalog.uses.get(method.id, [])
                if u.module == m.id
            ],
        }
        for m in method.modules
    ]
    ctx["delivery"] = [
        (L[k], view.text(getattr(method.delivery, k)))
        for k in ("format", "duration")
        if method.delivery and getattr(method.delivery, k)
    ]
    ctx["prerequisites"] = view.text(method.prerequisites)
    ctx["related_methodologies"] = [
        (L["relations"][r.relation], view.link(r.id, here))
        for r in method.related_methodologies
        if r.id in view.catalog.methodologies
    ]
    ctx["adaptations"] = [
        {
            "by": view.org_name(a.by),
            "countries": view.country_names(a.countries),
            "year": a.year,
            "text": view.text(a.text),
        }
        for a in method.adaptations
    ]
    uses = view.catalog.uses.get(method.id, [])
    ctx["applied_in"] = [
        {
            "link": view.link(cid, here),
            "modules": [
                view.module_title(method, u.module) for u in uses if u.case == cid and u.module
            ],
        }
        for cid in dict.fromkeys(u.case for u in uses)
    ]
    return ctx


def methodology_facts(view, method: Methodology, here: str) -> list[tuple]:
    """Who owns it, since when, under which licence, in which languages, on what, where:
    as HTML, which the page writes as raw HTML."""
    L, facts = view.L, []
    if method.owner:
        facts.append((L["owner"], view.org_links_html(method.owner, here)))
    if method.year:
        facts.append((L["year"], escape(method.year)))
    if method.licence:
        facts.append((L["licence"], escape(method.licence)))
    if method.languages:
        names = L["language_names"]
        facts.append((L["languages"], escape(", ".join(names.get(x, x) for x in method.languages))))
    if method.themes:
        links = view.term_link_list_html("themes", method.themes, here)
        facts.append((L["themes"], Markup(", ").join(links)))
    if method.countries:
        facts.append((L["countries"], view.country_links_html(method.countries, here)))
    return facts
