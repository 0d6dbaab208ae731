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
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_value_plain(value)  # numbers are never neutralised
    return neutralise(fmt_value_plain(value))


def wide_row(result: Mapping[str, Any], section_ids: list[str]) -> list[str]:
    checklist = checklist_of(result)
    counts = result.get("counts") or {}
    errors, warnings = problem_counts(result)
    scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
    row = [
        text_cell(result.get("source")),
        text_cell(result.get("subject")),
        text_cell(result.get("assessor")),
        text_cell(result.get("date")),
        text_cell(result.get("period")),
        text_cell(checklist.get("id")),
        text_cell(checklist.get("version")),
        text_cell(checklist.get("sha256")),
        fmt_score4(result.get("score")),
        text_cell(result.get("rating")),
        text_cell(result.get("complete")),
        text_cell(counts.get("indicators")),
        text_cell(counts.get("applicable")),
        text_cell(counts.get("answered")),
        text_cell(counts.get("na")),
        text_cell(counts.get("missing")),
        str(errors),
        str(warnings),
    ]
    row.extend(fmt_score4(scores.get(sid)) for sid in section_ids)
    return row


def long_rows(result: Mapping[str, Any], labels: Any):
    checklist_id = checklist_of(result).get("id")
    lab = get_labels(labels, checklist_id)
    head = [
        text_cell(result.get("source")),
        text_cell(result.get("subject")),
        text_cell(result.get("period")),
        text_cell(checklist_id),
    ]
    for section, indicator in walk_indicators(result):
        yield head + [
            text_cell(section.get("id")),
            text_cell(indicator.get("id")),
            text_cell(indicator_text(indicator, lab)),
            text_cell(indicator.get("status")),
            text_cell(indicator.get("value")),
            fmt_score4(indicator.get("score")),
            text_cell(indicator.get("weight")),
            text_cell(indicator.get("evidence")),
            text_cell(indicator.get("note")),
            neutralise(fmt_by_plain(indicator["by"])) if indicator.get("by") else "",
        ]


class _CsvWriter(Writer):
    def __init__(self, stream, *, labels=None) -> None:
        super().__init__(stream, labels=labels)
        self._csv = csv.writer(TextSink(stream))
        self._header_written = False


class WideCsvWriter(_CsvWriter):
    """One row per submission; holds only the header."""

    def __init__(self, stream, *, labels=None) -> None:
        super().__init__(stream, labels=labels)
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
