"""`ledcheck score` end to end: formats parsed back, golden files, output folders, exit codes."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "checklists" / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
N_EXAMPLES = len(list(EXAMPLES.glob("*.yaml")))
runner = CliRunner()


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """Run from the repository root so sources are the stable relative paths of the examples."""
    monkeypatch.chdir(ROOT)


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_examples_score_clean_as_a_table():
    r = invoke("score", "checklists/examples/")
    assert r.exit_code == 0, r.output
    for city in ("Da Nang", "Iloilo", "Surabaya", "Chiang Mai", "Siem Reap"):
        assert city in r.stdout
    assert f"{N_EXAMPLES} submissions scored" in r.stderr


def test_json_is_an_array_with_auditable_checklist():
    r = invoke("score", "checklists/examples/", "-f", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == N_EXAMPLES
    sha = hashlib.sha256((ROOT / "checklists" / "sme-me-aec.yaml").read_bytes()).hexdigest()
    assert {d["checklist"]["sha256"] for d in data} == {sha}
    assert all(0 <= d["score"] <= 100 for d in data)
    one = json.loads(invoke("score", "checklists/examples/hue-2025.yaml", "-f", "json").stdout)
    assert isinstance(one, list) and len(one) == 1


def test_jsonl_has_one_result_per_line(tmp_path):
    out = tmp_path / "r.jsonl"
    r = invoke("score", "checklists/examples/", "-o", out)
    assert r.exit_code == 0, r.output
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == N_EXAMPLES
    assert [json.loads(x)["subject"] for x in lines][0] == "Chiang Mai City Municipality"


def test_csv_parses_back_wide_and_long(tmp_path):
    r = invoke("score", "checklists/examples/", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == N_EXAMPLES
    assert "section:finance" in rows[0] and rows[0]["checklist_id"] == "sme-me-aec"
    r = invoke("score", "checklists/examples/da-nang-2026.yaml", "-f", "csv", "--long")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 100 and {row["indicator_id"] for row in rows} >= {"ST1a", "ME10"}  # 2026.2: 100 indicators


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, int] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_parses(tmp_path):
    out = tmp_path / "report.html"
    assert invoke("score", "checklists/examples/", "-o", out).exit_code == 0
    html = out.read_text("utf-8")
    p = _Collect()
    p.feed(html)
    assert p.tags.get("svg", 0) >= N_EXAMPLES          # a radar chart per submission
    assert "Da Nang City" in "".join(p.text)
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "sme-me-aec" in html and "2026.2" in html


def test_xlsx_has_summary_and_indicators(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "scores.xlsx"
    assert invoke("score", "checklists/examples/", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert {"Summary", "Indicators", "About"} <= set(wb.sheetnames)
    assert wb["Summary"].max_row == N_EXAMPLES + 1
    assert wb["Indicators"].max_row == N_EXAMPLES * 100 + 1  # 2026.2: 100 indicators


def test_output_folder_gets_one_report_each_plus_summary(tmp_path):
    out = tmp_path / "reports"
    r = invoke("score", "checklists/examples/", "-o", f"{out}/", "-f", "md")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    assert "summary.md" in names and len(names) == N_EXAMPLES + 1
    assert "da-nang-city-2026-followup.md" in names


def test_hostile_subjects_stay_inside_the_output_folder(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for i, subject in enumerate(["../../etc/passwd", "/abs/path", "..", "Da Nang", "Da Nang", "CON", ""]):
        (subs / f"s{i}.yaml").write_text(
            f"ledcheck: 1\nchecklist: sme-me-aec\nsubject: {json.dumps(subject)}\nanswers: {{}}\n", "utf-8")
    out = tmp_path / "out"
    r = invoke("score", subs, "-o", f"{out}/", "-f", "json")
    assert r.exit_code == 1 and "subject is empty" in r.stderr     # the blank subject
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 8, files                       # 7 reports + summary, none overwritten
    assert all(p.resolve().parent == out.resolve() for p in out.iterdir())
    assert not (tmp_path / "etc").exists()
    assert "da-nang.json" in files and "da-nang-2.json" in files


def test_a_broken_submission_does_not_stop_the_batch(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.yaml").write_text((EXAMPLES / "hue-2025.yaml").read_text("utf-8"), "utf-8")
    (subs / "b.yaml").write_text("ledcheck: 1\nanswers: [1, 2\n", "utf-8")
    (subs / "c.yaml").write_text("ledcheck: 1\nchecklist: sme-me-aec\nsubject: C\nanswers:\n  ST1a: 9\n", "utf-8")
    r = invoke("score", subs, "-f", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [d["subject"] for d in data] == ["Hue City", "C"]
    assert f"{subs / 'b.yaml'}:3:1: error: YAML syntax error" in r.stderr
    assert f"{subs / 'c.yaml'}:5:9: error: ST1a takes one of the levels" in r.stderr


def test_unknown_checklist_is_reported_at_its_line(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("ledcheck: 1\nsubject: X\nchecklist: sme-me-aex\nanswers: {}\n", "utf-8")
    r = invoke("score", f)
    assert r.exit_code == 1
    assert f"{f}:3:12: error: no checklist with id 'sme-me-aex'; did you mean 'sme-me-aec'?" in r.stderr


def test_missing_path_is_a_usage_error():
    r = invoke("score", "no/such/file.yaml")
    assert r.exit_code == 2
    assert "no/such/file.yaml" in r.stderr and "Traceback" not in r.output


def test_unusable_checklist_option_is_a_usage_error():
    assert invoke("score", "checklists/examples/", "-c", "nope.yaml").exit_code == 2


def test_fail_under():
    assert invoke("score", "checklists/examples/", "--fail-under", "0").exit_code == 0
    r = invoke("score", "checklists/examples/", "--fail-under", "50", "-f", "jsonl")
    assert r.exit_code == 1 and "scored under 50" in r.stderr


def test_jobs_give_the_same_results():
    one = json.loads(invoke("score", "checklists/examples/", "-f", "json", "-j", "1").stdout)
    two = json.loads(invoke("score", "checklists/examples/", "-f", "json", "-j", "2").stdout)
    assert one == two


def test_lang_translates_section_titles():
    data = json.loads(invoke("score", "checklists/examples/hue-2026.yaml", "-f", "json", "--lang", "vi").stdout)
    assert data[0]["sections"][0]["title"] != "SME strategy and road map"
    assert data[0]["rating"] in ("Tiên tiến", "Đang phát triển", "Mới hình thành", "Khởi đầu")


# --------------------------------------------------------------------------- golden files

GOLDEN_CASES = {
    "examples.json": ["-f", "json"],
    "examples.csv": ["-f", "csv"],
    "examples-long.csv": ["-f", "csv", "--long"],
    "examples.md": ["-f", "md"],
    "examples.html": ["-f", "html"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name):
    r = invoke("score", "checklists/examples/", *GOLDEN_CASES[name])
    assert r.exit_code == 0
    got = r.stdout_bytes
    path = GOLDEN / name
    if os.environ.get("LEDCHECK_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{name} differs from its golden file (LEDCHECK_UPDATE_GOLDEN=1 rewrites it)"


def test_reports_show_level_and_option_labels_not_codes():
    md = invoke("score", "checklists/examples/hue-2025.yaml", "-f", "md").stdout
    assert "| 3 Adopted and in force |" in md                      # ST1a: level 3 with its label
    assert "Draft shared with selected firms for comment" in md     # ST3: the option's label
    data = json.loads(invoke("score", "checklists/examples/hue-2025.yaml", "-f", "json").stdout)
    st1 = data[0]["sections"][0]["sections"][0]["indicators"][0]
    assert st1["id"] == "ST1a" and st1["value"] == 3                # data keeps the value itself


def test_reports_speak_the_language_asked_for():
    md = invoke("score", "checklists/examples/hue-2025.yaml", "-f", "md", "--lang", "vi").stdout
    assert "## Điểm theo lĩnh vực" in md and "**Điểm: 39.7 / 100**" in md    # the report's own words
    assert "Chiến lược và lộ trình" in md                                    # the checklist's words
    html = invoke("score", "checklists/examples/", "-f", "html", "--lang", "vi").stdout
    assert '<html lang="vi">' in html and ">Tổng hợp</h2>" in html and ">Bằng chứng</th>" in html
    assert "Section scores" not in html, "an English report word left in the Vietnamese report"


# --------------------------------------------------------------------------- hardening (issues 9-11)

NA_CHECKLIST = """\
ledcheck: 1
id: na-only
version: "1"
title: Only N/A
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: First, type: yesno, allow_na: true}
"""


def _sub(checklist: str, answers: str, subject: str = "City", extra: str = "") -> str:
    return f"ledcheck: 1\nchecklist: {checklist}\nsubject: {json.dumps(subject)}\n{extra}answers: {answers}\n"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_fail_under_must_be_a_number(value):
    r = invoke("score", "checklists/examples/hue-2025.yaml", "--fail-under", value)
    assert r.exit_code == 2, r.output
    assert "fail-under" in r.stderr


def test_a_null_score_fails_fail_under(tmp_path):
    cl = tmp_path / "na.yaml"
    cl.write_text(NA_CHECKLIST)
    sub = tmp_path / "s.yaml"
    sub.write_text(_sub("na-only", "{A: na}"))
    r = invoke("score", sub, "-c", cl, "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["score"] is None
    r = invoke("score", sub, "-c", cl, "-f", "json", "--fail-under", "0")
    assert r.exit_code == 1, r.output
    assert "1 submission scored under 0" in r.stderr


def test_an_unscorable_submission_fails_fail_under(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(_sub("sme-me-aec", "{}"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("ledcheck: 1\nanswers: [\n")
    r = invoke("score", good, bad, "--fail-under", "0", "-f", "json")
    assert r.exit_code == 1, r.output
    assert "1 submission scored under 0 (or could not be scored)" in r.stderr


def test_nan_scores_never_pass_fail_under():
    from ledcheck.cli.score import _passes
    assert _passes(60.0, 50) and _passes(50.0, 50)
    assert not _passes(float("nan"), 0) and not _passes(None, 0) and not _passes(float("inf"), 0)
    assert not _passes(49.9, 50)


def test_results_carry_no_local_paths(tmp_path, monkeypatch):
    inside = tmp_path / "work"
    (inside / "data").mkdir(parents=True)
    (inside / "data" / "a.yaml").write_text(_sub("sme-me-aec", "{}", "A"))
    outside = tmp_path / "elsewhere" / "b.yaml"
    outside.parent.mkdir()
    outside.write_text(_sub("sme-me-aec", "{}", "B"))
    monkeypatch.chdir(inside)
    r = invoke("score", inside / "data" / "a.yaml", outside, "-f", "json")
    assert r.exit_code == 0, r.output
    assert [x["source"] for x in json.loads(r.stdout)] == [os.path.join("data", "a.yaml"), "b.yaml"]
    assert str(tmp_path) not in r.stdout
    r = invoke("score", inside / "data" / "a.yaml", outside, "-f", "jsonl")
    assert str(tmp_path) not in r.stdout


def test_a_table_into_a_file_or_pipe_is_whole_without_the_widen_note(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    r = invoke("score", "checklists/examples/")
    assert r.exit_code == 0
    assert "widen the terminal" not in r.stdout
    assert "strategy" in r.stdout.splitlines()[1] or "strat" in r.stdout  # section columns kept


def test_the_score_table_escapes_control_and_bidi_characters(tmp_path):
    sub = tmp_path / "s.yaml"
    sub.write_text(_sub("sme-me-aec", "{}", "Evil\x1b[31m\u202eytiC"))
    r = invoke("score", sub)
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    assert "\\x1b" in r.stdout and "\\u202e" in r.stdout


def test_nothing_scored_keeps_an_earlier_report(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("GOOD EARLIER REPORT")
    bad = tmp_path / "bad.yaml"
    bad.write_text("ledcheck: 1\nanswers: [\n")
    r = invoke("score", bad, "-o", out)
    assert r.exit_code == 1, r.output
    assert out.read_text() == "GOOD EARLIER REPORT"
    assert "nothing was scored" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.json"]  # no .tmp left
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "summary.html").write_text("EARLIER SUMMARY")
    r = invoke("score", bad, "-o", f"{folder}/")
    assert r.exit_code == 1
    assert (folder / "summary.html").read_text() == "EARLIER SUMMARY"


def test_a_failed_report_in_an_output_folder_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "hue-city-2025-baseline.html").mkdir()  # a folder in the way of one report
    r = invoke("score", "checklists/examples/", "-o", f"{folder}/")
    assert r.exit_code == 2, r.output
    assert "hue-city-2025-baseline.html: error: cannot write" in r.stderr
    written = {p.name for p in folder.iterdir() if p.is_file()}
    assert len(written) == N_EXAMPLES  # every other report and the summary
    assert "summary.html" in written


def test_xlsx_is_not_written_to_a_terminal():
    import pty
    import subprocess
    import sys
    main, child = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "ledcheck", "score", "checklists/examples/hue-2025.yaml",
                            "-f", "xlsx"], stdout=child, stderr=subprocess.PIPE, cwd=ROOT, timeout=600)
    finally:
        os.close(child)
        os.close(main)
    assert p.returncode == 2
    assert b"use -o FILE.xlsx" in p.stderr and b"Traceback" not in p.stderr


def test_xlsx_to_a_pipe_is_written():
    r = invoke("score", "checklists/examples/hue-2025.yaml", "-f", "xlsx")
    assert r.exit_code == 0 and r.stdout_bytes[:2] == b"PK"


def test_unknown_profile_exits_2_with_the_profiles(tmp_path):
    r = invoke("score", "checklists/examples/hue-2025.yaml", "-c", "sme-me-aec", "--profile", "nope")
    assert r.exit_code == 2
    assert "unknown profile 'nope'" in r.stderr and "'all'" in r.stderr
    r = invoke("score", "checklists/examples/hue-2025.yaml", "--profile", "nope", "-f", "json")
    assert r.exit_code == 2 and "unknown profile 'nope'" in r.stderr
    assert invoke("score", "checklists/examples/hue-2025.yaml", "--profile", "all").exit_code == 0


PROFILED = """\
ledcheck: 1
id: prof
version: "2.0"
title: Profiled
sections:
  - id: a
    title: Alpha
    indicators:
      - {id: A1, text: First, type: yesno}
      - {id: A2, text: Second, type: yesno}
  - id: b
    title: Beta
    indicators:
      - {id: B1, text: Third, type: yesno}
