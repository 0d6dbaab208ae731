"""Helpers shared by the renderers: formatting, walking results, escaping.

Only the standard library is imported here, so that every format can use it
without slowing down ``import ledcheck.render``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:   # render/__init__ imports this module
    from . import Labels

DASH = "\u2013"  # en dash, shown for a score that is excluded (None)

STATUS_LABELS = {
    "answered": "answered",
    "na": "N/A",
    "missing": "missing",
    "not_applicable": "not applicable",
    "unscored": "unscored",
    "no_data": "no data",
    "implied": "implied",
    "not_selected": "not selected",
}

RESULTS_LEVELS = ("input", "process", "output", "outcome", "impact")
"""The results chain, in order (FORMAT 6.3)."""
LEVEL_LABELS = {
    "input": "inputs",
    "process": "process maturity",
    "output": "outputs",
    "outcome": "outcomes",
    "impact": "impact",
}
"""How a report names each results level (English: the key of the report words)."""

ANSWER_WORDS = {True: "yes", False: "no", "partial": "partial", "na": "N/A", "no_data": "no data"}
"""The canonical answers a report shows in its language (FORMAT 6.7); files keep the values."""

_ONE_DECIMAL = Decimal("0.1")
_FOUR_DECIMALS = Decimal("0.0001")


# --------------------------------------------------------------------------- numbers


def is_number(value: Any) -> bool:
    """An int or float, not a bool (True is an int to Python, an answer to us)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_finite(value: Any) -> bool:
    """A number that a spreadsheet or a chart can take (not NaN or infinite)."""
    return is_number(value) and math.isfinite(value)





def _round(value: float, quantum: Decimal) -> Decimal | None:
    """Round half up, starting from the shortest repr (so 63.25 -> 63.3)."""
    if not is_finite(value):
        return None
    try:
        return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - astronomically large numbers
        return None


def fmt_score(score: Any, *, scale: float = 1.0, none: str = DASH) -> str:
    """A score with one decimal, rounded half up: 63.25 -> "63.3"; None -> "–".

    ``scale=100`` turns an indicator score in [0, 1] into the 0–100 scale used
    for sections, so that every score in a human-readable report reads alike.
    """
    if score is None or not is_number(score):
        return none
    value = score * scale if scale != 1.0 else score
    rounded = _round(value, _ONE_DECIMAL)
    if rounded is None:
        return none
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.0"
    return f"{rounded:f}"


def fmt_score4(score: Any) -> str:
    """A score rounded half up to at most 4 decimals, for CSV: 63.25 -> "63.25",
    70 -> "70.0", 2/3 -> "0.6667"; None (or not finite) -> ""."""
    if score is None:
        return ""
    rounded = _round(score, _FOUR_DECIMALS)
    if rounded is None:
        return ""
    text = f"{rounded:f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    if text in ("-0.0",):
        text = "0.0"
    return text


def fmt_number(value: Any) -> str:
    """A plain number for display: 64.0 -> "64", 2.5 -> "2.5", 10**20 stays exact."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def fraction(score: Any) -> float | None:
    """A 0–100 score as a fraction in [0, 1] for bars/charts (clamped), or None."""
    if not is_finite(score):
        return None
    clamped: float = min(max(score / 100.0, 0.0), 1.0)
    return clamped


# --------------------------------------------------------------------------- values


def fmt_value(value: Any, unit: str | None = None) -> str:
    """An answer for people: yes/no, N/A, lists with commas, numbers with units."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if is_number(value):
        text = fmt_number(value)
        if unit:
            text = f"{text}{unit}" if unit == "%" else f"{text} {unit}"
        return text
    if isinstance(value, str):
        if value == "na":
            return "N/A"
        if value == "no_data":
            return "no data"
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            return "(none)"
        return ", ".join(fmt_value(v) for v in value)
    return str(value)


