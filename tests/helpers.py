"""Shared test helpers, in one place instead of test files importing each other.

Import them as ``from helpers import ...`` (pytest puts ``tests/`` on ``sys.path``; the test
files have no package). Sections:

- paths of the repository and tiny checklists built from YAML text;
- small checklists and texts several files share (``TINY``, ``EDGE``, ``EVIL``);
- result builders (``make_result``, ``result_section``, ``result_indicator``), result walkers
  and poisoned results for the renderers;
- filling in a template as an evaluator would (``answer_values``, ``fill``, ``filled_template``);
- filled workbooks and ODK Central / KoboToolbox exports (``fill_workbook``, ``odk_central_csv``,
  ``kobo_csv``);
- generated checklists through YAML (``checklist_from_dict``, ``roundtrip``, ``flatten_result``);
- running the real command line in a subprocess, with its peak memory (``cli``, ``Run``).

Heavy or fast-changing parts of ledcheck (renderers, template, benchmarks/generate.py) are
imported inside the helpers that use them, so importing this module stays cheap.
"""
from __future__ import annotations

import copy
import csv
import datetime as _dt
import io
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from ledcheck import yamlio
from ledcheck.checklist import check_document
from ledcheck.collect import workbook, xlsform
from ledcheck.collect.common import NA, NO_DATA, fmt_num
from ledcheck.library import load

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CHECKLISTS = ROOT / "checklists"
EXAMPLES = CHECKLISTS / "examples"
DEFAULT = CHECKLISTS / "sme-me-aec.yaml"
EXAMPLE = EXAMPLES / "hue-2025.yaml"
RENDER_DATA = TESTS / "data" / "render" / "results.json"
MB = 1024 * 1024
LOCATED = r":\d+:\d+: error: "  # FILE:LINE:COL: error:
# Wall-clock guard against a run that hangs (a test fails then, not CI); never a speed check:
# limits on speed are on CPU time (Run.cpu_seconds), which other work on the machine does not inflate.
HANG = 600.0


# --------------------------------------------------------------------------- checklists from text

def make_checklist(text: str, name: str = "test.yaml"):
    """A valid Checklist from YAML text (dedented); fails the test with the problems otherwise."""
    doc = yamlio.load_bytes(textwrap.dedent(text).encode("utf-8"), name)
    checklist, problems = check_document(doc)
    assert checklist is not None, "\n".join(p.format() for p in problems)
    return checklist


# A small checklist with two languages, disaggregations and every kind of question the
# interactive assessment asks (test_assess_session.py, test_assess_cli.py).
TINY = """
ledcheck: 1
id: tiny
version: "1"
title: Tiny checklist
languages: [en, vi]
disaggregations:
  sex: [female, male]
  size: [micro, small, medium]
sections:
  - id: a
    title: {en: Alpha, vi: Anpha}
    indicators:
      - id: A1
        text: {en: Strategy adopted, vi: Chien luoc}
        type: levels
        levels:
          - {value: 0, label: None}
          - {value: 1, label: Planned}
          - {value: 2, label: Done}
        evidence: required
      - id: A2
        text: Roles assigned
        type: yesno
        partial: true
      - id: A3
        text: How was it prepared
        type: choice
        options:
          - {id: internal, score: 0}
          - {id: consulted, score: 1}
          - {id: codesigned, score: 2}
        when: "A1 >= 1"
      - id: A4
        text: Areas covered
        type: multi
        options:
          - {id: finance, score: 1}
          - {id: markets, score: 1}
          - {id: digital, score: 1}
        when: "A3 == 'codesigned'"
    sections:
      - id: a.sub
        title: Numbers
        indicators:
          - id: B1
            text: Businesses registered
            type: number
            unit: businesses
            min: 0
            target: 100
            disaggregate: [sex]
          - id: B2
            text: SMEs supported
            type: number
            min: 0
            target: 50
            disaggregate: [sex, size]
          - id: B3
            text: Review done
            type: yesno
            allow_na: true
          - id: B4
            text: Comments
            type: text
          - id: B5
            text: Share online
            type: number
            unit: "%"
            min: 0
            max: 100
            baseline: 10
            target: 50
"""


