"""``ledcheck template``: a blank submission that, filled in as its comments say, is valid.

The fill-in helpers (``helpers.answer_values``, ``helpers.fill``) write answers into the template's
text the way an evaluator does in an editor, replacing ``  ID:`` lines.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ledcheck.cli import app
from ledcheck.library import load
from ledcheck.scoring import score
from ledcheck.template import WIDTH, render_template

from helpers import EDGE, KEY_LINE, answer_values, fill, filled_template

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def default():
    return load("sme-me-aec")


@pytest.fixture(scope="module")
def v10():
    """The 2026.1 default checklist (the 1.0 corpus, tests/v1_0/): the comment tests below quote
    its indicators' texts, guidance and options word for word."""
    return load(str(ROOT / "tests" / "v1_0" / "sme-me-aec-2026.1.yaml"))


def problems_of(checklist, text: str):
    return score(checklist, yaml.safe_load(text)).problems


# --------------------------------------------------------------------------- structure

def test_parses_with_header_and_every_indicator_in_order(default):
    text = render_template(default)
    data = yaml.safe_load(text)
    assert data["ledcheck"] == 1
    assert data["checklist"] == "sme-me-aec"
    assert data["checklist_version"] == default.version and isinstance(data["checklist_version"], str)
    assert '\nchecklist_version: "2026.2"\n' in text
    for key in ("subject", "assessor", "date", "period"):
        assert key in data and data[key] is None
    assert list(data["answers"]) == list(default.indicators)
    assert all(v is None for v in data["answers"].values())


def test_header_says_what_it_is_and_how_to_check_it(default):
    text = render_template(default)
    head = text.split("\nledcheck: 1\n")[0]
    assert all(line.startswith("#") or not line for line in head.splitlines())
    assert "M&E checklist for SME development" in head
    assert "sme-me-aec" in head and "2026.2" in head
    assert "ledcheck validate FILE" in head
    assert "evidence:" in head and "na" in head


def test_section_banners_in_order_with_nesting(default):
    text = render_template(default)
    banners = re.findall(r"^  # (?:--- )?(\d+(?:\.\d+)*)\.? (.+?) \[([^\]]+)\]", text, re.M)
    ids = [b[2] for b in banners]
    assert ids == [s.id for s in default.walk_sections()]
    assert ("1", "SME strategy and road map", "strategy") in banners
    assert ("1.1", "Planning and design", "strategy.plan") in banners
    assert "(in 1. SME strategy and road map)" in text
    assert "(weight 2)" in text     # strategy.impl weighs double
    # every indicator comes after its section's banner and before the next section's
    for sec in default.walk_sections():
        start = text.index(f"[{sec.id}]")
        for ind in sec.indicators:
            assert text.index(f"\n  {ind.id}:\n") > start


def _block(text: str, iid: str) -> str:
    """The comment block above ``  ID:``."""
    end = text.index(f"\n  {iid}:\n")
    start = text.rindex("\n\n", 0, end)
    return text[start:end]


def test_comments_describe_each_type_in_its_own_terms(v10):
    text = render_template(v10)
    st1 = _block(text, "ST1")
    assert "# ST1: A local SME development strategy or action plan" in st1
    assert "Guidance: Verify the adopted document" in st1
    assert "0 = Not in place — No such measure exists" in st1
    assert "4 = Monitored and improved — Results are tracked" in st1
    assert "Evidence required:" in st1 and 'ST1: {value: ..., evidence: "..."}' in st1
    assert "Weight 2." in st1
    assert "Answer yes, no or partial." in _block(text, "ST2")
    assert "Answer yes or no." in _block(text, "RC5")
    st3 = _block(text, "ST3")
    assert "internal = By government staff only (score 0)" in st3
    assert "Answer only if ST1 >= 1; otherwise leave it empty." in st3
    st4 = _block(text, "ST4")
    assert "Answer a list of option ids, e.g. [finance, markets], or [] for none:" in st4
    assert "The full score needs 6 points." in st4
    st6 = _block(text, "ST6")
    assert "Answer a number (unit: %), from 0 to 100." in st6
    assert "Baseline 40, target 90 (↑ higher is better)." in st6
    assert "Answer only if ST1 >= 2" in st6
    gg7 = _block(text, "GG7")
    assert "Baseline 30, target 7 (↓ lower is better)." in gg7
    assert "Write na if it does not apply." in gg7
    assert "Write na" not in st6
    lr7 = _block(text, "LR7")
    assert "LR7: {value: ..., by: {sex: {female: , male: }}}" in lr7
    assert "by: {sex: {female: , male: }, size: {micro: , small: , medium: }}" in _block(text, "CM3")
    assert "Answer in free text (not scored)." in _block(text, "RC6")


