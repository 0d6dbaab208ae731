"""JSON Schemas (draft 2020-12) of checklist and submission files, for editors and other validators.

``ledcheck validate`` is the reference: it checks everything these schemas check and more (which
a schema cannot express: ids unique across the checklist, ``when`` conditions that parse and name
earlier indicators, ``target`` different from ``baseline``, ``min <= max``, localized maps that
have the default language, ``by`` parts that add up, answers to indicators whose condition is
false). The schemas are for the editor's red squiggles and hover help, and for pipelines that
already run a JSON Schema validator (``check-jsonschema``).

Choices made so that a file that ledcheck accepts also passes the schema:

* Files are YAML 1.1 for ledcheck (PyYAML) but often YAML 1.2 for schema tools (ruamel in
  check-jsonschema, the YAML language server): an unquoted ``yes`` is ``true`` for one and the
  string ``"yes"`` for the other, so yes/no answers and boolean fields accept both.
* Dates are strings in JSON, so ``date`` is ``{"type": "string", "format": "date"}`` (or a
  YAML timestamp with a time, which ledcheck reads as its date).
* Texts may be numbers (ledcheck reads ``label: 2025`` as the text "2025").
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .model import Checklist, Indicator

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CHECKLIST_ID = "urn:ledcheck:schema:checklist:1"
SUBMISSION_ID = "urn:ledcheck:schema:submission:1"

CHECKLIST_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ITEM_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
LANG_PATTERN = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"
KEYWORDS = ["and", "or", "yes", "no"]

#: What PyYAML (YAML 1.1) reads as booleans, as a YAML 1.2 tool sees them.
YAML11_TRUE = ["yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]
YAML11_FALSE = ["no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]
#: The spellings of "not applicable" (FORMAT.md §2; surrounding spaces are ignored by ledcheck).
NA_WORDS = ["na", "n/a", "NA", "N/A", "N/a", "n/A", "Na", "nA"]
NA_PATTERN = r"^\s*[Nn]/?[Aa]\s*$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"

TYPES = ["levels", "yesno", "choice", "multi", "number", "text"]
TYPE_KEYS = {
    "levels": ["levels"],
    "yesno": ["partial"],
    "choice": ["options"],
    "multi": ["options", "max_score"],
    "number": ["unit", "min", "max", "baseline", "target"],
    "text": [],
}
ALL_TYPE_KEYS = list(dict.fromkeys(k for keys in TYPE_KEYS.values() for k in keys))
COMMON_KEYS = ["id", "text", "guidance", "weight", "evidence", "when", "allow_na"]
REQUIRED_TYPE_KEYS = {"levels": ["levels"], "choice": ["options"], "multi": ["options"],
                      "number": ["target"]}


# --------------------------------------------------------------------------- checklist

def _d(description: str, schema: dict | None = None, **kw) -> dict:
    """A schema with its hover help first."""
    out = {"description": description}
    out.update(schema or {})
    out.update(kw)
    return out


def _ref(name: str, description: str | None = None) -> dict:
    out = {"$ref": f"#/$defs/{name}"}
    if description:
        out["description"] = description
    return out


def _type_fields() -> dict[str, dict]:
    """The properties of the per-type fields shared by scales and inline indicator types."""
    return {
        "levels": _d("Answer levels (at least two): each a number `value` with a label. "
                     "Score (v - lowest) / (highest - lowest), or a level's own `score`.",
                     type="array", minItems=2, items=_ref("level")),
        "partial": _d("yesno only: also accept the answer `partial` (scores 0.5).",
                      _ref("boolean")),
        "options": _d("choice and multi: the options, each `{id, label, score}`; option ids are "
                      "unique within the indicator, and at least one option scores above 0.",
                      type="array", minItems=1, items=_ref("option"),
                      contains={"required": ["score"], "properties": {"score": {"exclusiveMinimum": 0}}}),
        "max_score": _d("multi only: the sum of chosen option scores that gives the full score "
                        "(default: the sum of all option scores).", type="number", exclusiveMinimum=0),
        "unit": _d("number only: the unit shown with the answer, e.g. \"%\", days, SMEs.",
                   _ref("text_scalar")),
        "min": _d("number only: the lowest answer accepted.", type="number"),
        "max": _d("number only: the highest answer accepted.", type="number"),
        "baseline": _d("number only: the value that scores 0 (default 0). A target below the "
                       "baseline means lower is better.", type="number"),
        "target": _d("number only (required there): the value that scores 1; must differ from "
                     "the baseline.", type="number"),
    }


def _type_rules(types: list[str], common: list[str], disaggregate: bool) -> list[dict]:
    """``if type is T then`` require T's fields and allow only the common keys and T's own.

    The ``then`` has ``additionalProperties: false`` over the keys that T allows, so a validator
    says which key does not belong ("'unit' was unexpected"), typos included; the parent schema
    lists every key, so editors still complete them all.
    """
    rules = []
    for t in types:
        allowed = list(common) + TYPE_KEYS[t] + (["disaggregate"] if disaggregate and t == "number" else [])
        then: dict[str, Any] = {}
        if t in REQUIRED_TYPE_KEYS:
            then["required"] = REQUIRED_TYPE_KEYS[t]
        then["additionalProperties"] = False
        then["properties"] = {k: True for k in allowed}
        rules.append({"if": {"properties": {"type": {"const": t}}, "required": ["type"]}, "then": then})
    return rules


def checklist_schema() -> dict:
    """JSON Schema (draft 2020-12) of checklist files (FORMAT.md §1)."""
    type_fields = _type_fields()
    indicator_props = {
        "id": _d("Indicator id, unique across the checklist: a letter, then letters, digits, "
                 "'_', '.' or '-' (not and, or, yes, no). Submissions answer by this id.",
                 _ref("item_id")),
        "text": _d("The question or statement, as shown to the assessor.", _ref("text")),
        "guidance": _d("How to assess it: what to look for, means of verification.", _ref("text")),
        "weight": _d("Weight in its section's weighted mean (default 1; 0 = shown but not counted).",
                     _ref("weight")),
        "evidence": _d("Whether an answer needs evidence (a means of verification): a missing one "
                       "is a warning.", enum=["required", "optional"], default="optional"),
        "when": _d("Condition for asking it, e.g. \"ST1 >= 2 and ST3 != 'none'\": ID OP LITERAL "
                   "joined by and / or, naming only earlier indicators. False = not applicable.",
                   type="string", minLength=1),
        "allow_na": _d("Accept the answer na (not applicable), which excludes it from the score.",
                       _ref("boolean")),
        "disaggregate": _d("number only: disaggregations (declared under `disaggregations:`) that "
                           "answers may break the value down by.", type="array", uniqueItems=True,
                           items=_ref("item_id")),
        "type": _d("The answer type, when not using a scale: levels, yesno, choice, multi, number "
                   "or text (text is not scored).", enum=TYPES),
        "scale": _d("Name of a scale under `scales:` that gives the answer type and its fields.",
                    _ref("item_id")),
    }
    indicator_props.update(type_fields)
    scale_props = {
        "type": _d("The answer type of the scale: levels, yesno, choice, multi or number.",
                   enum=TYPES[:-1]),
        "description": _d("What the scale measures (for authors).", _ref("text")),
    }
    scale_props.update(type_fields)
    defs = {
        "text_scalar": {"type": ["string", "number"], "pattern": r"\S"},
        "text": _d("Text: a string, or a map from language code to string that includes the "
                   "default language (the first of `languages`).", anyOf=[
                       _ref("text_scalar"),
                       {"type": "object", "minProperties": 1,
                        "propertyNames": {"pattern": LANG_PATTERN},
                        "additionalProperties": _ref("text_scalar")}]),
        "item_id": {"type": "string", "pattern": ITEM_ID_PATTERN, "not": {"enum": KEYWORDS}},
        "weight": {"type": "number", "minimum": 0, "default": 1},
        "boolean": {"enum": [True, False] + YAML11_TRUE + YAML11_FALSE},
        "level": {
            "type": "object", "additionalProperties": False, "required": ["value"],
            "properties": {
                "value": _d("The answer value of this level (a number, unique in the scale).",
                            type="number"),
                "label": _d("Short name of the level, e.g. Implemented.", _ref("text")),
                "description": _d("What the level means, to tell it from the next one.", _ref("text")),
                "score": _d("This level's own score in [0, 1], instead of its position.",
                            type="number", minimum=0, maximum=1),
            }},
        "option": {
            "type": "object", "additionalProperties": False, "required": ["id"],
            "properties": {
                "id": _d("Option id, unique within the indicator: what a submission answers.",
                         _ref("text_scalar")),
                "label": _d("The option as shown to the assessor.", _ref("text")),
                "score": _d("The option's score (>= 0, default 0); choice: divided by the highest "
                            "option score; multi: summed.", type="number", minimum=0, default=0),
            }},
        "rating": {
            "type": "object", "additionalProperties": False, "required": ["min", "label"],
            "properties": {
                "min": _d("Lowest score (0-100) that gets this rating.", type="number",
                          minimum=0, maximum=100),
                "label": _d("The rating, e.g. Advanced.", _ref("text")),
            }},
        # Scales and indicators list every key (for completion) and leave additionalProperties
        # to the branch that applies (by type, or scale:), which reports a typo once.
        "scale": {
            "type": "object", "required": ["type"],
            "properties": scale_props,
            "allOf": _type_rules(TYPES[:-1], ["type", "description"], disaggregate=False),
        },
        "indicator": {
            "type": "object", "required": ["id", "text"],
            "properties": indicator_props,
            "anyOf": [{"required": ["type"]}, {"required": ["scale"]}],
            "allOf": _type_rules(TYPES, COMMON_KEYS + ["type", "scale"], disaggregate=True) + [
                {"if": {"required": ["scale"]},
                 "then": {"additionalProperties": False,
                          "properties": {k: True for k in COMMON_KEYS + ["scale", "disaggregate"]}}}],
        },
        "section": {
            "type": "object", "additionalProperties": False, "required": ["id", "title"],
            "properties": {
                "id": _d("Section id, unique across the checklist (same rules as indicator ids).",
                         _ref("item_id")),
                "title": _d("Section title.", _ref("text")),
                "description": _d("What the section covers.", _ref("text")),
                "weight": _d("Weight in its parent's weighted mean (default 1).", _ref("weight")),
                "indicators": _d("The section's indicators, asked before its sub-sections.",
                                 type=["array", "null"], items=_ref("indicator")),
                "sections": _d("Sub-sections, nested to any depth.", type=["array", "null"],
                               items=_ref("section")),
            },
            "anyOf": [
                {"required": ["indicators"], "properties": {"indicators": {"type": "array", "minItems": 1}}},
                {"required": ["sections"], "properties": {"sections": {"type": "array", "minItems": 1}}},
            ],
        },
    }
    return {
        "$schema": DRAFT,
        "$id": CHECKLIST_ID,
        "title": "ledcheck checklist",
        "description": "An M&E checklist for ledcheck (format 1): sections of indicators, their "
                       "answer types, weights and conditions. `ledcheck validate FILE` checks "
                       "everything this schema does, and more.",
        "type": "object",
        "additionalProperties": False,
        "required": ["ledcheck", "id", "title", "sections"],
        "properties": {
            "ledcheck": _d("Format version of the file; only 1 exists.", const=1),
            "id": _d("Checklist id: lowercase letters, digits, '.', '_' or '-'. Submissions name "
                     "it in `checklist:`.", type="string", pattern=CHECKLIST_ID_PATTERN),
            "version": _d("Version of the checklist, shown in reports; quote it (\"2026.1\") so it "
                          "stays text.", type="string", minLength=1),
            "title": _d("Title of the checklist.", _ref("text")),
            "description": _d("What the checklist is for and who uses it.", _ref("text")),
            "languages": _d("Language codes of the texts; the first is the default language "
                            "(default [en]).", type="array", minItems=1, uniqueItems=True,
                            items={"type": "string", "pattern": LANG_PATTERN}),
            "scoring": _d("How answers become scores.", {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "missing": _d("How an unanswered applicable indicator counts: zero (default) "
                                  "or exclude (left out of the mean).", enum=["zero", "exclude"],
                                  default="zero"),
                }}),
            "ratings": _d("Rating bands for any percentage score, highest `min` first.",
                          type="array", items=_ref("rating")),
            "scales": _d("Reusable answer scales by name; an indicator uses one with `scale: NAME`.",
                         type="object", propertyNames={"pattern": ITEM_ID_PATTERN},
                         additionalProperties=_ref("scale")),
            "disaggregations": _d("Named breakdowns and their categories, e.g. sex: [female, male].",
                                  type="object", propertyNames={"pattern": ITEM_ID_PATTERN},
                                  additionalProperties={"type": "array", "minItems": 1,
                                                        "uniqueItems": True,
                                                        "items": _ref("text_scalar")}),
            "sections": _d("The top-level sections (at least one).", type="array", minItems=1,
                           items=_ref("section")),
        },
        "$defs": defs,
    }


# --------------------------------------------------------------------------- submission

_TEXTISH = {"type": ["string", "number", "array", "null"],
            "items": {"type": ["string", "number"]}}
_NA = {"type": "string", "pattern": NA_PATTERN}


def _header_props(checklist: Checklist | None) -> dict:
    if checklist is None:
        cl = _d("Id of the checklist this submission answers.", type="string",
                pattern=CHECKLIST_ID_PATTERN)
        ver = _d("Version of the checklist it was made for; a mismatch is a warning.",
                 type=["string", "number", "null"])
    else:
        cl = _d(f"Id of the checklist this submission answers: {checklist.id}.", const=checklist.id)
        ver = _d(f"Version of the checklist it was made for (now \"{checklist.version}\"); a "
                 "mismatch is a warning.", type=["string", "number", "null"],
                 examples=[checklist.version])
    return {
        "ledcheck": _d("Format version of the file; only 1 exists.", const=1),
        "checklist": cl,
        "checklist_version": ver,
        "subject": _d("Who or what is assessed: a city, a province, a programme (required).",
                      type=["string", "number"], pattern=r"\S"),
        "assessor": _d("Who assessed it.", type=["string", "number", "null"]),
        "date": _d("Date of the assessment, YYYY-MM-DD.",
                   anyOf=[{"type": "string", "format": "date"}, {"type": "null"},
                          # a YAML timestamp with a time, which ledcheck reads as its date
                          {"type": "string", "pattern": DATETIME_PATTERN}]),
        "period": _d("Reporting period: 2026-Q1, baseline, midline, endline ...",
                     type=["string", "number", "null"]),
    }


def submission_schema(checklist: Checklist | None = None, lang: str | None = None) -> dict:
    """JSON Schema (draft 2020-12) of submission files (FORMAT.md §2).

    Without a checklist it checks the shape of any submission; with one it knows every indicator:
    unknown ids fail, and each answer must be one of its allowed values.
    """
    props = _header_props(checklist)
    if checklist is None:
        answers = _d("Answers by indicator id: a bare value, or a map with `value` and any of "
                     "evidence, note, baseline, target, by. Empty = unanswered.",
                     type=["object", "null"], propertyNames={"pattern": ITEM_ID_PATTERN},
                     additionalProperties={
                         "if": {"type": "object"},
                         "then": {"type": "object", "additionalProperties": False,
                                  "required": ["value"],
                                  "properties": {
                                      "value": _d("The answer."),
                                      "evidence": _d("Means of verification: a document, a link, "
                                                     "a source.", _TEXTISH),
                                      "note": _d("A comment on the answer.", _TEXTISH),
                                      "baseline": _d("number answers: this subject's own baseline.",
                                                     type=["number", "null"]),
                                      "target": _d("number answers: this subject's own target.",
                                                   type=["number", "null"]),
                                      "by": _d("number answers: the value broken down, e.g. "
                                               "{sex: {female: 30, male: 34}}.",
                                               type=["object", "null"],
                                               additionalProperties={
                                                   "type": "object",
                                                   "additionalProperties": {"type": "number",
                                                                            "minimum": 0}}),
                                  }},
                         "else": {"type": ["string", "number", "boolean", "array", "null"]},
                     })
        sid, title = SUBMISSION_ID, "ledcheck submission"
        desc = ("Answers to a ledcheck checklist (format 1). `ledcheck validate FILE` checks them "
                "against the checklist itself; `ledcheck schema submission -c CHECKLIST` gives a "
                "schema that knows its indicators.")
    else:
        lang = checklist.pick_lang(lang)
        answers = _d(f"Answers to the indicators of {checklist.id} by id. Empty = unanswered.",
                     type=["object", "null"], additionalProperties=False,
                     properties={ind.id: _answer(ind, checklist, lang)
                                 for ind in checklist.indicators.values()})
        sid = f"{SUBMISSION_ID}:{quote(checklist.id, safe='')}:{quote(str(checklist.version), safe='')}"
        title = f"ledcheck submission for {checklist.id} {checklist.version}"
        desc = (f"Answers to the checklist {checklist.id} version {checklist.version}: "
                f"{checklist.title.get(lang)}. `ledcheck validate FILE` also checks what a schema "
                "cannot: conditions (`when`), breakdowns that add up, required evidence.")
    props["answers"] = answers
    return {
        "$schema": DRAFT,
        "$id": sid,
        "title": title,
        "description": desc,
        "type": "object",
        "additionalProperties": False,
        "required": ["ledcheck", "checklist", "subject", "answers"],
        "properties": props,
    }


def _value_schema(ind: Indicator) -> dict:
    """The answer values of one indicator, with null (unanswered) and, where allowed, N/A.

    One flat schema per indicator, without anyOf: keywords that apply to one JSON type only
    (``minimum`` to numbers, ``pattern`` to strings) keep it fast for large batches.
    """
    t = ind.type
    na = list(NA_WORDS) if ind.allow_na else []
    if t == "levels":
        return {"enum": [lv.value for lv in ind.levels] + na + [None]}
    if t == "yesno":
        allowed: list = [True, False] + YAML11_TRUE + YAML11_FALSE
        if ind.partial:
            allowed += ["partial", "Partial", "PARTIAL"]
        return {"enum": allowed + na + [None]}
    if t in ("choice", "multi"):
        ids: list = []
        for o in ind.options:
            ids.append(o.id)
            ids += _numeric_forms(o.id)
        if t == "choice":
            return {"enum": ids + [i for i in na if i not in ids] + [None]}
        out: dict = {"type": ["array", "null"], "uniqueItems": True, "items": {"enum": ids}}
    elif t == "number":
        out = {"type": ["number", "null"]}
        if ind.min is not None:
            out["minimum"] = ind.min
        if ind.max is not None:
            out["maximum"] = ind.max
    else:
        out = {"type": ["string", "number", "boolean", "null"]}
        if not ind.allow_na:
            out["not"] = _NA
        return out
    if na:
        out["type"].insert(1, "string")
        out["pattern"] = NA_PATTERN
    return out


def _numeric_forms(oid: str) -> list:
    """An option id that YAML would read as a number may be answered unquoted."""
    for conv in (int, float):
        try:
            v = conv(oid)
        except ValueError:
            continue
        if str(v) == oid:
            return [v]
    return []


def _answer(ind: Indicator, checklist: Checklist, lang: str) -> dict:
    from .template import CODE, answer_help
    value = _value_schema(ind)
    form: dict = {
        "value": value,
        "evidence": _d("Means of verification: a document, a link, a source.", _TEXTISH),
        "note": _d("A comment on the answer.", _TEXTISH),
    }
    if ind.type == "number":
        form["baseline"] = _d("This subject's own baseline (default "
                              f"{_num(ind.baseline)}).", type=["number", "null"])
        form["target"] = _d(f"This subject's own target (default {_num(ind.target)}).",
                            type=["number", "null"])
        if not ind.disaggregate:
            form["by"] = _d(f"{ind.id} is not broken down: leave `by` out.", type="null")
        else:
            form["by"] = _d("The value broken down by " + ", ".join(ind.disaggregate)
                            + "; the parts add up to the value.", {
                                "type": ["object", "null"], "additionalProperties": False,
                                "properties": {
                                    name: {"type": "object", "additionalProperties": False,
                                           "properties": {
                                               str(c): {"type": "number", "minimum": 0}
                                               for c in checklist.disaggregations.get(name, ())}}
                                    for name in ind.disaggregate}})
    lines = [f"{ind.id}: {ind.text.get(lang)}"]
    for line, subs in answer_help(ind, checklist, lang):
        lines.append(line)
        lines += ["  " + s.replace(CODE, "") for s in subs]
    return {
        "description": "\n".join(lines),
        "if": {"type": "object"},
        "then": {"type": "object", "additionalProperties": False, "required": ["value"],
                 "properties": form},
        "else": value,
    }


def _num(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
