"""Fuzzing the loader and the checklist validator.

(a) Property tests (hypothesis): random bytes, random YAML-ish text and random mutations of the
    default checklist either load / validate, or fail with a :class:`LedcheckError` -- never any
    other exception -- and every problem has a 1-based position.
(b) ~300 seeded random mutations of ``checklists/sme-me-aec.yaml`` through a real
    ``python3 -m ledcheck validate FOLDER``: exit 0 or 1, no traceback, every file with an error
    named on stderr (and no file named that has none).
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledcheck import yamlio
from ledcheck.checklist import check_file
from ledcheck.errors import ERROR, WARNING, LedcheckError
from ledcheck.rules import RULES

from helpers import DEFAULT, HANG

NOTE = "note"
SEVERITIES = (ERROR, WARNING, NOTE)  # FORMAT.md 6.11: SARIF's three levels
DEFAULT_LINES = DEFAULT.read_text(encoding="utf-8").splitlines()

# LEDCHECK_FUZZ_EXAMPLES=5000 for a longer hunt; CI keeps the default small.
SETTINGS = settings(max_examples=int(os.environ.get("LEDCHECK_FUZZ_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

REPLACEMENTS = ["yes", "no", "null", "~", "[]", "{}", "-1", "0", "1e999", ".nan", "''", "2026-01-01",
                "!!python/object:x y", "!!binary aGk=", "!custom x", "*a", "&a x", "<<: *a",
                "{a: 1, a: 2}", "[[[[", "'unclosed", "|", "? x", "---", "\t", "\"\\u0000\"",
                "Z == yes", "ST1 >= 2 and", "x" * 300]
OPS = ("delete", "duplicate", "swap", "indent", "replace", "anchor", "insert")
_VALUE = re.compile(r"^(\s*(?:- )?[^\s:#][^:#]*:)(\s+)(.*)$")
_ITEM = re.compile(r"^(\s*- )(.*)$")


def mutate(lines: list[str], ops) -> str:
    """Apply ``ops`` -- tuples ``(op, i, j, replacement)`` -- to a copy of ``lines``."""
    lines = list(lines)
    for op, i, j, rep in ops:
        if not lines:
            lines = [rep]
            continue
        i %= len(lines)
        j %= len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i + 1, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = ["  " + lines[i], " " + lines[i], lines[i][2:], "\t" + lines[i]][j % 4]
        elif op == "replace":
            lines[i] = _replace_value(lines[i], rep)
        elif op == "anchor":  # an anchor on one value and an alias to it on another
            lines[i] = _replace_value(lines[i], "&a " + (_value(lines[i]) or "x"))
            lines[j] = _replace_value(lines[j], "*a")
        else:
            lines.insert(i, rep)
    return "\n".join(lines) + "\n"


def _value(line: str) -> str | None:
    m = _VALUE.match(line) or _ITEM.match(line)
    return m.groups()[-1] if m else None


def _replace_value(line: str, new: str) -> str:
    if m := _VALUE.match(line):
        return m[1] + m[2] + new
    if m := _ITEM.match(line):
        return m[1] + new
    return line + " " + new


def check_problems(problems) -> None:
    for p in problems:
        assert p.severity in SEVERITIES
        assert p.rule in RULES, p  # every problem names a registered rule (team rules)
        assert isinstance(p.message, str) and p.message.strip()
        assert p.line >= 1 and p.col >= 1, p


def check_path(path: Path) -> None:
    """check_file either answers (checklist or problems) or raises a LedcheckError, nothing else."""
    try:
        checklist, problems = check_file(path)
    except LedcheckError as exc:  # only an unreadable file raises; it still has a position
        assert exc.message.strip() and exc.file
        assert exc.line >= 1 and exc.col >= 1, exc
        return
    check_problems(problems)
    if checklist is None:
        assert any(p.severity == ERROR for p in problems)
    else:
        assert not any(p.severity == ERROR for p in problems)
    # the loader alone agrees: it either loads or raises a LedcheckError
    try:
        doc = yamlio.load(path)
    except LedcheckError as exc:
        assert exc.line >= 1 and exc.col >= 1
        # the loader's own refusals (syntax, tags, duplicate keys, alias bombs, huge numbers...)
        # carry whichever registered rule they broke, and check_file reports that same failure
        assert exc.rule in RULES, exc
        assert problems and problems[0].rule == exc.rule
    else:
        assert doc.locate(("sections", 0, "indicators", 0, "id"))[0] >= 1


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "case.yaml"


# --------------------------------------------------------------------------- (a) properties

@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(scratch, data):
    scratch.write_bytes(data)
    check_path(scratch)


YAMLISH = st.lists(
    st.sampled_from(list("abAZ01 -:#&*!|>'\"[]{},?%@`\n\t\\.~") +
                    ["\n  ", "\n- ", ": ", "yes", "null", "<<", "!!", "---", "é", "\ufeff",
                     "\x00", "id", "sections", "ledcheck", "indicators", "type", "&a ", "*a"]),
    max_size=120).map("".join)


@SETTINGS
@given(text=YAMLISH)
def test_random_yamlish_text(scratch, text):
    scratch.write_text(text, encoding="utf-8")
    check_path(scratch)


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 10**6), st.integers(0, 10**6),
              st.sampled_from(REPLACEMENTS)),
    min_size=1, max_size=4)


@SETTINGS
@given(ops=MUTATIONS)
def test_mutated_default_checklist(scratch, ops):
    scratch.write_text(mutate(DEFAULT_LINES, ops), encoding="utf-8")
    check_path(scratch)


SKELETON = """\
ledcheck: 1
id: fuzz
title: Fuzz
scales:
  m:
    type: levels
    levels:
      - {value: 0, label: None}
      - {value: 1, label: Some}
