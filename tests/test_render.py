"""Renderers: API, JSON, JSON Lines, CSV, Markdown and the terminal table.

HTML and XLSX have their own files (test_render_html.py, test_render_xlsx.py).
The fixture (tests/data/render/results.json) holds two realistic results of one
checklist with nested sections, every indicator status, a disaggregated answer,
excluded (None) scores and problems.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledcheck.render import (
    EXTENSIONS,
    FORMATS,
    Labels,
    build_problems,
    build_table,
    open_writer,
    render,
)
from ledcheck.render._common import fmt_score, fmt_score4, neutralise
from ledcheck.render.mdfmt import md

from helpers import EVIL, all_indicators, evil_labels, evil_result
from helpers import load_render_data as load


@pytest.fixture
def results():
    return load()[0]


@pytest.fixture
def labels():
    return load()[1]




class NullStream:
    """A binary stream that keeps nothing, only counts."""

    def __init__(self):
        self.size = 0
        self.flushed = 0

    def write(self, data):
        self.size += len(data)
        return len(data)

    def flush(self):
        self.flushed += 1


# --------------------------------------------------------------------------- API


def test_constants():
    assert FORMATS == ("table", "json", "jsonl", "csv", "md", "html", "xlsx")
    assert set(EXTENSIONS) == set(FORMATS) - {"table"}
    assert all(ext == "." + fmt for fmt, ext in EXTENSIONS.items())


def test_open_writer_refuses_table_and_unknown():
    with pytest.raises(ValueError, match="build_table"):
        open_writer("table", io.BytesIO())
    with pytest.raises(ValueError, match="unknown format"):
        open_writer("pdf", io.BytesIO())
    with pytest.raises(ValueError):
        render("table", [])


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "table"])
def test_writer_leaves_stream_open(fmt, results, labels):
    stream = io.BytesIO()
    with open_writer(fmt, stream, labels=labels) as writer:
        writer.write(results[0])
    writer.close()  # idempotent
    assert not stream.closed
    if fmt != "xlsx":  # a workbook carries its creation time
        assert stream.getvalue() == render(fmt, results[:1], labels=labels)
    else:
        assert stream.getvalue().startswith(b"PK")
    with pytest.raises(ValueError):
        writer.write(results[0])


def _texts(fmt: str, data: bytes) -> str:
    """The text a reader of ``fmt`` output sees (cells of a workbook joined)."""
    if fmt != "xlsx":
        return data.decode("utf-8")
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row)


EMPTY = {
    "json": lambda text: json.loads(text) == [],
    "jsonl": lambda text: text == "",
    "csv": lambda text: text.splitlines()[0].startswith("source,subject,") and len(text.splitlines()) == 1,
    "md": lambda text: text.startswith("# ledcheck report\n\nNo results.\n"),
    "html": lambda text: "<h1>ledcheck report</h1><p>No results</p>" in text and "<article" not in text,
    "xlsx": lambda text: text.startswith("source\n"),
}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "table"])
def test_every_format_renders_without_labels(fmt, results):
    """Without labels every format still names each subject, and the people's formats show
    the section titles carried by the result itself; no labels and empty labels agree."""
    bare = render(fmt, results, labels=None)
    text = _texts(fmt, bare)
    assert text == _texts(fmt, render(fmt, results, labels={}))
    for result in results:
        assert result["subject"] in text
        if fmt in ("md", "html"):
            assert result["sections"][0]["title"] in text
    assert EMPTY[fmt](_texts(fmt, render(fmt, []))), fmt


def test_import_is_cheap():
    code = (
        "import sys, ledcheck.render as r; "
        "heavy = [m for m in ('rich', 'openpyxl', 'jinja2', 'ledcheck.render.htmlfmt') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == "[]"


def test_score_display_rounds_half_up():
    assert fmt_score(63.25) == "63.3"
    assert fmt_score(48.888888888888886) == "48.9"
    assert fmt_score(0.125, scale=100) == "12.5"
    assert fmt_score(0.75, scale=100) == "75.0"
    assert fmt_score(100) == "100.0"
    assert fmt_score(None) == "–"
    assert fmt_score(-0.01) == "0.0"
    assert fmt_score4(63.25) == "63.25"
    assert fmt_score4(2 / 3) == "0.6667"
    assert fmt_score4(70) == "70.0"
    assert fmt_score4(None) == ""
    assert fmt_score4(float("nan")) == ""


def test_build_problems(results):
    lines = build_problems(results)
    assert lines == [
        "checklists/examples/da-nang-2026.yaml:12: error: "
        "unknown indicator 'S9'; did you mean 'S1'?",
        "checklists/examples/da-nang-2026.yaml:8: warning: evidence is required for 'F1'",
    ]
    odd = {"source": "a.yaml", "problems": [
        {"severity": "error", "path": "answers", "line": None, "message": "bad\n\x1b[2Jthing"}
    ]}
    assert build_problems([odd]) == ["a.yaml: error: bad \ufffd[2Jthing (at answers)"]


# --------------------------------------------------------------------------- JSON


def test_json_is_an_array(results):
    assert json.loads(render("json", [])) == []
    one = render("json", results[:1])
    assert json.loads(one) == results[:1]
    both = render("json", results).decode("utf-8")
    assert json.loads(both) == results
    assert "Huế City" in both  # ensure_ascii=False
    assert both.count("\n") == 4  # "[", one result per line, "]"


def test_json_nonfinite_floats_become_null(results):
    bad = copy.deepcopy(results[0])
    bad["sections"][0]["indicators"][1]["value"] = float("inf")
    parsed = json.loads(render("json", [bad]))
    assert parsed[0]["sections"][0]["indicators"][1]["value"] is None
    line = render("jsonl", [bad]).decode()
    assert "Infinity" not in line and json.loads(line)


def test_jsonl_one_object_per_line(results):
    out = render("jsonl", results).decode("utf-8")
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    assert [json.loads(line) for line in lines] == results
    assert render("jsonl", []) == b""


# --------------------------------------------------------------------------- CSV


def read_csv(data: bytes):
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_wide(results):
    rows = read_csv(render("csv", results))
    header = rows[0]
    assert header[:18] == [
        "source", "subject", "assessor", "date", "period", "checklist_id",
        "checklist_version", "checklist_sha256", "score", "rating", "complete",
        "indicators", "applicable", "answered", "na", "missing", "errors", "warnings",
    ]
    assert header[18:23] == [
        "section:strategy", "section:finance", "section:services", "section:digital",
        "section:green",
    ]
    # the 1.1 columns come after every 1.0 one
    assert header[23:] == ["subject_id", "reference_period", "profile", "no_data", "implied",
                           "not_selected"]
    assert len(rows) == 3
    row = dict(zip(header, rows[1]))
    assert row["subject"] == "Da Nang City"
    assert row["score"] == "63.25"
    assert row["complete"] == "no"
    assert row["section:finance"] == "48.8889"  # 4 decimals
    assert row["section:green"] == ""  # excluded -> empty
    assert row["errors"] == "1" and row["warnings"] == "1"
    hue = dict(zip(header, rows[2]))
    assert hue["assessor"] == "" and hue["complete"] == "yes" and hue["subject"] == "Huế City"


def test_csv_wide_sections_from_first_result(results):
    other = copy.deepcopy(results[1])
    other["sections"] = [s for s in other["sections"] if s["id"] != "finance"]
    other["sections"].append({"id": "extra", "title": "Extra", "weight": 1, "score": 5.0,
                              "rating": None, "indicators": [], "sections": []})
    rows = read_csv(render("csv", [results[0], other]))
    header = rows[0]
    assert "section:extra" not in header
    row = dict(zip(header, rows[2]))
    assert row["section:finance"] == "" and row["section:strategy"] == "90.0"
    assert all(len(r) == len(header) for r in rows)


def test_csv_empty_has_header():
    assert read_csv(render("csv", [])) == [read_csv(render("csv", []))[0]]
    assert read_csv(render("csv", []))[0][0] == "source"
    long_rows = read_csv(render("csv", [], long=True))
    assert len(long_rows) == 1 and long_rows[0][-1] == "by"


def test_csv_long(results, labels):
    rows = read_csv(render("csv", results, labels=labels, long=True))
    header = rows[0]
    assert header[:14] == [
        "source", "subject", "period", "checklist_id", "section_id", "indicator_id", "text",
        "status", "value", "score", "weight", "evidence", "note", "by",
    ]
    assert header[14:] == ["subject_id", "reference_period", "profile", "results_level", "direction",
                           "baseline", "target", "by.sex.female", "by.sex.male", "by.sex.unknown"]
    count = sum(len(all_indicators(r)) for r in results)
    assert len(rows) == 1 + count
    by_id = {r[5]: dict(zip(header, r)) for r in rows[1:15]}
    assert by_id["S2"]["by"] == "sex.female=30;sex.male=34"
    assert by_id["S2"]["score"] == "0.7333"
    assert by_id["S2"]["text"].startswith("Share of new business registrations")
    assert by_id["F2"]["value"] == "grants;loans"
    assert by_id["B1"]["value"] == "yes" and by_id["B4"]["value"] == "no"
    assert by_id["S3"]["value"] == "na" and by_id["S3"]["score"] == ""
    assert by_id["F3"]["value"] == "" and by_id["F3"]["status"] == "missing"
    assert by_id["S4"]["section_id"] == "strategy-me"  # innermost section
    assert by_id["D1"]["section_id"] == "digital-gov"
    assert by_id["S5"]["value"] == (
        "Quarterly meetings with the SME association;\nminutes published."
    )
    assert {r["status"] for r in by_id.values()} == {
        "answered", "na", "missing", "not_applicable", "unscored"
    }
    # no labels: text column empty, ids still there
    plain = read_csv(render("csv", results[:1], long=True))
    assert all(r[6] == "" for r in plain[1:])


def test_csv_formula_injection(results, labels):
    bad = evil_result(results[0])
    bad["sections"][0]["indicators"][0]["value"] = -5  # a negative NUMBER stays a number
    bad["sections"][0]["indicators"][2]["value"] = "-5"  # a string does not
    bad["sections"][0]["indicators"][2]["note"] = "@SUM(A1)"
    bad["sections"][1]["indicators"][0]["evidence"] = "\tcmd"
    bad["sections"][1]["indicators"][1]["value"] = ["+1", "x"]
    for long in (False, True):
        rows = read_csv(render("csv", [bad], labels=evil_labels(bad), long=long))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or cell == "-5", cell
    wide = read_csv(render("csv", [bad]))
    assert dict(zip(wide[0], wide[1]))["subject"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    long_rows = read_csv(render("csv", [bad], long=True))
    values = {r[5].removeprefix(EVIL): r for r in long_rows[1:]}
    assert values["S1"][8] == "-5"
    assert values["S3"][8] == "'-5" and values["S3"][12] == "'@SUM(A1)"
    assert values["F1"][11] == "'\tcmd"
    assert values["F2"][8] == "'+1;x"


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_neutralise_property(text):
    out = neutralise(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out == text or out == "'" + text


# --------------------------------------------------------------------------- streaming


def small_result(i: int) -> dict:
    return {
        "ledcheck": 1,
        "checklist": {"id": "c", "version": "1", "sha256": "ab" * 32},
        "source": f"s/{i}.yaml", "subject": f"Town {i}", "assessor": None, "date": None,
        "period": "p", "score": 50.0, "rating": None, "complete": True,
        "counts": {"indicators": 2, "applicable": 2, "answered": 2, "na": 0, "missing": 0},
        "sections": [{"id": "a", "title": "A", "weight": 1, "score": 50.0, "rating": None,
                      "indicators": [
                          {"id": "A1", "value": 1, "score": 1.0, "weight": 1,
                           "status": "answered", "evidence": "e", "note": None},
                          {"id": "A2", "value": False, "score": 0.0, "weight": 1,
                           "status": "answered", "evidence": None, "note": "n"}],
                      "sections": []}],
        "problems": [],
    }


@pytest.mark.parametrize(
    ("fmt", "long", "count"),
    # tracemalloc slows the JSON encoder ~10x: the array writer shares jsonl's code
    [("jsonl", False, 10_000), ("json", False, 2_000), ("csv", False, 10_000),
     ("csv", True, 10_000)],
)
def test_streaming_writers_hold_nothing(fmt, long, count):
    template = small_result(0)
    stream = NullStream()
    open_writer(fmt, NullStream(), long=long).close()  # import the module untraced
    tracemalloc.start()
    try:
        with open_writer(fmt, stream, long=long) as writer:
            for _ in range(count):
                writer.write(template)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # megabytes of output through a constant few hundred kilobytes (the csv
    # module keeps one 128 KiB buffer)
    assert peak < 300 * 1024, peak
    assert stream.size > 3 * peak, (stream.size, peak)


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_held_writers_keep_results_compressed(fmt):
    """md, html and xlsx need every result before they can render: they keep each one
    compressed, several times smaller than the caller's dicts, and give it back intact."""
    results = json.loads((Path(__file__).parent / "golden" / "examples.json").read_text("utf-8"))
    dicts_size = _traced(lambda: json.loads(json.dumps(results)))
    writer = open_writer(fmt, NullStream())
    held_size = _traced(lambda: [writer.write(r) for r in results])
    assert held_size * 4 < dicts_size, (held_size, dicts_size)
    assert list(writer.results) == results and writer.results[1] == results[1]
    assert len(writer.results) == len(results)
    writer.close()


