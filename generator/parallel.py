"""Bulk work on every CPU: a list split over forked processes, the results back in order.

Reading the records and counting their words are loops over independent items, done in one
process before the language builds fork (generator/build.py): the other CPUs idled.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

# Below this many items the forked process and the results' way back cost about what the
# split saves (bench/README.md, "Reading on every CPU": at 100 records the reading process
# spent 0.5 s of CPU instead of 0.65, the forked one 0.33 s more; on a busy machine, where no
# core is idle, forking lost wall time even at 500).
MINIMUM = 200


def split_map(work: Callable[[list], list], items: list, fork: bool = False) -> list:
    """Return work(items), one result per item: with `fork`, more than one CPU and at least
    MINIMUM items, worked in one chunk per CPU, all but the first in forked processes.

    Only the results cross between processes: `work` and the items reach the forked
    processes as the parent's memory, so `work` may be any function, closures included. A
    caller passes `fork` only where forking is safe: never in `minka serve`, whose server
    threads may hold locks that a forked process would inherit held.
    """
    with collector_paused():
        count = cpus()
        if not fork or count < 2 or len(items) < MINIMUM:
            return work(items)
        size = -(-len(items) // count)
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        _job[:] = [work, chunks]
        try:
            context = get_context("fork")
            with ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=context) as pool:
                rest = [pool.submit(_work_chunk, i) for i in range(1, len(chunks))]
                results = work(chunks[0])  # this process takes a chunk too
                for done in rest:
                    results += done.result()  # re-raises a chunk's error here
        finally:
            _job.clear()
        return results


def cpus() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# The work and its chunks while split_map runs: what a forked process inherits.
_job: list = []


def _work_chunk(index: int) -> list:
    work, chunks = _job
    return work(chunks[index])


@contextmanager
def collector_paused():
    # The work makes some hundred thousand objects that either last (records, models) or die
    # young without cycles (YAML nodes, tokens): the cyclic collector walked the growing heap
    # again and again, a quarter of the reading time, and of unpickling the results.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
