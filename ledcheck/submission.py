"""Submission files (FORMAT.md §2): loading, header checks, and each answer against its indicator.

The checks here are pure functions over plain data, so the fast path of a batch never walks YAML
nodes: a problem carries a *path* (``("answers", "S9")``) and the caller turns it into a line only
when it reports it.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from . import rules, spec, yamlio
from .errors import ERROR, WARNING, LoadError
from .hints import did_you_mean
from .model import Indicator, number_text
from .numbers import check_number

#: The 1.1 header keys (FORMAT.md §6.4, §6.6); spec.SUBMISSION has them once W1's spec lands.
_V11_HEADER = ("subject_id", "reference_period", "meta", "profile")
SUBMISSION_KEYS = spec.SUBMISSION.names + tuple(k for k in _V11_HEADER if k not in spec.SUBMISSION.names)
ANSWER_KEYS = spec.ANSWER.names
NA_WORDS = frozenset(spec.NA_WORDS)
#: The answer "we did not measure it" (FORMAT.md §6.2), on every non-text indicator.
NO_DATA = getattr(spec, "NO_DATA", "no_data")
#: The reserved breakdown category: the part of a value that no declared category covers (§6.5).
UNKNOWN_CATEGORY = "unknown"
#: Answer keys that only number answers take.
_NUMBER_ONLY = tuple(k.name for k in spec.ANSWER if k.types == ("number",))


def number_problem(v) -> str | None:
    """Why the int/float ``v`` cannot be computed with (not finite, beyond ±1e15), or None.

    The one sane-number rule (:func:`ledcheck.numbers.check_number`), for answers, ``by`` parts and
    overrides: a 400-digit integer or 1e308 is reported at its position, never an OverflowError
    or a NaN score (issue 9)."""
    return check_number(v)


def _hint_for(word, candidates) -> str:
    """``; did you mean 'X'?`` in bounded time (:mod:`ledcheck.hints`)."""
    return did_you_mean(word, candidates)


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
    baseline: float | None = None     # the subject's own overrides, when they apply
    target: float | None = None
    by: dict | None = None            # with the ``unknown`` remainder added (§6.5)
    no_data: bool = False             # the answer ``no_data`` (§6.2)
    #: Problems that do not void the answer: a warning (a partial breakdown, an override that
    #: reverses an inferred direction) or an error whose answer still counts (an override that
    #: reverses a stated direction is ignored, FORMAT.md §6.11).
    problems: list = field(default_factory=list)


class AnswerProblem(Exception):
    """An answer outside its indicator's domain; ``path`` is relative to the answer, ``rule`` the
    registered rule it breaks (:mod:`ledcheck.rules`)."""

    def __init__(self, message: str, path: tuple = (), severity: str = ERROR,
                 rule: rules.Rule = rules.ANSWER):
        super().__init__(message)
        self.message, self.path, self.severity, self.rule = message, path, severity, rule.id


def _is_number(v) -> bool:
    """An int or float that is not a bool (finite and sane or not: see :func:`_sane`)."""
    return type(v) is int or type(v) is float


def _sane(v, what: str, path: tuple) -> None:
    """Raise :class:`AnswerProblem` when the number ``v`` cannot be computed with."""
    why = number_problem(v)
    if why is not None:
        raise AnswerProblem(f"{what} {why}", path, rule=rules.NUMBER)


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


def is_no_data(value) -> bool:
    """The answer ``no_data`` ("we did not measure it", FORMAT.md §6.2)."""
    return isinstance(value, str) and value.strip() == NO_DATA


def check_answer(ind: Indicator, raw, disaggregations: dict) -> Answer | None:
    """Check one answer; returns None for an empty answer, raises :class:`AnswerProblem`."""
    value, extras = split_answer(raw)
    if extras:
        for k in extras:
            if k not in ANSWER_KEYS:
                raise AnswerProblem(f"unknown key '{k}' in the answer to {ind.id}{_hint_for(k, ANSWER_KEYS)}",
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
    if ind.type != "text" and is_no_data(value):
        ans.no_data = True
        ans.value = NO_DATA
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
    if _is_number(v) and number_problem(v) is None and ind.level(v) is not None:
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
    _sane(v, ind.id, path)
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
    """Overrides (checked against the direction, FORMAT.md §6.1) and breakdowns (§6.5)."""
    for k in ("baseline", "target"):
        if k in extras and extras[k] is not None:
            if not _is_number(extras[k]):
                raise AnswerProblem(f"{k} of {ind.id} must be a number, not {_show(extras[k])}", (k,))
            _sane(extras[k], f"{k} of {ind.id}", (k,))
            setattr(ans, k, extras[k])
    if ans.baseline is not None or ans.target is not None:
        _overrides(ind, ans, extras)
    by = extras.get("by")
    if by is not None:
        ans.by = _breakdowns(ind, ans, by, disaggregations)


def _overrides(ind: Indicator, ans: Answer, extras: dict) -> None:
    """The subject's own baseline/target against the indicator's direction (FORMAT.md §6.1, §6.11).

    Reversing a *stated* direction (or making target equal baseline under it) is an error, and
    both overrides are ignored: the value is scored against the checklist's own baseline and
    target. Reversing an *inferred* direction is a warning and applies (1.0); an effective
    target equal to its baseline then leaves nothing to measure (an error, the answer void)."""
    b = ans.baseline if ans.baseline is not None else ind.baseline
    t = ans.target if ans.target is not None else ind.target
    if t is None:                 # pragma: no cover - a valid number indicator has a target
        return
    where = ("target",) if "target" in extras and extras["target"] is not None else ("baseline",)
    if ind.direction is not None:
        sign = 1 if ind.direction == "decrease" else -1      # sign of (b - t) the direction wants
        if (b - t) * sign <= 0:
            side = "below" if ind.direction == "decrease" else "above"
            ans.problems.append(AnswerProblem(
                f"the baseline {number_text(b)} and target {number_text(t)} given for {ind.id} "
                f"{'are equal' if b == t else 'reverse its direction'}: {ind.id} is stated "
                f"'{ind.direction}' (target {side} the baseline), so they are ignored and "
                f"{ind.id} is scored against the checklist's baseline {number_text(ind.baseline)} "
                f"and target {number_text(ind.target)}", where, rule=rules.DIRECTION))
            ans.baseline = ans.target = None
        return
    if b == t:
        raise AnswerProblem(f"target equals baseline ({number_text(b)}) for {ind.id}: progress cannot be measured",
                            where, rule=rules.TARGET_EQUALS_BASELINE)
    inferred = ind.effective_direction
    given = "decrease" if t < b else "increase"
    if given != inferred:
        ans.problems.append(AnswerProblem(
            f"the baseline {number_text(b)} and target {number_text(t)} given for {ind.id} reverse its "
            f"direction ('{inferred}', implied by the checklist's baseline and target): they apply, "
            f"as no direction is stated; check them, or state the direction in the checklist",
            where, WARNING, rule=rules.DIRECTION))


def _breakdowns(ind: Indicator, ans: Answer, by, disaggregations: dict) -> dict:
    """``by`` checked (FORMAT.md §6.5, §6.11): declared categories plus ``unknown``, parts >= 0
    adding up to at most the value. A shortfall is the category ``unknown`` (added to the
    returned copy), with a warning unless the parts say ``unknown`` themselves and add up."""
    if not isinstance(by, dict):
        raise AnswerProblem(f"'by' of {ind.id} must map a disaggregation to its parts, "
                            f"e.g. by: {{sex: {{female: 3, male: 4}}}}", ("by",), rule=rules.BREAKDOWN)
    if not ind.disaggregate:
        raise AnswerProblem(f"{ind.id} is not disaggregated; remove 'by'", ("by",), rule=rules.BREAKDOWN)
    out: dict = {}
    for name, parts in by.items():
        if name not in ind.disaggregate:
            raise AnswerProblem(f"{ind.id} is not disaggregated by '{name}'; it takes "
                                f"{', '.join(ind.disaggregate)}{_hint_for(name, ind.disaggregate)}",
                                ("by", name), rule=rules.BREAKDOWN)
        if not isinstance(parts, dict):
            raise AnswerProblem(f"by.{name} of {ind.id} must map each category to a number", ("by", name),
                                rule=rules.BREAKDOWN)
        cats = disaggregations.get(name, ())
        total = 0
        for cat, part in parts.items():
            if cat not in cats and cat != UNKNOWN_CATEGORY:
                shown = tuple(map(str, cats)) + ((UNKNOWN_CATEGORY,) if UNKNOWN_CATEGORY not in cats else ())
                raise AnswerProblem(f"'{cat}' is not a category of {name} (use {', '.join(shown)})"
                                    f"{_hint_for(cat, cats)}", ("by", name, cat), rule=rules.BREAKDOWN)
            if not _is_number(part) or part < 0:
                raise AnswerProblem(f"by.{name}.{cat} of {ind.id} must be a number >= 0, not {_show(part)}",
                                    ("by", name, cat), rule=rules.BREAKDOWN)
            _sane(part, f"by.{name}.{cat} of {ind.id}", ("by", name, cat))
            total += part
        rest = ans.value - total
        if math.isclose(total, ans.value, rel_tol=1e-9, abs_tol=1e-9):
            out[name] = dict(parts)
            continue
        if rest < 0:
            raise AnswerProblem(f"the parts of {ind.id} by {name} add up to {number_text(total)}, more than its "
                                f"value {number_text(ans.value)}", ("by", name), rule=rules.BREAKDOWN)
        filled = dict(parts)
        filled[UNKNOWN_CATEGORY] = filled.get(UNKNOWN_CATEGORY, 0) + rest
        out[name] = filled
        ans.problems.append(AnswerProblem(
            f"the parts of {ind.id} by {name} add up to {number_text(total)}, less than its value "
            f"{number_text(ans.value)}: the rest ({number_text(rest)}) is reported as '{UNKNOWN_CATEGORY}'",
            ("by", name), WARNING,
            rule=rules.BREAKDOWN))
    return out


def _option_id(v) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return None


def _hint(oid, ind: Indicator) -> str:
    if oid is None:
        return ""
    return _hint_for(oid, [o.id for o in ind.options])


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
    if type(v) is int and not -10**15 <= v <= 10**15:
        return str(v)[:20] + "…"
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
    # 1.1 (FORMAT.md §6.4, §6.6)
    subject_id: str | None = None
    reference_period: str | None = None
    meta: dict = field(default_factory=dict)
    profile: str | None = None        # as given, when it is a profile of the checklist (or `all`)


def check_header(data: dict, checklist_id: str, checklist_version: str,
                 problems: list, *, subject_fields=(), profiles=None) -> Header:
    """Top-level keys of a submission; appends ``(severity, message, path, key?, rule id)`` to
    problems. ``subject_fields`` (the checklist's) check ``meta``; ``profiles`` (ids the
    checklist declares; None: not checked) check ``profile:``."""
    h = Header()
    _header_keys(data, problems)
    _header_checklist(data, h, checklist_id, checklist_version, problems)
    _header_texts(data, h, problems)
    d = data.get("date")
    if d is not None:
        h.date = _header_date(d, problems)
    answers = data.get("answers")
    if isinstance(answers, dict):
        h.answers = answers
    elif answers is not None:
        problems.append((ERROR, f"answers must be a mapping of indicator id to answer, not {_show(answers)}",
                         ("answers",), False, rules.HEADER.id))
    if "subject_id" in data or "reference_period" in data or "meta" in data or "profile" in data:
        _check_subject(data, h, problems, subject_fields, profiles)
    elif subject_fields:
        _required_meta({}, subject_fields, problems)
    return h


def _header_keys(data: dict, problems: list) -> None:
    """Unknown and missing top-level keys, and the format version."""
    for k in data:
        if k not in SUBMISSION_KEYS:
            problems.append((ERROR, f"unknown key '{k}'{_hint_for(k, SUBMISSION_KEYS)}", (k,), True,
                             rules.UNKNOWN_KEY.id))
    for k in spec.SUBMISSION.required:
        if k not in data:
            problems.append((ERROR, f"missing required key '{k}'", (), False, rules.REQUIRED.id))
    if "ledcheck" in data and (data["ledcheck"] != 1 or isinstance(data["ledcheck"], bool)):
        problems.append((ERROR, f"ledcheck: must be 1, not {_show(data['ledcheck'])}", ("ledcheck",), False,
                         rules.FORMAT_VERSION.id))


def _header_checklist(data: dict, h: Header, checklist_id: str, checklist_version: str, problems: list) -> None:
    """``checklist`` (must be the one scored against) and ``checklist_version`` (a mismatch warns)."""
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


def _header_texts(data: dict, h: Header, problems: list) -> None:
    """``subject`` (required, not empty), ``assessor`` and ``period``: text."""
    for k in ("subject", "assessor", "period"):
        v = data.get(k)
        if v is None:
            continue
        if isinstance(v, (dict, list, bool)):
            problems.append((ERROR, f"{k} must be text, not {_show(v)}", (k,), False, rules.HEADER.id))
            continue
        setattr(h, k, v.isoformat() if isinstance(v, _dt.date) else str(v))
    if "subject" in data and (h.subject is None or not h.subject.strip()) and \
            (data.get("subject") is None or isinstance(data.get("subject"), str)):
        problems.append((ERROR, "subject is empty: name the city or body assessed", ("subject",), False,
                         rules.HEADER.id))


def _header_date(d, problems: list) -> str | None:
    """``date`` as ISO text, or an error."""
    if isinstance(d, _dt.datetime):
        return d.date().isoformat()
    if isinstance(d, _dt.date):
        return d.isoformat()
    if isinstance(d, str):
        try:
            return _dt.date.fromisoformat(d.strip()).isoformat()
        except ValueError:
            shown = f"'{d}'"
    else:
        shown = _show(d)
    problems.append((ERROR, f"date must be an ISO date like 2026-03-01, not {shown}", ("date",), False,
                     rules.HEADER.id))
    return None


# --------------------------------------------------------------------------- 1.1 subject keys

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|-Q([1-4])|-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2}))?\Z")
_PERIOD_FORMS = "YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD"


def _check_subject(data: dict, h: Header, problems: list, subject_fields, profiles) -> None:
    """``subject_id``, ``reference_period``, ``meta`` and ``profile`` (FORMAT.md §6.4, §6.6)."""
    sid = data.get("subject_id")
    if sid is not None:
        if isinstance(sid, (dict, list, bool)):
            problems.append((ERROR, f"subject_id must be text, not {_show(sid)}", ("subject_id",), False,
                             rules.HEADER.id))
        else:
            h.subject_id = sid.isoformat() if isinstance(sid, _dt.date) else str(sid)
    rp = data.get("reference_period")
    if rp is not None:
        h.reference_period = _reference_period(rp, problems)
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        problems.append((ERROR, f"meta must map each fact about the subject to its value, not {_show(meta)}",
                         ("meta",), False, rules.HEADER.id))
    elif meta:
        h.meta = _meta(meta, subject_fields, problems)
    if subject_fields:
        _required_meta(meta if isinstance(meta, dict) else {}, subject_fields, problems)
    prof = data.get("profile")
    if prof is not None:
        if not isinstance(prof, str) or not prof.strip():
            problems.append((ERROR, f"profile must be a profile id, not {_show(prof)}", ("profile",), False,
                             rules.PROFILE.id))
        elif profiles is not None and prof != "all" and prof not in profiles:
            known = sorted(profiles)
            problems.append((ERROR, f"unknown profile '{prof}'{_hint_for(prof, known)}; this checklist's "
                                    f"profiles: {', '.join(known) if known else 'none'} (and 'all'); the "
                                    f"whole checklist is used", ("profile",), False,
                             rules.PROFILE.id))
        else:
            h.profile = prof


def _reference_period(rp, problems: list) -> str | None:
    """The reference period as text when it has one of the four forms, else an error."""
    text = str(rp) if type(rp) is int else rp
    m = _PERIOD.match(text) if isinstance(text, str) else None
    ok = m is not None
    if m is not None and m[2] is not None:
        ok = 1 <= int(m[2]) <= 12
    elif m is not None and m[4] is not None:
        try:
            start = _dt.date(int(m[1]), int(m[4]), int(m[5]))
            end = _dt.date(int(m[6]), int(m[7]), int(m[8]))
            ok = start <= end
        except ValueError:
            ok = False
    if ok:
        return text
    shown = f"'{text}'" if isinstance(text, str) else _show(rp)
    if isinstance(rp, _dt.date):
        shown = f"{rp.isoformat()} (a single day: write {rp.isoformat()}/{rp.isoformat()})"
    problems.append((ERROR, f"reference_period must be {_PERIOD_FORMS} (a start not after its end), "
                            f"not {shown}", ("reference_period",), False,
                     rules.HEADER.id))
    return None


def _meta(meta: dict, subject_fields, problems: list) -> dict:
    """``meta`` values checked against the declared ``subject_fields`` (when there are any): an
    unknown key is a warning (kept), a wrong type, option or range an error (that field dropped);
    without declarations any scalar passes. Values are kept JSON-ready (dates as ISO text)."""
    fields = {f.id: f for f in subject_fields}
    out: dict = {}
    for key, value in meta.items():
        path = ("meta", key)
        if isinstance(value, (dict, list)):
            problems.append((ERROR, f"meta.{key} must be a single value (text or a number), not {_show(value)}",
                             path, False, rules.HEADER.id))
            continue
        if isinstance(value, _dt.date):
            value = value.isoformat()
        f = fields.get(key) if fields else None
        if fields and f is None:
            problems.append((WARNING, f"meta.{key} is not a subject field of this checklist"
                                      f"{_hint_for(key, list(fields))} (its fields: {', '.join(fields)})",
                             path, True, rules.UNKNOWN_KEY.id))
        elif f is not None and value is not None:
            why = _field_problem(f, value)
            if why is not None:
                problems.append((ERROR, f"meta.{key} {why}", path, False, rules.HEADER.id))
                continue
            if f.type == "number" or (f.type == "choice" and not isinstance(value, str)):
                value = value if f.type == "number" else str(value)
        out[str(key)] = value
    return out


def _field_problem(f, value) -> str | None:
    """Why ``value`` does not fit the subject field ``f``, or None."""
    if f.type == "number":
        if not _is_number(value):
            return f"must be a number, not {_show(value)}"
        why = number_problem(value)
        if why is not None:
            return why
        if f.min is not None and value < f.min:
            return f"must be at least {number_text(f.min)}, not {number_text(value)}"
        if f.max is not None and value > f.max:
            return f"must be at most {number_text(f.max)}, not {number_text(value)}"
        return None
    if isinstance(value, bool):
        return f"must be text, not {_show(value)} (quote it)"
    if f.type == "choice":
        ids = [o.id for o in f.options]
        if str(value) not in ids:
            return f"must be one of {', '.join(ids)}, not {_show(value)}{_hint_for(str(value), ids)}"
    return None


def _required_meta(meta: dict, subject_fields, problems: list) -> None:
    for f in subject_fields:
        if f.required and meta.get(f.id) is None:
            problems.append((ERROR, f"meta.{f.id} is required by this checklist (a subject field)",
                             ("meta",) if meta else (), bool(meta), rules.REQUIRED.id))
