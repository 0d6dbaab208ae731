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
    assert len(rows) == 70 and {row["indicator_id"] for row in rows} >= {"ST1", "ME10"}


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
    assert "sme-me-aec" in html and "2026.1" in html


def test_xlsx_has_summary_and_indicators(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "scores.xlsx"
    assert invoke("score", "checklists/examples/", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert {"Summary", "Indicators", "About"} <= set(wb.sheetnames)
    assert wb["Summary"].max_row == N_EXAMPLES + 1
    assert wb["Indicators"].max_row == N_EXAMPLES * 70 + 1


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
    (subs / "c.yaml").write_text("ledcheck: 1\nchecklist: sme-me-aec\nsubject: C\nanswers:\n  ST1: 9\n", "utf-8")
    r = invoke("score", subs, "-f", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [d["subject"] for d in data] == ["Hue City", "C"]
    assert f"{subs / 'b.yaml'}:3:1: error: YAML syntax error" in r.stderr
    assert f"{subs / 'c.yaml'}:5:8: error: ST1 takes one of the levels" in r.stderr


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
    assert "| 2 Started |" in md                                   # ST1: level 2 with its label
    assert "Draft shared with selected firms for comment" in md     # ST3: the option's label
    data = json.loads(invoke("score", "checklists/examples/hue-2025.yaml", "-f", "json").stdout)
    st1 = data[0]["sections"][0]["sections"][0]["indicators"][0]
    assert st1["id"] == "ST1" and st1["value"] == 2                 # data keeps the value itself


def test_reports_speak_the_language_asked_for():
    md = invoke("score", "checklists/examples/hue-2025.yaml", "-f", "md", "--lang", "vi").stdout
    assert "## Điểm theo lĩnh vực" in md and "**Điểm: 42.1 / 100**" in md    # the report's own words
    assert "Chiến lược và lộ trình" in md                                    # the checklist's words
    html = invoke("score", "checklists/examples/", "-f", "html", "--lang", "vi").stdout
    assert '<html lang="vi">' in html and ">Tổng hợp</h2>" in html and ">Bằng chứng</th>" in html
    assert "Section scores" not in html, "an English report word left in the Vietnamese report"
