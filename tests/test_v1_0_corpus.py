"""The 1.0 regression corpus (FORMAT.md §6.11 "1.0 stays 1.0"): the 2026.1 checklist and its
example submissions, scored now, give exactly what ledcheck 1.0 gave (``tests/v1_0/examples.json``)
for every 1.0 key: score, rating, complete, the 1.0 counts, every section's id, title, weight,
score and rating, every indicator's 1.0 keys (id, value, score, weight, status, evidence, note, and
by/baseline/target where 1.0 had them), and the problems. 1.1 keys may be added, never changed
1.0 ones. Scores are compared exactly: the arithmetic is the same, so are the floats.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledcheck.checklist import load_checklist
from ledcheck.scoring import score
from ledcheck.submission import load_submission

CORPUS = Path(__file__).parent / "v1_0"
EXPECTED = json.loads((CORPUS / "examples.json").read_text(encoding="utf-8"))
TOP_1_0 = ("ledcheck", "checklist", "subject", "assessor", "date", "period", "score", "rating",
           "complete", "counts", "problems")
SECTION_1_0 = ("id", "title", "weight", "score", "rating")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(CORPUS / "sme-me-aec-2026.1.yaml")


def _name(result: dict) -> str:
    return Path(result["source"]).name


def test_the_corpus_is_complete():
    names = sorted(_name(r) for r in EXPECTED)
    assert names == sorted(p.name for p in (CORPUS / "examples").glob("*.yaml"))
    assert len(names) == 20


def _same_section(old: dict, new: dict, where: str) -> None:
    for k in SECTION_1_0:
        assert new[k] == old[k], f"{where}: {k}"
    assert [i["id"] for i in new["indicators"]] == [i["id"] for i in old["indicators"]], where
    for oi, ni in zip(old["indicators"], new["indicators"], strict=True):
        for k, v in oi.items():           # every 1.0 key of the indicator, in the 1.0 order
            assert ni.get(k, "(absent)") == v, f"{where} > {oi['id']}: {k}"
        assert [k for k in ni if k in oi] == list(oi), f"{where} > {oi['id']}: 1.0 key order"
    assert len(new["sections"]) == len(old["sections"]), where
    for os_, ns in zip(old["sections"], new["sections"], strict=True):
        _same_section(os_, ns, f"{where} > {os_['id']}")


@pytest.mark.parametrize("expected", EXPECTED, ids=_name)
def test_every_1_0_key_scores_as_before(checklist, expected):
    new = score(checklist, load_submission(CORPUS / "examples" / _name(expected))).to_dict()
    for k in TOP_1_0:
        if k == "counts":
            assert {c: new["counts"][c] for c in expected["counts"]} == expected["counts"]
            assert list(new["counts"])[:len(expected["counts"])] == list(expected["counts"])
        else:
            assert new[k] == expected[k], k
    assert list(new)[:13] == list(expected), "1.0 keys first, in their 1.0 order"
    assert len(new["sections"]) == len(expected["sections"])
    for old, sec in zip(expected["sections"], new["sections"], strict=True):
        _same_section(old, sec, old["id"])


def test_1_1_keys_are_added_with_their_1_0_meaning(checklist):
    """The 1.1 keys of a 1.0 file: no subject keys, the whole checklist, no levels; counts with
    the new statuses at 0 except not_selected, and applicable still answered + missing."""
    for expected in EXPECTED:
        new = score(checklist, load_submission(CORPUS / "examples" / _name(expected))).to_dict()
        assert (new["subject_id"], new["reference_period"], new["meta"], new["profile"]) == (None, None, {}, None)
        assert new["results_levels"] == []
        c = new["counts"]
        assert c["no_data"] == c["implied"] == c["not_selected"] == 0
        assert c["applicable"] == c["answered"] + c["missing"]
