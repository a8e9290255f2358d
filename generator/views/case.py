"""The page of a practice: its fact sheet, sections, SDGs, methodologies and exchange."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from .. import exchange, figures, reference, requestform
from ..citepage import cite_html
from ..exchange import VALUE_CATEGORIES
from ..fields import Text
from ..languages import LANGS
from ..models import Case, Exchange
from ..present import (
    capitalized,
    format_number,
    href,
    hub_path,
    url,
)
from .maps import case_map
from .record import breakdown, record_values

# The sections of a practice, in the order of the page (DESIGN.md §4).
CASE_SECTIONS = (
    "context",
    "problem",
    "objectives",
    "solution",
    "phases",
    "results",
    "inclusion",
    "innovation_factors",
    "success_factors",
    "challenges",
    "lessons",
    "conclusions",
    "prospects",
    "public_policy",
    "relational_factor",
    "value_added",
    "stories",
)


def case_page(view, case: Case, desk: dict | None = None) -> dict:
    """Values of a practice's page; `desk` is the site's exchange desk (requestform.read_desk)."""
    here = f"practices/{case.id}.md"
    ctx = view.common(here) | record_values(view, case, here)
    ctx["facts"], ctx["more_facts"] = case_facts(view, case, here)
    ctx["sections"] = [s for s in (_section(view, case, name, here) for name in CASE_SECTIONS) if s]
    ctx["typology"] = _typology(view, case)
    ctx["breakdowns"] = [breakdown(view, b, case) for b in case.breakdowns]
    ctx["sdg"] = _sdg(view, case, here)
    ctx["map"] = case_map(view, case, here)
    ctx["methodologies_used"] = _methods_used(view, case, here)
    ctx["exchange"] = _exchange_box(view, case, here)
    ctx["request"] = requestform.request_view(view, case, here, desk)
    ctx["related"] = [view.link(r, here) for r in case.related if view.catalog.record(r)]
    ctx["cite_html"] = cite_html(view, ctx["cite"])
    return ctx


def case_facts(view, case: Case, here: str, fold: bool = True) -> tuple[list[tuple], list[tuple]]:
    """The at-a-glance card (where, when, who, what about) and the facts that follow it, as
    HTML (the page writes them as raw HTML); long lists fold (`fold`) or are cut with
    "and N more" (the factsheet)."""
    L, facts, more = view.L, [], []
    facts.append((L["kind"], escape(L["kinds"][case.kind])))
    facts.append((L["countries"], view.country_links_html(case.countries, here)))
    if case.places:
        facts.append((L["places"], escape(", ".join(p.get(view.lang) for p in case.places))))
    if case.region:
        region = view.term_name("regions", case.region)
        facts.append((L["region"], escape(region)))
    if case.period:
        facts.append((L["period"], escape(view.period(case.period))))
    if case.lead:
        facts.append((L["lead"], view.org_links_html(case.lead, here)))
    if case.partners:
        partners = [
            view.org_links_html([p.org], here) + escape(f" ({L['roles'][p.role]})")
            if p.role != "partner"
            else view.org_links_html([p.org], here)
            for p in case.partners
        ]
        facts.append((L["partners"], _shortened(L, partners, fold=fold)))
    for name, vocabulary in (
        ("themes", "themes"),
        ("value_chains", "value-chains"),
        ("populations", "populations"),
    ):
        if getattr(case, name):
            links = view.term_link_list_html(vocabulary, getattr(case, name), here)
            facts.append((L[name], _shortened(L, links, fold=fold)))
    if case.market and (case.market.reach or case.market.transactions):
        parts = [L["reach"][r] for r in case.market.reach]
        parts += [L["transactions"][t] for t in case.market.transactions]
        more.append((L["market"], escape(", ".join(parts))))
    if case.sdg and case.sdg.goals:
        goals = [
            Markup('<a href="{}">{} {}</a>').format(
                href(here, hub_path("sdgs", str(g))),
                figures.sdg_chip(g, reference.sdg_goal(g)["color"]),
                reference.sdg_goal(g)[view.lang],
            )
            for g in case.sdg.goals
        ]
        by = escape(f" ({_sdg_by(view, case)})")
        facts.append((L["sdgs"], _shortened(L, goals, fold=fold) + by))
    if case.funding:
        more.append((L["funding"], _one_per_line([_funding(view, f) for f in case.funding])))
    if case.beneficiaries:
        more.append(
            (
                L["beneficiaries"],
                _one_per_line([_beneficiaries(view, b) for b in case.beneficiaries]),
            )
        )
    return facts, more


def _one_per_line(entries: list[str]) -> Markup:
    """A fact with several entries (plain text), as a list in its definition."""
    if len(entries) == 1:
        return escape(entries[0])
    items = Markup("").join(Markup("<li>{}</li>\n").format(e) for e in entries)
    return Markup("\n<ul>\n{}</ul>\n").format(items)


def _section(view, case: Case, name: str, here: str) -> dict | None:
    value = getattr(case, name)
    if not value:
        return None
    section = {"name": name, "heading": view.L[name], "body": None, "entries": [], "kind": "text"}
    if isinstance(value, Text):
        section["body"] = view.text(value)
    elif name == "objectives":
        section["kind"] = "objectives"
        section["general"] = view.text(value.general)
        section["entries"] = [view.text(t) for t in value.specific]
        if not section["general"] and not section["entries"]:
            return None
    elif name == "phases":
        section["kind"] = "phases"
        section["entries"] = [
            {
                "years": f"{p.year}–{p.end}" if p.end else str(p.year),
                "title": view.text(p.title),
                "text": view.text(p.text),
            }
            for p in sorted(value, key=lambda p: p.year)
        ]
        # A timeline only says something when the phases span more than one year.
        spans = [
            figures.Span(p.year, p.end, _phase_label(view, p))
            for p in sorted(value, key=lambda p: p.year)
        ]
        section["timeline"] = (
            figures.timeline_svg(spans)
            if len({y for s in spans for y in (s.start, s.end or s.start)}) > 1
            else None
        )
    elif name == "success_factors":
        section["kind"] = "success_factors"
        section["entries"] = [
            {
                "id": f.id,
                "title": view.text(f.title),
                "text": view.text(f.text),
                "enabling": [view.text(t) for t in f.enabling_factors],
                "lessons": [view.text(t) for t in f.lessons],
            }
            for f in value
        ]
    elif name == "value_added":
        section["kind"] = "pairs"
        section["entries"] = [
            (view.L[k], view.text(getattr(value, k))) for k in VALUE_CATEGORIES if getattr(value, k)
        ]
        if not section["entries"]:
            return None
    elif name == "stories":
        section["kind"] = "items"
        section["entries"] = [
            {
                "title": view.text(s.title),
                "text": view.text(s.text),
                "place": s.place.get(view.lang) if s.place else "",
            }
            for s in value
        ]
    else:
        section["kind"] = "items"
        section["entries"] = [
            {"title": view.text(i.title), "text": view.text(i.text), "place": ""} for i in value
        ]
    return section


def _typology(view, case: Case) -> dict | None:
    t = case.typology
    if not t:
        return None
    rows = [(view.L[k], view.text(getattr(t, k))) for k in ("actors", "products") if getattr(t, k)]
    lists = [
        (view.L[k], [view.text(x) for x in getattr(t, k)])
        for k in ("kick_off", "access", "sustainability")
        if getattr(t, k)
    ]
    return {"rows": rows, "lists": lists}


def _sdg(view, case: Case, here: str) -> dict | None:
    if not case.sdg or not (case.sdg.goals or case.sdg.targets or case.sdg.indicators):
        return None
    framework = reference.sdg_framework()

    def described(code, table):
        entry = table.get(code) or {}
        if entry.get("retired"):
            text = f"({view.L['retired_indicator'].format(year=entry['retired'])})"
            return {"code": code, "text": text, "lang": "", "note": ""}
        # A few indicators have no official Spanish text: English, marked as such.
        return {
            "code": code,
            **view.text(_official_text(tuple((k, entry[k]) for k in LANGS if k in entry))),
        }

    return {
        "assigned_by": capitalized(_sdg_by(view, case)),
        "goals": [
            {
                "number": g,
                "name": reference.sdg_goal(g)[view.lang],
                "badge": figures.sdg_badge(
                    g,
                    reference.sdg_goal(g)[view.lang],
                    reference.sdg_goal(g)["color"],
                    href(here, hub_path("sdgs", str(g))),
                ),
            }
            for g in case.sdg.goals
        ],
        "targets": [described(c, framework["targets"]) for c in case.sdg.targets],
        "indicators": [described(c, framework["indicators"]) for c in case.sdg.indicators],
    }


@lru_cache(maxsize=4096)
def _official_text(texts: tuple[tuple[str, str], ...]) -> Text:
    """An SDG target's or indicator's official text as a record text, checked once: made
    anew on every page that cites it, its checks were 3% of rendering a practice's page."""
    return Text(**dict(texts))


