"""What a person sees and clicks, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from generator import reference
from generator.pipeline import read_project


def test_samer_key_figures_then_switch_to_spanish(page, base_url):
    page.goto(f"{base_url}/en/practices/samer/")
    assert page.locator("h1").inner_text().startswith("SAMER")
    figures = page.locator(".minka-figure")
    assert figures.count() >= 8
    first = figures.first.inner_text()
    assert "108" in first and "microenterprises" in first and "Source" in first

    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="es"]').click()
    page.wait_for_url(f"{base_url}/es/practices/samer/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Nariño" in page.locator("h1").inner_text()
    assert "Cifras clave" in page.locator("article").inner_text()
    assert page.console_errors == []


def test_switching_language_keeps_a_comparison_and_a_search(page, base_url):
    """The switcher takes a comparison's records and a search's words to the other language;
    a facet value, a name in the page's language, stays behind."""
    catalog = read_project(ROOT)
    ids = ",".join(sorted(catalog.cases)[:2])
    page.goto(f"{base_url}/es/compare/?ids={ids}")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{base_url}/en/compare/?ids={quote(ids, safe='')}")
    chosen = page.locator('input[name="ids"]:checked')
    expect(chosen).to_have_count(2)
    country = reference.country_name(
        sorted(catalog.cases.values(), key=lambda c: c.id)[0].countries[0], "es"
    )
    page.goto(f"{base_url}/es/explore/?q=cafe&country={quote(country)}")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{base_url}/en/explore/?q=cafe")
    expect(page.locator("#minka-explore-q")).to_have_value("cafe")
    assert page.console_errors == []


def test_root_sends_a_spanish_reader_to_spanish(browser, base_url):
    context = browser.new_context(locale="es-CO")
    page = context.new_page()
    page.goto(f"{base_url}/")
    page.wait_for_url(f"{base_url}/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    context.close()


@pytest.mark.parametrize(
    "path, heading",
    [
        ("es/practices/agro-rural-business-networks/", "Agro Rural"),
        ("en/practices/chorlavi-dynamic-markets/", "Conclusions"),
        ("en/methodologies/my-coop/", "Modules"),
        ("es/methodologies/tropenbos/", "Módulos"),
        ("es/practices/quesinor/", "Tipología"),
    ],
)
def test_records_of_different_kinds_open_in_both_languages(page, base_url, path, heading):
    page.goto(f"{base_url}/{path}")
    assert heading in page.locator("article").inner_text()
    assert page.console_errors == []
