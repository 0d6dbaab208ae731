"""The command line: one thin function per command that parses options, calls the library and
prints. Heavy modules (YAML, Rich, scoring, rendering) are imported inside the commands that use
them, so ``ledcheck --version`` and ``--help`` start fast.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__
from .errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LedcheckError

app = typer.Typer(
    name="ledcheck",
    help="Monitoring and evaluation checklists for SME development: validate checklists, "
         "assess in the terminal, score submissions into reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
schema_app = typer.Typer(help="JSON Schemas (draft 2020-12) for editors and other validators.",
                         no_args_is_help=True)
app.add_typer(schema_app, name="schema")


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"
    html = "html"
    xlsx = "xlsx"


LANG_HELP = "Language of checklist text (a code from the checklist's languages)."
MAX_BYTES_HELP = "Refuse input files larger than this many bytes (default 10 MB)."
CHECKLIST_ARG_HELP = "A checklist file or the id of an available checklist (default: sme-me-aec)."


def _version(value: bool) -> None:
    if value:
        print(f"ledcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """ledcheck: M&E checklists for SME development."""


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _die(exc: LedcheckError) -> None:
    """Print a library error as ``FILE:LINE:COL: error: MESSAGE`` and exit with its code."""
    if exc.file:
        _err(exc.format())
    else:
        _err(f"ledcheck: error: {exc.message}")
    raise typer.Exit(exc.exit_code)


def _load_checklist(ref: Optional[str], max_bytes: Optional[int] = None, *, usage: bool = True):
    """A checklist for a command argument; any problem exits 2 (a checklist the command cannot use)."""
    from . import library
    from .errors import ChecklistError
    try:
        return library.load(ref, max_bytes)
    except ChecklistError as exc:
        for p in exc.problems:
            if p.is_error:
                _err(p.format(exc.file))
        _err(f"ledcheck: error: {exc.file} is not a valid checklist")
        raise typer.Exit(EXIT_USAGE if usage else EXIT_FINDINGS)
    except LedcheckError as exc:
        if usage:
            exc.exit_code = EXIT_USAGE
        _die(exc)


def _checklist_of_file(path: str) -> Optional[str]:
    """The ``checklist:`` id a submission file names (for --resume without CHECKLIST), if any."""
    from .yamlio import load
    try:
        data = load(path).data
    except LedcheckError:
        return None
    cid = data.get("checklist") if isinstance(data, dict) else None
    return cid if isinstance(cid, str) else None


def _check_lang(checklist, lang: Optional[str]) -> Optional[str]:
    if lang is not None and lang not in checklist.languages:
        _err(f"ledcheck: warning: checklist '{checklist.id}' has no language '{lang}' "
             f"(it has {', '.join(checklist.languages)}); showing {checklist.default_lang}")
    return lang


def _write_output(path: str, data: bytes) -> None:
    from .yamlio import write_output
    try:
        write_output(path, data)
    except OSError as exc:
        _err(f"{path}: error: cannot write: {exc.strerror or exc}")
        raise typer.Exit(EXIT_USAGE)


# --------------------------------------------------------------------------- validate

@app.command()
def validate(
    paths: List[str] = typer.Argument(..., help="Checklist and submission files or folders (*.yaml, *.yml)."),
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f", help="Output format."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    checklist: Optional[str] = typer.Option(None, "--checklist", "-c",
                                            help="Check submissions against this checklist "
                                                 "instead of the one their 'checklist:' names."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary."),
    skip_other: bool = typer.Option(False, "--skip-other",
                                    help="Skip YAML files without a top-level 'ledcheck:' key "
                                         "(for pre-commit hooks over a whole repository)."),
) -> None:
    """Check checklist and submission files (told apart by 'answers:'); exit 1 on findings."""
    from . import validate as v
    from .batch import _maybe_collect
    from .files import expand
    from .library import Resolver

    fixed = _load_checklist(checklist, max_bytes) if checklist else None
    resolver = Resolver(fixed, max_bytes)
    reports = []
    for path, problem in expand(paths):
        if problem is not None:
            reports.append(v.FileReport(path, v.UNKNOWN, [problem.as_problem()], EXIT_USAGE))
        elif skip_other and not v.is_ledcheck_file(path):
            continue
        else:
            reports.append(v.check_path(path, resolver, max_bytes))
            _maybe_collect()
    code = v.exit_code(reports, strict)
    if fmt is ValidateFormat.text:
        for line in v.format_text(reports):
            _err(line)
        if not quiet:
            _err(v.summary(reports))
    elif fmt is ValidateFormat.json:
        print(v.format_json(reports, strict))
    elif fmt is ValidateFormat.github:
        for line in v.format_github(reports):
            print(line)
    else:
        print(v.format_sarif(reports))
    raise typer.Exit(code)


# --------------------------------------------------------------------------- show / list

@app.command()
def show(
    checklist: Optional[str] = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP),
) -> None:
    """Show a checklist as a tree: sections, indicators, types, weights and shares of the score."""
    from rich.console import Console

    from .show import build_tree
    cl = _load_checklist(checklist)
    lang = _check_lang(cl, lang)
    Console(highlight=False).print(build_tree(cl, lang))


@app.command("list")
def list_(lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP)) -> None:
    """List the checklists available by id (./checklists and those bundled with ledcheck)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from . import library
    from .checklist import check_file
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("indicators", justify="right")
    table.add_column("languages")
    table.add_column("title and file", ratio=1)
    for e in library.available():
        try:
            path = os.path.relpath(e.path)
        except ValueError:
            path = str(e.path)
        where = f"{path if not path.startswith('..') else e.path} ({e.origin})"
        try:
            cl, problems = check_file(e.path)
        except LedcheckError:
            cl = None
        if cl is None:
            table.add_row(e.id, "", "", "", f"(invalid: run ledcheck validate {path})\n[dim]{where}[/]")
            continue
        table.add_row(cl.id, cl.version, str(len(cl.indicators)), ", ".join(cl.languages),
                      f"{escape(cl.title.get(lang))}\n[dim]{escape(where)}[/]")
    Console(highlight=False).print(table)


