"""The explore page's first screen: drawn at build time, true to what Pagefind answers, and
Pagefind loaded only once the reader asks for something."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from pages import LANGS, VOID

from generator.facets import FACETS
from generator.present import format_number, labels
from generator.text import locale_key

FIRST = 10  # the results of the first screen, as before the build drew it


class _Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children, self.text = tag, attrs, [], ""

    def find_all(self, tag: str, cls: str | None = None) -> list[_Node]:
        found = []
        for child in self.children:
            if child.tag == tag and (cls is None or cls in child.attrs.get("class", "").split()):
                found.append(child)
            found += child.find_all(tag, cls)
        return found

    def find(self, tag: str, cls: str | None = None) -> _Node:
        (node,) = self.find_all(tag, cls)
        return node

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)


class _Tree(HTMLParser):
    """The page as a tree of elements, as the browser reads it before any script runs."""

    def __init__(self):
        super().__init__()
        self.root = _Node("", {})
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self._open[-1].children.append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_endtag(self, tag):
        while len(self._open) > 1 and self._open.pop().tag != tag:
            pass

    def handle_data(self, data):
        self._open[-1].text += data


def _explore(site, lang: str) -> _Node:
    tree = _Tree()
    tree.feed((site / lang / "explore/index.html").read_text(encoding="utf-8"))
    return tree.root.find("div", "minka-explore")


def _records(site, lang: str) -> dict[str, dict]:
    """What each record page of `lang` tells Pagefind, by its address: filters, meta, sort."""
    out = {}
    for path in [
        *(site / lang).glob("practices/*/index.html"),
        *(site / lang).glob("methodologies/*/index.html"),
    ]:
        marks = {"filter": {}, "meta": {}, "sort": {}}
        html = path.read_text(encoding="utf-8")
        for kind, name, value in re.findall(
            r'<span data-pagefind-(filter|meta|sort)="([^"]+)">([^<]*)</span>', html
        ):
            if kind == "filter":
                marks[kind].setdefault(name, []).append(unescape(value))
            else:
                marks[kind][name] = unescape(value)
        out[f"/{lang}/{path.parent.relative_to(site / lang)}/"] = marks
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_screen_is_in_the_html(built_site, lang):
    """Status, facets and first results are in the page as served, from the record pages."""
    L = labels(lang)
    explore = _explore(built_site, lang)
    records = _records(built_site, lang)
    status = explore.find("p", "minka-explore__status")
    assert status.attrs["role"] == "status" and status.attrs["aria-live"] == "polite"
    assert status.all_text() == L["search_count"].replace("{count}", str(len(records)))
    # Every facet in order, closed but the country, which lists each value with its pages.
    groups = explore.find_all("details", "minka-facet")
    assert [g.attrs["data-facet"] for g in groups] == [facet.name for facet in FACETS]
    assert [g.find("summary").all_text() for g in groups] == [
        L["facet_names"][facet.name] for facet in FACETS
    ]
    assert ["open" in g.attrs for g in groups] == [facet.name == "country" for facet in FACETS]
    countries: dict[str, int] = {}
    for marks in records.values():
        for value in marks["filter"].get("country", []):
            countries[value] = countries.get(value, 0) + 1
    country = next(g for g in groups if g.attrs["data-facet"] == "country")
    shown = {
        o.find("span", "minka-facet__value").all_text(): int(
            o.find("span", "minka-facet__count").all_text()
        )
        for o in country.find_all("label", "minka-facet__option")
    }
    assert shown == countries
    for option in country.find_all("input"):
        assert option.attrs["name"] == "country" and "checked" not in option.attrs
    # The first results: the record pages in Pagefind's "title" sort, with what they say.
    first = sorted(records, key=lambda url: records[url]["sort"]["title"])[:FIRST]
    items = explore.find("ol", "minka-explore__list").find_all("li", "minka-result")
    assert [urljoin(f"/{lang}/explore/", i.find("a").attrs["href"]) for i in items] == first
    for item, url in zip(items, first, strict=True):
        marks = records[url]
        assert item.find("a", "minka-result__title").all_text() == marks["meta"]["title"]
        facts = [marks["filter"]["type"][0], marks["meta"].get("country")]
        assert item.find("span", "minka-result__facts").all_text() == " · ".join(
            f for f in facts if f
        )
        assert item.find("p", "minka-result__summary").all_text() == marks["meta"]["summary"]
    assert len(explore.find_all("button", "minka-explore__more")) == (len(records) > FIRST)
    assert explore.find("div", "minka-explore__results").attrs["aria-busy"] == "false"
    assert explore.find("noscript").all_text() == L["explore_noscript"]


# In the browser

# The first screen as the page shows it, links resolved (the build writes them relative to
# the page, Pagefind from the site's root).
_SCREEN = """() => {
  const part = (selector) => {
    const copy = document.querySelector(selector).cloneNode(true);
    copy.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", a.href));
    copy.querySelectorAll("input").forEach((i) => i.checked && i.setAttribute("checked", ""));
    return copy.innerHTML;
  };
  return {
    status: document.querySelector(".minka-explore__status").textContent,
    facets: part(".minka-explore__facets"),
    results: part(".minka-explore__results"),
  };
}"""


def _settled(page):
    page.wait_for_function(
        "document.querySelector('.minka-explore__results').getAttribute('aria-busy') === 'false'"
        " && !document.querySelector('.minka-explore__status').textContent.endsWith('…')",
        timeout=20000,
    )


def _status(page, compare: str, text: str):
    """Wait until the page has settled on a status line equal (or not) to `text`."""
    page.wait_for_function(
        f"s => document.querySelector('.minka-explore__status').textContent {compare} s",
        arg=text,
        timeout=20000,
    )
    _settled(page)


def _pagefind(fetched: list[str]) -> list[str]:
    return [p for p in fetched if "/pagefind/" in p]


@pytest.mark.parametrize("lang", LANGS)
def test_pagefind_loads_when_the_reader_searches_and_draws_the_same_first_screen(
    page, base_url, lang
):
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{base_url}/{lang}/explore/")
    page.wait_for_load_state("networkidle")
    assert _pagefind(fetched) == []  # no index, no wasm, no filter: the page is drawn
    drawn = page.evaluate(_SCREEN)
    assert page.locator(".minka-explore__list .minka-result").count() == FIRST
    # A query, then none: the first screen again, this time from Pagefind.
    box = page.locator("#minka-explore-q")
    box.fill("cafe")
    _status(page, "!==", drawn["status"])
    assert any(p.endswith(".pf_meta") for p in fetched)
    assert any(re.search(r"/pagefind/wasm\.\w+\.pagefind$", p) for p in fetched)
    box.fill("")
    _status(page, "===", drawn["status"])
    assert page.evaluate(_SCREEN) == drawn
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_tick_on_the_drawn_page_searches(page, base_url, lang):
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{base_url}/{lang}/explore/")
    option = page.locator('[data-facet="country"] .minka-facet__option').first
    value = option.locator("input").get_attribute("value")
    expected = int(option.locator(".minka-facet__count").inner_text())
    assert _pagefind(fetched) == []
    option.locator("input").check()
    page.wait_for_url(re.compile(r"\?country="))
    _settled(page)
    assert page.locator(".minka-explore__status").inner_text().startswith(f"{expected} ")
    assert page.locator(f'[data-facet="country"] input[value="{value}"]').is_checked()
    assert any(p.endswith(".pf_filter") for p in fetched)
    assert page.locator(".minka-explore__list .minka-result").count() == min(expected, FIRST)
    assert page.console_errors == []


def test_show_more_on_the_drawn_page_adds_the_next_results(page, base_url, built_site):
    records = _records(built_site, "en")
    order = sorted(records, key=lambda url: records[url]["sort"]["title"])
    page.goto(f"{base_url}/en/explore/")
    page.locator(".minka-explore__more").click()
    page.wait_for_function(
        f"document.querySelectorAll('.minka-explore__list li').length > {FIRST}", timeout=20000
    )
    _settled(page)
    hrefs = page.locator(".minka-explore__list .minka-result__title").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert hrefs == order[: FIRST + 20]  # no record twice, none left out, in the same order
    more = page.locator(".minka-explore__more")
    assert more.count() == (len(records) > FIRST + 20)
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_facet_values_sort_as_the_browser_sorts_them(page, lang):
    """The build lists a facet's values as the page's script does (localeCompare, numeric):
    accents, case, ñ, numbers (SDGs, decades), spaces and punctuation."""
    values = [
        "Perú", "Peru", "peru", "Panamá", "Ñandú", "Nutria", "Oso", "nube", "Côte d'Ivoire",
        "Costa Rica", "Cote", "10. Reduced inequalities", "2. Zero hunger", "9. Industry",
        "1990–1999", "2000–2009", "El Salvador", "Ecuador", "Estados Unidos", "e-commerce",
        "Éxito", "exito", "(ILO)", "Ámbito",
    ]  # fmt: skip
    expected = page.evaluate(
        "([values, lang]) => [...values].sort((a, b) => a.localeCompare(b, lang, {numeric: true}))",
        [values, lang],
    )
    assert sorted(values, key=lambda v: locale_key(v, lang)) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_counts_the_scripts_write_are_formatted_as_the_build_formats_them(page, base_url, lang):
    """Results and facet counts drawn in the browser group digits as the built pages do
    (1,206 / 1.206): the browser's Spanish format alone leaves four digits ungrouped."""
    page.goto(f"{base_url}/{lang}/explore/")
    page.wait_for_load_state("networkidle")
    numbers = [0, 7, 1206, 12060, 1800000]
    shown = page.evaluate("ns => ns.map((n) => window.minkaSearch.number(n))", numbers)
    assert shown == [format_number(n, lang) for n in numbers]
