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
_PARSE_BYTES = 10 * 1024 * 1024  # a file in an unusual style is parsed only up to this size
# A top-level key in block style: at column 0, plain or quoted, then ':' and its value.
_TOP_KEY = re.compile(r"""^(?:"([^"\n\\]*)"|'([^'\n]*)'|([A-Za-z_][\w-]*))[ \t]*:(?:[ \t]+(.*))?$""",
                      re.MULTILINE)
_BOM = "\ufeff"


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
    keys = peek(path)
    if keys is None:  # unreadable: whoever reads it next reports why (never silently skipped)
        return CHECKLIST
    if "ledcheck" not in keys:
        return OTHER
    return kind_of_keys(keys)


def _normalise(head: bytes) -> str:
    """The text of a file's first bytes: BOM dropped, CRLF and CR-only line ends made LF."""
    text = head.decode("utf-8", "replace")
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _scalar(raw: str | None) -> str:
    """The text of a plain or quoted scalar as written after ``key:`` (comment dropped)."""
    raw = (raw or "").strip()
    if raw.startswith("#"):  # no value, only a comment
        return ""
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return re.split(r"[ \t]#", raw, maxsplit=1)[0].strip()


def _block_keys(text: str) -> dict[str, str]:
    return {m.group(1) or m.group(2) or m.group(3): _scalar(m.group(4)) for m in _TOP_KEY.finditer(text)}


def peek(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """A YAML file's top-level keys with their scalar values as text (``{}`` values for
    non-scalars are ``""``), read cheaply; ``None`` when the file cannot be read or parsed.

    Block style (plain or quoted keys, any line ends, with or without a BOM) is read from the
    text without parsing. A file whose text mentions ``ledcheck`` but shows no such top-level
    key there (flow style ``{ledcheck: 1, ...}``, an explicit ``? key``, a document marker with
    content) is parsed safely, so that no ledcheck file is taken for "other" by its style
    (``validate --skip-other``, ``./checklists/`` by id).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return None
    text = _normalise(head)
    keys = _block_keys(text)
    if "ledcheck" in keys or "ledcheck" not in text:
        return keys
    return _parsed_keys(path)


def _parsed_keys(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """Top-level keys of a file parsed by the hardened loader (:mod:`ledcheck.yamlio`)."""
    from .errors import LedcheckError
    from .yamlio import load
    try:
        data = load(path, _PARSE_BYTES).data
    except (LedcheckError, OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return {}
    return {str(k): ("" if isinstance(v, (dict, list)) or v is None else str(v))
            for k, v in data.items() if isinstance(k, (str, int, float, bool))}


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
