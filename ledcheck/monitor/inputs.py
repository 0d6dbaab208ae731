"""Inputs of the monitoring commands: submission files and folders (scored here, through the
same loader and checklist resolution as ``score``), or result JSON / JSONL files that ``score -f
json|jsonl`` wrote. One bad input never stops the others: it becomes a problem.

:func:`collect` returns the results, the checklists used (for the facts results may not carry),
and every problem; nothing is printed and no exit status is decided here.
"""
from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ERROR, InputError, LedcheckError, LoadError, Problem

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
# 1.1 header fields a result carries; copied from the submission while the scorer does not yet
HEADER_11 = ("subject_id", "reference_period", "meta", "profile")


@dataclass
class Collected:
    results: list[dict[str, Any]] = field(default_factory=list)
    checklists: list[Any] = field(default_factory=list)       # ledcheck.model.Checklist values
    problems: list[Problem] = field(default_factory=list)     # from the inputs (scoring included)
    input_errors: list[InputError] = field(default_factory=list)   # paths that cannot be opened
    skipped: list[str] = field(default_factory=list)         # road maps and checklists in folders
    # how to score a result's submission again under another profile, by id() of the result
    again: dict[int, Callable[[str | None], dict[str, Any]]] = field(default_factory=dict, repr=False)

    def rescore(self, result: Any, profile: str | None) -> dict[str, Any] | None:
        """``result`` scored again under ``profile`` (None: the whole checklist), or None when
        it was read from a result file (its answers are not there). For
        :func:`ledcheck.monitor.rounds.settle_profile`."""
        fn = self.again.get(id(result))
        return fn(profile) if fn is not None else None

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


def _score_kwargs(profile: str | None) -> dict[str, Any]:
    """``profile=`` for the scorer when it takes one (the 1.1 scorer), else nothing."""
    from ..scoring import score
    return {"profile": profile} if profile is not None and "profile" in inspect.signature(score).parameters else {}


def collect(paths: Iterable[str], *, checklist: Any = None, lang: str | None = None,
            profile: str | None = None, max_bytes: int | None = None) -> Collected:
    """Score or read every input named by ``paths`` (files, folders, globs).

    ``checklist`` (a :class:`~ledcheck.model.Checklist`) scores every submission against it
    instead of the one each names. Files in folders that are road maps or checklists are
    skipped (listed in ``skipped``); named on the command line they are an error.
    """
    from ..files import expand
    from ..library import Resolver
    out = Collected()
    resolver = Resolver(checklist, max_bytes)
    kwargs = _score_kwargs(profile)
    if profile is not None and profile != "all" and not kwargs:
        out.problems.append(Problem("warning", f"this scorer cannot score under a profile yet: profile "
                                               f"'{profile}' is not applied, the whole checklist is used",
                                    rule="profile"))
    named = {os.path.normpath(p) for p in paths}
    seen: dict[int, Any] = {}
    for path, problem in expand(list(paths)):
        if isinstance(problem, InputError):   # a path that does not exist: usage (exit 2)
            out.input_errors.append(problem)
        elif problem is not None:   # an unreadable file found in a folder: a finding (exit 1)
            out.problems.append(problem.as_problem())
        elif path.lower().endswith(JSON_SUFFIXES):
            _read_json(path, out, max_bytes)
        elif path.lower().endswith(".xlsx"):
            _read_workbook(path, out, resolver, checklist, lang)
        else:
            _read_yaml(path, out, resolver, named=os.path.normpath(path) in named, lang=lang, kwargs=kwargs,
                       seen=seen, max_bytes=max_bytes)
    out.checklists = list(seen.values())
    _add_named_checklists(out)
    return out


def _read_yaml(path: str, out: Collected, resolver: Any, *, named: bool, lang: str | None, kwargs: dict[str, Any],
               seen: dict[int, Any], max_bytes: int | None) -> None:
    """Score one submission file (the loader and checklist resolution of ``score``)."""
    from .. import yamlio
    from ..batch import checklist_for
    from ..kinds import SUBMISSION, kind_of
    from ..scoring import score
    from ..submission import from_document
    try:
        doc = yamlio.load(path, max_bytes)
        kind = kind_of(doc.data)
        if kind != SUBMISSION:
            if not named:
                out.skipped.append(path)
                return
            hint = " (give road maps with --roadmap)" if kind == "roadmap" else ""
            raise LoadError(f"this is a {kind}, not a submission{hint}", path, 1, 1)
        sub = from_document(doc)
        cl = checklist_for(sub, resolver)
    except LedcheckError as exc:
        _failed(out, exc, path)
        return
    seen.setdefault(id(cl), cl)

    def scored(**kw: Any) -> tuple[dict[str, Any], list[Problem]]:
        result = score(cl, sub, lang=lang, **kw)
        d = dict(result.to_dict())
        for key in HEADER_11:
            if key not in d and sub.data.get(key) is not None:
                d[key] = sub.data[key]
        return d, list(result.problems)

    d, problems = scored(**kwargs)
    out.problems.extend(problems)
    out.results.append(d)
    # the problems of scoring again are those already reported (notes on answers outside a
    # narrower profile aside): not repeated
    out.again[id(d)] = lambda p: scored(profile=p or "all")[0]


