"""Hostile workbooks and exports: formulas, huge sheets, wrong types, merged cells, extra sheets,
a zip bomb posing as XLSX, CSVs with BOM and ';'. Each gets a located error (or is read as
meant), never a traceback, and sizes are limited."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from ledcheck.collect import importer, odk, workbook
from ledcheck.collect.workbook import ANSWERS, C_EVIDENCE, C_ID, C_VALUE, SUBJECT, read_workbook, write_template
from ledcheck.errors import LoadError

from helpers import MINI_FULL, MINI_PATH, invoke, kobo_csv, mini, odk_central_csv


@pytest.fixture(scope="module")
def cl():
    """The collection tests' own checklist (tests/data/collect/mini.yaml)."""
    return mini()


@pytest.fixture(scope="module")
def blank(cl, tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "blank.xlsx"
    write_template(cl, path)
    return path


def _open(blank):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    ws = wb[ANSWERS]
    rows = {ws.cell(r, C_ID).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, C_ID).value}
    wb[SUBJECT]["C2"] = "Hostile City"
    return wb, ws, rows


def _set_cached(path, sheet_xml: str, ref: str, value: str) -> None:
    """Give a formula cell a saved value, as Excel would (openpyxl cannot compute one)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == sheet_xml:
                text = data.decode("utf-8")
                text, n = re.subn(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", text)
                assert n == 1
                data = text.encode("utf-8")
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())


def _sheet_xml(path, title: str) -> str:
    from openpyxl import load_workbook
    idx = load_workbook(path).sheetnames.index(title)
    return f"xl/worksheets/sheet{idx + 1}.xml"


def test_formula_without_saved_value_is_a_located_error_with_value_read(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    ws.cell(rows["A1"], C_VALUE).value = "=1+2"
    ws.cell(rows["B5"], C_VALUE).value = "=2+1"
    ws.cell(rows["A2"], C_VALUE).value = "yes"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    _set_cached(path, _sheet_xml(path, ANSWERS), f"G{rows['B5']}", "3")
    sub = read_workbook(path, cl)
    assert [p.cell for p in sub.problems] == [f"Answers!G{rows['A1']}"]
    assert "type the value, not a formula" in sub.problems[0].message
    assert sub.data["answers"] == {"A2": True, "B5": 3}      # the saved value of a formula is read


def test_wrong_types_are_located(cl, blank, tmp_path):
    import datetime as dt
    wb, ws, rows = _open(blank)
    num = next(i for i in cl.indicators.values() if i.type == "number" and not i.disaggregate)
    ws.cell(rows["A1"], C_VALUE).value = 7                    # no such level
    ws.cell(rows["A2"], C_VALUE).value = dt.datetime(2026, 1, 1)  # a date for yes/no
    ws.cell(rows[num.id], C_VALUE).value = "lots"
    ws.cell(rows["A3"], C_VALUE).value = True                 # a boolean for a choice
    ws.cell(rows["A4"], C_VALUE).value = "finance, nonsense"  # an unknown option
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    cells = {p.cell for p in sub.problems}
    assert cells == {f"Answers!G{rows[i]}" for i in ("A1", "A2", num.id, "A3", "A4")}
    assert all(p.is_error for p in sub.problems)
    assert sub.data["answers"] == {}


def test_merged_cells_are_located(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    r = rows["A1"]
    ws.cell(r, C_VALUE).value = "3"
    ws.merge_cells(start_row=r, start_column=C_VALUE, end_row=r, end_column=C_EVIDENCE)
    ws.cell(rows["A2"], C_VALUE).value = "no"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    (p,) = sub.problems
    assert p.cell == f"Answers!G{r}" and "merged" in p.message and f"G{r}:H{r}" in p.message
    assert sub.data["answers"] == {"A2": False}


def test_extra_sheets_are_ignored(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    extra = wb.create_sheet("My notes")
    extra["A1"] = "=SUM(1,2)"
    extra["B2"] = "anything"
    ws.cell(rows["A1"], C_VALUE).value = 2
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    assert not sub.problems and sub.data["answers"] == {"A1": 2}


def test_huge_sheet_is_refused_with_a_position(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    ws.cell(5000, 1).value = "x"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl, max_rows=1000)
    assert [p.cell for p in sub.problems] == ["Answers!A1"]
    assert "over the limit" in sub.problems[0].message


def test_a_missing_sheet_is_reported(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    del wb[ANSWERS]
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    assert any("no 'Answers' sheet" in p.message for p in sub.problems)


def _bomb(path, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/workbook.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)


def test_zip_bomb_posing_as_xlsx(cl, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, 51 << 20)
    assert bomb.stat().st_size < 1 << 20
    assert not workbook.is_template_workbook(bomb)
    with pytest.raises(LoadError, match="over the limit of 52,428,800 bytes uncompressed"):
        read_workbook(bomb, cl)
    with pytest.raises(LoadError, match="limit"):
        odk.read_export(bomb, cl)
    r = invoke("import", bomb, "-c", MINI_PATH, "-o", tmp_path / "out")
    assert r.code == 1 and "Traceback" not in r.err + r.out
    assert "limit" in r.err


def test_ratio_bomb_below_the_total_limit(cl, tmp_path):
    bomb = tmp_path / "ratio.xlsx"
    _bomb(bomb, 20 << 20)
    with pytest.raises(LoadError, match="zip bomb"):
        read_workbook(bomb, cl)


def test_not_a_zip_and_not_ours(cl, tmp_path):
    from openpyxl import Workbook
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(LoadError, match="not an .xlsx workbook"):
        read_workbook(fake, cl)
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(LoadError, match="not a ledcheck workbook"):
        read_workbook(other, cl)


# --------------------------------------------------------------------------- CSV

def _example():
    return MINI_FULL


def test_csv_with_bom_and_semicolons_and_bad_cells(cl, tmp_path):
    data = _example()
    raw = kobo_csv(cl, [data, data]).decode("utf-8")
    lines = raw.split("\r\n")
    header = lines[0].lstrip("\ufeff").split(";")
    col = header.index("plan/A1")
    cells = lines[2].split(";")
    cells[col] = "seven"
    lines[2] = ";".join(cells)
    src = tmp_path / "kobo.csv"
    src.write_bytes("\r\n".join(lines).encode("utf-8"))
    exp = odk.read_export(src, cl)
    assert len(exp.rows) == 2
    assert not exp.rows[0].problems
    (p,) = exp.rows[1].problems
    assert (p.row, p.column) == (3, "plan/A1") and "seven" in p.message
    assert p.format() == f"{src}:3:plan/A1: error: {p.message}"
    assert p.to_dict()["row"] == 3 and p.to_dict()["line"] is None
    answers = exp.rows[1].data["answers"]
    assert answers["A1"]["value"] is None and answers["A1"]["evidence"]   # evidence kept, bad value not
    assert answers["A2"] == exp.rows[0].data["answers"]["A2"]


def test_csv_over_max_bytes(cl, tmp_path):
    src = tmp_path / "big.csv"
    src.write_text(odk_central_csv(cl, [_example()]), encoding="utf-8")
    with pytest.raises(LoadError, match="over the limit of 1,000 bytes"):
        odk.read_export(src, cl, max_bytes=1000)
    r = invoke("import", src, "-c", MINI_PATH, "-o", tmp_path / "out", "--max-bytes", "1000")
    assert r.code == 1 and "Traceback" not in r.err + r.out and "over the limit" in r.err


def test_csv_of_labels_not_names_is_refused_clearly(cl, tmp_path):
    src = tmp_path / "labels.csv"
    src.write_text("Subject: who or what is assessed;A1. A local SME strategy...\nHue;3\n", encoding="utf-8")
    with pytest.raises(LoadError, match="XML values and headers"):
        odk.read_export(src, cl)


def test_csv_formulas_and_junk_are_just_text_or_located_errors(cl, tmp_path):
    src = tmp_path / "evil.csv"
    src.write_text('subject,A1,A1__evidence,A2,_uuid\n'
                   '"=HYPERLINK(""http://x"")",=1+2,"=cmd|\' /C calc\'!A0",maybe,u1\n', encoding="utf-8")
    exp = odk.read_export(src, cl)
    (row,) = exp.rows
    assert row.data["subject"] == '=HYPERLINK("http://x")'
    assert {(p.column, p.is_error) for p in row.problems} == {("A1", True), ("A2", True)}
    assert row.data["answers"] == {"A1": {"value": None, "evidence": "=cmd|' /C calc'!A0"}}
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(src)], out, cl)
    (w,) = rep.written
    import yaml
    assert yaml.safe_load(w.path.read_text(encoding="utf-8"))["subject"] == '=HYPERLINK("http://x")'


def test_binary_and_non_utf8_csv(cl, tmp_path):
    src = tmp_path / "bin.csv"
    src.write_bytes(b"subject,A1\n\xff\xfe,3\n")
    with pytest.raises(LoadError, match="UTF-8"):
        odk.read_export(src, cl)


@pytest.mark.parametrize("prefix", ["plan/plan.design/A4/", "plan-plan.design-A4/", "plan-plan.design-A4-"])
def test_split_select_multiple_columns(cl, tmp_path, prefix):
    opts = [o.id for o in cl.indicators["A4"].options]
    src = tmp_path / "split.csv"
    head = ["subject"] + [f"{prefix}{o}" for o in opts]
    src.write_text(",".join(head) + "\n" + ",".join(["Hue"] + ["1" if i < 2 else "0" for i in range(len(opts))]) +
                   "\n", encoding="utf-8")
    (row,) = odk.read_export(src, cl).rows
    assert row.data["answers"]["A4"] == opts[:2]


def test_never_overwrites_and_force(cl, tmp_path):
    src = tmp_path / "odk.csv"
    src.write_text(odk_central_csv(cl, [_example()]), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "mini-town-2026-q1.yaml"
    existing.write_text("precious\n", encoding="utf-8")
    rep = importer.import_files([str(src)], out, cl)
    assert existing.read_text(encoding="utf-8") == "precious\n"
    assert rep.written[0].path.name == "mini-town-2026-q1-2.yaml"
    rep = importer.import_files([str(src), str(src)], out, cl)
    assert [w.path.name for w in rep.written] == ["mini-town-2026-q1-3.yaml", "mini-town-2026-q1-4.yaml"]
    rep = importer.import_files([str(src), str(src)], out, cl, force=True)
    assert [w.path.name for w in rep.written] == ["mini-town-2026-q1.yaml", "mini-town-2026-q1-2.yaml"]
    assert existing.read_text(encoding="utf-8") != "precious\n"
    assert not list(out.glob(".*"))     # no temporary files left behind


def test_one_bad_file_does_not_stop_the_batch(cl, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(odk_central_csv(cl, [_example()]), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(bad), str(tmp_path / "missing.csv"), str(good)], out, cl)
    assert len(rep.written) == 1 and len(rep.failures) == 2


def test_xml_entity_bomb_inside_a_workbook(cl, blank, tmp_path):
    """A billion-laughs DOCTYPE in a sheet is refused (openpyxl reads through defusedxml), located
    at the file, without a traceback or blow-up."""
    path = tmp_path / "laughs.xlsx"
    sheet = _sheet_xml(blank, ANSWERS)
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, lol if info.filename == sheet else src.read(info.filename))
    with pytest.raises(LoadError) as caught:
        read_workbook(path, cl)
    assert caught.value.file == str(path)


def test_values_outside_their_domain_are_left_out_at_their_cells(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    ws.cell(rows["B1"], C_VALUE).value = 150                      # max 100
    ws.cell(rows["B1"], C_EVIDENCE).value = "Survey"
    ws.cell(rows["A2"], C_VALUE).value = "na"                     # N/A not allowed
    ws.cell(rows["B2"], C_VALUE).value = 40
    ws.cell(rows["B2"], workbook.C_BY).value = 30                 # female
    ws.cell(rows["B2"], workbook.C_BY + 1).value = 20             # male: 50 > 40
    ws.cell(rows["B3"], C_VALUE).value = 10
    ws.cell(rows["B3"], workbook.C_BY).value = 4                  # 4 < 10: the rest is 'unknown'
    path = tmp_path / "f.xlsx"
    wb.save(path)
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(path)], out, cl)
    where = {p.cell: p.message for p in rep.problems}
    assert "at most 100" in where[f"Answers!G{rows['B1']}"]
    assert "does not allow na" in where[f"Answers!G{rows['A2']}"]
    assert "add up to 50, more than its value 40" in where[f"Answers!L{rows['B2']}"]
    import yaml
    answers = yaml.safe_load(rep.written[0].path.read_text(encoding="utf-8"))["answers"]
    assert answers["B1"] == {"value": None, "evidence": "Survey"}
    assert "A2" not in answers
    assert answers["B2"] == 40
    assert answers["B3"] == {"value": 10, "by": {"sex": {"female": 4}}}


def test_moved_columns_are_refused_not_misread(cl, blank, tmp_path):
    wb, ws, rows = _open(blank)
    ws.protection.sheet = False
    ws.insert_cols(C_VALUE)
    ws.cell(rows["A1"], C_VALUE + 1).value = 3
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    (p,) = sub.problems
    assert p.cell == "Answers!G1" and "columns were moved" in p.message
    assert sub.data["answers"] == {}


def test_utf16_tab_separated_csv_as_excel_saves_unicode_text(cl, tmp_path):
    src = tmp_path / "unicode.txt"
    src.write_bytes("subject\tplan-A1\nĐà Nẵng\t2\n".encode("utf-16"))
    (row,) = odk.read_export(src, cl).rows
    assert row.data["subject"] == "Đà Nẵng" and row.data["answers"] == {"A1": 2}
