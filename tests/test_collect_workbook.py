"""``template -f xlsx`` workbooks: what the officer sees (sheets, drop-downs, locked cells, no
formulas), the marker, and reading a filled one back with cell positions."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from ledcheck.collect import workbook
from ledcheck.collect.workbook import (
    ANSWERS,
    C_EVIDENCE,
    C_ID,
    C_NOTE,
    C_TEXT,
    C_VALUE,
    META_SHEET,
    SUBJECT,
    is_template_workbook,
    read_workbook,
    write_template,
)

from helpers import mini


@pytest.fixture(scope="module")
def cl():
    """The collection tests' own checklist (tests/data/collect/mini.yaml)."""
    return mini()


@pytest.fixture(scope="module")
def blank(cl, tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "blank.xlsx"
    write_template(cl, path)
    return path


def _rows(ws):
    return {ws.cell(r, C_ID).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, C_ID).value}


def test_sheets_marker_and_one_row_per_indicator(blank, cl):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    assert wb.sheetnames[:3] == ["Instructions", SUBJECT, ANSWERS]
    assert wb[META_SHEET].sheet_state == "hidden" and wb[META_SHEET]["A1"].value == workbook.MARKER
    rows = _rows(wb[ANSWERS])
    assert list(rows) == list(cl.indicators)
    subject_keys = [wb[SUBJECT].cell(r, 1).value for r in range(2, wb[SUBJECT].max_row + 1)]
    assert subject_keys[:6] == ["subject", "subject_id", "period", "reference_period", "assessor", "date"]


def test_marker_is_recognised_and_other_workbooks_are_not(blank, tmp_path):
    from openpyxl import Workbook
    assert is_template_workbook(blank)
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    assert not is_template_workbook(other)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip at all")
    assert not is_template_workbook(junk)
    assert not is_template_workbook(tmp_path / "missing.xlsx")


def test_no_formulas_locked_cells_and_protection(blank):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    for ws in wb.worksheets:
        assert ws.protection.sheet
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
    ws = wb[ANSWERS]
    r = _rows(ws)["A1"]
    for c in (C_VALUE, C_EVIDENCE, C_NOTE):
        assert ws.cell(r, c).protection.locked is False
    for c in (C_ID, C_TEXT):
        assert ws.cell(r, c).protection.locked is True
    assert wb[SUBJECT].cell(2, 3).protection.locked is False


def test_dropdowns_in_the_language(cl, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "vi.xlsx"
    write_template(cl, path, lang="vi")
    wb = load_workbook(path)
    ws = wb[ANSWERS]
    r = _rows(ws)["A1"]
    ref = f"G{r}"
    dvs = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == ref]
    assert len(dvs) == 1 and dvs[0].type == "list"
    sheet, cells = dvs[0].formula1.split("!")
    col = cells.split(":")[0].strip("$").rstrip("0123456789").strip("$")
    entries = [c.value for c in wb[sheet][col] if c.value]
    assert entries == workbook.dropdown(cl.indicators["A1"], "vi")
    assert entries[0] == "0 \u2014 Chưa có" and entries[-1].startswith("no_data")
    # a `when` is shown as "answer only if"
    assert "Chỉ trả lời nếu A1 \u2265 1 (Đã có kế hoạch)." in ws.cell(_rows(ws)["A3"], C_TEXT).value


def test_readable_when(cl):
    from ledcheck.collect.workbook import readable_when
    b3, b4 = (cl.indicators[i].when for i in ("B3", "B4"))
    assert readable_when(b3, cl, "en") == ("A1 \u2265 1 (Planned) and (A2 \u2260 no or A3 = consulted "
                                          "(With consultation))")
    assert readable_when(b3, cl, "vi") == ("A1 \u2265 1 (Đã có kế hoạch) và (A2 \u2260 không hoặc A3 = consulted "
                                          "(Có tham vấn))")
    assert readable_when(b4, cl, "en") == "A2 = yes or A2 = partial"


def test_breakdown_cells_are_open_only_where_the_indicator_breaks_down(cl, blank):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    ws = wb[ANSWERS]
    rows = _rows(ws)
    by = next(i for i in cl.indicators.values() if i.disaggregate)
    plain = next(i for i in cl.indicators.values() if i.type == "number" and not i.disaggregate)
    col = workbook.C_BY
    assert ws.cell(rows[by.id], col).protection.locked is False
    assert ws.cell(rows[plain.id], col).protection.locked is True
    sums = [dv for dv in ws.data_validations.dataValidation
            if str(dv.sqref) == ws.cell(rows[by.id], col).coordinate]
    assert sums and "SUM(" in sums[0].formula1 and "<=$G" in sums[0].formula1


