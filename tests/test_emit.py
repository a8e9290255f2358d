"""`minka build --emit`: each language as a plain MkDocs project that builds without Minka."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import MINKA, ROOT

from generator.pipeline import read_project


def _article(html: str) -> str:
    return re.search(r"<article\b.*?</article>", html, re.S).group(0)


def test_emitted_project_builds_with_plain_mkdocs_like_minka(built_site, tmp_path):
    out = tmp_path / "emitted"
    result = subprocess.run(
        [*MINKA, "--config", str(ROOT / "mkdocs.yml"), "build", "--emit", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    config = out / "en" / "mkdocs.yml"
    assert "minka" not in re.findall(r"^plugins:.*$", config.read_text("utf-8"), re.M)[0]
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert plain.returncode == 0, plain.stderr
    catalog = read_project(ROOT)
    for folder, rec_id in (
        ("practices", next(iter(catalog.cases))),
        ("methodologies", next(iter(catalog.methodologies))),
    ):
        ours = (built_site / "en" / folder / rec_id / "index.html").read_text("utf-8")
        theirs = (out / "en" / "site" / folder / rec_id / "index.html").read_text("utf-8")
        assert _article(theirs) == _article(ours), (folder, rec_id)
    # The theme's bundles are emitted (not their sources), and the pages link them.
    assert not (out / "en" / "overrides" / "assets").exists()
    case = next(iter(catalog.cases))
    ours = (built_site / "en" / "practices" / case / "index.html").read_text("utf-8")
    emitted = out / "en" / "site" / "practices" / case / "index.html"
    bundles = re.findall(r'"\.\./\.\./(assets/minka[^"]*)"', emitted.read_text("utf-8"))
    assert bundles == re.findall(r'"\.\./\.\./(assets/minka[^"]*)"', ours) and len(bundles) == 2
    assert all((out / "en" / "site" / path).is_file() for path in bundles)
    # The steps after MkDocs: the data files are in the site, and minka indexes it.
    assert (out / "en" / "site" / "data" / "catalog.json").is_file()
    indexed = subprocess.run(
        [*MINKA, "pagefind", str(out / "en" / "site")], capture_output=True, text=True, timeout=300
    )
    assert indexed.returncode == 0, indexed.stderr
    assert (out / "en" / "site" / "pagefind" / "pagefind.js").is_file()
