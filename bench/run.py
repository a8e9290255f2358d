"""Benchmark Minka on synthetic catalogs and print one table of figures against the budgets of bench/README.md.

Usage: .venv/bin/python bench/run.py [--sizes 100 1000 5000] [--work DIR] [--keep]

For each size: write a synthetic project (make_catalog.py), time `minka build` and plain
MkDocs building the same generated Markdown, measure the site, the Pagefind index and what a
visitor's first browser query transfers, and the latency of `minka search`. With 1,000
records among the sizes, also the time from saving a record to the change being served by
`minka serve`. The table is printed and written to bench/out/results.md; bench/README.md
explains each figure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import make_catalog  # noqa: E402
from serving import serve_dir  # noqa: E402

from generator.index import open_index, search  # noqa: E402
from generator.languages import LANGS  # noqa: E402
from generator.pipeline import read_project  # noqa: E402
from generator.present import site_nav  # noqa: E402
from generator.reference import country_name  # noqa: E402
from generator.views import render_site  # noqa: E402

OUT = HERE / "out"
KB = 1024
MB = 1024 * 1024
# bench/README.md, Budgets. Linear cost is read as: time per record grows by at most 25% between sizes.
BUDGET_OVERHEAD = 0.50  # the speed issue: Pagefind and data files included
BUDGET_MEMORY = 1.25  # peak memory over plain MkDocs' own, at 5,000 records
BUDGET_BUILD_1000 = 20.0
BUDGET_GROWTH = 1.25
BUDGET_EDIT = 2.0
BUDGET_FIRST_QUERY = 300 * 1000
BUDGET_SEARCH_MS = 20.0
BUDGET_PAGE = 150 * 1000
# This machine's speed moves from minute to minute (plain MkDocs on the same Markdown took 16
# to 22 s at 1,000 records in one morning): up to this size, Minka and plain MkDocs build in
# turn several times (--rounds) and the median is reported, with the spread. A build of 5,000
# records takes minutes, and builds once.
ROUNDS_UP_TO = 1000

# What readers type into `minka search`: words from the catalog, places with and without
# accents, facets alone and with words. (query, language it is written in, filters); each
# is searched in both languages, as `minka search` does without --lang.
QUERIES = [
    ("coffee cooperative", "en", {}),
    ("women", "en", {}),
    ("honey", "en", {}),
    ("revolving fund", "en", {}),
    ("learning routes", "en", {}),
    ("Nariño", "en", {}),
    ("Narino", "en", {}),
    ("quality standards", "en", {}),
    ("market access", "en", {}),
    ("specialty coffee", "en", {}),
    ("dairy Cajamarca", "en", {}),
    ("tourism", "en", {}),
    ("credit", "en", {}),
    ("young people", "en", {}),
    ("supermarkets schools", "en", {}),
    ("cocoa chocolate", "en", {}),
    ("panela", "en", {}),
    ("indigenous peoples", "en", {}),
    ("governance", "en", {}),
    ("climate", "en", {}),
    ("", "en", {"country": ["PE"]}),
    ("", "en", {"theme": ["cooperatives"]}),
    ("coffee", "en", {"country": ["CO"]}),
    ("women", "en", {"sdg": ["5"]}),
    ("", "en", {"value_chain": ["coffee"], "country": ["CO"]}),
    ("cooperativa cafe", "es", {}),
    ("cooperativas café", "es", {}),
    ("mujeres", "es", {}),
    ("miel", "es", {}),
    ("fondo rotatorio", "es", {}),
    ("rutas de aprendizaje", "es", {}),
    ("calidad", "es", {}),
    ("acceso a mercados", "es", {}),
    ("quesos", "es", {}),
    ("jóvenes rurales", "es", {}),
    ("Cajamarca", "es", {}),
    ("asociacion", "es", {}),
    ("asociaciones de productores", "es", {}),
    ("cacao fino", "es", {}),
    ("turismo", "es", {}),
    ("crédito", "es", {}),
    ("planta de transformación", "es", {}),
    ("sequías", "es", {}),
    ("pueblos indígenas", "es", {}),
    ("", "es", {"country": ["BO"]}),
    ("", "es", {"population": ["women"]}),
    ("cafe", "es", {"country": ["PE", "CO"]}),
    ("miel", "es", {"theme": ["market-access"]}),
    ("red", "es", {"methodology": ["learning-routes-kit"]}),
    ("", "es", {"lead": ["ifad"]}),
]
# The first browser query: (language, words, country filter).
BROWSER_QUERIES = [("en", "coffee cooperative", "PE"), ("es", "cooperativa cafe", "PE")]
# A first query the page's language cannot answer: the other language's index loads too.
ELSEWHERE_QUERY = ("en", "sequías")


@dataclass
class Row:
    figure: str
    records: str
    value: str
    budget: str = "—"
    ok: bool | None = None
    # The machine's load when the figure was taken (rows are made as figures come in): a
    # shared machine's times are only comparable at a like load.
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    def cells(self) -> list[str]:
        mark = "" if self.ok is None else ("pass" if self.ok else "**miss**")
        return [self.figure, self.records, self.value, self.budget, mark, f"{self.load:.1f}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument(
        "--work",
        type=Path,
        default=OUT / "work",
        help="where projects and sites are written (default: bench/out/work)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-browser figure")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternated builds of Minka and plain MkDocs at each size up to "
        f"{ROUNDS_UP_TO:,} records, their median reported (default: 3; larger sizes build once)",
    )
    parser.add_argument(
        "--serve-size",
        type=int,
        default=1000,
        help="catalog size of the edit-to-browser figure (default: 1000)",
    )
    args = parser.parse_args(argv)
    command = shlex.join([".venv/bin/python", "bench/run.py", *(argv or sys.argv[1:])])
    started = time.strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()[0]

    rows: list[Row] = []
    builds: dict[int, float] = {}
    failed = False
    for n in sorted(args.sizes):
        log(f"== {n} records")
        try:
            rows += bench_size(n, args.work / str(n), args, builds)
        except Exception as exc:  # report the sizes that did run, then fail
            traceback.print_exc()
            rows.append(Row(f"failed: {str(exc).splitlines()[0]}", f"{n:,}", "—"))
            failed = True
        if not args.keep:
            shutil.rmtree(args.work / str(n), ignore_errors=True)
    if len(builds) >= 2:
        small, big = sorted(builds)[-2:]
        growth = (builds[big] / big) / (builds[small] / small)
        rows.append(
            Row(
                f"Growth of build time per record, {small:,} → {big:,}",
                f"{small:,}→{big:,}",
                f"{growth:.2f}×",
                f"≤ {BUDGET_GROWTH:.2f}× (linear)",
                growth <= BUDGET_GROWTH,
            )
        )
    report = render_report(rows, command, started, load)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text(report, encoding="utf-8")
    print()
    print(report)
    print(f"written to {(OUT / 'results.md').relative_to(ROOT)}")
    if failed:
        sys.exit(1)


def bench_size(n: int, work: Path, args, builds: dict[int, float]) -> list[Row]:
    """Return the rows of one catalog size."""
    shutil.rmtree(work, ignore_errors=True)
    project, site = work / "project", work / "site"
    make_catalog.make_catalog(n, project)
    rows = []
    label = f"{n:,}"

    rounds = max(1, args.rounds) if n <= ROUNDS_UP_TO else 1
    minka_build = [
        *(sys.executable, "-m", "generator", "--config", str(project / "mkdocs.yml")),
        *("build", "--strict", "--site-dir", str(site)),
    ]
    catalog = read_project(project)
    plain_build = plain_mkdocs(project, catalog, work / "plain")
    minkas, plains = [], []
    for turn in range(1, rounds + 1):
        log(f"minka build ({turn} of {rounds})")
        shutil.rmtree(site, ignore_errors=True)
        minkas.append(run_timed(minka_build, cwd=project))
        log(f"plain MkDocs on the same Markdown ({turn} of {rounds})")
        plains.append(plain_build())
    minka, plain = median_run(minkas), median_run(plains)
    builds[n] = minka.seconds
    pagefind_seconds = time_pagefind(site)
    # Each round's two builds ran a minute apart, at the machine's speed of that minute.
    overhead = (
        statistics.median(m.seconds / p.seconds for m, p in zip(minkas, plains, strict=True)) - 1
    )
    overhead_no_pf = (
        (minka.seconds - pagefind_seconds) / plain.seconds - 1
        if pagefind_seconds is not None
        else None
    )

    budget = f"< {BUDGET_BUILD_1000:.0f} s" if n == 1000 else "—"
    # The table opens with what the budgets compare, side by side, then the details.
    memory = minka.max_rss / plain.max_rss
    rows += [
        Row(
            "Minka build, total (both languages, search index and data files included)",
            label,
            seconds_of(minkas),
            budget,
            minka.seconds < BUDGET_BUILD_1000 if n == 1000 else None,
        ),
        Row("Minka build, per record", label, f"{minka.seconds / n * 1000:.1f} ms"),
        Row("Plain MkDocs, same Markdown, total", label, seconds_of(plains)),
        Row("Plain MkDocs, per record", label, f"{plain.seconds / n * 1000:.1f} ms"),
        Row("CPU, Minka build: user / kernel", label, f"{minka.user:.1f} / {minka.system:.1f} s"),
        Row("CPU, plain MkDocs: user / kernel", label, f"{plain.user:.1f} / {plain.system:.1f} s"),
    ]
    # Plain MkDocs has no search index: the budget holds Minka to it with Pagefind and the
    # data files included, and Pagefind's share is shown apart.
    rows.append(
        Row(
            "Generator overhead (Minka / plain − 1, the median of the rounds'), Pagefind included",
            label,
            f"{overhead:+.0%}",
            f"≤ {BUDGET_OVERHEAD:.0%}",
            overhead <= BUDGET_OVERHEAD,
        )
    )
    if overhead_no_pf is not None:
        rows += [
            Row(
                "Pagefind indexing (both languages), part of the Minka build",
                label,
                f"{pagefind_seconds:.1f} s",
            ),
            Row(
                "Generator overhead without Pagefind (Minka − Pagefind) / plain − 1",
                label,
                f"{overhead_no_pf:+.0%}",
            ),
        ]
    files, size = tree_size(site)
    rows += [
        Row("Peak memory, minka build (largest process)", label, f"{minka.max_rss / MB:.0f} MB"),
        Row(
            "Peak memory, plain MkDocs (largest process: one language)",
            label,
            f"{plain.max_rss / MB:.0f} MB",
        ),
        Row(
            "Peak memory, Minka / plain MkDocs",
            label,
            f"{memory:.2f}×",
            f"≤ {BUDGET_MEMORY:.2f}× at 5,000",
            memory <= BUDGET_MEMORY if n >= 5000 else None,
        ),
        Row("Site size", label, f"{size / MB:.0f} MB in {files:,} files"),
    ]
    for lang in LANGS:
        pf = site / lang / "pagefind"
        if pf.is_dir():
            pf_files, pf_size = tree_size(pf)
            rows.append(
                Row(
                    f"Pagefind index ({lang})",
                    label,
                    f"{pf_size / MB:.1f} MB in {pf_files:,} files",
                )
            )

    log("minka search")
    rows += search_rows(project, catalog, label)

    if not args.no_browser:
        if all((site / lang / "pagefind" / "pagefind.js").is_file() for lang in LANGS):
            log("first browser query and a record page in Chromium")
            rows += browser_rows(site, catalog, label)
        else:
            rows.append(
                Row(
                    "First browser query transfer",
                    label,
                    "not measured: the site has no Pagefind index",
                )
            )
        rows += lighthouse_rows(site, catalog, label)
    if n == args.serve_size and not args.no_serve:
        log("edit to browser with minka serve")
        rows.append(edit_row(project, catalog, label))
    shutil.rmtree(work / "plain", ignore_errors=True)
    return rows


# Building


@dataclass
class Timed:
    seconds: float
    max_rss: int  # bytes
    # CPU seconds of the processes and those they waited for: in user space, and in the
    # kernel, which on this machine moves a build's wall time by several seconds from one
    # run to the next (creating files and faulting memory in: bench/README.md)
    user: float = 0.0
    system: float = 0.0


def median_run(runs: list[Timed]) -> Timed:
    """The run of median wall time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]


