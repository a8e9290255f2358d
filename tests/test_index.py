"""Search and similar records on the real catalog, in both languages, by API and by CLI."""

from __future__ import annotations

import json
import os
import re
import tempfile

import pytest
from conftest import ROOT, run_minka

from generator.errors import GeneratorError
from generator.index import open_index, search
from generator.pipeline import read_project
from generator.similar import similar_records


@pytest.fixture(scope="module")
def catalog():
    return read_project(ROOT)


@pytest.fixture(scope="module")
def index(catalog):
    return open_index(ROOT, catalog)


@pytest.fixture(scope="module")
def similar(catalog):
    return similar_records(catalog)


def _ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def _countries(catalog) -> list[str]:
    """The country codes of every record, as the error message lists them."""
    return sorted(
        {
            code
            for rec_id in [*catalog.cases, *catalog.methodologies]
            for code in catalog.record(rec_id).countries
        }
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("query", ["Narino", "Nariño", "NARIÑO"])
def test_place_names_match_with_or_without_accents(index, query, lang):
    found = search(index, query, lang)
    assert _ids(found)[0] == "samer"
    assert "**Nariño**" in found.hits[0].snippet


def test_spanish_query_is_stemmed_and_accent_folded(index):
    found = search(index, "cooperativas cafe", "es")
    # The only record naming both comes first, then records naming one of them.
    assert _ids(found)[0] == "ser"
    assert {"acopagro", "ilo-andean-cooperative-strategy", "samer"} <= set(_ids(found))
    assert re.search(
        r"\*\*caf[eé]s?\*\*", next(h.snippet for h in found.hits if h.id == "samer"), re.I
    )
    # One stem, the same records; the order may differ, as the words written rank first.
    assert set(_ids(search(index, "cooperativa", "es"))) == set(
        _ids(search(index, "cooperativas", "es"))
    )


def test_accented_query_finds_unaccented_stems(index):
    assert "ammucale" in _ids(search(index, "asociacion", "es"))
    assert set(_ids(search(index, "asociación", "es"))) == set(
        _ids(search(index, "asociaciones", "es"))
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_cuy_finds_the_guinea_pig_networks(index, lang):
    found = search(index, "cuy", lang)
    assert _ids(found)[0] == "agro-rural-business-networks"
    # "cuya" (whose) is a stop word, not a guinea pig.
    assert not any("**cuya" in hit.snippet.lower() for hit in found.hits)


def test_country_filter_keeps_only_that_country(index, catalog):
    peruvian = sorted(
        i for i in [*catalog.cases, *catalog.methodologies] if "PE" in catalog.record(i).countries
    )
    found = search(index, "", filters={"country": ["PE"]}, facets=True)
    assert _ids(found) == peruvian
    assert found.total == len(peruvian) == found.facets["country"]["PE"]
    ranked = search(index, "networks", filters={"country": ["pe"]})
    assert ranked.hits and all("PE" in hit.countries for hit in ranked.hits)


def test_filters_and_facets_combine(index, catalog):
    found = search(
        index,
        "",
        filters={"country": ["PE", "CO"], "methodology": ["business-networks"]},
        facets=True,
    )
    assert set(_ids(found)) == {"agro-rural-business-networks", "apomipe", "business-networks"}
    assert found.facets["value_chain"]["cuy"] == 1
    goals = search(index, "", filters={"sdg": ["8"]})
    assert all(8 in catalog.cases[i].sdg.goals for i in _ids(goals))


def test_spanish_results_carry_spanish_titles(index, catalog):
    found = search(index, "redes", "es", limit=5)
    assert found.hits
    for hit in found.hits:
        assert hit.title == catalog.record(hit.id).title.es


def test_unknown_filter_value_lists_the_values_present(index, catalog):
    present = _countries(catalog)
    with pytest.raises(GeneratorError) as error:
        search(index, "x", filters={"country": ["XX"]})
    assert str(error.value) == (
        f"country: expected one of {', '.join(present)} "
        "(values present in the catalog), but got 'XX'"
    )
    with pytest.raises(
        GeneratorError, match="expected a filter among type, country, region, theme"
    ):
        search(index, "x", filters={"colour": ["red"]})


def test_similar_records_are_stable_and_never_the_record_itself(catalog, similar):
    assert set(similar) == {*catalog.cases, *catalog.methodologies}
    for rec_id, others in similar.items():
        assert rec_id not in others
        assert len(others) == len(set(others)) <= 5  # fewer when few records share its words
    assert similar_records(catalog) == similar


def test_chorlavi_cases_are_similar_to_each_other(catalog, similar):
    # The cases of the Chorlaví synthesis carry its typology; the synthesis is a case too.
    family = {i for i, case in catalog.cases.items() if case.typology}
    family.add("chorlavi-dynamic-markets")
    assert len(family) >= 5
    for rec_id in family:
        assert similar[rec_id][0] in family, rec_id
        assert len(family.intersection(similar[rec_id])) >= 3, (rec_id, similar[rec_id])
    assert similar["think-coop"][:2] == ["start-coop", "ilo-andean-cooperative-strategy"]


def test_index_is_reused_until_a_record_changes(make_project):
    root = make_project()
    first = open_index(root, read_project(root))
    folder = root / ".minka-cache" / "index"
    (built,) = folder.iterdir()
    stamp = {p.name: p.stat().st_mtime_ns for p in built.iterdir()}
    assert search(open_index(root, read_project(root)), "producers").hits[0].id == "demo"
    assert [p.name for p in folder.iterdir()] == [built.name]
    assert {p.name: p.stat().st_mtime_ns for p in built.iterdir()} == stamp
    first.close()

    record = root / "cases" / "demo.yaml"
    later = record.stat().st_mtime_ns + 1_000_000_000
    os.utime(record, ns=(later, later))
    open_index(root, read_project(root))
    (rebuilt,) = folder.iterdir()
    assert rebuilt.name != built.name


def test_cli_prints_ranked_hits_with_country_names():
    result = run_minka(ROOT, "search", "Narino", "--lang", "es", "--limit", "1", "--facets")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "1 of 2 results",
        "",
        "samer (case)",
        "  SAMER: redes de microempresas rurales en Nariño",
    ]
    assert lines[4] == "  Colombia"
    assert "**Nariño**" in lines[5]
    assert "country: CO 2" in lines


def test_cli_json_is_one_parseable_object():
    result = run_minka(ROOT, "search", "", "--country", "PE", "--json", "--lang", "es")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "lang", "total", "hits", "facets"}
    assert data["lang"] == "es" and data["total"] == len(data["hits"]) > 0
    assert all("PE" in hit["countries"] for hit in data["hits"])
    assert set(data["hits"][0]) == {"id", "kind", "lang", "title", "countries", "snippet", "score"}
    assert {hit["lang"] for hit in data["hits"]} == {"es"}


