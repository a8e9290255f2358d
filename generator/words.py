"""What the Whoosh indexes read of a record, and how they cut it into words.

Shared by `minka search`'s index (index.py) and the similar-records lists (similar.py): a
record's prose in a language (facts left out where a search should not quote them), the
names a reader searches it by, and each language's analyzer from data/languages.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pydantic import BaseModel
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from .catalog import Catalog
from .facets import values as facet_values
from .fields import Text
from .languages import LANGS, LANGUAGES
from .reference import country_name

# What a record's page shows as facts, not sentences: a search matches and quotes its text
# without them, as the browser's does (data-pagefind-ignore in generator/templates).
FACTS = frozenset(
    {
        "key_figures",
        "breakdowns",
        "funding",
        "beneficiaries",
        "partners",
        "market",
        "sdg",
        "sources",
        "see_also",
    }
)


def stop_words(language) -> frozenset[str]:
    """A language's stop words: a whoosh.lang list named by its code, or the words listed."""
    if isinstance(language.stop_words, str):
        return frozenset(stopwords_for_language(language.stop_words))
    return frozenset(language.stop_words)


# In a query of several words these match nothing on their own, in any language: with every
# language searched, "de" of "escuelas de campo" would find every English page naming a
# Spanish place or organization.
STOP_WORDS = frozenset(
    w.translate(accent_map) for lang in LANGS for w in stop_words(LANGUAGES[lang])
)


def analyzer(lang: str):
    """The analyzer of a language's fields, from its entry in data/languages.yaml."""
    language = LANGUAGES[lang]
    # Stop words carry accents ("más"), so they go before folding; folding goes before
    # stemming, so "cafe" and "café" meet in the same stem.
    stops = frozenset(stop_words(language)) | frozenset(language.not_indexed)
    analyzer = RegexTokenizer() | LowercaseFilter() | StopFilter(stops) | CharsetFilter(accent_map)
    if language.stemmer is None:
        # No stemmer for the language: its words are matched as written (accents folded), so
        # a plural does not find its singular, but every word is still found.
        return analyzer
    return analyzer | StemFilter(stemfn=_FoldedStemmer(lang))


def analyzer_exact():
    # Words as written, accents folded: no stemming, and no stop words, so an acronym that
    # is also a word ("SER", to be) still matches as typed.
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


class _FoldedStemmer:
    """Stem a folded word the way its accented spelling would be stemmed.

    A class, not a closure: Whoosh pickles the schema, analyzers included, into the index."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, word: str) -> str:
        language = LANGUAGES[self.lang]
        # Some Snowball suffixes carry the accent that folding removed (Spanish "-ación"): put
        # back before stemming, "asociacion" and "asociaciones" share a stem.
        for folded, accented in language.accented_endings.items():
            if word.endswith(folded):
                word = word[: -len(folded)] + accented
                break
        return _stemmer(language.stemmer)(word).translate(accent_map)


@cache
def _stemmer(code: str):
    return stemmer_for_language(code)  # a new Snowball object at each call otherwise


def records(catalog: Catalog) -> list[str]:
    return [*catalog.cases, *catalog.methodologies]


def body(rec, lang: str, skip: frozenset[str] = frozenset()) -> str:
    """Join the prose of a record but its title, one text per line (snippets keep to a line)."""
    return "\n".join(
        text
        for name in type(rec).model_fields
        if name not in skip | {"title"}
        for text in _texts(getattr(rec, name), lang)
    )


def _texts(value, lang: str) -> Iterator[str]:
    """Yield every prose text inside `value` in `lang`, falling back to the other language."""
    if isinstance(value, Text):
        yield plain(value.get(lang))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), lang)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, lang)


def plain(text: str) -> str:
    # Drop Markdown emphasis: snippets mark matches with ** and must not show both. A line
    # break inside a paragraph is a space: each paragraph and list item keeps a line of its own.
    return _SOFT_BREAK.sub(" ", text.replace("*", "")).strip()


_SOFT_BREAK = re.compile(r"\n(?!\n|\s*(?:[-+]|\d+[.)])\s)")


def tags(catalog: Catalog, rec, lang: str) -> Iterator[str]:
    """Yield the names a reader may search by: acronym, places, countries, terms, organizations."""
    if rec.acronym:
        yield rec.acronym
    yield from (place.get(lang) for place in getattr(rec, "places", []))
    yield from (country_name(code, lang) for code in rec.countries)
    values = facet_values(rec)
    for vocabulary, facet in (
        ("themes", "theme"),
        ("value-chains", "value_chain"),
        ("populations", "population"),
    ):
        yield from (getattr(catalog.vocab.term(vocabulary, term), lang) for term in values[facet])
    for org_id in values["lead"]:
        org = catalog.vocab.organizations[org_id]
        yield org.name.get(lang)
        if org.acronym:  # every form: readers search by the one they know (ILO, OIT)
            yield from org.acronym.forms()
