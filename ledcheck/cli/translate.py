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
    draft: bool = typer.Option(False, "--draft", help="Mark the file as a draft translation "
                                                      "(X-Review-Status: draft): screens in it say so."),
    check: str | None = typer.Option(None, "--check", metavar="FILE.po",
                                     help="Instead: report the untranslated, fuzzy and stale entries of this "
                                          "PO file (notes; exit 0)."),
) -> None:
    """Export the checklist's texts for translators (an existing -o file is updated, keeping its
    translations: changed texts become fuzzy), or check a translation's completeness."""
    from ..collect.po import completeness, export_po, write_po
    from ..errors import LedcheckError, printable
    from .output import die
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
        if output:
            po = write_po(cl, lang, output, draft=draft)
        else:
            po = export_po(cl, lang)
            if draft:
                po.metadata["X-Review-Status"] = "draft"
    except LedcheckError as exc:
        die(exc)
    except OSError as exc:
        err(printable(f"{output}: error: cannot write: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
    if output:
        live = [e for e in po if not e.obsolete]
        err(printable(f"wrote {output} ({len(live)} entries: {sum(1 for e in live if e.translated())} translated, "
                      f"{sum(1 for e in live if 'fuzzy' in e.flags)} fuzzy, "
                      f"{sum(1 for e in po if e.obsolete)} obsolete)"))
    else:
        sys.stdout.write(str(po) + "\n")


def register(app: typer.Typer) -> None:
    app.command()(translate)
