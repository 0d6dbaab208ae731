"""CSV and XLSX exports of the ``export xlsform`` form, as ODK Central and KoboToolbox write
them, read into one submission per row (FORMAT.md §6.10, §6.11).

Column names are matched to the form's question names (:func:`.xlsform.form_names`) plain or
group-prefixed (``strategy/strategy.plan/ST1`` as ODK Central writes them, ``/`` or ``.`` as
Kobo does); ``select_multiple`` answers are space-separated choice names, or split columns
(``ST4/finance`` holding 1 or 0). Metadata columns are ignored, except that the submission
time gives ``date`` and the submitter gives ``assessor`` where the form's own are empty, and
the instance id is kept for the record. Bad cells are reported by row and column and left out;
the rest of the row is read.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..errors import ERROR, WARNING, LoadError
from ..model import Checklist, Indicator
from .common import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    MAX_WORKBOOK_BYTES,
    NA,
    NO_DATA,
    CellProblem,
    CellValueError,
    clean_answers,
    coerce,
    field_attr,
    fmt_num,
    parse_number,
    subject_fields,
    tidy_number,
)
from .xlsform import NONE_CHOICE, STATUS_VALUE, form_names, split_part_name

SUBMISSION_TIME = ("SubmissionDate", "_submission_time", "submissiondate")
SUBMITTER = ("SubmitterName", "_submitted_by")
INSTANCE = ("meta-instanceID", "meta/instanceID", "meta.instanceID", "instanceID", "_uuid", "KEY")
_KNOWN_META = {"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
               "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
               "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid",
               "audit", "instanceID", "instanceName", "formhub/uuid", "formhub.uuid"}


@dataclass
class RowSubmission:
    """One row of an export as a submission: its data, row number, instance id, and the column
    of every value (``columns["answers.ST1"] == "strategy/ST1"``)."""

    data: dict
    row: int
    source: str
    instance: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)

    def locate(self, problem) -> CellProblem:
        """A result problem (``ledcheck.errors.Problem``) placed at its row and column."""
        col, p = None, problem.path
        while p and col is None:
            col = self.columns.get(p)
            cut = max(p.rfind("."), p.rfind("["))
            p = p[:cut] if cut > 0 else ""
        return CellProblem(problem.severity, problem.message, self.source, row=self.row, column=col,
                           path=problem.path, rule=problem.rule)


@dataclass
class Export:
    """An export read: its rows as submissions and the problems of the file as a whole."""

    source: str
    rows: list[RowSubmission] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading tables

def _is_xlsx(path: str | os.PathLike) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def read_table(path: str | os.PathLike, max_bytes: int = MAX_CSV_BYTES,
               max_rows: int = MAX_ROWS) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a CSV (``,`` ``;`` or tab, BOM or not), of an XLSX's first sheet, or of
    the main CSV in the ZIP that ODK Central's "Download all records" gives."""
    if _is_xlsx(path) or str(path).lower().endswith(".xlsx"):
        main = _zip_main_csv(path)
        if main is None:
            return _read_xlsx(path, max_rows)
        return _read_csv(path, max_bytes, max_rows, main)
    return _read_csv(path, max_bytes, max_rows)


def _zip_main_csv(path) -> str | None:
    """The main CSV of an ODK Central ZIP (the shortest root ``.csv`` name; repeat groups are
    ``<form>-<group>.csv``), or None for a workbook."""
    if not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return None
    if "xl/workbook.xml" in names:
        return None
    csvs = sorted((n for n in names if n.lower().endswith(".csv") and "/" not in n), key=lambda n: (len(n), n))
    return csvs[0] if csvs else None


def _zip_member(path, member: str, max_bytes: int) -> bytes:
    name = str(path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
        if info.file_size > max_bytes:
            raise LoadError(f"{member} is {info.file_size:,} bytes, over the limit of {max_bytes:,} bytes "
                            "(--max-bytes raises it)", name)
        with zf.open(member) as fh:
            data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LoadError(f"{member} is over the limit of {max_bytes:,} bytes (--max-bytes raises it)", name)
    return data


def _read_csv(path, max_bytes: int, max_rows: int, member: str | None = None) -> tuple[list[str], list[list[Any]]]:
    from ..yamlio import decode, read_bytes
    name = str(path)
    try:
        raw = _zip_member(path, member, max_bytes) if member else read_bytes(path, max_bytes)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise LoadError(f"cannot read {member} from the ZIP: {exc}", name) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):   # Excel's "Unicode text": UTF-16 with a BOM
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise LoadError("not readable UTF-16 text; save the file as CSV UTF-8", name, 1, 1) from None
    text = decode(raw, f"{name}:{member}" if member else name)
    first = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader, None)
        if not header:
            raise LoadError("empty CSV: no header row", name, 1, 1)
        rows: list[list[Any]] = []
        for rec in reader:
            if len(rows) >= max_rows:
                raise LoadError(f"more than {max_rows:,} rows: split the export", name, reader.line_num, 1)
            rows.append(rec)
    except csv.Error as exc:
        raise LoadError(f"not a readable CSV: {exc}", name, reader.line_num, 1) from None
    return [h.strip() for h in header], rows


