"""``ledcheck validate`` through the Typer app: exit codes, folders, and the four output formats.

Click >= 8.2 keeps stderr apart from stdout in ``CliRunner`` results (``result.stdout``,
``result.stderr``; ``result.output`` interleaves both), so the tests check each stream.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "checklists"
BUNDLED = sorted((ROOT / "checklists").glob("*.yaml"))
TEXT_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): (?P<msg>.+)$")
GITHUB_LINE = re.compile(r"^::(?P<sev>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                         r"col=(?P<col>\d+)::(?P<msg>.+)$")

def failing(problems: list[dict]) -> list[dict]:
    """The problems that are not notes (notes, such as 'state direction', never fail)."""
    return [p for p in problems if p["severity"] != "note"]


CHECKLIST = """\
ledcheck: 1
id: mini
version: "1"
title: Mini checklist
sections:
  - id: s
    title: Section
    indicators:
      - {id: A, text: First, type: yesno}
      - {id: B, text: Second, type: number, target: 10, evidence: required}
"""
SUBMISSION_OK = """\
ledcheck: 1
checklist: mini
checklist_version: "1"
subject: Da Nang City
answers:
  A: yes
  B: {value: 5, evidence: "Registry, 2026"}
"""
SUBMISSION_WARN = """\
ledcheck: 1
checklist: mini
checklist_version: "0.9"
subject: Hue City
answers:
  A: no
"""
SUBMISSION_BAD = """\
ledcheck: 1
checklist: mini
subject: Hoi An
answers:
  A: maybe
  Z: 1
"""
CHECKLIST_BAD = """\
ledcheck: 1
id: broken
title: Broken
sections:
  - id: s
    title: Section
    indicators:
      - {id: A, text: First, type: yesno, wieght: 2}
