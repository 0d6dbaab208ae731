"""``ledcheck schema``: JSON Schemas (draft 2020-12) of checklists and submissions.

Each schema must be a valid draft 2020-12 schema (``check-jsonschema --check-metaschema``), accept
every file ledcheck accepts (the bundled checklists, the example submissions, filled-in
templates) and reject the typical mistakes that a schema can see. Files are read both as
check-jsonschema reads them (ruamel, YAML 1.2: ``yes`` is a string, dates are strings) and as
ledcheck does (PyYAML, YAML 1.1), and answers the schema rejects must be errors for ledcheck too.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from ledcheck import rules, yamlio
from ledcheck.checklist import check_file
from ledcheck.cli import app
from ledcheck.errors import LedcheckError
from ledcheck.library import load
from ledcheck.schema import checklist_schema, submission_schema
from ledcheck.scoring import score
from ledcheck.template import render_template

from helpers import answer_values, fill, filled_template

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "checklists").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "checklists" / "examples").glob("*.yaml"))
CASES = ROOT / "tests" / "cases" / "checklists"
V1_1_VALID = ROOT / "tests" / "cases" / "v1_1" / "valid.yaml"
HAVE_CHECK_JSONSCHEMA = shutil.which("check-jsonschema") is not None or \
    subprocess.run([sys.executable, "-c", "import check_jsonschema"], capture_output=True).returncode == 0
needs_cjs = pytest.mark.skipif(not HAVE_CHECK_JSONSCHEMA, reason="check-jsonschema is not installed")


def _validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _jsonable(data):
    """Data as JSON sees it: dates become strings (as check-jsonschema does)."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))


def _errors(schema: dict, data) -> list[str]:
    return [e.message for e in _validator(schema).iter_errors(_jsonable(data))]


def check_jsonschema(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def cli_schema(tmp_path: Path, *args) -> Path:
    """``ledcheck schema ARGS`` written to a file, as a user would."""
    result = CliRunner().invoke(app, ["schema", *args])
    assert result.exit_code == 0, result.output
    path = tmp_path / ("-".join(a.strip("-") for a in args) + ".json")
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def default():
    return load("sme-me-aec")


# The answer cases below (ST1, GG7, CM3 with a sex breakdown...) are written for the 2026.1
# default checklist: they run against its copy in the 1.0 corpus (tests/v1_0/), whose ids and
# domains they name, so that each case still fails or passes for its own reason.
V1_0_CHECKLIST = ROOT / "tests" / "v1_0" / "sme-me-aec-2026.1.yaml"


@pytest.fixture(scope="module")
def v10():
    return load(str(V1_0_CHECKLIST))


@pytest.fixture(scope="module")
def v10schema(v10):
    return submission_schema(v10)


@pytest.fixture(scope="module")
def cschema():
    return checklist_schema()


@pytest.fixture(scope="module")
def sschema(default):
    return submission_schema(default)


# --------------------------------------------------------------------------- the schemas themselves

def test_schemas_are_valid_draft_2020_12(default):
    for schema in (checklist_schema(), submission_schema(None), submission_schema(default)):
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] and schema["title"] and schema["description"]
        assert json.loads(json.dumps(schema)) == schema


@needs_cjs
@pytest.mark.parametrize("args", [("checklist",), ("submission",), ("submission", "-c", "sme-me-aec")])
def test_cli_schemas_pass_check_metaschema(tmp_path, args):
    path = cli_schema(tmp_path, *args)
    result = check_jsonschema("--check-metaschema", path)
    assert result.returncode == 0, result.stdout + result.stderr


def _walk(schema, where="#"):
    if isinstance(schema, dict):
        yield where, schema
        for k, v in schema.items():
            if isinstance(v, dict) and k in ("properties", "$defs"):
                for name, sub in v.items():
                    yield from _walk(sub, f"{where}/{k}/{name}")
            elif isinstance(v, (dict, list)):
                yield from _walk(v, f"{where}/{k}")
    elif isinstance(schema, list):
        for i, item in enumerate(schema):
            yield from _walk(item, f"{where}/{i}")


