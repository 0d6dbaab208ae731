"""Round trips (issue 14): a submission -> a workbook filled by openpyxl / a CSV written as ODK
Central or KoboToolbox exports the form -> import -> score gives the same result.

The helpers here write what those tools write, from the form ledcheck exports; other
``test_collect_*`` files import them.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path

import pytest
import yaml

from ledcheck.collect import importer, odk, workbook, xlsform
from ledcheck.collect.common import NA, NO_DATA, fmt_num
from ledcheck.library import load
from ledcheck.scoring import score

from helpers import EXAMPLES

ODK_META_TAIL = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                 "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
KOBO_META_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                  "_submitted_by", "__version__", "_tags", "_index"]


MINI_PATH = Path(__file__).parent / "data" / "collect" / "mini.yaml"
"""The collection tests' own checklist: every type, conditions, N/A, breakdowns (independent of
the bundled checklist, whose ids change between versions)."""

MINI_FULL = {
    "ledcheck": 1, "checklist": "collect-mini", "subject": "Mini Town", "assessor": "Lan", "date": "2026-03-01",
    "period": "2026-Q1",
    "answers": {
        "A1": {"value": 2, "evidence": "Resolution 12/2025"},
        "A2": "partial",
        "A3": "consulted",
        "A4": ["finance", "skills"],
        "B1": {"value": 45.5, "note": "from the portal"},
        "B2": {"value": 320, "target": 600, "by": {"sex": {"female": 120, "male": 200},
                                                  "size": {"micro": 200, "small": 100, "medium": 20}}},
        "B3": {"value": 40, "by": {"sex": {"female": 40, "male": 0}}},
        "B4": True,
        "B5": {"value": 7, "baseline": 25},
        "C1": "Start with the one-stop shop; train women-led SMEs first.",
    },
}
"""A valid, complete submission of the mini checklist (every answer form a YAML file can hold)."""


def mini():
    return load(MINI_PATH)


def mini_sub(**answers) -> dict:
    """MINI_FULL with some answers replaced (None removes one)."""
    data = {**MINI_FULL, "answers": dict(MINI_FULL["answers"])}
    for k, v in answers.items():
        if v is None:
            data["answers"].pop(k, None)
        else:
            data["answers"][k] = v
    return data


def default_checklist():
    return load("sme-me-aec")


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def comparable(result) -> dict:
    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    d = dict(d)
    d.pop("source", None)
    d.pop("problems", None)
    return d


# --------------------------------------------------------------------------- workbook filling

def answer_rows(path) -> dict[str, int]:
    from openpyxl import load_workbook
    ws = load_workbook(path)[workbook.ANSWERS]
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


def cell_text(ind, value, lang="en") -> object:
    """What an officer picks or types for a canonical value."""
    from ledcheck.collect.common import choices, entry, words
    if value == "na" or value == NO_DATA:
        return entry(value, words(lang)[value])
    if ind.type in ("levels", "yesno", "choice"):
        code = "yes" if value is True else "no" if value is False else fmt_num(value)
        for c, label in choices(ind, lang):
            if c == code:
                return entry(c, label)
        raise AssertionError(code)
    if ind.type == "multi":
        return ", ".join(value) if value else "[]"
    return value


def fill_workbook(blank: Path, out: Path, data: dict, checklist, lang="en") -> None:
    """Fill a template workbook with openpyxl as an officer would."""
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    subj = wb[workbook.SUBJECT]
    for r in range(2, subj.max_row + 1):
        key = subj.cell(r, workbook.S_KEY).value
        if isinstance(key, str) and key.startswith("meta__") and key[6:] in (data.get("meta") or {}):
            subj.cell(r, workbook.S_VALUE).value = data["meta"][key[6:]]
        elif key in data and data[key] is not None:
            v = data[key]
            subj.cell(r, workbook.S_VALUE).value = v if not isinstance(v, str) else v
    ws = wb[workbook.ANSWERS]
    meta = wb[workbook.META_SHEET]
    by_cols = {}
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "by":
            by_cols[(meta.cell(r, 3).value, meta.cell(r, 4).value)] = meta.cell(r, 2).value
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    for iid, raw in data["answers"].items():
        ind = checklist.indicators[iid]
        r = rows[iid]
        value, extras = (raw.get("value"), raw) if isinstance(raw, dict) else (raw, {})
        if value is not None:
            ws.cell(r, workbook.C_VALUE).value = cell_text(ind, value, lang)
        if extras.get("evidence"):
            ws.cell(r, workbook.C_EVIDENCE).value = extras["evidence"]
        if extras.get("note"):
            ws.cell(r, workbook.C_NOTE).value = extras["note"]
        for key, col in (("baseline", workbook.C_BASELINE), ("target", workbook.C_TARGET)):
            if extras.get(key) is not None:
                ws.cell(r, col).value = extras[key]
        for name, parts in (extras.get("by") or {}).items():
            for cat, v in parts.items():
                ws.cell(r, by_cols[(name, cat)]).value = v
    wb.save(out)


# --------------------------------------------------------------------------- ODK / Kobo exports

def question_paths(checklist, sep="/") -> list[tuple[str, str]]:
    """(column name, question name) in form order, with group paths as the tools write them."""
    form = xlsform.build_xlsform(checklist)
    groups: list[str] = []
    out = []
    for row in form["survey"]:
        t = row["type"]
        if t == "begin_group":
            groups.append(row["name"])
        elif t == "end_group":
            groups.pop()
        else:
            out.append((sep.join(groups + [row["name"]]), row["name"]))
    return out


def export_cells(checklist, data: dict) -> dict[str, str]:
    """Question name -> cell text, as a form filled on a phone exports it."""
    cells: dict[str, str] = {}
    for key in ("subject", "subject_id", "period", "reference_period", "assessor", "date", "profile"):
        if data.get(key) is not None:
            v = data[key]
            cells[key] = v.isoformat() if isinstance(v, _dt.date) else str(v)
    for fid, v in (data.get("meta") or {}).items():
        cells[f"meta__{fid}"] = fmt_num(v) if isinstance(v, (int, float)) else str(v)
    for iid, raw in data["answers"].items():
        ind = checklist.indicators[iid]
        value, extras = (raw.get("value"), raw) if isinstance(raw, dict) else (raw, {})
        if value is None:
            continue
        if ind.type == "number":
            if value in (NA, NO_DATA):
                cells[f"{iid}__status"] = value
            else:
                cells[f"{iid}__status"] = "value"
                cells[iid] = fmt_num(value)
                for key in ("baseline", "target"):
                    if extras.get(key) is not None:
                        cells[f"{iid}__{key}"] = fmt_num(extras[key])
                for name, parts in (extras.get("by") or {}).items():
                    for cat, v in parts.items():
                        cells[xlsform.part_name(checklist, ind, name, cat)] = fmt_num(v)
        elif ind.type == "multi":
            cells[iid] = value if isinstance(value, str) else (" ".join(value) or "__none")
        elif value is True or value is False:
            cells[iid] = "yes" if value else "no"
        else:
            cells[iid] = fmt_num(value) if not isinstance(value, str) else value
        if extras.get("evidence"):
            cells[f"{iid}__evidence"] = extras["evidence"]
        if extras.get("note"):
            cells[f"{iid}__note"] = extras["note"]
    return cells


def _with_profile(paths: list[tuple[str, str]], submissions: list[dict]) -> list[tuple[str, str]]:
    """A form exported with --profile has a ``profile`` column (a hidden calculate): added when a
    submission was collected under a profile."""
    if any(d.get("profile") for d in submissions):
        return [*paths, ("profile", "profile")]
    return paths


def odk_central_csv(checklist, submissions: list[dict], sep: str = "-") -> str:
    """As ODK Central writes it: group paths joined with '-' (central-backend lib/data/briefcase.js)."""
    paths = _with_profile(question_paths(checklist, sep), submissions)
    header = ["SubmissionDate"] + [p for p, _ in paths] + ODK_META_TAIL
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for i, data in enumerate(submissions):
        cells = export_cells(checklist, data)
        uuid = f"uuid:0000-{i}"
        w.writerow(["2026-03-12T08:15:00.000Z"] + [cells.get(n, "") for _, n in paths] +
                   [uuid, uuid, "5", "enumerator1", "0", "0", "", "approved", "collect:abc", "0", "2026.1"])
    return buf.getvalue()


def kobo_rows(checklist, submissions: list[dict], sep="/") -> tuple[list[str], list[list[str]]]:
    paths = _with_profile(question_paths(checklist, sep), submissions)
    header = ["start", "end"] + [p for p, _ in paths] + KOBO_META_TAIL
    rows = []
    for i, data in enumerate(submissions):
        cells = export_cells(checklist, data)
        rows.append(["2026-03-12T08:00:00.000+07:00", "2026-03-12T09:00:00.000+07:00"] +
                    [cells.get(n, "") for _, n in paths] +
                    [str(1000 + i), f"u-{i}", "2026-03-12T02:00:00", "", "", "submitted_via_web", "kobo_user",
                     "vXYZ", "", str(i + 1)])
    return header, rows


def kobo_csv(checklist, submissions: list[dict], sep="/") -> bytes:
    header, rows = kobo_rows(checklist, submissions, sep)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def kobo_xlsx(path: Path, checklist, submissions: list[dict]) -> None:
    from openpyxl import Workbook
    header, rows = kobo_rows(checklist, submissions)
    wb = Workbook()
    ws = wb.active
    ws.title = checklist.id[:31]
    ws.append(header)
    for r in rows:
        ws.append([_typed(v) for v in r])
    wb.save(path)


def _typed(v: str):
    """Kobo's XLSX holds numbers as numbers."""
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


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
