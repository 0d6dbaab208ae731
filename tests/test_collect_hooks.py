"""score/validate on workbooks through the hooks their file loops call (collect.hooks): outcomes
and reports of the shapes they use, with problems at cells, in every output format."""
from __future__ import annotations

import json

import pytest

from ledcheck import validate as v
from ledcheck.batch import Options
from ledcheck.collect.hooks import score_outcome, validate_report
from ledcheck.collect.workbook import ANSWERS, C_ID, C_VALUE, SUBJECT, write_template
from ledcheck.library import Resolver
from test_collect_roundtrip import mini


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from openpyxl import load_workbook
    folder = tmp_path_factory.mktemp("hooks")
    path = folder / "hue.xlsx"
    write_template(mini(), path)
    wb = load_workbook(path)
    ws = wb[ANSWERS]
    rows = {ws.cell(r, C_ID).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, C_ID).value}
    wb[SUBJECT]["C2"] = "Mini Town"
    ws.cell(rows["A1"], C_VALUE).value = 3          # evidence required: a warning
    ws.cell(rows["A2"], C_VALUE).value = "maybe"     # an error
    wb.save(path)
    return path, rows


def test_score_outcome(filled):
    path, rows = filled
    out = score_outcome(str(path), Resolver(mini()), Options())
    assert out.failure is None and out.errors == 1 and out.warnings == 1
    assert out.result["subject"] == "Mini Town" and out.result["source"] == str(path)
    cells = {p["cell"] for p in out.result["problems"]}
    assert cells == {f"Answers!G{rows['A1']}", f"Answers!G{rows['A2']}"}
    assert all(p["line"] is None for p in out.result["problems"])
    assert out.lines[0].startswith(f"{path}:Answers!G{rows['A1']}: warning:")
    jsonl = score_outcome(str(path), Resolver(mini()), Options(encode="jsonl", keep_result=False))
    assert jsonl.result is None and json.loads(jsonl.payload)["subject"] == "Mini Town"


def test_score_outcome_of_a_foreign_workbook(tmp_path):
    from openpyxl import Workbook
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    out = score_outcome(str(other), Resolver(mini()), Options())
    assert out.failure is not None and "not a ledcheck workbook" in out.failure.message


def test_validate_report_in_every_format(filled):
    path, rows = filled
    report = validate_report(str(path), Resolver(mini()))
    assert report.kind == "submission" and report.errors == 1 and report.warnings == 1
    assert not v.passed([report])
    text = v.format_text([report])
    assert f"{path}:Answers!G{rows['A2']}: error: " in "\n".join(text)
    data = json.loads(v.format_json([report]))
    assert {p.get("cell") for p in data["files"][0]["problems"]} == {f"Answers!G{rows['A1']}",
                                                                    f"Answers!G{rows['A2']}"}
    assert v.format_github([report])
    json.loads(v.format_sarif([report]))
