"""``ledcheck export xlsform``: the checklist as an XLSForm for ODK Collect and KoboToolbox
(FORMAT.md §6.10, §6.11 "Workbooks and forms").

Names map back without guessing (:mod:`.odk` reads them):

- ``subject``, ``subject_id``, ``period``, ``reference_period``, ``assessor``, ``date``,
  ``meta__<field>``: the submission header; ``profile`` (a hidden calculate) when exported with
  ``--profile``.
- a group per section, named by its id; a question per indicator, named by its id, of the
  matching type (levels, yes/no and choice: ``select_one``; multi: ``select_multiple``; number:
  ``decimal``; text: ``text``). Select questions carry ``na`` (where allowed) and ``no_data`` as
  extra choices; a multi also ``__none`` ("none of these", the empty list).
- a number is preceded by ``<id>__status`` (``value`` by default, ``na`` where allowed,
  ``no_data``); the number is asked only for ``value``.
- ``<id>__<category>``: a breakdown part, constrained so the parts do not exceed the value;
  ``<id>__<breakdown>__<category>`` when two breakdowns of the indicator share the category
  (``unknown``), so names stay unique and map back.
- ``<id>__baseline`` and ``<id>__target``: a number's subject-specific baseline and target
  (optional; FORMAT.md §2 answer keys).
- ``<id>__evidence`` and ``<id>__note``.

``relevant`` comes from ``when`` and treats an empty answer as false; constraints come from
``min``/``max``; hints from guidance; labels in every checklist language as
``label::English (en)``; form id and version in ``settings``.
"""
from __future__ import annotations

import os
from typing import IO, Any

from ..errors import LedcheckError
from ..model import Checklist, Indicator, LocalText, Section
from .common import NA, NO_DATA, SUBJECT_KEYS, WORDS, field_attr, fmt_num, option_ids, subject_fields, text_in

NONE_CHOICE = "__none"
STATUS_VALUE = "value"

LANGUAGE_NAMES = {
    "en": "English", "vi": "Vietnamese", "id": "Indonesian", "th": "Thai", "km": "Khmer", "lo": "Lao",
    "ms": "Malay", "my": "Burmese", "fil": "Filipino", "tl": "Tagalog", "zh": "Chinese", "fr": "French",
    "es": "Spanish", "pt": "Portuguese", "de": "German", "ja": "Japanese", "ko": "Korean",
}

_UI = {
    "en": {"subject": "Subject: who or what is assessed", "subject_id": "Subject id (optional)",
           "period": "Reporting period (e.g. 2026-Q1, baseline)",
           "reference_period": "Reference period (YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD)",
           "assessor": "Assessor", "date": "Date of the assessment",
           "status": "{id}: is the figure available?", "evidence": "{id}: evidence (means of verification)",
           "note": "{id}: note", "part": "{id}: {cat} ({name})", "required": "Evidence is required.",
           "own_baseline": "{id}: this subject's own baseline (leave empty to use {b})",
           "own_target": "{id}: this subject's own target (leave empty to use {t})",
           "range": "Must be between {lo} and {hi}.", "atleast": "Must be at least {lo}.",
           "atmost": "Must be at most {hi}.", "sum": "The parts may not add up to more than the value.",
           "alone": "N/A, no data and 'none of these' cannot be combined with other choices.",
           "targets": "Baseline {b}, target {t}.", "unit": "Unit: {u}.",
           "refperiod": "Use YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD."},
    "vi": {"subject": "Đối tượng được đánh giá", "subject_id": "Mã đối tượng (không bắt buộc)",
           "period": "Kỳ đánh giá (ví dụ 2026-Q1, baseline)", "reference_period": "Kỳ tham chiếu",
           "assessor": "Người đánh giá", "date": "Ngày đánh giá",
           "status": "{id}: có số liệu không?", "evidence": "{id}: bằng chứng (nguồn kiểm chứng)",
           "note": "{id}: ghi chú", "part": "{id}: {cat} ({name})", "required": "Bắt buộc có bằng chứng.",
           "own_baseline": "{id}: giá trị cơ sở riêng (để trống nếu là {b})",
           "own_target": "{id}: chỉ tiêu riêng (để trống nếu là {t})",
           "range": "Phải từ {lo} đến {hi}.", "atleast": "Không nhỏ hơn {lo}.", "atmost": "Không lớn hơn {hi}.",
           "sum": "Tổng các phần không được vượt quá giá trị.",
           "alone": "Không áp dụng, không có dữ liệu và 'không có lựa chọn nào' không đi cùng lựa chọn khác.",
           "targets": "Giá trị cơ sở {b}, chỉ tiêu {t}.", "unit": "Đơn vị: {u}.",
           "refperiod": "Dùng YYYY, YYYY-MM, YYYY-Qn hoặc YYYY-MM-DD/YYYY-MM-DD."},
}
_REFPERIOD_RE = (r"^(\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?|\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2})$")


