"""The 1.1 scoring and submission rules (FORMAT.md §6.1-6.6, §6.11), with figures computed by hand.

Every expected score in a comment was worked out on paper from FORMAT.md, not by running ledcheck.
The three examples of issue 11 are rescored on the 1.0 corpus checklist (tests/v1_0).
"""
from __future__ import annotations

import copy
import difflib
import math
from pathlib import Path

import pytest

from ledcheck import scoring, yamlio
from ledcheck.checklist import check_document
from ledcheck.profiles import UnknownProfileError
from ledcheck.rules import RULES
from ledcheck.scoring import score
from ledcheck.submission import from_document

CORPUS = Path(__file__).parent / "v1_0"
#: The rule of a wrong subject value (reference_period, meta): a header value (FORMAT.md §2, §6.4).
META_RULE = "header"


@pytest.fixture(autouse=True)
def _every_problem_names_a_registered_rule(monkeypatch):
    resolve = scoring._resolve

    def checked(raw, submission):
        problems = resolve(raw, submission)
        for p in problems:
            assert p.rule in RULES, (p.rule, p.message)
        return problems
    monkeypatch.setattr(scoring, "_resolve", checked)


def load(text: str, name: str = "v.yaml"):
    checklist, problems = check_document(yamlio.load_bytes(text.encode(), name))
    errors = [p for p in problems if p.is_error]
    assert checklist is not None and not errors, [p.format(name) for p in problems]
    return checklist


def submission(text: str):
    """A submission read from YAML text (so problems have lines)."""
    return from_document(yamlio.load_bytes(text.encode(), "s.yaml"))


def sub_text(answers: str, header: str = "") -> str:
    return "ledcheck: 1\nchecklist: v\nsubject: Test City\n" + header + "answers:\n" + answers


def entry(result, iid: str) -> dict:
    return result.indicator(iid)


def shown(result) -> list[str]:
    return [f"{p.line}: {p.severity}: {p.message} ({p.rule})" for p in result.problems]


V11 = """
ledcheck: 1
id: v
version: "1"
title: V
scoring: {missing: zero, no_data: zero}
disaggregations:
  sex: [female, male]
subject_fields:
  - {id: country, type: choice, options: [VN, LA], required: true}
  - {id: population, type: number, min: 0}
  - {id: province, type: text}
profiles:
  - {id: core, include: [gov, N1], exclude: [Y2], weights: {gov: 3}}
  - {id: outcomes, include: [N2]}
sections:
  - id: gov
    title: Governance
    results_level: process
    indicators:
      - {id: L1, text: l, type: levels, levels: [{value: 0}, {value: 1}, {value: 2}]}
      - {id: Y1, text: y, type: yesno}
      - {id: Y2, text: y2, type: yesno, when: "L1 >= 1", when_false: zero}
      - {id: Y3, text: y3, type: yesno, when: "Y1 == yes"}
  - id: res
    title: Results
    indicators:
      - {id: N1, text: n, type: number, baseline: 0, target: 100, direction: increase,
         disaggregate: [sex], results_level: output}
      - {id: N2, text: d, type: number, baseline: 30, target: 5, results_level: outcome}
      - {id: T1, text: t, type: text}
"""

FULL = """  L1: 2
  Y1: yes
  Y2: no
  Y3: no_data
  N1: 40
  N2: 10
  T1: notes
"""
META = "meta: {country: VN}\n"


@pytest.fixture(scope="module")
def cl():
    return load(V11)


# --------------------------------------------------------------------------- the whole result

