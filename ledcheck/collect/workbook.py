"""``ledcheck template -f xlsx``: a workbook an M&E officer fills in with Excel or LibreOffice,
and the reader that turns a filled one back into a submission (FORMAT.md §6.10, §6.11).

Layout (one place: the constants below; the reader uses the same ones):

- ``Instructions``: how to fill it in, in the chosen language.
- ``Subject``: one row per header field (subject, subject_id, period, reference_period,
  assessor, date, then ``meta__<field>`` for every ``subject_fields`` entry). Column A is the key,
  B the label, C the value (the only unlocked column), D help.
- ``Answers``: one row per indicator under a heading row per section. Columns: id, section,
  text (with "Answer only if ..."), guidance and allowed answers, unit, baseline -> target,
  **answer** (a drop-down of the allowed answers in the language, N/A where allowed, no data),
  **evidence**, **note**, then one column per breakdown category (``sex: female``...) with a
  check that the parts do not exceed the value. Only the bold-headed input cells are unlocked.
- ``Lists`` (hidden): the drop-down entries.
- ``_ledcheck`` (hidden): the marker (``ledcheck-workbook`` in A1), checklist id, version,
  language and the breakdown columns. :func:`is_template_workbook` looks for it.

The workbook holds no formulas: checks are data validations, and any text that a spreadsheet
would read as a formula is stored as text.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import ERROR, WARNING, InputError, LoadError
from ..model import Checklist, Indicator
from .common import (
    MAX_ROWS,
    MAX_WORKBOOK_BYTES,
    NA,
    NO_DATA,
    SUBJECT_KEYS,
    CellProblem,
    CellValueError,
    answer,
    choices,
    coerce,
    entry,
    field_attr,
    fmt_num,
    option_ids,
    option_label,
    parse_number,
    subject_fields,
    text_in,
    words,
)

MARKER = "ledcheck-workbook"
LAYOUT = 1
META_SHEET = "_ledcheck"
INSTRUCTIONS, SUBJECT, ANSWERS, LISTS = "Instructions", "Subject", "Answers", "Lists"

# Answers columns (1-based)
C_ID, C_SECTION, C_TEXT, C_GUIDANCE, C_UNIT, C_TARGETS, C_VALUE, C_EVIDENCE, C_NOTE, C_BASELINE, C_TARGET = range(1, 12)
C_BY = 12
# Subject columns
S_KEY, S_LABEL, S_VALUE, S_HELP = 1, 2, 3, 4

MAX_ZIP_ENTRIES = 2000
MAX_RATIO = 200
"""A member that expands more than this many times its compressed size is a zip bomb."""

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_UI = {
    "en": {
        "title": "ledcheck workbook: {title}",
        "checklist": "Checklist {id}, version {version}",
        "how": [
            "1. On the Subject sheet, type who or what is assessed (required) and the other details in column C.",
            "2. On the Answers sheet, answer each indicator in the Answer column: pick from the drop-down, "
            "or type a number where a number is asked.",
            "3. Choose 'no data' when the figure was not measured; choose 'not applicable' only where it is offered.",
            "4. Leave a row empty while you have not assessed it: it counts as missing.",
            "5. Rows marked 'Answer only if ...' apply only when that condition holds; otherwise leave them empty.",
            ("6. Write the means of verification in Evidence (required where the guidance says so), and any "
             "remark in Note."),
            "7. Breakdown cells (e.g. female / male) are optional; their sum may not exceed the value.",
            "8. For several options, type their ids separated by commas (e.g. finance, training).",
            "Grey cells are locked: they hold the checklist. Type values, not formulas.",
            "When done: ledcheck validate FILE.xlsx, ledcheck score FILE.xlsx, "
            "or ledcheck import FILE.xlsx -o submissions/ for a YAML record.",
        ],
        "draft": "Draft translation, not yet reviewed.",
        "field": "Field", "value": "Value", "help": "Help",
        "subject": "Subject (required)", "subject_id": "Subject id", "period": "Period",
        "reference_period": "Reference period", "assessor": "Assessor", "date": "Date",
        "h_subject": "Who or what is assessed: a city, a province, a programme",
        "h_subject_id": "A stable id that matches rounds, e.g. VN-48",
        "h_period": "e.g. 2026-Q1, baseline, midline",
        "h_reference_period": "YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD",
        "h_assessor": "Your name", "h_date": "YYYY-MM-DD",
        "id": "ID", "section": "Section", "text": "Indicator", "guidance": "Guidance and allowed answers",
        "unit": "Unit", "targets": "Baseline \u2192 target", "answer": "Answer", "evidence": "Evidence",
        "note": "Note", "own_baseline": "Own baseline (only if it differs)",
        "own_target": "Own target (only if it differs)", "when": "Answer only if {cond}.",
        "required": "Evidence required.",
        "multi": "Type option ids separated by commas:", "number": "A number", "range": " from {lo} to {hi}",
        "atleast": " of at least {lo}", "atmost": " of at most {hi}",
        "bad_value": "Pick an answer from the list.", "bad_number": "Type a number, or pick N/A or no data.",
        "bad_part": "A part is a number >= 0 and the parts may not add up to more than the value.",
        "text_answer": "Free text (not scored).",
    },
    "vi": {
        "title": "Sổ tính ledcheck: {title}",
        "checklist": "Bộ công cụ {id}, phiên bản {version}",
        "how": [
            "1. Ở trang Subject, nhập đối tượng được đánh giá (bắt buộc) và các thông tin khác vào cột C.",
            ("2. Ở trang Answers, trả lời từng chỉ số ở cột Câu trả lời: chọn trong danh sách, hoặc nhập số khi "
             "được hỏi số."),
            "3. Chọn 'không có dữ liệu' khi chưa đo lường; chỉ chọn 'không áp dụng' khi có trong danh sách.",
            "4. Để trống các dòng chưa đánh giá: chúng được tính là chưa trả lời.",
            "5. Dòng có 'Chỉ trả lời nếu ...' chỉ áp dụng khi điều kiện đúng; nếu không, để trống.",
            "6. Ghi nguồn kiểm chứng vào cột Bằng chứng và nhận xét vào cột Ghi chú.",
            "7. Các ô phân tách (nữ / nam) không bắt buộc; tổng không được vượt quá giá trị.",
            "8. Với nhiều lựa chọn, nhập mã, cách nhau bằng dấu phẩy.",
            "Các ô màu xám bị khóa. Nhập giá trị, không nhập công thức.",
            ("Sau khi điền: ledcheck validate FILE.xlsx, ledcheck score FILE.xlsx, hoặc ledcheck import FILE.xlsx "
             "-o submissions/."),
        ],
        "draft": "Bản dịch nháp, chưa được rà soát.",
        "field": "Mục", "value": "Giá trị", "help": "Hướng dẫn",
        "subject": "Đối tượng đánh giá (bắt buộc)", "subject_id": "Mã đối tượng", "period": "Kỳ đánh giá",
        "reference_period": "Kỳ tham chiếu", "assessor": "Người đánh giá", "date": "Ngày",
        "h_subject": "Thành phố, tỉnh hoặc chương trình được đánh giá",
        "h_subject_id": "Mã cố định để ghép các đợt, ví dụ VN-48", "h_period": "ví dụ 2026-Q1, baseline",
        "h_reference_period": "YYYY, YYYY-MM, YYYY-Qn hoặc YYYY-MM-DD/YYYY-MM-DD",
        "h_assessor": "Họ tên", "h_date": "YYYY-MM-DD",
        "id": "Mã", "section": "Lĩnh vực", "text": "Chỉ số", "guidance": "Hướng dẫn và câu trả lời hợp lệ",
        "unit": "Đơn vị", "targets": "Cơ sở \u2192 chỉ tiêu", "answer": "Câu trả lời", "evidence": "Bằng chứng",
        "note": "Ghi chú", "own_baseline": "Giá trị cơ sở riêng (nếu khác)",
        "own_target": "Chỉ tiêu riêng (nếu khác)", "when": "Chỉ trả lời nếu {cond}.",
        "required": "Bắt buộc có bằng chứng.",
        "multi": "Nhập mã lựa chọn, cách nhau bằng dấu phẩy:", "number": "Một số", "range": " từ {lo} đến {hi}",
        "atleast": " không nhỏ hơn {lo}", "atmost": " không lớn hơn {hi}",
        "bad_value": "Chọn một câu trả lời trong danh sách.",
        "bad_number": "Nhập một số, hoặc chọn không áp dụng / không có dữ liệu.",
        "bad_part": "Mỗi phần là số >= 0 và tổng các phần không vượt quá giá trị.",
        "text_answer": "Văn bản tự do (không tính điểm).",
    },
}


def ui(lang: str | None) -> dict:
    """The workbook's own words in ``lang`` (English where there is no translation)."""
    base = dict(_UI["en"])
    base.update(_UI.get((lang or "en").split("-")[0], {}))
    return base


