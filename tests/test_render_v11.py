"""Reports of 1.1 results (FORMAT §6): goals that explain number scores, data gaps, statuses
and answer words in the report's language, results levels, subjects, numeric breakdown
columns, and valid output whatever the data (XML-illegal characters, Excel's row limit,
bidirectional controls in the terminal).

The fixture (tests/data/render/result_v11.json) is one 1.1 result with every new key: B3 has
the subject's own target (5 days against the checklist's 10), F3 is a data gap (no_data), G1
implied, D1 outside the profile (not_selected), S2 a partial breakdown with ``unknown``.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from ledcheck.render import Goal, HeldResults, Labels, build_table, labels_for, render
from ledcheck.render._common import display_source

HERE = Path(__file__).parent
V11 = HERE / "data" / "render" / "result_v11.json"
GOLDEN = HERE / "golden"


def load_v11():
    data = json.loads(V11.read_text(encoding="utf-8"))
    labels = {}
    for cid, spec in data["labels"].items():
        spec = dict(spec)
        spec["goals"] = {k: Goal(**v) for k, v in spec.get("goals", {}).items()}
        spec["subject_fields"] = tuple(tuple(f) for f in spec.get("subject_fields", ()))
        labels[cid] = Labels(**spec)
    return data["results"], labels


@pytest.fixture
def v11():
    return load_v11()


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_dicts(ws) -> list[dict]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


class Text(HTMLParser):
    """The text of a document, and the text inside elements of a given class."""

    def __init__(self, cls: str | None = None):
        super().__init__(convert_charrefs=True)
        self.cls, self.depth, self.text, self.inside = cls, 0, [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or (self.cls and self.cls in classes):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self.depth:
            self.inside.append(data)


def html_text(data: bytes, cls: str | None = None) -> tuple[str, str]:
    parser = Text(cls)
    parser.feed(data.decode("utf-8"))
    return "".join(parser.text), "".join(parser.inside)


# --------------------------------------------------------------------------- labels


def test_labels_for_carries_goals_breakdowns_and_fields():
    from ledcheck.checklist import load_checklist

    # the 2026.1 default checklist of the 1.0 corpus: LR4's direction is inferred there (2026.2
    # states every direction) and its breakdowns are sex and size
    checklist = load_checklist(HERE / "v1_0" / "sme-me-aec-2026.1.yaml")
    lab = labels_for(checklist, "vi")
    assert lab.goals["ST6"].baseline == 40 and lab.goals["ST6"].target == 90
    assert lab.goals["ST6"].direction == "increase"
    assert lab.goals["LR4"].direction == "decrease"  # inferred: target 3 < baseline 15
    assert "ST1" not in lab.goals  # only number indicators
    assert lab.breakdowns == {"sex": ("female", "male", "unknown"),
                              "size": ("micro", "small", "medium", "unknown")}
    assert Labels("t", {}).goals == {}  # every new field has a default


# --------------------------------------------------------------------------- md and html


def test_markdown_explains_number_scores_and_lists_gaps(v11):
    results, labels = v11
    text = render("md", results, labels=labels).decode("utf-8")
    assert "baseline 20% → target 80% → actual 64% (higher is better)" in text
    # the subject's own target, against the checklist's
    assert "target 5 days (subject's own; checklist: 10 days)" in text
    assert "(lower is better)" in text
    assert "## Data gaps (1)" in text and "- **F3** SME loans as a share of all bank loans" in text
    assert "Results levels: process maturity 72.0 · outputs 55.0 · outcomes 40.0" in text
    for status in ("| no data |", "| implied |", "| not selected |"):
        assert status in text
    assert "1 no data · 1 implied · 1 not selected" in text
    assert "- **Subject ID:** VN-48" in text and "- **Reference period:** 2025" in text
    assert "- **Profile:** core" in text
    assert "- **Country:** VN" in text and "- **Population:** 1220000" in text
    assert "- **registered\\_smes:** 25000" in text  # a meta key the checklist does not declare
    assert "/home/ana" not in text and "- **Source:** da-nang-2026.yaml" in text


def test_a_10_result_explains_itself_from_the_checklist():
    """1.0 results carry no baseline or target: the labels give the checklist's, so
    "74% scores 68.0" reads with its 40% → 90% (the golden Da Nang 2026 result)."""
    from ledcheck.checklist import load_checklist

    # the 1.0 corpus (tests/v1_0/): 1.0 results of the 2026.1 examples and their checklist
    results = json.loads((HERE / "v1_0" / "examples.json").read_text(encoding="utf-8"))
    da_nang = next(r for r in results if r["subject"] == "Da Nang City" and r["period"] == "2026-followup")
    checklist = load_checklist(HERE / "v1_0" / "sme-me-aec-2026.1.yaml")
    text = render("md", [da_nang], labels={checklist.id: labels_for(checklist, None)}).decode("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| ST6 |"))
    assert "74%<br>baseline 40% → target 90% → actual 74% (higher is better) | 68.0 |" in row
    # CM3's target 1200 is Da Nang's own (the checklist says 500)
    row = next(line for line in text.splitlines() if line.startswith("| CM3 |"))
    assert "target 1200 SMEs (subject's own; checklist: 500 SMEs)" in row


def test_reports_in_vietnamese(v11):
    results, labels = v11
    vi = {cid: Labels(**{**lab.__dict__, "lang": "vi"}) for cid, lab in labels.items()}
    md = render("md", results, labels=vi).decode("utf-8")
    for word in ("| không có dữ liệu |", "| ngầm định (0) |", "| không được chọn |",
                 "## Thiếu dữ liệu (1)", "mức cơ sở 20% → mục tiêu 80% → thực tế 64%",
                 "do đơn vị tự đặt", "Cấp độ kết quả: mức hoàn thiện quy trình 72.0"):
        assert word in md, word
    # answer words (6.7): yes, no, partial, N/A, no data
    answers = [line.split(" | ")[2].split("<br>")[0] for line in md.splitlines()
               if line.startswith("| ") and line.split(" | ")[0][2:] in ("B1", "B4", "S4", "S3", "F3")]
    assert answers == ["không áp dụng", "một phần", "không có dữ liệu", "có", "không"]
    html = render("html", results, labels=vi)
    text, _ = html_text(html)
    assert "không có dữ liệu" in text and "Thiếu dữ liệu" in text and 'lang="vi"' in html.decode()


def test_html_goals_gaps_levels_and_subject(v11):
    results, labels = v11
    html = render("html", results, labels=labels)
    text, gaps = html_text(html, "gaps")
    assert "F3" in gaps and "SME loans as a share of all bank loans" in gaps and "S2" not in gaps
    _, goal = html_text(html, "own")
    assert goal == "(subject's own; checklist: 10 days)"
    _, levels = html_text(html, "levels")
    assert levels == "process maturity72.0outputs55.0outcomes40.0"
    _, meta = html_text(html, "meta")
    assert "VN-48" in meta and "Da Nang" in meta and "1220000" in meta and "core" in meta
    assert "/home/ana" not in html.decode("utf-8") and "da-nang-2026.yaml" in meta


def test_html_tables_reflow_into_cards_on_a_phone(v11):
    """Each indicator cell but the id and the text carries its column's name, which the
    narrow-screen rules show beside it when a row becomes a card."""
    results, labels = v11
    html = render("html", results, labels=labels).decode("utf-8")
    assert "@media screen and (max-width: 640px)" in html
    assert "content: attr(data-label)" in html
    rows = html.split('<table class="indicators">')[1].split("</table>")[0].split("<tr class=")[1:]
    for row in rows:
        assert row.count("data-label=") == 5, row


def test_radar_labels_for_a_phone_stay_short():
    from ledcheck.render.htmlfmt import _wrap, radar_geometry

    geometry = radar_geometry([("SME competitiveness and access to regional and global markets", 80.0),
                               ("Chiến lược và lộ trình phát triển DNNVV", 50.0), ("Trade", None)])
    for label in geometry["labels"]:
        assert 1 <= len(label["lines"]) <= 2 and all(len(line) <= 15 for line in label["lines"])
    assert _wrap("Chiến lược và lộ trình phát triển DNNVV") == ["Chiến lược và", "lộ trình phát…"]
    assert _wrap("Trade") == ["Trade"]


def test_display_source_never_shows_a_local_folder():
    assert display_source("checklists/examples/hue-2025.yaml") == "checklists/examples/hue-2025.yaml"
    assert display_source("/home/ana/cities/hue-2025.yaml") == "hue-2025.yaml"
    assert display_source("C:\\Users\\Ana\\Desktop\\hue.yaml") == "hue.yaml"
    assert display_source("~/hue.yaml") == "hue.yaml"
    assert display_source(None) is None


# --------------------------------------------------------------------------- csv and xlsx


def test_wide_csv_carries_the_subject_and_levels(v11):
    results, labels = v11
    (row,) = read_csv(render("csv", results, labels=labels))
    assert row["subject_id"] == "VN-48" and row["reference_period"] == "2025" and row["profile"] == "core"
    assert (row["no_data"], row["implied"], row["not_selected"]) == ("1", "1", "1")
    assert (row["results_level.process"], row["results_level.output"], row["results_level.outcome"]) == (
        "72.0", "55.0", "40.0")
    assert row["meta.country"] == "VN" and row["meta.population"] == "1220000"
    assert row["meta.registered_smes"] == "25000"
    assert row["source"] == "da-nang-2026.yaml"
    header = list(row)
    # declared subject fields first, in their order; levels in results-chain order
    assert header[-4:] == ["meta.country", "meta.population", "meta.province", "meta.registered_smes"]
    assert [h for h in header if h.startswith("results_level.")] == [
        "results_level.process", "results_level.output", "results_level.outcome"]


def _rebuild(row: dict, num) -> float | None:
    """An indicator's score from its spreadsheet row alone (FORMAT §1 for numbers)."""
    value, baseline, target = (num(row[k]) for k in ("value", "baseline", "target"))
    share = (value - baseline) / (target - baseline)
    return min(max(share, 0.0), 1.0)