def test_held_results_keep_what_cannot_be_pickled():
    from ledcheck.render import HeldResults

    held = HeldResults()
    odd = {"subject": "x", "f": lambda: 1}
    held.append(odd)
    held.append({"subject": "y"})
    assert held[0] is odd and list(held)[1] == {"subject": "y"}


def _traced(make):
    """Bytes allocated and still held by what ``make()`` returns."""
    tracemalloc.start()
    try:
        kept = make()  # noqa: F841 - held while measured
        current, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return current


def test_markdown_is_written_in_pieces(results, labels):
    class Pieces(NullStream):
        def __init__(self):
            super().__init__()
            self.parts = []

        def write(self, data):
            self.parts.append(bytes(data))
            return len(data)

    stream = Pieces()
    with open_writer("md", stream, labels=labels) as writer:
        for r in results:
            writer.write(r)
    # the title, the summary (in pieces of at most 500 rows), a piece per result, the footer
    assert len(stream.parts) == 5
    assert b"".join(stream.parts) == render("md", results, labels=labels)


# --------------------------------------------------------------------------- Markdown


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def md_tables(text: str):
    """Lists of rows (lists of cells) of every Markdown table."""
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append([c.strip() for c in _CELL_SPLIT.split(line)[1:-1]])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_markdown_single(results, labels):
    text = render("md", results[:1], labels=labels).decode("utf-8")
    assert text.startswith("# M&E checklist for SME development in the AEC — Da Nang City\n")
    for needle in ("sme-me-aec", "2026.1", results[0]["checklist"]["sha256"], "Nguyen Thi Lan",
                   "2026-03-01", "2026-followup", "da-nang-2026.yaml"):
        assert needle in text
    assert "**Score: 63.3 / 100**" in text and "9/11 answered (incomplete)" in text
    tables = md_tables(text)
    sections = tables[0]
    assert sections[0] == ["Section", "Weight", "Score", "Rating"]
    assert any("↳ Monitoring of the strategy" in row[0] for row in sections)
    assert ["Green growth", "1", "–", ""] in sections
    indicator_tables = tables[1:]
    assert len(indicator_tables) == 7  # every section with indicators
    rows = {row[0]: row for t in indicator_tables for row in t[2:]}
    assert rows["S2"][2] == "64% (sex: female 30, male 34)"
    assert rows["S2"][3] == "73.3"
    assert rows["F2"][2] == "grants, loans"
    assert rows["S5"][2] == "Quarterly meetings with the SME association;<br>minutes published."
    assert rows["B3"][2] == "12 days"
    assert "## Problems" in text and "unknown indicator 'S9'; did you mean 'S1'?" in text
    for table in tables:
        assert len({len(row) for row in table}) == 1