# --------------------------------------------------------------------------- helpers

def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", value)
    return value


def put(ws, row: int, col: int, value: Any, *, locked: bool = True, bold: bool = False, wrap: bool = False,
        fill: str | None = None):
    """Write a cell as a value, never a formula: text starting with ``=`` stays text."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    cell = ws.cell(row=row, column=col)
    cell.value = _clean(value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    cell.protection = Protection(locked=locked)
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    return cell


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def by_columns(checklist: Checklist, indicators: list[Indicator]) -> list[tuple[str, str]]:
    """(breakdown, category) pairs used by the indicators, in declaration order."""
    used = []
    for ind in indicators:
        for name in ind.disaggregate:
            if name not in used:
                used.append(name)
    return [(name, str(cat)) for name in used for cat in checklist.disaggregations.get(name, ())]


def _indicators(checklist: Checklist, profile: str | None) -> list[Indicator]:
    """The indicators a workbook or form asks: all, or those of ``profile`` (FORMAT.md §6.6;
    an unknown profile raises :class:`ledcheck.profiles.UnknownProfileError`, exit 2)."""
    inds = list(checklist.indicators.values())
    if profile:
        from ..profiles import select
        sel = select(checklist, profile)
        if sel is not None:
            inds = [i for i in inds if i.id in sel.indicators]
    return inds


def draft_note(checklist: Checklist, lang: str | None) -> str | None:
    """"Draft translation" in ``lang`` when that language comes from a draft PO file, or when
    ledcheck's own words in it are a draft (``ledcheck.i18n.DRAFT``: Thai, Indonesian).

    The notice is in the reader's language; where it comes from the draft catalogue (so it is
    itself unreviewed) the English notice follows it, so that whoever reads the workbook,
    and whatever the draft got wrong, the warning is understood."""
    from ..i18n import is_draft as words_draft
    from .po import is_draft
    if lang and (is_draft(checklist, lang) or words_draft(lang)):
        words = ui(lang)
        if "draft" in _UI.get((lang or "en").split("-")[0], {}):
            return words["draft"]
        from ..i18n import DRAFT_NOTICE, tr
        english = str(_UI["en"]["draft"])
        notice = tr(DRAFT_NOTICE, lang)
        if notice == DRAFT_NOTICE:              # no translation of the notice: English alone
            return english
        return f"{notice[:1].upper()}{notice[1:]} ({english.rstrip('.')})"
    return None


# --------------------------------------------------------------------------- writer

def write_template(checklist: Checklist, out: str | os.PathLike | IO[bytes], lang: str | None = None,
                   profile: str | None = None, header: dict[str, Any] | None = None) -> None:
    """Write the blank workbook for ``checklist`` in ``lang`` to a path or binary stream
    (``header``: Subject values filled in, see :func:`build_template`)."""
    wb = build_template(checklist, lang, profile, header)
    if isinstance(out, (str, os.PathLike)):
        from ..yamlio import open_output
        with open_output(out) as fh:
            wb.save(fh)
    else:
        wb.save(out)


def build_template(checklist: Checklist, lang: str | None = None, profile: str | None = None,
                   header: dict[str, Any] | None = None):
    """The blank workbook as an openpyxl ``Workbook`` (see the module docstring for its layout).

    ``header`` fills in Subject values by key (``subject``, ``period``, ... or ``meta__<field>``),
    as ``template --subject NAME`` does for the YAML template; None or "" leaves a cell blank,
    a key with no Subject row is ignored. The cells stay editable."""
    from openpyxl import Workbook
    lang = checklist.pick_lang(lang)
    w = ui(lang)
    inds = _indicators(checklist, profile)
    wb = Workbook()
    ins = wb.active
    ins.title = INSTRUCTIONS
    subj = wb.create_sheet(SUBJECT)
    ans = wb.create_sheet(ANSWERS)
    lists = wb.create_sheet(LISTS)
    meta = wb.create_sheet(META_SHEET)
    lists.sheet_state = "hidden"
    meta.sheet_state = "hidden"
    lists_col = [0]

    def list_range(entries: list[str]) -> str:
        from openpyxl.utils import get_column_letter
        lists_col[0] += 1
        c = lists_col[0]
        for r, e in enumerate(entries, 1):
            put(lists, r, c, e)
        letter = get_column_letter(c)
        return f"{LISTS}!${letter}$1:${letter}${max(len(entries), 1)}"

    _instructions(ins, checklist, lang, w)
    _subject_sheet(subj, checklist, lang, w, list_range, header or {})
    cols = by_columns(checklist, inds)
    _answers_sheet(ans, checklist, inds, lang, w, cols, list_range)

    put(meta, 1, 1, MARKER)
    put(meta, 1, 2, LAYOUT)
    rows = [("checklist", checklist.id), ("checklist_version", checklist.version), ("lang", lang),
            ("profile", profile or "")]
    for r, (k, v) in enumerate(rows, 2):
        put(meta, r, 1, k)
        put(meta, r, 2, v)
    for i, (name, cat) in enumerate(cols):
        put(meta, 2 + len(rows) + i, 1, "by")
        put(meta, 2 + len(rows) + i, 2, C_BY + i)
        put(meta, 2 + len(rows) + i, 3, name)
        put(meta, 2 + len(rows) + i, 4, cat)
    for ws in (ins, subj, ans, lists, meta):
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    wb.active = 0
    return wb


def _instructions(ws, checklist: Checklist, lang: str, w: dict) -> None:
    put(ws, 1, 1, w["title"].format(title=checklist.title.get(lang)), bold=True)
    put(ws, 2, 1, w["checklist"].format(id=checklist.id, version=checklist.version))
    r = 3
    draft = draft_note(checklist, lang)
    if draft:
        put(ws, r, 1, draft, bold=True, fill="FFF2CC")
        r += 1
    r += 1
    for line in w["how"]:
        put(ws, r, 1, line, wrap=True)
        r += 1
    ws.column_dimensions["A"].width = 120


def _header_value(key: str, value: Any) -> Any:
    """A given Subject value as its cell holds it: a ``date`` in ISO form as a date (the cell
    is formatted as one), "" as blank, anything else as given (``put`` keeps ``=...`` text)."""
    if value is None or value == "":
        return None
    if key == "date" and isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def _subject_rows(checklist: Checklist, lang: str, w: dict) -> list[tuple[str, str, str, Any]]:
    """(key, label, help, field or None) per Subject row."""
    rows: list[tuple[str, str, str, Any]] = [(k, w[k], w["h_" + k], None) for k in SUBJECT_KEYS]
    for f in subject_fields(checklist):
        fid = str(field_attr(f, "id"))
        label = text_in(field_attr(f, "label"), lang) or fid
        if field_attr(f, "required"):
            label += " *"
        typ = field_attr(f, "type", "text")
        helps = []
        if typ == "number":
            lo, hi = field_attr(f, "min"), field_attr(f, "max")
            helps.append(w["number"] + (w["range"].format(lo=fmt_num(lo), hi=fmt_num(hi)) if lo is not None
                                        and hi is not None else w["atleast"].format(lo=fmt_num(lo)) if lo
                                        is not None else w["atmost"].format(hi=fmt_num(hi)) if hi is not None
                                        else ""))
        rows.append((f"meta__{fid}", label, " ".join(helps), f))
    return rows


def _subject_sheet(ws, checklist: Checklist, lang: str, w: dict, list_range,
                   header: dict[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation
    grey = "EEEEEE"
    for c, h in ((S_KEY, "key"), (S_LABEL, w["field"]), (S_VALUE, w["value"]), (S_HELP, w["help"])):
        put(ws, 1, c, h, bold=True, fill=grey)
    for r, (key, label, hlp, f) in enumerate(_subject_rows(checklist, lang, w), 2):
        put(ws, r, S_KEY, key, fill=grey)
        put(ws, r, S_LABEL, label, bold=key == "subject", fill=grey)
        cell = put(ws, r, S_VALUE, _header_value(key, header.get(key)), locked=False)
        if key != "date" and (f is None or field_attr(f, "type") != "number"):
            cell.number_format = "@"   # text as typed: Excel must not turn 2026-03 into a date
        if key == "date":
            cell.number_format = "yyyy-mm-dd"
            dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", error=w["h_date"])
            dv.add(cell.coordinate)
            ws.add_data_validation(dv)
        put(ws, r, S_HELP, hlp, wrap=True, fill=grey)
        if f is not None and field_attr(f, "type") == "choice":
            entries = [entry(o, option_label(f, o, lang)) for o in option_ids(f)]
            dv = DataValidation(type="list", formula1=list_range(entries), allow_blank=True)
            dv.add(ws.cell(row=r, column=S_VALUE).coordinate)
            ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 32
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].width = 60


def _guidance(ind: Indicator, checklist: Checklist, lang: str, w: dict) -> str:
    parts = []
    if ind.guidance is not None:
        parts.append(ind.guidance.get(lang))
    if ind.type == "levels":
        for lv in ind.levels:
            line = entry(lv.value, lv.label.get(lang) if lv.label else "")
            if lv.description is not None:
                line += ": " + lv.description.get(lang)
            parts.append(line)
    elif ind.type == "multi":
        parts.append(w["multi"] + " " + ", ".join(entry(o.id, o.label.get(lang) if o.label else "")
                                                   for o in ind.options))
    elif ind.type == "number":
        lo, hi = ind.min, ind.max
        rng = (w["range"].format(lo=fmt_num(lo), hi=fmt_num(hi)) if lo is not None and hi is not None
               else w["atleast"].format(lo=fmt_num(lo)) if lo is not None
               else w["atmost"].format(hi=fmt_num(hi)) if hi is not None else "")
        parts.append(w["number"] + rng + ".")
    elif ind.type == "text":
        parts.append(w["text_answer"])
    if ind.evidence == "required":
        parts.append(w["required"])
    return "\n".join(p for p in parts if p)


_OPS = {"==": "=", "!=": "\u2260", "<": "<", "<=": "\u2264", ">": ">", ">=": "\u2265"}
_JOIN = {"en": ("and", "or"), "vi": ("và", "hoặc"), "id": ("dan", "atau"), "th": ("และ", "หรือ")}


def readable_when(expr, checklist: Checklist, lang: str | None) -> str:
    """A ``when`` condition as an officer reads it: ``ST1 ≥ 2 (Started)``, ``FI2 ≠ no``, with the
    answers' labels and joining words in ``lang``."""
    from ..expr import And, Compare
    if isinstance(expr, Compare):
        ref = checklist.indicators.get(expr.ident)
        lit = expr.literal
        if lit is True or lit is False:
            shown = words(lang)["yes" if lit else "no"]
        elif isinstance(lit, str):
            shown = words(lang).get(lit, lit) if lit == "partial" else lit
            opt = ref.option(lit) if ref is not None else None
            if opt is not None and opt.label is not None:
                shown = f"{lit} ({opt.label.get(lang)})"
        else:
            shown = fmt_num(lit)
            lv = ref.level(lit) if ref is not None and ref.type == "levels" else None
            if lv is not None and lv.label is not None:
                shown += f" ({lv.label.get(lang)})"
        return f"{expr.ident} {_OPS.get(expr.op, expr.op)} {shown}"
    and_word, or_word = _JOIN.get((lang or "en").split("-")[0], _JOIN["en"])
    word = and_word if isinstance(expr, And) else or_word
    parts = [f"({readable_when(e, checklist, lang)})" if not isinstance(e, Compare) else
             readable_when(e, checklist, lang) for e in expr.items]
    return f" {word} ".join(parts)


