"""Every internal link and anchor of the built site resolves.

MkDocs checks the links it knows about (`validation:` in mkdocs.yml, made errors by
--strict); the crawl below also checks what the templates and the theme write: every
href and src of every HTML page that stays inside the site must name a file that exists,
and its #fragment an id in that file. External links: `make linkcheck`, not here.
"""

from __future__ import annotations

import functools
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.utils import yaml_load

from conftest import ROOT

LINK_ATTRIBUTES = {"href", "src"}
# MkDocs writes 404.html for the host to serve at any missing path: its links are absolute
# from the site's root, which it cannot know without site_url, so it is not crawled.
NOT_CRAWLED = {"404.html"}


def test_mkdocs_strict_build_rejects_broken_links_and_anchors():
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        validation = yaml_load(f)["validation"]
    for check in ("omitted_files", "absolute_links", "unrecognized_links", "anchors"):
        assert validation.get(check) == "warn", check  # built_site builds with --strict


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    pages = sorted(p for p in built_site.rglob("*.html") if p.name not in NOT_CRAWLED)
    assert len(pages) > 50
    for page in pages:
        here = page.relative_to(built_site).as_posix()
        for tag, attribute, url in _links(page):
            problem = _check(built_site, here, url)
            if problem:
                broken.append(f"{here}: <{tag} {attribute}={url!r}>: {problem}")
    assert broken == []


def _check(site: Path, here: str, url: str) -> str | None:
    """Return what is wrong with a link from page `here`, or None (also for external links)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("//", "data:")):
        return None
    if parts.path.startswith("/"):
        return "expected a relative link (the site may live under a sub-path), but got an absolute " \
               "one"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path))) \
        if parts.path else here
    if target.startswith("../") or target == "..":
        return "points outside the site"
    path = site / target
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return f"expected the file {path.relative_to(site).as_posix()}, but it does not exist"
    if parts.fragment and path.suffix == ".html":
        fragment = unquote(parts.fragment)
        if fragment not in _ids(path):
            return f"expected an element with id {fragment!r} in {path.relative_to(site)}"
    return None


def _links(page: Path) -> list[tuple[str, str, str]]:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector.links


@functools.cache
def _ids(page: Path) -> frozenset[str]:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return frozenset(collector.ids)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES and value.strip() not in ("", "#"):
                self.links.append((tag, name, value.strip()))
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)

    handle_startendtag = handle_starttag