def test_long_csv_rebuilds_every_number_score(v11):
    results, labels = v11
    rows = read_csv(render("csv", results, labels=labels, long=True))
    by_id = {r["indicator_id"]: r for r in rows}
    s2 = by_id["S2"]
    assert (s2["by.sex.female"], s2["by.sex.male"], s2["by.sex.unknown"]) == ("30", "30", "4")
    assert s2["by"] == "sex.female=30;sex.male=30;sex.unknown=4"  # the 1.0 column, unchanged
    assert (s2["direction"], s2["baseline"], s2["target"], s2["results_level"]) == ("increase", "20", "80", "output")
    assert by_id["B3"]["target"] == "5" and by_id["B3"]["direction"] == "decrease"
    assert by_id["B1"]["by.sex.female"] == "" and by_id["B1"]["baseline"] == ""
    assert by_id["F3"]["status"] == "no_data" and by_id["F3"]["results_level"] == "outcome"
    assert all(r["subject_id"] == "VN-48" and r["meta.province"] == "Da Nang" for r in rows)
    answered = [r for r in rows if r["baseline"] and r["status"] == "answered"]
    assert {r["indicator_id"] for r in answered} == {"S2", "B3"}
    for r in answered:
        assert _rebuild(r, float) == pytest.approx(float(r["score"]), abs=1e-4)


