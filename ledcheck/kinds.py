"""What kind of ledcheck document a file or a loaded document is: the ONE place that decides.

FORMAT.md §6.11 "File kinds": the kind comes from the top-level keys -- ``answers`` makes a
submission, ``roadmap`` a road map, anything else a checklist; a workbook (``.xlsx``) is a
submission when it carries the marker ``template -f xlsx`` writes, else it is "other". Every
command that must tell files apart (validate, score, assess --resume, --skip-other, folder
scans) asks :func:`kind_of`; nothing else looks at ``answers:`` to decide.

Light on purpose (no YAML, no openpyxl at import): the CLI may call it while scanning folders.
"""
from __future__ import annotations

import os
import re
from collections.abc import Collection
from typing import Any, Literal

Kind = Literal["checklist", "submission", "roadmap", "workbook", "other"]
CHECKLIST: Kind = "checklist"
SUBMISSION: Kind = "submission"
ROADMAP: Kind = "roadmap"
WORKBOOK: Kind = "workbook"
OTHER: Kind = "other"

YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx",)
_HEAD_BYTES = 1 << 20
_TOP_KEY = re.compile(rb"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


def kind_of_keys(keys: Collection[str]) -> Kind:
    """The kind of a mapping document from its top-level keys.

    ``sections`` -> checklist (even with stray ``answers``: it is checked as the checklist it
    mostly is); ``answers`` -> submission; ``roadmap`` -> road map; a ``checklist:`` reference
    without ``sections`` -> a submission that forgot its answers (checked as one, so the message
    says 'answers' is missing, not that it is a broken checklist); else checklist.
    """
    if "sections" in keys:
        return CHECKLIST
    if "answers" in keys:
        return SUBMISSION
    if "roadmap" in keys:
        return ROADMAP
    if "checklist" in keys:
        return SUBMISSION
    return CHECKLIST


def kind_of(source: Any) -> Kind:
    """The kind of a loaded document, or of a file given by path (str or ``os.PathLike``).

    - loaded data: a mapping by :func:`kind_of_keys`; anything else (a list, a scalar) is a
      checklist (checking it as one reports that a checklist must be a mapping);
    - a ``.xlsx`` path: ``"workbook"`` when it carries the template marker, else ``"other"``
      (see :func:`workbook_kind`);
    - a YAML path: ``"other"`` when it has no top-level ``ledcheck:`` key (a CI workflow, a
      config file: what ``validate --skip-other`` skips), else by its top-level keys, read
      from the text without parsing it. A file that cannot be read is reported by whoever reads
      it next, so it counts as a checklist here (never silently skipped);
    - any other path is read as YAML (a file named on the command line is taken as given).
    """
    if isinstance(source, (str, os.PathLike)):
        return _kind_of_path(os.fspath(source))
    if isinstance(source, dict):
        return kind_of_keys(source)
    return CHECKLIST


def _kind_of_path(path: str) -> Kind:
    lower = path.lower()
    if lower.endswith(WORKBOOK_SUFFIXES):
        return workbook_kind(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return CHECKLIST
    keys = {m.group(1).decode("ascii") for m in _TOP_KEY.finditer(head)}
    if "ledcheck" not in keys:
        return OTHER
    return kind_of_keys(keys)


def workbook_kind(path: str) -> Kind:
    """``"workbook"`` when ``path`` carries the marker that ``template -f xlsx`` writes (its
    hidden ``_ledcheck`` sheet), else ``"other"``.

    HOOK: the marker is the workbook module's (``ledcheck.collect.workbook.is_template_workbook``,
    cheap, never raises); until that module is there every workbook is "other".
    """
    try:
        from .collect.workbook import is_template_workbook
    except ImportError:  # the workbook support is not built (yet)
        return OTHER
    return WORKBOOK if is_template_workbook(path) else OTHER
