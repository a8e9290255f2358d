"""A record printed from the browser is a clean document: content, no chrome."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader


def _pdf_text(page) -> str:
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return "\n".join(p.extract_text() for p in reader.pages)


def test_record_prints_without_nav_search_or_buttons(page, base_url, built_site):
    page.goto(f"{base_url}/en/practices/samer/")
    text = _pdf_text(page)
    flat = " ".join(text.split())
    assert "SAMER: networks of rural microenterprises in Nariño" in flat
    for heading in ("Key figures", "Summary", "Sources"):
        assert heading in flat
    # None of the header, tabs, sidebar, search box or footer.
    for chrome in (
        "Minka: rural associativity practices",
        "Contribute",
        "Search",
        "Made with",
        "Back to top",
    ):
        assert chrome not in flat, chrome


def test_printed_links_show_where_they_lead(page, base_url):
    page.goto(f"{base_url}/en/practices/ser/")
    flat = "".join(_pdf_text(page).split())
    assert "<https://" in flat


def test_print_hides_buttons_and_form_controls(page, base_url):
    page.goto(f"{base_url}/es/practices/samer/")
    page.emulate_media(media="print")
    assert not page.locator(".minka-search").is_visible()
    assert not page.locator(".md-header").is_visible()
    for hidden in page.locator(".minka-noprint").all():
        assert not hidden.is_visible()


def _records():
    from conftest import ROOT

    from generator.pipeline import read_project

    catalog = read_project(ROOT)
    return [f"practices/{c}" for c in sorted(catalog.cases)] + [
        f"methodologies/{m}" for m in sorted(catalog.methodologies)
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_factsheet_prints_on_at_most_two_a4_pages(page, base_url, built_site, lang):
    page.emulate_media(media="print")
    long = {}
    for record in _records():
        page.goto(f"{base_url}/{lang}/{record}/factsheet/")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        if len(reader.pages) > 2:
            long[record] = len(reader.pages)
    assert not long, f"factsheets longer than two A4 pages: {long}"


def test_factsheet_has_summary_facts_figures_with_sources_exchange_citation_address(page, base_url):
    page.goto(f"{base_url}/en/practices/ser/")
    page.locator("nav.minka-actions a", has_text="Factsheet").click()
    page.wait_for_url("**/practices/ser/factsheet/")
    flat = " ".join(_pdf_text(page).split())
    for part in (
        "SENA Emprende Rural (SER)",
        "Lead",
        "Key figures",
        "Source",
        "[1]",
        "What can be transferred",
        "Cite this",
        f"{base_url}/en/practices/ser/",
    ):
        assert part in flat, part
    for chrome in ("Minka: rural associativity practices", "Search", "Back to top"):
        assert chrome not in flat, chrome


def test_a_printed_record_lists_what_the_screen_shortens(page, base_url):
    from conftest import ROOT

    from generator.pipeline import read_project

    catalog = read_project(ROOT)
    case = max(catalog.cases.values(), key=lambda c: len(c.partners))
    page.goto(f"{base_url}/en/practices/{case.id}/")
    flat = " ".join(_pdf_text(page).split())
    last = catalog.vocab.organizations[case.partners[-1].org].name.get("en")
    assert " ".join(last.split()) in flat
    assert " more" not in flat.split("Themes")[0].split("Partners")[-1]
