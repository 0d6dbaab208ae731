"""``ledcheck compare BEFORE AFTER``: two rounds of one subject, before → after (FORMAT.md §6.8)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer

from .monitoring import CHECKLIST_HELP, FORMAT_HELP, OUTPUT_HELP, PROFILE_HELP, MonitorFormat, Run, pick_format
from .options import LANG_HELP, MAX_BYTES_HELP
from .output import err
from .status import ExitStatus


def compare(
    before: str = typer.Argument(..., help="The earlier round: a submission file (or a result JSON file)."),
    after: str = typer.Argument(..., help="The later round: a submission file (or a result JSON file)."),
    fmt: MonitorFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    profile: str | None = typer.Option(None, "--profile", help=PROFILE_HELP),
    checklist: str | None = typer.Option(None, "--checklist", "-c", help=CHECKLIST_HELP),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors on stderr."),
) -> None:
    """Compare two rounds of one subject: overall, sections and indicators before → after, the
    indicators that moved, the distance travelled to each number's target, ratings that changed."""
    from ..monitor.compare import compare as build
    chosen = pick_format(fmt, output)
    run = Run(quiet=quiet)
    rounds = []
    for path in (before, after):
        got = run.collect([path], checklist=checklist, lang=lang, profile=profile, max_bytes=max_bytes)
        if len(got.results) != 1:
            what = "no result" if not got.results else f"{len(got.results)} results"
            err(f"ledcheck: error: {path}: gives {what}; compare needs one round on each side")
            run.statuses.append(ExitStatus.FINDINGS)
            run.exit()
        rounds.append((got.results[0], got))
    (b, gb), (a, ga) = rounds
    from ..monitor.rounds import FactBook

    def rescore(result: Mapping[str, Any], prof: str | None) -> dict[str, Any] | None:
        again = gb.rescore(result, prof)
        return again if again is not None else ga.rescore(result, prof)
    model = build(b, a, facts=FactBook(gb.checklists + ga.checklists, lang), profile=profile, rescore=rescore)
    run.emit("compare", model, chosen, output, lang, checklists=gb.checklists + ga.checklists)
    run.exit()


def register(app: typer.Typer) -> None:
    app.command()(compare)