"""
CHECKLIST_WARN = CHECKLIST.replace("id: mini", "id: mini-warn").replace(
    "title: Mini checklist", "title: {en: Mini, fr: Mini}")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A project folder: ./checklists/mini.yaml (found by id) and nested submissions."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "mini.yaml").write_text(CHECKLIST, encoding="utf-8")
    subs = tmp_path / "data" / "round1" / "deeper"
    subs.mkdir(parents=True)
    (tmp_path / "data" / "ok.yaml").write_text(SUBMISSION_OK, encoding="utf-8")
    (tmp_path / "data" / "round1" / "warn.yml").write_text(SUBMISSION_WARN, encoding="utf-8")
    (subs / "bad.yaml").write_text(SUBMISSION_BAD, encoding="utf-8")
    (subs / "broken-checklist.yaml").write_text(CHECKLIST_BAD, encoding="utf-8")
    (subs / "notes.txt").write_text("not yaml: [", encoding="utf-8")
    (tmp_path / "data" / ".hidden").mkdir()
    (tmp_path / "data" / ".hidden" / "x.yaml").write_text("{{{{", encoding="utf-8")
    return tmp_path


def write(path: Path, text: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def invoke(runner, *args):
    result = runner.invoke(app, ["validate", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def text_problems(stderr: str, notes: bool = False) -> list[dict]:
    """Problem lines of the text format (notes left out unless asked: they never fail)."""
    return [m.groupdict() for line in stderr.splitlines()
            if (m := TEXT_LINE.match(line)) and (notes or m["sev"] != "note")]


# --------------------------------------------------------------------------- exit codes

def test_clean_checklist_exits_0(runner, tmp_path):
    result = invoke(runner, write(tmp_path / "c.yaml", CHECKLIST))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert text_problems(result.stderr) == []
    assert "1 file checked: 0 errors, 0 warnings" in result.stderr


def test_invalid_checklist_exits_1_with_file_line_col_on_stderr(runner, tmp_path):
    path = write(tmp_path / "c.yaml", CHECKLIST_BAD)
    result = invoke(runner, path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert text_problems(result.stderr) == [
        {"file": path, "line": "8", "col": "43", "sev": "error",
         "msg": "unknown key 'wieght' in indicator A; did you mean 'weight'?"}]


def test_nonexistent_path_exits_2(runner, tmp_path):
    result = invoke(runner, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml" in result.stderr and "no such file" in result.stderr


def test_nonexistent_path_wins_over_findings(runner, tmp_path):
    result = invoke(runner, write(tmp_path / "c.yaml", CHECKLIST_BAD), tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "unknown key 'wieght'" in result.stderr  # the other file is still checked


def test_warning_only_exits_0_but_1_with_strict(runner, tmp_path):
    path = write(tmp_path / "c.yaml", CHECKLIST_WARN)
    result = invoke(runner, path)
    assert result.exit_code == 0
    [p] = text_problems(result.stderr)
    assert p["sev"] == "warning" and "language 'fr'" in p["msg"]
    assert invoke(runner, path, "--strict").exit_code == 1


def test_usage_errors_exit_2(runner, tmp_path):
    path = write(tmp_path / "c.yaml", CHECKLIST)
    assert runner.invoke(app, ["validate", path, "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["validate", path, "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate"]).exit_code == 2


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"# nothing\n", "empty file"),
    (b"title: caf\xe9\n", "not UTF-8"),
    (b"a: [1,\n", "YAML syntax error"),
    (b"- just\n- a list\n", "mapping"),
])
def test_unusable_files_exit_1(runner, tmp_path, content, message):
    f = tmp_path / "x.yaml"
    f.write_bytes(content)
    result = invoke(runner, f)
    assert result.exit_code == 1
    [p] = text_problems(result.stderr)
    assert message in p["msg"] and p["file"] == str(f)


def test_quiet_prints_problems_only(runner, tmp_path):
    result = invoke(runner, write(tmp_path / "c.yaml", CHECKLIST_BAD), "--quiet")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "checked" not in result.stderr


# --------------------------------------------------------------------------- folders and kinds

def test_folders_are_walked_recursively_and_kinds_told_apart(runner, tree):
    result = invoke(runner, "data", "checklists", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    kinds = {Path(f["path"]).as_posix(): f["kind"] for f in doc["files"]}
    assert kinds == {
        "data/ok.yaml": "submission",
        "data/round1/warn.yml": "submission",
        "data/round1/deeper/bad.yaml": "submission",
        "data/round1/deeper/broken-checklist.yaml": "checklist",
        "checklists/mini.yaml": "checklist",
    }  # notes.txt and the hidden folder are skipped
    problems = {Path(f["path"]).as_posix(): failing(f["problems"]) for f in doc["files"]}
    assert problems["data/ok.yaml"] == [] and problems["checklists/mini.yaml"] == []
    assert [p["severity"] for p in problems["data/round1/warn.yml"]] == ["warning"]
    bad = problems["data/round1/deeper/bad.yaml"]
    assert [(p["line"], p["severity"]) for p in bad] == [(5, "error"), (6, "error")]
    assert "'Z'" in bad[1]["message"]


def test_folder_text_output_names_every_file_with_a_problem(runner, tree):
    result = invoke(runner, "data")
    assert result.exit_code == 1
    named = {Path(p["file"]).as_posix() for p in text_problems(result.stderr)}
    assert named == {"data/round1/warn.yml", "data/round1/deeper/bad.yaml",
                     "data/round1/deeper/broken-checklist.yaml"}
    assert "4 files checked: 3 errors, 1 warning in 3 files" in result.stderr


def test_submission_warnings_and_strict(runner, tree):
    assert invoke(runner, "data/ok.yaml").exit_code == 0
    assert invoke(runner, "data/round1/warn.yml").exit_code == 0
    assert invoke(runner, "data/round1/warn.yml", "--strict").exit_code == 1


def test_submission_with_unknown_checklist(runner, tree):
    path = write(tree / "orphan.yaml", SUBMISSION_OK.replace("checklist: mini", "checklist: nowhere"))
    result = invoke(runner, path)
    assert result.exit_code == 1
    [p] = text_problems(result.stderr)
    assert p["line"] == "2" and "nowhere" in p["msg"]


def test_checklist_option_overrides_the_id(runner, tree, tmp_path):
    # Same id, but A is a number there: `A: yes` is wrong only if -c is really used.
    other = write(tmp_path / "elsewhere.yaml", CHECKLIST.replace(
        "{id: A, text: First, type: yesno}", "{id: A, text: First, type: number, target: 5}"))
    assert invoke(runner, "data/ok.yaml").exit_code == 0
    result = invoke(runner, "data/ok.yaml", "--checklist", other)
    assert result.exit_code == 1
    assert [p["line"] for p in text_problems(result.stderr)] == ["6"]
    # a checklist with another id is a finding in the submission
    renamed = write(tmp_path / "renamed.yaml", CHECKLIST.replace("id: mini", "id: renamed"))
    result = invoke(runner, "data/ok.yaml", "-c", renamed)
    assert result.exit_code == 1 and "renamed" in result.stderr
    # a -c that cannot be used is a usage error
    assert invoke(runner, "data/ok.yaml", "-c", tmp_path / "missing.yaml").exit_code == 2
    assert invoke(runner, "data/ok.yaml", "-c", write(tmp_path / "bad.yaml", CHECKLIST_BAD)).exit_code == 2


def test_broken_corpus_through_the_cli(runner):
    result = invoke(runner, CASES, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert set(by_name) == {p.name for p in CASES.glob("*.yaml")}
    assert by_name["valid-minimal.yaml"]["problems"] == []
    assert by_name["too-large.yaml"]["problems"] == []  # only too large with its small max_bytes
    for name, f in by_name.items():
        if name not in ("valid-minimal.yaml", "too-large.yaml"):
            assert f["problems"], name
        for p in f["problems"]:
            assert p["line"] is None or p["line"] >= 1


def test_bundled_checklists_validate_clean(runner):
    assert BUNDLED
    result = invoke(runner, *BUNDLED)
    assert result.exit_code == 0, result.stderr
    assert text_problems(result.stderr) == []
    assert invoke(runner, *BUNDLED, "--strict").exit_code == 0


def test_bundled_folder_tells_examples_apart(runner):
    """``checklists/`` holds the checklists and ``examples/`` submissions (which a colleague is still
    writing, so only their kind is checked here)."""
    result = invoke(runner, ROOT / "checklists", "--format", "json")
    for f in json.loads(result.stdout)["files"]:
        rel = Path(f["path"]).relative_to(ROOT / "checklists")
        if len(rel.parts) == 1 and rel.suffix == ".po":  # a checklist's translation: notes only
            assert f["kind"] == "translation" and failing(f["problems"]) == [], f
        elif len(rel.parts) == 1:
            assert f["kind"] == "checklist" and failing(f["problems"]) == [], f
        elif rel.parts[0] == "examples" and f["kind"] != "unknown":
            assert f["kind"] == "submission", f


# --------------------------------------------------------------------------- formats

def test_json_format_shape(runner, tree):
    result = invoke(runner, "data/ok.yaml", "data/round1/deeper/bad.yaml", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)  # stdout is nothing but the JSON document
    assert set(doc) == {"status", "files"} and doc["status"] == "fail"
    assert [set(f) for f in doc["files"]] == [{"path", "kind", "problems"}] * 2
    assert doc["files"][0] == {"path": "data/ok.yaml", "kind": "submission", "problems": []}
    for p in doc["files"][1]["problems"]:
        assert {"severity", "line", "col", "message"} <= set(p)
        assert p["severity"] in ("error", "warning")
        assert isinstance(p["line"], int) and isinstance(p["col"], int)
    assert result.stderr == ""


def test_json_status_ok_and_strict(runner, tree):
    assert json.loads(invoke(runner, "data/ok.yaml", "-f", "json").stdout)["status"] == "ok"
    warn = invoke(runner, "data/round1/warn.yml", "-f", "json")
    assert warn.exit_code == 0 and json.loads(warn.stdout)["status"] == "ok"
    strict = invoke(runner, "data/round1/warn.yml", "-f", "json", "--strict")
    assert strict.exit_code == 1 and json.loads(strict.stdout)["status"] == "fail"


def test_json_for_a_missing_path(runner, tmp_path):
    result = invoke(runner, tmp_path / "missing.yaml", "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail" and doc["files"][0]["problems"][0]["severity"] == "error"


def test_github_format(runner, tree):
    result = invoke(runner, "data", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines), lines
    parsed = [GITHUB_LINE.match(line).groupdict() for line in lines]
    assert {p["file"] for p in parsed} == {"data/round1/warn.yml", "data/round1/deeper/bad.yaml",
                                          "data/round1/deeper/broken-checklist.yaml"}
    assert {p["sev"] for p in parsed} == {"error", "warning"}
    bad = [p for p in parsed if p["file"] == "data/round1/deeper/bad.yaml"]
    assert [(p["line"], p["col"]) for p in bad] == [("5", "6"), ("6", "3")]


def test_github_format_escapes_newlines_and_properties(runner, tmp_path):
    # A syntax error message may span lines; an annotation must stay on one.
    path = write(tmp_path / "a,b.yaml", "a: 'unclosed\n")
    result = invoke(runner, path, "-f", "github")
    [line] = result.stdout.splitlines()
    assert GITHUB_LINE.match(line)
    assert "a%2Cb.yaml" in line


def test_sarif_format(runner, tree):
    result = invoke(runner, "data", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    assert "sarif" in sarif["$schema"] and "2.1.0" in sarif["$schema"]
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ledcheck" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    results = run["results"]
    assert len(results) == 4
    for r in results:
        assert r["ruleId"] in rule_ids
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
        assert r["message"]["text"]
        [loc] = r["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"].endswith(".yaml") or phys["artifactLocation"]["uri"].endswith(".yml")
        assert "\\" not in phys["artifactLocation"]["uri"]
        assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1
    assert {r["level"] for r in results} == {"error", "warning"}
    by_uri = {}
    for r in results:
        by_uri.setdefault(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], []).append(r)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in by_uri["data/round1/deeper/bad.yaml"]] == [5, 6]


def test_sarif_clean_run_has_no_results(runner, tmp_path):
    result = invoke(runner, write(tmp_path / "c.yaml", CHECKLIST), "-f", "sarif")
    assert result.exit_code == 0
    sarif = json.loads(result.stdout)
    assert [r for r in sarif["runs"][0]["results"] if r["level"] != "note"] == []
    assert sarif["runs"][0]["columnKind"] == "utf16CodeUnits"


# The parts of the SARIF 2.1.0 schema (docs.oasis-open.org/sarif/sarif/v2.1.0) that ledcheck uses,
# with the official schema's additionalProperties: false, so a misspelt property fails.
_MESSAGE = {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
            "properties": {"text": {"type": "string"}, "id": {"type": "string"}}}
SARIF_SUBSET = {
    "type": "object", "required": ["version", "runs"], "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"], "additionalProperties": False,
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "additionalProperties": False,
                         "properties": {"driver": {
                             "type": "object", "required": ["name"], "additionalProperties": False,
                             "properties": {
                                 "name": {"type": "string"}, "version": {"type": "string"},
                                 "semanticVersion": {"type": "string"},
                                 "informationUri": {"type": "string", "format": "uri"},
                                 "rules": {"type": "array", "items": {
                                     "type": "object", "required": ["id"], "additionalProperties": False,
                                     "properties": {
                                         "id": {"type": "string"}, "name": {"type": "string"},
                                         "shortDescription": _MESSAGE, "fullDescription": _MESSAGE,
                                         "helpUri": {"type": "string"}, "help": _MESSAGE,
                                         "defaultConfiguration": {"type": "object"},
                                         "properties": {"type": "object"}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False,
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": _MESSAGE,
                        "locations": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False,
                            "properties": {"physicalLocation": {
                                "type": "object", "additionalProperties": False,
                                "properties": {
                                    "artifactLocation": {
                                        "type": "object", "additionalProperties": False,
                                        "properties": {"uri": {"type": "string", "format": "uri-reference"},
                                                       "uriBaseId": {"type": "string"},
                                                       "index": {"type": "integer"}}},
                                    "region": {
                                        "type": "object", "additionalProperties": False,
                                        "properties": {k: {"type": "integer", "minimum": 1} for k in
                                                       ("startLine", "startColumn", "endLine", "endColumn")}},
                                }}}}},
                        "properties": {"type": "object"}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "originalUriBaseIds": {"type": "object"},
                "properties": {"type": "object"}}}},
    },
}


def test_sarif_matches_the_schema(runner, tree):
    jsonschema = pytest.importorskip("jsonschema")
    sarif = json.loads(invoke(runner, "data", "-f", "sarif").stdout)
    jsonschema.validate(sarif, SARIF_SUBSET)
    assert sarif["runs"][0]["results"]


# --------------------------------------------------------------------------- notes (§6.11 "Severities")

INFERRED = CHECKLIST  # B: target 10 above baseline 0, no stated direction: a "state direction" note


def test_a_note_never_fails_not_even_under_strict(runner, tmp_path):
    path = write(tmp_path / "c.yaml", INFERRED)
    for extra in ((), ("--strict",)):
        result = invoke(runner, path, *extra)
        assert result.exit_code == 0, result.stderr
        notes = [p for p in text_problems(result.stderr, notes=True) if p["sev"] == "note"]
        assert notes and "state direction" in notes[0]["msg"]
        assert "1 note" in result.stderr
    doc = json.loads(invoke(runner, path, "-f", "json", "--strict").stdout)
    assert doc["status"] == "ok"
    assert {p["severity"] for f in doc["files"] for p in f["problems"]} == {"note"}


def test_notes_are_github_notices_and_sarif_notes(runner, tmp_path):
    path = write(tmp_path / "c.yaml", INFERRED)
    lines = invoke(runner, path, "-f", "github").stdout.splitlines()
    assert lines and all(line.startswith("::notice file=") for line in lines), lines
    assert GITHUB_LINE.match(lines[0])
    sarif = json.loads(invoke(runner, path, "-f", "sarif").stdout)
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"note"}


# --------------------------------------------------------------------------- SARIF columns

def test_sarif_columns_are_utf16_code_units(runner, tmp_path):
    write(tmp_path / "checklists" / "mini.yaml", CHECKLIST)
    # "😀" is one character but two UTF-16 code units: the bad value of A is at character
    # column 25, UTF-16 column 26
    line = 'answers: {"😀😀": 1, A: maybe}'
    sub = write(tmp_path / "s.yaml", f"ledcheck: 1\nchecklist: mini\nsubject: X\n{line}\n")
    import os
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        text = invoke(runner, sub).stderr
        sarif = json.loads(invoke(runner, sub, "-f", "sarif").stdout)
    finally:
        os.chdir(cwd)
    run = sarif["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    chars = {int(p["line"]): int(p["col"]) for p in text_problems(text) if "maybe" in p["msg"] or "A" in p["msg"]}
    col = line.index("maybe") + 1
    assert chars.get(4) == col, text
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]
               if "maybe" in r["message"]["text"]]
    assert regions == [{"startLine": 4, "startColumn": col + 2}], run["results"]


# --------------------------------------------------------------------------- --skip-other

STYLES = {
    "bom.yaml": "\ufeffledcheck: 1\nchecklist: mini\nsubject: X\nanswers: {A: maybe}\n".encode(),
    "quoted.yaml": b'"ledcheck": 1\n"checklist": mini\nsubject: X\nanswers: {A: maybe}\n',
    "single.yaml": b"'ledcheck': 1\nchecklist: mini\nsubject: X\nanswers: {A: maybe}\n",
    "flow.yaml": b"{ledcheck: 1, checklist: mini, subject: X, answers: {A: maybe}}\n",
    "cr.yaml": b"ledcheck: 1\rchecklist: mini\rsubject: X\ranswers: {A: maybe}\r",
    "crlf.yaml": b"ledcheck: 1\r\nchecklist: mini\r\nsubject: X\r\nanswers: {A: maybe}\r\n",
    "doc.yaml": b"%YAML 1.1\n--- {ledcheck: 1, checklist: mini, subject: X, answers: {A: maybe}}\n",
}
OTHERS = {
    "ci.yml": b"on: push\njobs:\n  check:\n    steps:\n      - run: ledcheck validate .\n",
    "config.yaml": b"name: something\nvalues: [1, 2]\n",
    "flow-other.yaml": b"{tool: ledcheck, version: 3}\n",
}


def test_skip_other_keeps_ledcheck_files_of_any_style(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "checklists" / "mini.yaml", CHECKLIST)
    for name, data in {**STYLES, **OTHERS}.items():
        write(tmp_path / "repo" / name, data)
    result = invoke(runner, "repo", "--skip-other", "-f", "json")
    checked = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(checked) == set(STYLES), checked
    for f in checked.values():
        assert f["kind"] == "submission", f
        assert any("maybe" in p["message"] for p in f["problems"]), f
    assert result.exit_code == 1


def test_checklists_of_any_style_are_found_by_id_and_listed(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    styles = {
        "bom": "\ufeff" + CHECKLIST.replace("id: mini", "id: bom"),
        "quoted": CHECKLIST.replace("id: mini", '"id": "quoted"').replace("ledcheck: 1", '"ledcheck": 1'),
        "cr": CHECKLIST.replace("id: mini", "id: cr").replace("\n", "\r"),
        "flow": '{ledcheck: 1, id: flow, version: "1", title: Flow, sections: [{id: s, title: S, '
                'indicators: [{id: A, text: First, type: yesno}]}]}\n',
    }
    for cid, text in styles.items():
        write(tmp_path / "checklists" / f"{cid}.yaml", text.encode("utf-8"))
    from ledcheck import library
    found = {e.id for e in library.available()}
    assert set(styles) <= found, found
    for cid in styles:
        sub = write(tmp_path / f"{cid}-sub.yaml", f"ledcheck: 1\nchecklist: {cid}\nsubject: X\nanswers: {{A: yes}}\n")
        result = invoke(runner, sub)
        assert result.exit_code == 0, result.stderr
    from helpers import invoke as run_cli
    listing = run_cli("list", cwd=tmp_path)
    for cid in styles:
        assert re.search(rf"^{cid}\s", listing.out, re.M), listing


# --------------------------------------------------------------------------- checklist references

def test_a_submission_cannot_make_validate_open_a_path(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "mini.yaml", CHECKLIST)
    for ref in (str(tmp_path / "mini.yaml"), "./mini.yaml", "/etc/passwd", "../../etc/hosts"):
        sub = write(tmp_path / "s.yaml", f"ledcheck: 1\nchecklist: {json.dumps(ref)}\nsubject: X\nanswers: {{}}\n")
        doc = json.loads(invoke(runner, sub, "-f", "json").stdout)
        [p] = doc["files"][0]["problems"]
        assert p["rule"] == "checklist-ref" and p["path"] == "checklist", p
        assert "not a checklist id" in p["message"]


def test_unknown_profile_for_validate_exits_2(runner, tmp_path):
    path = write(tmp_path / "s.yaml", SUBMISSION_OK)
    cl = write(tmp_path / "mini.yaml", CHECKLIST)
    result = invoke(runner, path, "-c", cl, "--profile", "nope")
    assert result.exit_code == 2 and "unknown profile 'nope'" in result.stderr
    assert invoke(runner, path, "-c", cl, "--profile", "all").exit_code == 0


# --------------------------------------------------------------------------- template workbooks

@pytest.fixture
def bad_workbook(tmp_path, monkeypatch):
    """A filled ``template -f xlsx`` workbook with an impossible answer in A's value cell."""
    from openpyxl import load_workbook

    from ledcheck.collect import workbook
    from ledcheck.library import load
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "checklists" / "mini.yaml", CHECKLIST)
    cl = load("mini")
    blank = tmp_path / "blank.xlsx"
    workbook.write_template(cl, blank)
    wb = load_workbook(blank)
    subj = wb[workbook.SUBJECT]
    for r in range(2, subj.max_row + 1):
        if subj.cell(r, workbook.S_KEY).value == "subject":
            subj.cell(r, workbook.S_VALUE).value = "Da Nang"
    ws = wb[workbook.ANSWERS]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "A")
    ws.cell(row, workbook.C_VALUE).value = "maybe"
    filled = tmp_path / "data" / "filled.xlsx"
    filled.parent.mkdir()
    wb.save(filled)
    (tmp_path / "data" / "notes.xlsx").write_bytes(b"PK not a workbook")  # skipped as "other"
    cell = f"{workbook.ANSWERS}!{ws.cell(row, workbook.C_VALUE).coordinate}"
    return filled, cell


