"""Every page speaks its own language: no words of the other one in what a reader sees.

The other language may show only where a page says so (`lang="en"` on a Spanish page: text
not yet translated, with its note; a source's title as published) and in what records write
once for both languages: names with one form (a plain-text field, or the same text under `en`
and `es`) and texts still waiting for their translation. Everything with a form in each
language (the chrome, labels, vocabularies, SDG texts) must use the page's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_minka
from pages import VOID
from pydantic import BaseModel

from generator.fields import SLUG_PATTERN
from generator.languages import LANGS
from generator.pipeline import read_project
from generator.text import plain_text

# Frequent words of one language that the other never writes, matched as whole lowercase
# words. Left out on purpose: words the other language shares ("a", "no", "son", "has",
# "sin"), and the particles of names ("de", "del", "la", "los", "las", "y", "para": "Rosquillas
# de Somoto", "Universidad de los Andes" and "Instituto Nacional para Ciegos" are names that
# English text may quote).
WORDS = {
    "en": {
        "the",
        "and",
        "of",
        "with",
        "for",
        "from",
        "this",
        "that",
        "which",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "been",
        "have",
        "its",
        "their",
        "into",
        "by",
        "or",
        "to",
        "on",
        "at",
        "be",
        "an",
        "not",
        "yet",
        "will",
        "you",
        "your",
        "about",
        "other",
        "what",
        "how",
        "who",
        "when",
        "where",
        "there",
        "than",
        "also",
        "only",
        "each",
    },
    "es": {
        "que",
        "con",
        "por",
        "una",
        "sus",
        "como",
        "pero",
        "también",
        "desde",
        "hasta",
        "según",
        "está",
        "están",
        "fue",
        "fueron",
        "cuando",
        "donde",
        "este",
        "esta",
        "estos",
        "estas",
        "muy",
        "más",
        "aún",
        "hay",
        "cómo",
        "qué",
    },
}
# Not text in any language: scripts, styles, and code (YAML keys, BibTeX, JSON examples).
NOT_TEXT = {"script", "style", "template", "code", "pre"}
# Attributes a reader sees or hears: tooltips, image texts, labels, placeholders.
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


class _VisibleText(HTMLParser):
    """Collect the text of a page a reader gets in the page's own language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.stack: list[tuple[str, bool, str]] = []  # (tag, hidden, language of its text)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = attrs.get("lang", "")
            return
        hidden, lang = self.stack[-1][1:] if self.stack else (False, self.page_lang)
        hidden = hidden or tag in NOT_TEXT or "hidden" in attrs
        # The innermost lang attribute decides: a note in the page's language may sit inside
        # an untranslated block marked with the other one.
        lang = (attrs.get("lang") or lang).split("-")[0]
        if not hidden and lang == self.page_lang:
            self.parts.extend(f" {attrs[a]} " for a in SHOWN_ATTRIBUTES if attrs.get(a))
        self.parts.append(" ")
        if tag not in VOID:
            self.stack.append((tag, hidden, lang))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        self.parts.append(" ")

    def handle_data(self, data):
        hidden, lang = self.stack[-1][1:] if self.stack else (False, self.page_lang)
        if not hidden and lang == self.page_lang:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, str]:
    """Return (the page's language, its visible text in that language, on one line)."""
    parser = _VisibleText()
    parser.feed(html)
    return parser.page_lang, " ".join("".join(parser.parts).split())


