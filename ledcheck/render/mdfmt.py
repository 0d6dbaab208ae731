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
from collections.abc import Mapping
from typing import Any

from . import _HeldWriter
from ._i18n import language, tr
from ._common import (
    report_lang,
    answer_text,
    STATUS_LABELS,
    checklist_of,
    checklist_title,
    fmt_by,
    fmt_completion,
    fmt_score,
    get_labels,
    indicator_text,
    indicators_of,
    section_title,
    sections_of,
    strip_controls,
    subject_of,
    union_top_sections,
    walk_sections,
)

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


def _score_line(result: Mapping[str, Any]) -> str:
    parts = [f"**{tr('Score')}: {fmt_score(result.get('score'))} / 100**"]
    if result.get("rating"):
        parts.append(f"**{md(result.get('rating'), cell=False)}**")
    completion = fmt_completion(result)
    if completion:
        done = tr("complete") if result.get("complete") else tr("incomplete")
        parts.append(f"{completion} {tr('answered')} ({done})")
    counts = result.get("counts") or {}
    if counts.get("na"):
        parts.append(f"{counts['na']} N/A")
    return " · ".join(parts)


def _metadata(result: Mapping[str, Any], lab) -> list[str]:
    checklist = checklist_of(result)
    items = [
        ("Checklist", md(checklist.get("id"), cell=False)),
        ("Checklist version", md(checklist.get("version"), cell=False)),
        ("Checklist SHA-256", _code(checklist.get("sha256"))),
        ("Subject", md(result.get("subject"), cell=False)),
        ("Assessor", md(result.get("assessor"), cell=False)),
        ("Date", md(result.get("date"), cell=False)),
        ("Period", md(result.get("period"), cell=False)),
        ("Source", md(result.get("source"), cell=False)),
    ]
    return [f"- **{tr(name)}:** {value}" for name, value in items if value]


def _answer(indicator: Mapping[str, Any], lab) -> str:
    status = indicator.get("status")
    value = indicator.get("value")
    if value is None and status in ("missing", "not_applicable"):
        return ""
    text = answer_text(indicator, lab)
    by = indicator.get("by")
    if by:
        text = f"{text} ({fmt_by(by)})"
    return md(text)


def _detail(result: Mapping[str, Any], labels: Any, level: int, heading: str) -> list[str]:
    lab = get_labels(labels, checklist_of(result).get("id"))
    out = [_heading(level, heading), ""]
    out += _metadata(result, lab)
    out += ["", _score_line(result), ""]

    sections = list(walk_sections(sections_of(result)))
    if sections:
        out += [_heading(level + 1, tr("Section scores")), ""]
        rows = []
        for section, depth in sections:
            indent = (_NBSP * 4) * (depth - 1) + _NBSP * 2 + "↳ " if depth else ""
            rows.append(
                [
                    indent + md(section_title(section, lab)),
                    md(section.get("weight")),
                    fmt_score(section.get("score")),
                    md(section.get("rating")),
                ]
            )
        out += _table([tr(w) for w in ("Section", "Weight", "Score", "Rating")], rows, ["l", "r", "r", "l"])
        out.append("")

    for section, depth in sections:
        title = md(section_title(section, lab), cell=False)
        score = fmt_score(section.get("score"))
        out += [_heading(level + 1 + depth, f"{title} ({score})"), ""]
        indicators = indicators_of(section)
        if not indicators:
            continue
        rows = []
        for ind in indicators:
            rows.append(
                [
                    md(ind.get("id")),
                    md(indicator_text(ind, lab)),
                    _answer(ind, lab),
                    fmt_score(ind.get("score"), scale=100),
                    md(tr(STATUS_LABELS.get(ind.get("status"), ind.get("status")))),
                    md(ind.get("evidence")),
                    md(ind.get("note")),
                ]
            )
        out += _table(
            ["ID", *(tr(w) for w in ("Indicator", "Answer", "Score", "Status", "Evidence", "Note"))],
            rows,
            ["l", "l", "l", "r", "l", "l", "l"],
        )
        out.append("")

    problems = [p for p in result.get("problems") or () if isinstance(p, Mapping)]
    if problems:
        out += [_heading(level + 1, tr("Problems")), ""]
        for p in problems:
            where = md(p.get("path"), cell=False) or tr("(file)")
            if p.get("line") is not None:
                where += f" ({tr('line')} {md(p.get('line'), cell=False)})"
            severity = md(tr(p.get("severity") or "error"), cell=False)
            out.append(f"- **{severity}** {where}: {md(p.get('message'), cell=False)}")
        out.append("")
    return out


def _summary(results: list[dict], labels: Any) -> list[str]:
    tops = union_top_sections(results, labels)
    header = [*(tr(w) for w in ("Subject", "Period", "Score", "Rating", "Answered")), *(md(t) for _, t in tops)]
    align = ["l", "l", "r", "l", "r", *("r" for _ in tops)]
    rows = []
    for result in results:
        scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
        present = set(scores)
        rows.append(
            [
                md(subject_of(result)),
                md(result.get("period")),
                fmt_score(result.get("score")),
                md(result.get("rating")),
                fmt_completion(result),
                *(fmt_score(scores.get(sid)) if sid in present else "" for sid, _ in tops),
            ]
        )
    return _table(header, rows, align)


def _footer(results: list[dict]) -> list[str]:
    from .. import __version__

    return ["---", "", f"{tr('Generated by ledcheck')} {md(__version__, cell=False)}."]


def render_markdown(results: list[dict], labels: Any = None) -> str:
    with language(report_lang(results, labels)):
        return _render_markdown(results, labels)


def _render_markdown(results: list[dict], labels: Any) -> str:
    out: list[str] = []
    if len(results) == 1:
        result = results[0]
        title = md(checklist_title(result, labels), cell=False)
        out += _detail(result, labels, 1, f"{title} — {md(subject_of(result), cell=False)}")
    else:
        ids = {checklist_of(r).get("id") for r in results}
        if len(ids) == 1 and results:
            title = md(checklist_title(results[0], labels), cell=False)
        else:
            title = tr("ledcheck report")
        out += [f"# {title}", ""]
        if not results:
            out += [f"{tr('No results')}.", ""]
        else:
            out += [f"{len(results)} {tr('submissions')}.", "", f"## {tr('Summary')}", ""]
            out += _summary(results, labels)
            out.append("")
            for result in results:
                heading = md(subject_of(result), cell=False)
                if result.get("period"):
                    heading += f" ({md(result.get('period'), cell=False)})"
                out += _detail(result, labels, 2, heading)
    out += _footer(results)
    return "\n".join(out) + "\n"


class MarkdownWriter(_HeldWriter):
    def render_bytes(self, results: list[dict]) -> bytes:
        from ._common import encode

        return encode(render_markdown(results, self.labels))
