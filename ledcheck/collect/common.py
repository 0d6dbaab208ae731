"""What every collection path shares: where a problem is (a workbook cell, a CSV row and column),
the answer words in the officer's language, and turning a cell's text into a canonical answer.

A cell is read the same way whether it comes from a ``template -f xlsx`` workbook or from an
ODK/Kobo export: :func:`coerce` gives the canonical value a YAML submission would hold (a level
number, ``True``/``False``/``"partial"``, an option id, a list of ids, a number, text, ``"na"`` or
``"no_data"``) or raises :class:`CellValueError` with a message for the officer.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import ERROR, printable
from ..i18n import decimal_comma
from ..model import Checklist, Indicator, LocalText

NA = "na"
NO_DATA = "no_data"
SEP = " \u2014 "
"""Between an answer's code and its label in a drop-down entry: ``3 — Implemented``."""

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
"""Largest uncompressed workbook that is read (FORMAT.md §6.11)."""
MAX_CSV_BYTES = 10 * 1024 * 1024
"""Default ``--max-bytes`` of one CSV export (FORMAT.md §6.11)."""
MAX_ROWS = 100_000
"""Most data rows read from one sheet or CSV; a longer one is refused as too large."""

NOTE = "note"
RULE = "collect"
"""Rule id of problems found while reading a workbook or an export (register in rules.py)."""


# --------------------------------------------------------------------------- positions

@dataclass(frozen=True, slots=True)
class CellProblem:
    """A finding located in a workbook cell (``cell="Answers!G12"``) or a CSV/XLSX export row
    (``row`` 1-based as a spreadsheet shows it, ``column`` = the header name), FORMAT.md §6.11.

    It mirrors :class:`ledcheck.errors.Problem` (severity, message, path, rule, file) and adds the
    spreadsheet position, which ``Problem`` cannot carry yet.
    """

    severity: str
    message: str
    file: str = ""
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    path: str = ""
    rule: str = RULE

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    # Problem-compatible: a cell has no YAML line or column (JSON: null), so code written for
    # Problem (counting, sorting, printing) works on these unchanged.
    line = 0
    col = 0

    def sort_key(self) -> tuple:
        return (self.row or 0, _cell_key(self.cell), self.severity != ERROR, self.message)

    def where(self) -> str:
        """``Answers!G12``, ``7:ST1`` (row:column), ``7`` or ``""``."""
        if self.cell:
            return self.cell
        if self.row is not None:
            return f"{self.row}:{self.column}" if self.column else str(self.row)
        return ""

    def format(self, file: str | None = None) -> str:
        """``FILE:Answers!G12: error: message`` / ``FILE:ROW:COLUMN: error: message``."""
        f = self.file if file is None else file
        where = self.where()
        return printable(f"{f}:{where + ':' if where else ''} {self.severity}: {self.message}")

    def to_dict(self, rule: bool = True) -> dict:
        """The JSON shape of §6.11: ``line``/``col`` null, plus ``cell`` or ``row``/``column``."""
        d: dict[str, Any] = {"severity": self.severity, "path": self.path, "line": None, "col": None}
        if self.cell:
            d["cell"] = self.cell
        if self.row is not None:
            d["row"] = self.row
            d["column"] = self.column
        if rule:
            d["rule"] = self.rule
        d["message"] = self.message
        return d

    def to_problem(self):
        """A plain :class:`~ledcheck.errors.Problem` (line/col 0) whose message starts with the
        position, for code that only knows ``Problem``."""
        from ..errors import Problem
        where = self.where()
        return Problem(self.severity, f"{where}: {self.message}" if where else self.message, 0, 0,
                       self.path, self.rule, self.file)


def _cell_key(cell: str | None) -> tuple:
    """``Answers!G12`` -> ("Answers", 12, "  G"): sheet, then row, then column, as people read."""
    m = re.match(r"(.*)!([A-Z]+)(\d+)$", cell or "")
    if not m:
        return (cell or "", 0, "")
    return (m.group(1), int(m.group(3)), m.group(2).rjust(3))


class CellValueError(ValueError):
    """A cell whose text is not an answer of its indicator; the message tells what is allowed."""


# --------------------------------------------------------------------------- words

