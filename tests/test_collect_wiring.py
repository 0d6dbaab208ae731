"""Collection wiring: a workbook's untrusted marker names its checklist by id only, ``profile``
reaches the workbook scorer, and problems that do not void an answer (``Answer.problems``) are
reported on import."""
from __future__ import annotations

import pytest

from ledcheck.collect import workbook
from ledcheck.collect.common import clean_answers
from ledcheck.collect.workbook import META_SHEET, SUBJECT, write_template
from ledcheck.errors import ERROR, LedcheckError, UnknownChecklistError

from helpers import mini


@pytest.fixture(scope="module")
def cl():
    return mini()


def _with_marker(blank_path, tmp_path, **values):
    from openpyxl import load_workbook
    wb = load_workbook(blank_path)
    ws = wb[META_SHEET]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value in values:
            ws.cell(r, 2).value = values[ws.cell(r, 1).value]
    wb[SUBJECT]["C2"] = "Mini Town"
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    return path


def test_the_marker_never_names_a_path(cl, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("ledcheck: 1\nid: secret\ntitle: s\nsections: []\n", encoding="utf-8")
    blank = tmp_path / "blank.xlsx"
    write_template(cl, blank)
    path = _with_marker(blank, tmp_path, checklist=str(secret))
    with pytest.raises(UnknownChecklistError) as exc:
        workbook.read_workbook(path)
    assert "not a checklist id" in exc.value.message


def test_the_resolver_gets_the_marker_id_and_version(cl, tmp_path):
    blank = tmp_path / "blank.xlsx"
    write_template(cl, blank)
    asked = []

    def resolver(cid, version=None):
        asked.append((cid, version))
        return cl
    workbook.score_workbook(blank, resolver)
    assert asked and all(a == ("collect-mini", "1.0") for a in asked)


def test_score_workbook_applies_a_profile(cl, tmp_path):
    blank = tmp_path / "blank.xlsx"
    write_template(cl, blank)
    path = _with_marker(blank, tmp_path)
    result, _ = workbook.score_workbook(path, checklist=cl)
    assert result.to_dict().get("profile") in (None, "all")
    with pytest.raises(LedcheckError):
        workbook.score_workbook(path, checklist=cl, profile="no-such-profile")


def test_clean_answers_reports_problems_that_keep_the_answer(cl):
    slots = {"B2": {"value": 10, "by": {"sex": {"female": 3, "male": 2}}},
             "B5": {"value": 5, "baseline": 3, "target": 30}}
    found = []
    answers = clean_answers(cl, slots, lambda path, message, severity=ERROR: found.append((path, severity, message)))
    assert set(answers) == {"B2", "B5"}
    by_path = {p: (sev, msg) for p, sev, msg in found}
    assert by_path["answers.B2.by.sex"][0] == "warning" and "'unknown'" in by_path["answers.B2.by.sex"][1]
    assert any(p.startswith("answers.B5") and sev == "warning" and "reverse its direction" in msg
               for p, sev, msg in found)
