"""``ledcheck list`` and ``ledcheck show``: the checklists available, and one as a tree of shares.

Run through the console-script entry point in this process (``helpers.invoke``). The figures
for the ``shares`` checklist are computed by hand in ``helpers.SHARES``.
"""
from __future__ import annotations

import json
import re
from itertools import pairwise

import pytest

from ledcheck.checklist import load_checklist

from helpers import DEFAULT, SHARES, SHARES_PERCENT, invoke, write


@pytest.fixture
def library(tmp_path):
    """A working folder whose ./checklists holds the shares checklist and a broken one."""
    write(tmp_path / "checklists" / "shares.yaml", SHARES)
    write(tmp_path / "checklists" / "broken.yaml", "ledcheck: 1\nid: broken\ntitle: Broken\n")
    return tmp_path


def indicator_shares(out: str) -> dict[str, float]:
    """{indicator id: share in percent} from show's tree: an indicator's line is followed by a
    line with its type, weight and share (two decimals)."""
    lines = out.splitlines()
    found = {}
    for head, detail in pairwise(lines):
        m = re.search(r"· (\d+\.\d{2})%", detail)
        ident = re.match(r"^[│├└─ ]*(\S+) ", head)
        if m and ident and "weight" not in head:
            found[ident[1]] = float(m[1])
    return found


def section_shares(out: str) -> dict[str, float]:
    """{section id: share} from show's section lines ('ID Title  weight W · P%', then the
    section's results level where it has one, as the 2026.2 default checklist's do)."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^[│├└─ ]*(\S+) .*weight \S+ · (\d+\.\d)%(?: · [a-z]+)?$",
                                                   out, re.M)}


# --------------------------------------------------------------------------- list

def test_list_names_every_checklist_with_its_version_count_languages_and_title(library):
    run = invoke("list", cwd=library)
    assert run.code == 0, run
    rows = {line.split()[0]: line for line in run.out.splitlines() if line and not line.startswith(" ")}
    assert {"shares", "sme-me-aec", "broken"} <= set(rows), run
    assert re.search(r"^shares\s+1\.0\s+5\s+en, vi\s+Shares checklist\s*$", rows["shares"]), rows["shares"]
    default = load_checklist(DEFAULT)
    # every version is listed, one row each: the current one and the archived 2026.1 (70 indicators)
    assert re.search(rf"^sme-me-aec\s+{re.escape(default.version)}\s+{len(default.indicators)}\s", run.out, re.M), run
    assert re.search(r"^sme-me-aec\s+2026\.1\s+70\s", run.out, re.M), run
    # the draft PO files beside the bundled checklist add their languages, as loading it does
    assert re.search(rf"^sme-me-aec\s+{re.escape(default.version)}\s+\d+\s+en, vi, id, th\s", run.out, re.M), run
    assert re.search(r"^sme-me-aec\s+2026\.1\s+70\s+en, vi\s", run.out, re.M), run
    assert default.title.get(None) in run.out
    assert "(invalid: run ledcheck validate" in rows["broken"]
    # where each one comes from
    assert "(bundled)" in run.out and "checklists/shares.yaml" in run.out


def test_list_in_vietnamese_shows_the_vietnamese_titles(library):
    run = invoke("list", "--lang", "vi", cwd=library)
    assert run.code == 0, run
    assert "Bảng kiểm tỷ trọng" in run.out
    assert "Shares checklist" not in run.out


# --------------------------------------------------------------------------- show

def test_show_gives_every_indicator_its_hand_computed_share(library):
    run = invoke("show", "shares", cwd=library)
    assert run.code == 0, run
    assert "Shares checklist" in run.out and "shares 1.0 · 5 indicators" in run.out
    shares = indicator_shares(run.out)
    assert shares == {k: round(v, 2) for k, v in SHARES_PERCENT.items() if k[0].isupper()}, run
    assert section_shares(run.out) == {"a": 25.0, "b": 75.0, "c": 37.5}, run
    assert re.search(r"T1 Lessons learned\n.*text · weight 1 · not scored", run.out), run
    assert sum(shares.values()) == pytest.approx(100, abs=0.01)


def test_show_of_the_default_checklist_lists_every_indicator_and_shares_sum_to_100():
    run = invoke("show")
    assert run.code == 0, run
    default = load_checklist(DEFAULT)
    shares = indicator_shares(run.out)
    scored = [i.id for i in default.indicators.values() if i.scored]
    assert sorted(shares) == sorted(scored), run
    # two decimals each: the rounding of 70 shares moves the sum by at most 70 * 0.005
    assert sum(shares.values()) == pytest.approx(100, abs=len(shares) * 0.005)
    top = [s.id for s in default.sections]
    assert sum(section_shares(run.out)[s] for s in top) == pytest.approx(100, abs=len(top) * 0.05)
    for ind in default.indicators.values():
        assert f" {ind.id} " in run.out


def test_show_in_vietnamese_uses_the_vietnamese_texts(library):
    run = invoke("show", "shares", "--lang", "vi", cwd=library)
    assert run.code == 0, run
    for text in ("Bảng kiểm tỷ trọng", "Anpha", "Chiến lược được thông qua", "Mức độ"):
        assert text in run.out, run
    assert "Strategy adopted" not in run.out
    assert indicator_shares(run.out) == indicator_shares(invoke("show", "shares", cwd=library).out)


def test_show_a_checklist_file_by_path(library):
    run = invoke("show", library / "checklists" / "shares.yaml")
    assert run.code == 0, run
    assert indicator_shares(run.out)["B1"] == 37.5


def test_show_an_unknown_checklist_is_a_usage_error(library):
    run = invoke("show", "no-such-checklist", cwd=library)
    assert run.code == 2, run
    assert "no-such-checklist" in run.err
    assert "Traceback" not in run.err


# --------------------------------------------------------------------------- 1.1: versions, profiles, directions

V11 = """\
ledcheck: 1
id: prof
version: "2.0"
title: Profiled
sections:
  - id: a
    title: Alpha
    results_level: output
    weight: 1
    indicators:
      - {id: A1, text: First, type: yesno}
      - {id: A2, text: Fewer days, type: number, baseline: 10, target: 2, direction: decrease}
      - {id: A3, text: More firms, type: number, baseline: 0, target: 50}
  - id: b
    title: Beta
    weight: 3
    indicators:
      - {id: B1, text: Third, type: yesno}
      - {id: B2, text: Fourth, type: yesno}
