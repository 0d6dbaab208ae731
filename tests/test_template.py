"""``ledcheck template``: a blank submission that, filled in as its comments say, is valid.

The fill-in helpers here (:func:`answer_values`, :func:`fill`) write answers into the template's
text the way an evaluator does in an editor, replacing ``  ID:`` lines; test_schema.py reuses them.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ledcheck.cli import app
from ledcheck.expr import evaluate
from ledcheck.library import load
from ledcheck.scoring import score
from ledcheck.template import WIDTH, render_template

ROOT = Path(__file__).resolve().parent.parent
KEY_LINE = re.compile(r"^  (?P<key>'[^']*'|[^\s#'\"][^:#]*):$")


@pytest.fixture(scope="module")
def default():
    return load("sme-me-aec")


# --------------------------------------------------------------------------- fill-in helpers

def flow(value) -> str:
    """A value as YAML flow text, as an evaluator would type it."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()[1:-1]


def answer_values(checklist, mode: str = "best", rnd: random.Random | None = None) -> dict[str, str]:
    """id -> YAML text of a valid answer for every applicable indicator, in ask order.

    ``mode`` is best (highest values), worst (lowest: many conditions turn false) or random.
    Evidence is added where required, breakdowns where declared, ``na`` sometimes where allowed.
    """
    rnd = rnd or random.Random(0)
    py: dict = {}
    out: dict[str, str] = {}
    for ind in checklist.indicators.values():
        if ind.when is not None and not evaluate(ind.when, py):
            continue
        extras = []
        if ind.evidence == "required":
            extras.append('evidence: "Council resolution 12/2025: p. 3 # annex"')
        if mode == "random" and ind.allow_na and rnd.random() < 0.3:
            out[ind.id] = "{value: na, " + ", ".join(extras + ['note: "not relevant"']) + "}"
            continue
        t = ind.type
        if t == "levels":
            values = [lv.value for lv in ind.levels]
            v = {"best": max(values), "worst": min(values)}.get(mode) if mode != "random" else rnd.choice(values)
        elif t == "yesno":
            choices = [True, False] + (["partial"] if ind.partial else [])
            v = {"best": True, "worst": False}.get(mode) if mode != "random" else rnd.choice(choices)
        elif t == "choice":
            ids = [o.id for o in sorted(ind.options, key=lambda o: o.score)]
            v = {"best": ids[-1], "worst": ids[0]}.get(mode) if mode != "random" else rnd.choice(ids)
        elif t == "multi":
            ids = [o.id for o in ind.options]
            v = {"best": ids, "worst": []}.get(mode) if mode != "random" else \
                rnd.sample(ids, rnd.randint(0, len(ids)))
        elif t == "number":
            lo = ind.min if ind.min is not None else min(ind.baseline, ind.target) - 10
            hi = ind.max if ind.max is not None else max(ind.baseline, ind.target) * 2 + 10
            if mode == "random":
                v = rnd.randint(int(lo) if lo == int(lo) else int(lo) + 1, int(hi))
            else:
                v = ind.target if mode == "best" else ind.baseline
            v = min(max(v, lo), hi)
            if ind.disaggregate and v >= 0 and float(v).is_integer():
                v = int(v)
                parts = []
                for name in ind.disaggregate:
                    cats = checklist.disaggregations[name]
                    split = [v // len(cats)] * (len(cats) - 1)
                    split.append(v - sum(split))
                    parts.append(f"{name}: {{" + ", ".join(f"{flow(c)}: {n}" for c, n in zip(cats, split)) + "}")
                extras.append("by: {" + ", ".join(parts) + "}")
        else:
            v = "Learned from Hue: one-stop shop # see annex"
        if t != "text":
            py[ind.id] = v
        out[ind.id] = "{value: " + ", ".join([flow(v)] + extras) + "}" if extras else flow(v)
    return out


def fill(text: str, values: dict[str, str], header: dict[str, str] | None = None) -> str:
    """The template with ``  ID:`` lines (and header keys) filled in."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = KEY_LINE.match(line)
        if m:
            key = yaml.safe_load(m.group("key"))
            if isinstance(key, str) and key in values:
                lines[i] = f"{line} {values[key]}"
            continue
        for k, v in (header or {}).items():
            if re.match(rf"^{k}:\s*(#.*)?$", line):
                lines[i] = f"{k}: {v}"
    return "\n".join(lines) + "\n"


def filled_template(checklist, mode="best", seed=0, lang=None, subject="Da Nang City") -> str:
    text = render_template(checklist, lang=lang, subject=subject)
    header = {"assessor": '"Nguyễn Thị Lan"', "date": "2026-03-01", "period": "2026-Q1"}
    return fill(text, answer_values(checklist, mode, random.Random(seed)), header)


def problems_of(checklist, text: str):
    return score(checklist, yaml.safe_load(text)).problems


# --------------------------------------------------------------------------- structure

def test_parses_with_header_and_every_indicator_in_order(default):
    text = render_template(default)
    data = yaml.safe_load(text)
    assert data["ledcheck"] == 1
    assert data["checklist"] == "sme-me-aec"
    assert data["checklist_version"] == default.version and isinstance(data["checklist_version"], str)
    assert '\nchecklist_version: "2026.1"\n' in text
    for key in ("subject", "assessor", "date", "period"):
        assert key in data and data[key] is None
    assert list(data["answers"]) == list(default.indicators)
    assert all(v is None for v in data["answers"].values())


def test_header_says_what_it_is_and_how_to_check_it(default):
    text = render_template(default)
    head = text.split("\nledcheck: 1\n")[0]
    assert all(line.startswith("#") or not line for line in head.splitlines())
    assert "M&E checklist for SME development" in head
    assert "sme-me-aec" in head and "2026.1" in head
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


def test_comments_describe_each_type_in_its_own_terms(default):
    text = render_template(default)
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
    assert "Baseline 40, target 90 (higher is better)." in st6
    assert "Answer only if ST1 >= 2" in st6
    gg7 = _block(text, "GG7")
    assert "Baseline 30, target 7 (lower is better)." in gg7
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


def test_vietnamese(default):
    text = render_template(default, lang="vi")
    data = yaml.safe_load(text)
    assert list(data["answers"]) == list(default.indicators)
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
    assert render_template(default, lang="th") == render_template(default)
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
    assert statuses <= {"missing", "not_applicable", "unscored"}
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

EDGE = """\
ledcheck: 1
id: edge
version: "0.1 beta: #2"
title: {en: "Edge: cases", fr: "Cas limites"}
languages: [en, fr]
disaggregations:
  region: [north, south, "east: x"]
scales:
  own:
    type: levels
    levels:
      - {value: -1, label: Worse, score: 0}
      - {value: 0.5, label: Same, score: 0.25}
      - {value: 2, label: {en: Better, fr: Mieux}, score: 1}
sections:
  - id: outer
    title: Outer
    sections:
      - id: middle
        title: Middle
        weight: 0
        sections:
          - id: inner
            title: Inner
            indicators:
              - id: "On"
                text: An id that YAML 1.1 would read as a boolean
                type: yesno
              - id: "Null"
                text: |
                  Line one
                  # not a key: x

                  paragraph two
                type: choice
                options:
                  - {id: "1", label: One, score: 1}
                  - {id: "2", score: 2}
                  - {id: "yes: no", score: 0}
      - id: outer.b
        title: B
        indicators:
          - {id: N1, text: Lower is better, type: number, baseline: 10, target: -5, disaggregate: [region]}
          - {id: N2, text: Unbounded, type: number, target: 3, allow_na: true, when: "N1 < 0"}
          - {id: M1, text: Pick, type: multi, options: [{id: a, score: 1}], evidence: required}
          - {id: L1, text: Own scores, scale: own, when: "M1x == 1", weight: 3}
          - {id: T1, text: Notes, type: text, allow_na: true}
"""
EDGE = EDGE.replace('when: "M1x == 1"', 'when: "N1 >= 0 or N1 < 0"')


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
    assert "Baseline 10, target -5 (lower is better)." in text
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