def test_full_answers_hand_computed(cl):
    r = score(cl, submission(sub_text(FULL, META)))
    # gov: L1 2 -> 1, Y1 1, Y2 0, Y3 no_data -> 0 (no_data: zero): (100 + 100 + 0 + 0) / 4 = 50
    # res: N1 40/100 = 0.4, N2 (10 - 30) / (5 - 30) = 0.8: (40 + 80) / 2 = 60; overall 55
    assert r.section("gov").score == pytest.approx(50)
    assert r.section("res").score == pytest.approx(60)
    assert r.score == pytest.approx(55)
    assert entry(r, "Y3")["status"] == "no_data" and entry(r, "Y3")["value"] == "no_data"
    assert entry(r, "Y3")["score"] == 0.0
    assert r.counts == {"indicators": 7, "applicable": 6, "answered": 5, "na": 0, "missing": 0,
                        "no_data": 1, "implied": 0, "not_selected": 0}
    assert r.complete is True                  # no_data is not missing
    # levels: each gov indicator's share is 1/2 * 1/4 = 1/8: (100 + 100) / 8 = 25;
    # N1 1/2 * 1/2 * 40 = 10; N2 1/4 * 80 = 20; 25 + 10 + 20 = 55 = the overall score
    assert r.results_levels == [
        {"level": "process", "score": pytest.approx(25), "indicators": 4},
        {"level": "output", "score": pytest.approx(10), "indicators": 1},
        {"level": "outcome", "score": pytest.approx(20), "indicators": 1}]
    assert entry(r, "L1")["results_level"] == "process" and "results_level" not in entry(r, "T1")
    assert r.problems == [] and r.profile is None and r.meta == {"country": "VN"}


def test_indicator_entries_keep_the_1_0_keys_first(cl):
    r = score(cl, submission(sub_text("  N1: {value: 40, by: {sex: {female: 10, male: 30}}, target: 80}\n"
                                      "  L1: 1\n", META)))
    assert list(entry(r, "N1")) == ["id", "value", "score", "weight", "status", "evidence", "note",
                                    "by", "baseline", "target", "direction", "results_level"]
    assert list(entry(r, "L1")) == ["id", "value", "score", "weight", "status", "evidence", "note",
                                    "results_level"]
    # numbers carry the effective baseline, target and direction whatever their status
    assert (entry(r, "N2")["baseline"], entry(r, "N2")["target"], entry(r, "N2")["direction"]) == \
        (30, 5, "decrease")
    assert entry(r, "N1")["target"] == 80 and entry(r, "N1")["score"] == pytest.approx(0.5)


# --------------------------------------------------------------------------- 6.2 no_data, implied

def test_no_data_is_allowed_everywhere_but_text_and_bare_or_as_value(cl):
    r = score(cl, submission(sub_text("  L1: no_data\n  Y1: {value: no_data, note: not measured}\n"
                                      "  N1: no_data\n  T1: no_data\n", META)))
    assert [entry(r, i)["status"] for i in ("L1", "Y1", "N1")] == ["no_data"] * 3
    assert entry(r, "Y1")["note"] == "not measured"
    assert entry(r, "T1")["status"] == "unscored" and entry(r, "T1")["value"] == "no_data"   # just text
    assert r.problems == []


def test_no_data_exclude(cl):
    c = load(V11.replace("no_data: zero", "no_data: exclude"))
    r = score(c, submission(sub_text("  L1: 2\n  Y1: no_data\n  N1: no_data\n  N2: 30\n", META)))
    # Y1 excluded, so Y3 (Y1 == yes) is not applicable; gov = L1 100 and Y2 (L1 >= 1) missing 0 = 50
    # res: N1 excluded, N2 30 -> 0: 0; overall (50 + 0) / 2 = 25
    assert entry(r, "Y1")["score"] is None and entry(r, "Y3")["status"] == "not_applicable"
    assert r.score == pytest.approx(25)
    assert r.counts["no_data"] == 2 and r.counts["missing"] == 1 and r.counts["applicable"] == 5


