"""Lighthouse on the built site, mobile: one Markdown table of performance per page.

Usage: .venv/bin/python bench/lighthouse.py [--site DIR] [--runs N] [--record ID] [--gzip]
       [--page NAME ...]

Builds the project (or takes a built --site), serves it as `python -m http.server` does (no
compression; with --gzip, text compressed as static hosts send it, bench/run.py's server) and
runs Lighthouse 12.2.3 (npm, under .venv/npm) in its default mobile mode
against Debian's chromium on home, a record, explore and compare in both languages. With
--runs above 1, each figure is the median of the runs (one machine's Lighthouse varies by a
few points from run to run). Figures are reported here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import serve_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Installed beside the other npm tools, in the virtual environment running this script.
LIGHTHOUSE = Path(sys.prefix) / "npm/node_modules/.bin/lighthouse"
VERSION = "12.2.3"  # Lighthouse 13 needs a newer Node than Debian's
LANGS = ("en", "es")
# Lighthouse's audit ids of the figures shown, with how each is written in the table.
FIGURES = (
    ("first-contentful-paint", "FCP", "{:.1f} s", 1000),
    ("largest-contentful-paint", "LCP", "{:.1f} s", 1000),
    ("total-blocking-time", "TBT", "{:.0f} ms", 1),
    ("cumulative-layout-shift", "CLS", "{:.3f}", 1),
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the project)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--record", default="ser", help="the practice measured (default: ser)")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="compress text as static hosts do (default: as http.server, not)",
    )
    parser.add_argument(
        "--page",
        action="append",
        choices=list(_pages("")),
        help="measure only this page (repeatable; default: all of them)",
    )
    args = parser.parse_args(argv)
    lighthouse = _lighthouse()
    command = shlex.join([".venv/bin/python", "bench/lighthouse.py", *(argv or sys.argv[1:])])
    pages = {k: v for k, v in _pages(args.record).items() if not args.page or k in args.page}
    with contextlib.ExitStack() as stack:
        site = args.site
        if site is None:
            site = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "site"
            _log("minka build")
            subprocess.run(
                [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
                env=os.environ | {"PYTHONPATH": str(ROOT)},
            )
        base = stack.enter_context(serve_dir(site, compress=args.gzip)).rstrip("/") + "/"
        rows = []
        for lang in LANGS:
            for name, path in pages.items():
                runs = [_run(lighthouse, f"{base}{lang}/{path}") for _ in range(args.runs)]
                rows.append((f"{name} ({lang})", f"/{lang}/{path}", _median(runs)))
    print(render_table(rows, command, args.runs, args.gzip))


def rows(site: Path, catalog) -> list[tuple[str, str, str, bool]]:
    """The bench table's Lighthouse rows (bench/run.py), on its built synthetic site served
    as static hosts serve it: performance and layout shift of home, the first practice,
    explore and compare, both languages, one run each (figure, value, budget, ok)."""
    lighthouse = _lighthouse()
    record = sorted(catalog.cases)[0]
    pages = _pages(record)
    out = []
    with serve_dir(site) as base:
        for lang in LANGS:
            for name, path in pages.items():
                result = _run(lighthouse, f"{base.rstrip('/')}/{lang}/{path}")
                out.append(
                    (
                        f"Lighthouse mobile performance, {name} ({lang})",
                        f"{result['score']:.0f}",
                        ">= 95",
                        result["score"] >= 95,
                    )
                )
                if name == "explore":
                    shift = result["cumulative-layout-shift"]
                    out.append(
                        (
                            f"Lighthouse layout shift, explore ({lang})",
                            f"{shift:.3f}",
                            "< 0.1",
                            shift < 0.1,
                        )
                    )
    return out


def render_table(rows, command: str, runs: int, gzip: bool = False) -> str:
    """The table of one run of this script, with the command that made it."""
    head = ["page", "address", "performance"] + [label for _, label, _, _ in FIGURES]
    serving = "gzip, as static hosts serve it" if gzip else "http.server, no compression"
    lines = [
        f"Lighthouse {VERSION}, mobile, chromium headless, site served locally "
        f"({serving}); {runs} run(s) per page, median; "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}.",
        f"Command: `{command}`",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for name, address, result in rows:
        cells = [name, f"`{address}`", f"{result['score']:.0f}"]
        cells += [fmt.format(result[audit] / scale) for audit, _, fmt, scale in FIGURES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _run(lighthouse: Path, url: str) -> dict:
    """Return the performance score (0-100) and the figures' values of one Lighthouse run."""
    _log(f"lighthouse {url}")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(lighthouse),
                url,
                "--quiet",
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless --no-sandbox",
            ],
            check=True,
            env=os.environ | {"CHROME_PATH": shutil.which("chromium") or ""},
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise SystemExit(f"lighthouse {url}: {data['runtimeError']}")
    result = {"score": data["categories"]["performance"]["score"] * 100}
    for audit, *_ in FIGURES:
        result[audit] = data["audits"][audit]["numericValue"]
    return result


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            f"Lighthouse is missing: npm install --prefix {LIGHTHOUSE.parents[2]} "
            f"lighthouse@{VERSION}"
        )
    if not shutil.which("chromium"):
        raise SystemExit("chromium is missing: apt-get install chromium")
    return LIGHTHOUSE


def _pages(record: str) -> dict[str, str]:
    """The pages measured, by name: home, a practice, explore and compare."""
    return {
        "home": "",
        "record": f"practices/{record}/",
        "explore": "explore/",
        "compare": "compare/",
    }


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