# A checklist of edge cases for templates and schemas: YAML 1.1 booleans as ids, keys with
# ': ' and '#', nested sections with weight 0, an own scale (test_template.py, test_schema.py).
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


# A checklist whose shares and scores are easy to compute by hand (test_api.py,
# test_list_show.py, test_jobs.py). Top level: a (weight 1) 25 %, b (weight 3) 75 %.
# In a: A1 (weight 2) 2/3 of 25 % = 16.67 %, A2 8.33 %. In b: B1 and sub-section c share 75 %
# equally, so B1 37.5 % and C1 37.5 %; T1 is text (not scored). The shares add up to 100.
SHARES = """\
ledcheck: 1
id: shares
version: "1.0"
title: {en: Shares checklist, vi: Bảng kiểm tỷ trọng}
languages: [en, vi]
sections:
  - id: a
    title: {en: Alpha, vi: Anpha}
    indicators:
      - {id: A1, text: {en: Strategy adopted, vi: Chiến lược được thông qua}, type: yesno, weight: 2}
      - {id: A2, text: {en: Roles assigned, vi: Phân công vai trò}, type: yesno, partial: true}
  - id: b
    title: {en: Beta, vi: Bê-ta}
    weight: 3
    indicators:
      - {id: B1, text: {en: Firms registered, vi: Doanh nghiệp đăng ký}, type: number, baseline: 0, target: 200}
      - {id: T1, text: {en: Lessons learned, vi: Bài học}, type: text}
    sections:
      - id: c
        title: {en: Gamma, vi: Gam-ma}
        indicators:
          - id: C1
            text: {en: Maturity, vi: Mức độ}
            type: levels
            levels:
              - {value: 0, label: None}
              - {value: 1, label: Some}
              - {value: 2, label: Much}
              - {value: 4, label: Full}
"""
SHARES_PERCENT = {"a": 25.0, "b": 75.0, "c": 37.5,
                  "A1": 50 / 3, "A2": 25 / 3, "B1": 37.5, "C1": 37.5}


def shares_submission(subject: str = "Test City", answers: str = "{A1: yes, A2: partial, B1: 50, C1: 1}",
                      checklist: str = "shares") -> str:
    """A submission to :data:`SHARES`. The default answers score, by hand: a = (2*1 + 0.5)/3
    = 83.33; c = C1 1 of 0..4 = 25; b = mean(B1 50/200 = 25, c 25) = 25; overall
    (83.33*1 + 25*3)/4 = 39.583."""
    return f"ledcheck: 1\nchecklist: {checklist}\nsubject: {json.dumps(subject)}\nanswers: {answers}\n"


# Injection attempts in one string: HTML, attributes, Markdown, a spreadsheet formula.
EVIL = (
    "<script>alert(1)</script>\" onmouseover=\"alert(2)\" x='<img src=x onerror=alert(3)>"
    " | *bold* _it_ [link](javascript:x) `code` &lt; \\ ~~s~~ # \n=HYPERLINK(\"http://x\")"
)


def feed(s, *lines: str):
    """Feed lines to an assess ``Session``; fail on the first error unless the line starts with '!'
    (error expected)."""
    from ledcheck.assess.session import ERROR
    out = None
    for line in lines:
        expect_error = line.startswith("!")
        out = s.feed(line[1:] if expect_error else line)
        if expect_error:
            assert out.kind == ERROR, (line, out)
        else:
            assert out.kind != ERROR, (line, out.message)
    return out


# --------------------------------------------------------------------------- results

def all_indicators(result: dict) -> list[dict]:
    """Every indicator of a result (FORMAT.md §4), through nested sections, in order."""
    def walk(sections):
        for s in sections or ():
            yield from s.get("indicators") or ()
            yield from walk(s.get("sections"))

    return list(walk(result.get("sections")))


def indicators_by_id(result: dict) -> dict[str, dict]:
    """{id: indicator} of a result, through nested sections."""
    return {i["id"]: i for i in all_indicators(result)}


