"""A third language is data, not code: the generator's package copied with Portuguese added
to data/languages.yaml and its labels (copied from English), built into a whole site."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import write_project

from generator import languages, words
from generator.errors import GeneratorError

PACKAGE = Path(languages.__file__).parent

# A practice first written in Spanish: on the Portuguese pages its texts stand in Spanish (its
# original language), not in English, the site's first language.
SPANISH_CASE = """\
id: red-andina
title: {en: "Andean network", es: "Red andina"}
original_language: es
kind: network
countries: [PE]
themes: [associativity]
summary: {en: "Growers who sell llama wool together.", es: "Productores que venden juntos lana de llama."}
methodologies: [paso]
"""
METHOD = """\
id: paso
title: {en: "Step by step", es: "Paso a paso"}
original_language: en
owner: [ilo]
countries: [PE]
summary: {en: "A course for producer groups.", es: "Un curso para grupos de productores."}
modules:
  - id: first
    title: {en: "First module", es: "Primer módulo"}
"""


def with_portuguese(value):
    """Give every mapping by language a Portuguese form, the English one (at any depth)."""
    if isinstance(value, dict):
        if "en" in value and "es" in value:
            value.setdefault("pt", copy.deepcopy(value["en"]))
        for item in value.values():
            with_portuguese(item)
    elif isinstance(value, list):
        for item in value:
            with_portuguese(item)
    return value


def rewrite_yaml(path: Path, change) -> None:
    data = change(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_portuguese(folder: Path) -> Path:
    """Copy the generator to `folder` and add Portuguese the way an editor would: data only."""
    package = folder / "generator"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    data = package / "data"
    table = data / "languages.yaml"
    table.write_text(
        table.read_text(encoding="utf-8").replace("site: [en, es]", "site: [en, es, pt]"),
        encoding="utf-8",
    )
    for labels in data.glob("labels*.yaml"):
        rewrite_yaml(labels, with_portuguese)
    # The language's own name, in every language (the switcher, the notes).
    rewrite_yaml(
        data / "labels.yaml",
        lambda d: {
            **d,
            "language_names": {
                lang: {**names, "pt": "Português"} for lang, names in d["language_names"].items()
            },
        },
    )
    rewrite_yaml(
        data / "sdg.yaml",
        lambda d: {**d, "goals": [{**goal, "pt": goal["en"]} for goal in d["goals"]]},
    )
    return folder


def minka(package: Path, root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(package)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--config", str(root / "mkdocs.yml"), *args],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=600,
    )


def portuguese_project(root: Path) -> Path:
    write_project(root, {"cases/red-andina.yaml": SPANISH_CASE, "methodologies/paso.yaml": METHOD})
    for vocabulary in (root / "vocabularies").glob("*.yaml"):  # term labels are required
        rewrite_yaml(vocabulary, with_portuguese)
    shutil.copytree(root / "docs" / "en", root / "docs" / "pt")
    return root


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """(package folder, project, built site) with en, es and pt."""
    base = tmp_path_factory.mktemp("three")
    package = add_portuguese(base / "package")
    root = portuguese_project(base / "project")
    result = minka(package, root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return package, root, root / "site"


def pages(site: Path, lang: str) -> set[str]:
    return {
        p.relative_to(site / lang).as_posix()
        for p in (site / lang).rglob("*.html")
        if "pagefind" not in p.parts and "assets" not in p.parts
    }


def test_every_page_of_the_site_comes_out_in_the_third_language(three):
    _, _, site = three
    english = pages(site, "en")
    assert {
        "practices/red-andina/index.html",
        "methodologies/paso/index.html",
        "countries/pe/index.html",
        "compare/index.html",
        "exchange/index.html",
        "data/index.html",
        "explore/index.html",
    } <= english
    assert pages(site, "pt") == english
    assert (site / "pt" / "pagefind" / "pagefind.js").exists()
    for page in english:
        html = (site / "pt" / page).read_text(encoding="utf-8")
        assert '<html lang="pt"' in html, page
        if page != "404.html":  # every page names itself in each language
            for lang in ("en", "es", "pt"):
                assert f'hreflang="{lang}"' in html, (page, lang)
    chooser = (site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="pt"' in chooser and "'pt'" in chooser


def test_texts_without_the_language_stand_in_their_original_with_a_note(three):
    _, _, site = three
    spanish = (site / "pt" / "practices" / "red-andina" / "index.html").read_text(encoding="utf-8")
    assert "Productores que venden juntos lana de llama." in spanish
    assert "Growers who sell llama wool together." not in spanish
    assert "Not yet translated: shown in its original language (Spanish)." in spanish
    english = (site / "pt" / "methodologies" / "paso" / "index.html").read_text(encoding="utf-8")
    assert "A course for producer groups." in english
    assert "Not yet translated: shown in its original language (English)." in english
    # The two first languages keep their own texts, and say nothing of the third.
    assert "Not yet translated" not in (
        site / "es" / "practices" / "red-andina" / "index.html"
    ).read_text(encoding="utf-8")


def test_the_switcher_and_the_search_know_the_third_language(three):
    _, _, site = three
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="../pt/' in home and "Português" in home
    # The browser leaves every language's common words out of a query ("ao": Portuguese).
    assert " ao " in home.split('data-common="')[1].split('"')[0]


def test_minka_search_takes_the_third_language(three):
    package, root, _ = three
    found = minka(package, root, "search", "llama", "--lang", "pt")
    assert found.returncode == 0, found.stderr
    assert "red-andina" in found.stdout
    wrong = minka(package, root, "search", "llama", "--lang", "fr")
    assert wrong.returncode == 2
    assert "'fr' is not one of 'en', 'es', 'pt'" in wrong.stderr


def test_a_label_without_the_language_is_named_and_nothing_is_built(three, tmp_path):
    package = Path(shutil.copytree(three[0], tmp_path / "package"))
    labels = package / "generator" / "data" / "labels.yaml"
    rewrite_yaml(
        labels,
        lambda d: {
            **d,
            "home": {"en": "Home", "es": "Inicio"},
            "counts": {
                **d["counts"],
                "practices": {k: v for k, v in d["counts"]["practices"].items() if k != "pt"},
            },
        },
    )
    root = portuguese_project(tmp_path / "project")
    result = minka(package, root, "build", "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "Error: generator/data/labels.yaml: home: expected a label in pt, but got only en, es",
        "generator/data/labels.yaml: counts.practices: expected a label in pt, but got only en, es",
    ]
    assert not (root / "site").exists()


def test_a_term_without_the_language_and_a_text_in_another_are_exact_errors(three, tmp_path):
    package, _, _ = three
    root = portuguese_project(tmp_path / "project")
    themes = root / "vocabularies" / "themes.yaml"
    rewrite_yaml(
        themes,
        lambda d: {
            **d,
            "terms": [
                {k: v for k, v in term.items() if k != "pt"} if i == 0 else term
                for i, term in enumerate(d["terms"])
            ],
        },
    )
    case = root / "cases" / "red-andina.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace('en: "Growers', 'fr: "Growers'), encoding="utf-8"
    )
    result = minka(package, root, "build", "--strict")
    assert result.returncode == 1
    assert (
        "cases/red-andina.yaml:7: summary.fr: expected a language of the site (en, es, pt), "
        "but got 'fr'" in result.stderr
    )
    assert (
        "vocabularies/themes.yaml:2: terms[0].pt: expected a value (this field is "
        "required), but got none" in result.stderr
    )
    assert not (root / "site").exists()


def test_minka_new_in_a_language_without_placeholders_says_what_is_missing(three, tmp_path):
    package, _, _ = three
    root = write_project(tmp_path / "project")
    result = minka(package, root, "new", "case", "nueva", "--lang", "pt")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: generator/data/languages.yaml: languages.pt.scaffold: expected case_title, "
        "case_summary, methodology_title, methodology_summary, countries, translation, but got "
        "none\n"
    )
    assert not (root / "cases" / "nueva.yaml").exists()


def test_a_language_without_a_stemmer_is_matched_as_written(monkeypatch):
    # Quechua has no Snowball stemmer: its words are folded, not cut.
    entry = languages.Language(
        code="qu", csl_locale="es-PE", bibtex="spanish", stop_words=("chay",)
    )
    monkeypatch.setitem(words.LANGUAGES, "qu", entry)
    cut = [token.text for token in words.analyzer("qu")("Chay ayllukunam Llaqtakunapi")]
    assert cut == ["ayllukunam", "llaqtakunapi"]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "site: [en, pt]\nlanguages: {en: {csl_locale: en-US, bibtex: english}}",
            "generator/data/languages.yaml: site: expected codes with an entry under languages (en), "
            "but got pt",
        ),
        (
            "site: [en]\nlanguages: {en: {csl_locale: en-US}}",
            "generator/data/languages.yaml: languages.en: expected bibtex, but got none",
        ),
        (
            "site: [en]\nlanguages: {en: {csl_locale: en-US, bibtex: english, browser_stop_words: [on]}}",
            "generator/data/languages.yaml: languages.en: expected words, but got True (quote it)",
        ),
        (
            "site: [en]\nsimilarity: es\nlanguages: {en: {csl_locale: en-US, bibtex: english}}",
            "generator/data/languages.yaml: similarity: expected one of en, but got 'es'",
        ),
    ],
)
def test_a_wrong_language_table_is_an_exact_error(text, message):
    with pytest.raises(GeneratorError) as raised:
        languages.read_languages(text)
    assert str(raised.value) == message


def test_a_language_without_its_hand_written_pages_fails_and_keeps_no_site(three, tmp_path):
    package, _, _ = three
    root = portuguese_project(tmp_path / "project")
    shutil.rmtree(root / "docs" / "pt")
    result = minka(package, root, "build", "--strict")
    assert result.returncode == 1
    assert (
        f"Config value 'docs_dir': The path '{root / 'docs' / 'pt'}' isn't an existing "
        "directory." in result.stderr
    )
    assert not (root / "site").exists()
