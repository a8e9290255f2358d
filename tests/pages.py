"""Every kind of page of the portal, in one place: the browser tests check each in both languages.

Adding a page kind to the accessibility and phone-width tests is one line in PAGES. A path
listed here that the built site lacks fails the tests; it is never skipped.
"""

from __future__ import annotations

LANGS = ("en", "es")
# HTML elements without an end tag: a parser walking a page's text does not wait for them.
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)

# (page kind, path in the built site); {lang} is replaced by each language.
PAGES = [
    ("home", "{lang}/"),
    ("catalog", "{lang}/practices/"),
    ("practice", "{lang}/practices/samer/"),
    ("methodology", "{lang}/methodologies/my-coop/"),
    ("factsheet", "{lang}/practices/samer/factsheet/"),
    ("country hub", "{lang}/countries/co/"),
    ("organization hub", "{lang}/organizations/sena/"),
    ("about", "{lang}/about/"),
    ("contribute", "{lang}/contribute/"),
    ("propose form", "{lang}/contribute/propose/"),
    ("explore", "{lang}/explore/"),
    # A practice beside a methodology: the chooser and the table with both kinds of rows.
    ("compare", "{lang}/compare/?ids=samer,my-coop"),
    ("typology", "{lang}/compare/typology/"),
    ("exchange route", "{lang}/exchange/"),
    ("practices open to exchange", "{lang}/exchange/open/"),
    ("exchanges", "{lang}/exchanges/"),
    ("data", "{lang}/data/"),
    # The form is folded in a <details>: the browser tests open every <details> first.
    ("request form", "{lang}/practices/samer/#request-exchange"),
]

# Pages being built: listed here with their future path until they are in the built site,
# then moved up into PAGES (or KEYBOARD). A test fails once one of them exists, as a reminder.
PAGES_BEING_BUILT: list[tuple[str, str]] = []
KEYBOARD_BEING_BUILT: list[tuple[str, str, str]] = []

# (what a keyboard user must reach, page, CSS selector of the element that gets the focus);
# {other} is the other language. The request form has its own test (it opens, then Tab).
KEYBOARD = [
    ("search", "{lang}/", "#minka-search-q"),
    ("language switcher", "{lang}/", '.md-select__link[hreflang="{other}"]'),
    ("facets", "{lang}/explore/", ".minka-explore__facets input"),
]


def page_params(pages: list[tuple]) -> list[tuple[str, str, str]]:
    """Expand (kind, path) into (kind, lang, path) for every language, for parametrize."""
    return [(kind, lang, path.format(lang=lang)) for kind, path in pages for lang in LANGS]


def other_language(lang: str) -> str:
    return next(x for x in LANGS if x != lang)


def page_file(site, path: str):
    """Return the HTML file of a page path (without its ?query and #fragment) in the built site."""
    return site / path.split("#")[0].split("?")[0] / "index.html"