def test_markdown_several(results, labels):
    text = render("md", results, labels=labels).decode("utf-8")
    assert text.startswith("# M&E checklist for SME development in the AEC\n")
    summary = md_tables(text)[0]
    assert summary[0][:5] == ["Subject", "Period", "Score", "Rating", "Answered"]
    assert summary[0][5:] == ["SME strategy and road map", "Access to finance",
                              "Business development services and one-stop shops",
                              "Digital government for business", "Green growth"]
    assert summary[2][:5] == ["Da Nang City", "2026-followup", "63.3", "Developing", "9/11"]
    assert summary[3][0] == "Huế City"
    assert "## Da Nang City (2026-followup)" in text and "## Huế City (2026-baseline)" in text
    assert "### SME strategy and road map (70.0)" in text
    assert "#### Monitoring of the strategy (50.0)" in text
    assert render("md", []).decode().startswith("# ledcheck report")


def test_markdown_escapes_injection(results):
    bad = evil_result(results[0])
    text = render("md", [bad], labels=evil_labels(bad)).decode("utf-8")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "onmouseover" in text  # present, but only as escaped text
    assert "*bold*" not in text and "\\*bold\\*" in text
    assert "[link](javascript:x)" not in text
    assert "`code`" not in text
    assert "&amp;lt;" in text  # a literal "&lt;" stays literal
    for table in md_tables(text):
        assert len({len(row) for row in table}) == 1, table
    # the pipe in a value does not add a column
    for line in text.splitlines():
        if line.startswith("|"):
            assert "| *" not in line


