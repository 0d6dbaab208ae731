"""The exit statuses of FORMAT.md §5, and the one place that maps library outcomes to them.

The library never decides an exit status: it raises typed errors (:mod:`ledcheck.errors`) or
returns problems. Commands ask :func:`status_for` what an error means for the exit status and
combine per-file statuses with :func:`worst` (as httpie's ``ExitStatus`` and black's
``Report.return_code``).
"""
from __future__ import annotations

import signal
from collections.abc import Iterable
from enum import IntEnum

from ..errors import InputError, LedcheckError


class ExitStatus(IntEnum):
    """What ``ledcheck`` exits with. Numbers are the contract (FORMAT.md §5)."""

    OK = 0
    FINDINGS = 1        # an invalid file, an error in a submission, --fail-under, --strict warnings
    USAGE = 2           # unknown option, a path that cannot be opened, an unusable checklist, I/O
    INTERRUPTED = 130   # Ctrl-C (128 + SIGINT), after saving what was entered
    HANGUP = 128 + getattr(signal, "SIGHUP", 1)       # 129: the terminal went away (assess)
    TERMINATED = 128 + getattr(signal, "SIGTERM", 15)  # 143: killed politely (assess)

    @classmethod
    def from_signal(cls, signum: int) -> ExitStatus:
        """128 + the signal number, as shells report a process stopped by a signal."""
        return cls(128 + signum)


def status_for(error: BaseException | type[BaseException] | None) -> ExitStatus:
    """The exit status an error (or error type) stands for: the ONE mapping of library errors.

    :class:`~ledcheck.errors.InputError` (a path that cannot be opened, an unusable argument) is a
    usage/I-O error (2); any other :class:`~ledcheck.errors.LedcheckError` is a finding in a file
    (1); ``KeyboardInterrupt`` is 130; ``None`` (no error) is 0; anything else (a bug the
    entry point reports in one line) is 2.
    """
    if error is None:
        return ExitStatus.OK
    kind = error if isinstance(error, type) else type(error)
    if issubclass(kind, KeyboardInterrupt):
        return ExitStatus.INTERRUPTED
    if issubclass(kind, InputError):
        return ExitStatus.USAGE
    if issubclass(kind, LedcheckError):
        return ExitStatus.FINDINGS
    return ExitStatus.USAGE


def worst(statuses: Iterable[int]) -> ExitStatus:
    """The status of a batch: usage beats findings beats OK (an interruption beats them all)."""
    seen = {ExitStatus(s) for s in statuses}
    for s in (ExitStatus.INTERRUPTED, ExitStatus.USAGE, ExitStatus.FINDINGS):
        if s in seen:
            return s
    return ExitStatus.OK
