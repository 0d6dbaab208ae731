"""CSV writers, streamed: a row is written as each result arrives.

Wide (default): one row per submission. Columns::

    source, subject, assessor, date, period,
    checklist_id, checklist_version, checklist_sha256,
    score, rating, complete,
    indicators, applicable, answered, na, missing,
    errors, warnings,
    section:<id>, ...          one per TOP-LEVEL section, its score

The ``section:`` prefix keeps a section id from clashing with a fixed column
(a section may be called ``score``). The section columns come from the first
result; a later result's other sections are ignored and its missing ones left
blank (score batches of one checklist together, or use ``long``). With no
results at all, only the fixed columns are written.

Long (``long=True``): one row per indicator. Columns::

    source, subject, period, checklist_id,
    section_id (the innermost section), indicator_id, text (from labels),
    status, value, score, weight, evidence, note, by

Cells:

- scores are rounded half up to 4 decimals ("63.25", "70.0", "0.6667"):
  section and overall scores on 0–100, indicator scores on 0–1, as in the JSON;
- booleans are ``yes`` / ``no``; None (an excluded score, a missing answer) is
  an empty cell;
- a list answer is its option ids joined with ``;``; disaggregated parts are
  ``sex.female=30;sex.male=34``;
- formula injection (OWASP): a text cell starting with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return gets a leading ``'``. Numbers are left alone (a
  negative number stays a number).

Encoding is UTF-8 without a byte-order mark and rows end with ``\\r\\n`` (RFC
4180). Excel guesses a legacy code page for a BOM-less CSV opened by double
click: use Data > From Text/CSV (choose UTF-8), or the ``xlsx`` format.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any

from . import Writer
from ._common import (
    TextSink,
    checklist_of,
    fmt_by_plain,
    fmt_score4,
    fmt_value_plain,
    get_labels,
    indicator_text,
    is_number,
    neutralise,
    problem_counts,
    sections_of,
    walk_indicators,
)

WIDE_COLUMNS = (
    "source",
    "subject",
    "assessor",
    "date",
    "period",
    "checklist_id",
    "checklist_version",
    "checklist_sha256",
    "score",
    "rating",
    "complete",
    "indicators",
    "applicable",
    "answered",
    "na",
    "missing",
    "errors",
    "warnings",
)
SECTION_PREFIX = "section:"

LONG_COLUMNS = (
    "source",
    "subject",
    "period",
    "checklist_id",
    "section_id",
    "indicator_id",
    "text",
    "status",
    "value",
    "score",
    "weight",
    "evidence",
    "note",
    "by",
)


def text_cell(value: Any) -> str:
    """Any non-score value as a CSV cell (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if is_number(value):
        return fmt_value_plain(value)  # numbers are never neutralised
    return neutralise(fmt_value_plain(value))


def wide_values(result: Mapping[str, Any], section_ids: list[str]) -> list[Any]:
    """The values of a wide row (``WIDE_COLUMNS`` then one score per section), unformatted:
    CSV and XLSX each format them their own way."""
    checklist = checklist_of(result)
    counts = result.get("counts") or {}
    errors, warnings = problem_counts(result)
    scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
    return [
        result.get("source"), result.get("subject"), result.get("assessor"), result.get("date"),
        result.get("period"), checklist.get("id"), checklist.get("version"), checklist.get("sha256"),
        result.get("score"), result.get("rating"), result.get("complete"),
        counts.get("indicators"), counts.get("applicable"), counts.get("answered"), counts.get("na"),
        counts.get("missing"), errors, warnings,
        *(scores.get(sid) for sid in section_ids),
    ]


def long_values(result: Mapping[str, Any], labels: Any):
    """The values of the long rows (``LONG_COLUMNS``, one row per indicator), unformatted;
    ``by`` stays a mapping."""
    checklist_id = checklist_of(result).get("id")
    lab = get_labels(labels, checklist_id)
    head = [result.get("source"), result.get("subject"), result.get("period"), checklist_id]
    for section, indicator in walk_indicators(result):
        yield head + [
            section.get("id"), indicator.get("id"), indicator_text(indicator, lab) or None,
            indicator.get("status"), indicator.get("value"), indicator.get("score"),
            indicator.get("weight"), indicator.get("evidence"), indicator.get("note"),
            indicator.get("by") or None,
        ]


_WIDE_SCORE = WIDE_COLUMNS.index("score")
_LONG_SCORE = LONG_COLUMNS.index("score")
_LONG_BY = LONG_COLUMNS.index("by")


def wide_row(result: Mapping[str, Any], section_ids: list[str]) -> list[str]:
    first_section = len(WIDE_COLUMNS)
    return [fmt_score4(v) if i == _WIDE_SCORE or i >= first_section else text_cell(v)
            for i, v in enumerate(wide_values(result, section_ids))]


def long_rows(result: Mapping[str, Any], labels: Any):
    for values in long_values(result, labels):
        by = values[_LONG_BY]
        values[_LONG_SCORE] = fmt_score4(values[_LONG_SCORE])
        values[_LONG_BY] = neutralise(fmt_by_plain(by)) if by else ""
        yield [v if i in (_LONG_SCORE, _LONG_BY) else text_cell(v) for i, v in enumerate(values)]


class _CsvWriter(Writer):
    def __init__(self, stream, *, labels=None, **opts) -> None:
        super().__init__(stream, labels=labels, **opts)
        self._csv = csv.writer(TextSink(stream))
        self._header_written = False


class WideCsvWriter(_CsvWriter):
    """One row per submission; holds only the header."""

    def __init__(self, stream, *, labels=None, **opts) -> None:
        super().__init__(stream, labels=labels, **opts)
        self.section_ids: list[str] = []

    def write(self, result: dict) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        if not self._header_written:
            self.section_ids = [str(s.get("id")) for s in sections_of(result)]
            self._csv.writerow(
                [*WIDE_COLUMNS, *(text_cell(SECTION_PREFIX + sid) for sid in self.section_ids)]
            )
            self._header_written = True
        self._csv.writerow(wide_row(result, self.section_ids))

    def _finish(self) -> None:
        if not self._header_written:
            self._csv.writerow(WIDE_COLUMNS)
            self._header_written = True


class LongCsvWriter(_CsvWriter):
    """One row per indicator."""

    def write(self, result: dict) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        if not self._header_written:
            self._csv.writerow(LONG_COLUMNS)
            self._header_written = True
        self._csv.writerows(long_rows(result, self.labels))

    def _finish(self) -> None:
        if not self._header_written:
            self._csv.writerow(LONG_COLUMNS)
            self._header_written = True


def open_csv(stream, *, labels=None, long: bool = False, **opts) -> _CsvWriter:
    """The wide CSV writer, or the long one (one row per indicator) with ``long``."""
    return (LongCsvWriter if long else WideCsvWriter)(stream, labels=labels, **opts)
