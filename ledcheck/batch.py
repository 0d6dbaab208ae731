"""Batch scoring and checking of files: one outcome per file, never stopping at a bad one.

``score_file`` turns one path into an :class:`Outcome` (a result, or the reason there is none);
``run`` maps it over many paths, in worker processes when asked, keeping input order. Workers
receive the fixed checklist once (pool initializer), not with every task.
"""
from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ERROR, NOTE, ChecklistError, InputError, LedcheckError, LoadError, Problem
from .library import Resolver
from .model import Checklist

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import ProcessPoolExecutor

    from .collect.common import CellProblem
    from .scoring import Result
    from .submission import Submission

PARALLEL_THRESHOLD = 400
"""Batches at least this large use all cores when --jobs is not given."""


@dataclass(slots=True)
class Outcome:
    """What scoring one file gave: a result dict, or the failure that prevented one."""

    source: str
    result: dict[str, Any] | None = None
    failure: Problem | None = None
    failure_type: type[LedcheckError] | None = None  # what kind of failure (the CLI maps it to a status)
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    score: float | None = None
    lines: list[str] = field(default_factory=list)  # FILE:LINE:COL: severity: message
    payload: bytes | None = None                     # pre-encoded output (jsonl) when asked
    checklist_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.errors == 0


@dataclass
class Options:
    lang: str | None = None
    max_bytes: int | None = None
    encode: str | None = None   # "jsonl": workers encode the line themselves
    keep_result: bool = True
    profile: str | None = None  # --profile: score under this profile (FORMAT.md §6.6)
    relative_sources: bool = False  # results' "source" relative to the working folder (no local paths)


def scorer_takes_profile() -> bool:
    """Whether :func:`ledcheck.scoring.score` accepts ``profile=`` (the 1.1 scorer)."""
    import inspect

    from .scoring import score
    try:
        return "profile" in inspect.signature(score).parameters
    except (TypeError, ValueError):  # pragma: no cover - a C function or a mock
        return False


def score_submission(checklist: Checklist, sub: Submission | Mapping[str, Any], *, lang: str | None = None,
                     profile: str | None = None) -> Result:
    """Score a loaded submission, under ``profile`` when given (an id of the checklist's, or
    ``all``: :func:`ledcheck.profiles.select` raises :class:`UnknownProfileError` otherwise). The
    profile reaches the scorer when it takes one (:func:`scorer_takes_profile`)."""
    from .scoring import score
    kwargs: dict[str, Any] = {}
    if profile is not None:
        from .profiles import select
        select(checklist, profile)
        if scorer_takes_profile():
            kwargs["profile"] = profile
    return score(checklist, sub, lang=lang, **kwargs)


def score_workbook_file(path: str, resolver: Resolver, *, lang: str | None = None,
                        profile: str | None = None) -> tuple[Result, list[Any]]:
    """``(result, problems)`` of a filled ``template -f xlsx`` workbook, problems located by
    cell (:func:`ledcheck.collect.workbook.score_workbook`); raises LedcheckError when it is no
    such workbook. ``profile`` is checked against the checklist and passed on when the workbook
    scorer takes it. The problems are :class:`ledcheck.collect.common.CellProblem` values (typed
    loosely while validate's FileReport holds them among its Problems)."""
    import inspect

    from .collect.workbook import score_workbook
    kwargs: dict[str, Any] = {}
    if profile is not None and "profile" in inspect.signature(score_workbook).parameters:
        kwargs["profile"] = profile
    result, problems = score_workbook(path, resolver, lang=lang, **kwargs)
    if profile is not None:
        from .profiles import select
        select(resolver(result.checklist_id, result.data.get("checklist", {}).get("version")), profile)
    return result, problems


