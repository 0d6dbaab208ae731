"""Draft languages (FORMAT.md §6.11 "Translations"): the bundled checklist's Indonesian and Thai
come from PO files marked draft, ledcheck's own words in them are a draft too; every screen and
report in such a language says "draft translation, not yet reviewed" (in that language), and
ledcheck's words it lacks fall back to English."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledcheck import i18n, library
from ledcheck.cli import app
from ledcheck.i18n import DRAFT_NOTICE, draft_notice, tr

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "checklists" / "examples" / "hue-2025.yaml")
NOTICE = {"id": "terjemahan draf, belum ditinjau", "th": "คำแปลฉบับร่าง ยังไม่ได้ตรวจทาน"}


def run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("lang", ["id", "th"])
def test_own_words_have_the_notice_and_the_answer_words_and_fall_back_to_english(lang):
    assert tr(DRAFT_NOTICE, lang) == NOTICE[lang] and draft_notice(lang) == NOTICE[lang]
    assert {tr(w, lang) for w in ("yes", "no", "partial", "N/A", "no data")}.isdisjoint(
        {"yes", "no", "partial", "N/A", "no data"})
    assert tr("Data gaps", lang) == "Data gaps"          # not translated: English (§6.11)
    assert lang not in i18n.LANGUAGES                    # the completeness test lists full ones only


def test_a_reviewed_language_has_no_notice():
    assert draft_notice("vi") is None and draft_notice("en") is None


@pytest.mark.parametrize("lang", ["id", "th"])
def test_po_languages_join_the_checklist(lang):
    cl = library.load("sme-me-aec")
    assert lang in cl.languages


@pytest.mark.parametrize("lang", ["id", "th"])
def test_show_and_score_table_say_draft(lang):
    r = run("show", "sme-me-aec", "--lang", lang)
    assert r.exit_code == 0 and NOTICE[lang] in r.stdout
    r = run("score", EXAMPLE, "--lang", lang)
    assert r.exit_code == 0 and NOTICE[lang] in r.stdout
    for fmt in ("md", "html"):
        assert NOTICE[lang] in run("score", EXAMPLE, "--lang", lang, "-f", fmt).stdout


def test_no_notice_in_a_reviewed_language():
    assert "nháp" not in run("show", "sme-me-aec", "--lang", "vi").stdout
    assert "nháp" not in run("score", EXAMPLE, "--lang", "vi").stdout


def test_validate_reports_po_files_as_their_own_files():
    import json
    r = run("validate", str(ROOT / "checklists" / "sme-me-aec.yaml"), "-f", "json")
    files = json.loads(r.stdout)["files"]
    assert [f["kind"] for f in files] == ["checklist", "translation", "translation"]
    assert {Path(f["path"]).name for f in files[1:]} == {"sme-me-aec.id.po", "sme-me-aec.th.po"}
    assert all(p["severity"] == "note" for f in files[1:] for p in f["problems"])
