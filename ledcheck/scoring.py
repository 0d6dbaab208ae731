"""The scoring model of FORMAT.md §3 and §6, as one pure function: ``score(checklist, submission)``.

It is XCCDF's default weighted-mean model extended to fractional item scores, with the 1.1
additions: ``no_data`` answers, ``when_false: zero`` (status ``implied``), profiles (XCCDF
tailoring: ``not_selected``, weight overrides), direction-checked overrides, partial breakdowns
and ``results_levels`` (each level's part of the overall score). No I/O happens
here: a notebook, a worker process or a Spark task can call :func:`score` on plain data. The
checklist is compiled once into a :class:`Plan` (conditions as closures, level and option score
tables) and the plan is cached per checklist object, so a batch pays for it once.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import rules
from .errors import ERROR, NOTE, WARNING, Problem
from .model import Checklist, Indicator, Section
from .submission import AnswerProblem, Submission, check_answer, check_header, is_na, is_no_data, split_answer

if TYPE_CHECKING:  # pragma: no cover
    from .profiles import Selection

ANSWERED, NA, MISSING, NOT_APPLICABLE, UNSCORED = "answered", "na", "missing", "not_applicable", "unscored"
NO_DATA, IMPLIED, NOT_SELECTED = "no_data", "implied", "not_selected"
#: The results chain in order (FORMAT.md §6.3): ``results_levels`` are listed in it.
RESULTS_LEVELS = ("input", "process", "output", "outcome", "impact")


# --------------------------------------------------------------------------- results

class Node(dict):
    """A JSON-ready dict whose keys can also be read as attributes (``r.score``)."""

    __slots__ = ()

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


class IndicatorResult(Node):
    """``{"id", "value", "score", "weight", "status", "evidence", "note"[, "by"]}`` (FORMAT.md §4),
    then the 1.1 keys: numbers' effective ``baseline``, ``target`` and ``direction``, and
    ``results_level`` when the indicator has one (§6.1, §6.3)."""

    __slots__ = ()


class SectionResult(Node):
    """``{"id", "title", "weight", "score", "rating", "indicators", "sections"}`` (FORMAT.md §4)."""

    __slots__ = ()

    def walk(self):
        yield self
        for s in self["sections"]:
            yield from s.walk()


class Result:
    """The scored submission. ``to_dict()`` is the JSON of FORMAT.md §4 (the 1.0 keys first, then
    ``subject_id``, ``reference_period``, ``meta``, ``profile``, ``results_levels``); fields read
    as attributes."""

    __slots__ = ("data", "problems")

    def __init__(self, data: dict, problems: list[Problem]):
        self.data = data
        self.problems = problems

    def __getattr__(self, key):
        try:
            return self.data[key]
        except KeyError:
            raise AttributeError(key) from None

    def __repr__(self) -> str:
        return f"<Result {self.data.get('source')!r} score={self.data.get('score')!r}>"

    @property
    def checklist_id(self) -> str:
        return self.data["checklist"]["id"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def indicator(self, iid: str) -> IndicatorResult | None:
        for sec in self.data["sections"]:
            for s in sec.walk():
                for i in s["indicators"]:
                    if i["id"] == iid:
                        return i
        return None

    def section(self, sid: str) -> SectionResult | None:
        for sec in self.data["sections"]:
            for s in sec.walk():
                if s["id"] == sid:
                    return s
        return None

    def to_dict(self) -> dict:
        """The result as FORMAT.md §4 JSON data (shared, not copied: do not mutate)."""
        return self.data


# --------------------------------------------------------------------------- the plan

class Plan:
    """A checklist compiled for scoring: condition closures, score tables and a fast checker per
    indicator for bare answers, built once per checklist and process."""

    def __init__(self, checklist: Checklist):
        from . import expr
        self.checklist = checklist
        self.when = {i.id: expr.compile_expr(i.when) for i in checklist.indicators.values()
                     if i.when is not None}
        self.level_scores: dict[str, dict] = {}
        self.option_scores: dict[str, dict] = {}
        self.denominator: dict[str, float] = {}
        for ind in checklist.indicators.values():
            table = _TABLES.get(ind.type)
            if table is not None:
                table(self, ind)
        self.levels = _levels_of(checklist)
        # per indicator, the 1.1 keys its result carries after the 1.0 ones (FORMAT.md §6.1, §6.3)
        self.extra: dict[str, tuple] = {}
        for ind in checklist.indicators.values():
            extra: list = []
            if ind.type == "number":
                extra += [("baseline", ind.baseline), ("target", ind.target),
                          ("direction", ind.effective_direction)]
            if self.levels.get(ind.id) is not None:
                extra.append(("results_level", self.levels[ind.id]))
            self.extra[ind.id] = tuple(extra)
        # (indicator, condition, quick checker, evidence required, 1.1 result keys) in ask order
        self.items = [(ind, self.when.get(ind.id), self._quick(ind), ind.evidence == "required",
                       self.extra[ind.id]) for ind in checklist.indicators.values()]
        self._texts: dict[str, tuple] = {}
        self._selections: dict[str, Any] = {}
        self._hint_index: Any = None              # ledcheck.hints.Index, built on first need

    def selection(self, profile_id: str | None):
        """The :class:`ledcheck.profiles.Selection` of a profile id (None: the whole checklist),
        resolved once per plan; raises :class:`~ledcheck.profiles.UnknownProfileError`."""
        if profile_id is None or profile_id == "all":
            return None
        hit = self._selections.get(profile_id)
        if hit is None:
            from .profiles import select
            hit = self._selections[profile_id] = select(self.checklist, profile_id)
        return hit

    def hint(self, word) -> str:
        """``; did you mean 'S1'?`` for an unknown answer id, in bounded time (issue 9: not
        O(unknown ids x indicators)); the indicator index is built once per plan."""
        if self._hint_index is None:
            from .hints import Index
            self._hint_index = Index(self.checklist.indicators)
        match = self._hint_index.closest(word)
        return f"; did you mean '{match}'?" if match is not None else ""

    def texts(self, lang: str) -> tuple[dict, list]:
        """Section titles and rating bands in ``lang``, computed once per language."""
        hit = self._texts.get(lang)
        if hit is None:
            titles = {s.id: s.title.get(lang) for s in self.checklist.walk_sections()}
            bands = [(b.min, b.label.get(lang)) for b in self.checklist.ratings]
            hit = self._texts[lang] = (titles, bands)
        return hit

    def _quick(self, ind: Indicator):
        """A checker for the common case, a bare valid value: returns its score, or None to send
        the answer down the full path (which explains what is wrong). None for text."""
        make = _QUICK.get(ind.type)
        return make(self, ind) if make is not None else None


# Per type: the score tables a plan keeps, a quick checker of bare values, and the score of a
# checked value (FORMAT.md §1's table). One small function each; the dispatch tables below
# name them by type, so a new type is one entry in each.

def _levels_table(plan: Plan, ind: Indicator) -> None:
    values = [lv.value for lv in ind.levels]
    lo, hi = min(values), max(values)
    plan.level_scores[ind.id] = {
        lv.value: (lv.score if lv.score is not None else ((lv.value - lo) / (hi - lo) if hi != lo else 0.0))
        for lv in ind.levels}


def _options_table(plan: Plan, ind: Indicator) -> None:
    plan.option_scores[ind.id] = {o.id: o.score for o in ind.options}
    if ind.type == "choice":
        plan.denominator[ind.id] = max(o.score for o in ind.options)
    else:
        plan.denominator[ind.id] = ind.max_score if ind.max_score is not None else \
            sum(o.score for o in ind.options)


def _quick_levels(plan: Plan, ind: Indicator):
    def quick(v, _get=plan.level_scores[ind.id].get):
        tv = type(v)
        return _get(v) if tv is int or tv is float else None
    return quick


def _quick_yesno(plan: Plan, ind: Indicator):
    return lambda v: 1.0 if v is True else (0.0 if v is False else None)


def _quick_choice(plan: Plan, ind: Indicator):
    table = {k: sc / plan.denominator[ind.id] for k, sc in plan.option_scores[ind.id].items()}

    def quick(v, _get=table.get):
        return _get(v) if type(v) is str else None
    return quick


def _quick_multi(plan: Plan, ind: Indicator):
    den = plan.denominator[ind.id]

    def quick(v, _get=plan.option_scores[ind.id].get):
        if type(v) is not list:
            return None
        total = 0.0
        for o in v:
            s = _get(o) if type(o) is str else None
            if s is None:
                return None
            total += s
        if len(set(v)) != len(v):
            return None
        return min(1.0, total / den)
    return quick


def _quick_number(plan: Plan, ind: Indicator):
    lo, hi, b, tg = ind.min, ind.max, ind.baseline, ind.target
    if tg is None:                # pragma: no cover - a valid number indicator has a target
        return lambda v: None
    span = tg - b

    def quick(v):
        tv = type(v)
        # not a number, NaN, infinite or beyond ±1e15: the full path explains (issue 9)
        if (tv is not int and tv is not float) or not -_BIG <= v <= _BIG:
            return None
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            return None
        x = (v - b) / span
        return 0.0 if x < 0 else (1.0 if x > 1 else x)
    return quick


def _score_levels(ind: Indicator, value, plan: Plan, baseline, target) -> float:
    return plan.level_scores[ind.id][value]


def _score_yesno(ind: Indicator, value, plan: Plan, baseline, target) -> float:
    return 0.5 if value == "partial" else (1.0 if value is True else 0.0)


def _score_choice(ind: Indicator, value, plan: Plan, baseline, target) -> float:
    return plan.option_scores[ind.id][value] / plan.denominator[ind.id]


def _score_multi(ind: Indicator, value, plan: Plan, baseline, target) -> float:
    scores = plan.option_scores[ind.id]
    return min(1.0, sum(scores[o] for o in value) / plan.denominator[ind.id])


def _score_number(ind: Indicator, value, plan: Plan, baseline, target) -> float:
    b = ind.baseline if baseline is None else baseline
    tg = ind.target if target is None else target
    if tg is None:                # pragma: no cover - a valid number indicator has a target
        raise ValueError(f"{ind.id} has no target")
    s = (value - b) / (tg - b)
    return 0.0 if s < 0 else (1.0 if s > 1 else s)


_TABLES = {"levels": _levels_table, "choice": _options_table, "multi": _options_table}
_QUICK = {"levels": _quick_levels, "yesno": _quick_yesno, "choice": _quick_choice,
          "multi": _quick_multi, "number": _quick_number}
_SCORERS = {"levels": _score_levels, "yesno": _score_yesno, "choice": _score_choice,
            "multi": _score_multi, "number": _score_number}

_BIG = 1e15          # ledcheck.numbers.MAX_MAGNITUDE: larger answers are reported, not scored
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
    scorer = _SCORERS.get(ind.type)
    if scorer is None:
        raise ValueError(f"{ind.id} ({ind.type}) is not scored")
    return scorer(ind, value, plan, baseline, target)


# --------------------------------------------------------------------------- scoring

def score(checklist: Checklist, submission: Submission | Mapping, *, lang: str | None = None,
          source: str | None = None, profile: str | None = None) -> Result:
    """Score one submission (a :class:`Submission` or its plain data) against a checklist.

    Invalid answers are reported as problems and count as unanswered; the result is always
    produced. Problem lines are filled in when the submission came from a file. ``profile``
    (``--profile``; ``all`` is the whole checklist) wins over the submission's ``profile:``
    (FORMAT.md §6.6); an id the checklist lacks raises
    :class:`~ledcheck.profiles.UnknownProfileError` (exit 2), while an unknown ``profile:`` in
    the submission is an error in it and the whole checklist is used.
    """
    sub = submission if isinstance(submission, Submission) else Submission(dict(submission), source or "")
    plan = plan_for(checklist)
    raw_problems: list[tuple] = []
    profiles = checklist.profiles
    header = check_header(sub.data, checklist.id, checklist.version, raw_problems,
                          subject_fields=checklist.subject_fields,
                          profiles=profiles if profiles or "profile" in sub.data else None)
    answers = header.answers
    used = profile if profile is not None else header.profile
    selection = plan.selection(used)
    _unknown_answers(answers, plan, raw_problems)
    # the loader's own located warnings (YAML 1.1 number forms such as 010 or 1:30, issue 9)
    loader_warnings = sub.doc.warnings if sub.doc is not None else None
    # answers outside the profile: a warning when the submission names that profile itself, a
    # note when the caller narrows it (--profile: "any full submission can be scored under a
    # smaller profile", FORMAT.md §6.6, without failing --strict)
    outside = WARNING if profile is None or profile == header.profile else NOTE
    results, counts = _score_indicators(plan, answers, raw_problems, selection, outside)
    titles, bands = plan.texts(checklist.pick_lang(lang))
    weights = selection.weights if selection is not None and selection.weights else None
    sections = [_section(sec, results, titles, bands, weights) for sec in checklist.sections]
    overall = _weighted([(s["score"], s["weight"]) for s in sections])
    problems = _resolve(raw_problems, sub) if raw_problems else []
    if loader_warnings:                         # the loader's own (YAML 1.1 number forms)
        problems = sorted(problems + [_in_file(p, sub.source) for p in loader_warnings], key=Problem.sort_key)
    data = {
        "ledcheck": 1,
        "checklist": {"id": checklist.id, "version": checklist.version, "sha256": checklist.sha256},
        "source": sub.source, "subject": header.subject, "assessor": header.assessor,
        "date": header.date, "period": header.period,
        "score": overall, "rating": _rating(overall, bands),
        "complete": counts["missing"] == 0,
        "counts": counts,
        "sections": sections,
        "problems": [p.to_dict(rule=False) for p in problems],
        # 1.1 (FORMAT.md §6.3, §6.4, §6.6): after the 1.0 keys
        "subject_id": header.subject_id,
        "reference_period": header.reference_period,
        "meta": header.meta,
        "profile": selection.profile if selection is not None else None,
        "results_levels": _results_levels(plan, sections, results, overall) if plan.levels else [],
    }
    return Result(data, problems)


def _unknown_answers(answers: dict, plan: Plan, raw_problems: list) -> None:
    """Answers to indicator ids the checklist does not have (hints in bounded time, issue 9)."""
    known = plan.checklist.indicators
    for aid in answers:
        if aid not in known:
            raw_problems.append((ERROR, f"unknown indicator '{aid}'{plan.hint(aid)}",
                                 ("answers", aid), True, rules.UNKNOWN_INDICATOR.id))


def _score_indicators(plan: Plan, answers: dict, raw_problems: list, selection=None,
                      outside: str = WARNING) -> tuple[dict, dict]:
    """Every indicator's result in ask order, and the counts of FORMAT.md §3 and §6.2. Bare valid
    values take the quick path; anything else is checked in full by :func:`_checked`."""
    checklist = plan.checklist
    values: dict[str, Any] = {}
    results: dict[str, IndicatorResult] = {}
    tally = dict.fromkeys(_STATUSES, 0)          # statuses off the quick path
    n_quick = 0                                  # answered on the quick path
    missing_score = 0.0 if checklist.missing == "zero" else None
    no_data_score = 0.0 if checklist.no_data == "zero" else None
    disaggregations = checklist.disaggregations
    chosen = selection.indicators if selection is not None else None
    weights = selection.weights if selection is not None and selection.weights else None
    for ind, cond, quick, needs_evidence, extra in plan.items:
        iid = ind.id
        raw = answers.get(iid)
        if chosen is not None and iid not in chosen:
            r = results[iid] = _not_selected(ind, raw, plan, disaggregations, raw_problems, extra, outside)
        else:
            weight = ind.weight if weights is None else weights.get(iid, ind.weight)
            if cond is not None and not cond(values):
                r = results[iid] = _ruled_out(ind, raw, raw_problems, weight, extra)
            else:
                if raw is not None and quick is not None:
                    # the fast path: a valid value, bare or with plain-text evidence and note
                    evidence = note = None
                    value = raw
                    if type(raw) is dict:
                        value, evidence, note = _simple(raw)
                    s = quick(value) if value is not None else None
                    if s is not None:
                        n_quick += 1
                        values[iid] = value
                        r = results[iid] = IndicatorResult(id=iid, value=value, score=s, weight=weight,
                                                           status=ANSWERED, evidence=evidence, note=note)
                        if extra:
                            r.update(extra)
                        if needs_evidence and not (evidence and evidence.strip()):
                            _no_evidence(iid, raw_problems)
                        continue
                if raw is None and ind.type != "text":  # unanswered: the commonest full-path case
                    r = results[iid] = IndicatorResult(id=iid, value=None, score=missing_score, weight=weight,
                                                       status=MISSING, evidence=None, note=None)
                    if extra:
                        r.update(extra)
                    tally[MISSING] += 1
                    continue
                r = results[iid] = _checked(ind, raw, plan, disaggregations, missing_score, no_data_score,
                                            raw_problems, weight, extra)
                if r["status"] is ANSWERED:
                    values[iid] = r["value"]
                    if needs_evidence and not (r["evidence"] and r["evidence"].strip()):
                        _no_evidence(iid, raw_problems)
        tally[r["status"]] += 1
    answered = n_quick + tally[ANSWERED]
    counts = {"indicators": len(checklist.indicators),
              "applicable": answered + tally[NO_DATA] + tally[IMPLIED] + tally[MISSING],
              "answered": answered, "na": tally[NA], "missing": tally[MISSING],
              "no_data": tally[NO_DATA], "implied": tally[IMPLIED], "not_selected": tally[NOT_SELECTED]}
    return results, counts


_STATUSES = (ANSWERED, NA, MISSING, NOT_APPLICABLE, UNSCORED, NO_DATA, IMPLIED, NOT_SELECTED)


def _simple(raw: dict) -> tuple:
    """(value, evidence, note) of an answer map that only has those keys, with text evidence and
    note; (None, None, None) sends any other map down the full path."""
    if not raw.keys() <= _SIMPLE_KEYS:
        return None, None, None
    evidence = raw.get("evidence")
    note = raw.get("note")
    if (evidence is not None and type(evidence) is not str) or (note is not None and type(note) is not str):
        return None, None, None
    return raw.get("value"), evidence, note


def _with(r: IndicatorResult, extra: tuple) -> IndicatorResult:
    """``r`` with the 1.1 keys of its indicator (``Plan.extra``) after its 1.0 ones."""
    if extra:
        r.update(extra)
    return r


def _not_selected(ind: Indicator, raw, plan: Plan, disaggregations: dict, raw_problems: list,
                  extra: tuple, severity: str = WARNING) -> IndicatorResult:
    """An indicator outside the profile (FORMAT.md §6.11): not scored; an answer to it is still
    checked (errors reported) and, when valid, kept with a ``severity`` problem (a warning, or a
    note when the caller chose the profile) saying that it does not count."""
    if raw is not None and not _is_empty_or_na(raw):
        try:
            ans = check_answer(ind, raw, disaggregations)
        except AnswerProblem as exc:
            raw_problems.append((exc.severity, exc.message, ("answers", ind.id) + exc.path, False, exc.rule))
        else:
            for p in ans.problems if ans is not None else ():
                if p.severity == ERROR:
                    raw_problems.append((p.severity, p.message, ("answers", ind.id) + p.path, False, p.rule))
            if ans is not None and not ans.no_data:
                raw_problems.append((severity, f"{ind.id} is outside the profile used, so its answer is kept "
                                              f"but not scored", ("answers", ind.id), True,
                                     rules.NOT_APPLICABLE.id))
    return _with(IndicatorResult(id=ind.id, value=None, score=None, weight=ind.weight, status=NOT_SELECTED,
                                 evidence=None, note=None), extra)


def _ruled_out(ind: Indicator, raw, raw_problems: list, weight, extra: tuple) -> IndicatorResult:
    """The result of an indicator whose ``when`` is false: ``implied`` (score 0) under
    ``when_false: zero``, else not applicable. An answer to it is kept in the file but not
    scored: a warning under 1.1 (FORMAT.md §6.11; 1.0 made it an error)."""
    implied = ind.when_false == "zero" and ind.type != "text"
    if not _is_empty_or_na(raw):
        raw_problems.append((WARNING, f"{ind.id} is not asked here (its condition '{ind.when_source}' is "
                                      f"false{', so it counts 0' if implied else ''}): its answer is kept "
                                      f"but not scored", ("answers", ind.id), True, rules.NOT_APPLICABLE.id))
    if implied:
        return _with(IndicatorResult(id=ind.id, value=None, score=0.0, weight=weight, status=IMPLIED,
                                     evidence=None, note=None), extra)
    return _with(IndicatorResult(id=ind.id, value=None, score=None, weight=weight,
                                 status=UNSCORED if ind.type == "text" else NOT_APPLICABLE,
                                 evidence=None, note=None), extra)


def _no_evidence(iid: str, raw_problems: list) -> None:
    raw_problems.append((WARNING, f"{iid} requires evidence (a means of verification) and none is given",
                         ("answers", iid), True, rules.EVIDENCE.id))


def _checked(ind: Indicator, raw, plan: Plan, disaggregations: dict, missing_score, no_data_score,
             raw_problems: list, weight, extra: tuple) -> IndicatorResult:
    """The full path: check the answer (reporting what is wrong) and build its result."""
    iid = ind.id
    ans = None
    if raw is not None:
        try:
            ans = check_answer(ind, raw, disaggregations)
        except AnswerProblem as exc:
            raw_problems.append((exc.severity, exc.message, ("answers", iid) + exc.path, False, exc.rule))
        else:
            for p in ans.problems if ans is not None else ():
                raw_problems.append((p.severity, p.message, ("answers", iid) + p.path, False, p.rule))
    if ind.type == "text":
        return _with(IndicatorResult(id=iid, value=ans.value if ans else None, score=None,
                                     weight=weight, status=UNSCORED,
                                     evidence=ans.evidence if ans else None,
                                     note=ans.note if ans else None), extra)
    if ans is None:
        return _with(IndicatorResult(id=iid, value=None, score=missing_score, weight=weight,
                                     status=MISSING, evidence=None, note=None), extra)
    if ans.na:
        return _with(IndicatorResult(id=iid, value="na", score=None, weight=weight, status=NA,
                                     evidence=ans.evidence, note=ans.note), extra)
    if ans.no_data:
        return _with(IndicatorResult(id=iid, value=NO_DATA, score=no_data_score, weight=weight,
                                     status=NO_DATA, evidence=ans.evidence, note=ans.note), extra)
    r = IndicatorResult(id=iid, value=ans.value, score=value_score(ind, ans.value, plan, ans.baseline,
                                                                   ans.target),
                        weight=weight, status=ANSWERED, evidence=ans.evidence, note=ans.note)
    # 1.0 order: by, baseline, target (then the 1.1 keys); baseline/target are the effective ones
    if ans.by is not None:
        r["by"] = ans.by
    _with(r, extra)
    if ans.baseline is not None or ans.target is not None:
        b = r["baseline"] = ans.baseline if ans.baseline is not None else ind.baseline
        t = r["target"] = ans.target if ans.target is not None else ind.target
        r["direction"] = "decrease" if t is not None and t < b else "increase"   # the override's own (§6.1)
    return r


_SIMPLE_KEYS = frozenset(("value", "evidence", "note"))


def _is_empty_or_na(raw) -> bool:
    """An answer with no value (``ID:``, ``{value: null}``), N/A or ``no_data``: fine where the
    indicator is not asked."""
    value = split_answer(raw)[0]
    return value is None or is_na(value) or is_no_data(value)


def _weighted(parts) -> float | None:
    """Weighted mean of the non-excluded (score not None) parts; None when nothing weighs."""
    total = weight = 0.0
    for s, w in parts:
        if s is not None:
            total += s * w
            weight += w
    if weight <= 0:
        return None
    value = total / weight
    return value if value == value else None   # never NaN (issue 9): unscorable is null


def _rating(value: float | None, bands: list) -> str | None:
    if value is None:
        return None
    for lo, label in bands:
        if value >= lo:
            return label
    return None


def _section(sec: Section, results: dict, titles: dict, bands: list, weights=None) -> SectionResult:
    """A section's result: the weighted mean of its non-excluded children (FORMAT.md §3), with a
    profile's weight overrides (``weights``; indicator results already carry theirs)."""
    inds = [results[i.id] for i in sec.indicators]
    subs = [_section(s, results, titles, bands, weights) for s in sec.sections]
    total = weight = 0.0
    for r in inds:
        s = r["score"]
        if s is not None and r["status"] != UNSCORED:
            w = r["weight"]
            total += s * 100 * w
            weight += w
    for r in subs:
        s = r["score"]
        if s is not None:
            w = r["weight"]
            total += s * w
            weight += w
    value = total / weight if weight > 0 else None
    own = sec.weight if weights is None else weights.get(sec.id, sec.weight)
    return SectionResult(id=sec.id, title=titles[sec.id], weight=own, score=value,
                         rating=_rating(value, bands), indicators=inds, sections=subs)


