"""The shared helpers of issue 9: bounded 'did you mean' hints (ledcheck.hints) and sane numbers
(ledcheck.numbers). No wall-clock limits: the bound is on the work done, counted."""
from __future__ import annotations

import difflib
import random
import string

import pytest

from ledcheck import hints, numbers
from ledcheck.checklist import did_you_mean

# --------------------------------------------------------------------------- hints

def test_small_candidate_lists_give_difflibs_answer():
    rng = random.Random(5)
    words = ["weight", "when", "when_false", "results_level", "aggregate", "evidence", "allow_na", "text"]
    for _ in range(300):
        w = rng.choice(words)
        typo = "".join(c for c in w if rng.random() > 0.15) + rng.choice(["", "x"])
        expected = difflib.get_close_matches(typo, [c for c in words if c != typo], n=1, cutoff=0.6)
        got = hints.closest(typo, words)
        if typo.casefold() in {c.casefold() for c in words} and typo not in words:
            continue   # a case-only difference is always suggested
        assert got == (expected[0] if expected else None), typo


def test_a_word_is_never_suggested_for_itself():
    assert hints.did_you_mean("150", ["150", "151"]) == "; did you mean '151'?"
    assert hints.did_you_mean(15, ["15"]) == ""
    assert did_you_mean("weight", ["weight"]) == ""


def test_case_only_differences_are_suggested():
    assert hints.closest("s1", ["S1", "S2"]) == "S1"
    assert hints.closest("ST1", ["st1"]) == "st1"


def test_the_filter_limits_the_candidates():
    idx = hints.Index(["Ab1", "Ab2", "Ab3"])
    assert idx.closest("Ab4", accept=lambda c: c == "Ab1") == "Ab1"
    assert idx.closest("Ab4", accept=lambda c: False) is None


def test_work_per_query_is_bounded_on_hostile_sizes(monkeypatch):
    ids = [f"IND{i:05d}" for i in range(20000)]
    idx = hints.Index(ids)
    compared = []
    real = difflib.get_close_matches

    def counting(word, pool, n=3, cutoff=0.6):
        compared.append(len(pool))
        return real(word, pool, n, cutoff)
    monkeypatch.setattr(hints.difflib, "get_close_matches", counting)
    rng = random.Random(1)
    for _ in range(200):
        word = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        idx.closest(word)
    assert compared and max(compared) <= hints.MAX_EXAMINED
    assert idx.closest("IND0001") in ids    # a near miss is still found among 20,000
    assert idx.closest("IDN00042") is not None


def test_answers_are_memoised_per_index(monkeypatch):
    idx = hints.Index([f"X{i}" for i in range(1000)])
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(hints.difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(50):
        idx.closest("Y17")
    assert len(calls) == 1


def test_the_same_list_passed_again_reuses_its_index():
    words = [f"w{i}" for i in range(50)]
    assert hints.index(words) is hints.index(list(words))
    idx = hints.Index(words)
    assert hints.index(idx) is idx


def test_thousands_of_unknown_when_ids_stay_linear(tmp_path, monkeypatch):
    """4,000 conditions naming unknown ids against 2,000 indicators: each hint compares with a
    bounded number of candidates (issue 9 measured 29 s before)."""
    from ledcheck.checklist import check_file
    compared = []
    real = difflib.get_close_matches
    monkeypatch.setattr(hints.difflib, "get_close_matches",
                        lambda w, pool, n=3, cutoff=0.6: compared.append(len(pool)) or real(w, pool, n, cutoff))
    inds = "".join(f"      - {{id: I{i}, text: t, type: yesno}}\n" for i in range(2000))
    conds = "".join(f"      - {{id: C{i}, text: t, type: yesno, when: Q{i} == yes}}\n" for i in range(4000))
    f = tmp_path / "c.yaml"
    f.write_text("ledcheck: 1\nid: d\ntitle: T\nsections:\n  - id: s\n    title: S\n    indicators:\n"
                 + inds + conds, encoding="utf-8")
    _, problems = check_file(f)
    assert len([p for p in problems if p.rule == "when-reference"]) == 4000
    assert len(compared) <= 4000 and max(compared) <= hints.MAX_EXAMINED


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("value,weight,fragment", [
    (10 ** 400, False, "too large"),
    (-10 ** 400, False, "too large"),
    (1e308, False, "too large"),
    (1e16, False, "too large"),
    (float("inf"), False, "finite"),
    (float("nan"), False, "finite"),
    (5e-324, True, "too small to weigh"),
    (1e-12, True, "too small to weigh"),
    (5e-324, False, "too small to compute"),
])
def test_insane_numbers_are_named(value, weight, fragment):
    msg = numbers.check_number(value, weight=weight)
    assert msg is not None and fragment in msg
    assert len(msg) < 120          # a 400-digit number is not echoed whole


@pytest.mark.parametrize("value,weight", [
    (0, True), (0.0, True), (1e-9, True), (1, False), (-3.5, False), (10 ** 15, False), (1e15, False),
    (1e-12, False), (2026, False),
])
def test_sane_numbers_pass(value, weight):
    assert numbers.check_number(value, weight=weight) is None


def test_non_numbers_are_the_callers_concern():
    for v in (True, False, None, "1e400", [1]):
        assert numbers.check_number(v) is None


def test_shown_cuts_long_values():
    assert numbers.shown(10 ** 400) == "1" + "0" * 19 + "…"
    assert numbers.shown("short") == "short"
    assert numbers.shown(0.1) == "0.1"


def test_the_nearest_of_many_similar_ids_is_found():
    idx = hints.Index([f"LR{i}" for i in range(1, 2001)])
    assert idx.closest("LR12x") == "LR12"     # among 900 ids of its length, the shared prefix wins
    assert idx.closest("XR12") == "LR12"      # a typo in the first letter
    assert idx.closest("lr77") == "LR77"
    assert idx.closest("R1234") == "LR1234"   # a missing first letter: one edit away
    assert idx.closest("LR1999x") == "LR1999"
