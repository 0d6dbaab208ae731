"""Checklists under 1.1 (FORMAT.md §6, §6.11): the new keys built into the model, and 1.0
checklists that mean exactly what they meant (only "state direction" notes are new)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from ledcheck import profiles, yamlio
from ledcheck.checklist import check_document, check_file
from ledcheck.model import Indicator, Section

ROOT = Path(__file__).parent.parent
V1_0 = Path(__file__).parent / "v1_0" / "sme-me-aec-2026.1.yaml"
CASES = Path(__file__).parent / "cases" / "checklists"
V1_1_VALID = Path(__file__).parent / "cases" / "v1_1" / "valid.yaml"
NEW_INDICATOR = {"direction": None, "when_false": "exclude", "results_level": None, "aggregate": "mean"}


def _check(text: str):
    doc = yamlio.load_bytes(text.encode(), "t.yaml", yamlio.build_located)
    return check_document(doc)


def test_a_1_0_checklist_gets_only_state_direction_notes_and_1_0_defaults():
    checklist, problems = check_file(V1_0)
    assert checklist is not None
    assert {p.rule for p in problems} == {"state-direction"}
    assert all(p.severity == "note" for p in problems)
    numbers = [i for i in checklist.indicators.values() if i.type == "number"]
    assert len(problems) == len(numbers)   # one note per number indicator, none for others
    for ind in checklist.indicators.values():
        assert {k: getattr(ind, k) for k in NEW_INDICATOR} == NEW_INDICATOR, ind.id
    for sec in checklist.walk_sections():
        assert sec.results_level is None
    assert checklist.no_data == "zero" and checklist.subject_fields == () and checklist.profiles == {}


def test_a_1_0_checklist_builds_the_same_model_as_with_directions_stated():
    """Stating the inferred directions changes nothing but ``direction`` itself."""
    before, _ = check_file(V1_0)
    data = yaml.safe_load(V1_0.read_text(encoding="utf-8"))

    def state(node):
        if isinstance(node, dict):
            if node.get("type") == "number" and "target" in node:
                node["direction"] = "decrease" if node["target"] < node.get("baseline", 0) else "increase"
            for v in node.values():
                state(v)
        elif isinstance(node, list):
            for v in node:
                state(v)
    state(data)
    after, problems = _check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert problems == []
    for iid, ind in before.indicators.items():
        other = after.indicators[iid]
        assert other.direction == ind.effective_direction if ind.type == "number" else other.direction is None
        assert dataclasses.replace(other, direction=None, line=0, when=None) == \
            dataclasses.replace(ind, line=0, when=None), iid
        assert ind.effective_direction == other.effective_direction


def test_1_1_keys_are_built_into_the_model():
    checklist, problems = check_file(V1_1_VALID)
    assert problems == [] and checklist is not None
    assert checklist.no_data == "exclude"
    st1, st2, bs1 = (checklist.indicators[i] for i in ("ST1", "ST2", "BS1"))
    assert (st1.results_level, st2.results_level, bs1.results_level) == ("input", "process", "output")
    assert st2.when_false == "zero" and st1.when_false == "exclude"
    assert bs1.direction == "increase" and bs1.aggregate == "sum"
    assert [s.results_level for s in checklist.sections] == ["process", "output"]
    assert [f.id for f in checklist.subject_fields] == ["province", "population", "class"]
    province, population, klass = checklist.subject_fields
    assert province.required and province.type == "text" and str(province.label) == "Province"
    assert (population.type, population.min, population.max) == ("number", 0, 100000000)
    assert [o.id for o in klass.options] == ["I", "II", "III"] and str(klass.options[2].label) == "Class III"
    assert set(checklist.profiles) == {"core", "lean"}
    core = checklist.profiles["core"]
    assert isinstance(core, profiles.Profile)
    assert core.include == ("strategy",) and core.weights == {"ST2": 2}
    sel = profiles.select(checklist, "core")
    assert sel.indicators == {"ST1", "ST2"} and sel.weight("ST2", 1) == 2
    lean = profiles.select(checklist, "lean")
    assert lean.indicators == {"ST1", "BS1"}
    assert profiles.select(checklist, "all") is None


def test_nested_section_levels_override_their_parents():
    checklist, problems = _check("""\
