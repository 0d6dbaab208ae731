"""The broken-checklist corpus: every file in ``tests/cases/checklists/`` declares its findings.

Each case is a small YAML file whose first lines are comments::

    # what the case is about
    # max_bytes: 100              (optional: size limit passed to check_file)
    # max_seconds: 0.5            (optional: check_file must answer within this)
    # expect: 7:5 error unknown key 'wieght' in section s; did you mean 'weight'?
    # expect: nothing             (a valid file)
    # expect: 9:17 note state direction: increase

A case that expects no note at all is a 1.0 case: the 1.1 "state direction" notes on its number
indicators (FORMAT.md §6.1) are not held against it; any other problem is.

``expect`` gives the exact 1-based line and column, the severity and a substring of the message.
Every expected finding must be reported at exactly that position, and nothing else may be
reported (neither errors nor warnings). A file that cannot hold comments (the empty file) keeps
them in ``NAME.yaml.expect`` next to it.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ledcheck.checklist import check_file, load_checklist
from ledcheck.errors import ChecklistError, InputError, Problem

CASES = Path(__file__).parent / "cases" / "checklists"
ROOT = Path(__file__).parent.parent
EXPECT = re.compile(r"#\s*expect:\s*(\d+):(\d+)\s+(error|warning|note)\s+(.+?)\s*$")
OPTION = re.compile(r"#\s*(max_bytes|max_seconds):\s*(\S+)\s*$")


@dataclass
class Case:
    path: Path
    expected: list[tuple[int, int, str, str]] = field(default_factory=list)
    nothing: bool = False
    max_bytes: int | None = None
    max_seconds: float | None = None


def read_case(path: Path) -> Case:
    sidecar = path.with_name(path.name + ".expect")
    raw = (sidecar if sidecar.exists() else path).read_bytes()
    case = Case(path)
    # The header is UTF-8 comments; the rest of the file may be anything (latin-1, NUL, ...).
    for line in raw.decode("utf-8", "surrogateescape").splitlines():
        if not line.startswith("#"):
            break
        if m := EXPECT.match(line):
            case.expected.append((int(m[1]), int(m[2]), m[3], m[4]))
        elif m := OPTION.match(line):
            if m[1] == "max_bytes":
                case.max_bytes = int(m[2])
            else:
                case.max_seconds = float(m[2])
        elif re.match(r"#\s*expect:\s*nothing\s*$", line):
            case.nothing = True
        elif re.match(r"#\s*expect", line):
            raise AssertionError(f"{path.name}: malformed expectation: {line!r}")
    return case


CASE_FILES = sorted(CASES.glob("*.yaml"))


def test_corpus_is_there():
    assert len(CASE_FILES) >= 60
    for path in CASE_FILES:
        case = read_case(path)
        assert case.expected or case.nothing, f"{path.name} declares no expectation"
        assert not (case.expected and case.nothing), path.name


def _show(problems: list[Problem]) -> str:
    return "\n".join(f"  {p.line}:{p.col} {p.severity} {p.message}" for p in problems) or "  (none)"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path):
    case = read_case(path)
    start = time.perf_counter()
    checklist, problems = check_file(path, max_bytes=case.max_bytes)
    elapsed = time.perf_counter() - start
    if case.max_seconds is not None:
        # x4: a guard rail against blow-ups, not a benchmark (speed is in benchmarks/)
        assert elapsed < case.max_seconds * 4, f"took {elapsed:.3f}s"

    unmatched = list(problems)
    if not any(sev == "note" for _, _, sev, _ in case.expected):   # a 1.0 case
        unmatched = [p for p in unmatched if p.rule != "state-direction"]
    missing = []
    for line, col, severity, text in case.expected:
        hit = next((p for p in unmatched if (p.line, p.col, p.severity) == (line, col, severity)
                    and text in p.message), None)
        if hit is None:
            missing.append(f"  {line}:{col} {severity} ...{text}...")
        else:
            unmatched.remove(hit)
    assert not missing and not unmatched, (
        f"\n{path.name}\nexpected but not reported:\n" + ("\n".join(missing) or "  (none)")
        + "\nreported but not expected:\n" + _show(unmatched) + "\nall reported:\n" + _show(problems))

    # Positions are 1-based and problems come sorted by line, then column.
    assert all(p.line >= 1 and p.col >= 1 for p in problems)
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems)
    # A file with errors gives no checklist; one with warnings only still gives one.
    has_errors = any(sev == "error" for _, _, sev, _ in case.expected)
    assert (checklist is None) == has_errors
    for p in problems:
        assert p.message and not p.message.endswith(" ")
        assert "Traceback" not in p.message


def test_many_errors_reports_every_one_in_line_order():
    case = read_case(CASES / "many-errors.yaml")
    _, problems = check_file(case.path)
    assert len(problems) == len(case.expected) >= 12
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert len({p.line for p in problems}) >= 12


def test_load_checklist_raises_with_every_problem():
    with pytest.raises(ChecklistError) as info:
        load_checklist(CASES / "many-errors.yaml")
    assert len(info.value.problems) == len(read_case(CASES / "many-errors.yaml").expected)
    assert info.value.line == 16  # the first error


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as info:
        check_file(tmp_path / "nope.yaml")
    assert isinstance(info.value, InputError)


def test_bundled_checklists_are_valid():
    paths = sorted((ROOT / "checklists").glob("*.yaml"))
    assert paths
    for path in paths:
        checklist, problems = check_file(path)
        # notes never fail; a bundled checklist still in 1.0 form gets "state direction" notes
        assert [p for p in problems if p.rule != "state-direction"] == [], _show(problems)
        assert checklist is not None and checklist.indicators


def test_valid_case_builds_a_model():
    checklist, problems = check_file(CASES / "valid-minimal.yaml")
    assert problems == []
    assert checklist.id == "demo"
    assert list(checklist.indicators) == ["A"]
    assert checklist.indicators["A"].type == "yesno"


def test_indicators_come_before_subsections_whatever_the_key_order(tmp_path):
    f = tmp_path / "order.yaml"
    f.write_text(
        "ledcheck: 1\nid: order\ntitle: Order\nsections:\n"
        "  - id: s\n    title: S\n"
        "    sections:\n      - id: t\n        title: T\n"
        "        indicators:\n          - {id: B, text: Later, type: yesno, when: A == yes}\n"
        "    indicators:\n      - {id: A, text: Asked first, type: yesno}\n", encoding="utf-8")
    checklist, problems = check_file(f)
    assert problems == []
    assert list(checklist.indicators) == ["A", "B"]


def test_when_naming_an_indicator_in_a_later_subsection_is_rejected(tmp_path):
    f = tmp_path / "order.yaml"
    f.write_text(
        "ledcheck: 1\nid: order\ntitle: Order\nsections:\n"
        "  - id: s\n    title: S\n"
        "    sections:\n      - id: t\n        title: T\n"
        "        indicators:\n          - {id: B, text: Sub-section, type: yesno}\n"
        "    indicators:\n      - {id: A, text: First, type: yesno, when: B == yes}\n", encoding="utf-8")
    checklist, problems = check_file(f)
    assert checklist is None
    assert [(p.line, p.col) for p in problems] == [(13, 49)]
    assert "comes later" in problems[0].message
