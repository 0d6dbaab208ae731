"""Subjects and their rounds (FORMAT.md §6.4, §6.11 "Rounds", "Checklist versions").

A *round* is one scored result. Rounds of one subject are matched by ``subject_id``, else by the
subject name normalised (Unicode NFC, casefolded, runs of white space collapsed); a round without
``subject_id`` matches only rounds without one. Rounds are ordered by the start of their
``reference_period``, else their ``date``; rounds with neither come after, by ``period`` text;
ties by file path.

Also here, because every monitoring command needs them: the facts of an indicator that results
may not carry yet (type, direction, baseline, target, unit, aggregate), read from the result
first and from the checklist second; and the harmonisation of inputs that answer different
checklists or versions of one.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ERROR, WARNING, Problem

# Rule ids of the problems this package reports (to be registered in ledcheck/rules.py).
RULE_ROUNDS = "rounds"
RULE_CHECKLIST = "checklist-mix"
RULE_PROFILE = "profile-mix"
RULE_ROADMAP = "roadmap"

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# --------------------------------------------------------------------------- names and keys

def normalise_name(name: Any) -> str:
    """A subject name as rounds are matched: NFC, casefolded, white space runs collapsed.

    >>> normalise_name("  Da   Nang City ") == normalise_name("da nang city")
    True
    """
    text = unicodedata.normalize("NFC", "" if name is None else str(name))
    return _SPACES.sub(" ", text.casefold()).strip()


def subject_key(result: Mapping[str, Any]) -> tuple[str, str]:
    """``("id", subject_id)`` when the result has one, else ``("name", normalised name)``."""
    sid = result.get("subject_id")
    if sid not in (None, ""):
        return ("id", str(sid))
    return ("name", normalise_name(result.get("subject")))


# --------------------------------------------------------------------------- periods

def _day(text: Any) -> dt.date | None:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    m = _DAY.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def period_bounds(text: Any) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a ``reference_period``: ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``,
    ``YYYY-MM-DD/YYYY-MM-DD`` (and a single ``YYYY-MM-DD``); None when it is none of them."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if isinstance(text, (dt.date, dt.datetime)):
        d = _day(text)
        return (d, d) if d else None
    if not isinstance(text, str):
        return None
    t = text.strip()
    try:
        if m := _YEAR.match(t):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _MONTH.match(t):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _QUARTER.match(t):
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
    except ValueError:
        return None
    if "/" in t:
        a, _, b = t.partition("/")
        start, end = _day(a), _day(b)
        return (start, end) if start and end and start <= end else None
    d = _day(t)
    return (d, d) if d else None


def round_start(result: Mapping[str, Any]) -> dt.date | None:
    """The date a round is ordered by: start of its reference period, else its date."""
    bounds = period_bounds(result.get("reference_period"))
    return bounds[0] if bounds else _day(result.get("date"))


def round_end(result: Mapping[str, Any]) -> dt.date | None:
    """The date a milestone is judged against: end of the reference period, else the date."""
    bounds = period_bounds(result.get("reference_period"))
    return bounds[1] if bounds else _day(result.get("date"))


def round_sort_key(result: Mapping[str, Any]) -> tuple:
    """Order of rounds (§6.11): dated rounds first by date, then undated by period text; ties
    by source path."""
    start = round_start(result)
    source = str(result.get("source") or "")
    if start is not None:
        return (0, start.isoformat(), "", source)
    return (1, "", str(result.get("period") or ""), source)


def round_label(result: Mapping[str, Any]) -> str:
    """How a round is named in reports: its period, else reference period, else date, else file."""
    for key in ("period", "reference_period", "date"):
        v = result.get(key)
        if v not in (None, ""):
            return str(v)
    return str(result.get("source") or "?")


# --------------------------------------------------------------------------- subjects

@dataclass
class Subject:
    """One subject and its rounds (result dicts) in order."""

    key: tuple[str, str]
    name: str
    subject_id: str | None
    rounds: list[dict] = field(default_factory=list)

    @property
    def latest(self) -> dict:
        return self.rounds[-1]

    @property
    def first(self) -> dict:
        return self.rounds[0]


def group_subjects(results: Iterable[Mapping[str, Any]]) -> tuple[list[Subject], list[Problem]]:
    """Group results into subjects (in order of first appearance), rounds ordered.

    Two rounds of one subject with the same order key are both kept, with a warning.
    """
    by_key: dict[tuple, Subject] = {}
    for r in results:
        key = subject_key(r)
        subj = by_key.get(key)
        if subj is None:
            sid = r.get("subject_id")
            subj = by_key[key] = Subject(key, str(r.get("subject") or r.get("source") or "?"),
                                         None if sid in (None, "") else str(sid))
        subj.rounds.append(dict(r) if not isinstance(r, dict) else r)
    problems: list[Problem] = []
    for subj in by_key.values():
        subj.rounds.sort(key=round_sort_key)
        seen: dict[tuple, dict] = {}
        for r in subj.rounds:
            k = round_sort_key(r)[:3]
            if k in seen:
                problems.append(Problem(
                    WARNING, f"two rounds of '{subj.name}' fall on the same place in time "
                    f"({round_label(r)}): {seen[k].get('source')} and {r.get('source')}; both are kept, "
                    "ordered by file path. Give each round its reference_period or date",
                    rule=RULE_ROUNDS, file=str(r.get("source") or "")))
            else:
                seen[k] = r
        # the latest round's name is the one shown
        subj.name = str(subj.rounds[-1].get("subject") or subj.name)
    return list(by_key.values()), problems


# --------------------------------------------------------------------------- facts of indicators

@dataclass(frozen=True)
class Facts:
    """What the monitoring commands need to know about an indicator in one round."""

    type: str | None = None
    direction: str | None = None      # increase | decrease (numbers)
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    aggregate: str | None = None      # sum | mean | none (numbers)
    disaggregate: tuple[str, ...] = ()
    title: str | None = None


class FactBook:
    """Indicator facts per (checklist id, version), from the checklists given (optional).

    Results of the 1.1 scorer carry ``type``, ``direction``, ``baseline``, ``target``, ``unit``
    and ``aggregate`` on each indicator; today's carry only ``baseline``/``target`` overrides.
    A fact is taken from the result first, then from the matching checklist.
    """

    def __init__(self, checklists: Iterable[Any] = (), lang: str | None = None):
        self.lang = lang
        self._by: dict[tuple, Any] = {}
        self._by_id: dict[str, Any] = {}
        for c in checklists:
            if c is None:
                continue
            self._by[(c.id, c.version)] = c
            self._by_id.setdefault(c.id, c)

    def checklist(self, result: Mapping[str, Any]):
        info = result.get("checklist") or {}
        return self._by.get((info.get("id"), info.get("version"))) or self._by_id.get(str(info.get("id")))

    def facts(self, result: Mapping[str, Any], ind: Mapping[str, Any]) -> Facts:
        c = self.checklist(result)
        model = c.indicators.get(ind.get("id")) if c is not None else None

        def pick(key, default=None):
            v = ind.get(key)
            if v is None and model is not None:
                v = getattr(model, key, None)
            return default if v is None else v

        typ = pick("type")
        if typ is None and ind.get("by") is not None:
            typ = "number"
        baseline = pick("baseline")
        target = pick("target")
        direction = pick("direction")
        if direction is None and typ == "number" and baseline is not None and target is not None:
            direction = "decrease" if target < baseline else "increase"
        disaggregate = tuple(getattr(model, "disaggregate", ()) or ()) if model is not None else ()
        aggregate = pick("aggregate")
        if aggregate is None and typ == "number":
            # a number broken down into parts that add up to it is a count: summed (§6.11)
            aggregate = "sum" if (disaggregate or ind.get("by")) else "mean"
        title = None
        if model is not None:
            title = model.text.get(self.lang)
        return Facts(typ, direction, baseline, target, pick("unit"), aggregate, disaggregate, title)

    def option_score(self, result: Mapping[str, Any], iid: str, value: Any) -> float | None:
        """The score in [0, 1] a choice/level/yesno *answer value* would get (for road map
        targets), or None when the checklist is not known."""
        c = self.checklist(result)
        ind = c.indicators.get(iid) if c is not None else None
        if ind is None:
            return None
        from ..scoring import plan_for, value_score
        try:
            return value_score(ind, value, plan_for(c))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None


# --------------------------------------------------------------------------- harmonising inputs

def checklist_ref(result: Mapping[str, Any]) -> dict:
    info = result.get("checklist") or {}
    return {"id": info.get("id"), "version": info.get("version"), "sha256": info.get("sha256")}


def _version_key(v: Any) -> tuple:
    parts = re.split(r"[.\-]", str(v or ""))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


@dataclass
class Inputs:
    """Results that can be used together, and what was decided about them."""

    results: list[dict]
    checklists: list[dict]                 # [{id, version, sha256}], newest version last
    shared_indicators: set[str] | None     # None: one version, every id is shared
    shared_sections: set[str] | None
    profile: str | None
    problems: list[Problem]

    def header(self) -> dict:
        """The JSON header every monitoring output starts with."""
        out: dict[str, Any] = {"ledcheck": 1,
                               "checklist": self.checklists[-1] if self.checklists else None}
        out["checklists"] = list(self.checklists)
        if self.profile is not None:
            out["profile"] = self.profile
        return out


def _ids(result: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    inds: set[str] = set()
    secs: set[str] = set()

    def walk(sections):
        for s in sections or ():
            secs.add(s.get("id"))
            for i in s.get("indicators") or ():
                inds.add(i.get("id"))
            walk(s.get("sections"))
    walk(result.get("sections"))
    return inds, secs


def _profile_of(value: Any) -> str | None:
    """A profile as results are compared by it: ``all`` and none are the whole checklist."""
    return None if value in (None, "", "all") else str(value)


#: Scores a result's submission again under a profile (``None``: the whole checklist); None
#: when the result cannot be rescored (a result read from JSON). See
#: :meth:`ledcheck.monitor.inputs.Collected.rescore`.
Rescore = Callable[[Mapping[str, Any], str | None], "dict | None"]


def settle_profile(results: list[dict], profile: str | None, rescore: Rescore | None,
                   problems: list[Problem], keep: bool = False) -> tuple[str | None, list[dict]]:
    """The one profile every input is used under (§6.11): ``profile``, else the one all inputs
    share, else the whole checklist with a warning. A result scored under another profile is
    scored again under it (``rescore``); one that cannot be (a result read from JSON) is left
    out with a warning (``keep``: kept as it is, its own profile showing in ``profile``).
    Returns (profile, results in the same order)."""
    chosen = _profile_of(profile)
    if profile is None:
        profiles = {_profile_of(r.get("profile")) for r in results}
        if len(profiles) > 1:
            problems.append(Problem(WARNING, "the inputs were scored with different profiles ("
                                    + ", ".join(sorted(str(p or "all") for p in profiles))
                                    + "): every round is scored on the whole checklist; give --profile to "
                                      "compare them on what they share", rule=RULE_PROFILE))
        elif profiles:
            chosen = profiles.pop()
    kept: list[dict] = []
    for r in results:
        own = _profile_of(r.get("profile"))
        if own == chosen:
            kept.append(r)
            continue
        again = rescore(r, chosen) if rescore is not None else None
        if again is not None:
            kept.append(again)
            continue
        fate = "used as it is (its own profile shown)" if keep else "left out"
        problems.append(Problem(WARNING, f"this result was scored under profile '{own or 'all'}' and cannot "
                                         f"be scored again under '{chosen or 'all'}' (its answers are not in "
                                         f"it): {fate}; give its submission file instead",
                                rule=RULE_PROFILE, file=str(r.get("source") or "")))
        if keep:
            kept.append(r)
    # an explicit --profile all is named as such in the outputs
    return (profile if profile == "all" else chosen), kept


def harmonise(results: Iterable[Mapping[str, Any]], profile: str | None = None,
              rescore: Rescore | None = None, keep: bool = False) -> Inputs:
    """Keep the inputs of the checklist most of them answer (the others are left out with an
    error each), note several versions of it (a warning; ids shared by all are used), and settle
    the one profile (:func:`settle_profile`): every round is then scored under it."""
    rows: list[dict] = [r if isinstance(r, dict) else dict(r) for r in results]
    problems: list[Problem] = []
    if not rows:
        return Inputs([], [], None, None, profile, problems)
    counts = Counter((r.get("checklist") or {}).get("id") for r in rows)
    main = counts.most_common(1)[0][0]
    if len(counts) > 1:
        # ties go to the checklist seen first
        top = max(counts.values())
        main = next((r.get("checklist") or {}).get("id") for r in rows
                    if counts[(r.get("checklist") or {}).get("id")] == top)
    kept: list[dict] = []
    for r in rows:
        cid = (r.get("checklist") or {}).get("id")
        if cid != main:
            problems.append(Problem(ERROR, f"answers checklist '{cid}', but the other inputs answer "
                                           f"'{main}': two checklists cannot be compared; left out",
                                    rule=RULE_CHECKLIST, file=str(r.get("source") or "")))
        else:
            kept.append(r)
    profile, kept = settle_profile(kept, profile, rescore, problems, keep)
    versions: dict[str, dict] = {}
    for r in kept:
        ref = checklist_ref(r)
        versions.setdefault(str(ref["version"]), ref)
    ordered = [versions[v] for v in sorted(versions, key=_version_key)]
    shared_i = shared_s = None
    if len(ordered) > 1:
        per: dict[str, tuple[set[str], set[str]]] = {}
        for r in kept:
            per.setdefault(str(checklist_ref(r)["version"]), _ids(r))
        shared_i = set.intersection(*(p[0] for p in per.values()))
        shared_s = set.intersection(*(p[1] for p in per.values()))
        problems.append(Problem(WARNING, f"the inputs use {len(ordered)} versions of checklist '{main}' ("
                                         f"{', '.join(str(o['version']) for o in ordered)}): only the "
                                         f"{len(shared_i)} indicators and {len(shared_s)} sections they "
                                         "share are compared", rule=RULE_CHECKLIST))
    return Inputs(kept, ordered, shared_i, shared_s, profile, problems)


# --------------------------------------------------------------------------- walking results

def walk_sections(result: Mapping[str, Any]):
    """(section, depth, top-level id) for every section, depth first, in checklist order."""
    def walk(sections, depth, top):
        for s in sections or ():
            t = top or s.get("id")
            yield s, depth, t
            yield from walk(s.get("sections"), depth + 1, t)
    yield from walk(result.get("sections"), 0, None)


def indicators(result: Mapping[str, Any]) -> dict[str, tuple[dict, str]]:
    """{indicator id: (indicator result, id of the section holding it)} in checklist order."""
    out = {}
    for s, _depth, _top in walk_sections(result):
        for i in s.get("indicators") or ():
            out[i.get("id")] = (i, s.get("id"))
    return out


def sections(result: Mapping[str, Any]) -> dict[str, tuple[dict, int]]:
    """{section id: (section result, depth)} in checklist order."""
    return {s.get("id"): (s, depth) for s, depth, _top in walk_sections(result)}


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def diff(before: Any, after: Any) -> float | None:
    """``after - before`` when both are numbers, else None."""
    return after - before if is_number(before) and is_number(after) else None
