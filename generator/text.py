"""Record text as plain text: for citations, feeds, search result lines and comparisons.

Record prose is Markdown without raw HTML (the models reject it), so rendering it and
dropping the tags gives exactly the words a reader sees.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import markdown

_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """Return the text of a small HTML fragment (tags dropped, entities decoded)."""
    return " ".join(html.unescape(_TAG.sub("", value)).split())


@lru_cache(maxsize=16384)
def plain_text(text: str) -> str:
    """Return Markdown as one line of plain text."""
    return html_to_text(to_html(text))


def to_html(text: str) -> str:
    """Return Markdown as HTML (Python-Markdown's defaults, no extensions)."""
    return _markdown().reset().convert(text)


def first_sentence(text: str) -> str:
    """Return the first sentence of a Markdown text as plain text (for result lines)."""
    return re.split(r"(?<=[.!?])\s", plain_text(text), maxsplit=1)[0]


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown()  # building one costs more than converting a summary
