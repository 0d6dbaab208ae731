"""``ledcheck template``: a blank submission that an evaluator fills in with a text editor.

The output is a YAML document whose values are all empty (null, so unanswered) and whose comments
carry everything needed to answer: each indicator's text, guidance, allowed values in its own
terms, whether evidence is required, whether N/A is allowed, its condition and its breakdown.
Filling in the values as the comments say gives a valid submission (FORMAT.md §2).

The words around the checklist's own text (``Guidance:``, ``Answer one level:`` ...) are in
English or Vietnamese; other languages get the English ones.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import yaml

from . import spec
from .model import Checklist, Indicator, Section, number_text, text_of

WIDTH = 88
#: The header keys an assessor fills in (the spec's submission keys but the ones written for them;
#: ``meta`` is written as comments, one per subject field).
HEADER_KEYS = tuple(k for k in spec.SUBMISSION.names
                    if k not in ("ledcheck", "checklist", "checklist_version", "answers", "meta"))
CODE = "\0"   # marks a sub-line of :func:`answer_help` that is a YAML example (never wrapped)

_UI = {
    "en": {
        "head": "ledcheck submission: {title}",
        "checklist": "Checklist: {id}, version {version}",
        "how": [
            "How to fill in: write each answer after its indicator id, keeping the two-space "
            "indent. The allowed values are in the comments above each id. For example:",
            ">{eid}: {evalue}",
            "Leave an answer empty while you have not assessed it: it counts as missing.",
            "To add evidence (a means of verification) or a note, write the answer as a map:",
            ">{eid}: {{value: {evalue}, evidence: \"Council resolution 12/2025\", note: \"...\"}}",
            "Write `na` only where N/A is allowed. Leave indicators marked \"answer only if\" "
            "empty when their condition does not hold.",
            "Put text that contains `: ` or ` #` in double quotes.",
        ],
        "check": "Check it:  ledcheck validate FILE      Score it:  ledcheck score FILE",
        "subject": "who or what is assessed (required): a city, a province, a programme",
        "assessor": "your name",
        "date": "YYYY-MM-DD",
        "period": "e.g. 2026-Q1, baseline, midline",
        "subject_id": "a stable id of the subject, e.g. VN-48 (rounds are matched by it)",
        "reference_period": "the period answered: YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD",
        "profile": "the profile answered (empty: the whole checklist); profiles: {profiles}",
        "profile_all": "the whole checklist",
        "meta": "Facts about the subject: remove the # before those you give.",
        "meta_required": "required",
        "meta_number": "a number",
        "meta_text": "text",
        "meta_choice": "one of: {options}",
        "no_data": "Write no_data if it was not measured ({how}).",
        "no_data_zero": "it counts as 0",
        "no_data_exclude": "it is left out of the score",
        "when_false_zero": "If the condition is false, it counts as 0 without being asked.",
        "in": "in",
        "weight": "weight {w}",
        "guidance": "Guidance: ",
        "levels": "Answer one level:",
        "yesno": "Answer yes or no.",
        "yesno_partial": "Answer yes, no or partial.",
        "choice": "Answer one option id:",
        "multi": "Answer a list of option ids, e.g. [{a}, {b}], or [] for none:",
        "multi1": "Answer a list of option ids, e.g. [{a}], or [] for none:",
        "full": "The full score needs {n} points.",
        "score": "score {s}",
        "number": "Answer a number",
        "unit": " (unit: {unit})",
        "range": ", from {lo} to {hi}",
        "atleast": ", at least {lo}",
        "atmost": ", at most {hi}",
        "targets": "Baseline {b}, target {t} ({better}).",
        "higher": "↑ higher is better",
        "lower": "↓ lower is better",
        "text": "Answer in free text (not scored).",
        "evidence": "Evidence required:",
        "na": "Write na if it does not apply.",
        "when": "Answer only if {cond}; otherwise leave it empty.",
        "by": "Optional breakdown by {names} (the parts add up to the value):",
        "weight_line": "Weight {w}.",
    },
    "vi": {
        "head": "Phiếu trả lời ledcheck: {title}",
        "checklist": "Bộ công cụ: {id}, phiên bản {version}",
        "how": [
            "Cách điền: ghi câu trả lời sau mã của từng chỉ số, giữ nguyên hai dấu cách thụt "
            "đầu dòng. Các giá trị được phép nằm trong phần chú thích phía trên mỗi mã. Ví dụ:",
            ">{eid}: {evalue}",
            "Để trống những chỉ số chưa đánh giá: chúng được tính là chưa trả lời.",
            "Để ghi nguồn kiểm chứng hoặc ghi chú, viết câu trả lời dưới dạng:",
            ">{eid}: {{value: {evalue}, evidence: \"Nghị quyết số 12/2025\", note: \"...\"}}",
            "Chỉ ghi `na` (không áp dụng) ở những chỉ số cho phép. Để trống các chỉ số có ghi "
            "\"chỉ trả lời nếu\" khi điều kiện không đúng.",
            "Đặt văn bản có chứa `: ` hoặc ` #` trong dấu ngoặc kép.",
        ],
        "check": "Kiểm tra:  ledcheck validate FILE      Chấm điểm:  ledcheck score FILE",
        "subject": "đối tượng được đánh giá (bắt buộc): thành phố, tỉnh, chương trình",
        "assessor": "họ tên người đánh giá",
        "date": "YYYY-MM-DD",
        "period": "ví dụ 2026-Q1, baseline (cơ sở), midline (giữa kỳ)",
        "subject_id": "mã cố định của đối tượng, ví dụ VN-48 (dùng để ghép các kỳ đánh giá)",
        "reference_period": "kỳ được đánh giá: YYYY, YYYY-MM, YYYY-Qn hoặc YYYY-MM-DD/YYYY-MM-DD",
        "profile": "bộ chỉ số được trả lời (để trống: toàn bộ bộ công cụ); các bộ: {profiles}",
        "profile_all": "toàn bộ bộ công cụ",
        "meta": "Thông tin về đối tượng: xóa dấu # trước những thông tin bạn ghi.",
        "meta_required": "bắt buộc",
        "meta_number": "một số",
        "meta_text": "văn bản",
        "meta_choice": "một trong: {options}",
        "no_data": "Ghi no_data nếu chưa đo lường được ({how}).",
        "no_data_zero": "được tính là 0",
        "no_data_exclude": "không tính vào điểm",
        "when_false_zero": "Nếu điều kiện không đúng, chỉ số được tính 0 mà không cần hỏi.",
        "in": "thuộc",
        "weight": "trọng số {w}",
        "guidance": "Hướng dẫn: ",
        "levels": "Trả lời bằng một mức:",
        "yesno": "Trả lời yes (có) hoặc no (không).",
        "yesno_partial": "Trả lời yes (có), no (không) hoặc partial (một phần).",
        "choice": "Trả lời bằng mã của một lựa chọn:",
        "multi": "Trả lời bằng danh sách mã lựa chọn, ví dụ [{a}, {b}], hoặc [] nếu không có:",
        "multi1": "Trả lời bằng danh sách mã lựa chọn, ví dụ [{a}], hoặc [] nếu không có:",
        "full": "Cần {n} điểm để đạt điểm tối đa.",
        "score": "{s} điểm",
        "number": "Trả lời bằng một số",
        "unit": " (đơn vị: {unit})",
        "range": ", từ {lo} đến {hi}",
        "atleast": ", không nhỏ hơn {lo}",
        "atmost": ", không lớn hơn {hi}",
        "targets": "Giá trị cơ sở {b}, chỉ tiêu {t} ({better}).",
        "higher": "↑ càng cao càng tốt",
        "lower": "↓ càng thấp càng tốt",
        "text": "Trả lời bằng văn bản tự do (không tính điểm).",
        "evidence": "Bắt buộc có nguồn kiểm chứng:",
        "na": "Ghi na nếu không áp dụng.",
        "when": "Chỉ trả lời nếu {cond}; nếu không, để trống.",
        "by": "Có thể phân tách theo {names} (tổng các phần bằng giá trị):",
        "weight_line": "Trọng số {w}.",
    },
}


def ui_words(lang: str | None) -> dict[str, Any]:
    """The template's own words in ``lang`` (English where there is no translation)."""
    return _UI.get(lang or "en", _UI["en"])


