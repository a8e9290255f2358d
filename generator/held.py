"""Each page's HTML, held compressed between MkDocs' two passes over the pages.

MkDocs converts every page (page.content) before it writes any, so a language's build
holds the HTML of all its pages at once: at 5,000 records, a few hundred MB of its peak.
The plugin hands each page's HTML here once converted and takes it back when the page is
written; in between a page holds a few KB. Compressing costs this machine about 0.4 ms per
record page, which a small site does not need to pay: below COMPRESS_FROM records the
HTML stays as MkDocs holds it, and the pages are rendered before MkDocs reads any
(site.build_site's `lazy`, 0.4 s less per build at 1,000 records in alternated builds).
"""

from __future__ import annotations

import zlib

COMPRESS_FROM = 2000  # records: at 1,000, a language's pages hold some 70 MB of HTML


class HeldPages:
    """HTML by page, compressed; taken back once."""

    def __init__(self):
        self._held: dict[str, bytes] = {}

    def hold(self, key: str, html: str) -> None:
        # Level 1: a third of the size, at 150 MB/s; higher levels save little and cost 3×.
        self._held[key] = zlib.compress(html.encode("utf-8"), 1)

    def take(self, key: str) -> str | None:
        """The HTML held for `key`, or None (none held, or taken already)."""
        held = self._held.pop(key, None)
        return None if held is None else zlib.decompress(held).decode("utf-8")