def test_markdown_renders_to_safe_html(results):
    """Through a real CommonMark renderer (raw HTML allowed), the injection stays text."""
    markdown_it = pytest.importorskip("markdown_it")
    from html.parser import HTMLParser

    bad = evil_result(results[0])
    source = render("md", [bad], labels=evil_labels(bad)).decode("utf-8")
    html_out = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(
        source
    )

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.rows, self.text = set(), [], []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            if tag == "tr":
                self.rows.append(0)
            if tag in ("td", "th"):
                self.rows[-1] += 1

        def handle_data(self, data):
            self.text.append(data)

    parser = Cells()
    parser.feed(html_out)
    # only our own structure: no script, image, link, emphasis, code or strikethrough
    assert not parser.tags & {"script", "img", "a", "em", "code", "s", "del"}, parser.tags
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text and "*bold*" in text and "`code`" in text
    assert "[link](javascript:x)" in text and "~~s~~" in text and "&lt;" in text
    # every table keeps its column count: header rows are followed by equal rows
    assert parser.rows and {n for n in parser.rows} == {4, 7}


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_md_escape_property(text):
    out = md(text)
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    assert "\n" not in out and "\r" not in out
    assert not _CELL_SPLIT.search(out)  # every | is escaped


# --------------------------------------------------------------------------- table


