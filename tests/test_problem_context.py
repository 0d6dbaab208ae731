"""A YAML syntax error is shown with its source line and a caret (issue 10): the loader's
context travels in ``Problem.context``, which is not part of equality or order."""
from __future__ import annotations

from typer.testing import CliRunner

from ledcheck.cli import app
from ledcheck.errors import ERROR, LoadError, Problem


def test_context_is_not_compared():
    a = Problem(ERROR, "m", 2, 3, context="    2 | x\n      |   ^")
    assert a == Problem(ERROR, "m", 2, 3) and a.sort_key() == Problem(ERROR, "m", 2, 3).sort_key()
    assert a.context_lines() == ["    2 | x", "      |   ^"]
    assert Problem(ERROR, "m").context_lines() == []


def test_as_problem_takes_the_loader_context():
    exc = LoadError("bad", "f.yaml", 2, 3)
    assert exc.as_problem().context is None
    exc.context = "    2 | x\x1b\n      |   ^"  # type: ignore[attr-defined]
    assert exc.as_problem().context_lines() == ["    2 | x\\x1b", "      |   ^"]


BROKEN = "ledcheck: 1\nanswers:\n  A: [yes\n  B: no\n"


def test_validate_text_shows_the_line_and_a_caret(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    r = CliRunner().invoke(app, ["validate", str(path)])
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    i = next(n for n, line in enumerate(lines) if ": error: YAML syntax error" in line)
    assert "|" in lines[i + 1] and lines[i + 2].rstrip().endswith("^")


def test_a_broken_checklist_argument_shows_the_line_and_a_caret(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("ledcheck: 1\nid: x\ntitle: [a\nsections: []\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["show", str(path)])
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    i = next(n for n, line in enumerate(lines) if "YAML syntax error" in line)
    assert lines[i + 2].rstrip().endswith("^")
