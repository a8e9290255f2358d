"""What a person sees and clicks, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import pytest


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
