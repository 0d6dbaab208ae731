"""``ledcheck translate CHECKLIST --lang LL -o FILE.po``: the checklist's texts as a gettext PO
file for translators (FORMAT.md §6.10); ``--check`` reports what a PO file still lacks."""
from __future__ import annotations

import sys

import typer

from .options import CHECKLIST_ARG_HELP
from .output import err, load_checklist
from .status import ExitStatus


def translate(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    lang: str = typer.Option(..., "--lang", "-l", help="The language to translate into (e.g. id, th)."),
    output: str | None = typer.Option(None, "--output", "-o",
                                      help="The PO file to write (default: stdout). Name it "
                                           "<checklist id>.<LL>.po beside the checklist to add the language."),
    check: str | None = typer.Option(None, "--check", metavar="FILE.po",
                                     help="Instead: report the untranslated, fuzzy and stale entries of this "
                                          "PO file (notes; exit 0)."),
) -> None:
    """Export the checklist's texts for translators, or check a translation's completeness."""
    from ..collect.po import completeness, export_po
    from ..errors import LedcheckError, printable
    from .output import die, write_output
    cl = load_checklist(checklist)
    if check:
        try:
            notes = completeness(cl, check, lang)
        except LedcheckError as exc:
            die(exc)
        for p in notes:
            err(p.format())
        err(printable(f"{check}: {len(notes)} note(s)"))
        raise typer.Exit(ExitStatus.OK)
    try:
        po = export_po(cl, lang)
    except LedcheckError as exc:
        die(exc)
    text = str(po) + "\n"
    if output:
        write_output(output, text.encode("utf-8"))
        err(printable(f"wrote {output} ({len(po)} entries, {len(po.translated_entries())} translated)"))
    else:
        sys.stdout.write(text)


def register(app: typer.Typer) -> None:
    app.command()(translate)
