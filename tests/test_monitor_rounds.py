"""Subjects and rounds (FORMAT.md §6.4, §6.11): keys, normalised names, order, versions.

The small result builders (``result``, ``section``, ``ind``) are ``tests/helpers.py``'s, shared by
every ``test_monitor_*`` module.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from ledcheck.monitor.rounds import (
    group_subjects,
    harmonise,
    normalise_name,
    period_bounds,
    round_end,
    round_sort_key,
    subject_key,
)

from helpers import make_result as result
from helpers import result_indicator as ind
from helpers import result_section as section

# --------------------------------------------------------------------------- names and keys

def test_normalise_name_nfc_casefold_spaces():
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng")
    assert decomposed != "Đà Nẵng"
    assert normalise_name(decomposed) == normalise_name("  ĐÀ   NẴNG\t") == "đà nẵng"
    assert normalise_name("Straße") == normalise_name("STRASSE")
    assert normalise_name(None) == ""


def test_subject_id_wins_over_name():
    a = result("Đà Nẵng", 50, subject_id="VN-48", date="2025-03-01")
    b = result("Da Nang", 60, subject_id="VN-48", date="2026-03-01")
    subjects, problems = group_subjects([b, a])
    assert len(subjects) == 1 and problems == []
    assert [r["score"] for r in subjects[0].rounds] == [50, 60]
    assert subjects[0].name == "Da Nang"       # the latest round's name is shown


def test_same_name_different_ids_stay_two():
    a = result("Springfield", 50, subject_id="US-IL-1", date="2025-01-01")
    b = result("Springfield", 60, subject_id="US-MA-2", date="2025-01-01")
    subjects, _ = group_subjects([a, b])
    assert len(subjects) == 2
    assert {s.subject_id for s in subjects} == {"US-IL-1", "US-MA-2"}


def test_round_without_id_matches_only_rounds_without_id():
    a = result("Hue City", 50, subject_id="VN-46", date="2025-01-01")
    b = result("hue  city", 60, date="2026-01-01")
    c = result("HUE CITY", 70, date="2027-01-01")
    subjects, _ = group_subjects([a, b, c])
    assert [len(s.rounds) for s in subjects] == [1, 2]
    assert subject_key(b) == subject_key(c) == ("name", "hue city")


# --------------------------------------------------------------------------- periods and order

@pytest.mark.parametrize("text, start, end", [
    ("2025", "2025-01-01", "2025-12-31"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2025-Q3", "2025-07-01", "2025-09-30"),
    ("2025-q1", "2025-01-01", "2025-03-31"),
    ("2025-04-01/2026-03-31", "2025-04-01", "2026-03-31"),
    ("2025-06-30", "2025-06-30", "2025-06-30"),
    (2025, "2025-01-01", "2025-12-31"),
])
def test_period_bounds(text, start, end):
    assert period_bounds(text) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("text", ["baseline", "2025-Q5", "2025-13", "2026-01-01/2025-01-01", None, ""])
def test_period_bounds_rejects(text):
    assert period_bounds(text) is None


def test_round_order_reference_period_then_date_then_period_text_then_path():
    rp = result("X", 1, reference_period="2024", date="2026-06-01", source="z.yaml")   # starts 2024-01-01
    dated = result("X", 2, date="2025-03-01", source="a.yaml")
    undated_b = result("X", 3, period="midline", source="b.yaml")
    undated_a = result("X", 4, period="baseline", source="c.yaml")
    tie_1 = result("X", 5, period="midline", source="a.yaml")
    ordered = sorted([undated_b, dated, tie_1, undated_a, rp], key=round_sort_key)
    assert [r["score"] for r in ordered] == [1, 2, 4, 5, 3]


def test_round_end_uses_reference_period_end_else_date():
    assert round_end(result("X", 1, reference_period="2025-Q2", date="2026-01-01")) == dt.date(2025, 6, 30)
    assert round_end(result("X", 1, date="2026-01-05")) == dt.date(2026, 1, 5)
    assert round_end(result("X", 1, period="2026")) is None


def test_two_rounds_with_the_same_key_are_kept_with_a_warning():
    a = result("X", 1, date="2025-01-01", source="a.yaml")
    b = result("X", 2, date="2025-01-01", source="b.yaml")
    subjects, problems = group_subjects([b, a])
    assert [r["source"] for r in subjects[0].rounds] == ["a.yaml", "b.yaml"]
    assert len(problems) == 1 and problems[0].severity == "warning" and "a.yaml and b.yaml" in problems[0].message


# --------------------------------------------------------------------------- checklists and profiles

def test_two_checklists_mixed_keeps_the_majority_with_an_error_each():
    rs = [result("A", 1, date="2025-01-01"), result("B", 2, date="2025-01-01"),
          result("C", 3, date="2025-01-01", checklist=("other", "1"))]
    inp = harmonise(rs)
    assert [r["subject"] for r in inp.results] == ["A", "B"]
    assert [(p.severity, p.file) for p in inp.problems] == [("error", "C-2025-01-01.yaml")]
    assert "two checklists" in inp.problems[0].message


def test_versions_share_ids_and_are_all_named():
    old = result("A", 1, date="2025-01-01", checklist=("cl", "2025.2"),
                 sections=[section("s1", 50, [ind("I1", 1, 1.0), ind("I2", 1, 1.0)])])
    new = result("A", 2, date="2026-01-01", checklist=("cl", "2025.10"),
                 sections=[section("s1", 60, [ind("I1", 1, 1.0), ind("I3", 1, 1.0)]), section("s2", 10)])
    inp = harmonise([new, old])
    assert [c["version"] for c in inp.checklists] == ["2025.2", "2025.10"]   # dotted-number order
    assert inp.shared_indicators == {"I1"} and inp.shared_sections == {"s1"}
    assert inp.header()["checklist"]["version"] == "2025.10"
    assert len(inp.header()["checklists"]) == 2
    assert any(p.severity == "warning" and "versions" in p.message for p in inp.problems)


def test_profile_settled_once():
    same = [result("A", 1, profile="core"), result("B", 1, profile="core")]
    assert harmonise(same).profile == "core"
    mixed = [result("A", 1, profile="core"), result("B", 1)]
    inp = harmonise(mixed)
    assert inp.profile is None and any("profiles" in p.message for p in inp.problems)
    # results cannot be rescored by themselves: one under another profile is left out, said so
    assert [r["subject"] for r in inp.results] == ["B"]
    assert any("cannot be scored again under 'all'" in p.message for p in inp.problems)
    core = harmonise(mixed, "core")
    assert core.profile == "core" and [r["subject"] for r in core.results] == ["A"]
    assert [p.severity for p in core.problems] == ["warning"]
    # with a way to rescore (the CLI's submissions), every round is used under the one profile
    again = harmonise(mixed, rescore=lambda r, p: dict(r, profile=p, score=0))
    assert [(r["subject"], r.get("profile"), r["score"]) for r in again.results] == [("A", None, 0), ("B", None, 1)]
    assert harmonise(mixed, "all").profile == "all"