def seconds_of(runs: list[Timed]) -> str:
    """The median wall time, and with several runs how many and their spread."""
    median = median_run(runs).seconds
    if len(runs) == 1:
        return f"{median:.1f} s"
    low, high = min(r.seconds for r in runs), max(r.seconds for r in runs)
    return f"{median:.1f} s (median of {len(runs)}: {low:.1f} to {high:.1f} s)"


def run_timed(cmd: list[str], cwd: Path) -> Timed:
    """Run `cmd`, fail loudly on error; return its wall time and its peak resident memory."""
    return run_timed_together([cmd], cwd)


def run_timed_together(cmds: list[list[str]], cwd: Path) -> Timed:
    """Run `cmds` at once; return the wall time until the last ends, the largest peak memory
    and the CPU time of all. Each runs under rusage.py, whose memory at the start is
    small, so its peak is its own, not this process's (rusage.py says why)."""
    start = time.perf_counter()
    peak, user, system = 0, 0.0, 0.0
    with contextlib.ExitStack() as stack:
        running = []
        for cmd in cmds:
            errors = stack.enter_context(tempfile.TemporaryFile())
            launched = [sys.executable, str(HERE / "rusage.py"), *cmd]
            proc = subprocess.Popen(launched, cwd=cwd, stdout=subprocess.PIPE, stderr=errors)
            running.append((cmd, errors, proc))
        for cmd, errors, proc in running:
            out, _ = proc.communicate()
            if proc.returncode != 0:
                errors.seek(0)
                raise RuntimeError(
                    f"{shlex.join(cmd[1:])} failed:\n{errors.read().decode()[-4000:]}"
                )
            usage = json.loads(out)
            peak = max(peak, usage["max_rss_kb"] * KB)
            user, system = user + usage["user"], system + usage["system"]
    return Timed(time.perf_counter() - start, peak, user, system)


