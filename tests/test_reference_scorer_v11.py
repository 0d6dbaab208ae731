"""The 1.1 reference scorer (tests/reference_scorer.py) on small cases computed by hand.

Each figure in a comment was worked out from FORMAT.md sections 3 and 6 (and the readings
R1..R20 listed at the top of reference_scorer.py), not by running any scorer. These pin the
reference before it is used to judge ledcheck in test_crosscheck_v11.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_scorer import reference_score  # noqa: E402


def checklist(text: str) -> dict:
    return yaml.safe_load("ledcheck: 1\nid: hand\ntitle: Hand\n" + text)


def run(cl: dict, answers: dict, profile=None, **sub) -> dict:
    return reference_score(cl, {"ledcheck": 1, "checklist": "hand", "subject": "x",
                                "answers": answers, **sub}, profile)


def counts(**kw) -> dict:
    out = {"indicators": 0, "applicable": 0, "answered": 0, "na": 0, "missing": 0,
           "no_data": 0, "implied": 0}
    out.update(kw)
    return out


# --------------------------------------------------------------------------- 6.2 no_data

CM = """
sections:
  - id: cm
    title: Competitiveness
    indicators:
      - {id: CM5, text: A one-stop shop for SMEs exists, type: yesno}
      - {id: CM6, text: Share of SMEs with bank credit, type: number, unit: "%", baseline: 0, target: 50}
"""


def test_cm6_no_data_never_pays_against_measured_30_and_50():
    cl = checklist(CM)
    # measured 30%: CM6 = (30 - 0) / (50 - 0) = 0.6; section = (100 + 60) / 2 = 80
    a = run(cl, {"CM5": True, "CM6": 30})
    assert a["indicators"]["CM6"] == ("answered", pytest.approx(0.6))
    assert a["score"] == pytest.approx(80)
    # measured 50% (the target): CM6 = 1.0; section = (100 + 100) / 2 = 100
    assert run(cl, {"CM5": True, "CM6": 50})["score"] == pytest.approx(100)
    # not measured, scoring.no_data: zero (default): CM6 = 0; section = (100 + 0) / 2 = 50 < 80
    b = run(cl, {"CM5": True, "CM6": "no_data"})
    assert b["indicators"]["CM6"] == ("no_data", 0.0)
    assert b["score"] == pytest.approx(50)
    # no_data is applicable but not missing: applicable 2 = answered 1 + no_data 1; complete
    assert b["counts"] == counts(indicators=2, applicable=2, answered=1, no_data=1)
    assert b["complete"] is True
    # unanswered instead: missing, incomplete (same 50 under missing: zero)
    c = run(cl, {"CM5": True})
    assert c["indicators"]["CM6"] == ("missing", 0.0) and c["complete"] is False
    assert c["counts"] == counts(indicators=2, applicable=2, answered=1, missing=1)


def test_no_data_exclude_leaves_it_out_but_missing_zero_still_counts():
    cl = checklist(CM.replace("sections:", "scoring: {missing: zero, no_data: exclude}\nsections:", 1))
    # CM6 no_data excluded: section = mean of CM5 alone = 0 (CM5 no)
    r = run(cl, {"CM5": False, "CM6": {"value": "no_data", "note": "survey not run"}})
    assert r["indicators"]["CM6"] == ("no_data", None)
    assert r["sections"]["cm"] == pytest.approx(0.0)
    # CM5 no_data excluded, CM6 30 -> 0.6: section = 60
    assert run(cl, {"CM5": "no_data", "CM6": 30})["score"] == pytest.approx(60)
    # both no_data: nothing left, score null; still complete (missing 0)
    r = run(cl, {"CM5": "no_data", "CM6": "no_data"})
    assert r["score"] is None and r["complete"] is True
    assert r["counts"] == counts(indicators=2, applicable=2, no_data=2)


# --------------------------------------------------------------------------- when_false

TD = """
scoring: {missing: MODE}
sections:
  - id: td
    title: Trade
    indicators:
      - {id: TD4, text: An export desk exists, type: yesno}
      - {id: TD5, text: SMEs served by the export desk, type: number, baseline: 0, target: 20,
         when: "TD4 == yes", when_false: zero}