def table_text(results, labels=None, width=80, **console_args):
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO(),
                      **console_args)
    console.print(build_table(results, labels=labels))
    return console.export_text()


def test_table_80_columns(results, labels):
    text = table_text(results, labels)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "M&E checklist for SME development in the AEC" in text
    assert "Da Nang City" in text and "Huế City" in text
    assert "2026-followup" in text and "2026-baseline" in text  # not folded
    assert "Developing" in text and "9/11" in text and "12/12" in text
    row = next(line for line in lines if "Da Nang City" in line)
    assert re.search(r"63\.3 .*70\.0 +48\.9 +81\.3 +75\.0 +–$", row), row
    hue = next(line for line in lines if "Huế City" in line)
    assert re.search(r"82\.5 .*90\.0 +80\.0 +77\.5 +100\.0 +60\.0$", hue), hue


def test_table_wide_has_everything(results, labels):
    text = table_text(results, labels, width=140)
    header = next(line for line in text.splitlines() if "Subject" in line)
    for name in ("Period", "Score", "Rating", "Done", "strategy", "finance", "services",
                 "digital", "green"):
        assert name in header
    row = next(line for line in text.splitlines() if "Da Nang City" in line)
    assert "2026-followup" in row and "██████▍░░░" in row  # 63.25% of 10 cells


