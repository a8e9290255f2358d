"""Browser search with Pagefind: what the built pages tell the index, and what a reader gets."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import unicodedata
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import ROOT, serve_folder
from pages import VOID

from generator import pagefind
from generator.build import build_language
from generator.facets import FACETS
from generator.pagefind import LISTING_WORD, RECORD_FILTER, index_site, source_folder
from generator.pipeline import read_project
from generator.present import labels


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
        if self._depth and tag not in VOID:
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
        if self._depth and tag not in VOID:
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
        assert {samer.acronym, *(p.get(lang) for p in samer.places)} <= set(keywords)
        assert set(marks.filters["value_chain"]) <= set(keywords), lang
    # The record whatever the language, for the search of the other language's index.
    assert en.filters[RECORD_FILTER] == es.filters[RECORD_FILTER] == ["samer"]
    # Every facet the explore page offers is used by some record.
    seen = set()
    for page in (built_site / "en/practices").glob("*/index.html"):
        seen |= set(_marks(page).filters)
    seen |= set(_marks(built_site / "en/methodologies/my-coop/index.html").filters)
    assert seen == {*(facet.name for facet in FACETS), RECORD_FILTER}


def test_only_record_content_is_indexed(built_site):
    assert _marks(built_site / "en/index.html").body == 0
    assert _marks(built_site / "en/countries/co/index.html").body == 0
    inside = " ".join(_marks(built_site / "en/practices/samer/index.html").inside)
    assert "headerlink" in inside  # the content is there (its ¶ links are excluded by pagefind)
    assert not re.search(r"md-(header|footer|nav|sidebar|tabs)", inside)
    for lang in ("en", "es"):
        assert (built_site / lang / "pagefind/pagefind.js").is_file()
        assert any((built_site / lang / "pagefind").glob("pagefind.*.pf_meta"))


def test_every_page_marked_for_search_is_indexed(built_site):
    # Pagefind reads only the record pages' files (pagefind.RECORD_PAGES): a page of another
    # kind marked for the index would be left out silently.
    for lang in ("en", "es"):
        marked = [p for p in (built_site / lang).rglob("*.html") if _marks(p).body]
        entry = json.loads((built_site / lang / "pagefind/pagefind-entry.json").read_text())
        assert entry["languages"][lang]["page_count"] == len(marked) > 0


def _fragments(site: Path) -> dict[str, dict]:
    """What Pagefind indexed of each page (its fragment files: gzip, a signature, JSON)."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{") :])
        out[fragment["url"]] = fragment
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_pagefind_given_only_what_it_indexes_makes_the_index_of_the_whole_pages(
    built_site, tmp_path, lang
):
    # The build hands Pagefind each record page's indexed part only (pagefind.indexed_page):
    # the same text, filters, meta, sort and anchors as Pagefind finds in the served page.
    site = shutil.copytree(
        built_site / lang, tmp_path / lang, ignore=shutil.ignore_patterns("pagefind")
    )
    index_site(site)
    whole, built = _fragments(site), _fragments(built_site / lang)
    assert whole and built == whole


def test_pagefinds_copies_go_to_memory_only_where_it_has_room(tmp_path, monkeypatch):
    # A container's /dev/shm may hold 64 MB: a large site's copies go beside the site there.
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "_MEMORY", memory)
    site = tmp_path / "build" / "en"
    assert source_folder(site, 10).parent == memory
    assert source_folder(site, 10**12).parent == site.parent
    monkeypatch.setattr(pagefind, "_MEMORY", tmp_path / "none")
    assert source_folder(site, 10).parent == site.parent


def test_an_interrupted_build_leaves_no_copies(make_project, tmp_path, monkeypatch):
    # Ctrl+C reaches MkDocs as KeyboardInterrupt, for which it calls no plugin event.
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind, "_MEMORY", memory)

    def interrupted(*args, **kwargs):
        assert list(memory.iterdir()), "the copies were not made in memory"
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.plugin.index_site", interrupted)
    root = make_project()
    with pytest.raises(KeyboardInterrupt):
        build_language(root / "mkdocs.yml", "en", tmp_path / "site" / "en")
    assert not list(memory.iterdir())
    assert not list((tmp_path / "site").glob(".minka-pagefind-*"))


