"""Properties of ledcheck.scoring.score on generated checklists and submissions (hypothesis).

Each example draws a seed; benchmarks/generate.py turns it into a valid checklist and a
submission, which go through ledcheck as YAML (load_bytes -> check_document -> score).
"""
from __future__ import annotations

import copy
import math
import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledcheck.scoring import score  # noqa: E402

import generate  # noqa: E402
from helpers import checklist_from_dict as load_checklist  # noqa: E402
from helpers import flatten_result as flatten  # noqa: E402
from helpers import roundtrip  # noqa: E402
from reference_scorer import parse_when  # noqa: E402

SETTINGS = settings(max_examples=75, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
seeds = st.integers(min_value=0, max_value=2 ** 32 - 1)


# --------------------------------------------------------------------------- helpers

def generated(seed: int, *, invalid_rate=None, when_local=False, n_answers="random"):
    rng = random.Random(seed)
    n_sections = rng.randint(1, 4)
    n_indicators = n_sections + rng.randint(0, 12)
    cl = roundtrip(generate.make_checklist(
        rng, n_sections, n_indicators, depth=rng.randint(1, 3), all_types=rng.random() < 0.9,
        with_when=rng.random() < 0.85, languages=rng.choice([("en",), ("en", "vi")]),
        when_rate=rng.choice([0.2, 0.5]), when_local=when_local))
    if invalid_rate is None:
        invalid_rate = rng.choice([0.0, 0.0, 0.2])
    if n_answers == "random":
        n_answers = None if rng.random() < 0.5 else rng.randint(0, n_indicators)
    sub = roundtrip(generate.make_submission(rng, cl, n_answers, invalid_rate, na_rate=0.2))
    return rng, cl, sub


def checked(cl: dict):
    checklist, problems = load_checklist(cl)
    assert checklist is not None, "\n".join(p.format("generated.yaml") for p in problems) \
        + "\n" + generate.dump_yaml(cl)
    return checklist


def run(cl: dict, sub: dict, checklist=None) -> dict:
    checklist = checklist or checked(cl)
    return score(checklist, copy.deepcopy(sub)).to_dict()


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def same_scores(cl: dict, a: dict, b: dict) -> list[str]:
    """Differences in score, rating, complete, section and indicator results (not counts)."""
    fa, fb = flatten(a), flatten(b)
    out = []
    if not close(fa["score"], fb["score"]):
        out.append(f"score {fa['score']} -> {fb['score']}")
    near_band = fa["score"] is not None and any(abs(fa["score"] - r["min"]) < 1e-9
                                                for r in cl.get("ratings") or ())
    if fa["rating"] != fb["rating"] and not near_band:
        out.append(f"rating {fa['rating']} -> {fb['rating']}")
    if fa["complete"] != fb["complete"]:
        out.append(f"complete {fa['complete']} -> {fb['complete']}")
    for sid, sc in fa["sections"].items():
        if not close(sc, fb["sections"].get(sid, "absent")):
            out.append(f"section {sid}: {sc} -> {fb['sections'].get(sid, 'absent')}")
    for iid, (status, sc) in fa["indicators"].items():
        st2, sc2 = fb["indicators"].get(iid, ("absent", None))
        if status != st2 or not close(sc, sc2):
            out.append(f"indicator {iid}: ({status}, {sc}) -> ({st2}, {sc2})")
    return out


def named_in_conditions(cl: dict) -> set[str]:
    out: set[str] = set()

    def walk(tree):
        if tree[0] == "cmp":
            out.add(tree[1])
        else:
            for t in tree[1]:
                walk(t)

    for _, ind in generate.ask_order(cl["sections"]):
        if ind.get("when"):
            walk(parse_when(ind["when"]))
    return out


def expanded(cl: dict) -> dict:
    return {i["id"]: i for i in generate.expanded_indicators(cl)}


# --------------------------------------------------------------------------- properties

@SETTINGS
@given(seeds)
def test_scores_are_in_range(seed):
    _, cl, sub = generated(seed)
    result = flatten(run(cl, sub))
    assert result["score"] is None or 0 <= result["score"] <= 100
    for sid, sc in result["sections"].items():
        assert sc is None or 0 <= sc <= 100, (sid, sc)
    for iid, (status, sc) in result["indicators"].items():
        assert sc is None or 0 <= sc <= 1, (iid, status, sc)
        if status in ("na", "not_applicable", "unscored"):
            assert sc is None, (iid, status, sc)
    c = result["counts"]
    assert c["answered"] + c["missing"] == c["applicable"]
    assert c["applicable"] + c["na"] <= c["indicators"]
    assert result["complete"] == (c["missing"] == 0)


def _raised(rng: random.Random, ind: dict, answer):
    """A higher-scoring answer of a levels (no own scores) / increasing number / yesno
    indicator, or None when there is none."""
    value = answer["value"] if isinstance(answer, dict) else answer
    typ = ind["type"]
    if typ == "levels":
        if any("score" in lv for lv in ind["levels"]):
            return None
        higher = [lv["value"] for lv in ind["levels"] if lv["value"] > value]
        new = rng.choice(higher) if higher else None
    elif typ == "yesno":
        order = [False, "partial", True] if ind.get("partial") else [False, True]
        if value not in order or value is True:
            return None
        new = rng.choice(order[order.index(value) + 1:])
    elif typ == "number":
        b = answer.get("baseline", ind.get("baseline", 0)) if isinstance(answer, dict) else ind.get("baseline", 0)
        t = answer.get("target", ind["target"]) if isinstance(answer, dict) else ind["target"]
        if t <= b:
            return None
        hi = ind.get("max", value + 50)
        if hi <= value:
            return None
        new = rng.choice([hi, value + (hi - value) * rng.random(), min(hi, math.floor(value) + 1)])
        if new <= value:
            return None
    else:
        return None
    if new is None:
        return None
    if isinstance(answer, dict):
        out = {k: v for k, v in answer.items() if k != "by"}   # parts would no longer add up
        out["value"] = new
        return out
    return new


@SETTINGS
@given(seeds)
def test_raising_one_answer_never_lowers_a_score(seed):
    rng, cl, sub = generated(seed, invalid_rate=0.0)
    checklist = checked(cl)
    before = run(cl, sub, checklist)
    statuses = flatten(before)["indicators"]
    named = named_in_conditions(cl)
    inds = expanded(cl)
    candidates = []
    for iid, ans in (sub.get("answers") or {}).items():
        if iid in named or statuses.get(iid, ("",))[0] != "answered":
            continue
        new = _raised(rng, inds[iid], ans)
        if new is not None:
            candidates.append((iid, new))
    assume(candidates)
    iid, new = rng.choice(candidates)
    note(f"raise {iid}: {sub['answers'][iid]!r} -> {new!r}")
    sub2 = copy.deepcopy(sub)
    sub2["answers"][iid] = new
    after = run(cl, sub2, checklist)
    fb, fa = flatten(before), flatten(after)
    assert fa["indicators"][iid][0] == "answered", after["problems"]
    assert fa["indicators"][iid][1] >= fb["indicators"][iid][1] - 1e-12
    if fb["score"] is not None:
        assert fa["score"] >= fb["score"] - 1e-9, (fb["score"], fa["score"])
    for sid, sc in fb["sections"].items():
        if sc is not None:
            assert fa["sections"][sid] is not None and fa["sections"][sid] >= sc - 1e-9, (sid, sc, fa["sections"][sid])
    assert fa["counts"] == fb["counts"]


def _problems_key(result: dict) -> list:
    return sorted((p["severity"], p["path"], p["message"]) for p in result["problems"])


@SETTINGS
@given(seeds)
def test_order_of_answers_changes_nothing(seed):
    rng, cl, sub = generated(seed)
    checklist = checked(cl)
    before = run(cl, sub, checklist)
    answers = list((sub.get("answers") or {}).items())
    # group the answers by section and reverse the sections, then also shuffle the whole
    section_of = {ind["id"]: s["id"] for s, ind in generate.ask_order(cl["sections"])}
    order = list(dict.fromkeys(section_of.get(k, "") for k, _ in answers))
    by_section = sorted(answers, key=lambda kv: -order.index(section_of.get(kv[0], "")))
    shuffled = answers[:]
    rng.shuffle(shuffled)
    for variant in (by_section, shuffled, answers[::-1]):
        sub2 = dict(sub, answers=dict(variant))
        after = run(cl, sub2, checklist)
        assert {k: v for k, v in after.items() if k != "problems"} == \
            {k: v for k, v in before.items() if k != "problems"}
        assert _problems_key(after) == _problems_key(before)


@SETTINGS
@given(seeds)
def test_order_of_top_level_sections_changes_only_order(seed):
    rng, cl, sub = generated(seed, when_local=True)
    assume(len(cl["sections"]) > 1)
    before = run(cl, sub)
    cl2 = copy.deepcopy(cl)
    rng.shuffle(cl2["sections"])
    if [s["id"] for s in cl2["sections"]] == [s["id"] for s in cl["sections"]]:
        cl2["sections"].reverse()
    after = run(cl2, sub)
    assert [s["id"] for s in after["sections"]] == [s["id"] for s in cl2["sections"]]
    assert same_scores(cl, before, after) == []
    assert after["counts"] == before["counts"]


def _has_scored(section: dict, scales: dict) -> bool:
    """Whether a section holds a non-text indicator anywhere under it."""
    for ind in section.get("indicators") or ():
        typ = scales[ind["scale"]]["type"] if "scale" in ind else ind["type"]
        if typ != "text":
            return True
    return any(_has_scored(sub, scales) for sub in section.get("sections") or ())


def _insert_indicator(rng: random.Random, cl: dict, ind: dict) -> dict:
    """A copy of the checklist with ``ind`` at a random place of a random section that already
    holds scored indicators.

    Only such sections: adding a scored indicator to a text-only section makes that section
    (and maybe its parents) newly scored, and if it weighs 0 while no scored sibling weighs
    more, the checklist breaks the rule "a section with scored children whose weights are all
    0" (found by hypothesis: a checklist of text indicators under a top section of weight 0).
    The property is about scores not changing, not about validation, so it stays meaningful.
    """
    cl2 = copy.deepcopy(cl)
    scales = cl2.get("scales") or {}
    candidates = [s for s in generate.walk_sections(cl2["sections"]) if _has_scored(s, scales)]
    assume(candidates)                # a checklist of text indicators only: nothing to add to
    sec = rng.choice(candidates)
    inds = sec.setdefault("indicators", [])
    inds.insert(rng.randint(0, len(inds)), ind)
    return cl2


def _new_scored_indicator(rng: random.Random, iid: str) -> dict:
    ind = rng.choice([
        {"type": "yesno", "partial": True},
        {"type": "levels", "levels": [{"value": 0}, {"value": 1}, {"value": 2}]},
        {"type": "number", "target": 10},
        {"type": "choice", "options": [{"id": "a", "score": 1}, {"id": "b", "score": 0}]},
        {"type": "multi", "options": [{"id": "a", "score": 1}, {"id": "b", "score": 2}]},
    ])
    return {"id": iid, "text": "An added indicator", "weight": rng.choice([1, 2, 5, 0.5]), **ind}


@SETTINGS
@given(seeds)
def test_adding_an_na_answered_indicator_changes_no_score(seed):
    rng, cl, sub = generated(seed)
    before = run(cl, sub)
    new = dict(_new_scored_indicator(rng, "ADDED_NA"), allow_na=True)
    cl2 = _insert_indicator(rng, cl, new)
    sub2 = copy.deepcopy(sub)
    sub2.setdefault("answers", {})
    sub2["answers"] = dict(sub2["answers"] or {})
    sub2["answers"]["ADDED_NA"] = rng.choice(["na", "n/a", {"value": "na", "note": "not here"}])
    after = run(cl2, sub2)
    assert flatten(after)["indicators"]["ADDED_NA"] == ("na", None)
    assert same_scores(cl, before, after) == []
    counts = dict(before["counts"])
    counts["indicators"] += 1
    counts["na"] += 1
    assert after["counts"] == counts


@SETTINGS
@given(seeds)
def test_adding_an_indicator_ruled_out_by_when_changes_no_score(seed):
    rng, cl, sub = generated(seed)
    before = run(cl, sub)
    new = _new_scored_indicator(rng, "ADDED_WHEN")
    cl2 = _insert_indicator(rng, cl, new)
    order = generate.expanded_indicators(cl2)
    pos = next(i for i, ind in enumerate(order) if ind["id"] == "ADDED_WHEN")
    earlier = [ind for ind in order[:pos] if ind["type"] in ("levels", "number", "yesno", "choice")]
    assume(earlier)
    x = rng.choice(earlier)
    if x["type"] in ("levels", "number"):
        cond = f"{x['id']} > 1 and {x['id']} < 0"
    elif x["type"] == "yesno":
        cond = f"{x['id']} == yes and {x['id']} == no"
    else:
        oid = x["options"][0]["id"]
        cond = f"{x['id']} == '{oid}' and {x['id']} != '{oid}'"
    target = next(i for _, i in generate.ask_order(cl2["sections"]) if i["id"] == "ADDED_WHEN")
    target["when"] = cond
    sub2 = copy.deepcopy(sub)
    if rng.random() < 0.3:       # an answer to it is an error and changes nothing either
        sub2["answers"] = dict(sub2.get("answers") or {}, ADDED_WHEN=rng.choice([1, True, "a", ["a"], 5]))
    after = run(cl2, sub2)
    assert flatten(after)["indicators"]["ADDED_WHEN"] == ("not_applicable", None)
    assert same_scores(cl, before, after) == []
    counts = dict(before["counts"])
    counts["indicators"] += 1
    assert after["counts"] == counts


# --------------------------------------------------------------------------- 1.1 (FORMAT.md §6)

def generated_v11(seed: int, *, invalid_rate=None):
    """A 1.1 checklist and submission (every §6 key), as test_crosscheck_v11 makes them."""
    rng = random.Random(seed)
    n_sections = rng.randint(1, 4)
    n_indicators = n_sections + rng.randint(0, 12)
    cl = roundtrip(generate.make_checklist(
        rng, n_sections, n_indicators, depth=rng.randint(1, 3), all_types=rng.random() < 0.9,
        with_when=rng.random() < 0.85, languages=("en",), when_rate=rng.choice([0.3, 0.6]), v11=True))
    if invalid_rate is None:
        invalid_rate = rng.choice([0.0, 0.0, 0.2])
    sub = roundtrip(generate.make_submission(rng, cl, None if rng.random() < 0.6 else rng.randint(0, n_indicators),
                                             invalid_rate, na_rate=0.2, v11=True, no_data_rate=0.2))
    return rng, cl, sub


@SETTINGS
@given(seeds)
def test_v11_scores_are_in_range_and_levels_add_back_up(seed):
    """Never NaN, always in range; with every indicator on a results level, the levels' scores
    add up to the overall score (FORMAT.md §6.11: shares after every exclusion)."""
    _, cl, sub = generated_v11(seed)
    for s in cl["sections"]:
        s.setdefault("results_level", "input")        # every indicator now has a level
    result = run(cl, sub)
    f = flatten(result)
    assert f["score"] is None or 0 <= f["score"] <= 100
    for iid, (status, sc) in f["indicators"].items():
        assert sc is None or 0 <= sc <= 1, (iid, status, sc)
    c = f["counts"]
    assert c["applicable"] == c["answered"] + c["no_data"] + c["implied"] + c["missing"]
    assert c["applicable"] + c["na"] + c["not_selected"] <= c["indicators"]
    levels = result["results_levels"]
    if f["score"] is None:
        assert all(lv["score"] is None for lv in levels)
    else:
        assert math.isclose(sum(lv["score"] for lv in levels), f["score"], abs_tol=1e-9), levels


@SETTINGS
@given(seeds)
def test_v11_not_measuring_never_pays(seed):
    """FORMAT.md §6: replacing a measured answer by no_data (scoring.no_data: zero) never raises a
    score (for indicators no condition names, so nothing else changes)."""
    rng, cl, sub = generated_v11(seed, invalid_rate=0.0)
    cl.setdefault("scoring", {})["no_data"] = "zero"
    checklist = checked(cl)
    before = flatten(run(cl, sub, checklist))
    named = named_in_conditions(cl)
    measured = [iid for iid, (status, _) in before["indicators"].items()
                if status == "answered" and iid not in named]
    assume(measured)
    iid = rng.choice(measured)
    changed = copy.deepcopy(sub)
    changed["answers"][iid] = "no_data"
    after = flatten(run(cl, changed, checklist))
    note(f"{iid}: {sub['answers'][iid]!r} -> no_data")
    assert after["indicators"][iid][0] == "no_data"
    if before["score"] is not None:
        assert after["score"] is not None and after["score"] <= before["score"] + 1e-9


HOSTILE = """
ledcheck: 1
id: hostile
title: Hostile numbers
disaggregations: {sex: [female, male]}
sections:
  - id: s
    title: S
    indicators:
      - {id: N, text: n, type: number, target: 100, disaggregate: [sex]}
      - {id: D, text: d, type: number, baseline: 30, target: 5, direction: decrease}
      - {id: L, text: l, type: levels, levels: [{value: 0}, {value: 1}]}
"""
numbers = st.one_of(st.integers(min_value=-10 ** 400, max_value=10 ** 400),
                    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True))


@SETTINGS
@given(numbers, numbers, numbers, numbers)
def test_any_number_anywhere_never_raises_nor_makes_nan(value, baseline, target, part):
    """Issue 9: huge, tiny, infinite or NaN numbers in an answer, an override or a by part are
    reported; the result is always produced and its scores are null or within range."""
    import yaml
    checklist = checked(yaml.safe_load(HOSTILE))
    sub = {"ledcheck": 1, "checklist": "hostile", "subject": "x", "answers": {
        "N": {"value": value, "baseline": baseline, "by": {"sex": {"female": part}}},
        "D": {"value": value, "target": target}, "L": value}}
    result = score(checklist, sub).to_dict()
    f = flatten(result)
    assert f["score"] is None or 0 <= f["score"] <= 100
    for iid, (status, sc) in f["indicators"].items():
        assert sc is None or 0 <= sc <= 1, (iid, status, sc)
    for p in result["problems"]:
        assert len(p["message"]) < 400
