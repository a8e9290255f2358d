"""Validation messages: every broken record reported at its line, in one sorted list."""

from __future__ import annotations

import os
import shutil
import typing
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL_CASE, run_minka

from generator.vocabulary import OrgType

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


def _demo_errors(make_project, *edits: tuple[str, str]) -> list[str]:
    """The errors of the minimal practice after `edits` (old, new), with the site unwritten."""
    root = make_project()
    case = root / "cases" / "demo.yaml"
    text = case.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    case.write_text(text, encoding="utf-8")
    result = run_minka(root, "validate")
    assert not (root / "site").exists()
    return result.stderr.splitlines()[1:]


def _line(text: str, needle: str) -> int:
    """The line of the minimal practice that holds `needle`, counted from 1."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        (
            "    date: 2018\n",
            "    date: 2019-05\n",
            "date",
            "expected a date (YYYY-MM-DD) or a whole number, but got '2019-05'",
        ),
        (
            "    date: 2018\n",
            "    url: www.agrorural.gob.pe\n",
            "url",
            "expected an http, https or mailto URL, but got 'www.agrorural.gob.pe'",
        ),
        (
            '    title: "A booklet"\n',
            "",
            "title",
            "expected a value (this field is required), but got none",
        ),
    ],
)
def test_a_broken_source_keeps_its_id_for_the_figures_citing_it(
    make_project, old, new, field, message
):
    text = MINIMAL_CASE.replace(old, new)
    line = _line(text, new.strip()) if new else _line(text, "- id: booklet")
    assert _demo_errors(make_project, (old, new)) == [
        f"cases/demo.yaml:{line}: sources[0].{field}: {message}"
    ]


def test_a_figure_with_a_bad_value_still_has_its_source_checked(make_project):
    text = MINIMAL_CASE.replace("value: 1800000", "value: abc").replace(
        "source: booklet\nsources", "source: nope\nsources"
    )
    assert _demo_errors(
        make_project,
        ("value: 1800000", "value: abc"),
        ("source: booklet\nsources", "source: nope\nsources"),
    ) == [
        f"cases/demo.yaml:{_line(text, 'value: abc')}: key_figures[0].value: "
        "expected a number, but got 'abc'",
        f"cases/demo.yaml:{_line(text, 'source: nope')}: key_figures[0].source: "
        "expected a source id of this record (booklet), but got 'nope'",
    ]


def test_an_unquoted_sdg_target_does_not_hide_a_bad_goal(make_project):
    sdg = "themes: [associativity]\nsdg: {goals: [18], targets: [8.10]}"
    line = _line(MINIMAL_CASE.replace("themes: [associativity]", sdg), "sdg:")
    assert _demo_errors(make_project, ("themes: [associativity]", sdg)) == [
        f"cases/demo.yaml:{line}: sdg.goals[0]: expected an SDG goal number from 1 to 17, "
        "but got 18",
        f"cases/demo.yaml:{line}: sdg.targets[0]: expected an SDG target code such as '2.3' "
        "or '1.a', but got the number 8.10 (quote it: '8.10')",
    ]


def test_a_broken_source_id_does_not_blame_the_figures_citing_it(make_project):
    text = MINIMAL_CASE.replace("- id: booklet", "- id: The Booklet")
    assert _demo_errors(make_project, ("- id: booklet", "- id: The Booklet")) == [
        f"cases/demo.yaml:{_line(text, 'The Booklet')}: sources[0].id: expected a slug "
        "(lowercase a-z, 0-9 and hyphens), but got 'The Booklet'"
    ]


UNIT = '    unit: {en: "people", es: "personas"}\n'


def test_a_key_figure_needs_a_unit_or_a_currency(make_project):
    line = _line(MINIMAL_CASE, "- value: 1800000")
    assert _demo_errors(make_project, (UNIT, "")) == [
        f"cases/demo.yaml:{line}: key_figures[0]: expected either a unit or a currency, but got neither"
    ]
    assert _demo_errors(make_project, (UNIT, UNIT + "    currency: USD\n")) == [
        f"cases/demo.yaml:{line}: key_figures[0]: expected either a unit or a currency, but got both"
    ]
    assert _demo_errors(make_project, (UNIT, "    currency: USD\n")) == []


def test_a_title_written_as_one_string_shows_how_to_write_it_and_hides_nothing(make_project):
    title = 'title: {en: "Demo practice", es: "Práctica de demostración"}'
    text = MINIMAL_CASE.replace(title, "title: Red de productores")
    assert _demo_errors(
        make_project,
        (title, "title: Red de productores"),
        ("original_language: en", "original_language: es"),
        ("countries: [CO]", "countries: [XX]"),
    ) == [
        f"cases/demo.yaml:{_line(text, 'title:')}: title: expected a mapping, but got "
        "'Red de productores' (write it per language: {es: Red de productores})",
        f"cases/demo.yaml:{_line(text, 'countries:')}: countries[0]: expected an ISO 3166 "
        "country code such as 'CO' or 'PE', but got 'XX'",
    ]


def test_an_organization_type_written_as_a_kind_of_organization_suggests_the_type_meant(
    make_project,
):
    root = make_project()
    orgs = root / "vocabularies" / "organizations.yaml"
    text = orgs.read_text(encoding="utf-8") + (
        "  - id: coop\n    name: {en: A cooperative, es: Una cooperativa}\n    type: cooperative\n"
    )
    orgs.write_text(text, encoding="utf-8")
    entries = len(yaml.safe_load(text)["organizations"])
    types = ", ".join(typing.get_args(OrgType))
    assert run_minka(root, "validate").stderr.splitlines()[1:] == [
        f"vocabularies/organizations.yaml:{len(text.splitlines())}: "
        f"organizations[{entries - 1}].type: expected one of {types}, but got 'cooperative' "
        "(did you mean 'producer-organization'?)"
    ]