def time_pagefind(site: Path) -> float | None:
    """Index each language again much as `minka build` does; return the total seconds.

    The build hands Pagefind each record page's indexed part (pagefind.indexed_page) less
    the blocks Pagefind skips whole; from the built pages the bench can cut only the part,
    so Pagefind parses those blocks too here: an upper bound."""
    try:
        from generator.pagefind import index_site, indexed_page
    except ImportError:
        return None
    if not all((site / lang / "pagefind").is_dir() for lang in LANGS):
        return None
    sources = site.parent / f"{site.name}-pagefind"
    shutil.rmtree(sources, ignore_errors=True)
    for lang in LANGS:
        for page in (site / lang).glob("*/*/index.html"):
            if page.parts[-3] in ("practices", "methodologies"):
                text = indexed_page(page.read_text(encoding="utf-8"), [], lang)
                target = sources / lang / page.relative_to(site / lang)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text or "", encoding="utf-8")
    # Both languages at once, as the build runs them on a machine with two or more cores;
    # into a scratch folder, not the site's: Pagefind's index chunks depend on the order it
    # finds the pages in, so the site would keep both indexes' files, and its size double.
    out = site.parent / f"{site.name}-pagefind-out"
    start = time.perf_counter()
    threads = [
        threading.Thread(target=index_site, args=(out / lang, sources / lang)) for lang in LANGS
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    shutil.rmtree(sources, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def plain_mkdocs(project: Path, catalog, work: Path) -> Callable[[], Timed]:
    """Write the Markdown Minka generates as a plain MkDocs + Material project, no Minka
    plugin; return what builds it, timed, each time it is called.

    The languages build at once, as `minka build` builds them on a machine with two cores.
    """
    similar = _stand_in_similar(catalog)
    raw = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    commands = []
    for lang in LANGS:
        docs = work / "docs" / lang
        shutil.copytree(project / "docs" / lang, docs, dirs_exist_ok=True)
        pages = render_site(catalog, lang, similar)
        for path, text in pages.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        config = dict(raw)
        config.update(
            docs_dir=str(docs),
            site_dir=str(work / "site" / lang),
            plugins=[],
            nav=site_nav(lang),
            theme={**raw["theme"], "language": lang},
            # As the plugin does: record pages are reachable but kept out of the nav.
            not_in_nav="\n".join(_not_in_nav(pages)),
        )
        config_file = work / f"mkdocs-{lang}.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        commands.append([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)])

    def build() -> Timed:
        shutil.rmtree(work / "site", ignore_errors=True)  # as `minka build` starts: no site
        if (os.cpu_count() or 1) > 1:
            return run_timed_together(commands, cwd=work)
        timed = [run_timed(command, cwd=work) for command in commands]
        return Timed(
            sum(t.seconds for t in timed),
            max(t.max_rss for t in timed),
            sum(t.user for t in timed),
            sum(t.system for t in timed),
        )

    return build


def _stand_in_similar(catalog) -> dict[str, list[str]]:
    """Five "similar" records per record, as many as the index gives, at no cost.

    The real lists come from more-like-this over the whole catalog, which is part of what the
    Minka build is timed for; the plain build only needs Markdown of the same shape and size.
    """
    ids = sorted([*catalog.cases, *catalog.methodologies])
    return {rec_id: [ids[(i + k) % len(ids)] for k in range(1, 6)] for i, rec_id in enumerate(ids)}


def _not_in_nav(pages: dict[str, str]) -> list[str]:
    folders = sorted(
        {p.rsplit("/", 1)[0] for p in pages if "/" in p and not p.endswith("index.md")}
    )
    return [line for folder in folders for line in (f"/{folder}/*.md", f"!/{folder}/index.md")]


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# minka search


def search_rows(project: Path, catalog, label: str) -> list[Row]:
    shutil.rmtree(project / ".minka-cache", ignore_errors=True)
    start = time.perf_counter()
    index = open_index(project, catalog)
    built = time.perf_counter() - start
    _, index_size = tree_size(project / ".minka-cache" / "index")
    for query, _, filters in QUERIES:  # warm the index and the OS cache
        search(index, query, None, filters)
    samples, cpu = [], []
    for _ in range(3):
        for query, _, filters in QUERIES:
            start, start_cpu = time.perf_counter(), time.process_time()
            search(index, query, None, filters)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    index.close()
    cli = time_cli_search(project)
    return [
        Row("`minka search` index build", label, f"{built:.1f} s"),
        Row("`minka search` index on disk", label, f"{index_size / MB:.1f} MB"),
        Row(
            f"`minka search` latency, both languages, median of {len(QUERIES)} queries × 3 "
            "(index warm)",
            label,
            f"{median:.1f} ms (CPU {statistics.median(cpu):.1f} ms)",
            f"< {BUDGET_SEARCH_MS:.0f} ms",
            median < BUDGET_SEARCH_MS,
        ),
        Row("`minka search` latency, p95", label, f"{p95:.1f} ms"),
        Row(
            "`minka search` command, wall time (start-up, reading the records, cached index)",
            label,
            f"{cli:.1f} s",
        ),
    ]


def time_cli_search(project: Path) -> float:
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "--config",
        str(project / "mkdocs.yml"),
        "search",
        "cooperativa cafe",
    ]
    return run_timed(cmd, cwd=project).seconds


# Browser


def browser_rows(site: Path, catalog, label: str) -> list[Row]:
    from playwright.sync_api import sync_playwright

    rows = []
    first_case = next(iter(catalog.cases))
    with serve_dir(site) as base, sync_playwright() as p:
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
        try:
            plain, filtered = [], []
            for lang, words, country in BROWSER_QUERIES:
                plain.append(first_query(browser, base, lang, words, None))
                filtered.append(
                    first_query(browser, base, lang, words, country_name(country, lang))
                )
            worst = max(plain, key=lambda r: r[0])
            rows.append(
                Row(
                    "First browser query transfer (header box, results as you type)",
                    label,
                    f"{worst[0] / 1000:.0f} KB in {worst[1]} requests ({worst[2]})",
                    f"< {BUDGET_FIRST_QUERY // 1000} KB",
                    worst[0] < BUDGET_FIRST_QUERY,
                )
            )
            worst = max(filtered, key=lambda r: r[0])
            rows.append(
                Row(
                    "First browser query with a country filter (explore page)",
                    label,
                    f"{worst[0] / 1000:.0f} KB in {worst[1]} requests ({worst[2]})",
                    f"< {BUDGET_FIRST_QUERY // 1000} KB",
                    worst[0] < BUDGET_FIRST_QUERY,
                )
            )
            size, count, what = first_query(browser, base, *ELSEWHERE_QUERY, None)
            rows.append(
                Row(
                    "First browser query answered in the other language (both indexes)",
                    label,
                    f"{size / 1000:.0f} KB in {count} requests ({what})",
                )
            )
            size, count = page_transfer(browser, f"{base}/en/practices/{first_case}/")
            rows.append(
                Row(
                    "A record page, search excluded (gzip)",
                    label,
                    f"{size / 1000:.0f} KB in {count} requests",
                    f"< {BUDGET_PAGE // 1000} KB",
                    size < BUDGET_PAGE,
                )
            )
        finally:
            browser.close()
    return rows


def lighthouse_rows(site: Path, catalog, label: str) -> list[Row]:
    """The Lighthouse figures of bench/lighthouse.py, measured on this same built site."""
    import lighthouse

    log("Lighthouse")
    return [
        Row(figure, label, value, budget, ok)
        for figure, value, budget, ok in lighthouse.rows(site, catalog)
    ]


def first_query(browser, base: str, lang: str, words: str, country: str | None):
    """Return (bytes, requests, description) of a visitor's first query in a fresh context.

    Without a country, the words are typed into the header box of about/ once that page has
    loaded, and every response from the first key until the results show is counted. With
    one, explore/ opens with the words and the country in its address (where the header box's
    "all results and filters" leads, a box ticked); the search's responses are counted, the
    page's own being the record-page figure's concern. Bytes are as sent by a host that
    compresses text (see _Handler).
    """
    context = browser.new_context()
    page = context.new_page()
    responses = []
    if country is None:
        page.goto(f"{base}/{lang}/about/")
        page.wait_for_load_state("networkidle")
        page.on("response", lambda response: responses.append(response))
        page.locator("#minka-search-q").press_sequentially(words, delay=60)
        shown = page.locator("#minka-search-results .minka-result")
        shown.first.wait_for(timeout=60_000)
        found = f"header box, {shown.count()} shown"
    else:
        page.on("response", lambda response: responses.append(response))
        page.goto(
            f"{base}/{lang}/explore/?" + urllib.parse.urlencode({"q": words, "country": country})
        )
        page.locator(".minka-explore__list .minka-result").first.wait_for(timeout=60_000)
        found = "explore/, " + page.locator(".minka-explore__status").inner_text()
    page.wait_for_timeout(500)  # anything still on its way belongs to this query too
    fetched = [r for r in responses if country is None or "/pagefind/" in r.url]
    total = sum(_transferred(r) for r in fetched)
    context.close()
    # The other language's index loads only when the page's language finds little.
    if any("/pagefind/" in r.url and f"/{lang}/" not in r.url for r in fetched):
        found += ", the other language's index loaded"
    what = f"{lang}: “{words}”" + (f", country {country}" if country else "") + f", {found}"
    return total, len(fetched), what


def _transferred(response) -> int:
    """Return the bytes of a response body as sent, compressed when it was."""
    return response.request.sizes()["responseBodySize"] or len(response.body())


def page_transfer(browser, url: str) -> tuple[int, int]:
    """Return the gzip-compressed bytes and the request count of loading `url` afresh."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    kept = [r for r in responses if "/pagefind/" not in r.url]
    total = sum(len(gzip.compress(r.body())) for r in kept)
    context.close()
    return total, len(kept)


# What static hosts (GitHub Pages, GitLab Pages, Netlify, Cloudflare Pages) compress. Pagefind's
# index files and its wasm are gzip data already (application/octet-stream) and go as they are.


# Edit to browser


def edit_row(project: Path, catalog, label: str) -> Row:
    """Save a change to one record under `minka serve`; time until the served page shows it."""
    figure = "Edit to browser with `minka serve` (save → page served changed)"
    budget = f"< {BUDGET_EDIT:.0f} s at 1,000"
    with socket_port() as port:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "--config",
                str(project / "mkdocs.yml"),
                "serve",
                "--port",
                str(port),
            ],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        rec_id = next(iter(catalog.cases))
        url = f"http://127.0.0.1:{port}/en/practices/{rec_id}/"
        if not poll(url, lambda body: True, timeout=900):
            return Row(
                figure, label, "not measured: the server did not start in 15 minutes", budget
            )
        path = project / catalog.paths[rec_id]
        original = path.read_text(encoding="utf-8")
        times = []
        for k in range(2):
            marker = f"Edited{k}Marker"
            # Change the data, not the text: a long title may be folded over two YAML lines.
            data = yaml.safe_load(original)
            data["title"]["en"] += f" {marker}"
            make_catalog.write_record(path, data, "case")
            start = time.perf_counter()
            if not poll(url, lambda body, m=marker: m in body, timeout=600):
                return Row(
                    figure, label, "not measured: the change was not served in 10 minutes", budget
                )
            times.append(time.perf_counter() - start)
            time.sleep(2)  # let the server settle before the next save
        path.write_text(original, encoding="utf-8")
        seconds = max(times)
        return Row(
            figure, label, f"{seconds:.1f} s (worst of {len(times)})", budget, seconds < BUDGET_EDIT
        )
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def socket_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield port


def poll(url: str, ready, timeout: float) -> bool:
    """Fetch `url` every 50 ms until `ready(body)`; False after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


# Report


def render_report(rows: list[Row], command: str, started: str, load: float) -> str:
    header = ["figure", "records", "value", "budget (bench/README.md)", "", "load"]
    table = [header, ["---"] * len(header)] + [row.cells() for row in rows]
    lines = ["| " + " | ".join(cells) + " |" for cells in table]
    return "\n".join(
        [
            f"# Minka benchmark, {started}",
            "",
            f"Command: `{command}`",
            "",
            f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
            f"{load:.1f} at the start; the last column is the 1-minute load average as each "
            "figure was taken.",
            "",
            *lines,
            "",
        ]
    )


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