def dropdown(ind: Indicator, lang: str | None) -> list[str]:
    """The drop-down entries of an indicator's answer cell (N/A where allowed, then no data)."""
    w = words(lang)
    out = [entry(code, label) for code, label in choices(ind, lang)]
    if ind.allow_na:
        out.append(entry(NA, w[NA]))
    out.append(entry(NO_DATA, w[NO_DATA]))
    return out


def _answers_sheet(ws, checklist: Checklist, inds: list[Indicator], lang: str, w: dict,
                   cols: list[tuple[str, str]], list_range) -> None:
    from openpyxl.utils import get_column_letter
    grey, head = "EEEEEE", "D9E1F2"
    headers = [w["id"], w["section"], w["text"], w["guidance"], w["unit"], w["targets"], w["answer"],
               w["evidence"], w["note"], w["own_baseline"], w["own_target"]] + [f"{cat} ({name})"
                                                                               for name, cat in cols]
    for c, h in enumerate(headers, 1):
        put(ws, 1, c, h, bold=True, fill=head, wrap=True)
    titles = {s.id: s.title.get(lang) for s in checklist.walk_sections()}
    wanted = {i.id for i in inds}
    r = 2
    for sec in checklist.walk_sections():
        own = [i for i in sec.indicators if i.id in wanted]
        if not own:
            continue
        put(ws, r, C_SECTION, titles[sec.id], bold=True, fill=grey)
        for c in range(1, len(headers) + 1):
            if c != C_SECTION:
                put(ws, r, c, None, fill=grey)
        r += 1
        for ind in own:
            _answer_row(ws, r, ind, checklist, lang, w, cols, titles, list_range, grey)
            r += 1
    ws.freeze_panes = "D2"
    widths = {C_ID: 8, C_SECTION: 22, C_TEXT: 60, C_GUIDANCE: 60, C_UNIT: 10, C_TARGETS: 14, C_VALUE: 28,
              C_EVIDENCE: 36, C_NOTE: 30, C_BASELINE: 14, C_TARGET: 14}
    for c in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(c, 12)


