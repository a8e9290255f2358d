"""Open data: the catalog as JSON and CSV, every citation in one file, the Atom feed.

`data_files` computes every file of a language's data/ folder; the plugin writes them
and `minka export` prints them. Only `citation_site` (and feed.py's dates) look at the file
system and the clock.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from pathlib import Path

import pydantic_core
from babel.numbers import format_decimal

from . import cite, csl, reference
from .catalog import Catalog, organization_roles
from .feed import FEED, absolute_url, atom_feed, commit_dates
from .models import Case, Methodology
from .present import labels
from .schema import export_schemas
from .text import plain_text

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
    "lead_organizations",
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
    that carry no date of their own (see `record_dates`). A record's own citations are
    downloaded from its "cite this" box, which carries them (citepage.py).
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
        "cases": list(catalog.cases.values()),
        "methodologies": list(catalog.methodologies.values()),
        "organizations": list(vocab.organizations.values()),
        "terms": {name: list(terms.values()) for name, terms in vocab.terms.items()},
    }
    # pydantic's own encoder writes the models as model_dump(mode="json") would, compact and
    # in UTF-8, the same bytes as json.dumps of the dumps in a tenth of the time (0.75 s
    # per language at 1,000 records).
    return pydantic_core.to_json(data).decode("utf-8") + "\n"


def catalog_csv(catalog: Catalog, lang: str, site_url: str | None = None) -> str:
    """One row per record with its main fields in `lang`; lists are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        writer.writerow(_csv_row(rec, catalog, lang, site_url))
    return out.getvalue()


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

    def names(ids) -> str:
        return "; ".join(vocab.organizations[o].name.get(lang) for o in dict.fromkeys(ids))

    period = rec.period if is_case else None
    return {
        "id": rec.id,
        "type": "practice" if is_case else "methodology",
        "title": rec.title.get(lang),
        "acronym": rec.acronym or "",
        "countries": "; ".join(rec.countries),
        "country_names": "; ".join(reference.country_name(c, lang) for c in rec.countries),
        # Every organization the record names with a role, as its organizations' hubs list
        # it; those that lead it (a methodology: own it) apart.
        "organizations": names(org for org, _ in organization_roles(rec)),
        "lead_organizations": names(rec.lead if is_case else rec.owner),
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
        "page": absolute_url(site_url, cite.record_path(rec)) or cite.record_path(rec),
    }


def _size(size: int, lang: str) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024, 1), locale=lang)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=lang)} MB"