def test_implied_counts_zero_whatever_scoring_missing_says(cl):
    for missing, overall in (("zero", 25.0), ("exclude", 50.0)):
        c = load(V11.replace("missing: zero", f"missing: {missing}"))
        r = score(c, submission(sub_text("  L1: 0\n  Y1: yes\n  Y2: yes\n  Y3: yes\n", META)))
        # L1 0 -> Y2 (L1 >= 1, when_false: zero) is implied: 0; gov = (0 + 100 + 0 + 100) / 4 = 50
        # res: N1, N2 missing: 0 (zero) -> overall 25, or excluded -> overall 50
        assert entry(r, "Y2")["status"] == "implied"
        assert entry(r, "Y2")["value"] is None and entry(r, "Y2")["score"] == 0.0
        assert r.section("gov").score == pytest.approx(50)
        assert r.score == pytest.approx(overall)
        assert r.counts["implied"] == 1 and r.counts["applicable"] == 6 and r.complete is False
        # the answer to Y2 is kept in the file, not scored: a warning (1.0: an error)
        assert shown(r) == ["8: warning: Y2 is not asked here (its condition 'L1 >= 1' is false, so it "
                            "counts 0): its answer is kept but not scored (not-applicable)"]


def test_conditions_are_false_on_no_data_na_implied_and_not_selected():
    c = load(V11 + """      - {id: Z1, text: z, type: yesno, when: "N1 >= 0", when_false: zero}
      - {id: Z2, text: z, type: yesno, when: "Y2 == no or Y2 != no"}
""")
    r = score(c, submission(sub_text("  L1: 0\n  N1: no_data\n", META)))
    assert entry(r, "Z1")["status"] == "implied"            # N1 no_data: N1 >= 0 is false
    assert entry(r, "Z2")["status"] == "not_applicable"     # Y2 implied: both comparisons false
    r = score(c, submission(sub_text("  L1: 1\n  N1: 5\n  Y2: no\n", "meta: {country: VN}\nprofile: outcomes\n")))
    assert entry(r, "Z1")["status"] == "not_selected" and entry(r, "N1")["status"] == "not_selected"


# --------------------------------------------------------------------------- 6.6 profiles

def test_profile_core_hand_computed(cl):
    r = score(cl, submission(sub_text(FULL, META + "profile: core\n")))
    # selected: L1, Y1, Y3 (gov, without Y2) and N1; gov weighs 3
    # gov = (100 + 100 + 0) / 3; res = N1 40; overall = (3 * 66.67 + 40) / 4 = 60
    assert r.profile == "core"
    assert r.section("gov").score == pytest.approx(200 / 3) and r.section("gov").weight == 3
    assert r.section("res").score == pytest.approx(40)
    assert r.score == pytest.approx(60)
    assert [entry(r, i)["status"] for i in ("Y2", "N2", "T1")] == ["not_selected"] * 3
    assert entry(r, "N2")["score"] is None
    assert r.counts == {"indicators": 7, "applicable": 4, "answered": 3, "na": 0, "missing": 0,
                        "no_data": 1, "implied": 0, "not_selected": 3}
    # process: three indicators of share 3/4 * 1/3 = 1/4: (100 + 100 + 0) / 4 = 50; output N1 10
    assert r.results_levels == [{"level": "process", "score": pytest.approx(50), "indicators": 3},
                                {"level": "output", "score": pytest.approx(10), "indicators": 1}]
    # answers outside the profile are kept, not scored: warnings (FORMAT.md §6.11)
    assert [p.path for p in r.problems] == ["answers.Y2", "answers.N2", "answers.T1"]
    assert {p.severity for p in r.problems} == {"warning"}


def test_profile_precedence_all_and_a_section_with_nothing_selected(cl):
    text = sub_text(FULL, META + "profile: core\n")
    assert score(cl, submission(text), profile="all").score == pytest.approx(55)
    assert score(cl, submission(text), profile="all").profile is None
    r = score(cl, submission(text), profile="outcomes")
    # only N2 (0.8): gov has nothing selected and stays with score null; overall 80
    assert r.profile == "outcomes" and r.section("gov").score is None and r.score == pytest.approx(80)
    with pytest.raises(UnknownProfileError):
        score(cl, submission(text), profile="kore")


