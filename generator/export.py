"""Open data: the catalog as JSON and CSV, every citation in one file, an Atom feed.

`data_files` computes every file of a language's data/ folder; the plugin writes them
and `minka export` prints them. Only `commit_dates`, `record_dates` and `citation_site`
look at the file system (and the clock).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from babel.numbers import format_decimal

from . import cite, csl, reference
from .catalog import Catalog
from .models import Case, Methodology
from .present import labels
from .schema import export_schemas
from .text import plain_text

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
# name: (format key in labels-cite.yaml, what it holds), in the order the data page lists them
FILES = {
    "catalog.json": ("json", "catalog_json"),
    "catalog.csv": ("csv", "catalog_csv"),
    "citations.bib": ("bibtex", "citations_bib"),
    "citations.ris": ("ris", "citations_ris"),
    "citations.json": ("csl", "citations_csl"),
    FEED: ("atom", "feed"),
}
CSV_COLUMNS = (
    "id",
    "type",
    "title",
    "acronym",
    "countries",
    "country_names",
    "organizations",
    "period_start",
    "period_end",
    "ongoing",
    "year",
    "documented",
    "themes",
    "value_chains",
    "populations",
    "sdg_goals",
    "sdg_assigned_by",
    "methodologies",
    "summary",
    "page",
)


def data_files(
    catalog: Catalog,
    lang: str,
    site: cite.Site | None = None,
    changed: dict[str, datetime.datetime] | None = None,
) -> dict[str, str]:
    """Return {path under data/: text} of every data file of `lang`.

    `changed` maps record ids to when their file last changed: the feed date of records
    that carry no date of their own (see `record_dates`). Each record also gets its two
    citations on their own, cite/<id>.<ext> (the page) and cite/<id>.original.<ext>, which
    its "cite this" box offers for download.
    """
    site = site or cite.Site()
    items = bibliography(catalog, lang, site)
    files = {
        "catalog.json": catalog_json(catalog),
        "catalog.csv": catalog_csv(catalog, lang, site.url),
        "citations.bib": csl.to_bibtex(items),
        "citations.ris": csl.to_ris(items),
        "citations.json": csl.to_csl_json(items),
        FEED: atom_feed(catalog, lang, site, changed or {}),
    }
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        own = {
            rec.id: [cite.page_item(rec, catalog, lang, site)],
            f"{rec.id}.original": cite.original_items(rec, catalog, lang),
        }
        for name, cited in own.items():
            if cited:
                for key, text in csl.format_texts(cited).items():
                    files[f"cite/{name}.{csl.FORMATS[key][1]}"] = text
    return files


def bibliography(catalog: Catalog, lang: str, site: cite.Site | None = None) -> list[dict]:
    """Return the CSL items of every record's page, then of every original work (the
    methodologies themselves, the practices' sources), each once."""
    site = site or cite.Site()
    records = [*catalog.cases.values(), *catalog.methodologies.values()]
    pages = [cite.page_item(rec, catalog, lang, site) for rec in records]
    return pages + _unique([cite.original_items(rec, catalog, lang) for rec in records])


