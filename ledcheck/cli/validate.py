"""``ledcheck validate PATH...``: check checklist, submission and road map files (and a
checklist's PO translations), print the findings."""
from __future__ import annotations

from enum import StrEnum

import typer

from .options import MAX_BYTES_HELP, PROFILE_HELP
from .output import check_profile, err, load_checklist, print_data
from .status import ExitStatus, status_for


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def validate(
    paths: list[str] = typer.Argument(..., help="Checklist, submission and road map files or folders "
                                                "(*.yaml, *.yml, template workbooks)."),
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f", help="Output format."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    checklist: str | None = typer.Option(None, "--checklist", "-c",
                                            help="Check submissions against this checklist "
                                                 "instead of the one their 'checklist:' names."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary."),
    skip_other: bool = typer.Option(False, "--skip-other",
                                    help="Skip YAML files without a top-level 'ledcheck:' key "
                                         "(for pre-commit hooks over a whole repository)."),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_HELP),
) -> None:
    """Check checklists (with their PO translations), submissions, road maps and filled template
    workbooks (told apart by 'answers:' and 'roadmap:'); exit 1 on errors (on warnings too with
    --strict; notes never fail)."""
    from .. import validate as v
    from ..library import Resolver

    fixed = load_checklist(checklist, max_bytes) if checklist else None
    if fixed is not None:
        check_profile(fixed, profile)
    reports = list(v.check_paths(paths, Resolver(fixed, max_bytes), max_bytes, skip_other=skip_other,
                                 profile=profile))
    code = status_of(reports, strict)
    if fmt is ValidateFormat.text:
        for line in v.format_text(reports):
            err(line)
        if not quiet:
            err(v.summary(reports))
    elif fmt is ValidateFormat.json:
        print_data(v.format_json(reports, strict))
    elif fmt is ValidateFormat.github:
        lines = v.format_github(reports)
        if lines:
            print_data("\n".join(lines))
    else:
        print_data(v.format_sarif(reports))
    raise typer.Exit(code)


def status_of(reports, strict: bool = False) -> ExitStatus:
    """2 when a file could not be opened; 1 on findings (errors, or warnings under --strict)."""
    from ..validate import passed
    if any(status_for(r.error_type) is ExitStatus.USAGE for r in reports):
        return ExitStatus.USAGE
    return ExitStatus.OK if passed(reports, strict) else ExitStatus.FINDINGS


def register(app: typer.Typer) -> None:
    app.command()(validate)
