"""Accessibility, in Chromium: axe-core on every page kind and language; keyboard-only use.

The page kinds are listed once in tests/pages.py.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, contrast
from pages import (
    KEYBOARD,
    KEYBOARD_BEING_BUILT,
    LANGS,
    PAGES,
    PAGES_BEING_BUILT,
    other_language,
    page_file,
    page_params,
)

from generator.pipeline import read_project
from generator.present import labels

BLOCKING = ("serious", "critical")
MAX_TABS = 150


def open_page(page, base_url, built_site, path: str) -> None:
    """Open a page of the built site, failing (not skipping) when it does not exist."""
    assert page_file(built_site, path).is_file(), f"{path} is not in the built site"
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")


def unfold(page) -> None:
    """Open every <details>, so that folded parts (the request form) are checked too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("kind, lang, path", page_params(PAGES))
def test_no_serious_or_critical_axe_violations(page, base_url, built_site, kind, lang, path):
    open_page(page, base_url, built_site, path)
    unfold(page)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    ]
    assert report == []


@pytest.mark.parametrize(
    "what, lang, path, selector",
    [
        (what, lang, path.format(lang=lang), selector.format(other=other_language(lang)))
        for what, path, selector in KEYBOARD
        for lang in LANGS
    ],
)
def test_keyboard_alone_reaches(page, base_url, built_site, what, lang, path, selector):
    open_page(page, base_url, built_site, path)
    page.locator(selector).first.wait_for(state="attached")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{what} ({selector}) not reached after {MAX_TABS} presses of Tab")


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_opens_the_request_form_and_reaches_its_fields(page, base_url, built_site, lang):
    open_page(page, base_url, built_site, f"{lang}/practices/samer/")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.minka-request summary')"):
            break
    else:
        pytest.fail("the request form's summary is not reachable with Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.activeElement.matches('.minka-request form input, "
        ".minka-request form select, .minka-request form textarea')"
    )


def test_pages_being_built_are_moved_into_the_checked_lists(page, base_url, built_site):
    """A page listed as being built that is in the site now must be checked like the others."""
    built = [
        kind
        for kind, path in PAGES_BEING_BUILT
        if page_file(built_site, path.format(lang="en")).is_file()
    ]
    for what, path, selector in KEYBOARD_BEING_BUILT:
        path = path.format(lang="en")
        if page_file(built_site, path).is_file():
            page.goto(f"{base_url}/{path}")
            if page.locator(selector).count():
                built.append(what)
    assert built == [], (
        "built now: move these lines from *_BEING_BUILT to PAGES / KEYBOARD in tests/pages.py"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_focus_is_seen_on_boxes_ticks_and_links(page, base_url, built_site, lang):
    """Material takes the outline off inputs, and its amber accent (a focused link's colour)
    is 1.9:1 on white: a keyboard reader must see where the focus is."""
    open_page(page, base_url, built_site, f"{lang}/explore/")
    outline = "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    for selector in ("#minka-search-q", "#minka-explore-q", ".minka-explore__facets input"):
        target = page.locator(selector).first
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus: what :focus-visible answers
        style = target.evaluate(outline)
        assert not style.startswith("none") and not style.endswith(" 0px"), (selector, style)
    link = page.locator("article a[href]").first
    link.focus()
    color = link.evaluate("e => getComputedStyle(e).color")
    assert contrast(color, "#ffffff") >= 4.5, color


@pytest.mark.parametrize("lang", LANGS)
def test_tab_out_of_the_header_search_closes_its_results(page, base_url, built_site, lang):
    open_page(page, base_url, built_site, f"{lang}/about/")
    page.locator("#minka-search-q").fill("cafe")
    panel = page.locator("#minka-search-results")
    panel.locator("a").first.wait_for()
    page.locator("#minka-search-q").focus()
    for _ in range(MAX_TABS):  # past the results, out of the box
        page.keyboard.press("Tab")
        if not page.evaluate(
            "document.querySelector('.minka-search').contains(document.activeElement)"
        ):
            break
    assert panel.is_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_removing_a_record_from_a_comparison_keeps_the_focus_and_says_so(
    page, base_url, built_site, lang
):
    ids = ",".join(sorted(read_project(ROOT).cases)[:3])
    open_page(page, base_url, built_site, f"{lang}/compare/?ids={ids}")
    removes = page.locator(".minka-compare__remove")
    removes.nth(2).wait_for()
    first = page.locator(".minka-compare__table thead th a").first.inner_text()
    removes.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.minka-compare__remove').length === 2")
    assert page.evaluate("document.activeElement.classList.contains('minka-compare__remove')")
    said = labels(lang)["compare_removed"].format(title=first)
    page.wait_for_function(
        "s => document.querySelector('.minka-compare__status').textContent === s", arg=said
    )


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_keyboard_opens_the_menu_and_never_lands_out_of_sight(
    browser, base_url, built_site, lang
):
    """Where the navigation is a drawer, its closed links took the focus out of sight (some
    twenty Tab presses), and the menu button could not be reached."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    open_page(page, base_url, built_site, f"{lang}/about/")
    visible = (
        "e => { const r = e.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth; }"
    )
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.evaluate("e => e.matches('[data-minka-menu]')"):
            break
        assert focused.evaluate(visible), focused.evaluate("e => e.outerHTML.slice(0, 120)")
    else:
        pytest.fail("the menu button was not reached")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert page.locator(":focus").evaluate(visible)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.matches('[data-minka-menu]')")
    context.close()
