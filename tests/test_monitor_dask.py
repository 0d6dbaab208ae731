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
    result = dict(lc.score_file(path).to_dict())
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
                    # a declared category no result gave (2026.2's CM4 comes without `by`, wholly
                    # unknown) is 0 in the model and absent from the partial sums
                    assert sums.get(("category", key, row["id"], dim, cat), 0) == pytest.approx(v["sum"])


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