def test_cli_no_results_exits_0():
    result = run_minka(ROOT, "search", "zzqxv")
    assert (result.returncode, result.stdout, result.stderr) == (0, "no results\n", "")


def test_cli_unknown_filter_value_exits_1(catalog):
    present = _countries(catalog)
    result = run_minka(ROOT, "search", "coffee", "--country", "XX")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: --country: expected one of {', '.join(present)} "
        "(values present in the catalog), but got 'XX'\n"
    )


def test_facets_are_counted_only_when_asked_for(index):
    plain = search(index, "networks")
    counted = search(index, "networks", facets=True)
    assert plain.facets == {}
    assert plain.total == counted.total and _ids(plain) == _ids(counted)
    assert sum(counted.facets["country"].values()) >= counted.total


def test_similarity_counts_words_as_a_whoosh_index_weighs_them(catalog, tmp_path, monkeypatch):
    # More-like-this reads each record's word weights; they are counted without building an
    # index, and must be what an index of the same text would hold, word for word.
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    from generator.languages import SIMILARITY_LANG
    from generator.similar import term_counts
    from generator.words import analyzer, body

    ids = sorted([*catalog.cases, *catalog.methodologies])[:40]
    index = RamStorage().create_index(
        Schema(id=ID(stored=True), body=TEXT(analyzer=analyzer(SIMILARITY_LANG)))
    )
    writer = index.writer()
    for rec_id in ids:
        writer.add_document(id=rec_id, body=body(catalog.record(rec_id), SIMILARITY_LANG))
    writer.commit()
    indexed: dict[str, dict[str, float]] = {rec_id: {} for rec_id in ids}
    with index.reader() as reader:
        names = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        for term, _ in reader.iter_field("body"):
            for docnum, weight in reader.postings("body", term).items_as("weight"):
                indexed[names[docnum]][term.decode()] = weight  # terms are UTF-8 bytes
    words = analyzer(SIMILARITY_LANG)
    for rec_id in ids:
        counted = term_counts(words, body(catalog.record(rec_id), SIMILARITY_LANG))
        assert dict(counted) == indexed[rec_id], rec_id
    # Nothing is spilled to the system's temp folder (Whoosh's writer did, and left it there).
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    similar_records(catalog)
    assert not list(tmp_path.iterdir())


