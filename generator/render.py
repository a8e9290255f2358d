"""Render the catalog into Markdown pages, one language at a time; writes nothing.

Templates only lay out; everything they show is computed here into plain
values (`_view_*` functions) so that a template never decides anything.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from importlib import resources
from urllib.parse import quote

import markdown
import yaml
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import cite, exchange, figures, reference
from .catalog import Catalog
from .compare import Comparer
from .facets import FILTERS, filter_labels, page_search
from .models import LANGS, Case, Exchange, Methodology, Text

CASE_SECTIONS = (
    "context", "problem", "objectives", "solution", "phases", "results", "inclusion",
    "innovation_factors", "success_factors", "challenges", "lessons", "conclusions",
    "prospects", "public_policy", "relational_factor", "value_added", "stories",
)
HUB_KINDS = ("countries", "themes", "value-chains", "populations", "sdgs", "organizations")
VALUE_CATEGORIES = ("knowledge", "relationships", "visibility", "sdg_alignment", "differential_focus")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def render_site(catalog: Catalog, lang: str, similar: dict[str, list[str]] | None = None,
                *, site_url: str | None = None, data_files: dict[str, str] | None = None,
                only: set[str] | None = None) -> dict[str, str]:
    """Return {docs-relative path: content} for every generated page (and data file) in `lang`.

    `similar` maps record ids to the ids of similar records (from the search index);
    `site_url` is the language's absolute root, when known (citations then carry page URLs);
    `data_files` are the files of data/ when already computed (the data page gives sizes);
    `only`, when given, names the paths to render: `minka serve` renders again just the
    pages a saved record appears on.
    """
    pages = _pages(catalog, lang, _Viewer(catalog, lang, similar or {}, site_url), data_files)
    return {path: render() for path, render in pages.items() if only is None or path in only}


def site_paths(catalog: Catalog, lang: str) -> set[str]:
    """Return the paths `render_site` returns, rendering nothing."""
    return set(_pages(catalog, lang, _Viewer(catalog, lang, {}), {}))


def _pages(catalog: Catalog, lang: str, view: _Viewer, data_files: dict[str, str] | None
           ) -> dict[str, Callable[[], str]]:
    """Map every generated path to the function that renders it."""
    env = _environment(lang)

    def page(template: str, values: Callable[[], dict]) -> Callable[[], str]:
        return lambda: env.get_template(template).render(**values())

    pages = {
        "index.md": page("home.md.j2", view.home),
        "practices/index.md": page("practices.md.j2", view.practices),
        "methodologies/index.md": page("methodologies.md.j2", view.methodologies),
    }
    for case in catalog.cases.values():
        pages[f"practices/{case.id}.md"] = page("case.md.j2", partial(view.case, case))
    for kind, members in catalog.hubs.items():
        pages[f"{kind}/index.md"] = page("hubs.md.j2", partial(view.hub_index, kind))
        for key in members:
            pages[hub_path(kind, key)] = page("hub.md.j2", partial(view.hub, kind, key))
    pages["explore/index.md"] = page("explore.md.j2", view.explore)
    pages["exchange/index.md"] = page("exchange.md.j2", partial(exchange.route_view, view))
    pages["exchanges/index.md"] = page("exchanges.md.j2", partial(exchange.hub_view, view))
    comparer = Comparer(view, format_number)
    pages["compare/index.md"] = page(
        "compare.md.j2", lambda: view._common("compare/index.md") | comparer.page())
    for case in catalog.cases.values():
        pages[f"compare/{case.id}.json"] = partial(_json, comparer.record, case)
    for method in catalog.methodologies.values():
        pages[f"methodologies/{method.id}.md"] = page("methodology.md.j2",
                                                      partial(view.methodology, method))

    def data_page() -> dict:
        from . import export  # export builds on this module's labels: imported on use

        files = data_files if data_files is not None else export.data_files(
            catalog, lang, view.site_url)
        return view._common("data/index.md") | {"groups": export.data_page(files, lang)}

    pages["data/index.md"] = page("data.md.j2", data_page)
    return pages


def _json(make: Callable, *args) -> str:
    return json.dumps(make(*args), ensure_ascii=False)


def labels(lang: str) -> dict:
    """Return every generated label in `lang` (a nested {en, es} pair resolves at any depth)."""
    return _in_language(_all_labels(), lang)


def _in_language(value, lang: str):
    if isinstance(value, dict):
        if set(value) == set(LANGS):
            return value[lang]  # what one language says is final, even a mapping by language
        return {key: _in_language(item, lang) for key, item in value.items()}
    return value


def format_number(value: float, lang: str) -> str:
    """Format a number the way readers of `lang` write it: 1,800,000 / 1.800.000."""
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, locale=lang)


@cache
def _all_labels() -> dict:
    """Merge data/labels.yaml with one labels-<feature>.yaml per page family."""
    merged: dict = {}
    for path in sorted(resources.files("generator").joinpath("data").iterdir(),
                       key=lambda p: p.name):
        if path.name == "labels.yaml" or (path.name.startswith("labels-")
                                          and path.name.endswith(".yaml")):
            part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            clash = merged.keys() & part.keys()
            if clash:
                raise ValueError(f"generator/data/{path.name}: label defined twice: "
                                 f"{', '.join(sorted(clash))}")
            merged |= part
    return merged


_cards: dict = {}  # (id of a record, page, language) -> (the record, its card); see _card


class _Viewer:
    """Build the plain values each template shows, for one language."""

    def __init__(self, catalog: Catalog, lang: str, similar: dict[str, list[str]],
                 site_url: str | None = None):
        self.catalog = catalog
        self.site_url = site_url
        self.similar = similar
        self.lang = lang
        self.L = labels(lang)
        self.other = next(x for x in LANGS if x != lang)

    # Pages

    def home(self) -> dict:
        cases = list(self.catalog.cases.values())
        recent = sorted(cases, key=lambda c: (_date_key(c.documented), c.id), reverse=True)[:6]
        counts = {"cases": len(cases), "countries": len(self._countries()),
                  "methodologies": len(self.catalog.methodologies),
                  "organizations": len(self.catalog.org_roles)}
        stats = [(format_number(n, self.lang), self.L["home_counts"][key], target)
                 for (key, n), target in zip(counts.items(), (
                     "practices/index.md", "countries/index.md", "methodologies/index.md",
                     "organizations/index.md"))]
        return self._common("index.md") | {
            "stats": [(n, label, _href("index.md", target)) for n, label, target in stats],
            "open_to_exchange": [self._card(c, "index.md") for c in cases
                                 if c.exchange and (c.exchange.offer or c.exchange.contact)],
            "recent": [self._card(c, "index.md") for c in recent],
            "map": self._home_map(),
        }

    def practices(self) -> dict:
        here = "practices/index.md"
        cases = self.catalog.cases.values()
        return self._common(here) | {
            "intro": self.L["catalog_intro"].format(count=len(cases),
                                                    countries=len(self._countries())),
            "cards": [self._card(c, here) for c in cases],
        }

    def methodologies(self) -> dict:
        here = "methodologies/index.md"
        methods = self.catalog.methodologies.values()
        return self._common(here) | {
            "intro": self.L["methodologies_intro"].format(count=len(methods)),
            "cards": [self._card(m, here) for m in methods],
        }

    def explore(self) -> dict:
        L = self.L
        strings = {key: L[key] for key in (
            "search_none", "search_count", "search_count_one", "search_loading", "search_offline",
            "search_more", "search_clear", "search_partial")}
        return self._common("explore/index.md") | {
            "config": {"filters": list(FILTERS), "filter_names": filter_labels(L),
                       "strings": strings}}

    def case(self, case: Case) -> dict:
        here = f"practices/{case.id}.md"
        ctx = self._common(here) | self._record(case, here)
        ctx["facts"] = self._case_facts(case, here)
        ctx["sections"] = [s for s in (self._section(case, name, here) for name in CASE_SECTIONS)
                           if s]
        ctx["typology"] = self._typology(case)
        ctx["breakdowns"] = [self._breakdown(b) for b in case.breakdowns]
        ctx["sdg"] = self._sdg(case, here)
        ctx["map"] = self._map(case, here)
        ctx["methodologies_used"] = self._methods_used(case, here)
        ctx["exchange"] = self._exchange(case, here)
        ctx["request"] = exchange.request_view(self, case, here)
        ctx["related"] = [self._link(r, here) for r in case.related if self.catalog.record(r)]
        return ctx

    def methodology(self, method: Methodology) -> dict:
        here = f"methodologies/{method.id}.md"
        ctx = self._common(here) | self._record(method, here)
        L = self.L
        facts = []
        if method.owner:
            facts.append((L["owner"], self._org_links(method.owner, here)))
        if method.year:
            facts.append((L["year"], str(method.year)))
        if method.licence:
            facts.append((L["licence"], _plain(method.licence)))
        if method.languages:
            names = L["language_names"]
            facts.append((L["languages"], ", ".join(names.get(x, x) for x in method.languages)))
        if method.themes:
            facts.append((L["themes"], self._term_links("themes", method.themes, here)))
        if method.countries:
            facts.append((L["countries"], self._country_links(method.countries, here)))
        ctx["facts"] = _trusted(facts)
        ctx["audience"] = self._text(method.audience)
        ctx["modules"] = [{"id": m.id, "title": self._text(m.title), "purpose": self._text(m.purpose),
                           "duration": self._text(m.duration),
                           "cases": [self._link(u.case, here) for u in self.catalog.uses.get(method.id, [])
                                     if u.module == m.id]}
                          for m in method.modules]
        ctx["delivery"] = [(L[k], self._text(getattr(method.delivery, k)))
                           for k in ("format", "duration")
                           if method.delivery and getattr(method.delivery, k)]
        ctx["prerequisites"] = self._text(method.prerequisites)
        ctx["related_methodologies"] = [
            (L["relations"][r.relation], self._link(r.id, here))
            for r in method.related_methodologies if r.id in self.catalog.methodologies]
        ctx["adaptations"] = [{"by": self._org(a.by), "countries": self._countries_text(a.countries),
                               "year": a.year, "text": self._text(a.text)}
                              for a in method.adaptations]
        uses = self.catalog.uses.get(method.id, [])
        ctx["applied_in"] = [
            {"link": self._link(cid, here),
             "modules": [self._module_title(method, u.module) for u in uses
                         if u.case == cid and u.module]}
            for cid in dict.fromkeys(u.case for u in uses)]
        return ctx

    def hub_index(self, kind: str) -> dict:
        here = f"{kind}/index.md"
        entries = [{"name": _plain(self._hub_name(kind, key)), "url": _rel(here, hub_path(kind, key)),
                    "count": len(ids)} for key, ids in self.catalog.hubs[kind].items()]
        return self._common(here) | {"title": self.L["hub_titles"][kind],
                                     "entries": sorted(entries, key=lambda e: str(e["name"]).lower())}

    def hub(self, kind: str, key: str) -> dict:
        here = hub_path(kind, key)
        name = self._hub_name(kind, key)
        ids = self.catalog.hubs[kind][key]
        facts, groups = [], []
        if kind == "organizations":
            org = self.catalog.vocab.organizations[key]
            facts.append((self.L["type"], self.L["org_types"][org.type]))
            if org.country:
                facts.append((self.L["country"], self._country_links([org.country], here)))
            if org.url:
                facts.append((self.L["website"], f"<{_url(org.url)}>"))
            facts = _trusted(facts)
            for role, role_ids in self.catalog.org_roles[key].items():
                groups.append({"heading": self.L["org_roles"][role],
                               "cards": [self._card(self.catalog.record(i), here) for i in role_ids]})
        else:
            groups.append({"heading": self.L["hub_count"].format(count=len(ids)),
                           "cards": [self._card(self.catalog.record(i), here) for i in ids]})
        # The theme writes a page's front-matter title into <title> and the header unescaped.
        return self._common(here) | {"title": _plain(name), "title_plain": str(escape(name)),
                                     "facts": facts,
                                     "intro": self.L["hub_intro"].format(name=name),
                                     "groups": groups,
                                     "map": self._hub_map(key, here) if kind == "countries"
                                     else None}

    def _hub_name(self, kind: str, key: str) -> str:
        if kind == "countries":
            return reference.country_name(key, self.lang)
        if kind == "sdgs":
            return f"{self.L['sdgs'][:-1] if self.lang == 'en' else 'ODS'} {key}: " \
                   f"{reference.sdg_goal(int(key))[self.lang]}"
        if kind == "organizations":
            org = self.catalog.vocab.organizations[key]
            name = org.name.get(self.lang)
            return f"{name} ({org.acronym})" if org.acronym and org.acronym not in name else name
        return self.catalog.vocab.term(kind, key).model_dump()[self.lang]

    # Parts

    def _common(self, here: str) -> dict:
        return {"L": self.L, "lang": self.lang, "home": _rel(here, "index.md"),
                "practices_index": _rel(here, "practices/index.md"),
                "methodologies_index": _rel(here, "methodologies/index.md")}

    def _record(self, rec, here: str) -> dict:
        return {
            "record": rec,
            "title": self._text(rec.title),
            "title_plain": rec.title.get(self.lang),
            "acronym": _plain(rec.acronym) if rec.acronym else "",
            "summary": self._text(rec.summary),
            "figures": [self._figure(f, rec) for f in rec.key_figures],
            "sources": [self._source(s) for s in rec.sources],
            "see_also": [(self._text(link.title)["text"], _url(link.url)) for link in rec.see_also],
            "similar": [self._link(other, here) for other in self.similar.get(rec.id, [])
                        if self.catalog.record(other)],
            "search": page_search(self.catalog, rec, self.lang, self.L),
            "cite": cite.cite_box(rec, self.catalog, self.lang, self.site_url),
        }

    def _case_facts(self, case: Case, here: str) -> list[tuple]:
        L, facts = self.L, []
        facts.append((L["kind"], L["kinds"][case.kind]))
        facts.append((L["countries"], self._country_links(case.countries, here)))
        if case.places:
            facts.append((L["places"], ", ".join(_plain(p) for p in case.places)))
        if case.region:
            facts.append((L["region"], _plain(self.catalog.vocab.term("regions", case.region)
                                              .model_dump()[self.lang])))
        if case.period:
            facts.append((L["period"], self._period(case.period)))
        if case.lead:
            facts.append((L["lead"], self._org_links(case.lead, here)))
        if case.partners:
            facts.append((L["partners"], ", ".join(
                f"{self._org_links([p.org], here)} ({L['roles'][p.role]})" if p.role != "partner"
                else self._org_links([p.org], here) for p in case.partners)))
        for name, vocabulary in (("themes", "themes"), ("value_chains", "value-chains"),
                                 ("populations", "populations")):
            if getattr(case, name):
                facts.append((L[name], self._term_links(vocabulary, getattr(case, name), here)))
        if case.market and (case.market.reach or case.market.transactions):
            parts = [L["reach"][r] for r in case.market.reach]
            parts += [L["transactions"][t] for t in case.market.transactions]
            facts.append((L["market"], ", ".join(parts)))
        if case.sdg and case.sdg.goals:
            facts.append((L["sdgs"], ", ".join(
                f"[{figures.sdg_chip(g, reference.sdg_goal(g)['color'])} "
                f"{_plain(reference.sdg_goal(g)[self.lang])}]"
                f"({_rel(here, hub_path('sdgs', str(g)))})"
                for g in case.sdg.goals)))
        if case.funding:
            facts.append((L["funding"], "; ".join(self._funding(f) for f in case.funding)))
        if case.beneficiaries:
            facts.append((L["beneficiaries"], "; ".join(self._beneficiaries(b)
                                                         for b in case.beneficiaries)))
        if case.documented:
            facts.append((L["documented"], _date_text(case.documented)))
        return _trusted(facts)

    def _section(self, case: Case, name: str, here: str) -> dict | None:
        value = getattr(case, name)
        if not value:
            return None
        section = {"name": name, "heading": self.L[name], "body": None, "entries": [],
                   "kind": "text"}
        if isinstance(value, Text):
            section["body"] = self._text(value)
        elif name == "objectives":
            section["kind"] = "objectives"
            section["general"] = self._text(value.general)
            section["entries"] = [self._text(t) for t in value.specific]
            if not section["general"] and not section["entries"]:
                return None
        elif name == "phases":
            section["kind"] = "phases"
            section["entries"] = [{"years": f"{p.year}–{p.end}" if p.end else str(p.year),
                                 "title": self._text(p.title), "text": self._text(p.text)}
                                for p in sorted(value, key=lambda p: p.year)]
            # A timeline only says something when the phases span more than one year.
            spans = [figures.Span(p.year, p.end, self._phase_label(p))
                     for p in sorted(value, key=lambda p: p.year)]
            section["timeline"] = figures.timeline_svg(spans) \
                if len({y for s in spans for y in (s.start, s.end or s.start)}) > 1 else None
        elif name == "success_factors":
            section["kind"] = "success_factors"
            section["entries"] = [{"id": f.id, "title": self._text(f.title), "text": self._text(f.text),
                                 "enabling": [self._text(t) for t in f.enabling_factors],
                                 "lessons": [self._text(t) for t in f.lessons]} for f in value]
        elif name == "value_added":
            section["kind"] = "pairs"
            section["entries"] = [(self.L[k], self._text(getattr(value, k)))
                                for k in VALUE_CATEGORIES if getattr(value, k)]
            if not section["entries"]:
                return None
        elif name == "stories":
            section["kind"] = "items"
            section["entries"] = [{"title": self._text(s.title), "text": self._text(s.text),
                                 "place": _plain(s.place) if s.place else ""} for s in value]
        else:
            section["kind"] = "items"
            section["entries"] = [{"title": self._text(i.title), "text": self._text(i.text),
                                 "place": ""} for i in value]
        return section

    def _typology(self, case: Case) -> dict | None:
        t = case.typology
        if not t:
            return None
        rows = [(self.L[k], self._text(getattr(t, k))) for k in ("actors", "products")
                if getattr(t, k)]
        lists = [(self.L[k], [self._text(x) for x in getattr(t, k)])
                 for k in ("kick_off", "access", "sustainability") if getattr(t, k)]
        return {"rows": rows, "lists": lists}

    def _figure(self, fig, rec) -> dict:
        value = format_number(fig.value, self.lang)
        if fig.currency:
            value = f"{fig.currency} {value}"
        if fig.period:
            when = self._period(fig.period)
        else:
            when = str(fig.year) if fig.year else self.L["no_year"]
        source = next(s for s in rec.sources if s.id == fig.source)
        return {"value": value, "approximate": fig.approximate,
                "unit": self._text(fig.unit)["text"] if fig.unit else "",
                "label": self._text(fig.label), "when": when,
                "source": _plain(source.title), "source_anchor": f"source-{source.id}"}

    def _breakdown(self, b) -> dict:
        return {"title": self._text(b.title), "unit": self._text(b.unit)["text"],
                "year": b.year, "source_anchor": f"source-{b.source}",
                "chart": figures.bar_chart_svg([
                    figures.Bar(i.label.get(self.lang), i.value,
                                format_number(i.value, self.lang)) for i in b.items]),
                "rows": [(self._text(i.label)["text"], format_number(i.value, self.lang))
                          for i in b.items]}

    def _source(self, s) -> dict:
        parts = [p for p in (s.author, s.publisher) if p]
        return {"anchor": f"source-{s.id}", "title": _plain(s.title),
                "by": ", ".join(_plain(p) for p in parts),
                "date": _date_text(s.date) if s.date else "",
                "url": _url(s.url) if s.url else "",
                "language": self.L["language_names"].get(s.language, "") if s.language else ""}

    def _sdg(self, case: Case, here: str) -> dict | None:
        if not case.sdg or not (case.sdg.goals or case.sdg.targets or case.sdg.indicators):
            return None
        framework = reference.sdg_framework()
        def described(code, table):
            entry = table.get(code) or {}
            text = entry.get(self.lang) or entry.get("en") or ""
            if entry.get("retired"):
                text = f"({self.L['retired_indicator'].format(year=entry['retired'])})"
            return {"code": code, "text": text}
        return {
            "goals": [{"number": g, "name": reference.sdg_goal(g)[self.lang],
                       "badge": figures.sdg_badge(g, reference.sdg_goal(g)[self.lang],
                                                  reference.sdg_goal(g)["color"],
                                                  _href(here, hub_path("sdgs", str(g))))}
                      for g in case.sdg.goals],
            "targets": [described(c, framework["targets"]) for c in case.sdg.targets],
            "indicators": [described(c, framework["indicators"]) for c in case.sdg.indicators],
        }

    def _methods_used(self, case: Case, here: str) -> list[dict]:
        used: dict[str, list[str]] = {}
        for ref in case.methodologies:
            method_id, _, module = ref.partition("#")
            if method_id in self.catalog.methodologies:
                used.setdefault(method_id, [])
                if module:
                    used[method_id].append(
                        self._module_title(self.catalog.methodologies[method_id], module))
        return [{"link": self._link(m, here), "modules": mods} for m, mods in used.items()]

    def _exchange(self, case: Case, here: str) -> dict | None:
        ex = case.exchange or Exchange()  # every practice offers the request form
        L = self.L
        return {
            "offer": self._text(ex.offer),
            "exchanges": [{
                "country": reference.country_name(e.partner_country, self.lang)
                if e.partner_country else "",
                "partner": _plain(e.partner) if e.partner else "",
                "year": e.year or "", "form": L["forms"][e.form] if e.form else "",
                "status": L["status"][e.status], "text": self._text(e.text),
                "step": exchange.step(e.status, L, _rel(here, exchange.ROUTE_PAGE)),
            } for e in ex.exchanges],
            "interested": self._countries_text(ex.interested_countries),
            "contact": self._contact(ex.contact) if ex.contact else None,
            "recognition": [{"title": self._text(a.title), "year": a.year or "",
                             "by": self._org(a.by) if a.by else "", "text": self._text(a.text)}
                            for a in ex.recognition],
        }

    def _contact(self, c) -> dict:
        return {"organization": self._org(c.organization),
                "email": _plain(c.email) if c.email else "",
                "email_url": _url("mailto:" + c.email) if c.email else "",
                "phone": _plain(c.phone) if c.phone else "",
                "url": _url(c.url) if c.url else ""}

    def _card(self, rec, here: str) -> dict:
        # A record's card is the same on every page at the same depth and in every render of
        # the same record object (the pipeline keeps unchanged records): made once.
        if _cards.get("vocab") is not self.catalog.vocab:
            _cards.clear()
            _cards["vocab"] = self.catalog.vocab
        key = (id(rec), here, self.lang)
        if key not in _cards or _cards[key][0] is not rec:
            _cards[key] = (rec, self._make_card(rec, here))
        return _cards[key][1]

    def _make_card(self, rec, here: str) -> dict:
        is_case = isinstance(rec, Case)
        facts = []
        if is_case:
            facts.append(self._countries_text(rec.countries))
            if rec.period:
                facts.append(self._period(rec.period))
            if rec.lead:
                facts.append(self._orgs(rec.lead))
        else:
            if rec.owner:
                facts.append(self._orgs(rec.owner))
            if rec.year:
                facts.append(str(rec.year))
        summary = rec.summary.get(self.lang)
        first = re.split(r"(?<=[.!?])\s", summary.strip(), maxsplit=1)[0]
        return {"link": self._link(rec.id, here), "facts": Markup(" · ".join(facts)),
                "summary": Markup(first), "figure": self._figure(rec.key_figures[0], rec)
                if rec.key_figures else None}

    # Figures (maps, timelines): plain values for generator/figures.py

    # Labels keep "{names}": the map fills in the countries it draws.

    def _map(self, case: Case, here: str) -> Markup | None:
        if not any(figures.has_shape(c) for c in case.countries):
            return None
        dots = [figures.Dot(c.lon, c.lat, c.place) for c in case.coordinates]
        return figures.map_svg(self._map_areas(case.countries, here), dots,
                               label=self.L["map_label"])

    def _hub_map(self, country: str, here: str) -> Markup | None:
        """The country among its neighbours, with the places of its records that lie in view."""
        if not figures.has_shape(country):
            return None
        areas = [a._replace(href=None) if a.code == country else a
                 for a in self._map_areas([country], here)]
        dots = self._map_dots(self.catalog.hubs["countries"][country])
        return figures.map_svg(areas, dots, fit_dots=False, label=self.L["map_label"])

    def _home_map(self) -> Markup:
        """Every country with practices, wherever they are, and their places."""
        countries = sorted(self._countries(),
                           key=lambda c: reference.country_name(c, self.lang))
        return figures.map_svg(self._map_areas(countries, "index.md"),
                               self._map_dots(list(self.catalog.cases)),
                               caption=self.L["map_home_caption"], label=self.L["map_home_label"])

    def _map_areas(self, focus: list[str], here: str) -> list[figures.Area]:
        """The focus countries, then every other country with a hub (a link on any map)."""
        hubs = self.catalog.hubs["countries"]
        return [figures.Area(c, reference.country_name(c, self.lang),
                             _href(here, hub_path("countries", c)) if c in hubs else None,
                             focus=c in focus)
                for c in dict.fromkeys([*focus, *sorted(hubs)])]

    def _map_dots(self, record_ids: list[str]) -> list[figures.Dot]:
        return [figures.Dot(c.lon, c.lat, self.L["map_place"].format(
                    place=c.place, record=case.title.get(self.lang)))
                for case in (self.catalog.cases[i] for i in record_ids if i in self.catalog.cases)
                for c in case.coordinates]

    def _phase_label(self, phase) -> str:
        years = f"{phase.year}–{phase.end}" if phase.end else str(phase.year)
        return f"{years} · {phase.title.get(self.lang)}" if phase.title else years

    # Small formatters

    def _text(self, value: Text | None) -> dict | None:
        """Return {'text': Markdown, 'lang': code or '', 'note': missing-translation note}."""
        if value is None:
            return None
        if value.translated(self.lang):
            return {"text": Markup(value.get(self.lang)), "lang": "", "note": ""}
        original = self.other
        language = self.L["language_names"][original]
        return {"text": Markup(value.get(original)), "lang": original,
                "note": self.L["not_translated"].format(language=language)}

    def _link(self, record_id: str, here: str) -> dict:
        rec = self.catalog.record(record_id)
        folder = "practices" if isinstance(rec, Case) else "methodologies"
        return {"title": Markup(rec.title.get(self.lang)),
                "url": _rel(here, f"{folder}/{record_id}.md"),
                "href": _href(here, f"{folder}/{record_id}.md")}

    def _module_title(self, method: Methodology, module_id: str) -> str:
        module = next(m for m in method.modules if m.id == module_id)
        return module.title.get(self.lang)

    def _org(self, org_id: str) -> str:
        org = self.catalog.vocab.organizations[org_id]
        name = _plain(org.name.get(self.lang))
        return Markup(f"{name} ({_plain(org.acronym)})") if org.acronym and org.acronym not in name \
            else name

    def _org_links(self, ids: list[str], here: str) -> str:
        return ", ".join(f"[{self._org(o)}]({_rel(here, hub_path('organizations', o))})"
                         for o in ids)

    def _term_links(self, vocabulary: str, ids: list[str], here: str) -> str:
        return ", ".join(
            f"[{_plain(self.catalog.vocab.term(vocabulary, t).model_dump()[self.lang])}]"
            f"({_rel(here, hub_path(vocabulary, t))})" for t in ids)

    def _country_links(self, codes: list[str], here: str) -> str:
        """Link each country to its hub, where it has one (an organization's may not)."""
        return ", ".join(f"[{_plain(reference.country_name(c, self.lang))}]({_rel(here, hub_path('countries', c))})"
                         if c in self.catalog.hubs["countries"]
                         else _plain(reference.country_name(c, self.lang)) for c in codes)

    def _orgs(self, ids: list[str]) -> str:
        return Markup(", ".join(self._org(o) for o in ids))

    def _terms(self, vocabulary: str, ids: list[str]) -> str:
        return ", ".join(_plain(self.catalog.vocab.term(vocabulary, t).model_dump()[self.lang])
                         for t in ids)

    def _countries(self) -> set[str]:
        return {c for case in self.catalog.cases.values() for c in case.countries}

    def _countries_text(self, codes: list[str]) -> str:
        return Markup(", ".join(_plain(reference.country_name(c, self.lang)) for c in codes))

    def _period(self, period) -> str:
        if period.end:
            return f"{period.start}–{period.end}" if period.end != period.start else str(period.start)
        if period.ongoing:
            return f"{self.L['since']} {period.start} ({self.L['ongoing']})"
        return f"{self.L['since']} {period.start}"

    def _funding(self, f) -> str:
        parts = []
        if f.amount is not None:
            parts.append(f"{f.currency} {format_number(f.amount, self.lang)}")
            if f.per:
                parts.append(self.L["per"][f.per])
        if f.year:
            parts.append(f"({f.year})")
        if f.funder:
            parts.append(f"— {self._org(f.funder)}")
        if f.description:
            parts.append(f"— {_plain(f.description.get(self.lang))}")
        return " ".join(parts)

    def _beneficiaries(self, b) -> str:
        text = _plain(b.type.get(self.lang))
        if b.number is not None:
            text = f"{format_number(b.number, self.lang)} {text}"
        return f"{text} ({b.year})" if b.year else text


def hub_path(kind: str, key: str) -> str:
    """Return the docs path of a hub page: countries/co.md, sdgs/8.md, themes/<id>.md."""
    return f"{kind}/{key.lower()}.md"


@cache
def _environment(lang: str) -> Environment:
    # One per language and process: its templates are compiled once, not at every render.
    env = Environment(loader=PackageLoader("generator", "templates"), undefined=StrictUndefined,
                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals["lang"] = lang
    env.filters["raw"] = raw_html
    env.filters["markdown"] = markdown_html
    return env


@lru_cache(maxsize=65536)
def markdown_html(text: str) -> Markup:
    """Turn a small Markdown block of a template into HTML, once per distinct text (filter).

    For Markdown that is not left to MkDocs: its links must already be URLs (`_href`)."""
    return Markup(_card_markdown().reset().convert(str(text)) + "\n")


@cache
def _card_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list"])  # the one extension cards use


# Finished HTML travels through Markdown inside a comment, which Python-Markdown skips in one
# step; it parses other raw HTML tag by tag, and the request form, maps and citation boxes
# made that a third of the build. The plugin unwraps the comments in each page's HTML.
_RAW_OPEN, _RAW_CLOSE = "<!--minka:raw\n", "\n-->"
_RAW = re.compile(re.escape(_RAW_OPEN) + "(.*?)" + re.escape(_RAW_CLOSE), re.S)


def raw_html(html: str) -> Markup:
    """Wrap a block of finished HTML so that Markdown leaves it as it is (Jinja filter)."""
    if _RAW_CLOSE.strip() in html:  # escaped record text cannot hold "-->": a template bug
        raise ValueError("raw HTML block contains '-->'")
    return Markup(_RAW_OPEN + str(html) + _RAW_CLOSE)


def unwrap_raw(html: str) -> str:
    """Put the blocks `raw_html` wrapped back into a page's HTML."""
    return _RAW.sub(lambda match: match.group(1), html)


def _trusted(facts: list[tuple]) -> list[tuple]:
    """Mark fact values as safe: every part from a record was escaped when it was added."""
    return [(label, Markup(value)) for label, value in facts]


def _plain(value: str) -> Markup:
    """Escape a plain string from a record so Markdown and HTML show it literally."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(value))))


def _url(url: str) -> Markup:
    """Percent-encode what would end a Markdown link destination early."""
    return Markup(escape(quote(url, safe=":/?#@!$&'*+,;=%~[]")))


def _rel(here: str, target: str) -> str:
    """Return the Markdown link from page `here` to page `target` (both docs-relative .md)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def _href(here: str, target: str) -> str:
    """Return the URL from page `here` to page `target` (docs-relative .md) as the browser
    sees it, for links in raw HTML and SVG, which MkDocs does not rewrite (directory URLs)."""
    def folder(path: str) -> str:
        stem = path[:-len(".md")]
        return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    rel = posixpath.relpath(folder(target) or ".", folder(here) or ".")
    return "./" if rel == "." else rel + "/"


def _date_key(value) -> str:
    return str(value) if value else ""


def _date_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def site_nav(lang: str) -> list:
    """Return the MkDocs nav for `lang`: hub pages only, never the record pages.

    Practices, Methodologies, Explore, Exchange, Data, About: every hub is reachable from them.
    """
    L = labels(lang)
    return [
        {L["home"]: "index.md"},
        {L["practices"]: [{L["all_practices"]: "practices/index.md"},
                          *({L["hub_titles"][kind]: f"{kind}/index.md"} for kind in HUB_KINDS),
                          {L["compare_title"]: "compare/index.md"}]},
        {L["methodologies"]: "methodologies/index.md"},
        {L["explore"]: "explore/index.md"},
        {L["exchange"]: [{L["route_title"]: "exchange/index.md"},
                         {L["exchanges_hub_title"]: "exchanges/index.md"}]},
        {L["data_nav"]: "data/index.md"},
        {L["about"]: [{L["about"]: "about.md"}, {L["contribute"]: "contribute/index.md"}]},
    ]
