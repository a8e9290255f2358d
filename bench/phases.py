"""Where the time of `minka build` goes: wall and CPU seconds of each stage, per process.

Usage: .venv/bin/python bench/phases.py PROJECT [--site-dir DIR]
       (a synthetic project: .venv/bin/python bench/make_catalog.py 1000 /tmp/catalog)

Builds PROJECT as `minka build --strict` does and prints, in pipeline order: in the parent,
reading and checking the records and the similar-records lists; in each language process,
the data files and, below 2,000 records, the pages (the plugin's on_files, which writes the
data files); from 2,000 records Minka's rendering of each page as MkDocs reads it; MkDocs
converting the pages' Markdown to HTML (Minka's set-aside included), MkDocs' theme templates and writing the
pages, and Pagefind. Minka's stages are timed by wrapping the functions the build calls; MkDocs' own are
read off the plugin events that bound them (a timing plugin added to each language's
config), so nothing here depends on MkDocs' private functions.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import build, plugin  # noqa: E402

# stage -> [wall, cpu], in the process that ran it (a forked language process starts with a
# copy of the parent's figures, which it reports again: the rows say which process ran what).
_spent: dict[str, list[float]] = {}


def _cpu() -> float:
    """CPU seconds of this process and the children it waited for (Pagefind runs as one)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _add(stage: str, wall: float, cpu: float) -> None:
    total = _spent.setdefault(stage, [0.0, 0.0])
    total[0] += wall
    total[1] += cpu


def _timed(stage: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        try:
            return function(*args, **kwargs)
        finally:
            _add(stage, time.perf_counter() - wall, _cpu() - cpu)

    return timed


class _Clock(BasePlugin):
    """Marks the bounds of MkDocs' page loops: all pages are converted (on_pre_page … last
    on_page_content), then all are templated and written (on_env … on_post_build)."""

    def __init__(self):
        self.marks: dict[str, tuple[float, float]] = {}

    def _mark(self, name: str) -> None:
        self.marks.setdefault(name, (time.perf_counter(), _cpu()))

    def _span(self, stage: str, start: str, end: str, besides: str | None = None) -> None:
        """The time between two marks, less what stage `besides` took inside it."""
        (w0, c0), (w1, c1) = self.marks[start], self.marks[end]
        inside = _spent.get(besides, [0.0, 0.0]) if besides else [0.0, 0.0]
        _add(stage, w1 - w0 - inside[0], c1 - c0 - inside[1])

    @event_priority(100)  # before Minka's own handlers: the pages' Markdown starts here
    def on_pre_page(self, page, config, files):
        self._mark("markdown")

    @event_priority(100)
    def on_env(self, env, config, files):
        self._mark("templates")
        return env

    @event_priority(100)  # before Minka's on_post_build runs Pagefind
    def on_post_build(self, config):
        self._mark("post_build")
        # Minka renders each page as MkDocs reads it, inside this loop: apart (RENDER).
        self._span("MkDocs: Markdown → HTML of every page", "markdown", "templates", RENDER)
        self._span("MkDocs: theme templates, writing the pages", "templates", "post_build")


# From held.COMPRESS_FROM records, each page is rendered when MkDocs reads it (site.build_site's
# `lazy`); a smaller site's pages are rendered in on_files
RENDER = "Minka: each page's front matter, and from 2,000 records the page (on_page_read_source)"


def _language_config(*args, **kwargs):
    config = _original_config(*args, **kwargs)
    config.plugins["bench-clock"] = _Clock()  # PluginCollection registers its events
    return config


def _report_child(*job) -> None:
    _spent.clear()  # the parent's figures are the parent's
    wall, cpu = time.perf_counter(), _cpu()
    _original_child(*job)
    _add("language process, total", time.perf_counter() - wall, _cpu() - cpu)
    _print(f"language {job[1]}")


def _print(process: str) -> None:
    for stage, (wall, cpu) in _spent.items():
        print(f"| {process} | {stage} | {wall:.1f} s | {cpu:.1f} s |", flush=True)


_original_config = build.language_config
_original_child = build._build_in_child


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--site-dir", type=Path)
    args = parser.parse_args()
    build.read_project = _timed("read and check the records", build.read_project)
    build.similar_lists = _timed("similar-records lists", build.similar_lists)
    plugin.build_site = _timed(
        "Minka: data files, and the pages of a site under 2,000 records (on_files)",
        plugin.build_site,
    )
    plugin.MinkaPlugin.on_page_read_source = _timed(RENDER, plugin.MinkaPlugin.on_page_read_source)
    plugin.index_site = _timed("Pagefind", plugin.index_site)
    plugin.write_files = _timed("Minka: write the data files", plugin.write_files)
    build.language_config = _language_config
    build._build_in_child = _report_child
    site = args.site_dir or Path(tempfile.mkdtemp(prefix="minka-phases-"))
    print(f"load average {os.getloadavg()[0]:.1f}; {args.project}\n", flush=True)
    print("| process | stage | wall | CPU |\n| --- | --- | --- | --- |", flush=True)
    wall, cpu = time.perf_counter(), _cpu()
    build.build_site(args.project / "mkdocs.yml", site, strict=True)
    _add("minka build, total (parent's CPU only)", time.perf_counter() - wall, _cpu() - cpu)
    _print("parent")


if __name__ == "__main__":
    main()