def _levels_of(checklist: Checklist) -> dict[str, str]:
    """Indicator id -> its results level (FORMAT.md §6.3, §6.11): its own, else the nearest
    enclosing section's; indicators without one are left out."""
    out: dict[str, str] = {}

    def walk(sections, inherited):
        for sec in sections:
            level = sec.results_level or inherited
            for ind in sec.indicators:
                own = ind.results_level or level
                if own is not None:
                    out[ind.id] = own
            walk(sec.sections, level)

    walk(checklist.sections, None)
    return out


def _results_levels(plan: Plan, sections: list, results: dict, overall) -> list[dict]:
    """``results_levels`` (FORMAT.md §6.3, §6.11): per level with at least one scored indicator,
    the overall score restricted to that level's indicators, each weighted by its effective share
    of this result (after every exclusion), so the levels and the unlevelled rest add up to the
    overall score; ``indicators`` counts the level's scored indicators."""
    levels = plan.levels
    contribution: dict[str, float] = {}
    count: dict[str, int] = {}
    for iid, level in levels.items():
        r = results[iid]
        if r["score"] is not None and r["status"] != UNSCORED:
            count[level] = count.get(level, 0) + 1
            contribution.setdefault(level, 0.0)
    if not count:
        return []
    if overall is not None:
        _contributions(sections, 1.0, levels, contribution)
    return [{"level": lv, "score": contribution[lv] if overall is not None else None, "indicators": count[lv]}
            for lv in RESULTS_LEVELS if lv in count]