def test_lines_are_wrapped_and_are_all_comments_or_keys(default):
    for lang in ("en", "vi"):
        text = render_template(default, lang=lang)
        for line in text.splitlines():
            if "{value: ..." in line:       # YAML examples are never broken
                continue
            assert len(line) <= WIDTH, line
        body = text.split("\nanswers:\n")[1]
        for line in body.splitlines():
            assert line == "" or line.startswith("  # ") or KEY_LINE.match(line), line


def test_vietnamese(v10):
    text = render_template(v10, lang="vi")
    data = yaml.safe_load(text)
    assert list(data["answers"]) == list(v10.indicators)
    st1 = _block(text, "ST1")
    assert "Chiến lược hoặc kế hoạch hành động phát triển DNNVV" in st1
    assert "Hướng dẫn: Kiểm tra văn bản đã ban hành" in st1
    assert "0 = Chưa có — Chưa có biện pháp này" in st1
    assert "Bắt buộc có nguồn kiểm chứng" in st1
    assert "Chỉ trả lời nếu ST1 >= 1" in _block(text, "ST3")
    assert "Không định kỳ" in _block(text, "ST8")
    assert "Phiếu trả lời ledcheck" in text and "ledcheck validate FILE" in text
    assert "Guidance" not in text
    text.encode("utf-8")


def test_unknown_language_falls_back_to_default(default):
    # "fr": neither a language of the checklist nor of a PO file beside it (th and id now are)
    assert render_template(default, lang="fr") == render_template(default)
    assert render_template(default, lang=None) == render_template(default, lang="en")


# --------------------------------------------------------------------------- filling it in

@pytest.mark.parametrize("mode,seed,lang", [("best", 0, None), ("worst", 0, None), ("random", 1, None),
                                            ("random", 2, "vi"), ("random", 3, None), ("random", 4, "vi")])
def test_filled_template_scores_without_problems(default, mode, seed, lang):
    text = filled_template(default, mode, seed, lang)
    result = score(default, yaml.safe_load(text))
    assert [p.format() for p in result.problems] == []
    assert result.counts["missing"] == 0 and result.complete
    assert result.subject == "Da Nang City" and result.date == "2026-03-01"
    assert result.assessor == "Nguyễn Thị Lan"
    if mode == "best":
        assert result.score == pytest.approx(100.0)
    if mode == "worst":
        assert result.score == pytest.approx(0.0)