# --------------------------------------------------------------------------- schema

@schema_app.command("checklist")
def schema_checklist() -> None:
    """JSON Schema of checklist files."""
    import json

    from .schema import checklist_schema
    print(json.dumps(checklist_schema(), indent=2, ensure_ascii=False))


@schema_app.command("submission")
def schema_submission(
    checklist: Optional[str] = typer.Option(None, "--checklist", "-c",
                                            help="Make the schema know this checklist's indicators "
                                                 "and allowed values."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP + " (for descriptions)"),
) -> None:
    """JSON Schema of submission files (generic, or for one checklist with -c)."""
    import json

    from .schema import submission_schema
    cl = _load_checklist(checklist) if checklist else None
    if cl is not None:
        lang = _check_lang(cl, lang)
    print(json.dumps(submission_schema(cl, lang=lang), indent=2, ensure_ascii=False))


# --------------------------------------------------------------------------- template

@app.command()
def template(
    checklist: Optional[str] = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    subject: Optional[str] = typer.Option(None, "--subject", help="Fill in the subject."),
) -> None:
    """Print a blank submission: every indicator's text and allowed values as YAML comments."""
    from .template import render_template
    cl = _load_checklist(checklist)
    lang = _check_lang(cl, lang)
    text = render_template(cl, lang=lang, subject=subject)
    if output:
        _write_output(output, text.encode("utf-8"))
        _err(f"wrote {output}")
    else:
        sys.stdout.write(text)


# --------------------------------------------------------------------------- score

@app.command()
def score(
    paths: List[str] = typer.Argument(..., help="Submission files, folders or globs."),
    fmt: Optional[ScoreFormat] = typer.Option(None, "--format", "-f",
                                              help="Output format (default: table, or from -o's extension)."),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="FILE: one combined output; DIR/ (trailing slash or an "
                                              "existing folder): one report per submission plus a summary."),
    checklist: Optional[str] = typer.Option(None, "--checklist", "-c",
                                            help="Score against this checklist instead of the one each "
                                                 "submission names."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default: all cores for large batches)."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under",
                                               help="Exit 1 if any overall score is below this."),
    long: bool = typer.Option(False, "--long", help="CSV: one row per indicator instead of one per submission (XLSX has both sheets)."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print problems on stderr."),
) -> None:
    """Score submissions into a table, reports (md, html, xlsx) or data (json, jsonl, csv)."""
    from .scorecmd import ScoreRun
    fixed = _load_checklist(checklist, max_bytes) if checklist else None
    run = ScoreRun(paths=paths, fmt=fmt.value if fmt else None, output=output, fixed=fixed, jobs=jobs,
                   fail_under=fail_under, long=long, lang=lang, strict=strict, max_bytes=max_bytes,
                   quiet=quiet)
    try:
        code = run.execute()
    except LedcheckError as exc:
        _die(exc)
    except KeyboardInterrupt:
        _err("ledcheck: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- assess

@app.command()
def assess(
    checklist: Optional[str] = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Submission file to write (autosaved)."),
    resume: bool = typer.Option(False, "--resume", help="Continue the submission in -o at the first "
                                                        "unanswered indicator."),
    subject: Optional[str] = typer.Option(None, "--subject", help="Who or what is assessed."),
    assessor: Optional[str] = typer.Option(None, "--assessor", help="Your name."),
    date: Optional[str] = typer.Option(None, "--date", help="Assessment date (YYYY-MM-DD; default today)."),
    period: Optional[str] = typer.Option(None, "--period", help="Reporting period (e.g. 2026-Q1, baseline)."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help=LANG_HELP),
) -> None:
    """Run an interactive assessment in the terminal, saving after every answer."""
    from .assess.cli import run_assess
    if checklist is None and resume and output:
        checklist = _checklist_of_file(output)
    cl = _load_checklist(checklist)
    lang = _check_lang(cl, lang)
    raise typer.Exit(run_assess(cl, output=output, resume=resume, subject=subject, assessor=assessor,
                                date=date, period=period, lang=lang))


def _tune_gc() -> None:
    """ledcheck allocates many small acyclic objects (YAML nodes, result dicts), freed by
    reference counting; the cyclic collector would only rescan them over and over (2x slower
    on a large checklist). A command runs without it; batch loops collect the young
    generation now and then (``batch.COLLECT_EVERY``), so memory stays flat however many
    files a batch has."""
    import gc
    gc.disable()


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    _tune_gc()
    try:
        app()
    except KeyboardInterrupt:
        _err("ledcheck: interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug: say so in one line, never a traceback (LEDCHECK_DEBUG=1 shows it)
        if os.environ.get("LEDCHECK_DEBUG"):
            raise
        _err(f"ledcheck: internal error: {type(exc).__name__}: {exc} "
             "(please report it; LEDCHECK_DEBUG=1 shows the traceback)")
        sys.exit(EXIT_USAGE)