def _read_xlsx(path, max_rows: int) -> tuple[list[str], list[list[Any]]]:
    from openpyxl import load_workbook

    from .workbook import _zip_ok
    name = str(path)
    _zip_ok(path, MAX_WORKBOOK_BYTES).close()
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise LoadError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"[:300], name) from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header_row = next(it, None)
        if not header_row:
            raise LoadError("empty sheet: no header row", name)
        header = ["" if h is None else str(h).strip() for h in header_row]
        if len(header) > 5000:
            raise LoadError(f"{len(header):,} columns: too many for a form export", name)
        rows: list[list[Any]] = []
        for rec in it:
            if len(rows) >= max_rows:
                raise LoadError(f"more than {max_rows:,} rows: split the export", name)
            rows.append(list(rec[:len(header)]))
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise LoadError(f"cannot read the sheet ({type(exc).__name__}: {exc})"[:300], name) from None
    finally:
        wb.close()
    return header, rows


# --------------------------------------------------------------------------- columns

def _is_meta(h: str) -> bool:
    """Metadata columns: Kobo's ``_...``, ODK Central's ``SubmissionDate``, ``KEY``, ``Submitter*``...,
    and the form's ``meta`` group (``meta-instanceID``, ``meta/instanceID``, ``meta.instanceID``)."""
    last = h.split("/")[-1]
    return h.startswith(("_", "meta-", "meta/", "meta.")) or h in _KNOWN_META or last in _KNOWN_META


def map_columns(header: list[str], checklist: Checklist) -> tuple[dict[int, str], dict[int, tuple[str, str]],
                                                                    list[tuple[int, str]]]:
    """(column -> question name, column -> (multi id, choice) for split columns, unknown columns)."""
    names = form_names(checklist)
    by_len = sorted(names, key=len, reverse=True)
    multis = [i for i in checklist.indicators.values() if i.type == "multi"]
    out: dict[int, str] = {}
    split: dict[int, tuple[str, str]] = {}
    unknown: list[tuple[int, str]] = []
    taken: set[str] = set()
    for c, h in enumerate(header):
        if not h or _is_meta(h):
            continue
        hit = _match(h, names, by_len)
        if hit is not None:
            if hit not in taken:
                taken.add(hit)
                out[c] = hit
            continue
        sp = _match_split(h, multis)
        if sp is not None:
            split[c] = sp
            continue
        unknown.append((c, h))
    return out, split, unknown


_SEPARATORS = ("-", "/", ".", ":")
"""Between group and question names: ODK Central ``-`` (``strategy-ST1``), Kobo ``/`` or ``.``."""


def _match(h: str, names: dict, by_len: list[str]) -> str | None:
    """The question a column holds: its plain name, or the longest name it ends with after a
    group separator (ids may themselves hold ``.`` or ``-``, so the longest match wins)."""
    if h in names:
        return h
    last = h.rsplit("/", 1)[-1]
    if last in names and "/" in h:
        return last
    for n in by_len:
        if len(h) > len(n) and h.endswith(n) and h[-len(n) - 1] in _SEPARATORS:
            return n
    return None


def _match_split(h: str, multis: list[Indicator]) -> tuple[str, str] | None:
    for ind in multis:
        for oid in [o.id for o in ind.options] + [NONE_CHOICE, NA, NO_DATA]:
            for sep in ("/", ".", "-"):
                tail = f"{ind.id}{sep}{oid}"
                if h == tail or (h.endswith(tail) and h[-len(tail) - 1] in _SEPARATORS):
                    return ind.id, oid
    return None


# --------------------------------------------------------------------------- rows

def read_export(path: str | os.PathLike, checklist: Checklist, *, max_bytes: int = MAX_CSV_BYTES,
                max_rows: int = MAX_ROWS, lang: str | None = None) -> Export:
    """Read an ODK Central / KoboToolbox export of the checklist's form, one submission per row.
    Raises :class:`LoadError` / :class:`InputError` for a file that cannot be read at all."""
    name = str(path)
    header, rows = read_table(path, max_bytes, max_rows)
    cols, split, unknown = map_columns(header, checklist)
    exp = Export(name)
    if not cols and not split:
        raise LoadError("no column of this file names a question of the form of checklist "
                        f"'{checklist.id}'; export the submissions with XML names as headers "
                        "(KoboToolbox: 'XML values and headers'), not labels", name, 1, 1)
    for _c, h in unknown:
        exp.problems.append(CellProblem(WARNING, f"column '{h}' is not a question of this form (ignored)",
                                        name, row=1, column=h))
    if "subject" not in cols.values():
        exp.problems.append(CellProblem(ERROR, "no 'subject' column: every row lacks its subject", name, row=1,
                                        column=None))
    meta_cols = {h: c for c, h in enumerate(header) if h}
    for i, rec in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec):
            continue
        exp.rows.append(_row(rec, i, header, cols, split, meta_cols, checklist, name, lang))
    return exp


