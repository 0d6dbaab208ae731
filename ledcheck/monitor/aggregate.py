"""Groups of subjects (FORMAT.md §6.8 ``aggregate``, §6.11 "Aggregate").

Subjects are grouped by a ``meta`` field (or ``period``, ``profile``); each subject's latest
round is used unless a period is asked for (``--period P`` matches ``period`` or
``reference_period`` text), and ``--by period`` uses every round. Per group: the number of
subjects, mean, median, min and max of the overall and top-section scores, each subject's
competition rank (1, 2, 2, 4; a null score is unranked), and for every number indicator the sum
and mean of the values and, for ``sum`` indicators, the sum of each breakdown category with its
share of the values' sum (a value without ``by`` counts wholly as ``unknown``).
"""
from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import WARNING, Problem
from .compare import problem_dict, round_info
from .progress import top_sections
from .rounds import FactBook, Rescore, group_subjects, harmonise, indicators, is_number

UNKNOWN = "unknown"


def stats(values: Iterable[Any]) -> dict[str, Any]:
    """``{"n", "mean", "median", "min", "max"}`` of the numbers among ``values`` (None ignored)."""
    xs = [v for v in values if is_number(v)]
    if not xs:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None}
    return {"n": len(xs), "mean": statistics.fmean(xs), "median": statistics.median(xs),
            "min": min(xs), "max": max(xs)}


def competition_ranks(scores: list[Any]) -> list[int | None]:
    """Rank of each score, highest first, ties sharing the best place (1, 2, 2, 4); None unranked."""
    ranked = sorted((s for s in scores if is_number(s)), reverse=True)
    first: dict[float, int] = {}
    for pos, s in enumerate(ranked, 1):
        first.setdefault(s, pos)
    return [first[s] if is_number(s) else None for s in scores]


def group_value(result: Mapping[str, Any], by: str) -> Any:
    """The value a result is grouped by: ``period``, ``profile``, else a ``meta`` field
    (``meta.country`` and ``country`` alike)."""
    if by in ("period", "profile"):
        return result.get(by)
    field = by.removeprefix("meta.")
    meta = result.get("meta")
    return meta.get(field) if isinstance(meta, Mapping) else None


def _matches_period(result: Mapping[str, Any], period: str) -> bool:
    return period in (str(result.get("period") or ""), str(result.get("reference_period") or ""))


def _group_key(value: Any) -> tuple[Any, ...]:
    return (value is None, str(type(value).__name__) if value is not None else "", str(value))


def select_rounds(results: list[dict[str, Any]], by: str,
                  period: str | None) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The rounds an aggregate uses: every round for ``--by period``, else each subject's latest
    (among those of ``period`` when given)."""
    subjects, problems = group_subjects(results)
    if by == "period":
        chosen = [r for s in subjects for r in s.rounds if period is None or _matches_period(r, period)]
        return chosen, problems
    chosen = []
    for s in subjects:
        rounds = [r for r in s.rounds if period is None or _matches_period(r, period)]
        if rounds:
            chosen.append(rounds[-1])
    return chosen, problems


def number_sums(rounds: list[dict[str, Any]], facts: FactBook, shared: set[str] | None,
                categories: Mapping[str, Iterable[str]] | None = None) -> list[dict[str, Any]]:
    """For every number indicator: n, sum, mean, the aggregate (``sum``/``mean``/``none``) and, for
    ``sum`` indicators, each breakdown's category sums with shares (``unknown`` always listed)."""
    order: list[str] = []
    data: dict[str, dict[str, Any]] = {}
    for r in rounds:
        for iid, (ind, _sec) in indicators(r).items():
            if shared is not None and iid not in shared:
                continue
            f = facts.facts(r, ind)
            if f.type != "number":
                continue
            d = data.get(iid)
            if d is None:
                order.append(iid)
                d = data[iid] = {"facts": f, "values": [], "bys": []}
            v = ind.get("value")
            if ind.get("status") == "answered" and is_number(v):
                d["values"].append(v)
                d["bys"].append(ind.get("by") if isinstance(ind.get("by"), Mapping) else None)
    out = []
    for iid in order:
        d = data[iid]
        f, values = d["facts"], d["values"]
        total = sum(values) if values else None
        mean = statistics.fmean(values) if values else None
        mode = f.aggregate or "mean"
        row: dict[str, Any] = {"id": iid, "text": f.title, "unit": f.unit, "aggregate": mode, "n": len(values),
                               "sum": total, "mean": mean,
                               "value": total if mode == "sum" else (mean if mode == "mean" else None),
                               "breakdowns": {}}
        if mode == "sum":
            row["breakdowns"] = breakdown_sums(f, values, d["bys"], total, categories)
        out.append(row)
    return out


def breakdown_sums(f: Any, values: list[Any], bys: list[Any], total: Any,
                   categories: Mapping[str, Iterable[str]] | None) -> dict[str, Any]:
    """{breakdown: {category: {"sum", "share"}}} over the values of one ``sum`` indicator; the
    shortfall of parts below a value, and a value without that breakdown, count as unknown."""
    out: dict[str, dict[str, Any]] = {}
    dims: list[str] = list(f.disaggregate)
    for by in bys:
        for dim in by or ():
            if dim not in dims:
                dims.append(dim)
    for dim in dims:
        cats: dict[str, float] = {c: 0 for c in (categories or {}).get(dim, ()) if c != UNKNOWN}
        unknown = 0
        for v, by in zip(values, bys, strict=True):
            parts = (by or {}).get(dim)
            if not isinstance(parts, Mapping):
                unknown += v
                continue
            given = 0
            for cat, x in parts.items():
                if not is_number(x):
                    continue
                if cat == UNKNOWN:
                    unknown += x
                else:
                    cats[cat] = cats.get(cat, 0) + x
                given += x
            if v - given > 0:
                unknown += v - given
        cats[UNKNOWN] = unknown
        out[dim] = {cat: {"sum": s, "share": (s / total) if total else None} for cat, s in cats.items()}
    return out


