"""Search the catalog with Whoosh: a cached on-disk index for `minka search`, similar records."""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel
from whoosh import highlight
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index, create_in, open_dir
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.query import And, ConstantScoreQuery, Every, Or, Term
from whoosh.support.charset import accent_map

from .catalog import Catalog
from .errors import GeneratorError, did_you_mean
from .models import LANGS, Case, Text
from .pipeline import fingerprint, read_project
from .reference import country_name

# Bump when the schema or the analyzers change, so cached indexes are rebuilt.
INDEX_VERSION = "5"
CACHE_DIR = Path(".minka-cache") / "index"
FACETS = ("country", "theme", "value_chain", "population", "sdg", "methodology", "lead")
TITLE_BOOST = 3.0
# More-like-this: words kept per record, records looked at per word, and the weight of a
# shared theme, value chain or country next to the text score (a cosine, from 0 to 1).
KEY_TERMS = 20
# Every record is bilingual, and one list serves both languages: compare all records in one
# language, Spanish, the one most sources are written in (half the text to analyze).
SIMILARITY_LANG = "es"
CANDIDATES = 50
SHARED_BOOST = 0.05


@dataclass
class Hit:
    """One ranked search result, in the language searched."""

    id: str
    kind: str
    title: str
    countries: list[str]
    snippet: str
    score: float | None  # None when listing without a query


@dataclass
class SearchResult:
    """Ranked hits, how many records matched, and (when asked for) facet counts over every match."""

    query: str
    lang: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def build_index(catalog: Catalog, index_dir: Path) -> None:
    """Write a fresh index of every record of `catalog` into `index_dir`."""
    index_dir.mkdir(parents=True, exist_ok=True)
    _fill(create_in(str(index_dir), _schema()), catalog)


def open_index(root: Path, catalog: Catalog | None = None) -> Index:
    """Open the cached index of the project at `root`, building it when the records changed.

    The cache is named after the record files' sizes and times, so an unchanged project
    opens its index without reading a record; `catalog` (else the project's published
    records) is read only to build it.
    """
    folder = root / CACHE_DIR
    key = _cache_key(root)
    target = folder / key
    if not target.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        # Build aside and rename into place, so a concurrent reader never sees half an index.
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
        scratch.chmod(0o755)  # mkdtemp makes it private; the cache belongs to the project
        build_index(catalog or read_project(root), scratch)
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


def search(index: Index, query: str, lang: str = "en", filters: dict[str, list[str]] | None = None,
           limit: int = 20, facets: bool = False) -> SearchResult:
    """Rank the records matching `query` in `lang` and `filters`; an empty query lists them all.

    Facet counts read every match, which costs as much as the search itself on a large
    catalog: they are counted only with `facets=True`.
    """
    if lang not in LANGS:
        raise GeneratorError(f"--lang: expected one of {', '.join(LANGS)}, but got {lang!r}")
    ranked = bool(query.strip())
    with index.searcher() as searcher:
        allowed = _filter_query(searcher, filters or {})
        words = None
        if ranked:
            # Records with every word come first, then the records with only some of them.
            words = _parse(index, lang, OrGroup, query)
            every = _restrict(_parse(index, lang, AndGroup, query), allowed)
            wanted = _restrict(words, allowed)
            pages = [searcher.search(every, limit=limit, terms=True)]
            if pages[0].scored_length() < limit:
                pages.append(searcher.search(wanted, mask=pages[0].docs(),
                                             limit=limit - pages[0].scored_length(), terms=True))
        else:
            wanted = allowed or Every()
            pages = [searcher.search(wanted, limit=limit, sortedby="id")]
        if facets:
            matched = set(searcher.docs_for_query(wanted))
            total, counts = len(matched), _facet_counts(searcher, matched)
        else:
            total, counts = _count(searcher, words, allowed), {}
        hits = []
        for page in pages:
            # Pinpoint fragments come from the stored character offsets: no text analyzed again.
            page.fragmenter = highlight.PinpointFragmenter(maxchars=160, surround=60,
                                                           autotrim=True, charlimit=None)
            page.formatter = _Marks()
            hits += [_hit(hit, lang, ranked) for hit in page]
        return SearchResult(query, lang, total, hits, counts)


