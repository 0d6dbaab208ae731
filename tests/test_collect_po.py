"""Translations as PO files (FORMAT.md §6.10, §6.11): export with stable msgctxt, PO files beside
a checklist add languages (fuzzy and stale entries unused), completeness notes, draft status."""
from __future__ import annotations

import shutil

import polib
import pytest

from ledcheck.collect import po as pomod
from ledcheck.errors import InputError
from ledcheck.library import load

from helpers import DEFAULT

SMALL = """\
ledcheck: 1
id: small
version: "1"
title: {en: Small, vi: Nhỏ}
languages: [en, vi]
ratings:
  - {min: 50, label: Good}
  - {min: 0, label: Poor}
scales:
  m:
    type: levels
    levels:
      - {value: 0, label: None}
      - {value: 1, label: Some, description: Some of it}
sections:
  - id: s
    title: Section one
    indicators:
      - {id: A, text: Alpha, guidance: Look here, scale: m}
      - {id: B, text: Beta, scale: m}
      - {id: C, text: Gamma, type: choice, options: [{id: x, label: Ex, score: 1}, {id: y, score: 0}]}
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return load(path)


def test_places_are_stable_and_scale_texts_appear_once(small):
    places = [p for p, _, _ in pomod.places(small)]
    assert places == ["title", "ratings.50.label", "ratings.0.label", "s.title", "A.text", "A.guidance",
                      "scales.m.levels.0.label", "scales.m.levels.1.label", "scales.m.levels.1.description",
                      "B.text", "C.text", "C.options.x.label"]


def test_export_po(small):
    po = pomod.export_po(small, "vi")
    by = {e.msgctxt: e for e in po}
    assert by["title"].msgid == "Small" and by["title"].msgstr == "Nhỏ"      # existing translation
    assert by["A.text"].msgid == "Alpha" and by["A.text"].msgstr == ""
    assert po.metadata["Language"] == "vi" and po.metadata["X-Checklist-Id"] == "small"
    assert polib.pofile(str(po)).metadata["Content-Type"] == "text/plain; charset=UTF-8"
    with pytest.raises(InputError):
        pomod.export_po(small, "en")


def _po_beside(checklist, lang: str, entries: dict, header: dict | None = None, fuzzy=(), stale=()):
    po = pomod.export_po(checklist, lang)
    for e in po:
        if e.msgctxt in entries:
            e.msgstr = entries[e.msgctxt]
        if e.msgctxt in fuzzy:
            e.flags.append("fuzzy")
        if e.msgctxt in stale:
            e.msgid = e.msgid + " (old wording)"
    po.append(polib.POEntry(msgctxt="Z9.text", msgid="Gone", msgstr="Hilang"))
    po.metadata.update(header or {})
    path = pomod.po_path(checklist, lang)
    po.save(str(path))
    return path


def test_a_po_file_beside_the_checklist_adds_its_language(small):
    _po_beside(small, "id", {"title": "Kecil", "A.text": "Alfa", "scales.m.levels.1.label": "Sebagian",
                             "C.options.x.label": "Eks", "B.text": "Beta-id", "s.title": "Bagian"},
               fuzzy=("B.text",), stale=("s.title",))
    merged = pomod.merge(small)
    assert merged.languages == ("en", "vi", "id")
    assert merged.title.get("id") == "Kecil"
    a = merged.indicators["A"]
    assert a.text.get("id") == "Alfa"
    assert a.levels[1].label.get("id") == "Sebagian"
    assert merged.indicators["B"].levels[1].label.get("id") == "Sebagian"   # the scale is shared
    assert merged.indicators["C"].options[0].label.get("id") == "Eks"
    assert merged.indicators["B"].text.get("id") == "Beta"                  # fuzzy: not used
    assert merged.sections[0].title.get("id") == "Section one"              # stale: not used
    assert merged.sections[0].indicators[0] is merged.indicators["A"]
    assert small.languages == ("en", "vi")                                  # the original is untouched


def test_merged_checklist_scores_the_same_and_shows_the_language(small):
    from ledcheck.scoring import score
    _po_beside(small, "id", {"A.text": "Alfa"})
    merged = pomod.merge(small)
    sub = {"ledcheck": 1, "checklist": "small", "subject": "X", "answers": {"A": 1, "B": 0, "C": "x"}}
    a, b = score(small, sub).to_dict(), score(merged, sub, lang="id").to_dict()
    assert a["score"] == b["score"]


def test_completeness_notes(small):
    path = _po_beside(small, "id", {"title": "Kecil", "B.text": "B", "s.title": "Bagian"},
                      fuzzy=("B.text",), stale=("s.title",))
    notes = pomod.completeness(small, path)
    assert all(n.severity == "note" and n.rule == pomod.RULE for n in notes)
    text = "\n".join(n.message for n in notes)
    assert "fuzzy entry 'B.text'" in text
    assert "stale entry 's.title'" in text and "stale entry 'Z9.text'" in text
    assert "untranslated entry 'A.text'" in text
    assert "untranslated entry 'title'" not in text
    assert all(n.line > 0 for n in notes if n.path)
    assert notes[0].format().startswith(f"{path}:")


def test_draft_status(small):
    _po_beside(small, "th", {"title": "เล็ก"}, header={"X-Review-Status": "draft"})
    _po_beside(small, "id", {"title": "Kecil"})
    assert pomod.is_draft(small, "th")
    assert not pomod.is_draft(small, "id")
    assert not pomod.is_draft(small, "vi")


def test_draft_language_workbook_says_so(small, tmp_path):
    from openpyxl import load_workbook

    from ledcheck.collect.workbook import write_template
    _po_beside(small, "th", {"title": "เล็ก"}, header={"X-Review-Status": "draft"})
    merged = pomod.merge(small)
    out = tmp_path / "th.xlsx"
    write_template(merged, out, lang="th")
    ws = load_workbook(out)["Instructions"]
    # a Thai officer reads the notice in Thai; ledcheck's Thai words are themselves a draft, so
    # the English notice follows it
    assert THAI_NOTICE in [ws.cell(r, 1).value for r in range(1, 6)]
    out = tmp_path / "vi.xlsx"                      # a draft PO in a reviewed language: its words
    _po_beside(small, "vi", {"title": "Nhỏ"}, header={"X-Review-Status": "draft"})
    write_template(pomod.merge(small), out, lang="vi")
    ws = load_workbook(out)["Instructions"]
    assert "Bản dịch nháp, chưa được rà soát." in [ws.cell(r, 1).value for r in range(1, 6)]


THAI_NOTICE = "คำแปลฉบับร่าง ยังไม่ได้ตรวจทาน (Draft translation, not yet reviewed)"


def test_unreadable_po_is_reported_not_raised(small):
    path = pomod.po_path(small, "id")
    path.write_bytes(b"msgid \"unterminated\nmsgstr")
    problems = []
    merged = pomod.merge(small, problems=problems)
    assert merged is small and problems and problems[0].file == str(path)


def test_default_checklist_round_trips_through_po(tmp_path):
    folder = tmp_path / "cl"
    folder.mkdir()
    shutil.copy(DEFAULT, folder / DEFAULT.name)
    c = load(folder / DEFAULT.name)
    n = len(pomod.write_po(c, "id", folder / "sme-me-aec.id.po"))
    po = polib.pofile(str(folder / "sme-me-aec.id.po"))
    assert len(po) == n and len({e.msgctxt for e in po}) == n           # every place once
    for e in po:
        e.msgstr = "[id] " + e.msgid
    po.save()
    merged = pomod.merge(c)
    assert "id" in merged.languages
    assert all(i.text.get("id").startswith("[id] ") for i in merged.indicators.values())
    assert pomod.completeness(c, folder / "sme-me-aec.id.po") == []


def test_check_translations_covers_every_po_beside(small):
    _po_beside(small, "id", {"title": "Kecil"})
    _po_beside(small, "th", {"title": "เล็ก"})
    notes = pomod.check_translations(small)
    assert {n.file.rsplit(".", 2)[-2] for n in notes} == {"id", "th"}
    assert all(n.severity == "note" for n in notes)


def test_regenerating_keeps_translations_as_msgmerge_does(small, tmp_path):
    path = _po_beside(small, "id", {"title": "Kecil", "A.text": "Alfa", "s.title": "Bagian"},
                      header={"X-Review-Status": "draft", "Language-Team": "Tim ID"}, stale=("s.title",))
    # s.title's msgid is now the old wording; Z9.text is a place the checklist does not have
    po = pomod.write_po(small, "id", path)
    by = {e.msgctxt: e for e in po if not e.obsolete}
    assert by["A.text"].msgstr == "Alfa" and "fuzzy" not in by["A.text"].flags
    assert by["s.title"].msgstr == "Bagian" and "fuzzy" in by["s.title"].flags
    assert by["s.title"].msgid == "Section one" and by["s.title"].previous_msgid == "Section one (old wording)"
    assert [e.msgctxt for e in po if e.obsolete] == ["Z9.text"]
    reread = polib.pofile(str(path))
    assert reread.metadata["X-Review-Status"] == "draft" and reread.metadata["Language-Team"] == "Tim ID"
    assert {e.msgctxt: e.msgstr for e in reread if not e.obsolete}["A.text"] == "Alfa"
    # the fuzzy entry is not used until reviewed
    assert pomod.merge(small).sections[0].title.get("id") == "Section one"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_check_accepts_the_po_file(tmp_path):
    import subprocess
    out = tmp_path / "sme-me-aec.th.po"
    po = pomod.write_po(load("sme-me-aec"), "th", out, draft=True)
    for e in po:
        e.msgstr = "ท " + e.msgid
    # what a translator's tool (Poedit) fills in; msgfmt warns while they hold xgettext's placeholders
    po.metadata.update({"Last-Translator": "Somchai <s@example.org>", "PO-Revision-Date": "2026-11-30 09:00+0700"})
    po.save(str(out))
    r = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_draft_language_form_says_so(small):
    from ledcheck.collect.xlsform import build_xlsform
    _po_beside(small, "th", {"title": "เล็ก"}, header={"X-Review-Status": "draft"})
    rows = {r["name"]: r for r in build_xlsform(pomod.merge(small))["survey"] if r.get("name")}
    assert rows["subject"]["hint::Thai (th)"] == THAI_NOTICE
    assert "hint::Vietnamese (vi)" not in rows["subject"]
