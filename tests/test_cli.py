"""The `minka` command: exit codes, messages, and that a failed build writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_minka

from generator.cli import FOLDERS
from generator.loader import load_file


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_validate_exits_1_with_compiler_style_errors(make_project):
    root = make_project({"cases/bad.yaml": "id: bad\n"})
    result = run_minka(root, "validate")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: 5 errors in the records:\n")
    assert (
        "cases/bad.yaml:1: title: expected a value (this field is required), but got none"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_build_writes_both_languages_and_a_language_chooser(make_project):
    root = make_project()
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / "en" / "practices" / "demo" / "index.html").exists()
    assert (site / "es" / "practices" / "demo" / "index.html").exists()
    assert (site / "en" / "schema" / "case.schema.json").exists()
    chooser = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="en/"' in chooser and 'href="es/"' in chooser


def test_failed_build_leaves_the_previous_site_untouched(make_project):
    root = make_project()
    assert run_minka(root, "build").returncode == 0
    before = _tree(root / "site")
    demo = root / "cases" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("[CO]", "[XX]"), encoding="utf-8")
    result = run_minka(root, "build")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: 1 error in the records:\ncases/demo.yaml:6: countries[0]: "
        "expected an ISO 3166 country code such as 'CO' or 'PE', but got 'XX'\n"
    )
    assert _tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".minka-build")] == []


def test_build_writes_nothing_outside_its_site_folder(make_project):
    root = make_project()
    before = set(_tree(root))
    assert run_minka(root, "build").returncode == 0
    after = set(_tree(root))
    assert {p.split("/")[0] for p in after - before} == {"site"}


def test_new_writes_a_valid_draft_skeleton(make_project):
    root = make_project()
    result = run_minka(root, "new", "case", "my-practice", "--country", "PE")
    assert result.returncode == 0, result.stderr
    text = (root / "cases" / "my-practice.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert "status: draft" in text and "countries: [PE]" in text
    assert run_minka(root, "validate", "--drafts").returncode == 0
    assert run_minka(root, "new", "methodology", "my-method").returncode == 0
    assert run_minka(root, "validate", "--drafts").returncode == 0


def test_new_starts_a_record_in_the_language_it_is_written_in(make_project):
    root = make_project()
    assert (
        run_minka(
            root, "new", "case", "nueva", "--lang", "es", "--country", "BO", "--country", "PE"
        ).returncode
        == 0
    )
    record = load_file(root / "cases" / "nueva.yaml", "cases/nueva.yaml", "case").data
    assert record["original_language"] == "es" and record["countries"] == ["BO", "PE"]
    assert set(record["title"]) == set(record["summary"]) == {"es"}
    assert run_minka(root, "validate", "--drafts").returncode == 0


def test_new_without_a_country_asks_for_one(make_project):
    root = make_project()
    result = run_minka(root, "new", "case", "somewhere")
    assert result.stdout == (
        "wrote cases/somewhere.yaml: fill in its countries (or give --country)\n"
    )
    assert (
        "cases/somewhere.yaml:9: countries: expected at least 1 item(s), but got []"
        in run_minka(root, "validate").stderr
    )
    bad = run_minka(root, "new", "case", "other", "--country", "XX")
    assert (bad.returncode, bad.stderr) == (
        1,
        "Error: --country: expected an ISO 3166 country code such as 'CO' or 'PE', but got 'XX'\n",
    )


@pytest.mark.parametrize("kind", ["case", "methodology"])
def test_a_published_skeleton_is_refused_for_each_placeholder(make_project, kind):
    root = make_project()
    run_minka(root, "new", kind, "unfinished", "--country", "CO")
    path = root / FOLDERS[kind] / "unfinished.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: draft", "status: published"),
        encoding="utf-8",
    )
    fields = [line.split(": ")[1] for line in run_minka(root, "validate").stderr.splitlines()[1:]]
    assert fields == ["title.en", "summary.en"]


def test_new_refuses_bad_ids_and_existing_files(make_project):
    root = make_project()
    bad = run_minka(root, "new", "case", "../escape")
    assert bad.returncode == 1
    assert (
        bad.stderr == "Error: id: expected a slug (lowercase a-z, 0-9 and hyphens), "
        "but got '../escape'\n"
    )
    again = run_minka(root, "new", "case", "demo")
    assert again.returncode == 1 and again.stderr == "Error: cases/demo.yaml: already exists\n"


def test_drafts_are_built_only_on_request(make_project):
    root = make_project()
    run_minka(root, "new", "case", "draft-one", "--country", "CO")
    assert run_minka(root, "build").returncode == 0
    assert not (root / "site" / "en" / "practices" / "draft-one").exists()
    assert run_minka(root, "build", "--drafts").returncode == 0
    assert (root / "site" / "en" / "practices" / "draft-one" / "index.html").exists()


def test_the_repository_schemas_are_up_to_date():
    result = run_minka(ROOT, "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_new_refuses_an_id_a_record_of_the_other_kind_has(make_project):
    root = make_project()
    before = _tree(root)
    clash = run_minka(root, "new", "methodology", "demo")
    assert (clash.returncode, clash.stdout, clash.stderr) == (
        1,
        "",
        "Error: id: expected an id no record has, but got 'demo' (cases/demo.yaml has it)\n",
    )
    assert _tree(root) == before
