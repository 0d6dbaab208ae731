"""The command line's structure: one exit-status mapping, one kind detector, SARIF rule texts,
and the library never deciding exit statuses."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledcheck.cli import app
from ledcheck.cli.status import ExitStatus, status_for, worst
from ledcheck.errors import ChecklistError, InputError, LedcheckError, LoadError, UnknownChecklistError
from ledcheck.kinds import kind_of, kind_of_keys
from ledcheck.rules import RULES

ROOT = Path(__file__).resolve().parent.parent


def test_exit_status_numbers_are_the_contract():
    assert (ExitStatus.OK, ExitStatus.FINDINGS, ExitStatus.USAGE, ExitStatus.INTERRUPTED) == (0, 1, 2, 130)
    assert ExitStatus.TERMINATED == 143 and ExitStatus.HANGUP == 129
    assert ExitStatus.from_signal(15) is ExitStatus.TERMINATED


@pytest.mark.parametrize("error, status", [
    (None, 0), (InputError("x"), 2), (UnknownChecklistError("x"), 2), (LoadError("x"), 1),
    (LedcheckError("x"), 1), (ChecklistError([]), 1), (KeyboardInterrupt(), 130), (InputError, 2), (LoadError, 1),
])
def test_status_for_maps_error_types(error, status):
    assert status_for(error) == status


def test_worst_status_of_a_batch():
    assert worst([]) == 0
    assert worst([0, 1, 0]) == 1
    assert worst([1, 2, 0]) == 2


@pytest.mark.parametrize("keys, kind", [
    ({"ledcheck", "id", "sections"}, "checklist"),
    ({"ledcheck", "checklist", "answers"}, "submission"),
    ({"ledcheck", "checklist", "subject"}, "submission"),      # forgot its answers: checked as one
    ({"ledcheck", "roadmap", "checklist", "milestones"}, "roadmap"),
    ({"ledcheck", "id"}, "checklist"),
])
def test_kind_of_keys(keys, kind):
    assert kind_of_keys(keys) == kind
    assert kind_of(dict.fromkeys(keys)) == kind


def test_kind_of_paths(tmp_path):
    assert kind_of(ROOT / "checklists" / "sme-me-aec.yaml") == "checklist"
    example = next((ROOT / "checklists" / "examples").glob("*.yaml"))
    assert kind_of(str(example)) == "submission"
    workflow = tmp_path / "ci.yml"
    workflow.write_text("on: push\njobs: {}\n")
    assert kind_of(workflow) == "other"
    assert kind_of(tmp_path / "missing.yaml") == "checklist"   # reported by whoever reads it
    (tmp_path / "book.xlsx").write_bytes(b"not a zip")
    assert kind_of(tmp_path / "book.xlsx") == "other"
    assert kind_of([1, 2]) == "checklist"


def test_sarif_rules_carry_the_registry_descriptions(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ledcheck: 1\nchecklist: nope\nsubject: X\nanswers: {}\n")
    r = CliRunner().invoke(app, ["validate", str(bad), "--format", "sarif"])
    assert r.exit_code == 1
    rules = json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(rule["shortDescription"]["text"] == RULES[rule["id"]].description for rule in rules)


def test_sarif_rule_for_an_unregistered_id_does_not_crash():
    from ledcheck.validate import sarif_rule
    assert sarif_rule("no-such-rule")["id"] == "no-such-rule"


# Terminal code still outside ledcheck/cli/, to move there (issue 8); do not add to this list.
# (ledcheck/monitor/terminal.py builds Rich renderables only: the CLI prints them.)
KNOWN: tuple[str, ...] = ()


def test_library_modules_do_not_print_exit_or_decide_exit_codes():
    cli = ROOT / "ledcheck" / "cli"
    offenders = []
    for path in (ROOT / "ledcheck").rglob("*.py"):
        if cli in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bEXIT_[A-Z]+\b", r"\bsys\.exit\(", r"\bprint\(", r"\btyper\b", r"\bExitStatus\b"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    allowed = ("ledcheck/_entry.py", "ledcheck/__main__.py", *KNOWN)
    assert not [o for o in offenders if not o.startswith(allowed)], offenders