def _contributions(parts: list, share: float, levels: dict, out: dict) -> None:
    """Add share * score of every levelled scored indicator under ``parts`` (section results whose
    weights are shares of ``share``) to ``out`` by level."""
    total = 0.0
    for p in parts:
        if p["score"] is not None:
            total += p["weight"]
    if total <= 0:
        return
    for p in parts:
        if p["score"] is not None and p["weight"]:
            _section_contributions(p, share * p["weight"] / total, levels, out)


def _section_contributions(sec: SectionResult, share: float, levels: dict, out: dict) -> None:
    total = 0.0
    for r in sec["indicators"]:
        if r["score"] is not None and r["status"] != UNSCORED:
            total += r["weight"]
    for r in sec["sections"]:
        if r["score"] is not None:
            total += r["weight"]
    if total <= 0:
        return
    for r in sec["indicators"]:
        level = levels.get(r["id"])
        if level is not None and r["score"] is not None and r["status"] != UNSCORED:
            out[level] += share * r["weight"] / total * r["score"] * 100
    for r in sec["sections"]:
        if r["score"] is not None and r["weight"]:
            _section_contributions(r, share * r["weight"] / total, levels, out)


def _resolve(raw: list[tuple], sub: Submission) -> list[Problem]:
    """Turn (severity, message, path, at_key, rule id) into problems with lines, sorted by line."""
    out = []
    for severity, message, path, at_key, rule in raw:
        line, col = sub.locate(path, key=at_key) if path or sub.doc is not None else (0, 0)
        out.append(Problem(severity, message, line, col, _dotted(path), rule, sub.source))
    out.sort(key=Problem.sort_key)
    return out


