"""Search result lines: the sentence of a record that matched, its matched words in bold.

Given the text a record was indexed with and where the query's words are in it (character
spans, from the index's postings), nothing is analyzed again.
"""

from __future__ import annotations

import re

# A snippet is the sentence that matched, cut to the words around the match beyond this length.
SENTENCE_CHARS = 300


def snippet(text: str, spans: list) -> str:
    """Return the sentence of `text` with the most of the query's words, matches in **bold**."""
    sentences: dict[tuple[int, int], list] = {}
    for span in sorted(spans):
        sentences.setdefault(_sentence(text, span[0]), []).append(span)
    if not sentences:
        return ""
    # The sentence with the most distinct words, the earliest of those.
    (start, end), found = min(
        sentences.items(), key=lambda item: (-len({span[2] for span in item[1]}), item[0])
    )
    if end - start > SENTENCE_CHARS:  # a long sentence: the words around its first match
        start = max(start, text.rfind(" ", start, max(start, found[0][0] - 60)) + 1)
        end = min(end, text.find(" ", start + SENTENCE_CHARS) % (len(text) + 1))
    parts, at = [], start
    for first, last, _ in found:
        if at <= first and last <= end:
            parts += [text[at:first], "**", text[first:last], "**"]
            at = last
    snippet = "".join([*parts, text[at:end]]).strip()
    whole_start = start == 0 or text[start - 1] == "\n" or text[:start].rstrip()[-1:] in ".!?"
    whole_end = end == len(text) or text[end] == "\n" or text[end - 1] in ".!?"
    return ("" if whole_start else "… ") + snippet + ("" if whole_end else " …")


def _sentence(text: str, position: int) -> tuple[int, int]:
    """Return the bounds of the sentence of `text` around character `position`, in its line."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position) % (len(text) + 1)
    starts = [match.end() for match in _SENTENCE_END.finditer(text, line_start, position)]
    end = _SENTENCE_END.search(text, position, line_end)
    return (starts[-1] if starts else line_start), (end.start() + 1 if end else line_end)


_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")


def shorten(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + " …"
