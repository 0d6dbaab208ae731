"""CSV writers, streamed: a row is written as each result arrives.

Wide (default): one row per submission. Columns::

    source, subject, assessor, date, period,
    checklist_id, checklist_version, checklist_sha256,
    score, rating, complete,
    indicators, applicable, answered, na, missing,
    errors, warnings,
    section:<id>, ...          one per TOP-LEVEL section, its score
    subject_id, reference_period, profile,                       (1.1, FORMAT 6.4, 6.6)
    no_data, implied, not_selected,                               (1.1 counts, 6.2, 6.6)
    results_level.<level>, ... the score of each results level    (1.1, 6.3)
    meta.<key>, ...            the subject's facts                (1.1, 6.4)

The ``section:`` prefix keeps a section id from clashing with a fixed column
(a section may be called ``score``). The section columns come from the first
result; a later result's other sections are ignored and its missing ones left
blank (score batches of one checklist together, or use ``long``). With no
results at all, only the fixed 1.0 columns are written. The 1.1 columns come after
every 1.0 column, so a 1.0 reader of the columns by position still finds its own.

Long (``long=True``): one row per indicator. Columns::

    source, subject, period, checklist_id,
    section_id (the innermost section), indicator_id, text (from labels),
    status, value, score, weight, evidence, note, by
    subject_id, reference_period, profile, meta.<key>, ...        (1.1)
    results_level, direction, baseline, target,                   (1.1, 6.1, 6.3)
    by.<breakdown>.<category>, ...                                (1.1, 6.5)

so that every indicator score can be rebuilt from the sheet alone: a number's score is
``(value - baseline) / (target - baseline)``, clamped to [0, 1]. ``direction``, ``baseline``
and ``target`` are the effective ones the result carries (1.1), else the checklist's (from
the labels) with the submission's own override. ``by`` keeps its 1.0 packed text
(``sex.female=30;sex.male=34``); the ``by.*`` columns carry each part as a number, and
``by.<breakdown>.unknown`` the remainder (FORMAT 6.11: declared categories plus ``unknown``).

Which 1.1 columns a streamed CSV has is fixed by its header, before the second result is
seen: the ``meta.*`` columns are the checklist's ``subject_fields`` (from the labels), then
the other meta keys of the first result; the ``by.*`` columns are each breakdown the
checklist's indicators use (from the labels), then those of the first result; the
``results_level.*`` columns are the levels of the checklist's indicators, then those of the
first result. A later result's value for a column the header lacks is left out, and the
column named in the writer's ``omitted`` set (the ``xlsx`` and ``json`` formats, which see
every result before writing, carry every key).

Cells:

- scores are rounded half up to 4 decimals ("63.25", "70.0", "0.6667"):
  section and overall scores on 0–100, indicator scores on 0–1, as in the JSON;
- booleans are ``yes`` / ``no``; None (an excluded score, a missing answer) is
  an empty cell;
- a list answer is its option ids joined with ``;``; disaggregated parts are
  ``sex.female=30;sex.male=34`` in ``by`` and numbers in the ``by.*`` columns;
- formula injection (OWASP): a text cell starting with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return gets a leading ``'``. Numbers are left alone (a
  negative number stays a number).

Encoding is UTF-8 without a byte-order mark and rows end with ``\\r\\n`` (RFC
4180). Excel guesses a legacy code page for a BOM-less CSV opened by double
click: use Data > From Text/CSV (choose UTF-8), or the ``xlsx`` format.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from . import Writer
from ._common import (
    RESULTS_LEVELS,
    TextSink,
    checklist_of,
    display_source,
    fmt_by_plain,
    fmt_score4,
    fmt_value_plain,
    get_labels,
    goal_of,
    indicator_text,
    is_number,
    levels_of,
    meta_of,
    neutralise,
    problem_counts,
    sections_of,
    walk_indicators,
)

if TYPE_CHECKING:
    from . import Labels

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
WIDE_COLUMNS_11 = ("subject_id", "reference_period", "profile", "no_data", "implied", "not_selected")
"""The 1.1 fixed columns of the wide layout, after the 1.0 ones and the section scores."""
LEVEL_PREFIX = "results_level."
META_PREFIX = "meta."
BY_PREFIX = "by."

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
LONG_COLUMNS_11 = ("subject_id", "reference_period", "profile")
"""The 1.1 subject columns of the long layout (then ``meta.*``, :data:`GOAL_COLUMNS`, ``by.*``)."""
GOAL_COLUMNS = ("results_level", "direction", "baseline", "target")


@dataclass
class Extra:
    """The 1.1 columns of a sheet beyond the fixed ones, fixed by its header."""

    levels: list[str] = field(default_factory=list)
    meta: list[str] = field(default_factory=list)
    breakdowns: list[tuple[str, str]] = field(default_factory=list)
    omitted: set[str] = field(default_factory=set)
    """Columns a result had values for that this (fixed) header lacks: left out."""

    def note(self, result: Mapping[str, Any], wide: bool) -> None:
        """Add to :attr:`omitted` the meta keys and levels of ``result`` that the header lacks
        (the long rows note missing breakdown parts themselves, as they are made)."""
        meta = meta_of(result)
        if meta:
            known = set(self.meta)
            self.omitted.update(META_PREFIX + str(k) for k in meta if str(k) not in known)
        if wide:
            known = set(self.levels)
            self.omitted.update(LEVEL_PREFIX + str(lv.get("level")) for lv in levels_of(result)
                                if str(lv.get("level")) not in known)

    def add(self, result: Mapping[str, Any], labels: Any) -> None:
        """Add the columns ``result`` (and its checklist's labels) call for, keeping order."""
        lab = get_labels(labels, checklist_of(result).get("id"))
        levels = set(self.levels)
        levels.update(str(lv) for lv in (getattr(lab, "levels", None) or {}).values())
        levels.update(str(lv.get("level")) for lv in levels_of(result))
        order = {name: i for i, name in enumerate(RESULTS_LEVELS)}
        self.levels = sorted(levels, key=lambda name: (order.get(name, len(order)), name))
        fields = [fid for fid, _label in (getattr(lab, "subject_fields", None) or ())]
        _extend(self.meta, [*fields, *(str(k) for k in meta_of(result))])
        declared = getattr(lab, "breakdowns", None) or {}
        cats = [(b, c) for b, cs in declared.items() for c in cs]
        for _section, indicator in walk_indicators(result):
            by = indicator.get("by")
            if isinstance(by, Mapping):
                for b, parts in by.items():
                    if isinstance(parts, Mapping):
                        cats += [(str(b), str(c)) for c in parts]
                        cats.append((str(b), "unknown"))
        _extend(self.breakdowns, _grouped(cats))

    def wide_header(self) -> list[str]:
        return [*WIDE_COLUMNS_11, *(LEVEL_PREFIX + lv for lv in self.levels),
                *(META_PREFIX + key for key in self.meta)]

    def long_header(self) -> list[str]:
        return [*LONG_COLUMNS_11, *(META_PREFIX + key for key in self.meta), *GOAL_COLUMNS,
                *(f"{BY_PREFIX}{b}.{c}" for b, c in self.breakdowns)]


def _extend(found: list[Any], items: Iterable[Any]) -> None:
    seen = set(found)
    for item in items:
        if item not in seen:
            seen.add(item)
            found.append(item)


def _grouped(cats: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Categories grouped by breakdown (first-seen order), ``unknown`` last in each."""
    order: dict[str, list[str]] = {}
    for b, c in cats:
        _extend(order.setdefault(b, []), [c])
    return [(b, c) for b, cs in order.items() for c in [*(x for x in cs if x != "unknown"), "unknown"]]


def text_cell(value: Any) -> str:
    """Any non-score value as a CSV cell (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if is_number(value):
        return fmt_value_plain(value)  # numbers are never neutralised
    return neutralise(fmt_value_plain(value))


def wide_values(result: Mapping[str, Any], section_ids: list[str], extra: Extra | None = None) -> list[Any]:
    """The values of a wide row (``WIDE_COLUMNS``, one score per section, then the 1.1
    columns of ``extra``), unformatted: CSV and XLSX each format them their own way."""
    checklist = checklist_of(result)
    counts = result.get("counts") or {}
    errors, warnings = problem_counts(result)
    scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
    tail: list[Any] = []
    if extra is not None:
        meta = meta_of(result)
        levels = {str(lv.get("level")): lv.get("score") for lv in levels_of(result)}
        tail = [result.get("subject_id"), result.get("reference_period"), result.get("profile"),
                counts.get("no_data"), counts.get("implied"), counts.get("not_selected"),
                *(levels.get(lv) for lv in extra.levels), *(meta.get(key) for key in extra.meta)]
    return [
        display_source(result.get("source")), result.get("subject"), result.get("assessor"), result.get("date"),
        result.get("period"), checklist.get("id"), checklist.get("version"), checklist.get("sha256"),
        result.get("score"), result.get("rating"), result.get("complete"),
        counts.get("indicators"), counts.get("applicable"), counts.get("answered"), counts.get("na"),
        counts.get("missing"), errors, warnings,
        *(scores.get(sid) for sid in section_ids),
        *tail,
    ]


def by_value(indicator: Mapping[str, Any], breakdown: str, category: str) -> Any:
    """One part of an indicator's breakdown as a number; ``unknown``, when not given, is the
    remainder (the value less the parts given: 0 when they add up); None when the indicator
    has no such breakdown."""
    by = indicator.get("by")
    parts = by.get(breakdown) if isinstance(by, Mapping) else None
    if not isinstance(parts, Mapping):
        return None
    if category in parts:
        return parts[category]
    value = indicator.get("value")
    if (category == "unknown" and isinstance(value, (int, float)) and is_number(value)
            and all(is_number(v) for v in parts.values())):
        rest = value - sum(parts.values())
        return round(rest, 12) if isinstance(rest, float) else rest
    return None


def _note_parts(by: Mapping[str, Any], extra: Extra) -> None:
    """Note the breakdown parts of ``by`` that have no column in ``extra``."""
    for b, parts in by.items():
        if isinstance(parts, Mapping):
            for c in parts:
                if (str(b), str(c)) not in extra.breakdowns:
                    extra.omitted.add(f"{BY_PREFIX}{b}.{c}")


def long_values(result: Mapping[str, Any], labels: Any, extra: Extra | None = None) -> Iterator[list[Any]]:
    """The values of the long rows (``LONG_COLUMNS``, one row per indicator, then the 1.1
    columns of ``extra``), unformatted; ``by`` stays a mapping."""
    checklist_id = checklist_of(result).get("id")
    lab = get_labels(labels, checklist_id)
    head = [display_source(result.get("source")), result.get("subject"), result.get("period"), checklist_id]
    subject: list[Any] = []
    if extra is not None:
        meta = meta_of(result)
        subject = [result.get("subject_id"), result.get("reference_period"), result.get("profile"),
                   *(meta.get(key) for key in extra.meta)]
    levels = getattr(lab, "levels", None) or {}
    for section, indicator in walk_indicators(result):
        row = head + [
            section.get("id"), indicator.get("id"), indicator_text(indicator, lab) or None,
            indicator.get("status"), indicator.get("value"), indicator.get("score"),
            indicator.get("weight"), indicator.get("evidence"), indicator.get("note"),
            indicator.get("by") or None,
        ]
        if extra is not None:
            goal = goal_of(indicator, lab)
            baseline, target, direction = goal[:3] if goal is not None else (None, None, None)
            level = indicator.get("results_level") or levels.get(indicator.get("id"))
            row += [*subject, level, direction, baseline, target,
                    *(by_value(indicator, b, c) for b, c in extra.breakdowns)]
            by = indicator.get("by")
            if isinstance(by, Mapping):
                _note_parts(by, extra)
        yield row


_WIDE_SCORE = WIDE_COLUMNS.index("score")
_LONG_SCORE = LONG_COLUMNS.index("score")
_LONG_BY = LONG_COLUMNS.index("by")


def wide_row(result: Mapping[str, Any], section_ids: list[str], extra: Extra | None = None) -> list[str]:
    first_section = len(WIDE_COLUMNS)
    last_section = first_section + len(section_ids)
    first_level = last_section + len(WIDE_COLUMNS_11)
    last_level = first_level + (len(extra.levels) if extra is not None else 0)
    return [fmt_score4(v) if i == _WIDE_SCORE or first_section <= i < last_section
            or first_level <= i < last_level else text_cell(v)
            for i, v in enumerate(wide_values(result, section_ids, extra))]


def long_rows(result: Mapping[str, Any], labels: Any, extra: Extra | None = None) -> Iterator[list[Any]]:
    for values in long_values(result, labels, extra):
        by = values[_LONG_BY]
        values[_LONG_SCORE] = fmt_score4(values[_LONG_SCORE])
        values[_LONG_BY] = neutralise(fmt_by_plain(by)) if by else ""
        yield [v if i in (_LONG_SCORE, _LONG_BY) else text_cell(v) for i, v in enumerate(values)]


class _CsvWriter(Writer):
    def __init__(self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> None:
        super().__init__(stream, labels=labels, **opts)
        self._csv = csv.writer(TextSink(stream))
        self._header_written = False
        self.extra = Extra()

    @property
    def omitted(self) -> set[str]:
        """1.1 columns that a later result had values for but the header lacked (left out)."""
        return self.extra.omitted


class WideCsvWriter(_CsvWriter):
    """One row per submission; holds only the header."""

    def __init__(self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> None:
        super().__init__(stream, labels=labels, **opts)
        self.section_ids: list[str] = []

    def write(self, result: dict[str, Any]) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        if not self._header_written:
            self.section_ids = [str(s.get("id")) for s in sections_of(result)]
            self.extra.add(result, self.labels)
            self._csv.writerow([
                *WIDE_COLUMNS, *(text_cell(SECTION_PREFIX + sid) for sid in self.section_ids),
                *(text_cell(name) for name in self.extra.wide_header()),
            ])
            self._header_written = True
        else:
            self.extra.note(result, wide=True)
        self._csv.writerow(wide_row(result, self.section_ids, self.extra))

    def _finish(self) -> None:
        if not self._header_written:
            self._csv.writerow(WIDE_COLUMNS)
            self._header_written = True


class LongCsvWriter(_CsvWriter):
    """One row per indicator."""

    def write(self, result: dict[str, Any]) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        if not self._header_written:
            self.extra.add(result, self.labels)
            self._csv.writerow([*LONG_COLUMNS, *(text_cell(name) for name in self.extra.long_header())])
            self._header_written = True
        else:
            self.extra.note(result, wide=False)
        self._csv.writerows(long_rows(result, self.labels, self.extra))

    def _finish(self) -> None:
        if not self._header_written:
            self._csv.writerow(LONG_COLUMNS)
            self._header_written = True


def open_csv(stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, long: bool = False,
             **opts: Any) -> _CsvWriter:
    """The wide CSV writer, or the long one (one row per indicator) with ``long``."""
    return (LongCsvWriter if long else WideCsvWriter)(stream, labels=labels, **opts)
