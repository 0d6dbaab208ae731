"""The format is stated once, in ``ledcheck.spec``: the validator, the JSON Schemas and the docs'
key tables must all say what it says."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from ledcheck import model, rules, schema, spec, submission, yamlio
from ledcheck.checklist import check_document

ROOT = Path(__file__).parent.parent
FORMAT_MD = ROOT / "docs" / "format.md"

# A checklist that uses every block of the format once (checked valid below).
FULL = {
    "ledcheck": 1, "id": "demo", "version": "1", "title": "Demo", "description": "d", "languages": ["en"],
    "scoring": {"missing": "zero", "no_data": "zero"},
    "ratings": [{"min": 50, "label": "Good"}, {"min": 0, "label": "Poor"}],
    "scales": {"m": {"type": "levels", "description": "d",
                     "levels": [{"value": 0, "label": "No", "description": "d", "score": 0},
                                {"value": 1, "label": "Yes"}]}},
    "disaggregations": {"sex": ["female", "male"]},
    "sections": [{"id": "s", "title": "S", "description": "d", "weight": 1, "results_level": "output",
                  "sections": [], "indicators": [
        {"id": "A", "text": "A", "guidance": "g", "weight": 1, "evidence": "optional", "allow_na": True,
         "scale": "m", "results_level": "process"},
        {"id": "B", "text": "B", "type": "choice", "when": "A == 1", "when_false": "zero",
         "options": [{"id": "x", "label": "X", "score": 1}, {"id": "y", "score": 0}]},
        {"id": "C", "text": "C", "type": "number", "unit": "%", "min": 0, "max": 100, "baseline": 0,
         "target": 10, "direction": "increase", "disaggregate": ["sex"], "aggregate": "sum"},
    ]}],
    "subject_fields": [{"id": "population", "label": "Population", "type": "number", "min": 0, "max": 10**9,
                        "required": True},
                       {"id": "region", "type": "choice", "options": ["north", {"id": "south", "label": "S"}]}],
    "profiles": [{"id": "core", "title": "Core", "description": "d", "include": ["s"], "exclude": ["C"],
                  "weights": {"A": 2}}],
}


def _check(data: dict):
    text = yaml.safe_dump(data, sort_keys=False)
    doc = yamlio.load_bytes(text.encode(), "t.yaml", yamlio.build_located)
    return check_document(doc)


def _block_maps(data: dict):
    """(block, the mapping of that block inside ``data``) for every block FULL uses."""
    sec = data["sections"][0]
    return [(spec.CHECKLIST, data), (spec.SCORING, data["scoring"]), (spec.RATING, data["ratings"][0]),
            (spec.SCALE, data["scales"]["m"]), (spec.LEVEL, data["scales"]["m"]["levels"][0]),
            (spec.SECTION, sec), (spec.INDICATOR, sec["indicators"][2]),
            (spec.OPTION, sec["indicators"][1]["options"][0]),
            (spec.SUBJECT_FIELD, data["subject_fields"][0]),
            (spec.SUBJECT_OPTION, data["subject_fields"][1]["options"][1]),
            (spec.PROFILE, data["profiles"][0])]


def test_full_checklist_is_valid():
    checklist, problems = _check(FULL)
    assert problems == [] and checklist is not None


@pytest.mark.parametrize("n", range(11))
def test_the_validator_knows_each_blocks_keys_from_the_spec(n):
    data = copy.deepcopy(FULL)
    block, m = _block_maps(data)[n]
    m["zzz_unknown"] = 1
    _, problems = _check(data)
    unknown = [p for p in problems if p.rule == rules.UNKNOWN_KEY.id]
    assert len(unknown) == 1 and "zzz_unknown" in unknown[0].message, (block.name, problems)


@pytest.mark.parametrize("block_name,key", [(b.name, k) for b in (spec.CHECKLIST, spec.RATING, spec.SCALE,
                                                                    spec.LEVEL, spec.SECTION, spec.OPTION,
                                                                    spec.INDICATOR, spec.SUBJECT_FIELD,
                                                                    spec.SUBJECT_OPTION, spec.PROFILE)
                                            for k in b.required])
def test_the_validator_requires_what_the_spec_requires(block_name, key):
    data = copy.deepcopy(FULL)
    m = next(m for b, m in _block_maps(data) if b.name == block_name)
    del m[key]
    _, problems = _check(data)
    assert any(p.rule == rules.REQUIRED.id and f"'{key}'" in p.message for p in problems), problems


def test_type_fields_required_by_type():
    assert spec.REQUIRED_TYPE_KEYS == {"levels": ("levels",), "yesno": (), "choice": ("options",),
                                       "multi": ("options",), "number": ("target",), "text": ()}


def test_submission_and_model_use_the_spec():
    assert model.TYPES is spec.TYPES
    assert spec.SUBMISSION.names == submission.SUBMISSION_KEYS
    assert spec.ANSWER.names == submission.ANSWER_KEYS
    assert frozenset(spec.NA_WORDS) == submission.NA_WORDS


# --------------------------------------------------------------------------- schema <=> spec

def _props(node: dict) -> list[str]:
    return list(node["properties"])


def test_checklist_schema_agrees_with_the_spec():
    s = schema.checklist_schema()
    defs = s["$defs"]
    assert _props(s) == list(spec.CHECKLIST.names)
    assert s["required"] == list(spec.CHECKLIST.required)
    assert _props(s["properties"]["scoring"]) == list(spec.SCORING.names)
    assert s["properties"]["scoring"]["properties"]["missing"]["enum"] == list(spec.MISSING)
    for name, block in (("section", spec.SECTION), ("level", spec.LEVEL), ("option", spec.OPTION),
                        ("rating", spec.RATING)):
        assert _props(defs[name]) == list(block.names), name
        assert defs[name].get("required", []) == list(block.required), name
        assert defs[name]["additionalProperties"] is False
        for key in block:
            assert defs[name]["properties"][key.name]["description"] == key.doc
    assert set(_props(defs["indicator"])) == set(spec.INDICATOR_KEYS)
    assert defs["indicator"]["required"] == list(spec.INDICATOR.required)
    assert set(_props(defs["scale"])) == set(spec.SCALE_KEYS)
    assert defs["indicator"]["properties"]["type"]["enum"] == list(spec.TYPES)
    assert defs["indicator"]["properties"]["evidence"]["enum"] == list(spec.EVIDENCE)
    assert defs["scale"]["properties"]["type"]["enum"] == list(spec.SCALE_TYPES)
    # per type: exactly the keys that type takes, and the fields it requires
    by_type = {r["if"]["properties"]["type"]["const"]: r["then"] for r in defs["indicator"]["allOf"] if "if" in r
               and "properties" in r["if"]}
    for t in spec.TYPES:
        expected = {k.name for k in spec.INDICATOR if k.types is None or t in k.types} | set(spec.TYPE_KEYS[t])
        assert set(by_type[t]["properties"]) == expected, t
        assert by_type[t].get("required", []) == list(spec.REQUIRED_TYPE_KEYS[t]), t
    scaled = next(r["then"] for r in defs["indicator"]["allOf"] if r["if"] == {"required": ["scale"]})
    assert set(scaled["properties"]) == set(spec.SCALE_INDICATOR_KEYS)


def test_submission_schema_agrees_with_the_spec():
    s = schema.submission_schema()
    assert _props(s) == list(spec.SUBMISSION.names)
    assert s["required"] == list(spec.SUBMISSION.required)
    answer = s["properties"]["answers"]["additionalProperties"]["then"]
    assert _props(answer) == list(spec.ANSWER.names)
    assert answer["required"] == list(spec.ANSWER.required)


# --------------------------------------------------------------------------- docs <=> spec

def _table_after(heading: str) -> list[tuple[list[str], str]]:
    """(keys in the first cell, the 'required' cell) of the first table after ``heading``."""
    lines = FORMAT_MD.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and line.strip() == heading)
    rows, seen_table = [], False
    for line in lines[start + 1:]:
        if line.startswith("|"):
            seen_table = True
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells[0] in ("key", "---"):
                continue
            rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[1]))
        elif seen_table:
            break
    return rows


@pytest.mark.parametrize("heading,block", [
    ("### Top-level keys", spec.CHECKLIST),
    ("### Sections", spec.SECTION),
    ("### Indicators", spec.INDICATOR),
    ("### Header keys", spec.SUBMISSION),
    ("### Subject fields", spec.SUBJECT_FIELD),
    ("### Profiles", spec.PROFILE),
])
def test_format_md_key_tables_match_the_spec(heading, block):
    rows = _table_after(heading)
    documented = [k for keys, _ in rows for k in keys]
    assert sorted(documented) == sorted(block.names), heading
    for keys, required in rows:
        if len(keys) > 1:          # `type` or `scale`: one of them, or `min`, `max`
            continue
        assert (required == "yes") == block[keys[0]].required, (heading, keys[0], required)


def test_format_md_number_fields_match_the_spec():
    rows = _table_after("#### `number` — a value against a baseline and a target")
    documented = sorted(k for keys, _ in rows for k in keys)
    assert documented == sorted(spec.TYPE_KEYS["number"])
    for keys, required in rows:
        for k in keys:
            assert (required == "yes") == ("number" in spec.TYPE_FIELDS[k].required_for), k


def test_reference_period_pattern():
    for ok in ("2025", "2025-06", "2025-12", "2025-Q1", "2025-Q4", "2025-01-01/2025-06-30"):
        assert spec.REFERENCE_PERIOD.match(ok), ok
    for bad in ("25", "2025-13", "2025-00", "2025-Q5", "2025-06-30", "2025-01-01/", "2025 ", "Q1-2025", "2025-6"):
        assert not spec.REFERENCE_PERIOD.match(bad), bad


def test_1_1_enums_are_stated_once():
    assert spec.INDICATOR["when_false"].enum == spec.WHEN_FALSE == ("exclude", "zero")
    assert spec.INDICATOR["results_level"].enum == spec.SECTION["results_level"].enum == spec.RESULTS_LEVELS
    assert spec.TYPE_FIELDS["direction"].types == ("number",) and spec.INDICATOR["aggregate"].types == ("number",)
    assert "direction" not in spec.SCALE_INDICATOR_KEYS and "aggregate" not in spec.SCALE_INDICATOR_KEYS
    assert {"when_false", "results_level"} <= set(spec.SCALE_INDICATOR_KEYS)
    assert spec.SCORING["no_data"].default == "zero" and spec.SEVERITIES == ("error", "warning", "note")
