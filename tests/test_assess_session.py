"""The assessment state machine (ledcheck.assess.session), driven line by line, no terminal."""
from __future__ import annotations

import pytest

from ledcheck.assess.session import (
    ERROR,
    EVIDENCE,
    EXTRA_EVIDENCE,
    EXTRA_NOTE,
    FINISH,
    GOTO,
    HELP,
    PART,
    QUIT,
    REVIEW,
    VALUE,
    InputProblem,
    Session,
    parse_number,
)
from ledcheck.checklist import check_document
from ledcheck.scoring import score
from ledcheck.yamlio import load_bytes

from helpers import TINY, feed


def load_tiny(text: str = TINY):
    checklist, problems = check_document(load_bytes(text.encode(), "tiny.yaml"))
    assert checklist is not None, problems
    return checklist


@pytest.fixture(scope="module")
def tiny():
    return load_tiny()


def new(checklist, answers=None):
    return Session(checklist, {"subject": "Test City"}, answers)


def valid(s: Session) -> dict:
    """The submission dict, checked to score without errors."""
    data = s.to_submission_dict()
    result = score(s.checklist, data)
    # answers to ruled-out indicators are kept (FORMAT.md §6.11: a warning under 1.1; a 1.0
    # scorer still calls them errors)
    errors = [p for p in result.errors if not p.message.endswith("but has an answer")]
    assert not errors, [p.message for p in errors]
    return data


# ---------------------------------------------------------------------------- basics

def test_starts_at_first_and_skips_conditions(tiny):
    s = new(tiny)
    assert s.cursor == "A1" and s.step.kind == VALUE
    assert s.applicable_ids() == ["A1", "A2", "B1", "B2", "B3", "B4", "B5"]
    assert s.progress() == (1, 7, 0)
    data = valid(s)
    assert data["answers"] == {} and data["subject"] == "Test City"
    assert list(data) == ["ledcheck", "checklist", "checklist_version", "subject", "answers"]


def test_levels_then_required_evidence(tiny):
    s = new(tiny)
    feed(s, "2")
    assert s.cursor == "A1" and s.step.kind == EVIDENCE
    assert s.answers["A1"] == 2            # the value is saved before the evidence is typed
    feed(s, "Council resolution 12/2025")
    assert s.cursor == "A2"
    assert s.answers["A1"] == {"value": 2, "evidence": "Council resolution 12/2025"}
    assert "A3" in s.applicable_ids()


def test_required_evidence_can_be_skipped_with_enter(tiny):
    s = new(tiny)
    feed(s, "1", "")
    assert s.cursor == "A2" and s.answers["A1"] == 1
    result = score(tiny, s.to_submission_dict())
    assert not result.errors
    assert any("requires evidence" in p.message for p in result.warnings)


def test_level_by_label(tiny):
    s = new(tiny)
    feed(s, "planned", "")
    assert s.answers["A1"] == 1


@pytest.mark.parametrize("line, value", [
    ("y", True), ("YES", True), ("n", False), ("no", False), ("p", "partial"), ("Partial", "partial"),
])
def test_yesno(tiny, line, value):
    s = new(tiny)
    feed(s, "g A2", line)
    assert s.answers["A2"] is value or s.answers["A2"] == value


def test_invalid_answers_are_explained_and_asked_again(tiny):
    s = new(tiny)
    out = s.feed("7")
    assert out.kind == ERROR and "0, 1, 2" in out.message
    assert s.feed("x").kind == ERROR
    assert s.feed("").kind == ERROR                    # nothing typed, nothing to keep
    assert s.cursor == "A1" and s.answers == {}
    feed(s, "1", "", "!maybe", "y")
    feed(s, "!9", "!zz", "2")                          # A3: options 1-3
    assert s.answers["A3"] == "consulted"
    assert s.cursor == "B1"
    feed(s, "!abc", "!1,5", "!-3")                     # min 0
    feed(s, "g B5", "!120", "!50.5.1", "55 %")
    assert s.answers["B5"] == 55
    assert s.cursor == "B1"                            # back to the first one still pending


def test_partial_not_allowed(tiny):
    s = new(tiny)
    feed(s, "g B3")
    out = s.feed("p")
    assert out.kind == ERROR and "partial" in out.message


