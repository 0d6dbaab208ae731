"""Cross-check ledcheck.scoring against tests/reference_scorer.py on generated data.

Each case builds a random checklist with benchmarks/generate.py, loads it through ledcheck
(YAML bytes -> load_bytes -> check_document, which must accept it), scores random submissions
(valid ones, and ones with invalid answers) with both implementations and compares everything:
overall score, rating, complete, counts, every section's score and rating, every indicator's
status and score. A mismatch prints a minimized reproduction (checklist and submission YAML).
"""
from __future__ import annotations

import copy
import math
import random
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledcheck.scoring import score  # noqa: E402

import generate  # noqa: E402
from reference_scorer import reference_score  # noqa: E402

N_CHECKLISTS = 110          # two submissions each: 220 cross-checked pairs
SUBMISSIONS_PER_CHECKLIST = 2
COUNTS_1_0 = ("indicators", "applicable", "answered", "na", "missing")


# --------------------------------------------------------------------------- helpers

from helpers import checklist_from_dict as load_checklist  # noqa: E402
from helpers import flatten_result as flatten  # noqa: E402
from helpers import roundtrip  # noqa: E402


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _rating_ok(cl: dict, score_ref, r_ref, r_led) -> bool:
    if r_ref == r_led:
        return True
    # a float rounding difference right at a band's min is not a disagreement
    return score_ref is not None and any(abs(score_ref - b["min"]) < 1e-9 for b in cl.get("ratings") or ())


def differences(cl: dict, ref: dict, led: dict) -> list[str]:
    out = []
    if not _close(ref["score"], led["score"]):
        out.append(f"score: reference {ref['score']!r} ledcheck {led['score']!r}")
    if not _rating_ok(cl, ref["score"], ref["rating"], led["rating"]):
        out.append(f"rating: reference {ref['rating']!r} ledcheck {led['rating']!r}")
    if ref["complete"] != led["complete"]:
        out.append(f"complete: reference {ref['complete']!r} ledcheck {led['complete']!r}")
    for k in COUNTS_1_0:        # the 1.1 counts are checked by test_crosscheck_v11.py
        if ref["counts"][k] != led["counts"].get(k):
            out.append(f"counts.{k}: reference {ref['counts'][k]!r} ledcheck {led['counts'].get(k)!r}")
    if set(ref["sections"]) != set(led["sections"]):
        out.append(f"section ids differ: {sorted(set(ref['sections']) ^ set(led['sections']))}")
    for sid, sc in ref["sections"].items():
        if sid in led["sections"]:
            if not _close(sc, led["sections"][sid]):
                out.append(f"section {sid} score: reference {sc!r} ledcheck {led['sections'][sid]!r}")
            elif not _rating_ok(cl, sc, ref["section_ratings"][sid], led["section_ratings"][sid]):
                out.append(f"section {sid} rating: reference {ref['section_ratings'][sid]!r} "
                           f"ledcheck {led['section_ratings'][sid]!r}")
    if set(ref["indicators"]) != set(led["indicators"]):
        out.append(f"indicator ids differ: {sorted(set(ref['indicators']) ^ set(led['indicators']))}")
    for iid, (st, sc) in ref["indicators"].items():
        if iid not in led["indicators"]:
            continue
        lst, lsc = led["indicators"][iid]
        if st != lst or not _close(sc, lsc):
            out.append(f"indicator {iid}: reference ({st}, {sc!r}) ledcheck ({lst}, {lsc!r})")
    return out


_SHORTFALL_PROBE = """
ledcheck: 1
id: probe
title: Probe
disaggregations: {sex: [female, male]}
sections:
  - id: a
    title: A
    indicators:
      - {id: N, text: t, type: number, target: 10, disaggregate: [sex]}
"""
_shortfall_mode: list[str] = []


