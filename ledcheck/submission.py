"""Submission files (FORMAT.md §2): loading, header checks, and each answer against its indicator.

The checks here are pure functions over plain data, so the fast path of a batch never walks YAML
nodes: a problem carries a *path* (``("answers", "S9")``) and the caller turns it into a line only
when it reports it.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

from . import rules, spec, yamlio
from .errors import ERROR, WARNING, LoadError
from .model import Indicator, number_text

SUBMISSION_KEYS = spec.SUBMISSION.names
ANSWER_KEYS = spec.ANSWER.names
NA_WORDS = frozenset(spec.NA_WORDS)
#: Answer keys that only number answers take.
_NUMBER_ONLY = tuple(k.name for k in spec.ANSWER if k.types == ("number",))


@dataclass(slots=True)
class Submission:
    """A submission's data, where it came from, and (when read from a file) its node tree."""

    data: dict
    source: str = ""
    doc: yamlio.Document | None = None

    @property
    def checklist_id(self) -> str | None:
        v = self.data.get("checklist")
        return v if isinstance(v, str) else None

    def locate(self, path: tuple, key: bool = False) -> tuple[int, int]:
        if self.doc is None:
            return (0, 0)
        return self.doc.locate_key(path) if key else self.doc.locate(path)


def from_document(doc: yamlio.Document) -> Submission:
    """A :class:`Submission` from a loaded document; a non-mapping cannot be scored at all."""
    if not isinstance(doc.data, dict):
        line, col = yamlio.locate(doc.node, ())
        kind = "a list" if isinstance(doc.data, list) else f"a {type(doc.data).__name__}"
        raise LoadError(f"a submission must be a YAML mapping, not {kind}", doc.path, line, col)
    return Submission(doc.data, doc.path, doc)


def load_submission(path, max_bytes: int | None = None) -> Submission:
    """Read one submission file safely; raises :class:`LoadError` / :class:`InputError`."""
    return from_document(yamlio.load(path, max_bytes))


# --------------------------------------------------------------------------- answers

@dataclass(slots=True)
class Answer:
    """One answer after checking: a value in the indicator's domain (or N/A) and its extras."""

    value: Any
    na: bool = False
    evidence: str | None = None
    note: str | None = None
    baseline: float | None = None
    target: float | None = None
    by: dict | None = None


class AnswerProblem(Exception):
    """An answer outside its indicator's domain; ``path`` is relative to the answer, ``rule`` the
    registered rule it breaks (:mod:`ledcheck.rules`)."""

    def __init__(self, message: str, path: tuple = (), severity: str = ERROR,
                 rule: rules.Rule = rules.ANSWER):
        super().__init__(message)
        self.message, self.path, self.severity, self.rule = message, path, severity, rule.id


def _is_number(v) -> bool:
    return (type(v) is int or type(v) is float) and math.isfinite(v)


def _text(v) -> str | None:
    """Evidence and notes: a string, or a list of strings joined with '; '."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
        return "; ".join(str(x) for x in v)
    if isinstance(v, (int, float, _dt.date)) and not isinstance(v, bool):
        return str(v)
    raise TypeError


def split_answer(raw) -> tuple[Any, dict]:
    """(value, extras) of an answer given bare or as a map with ``value``."""
    if isinstance(raw, dict):
        return raw.get("value"), raw
    return raw, {}


def is_na(value) -> bool:
    return isinstance(value, str) and value.strip() in NA_WORDS


def check_answer(ind: Indicator, raw, disaggregations: dict) -> Answer | None:
    """Check one answer; returns None for an empty answer, raises :class:`AnswerProblem`."""
    value, extras = split_answer(raw)
    if extras:
        for k in extras:
            if k not in ANSWER_KEYS:
                from .checklist import did_you_mean
                raise AnswerProblem(f"unknown key '{k}' in the answer to {ind.id}{did_you_mean(k, ANSWER_KEYS)}",
                                    (k,), rule=rules.UNKNOWN_KEY)
        if "value" not in extras:
            raise AnswerProblem(f"the answer to {ind.id} has no 'value:'", rule=rules.REQUIRED)
    if value is None:
        return None
    ans = Answer(None)
    for k in ("evidence", "note"):
        if k in extras:
            try:
                setattr(ans, k, _text(extras[k]))
            except TypeError:
                raise AnswerProblem(f"{k} of {ind.id} must be text", (k,)) from None
    if is_na(value):
        if not ind.allow_na:
            raise AnswerProblem(f"{ind.id} does not allow na (not applicable); answer it, or leave it out",
                                ("value",) if extras else (), rule=rules.NOT_APPLICABLE)
        ans.na = True
        ans.value = "na"
        return ans
    vpath = ("value",) if extras else ()
    ans.value = _value(ind, value, vpath)
    if ind.type == "number":
        _number_extras(ind, ans, extras, disaggregations)
    else:
        for k in _NUMBER_ONLY:
            if k in extras:
                raise AnswerProblem(f"'{k}' only applies to number indicators; {ind.id} is {ind.type}", (k,))
    return ans


def _value(ind: Indicator, v, path: tuple):
    """The answer value ``v`` in its indicator's domain (normalised), or :class:`AnswerProblem`."""
    return _VALUE_CHECKS[ind.type](ind, v, path)


