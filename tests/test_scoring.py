"""The scoring model of FORMAT.md §3, rule by rule, with figures computed by hand."""
from __future__ import annotations

import math

import pytest

from ledcheck import scoring, score
from ledcheck.rules import RULES
from ledcheck.scoring import shares

from conftest import make_checklist

BASE = """
ledcheck: 1
id: t
version: "1"
title: T
"""

LEVELS = BASE + """
ratings:
  - {min: 75, label: Advanced}
  - {min: 50, label: Developing}
  - {min: 0, label: Emerging}
scales:
  m:
    type: levels
    levels:
      - {value: 0, label: none}
      - {value: 1, label: planned}
      - {value: 2, label: started}
      - {value: 3, label: done}
      - {value: 4, label: improved}
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: a, scale: m, weight: 2}
      - {id: B, text: b, type: yesno, partial: true}
      - {id: C, text: c, type: choice, options: [{id: hi, score: 2}, {id: mid, score: 1}, {id: lo, score: 0}]}
      - {id: D, text: d, type: multi, options: [{id: x, score: 1}, {id: y, score: 2}, {id: z, score: 3}]}
      - {id: E, text: e, type: number, baseline: 20, target: 80, min: 0, max: 100}
      - {id: F, text: f, type: number, baseline: 15, target: 3}
      - {id: G, text: g, type: text}
"""


@pytest.fixture(autouse=True)
def _every_problem_names_a_registered_rule(monkeypatch):
    """Every problem any test here makes names a rule of ledcheck.rules."""
    resolve = scoring._resolve

    def checked(raw, submission):
        problems = resolve(raw, submission)
        for p in problems:
            assert p.rule in RULES, (p.rule, p.message)
        return problems
    monkeypatch.setattr(scoring, "_resolve", checked)


def sub(answers, **extra):
    d = {"ledcheck": 1, "checklist": "t", "subject": "City", "answers": answers}
    d.update(extra)
    return d


def ind(result, iid):
    return result.indicator(iid)


@pytest.fixture(scope="module")
def cl():
    return make_checklist(LEVELS)


def test_each_type_scores_its_value(cl):
    r = score(cl, sub({"A": 3, "B": "partial", "C": "mid", "D": ["x", "z"], "E": 64, "F": 6, "G": "notes"}))
    assert ind(r, "A").score == pytest.approx(0.75)          # (3-0)/(4-0)
    assert ind(r, "B").score == pytest.approx(0.5)           # partial
    assert ind(r, "C").score == pytest.approx(0.5)           # 1 / max(2)
    assert ind(r, "D").score == pytest.approx(4 / 6)         # (1+3) / (1+2+3)
    assert ind(r, "E").score == pytest.approx(44 / 60)       # (64-20)/(80-20)
    assert ind(r, "F").score == pytest.approx(0.75)          # (6-15)/(3-15): lower is better
    assert ind(r, "G").score is None and ind(r, "G").status == "unscored"
    # section: weighted mean of indicator scores x 100, A weighs 2, G (text) is excluded
    expected = (2 * 75 + 50 + 50 + 400 / 6 + 4400 / 60 + 75) / 7
    assert r.score == pytest.approx(expected)
    assert r.sections[0].score == pytest.approx(expected)
    assert r.rating == "Developing"                           # 63.8 reaches 50, not 75
    assert r.complete and r.problems == []
    assert r.counts == {"indicators": 7, "applicable": 6, "answered": 6, "na": 0, "missing": 0,
                        "no_data": 0, "implied": 0, "not_selected": 0}


def test_numbers_are_clamped_to_0_and_1(cl):
    r = score(cl, sub({"E": 100, "F": 1}))
    assert ind(r, "E").score == 1.0       # beyond target
    assert ind(r, "F").score == 1.0       # 1 day is better than the target of 3
    r = score(cl, sub({"E": 10, "F": 30}))
    assert ind(r, "E").score == 0.0 and ind(r, "F").score == 0.0


def test_yes_no_and_bare_booleans(cl):
    assert ind(score(cl, sub({"B": True})), "B").score == 1.0
    assert ind(score(cl, sub({"B": False})), "B").score == 0.0
    assert ind(score(cl, sub({"B": "yes"})), "B").score == 1.0


def test_multi_empty_list_scores_zero_and_counts_as_answered(cl):
    r = score(cl, sub({"D": []}))
    assert ind(r, "D").score == 0.0 and ind(r, "D").status == "answered"


def test_multi_max_score_caps_at_1():
    c = make_checklist(BASE + """
sections:
  - id: s
    title: S
    indicators:
      - {id: D, text: d, type: multi, max_score: 3, options: [{id: x, score: 1}, {id: y, score: 2}, {id: z, score: 3}]}
""")
    assert ind(score(c, sub({"D": ["x"]})), "D").score == pytest.approx(1 / 3)
    assert ind(score(c, sub({"D": ["y", "z"]})), "D").score == 1.0   # 5/3 capped


