"""Shared terminal output of the commands: problem lines on stderr, library errors turned into
a message and an exit status, checklists loaded for a command argument, atomic output files.

Everything printed from user text goes through :func:`ledcheck.errors.printable` (problem lines
already do, in :meth:`Problem.format`), so a file cannot drive the terminal.
"""
from __future__ import annotations

import sys
from typing import NoReturn

import typer

from ..errors import LedcheckError, Problem, printable
from .status import ExitStatus, status_for


def err(line: str) -> None:
    """One line on stderr."""
    print(line, file=sys.stderr)


def error_line(exc: LedcheckError) -> str:
    """``FILE:LINE:COL: error: MESSAGE``, or ``ledcheck: error: MESSAGE`` without a file."""
    return exc.format() if exc.file else printable(f"ledcheck: error: {exc.message}")


def print_problem(problem: Problem, file: str | None = None) -> None:
    """A problem line on stderr, with the source line and a caret under it when the problem
    has them (a YAML syntax error: issue 10)."""
    err(problem.format(file))
    for line in problem.context_lines():
        err(line)


def print_data(text: str) -> None:
    """A data document (JSON, SARIF, annotations) on stdout as UTF-8 bytes, whatever the
    terminal's encoding: data formats are UTF-8 by contract (and a legacy encoding's escapes,
    such as ``\\xe9``, would not be valid JSON)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding host): it has to do
        print(text)
        return
    buffer.write(text.encode("utf-8") + b"\n")
    buffer.flush()


def die(exc: LedcheckError, status: ExitStatus | None = None) -> NoReturn:
    """Print a library error and exit with its status (:func:`status_for`) or ``status``."""
    err(error_line(exc))
    for line in exc.as_problem().context_lines() if exc.file else []:
        err(line)
    raise typer.Exit(status if status is not None else status_for(exc))


def load_checklist(ref: str | None, max_bytes: int | None = None):
    """The checklist of a command argument (path or id); any problem exits 2: a checklist the
    command cannot use is a usage error (FORMAT.md §5)."""
    from .. import library
    from ..errors import ChecklistError
    try:
        return library.load(ref, max_bytes)
    except ChecklistError as exc:
        for p in exc.problems:
            if p.is_error:
                print_problem(p, exc.file)
        err(printable(f"ledcheck: error: {exc.file} is not a valid checklist"))
        raise typer.Exit(ExitStatus.USAGE) from None
    except LedcheckError as exc:
        die(exc, ExitStatus.USAGE)


def check_profile(checklist, profile: str | None):
    """The :class:`~ledcheck.profiles.Selection` of ``--profile`` for ``checklist`` (``None``:
    the whole checklist); an unknown profile exits 2 with the checklist's profiles."""
    from ..profiles import UnknownProfileError, select
    try:
        return select(checklist, profile)
    except UnknownProfileError as exc:
        die(exc, ExitStatus.USAGE)


def warn_if_profile_unsupported(profile: str | None) -> None:
    """A warning when ``--profile`` is given but this scorer cannot apply it (yet)."""
    if profile is None:
        return
    from ..batch import scorer_takes_profile
    if not scorer_takes_profile():
        err(printable(f"ledcheck: warning: this version's scorer cannot score under a profile yet; "
                      f"--profile {profile} is checked but the whole checklist is scored"))


def check_lang(checklist, lang: str | None) -> str | None:
    """``lang``, with a warning on stderr when the checklist does not have it."""
    if lang is not None and lang not in checklist.languages:
        err(printable(f"ledcheck: warning: checklist '{checklist.id}' has no language '{lang}' "
                      f"(it has {', '.join(checklist.languages)}); showing {checklist.default_lang}"))
    return lang


def write_output(path: str, data: bytes) -> None:
    """Write an output file atomically (temp file + rename); failing to is an I/O error (2)."""
    from ..yamlio import write_output as write
    try:
        write(path, data)
    except OSError as exc:
        err(printable(f"{path}: error: cannot write: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
