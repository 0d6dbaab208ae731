"""``ledcheck.api``: score a file or many from a notebook or a pipeline.

Scores are computed by hand for the ``shares`` checklist (see ``helpers.SHARES`` and
``helpers.shares_submission``).
"""
from __future__ import annotations

import pytest

from ledcheck import api
from ledcheck.errors import LedcheckError

from helpers import DEFAULT, EXAMPLES, SHARES, make_checklist, shares_submission, write

# Default answers {A1: yes, A2: partial, B1: 50, C1: 1}: a = (2*1 + 0.5)/3, b = mean(25, 25).
FIRST = (250 / 3 * 1 + 25 * 3) / 4          # 39.5833...
# {A1: no, B1: 300}: a = 0 (A2 missing counts 0), B1 clamped to 1 -> b = mean(100, c 0) = 50.
SECOND = (0 * 1 + 50 * 3) / 4                 # 37.5


@pytest.fixture
def files(tmp_path):
    cl = write(tmp_path / "checklists" / "shares.yaml", SHARES)
    one = write(tmp_path / "one.yaml", shares_submission("One"))
    two = write(tmp_path / "two.yaml", shares_submission("Two", "{A1: no, B1: 300}"))
    return tmp_path, cl, one, two


def sections(result) -> dict:
    """{section id: score} of a Result, through nested sections."""
    out = {}

    def walk(secs):
        for s in secs:
            out[s["id"]] = s["score"]
            walk(s.get("sections") or [])

    walk(result.to_dict()["sections"])
    return out


def test_score_file_with_a_checklist_object_gives_the_hand_computed_scores(files):
    _, _, one, two = files
    checklist = make_checklist(SHARES)
    first = api.score_file(one, checklist)
    assert first.score == pytest.approx(FIRST)
    assert sections(first) == pytest.approx({"a": 250 / 3, "b": 25.0, "c": 25.0})
    assert first.problems == []
    second = api.score_file(two, checklist)
    assert second.score == pytest.approx(SECOND)
    assert sections(second) == pytest.approx({"a": 0.0, "b": 50.0, "c": 0.0})
    d = second.to_dict()
    assert d["complete"] is False
    assert d["counts"]["answered"] == 2 and d["counts"]["missing"] == 2


def test_score_file_takes_the_checklist_as_a_path_or_an_id_or_finds_it(files, monkeypatch):
    root, cl, one, _ = files
    by_path = api.score_file(one, cl)
    by_str_path = api.score_file(str(one), str(cl))
    monkeypatch.chdir(root)  # ./checklists holds the shares checklist
    by_id = api.score_file(one, "shares")
    found = api.score_file(one)  # by the submission's checklist: line
    assert by_path.score == by_str_path.score == by_id.score == found.score == pytest.approx(FIRST)


def test_score_file_in_another_language(files):
    _, cl, one, _ = files
    result = api.score_file(one, cl, lang="vi")
    assert result.score == pytest.approx(FIRST)
    assert result.to_dict()["sections"][0]["title"] == "Anpha"


def test_score_file_reports_answer_problems_and_still_scores(tmp_path):
    sub = write(tmp_path / "bad.yaml", shares_submission(answers="{A1: maybe, A2: partial, B1: 50, C1: 1, Z9: 1}"))
    result = api.score_file(sub, make_checklist(SHARES))
    assert sorted(p.rule for p in result.problems) == ["answer", "unknown-indicator"]
    # A1 counts as unanswered (0): a = 0.5/3; b = 25 as before.
    assert result.score == pytest.approx((50 / 3 + 25 * 3) / 4)


def test_score_file_raises_a_located_error_for_an_unreadable_file(tmp_path):
    bad = write(tmp_path / "bad.yaml", "ledcheck: 1\nanswers: [\n")
    with pytest.raises(LedcheckError) as info:
        api.score_file(bad, make_checklist(SHARES))
    assert info.value.line >= 2 and info.value.file.endswith("bad.yaml")


def test_score_files_scores_each_in_order(files):
    _, cl, one, two = files
    results = list(api.score_files([one, two, one], cl))
    assert [r.score for r in results] == pytest.approx([FIRST, SECOND, FIRST])
    assert [r.to_dict()["subject"] for r in results] == ["One", "Two", "One"]


def test_score_files_is_lazy(files):
    """One result at a time: a bad file later in the stream is not read before it is reached."""
    root, cl, one, _ = files
    bad = write(root / "bad.yaml", "not: [a submission\n")
    seen = []

    def paths():
        for p in (one, bad):
            seen.append(p)
            yield p

    results = api.score_files(paths(), cl)
    assert seen == []
    assert next(results).score == pytest.approx(FIRST)
    assert seen == [one]
    with pytest.raises(LedcheckError):
        next(results)


def test_score_files_finds_each_file_s_checklist_by_id(files, monkeypatch):
    root, _, one, _ = files
    monkeypatch.chdir(root)
    examples = sorted(EXAMPLES.glob("*.yaml"))[:2]
    results = list(api.score_files([one, *examples]))
    assert results[0].to_dict()["checklist"]["id"] == "shares"
    assert {r.to_dict()["checklist"]["id"] for r in results[1:]} == {"sme-me-aec"}
    assert all(r.score is not None for r in results)
    # the same example scored against the default checklist given explicitly
    assert api.score_file(examples[0], DEFAULT).score == results[1].score
