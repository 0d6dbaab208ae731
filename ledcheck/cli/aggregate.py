"""``ledcheck aggregate PATH... --by FIELD``: groups of subjects, ranked and summed (FORMAT.md §6.8)."""
from __future__ import annotations

import typer

from .monitoring import (
    CHECKLIST_HELP,
    FORMAT_HELP,
    INPUTS_HELP,
    OUTPUT_HELP,
    PROFILE_HELP,
    MonitorFormat,
    Run,
    pick_format,
)
from .options import LANG_HELP, MAX_BYTES_HELP


def aggregate(
    paths: list[str] = typer.Argument(..., help=INPUTS_HELP),
    by: str = typer.Option(..., "--by", "-b", help="Group by this meta field (e.g. country), or period, or profile."),
    period: str | None = typer.Option(None, "--period", "-p",
                                      help="Use the rounds of this period (period or reference_period text) "
                                           "instead of each subject's latest."),
    fmt: MonitorFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    profile: str | None = typer.Option(None, "--profile", help=PROFILE_HELP),
    checklist: str | None = typer.Option(None, "--checklist", "-c", help=CHECKLIST_HELP),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors on stderr."),
) -> None:
    """Aggregate subjects by a field: per group the count, mean, median, min and max of the
    overall and section scores, each subject's rank, and the sums of number indicators with
    their breakdown shares."""
    from ..monitor.aggregate import aggregate as build
    chosen = pick_format(fmt, output)
    run = Run(quiet=quiet)
    got = run.collect(paths, checklist=checklist, lang=lang, profile=profile, max_bytes=max_bytes)
    model = build(got.results, by, period=period, facts=run.facts(got, lang), profile=profile,
                  rescore=got.rescore)
    run.emit("aggregate", model, chosen, output, lang, checklists=got.checklists)
    run.exit()


def register(app: typer.Typer) -> None:
    app.command()(aggregate)
