"""Work split over forked processes: the same results, in the same order, as in one process.

`minka build` and `minka validate` read and check the records, and count their words for the
similar-records lists, on every CPU (generator/parallel.py). What an editor sees must not
depend on that: the same catalog, the same errors in the same order, the same lists.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, write_project

from generator import parallel
from generator.errors import BuildFailed
from generator.loader import load_records
from generator.pipeline import read_project
from generator.similar import similar_records
from generator.validate import validate_records

HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture
def forking(monkeypatch):
    """Split even a small list over two processes, on a machine with one CPU too."""
    monkeypatch.setattr(parallel, "MINIMUM", 2)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)


def twin_projects(tmp_path: Path, bad: bool) -> tuple[Path, Path]:
    """Two copies of this project (with the hostile corpus when `bad`), file times kept:
    read once each, so that neither read finds the other's records in a cache."""
    first = write_project(tmp_path / "first", with_demo=False)
    for folder in ("cases", "methodologies"):
        shutil.copytree(ROOT / folder, first / folder, dirs_exist_ok=True)
        if bad:
            for path in sorted((HOSTILE / folder).glob("*.yaml")):
                shutil.copy2(path, first / folder / path.name)
    second = tmp_path / "second"
    shutil.copytree(first, second)
    return first, second


def test_split_map_keeps_the_order_and_uses_another_process(forking):
    items = list(range(7))
    results = parallel.split_map(lambda chunk: [(i, os.getpid()) for i in chunk], items, True)
    assert [i for i, _ in results] == items
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()  # the first chunk stays here
    assert len(set(pids)) == 2


def test_split_map_stays_in_this_process_unless_told_it_may_fork(forking):
    results = parallel.split_map(lambda chunk: [os.getpid() for _ in chunk], list(range(7)))
    assert set(results) == {os.getpid()}


def test_an_error_in_a_forked_process_is_raised_here(forking):
    here = os.getpid()

    def work(chunk):
        if os.getpid() != here:
            raise ValueError("from the other process")
        return chunk

    with pytest.raises(ValueError, match="from the other process"):
        parallel.split_map(work, list(range(4)), True)


def test_bad_records_give_the_same_errors_in_the_same_order(tmp_path, forking):
    alone, split = twin_projects(tmp_path, bad=True)

    raws, load_errors = load_records(alone)
    split_raws, split_load_errors = load_records(split, fork=True)
    assert load_errors  # the corpus has files that cannot be read at all
    assert split_load_errors == load_errors
    assert split_raws == raws

    valid, vocab, errors = validate_records(raws)
    split_valid, split_vocab, split_errors = validate_records(split_raws, fork=True)
    assert errors
    assert split_errors == errors
    assert split_vocab == vocab
    assert [(v.model, v.sound, v.replaced, v.warnings) for v in split_valid] == [
        (v.model, v.sound, v.replaced, v.warnings) for v in valid
    ]
    records = [raw for raw in split_raws if raw.kind != "vocabulary"]
    assert all(v.raw is raw for v, raw in zip(split_valid, records, strict=True))

    with pytest.raises(BuildFailed) as serial:
        read_project(alone)
    with pytest.raises(BuildFailed) as forked:
        read_project(split, fork=True)
    assert forked.value.errors == serial.value.errors
    assert str(forked.value) == str(serial.value)


def test_good_records_give_the_same_catalog_and_similar_records(tmp_path, forking):
    alone, split = twin_projects(tmp_path, bad=False)
    catalog = read_project(alone)
    split_catalog = read_project(split, fork=True)
    assert split_catalog == catalog
    assert similar_records(split_catalog, fork=True) == similar_records(catalog)


def test_records_read_in_forked_processes_are_kept_for_the_next_read(tmp_path, forking):
    # `minka serve` reads again only the files an editor saved: the others come back as the
    # very same records, which validation and the pages cache on.
    _, split = twin_projects(tmp_path, bad=False)
    first, _ = load_records(split, fork=True)
    again, _ = load_records(split)
    assert len(again) == len(first)
    assert all(a is b for a, b in zip(again, first, strict=True))


def test_without_fork_nothing_is_forked_however_many_records(tmp_path, forking, monkeypatch):
    # `minka serve` and the MkDocs plugin read without `fork`: their threads make forking unsafe.
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    alone, _ = twin_projects(tmp_path, bad=False)
    catalog = read_project(alone)
    assert similar_records(catalog)
