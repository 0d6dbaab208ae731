"""One profile and one set of checklist versions for every input of compare, progress and
aggregate (FORMAT.md §6.11 "Profiles", "Checklist versions"), declared breakdown categories, and
the one-line summary of answers outside a profile. Figures are hand-computed on
tests/data/monitor/mini (gov: Y1, Y2 yes/no; res: N1 number 0 -> 100; profile core = gov).
"""
from __future__ import annotations

import json
from pathlib import Path

from helpers import invoke

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "data" / "monitor" / "mini"
CL = str(MINI / "mini.yaml")
T25, T26 = str(MINI / "town-2025.yaml"), str(MINI / "town-2026.yaml")


def _progress(*args: str) -> tuple[dict, str]:
    r = invoke("progress", *args, "-c", CL, "-f", "json")
    assert r.code == 0, r
    return json.loads(r.out), r.err


def test_progress_rescores_a_core_round_on_the_whole_checklist():
    # 2025 (whole): gov (100 + 0) / 2 = 50, res N1 40 / 100 = 40, overall (50 + 40) / 2 = 45
    # 2026 (collected with profile core): whole checklist gov 100, res 60 -> 80 (its core score is 100)
    model, err = _progress(T25, T26)
    rounds = model["subjects"][0]["rounds"]
    assert [rd["score"] for rd in rounds] == [45, 80]
    assert [rd["profile"] for rd in rounds] == [None, None]
    assert model["subjects"][0]["change"] == 35
    assert "profile" not in model
    assert "different profiles (all, core)" in err and "whole checklist" in err


def test_progress_with_profile_core_scores_every_round_under_it():
    # core = gov only: 2025 (100 + 0) / 2 = 50, 2026 (100 + 100) / 2 = 100
    model, err = _progress(T25, T26, "--profile", "core")
    assert [rd["score"] for rd in model["subjects"][0]["rounds"]] == [50, 100]
    assert model["profile"] == "core"
    assert "different profiles" not in err


def _result_json(tmp_path: Path, sub: str, name: str, **kw) -> Path:
    import ledcheck.api as lc
    from ledcheck.library import load
    d = dict(lc.score_file(sub, checklist=load(CL), **kw).to_dict())
    d["source"] = name
    path = tmp_path / name
    path.write_text(json.dumps(d), "utf-8")
    return path


def test_a_result_json_scored_under_another_profile_is_left_out_with_a_warning(tmp_path):
    core = _result_json(tmp_path, T26, "town-2026.json")   # scored under its own profile, core
    model, err = _progress(T25, str(core))
    assert [rd["score"] for rd in model["subjects"][0]["rounds"]] == [45]
    assert "cannot be scored again under 'all'" in err and "left out" in err
    assert any("cannot be scored again" in p["message"] for p in model["problems"])
    # compare keeps it (two rounds are needed) and says so; the submission side is rescored
    r = invoke("compare", core, T25, "-c", CL, "-f", "json", "--profile", "core")
    assert r.code == 0, r
    out = json.loads(r.out)
    assert out["before"]["score"] == 100 and out["after"]["score"] == 50


def test_compare_rescores_both_sides_under_the_shared_profile():
    r = invoke("compare", T25, T26, "-c", CL, "-f", "json")
    assert r.code == 0, r
    out = json.loads(r.out)
    assert (out["overall"]["before"], out["overall"]["after"]) == (45, 80)


def test_notes_outside_the_profile_are_one_line_per_file():
    r = invoke("progress", T25, T26, "-c", CL, "--profile", "core")
    assert r.code == 0, r
    lines = [ln for ln in r.err.splitlines() if "outside" in ln]
    assert len(lines) == 2, r.err
    assert any(ln.startswith(T25) and "1 answer outside profile 'core' kept, not scored: N1" in ln for ln in lines)
    # JSON keeps every problem; only the terminal lines are summarised
    r = invoke("aggregate", T25, T26, "-c", CL, "--profile", "core", "--by", "country")
    assert len([ln for ln in r.err.splitlines() if "outside" in ln]) == 2


# --------------------------------------------------------------------------- checklist versions

def _archived_result(tmp_path: Path, name: str, answers: dict, version: str | None) -> Path:
    """A result of the default checklist in ``version`` (2026.1 is in checklists/archive/)."""
    import ledcheck.api as lc
    from ledcheck.library import load_id
    cl = load_id("sme-me-aec", version)
    sub = tmp_path / f"{name}.yaml"
    sub.write_text(json.dumps({"ledcheck": 1, "checklist": "sme-me-aec", "checklist_version": cl.version,
                               "subject": name, "meta": {"country": "VN"}, "answers": answers}), "utf-8")
    d = dict(lc.score_file(sub, checklist=cl).to_dict())
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(d), "utf-8")
    return path