class ExportError(LedcheckError):
    """A checklist that cannot be expressed as an XLSForm (e.g. an id containing ``__``)."""

    rule = "export"


def _w(lang: str, key: str) -> str:
    return _UI.get(lang, {}).get(key) or _UI["en"][key]


def language_column(lang: str) -> str:
    """``English (en)``: XLSForm's language column suffix."""
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


class _Form:
    def __init__(self, checklist: Checklist, selected: set[str] | None):
        self.c = checklist
        self.langs = list(checklist.languages)
        self.selected = selected
        self.survey: list[dict[str, Any]] = []
        self.choices: list[dict[str, Any]] = []
        self.lists: set[str] = set()
        self.names: dict[str, str] = {}

    # ------------------------------------------------------------ helpers

    def labels(self, key: str, make) -> dict[str, str]:
        """``{key::Lang (ll): text}`` for every language; ``make(lang)`` gives the text."""
        return {f"{key}::{language_column(lang)}": make(lang) for lang in self.langs}

    def local(self, t: LocalText | None) -> Any:
        return (lambda lang: t.get(lang) if t is not None else "")

    def name(self, name: str, what: str) -> str:
        if name in self.names:
            raise ExportError(f"the form would have two questions named '{name}' ({self.names[name]} and {what}); "
                              "rename one of them in the checklist", self.c.source)
        self.names[name] = what
        return name

    def choice_list(self, list_name: str, items: list[tuple[str, Any]]) -> str:
        if list_name in self.lists:
            return list_name
        self.lists.add(list_name)
        for code, make in items:
            self.choices.append({"list_name": list_name, "name": code, **self.labels("label", make)})
        return list_name

    def row(self, typ: str, name: str, what: str, label, **extra) -> dict:
        r = {"type": typ, "name": self.name(name, what), **self.labels("label", label)}
        r.update({k: v for k, v in extra.items() if v not in (None, "")})
        self.survey.append(r)
        return r

    # ------------------------------------------------------------ build

    def build(self) -> None:
        self.subject()
        for sec in self.c.sections:
            self.section(sec)

    def subject(self) -> None:
        for key in SUBJECT_KEYS:
            extra: dict[str, Any] = {}
            if key == "subject":
                extra["required"] = "yes"
                extra.update(self.draft_hints())
            if key == "reference_period":
                extra["constraint"] = f"regex(., '{_REFPERIOD_RE}')"
                extra.update(self.labels("constraint_message", lambda lang: _w(lang, "refperiod")))
            self.row("date" if key == "date" else "text", key, "a header field",
                     lambda lang, key=key: _w(lang, key), **extra)
        for f in subject_fields(self.c):
            fid = str(field_attr(f, "id"))
            if "__" in fid:
                raise ExportError(f"subject field id '{fid}' contains '__', which forms reserve", self.c.source)
            typ = field_attr(f, "type", "text")
            extra = {"required": "yes" if field_attr(f, "required") else ""}
            def label(lang: str, f: Any = f, fid: str = fid) -> str:
                return text_in(field_attr(f, "label"), lang) or fid
            if typ == "number":
                extra.update(self.range(field_attr(f, "min"), field_attr(f, "max")))
                self.row("decimal", f"meta__{fid}", "a subject field", label, **extra)
            elif typ == "choice":
                from .common import option_label
                lst = self.choice_list(f"meta__{fid}", [(o, lambda lang, o=o, f=f: option_label(f, o, lang))
                                                       for o in option_ids(f)])
                self.row(f"select_one {lst}", f"meta__{fid}", "a subject field", label, **extra)
            else:
                self.row("text", f"meta__{fid}", "a subject field", label, **extra)

    def draft_hints(self) -> dict[str, str]:
        """"Draft translation, not yet reviewed." on the first question, in each language whose
        PO file is a draft (worded as in the workbook: :func:`.workbook.draft_note`)."""
        from .po import is_draft
        from .workbook import draft_note
        return {f"hint::{language_column(lang)}": draft_note(self.c, lang) or "" for lang in self.langs
                if lang != self.c.default_lang and is_draft(self.c, lang)}

    def range(self, lo, hi) -> dict:
        conds, key = [], None
        if lo is not None:
            conds.append(f". >= {fmt_num(lo)}")
            key = "atleast"
        if hi is not None:
            conds.append(f". <= {fmt_num(hi)}")
            key = "atmost" if key is None else "range"
        if not conds:
            return {}
        return {"constraint": " and ".join(conds),
                **self.labels("constraint_message",
                              lambda lang: _w(lang, key or "range").format(lo=fmt_num(lo) if lo is not None else "",
                                                                hi=fmt_num(hi) if hi is not None else ""))}

    def wanted(self, sec: Section) -> bool:
        return any(self.selected is None or i.id in self.selected for i in sec.walk_indicators())

    def section(self, sec: Section) -> None:
        if not self.wanted(sec):
            return
        self.row("begin_group", sec.id, f"section {sec.id}", self.local(sec.title))
        for ind in sec.indicators:
            if self.selected is None or ind.id in self.selected:
                self.indicator(ind)
        for sub in sec.sections:
            self.section(sub)
        self.survey.append({"type": "end_group", "name": ""})

    def indicator(self, ind: Indicator) -> None:
        if "__" in ind.id:
            raise ExportError(f"indicator id '{ind.id}' contains '__', which forms reserve for companion "
                              "questions (ST1__evidence); rename it to export a form", self.c.source, ind.line)
        rel = self.relevant(ind.when) if ind.when is not None else ""
        hint = self.hint(ind)
        what = f"indicator {ind.id}"
        answered = f"${{{ind.id}}} != ''"
        if ind.type == "number":
            st = [(STATUS_VALUE, lambda lang: WORDS.get(lang, WORDS["en"])["value"])]
            if ind.allow_na:
                st.append((NA, self.word(NA)))
            st.append((NO_DATA, self.word(NO_DATA)))
            lst = self.choice_list("status_na" if ind.allow_na else "status", st)
            self.row(f"select_one {lst}", f"{ind.id}__status", what,
                     lambda lang: _w(lang, "status").format(id=ind.id), relevant=rel, default=STATUS_VALUE)
            num_rel = _and(rel, f"${{{ind.id}__status}} = '{STATUS_VALUE}'")
            self.row("decimal", ind.id, what, self.text(ind), relevant=num_rel,
                     **self.range(ind.min, ind.max), **self.labels("hint", hint))
            self.parts(ind, _and(num_rel, answered))
            for key in ("baseline", "target"):
                self.row("decimal", f"{ind.id}__{key}", what,
                         lambda lang, key=key: _w(lang, f"own_{key}").format(
                             id=ind.id, b=fmt_num(ind.baseline),
                             t=fmt_num(ind.target) if ind.target is not None else ""),
                         relevant=_and(num_rel, answered))
        elif ind.type == "text":
            self.row("text", ind.id, what, self.text(ind), relevant=rel, **self.labels("hint", hint))
            return
        else:
            self.select(ind, rel, hint, what)
        ev_hint = (lambda lang: _w(lang, "required")) if ind.evidence == "required" else (lambda lang: "")
        ev_rel = _and(rel, answered)
        self.row("text", f"{ind.id}__evidence", what, lambda lang: _w(lang, "evidence").format(id=ind.id),
                 relevant=ev_rel, **(self.labels("hint", ev_hint) if ind.evidence == "required" else {}))
        self.row("text", f"{ind.id}__note", what, lambda lang: _w(lang, "note").format(id=ind.id), relevant=rel)

    def word(self, key: str):
        return lambda lang: WORDS.get(lang, WORDS["en"])[key]

    def text(self, ind: Indicator):
        return lambda lang: f"{ind.id}. {ind.text.get(lang)}"

    def hint(self, ind: Indicator):
        def make(lang: str) -> str:
            parts = []
            if ind.guidance is not None:
                parts.append(ind.guidance.get(lang))
            if ind.type == "number":
                if ind.unit:
                    parts.append(_w(lang, "unit").format(u=ind.unit))
                if ind.target is not None:
                    parts.append(_w(lang, "targets").format(b=fmt_num(ind.baseline), t=fmt_num(ind.target)))
            if ind.evidence == "required":
                parts.append(_w(lang, "required"))
            return " ".join(p for p in parts if p)
        return make

    def select(self, ind: Indicator, rel: str, hint, what: str) -> None:
        items: list[tuple[str, Any]] = []
        if ind.type == "levels":
            items = [(fmt_num(lv.value), (lambda lang, lv=lv: f"{fmt_num(lv.value)} \u2014 "
                                          f"{lv.label.get(lang)}" if lv.label else fmt_num(lv.value)))
                     for lv in ind.levels]
        elif ind.type == "yesno":
            items = [("yes", self.word("yes")), ("no", self.word("no"))]
            if ind.partial:
                items.append(("partial", self.word("partial")))
        else:
            for o in ind.options:
                if o.id in (NA, NO_DATA, NONE_CHOICE) or " " in o.id:
                    raise ExportError(f"option '{o.id}' of {ind.id} cannot be a form choice (reserved or has a "
                                      "space)", self.c.source, ind.line)
                items.append((o.id, (lambda lang, o=o: o.label.get(lang) if o.label else o.id)))
        if ind.type == "multi":
            items.append((NONE_CHOICE, self.word("none")))
        if ind.allow_na:
            items.append((NA, self.word(NA)))
        items.append((NO_DATA, self.word(NO_DATA)))
        lst = self.choice_list(ind.id, items)
        extra: dict[str, Any] = {}
        if ind.type == "multi":
            alone = " or ".join(f"selected(., '{x}')" for x in (NONE_CHOICE, NA, NO_DATA)
                                if x != NA or ind.allow_na)
            extra = {"constraint": f"not({alone}) or count-selected(.) = 1",
                     **self.labels("constraint_message", lambda lang: _w(lang, "alone"))}
        kind = "select_multiple" if ind.type == "multi" else "select_one"
        self.row(f"{kind} {lst}", ind.id, what, self.text(ind), relevant=rel, **extra, **self.labels("hint", hint))

    def parts(self, ind: Indicator, rel: str) -> None:
        cats = [(name, str(cat)) for name in ind.disaggregate for cat in self.c.disaggregations.get(name, ())]
        for name in ind.disaggregate:
            if "__" in name:
                raise ExportError(f"breakdown '{name}' of {ind.id} contains '__', which forms reserve", self.c.source,
                                  ind.line)
            group = [part_name(self.c, ind, n, cat) for n, cat in cats if n == name]
            for n, cat in cats:
                if n != name:
                    continue
                me = part_name(self.c, ind, name, cat)
                others = " + ".join(f"coalesce(${{{g}}}, 0)" for g in group if g != me)
                total = f". + {others}" if others else "."
                self.row("decimal", me, f"breakdown {name} of {ind.id}",
                         lambda lang, cat=cat, name=name: _w(lang, "part").format(id=ind.id, cat=cat, name=name),
                         relevant=rel, constraint=f". >= 0 and {total} <= ${{{ind.id}}}",
                         **self.labels("constraint_message", lambda lang: _w(lang, "sum")))

    # ------------------------------------------------------------ relevant

    def relevant(self, expr) -> str:
        from ..expr import And, Compare, Or
        if isinstance(expr, Compare):
            return self.compare(expr)
        if isinstance(expr, And):
            return " and ".join(f"({self.relevant(e)})" for e in expr.items)
        if isinstance(expr, Or):
            return " or ".join(f"({self.relevant(e)})" for e in expr.items)
        raise ExportError(f"cannot express condition {expr!r}", self.c.source)

    def compare(self, c) -> str:
        ref = self.c.indicators.get(c.ident)
        if ref is None or (self.selected is not None and c.ident not in self.selected):
            return "false()"      # an indicator the form does not ask: the comparison is false
        var = f"${{{c.ident}}}"
        op = "=" if c.op == "==" else c.op
        guard = [f"{var} != ''"]
        if ref is not None and ref.type in ("levels", "yesno", "choice") and c.op == "!=":
            guard += [f"{var} != '{NA}'", f"{var} != '{NO_DATA}'"]
        lit = c.literal
        if lit is True or lit is False:
            rhs = "'yes'" if lit else "'no'"
        elif isinstance(lit, str):
            rhs = "'" + lit.replace("'", "") + "'"
        else:
            rhs = fmt_num(lit)
            if ref is not None and ref.type == "levels":
                return " and ".join(guard + [f"number({var}) {op} {rhs}"])
        return " and ".join(guard + [f"{var} {op} {rhs}"])


