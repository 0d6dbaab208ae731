"""Issue 10 in a real terminal (a pty at 80x24): a blank template made by ``ledcheck template``
is filled in with ``ledcheck assess -o FILE --resume`` as the README says -- three answers,
quit, resume, finish -- and the template keeps every guidance comment; and a whole session in
Vietnamese, typed with Vietnamese answer words and decimal commas, from a Vietnamese template."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

BILINGUAL = """
ledcheck: 1
id: small
version: "1"
title: {en: Small test checklist, vi: Bộ công cụ thử nhỏ}
languages: [en, vi]
disaggregations:
  sex: [female, male]
sections:
  - id: plan
    title: {en: Planning, vi: Hoạch định}
    indicators:
      - id: K1
        text: {en: A local SME strategy is adopted, vi: Chiến lược DNNVV của địa phương được ban hành}
        guidance: {en: Look for the council resolution., vi: Kiểm tra nghị quyết của HĐND.}
        type: levels
        levels:
          - {value: 0, label: {en: None, vi: Chưa có}}
          - {value: 1, label: {en: Draft, vi: Dự thảo}}
          - {value: 2, label: {en: Adopted, vi: Đã ban hành}}
        evidence: required
      - id: K2
        text: {en: Roles are assigned, vi: Đã phân công vai trò}
        type: yesno
        partial: true
      - id: K3
        text: {en: How the strategy was prepared, vi: Cách xây dựng chiến lược}
        type: choice
        options:
          - {id: internal, label: {en: Government only, vi: Chỉ chính quyền}, score: 0}
          - {id: consulted, label: {en: Consulted, vi: Có tham vấn}, score: 1}
          - {id: codesigned, label: {en: Co-designed, vi: Cùng thiết kế}, score: 2}
        when: "K1 >= 1"
      - id: K4
        text: {en: Priority areas, vi: Lĩnh vực ưu tiên}
        type: multi
        options:
          - {id: finance, score: 1}
          - {id: markets, score: 1}
          - {id: digital, score: 1}
  - id: impl
    title: {en: Implementation, vi: Triển khai}
    weight: 2
    indicators:
      - id: N1
        text: {en: New businesses registered, vi: Số doanh nghiệp mới đăng ký}
        type: number
        unit: businesses
        min: 0
        target: 100
        disaggregate: [sex]
      - id: N2
        text: {en: Share of procedures online, vi: Tỷ lệ thủ tục trực tuyến}
        type: number
        unit: "%"
        min: 0
        max: 100
        baseline: 10
        target: 60
      - id: N3
        text: {en: A review was done, vi: Đã có đánh giá}
        type: yesno
        allow_na: true
      - id: N4
        text: {en: Comments, vi: Nhận xét}
        type: text
