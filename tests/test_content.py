"""The real records: complete, bilingual, traceable, and in our own words."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from generator.languages import LANGS
from generator.loader import load_file
from generator.models import Case
from generator.pipeline import read_project
from generator.present import labels
from generator.views import render_site

SEEDS = ROOT.parent / "shared" / "seeds"
OVERLAP = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.fixture(scope="module")
def catalog():
    return read_project(ROOT)


def _records(catalog):
    return [*catalog.cases.values(), *catalog.methodologies.values()]


def test_every_record_validates_and_every_published_one_is_in_the_catalog(catalog):
    published = {
        path.stem
        for folder in ("cases", "methodologies")
        for path in (ROOT / folder).glob("*.yaml")
        if load_file(path, path.name, "case").data.get("status") != "draft"
    }
    assert published and set(catalog.paths) == published


def test_every_record_starts_with_its_schema_line():
    for path in [*(ROOT / "cases").glob("*.yaml"), *(ROOT / "methodologies").glob("*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "case" if path.parent.name == "cases" else "methodology"
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", path


def test_texts_are_in_the_original_language_and_a_missing_translation_is_noted(catalog):
    # The guide's rule: the original language everywhere, the other when it is written.
    pages = {lang: render_site(catalog, lang) for lang in LANGS}
    for rec in _records(catalog):
        texts = [rec.title, rec.summary]
        for fig in rec.key_figures:
            texts += [fig.label] + ([fig.unit] if fig.unit else [])
        for text in texts:
            assert getattr(text, rec.original_language), rec.id
        folder = "practices" if isinstance(rec, Case) else "methodologies"
        for lang in LANGS:
            L = labels(lang)
            note = L["not_translated"].format(language=L["language_names"][rec.original_language])
            page = pages[lang][f"{folder}/{rec.id}.md"]
            if any(not text.translated(lang) for text in texts):
                assert note in page, (rec.id, lang)
            if not rec.summary.translated(lang):
                assert rec.summary.get(lang) in page, (rec.id, lang)


def test_every_key_figure_traces_to_a_source_of_its_record(catalog):
    for rec in _records(catalog):
        ids = {s.id for s in rec.sources}
        for fig in rec.key_figures:
            assert fig.source in ids, (rec.id, fig.label.en)
            assert fig.unit or fig.currency, (rec.id, fig.label.en)


def test_ser_lists_the_sdg_targets_and_indicators_of_its_source(catalog):
    sdg = catalog.cases["ser"].sdg
    assert sdg.goals == [1, 2, 4, 8]
    assert set(sdg.targets) >= {
        "1.1",
        "1.a",
        "2.1",
        "2.3",
        "2.4",
        "2.5",
        "4.4",
        "8.3",
        "8.5",
        "8.6",
    }
    assert set(sdg.indicators) >= {
        "1.1.1",
        "1.a.1",
        "1.a.3",
        "2.1.2",
        "2.3.1",
        "2.3.2",
        "2.4.1",
        "2.5.1",
        "4.4.1",
        "8.3.1",
        "8.5.2",
        "8.6.1",
    }


def test_case_methodology_crosswalk_goes_down_to_modules(catalog):
    ser_modules = {u.module for u in catalog.uses["tropenbos"] if u.case == "ser"}
    assert ser_modules == {m.id for m in catalog.methodologies["tropenbos"].modules}
    assert len(catalog.methodologies["my-coop"].modules) == 4


def test_chorlavi_cases_carry_the_typology(catalog):
    synthesis = catalog.cases["chorlavi-dynamic-markets"]
    assert len(synthesis.related) == 10 and len(synthesis.conclusions) == 6
    for case_id in synthesis.related:
        case: Case = catalog.cases[case_id]
        assert case.typology and case.typology.kick_off and case.typology.access, case_id
        assert case.market and case.market.reach and case.market.transactions, case_id


@pytest.mark.skipif(
    not SEEDS.is_dir() or not OVERLAP.exists(), reason="../shared is not beside the repo"
)
def test_no_content_repeats_a_source_word_for_word():
    result = subprocess.run(
        [sys.executable, str(OVERLAP)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:]
