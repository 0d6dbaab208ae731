"""``ledcheck list`` and ``ledcheck show``: the checklists available, and one as a tree of shares.

Run through the console-script entry point in this process (``helpers.invoke``). The figures
for the ``shares`` checklist are computed by hand in ``helpers.SHARES``.
"""
from __future__ import annotations

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
    """{section id: share} from show's section lines ('ID Title  weight W · P%')."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^[│├└─ ]*(\S+) .*weight \S+ · (\d+\.\d)%$", out, re.M)}


# --------------------------------------------------------------------------- list

def test_list_names_every_checklist_with_its_version_count_languages_and_title(library):
    run = invoke("list", cwd=library)
    assert run.code == 0, run
    rows = {line.split()[0]: line for line in run.out.splitlines() if line and not line.startswith(" ")}
    assert {"shares", "sme-me-aec", "broken"} <= set(rows), run
    assert re.search(r"^shares\s+1\.0\s+5\s+en, vi\s+Shares checklist\s*$", rows["shares"]), rows["shares"]
    default = load_checklist(DEFAULT)
    assert re.search(rf"^sme-me-aec\s+{re.escape(default.version)}\s+{len(default.indicators)}\s",
                     rows["sme-me-aec"])
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
