"""The presentation floor: what every page view shares, below every feature.

Labels by language and their plural forms, number and date formats, links between pages
(Markdown and browser URLs), escaping of record strings, the MkDocs nav, the Jinja
environment and the Markdown filter of templates. Nothing here knows a page kind.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from functools import cache, lru_cache
from urllib.parse import quote

import markdown
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import packaged
from .errors import GeneratorError
from .facets import HUB_KINDS
from .jinjacache import template_cache
from .languages import LANGS
from .stencil import HREF_MARK, one_byte, with_href

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")

# A record text without these is the same as inline Markdown and as escaped HTML: no
# emphasis, code, link, escape, character reference or line break, and nothing at its start
# that a Markdown block would read as a heading, list, quote or rule.
_INLINE_MARKDOWN = re.compile(r"[\\`*_\[\]<>&!\n]|^[\s#>+\-=|:0-9]|  $")


# Labels and numbers


def labels(lang: str) -> dict:
    """Return every generated label in `lang` (a mapping by language resolves at any depth)."""
    return _in_language(_all_labels(_labels_stamp()), lang)


def _in_language(value, lang: str):
    if isinstance(value, dict):
        if value.keys() & set(LANGS):  # every site language is there (_missing_languages)
            return value[lang]  # what one language says is final, even a mapping by language
        return {key: _in_language(item, lang) for key, item in value.items()}
    return value


def _label_files() -> list:
    return sorted(
        (
            p
            for p in packaged.DATA.iterdir()
            if p.name == "labels.yaml"
            or (p.name.startswith("labels-") and p.name.endswith(".yaml"))
        ),
        key=lambda p: p.name,
    )


def _labels_stamp() -> tuple:
    """Name, size and time of every label file: the key of the parsed labels, so that
    `minka serve` shows an edited label at its next build (a plain cache kept the old)."""
    return tuple(packaged.stamp(path.name) for path in _label_files())


@lru_cache(maxsize=2)
def _all_labels(stamp: tuple) -> dict:
    """Merge data/labels.yaml with one labels-<feature>.yaml per page family."""
    merged: dict = {}
    missing: list[str] = []
    for name, *_ in stamp:
        part = packaged.parse_yaml((packaged.DATA / name).read_text(encoding="utf-8")) or {}
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(
                f"generator/data/{name}: label defined twice: {', '.join(sorted(clash))}"
            )
        missing += (f"generator/data/{name}: {where}" for where in _missing_languages(part))
        merged |= part
    # A label without a form in a language of the site would show another language's, or
    # break a page: every one missing is named at once.
    if missing:
        raise GeneratorError("\n".join(missing))
    return merged


def _missing_languages(value, path: str = "") -> list[str]:
    """Name each label, at any depth, that lacks a form in one of the site's languages."""
    if not isinstance(value, dict):
        return []
    absent = [lang for lang in LANGS if lang not in value] if value.keys() & set(LANGS) else []
    # Inside one language's form too: a mapping by language there ("language_names") is read
    # for every language of the site.
    return (
        [f"{path}: expected a label in {', '.join(absent)}, but got only {', '.join(value)}"]
        if absent
        else []
    ) + [
        found
        for key, item in value.items()
        for found in _missing_languages(item, f"{path}.{key}" if path else str(key))
    ]


def plural(forms: dict[str, str], n: int, lang: str) -> str:
    """Pick the form of a counted label for `n` by the language's plural rules (CLDR, through
    Babel: Spanish has a third form for millions), and put the number in it where it asks."""
    form = forms.get(_locale(lang).plural_form(n), forms["other"])
    return form.format(n=format_number(n, lang))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)  # parsed once: Babel parses a locale name at every call


@lru_cache(maxsize=65536)
def format_number(value: float, lang: str) -> str:
    """Format a number the way readers of `lang` write it: 1,800,000 / 1.800.000.

    Cached: Babel parses the locale and its pattern at every call, and the pages repeat
    the same figures and counts (a tenth of the Markdown rendering)."""
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, locale=_locale(lang))


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def date_key(value) -> str:
    return str(value) if value else ""


@lru_cache(maxsize=4096)
def date_text(value, lang: str) -> str:
    """A record's date (a day, or a year alone) as readers of `lang` write it: "July 30,
    2018" / "30 de julio de 2018", as the cite box's APA does."""
    if isinstance(value, datetime.date):
        return format_date(value, format="long", locale=_locale(lang))
    return str(value)


