"""The parts every record page shares (figures, sources, similar records, citation),
and the card that lists a record on other pages."""

from __future__ import annotations

import datetime
import re

from markdown.extensions.toc import slugify
from markupsafe import Markup

from .. import figures
from ..models import Case
from ..pagefind import page_search
from ..present import date_text, format_number, href, url
from ..stencil import Once


def record_values(view, rec, here: str) -> dict:
    """Values of a record's page: what its factsheet shows too (`sheet_values`), then the
    page's own parts."""
    return sheet_values(view, rec) | {
        "record": rec,
        "see_also": [
            {"title": view.text(link.title)["text"], "href": url(link.url)} for link in rec.see_also
        ],
        "similar": [
            view.link(other, here)
            for other in view.similar.get(rec.id, [])
            if view.catalog.record(other)
        ],
        "search": page_search(view.catalog, rec, view.lang, view.L),
        "actions": _actions(view, rec, here),
    }


def sheet_values(view, rec) -> dict:
    """What a record's page and its factsheet both show. (The factsheet made the page's other
    parts too, search filters and similar records among them, and dropped them.)"""
    undated = not any(f.year or f.period for f in rec.key_figures)
    return {
        "title": view.text(rec.title),
        "title_plain": rec.title.get(view.lang),
        "summary": view.text(rec.summary),
        "figures": [_figure(view, f, rec, undated) for f in rec.key_figures],
        # Said once under the figures when none has a year, not on every card.
        "figures_note": view.L["no_year_any"] if rec.key_figures and undated else "",
        "evidence": _evidence(view, rec),
        "sources": [_source(view, s) for s in rec.sources],
        "cite": view.cite_box(rec),
    }


def _actions(view, rec, here: str) -> list[tuple[str, str]]:
    """The action bar under a record's title: (label, URL) of each thing a reader does next."""
    L, actions = view.L, []
    if isinstance(rec, Case):  # every practice has the request form (views.case)
        actions.append((L["action_request"], "#request-exchange"))
    # compare/ opens with this record chosen, practice or methodology (compare.py)
    actions.append((L["action_compare"], f"{href(here, 'compare/index.md')}?ids={rec.id}"))
    actions.append((L["action_cite"], "#" + slugify(L["cite_this"], "-")))
    folder = "practices" if isinstance(rec, Case) else "methodologies"
    actions.append((L["action_factsheet"], href(here, f"{folder}/{rec.id}/factsheet.md")))
    return actions


def _evidence(view, rec) -> str:
    """What the record's evidence is: how many figures, how many dated, when documented."""
    L, figs = view.L, rec.key_figures
    if figs:
        parts = [view.count_with(L["evidence_figures"], len(figs))]
        dated = sum(1 for f in figs if f.year or f.period)
        parts.append(
            L["evidence_years"].format(
                n=format_number(dated, view.lang), total=format_number(len(figs), view.lang)
            )
        )
    else:
        parts = [L["evidence_none"]]
    if rec.documented:
        day = isinstance(rec.documented, datetime.date)
        label = L["evidence_documented" if day else "evidence_documented_year"]
        parts.append(label.format(date=date_text(rec.documented, view.lang)))
    return "; ".join(parts)


def _figure(view, fig, rec, undated: bool = False) -> dict:
    value = format_number(fig.value, view.lang)
    if fig.currency:
        value = f"{fig.currency} {value}"
    if fig.period:
        when = view.period(fig.period)
    else:
        when = str(fig.year) if fig.year else "" if undated else view.L["no_year"]
    source = next(s for s in rec.sources if s.id == fig.source)
    return {
        "value": value,
        "approximate": fig.approximate,
        "unit": view.text(fig.unit)["text"] if fig.unit else "",
        "label": view.text(fig.label),
        "when": when,
        "source": source.title,
        "source_lang": view.foreign(source.language),
        "source_anchor": f"source-{source.id}",
    }


def breakdown(view, b, rec) -> dict:
    source = next((s for s in rec.sources if s.id == b.source), None)
    return {
        "title": view.text(b.title),
        "unit": view.text(b.unit)["text"],
        "year": b.year,
        # The link names its source, as a key figure's does ("Source: <title>").
        "source": source.title if source else "",
        "source_lang": view.foreign(source.language) if source else "",
        "source_anchor": f"source-{b.source}",
        "chart": figures.bar_chart_svg(
            [
                figures.Bar(i.label.get(view.lang), i.value, format_number(i.value, view.lang))
                for i in b.items
            ]
        ),
        "rows": [(view.text(i.label)["text"], format_number(i.value, view.lang)) for i in b.items],
    }


def _source(view, s) -> dict:
    parts = [p for p in (s.author, s.publisher) if p]
    # A document keeps the title it was published with: marked with its language.
    return {
        "anchor": f"source-{s.id}",
        "title": s.title,
        "lang": view.foreign(s.language),
        "by": ", ".join(parts),
        "date": date_text(s.date, view.lang) if s.date else "",
        "url": url(s.url) if s.url else "",
        "language": view.L["language_names"].get(s.language, "") if s.language else "",
    }


def card(view, rec, here: str) -> dict:
    """A record's card, as the lists of a page at `here` show it."""
    # Only the link depends on the page: the rest is made once per record and view (a build,
    # or a save under `minka serve`), as the hubs and listings repeat each record's card on
    # ten pages or more (a sixth of the Markdown rendering at 1,000 records).
    if rec.id not in view.cards:
        view.cards[rec.id] = _card_body(view, rec)
    return {"link": view.link(rec.id, here), **view.cards[rec.id]}


def _card_body(view, rec) -> dict:
    is_case = isinstance(rec, Case)
    facts = []
    if is_case:
        facts.append(view.countries_text(rec.countries))
        if rec.period:
            facts.append(view.period(rec.period))
        if rec.lead:
            facts.append(view.orgs(rec.lead))
    else:
        if rec.owner:
            facts.append(view.orgs(rec.owner))
        if rec.year:
            facts.append(str(rec.year))
    summary = rec.summary.get(view.lang)
    first = re.split(r"(?<=[.!?])\s", summary.strip(), maxsplit=1)[0]
    return {
        "facts": Markup(" · ".join(facts)),
        "summary": Markup(first),
        "figure": _figure(view, rec.key_figures[0], rec) if rec.key_figures else None,
        "once": Once(),  # its HTML, made by the first list that shows it (_macros.md.j2)
    }
