"""Phone width: every page kind, both languages, at 360 px without horizontal scrolling.

Screenshots go to tests/screenshots/ (git-ignored) to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import PAGES, page_file, page_params

WIDTH = 360
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind, lang, path", page_params(PAGES))
def test_page_fits_a_phone_screen(phone, base_url, built_site, kind, lang, path):
    assert page_file(built_site, path).is_file(), f"{path} is not in the built site"
    phone.goto(f"{base_url}/{path}")
    phone.wait_for_load_state("networkidle")
    # Folded parts (the request form) must fit too once a reader opens them.
    phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{WIDTH}-{lang}-{kind.replace(' ', '-')}.png"))
    scroll, client = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = phone.evaluate(f"""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > {WIDTH} + 1 && e.offsetParent !== null)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
    assert scroll <= client, f"{scroll} px wide in a {client} px screen; widest: {wide}"


# The four pages people judge the portal by, with something on them, at desktop and phone width.
SHOWCASE = [
    ("home", "{lang}/", None),
    ("practice", "{lang}/practices/ser/", None),
    ("explore", "{lang}/explore/?q=cafe", ".minka-explore__list li"),
    ("compare", "{lang}/compare/?ids=samer,apomipe", ".minka-compare__scroll table"),
]


@pytest.mark.parametrize("width", [1280, WIDTH])
@pytest.mark.parametrize("kind, path, ready", SHOWCASE)
def test_showcase_screenshots(browser, base_url, width, kind, path, ready):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-ES")
    page = context.new_page()
    page.goto(f"{base_url}/{path.format(lang='es')}")
    if ready:
        page.wait_for_selector(ready, timeout=15000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"showcase-{width}-{kind}.png"), full_page=True)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert scroll <= client
