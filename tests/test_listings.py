"""The whole lists (practices/, methodologies/, exchange/open/) and the hubs in pages of
PAGE_CARDS cards (generator/views/pager.py): every record once, in the list's order, and a
pager a reader follows in a browser.

Expected values come from the catalog: the page size is made small for the real project and
for a synthetic catalog of seven practices (bench/make_catalog.py), and the browser reads a
synthetic catalog a few records past two pages, whatever PAGE_CARDS is.
"""

from __future__ import annotations

import html
import importlib.util
import math
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO, ROOT, run_minka, serve_folder

from generator.languages import LANGS
from generator.pipeline import read_project
from generator.present import hub_path, labels
from generator.views import listings, pager, render_site

CARD_LINK = re.compile(r'<a class="minka-card__title" href="[^"]*?([a-z0-9-]+)/"')
PAGER = re.compile(r'<nav class="minka-pager".*?</nav>', re.S)


@pytest.fixture(scope="module")
def catalog():
    return read_project(ROOT)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A synthetic catalog of seven practices: enough pages, at one card a page, for a gap
    between the numbers, whatever the project holds."""
    root = tmp_path_factory.mktemp("many") / "project"
    _write_catalog(7, root)
    return read_project(root)


def _write_catalog(n: int, root) -> None:
    """Write bench/make_catalog.py's project of `n` practices at `root`."""
    spec = importlib.util.spec_from_file_location("make_catalog", REPO / "bench/make_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_catalog(n, root)


def _lists(catalog):
    """Each list: its first page and the records it lists, in order."""
    return {
        "practices/index.md": list(catalog.cases),
        "methodologies/index.md": list(catalog.methodologies),
        "exchange/open/index.md": [c.id for c in listings.open_cases(catalog)],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_record_is_on_exactly_one_page_in_the_catalogs_order(catalog, lang, monkeypatch):
    monkeypatch.setattr(pager, "PAGE_CARDS", 2)
    pages = render_site(catalog, lang, {})
    for first, ids in _lists(catalog).items():
        paths = pager.list_pages(first, len(ids))
        assert len(paths) == max(1, math.ceil(len(ids) / 2))
        folder = first.rsplit("/", 1)[0]
        made = sorted(p for p in pages if p == first or p.startswith(f"{folder}/page/"))
        assert sorted(paths) == made
        shown = [CARD_LINK.findall(pages[path]) for path in paths]
        assert [i for page in shown for i in page] == ids
        assert all(len(page) <= 2 for page in shown)


@pytest.mark.parametrize("lang", LANGS)
def test_a_later_page_says_which_it_is_and_links_to_its_neighbours(many, lang, monkeypatch):
    monkeypatch.setattr(pager, "PAGE_CARDS", 1)
    pages, L = render_site(many, lang, {}), labels(lang)
    ids = list(many.cases)
    total = len(ids)
    page = pages["practices/page/2.md"]
    title = L["pager_title"].format(title=L["practices"], n=2, pages=total)
    assert f"# {title}" in page
    shown = L["pager_range"].format(first=2, last=2, total=total)
    assert shown in page
    nav = PAGER.search(page).group(0)
    assert f'aria-label="{L["pager_label"]}"' in nav
    # from practices/page/2/: the first page is two folders up, the third beside it
    assert f'<a href="../../" rel="prev">{L["pager_prev"]}</a>' in nav
    assert f'<a href="../3/" rel="next">{L["pager_next"]}</a>' in nav
    assert '<a href="./" aria-current="page">2</a>' in nav
    # the first page: no "previous", its own number current
    first = PAGER.search(pages["practices/index.md"]).group(0)
    assert 'rel="prev"' not in first and '<a href="./" aria-current="page">1</a>' in first
    assert f'<a href="page/{total}/">{total}</a>' in first


def test_pages_far_apart_are_joined_by_a_gap(many, monkeypatch):
    """From the first of many pages: 1 2 3 … last, never every number."""
    monkeypatch.setattr(pager, "PAGE_CARDS", 1)
    ids = list(many.cases)
    nav = PAGER.search(render_site(many, "en", {})["practices/index.md"]).group(0)
    numbers = re.findall(r">(\d+)</a>", nav)
    assert numbers == ["1", "2", "3", str(len(ids))]
    assert '<li aria-hidden="true">…</li>' in html.unescape(nav)


@pytest.mark.parametrize("lang", LANGS)
def test_every_hub_shows_each_of_its_records_once_with_its_facts_on_the_first_page(
    catalog, lang, monkeypatch
):
    monkeypatch.setattr(pager, "PAGE_CARDS", 2)
    pages = render_site(catalog, lang, {})
    for kind, members in catalog.hubs.items():
        for key, ids in members.items():
            first = hub_path(kind, key)
            later = sorted(p for p in pages if p.startswith(pager.later_pages(first)))
            shown = [i for path in (first, *later) for i in CARD_LINK.findall(pages[path])]
            if kind == "organizations":  # by role: a record may hold two
                roles = catalog.org_roles[key].values()
                assert shown == [i for role_ids in roles for i in role_ids]
            else:  # practices, then methodologies
                assert sorted(shown) == sorted(ids) and len(shown) == len(ids)
            assert len(later) == max(1, math.ceil(len(shown) / 2)) - 1
            for path in later:
                assert "minka-facts" not in pages[path] and "minka-hub-map" not in pages[path]
                assert "minka-pager" in pages[path]


def test_a_short_list_has_no_pager(catalog, monkeypatch):
    monkeypatch.setattr(pager, "PAGE_CARDS", len(catalog.cases) + 1)
    pages = render_site(catalog, "en", {})
    assert pager.list_pages("practices/index.md", len(catalog.cases)) == ["practices/index.md"]
    assert "minka-pager" not in pages["practices/index.md"]
    assert CARD_LINK.findall(pages["practices/index.md"]) == list(catalog.cases)


# In a browser, on a built synthetic catalog.


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("long") / "project"
    _write_catalog(2 * pager.PAGE_CARDS + 3, root)
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    with serve_folder(root / "site") as url:
        yield read_project(root), url


@pytest.mark.parametrize("lang", LANGS)
def test_a_reader_pages_through_the_practices(page, long_site, lang):
    catalog, url = long_site
    L, ids = labels(lang), list(catalog.cases)
    cards = "article .minka-card__title"
    page.goto(f"{url}/{lang}/practices/")
    assert page.locator(cards).count() == pager.PAGE_CARDS
    nav = page.get_by_role("navigation", name=L["pager_label"])
    nav.get_by_role("link", name=L["pager_next"]).click()
    page.wait_for_url(f"{url}/{lang}/practices/page/2/")
    title = L["pager_title"].format(title=L["practices"], n=2, pages=3)
    assert page.locator("article h1").inner_text().startswith(title)
    assert page.title().startswith(title)
    first_here = page.locator(cards).first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    assert first_here == ids[pager.PAGE_CARDS]
    assert nav.locator("[aria-current=page]").inner_text() == "2"
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    nav.get_by_role("link", name="3", exact=True).click()
    page.wait_for_url(f"{url}/{lang}/practices/page/3/")
    assert page.locator(cards).count() == len(ids) - 2 * pager.PAGE_CARDS
    assert nav.get_by_role("link", name=L["pager_next"]).count() == 0
    nav.get_by_role("link", name="1", exact=True).click()
    page.wait_for_url(f"{url}/{lang}/practices/")
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_show_more_from_the_keyboard_moves_the_focus_to_the_first_new_result(page, long_site, lang):
    """The synthetic catalog holds more records than explore's first screen, whatever the
    project holds: the button always shows here."""
    _, url = long_site
    page.goto(f"{url}/{lang}/explore/")
    page.wait_for_load_state("networkidle")
    results = page.locator(".minka-explore__list .minka-result")
    before = results.count()
    page.locator(".minka-explore__more").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('.minka-explore__list .minka-result').length > {before}"
    )
    assert results.nth(before).evaluate("e => e.contains(document.activeElement)")
