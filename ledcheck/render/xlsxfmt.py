"""Excel workbook (openpyxl, imported only here), written in write-only mode: rows go to
openpyxl's temporary files as they are made, so a large batch is never held as rows.

Sheets:

``Summary``     one row per submission, the wide CSV columns
                (:data:`ledcheck.render.csvfmt.WIDE_COLUMNS`, ``section:<id>`` for every
                top-level section seen in any result, then the 1.1 columns: ``subject_id``,
                ``reference_period``, ``profile``, the counts ``no_data``, ``implied``,
                ``not_selected``, ``results_level.<level>`` and ``meta.<key>`` for every key
                of any result); scores are numbers on 0–100, unrounded, displayed with one
                decimal ("0.0").
``Indicators``  one row per indicator, the long CSV columns (with ``results_level``,
                ``direction``, ``baseline``, ``target`` and a numeric ``by.<breakdown>.<category>``
                column for every part of any result), so every score can be rebuilt from the
                sheet; the indicator score is a number on 0–1, displayed as a percentage.
``Data gaps``   one row per indicator answered ``no_data`` (FORMAT 6.2): what was not measured.
``About``       id, version, SHA-256 and title of each checklist, and how the workbook was made.

A sheet that would pass Excel's 1,048,576 rows goes on in "Indicators (2)", "Indicators (3)",
..., each with the header row (Excel refuses a longer sheet; nothing is dropped).

Header rows are bold, frozen and filtered. Numbers stay numbers; every text cell is
explicitly a string (type ``s``), with what XML 1.0 cannot hold replaced by U+FFFD (control
characters, U+FFFE, U+FFFF, and lone surrogates from a file name that is not UTF-8: Excel
refuses such a file as corrupt), and, as in the CSV, a leading ``'`` when it starts with
``=``, ``+``, ``-``, ``@``, tab or carriage return, so that it is never a formula, not even
after the sheet is saved again as CSV.

The results are read twice (the writer holds them spooled, :class:`ledcheck.render.HeldResults`):
once for the columns every result needs and the column widths, once to write the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, BinaryIO

from . import _HeldWriter
from ._common import (
    checklist_of,
    fmt_by_plain,
    fmt_value_plain,
    gaps_of,
    get_labels,
    indicator_text,
    is_finite,
    neutralise,
    section_title,
)
from .csvfmt import (
    LONG_COLUMNS,
    SECTION_PREFIX,
    WIDE_COLUMNS,
    WIDE_COLUMNS_11,
    Extra,
    long_values,
    wide_values,
)

# What XML 1.0 cannot hold: C0 controls but tab/LF/CR, surrogates (lone ones come from
# undecodable file names), U+FFFE and U+FFFF.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_CELL = 32767
_MAX_WIDTH = 60
_SCORE_FORMAT = "0.0"
_FRACTION_FORMAT = "0.0%"
MAX_ROWS = 1_048_576
"""Excel's rows per sheet, the header row included."""
MAX_COLUMNS = 16_384
"""Excel's columns per sheet: ``meta.*`` and ``by.*`` columns past it are left out (said in About)."""
_SAMPLE = 2000
"""Rows looked at for the column widths."""
GAP_COLUMNS = ("subject", "subject_id", "period", "reference_period", "checklist_id",
               "section_id", "section", "indicator_id", "text")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _ILLEGAL_RE.sub("\ufffd", text)


def _text(value: Any) -> str:
    text = xml_text(fmt_value_plain(value))
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    return neutralise(text)


def _value(value: Any) -> Any:
    """A number stays a number; anything else becomes neutralised text; None empty."""
    if value is None:
        return None
    if is_finite(value):
        return value
    return _text(value)


