"""Excel workbook (openpyxl, imported only here), written in write-only mode so
that large batches stay light.

Sheets:

``Summary``     one row per submission, the wide CSV columns
                (:data:`ledcheck.render.csvfmt.WIDE_COLUMNS` then ``section:<id>``
                for every top-level section seen in any result); scores are
                numbers on 0–100, unrounded, displayed with one decimal ("0.0").
``Indicators``  one row per indicator, the long CSV columns; the indicator
                score is a number on 0–1, displayed as a percentage ("0.0%").
``About``       id, version, SHA-256 and title of each checklist, and how the
                workbook was made.

Header rows are bold, frozen and filtered. Numbers stay numbers; every text cell
is explicitly a string (type ``s``), with control characters that XML cannot
hold replaced, and, as in the CSV, a leading ``'`` when it starts with ``=``,
``+``, ``-``, ``@``, tab or carriage return, so that it is never a formula,
not even after the sheet is saved again as CSV.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import _HeldWriter
from ._common import (
    checklist_of,
    fmt_by_plain,
    fmt_value_plain,
    get_labels,
    is_finite,
    neutralise,
    union_top_sections,
)
from .csvfmt import LONG_COLUMNS, SECTION_PREFIX, WIDE_COLUMNS, long_values, wide_values

_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL = 32767
_MAX_WIDTH = 60
_SCORE_FORMAT = "0.0"
_FRACTION_FORMAT = "0.0%"


def _text(value: Any) -> str:
    text = _ILLEGAL_RE.sub("\ufffd", fmt_value_plain(value))
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    return neutralise(text)


class _Sheet:
    """Rows collected for one sheet, with the width of each column."""

    def __init__(
        self, header: list[str], formats: dict[int, str] | None = None, *, filter: bool = True
    ) -> None:
        self.header = header
        self.filter = filter
        self.formats = formats or {}
        self.rows: list[list[Any]] = []
        self.widths = [min(max(len(h) + 2, 8), _MAX_WIDTH) for h in header]

    def add(self, row: list[Any]) -> None:
        for i, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                length = max((len(line) for line in value.splitlines()), default=0)
            else:
                length = 8
            if length + 2 > self.widths[i]:
                self.widths[i] = min(length + 2, _MAX_WIDTH)
        self.rows.append(row)

    def write(self, wb, title: str) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws = wb.create_sheet(title)
        for i, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        last = get_column_letter(max(len(self.header), 1))
        if self.filter:
            ws.auto_filter.ref = f"A1:{last}{len(self.rows) + 1}"
        bold = Font(bold=True)

        def cell(value: Any, fmt: str | None = None, font=None):
            c = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                c.data_type = "s"
            if fmt and is_finite(value):
                c.number_format = fmt
            if font is not None:
                c.font = font
            return c

        ws.append([cell(_text(h), font=bold) for h in self.header])
        for row in self.rows:
            ws.append([cell(v, self.formats.get(i)) for i, v in enumerate(row)])


def _value(value: Any) -> Any:
    """A number stays a number; anything else becomes neutralised text; None empty."""
    if value is None:
        return None
    if is_finite(value):
        return value
    return _text(value)


def _summary_sheet(results: Sequence[dict], labels: Any) -> _Sheet:
    tops = [sid for sid, _title in union_top_sections(results, labels)]
    header = [*WIDE_COLUMNS, *(SECTION_PREFIX + sid for sid in tops)]
    score_cols = {WIDE_COLUMNS.index("score")} | set(range(len(WIDE_COLUMNS), len(header)))
    sheet = _Sheet(header, {i: _SCORE_FORMAT for i in score_cols})
    for result in results:
        row = [_value(v) for v in wide_values(result, tops)]
        sheet.add(row)
    return sheet


def _indicator_sheet(results: Sequence[dict], labels: Any) -> _Sheet:
    score_col = LONG_COLUMNS.index("score")
    sheet = _Sheet(list(LONG_COLUMNS), {score_col: _FRACTION_FORMAT})
    by_col = LONG_COLUMNS.index("by")
    for result in results:
        for values in long_values(result, labels):
            by = values[by_col]
            sheet.add([_text(fmt_by_plain(by)) if i == by_col and by else (None if i == by_col else _value(v))
                       for i, v in enumerate(values)])
    return sheet


def _about_sheet(results: Sequence[dict], labels: Any) -> _Sheet:
    from .. import __version__

    sheet = _Sheet(
        ["checklist_id", "checklist_version", "checklist_sha256", "title"], filter=False
    )
    seen = set()
    for result in results:
        c = checklist_of(result)
        key = (c.get("id"), c.get("version"), c.get("sha256"))
        if key in seen:
            continue
        seen.add(key)
        lab = get_labels(labels, c.get("id"))
        title = lab.title if lab is not None else None
        sheet.add(
            [_value(c.get("id")), _value(c.get("version")), _value(c.get("sha256")), _value(title)]
        )
    notes = [
        f"Generated by ledcheck {__version__} from {len(results)} result(s).",
        "Summary: overall and section scores on 0-100 (unrounded; shown with one decimal).",
        "Indicators: indicator scores on 0-1 (shown as a percentage); empty = excluded.",
        "Text that starts with = + - or @ has a leading ' so it is never read as a formula.",
    ]
    sheet.add([None, None, None, None])
    for note in notes:
        sheet.rows.append([_text(note), None, None, None])
    return sheet


def render_xlsx(results: Sequence[dict], labels: Any = None, stream=None) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _summary_sheet(results, labels).write(wb, "Summary")
    _indicator_sheet(results, labels).write(wb, "Indicators")
    _about_sheet(results, labels).write(wb, "About")
    # Through a buffer: zipfile wants to seek, and the stream may be a pipe.
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    stream.write(buffer.getvalue())


class XlsxWriter(_HeldWriter):
    def _finish(self) -> None:
        render_xlsx(self.results, self.labels, self.stream)
