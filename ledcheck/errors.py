"""Typed errors and problems.

Library code never prints: it raises a :class:`LedcheckError` (a file that cannot be used at all)
or returns :class:`Problem` values (findings in a file that could be read). The CLI turns both into
``FILE:LINE:COL: severity: message`` lines and the exit codes of FORMAT.md §5: the mapping from
these types to exit statuses is ``ledcheck.cli.status.status_for``, and only there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Control characters (C0, DEL, C1) and bidirectional overrides: in a problem line on a terminal
# they could move the cursor, recolour or clear the screen, or start a fake "FILE:LINE" line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: unsafe characters shown as escapes (``\\x1b``)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"
                                             if ord(m.group()) > 0xff else f"\\x{ord(m.group()):02x}"),
                       text)

ERROR = "error"
WARNING = "warning"
NOTE = "note"
"""The three severities (FORMAT.md §6.11, SARIF's levels): an error fails; a warning fails only
under ``--strict``; a note never fails."""
SEVERITIES = (ERROR, WARNING, NOTE)


def fails(severity: str, strict: bool = False) -> bool:
    """Whether a problem of ``severity`` fails a run (exit 1): errors always, warnings under
    ``--strict``, notes never."""
    return severity == ERROR or (strict and severity == WARNING)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in a file: where it is, how bad, and what to do about it.

    ``path`` is a dotted path into the document (``answers.S9``, ``sections[0].weight``);
    ``line``/``col`` are 1-based, or 0 when unknown. ``rule`` names the check (for SARIF/JSON).
    ``context`` is the source line with a caret under the column (``ledcheck.yamlio.context_lines``),
    shown under the problem line on a terminal; it is not part of equality or order.
    """

    severity: str
    message: str
    line: int = 0
    col: int = 0
    path: str = ""
    rule: str = "format"
    file: str = ""
    context: str | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_note(self) -> bool:
        return self.severity == NOTE

    def sort_key(self) -> tuple[int, int, bool, str]:
        return (self.line or 10**9, self.col, self.severity != ERROR, self.message)

    def format(self, file: str | None = None) -> str:
        """``FILE:LINE:COL: severity: message``, as compilers and yamllint print it."""
        where = file if file is not None else self.file
        return printable(f"{where}:{self.line or 1}:{self.col or 1}: {self.severity}: {self.message}")

    def context_lines(self) -> list[str]:
        """The source line and caret line to print under :meth:`format` (none without a
        context), each made safe for a terminal."""
        return [printable(line) for line in self.context.splitlines()] if self.context else []

    def to_dict(self, rule: bool = True) -> dict[str, object]:
        """The JSON form: ``validate --format json`` includes the rule, results do not."""
        d: dict[str, object] = {"severity": self.severity, "path": self.path, "line": self.line or None,
                                "col": self.col or None}
        if rule:
            d["rule"] = self.rule
        d["message"] = self.message
        return d


class LedcheckError(Exception):
    """A file or argument that cannot be used at all. Carries file, line and column."""

    rule = "load"

    def __init__(self, message: str, file: str = "", line: int = 0, col: int = 0):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def as_problem(self) -> Problem:
        """The error as a :class:`Problem`, with the source line and caret the loader attached
        as ``context`` (a YAML syntax error, issue 10) when there is one."""
        context = getattr(self, "context", None)
        return Problem(ERROR, self.message, self.line, self.col, "", self.rule, self.file,
                       context if isinstance(context, str) and context else None)

    def format(self) -> str:
        return self.as_problem().format()

    def __str__(self) -> str:
        return self.format() if self.file else self.message


class LoadError(LedcheckError):
    """The file was read but is not usable YAML: syntax, encoding, size, tags, duplicates, aliases."""

    rule = "yaml"


class InputError(LedcheckError):
    """A path that does not exist, cannot be opened, or an argument that cannot be used (exit 2)."""

    rule = "input"


class ChecklistError(LedcheckError):
    """A checklist that breaks the rules of FORMAT.md §1; ``problems`` lists every finding."""

    rule = "checklist"

    def __init__(self, problems: list[Problem], file: str = ""):
        first = next((p for p in problems if p.is_error), problems[0] if problems else None)
        super().__init__(first.message if first else "invalid checklist", file,
                         first.line if first else 0, first.col if first else 0)
        self.problems = problems


class UnknownChecklistError(InputError):
    """A checklist id that no available checklist has."""

    rule = "checklist-ref"
