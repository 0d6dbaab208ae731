"""Scale past one machine (docs/monitoring.md): scoring with a dask.bag of paths through
ledcheck.api on the multiprocessing scheduler, and aggregating with partial sums, give the same
figures as ``aggregate``. Skipped where dask is not installed (it is not a dependency)."""
from __future__ import annotations

from functools import reduce
from pathlib import Path

import pytest

from ledcheck.monitor.aggregate import add_sums, aggregate, partial_sums

ROOT = Path(__file__).resolve().parent.parent
PATHS = sorted(str(p) for p in (ROOT / "checklists" / "examples").glob("*.yaml"))


def facts():
    """The checklist's facts (types, declared breakdowns): what makes per-result sums add up."""
    from ledcheck import library
    from ledcheck.monitor.rounds import FactBook
    return FactBook([library.load("sme-me-aec")])


def sums_of(result: dict) -> dict:
    return partial_sums(result, "period", facts=facts())


def score_path(path: str) -> dict:
    """A scored example whose broken-down counts say ``aggregate: sum`` (as 1.1 results carry it
    from the checklist; the 2026.1 checklist predates the key)."""
    import ledcheck.api as lc
    # every round on the whole checklist (Hue's mid-year round names profile core): aggregate
    # uses one profile for all inputs and cannot rescore a result (FORMAT.md §6.11 "Profiles")
    result = dict(lc.score_file(path, profile="all").to_dict())
    stack = list(result["sections"])
    while stack:
        s = stack.pop()
        stack.extend(s["sections"])
        for i in s["indicators"]:
            if i.get("by"):
                i["aggregate"] = "sum"
    return result


def _check(model: dict, sums: dict) -> None:
    for g in model["groups"]:
        key = g["key"]
        assert sums[("count", key)] == g["count"]
        assert sums[("score", key)] / sums[("scored", key)] == pytest.approx(g["overall"]["mean"])
        for row in g["numbers"]:
            assert sums.get(("sum", key, row["id"]), 0) == pytest.approx(row["sum"] or 0)
            for dim, cats in row["breakdowns"].items():
                for cat, v in cats.items():
                    # every category aggregate lists (declared ones, 0 included, and unknown) is in
                    # the partial sums of a group whose rounds have values
                    if row["n"]:
                        assert sums[("category", key, row["id"], dim, cat)] == pytest.approx(v["sum"])

def test_partial_sums_add_up_to_aggregate_without_dask():
    results = [score_path(p) for p in PATHS]
    model = aggregate(results, "period", facts=facts())
    assert any(row["breakdowns"] for g in model["groups"] for row in g["numbers"])
    sums = reduce(add_sums, (sums_of(r) for r in reversed(results)))
    _check(model, sums)


def test_dask_bag_multiprocessing_gives_the_same_figures():
    db = pytest.importorskip("dask.bag")
    bag = db.from_sequence(PATHS, npartitions=4).map(score_path)
    results = bag.compute(scheduler="processes", num_workers=2)
    assert sorted(r["source"] for r in results) == PATHS
    local = aggregate([score_path(p) for p in PATHS], "period", facts=facts())
    assert aggregate(results, "period", facts=facts()) == local
    sums = bag.map(sums_of).fold(add_sums, add_sums, initial={}).compute(scheduler="processes",
                                                                                       num_workers=2)
    _check(local, sums)


def test_partial_sums_list_declared_categories_that_come_to_zero():
    """tests/data/monitor/mini: sex is declared [female, male, other]; Test Town 2025 gives N1 40
    (female 10, male 30): other is listed as 0 and unknown as 40 - 10 - 30 = 0, as aggregate lists them."""
    from ledcheck.api import score_file
    from ledcheck.library import load as load_checklist
    from ledcheck.monitor.rounds import FactBook
    data = ROOT / "tests" / "data" / "monitor" / "mini"
    cl = load_checklist(data / "mini.yaml")
    result = dict(score_file(data / "town-2025.yaml", checklist=cl).to_dict())
    book = FactBook([cl])
    sums = partial_sums(result, "country", facts=book)
    cats = {k[4]: v for k, v in sums.items() if k[0] == "category"}
    assert cats == {"female": 10, "male": 30, "other": 0, "unknown": 0}
    model = aggregate([result], "country", facts=book)
    row = model["groups"][0]["numbers"][0]
    assert {c: v["sum"] for c, v in row["breakdowns"]["sex"].items()} == cats