def test_level_own_score_overrides_position():
    c = make_checklist(BASE + """
sections:
  - id: s
    title: S
    indicators:
      - id: A
        text: a
        type: levels
        levels: [{value: 1, label: a}, {value: 2, label: b, score: 0.9}, {value: 5, label: c}]
""")
    assert ind(score(c, sub({"A": 2})), "A").score == 0.9
    assert ind(score(c, sub({"A": 1})), "A").score == 0.0
    assert ind(score(c, sub({"A": 5})), "A").score == 1.0


def test_missing_zero_counts_unanswered_as_0(cl):
    r = score(cl, sub({"A": 4}))
    # A = 100 with weight 2; B, C, D, E, F missing = 0 each with weight 1
    assert r.score == pytest.approx(200 / 7)
    assert ind(r, "B").status == "missing" and ind(r, "B").score == 0.0
    assert not r.complete
    assert r.counts == {"indicators": 7, "applicable": 6, "answered": 1, "na": 0, "missing": 5,
                        "no_data": 0, "implied": 0, "not_selected": 0}


def test_missing_exclude_drops_unanswered():
    c = make_checklist(LEVELS.replace("ratings:", "scoring: {missing: exclude}\nratings:"))
    r = score(c, sub({"A": 4, "B": False}))
    assert r.score == pytest.approx((2 * 100 + 0) / 3)
    assert ind(r, "C").score is None and ind(r, "C").status == "missing"


def test_missing_exclude_with_nothing_answered_gives_null_score():
    c = make_checklist(LEVELS.replace("ratings:", "scoring: {missing: exclude}\nratings:"))
    r = score(c, sub({}))
    assert r.score is None and r.rating is None and r.sections[0].score is None
    assert r.to_dict()["score"] is None


NA_WHEN = BASE + """
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: a, type: yesno}
      - {id: B, text: b, type: number, target: 10, when: "A == yes"}
      - {id: C, text: c, type: yesno, allow_na: true, weight: 3}
      - {id: D, text: d, type: yesno}
"""


def test_na_is_excluded_from_both_sides():
    c = make_checklist(NA_WHEN)
    r = score(c, sub({"A": True, "B": 5, "C": "na", "D": False}))
    assert ind(r, "C").status == "na" and ind(r, "C").score is None
    assert r.score == pytest.approx((100 + 50 + 0) / 3)
    assert r.counts == {"indicators": 4, "applicable": 3, "answered": 3, "na": 1, "missing": 0,
                        "no_data": 0, "implied": 0, "not_selected": 0}
    assert r.complete


def test_when_false_excludes_the_indicator():
    c = make_checklist(NA_WHEN)
    r = score(c, sub({"A": False, "C": True, "D": True}))
    assert ind(r, "B").status == "not_applicable" and ind(r, "B").score is None
    assert r.score == pytest.approx((0 + 300 + 100) / 5)
    assert r.counts["applicable"] == 3 and r.complete


def test_when_on_unanswered_indicator_is_false():
    c = make_checklist(NA_WHEN)
    r = score(c, sub({}))
    assert ind(r, "B").status == "not_applicable"


def test_answer_to_not_applicable_indicator_is_a_warning_and_ignored():
    """FORMAT.md §6.11: an answer to a ruled-out indicator is kept in the file, not scored, and is
    a warning under 1.1 (1.0 made it an error)."""
    c = make_checklist(NA_WHEN)
    r = score(c, sub({"A": False, "B": 10, "C": True, "D": True}))
    assert ind(r, "B").status == "not_applicable"
    assert [p.severity for p in r.problems] == ["warning"]
    assert r.problems[0].path == "answers.B" and "not asked here" in r.problems[0].message
    assert r.problems[0].rule == "not-applicable"
    assert r.score == pytest.approx((0 + 300 + 100) / 5)


def test_na_where_not_allowed_is_an_error_and_counts_as_missing():
    c = make_checklist(NA_WHEN)
    r = score(c, sub({"A": "na", "C": True, "D": True}))
    assert ind(r, "A").status == "missing" and ind(r, "A").score == 0.0
    assert any(p.path == "answers.A" and "does not allow na" in p.message for p in r.problems)


def test_invalid_values_count_as_unanswered(cl):
    r = score(cl, sub({"A": 7, "B": "maybe", "C": "top", "D": ["x", "w"], "E": 101, "F": "six"}))
    assert all(ind(r, i).status == "missing" for i in "ABCDEF")
    assert len([p for p in r.problems if p.severity == "error"]) == 6
    assert r.score == 0.0


def test_weight_zero_indicator_does_not_move_the_score():
    c = make_checklist(BASE + """
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: a, type: yesno}
      - {id: B, text: b, type: yesno, weight: 0}
""")
    assert score(c, sub({"A": True, "B": False})).score == 100.0
    assert score(c, sub({"A": True, "B": True})).score == 100.0


def test_section_with_only_zero_weight_children_left_is_excluded():
    c = make_checklist(BASE + """
sections:
  - id: s1
    title: S1
    indicators:
      - {id: A, text: a, type: yesno, allow_na: true}
      - {id: B, text: b, type: yesno, weight: 0}
  - id: s2
    title: S2
    indicators:
      - {id: C, text: c, type: yesno}
""")
    r = score(c, sub({"A": "na", "B": True, "C": False}))
    assert r.sections[0].score is None           # only B left, and it weighs 0
    assert r.score == 0.0                        # s1 excluded: overall is s2 alone


