"""The rule registry (``ledcheck.rules``): every problem names a registered rule, every rule is
documented, and ``docs/cli.md``'s rule table is the registry's."""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from ledcheck import rules
from ledcheck.checklist import check_file, load_checklist
from ledcheck.errors import ChecklistError, InputError, LedcheckError, LoadError, UnknownChecklistError
from ledcheck.scoring import score
from ledcheck.submission import AnswerProblem

ROOT = Path(__file__).parent.parent
CASES = sorted((Path(__file__).parent / "cases" / "checklists").glob("*.yaml"))
DEFAULT = ROOT / "checklists" / "sme-me-aec.yaml"
EXAMPLES = sorted((ROOT / "checklists" / "examples").glob("*.yaml"))

#: Rules that no problem of the corpora below emits, and why.
NOT_EMITTED_HERE = {
    "load": "LedcheckError's own rule, for files that cannot be used at all (errors.py)",
    "input": "InputError: paths and arguments (the CLI)",
    "format": "Problem's default: every call site names a more specific rule",
    "checklist": "ChecklistError: a checklist that cannot be used, for the CLI's one-line message",
    "checklist-ref": "UnknownChecklistError: a submission whose checklist is not available (batch)",
    "depth": "documents nested past Python's recursion limit (tests/test_security.py)",
    "collect": "workbook and CSV imports (tests/test_collect_*.py)",
    "translation": "PO completeness notes (tests/test_collect_po.py)",
    "export": "ExportError: checklists an XLSForm cannot express (tests/test_collect_xlsform.py)",
    "rounds": "monitoring inputs (tests/test_monitor_*.py)",
    "checklist-mix": "monitoring inputs across checklist versions (tests/test_monitor_*.py)",
    "profile-mix": "monitoring inputs across profiles (tests/test_monitor_*.py)",
    "roadmap": "road maps judged against the inputs (tests/test_monitor_roadmap.py)",
}


def test_registry_shape():
    assert rules.RULES, "no rules"
    for rid, rule in rules.RULES.items():
        assert rid == rule.id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rid), rid
        assert rule.description and "\n" not in rule.description and rule.description.endswith("."), rid
        assert rule.help, f"{rid} has no help text"
        assert rules.describe(rid) is rule
    with pytest.raises(KeyError):
        rules.describe("no-such-rule")


def test_error_classes_name_registered_rules():
    for cls in (LedcheckError, LoadError, InputError, ChecklistError, UnknownChecklistError):
        assert cls.rule in rules.RULES, cls
    assert AnswerProblem("x").rule == rules.ANSWER.id


def test_the_weights_rule_is_one_rule():
    """Negative weights and all-zero weights are the same concern: the rule ``weight``."""
    found = {}
    for path in CASES:
        for p in check_file(path)[1]:
            if re.search(r"weight must be >=|has weight 0", p.message):
                found[path.stem] = p.rule
    assert {"negative-weight", "zero-weights-section", "zero-weights-top"} <= set(found), found
    assert set(found.values()) == {rules.WEIGHT.id}, found


def _checklist_problems():
    for path in CASES:
        try:
            _, problems = check_file(path)
        except LedcheckError as exc:
            problems = [exc.as_problem()]
        yield from problems


def test_every_checklist_problem_names_a_registered_rule():
    seen = set()
    for p in _checklist_problems():
        assert p.rule in rules.RULES, (p.file, p.message, p.rule)
        seen.add(p.rule)
    assert rules.FORMAT.id not in seen


# Broken submissions, one or more per submission rule, against the default checklist.
BROKEN = [
    {"ledcheck": 2, "checklist": "sme-me-aec", "subject": "X", "answers": {}, "extra": 1},
    {"checklist": "other", "checklist_version": "0.1", "subject": "", "date": "someday", "assessor": [1],
     "answers": []},
    {"ledcheck": 1, "checklist": "sme-me-aec", "subject": "X", "date": 5, "answers": None},
]


def _default_answers():
    cl = load_checklist(DEFAULT)
    return cl, {i.id: i for i in cl.indicators.values()}


