"""Markdown report (GitHub-flavoured tables), for sharing.

One result::

    # <checklist title> — <subject>
    - metadata: checklist id, version, SHA-256, subject, assessor, date, period, source
    **Score: 63.3 / 100** · Developing · 31/33 answered (incomplete)
    ## Section scores        (nested sections indented with "↳")
    ## <section title>       one table of indicators per section
    ## Problems

Several results: a summary table (one row per submission, one column per
top-level section) and then each result's detail, one heading level lower.

Every piece of user text is escaped so that it stays inside its table cell and
cannot turn into markup or raw HTML: ``\\ ` * _ [ ] | ~ #`` get a backslash,
``<`` and ``>`` become entities, and so does ``&`` where it would start one
(``&lt;``, ``&#60;``; "M&E" stays readable); line breaks become ``<br>`` in
table cells (a space elsewhere) and control characters are replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..i18n import language, tr
from . import _HeldWriter
from ._common import encode, strip_controls
from .model import Report, Result, build_report

_NBSP = "\u00a0"
_SPECIAL_RE = re.compile(r"([\\`*_\[\]|~#])")
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_HEX_RE = re.compile(r"[0-9A-Fa-f]+")
# "&" only matters where it starts a character reference ("&lt;", "&#60;");
# elsewhere ("M&E") it is left readable.
_AMP_RE = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")


def md(text: Any, *, cell: bool = True) -> str:
    """Escape user text for Markdown (a table cell when ``cell``)."""
    if text is None:
        return ""
    text = strip_controls(str(text).replace("\t", " ")).strip()
    text = _AMP_RE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL_RE.sub(r"\\\1", text)
    return _NEWLINE_RE.sub("<br>" if cell else " ", text)


def _code(text: Any) -> str:
    """A hash as a code span when it is plain hex, else escaped text."""
    text = "" if text is None else str(text)
    return f"`{text}`" if _HEX_RE.fullmatch(text) else md(text, cell=False)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    seps = []
    for i in range(len(header)):
        a = align[i] if align else "l"
        seps.append("---:" if a == "r" else "---")
    return [_row(header), "| " + " | ".join(seps) + " |", *(_row(r) for r in rows)]


def _heading(level: int, text: str) -> str:
    if level <= 6:
        return "#" * level + " " + text
    return f"**{text}**"


def _score_line(r: Result) -> str:
    parts = [f"**{tr('Score')}: {r.score} / 100**"]
    if r.rating:
        parts.append(f"**{md(r.rating, cell=False)}**")
    if r.completion:
        done = tr("complete") if r.complete else tr("incomplete")
        parts.append(f"{r.completion} {tr('answered')} ({done})")
    parts += [f"{n} {md(word, cell=False)}" for n, word in r.tallies]
    return " · ".join(parts)


def _levels_line(r: Result) -> list[str]:
    """"Results levels: process maturity 72.0 · outputs 55.0 · outcomes 40.0" (6.3)."""
    if not r.levels:
        return []
    parts = " · ".join(f"{md(lv.label, cell=False)} {lv.score}" for lv in r.levels)
    return [f"{tr('Results levels')}: {parts}", ""]


def _gaps(r: Result, level: int) -> list[str]:
    """The data gaps (6.2): every indicator answered ``no_data``, or "none"."""
    out = [_heading(level, f"{tr('Data gaps')} ({len(r.gaps)})"), ""]
    if not r.gaps:
        return [*out, f"{tr('none').capitalize()}.", ""]
    for gap in r.gaps:
        out.append(f"- **{md(gap.id, cell=False)}** {md(gap.text, cell=False)} ({md(gap.section, cell=False)})")
    return [*out, ""]


def _metadata(r: Result) -> list[str]:
    items = [
        ("Checklist", md(r.checklist_id, cell=False)),
        ("Checklist version", md(r.checklist_version, cell=False)),
        ("Checklist SHA-256", _code(r.checklist_sha256)),
        ("Subject", md(r.subject_field, cell=False)),
        ("Subject ID", md(r.subject_id, cell=False)),
        ("Assessor", md(r.assessor, cell=False)),
        ("Date", md(r.date, cell=False)),
        ("Period", md(r.period, cell=False)),
        ("Reference period", md(r.reference_period, cell=False)),
        ("Profile", md(r.profile, cell=False)),
        ("Source", md(r.source, cell=False)),
    ]
    lines = [f"- **{tr(name)}:** {value}" for name, value in items if value]
    return lines + [f"- **{md(name, cell=False)}:** {md(value, cell=False)}" for name, value in r.meta]


def _detail(r: Result, level: int, heading: str) -> list[str]:
    out = [_heading(level, heading), ""]
    out += _metadata(r)
    out += ["", _score_line(r), ""]
    out += _levels_line(r)

    sections = list(r.walk_sections())
    if sections:
        out += [_heading(level + 1, tr("Section scores")), ""]
        rows = []
        for section in sections:
            depth = section.depth
            indent = (_NBSP * 4) * (depth - 1) + _NBSP * 2 + "↳ " if depth else ""
            rows.append([indent + md(section.title), md(section.weight), section.score, md(section.rating)])
        out += _table([tr(w) for w in ("Section", "Weight", "Score", "Rating")], rows, ["l", "r", "r", "l"])
        out.append("")
    out += _gaps(r, level + 1)

    for section in sections:
        title = md(section.title, cell=False)
        out += [_heading(level + 1 + section.depth, f"{title} ({section.score})"), ""]
        if not section.indicators:
            continue
        rows = []
        for ind in section.indicators:
            answer = f"{ind.answer} ({ind.by})" if ind.by else ind.answer
            if ind.goal is not None:
                answer = f"{answer}\n{ind.goal.text()}" if answer else ind.goal.text()
            rows.append(
                [
                    md(ind.id),
                    md(ind.text),
                    md(answer),
                    ind.score,
                    md(ind.status_label),
                    md(ind.evidence),
                    md(ind.note),
                ]
            )
        out += _table(
            ["ID", *(tr(w) for w in ("Indicator", "Answer", "Score", "Status", "Evidence", "Note"))],
            rows,
            ["l", "l", "l", "r", "l", "l", "l"],
        )
        out.append("")

    if r.problems:
        out += [_heading(level + 1, tr("Problems")), ""]
        for p in r.problems:
            where = md(p.path, cell=False) or tr("(file)")
            if p.line is not None:
                where += f" ({tr('line')} {md(p.line, cell=False)})"
            out.append(f"- **{md(p.severity_label, cell=False)}** {where}: {md(p.message, cell=False)}")
        out.append("")
    return out


_CHUNK = 500
"""Summary rows per piece of output."""


def _summary(report: Report) -> Iterator[list[str]]:
    """The summary table in pieces of at most :data:`_CHUNK` rows (never all rows at once)."""
    header = [
        *(tr(w) for w in ("Subject", "Period", "Score", "Rating", "Answered")),
        *([tr("Data gaps")] if report.has_gaps else []),
        *(md(title) for _, title in report.columns),
    ]
    align = ["l", "l", "r", "l", "r", *(["r"] if report.has_gaps else []), *("r" for _ in report.columns)]
    piece = _table(header, [], align)
    for row in report.summary:
        piece.append(_row([md(row.subject), md(row.period), row.score, md(row.rating), row.completion,
                           *([row.gaps] if report.has_gaps else []), *row.cells]))
        if len(piece) >= _CHUNK:
            yield piece
            piece = []
    yield [*piece, ""]


def render_markdown(results: Sequence[Mapping[str, Any]], labels: Any = None) -> str:
    """The Markdown report on ``results``, in the language of their labels."""
    return "".join(_pieces(build_report(results, labels)))


def _pieces(report: Report) -> Iterator[str]:
    """The report in pieces (a result at a time), each its lines with a line break after each."""
    with language(report.lang):
        for lines in _render(report):
            yield "\n".join(lines) + "\n"


def _render(report: Report) -> Iterator[list[str]]:
    if report.draft:
        yield [f"> {tr('draft translation, not yet reviewed')}", ""]
    if report.single:
        (result,) = report.results
        title = md(report.title, cell=False)
        yield _detail(result, 1, f"{title} — {md(result.subject, cell=False)}")
    else:
        out = [f"# {md(report.title, cell=False)}", ""]
        if not report.count:
            out += [f"{tr('No results')}.", ""]
        else:
            out += [f"{report.count} {tr('submissions')}.", "", f"## {tr('Summary')}", ""]
        yield out
        if report.count:
            yield from _summary(report)
        for result in report.results:
            heading = md(result.subject, cell=False)
            if result.period:
                heading += f" ({md(result.period, cell=False)})"
            yield _detail(result, 2, heading)
    yield ["---", "", f"{tr('Generated by ledcheck')} {md(report.version, cell=False)}."]


class MarkdownWriter(_HeldWriter):
    def _finish(self) -> None:
        for piece in _pieces(build_report(self.results, self.labels)):
            self.stream.write(encode(piece))
