"""``ledcheck template [CHECKLIST]``: a blank submission to fill in.

``-o FILE`` over an existing file asks first on a terminal (as ``assess -o`` does) and otherwise
needs ``--force``: a filled-in submission is never replaced by a blank one unasked. A symlink is
written through (the file it points to gets the template), a FIFO or device is written to as a
stream. ``assess -o FILE --resume`` continues a template in the language it was made in (it
recognises the template's first line; see ``ledcheck.assess.store.template_lang``).
"""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from .options import CHECKLIST_ARG_HELP, LANG_HELP, PROFILE_HELP
from .output import check_lang, check_profile, die, err, load_checklist, write_output
from .status import ExitStatus

if TYPE_CHECKING:
    from ..model import Checklist


def template(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    subject: str | None = typer.Option(None, "--subject", help="Fill in the subject."),
    fmt: str = typer.Option("yaml", "--format", "-f", help="yaml (a file for a text editor) or xlsx (a workbook "
                                                           "for Excel / LibreOffice; needs -o)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing -o file without asking."),
    profile: str | None = typer.Option(None, "--profile", "-p", help=PROFILE_HELP),
    roadmap: str | None = typer.Option(None, "--roadmap", metavar="SUBMISSION",
                                       help="Write a blank road map for this submission's subject "
                                            "instead of a submission (its checklist from the "
                                            "submission's 'checklist:' unless CHECKLIST is given)."),
) -> None:
    """Print a blank submission: every indicator's text and allowed values as YAML comments."""
    from ..template import render_template
    if roadmap is not None:
        return _roadmap(roadmap, checklist, output, lang, force)
    cl = load_checklist(checklist)
    lang = check_lang(cl, lang)
    check_profile(cl, profile)
    if output and not force:
        _confirm_overwrite(cl, output)
    if fmt != "yaml":
        from .export import template_workbook
        return template_workbook(cl, fmt, output, lang, profile, header={"subject": subject})
    text = render_template(cl, lang=lang, subject=subject, profile=profile)
    _write(text, output)


def _roadmap(submission: str, checklist: str | None, output: str | None, lang: str | None,
             force: bool) -> None:
    """``template --roadmap SUBMISSION``: a blank road map for that submission's subject
    (FORMAT.md §6.11); a submission or checklist that cannot be used exits 2."""
    from ..errors import LedcheckError
    from ..monitor.roadmap import blank_from_submission
    cl = load_checklist(checklist) if checklist else None
    if cl is not None:
        lang = check_lang(cl, lang)
    if output and not force:
        _confirm_overwrite(cl, output)
    try:
        text = blank_from_submission(submission, cl, lang)
    except LedcheckError as exc:
        die(exc, ExitStatus.USAGE)
    _write(text, output)


def _write(text: str, output: str | None) -> None:
    """``text`` to the ``-o`` file (atomically, through a symlink) or stdout."""
    if output:
        from ..assess.store import real_path
        write_output(real_path(output), text.encode("utf-8"))
        err(f"wrote {output}")
    else:
        sys.stdout.write(text)


def _confirm_overwrite(checklist: Checklist | None, output: str) -> None:
    """An existing regular file at ``output``: ask on a terminal, else stop (exit 2)."""
    from ..assess.store import describe_existing, is_regular
    from ..errors import printable
    if not os.path.lexists(output) or not is_regular(output):
        return
    what = describe_existing(checklist, output) if checklist is not None and output.endswith((".yaml", ".yml")) else ""
    try:
        tty = sys.stdin.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        err(printable(f"{output}: error: the file exists{what}; use --force to overwrite it "
                      "(or -o another file)"))
        raise typer.Exit(ExitStatus.USAGE)
    try:
        ans = input(printable(f"{output} already exists{what}. Overwrite it with a blank template? "
                              "[y/N]: ")).strip().lower()
    except (EOFError, KeyboardInterrupt):
        ans = ""
    if ans not in ("y", "yes"):
        err("Nothing changed.")
        raise typer.Exit(ExitStatus.OK)


def register(app: typer.Typer) -> None:
    app.command()(template)
