"""``ledcheck list``: the checklists available by id, every version of each (FORMAT.md §6.11)."""
from __future__ import annotations

import os

import typer

from .options import LANG_HELP


def list_(lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP)) -> None:
    """List the checklists available by id (./checklists, its archive/ of earlier versions, and
    those bundled with ledcheck): one row per version, the one used by default first."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .. import library
    from ..checklist import check_file
    from ..errors import LedcheckError, printable

    def safe(text: object) -> str:
        return escape(printable(str(text)))

    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("indicators", justify="right")
    table.add_column("languages")
    table.add_column("title and file", ratio=1)
    first: set[str] = set()
    for e in library.catalog():
        try:
            path = os.path.relpath(e.path)
        except ValueError:
            path = str(e.path)
        shown = path if not path.startswith("..") else str(e.path)
        notes = [e.origin]
        if e.id in first:
            notes.append("earlier version" if not e.archived else "archive")
        first.add(e.id)
        where = f"{shown} ({', '.join(notes)})"
        try:
            cl, _problems = check_file(e.path)
        except LedcheckError:
            cl = None
        if cl is not None:  # PO files beside it add languages (FORMAT.md §6.10), as on loading
            cl = library.with_translations(cl)
        if cl is None:
            table.add_row(safe(e.id), safe(e.version or ""), "", "",
                          f"(invalid: run ledcheck validate {safe(shown)})\n[dim]{safe(where)}[/]")
            continue
        table.add_row(safe(cl.id), safe(cl.version), str(len(cl.indicators)), safe(", ".join(cl.languages)),
                      f"{safe(cl.title.get(lang))}\n[dim]{safe(where)}[/]")
    Console(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    app.command("list")(list_)