def test_filled_template_passes_validate_cli(default, tmp_path):
    path = tmp_path / "da-nang.yaml"
    path.write_text(filled_template(default, "random", 7, "vi"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output


def test_blank_template_counts_everything_as_missing_without_errors(default):
    result = score(default, yaml.safe_load(render_template(default, subject="Hue City")))
    assert result.problems == []
    assert result.counts["answered"] == 0
    statuses = {i.status for s in result.sections for sec in s.walk() for i in sec.indicators}
    # implied: follow-ups with when_false: zero whose trigger is unanswered count 0 unasked
    assert statuses <= {"missing", "not_applicable", "implied", "unscored"}
    assert result.score == 0


def test_blank_template_without_subject_only_asks_for_the_subject(default):
    # subject is required (FORMAT.md §2): the empty one is the template's only error
    problems = score(default, yaml.safe_load(render_template(default))).problems
    assert [(p.severity, p.path) for p in problems] == [("error", "subject")]


@pytest.mark.parametrize("subject", ["Da Nang: City # 1", "yes", "null", "123", "2026-03-01", "'quoted'",
                                     'say "hi"', "- dash", "Thừa Thiên Huế", "a\nb", " padded ", "{x}",
                                     "@home", "%x", "*ref", "!tag", "~", "on"])
def test_subject_is_quoted_safely(default, subject):
    text = render_template(default, subject=subject)
    data = yaml.safe_load(text)
    assert data["subject"] == subject
    assert list(data["answers"]) == list(default.indicators)


# --------------------------------------------------------------------------- other checklists



@pytest.fixture
def edge(checklist_from):
    return checklist_from(EDGE)


def test_edge_checklist_template_parses_and_fills(edge):
    text = render_template(edge, subject="Town")
    data = yaml.safe_load(text)
    assert list(data["answers"]) == ["On", "Null", "N1", "N2", "M1", "L1", "T1"]
    assert data["checklist_version"] == "0.1 beta: #2"
    assert "  'On':" in text and "  'Null':" in text
    assert "#   paragraph two" not in text and "\n  # not a key" not in text
    assert "-1 = Worse (score 0)" in text and "0.5 = Same (score 0.25)" in text
    assert "'1' = One (score 1)" in text and "'yes: no' (score 0)" in text
    assert "Baseline 10, target -5 (↓ lower is better)." in text
    assert "region: {north: , south: , 'east: x': }" in text
    assert "(weight 0)" in text
    assert "(in 1. Outer > 1.1 Middle)" in text
    for mode, seed in (("best", 0), ("worst", 0), ("random", 1), ("random", 2), ("random", 3)):
        filled = fill(text, answer_values(edge, mode, random.Random(seed)))
        assert [p.format() for p in problems_of(edge, filled)] == [], (mode, seed)


def test_french_checklist_text_with_english_words(edge):
    text = render_template(edge, lang="fr")
    assert "Cas limites" in text and "2 = Mieux (score 1)" in text
    assert "Answer one level:" in text


def test_checklist_without_indicators_gives_empty_answers(edge):
    from dataclasses import replace
    empty = replace(edge, indicators={})
    data = yaml.safe_load(render_template(empty, subject="X"))
    assert data["answers"] == {}


# --------------------------------------------------------------------------- command line

def test_cli_writes_file(tmp_path, default):
    out = tmp_path / "blank.yaml"
    result = CliRunner().invoke(app, ["template", "-o", str(out), "--lang", "vi", "--subject", "Huế: 2026"])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.decode("utf-8") == render_template(default, lang="vi", subject="Huế: 2026")
    assert "Hướng dẫn".encode("utf-8") in raw
    assert yaml.safe_load(raw)["subject"] == "Huế: 2026"


@pytest.mark.parametrize("subject", ["Huế: 2026", "=HYPERLINK(\"x\")"])
def test_cli_workbook_takes_the_subject(tmp_path, default, subject):
    """``template -f xlsx --subject NAME`` fills in the Subject sheet as the YAML template does
    (it used to be ignored: validating the workbook said "missing required key 'subject'"); a
    subject that looks like a formula stays text."""
    from openpyxl import load_workbook

    from ledcheck.collect.workbook import read_workbook
    out = tmp_path / "hue.xlsx"
    r = CliRunner().invoke(app, ["template", "-f", "xlsx", "--subject", subject, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert read_workbook(out, default).data["subject"] == subject
    ws = load_workbook(out)["Subject"]
    cell = next(ws.cell(r, 3) for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "subject")
    assert cell.value == subject and cell.data_type == "s" and not cell.protection.locked
    r = CliRunner().invoke(app, ["validate", str(out)])
    assert r.exit_code == 0 and "subject" not in r.output, r.output


def test_cli_stdout_and_checklist_argument(default):
    result = CliRunner().invoke(app, ["template", str(ROOT / "checklists" / "sme-me-aec.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout == render_template(default)


def test_cli_unknown_language_warns_and_uses_default(default):
    result = CliRunner().invoke(app, ["template", "--lang", "xx"])
    assert result.exit_code == 0
    assert "has no language 'xx'" in result.stderr
    assert result.stdout == render_template(default)


def test_cli_unknown_checklist_is_usage_error():
    result = CliRunner().invoke(app, ["template", "no-such-checklist"])
    assert result.exit_code == 2


def test_checklist_without_version_omits_checklist_version(checklist_from):
    cl = checklist_from("""\
        ledcheck: 1
        id: nover
        title: No version
        sections:
          - {id: s, title: S, indicators: [{id: A, text: First, type: yesno}]}
        """)
    text = render_template(cl, subject="X")
    assert "checklist_version" not in text and "# Checklist: nover\n" in text
    assert problems_of(cl, fill(text, {"A": "yes"})) == []


# --------------------------------------------------------------------------- 1.1 (FORMAT.md §6)

def test_template_under_a_profile_lists_only_its_indicators():
    from ledcheck.checklist import load_checklist
    from ledcheck.profiles import UnknownProfileError
    cl = load_checklist(Path(__file__).parent / "cases" / "v1_1" / "valid.yaml")
    text = render_template(cl, profile="core")
    data = yaml.safe_load(text)
    assert list(data["answers"]) == ["ST1", "ST2"] and data["profile"] == "core"
    assert "[services]" not in text
    whole = yaml.safe_load(render_template(cl, profile="all"))
    assert list(whole["answers"]) == ["ST1", "ST2", "BS1"] and whole["profile"] is None
    with pytest.raises(UnknownProfileError):
        render_template(cl, profile="nope")


def test_template_mentions_no_data_when_false_direction_and_subject_fields():
    from ledcheck.checklist import load_checklist
    cl = load_checklist(Path(__file__).parent / "cases" / "v1_1" / "valid.yaml")
    text = render_template(cl)
    assert "Write no_data if it was not measured (it is left out of the score)." in text
    assert "If the condition is false, it counts as 0 without being asked." in text
    assert "Baseline 0, target 500 (↑ higher is better)." in text
    assert "# meta:" in text and "#   province:" in text and "Province; text; required" in text
    assert "#   population:" in text and "a number, from 0 to 100000000" in text
    assert "one of: I, II, III (Class III)" in text
    for key in ("subject_id:", "reference_period:", "profile:"):
        assert f"\n{key}" in text
    data = yaml.safe_load(text)
    assert data["subject_id"] is None and data["reference_period"] is None and data["profile"] is None