def test_unknown_profile_in_the_submission_is_an_error_and_the_whole_checklist_is_used(cl):
    r = score(cl, submission(sub_text(FULL, META + "profile: kore\n")))
    assert r.profile is None and r.score == pytest.approx(55)
    assert shown(r) == ["5: error: unknown profile 'kore'; did you mean 'core'?; this checklist's profiles: "
                        "core, outcomes (and 'all'); the whole checklist is used (profile)"]


def test_answers_outside_a_profile_chosen_by_the_caller_are_notes(cl):
    """Scoring a full submission under a smaller --profile is what profiles are for (FORMAT.md
    §6.6: "their answers are kept, with no error"): notes, which never fail, not even --strict;
    the submission's own profile makes them warnings (§6.11)."""
    r = score(cl, submission(sub_text(FULL, META)), profile="core")
    assert [(p.path, p.severity) for p in r.problems] == [
        ("answers.Y2", "note"), ("answers.N2", "note"), ("answers.T1", "note")]
    r = score(cl, submission(sub_text(FULL, META + "profile: core\n")), profile="core")
    assert {p.severity for p in r.problems} == {"warning"}


def test_answers_outside_the_profile_are_still_checked(cl):
    r = score(cl, submission(sub_text("  L1: 2\n  N2: many\n", META + "profile: core\n")))
    assert shown(r) == ["8: error: N2 takes a number, not 'many' (answer)"]
    assert entry(r, "N2")["status"] == "not_selected"


# --------------------------------------------------------------------------- 6.1 direction

def test_overrides_and_direction(cl):
    r = score(cl, submission(sub_text(
        "  N1: {value: 40, baseline: 50, target: 10}\n"     # reverses the stated increase: error
        "  N2: {value: 10, baseline: 5, target: 30}\n",     # reverses the inferred decrease: warning
        META)))
    n1, n2 = entry(r, "N1"), entry(r, "N2")
    # N1 scored against its own 0 -> 100: 0.4; N2 against 5 -> 30: (10 - 5) / 25 = 0.2
    assert n1["status"] == "answered" and n1["score"] == pytest.approx(0.4)
    assert (n1["baseline"], n1["target"], n1["direction"]) == (0, 100, "increase")
    assert n2["score"] == pytest.approx(0.2)
    assert (n2["baseline"], n2["target"], n2["direction"]) == (5, 30, "increase")
    assert [(p.line, p.severity, p.rule) for p in r.problems] == [(6, "error", "direction"),
                                                                  (7, "warning", "direction")]
    assert "stated 'increase'" in r.problems[0].message


def test_overrides_equal_under_stated_and_inferred_direction(cl):
    r = score(cl, submission(sub_text("  N1: {value: 40, target: 0}\n  N2: {value: 10, target: 30}\n", META)))
    # stated: ignored, still scored (0.4); inferred: nothing to measure, unanswered (1.0 rule)
    assert entry(r, "N1")["score"] == pytest.approx(0.4) and entry(r, "N2")["status"] == "missing"
    assert [p.rule for p in r.problems] == ["direction", "target-equals-baseline"]


# --------------------------------------------------------------------------- 6.5 breakdowns

@pytest.mark.parametrize("parts, by, severity", [
    ("{female: 10, male: 30}", {"female": 10, "male": 30}, None),
    ("{female: 10, male: 20}", {"female": 10, "male": 20, "unknown": 10}, "warning"),
    ("{female: 10, male: 20, unknown: 10}", {"female": 10, "male": 20, "unknown": 10}, None),
    ("{female: 10, unknown: 5}", {"female": 10, "unknown": 30}, "warning"),
    ("{female: 30, male: 20}", None, "error"),
])
def test_partial_breakdowns(cl, parts, by, severity):
    r = score(cl, submission(sub_text(f"  N1: {{value: 40, by: {{sex: {parts}}}}}\n", META)))
    n1 = entry(r, "N1")
    assert [p.severity for p in r.problems] == ([severity] if severity else [])
    if by is None:
        assert n1["status"] == "missing" and "by" not in n1
        assert "more than its value 40" in r.problems[0].message
    else:
        assert n1["status"] == "answered" and n1["by"] == {"sex": by}
    if severity == "warning":
        assert r.problems[0].rule == "breakdown" and r.problems[0].path == "answers.N1.by.sex"