def test_table_ascii_console(results):
    class AsciiIO(io.StringIO):
        encoding = "ascii"

    from rich.console import Console

    console = Console(width=140, record=True, color_system=None, file=AsciiIO())
    console.print(build_table(results))
    text = console.export_text()
    assert "######...." in text  # 63.25 -> 6 of 10
    assert "█" not in text


def test_table_no_markup_and_no_controls(results):
    bad = copy.deepcopy(results[0])
    bad["subject"] = "[bold red]Town[/] \x1b[2J"
    bad["score"] = None
    text = table_text([bad], width=120)
    assert "[bold red]Town[/]" in text
    assert "\x1b" not in text
    row = next(line for line in text.splitlines() if "Town" in line)
    assert "–" in row


def test_table_is_a_rich_table(results):
    from rich.table import Table

    table = build_table(results)
    assert isinstance(table, Table)
    assert table.row_count == 2
    assert build_table([]).row_count == 0


# --------------------------------------------------------------------------- public helpers


def test_fmt_number_is_public_and_exact():
    from ledcheck.render import fmt_number

    assert fmt_number(64.0) == "64"
    assert fmt_number(2.5) == "2.5"
    assert fmt_number(3) == "3"
    assert fmt_number(10**20) == "100000000000000000000"
    assert fmt_number(1e20) == "1e+20"
    assert fmt_number(float("inf")) == "inf"


def test_labels_for_builds_labels_from_a_checklist():
    from ledcheck.checklist import load_checklist
    from ledcheck.render import labels_for

    path = Path(__file__).parent.parent / "ledcheck" / "checklists" / "sme-me-aec.yaml"
    checklist = load_checklist(path)
    en, vi = labels_for(checklist, "en"), labels_for(checklist, "vi")
    assert isinstance(en, Labels) and en.lang == "en" and vi.lang == "vi"
    assert en.title == checklist.title.get("en") and vi.title == checklist.title.get("vi")
    assert en.title != vi.title
    section = next(iter(checklist.walk_sections()))
    assert en.texts[section.id] == section.title.get("en")
    leveled = next(i for i in checklist.indicators.values() if i.levels and i.levels[0].label)
    level = leveled.levels[0]
    assert en.answers[leveled.id][str(int(level.value))] == f"{int(level.value)} {level.label.get('en')}"
    assert labels_for(checklist, "xx").lang == checklist.pick_lang("xx")


# --------------------------------------------------------------------------- registry


def test_registry_describes_every_format():
    from ledcheck.render import RESULTS, Format, formats, get_format

    known = formats()
    assert tuple(known) == FORMATS
    assert all(isinstance(f, Format) and f.kind == RESULTS for f in known.values())
    assert {n for n, f in known.items() if f.streaming} == {"json", "jsonl", "csv"}
    assert {n for n, f in known.items() if f.binary} == {"xlsx"}
    assert get_format("table").extension is None
    assert {n: f.extension for n, f in known.items() if f.extension} == EXTENSIONS
    with pytest.raises(ValueError, match="unknown format 'pdf'; expected one of: table, json"):
        get_format("pdf")
    with pytest.raises(ValueError, match="unknown report kind"):
        get_format("json", kind="no-such-kind")


def test_streaming_flag_is_true(results):
    """A format registered as streaming has written each result before the next write()."""
    from ledcheck.render import formats

    for name, fmt in formats().items():
        if name == "table":
            continue
        stream = io.BytesIO()
        writer = fmt.open(stream)
        writer.write(results[0])
        assert bool(stream.getvalue()) == fmt.streaming, name
        writer.close()


