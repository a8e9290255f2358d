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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import Index, create_in, open_dir
from whoosh.qparser import MultifieldParser
from whoosh.query import And, Every, Or, Term

from .catalog import Catalog
from .errors import GeneratorError, did_you_mean
from .facets import BY_NAME, FACETS
from .facets import values as facet_values
from .languages import LANGS, LANGUAGES
from .pipeline import fingerprint
from .snippets import shorten, snippet
from .text import natural_key
from .words import FACTS, STOP_WORDS, analyzer, analyzer_exact, body, plain, records, tags

# Bump when the schema or the analyzers change, so cached indexes are rebuilt.
INDEX_VERSION = "9"
CACHE_DIR = Path(".minka-cache") / "index"
TITLE_BOOST = 3.0
# The words of a record as written (accents folded, nothing stemmed): the more of the query's
# words a record has as written, the higher it ranks ("cooperative" above "cooperation", the
# same stem), and a match there weighs this much more than one through the stem.
EXACT_BOOST = 2.0


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


def search(
    index: Index,
    query: str,
    lang: str | None = None,
    filters: dict[str, list[str]] | None = None,
    limit: int = 20,
    facets: bool = False,
) -> SearchResult:
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
                    if (docs is None or docnum in docs) and (
                        docnum not in best or (tier, -score) < best[docnum][:2]
                    ):
                        best[docnum] = (tier, -score, each)
            matched = best
            top = heapq.nsmallest(limit, best, key=lambda docnum: (*best[docnum][:2], docnum))
            hits = _hits(
                searcher, [(docnum, best[docnum][2], -best[docnum][1]) for docnum in top], query
            )
        counts = _facet_counts(searcher, matched) if facets else {}
        return SearchResult(query, lang, len(matched), hits, counts)


def _schema() -> Schema:
    fields = {
        "id": ID(stored=True, unique=True, sortable=True),
        "kind": ID(stored=True),
        "countries": STORED,
    }
    for lang in LANGS:
        words = analyzer(lang)
        fields[f"title_{lang}"] = TEXT(analyzer=words, stored=True)
        # Character offsets let the highlighter cut snippets without analyzing the text again.
        fields[f"body_{lang}"] = TEXT(analyzer=words, stored=True, chars=True)
        fields[f"tags_{lang}"] = TEXT(analyzer=words)
        # No positions: it only ranks (phrases are matched in the stemmed fields), and blocks
        # without them decode faster.
        fields[f"exact_{lang}"] = TEXT(analyzer=analyzer_exact(), phrase=False)
        fields[f"summary_{lang}"] = STORED
    for facet in FACETS:
        fields[facet.name] = KEYWORD()
    # The facet values again, per record: counting them over the matches reads only the matches.
    fields["facets"] = COLUMN(PickleColumn(VarBytesColumn()))
    return Schema(**fields)


def _fill(index: Index, catalog: Catalog) -> None:
    # Separate files, not one compound segment: a compound segment is copied into memory
    # part by part each time a searcher opens it, which took 20 ms per query at 5,000 records.
    writer = index.writer(compound=False)
    for rec_id in sorted(records(catalog)):
        rec = catalog.record(rec_id)
        doc = {"id": rec_id, "kind": catalog.kind_of(rec_id), "countries": list(rec.countries)}
        for lang in LANGS:
            doc[f"title_{lang}"] = rec.title.get(lang)
            doc[f"body_{lang}"] = body(rec, lang, FACTS)
            doc[f"tags_{lang}"] = "\n".join(tags(catalog, rec, lang))
            doc[f"exact_{lang}"] = "\n".join(
                (doc[f"title_{lang}"], doc[f"tags_{lang}"], doc[f"body_{lang}"])
            )
            doc[f"summary_{lang}"] = plain(rec.summary.get(lang))
        doc["facets"] = facet_values(rec)
        for facet, values in doc["facets"].items():
            doc[facet] = " ".join(values)
        writer.add_document(**doc)
    writer.commit()


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
        return {
            hit.docnum: (0, hit.score) for hit in searcher.search(parser.parse(query), limit=None)
        }
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
            weight = (
                (math.log(count / (reader.doc_frequency(name, text) + 1)) + 1) * boost * (_K1 + 1)
            )
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

    return {
        docnum: (tier(docnum), scores[docnum])
        for docnum in range(count)
        if words[docnum] | exact[docnum]
    }


