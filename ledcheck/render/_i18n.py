"""The words of the reports, in the report's language: a re-export of :mod:`ledcheck.i18n`.

The catalogue lives in :mod:`ledcheck.i18n.report` (one place for ledcheck's own words). A
renderer sets the language for the time it renders (:func:`language`, a context variable, so
concurrent renders in threads do not mix), and every report word goes through :func:`tr`.
Kept only for ``tests/test_render.py``, which still imports ``language`` from here; new code
imports :mod:`ledcheck.i18n` (the monitor reports do). Delete once that test does.
"""
from __future__ import annotations

from ..i18n import language, tr
from ..i18n.report import WORDS as TABLES

__all__ = ["TABLES", "language", "tr"]