def _sdg_by(view, case: Case) -> str:
    """Who classified the practice under its SDGs: the source, or Minka's editors."""
    return view.L["sdg_assigned"][case.sdg.assigned_by or "unknown"]


def _methods_used(view, case: Case, here: str) -> list[dict]:
    used: dict[str, list[str]] = {}
    for ref in case.methodologies:
        method_id, module = ref
        if method_id in view.catalog.methodologies:
            used.setdefault(method_id, [])
            if module:
                used[method_id].append(
                    view.module_title(view.catalog.methodologies[method_id], module)
                )
    return [{"link": view.link(m, here), "modules": mods} for m, mods in used.items()]


def _exchange_box(view, case: Case, here: str) -> dict | None:
    ex = case.exchange or Exchange()  # every practice offers the request form
    L = view.L
    return {
        "offer": view.text(ex.offer),
        "exchanges": [
            {
                "country": reference.country_name(e.partner_country, view.lang)
                if e.partner_country
                else "",
                "partner": view.name(e.partner),
                "year": e.year or "",
                "form": L["forms"][e.form] if e.form else "",
                "status": L["status"][e.status],
                "text": view.text(e.text),
                "step": exchange.step(e.status, L, href(here, exchange.ROUTE_PAGE)),
            }
            for e in ex.exchanges
        ],
        "interested": view.country_names(ex.interested_countries),
        "contact": _contact(view, ex.contact) if ex.contact else None,
        "recognition": [
            {
                "title": view.text(a.title),
                "year": a.year or "",
                "by": view.org_name(a.by) if a.by else "",
                "text": view.text(a.text),
            }
            for a in ex.recognition
        ],
    }


