"""Similar records: for each record, the records most like it (the "similar practices" list).

Computed once per build from the catalog, in one language for all (SIMILARITY_LANG), from
the words `words.py` cuts each record into.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from functools import partial

from .catalog import Catalog
from .facets import values as facet_values
from .languages import SIMILARITY_LANG
from .parallel import split_map
from .words import analyzer, body, records

# More-like-this: words kept per record, records looked at per word, and the weight of a
# shared theme, value chain or country next to the text score (a cosine, from 0 to 1).
KEY_TERMS = 20
# Every record has a text in each language (through the fallback), and one list serves them
# all: compare all records in one language (data/languages.yaml: Spanish, the one most
# sources are written in), half the text to analyze.
CANDIDATES = 50
SHARED_BOOST = 0.05


def similar_records(catalog: Catalog, limit: int = 5, fork: bool = False) -> dict[str, list[str]]:
    """Map each record id to the ids of the records most like it, best first, never itself.

    More-like-this in the way Lucene does it, on the analyzed text of SIMILARITY_LANG: each record
    is reduced to its KEY_TERMS most telling words (tf × idf), and records are
    scored by the key words they share, plus SHARED_BOOST per shared theme, value chain
    or country. Only the CANDIDATES records where a word weighs most are looked at per
    word, so the cost grows with the catalog, not with its square. With `fork`, the words
    are counted, and the records scored, on every CPU (parallel.split_map).
    """
    ids = sorted(records(catalog))
    counts = dict(zip(ids, split_map(partial(_count_words, catalog), ids, fork), strict=True))
    vectors = _key_terms(counts)
    holders = _holders(vectors)
    facets = {rec_id: _similarity_facets(catalog.record(rec_id)) for rec_id in ids}
    rank = partial(_most_similar, vectors, holders, facets, limit)
    return dict(zip(ids, split_map(rank, ids, fork), strict=True))


def _most_similar(vectors, holders, facets, limit: int, ids: list[str]) -> list[list[str]]:
    """The `limit` records most like each of `ids`, best first."""
    similar = []
    for rec_id in ids:
        scores: dict[str, float] = {}
        for term, weight in vectors.get(rec_id, {}).items():
            for other, other_weight in holders[term]:
                scores[other] = scores.get(other, 0.0) + weight * other_weight
        scores.pop(rec_id, None)
        if len(scores) < limit:  # too little text in common: fall back on shared facets
            scores.update(
                {
                    other: 0.0
                    for other in facets
                    if other not in scores and other != rec_id and facets[other] & facets[rec_id]
                }
            )
        for other in scores:
            scores[other] += SHARED_BOOST * len(facets[other] & facets[rec_id])
        # Ties go to the smaller id, so the lists are the same from build to build. (The
        # `limit` best of some hundred candidates: a heap, not a sort of them all.)
        ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        similar.append([other for other, _ in ranked])
    return similar


def term_counts(analyzer, text: str, terms: dict | None = None) -> Counter:
    """Count each word of `text` as a Whoosh TEXT field weighs it when indexing (a boost of
    1 per occurrence).

    The analyzer's filters read one token at a time, so each spelling its tokenizer finds
    is analyzed once, alone, and its term kept in `terms`: through Whoosh's chain of
    generators every occurrence cost some ten microseconds, most of the similar lists' time."""
    terms = {} if terms is None else terms
    counts: Counter = Counter()
    for match in analyzer.items[0].expression.finditer(text):
        word = match.group(0)
        if word not in terms:
            tokens = analyzer(word, mode="index")
            terms[word] = next((t.text for t in tokens if not t.stopped), None)
        if terms[word] is not None:
            counts[terms[word]] += 1.0
    return counts


def _count_words(catalog: Catalog, ids: list[str]) -> list[Counter]:
    # Each record's words as Whoosh would index them (the analyzer in index mode), counted:
    # all that more-like-this reads. Building an index of them only to read the counts back
    # took half of the time, before the language builds could start.
    words, terms = analyzer(SIMILARITY_LANG), {}
    return [
        term_counts(words, body(catalog.record(rec_id), SIMILARITY_LANG), terms) for rec_id in ids
    ]


def _key_terms(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """Return each record's KEY_TERMS heaviest words, weighted tf × idf, unit length."""
    total = len(counts)
    frequency: Counter = Counter()
    for terms in counts.values():
        frequency.update(terms.keys())
    vectors = {}
    for rec_id, terms in counts.items():
        # a word of one record relates it to no other
        weighted = [
            (term, math.sqrt(count) * (math.log(total / frequency[term]) + 1.0))
            for term, count in terms.items()
            if frequency[term] >= 2
        ]
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
    return {
        term: sorted(found, key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        for term, found in holders.items()
    }


def _similarity_facets(rec) -> set[tuple[str, str]]:
    values = facet_values(rec)
    return {
        (facet, value) for facet in ("theme", "value_chain", "country") for value in values[facet]
    }
