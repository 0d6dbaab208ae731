"""``ledcheck show [CHECKLIST]``: the checklist as a tree with each indicator's share of the score."""
from __future__ import annotations

import typer

from .options import CHECKLIST_ARG_HELP, LANG_HELP
from .output import check_lang, load_checklist


def show(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
) -> None:
    """Show a checklist as a tree: sections, indicators, types, weights and shares of the score."""
    from rich.console import Console

    from ..show import build_tree
    cl = load_checklist(checklist)
    lang = check_lang(cl, lang)
    Console(highlight=False).print(build_tree(cl, lang))


def register(app: typer.Typer) -> None:
    app.command()(show)
