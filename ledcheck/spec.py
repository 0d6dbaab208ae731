"""The file format, stated once: every key of checklists and submissions, its type, default,
allowed values and help text (FORMAT.md §1, §2).

Everything else derives from here: the checklist validator (:mod:`ledcheck.checklist`) takes its
allowed and required keys, the submission checks (:mod:`ledcheck.submission`) their header and
answer keys, the JSON Schemas (:mod:`ledcheck.schema`) their properties, required lists and hover
help, the template its header keys, and ``docs/format.md``'s key tables are checked against it
(``tests/test_spec.py``).

A block (:class:`Block`) is an ordered set of :class:`Key` entries. Adding a key to the format is
one ``Key(...)`` line in its block (with ``types=`` for a key that only some indicator types take,
``scale_indicator=True`` for one that an indicator using ``scale:`` may add); the validator still
checks its value, but the key is then known everywhere else.

This module is plain data and imports nothing from ledcheck.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# --------------------------------------------------------------------------- enums and patterns

#: Indicator types (FORMAT.md §1), in the order messages list them; ``text`` is not scored.
TYPES = ("levels", "yesno", "choice", "multi", "number", "text")
#: A scale may be of any type but text.
SCALE_TYPES = TYPES[:-1]
#: ``evidence:`` values; the first is not the default (see the key).
EVIDENCE = ("required", "optional")
#: ``scoring.missing`` values: how an unanswered applicable indicator counts.
MISSING = ("zero", "exclude")
#: Operators of ``when`` comparisons, and those that each indicator type may be compared with
#: (levels and number as numbers; yesno and choice only for equality; multi and text not at all).
OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
CONDITION_OPERATORS: dict[str, tuple[str, ...]] = {
    "levels": OPERATORS, "number": OPERATORS, "yesno": ("==", "!="), "choice": ("==", "!="),
    "multi": (), "text": (),
}
#: Problem severities (FORMAT.md §6.11: a note never fails).
SEVERITIES = ("error", "warning", "note")
#: The only format version.
FORMAT_VERSION = 1

CHECKLIST_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ITEM_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
LANG_PATTERN = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"
CHECKLIST_ID = re.compile(CHECKLIST_ID_PATTERN[1:-1] + r"\Z")
ITEM_ID = re.compile(ITEM_ID_PATTERN[1:-1] + r"\Z")
LANG_CODE = re.compile(LANG_PATTERN[1:-1] + r"\Z")
#: Words of conditions that cannot be ids.
KEYWORDS = ("and", "or", "yes", "no")
#: The spellings of "not applicable" (surrounding spaces are ignored).
NA_WORDS = ("na", "n/a", "NA", "N/A", "N/a", "n/A", "Na", "nA")

# 1.1 (FORMAT.md §6)
#: The answer "we did not measure it" (§6.2); reserved: not an option id.
NO_DATA = "no_data"
#: ``scoring.no_data`` values: how a ``no_data`` answer counts.
NO_DATA_MODES = ("zero", "exclude")
#: ``direction`` of a number indicator or number scale (§6.1).
DIRECTIONS = ("increase", "decrease")
#: ``when_false``: what a false (or unknown) ``when`` means for an indicator (§6.2).
WHEN_FALSE = ("exclude", "zero")
#: ``results_level`` values, in results-chain order (§6.3).
RESULTS_LEVELS = ("input", "process", "output", "outcome", "impact")
#: ``aggregate`` of a number indicator: how ``ledcheck aggregate`` adds subjects up (§6.11).
AGGREGATES = ("sum", "mean", "none")
#: Types of a ``subject_fields`` entry (§6.4).
SUBJECT_FIELD_TYPES = ("text", "number", "choice")
#: The reserved profile id meaning the whole checklist (§6.11).
PROFILE_ALL = "all"
#: The reserved breakdown category of the remainder (§6.5): allowed in a checklist's categories.
UNKNOWN_CATEGORY = "unknown"
#: ``reference_period``: YYYY | YYYY-MM | YYYY-Qn | YYYY-MM-DD/YYYY-MM-DD (§6.4).
REFERENCE_PERIOD_PATTERN = (r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|"
                            r"-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2})?$")
REFERENCE_PERIOD = re.compile(REFERENCE_PERIOD_PATTERN[1:-1] + r"\Z")


# --------------------------------------------------------------------------- keys

@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping in a ledcheck file.

    ``kind`` says what its value is (``text`` a localized text, ``string``, ``id``, ``number``,
    ``boolean``, ``enum``, ``list``, ``map``, ``any``); ``schema`` is its JSON Schema fragment
    (without the description, which is ``doc``). ``types`` limits an indicator field to those
    indicator types (None: every type); ``required_for`` names the types that require it.
    """

    name: str
    kind: str
    doc: str
    schema: dict[str, Any] | None = None
    required: bool = False
    default: Any = None
    enum: tuple[object, ...] = ()
    types: tuple[str, ...] | None = None
    required_for: tuple[str, ...] = ()
    scale_indicator: bool = False

    def json_schema(self) -> dict[str, Any]:
        """The key's JSON Schema: its hover help first, then its fragment."""
        out: dict[str, Any] = {"description": self.doc}
        out.update(self.schema or {})
        return out


