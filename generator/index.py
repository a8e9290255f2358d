"""Search the catalog with Whoosh: a cached on-disk index for `minka search`, similar records."""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import shutil
import tempfile
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import Index, create_in, open_dir
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.qparser import MultifieldParser
from whoosh.query import And, Every, Or, Term
from whoosh.support.charset import accent_map

from .catalog import Catalog
from .errors import GeneratorError, did_you_mean
from .facets import BY_NAME, FACETS, values as facet_values
from .languages import LANGS, LANGUAGES, SIMILARITY_LANG
from .fields import Text
from .pipeline import fingerprint
from .reference import country_name

# Bump when the schema or the analyzers change, so cached indexes are rebuilt.
INDEX_VERSION = "8"
CACHE_DIR = Path(".minka-cache") / "index"
TITLE_BOOST = 3.0
# The words of a record as written (accents folded, nothing stemmed): the more of the query's
# words a record has as written, the higher it ranks ("cooperative" above "cooperation", the
# same stem), and a match there weighs this much more than one through the stem.
EXACT_BOOST = 2.0
# A snippet is the sentence that matched, cut to the words around the match beyond this length.
SENTENCE_CHARS = 300
# What a record's page shows as facts, not sentences: a search matches and quotes its text
# without them, as the browser's does (data-pagefind-ignore in generator/templates).
FACTS = frozenset({"key_figures", "breakdowns", "funding", "beneficiaries", "partners", "market",
                   "sdg", "sources", "see_also"})
def _stop_words(language) -> frozenset[str]:
    """A language's stop words: a whoosh.lang list named by its code, or the words listed."""
    if isinstance(language.stop_words, str):
        return frozenset(stopwords_for_language(language.stop_words))
    return frozenset(language.stop_words)


# In a query of several words these match nothing on their own, in any language: with every
# language searched, "de" of "escuelas de campo" would find every English page naming a
# Spanish place or organization.
STOP_WORDS = frozenset(w.translate(accent_map) for lang in LANGS
                       for w in _stop_words(LANGUAGES[lang]))
# More-like-this: words kept per record, records looked at per word, and the weight of a
# shared theme, value chain or country next to the text score (a cosine, from 0 to 1).
KEY_TERMS = 20
# Every record has a text in each language (through the fallback), and one list serves them
# all: compare all records in one language (data/languages.yaml: Spanish, the one most
# sources are written in), half the text to analyze.
CANDIDATES = 50
SHARED_BOOST = 0.05


@dataclass
class Hit:
    """One ranked search result, in the language it matched best (`lang`)."""

    id: str
    kind: str
    lang: str
    title: str
    countries: list[str]
    snippet: str
    score: float | None  # None when listing without a query


class FilterError(GeneratorError):
    """A filter value the catalog does not have; `facet` names the filter, for the CLI's option."""

    def __init__(self, facet: str, detail: str):
        super().__init__(f"{facet}: {detail}")
        self.facet, self.detail = facet, detail


@dataclass
class SearchResult:
    """Ranked hits, how many records matched, and (when asked for) facet counts over every match.

    `lang` is the language searched, None when both were.
    """

    query: str
    lang: str | None
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def build_index(catalog: Catalog, index_dir: Path) -> None:
    """Write a fresh index of every record of `catalog` into `index_dir`."""
    index_dir.mkdir(parents=True, exist_ok=True)
    _fill(create_in(str(index_dir), _schema()), catalog)


