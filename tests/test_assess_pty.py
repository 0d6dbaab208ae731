"""``ledcheck assess`` in a real terminal (a pty at 80x24): kill -9 mid-way, resume, finish;
Ctrl-C and SIGTERM save and exit 130 / 143."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

SMALL = """
ledcheck: 1
id: small
version: "1"
title: Small test checklist
disaggregations:
  sex: [female, male]
sections:
  - id: plan
    title: Planning
    indicators:
      - id: K1
        text: A local SME strategy is adopted
        type: levels
        levels:
          - {value: 0, label: None}
          - {value: 1, label: Draft}
          - {value: 2, label: Adopted}
        evidence: required
      - id: K2
        text: Roles are assigned
        type: yesno
        partial: true
      - id: K3
        text: How the strategy was prepared
        type: choice
        options:
          - {id: internal, label: Government only, score: 0}
          - {id: consulted, label: Consulted, score: 1}
          - {id: codesigned, label: Co-designed, score: 2}
        when: "K1 >= 1"
      - id: K4
        text: Priority areas
        type: multi
        options:
          - {id: finance, score: 1}
          - {id: markets, score: 1}
          - {id: digital, score: 1}
  - id: impl
    title: Implementation
    weight: 2
    indicators:
      - id: N1
        text: New businesses registered
        type: number
        unit: businesses
        min: 0
        target: 100
        disaggregate: [sex]
      - id: N2
        text: Share of procedures online
        type: number
        unit: "%"
        min: 0
        max: 100
        baseline: 10
        target: 60
      - id: N3
        text: A review was done
        type: yesno
        allow_na: true
      - id: N4
        text: Comments
        type: text
"""

HEADER = ["--subject", "Hue City", "--assessor", "Lan", "--date", "2026-03-01", "--period", "baseline"]


@pytest.fixture()
def small(tmp_path):
    (tmp_path / "checklists").mkdir()
    p = tmp_path / "checklists" / "small.yaml"    # found by id from tmp_path, as `score` needs
    p.write_text(SMALL, encoding="utf-8")
    return p


def spawn(tmp_path, args, term="dumb"):
    env = dict(os.environ, TERM=term, PYTHONIOENCODING="utf-8", LANG="C.UTF-8")
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return pexpect.spawn(sys.executable, ["-m", "ledcheck", "assess", *map(str, args)],
                         encoding="utf-8", dimensions=(24, 80), env=env, cwd=str(tmp_path),
                         timeout=15)


def ask(child, prompt: str, answer: str) -> None:
    child.expect(prompt)
    child.sendline(answer)


def settle() -> None:
    """Let the child block in readline before a signal is sent: a signal that arrives between
    the prompt and readline's select() is only acted on at the next key (a CPython readline
    race that a person at a keyboard cannot hit)."""
    time.sleep(0.3)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_kill_resume_finish(small, tmp_path):
    out = tmp_path / "hue.yaml"
    child = spawn(tmp_path, [small, "-o", out, *HEADER], term="dumb")
    ask(child, "K1 level 0-2", "2")
    ask(child, "K1 evidence", "Council resolution 7")
    ask(child, "K2 y/n/p", "maybe")
    ask(child, "type y", "p")
    ask(child, "K3 option 1-3", "2")
    ask(child, "K4 options 1-3", "1 3")
    ask(child, "N1 number", "64")
    ask(child, "female", "30")
    ask(child, r"male \(of 64\) \[34\]", "")
    child.expect("N2 number")                  # N1 is saved once the next question shows
    child.kill(signal.SIGKILL)
    child.wait()
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"] == {
        "K1": {"value": 2, "evidence": "Council resolution 7"},
        "K2": "partial",
        "K3": "consulted",
        "K4": ["finance", "digital"],
        "N1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}},
    }
    # no temporary file left behind (the lock file of the killed session is: it holds no lock)
    assert not [p for p in tmp_path.glob(".hue.yaml.*") if not p.name.endswith(".lock")]

    child = spawn(tmp_path, ["small", "-o", out, "--resume"], term="xterm")
    ask(child, "N2 number", "45")               # continues at the first unanswered
    ask(child, "N3 y/n/na", "na")
    ask(child, "N4 text", "Good progress")
    child.expect("Review")
    ask(child, "Enter = finish", "K2")                  # revise from the review
    ask(child, r"K2 y/n/p \[partial\]", "y")
    ask(child, "Enter = finish", "")
    child.expect("Saved to")
    assert finish(child) == 0

    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"] == {
        "K1": {"value": 2, "evidence": "Council resolution 7"},
        "K2": True,
        "K3": "consulted",
        "K4": ["finance", "digital"],
        "N1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}},
        "N2": 45,
        "N3": "na",
        "N4": "Good progress",
    }
    assert data["subject"] == "Hue City" and data["period"] == "baseline"
    r = subprocess.run([sys.executable, "-m", "ledcheck", "score", str(out), "--format", "json"],
                       capture_output=True, text=True, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    [result] = json.loads(r.stdout)
    assert result["complete"] and not result["problems"]
    from ledcheck.checklist import load_checklist
    from ledcheck.scoring import score
    assert result["score"] == pytest.approx(score(load_checklist(small), data).score)


def test_ctrl_c_saves_and_exits_130(small, tmp_path):
    out = tmp_path / "c.yaml"
    child = spawn(tmp_path, [small, "-o", out, *HEADER], term="xterm")
    ask(child, "K1 level", "0")
    child.expect("K1 evidence")
    settle()
    child.sendintr()
    child.expect("Interrupted")
    child.expect("--resume")
    assert finish(child) == 130
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"] == {"K1": 0}


def test_sigterm_saves_and_exits_143(small, tmp_path):
    out = tmp_path / "t.yaml"
    child = spawn(tmp_path, [small, "-o", out, *HEADER])
    ask(child, "K1 level", "1")
    ask(child, "K1 evidence", "")
    child.expect("K2 y/n/p")
    settle()
    child.kill(signal.SIGTERM)
    child.expect("Interrupted")
    assert finish(child) == 143
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["answers"] == {"K1": 1}
