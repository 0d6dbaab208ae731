"""Two rounds of one subject, side by side (FORMAT.md §6.8 ``compare``, §6.11 "Compare").

Overall, section and indicator scores before and after with the change; each indicator's
movement by its score (``up``, ``down``, ``same`` when both are scored, ``new`` when scored only
after, ``dropped`` when only before); for numbers the distance travelled from the subject's own
earlier value to the after round's effective target, ``(after - before) / (target - before)``,
not clamped and null when the target equals the before value; and the ratings that changed.

Indicator scores stay on 0–1 as in FORMAT.md §4, section and overall scores on 0–100.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ERROR, WARNING, Problem
from .rounds import (
    RULE_CHECKLIST,
    RULE_ROUNDS,
    FactBook,
    Inputs,
    Rescore,
    diff,
    harmonise,
    indicators,
    is_number,
    round_label,
    round_start,
    sections,
    subject_key,
)

MOVEMENTS = ("up", "down", "same", "new", "dropped")


def round_info(result: Mapping[str, Any]) -> dict[str, Any]:
    """The identity of a round as monitoring outputs show it."""
    return {k: result.get(k) for k in ("source", "subject", "subject_id", "period", "reference_period",
                                       "date", "score", "rating", "profile")} | {"label": round_label(result)}


def movement(before: Any, after: Any) -> str | None:
    """``up``/``down``/``same``/``new``/``dropped`` from two scores (None: excluded)."""
    if before is None and after is None:
        return None
    if before is None:
        return "new"
    if after is None:
        return "dropped"
    return "up" if after > before else ("down" if after < before else "same")


def distance(before: Any, after: Any, target: Any) -> float | None:
    """Distance travelled ``(after - before) / (target - before)``: 1 is the whole way to the
    target, 0 no move, negative a move away; None when it cannot be computed."""
    if not (is_number(before) and is_number(after) and is_number(target)) or target == before:
        return None
    travelled: float | None = (after - before) / (target - before)
    return travelled


def compare(before: Mapping[str, Any], after: Mapping[str, Any], *, facts: FactBook | None = None,
            profile: str | None = None, inputs: Inputs | None = None,
            rescore: Rescore | None = None) -> dict[str, Any]:
    """The comparison of two results (JSON-ready; see the module docstring).

    Both rounds are used under one profile (:func:`~ledcheck.monitor.rounds.settle_profile`);
    ``rescore`` scores a submission again under it (a result that cannot be is used as it is,
    with a warning).

    Inputs that answer different checklists give an error problem and the overall scores only;
    different versions compare on the ids they share (a warning); different subjects a warning.
    """
    facts = facts or FactBook()
    problems: list[Problem] = []
    if inputs is None:
        inputs = harmonise([before, after], profile, rescore, keep=True)
        if len(inputs.results) == 2:   # rescored under the one profile
            before, after = inputs.results
    problems.extend(p for p in inputs.problems if p.rule != RULE_CHECKLIST or p.severity != ERROR)
    cid_b = (before.get("checklist") or {}).get("id")
    cid_a = (after.get("checklist") or {}).get("id")
    mixed = cid_b != cid_a
    if mixed:
        problems.append(Problem(ERROR, f"BEFORE answers checklist '{cid_b}' and AFTER '{cid_a}': "
                                       "only the overall scores are shown, sections and indicators "
                                       "of two checklists cannot be compared",
                                rule=RULE_CHECKLIST, file=str(after.get("source") or "")))
    if subject_key(before) != subject_key(after):
        problems.append(Problem(WARNING, f"BEFORE is '{before.get('subject')}' and AFTER is "
                                         f"'{after.get('subject')}': these are not rounds of one subject",
                                rule=RULE_ROUNDS, file=str(after.get("source") or "")))

    kb, ka = round_start(before), round_start(after)
    if kb is not None and ka is not None and kb > ka:
        problems.append(Problem(WARNING, f"BEFORE ({round_label(before)}) is later than AFTER "
                                         f"({round_label(after)}): the changes are shown as asked, "
                                         "from BEFORE to AFTER; swap them to see progress",
                                rule=RULE_ROUNDS, file=str(before.get("source") or "")))
    out: dict[str, Any] = inputs.header() if inputs.checklists else {"ledcheck": 1}
    if mixed:
        out["checklists"] = [dict(before.get("checklist") or {}), dict(after.get("checklist") or {})]
        out["checklist"] = dict(after.get("checklist") or {})
    out["before"] = round_info(before)
    out["after"] = round_info(after)
    out["overall"] = {"before": before.get("score"), "after": after.get("score"),
                      "change": diff(before.get("score"), after.get("score")),
                      "rating_before": before.get("rating"), "rating_after": after.get("rating")}
    ratings = []
    if before.get("rating") != after.get("rating"):
        ratings.append({"scope": "overall", "id": None, "before": before.get("rating"),
                        "after": after.get("rating")})
    out_sections: list[dict[str, Any]] = []
    out_inds: list[dict[str, Any]] = []
    numbers: list[dict[str, Any]] = []
    if not mixed:
        shared_s, shared_i = inputs.shared_sections, inputs.shared_indicators
        sb, sa = sections(before), sections(after)
        for sid in _union(sa, sb):
            if shared_s is not None and sid not in shared_s:
                continue
            s_b, s_a = sb.get(sid, (None, None))[0] or {}, sa.get(sid, (None, None))[0] or {}
            depth = sa[sid][1] if sid in sa else sb[sid][1]
            row = {"id": sid, "title": s_a.get("title") or s_b.get("title"), "depth": depth,
                   "before": s_b.get("score"), "after": s_a.get("score"),
                   "change": diff(s_b.get("score"), s_a.get("score")),
                   "rating_before": s_b.get("rating"), "rating_after": s_a.get("rating")}
            out_sections.append(row)
            if row["rating_before"] != row["rating_after"]:
                ratings.append({"scope": "section", "id": sid, "before": row["rating_before"],
                                "after": row["rating_after"]})
        ib, ia = indicators(before), indicators(after)
        for iid in _union(ia, ib):
            if shared_i is not None and iid not in shared_i:
                continue
            i_b, sec_b = ib.get(iid, ({}, None))
            i_a, sec_a = ia.get(iid, ({}, None))
            move = movement(i_b.get("score"), i_a.get("score"))
            f = facts.facts(after, i_a) if i_a else facts.facts(before, i_b)
            out_inds.append({"id": iid, "text": f.title, "section": sec_a or sec_b,
                             "status_before": i_b.get("status"), "status_after": i_a.get("status"),
                             "value_before": i_b.get("value"), "value_after": i_a.get("value"),
                             "before": i_b.get("score"), "after": i_a.get("score"),
                             "change": diff(i_b.get("score"), i_a.get("score")), "movement": move})
            if f.type == "number":
                target = f.target
                vb, va = i_b.get("value"), i_a.get("value")
                numbers.append({"id": iid, "text": f.title, "unit": f.unit, "direction": f.direction,
                                "baseline": f.baseline, "target": target,
                                "before": vb if is_number(vb) else None,
                                "after": va if is_number(va) else None,
                                "change": diff(vb, va), "distance": distance(vb, va, target)})
    out["sections"] = out_sections
    out["indicators"] = out_inds
    out["movement"] = {m: [r["id"] for r in out_inds if r["movement"] == m] for m in MOVEMENTS}
    out["numbers"] = numbers
    out["ratings"] = ratings
    out["problems"] = [problem_dict(p) for p in problems]
    return out


def _union(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[Any]:
    """Keys of ``first`` in order, then those only in ``second``."""
    return list(first) + [k for k in second if k not in first]


def problem_dict(p: Problem) -> dict[str, Any]:
    """A problem in monitoring JSON: with its file and rule."""
    d = p.to_dict(rule=True)
    d["file"] = p.file or None
    return d
