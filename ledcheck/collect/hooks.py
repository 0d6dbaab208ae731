"""``score`` and ``validate`` on ``template -f xlsx`` workbooks (FORMAT.md §6.10, §6.11), in the
shapes their file loops already use, so each loop needs one branch:

    # ledcheck/batch.py, score_file():          # ledcheck/validate.py, check_path():
    if path.lower().endswith(".xlsx"):          if path.lower().endswith(".xlsx"):
        from .collect.hooks import score_outcome    from .collect.hooks import validate_report
        return score_outcome(path, resolver, opts)  return validate_report(path, resolver)

Problems are :class:`~ledcheck.collect.common.CellProblem` (they print as
``FILE:Answers!G12: error: ...`` and serialise with ``"cell"``, ``line``/``col`` null); they
stand in for :class:`~ledcheck.errors.Problem` wherever problems are counted, sorted or printed.
"""
from __future__ import annotations

from ..errors import ERROR, WARNING, LedcheckError


def score_outcome(path: str, resolver, opts):
    """A :class:`ledcheck.batch.Outcome` for one workbook: its result (problems by cell) or the
    reason there is none (not a ledcheck workbook, a zip bomb, an unknown checklist)."""
    from ..batch import Outcome
    from .workbook import result_dict, score_workbook
    try:
        result, problems = score_workbook(path, resolver, lang=getattr(opts, "lang", None))
    except LedcheckError as exc:
        if not exc.file:
            exc.file = path
        p = exc.as_problem()
        return Outcome(path, failure=p, failure_type=type(exc), errors=1, lines=[p.format(path)])
    out = Outcome(path, score=result.score, checklist_id=result.checklist_id)
    out.errors = sum(1 for p in problems if p.severity == ERROR)
    out.warnings = sum(1 for p in problems if p.severity == WARNING)
    out.lines = [p.format(path) for p in problems]
    d = result_dict(result, problems)
    d["source"] = path
    if getattr(opts, "encode", None) == "jsonl":
        from ..render.jsonfmt import dumps_line
        out.payload = dumps_line(d)
    if getattr(opts, "keep_result", True):
        out.result = d
    return out


def validate_report(path: str, resolver):
    """A :class:`ledcheck.validate.FileReport` for one workbook (kind ``submission``), or for a
    ``.xlsx`` that is no ledcheck workbook (kind ``unknown``, with its error)."""
    from ..kinds import SUBMISSION
    from ..validate import UNKNOWN, FileReport
    from .workbook import score_workbook
    try:
        _, problems = score_workbook(path, resolver)
    except LedcheckError as exc:
        if not exc.file:
            exc.file = path
        return FileReport(path, UNKNOWN, [exc.as_problem()], type(exc))
    return FileReport(path, SUBMISSION, list(problems))


__all__ = ["score_outcome", "validate_report"]