def single_form_texts(value) -> set[str]:
    """Texts a record writes once for both languages: its plain strings, its {en, es} pairs
    with the same text in both (names, places, titles of sources as published), and texts
    not yet translated (shown in their language on both sites, as the design says; each of
    their sentences too, since cards show the first)."""
    found: set[str] = set()
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        if set(LANGS) <= set(fields):  # Text, Name, a vocabulary term
            texts = {getattr(value, lang) for lang in LANGS} - {None}
            if len(texts) == 1:
                shown = plain_text(texts.pop())
                found |= {shown, *re.split(r"(?<=[.!?])\s", shown)}
            fields = {name: f for name, f in fields.items() if name not in LANGS}
        for name in fields:
            found |= single_form_texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            found |= single_form_texts(item)
    elif isinstance(value, str) and not re.fullmatch(SLUG_PATTERN + r"|[A-Z]{2,3}", value):
        found.add(value)  # ids, codes and choices (slugs, ISO codes) are not shown as text
    return found


@pytest.fixture(scope="module")
def names() -> re.Pattern:
    return names_in(ROOT)


def names_in(root: Path) -> re.Pattern:
    """A pattern of every text the project at `root` writes once for both languages."""
    catalog = read_project(root)
    texts = set()
    for record in [
        *catalog.cases.values(),
        *catalog.methodologies.values(),
        *catalog.vocab.organizations.values(),
    ]:
        texts |= single_form_texts(record)
    # Whole words only, longest first: a name is taken out whole, never from inside a word.
    return re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(" ".join(t.split())) for t in sorted(texts, key=len, reverse=True))
        + r")(?!\w)"
    )


def foreign_words(text: str, lang: str, names: re.Pattern) -> list[str]:
    """Return a snippet around each word of the other language found in `text`."""
    other = next(x for x in LANGS if x != lang)
    text = names.sub(" ", text)
    return [
        text[max(0, m.start() - 50) : m.end() + 50]
        for m in re.finditer(r"[^\W\d_]+", text)
        if m.group(0) in WORDS[other]
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_show_no_words_of_the_other_language(built_site, names, lang):
    problems = []
    for path in sorted((built_site / lang).rglob("*.html")):
        page_lang, text = visible_text(path.read_text(encoding="utf-8"))
        assert page_lang == lang, f"{path}: <html lang> is {page_lang!r}"
        if found := foreign_words(text, lang, names):
            problems.append(
                f"{path.relative_to(built_site)}: " + " | ".join(f"...{s}..." for s in found[:3])
            )
    assert problems == [], (
        "words of the other language: translate them, or mark them with "
        "their lang attribute\n" + "\n".join(problems)
    )


ONLY_ENGLISH = """\
id: only-en
title: {en: "A practice told in English for now"}
original_language: en
kind: network
countries: [CO]
lead: [sena]
summary: {en: "The network sells with the others. It has a shop."}
funding:
  - description: {en: "Money from the members and the town."}
key_figures:
  - value: 3
    unit: {en: "networks of the valley"}
    label: {en: "networks that work with the town"}
    source: s
sources:
  - {id: s, title: "A booklet"}
"""


def test_a_record_not_yet_translated_passes_the_scan(make_project):
    root = make_project({"cases/only-en.yaml": ONLY_ENGLISH})
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    names = names_in(root)
    for path in (root / "site" / "es").rglob("*.html"):
        assert (
            foreign_words(visible_text(path.read_text(encoding="utf-8"))[1], "es", names) == []
        ), path


def test_the_scan_reads_what_a_reader_gets_in_the_page_language():
    html = (
        '<html lang="es"><head><title>Inicio</title><script>var the = 1;</script></head>'
        '<body><p title="Made with the theme">Hola</p><div hidden>the hidden</div>'
        '<pre><code>of: the</code></pre><div lang="en"><p lang="es">Aún sin traducir</p>'
        "The original text</div></body></html>"
    )
    assert visible_text(html) == ("es", "Inicio Made with the theme Hola Aún sin traducir")
    nothing = re.compile("(?!)")
    assert len(foreign_words(visible_text(html)[1], "es", nothing)) == 2  # with, the
    assert foreign_words("Fondo Mink'a de Chorlaví y Rosquillas de Somoto", "en", nothing) == []
    name = re.compile("Partners of the Americas")
    assert foreign_words("Con Partners of the Americas", "es", name) == []