def aggregate(results: Iterable[Mapping[str, Any]], by: str, *, period: str | None = None,
              facts: FactBook | None = None, profile: str | None = None,
              categories: Mapping[str, Iterable[str]] | None = None,
              rescore: Rescore | None = None) -> dict[str, Any]:
    """Aggregate results by ``by`` (JSON-ready; see the module docstring).

    Every round is used under one profile; ``rescore`` scores a submission again under it
    (:func:`~ledcheck.monitor.rounds.settle_profile`).

    ``categories`` lists each breakdown's declared categories (the checklist's
    ``disaggregations``), so that a category nobody reported still shows as 0.
    """
    facts = facts or FactBook()
    inputs = harmonise(results, profile, rescore)
    problems: list[Problem] = list(inputs.problems)
    chosen, more = select_rounds(inputs.results, by, period)
    problems.extend(more)
    if period is not None and not chosen and inputs.results:
        problems.append(Problem(WARNING, f"no input has period or reference_period '{period}'",
                                rule="rounds"))
    if chosen and by not in ("period", "profile") and all(group_value(r, by) is None for r in chosen):
        problems.append(Problem(WARNING, f"no input has the meta field '{by}': every subject is in "
                                         "one group (null)", rule="rounds"))
    if categories is None:
        c = facts.checklist(chosen[-1]) if chosen else None
        categories = dict(getattr(c, "disaggregations", {}) or {}) if c is not None else {}
    tops = top_sections(chosen, inputs.shared_sections)
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    values: dict[tuple[Any, ...], Any] = {}
    for r in chosen:
        v = group_value(r, by)
        k = _group_key(v)
        groups.setdefault(k, []).append(r)
        values[k] = v
    out_groups = []
    for k in sorted(groups):
        members = groups[k]
        scores = [r.get("score") for r in members]
        ranks = competition_ranks(scores)
        secs = [{s.get("id"): s.get("score") for s in r.get("sections") or ()} for r in members]
        subjects = [round_info(r) | {"rank": rank, "sections": {sid: sc.get(sid) for sid, _ in tops}}
                    for r, rank, sc in zip(members, ranks, secs, strict=False)]
        subjects.sort(key=lambda s: (s["rank"] is None, s["rank"] or 0, str(s["subject"])))
        out_groups.append({
            "key": values[k], "count": len(members), "overall": stats(scores),
            "sections": [{"id": sid, "title": title} | stats(sc.get(sid) for sc in secs)
                         for sid, title in tops],
            "subjects": subjects,
            "numbers": number_sums(members, facts, inputs.shared_indicators, categories),
        })
    out = inputs.header() if inputs.checklists else {"ledcheck": 1, "checklist": None}
    out["by"] = by
    out["period"] = period
    out["sections"] = [{"id": sid, "title": title} for sid, title in tops]
    out["groups"] = out_groups
    out["problems"] = [problem_dict(p) for p in problems]
    return out


def partial_sums(result: Mapping[str, Any], by: str, *, facts: FactBook | None = None) -> dict[tuple[Any, ...], float]:
    """One result's additive share of an aggregate, for distributed runs (Dask, Spark).

    Adding the dicts of many results key by key, in any order and any partitioning, gives per
    group: ``("count", g)`` subjects, ``("score", g)`` the sum of overall scores and
    ``("scored", g)`` how many had one (mean = score / scored), and for every number indicator
    ``("n", g, id)``, ``("sum", g, id)`` and each breakdown category's ``("category", g, id,
    breakdown, category)`` sum, every declared category listed (0 included, as :func:`aggregate`
    lists it): the same figures as :func:`aggregate` gives for the same rounds.
    Medians and ranks need a group's scores together: collect the (small) results and call
    :func:`aggregate` for those.
    """
    facts = facts or FactBook()
    g = group_value(result, by)
    out: dict[tuple[Any, ...], float] = {("count", g): 1}
    if is_number(result.get("score")):
        out[("score", g)] = result["score"]
        out[("scored", g)] = 1
    c = facts.checklist(result)
    # declared categories are listed, 0 included, as aggregate() lists them
    categories = dict(getattr(c, "disaggregations", {}) or {}) if c is not None else {}
    for row in number_sums([dict(result)], facts, None, categories):
        if not row["n"]:
            continue
        out[("n", g, row["id"])] = row["n"]
        out[("sum", g, row["id"])] = row["sum"]
        for dim, cats in row["breakdowns"].items():
            for cat, v in cats.items():
                out[("category", g, row["id"], dim, cat)] = v["sum"]
    return out


def add_sums(a: dict[tuple[Any, ...], float], b: dict[tuple[Any, ...], float]) -> dict[tuple[Any, ...], float]:
    """Key-by-key sum of two :func:`partial_sums` dicts (a new dict)."""
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out
