"""aggregate (FORMAT.md §6.8, §6.11 "Aggregate"): hand-computed statistics, ranks and sums."""
from __future__ import annotations

import pytest

from ledcheck.monitor.aggregate import aggregate, competition_ranks, stats

from helpers import make_result as result
from helpers import result_indicator as ind
from helpers import result_section as section


def test_competition_ranks():
    assert competition_ranks([80, 70, 70, 60, None, 90]) == [2, 3, 3, 5, None, 1]
    assert competition_ranks([None]) == [None]
    assert competition_ranks([]) == []


def test_stats_median_even_and_odd():
    assert stats([10, 40, 20, 30, None]) == {"n": 4, "mean": 25, "median": 25, "min": 10, "max": 40}
    assert stats([3, 1, 2])["median"] == 2
    assert stats([None]) == {"n": 0, "mean": None, "median": None, "min": None, "max": None}


def _city(name, score, country, value, by=None, date="2026-01-01", **kw):
    extra = {"by": by} if by is not None else {}
    return result(name, score, date=date, meta={"country": country}, sections=[
        section("strategy", score, [
            ind("SME", value, 0.5, type="number", baseline=0, target=500, unit="SMEs", **extra),
            ind("PCT", value / 10, 0.5, type="number", baseline=0, target=100, unit="%")])], **kw)


def _cities():
    return [
        _city("A", 80.0, "VN", 100, {"sex": {"female": 60, "male": 40}}),
        _city("B", 60.0, "VN", 50, {"sex": {"female": 20, "male": 20}}),        # 10 left unknown
        _city("C", 60.0, "VN", 30),                                               # no by: all unknown
        _city("D", 40.0, "TH", 10, {"sex": {"female": 5, "male": 2, "unknown": 3}}),
        _city("D", 10.0, "TH", 1, date="2025-01-01"),                             # older round of D
    ]


def test_groups_stats_and_ranks():
    a = aggregate(_cities(), "country")
    assert a["ledcheck"] == 1 and a["by"] == "country"
    th, vn = a["groups"]                           # sorted by key
    assert (th["key"], th["count"], vn["key"], vn["count"]) == ("TH", 1, "VN", 3)
    assert th["overall"]["mean"] == 40.0           # latest round of D only
    assert vn["overall"] == {"n": 3, "mean": pytest.approx(200 / 3), "median": 60.0, "min": 60.0, "max": 80.0}
    assert [(s["subject"], s["rank"]) for s in vn["subjects"]] == [("A", 1), ("B", 2), ("C", 2)]
    assert vn["sections"][0]["id"] == "strategy" and vn["sections"][0]["median"] == 60.0


def test_breakdown_sums_and_shares():
    vn = aggregate(_cities(), "country")["groups"][1]
    sme = next(n for n in vn["numbers"] if n["id"] == "SME")
    assert (sme["aggregate"], sme["n"], sme["sum"], sme["value"]) == ("sum", 3, 180, 180)
    sex = sme["breakdowns"]["sex"]
    assert {k: v["sum"] for k, v in sex.items()} == {"female": 80, "male": 60, "unknown": 40}
    assert sex["female"]["share"] == pytest.approx(80 / 180)
    assert sex["unknown"]["share"] == pytest.approx(40 / 180)
    assert sum(v["share"] for v in sex.values()) == pytest.approx(1.0)


def test_mean_indicator_has_no_breakdowns_and_declared_categories_show():
    a = aggregate(_cities(), "country", categories={"sex": ["female", "male", "other"]})
    th = a["groups"][0]
    pct = next(n for n in th["numbers"] if n["id"] == "PCT")
    assert (pct["aggregate"], pct["value"], pct["breakdowns"]) == ("mean", 1.0, {})
    sme = next(n for n in th["numbers"] if n["id"] == "SME")
    assert {k: v["sum"] for k, v in sme["breakdowns"]["sex"].items()} == {
        "female": 5, "male": 2, "other": 0, "unknown": 3}


def test_group_sums_equal_the_sum_of_per_file_values():
    rs = _cities()
    a = aggregate(rs, "country")
    latest = [r for r in rs if not (r["subject"] == "D" and r["date"] == "2025-01-01")]
    per_file = sum(r["sections"][0]["indicators"][0]["value"] for r in latest)
    assert sum(next(n for n in g["numbers"] if n["id"] == "SME")["sum"] for g in a["groups"]) == per_file


def test_period_selects_rounds_and_by_period_uses_all():
    rs = _cities()
    for r in rs:
        r["period"] = r["date"][:4]
    a = aggregate(rs, "country", period="2025")
    assert [(g["key"], g["count"], g["overall"]["mean"]) for g in a["groups"]] == [("TH", 1, 10.0)]
    b = aggregate(rs, "period")
    assert [(g["key"], g["count"]) for g in b["groups"]] == [("2025", 1), ("2026", 4)]


def test_missing_field_is_one_null_group_with_a_warning():
    a = aggregate([result("A", 10), result("B", 20)], "province")
    assert [(g["key"], g["count"]) for g in a["groups"]] == [(None, 2)]
    assert any("province" in p["message"] for p in a["problems"])


def test_null_score_is_unranked():
    a = aggregate([result("A", None, meta={"c": 1}), result("B", 20, meta={"c": 1})], "c")
    assert [(s["subject"], s["rank"]) for s in a["groups"][0]["subjects"]] == [("B", 1), ("A", None)]
