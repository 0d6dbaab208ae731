"""``ledcheck assess`` end to end through Typer's CliRunner, with answers piped one per line."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ledcheck import library
from ledcheck.assess.session import EVIDENCE, PART, REVIEW, VALUE, Session
from ledcheck.checklist import load_checklist
from ledcheck.cli import app
from ledcheck.scoring import score

from helpers import TINY

runner = CliRunner()


@pytest.fixture()
def tiny_path(tmp_path) -> Path:
    p = tmp_path / "tiny.yaml"
    p.write_text(TINY, encoding="utf-8")
    return p


def run(args, lines, env=None):
    text = "".join(line + "\n" for line in lines)
    return runner.invoke(app, ["assess", *map(str, args)], input=text, env=env or {"NO_COLOR": "1"})


def submission(path: Path, checklist) -> dict:
    """The file's data, checked to score against the checklist without errors."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = score(checklist, data)
    # answers to ruled-out indicators are kept (FORMAT.md §6.11: a warning under 1.1; a 1.0
    # scorer still calls them errors)
    errors = [p for p in result.errors if not p.message.endswith("but has an answer")]
    assert not errors, [p.message for p in errors]
    return data


HEADER = ["--subject", "Da Nang City", "--assessor", "Lan", "--date", "2026-03-01",
          "--period", "2026-Q1"]