@dataclass(frozen=True, slots=True)
class Block:
    """The keys of one kind of mapping, in file order."""

    name: str
    keys: tuple[Key, ...]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys)

    def __getitem__(self, name: str) -> Key:
        for k in self.keys:
            if k.name == name:
                return k
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(k.name == name for k in self.keys)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    def for_type(self, typ: str) -> tuple[str, ...]:
        """Names of the keys that an indicator (or scale) of type ``typ`` takes."""
        return tuple(k.name for k in self.keys if k.types is None or typ in k.types)

    def properties(self) -> dict[str, dict[str, Any]]:
        """``{name: JSON Schema}`` for a schema's ``properties``."""
        return {k.name: k.json_schema() for k in self.keys}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


_TEXT = _ref("text")
_TEXT_SCALAR = _ref("text_scalar")
_ITEM_ID = _ref("item_id")
_BOOLEAN = _ref("boolean")
_WEIGHT = _ref("weight")
#: Evidence and notes: text, a number, or a list of them (joined with '; ').
_TEXTISH = {"type": ["string", "number", "array", "null"], "items": {"type": ["string", "number"]}}

# --------------------------------------------------------------------------- checklist

CHECKLIST = Block("checklist", (
    Key("ledcheck", "integer", "Format version of the file; only 1 exists.", {"const": FORMAT_VERSION},
        required=True),
    Key("id", "id", "Checklist id: lowercase letters, digits, '.', '_' or '-'. Submissions name "
                    "it in `checklist:`.", {"type": "string", "pattern": CHECKLIST_ID_PATTERN}, required=True),
    Key("version", "string", "Version of the checklist, shown in reports; quote it (\"2026.1\") so it "
                             "stays text.", {"type": "string", "minLength": 1}, default=""),
    Key("title", "text", "Title of the checklist.", _TEXT, required=True),
    Key("description", "text", "What the checklist is for and who uses it.", _TEXT),
    Key("languages", "list", "Language codes of the texts; the first is the default language "
                             "(default [en]).",
        {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string", "pattern": LANG_PATTERN}},
        default=("en",)),
    Key("scoring", "map", "How answers become scores.", None),   # schema: see SCORING
    Key("ratings", "list", "Rating bands for any percentage score, highest `min` first.",
        {"type": "array", "items": _ref("rating")}, default=()),
    Key("scales", "map", "Reusable answer scales by name; an indicator uses one with `scale: NAME`.",
        {"type": "object", "propertyNames": {"pattern": ITEM_ID_PATTERN}, "additionalProperties": _ref("scale")}),
    Key("disaggregations", "map", "Named breakdowns and their categories, e.g. sex: [female, male].",
        {"type": "object", "propertyNames": {"pattern": ITEM_ID_PATTERN},
         "additionalProperties": {"type": "array", "minItems": 1, "uniqueItems": True, "items": _TEXT_SCALAR}}),
    Key("sections", "list", "The top-level sections (at least one).",
        {"type": "array", "minItems": 1, "items": _ref("section")}, required=True),
    Key("subject_fields", "list", "Facts about the subject that submissions give under `meta:` "
                                  "(population, province ...): each {id, label, type, options, min, max, "
                                  "required}.",
        {"type": "array", "items": _ref("subject_field")}, default=()),
    Key("profiles", "list", "Tailored selections of the checklist (as XCCDF profiles): each {id, title, "
                            "include, exclude, weights}; `all` is reserved for the whole checklist.",
        {"type": "array", "items": _ref("profile")}, default=()),
))

SCORING = Block("scoring", (
    Key("missing", "enum", "How an unanswered applicable indicator counts: zero (default) "
                           "or exclude (left out of the mean).",
        {"enum": list(MISSING), "default": "zero"}, default="zero", enum=MISSING),
    Key("no_data", "enum", "How a `no_data` answer (not measured) counts: zero (default) or exclude.",
        {"enum": list(NO_DATA_MODES), "default": "zero"}, default="zero", enum=NO_DATA_MODES),
))

RATING = Block("rating", (
    Key("min", "number", "Lowest score (0-100) that gets this rating.",
        {"type": "number", "minimum": 0, "maximum": 100}, required=True),
    Key("label", "text", "The rating, e.g. Advanced.", _TEXT, required=True),
))

SECTION = Block("section", (
    Key("id", "id", "Section id, unique across the checklist (same rules as indicator ids).", _ITEM_ID,
        required=True),
    Key("title", "text", "Section title.", _TEXT, required=True),
    Key("description", "text", "What the section covers.", _TEXT),
    Key("weight", "number", "Weight in its parent's weighted mean (default 1).", _WEIGHT, default=1),
    Key("indicators", "list", "The section's indicators, asked before its sub-sections.",
        {"type": ["array", "null"], "items": _ref("indicator")}, default=()),
    Key("sections", "list", "Sub-sections, nested to any depth.",
        {"type": ["array", "null"], "items": _ref("section")}, default=()),
    Key("results_level", "enum", "Results-chain level of everything under the section (input, process, "
                                 "output, outcome, impact), unless an indicator or sub-section states its own.",
        {"enum": list(RESULTS_LEVELS)}, enum=RESULTS_LEVELS),
))

#: Keys of every indicator, whatever its type; those with ``scale_indicator`` may be added to an
#: indicator that uses ``scale:``.
INDICATOR = Block("indicator", (
    Key("id", "id", "Indicator id, unique across the checklist: a letter, then letters, digits, "
                    "'_', '.' or '-' (not and, or, yes, no). Submissions answer by this id.", _ITEM_ID,
        required=True, scale_indicator=True),
    Key("text", "text", "The question or statement, as shown to the assessor.", _TEXT, required=True,
        scale_indicator=True),
    Key("guidance", "text", "How to assess it: what to look for, means of verification.", _TEXT,
        scale_indicator=True),
    Key("weight", "number", "Weight in its section's weighted mean (default 1; 0 = shown but not counted).",
        _WEIGHT, default=1, scale_indicator=True),
    Key("evidence", "enum", "Whether an answer needs evidence (a means of verification): a missing one "
                            "is a warning.", {"enum": list(EVIDENCE), "default": "optional"},
        default="optional", enum=EVIDENCE, scale_indicator=True),
    Key("when", "string", "Condition for asking it, e.g. \"ST1 >= 2 and ST3 != 'none'\": ID OP LITERAL "
                          "joined by and / or, naming only earlier indicators. False = not applicable.",
        {"type": "string", "minLength": 1}, scale_indicator=True),
    Key("allow_na", "boolean", "Accept the answer na (not applicable), which excludes it from the score.",
        _BOOLEAN, default=False, scale_indicator=True),
    Key("disaggregate", "list", "number only: disaggregations (declared under `disaggregations:`) that "
                                "answers may break the value down by.",
        {"type": "array", "uniqueItems": True, "items": _ITEM_ID}, default=(), types=("number",),
        scale_indicator=True),
    Key("type", "enum", "The answer type, when not using a scale: levels, yesno, choice, multi, number "
                        "or text (text is not scored).", {"enum": list(TYPES)}, enum=TYPES),
    Key("scale", "id", "Name of a scale under `scales:` that gives the answer type and its fields.", _ITEM_ID,
        scale_indicator=True),
    Key("when_false", "enum", "What a false (or unknown) `when` means: exclude (default: not applicable) "
                              "or zero (counts 0 without asking, status implied). Needs `when`.",
        {"enum": list(WHEN_FALSE), "default": "exclude"}, default="exclude", enum=WHEN_FALSE,
        scale_indicator=True),
    Key("results_level", "enum", "Results-chain level: input, process, output, outcome or impact "
                                 "(default: its section's).",
        {"enum": list(RESULTS_LEVELS)}, enum=RESULTS_LEVELS, scale_indicator=True),
    Key("aggregate", "enum", "number only: how `ledcheck aggregate` adds subjects up: sum (counts), "
                             "mean (default, rates) or none.",
        {"enum": list(AGGREGATES), "default": "mean"}, default="mean", enum=AGGREGATES, types=("number",)),
))

#: The fields of answer types, shared by scales and inline ``type:`` indicators.
TYPE_FIELDS = Block("type fields", (
    Key("levels", "list", "Answer levels (at least two): each a number `value` with a label. "
                          "Score (v - lowest) / (highest - lowest), or a level's own `score`.",
        {"type": "array", "minItems": 2, "items": _ref("level")}, types=("levels",), required_for=("levels",)),
    Key("partial", "boolean", "yesno only: also accept the answer `partial` (scores 0.5).", _BOOLEAN,
        default=False, types=("yesno",)),
    Key("options", "list", "choice and multi: the options, each `{id, label, score}`; option ids are "
                           "unique within the indicator, and at least one option scores above 0.",
        {"type": "array", "minItems": 1, "items": _ref("option"),
         "contains": {"required": ["score"], "properties": {"score": {"exclusiveMinimum": 0}}}},
        types=("choice", "multi"), required_for=("choice", "multi")),
    Key("max_score", "number", "multi only: the sum of chosen option scores that gives the full score "
                               "(default: the sum of all option scores).",
        {"type": "number", "exclusiveMinimum": 0}, types=("multi",)),
    Key("unit", "string", "number only: the unit shown with the answer, e.g. \"%\", days, SMEs.", _TEXT_SCALAR,
        types=("number",)),
    Key("min", "number", "number only: the lowest answer accepted.", {"type": "number"}, types=("number",)),
    Key("max", "number", "number only: the highest answer accepted.", {"type": "number"}, types=("number",)),
    Key("baseline", "number", "number only: the value that scores 0 (default 0). A target below the "
                              "baseline means lower is better.", {"type": "number"}, default=0, types=("number",)),
    Key("target", "number", "number only (required there): the value that scores 1; must differ from "
                            "the baseline.", {"type": "number"}, types=("number",), required_for=("number",)),
    Key("direction", "enum", "number only: increase (higher is better) or decrease (lower is better); "
                             "the target must lie on that side of the baseline.",
        {"enum": list(DIRECTIONS)}, enum=DIRECTIONS, types=("number",)),
))

#: A scale's own keys (besides its type fields).
SCALE = Block("scale", (
    Key("type", "enum", "The answer type of the scale: levels, yesno, choice, multi or number.",
        {"enum": list(SCALE_TYPES)}, required=True, enum=SCALE_TYPES),
    Key("description", "text", "What the scale measures (for authors).", _TEXT),
))

LEVEL = Block("level", (
    Key("value", "number", "The answer value of this level (a number, unique in the scale).",
        {"type": "number"}, required=True),
    Key("label", "text", "Short name of the level, e.g. Implemented.", _TEXT),
    Key("description", "text", "What the level means, to tell it from the next one.", _TEXT),
    Key("score", "number", "This level's own score in [0, 1], instead of its position.",
        {"type": "number", "minimum": 0, "maximum": 1}),
))

OPTION = Block("option", (
    Key("id", "string", "Option id, unique within the indicator: what a submission answers.", _TEXT_SCALAR,
        required=True),
    Key("label", "text", "The option as shown to the assessor.", _TEXT),
    Key("score", "number", "The option's score (>= 0, default 0); choice: divided by the highest "
                           "option score; multi: summed.", {"type": "number", "minimum": 0, "default": 0},
        default=0),
))

#: A declared ``meta`` field of the subject (§6.4).
SUBJECT_FIELD = Block("subject_field", (
    Key("id", "id", "Field id, the key under a submission's `meta:` (e.g. population).", _ITEM_ID,
        required=True),
    Key("label", "text", "The field as shown to the assessor.", _TEXT),
    Key("type", "enum", "text (default), number or choice.", {"enum": list(SUBJECT_FIELD_TYPES),
                                                              "default": "text"},
        default="text", enum=SUBJECT_FIELD_TYPES),
    Key("options", "list", "choice only: the allowed values, each an id or {id, label}.",
        {"type": "array", "minItems": 1, "items": _ref("subject_option")}),
    Key("min", "number", "number only: the lowest value accepted.", {"type": "number"}),
    Key("max", "number", "number only: the highest value accepted.", {"type": "number"}),
    Key("required", "boolean", "Whether every submission must give it (default false).", _BOOLEAN,
        default=False),
))

#: A choice option of a subject field given as a map (it may also be a bare id).
SUBJECT_OPTION = Block("subject_option", (
    Key("id", "string", "Option id: the value a submission gives.", _TEXT_SCALAR, required=True),
    Key("label", "text", "The option as shown to the assessor.", _TEXT),
))

#: A profile: a tailored selection of the checklist (§6.6).
PROFILE = Block("profile", (
    Key("id", "id", "Profile id (not `all`, which means the whole checklist); submissions name it in "
                    "`profile:`, commands take `--profile ID`.", _ITEM_ID, required=True),
    Key("title", "text", "The profile's name.", _TEXT),
    Key("description", "text", "Who the profile is for.", _TEXT),
    Key("include", "list", "Section or indicator ids it selects (a section brings everything under it); "
                           "default: everything.", {"type": "array", "items": _ITEM_ID}),
    Key("exclude", "list", "Section or indicator ids taken out after include.",
        {"type": "array", "items": _ITEM_ID}, default=()),
    Key("weights", "map", "Weight overrides of selected sections or indicators, by id (>= 0).",
        {"type": "object", "propertyNames": {"pattern": ITEM_ID_PATTERN}, "additionalProperties": _WEIGHT}),
))

# --------------------------------------------------------------------------- submission

SUBMISSION = Block("submission", (
    Key("ledcheck", "integer", "Format version of the file; only 1 exists.", {"const": FORMAT_VERSION},
        required=True),
    Key("checklist", "id", "Id of the checklist this submission answers.", required=True),
    Key("checklist_version", "string", "Version of the checklist it was made for; a mismatch is a warning."),
    Key("subject", "string", "Who or what is assessed: a city, a province, a programme (required).",
        {"type": ["string", "number"], "pattern": r"\S"}, required=True),
    Key("assessor", "string", "Who assessed it.", {"type": ["string", "number", "null"]}),
    Key("date", "date", "Date of the assessment, YYYY-MM-DD."),
    Key("period", "string", "Reporting period: 2026-Q1, baseline, midline, endline ...",
        {"type": ["string", "number", "null"]}),
    Key("subject_id", "string", "A stable id of the subject (e.g. VN-48): rounds of a subject are matched "
                                "by it.", {"type": ["string", "number", "null"]}),
    Key("reference_period", "string", "The period the answers describe: YYYY, YYYY-MM, YYYY-Qn or "
                                      "YYYY-MM-DD/YYYY-MM-DD.",
        {"anyOf": [{"type": "string", "pattern": REFERENCE_PERIOD_PATTERN},
                   {"type": "integer", "minimum": 1000, "maximum": 9999}, {"type": "null"}]}),
    Key("meta", "map", "Facts about the subject (population, province ...): the checklist's "
                       "`subject_fields`, else any plain values.",
        {"type": ["object", "null"], "additionalProperties": {"type": ["string", "number", "boolean", "null"]}}),
    Key("profile", "id", "The profile the answers were collected with (default: the whole checklist)."),
    Key("answers", "map", "Answers by indicator id.", required=True),
))

#: The keys of an answer given as a map (``{value: 3, evidence: ...}``).
ANSWER = Block("answer", (
    Key("value", "any", "The answer.", required=True),
    Key("evidence", "string", "Means of verification: a document, a link, a source.", _TEXTISH),
    Key("note", "string", "A comment on the answer.", _TEXTISH),
    Key("baseline", "number", "number answers: this subject's own baseline.", {"type": ["number", "null"]},
        types=("number",)),
    Key("target", "number", "number answers: this subject's own target.", {"type": ["number", "null"]},
        types=("number",)),
    Key("by", "map", "number answers: the value broken down, e.g. {sex: {female: 30, male: 34}}.",
        {"type": ["object", "null"],
         "additionalProperties": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}}},
        types=("number",)),
))