def fmt_value_plain(value: Any) -> str:
    """An answer for machines (CSV/XLSX): lists joined with ";", yes/no, None -> ""."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if is_number(value):
        # machine text keeps a float a float ("64.0"); fmt_number would write "64"
        return fmt_number(value) if isinstance(value, int) else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(fmt_value_plain(v) for v in value)
    return str(value)


def flatten_by(by: Any) -> list[tuple[str, Any]]:
    """{"sex": {"female": 30, "male": 34}} -> [("sex.female", 30), ("sex.male", 34)]."""
    if not isinstance(by, Mapping):
        return [] if by is None else [("", by)]
    parts: list[tuple[str, Any]] = []
    for dim, cats in by.items():
        if isinstance(cats, Mapping):
            for cat, val in cats.items():
                parts.append((f"{dim}.{cat}", val))
        else:
            parts.append((str(dim), cats))
    return parts


def fmt_by_plain(by: Any) -> str:
    """"sex.female=30;sex.male=34" (CSV/XLSX)."""
    return ";".join(f"{k}={fmt_value_plain(v)}" for k, v in flatten_by(by))


def fmt_by(by: Any) -> str:
    """"sex: female 30, male 34; size: micro 10" (reports)."""
    if not isinstance(by, Mapping):
        return "" if by is None else str(by)
    groups = []
    for dim, cats in by.items():
        if isinstance(cats, Mapping):
            inner = ", ".join(f"{cat} {fmt_value(val)}" for cat, val in cats.items())
            groups.append(f"{dim}: {inner}")
        else:
            groups.append(f"{dim}: {fmt_value(cats)}")
    return "; ".join(groups)


def fmt_completion(result: Mapping[str, Any]) -> str:
    """"31/33": answered of applicable."""
    counts = result.get("counts") or {}
    answered = counts.get("answered")
    applicable = counts.get("applicable")
    if answered is None or applicable is None:
        return ""
    return f"{answered}/{applicable}"


# --------------------------------------------------------------------------- safety

# C0 and C1 control characters except tab/newline/carriage return (handled by callers).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES_RE = re.compile(r"\r\n|\r|\n")


def strip_controls(text: str) -> str:
    """Replace control characters (terminal escapes, NUL, ...) with U+FFFD."""
    return _CONTROL_RE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Collapse newlines and tabs to spaces and drop control characters."""
    return strip_controls(_NEWLINES_RE.sub(" ", text).replace("\t", " "))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """OWASP CSV injection defence: a string that a spreadsheet could read as a
    formula (starting with = + - @ tab or CR) gets a leading single quote."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


# --------------------------------------------------------------------------- results


def get_labels(labels: Any, checklist_id: Any) -> Labels | None:
    """The Labels for a checklist id, or None (``labels``: a mapping of checklist ids to them)."""
    if not labels or checklist_id is None:
        return None
    try:
        return cast("Labels | None", labels.get(checklist_id))
    except AttributeError:  # pragma: no cover - not a mapping
        return None


def checklist_of(result: Mapping[str, Any]) -> Mapping[str, Any]:
    checklist = result.get("checklist")
    return checklist if isinstance(checklist, Mapping) else {}


def checklist_title(result: Mapping[str, Any], labels: Any) -> str:
    checklist = checklist_of(result)
    lab = get_labels(labels, checklist.get("id"))
    if lab is not None and lab.title:
        return lab.title
    return str(checklist.get("id") or "ledcheck report")


def section_title(section: Mapping[str, Any], lab: Labels | None) -> str:
    sid = section.get("id")
    if lab is not None and sid is not None:
        text = lab.texts.get(sid)
        if text:
            return text
    return str(section.get("title") or sid or "")


def indicator_text(indicator: Mapping[str, Any], lab: Labels | None) -> str:
    iid = indicator.get("id")
    if lab is not None and iid is not None:
        return lab.texts.get(iid) or ""
    return ""


def answer_text(indicator: Mapping[str, Any], lab: Labels | None) -> str:
    """An indicator's answer for people: its level or option labels where the checklist gives
    them, else :func:`fmt_value` with the unit."""
    value = indicator.get("value")
    names: Mapping[str, str] | None = \
        (getattr(lab, "answers", None) or {}).get(indicator.get("id")) if lab is not None else None
    if names and value is not None and value is not True and value is not False:
        if isinstance(value, list):
            return ", ".join(names.get(str(v), str(v)) for v in value) if value else "(none)"
        key = fmt_number(value) if is_number(value) else str(value)
        if key in names:
            return names[key]
    return fmt_value(value, indicator_unit(indicator, lab))


def indicator_unit(indicator: Mapping[str, Any], lab: Labels | None) -> str | None:
    iid = indicator.get("id")
    if lab is not None and iid is not None:
        units: Mapping[str, str] = getattr(lab, "units", None) or {}
        return units.get(iid)
    return None


_ABSOLUTE_RE = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]|~|file:)")


def display_source(source: Any) -> str | None:
    """A result's ``source`` as reports show it: a relative path as given, an absolute one
    (``/home/ana/...``, ``C:\\Users\\...``, ``~/...``, ``file:``) only by its file name, so
    a report never shows where the person who ran it keeps their files."""
    if source in (None, ""):
        return None
    text = str(source)
    if _ABSOLUTE_RE.match(text):
        name = re.split(r"[\\/]", text.rstrip("\\/"))[-1]
        return name or text
    return text


def subject_of(result: Mapping[str, Any]) -> str:
    """The subject, or the source file when a submission has none."""
    subject = result.get("subject")
    if subject not in (None, ""):
        return str(subject)
    source = display_source(result.get("source"))
    return source if source is not None else "(no subject)"


def meta_of(result: Mapping[str, Any]) -> Mapping[str, Any]:
    """The result's ``meta`` facts (6.4), ``{}`` when it has none."""
    meta = result.get("meta")
    return meta if isinstance(meta, Mapping) else {}


