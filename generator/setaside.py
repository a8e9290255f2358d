"""What the build sets aside while MkDocs' Markdown reads a generated page, and puts back.

A record page is 90% finished HTML and some thirty headings around a few paragraphs of
prose. Python-Markdown scans even an HTML comment to its end, and runs its inline patterns,
attribute lists and table of contents over every heading: most of a record page's Markdown
time went on what Minka had already finished, or writes the same way on every page. The
plugin (generator/plugin.py) hands MkDocs the page with those parts replaced by short
comments and puts them back in the HTML MkDocs makes; the Markdown Minka generates, and
what `minka build --emit` hands a plain MkDocs, stay as they are.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import markdown
from markdown.extensions.toc import nest_toc_tokens, unique

from .pagefind import skipped_whole
from .present import RAW_CLOSE, RAW_OPEN

_STASH = "<!--minka:stash:{}-->"
_STASH_START = "<!--minka:stash:"
_RUN = re.compile(r"<!--minka:stash:\d+-->(?:\n+<!--minka:stash:\d+-->)+")
_BETWEEN = re.compile(r"(\n+)")
# A div Markdown reads (md_in_html), opened on a line of its own as the templates write it
_DIV_TAG = r"<div\b[^\n]*\smarkdown>"
_DIV_OPEN = re.compile(_DIV_TAG + "$")
_DIV = re.compile(rf"^({_DIV_TAG})\n((?:(?:<!--minka:stash:\d+-->)?\n)*)</div>$", re.M)
_STASHED = re.compile(r"<!--minka:stash:(\d+)-->(\n(?=\n))?")
# A heading in the form Minka's templates write: "## Text" or "## Text { attributes }";
# a page with any other heading (setext, indented, in a quote) is left to Markdown.
_HEADING = re.compile(r"#{1,6} ")
_ANY_HEADING = re.compile(r"[ \t>]*#|[ \t>]*(=+|-+)[ \t]*$")
# What would make a heading's HTML depend on its page: a link (MkDocs rewrites it per page)
# or a label of its own for the table of contents.
_PAGE_BOUND = re.compile(r"(?<!\\)\]|data-toc-label")
# A line Markdown makes a paragraph of, as it is: nothing inline Markdown or HTML reads,
# nothing at its start a block would (a list, a quote, a definition, code), no attribute
# list, no line break, no tab (Markdown expands them).
_NOT_FIRST = frozenset(" \t<#>+-=:0123456789")
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&!{}|\t\r]|\s$")


# A front matter line as the templates write it: a name, then a value in JSON (`tojson`).
_FRONT_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
EMPTY_FRONT_MATTER = "---\n{}\n---\n"


@dataclass
class SetAside:
    """A page's Markdown as MkDocs reads it, and what to put back in its HTML."""

    markdown: str
    blocks: list[str] = field(default_factory=list)
    toc: list[dict] | None = None  # the table of contents' tokens, as Python-Markdown's
    ids: set[str] = field(default_factory=set)  # the headings' ids, for MkDocs' anchor check
    elements: set[int] = field(default_factory=set)  # which blocks are headings, paragraphs
    # The raw blocks Pagefind skips whole, as they are in the page's HTML (pagefind.py)
    unindexed: list[str] = field(default_factory=list)


