"""Road map files (FORMAT.md §6.9, §6.11 "Road map milestones"): load, validate, judge.

A road map names its subject (``subject_id`` and/or ``subject``), the checklist it targets and
its milestones, each due on a date with targets for the overall score, section scores and
indicator answers; ``responsibilities`` name the lead agency (and partners) per indicator.

A milestone is judged on the subject's first round whose reference period ends (else whose date
falls) on or after ``due``: ``met`` when every target is reached, else ``missed``; with no such
round it is ``pending``. An indicator target whose answer is ``na`` is dropped; ``no_data``,
missing, ``not_selected`` (and any other unscored status) is missed; a null section score is
missed. Numbers compare by the round's effective direction, levels by value, yesno as ``yes`` >
``partial`` > ``no``, choices by the option's score, multi by a target in percent of its score.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ERROR, WARNING, Problem
from .rounds import (
    RULE_ROADMAP,
    FactBook,
    indicators,
    is_number,
    normalise_name,
    round_end,
    round_label,
    sections,
)

TOP_KEYS = ("ledcheck", "roadmap", "checklist", "subject", "subject_id", "vision", "milestones",
            "responsibilities")
MILESTONE_KEYS = ("due", "score", "sections", "indicators")
RESPONSIBILITY_KEYS = ("lead", "partners")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_YESNO_RANK = {False: 0, "partial": 1, True: 2}

MET, MISSED, PENDING, DROPPED = "met", "missed", "pending", "dropped"


@dataclass(frozen=True)
class Milestone:
    due: dt.date
    score: float | None = None
    sections: dict[str, float] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Roadmap:
    """A validated road map."""

    id: str
    checklist: str
    subject: str | None
    subject_id: str | None
    milestones: tuple[Milestone, ...]
    responsibilities: dict[str, dict] = field(default_factory=dict)
    vision: Any = None
    source: str = ""

    @property
    def subject_key(self) -> tuple[str, str]:
        """Matched as rounds are (§6.4): by subject_id, else by normalised name."""
        if self.subject_id:
            return ("id", self.subject_id)
        return ("name", normalise_name(self.subject))

    @property
    def subject_label(self) -> str:
        return self.subject or self.subject_id or "?"

    def lead(self, ref: str) -> str | None:
        r = self.responsibilities.get(ref)
        return r.get("lead") if isinstance(r, Mapping) else None


# --------------------------------------------------------------------------- loading and checking

def is_roadmap(data: Any) -> bool:
    """Road maps are told from the other files by their top-level ``roadmap:`` key (§6.11)."""
    return isinstance(data, dict) and "roadmap" in data and "answers" not in data


def load_roadmap(path: str | os.PathLike, checklist: Any = None,
                 max_bytes: int | None = None) -> tuple[Roadmap | None, list[Problem]]:
    """Read and check a road map file. Raises :class:`~ledcheck.errors.LedcheckError` when it
    cannot be read as YAML; otherwise returns the road map (None when it has errors that make it
    unusable) and every problem found, located at its line and column."""
    from .. import yamlio
    doc = yamlio.load(path, max_bytes)
    return check_roadmap(doc, checklist)


class _Checker:
    """The checks of one road map document; ``problems`` collects what they find, located."""

    def __init__(self, doc: Any, checklist: Any):
        from ..checklist import did_you_mean
        self.doc, self.checklist, self.hint = doc, checklist, did_you_mean
        self.problems: list[Problem] = []
        self.sec_ids = {s.id for s in checklist.walk_sections()} if checklist is not None else None
        self.inds = checklist.indicators if checklist is not None else None

    def add(self, severity: str, message: str, path: tuple, key: bool = False, rule: str = RULE_ROADMAP):
        line, col = self.doc.locate_key(path) if key else self.doc.locate(path)
        dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")
        self.problems.append(Problem(severity, message, line, col, dotted, rule, self.doc.path))

    def keys(self, data: dict, allowed: tuple, here: tuple) -> None:
        for k in data:
            if k not in allowed:
                self.add(ERROR, f"unknown key '{k}'{self.hint(k, allowed)}", here + (k,), True, "unknown-key")

    def header(self, data: dict) -> None:
        self.keys(data, TOP_KEYS, ())
        if data.get("ledcheck") != 1:
            self.add(ERROR, "'ledcheck: 1' is required (the format version)" if "ledcheck" not in data
                     else "'ledcheck' must be 1, the only format version", ("ledcheck",), rule="format-version")
        rid = data.get("roadmap")
        if not isinstance(rid, str) or not _ID.match(rid):
            self.add(ERROR, "'roadmap' (the road map's id) is required: lower-case letters, digits, '.', '_' "
                            "and '-', e.g. da-nang-sme-2030" + (" (quote it if it reads as a boolean or number)"
                                                               if rid is not None else ""), ("roadmap",), rule="id")
        cid = data.get("checklist")
        if not isinstance(cid, str) or not cid:
            self.add(ERROR, "'checklist' (the id of the checklist the road map targets) is required",
                     ("checklist",), rule="required")
        elif self.checklist is not None and cid != self.checklist.id:
            self.add(ERROR, f"the road map targets checklist '{cid}', not '{self.checklist.id}'", ("checklist",))
        if data.get("subject") is None and data.get("subject_id") is None:
            self.add(ERROR, "give 'subject' (the name) and/or 'subject_id': whose road map is it?", (),
                     rule="required")
        for k in ("subject", "subject_id"):
            v = data.get(k)
            if v is not None and (not isinstance(v, (str, int)) or isinstance(v, bool)):
                self.add(ERROR, f"'{k}' must be text (quote it)", (k,))
        vision = data.get("vision")
        if vision is not None and not isinstance(vision, str) and not (
                isinstance(vision, dict) and all(isinstance(v, str) for v in vision.values())):
            self.add(ERROR, "'vision' must be text or a map from language code to text", ("vision",))

    def milestone(self, n: int, m: Any) -> Milestone | None:
        here = ("milestones", n)
        if not isinstance(m, dict):
            self.add(ERROR, "a milestone must be a mapping with 'due' and its targets", here)
            return None
        self.keys(m, MILESTONE_KEYS, here)
        due = _date(m.get("due"))
        if due is None:
            if "due" in m:
                self.add(ERROR, "'due' must be a date written YYYY-MM-DD", here + ("due",), rule="type")
            else:
                self.add(ERROR, "'due' is required: a date written YYYY-MM-DD", here, rule="required")
        score = m.get("score")
        if score is not None and not (is_number(score) and 0 <= score <= 100):
            self.add(ERROR, "'score' must be a number from 0 to 100", here + ("score",), rule="range")
            score = None
        secs = self.section_targets(m.get("sections") or {}, here)
        inds = self.indicator_targets(m.get("indicators") or {}, here)
        if due is None:
            return None
        if m.get("score") is None and not m.get("sections") and not m.get("indicators"):
            self.add(WARNING, "this milestone has no targets (score, sections or indicators)", here)
        return Milestone(due, score, secs, inds)

    def section_targets(self, secs: Any, here: tuple) -> dict:
        if not isinstance(secs, dict):
            self.add(ERROR, "'sections' must map section ids to target scores (0–100)", here + ("sections",))
            return {}
        good = {}
        for sid, t in secs.items():
            if self.sec_ids is not None and sid not in self.sec_ids:
                self.add(ERROR, f"unknown section '{sid}'{self.hint(sid, self.sec_ids)}",
                         here + ("sections", sid), True)
            elif not (is_number(t) and 0 <= t <= 100):
                self.add(ERROR, f"the target of section '{sid}' must be a score from 0 to 100",
                         here + ("sections", sid))
            else:
                good[str(sid)] = t
        return good

    def indicator_targets(self, targets: Any, here: tuple) -> dict:
        if not isinstance(targets, dict):
            self.add(ERROR, "'indicators' must map indicator ids to target answers", here + ("indicators",))
            return {}
        good = {}
        for iid, t in targets.items():
            if self.inds is not None:
                ind = self.inds.get(iid)
                if ind is None:
                    self.add(ERROR, f"unknown indicator '{iid}'{self.hint(iid, self.inds)}",
                             here + ("indicators", iid), True)
                    continue
                why = _bad_target(ind, t)
                if why:
                    self.add(ERROR, f"target of {iid}: {why}", here + ("indicators", iid))
                    continue
            good[str(iid)] = t
        return good

    def responsibilities(self, resp: Any) -> dict[str, dict]:
        good: dict[str, dict] = {}
        if not isinstance(resp, dict):
            self.add(ERROR, "'responsibilities' must map indicator or section ids to {lead, partners}",
                     ("responsibilities",))
            return good
        known = None if self.inds is None else list(self.inds) + list(self.sec_ids or ())
        for ref, r in resp.items():
            here = ("responsibilities", ref)
            if known is not None and ref not in known:
                self.add(ERROR, f"unknown indicator or section '{ref}'{self.hint(ref, known)}", here, True)
                continue
            if not isinstance(r, dict) or not isinstance(r.get("lead"), str):
                self.add(ERROR, "give the lead agency as {lead: ..., partners: [...]}", here)
                continue
            self.keys(r, RESPONSIBILITY_KEYS, here)
            partners = r.get("partners")
            if partners is not None and not (isinstance(partners, list) and all(isinstance(p, str) for p in partners)):
                self.add(ERROR, "'partners' must be a list of names", here + ("partners",))
            good[str(ref)] = {"lead": r["lead"], "partners": [p for p in partners or [] if isinstance(p, str)]}
        return good


def check_roadmap(doc: Any, checklist: Any = None) -> tuple[Roadmap | None, list[Problem]]:
    """Check a loaded road map (a :class:`ledcheck.yamlio.Document`) against §6.9 and, when
    given, its checklist (section and indicator ids, answer targets of the right kind)."""
    c = _Checker(doc, checklist)
    data = doc.data
    if not isinstance(data, dict):
        c.add(ERROR, "a road map must be a YAML mapping", ())
        return None, c.problems
    c.header(data)
    raw = data.get("milestones")
    if not isinstance(raw, list) or not raw:
        c.add(ERROR, "'milestones' is required: a list of {due, score, sections, indicators}", ("milestones",),
              rule="required")
        raw = raw if isinstance(raw, list) else []
    milestones = [m for m in (c.milestone(n, x) for n, x in enumerate(raw)) if m is not None]
    resp = c.responsibilities(data.get("responsibilities") or {})
    c.problems.sort(key=Problem.sort_key)
    rid, subject, subject_id = data.get("roadmap"), data.get("subject"), data.get("subject_id")
    if any(p.is_error for p in c.problems) and (not isinstance(rid, str) or (subject is None and subject_id is None)
                                                 or not milestones):
        return None, c.problems
    rm = Roadmap(id=str(rid), checklist=str(data.get("checklist") or ""),
                 subject=None if subject is None else str(subject),
                 subject_id=None if subject_id is None else str(subject_id),
                 milestones=tuple(sorted(milestones, key=lambda m: m.due)),
                 responsibilities=resp, vision=data.get("vision"), source=doc.path)
    return rm, c.problems


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            return None
    return None


def _bad_target(ind: Any, t: Any) -> str | None:
    """Why ``t`` cannot be a target of indicator ``ind`` (None: it can)."""
    typ = ind.type
    if typ == "text":
        return "a text indicator is not scored and cannot have a target"
    if typ == "number":
        return None if is_number(t) else "give a number"
    if typ == "levels":
        values = [lv.value for lv in ind.levels]
        return None if is_number(t) and t in values else f"give one of the levels {values}"
    if typ == "yesno":
        return None if t in (True, False, "partial") else "give yes, partial or no"
    if typ == "choice":
        ids = [o.id for o in ind.options]
        return None if isinstance(t, str) and t in ids else f"give one of the options {ids}"
    if typ == "multi":
        return None if is_number(t) and 0 <= t <= 100 else "give a percentage (0–100) of its score"
    return None


# --------------------------------------------------------------------------- judging

def reached(kind: str | None, value: Any, target: Any, *, direction: str | None = None,
            score: float | None = None, value_score: float | None = None,
            target_score: float | None = None) -> bool:
    """Whether an answer reaches an indicator target (see the module docstring)."""
    if kind == "number" or (kind is None and is_number(value) and is_number(target) and direction):
        if not (is_number(value) and is_number(target)):
            return False
        return value <= target if direction == "decrease" else value >= target
    if kind == "levels":
        return is_number(value) and is_number(target) and value >= target
    if kind == "yesno" or (kind is None and value in _YESNO_RANK and target in _YESNO_RANK):
        if value not in _YESNO_RANK or target not in _YESNO_RANK:
            return False
        return _YESNO_RANK[value] >= _YESNO_RANK[target]
    if kind == "choice":
        if value_score is not None and target_score is not None:
            return value_score >= target_score
        return value == target
    if kind == "multi":
        return score is not None and is_number(target) and score * 100 >= target
    if is_number(value) and is_number(target):
        return value >= target
    return value == target


def _at_least(actual: Any, target: float) -> str:
    """MET when a score reaches its target; a missing (null) score is MISSED."""
    return MET if is_number(actual) and actual >= target else MISSED


def judge(roadmap: Roadmap, rounds: Sequence[Mapping[str, Any]], *, facts: FactBook | None = None) -> list[dict]:
    """Each milestone of ``roadmap`` judged on ``rounds`` (one subject's, in order)."""
    facts = facts or FactBook()
    out = []
    for m in roadmap.milestones:
        r = next((x for x in rounds if (round_end(x) or dt.date.min) >= m.due and round_end(x)), None)
        entry: dict[str, Any] = {"roadmap": roadmap.id, "due": m.due.isoformat(), "status": PENDING,
                                 "round": round_label(r) if r is not None else None,
                                 "source": r.get("source") if r is not None else None, "targets": []}
        targets = entry["targets"]
        if m.score is not None:
            actual = r.get("score") if r is not None else None
            targets.append({"kind": "score", "id": None, "target": m.score, "actual": actual,
                            "status": PENDING if r is None else _at_least(actual, m.score), "lead": None})
        secs = sections(r) if r is not None else {}
        for sid, t in m.sections.items():
            actual = (secs.get(sid) or ({}, 0))[0].get("score") if r is not None else None
            st = PENDING if r is None else _at_least(actual, t)
            targets.append({"kind": "section", "id": sid, "target": t, "actual": actual, "status": st,
                            "lead": roadmap.lead(sid) if st == MISSED else None})
        inds = indicators(r) if r is not None else {}
        for iid, t in m.indicators.items():
            if r is None:
                targets.append({"kind": "indicator", "id": iid, "target": t, "actual": None,
                                "status": PENDING, "lead": None})
                continue
            ind = (inds.get(iid) or ({}, None))[0]
            value, status = ind.get("value"), ind.get("status")
            if status == "na":
                st = DROPPED
            elif status != "answered" or value is None:
                st = MISSED
            else:
                f = facts.facts(r, ind)
                vs = ts = None
                if f.type == "choice":
                    vs, ts = facts.option_score(r, iid, value), facts.option_score(r, iid, t)
                st = MET if reached(f.type, value, t, direction=f.direction, score=ind.get("score"),
                                    value_score=vs, target_score=ts) else MISSED
            targets.append({"kind": "indicator", "id": iid, "target": t, "actual": value, "status": st,
                            "lead": roadmap.lead(iid) if st == MISSED else None})
        if r is not None:
            entry["status"] = MISSED if any(x["status"] == MISSED for x in targets) else MET
        out.append(entry)
    return out


# --------------------------------------------------------------------------- schema and blank

SCHEMA_ID = "urn:ledcheck:schema:roadmap:1"


def schema() -> dict:
    """JSON Schema (draft 2020-12) of a road map file, for editors and other validators
    (``ledcheck schema roadmap``). ``validate`` checks more: ids against the checklist, targets
    of the right kind for each indicator. Dates are strings in JSON (``format: date``)."""
    def desc(text: str, **kw: Any) -> dict:
        return {"description": text, **kw}

    target_map = desc("Section id -> target score (0–100).", type="object",
                      additionalProperties={"type": "number", "minimum": 0, "maximum": 100})
    text = {"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ledcheck road map",
        "description": "Milestones with targets for one subject (FORMAT.md §6.9). `ledcheck validate FILE` "
                       "checks more than this schema can.",
        "type": "object",
        "required": ["ledcheck", "roadmap", "checklist", "milestones"],
        "anyOf": [{"required": ["subject"]}, {"required": ["subject_id"]}],
        "additionalProperties": False,
        "properties": {
            "ledcheck": desc("Format version: 1.", const=1),
            "roadmap": desc("The road map's id.", type="string", pattern=_ID.pattern),
            "checklist": desc("Id of the checklist the targets refer to.", type="string"),
            "subject": desc("The subject's name (matched as rounds are: NFC, case and spaces ignored).",
                            type=["string", "number"]),
            "subject_id": desc("The subject's stable id (preferred for matching rounds).",
                               type=["string", "number"]),
            "vision": {"description": "The vision, as text or a map from language code to text.", **text},
            "milestones": desc("Milestones, each judged on the first round whose reference period ends on or "
                               "after its due date.", type="array", minItems=1, items={
                "type": "object", "required": ["due"], "additionalProperties": False,
                "properties": {
                    "due": desc("Due date, YYYY-MM-DD.", type="string", format="date"),
                    "score": desc("Target overall score (0–100).", type="number", minimum=0, maximum=100),
                    "sections": target_map,
                    "indicators": desc("Indicator id -> target answer: a number or level (by direction), yes / "
                                       "partial / no, an option id, or for multi a percentage of its score.",
                                       type="object",
                                       additionalProperties={"type": ["number", "string", "boolean"]}),
                }}),
            "responsibilities": desc("Indicator or section id -> the lead agency and partners.", type="object",
                                     additionalProperties={
                                         "type": "object", "required": ["lead"], "additionalProperties": False,
                                         "properties": {"lead": {"type": "string"},
                                                        "partners": {"type": "array", "items": {"type": "string"}}}}),
        },
    }


def check_roadmap_file(doc: Any, resolve: Any) -> list[Problem]:
    """Every problem of a loaded road map, for ``validate``: its checklist found by
    ``resolve(id)`` (a :class:`ledcheck.library.Resolver`); a checklist that is not available is a
    warning at the ``checklist:`` line and the targets are checked without it."""
    from ..errors import LedcheckError
    data = doc.data if isinstance(doc.data, dict) else {}
    cid = data.get("checklist")
    checklist = None
    extra: list[Problem] = []
    if isinstance(cid, str) and cid:
        try:
            checklist = resolve(cid)
        except LedcheckError as exc:
            line, col = doc.locate(("checklist",))
            extra.append(Problem(WARNING, f"{exc.message}: section and indicator targets are not checked",
                                 line, col, "checklist", "checklist-ref", doc.path))
    _rm, problems = check_roadmap(doc, checklist)
    return sorted(problems + extra, key=Problem.sort_key)


def blank_from_submission(path: str | os.PathLike, checklist: Any = None, lang: str | None = None) -> str:
    """``template --roadmap SUBMISSION``: a blank road map (YAML text) for the subject of the
    submission at ``path``, its checklist found by the submission's ``checklist:`` id unless
    given. Raises :class:`~ledcheck.errors.LedcheckError` when either cannot be used."""
    from ..batch import checklist_for
    from ..library import Resolver
    from ..submission import load_submission
    sub = load_submission(path)
    cl = checklist_for(sub, Resolver(checklist))
    return blank(sub.data, cl, lang)


def _q(text: Any) -> str:
    """A YAML double-quoted scalar (safe for any text)."""
    import json
    return json.dumps(str(text), ensure_ascii=False)


def blank(subject: Mapping[str, Any], checklist: Any, lang: str | None = None) -> str:
    """A blank road map (YAML text) for the subject of a submission or result, listing every
    section and scored indicator of ``checklist`` as comments to fill in."""
    from ..render import one_line
    lang = checklist.pick_lang(lang) if hasattr(checklist, "pick_lang") else None
    name = subject.get("subject")
    base = re.sub(r"[^a-z0-9]+", "-", normalise_name(name or subject.get("subject_id") or "subject")).strip("-")
    lines = [(f"# Road map for {one_line(str(name or subject.get('subject_id') or ''))}: fill in the "
             "targets, delete what you do not use."),
             "ledcheck: 1", f"roadmap: {_q((base or 'subject') + '-roadmap')}", f"checklist: {_q(checklist.id)}"]
    if name is not None:
        lines.append(f"subject: {_q(name)}")
    if subject.get("subject_id") not in (None, ""):
        lines.append(f"subject_id: {_q(subject.get('subject_id'))}")
    lines += ["vision: \"\"", "milestones:", "  - due: 2030-12-31", "    score: 75",
              "    sections:"]
    for s in checklist.walk_sections():
        lines.append(f"      # {s.id}: 70  # {one_line(s.title.get(lang))}")
    lines.append("    indicators:")
    for ind in checklist.indicators.values():
        if ind.type == "text":
            continue
        hint = {"number": f"a number ({'lower' if (ind.target or 0) < ind.baseline else 'higher'} is better)",
                "levels": "a level " + "/".join(str(lv.value) for lv in ind.levels),
                "yesno": "yes | partial | no", "choice": " | ".join(o.id for o in ind.options),
                "multi": "percent of its score"}.get(ind.type, "")
        lines.append(f"      # {ind.id}:   # {hint}: {one_line(ind.text.get(lang))[:80]}")
    lines += ["responsibilities:", "  # ID: {lead: \"Department ...\", partners: [\"...\"]}", ""]
    return "\n".join(lines)


def load_many(paths: Iterable[str], checklist_for=None) -> tuple[list[Roadmap], list[Problem]]:
    """Load several road maps; one that cannot be read becomes a problem, the rest are used.
    ``checklist_for(id)`` returns the checklist to check against (or raises / returns None)."""
    from ..errors import LedcheckError
    out: list[Roadmap] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            from .. import yamlio
            doc = yamlio.load(p)
            cl = None
            if checklist_for is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("checklist"), str):
                try:
                    cl = checklist_for(doc.data["checklist"])
                except LedcheckError:
                    cl = None
            rm, probs = check_roadmap(doc, cl)
        except LedcheckError as exc:
            problems.append(exc.as_problem())
            continue
        problems.extend(probs)
        if rm is not None:
            out.append(rm)
    return out, problems


__all__ = ["Milestone", "Roadmap", "blank", "blank_from_submission", "check_roadmap", "check_roadmap_file",
           "is_roadmap", "judge", "load_many", "load_roadmap", "reached", "schema"]
