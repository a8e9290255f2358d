"""Time what `minka build` does before the language builds fork: read and check the records,
then compute the similar-records lists; in one process, or on every CPU (--fork).

Usage: PYTHONPATH=. .venv/bin/python bench/reading.py PROJECT [--fork] [--lists FILE]

Prints the wall time and the CPU time of this process and of its forked ones, per stage.
Run it in a fresh process each time: the stages cache what they read. --lists writes the
similar-records lists as JSON, to check that --fork gives the same ones.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.pipeline import read_project
from generator.site import similar_lists


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--fork", action="store_true", help="work on every CPU")
    parser.add_argument("--lists", type=Path, help="write the similar-records lists here")
    args = parser.parse_args()
    start = _clock()
    catalog = read_project(args.project, fork=args.fork)
    read = _clock()
    lists = similar_lists(args.project, catalog, fork=args.fork)
    done = _clock()
    print(
        f"{'fork' if args.fork else 'one process'}, {len(lists)} records, "
        f"load average {os.getloadavg()[0]:.1f}: "
        f"read {_span(start, read)}; similar {_span(read, done)}; total {_span(start, done)}; "
        f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )
    if args.lists:
        args.lists.write_text(json.dumps(lists, sort_keys=True), encoding="utf-8")


def _clock() -> tuple[float, float, float]:
    """Wall time, CPU time of this process, CPU time of its finished forked processes."""
    here = resource.getrusage(resource.RUSAGE_SELF)
    forked = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        time.perf_counter(),
        here.ru_utime + here.ru_stime,
        forked.ru_utime + forked.ru_stime,
    )


def _span(a: tuple, b: tuple) -> str:
    return f"{b[0] - a[0]:.2f} s wall (CPU {b[1] - a[1]:.2f} s here + {b[2] - a[2]:.2f} s forked)"


if __name__ == "__main__":
    main()
