"""Sane numbers: one check, used wherever a number is read from a file (FORMAT.md §1, issue 9).

YAML reads a 400-digit integer as an exact Python int and ``1e999`` as ``inf``; arithmetic on such
values overflows (``OverflowError`` converting to float), turns into NaN, or, for a weight of
``5e-324``, silently skews a weighted mean. Every number of a checklist (weights, baselines,
targets, min, max, level values and scores, option scores, max_score, rating mins, subject field
bounds, profile weights) and of a submission (answers, ``by`` parts, overrides) is therefore
checked at load time with :func:`check_number`, and a bad one is reported at its position.

The bounds (documented in ``docs/format.md``, "Numbers"):

* ``|x| <= 1e15`` (:data:`MAX_MAGNITUDE`): beyond any count, amount or percentage of M&E, and
  small enough that sums of a few million such values stay exact to the unit in a float;
* finite (no ``.inf``, ``.nan``);
* a non-zero weight is at least ``1e-9`` (:data:`MIN_WEIGHT`), other non-zero numbers are not
  subnormal (below ``2.2e-308``): smaller values only divide into overflow.
"""
from __future__ import annotations

import math
import sys
from typing import TypeGuard

MAX_MAGNITUDE = 1e15
"""Largest absolute value accepted for any number in a file."""
MIN_WEIGHT = 1e-9
"""Smallest non-zero weight accepted."""
MIN_NORMAL = sys.float_info.min
"""Smallest non-zero magnitude accepted for other numbers (subnormals are refused)."""
SHOWN_CHARS = 20
"""Echoed values are cut to this many characters (a 309-digit number is not repeated back)."""


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``value`` as text for a message, cut to ``limit`` characters plus ``…``."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def is_number(value: object) -> TypeGuard[int | float]:
    """An int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_number(value: object, *, weight: bool = False) -> str | None:
    """Why ``value`` (an int or float) is not a number to compute with, or None when it is.

    The message completes "<what> ...", e.g. ``"must be a finite number"`` or ``"is too large
    (over 1e15): 1e+308"``; the caller puts the name of the value and the position in front.
    ``weight`` also refuses non-zero magnitudes below :data:`MIN_WEIGHT`. Non-numbers (and
    booleans) are the caller's concern: they give None.
    """
    if not is_number(value):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if isinstance(value, int):
        # compare without converting to float (a 400-digit int would overflow)
        if value > MAX_MAGNITUDE or value < -MAX_MAGNITUDE:
            return f"is too large to compute with (beyond ±1e15): {shown(value)}"
        return None
    magnitude = abs(value)
    if magnitude > MAX_MAGNITUDE:
        return f"is too large to compute with (beyond ±1e15): {shown(value)}"
    if magnitude and weight and magnitude < MIN_WEIGHT:
        return f"is too small to weigh anything (a weight that is not 0 is at least 1e-9): {shown(value)}"
    if magnitude and magnitude < MIN_NORMAL:
        return f"is too small to compute with: {shown(value)}"
    return None