def test_long_csv_of_10_results_has_goals_and_breakdowns_from_the_checklist():
    """The golden long CSV: every answered number indicator's score rebuilt from its row."""
    rows = read_csv((GOLDEN / "examples-long.csv").read_bytes())
    numbers = [r for r in rows if r["direction"] and r["status"] == "answered"]
    assert len(numbers) > 100
    for r in numbers:
        assert _rebuild(r, float) == pytest.approx(float(r["score"]), abs=1e-4), r["indicator_id"]
    cm3 = next(r for r in rows if r["indicator_id"] == "CM3" and r["subject"] == "Da Nang City"
               and r["period"] == "2026-followup")
    # 2026.2: enterprises are broken down by owner (women-owned or not) and size
    assert (cm3["by.owner.women_owned"], cm3["by.owner.not_women_owned"], cm3["by.owner.unknown"]) == ("486", "644", "0")
    assert (cm3["by.size.micro"], cm3["by.size.small"], cm3["by.size.medium"], cm3["by.size.unknown"]) == \
        ("655", "350", "125", "0")
    assert cm3["by.sex.female"] == "" and cm3["target"] == "500"  # the checklist's target
    lr4 = next(r for r in rows if r["indicator_id"] == "LR4" and r["subject"] == "Siem Reap Municipality"
               and r["period"] == "2025-baseline")
    assert (lr4["baseline"], lr4["target"], lr4["direction"]) == ("21", "7", "decrease")  # Siem Reap's own