#: Every block, by name (for docs and tests).
BLOCKS: dict[str, Block] = {b.name: b for b in (CHECKLIST, SCORING, RATING, SECTION, INDICATOR, TYPE_FIELDS,
                                                  SCALE, LEVEL, OPTION, SUBJECT_FIELD, SUBJECT_OPTION, PROFILE,
                                                  SUBMISSION, ANSWER)}


# --------------------------------------------------------------------------- derived key sets

#: Per type, the type fields it takes (``{"number": ("unit", "min", ...), ...}``).
TYPE_KEYS: dict[str, tuple[str, ...]] = {t: TYPE_FIELDS.for_type(t) for t in TYPES}
#: Every type field, once.
ALL_TYPE_KEYS: tuple[str, ...] = TYPE_FIELDS.names
#: Per type, the type fields it requires.
REQUIRED_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    t: tuple(k.name for k in TYPE_FIELDS if t in k.required_for) for t in TYPES}
#: Every key an indicator may have (common keys, type/scale, type fields).
INDICATOR_KEYS: tuple[str, ...] = INDICATOR.names + ALL_TYPE_KEYS
#: The keys an indicator that uses ``scale:`` may have.
SCALE_INDICATOR_KEYS: tuple[str, ...] = tuple(k.name for k in INDICATOR if k.scale_indicator)
#: Every key a scale may have.
SCALE_KEYS: tuple[str, ...] = SCALE.names + ALL_TYPE_KEYS