# Links and escaping


def hub_path(kind: str, key: str) -> str:
    """Return the docs path of a hub page: countries/co.md, sdgs/8.md, themes/<id>.md."""
    return f"{kind}/{key.lower()}.md"


def rel(here: str, target: str) -> str:
    """Return the Markdown link from page `here` to page `target` (both docs-relative .md)."""
    return _relpath(target, posixpath.dirname(here) or ".")


def href(here: str, target: str) -> str:
    """Return the URL from page `here` to page `target` (docs-relative .md) as the browser
    sees it, for links in raw HTML and SVG, which MkDocs does not rewrite (directory URLs)."""
    to, start = _folder(target), _folder(here)
    # A page's own folder is its alone (practices/<id>/): a link out of it is one level up,
    # then the link from the folder above, which every page beside it shares and so is made
    # once, not once per page (tens of thousands of links).
    above = _above(start)
    if above is not None and to != start and not to.startswith(start + "/") and _clean(to):
        link = _folder_href(to, above)
        return "../" + link if link != "./" else "../"
    return _folder_href(to, start)


@lru_cache(maxsize=65536)
def _folder(path: str) -> str:
    """The folder a page is served from: practices/x.md -> practices/x, a/index.md -> a."""
    stem = path[: -len(".md")]
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


@lru_cache(maxsize=65536)
def _folder_href(to: str, start: str) -> str:
    rel = _relpath(to or ".", start or ".")
    return "./" if rel == "." else rel + "/"


@lru_cache(maxsize=65536)
def _clean(path: str) -> bool:
    """Whether a docs-relative folder is written plainly: no "", "." or ".." part."""
    return all(part not in ("", ".", "..") for part in path.split("/"))


@lru_cache(maxsize=65536)
def _above(folder: str) -> str | None:
    """The folder above a plainly written one ("" for the top), None for the top itself."""
    return folder.rpartition("/")[0] if folder and _clean(folder) else None


@lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath of two docs-relative paths, without asking the OS for the working
    directory as posixpath does at each call; kept, as the pages make about a hundred thousand
    links between a few thousand pages and folders."""
    if ".." in path.split("/") or ".." in start.split("/") or path[:1] == "/" or start[:1] == "/":
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    common = len(posixpath.commonprefix([to, at]))
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


# Replacements as functions, not templates (r"\\\1"): re expands a template through Python
# code at every call, which made escaping a name for Markdown three times slower.
def _backslashed(match: re.Match) -> str:
    return "\\" + match[1]


def plain(value: str) -> Markup:
    """Escape a plain string from a record for Markdown, so the page shows it literally.

    Only for text Markdown reads: what a template writes as HTML gets the plain string,
    which Jinja's autoescape escapes once (Markdown's backslashes would show there)."""
    return Markup(_MD_SPECIAL.sub(_backslashed, str(escape(value))))


def url(url: str) -> Markup:
    """Percent-encode what would end a Markdown link destination early."""
    return Markup(escape(quote(url, safe=":/?#@!$&'*+,;=%~[]")))


def trusted(facts: list[tuple]) -> list[tuple]:
    """Mark fact values as safe: every part from a record was escaped when it was added."""
    return [(label, Markup(value)) for label, value in facts]


# Templates and the Markdown they hold


class _Environment(Environment):
    """Jinja reads `x.name` as an attribute first, then as a key: on a dict (the labels, every
    view's values) the attribute lookup failed with an exception each time, a tenth of the
    rendering. Here a dict's key is looked up first unless a dict attribute has its name
    (`R.get`), which gives what Jinja gave."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_DICT_NAMES = frozenset(dir(dict))


def environment(lang: str) -> Environment:
    """The Jinja environment of `lang`, its templates checked against their files: each build
    asks for it once, so `minka serve` shows an edited template at the next build. (Jinja's
    own check looked at every template's file each time a page used it.)"""
    env = _environment(lang)
    if not all(template.is_up_to_date for template in env.cache.values()):
        env.cache.clear()
    return env


@cache
def _environment(lang: str) -> Environment:
    # One per language and process: its templates are compiled once, not at every render.
    env = _Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(),
    )
    env.globals.update(lang=lang, HREF_MARK=HREF_MARK)
    env.filters.update(raw=raw_html, inline=inline_html, unlinked=unlinked, with_href=with_href)
    return env


