"""The project's relevance table: what people type, and the records they must find in the top 3.

Every query runs through `minka search` (both languages, as a reader types it with no
`--lang`) and through the explore page of each language, where a query in the other language
is answered under its own heading. English and Spanish; with and without accents; product
words, places, acronyms, populations; one word and several. This table names records by
nature: change it when the catalog changes.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator.cli import main

# (query, language it is written in, record ids expected among the first three)
TABLE = [
    # acronyms
    ("SAMER", "en", ["samer"]),
    ("SER", "en", ["ser"]),
    ("APOMIPE", "es", ["apomipe"]),
    ("QUESINOR", "en", ["quesinor"]),
    ("AMMUCALE", "es", ["ammucale"]),
    ("ACOPAGRO", "es", ["acopagro"]),
    ("OVOP", "en", ["ovop"]),
    ("SBDC", "en", ["sbdc"]),
    # product words
    ("cacao", "es", ["acopagro"]),
    ("cocoa cooperative", "en", ["acopagro"]),
    ("cuy", "es", ["agro-rural-business-networks"]),
    ("guinea pigs", "en", ["agro-rural-business-networks"]),
    ("panela", "es", ["samer"]),
    ("honey", "en", ["guanajuato-women-honey"]),
    ("miel de Guanajuato", "es", ["guanajuato-women-honey"]),
    ("rosquillas", "es", ["rosquillas-somoto"]),
    ("lumber", "en", ["bolivia-indigenous-lumber"]),
    ("madera de bosques comunitarios", "es", ["bolivia-indigenous-lumber"]),
    ("milk products", "en", ["quesinor"]),
    ("derivados de la leche", "es", ["quesinor"]),
    ("specialty coffee", "en", ["samer"]),
    ("ethnic tourism", "en", ["chile-ethnic-tourism"]),
    ("turismo étnico", "es", ["chile-ethnic-tourism"]),
    ("turismo etnico", "es", ["chile-ethnic-tourism"]),
    # places, with and without accents
    ("Nariño", "es", ["samer"]),
    ("Narino", "en", ["samer"]),
    ("Lebrija", "es", ["ammucale"]),
    ("Somoto", "en", ["rosquillas-somoto"]),
    ("Chordeleg", "es", ["chordeleg-crafts"]),
    ("artesanías de Tarija", "es", ["tarija-crafts"]),
    ("artesanias tarija", "es", ["tarija-crafts"]),
    ("Apurímac", "es", ["agro-rural-business-networks"]),
    ("Apurimac Cusco Puno", "en", ["agro-rural-business-networks"]),
    ("coastal strip southern Chile", "en", ["chile-coastal-strip"]),
    ("borde costero", "es", ["chile-coastal-strip"]),
    # populations
    ("mujeres campesinas", "es", ["ammucale"]),
    ("peasant women", "en", ["ammucale"]),
    ("excombatientes", "es", ["ser"]),
    ("former combatants", "en", ["ser"]),
    ("víctimas del conflicto armado", "es", ["ser"]),
    ("women artisans", "en", ["chordeleg-crafts", "tarija-crafts"]),
    ("comunidades étnicas", "es", ["tropenbos"]),
    # programs and methodologies, several words
    ("micro y pequeña empresa", "es", ["apomipe"]),
    ("redes empresariales", "es", ["business-networks", "agro-rural-business-networks"]),
    ("learning territory", "en", ["learning-territories"]),
    ("territorios de aprendizaje", "es", ["learning-territories"]),
    ("one village one product", "en", ["ovop"]),
    ("ahorro programado", "es", ["programmed-saving"]),
    ("cooperative development strategy Andean", "en", ["ilo-andean-cooperative-strategy"]),
    ("síntesis Chorlaví mercados dinámicos", "es", ["chorlavi-dynamic-markets"]),
]


def _id(query: str) -> str:
    return query.replace(" ", "-")


def _top3_cli(query: str, *options: str) -> list[str]:
    result = CliRunner().invoke(
        main,
        ["--config", str(ROOT / "mkdocs.yml"), "search", query, "--limit", "3", "--json", *options],
    )
    assert result.exit_code == 0, result.output
    return [hit["id"] for hit in json.loads(result.output)["hits"]]


@pytest.mark.parametrize("query, lang, expected", TABLE, ids=[_id(q) for q, _, _ in TABLE])
def test_the_command_line_finds_it_first(query, lang, expected):
    assert set(expected) <= set(_top3_cli(query)), query  # both languages, as typed
    assert set(expected) <= set(_top3_cli(query, "--lang", lang)), query  # narrowed to its own


def test_the_table_is_broad_enough():
    assert len(TABLE) >= 40
    assert {lang for _, lang, _ in TABLE} == {"en", "es"}
    assert any(len(q.split()) == 1 for q, _, _ in TABLE) and any(
        len(q.split()) > 2 for q, _, _ in TABLE
    )
    # Accents typed and not typed, for the same words.
    folded = {q.lower().translate(str.maketrans("áéíóúñ", "aeioun")) for q, _, _ in TABLE}
    assert len(folded) < len({q.lower() for q, _, _ in TABLE})


# In the browser: the explore page of each language, as a reader types the query there.


def _top3_browser(page, query: str) -> list[str]:
    """Search on the open explore page; return the records of the first three results shown."""
    box = page.locator("#minka-explore-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q"
        " && document.querySelector('.minka-explore__results').getAttribute('aria-busy') === 'false'",
        arg=query,
        timeout=20000,
    )
    hrefs = page.eval_on_selector_all(
        ".minka-explore__results .minka-result__title",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return [re.search(r"/(?:practices|methodologies)/([^/]+)/", h).group(1) for h in hrefs[:3]]


@pytest.mark.parametrize("site", ["en", "es"])
def test_the_explore_page_finds_it_first_in_either_language(page, base_url, site):
    page.goto(f"{base_url}/{site}/explore/")
    page.wait_for_selector(".minka-explore__list .minka-result", timeout=20000)
    missed = []
    for query, lang, expected in TABLE:
        top = _top3_browser(page, query)
        if not set(expected) <= set(top):
            missed.append((query, lang, expected, top))
    assert missed == [], f"{len(missed)} of {len(TABLE)} queries miss on /{site}/: {missed}"
    assert page.console_errors == []