def levels_of(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The result's ``results_levels`` entries (6.3), in the results-chain order."""
    levels = result.get("results_levels")
    if not isinstance(levels, list):
        return []
    found = [lv for lv in levels if isinstance(lv, Mapping)]
    order = {name: i for i, name in enumerate(RESULTS_LEVELS)}
    return sorted(found, key=lambda lv: order.get(str(lv.get("level")), len(order)))


def gaps_of(result: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """The data gaps (6.2): (section, indicator) of every indicator with status ``no_data``."""
    return [(s, i) for s, i in walk_indicators(result) if i.get("status") == "no_data"]


def sections_of(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    sections = node.get("sections")
    return [s for s in sections if isinstance(s, Mapping)] if isinstance(sections, list) else []


def indicators_of(section: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    indicators = section.get("indicators")
    return [i for i in indicators if isinstance(i, Mapping)] if isinstance(indicators, list) else []


def goal_of(indicator: Mapping[str, Any], lab: Labels | None) -> tuple[Any, Any, Any, bool, bool] | None:
    """(baseline, target, direction, own baseline, own target) of a number indicator: the
    result's effective values (1.1 results carry them), else the checklist's (from ``lab``);
    "own" when the subject's override differs from the checklist. None for other indicators.

    A 1.0 result carries ``baseline``/``target`` only when the submission overrides them, so
    without the checklist's values such a key is still told as the subject's own.
    """
    goals = getattr(lab, "goals", None) or {} if lab is not None else {}
    goal = goals.get(indicator.get("id"))
    has_b, has_t = "baseline" in indicator, "target" in indicator
    if goal is None and not (has_b or has_t or "direction" in indicator):
        return None
    base = getattr(goal, "baseline", None)
    targ = getattr(goal, "target", None)
    baseline = indicator.get("baseline") if has_b else base
    target = indicator.get("target") if has_t else targ
    direction = indicator.get("direction") or getattr(goal, "direction", None)
    if direction is None and isinstance(baseline, (int, float)) and isinstance(target, (int, float)):
        direction = "decrease" if target < baseline else "increase"
    v11 = "direction" in indicator  # 1.1 results always carry the effective values
    if goal is not None:
        own_b = has_b and baseline != base
        own_t = has_t and target != targ
    else:
        own_b, own_t = has_b and not v11, has_t and not v11
    return baseline, target, direction, own_b, own_t


def walk_sections(
    sections: Iterable[Mapping[str, Any]], depth: int = 0
) -> Iterator[tuple[Mapping[str, Any], int]]:
    """Every section, depth first, in checklist order, with its nesting depth."""
    for section in sections:
        yield section, depth
        yield from walk_sections(sections_of(section), depth + 1)


def walk_indicators(
    result: Mapping[str, Any],
) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(innermost section, indicator) pairs; a section's indicators come before
    its sub-sections (FORMAT.md §1 order)."""
    for section, _depth in walk_sections(sections_of(result)):
        for indicator in indicators_of(section):
            yield section, indicator


def top_section_scores(result: Mapping[str, Any]) -> dict[str, Any]:
    """{top-level section id: score}."""
    return {str(s.get("id")): s.get("score") for s in sections_of(result)}


def union_top_sections(
    results: Iterable[Mapping[str, Any]], labels: Any
) -> list[tuple[str, str]]:
    """(id, title) of top-level sections across results, in order of first appearance."""
    seen: dict[str, str] = {}
    for result in results:
        lab = get_labels(labels, checklist_of(result).get("id"))
        for section in sections_of(result):
            sid = str(section.get("id"))
            if sid not in seen:
                seen[sid] = section_title(section, lab)
    return list(seen.items())


def problem_counts(result: Mapping[str, Any]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for problem in result.get("problems") or ():
        severity = problem.get("severity") if isinstance(problem, Mapping) else None
        if severity == "error":
            errors += 1
        elif severity == "warning":
            warnings += 1
    return errors, warnings


def problem_line(result: Mapping[str, Any], problem: Mapping[str, Any]) -> str:
    """"FILE:LINE: severity: message" (one line, no control characters)."""
    source = result.get("source") or result.get("subject") or "<result>"
    where = str(source)
    line = problem.get("line")
    if line is not None:
        where = f"{where}:{line}"
    severity = problem.get("severity") or "error"
    message = str(problem.get("message") or "")
    path = problem.get("path")
    if line is None and path:
        message = f"{message} (at {path})"
    return one_line(f"{where}: {severity}: {message}")


# --------------------------------------------------------------------------- streams


def encode(text: str) -> bytes:
    """UTF-8, replacing what cannot be encoded (lone surrogates from odd paths)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


class TextSink:
    """A minimal text-mode adapter over a binary stream (for the csv module).

    Unlike io.TextIOWrapper it never closes the underlying stream, even when
    garbage collected, and keeps no buffer of its own.
    """

    __slots__ = ("stream",)

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(encode(text))
        return len(text)


def report_lang(results: Iterable[Mapping[str, Any]], labels: Any) -> str:
    """The language of a report: that of its checklists' labels when they agree, else "en"."""
    langs = set()
    for result in results:
        lab = get_labels(labels, checklist_of(result).get("id"))
        lang = getattr(lab, "lang", None) if lab is not None else None
        if lang:
            langs.add(str(lang))
    return langs.pop() if len(langs) == 1 else "en"