class _CountWriter:
    """A writer of a made-up report kind, as a monitoring command would register one."""

    def __init__(self, stream, *, labels=None, sep=b","):
        self.stream, self.sep, self.items = stream, sep, []

    def write(self, item):
        self.items.append(str(item).encode())

    def close(self):
        self.stream.write(self.sep.join(self.items))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_a_new_report_kind_registers_its_formats():
    from ledcheck.render import Format, formats, register

    fmt = register(Format("txt", ".txt", binary=False, streaming=False,
                          factory=f"{__name__}:_CountWriter", kind="test-kind"))
    try:
        assert formats("test-kind") == {"txt": fmt}
        assert "txt" not in FORMATS and "txt" not in formats()  # score's formats untouched
        assert render("txt", [1, 2, 3], kind="test-kind") == b"1,2,3"
        assert render("txt", [1, 2], kind="test-kind", sep=b";") == b"1;2"  # options reach the writer
        with pytest.raises(ValueError, match="unknown format 'csv'"):
            open_writer("csv", io.BytesIO(), kind="test-kind")
    finally:
        from ledcheck.render import _REGISTRY

        _REGISTRY.pop("test-kind")


def test_csv_long_option_reaches_the_writer(results):
    wide = read_csv(render("csv", results))
    long = read_csv(render("csv", results, long=True))
    assert len(wide) == 3 and len(long) == 1 + sum(len(all_indicators(r)) for r in results)


# --------------------------------------------------------------------------- golden files

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    "name, fmt, long",
    [("examples.md", "md", False), ("examples.html", "html", False), ("examples.csv", "csv", False),
     ("examples-long.csv", "csv", True), ("examples.json", "json", False)],
)
def test_golden_files_from_the_library(name, fmt, long):
    """The renderers alone, fed the golden results, give the golden reports byte for byte
    (test_score_cli.py checks the same files through the command)."""
    from ledcheck.checklist import load_checklist
    from ledcheck.render import labels_for

    results = json.loads((GOLDEN / "examples.json").read_text(encoding="utf-8"))
    checklist = load_checklist(Path(__file__).parent.parent / "checklists" / "sme-me-aec.yaml")
    labels = {checklist.id: labels_for(checklist, None)}
    assert render(fmt, results, labels=labels, long=long) == (GOLDEN / name).read_bytes()


# --------------------------------------------------------------------------- report model


def test_report_model(results, labels):
    from ledcheck.i18n import language
    from ledcheck.render.model import build_report

    with language("en"):
        report = build_report(results, labels)
    assert report.title == "M&E checklist for SME development in the AEC" and not report.single
    assert report.count == 2 and report.lang == "en"
    assert [row.subject for row in report.summary] == ["Da Nang City", "Huế City"]
    assert [row.anchor for row in report.summary] == ["r1", "r2"]
    assert report.summary[0].score == "63.3"
    assert len(report.columns) == len(report.summary[0].cells)
    assert len(report.checklists) == 1 and report.checklists[0].id == "sme-me-aec"
    first = next(iter(report.results))
    assert first.anchor == "r1" and first.score == "63.3" and first.completion == "9/11"
    sections = list(first.walk_sections())
    assert sections[0].anchor == "r1-s-1" and sections[1].anchor == "r1-s-1-1" and sections[1].depth == 1
    indicators = {i.id: i for s in sections for i in s.indicators}
    assert indicators["S2"].answer == "64%" and indicators["S2"].by == "sex: female 30, male 34"
    missing = [i for i in indicators.values() if i.status == "missing"]
    assert missing and all(i.answer == "" for i in missing)
    assert {i.score for i in missing} == {"0.0", "–"}  # counted 0, or excluded
    assert all(i.score == "–" for i in indicators.values() if i.status in ("na", "not_applicable"))
    assert first.problems[0].severity_class == "error" and first.problems[0].line == "12"
    with language("vi"):
        vi = next(iter(build_report(results[:1], labels).results))
    assert {i.status_label for s in vi.walk_sections() for i in s.indicators} >= {"chưa trả lời"}


def test_model_strips_controls_but_does_not_escape(results):
    from ledcheck.render.model import build_result

    bad = copy.deepcopy(results[0])
    bad["subject"] = "<b>Town</b>\x1b[2J & co"
    r = build_result(bad, None)
    assert r.subject == "<b>Town</b>\ufffd[2J & co"
