"""The terminal table: one row per submission.

Columns: subject, period, score (one decimal) with a 10-cell bar, rating,
answered/applicable, one column per results level when the results have them (FORMAT
6.3), then one column per top-level section (headed by its short id, one decimal, "–" when
excluded). The caption lists each subject's data gaps (indicators answered ``no_data``,
6.2). Headings and caption are in the labels' language (``--lang vi``). Every cell is a
plain ``rich.text.Text``, so brackets in user text are never read as Rich markup, and
control characters and bidirectional-text controls (which could make a terminal show a
cell's text in another order) are replaced. The bar uses block characters, or ``#`` and ``.`` on a console
that cannot encode them. Colour only repeats what the text says (bands at 75
and 50), so the table reads the same with NO_COLOR or TERM=dumb.

On a narrow console (80 columns) the table gives up width in steps until it
fits: one space between columns, a 5-cell bar, the period under the subject,
section ids cut to 5 characters ("stra…"), no bar; past that Rich wraps. Rich
is imported only here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import printable
from ..i18n import DRAFT_NOTICE, language, tr
from ._common import (
    RESULTS_LEVELS,
    checklist_of,
    checklist_title,
    fmt_completion,
    fmt_score,
    fraction,
    gaps_of,
    get_labels,
    levels_of,
    one_line,
    report_lang,
    sections_of,
    subject_of,
    union_top_sections,
)

# Bidirectional-text controls: embeddings, overrides, isolates and marks (the "Trojan
# Source" characters), which reorder what a terminal shows.
_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
GAPS_SHOWN = 10
"""Subjects whose data gaps the caption lists; the others are counted."""


def cell_text(text: str) -> str:
    """Data text for a table cell: one line, no control or bidirectional-control characters."""
    return _BIDI_RE.sub("\ufffd", one_line(text))

BAR_CELLS = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_text(score: Any, *, ascii_only: bool = False, cells: int = BAR_CELLS) -> str:
    """A bar of ``cells`` characters for a 0–100 score ("" for None)."""
    frac = fraction(score)
    if frac is None:
        return ""
    if ascii_only:
        full = round(frac * cells)
        return "#" * full + "." * (cells - full)
    eighths = round(frac * cells * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full
    if part:
        text += _EIGHTHS[part]
    return text + "░" * (cells - len(text))


class Bar:
    """A score bar of ``cells`` characters: block characters, or ASCII on a
    console that cannot encode them."""

    def __init__(self, score: Any, style: str = "", cells: int = BAR_CELLS) -> None:
        self.score = score
        self.style = style
        self.cells = cells

    def __rich_console__(self, console, options):
        from rich.segment import Segment
        from rich.style import Style

        cells = min(self.cells, options.max_width)
        if cells <= 0 or fraction(self.score) is None:
            return
        text = bar_text(self.score, ascii_only=options.ascii_only, cells=cells)
        filled = len(text.rstrip("░."))
        style = Style.parse(self.style) if self.style else None
        yield Segment(text[:filled], style)
        if filled < len(text):
            yield Segment(text[filled:], Style(dim=True))

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        width = min(self.cells, options.max_width) if fraction(self.score) is not None else 0
        return Measurement(width, width)


def _rating_style(score: Any) -> str:
    frac = fraction(score)
    if frac is None:
        return ""
    if frac >= 0.75:
        return "green"
    if frac >= 0.5:
        return "yellow"
    return "red"


# Layouts tried in turn until the table fits the console: (bar cells, period
# under the subject, longest section header, padding added to the one-space
# column divider). The last one is left to Rich to wrap and fold.
# Then: the widest the subject may be (it wraps below that), and whether section columns are shown;
# the last layout drops the section columns (with a caption saying so) rather than wrap every cell.
_LAYOUTS = (
    (BAR_CELLS, False, None, 1, None, True),
    (BAR_CELLS, False, None, 0, None, True),
    (5, False, None, 0, 28, True),
    (5, True, None, 0, 24, True),
    (5, True, 5, 0, 20, True),
    (0, True, 5, 0, 18, True),
    (5, True, None, 0, 28, False),
    (0, True, None, 0, 18, False),
)
HIDDEN_CAPTION = "Section scores do not fit this width: widen the terminal, or use --format md, html or csv."


def _truncate(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def _is_draft(results: list[dict], labels: Any) -> bool:
    """The table's language is a draft translation for every checklist shown (FORMAT.md §6.11:
    a PO file marked draft, or ledcheck's own words in that language), as the reports decide."""
    drafts = {bool(getattr(get_labels(labels, checklist_of(r).get("id")), "draft", False)) for r in results}
    return drafts == {True}


def _caption(results: list[dict], hidden: bool, draft: bool = False) -> str | None:
    """"draft translation, not yet reviewed" in a draft language, the data gaps of each subject
    (6.2), and a line when section scores do not fit."""
    lines = [tr(DRAFT_NOTICE)] if draft else []
    with_gaps = [(r, gaps_of(r)) for r in results]
    with_gaps = [(r, g) for r, g in with_gaps if g]
    for result, gaps in with_gaps[:GAPS_SHOWN]:
        ids = ", ".join(cell_text(str(i.get("id"))) for _s, i in gaps)
        when = result.get("period") or result.get("reference_period") or result.get("date")
        who = cell_text(subject_of(result)) + (f" ({cell_text(str(when))})" if when else "")
        lines.append(f"{tr('Data gaps')}: {who}: {ids}")
    if len(with_gaps) > GAPS_SHOWN:
        lines.append(f"{tr('Data gaps')}: +{len(with_gaps) - GAPS_SHOWN} {tr('submissions')}")
    if hidden:
        lines.append(tr(HIDDEN_CAPTION))
    return "\n".join(lines) or None


