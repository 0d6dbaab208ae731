"""Road maps (FORMAT.md §6.9, §6.11 "Road map milestones") and progress (§6.8)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ledcheck.errors import LoadError
from ledcheck.monitor.progress import progress
from ledcheck.monitor.roadmap import blank, load_roadmap, reached, schema

from helpers import make_result as result
from helpers import result_indicator as ind
from helpers import result_section as section

DATA = Path(__file__).parent / "data" / "monitor"


def _hue(score, ref, n1, d1, y1, g1=(None, None, "missing"), sid="VN-46", strategy=None):
    return result("Hue City", score, subject_id=sid, reference_period=ref, sections=[
        section("strategy", strategy if strategy is not None else score, [
            ind("N1", n1, None, type="number", baseline=0, target=100, direction="increase"),
            ind("D1", d1, None, type="number", baseline=15, target=4, direction="decrease"),
            ind("Y1", y1, None, type="yesno"),
            ind("G1", g1[0], g1[1], status=g1[2], type="levels")])])


def _rounds():
    return [_hue(52.0, "2025", 40, 8, "partial", strategy=41.0),
            _hue(72.0, "2026", 55, 5, True, g1=("na", None, "na"))]


def test_load_valid_roadmap():
    rm, problems = load_roadmap(DATA / "roadmap-hue.yaml")
    assert problems == []
    assert (rm.id, rm.subject_key, len(rm.milestones)) == ("hue-sme-2030", ("id", "VN-46"), 3)
    assert rm.lead("N1") == "Department of Planning and Investment"


def test_broken_roadmap_problems_are_located():
    _rm, problems = load_roadmap(DATA / "roadmap-broken.yaml")
    got = [(p.line, p.col, p.severity, p.rule) for p in problems]
    assert got == [(6, 10, "error", "type"), (7, 12, "error", "range"), (8, 5, "warning", "roadmap"),
                   (9, 5, "error", "unknown-key"), (11, 20, "error", "unknown-key")]
    assert "did you mean 'sections'?" in problems[3].message


def test_unreadable_roadmap_raises_located_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ledcheck: 1\nroadmap: x\nroadmap: y\n", encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        load_roadmap(bad)
    assert exc.value.line == 3


def test_roadmap_checked_against_checklist():
    from ledcheck import library
    cl = library.load("sme-me-aec")
    rm_text = ("ledcheck: 1\nroadmap: x\nchecklist: sme-me-aec\nsubject: A\nmilestones:\n"
               "  - due: 2026-12-31\n    sections: {strategy: 70, nope: 1}\n"
               "    indicators: {ST1a: 9, ST2: yes, ST3: structured, ST4: 50, LR4: 3, ST99: 1}\n")
    from ledcheck import yamlio
    from ledcheck.monitor.roadmap import check_roadmap
    doc = yamlio.load_bytes(rm_text.encode(), "rm.yaml")
    _rm, problems = check_roadmap(doc, cl)
    msgs = [(p.line, p.message) for p in problems]
    assert any(line == 7 and "unknown section 'nope'" in m for line, m in msgs)
    assert any(line == 8 and "target of ST1a" in m for line, m in msgs)  # 2026.2: ST1a, levels 0-4
    assert any(line == 8 and "unknown indicator 'ST99'" in m for line, m in msgs)
    assert len(problems) == 3


@pytest.mark.parametrize("kind, value, target, direction, expected", [
    ("number", 40, 40, "increase", True),
    ("number", 39.9, 40, "increase", False),
    ("number", 5, 5, "decrease", True),
    ("number", 6, 5, "decrease", False),
    ("levels", 3, 3, None, True),
    ("levels", 2, 3, None, False),
    ("yesno", "partial", "partial", None, True),
    ("yesno", True, "partial", None, True),
    ("yesno", "partial", True, None, False),
    ("yesno", False, False, None, True),
])
def test_reached(kind, value, target, direction, expected):
    assert reached(kind, value, target, direction=direction) is expected


def test_reached_choice_and_multi():
    assert reached("choice", "b", "a", value_score=0.6, target_score=0.5)
    assert not reached("choice", "a", "b", value_score=0.5, target_score=0.6)
    assert reached("multi", ["x"], 50, score=0.5) and not reached("multi", ["x"], 51, score=0.5)


def test_milestones_met_missed_pending_with_leads():
    rm, _ = load_roadmap(DATA / "roadmap-hue.yaml")
    p = progress(_rounds(), roadmaps=[rm])
    ms = p["subjects"][0]["milestones"]
    assert [(m["due"], m["round"], m["status"]) for m in ms] == [
        ("2025-12-31", "2025", "met"), ("2026-12-31", "2026", "missed"), ("2030-12-31", None, "pending")]
    second = {t["id"]: t for t in ms[1]["targets"]}
    assert second[None]["status"] == "met"                   # 72 >= 70
    assert (second["N1"]["status"], second["N1"]["lead"]) == ("missed", "Department of Planning and Investment")
    assert (second["D1"]["status"], second["D1"]["lead"]) == ("met", None)    # 5 <= 5, lower is better
    assert second["Y1"]["status"] == "met"
    assert second["G1"]["status"] == "dropped"               # answered N/A: dropped from the milestone
    assert ms[2]["targets"][0]["status"] == "pending"


def test_no_data_and_null_section_are_missed():
    rm, _ = load_roadmap(DATA / "roadmap-hue.yaml")
    r = _hue(60.0, "2025", 40, None, "partial")
    r["sections"][0]["score"] = None
    r["sections"][0]["indicators"][1].update(status="no_data", value=None)
    (first, *_rest) = progress([r], roadmaps=[rm])["subjects"][0]["milestones"]
    st = {t["id"]: t["status"] for t in first["targets"]}
    assert st == {None: "met", "strategy": "missed", "N1": "met", "D1": "missed", "Y1": "met"}
    assert first["status"] == "missed"


def test_roadmap_for_a_subject_with_no_rounds_is_a_warning_and_the_rest_is_shown():
    rm, _ = load_roadmap(DATA / "roadmap-hue.yaml")
    p = progress([result("Naga City", 50, date="2025-01-01")], roadmaps=[rm])
    assert len(p["subjects"]) == 1
    assert any("hue-sme-2030" in x["message"] and "no rounds" in x["message"] for x in p["problems"])


def test_progress_rows_changes_and_one_round_warning():
    rs = _rounds() + [result("Naga City", 50.0, date="2025-01-01", sections=[section("strategy", 50.0)])]
    p = progress(rs)
    hue, naga = p["subjects"]
    assert p["rounds"] == 2 and [s["id"] for s in p["sections"]] == ["strategy"]
    assert [r["score"] for r in hue["rounds"]] == [52.0, 72.0] and hue["change"] == 20.0
    assert hue["sections"] == [{"id": "strategy", "title": "Strategy", "scores": [41.0, 72.0], "change": 31.0}]
    nums = {n["id"]: n for n in hue["since_baseline"]["numbers"]}
    assert nums["N1"]["distance"] == pytest.approx(15 / 60)
    assert nums["D1"]["distance"] == pytest.approx(-3 / -4)
    assert naga["change"] is None and naga["since_baseline"] is None
    assert [x["severity"] for x in p["problems"]] == ["warning"] and "only one round" in p["problems"][0]["message"]


def test_schema_and_blank_roadmap_agree_with_the_loader(tmp_path):
    from ledcheck import library
    cl = library.load("sme-me-aec")
    text = blank({"subject": "Đà Nẵng", "subject_id": "VN-48"}, cl)
    path = tmp_path / "rm.yaml"
    path.write_text(text, encoding="utf-8")
    rm, problems = load_roadmap(path, cl)
    assert [p.severity for p in problems] == [] and rm.subject_id == "VN-48" and rm.milestones[0].score == 75
    s = schema()
    assert s["$schema"].endswith("2020-12/schema") and "milestones" in s["required"]


def _as_json(data):
    """YAML data as JSON tools see it: dates become strings."""
    import datetime as dt
    if isinstance(data, dict):
        return {k: _as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_json(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


@pytest.mark.parametrize("name, valid", [("roadmap-hue.yaml", True), ("roadmap-broken.yaml", False)])
def test_json_schema_agrees_on_the_fixtures(name, valid):
    jsonschema = pytest.importorskip("jsonschema")
    from ledcheck import yamlio
    data = _as_json(yamlio.load(DATA / name).data)
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(data))
    assert (errors == []) is valid


def test_check_roadmap_file_for_validate(tmp_path):
    from ledcheck import yamlio
    from ledcheck.library import Resolver
    from ledcheck.monitor.roadmap import check_roadmap_file
    # the fixture names checklist 'cl', which is not available: a warning, the rest still checked
    problems = check_roadmap_file(yamlio.load(DATA / "roadmap-hue.yaml"), Resolver())
    assert [(p.severity, p.line, p.rule) for p in problems] == [("warning", 3, "checklist-ref")]
    path = tmp_path / "rm.yaml"
    path.write_text("ledcheck: 1\nroadmap: x\nchecklist: sme-me-aec\nsubject: A\nmilestones:\n"
                    "  - due: 2026-12-31\n    indicators: {ST1a: 9}\n", "utf-8")
    (p,) = check_roadmap_file(yamlio.load(path), Resolver())
    assert (p.severity, p.line) == ("error", 7) and "target of ST1a" in p.message


def test_blank_from_submission():
    from ledcheck.monitor.roadmap import blank_from_submission
    text = blank_from_submission(Path(__file__).parent.parent / "checklists/examples/hue-2026.yaml")
    assert 'subject: "Hue City"' in text and 'checklist: "sme-me-aec"' in text and "# ST1a:" in text
