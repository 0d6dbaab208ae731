"""Self-contained HTML report: inline CSS (``report.css``), inline SVG, no JS.

Per submission: a header (subject, period, assessor, date, source, checklist),
the overall score with rating and completion, a radar chart of the top-level
section scores (only with three or more top-level sections: with fewer a radar
says nothing the bars do not), a bar per section (nested ones indented), every
indicator grouped by section (nested sections as nested headings) and the
problems. Several submissions get a summary table on top, linking to each one,
and a page break between submissions when printed. The footer names each
checklist's id, version and SHA-256 so that scores can be audited later.

The report is the :mod:`ledcheck.render.model` laid out by the Jinja2 templates in
``ledcheck/render/templates/`` (``report.html`` the document, ``result.html`` one
result, ``charts.html`` the SVG radar and bars). Everything from a file is escaped by
Jinja2's autoescape, in one place, never by hand; the only markup marked safe is the
package's own ``report.css``. Anchors and CSS classes are generated, never taken from
the data. ``<html lang>`` is the ``lang`` of the labels used when they agree, else "en".

Jinja2 is imported only when an HTML report is rendered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from ..i18n import language, tr
from . import _HeldWriter
from ._common import encode, fmt_score, fraction, strip_controls
from .model import Report, build_report

if TYPE_CHECKING:   # jinja2 is imported where it is used
    from jinja2 import Environment
    from markupsafe import Markup

_LABEL_MAX = 26
# Spelled as html.escape spells them, so that reports stay byte-for-byte stable whichever
# escaper made them. A data "&" is always escaped to "&amp;", so these appear only as escapes.
_ENTITIES = (("&#34;", "&quot;"), ("&#39;", "&#x27;"))


def _truncate(text: str, limit: int = _LABEL_MAX) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


_NARROW_LINE = 15
"""Characters per line of a radar label on a phone (two lines at most)."""


def _wrap(text: str, width: int = _NARROW_LINE, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` characters, broken between
    words; "…" ends the last line when the text goes on (or a word is longer than a line)."""
    words = str(text).split()
    out: list[str] = []
    current = ""
    i = 0
    while i < len(words) and len(out) < lines:
        candidate = f"{current} {words[i]}" if current else words[i]
        if len(candidate) <= width:
            current, i = candidate, i + 1
        elif current:
            out.append(current)
            current = ""
        else:  # one word longer than a line
            out.append(words[i][: width - 1] + "…")
            i += 1
    if current:
        out.append(current)
    if i < len(words) and out and not out[-1].endswith("…"):
        last = out[-1]
        if len(last) >= width:  # no room for "…": drop the last word (cut only a lone word)
            last = last.rsplit(" ", 1)[0] if " " in last else last[: width - 1]
        out[-1] = last + "…"
    return out


def _f(x: float) -> str:
    """An SVG coordinate: one decimal."""
    return f"{x:.1f}"


# --------------------------------------------------------------------------- charts


def radar_geometry(axes: Iterable[Any]) -> dict[str, Any]:
    """The radar's geometry, as text, for ``charts.html``.

    ``axes`` are (title, score 0–100 or None) pairs or model sections (title, score_value);
    three or more of them.
    """
    pairs = [(a.title, a.score_value) if hasattr(a, "score_value") else tuple(a) for a in axes]
    n = len(pairs)
    width, height = 600, 400
    cx, cy, radius = width / 2, height / 2, 116
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(angle: float, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    grid = []
    for level in (25, 50, 75, 100):
        pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(a, radius * level / 100) for a in angles))
        grid.append(("grid outer" if level == 100 else "grid", pts))
    spokes = [(_f(cx), _f(cy), _f(x), _f(y)) for x, y in (point(a, radius) for a in angles)]
    ticks = [(_f(cx + 3), _f(cy - radius * level / 100 - 2), level) for level in (25, 50, 75, 100)]
    area, dots, labels = [], [], []
    for (title, score), a in zip(pairs, angles, strict=True):
        frac = fraction(score)
        x, y = point(a, radius * (frac or 0.0))
        area.append(f"{_f(x)},{_f(y)}")
        dots.append({"cls": "dot" if frac is not None else "dot none", "x": _f(x), "y": _f(y),
                     "title": title, "score": fmt_score(score)})
        x, y = point(a, radius + 14)
        cos, sin = math.cos(a), math.sin(a)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        # labels above the chart grow upwards, below it downwards
        dy_first = -14 if sin < -0.5 else (10 if sin > 0.5 else -2)
        # the narrow (phone) labels: up to two short lines in a larger font, placed in em
        lines = _wrap(title)
        shown = fmt_score(score)
        # the score ends the last line when it fits there (a shorter block, less overlap)
        inline = len(lines[-1]) + 1 + len(shown) <= _NARROW_LINE + 2 if lines else False
        n = len(lines) + (0 if inline else 1)
        if sin < -0.5:
            first = -(n - 1) * 1.15 - 0.25
        elif sin > 0.5:
            first = 0.9
        else:
            first = -(n - 1) * 1.15 / 2 + 0.35
        labels.append({"x": _f(x), "y": _f(y + dy_first), "anchor": anchor, "title": title,
                       "score": shown, "y0": _f(y), "lines": lines, "inline": inline,
                       "dy": f"{first:.2f}em"})
    return {"width": width, "height": height, "grid": grid, "spokes": spokes, "ticks": ticks,
            "area": " ".join(area), "dots": dots, "labels": labels}