def _broken_answers(cl, inds):
    number = next(i for i in inds.values() if i.type == "number" and i.disaggregate)
    levels = next(i for i in inds.values() if i.type == "levels")
    plain = next(i for i in inds.values() if i.type != "text" and not i.allow_na and i.when is None)
    required = next((i for i in inds.values() if i.evidence == "required" and i.when is None), None)
    guarded = next(i for i in inds.values() if i.when is not None)
    cat = cl.disaggregations[number.disaggregate[0]][0]
    yield {"NOPE": 1}
    yield {plain.id: "na"}
    yield {levels.id: 99}
    yield {levels.id: {"value": 1, "colour": "red"}}
    yield {levels.id: {"evidence": "x"}}
    yield {number.id: {"value": 10, "by": {number.disaggregate[0]: {cat: 3}}}}
    yield {number.id: {"value": 10, "by": {"nope": {}}}}
    yield {number.id: {"value": 10, "target": number.baseline}}
    if required is not None:
        yield {required.id: _valid_value(required)}
    # the guarded indicator's condition is false when nothing else is answered
    yield {guarded.id: _valid_value(guarded)}


def _valid_value(ind):
    return {"levels": lambda: ind.levels[-1].value, "yesno": lambda: True, "choice": lambda: ind.options[0].id,
            "multi": lambda: [ind.options[0].id], "number": lambda: ind.target,
            "text": lambda: "x"}[ind.type]()


def _submission_problems():
    cl, inds = _default_answers()
    for data in BROKEN:
        yield from score(cl, data).problems
    for answers in _broken_answers(cl, inds):
        yield from score(cl, {"ledcheck": 1, "checklist": cl.id, "subject": "X", "answers": answers}).problems
    # the same against the 2026.1 checklist (tests/v1_0/): its number indicators leave their
    # direction implicit, where an override with target == baseline is target-equals-baseline
    # (2026.2 states every direction, so there it is a direction error)
    v10 = load_checklist(ROOT / "tests" / "v1_0" / "sme-me-aec-2026.1.yaml")
    for answers in _broken_answers(v10, {i.id: i for i in v10.indicators.values()}):
        yield from score(v10, {"ledcheck": 1, "checklist": v10.id, "subject": "X", "answers": answers}).problems
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    import yaml
    rng = random.Random(3)
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    for _ in range(40):
        yield from score(cl, generate.make_submission(rng, data, invalid_rate=0.3)).problems
    for path in EXAMPLES:
        yield from score(cl, yaml.safe_load(path.read_text(encoding="utf-8"))).problems


def test_every_submission_problem_names_a_registered_rule():
    seen = set()
    for p in _submission_problems():
        assert p.rule in rules.RULES, (p.message, p.rule)
        seen.add(p.rule)
    submission_rules = {rules.UNKNOWN_INDICATOR, rules.NOT_APPLICABLE, rules.ANSWER, rules.BREAKDOWN,
                        rules.EVIDENCE, rules.HEADER, rules.VERSION, rules.UNKNOWN_KEY, rules.REQUIRED,
                        rules.FORMAT_VERSION, rules.CHECKLIST_MISMATCH, rules.TARGET_EQUALS_BASELINE}
    assert {r.id for r in submission_rules} <= seen, {r.id for r in submission_rules} - seen


def test_every_registered_rule_is_emitted_somewhere():
    """No dead entries: each rule is emitted by the corpora, or listed with the reason it is not."""
    emitted = {p.rule for p in _checklist_problems()} | {p.rule for p in _submission_problems()}
    dead = set(rules.RULES) - emitted - set(NOT_EMITTED_HERE)
    assert not dead, dead
    assert set(NOT_EMITTED_HERE) <= set(rules.RULES)


def test_cli_md_rule_table_is_the_registry():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", text, re.S)
    assert m, "docs/cli.md has no rule table between <!-- rules:start --> and <!-- rules:end -->"
    assert m.group(1).strip() == rules.markdown_table(), \
        "docs/cli.md's rule table differs from ledcheck.rules: paste rules.markdown_table() there"