def open_index(root: Path, catalog: Catalog | Callable[[], Catalog]) -> Index:
    """Open the cached index of the project at `root`, building it when the records changed.

    The cache is named after the record files' sizes and times, so an unchanged project
    opens its index without reading a record: `catalog` may be the function that reads the
    catalog, called only to build the index.
    """
    folder = root / CACHE_DIR
    key = _cache_key(root)
    target = folder / key
    if not target.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        # Build aside and rename into place, so a concurrent reader never sees half an index.
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
        scratch.chmod(0o755)  # mkdtemp makes it private; the cache belongs to the project
        build_index(catalog() if callable(catalog) else catalog, scratch)
        try:
            scratch.rename(target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(scratch)  # another process built the same index first
        for old in folder.iterdir():
            if old.name != key and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    return open_dir(str(target))


def search(index: Index, query: str, lang: str | None = None,
           filters: dict[str, list[str]] | None = None, limit: int = 20,
           facets: bool = False) -> SearchResult:
    """Rank the records matching `query` in `lang` (None: both languages) and `filters`.

    An empty query lists the records. Records with every word come first, then those with
    some; with both languages, each record is one hit, in the language where it ranks best.
    Facet counts read every match: they are counted only with `facets=True`.
    """
    if lang is not None and lang not in LANGS:
        raise GeneratorError(f"lang: expected one of {', '.join(LANGS)}, but got {lang!r}")
    query = query.strip()
    with index.searcher() as searcher:
        allowed = _filter_query(searcher, filters or {})
        docs = None if allowed is None else set(searcher.docs_for_query(allowed))
        if not query:
            listing = searcher.search(allowed or Every(), limit=limit, sortedby="id")
            hits = _hits(searcher, [(hit.docnum, lang or LANGS[0], None) for hit in listing])
            matched = range(searcher.doc_count()) if docs is None else docs
        else:
            best: dict[int, tuple[int, float, str]] = {}  # docnum: (tier, -score, language)
            for each in LANGS if lang is None else (lang,):
                for docnum, (tier, score) in _rank(index, searcher, each, query).items():
                    if (docs is None or docnum in docs) and \
                            (docnum not in best or (tier, -score) < best[docnum][:2]):
                        best[docnum] = (tier, -score, each)
            matched = best
            top = heapq.nsmallest(limit, best, key=lambda docnum: (*best[docnum][:2], docnum))
            hits = _hits(searcher, [(docnum, best[docnum][2], -best[docnum][1]) for docnum in top],
                         query)
        counts = _facet_counts(searcher, matched) if facets else {}
        return SearchResult(query, lang, len(matched), hits, counts)


def similar_records(catalog: Catalog, limit: int = 5) -> dict[str, list[str]]:
    """Map each record id to the ids of the records most like it, best first, never itself.

    More-like-this in the way Lucene does it, on the analyzed text of SIMILARITY_LANG: each record
    is reduced to its KEY_TERMS most telling words (tf × idf), and records are
    scored by the key words they share, plus SHARED_BOOST per shared theme, value chain
    or country. Only the CANDIDATES records where a word weighs most are looked at per
    word, so the cost grows with the catalog, not with its square.
    """
    # Each record's words as Whoosh would index them (the analyzer in index mode), counted:
    # all that more-like-this reads. Building an index of them only to read the counts back
    # took half of the time, before the language builds could start.
    analyzer = _analyzer(SIMILARITY_LANG)
    ids = sorted(_records(catalog))
    counts = {rec_id: _term_counts(analyzer, _body(catalog.record(rec_id), SIMILARITY_LANG))
              for rec_id in ids}
    vectors = _key_terms(counts)
    holders = _holders(vectors)
    facets = {rec_id: _similarity_facets(catalog.record(rec_id)) for rec_id in ids}
    similar = {}
    for rec_id in ids:
        scores: dict[str, float] = {}
        for term, weight in vectors.get(rec_id, {}).items():
            for other, other_weight in holders[term]:
                scores[other] = scores.get(other, 0.0) + weight * other_weight
        scores.pop(rec_id, None)
        if len(scores) < limit:  # too little text in common: fall back on shared facets
            scores.update({other: 0.0 for other in facets if other not in scores
                           and other != rec_id and facets[other] & facets[rec_id]})
        for other in scores:
            scores[other] += SHARED_BOOST * len(facets[other] & facets[rec_id])
        # Ties go to the smaller id, so the lists are the same from build to build.
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        similar[rec_id] = [other for other, _ in ranked[:limit]]
    return similar


def _term_counts(analyzer, text: str) -> Counter:
    """Count each word of `text` as a Whoosh TEXT field weighs it when indexing."""
    counts: Counter = Counter()
    for token in analyzer(text, positions=True, boosts=True, mode="index"):
        if not token.stopped:
            counts[token.text] += token.boost
    return counts


def _key_terms(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """Return each record's KEY_TERMS heaviest words, weighted tf × idf, unit length."""
    total = len(counts)
    frequency: Counter = Counter()
    for terms in counts.values():
        frequency.update(terms.keys())
    vectors = {}
    for rec_id, terms in counts.items():
        # a word of one record relates it to no other
        weighted = [(term, math.sqrt(count) * (math.log(total / frequency[term]) + 1.0))
                    for term, count in terms.items() if frequency[term] >= 2]
        if not weighted:
            continue
        top = sorted(weighted, key=lambda item: (-item[1], item[0]))[:KEY_TERMS]
        norm = math.sqrt(sum(weight * weight for _, weight in top))
        vectors[rec_id] = {term: weight / norm for term, weight in top}
    return vectors


def _holders(vectors: dict[str, dict[str, float]]) -> dict[str, list[tuple[str, float]]]:
    """Map each key word to the CANDIDATES records where it weighs most (ties: smaller id)."""
    holders: dict[str, list[tuple[str, float]]] = {}
    for rec_id in sorted(vectors):
        for term, weight in vectors[rec_id].items():
            holders.setdefault(term, []).append((rec_id, weight))
    return {term: sorted(found, key=lambda item: (-item[1], item[0]))[:CANDIDATES]
            for term, found in holders.items()}


def _similarity_facets(rec) -> set[tuple[str, str]]:
    values = facet_values(rec)
    return {(facet, value) for facet in ("theme", "value_chain", "country")
            for value in values[facet]}


def _schema() -> Schema:
    fields = {"id": ID(stored=True, unique=True, sortable=True), "kind": ID(stored=True),
              "countries": STORED}
    for lang in LANGS:
        analyzer = _analyzer(lang)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, stored=True)
        # Character offsets let the highlighter cut snippets without analyzing the text again.
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer, stored=True, chars=True)
        fields[f"tags_{lang}"] = TEXT(analyzer=analyzer)
        # No positions: it only ranks (phrases are matched in the stemmed fields), and blocks
        # without them decode faster.
        fields[f"exact_{lang}"] = TEXT(analyzer=_analyzer_exact(), phrase=False)
        fields[f"summary_{lang}"] = STORED
    for facet in FACETS:
        fields[facet.name] = KEYWORD()
    # The facet values again, per record: counting them over the matches reads only the matches.
    fields["facets"] = COLUMN(PickleColumn(VarBytesColumn()))
    return Schema(**fields)


