"""Round trips (issue 14): a submission -> a workbook filled by openpyxl / a CSV written as ODK
Central or KoboToolbox exports the form -> import -> score gives the same result.

The helpers here write what those tools write, from the form ledcheck exports; other
``test_collect_*`` files import them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ledcheck.collect import importer, odk, workbook, xlsform
from ledcheck.scoring import score

from helpers import (
    EXAMPLES,
    MINI_FULL,
    comparable,
    default_checklist,
    example,
    fill_workbook,
    kobo_csv,
    kobo_xlsx,
    mini,
    mini_sub,
    odk_central_csv,
)

# --------------------------------------------------------------------------- the round trips

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))[::5]
"""Some of the bundled checklist's example submissions (whatever its version holds)."""


def _imported(out: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.yaml"))]


def _original(name: str) -> dict:
    return example(name)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_workbook_round_trip_scores_the_same(tmp_path, name):
    c = default_checklist()
    data = _original(name)
    blank, filled, out = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx", tmp_path / "out"
    out.mkdir()
    workbook.write_template(c, blank, profile=data.get("profile"))  # a profile's workbook
    fill_workbook(blank, filled, data, c)
    rep = importer.import_files([str(filled)], out, c)
    assert not rep.failures and not [p for p in rep.problems if p.is_error], rep.problems
    (got,) = _imported(out)
    assert comparable(score(c, got)) == comparable(score(c, data))
    # and read directly, as score/validate do
    direct = workbook.read_workbook(filled, c)
    assert comparable(score(c, direct.data)) == comparable(score(c, data))


def test_workbook_in_vietnamese_round_trip(tmp_path):
    c = default_checklist()
    data = _original(EXAMPLE_FILES[-1])
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    workbook.write_template(c, blank, lang="vi")
    fill_workbook(blank, filled, data, c, lang="vi")
    sub = workbook.read_workbook(filled, c)
    assert not sub.problems
    assert comparable(score(c, sub.data)) == comparable(score(c, data))


@pytest.mark.parametrize("sep", ["-", "/"])
def test_odk_central_csv_round_trip(tmp_path, sep):
    c = default_checklist()
    subs = [_original(n) for n in EXAMPLE_FILES]
    src = tmp_path / "sme-me-aec.csv"
    src.write_text(odk_central_csv(c, subs, sep), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(src)], out, c)
    assert not rep.failures and not [p for p in rep.problems if p.is_error], rep.problems
    assert len(rep.written) == len(subs)
    by_subject = {d["subject"]: d for d in _imported(out)}
    for data in subs:
        got = by_subject[data["subject"]]
        assert comparable(score(c, got)) == comparable(score(c, data))


@pytest.mark.parametrize("sep", ["/", "."])
def test_kobo_csv_round_trip(tmp_path, sep):
    c = default_checklist()
    subs = [_original(n) for n in EXAMPLE_FILES]
    src = tmp_path / "kobo.csv"
    src.write_bytes(kobo_csv(c, subs, sep))
    exp = odk.read_export(src, c)
    assert not [p for p in exp.problems if p.is_error]
    assert len(exp.rows) == len(subs)
    for row, data in zip(exp.rows, subs, strict=True):
        assert not row.problems, row.problems
        assert comparable(score(c, row.data)) == comparable(score(c, data))


def test_kobo_xlsx_round_trip(tmp_path):
    c = default_checklist()
    subs = [_original(n) for n in EXAMPLE_FILES]
    src = tmp_path / "kobo.xlsx"
    kobo_xlsx(src, c, subs)
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(src)], out, c)
    assert not rep.failures and not [p for p in rep.problems if p.is_error], rep.problems
    by_subject = {d["subject"]: d for d in _imported(out)}
    for data in subs:
        assert comparable(score(c, by_subject[data["subject"]])) == comparable(score(c, data))


# --------------------------------------------------------------------------- subject fields (1.1)

class _WithFields:
    """The default checklist with ``subject_fields`` (FORMAT.md §6.4), as the 1.1 model will have
    them, for the collection code that reads them with getattr."""

    def __init__(self, checklist, fields):
        self._c, self.subject_fields = checklist, fields

    def __getattr__(self, name):
        return getattr(self._c, name)


FIELDS = [
    {"id": "country", "label": {"en": "Country", "vi": "Quốc gia"}, "type": "choice",
     "options": ["VN", {"id": "TH", "label": {"en": "Thailand", "vi": "Thái Lan"}}], "required": True},
    {"id": "population", "label": "Population", "type": "number", "min": 0},
    {"id": "province", "label": "Province", "type": "text"},
]


