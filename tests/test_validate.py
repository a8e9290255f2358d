"""Validation messages: every broken record reported at its line, in one sorted list."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import run_minka

GOLDEN = Path(__file__).parent / "golden"


def test_every_error_of_every_file_matches_the_golden_file(make_project, update_golden):
    root = make_project()
    shutil.copytree(GOLDEN / "broken", root, dirs_exist_ok=True, copy_function=shutil.copy)
    result = run_minka(root, "validate")
    assert result.returncode == 1
    expected_path = GOLDEN / "validate.txt"
    if update_golden:
        expected_path.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected_path.read_text(encoding="utf-8")


def test_errors_are_sorted_by_path_and_line(make_project):
    root = make_project()
    shutil.copytree(GOLDEN / "broken", root, dirs_exist_ok=True, copy_function=shutil.copy)
    lines = run_minka(root, "validate").stderr.splitlines()[1:]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)


def test_a_valid_project_passes(make_project):
    result = run_minka(make_project(), "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 practices, 0 methodologies")


def test_unknown_vocabulary_file_is_reported(make_project):
    root = make_project({"vocabularies/crops.yaml": "terms: []\n"})
    assert (
        "vocabularies/crops.yaml:1: expected one of organizations.yaml, themes.yaml, "
        "value-chains.yaml, populations.yaml, regions.yaml, but got 'crops'"
        in run_minka(root, "validate").stderr
    )


def test_a_text_in_a_language_the_site_is_not_built_in_names_the_site_languages(make_project):
    case = make_project() / "cases" / "demo.yaml"
    case.write_text(
        case.read_text(encoding="utf-8")
        .replace('es: "Una red de productores', 'pt: "Uma rede de produtores')
        .replace('label: {en: "people reached", es:', 'label: {en: "people reached", ess:'),
        encoding="utf-8",
    )
    result = run_minka(case.parent.parent, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "cases/demo.yaml:10: summary.pt: expected a language of the site (en, es), but got 'pt'",
        "cases/demo.yaml:14: key_figures[0].label.ess: expected a language of the site (en, es), "
        "but got 'ess' (did you mean 'es'?)",
    ]


def test_emoji_and_right_to_left_text_are_accepted(make_project):
    case = Path(make_project()) / "cases" / "demo.yaml"
    text = case.read_text(encoding="utf-8").replace(
        "A network of producers that sells together.",
        "Producers 🌽☕ who sell together; مرحبا بالعالم; שלום",
    )
    case.write_text(text, encoding="utf-8")
    assert run_minka(case.parent.parent, "validate").returncode == 0


def test_prose_that_only_looks_like_a_url_scheme_is_accepted(make_project):
    case = make_project() / "cases" / "demo.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "A network of producers that sells together.",
            "Key data: 1,800 producers; JavaScript is not needed.",
        ),
        encoding="utf-8",
    )
    assert run_minka(case.parent.parent, "validate").returncode == 0


def test_an_acronym_is_one_string_or_one_per_language(make_project):
    root = make_project()
    registry = root / "vocabularies" / "organizations.yaml"
    text = registry.read_text(encoding="utf-8")
    count = text.count("\n  - id: ")
    text += (
        "  - {id: same, name: {en: Same, es: Same}, type: ngo, acronym: SAME}\n"
        "  - {id: both, name: {en: Both, es: Ambas}, type: ngo, acronym: {en: BO, es: AM}}\n"
        "  - {id: half, name: {en: Half, es: Media}, type: ngo, acronym: {en: HA}}\n"
    )
    registry.write_text(text, encoding="utf-8")
    errors = run_minka(root, "validate").stderr.splitlines()[1:]
    assert errors == [
        f"vocabularies/organizations.yaml:{text.count(chr(10))}: "
        f"organizations[{count + 2}].acronym.es: expected a value "
        "(this field is required), but got none"
    ]


METHOD = """\
id: {id}
title: {{en: "A method", es: "Un método"}}
original_language: en
summary: {{en: "A method.", es: "Un método."}}
modules:
  - id: planning
    title: {{en: "Planning", es: "Planificación"}}
