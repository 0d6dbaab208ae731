"""``ledcheck import``: workbooks and form exports become YAML submissions, the canonical,
diff-able record (FORMAT.md §6.10).

Each file written is named after its subject and period (``da-nang-city-2026-q1.yaml``); an
existing file is never overwritten (the next free name, ``-2``, ``-3``..., is taken) unless
``force`` is set, and every file is written atomically (a temporary file linked into place), so
a crash leaves either the whole file or none. One bad file or row never stops the batch.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ERROR, LedcheckError
from ..files import safe_join, slug
from ..model import Checklist
from .common import MAX_CSV_BYTES, MAX_WORKBOOK_BYTES, CellProblem

KEY_ORDER = ("ledcheck", "checklist", "checklist_version", "profile", "subject", "subject_id", "assessor",
             "date", "period", "reference_period", "meta", "answers")


# --------------------------------------------------------------------------- YAML

class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, strings that look like numbers or dates quoted."""


def _str(dumper, data: str):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str)


def ordered(data: dict) -> dict:
    """The submission's keys in the canonical order (unknown keys after, as they came)."""
    out = {k: data[k] for k in KEY_ORDER if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def to_yaml(data: dict, comments: Iterable[str] = ()) -> str:
    """A submission as canonical YAML text, with ``# comment`` lines on top."""
    body = yaml.dump(ordered(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    head = "".join(f"# {c}\n" for c in comments)
    return head + body


# --------------------------------------------------------------------------- files

def base_name(data: dict, fallback: str) -> str:
    """``<subject>-<period>`` as a file-name-safe slug (``fallback`` without a subject)."""
    subject = data.get("subject")
    parts = [slug(str(subject), fallback) if subject else fallback]
    for key in ("period", "reference_period", "date"):
        v = data.get(key)
        if v:
            parts.append(slug(str(v), ""))
            break
    return "-".join(p for p in parts if p)[:100]


def write_new(folder: str | os.PathLike, base: str, text: str, *, force: bool = False,
              taken: set[str] | None = None) -> Path:
    """Write ``text`` as ``folder/base.yaml`` (or the first free ``base-N.yaml``) atomically.

    Never replaces an existing file unless ``force``; ``taken`` holds names already written in
    this run, which even ``force`` does not replace (two rows never overwrite each other).
    """
    taken = taken if taken is not None else set()
    folder = Path(folder)
    fd, tmp = tempfile.mkstemp(prefix=".import.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        n = 1
        first = True
        while True:
            name = f"{base}.yaml" if n == 1 else f"{base}-{n}.yaml"
            n += 1
            if name.lower() in taken:
                continue
            target = safe_join(folder, name)
            if force and first:
                os.replace(tmp, target)
                taken.add(name.lower())
                return target
            first = False
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            except OSError:
                # no hard links here (some network or FAT file systems): reserve the name, then rename
                try:
                    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
                except FileExistsError:
                    continue
                os.replace(tmp, target)
                taken.add(name.lower())
                return target
            taken.add(name.lower())
            return target
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


# --------------------------------------------------------------------------- import

@dataclass
class Written:
    """One submission file written: where from (file, row) and where to."""

    source: str
    row: int | None
    path: Path
    errors: int = 0


@dataclass
class ImportReport:
    """What an import did: files written, located problems, files that could not be read."""

    written: list[Written] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    failures: list[LedcheckError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not any(p.is_error for p in self.problems)


def submissions_of(path: str | os.PathLike, checklist: Checklist | None, *, resolver=None,
                   max_bytes: int | None = None, lang: str | None = None):
    """The submissions in one input file: a ``template -f xlsx`` workbook (one) or an ODK/Kobo
    export (one per row). ``max_bytes`` limits a CSV (default 10 MB); workbooks are limited to
    50 MB uncompressed. Yields ``(data, row or None, problems, comments)``; raises
    :class:`~ledcheck.errors.LedcheckError` when the file cannot be read at all."""
    from .workbook import is_template_workbook, read_workbook
    name = str(path)
    if is_template_workbook(path):
        wb = read_workbook(path, checklist, resolver=resolver, lang=lang, max_bytes=MAX_WORKBOOK_BYTES)
        _clean_workbook(wb, checklist, resolver)
        yield wb.data, None, wb.problems, [f"imported from {os.path.basename(name)}"]
        return
    if checklist is None:
        from ..errors import InputError
        raise InputError("give the checklist of this export with -c CHECKLIST", name)
    from .odk import read_export
    exp = read_export(path, checklist, max_bytes=max_bytes or MAX_CSV_BYTES, lang=lang)
    if exp.problems:
        yield None, None, exp.problems, []
    for r in exp.rows:
        comments = [f"imported from {os.path.basename(name)}, row {r.row}"]
        if r.instance:
            comments.append(f"instance {r.instance}")
        yield r.data, r.row, r.problems, comments


def _clean_workbook(wb, checklist: Checklist | None, resolver) -> None:
    """Leave out of a workbook's answers the values outside their domain, reported at their
    cells, as an export's are (the YAML written holds only what a submission can)."""
    from .common import clean_answers, split_answer_map
    from .workbook import checklist_of_marker
    cl = checklist or checklist_of_marker({"checklist": wb.checklist_id,
                                         "checklist_version": wb.data.get("checklist_version")}, resolver)
    slots = {iid: split_answer_map(raw) for iid, raw in wb.data.get("answers", {}).items()}

    def bad_at(path: str, message: str, severity: str = ERROR) -> None:
        wb.problems.append(CellProblem(severity, message, wb.source, wb.cell_of(path), path=path))
    wb.data["answers"] = clean_answers(cl, slots, bad_at)


def import_files(paths: list[str], out_dir: str | os.PathLike, checklist: Checklist | None = None, *,
                 resolver=None, force: bool = False, max_bytes: int | None = None,
                 lang: str | None = None) -> ImportReport:
    """Import every file; one YAML submission per workbook or export row, into ``out_dir``."""
    report = ImportReport()
    taken: set[str] = set()
    for path in paths:
        try:
            for data, row, problems, comments in submissions_of(path, checklist, resolver=resolver,
                                                                max_bytes=max_bytes, lang=lang):
                report.problems.extend(problems)
                if data is None:
                    continue
                if not data.get("subject"):
                    report.problems.append(CellProblem(ERROR, "the subject is empty: the submission is written "
                                                              "but cannot be scored until it is filled in",
                                                       str(path), row=row, column="subject" if row else None,
                                                       cell=None if row else "Subject!C2", path="subject"))
                fallback = f"{Path(str(path)).stem}-row-{row}" if row else Path(str(path)).stem
                target = write_new(out_dir, base_name(data, slug(fallback, "submission")),
                                   to_yaml(data, comments), force=force, taken=taken)
                report.written.append(Written(str(path), row, target,
                                              sum(1 for p in problems if p.is_error)))
        except LedcheckError as exc:
            if not exc.file:
                exc.file = str(path)
            report.failures.append(exc)
    return report


__all__ = ["ImportReport", "Written", "base_name", "import_files", "submissions_of", "to_yaml", "write_new"]