def test_no_search_request_leaves_the_site(built_site):
    # search.js is in every page's bundle (generator/assets.py), minified.
    for script in (built_site / "en/assets").glob("minka-*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text)
        assert f'var LISTING="{LISTING_WORD}";' in text  # the word the record pages carry
    header = (built_site / "en/practices/samer/index.html").read_text(encoding="utf-8")
    assert 'action="../../explore/"' in header  # the box works without JavaScript too


# In the browser


def _results(page) -> list[str]:
    page.wait_for_selector(".minka-explore__list .minka-result", timeout=15000)
    return page.locator(".minka-explore__list .minka-result__title").all_inner_texts()


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("en", "Narino", "SAMER"),  # no accent typed, "Nariño" found
        ("es", "Nariño", "SAMER"),
        ("es", "cafe especial", "SAMER"),  # "café" found from "cafe"
        ("en", "cacao cooperative", "ACOPAGRO"),
        ("es", "cooperativas cafe Narino", "SAMER"),  # not every word on one page: best first
    ],
)
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
    # What screen readers hear as the results show: how many were found.
    assert re.fullmatch(r"\d+ results?", page.locator("#minka-search-status").text_content())
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
    records = len(list((built_site / "en").glob("practices/*/index.html"))) + len(
        list((built_site / "en").glob("methodologies/*/index.html"))
    )
    page.goto(f"{base_url}/en/explore/")
    assert len(_results(page)) == 10  # the first ten, then more on request (slow links)
    page.locator(".minka-explore__more").click()
    page.wait_for_function("document.querySelectorAll('.minka-explore__list li').length > 10")
    everything = _results(page)
    assert _count(page) == len(everything) == records  # no query: every record listed
    peru = page.locator('[data-facet="country"] label', has_text="Peru")
    expected = int(peru.locator(".minka-facet__count").inner_text())
    peru.locator("input").check()
    page.wait_for_function(
        f"document.querySelector('.minka-explore__status').textContent.startsWith('{expected} ')"
    )
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
    page.wait_for_function(
        "document.querySelector('.minka-explore__status').textContent.length > 0 && !document.querySelector('.minka-explore__status').textContent.endsWith('…')"
    )
    page.go_back()
    page.wait_for_function(
        f"document.querySelector('.minka-explore__status').textContent.startsWith('{expected} ')"
    )
    assert page.locator("#minka-explore-q").input_value() == ""
    assert page.console_errors == []


def test_a_first_search_downloads_what_it_shows(page, base_url, built_site):
    """What the budget of a first query (DESIGN.md §9) rests on; bench/run.py measures it.
    The page itself loads nothing of Pagefind: its first screen is drawn (test_explore.py)."""
    chunks = len(list((built_site / "en/pagefind/index").iterdir()))
    records = len(list((built_site / "en").glob("practices/*/index.html"))) + len(
        list((built_site / "en").glob("methodologies/*/index.html"))
    )
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{base_url}/en/explore/")
    page.wait_for_load_state("networkidle")
    assert not [p for p in fetched if "/pagefind/" in p]
    # A facet opened: its counts with the listing word's chunk, not the results' fragments.
    page.locator('[data-facet="theme"] > summary').click()
    page.locator('[data-facet="theme"] .minka-facet__count').first.wait_for()
    page.wait_for_load_state("networkidle")
    index = [p for p in fetched if p.endswith(".pf_index")]
    assert 0 < len(index) < chunks  # no words: one word's chunk, not the whole index
    assert len([p for p in fetched if p.endswith(".pf_filter")]) == 2  # country's, theme's
    assert not [p for p in fetched if "worker" in p]  # Pagefind's worker script is not needed
    assert not [p for p in fetched if p.endswith(".pf_fragment")]  # the results are drawn
    assert page.locator('[data-facet="country"] .minka-facet__count').count() > 0
    assert page.locator('[data-facet="region"] .minka-facet__option').count() == 0  # closed
    # More results: their fragments only.
    fetched.clear()
    page.locator(".minka-explore__more").click()
    page.wait_for_function("document.querySelectorAll('.minka-explore__list li').length > 10")
    page.wait_for_load_state("networkidle")
    assert len([p for p in fetched if p.endswith(".pf_fragment")]) == min(20, records - 10)
    assert not [p for p in fetched if p.endswith((".pf_index", ".pf_filter"))]
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


# Either language, truthful counts, sentences