def _and(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return f"({a}) and ({b})"


def build_xlsform(checklist: Checklist, profile: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The form as rows of its three sheets: ``{"survey": [...], "choices": [...], "settings": [...]}``."""
    selected = None
    if profile:
        from .workbook import _indicators
        selected = {i.id for i in _indicators(checklist, profile)}
    form = _Form(checklist, selected)
    form.build()
    if selected is not None and profile:
        # the profile travels with every submission (FORMAT.md §6.4 ``profile``): a hidden value
        form.survey.insert(0, {"type": "calculate", "name": form.name("profile", "the profile"),
                               "calculation": "'" + profile.replace("'", "") + "'"})
    default = checklist.default_lang
    settings = {"form_title": checklist.title.get(default), "form_id": checklist.id,
                "version": checklist.version, "default_language": language_column(default)}
    return {"survey": form.survey, "choices": form.choices, "settings": [settings]}


def write_xlsform(checklist: Checklist, out: str | os.PathLike | IO[bytes], profile: str | None = None) -> dict:
    """Write the XLSForm workbook to a path (atomically) or a binary stream; returns the sheets."""
    from openpyxl import Workbook

    from .workbook import put
    sheets = build_xlsform(checklist, profile)
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        cols: list[str] = []
        for r in rows:
            for k in r:
                if k not in cols:
                    cols.append(k)
        for c, k in enumerate(cols, 1):
            put(ws, 1, c, k, locked=False)
        for i, r in enumerate(rows, 2):
            for c, k in enumerate(cols, 1):
                if r.get(k) not in (None, ""):
                    put(ws, i, c, r[k], locked=False)
    if isinstance(out, (str, os.PathLike)):
        from ..yamlio import open_output
        with open_output(out) as fh:
            wb.save(fh)
    else:
        wb.save(out)
    return sheets


_NAMES: dict[int, tuple[Checklist, dict[str, tuple[str, str]]]] = {}


def part_name(checklist: Checklist, ind: Indicator, breakdown: str, category: str) -> str:
    """The question name of one breakdown part: ``<id>__<category>``, or
    ``<id>__<breakdown>__<category>`` when another breakdown of the indicator has a category of
    that name too (``unknown`` under both sex and size), so every name is unique and an import
    maps it back (:func:`split_part_name`)."""
    shared = sum(str(category) in map(str, checklist.disaggregations.get(n, ())) for n in ind.disaggregate) > 1
    return f"{ind.id}__{breakdown}__{category}" if shared else f"{ind.id}__{category}"


def split_part_name(checklist: Checklist, ind: Indicator, qname: str) -> tuple[str, str] | None:
    """(breakdown, category) of a part question of ``ind`` named by :func:`part_name`; None when
    ``qname`` names no part of it."""
    for name in ind.disaggregate:
        for cat in checklist.disaggregations.get(name, ()):
            if part_name(checklist, ind, name, str(cat)) == qname:
                return name, str(cat)
    return None


def form_names(checklist: Checklist) -> dict[str, tuple[str, str]]:
    """:func:`_form_names`, computed once per checklist object (an import calls it per row)."""
    hit = _NAMES.get(id(checklist))
    if hit is None or hit[0] is not checklist:
        if len(_NAMES) > 32:
            _NAMES.clear()
        hit = _NAMES[id(checklist)] = (checklist, _form_names(checklist))
    return hit[1]


def _form_names(checklist: Checklist) -> dict[str, tuple[str, str]]:
    """Every question name of the form -> (kind, indicator id or field): ``("value", "ST1")``,
    ``("evidence", "ST1")``, ``("note", "ST1")``, ``("status", "ST1")``, ``("part", "CM3")``,
    ``("baseline", "CM3")``, ``("target", "CM3")``, ``("header", "subject")``,
    ``("meta", "country")``. Used by the importer."""
    out: dict[str, tuple[str, str]] = {k: ("header", k) for k in (*SUBJECT_KEYS, "profile")}
    for f in subject_fields(checklist):
        out[f"meta__{field_attr(f, 'id')}"] = ("meta", str(field_attr(f, "id")))
    for ind in checklist.indicators.values():
        out[ind.id] = ("value", ind.id)
        out[f"{ind.id}__evidence"] = ("evidence", ind.id)
        out[f"{ind.id}__note"] = ("note", ind.id)
        if ind.type == "number":
            out[f"{ind.id}__status"] = ("status", ind.id)
            out[f"{ind.id}__baseline"] = ("baseline", ind.id)
            out[f"{ind.id}__target"] = ("target", ind.id)
            for name in ind.disaggregate:
                for cat in checklist.disaggregations.get(name, ()):
                    out[part_name(checklist, ind, name, str(cat))] = ("part", ind.id)
    return out


__all__ = ["ExportError", "build_xlsform", "form_names", "language_column", "part_name", "split_part_name",
           "write_xlsform"]
