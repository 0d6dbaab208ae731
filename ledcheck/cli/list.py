"""``ledcheck list``: the checklists available by id."""
from __future__ import annotations

import os

import typer

from .options import LANG_HELP


def list_(lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP)) -> None:
    """List the checklists available by id (./checklists and those bundled with ledcheck)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .. import library
    from ..checklist import check_file
    from ..errors import LedcheckError
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("indicators", justify="right")
    table.add_column("languages")
    table.add_column("title and file", ratio=1)
    for e in library.available():
        try:
            path = os.path.relpath(e.path)
        except ValueError:
            path = str(e.path)
        where = f"{path if not path.startswith('..') else e.path} ({e.origin})"
        try:
            cl, _problems = check_file(e.path)
        except LedcheckError:
            cl = None
        if cl is None:
            table.add_row(e.id, "", "", "", f"(invalid: run ledcheck validate {path})\n[dim]{where}[/]")
            continue
        table.add_row(cl.id, cl.version, str(len(cl.indicators)), ", ".join(cl.languages),
                      f"{escape(cl.title.get(lang))}\n[dim]{escape(where)}[/]")
    Console(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    app.command("list")(list_)