def by_shortfall_mode() -> str:
    """How ledcheck treats ``by`` parts adding up to less than the value: "error" (1.0: the
    answer counts as unanswered) or "unknown" (1.1, FORMAT.md 6.5: the rest is the category
    `unknown`, a warning). The only way a 1.0 submission's score differs between 1.0 and 1.1
    (1.1 keeps 1.0 scores for files *without errors*), so this 1.0 cross-check follows
    whichever model ledcheck implements; found out by scoring, not by reading its code."""
    if not _shortfall_mode:
        checklist, _ = load_checklist(yaml.safe_load(_SHORTFALL_PROBE))
        sub = {"ledcheck": 1, "checklist": "probe", "subject": "x",
               "answers": {"N": {"value": 5, "by": {"sex": {"female": 1, "male": 1}}}}}
        status = flatten(score(checklist, sub).to_dict())["indicators"]["N"][0]
        _shortfall_mode.append("unknown" if status == "answered" else "error")
    return _shortfall_mode[0]


def reference(cl: dict, sub: dict) -> dict:
    return reference_score(cl, sub, by_shortfall=by_shortfall_mode())


def without_negative_parts(sub: dict) -> dict:
    """The submission without answers whose ``by`` has a negative part (the generator's bad
    answers can make one). Under 1.0 such parts never add up, so the answer is unanswered
    either way; under 1.1 (parts may add up to less) FORMAT.md does not say whether a
    negative part is an error, so the cross-check does not depend on it (reference R16)."""
    answers = sub.get("answers") or {}

    def negative(ans) -> bool:
        by = ans.get("by") if isinstance(ans, dict) else None
        return isinstance(by, dict) and any(
            isinstance(parts, dict) and any(isinstance(p, (int, float)) and p < 0 for p in parts.values())
            for parts in by.values())

    if not any(negative(a) for a in answers.values()):
        return sub
    return dict(sub, answers={k: v for k, v in answers.items() if not negative(v)})


def compare(cl: dict, sub: dict) -> list[str] | None:
    """Differences between the two scorers; None when ledcheck rejects the checklist."""
    checklist, _ = load_checklist(cl)
    if checklist is None:
        return None
    led = flatten(score(checklist, copy.deepcopy(sub)).to_dict())
    ref = reference(cl, sub)
    return differences(cl, ref, led)


# --------------------------------------------------------------------------- minimizer

def minimize(cl: dict, sub: dict) -> tuple[dict, dict]:
    """Greedily drop answers, indicators, sections and optional keys while the mismatch stays."""
    cl, sub = copy.deepcopy(cl), copy.deepcopy(sub)

    def still(c, s) -> bool:
        try:
            d = compare(c, s)
        except Exception:          # noqa: BLE001 - a crash is a different failure
            return False
        return bool(d)

    changed = True
    while changed:
        changed = False
        # answers
        for iid in list(sub.get("answers") or {}):
            trial = copy.deepcopy(sub)
            del trial["answers"][iid]
            if still(cl, trial):
                sub, changed = trial, True
        # indicators (their answers go with them)
        for _, ind in list(generate.ask_order(cl["sections"])):
            iid = ind["id"]
            trial = copy.deepcopy(cl)
            for s in generate.walk_sections(trial["sections"]):
                if s.get("indicators"):
                    s["indicators"] = [i for i in s["indicators"] if i["id"] != iid]
                    if not s["indicators"]:
                        del s["indicators"]
            tsub = copy.deepcopy(sub)
            (tsub.get("answers") or {}).pop(iid, None)
            if still(trial, tsub):
                cl, sub, changed = trial, tsub, True
        # sections
        for s in list(generate.walk_sections(cl["sections"])):
            sid = s["id"]
            trial = copy.deepcopy(cl)

            def drop(secs):
                return [dict(x, sections=drop(x["sections"])) if x.get("sections") else x
                        for x in secs if x["id"] != sid]

            trial["sections"] = drop(trial["sections"])
            if trial["sections"] and still(trial, sub):
                cl, changed = trial, True
        # optional keys
        nodes = [cl] + list(generate.walk_sections(cl["sections"])) + \
            [i for _, i in generate.ask_order(cl["sections"])]
        for node in nodes:
            for k in ("description", "guidance", "evidence", "unit", "ratings", "languages",
                      "disaggregate", "allow_na", "weight", "when", "scales"):
                if k in node:
                    trial = copy.deepcopy(cl)
                    target = _find(trial, node)      # the same node in the copy, by id
                    if target is None:
                        continue
                    del target[k]
                    if still(trial, sub):
                        cl, changed = trial, True
                        break
        for name in list(cl.get("scales") or {}):          # unused scales
            trial = copy.deepcopy(cl)
            del trial["scales"][name]
            if still(trial, sub):
                cl, changed = trial, True
        if "disaggregations" in cl:
            trial = {k: v for k, v in cl.items() if k != "disaggregations"}
            if still(trial, sub):
                cl, changed = trial, True
        for k in ("checklist_version", "assessor", "date", "period"):
            if k in sub:
                trial = copy.deepcopy(sub)
                del trial[k]
                if still(cl, trial):
                    sub, changed = trial, True
    return cl, sub


