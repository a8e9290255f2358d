"""What a record page shows and declares for citing it: the "Cite this" box with its
downloads, the Highwire `citation_*` tags Zotero reads, and schema.org JSON-LD; JSON-LD of
any other page too. All of it is derived from the CSL items of cite.py.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from markupsafe import Markup

from . import csl, reference
from .catalog import Catalog
from .cite import Site, original_items, page_item, source_item, work_item
from .languages import LANGS
from .models import Case, Methodology
from .present import environment
from .stencil import Stencil, mark


def highwire_tags(item: dict) -> list[list[str]]:
    """Return the Highwire Press `citation_*` meta tags (name, content) of a page item.

    Read as Zotero's Embedded Metadata translator reads them: `citation_title` alone would
    make a journal article, so the page also says og:type "website" (main.html), which
    makes it a web page; no journal, report or book tag is given. A `citation_author`
    without a comma is split at its last space ("National Training", "Service"); one in
    "Family, Given" form with nothing after the comma is kept whole as a family name.
    """
    tags = [["citation_title", item["title"]]]
    tags += [["citation_author", csl.ris_name(a["literal"]) + ","] for a in item.get("author", [])]
    if "issued" in item:
        date = "/".join(
            f"{p:02d}" if i else str(p) for i, p in enumerate(item["issued"]["date-parts"][0])
        )
        tags += [["citation_publication_date", date], ["citation_date", date]]
    if "URL" in item:
        tags.append(["citation_public_url", item["URL"]])
    tags.append(["citation_language", item["language"]])
    return tags


def json_ld(rec: Case | Methodology, catalog: Catalog, lang: str, site: Site, item: dict) -> dict:
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
        node["dateModified"] = csl.iso(item["issued"]["date-parts"][0])
    node["inLanguage"] = lang
    node["description"] = item["abstract"]
    if site.url:
        node["isPartOf"] = {"@type": "WebSite", "name": site.name, "url": site.url}
    if rec.themes:
        node["keywords"] = [getattr(catalog.vocab.term("themes", t), lang) for t in rec.themes]
    if rec.countries:
        node["spatialCoverage"] = [
            {"@type": "Country", "identifier": code, "name": reference.country_name(code, lang)}
            for code in rec.countries
        ]
    if isinstance(rec, Methodology):
        work = _work_node(work_item(rec, catalog, lang), catalog, lang)
        work["@type"] = "LearningResource"
        node["about"] = work
    if rec.sources:
        node["isBasedOn"] = [
            _work_node(source_item(s, catalog.source_key(rec.id, s.id)), catalog, lang)
            for s in rec.sources
        ]
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

    Each download carries its text in its link (`_formats`). The page citation also comes
    as templates in which the reader's browser puts the access date (and the page's
    address, when the build did not know it): see `_templates`.
    """
    item = page_item(rec, catalog, lang, site)
    shown = {k: v for k, v in item.items() if k not in ("accessed", "note")}
    page = {
        "apa": [Markup(csl.render_apa(shown, lang))],
        "formats": _formats([item], rec.id),
        "templates": _templates(item, lang),
    }
    box = {
        "page": page,
        "original": None,
        "locale": csl.CSL_LOCALES[lang],
        "meta": {
            "highwire": highwire_tags(item),
            "jsonld": json_ld(rec, catalog, lang, site, item),
            "description": item["abstract"],
        },
    }
    originals = original_items(rec, catalog, lang)
    if originals:
        box["original"] = {
            "kind": "practice" if isinstance(rec, Case) else "methodology",
            "apa": [_apa_in(i, lang) for i in originals],
            "formats": _formats(originals, f"{rec.id}.original"),
            "templates": None,
        }
    return box


def _apa_in(item: dict, lang: str) -> Markup:
    """The APA of an original on a page in `lang`; its title, the first text in italics,
    keeps the language of the document (a screen reader reads an English title in English
    on /es/), as the sources list marks it."""
    apa = csl.render_apa(item, lang)
    other = item.get("language")
    if other and other != lang and "<i>" in apa:
        apa = apa.replace("<i>", str(Markup('<i lang="{}">').format(other)), 1)
    return Markup(apa)


# The templates of a page citation: texts rendered with a made-up access date (and address),
# which are then replaced by tokens the reader's browser fills in (theme/assets/cite.js). The
# dates are in the future, where no record's date can be, so nothing else is replaced.
_SENTINEL = datetime.date(2999, 1, 2)
_OTHER_SENTINEL = datetime.date(2998, 3, 4)
_SENTINEL_URL = "https://minka.invalid/page/"
TOKENS = {
    "url": "⟦url⟧",
    "date": "⟦date⟧",
    "iso": "⟦iso⟧",
    "ris": "⟦ris⟧",
    "y": "⟦y⟧",
    "m": "⟦m⟧",
    "d": "⟦d⟧",
}


