"""Raw HTML blocks of which most is the same on every page: rendered once with a marker in
place of each value that differs (`mark`), then filled in for each page, every value escaped
as Jinja's autoescape would have (markupsafe.escape). The request form and the cite box are
a third of a practice's page; Jinja wrote their labels again for every record. Likewise a
record's card, made once (`Once`) with a marker for its link (`with_href`).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Where a value goes: no label, and no template, holds a NUL.
_MARK = "\x00{}\x00"
_MARKS = re.compile(_MARK.format("([^\x00]+)"))


def mark(name: str) -> str:
    """The marker of the value `name`, to render a template with in its place."""
    return _MARK.format(name)


class Stencil:
    """A rendered raw HTML block (present.raw_html) with markers, filled in page by page."""

    def __init__(self, html: str):
        # The text between the markers alternating with the names of the values.
        self.pieces = _MARKS.split(str(html))

    def fill(self, values: dict) -> Markup:
        """The block with `values` (name: value) in place of the markers."""
        out = self.pieces.copy()
        for i in range(1, len(out), 2):
            text = escape(values[out[i]])
            # Escaped text cannot end the block; HTML given as Markup could (raw_html's check).
            if "-->" in text:
                raise ValueError("raw HTML block contains '-->'")
            out[i] = text
        return Markup(one_byte("".join(out)))


def one_byte(html: str) -> str:
    """`html` with each character beyond Latin-1 written as a character reference, which a
    browser, Pagefind and an HTML parser read back as the character.

    Python holds a string in one byte per character only if every character fits in one: a
    single "–" (a period's dash) or "⟦" (cite.js's tokens) doubles the memory of a whole page,
    its Markdown, its HTML and every copy made on the way (11% of a language's peak at 1,000
    records, bench/README.md). Script and style elements are raw text, where a reference
    stays as written: a block holding one is left as it is."""
    try:
        html.encode("latin-1")
    except UnicodeEncodeError:
        if "<script" not in html and "<style" not in html:
            return html.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
    return html


class Once:
    """What a macro makes of one thing, made the first time it is asked for (a record's card:
    views/record.py)."""

    def __init__(self):
        self.made = None

    def __call__(self, render, *args):
        if self.made is None:
            self.made = render(*args)
        return self.made


# A link's address while a card is made (_macros.md.j2 `card`): the same card is then made once
# whatever the folder of the page it is on (`with_href`).
HREF_MARK = "minka-href-mark"


def with_href(html_text: str, href: str) -> Markup:
    """HTML made with HREF_MARK as its first link's address, with `href` there (filter),
    escaped as Python-Markdown escapes an attribute."""
    value = href.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace('"', "&quot;")
    return Markup(str(html_text).replace(f'href="{HREF_MARK}"', f'href="{value}"', 1))