def test_streamed_csv_header_comes_from_the_checklist_and_the_first_result(v11):
    results, labels = v11
    second = copy.deepcopy(results[0])
    second["meta"] = {"country": "TH", "mayor": "X"}
    from ledcheck.render import open_writer

    buffer = io.BytesIO()
    with open_writer("csv", buffer, labels=labels) as writer:
        writer.write(results[0])
        writer.write(second)
    rows = read_csv(buffer.getvalue())
    assert rows[1]["meta.country"] == "TH" and "meta.mayor" not in rows[1]
    assert writer.omitted == {"meta.mayor"}
    # long: a breakdown part the header has no column for is named too
    second["sections"][0]["indicators"][1]["by"] = {"sex": {"female": 30, "other": 34}, "age": {"young": 1}}
    buffer = io.BytesIO()
    with open_writer("csv", buffer, labels=labels, long=True) as writer:
        writer.write(results[0])
        writer.write(second)
    assert writer.omitted == {"meta.mayor", "by.sex.other", "by.age.young"}
    rows = read_csv(buffer.getvalue())
    s2 = [r for r in rows if r["indicator_id"] == "S2"][1]
    assert s2["by.sex.female"] == "30" and s2["by.sex.unknown"] == "0"  # 64 - 30 - 34


def test_xlsx_carries_everything_numerically(v11):
    results, labels = v11
    wb = workbook(render("xlsx", results, labels=labels))
    assert wb.sheetnames == ["Summary", "Indicators", "Data gaps", "About"]
    (summary,) = sheet_dicts(wb["Summary"])
    assert summary["subject_id"] == "VN-48" and summary["meta.population"] == 1220000
    assert summary["results_level.process"] == 72.0 and summary["no_data"] == 1
    indicators = {r["indicator_id"]: r for r in sheet_dicts(wb["Indicators"])}
    s2 = indicators["S2"]
    assert (s2["by.sex.female"], s2["by.sex.male"], s2["by.sex.unknown"]) == (30, 30, 4)
    for r in indicators.values():
        if r["status"] == "answered" and r["baseline"] is not None:
            assert _rebuild(r, lambda v: v) == pytest.approx(r["score"])
    gaps = sheet_dicts(wb["Data gaps"])
    assert [(g["subject"], g["indicator_id"]) for g in gaps] == [("Da Nang City", "F3")]


def test_xlsx_is_valid_xml_whatever_the_text(v11):
    """U+FFFE, U+FFFF and lone surrogates (a file name that is not UTF-8) are not XML:
    Excel refuses such a workbook. They are replaced, and every part parses."""
    results, labels = v11
    bad = copy.deepcopy(results[0])
    bad["source"] = "cities/h\udcfcue-\ufffe.yaml"
    bad["subject"] = "Hu\uffffe \x01 \ud800"
    bad["meta"]["province"] = "\ufffe"
    data = render("xlsx", [bad], labels=labels)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(z.read(name))  # raises on malformed XML
    (summary,) = sheet_dicts(workbook(data)["Summary"])
    assert summary["subject"] == "Hu\ufffde \ufffd \ufffd" and summary["source"] == "cities/h\ufffdue-\ufffd.yaml"