def _analyzer(lang: str):
    """The analyzer of a language's fields, from its entry in data/languages.yaml."""
    language = LANGUAGES[lang]
    # Stop words carry accents ("más"), so they go before folding; folding goes before
    # stemming, so "cafe" and "café" meet in the same stem.
    stops = frozenset(_stop_words(language)) | frozenset(language.not_indexed)
    analyzer = RegexTokenizer() | LowercaseFilter() | StopFilter(stops) | CharsetFilter(accent_map)
    if language.stemmer is None:
        # No stemmer for the language: its words are matched as written (accents folded), so
        # a plural does not find its singular, but every word is still found.
        return analyzer
    return analyzer | StemFilter(stemfn=_FoldedStemmer(lang))


def _analyzer_exact():
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
                word = word[:-len(folded)] + accented
                break
        return _stemmer(language.stemmer)(word).translate(accent_map)


@cache
def _stemmer(code: str):
    return stemmer_for_language(code)  # a new Snowball object at each call otherwise


def _fill(index: Index, catalog: Catalog) -> None:
    # Separate files, not one compound segment: a compound segment is copied into memory
    # part by part each time a searcher opens it, which took 20 ms per query at 5,000 records.
    writer = index.writer(compound=False)
    for rec_id in sorted(_records(catalog)):
        rec = catalog.record(rec_id)
        doc = {"id": rec_id, "kind": catalog.kind_of(rec_id), "countries": list(rec.countries)}
        for lang in LANGS:
            doc[f"title_{lang}"] = rec.title.get(lang)
            doc[f"body_{lang}"] = _body(rec, lang, FACTS)
            doc[f"tags_{lang}"] = "\n".join(_tags(catalog, rec, lang))
            doc[f"exact_{lang}"] = "\n".join((doc[f"title_{lang}"], doc[f"tags_{lang}"],
                                              doc[f"body_{lang}"]))
            doc[f"summary_{lang}"] = _plain(rec.summary.get(lang))
        doc["facets"] = facet_values(rec)
        for facet, values in doc["facets"].items():
            doc[facet] = " ".join(values)
        writer.add_document(**doc)
    writer.commit()


def _records(catalog: Catalog) -> list[str]:
    return [*catalog.cases, *catalog.methodologies]


def _body(rec, lang: str, skip: frozenset[str] = frozenset()) -> str:
    """Join the prose of a record but its title, one text per line (snippets keep to a line)."""
    return "\n".join(text for name in type(rec).model_fields if name not in skip | {"title"}
                     for text in _texts(getattr(rec, name), lang))


def _texts(value, lang: str) -> Iterator[str]:
    """Yield every prose text inside `value` in `lang`, falling back to the other language."""
    if isinstance(value, Text):
        yield _plain(value.get(lang))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), lang)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, lang)


def _plain(text: str) -> str:
    # Drop Markdown emphasis: snippets mark matches with ** and must not show both. A line
    # break inside a paragraph is a space: each paragraph and list item keeps a line of its own.
    return _SOFT_BREAK.sub(" ", text.replace("*", "")).strip()