"""


@pytest.fixture()
def small(tmp_path):
    (tmp_path / "checklists").mkdir()
    p = tmp_path / "checklists" / "small.yaml"    # found by id from tmp_path
    p.write_text(BILINGUAL, encoding="utf-8")
    return p


def ledcheck(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledcheck", *map(str, args)], capture_output=True,
                          text=True, cwd=str(tmp_path), env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def spawn(tmp_path, args):
    env = dict(os.environ, TERM="xterm", PYTHONIOENCODING="utf-8", LANG="C.UTF-8")
    for k in ("NO_COLOR", "COLUMNS", "LINES"):
        env.pop(k, None)
    return pexpect.spawn(sys.executable, ["-m", "ledcheck", "assess", *map(str, args)],
                         encoding="utf-8", dimensions=(24, 80), env=env, cwd=str(tmp_path),
                         timeout=15)


def ask(child, prompt: str, answer: str) -> None:
    child.expect(prompt)
    child.sendline(answer)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_template_then_resume_three_quit_resume_finish(small, tmp_path):
    r = ledcheck(tmp_path, "template", "small", "-o", "t.yaml")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "t.yaml"
    blank = out.read_text(encoding="utf-8")

    child = spawn(tmp_path, ["-o", "t.yaml", "--resume"])     # the checklist comes from the file
    ask(child, "Subject", "Hue City")
    child.expect("Saving to t.yaml")
    ask(child, "K1 level 0-2", "2")                           # blank entries are unanswered
    ask(child, "K1 evidence", "Council resolution 7")
    ask(child, "K2 y/n/p", "p")
    ask(child, "K3 option 1-3", "2")
    ask(child, "K4 options 1-3", "q")
    child.expect("3 answers saved to t.yaml")
    child.expect("ledcheck assess small -o t.yaml --resume")
    assert finish(child) == 0

    text = out.read_text(encoding="utf-8")
    assert comments(text) == comments(blank)                  # every guidance comment kept
    assert len(text.splitlines()) == len(blank.splitlines())  # filled in place
    data = yaml.safe_load(text)
    assert data["subject"] == "Hue City"
    assert {k: v for k, v in data["answers"].items() if v is not None} == {
        "K1": {"value": 2, "evidence": "Council resolution 7"}, "K2": "partial", "K3": "consulted"}

    child = spawn(tmp_path, ["-o", "t.yaml", "--resume"])
    child.expect("3 answers so far; continuing at K4")
    ask(child, "K4 options 1-3", "1 3")
    ask(child, "N1 number", "64")
    ask(child, "female", "30")
    ask(child, r"male \(of 64\) \[34\]", "")
    ask(child, "N2 number", "45")
    ask(child, "N3 y/n/na", "na")
    ask(child, "N4 text", "Good progress")
    child.expect("Review")                                    # the summary: one row a section
    ask(child, "Enter = finish", "2")                         # a section in full
    child.expect("N2")
    ask(child, "Enter = finish", "")
    child.expect("Saved to")
    assert finish(child) == 0

    text = out.read_text(encoding="utf-8")
    assert comments(text) == comments(blank)
    data = yaml.safe_load(text)
    assert data["answers"] == {
        "K1": {"value": 2, "evidence": "Council resolution 7"}, "K2": "partial", "K3": "consulted",
        "K4": ["finance", "digital"], "N1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}},
        "N2": 45, "N3": "na", "N4": "Good progress"}
    assert not list(tmp_path.glob(".t.yaml.*"))               # no lock or temporary file left
    r = ledcheck(tmp_path, "validate", "t.yaml")
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_whole_session_in_vietnamese(small, tmp_path):
    r = ledcheck(tmp_path, "template", "small", "--lang", "vi", "-o", "v.yaml")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "v.yaml"
    blank = out.read_text(encoding="utf-8")

    child = spawn(tmp_path, ["-o", "v.yaml", "--resume"])     # no --lang: the template's language
    ask(child, "Đơn vị được đánh giá", "Thành phố Huế")
    child.expect("Lưu vào v.yaml sau mỗi câu trả lời")
    child.expect("Chiến lược DNNVV của địa phương được ban hành")
    child.expect("bắt buộc có bằng chứng")
    ask(child, "K1 mức 0-2", "2")
    ask(child, "K1 bằng chứng", "Nghị quyết 7")
    child.expect("y có · n không · p một phần")
    ask(child, "K2 y/n/p", "Một phần")                        # answer words in Vietnamese
    ask(child, "K3 lựa chọn 1-3", "2")
    ask(child, "K4 lựa chọn 1-3", "không có dữ liệu")         # no data
    ask(child, "N1 số", "?")
    child.expect("Lệnh, dùng ở mọi dấu nhắc")                 # help in Vietnamese
    ask(child, "N1 số", "64")
    ask(child, "female", "30")
    ask(child, r"male \(trong tổng 64\) \[34\]", "")
    ask(child, "N2 số", "1.234,5")
    child.expect("dấu phân cách hàng nghìn")                  # refused, with a hint
    ask(child, "N2 số", "45,5")                               # a decimal comma
    ask(child, "N3 y/n/na", "không áp dụng")
    ask(child, "N4 văn bản", "Tiến bộ tốt")
    child.expect("Xem lại")
    child.expect("Tổng điểm")
    child.expect(r"1 không\s+có\s+dữ\s+liệu")                 # (wrapped at 80 columns)
    ask(child, "Enter = kết thúc", "")
    child.expect("Xong")
    assert finish(child) == 0

    text = out.read_text(encoding="utf-8")
    assert comments(text) == comments(blank)
    data = yaml.safe_load(text)
    assert data["answers"] == {                               # canonical values in the file
        "K1": {"value": 2, "evidence": "Nghị quyết 7"}, "K2": "partial", "K3": "consulted",
        "K4": "no_data", "N1": {"value": 64, "by": {"sex": {"female": 30, "male": 34}}},
        "N2": 45.5, "N3": "na", "N4": "Tiến bộ tốt"}
    assert "# ledcheck: lang=vi" in text                      # remembered for the next --resume
