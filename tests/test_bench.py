"""The synthetic catalog of the benchmarks stays valid, bilingual and varied (no timing here)."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest
import yaml
from conftest import ROOT, run_minka


@pytest.fixture(scope="module")
def make_catalog():
    spec = importlib.util.spec_from_file_location(
        "make_catalog", ROOT / "bench" / "make_catalog.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_catalog


@pytest.fixture(scope="module")
def project(make_catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("bench") / "project"
    make_catalog(20, root)
    return root


@pytest.fixture(scope="module")
def cases(project) -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((project / "cases").glob("*.yaml"))
    ]


def test_generated_project_validates(project):
    result = run_minka(project, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 20 practices, ")


def test_records_are_bilingual(cases):
    assert len(cases) == 20
    for case in cases:
        for field in ("title", "summary", "solution", "results"):
            assert case[field]["en"] and case[field]["es"], (case["id"], field)
            assert case[field]["en"] != case[field]["es"], (case["id"], field)
        for figure in case["key_figures"]:
            assert figure["label"]["en"] and figure["label"]["es"]
    assert {case["original_language"] for case in cases} == {"en", "es"}


def test_records_are_varied(cases):
    def spread(field):
        return Counter(value for case in cases for value in case.get(field, []))

    assert len({case["title"]["en"] for case in cases}) == 20
    assert len({case["summary"]["es"] for case in cases}) == 20
    assert len(spread("countries")) >= 5
    assert len(spread("themes")) >= 8
    assert len(spread("value_chains")) >= 8
    assert len({case["kind"] for case in cases}) >= 3
    assert len({case["lead"] for case in cases}) >= 8
    for optional in ("exchange", "methodologies", "related", "breakdowns", "funding"):
        assert 0 < sum(optional in case for case in cases) < 20, optional


def test_same_seed_same_records_and_smaller_catalogs_are_prefixes(make_catalog, project, tmp_path):
    ids = make_catalog(5, tmp_path / "again")
    for path in sorted((tmp_path / "again" / "cases").glob("*.yaml")):
        assert path.read_text(encoding="utf-8") == (project / "cases" / path.name).read_text(
            encoding="utf-8"
        )
    assert len(ids) == 5