def similar_records(catalog: Catalog, limit: int = 5) -> dict[str, list[str]]:
    """Map each record id to the ids of the records most like it, best first, never itself.

    More-like-this in the way Lucene does it, on Whoosh's analyzed Spanish text: each record
    is reduced to its KEY_TERMS most telling words (tf × idf), and records are
    scored by the key words they share, plus SHARED_BOOST per shared theme, value chain
    or country. Only the CANDIDATES records where a word weighs most are looked at per
    word, so the cost grows with the catalog, not with its square.
    """
    storage = _RamStorage()
    # Only what more-like-this reads: each record's text in one language.
    index = storage.create_index(Schema(id=ID(stored=True, unique=True),
                                        body=TEXT(analyzer=_analyzer_es())))
    try:
        writer = index.writer()
        for rec_id in sorted(_records(catalog)):
            writer.add_document(id=rec_id, body=_body(catalog.record(rec_id), SIMILARITY_LANG))
        writer.commit()
    finally:
        storage.cleanup()
    with index.reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        vectors = _key_terms(reader, "body", ids)
    holders = _holders(vectors)
    facets = {rec_id: _similarity_facets(catalog.record(rec_id)) for rec_id in ids.values()}
    similar = {}
    for rec_id in sorted(ids.values()):
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


def _key_terms(reader, field: str, ids: dict[int, str]) -> dict[str, dict[str, float]]:
    """Return each record's KEY_TERMS heaviest words of `field`, weighted tf × idf, unit length."""
    total = reader.doc_count()
    weights: dict[str, dict[str, float]] = {}
    for term, info in reader.iter_field(field):
        frequency = info.doc_frequency()
        if frequency < 2:
            continue  # a word of one record relates it to no other
        idf = math.log(total / frequency) + 1.0
        postings = reader.postings(field, term)
        for docnum, count in postings.items_as("weight"):
            weights.setdefault(ids[docnum], {})[term] = math.sqrt(count) * idf
    vectors = {}
    for rec_id, terms in weights.items():
        top = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:KEY_TERMS]
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
    values = _facet_values(rec)
    return {(facet, value) for facet in ("theme", "value_chain", "country")
            for value in values[facet]}


class _RamStorage(RamStorage):
    """In-memory storage whose scratch folders are its own, and removed with `cleanup`.

    Whoosh spills sorted runs of a large index to a folder of the system temp directory
    named after the index ("MAIN.tmp", shared by two builds running at once) or at random,
    and never removes it.
    """

    def __init__(self):
        super().__init__()
        self._scratch: list[str] = []

    def temp_storage(self, name=None):
        self._scratch.append(tempfile.mkdtemp(prefix="minka-whoosh-"))
        return FileStorage(self._scratch[-1]).create()

    def cleanup(self) -> None:
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)