def _levels(results: list[dict]) -> list[str]:
    """The results levels any result has, in the results-chain order."""
    found = {str(lv.get("level")) for r in results for lv in levels_of(r)}
    return [lv for lv in RESULTS_LEVELS if lv in found] + sorted(found - set(RESULTS_LEVELS))


def _fill(table, results: list[dict], labels: Any, layout: tuple) -> None:
    with language(report_lang(results, labels)):
        _fill_in(table, results, labels, layout)


def _fill_in(table, results: list[dict], labels: Any, layout: tuple) -> None:
    from rich.text import Text

    bar_cells, merge_period, header_max, _gap, subject_max, show_sections = layout
    tops = union_top_sections(results, labels) if show_sections else []
    caption = _caption(results, not show_sections, _is_draft(results, labels))
    if caption:
        table.caption = Text(caption)
        table.caption_justify = "left"
    has_period = any(r.get("period") for r in results)
    has_rating = any(r.get("rating") for r in results)
    levels = _levels(results)
    separate_period = has_period and not merge_period
    table.add_column(tr("Subject"), overflow="fold", max_width=subject_max)
    if separate_period:
        table.add_column(tr("Period"), overflow="fold")
    table.add_column(tr("Score"), justify="right", no_wrap=True)
    if bar_cells:
        table.add_column("", no_wrap=True)
    if has_rating:
        table.add_column(tr("Rating"), overflow="fold")
    table.add_column(tr("Done"), justify="right", no_wrap=True)
    for level in levels:
        table.add_column(Text(_truncate(tr(level), header_max)), justify="right", no_wrap=True,
                         style="italic")
    for sid, _title in tops:
        table.add_column(
            Text(_truncate(printable(cell_text(sid)), header_max)),
            justify="right",
            no_wrap=True,
            min_width=5,
        )

    for result in results:
        score = result.get("score")
        style = _rating_style(score)
        scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
        subject = Text(cell_text(subject_of(result)))
        period = cell_text(str(result.get("period") or ""))
        if has_period and merge_period and period:
            subject.append("\n" + period, style="dim")
        cells: list[Any] = [subject]
        if separate_period:
            cells.append(Text(period))
        cells.append(Text(fmt_score(score), style=f"bold {style}".strip()))
        if bar_cells:
            cells.append(Bar(score, style, bar_cells))
        if has_rating:
            cells.append(Text(cell_text(str(result.get("rating") or ""))))
        cells.append(
            Text(fmt_completion(result), style="" if result.get("complete") else "yellow")
        )
        level_scores = {str(lv.get("level")): lv.get("score") for lv in levels_of(result)}
        for level in levels:
            cells.append(Text(fmt_score(level_scores.get(level)) if level in level_scores else ""))
        for sid, _title in tops:
            cells.append(Text(fmt_score(scores.get(sid)) if sid in scores else ""))
        table.add_row(*cells)


def _new_table(title: str | None, gap: int, cls=None):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    return (cls or Table)(
        title=Text(printable(cell_text(title))) if title else None,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, gap, 0, 0),
    )


def build_table(results: list[dict], *, labels: Mapping[str, Any] | None = None):
    """A ``rich.table.Table`` (subclass) with one row per submission.

    Its columns and rows are those of the widest layout; when rendered on a
    console too narrow for it, it renders the first narrower layout that fits:
    one space between columns, a shorter bar, the period under the subject,
    section ids cut to 5 characters ("stra…"), no bar; past that Rich wraps the
    text columns.
    """
    from rich.measure import Measurement
    from rich.table import Table

    results = list(results)
    ids = {checklist_of(r).get("id") for r in results}
    title = checklist_title(results[0], labels) if len(ids) == 1 and results else None

    class ResultsTable(Table):
        def _fitting(self, console, options):
            width = options.max_width
            wide = options.update_width(1_000_000)  # natural, unclamped widths
            if Table.__rich_measure__(self, console, wide).maximum <= width:
                return self
            candidate = self
            for layout in _LAYOUTS[1:]:
                candidate = _new_table(title, layout[3])
                _fill(candidate, results, labels, layout)
                if Measurement.get(console, wide, candidate).maximum <= width:
                    break
            return candidate

        def __rich_console__(self, console, options):
            table = self._fitting(console, options)
            if table is self:
                yield from Table.__rich_console__(self, console, options)
            else:
                yield table

        def __rich_measure__(self, console, options):
            table = self._fitting(console, options)
            if table is self:
                return Table.__rich_measure__(self, console, options)
            return Measurement.get(console, options, table)

    table = _new_table(title, _LAYOUTS[0][3], ResultsTable)
    _fill(table, results, labels, _LAYOUTS[0])
    return table