def test_workbook_problems_are_located_by_cell(runner, bad_workbook):
    filled, cell = bad_workbook
    result = invoke(runner, "data")
    assert result.exit_code == 1, result.stderr
    assert f"{Path('data') / 'filled.xlsx'}:{cell}: error: " in result.stderr, result.stderr
    assert "notes.xlsx" not in result.stderr
    doc = json.loads(invoke(runner, "data", "-f", "json").stdout)
    [f] = doc["files"]
    assert f["kind"] == "submission"
    bad = [p for p in f["problems"] if p.get("cell") == cell]
    assert bad and bad[0]["line"] is None and bad[0]["col"] is None, f
    gh = invoke(runner, "data", "-f", "github").stdout
    assert f"::{cell}: " in gh or f"::error file=data/filled.xlsx::{cell}: " in gh, gh
    sarif = json.loads(invoke(runner, "data", "-f", "sarif").stdout)
    located = [r["locations"][0] for r in sarif["runs"][0]["results"]
               if r["locations"][0].get("logicalLocations")]
    assert located and located[0]["logicalLocations"][0]["fullyQualifiedName"] == cell
    assert "region" not in located[0]["physicalLocation"]


def test_score_reads_workbooks_with_cell_problems(bad_workbook):
    from helpers import invoke as run_cli
    filled, cell = bad_workbook
    run = run_cli("score", "data", "-f", "json", cwd=filled.parent.parent)
    assert run.code == 1, run
    [result] = json.loads(run.out)
    assert result["subject"] == "Da Nang" and result["source"] == str(Path("data") / "filled.xlsx")
    assert any(p.get("cell") == cell and p["line"] is None for p in result["problems"]), result["problems"]
    assert f"filled.xlsx:{cell}: error: " in run.err


def test_skip_other_skips_workbooks_that_are_no_template(runner, bad_workbook):
    doc = json.loads(invoke(runner, "data/notes.xlsx", "data/filled.xlsx", "--skip-other", "-f", "json").stdout)
    assert [Path(f["path"]).name for f in doc["files"]] == ["filled.xlsx"]
    # named without --skip-other, a workbook that is no template is reported, not skipped
    result = invoke(runner, "data/notes.xlsx")
    assert result.exit_code == 1 and "notes.xlsx" in result.stderr
