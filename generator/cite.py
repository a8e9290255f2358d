"""Citations of records: their CSL-JSON items (citepage.py shows them on the page).

Every record has two citations, never confused. The page: Minka's record as a web page,
written by the portal, dated by its last update. The original: the work the page is about
(a methodology, by its owners) or the documents it is drawn from (a practice's sources).
Nobody is credited with text they did not write.

CSL-JSON is the canonical form: every other format (generator/csl.py: APA, BibTeX, RIS) and
the page metadata (generator/citepage.py) are derived from a CSL item, never from the record directly, so they
cannot disagree. Nothing is invented: a field the record does not have is left out of every
format.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from . import csl
from .catalog import Catalog
from .models import Case, Methodology, Source
from .text import plain_text

PORTAL = "Minka"  # the portal's name when mkdocs.yml gives no site_author


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
        item["issued"] = csl.csl_date(issued)
    item["publisher"] = site.name
    url = site.page_url(rec)
    if url:
        item["URL"] = url
    elif site.url_unknown:
        item["note"] = site.url_unknown
    if site.accessed:
        item["accessed"] = csl.csl_date(site.accessed)
    item["language"] = lang
    item["abstract"] = plain_text(rec.summary.get(lang))
    return item


def original_items(rec: Case | Methodology, catalog: Catalog, lang: str) -> list[dict]:
    """Return the CSL items of the original: a methodology itself, or a practice's sources."""
    if isinstance(rec, Case):
        return [source_item(s, catalog.source_key(rec.id, s.id)) for s in rec.sources]
    return [work_item(rec, catalog, lang)]


def work_item(method: Methodology, catalog: Catalog, lang: str) -> dict:
    """Return the CSL item of a methodology itself: its owners, title and year.

    Authors are organizations, so they are CSL literals: splitting "Servicio Nacional de
    Aprendizaje" into given and family names would invent a person. The record's
    `citation` overrides correct any of them.
    """
    override = method.citation
    item = {
        "id": f"{method.id}.original",
        "type": "document",
        "title": override.title if override and override.title else method.title.get(lang),
    }
    if method.acronym and method.acronym != item["title"]:
        item["title-short"] = method.acronym
    authors = (
        list(override.authors)
        if override and override.authors
        else [organization_name(catalog, org, lang) for org in method.owner]
    )
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    year = override.year if override and override.year else method.year
    if year:
        item["issued"] = csl.csl_date(year)
    if override and override.publisher:
        item["publisher"] = override.publisher
    item["language"] = lang
    return item


def source_item(src: Source, key: str) -> dict:
    """Return the CSL-JSON item of one of a record's sources, `key` its id
    (`Catalog.source_key`).

    Sources do not say what kind of document they are, so they get CSL's generic
    "document" type; an author is kept as written (a literal), never parsed into names.
    """
    item = {"id": key, "type": "document", "title": src.title}
    if src.author:
        item["author"] = [{"literal": src.author}]
    if src.date is not None:
        item["issued"] = csl.csl_date(src.date)
    if src.publisher:
        item["publisher"] = src.publisher
    if src.url:
        item["URL"] = src.url
    if src.language:
        item["language"] = src.language
    return item