def test_choice_by_number_or_id(tiny):
    s = new(tiny)
    feed(s, "2", "", "y", "CodeSigned")
    assert s.answers["A3"] == "codesigned"
    assert s.cursor == "A4"


@pytest.mark.parametrize("line, chosen", [
    ("1,3", ["finance", "digital"]),
    ("3 1", ["finance", "digital"]),
    ("digital, 1; 1", ["finance", "digital"]),
    ("markets", ["markets"]),
    ("-", []),
    ("none", []),
])
def test_multi_parsing(tiny, line, chosen):
    s = new(tiny, {"A1": 2, "A3": "codesigned"})
    assert s.cursor == "A2"
    feed(s, "g A4", line)
    assert s.answers["A4"] == chosen
    valid(s)


def test_multi_invalid(tiny):
    s = new(tiny, {"A1": 2, "A3": "codesigned"})
    feed(s, "g A4")
    out = s.feed("1 x")
    assert out.kind == ERROR and "'x'" in out.message
    assert s.feed("4").kind == ERROR
    assert "A4" not in s.answers


def test_parse_number():
    assert parse_number("64") == 64 and isinstance(parse_number("64"), int)
    assert parse_number("0.5") == 0.5
    assert parse_number("12 days", "days") == 12
    assert parse_number("55%", "%") == 55
    for bad in ("1,5", "abc", "1.2.3", "", "inf", "nan"):
        with pytest.raises(InputProblem):
            parse_number(bad)


# ---------------------------------------------------------------------------- navigation

def test_back_shows_answer_as_default_and_enter_keeps(tiny):
    s = new(tiny)
    feed(s, "1", "Doc", "y")
    assert s.cursor == "A3"
    feed(s, "b")
    assert s.cursor == "A2" and s.default() == "yes"
    feed(s, "b")
    assert s.cursor == "A1" and s.default() == "1"
    feed(s, "")                                        # keep: no evidence question again
    assert s.cursor == "A2"
    feed(s, "n")                                       # change it
    assert s.answers["A2"] is False
    assert s.cursor == "A3"


def test_back_at_first_is_an_error(tiny):
    s = new(tiny)
    out = s.feed("b")
    assert out.kind == ERROR and s.cursor == "A1"


def test_back_inside_an_indicator_returns_to_its_value(tiny):
    s = new(tiny)
    feed(s, "g B1", "64")
    assert s.step.kind == PART
    feed(s, "b")
    assert s.cursor == "B1" and s.step.kind == VALUE and s.default() == "64"
    feed(s, "70", "40", "")
    assert s.answers["B1"] == {"value": 70, "by": {"sex": {"female": 40, "male": 30}}}


def test_linear_walk_after_back(tiny):
    s = new(tiny, {"A1": 0, "A2": True, "B1": 5, "B2": 3})
    assert s.cursor == "B3"
    feed(s, "b", "b", "b")
    assert s.cursor == "A2"
    feed(s, "", "")                                    # Enter, Enter: walk forward keeping answers
    assert s.cursor == "B2"
    feed(s, "")
    assert s.cursor == "B3"


def test_skip_and_wrap(tiny):
    s = new(tiny)
    feed(s, "s")
    assert s.cursor == "A2" and "A1" in s.skipped
    feed(s, "s", "g B4", "fine")
    assert s.cursor == "B5"                            # the next pending after B4
    feed(s, "50")
    assert s.cursor == "B1"                            # wraps to what was jumped over
    feed(s, "s", "s", "s")
    assert s.cursor is None and s.step.kind == REVIEW  # all skipped or answered
    assert s.unanswered() == ["A1", "A2", "B1", "B2", "B3"]
    feed(s, "a")                                       # answer the unanswered now
    assert s.cursor == "A1"
    valid(s)


def test_goto(tiny):
    s = new(tiny)
    feed(s, "g b3")
    assert s.cursor == "B3"
    out = s.feed("g ZZ")
    assert out.kind == ERROR and "ZZ" in out.message
    out = s.feed("g A3")
    assert out.kind == ERROR and "A1 >= 1" in out.message
    feed(s, "g")
    assert s.step.kind == GOTO
    feed(s, "")                                        # Enter: stay
    assert s.cursor == "B3" and s.step.kind == VALUE
    feed(s, "goto", "B5")
    assert s.cursor == "B5"


