"""``ledcheck schema checklist|submission|roadmap``: JSON Schemas (a command group: the pattern for
commands with subcommands, e.g. ``export xlsform``)."""
from __future__ import annotations

import typer

from .options import LANG_HELP
from .output import check_lang, load_checklist, print_data

schema_app = typer.Typer(help="JSON Schemas (draft 2020-12) for editors and other validators.",
                         no_args_is_help=True)


@schema_app.command("checklist")
def schema_checklist() -> None:
    """JSON Schema of checklist files."""
    from ..schema import checklist_schema
    from ..validate import json_text
    print_data(json_text(checklist_schema()))


@schema_app.command("submission")
def schema_submission(
    checklist: str | None = typer.Option(None, "--checklist", "-c",
                                            help="Make the schema know this checklist's indicators "
                                                 "and allowed values."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP + " (for descriptions)"),
) -> None:
    """JSON Schema of submission files (generic, or for one checklist with -c)."""
    from ..schema import submission_schema
    from ..validate import json_text
    cl = load_checklist(checklist) if checklist else None
    if cl is not None:
        lang = check_lang(cl, lang)
    print_data(json_text(submission_schema(cl, lang=lang)))  # checklist text: no raw C1 or bidi


@schema_app.command("roadmap")
def schema_roadmap() -> None:
    """JSON Schema of road map files (FORMAT.md §6.9)."""
    from ..monitor.roadmap import schema
    from ..validate import json_text
    print_data(json_text(schema()))


def register(app: typer.Typer) -> None:
    app.add_typer(schema_app, name="schema")