"""


def test_td5_when_false_zero_is_implied_and_monotonic():
    cl = checklist(TD.replace("MODE", "zero"))
    # TD4 no: TD4 = 0, TD5 implied = 0 -> section (0 + 0) / 2 = 0
    no = run(cl, {"TD4": False})
    assert no["indicators"]["TD5"] == ("implied", 0.0)
    assert no["score"] == pytest.approx(0)
    assert no["counts"] == counts(indicators=2, applicable=2, answered=1, implied=1)
    assert no["complete"] is True
    # TD4 yes, TD5 at its baseline 0: (100 + 0) / 2 = 50; TD5 10: (100 + 50) / 2 = 75
    at_base = run(cl, {"TD4": True, "TD5": 0})["score"]
    half = run(cl, {"TD4": True, "TD5": 10})["score"]
    assert at_base == pytest.approx(50) and half == pytest.approx(75)
    assert no["score"] <= at_base <= half       # answering yes never lowers the score
    # an answer to TD5 while TD4 is no is not scored (a warning): still implied 0
    assert run(cl, {"TD4": False, "TD5": 20})["indicators"]["TD5"] == ("implied", 0.0)
    # TD4 unanswered: its `when` is unknown -> implied too; TD4 missing 0; incomplete
    r = run(cl, {})
    assert r["indicators"]["TD5"] == ("implied", 0.0) and r["complete"] is False
    assert r["counts"] == counts(indicators=2, applicable=2, missing=1, implied=1)


def test_implied_counts_zero_whatever_scoring_missing_says():
    cl = checklist(TD.replace("MODE", "exclude"))
    # TD4 unanswered (excluded under missing: exclude), TD5 implied 0 -> section 0, not null
    r = run(cl, {})
    assert r["indicators"]["TD4"] == ("missing", None)
    assert r["indicators"]["TD5"] == ("implied", 0.0)
    assert r["score"] == pytest.approx(0)
    # TD4 yes, TD5 unanswered: TD5 missing, excluded -> section = TD4 alone = 100
    r = run(cl, {"TD4": True})
    assert r["indicators"]["TD5"] == ("missing", None) and r["score"] == pytest.approx(100)


# --------------------------------------------------------------------------- 6.1 direction

RD = """
sections:
  - id: s
    title: S
    indicators:
      - {id: RD, text: Days to register (stated), type: number, baseline: 40, target: 10, direction: decrease}
  - id: t
    title: T
    indicators:
      - {id: RI, text: Days to register (inferred), type: number, baseline: 40, target: 10}
"""


def test_reversed_override_ignored_when_stated_applies_when_inferred():
    cl = checklist(RD)
    reversed_ = {"value": 19, "baseline": 10, "target": 40}
    r = run(cl, {"RD": reversed_, "RI": dict(reversed_)})
    # stated decrease: override ignored, 19 against 40 -> 10: (19 - 40) / (10 - 40) = 0.7
    assert r["indicators"]["RD"] == ("answered", pytest.approx(0.7))
    # inferred: the reversal applies (a warning), 19 against 10 -> 40: (19 - 10) / 30 = 0.3
    assert r["indicators"]["RI"] == ("answered", pytest.approx(0.3))
    # overall = (70 + 30) / 2 = 50
    assert r["score"] == pytest.approx(50)
    # the effective baseline and target the results carry
    assert r["effective"] == {"RD": (40, 10), "RI": (10, 40)}


def test_overrides_that_keep_the_stated_direction_apply():
    cl = checklist(RD)
    # target 16 (still below 40): (19 - 40) / (16 - 40) = 21 / 24 = 0.875
    assert run(cl, {"RD": {"value": 19, "target": 16}})["indicators"]["RD"][1] == pytest.approx(0.875)
    # baseline 25 (target 10 still below): (19 - 25) / (10 - 25) = 0.4
    assert run(cl, {"RD": {"value": 19, "baseline": 25}})["indicators"]["RD"][1] == pytest.approx(0.4)
    # baseline 5 puts the target above it: reversed, ignored -> 0.7 (R2)
    assert run(cl, {"RD": {"value": 19, "baseline": 5}})["indicators"]["RD"][1] == pytest.approx(0.7)
    # target 40 = baseline: not on the stated side, ignored -> 0.7, still answered (R2)
    assert run(cl, {"RD": {"value": 19, "target": 40}})["indicators"]["RD"] == \
        ("answered", pytest.approx(0.7))
    # the same flat override where the direction is inferred: invalid, unanswered (R3, 1.0)
    assert run(cl, {"RI": {"value": 19, "target": 40}})["indicators"]["RI"] == ("missing", 0.0)
    # clamp: 5 days is past the target 10 -> 1.0; 50 days is worse than the baseline -> 0.0
    r = run(cl, {"RD": 5, "RI": 50})
    assert r["indicators"]["RD"][1] == 1.0 and r["indicators"]["RI"][1] == 0.0


# --------------------------------------------------------------------------- 6.6 profiles

PROFILES = """
profiles:
  - id: core
    include: [strategy, F2]
    exclude: [S2]
    weights: {strategy: 3, F2: 2}
  - id: fin
    include: [finance]
