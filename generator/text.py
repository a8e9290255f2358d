"""Record text as plain text: for citations, feeds, search result lines and comparisons.

Record prose is Markdown without raw HTML (the models reject it), so rendering it and
dropping the tags gives exactly the words a reader sees.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache

import markdown

_TAG = re.compile(r"<[^>]+>")
# What Markdown reads inside a paragraph (emphasis, code, links, images, escapes, raw HTML,
# character references) and the placeholders Python-Markdown strips: a text without them
# is its own text once rendered, whatever its blocks.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&!\x02\x03]")


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


@lru_cache(maxsize=16384)
def one_line_text(text: str) -> str:
    """Reduce a one-line record Markdown text to plain text (form labels, e-mail); unescaped."""
    if not _INLINE_SYNTAX.search(text):
        # Markdown turns such a text into itself, in one paragraph or as a block kept as typed
        # below: either way its words. Most titles; rendering them was 4% of a practice page.
        return " ".join(text.split())
    rendered = to_html(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        text = html_to_text(rendered)
    # else "1. Title" or "# Title" would lose its start as a list or heading: keep it as typed.
    # One line always: a blank line would end the raw HTML block the form is written in.
    return " ".join(text.split())


def sort_key(name: str) -> str:
    """Sort names as readers expect: accents do not move 'Perú' away from 'Peru'."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def locale_key(text: str, lang: str) -> tuple:
    """Sort as the browser's `a.localeCompare(b, lang, {numeric: true})` does (Unicode's
    collation, as ICU has it) for the labels of the explore page's filters, which a page drawn
    at build time lists in the order the page's script lists them: letters by their base
    letter whatever the case and accents, then accents, then case; spaces and punctuation
    before digits, digits before letters, and a run of digits by its value; in Spanish, ñ a
    letter of its own after n."""
    primary, accents, cases = [], [], []
    for digits, char in re.findall(r"(\d+)|(.)", text, re.S):
        if digits:
            primary.append((1, int(digits), ""))
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if lang == "es" and base in "nN" and marks[:1] == ["\u0303"]:
            base, marks = base + "\uffff", marks[1:]
        if base[0].isalpha():
            primary.append((2, 0, base.lower()))
        else:
            primary.append((0, 0, base))
        accents.append(tuple(marks))
        cases.append(base[0].isupper())
    return (primary, accents, cases)


def natural_key(value: str) -> tuple:
    """Sort numbers written as text (SDG goals) as numbers, other values as text."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown()  # building one costs more than converting a summary
