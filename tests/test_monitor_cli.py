"""compare, progress and aggregate on the command line: golden files for every format on the
example data, exit statuses, bad inputs (never a traceback), result JSON inputs.

Regenerate the golden files after an intended change with
``LEDCHECK_UPDATE_GOLDEN=1 python3 -m pytest tests/test_monitor_cli.py`` and review the diff.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import invoke

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "monitor"
DATA = Path(__file__).parent / "data" / "monitor"
EX = "checklists/examples"
UPDATE = os.environ.get("LEDCHECK_UPDATE_GOLDEN") == "1"

RUNS = {
    "compare": [f"{EX}/da-nang-2025.yaml", f"{EX}/da-nang-2026.yaml"],
    "progress": [EX, "--sections"],
    "aggregate": ["{cities}", "--by", "country"],   # the examples with 1.1 subject facts (_cities)
}
EXT = {"table": "txt", "json": "json", "csv": "csv", "md": "md", "html": "html", "xlsx": "xlsx"}


def _xlsx_values(path: Path) -> dict:
    from openpyxl import load_workbook
    wb = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.mark.parametrize("command", sorted(RUNS))
@pytest.mark.parametrize("fmt", sorted(EXT))
def test_golden(command, fmt, tmp_path):
    out = tmp_path / f"out.{EXT[fmt]}"
    cities, _ = _cities(tmp_path)
    args = [str(cities) if a == "{cities}" else a for a in RUNS[command]]
    r = invoke(command, *args, "-f", fmt, "-o", out, cwd=ROOT)
    assert r.code == 0, r
    golden = GOLDEN / f"{command}.{EXT[fmt]}"
    if UPDATE:
        golden.write_bytes(out.read_bytes())
    if fmt == "xlsx":
        assert _xlsx_values(out) == _xlsx_values(golden)
    else:
        assert out.read_text("utf-8") == golden.read_text("utf-8")


@pytest.mark.parametrize("command", sorted(RUNS))
def test_table_fits_80_columns_and_json_header(command, tmp_path):
    text = (GOLDEN / f"{command}.txt").read_text("utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    data = json.loads((GOLDEN / f"{command}.json").read_text("utf-8"))
    assert data["ledcheck"] == 1
    assert set(data["checklist"]) == {"id", "version", "sha256"} and data["checklist"]["id"] == "sme-me-aec"


def test_stdout_is_the_report_and_problems_go_to_stderr():
    r = invoke("compare", f"{EX}/da-nang-2025.yaml", f"{EX}/hue-2026.yaml", "-f", "json", cwd=ROOT)
    assert r.code == 0, r                       # different subjects: a warning
    assert json.loads(r.out)["before"]["subject"] == "Da Nang City"
    assert "warning" in r.err and "not rounds of one subject" in r.err


def _cities(tmp_path: Path) -> tuple[Path, list[dict]]:
    """The example results as a JSONL file. The 2026.2 examples carry their own 1.1 subject
    facts (subject_id, reference_period, meta.country) and the checklist its ``aggregate: sum``.
    Every round is scored on the whole checklist (``profile="all"``; Hue's mid-year and Siem Reap's
    2026 rounds name profile core): the monitoring commands use one profile for all inputs and
    cannot rescore a result read from JSON (FORMAT.md §6.11 "Profiles")."""
    import ledcheck.api as lc
    results = []
    for p in sorted((ROOT / EX).glob("*.yaml")):
        r = dict(lc.score_file(p, profile="all").to_dict())
        assert r["subject_id"] and r["reference_period"] and r["meta"]["country"], p
        r["source"] = f"{EX}/{p.name}"
        results.append(r)
    path = tmp_path / "cities.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), "utf-8")
    return path, results


def test_aggregate_by_country_sums_equal_the_per_file_sums(tmp_path):
    path, results = _cities(tmp_path)
    r = invoke("aggregate", path, "--by", "country", "-f", "json")
    assert r.code == 0, r
    model = json.loads(r.out)
    assert [g["key"] for g in model["groups"]] == ["ID", "KH", "MY", "PH", "TH", "VN"]
    assert sum(g["count"] for g in model["groups"]) == 10
    def start(x: dict) -> str:  # where a reference period begins ("2025" is 2025-01-01)
        first = x["reference_period"].split("/")[0]
        return first if len(first) == 10 else f"{first}-01-01"

    last: dict[str, dict] = {}
    for x in results:  # each subject's latest round (FORMAT.md 6.11 "Rounds")
        if x["subject_id"] not in last or start(x) > start(last[x["subject_id"]]):
            last[x["subject_id"]] = x
    latest = list(last.values())
    assert len(latest) == 10
    for iid in ("CM3", "LR7", "FI3"):
        per_file = 0
        cats: dict[str, float] = {}
        for x in latest:
            for s in x["sections"]:
                for sub in [s, *s["sections"]]:
                    for i in sub["indicators"]:
                        if i["id"] == iid and i["status"] == "answered":
                            per_file += i["value"]
                            for cat, v in (i.get("by") or {}).get("owner", {}).items():
                                cats[cat] = cats.get(cat, 0) + v
        rows = [n for g in model["groups"] for n in g["numbers"] if n["id"] == iid]
        assert {n["aggregate"] for n in rows} == {"sum"}
        # a country whose latest rounds have no value sums to null
        assert all((n["sum"] is None) == (n["n"] == 0) for n in rows)
        assert sum(n["sum"] for n in rows if n["n"]) == pytest.approx(per_file)
        for cat, v in cats.items():
            assert sum(n["breakdowns"]["owner"][cat]["sum"] for n in rows if n["n"]) == pytest.approx(v)


def test_rounds_matched_by_subject_id_in_the_cli(tmp_path):
    path, results = _cities(tmp_path)
    results[2]["subject"] = "Đà Nẵng"               # da-nang-2025, same subject_id as da-nang-2026
    twin = dict(results[4], subject_id="VN-other", subject="Hue City")   # same name as Hue, other id
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results + [twin]), "utf-8")
    r = invoke("progress", path, "-f", "json")
    assert r.code == 0, r
    subjects = json.loads(r.out)["subjects"]
    names = [(s["subject"], s["subject_id"], len(s["rounds"])) for s in subjects]
    assert ("Da Nang City", "VN-DNG", 2) in names
    assert ("Hue City", "VN-HUE", 3) in names and ("Hue City", "VN-other", 1) in names
    assert len(subjects) == 11


def test_progress_with_roadmap_shows_milestones(tmp_path):
    path, _ = _cities(tmp_path)
    rm = tmp_path / "rm.yaml"
    rm.write_text("ledcheck: 1\nroadmap: dn\nchecklist: sme-me-aec\nsubject: Da Nang City\nsubject_id: VN-DNG\n"
                  "milestones:\n  - due: 2024-12-31\n    score: 70\n    indicators: {CM3: 1500, LR4: 3}\n"
                  "  - due: 2025-12-31\n    score: 90\n  - due: 2029-12-31\n    score: 95\n"
                  "responsibilities:\n  CM3: {lead: SME Support Centre}\n", "utf-8")
    r = invoke("progress", path, "--roadmap", rm, "-f", "json")
    assert r.code == 0, r
    (dn,) = [s for s in json.loads(r.out)["subjects"] if s["subject_id"] == "VN-DNG"]
    got = [(m["due"], m["status"]) for m in dn["milestones"]]
    assert got == [("2024-12-31", "missed"), ("2025-12-31", "missed"), ("2029-12-31", "pending")]
    cm3 = next(t for t in dn["milestones"][0]["targets"] if t["id"] == "CM3")
    assert (cm3["status"], cm3["lead"]) == ("missed", "SME Support Centre")
    table = invoke("progress", path, "--roadmap", rm)
    assert "not yet due" in table.out and "Centre)" in table.out and "78.8 < 90" in table.out


@pytest.mark.parametrize("args, code, words", [
    (["progress", f"{EX}/hue-2025.yaml"], 0, "only one round"),
    (["progress", f"{EX}/hue-2025.yaml", f"{EX}/hue-2026.yaml", "--roadmap", "tests/data/monitor/roadmap-hue.yaml"],
     0, "no rounds among the inputs"),
    (["progress", EX, "--roadmap", "tests/data/monitor/roadmap-broken.yaml"], 1, "did you mean 'sections'"),
    (["progress", EX, "--roadmap", "missing.yaml"], 2, "no such road map"),
    (["compare", f"{EX}/hue-2025.yaml", "missing.yaml"], 2, "no such file"),
    (["aggregate", EX, "nope/", "--by", "period"], 2, "no such file or folder"),
    (["aggregate", EX, "--by", "period", "-o", "x.unknown"], 2, "cannot tell the format"),
    (["progress", EX, "--profile", "no-such-profile"], 2, "unknown profile 'no-such-profile'"),
    (["progress", "/dev/null/nothing"], 2, "no such file or folder"),
    (["progress", "checklists/sme-me-aec.yaml"], 1, "this is a checklist, not a submission"),
])
def test_bad_inputs_give_a_message_not_a_traceback(args, code, words):
    r = invoke(*args, cwd=ROOT)
    assert r.code == code, r
    assert words in r.err and "Traceback" not in r.err + r.out


def test_profile_all_is_the_whole_checklist():
    r = invoke("aggregate", EX, "--by", "period", "--profile", "all", "-f", "json", cwd=ROOT)
    assert r.code == 0, r
    assert json.loads(r.out)["profile"] == "all"


def test_checklists_mixed_and_versions(tmp_path):
    path, results = _cities(tmp_path)
    other = dict(results[0], checklist={"id": "other-list", "version": "1", "sha256": "x"})
    old = dict(results[1], checklist=dict(results[1]["checklist"], version="2025.9"))
    path.write_text("".join(json.dumps(r) + "\n" for r in [other, old, *results[2:]]), "utf-8")
    r = invoke("progress", path, "-f", "json")
    assert r.code == 1, r                                  # an input left out: an error, the rest shown
    model = json.loads(r.out)
    assert "two checklists cannot be compared" in r.err and "versions" in r.err
    assert [c["version"] for c in model["checklists"]] == ["2025.9", "2026.2"]
    assert len(model["subjects"]) == 10


def test_a_submission_with_errors_exits_1_and_is_still_used(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (ROOT / EX / "hue-2026.yaml").read_text("utf-8")
    bad.write_text(text.replace("ledcheck: 1\n", "ledcheck: 1\nbogus: 1\n", 1), "utf-8")
    r = invoke("progress", ROOT / EX / "hue-2025.yaml", bad, "-f", "json")
    assert r.code == 1, r
    assert json.loads(r.out)["subjects"][0]["change"] is not None


def test_hostile_text_is_escaped_everywhere(tmp_path):
    path, results = _cities(tmp_path)
    evil = '=HYPERLINK("http://x")<script>alert(1)</script>\x1b[31m'
    for r in results:
        r["subject"] = evil if r["subject_id"] == "VN-DNG" else r["subject"]
    path.write_text("".join(json.dumps(r) + "\n" for r in results), "utf-8")
    for fmt in ("html", "md", "csv", "table"):
        out = tmp_path / f"o.{EXT[fmt]}"
        assert invoke("progress", path, "-f", fmt, "-o", out).code == 0
        text = out.read_text("utf-8")
        assert "\x1b" not in text
        if fmt in ("html", "md"):
            assert "<script>" not in text
        if fmt == "csv":
            assert '"\'=HYPERLINK' in text or "'=HYPERLINK" in text
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    dn = [r for r in results if r["subject_id"] == "VN-DNG"]
    before.write_text(json.dumps([dn[0]]), "utf-8")
    after.write_text(json.dumps([dn[1]]), "utf-8")
    for command, args in (("aggregate", [path, "--by", "country"]), ("compare", [before, after])):
        for fmt in ("html", "md", "table"):
            out = tmp_path / f"{command}.{EXT[fmt]}"
            r = invoke(command, *args, "-f", fmt, "-o", out)
            assert r.code == 0, r
            text = out.read_text("utf-8")
            assert "\x1b" not in text and (fmt == "table" or "<script>" not in text)
    out = tmp_path / "o.xlsx"
    assert invoke("aggregate", path, "--by", "country", "-o", out).code == 0
    values = [v for rows in _xlsx_values(out).values() for row in rows for v in row if isinstance(v, str)]
    assert not any(v.startswith("=") for v in values)


def test_lang_vi_translates_the_reports_own_words_and_keeps_csv_headers(tmp_path):
    r = invoke("compare", f"{EX}/da-nang-2025.yaml", f"{EX}/da-nang-2026.yaml", "--lang", "vi", cwd=ROOT)
    assert r.code == 0, r
    assert "Tổng thể 66.8 → 78.8" in r.out and "Lĩnh vực" in r.out
    out = tmp_path / "c.csv"
    assert invoke("compare", f"{EX}/da-nang-2025.yaml", f"{EX}/da-nang-2026.yaml", "--lang", "vi", "-o", out,
                  cwd=ROOT).code == 0
    assert out.read_text("utf-8").startswith("kind,id,title,before,after,change,movement,")
    html = tmp_path / "p.html"
    assert invoke("progress", EX, "--lang", "vi", "-o", html, cwd=ROOT).code == 0
    text = html.read_text("utf-8")
    assert '<html lang="vi">' in text and "So với vòng cơ sở" in text


def test_workbooks_are_inputs_too(tmp_path):
    wb = tmp_path / "blank.xlsx"
    assert invoke("template", "-f", "xlsx", "-o", wb).code == 0
    r = invoke("progress", wb, ROOT / EX / "hue-2025.yaml", "-f", "json")
    assert r.code == 1, r                      # the blank workbook has errors; both are still shown
    assert len(json.loads(r.out)["subjects"]) == 2


def test_result_json_and_jsonl_inputs_give_the_same_report(tmp_path):
    for fmt in ("json", "jsonl"):
        # on the whole checklist, as progress rescores the submissions (two name profile core)
        assert invoke("score", EX, "-f", fmt, "-p", "all", "-o", tmp_path / f"all.{fmt}", cwd=ROOT).code == 0
    sources = (EX, tmp_path / "all.json", tmp_path / "all.jsonl")
    outs = [invoke("progress", src, "-f", "csv", cwd=ROOT) for src in sources]
    assert all(o.code == 0 for o in outs), outs
    assert outs[0].out == outs[1].out == outs[2].out
    r = invoke("compare", tmp_path / "all.json", f"{EX}/hue-2026.yaml", cwd=ROOT)
    assert r.code == 1 and "gives 21 results; compare needs one round on each side" in r.err
    # scored under their own profiles, the two core rounds cannot be rescored: left out, said so
    assert invoke("score", EX, "-f", "json", "-o", tmp_path / "own.json", cwd=ROOT).code == 0
    r = invoke("progress", tmp_path / "own.json", "-f", "json", cwd=ROOT)
    assert r.code == 0 and r.err.count("cannot be scored again under 'all'") == 2, r
    assert sum(len(s["rounds"]) for s in json.loads(r.out)["subjects"]) == 19


@pytest.mark.parametrize("command", sorted(RUNS))
def test_html_is_self_contained_responsive_and_printable(command):
    text = (GOLDEN / f"{command}.html").read_text("utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "@media (max-width: 480px)" in text and "@media print" in text
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org", "")
    assert 'class="scroll"' in text            # wide tables scroll sideways on a phone, not the page