def _cell(rec: list, c: int) -> Any:
    return rec[c] if c < len(rec) else None


def _first_meta(rec: list, meta_cols: dict, keys: tuple) -> Any:
    for k in keys:
        c = meta_cols.get(k)
        if c is not None:
            v = _cell(rec, c)
            if v not in (None, ""):
                return v
    return None


def _row(rec: list, row: int, header: list[str], cols: dict[int, str], split: dict, meta_cols: dict,
         checklist: Checklist, source: str, lang: str | None) -> RowSubmission:
    """One export row as a submission (see :class:`_RowReader`)."""
    return _RowReader(rec, row, header, checklist, source, lang).read(cols, split, meta_cols)


def _number(raw: Any, lang: str | None) -> float | int:
    if isinstance(raw, bool):
        raise CellValueError("must be a number")
    if isinstance(raw, (int, float)):
        return tidy_number(raw)
    return parse_number(str(raw), lang)


class _RowReader:
    """Reads one row cell by cell; each kind of question (:func:`.xlsform.form_names`) has its
    own small method, and a bad cell becomes a problem at (row, column) and is left out."""

    def __init__(self, rec: list, row: int, header: list[str], checklist: Checklist, source: str,
                 lang: str | None):
        self.rec, self.header, self.c, self.lang = rec, header, checklist, lang
        self.names = form_names(checklist)
        self.sub = RowSubmission({"ledcheck": 1, "checklist": checklist.id,
                                  "checklist_version": checklist.version}, row, source)
        self.slots: dict[str, dict[str, Any]] = {}
        self.status: dict[str, tuple[str, int]] = {}
        self.meta: dict[str, Any] = {}
        self.fields = {str(field_attr(f, "id")): f for f in subject_fields(checklist)}

    def bad(self, col: int | None, message: str, path: str = "", severity: str = ERROR) -> None:
        self.sub.problems.append(CellProblem(severity, message, self.sub.source, row=self.sub.row,
                                             column=self.header[col] if col is not None else None, path=path))

    def read(self, cols: dict[int, str], split: dict, meta_cols: dict) -> RowSubmission:
        handlers = {"header": self.header_cell, "meta": self.meta_cell, "status": self.status_cell,
                    "value": self.value_cell, "evidence": self.text_cell, "note": self.text_cell,
                    "baseline": self.override_cell, "target": self.override_cell, "part": self.part_cell}
        for c, qname in cols.items():
            raw = _cell(self.rec, c)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            kind, ref = self.names[qname]
            handlers[kind](c, qname, kind, ref, raw)
        _split_multis(self.rec, split, self.header, self.slots, self.sub, self.bad)
        self.apply_status()
        self.fallbacks(meta_cols)
        sub = self.sub
        if self.meta:
            sub.data["meta"] = self.meta
        sub.data["answers"] = _answers(self.c, self.slots, sub, bad_at=lambda path, msg, sev=ERROR: sub.problems.append(
            CellProblem(sev, msg, sub.source, row=sub.row, column=_col_of(sub.columns, path), path=path)))
        return sub

    # ---------------------------------------------------------------- cells

    def header_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        v = _header_value(ref, raw)
        if v:
            self.sub.data[ref] = v
            self.sub.columns[ref] = self.header[c]

    def meta_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        from .workbook import meta_value
        try:
            self.meta[ref] = meta_value(self.fields.get(ref), raw, self.lang)
            self.sub.columns[f"meta.{ref}"] = self.header[c]
        except CellValueError as exc:
            self.bad(c, f"{ref}: {exc}", f"meta.{ref}")

    def status_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        s = str(raw).strip()
        if s in (STATUS_VALUE, NA, NO_DATA):
            self.status[ref] = (s, c)
        else:
            self.bad(c, f"{qname} takes {STATUS_VALUE}, {NA} or {NO_DATA}, not '{s}'", f"answers.{ref}")

    def value_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        ind = self.c.indicators[ref]
        try:
            if ind.type == "multi" and isinstance(raw, str):
                tokens = raw.split()
                v = [] if tokens == [NONE_CHOICE] else coerce(ind, " ".join(t for t in tokens if t != NONE_CHOICE)
                                                              or "[]", self.lang, sep=r"\s+")
            else:
                v = coerce(ind, raw, self.lang, sep=r"\s+")
        except CellValueError as exc:
            self.bad(c, str(exc), f"answers.{ref}")
            return
        self.slots.setdefault(ref, {})["value"] = v
        self.sub.columns[f"answers.{ref}"] = self.header[c]

    def text_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        self.slots.setdefault(ref, {})[kind] = fmt_num(raw) if isinstance(raw, float) else str(raw).strip()
        self.sub.columns[f"answers.{ref}.{kind}"] = self.header[c]

    def override_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        try:
            self.slots.setdefault(ref, {})[kind] = _number(raw, self.lang)
            self.sub.columns[f"answers.{ref}.{kind}"] = self.header[c]
        except CellValueError as exc:
            self.bad(c, f"{qname}: {exc}", f"answers.{ref}.{kind}")

    def part_cell(self, c: int, qname: str, kind: str, ref: str, raw: Any) -> None:
        ind = self.c.indicators[ref]
        name, cat = split_part_name(self.c, ind, qname) or ("", qname[len(ref) + 2:])
        path = f"answers.{ref}.by.{name}.{cat}"
        try:
            num = _number(raw, self.lang)
            if num < 0:
                raise CellValueError("a part must be >= 0")
        except CellValueError as exc:
            self.bad(c, f"{qname}: {exc}", path)
            return
        self.slots.setdefault(ref, {}).setdefault("by", {}).setdefault(name, {})[cat] = num
        col = self.header[c]
        self.sub.columns[path] = col
        self.sub.columns.setdefault(f"answers.{ref}.by.{name}", col)
        self.sub.columns.setdefault(f"answers.{ref}.by", col)

    # ---------------------------------------------------------------- after the cells

    def apply_status(self) -> None:
        """A number's ``__status`` of na / no_data is its answer (the number was not asked)."""
        for ref, (s, c) in self.status.items():
            if s == STATUS_VALUE:
                continue
            slot = self.slots.setdefault(ref, {})
            if slot.get("value") is not None:
                self.bad(c, f"{ref} has both a value and status '{s}'; the status is used", f"answers.{ref}",
                         WARNING)
            slot["value"] = s
            slot.pop("by", None)
            self.sub.columns[f"answers.{ref}"] = self.header[c]

    def fallbacks(self, meta_cols: dict) -> None:
        """``date`` and ``assessor`` from the submission time and submitter where the form's are
        empty; the instance id for the record."""
        for key, keys in (("date", SUBMISSION_TIME), ("assessor", SUBMITTER)):
            if key not in self.sub.data:
                v = _first_meta(self.rec, meta_cols, keys)
                hv = _header_value(key, v) if v not in (None, "") else None
                if hv:
                    self.sub.data[key] = hv
        inst = _first_meta(self.rec, meta_cols, INSTANCE)
        self.sub.instance = str(inst) if inst not in (None, "") else None


