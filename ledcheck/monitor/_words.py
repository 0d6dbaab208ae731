"""The monitoring reports' own words (headings, column names, statuses) in the report's language.

As :mod:`ledcheck.render._i18n` does for ``score``'s reports: English is the key, a word without a
translation stays English, and the words the score reports share (Score, Section, Subject, ...)
come from their table. CSV headers and JSON keys are never translated (they are for machines).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_VI = {
    "Comparison": "So sánh", "Overall": "Tổng thể", "Overall and sections": "Tổng thể và các lĩnh vực",
    "Before": "Trước", "After": "Sau", "Change": "Thay đổi", "Kind": "Loại", "Id": "Mã", "Title": "Tên",
    "Movement": "Chiều thay đổi", "Rating before": "Xếp loại trước", "Rating after": "Xếp loại sau",
    "Value before": "Giá trị trước", "Value after": "Giá trị sau", "Target": "Mục tiêu",
    "Distance travelled": "Mức tiến tới mục tiêu", "Travelled": "Đã tiến",
    "Indicators that moved": "Các chỉ số có thay đổi", "Score change": "Thay đổi điểm",
    "Numbers: distance travelled to target": "Chỉ số định lượng: mức tiến tới mục tiêu",
    "(after − before) / (target − before): 100% is the whole way to the target.":
        "(sau − trước) / (mục tiêu − trước): 100% là đã đạt mục tiêu.",
    "Ratings that changed": "Xếp loại có thay đổi", "Scope": "Phạm vi", "Progress": "Tiến độ",
    "Subject id": "Mã đơn vị", "Round": "Vòng", "Round label": "Tên vòng", "Reference period": "Kỳ tham chiếu",
    "Change from first": "Thay đổi so với vòng đầu", "Subjects by round": "Các đơn vị theo vòng",
    "Sections by round": "Các lĩnh vực theo vòng", "Rounds": "Các vòng",
    "Road map milestones": "Các mốc lộ trình", "Road map": "Lộ trình", "Due": "Hạn",
    "Judged on": "Đánh giá theo vòng", "Missed targets (lead agency)": "Mục tiêu chưa đạt (cơ quan chủ trì)",
    "Aggregate": "Tổng hợp", "Aggregate by": "Tổng hợp theo", "Measure": "Đại lượng", "Category": "Nhóm",
    "Mean": "Trung bình", "Median": "Trung vị", "Min": "Nhỏ nhất", "Max": "Lớn nhất", "Sum": "Tổng",
    "Share": "Tỷ lệ", "mean": "trung bình", "median": "trung vị", "min": "nhỏ nhất", "max": "lớn nhất",
    "Groups": "Các nhóm", "Subjects": "Số đơn vị", "Subjects ranked in their group": "Xếp hạng đơn vị trong nhóm",
    "Rank": "Hạng", "Top sections": "Các lĩnh vực chính", "Number indicators": "Chỉ số định lượng",
    "Breakdown": "Phân tổ", "Category sum": "Tổng theo nhóm",
    "Breakdown categories are summed for counts (aggregate: sum); a value given without a breakdown "
    "counts as unknown.": "Các nhóm phân tổ được cộng dồn cho chỉ số đếm (aggregate: sum); giá trị không "
                         "có phân tổ được tính vào nhóm unknown (không rõ).",
    "met": "đạt", "missed": "chưa đạt", "not yet due": "chưa đến hạn", "dropped": "bỏ",
    "up": "tăng", "down": "giảm", "new": "mới", "Up": "Tăng", "Down": "Giảm",
    "New (scored only after)": "Mới (chỉ có điểm ở vòng sau)",
    "Dropped (scored only before)": "Bỏ (chỉ có điểm ở vòng trước)",
    "None.": "Không có.", "Since baseline": "So với vòng cơ sở",
    "Only one round: no change to show.": "Chỉ có một vòng: chưa có thay đổi để so sánh.",
    "Overall score of every subject, by round": "Điểm tổng thể của các đơn vị theo vòng",
    "Overall score by round": "Điểm tổng thể theo vòng",
    "Subjects ranked by overall score": "Các đơn vị xếp hạng theo điểm tổng thể",
    "Overall, before": "Tổng thể, trước", "Overall, after": "Tổng thể, sau", "Profile": "Hồ sơ",
    "Totals": "Tổng cộng", "Breakdown shares": "Tỷ lệ theo phân tổ", "overall score": "điểm tổng thể",
    "target": "mục tiêu", "subject": "đơn vị", "subjects": "đơn vị", "round": "vòng", "rounds": "vòng",
    "group": "nhóm", "groups": "nhóm", "up to": "tối đa", "in": "trong", "period": "kỳ",
    "Sections": "Các lĩnh vực", "Indicator": "Chỉ số", "Section": "Lĩnh vực", "Subject": "Đơn vị",
}
TABLES = {"vi": _VI}

_TABLE: ContextVar[dict | None] = ContextVar("ledcheck_monitor_words", default=None)


def tr(word: str) -> str:
    """``word`` in the language being rendered (English when there is no translation)."""
    hit = (_TABLE.get() or {}).get(word)
    if hit is not None:
        return hit
    from ..render._i18n import tr as score_words
    return score_words(word)


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Render in ``lang`` within this block (the score reports' words too)."""
    from ..render._i18n import language as score_language
    token = _TABLE.set(TABLES.get((lang or "").split("-")[0].lower(), {}))
    try:
        with score_language(lang):
            yield
    finally:
        _TABLE.reset(token)


# --------------------------------------------------------------------------- answers

_ANSWERS: ContextVar[tuple[dict, dict] | None] = ContextVar("ledcheck_monitor_answers", default=None)


def answer_labels(checklists, lang: str | None) -> tuple[dict, dict]:
    """({indicator id: {value key: label}}, {indicator id: unit}) of the checklists, in ``lang``:
    rubric levels as "2 Started", options by their labels (``ledcheck.render.labels_for``)."""
    from ..render import labels_for
    names: dict = {}
    units: dict = {}
    for c in checklists:
        lab = labels_for(c, lang)
        for iid, m in lab.answers.items():
            names.setdefault(iid, dict(m))
        for iid, u in lab.units.items():
            units.setdefault(iid, u)
    return names, units


@contextmanager
def answers(labels: tuple[dict, dict] | None) -> Iterator[None]:
    """Show answer values by their labels (from :func:`answer_labels`) within this block."""
    token = _ANSWERS.set(labels)
    try:
        yield
    finally:
        _ANSWERS.reset(token)


def answer_text(iid: str | None, value) -> str:
    """An indicator's answer for people: its level or option label where known, numbers with
    their unit, yes/no, N/A, lists joined."""
    from ._fmt import fmt_number, fmt_value, is_num
    names, units = _ANSWERS.get() or ({}, {})
    table = names.get(iid) or {}
    if table and value is not None and not isinstance(value, bool):
        if isinstance(value, list):
            return ", ".join(table.get(str(v), str(v)) for v in value) if value else "(none)"
        key = fmt_number(value) if is_num(value) else str(value)
        if key in table:
            return table[key]
    return fmt_value(value, units.get(iid))