def test_na(tiny):
    s = new(tiny)
    out = s.feed("na")
    assert out.kind == ERROR and "na" in out.message
    feed(s, "g B3", "na")
    assert s.answers["B3"] == "na"
    feed(s, "g B3")
    assert s.default() == "na"
    valid(s)


def test_quit_and_help(tiny):
    s = new(tiny)
    assert s.feed("?").kind == HELP
    assert s.feed("q").kind == QUIT
    assert s.cursor == "A1"


# ---------------------------------------------------------------------------- conditions

def test_changing_an_answer_keeps_answers_that_stop_applying(tiny):
    """Issue 9: an answer the user did not clear is never dropped; it is kept, not asked, and
    the user is told."""
    s = new(tiny)
    feed(s, "2", "Doc", "y", "3", "1 2")
    assert s.answers["A3"] == "codesigned" and s.answers["A4"] == ["finance", "markets"]
    feed(s, "g A1", "0")
    assert s.answers["A3"] == "codesigned" and s.answers["A4"] == ["finance", "markets"]
    assert s.kept_ruled_out() == ["A3", "A4"]                  # A4 falls with A3
    assert any("A3 is no longer asked" in n and "kept" in n for n in s.notices)
    feed(s, "")                                                # no evidence
    assert s.applicable_ids() == ["A1", "A2", "B1", "B2", "B3", "B4", "B5"]
    data = valid(s)
    assert set(data["answers"]) == {"A1", "A2", "A3", "A4"}
    # back on: the kept answers count again, Enter keeps them
    feed(s, "g A1", "2", "")
    assert s.kept_ruled_out() == []
    assert s.cursor == "B1"
    valid(s)


def test_changing_an_answer_asks_newly_applicable_ones(tiny):
    s = new(tiny, {"A1": 0, "A2": True, "B1": 1, "B2": 1, "B3": True, "B4": "x", "B5": 20})
    assert s.cursor is None                            # complete
    feed(s, "A1", "1")                                 # from the review, revise A1
    assert any("now asked: A3" in n for n in s.notices)
    feed(s, "")                                        # no evidence
    assert s.cursor == "A3"
    feed(s, "internal")
    assert s.cursor is None and s.step.kind == REVIEW
    valid(s)


# ---------------------------------------------------------------------------- disaggregation

def test_parts_with_remainder_default(tiny):
    s = new(tiny)
    feed(s, "g B1", "64")
    assert s.step.kind == PART and s.step.dim == "sex" and s.default() is None
    feed(s, "30")
    assert s.default() == "34"
    feed(s, "")
    assert s.answers["B1"] == {"value": 64, "by": {"sex": {"female": 30, "male": 34}}}
    assert s.cursor == "B2"
    valid(s)


def test_parts_must_add_up(tiny):
    s = new(tiny)
    feed(s, "g B1", "64", "30")
    out = s.feed("30")
    assert out.kind == ERROR and "60" in out.message and "64" in out.message
    assert s.step.kind == PART and s.step.index == 0            # asked again from the first
    out = s.feed("70")
    assert out.kind == ERROR and "more than the total" in out.message
    feed(s, "14", "50")
    assert s.answers["B1"]["by"] == {"sex": {"female": 14, "male": 50}}


def test_no_breakdown(tiny):
    s = new(tiny)
    feed(s, "g B1", "64", "")                           # Enter at the first part: none
    assert s.answers["B1"] == 64 and s.cursor == "B2"
    feed(s, "g B1", "64", "-")
    assert s.answers["B1"] == 64


def test_parts_typed_as_sum(tiny):
    s = new(tiny)
    feed(s, "g B1", "30+34")
    assert s.answers["B1"] == {"value": 64, "by": {"sex": {"female": 30, "male": 34}}}
    assert s.cursor == "B2"
    assert s.feed("g B1") and s.feed("1+2+3").kind == ERROR     # sex has two categories


def test_two_breakdowns(tiny):
    s = new(tiny)
    feed(s, "g B2", "10", "4", "", "5", "3", "")
    assert s.answers["B2"] == {"value": 10, "by": {"sex": {"female": 4, "male": 6},
                                                   "size": {"micro": 5, "small": 3, "medium": 2}}}
    # same value again: old parts are the defaults
    feed(s, "g B2", "10")
    assert s.default() == "4"
    feed(s, "", "", "", "", "")
    assert s.answers["B2"]["by"]["size"] == {"micro": 5, "small": 3, "medium": 2}
    # a new value drops the old breakdown
    feed(s, "g B2", "12", "", "")
    assert s.answers["B2"] == 12
    valid(s)