def _record_pages(site, lang: str) -> dict[str, tuple[str, str]]:
    """Map each record id to (its page's URL path, the page's text, lower-cased)."""
    pages = [
        *(site / lang).glob("practices/*/index.html"),
        *(site / lang).glob("methodologies/*/index.html"),
    ]
    return {
        page.parent.name: (
            f"/{lang}/{page.parent.relative_to(site / lang)}/",
            _text(page.read_text(encoding="utf-8")).lower(),
        )
        for page in pages
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFD", text.lower()).encode("ascii", "ignore").decode()


def _only_in(site, lang: str, other: str) -> tuple[str, str]:
    """Return (record id, word) for a long word of a record's title in `lang` that starts no
    word of a page in `other` (its first four letters), so it cannot match there."""
    there = {
        w[:4]
        for w in re.findall(
            r"\w+", _fold(" ".join(t for _, t in _record_pages(site, other).values()))
        )
    }
    for rec_id, (_path, text) in sorted(_record_pages(site, lang).items()):
        title = text.split(" - ")[0]  # the page's <title>: the record's title, then the site's
        for word in sorted(set(re.findall(r"\w{7,}", _fold(title)))):
            if word[:4] not in there:
                return rec_id, word
    raise AssertionError(f"every long word of the {lang} titles starts a word on some {other} page")


def _common(site, lang: str) -> str:
    """Return a long word of the titles in `lang` that most of the record pages have."""
    pages = _record_pages(site, lang)
    titles = " ".join(text.split(" - ")[0] for _, text in pages.values())
    return max(
        sorted(set(re.findall(r"\w{6,}", titles))),
        key=lambda word: sum(word in text for _, text in pages.values()),
    )


def _settled(page):
    page.wait_for_selector(".minka-explore__results[aria-busy=false]", timeout=20000)


def test_a_search_the_page_language_cannot_answer_shows_the_other_language(
    page, base_url, built_site
):
    rec_id, word = _only_in(built_site, "es", "en")
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{base_url}/en/explore/?q={word}")
    _settled(page)
    section = page.locator(".minka-explore__other")
    heading = section.locator("h2 a")
    none = labels("en")["search_other_none"].split("{")[0]  # "No results in "
    assert heading.inner_text().startswith(none)
    assert page.locator(".minka-explore__status").inner_text() == heading.inner_text()
    assert urlparse(heading.get_attribute("href")).path == "/es/explore/"
    assert section.locator("ol").get_attribute("lang") == "es"
    hrefs = section.locator(".minka-result__title").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert _record_pages(built_site, "es")[rec_id][0] in hrefs, hrefs
    assert any(p.startswith("/es/pagefind/") for p in fetched)
    # A word the English pages have: the Spanish index is never loaded.
    fetched.clear()
    page.goto(f"{base_url}/en/explore/?q={_common(built_site, 'en')}")
    _settled(page)
    assert page.locator(".minka-explore__list .minka-result").count() > 0
    assert page.locator(".minka-explore__other").count() == 0
    assert not any(p.startswith("/es/pagefind/") for p in fetched)
    assert page.console_errors == []


def test_the_header_box_answers_in_the_other_language_too(page, base_url, built_site):
    rec_id, word = _only_in(built_site, "en", "es")
    page.goto(f"{base_url}/es/about/")
    page.locator("#minka-search-q").press_sequentially(word, delay=20)
    heading = page.locator("#minka-search-results .minka-search__other")
    heading.wait_for(timeout=20000)
    assert heading.inner_text().startswith(labels("es")["search_other_none"].split("{")[0])
    results = page.locator("#minka-search-results ol[lang=en] .minka-result__title")
    assert _record_pages(built_site, "en")[rec_id][0] in results.evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert page.console_errors == []


def test_each_unticked_value_shows_the_results_ticking_it_gives(page, base_url):
    page.goto(f"{base_url}/en/explore/")
    _settled(page)
    options = page.locator('[data-facet="country"] .minka-facet__option')
    options.first.locator("input").check()
    _settled(page)
    checked = 0
    for i in range(1, min(options.count(), 5)):
        option = page.locator('[data-facet="country"] .minka-facet__option').nth(i)
        value = option.locator("input").get_attribute("value")
        shown = int(option.locator(".minka-facet__count").inner_text())
        option.locator("input").check()
        _settled(page)
        assert _count(page) == shown, value
        page.locator(f'[data-facet="country"] input[value="{value}"]').uncheck()
        _settled(page)
        checked += 1
    assert checked >= 2
    assert page.console_errors == []


def test_excerpts_are_sentences_of_the_record(page, base_url, built_site):
    pages = _record_pages(built_site, "en")
    for query in ("markets", "women producers"):
        page.goto(f"{base_url}/en/explore/?q={query}")
        _settled(page)
        for item in page.locator(".minka-explore__list .minka-result").all()[:6]:
            rec_id = (
                item.locator(".minka-result__title")
                .get_attribute("href")
                .rstrip("/")
                .split("/")[-1]
            )
            text = item.locator(".minka-result__excerpt, .minka-result__summary").first.inner_text()
            # Pagefind ends a heading or list item with a full stop.
            sentence = text.strip("… ").rstrip(".").lower()
            assert sentence in pages[rec_id][1], (query, rec_id, text)
            if not text.endswith("…"):
                assert re.search(r"[.!?:]$", text), (query, rec_id, text)  # a whole sentence
    assert page.console_errors == []
