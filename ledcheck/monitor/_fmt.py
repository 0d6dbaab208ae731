"""Formatting helpers the monitoring reports share, in one place.

The safety helpers (formula neutralising, control characters) and number formatting are the
score renderers' own (the public helpers of :mod:`ledcheck.render`), so a CSV cell or a rounded score reads the
same in every ledcheck report; only this module imports them.
"""
from __future__ import annotations

import math
import re
from typing import Any

from ..render import DASH, fmt_number, fmt_score, neutralise, one_line

__all__ = ["DASH", "arrow", "dumps", "fmt_change", "fmt_number", "fmt_pct", "fmt_score", "fmt_value",
           "is_num", "md", "neutralise", "one_line"]


def is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def fmt_change(v: Any, *, scale: float = 1.0) -> str:
    """A signed change with one decimal: +9.2, −3.0, 0.0; None -> "–"."""
    if not is_num(v):
        return DASH
    text = fmt_score(v * scale)
    if text in ("0.0", "-0.0"):
        return "0.0"
    return text.replace("-", "\u2212") if text.startswith("-") else "+" + text


def arrow(v: Any) -> str:
    """▲ up, ▼ down, ▶ no change, blank when unknown."""
    if not is_num(v):
        return ""
    return "\u25b2" if v > 0 else ("\u25bc" if v < 0 else "\u25b6")


def fmt_pct(v: Any) -> str:
    """A fraction as a percentage with no decimals: 0.4444 -> "44%"."""
    if not is_num(v):
        return DASH
    from decimal import ROUND_HALF_UP, Decimal
    pct = Decimal(repr(v * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{abs(pct) if pct == 0 else pct}%".replace("-", "\u2212")


def fmt_value(v: Any, unit: str | None = None) -> str:
    """An answer value for people (yes/no, N/A, lists, numbers with their unit)."""
    if v is None:
        return DASH
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if is_num(v):
        text = fmt_number(v)
        return text + ("%" if unit == "%" else (f" {unit}" if unit else ""))
    if v == "na":
        return "N/A"
    if isinstance(v, (list, tuple)):
        return ", ".join(fmt_value(x) for x in v) if v else "(none)"
    return one_line(str(v))


def dumps(data: Any) -> str:
    """Indented JSON, UTF-8 text, unrounded numbers; a non-finite number becomes null."""
    from ..render.jsonfmt import to_json
    return to_json(data, indent=1) + "\n"


_ENTITY_AMP = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")   # only an & that would start an entity
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#<>])")


def md(text: Any) -> str:
    """Text safe in a Markdown table cell: one line, specials escaped, no raw HTML."""
    s = one_line("" if text is None else str(text))
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _ENTITY_AMP.sub("&amp;", s)