# --------------------------------------------------------------------------- 6.4 subjects

def test_subject_keys_are_carried_into_the_result(cl):
    r = score(cl, submission(sub_text("  L1: 2\n", "subject_id: VN-48\nreference_period: 2025-Q3\n"
                                      "meta: {country: LA, population: 1220000, province: Da Nang}\n")))
    assert (r.subject_id, r.reference_period) == ("VN-48", "2025-Q3")
    assert r.meta == {"country": "LA", "population": 1220000, "province": "Da Nang"}
    assert r.problems == []


@pytest.mark.parametrize("period, ok", [
    ("2025", True), ("'2025'", True), ("2025-06", True), ("2025-Q4", True),
    ("2025-01-01/2025-12-31", True), ("2025-13", False), ("2025-Q5", False), ("2025-06-01", False),
    ("2025-12-31/2025-01-01", False), ("2025-02-30/2025-03-01", False), ("last year", False),
    ("[2025]", False)])
def test_reference_period_forms(cl, period, ok):
    r = score(cl, submission(sub_text("  L1: 2\n", META + f"reference_period: {period}\n")))
    if ok:
        assert r.problems == [] and r.reference_period == period.strip("'")
    else:
        assert r.reference_period is None
        assert [(p.line, p.severity, p.path) for p in r.problems] == [(5, "error", "reference_period")]
        assert "YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD" in r.problems[0].message


def test_meta_against_subject_fields(cl):
    r = score(cl, submission(sub_text("  L1: 2\n", "meta:\n  country: KH\n  population: -5\n"
                                      "  provinc: Hue\n  province: [a, b]\n")))
    assert shown(r) == [
        f"5: error: meta.country must be one of VN, LA, not 'KH' ({META_RULE})",
        f"6: error: meta.population must be at least 0, not -5 ({META_RULE})",
        "7: warning: meta.provinc is not a subject field of this checklist; did you mean 'province'? "
        "(its fields: country, population, province) (unknown-key)",
        f"8: error: meta.province must be a single value (text or a number), not a list ({META_RULE})"]
    # wrong values are dropped (a wrong country is not reported missing as well); the unknown key is kept
    assert r.meta == {"provinc": "Hue"}
    r = score(cl, submission(sub_text("  L1: 2\n", "meta: {population: 5}\n")))
    assert shown(r) == ["4: error: meta.country is required by this checklist (a subject field) (required)"]
    r = score(cl, submission(sub_text("  L1: 2\n")))
    assert [p.message for p in r.problems] == ["meta.country is required by this checklist (a subject field)"]


def test_meta_without_subject_fields_takes_any_scalar():
    c = load(V11.replace(
        """subject_fields:
  - {id: country, type: choice, options: [VN, LA], required: true}
  - {id: population, type: number, min: 0}
  - {id: province, type: text}
""", ""))
    r = score(c, submission(sub_text("  L1: 2\n", "meta: {anything: 1, other: text, day: 2025-01-02, "
                                                  "none: null, bad: {x: 1}}\n")))
    assert r.meta == {"anything": 1, "other": "text", "day": "2025-01-02", "none": None}
    assert [(p.severity, p.path) for p in r.problems] == [("error", "meta.bad")]


# --------------------------------------------------------------------------- issue 9: numbers

def test_huge_and_extreme_numbers_are_reported_at_their_position(cl):
    huge = "9" * 400
    r = score(cl, submission(sub_text(
        f"  L1: {huge}\n"
        f"  N1: {{value: 40, by: {{sex: {{female: {huge}, male: 1}}}}}}\n"
        f"  N2: {{value: 10, baseline: 1.0e+308, target: -1.0e+308}}\n"
        f"  Y1: {{value: yes}}\n", META)))
    assert [(p.line, p.severity) for p in r.problems] == [(6, "error"), (7, "error"), (8, "error")]
    assert all(len(p.message) < 200 for p in r.problems)
    assert r.problems[1].rule == r.problems[2].rule == "number"
    assert r.problems[2].path == "answers.N2.baseline"
    assert [entry(r, i)["status"] for i in ("L1", "N1", "N2")] == ["missing"] * 3
    assert r.score is not None and math.isfinite(r.score)


