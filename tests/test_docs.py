"""The documentation stays true to the code.

- docs/cli.md has a section for every command (walking the Typer/Click app, so a new command or
  option fails this test until it is documented), and mentions every option of that command in
  its section (as sqlite-utils tests its docs).
- Every ```yaml block of docs/format.md whose first line is ``# checklist``, ``# submission`` or
  ``# roadmap`` is a complete file, and ``ledcheck validate`` must find no problem in it (no
  error, no warning). Two optional words on that first line: ``invalid`` (the example must have
  at least one error) and ``expected score N`` (the submission must score N, to one decimal).
  Unmarked blocks are fragments and are not checked.
- docs/ci.md's YAML examples parse, and the pre-commit hook ids it uses exist.
"""
from __future__ import annotations

import enum
import re
import typing
from pathlib import Path

import pytest
import typer.main
import yaml

import ledcheck.cli
from ledcheck import validate as v
from ledcheck.library import Resolver

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CLI_MD = DOCS / "cli.md"
FORMAT_MD = DOCS / "format.md"
CI_MD = DOCS / "ci.md"

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.M | re.S)
MARK = re.compile(r"^#\s*(checklist|submission|roadmap)\b(.*)$")


# --------------------------------------------------------------------------- helpers

# Typer may bring its own copy of Click, so commands and parameters are recognised by what they
# have, not by isinstance() against the click package.

def _commands(group, prefix: str = "ledcheck"):
    """(full name, command) for every leaf command, sub-groups walked."""
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, full)
        else:
            yield full, cmd


def _options(cmd):
    return [p for p in cmd.params if p.param_type_name == "option"]


def _choices(param) -> list[str]:
    """The allowed values of an option with a fixed set (an Enum in the Typer signature)."""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return [str(c) for c in choices]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    for t in (annotation, *typing.get_args(annotation)):
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return [str(m.value) for m in t]
    return []


COMMANDS = list(_commands(typer.main.get_command(ledcheck.cli.app)))


def test_commands_are_found():
    names = [n for n, _ in COMMANDS]
    assert "ledcheck validate" in names and "ledcheck schema submission" in names, names
    assert all(_options(cmd) or not cmd.params for _, cmd in COMMANDS)
    formats = {n: _choices(p) for n, cmd in COMMANDS for p in _options(cmd) if "--format" in p.opts}
    assert "sarif" in formats["ledcheck validate"] and "xlsx" in formats["ledcheck score"], formats


def _sections(text: str) -> dict[str, str]:
    """Markdown sections by their heading text (without backticks), each to the next heading of
    the same or a higher level."""
    heads = [(m.start(), len(m.group(1)), m.group(2).replace("`", "").strip())
             for m in re.finditer(r"^(#{1,6})\s+(.*)$", text, re.M)]
    out = {}
    for i, (start, level, title) in enumerate(heads):
        end = len(text)
        for start2, level2, _ in heads[i + 1:]:
            if level2 <= level:
                end = start2
                break
        out[title] = text[start:end]
    return out


def _blocks(text: str, lang: str) -> list[tuple[int, str]]:
    """(line number, dedented body) of every fenced block in ``lang``."""
    out = []
    for m in FENCE.finditer(text):
        if m.group("lang") != lang:
            continue
        indent = m.group("indent")
        body = "".join(line[len(indent):] if line.startswith(indent) else line
                       for line in m.group("body").splitlines(keepends=True))
        out.append((text.count("\n", 0, m.start()) + 1, body))
    return out


