"""``ledcheck show [CHECKLIST]``: the checklist as a tree with each indicator's share of the score."""
from __future__ import annotations

import typer

from .options import CHECKLIST_ARG_HELP, LANG_HELP
from .output import check_lang, check_profile, load_checklist


def show(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
    profile: str | None = typer.Option(None, "--profile", "-p",
                                       help="Show only this profile's indicators, with their shares "
                                            "under its weights ('all': the whole checklist)."),
) -> None:
    """Show a checklist as a tree: sections, indicators, types, directions, weights, results
    levels and shares of the score."""
    from rich.console import Console

    from ..show import build_tree
    cl = load_checklist(checklist)
    lang = check_lang(cl, lang)
    selection = check_profile(cl, profile)
    Console(highlight=False).print(build_tree(cl, lang, selection))


def register(app: typer.Typer) -> None:
    app.command()(show)
