"""What ``compare``, ``progress`` and ``aggregate`` share on the command line: the format from
``--format`` or ``-o``'s extension, inputs scored (or read) through :mod:`ledcheck.monitor.inputs`,
problems on stderr, the report to stdout or an atomic ``-o`` file, and the exit status (1 when
an input or the comparison has errors, the rest still used; 2 for usage and paths that cannot be
opened). The library builds every figure.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import ERROR, InputError, LedcheckError, Problem, printable
from .output import err, load_checklist, write_output
from .status import ExitStatus, worst

if TYPE_CHECKING:
    from ..monitor.inputs import Collected
    from ..monitor.rounds import FactBook

EXT_FORMATS = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html",
               ".htm": "html", ".xlsx": "xlsx", ".txt": "table"}


class MonitorFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"
    xlsx = "xlsx"


FORMAT_HELP = "Output format: table (terminal), json, csv, md, html, xlsx (default: table, or from -o's extension)."
OUTPUT_HELP = "Write the report to this file (atomically) instead of stdout."
PROFILE_HELP = "Score and compare every input under this profile (what they share)."
CHECKLIST_HELP = "Score every submission against this checklist instead of the one it names."
INPUTS_HELP = "Submission files, folders or globs; also result files that 'score -f json|jsonl' wrote."


def pick_format(fmt: MonitorFormat | None, output: str | None) -> str:
    if fmt is not None:
        return fmt.value
    if output:
        found = EXT_FORMATS.get(Path(output).suffix.lower())
        if found is None:
            err(printable(f"ledcheck: error: cannot tell the format from '{output}'; give --format"))
            raise typer.Exit(ExitStatus.USAGE)
        return found
    return "table"


OUTSIDE = " is outside the profile used, so its answer is kept but not scored"
SHOWN_IDS = 8


def summarise_outside(problems: Iterable[Problem], profiles: dict[str, Any]) -> list[Problem]:
    """The problems to print, with the scorer's one problem per answer outside the profile
    replaced by one line per input file, where the first of them was ("N answers outside
    profile 'core' kept, not scored: ID, ID, … (+M)"): a profile narrower than what was
    collected otherwise prints a line per answer, over a thousand on the examples. The JSON
    outputs keep every problem. ``profiles``: the profile each file was scored under."""
    from ..errors import WARNING
    problems = list(problems)
    ids: dict[str, list[str]] = {}
    worst_of: dict[str, str] = {}
    for p in problems:
        if p.message.endswith(OUTSIDE):
            ids.setdefault(p.file, []).append(p.message.removesuffix(OUTSIDE))
            if p.severity == WARNING:
                worst_of[p.file] = WARNING
    out: list[Problem] = []
    done: set[str] = set()
    for p in problems:
        if not p.message.endswith(OUTSIDE):
            out.append(p)
            continue
        if p.file in done:
            continue
        done.add(p.file)
        found = ids[p.file]
        more = len(found) - SHOWN_IDS
        shown = ", ".join(found[:SHOWN_IDS]) + (f", \u2026 (+{more})" if more > 0 else "")
        profile = profiles.get(p.file)
        named = f" '{profile}'" if profile else ""
        out.append(Problem(worst_of.get(p.file, p.severity),
                           f"{len(found)} answer{'s' if len(found) != 1 else ''} outside profile{named} "
                           f"kept, not scored: {shown}", p.line, p.col, "", p.rule, p.file))
    return out


def problem_line(p: Problem) -> str:
    return p.format() if p.file else printable(f"ledcheck: {p.severity}: {p.message}")


class Run:
    """One monitoring command run: collects statuses while it goes."""

    def __init__(self, *, quiet: bool = False):
        self.quiet = quiet
        self.statuses: list[int] = [ExitStatus.OK]

    def report(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            if p.severity == ERROR:
                self.statuses.append(ExitStatus.FINDINGS)
            if not self.quiet or p.severity == ERROR:
                err(problem_line(p))

    def report_dicts(self, problems: Iterable[dict[str, Any]]) -> None:
        self.report(Problem(p.get("severity") or ERROR, str(p.get("message")), p.get("line") or 0,
                            p.get("col") or 0, str(p.get("path") or ""), str(p.get("rule") or "format"),
                            str(p.get("file") or "")) for p in problems)

    def collect(self, paths: list[str], *, checklist: str | None, lang: str | None, profile: str | None,
                max_bytes: int | None = None) -> Collected:
        """Score or read the inputs; a path that cannot be opened is a usage error (2)."""
        from ..monitor.inputs import collect
        fixed = load_checklist(checklist, max_bytes) if checklist else None
        try:
            got = collect(paths, checklist=fixed, lang=lang, profile=profile, max_bytes=max_bytes)
        except LedcheckError as exc:
            err(exc.format() if exc.file else printable(f"ledcheck: error: {exc.message}"))
            raise typer.Exit(ExitStatus.USAGE if isinstance(exc, InputError) else ExitStatus.FINDINGS) from None
        if profile is not None:
            from ..profiles import select
            for cl in got.checklists:
                try:
                    select(cl, profile)
                except LedcheckError as exc:   # an unknown --profile: usage (exit 2)
                    err(printable(f"ledcheck: error: {exc.message}"))
                    raise typer.Exit(ExitStatus.USAGE) from None
        for e in got.input_errors:
            err(e.format() if e.file else printable(f"ledcheck: error: {e.message}"))
            self.statuses.append(ExitStatus.USAGE)
        self.report(summarise_outside(got.problems, {str(r.get("source") or ""): r.get("profile")
                                                     for r in got.results}))
        if not got.results and not got.problems and not got.input_errors:
            err("ledcheck: error: no submission files found")
            raise typer.Exit(ExitStatus.USAGE)
        return got

    def facts(self, got: Any, lang: str | None) -> FactBook:
        from ..monitor.rounds import FactBook
        return FactBook(got.checklists, lang)

    def emit(self, command: str, model: dict[str, Any], fmt: str, output: str | None, lang: str | None,
             view_opts: dict[str, Any] | None = None, checklists: Iterable[Any] = ()) -> None:
        """Print the model's problems, then the report (terminal, stdout or -o file)."""
        self.report_dicts(model.get("problems") or ())
        if fmt == "table":
            from rich.console import Console

            from ..i18n import language
            from ..monitor.answers import answer_labels, answers
            from ..monitor.terminal import view
            with language(lang), answers(answer_labels(checklists, lang)):
                report = view(command, model, **(view_opts or {}))
            if output:
                import io
                buf = io.StringIO()
                Console(file=buf, width=80, color_system=None, highlight=False, emoji=False).print(report)
                write_output(output, buf.getvalue().encode("utf-8"))
            else:
                Console(highlight=False, emoji=False).print(report)
            return
        from ..monitor.output import render_report
        data = render_report(command, fmt, model, lang, checklists)
        if output:
            write_output(output, data)
            return
        if fmt == "xlsx" and sys.stdout.isatty():
            err("ledcheck: error: an xlsx workbook is not for the terminal; give -o FILE.xlsx")
            raise typer.Exit(ExitStatus.USAGE)
        out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        if out is None:  # pragma: no cover - a text-only stream
            sys.stdout.write(data.decode("utf-8", "replace"))
        else:
            sys.stdout.flush()
            out.write(data)
            out.flush()

    def exit(self) -> None:
        raise typer.Exit(worst(self.statuses))
