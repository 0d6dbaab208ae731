"""``--jobs``: a batch scored by worker processes gives the same outcomes, in the same order, as
one process, and really runs in workers.

A spy replaces ``ledcheck.batch._work`` (the task each worker runs on a chunk of paths): workers
are forked, so they run the spy, which leaves one file per task naming its process. Batches
are small (chunks are 64 paths: 150 files make 3 tasks); the threshold above which all cores
are used by default is lowered for the test instead of writing 400 files.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ledcheck import batch

from helpers import SHARES, invoke, make_checklist, shares_submission, write

N_FILES = 150
BAD = "s075.yaml"          # one unreadable file in the middle: it never stops the batch
_REAL_WORK = batch._work


def spy_work(chunk: list[str]):
    """The real task, and a note of which process ran it on how many paths."""
    out = _REAL_WORK(chunk)
    folder = Path(os.environ["LEDCHECK_TEST_SPY"])
    (folder / f"{os.getpid()}-{chunk[0].rsplit('/', 1)[-1]}").write_text(str(len(chunk)))
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("jobs")
    cl = write(root / "shares.yaml", SHARES)
    folder = root / "subs"
    for i in range(N_FILES):
        name = f"s{i:03d}.yaml"
        text = "ledcheck: 1\nanswers: [\n" if name == BAD else \
            shares_submission(f"S{i:03d}", f"{{A1: {'yes' if i % 2 else 'no'}, B1: {i}, C1: {i % 3}}}")
        write(folder / name, text)
    return cl, folder


@pytest.fixture
def spy(tmp_path, monkeypatch):
    """The folder where worker tasks leave their notes; returns a reader of (pid, n_paths)."""
    folder = tmp_path / "spy"
    folder.mkdir()
    monkeypatch.setenv("LEDCHECK_TEST_SPY", str(folder))
    monkeypatch.setattr(batch, "_work", spy_work)

    def tasks() -> list[tuple[int, int]]:
        return [(int(p.name.split("-")[0]), int(p.read_text())) for p in folder.iterdir()]
    return tasks


def _summary(outcomes) -> list[tuple]:
    return [(Path(o.source).name, o.score, o.errors, o.warnings, o.lines, o.failure) for o in outcomes]


def test_run_with_two_jobs_uses_worker_tasks_and_keeps_order(inputs, spy):
    cl, folder = inputs
    paths = sorted(str(p) for p in folder.glob("*.yaml"))
    checklist = make_checklist(SHARES)
    alone = _summary(batch.run(paths, checklist, batch.Options(), jobs=1))
    assert spy() == []  # one process: no worker task
    pooled = _summary(batch.run(paths, checklist, batch.Options(), jobs=2))
    assert pooled == alone
    tasks = spy()
    assert len(tasks) >= 3, tasks                       # 150 paths in chunks of 64
    assert sum(n for _, n in tasks) == N_FILES
    assert all(pid != os.getpid() for pid, _ in tasks)  # run in workers, not here
    # the unreadable file is an outcome like the others, in its place
    bad = [row for row in pooled if row[0] == BAD]
    assert len(bad) == 1 and bad[0][1] is None and bad[0][2] == 1
    assert [row[0] for row in pooled] == [Path(p).name for p in paths]
    scores = {row[0]: row[1] for row in pooled}
    # s003: A1 yes, A2 missing -> a = 2/3; B1 3/200, C1 0 -> b = mean(1.5, 0); hand-computed
    assert scores["s003.yaml"] == pytest.approx((200 / 3 + 0.75 * 3) / 4)


def test_score_jobs_2_prints_what_jobs_1_prints(inputs, spy):
    cl, folder = inputs
    one = invoke("score", folder, "-c", cl, "--jobs", "1", "-f", "jsonl")
    assert spy() == []
    two = invoke("score", folder, "-c", cl, "--jobs", "2", "-f", "jsonl")
    assert two.code == one.code == 1, two    # the unreadable file is a finding
    assert two.out == one.out
    assert len(two.out.splitlines()) == N_FILES - 1
    tasks = spy()
    assert len(tasks) >= 2 and all(pid != os.getpid() for pid, _ in tasks), tasks
    assert BAD in two.err


def _patch_threshold(monkeypatch, value: int) -> None:
    """Lower PARALLEL_THRESHOLD wherever the CLI reads it (batch, and any module that copied it)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("ledcheck") and hasattr(module, "PARALLEL_THRESHOLD"):
            monkeypatch.setattr(module, "PARALLEL_THRESHOLD", value)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def test_default_jobs_uses_every_core_from_the_threshold_on():
    assert batch.default_jobs(batch.PARALLEL_THRESHOLD - 1) == 1
    assert batch.default_jobs(batch.PARALLEL_THRESHOLD) == _cores()


