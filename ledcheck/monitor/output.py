"""File formats of the monitoring reports: json, csv, md, html, xlsx (the terminal table is in
:mod:`.terminal`), registered in :mod:`ledcheck.render`'s registry under the report kinds
``compare``, ``progress`` and ``aggregate``::

    from ledcheck.monitor import output
    data = output.render_report("compare", "md", model)          # bytes
    # or through the registry, as score's formats are:
    from ledcheck.render import render
    render("md", [model], kind="compare")

Safety, as score's reports: JSON is data; CSV and XLSX text cells that a spreadsheet could read
as a formula get a leading ``'`` and XLSX text cells are typed as strings; Markdown escapes its
specials and raw HTML; HTML is autoescaped by Jinja2 (no ``|safe`` on user text). Writing to a
file is atomic (the CLI uses :func:`ledcheck.yamlio.open_output`).
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from ..i18n import language, tr
from ..render import Format, Labels, Writer, register
from ._fmt import DASH, dumps, fmt_change, fmt_number, fmt_pct, fmt_score, fmt_value, is_num, md, neutralise
from .answers import answer_labels, answer_text, answers
from .tables import Column, Report, Table, report_for

KINDS = ("compare", "progress", "aggregate")
FILE_FORMATS = ("json", "csv", "md", "html", "xlsx")
FORMATS = ("table",) + FILE_FORMATS


# --------------------------------------------------------------------------- cells

def cell_text(value: Any, kind: str) -> str:
    """A value as people read it (Markdown, HTML, terminal), by column kind."""
    if kind == "score":
        return fmt_score(value)
    if kind == "change":
        return fmt_change(value)
    if kind == "share":
        return fmt_pct(value)
    if kind in ("number", "int"):
        return fmt_number(value) if is_num(value) else DASH
    if kind == "value":
        return answer_text(None, value)
    return "" if value is None else fmt_value(value)


def _csv_cell(value: Any, kind: str) -> str:
    from ..render._common import fmt_score4, fmt_value_plain
    if value is None:
        return ""
    if is_num(value):
        if isinstance(value, int) or kind in ("int",):
            return str(value)
        return fmt_score4(value)
    text = fmt_value_plain(value)
    from ._fmt import one_line
    return neutralise(one_line(text))


# --------------------------------------------------------------------------- json, csv, md

def to_json(report: Report) -> bytes:
    return dumps(report.model).encode("utf-8")


def to_csv(report: Report) -> bytes:
    import csv
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    t = report.csv
    w.writerow([c.key for c in t.columns])
    for row in t.rows:
        w.writerow([_csv_cell(v, c.kind) for v, c in zip(row, t.columns, strict=False)])
    return buf.getvalue().encode("utf-8")


def _md_table(t: Table) -> list[str]:
    right = {"score", "change", "share", "number", "int"}
    head = "| " + " | ".join(md(c.title) for c in t.columns) + " |"
    sep = "| " + " | ".join("---:" if c.kind in right else "---" for c in t.columns) + " |"
    rows = ["| " + " | ".join(md(cell_text(v, c.kind)) or " " for v, c in zip(r, t.columns, strict=False)) + " |"
            for r in t.rows]
    return [head, sep, *rows]


def about_lines(report: Report) -> list[str]:
    out = []
    for c in report.checklists:
        out.append(f"{c.get('id')} {c.get('version')} (SHA-256 {c.get('sha256')})")
    if report.model.get("profile"):
        out.append(f"{tr('Profile')} {report.model['profile']}")
    return out


def to_md(report: Report) -> bytes:
    lines = [f"# {md(report.title)}", "", md(report.subtitle), ""]
    for a in about_lines(report):
        lines.append(f"- {tr('Checklist')}: {md(a)}")
    lines.append("")
    for t in report.tables[1:]:
        lines += [f"## {md(t.title)}", ""]
        if t.note:
            lines += [md(t.note), ""]
        lines += (_md_table(t) if t.rows else [f"_{md(tr('None.'))}_"]) + [""]
    if report.command == "progress":
        for s in report.model["subjects"]:
            since = s.get("since_baseline")
            if not since:
                continue
            from .tables import compare_report
            sub = compare_report(since | {"problems": [], "checklist": None})
            lines += [f"## {md(s['subject'])}: {tr('Since baseline')} ({md(since['before']['label'])} \u2192 "
                      f"{md(since['after']['label'])})", ""]
            for t in sub.tables[1:4]:
                if t.rows:
                    lines += [f"### {md(t.title)}", "", *_md_table(t), ""]
    problems = report.model.get("problems") or []
    if problems:
        lines += [f"## {tr('Problems')}", ""]
        lines += [f"- {md(problem_line(p))}" for p in problems] + [""]
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def problem_line(p: dict[str, Any]) -> str:
    where = p.get("file") or "ledcheck"
    if p.get("line"):
        where += f":{p['line']}:{p.get('col') or 1}"
    return f"{where}: {p.get('severity')}: {p.get('message')}"


# --------------------------------------------------------------------------- xlsx

_XLSX_FORMATS = {"score": "0.0", "change": "+0.0;\u22120.0;0.0", "share": "0.0%", "number": "General",
                 "int": "0"}


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ..render._common import fmt_value_plain
    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def text(v: Any) -> str:
        import re
        s = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", fmt_value_plain(v))
        return neutralise(s[:32000])

    def put(ws: Any, v: Any, kind: str = "text", font: Any = None) -> Any:   # openpyxl: no stubs
        if is_num(v):
            c = WriteOnlyCell(ws, value=v)
            c.number_format = _XLSX_FORMATS.get(kind, "General")
        else:
            c = WriteOnlyCell(ws, value=None if v is None else text(v))
            if v is not None:
                c.data_type = "s"
        if font is not None:
            c.font = font
        return c

    used: set[str] = set()
    for t in [report.tables[0]] + report.tables[1:]:
        name = t.name[:31].capitalize()
        if name in used:
            continue
        used.add(name)
        ws = wb.create_sheet(name)
        for i, c in enumerate(t.columns, 1):
            width = max([len(c.title)] + [len(cell_text(r[i - 1], c.kind)) for r in t.rows[:200]]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 60)
        ws.freeze_panes = "A2"
        ws.append([put(ws, c.title, font=bold) for c in t.columns])
        for r in t.rows:
            ws.append([put(ws, v, c.kind) for v, c in zip(r, t.columns, strict=False)])
    ws = wb.create_sheet("About")
    ws.append([put(ws, "Report", font=bold), put(ws, report.title)])
    ws.append([put(ws, "Inputs", font=bold), put(ws, report.subtitle)])
    for ref in report.checklists:
        ws.append([put(ws, "Checklist", font=bold), put(ws, ref.get("id")), put(ws, ref.get("version")),
                   put(ws, ref.get("sha256"))])
    for p in report.model.get("problems") or []:
        ws.append([put(ws, "Problem", font=bold), put(ws, problem_line(p))])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- dispatch

def to_html(report: Report) -> bytes:
    from .html import render_html
    return render_html(report).encode("utf-8")


_WRITERS = {"json": to_json, "csv": to_csv, "md": to_md, "html": to_html, "xlsx": to_xlsx}


def render_report(command: str, fmt: str, model: dict[str, Any], lang: str | None = None,
                  checklists: Iterable[Any] = ()) -> bytes:
    """One monitoring model (the dict :func:`compare`, :func:`progress` or :func:`aggregate`
    returns) in a file format, as bytes. ``checklists`` (the ones the inputs answer) give the
    answers' labels and units in ``lang``."""
    if fmt == "json":
        return dumps(model).encode("utf-8")
    labels = answer_labels(list(checklists), lang) if checklists else None
    with language(lang), answers(labels):
        report = report_for(command, model)
        report.lang = lang
        return _WRITERS[fmt](report)


