"""The process's streams and signals, made safe once at start-up (:func:`prepare`).

- A closed stdin, stdout or stderr (``<&-``, ``>&-``) is reopened on the null device at the
  file-descriptor level, so that files ledcheck opens later never take descriptor 0, 1 or 2;
  writing results to a stdout that was closed is then an I/O error (exit 2), not a crash.
- stdout is wrapped (:class:`GuardedStream`): any failure to write it -- a full disk
  (``> /dev/full``), a broken pipe (``| head``), a closed descriptor -- becomes
  :class:`OutputError`, which :func:`ledcheck.cli.app.main` reports in one line with exit 2
  (FORMAT.md §5: an output that cannot be written). It is not an ``OSError`` on purpose: Click
  would turn a broken pipe into a silent exit 1.
- A stdout or stderr whose encoding is not UTF-8 (``PYTHONIOENCODING=ascii``, a legacy code
  page) writes what it cannot encode as escapes instead of failing.
- SIGTERM raises :class:`Terminated` in the main process, so that ``with`` blocks run: atomic
  writes remove their temporary files and worker processes are stopped (exit 143).
"""
from __future__ import annotations

import codecs
import errno
import os
import signal
import sys
from typing import Any


class OutputError(Exception):
    """stdout cannot be written (closed, full, broken pipe). Not an OSError (see module doc)."""

    def __init__(self, code: int, reason: str):
        super().__init__(reason)
        self.errno = code
        self.reason = reason

    @classmethod
    def from_os(cls, exc: OSError) -> OutputError:
        if exc.errno == errno.EPIPE:
            return cls(errno.EPIPE, "the reading end was closed (broken pipe)")
        return cls(exc.errno or errno.EIO, exc.strerror or str(exc))

    def message(self) -> str:
        return f"ledcheck: error: cannot write to standard output: {self.reason}"


class Terminated(BaseException):
    """SIGTERM reached the main process: unwind (cleaning up) and exit 143."""


class GuardedStream:
    """A text or binary stream whose write failures raise :class:`OutputError`; everything else
    is the wrapped stream's. ``None`` stands for a stream that was closed at start-up."""

    def __init__(self, target: Any):
        self._target = target

    def _fail(self, exc: BaseException) -> OutputError:
        if isinstance(exc, OSError):
            return OutputError.from_os(exc)
        return OutputError(errno.EBADF, "it is closed")

    def write(self, data: Any) -> int:
        if self._target is None:
            raise OutputError(errno.EBADF, "it is closed")
        try:
            written: int = self._target.write(data)   # what the wrapped stream's write gives
            return written
        except (OSError, ValueError) as exc:  # ValueError: I/O operation on closed file
            raise self._fail(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._target is None:
            return
        try:
            self._target.flush()
        except (OSError, ValueError) as exc:
            raise self._fail(exc) from None

    def isatty(self) -> bool:
        try:
            return self._target is not None and self._target.isatty()
        except (OSError, ValueError):
            return False

    @property
    def buffer(self) -> GuardedStream:
        return GuardedStream(getattr(self._target, "buffer", None))

    @property
    def closed(self) -> bool:
        return self._target is None or bool(getattr(self._target, "closed", False))

    def __getattr__(self, name: str) -> Any:
        if self._target is None:
            raise AttributeError(name)
        return getattr(self._target, name)


def _reopen_closed_descriptors() -> set[int]:
    """Put the null device on descriptors 0-2 that are closed; returns those that were."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            new = os.open(os.devnull, os.O_RDWR)
            if new != fd:  # a lower one was free too (it is handled in its own turn)
                os.dup2(new, fd)
                os.close(new)
    return closed


def _is_utf8(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _tolerant(stream: Any) -> None:
    """Escape what a non-UTF-8 stream cannot encode, instead of raising UnicodeEncodeError."""
    if stream is not None and not _is_utf8(stream) and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (OSError, ValueError):  # pragma: no cover
            pass


_MAIN_PID = [0]


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM: unwind the main process. A worker forked from it that has not yet replaced this
    inherited handler (``batch._init_worker``) just dies, as with the default action."""
    if os.getpid() != _MAIN_PID[0]:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise Terminated()


def prepare() -> Any:
    """Make the streams and SIGTERM safe for a command run (see the module doc); returns a
    function that puts back what it changed in this process (stdout, the SIGTERM handler), for
    callers that run a command in-process (tests)."""
    saved_stdout = sys.stdout
    _reopen_closed_descriptors()
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    _tolerant(sys.stderr)
    _tolerant(sys.stdout)
    if not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)
    _MAIN_PID[0] = os.getpid()
    try:
        saved_term = signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread (an embedding host)
        saved_term = None

    def restore() -> None:
        if isinstance(sys.stdout, GuardedStream):
            sys.stdout = saved_stdout
        if saved_term is not None:
            try:
                signal.signal(signal.SIGTERM, saved_term)
            except (ValueError, OSError):  # pragma: no cover
                pass
    return restore


def silence_stdout() -> None:
    """After stdout failed: point descriptor 1 at the null device, so that the interpreter's
    final flush of what is still buffered cannot fail again (no 'Exception ignored' noise)."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)
    except OSError:  # pragma: no cover
        pass
