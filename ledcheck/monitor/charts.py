"""Inline SVG charts for the monitoring HTML reports: line charts of rounds, ranked bars.

Every text that reaches the SVG is escaped here (markupsafe, which Jinja2 brings); the charts
are returned as ``Markup`` so the autoescaping templates insert them as they are. Each chart has
a ``<title>`` and the figures are also in the tables next to it (for screen readers and print).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._fmt import fmt_score, is_num

if TYPE_CHECKING:   # markupsafe is imported where it is used
    from markupsafe import Markup

PALETTE = ("#1f5f99", "#b3261e", "#2e7d4f", "#b7791f", "#6a3d9a", "#00838f", "#c2185b", "#5d4037",
           "#455a64", "#7cb342")


def _e(text: Any) -> str:
    from markupsafe import escape

    from ._fmt import one_line
    return str(escape(one_line("" if text is None else str(text))))


def _m(svg: str) -> Markup:
    from markupsafe import Markup
    return Markup(svg)


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def line_chart(series: list[tuple[str, list[Any]]], labels: list[str], *, title: str,
               width: int = 320, height: int = 150, small: bool = False) -> Markup:
    """Scores (0–100) of each series across rounds; gaps where a score is null. A wide chart
    (``width`` >= 480) gets class ``wide`` and room for the larger axis text the stylesheet
    gives it on a phone, where it is drawn at about half its size."""
    wide = width >= 480
    left, right, top, bottom = (46, 10, 10, 30) if wide else (30, 10, 10, 22)
    n = max(len(labels), 1)
    pw, ph = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph * (1 - max(0.0, min(100.0, v)) / 100)

    kind = "chart line wide" if wide else "chart line"
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" class="{kind}" preserveAspectRatio="xMidYMid meet">'
           f"<title>{_e(title)}</title>"]
    for g in (0, 50, 100):
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(g):.1f}" y2="{y(g):.1f}"/>'
                   f'<text class="tick" x="{left - 4}" y="{y(g):.1f}" dominant-baseline="central" '
                   f'text-anchor="end">{g}</text>')
    if not small or n <= 6:
        for i, lab in enumerate(labels):
            short = lab if len(lab) <= 14 else lab[:13] + "\u2026"
            anchor = "middle" if 0 < i < n - 1 or n == 1 else ("start" if i == 0 else "end")
            out.append(f'<text class="tick" x="{x(i):.1f}" y="{height - 6}" text-anchor="{anchor}">{_e(short)}</text>')
    for k, (name, values) in enumerate(series):
        c = colour(k)
        pts = [(x(i), y(v), v) for i, v in enumerate(values) if is_num(v)]
        if len(pts) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in pts)
            out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{path}"/>')
        for px, py, v in pts:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{c}"><title>{_e(name)}: '
                       f"{fmt_score(v)}</title></circle>")
        if small and pts:
            px, py, v = pts[-1]
            out.append(f'<text class="val" x="{min(px, width - right - 2):.1f}" y="{max(py - 6, 9):.1f}" '
                       f'text-anchor="end">{fmt_score(v)}</text>')
    out.append("</svg>")
    return _m("".join(out))


def bar_chart(items: list[tuple[str, Any]], *, title: str, width: int = 360) -> Markup:
    """Horizontal bars, one per item (label, score 0–100), in the order given (ranked)."""
    row, label_w, top = 20, 130, 4
    height = top + row * max(len(items), 1) + 4
    pw = width - label_w - 44
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" class="chart bars" preserveAspectRatio="xMinYMin meet">'
           f"<title>{_e(title)}</title>"]
    for i, (label, v) in enumerate(items):
        yy = top + i * row
        short = label if len(label) <= 20 else label[:19] + "\u2026"
        out.append(f'<text class="axis" x="{label_w - 6}" y="{yy + 14}" text-anchor="end">{_e(short)}'
                   f"<title>{_e(label)}</title></text>")
        out.append(f'<rect class="track" x="{label_w}" y="{yy + 3}" width="{pw}" height="13"/>')
        if is_num(v):
            w = pw * max(0.0, min(100.0, v)) / 100
            out.append(f'<rect class="bar" x="{label_w}" y="{yy + 3}" width="{w:.1f}" height="13"/>')
        out.append(f'<text class="val" x="{label_w + pw + 4}" y="{yy + 14}">{fmt_score(v)}</text>')
    out.append("</svg>")
    return _m("".join(out))


def band(v: Any) -> str:
    """A CSS class for a 0–100 score: hi (>= 75), mid (>= 50), lo, none."""
    if not is_num(v):
        return "none"
    return "hi" if v >= 75 else ("mid" if v >= 50 else "lo")