def _answer_row(ws, r: int, ind: Indicator, checklist: Checklist, lang: str, w: dict,
                cols: list[tuple[str, str]], titles: dict, list_range, grey: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    text = ind.text.get(lang)
    if ind.when_source:
        cond = readable_when(ind.when, checklist, lang) if ind.when is not None else ind.when_source
        text += "\n\u2192 " + w["when"].format(cond=cond)
    put(ws, r, C_ID, ind.id, fill=grey, bold=True)
    put(ws, r, C_SECTION, titles.get(ind.section, ind.section), fill=grey, wrap=True)
    put(ws, r, C_TEXT, text, fill=grey, wrap=True)
    put(ws, r, C_GUIDANCE, _guidance(ind, checklist, lang, w), fill=grey, wrap=True)
    put(ws, r, C_UNIT, ind.unit or "", fill=grey)
    targets = (f"{fmt_num(ind.baseline)} \u2192 {fmt_num(ind.target)}"
               if ind.type == "number" and ind.target is not None else "")
    put(ws, r, C_TARGETS, targets, fill=grey)
    for c in (C_VALUE, C_EVIDENCE, C_NOTE):
        cell = put(ws, r, c, None, locked=False, wrap=True)
        if c != C_VALUE or ind.type == "text":
            cell.number_format = "@"   # text as typed ("12/2025" stays text, not a date)
    for c in (C_BASELINE, C_TARGET):
        if ind.type == "number":
            put(ws, r, c, None, locked=False)
            dv = DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
                                allow_blank=True, showErrorMessage=True, errorStyle="stop", error=w["bad_number"])
            dv.add(f"{get_column_letter(c)}{r}")
            ws.add_data_validation(dv)
        else:
            put(ws, r, c, None, fill=grey)
    value_ref = f"{get_column_letter(C_VALUE)}{r}"
    if ind.type in ("levels", "yesno", "choice"):
        dv = DataValidation(type="list", formula1=list_range(dropdown(ind, lang)), allow_blank=True,
                            showErrorMessage=True, errorStyle="stop", error=w["bad_value"])
        dv.add(value_ref)
        ws.add_data_validation(dv)
    elif ind.type == "number":
        ww = words(lang)
        conds = [f"ISNUMBER({value_ref})"]
        if ind.min is not None:
            conds.append(f"{value_ref}>={fmt_num(ind.min)}")
        if ind.max is not None:
            conds.append(f"{value_ref}<={fmt_num(ind.max)}")
        alts = [f"AND({','.join(conds)})"]
        words_ok = [entry(NO_DATA, ww[NO_DATA]), NO_DATA]
        if ind.allow_na:
            words_ok += [entry(NA, ww[NA]), NA]
        alts += [f"{value_ref}={_quote(x)}" for x in words_ok]
        dv = DataValidation(type="custom", formula1=f"OR({','.join(alts)})", allow_blank=True,
                            showErrorMessage=True, errorStyle="stop", error=w["bad_number"],
                            showInputMessage=True, prompt=", ".join(words_ok[::2]))
        dv.add(value_ref)
        ws.add_data_validation(dv)
    # breakdown cells: unlocked only for the categories this indicator takes
    groups: dict[str, list[int]] = {}
    for i, (name, _cat) in enumerate(cols):
        c = C_BY + i
        if name in ind.disaggregate:
            put(ws, r, c, None, locked=False)
            groups.setdefault(name, []).append(c)
        else:
            put(ws, r, c, None, fill=grey)
    for cs in groups.values():
        first, last = get_column_letter(cs[0]), get_column_letter(cs[-1])
        for c in cs:
            ref = f"{get_column_letter(c)}{r}"
            dv = DataValidation(type="custom", allow_blank=True, showErrorMessage=True, errorStyle="stop",
                                error=w["bad_part"],
                                formula1=f"AND(ISNUMBER({ref}),{ref}>=0,SUM(${first}{r}:${last}{r})<=${value_ref})")
            dv.add(ref)
            ws.add_data_validation(dv)


