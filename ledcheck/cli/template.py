"""``ledcheck template [CHECKLIST]``: a blank submission to fill in."""
from __future__ import annotations

import sys

import typer

from .options import CHECKLIST_ARG_HELP, LANG_HELP
from .output import check_lang, err, load_checklist, write_output


def template(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    subject: str | None = typer.Option(None, "--subject", help="Fill in the subject."),
    fmt: str = typer.Option("yaml", "--format", "-f", help="yaml (a file for a text editor) or xlsx (a workbook "
                                                           "for Excel / LibreOffice; needs -o)."),
) -> None:
    """Print a blank submission: every indicator's text and allowed values as YAML comments."""
    from ..template import render_template
    cl = load_checklist(checklist)
    lang = check_lang(cl, lang)
    if fmt != "yaml":
        from .export import template_workbook
        return template_workbook(cl, fmt, output, lang)
    text = render_template(cl, lang=lang, subject=subject)
    if output:
        write_output(output, text.encode("utf-8"))
        err(f"wrote {output}")
    else:
        sys.stdout.write(text)


def register(app: typer.Typer) -> None:
    app.command()(template)
