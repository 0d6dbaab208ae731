"""``ledcheck score PATH...``: score submissions into a table, reports or data.

:class:`ScoreRun` is one run of the command: inputs -> outcomes (:func:`ledcheck.batch.run`,
which scores) -> one combined output or one report per submission; problems and the progress
bar on stderr, and the exit status. Scoring and rendering are the library's.
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from ..errors import InputError, LedcheckError, printable
from ..i18n import language, tr
from .options import LANG_HELP, MAX_BYTES_HELP, PROFILE_HELP
from .output import check_profile, die, err, load_checklist, warn_if_profile_unsupported
from .status import ExitStatus, status_for, worst

if TYPE_CHECKING:  # pragma: no cover
    from ..batch import Outcome
    from ..model import Checklist

EXT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".md": "md",
               ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}
PROGRESS_MIN = 200


BINARY_FORMATS = frozenset({"xlsx"})
"""Formats that are bytes, not text: never written to a terminal."""


class _NothingScored(Exception):
    """Aborts writing a combined output file when no submission was scored, so that the
    temporary file is removed and an earlier report under that name stays as it was."""


def _finite_score(value: float | None) -> float | None:
    """``--fail-under``: a number (NaN or infinity is a usage error, exit 2)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"'{value}' is not a score; give a number such as 60")
    return value


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"
    html = "html"
    xlsx = "xlsx"


def score(
    paths: list[str] = typer.Argument(..., help="Submission files, folders or globs."),
    fmt: ScoreFormat | None = typer.Option(None, "--format", "-f",
                                              help="Output format (default: table, or from -o's extension)."),
    output: str | None = typer.Option(None, "--output", "-o",
                                         help="FILE: one combined output; DIR/ (trailing slash or an "
                                              "existing folder): one report per submission plus a summary."),
    checklist: str | None = typer.Option(None, "--checklist", "-c",
                                            help="Score against this checklist instead of the one each "
                                                 "submission names."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default: all cores for large batches)."),
    fail_under: float | None = typer.Option(None, "--fail-under", callback=_finite_score,
                                               help="Exit 1 if any overall score is below this "
                                                    "(a submission with no score fails too)."),
    long: bool = typer.Option(False, "--long", help="CSV: one row per indicator instead of one per "
                                                     "submission (XLSX has both sheets)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print problems on stderr."),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_HELP),
) -> None:
    """Score submissions into a table, reports (md, html, xlsx) or data (json, jsonl, csv)."""
    fixed = load_checklist(checklist, max_bytes) if checklist else None
    if fixed is not None:
        check_profile(fixed, profile)
    warn_if_profile_unsupported(profile)
    run = ScoreRun(paths=paths, fmt=fmt.value if fmt else None, output=output, fixed=fixed, jobs=jobs,
                   fail_under=fail_under, long=long, lang=lang, strict=strict, max_bytes=max_bytes,
                   quiet=quiet, profile=profile)
    try:
        with language(lang):         # the words printed around the results (ledcheck.i18n.cli)
            code = run.execute()
    except LedcheckError as exc:
        die(exc)
    except KeyboardInterrupt:
        err("ledcheck: " + tr("interrupted", lang))
        raise typer.Exit(ExitStatus.INTERRUPTED) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command()(score)