sections:
  - id: s
    title: S
    weight: 1
    indicators:
      - {id: A, text: First, scale: m}
      - id: B
        text: Second
        type: number
        target: 10
        when: A >= 1
      - id: C
        text: Third
        type: choice
        options: [{id: x, score: 1}, {id: y, score: 0}]
        when: "B > 2 and A == 1"
    sections:
      - id: t
        title: T
        indicators:
          - {id: D, text: Fourth, type: yesno, when: "C == 'x'"}
""".splitlines()


@SETTINGS
@given(ops=MUTATIONS)
def test_mutated_small_checklist(scratch, ops):
    # A small file: each mutation is more likely to hit a rule than in the 1,000-line default.
    scratch.write_text(mutate(SKELETON, ops), encoding="utf-8")
    check_path(scratch)


def test_mutations_are_meaningful(tmp_path):
    """The skeleton is valid, and mutations do produce a mix of valid and invalid files."""
    path = tmp_path / "skeleton.yaml"
    path.write_text("\n".join(SKELETON) + "\n", encoding="utf-8")
    checklist, problems = check_file(path)
    # notes (e.g. "state direction" on B) never fail: the skeleton has no error or warning
    assert [p for p in problems if p.severity != NOTE] == [] and checklist is not None
    rng = random.Random(7)
    results = []
    for _ in range(60):
        ops = [(rng.choice(OPS), rng.randrange(10**6), rng.randrange(10**6), rng.choice(REPLACEMENTS))]
        path.write_text(mutate(SKELETON, ops), encoding="utf-8")
        checklist, _ = check_file(path)
        results.append(checklist is not None)
    assert any(results) and not all(results)


# --------------------------------------------------------------------------- (b) through the CLI

def random_ops(rng: random.Random) -> list:
    return [(rng.choice(OPS), rng.randrange(10**6), rng.randrange(10**6), rng.choice(REPLACEMENTS))
            for _ in range(rng.randint(1, 4))]


def test_validate_300_mutated_checklists_in_a_subprocess(tmp_path):
    rng = random.Random(20260301)
    folder = tmp_path / "mutants"
    folder.mkdir()
    for n in range(300):
        (folder / f"m{n:03}.yaml").write_text(mutate(DEFAULT_LINES, random_ops(rng)), encoding="utf-8")

    # What the library says about each file (in process).
    with_errors = set()
    for path in folder.iterdir():
        try:
            _, problems = check_file(path)
        except LedcheckError:
            with_errors.add(path.name)
            continue
        if any(p.severity == ERROR for p in problems):
            with_errors.add(path.name)
    assert 30 < len(with_errors) < 300  # a mix of broken and still-valid files

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("LEDCHECK_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "ledcheck", "validate", str(folder)],
                          capture_output=True, text=True, encoding="utf-8", timeout=HANG, cwd=tmp_path, env=env)
    assert proc.returncode == (1 if with_errors else 0)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.stdout == ""
    named = set()
    after_problem = False
    for line in proc.stderr.splitlines()[:-1]:  # the last line is the summary
        # the source line and a caret under a YAML syntax error ("   7 |  indicators: [")
        if re.match(r"^ *\d* \|", line):
            assert after_problem, line
            continue
        m = re.match(r"^(.+?):(\d+):(\d+): (error|warning|note): .+$", line)
        assert m, line
        after_problem = True
        assert int(m[2]) >= 1 and int(m[3]) >= 1
        if m[4] == "error":
            named.add(Path(m[1]).name)
    assert named == with_errors
    assert proc.stderr.splitlines()[-1].startswith("300 files checked")

    # JSON names the same files, on a sample (each validation of the default checklist costs)
    sample = sorted(folder.iterdir())[:60]
    in_sample = with_errors & {p.name for p in sample}
    assert in_sample, "the sample holds no broken file"
    proc = subprocess.run([sys.executable, "-m", "ledcheck", "validate", *map(str, sample), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", timeout=HANG, cwd=tmp_path, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    assert len(doc["files"]) == len(sample)
    assert {Path(f["path"]).name for f in doc["files"]
            if any(p["severity"] == "error" for p in f["problems"])} == in_sample
