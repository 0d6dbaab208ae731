"""Self-contained HTML report: inline CSS (``report.css``), inline SVG, no JS.

Per submission: a header (subject, period, assessor, date, source, checklist),
the overall score with rating and completion, a radar chart of the top-level
section scores (only with three or more top-level sections: with fewer a radar
says nothing the bars do not), a bar per section (nested ones indented), every
indicator grouped by section (nested sections as nested headings) and the
problems. Several submissions get a summary table on top, linking to each one,
and a page break between submissions when printed. The footer names each
checklist's id, version and SHA-256 so that scores can be audited later.

Everything that comes from a file (subjects, texts, ids, values, evidence,
notes, problems...) goes through :func:`h` (``html.escape(quote=True)`` after
replacing control characters); anchors and CSS classes are generated here,
never taken from the data. ``<html lang>`` is the ``lang`` of the labels used
when they agree, else "en".
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from . import _HeldWriter
from ._i18n import language, tr
from ._common import (
    report_lang,
    answer_text,
    DASH,
    STATUS_LABELS,
    checklist_of,
    checklist_title,
    encode,
    fmt_by,
    fmt_completion,
    fmt_score,
    fraction,
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

_KNOWN_STATUS = frozenset(STATUS_LABELS)
_LABEL_MAX = 26


def h(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    if value is None:
        return ""
    return html.escape(strip_controls(str(value)), quote=True)


@lru_cache(maxsize=1)
def _css() -> str:
    from importlib.resources import files

    return files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def _band(score: Any) -> str:
    frac = fraction(score)
    if frac is None:
        return ""
    return "hi" if frac >= 0.75 else "mid" if frac >= 0.5 else "lo"


def _truncate(text: str, limit: int = _LABEL_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _f(x: float) -> str:
    return f"{x:.1f}"


# --------------------------------------------------------------------------- charts


def radar_svg(axes: list[tuple[str, Any]], caption: str, svg_id: str = "radar") -> str:
    """An SVG radar of (title, score 0–100 or None) for three or more axes."""
    n = len(axes)
    width, height = 600, 340
    cx, cy, radius = width / 2, height / 2 + 2, 120
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(angle: float, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{h(svg_id)}-t">',
        f'<title id="{h(svg_id)}-t">{h(caption)}</title>',
    ]
    for level in (25, 50, 75, 100):
        pts = " ".join(
            f"{_f(x)},{_f(y)}" for x, y in (point(a, radius * level / 100) for a in angles)
        )
        cls = "grid outer" if level == 100 else "grid"
        out.append(f'<polygon class="{cls}" points="{pts}"/>')
    for a in angles:
        x, y = point(a, radius)
        out.append(f'<line class="spoke" x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}"/>')
    for level in (25, 50, 75, 100):
        out.append(
            f'<text class="tick" x="{_f(cx + 3)}" y="{_f(cy - radius * level / 100 - 2)}">'
            f"{level}</text>"
        )
    pts = []
    dots = []
    for (title, score), a in zip(axes, angles):
        frac = fraction(score)
        x, y = point(a, radius * (frac or 0.0))
        pts.append(f"{_f(x)},{_f(y)}")
        cls = "dot" if frac is not None else "dot none"
        dots.append(
            f'<circle class="{cls}" cx="{_f(x)}" cy="{_f(y)}" r="3.5">'
            f"<title>{h(title)}: {fmt_score(score)}</title></circle>"
        )
    out.append(f'<polygon class="area" points="{" ".join(pts)}"/>')
    out.extend(dots)
    for (title, score), a in zip(axes, angles):
        x, y = point(a, radius + 14)
        cos = math.cos(a)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        sin = math.sin(a)
        # labels above the chart grow upwards, below it downwards
        dy_first = -14 if sin < -0.5 else (10 if sin > 0.5 else -2)
        out.append(
            f'<text class="axis" x="{_f(x)}" y="{_f(y + dy_first)}" text-anchor="{anchor}">'
            f"<title>{h(title)}</title>"
            f"<tspan>{h(_truncate(title))}</tspan>"
            f'<tspan class="val" x="{_f(x)}" dy="14">{fmt_score(score)}</tspan></text>'
        )
    out.append("</svg>")
    return "".join(out)


def bar_svg(score: Any) -> str:
    frac = fraction(score)
    fill = ""
    if frac is not None:
        fill = f'<rect class="fill {_band(score)}" width="{_f(frac * 100)}" height="10"/>'
    return (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect class="track" width="100" height="10"/>{fill}</svg>'
    )


# --------------------------------------------------------------------------- parts


def _heading(level: int, inner: str, attrs: str = "") -> str:
    level = min(max(level, 1), 6)
    return f"<h{level}{attrs}>{inner}</h{level}>"


def _meta(result: Mapping[str, Any]) -> str:
    items = [
        ("Period", result.get("period")),
        ("Assessor", result.get("assessor")),
        ("Date", result.get("date")),
        ("Source", result.get("source")),
    ]
    parts = [
        f"<div><dt>{h(tr(name))}</dt><dd>{h(value)}</dd></div>"
        for name, value in items
        if value not in (None, "")
    ]
    return f'<dl class="meta">{"".join(parts)}</dl>' if parts else ""


def _checklist_line(result: Mapping[str, Any]) -> str:
    c = checklist_of(result)
    return (
        f"{h(tr('Checklist'))} <strong>{h(c.get('id'))}</strong> {h(tr('version'))} {h(c.get('version') or DASH)}"
        f' · SHA-256 <span class="hash">{h(c.get("sha256") or DASH)}</span>'
    )


def _scorecard(result: Mapping[str, Any]) -> str:
    score = result.get("score")
    parts = [
        '<div class="scorecard">',
        f'<div><span class="big">{fmt_score(score)}</span><span class="of">/ 100</span></div>',
    ]
    if result.get("rating"):
        parts.append(f'<div class="rating">{h(result.get("rating"))}</div>')
    completion = fmt_completion(result)
    if completion:
        done = (
            h(tr("complete"))
            if result.get("complete")
            else f'<span class="incomplete">{h(tr("incomplete"))}</span>'
        )
        parts.append(f'<div class="completion">{h(completion)} {h(tr("answered"))} · {done}</div>')
    counts = result.get("counts") or {}
    if counts.get("na"):
        parts.append(f'<div class="completion">{h(counts.get("na"))} N/A</div>')
    parts.append("</div>")
    return "".join(parts)


def _section_bars(result: Mapping[str, Any], lab) -> str:
    rows = []
    for section, depth in walk_sections(sections_of(result)):
        cls = f"d{min(depth, 3)} sub" if depth else "d0"
        score = section.get("score")
        rows.append(
            f'<tr><th scope="row" class="{cls}">{h(section_title(section, lab))}</th>'
            f'<td class="barcell">{bar_svg(score)}</td>'
            f'<td class="num">{fmt_score(score)}</td>'
            f"<td>{h(section.get('rating'))}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<div class="bars"><table class="sections"><caption class="kicker" '
        f'style="text-align:left">{h(tr("Section scores"))}</caption><thead><tr>'
        f'<th scope="col">{h(tr("Section"))}</th><th scope="col"><span class="sr">Bar</span></th>'
        f'<th scope="col" class="num">{h(tr("Score"))}</th><th scope="col">{h(tr("Rating"))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _answer(indicator: Mapping[str, Any], lab) -> str:
    value = indicator.get("value")
    status = indicator.get("status")
    if value is None and status in ("missing", "not_applicable"):
        return ""
    text = h(answer_text(indicator, lab))
    by = indicator.get("by")
    if by:
        text += f'<span class="by">{h(fmt_by(by))}</span>'
    return text


def _indicator_table(indicators: list[Mapping[str, Any]], lab) -> str:
    rows = []
    for ind in indicators:
        status = ind.get("status")
        cls = status if status in _KNOWN_STATUS else "other"
        label = tr(STATUS_LABELS.get(status, status))
        rows.append(
            f'<tr class="{cls}"><td class="id">{h(ind.get("id"))}</td>'
            f'<td class="txt">{h(indicator_text(ind, lab))}</td>'
            f'<td class="answer txt">{_answer(ind, lab)}</td>'
            f'<td class="num">{fmt_score(ind.get("score"), scale=100)}</td>'
            f'<td><span class="status {cls}">{h(label)}</span></td>'
            f'<td class="txt">{h(ind.get("evidence"))}</td>'
            f'<td class="txt">{h(ind.get("note"))}</td></tr>'
        )
    return (
        '<table class="indicators"><colgroup><col class="c-id"><col class="c-text">'
        '<col class="c-answer"><col class="c-score"><col class="c-status"><col class="c-ev">'
        '<col class="c-note"></colgroup><thead><tr><th scope="col">ID</th>'
        f'<th scope="col">{h(tr("Indicator"))}</th><th scope="col">{h(tr("Answer"))}</th>'
        f'<th scope="col" class="num">{h(tr("Score"))}</th><th scope="col">{h(tr("Status"))}</th>'
        f'<th scope="col">{h(tr("Evidence"))}</th><th scope="col">{h(tr("Note"))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _sections_detail(sections: list[Mapping[str, Any]], lab, level: int, anchor: str) -> str:
    out = []
    for i, section in enumerate(sections, 1):
        sid = f"{anchor}-{i}"
        title = h(section_title(section, lab))
        score = f'<span class="secscore">{fmt_score(section.get("score"))}</span>'
        out.append(f'<section class="sec" id="{sid}" aria-labelledby="{sid}-h">')
        out.append(_heading(level, f"{title}{score}", f' id="{sid}-h"'))
        indicators = indicators_of(section)
        if indicators:
            out.append(_indicator_table(indicators, lab))
        out.append(_sections_detail(sections_of(section), lab, level + 1, sid))
        out.append("</section>")
    return "".join(out)


def _problems(result: Mapping[str, Any], level: int) -> str:
    problems = [p for p in result.get("problems") or () if isinstance(p, Mapping)]
    if not problems:
        return ""
    items = []
    for p in problems:
        severity = p.get("severity") or "error"
        cls = severity if severity in ("error", "warning") else "other"
        where = f'<span class="path">{h(p.get("path"))}</span>' if p.get("path") else ""
        if p.get("line") is not None:
            where += f" ({h(tr('line'))} {h(p.get('line'))})"
        items.append(
            f'<li><span class="sev {cls}">{h(tr(severity))}</span> {where}: {h(p.get("message"))}</li>'
        )
    return (
        f'<section class="problems">{_heading(level, h(tr("Problems")))}'
        f"<ul>{''.join(items)}</ul></section>"
    )


def _article(
    result: Mapping[str, Any], labels: Any, index: int, level: int, foot: bool = True
) -> str:
    lab = get_labels(labels, checklist_of(result).get("id"))
    anchor = f"r{index}"
    subject = subject_of(result)
    tops = sections_of(result)
    parts = [
        f'<article class="result" id="{anchor}" aria-labelledby="{anchor}-h"><header>',
        f'<p class="kicker">{h(checklist_title(result, labels))}</p>',
        _heading(level, h(subject), f' id="{anchor}-h"'),
        _meta(result),
        "</header>",
        '<div class="overview">',
        _scorecard(result),
    ]
    if len(tops) >= 3:
        axes = [(section_title(s, lab), s.get("score")) for s in tops]
        svg = radar_svg(axes, f"{tr('Section scores')}: {subject} (0–100)", f"{anchor}-radar")
        parts.append(f'<figure class="radar">{svg}</figure>')
    parts.append(_section_bars(result, lab))
    parts.append("</div>")
    parts.append(_sections_detail(tops, lab, level + 1, f"{anchor}-s"))
    parts.append(_problems(result, level + 1))
    if foot:  # several submissions: each printed page names its checklist
        parts.append(f'<p class="result-foot">{_checklist_line(result)}</p>')
    parts.append("</article>")
    return "".join(parts)


def _summary(results: list[dict], labels: Any) -> str:
    tops = union_top_sections(results, labels)
    # Many sections do not fit as titled columns on a page: number them, with a legend below.
    numbered = len(tops) > 4
    head = "".join(
        (f'<th scope="col" class="num"><abbr title="{h(title)}">{n}</abbr></th>' if numbered else
         f'<th scope="col" class="num" title="{h(title)}">{h(_truncate(title, 28))}</th>')
        for n, (_sid, title) in enumerate(tops, 1)
    )
    legend = ""
    if numbered:
        legend = '<ol class="legend">' + "".join(f"<li>{h(title)}</li>" for _sid, title in tops) + "</ol>"
    rows = []
    for i, result in enumerate(results, 1):
        scores = {str(s.get("id")): s.get("score") for s in sections_of(result)}
        cells = "".join(
            f'<td class="num">{fmt_score(scores.get(sid)) if sid in scores else ""}</td>'
            for sid, _t in tops
        )
        rows.append(
            f'<tr><th scope="row"><a href="#r{i}">{h(subject_of(result))}</a></th>'
            f"<td>{h(result.get('period'))}</td>"
            f'<td class="num"><strong>{fmt_score(result.get("score"))}</strong></td>'
            f"<td>{h(result.get('rating'))}</td>"
            f'<td class="num">{h(fmt_completion(result))}</td>{cells}</tr>'
        )
    return (
        f'<section class="summary" aria-labelledby="summary-h"><h2 id="summary-h">{h(tr("Summary"))}</h2>'
        f'<table class="summary"><thead><tr><th scope="col">{h(tr("Subject"))}</th>'
        f'<th scope="col">{h(tr("Period"))}</th><th scope="col" class="num">{h(tr("Score"))}</th>'
        f'<th scope="col">{h(tr("Rating"))}</th><th scope="col" class="num">{h(tr("Answered"))}</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{legend}</section>"
    )


def _footer(results: list[dict]) -> str:
    from .. import __version__

    seen = {}
    for result in results:
        c = checklist_of(result)
        key = (c.get("id"), c.get("version"), c.get("sha256"))
        if key not in seen:
            seen[key] = _checklist_line(result)
    lines = "".join(f"<p>{line}</p>" for line in seen.values())
    return (
        f'<footer class="doc-foot">{lines}'
        f"<p>{h(tr('Generated by ledcheck'))} {h(__version__)}.</p></footer>"
    )


def render_html(results: list[dict], labels: Any = None) -> str:
    with language(report_lang(results, labels)):
        return _render_html(results, labels)


def _render_html(results: list[dict], labels: Any) -> str:
    ids = {checklist_of(r).get("id") for r in results}
    title = checklist_title(results[0], labels) if len(ids) == 1 and results else tr("ledcheck report")
    if len(results) == 1:
        doc_title = f"{subject_of(results[0])} — {title}"
        body = _article(results[0], labels, 1, 1, foot=False)
    else:
        count = f"{len(results)} {tr('submissions')}" if results else tr("No results")
        doc_title = f"{title} — {count}"
        body = (
            f'<header class="doc-head"><h1>{h(title)}</h1><p>{count}</p></header>'
            + (_summary(results, labels) if results else "")
            + "".join(_article(r, labels, i, 2) for i, r in enumerate(results, 1))
        )
    from .. import __version__

    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{h(report_lang(results, labels))}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="ledcheck {h(__version__)}">\n'
        f"<title>{h(doc_title)}</title>\n<style>\n{_css()}"
        "</style>\n</head>\n<body>\n"
        f"{body}\n{_footer(results)}\n</body>\n</html>\n"
    )


class HtmlWriter(_HeldWriter):
    def render_bytes(self, results: list[dict]) -> bytes:
        return encode(render_html(results, self.labels))
