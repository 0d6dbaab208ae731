"""Issue 9: ``assess`` never destroys what it did not change -- one test per class of loss.

Each test drives the session and its file (:mod:`ledcheck.assess.store`) directly, or the
command through CliRunner where the message matters: comments and unknown keys kept, answers
to ruled-out indicators kept, a typo in a multi answer, a lock held by another session, a change
made on disk while the session runs, a symlink, a FIFO; plus the reading of blank template
entries (issue 10) and of typed answer words and numbers in Vietnamese (§6.7, §6.11).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ledcheck.assess.session import InputProblem, Session, answer_word, parse_number
from ledcheck.assess.store import Lock, LockedError, Store, check_target, load_session
from ledcheck.checklist import load_checklist
from ledcheck.cli import app
from ledcheck.errors import InputError
from ledcheck.i18n import language

from helpers import TINY, feed

runner = CliRunner()

HAND = """\
# Da Nang, first round -- typed by hand
ledcheck: 1
checklist: tiny
subject: Da Nang City    # the city
reviewer: Mai            # not a key ledcheck knows: kept
answers:
  # strategy
  A1: 1                  # a draft exists
  A2: maybe              # a typo: asked again, kept until then
  A4: [finance, marketz] # a typo in a multi answer
  ZZ9: 4                 # an id the checklist lacks
