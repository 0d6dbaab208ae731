"""What must hold for the bundled default checklist sme-me-aec 2026.2 and its examples (issue 12).

These are content rules, not code rules: they fail when an edit of ``checklists/**`` breaks a
promise the checklist makes to its users (honest scores, stated directions, guidance in both
languages, a core profile, comparable rounds).

- ``validate checklists/ --strict`` is clean (notes allowed), road maps included;
- the README's main command ``ledcheck score checklists/examples/`` scores every example without
  an error;
- answering ``no_data`` instead of a measured value never raises a section score;
- ``when_false: zero`` follow-ups (TD3 -> TD5/TD9 and the like) are monotonic: a small effort
  never scores below none;
- every number indicator states ``direction`` and a ``unit``;
- outcomes are at least a fifth of the scored indicators;
- every scored indicator has guidance in en and vi;
- the ``core`` profile exists (about 25 indicators) and the full checklist scores;
- every example has ``subject_id``, ``reference_period`` and ``meta``; a city has three rounds;
- a 2026.1 example (tests/v1_0/examples) still scores against the archived 2026.1, by id.
"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from ledcheck import library, yamlio
from ledcheck.library import Resolver
from ledcheck.monitor.roadmap import check_roadmap_file
from ledcheck.scoring import score, shares, value_score, plan_for
from ledcheck.submission import load_submission

from helpers import CHECKLISTS, DEFAULT, EXAMPLES, HANG, ROOT, TESTS

V1_0 = TESTS / "v1_0"
ROADMAPS = CHECKLISTS / "roadmaps"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
EPS = 1e-9


@pytest.fixture(scope="module")
def checklist():
    return library.load(str(DEFAULT))


@pytest.fixture(scope="module")
def examples():
    return [load_submission(p) for p in EXAMPLE_FILES]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "250"}
    env.pop("LEDCHECK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "ledcheck", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=HANG, cwd=cwd, env=env)


def _sections(result) -> dict[str, float | None]:
    """Every section's score by id (nested ones too), and the overall score under ''."""
    out: dict[str, float | None] = {"": result.data["score"]}
    for top in result.data["sections"]:
        for s in top.walk():
            out[s["id"]] = s["score"]
    return out


def _with_answers(sub, answers: dict) -> dict:
    data = copy.deepcopy(sub.data)
    data["answers"] = answers
    return data


# --------------------------------------------------------------------------- files are clean

def test_validate_strict_is_clean():
    """The whole folder (checklist, archive, examples, road maps, PO files): exit 0; notes only."""
    proc = _run("validate", "checklists/", "--strict")
    lines = [ln for ln in proc.stderr.splitlines() if re.search(r": (error|warning): ", ln)]
    assert lines == [], "\n".join(lines)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


def test_roadmaps_are_clean_road_maps():
    """Each road map, checked as a road map against the checklist it names: no problem at all."""
    files = sorted(ROADMAPS.glob("*.yaml"))
    assert len(files) >= 3
    resolver = Resolver()
    for path in files:
        problems = check_roadmap_file(yamlio.load(path), resolver)
        assert [p.format() for p in problems] == [], path


