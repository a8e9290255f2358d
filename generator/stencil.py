"""Raw HTML blocks of which most is the same on every page: rendered once with a marker in
place of each value that differs (`mark`), then filled in for each page, every value escaped
as Jinja's autoescape would have (markupsafe.escape). The request form and the cite box are
a third of a practice's page; Jinja wrote their labels again for every record.
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
        return Markup("".join(out))
