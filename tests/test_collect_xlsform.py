"""``export xlsform``: pyxform converts every bundled checklist's form; names, skip logic,
constraints, choices, languages and settings are what the importer and ODK expect."""
from __future__ import annotations

import shutil

import pytest

from ledcheck.collect import xlsform
from ledcheck.collect.xlsform import ExportError, build_xlsform, form_names, write_xlsform
from ledcheck.library import available, load

from helpers import MINI_PATH, mini


def _bundled():
    return [e for e in available() if e.origin == "bundled"]


@pytest.mark.parametrize("path", [e.path for e in _bundled()] + [MINI_PATH], ids=lambda p: p.stem)
def test_pyxform_converts_every_bundled_checklist(tmp_path, path):
    from pyxform.xls2xform import convert
    c = load(path)
    out = tmp_path / "form.xlsx"
    write_xlsform(c, out)
    warnings: list[str] = []
    # with Java, ODK Validate (shipped with pyxform) also compiles every relevant and constraint
    result = convert(xlsform=str(out), warnings=warnings, validate=shutil.which("java") is not None)
    assert f'id="{c.id}"' in result.xform
    assert f'version="{c.version}"' in result.xform
    for lang in c.languages:
        assert f'lang="{xlsform.language_column(lang)}"' in result.xform
    assert warnings == []


def _odk_validates(c, tmp_path) -> None:
    """pyxform converts the form and, with Java, ODK Validate accepts its XPath."""
    from pyxform.xls2xform import convert
    out = tmp_path / "form.xlsx"
    write_xlsform(c, out)
    warnings: list[str] = []
    convert(xlsform=str(out), warnings=warnings, validate=shutil.which("java") is not None)
    assert warnings == []


def _rows(c):
    form = build_xlsform(c)
    return {r["name"]: r for r in form["survey"] if r.get("name")}, form


def test_question_names_are_ids_and_companions():
    c = load("sme-me-aec")
    rows, form = _rows(c)
    for iid, ind in c.indicators.items():
        assert iid in rows
        if ind.type != "text":
            assert f"{iid}__evidence" in rows and f"{iid}__note" in rows
        if ind.type == "number":
            assert rows[f"{iid}__status"]["type"].startswith("select_one")
            assert rows[iid]["type"] == "decimal"
    for key in ("subject", "subject_id", "period", "reference_period", "assessor", "date"):
        assert key in rows
    assert rows["subject"]["required"] == "yes"
    assert set(form_names(c)) >= {r["name"] for r in form["survey"] if r["type"] not in ("begin_group",
                                                                                         "end_group")} - set()


def test_groups_follow_sections():
    c = load("sme-me-aec")
    form = build_xlsform(c)
    begins = [r["name"] for r in form["survey"] if r["type"] == "begin_group"]
    ends = [r for r in form["survey"] if r["type"] == "end_group"]
    assert begins == [s.id for s in c.walk_sections()]
    assert len(ends) == len(begins)


def test_relevant_from_when(checklist_from, tmp_path):
    c = checklist_from("""
ledcheck: 1
id: t
title: T
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: a, type: levels, levels: [{value: 0}, {value: 1}, {value: 2}]}
      - {id: B, text: b, type: yesno, partial: true}
      - {id: C, text: c, type: choice, options: [{id: x, score: 1}, {id: y, score: 0}]}
      - {id: N, text: n, type: number, target: 10}
      - {id: D, text: d, type: yesno, when: "A >= 1 and (B != no or C == 'x')"}
      - {id: E, text: e, type: yesno, when: "N > 2.5 or B == 'partial'"}
""")
    rows, _ = _rows(c)
    d = rows["D"]["relevant"]
    assert "number(${A}) >= 1" in d and "${A} != ''" in d
    assert "${B} != 'no'" in d and "${B} != 'na'" in d and "${B} != 'no_data'" in d
    assert "${C} = 'x'" in d
    e = rows["E"]["relevant"]
    assert "${N} > 2.5" in e and "${N} != ''" in e and "${B} = 'partial'" in e
    # the evidence question follows the indicator's own condition and its being answered
    assert rows["D__evidence"]["relevant"].startswith("(") and "${D} != ''" in rows["D__evidence"]["relevant"]
    _odk_validates(c, tmp_path)


def test_constraints_choices_and_breakdowns(checklist_from, tmp_path):
    c = checklist_from("""
ledcheck: 1
id: t
title: {en: T, vi: Tv}
languages: [en, vi]
disaggregations: {sex: [female, male]}
sections:
  - id: s
    title: {en: S, vi: Sv}
    indicators:
      - {id: N, text: {en: n, vi: nv}, type: number, min: 0, max: 100, target: 80, disaggregate: [sex],
         allow_na: true, guidance: {en: count them, vi: đếm}}
      - {id: M, text: {en: m, vi: mv}, type: multi, options: [{id: a, score: 1}, {id: b, score: 1}]}
""")
    rows, form = _rows(c)
    assert rows["N"]["constraint"] == ". >= 0 and . <= 100"
    assert rows["N"]["relevant"] == "${N__status} = 'value'"
    assert rows["N"]["hint::English (en)"].startswith("count them")
    assert rows["N"]["hint::Vietnamese (vi)"].startswith("đếm")
    assert rows["N__female"]["constraint"] == ". >= 0 and . + coalesce(${N__male}, 0) <= ${N}"
    assert rows["N__male"]["constraint"] == ". >= 0 and . + coalesce(${N__female}, 0) <= ${N}"
    status = [ch["name"] for ch in form["choices"] if ch["list_name"] == "status_na"]
    assert status == ["value", "na", "no_data"]
    assert rows["N__status"]["default"] == "value"
    m = [ch["name"] for ch in form["choices"] if ch["list_name"] == "M"]
    assert m == ["a", "b", "__none", "no_data"]
    assert "count-selected(.) = 1" in rows["M"]["constraint"]
    assert rows["M"]["type"] == "select_multiple M"
    _odk_validates(c, tmp_path)
    assert form["settings"][0] == {"form_title": "T", "form_id": "t", "version": "", "default_language":
                                   "English (en)"} or form["settings"][0]["form_id"] == "t"