class MonitorWriter(Writer):
    """Registry writer: ``write(model)`` once (the last one wins), rendered at ``close()``."""

    command = ""
    fmt = ""

    def __init__(self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> None:
        super().__init__(stream, labels=labels, **opts)
        self.model: dict[str, Any] | None = None

    def write(self, result: dict[str, Any]) -> None:
        self.model = result

    def _finish(self) -> None:
        if self.model is not None:
            self.stream.write(render_report(self.command, self.fmt, self.model, self.opts.get("lang"),
                                            self.opts.get("checklists") or ()))


def _writer(command: str, fmt: str) -> type[MonitorWriter]:
    return type(f"{command.title()}{fmt.title()}Writer", (MonitorWriter,), {"command": command, "fmt": fmt})


def _not_a_file(stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> Writer:
    raise ValueError("'table' is for the terminal: use ledcheck.monitor.terminal")


for _kind in KINDS:
    register(Format("table", None, binary=False, streaming=False, factory=f"{__name__}:_not_a_file",
                    kind=_kind, description="a table for the terminal"))
    for _f, _ext, _bin in (("json", ".json", False), ("csv", ".csv", False), ("md", ".md", False),
                           ("html", ".html", False), ("xlsx", ".xlsx", True)):
        globals()[f"{_kind.title()}{_f.title()}Writer"] = _writer(_kind, _f)
        register(Format(_f, _ext, binary=_bin, streaming=False,
                        factory=f"{__name__}:{_kind.title()}{_f.title()}Writer", kind=_kind))
del _kind, _f, _ext, _bin

__all__ = ["FORMATS", "FILE_FORMATS", "KINDS", "Column", "cell_text", "render_report", "to_csv", "to_html",
           "to_json", "to_md", "to_xlsx"]