"""


@pytest.fixture()
def tiny(tmp_path):
    p = tmp_path / "tiny.yaml"
    p.write_text(TINY, encoding="utf-8")
    return load_checklist(p)


@pytest.fixture()
def hand(tmp_path) -> Path:
    p = tmp_path / "hand.yaml"
    p.write_text(HAND, encoding="utf-8")
    return p


def open_session(cl, path, **kw) -> tuple[Session, Store]:
    store = Store(str(path))
    return load_session(cl, str(path), store=store, **kw), store


# ---------------------------------------------------------------------------- comments, keys

def test_unknown_keys_and_comments_are_kept(tiny, hand):
    s, store = open_session(tiny, hand)
    store.save(s)                                           # resume, then q: nothing changed
    assert hand.read_text(encoding="utf-8") == HAND
    feed(s, "y")                                            # A2 = yes
    store.save(s)
    text = hand.read_text(encoding="utf-8")
    assert text == HAND.replace("  A2: maybe              #", "  A2: yes                #")
    data = yaml.safe_load(text)
    assert data["reviewer"] == "Mai" and data["answers"]["ZZ9"] == 4
    assert data["answers"]["A2"] is True


def test_a_typo_in_a_multi_answer_does_not_crash_resume(tiny, hand):
    s, store = open_session(tiny, hand)
    assert "A4" in s.invalid and "marketz" in s.invalid["A4"]
    assert s.answers["A4"] == ["finance", "marketz"]        # kept as read until answered
    store.save(s)
    assert yaml.safe_load(hand.read_text(encoding="utf-8"))["answers"]["A4"] == ["finance", "marketz"]
    # the CLI resumes it and asks A2 again, then A3 ... nothing crashes
    r = runner.invoke(app, ["assess", tiny.source, "-o", str(hand), "--resume"], input="q\n",
                      env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "marketz" in r.output


def test_answers_to_ruled_out_indicators_are_kept_and_said(tiny, tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("ledcheck: 1\nchecklist: tiny\nsubject: X\nanswers:\n  A1: 2\n  A3: codesigned\n"
                 "  A4: [finance]\n", encoding="utf-8")
    s, store = open_session(tiny, p)
    feed(s, "g A1", "0")                                    # A3 (and A4 with it) stop applying
    assert any("A3 is no longer asked" in n and "kept" in n for n in s.notices)
    store.save(s)
    answers = yaml.safe_load(p.read_text(encoding="utf-8"))["answers"]
    assert answers["A3"] == "codesigned" and answers["A4"] == ["finance"]
    # and a condition that depends on an invalid answer drops nothing either
    p.write_text("ledcheck: 1\nchecklist: tiny\nsubject: X\nanswers:\n  A1: seven\n  A3: consulted\n",
                 encoding="utf-8")
    s, store = open_session(tiny, p)
    store.save(s)
    assert yaml.safe_load(p.read_text(encoding="utf-8"))["answers"] == {"A1": "seven", "A3": "consulted"}


def test_blank_template_entries_are_unanswered_and_filled_in_place(tiny, tmp_path):
    from ledcheck.template import render_template
    p = tmp_path / "t.yaml"
    blank = render_template(tiny)
    p.write_text(blank, encoding="utf-8")
    s, store = open_session(tiny, p)
    assert s.answers == {} and s.cursor == "A1"             # not "every answer given"
    s.set_header("subject", "Hue")
    feed(s, "1", "Plan 2026")
    store.save(s)
    text = p.read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(blank.splitlines())
    assert [x for x in text.splitlines() if "#" in x and ":" not in x.split("#")[0]] == \
        [x for x in blank.splitlines() if "#" in x and ":" not in x.split("#")[0]]
    assert "  A1: {value: 1, evidence: Plan 2026}" in text.splitlines()


def test_strings_that_yaml_1_1_reads_otherwise_are_quoted(tiny, tmp_path):
    p = tmp_path / "q.yaml"
    p.write_text("ledcheck: 1\nchecklist: tiny\nsubject: X\nanswers: {}\n", encoding="utf-8")
    s, store = open_session(tiny, p)
    feed(s, "g B4", "\\yes")                                # a text answer "yes", not true
    s.set_evidence("B4", evidence="2026-03-01")
    feed(s, "g B3", "y")
    store.save(s)
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    assert data["answers"]["B4"] == {"value": "yes", "evidence": "2026-03-01"}
    assert data["answers"]["B3"] is True
    assert "B3: yes" in p.read_text(encoding="utf-8")      # spelled as the template says


# ---------------------------------------------------------------------------- two writers

def test_a_second_session_on_the_file_is_refused(tiny, hand):
    lock = Lock(str(hand)).acquire()
    try:
        with pytest.raises(LockedError) as err:
            Lock(str(hand)).acquire()
        assert "open in another ledcheck assess" in err.value.message
        assert f"process {os.getpid()}" in err.value.message
        r = runner.invoke(app, ["assess", tiny.source, "-o", str(hand), "--resume"], input="y\nq\n",
                          env={"NO_COLOR": "1"})
        assert r.exit_code == 2
        assert "open in another ledcheck assess" in r.output
        assert hand.read_text(encoding="utf-8") == HAND     # untouched
    finally:
        lock.release()
    assert not Path(lock.path).exists()
    Lock(str(hand)).acquire().release()                     # free again


def test_a_lock_from_another_process_is_seen(tiny, hand, tmp_path):
    code = ("import sys, time; from ledcheck.assess.store import Lock; "
            "l = Lock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(30)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(hand)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError, match=f"process {proc.pid}"):
            Lock(str(hand)).acquire()
    finally:
        proc.kill()
        proc.wait()
    Lock(str(hand)).acquire().release()                     # a dead holder holds nothing


def test_a_change_made_on_disk_is_merged_not_lost(tiny, hand):
    s, store = open_session(tiny, hand)
    feed(s, "y")                                            # A2 = yes, saved
    store.save(s)
    # meanwhile an editor adds B5, fixes A4 and writes a comment
    text = hand.read_text(encoding="utf-8")
    text = text.replace("  ZZ9: 4", "  ZZ9: 4\n  B5: 30                 # from the dashboard")
    text = text.replace("[finance, marketz]", "[finance, markets]")
    hand.write_text(text, encoding="utf-8")
    assert store.changed_on_disk()
    feed(s, "g B3", "y")                                    # the session goes on
    notes = store.save(s)
    assert any("changed outside this session" in n and "B5" in n for n in notes)
    final = hand.read_text(encoding="utf-8")
    data = yaml.safe_load(final)
    assert data["answers"]["B5"] == 30 and data["answers"]["A4"] == ["finance", "markets"]
    assert data["answers"]["B3"] is True and data["answers"]["A2"] is True
    assert "# from the dashboard" in final
    assert s.answers["B5"] == 30 and "A4" not in s.invalid  # the session knows them too


def test_the_same_answer_changed_in_both_keeps_ours_and_says_so(tiny, hand):
    s, store = open_session(tiny, hand)
    hand.write_text(HAND.replace("A2: maybe", "A2: no   "), encoding="utf-8")
    feed(s, "p")                                            # A2 = partial here
    notes = store.save(s)
    assert any("A2 changed both in the file and here" in n for n in notes)
    assert yaml.safe_load(hand.read_text(encoding="utf-8"))["answers"]["A2"] == "partial"


def test_a_file_broken_on_disk_is_not_saved_over(tiny, hand):
    from ledcheck.assess.store import ChangedError
    s, store = open_session(tiny, hand)
    hand.write_text("ledcheck: 1\nanswers: [unclosed\n", encoding="utf-8")
    feed(s, "y")
    with pytest.raises(ChangedError, match="cannot be read now"):
        store.save(s)
    assert hand.read_text(encoding="utf-8") == "ledcheck: 1\nanswers: [unclosed\n"


# ---------------------------------------------------------------------------- links, FIFOs

def test_a_symlink_is_written_through(tiny, hand, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(hand.name)
    s, store = open_session(tiny, link)
    feed(s, "y")
    store.save(s)
    assert link.is_symlink() and os.readlink(link) == hand.name
    assert yaml.safe_load(hand.read_text(encoding="utf-8"))["answers"]["A2"] is True


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_opened(tiny, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        check_target(str(fifo))
    for extra in (["--resume"], ["--subject", "X", "--date", "2026-01-01"]):
        r = runner.invoke(app, ["assess", tiny.source, "-o", str(fifo), *extra], input="q\n",
                          env={"NO_COLOR": "1"})
        assert r.exit_code == 2 and "not a regular file" in r.output     # and it did not block
    r = runner.invoke(app, ["template", tiny.source, "-o", str(tmp_path / "x.yaml")])
    assert r.exit_code == 0


def test_template_over_an_existing_file_needs_force(tiny, hand):
    r = runner.invoke(app, ["template", tiny.source, "-o", str(hand)])
    assert r.exit_code == 2 and "--force" in r.output
    assert hand.read_text(encoding="utf-8") == HAND
    r = runner.invoke(app, ["template", tiny.source, "-o", str(hand), "--force"])
    assert r.exit_code == 0 and "How to fill in" in hand.read_text(encoding="utf-8")


def test_control_characters_from_files_never_reach_the_terminal(tiny, tmp_path):
    p = tmp_path / "evil.yaml"
    p.write_text('ledcheck: 1\nchecklist: tiny\nsubject: "X\\e[2J\\u202e"\nanswers:\n'
                 '  A1: {value: 1, evidence: "doc\\e]0;pwned\\a"}\n  ZZ\\u202e: 1\n', encoding="utf-8")
    r = runner.invoke(app, ["assess", tiny.source, "-o", str(p), "--resume"], input="g A1\n\nq\n",
                      env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\u202e" not in r.output and "\x07" not in r.output
    assert "\\x1b[2J" in r.output


# ---------------------------------------------------------------------------- words, numbers

def test_answer_words_in_vietnamese_and_canonical():
    with language("vi"):
        assert [answer_word(w) for w in ("có", "Không", "một phần", "MOT PHAN", "không áp dụng",
                                         "không có dữ liệu", "khong co du lieu", "yes", "n", "na",
                                         "n/a", "no_data", "nd", "có lẽ")] == \
            ["yes", "no", "partial", "partial", "na", "no_data", "no_data", "yes", "no", "na",
             "na", "no_data", "no_data", None]
    with language("en"):
        assert answer_word("có") is None and answer_word("no data") == "no_data"


@pytest.mark.parametrize("typed, comma, value", [
    ("1,5", True, 1.5), ("1.5", True, 1.5), ("45,5 %", True, 45.5), ("1234,5", True, 1234.5),
    ("1.5", False, 1.5), ("64", False, 64), ("-2", True, -2)])
def test_numbers(typed, comma, value):
    assert parse_number(typed, "%", comma=comma) == value


@pytest.mark.parametrize("typed, comma", [("1.234,5", True), ("1,234.5", False), ("1 234", True),
                                          ("1.234.567", True), ("1,5", False)])
def test_thousands_separators_are_refused_with_a_hint(typed, comma):
    with pytest.raises(InputProblem, match="thousands|separator|dot for decimals"):
        parse_number(typed, comma=comma)


def test_no_data_is_offered_on_every_non_text_indicator(tiny):
    s = Session(tiny, {"subject": "X"})
    feed(s, "nd")                                           # A1 (levels)
    assert s.answers["A1"] == "no_data" and s.cursor == "A2"
    feed(s, "g B4")
    assert s.feed("nd").kind == "error" and "B4" not in s.answers      # B4 is free text


def test_profile_limits_what_is_asked(tiny):
    import dataclasses

    from ledcheck.profiles import Profile, UnknownProfileError
    cl = dataclasses.replace(tiny, profiles={"core": Profile("core", include=("B1", "B3"))})
    s = Session(cl, {"subject": "X"}, {"A1": 2}, profile="core")
    assert s.applicable_ids() == ["B1", "B3"] and s.cursor == "B1"
    assert s.answers["A1"] == 2 and s.kept_ruled_out() == ["A1"]      # kept, not asked
    assert s.to_submission_dict()["profile"] == "core"
    with pytest.raises(UnknownProfileError):
        Session(cl, {"subject": "X"}, profile="nope")


def test_when_false_zero_is_implied_not_asked(tiny):
    import dataclasses
    a3 = dataclasses.replace(tiny.indicators["A3"], when_false="zero")
    cl = dataclasses.replace(tiny, indicators={**tiny.indicators, "A3": a3})
    s = Session(cl, {"subject": "X"}, {"A1": 0})
    assert s.why_not("A3") == "implied" and "A3" not in s.applicable_ids()


def test_na_where_evidence_is_required_asks_why(tiny):
    import dataclasses

    from ledcheck.assess.session import JUSTIFY
    b3 = dataclasses.replace(tiny.indicators["B3"], evidence="required")
    cl = dataclasses.replace(tiny, indicators={**tiny.indicators, "B3": b3})
    s = Session(cl, {"subject": "X"})
    feed(s, "g B3", "na")
    assert s.step.kind == JUSTIFY
    feed(s, "No review was due this year")
    assert s.answers["B3"] == {"value": "na", "note": "No review was due this year"}
    feed(s, "g B3", "")                                     # Enter keeps the answer
    assert s.cursor != "B3"


def test_an_unknown_profile_in_the_file_asks_everything(tiny, tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("ledcheck: 1\nchecklist: tiny\nsubject: X\nprofile: gone\nanswers: {}\n", encoding="utf-8")
    s, store = open_session(tiny, p)
    assert s.selection is None and any("'gone'" in n for n in s.notices)
    store.save(s)
    assert "profile: gone" in p.read_text(encoding="utf-8")            # left as it was


def test_a_file_in_another_style_is_not_reformatted(tiny, tmp_path):
    styled = ("ledcheck: 1\nchecklist: tiny\nsubject: 'X'\nanswers:\n"
              "    A1: 2\n    A2:   yes\n    A4: [ finance,  markets ]   # spaced\n"
              "    B1:\n        value: 64\n        by: {sex: {female: 30, male: 34}}\n")
    p = tmp_path / "styled.yaml"
    p.write_text(styled, encoding="utf-8")
    s, store = open_session(tiny, p)
    store.save(s)
    assert p.read_text(encoding="utf-8") == styled            # nothing changed: not rewritten
    feed(s, "g B3", "n")
    store.save(s)
    text = p.read_text(encoding="utf-8")
    # every line stays, indented as it was (ruamel evens out spaces *within* a line it writes)
    squeeze = [" ".join(x.replace("[ ", "[").replace(" ]", "]").split()) for x in styled.splitlines()]
    got = text.splitlines()
    assert [" ".join(x.split()) for x in got[:len(squeeze)]] == squeeze
    assert [len(x) - len(x.lstrip()) for x in got[:len(squeeze)]] == \
        [len(x) - len(x.lstrip()) for x in styled.splitlines()]
    assert got[len(squeeze):] == ["    B3: no"]                   # indented as the file is
    assert yaml.safe_load(text)["answers"]["B1"]["by"] == {"sex": {"female": 30, "male": 34}}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_review_summary_fits_80x24(lang):
    """Issue 10: the final review of the default checklist fits a 80x24 terminal with its
    prompt (not 110 lines scrolling away); a section is listed on demand."""
    import io

    from rich.console import Console

    from ledcheck import library
    from ledcheck.assess import ui
    from ledcheck.scoring import score
    cl = library.load(None)
    with language(lang):
        s = Session(cl, {"subject": "Thành phố Đà Nẵng"}, {"ST1": 0, "ST3": "consulted", "LR4": 3},
                    lang=lang)
        result = score(cl, s.to_submission_dict(), lang=lang)
        console = Console(file=io.StringIO(), width=80, highlight=False, emoji=False)
        with console.capture() as cap:
            console.print(ui.review_summary(s, result))
        lines = cap.get().splitlines()
        assert len(lines) + 2 <= 24, "\n".join(lines)            # + the prompt and a blank line
        assert max(len(x.rstrip()) for x in lines) <= 80
        assert len(ui.prompt_text(s)) <= 80
        assert len(ui.keys_line()) <= 80
        with console.capture() as cap:
            console.print(ui.review_detail(s, result, cl.sections[0].id))
        assert len(cap.get().splitlines()) <= 22


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_answer_prompt_of_the_default_checklist_leaves_room_to_type(lang):
    """FI13 (a number by `source`, 7 categories) listed them all in its prompt: 123 columns,
    wrapping on an 80-column terminal. A long list of parts is now named, not listed (the
    question above lists the categories); a short one is still given in full."""
    from rich.cells import cell_len

    from ledcheck import library
    from ledcheck.assess import ui
    cl = library.load(None)
    with language(lang):
        s = Session(cl, {"subject": "Hue"}, lang=lang)
        for ind in cl.indicators.values():
            s.goto(ind.id)
            assert cell_len(ui.prompt_text(s)) <= ui.PROMPT_WIDTH <= 70, ind.id
        s.goto("FI13")
        fi13 = ui.prompt_text(s)
        assert "7" in fi13 and "source" in fi13 and "+" in fi13 and "microfinance" not in fi13
        s.goto("WE4")
        assert "female+male+unknown" in ui.prompt_text(s)            # 3 parts: listed


def test_localized_words_are_text_in_a_free_text_answer(tiny):
    s = Session(tiny, {"subject": "X"}, lang="vi")
    with language("vi"):
        feed(s, "g B4", "không áp dụng")
    assert s.answers["B4"] == "không áp dụng"


def test_a_file_the_round_trip_writer_cannot_read_is_backed_up_first(tiny, hand, monkeypatch):
    monkeypatch.setattr(Store, "_rt_load", lambda self, data: None)     # as if ruamel refused it
    s, store = open_session(tiny, hand)
    assert any("copied to" in n for n in s.notices)
    feed(s, "y")
    store.save(s)
    assert Path(str(hand) + "~").read_text(encoding="utf-8") == HAND
    assert yaml.safe_load(hand.read_text(encoding="utf-8"))["answers"]["A2"] is True