def _find(cl: dict, node: dict):
    if "ledcheck" in node:
        return cl
    for s in generate.walk_sections(cl["sections"]):
        if s["id"] == node.get("id"):
            return s
    for _, i in generate.ask_order(cl["sections"]):
        if i["id"] == node.get("id"):
            return i
    return None


def report(cl: dict, sub: dict, diffs: list[str]) -> str:
    small_cl, small_sub = minimize(cl, sub)
    small_diffs = compare(small_cl, small_sub) or diffs
    return ("\n".join(diffs[:20]) + "\n\n--- minimized reproduction ---\n"
            + "\n".join(small_diffs) + "\n\n# checklist.yaml\n" + generate.dump_yaml(small_cl)
            + "\n# submission.yaml\n" + generate.dump_yaml(small_sub))


# --------------------------------------------------------------------------- cases

def make_case(seed: int) -> tuple[dict, list[dict]]:
    rng = random.Random(seed)
    n_sections = rng.randint(1, 4)
    n_indicators = n_sections + rng.randint(0, 14)
    languages = rng.choice([("en",), ("en", "vi"), ("vi", "en")])
    cl = generate.make_checklist(rng, n_sections, n_indicators, depth=rng.randint(1, 3),
                                 all_types=rng.random() < 0.9, with_when=rng.random() < 0.85,
                                 languages=languages, when_rate=rng.choice([0.2, 0.4, 0.6]))
    subs = []
    for k in range(SUBMISSIONS_PER_CHECKLIST):
        invalid = 0.0 if k == 0 else rng.choice([0.1, 0.25, 0.5])
        n = None if rng.random() < 0.5 else rng.randint(0, n_indicators)
        subs.append(roundtrip(generate.make_submission(
            rng, cl, n, invalid, na_rate=rng.choice([0.1, 0.3, 0.6]), map_rate=rng.choice([0.2, 0.6]),
            shuffle=rng.random() < 0.3)))
    return roundtrip(cl), subs


@pytest.mark.parametrize("seed", range(N_CHECKLISTS))
def test_crosscheck(seed):
    cl, subs = make_case(seed)
    checklist, problems = load_checklist(cl)
    assert checklist is not None, "generated checklist rejected:\n" + "\n".join(
        p.format("generated.yaml") for p in problems) + "\n" + generate.dump_yaml(cl)
    for sub in subs:
        if by_shortfall_mode() == "unknown":
            sub = without_negative_parts(sub)
        led = flatten(score(checklist, copy.deepcopy(sub)).to_dict())
        ref = reference(cl, sub)
        diffs = differences(cl, ref, led)
        if diffs:
            pytest.fail(f"seed {seed}: ledcheck and the reference disagree\n" + report(cl, sub, diffs))


