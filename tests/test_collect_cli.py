"""The commands of issue 14: ``template -f xlsx``, ``export xlsform``, ``import``, ``translate``:
exit codes, outputs, messages."""
from __future__ import annotations

import polib
import yaml

from ledcheck.collect.po import places
from ledcheck.collect.workbook import is_template_workbook

from helpers import MINI_FULL, MINI_PATH, fill_workbook, invoke, mini, odk_central_csv


def test_template_xlsx(tmp_path):
    out = tmp_path / "t.xlsx"
    r = invoke("template", "-f", "xlsx", "-o", out, "--lang", "vi")
    assert r.code == 0, r
    assert is_template_workbook(out)
    assert invoke("template", "-f", "xlsx").code == 2
    assert invoke("template", "-f", "pdf", "-o", tmp_path / "x").code == 2


def test_export_xlsform(tmp_path):
    out = tmp_path / "form.xlsx"
    r = invoke("export", "xlsform", "-o", out)
    assert r.code == 0, r
    assert "form id sme-me-aec" in r.err
    from openpyxl import load_workbook
    assert load_workbook(out).sheetnames == ["survey", "choices", "settings"]
    assert invoke("export", "xlsform", "no-such-checklist", "-o", out).code == 2


def test_import_workbook_and_csv(tmp_path):
    c = mini()
    blank, filled = tmp_path / "b.xlsx", tmp_path / "filled.xlsx"
    assert invoke("template", MINI_PATH, "-f", "xlsx", "-o", blank).code == 0
    fill_workbook(blank, filled, MINI_FULL, c)
    csv = tmp_path / "export.csv"
    csv.write_text(odk_central_csv(c, [MINI_FULL]), encoding="utf-8")
    out = tmp_path / "subs"
    r = invoke("import", filled, csv, "-c", MINI_PATH, "-o", out)
    assert r.code == 0, r
    files = sorted(p.name for p in out.glob("*.yaml"))
    assert files == ["mini-town-2026-q1-2.yaml", "mini-town-2026-q1.yaml"]
    assert "2 submission(s) written, 0 error(s)" in r.err
    text = (out / "mini-town-2026-q1-2.yaml").read_text(encoding="utf-8")
    assert text.startswith("# imported from export.csv, row 2\n# instance uuid:0000-0\nledcheck: 1\n")
    assert text == (out / "mini-town-2026-q1.yaml").read_text(encoding="utf-8").replace(
        "# imported from filled.xlsx\n", "# imported from export.csv, row 2\n# instance uuid:0000-0\n")
    # the files written are valid submissions that score as the original
    r = invoke("score", out / "mini-town-2026-q1.yaml", "-c", MINI_PATH, "--format", "json")
    assert r.code == 0, r


def test_import_needs_a_checklist_for_exports_and_reports_missing_files(tmp_path):
    csv = tmp_path / "export.csv"
    csv.write_text("subject,A1\nHue,3\n", encoding="utf-8")
    r = invoke("import", csv, "-o", tmp_path / "out")
    assert r.code == 2 and "-c CHECKLIST" in r.err
    r = invoke("import", tmp_path / "missing.csv", "-c", MINI_PATH, "-o", tmp_path / "out")
    assert r.code == 2 and "no such file" in r.err


def test_import_bad_cell_exits_1_and_imports_the_rest(tmp_path):
    csv = tmp_path / "export.csv"
    csv.write_text("subject,plan-A1,plan-A2\nHue,nine,yes\n", encoding="utf-8")
    r = invoke("import", csv, "-c", MINI_PATH, "-o", tmp_path / "out")
    assert r.code == 1
    assert f"{csv}:2:plan-A1: error: " in r.err
    (f,) = (tmp_path / "out").glob("*.yaml")
    assert yaml.safe_load(f.read_text(encoding="utf-8"))["answers"] == {"A2": True}


def test_translate(tmp_path):
    r = invoke("translate", MINI_PATH, "--lang", "th")
    assert r.code == 0
    po = polib.pofile(r.out)
    assert po.metadata["Language"] == "th" and len(po) == len(list(places(mini())))
    out = tmp_path / "collect-mini.th.po"
    r = invoke("translate", MINI_PATH, "--lang", "th", "-o", out)
    assert r.code == 0 and out.is_file()
    po = polib.pofile(str(out))
    po[0].msgstr = "ชื่อ"
    po.save()
    r = invoke("translate", MINI_PATH, "--lang", "th", "-o", out, "--draft")
    assert r.code == 0 and "1 translated" in r.err
    po = polib.pofile(str(out))
    assert po[0].msgstr == "ชื่อ" and po.metadata["X-Review-Status"] == "draft"
    r = invoke("translate", MINI_PATH, "--lang", "th", "--check", out)
    assert r.code == 0 and ": note: untranslated entry 'A1.text'" in r.err
    assert "'title'" not in r.err
    r = invoke("translate", MINI_PATH, "--lang", "en")
    assert r.code == 2


def test_import_json_report(tmp_path):
    import json
    csv = tmp_path / "export.csv"
    csv.write_text("subject,plan/A1\nHue,nine\nHoi An,3\n", encoding="utf-8")
    r = invoke("import", csv, "-c", MINI_PATH, "-o", tmp_path / "out", "--format", "json")
    assert r.code == 1
    rep = json.loads(r.out)
    assert rep["status"] == "fail" and [w["row"] for w in rep["written"]] == [2, 3]
    (p,) = rep["problems"]
    assert (p["row"], p["column"], p["line"], p["file"]) == (2, "plan/A1", None, str(csv))