def test_xlsx_splits_a_sheet_at_the_row_limit(v11, monkeypatch):
    from ledcheck.render import xlsxfmt

    monkeypatch.setattr(xlsxfmt, "MAX_ROWS", 6)  # a header and 5 rows per sheet
    results, labels = v11
    wb = workbook(render("xlsx", results * 2, labels=labels))
    parts = [n for n in wb.sheetnames if n.startswith("Indicators")]
    total = 2 * len(read_csv(render("csv", results, long=True)))
    assert parts == ["Indicators", *(f"Indicators ({i})" for i in range(2, 1 + -(-total // 5)))]
    rows = [r for name in parts for r in sheet_dicts(wb[name])]
    assert len(rows) == total and all(wb[name].max_row <= 6 for name in parts)


def test_held_results_spill_to_disk_and_come_back(v11, monkeypatch):
    results, _labels = v11
    monkeypatch.setattr(HeldResults, "SPOOL_BYTES", 10)  # roll over to a file at once
    held = HeldResults()
    for _ in range(50):
        held.append(results[0])
    assert held._file._rolled  # on disk, not in memory
    assert len(held) == 50 and held[49] == results[0] and list(held)[0] == results[0]
    held.close()
    assert len(held) == 0


# --------------------------------------------------------------------------- terminal table


def _table_text(results, labels, width=200) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(build_table(results, labels=labels))
    return console.export_text()


def test_table_gaps_levels_and_vietnamese(v11):
    results, labels = v11
    text = _table_text(results, labels)
    assert "Data gaps: Da Nang City (2026-followup): F3" in text
    assert "process" in text and "72.0" in text and "outcome" in text
    vi = {cid: Labels(**{**lab.__dict__, "lang": "vi"}) for cid, lab in labels.items()}
    text = _table_text(results, vi)
    assert "Đơn vị được đánh giá" in text and "Điểm" in text and "Thiếu dữ liệu: Da Nang City (2026-followup): F3" in text
    assert "quy trình" in text


def test_table_replaces_bidi_controls(v11):
    results, labels = v11
    bad = copy.deepcopy(results[0])
    bad["subject"] = "City\u202etxt.exe\u2066x\u2069\u200f"
    text = _table_text([bad], labels)
    assert not any(ch in text for ch in "\u202e\u2066\u2069\u200f")
    assert "City\ufffdtxt.exe\ufffdx\ufffd\ufffd" in text


def test_xlsx_keeps_within_excels_columns(v11, monkeypatch):
    """Hostile data with more meta keys than Excel has columns: the extra ones are left out
    and the About sheet says so (the workbook still opens)."""
    from ledcheck.render import xlsxfmt

    monkeypatch.setattr(xlsxfmt, "MAX_COLUMNS", 60)
    results, labels = v11
    bad = copy.deepcopy(results[0])
    bad["meta"] = {f"k{i}": i for i in range(100)}
    wb = workbook(render("xlsx", [bad], labels=labels))
    assert wb["Summary"].max_column <= 60 and wb["Indicators"].max_column <= 60
    notes = " ".join(str(r[0]) for r in wb["About"].iter_rows(values_only=True) if r[0])
    assert "left out" in notes


@pytest.mark.parametrize(("fmt", "count"), [("md", 1500), ("html", 1000), ("xlsx", 300)])
def test_held_writers_stay_small_in_memory(fmt, count, monkeypatch):
    """md, html and xlsx need every result before they render: the results are spooled to a
    temporary file (here past 64 KiB) and the report is written as it is made, so memory stays
    bounded however many results (Issue 9)."""
    import tracemalloc

    try:
        from test_render import NullStream, small_result
    except ImportError:  # pragma: no cover - tests/ as a package
        from .test_render import NullStream, small_result
    from ledcheck.render import open_writer

    monkeypatch.setattr(HeldResults, "SPOOL_BYTES", 64 * 1024)
    open_writer(fmt, NullStream()).close()  # import the modules untraced
    stream = NullStream()
    tracemalloc.start()
    try:
        with open_writer(fmt, stream) as writer:
            for i in range(count):
                writer.write(small_result(i))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, peak
    if fmt != "xlsx":  # a workbook is compressed
        assert stream.size > 2 * peak, (stream.size, peak)


# --------------------------------------------------------------------------- with the 1.1 scorer

V11_DIR = HERE / "data" / "render" / "v11"


def test_end_to_end_with_the_11_scorer():
    """A 1.1 checklist (subject fields, levels, direction, a breakdown declaring ``unknown``)
    and a submission with meta, no_data, its own target and a short breakdown, scored by the
    library and rendered in every format."""
    from ledcheck.api import score_file
    from ledcheck.checklist import load_checklist

    checklist = load_checklist(V11_DIR / "demo.yaml")
    result = score_file(V11_DIR / "city.yaml", checklist).to_dict()
    labels = {checklist.id: labels_for(checklist, None)}
    md = render("md", [result], labels=labels).decode("utf-8")
    assert "- **ST2** Second (Strategy)" in md  # the data gap
    assert "baseline 0 → target 400 (subject's own; checklist: 500) → actual 300" in md
    assert "- **Province:** Da Nang" in md and "- **Subject ID:** VN-48" in md
    assert "Results levels: inputs" in md
    (long_row,) = [r for r in read_csv(render("csv", [result], labels=labels, long=True))
                   if r["indicator_id"] == "BS1"]
    assert (long_row["by.sex.female"], long_row["by.sex.male"], long_row["by.sex.unknown"]) == ("120", "150", "30")
    assert (long_row["baseline"], long_row["target"], long_row["direction"]) == ("0", "400", "increase")
    (wide,) = read_csv(render("csv", [result], labels=labels))
    assert wide["meta.province"] == "Da Nang" and wide["no_data"] == "1" and wide["subject_id"] == "VN-48"
    wb = workbook(render("xlsx", [result], labels=labels))
    assert [g["indicator_id"] for g in sheet_dicts(wb["Data gaps"])] == ["ST2"]
    vi = {checklist.id: labels_for(checklist, "vi")}
    text = _table_text([result], vi)
    assert "Thiếu dữ liệu: Da Nang City (2025): ST2" in text and "Chương trình mẫu" in text


def test_print_style_breaks_no_word_and_forces_no_page():
    """Print: no forced page breaks (a block moves on only when it does not fit), the score
    card never split, and words wrap between words (only the hash may break anywhere)."""
    from importlib.resources import files

    css = files("ledcheck.render").joinpath("report.css").read_text(encoding="utf-8")
    assert "break-before: page" not in css and "page-break-before: always" not in css
    assert ".scorecard, figure.radar" in css and "break-inside: avoid" in css
    anywhere = [line for line in css.splitlines() if "overflow-wrap: anywhere" in line]
    assert anywhere == [line for line in anywhere if line.startswith(".hash")] and len(anywhere) == 1
    assert "table.indicators { table-layout: auto; }" in css  # a column is never narrower than a word


def test_a_draft_translation_says_so(v11):
    results, labels = v11
    draft = {cid: Labels(**{**lab.__dict__, "lang": "vi", "draft": True}) for cid, lab in labels.items()}
    assert render("md", results, labels=draft).decode("utf-8").startswith(
        "> bản dịch nháp, chưa được duyệt\n")
    _, notice = html_text(render("html", results, labels=draft), "draft")
    assert notice == "bản dịch nháp, chưa được duyệt"
    assert "bản dịch nháp" not in render("md", results, labels=labels).decode("utf-8")