"""
USER = """\
id: user
title: {en: "A user of the method", es: "Una usuaria del método"}
original_language: en
kind: network
countries: [CO]
summary: {en: "A network.", es: "Una red."}
methodologies: ["method#planning"]
"""


def test_an_id_collision_is_reported_once_in_the_newer_file(make_project):
    root = make_project(
        {"methodologies/method.yaml": METHOD.format(id="method"), "cases/user.yaml": USER}
    )
    newer = root / "cases" / "method.yaml"
    newer.write_text(
        (root / "cases" / "demo.yaml")
        .read_text(encoding="utf-8")
        .replace("id: demo", "id: method"),
        encoding="utf-8",
    )
    older = (root / "methodologies" / "method.yaml").stat().st_mtime_ns
    os.utime(newer, ns=(older + 10**9, older + 10**9))
    assert run_minka(root, "validate").stderr.splitlines() == [
        "Error: 1 error in the records:",
        "cases/method.yaml:2: id: expected a unique id, but got 'method', "
        "first defined at methodologies/method.yaml:1",
    ]


def test_records_pointing_to_an_unreadable_record_are_not_blamed(make_project):
    root = make_project(
        {
            "methodologies/method.yaml": METHOD.format(id="method").replace(
                "original_language: en\n", ""
            ),
            "cases/user.yaml": USER,
        }
    )
    assert run_minka(root, "validate").stderr.splitlines()[1:] == [
        "methodologies/method.yaml:1: original_language: expected a value (this field is "
        "required), but got none"
    ]


def test_a_broken_vocabulary_does_not_fail_every_record_using_it(make_project):
    root = make_project()
    orgs = root / "vocabularies" / "organizations.yaml"
    text = orgs.read_text(encoding="utf-8")
    bad = "organizations:\n  - {id: x, type: nobody}\n"
    orgs.write_text(text.replace("organizations:\n", bad, 1), encoding="utf-8")
    lines = run_minka(root, "validate").stderr.splitlines()[1:]
    assert lines and all(line.startswith("vocabularies/organizations.yaml:") for line in lines)


def test_fields_with_errors_do_not_hide_errors_in_other_fields(make_project):
    root = make_project(
        {
            "cases/many.yaml": USER.replace("id: user", "id: many")
            .replace("kind: network", "kind: programme\nlead: [nobody]\nthemes: [asociativity]")
            .replace('{en: "A network.", es: "Una red."}', '{es: "Una red."}')
        }
    )
    fields = [line.split(": ")[1] for line in run_minka(root, "validate").stderr.splitlines()[1:]]
    assert fields == ["kind", "lead[0]", "themes[0]", "summary", "methodologies[0]"]


def test_coordinates_outside_the_record_countries_are_warned_about(make_project):
    root = make_project(
        {
            "cases/placed.yaml": USER.replace("id: user", "id: placed").replace(
                'methodologies: ["method#planning"]\n',
                "coordinates:\n"
                "  - {place: Pasto, lat: 1.21, lon: -77.28}\n"
                "  - {place: Swapped, lat: -77.28, lon: 1.21}\n"
                "  - {place: Unsigned, lat: 4.6, lon: 74.1}\n"
                "  - {place: Madrid, lat: 40.42, lon: -3.7}\n",
            )
        }
    )
    result = run_minka(root, "validate")
    assert result.returncode == 0 and result.stdout.startswith("ok: 2 practices")
    expected = (
        "Warning: cases/placed.yaml:{}: coordinates[{}]: expected a place in the "
        "record's countries (CO), but got lat {}, lon {} ({})"
    )
    assert result.stderr.splitlines() == [
        expected.format(9, 1, -77.28, 1.21, "are lat and lon swapped?"),
        expected.format(
            10, 2, 4.6, 74.1, "west of Greenwich and south of the equator are negative: lon -74.1?"
        ),
        expected.format(11, 3, 40.42, -3.7, "that is in Spain"),
    ]