sections:
  - id: strategy
    title: S
    indicators:
      - {id: S1, text: t, type: yesno}
      - {id: S2, text: t, type: yesno}
      - {id: S3, text: t, type: text}
  - id: finance
    title: F
    indicators:
      - {id: F1, text: t, type: levels, levels: [{value: 0}, {value: 1}, {value: 2}, {value: 4}]}
      - {id: F2, text: t, type: number, target: 10}
      - {id: F3, text: t, type: yesno}
  - id: other
    title: O
    indicators:
      - {id: O1, text: t, type: yesno}
"""
ANSWERS = {"S1": True, "S2": False, "S3": "a plan", "F1": 1, "F2": 5, "O1": True}


def test_whole_checklist_without_a_profile():
    r = run(checklist(PROFILES), ANSWERS)
    # strategy (100 + 0) / 2 = 50; finance (25 + 50 + 0) / 3 = 25; other 100
    # overall (50 + 25 + 100) / 3 = 58.333...
    assert r["sections"] == pytest.approx({"strategy": 50, "finance": 25, "other": 100})
    assert r["score"] == pytest.approx(175 / 3)
    assert r["counts"] == counts(indicators=7, applicable=6, answered=5, missing=1)


def test_profile_include_exclude_weights():
    cl = checklist(PROFILES)
    r = run(cl, ANSWERS, profile="core")
    # selected: {S1, S2, S3} + {F2} - {S2} = {S1, S3, F2}
    assert r["indicators"]["S2"] == ("not_selected", None)
    assert r["indicators"]["F1"] == ("not_selected", None)
    assert r["indicators"]["O1"] == ("not_selected", None)
    assert r["indicators"]["S3"] == ("unscored", None)
    # strategy = S1 = 100; finance = F2 alone = 50; other: nothing selected -> null
    assert r["sections"] == {"strategy": pytest.approx(100), "finance": pytest.approx(50), "other": None}
    # weights: strategy 3, finance 1 -> (3 * 100 + 1 * 50) / 4 = 87.5
    assert r["score"] == pytest.approx(87.5)
    # not_selected counts in `indicators` only; F3 (unanswered) is outside: complete
    assert r["counts"] == counts(indicators=7, applicable=2, answered=2)
    assert r["complete"] is True and r["profile"] == "core"


def test_profile_sources_and_all():
    cl = checklist(PROFILES)
    # the submission's profile: fin = finance only: 25; S3 (text) outside it is not_selected (R7)
    fin = reference_score(cl, {"answers": ANSWERS, "profile": "fin"})
    assert fin["score"] == pytest.approx(25)
    assert fin["indicators"]["S3"] == ("not_selected", None)
    assert fin["counts"] == counts(indicators=7, applicable=3, answered=2, missing=1)
    # an explicit profile (--profile) wins over the submission's
    assert reference_score(cl, {"answers": ANSWERS, "profile": "fin"}, "core")["score"] == \
        pytest.approx(87.5)
    # `all` and an unknown id: the whole checklist, 58.333...
    assert reference_score(cl, {"answers": ANSWERS, "profile": "fin"}, "all")["score"] == \
        pytest.approx(175 / 3)
    assert reference_score(cl, {"answers": ANSWERS, "profile": "nope"})["score"] == \
        pytest.approx(175 / 3)


# --------------------------------------------------------------------------- 6.3 results levels

LEVELS = """
sections:
  - id: a
    title: A
    weight: 3
    results_level: process
    indicators:
      - {id: A1, text: t, type: yesno, allow_na: true}
      - {id: A2, text: t, type: yesno, partial: true, results_level: output}
    sections:
      - id: a1
        title: A1
        weight: 2
        results_level: outcome
        indicators:
          - {id: A3, text: t, type: number, target: 10}
          - {id: A4, text: t, type: levels, levels: [{value: 0}, {value: 4}], results_level: impact}
  - id: b
    title: B
    indicators:
      - {id: B1, text: t, type: yesno}
      - {id: B2, text: t, type: yesno, weight: 0, results_level: input}
