"""Road maps through the command line (FORMAT.md §6.9, §6.11): ``validate`` checks them with their
own checker, ``schema roadmap`` prints their JSON Schema, ``template --roadmap SUBMISSION`` writes
a blank one that ``validate`` accepts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from ledcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "monitor"
EXAMPLE = ROOT / "checklists" / "examples" / "hue-2025.yaml"

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_validate_reports_a_broken_roadmap_as_a_roadmap():
    r = invoke("validate", DATA / "roadmap-broken.yaml", "-f", "json")
    assert r.exit_code == 1, r.output
    (f,) = json.loads(r.stdout)["files"]
    assert f["kind"] == "roadmap"
    got = [(p["line"], p["rule"]) for p in f["problems"]]
    assert (9, "unknown-key") in got and (7, "range") in got
    # the submission checker's findings (no answers, no subject) are not there
    assert not any("answers" in p["message"] for p in f["problems"])


def test_validate_warns_when_the_roadmap_checklist_is_unknown(tmp_path):
    path = tmp_path / "rm.yaml"
    shutil.copy(DATA / "roadmap-hue.yaml", path)
    r = invoke("validate", path, "-f", "json")
    (f,) = json.loads(r.stdout)["files"]
    assert f["kind"] == "roadmap"
    assert [(p["severity"], p["rule"], p["line"]) for p in f["problems"]] == [("warning", "checklist-ref", 3)]
    assert r.exit_code == 0 and invoke("validate", path, "--strict").exit_code == 1


def test_schema_roadmap_is_json():
    r = invoke("schema", "roadmap")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["title"] == "ledcheck road map" and "milestones" in doc["properties"]


def test_template_roadmap_writes_a_valid_blank_roadmap(tmp_path):
    out = tmp_path / "rm.yaml"
    r = invoke("template", "--roadmap", EXAMPLE, "-o", out)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "roadmap:" in text and "checklist: \"sme-me-aec\"" in text and "Hue" in text
    v = invoke("validate", out, "-f", "json")
    assert v.exit_code == 0, v.stdout
    assert json.loads(v.stdout)["files"][0]["kind"] == "roadmap"
    # stdout without -o; an existing file is not replaced without --force
    assert "roadmap:" in invoke("template", "--roadmap", EXAMPLE).stdout
    assert invoke("template", "--roadmap", EXAMPLE, "-o", out).exit_code == 2


def test_template_roadmap_of_a_missing_submission_exits_2(tmp_path):
    r = invoke("template", "--roadmap", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "nope.yaml" in r.stderr


def test_template_profile(tmp_path):
    cl = ROOT / "checklists" / "sme-me-aec.yaml"
    from ledcheck import library
    checklist = library.load(str(cl))
    profiles = getattr(checklist, "profiles", None) or ()
    r = invoke("template", cl, "--profile", "nope")
    assert r.exit_code == 2 and "unknown profile 'nope'" in r.stderr
    assert invoke("template", cl, "--profile", "all").exit_code == 0
    if profiles:
        pid = next(iter(profiles)) if isinstance(profiles, dict) else profiles[0].id
        r = invoke("template", cl, "--profile", pid)
        assert r.exit_code == 0 and f"profile: {pid}" in r.stdout
        out = tmp_path / "t.xlsx"
        assert invoke("template", cl, "--profile", pid, "-f", "xlsx", "-o", out).exit_code == 0
        assert out.stat().st_size > 0
