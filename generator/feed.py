"""The Atom feed of a language's records, and when each record last changed.

A record's date is the one it documents; else when its file last changed: its last commit
(the same in every clone, so a feed built twice marks nothing as updated), else the file's
modification time. `commit_dates` and `record_dates` are the only parts that look at the
file system.
"""

from __future__ import annotations

import datetime
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from . import cite
from .catalog import Catalog
from .models import Case, Methodology
from .present import labels
from .text import plain_text

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"


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
    _sub(feed, "id", absolute_url(site_url, f"data/{FEED}") or _urn(lang, f"data/{FEED}"))
    _sub(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=absolute_url(site_url, f"data/{FEED}") or f"data/{FEED}",
    )
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, "") or "./")
    newest = dated[0][0] if dated else datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    _sub(feed, "updated", _rfc3339(newest))
    _sub(_sub(feed, "author"), "name", site.name)
    for when, rec in dated:
        entry = _sub(feed, "entry")
        path = cite.record_path(rec)
        _sub(entry, "id", absolute_url(site_url, path) or _urn(lang, path))
        _sub(entry, "title", rec.title.get(lang))
        _sub(entry, "updated", _rfc3339(when))
        _sub(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=absolute_url(site_url, path) or path,
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


def absolute_url(site_url: str | None, path: str) -> str | None:
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
