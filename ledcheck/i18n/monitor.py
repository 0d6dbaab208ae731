"""The monitoring reports' own words (``compare``, ``progress``, ``aggregate``: headings, column
names, statuses), by language: part of the one catalogue of :mod:`ledcheck.i18n`.

English is the key; a word without a translation stays English (FORMAT.md §6.11). The words the
score reports share (Score, Section, Subject, Profile, ...) are in :mod:`ledcheck.i18n.report`.
CSV headers and JSON keys are never translated (they are for machines).
"""
from __future__ import annotations

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
    "Overall, before": "Tổng thể, trước", "Overall, after": "Tổng thể, sau",
    "Totals": "Tổng cộng", "Breakdown shares": "Tỷ lệ theo phân tổ", "overall score": "điểm tổng thể",
    "target": "mục tiêu", "subject": "đơn vị", "subjects": "đơn vị", "round": "vòng", "rounds": "vòng",
    "group": "nhóm", "groups": "nhóm", "up to": "tối đa", "in": "trong", "period": "kỳ",
    "Sections": "Các lĩnh vực", "Indicator": "Chỉ số", "Section": "Lĩnh vực",
    # the reserved remainder category of breakdowns (FORMAT.md §6.5)
    "unknown": "không rõ",
}
WORDS = {"vi": _VI}
