"""Shared fixtures: tiny projects in temporary folders, and the real site built once."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
# The project whose content the tests read: this repository, or the copy with new records
# that test_contributions.py runs the content, site, map and exchange tests on.
ROOT = Path(os.environ.get("MINKA_PROJECT") or REPO)
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


CONTRIBUTIONS = Path(__file__).resolve().parent / "contributions"


def add_contributions(root: Path) -> Path:
    """Add to the project at `root` the records and vocabulary entries of tests/contributions/.

    They are the three kinds of record editors add (see test_contributions.py); vocabulary
    entries are appended to the project's lists, as the editors' guide says to.
    """
    for path in sorted(CONTRIBUTIONS.rglob("*.yaml")):
        rel = path.relative_to(CONTRIBUTIONS)
        target = root / rel
        if rel.parts[0] != "vocabularies":
            shutil.copy(path, target)
            continue
        registry = yaml.safe_load(target.read_text(encoding="utf-8"))
        for key, entries in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            registry[key] += entries
        target.write_text(
            yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files from the current output.",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def write_project(
    root: Path, files: dict[str, str | bytes] | None = None, with_demo: bool = True
) -> Path:
    """Write a tiny project (real vocabularies and config) plus `files` into `root`."""
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


@pytest.fixture
def make_project(tmp_path):
    """Return a function writing a tiny project (real vocabularies and config) plus `files`."""

    def make(files: dict[str, str | bytes] | None = None, with_demo: bool = True) -> Path:
        return write_project(tmp_path / "project", files, with_demo)

    return make


def run_minka(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the `minka` command in `root` and capture its output."""
    return subprocess.run(
        [*MINKA, "--config", str(root / "mkdocs.yml"), *args],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the real project once per test process, strictly, into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run(
        [*MINKA, "--config", str(ROOT / "mkdocs.yml"), "build", "--strict", "--site-dir", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


# Browser tests: Debian's Chromium driven by Playwright, on the site served locally.


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files as a static host does: a missing address gets the nearest 404.html above
    it (site/<lang>/404.html for anything missing under /<lang>/), with status 404."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = self._not_found_page() if code == 404 else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        for folder in Path(self.translate_path(self.path)).parents:
            if not folder.is_relative_to(root):
                return None
            if (folder / "404.html").is_file():
                return folder / "404.html"
        return None


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve `folder` over HTTP on a free local port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def base_url(built_site):
    """The real site, served over HTTP (browser tests)."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory) -> Path:
    """The real project built with `site_url` under a sub-path, placed at <root>/minka/.

    Returns <root>: serve it and the portal lives at /minka/en/ and /minka/es/, as on a
    static host that publishes it in a folder.
    """
    work = tmp_path_factory.mktemp("subpath")
    project = work / "project"
    project.mkdir()
    for name in ("cases", "methodologies", "vocabularies", "docs"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_url: https://example.org/minka/\n" + config, encoding="utf-8"
    )
    served = work / "root"
    result = subprocess.run(
        [
            *MINKA,
            "--config",
            str(project / "mkdocs.yml"),
            "build",
            "--strict",
            "--site-dir",
            str(served / "minka"),
        ],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return served


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, written "#rrggbb" or as CSS's "rgb(r, g, b)"."""

    def luminance(colour: str) -> float:
        if colour.startswith("#"):
            channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        else:
            channels = [
                int(x) for x in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]
            ]
        r, g, b = (
            v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c / 255 for c in channels)
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