"""


def levels(r: dict) -> list:
    return [(lv["level"], lv["score"] if lv["score"] is None else pytest.approx(lv["score"]),
             lv["indicators"]) for lv in r["results_levels"]]


def test_results_levels_add_up_to_the_overall_score():
    r = run(checklist(LEVELS), {"A1": True, "A2": "partial", "A3": 5, "A4": 4, "B1": True, "B2": True})
    # a1 = (50 + 100) / 2 = 75; a = (1*100 + 1*50 + 2*75) / 4 = 75; b = (1*100 + 0*100) / 1 = 100
    # overall = (3*75 + 1*100) / 4 = 81.25
    assert r["score"] == pytest.approx(81.25)
    # shares: A1 = A2 = 3/4 * 1/4 = 3/16; A3 = A4 = 3/4 * 2/4 * 1/2 = 3/16; B1 = 1/4; B2 = 0
    assert r["shares"] == pytest.approx({"A1": 3 / 16, "A2": 3 / 16, "A3": 3 / 16, "A4": 3 / 16,
                                         "B1": 0.25, "B2": 0.0})
    # input B2: 0 (weight 0, still counted); process A1: 3/16*100 = 18.75; output A2: 3/16*50 =
    # 9.375; outcome A3 (from a1, overriding a): 9.375; impact A4: 18.75; B1 has no level: 25
    assert levels(r) == [("input", 0.0, 1), ("process", 18.75, 1), ("output", 9.375, 1),
                         ("outcome", 9.375, 1), ("impact", 18.75, 1)]
    assert sum(lv["score"] for lv in r["results_levels"]) + 25 == pytest.approx(r["score"])


def test_results_levels_use_shares_after_exclusions():
    r = run(checklist(LEVELS), {"A1": "na", "A2": "partial", "A3": 5, "A4": 4, "B1": True, "B2": True})
    # A1 na: a = (1*50 + 2*75) / 3 = 66.67; overall = (3*66.67 + 100) / 4 = 75
    assert r["score"] == pytest.approx(75)
    # shares: A2 = 3/4 * 1/3 = 1/4; A3 = A4 = 3/4 * 2/3 * 1/2 = 1/4; B1 = 1/4
    # process has no scored indicator left: not listed; output 25*0.5 = 12.5; outcome 12.5;
    # impact 25; input 0; + B1 25 = 75
    assert levels(r) == [("input", 0.0, 1), ("output", 12.5, 1), ("outcome", 12.5, 1),
                         ("impact", 25.0, 1)]


def test_results_levels_null_when_nothing_scores_and_missing_zero_counts():
    cl = checklist("""
sections:
  - id: a
    title: A
    weight: 0
    indicators:
      - {id: A1, text: t, type: yesno, results_level: input}
  - id: b
    title: B
    results_level: output
    indicators:
      - {id: B1, text: t, type: yesno, allow_na: true}
      - {id: B2, text: t, type: yesno, allow_na: true}
""")
    # a scores 100 but weighs 0; b is all N/A -> overall null; input listed (A1 scored), null (R15)
    r = run(cl, {"A1": True, "B1": "na", "B2": "na"})
    assert r["score"] is None
    assert levels(r) == [("input", None, 1)]
    # B1 yes, B2 unanswered (missing 0): b = 50, overall = 50 (a weighs 0)
    # output: B1 1/2*100 + B2 1/2*0 = 50, 2 scored indicators; input 0 (share 0), 1
    r = run(cl, {"A1": True, "B1": True})
    assert r["score"] == pytest.approx(50)
    assert levels(r) == [("input", 0.0, 1), ("output", 50.0, 2)]


def test_results_levels_under_a_profile():
    cl = checklist(LEVELS + """
profiles:
  - id: p
    exclude: [a1, B2]
    weights: {a: 1}
