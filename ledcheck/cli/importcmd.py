"""``ledcheck import FILE... -c CHECKLIST -o DIR/``: filled workbooks and ODK Central /
KoboToolbox exports (CSV or XLSX) become one YAML submission per workbook or row (FORMAT.md §6.10)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .options import LANG_HELP
from .output import err
from .status import ExitStatus

if TYPE_CHECKING:
    from ..collect.importer import ImportReport


def import_(
    files: list[str] = typer.Argument(..., help="Workbooks made by 'template -f xlsx', or CSV/XLSX exports of "
                                                "the form made by 'export xlsform'."),
    checklist: str | None = typer.Option(None, "--checklist", "-c",
                                         help="The checklist (file or id) the exports answer; workbooks name "
                                              "their own."),
    output: str = typer.Option(..., "--output", "-o", help="Folder to write the submissions to (created if needed)."),
    force: bool = typer.Option(False, "--force", help="Replace existing files of the same name instead of "
                                                      "choosing a new name."),
    lang: str | None = typer.Option(None, "--lang", "-l",
                                    help=LANG_HELP + " Decides how typed numbers read (1,5 with a comma language)."),
    fmt: str = typer.Option("text", "--format", help="text (messages on stderr) or json (a report on stdout: "
                                                     "files written and problems with their cell or row/column)."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", min=1,
                                         help="Refuse CSV exports larger than this many bytes (default 10 MB; "
                                              "workbooks: 50 MB uncompressed)."),
) -> None:
    """Turn workbooks and ODK/KoboToolbox exports into YAML submissions (never overwriting a file)."""
    import os

    from ..collect.importer import import_files
    from ..errors import printable
    from ..library import Resolver
    from .output import load_checklist
    from .status import status_for, worst
    if fmt not in ("text", "json"):
        err(printable(f"ledcheck: error: unknown format '{fmt}' (use text or json)"))
        raise typer.Exit(ExitStatus.USAGE)
    cl = load_checklist(checklist) if checklist else None
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        err(printable(f"{output}: error: cannot create the folder: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
    if not os.path.isdir(output):
        err(printable(f"{output}: error: not a folder"))
        raise typer.Exit(ExitStatus.USAGE)
    try:
        report = import_files(files, output, cl, resolver=Resolver(cl), force=force, max_bytes=max_bytes, lang=lang)
    except OSError as exc:
        err(printable(f"{output}: error: cannot write: {exc.strerror or exc}"))
        raise typer.Exit(ExitStatus.USAGE) from None
    if fmt == "json":
        _print_json(report)
    for p in report.problems:
        err(p.format())
    for failure in report.failures:
        err(failure.format() if failure.file else printable(f"ledcheck: error: {failure.message}"))
    for w in report.written:
        where = f"{w.source}, row {w.row}" if w.row else w.source
        err(printable(f"wrote {w.path} (from {where})"))
    n_err = sum(1 for p in report.problems if p.is_error)
    err(f"{len(report.written)} submission(s) written, {n_err} error(s), {len(report.failures)} file(s) not read")
    statuses = [status_for(e) for e in report.failures]
    if n_err:
        statuses.append(ExitStatus.FINDINGS)
    raise typer.Exit(worst(statuses))


def _print_json(report: ImportReport) -> None:
    """``{"status", "written": [{"source", "row", "path", "errors"}], "problems": [...]}`` on stdout;
    problems in the JSON shape of FORMAT.md §6.11 (``cell`` or ``row``/``column``), each with its file."""
    import json
    problems = [{"file": p.file, **p.to_dict()} for p in report.problems]
    problems += [{"file": e.file, **e.as_problem().to_dict()} for e in report.failures]
    print(json.dumps({"status": "ok" if report.ok else "fail",
                      "written": [{"source": w.source, "row": w.row, "path": str(w.path), "errors": w.errors}
                                  for w in report.written],
                      "problems": problems}, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