def test_full_flow(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "out.yaml"
    lines = [
        "7",                 # A1: not a level -> explained, asked again
        "1",                 # A1 = 1 (A3 now applies)
        "",                  # required evidence: Enter skips it (a warning)
        "maybe",             # A2: invalid
        "e",                 # A2: evidence and note before the answer
        "Minutes 3 May",
        "two depts only",
        "p",                 # A2 = partial
        "codesigned",        # A3 (A4 now applies)
        "1 3",               # A4 = finance, digital
        "b",                 # back to A4: answer shown as default
        "",                  # Enter keeps it
        "64",                # B1 total
        "30",                # female
        "",                  # male = the remaining 34
        "s",                 # B2 skipped
        "na",                # B3 n/a
        "g A1",              # go back to A1 and change it: A3 and A4 stop applying
        "0",
        "Strategy draft",    # evidence for A1
        "B4 comment",        # B4 (next pending after A1... B2 is skipped, B3 answered)
        "120",               # B5: over the max
        "55",
        "a",                 # review: answer the unanswered (B2)
        "10",
        "",                  # no breakdown by sex
        "",                  # none by size
        "",                  # Enter: finish
    ]
    r = run([tiny_path, "-o", out, *HEADER], lines)
    assert r.exit_code == 0, r.output
    assert "A1 takes" in r.output or "not a level" in r.output
    assert "type y (yes)" in r.output
    assert "at most 100" in r.output
    assert "A3 is no longer asked" in r.output and "A4 is no longer asked" in r.output
    assert "Review" in r.output and "Overall" in r.output
    data = submission(out, cl)
    assert data["subject"] == "Da Nang City" and data["assessor"] == "Lan"
    assert data["date"] == dt.date(2026, 3, 1) and data["period"] == "2026-Q1"
    assert data["checklist"] == "tiny" and data["checklist_version"] == "1"
    assert data["answers"] == {
        "A1": {"value": 0, "evidence": "Strategy draft"},
        "A2": {"value": "partial", "evidence": "Minutes 3 May", "note": "two depts only"},
        "A3": "codesigned",                     # no longer asked: kept, not scored
        "A4": ["finance", "digital"],
        "B1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}},
        "B2": 10,
        "B3": "na",
        "B4": "B4 comment",
        "B5": 55,
    }
    result = score(cl, data)
    assert result.complete
    assert f"{result.score:.1f}" in r.output
    assert str(out) in r.output


def test_file_is_valid_after_every_step(tiny_path, tmp_path):
    """Stopping after any number of lines leaves a valid submission with exactly those answers."""
    cl = load_checklist(tiny_path)
    lines = ["2", "Doc", "y", "3", "1", "64", "30", "", "10", "4", "", "", "n", "x", "50"]
    expected_after = {1: {"A1": 2}, 2: {"A1": {"value": 2, "evidence": "Doc"}},
                      5: {"A1": {"value": 2, "evidence": "Doc"}, "A2": True, "A3": "codesigned",
                          "A4": ["finance"]},
                      6: {"B1": 64}, 8: {"B1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}}}}
    for n in range(len(lines) + 1):
        out = tmp_path / f"step{n}.yaml"
        r = run([tiny_path, "-o", out, *HEADER], lines[:n])
        assert r.exit_code == 0, r.output
        data = submission(out, cl)
        for k, v in expected_after.get(n, {}).items():
            assert data["answers"][k] == v, (n, k)
        if n < len(lines):
            assert "End of input" in r.output and "--resume" in r.output
    assert score(cl, data).complete


def test_eof_then_resume(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "r.yaml"
    r = run([tiny_path, "-o", out, *HEADER], ["0", "Doc", "y"])
    assert r.exit_code == 0
    assert "End of input" in r.output and "at B1" in r.output
    assert f"-o {out} --resume" in r.output
    r = run([tiny_path, "-o", out, "--resume"], ["5", "", "q"])
    assert r.exit_code == 0, r.output
    assert "1/" not in r.output.split("Saving to")[1].splitlines()[2]   # starts at B1, not A1
    assert re.search(r"B1 +Businesses registered", r.output)
    data = submission(out, cl)
    assert data["answers"] == {"A1": {"value": 0, "evidence": "Doc"}, "A2": True, "B1": 5}
    assert data["subject"] == "Da Nang City"                            # header kept


def test_resume_with_header_override(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "r.yaml"
    run([tiny_path, "-o", out, *HEADER], ["0", ""])
    r = run([tiny_path, "-o", out, "--resume", "--assessor", "Minh"], ["q"])
    assert r.exit_code == 0
    assert submission(out, cl)["assessor"] == "Minh"


def test_header_questions_and_default_file_name(tiny_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cl = load_checklist(tiny_path)
    r = run([tiny_path], ["", "Đà Nẵng City", "Lan", "2026-13-01", "", "2026-Q1", "1", "", "q"])
    assert r.exit_code == 0, r.output
    assert "subject is required" in r.output
    assert "not a date" in r.output
    f = tmp_path / "da-nang-city-2026-q1.yaml"
    data = submission(f, cl)
    assert data["subject"] == "Đà Nẵng City"
    assert data["date"] == dt.date.today()
    assert data["answers"] == {"A1": 1}
    # a second run with the same subject never overwrites without asking
    r = run([tiny_path], ["Đà Nẵng City", "", "", "2026-Q1", "n", "2", "", "q"])
    assert r.exit_code == 0, r.output
    assert "already exists" in r.output
    assert submission(f, cl)["answers"] == {"A1": 1}
    assert submission(tmp_path / "da-nang-city-2026-q1-2.yaml", cl)["answers"] == {"A1": 2}
    # r resumes it
    r = run([tiny_path], ["Đà Nẵng City", "", "", "2026-Q1", "r", "y", "q"])
    assert r.exit_code == 0, r.output
    assert submission(f, cl)["answers"] == {"A1": 1, "A2": True}


def test_existing_output_asks_before_overwriting(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "x.yaml"
    out.write_text("keep me\n")
    r = run([tiny_path, "-o", out, *HEADER], ["q"])
    assert r.exit_code == 0 and "already exists" in r.output
    assert out.read_text() == "keep me\n"
    r = run([tiny_path, "-o", out, *HEADER], ["what", "o", "2", "", "q"])
    assert r.exit_code == 0, r.output
    assert "type r, o or q" in r.output
    assert submission(out, cl)["answers"] == {"A1": 2}


def test_quit_saves(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "q.yaml"
    r = run([tiny_path, "-o", out, *HEADER], ["g B3", "y", "q"])
    assert r.exit_code == 0
    assert "Stopped: 1 answer saved" in r.output and "--resume" in r.output
    assert submission(out, cl)["answers"] == {"B3": True}


def test_help_and_language(tiny_path, tmp_path):
    out = tmp_path / "h.yaml"
    r = run([tiny_path, "-o", out, "--lang", "vi", *HEADER], ["?", "q"])
    assert r.exit_code == 0
    assert "Chien luoc" in r.output and "Anpha" in r.output
    assert "Lệnh, dùng ở mọi dấu nhắc" in r.output             # ledcheck's own words too
    assert "\x1b[" not in r.output
    assert "# ledcheck: lang=vi" in out.read_text(encoding="utf-8")  # remembered for --resume


def test_usage_errors(tiny_path, tmp_path):
    r = run([tiny_path, "-o", tmp_path / "a.yaml", "--date", "yesterday", "--subject", "X"], [])
    assert r.exit_code == 2 and "not a date" in r.output
    r = run([tiny_path, "--resume"], [])
    assert r.exit_code == 2 and "-o FILE" in r.output
    r = run([tiny_path, "-o", tmp_path / "missing.yaml", "--resume"], [])
    assert r.exit_code == 2 and "nothing to resume" in r.output
    other = tmp_path / "other.yaml"
    other.write_text("ledcheck: 1\nchecklist: sme-me-aec\nsubject: X\nanswers: {}\n")
    r = run([tiny_path, "-o", other, "--resume"], [])
    assert r.exit_code == 2 and "answers checklist 'sme-me-aec'" in r.output
    r = run([tiny_path, "-o", tmp_path / "b.yaml"], [])           # no input: nothing saved
    assert r.exit_code == 2 and not (tmp_path / "b.yaml").exists()
    r = run([tiny_path, "-o", tmp_path / "no" / "dir.yaml", "--subject", "X", "--date", "2026-01-01",
             "--assessor", "", "--period", ""], [])
    assert r.exit_code == 2 and "cannot save" in r.output


def _scripted_answer(s: Session) -> str:
    """A valid line for whatever the session asks, to walk a whole checklist."""
    kind = s.step.kind
    ind = s.current()
    if kind == REVIEW:
        return ""
    if kind == PART:
        return "1" if s.step.index == 0 else ""
    if kind == EVIDENCE:
        return f"Evidence for {ind.id}"
    assert kind == VALUE
    n = s.progress()[0]
    t = ind.type
    if t == "levels":
        return str(ind.levels[n % len(ind.levels)].value)
    if t == "yesno":
        return ["y", "n", "p" if ind.partial else "y"][n % 3]
    if t == "choice":
        return str(1 + n % len(ind.options))
    if t == "multi":
        return "1 2" if n % 2 else "-"
    if t == "number":
        lo = ind.min if ind.min is not None else 0
        hi = ind.max if ind.max is not None else max(ind.target, ind.baseline) * 2
        return str(int(lo + (hi - lo) * ((n % 5) / 4)))
    return f"Text answer {n}"


def test_whole_default_checklist(tmp_path):
    """Every indicator of the bundled checklist, answered through the CLI; the file equals what
    the state machine builds for the same lines."""
    cl = library.load(None)
    model = Session(cl, {"subject": "Hue"})
    lines = []
    while True:
        line = _scripted_answer(model)
        lines.append(line)
        out = model.feed(line)
        assert out.kind != "error", (model.cursor, line, out.message)
        if out.kind == "finish":
            break
    out = tmp_path / "hue.yaml"
    r = run(["-o", out, "--subject", "Hue", "--assessor", "", "--date", "2026-03-01",
             "--period", ""], lines)
    assert r.exit_code == 0, r.output[-2000:]
    data = submission(out, cl)
    assert data["answers"] == model.to_submission_dict()["answers"]
    result = score(cl, data)
    assert result.complete and not result.warnings
    texts = sum(1 for i in cl.indicators.values() if i.type == "text")
    # implied follow-ups (when_false: zero, as 2026.2 has) are applicable but never asked
    assert len(data["answers"]) == result.counts["applicable"] - result.counts["implied"] + result.counts["na"] + texts
    assert re.search(rf"score {result.score:.1f}", r.output)
    # within 80 columns, but for the lines that carry the file's path (never wrapped, so that
    # they can be copied; under xdist the temporary folder alone is ~70 characters)
    assert max(len(line) for line in r.output.splitlines() if str(out) not in line) <= 80


def test_resume_asks_a_missing_subject_and_keeps_foreign_answers(tiny_path, tmp_path):
    cl = load_checklist(tiny_path)
    out = tmp_path / "hand.yaml"
    out.write_text("ledcheck: 1\nchecklist: tiny\nanswers:\n  A1: 1\n  A2: maybe\n  A4: [finance]\n",
                   encoding="utf-8")
    r = run([tiny_path, "-o", out, "--resume"], ["Hue", "y", "q"])
    assert r.exit_code == 0, r.output
    assert "A2: A2 takes yes, no or partial" in r.output            # invalid: asked again
    assert "A4 is not asked" in r.output and "kept" in r.output
    data = submission(out, cl)
    assert data["subject"] == "Hue"
    assert data["answers"] == {"A1": 1, "A2": True, "A4": ["finance"]}


def test_resume_speaks_the_language_the_file_remembers(tiny_path, tmp_path):
    out = tmp_path / "vi.yaml"
    r = run([tiny_path, "-o", out, "--lang", "vi", *HEADER], ["1", "q"])
    assert r.exit_code == 0
    assert "# ledcheck: lang=vi" in out.read_text(encoding="utf-8")
    r = run([tiny_path, "-o", out, "--resume"], ["q"])                  # no --lang
    assert "Đã dừng" in r.output and "Stopped" not in r.output
    r = run([tiny_path, "-o", out, "--resume", "--lang", "en"], ["q"])  # --lang wins, and sticks
    assert "Stopped" in r.output
    assert "lang=" not in out.read_text(encoding="utf-8")
