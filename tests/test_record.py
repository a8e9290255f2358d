"""Record pages as a reader who decides in a minute meets them, in Chromium: the summary on
the first screen, long lists shortened, the action bar, the sections from the top on a phone.

The records come from the catalog: a record added tomorrow is measured too.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import MINIMAL_CASE, ROOT, run_minka, serve_folder
from pages import LANGS

from generator.pipeline import read_project
from generator.present import labels
from generator.views import render_site

CATALOG = read_project(ROOT)
PRACTICES = sorted(CATALOG.cases)
METHODOLOGIES = sorted(CATALOG.methodologies)
# (width, height, how many screens down the summary may start at most)
SCREENS = [(1280, 800, 1), (360, 740, 2)]


@pytest.fixture(scope="module")
def screens(browser):
    contexts = {
        (w, h): browser.new_context(
            viewport={"width": w, "height": h}, is_mobile=w < 600, locale="en-US"
        )
        for w, h, _ in SCREENS
    }
    yield {size: context.new_page() for size, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width, height, most", SCREENS)
@pytest.mark.parametrize("lang", LANGS)
def test_summary_starts_on_the_first_screens_of_every_practice(
    screens, base_url, lang, width, height, most
):
    page, late = screens[(width, height)], []
    for case_id in PRACTICES:
        page.goto(f"{base_url}/{lang}/practices/{case_id}/")
        top = page.locator(".minka-summary").first.bounding_box()["y"]
        if top + 3 * 16 > most * height:  # its first lines, not just its top edge, are seen
            late.append(f"{case_id}: {top:.0f} px")
    assert not late, f"summary below screen {most} at {width}x{height}: {late}"


def test_a_long_list_shows_five_then_opens_in_place_without_javascript(browser, make_project):
    # A practice of its own with nine partners: the real catalog may have no long list.
    orgs = [
        o["id"]
        for o in yaml.safe_load((ROOT / "vocabularies" / "organizations.yaml").read_text("utf-8"))[
            "organizations"
        ]
    ][:9]
    partners = "".join(f"  - {{org: {org}, role: partner}}\n" for org in orgs)
    root = make_project({"cases/demo.yaml": MINIMAL_CASE + "partners:\n" + partners})
    site = root / "site"
    result = run_minka(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve_folder(site) as url:
        page.goto(f"{url}/en/practices/demo/")
        row = page.locator(".minka-facts dd", has=page.locator(".minka-more")).first
        more = row.locator(".minka-more")
        assert more.locator("summary").inner_text() == f"and {len(orgs) - 5} more"
        hidden = more.locator("a").first
        assert not hidden.is_visible()
        more.locator("summary").click()
        assert hidden.is_visible()
        assert row.locator("a").count() >= len(orgs)
    context.close()


def test_year_not_stated_is_said_at_most_once_a_page(page, base_url):
    for case_id in PRACTICES:
        page.goto(f"{base_url}/en/practices/{case_id}/")
        text = page.locator("article").inner_text()
        undated = [f for f in CATALOG.cases[case_id].key_figures if not (f.year or f.period)]
        if undated and len(undated) == len(CATALOG.cases[case_id].key_figures):
            assert text.count("None of these figures states its year.") == 1, case_id
            assert "year not stated" not in text, case_id


@pytest.mark.parametrize("lang", LANGS)
def test_action_bar_leads_to_the_form_the_comparison_and_the_citation(page, base_url, lang):
    case_id = PRACTICES[0]
    page.goto(f"{base_url}/{lang}/practices/{case_id}/")
    bar = page.locator("nav.minka-actions")
    links = bar.locator("a")
    assert links.count() >= 3
    links.nth(0).click()
    assert page.locator("details.minka-request").evaluate("d => d.open")
    page.goto(f"{base_url}/{lang}/practices/{case_id}/")
    cite = bar.locator("a").nth(2).get_attribute("href")
    assert page.locator(cite).is_visible()
    bar.locator("a").nth(1).click()
    page.wait_for_url("**/compare/**")
    page.wait_for_selector('.minka-compare__groups[aria-busy="false"]')
    # This practice is chosen; the reader picks what to set beside it.
    chosen = page.locator('.minka-compare__choices input[name="ids"]:checked')
    assert [b.get_attribute("value") for b in chosen.all()] == [case_id]


def test_methodologies_have_cite_and_no_request(page, base_url):
    page.goto(f"{base_url}/es/methodologies/{METHODOLOGIES[0]}/")
    hrefs = [a.get_attribute("href") for a in page.locator("nav.minka-actions a").all()]
    assert "#request-exchange" not in hrefs
    assert page.locator(next(h for h in hrefs if h.startswith("#"))).is_visible()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-US"
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "kind, path",
    [
        ("practice", "practices/" + PRACTICES[-1]),
        ("methodology", "methodologies/" + METHODOLOGIES[-1]),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_phone_reaches_every_section_from_the_top_and_back(phone, base_url, lang, kind, path):
    phone.goto(f"{base_url}/{lang}/{path}/")
    menu = phone.locator("details.minka-onpage")
    assert menu.bounding_box()["y"] < 740, "the section menu is not on the first screen"
    menu.locator("summary").click()
    entries = menu.locator("a")
    headings = phone.locator("article h2")
    assert entries.count() == headings.count()
    last = entries.last
    target = last.get_attribute("href")
    last.click()
    phone.wait_for_function("() => window.scrollY > 740")
    assert phone.locator(target).bounding_box()["y"] < 740
    # Material's "Back to top" shows once the reader scrolls up a little.
    phone.mouse.wheel(0, -300)
    back = phone.locator(".md-top")
    back.wait_for(state="visible", timeout=5000)
    back.click()
    phone.wait_for_function("() => window.scrollY === 0", timeout=5000)


def test_section_menu_is_left_to_the_sidebar_on_a_desktop(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base_url}/en/practices/{PRACTICES[0]}/")
    assert not page.locator("details.minka-onpage").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav").first.is_visible()


@pytest.mark.parametrize(
    "lang, documented, source",
    [
        ("en", "documented on July 30, 2018", "A booklet. An agency, August 19, 2016"),
        ("es", "documentada el 30 de julio de 2018", "A booklet. An agency, 19 de agosto de 2016"),
    ],
)
def test_dates_read_as_each_language_writes_them(make_project, lang, documented, source):
    """A record's dates as its readers write them, as the cite box's APA does, not in ISO;
    a year alone stays a year."""
    dated = MINIMAL_CASE.replace("    date: 2018\n", "    date: 2016-08-19\n")
    dated += "documented: 2018-07-30\n"
    yearly = MINIMAL_CASE.replace("id: demo", "id: yearly") + "documented: 2016\n"
    root = make_project({"cases/demo.yaml": dated, "cases/yearly.yaml": yearly})
    pages = render_site(read_project(root), lang)
    assert documented in pages["practices/demo.md"]
    assert documented in pages["practices/demo/factsheet.md"]
    assert source in pages["practices/demo.md"]
    year = {"en": "documented in 2016", "es": "documentada en 2016"}[lang]
    assert year in pages["practices/yearly.md"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_breakdown_names_its_source_as_a_key_figure_does(make_project, lang):
    broken_down = MINIMAL_CASE + (
        "breakdowns:\n"
        "  - title: {en: Networks by chain, es: Redes por cadena}\n"
        "    unit: {en: networks, es: redes}\n"
        "    source: booklet\n"
        "    items:\n"
        "      - {label: {en: Coffee, es: Café}, value: 3}\n"
        "      - {label: {en: Cocoa, es: Cacao}, value: 2}\n"
    )
    root = make_project({"cases/demo.yaml": broken_down})
    page = render_site(read_project(root), lang)["practices/demo.md"]
    source = labels(lang)["source"]
    assert f'<a href="#source-booklet">{source}: A booklet</a>' in page
