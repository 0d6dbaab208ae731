"""The submission corpus: every file in ``tests/cases/submissions/`` declares its findings.

Each case is a small submission answering ``cases/submissions/checklists/small.yaml`` (one
indicator of each type; see its comments), whose first lines are comments::

    # what the case is about
    # checklist: other.yaml       (optional: another file of cases/submissions/checklists/)
    # score: 57.5                 (optional: the overall score, computed by hand)
    # result: none                (optional: the file cannot be read; no result, only its problem)
    # expect: 6:7: error: Y1 takes yes or no, not 'maybe' (answer)
    # expect: nothing             (a valid file)

``expect`` is the exact problem line ``LINE:COL: severity: message (rule)``. The reported problems
must be exactly the expected ones, in order, both from ``validate`` (:func:`ledcheck.validate.
check_path`) and from scoring (:func:`ledcheck.api.score_file`): one set of rules for both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ledcheck import api
from ledcheck.checklist import load_checklist
from ledcheck.errors import LedcheckError, Problem
from ledcheck.library import Resolver
from ledcheck.rules import RULES
from ledcheck.validate import check_path

CASES = Path(__file__).parent / "cases" / "submissions"
CHECKLISTS = CASES / "checklists"
HEADER = re.compile(r"#\s*(expect|checklist|score|result):\s*(.*?)\s*$")
# The rules of FORMAT.md §2 (unknown ids, domains, na, when, breakdowns, evidence, version, header)
RULES_OF_SECTION_2 = {"unknown-indicator", "answer", "not-applicable", "breakdown", "evidence", "version",
                      "required", "unknown-key", "header", "yaml"}
# ... and those of the 1.1 additions (FORMAT.md §6, issue 9): reversed overrides, profiles, sane
# numbers, YAML 1.1 number forms
RULES_OF_SECTION_6 = {"direction", "profile", "number", "yaml-number"}


@dataclass
class Case:
    path: Path
    checklist: str = "small.yaml"
    expected: list[str] = field(default_factory=list)
    nothing: bool = False
    score: float | None = None
    readable: bool = True


def read_case(path: Path) -> Case:
    case = Case(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if not m:
            continue
        key, value = m[1], m[2]
        if key == "expect":
            if value == "nothing":
                case.nothing = True
            else:
                case.expected.append(value)
        elif key == "checklist":
            case.checklist = value
        elif key == "score":
            case.score = float(value)
        elif key == "result":
            assert value == "none", f"{path.name}: result: takes only 'none'"
            case.readable = False
    return case


CASE_FILES = sorted(CASES.glob("*.yaml"))
_checklists: dict[str, object] = {}


def checklist(name: str):
    """The case's checklist, loaded once per test process."""
    if name not in _checklists:
        _checklists[name] = load_checklist(CHECKLISTS / name)
    return _checklists[name]


def shown(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.col}: {p.severity}: {p.message} ({p.rule})" for p in problems]


def test_corpus_is_there_and_every_case_declares_its_findings():
    assert len(CASE_FILES) >= 30
    for path in CASE_FILES:
        case = read_case(path)
        assert case.expected or case.nothing, f"{path.name} declares no expectation"
        assert not (case.expected and case.nothing), path.name


def test_corpus_covers_every_submission_rule():
    rules = {re.search(r"\(([a-z-]+)\)$", e)[1] for p in CASE_FILES for e in read_case(p).expected}
    assert rules >= RULES_OF_SECTION_2 | RULES_OF_SECTION_6, (RULES_OF_SECTION_2 | RULES_OF_SECTION_6) - rules
    severities = {e.split(": ")[1] for p in CASE_FILES for e in read_case(p).expected}
    assert severities == {"error", "warning"}
    assert rules <= set(RULES), f"rules not registered in ledcheck.rules: {rules - set(RULES)}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_validate_reports_exactly_the_expected_problems(path: Path):
    case = read_case(path)
    report = check_path(str(path), Resolver(checklist(case.checklist)))
    assert shown(report.problems) == case.expected
    assert report.kind == ("submission" if case.readable else "unknown")


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_scoring_reports_the_same_problems_and_still_scores(path: Path):
    case = read_case(path)
    try:
        result = api.score_file(path, checklist(case.checklist))
    except LedcheckError as exc:
        assert not case.readable, f"{path.name} could not be scored: {exc}"
        assert shown([exc.as_problem()]) == case.expected
        return
    assert case.readable, f"{path.name} was scored but declares 'result: none'"
    assert shown(result.problems) == case.expected
    # Offending answers count as unanswered; the submission is still scored (FORMAT.md §2).
    assert result.score is not None and 0 <= result.score <= 100
    if case.score is not None:
        assert result.score == pytest.approx(case.score, abs=1e-9), result.score
