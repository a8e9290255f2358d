"""Validation messages: every broken record reported at its line, in one sorted list."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_minka

GOLDEN = Path(__file__).parent / "golden"


def test_every_error_of_every_file_matches_the_golden_file(make_project, update_golden):
    root = make_project()
    shutil.copytree(GOLDEN / "broken", root, dirs_exist_ok=True)
    result = run_minka(root, "validate")
    assert result.returncode == 1
    expected_path = GOLDEN / "validate.txt"
    if update_golden:
        expected_path.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected_path.read_text(encoding="utf-8")


def test_errors_are_sorted_by_path_and_line(make_project):
    root = make_project()
    shutil.copytree(GOLDEN / "broken", root, dirs_exist_ok=True)
    lines = run_minka(root, "validate").stderr.splitlines()[1:]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)


def test_a_valid_project_passes(make_project):
    result = run_minka(make_project(), "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 practices, 0 methodologies")


def test_unknown_vocabulary_file_is_reported(make_project):
    root = make_project({"vocabularies/crops.yaml": "terms: []\n"})
    assert "vocabularies/crops.yaml:1: expected one of organizations.yaml, themes.yaml, " \
           "value-chains.yaml, populations.yaml, regions.yaml, but got 'crops'" \
           in run_minka(root, "validate").stderr


def test_emoji_and_right_to_left_text_are_accepted(make_project):
    case = (Path(make_project()) / "cases" / "demo.yaml")
    text = case.read_text(encoding="utf-8").replace(
        "A network of producers that sells together.",
        "Producers 🌽☕ who sell together; مرحبا بالعالم; שלום")
    case.write_text(text, encoding="utf-8")
    assert run_minka(case.parent.parent, "validate").returncode == 0


def test_prose_that_only_looks_like_a_url_scheme_is_accepted(make_project):
    case = make_project() / "cases" / "demo.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "A network of producers that sells together.",
        "Key data: 1,800 producers; JavaScript is not needed."), encoding="utf-8")
    assert run_minka(case.parent.parent, "validate").returncode == 0


def test_an_acronym_is_one_string_or_one_per_language(make_project):
    root = make_project()
    registry = root / "vocabularies" / "organizations.yaml"
    text = registry.read_text(encoding="utf-8")
    count = text.count("\n  - id: ")
    text += ("  - {id: same, name: {en: Same, es: Same}, type: ngo, acronym: SAME}\n"
             "  - {id: both, name: {en: Both, es: Ambas}, type: ngo, acronym: {en: BO, es: AM}}\n"
             "  - {id: half, name: {en: Half, es: Media}, type: ngo, acronym: {en: HA}}\n")
    registry.write_text(text, encoding="utf-8")
    errors = run_minka(root, "validate").stderr.splitlines()[1:]
    assert errors == [f"vocabularies/organizations.yaml:{text.count(chr(10))}: "
                      f"organizations[{count + 2}].acronym.es: expected a value "
                      "(this field is required), but got none"]