# Both languages, and the right record first


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_without_a_language_both_are_searched_one_hit_per_record(index, catalog):
    # A word of a Spanish summary that no English text of the catalog has.
    english = set().union(*(_words(_text(catalog, i, "en")) for i in _all(catalog)))
    rec_id, word = next(
        (i, w)
        for i in _all(catalog)
        for w in sorted(_words(catalog.record(i).summary.get("es")))
        if len(w) > 7 and w not in english
    )
    hit = next(h for h in search(index, word).hits if h.id == rec_id)
    assert hit.lang == "es" and hit.title == catalog.record(rec_id).title.es
    assert rec_id not in _ids(search(index, word, "en"))  # --lang narrows
    # A place written alike in both languages: each record once, titled in its language.
    place = next(p.en for case in catalog.cases.values() for p in case.places if p.en == p.es)
    found = search(index, place)
    assert found.hits and len(_ids(found)) == len(set(_ids(found))) <= found.total
    for hit in found.hits:
        assert hit.title == catalog.record(hit.id).title.get(hit.lang)


def _all(catalog) -> list[str]:
    return [*catalog.cases, *catalog.methodologies]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _text(catalog, rec_id: str, lang: str) -> str:
    """Every text of a record written in `lang`."""
    return " ".join(
        value[lang] for value in _localized(catalog.record(rec_id).model_dump()) if value.get(lang)
    )


def _localized(value):
    """Yield every {en, es} mapping inside a dumped record."""
    if isinstance(value, dict):
        if value and set(value) <= {"en", "es"}:
            yield value
        else:
            for item in value.values():
                yield from _localized(item)
    elif isinstance(value, list):
        for item in value:
            yield from _localized(item)


def _case(rec_id: str, en: str, es: str) -> str:
    return (
        f'id: {rec_id}\ntitle: {{en: "Practice {rec_id}", es: "Práctica {rec_id}"}}\n'
        f"original_language: en\nkind: network\ncountries: [CO]\n"
        f'summary:\n  en: "{en}"\n  es: "{es}"\n'
    )


def test_a_word_as_written_outranks_its_stem_and_stop_words_never_match_alone(make_project):
    root = make_project(
        {
            "cases/stem.yaml": _case(
                "stem",
                "Cooperation, cooperation and cooperation among producers.",
                "Asociaciones, asociaciones y asociaciones de productores.",
            ),
            "cases/word.yaml": _case(
                "word",
                "A long story of producers, their roads, their markets, "
                "their children, and of one cooperative.",
                "Una larga historia de productores, sus caminos, sus mercados, "
                "sus hijos, y de una asociación.",
            ),
        },
        with_demo=False,
    )
    index = open_index(root, read_project(root))
    # Both match through the stem; the one that has the word as typed comes first.
    assert _ids(search(index, "cooperative")) == ["word", "stem"]
    assert _ids(search(index, "asociación")) == ["word", "stem"]
    assert _ids(search(index, "cooperation")) == ["stem", "word"]
    # "de" and "of" are on both pages: with another word they match nothing on their own.
    assert search(index, "zzqxv de").total == search(index, "of zzqxv").total == 0
    assert _ids(search(index, "caminos de productores")) == ["word", "stem"]
    index.close()


def test_cli_searches_both_languages_and_says_which_one_matched(catalog):
    place = next(p.en for case in catalog.cases.values() for p in case.places if p.en == p.es)
    data = json.loads(run_minka(ROOT, "search", place, "--json").stdout)
    assert data["lang"] is None and data["hits"]
    assert {hit["lang"] for hit in data["hits"]} <= {"en", "es"}
    lines = run_minka(ROOT, "search", place, "--limit", "1").stdout.splitlines()
    hit = data["hits"][0]
    assert lines[2:4] == [f"{hit['id']} ({hit['kind']}, {hit['lang']})", f"  {hit['title']}"]
