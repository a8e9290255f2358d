"""`minka serve`: the whole bilingual site, rebuilt when a record is saved."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE, MINKA, ROOT

from generator import geo, packaged, reference
from generator.errors import GeneratorError
from generator.pipeline import read_project
from generator.serve import Preview, affected_pages
from generator.views import pager, site_paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_shows_both_languages_and_reloads_a_saved_record(make_project, tmp_path):
    root = make_project()
    port = _free_port()
    temp = tmp_path / "temp"  # where the served site is built
    temp.mkdir()
    server = subprocess.Popen(
        [*MINKA, "--config", str(root / "mkdocs.yml"), "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"TMPDIR": str(temp)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: "Demo practice" in _get(f"{base}/en/practices/demo/"))
        assert "Práctica de demostración" in _get(f"{base}/es/practices/demo/")
        assert 'href="es/"' in _get(f"{base}/")  # the language chooser at the root
        case = root / "cases" / "demo.yaml"
        case.write_text(
            case.read_text(encoding="utf-8").replace("Demo practice", "Renamed practice"),
            encoding="utf-8",
        )
        assert _wait_for(lambda: "Renamed practice" in _get(f"{base}/en/practices/demo/"))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
        print(output)
    # What a user of `make serve` reads: the URL with the languages once it answers, then a
    # line per rebuild naming the saved file and the time taken.
    lines = output.splitlines()
    ready = [line for line in lines if line.startswith(f"Serving {base}/ (en/, es/), built in ")]
    assert len(ready) == 1, output
    assert re.search(r"^Updated \d+ pages? for demo\.yaml in \d+\.\d s", output, re.M), output
    assert lines.index(ready[0]) < next(i for i, line in enumerate(lines) if "demo.yaml" in line)
    # Stopped by a signal (a service manager, a test), it says so and leaves nothing behind
    # but Jinja's cache of compiled templates, kept for the next build (jinjacache.py).
    left = [p.name for p in temp.iterdir() if not p.name.startswith("_jinja2-cache-")]
    assert lines[-1] == "Stopped." and left == []


@pytest.fixture
def preview(tmp_path):
    """The real project copied aside and built once in this process, as `minka serve` does."""
    return _preview(tmp_path)


def _preview(tmp_path) -> Preview:
    root = tmp_path / "project"
    for name in ("cases", "methodologies", "vocabularies", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    site = Preview(
        root / "mkdocs.yml", tmp_path / "out", drafts=False, serve_url="http://127.0.0.1:8000/"
    )
    site.build()
    return site


def _page(preview, path: str) -> Path:
    return preview.out / path / "index.html"


def _rename_samer(root: Path, new: str) -> None:
    case = root / "cases" / "samer.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            'en: "SAMER: networks of rural microenterprises in Nariño"', f'en: "{new}"'
        ),
        encoding="utf-8",
    )


def test_a_saved_record_rewrites_only_the_pages_that_show_it(preview):
    untouched = _page(preview, "en/about")
    stamp = untouched.stat().st_mtime_ns
    _rename_samer(preview.root, "SAMER renamed by an editor")
    assert re.match(r"Updated \d+ pages for samer\.yaml in \d+\.\d s", preview.update())
    for path in ("en/practices/samer", "en/countries/co", "en/practices", "en/exchange/open", "en"):
        assert "SAMER renamed by an editor" in _page(preview, path).read_text("utf-8"), path
    # A page that links to SAMER (a similar or related record) shows the new title too.
    linking = [
        p
        for p in (preview.out / "en" / "practices").glob("*/index.html")
        if 'href="../samer/"' in p.read_text("utf-8")
    ]
    assert linking and all("SAMER renamed" in p.read_text("utf-8") for p in linking)
    assert "SAMER: redes de microempresas" in _page(preview, "es/practices/samer").read_text(
        "utf-8"
    )
    # So does the comparison file of each methodology it applied (its "applied in" row).
    methods = {ref.methodology for ref in read_project(preview.root).cases["samer"].methodologies}
    assert methods
    for method in methods:
        compared = (preview.out / "en" / "compare" / f"{method}.json").read_text("utf-8")
        assert "SAMER renamed by an editor" in compared, method
    # And the compare page's lists to choose from.
    choices = (preview.out / "en" / "compare" / "_choices.json").read_text("utf-8")
    assert "SAMER renamed by an editor" in choices
    assert untouched.stat().st_mtime_ns == stamp  # not rendered again
    # A page written by the quick update is the page a full build writes.
    quick = {
        path: _page(preview, path).read_text("utf-8")
        for path in ("en/practices/samer", "en/countries/co")
    }
    preview.build()
    assert quick == {path: _page(preview, path).read_text("utf-8") for path in quick}


@pytest.fixture
def paged_preview(tmp_path, monkeypatch):
    """The preview with a card a page: every list and hub has later pages (views/pager.py)."""
    monkeypatch.setattr(pager, "PAGE_CARDS", 1)
    return _preview(tmp_path)


def test_a_saved_record_rewrites_the_later_pages_of_the_lists_that_show_it(paged_preview):
    catalog = read_project(paged_preview.root)
    number = list(catalog.cases).index("samer") + 1
    listed = f"en/practices/page/{number}" if number > 1 else "en/practices"
    country = catalog.cases["samer"].countries[0]
    # on a hub, the practices come first
    hub_ids = [i for i in catalog.hubs["countries"][country] if i in catalog.cases]
    at = hub_ids.index("samer") + 1
    hub = f"en/countries/{country.lower()}" + (f"/page/{at}" if at > 1 else "")
    _rename_samer(paged_preview.root, "SAMER renamed on a later page")
    paged_preview.update()
    for path in (listed, hub):
        assert "SAMER renamed on a later page" in _page(paged_preview, path).read_text("utf-8")
    quick = _page(paged_preview, listed).read_text("utf-8")
    paged_preview.build()
    assert _page(paged_preview, listed).read_text("utf-8") == quick


def test_a_save_renders_again_every_page_of_the_lists_and_hubs_of_the_record(monkeypatch):
    # A save can move cards from one page of a list to the next without adding a page (a
    # record joins a hub, or opens to exchange): every page of those lists is rendered again.
    monkeypatch.setattr(pager, "PAGE_CARDS", 1)
    catalog = read_project(ROOT)
    files = {path: _Blank() for path in site_paths(catalog, "en")}
    wanted = affected_pages(catalog, catalog, {"samer"}, files)
    country = catalog.cases["samer"].countries[0].lower()
    for first in ("practices/index.md", "exchange/open/index.md", f"countries/{country}.md"):
        later = {path for path in files if path.startswith(pager.later_pages(first))}
        assert later <= wanted, first
    assert any(path.startswith("practices/page/") for path in wanted)
    other = next(c for c in catalog.hubs["countries"] if c not in catalog.cases["samer"].countries)
    assert not any(p.startswith(f"countries/{other.lower()}/page/") for p in wanted)


class _Blank:
    content_string = ""


def test_a_saved_title_shows_on_the_explore_page_s_first_screen(preview):
    # The first screen (first results by title, counts) is built into explore/: a record
    # renamed to come first is listed there after a save, as a full build lists it.
    _rename_samer(preview.root, "Aaa SAMER, first by title")
    preview.update()
    explore = _page(preview, "en/explore").read_text("utf-8")
    assert "Aaa SAMER, first by title" in explore
    preview.build()
    assert _page(preview, "en/explore").read_text("utf-8") == explore


def test_a_broken_save_keeps_the_pages_and_a_new_record_rebuilds_everything(preview):
    case = preview.root / "cases" / "samer.yaml"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("kind: network", "kind: [network"), encoding="utf-8")
    with pytest.raises(GeneratorError, match=r"cases/samer.yaml:\d+"):
        preview.update()
    assert "SAMER: networks" in _page(preview, "en/practices/samer").read_text("utf-8")
    case.write_text(good, encoding="utf-8")
    shutil.copy(ROOT / "cases" / "quesinor.yaml", preview.root / "cases" / "quesinor-2.yaml")
    copy = preview.root / "cases" / "quesinor-2.yaml"
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("id: quesinor", "id: quesinor-2"), encoding="utf-8"
    )
    assert re.match(r"Rebuilt everything \(.+\) in \d+\.\d s$", preview.update())
    assert _page(preview, "en/practices/quesinor-2").is_file()
    assert _page(preview, "es/practices/quesinor-2").is_file()


def test_a_label_sdg_or_map_data_edit_shows_at_the_next_build(make_project, tmp_path, monkeypatch):
    """The labels, the SDG framework and the country shapes ship inside the package and are
    parsed once per version of their file: `minka serve` rebuilds after an edit to any of
    them and shows the edit (a cache for the life of the process kept the old text)."""
    data = tmp_path / "data"
    shutil.copytree(packaged.DATA, data)  # edited aside: other tests read the package's own
    monkeypatch.setattr(packaged, "DATA", data)
    root = make_project({"cases/demo.yaml": MINIMAL_CASE + "sdg:\n  goals: [1]\n"})
    site = Preview(
        root / "mkdocs.yml", tmp_path / "out", drafts=False, serve_url="http://127.0.0.1:8000/"
    )
    site.build()
    page = site.out / "en" / "practices" / "demo" / "index.html"
    goal = reference.sdg_goal(1)["en"]
    before = page.read_text("utf-8")
    assert goal in before and "At a glance" in before
    shapes = geo.shapes()["countries"]
    assert "CO" in shapes and geo.country_at(-74.07, 4.71) == "CO"  # Bogotá

    _edit(data / "labels.yaml", 'at_a_glance: {en: "At a glance"', 'at_a_glance: {en: "In short"')
    _edit(data / "sdg.yaml", f'en: "{goal}"', 'en: "End poverty everywhere"')
    shapes = json.loads((data / geo.SHAPES).read_text("utf-8"))
    shapes["countries"]["XC"] = shapes["countries"].pop("CO")  # Colombia, renamed in the data
    (data / geo.SHAPES).write_text(json.dumps(shapes), "utf-8")

    line = site.update()
    assert re.match(
        r"Rebuilt everything \(generator/data/countries\.json, "
        r"generator/data/labels\.yaml, generator/data/sdg\.yaml\) in \d+\.\d s$",
        line,
    ), line
    after = page.read_text("utf-8")
    assert "In short" in after and "At a glance" not in after
    assert "End poverty everywhere" in after and goal not in after
    assert geo.country_at(-74.07, 4.71) == "XC"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")