def radar_svg(axes: list[tuple[str, Any]], caption: str, svg_id: str = "radar") -> str:
    """An SVG radar of (title, score 0–100 or None) for three or more axes."""
    module: Any = _environment().get_template("charts.html").module   # its macros are its attributes
    return _normalise(str(module.radar_axes(axes, caption, svg_id)))


# --------------------------------------------------------------------------- templates


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` value: None shows as nothing; text loses its control characters
    (autoescape then escapes it; markup marked safe passes unchanged)."""
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return strip_controls(value)
    return value


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    from jinja2.ext import Extension

    class Compact(Extension):
        """Drop each line break and the indentation after it from the template source, so
        that templates can be laid out readably while the report stays compact."""

        def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
            import re

            return re.sub(r"\n[ \t]*", "", source)

    env = Environment(
        loader=PackageLoader("ledcheck", "render/templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        finalize=_finalize,
        extensions=[Compact],
        keep_trailing_newline=True,
    )
    env.globals.update(tr=tr, nl="\n", radar_geometry=radar_geometry)
    env.filters["shorten"] = _truncate
    env.filters["coord"] = _f
    return env


@lru_cache(maxsize=1)
def _css() -> Markup:
    from importlib.resources import files

    from markupsafe import Markup

    # The package's own style sheet: the one piece of markup marked safe.
    return Markup(files(__package__).joinpath("report.css").read_text(encoding="utf-8"))


def _normalise(chunk: str) -> str:
    """html.escape's spelling of the quote entities (plain str methods: a chunk may be
    Markup, whose own replace() would escape its arguments)."""
    for ours, theirs in _ENTITIES:
        chunk = str.replace(chunk, ours, theirs)
    return chunk


def _chunks(report: Report) -> Iterator[str]:
    with language(report.lang):
        first = None
        if report.single:
            first = next(iter(report.results))
            doc_title = f"{first.subject} — {report.title}"
            count_text = ""
        else:
            count_text = f"{report.count} {tr('submissions')}" if report.count else tr("No results")
            doc_title = f"{report.title} — {count_text}"
        template = _environment().get_template("report.html")
        for chunk in template.generate(report=report, first=first, doc_title=doc_title,
                                       count_text=count_text, css=_css()):
            yield _normalise(chunk)


def write_html(results: Sequence[Mapping[str, Any]], labels: Any, stream: BinaryIO) -> None:
    """The HTML report on ``results`` written to ``stream`` piece by piece (never whole in memory)."""
    for chunk in _chunks(build_report(results, labels)):
        stream.write(encode(chunk))  # noqa: FURB122 - each piece as made, never the whole


def render_html(results: Sequence[Mapping[str, Any]], labels: Any = None) -> str:
    """The HTML report on ``results`` as a string."""
    return "".join(_chunks(build_report(results, labels)))


class HtmlWriter(_HeldWriter):
    def _finish(self) -> None:
        write_html(self.results, self.labels, self.stream)