ledcheck: 1
id: demo
title: Demo
sections:
  - id: a
    title: A
    results_level: outcome
    indicators:
      - {id: A1, text: x, type: yesno}
    sections:
      - id: b
        title: B
        results_level: input
        indicators:
          - {id: B1, text: x, type: yesno}
          - {id: B2, text: x, type: yesno, results_level: impact}
      - id: c
        title: C
        indicators:
          - {id: C1, text: x, type: yesno}
  - id: d
    title: D
    indicators:
      - {id: D1, text: x, type: yesno}
""")
    assert problems == []
    levels = {i.id: i.results_level for i in checklist.indicators.values()}
    assert levels == {"A1": "outcome", "B1": "input", "B2": "impact", "C1": "outcome", "D1": None}
    assert {s.id: s.results_level for s in checklist.walk_sections()} == \
        {"a": "outcome", "b": "input", "c": "outcome", "d": None}


def test_scale_indicators_take_when_false_and_results_level_and_the_scale_direction():
    checklist, problems = _check("""\
ledcheck: 1
id: demo
title: Demo
scales:
  days: {type: number, baseline: 15, target: 3, direction: decrease}
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: x, type: yesno}
      - {id: B, text: x, scale: days, when: A == yes, when_false: zero, results_level: output}
""")
    assert problems == []
    b = checklist.indicators["B"]
    assert (b.direction, b.when_false, b.results_level, b.effective_direction) == \
        ("decrease", "zero", "output", "decrease")


@pytest.mark.parametrize("key", ["direction: increase", "aggregate: sum", "unit: days"])
def test_scale_indicators_add_nothing_else_new(key):
    _, problems = _check(f"""\
ledcheck: 1
id: demo
title: Demo
scales:
  n: {{type: number, target: 3, direction: increase}}
sections:
  - id: s
    title: S
    indicators:
      - {{id: A, text: x, scale: n, {key}}}
""")
    assert [p.rule for p in problems] == ["unknown-key"], problems


def test_unknown_category_is_allowed_and_no_data_option_is_not():
    checklist, problems = _check("""\
ledcheck: 1
id: demo
title: Demo
disaggregations: {sex: [female, male, unknown]}
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: x, type: number, target: 3, direction: increase, disaggregate: [sex]}
""")
    assert problems == [] and checklist.disaggregations["sex"] == ("female", "male", "unknown")


def test_profile_weights_follow_the_weight_rules_for_the_whole_checklist():
    _, problems = _check("""\
ledcheck: 1
id: demo
title: Demo
sections:
  - {id: a, title: A, indicators: [{id: A1, text: x, type: yesno}]}
  - {id: b, title: B, indicators: [{id: B1, text: x, type: yesno}]}
profiles:
  - {id: p, weights: {a: 0, b: 0}}
""")
    assert [(p.line, p.rule) for p in problems] == [(8, "weight")]
    assert "the checklist" in problems[0].message


def test_a_when_naming_an_unselected_indicator_is_reported_once_per_profile_and_name():
    _, problems = _check("""\
ledcheck: 1
id: demo
title: Demo
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: x, type: levels, levels: [{value: 0}, {value: 1}]}
      - {id: B, text: x, type: yesno, when: A >= 1 and A <= 1}
profiles:
  - {id: p, include: [B]}
  - {id: q, exclude: [A]}
""")
    assert [(p.line, p.col, p.rule) for p in problems] == [(11, 10, "profile"), (12, 10, "profile")]


def test_indicator_model_field_defaults_are_1_0():
    for k, v in NEW_INDICATOR.items():
        assert Indicator.__dataclass_fields__[k].default == v
    assert Section.__dataclass_fields__["results_level"].default is None


def test_a_309_digit_number_is_never_echoed_whole():
    big = "1" + "0" * 308
    _, problems = _check(f"""\
ledcheck: {big}
id: demo
version: {big}
title: Demo
scoring: {{missing: {big}}}
sections:
  - id: s
    title: S
    weight: {big}
    indicators:
      - {{id: A, text: x, type: {big}}}
      - {{id: B, text: x, type: yesno, evidence: {big}}}
      - {{id: C, text: x, type: number, target: {big}, direction: increase}}
""")
    assert len(problems) >= 7
    for p in problems:
        assert big not in p.message and "0" * 40 not in p.message, p.message
