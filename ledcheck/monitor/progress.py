"""Every subject's rounds in order (FORMAT.md §6.8 ``progress``, §6.11 "Rounds").

A row per subject with each round's overall and top-level section scores and the change from
the first round to the last; per subject a "since baseline" comparison of its first and last
rounds (:func:`ledcheck.monitor.compare.compare`); with road maps, each milestone judged
(:mod:`ledcheck.monitor.roadmap`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import WARNING, Problem
from .compare import compare, problem_dict, round_info
from .rounds import RULE_ROUNDS, FactBook, Rescore, diff, group_subjects, harmonise


def top_sections(results: Sequence[Mapping[str, Any]], shared: set[str] | None) -> list[tuple[str, str]]:
    """(id, title) of the top-level sections, in order of first appearance, newest titles."""
    seen: dict[str, str] = {}
    for r in reversed(results):
        for s in r.get("sections") or ():
            sid = s.get("id")
            if shared is not None and sid not in shared:
                continue
            seen.setdefault(sid, s.get("title") or sid)
    order: list[str] = []
    for r in results:
        for s in r.get("sections") or ():
            if s.get("id") in seen and s.get("id") not in order:
                order.append(s.get("id"))
    return [(sid, seen[sid]) for sid in order]


def progress(results: Iterable[Mapping[str, Any]], *, facts: FactBook | None = None,
             profile: str | None = None, roadmaps: Iterable[Any] = (),
             rescore: Rescore | None = None) -> dict[str, Any]:
    """Progress of every subject (JSON-ready).

    ``roadmaps`` are :class:`ledcheck.monitor.roadmap.Roadmap` values; each is matched to its
    subject (by ``subject_id``, else normalised name) and its milestones judged on that
    subject's rounds. A subject with one round, or a road map with no rounds, is a warning.
    Every round is used under one profile; ``rescore`` scores a submission again under it
    (:func:`~ledcheck.monitor.rounds.settle_profile`).
    """
    facts = facts or FactBook()
    inputs = harmonise(results, profile, rescore)
    problems: list[Problem] = list(inputs.problems)
    subjects, more = group_subjects(inputs.results)
    problems.extend(more)
    tops = top_sections(inputs.results, inputs.shared_sections)
    top_ids = [sid for sid, _ in tops]
    roadmaps = list(roadmaps)
    by_key: dict[tuple[Any, ...], list[Any]] = {}
    main = inputs.checklists[-1]["id"] if inputs.checklists else None
    for rm in roadmaps:
        if main is not None and rm.checklist != main:
            problems.append(Problem(WARNING, f"road map '{rm.id}' targets checklist '{rm.checklist}', but the "
                                             f"inputs answer '{main}': its section and indicator targets may "
                                             "not match", rule="roadmap", file=rm.source))
        by_key.setdefault(rm.subject_key, []).append(rm)
    out_subjects = []
    for subj in subjects:
        rounds = []
        for r in subj.rounds:
            secs = {s.get("id"): s.get("score") for s in r.get("sections") or ()}
            rounds.append(round_info(r) | {"sections": {sid: secs.get(sid) for sid in top_ids}})
        first, last = subj.rounds[0], subj.rounds[-1]
        entry: dict[str, Any] = {
            "subject": subj.name, "subject_id": subj.subject_id, "rounds": rounds,
            "change": diff(first.get("score"), last.get("score")) if len(rounds) > 1 else None,
            "sections": [{"id": sid, "title": title,
                          "scores": [rd["sections"][sid] for rd in rounds],
                          "change": diff(rounds[0]["sections"][sid], rounds[-1]["sections"][sid])
                          if len(rounds) > 1 else None} for sid, title in tops],
        }
        if len(rounds) == 1:
            problems.append(Problem(WARNING, f"'{subj.name}' has only one round ({rounds[0]['label']}): "
                                             "no change to show", rule=RULE_ROUNDS,
                                    file=str(first.get("source") or "")))
            entry["since_baseline"] = None
        else:
            since = compare(first, last, facts=facts, inputs=inputs)
            for k in ("ledcheck", "checklist", "checklists", "profile", "problems"):
                since.pop(k, None)
            entry["since_baseline"] = since
        if roadmaps:
            from .roadmap import judge
            entry["milestones"] = []
            for rm in by_key.pop(subj.key, []):
                entry["milestones"].extend(judge(rm, subj.rounds, facts=facts))
        out_subjects.append(entry)
    for rms in by_key.values():
        for rm in rms:
            problems.append(Problem(WARNING, f"road map '{rm.id}' is for '{rm.subject_label}', which has "
                                             "no rounds among the inputs: its milestones are not judged",
                                    rule="roadmap", file=rm.source))
    out = inputs.header() if inputs.checklists else {"ledcheck": 1, "checklist": None}
    out["sections"] = [{"id": sid, "title": title} for sid, title in tops]
    out["rounds"] = max((len(s["rounds"]) for s in out_subjects), default=0)
    out["subjects"] = out_subjects
    out["problems"] = [problem_dict(p) for p in problems]
    return out