def test_readme_main_command_scores_every_example_without_errors():
    proc = _run("score", "checklists/examples/")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not re.search(r": (error|warning): ", proc.stderr), proc.stderr[-3000:]
    assert f"{len(EXAMPLE_FILES)} submissions scored" in proc.stderr
    proc = _run("score", "checklists/examples/", "--format", "json", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    assert len(results) == len(EXAMPLE_FILES) == 21
    for r in results:
        assert r["problems"] == [], r["source"]
        assert r["checklist"]["version"] == "2026.2"
        assert isinstance(r["score"], float) and 0 <= r["score"] <= 100, r["source"]


def test_examples_score_with_no_errors_in_process(checklist, examples):
    for sub in examples:
        result = score(checklist, sub)
        assert [p.format() for p in result.problems if p.severity != "note"] == [], sub.source


# --------------------------------------------------------------------------- honest scores

def _measured(checklist, answers: dict) -> list[str]:
    """Ids answered with a measured number or level (not na / no_data / missing)."""
    out = []
    for iid, raw in answers.items():
        ind = checklist.indicators.get(iid)
        if ind is None or ind.type not in ("number", "levels"):
            continue
        value = raw.get("value") if isinstance(raw, dict) else raw
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append(iid)
    return out


def test_no_data_never_raises_a_section_score(checklist, examples):
    """Not measuring never pays (FORMAT.md §6.2): for every example and every measured number or
    levels answer, answering ``no_data`` instead leaves every section score (and the overall
    score) where it was or lower."""
    tried = 0
    for sub in examples:
        before = _sections(score(checklist, sub))
        answers = sub.data["answers"]
        for iid in _measured(checklist, answers):
            changed = dict(answers)
            changed[iid] = "no_data"
            after = _sections(score(checklist, _with_answers(sub, changed), source=sub.source))
            for sid, old in before.items():
                new = after[sid]
                if old is None:
                    continue
                assert new is None or new <= old + EPS, (sub.source, iid, sid, old, new)
            tried += 1
    assert tried > 21 * 20  # every example measures many numbers and levels


def _named(ind, checklist) -> set[str]:
    """Indicator ids named in ``ind``'s ``when``."""
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", ind.when_source or ""))
    return {w for w in words if w in checklist.indicators}


def _candidates(ind) -> list:
    """Answers to try for a trigger indicator, from none to a lot."""
    if ind.type == "levels":
        return [lv.value for lv in ind.levels]
    if ind.type == "yesno":
        return [False, "partial", True] if ind.partial else [False, True]
    if ind.type == "choice":
        return [o.id for o in ind.options]
    if ind.type == "number":
        lo = ind.min if ind.min is not None else 0
        hi = ind.target if ind.target is not None else lo + 10
        return sorted({lo, lo + 1, (lo + hi) / 2, hi})
    raise AssertionError(f"{ind.id}: a {ind.type} indicator cannot be named in a when")


def _lowest(ind, plan):
    """The valid answer to ``ind`` that scores least (a small effort's follow-up)."""
    if ind.type == "levels":
        cands = [lv.value for lv in ind.levels]
    elif ind.type == "yesno":
        cands = [False]
    elif ind.type == "choice":
        cands = [o.id for o in ind.options]
    elif ind.type == "multi":
        return []
    elif ind.type == "number":
        cands = [c for c in (ind.min, ind.baseline, ind.max, 0) if c is not None
                 and (ind.min is None or c >= ind.min) and (ind.max is None or c <= ind.max)]
    else:
        return None  # text: not scored
    return min(cands, key=lambda v: value_score(ind, v, plan))


def test_when_false_zero_follow_ups_are_monotonic(checklist, examples):
    """TD5-type pairs: a trigger (TD3: SMEs at trade events) with follow-ups that count as 0 when
    the trigger rules them out (``when_false: zero``). Raising the trigger from none to a small
    effort, with every follow-up it opens answered at its lowest, never lowers the overall or
    any section score: no city is better off reporting no activity than a little."""
    plan = plan_for(checklist)
    zero = [ind for ind in checklist.indicators.values() if ind.when_false == "zero"]
    assert len(zero) >= 10
    assert {"TD5", "TD9"} <= {ind.id for ind in zero}
    triggers = sorted({t for ind in zero for t in _named(ind, checklist)})
    assert "TD3" in triggers
    followers = {t: [ind for ind in checklist.indicators.values() if t in _named(ind, checklist)]
                 for t in triggers}
    checked = 0
    for sub in examples:
        base = {k: v for k, v in sub.data["answers"].items()}
        for t in triggers:
            trig = checklist.indicators[t]
            runs = []
            for value in _candidates(trig):
                answers = dict(base)
                answers[t] = value
                for f in followers[t]:
                    answers.pop(f.id, None)
                first = score(checklist, _with_answers(sub, answers), source=sub.source)
                for f in followers[t]:  # the follow-ups this value opens, answered at their lowest
                    if first.indicator(f.id)["status"] == "missing":
                        low = _lowest(f, plan)
                        if low is not None:
                            answers[f.id] = low
                result = score(checklist, _with_answers(sub, answers), source=sub.source)
                runs.append((value_score(trig, value, plan), value, _sections(result)))
            for own_a, va, a in runs:
                for own_b, vb, b in runs:
                    if own_b < own_a - EPS:
                        continue
                    for sid, sa in a.items():
                        sb = b[sid]
                        if sa is None or sb is None:
                            continue
                        assert sb >= sa - EPS, (sub.source, t, va, vb, sid, sa, sb)
                        checked += 1
    assert checked > 0


# --------------------------------------------------------------------------- content rules

def test_every_number_indicator_states_direction_and_unit(checklist):
    numbers = [ind for ind in checklist.indicators.values() if ind.type == "number"]
    assert len(numbers) >= 30
    assert [i.id for i in numbers if i.direction not in ("increase", "decrease")] == []
    assert [i.id for i in numbers if not (i.unit and str(i.unit).strip())] == []


def _scored(checklist) -> list:
    """Indicators that carry a share of the overall score (not text, weight above 0)."""
    share = shares(checklist)
    return [ind for ind in checklist.indicators.values()
            if ind.type != "text" and share.get(ind.id, 0) > 0]


def test_outcomes_are_at_least_a_fifth_of_scored_indicators(checklist):
    scored = _scored(checklist)
    assert len(scored) >= 60
    outcomes = [i for i in scored if i.results_level in ("outcome", "impact")]
    assert 5 * len(outcomes) >= len(scored), (len(outcomes), len(scored))


def test_every_scored_indicator_has_guidance_in_en_and_vi(checklist):
    assert {"en", "vi"} <= set(checklist.languages)
    lacking = []
    for ind in _scored(checklist):
        texts = getattr(ind.guidance, "values", None) or {}
        if not all(isinstance(texts.get(lang), str) and texts[lang].strip() for lang in ("en", "vi")):
            lacking.append(ind.id)
    assert lacking == []


def test_core_profile_exists_and_full_checklist_scores(checklist, examples):
    assert "core" in checklist.profiles
    result = score(checklist, examples[0], profile="core")
    selected = [i for top in result.data["sections"] for s in top.walk() for i in s["indicators"]
                if i["status"] != "not_selected"]
    assert 20 <= len(selected) <= 30, len(selected)
    for sub in examples:
        full = score(checklist, sub, profile="all")
        assert isinstance(full.data["score"], float), sub.source
        assert full.data["profile"] in (None, "all")
        under_core = score(checklist, sub, profile="core")
        assert isinstance(under_core.data["score"], float), sub.source


# --------------------------------------------------------------------------- examples

def test_every_example_has_subject_id_reference_period_and_meta(examples):
    assert len(examples) == 21
    for sub in examples:
        d = sub.data
        assert isinstance(d.get("subject_id"), str) and d["subject_id"], sub.source
        assert isinstance(d.get("reference_period"), str) and d["reference_period"], sub.source
        assert isinstance(d.get("meta"), dict) and d["meta"], sub.source


def test_a_city_has_three_rounds(examples):
    rounds = defaultdict(list)
    for sub in examples:
        rounds[sub.data["subject_id"]].append(sub.data["reference_period"])
    assert max(len(v) for v in rounds.values()) >= 3, dict(rounds)
    assert len(rounds) == 10
    for sid, periods in rounds.items():
        assert len(periods) == len(set(periods)) >= 2, (sid, periods)


# --------------------------------------------------------------------------- the archive

def test_a_2026_1_example_scores_against_the_archived_2026_1_by_id(tmp_path):
    """``checklist_version: "2026.1"`` selects checklists/archive/sme-me-aec-2026.1.yaml (FORMAT.md
    §6.11), found by id from the repository's library, and scores exactly as the 1.0 corpus says."""
    archived = CHECKLISTS / "archive" / "sme-me-aec-2026.1.yaml"
    assert archived.read_bytes() == (V1_0 / "sme-me-aec-2026.1.yaml").read_bytes()
    expected = {Path(r["source"]).name: r for r in json.loads((V1_0 / "examples.json").read_text("utf-8"))}
    name = "da-nang-2026.yaml"
    src = V1_0 / "examples" / name
    assert 'checklist_version: "2026.1"' in src.read_text("utf-8")
    shutil.copy(src, tmp_path / name)
    proc = _run("score", str(tmp_path / name), "--format", "json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    (got,) = json.loads(proc.stdout)
    want = expected[name]
    assert got["checklist"]["version"] == "2026.1"
    assert got["checklist"]["sha256"] == want["checklist"]["sha256"]
    assert got["score"] == want["score"]
    assert got["rating"] == want["rating"]
    assert {k: got["counts"][k] for k in want["counts"]} == want["counts"]  # the 1.0 counts
    assert [(s["id"], s["score"]) for s in got["sections"]] == [(s["id"], s["score"]) for s in want["sections"]]
    # and the library picks the same file by id and version
    assert Path(library.find_id("sme-me-aec", "2026.1")).resolve() == archived.resolve()
    assert Path(library.find_id("sme-me-aec")).resolve() == DEFAULT.resolve()