def test_a_huge_number_answer_never_raises(cl):
    for value in ("9" * 400, "-" + "9" * 400, "1.0e+308", ".inf", ".nan", "-1.0e+16"):
        r = score(cl, submission(sub_text(f"  N1: {value}\n  N2: {value}\n  L1: {value}\n", META)))
        assert [entry(r, i)["status"] for i in ("N1", "N2", "L1")] == ["missing"] * 3
        assert r.score == 0 and len(r.errors) == 3


def test_did_you_mean_for_unknown_ids_is_bounded(monkeypatch):
    """Issue 9: hints compare an unknown id with a bounded number of indicators, not all of them."""
    n = 1200
    inds = "\n".join(f"      - {{id: IND{i:04d}, text: t, type: yesno}}" for i in range(n))
    c = load(f"ledcheck: 1\nid: big\ntitle: Big\nsections:\n  - id: s\n    title: S\n    indicators:\n{inds}\n")
    sizes = []
    real = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        possibilities = list(possibilities)
        sizes.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)
    monkeypatch.setattr(difflib, "get_close_matches", counting)
    answers = {f"XND{i:04d}": True for i in range(400)}
    r = score(c, {"ledcheck": 1, "checklist": "big", "subject": "x", "answers": answers})
    assert len(r.errors) == 400 and "did you mean 'IND0007'" in r.errors[7].message
    assert sizes and max(sizes) <= 300


# --------------------------------------------------------------------------- issue 11's examples

@pytest.fixture(scope="module")
def corpus_text() -> str:
    return (CORPUS / "sme-me-aec-2026.1.yaml").read_text(encoding="utf-8")


def _hue(answers: dict | None = None, drop=()):
    import yaml
    data = yaml.safe_load((CORPUS / "examples" / "hue-2025.yaml").read_text(encoding="utf-8"))
    for k in drop:
        data["answers"].pop(k, None)
    data["answers"].update(answers or {})
    return data


def test_issue_11_cm6_no_data_never_pays(corpus_text):
    """Hue 2025 answers CM6 'N/A' because no tracer survey was done: under 1.0 that scores higher
    than measuring 30% (CM6's baseline, which scores 0). Answered no_data it scores no higher
    than a measured 30% and below a measured 50% (0.5 of the way from 30 to 70)."""
    c = load(corpus_text, "sme.yaml")
    evidence = "Interview with the Department of Industry and Trade"
    as_na = score(c, _hue()).score
    no_data = score(c, _hue({"CM6": {"value": "no_data", "evidence": evidence}}))
    m30 = score(c, _hue({"CM6": {"value": 30, "evidence": evidence}})).score
    m50 = score(c, _hue({"CM6": {"value": 50, "evidence": evidence}})).score
    assert as_na > m30                                       # the 1.0 flaw N/A leaves open
    assert no_data.score <= m30 and no_data.score < m50
    assert no_data.score == pytest.approx(m30)              # zero, exactly as the baseline
    assert no_data.indicator("CM6")["status"] == "no_data" and no_data.counts["no_data"] == 1