def _contact(view, c) -> dict:
    return {
        "organization": view.org_name(c.organization),
        "email": c.email or "",
        "email_url": url("mailto:" + c.email) if c.email else "",
        "phone": c.phone or "",
        "url": url(c.url) if c.url else "",
    }


def _funding(view, f) -> str:
    """One source of funding: "Funder (year): amount per year — what it paid for"."""
    head = view.org_name(f.funder) if f.funder else ""
    if f.year:
        head = f"{head} ({f.year})" if head else str(f.year)
    amount = ""
    if f.amount is not None:
        amount = f"{f.currency} {format_number(f.amount, view.lang)}"
        if f.per:
            amount += f" {view.L['per'][f.per]}"
    entry = ": ".join(part for part in (head, amount) if part)
    if f.description:
        description = f.description.get(view.lang)
        entry = f"{entry} — {description}" if entry else description
    return entry


def _beneficiaries(view, b) -> str:
    text = b.type.get(view.lang)
    if b.number is not None:
        text = f"{format_number(b.number, view.lang)} {text}"
    return f"{text} ({b.year})" if b.year else text


def _phase_label(view, phase) -> str:
    years = f"{phase.year}–{phase.end}" if phase.end else str(phase.year)
    return f"{years} · {phase.title.get(view.lang)}" if phase.title else years


def _shortened(L: dict, parts: list[Markup], fold: bool = True, keep: int = 5) -> Markup:
    """A long list as its first few, then "and 27 more" that opens in place (`fold`), or
    that just says so (a factsheet: paper opens nothing).

    A <details> needs no script; hiding a single entry behind it would save nothing."""
    comma = Markup(", ")
    if len(parts) <= keep + 1:
        return comma.join(parts)
    more = L["and_more"].format(n=len(parts) - keep)
    if not fold:
        return comma.join(parts[:keep]) + " " + escape(more)
    # The comma opens the rest: read in place once opened, and on paper (print opens it).
    return comma.join(parts[:keep]) + Markup(
        '<details class="minka-more"><summary>{}</summary>, {}</details>'
    ).format(more, comma.join(parts[keep:]))