_SOFT_BREAK = re.compile(r"\n(?!\n|\s*(?:[-+]|\d+[.)])\s)")


def _tags(catalog: Catalog, rec, lang: str) -> Iterator[str]:
    """Yield the names a reader may search by: acronym, places, countries, terms, organizations."""
    if rec.acronym:
        yield rec.acronym
    yield from (place.get(lang) for place in getattr(rec, "places", []))
    yield from (country_name(code, lang) for code in rec.countries)
    values = facet_values(rec)
    for vocabulary, facet in (("themes", "theme"), ("value-chains", "value_chain"),
                              ("populations", "population")):
        yield from (getattr(catalog.vocab.term(vocabulary, term), lang) for term in values[facet])
    for org_id in values["lead"]:
        org = catalog.vocab.organizations[org_id]
        yield org.name.get(lang)
        if org.acronym:  # every form: readers search by the one they know (ILO, OIT)
            yield from org.acronym.forms()


def _rank(index: Index, searcher, lang: str, query: str) -> dict[int, tuple[int, float]]:
    """Score every record matching a word of `query` in `lang`: {docnum: (tier, score)}.

    BM25 over the language's title, text, tags and words as written, boosted as Whoosh's
    BM25F would, read straight from the posting lists in one pass; the lower tier ranks
    first. Whoosh's own search walked its matchers once per tier and once more to count,
    scoring each record through them: about three times slower, over the budget of
    DESIGN.md §9 once both languages are searched.
    """
    if _SYNTAX.search(query):  # a "phrase" or Whoosh's operators: Whoosh parses and ranks
        boosts = dict(_BOOSTS[lang][:3])  # the words as written have no positions for phrases
        parser = MultifieldParser(list(boosts), searcher.schema, fieldboosts=boosts)
        return {hit.docnum: (0, hit.score)
                for hit in searcher.search(parser.parse(query), limit=None)}
    reader = searcher.reader()
    count = reader.doc_count_all()
    scores = [0.0] * count
    words = [0] * count  # which of the query's words each record has, a bit each
    exact = [0] * count  # and which of them as written
    terms = _query_terms(searcher.schema, lang, query)
    for bit, word in enumerate(terms):
        for name, text, boost in word:
            if (name, text) not in reader:
                continue
            weight = (math.log(count / (reader.doc_frequency(name, text) + 1)) + 1) * boost * (_K1 + 1)
            norms = _norms(index, reader, name)
            marks = exact if name == f"exact_{lang}" else words
            # The matcher's own calls: items_as() decodes each posting's value again to get
            # its weight, a third of a search's time.
            postings = reader.postings(name, text)
            while postings.is_active():
                docnum, frequency = postings.id(), postings.weight()
                scores[docnum] += weight * frequency / (frequency + norms[docnum])
                marks[docnum] |= 1 << bit
                postings.next()
    every = (1 << len(terms)) - 1

    def tier(docnum: int) -> int:
        # Every word first; then, among those and among the rest, the more of the words as
        # written the better: "cuy" above "cuyo" (stemmed alike), whatever the scores.
        some = (words[docnum] | exact[docnum]) != every
        return some * (len(terms) + 1) - exact[docnum].bit_count()

    return {docnum: (tier(docnum), scores[docnum])
            for docnum in range(count) if words[docnum] | exact[docnum]}


def _query_terms(schema, lang: str, query: str) -> list[list[tuple[str, str, float]]]:
    """Return, for each word of `query`, its terms in the fields of `lang`, with their boosts.

    The stop words of either language are left out unless the query has nothing else: with
    both languages searched, "de" of "escuelas de campo" matched every English page naming
    a Spanish place or organization.
    """
    words = [token.text for token in _analyzer_exact()(query)]
    words = [word for word in words if word not in STOP_WORDS] or words
    return [[(field, text, boost) for field, boost in _BOOSTS[lang]
             for text in schema[field].process_text(word, mode="query")] for word in words]


_BOOSTS = {lang: ((f"title_{lang}", TITLE_BOOST), (f"body_{lang}", 1.0), (f"tags_{lang}", 1.0),
                  (f"exact_{lang}", EXACT_BOOST)) for lang in LANGS}