def _in_file(p: Problem, source: str) -> Problem:
    """A loader problem as a problem of this submission (its file name)."""
    if p.file == source:
        return p
    from dataclasses import replace
    return replace(p, file=source)


def _dotted(path: tuple) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


def shares(checklist: Checklist, selection: Selection | None = None) -> dict[str, float]:
    """Each section's and indicator's effective share of the overall score, in percent.

    The share is the product of ``weight / sum of sibling weights`` down the tree, counting only
    parts that can be scored (text indicators and sections without scored indicators share 0);
    indicator shares add up to 100 when everything is answered and applicable. Under a profile
    (``selection``), only its indicators count, with its weights (``show --profile``).
    """
    out: dict[str, float] = {}
    memo: dict[str, bool] = {}

    def counts(node: Indicator | Section) -> bool:
        if isinstance(node, Indicator):
            return node.scored and (selection is None or selection.selects(node.id))
        if node.id not in memo:
            memo[node.id] = any(counts(i) for i in node.indicators) or any(counts(s) for s in node.sections)
        return memo[node.id]

    def weight(node: Indicator | Section) -> float:
        return node.weight if selection is None else selection.weight(node.id, node.weight)

    def visit(children: list[Indicator | Section], share: float) -> None:
        parts = [(c, weight(c)) for c in children if counts(c)]
        total = sum(w for _, w in parts)
        for c in children:
            out[c.id] = 0.0
        for c, w in parts:
            out[c.id] = share * w / total if total > 0 else 0.0
        for c in children:
            if isinstance(c, Section):
                visit([*c.indicators, *c.sections], out[c.id])

    visit(list(checklist.sections), 100.0)
    return out