def _query_terms(schema, lang: str, query: str) -> list[list[tuple[str, str, float]]]:
    """Return, for each word of `query`, its terms in the fields of `lang`, with their boosts.

    The stop words of either language are left out unless the query has nothing else: with
    both languages searched, "de" of "escuelas de campo" matched every English page naming
    a Spanish place or organization.
    """
    words = [token.text for token in analyzer_exact()(query)]
    words = [word for word in words if word not in STOP_WORDS] or words
    return [
        [
            (field, text, boost)
            for field, boost in _BOOSTS[lang]
            for text in schema[field].process_text(word, mode="query")
        ]
        for word in words
    ]


_BOOSTS = {
    lang: (
        (f"title_{lang}", TITLE_BOOST),
        (f"body_{lang}", 1.0),
        (f"tags_{lang}", 1.0),
        (f"exact_{lang}", EXACT_BOOST),
    )
    for lang in LANGS
}
_SYNTAX = re.compile(r'["*:()]|\b(AND|OR|NOT)\b')
_K1, _B = 1.2, 0.75  # Whoosh's BM25F defaults
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _norms(index: Index, reader, field: str) -> list[float]:
    """Each record's BM25 length norm in `field`, computed once per open index."""
    cached = _NORMS.setdefault(index, {})
    if field not in cached:
        count = reader.doc_count_all()
        average = reader.field_length(field) / max(count, 1) or 1.0
        cached[field] = [
            _K1 * (1 - _B + _B * (reader.doc_field_length(d, field) or 0) / average)
            for d in range(count)
        ]
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
                known = sorted(present.values(), key=natural_key)
                raise FilterError(
                    facet,
                    f"expected one of {', '.join(known)} (values present "
                    f"in the catalog), but got {value!r}"
                    f"{did_you_mean(value, known)}",
                )
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
    return {
        facet: dict(sorted(counts[facet].items(), key=lambda kv: (-kv[1], natural_key(kv[0]))))
        for facet in BY_NAME
    }


def _lexicon(searcher, facet: str) -> list[str]:
    return [term.decode("utf-8") for term in searcher.lexicon(facet)]


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
        line = snippet(stored[f"body_{lang}"], spans.get(docnum, []))
        hits.append(
            Hit(
                stored["id"],
                stored["kind"],
                lang,
                stored[f"title_{lang}"],
                stored["countries"],
                line or shorten(stored[f"summary_{lang}"]),
                None if score is None else round(score, 4),
            )
        )
    return hits


def _spans(searcher, lang: str, query: str, docnums: list[int]) -> dict[int, list]:
    """Return where the query's words are in the text of each record, from the postings.

    The character offsets are stored with the postings: no text is analyzed again, and one
    pass over each word's postings serves every record, in the order of the index.
    """
    field, reader = f"body_{lang}", searcher.reader()
    spans: dict[int, list] = {docnum: [] for docnum in docnums}
    terms = {
        text
        for word in _query_terms(searcher.schema, lang, query)
        for name, text, _ in word
        if name == field
    }
    for term in terms:
        if (field, term) not in reader:
            continue
        postings = reader.postings(field, term)
        for docnum in docnums:
            postings.skip_to(docnum)
            if not postings.is_active():
                break
            if postings.id() == docnum:
                spans[docnum] += [
                    (start, end, term) for _, start, end in postings.value_as("characters")
                ]
    return spans


def _cache_key(root: Path) -> str:
    """Name the index after its inputs: the record files (drafts decide by content), version."""
    # The site's languages and their analyzers' data shape the index too.
    key = (INDEX_VERSION, fingerprint(root), [LANGUAGES[lang] for lang in LANGS])
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