# --------------------------------------------------------------------------- marker

def _zip_ok(path: str | os.PathLike, limit: int = MAX_WORKBOOK_BYTES) -> zipfile.ZipFile:
    """Open a workbook's zip after checking it cannot expand past ``limit`` (a zip bomb)."""
    name = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(f"not an .xlsx workbook (not a zip file: {exc})", name) from None
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        zf.close()
        raise LoadError(f"the workbook holds {len(infos):,} parts, over the limit of {MAX_ZIP_ENTRIES:,}", name)
    total = sum(i.file_size for i in infos)
    if total > limit:
        zf.close()
        raise LoadError(f"the workbook expands to {total:,} bytes, over the limit of {limit:,} bytes "
                        "uncompressed", name)
    for i in infos:
        if i.compress_size and i.file_size > 1_000_000 and i.file_size / i.compress_size > MAX_RATIO:
            zf.close()
            raise LoadError(f"part {i.filename!r} expands {i.file_size // i.compress_size}-fold: refused as a "
                            "zip bomb", name)
    return zf


def _bounded_read(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    """Read a zip member, stopping past ``limit`` bytes whatever its header claims."""
    with zf.open(member) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise LoadError(f"part {member!r} is larger than its header says", zf.filename or "")
    return data


def is_template_workbook(path: str | os.PathLike) -> bool:
    """True when ``path`` is a workbook written by ``template -f xlsx`` (it has the hidden
    ``_ledcheck`` sheet). Cheap: reads only the workbook's sheet list; never raises."""
    try:
        if not zipfile.is_zipfile(path):
            return False
        with _zip_ok(path) as zf:
            info = zf.getinfo("xl/workbook.xml")
            xml = _bounded_read(zf, "xl/workbook.xml", min(info.file_size, 5_000_000))
    except Exception:  # noqa: BLE001 - any unreadable file is simply not ours
        return False
    return re.search(rb'<(?:\w+:)?sheet\b[^>]*\bname="' + META_SHEET.encode() + rb'"', xml) is not None


# --------------------------------------------------------------------------- reader

@dataclass
class WorkbookSubmission:
    """A filled workbook read back: the submission ``data`` (as its YAML would hold it), the cell
    of every value (``cells["answers.ST1"] == "Answers!G5"``) and the cells that could not be read."""

    data: dict
    source: str
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    lang: str | None = None

    @property
    def checklist_id(self) -> str | None:
        v = self.data.get("checklist")
        return v if isinstance(v, str) else None

    def cell_of(self, path: str) -> str | None:
        """The cell of a dotted problem path (``answers.ST1.by.sex``), by its longest known prefix."""
        p = path
        while p:
            if p in self.cells:
                return self.cells[p]
            cut = max(p.rfind("."), p.rfind("["))
            if cut <= 0:
                break
            p = p[:cut]
        return None

    def locate(self, problem) -> CellProblem:
        """A result problem (``ledcheck.errors.Problem``) placed at its cell."""
        return CellProblem(problem.severity, problem.message, self.source, self.cell_of(problem.path) or None,
                           path=problem.path, rule=problem.rule)


def peek(path: str | os.PathLike) -> dict[str, Any]:
    """The marker values (checklist, checklist_version, lang, profile) of a template workbook,
    without reading its answers; raises :class:`LoadError` when it is not one."""
    wb = _open(path, MAX_WORKBOOK_BYTES)
    try:
        return _marker(wb, str(path))
    finally:
        wb.close()


def _open(path, limit: int, data_only: bool = False):
    from openpyxl import load_workbook
    name = str(path)
    _zip_ok(path, limit).close()
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=data_only, read_only=False, keep_links=False)
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise LoadError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"[:300], name) from None