def _levels_value(ind: Indicator, v, path: tuple):
    if _is_number(v) and ind.level(v) is not None:
        return v
    allowed = ", ".join(number_text(lv.value) for lv in ind.levels)
    raise AnswerProblem(f"{ind.id} takes one of the levels {allowed}, not {_show(v)}", path)


def _yesno_value(ind: Indicator, v, path: tuple):
    if v is True or v is False:
        return v
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("yes", "true"):
            return True
        if s in ("no", "false"):
            return False
        if s == "partial":
            if ind.partial:
                return "partial"
            raise AnswerProblem(f"{ind.id} does not allow partial; answer yes or no", path)
    allowed = "yes, no or partial" if ind.partial else "yes or no"
    raise AnswerProblem(f"{ind.id} takes {allowed}, not {_show(v)}", path)


def _choice_value(ind: Indicator, v, path: tuple):
    oid = _option_id(v)
    if oid is not None and ind.option(oid) is not None:
        return oid
    raise AnswerProblem(f"{ind.id} takes one of the options {_options(ind)}, not {_show(v)}"
                        f"{_hint(oid, ind)}", path)


def _multi_value(ind: Indicator, v, path: tuple):
    if not isinstance(v, list):
        raise AnswerProblem(f"{ind.id} takes a list of options (e.g. [{ind.options[0].id}]), "
                            f"not {_show(v)}", path)
    out = []
    for i, item in enumerate(v):
        oid = _option_id(item)
        if oid is None or ind.option(oid) is None:
            raise AnswerProblem(f"{ind.id} has no option {_show(item)}; its options are {_options(ind)}"
                                f"{_hint(oid, ind)}", path + (i,))
        if oid in out:
            raise AnswerProblem(f"option '{oid}' of {ind.id} is chosen twice", path + (i,))
        out.append(oid)
    return out


def _number_value(ind: Indicator, v, path: tuple):
    if not _is_number(v):
        raise AnswerProblem(f"{ind.id} takes a number{_unit(ind)}, not {_show(v)}", path)
    if ind.min is not None and v < ind.min:
        raise AnswerProblem(f"{ind.id} must be at least {number_text(ind.min)}{_unit(ind)}, not {number_text(v)}", path)
    if ind.max is not None and v > ind.max:
        raise AnswerProblem(f"{ind.id} must be at most {number_text(ind.max)}{_unit(ind)}, not {number_text(v)}", path)
    return v


def _text_value(ind: Indicator, v, path: tuple):
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "yes" if v else "no"
    raise AnswerProblem(f"{ind.id} takes free text, not {_show(v)}", path)


#: Per indicator type, the check of an answer value (a new type is one entry).
_VALUE_CHECKS = {"levels": _levels_value, "yesno": _yesno_value, "choice": _choice_value,
                 "multi": _multi_value, "number": _number_value, "text": _text_value}


def _number_extras(ind: Indicator, ans: Answer, extras: dict, disaggregations: dict) -> None:
    for k in ("baseline", "target"):
        if k in extras and extras[k] is not None:
            if not _is_number(extras[k]):
                raise AnswerProblem(f"{k} of {ind.id} must be a number, not {_show(extras[k])}", (k,))
            setattr(ans, k, extras[k])
    b = ans.baseline if ans.baseline is not None else ind.baseline
    t = ans.target if ans.target is not None else ind.target
    if b == t:
        raise AnswerProblem(f"target equals baseline ({number_text(b)}) for {ind.id}: progress cannot be measured",
                            ("target",) if "target" in extras else ("baseline",), rule=rules.TARGET_EQUALS_BASELINE)
    by = extras.get("by")
    if by is None:
        return
    if not isinstance(by, dict):
        raise AnswerProblem(f"'by' of {ind.id} must map a disaggregation to its parts, "
                            f"e.g. by: {{sex: {{female: 3, male: 4}}}}", ("by",), rule=rules.BREAKDOWN)
    if not ind.disaggregate:
        raise AnswerProblem(f"{ind.id} is not disaggregated; remove 'by'", ("by",), rule=rules.BREAKDOWN)
    for name, parts in by.items():
        if name not in ind.disaggregate:
            from .checklist import did_you_mean
            raise AnswerProblem(f"{ind.id} is not disaggregated by '{name}'; it takes "
                                f"{', '.join(ind.disaggregate)}{did_you_mean(name, ind.disaggregate)}",
                                ("by", name), rule=rules.BREAKDOWN)
        if not isinstance(parts, dict):
            raise AnswerProblem(f"by.{name} of {ind.id} must map each category to a number", ("by", name),
                                rule=rules.BREAKDOWN)
        cats = disaggregations.get(name, ())
        total = 0
        for cat, part in parts.items():
            if cat not in cats:
                from .checklist import did_you_mean
                raise AnswerProblem(f"'{cat}' is not a category of {name} (use {', '.join(map(str, cats))})"
                                    f"{did_you_mean(cat, cats)}", ("by", name, cat), rule=rules.BREAKDOWN)
            if not _is_number(part) or part < 0:
                raise AnswerProblem(f"by.{name}.{cat} of {ind.id} must be a number >= 0, not {_show(part)}",
                                    ("by", name, cat), rule=rules.BREAKDOWN)
            total += part
        if not math.isclose(total, ans.value, rel_tol=1e-9, abs_tol=1e-9):
            raise AnswerProblem(f"the parts of {ind.id} by {name} add up to {number_text(total)}, not to its value "
                                f"{number_text(ans.value)}", ("by", name), rule=rules.BREAKDOWN)
    ans.by = by


