"""Accessibility, in Chromium: axe-core on every page kind and language; keyboard-only use.

The page kinds are listed once in tests/pages.py.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
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