def _add_named_checklists(out: Collected) -> None:
    """Results read from files name their checklist: load it in that version (the library keeps
    earlier ones in ``checklists/archive/``, FORMAT.md §6.11), for the facts results may lack."""
    from ..library import load_id
    have = {(c.id, c.version) for c in out.checklists}
    for r in out.results:
        info = r.get("checklist") or {}
        key = (info.get("id"), info.get("version"))
        if key in have or not info.get("id"):
            continue
        have.add(key)
        try:
            c = load_id(str(info["id"]), None if info.get("version") is None else str(info["version"]))
        except LedcheckError:
            continue
        if c.version == info.get("version") and c not in out.checklists:
            out.checklists.append(c)


def _failed(out: Collected, exc: LedcheckError, path: str) -> None:
    """Record an input that gave no result: a usage error (exit 2) or a finding, named by ``path``."""
    if isinstance(exc, InputError):
        out.input_errors.append(exc if exc.file else InputError(exc.message, path))
        return
    p = exc.as_problem()
    out.problems.append(p if p.file else Problem(p.severity, p.message, p.line, p.col, p.path, p.rule, path))


def _read_workbook(path: str, out: Collected, resolver: Any, checklist: Any, lang: str | None) -> None:
    """A workbook made by ``template -f xlsx`` and filled in (any other workbook is an error)."""
    from ..kinds import WORKBOOK, workbook_kind
    if workbook_kind(path) != WORKBOOK:
        out.problems.append(Problem(ERROR, "not a ledcheck workbook (made by 'ledcheck template -f xlsx')",
                                    1, 1, "", "load", path))
        return
    from ..collect.workbook import result_dict, score_workbook
    try:
        result, problems = score_workbook(path, resolver, checklist=checklist, lang=lang)
    except LedcheckError as exc:
        _failed(out, exc, path)
        return
    out.problems.extend(problems)
    d = dict(result_dict(result, problems))
    out.results.append(d)

    def again(p: str | None) -> dict[str, Any]:
        res, probs = score_workbook(path, resolver, checklist=checklist, lang=lang, profile=p or "all")
        return dict(result_dict(res, probs))
    out.again[id(d)] = again


def _read_json(path: str, out: Collected, max_bytes: int | None) -> None:
    """Results from a JSON array / object (``score -f json``) or JSON lines (``-f jsonl``)."""
    from ..yamlio import decode, read_bytes
    try:
        text = decode(read_bytes(path, max_bytes), path)
    except InputError as exc:
        out.input_errors.append(exc)
        return
    except LedcheckError as exc:
        out.problems.append(exc.as_problem())
        return
    items: list[tuple[int, Any]] = []
    try:
        data = json.loads(text)
        items = [(1, x) for x in data] if isinstance(data, list) else [(1, data)]
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.splitlines()]
        if len(lines) > 1:
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    items.append((n, json.loads(line)))
                except json.JSONDecodeError as e2:
                    out.problems.append(Problem(ERROR, f"not JSON: {e2.msg}", n, e2.colno, "", "load", path))
        else:
            out.problems.append(Problem(ERROR, f"not JSON: {exc.msg}", exc.lineno, exc.colno, "", "load", path))
            return
    for n, item in items:
        if not (isinstance(item, dict) and isinstance(item.get("checklist"), dict) and "sections" in item
                and "score" in item):
            out.problems.append(Problem(ERROR, "not a ledcheck result (expected the JSON that "
                                               "'ledcheck score -f json' writes)", n, 1, "", "load", path))
            continue
        item.setdefault("source", path)
        for p in item.get("problems") or ():
            if isinstance(p, dict) and p.get("severity") == ERROR:
                out.problems.append(Problem(ERROR, str(p.get("message")), p.get("line") or 0, p.get("col") or 0,
                                            str(p.get("path") or ""), str(p.get("rule") or "format"),
                                            str(item.get("source"))))
        out.results.append(item)