def test_nested_sections_and_section_weights():
    c = make_checklist(BASE + """
sections:
  - id: top
    title: Top
    weight: 3
    sections:
      - id: sub
        title: Sub
        weight: 1
        indicators:
          - {id: C, text: c, type: number, target: 4}
    indicators:
      - {id: A, text: a, type: yesno}
  - id: other
    title: Other
    indicators:
      - {id: B, text: b, type: yesno}
""")
    r = score(c, sub({"A": True, "C": 2, "B": False}))
    assert r.section("sub").score == pytest.approx(50.0)
    assert r.section("top").score == pytest.approx((100 + 50) / 2)
    assert r.score == pytest.approx((3 * 75 + 0) / 4)
    # a section's indicators are asked before its sub-sections, whatever the key order
    assert list(c.indicators) == ["A", "C", "B"]


def test_subject_specific_baseline_and_target(cl):
    r = score(cl, sub({"E": {"value": 30, "baseline": 10, "target": 50}}))
    assert ind(r, "E").score == pytest.approx(0.5)
    r = score(cl, sub({"E": {"value": 30, "target": 30}}))
    assert ind(r, "E").score == 1.0


def test_disaggregated_parts_must_add_up():
    c = make_checklist(BASE + """
disaggregations:
  sex: [female, male]
sections:
  - id: s
    title: S
    indicators:
      - {id: N, text: n, type: number, target: 100, disaggregate: [sex]}
""")
    ok = score(c, sub({"N": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}}}))
    assert ok.problems == [] and ind(ok, "N").by == {"sex": {"female": 30, "male": 34}}
    assert ok.to_dict()["sections"][0]["indicators"][0]["by"] == {"sex": {"female": 30, "male": 34}}
    # 1.1 (FORMAT.md §6.5): less than the value is the category unknown, with a warning
    short = score(c, sub({"N": {"value": 64, "by": {"sex": {"female": 30, "male": 30}}}}))
    assert ind(short, "N").status == "answered"
    assert ind(short, "N").by == {"sex": {"female": 30, "male": 30, "unknown": 4}}
    assert [p.severity for p in short.problems] == ["warning"] and "add up to 60" in short.problems[0].message
    # more than the value stays an error: the answer counts as unanswered
    bad = score(c, sub({"N": {"value": 64, "by": {"sex": {"female": 40, "male": 30}}}}))
    assert ind(bad, "N").status == "missing"
    assert "add up to 70, more than" in bad.problems[0].message
    unknown = score(c, sub({"N": {"value": 64, "by": {"sex": {"women": 64}}}}))
    assert "not a category" in unknown.problems[0].message


def test_rating_is_first_band_reached(cl):
    assert score(cl, sub({"A": 4, "B": True, "C": "hi", "D": ["x", "y", "z"], "E": 80, "F": 3})).rating == "Advanced"
    assert score(cl, sub({})).rating == "Emerging"
    assert cl.rating_for(75) == "Advanced" and cl.rating_for(74.99) == "Developing"


def test_evidence_required_is_a_warning_and_still_counts():
    c = make_checklist(BASE + """
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: a, type: yesno, evidence: required}
""")
    r = score(c, sub({"A": True}))
    assert ind(r, "A").score == 1.0
    assert [p.severity for p in r.problems] == ["warning"]
    assert score(c, sub({"A": {"value": True, "evidence": "minutes"}})).problems == []


def test_version_mismatch_is_a_warning(cl):
    r = score(cl, sub({}, checklist_version="0.9"))
    assert [p.severity for p in r.problems] == ["warning"]


def test_unknown_indicator_is_an_error_with_a_hint(cl):
    r = score(cl, sub({"A": 1, "AA": 2}))
    assert r.problems[0].path == "answers.AA" and "unknown indicator" in r.problems[0].message


def test_result_json_shape(cl):
    d = score(cl, sub({"A": 2}, assessor="Lan", period="2026-Q1"), source="x.yaml").to_dict()
    assert list(d) == ["ledcheck", "checklist", "source", "subject", "assessor", "date", "period", "score",
                       "rating", "complete", "counts", "sections", "problems",
                       # 1.1, after the 1.0 keys
                       "subject_id", "reference_period", "meta", "profile", "results_levels"]
    assert d["checklist"] == {"id": "t", "version": "1", "sha256": cl.sha256}
    assert d["source"] == "x.yaml" and d["assessor"] == "Lan"
    i = d["sections"][0]["indicators"][0]
    assert set(i) >= {"id", "value", "score", "weight", "status", "evidence", "note"}


def test_shares_add_up_to_100(cl):
    s = shares(cl)
    total = sum(v for k, v in s.items() if k in cl.indicators)
    assert math.isclose(total, 100.0)
    assert s["A"] == pytest.approx(200 / 7) and s["G"] == 0.0