# Answer words shown in drop-downs and accepted when typed, per language (canonical words are
# always accepted too). Languages without an entry use English.
WORDS: dict[str, dict[str, str]] = {
    "en": {"yes": "yes", "no": "no", "partial": "partial", NA: "not applicable", NO_DATA: "no data",
           "none": "none of these", "value": "I have the figure"},
    "vi": {"yes": "có", "no": "không", "partial": "một phần", NA: "không áp dụng",
           NO_DATA: "không có dữ liệu", "none": "không có lựa chọn nào", "value": "Có số liệu"},
    "id": {"yes": "ya", "no": "tidak", "partial": "sebagian", NA: "tidak berlaku",
           NO_DATA: "tidak ada data", "none": "tidak ada", "value": "Ada angkanya"},
    "th": {"yes": "ใช่", "no": "ไม่ใช่", "partial": "บางส่วน", NA: "ไม่เกี่ยวข้อง",
           NO_DATA: "ไม่มีข้อมูล", "none": "ไม่มีข้อใดเลย", "value": "มีตัวเลข"},
}


def words(lang: str | None) -> dict[str, str]:
    """The answer words in ``lang`` (English where there is no entry)."""
    return WORDS.get((lang or "en").split("-")[0].lower(), WORDS["en"])


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).casefold()


def _word_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for ws in WORDS.values():
        for key, word in ws.items():
            table.setdefault(_norm(word), key)
    for key in ("yes", "no", "partial", NA, NO_DATA):
        table[key] = key
    table.update({"true": "yes", "false": "no", "n/a": NA, "no data": NO_DATA, "nodata": NO_DATA,
                  "no-data": NO_DATA, "not applicable": NA,
                  "không có số liệu": NO_DATA})  # the Vietnamese word of earlier workbooks
    return table


_WORD_OF = _word_lookup()


def word_key(text: str) -> str | None:
    """The canonical key (``yes``, ``no``, ``partial``, ``na``, ``no_data``, ``none``) of an
    answer word typed in any known language, else None."""
    return _WORD_OF.get(_norm(text))


# --------------------------------------------------------------------------- numbers

def fmt_num(v: Any) -> str:
    """A number as people write it: ``3`` not ``3.0``."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def tidy_number(v: float | int) -> float | int:
    """An integral float as int (64.0 -> 64), so files stay as the officer typed them."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


_NUM_DOT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NUM_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_number(text: str, lang: str | None = None) -> float | int:
    """A number typed as text. A comma-decimal language reads ``1,5`` as 1.5 (``.`` too);
    thousands separators (``1,500.5``, ``1.500,5``, ``1 500``) are refused with a hint."""
    s = text.strip().replace("\u00a0", " ")
    if s.endswith("%"):
        s = s[:-1].rstrip()
    if _NUM_DOT.fullmatch(s):
        v = float(s)
    elif _NUM_COMMA.fullmatch(s) and decimal_comma(lang):
        v = float(s.replace(",", "."))
    elif re.fullmatch(r"[+-]?\d{1,3}([ ,.']\d{3})+([.,]\d+)?", s):
        raise CellValueError(f"'{text}' looks like a number with thousands separators; "
                             "type the digits without separators")
    elif _NUM_COMMA.fullmatch(s):
        raise CellValueError(f"'{text}': use a dot as the decimal point ({s.replace(',', '.')})")
    else:
        raise CellValueError(f"'{text}' is not a number")
    if not math.isfinite(v):
        raise CellValueError(f"'{text}' is not a finite number")
    return tidy_number(v)


# --------------------------------------------------------------------------- answer values

def entry(code: Any, label: str | None) -> str:
    """A drop-down entry: ``3 — Implemented``; just the code when there is no label."""
    c = fmt_num(code) if not isinstance(code, str) else code
    return f"{c}{SEP}{label}" if label and label != c else c


def code_of(text: str) -> str:
    """The code of a drop-down entry (the part before `` — ``), or the text itself."""
    return text.split(SEP, 1)[0].strip() if SEP in text else text.strip()


def _label_match(values: Iterable[tuple[Any, LocalText | None]], text: str):
    t = _norm(text)
    for code, label in values:
        if label is not None and any(_norm(v) == t for v in label.values.values()):
            return code
    return None


def choices(ind: Indicator, lang: str | None = None) -> list[tuple[str, str]]:
    """The allowed answers of an indicator as (code, label in ``lang``), without N/A / no data."""
    w = words(lang)
    if ind.type == "levels":
        return [(fmt_num(lv.value), lv.label.get(lang) if lv.label else "") for lv in ind.levels]
    if ind.type == "yesno":
        out = [("yes", w["yes"]), ("no", w["no"])]
        if ind.partial:
            out.append(("partial", w["partial"]))
        return out
    if ind.type in ("choice", "multi"):
        return [(o.id, o.label.get(lang) if o.label else "") for o in ind.options]
    return []


def allows_no_data(ind: Indicator) -> bool:
    """``no_data`` is allowed on every non-text indicator (FORMAT.md §6.2)."""
    return ind.type != "text"


