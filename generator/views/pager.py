"""Long lists in pages: the catalogs of practices and methodologies, the practices open to
exchange and every hub show at most PAGE_CARDS cards a page.

On one page, practices/ was 549 KB of HTML at 1,000 records and 2.7 MB at 5,000, and a theme
or SDG hub 125 to 160 KB at 1,000: thousands of cards for a phone to download and lay out.
A list's first page keeps its address; the others are <list>/page/<n>/. explore/ searches
and filters the same records.
"""

from __future__ import annotations

import posixpath

from ..present import format_number, href
from .record import card

# 100 cards are about 55 KB of HTML (7 KB compressed) and 1,200 elements. Pages of 50 cost a
# 1,000-record build about 1 s of CPU per language for its 228 more pages (73 of 100);
# bench/README.md, "The ninth part".
PAGE_CARDS = 100


def list_pages(first: str, count: int) -> list[str]:
    """The paths of the pages of a list of `count` cards whose first page is `first`
    (practices/index.md, countries/co.md): `first`, then <list>/page/2.md and on."""
    last = max(1, -(-count // PAGE_CARDS))
    return [first, *(f"{later_pages(first)}{n}.md" for n in range(2, last + 1))]


def later_pages(first: str) -> str:
    """The folder of the pages after `first`, a list's first page."""
    if posixpath.basename(first) == "index.md":
        return f"{posixpath.dirname(first)}/page/"
    return f"{first.removesuffix('.md')}/page/"


def paged(view, first: str, number: int, groups: list[tuple[str, list]], title: str) -> dict:
    """Page `number` (from 1) of a list whose first page is `first`, made of `groups`
    (heading, records) in order: the page's title, its part of each group (a group's heading
    on every page that shows some of it) and, for a list of more than one page, the pager."""
    paths = list_pages(first, sum(len(records) for _, records in groups))
    here, start = paths[number - 1], (number - 1) * PAGE_CARDS
    shown, seen = [], 0
    for heading, records in groups:
        part = records[max(0, start - seen) : max(0, start + PAGE_CARDS - seen)]
        if part or (not records and number == 1):  # an empty group: on the first page
            shown.append({"heading": heading, "cards": [card(view, r, here) for r in part]})
        seen += len(records)
    values = {"here": here, "title": title, "groups": shown, "pager": None}
    if len(paths) == 1:
        return values
    L, lang = view.L, view.lang
    if number > 1:
        values["title"] = L["pager_title"].format(
            title=title, n=format_number(number, lang), pages=format_number(len(paths), lang)
        )
    values["pager"] = {
        "range": L["pager_range"].format(
            first=format_number(start + 1, lang),
            last=format_number(min(seen, start + PAGE_CARDS), lang),
            total=format_number(seen, lang),
        ),
        "links": _links(here, paths, number, lang),
        "current": number,
        "prev": href(here, paths[number - 2]) if number > 1 else None,
        "next": href(here, paths[number]) if number < len(paths) else None,
    }
    return values


def _links(here: str, paths: list[str], number: int, lang: str) -> list[dict]:
    """The numbered links: the first and last pages and two on either side of this one,
    a gap ("…") where numbers are left out."""
    near = sorted({1, len(paths), *range(max(1, number - 2), min(len(paths), number + 2) + 1)})
    links = []
    for n in near:
        if links and n > links[-1]["number"] + 1:
            links.append({"number": n - 1, "gap": True})
        label = format_number(n, lang)
        links.append({"number": n, "label": label, "href": href(here, paths[n - 1]), "gap": False})
    return links