@dataclass
class ScoreRun:
    paths: list[str]
    fmt: str | None = None
    output: str | None = None
    fixed: Checklist | None = None
    jobs: int | None = None
    fail_under: float | None = None
    long: bool = False
    lang: str | None = None
    strict: bool = False
    max_bytes: int | None = None
    quiet: bool = False
    profile: str | None = None
    stderr: TextIO | None = None
    labels: dict = field(default_factory=dict)

    def err(self, line: str) -> None:
        line = printable(line)
        live = getattr(self, "_live", None)
        if live is not None:  # printed above the progress bar, which stays at the bottom
            live.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stderr or sys.stderr)

    # -- output mode
    def _mode(self) -> tuple[str, str]:
        """(mode, format): mode is 'stdout', 'file' or 'dir'."""
        out = self.output
        if out is None:
            printed = self.fmt or "table"
            if printed in BINARY_FORMATS and sys.stdout.isatty():
                raise InputError(f"a {printed} workbook is not for a terminal: use -o FILE.{printed}")
            return "stdout", printed
        is_dir = out.endswith(("/", os.sep)) or Path(out).is_dir()
        if is_dir:
            fmt = self.fmt or "html"
            if fmt == "table":
                raise InputError("--format table prints to the terminal; choose a file format for -o DIR/", out)
            return "dir", fmt
        file_fmt = self.fmt or EXT_FORMATS.get(Path(out).suffix.lower())
        if file_fmt is None:
            raise InputError(f"cannot tell the format from '{Path(out).suffix or out}'; give --format", out)
        if file_fmt == "table":
            raise InputError("--format table prints to the terminal; choose a file format for -o FILE", out)
        return "file", file_fmt

    def execute(self) -> ExitStatus:
        from ..batch import PARALLEL_THRESHOLD, Options, default_jobs, run
        from ..files import expand
        from ..library import Resolver
        mode, fmt = self._mode()
        self._resolver = Resolver(self.fixed, self.max_bytes)
        self.codes: set[ExitStatus] = set()   # statuses seen (a set: memory stays flat)
        self.failed_under = 0
        self.n_scored = 0
        self.n_errors = self.n_warnings = self.n_notes = self.n_unusable = 0
        self._lang_seen: set = set()
        # Paths are streamed, never listed in full: only the first PARALLEL_THRESHOLD are looked
        # at ahead, to choose the number of processes.
        files = self._files(expand(self.paths, workbooks=True))
        head = list(islice(files, PARALLEL_THRESHOLD))
        if not head and not self.codes:
            raise InputError("no submission files found")
        big = len(head) >= PARALLEL_THRESHOLD
        jobs = self.jobs or (default_jobs(PARALLEL_THRESHOLD) if big else 1)
        if not big:  # the whole batch is known: no more processes than files
            jobs = max(1, min(jobs, len(head)))
        total = self._count() if big and self._show_progress() else len(head)
        encode = "jsonl" if fmt == "jsonl" and mode != "dir" else None
        opts = Options(lang=self.lang, max_bytes=self.max_bytes, encode=encode,
                       keep_result=encode is None, profile=self.profile, relative_sources=True)
        outcomes = run(chain(head, files), self.fixed, opts, jobs=jobs, total=None if big else len(head))
        try:
            if mode == "stdout" and fmt == "table":
                self._table(outcomes, total)
            elif mode == "dir":
                self._dir(outcomes, fmt, total)
            else:
                self._combined(outcomes, fmt, mode, total)
        finally:
            outcomes.close()  # however this ends (Ctrl-C, SIGTERM, an error), workers stop now
        return self._exit_code()

    def _files(self, items):
        """The readable paths of ``expand``; paths that cannot be used are noted as they come."""
        from ..batch import Outcome
        for path, problem in items:
            if problem is None:
                yield path
            else:
                self._note(Outcome(path, failure=problem.as_problem(), failure_type=type(problem),
                                   errors=1, lines=[problem.format()]))

    def _count(self) -> int:
        """How many files the batch has (a second, cheap walk: for the progress bar's total)."""
        from ..files import expand
        return sum(1 for _, problem in expand(self.paths, workbooks=True) if problem is None)

    def _show_progress(self) -> bool:
        stream = self.stderr or sys.stderr
        return not self.quiet and getattr(stream, "isatty", lambda: False)()

    # -- bookkeeping
    def _note(self, o: Outcome) -> None:
        if not self.quiet:
            for line in o.lines:
                self.err(line)
        if o.failure is not None:
            self.codes.add(status_for(o.failure_type or LedcheckError))
            self.n_unusable += 1
            if self.fail_under is not None:  # no score is not a passing score
                self.failed_under += 1
            return
        self.n_scored += 1
        if self.lang and o.checklist_id not in self._lang_seen:
            self._lang_seen.add(o.checklist_id)
            self._check_lang(o.checklist_id)
        self.n_errors += o.errors
        self.n_warnings += o.warnings
        self.n_notes += o.notes
        if o.errors or (self.strict and o.warnings):  # notes never fail (FORMAT.md §6.11)
            self.codes.add(ExitStatus.FINDINGS)
        if self.fail_under is not None and not _passes(o.score, self.fail_under):
            self.failed_under += 1

    def _check_lang(self, checklist_id: str | None) -> None:
        try:
            cl = self.fixed if self.fixed is not None else self._resolver(checklist_id)
        except LedcheckError:
            return
        if self.lang not in cl.languages:
            self.err("ledcheck: warning: " + tr(
                "checklist '{id}' has no language '{lang}' (it has {languages}); showing {default}").format(
                id=cl.id, lang=self.lang, languages=", ".join(cl.languages), default=cl.default_lang))

    def _exit_code(self) -> ExitStatus:
        if self.failed_under:
            n = self.failed_under
            self.err("ledcheck: " + _plural(
                n, tr("{n} submission scored under {threshold} (or could not be scored)"),
                tr("{n} submissions scored under {threshold} (or could not be scored)"),
                threshold=f"{self.fail_under:g}"))
            self.codes.add(ExitStatus.FINDINGS)
        return worst(self.codes)

    def _labels_for(self, result: dict):
        cid = result["checklist"]["id"]
        if cid not in self.labels:
            from ..render import labels_for
            try:
                cl = self.fixed if self.fixed is not None else self._resolver(cid)
                self.labels[cid] = labels_for(cl, self.lang)
            except LedcheckError:
                self.labels[cid] = None
        return self.labels

    def _progress(self, outcomes, total: int):
        """Outcomes, with a Rich progress bar on stderr for large batches on a terminal."""
        stream = self.stderr or sys.stderr
        if total < PROGRESS_MIN or not self._show_progress():
            yield from outcomes
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )
        console = Console(file=stream)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=console, transient=True) as bar:
            task = bar.add_task("scoring", total=total)
            self._live: Console | None = console
            try:
                for o in outcomes:
                    yield o
                    bar.advance(task)
            finally:
                self._live = None

    def _results(self, outcomes, total: int):
        for o in self._progress(outcomes, total):
            self._note(o)
            if o.failure is None:
                yield o

    # -- the three output modes
    def _table(self, outcomes, total: int) -> None:
        from rich.console import Console

        from ..render import build_table
        results = [_printable_texts(o.result) for o in self._results(outcomes, total)]
        for r in results:
            self._labels_for(r)
        console = Console(highlight=False)
        if results:
            table = build_table(results, labels=self.labels)
            if not console.is_terminal:  # a file or a pipe: the whole table, no "widen the terminal"
                from rich.measure import Measurement
                natural = Measurement.get(console, console.options.update_width(100_000), table).maximum
                console = Console(highlight=False, width=max(natural, 20))
            console.print(table)
        self.err(self._summary())

    def _summary(self) -> str:
        """"2 submissions scored; 1 error, 0 warnings", in the current language."""
        parts = [_plural(self.n_scored, tr("{n} submission scored"), tr("{n} submissions scored"))]
        if self.n_errors or self.n_warnings or self.n_notes:
            found = [_plural(self.n_errors, tr("{n} error"), tr("{n} errors")),
                     _plural(self.n_warnings, tr("{n} warning"), tr("{n} warnings"))]
            if self.n_notes:
                found.append(_plural(self.n_notes, tr("{n} note"), tr("{n} notes")))
            parts.append(", ".join(found))
        if self.n_unusable:
            parts.append(_plural(self.n_unusable, tr("{n} file could not be scored"),
                                 tr("{n} files could not be scored")))
        return "; ".join(parts)

    def _combined(self, outcomes, fmt: str, mode: str, total: int) -> None:
        from ..render import open_writer
        if mode == "stdout":
            self._write_stream(sys.stdout.buffer, outcomes, fmt, total, open_writer)
            return
        from ..yamlio import open_output
        assert self.output is not None   # mode 'file': -o was given
        target = Path(self.output)
        if target.parent and not target.parent.exists():
            raise InputError("output folder does not exist", str(target.parent))
        from ..yamlio import is_device
        try:
            with open_output(target) as fh:
                self._write_stream(fh, outcomes, fmt, total, open_writer)
                if self.n_scored == 0 and not is_device(target):
                    raise _NothingScored()  # the temporary file goes; an earlier report stays
        except _NothingScored:
            self.err("ledcheck: " + tr("nothing was scored; {path} not written ({summary})").format(
                path=target, summary=self._summary()))
            self.codes.add(ExitStatus.FINDINGS)
            return
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", str(target)) from None
        if not self.quiet:
            self.err(tr("wrote {path} ({summary})").format(path=target, summary=self._summary()))

    def _write_stream(self, stream, outcomes, fmt, total, open_writer) -> None:
        if fmt == "jsonl":
            from ..render.jsonfmt import dumps_line
            for o in self._results(outcomes, total):
                stream.write(o.payload if o.payload is not None else dumps_line(o.result))
            stream.flush()
            return
        writer = open_writer(fmt, stream, labels=self.labels, long=self.long)
        with writer:
            for o in self._results(outcomes, total):
                self._labels_for(o.result)
                writer.write(o.result)

    def _dir(self, outcomes, fmt: str, total: int) -> None:
        from ..files import slug, unique_name
        from ..render import EXTENSIONS, render
        from ..yamlio import write_atomic
        assert self.output is not None   # mode 'dir': -o was given
        folder = Path(self.output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create output folder: {exc.strerror or exc}", str(folder)) from None
        ext = EXTENSIONS[fmt]
        taken = {f"summary{ext}"}
        results = []
        written = 0
        for o in self._results(outcomes, total):
            r = o.result
            self._labels_for(r)
            base = slug(" ".join(str(x) for x in (r.get("subject") or Path(o.source).stem, r.get("period") or "")
                                 if x))
            name = unique_name(base, ext, taken)
            if self._write(write_atomic, folder, name, partial(render, fmt, [r], labels=self.labels, long=self.long)):
                written += 1
            results.append(r)
        if not results:  # nothing scored: an earlier summary stays as it was
            self.err("ledcheck: " + tr("nothing was scored; {folder}/ left as it was ({summary})").format(
                folder=folder, summary=self._summary()))
            self.codes.add(ExitStatus.FINDINGS)
            return
        summary = self._write(write_atomic, folder, f"summary{ext}",
                              partial(render, fmt, results, labels=self.labels, long=self.long))
        if not self.quiet:
            if summary:
                said = _plural(written, tr("wrote {n} report and {summary} to {folder}/"),
                               tr("wrote {n} reports and {summary} to {folder}/"),
                               summary=f"summary{ext}", folder=folder)
            else:
                said = _plural(written, tr("wrote {n} report to {folder}/"),
                               tr("wrote {n} reports to {folder}/"), folder=folder)
            self.err(said)

    def _write(self, write_atomic, folder: Path, name: str, data) -> bool:
        """Write one report of ``-o DIR/``; a failure is reported (exit 2) and the other reports
        are still written."""
        from ..files import safe_join
        try:
            path = safe_join(folder, name)
            write_atomic(path, data())
            return True
        except InputError as exc:
            self.err(exc.format())
        except OSError as exc:  # disk full, read-only folder, a folder in the way: an I/O error (exit 2)
            self.err(f"{folder / name}: error: cannot write: {exc.strerror or exc}")
        self.codes.add(ExitStatus.USAGE)
        return False


def _plural(n: int, one: str, many: str, **fields: object) -> str:
    """``one`` or ``many`` (both already translated: ``tr`` keeps English plurals apart) for
    the count ``n``, with ``{n}`` and ``fields`` filled in."""
    return (one if n == 1 else many).format(n=n, **fields)


def _passes(score: float | None, threshold: float) -> bool:
    """``--fail-under``: only a real number at or above the threshold passes (no score, or a
    NaN from extreme inputs, fails)."""
    return score is not None and isinstance(score, (int, float)) and math.isfinite(score) and score >= threshold


def _printable_texts(value):
    """A result with every string made safe for the terminal (control characters and bidi
    overrides shown as escapes), for the table printed on stdout."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _printable_texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_texts(v) for v in value]
    return value