profiles:
  - id: core
    title: Core
    include: [a, B1]
    exclude: [A2]
    weights: {a: 3, b: 1}
"""


@pytest.fixture
def v11(tmp_path):
    write(tmp_path / "checklists" / "prof.yaml", V11)
    write(tmp_path / "checklists" / "archive" / "prof-1.yaml", V11.replace('version: "2.0"', 'version: "1.5"')
          .replace("title: Profiled\n", "title: Profiled, first edition\n"))
    return tmp_path


def test_list_shows_every_version_newest_first(v11):
    run = invoke("list", cwd=v11)
    assert run.code == 0, run
    rows = [line.split()[:2] for line in run.out.splitlines() if line.startswith("prof ")]
    assert rows == [["prof", "2.0"], ["prof", "1.5"]], run.out
    assert "Profiled, first edition" in run.out and "archive" in run.out


def test_show_gives_direction_arrows_and_results_levels(v11):
    run = invoke("show", "prof", cwd=v11)
    assert run.code == 0, run
    assert re.search(r"A2 Fewer days\n.*number ↓ · weight 1 · \d+\.\d\d% · output", run.out), run.out
    assert re.search(r"A3 More firms\n.*number ↑ ·", run.out), run.out
    assert re.search(r"^[│├└─ ]*a Alpha .*· output$", run.out, re.M), run.out


def test_show_under_a_profile_has_only_its_indicators_with_its_shares(v11):
    run = invoke("show", "prof", "--profile", "core", cwd=v11)
    assert run.code == 0, run
    shares = indicator_shares(run.out)
    # a (weight 3) 75 %: A1 and A3 37.5 % each; b (weight 1) 25 %: B1 alone
    assert shares == {"A1": 37.5, "A3": 37.5, "B1": 25.0}, run.out
    assert section_shares(run.out) == {"a": 75.0, "b": 25.0}, run.out  # a's line ends with its level
    assert "a Alpha  weight 3 · 75.0% · output" in run.out  # (its level after the share)
    assert "A2" not in run.out and "B2" not in run.out
    assert "profile core" in run.out and "3 indicators" in run.out


def test_show_with_an_unknown_profile_exits_2_with_the_list(v11):
    run = invoke("show", "prof", "--profile", "cor", cwd=v11)
    assert run.code == 2
    assert "unknown profile 'cor'" in run.err and "did you mean 'core'" in run.err


EVIL_TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 \u202eeman\u202c \x9b31m"


def test_show_and_list_never_send_control_or_bidi_characters(tmp_path):
    text = V11.replace("title: Profiled", f"title: {json.dumps(EVIL_TITLE)}").replace(
        "text: First", f"text: {json.dumps('First ' + EVIL_TITLE)}")
    write(tmp_path / "checklists" / "prof.yaml", text)
    for args in (("show", "prof"), ("list",)):
        run = invoke(*args, cwd=tmp_path)
        assert run.code == 0, run
        for bad in ("\x1b", "\x07", "\u202e", "\u202c", "\x9b"):
            assert bad not in run.out, (args, bad)
        assert "\\x1b" in run.out and "\\u202e" in run.out
