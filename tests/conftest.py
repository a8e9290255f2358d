"""Shared fixtures: tiny projects in temporary folders, and the real site built once."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINKA = [sys.executable, "-m", "generator"]

MINIMAL_CASE = """\
# yaml-language-server: $schema=../schema/case.schema.json
id: demo
title: {en: "Demo practice", es: "Práctica de demostración"}
original_language: en
kind: network
countries: [CO]
themes: [associativity]
summary:
  en: "A network of producers that sells together."
  es: "Una red de productores que vende en conjunto."
key_figures:
  - value: 1800000
    unit: {en: "people", es: "personas"}
    label: {en: "people reached", es: "personas alcanzadas"}
    year: 2018
    source: booklet
sources:
  - id: booklet
    title: "A booklet"
    publisher: "An agency"
    date: 2018
"""


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def make_project(tmp_path):
    """Return a function writing a tiny project (real vocabularies and config) plus `files`."""

    def make(files: dict[str, str | bytes] | None = None, with_demo: bool = True) -> Path:
        root = tmp_path / "project"
        for folder in ("cases", "methodologies", "docs"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copytree(ROOT / "vocabularies", root / "vocabularies", dirs_exist_ok=True)
        shutil.copytree(ROOT / "docs", root / "docs", dirs_exist_ok=True)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        if with_demo:
            (root / "cases" / "demo.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
        for name, content in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


def run_minka(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the `minka` command in `root` and capture its output."""
    return subprocess.run([*MINKA, "--config", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, cwd=root, timeout=300)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the real project once per test process, strictly, into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run([*MINKA, "--config", str(ROOT / "mkdocs.yml"), "build", "--strict",
                             "--site-dir", str(out)], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return out