def _marker(wb, name: str) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames or wb[META_SHEET].cell(1, 1).value != MARKER:
        raise LoadError("not a ledcheck workbook (make one with: ledcheck template -f xlsx -o FILE.xlsx)", name)
    ws = wb[META_SHEET]
    out: dict[str, Any] = {"by": []}
    for row in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 500), max_col=4, values_only=True):
        key = row[0]
        if key == "by":
            out["by"].append((row[1], str(row[2]), str(row[3])))
        elif isinstance(key, str):
            out[key] = "" if row[1] is None else str(row[1])
    return out


def read_workbook(path: str | os.PathLike, checklist: Checklist | None = None, *,
                  resolver=None, max_bytes: int = MAX_WORKBOOK_BYTES, max_rows: int = MAX_ROWS,
                  lang: str | None = None) -> WorkbookSubmission:
    """Read a filled template workbook into a submission.

    The checklist is ``checklist``, else ``resolver(id)`` for the id in the workbook's marker
    (a :class:`ledcheck.library.Resolver`), else the available checklist of that id. Cells that
    cannot be read are reported at their cell and left out; the rest is read. Raises
    :class:`LoadError` / :class:`InputError` for a file that is not such a workbook at all.
    """
    name = str(path)
    wb = _open(path, max_bytes)
    try:
        mark = _marker(wb, name)
        if checklist is None:
            checklist = checklist_of_marker(mark, resolver)
        lang = lang or mark.get("lang") or None
        sub = WorkbookSubmission({"ledcheck": 1, "checklist": mark.get("checklist") or checklist.id},
                                 name, lang=lang)
        if mark.get("checklist_version"):
            sub.data["checklist_version"] = mark["checklist_version"]
        if mark.get("profile"):
            sub.data["profile"] = mark["profile"]
        reader = _Reader(wb, sub, checklist, lang, max_rows)
        reader.layout_lang = mark.get("lang") or None
        reader.read(mark["by"])
        if reader.formulas:
            cached = _open(path, max_bytes, data_only=True)
            try:
                reader.resolve_formulas(cached)
            finally:
                cached.close()
        reader.finish()
        return sub
    finally:
        wb.close()


def checklist_of_marker(mark: dict, resolver=None) -> Checklist:
    """The checklist the workbook's marker names, by id (and version when available): the
    marker is untrusted, so never a path (FORMAT.md §5: a submission names its checklist by id)."""
    cid = mark.get("checklist")
    version = mark.get("checklist_version") or None
    version = None if version is None else str(version)
    if resolver is not None:
        return resolver(cid, version)
    from ..library import load_id
    if not isinstance(cid, str) or not cid:
        from ..errors import UnknownChecklistError
        raise UnknownChecklistError("the workbook names no checklist id; pass --checklist")
    return load_id(cid, version)


