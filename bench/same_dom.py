"""Compare the <article> of every record page and factsheet of two built sites, as DOM.

Usage: same_dom.py SITE_BEFORE SITE_AFTER. Elements, attributes and text must be the same;
whitespace between and inside text is not compared (a browser shows it the same). Prints
each page that differs with the first differing node, and exits 1 if any does.
"""

from __future__ import annotations

import difflib
import html
import sys
from html.parser import HTMLParser
from pathlib import Path

VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr", "col", "area", "path"}


class _Tokens(HTMLParser):
    """The article as a list of tokens: open tags with sorted attributes, text, close tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []
        self.depth = 0  # inside <article>

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.depth:
            shown = " ".join(f'{k}="{v}"' if v is not None else k for k, v in sorted(attrs))
            self.tokens.append(f"<{tag} {shown}>".replace(" >", ">"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.depth:
            self.tokens.append(f"</{tag}>")
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            text = " ".join(data.split())
            if text:
                if self.tokens and self.tokens[-1].startswith("#"):
                    self.tokens[-1] += " " + text  # text split by a comment or entity
                else:
                    self.tokens.append("#" + text)


def tokens(path: Path) -> list[str]:
    parser = _Tokens()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tokens


def pages(site: Path) -> list[Path]:
    found = []
    for lang in sorted(p for p in site.iterdir() if p.is_dir()):
        for folder in ("practices", "methodologies"):
            found += sorted((lang / folder).glob("*/index.html"))
            found += sorted((lang / folder).glob("*/factsheet/index.html"))
    return [p.relative_to(site) for p in found]


def main(before: Path, after: Path) -> int:
    names, differ = pages(before), 0
    for name in names:
        old, new = tokens(before / name), tokens(after / name)
        if old != new:
            differ += 1
            if differ <= 8:
                diff = list(difflib.unified_diff(old, new, lineterm="", n=2))
                print(f"== {name}\n" + "\n".join(html.unescape(d)[:300] for d in diff[2:40]))
    missing = set(pages(after)) ^ set(names)
    print(f"{len(names)} pages compared, {differ} differ, {len(missing)} only in one site")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