def source_name(path: str) -> str:
    """How a result names its file: relative to the working folder, or the bare file name when
    it lies outside it (a report carries no local paths of whoever ran it)."""
    if not os.path.isabs(path):  # the common case (paths as typed): already relative
        norm = os.path.normpath(path)
        if norm != os.pardir and not norm.startswith(os.pardir + os.sep):
            return path if norm == path else norm
    try:
        rel = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive (Windows)
        return os.path.basename(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return os.path.basename(path)
    return rel


def _failed(path: str, exc: LedcheckError) -> Outcome:
    """The outcome of a file that gave no result. The error may be cached and shared (the
    resolver's): it is copied, never changed, to name this file."""
    if not exc.file:
        copy = type(exc).__new__(type(exc), *exc.args)
        copy.__dict__.update(exc.__dict__)
        copy.args = exc.args
        copy.file = path
        exc = copy
    p = exc.as_problem()
    return Outcome(path, failure=p, failure_type=type(exc), errors=1, lines=[p.format(path)])


def _finish(out: Outcome, path: str, d: dict[str, Any], problems: Iterable[Problem | CellProblem],
            opts: Options) -> Outcome:
    for p in problems:
        if p.severity == ERROR:
            out.errors += 1
        elif p.severity == NOTE:
            out.notes += 1
        else:
            out.warnings += 1
        out.lines.append(p.format(path))
    if opts.relative_sources:
        d["source"] = source_name(path)
    if opts.encode == "jsonl":
        from .render.jsonfmt import dumps_line
        out.payload = dumps_line(d)
    if opts.keep_result:
        out.result = d
    return out


def score_file(path: str, resolver: Resolver, opts: Options) -> Outcome:
    """Load, check and score one submission file (YAML, or a ``template -f xlsx`` workbook);
    every failure becomes part of the outcome."""
    from . import yamlio
    from .kinds import CHECKLIST, WORKBOOK_SUFFIXES, kind_of
    from .submission import from_document
    if path.lower().endswith(WORKBOOK_SUFFIXES):
        from .collect.workbook import result_dict
        try:
            wb_result, cell_problems = score_workbook_file(path, resolver, lang=opts.lang, profile=opts.profile)
        except LedcheckError as exc:
            return _failed(path, exc)
        d = result_dict(wb_result, cell_problems)
        return _finish(Outcome(path, score=wb_result.score, checklist_id=wb_result.checklist_id),
                       path, d, cell_problems, opts)
    try:
        doc = yamlio.load(path, opts.max_bytes)
        sub = from_document(doc)
        # a checklist by its 'sections' (a mapping with no telling key is scored as a broken
        # submission, whose problems say what is missing)
        if "sections" in sub.data and kind_of(sub.data) == CHECKLIST:
            raise LoadError("this is a checklist, not a submission (a submission has 'answers:')", path, 1, 1)
        checklist = checklist_for(sub, resolver)
        result = score_submission(checklist, sub, lang=opts.lang, profile=opts.profile)
    except LedcheckError as exc:
        return _failed(path, exc)
    out = Outcome(path, score=result.score, checklist_id=checklist.id)
    return _finish(out, path, result.to_dict(), result.problems, opts)


def checklist_for(sub: Submission, resolver: Resolver) -> Checklist:
    """The checklist a submission is scored against. One that cannot be found or is invalid is
    an error at the submission's ``checklist:`` line (rule ``checklist-ref``), for ``score`` and
    ``validate`` alike. (Errors from the resolver are cached and shared: new ones are built,
    never mutated.)"""
    version = sub.data.get("checklist_version") if isinstance(sub.data, dict) else None
    try:
        return resolver(sub.checklist_id, None if version is None else str(version))
    except LedcheckError as exc:
        if isinstance(exc, ChecklistError):
            message = f"its checklist {exc.file} is invalid: {exc.message}"
        elif exc.rule == "checklist-ref":
            message = exc.message
        else:
            raise
        err = LoadError(message, sub.source, *sub.locate(("checklist",)))
        err.rule = "checklist-ref"
        raise err from None


# --------------------------------------------------------------------------- many files

_WORKER: dict[str, Any] = {}


def _init_worker(fixed: Checklist | None, opts: Options) -> None:
    """A worker's start: its resolver, and its signals. Ctrl-C reaches the whole process group:
    only the main process handles it (no traceback per worker); SIGTERM kills a worker outright
    (not the main process's handler, inherited by fork); and a worker dies with its parent
    (Linux), never left running alone."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the main process blocked them (run)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    _die_with_parent()
    _WORKER["resolver"] = Resolver(fixed, opts.max_bytes)
    _WORKER["opts"] = opts


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    import sys
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc to ask
        pass


def _work(chunk: list[str]) -> list[Outcome]:
    resolver, opts = _WORKER["resolver"], _WORKER["opts"]
    out = [score_file(p, resolver, opts) for p in chunk]
    maybe_collect(len(chunk))
    return out


COLLECT_EVERY = 2000
_count = [0]


def maybe_collect(n: int = 1) -> None:
    """Collect cyclic garbage now and then when the collector is off (the CLI turns it off):
    call it once per file (``n`` files at a time) in any loop over a batch."""
    import gc
    _count[0] += n
    if _count[0] >= COLLECT_EVERY:
        _count[0] = 0
        if not gc.isenabled():
            gc.collect(1)


def run(paths: Iterable[str], fixed: Checklist | None, opts: Options, jobs: int = 1,
        total: int | None = None) -> Generator[Outcome, None, None]:
    """Score each path, in order. ``jobs > 1`` uses that many worker processes (never more
    than ``total`` files, when known). However the run ends early -- Ctrl-C, SIGTERM, a reader
    that stops -- the workers are stopped with it."""
    if total is not None:
        jobs = max(1, min(jobs, total))
    if jobs <= 1:
        resolver = Resolver(fixed, opts.max_bytes)
        for p in paths:
            yield score_file(p, resolver, opts)
            maybe_collect()
        return
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    ctx = mp.get_context("fork") if hasattr(os, "fork") else None
    chunk = 64 if total is None else max(1, min(64, -(-total // jobs)))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(fixed, opts))
    # The pool's threads start with the first task: they must not take Ctrl-C or SIGTERM, or the
    # main thread, waiting for a result, would never hear of it.
    mask = _block_signals()
    try:
        pending: deque[Any] = deque()
        for part in _chunks(paths, chunk):
            pending.append(pool.submit(_work, part))
            if mask is not None:
                _restore_signals(mask)
                mask = None
            if len(pending) >= jobs * 3:  # bounded: memory does not grow with the batch
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so, no traceback
        _stop(pool)
        raise InputError("a worker process died while scoring (out of memory, or killed); "
                         "rerun with --jobs 1 to find the file") from None
    except BaseException:  # KeyboardInterrupt, SIGTERM (cli.streams.Terminated), GeneratorExit
        if mask is not None:
            _restore_signals(mask)
            mask = None
        _stop(pool)
        raise
    finally:
        if mask is not None:
            _restore_signals(mask)
    pool.shutdown(wait=True)


_STOP_SIGNALS = ("SIGINT", "SIGTERM")


def _block_signals() -> Iterable[int] | None:
    """Block Ctrl-C and SIGTERM in this thread (threads started now inherit it); the old mask."""
    import signal
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, n) for n in _STOP_SIGNALS})


def _restore_signals(mask: Iterable[int] | None) -> None:
    import signal
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool now: pending work cancelled, workers terminated and reaped."""
    import multiprocessing as mp
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public way to kill them
    # and a worker being started right now, not yet in the pool's table
    procs += [p for p in mp.active_children() if p not in procs]
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.terminate()
        except (OSError, AttributeError):  # pragma: no cover - already gone
            pass
    for p in procs:
        try:
            p.join(5)
        except (OSError, AssertionError):  # pragma: no cover
            pass
    # A worker killed in the middle of sending a result leaves half a message in the result
    # pipe, and the pool's manager thread waits for the rest forever (the interpreter joins it at
    # exit): with every worker gone, closing this process's own write end gives it end-of-file.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:  # pragma: no cover
            pass
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(2)
        if manager.is_alive():  # still reading a broken pipe: the process must not wait for it
            STUCK_THREADS[0] = True


STUCK_THREADS = [False]
"""Set when a stopped pool's manager thread could not be ended: the CLI then exits without
joining threads (``os._exit`` after flushing), as the interpreter would wait for it forever."""


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    buf: list[str] = []
    for it in items:
        buf.append(it)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def default_jobs(n_files: int) -> int:
    """All cores for large batches, one process otherwise."""
    if n_files < PARALLEL_THRESHOLD:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
