"""The words the commands print around their output (``score``'s summary line, "wrote FILE",
its warnings), by language.

English is the key (see :mod:`ledcheck.i18n`). English plurals are separate keys (``{n} error``
and ``{n} errors``): a command picks one by the count, and a language without plural forms
(Vietnamese) gives both the same words. Problem messages from the library stay English (they are
what users search for); ``ledcheck:``, ``error:`` and ``warning:`` prefixes are not translated.
"""
from __future__ import annotations

_VI = {
    # score: the summary line on stderr
    "{n} submission scored": "đã tính điểm {n} bản đánh giá",
    "{n} submissions scored": "đã tính điểm {n} bản đánh giá",
    "{n} error": "{n} lỗi",
    "{n} errors": "{n} lỗi",
    "{n} warning": "{n} cảnh báo",
    "{n} warnings": "{n} cảnh báo",
    "{n} note": "{n} ghi chú",
    "{n} notes": "{n} ghi chú",
    "{n} file could not be scored": "{n} tệp không tính điểm được",
    "{n} files could not be scored": "{n} tệp không tính điểm được",
    # score: what was written
    "wrote {path} ({summary})": "đã ghi {path} ({summary})",
    "wrote {n} report to {folder}/": "đã ghi {n} báo cáo vào {folder}/",
    "wrote {n} reports to {folder}/": "đã ghi {n} báo cáo vào {folder}/",
    "wrote {n} report and {summary} to {folder}/": "đã ghi {n} báo cáo và {summary} vào {folder}/",
    "wrote {n} reports and {summary} to {folder}/": "đã ghi {n} báo cáo và {summary} vào {folder}/",
    "nothing was scored; {path} not written ({summary})":
        "không bản đánh giá nào được tính điểm; chưa ghi {path} ({summary})",
    "nothing was scored; {folder}/ left as it was ({summary})":
        "không bản đánh giá nào được tính điểm; {folder}/ được giữ nguyên ({summary})",
    # score: --fail-under and --lang
    "{n} submission scored under {threshold} (or could not be scored)":
        "{n} bản đánh giá có điểm dưới {threshold} (hoặc không tính điểm được)",
    "{n} submissions scored under {threshold} (or could not be scored)":
        "{n} bản đánh giá có điểm dưới {threshold} (hoặc không tính điểm được)",
    "checklist '{id}' has no language '{lang}' (it has {languages}); showing {default}":
        "bộ công cụ '{id}' không có ngôn ngữ '{lang}' (chỉ có {languages}); hiển thị bằng {default}",
    "interrupted": "đã dừng giữa chừng",
}

WORDS = {"vi": _VI}