def test_decimal_parts(tiny):
    s = new(tiny)
    feed(s, "g B1", "10.5", "3.2", "")
    assert s.answers["B1"]["by"]["sex"]["male"] == pytest.approx(7.3)
    valid(s)


# ---------------------------------------------------------------------------- evidence and notes

def test_evidence_and_note_before_the_answer(tiny):
    s = new(tiny)
    feed(s, "g A2", "e")
    assert s.step.kind == EXTRA_EVIDENCE
    feed(s, "Minutes of 3 May")
    assert s.step.kind == EXTRA_NOTE
    out = feed(s, "Only two departments")
    assert "with the answer" in out.message
    assert s.step.kind == VALUE and "A2" not in s.answers
    feed(s, "p")
    assert s.answers["A2"] == {"value": "partial", "evidence": "Minutes of 3 May",
                               "note": "Only two departments"}


def test_evidence_inline_and_clear(tiny):
    s = new(tiny)
    feed(s, "g B3", "y", "g B3", "e Annual report 2025")
    assert s.answers["B3"] == {"value": True, "evidence": "Annual report 2025"}
    feed(s, "e", "", "a note")                         # Enter keeps the evidence
    assert s.answers["B3"] == {"value": True, "evidence": "Annual report 2025", "note": "a note"}
    feed(s, "e", "-", "-")
    assert s.answers["B3"] is True
    valid(s)


def test_changing_the_value_keeps_evidence(tiny):
    s = new(tiny)
    feed(s, "1", "Plan", "g A1", "2", "")              # Enter keeps the evidence shown
    assert s.answers["A1"] == {"value": 2, "evidence": "Plan"}


def test_literal_text_that_looks_like_a_command(tiny):
    s = new(tiny)
    feed(s, "g B4", "\\b")
    assert s.answers["B4"] == "b"


# ---------------------------------------------------------------------------- review, resume, file

def test_review_and_revise(tiny):
    s = new(tiny)
    feed(s, "0", "", "y", "10", "", "5", "", "", "na", "all good", "20")
    assert s.cursor is None
    assert s.progress() == (0, 7, 7)
    feed(s, "B5", "30")
    assert s.cursor is None and s.answers["B5"] == 30
    assert s.feed("").kind == FINISH
    out = s.feed("e")
    assert out.kind == ERROR
    data = valid(s)
    assert list(data["answers"]) == ["A1", "A2", "B1", "B2", "B3", "B4", "B5"]
    assert score(tiny, data).complete


def test_answers_written_in_ask_order(tiny):
    s = new(tiny)
    feed(s, "g B5", "20", "g A2", "y", "g B3", "n")
    assert list(s.to_submission_dict()["answers"]) == ["A2", "B3", "B5"]


def test_resume_from_answers(tiny):
    answers = {"A1": {"value": 1, "evidence": "Plan"}, "A2": "maybe", "ZZ9": 4, "A4": ["finance"]}
    s = new(tiny, answers)
    # A2 is invalid: asked again; ZZ9 is unknown: kept; A4 does not apply (A3 unanswered): kept
    assert s.cursor == "A2"
    assert "A2" in s.invalid and any("A2" in n for n in s.notices)
    assert s.answers["A4"] == ["finance"] and s.kept_ruled_out() == ["A4"]
    assert any("A4 is not asked" in n for n in s.notices)
    data = s.to_submission_dict()
    assert data["answers"] == {"A1": {"value": 1, "evidence": "Plan"}, "A2": "maybe", "A4": ["finance"],
                               "ZZ9": 4}
    feed(s, "y")
    assert s.to_submission_dict()["answers"]["A2"] is True
    assert s.cursor == "A3"


def test_header_and_revision(tiny):
    s = new(tiny)
    r = s.revision
    s.set_header("period", "2026-Q1")
    assert s.revision > r
    assert s.to_submission_dict()["period"] == "2026-Q1"
    r = s.revision
    s.feed("?")
    s.feed("!bad")
    assert s.revision == r                             # nothing changed, nothing to save
    s.feed("1")
    assert s.revision > r


