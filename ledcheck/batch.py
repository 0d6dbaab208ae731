"""Batch scoring and checking of files: one outcome per file, never stopping at a bad one.

``score_file`` turns one path into an :class:`Outcome` (a result, or the reason there is none);
``run`` maps it over many paths, in worker processes when asked, keeping input order. Workers
receive the fixed checklist once (pool initializer), not with every task.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .errors import ERROR, ChecklistError, LedcheckError, LoadError, Problem
from .library import Resolver
from .model import Checklist

PARALLEL_THRESHOLD = 400
"""Batches at least this large use all cores when --jobs is not given."""


@dataclass(slots=True)
class Outcome:
    """What scoring one file gave: a result dict, or the failure that prevented one."""

    source: str
    result: dict | None = None
    failure: Problem | None = None
    failure_type: type[LedcheckError] | None = None  # what kind of failure (the CLI maps it to a status)
    errors: int = 0
    warnings: int = 0
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


def score_file(path: str, resolver: Resolver, opts: Options) -> Outcome:
    """Load, check and score one submission file; every failure becomes part of the outcome."""
    from . import yamlio
    from .scoring import score
    from .kinds import CHECKLIST, kind_of
    from .submission import from_document
    try:
        doc = yamlio.load(path, opts.max_bytes)
        sub = from_document(doc)
        # a checklist by its 'sections' (a mapping with no telling key is scored as a broken
        # submission, whose problems say what is missing)
        if "sections" in sub.data and kind_of(sub.data) == CHECKLIST:
            raise LoadError("this is a checklist, not a submission (a submission has 'answers:')", path, 1, 1)
        checklist = checklist_for(sub, resolver)
    except LedcheckError as exc:
        if not exc.file:
            exc = type(exc)(exc.message, path, exc.line, exc.col)
        p = exc.as_problem()
        return Outcome(path, failure=p, failure_type=type(exc), errors=1, lines=[p.format(path)])
    result = score(checklist, sub, lang=opts.lang)
    out = Outcome(path, score=result.score, checklist_id=checklist.id)
    for p in result.problems:
        if p.severity == ERROR:
            out.errors += 1
        else:
            out.warnings += 1
        out.lines.append(p.format(path))
    d = result.to_dict()
    if opts.encode == "jsonl":
        from .render.jsonfmt import dumps_line
        out.payload = dumps_line(d)
    if opts.keep_result:
        out.result = d
    return out


def checklist_for(sub, resolver: Resolver) -> Checklist:
    """The checklist a submission is scored against. One that cannot be found or is invalid is
    an error at the submission's ``checklist:`` line (rule ``checklist-ref``), for ``score`` and
    ``validate`` alike. (Errors from the resolver are cached and shared: new ones are built,
    never mutated.)"""
    try:
        return resolver(sub.checklist_id)
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

_WORKER: dict = {}


def _init_worker(fixed: Checklist | None, opts: Options) -> None:
    _WORKER["resolver"] = Resolver(fixed, opts.max_bytes)
    _WORKER["opts"] = opts


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
        total: int | None = None) -> Iterator[Outcome]:
    """Score each path, in order. ``jobs > 1`` uses that many worker processes."""
    if jobs <= 1:
        resolver = Resolver(fixed, opts.max_bytes)
        for p in paths:
            yield score_file(p, resolver, opts)
            maybe_collect()
        return
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing as mp
    ctx = mp.get_context("fork") if hasattr(os, "fork") else None
    chunk = 64
    from collections import deque
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(fixed, opts)) as pool:
        pending: deque = deque()
        for part in _chunks(paths, chunk):
            pending.append(pool.submit(_work, part))
            if len(pending) >= jobs * 3:  # bounded: memory does not grow with the batch
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


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