def _col_of(columns: dict, path: str) -> str | None:
    p = path
    while p:
        if p in columns:
            return columns[p]
        cut = max(p.rfind("."), p.rfind("["))
        p = p[:cut] if cut > 0 else ""
    return None


def _split_multis(rec, split: dict, header, slots, sub: RowSubmission, bad) -> None:
    chosen: dict[str, list[str]] = {}
    for c, (iid, oid) in split.items():
        raw = _cell(rec, c)
        if raw in (None, ""):
            continue
        s = str(raw).strip().lower()
        if s in ("1", "1.0", "true", "yes"):
            chosen.setdefault(iid, []).append(oid)
            sub.columns.setdefault(f"answers.{iid}", header[c])
        elif s not in ("0", "0.0", "false", "no"):
            bad(c, f"split column of {iid} takes 1 or 0, not '{raw}'", f"answers.{iid}")
        else:
            chosen.setdefault(iid, [])
    for iid, ids in chosen.items():
        slot = slots.setdefault(iid, {})
        if "value" in slot:
            continue
        if NA in ids or NO_DATA in ids:
            slot["value"] = NA if NA in ids else NO_DATA
        elif ids or chosen[iid] == []:
            slot["value"] = [i for i in ids if i != NONE_CHOICE]


def _header_value(key: str, raw: Any) -> str | None:
    if isinstance(raw, _dt.datetime):
        return raw.date().isoformat() if key == "date" else raw.isoformat()
    if isinstance(raw, _dt.date):
        return raw.isoformat()
    if isinstance(raw, float):
        return fmt_num(raw)
    s = str(raw).strip()
    if key == "date" and re.match(r"\d{4}-\d{2}-\d{2}[T ]", s):
        return s[:10]
    return s or None


def _answers(checklist: Checklist, slots: dict, sub: RowSubmission, bad_at) -> dict:
    """Answers in checklist order (see :func:`.common.clean_answers`)."""
    return clean_answers(checklist, slots, bad_at)


__all__ = ["Export", "RowSubmission", "map_columns", "read_export", "read_table"]