def json_front_matter(text: str) -> tuple[dict, str] | None:
    """A generated page's front matter read as JSON, and the page with an empty one; None
    when a line is not `name: <JSON>`, or holds a number with a fraction, which YAML might
    read otherwise ("1e-05" is a string to PyYAML).

    MkDocs reads front matter with PyYAML: half a millisecond for a record page's (its
    citation, search filters and correction box), fifteen times what Python's json takes."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    meta = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(": ")
        if not sep or not _FRONT_KEY.fullmatch(key):
            return None
        try:
            meta[key] = json.loads(value, parse_float=_no_fraction)
        except ValueError:
            return None
    return meta, EMPTY_FRONT_MATTER + text[end + 5 :]


def _no_fraction(text: str) -> float:
    raise ValueError(text)


def restore(html_text: str, aside: SetAside) -> str:
    """Put back what was set aside, as Markdown would have written it."""
    blocks = aside.blocks

    def put(m: re.Match) -> str:
        index = int(m.group(1))
        if index >= len(blocks):  # a page's own text might hold such a comment
            return m.group(0)
        return _put(aside, index, m)

    return _STASHED.sub(put, html_text) if blocks else html_text


def _put(aside: SetAside, index: int, m: re.Match) -> str:
    """Block `index` where placeholder `m` was: Markdown follows a raw block with a blank
    line, an element with a line break."""
    return aside.blocks[index] + ("" if index in aside.elements else m.group(2) or "")


def stash_raw(text: str, aside: SetAside) -> str:
    """`text` with each `present.raw_html` block replaced by a short comment; the blocks are
    appended to `aside.blocks`, for `restore`, and those Pagefind skips to `unindexed`."""
    out, at = [], 0
    while (start := text.find(RAW_OPEN, at)) >= 0:
        end = text.find(RAW_CLOSE, start + len(RAW_OPEN))
        if end < 0:
            break
        out += (text[at:start], _STASH.format(len(aside.blocks)))
        inner = text[start + len(RAW_OPEN) : end]
        if skipped_whole(inner):
            aside.unindexed.append(inner)
        at = end + len(RAW_CLOSE)
        aside.blocks.append(text[start:at])
    return "".join(out) + text[at:] if out else text


class SiteMarkdown:
    """A Markdown with the site's own extensions, as MkDocs' makes pages, for what is made
    once per build: each distinct heading line's HTML and table-of-contents entry, and each
    shape of div of placeholders."""

    def __init__(self, extensions: list, configs: dict):
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        tree = self.md.treeprocessors  # a Registry: no get()
        self.toc = tree["toc"] if "toc" in tree else None  # noqa: SIM401
        self.headings: dict[str, tuple[str, dict | None, str | None]] = {}
        self.divs: dict[str, str] = {}

    def div(self, text: str) -> str:
        """The HTML Markdown makes of a div of placeholders (`_div`)."""
        if text not in self.divs:
            self.divs[text] = self.md.reset().convert(text)
        return self.divs[text]

    def heading(self, line: str) -> tuple[str, dict | None, str | None]:
        """The heading's HTML, its toc token, and the slug its id was made from (None when
        the line gives its own id); no token for a heading that must be left to Markdown
        (bound to its page, or outside the table of contents' levels)."""
        if line not in self.headings:
            out = self.md.reset().convert(line)
            tokens = self.md.toc_tokens
            bound = _PAGE_BOUND.search(line)
            token = dict(tokens[0], children=[]) if len(tokens) == 1 and not bound else None
            slug = None
            if token is not None and "#" not in _attrs(line):
                slug = self.toc.slugify(html.unescape(token["name"]), self.toc.sep)
            self.headings[line] = (out, token, slug)
        return self.headings[line]


def _attrs(line: str) -> str:
    return line[line.rfind("{") :] if line.endswith("}") else ""


def set_aside(text: str, md: SiteMarkdown | None) -> SetAside:
    """The page's Markdown with its raw blocks set aside, and given the site's Markdown
    (`md`) its headings, plain paragraphs and divs of placeholders too."""
    aside = SetAside("")
    text = stash_raw(text, aside)
    if md is None:
        aside.markdown = text
        return aside
    lines = text.split("\n")
    if md.toc is not None:
        _headings(lines, md, aside)
    _paragraphs(lines, aside)
    text = "\n".join(lines)
    inside = _div_spans(text)
    text = _RUN.sub(lambda m: _run(m, aside, _within(m.start(), inside)), text)
    text = _DIV.sub(lambda m: _div(m, md, aside), text)
    # A div set aside may join runs on either side of it (at the top: no div is open).
    aside.markdown = _RUN.sub(lambda m: _run(m, aside, False), text)
    return aside


def _headings(lines: list[str], md: SiteMarkdown, aside: SetAside) -> None:
    """Set the page's headings aside, and make their table of contents: only where all of
    them can be, and no id elsewhere on the page could clash with theirs. A heading must be
    a line of its own, after a blank line or a raw block, before a blank line or the end."""
    found, last = [], len(lines) - 1
    for i, line in enumerate(lines):
        if _HEADING.match(line):
            before = i == 0 or not lines[i - 1] or lines[i - 1].endswith("-->")
            after = i == last or not lines[i + 1]
            if not (before and after):
                return
            found.append(i)
        elif _ANY_HEADING.match(line) or "id=" in line or ("{" in line and "#" in line):
            return  # a heading Markdown would find, or an id the toc must avoid
    made = [md.heading(lines[i]) for i in found]
    if not made or any(token is None for _, token, _ in made):
        return  # left to Markdown: see SiteMarkdown.heading
    used = {token["id"] for _, token, slug in made if slug is None}
    tokens = []
    for i, (heading, token, slug) in zip(found, made, strict=True):
        if slug is not None:
            new = unique(slug, used)
            if new != token["id"]:
                old = token["id"]
                heading = heading.replace(f'id="{old}"', f'id="{new}"', 1)
                heading = heading.replace(f'href="#{old}"', f'href="#{new}"', 1)
                token = dict(token, id=new)
        tokens.append(dict(token, children=[]))
        aside.ids.add(token["id"])
        lines[i] = _element(heading, aside)
    aside.toc = nest_toc_tokens(tokens)


def _paragraphs(lines: list[str], aside: SetAside) -> None:
    """Set aside each line of plain text between blank lines: Markdown makes a paragraph of
    it, as it is, unless the next block is a definition (the paragraph its term)."""
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if not line or line[0] in _NOT_FIRST or _NOT_PLAIN.search(line):
            continue
        if (i > 0 and lines[i - 1]) or (i < last and lines[i + 1]):
            continue
        following = next((lines[j] for j in range(i + 1, last + 1) if lines[j].strip()), "")
        if following.lstrip().startswith(":"):
            continue
        lines[i] = _element(f"<p>{line}</p>", aside)


def _div(m: re.Match, md: SiteMarkdown, aside: SetAside) -> str:
    """A div Markdown reads (md_in_html) that holds only placeholders, set aside as Markdown
    writes it: made once per shape (its opening tag, where its placeholders and blank lines
    are), with this page's blocks put in."""
    opening, lines = m.group(1), m.group(2).split("\n")[:-1]
    indices = [int(line[len(_STASH_START) : -3]) for line in lines if line]
    numbered, k = [], 0
    for line in lines:
        numbered.append(_STASH.format(k) if line else "")
        k += bool(line)
    made = md.div("\n".join([opening, *numbered, "</div>"]))
    return _element(_STASHED.sub(lambda n: _put(aside, indices[int(n.group(1))], n), made), aside)


def _div_spans(text: str) -> list[tuple[int, int]]:
    """Where the divs Markdown reads (md_in_html) are, outermost, as (start, end) offsets."""
    spans, depth, start, at = [], 0, 0, 0
    for line in text.split("\n"):
        if _DIV_OPEN.match(line):
            if depth == 0:
                start = at
            depth += 1
        elif line == "</div>" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, at))
        at += len(line) + 1
    return spans


def _within(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _run(m: re.Match, aside: SetAside, in_div: bool) -> str:
    """One placeholder for placeholders with only line breaks between them: Python-Markdown
    runs its inline patterns over each. Put together as Markdown would write them: at the
    top of the page, a raw block then one line break as one, after a blank line a blank
    line, an element then a line break; inside a div it reads (`in_div`), one line break
    after each."""
    parts = _BETWEEN.split(m.group(0))
    out = []
    for at in range(0, len(parts), 2):
        index = int(parts[at][len(_STASH_START) : -3])
        out.append(aside.blocks[index])
        if at + 1 < len(parts):
            single = in_div or index in aside.elements or parts[at + 1] == "\n"
            out.append("\n" if single else "\n\n")
    last = int(parts[-1][len(_STASH_START) : -3])
    if last in aside.elements:
        return _element("".join(out), aside)
    aside.blocks.append("".join(out))
    return _STASH.format(len(aside.blocks) - 1)


def _element(html_text: str, aside: SetAside) -> str:
    """A placeholder for an element Markdown would have made (a heading, a paragraph)."""
    aside.elements.add(len(aside.blocks))
    aside.blocks.append(html_text)
    return _STASH.format(len(aside.blocks) - 1)