def test_every_checklist_property_has_hover_help(cschema):
    missing = []
    for where, node in _walk(cschema):
        for name, sub in node.get("properties", {}).items():
            if "/then" in where or "/if" in where or "/anyOf" in where or "/contains" in where:
                continue     # the rules that repeat keys, not their definitions
            if isinstance(sub, dict) and "description" not in sub:
                missing.append(f"{where}/properties/{name}")
    assert missing == []


def test_checklist_objects_are_closed(cschema):
    """Every object definition forbids unknown keys, itself or in the branch that applies."""
    defs = cschema["$defs"]
    assert cschema["additionalProperties"] is False
    for name in ("level", "option", "rating", "section"):
        assert defs[name]["additionalProperties"] is False, name
    assert cschema["properties"]["scoring"]["additionalProperties"] is False
    for name in ("indicator", "scale"):
        branches = [r["then"] for r in defs[name]["allOf"]]
        assert branches and all(b["additionalProperties"] is False for b in branches)


def test_submission_schema_describes_each_indicator(v10schema, v10):
    props = v10schema["properties"]["answers"]["properties"]
    assert list(props) == list(v10.indicators)
    assert props["ST1"]["description"].startswith("ST1: A local SME development strategy")
    assert "0 = Not in place" in props["ST1"]["description"]
    vi = submission_schema(v10, lang="vi")["properties"]["answers"]["properties"]
    assert "Chiến lược" in vi["ST1"]["description"]


def test_schema_generation_is_fast_and_deterministic(default):
    start = time.perf_counter()
    for _ in range(20):
        submission_schema(default)
        checklist_schema()
    assert (time.perf_counter() - start) / 20 < 0.3
    assert json.dumps(submission_schema(default)) == json.dumps(submission_schema(default))


# --------------------------------------------------------------------------- checklists