def _mentioned(option: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", text) is not None


# --------------------------------------------------------------------------- cli.md

def test_cli_md_exists():
    assert CLI_MD.is_file(), "docs/cli.md is missing"


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(name, cmd):
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    assert name in sections, f"docs/cli.md has no section headed `{name}`"
    body = sections[name]
    missing = [opt for param in _options(cmd)
               for opt in param.opts + param.secondary_opts if not _mentioned(opt, body)]
    assert not missing, f"the `{name}` section of docs/cli.md does not mention: {', '.join(missing)}"


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_choice_is_documented(name, cmd):
    body = _sections(CLI_MD.read_text(encoding="utf-8")).get(name, "")
    for param in _options(cmd):
        choices = _choices(param)
        if choices:
            missing = [c for c in choices if f"`{c}`" not in body]
            assert not missing, f"`{name}` {param.opts[-1]}: values not documented: {missing}"


def test_global_options_are_documented():
    text = CLI_MD.read_text(encoding="utf-8")
    root = typer.main.get_command(ledcheck.cli.app)
    for param in root.params:
        for opt in param.opts:
            assert _mentioned(opt, text), f"docs/cli.md does not mention {opt}"


def test_exit_codes_are_documented():
    text = CLI_MD.read_text(encoding="utf-8")
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"^\|\s*`?{code}`?\s*\|", text, re.M), f"exit code {code} missing from the table"


# --------------------------------------------------------------------------- format.md

def _marked_blocks():
    text = FORMAT_MD.read_text(encoding="utf-8")
    out = []
    for line, body in _blocks(text, "yaml"):
        first = body.lstrip().splitlines()[0] if body.strip() else ""
        m = MARK.match(first)
        if m:
            out.append((line, m.group(1), m.group(2), body))
    return out


MARKED = _marked_blocks() if FORMAT_MD.is_file() else []


def test_format_md_has_complete_examples():
    kinds = {kind for _, kind, _, _ in MARKED}
    assert kinds == {"checklist", "submission", "roadmap"}, \
        "docs/format.md should mark complete examples of all three kinds"


def test_format_md_examples_validate(tmp_path, monkeypatch):
    """Checklists go to ./checklists (so submissions and road maps find them by id), submissions
    and road maps elsewhere."""
    (tmp_path / "checklists").mkdir()
    (tmp_path / "invalid").mkdir()
    (tmp_path / "submissions").mkdir()
    (tmp_path / "roadmaps").mkdir()
    monkeypatch.chdir(tmp_path)
    files = []
    for line, kind, flags, body in MARKED:
        invalid = "invalid" in flags
        folder = "invalid" if invalid else {"checklist": "checklists", "submission": "submissions",
                                            "roadmap": "roadmaps"}[kind]
        path = tmp_path / folder / f"format-md-line-{line}.yaml"
        path.write_text(body, encoding="utf-8")
        files.append((line, kind, flags, invalid, path))
    failures = []
    for line, kind, flags, invalid, path in files:
        report = v.check_path(str(path), Resolver())
        shown = "\n  ".join(p.format(f"docs/format.md (block at line {line})") for p in report.problems)
        if report.kind != kind:
            failures.append(f"block at line {line}: read as a {report.kind}, marked {kind}")
        elif invalid and not report.errors:
            failures.append(f"block at line {line} is marked invalid but has no error")
        elif not invalid and report.problems:
            failures.append(f"block at line {line} ({kind}):\n  {shown}")
        m = re.search(r"expected score:?\s*(-?[0-9.]+)", flags)
        if m and not invalid:
            from ledcheck.api import score_file
            got = score_file(path).score
            if got is None or round(got, 1) != round(float(m.group(1)), 1):
                failures.append(f"block at line {line}: expected score {m.group(1)}, ledcheck gives {got}")
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- ci.md

def test_ci_md_yaml_parses_and_hooks_exist():
    text = CI_MD.read_text(encoding="utf-8")
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    used = set()
    for line, body in _blocks(text, "yaml"):
        try:
            doc = yaml.safe_load(body)
        except yaml.YAMLError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"docs/ci.md: the YAML block at line {line} does not parse: {exc}")
        if isinstance(doc, dict) and "repos" in doc:
            for repo in doc["repos"]:
                if repo.get("repo") != "local":
                    used.update(h["id"] for h in repo.get("hooks", []))
    assert used, "docs/ci.md shows no .pre-commit-config.yaml using the ledcheck hooks"
    assert used <= hooks, f"docs/ci.md uses hooks that .pre-commit-hooks.yaml does not define: {used - hooks}"