""")
    r = run(cl, {"A1": True, "A2": "partial", "A3": 5, "A4": 4, "B1": True, "B2": True}, profile="p")
    # a = (100 + 50) / 2 = 75 (a1 not selected -> null); b = B1 = 100; overall (75 + 100) / 2 = 87.5
    assert r["sections"]["a1"] is None
    assert r["score"] == pytest.approx(87.5)
    # process A1: 1/2*1/2*100 = 25; output A2: 1/4*50 = 12.5; B1 unlevelled 50 -> 87.5
    assert levels(r) == [("process", 25.0, 1), ("output", 12.5, 1)]


# --------------------------------------------------------------------------- 6.5 breakdowns

BY = """
disaggregations: {sex: SEX}
sections:
  - id: s
    title: S
    indicators:
      - {id: N, text: Women and men trained, type: number, target: 100, disaggregate: [sex]}
"""


@pytest.mark.parametrize("sex", ["[female, male]", "[female, male, unknown]"])
def test_partial_breakdowns(sex):
    cl = checklist(BY.replace("SEX", sex))

    def status(by, **kw):
        return reference_score(cl, {"answers": {"N": {"value": 60, "by": {"sex": by}}}}, **kw)["indicators"]["N"]

    # 20 + 30 = 50 < 60: the rest (10) is `unknown`, a warning; answered, 60/100 = 0.6
    assert status({"female": 20, "male": 30}) == ("answered", pytest.approx(0.6))
    # explicit unknown, adding up (20 + 30 + 10) or still short (20 + 30 + 5)
    assert status({"female": 20, "male": 30, "unknown": 10}) == ("answered", pytest.approx(0.6))
    assert status({"female": 20, "male": 30, "unknown": 5}) == ("answered", pytest.approx(0.6))
    # more than the value (40 + 30 = 70 > 60): error, unanswered -> missing 0
    assert status({"female": 40, "male": 30}) == ("missing", 0.0)
    # an undeclared category: error
    assert status({"female": 20, "other": 40}) == ("missing", 0.0)
    # the 1.0 rule (parts must equal the value), kept for the 1.0 cross-check
    assert status({"female": 20, "male": 30}, by_shortfall="error") == ("missing", 0.0)
    assert status({"female": 20, "male": 40}, by_shortfall="error") == ("answered", pytest.approx(0.6))


# --------------------------------------------------------------------------- conditions (6.11)

def test_comparisons_are_false_on_no_data_na_implied_and_unanswered():
    cl = checklist("""
sections:
  - id: s
    title: S
    indicators:
      - {id: X, text: t, type: yesno, allow_na: true}
      - {id: Y, text: t, type: yesno, when: "X == yes or X != yes"}
      - {id: Z, text: t, type: yesno, when: "X == yes", when_false: zero}
      - {id: W, text: t, type: yesno, when: "Z == no or Z != no"}
      - {id: T, text: t, type: text, when: "X == yes", when_false: zero}
""")
    # X answered: Y applicable (tautology); X no -> Z implied -> W's comparisons false
    r = run(cl, {"X": False, "Y": True, "W": True})
    assert r["indicators"]["Y"] == ("answered", 1.0)
    assert r["indicators"]["Z"] == ("implied", 0.0)
    assert r["indicators"]["W"] == ("not_applicable", None)
    assert r["indicators"]["T"] == ("unscored", None)          # text stays unscored (R7)
    # s = (X 0 + Y 100 + Z 0) / 3 = 33.33
    assert r["score"] == pytest.approx(100 / 3)
    for x in ("no_data", "na", None):
        answers = {} if x is None else {"X": x}
        r = run(cl, answers)
        assert r["indicators"]["Y"] == ("not_applicable", None), x
        assert r["indicators"]["Z"] == ("implied", 0.0), x
        assert r["indicators"]["W"] == ("not_applicable", None), x
    # X no_data: applicable = X (no_data) + Z (implied) = 2
    assert run(cl, {"X": "no_data"})["counts"] == counts(indicators=5, applicable=2, no_data=1, implied=1)
    # X na: na 1; applicable = Z (implied) = 1
    assert run(cl, {"X": "na"})["counts"] == counts(indicators=5, applicable=1, na=1, implied=1)


def test_aggregate_and_subject_keys_change_nothing():
    plain = checklist(CM)
    keyed = checklist(CM.replace("target: 50}", "target: 50, aggregate: sum, direction: increase}"))
    answers = {"CM5": True, "CM6": 30}
    extra = {"subject_id": "VN-48", "reference_period": "2025-Q3",
             "meta": {"country": "VN", "population": 1220000}}
    a, b = run(plain, answers), run(keyed, answers, **extra)
    for k in ("score", "counts", "sections", "indicators", "results_levels"):
        assert a[k] == b[k], k
    assert a["score"] == pytest.approx(80)