def result_indicator(iid, value, score, status="answered", **extra) -> dict:
    """An indicator result as FORMAT.md §4 (plus any 1.1 keys given)."""
    return {"id": iid, "value": value, "score": score, "weight": 1, "status": status,
            "evidence": None, "note": None, **extra}


def result_section(sid, score, indicators=(), sections=(), rating=None) -> dict:
    """A section result as FORMAT.md §4."""
    return {"id": sid, "title": sid.title(), "weight": 1, "score": score, "rating": rating,
            "indicators": list(indicators), "sections": list(sections)}


def make_result(subject, score, *, sections=(), source=None, subject_id=None, date=None,
                reference_period=None, period=None, meta=None, checklist=("cl", "1"), rating=None,
                profile=None) -> dict:
    """A scored result with only what the monitoring code reads (test_monitor_*.py)."""
    r = {"ledcheck": 1,
         "checklist": {"id": checklist[0], "version": checklist[1], "sha256": f"sha-{checklist[1]}"},
         "source": source or f"{subject}-{period or date or reference_period}.yaml",
         "subject": subject, "assessor": None, "date": date, "period": period,
         "score": score, "rating": rating, "complete": True, "counts": {},
         "sections": list(sections), "problems": []}
    if subject_id is not None:
        r["subject_id"] = subject_id
    if reference_period is not None:
        r["reference_period"] = reference_period
    if meta is not None:
        r["meta"] = meta
    if profile is not None:
        r["profile"] = profile
    return r


def load_render_data():
    """(results, labels) of tests/data/render/results.json: two realistic results of one
    checklist with nested sections, every status, a disaggregated answer and problems."""
    from ledcheck.render import Labels
    data = json.loads(RENDER_DATA.read_text(encoding="utf-8"))
    labels = {k: Labels(**v) for k, v in data["labels"].items()}
    return data["results"], labels