@needs_cjs
def test_bundled_checklists_pass_check_jsonschema(tmp_path):
    assert BUNDLED
    result = check_jsonschema("--schemafile", cli_schema(tmp_path, "checklist"), *BUNDLED)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_checklists_valid_as_pyyaml_reads_them(cschema, path):
    assert _errors(cschema, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


MINIMAL = {
    "ledcheck": 1, "id": "mini", "version": "1", "title": {"en": "Mini", "vi": "Nhỏ"},
    "languages": ["en", "vi"], "scoring": {"missing": "exclude"},
    "ratings": [{"min": 50, "label": "Good"}, {"min": 0, "label": "Weak"}],
    "disaggregations": {"sex": ["female", "male"]},
    "scales": {"maturity": {"type": "levels", "levels": [{"value": 0, "label": "No"},
                                                         {"value": 1, "label": "Yes", "score": 1}]},
               "yp": {"type": "yesno", "partial": True}},
    "sections": [{"id": "s", "title": "S", "weight": 2, "indicators": [
        {"id": "A", "text": "a", "scale": "maturity", "evidence": "required", "weight": 0.5},
        {"id": "B", "text": "b", "type": "number", "unit": "%", "min": 0, "max": 100, "baseline": 10,
         "target": 50, "disaggregate": ["sex"]},
        {"id": "C", "text": "c", "type": "choice", "options": [{"id": "x", "score": 0}, {"id": "y", "score": 1}],
         "when": "A >= 1"},
        {"id": "D", "text": "d", "type": "multi", "options": [{"id": "x", "label": "X", "score": 1}],
         "max_score": 1, "allow_na": True},
        {"id": "E", "text": "e", "type": "text"},
        {"id": "F", "text": "f", "scale": "yp"},
    ], "sections": [{"id": "s.sub", "title": "Sub", "sections": [
        {"id": "s.sub.deep", "title": "Deep", "indicators": [{"id": "G", "text": "g", "type": "yesno"}]}]}]}],
}


def _mutated(path: tuple, value=None, delete=False):
    data = copy.deepcopy(MINIMAL)
    node = data
    for part in path[:-1]:
        node = node[part]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


IND = ("sections", 0, "indicators")

BROKEN = {
    "typo wieght": (IND + (0, "wieght"), 2),
    "typo in section": (("sections", 0, "titel"), "x"),
    "typo at top": (("titel",), "x"),
    "typo in level": (("scales", "maturity", "levels", 0, "lable"), "x"),
    "typo in option": (IND + (2, "options", 0, "scroe"), 1),
    "typo in nested section": (("sections", 0, "sections", 0, "sections", 0, "indicators", 0, "guidence"), "x"),
    "number without target": (IND + (1, "target"), None, True),
    "bad checklist id": (("id",), "Mini List"),
    "bad indicator id": (IND + (0, "id"), "1A"),
    "indicator id with space": (IND + (0, "id"), "my id"),
    "reserved indicator id": (IND + (0, "id"), "and"),
    "bad section id": (("sections", 0, "id"), "-s"),
    "format version 2": (("ledcheck",), 2),
    "no sections": (("sections",), []),
    "missing title": (("title",), None, True),
    "missing indicator text": (IND + (0, "text"), None, True),
    "type and scale": (IND + (0, "type"), "yesno"),
    "neither type nor scale": (IND + (4, "type"), None, True),
    "unknown type": (IND + (4, "type"), "yes-no"),
    "scale adds levels": (IND + (0, "levels"), [{"value": 0}, {"value": 1}]),
    "unit on yesno": (IND + (5, "unit"), "%"),
    "options on number": (IND + (1, "options"), [{"id": "x", "score": 1}]),
    "disaggregate on choice": (IND + (2, "disaggregate"), ["sex"]),
    "max_score on choice": (IND + (2, "max_score"), 2),
    "partial on levels scale": (("scales", "maturity", "partial"), True),
    "text scale": (("scales", "maturity", "type"), "text"),
    "levels without levels": (("scales", "maturity", "levels"), None, True),
    "one level": (("scales", "maturity", "levels"), [{"value": 0}]),
    "level score above 1": (("scales", "maturity", "levels", 1, "score"), 1.5),
    "negative option score": (IND + (2, "options", 0, "score"), -1),
    "all option scores 0": (IND + (2, "options", 1, "score"), 0),
    "choice without options": (IND + (2, "options"), None, True),
    "negative weight": (IND + (0, "weight"), -1),
    "weight as text": (("sections", 0, "weight"), "2"),
    "evidence enum": (IND + (0, "evidence"), "yes please"),
    "scoring.missing enum": (("scoring", "missing"), "ignore"),
    "scoring typo": (("scoring", "mising"), "zero"),
    "when not a string": (IND + (2, "when"), ["A >= 1"]),
    "allow_na not a boolean": (IND + (3, "allow_na"), "maybe"),
    "empty localized map": (("title",), {}),
    "bad language code": (("title",), {"en": "x", "english": "y"}),
    "empty text": (IND + (0, "text"), "  "),
    "text as boolean": (IND + (0, "text"), True),
    "rating above 100": (("ratings", 0, "min"), 120),
    "rating without label": (("ratings", 0, "label"), None, True),
    "empty section": (("sections", 0, "sections", 0, "sections", 0, "indicators"), []),
    "disaggregation without categories": (("disaggregations", "sex"), []),
    "max_score 0": (IND + (3, "max_score"), 0),
    "bad scale name": (("scales", "my scale"), {"type": "yesno"}),
}


def test_minimal_checklist_is_valid(cschema, tmp_path):
    assert _errors(cschema, MINIMAL) == []
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    checklist, problems = check_file(path)
    assert checklist is not None, [p.format() for p in problems]


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_checklists_fail(cschema, name):
    data = _mutated(*BROKEN[name])
    assert _errors(cschema, data), name


def test_typo_message_names_the_key(cschema):
    messages = _errors(cschema, _mutated(IND + (0, "wieght"), 2))
    assert messages == ["Additional properties are not allowed ('wieght' was unexpected)"]
    messages = _errors(cschema, _mutated(IND + (5, "unit"), "%"))
    assert messages == ["Additional properties are not allowed ('unit' was unexpected)"]


@needs_cjs
def test_broken_checklist_fails_check_jsonschema(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "ledcheck: 1\nid: Bad_Id\ntitle: t\nsections:\n  - id: s\n    title: S\n    indicators:\n"
        "      - {id: A, text: a, type: yesno, wieght: 2}\n      - {id: B, text: b, type: number}\n",
        encoding="utf-8")
    result = check_jsonschema("--schemafile", cli_schema(tmp_path, "checklist"), path)
    assert result.returncode == 1
    assert "'wieght' was unexpected" in result.stdout
    assert "'target' is a required property" in result.stdout
    assert "'Bad_Id' does not match" in result.stdout


def _case_files():
    return sorted(CASES.glob("*.yaml")) if CASES.is_dir() else []


def test_schema_accepts_every_case_that_ledcheck_accepts(cschema):
    """The schema is never stricter than ``ledcheck validate`` (warnings aside)."""
    accepted = 0
    for path in _case_files():
        try:
            doc = yamlio.load(path)
        except LedcheckError:
            continue
        checklist, problems = check_file(path)
        if any(p.is_error for p in problems):
            continue
        if any(p.rule == rules.QUOTE_IT.id for p in problems):
            continue          # e.g. `version: 1.0`: a warning for ledcheck, an error for the schema
        accepted += 1
        assert _errors(cschema, doc.data) == [], path.name
    assert accepted or not _case_files()


# cases of tests/cases/checklists (kept by the checklist tests) that a schema can see
SCHEMA_SEES = ["bad-id-checklist", "bad-id-pattern", "bad-id-reserved", "choice-all-zero", "disaggregate-yesno",
               "empty-sections", "level-score-range", "levels-one", "localized-bad-code", "missing-required-section",
               "missing-required-top", "negative-weight", "number-no-target", "scale-adds-levels", "top-level-list",
               "type-and-scale", "type-foreign-key", "type-neither", "type-unknown", "unknown-key-indicator",
               "unknown-key-level", "unknown-key-option", "unknown-key-scale", "unknown-key-section",
               "unknown-key-top", "unquoted-yes-no-null", "version-2", "wrong-type-allow-na",
               "wrong-type-text-list", "wrong-type-weight"]


@pytest.mark.parametrize("name", SCHEMA_SEES)
def test_schema_rejects_bad_cases(cschema, name):
    path = CASES / f"{name}.yaml"
    if not path.exists():
        pytest.skip(f"{path.name} is gone")
    checklist, problems = check_file(path)
    assert checklist is None       # ledcheck rejects it too
    assert _errors(cschema, yamlio.load(path).data), name


# --------------------------------------------------------------------------- submissions

@needs_cjs
def test_examples_pass_check_jsonschema(tmp_path, default):
    files = EXAMPLES
    if not files:      # none written yet: filled-in templates stand in for them
        files = []
        for seed in range(3):
            path = tmp_path / f"example-{seed}.yaml"
            path.write_text(filled_template(default, "random", seed), encoding="utf-8")
            files.append(path)
    for args in (("submission", "-c", "sme-me-aec"), ("submission",)):
        result = check_jsonschema("--schemafile", cli_schema(tmp_path, *args), *files)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_valid_as_pyyaml_reads_them(sschema, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data.get("checklist") != "sme-me-aec":
        pytest.skip("answers another checklist")
    assert _errors(sschema, data) == []
    assert _errors(submission_schema(None), data) == []


@needs_cjs
def test_filled_and_blank_templates_pass_check_jsonschema(tmp_path, default):
    files = []
    for n, (mode, lang) in enumerate([("best", None), ("worst", "vi"), ("random", "vi"), ("random", None)]):
        path = tmp_path / f"filled-{n}.yaml"
        path.write_text(filled_template(default, mode, n, lang), encoding="utf-8")
        files.append(path)
    blank = tmp_path / "blank.yaml"
    blank.write_text(render_template(default, subject="Hue City"), encoding="utf-8")
    files.append(blank)
    result = check_jsonschema("--schemafile", cli_schema(tmp_path, "submission", "-c", "sme-me-aec"), *files)
    assert result.returncode == 0, result.stdout + result.stderr
    # and the date is checked as a date
    bad = tmp_path / "bad-date.yaml"
    bad.write_text(files[0].read_text(encoding="utf-8").replace("date: 2026-03-01", "date: 2026-02-30"),
                   encoding="utf-8")
    result = check_jsonschema("--schemafile", cli_schema(tmp_path, "submission", "-c", "sme-me-aec"), bad)
    assert result.returncode == 1 and "date" in result.stdout


@pytest.mark.parametrize("seed", range(8))
def test_filled_templates_valid_as_pyyaml_reads_them(sschema, default, seed):
    mode = ("best", "worst", "random", "random")[seed % 4]
    data = yaml.safe_load(filled_template(default, mode, seed, "vi" if seed % 2 else None))
    assert score(default, data).problems == []
    assert _errors(sschema, data) == []


def _submission(**answers):
    return {"ledcheck": 1, "checklist": "sme-me-aec", "checklist_version": "2026.1", "subject": "Hue",
            "date": dt.date(2026, 3, 1), "answers": answers}


# answers that ledcheck takes without an error (applicable in a blank submission: no `when`)
GOOD = {
    "null": {"ST1": None},
    "map with null value": {"ST1": {"value": None}},
    "level": {"ST1": 0},
    "level as float": {"ST1": 3.0},
    "level with evidence list": {"ST1": {"value": 2, "evidence": ["Decision 1", "Decision 2"], "note": 3}},
    "yes as boolean": {"ST2": {"value": True, "evidence": "x"}},
    "yes as YAML 1.2 string": {"RC5": "yes"},
    "No as string": {"RC5": "No"},
    "partial": {"ME6": "partial"},
    "na where allowed": {"ST9": "na"},
    "n/a where allowed in a map": {"ST9": {"value": "n/a", "evidence": "x"}},
    "N/A for a number": {"GG7": "N/A"},
    "choice": {"ST8": "quarterly"},
    "multi": {"GG4": ["strategy", "budget"]},
    "empty multi": {"GG4": []},
    "number": {"ST7": 0.45},
    "number at bounds": {"GG7": 365},
    "number with own targets": {"ST7": {"value": 0.5, "baseline": 0.1, "target": 2}},
    "number with breakdown": {"CM3": {"value": 10, "evidence": "db",
                                      "by": {"sex": {"female": 4, "male": 6}, "size": {"micro": 10}}}},
    "null breakdown on a number without one": {"ST7": {"value": 1, "by": None, "target": None}},
    "text": {"RC6": "Learned: one-stop shop"},
    "number as text": {"RC6": 2025},
    "no answers": {},
}

# answers that are errors for ledcheck, and that the schema must reject
BAD = {
    "level 7": {"ST1": 7},
    "level as string": {"ST1": "3"},
    "unknown id": {"ST99": 3},
    "unknown id, lower case": {"st1": 3},
    "na where not allowed": {"ST1": "na"},
    "na in a map where not allowed": {"ST5": {"value": "N/A"}},
    "na for a text that does not allow it": {"RC6": "n/a"},
    "partial where not allowed": {"RC5": "partial"},
    "maybe for yesno": {"ME6": "maybe"},
    "number for yesno": {"RC5": 1},
    "unknown option": {"ST8": "weekly"},
    "option list for choice": {"ST8": ["annual"]},
    "unknown option in multi": {"GG4": ["strategy", "weather"]},
    "option chosen twice": {"GG4": ["strategy", "strategy"]},
    "bare option for multi": {"GG4": "strategy"},
    "number above max": {"GG7": 366},
    "number below min": {"ST7": -1},
    "number as string": {"ST7": "0.5"},
    "typo in answer key": {"ST1": {"value": 3, "evidnce": "x"}},
    "map without value": {"ST1": {"evidence": "x"}},
    "baseline on levels": {"ST1": {"value": 3, "baseline": 1}},
    "by on a number without breakdown": {"ST7": {"value": 1, "by": {"sex": {"female": 1}}}},
    "unknown breakdown": {"LR7": {"value": 10, "by": {"age": {"young": 10}}}},
    "unknown category": {"LR7": {"value": 10, "by": {"sex": {"female": 5, "men": 5}}}},
    "negative part": {"LR7": {"value": 10, "by": {"sex": {"female": -5, "male": 15}}}},
    "evidence as a map": {"ST1": {"value": 3, "evidence": {"doc": "x"}}},
    "text as a list": {"RC6": ["a", "b"]},
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_answers_pass(v10schema, v10, name):
    data = _submission(**GOOD[name])
    assert [p.message for p in score(v10, data).errors] == []
    assert _errors(v10schema, data) == []
    assert _errors(submission_schema(None), data) == []


@pytest.mark.parametrize("name", list(BAD))
def test_bad_answers_fail(v10schema, v10, name):
    data = _submission(**BAD[name])
    assert score(v10, data).errors, "ledcheck should reject it too"
    assert _errors(v10schema, data), name


BAD_HEADERS = {
    "missing subject": ("subject", None, True),
    "empty subject": ("subject", "  "),
    "subject as list": ("subject", ["a"]),
    "wrong checklist": ("checklist", "other"),
    "missing checklist": ("checklist", None, True),
    "format 2": ("ledcheck", 2),
    "missing answers": ("answers", None, True),
    "answers as list": ("answers", ["ST1"]),
    "bad date": ("date", "2026-02-30"),
    "date not ISO": ("date", "1 March 2026"),
    "unknown key": ("asessor", "me"),
}


@pytest.mark.parametrize("name", list(BAD_HEADERS))
def test_bad_headers_fail(v10schema, v10, name):
    key, value, *delete = BAD_HEADERS[name]
    data = _submission(ST1=3)
    if delete:
        del data[key]
    else:
        data[key] = value
    assert score(v10, data).errors, "ledcheck should reject it too"
    assert _errors(v10schema, data), name


def test_generic_schema(default):
    generic = submission_schema(None)
    assert _errors(generic, _submission(ST99=3, anything=["goes"])) == []   # ids unknown to it
    assert _errors(generic, _submission(**{"1A": 3}))                       # not an id
    assert _errors(generic, _submission(ST1={"value": 3, "evidnce": "x"}))
    assert _errors(generic, dict(_submission(), checklist="Bad Id"))
    assert _errors(generic, dict(_submission(), extra=1))


@needs_cjs
@pytest.mark.parametrize("date", ["2026-03-01", "2026-03-01 09:30:00", "2026-3-1T09:30:00Z", "~"])
def test_dates_ledcheck_reads(v10schema, v10, date):
    """Unquoted YAML timestamps: PyYAML (ledcheck) builds dates, ruamel (check-jsonschema) strings."""
    text = f"ledcheck: 1\nchecklist: sme-me-aec\nsubject: Hue\ndate: {date}\nanswers: {{ST1: 3}}\n"
    assert score(v10, yaml.safe_load(text)).errors == []
    from check_jsonschema.parsers.yaml import construct_yaml_implementation
    as_check_jsonschema_reads = construct_yaml_implementation().load(text)
    assert _errors(v10schema, as_check_jsonschema_reads) == []


def test_checklist_version_mismatch_is_not_a_schema_error(v10schema):
    # a warning for ledcheck, so the schema lets it through
    assert _errors(v10schema, dict(_submission(ST1=3), checklist_version="2025.9")) == []


def test_edge_checklist_submission_schema(checklist_from):
    from helpers import EDGE
    edge = checklist_from(EDGE)
    schema = submission_schema(edge)
    Draft202012Validator.check_schema(schema)
    base = {"ledcheck": 1, "checklist": "edge", "subject": "Town"}
    for mode, seed in (("best", 0), ("worst", 0), ("random", 1), ("random", 2)):
        text = fill(render_template(edge, subject="Town"), answer_values(edge, mode, random.Random(seed)))
        data = yaml.safe_load(text)
        assert score(edge, data).problems == []
        assert _errors(schema, data) == [], (mode, seed)
    assert _errors(schema, dict(base, answers={"Null": 1})) == []      # option id "1", unquoted
    assert _errors(schema, dict(base, answers={"Null": "1"})) == []
    assert _errors(schema, dict(base, answers={"Null": 3}))
    assert _errors(schema, dict(base, answers={"L1": 0.5})) == []
    assert _errors(schema, dict(base, answers={"L1": 1}))
    assert _errors(schema, dict(base, answers={"N1": -1000})) == []    # no bounds
    assert _errors(schema, dict(base, answers={"T1": "na"})) == []     # text that allows na
    assert _errors(schema, dict(base, answers={"N1": {"value": 3, "by": {"region": {"east: x": 3}}}})) == []


# --------------------------------------------------------------------------- speed

def test_validating_a_batch_is_fast(sschema, default):
    """The benchmark validates 10,000 submissions with check-jsonschema: keep the schema cheap."""
    docs = [_jsonable(yaml.safe_load(filled_template(default, "random", seed))) for seed in range(50)]
    validator = _validator(sschema)
    start = time.perf_counter()
    for doc in docs:
        assert not any(True for _ in validator.iter_errors(doc))
    per_doc = (time.perf_counter() - start) / len(docs)
    assert per_doc < 0.06, f"{per_doc * 1000:.1f} ms per submission"


# --------------------------------------------------------------------------- 1.1 keys (FORMAT.md §6)

def test_checklist_schema_knows_the_1_1_keys(cschema):
    data = yaml.safe_load(V1_1_VALID.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(cschema).iter_errors(data)) == []
    bad = copy.deepcopy(data)
    bad["profiles"][0]["id"] = "all"
    bad["sections"][0]["indicators"][0]["results_level"] = "outputs"
    bad["sections"][1]["indicators"][0]["direction"] = "up"
    bad["scoring"]["no_data"] = "skip"
    bad["subject_fields"][0]["min"] = 1      # min on a text field
    del bad["sections"][0]["indicators"][1]["when"]   # when_false without when
    assert len(list(Draft202012Validator(cschema).iter_errors(bad))) >= 6


def test_checklist_schema_refuses_no_data_as_an_option_id(cschema):
    data = yaml.safe_load((CASES / "option-no-data.yaml").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(cschema).iter_errors(data))


def test_submission_schema_knows_profiles_meta_and_no_data():
    checklist, _ = check_file(V1_1_VALID)
    s = submission_schema(checklist)
    v = Draft202012Validator(s)
    good = {"ledcheck": 1, "checklist": "demo", "subject": "Da Nang", "subject_id": "VN-48",
            "reference_period": "2025-Q2", "profile": "core",
            "meta": {"province": "Da Nang", "population": 1220000, "class": "I", "extra": "kept"},
            "answers": {"ST1": "no_data", "BS1": {"value": "no_data"}}}
    assert list(v.iter_errors(good)) == []
    for key, value in (("profile", "nope"), ("reference_period", "2025-13"), ("reference_period", "Q2 2025"),
                       ("meta", {"population": -1, "province": "x"}), ("meta", {"population": 5})):
        bad = {**good, key: value}
        assert list(v.iter_errors(bad)), (key, value)
    assert s["properties"]["profile"]["enum"] == ["core", "lean", "all", None]
    for period in ("2025", "2025-06", "2025-Q4", "2025-01-01/2025-06-30", 2025):
        assert list(v.iter_errors({**good, "reference_period": period})) == [], period
    generic = Draft202012Validator(submission_schema())
    assert list(generic.iter_errors(good)) == []