def coerce(ind: Indicator, raw: Any, lang: str | None = None, *, sep: str = r"[\s,;]+") -> Any:
    """The canonical answer value of a cell (None when empty); raises :class:`CellValueError`.

    ``raw`` is what the spreadsheet or export holds (text, a number, a boolean, a date); ``sep``
    splits a multi answer (commas or spaces in a workbook, spaces in an ODK export). Domain
    limits (min/max, N/A allowed, breakdown sums) are left to the submission checks, so each
    problem is reported once, by the rule that owns it.
    """
    if ind.type == "number" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise CellValueError(f"{ind.id}: not a finite number")
        return tidy_number(raw)
    s = _cell_text(ind, raw)
    if s is None:
        return None
    key = word_key(s) or word_key(code_of(s))
    if key == NA or (key == NO_DATA and ind.type != "text"):
        return key
    reader = _READERS.get(ind.type)
    if reader is None:
        raise CellValueError(f"{ind.id}: unknown type {ind.type}")
    return reader(ind, s, key, lang, sep)


def _cell_text(ind: Indicator, raw: Any) -> str | None:
    """A cell's value as stripped text (None when empty); a date only for a text indicator."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, (_dt.datetime, _dt.date)):
        if ind.type == "text":
            return (raw.date() if isinstance(raw, _dt.datetime) else raw).isoformat()
        raise CellValueError(f"{ind.id} takes {_kind(ind)}, not a date")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise CellValueError(f"{ind.id}: not a finite number")
        return fmt_num(raw)
    raise CellValueError(f"{ind.id}: unreadable cell value")


def _not(ind: Indicator, s: str) -> CellValueError:
    return CellValueError(f"{ind.id} takes {_kind(ind)}, not '{s}'")


def _read_text(ind: Indicator, s: str, key, lang, sep) -> str:
    return s


def _read_number(ind: Indicator, s: str, key, lang, sep) -> float | int:
    return parse_number(s, lang)


def _read_yesno(ind: Indicator, s: str, key, lang, sep) -> bool | str:
    if key in ("yes", "no"):
        return key == "yes"
    if key == "partial":
        return "partial"
    raise _not(ind, s)


def _read_levels(ind: Indicator, s: str, key, lang, sep) -> float | int:
    try:
        v = parse_number(code_of(s), lang)
    except CellValueError:
        v = _label_match(((lv.value, lv.label) for lv in ind.levels), s)
        if v is None:
            raise _not(ind, s) from None
    if ind.level(v) is None:
        raise _not(ind, s)
    return tidy_number(v)


def _read_choice(ind: Indicator, s: str, key, lang, sep) -> str:
    code = code_of(s)
    if ind.option(code) is not None:
        return code
    hit = _label_match(((o.id, o.label) for o in ind.options), s)
    if hit is None:
        raise _not(ind, s)
    return hit


def _read_multi(ind: Indicator, s: str, key, lang, sep) -> list[str]:
    if key == "none" or s in ("[]", "-"):
        return []
    out: list[str] = []
    for tok in (x for x in re.split(sep, s.strip("[]")) if x):
        code = code_of(tok)
        if ind.option(code) is None:
            raise CellValueError(f"{ind.id} has no option '{tok}'; its options are "
                                 f"{', '.join(o.id for o in ind.options)}")
        if code not in out:
            out.append(code)
    return out


_READERS = {"text": _read_text, "number": _read_number, "yesno": _read_yesno, "levels": _read_levels,
            "choice": _read_choice, "multi": _read_multi}


def _kind(ind: Indicator) -> str:
    t = ind.type
    if t == "levels":
        return "one of the levels " + ", ".join(fmt_num(lv.value) for lv in ind.levels)
    if t == "yesno":
        return "yes, no or partial" if ind.partial else "yes or no"
    if t == "choice":
        return "one of the options " + ", ".join(o.id for o in ind.options)
    if t == "multi":
        return "option ids separated by spaces or commas"
    if t == "number":
        return "a number"
    return "text"


def answer(value: Any, evidence: str | None = None, note: str | None = None,
           by: dict | None = None, *, baseline: Any = None, target: Any = None) -> Any:
    """A submission answer: the bare value, or a map when it has evidence, a note, its own
    baseline or target, or breakdown parts (in the order of FORMAT.md §2)."""
    extras = {k: v for k, v in (("evidence", evidence), ("note", note), ("baseline", baseline),
                                ("target", target), ("by", by)) if v is not None and v != "" and v != {}}
    if not extras:
        return value
    return {"value": value, **extras}


def clean_answers(checklist: Checklist, slots: dict[str, dict], bad_at) -> dict:
    """Submission answers, in checklist order, from what was read per indicator (``slots``:
    id -> value, evidence, note, baseline, target, by), keeping only what a submission can hold.

    A value outside its indicator's domain (a number over ``max``, N/A where it is not allowed)
    is reported through ``bad_at(path, message, severity)`` and left out, its evidence and note
    kept; breakdown parts adding up to more than the value are reported and left out (less is
    the ``unknown`` remainder of FORMAT.md §6.5, kept). Baselines and targets are kept as read:
    their checks (direction, target = baseline) are the scorer's, at their cells.
    """
    from ..submission import AnswerProblem, check_answer
    out: dict[str, Any] = {}
    for iid, ind in checklist.indicators.items():
        slot = slots.get(iid)
        if not slot:
            continue
        value, by = slot.get("value"), slot.get("by")
        if value is not None and value != NO_DATA:
            try:
                check_answer(ind, value, checklist.disaggregations)
            except AnswerProblem as exc:
                bad_at(f"answers.{iid}", exc.message, exc.severity)
                if exc.severity == ERROR:
                    value = None
        if by and (value is None or isinstance(value, str)):
            if value is None:
                bad_at(f"answers.{iid}.by", f"{iid} has breakdown parts but no value; the parts are not read", ERROR)
            by = None
        for name, parts in (by or {}).items():
            total = sum(parts.values())
            if value is not None and total > value + 1e-9:
                bad_at(f"answers.{iid}.by.{name}", f"the parts of {iid} by {name} add up to {fmt_num(total)}, more "
                                                   f"than its value {fmt_num(value)}; the parts are not read", ERROR)
                by = None
                break
        if value is None:
            extras = {k: slot[k] for k in ("evidence", "note") if slot.get(k)}
            if extras:
                out[iid] = {"value": None, **extras}
            continue
        out[iid] = answer(value, slot.get("evidence"), slot.get("note"), by,
                          baseline=slot.get("baseline"), target=slot.get("target"))
        _report_answer_problems(ind, out[iid], checklist.disaggregations, bad_at)
    return out


def _report_answer_problems(ind: Indicator, raw: Any, disaggregations: dict, bad_at) -> None:
    """The problems that do not void a whole answer (``Answer.problems``): breakdown parts short
    of the value (a warning: the rest is ``unknown``), a baseline/target override that reverses
    the direction (a warning, or an error when the direction is stated: the scorer ignores the
    override). Reported at the cell of their part; an answer the scorer would refuse is left to
    it (its cells were checked above)."""
    from ..submission import AnswerProblem, check_answer
    try:
        ans = check_answer(ind, raw, disaggregations)
    except AnswerProblem:
        return
    for p in getattr(ans, "problems", None) or ():
        where = ".".join(str(k) for k in p.path)
        bad_at(f"answers.{ind.id}" + (f".{where}" if where else ""), p.message, p.severity)


def split_answer_map(raw: Any) -> dict:
    """A submission answer (bare or a map) as a slot: ``{"value": ..., "evidence": ...}``."""
    if isinstance(raw, dict):
        return dict(raw)
    return {"value": raw}


# --------------------------------------------------------------------------- 1.1 fields

def field_attr(f: Any, name: str, default: Any = None) -> Any:
    """A subject field's attribute, whether the model gives objects or plain dicts."""
    if isinstance(f, dict):
        return f.get(name, default)
    return getattr(f, name, default)


def subject_fields(checklist: Checklist) -> list[Any]:
    """The checklist's ``subject_fields`` (FORMAT.md §6.4), empty before the 1.1 model has them."""
    return list(getattr(checklist, "subject_fields", None) or ())


def text_in(value: Any, lang: str | None) -> str:
    """A label that may be a LocalText, a {lang: text} map, a string or None."""
    if value is None:
        return ""
    if isinstance(value, LocalText):
        return value.get(lang)
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value)


def option_ids(f: Any) -> list[str]:
    """Option ids of a ``choice`` subject field (ids or ``{id, label}``)."""
    out = []
    for o in field_attr(f, "options", ()) or ():
        oid = field_attr(o, "id", None) if not isinstance(o, str) else o
        if oid is not None:
            out.append(str(oid))
    return out


def option_label(f: Any, oid: str, lang: str | None) -> str:
    for o in field_attr(f, "options", ()) or ():
        if not isinstance(o, str) and str(field_attr(o, "id")) == oid:
            return text_in(field_attr(o, "label"), lang) or oid
    return oid


SUBJECT_KEYS = ("subject", "subject_id", "period", "reference_period", "assessor", "date")
"""Header keys a form or workbook collects, in their order (FORMAT.md §6.11)."""