def test_ids_with_double_underscore_cannot_be_exported(checklist_from):
    c = checklist_from("""
ledcheck: 1
id: t
title: T
sections:
  - id: s
    title: S
    indicators:
      - {id: A__b, text: a, type: yesno}
""")
    with pytest.raises(ExportError, match="__"):
        build_xlsform(c)


def test_text_that_looks_like_a_formula_stays_text(tmp_path, checklist_from):
    from openpyxl import load_workbook
    c = checklist_from("""
ledcheck: 1
id: t
title: "=HYPERLINK(\\"http://evil\\")"
sections:
  - id: s
    title: S
    indicators:
      - {id: A, text: "=1+1", type: yesno}
""")
    out = tmp_path / "f.xlsx"
    write_xlsform(c, out)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


def test_profile_limits_the_form_and_the_workbook(tmp_path):
    from openpyxl import load_workbook

    from ledcheck.collect.workbook import ANSWERS, write_template
    from ledcheck.profiles import Profile

    class WithProfiles:
        def __init__(self, c):
            self._c = c
            self.profiles = {"core": Profile("core", include=("A1", "A3", "B2"))}

        def __getattr__(self, name):
            return getattr(self._c, name)

    c = WithProfiles(mini())
    rows = [r["name"] for r in build_xlsform(c, profile="core")["survey"]
            if r["type"] not in ("begin_group", "end_group")]
    assert [n for n in rows if n in c.indicators] == ["A1", "A3", "B2"]
    form = build_xlsform(c, profile="core")
    assert form["survey"][0] == {"type": "calculate", "name": "profile", "calculation": "'core'"}
    from ledcheck.collect import odk
    src = tmp_path / "e.csv"
    src.write_text("profile,subject,plan-A1\ncore,X,2\n", encoding="utf-8")
    (row,) = odk.read_export(src, c).rows
    assert row.data["profile"] == "core" and row.data["answers"] == {"A1": 2}
    from pyxform.xls2xform import convert
    write_xlsform(c, tmp_path / "core-form.xlsx", profile="core")
    assert "/data/profile" in convert(xlsform=str(tmp_path / "core-form.xlsx"),
                                      validate=shutil.which("java") is not None).xform
    path = tmp_path / "core.xlsx"
    write_template(c, path, profile="core")
    ws = load_workbook(path)[ANSWERS]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value] == ["A1", "A3", "B2"]
    from ledcheck.profiles import UnknownProfileError
    with pytest.raises(UnknownProfileError):
        build_xlsform(c, profile="nope")


SHARED_UNKNOWN = """
ledcheck: 1
id: t
title: T
disaggregations: {sex: [female, male, unknown], size: [micro, small, unknown]}
sections:
  - id: s
    title: S
    indicators:
      - {id: N, text: n, type: number, min: 0, target: 80, disaggregate: [sex, size]}
"""


def test_a_category_shared_by_two_breakdowns_gets_unique_names_that_import_back(checklist_from, tmp_path):
    """Both breakdowns list ``unknown``: the parts are ``N__sex__unknown`` and ``N__size__unknown``
    (the others keep ``N__female``), pyxform accepts the form, and an export maps them back."""
    from ledcheck.collect.odk import read_export
    c = checklist_from(SHARED_UNKNOWN)
    rows, _form = _rows(c)
    parts = [n for n in rows if n.startswith("N__") and n not in ("N__status", "N__baseline", "N__target",
                                                                   "N__evidence", "N__note")]
    assert parts == ["N__female", "N__male", "N__sex__unknown", "N__micro", "N__small", "N__size__unknown"]
    assert rows["N__sex__unknown"]["constraint"] == \
        ". >= 0 and . + coalesce(${N__female}, 0) + coalesce(${N__male}, 0) <= ${N}"
    assert xlsform.split_part_name(c, c.indicators["N"], "N__size__unknown") == ("size", "unknown")
    _odk_validates(c, tmp_path)
    csv = tmp_path / "t.csv"
    csv.write_text("subject,s-N__status,s-N,s-N__female,s-N__male,s-N__sex__unknown,s-N__micro,s-N__small,"
                   "s-N__size__unknown\nTown,value,10,4,4,2,5,3,2\n", encoding="utf-8")
    (row,) = read_export(csv, c).rows
    assert not row.problems, row.problems
    assert row.data["answers"]["N"]["by"] == {"sex": {"female": 4, "male": 4, "unknown": 2},
                                              "size": {"micro": 5, "small": 3, "unknown": 2}}