profiles:
  - {id: core, title: Core, include: [a], exclude: [A2]}
"""


def test_profile_reaches_the_scorer(tmp_path, monkeypatch):
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "prof.yaml").write_text(PROFILED)
    (tmp_path / "s.yaml").write_text(_sub("prof", "{A1: yes, A2: no, B1: no}"))
    monkeypatch.chdir(tmp_path)
    whole = json.loads(invoke("score", "s.yaml", "-f", "json").stdout)[0]
    assert whole["score"] == pytest.approx(25.0)  # a: (1 + 0) / 2, b: 0
    from ledcheck.batch import scorer_takes_profile
    r = invoke("score", "s.yaml", "-f", "json", "--profile", "core")
    core = json.loads(r.stdout)[0]
    if scorer_takes_profile():
        assert core["score"] == pytest.approx(100.0) and core["profile"] == "core", r.output
    else:  # pragma: no cover - until the 1.1 scorer lands
        assert "cannot score under a profile yet" in r.stderr


def test_checklist_version_selects_the_version(tmp_path, monkeypatch):
    lib = tmp_path / "checklists"
    (lib / "archive").mkdir(parents=True)
    (lib / "prof.yaml").write_text(PROFILED)
    (lib / "archive" / "prof-1.yaml").write_text(PROFILED.replace('version: "2.0"', 'version: "1.10"'))
    (lib / "archive" / "prof-0.yaml").write_text(PROFILED.replace('version: "2.0"', 'version: "1.9"'))
    for name, extra in (("old.yaml", 'checklist_version: "1.9"\n'), ("new.yaml", ""),
                        ("gone.yaml", 'checklist_version: "0.1"\n')):
        (tmp_path / name).write_text(_sub("prof", "{A1: yes}", extra=extra))
    monkeypatch.chdir(tmp_path)
    r = invoke("score", "old.yaml", "new.yaml", "gone.yaml", "-f", "json")
    got = {x["source"]: x["checklist"]["version"] for x in json.loads(r.stdout)}
    assert got == {"old.yaml": "1.9", "new.yaml": "2.0", "gone.yaml": "2.0"}, r.output
    assert "gone.yaml" in r.stderr and "'0.1'" in r.stderr  # the mismatch is still a warning


def test_a_submission_names_its_checklist_by_id_never_by_path(tmp_path, monkeypatch):
    secret = tmp_path / "secret.yaml"
    secret.write_text(NA_CHECKLIST)
    monkeypatch.chdir(tmp_path)
    for ref in (str(secret), "secret.yaml", "./secret.yaml", "../" + tmp_path.name + "/secret.yaml"):
        (tmp_path / "s.yaml").write_text(_sub(json.dumps(ref), "{A: yes}"))
        r = invoke("score", "s.yaml", "-f", "json")
        assert r.exit_code == 1, (ref, r.output)
        assert ("not a checklist id" in r.stderr or "no checklist with id" in r.stderr) and json.loads(r.stdout) == []
    # -c takes paths
    (tmp_path / "s.yaml").write_text(_sub("na-only", "{A: yes}"))
    assert invoke("score", "s.yaml", "-c", "secret.yaml", "-f", "json").exit_code == 0


def test_a_folder_named_like_the_id_is_not_in_the_way(tmp_path, monkeypatch):
    (tmp_path / "sme-me-aec").mkdir()
    (tmp_path / "s.yaml").write_text(_sub("sme-me-aec", "{}"))
    monkeypatch.chdir(tmp_path)
    assert invoke("score", "s.yaml", "-f", "json").exit_code == 0
    assert invoke("score", "s.yaml", "-c", "sme-me-aec", "-f", "json").exit_code == 0


def test_summary_and_wrote_lines_in_vietnamese(tmp_path):
    """``score --lang vi`` printed its own words in English ("2 submissions scored", "wrote
    FILE"); they come from ledcheck.i18n.cli now. English stays as it was."""
    from ledcheck.i18n import tr
    from ledcheck.i18n.cli import WORDS
    bad = tmp_path / "bad.yaml"
    bad.write_text("checklist: nowhere\n", encoding="utf-8")
    out = tmp_path / "s.json"
    r = invoke("score", "checklists/examples/hue-2025.yaml", "checklists/examples/hue-2026.yaml", bad,
               "-f", "json", "-o", out, "--lang", "vi")
    words = WORDS["vi"]
    said = r.stderr.splitlines()[-1]
    assert said == (words["wrote {path} ({summary})"].format(
        path=out, summary="; ".join([words["{n} submissions scored"].format(n=2),
                                     words["{n} file could not be scored"].format(n=1)])))
    assert said.startswith("đã ghi ") and "scored" not in said
    r = invoke("score", "checklists/examples/hue-2025.yaml", "--lang", "vi", "--fail-under", "101")
    assert "1 bản đánh giá có điểm dưới 101" in r.stderr and "đã tính điểm 1 bản đánh giá" in r.stderr
    r = invoke("score", "checklists/examples/", "-f", "md", "-o", f"{tmp_path}/reports/", "--lang", "vi")
    assert f"đã ghi {N_EXAMPLES} báo cáo và summary.md vào {tmp_path / 'reports'}/" in r.stderr
    r = invoke("score", "checklists/examples/hue-2025.yaml", "-f", "json", "-o", out)
    assert r.stderr.splitlines()[-1] == f"wrote {out} (1 submission scored)"
    assert tr("{n} errors", "vi") == "{n} lỗi"