# --------------------------------------------------------------------------- YAML scalars

def quoted(value: str) -> str:
    """A double-quoted YAML scalar, safe for any string."""
    return str(yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9)).rstrip("\n")


def scalar(value: object) -> str:
    """A YAML scalar for a value on one line, quoted only where YAML needs it."""
    dumped: str = yaml.safe_dump({"k": value}, allow_unicode=True, width=10**9, default_flow_style=False)
    text = dumped[3:].rstrip("\n")
    if "\n" in text:
        return quoted(str(value))
    return text


def _clean(text: str) -> str:
    """One line: every run of whitespace (line breaks included) becomes a single space."""
    return " ".join(str(text).split())


def _wrap(text: str, first: str, rest: str, width: int = WIDTH) -> list[str]:
    """Comment lines of ``text``: ``first`` before its first line, ``rest`` before the others."""
    lines = textwrap.wrap(_clean(text), width=width, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    return lines or [first.rstrip()]


# --------------------------------------------------------------------------- what to answer

def example_value(ind: Indicator) -> object:
    """A valid answer value for ``ind`` (its best one), used in examples and tests."""
    t = ind.type
    if t == "levels":
        return max(ind.levels, key=lambda lv: lv.value).value
    if t == "yesno":
        return True
    if t == "choice":
        return max(ind.options, key=lambda o: o.score).id
    if t == "multi":
        return [o.id for o in ind.options if o.score > 0][:2] or [ind.options[0].id]
    if t == "number":
        v = ind.target if ind.target is not None else 0
        if ind.min is not None and v < ind.min:
            v = ind.min
        if ind.max is not None and v > ind.max:
            v = ind.max
        return v
    return "..."


def _flow(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return number_text(value)
    return scalar(value)


def _by_hint(ind: Indicator, checklist: Checklist) -> str:
    parts = []
    for name in ind.disaggregate:
        cats = ", ".join(f"{scalar(c)}: " for c in checklist.disaggregations.get(name, ()))
        parts.append(f"{scalar(name)}: {{{cats}}}")
    return "{" + ", ".join(parts) + "}"


def answer_help(ind: Indicator, checklist: Checklist, lang: str | None = None) -> list[tuple[str, list[str]]]:
    """How to answer ``ind``: (line, sub-lines) pairs in the indicator's own terms.

    Shared by the template (as comments) and the submission schema (as descriptions). A sub-line
    that starts with :data:`CODE` is a YAML example, to be shown as is.
    """
    w = ui_words(lang)
    out = _type_help(ind, checklist, lang, w)
    out += _rules_help(ind, checklist, w)
    return out


_Help = list[tuple[str, list[str]]]


def _type_help(ind: Indicator, checklist: Checklist, lang: str | None, w: dict[str, Any]) -> _Help:
    """The lines of :func:`answer_help` that depend on the indicator's type."""
    t = ind.type
    if t == "levels":
        return [(w["levels"], _levels_lines(ind, lang, w))]
    if t == "yesno":
        return [(w["yesno_partial"] if ind.partial else w["yesno"], [])]
    if t in ("choice", "multi"):
        return _options_help(ind, lang, w)
    if t == "number":
        return _number_help(ind, checklist, w)
    return [(w["text"], [])]


def _levels_lines(ind: Indicator, lang: str | None, w: dict[str, Any]) -> list[str]:
    """One line per level: value, label, description and score."""
    subs = []
    for lv in ind.levels:
        line = f"{number_text(lv.value)} = {text_of(lv.label, lang) or number_text(lv.value)}"
        if lv.description is not None:
            line += f" — {text_of(lv.description, lang)}"
        if lv.score is not None:
            line += f" ({w['score'].format(s=number_text(lv.score))})"
        subs.append(line)
    return subs


def _options_help(ind: Indicator, lang: str | None, w: dict[str, Any]) -> _Help:
    """A choice or multi indicator: its options with their scores (and multi's full score)."""
    subs = []
    for o in ind.options:
        label = text_of(o.label, lang)
        subs.append(f"{scalar(o.id)} = {label} ({w['score'].format(s=number_text(o.score))})" if label
                    else f"{scalar(o.id)} ({w['score'].format(s=number_text(o.score))})")
    if ind.type == "choice":
        return [(w["choice"], subs)]
    ids = [scalar(o.id) for o in ind.options]
    head = w["multi"].format(a=ids[0], b=ids[1]) if len(ids) > 1 else w["multi1"].format(a=ids[0])
    out: _Help = [(head, subs)]
    if ind.max_score is not None:
        out.append((w["full"].format(n=number_text(ind.max_score)), []))
    return out


def _number_help(ind: Indicator, checklist: Checklist, w: dict[str, Any]) -> _Help:
    """A number indicator: unit and bounds, baseline and target, breakdowns."""
    line = w["number"]
    if ind.unit:
        line += w["unit"].format(unit=ind.unit)
    if ind.min is not None and ind.max is not None:
        line += w["range"].format(lo=number_text(ind.min), hi=number_text(ind.max))
    elif ind.min is not None:
        line += w["atleast"].format(lo=number_text(ind.min))
    elif ind.max is not None:
        line += w["atmost"].format(hi=number_text(ind.max))
    out: _Help = [(line + ".", [])]
    if ind.target is not None:
        better = w["lower"] if ind.effective_direction == "decrease" else w["higher"]
        out.append((w["targets"].format(b=number_text(ind.baseline), t=number_text(ind.target), better=better), []))
    if ind.disaggregate:
        out.append((w["by"].format(names=", ".join(ind.disaggregate)),
                    [CODE + f"{scalar(ind.id)}: {{value: ..., by: {_by_hint(ind, checklist)}}}"]))
    return out


def _rules_help(ind: Indicator, checklist: Checklist, w: dict[str, Any]) -> _Help:
    """The lines of :func:`answer_help` every type shares: N/A, no data, condition, evidence, weight."""
    out: _Help = []
    if ind.allow_na:
        out.append((w["na"], []))
    if ind.scored:
        how = w["no_data_exclude"] if checklist.no_data == "exclude" else w["no_data_zero"]
        out.append((w["no_data"].format(how=how), []))
    if ind.when_source:
        out.append((w["when"].format(cond=_clean(ind.when_source)), []))
        if ind.when_false == "zero":
            out.append((w["when_false_zero"], []))
    if ind.evidence == "required":
        out.append((w["evidence"], [CODE + f"{scalar(ind.id)}: {{value: ..., evidence: \"...\"}}"]))
    if ind.scored and ind.weight != 1:
        out.append((w["weight_line"].format(w=number_text(ind.weight)), []))
    return out


# --------------------------------------------------------------------------- the document

def render_template(checklist: Checklist, lang: str | None = None, subject: str | None = None,
                    profile: str | None = None) -> str:
    """A blank submission for ``checklist`` as YAML text, with comments in ``lang``.

    ``profile`` (a profile id, or ``all``) keeps only the indicators that profile selects and
    writes ``profile: ID``; an unknown id raises :class:`ledcheck.profiles.UnknownProfileError`.
    """
    from .profiles import select
    selection = select(checklist, profile)
    keep = None if selection is None else selection.selects
    lang = checklist.pick_lang(lang)
    w = ui_words(lang)
    out: list[str] = []
    title = text_of(checklist.title, lang)
    out += _wrap(w["head"].format(title=title), "# ", "#   ")
    if checklist.version:
        out.append("# " + w["checklist"].format(id=checklist.id, version=checklist.version))
    else:
        out.append("# " + w["checklist"].split(",")[0].format(id=checklist.id))
    out.append("#")
    chosen = [i for i in checklist.indicators.values() if keep is None or keep(i.id)]
    first = next((i for i in chosen if i.scored and not i.when_source), next(iter(chosen), None))
    eid = first.id if first is not None else "ID"
    evalue = _flow(example_value(first)) if first is not None and first.scored else "3"
    for para in w["how"]:
        para = para.format(eid=eid, evalue=evalue)
        if para.startswith(">"):
            out.append("#     " + para[1:])
        else:
            out += _wrap(para, "# ", "#   ")
    out.append("#")
    out.append("# " + w["check"])
    out.append("")
    out.append("ledcheck: 1")
    out.append(f"checklist: {scalar(checklist.id)}")
    if checklist.version:
        out.append(f"checklist_version: {quoted(str(checklist.version))}")
    for key in HEADER_KEYS:
        if key == "subject" and subject is not None and str(subject).strip():
            out.append(f"subject: {scalar(str(subject))}")
        elif key == "profile" and selection is not None:
            out.append(f"profile: {scalar(selection.profile)}")
        elif key == "profile":
            if checklist.profiles:
                names = ", ".join(checklist.profiles)
                out += _wrap(w["profile"].format(profiles=names), f"{_head('profile')}# ", "# ")
        else:
            out += _wrap(w[key], f"{_head(key)}# ", "#   ")
    _meta(out, checklist, lang, w)
    if not chosen:
        out.append("answers: {}")
        return "\n".join(out) + "\n"
    out.append("answers:")
    for n, sec in enumerate(checklist.sections, 1):
        _section(out, checklist, sec, str(n), [], lang, w, keep)
    return "\n".join(out).rstrip("\n") + "\n"


def _head(key: str) -> str:
    """``key:`` padded for its comment (``subject:     ``)."""
    return (key + ":").ljust(12) + " "


def _meta(out: list[str], checklist: Checklist, lang: str, w: dict[str, Any]) -> None:
    """The subject fields (FORMAT.md §6.4) as commented ``meta:`` entries."""
    if not checklist.subject_fields:
        return
    out += _wrap(w["meta"], "# ", "#   ")
    out.append("# meta:")
    for f in checklist.subject_fields:
        what = [text_of(f.label, lang)] if f.label is not None else []
        if f.type == "number":
            kind = w["meta_number"]
            if f.min is not None and f.max is not None:
                kind += w["range"].format(lo=number_text(f.min), hi=number_text(f.max))
            elif f.min is not None:
                kind += w["atleast"].format(lo=number_text(f.min))
            elif f.max is not None:
                kind += w["atmost"].format(hi=number_text(f.max))
        elif f.type == "choice":
            kind = w["meta_choice"].format(options=", ".join(
                scalar(o.id) + (f" ({text_of(o.label, lang)})" if o.label is not None else "") for o in f.options))
        else:
            kind = w["meta_text"]
        what.append(kind)
        if f.required:
            what.append(w["meta_required"])
        out += _wrap("; ".join(what), f"#   {scalar(f.id) + ':':<20}# ", "#   " + " " * 20 + "# ")


def _section(out: list[str], checklist: Checklist, sec: Section, number: str, parents: list[str],
             lang: str, w: dict[str, Any], keep: Callable[[str], bool] | None = None) -> None:
    if keep is not None and not any(keep(i.id) for i in sec.walk_indicators()):
        return   # nothing of it is selected by the profile
    title = text_of(sec.title, lang)
    label = f"{number}{'' if parents else '.'} {title}  [{sec.id}]"
    if sec.weight != 1:
        label += f"  ({w['weight'].format(w=number_text(sec.weight))})"
    out.append("")
    if not parents:
        bar = "  # " + "=" * (WIDTH - 4)
        out.append(bar)
        out += _wrap(label, "  # ", "  #   ")
        out.append(bar)
    else:
        out += _wrap(f"--- {label}", "  # ", "  #     ")
        out += _wrap(f"({w['in']} {' > '.join(parents)})", "  #     ", "  #     ")
    for ind in sec.indicators:
        if keep is not None and not keep(ind.id):
            continue
        out.append("")
        _indicator(out, checklist, ind, lang, w)
    for k, sub in enumerate(sec.sections, 1):
        _section(out, checklist, sub, f"{number}.{k}", parents + [f"{number}{'' if parents else '.'} {title}"],
                 lang, w, keep)


def _indicator(out: list[str], checklist: Checklist, ind: Indicator, lang: str, w: dict[str, Any]) -> None:
    out += _wrap(f"{ind.id}: {text_of(ind.text, lang)}", "  # ", "  #   ")
    if ind.guidance is not None:
        out += _wrap(w["guidance"] + text_of(ind.guidance, lang), "  #   ", "  #   ")
    for line, subs in answer_help(ind, checklist, lang):
        out += _wrap(line, "  #   ", "  #     ")
        for sub in subs:
            if sub.startswith(CODE):
                out.append("  #     " + sub[len(CODE):])
            else:
                out += _wrap(sub, "  #     ", "  #         ")
    out.append(f"  {scalar(ind.id)}:")
