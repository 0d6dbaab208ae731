"""compare (FORMAT.md §6.8, §6.11 "Compare"): hand-computed changes, movement, distance."""
from __future__ import annotations

import pytest

from ledcheck.monitor.compare import compare, distance, movement

from helpers import make_result as result
from helpers import result_indicator as ind
from helpers import result_section as section


def _pair():
    before = result("Da Nang City", 50.0, subject_id="VN-48", date="2025-03-01", rating="Developing", sections=[
        section("strategy", 40.0, [
            ind("L1", 2, 0.5, type="levels"),
            ind("N1", 20, 0.0, type="number", baseline=20, target=80, direction="increase"),
            ind("D1", 10, 0.4545, type="number", baseline=15, target=4, direction="decrease"),
        ], rating="Emerging"),
        section("finance", 60.0, [
            ind("Y1", False, 0.0, type="yesno"),
            ind("G1", None, None, status="na"),          # dropped? no: N/A before, scored after -> new
            ind("X1", "a", 1.0, type="choice"),         # dropped: scored before, missing after
        ], rating="Developing"),
    ])
    after = result("Da Nang", 62.5, subject_id="VN-48", date="2026-03-01", rating="Developing", sections=[
        section("strategy", 55.0, [
            ind("L1", 2, 0.5, type="levels"),
            ind("N1", 50, 0.5, type="number", baseline=20, target=80, direction="increase"),
            ind("D1", 7, 0.7273, type="number", baseline=15, target=4, direction="decrease"),
        ], rating="Developing"),
        section("finance", 70.0, [
            ind("Y1", True, 1.0, type="yesno"),
            ind("G1", 3, 0.75, type="levels"),
            ind("X1", None, None, status="na"),
        ], rating="Developing"),
    ])
    return before, after


def test_overall_and_section_changes():
    c = compare(*_pair())
    assert c["ledcheck"] == 1 and c["checklist"] == {"id": "cl", "version": "1", "sha256": "sha-1"}
    assert c["overall"]["change"] == pytest.approx(12.5)
    assert [(s["id"], s["before"], s["after"], s["change"]) for s in c["sections"]] == [
        ("strategy", 40.0, 55.0, 15.0), ("finance", 60.0, 70.0, 10.0)]
    assert c["problems"] == []          # one subject_id: one subject, though the names differ


def test_movement_groups():
    c = compare(*_pair())
    assert c["movement"] == {"up": ["N1", "D1", "Y1"], "down": [], "same": ["L1"], "new": ["G1"],
                             "dropped": ["X1"]}
    y1 = next(i for i in c["indicators"] if i["id"] == "Y1")
    assert (y1["value_before"], y1["value_after"], y1["change"]) == (False, True, 1.0)


def test_distance_travelled():
    c = compare(*_pair())
    nums = {n["id"]: n for n in c["numbers"]}
    assert nums["N1"]["distance"] == pytest.approx((50 - 20) / (80 - 20))      # 0.5
    assert nums["D1"]["distance"] == pytest.approx((7 - 10) / (4 - 10))        # 0.5, lower is better
    assert nums["D1"]["change"] == -3


def test_distance_edge_cases():
    assert distance(80, 90, 80) is None                 # target equals the before value
    assert distance(20, 100, 80) == pytest.approx(80 / 60)   # not clamped: past the target
    assert distance(50, 40, 80) == pytest.approx(-10 / 30)   # moved away
    assert distance(None, 40, 80) is None
    assert movement(None, None) is None


def test_distance_uses_after_rounds_effective_target():
    before = result("X", 10, date="2025-01-01", sections=[section("s", 10, [
        ind("N", 100, 0.2, type="number", baseline=0, target=500)])])
    after = result("X", 20, date="2026-01-01", sections=[section("s", 20, [
        ind("N", 400, 0.33, type="number", baseline=0, target=1000)])])      # subject raised its target
    (n,) = compare(before, after)["numbers"]
    assert n["target"] == 1000 and n["distance"] == pytest.approx(300 / 900)


def test_ratings_that_changed():
    c = compare(*_pair())
    assert c["ratings"] == [{"scope": "section", "id": "strategy", "before": "Emerging", "after": "Developing"}]


def test_different_subjects_warn():
    a = result("Hue", 10, date="2025-01-01")
    b = result("Naga", 20, date="2026-01-01")
    c = compare(a, b)
    assert [p["severity"] for p in c["problems"]] == ["warning"]
    assert c["overall"]["change"] == 10


def test_two_checklists_give_overall_only_and_an_error():
    a = result("Hue", 10, date="2025-01-01", sections=[section("s", 10)])
    b = result("Hue", 20, date="2026-01-01", checklist=("other", "1"), sections=[section("s", 20)])
    c = compare(a, b)
    assert c["overall"]["change"] == 10 and c["sections"] == [] and c["indicators"] == []
    assert [p["severity"] for p in c["problems"]] == ["error"]
    assert [x["id"] for x in c["checklists"]] == ["cl", "other"]


def test_versions_compare_on_shared_ids():
    a = result("Hue", 10, date="2025-01-01", checklist=("cl", "1"), sections=[
        section("s", 10, [ind("A", 1, 1.0), ind("OLD", 1, 1.0)])])
    b = result("Hue", 20, date="2026-01-01", checklist=("cl", "2"), sections=[
        section("s", 20, [ind("A", 0, 0.0), ind("NEW", 1, 1.0)]), section("t", 5)])
    c = compare(a, b)
    assert [i["id"] for i in c["indicators"]] == ["A"] and [s["id"] for s in c["sections"]] == ["s"]
    assert c["movement"]["down"] == ["A"] and c["movement"]["new"] == []
    assert [x["version"] for x in c["checklists"]] == ["1", "2"]
    assert any("versions" in p["message"] for p in c["problems"])


def test_before_later_than_after_warns():
    a = result("Hue", 10, date="2026-01-01")
    b = result("Hue", 20, date="2025-01-01")
    c = compare(a, b)
    assert c["overall"]["change"] == 10
    assert [p["severity"] for p in c["problems"]] == ["warning"] and "later than AFTER" in c["problems"][0]["message"]
