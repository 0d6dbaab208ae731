"""Answers in the monitoring reports as people read them: level and option labels of the
checklists in the report's language, numbers with their unit (the words around them come from
:mod:`ledcheck.i18n`)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Checklist

#: ({indicator id: {value key: label}}, {indicator id: unit}): see :func:`answer_labels`.
_Labels = tuple[dict[str, dict[str, str]], dict[str, str]]
_ANSWERS: ContextVar[_Labels | None] = ContextVar("ledcheck_monitor_answers", default=None)


def answer_labels(checklists: Iterable[Checklist], lang: str | None) -> _Labels:
    """({indicator id: {value key: label}}, {indicator id: unit}) of the checklists, in ``lang``:
    rubric levels as "2 Started", options by their labels (``ledcheck.render.labels_for``)."""
    from ..render import labels_for
    names: dict[str, dict[str, str]] = {}
    units: dict[str, str] = {}
    for c in checklists:
        lab = labels_for(c, lang)
        for iid, m in lab.answers.items():
            names.setdefault(iid, dict(m))
        for iid, u in lab.units.items():
            units.setdefault(iid, u)
    return names, units


@contextmanager
def answers(labels: _Labels | None) -> Iterator[None]:
    """Show answer values by their labels (from :func:`answer_labels`) within this block."""
    token = _ANSWERS.set(labels)
    try:
        yield
    finally:
        _ANSWERS.reset(token)


#: The canonical answer words (files keep these) and the English words of the catalogues
#: (:mod:`ledcheck.i18n.report`, shared with ``assess``) that show them (FORMAT.md §6.7).
ANSWER_WORDS = {"yes": "yes", "no": "no", "partial": "partial", "na": "N/A", "no_data": "no data"}
#: The reserved remainder category of breakdowns (§6.5).
UNKNOWN = "unknown"


def answer_word(value: Any) -> str | None:
    """yes, no, partial, N/A or no data in the current language (:func:`ledcheck.i18n.language`)
    for a canonical answer value, else None."""
    from ..i18n import tr
    if value is True or value is False:
        value = "yes" if value else "no"
    if isinstance(value, str) and value in ANSWER_WORDS:
        return tr(ANSWER_WORDS[value])
    return None


def category_text(category: Any) -> str:
    """A breakdown category for people: ``unknown`` (the reserved remainder) in the current
    language; the others as the checklist names them (FORMAT.md has no category labels)."""
    from ..i18n import tr
    return tr(UNKNOWN) if category == UNKNOWN else str(category)


def answer_text(iid: str | None, value: Any) -> str:
    """An indicator's answer for people: its level or option label where known, numbers with
    their unit, yes/no/partial/N/A/no data in the current language, lists joined."""
    from ..i18n import tr
    from ._fmt import fmt_number, fmt_value, is_num
    names, units = _ANSWERS.get() or ({}, {})
    table = (names.get(iid) if iid is not None else None) or {}
    if isinstance(value, list):
        if not value:
            return tr("(none)")
        return ", ".join(table.get(str(v)) or answer_word(v) or fmt_value(v) for v in value)
    if table and value is not None and not isinstance(value, bool):
        key = fmt_number(value) if is_num(value) else str(value)
        if key in table:
            return table[key]
    word = answer_word(value)
    if word is not None:
        return word
    return fmt_value(value, units.get(iid) if iid is not None else None)
