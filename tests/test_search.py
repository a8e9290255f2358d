"""Browser search with Pagefind: what the built pages tell the index, and what a reader gets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ROOT, serve_folder
from generator.facets import FILTERS, LISTING_WORD, RECORD_FILTER
from generator.pipeline import read_project


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Marks(HTMLParser):
    """Collect the Pagefind attributes of a page."""

    def __init__(self):
        super().__init__()
        self.body = 0
        self.filters: dict[str, list[str]] = {}
        self.meta: dict[str, str] = {}
        self.inside: list[str] = []  # classes of the elements inside the indexed body
        self._depth = 0
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth and tag not in _VOID:
            self._depth += 1
        if self._depth:
            self.inside.append(attrs.get("class") or "")
        if "data-pagefind-body" in attrs:
            self.body += 1
            self._depth = 1
        for kind in ("filter", "meta"):
            if f"data-pagefind-{kind}" in attrs:
                self._open = (kind, attrs[f"data-pagefind-{kind}"])

    def handle_endtag(self, tag):
        if self._depth and tag not in _VOID:
            self._depth -= 1

    def handle_data(self, data):
        if self._open:
            kind, name = self._open
            if kind == "filter":
                self.filters.setdefault(name, []).append(data)
            else:
                self.meta[name] = data
            self._open = None


def _marks(path) -> _Marks:
    parser = _Marks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_record_pages_carry_their_facets_in_the_page_language(built_site):
    en = _marks(built_site / "en/practices/samer/index.html")
    es = _marks(built_site / "es/practices/samer/index.html")
    assert en.body == es.body == 1
    assert en.filters["country"] == ["Colombia"] and es.filters["country"] == ["Colombia"]
    assert en.filters["type"] == ["Practice"] and es.filters["type"] == ["Práctica"]
    assert "Coffee" in en.filters["value_chain"] and "Café" in es.filters["value_chain"]
    assert _marks(built_site / "en/practices/apomipe/index.html").filters["period"] == ["2000–2009"]
    assert en.meta["title"].startswith("SAMER") and "¶" not in en.meta["title"]
    assert en.meta["summary"] and not re.search(r"[*_\[\]]", en.meta["summary"])
    assert en.meta["listing"] == es.meta["listing"] == LISTING_WORD
    # The names a reader searches by (the fact sheet is not indexed), in the page's language.
    samer = read_project(ROOT).cases["samer"]
    for lang, marks in (("en", en), ("es", es)):
        keywords = marks.meta["keywords"].split(", ")
        assert {samer.acronym, *samer.places} <= set(keywords)
        assert set(marks.filters["value_chain"]) <= set(keywords), lang
    # The record whatever the language, for the search of the other language's index.
    assert en.filters[RECORD_FILTER] == es.filters[RECORD_FILTER] == ["samer"]
    # Every facet the explore page offers is used by some record.
    seen = set()
    for page in (built_site / "en/practices").glob("*/index.html"):
        seen |= set(_marks(page).filters)
    seen |= set(_marks(built_site / "en/methodologies/my-coop/index.html").filters)
    assert seen == {*FILTERS, RECORD_FILTER}


def test_only_record_content_is_indexed(built_site):
    assert _marks(built_site / "en/index.html").body == 0
    assert _marks(built_site / "en/countries/co/index.html").body == 0
    inside = " ".join(_marks(built_site / "en/practices/samer/index.html").inside)
    assert "headerlink" in inside  # the content is there (its ¶ links are excluded by pagefind)
    assert not re.search(r"md-(header|footer|nav|sidebar|tabs)", inside)
    for lang in ("en", "es"):
        assert (built_site / lang / "pagefind/pagefind.js").is_file()
        assert any((built_site / lang / "pagefind").glob("pagefind.*.pf_meta"))


def test_no_search_request_leaves_the_site(built_site):
    script = (built_site / "en/assets/search.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://", script)
    assert f'var LISTING = "{LISTING_WORD}";' in script  # the word the record pages carry
    header = (built_site / "en/practices/samer/index.html").read_text(encoding="utf-8")
    assert 'action="../../explore/"' in header  # the box works without JavaScript too


# In the browser


def _results(page) -> list[str]:
    page.wait_for_selector(".minka-explore__list .minka-result", timeout=15000)
    return page.locator(".minka-explore__list .minka-result__title").all_inner_texts()


@pytest.mark.parametrize("lang, query, expected", [
    ("en", "Narino", "SAMER"),            # no accent typed, "Nariño" found
    ("es", "Nariño", "SAMER"),
    ("es", "cafe especial", "SAMER"),     # "café" found from "cafe"
    ("en", "cacao cooperative", "ACOPAGRO"),
    ("es", "cooperativas cafe Narino", "SAMER"),  # not every word on one page: best first
])
def test_explore_finds_with_and_without_accents(page, base_url, lang, query, expected):
    page.goto(f"{base_url}/{lang}/explore/?q={query}")
    titles = _results(page)
    assert expected in titles[0] or expected in " ".join(titles[:3]), titles
    assert page.console_errors == []


def test_spanish_search_returns_spanish_pages_only(page, base_url):
    page.goto(f"{base_url}/es/explore/?q=cooperativa")
    _results(page)
    links = page.locator(".minka-explore__list .minka-result__title")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(urlparse(h).path.startswith("/es/") for h in hrefs), hrefs
    page.locator(".minka-explore__list .minka-result__title").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"


def test_header_box_shows_results_as_you_type_and_opens_one(page, base_url):
    page.goto(f"{base_url}/en/about/")
    page.locator("#minka-search-q").press_sequentially("microenterprises Narino", delay=30)
    first = page.locator("#minka-search-results .minka-result__title").first
    first.wait_for(timeout=15000)
    assert "SAMER" in first.inner_text()
    assert page.locator("#minka-search-results mark").count() > 0  # highlighted excerpt
    first.click()
    page.wait_for_url(re.compile(r"/en/practices/samer/$"))
    assert page.locator("h1").inner_text().startswith("SAMER")


def test_header_box_enter_opens_explore_with_the_query(page, base_url):
    page.goto(f"{base_url}/es/")
    page.locator("#minka-search-q").fill("redes")
    page.locator("#minka-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/es/explore/\?q=redes$"))
    assert _results(page)
    assert page.locator("#minka-explore-q").input_value() == "redes"


def _count(page) -> int:
    return int(re.match(r"\d+", page.locator(".minka-explore__status").inner_text()).group())


def test_facet_narrows_results_and_the_url_keeps_the_state(page, base_url, built_site):
    records = len(list((built_site / "en").glob("practices/*/index.html"))) + \
        len(list((built_site / "en").glob("methodologies/*/index.html")))
    page.goto(f"{base_url}/en/explore/")
    assert len(_results(page)) == 10  # the first ten, then more on request (slow links)
    page.locator(".minka-explore__more").click()
    page.wait_for_function("document.querySelectorAll('.minka-explore__list li').length > 10")
    everything = _results(page)
    assert _count(page) == len(everything) == records  # no query: every record listed
    peru = page.locator('[data-facet="country"] label', has_text="Peru")
    expected = int(peru.locator(".minka-facet__count").inner_text())
    peru.locator("input").check()
    page.wait_for_function(f"document.querySelector('.minka-explore__status').textContent.startsWith('{expected} ')")
    assert 0 < expected < len(everything)
    assert parse_qs(urlparse(page.url).query) == {"country": ["Peru"]}
    narrowed = _results(page)
    # Reload the URL: the same state comes back.
    page.reload()
    assert _results(page) == narrowed
    assert page.locator('[data-facet="country"] input[value="Peru"]').is_checked()
    # A second facet and a query, then back: each step is in the history.
    page.locator("#minka-explore-q").fill("cacao")
    page.locator("#minka-explore-q").press("Enter")
    page.wait_for_url(re.compile(r"q=cacao"))
    page.wait_for_function("document.querySelector('.minka-explore__status').textContent.length > 0 && !document.querySelector('.minka-explore__status').textContent.endsWith('…')")
    page.go_back()
    page.wait_for_function(f"document.querySelector('.minka-explore__status').textContent.startsWith('{expected} ')")
    assert page.locator("#minka-explore-q").input_value() == ""
    assert page.console_errors == []


def test_a_first_search_downloads_what_it_shows(page, base_url, built_site):
    """What the budget of a first query (DESIGN.md §9) rests on; bench/run.py measures it."""
    chunks = len(list((built_site / "en/pagefind/index").iterdir()))
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{base_url}/en/explore/")
    _results(page)
    page.wait_for_load_state("networkidle")
    index = [p for p in fetched if p.endswith(".pf_index")]
    assert 0 < len(index) < chunks  # no words: one word's chunk, not the whole index
    assert len([p for p in fetched if p.endswith(".pf_filter")]) == 1  # the country's counts
    assert not [p for p in fetched if "worker" in p]  # Pagefind's worker script is not needed
    assert len([p for p in fetched if p.endswith(".pf_fragment")]) == 10  # the results shown
    fetched.clear()
    page.locator('[data-facet="theme"] > summary').click()
    page.locator('[data-facet="theme"] .minka-facet__count').first.wait_for()
    assert [p for p in fetched if p.endswith(".pf_filter")] and \
        not [p for p in fetched if p.endswith((".pf_index", ".pf_fragment"))]
    assert page.locator('[data-facet="country"] .minka-facet__count').count() > 0
    assert page.locator('[data-facet="region"] .minka-facet__option').count() == 0  # closed
    assert page.console_errors == []


def test_search_works_under_a_sub_path(browser, subpath_site):
    context = browser.new_context()
    page = context.new_page()
    with serve_folder(subpath_site) as url:
        page.goto(f"{url}/minka/es/explore/?q=Narino")
        page.wait_for_selector(".minka-explore__list .minka-result", timeout=15000)
        href = page.locator(".minka-result__title").first.get_attribute("href")
        assert href.startswith("/minka/es/practices/"), href
        page.locator(".minka-result__title").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1 and page.url.startswith(f"{url}/minka/es/")
    context.close()
