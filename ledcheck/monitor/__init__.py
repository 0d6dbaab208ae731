"""Monitoring over time and across subjects (FORMAT.md §6.8, §6.9, §6.11).

Pure library code over scored results (the JSON data of FORMAT.md §4 with the §6 fields):

- :mod:`.rounds`    subject keys, name normalisation, round ordering, grouping into subjects
- :mod:`.compare`   two rounds of one subject: changes, movement, distance travelled
- :mod:`.progress`  every subject's rounds in order, change first -> last, per section
- :mod:`.aggregate` groups of subjects: statistics, ranks, sums of numbers and breakdowns
- :mod:`.roadmap`   road map files: loading, validation with positions, milestone judging
- :mod:`.report`    the output formats (terminal table, json, csv, md, html, xlsx)

Nothing here prints or exits; problems are returned as :class:`ledcheck.errors.Problem` values.
Results may be today's (1.0) or tomorrow's (1.1): keys the scorer does not emit yet are read with
``.get`` and, where a fact belongs to the checklist (an indicator's type, target, direction), from
the :class:`~ledcheck.model.Checklist` when one is given.
"""
from __future__ import annotations

from .aggregate import aggregate
from .compare import compare
from .progress import progress
from .rounds import Subject, group_subjects, normalise_name, round_sort_key, subject_key

__all__ = [
           "Subject",
           "aggregate",
           "compare",
           "group_subjects",
           "normalise_name",
           "progress",
           "round_sort_key",
           "subject_key",
]