def test_issue_11_td5_when_false_zero_never_scores_a_small_effort_below_none(corpus_text):
    """TD5 (contracts signed at trade events) is asked only when TD3 > 0. Under 1.0 a city with
    no trade events (TD3 = 0, TD5 excluded) scores above one with a small effort and no contract
    yet (TD3 = 5, TD5 = 0); with ``when_false: zero`` TD5 is implied 0 and that cannot happen."""
    ev = "participant lists"
    none = _hue({"TD3": {"value": 0, "evidence": ev}}, drop=("TD5",))
    small = _hue({"TD3": {"value": 5, "evidence": ev}, "TD5": 0})
    c10 = load(corpus_text, "sme.yaml")
    assert score(c10, small).score < score(c10, none).score           # the 1.0 flaw
    text = corpus_text.replace('        when: "TD3 > 0"\n', '        when: "TD3 > 0"\n        when_false: zero\n', 1)
    assert text != corpus_text
    c = load(text, "sme.yaml")
    r_none, r_small = score(c, none), score(c, small)
    assert r_none.indicator("TD5")["status"] == "implied" and r_none.indicator("TD5")["score"] == 0
    assert r_small.score >= r_none.score
    # TD3 5/150 is the only difference: section td's weighted mean gains its share of 3.33 points
    assert r_small.score > r_none.score


def test_issue_11_lr4_reversed_override_on_a_stated_decrease_is_an_error_at_its_line(corpus_text):
    """`LR4: {value: 5, baseline: 2, target: 6}` on a lower-is-better indicator with a stated
    direction is an error at its line; LR4 is still scored against the checklist's 15 -> 3:
    (5 - 15) / (3 - 15) = 0.8333."""
    text = corpus_text.replace("            baseline: 15\n            target: 3\n",
                               "            baseline: 15\n            target: 3\n            direction: decrease\n", 1)
    assert text != corpus_text
    c = load(text, "sme.yaml")
    sub_yaml = (CORPUS / "examples" / "hue-2025.yaml").read_text(encoding="utf-8")
    old = '  LR4: {value: 7, evidence: "Public Administration Service Centre register, 2024"}\n'
    assert old in sub_yaml
    line = sub_yaml[:sub_yaml.index(old)].count("\n") + 1
    sub_yaml = sub_yaml.replace(old, '  LR4: {value: 5, baseline: 2, target: 6, evidence: "register"}\n')
    r = score(c, from_document(yamlio.load_bytes(sub_yaml.encode(), "hue-2025.yaml")))
    errors = r.errors
    assert len(errors) == 1 and errors[0].line == line and errors[0].rule == "direction"
    assert errors[0].path in ("answers.LR4.target", "answers.LR4.baseline")
    lr4 = r.indicator("LR4")
    assert lr4["status"] == "answered" and lr4["score"] == pytest.approx(10 / 12)
    assert (lr4["baseline"], lr4["target"], lr4["direction"]) == (15, 3, "decrease")


def test_a_1_0_file_without_errors_scores_the_same_under_1_1(corpus_text):
    """1.1 turns some 1.0 errors into warnings (answers to ruled-out indicators, short breakdowns),
    so only files without errors are compared: their scores are equal (see test_v1_0_corpus.py)."""
    c = load(corpus_text, "sme.yaml")
    data = _hue()
    first = score(c, copy.deepcopy(data)).to_dict()
    assert not [p for p in first["problems"] if p["severity"] == "error"]
    assert score(c, data).score == first["score"]


# --------------------------------------------------------------------------- issue 9: YAML 1.1 numbers

def test_yaml_1_1_number_forms_in_answers_are_located_warnings(cl):
    r = score(cl, submission(sub_text("  N1: {value: 010, by: {sex: {female: 0x8, male: 0}}}\n"
                                      "  N2: 1:30\n  L1: 0b1\n", META)))
    assert [(p.line, p.col, p.severity, p.rule, p.path) for p in r.problems] == [
        (6, 15, "warning", "yaml-number", "answers.N1.value"),
        (6, 39, "warning", "yaml-number", "answers.N1.by.sex.female"),
        (7, 7, "warning", "yaml-number", "answers.N2"),
        (8, 7, "warning", "yaml-number", "answers.L1")]
    assert all("quote it" in p.message and "decimal" in p.message for p in r.problems)
    assert "8" in r.problems[0].message and "90" in r.problems[2].message
    # the values are scored as YAML read them (the warning says what that is): N1 8/100, N2 90 -> 0
    assert entry(r, "N1")["value"] == 8 and entry(r, "N2")["value"] == 90 and entry(r, "L1")["value"] == 1