def _templates(item: dict, lang: str) -> dict[str, str]:
    """Return {"apa": HTML, format key: text} of a page item, with the tokens of TOKENS."""
    base = {k: v for k, v in item.items() if k != "note"}
    if "URL" not in base:
        base["URL"] = _SENTINEL_URL
    dated = {**base, "accessed": csl.csl_date(_SENTINEL)}
    apa = csl.render_apa(dated, lang)
    other = csl.render_apa({**base, "accessed": csl.csl_date(_OTHER_SENTINEL)}, lang)
    # The two renderings differ only in the access date, however the style writes it.
    start = next(i for i, (a, b) in enumerate(zip(apa, other, strict=False)) if a != b)
    end = next(
        i for i, (a, b) in enumerate(zip(reversed(apa), reversed(other), strict=False)) if a != b
    )
    texts = {
        "apa": apa[:start] + TOKENS["date"] + apa[len(apa) - end :],
        **csl.format_texts([dated]),
    }
    texts["bibtex"] = texts["bibtex"].replace("2999-01-02", TOKENS["iso"])
    texts["ris"] = texts["ris"].replace("2999/01/02/", TOKENS["ris"])
    texts["csl"] = re.sub(
        r"\b2999(,\s*)1(,\s*)2\b",
        lambda m: f"{TOKENS['y']}{m[1]}{TOKENS['m']}{m[2]}{TOKENS['d']}",
        texts["csl"],
    )
    return {key: text.replace(_SENTINEL_URL, TOKENS["url"]) for key, text in texts.items()}


# What a data: URL may carry as it is (RFC 3986's unreserved characters, sub-delimiters and
# path characters): the rest is percent-encoded.
_URL_SAFE = "-._~!$&'()*+,;=:@/"


def _formats(items: list[dict], name: str) -> list[dict]:
    """Each format's text, and a link that downloads it as <name>.<ext>. The text travels in
    the link (a data: URL), as the box shows it: the download works without script, and the
    site needs no file per record and format, which were two thirds of the files a build
    wrote (6,000 per language at 1,000 records; creating a file costs this machine's
    kernel up to 0.7 ms, bench/README.md). The whole bibliography stays in data/citations.*.
    """
    texts = csl.format_texts(items)
    return [
        {
            "key": key,
            "label": label,
            "text": texts[key],
            "href": f"data:{mime};charset=utf-8,{quote(texts[key], safe=_URL_SAFE)}",
            "filename": f"{name}.{ext}",
            "mime": mime,
        }
        for key, (label, ext, mime) in csl.FORMATS.items()
    ]


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
        node["datePublished"] = csl.iso(item["issued"]["date-parts"][0])
    if "URL" in item:
        node["url"] = item["URL"]
    if "language" in item:
        node["inLanguage"] = item["language"]
    return node


def _agent(name: str, catalog: Catalog, lang: str, organization: bool = False) -> dict:
    """An Organization node for a name (or acronym) of the organizations vocabulary, and for
    a publisher; a Person for any other author, whose name is given as written."""
    org = _by_name(catalog).get(name)
    if org is not None:
        node = {"@type": "Organization", "name": name}
        if org.acronym and org.acronym.get(lang) != name:
            node["alternateName"] = org.acronym.get(lang)
        if org.url:
            node["url"] = org.url
        return node
    return {"@type": "Organization" if organization else "Person", "name": name}


def _by_name(catalog: Catalog) -> dict:
    """{name: organization} of every name an organization goes by, in any language, acronyms
    included; the first organization of the vocabulary holding a name has it. Made once per
    catalog: every source of every record page looked through the whole vocabulary."""
    if _index[0] is not catalog:
        index: dict = {}
        for org in catalog.vocab.organizations.values():
            acronyms = org.acronym.forms() if org.acronym else ()
            for name in (*(getattr(org.name, lang) for lang in LANGS), *acronyms):
                if name:
                    index.setdefault(name, org)
        _index[:] = [catalog, index]
    return _index[1]


_index: list = [None, {}]


def cite_html(view, box: dict) -> Markup:
    """The "Cite this" part of a record page (_cite.md.j2, for cite_box's `box`): rendered
    once per build and shape of box (whether the record has an original, how many APA
    entries) with markers in place of the record's citations, which are put in here
    (stencil.py). Its labels were written again for every record."""
    probe, values = _marked(box)
    shape = "cite " + repr(probe)  # the markers are named by their place: shapes compare
    if shape not in view.stencils:
        template = environment(view.lang).get_template("_cite.md.j2")
        view.stencils[shape] = Stencil(template.render(L=view.L, cite=probe))
    return view.stencils[shape].fill(values)


def _marked(box: dict) -> tuple[dict, dict]:
    """The box as _cite.md.j2 reads it with a marker in place of each text of the record, and
    those texts by marker name. What decides the shape of the HTML stays: which parts there
    are, the original's kind, the formats' keys, labels and media types, how many entries."""
    values: dict = {}

    def leaf(name: str, value):
        values[name] = value
        return mark(name)

    def part(key: str, c: dict) -> dict:
        templates = c["templates"]
        return {
            "apa": [leaf(f"{key}.apa.{i}", apa) for i, apa in enumerate(c["apa"])],
            "templates": {k: leaf(f"{key}.t.{k}", v) for k, v in templates.items()}
            if templates
            else templates,
            "formats": [
                f | {n: leaf(f"{key}.{f['key']}.{n}", f[n]) for n in ("text", "href", "filename")}
                for f in c["formats"]
            ],
        }

    original = box["original"]
    probe = {
        "locale": leaf("locale", box["locale"]),
        "page": part("page", box["page"]),
        "original": part("original", original) | {"kind": original["kind"]} if original else None,
    }
    return probe, values