def test_reader_positions(cl, blank, tmp_path):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    ws = wb[ANSWERS]
    rows = _rows(ws)
    wb[SUBJECT]["C2"] = "Mini Town"
    wb[SUBJECT]["C7"] = "2026-03-01"
    ws.cell(rows["A1"], C_VALUE).value = "2 \u2014 Started"
    ws.cell(rows["A1"], C_EVIDENCE).value = "Decision 12"
    ws.cell(rows["A2"], C_VALUE).value = "partial"
    ws.cell(rows["A3"], C_VALUE).value = "banana"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sub = read_workbook(path, cl)
    assert sub.data["subject"] == "Mini Town" and sub.data["date"] == "2026-03-01"
    assert sub.data["answers"]["A1"] == {"value": 2, "evidence": "Decision 12"}
    assert sub.data["answers"]["A2"] == "partial"
    assert "A3" not in sub.data["answers"]
    (p,) = sub.problems
    assert p.cell == f"Answers!G{rows['A3']}" and "banana" in p.message
    assert p.format() == f"{path}:Answers!G{rows['A3']}: error: {p.message}"
    assert p.to_dict()["line"] is None and p.to_dict()["cell"] == f"Answers!G{rows['A3']}"
    assert sub.cell_of("answers.A1.evidence") == f"Answers!H{rows['A1']}"
    assert sub.cell_of("answers.A2") == f"Answers!G{rows['A2']}"


def test_score_workbook_places_scorer_problems_at_cells(cl, blank, tmp_path):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    ws = wb[ANSWERS]
    rows = _rows(ws)
    wb[SUBJECT]["C2"] = "Mini Town"
    ws.cell(rows["A1"], C_VALUE).value = 3       # evidence required: a warning at the answer
    path = tmp_path / "f.xlsx"
    wb.save(path)
    result, problems = workbook.score_workbook(path, checklist=cl)
    assert result.score is not None
    ev = [p for p in problems if p.path == "answers.A1"]
    assert ev and ev[0].cell == f"Answers!G{rows['A1']}" and ev[0].severity == "warning"


def test_a_comma_decimal_language_reads_1_5(checklist_from, tmp_path):
    c = checklist_from("""
ledcheck: 1
id: t
title: {en: T, vi: Tv}
languages: [en, vi]
sections:
  - id: s
    title: S
    indicators:
      - {id: N, text: n, type: number, target: 10}
""")
    from openpyxl import load_workbook
    path = tmp_path / "t.xlsx"
    write_template(c, path, lang="vi")
    wb = load_workbook(path)
    wb[SUBJECT]["C2"] = "X"
    wb[ANSWERS]["G3"] = "1,5"
    wb.save(path)
    assert read_workbook(path, c).data["answers"] == {"N": 1.5}
    # another --lang changes how numbers read, not where the columns are
    sub = read_workbook(path, c, lang="en")
    assert sub.data["answers"] == {} and "dot as the decimal point" in sub.problems[0].message


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed here; install libreoffice-calc-nogui to run "
                           "the headless round trip")
def test_libreoffice_opens_the_workbook(blank, tmp_path):
    out = tmp_path / "lo"
    out.mkdir()
    r = subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(out), str(blank)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    # LibreOffice's own launcher warns where no Java is installed; that says nothing of the file
    said = [x for x in (r.stderr or "").lower().splitlines() if "javaldx" not in x]
    assert not [x for x in said if "warning" in x]
    assert list(out.glob("*.csv"))


def test_workbook_zip_is_a_plain_xlsx(blank):
    with zipfile.ZipFile(blank) as zf:
        names = zf.namelist()
    assert "xl/workbook.xml" in names and not [n for n in names if n.endswith(".bin")]
    assert Path(blank).stat().st_size < 2_000_000


def test_text_cells_are_formatted_as_text(blank):
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    subj = wb[SUBJECT]
    formats = {subj.cell(r, 1).value: subj.cell(r, 3).number_format for r in range(2, subj.max_row + 1)}
    assert formats["reference_period"] == "@" and formats["period"] == "@" and formats["date"] != "@"
    ws = wb[ANSWERS]
    r = _rows(ws)["A1"]
    assert ws.cell(r, C_EVIDENCE).number_format == "@" and ws.cell(r, C_VALUE).number_format != "@"


def test_header_values_are_filled_in_and_read_back(cl, tmp_path):
    """``write_template(header=...)`` (``template -f xlsx --subject``) fills Subject cells; a
    date goes in as a date, "" or None leaves a cell blank, an unknown key is ignored."""
    path = tmp_path / "filled.xlsx"
    write_template(cl, path, header={"subject": "Đà Nẵng", "period": "2026-Q1", "date": "2026-03-01",
                                     "assessor": "", "subject_id": None, "nonsense": "x"})
    data = read_workbook(path, cl).data
    assert (data["subject"], data["period"], data["date"]) == ("Đà Nẵng", "2026-Q1", "2026-03-01")
    assert "assessor" not in data and "subject_id" not in data and "nonsense" not in data


def test_vietnamese_no_data_word_is_the_one_assess_and_reports_use():
    """One Vietnamese word for 'no data' everywhere (ledcheck.i18n's); the word earlier
    workbooks showed is still read."""
    from ledcheck.collect.common import NO_DATA, word_key, words
    from ledcheck.i18n import tr
    assert words("vi")[NO_DATA] == tr("no data", "vi") == "không có dữ liệu"
    assert word_key("không có dữ liệu") == word_key("Không có số liệu") == NO_DATA
