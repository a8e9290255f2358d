"""Hostile and broken records: exact messages, bounded time and memory, the old site kept.

The corpus is tests/hostile/: one file per case, at the path it takes in a project
(`cases/<case>.yaml`, `methodologies/<id>.yaml`), each beside `<case>.expected`, the exact
standard error of `minka validate`. An empty `.expected` means the input is legal: it must
validate, build and show on its page. Files too big to commit are written here instead
(GENERATED). Refresh the expected files with `pytest tests/test_hostile.py --update-golden`.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINKA, write_project

from generator.loader import load_file

CORPUS = Path(__file__).parent / "hostile"
# Hard limits that catch a hang or a blow-up, not a speed goal (those live in bench/): a
# refused input is checked in well under a second; a legal one is built in full, which on
# a loaded 2-core machine running the suite two at a time can take several times its idle 5 s.
SECONDS = 10
BUILD_SECONDS = 60
MEGABYTES = 500

_BIG = 50_000_000


def _write_huge(path: Path) -> None:
    """A 50 MB record: a real header, then one enormous summary line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            'id: huge\ntitle: {en: "Huge"}\noriginal_language: en\nkind: network\n'
            'countries: [CO]\nsummary:\n  en: "'
        )
        f.write("x" * (_BIG - f.tell() - 2))
        f.write('"\n')


GENERATED = {
    "cases/huge.yaml": (
        _write_huge,
        "Error: 1 error in the records:\n"
        "cases/huge.yaml:1: expected a file of at most 1 MB, but got 50.0 MB\n",
    ),
}
COMMITTED = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.yaml"))
# Errors about a whole file (it cannot be read as YAML at all) have no field to name.
_WHOLE_FILE = (
    "expected a YAML mapping",
    "expected UTF-8 text",
    "expected valid YAML",
    "expected a closing",
    "expected ']' to close",
    "expected '}' to close",
    "expected spaces for indentation",
    "expected a file of at most",
)
_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN)"
    ".ru_maxrss)); sys.exit(code)"
)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


def run_bounded(root: Path, *args: str) -> Run:
    """Run `minka` with a hard time limit and report the peak memory of the process."""
    limit = BUILD_SECONDS if args[0] == "build" else SECONDS
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRAPPER,
                rss.name,
                *MINKA,
                "--config",
                str(root / "mkdocs.yml"),
                *args,
            ],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"minka {' '.join(args)} took more than {limit} s")
        seconds = time.monotonic() - start
        kilobytes = int(rss.read() or 0)
    return Run(proc.returncode, out, err, seconds, kilobytes / 1024)


def snapshot(folder: Path) -> dict[str, str]:
    """Return {relative path: sha1} of every file under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_project(tmp_path_factory):
    """One small valid project, built once; every case is dropped into it and removed again."""
    root = write_project(tmp_path_factory.mktemp("hostile") / "project")
    result = subprocess.run(
        [*MINKA, "--config", str(root / "mkdocs.yml"), "build"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root, snapshot(root / "site")


@pytest.mark.parametrize("case", COMMITTED + sorted(GENERATED))
def test_hostile_record(case, good_project, tmp_path, update_golden):
    root, site_before = good_project
    target = root / case
    expected_file = (CORPUS / case).with_suffix(".expected")
    if case in GENERATED:
        write, expected = GENERATED[case]
        write(target)
    else:
        target.write_bytes((CORPUS / case).read_bytes())
        expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else None
    try:
        validate = run_bounded(root, "validate")
        if update_golden and case not in GENERATED:
            expected_file.write_text(validate.stderr, encoding="utf-8")
            expected = validate.stderr
        assert validate.stderr == expected
        assert "Traceback" not in validate.stderr
        if expected:
            assert validate.returncode == 1
            _assert_names_file_line_and_field(case, expected)
            build = run_bounded(root, "build")
            assert (build.returncode, build.stderr) == (1, expected)
            assert snapshot(root / "site") == site_before
            assert not list(root.glob(".minka-build-*"))
        else:
            assert validate.returncode == 0
            build = run_bounded(root, "build", "--strict", "--site-dir", str(tmp_path / "site"))
            assert build.returncode == 0, build.stderr
            _assert_rendered(tmp_path / "site", target)
    finally:
        target.unlink()
    for run in (validate, build):
        assert run.megabytes < MEGABYTES, f"{run.megabytes:.0f} MB"


def test_the_corpus_has_an_expected_message_for_every_case():
    expected = sorted(
        p.relative_to(CORPUS).with_suffix(".yaml").as_posix() for p in CORPUS.rglob("*.expected")
    )
    assert expected == COMMITTED


def _assert_names_file_line_and_field(case: str, stderr: str) -> None:
    lines = stderr.splitlines()
    assert re.fullmatch(r"Error: \d+ errors? in the records:", lines[0])
    for line in lines[1:]:
        where = re.match(rf"{re.escape(case)}:(\d+): (?:([\w$.\[\]]+): )?expected ", line)
        assert where, line
        assert where.group(2) or line.split(": ", 1)[1].startswith(_WHOLE_FILE), line


def _assert_rendered(site: Path, record: Path) -> None:
    """The legal record has a page in both languages showing its title and its text."""
    data = load_file(record, record.name, "case").data
    folder = "practices" if record.parent.name == "cases" else "methodologies"
    for lang in ("en", "es"):
        page = (site / lang / folder / data["id"] / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
        assert data["title"][lang] in html.unescape(re.sub(r"<[^>]+>", "", heading))
        assert html.escape(data["summary"][lang], quote=False) in page