class _Marks(highlight.Formatter):
    """Mark matches as **word**, in plain text."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"**{highlight.get_text(text, token, replace)}**"

    def format_fragment(self, fragment, replace=False):
        # A record's texts are indexed one per line: keep the lines with a match, so a
        # snippet does not run from the end of one section into the next.
        lines = super().format_fragment(fragment, replace).split("\n")
        return self.between.join(line.strip() for line in lines if "**" in line)


def _schema() -> Schema:
    fields = {"id": ID(stored=True, unique=True, sortable=True), "kind": ID(stored=True),
              "countries": STORED}
    for lang, analyzer in (("en", _analyzer_en()), ("es", _analyzer_es())):
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, stored=True)
        # Character offsets let the highlighter cut snippets without analyzing the text again.
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer, stored=True, chars=True)
        fields[f"tags_{lang}"] = TEXT(analyzer=analyzer)
        fields[f"summary_{lang}"] = STORED
    for facet in FACETS:
        fields[facet] = KEYWORD()
    # The facet values again, per record: counting them over the matches reads only the matches.
    fields["facets"] = COLUMN(PickleColumn(VarBytesColumn()))
    return Schema(**fields)


def _analyzer_en():
    # Fold accents before stemming, so "cafe" and "café" meet in the same stem.
    return (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter()
            | StemFilter(lang="en"))


def _analyzer_es():
    # Stop words carry accents ("más"), so they go before folding.
    # "cuya" (whose) would otherwise stem to "cuy", the guinea pig.
    stops = stopwords_for_language("es") | {"cuyo", "cuya", "cuyos", "cuyas"}
    return (RegexTokenizer() | LowercaseFilter() | StopFilter(stops)
            | CharsetFilter(accent_map) | StemFilter(stemfn=_stem_es))


_SPANISH = stemmer_for_language("es")


def _stem_es(word: str) -> str:
    """Stem a folded Spanish word the way its accented spelling would be stemmed."""
    # Snowball's Spanish suffixes "-ación", "-ución" carry the accent that folding removed:
    # without it "asociación" and "asociaciones" would not share a stem.
    if word.endswith("cion"):
        word = word[:-4] + "ción"
    return _SPANISH(word).translate(accent_map)


def _fill(index: Index, catalog: Catalog) -> None:
    # Separate files, not one compound segment: a compound segment is copied into memory
    # part by part each time a searcher opens it, which took 20 ms per query at 5,000 records.
    writer = index.writer(compound=False)
    for rec_id in sorted(_records(catalog)):
        rec = catalog.record(rec_id)
        doc = {"id": rec_id, "kind": catalog.kind_of(rec_id), "countries": list(rec.countries)}
        for lang in LANGS:
            doc[f"title_{lang}"] = rec.title.get(lang)
            doc[f"body_{lang}"] = _body(rec, lang)
            doc[f"tags_{lang}"] = "\n".join(_tags(catalog, rec, lang))
            doc[f"summary_{lang}"] = _plain(rec.summary.get(lang))
        doc["facets"] = _facet_values(rec)
        for facet, values in doc["facets"].items():
            doc[facet] = " ".join(values)
        writer.add_document(**doc)
    writer.commit()


def _records(catalog: Catalog) -> list[str]:
    return [*catalog.cases, *catalog.methodologies]


def _body(rec, lang: str) -> str:
    """Join the prose of a record but its title, one text per line (snippets keep to a line)."""
    return "\n".join(text for name in type(rec).model_fields if name != "title"
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
    # Drop Markdown emphasis: snippets mark matches with ** and must not show both.
    return text.replace("*", "")


def _tags(catalog: Catalog, rec, lang: str) -> Iterator[str]:
    """Yield the names a reader may search by: acronym, places, countries, terms, organizations."""
    if rec.acronym:
        yield rec.acronym
    yield from (place.get(lang) for place in getattr(rec, "places", []))
    yield from (country_name(code, lang) for code in rec.countries)
    values = _facet_values(rec)
    for vocabulary, facet in (("themes", "theme"), ("value-chains", "value_chain"),
                              ("populations", "population")):
        yield from (getattr(catalog.vocab.term(vocabulary, term), lang) for term in values[facet])
    for org_id in values["lead"]:
        org = catalog.vocab.organizations[org_id]
        yield org.name.get(lang)
        if org.acronym:  # both forms: readers search by the one they know (ILO, OIT)
            yield from dict.fromkeys((org.acronym.en, org.acronym.es))


def _facet_values(rec) -> dict[str, list[str]]:
    """Return the facet values of a record; a methodology uses itself, its owners lead it."""
    if isinstance(rec, Case):
        methods = sorted({ref.methodology for ref in rec.methodologies})
        goals = [str(goal) for goal in rec.sdg.goals] if rec.sdg else []
        return {"country": rec.countries, "theme": rec.themes, "value_chain": rec.value_chains,
                "population": rec.populations, "sdg": goals, "methodology": methods,
                "lead": rec.lead}
    return {"country": rec.countries, "theme": rec.themes, "value_chain": [], "population": [],
            "sdg": [], "methodology": [rec.id], "lead": rec.owner}


def _parse(index: Index, lang: str, group, query: str):
    fields = [f"title_{lang}", f"body_{lang}", f"tags_{lang}"]
    parser = MultifieldParser(fields, index.schema, fieldboosts={fields[0]: TITLE_BOOST},
                              group=group)
    return parser.parse(query)


def _restrict(query, allowed):
    """Intersect with the filters inside the query, where Whoosh skips ahead on the rarer side."""
    return query if allowed is None else And([query, ConstantScoreQuery(allowed, 0.0)])


def _filter_query(searcher, filters: dict[str, list[str]]):
    """Turn filters into a query: any of the values of a facet, every facet given."""
    parts = []
    for facet, values in sorted(filters.items()):
        if facet not in FACETS:
            raise GeneratorError(f"expected a filter among {', '.join(FACETS)}, but got {facet!r}")
        if not values:
            continue
        # Match case-insensitively: "pe" is as clear as "PE".
        present = {v.lower(): v for v in _lexicon(searcher, facet)}
        terms = []
        for value in map(str, values):
            if value.lower() not in present:
                known = sorted(present.values(), key=_natural)
                raise GeneratorError(f"--{facet.replace('_', '-')}: expected one of "
                                     f"{', '.join(known)} (values present in the catalog), "
                                     f"but got {value!r}{did_you_mean(value, known)}")
            terms.append(Term(facet, present[value.lower()]))
        parts.append(Or(terms))
    return And(parts) if parts else None


def _count(searcher, words, allowed) -> int:
    """Count the records matching the parsed `words` (None: any) and the filters `allowed`."""
    if words is None:
        return searcher.doc_count() if allowed is None else _ilen(searcher.docs_for_query(allowed))
    if not _is_union(words):
        return _ilen(searcher.docs_for_query(_restrict(words, allowed)))
    # Plain words are a union of terms: reading each posting list into one set is about
    # twice as fast as walking Whoosh's union matcher, which matters when most records match.
    reader = searcher.reader()
    ids = set()
    for term in words.iter_all_terms():
        if term in reader:
            ids.update(reader.postings(*term).all_ids())
    if allowed is not None:
        ids.intersection_update(searcher.docs_for_query(allowed))
    return len(ids)


def _is_union(query) -> bool:
    return isinstance(query, Term) or (type(query) is Or and all(map(_is_union, query.subqueries)))


def _ilen(docs) -> int:
    return sum(1 for _ in docs)


def _facet_counts(searcher, matched: set[int]) -> dict[str, dict[str, int]]:
    """Count the matched records per facet value, most frequent first."""
    column = searcher.reader().column_reader("facets")
    counts = {facet: Counter() for facet in FACETS}
    for docnum in matched:
        for facet, values in column[docnum].items():
            counts[facet].update(values)
    return {facet: dict(sorted(counts[facet].items(), key=lambda kv: (-kv[1], _natural(kv[0]))))
            for facet in FACETS}


def _lexicon(searcher, facet: str) -> list[str]:
    return [term.decode("utf-8") for term in searcher.lexicon(facet)]


def _natural(value: str) -> tuple:
    """Sort SDG goal numbers as numbers, other values as text."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _hit(hit, lang: str, ranked: bool) -> Hit:
    snippet = hit.highlights(f"body_{lang}", top=2) if ranked else ""
    # A listing, or a match in the title or tags only, shows the start of the summary.
    snippet = snippet or _shorten(hit[f"summary_{lang}"])
    return Hit(hit["id"], hit["kind"], hit[f"title_{lang}"], hit["countries"],
               re.sub(r"\s+", " ", snippet).strip(), round(hit.score, 4) if ranked else None)


def _shorten(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + " …"


def _cache_key(root: Path) -> str:
    """Name the index after its inputs: the record files (drafts decide by content), version."""
    return hashlib.sha256(repr((INDEX_VERSION, fingerprint(root))).encode("utf-8")).hexdigest()[:16]
