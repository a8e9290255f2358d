"""A record `minka validate` accepts passes the suite, whatever today's records are.

tests/contributions/ holds three records of the kinds editors add, written from the
editors' guide: a practice outside the Americas with new vocabulary (a region, a theme, a
value chain, two organizations), a methodology with modules that the practice uses down to
a module, and a practice written in Spanish with English missing in places. They are test
fixtures, not content: they are added to a copy of the project, never to cases/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import CONTRIBUTIONS, REPO, ROOT, add_contributions, run_minka

# The tests that read the project's content (its texts, site, maps, exchanges, comparisons and
# search index): they must hold for any valid project.
CHECKS = [
    "test_content.py",
    "test_site.py",
    "test_figures.py",
    "test_exchange.py",
    "test_compare.py",
    "test_index.py",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the real project with the three new records added."""
    root = tmp_path_factory.mktemp("contributions") / "project"
    for name in ("cases", "methodologies", "vocabularies", "docs", "schema"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return add_contributions(root)


def test_the_new_records_are_valid_and_new(project):
    result = run_minka(project, "validate")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    for path in CONTRIBUTIONS.glob("[cm]*/*.yaml"):
        assert not (ROOT / path.parent.name / path.name).exists(), "a fixture is real content"


def test_content_site_map_and_exchange_tests_pass_with_the_new_records(project):
    # A run of its own, not a worker of this one: none of this run's pytest variables.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["MINKA_PROJECT"] = str(project)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHECKS],
        cwd=REPO / "tests",
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-6000:]