class _Reader:
    """One pass over the Subject and Answers sheets, collecting values, cells and problems."""

    def __init__(self, wb, sub: WorkbookSubmission, checklist: Checklist, lang: str | None, max_rows: int):
        self.wb, self.sub, self.checklist, self.lang, self.max_rows = wb, sub, checklist, lang, max_rows
        self.formulas: list[tuple[str, int, int, Any, str]] = []   # (sheet, row, col, setter, path)
        self.answers: dict[str, dict] = {}
        self.meta: dict[str, Any] = {}
        self.reported: set[str] = set()
        self.layout_lang: str | None = lang    # the language the template was written in

    def problem(self, ws_title: str, row: int, col: int, message: str, path: str = "",
                severity: str = ERROR) -> None:
        from openpyxl.utils import get_column_letter
        self.sub.problems.append(CellProblem(severity, message, self.sub.source,
                                             f"{ws_title}!{get_column_letter(col)}{row}", path=path))

    def sheet(self, title: str):
        if title not in self.wb.sheetnames:
            self.sub.problems.append(CellProblem(ERROR, f"the workbook has no '{title}' sheet; "
                                                 "make a new one with ledcheck template -f xlsx",
                                                 self.sub.source))
            return None
        ws = self.wb[title]
        if ws.max_row > self.max_rows + 1 or ws.max_column > 1000:
            self.sub.problems.append(CellProblem(ERROR, f"the '{title}' sheet has {ws.max_row:,} rows and "
                                                 f"{ws.max_column:,} columns, over the limit of "
                                                 f"{self.max_rows:,} rows", self.sub.source, f"{title}!A1"))
            return None
        return ws

    def merged(self, ws) -> dict[tuple[int, int], str]:
        """Every cell inside a merged range -> the range, e.g. ``G5:H5``."""
        out = {}
        for rng in ws.merged_cells.ranges:
            if (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1) > 100_000:
                continue
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    out[(r, c)] = rng.coord
        return out

    def value(self, ws, merged: dict, row: int, col: int, setter, path: str) -> None:
        """Read one input cell and hand its value to ``setter``; formulas wait for cached values."""
        cell = ws.cell(row=row, column=col)
        if (row, col) in merged:
            rng = merged[(row, col)]
            if rng not in self.reported:
                self.reported.add(rng)
                self.problem(ws.title, row, col, f"merged cells {rng}: unmerge them; each value has its own "
                                                 "cell (not read)", path)
            return
        v = cell.value
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and cell.data_type != "s"):
            self.formulas.append((ws.title, row, col, setter, path))
            return
        if v is None:
            return
        self.sub.cells[path] = f"{ws.title}!{cell.coordinate}"
        setter(v, ws.title, row, col, path)

    def resolve_formulas(self, cached_wb) -> None:
        for title, row, col, setter, path in self.formulas:
            v = cached_wb[title].cell(row=row, column=col).value
            if v is None:
                self.problem(title, row, col, "this cell holds a formula with no saved value: type the value, "
                                              "not a formula", path)
                continue
            from openpyxl.utils import get_column_letter
            self.sub.cells[path] = f"{title}!{get_column_letter(col)}{row}"
            setter(v, title, row, col, path)

    # ---------------------------------------------------------------- sheets

    def read(self, by_cols: list[tuple]) -> None:
        self.read_subject()
        self.read_answers(by_cols)

    def read_subject(self) -> None:
        ws = self.sheet(SUBJECT)
        if ws is None:
            return
        merged = self.merged(ws)
        fields = {f"meta__{field_attr(f, 'id')}": f for f in subject_fields(self.checklist)}
        for row in range(2, ws.max_row + 1):
            key = ws.cell(row=row, column=S_KEY).value
            if not isinstance(key, str) or not key:
                continue
            if key in SUBJECT_KEYS:
                self.value(ws, merged, row, S_VALUE, self.set_header, key)
            elif key.startswith("meta__"):
                fid, spec = key[len("meta__"):], fields.get(key)
                self.value(ws, merged, row, S_VALUE,
                           lambda v, t, r, c, p, f=spec, fid=fid: self.set_meta(fid, f, v, t, r, c, p),
                           f"meta.{fid}")

    def set_header(self, v, title, row, col, key) -> None:
        if isinstance(v, _dt.datetime):
            v = v.date().isoformat() if key == "date" or (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
        elif isinstance(v, _dt.date):
            v = v.isoformat()
        elif isinstance(v, bool):
            v = "yes" if v else "no"
        elif isinstance(v, float):
            v = fmt_num(v)
        elif isinstance(v, (int,)):
            v = str(v)
        elif isinstance(v, str):
            v = v.strip()
            if not v:
                return
        else:
            self.problem(title, row, col, f"{key}: unreadable value", key)
            return
        self.sub.data[key] = v

    def set_meta(self, fid: str, f, v, title, row, col, path) -> None:
        try:
            self.meta[fid] = meta_value(f, v, self.lang)
        except CellValueError as exc:
            self.problem(title, row, col, f"{fid}: {exc}", path)

    def layout_ok(self, ws, by_cols: list[tuple]) -> bool:
        """The Answers columns are where the template put them (a column inserted or deleted in an
        unprotected sheet would shift every value into the wrong field)."""
        from openpyxl.utils import get_column_letter
        w = ui(self.layout_lang)
        expected = {C_ID: w["id"], C_VALUE: w["answer"], C_EVIDENCE: w["evidence"], C_NOTE: w["note"]}
        expected.update({col: f"{cat} ({name})" for col, name, cat in by_cols if isinstance(col, int)})
        for col, text in expected.items():
            if ws.cell(row=1, column=col).value != text:
                self.problem(ANSWERS, 1, col, f"column {get_column_letter(col)} should be headed '{text}': the "
                                              "columns were moved, so the sheet is not read; fill in a fresh "
                                              "template (ledcheck template -f xlsx)")
                return False
        return True

    def read_answers(self, by_cols: list[tuple]) -> None:
        ws = self.sheet(ANSWERS)
        if ws is None or not self.layout_ok(ws, by_cols):
            return
        merged = self.merged(ws)
        seen: dict[str, int] = {}
        for row in range(2, ws.max_row + 1):
            iid = ws.cell(row=row, column=C_ID).value
            if iid is None or iid == "":
                continue
            iid = str(iid).strip()
            ind = self.checklist.indicators.get(iid)
            if ind is None:
                if any(ws.cell(row=row, column=c).value not in (None, "") for c in (C_VALUE, C_EVIDENCE, C_NOTE)):
                    self.problem(ANSWERS, row, C_ID, f"unknown indicator '{iid}' (this row is not read)",
                                 f"answers.{iid}")
                continue
            if iid in seen:
                self.problem(ANSWERS, row, C_ID, f"{iid} appears twice (first in row {seen[iid]}); "
                                                 "this row is not read", f"answers.{iid}")
                continue
            seen[iid] = row
            slot: dict[str, Any] = {}
            self.answers[iid] = slot
            base = f"answers.{iid}"
            self.value(ws, merged, row, C_VALUE, lambda v, t, r, c, p, ind=ind, slot=slot:
                       self.set_value(ind, slot, v, t, r, c, p), base)
            for col, key in ((C_EVIDENCE, "evidence"), (C_NOTE, "note")):
                self.value(ws, merged, row, col, lambda v, t, r, c, p, slot=slot, key=key:
                           self.set_text(slot, key, v), f"{base}.{key}")
            for col, key in ((C_BASELINE, "baseline"), (C_TARGET, "target")):
                if ind.type == "number":
                    self.value(ws, merged, row, col, lambda v, t, r, c, p, slot=slot, key=key:
                               self.set_override(slot, key, v, t, r, c, p), f"{base}.{key}")
            for col, name, cat in by_cols:
                if not isinstance(col, int) or col < C_BY or col > C_BY + 500:
                    continue
                path = f"{base}.by.{name}.{cat}"
                cell = ws.cell(row=row, column=col)
                if name not in ind.disaggregate:
                    if cell.value not in (None, ""):
                        self.problem(ANSWERS, row, col, f"{iid} is not broken down by {name}; this cell is "
                                                        "not read", path, WARNING)
                    continue
                self.value(ws, merged, row, col, lambda v, t, r, c, p, slot=slot, name=name, cat=cat:
                           self.set_part(slot, name, cat, v, t, r, c, p), path)

    def set_value(self, ind: Indicator, slot: dict, v, title, row, col, path) -> None:
        try:
            value = coerce(ind, v, self.lang)
        except CellValueError as exc:
            self.problem(title, row, col, str(exc), path)
            return
        if value is not None:
            slot["value"] = value

    def set_text(self, slot: dict, key: str, v) -> None:
        if isinstance(v, _dt.datetime):
            v = v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
        elif isinstance(v, _dt.date):
            v = v.isoformat()
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            v = fmt_num(v)
        v = str(v).strip()
        if v:
            slot[key] = v

    def set_override(self, slot: dict, key: str, v, title, row, col, path) -> None:
        try:
            if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                raise CellValueError("must be a number")
            from .common import tidy_number
            num = tidy_number(v) if isinstance(v, (int, float)) else parse_number(v, self.lang)
        except CellValueError as exc:
            self.problem(title, row, col, f"{key}: {exc}", path)
            return
        slot[key] = num

    def set_part(self, slot: dict, name: str, cat: str, v, title, row, col, path) -> None:
        try:
            if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                raise CellValueError("a part must be a number")
            num = v if isinstance(v, (int, float)) else parse_number(v, self.lang)
            if isinstance(num, str):
                raise CellValueError("a part must be a number")
        except CellValueError as exc:
            self.problem(title, row, col, f"{cat} ({name}): {exc}", path)
            return
        from .common import tidy_number
        slot.setdefault("by", {}).setdefault(name, {})[cat] = tidy_number(num)
        cell = self.sub.cells.get(path)
        if cell:   # a problem with the breakdown as a whole points at its first part
            self.sub.cells.setdefault(path.rsplit(".", 1)[0], cell)
            self.sub.cells.setdefault(path.rsplit(".", 2)[0], cell)

    def finish(self) -> None:
        answers = {}
        for iid, slot in self.answers.items():
            if not slot:
                continue
            if "value" not in slot:
                if slot.get("by"):
                    cell = self.sub.cells.get(f"answers.{iid}.by")
                    self.sub.problems.append(CellProblem(ERROR, f"{iid} has breakdown parts but no value; "
                                                         "the parts are not read", self.sub.source,
                                                         _first_cell(self.sub.cells, f"answers.{iid}.by") or cell,
                                                         path=f"answers.{iid}"))
                    slot.pop("by")
                if not slot:
                    continue
                answers[iid] = {"value": None, **slot}
                continue
            answers[iid] = answer(slot["value"], slot.get("evidence"), slot.get("note"), slot.get("by"),
                                  baseline=slot.get("baseline"), target=slot.get("target"))
        if self.meta:
            self.sub.data["meta"] = self.meta
        self.sub.data["answers"] = answers
        for iid in answers:
            self.sub.cells.setdefault(f"answers.{iid}", self.sub.cells.get(f"answers.{iid}.evidence") or
                                      self.sub.cells.get(f"answers.{iid}.note") or "")
        self.sub.problems.sort(key=_cell_order)


def score_workbook(path: str | os.PathLike, resolver=None, *, checklist: Checklist | None = None,
                   lang: str | None = None, max_bytes: int = MAX_WORKBOOK_BYTES,
                   profile: str | None = None):
    """Read and score a filled workbook, for ``score`` and ``validate`` (FORMAT.md §6.10).

    Returns ``(result, problems)``: the :class:`~ledcheck.scoring.Result` and every problem --
    unreadable cells and the scorer's own -- as :class:`CellProblem` at its cell (``Answers!G12``),
    in cell order. The result's JSON (``result.to_dict()``) should take
    ``[p.to_dict(rule=False) for p in problems]`` as its ``problems``. Raises
    :class:`LoadError` / :class:`InputError` for a file that is not such a workbook.
    ``profile`` scores under that profile (FORMAT.md §6.6), else the workbook's own.
    """
    from ..scoring import score
    sub = read_workbook(path, checklist, resolver=resolver, max_bytes=max_bytes, lang=lang)
    if checklist is None:
        checklist = checklist_of_marker({"checklist": sub.checklist_id,
                                       "checklist_version": sub.data.get("checklist_version")}, resolver)
    result = score(checklist, sub.data, lang=lang, source=str(path), profile=profile)
    problems = list(sub.problems) + [sub.locate(p) for p in result.problems]
    problems.sort(key=_cell_order)
    return result, problems


def _cell_order(p: CellProblem) -> tuple:
    return p.sort_key()


def result_dict(result, problems: list[CellProblem]) -> dict:
    """The JSON result of a scored workbook (FORMAT.md §4), its problems located by cell."""
    d = result.to_dict()
    d["problems"] = [p.to_dict(rule=False) for p in problems]
    return d


def _first_cell(cells: dict, prefix: str) -> str | None:
    for k, v in cells.items():
        if k.startswith(prefix):
            return v
    return None


def meta_value(f, v, lang: str | None) -> Any:
    """A ``meta`` value read from a cell, typed by its subject field (any scalar without one)."""
    typ = field_attr(f, "type", "text") if f is not None else None
    if isinstance(v, _dt.datetime):
        v = v.date().isoformat()
    elif isinstance(v, _dt.date):
        v = v.isoformat()
    if typ == "number":
        if isinstance(v, bool):
            raise CellValueError("takes a number")
        if isinstance(v, (int, float)):
            from .common import tidy_number
            return tidy_number(v)
        return parse_number(str(v), lang)
    if typ == "choice":
        from .common import code_of
        s = code_of(str(v) if not isinstance(v, float) else fmt_num(v))
        ids = option_ids(f)
        if s in ids:
            return s
        for oid in ids:
            if option_label(f, oid, lang).casefold() == s.casefold():
                return oid
        raise CellValueError(f"takes one of {', '.join(ids)}, not '{s}'")
    if typ == "text" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt_num(v)   # a text field in a cell that a spreadsheet typed as a number ("46")
    if isinstance(v, float):
        from .common import tidy_number
        return tidy_number(v)
    if isinstance(v, str):
        return v.strip()
    return v


__all__ = ["MARKER", "WorkbookSubmission", "build_template", "dropdown", "is_template_workbook", "peek",
           "read_workbook", "result_dict", "score_workbook", "write_template"]