class _Sheet:
    """One sheet's header, number formats and a way to make its rows (twice: for the
    widths, then to write them)."""

    def __init__(self, title: str, header: list[str], rows: Callable[[], Iterable[list[Any]]],
                 formats: dict[int, str] | None = None, *, filter: bool = True) -> None:
        self.title = title
        self.header = header
        self.rows = rows
        self.filter = filter
        self.formats = formats or {}

    def widths(self) -> list[int]:
        widths = [min(max(len(h) + 2, 8), _MAX_WIDTH) for h in self.header]
        for row in islice(self.rows(), _SAMPLE):
            for i, value in enumerate(row[: len(widths)]):
                if value is None:
                    continue
                if isinstance(value, str):
                    length = max((len(line) for line in value.splitlines()), default=0)
                else:
                    length = 8
                if length + 2 > widths[i]:
                    widths[i] = min(length + 2, _MAX_WIDTH)
        return widths

    def write(self, wb: Any) -> None:   # an openpyxl write-only Workbook (no stubs)
        """The sheet, split into "Title (2)", ... where it would pass Excel's row limit."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        widths = self.widths()
        bold = Font(bold=True)
        last = get_column_letter(max(len(self.header), 1))
        rows = _Peek(iter(self.rows()))
        part = 0
        while True:
            part += 1
            ws = wb.create_sheet(self.title if part == 1 else f"{self.title} ({part})")
            for i, width in enumerate(widths, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
            ws.freeze_panes = "A2"

            def cell(value: Any, fmt: str | None = None, font: Any = None, ws: Any = ws) -> Any:
                c = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    c.data_type = "s"
                if fmt and is_finite(value):
                    c.number_format = fmt
                if font is not None:
                    c.font = font
                return c

            ws.append([cell(_text(h), font=bold) for h in self.header])
            count = 0
            while count < MAX_ROWS - 1 and rows.more():
                ws.append([cell(v, self.formats.get(i)) for i, v in enumerate(next(rows))])
                count += 1
            if self.filter:
                ws.auto_filter.ref = f"A1:{last}{count + 1}"
            if not rows.more():
                break


class _Peek(Iterator[list[Any]]):
    """An iterator that can tell whether anything is left without losing it."""

    def __init__(self, it: Iterator[list[Any]]) -> None:
        self._it = it
        self._head: list[list[Any]] = []

    def more(self) -> bool:
        if not self._head:
            try:
                self._head.append(next(self._it))
            except StopIteration:
                return False
        return True

    def __next__(self) -> list[Any]:
        if self._head:
            return self._head.pop()
        return next(self._it)


def _columns(results: Sequence[dict[str, Any]], labels: Any) -> tuple[list[str], Extra]:
    """The top-level section ids and the 1.1 columns that every result together needs."""
    tops: dict[str, None] = {}
    extra = Extra()
    for result in results:
        for section in result.get("sections") or ():
            if isinstance(section, dict):
                tops.setdefault(str(section.get("id")), None)
        extra.add(result, labels)
    return list(tops), extra


def _fit_columns(tops: list[str], extra: Extra) -> int:
    """Drop the last ``meta.*`` / ``by.*`` columns that would pass Excel's column limit (only
    hostile data has that many keys); the number dropped."""
    wide_room = MAX_COLUMNS - len(WIDE_COLUMNS) - len(tops) - len(WIDE_COLUMNS_11) - len(extra.levels)
    dropped = 0
    if len(extra.meta) > max(wide_room, 0):
        dropped += len(extra.meta) - max(wide_room, 0)
        extra.meta = extra.meta[: max(wide_room, 0)]
    long_room = MAX_COLUMNS - len(LONG_COLUMNS) - len(extra.long_header()) + len(extra.breakdowns)
    if len(extra.breakdowns) > max(long_room, 0):
        dropped += len(extra.breakdowns) - max(long_room, 0)
        extra.breakdowns = extra.breakdowns[: max(long_room, 0)]
    if len(tops) > MAX_COLUMNS - len(WIDE_COLUMNS):
        dropped += len(tops) - (MAX_COLUMNS - len(WIDE_COLUMNS))
        del tops[MAX_COLUMNS - len(WIDE_COLUMNS):]
    return dropped


def _summary_sheet(results: Sequence[dict[str, Any]], labels: Any, tops: list[str], extra: Extra) -> _Sheet:
    header = [*WIDE_COLUMNS, *(SECTION_PREFIX + sid for sid in tops), *extra.wide_header()]
    first_level = len(WIDE_COLUMNS) + len(tops) + len(WIDE_COLUMNS_11)
    score_cols = ({WIDE_COLUMNS.index("score")} | set(range(len(WIDE_COLUMNS), len(WIDE_COLUMNS) + len(tops)))
                  | set(range(first_level, first_level + len(extra.levels))))

    def rows() -> Iterator[list[Any]]:
        for result in results:
            yield [_value(v) for v in wide_values(result, tops, extra)]

    return _Sheet("Summary", header, rows, {i: _SCORE_FORMAT for i in score_cols})


def _indicator_sheet(results: Sequence[dict[str, Any]], labels: Any, extra: Extra) -> _Sheet:
    score_col = LONG_COLUMNS.index("score")
    by_col = LONG_COLUMNS.index("by")

    def rows() -> Iterator[list[Any]]:
        for result in results:
            for values in long_values(result, labels, extra):
                by = values[by_col]
                yield [_text(fmt_by_plain(by)) if i == by_col and by else (None if i == by_col else _value(v))
                       for i, v in enumerate(values)]

    return _Sheet("Indicators", [*LONG_COLUMNS, *extra.long_header()], rows, {score_col: _FRACTION_FORMAT})


def _gaps_sheet(results: Sequence[dict[str, Any]], labels: Any) -> _Sheet:
    def rows() -> Iterator[list[Any]]:
        for result in results:
            lab = get_labels(labels, checklist_of(result).get("id"))
            for section, indicator in gaps_of(result):
                yield [_value(v) for v in (
                    result.get("subject"), result.get("subject_id"), result.get("period"),
                    result.get("reference_period"), checklist_of(result).get("id"), section.get("id"),
                    section_title(section, lab) or None, indicator.get("id"),
                    indicator_text(indicator, lab) or None)]

    return _Sheet("Data gaps", list(GAP_COLUMNS), rows)


def _about_sheet(results: Sequence[dict[str, Any]], labels: Any, dropped: int = 0) -> _Sheet:
    from .. import __version__

    def rows() -> Iterator[list[Any]]:
        seen = set()
        count = 0
        for result in results:
            count += 1
            c = checklist_of(result)
            key = (c.get("id"), c.get("version"), c.get("sha256"))
            if key in seen:
                continue
            seen.add(key)
            lab = get_labels(labels, c.get("id"))
            title = lab.title if lab is not None else None
            yield [_value(c.get("id")), _value(c.get("version")), _value(c.get("sha256")), _value(title)]
        notes = [
            f"Generated by ledcheck {__version__} from {count} result(s).",
            "Summary: overall and section scores on 0-100 (unrounded; shown with one decimal).",
            "Indicators: indicator scores on 0-1 (shown as a percentage); empty = excluded.",
            "A number's score is (value - baseline) / (target - baseline), clamped to 0-1; "
            "by.<breakdown>.<category> columns hold each part, by.<breakdown>.unknown the remainder.",
            "Data gaps: indicators answered no_data (not measured).",
            f"A sheet longer than Excel's {MAX_ROWS:,} rows goes on in 'Indicators (2)', ...",
            "Text that starts with = + - or @ has a leading ' so it is never read as a formula.",
        ]
        if dropped:
            notes.append(f"{dropped} meta/by/section column(s) past Excel's {MAX_COLUMNS:,} columns "
                         "are left out: use the json format for every key.")
        yield [None, None, None, None]
        for note in notes:
            yield [_text(note), None, None, None]

    return _Sheet("About", ["checklist_id", "checklist_version", "checklist_sha256", "title"], rows,
                  filter=False)


def render_xlsx(results: Sequence[dict[str, Any]], labels: Any = None, stream: BinaryIO | None = None) -> None:
    """The workbook of ``results`` written to the binary ``stream`` (which must be given)."""
    if stream is None:
        raise TypeError("render_xlsx() needs the binary stream to write the workbook to")
    from openpyxl import Workbook

    tops, extra = _columns(results, labels)
    dropped = _fit_columns(tops, extra)
    wb = Workbook(write_only=True)
    for sheet in (_summary_sheet(results, labels, tops, extra), _indicator_sheet(results, labels, extra),
                  _gaps_sheet(results, labels), _about_sheet(results, labels, dropped)):
        sheet.write(wb)
    # Through a buffer: zipfile wants to seek, and the stream may be a pipe.
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    stream.write(buffer.getvalue())


class XlsxWriter(_HeldWriter):
    def _finish(self) -> None:
        render_xlsx(self.results, self.labels, self.stream)