def test_generated_submissions_without_invalid_rate_have_no_errors():
    """The generator's "valid" submissions really are valid for ledcheck (no error problems)."""
    for seed in range(40):
        rng = random.Random(10_000 + seed)
        cl = roundtrip(generate.make_checklist(rng, rng.randint(1, 3), rng.randint(3, 15),
                                               when_rate=0.5))
        checklist, _ = load_checklist(cl)
        assert checklist is not None
        sub = roundtrip(generate.make_submission(rng, cl, None if seed % 2 else 5))
        result = score(checklist, sub)
        errors = [p for p in result.problems if p.severity == "error"]
        assert not errors, f"seed {seed}: {[p.message for p in errors]}\n" + generate.dump_yaml(cl) \
            + generate.dump_yaml(sub)


# --------------------------------------------------------------------------- disagreements found

def test_text_indicator_ruled_out_by_when_is_unscored():
    """FORMAT.md section 3: "Status: `text` indicators are always `unscored`; others answered, na,
    missing or not_applicable (ruled out by when)". Found by the cross-check (seed 0)."""
    cl = yaml.safe_load("""
ledcheck: 1
id: repro
title: Repro
sections:
  - id: a
    title: A
    indicators:
      - {id: Y, text: "Is there a plan?", type: yesno}
      - {id: T, text: Describe the plan, type: text, when: "Y == yes"}
""")
    checklist, problems = load_checklist(cl)
    assert checklist is not None, problems
    for answers in ({}, {"Y": False}):
        sub = {"ledcheck": 1, "checklist": "repro", "subject": "x", "answers": answers}
        led = flatten(score(checklist, sub).to_dict())
        assert reference_score(cl, sub)["indicators"]["T"] == ("unscored", None)
        assert led["indicators"]["T"] == ("unscored", None), led["indicators"]


# --------------------------------------------------------------------------- the reference itself

def test_reference_on_a_hand_computed_example():
    cl = yaml.safe_load("""
ledcheck: 1
id: hand
title: Hand
scoring: {missing: zero}
ratings: [{min: 75, label: A}, {min: 50, label: B}, {min: 0, label: C}]
scales:
  mat: {type: levels, levels: [{value: 0}, {value: 1}, {value: 2}, {value: 4, score: 1}, {value: 3}]}
sections:
  - id: a
    title: A
    weight: 2
    indicators:
      - {id: L, text: t, scale: mat, weight: 2}                      # 3 -> 0.75
      - {id: Y, text: t, type: yesno, partial: true, when: "L >= 2"} # partial -> 0.5
      - {id: N, text: t, type: number, baseline: 10, target: 0}      # 4 -> 0.6
      - {id: T, text: t, type: text}
    sections:
      - id: a1
        title: A1
        indicators:
          - {id: C, text: t, type: choice, options: [{id: x, score: 1}, {id: y, score: 4}],
             when: "Y == 'partial' and N < 5"}                         # x -> 0.25
          - {id: M, text: t, type: multi, options: [{id: p, score: 1}, {id: q, score: 3}], max_score: 2}
  - id: b
    title: B
    indicators:
      - {id: Z, text: t, type: yesno, when: "C == 'y'"}
      - {id: W, text: t, type: yesno, allow_na: true}
""")
    sub = {"answers": {"L": 3, "Y": "partial", "N": {"value": 4, "note": "n"}, "T": "x",
                       "C": "x", "M": ["q"], "W": "na"}}
    r = reference_score(cl, sub)
    # a1 = (25 + 100) / 2 = 62.5; a = (2*75 + 50 + 60 + 62.5) / 5 = 64.5; b excluded
    assert r["indicators"]["M"] == ("answered", 1.0)
    assert r["indicators"]["Z"] == ("not_applicable", None)
    assert r["indicators"]["T"] == ("unscored", None)
    assert r["sections"] == {"a": pytest.approx(64.5), "a1": pytest.approx(62.5), "b": None}
    assert r["score"] == pytest.approx(64.5) and r["rating"] == "B"
    assert r["counts"] == {"indicators": 8, "applicable": 5, "answered": 5, "na": 1, "missing": 0,
                           "no_data": 0, "implied": 0}
    assert r["complete"] is True