def test_language(tiny):
    s = Session(tiny, {"subject": "X"}, lang="vi")
    assert s.lang == "vi"
    assert s.section_path("A1")[0].title.get(s.lang) == "Anpha"
    assert Session(tiny, {"subject": "X"}, lang="fr").lang == "en"


def test_enter_skips_an_optional_text(tiny):
    s = new(tiny)
    feed(s, "g B4", "")
    assert s.cursor == "B5" and "B4" in s.skipped and "B4" not in s.answers


def test_clear_removes_an_answer(tiny):
    s = new(tiny)
    feed(s, "g B4", "oops", "g B4", "clear")
    assert "B4" not in s.answers and s.cursor == "B5"
    assert s.feed("clear").kind == ERROR               # B5 has no answer
    feed(s, "g A1", "2", "", "g A1", "clear")          # clearing A1 drops A3's applicability
    assert "A1" not in s.answers and "A3" not in s.applicable_ids()
    valid(s)


def test_resume_starts_at_first_scored_unanswered(tiny):
    s = new(tiny, {"A1": 0, "A2": True, "B1": 1, "B2": 1, "B3": True})
    assert s.cursor == "B5"                            # B4 (free text) is asked when the walk wraps
    feed(s, "20")
    assert s.cursor == "B4"


# ---------------------------------------------------------------------------- conditions (§6.11)

NOT_EQUAL = TINY.replace("when: \"A3 == 'codesigned'\"", "when: \"A3 != 'internal'\"")


@pytest.mark.parametrize("answer", ["no_data", {"value": "no_data", "note": "not measured"}, "na"])
def test_a_comparison_with_a_no_data_or_na_answer_is_false(answer):
    """``A3 != 'internal'`` is false when A3 is ``no_data`` or ``na`` (FORMAT.md §6.11
    "Conditions"): not measuring is no answer to compare, so A4 is not asked."""
    text = NOT_EQUAL.replace("        when: \"A1 >= 1\"\n", "        allow_na: true\n")
    checklist = load_tiny(text)
    s = new(checklist, {"A1": 1, "A3": answer})
    assert not s.is_applicable("A4") and s.why_not("A4") == "when"
    s = new(checklist, {"A1": 1, "A3": "consulted"})
    assert s.is_applicable("A4")


def test_problems_that_do_not_void_an_answer_are_shown(tiny):
    """``Answer.problems`` (a short breakdown: warning; an override reversing B5's inferred
    direction: warning) are notices, and the answers stay valid (FORMAT.md §6.5, §6.11)."""
    s = new(tiny, {"B1": {"value": 10, "by": {"sex": {"female": 4, "male": 3}}},
                   "B5": {"value": 20, "baseline": 60, "target": 30}})
    joined = "\n".join(s.notices)
    assert "B1: warning:" in joined and "'unknown'" in joined
    assert "B5: warning:" in joined and "reverse its direction" in joined
    assert s.is_answered("B1") and s.is_answered("B5")


def test_a_part_left_empty_is_not_known_and_the_rest_is_unknown(tiny):
    """Enter at a later part without a default leaves it out: the parts may then add up to less
    than the value, the rest reported as 'unknown' with a warning (FORMAT.md §6.5, §6.11)."""
    s = new(tiny)
    feed(s, "g B2", "10", "4", "", "5", "", "")       # sex: male the rest; size: micro 5, others not known
    assert s.answers["B2"] == {"value": 10, "by": {"sex": {"female": 4, "male": 6}, "size": {"micro": 5}}}
    assert any("B2: warning:" in n and "'unknown'" in n for n in s.notices)
    # more than the value is still refused
    feed(s, "g B2", "12", "8", "", "10")              # a new value: no old parts as defaults
    out = s.feed("5")
    assert out.kind == ERROR and "more than the total" in out.message
    valid(s)


def test_a_checklist_listing_unknown_offers_the_rest_as_its_default():
    text = TINY.replace("sex: [female, male]", "sex: [female, male, unknown]")
    s = new(load_tiny(text))
    feed(s, "g B1", "64", "30", "")                     # male not known
    assert s.default() == "34"                          # unknown: the rest
    feed(s, "")
    assert s.answers["B1"] == {"value": 64, "by": {"sex": {"female": 30, "unknown": 34}}}