def test_subject_fields_in_workbook_form_and_import(tmp_path):
    from openpyxl import load_workbook
    c = _WithFields(default_checklist(), FIELDS)
    path = tmp_path / "wb.xlsx"
    workbook.write_template(c, path)
    wb = load_workbook(path)
    ws = wb[workbook.SUBJECT]
    keys = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert {"meta__country", "meta__population", "meta__province"} <= set(keys)
    ws.cell(keys["subject"], 3).value = "Hue"
    ws.cell(keys["meta__country"], 3).value = "TH \u2014 Thailand"
    ws.cell(keys["meta__population"], 3).value = "1 200 000"
    ws.cell(keys["meta__province"], 3).value = "Thua Thien Hue"
    wb.save(path)
    sub = workbook.read_workbook(path, c)
    assert sub.data["meta"] == {"country": "TH", "province": "Thua Thien Hue"}
    (p,) = sub.problems
    assert p.cell == f"Subject!C{keys['meta__population']}" and "thousands" in p.message

    rows = {r["name"]: r for r in xlsform.build_xlsform(c)["survey"] if r.get("name")}
    assert rows["meta__country"]["type"] == "select_one meta__country" and rows["meta__country"]["required"] == "yes"
    assert rows["meta__population"]["constraint"] == ". >= 0"
    src = tmp_path / "e.csv"
    src.write_text("subject,meta__country,meta__population,meta__province\nHue,VN,1200000,X\n", encoding="utf-8")
    (row,) = odk.read_export(src, c).rows
    assert row.data["meta"] == {"country": "VN", "population": 1200000, "province": "X"}
    from pyxform.xls2xform import convert
    form = tmp_path / "form.xlsx"
    xlsform.write_xlsform(c, form)
    assert "meta__country" in convert(xlsform=str(form)).xform


def test_odk_central_zip_download(tmp_path):
    """ODK Central's "Download all records" is a ZIP: the form's CSV, repeat CSVs, media."""
    import zipfile
    c = default_checklist()
    subs = [_original(n) for n in EXAMPLE_FILES[:2]]
    src = tmp_path / "sme-me-aec.zip"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sme-me-aec.csv", odk_central_csv(c, subs))
        zf.writestr("sme-me-aec-repeat_group.csv", "PARENT_KEY,KEY\n")
        zf.writestr("media/photo.jpg", b"\xff\xd8")
    exp = odk.read_export(src, c)
    assert [r.data["subject"] for r in exp.rows] == [d["subject"] for d in subs]
    for row, data in zip(exp.rows, subs, strict=True):
        assert comparable(score(c, row.data)) == comparable(score(c, data))


SPECIAL = mini_sub(
    A1="no_data",                                          # levels: no data
    A4=[],                                                 # multi: none chosen
    B4="na",                                               # yes/no where N/A is allowed
    B1="na",                                               # number: N/A
    B5="no_data",                                          # number: no data
    A3={"value": "consulted", "evidence": "Minutes, line 1\nline 2"},
    B2={"value": 40, "note": "partial count", "target": 900, "by": {"sex": {"female": 10, "male": 30},
                                                                   "size": {"micro": 40}}},
)


def _same_answers(got: dict, want: dict) -> None:
    assert got["answers"] == want["answers"]
    for key in ("subject", "period", "date"):
        assert str(got[key]) == str(want[key])


def test_special_answers_survive_every_path(tmp_path):
    """no_data, na, the empty multi, overrides, two breakdowns and multi-line evidence come back
    exactly, through the workbook, the ODK CSV and the Kobo XLSX."""
    c = mini()
    blank, filled = tmp_path / "b.xlsx", tmp_path / "f.xlsx"
    workbook.write_template(c, blank)
    fill_workbook(blank, filled, SPECIAL, c)
    sub = workbook.read_workbook(filled, c)
    assert not sub.problems
    _same_answers(sub.data, SPECIAL)
    src = tmp_path / "odk.csv"
    src.write_text(odk_central_csv(c, [SPECIAL]), encoding="utf-8")
    (row,) = odk.read_export(src, c).rows
    assert not row.problems
    _same_answers(row.data, SPECIAL)
    kx = tmp_path / "kobo.xlsx"
    kobo_xlsx(kx, c, [SPECIAL])
    (row,) = odk.read_export(kx, c).rows
    assert not row.problems
    _same_answers(row.data, SPECIAL)
    # and the YAML written keeps them
    out = tmp_path / "out"
    out.mkdir()
    rep = importer.import_files([str(src)], out, c)
    _same_answers(yaml.safe_load(rep.written[0].path.read_text(encoding="utf-8")), SPECIAL)



@pytest.mark.parametrize("path", ["workbook", "odk-central", "kobo-csv", "kobo-xlsx"])
def test_mini_round_trip_every_path(tmp_path, path):
    """Every answer form of the mini checklist, through each path, scores the same."""
    c = mini()
    subs = [MINI_FULL, mini_sub(A1={"value": 0, "evidence": "none found"}, A3=None, B3=None, B4=None, A2=False,
                                A4=[], B1="na", C1=None)]
    out = tmp_path / "out"
    out.mkdir()
    if path == "workbook":
        blank = tmp_path / "b.xlsx"
        workbook.write_template(c, blank)
        srcs = []
        for i, data in enumerate(subs):
            srcs.append(tmp_path / f"f{i}.xlsx")
            fill_workbook(blank, srcs[-1], data, c)
    elif path == "odk-central":
        srcs = [tmp_path / "odk.csv"]
        srcs[0].write_text(odk_central_csv(c, subs), encoding="utf-8")
    elif path == "kobo-csv":
        srcs = [tmp_path / "kobo.csv"]
        srcs[0].write_bytes(kobo_csv(c, subs))
    else:
        srcs = [tmp_path / "kobo.xlsx"]
        kobo_xlsx(srcs[0], c, subs)
    rep = importer.import_files([str(s) for s in srcs], out, c)
    assert not rep.failures and not rep.problems, rep.problems
    got = [yaml.safe_load(w.path.read_text(encoding="utf-8")) for w in rep.written]
    assert len(got) == len(subs)
    for g, data in zip(got, subs, strict=True):
        assert g["answers"] == data["answers"]
        want = score(c, data)
        assert not [p for p in want.problems if p.is_error]
        assert comparable(score(c, g)) == comparable(want)