def citation_site(
    root: Path,
    catalog: Catalog,
    lang: str,
    site_url: str | None,
    name: str | None = None,
    committed: dict[str, datetime.datetime] | None = None,
) -> cite.Site:
    """Return what the citations of `lang` say about the site: its address when known, the
    portal's name, each record's last update (its last commit) and the day of the build.

    The build date is SOURCE_DATE_EPOCH's when that is set, so a reproducible build
    stays reproducible.
    """
    committed = commit_dates(root) if committed is None else committed
    updated = {
        record_id: committed[path].date()
        for record_id, path in catalog.paths.items()
        if path in committed
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    accessed = (
        datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
        if epoch
        else datetime.date.today()
    )
    return cite.Site(
        url=site_url,
        name=name or cite.PORTAL,
        updated=updated,
        accessed=accessed,
        url_unknown=labels(lang)["cite_url_unknown"],
    )


def catalog_json(catalog: Catalog) -> str:
    """Every record with all its fields in both languages, plus the vocabularies they use."""
    if _json_cache[0] is not catalog:  # the same file for both languages
        _json_cache[:] = [catalog, _catalog_json(catalog)]
    return _json_cache[1]


_json_cache: list = [None, ""]


def _catalog_json(catalog: Catalog) -> str:
    vocab = catalog.vocab
    data = {
        "cases": [c.model_dump(mode="json") for c in catalog.cases.values()],
        "methodologies": [m.model_dump(mode="json") for m in catalog.methodologies.values()],
        "organizations": [o.model_dump(mode="json") for o in vocab.organizations.values()],
        "terms": {
            name: [t.model_dump(mode="json") for t in terms.values()]
            for name, terms in vocab.terms.items()
        },
    }
    # Compact: the file is for programs, and Python's encoder is many times faster without indent.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def catalog_csv(catalog: Catalog, lang: str, site_url: str | None = None) -> str:
    """One row per record with its main fields in `lang`; lists are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        writer.writerow(_csv_row(rec, catalog, lang, site_url))
    return out.getvalue()


def atom_feed(
    catalog: Catalog, lang: str, site: cite.Site, changed: dict[str, datetime.datetime]
) -> str:
    """Return an Atom feed of the records, newest first, titles and summaries in `lang`.

    An entry's date is the one its record documents (a year alone counts from 1 January);
    a record without one is dated by when its file last changed, and left out when that
    is unknown too. Links are absolute when the site's address is known; otherwise they
    are relative to the language root, which `xml:base` names relative to the feed.
    The portal is the author of every entry: the summaries are its own words.
    """
    site_url = site.url
    L = labels(lang)
    dated = []
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        when = _feed_date(rec) or changed.get(rec.id)
        if when is not None:
            dated.append((when, rec))
    dated.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)

    ET.register_namespace("", ATOM)
    xml = "{http://www.w3.org/XML/1998/namespace}"
    feed = ET.Element(
        f"{{{ATOM}}}feed",
        {f"{xml}lang": lang} if site_url else {f"{xml}lang": lang, f"{xml}base": "../"},
    )
    _sub(feed, "title", L["site_name"])
    _sub(feed, "subtitle", L["feed_subtitle"])
    _sub(feed, "id", _absolute(site_url, f"data/{FEED}") or _urn(lang, f"data/{FEED}"))
    _sub(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=_absolute(site_url, f"data/{FEED}") or f"data/{FEED}",
    )
    _sub(feed, "link", rel="alternate", type="text/html", href=_absolute(site_url, "") or "./")
    newest = dated[0][0] if dated else datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    _sub(feed, "updated", _rfc3339(newest))
    _sub(_sub(feed, "author"), "name", site.name)
    for when, rec in dated:
        entry = _sub(feed, "entry")
        path = cite.record_path(rec)
        _sub(entry, "id", _absolute(site_url, path) or _urn(lang, path))
        _sub(entry, "title", rec.title.get(lang))
        _sub(entry, "updated", _rfc3339(when))
        _sub(
            entry, "link", rel="alternate", type="text/html", href=_absolute(site_url, path) or path
        )
        kind = "practice" if isinstance(rec, Case) else "methodology"
        _sub(entry, "category", term=kind, label=L[kind])
        _sub(entry, "summary", plain_text(rec.summary.get(lang)), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def record_dates(
    root: Path, catalog: Catalog, committed: dict[str, datetime.datetime] | None = None
) -> dict[str, datetime.datetime]:
    """Return when each record's file last changed: its last commit, else its mtime.

    The commit date is the same in every clone, so a feed built twice does not mark
    records as updated when nothing changed; a file git does not know falls back to
    its modification time. `committed` is what `commit_dates` returned, when known.
    """
    committed = commit_dates(root) if committed is None else committed
    dates = {}
    for record_id, path in catalog.paths.items():
        when = committed.get(path)
        if when is None:
            try:
                when = datetime.datetime.fromtimestamp(
                    (root / path).stat().st_mtime, tz=datetime.UTC
                )
            except OSError:
                continue
        dates[record_id] = when
    return dates


def data_page(files: dict[str, str], lang: str) -> list[dict]:
    """Return the groups of files the data page lists, with links, formats and sizes."""
    L = labels(lang)
    schemas = export_schemas()

    def entry(name: str, href: str, fmt: str, holds: str, text: str) -> dict:
        return {
            "name": name,
            "href": href,
            "format": L["data_formats"][fmt],
            "holds": holds,
            "size": _size(len(text.encode("utf-8")), lang),
        }

    def own(name: str) -> dict:
        fmt, holds = FILES[name]
        return entry(name, name, fmt, L["data_holds"][holds], files[name])

    return [
        {"heading": L["data_catalog"], "files": [own("catalog.json"), own("catalog.csv")]},
        {
            "heading": L["data_citations"],
            "files": [own("citations.bib"), own("citations.ris"), own("citations.json")],
        },
        {"heading": L["data_feed"], "files": [own(FEED)]},
        {
            "heading": L["data_schemas"],
            "files": [
                entry(
                    name,
                    f"../schema/{name}",
                    "schema",
                    L["data_holds"]["schema"].format(what=L["data_schema_of"][name.split(".")[0]]),
                    text,
                )
                for name, text in schemas.items()
            ],
        },
    ]


# Helpers


def _unique(items: list[list[dict]]) -> list[dict]:
    """Every record's original works, once each: records often cite the same document."""
    seen, unique = set(), []
    for own in items:
        for item in own:
            key = json.dumps({k: v for k, v in item.items() if k != "id"}, sort_keys=True)
            if key not in seen:
                seen.add(key)
                unique.append(item)
    return unique


def _csv_row(rec: Case | Methodology, catalog: Catalog, lang: str, site_url: str | None) -> dict:
    vocab = catalog.vocab
    is_case = isinstance(rec, Case)

    def terms(vocabulary: str, ids: list[str]) -> str:
        return "; ".join(getattr(vocab.term(vocabulary, t), lang) for t in ids)

    orgs = rec.lead if is_case else rec.owner
    period = rec.period if is_case else None
    return {
        "id": rec.id,
        "type": "practice" if is_case else "methodology",
        "title": rec.title.get(lang),
        "acronym": rec.acronym or "",
        "countries": "; ".join(rec.countries),
        "country_names": "; ".join(reference.country_name(c, lang) for c in rec.countries),
        "organizations": "; ".join(vocab.organizations[o].name.get(lang) for o in orgs),
        "period_start": period.start if period else "",
        "period_end": period.end if period and period.end else "",
        "ongoing": ("yes" if period.ongoing else "") if period else "",
        "year": "" if is_case or rec.year is None else rec.year,
        "documented": rec.documented.isoformat()
        if isinstance(rec.documented, datetime.date)
        else (rec.documented or ""),
        "themes": terms("themes", rec.themes),
        "value_chains": terms("value-chains", rec.value_chains) if is_case else "",
        "populations": terms("populations", rec.populations) if is_case else "",
        "sdg_goals": "; ".join(str(g) for g in rec.sdg.goals) if is_case and rec.sdg else "",
        "sdg_assigned_by": (rec.sdg.assigned_by or "") if is_case and rec.sdg else "",
        "methodologies": "; ".join(map(str, rec.methodologies)) if is_case else "",
        "summary": plain_text(rec.summary.get(lang)),
        "page": _absolute(site_url, cite.record_path(rec)) or cite.record_path(rec),
    }


def _feed_date(rec: Case | Methodology) -> datetime.datetime | None:
    value = rec.documented
    if value is None and isinstance(rec, Methodology):
        value = rec.year
    if value is None:
        return None
    day = value if isinstance(value, datetime.date) else datetime.date(int(value), 1, 1)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def commit_dates(root: Path) -> dict[str, datetime.datetime]:
    """Map each record file (path relative to root) to the date of the last commit to it."""
    try:
        log = subprocess.run(
            [
                "git",
                "log",
                "--format=%x00%cI",
                "--name-only",
                "--relative",
                "--",
                "cases",
                "methodologies",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}  # not a git checkout, or no git: modification times will do
    dates: dict[str, datetime.datetime] = {}
    for commit in log.split("\0")[1:]:
        stamp, *paths = commit.strip().splitlines()
        for path in paths:
            if path.strip():
                dates.setdefault(path.strip(), datetime.datetime.fromisoformat(stamp))
    return dates


def _absolute(site_url: str | None, path: str) -> str | None:
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def _urn(lang: str, path: str) -> str:
    """A stable id for a feed or entry when the site's address is unknown (no made-up domain)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"minka:{lang}/{path}").urn


def _rfc3339(when: datetime.datetime) -> str:
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _size(size: int, lang: str) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024, 1), locale=lang)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=lang)} MB"