def test_score_without_jobs_goes_parallel_for_a_batch_above_the_threshold(inputs, spy, monkeypatch):
    cl, folder = inputs
    _patch_threshold(monkeypatch, 100)
    run = invoke("score", folder, "-c", cl, "-f", "jsonl")
    assert run.code == 1 and len(run.out.splitlines()) == N_FILES - 1, run
    tasks = spy()
    if _cores() >= 2:
        assert len(tasks) >= 2 and sum(n for _, n in tasks) == N_FILES, tasks
    else:
        assert tasks == []
    _patch_threshold(monkeypatch, N_FILES + 1)
    assert invoke("score", folder, "-c", cl, "-f", "jsonl").out == run.out
    assert len(spy()) == len(tasks)  # below the threshold: no new worker task


# --------------------------------------------------------------------------- no more workers than files

class _CountingPool:
    """Stands in for ProcessPoolExecutor: notes how many workers were asked for, runs in-process."""

    asked: list[int] = []

    def __init__(self, max_workers, mp_context=None, initializer=None, initargs=()):
        type(self).asked.append(max_workers)
        self._processes = {}
        self._init = (initializer, initargs)

    def submit(self, fn, *args):
        from concurrent.futures import Future
        f: Future = Future()
        saved = dict(batch._WORKER)
        try:
            batch._WORKER["resolver"] = batch.Resolver(self._init[1][0], self._init[1][1].max_bytes)
            batch._WORKER["opts"] = self._init[1][1]
            f.set_result(fn(*args))
        finally:
            batch._WORKER.clear()
            batch._WORKER.update(saved)
        return f

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.fixture
def counting_pool(monkeypatch):
    import concurrent.futures
    _CountingPool.asked = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _CountingPool)
    return _CountingPool.asked


def test_jobs_above_the_number_of_files_start_no_more_workers_than_files(inputs, counting_pool):
    cl, folder = inputs
    three = sorted(str(p) for p in folder.glob("*.yaml"))[:3]
    run = invoke("score", *three, "-c", cl, "--jobs", "16", "-f", "json")
    assert run.code == 0, run
    assert counting_pool == [3]
    run = invoke("score", three[0], "-c", cl, "--jobs", "16", "-f", "json")
    assert run.code == 0, run
    assert counting_pool == [3]  # one file: no pool at all


def test_run_caps_jobs_at_the_known_total(inputs, counting_pool):
    cl, folder = inputs
    paths = sorted(str(p) for p in folder.glob("*.yaml"))[:5]
    checklist = make_checklist(SHARES)
    out = list(batch.run(paths, checklist, batch.Options(), jobs=8, total=5))
    assert [o.source for o in out] == paths
    assert counting_pool == [5]


def _die(chunk):
    os._exit(9)  # a worker killed mid-task (as by the out-of-memory killer)


def test_a_worker_that_dies_is_a_clean_error(inputs, monkeypatch):
    from ledcheck.errors import InputError
    cl, folder = inputs
    paths = sorted(str(p) for p in folder.glob("*.yaml"))[:10]
    monkeypatch.setattr(batch, "_work", _die)
    with pytest.raises(InputError, match="worker process died"):
        list(batch.run(paths, make_checklist(SHARES), batch.Options(), jobs=2, total=10))