def _option_id(v) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return None


def _hint(oid, ind: Indicator) -> str:
    if oid is None:
        return ""
    from .checklist import did_you_mean
    return did_you_mean(oid, [o.id for o in ind.options])


def _options(ind: Indicator) -> str:
    return ", ".join(o.id for o in ind.options)


def _unit(ind: Indicator) -> str:
    return f" ({ind.unit})" if ind.unit else ""




def _show(v) -> str:
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    return str(v)


# --------------------------------------------------------------------------- header

@dataclass(slots=True)
class Header:
    """The metadata of a submission, checked."""

    subject: str | None = None
    assessor: str | None = None
    date: str | None = None
    period: str | None = None
    checklist: str | None = None
    checklist_version: str | None = None
    answers: dict = field(default_factory=dict)


def check_header(data: dict, checklist_id: str, checklist_version: str,
                 problems: list) -> Header:
    """Top-level keys of a submission; appends ``(severity, message, path, key?, rule id)`` to
    problems."""
    h = Header()
    for k in data:
        if k not in SUBMISSION_KEYS:
            from .checklist import did_you_mean
            problems.append((ERROR, f"unknown key '{k}'{did_you_mean(k, SUBMISSION_KEYS)}", (k,), True,
                             rules.UNKNOWN_KEY.id))
    for k in spec.SUBMISSION.required:
        if k not in data:
            problems.append((ERROR, f"missing required key '{k}'", (), False, rules.REQUIRED.id))
    if "ledcheck" in data and (data["ledcheck"] != 1 or isinstance(data["ledcheck"], bool)):
        problems.append((ERROR, f"ledcheck: must be 1, not {_show(data['ledcheck'])}", ("ledcheck",), False,
                         rules.FORMAT_VERSION.id))
    cid = data.get("checklist")
    if cid is not None:
        h.checklist = str(cid)
        if h.checklist != checklist_id:
            problems.append((ERROR, f"this submission answers checklist '{h.checklist}', but is scored "
                                    f"against '{checklist_id}'", ("checklist",), False,
                             rules.CHECKLIST_MISMATCH.id))
    ver = data.get("checklist_version")
    if ver is not None:
        h.checklist_version = str(ver)
        if h.checklist_version != checklist_version:
            problems.append((WARNING, f"checklist_version is '{h.checklist_version}' but the checklist is "
                                      f"version '{checklist_version}'", ("checklist_version",), False,
                             rules.VERSION.id))
    for k in ("subject", "assessor", "period"):
        v = data.get(k)
        if v is None:
            continue
        if isinstance(v, (dict, list)) or isinstance(v, bool):
            problems.append((ERROR, f"{k} must be text, not {_show(v)}", (k,), False, rules.HEADER.id))
            continue
        setattr(h, k, v.isoformat() if isinstance(v, _dt.date) else str(v))
    if "subject" in data and (h.subject is None or not h.subject.strip()):
        if data.get("subject") is None or (isinstance(data.get("subject"), str)):
            problems.append((ERROR, "subject is empty: name the city or body assessed", ("subject",), False,
                             rules.HEADER.id))
    d = data.get("date")
    if d is not None:
        if isinstance(d, _dt.datetime):
            h.date = d.date().isoformat()
        elif isinstance(d, _dt.date):
            h.date = d.isoformat()
        elif isinstance(d, str):
            try:
                h.date = _dt.date.fromisoformat(d.strip()).isoformat()
            except ValueError:
                problems.append((ERROR, f"date must be an ISO date like 2026-03-01, not '{d}'", ("date",), False,
                                 rules.HEADER.id))
        else:
            problems.append((ERROR, f"date must be an ISO date like 2026-03-01, not {_show(d)}", ("date",), False,
                             rules.HEADER.id))
    answers = data.get("answers")
    if isinstance(answers, dict):
        h.answers = answers
    elif answers is not None:
        problems.append((ERROR, f"answers must be a mapping of indicator id to answer, not {_show(answers)}",
                         ("answers",), False, rules.HEADER.id))
    return h