def test_aggregate_uses_the_version_each_result_names(tmp_path):
    from ledcheck.library import load_id
    old = load_id("sme-me-aec", "2026.1")
    a = _archived_result(tmp_path, "Alpha", {"CM3": 100, "CM6": 4}, "2026.1")
    r = invoke("aggregate", a, "--by", "country", "-f", "json")
    model = json.loads(r.out)
    assert [c["version"] for c in model["checklists"]] == ["2026.1"]
    rows = {n["id"]: n for n in model["groups"][0]["numbers"]}
    # CM6 exists only in 2026.1 (a mean indicator): it is there, with 2026.1's title
    assert rows["CM6"]["value"] == 4 and rows["CM6"]["text"] == old.indicators["CM6"].text.get(None)
    assert rows["CM3"]["text"] == old.indicators["CM3"].text.get(None)


def test_aggregate_across_versions_uses_the_shared_ids_with_a_warning(tmp_path):
    a = _archived_result(tmp_path, "Alpha", {"CM3": 100, "CM6": 4}, "2026.1")
    b = _archived_result(tmp_path, "Beta", {"CM3": 50}, None)    # the newest, 2026.2
    r = invoke("aggregate", a, b, "--by", "country", "-f", "json")
    model = json.loads(r.out)
    assert [c["version"] for c in model["checklists"]] == ["2026.1", "2026.2"]
    assert "2 versions of checklist 'sme-me-aec'" in r.err
    rows = {n["id"]: n for n in model["groups"][0]["numbers"]}
    assert "CM6" not in rows                   # not in 2026.2
    assert rows["CM3"]["sum"] == 150 and rows["CM3"]["n"] == 2


# --------------------------------------------------------------------------- answer words (6.7)

T27 = str(MINI / "town-2027.yaml")    # Y1 partial, Y2 na, N1 no_data


def test_compare_shows_answer_words_in_the_language():
    # 2027: gov Y1 partial 0.5, Y2 na (left out) -> 50; res N1 no_data -> 0 (no_data: zero); overall 25
    r = invoke("compare", T25, T27, "-c", CL, "-f", "json")
    assert json.loads(r.out)["overall"]["after"] == 25
    vi = invoke("compare", T25, T27, "-c", CL, "--lang", "vi")
    assert vi.code == 0, vi
    for word in ("một phần", "không có dữ liệu", "không áp dụng", "có"):
        assert word in vi.out, vi.out
    for raw in ("partial", "no_data", "N/A"):
        assert raw not in vi.out
    md = invoke("compare", T25, T27, "-c", CL, "--lang", "vi", "-f", "md").out
    assert "| một phần |" in md and "| không có dữ liệu |" in md and "| không áp dụng |" in md
    en = invoke("compare", T25, T27, "-c", CL, "-f", "md").out
    assert "| partial |" in en and "| no data |" in en and "| N/A |" in en
    # files keep the canonical values
    csv = invoke("compare", T25, T27, "-c", CL, "--lang", "vi", "-f", "csv").out
    assert ",partial," in csv and ",no_data," in csv and ",na," in csv


def test_aggregate_shows_the_unknown_category_in_the_language():
    # N1 in 2027 is no_data: the latest round of Test Town gives no value; 2025 gives 40 = 10 + 30
    r = invoke("aggregate", T25, "-c", CL, "--by", "country", "--lang", "vi")
    assert "không rõ 0%" in r.out and "female 25%" in r.out and "other 0%" in r.out, r.out
    md = invoke("aggregate", T25, "-c", CL, "--by", "country", "--lang", "vi", "-f", "md").out
    assert "sex: không rõ" in md


# --------------------------------------------------------------------------- views

def test_roadmap_folder_and_a_readable_wide_chart_on_a_phone(tmp_path):
    out = tmp_path / "p.html"
    r = invoke("progress", "checklists/examples", "--roadmap", "checklists/roadmaps", "-o", out, cwd=ROOT)
    assert r.code == 0, r
    text = out.read_text("utf-8")
    assert text.count("class=\"status-") >= 3                 # the three road maps' milestones
    # the all-subjects chart is drawn at about half size on a phone: its axis text is doubled there
    assert 'class="chart line wide"' in text and "svg.wide .tick { font-size: 20px; }" in text
    missing = invoke("progress", "checklists/examples", "--roadmap", "nope/", cwd=ROOT)
    assert missing.code == 2 and "no such road map file or folder" in missing.err