def evil_result(result: dict) -> dict:
    """Every string in the result (not the keys) replaced by injection attempts."""

    def poison(obj):
        if isinstance(obj, dict):
            return {k: poison(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [poison(v) for v in obj]
        if isinstance(obj, str):
            return EVIL + obj
        return obj

    bad = poison(copy.deepcopy(result))
    bad["subject"] = '=HYPERLINK("http://evil.example","x")'
    first = bad["sections"][0]["indicators"][1]
    first["by"] = {EVIL: {EVIL: 30}}
    return bad


def evil_labels(result: dict) -> dict:
    """Labels whose every title, text and unit is :data:`EVIL`."""
    from ledcheck.render import Labels
    texts = {}
    for section in result["sections"]:
        texts[section["id"]] = EVIL
    for ind in all_indicators(result):
        texts[ind["id"]] = EVIL
    return {result["checklist"]["id"]: Labels(title=EVIL, texts=texts, units={"S2": EVIL})}


# --------------------------------------------------------------------------- filling in a template

KEY_LINE = re.compile(r"^  (?P<key>'[^']*'|[^\s#'\"][^:#]*):$")


def flow(value) -> str:
    """A value as YAML flow text, as an evaluator would type it."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()[1:-1]


def answer_values(checklist, mode: str = "best", rnd: random.Random | None = None) -> dict[str, str]:
    """id -> YAML text of a valid answer for every applicable indicator, in ask order.

    ``mode`` is best (highest values), worst (lowest: many conditions turn false) or random.
    Evidence is added where required, breakdowns where declared, ``na`` sometimes where allowed.
    """
    from ledcheck.expr import evaluate
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
                    pairs = zip(cats, split, strict=True)
                    parts.append(f"{name}: {{" + ", ".join(f"{flow(c)}: {n}" for c, n in pairs) + "}")
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
    """The checklist's template filled in with :func:`answer_values` and a header."""
    from ledcheck.template import render_template
    text = render_template(checklist, lang=lang, subject=subject)
    header = {"assessor": '"Nguyễn Thị Lan"', "date": "2026-03-01", "period": "2026-Q1"}
    return fill(text, answer_values(checklist, mode, random.Random(seed)), header)


# --------------------------------------------------------------------------- form exports (collect)

# The collection tests' fixtures: their own mini checklist, a workbook filled as an officer would,
# and CSV/XLSX exports written as ODK Central and KoboToolbox write them.
ODK_META_TAIL = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                 "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
KOBO_META_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                  "_submitted_by", "__version__", "_tags", "_index"]


MINI_PATH = TESTS / "data" / "collect" / "mini.yaml"
"""The collection tests' own checklist: every type, conditions, N/A, breakdowns (independent of
the bundled checklist, whose ids change between versions)."""

MINI_FULL = {
    "ledcheck": 1, "checklist": "collect-mini", "subject": "Mini Town", "assessor": "Lan", "date": "2026-03-01",
    "period": "2026-Q1",
    "answers": {
        "A1": {"value": 2, "evidence": "Resolution 12/2025"},
        "A2": "partial",
        "A3": "consulted",
        "A4": ["finance", "skills"],
        "B1": {"value": 45.5, "note": "from the portal"},
        "B2": {"value": 320, "target": 600, "by": {"sex": {"female": 120, "male": 200},
                                                  "size": {"micro": 200, "small": 100, "medium": 20}}},
        "B3": {"value": 40, "by": {"sex": {"female": 40, "male": 0}}},
        "B4": True,
        "B5": {"value": 7, "baseline": 25},
        "C1": "Start with the one-stop shop; train women-led SMEs first.",
    },
}
"""A valid, complete submission of the mini checklist (every answer form a YAML file can hold)."""


def mini():
    return load(MINI_PATH)


def mini_sub(**answers) -> dict:
    """MINI_FULL with some answers replaced (None removes one)."""
    data = {**MINI_FULL, "answers": dict(MINI_FULL["answers"])}
    for k, v in answers.items():
        if v is None:
            data["answers"].pop(k, None)
        else:
            data["answers"][k] = v
    return data


def default_checklist():
    return load("sme-me-aec")


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def comparable(result) -> dict:
    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    d = dict(d)
    d.pop("source", None)
    d.pop("problems", None)
    return d


# --------------------------------------------------------------------------- workbook filling

def answer_rows(path) -> dict[str, int]:
    from openpyxl import load_workbook
    ws = load_workbook(path)[workbook.ANSWERS]
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


def cell_text(ind, value, lang="en") -> object:
    """What an officer picks or types for a canonical value."""
    from ledcheck.collect.common import choices, entry, words
    if value == "na" or value == NO_DATA:
        return entry(value, words(lang)[value])
    if ind.type in ("levels", "yesno", "choice"):
        code = "yes" if value is True else "no" if value is False else fmt_num(value)
        for c, label in choices(ind, lang):
            if c == code:
                return entry(c, label)
        raise AssertionError(code)
    if ind.type == "multi":
        return ", ".join(value) if value else "[]"
    return value


def fill_workbook(blank: Path, out: Path, data: dict, checklist, lang="en") -> None:
    """Fill a template workbook with openpyxl as an officer would."""
    from openpyxl import load_workbook
    wb = load_workbook(blank)
    subj = wb[workbook.SUBJECT]
    for r in range(2, subj.max_row + 1):
        key = subj.cell(r, workbook.S_KEY).value
        if isinstance(key, str) and key.startswith("meta__") and key[6:] in (data.get("meta") or {}):
            subj.cell(r, workbook.S_VALUE).value = data["meta"][key[6:]]
        elif key in data and data[key] is not None:
            v = data[key]
            subj.cell(r, workbook.S_VALUE).value = v if not isinstance(v, str) else v
    ws = wb[workbook.ANSWERS]
    meta = wb[workbook.META_SHEET]
    by_cols = {}
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "by":
            by_cols[(meta.cell(r, 3).value, meta.cell(r, 4).value)] = meta.cell(r, 2).value
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    for iid, raw in data["answers"].items():
        ind = checklist.indicators[iid]
        r = rows[iid]
        value, extras = (raw.get("value"), raw) if isinstance(raw, dict) else (raw, {})
        if value is not None:
            ws.cell(r, workbook.C_VALUE).value = cell_text(ind, value, lang)
        if extras.get("evidence"):
            ws.cell(r, workbook.C_EVIDENCE).value = extras["evidence"]
        if extras.get("note"):
            ws.cell(r, workbook.C_NOTE).value = extras["note"]
        for key, col in (("baseline", workbook.C_BASELINE), ("target", workbook.C_TARGET)):
            if extras.get(key) is not None:
                ws.cell(r, col).value = extras[key]
        for name, parts in (extras.get("by") or {}).items():
            for cat, v in parts.items():
                ws.cell(r, by_cols[(name, cat)]).value = v
    wb.save(out)


# --------------------------------------------------------------------------- ODK / Kobo exports

def question_paths(checklist, sep="/") -> list[tuple[str, str]]:
    """(column name, question name) in form order, with group paths as the tools write them."""
    form = xlsform.build_xlsform(checklist)
    groups: list[str] = []
    out = []
    for row in form["survey"]:
        t = row["type"]
        if t == "begin_group":
            groups.append(row["name"])
        elif t == "end_group":
            groups.pop()
        else:
            out.append((sep.join(groups + [row["name"]]), row["name"]))
    return out


def export_cells(checklist, data: dict) -> dict[str, str]:
    """Question name -> cell text, as a form filled on a phone exports it."""
    cells: dict[str, str] = {}
    for key in ("subject", "subject_id", "period", "reference_period", "assessor", "date", "profile"):
        if data.get(key) is not None:
            v = data[key]
            cells[key] = v.isoformat() if isinstance(v, _dt.date) else str(v)
    for fid, v in (data.get("meta") or {}).items():
        cells[f"meta__{fid}"] = fmt_num(v) if isinstance(v, (int, float)) else str(v)
    for iid, raw in data["answers"].items():
        ind = checklist.indicators[iid]
        value, extras = (raw.get("value"), raw) if isinstance(raw, dict) else (raw, {})
        if value is None:
            continue
        if ind.type == "number":
            if value in (NA, NO_DATA):
                cells[f"{iid}__status"] = value
            else:
                cells[f"{iid}__status"] = "value"
                cells[iid] = fmt_num(value)
                for key in ("baseline", "target"):
                    if extras.get(key) is not None:
                        cells[f"{iid}__{key}"] = fmt_num(extras[key])
                for name, parts in (extras.get("by") or {}).items():
                    for cat, v in parts.items():
                        cells[xlsform.part_name(checklist, ind, name, cat)] = fmt_num(v)
        elif ind.type == "multi":
            cells[iid] = value if isinstance(value, str) else (" ".join(value) or "__none")
        elif value is True or value is False:
            cells[iid] = "yes" if value else "no"
        else:
            cells[iid] = fmt_num(value) if not isinstance(value, str) else value
        if extras.get("evidence"):
            cells[f"{iid}__evidence"] = extras["evidence"]
        if extras.get("note"):
            cells[f"{iid}__note"] = extras["note"]
    return cells


def _with_profile(paths: list[tuple[str, str]], submissions: list[dict]) -> list[tuple[str, str]]:
    """A form exported with --profile has a ``profile`` column (a hidden calculate): added when a
    submission was collected under a profile."""
    if any(d.get("profile") for d in submissions):
        return [*paths, ("profile", "profile")]
    return paths


def odk_central_csv(checklist, submissions: list[dict], sep: str = "-") -> str:
    """As ODK Central writes it: group paths joined with '-' (central-backend lib/data/briefcase.js)."""
    paths = _with_profile(question_paths(checklist, sep), submissions)
    header = ["SubmissionDate"] + [p for p, _ in paths] + ODK_META_TAIL
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for i, data in enumerate(submissions):
        cells = export_cells(checklist, data)
        uuid = f"uuid:0000-{i}"
        w.writerow(["2026-03-12T08:15:00.000Z"] + [cells.get(n, "") for _, n in paths] +
                   [uuid, uuid, "5", "enumerator1", "0", "0", "", "approved", "collect:abc", "0", "2026.1"])
    return buf.getvalue()


def kobo_rows(checklist, submissions: list[dict], sep="/") -> tuple[list[str], list[list[str]]]:
    paths = _with_profile(question_paths(checklist, sep), submissions)
    header = ["start", "end"] + [p for p, _ in paths] + KOBO_META_TAIL
    rows = []
    for i, data in enumerate(submissions):
        cells = export_cells(checklist, data)
        rows.append(["2026-03-12T08:00:00.000+07:00", "2026-03-12T09:00:00.000+07:00"] +
                    [cells.get(n, "") for _, n in paths] +
                    [str(1000 + i), f"u-{i}", "2026-03-12T02:00:00", "", "", "submitted_via_web", "kobo_user",
                     "vXYZ", "", str(i + 1)])
    return header, rows


def kobo_csv(checklist, submissions: list[dict], sep="/") -> bytes:
    header, rows = kobo_rows(checklist, submissions, sep)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def kobo_xlsx(path: Path, checklist, submissions: list[dict]) -> None:
    from openpyxl import Workbook
    header, rows = kobo_rows(checklist, submissions)
    wb = Workbook()
    ws = wb.active
    ws.title = checklist.id[:31]
    ws.append(header)
    for r in rows:
        ws.append([_typed(v) for v in r])
    wb.save(path)


def _typed(v: str):
    """Kobo's XLSX holds numbers as numbers."""
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


# --------------------------------------------------------------------------- generated checklists

def _generate():
    """benchmarks/generate.py, the generator of random checklists and submissions."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate
    return generate


def checklist_from_dict(cl: dict):
    """The ledcheck Checklist of a plain checklist dict, via its YAML bytes; None if invalid."""
    generate = _generate()
    doc = yamlio.load_bytes(generate.dump_yaml(cl).encode("utf-8"), "generated.yaml")
    checklist, problems = check_document(doc)
    errors = [p for p in problems if p.is_error]
    if checklist is None or errors:
        return None, problems
    return checklist, problems


def roundtrip(data: dict) -> dict:
    """What reading the dumped YAML back gives (what a submission file would hold)."""
    return yaml.safe_load(_generate().dump_yaml(data))


def flatten_result(result: dict) -> dict:
    """FORMAT.md section 4 result -> the shape reference_score returns."""
    sections, ratings, indicators = {}, {}, {}

    def walk(secs):
        for s in secs:
            sections[s["id"]] = s["score"]
            ratings[s["id"]] = s.get("rating")
            for ind in s["indicators"]:
                indicators[ind["id"]] = (ind["status"], ind["score"])
            walk(s.get("sections") or [])

    walk(result["sections"])
    return {"score": result["score"], "rating": result["rating"], "complete": result["complete"],
            "counts": result["counts"], "sections": sections, "section_ratings": ratings,
            "indicators": indicators}


# --------------------------------------------------------------------------- running the CLI

# --------------------------------------------------------------------------- running the CLI

class Run:
    def __init__(self, rc: int, out: bytes, err: bytes, maxrss_kb: int, seconds: float, cpu_seconds: float = 0.0):
        self.rc, self.out_bytes, self.err_bytes = rc, out, err
        self.out = out.decode("utf-8", "replace")
        self.err = err.decode("utf-8", "replace")
        self.maxrss_mb = maxrss_kb / 1024  # Linux: ru_maxrss is in KiB
        self.seconds = seconds          # wall time: for messages only, it depends on the machine's load
        self.cpu_seconds = cpu_seconds  # user + system time of the ledcheck process: what limits check

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return (f"<Run rc={self.rc} {self.seconds:.2f}s (CPU {self.cpu_seconds:.2f}s) {self.maxrss_mb:.0f}MB\n"
                f"stdout: {self.out[:1500]}\nstderr: {self.err[:3000]}>")


def _limit_memory(limit: int | None):
    if limit is None:
        return None

    def pre():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return pre


# Runs ledcheck as its own child and reports that child's peak RSS (from wait4) in a file. The
# launcher is a fresh small interpreter: a child forked straight from this test process would count
# this process's own memory (pytest, fixtures, a 50 MB string) in its peak RSS.
_LAUNCHER = """
import os, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def start(args, *, cwd=None, env=None, stdin_data=None, mem_limit=None) -> tuple[subprocess.Popen, float, list]:
    """Start ``python -m ledcheck ARGS`` in its own process group (so that it can be killed
    with its workers); stdout/stderr go to temporary files (no pipe can fill up)."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait)
    fd, rss_file = tempfile.mkstemp(prefix="ledcheck-rss-")
    os.close(fd)
    full_env = dict(os.environ, COLUMNS="250", NO_COLOR="1", **(env or {}))
    full_env.pop("LEDCHECK_DEBUG", None)
    full_env.pop("LEDCHECK_MAX_BYTES", None)
    p = subprocess.Popen([sys.executable, "-c", _LAUNCHER, rss_file, sys.executable, "-m", "ledcheck",
                          *map(str, args)], cwd=cwd, env=full_env,
                         stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
                         stdout=out, stderr=err, start_new_session=True,
                         preexec_fn=_limit_memory(mem_limit))
    if stdin_data is not None:
        p.stdin.write(stdin_data.encode("utf-8"))
        p.stdin.close()
    return p, time.monotonic(), [out, err, rss_file]


def wait(p: subprocess.Popen, t0: float, files: list, timeout: float = HANG) -> Run:
    """Reap the run; its peak RSS is that of the ledcheck process alone (see _LAUNCHER)."""
    deadline = t0 + timeout
    while True:
        pid, status, _usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            kill_group(p)
            close(files)
            pytest.fail(f"ledcheck did not finish within {timeout} s: {p.args[3:]}")
        time.sleep(0.005)
    seconds = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    out, err, rss_file = files
    out.seek(0)
    err.seek(0)
    rss, cpu = (Path(rss_file).read_text() or "0 0").split()
    run = Run(p.returncode, out.read(), err.read(), int(rss), seconds, float(cpu))
    close(files)
    return run


def close(files: list) -> None:
    out, err, rss_file = files
    out.close()
    err.close()
    try:
        os.unlink(rss_file)
    except FileNotFoundError:
        pass


def kill_group(p: subprocess.Popen) -> None:
    """SIGKILL the process group of a run started by :func:`start`, and reap it."""
    try:
        os.killpg(p.pid, signal.SIGKILL)  # the group of the process this test started
    except ProcessLookupError:
        pass
    try:
        os.waitpid(p.pid, 0)
    except ChildProcessError:
        pass
    p.returncode = -9


def cli(*args, timeout: float = HANG, **kw) -> Run:
    p, t0, files = start(args, **kw)
    return wait(p, t0, files, timeout)


def assert_clean(run: Run) -> None:
    """Whatever happened, the user sees messages, not a crash."""
    assert "Traceback" not in run.err, run
    assert "internal error" not in run.err, run


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (not following links) and its bytes."""
    out = {}
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            p = Path(dirpath, n)
            if p.is_file() and not p.is_symlink():
                out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def submission(subject: str = "Test City", answers: str = "{}", checklist: str = "sme-me-aec",
               extra: str = "") -> str:
    return (f"ledcheck: 1\nchecklist: {checklist}\nsubject: {json.dumps(subject)}\n{extra}"
            f"answers: {answers}\n")


class Invoked:
    """What a command run in this process gave: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"<Invoked code={self.code}\nstdout: {self.out[:3000]}\nstderr: {self.err[:3000]}>"


def invoke(*args, cwd: str | os.PathLike | None = None) -> Invoked:
    """Run ``ledcheck ARGS`` in this process through the console-script entry point
    (``ledcheck._entry.main``, whatever module the CLI lives in), with a wide, colourless
    console; the working directory, argv, environment and garbage collector (the CLI turns it
    off) are restored afterwards."""
    import contextlib
    import gc
    import io

    from ledcheck import _entry
    # text streams over bytes: some outputs (jsonl) write to sys.stdout.buffer
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    saved_env = {k: os.environ.get(k) for k in ("COLUMNS", "NO_COLOR", "TERM")}
    os.environ.update(COLUMNS="250", NO_COLOR="1", TERM="dumb")
    sys.argv = ["ledcheck", *map(str, args)]
    code = 0
    gc_was_enabled = gc.isenabled()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                _entry.main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        if gc_was_enabled:
            gc.enable()
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out.flush()
    err.flush()
    return Invoked(code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8"))