_SYNTAX = re.compile(r'["*:()]|\b(AND|OR|NOT)\b')
_K1, _B = 1.2, 0.75  # Whoosh's BM25F defaults
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _norms(index: Index, reader, field: str) -> list[float]:
    """Each record's BM25 length norm in `field`, computed once per open index."""
    cached = _NORMS.setdefault(index, {})
    if field not in cached:
        count = reader.doc_count_all()
        average = reader.field_length(field) / max(count, 1) or 1.0
        cached[field] = [_K1 * (1 - _B + _B * (reader.doc_field_length(d, field) or 0) / average)
                         for d in range(count)]
    return cached[field]


def _filter_query(searcher, filters: dict[str, list[str]]):
    """Turn filters into a query: any of the values of a facet, every facet given."""
    parts = []
    for facet, values in sorted(filters.items()):
        if facet not in BY_NAME:
            raise GeneratorError(f"expected a filter among {', '.join(BY_NAME)}, but got {facet!r}")
        if not values:
            continue
        # Match case-insensitively: "pe" is as clear as "PE".
        present = {v.lower(): v for v in _lexicon(searcher, facet)}
        terms = []
        for value in map(str, values):
            if value.lower() not in present:
                known = sorted(present.values(), key=_natural)
                raise FilterError(facet, f"expected one of {', '.join(known)} (values present "
                                         f"in the catalog), but got {value!r}"
                                         f"{did_you_mean(value, known)}")
            terms.append(Term(facet, present[value.lower()]))
        parts.append(Or(terms))
    return And(parts) if parts else None


def _facet_counts(searcher, matched) -> dict[str, dict[str, int]]:
    """Count the matched records per facet value, most frequent first."""
    column = searcher.reader().column_reader("facets")
    counts = {facet: Counter() for facet in BY_NAME}
    for docnum in matched:
        for facet, values in column[docnum].items():
            counts[facet].update(values)
    return {facet: dict(sorted(counts[facet].items(), key=lambda kv: (-kv[1], _natural(kv[0]))))
            for facet in BY_NAME}


def _lexicon(searcher, facet: str) -> list[str]:
    return [term.decode("utf-8") for term in searcher.lexicon(facet)]


def _natural(value: str) -> tuple:
    """Sort SDG goal numbers as numbers, other values as text."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _hits(searcher, found: list[tuple[int, str, float | None]], query: str = "") -> list[Hit]:
    """Turn (docnum, language, score) into hits, with a snippet where the query matched."""
    spans: dict[int, list] = {}
    for lang in {lang for _, lang, _ in found}:
        docnums = sorted(docnum for docnum, each, _ in found if each == lang)
        spans.update(_spans(searcher, lang, query, docnums) if query else {})
    hits = []
    for docnum, lang, score in found:
        stored = searcher.stored_fields(docnum)
        # A listing, or a match in the title or tags only, shows the start of the summary.
        snippet = _snippet(stored[f"body_{lang}"], spans.get(docnum, []))
        hits.append(Hit(stored["id"], stored["kind"], lang, stored[f"title_{lang}"],
                        stored["countries"], snippet or _shorten(stored[f"summary_{lang}"]),
                        None if score is None else round(score, 4)))
    return hits


def _spans(searcher, lang: str, query: str, docnums: list[int]) -> dict[int, list]:
    """Return where the query's words are in the text of each record, from the postings.

    The character offsets are stored with the postings: no text is analyzed again, and one
    pass over each word's postings serves every record, in the order of the index.
    """
    field, reader = f"body_{lang}", searcher.reader()
    spans: dict[int, list] = {docnum: [] for docnum in docnums}
    terms = {text for word in _query_terms(searcher.schema, lang, query)
             for name, text, _ in word if name == field}
    for term in terms:
        if (field, term) not in reader:
            continue
        postings = reader.postings(field, term)
        for docnum in docnums:
            postings.skip_to(docnum)
            if not postings.is_active():
                break
            if postings.id() == docnum:
                spans[docnum] += [(start, end, term) for _, start, end in postings.value_as("characters")]
    return spans


def _snippet(text: str, spans: list) -> str:
    """Return the sentence of `text` with the most of the query's words, matches in **bold**."""
    sentences: dict[tuple[int, int], list] = {}
    for span in sorted(spans):
        sentences.setdefault(_sentence(text, span[0]), []).append(span)
    if not sentences:
        return ""
    # The sentence with the most distinct words, the earliest of those.
    (start, end), found = min(sentences.items(),
                              key=lambda item: (-len({span[2] for span in item[1]}), item[0]))
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


def _shorten(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + " …"


def _cache_key(root: Path) -> str:
    """Name the index after its inputs: the record files (drafts decide by content), version."""
    # The site's languages and their analyzers' data shape the index too.
    key = (INDEX_VERSION, fingerprint(root), [LANGUAGES[lang] for lang in LANGS])
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
