"""The words of the reports, in the report's language: a re-export of :mod:`ledcheck.i18n`.

The catalogue lives in :mod:`ledcheck.i18n.report` (one place for ledcheck's own words). A
renderer sets the language for the time it renders (:func:`language`, a context variable, so
concurrent renders in threads do not mix), and every report word goes through :func:`tr`.
Kept so that ``from ledcheck.render._i18n import language, tr`` (the monitor reports) still works.
"""
from __future__ import annotations

from ..i18n import language, tr
from ..i18n.report import WORDS as TABLES

__all__ = ["TABLES", "language", "tr"]