def inline_html(text: str) -> Markup:
    """Turn a record's inline Markdown (a title, a list entry) into HTML (filter).

    Most such texts hold no Markdown at all: escaped as they are, they skip the parser."""
    if not _INLINE_MARKDOWN.search(text):
        return escape(text)
    return _inline_markdown(str(text))


def unlinked(html: Markup) -> Markup:
    """HTML without its links' tags, their text kept: for text inside a link (filter)."""
    return Markup(_ANCHOR_TAG.sub("", str(html))) if "<a " in html else html


_ANCHOR_TAG = re.compile(r"</?a\b[^>]*>")


@lru_cache(maxsize=65536)
def _inline_markdown(text: str) -> Markup:
    html = _inline_parser().reset().convert(text)
    if html.startswith("<p>") and html.endswith("</p>") and "<p>" not in html[3:]:
        html = html[3:-4]  # one paragraph: its content, as the sentence it sits in
    return Markup(html)


@cache
def _inline_parser() -> markdown.Markdown:
    # attr_list, as MkDocs' Markdown has it; record text holds no attribute list (fields.py).
    return markdown.Markdown(extensions=["attr_list"])


# Finished HTML travels through Markdown inside a comment, which Python-Markdown skips in one
# step; it parses other raw HTML tag by tag, and the request form, maps and citation boxes
# made that a third of the build. The plugin unwraps the comments in each page's HTML.
RAW_OPEN, RAW_CLOSE = "<!--minka:raw\n", "\n-->"


def raw_html(html: str) -> Markup:
    """Wrap a block of finished HTML so that Markdown leaves it as it is (Jinja filter)."""
    if RAW_CLOSE.strip() in html:  # escaped record text cannot hold "-->": a template bug
        raise ValueError("raw HTML block contains '-->'")
    # Without its last line break: unwrapped, the block ends as Markdown would end it.
    return Markup(RAW_OPEN + one_byte(str(html).rstrip("\n")) + RAW_CLOSE)


def unwrap_raw(html: str, found: tuple[set, dict] | None = None) -> str:
    """Put the blocks `raw_html` wrapped back into a page's HTML; collect into `found`, a
    (set, dict), their ids and their links (href, src: each once, in page order), in the same
    pass: MkDocs checks the links of Markdown only, and knows only the ids it made.

    Each opening is matched with the first closing after it, as a non-greedy pattern would;
    str.find does it many times faster than a regular expression (1.7 s of each language's
    build at 1,000 records), as the blocks are long (forms, maps)."""
    html, out, at = str(html), [], 0
    while (start := html.find(RAW_OPEN, at)) >= 0:
        end = html.find(RAW_CLOSE, start + len(RAW_OPEN))
        if end < 0:
            break
        block = html[start + len(RAW_OPEN) : end]
        if found is not None:
            ids, links = found
            for name, value in _ATTRIBUTE.findall(block):
                if name == "id":
                    ids.add(value)
                else:
                    links[value] = None
        out += (html[at:start], block)
        at = end + len(RAW_CLOSE)
    return "".join(out) + html[at:] if out else html


_ATTRIBUTE = re.compile(r' (id|href|src)="([^"]*)"')


def site_nav(lang: str) -> list:
    """Return the MkDocs nav for `lang`: hub pages only, never the record pages.

    Practices, Methodologies, Explore, Exchange, Data, About: every hub is reachable from them.
    """
    L = labels(lang)
    return [
        {L["home"]: "index.md"},
        {
            L["practices"]: [
                {L["all_practices"]: "practices/index.md"},
                *({L["hub_titles"][kind]: f"{kind}/index.md"} for kind in HUB_KINDS),
                {L["compare_title"]: "compare/index.md"},
            ]
        },
        {L["methodologies"]: "methodologies/index.md"},
        {L["explore"]: "explore/index.md"},
        {
            L["exchange"]: [
                {L["route_title"]: "exchange/index.md"},
                {L["open_title"]: "exchange/open/index.md"},
                {L["exchanges_hub_title"]: "exchanges/index.md"},
            ]
        },
        {L["data_nav"]: "data/index.md"},
        {
            L["about"]: [
                {L["about"]: "about.md"},
                {L["contribute"]: "contribute/index.md"},
                {L["pp_nav"]: "contribute/propose/index.md"},
            ]
        },
    ]
