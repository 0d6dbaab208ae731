"""``ledcheck progress PATH...``: every subject's rounds in order, with road maps (FORMAT.md §6.8, §6.9)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import printable
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
from .output import err
from .status import ExitStatus

if TYPE_CHECKING:
    from ..model import Checklist


def progress(
    paths: list[str] = typer.Argument(..., help=INPUTS_HELP),
    fmt: MonitorFormat | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    sections: bool = typer.Option(False, "--sections", help="Table: each subject's sections below it "
                                                            "(the other formats always have them)."),
    roadmap: list[str] = typer.Option([], "--roadmap", "-r",
                                      help="A road map file, or a folder of them; judge its milestones "
                                           "(repeat for several)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    profile: str | None = typer.Option(None, "--profile", help=PROFILE_HELP),
    checklist: str | None = typer.Option(None, "--checklist", "-c", help=CHECKLIST_HELP),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors on stderr."),
) -> None:
    """Show every subject's rounds in order: a row per subject, a column per round, the change
    from first to last (per section too); with --roadmap, each milestone met, missed or not yet due."""
    from ..monitor.progress import progress as build
    from ..monitor.roadmap import load_many
    chosen = pick_format(fmt, output)
    run = Run(quiet=quiet)
    files: list[str] = []
    for rm in roadmap:   # a folder gives its road map files (*.yaml, *.yml)
        if Path(rm).is_dir():
            files.extend(sorted(str(p) for p in Path(rm).iterdir() if p.suffix.lower() in (".yaml", ".yml")))
        elif Path(rm).is_file():
            files.append(rm)
        else:
            err(printable(f"{rm}: error: no such road map file or folder"))
            run.statuses.append(ExitStatus.USAGE)
    got = run.collect(paths, checklist=checklist, lang=lang, profile=profile, max_bytes=max_bytes)

    def checklist_for(cid: str) -> Checklist:
        from .. import library
        return next((c for c in got.checklists if c.id == cid), None) or library.load(cid)

    roadmaps, problems = load_many(files, checklist_for)
    run.report(problems)
    model = build(got.results, facts=run.facts(got, lang), profile=profile, roadmaps=roadmaps,
                  rescore=got.rescore)
    run.emit("progress", model, chosen, output, lang, {"sections": sections}, got.checklists)
    run.exit()


def register(app: typer.Typer) -> None:
    app.command()(progress)
