"""The scoring model of FORMAT.md §3, as one pure function: ``score(checklist, submission)``.

It is XCCDF's default weighted-mean model extended to fractional item scores. No I/O happens
here: a notebook, a worker process or a Spark task can call :func:`score` on plain data. The
checklist is compiled once into a :class:`Plan` (conditions as closures, level and option score
tables) and the plan is cached per checklist object, so a batch pays for it once.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import ERROR, WARNING, Problem
from .model import Checklist, Indicator, Section
from .submission import (AnswerProblem, Header, Submission, check_answer, check_header)

ANSWERED, NA, MISSING, NOT_APPLICABLE, UNSCORED = "answered", "na", "missing", "not_applicable", "unscored"


# --------------------------------------------------------------------------- results

@dataclass(slots=True)
class IndicatorResult:
    id: str
    value: Any
    score: float | None
    weight: float
    status: str
    evidence: str | None = None
    note: str | None = None
    by: dict | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "value": self.value, "score": self.score, "weight": self.weight,
             "status": self.status, "evidence": self.evidence, "note": self.note}
        if self.by is not None:
            d["by"] = self.by
        return d


@dataclass(slots=True)
class SectionResult:
    id: str
    title: str
    weight: float
    score: float | None
    rating: str | None
    indicators: list[IndicatorResult]
    sections: list["SectionResult"]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "weight": self.weight, "score": self.score,
                "rating": self.rating, "indicators": [i.to_dict() for i in self.indicators],
                "sections": [s.to_dict() for s in self.sections]}

    def walk(self):
        yield self
        for s in self.sections:
            yield from s.walk()


@dataclass(slots=True)
class Result:
    """The scored submission: what FORMAT.md §4 serialises."""

    checklist_id: str
    checklist_version: str
    checklist_sha256: str
    source: str
    subject: str | None
    assessor: str | None
    date: str | None
    period: str | None
    score: float | None
    rating: str | None
    complete: bool
    counts: dict
    sections: list[SectionResult]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def indicator(self, iid: str) -> IndicatorResult | None:
        for sec in self.sections:
            for s in sec.walk():
                for i in s.indicators:
                    if i.id == iid:
                        return i
        return None

    def section(self, sid: str) -> SectionResult | None:
        for sec in self.sections:
            for s in sec.walk():
                if s.id == sid:
                    return s
        return None

    def to_dict(self) -> dict:
        return {
            "ledcheck": 1,
            "checklist": {"id": self.checklist_id, "version": self.checklist_version,
                          "sha256": self.checklist_sha256},
            "source": self.source, "subject": self.subject, "assessor": self.assessor,
            "date": self.date, "period": self.period,
            "score": self.score, "rating": self.rating, "complete": self.complete,
            "counts": dict(self.counts),
            "sections": [s.to_dict() for s in self.sections],
            "problems": [_problem_dict(p) for p in self.problems],
        }


def _problem_dict(p: Problem) -> dict:
    return {"severity": p.severity, "path": p.path, "line": p.line or None, "col": p.col or None,
            "message": p.message}


# --------------------------------------------------------------------------- the plan

class Plan:
    """A checklist compiled for scoring: condition closures and score tables, built once."""

    def __init__(self, checklist: Checklist):
        from . import expr
        self.checklist = checklist
        self.when = {i.id: expr.compile_expr(i.when) for i in checklist.indicators.values()
                     if i.when is not None}
        self.level_scores: dict[str, dict] = {}
        self.option_scores: dict[str, dict] = {}
        self.denominator: dict[str, float] = {}
        for ind in checklist.indicators.values():
            if ind.type == "levels":
                values = [lv.value for lv in ind.levels]
                lo, hi = min(values), max(values)
                self.level_scores[ind.id] = {
                    lv.value: (lv.score if lv.score is not None else
                               ((lv.value - lo) / (hi - lo) if hi != lo else 0.0))
                    for lv in ind.levels}
            elif ind.type in ("choice", "multi"):
                self.option_scores[ind.id] = {o.id: o.score for o in ind.options}
                if ind.type == "choice":
                    self.denominator[ind.id] = max(o.score for o in ind.options)
                else:
                    self.denominator[ind.id] = ind.max_score if ind.max_score is not None else \
                        sum(o.score for o in ind.options)


_PLANS: dict[int, Plan] = {}


def plan_for(checklist: Checklist) -> Plan:
    """The cached :class:`Plan` of a checklist object (one per process)."""
    plan = _PLANS.get(id(checklist))
    if plan is None or plan.checklist is not checklist:
        if len(_PLANS) > 64:
            _PLANS.clear()
        plan = _PLANS[id(checklist)] = Plan(checklist)
    return plan


def value_score(ind: Indicator, value, plan: Plan, baseline=None, target=None) -> float:
    """The score in [0, 1] of one valid answer value (the table of FORMAT.md §1)."""
    t = ind.type
    if t == "levels":
        return plan.level_scores[ind.id][value]
    if t == "yesno":
        return 0.5 if value == "partial" else (1.0 if value is True else 0.0)
    if t == "choice":
        return plan.option_scores[ind.id][value] / plan.denominator[ind.id]
    if t == "multi":
        scores = plan.option_scores[ind.id]
        return min(1.0, sum(scores[o] for o in value) / plan.denominator[ind.id])
    if t == "number":
        b = ind.baseline if baseline is None else baseline
        tg = ind.target if target is None else target
        s = (value - b) / (tg - b)
        return 0.0 if s < 0 else (1.0 if s > 1 else s)
    raise ValueError(f"{ind.id} ({t}) is not scored")


# --------------------------------------------------------------------------- scoring

def score(checklist: Checklist, submission: Submission | Mapping, *, lang: str | None = None,
          source: str | None = None) -> Result:
    """Score one submission (a :class:`Submission` or its plain data) against a checklist.

    Invalid answers are reported as problems and count as unanswered; the result is always
    produced. Problem lines are filled in when the submission came from a file.
    """
    sub = submission if isinstance(submission, Submission) else Submission(dict(submission), source or "")
    plan = plan_for(checklist)
    raw_problems: list[tuple] = []
    data = sub.data
    header = check_header(data, checklist.id, checklist.version, raw_problems)
    answers = header.answers
    lang = checklist.pick_lang(lang)

    known = checklist.indicators
    for aid in answers:
        if aid not in known:
            from .checklist import did_you_mean
            raw_problems.append((ERROR, f"unknown indicator '{aid}'{did_you_mean(aid, known)}",
                                 ("answers", aid), True))

    values: dict[str, Any] = {}
    results: dict[str, IndicatorResult] = {}
    counts = {"indicators": len(known), "applicable": 0, "answered": 0, "na": 0, "missing": 0}
    zero_missing = checklist.missing == "zero"
    disaggregations = checklist.disaggregations
    for ind in known.values():
        iid = ind.id
        raw = answers.get(iid)
        cond = plan.when.get(iid)
        if cond is not None and not cond(values):
            if raw is not None and not _is_na_answer(raw):
                raw_problems.append((ERROR, f"{iid} is not applicable here (its condition "
                                            f"'{ind.when_source}' is false) but has an answer",
                                     ("answers", iid), True))
            results[iid] = IndicatorResult(iid, None, None, ind.weight, NOT_APPLICABLE)
            continue
        ans = None
        if raw is not None:
            try:
                ans = check_answer(ind, raw, disaggregations)
            except AnswerProblem as exc:
                raw_problems.append((exc.severity, exc.message, ("answers", iid) + exc.path, False))
        if ind.type == "text":
            results[iid] = IndicatorResult(iid, ans.value if ans else None, None, ind.weight, UNSCORED,
                                           ans.evidence if ans else None, ans.note if ans else None)
            continue
        if ans is not None and ans.na:
            counts["na"] += 1
            results[iid] = IndicatorResult(iid, "na", None, ind.weight, NA, ans.evidence, ans.note)
            continue
        counts["applicable"] += 1
        if ans is None:
            counts["missing"] += 1
            results[iid] = IndicatorResult(iid, None, 0.0 if zero_missing else None, ind.weight, MISSING)
            continue
        counts["answered"] += 1
        values[iid] = ans.value
        s = value_score(ind, ans.value, plan, ans.baseline, ans.target)
        results[iid] = IndicatorResult(iid, ans.value, s, ind.weight, ANSWERED, ans.evidence, ans.note, ans.by)
        if ind.evidence == "required" and not (ans.evidence and ans.evidence.strip()):
            raw_problems.append((WARNING, f"{iid} requires evidence (a means of verification) and none is given",
                                 ("answers", iid), True))

    sections = [_section(sec, results, checklist, lang) for sec in checklist.sections]
    overall = _weighted([(s.score, s.weight) for s in sections])
    problems = _resolve(raw_problems, sub)
    return Result(
        checklist_id=checklist.id, checklist_version=checklist.version, checklist_sha256=checklist.sha256,
        source=sub.source, subject=header.subject, assessor=header.assessor, date=header.date,
        period=header.period, score=overall, rating=checklist.rating_for(overall, lang),
        complete=counts["missing"] == 0, counts=counts, sections=sections, problems=problems)


def _is_na_answer(raw) -> bool:
    from .submission import is_na, split_answer
    return is_na(split_answer(raw)[0])


def _weighted(parts) -> float | None:
    """Weighted mean of the non-excluded (score not None) parts; None when nothing weighs."""
    total = weight = 0.0
    for s, w in parts:
        if s is not None:
            total += s * w
            weight += w
    if weight <= 0:
        return None
    return total / weight


def _section(sec: Section, results: dict, checklist: Checklist, lang: str) -> SectionResult:
    inds = [results[i.id] for i in sec.indicators]
    subs = [_section(s, results, checklist, lang) for s in sec.sections]
    parts = [(r.score * 100 if r.score is not None else None, r.weight) for r in inds
             if r.status != UNSCORED]
    parts += [(s.score, s.weight) for s in subs]
    value = _weighted(parts)
    return SectionResult(sec.id, sec.title.get(lang), sec.weight, value, checklist.rating_for(value, lang),
                         inds, subs)


def _resolve(raw: list[tuple], sub: Submission) -> list[Problem]:
    """Turn (severity, message, path, at_key) into problems with lines, sorted by line."""
    out = []
    for severity, message, path, at_key in raw:
        line, col = sub.locate(path, key=at_key) if path or sub.doc is not None else (0, 0)
        out.append(Problem(severity, message, line, col, _dotted(path), "submission", sub.source))
    out.sort(key=Problem.sort_key)
    return out


def _dotted(path: tuple) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


def shares(checklist: Checklist) -> dict[str, float]:
    """Each section's and indicator's effective share of the overall score, in percent.

    The share is the product of ``weight / sum of sibling weights`` down the tree, counting only
    parts that can be scored (text indicators and sections without scored indicators share 0);
    indicator shares add up to 100 when everything is answered and applicable.
    """
    out: dict[str, float] = {}

    def scorable(sec: Section) -> bool:
        return any(i.scored for i in sec.indicators) or any(scorable(s) for s in sec.sections)

    def visit(children, share: float) -> None:
        parts = [(c, c.weight) for c in children
                 if (c.scored if isinstance(c, Indicator) else scorable(c))]
        total = sum(w for _, w in parts)
        for c in children:
            out[c.id] = 0.0
        for c, w in parts:
            out[c.id] = share * w / total if total > 0 else 0.0
        for c in children:
            if isinstance(c, Section):
                visit(list(c.indicators) + list(c.sections), out[c.id])

    visit(list(checklist.sections), 100.0)
    return out
