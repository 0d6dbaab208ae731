"""``ledcheck export xlsform [CHECKLIST] -o FORM.xlsx``: the checklist as an XLSForm for ODK and
KoboToolbox (FORMAT.md §6.10). A group: further export formats are further subcommands."""
from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .options import CHECKLIST_ARG_HELP
from .output import err, load_checklist

if TYPE_CHECKING:
    from ..model import Checklist

export_app = typer.Typer(help="The checklist in other tools' formats (XLSForm for ODK / KoboToolbox).",
                         no_args_is_help=True)


@export_app.command("xlsform")
def export_xlsform(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: str = typer.Option(..., "--output", "-o", help="The XLSForm workbook to write (.xlsx)."),
    profile: str | None = typer.Option(None, "--profile", help="Only the indicators of this profile."),
) -> None:
    """Write the checklist as an XLSForm: a group per section, a question per indicator, skip logic
    from `when`, constraints, hints, evidence and note questions, every language."""
    from ..collect.xlsform import write_xlsform
    from ..errors import LedcheckError, printable
    from .output import die
    from .status import ExitStatus
    cl = load_checklist(checklist)
    try:
        sheets = write_xlsform(cl, output, profile=profile)
    except LedcheckError as exc:
        die(exc)
    except OSError as exc:
        err(printable(f"{output}: error: cannot write: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
    n = sum(1 for r in sheets["survey"] if r["type"] not in ("begin_group", "end_group"))
    err(printable(f"wrote {output} ({n} questions, form id {cl.id}, version {cl.version})"))


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


def template_workbook(checklist: Checklist, fmt: str, output: str | None, lang: str | None,
                      profile: str | None = None, header: dict[str, str | None] | None = None) -> None:
    """``template -f xlsx -o FILE.xlsx``: the workbook an officer fills in (called by the
    template command for any ``--format`` but yaml); ``header``: Subject values filled in
    (``--subject``)."""
    from ..collect.workbook import write_template
    from ..errors import LedcheckError, printable
    from .output import die
    from .status import ExitStatus
    if fmt != "xlsx":
        err(printable(f"ledcheck: error: unknown template format '{fmt}' (use yaml or xlsx)"))
        raise typer.Exit(ExitStatus.USAGE)
    if not output:
        err("ledcheck: error: a workbook is binary: give the file to write with -o FILE.xlsx")
        raise typer.Exit(ExitStatus.USAGE)
    try:
        write_template(checklist, output, lang=lang, profile=profile, header=header)
    except LedcheckError as exc:
        die(exc)
    except OSError as exc:
        err(printable(f"{output}: error: cannot write: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
    err(printable(f"wrote {output}"))
