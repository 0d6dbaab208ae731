"""ledcheck's own words (``ledcheck.i18n``): one catalogue, every listed language complete.

- every language in ``LANGUAGES`` has every word of every catalogue module;
- no two modules translate a word differently, and translations keep the ``{fields}``;
- every ``tr("...")`` literal in a module that uses ``ledcheck.i18n`` is in the catalogue;
- a word a language lacks falls back to English; the language is per context.
"""
from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

from ledcheck import i18n
from ledcheck.i18n import LANGUAGES, conflicts, language, missing, tr

ROOT = Path(__file__).resolve().parents[1] / "ledcheck"


def literals_of_users() -> dict[str, set[str]]:
    """``tr("...")`` / ``_t("...")`` literals in modules that import from ledcheck.i18n."""
    out: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        src = path.read_text(encoding="utf-8")
        if "i18n import" not in src:
            continue
        found = set()
        for node in ast.walk(ast.parse(src)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "_t") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
        if found:
            out[str(path.relative_to(ROOT.parent))] = found
    return out


def test_catalogue_modules_are_found():
    assert {"assess", "report"} <= set(i18n.catalogues())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_listed_language_is_complete(lang):
    assert missing(lang) == []


def test_no_conflicts_and_fields_kept():
    assert conflicts() == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_word_used_is_translated(lang):
    users = literals_of_users()
    assert any(p.endswith("assess/ui.py") for p in users)
    table = i18n.table(lang)
    lacking = {p: sorted(w for w in words if w not in table) for p, words in users.items()}
    assert not {p: w for p, w in lacking.items() if w}


def test_fallback_to_english_and_context():
    assert tr("Review: ") == "Review: "                     # English outside any block
    with language("vi"):
        assert tr("Review: ") == "Xem lại: "
        assert tr("a word nobody translated") == "a word nobody translated"
        with language("fr"):                                # no catalogue: English
            assert tr("Review: ") == "Review: "
        assert i18n.current() == "vi"
    with language("vi-VN"):
        assert tr("yes") == "có"
    assert tr("yes", "vi") == "có"


def test_language_does_not_leak_across_threads():
    seen = []
    with language("vi"):
        t = threading.Thread(target=lambda: seen.append(tr("Review: ")))
        t.start()
        t.join()
        assert tr("Review: ") == "Xem lại: "
    assert seen == ["Review: "]


def test_draft_marker_and_decimal_comma(monkeypatch):
    assert i18n.draft_notice("vi") is None and not i18n.is_draft("en")
    monkeypatch.setattr(i18n, "DRAFT", frozenset({"vi"}))
    assert i18n.draft_notice("vi") == "bản dịch nháp, chưa được duyệt"
    assert i18n.decimal_comma("vi") and i18n.decimal_comma("vi-VN") and not i18n.decimal_comma("en")


def test_report_catalogue_starts_as_the_renderers_table():
    from ledcheck.i18n.report import WORDS
    assert "Score" in WORDS["vi"] and WORDS["vi"]["yes"] == "có"
