"""Where a link of a page's raw HTML leads in the site: MkDocs checks the links of Markdown
only, so the plugin checks those of the raw blocks (present.raw_html) with these."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html import unescape as html_unescape
from urllib.parse import unquote


def site_path(url: str) -> str:
    """A URL of the site, as a key: "countries/pe" for countries/pe/ and ./countries/pe/."""
    path = posixpath.normpath(url)
    return "" if path == "." else path


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def resolve(folder: tuple[str, ...], link: str) -> tuple[str | None, str]:
    """The site path (as site_path) a link of the page in `folder` reaches, and its anchor;
    "" for the page itself, None outside the language's site."""
    ups, down, anchor = _parsed(link)
    if down is None:
        return "", anchor
    if ups is None or ups > len(folder):
        return None, anchor
    return "/".join(folder[: len(folder) - ups] + down), anchor


@lru_cache(maxsize=65536)
def _parsed(link: str) -> tuple[int | None, tuple[str, ...] | None, str]:
    """A link of raw HTML as (how many folders it climbs, the folders and file it then goes
    down to, its anchor): ups None for a link outside the language's site, `down` None for
    the page itself. By hand, not urlsplit and normpath, and once per link: a page has a
    hundred links and more, most of them its neighbours' (the hubs, the other language, the
    data files), and every record page is a folder of its own."""
    link, _, anchor = html_unescape(link).partition("#") if "&" in link else link.partition("#")
    path = link.partition("?")[0]
    if not path:
        return 0, None, anchor
    if path[0] == "/" or _SCHEME.match(path):
        return None, (), anchor
    ups, down = 0, []
    for segment in unquote(path).split("/"):
        if segment == "..":
            if down:
                down.pop()
            else:
                ups += 1
        elif segment and segment != ".":
            down.append(segment)
    return ups, tuple(down), anchor
