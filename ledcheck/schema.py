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

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from . import spec
from .model import Checklist, Indicator, number_text

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CHECKLIST_ID = "urn:ledcheck:schema:checklist:1"
SUBMISSION_ID = "urn:ledcheck:schema:submission:1"

CHECKLIST_ID_PATTERN = spec.CHECKLIST_ID_PATTERN
ITEM_ID_PATTERN = spec.ITEM_ID_PATTERN
LANG_PATTERN = spec.LANG_PATTERN
KEYWORDS = list(spec.KEYWORDS)

#: What PyYAML (YAML 1.1) reads as booleans, as a YAML 1.2 tool sees them.
YAML11_TRUE = ["yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]
YAML11_FALSE = ["no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]
#: The spellings of "not applicable" (FORMAT.md §2; surrounding spaces are ignored by ledcheck).
NA_WORDS = list(spec.NA_WORDS)
NA_PATTERN = r"^\s*[Nn]/?[Aa]\s*$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"

TYPES = list(spec.TYPES)


# --------------------------------------------------------------------------- checklist

def _d(description: str, schema: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """A schema with its hover help first."""
    out = {"description": description}
    out.update(schema or {})
    out.update(kw)
    return out


def _ref(name: str, description: str | None = None) -> dict[str, Any]:
    out = {"$ref": f"#/$defs/{name}"}
    if description:
        out["description"] = description
    return out


def _type_rules(types: Iterable[str], common: tuple[str, ...]) -> list[dict[str, Any]]:
    """``if type is T then`` require T's fields and allow only the common keys and T's own.

    The ``then`` has ``additionalProperties: false`` over the keys that T allows, so a validator
    says which key does not belong ("'unit' was unexpected"), typos included; the parent schema
    lists every key, so editors still complete them all.
    """
    rules = []
    for t in types:
        allowed = list(common) + list(spec.TYPE_KEYS[t])
        then: dict[str, Any] = {}
        if spec.REQUIRED_TYPE_KEYS[t]:
            then["required"] = list(spec.REQUIRED_TYPE_KEYS[t])
        then["additionalProperties"] = False
        then["properties"] = {k: True for k in allowed}
        rules.append({"if": {"properties": {"type": {"const": t}}, "required": ["type"]}, "then": then})
    return rules


def _object(block: spec.Block, **extra: Any) -> dict[str, Any]:
    """A closed object schema of one block of the format: its properties, required keys."""
    out: dict[str, Any] = {"type": "object", "additionalProperties": False}
    if block.required:
        out["required"] = list(block.required)
    out["properties"] = block.properties()
    out.update(extra)
    return out


def _no_data_id(option: dict[str, Any]) -> dict[str, Any]:
    """An option schema whose id may not be the reserved answer ``no_data`` (FORMAT.md §6.11)."""
    option["properties"]["id"] = {**option["properties"]["id"], "not": {"const": spec.NO_DATA}}
    return option


def checklist_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of checklist files (FORMAT.md §1)."""
    indicator_props = spec.INDICATOR.properties()
    indicator_props.update(spec.TYPE_FIELDS.properties())
    scale_props = spec.SCALE.properties()
    scale_props.update(spec.TYPE_FIELDS.properties())
    # The keys every indicator type takes (its type-limited ones, such as disaggregate, come with
    # the type's own fields) and those an indicator that uses a scale may add.
    common = tuple(k.name for k in spec.INDICATOR if k.types is None)
    limited = [(k.name, k.types) for k in spec.INDICATOR if k.types is not None]
    type_rules = _type_rules(spec.TYPES, common)
    for rule in type_rules:
        t = rule["if"]["properties"]["type"]["const"]
        rule["then"]["properties"].update({name: True for name, types in limited if t in types})
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
        "level": _object(spec.LEVEL),
        "option": _no_data_id(_object(spec.OPTION)),
        "subject_option": {"anyOf": [_ref("text_scalar"), _object(spec.SUBJECT_OPTION)]},
        "subject_field": _object(spec.SUBJECT_FIELD, allOf=[
            {"if": {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
             "then": {"required": ["options"], "properties": {"min": False, "max": False}},
             "else": {"properties": {"options": False}}},
            {"if": {"not": {"properties": {"type": {"const": "number"}}, "required": ["type"]}},
             "then": {"properties": {"min": False, "max": False}}}]),
        "profile": _object(spec.PROFILE),
        "rating": _object(spec.RATING),
        # Scales and indicators list every key (for completion) and leave additionalProperties
        # to the branch that applies (by type, or scale:), which reports a typo once.
        "scale": {
            "type": "object", "required": list(spec.SCALE.required),
            "properties": scale_props,
            "allOf": _type_rules(spec.SCALE_TYPES, spec.SCALE.names),
        },
        "indicator": {
            "type": "object", "required": list(spec.INDICATOR.required),
            "properties": indicator_props,
            "anyOf": [{"required": ["type"]}, {"required": ["scale"]}],
            "dependentRequired": {"when_false": ["when"]},   # what a false condition means needs one
            "allOf": type_rules + [
                {"if": {"required": ["scale"]},
                 "then": {"additionalProperties": False,
                          "properties": {k: True for k in spec.SCALE_INDICATOR_KEYS}}}],
        },
        "section": _object(spec.SECTION, anyOf=[
            {"required": ["indicators"], "properties": {"indicators": {"type": "array", "minItems": 1}}},
            {"required": ["sections"], "properties": {"sections": {"type": "array", "minItems": 1}}},
        ]),
    }
    defs["profile"]["properties"]["id"] = {**defs["profile"]["properties"]["id"],
                                           "not": {"enum": KEYWORDS + [spec.PROFILE_ALL]}}
    top = spec.CHECKLIST.properties()
    top["scoring"] = _d(spec.CHECKLIST["scoring"].doc, _object(spec.SCORING))
    return {
        "$schema": DRAFT,
        "$id": CHECKLIST_ID,
        "title": "ledcheck checklist",
        "description": "An M&E checklist for ledcheck (format 1): sections of indicators, their "
                       "answer types, weights and conditions. `ledcheck validate FILE` checks "
                       "everything this schema does, and more.",
        **_object(spec.CHECKLIST),
        "properties": top,
        "$defs": defs,
    }


# --------------------------------------------------------------------------- submission

_TEXTISH = spec.ANSWER["evidence"].schema
_NA = {"type": "string", "pattern": NA_PATTERN}


def _header_props(checklist: Checklist | None) -> dict[str, Any]:
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
    props = {k.name: k.json_schema() for k in spec.SUBMISSION if k.name != "answers"}
    props["checklist"] = cl
    props["checklist_version"] = ver
    if checklist is not None:
        props["profile"] = _d(spec.SUBMISSION["profile"].doc, {"enum": list(checklist.profiles)
                                                               + [spec.PROFILE_ALL, None]})
        if checklist.subject_fields:
            props["meta"] = _meta_schema(checklist)
    # a YAML timestamp with a time, which ledcheck reads as its date
    props["date"]["anyOf"] = [{"type": "string", "format": "date"}, {"type": "null"},
                              {"type": "string", "pattern": DATETIME_PATTERN}]
    return props


def _meta_schema(checklist: Checklist) -> dict[str, Any]:
    """``meta`` of a checklist with ``subject_fields``: each field's type, options and range;
    required fields required; other keys allowed (an unknown one is only a warning)."""
    props: dict[str, Any] = {}
    lang = checklist.default_lang
    for f in checklist.subject_fields:
        label = f.label.get(lang) if f.label is not None else f.id
        if f.type == "number":
            one: dict[str, Any] = {"type": "number"}
            if f.min is not None:
                one["minimum"] = f.min
            if f.max is not None:
                one["maximum"] = f.max
        elif f.type == "choice":
            ids: list[Any] = []
            for o in f.options:
                ids += [o.id] + _numeric_forms(o.id)
            one = {"enum": ids}
        else:
            one = {"type": ["string", "number"]}
        props[f.id] = _d(f"{label} ({f.type}{', required' if f.required else ''}).", one)
    out = _d(spec.SUBMISSION["meta"].doc, type="object", properties=props,
             additionalProperties={"type": ["string", "number", "boolean", "null"]})
    required = [f.id for f in checklist.subject_fields if f.required]
    if required:
        out["required"] = required
    return out


def submission_schema(checklist: Checklist | None = None, lang: str | None = None) -> dict[str, Any]:
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
                         "then": _object(spec.ANSWER),
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
        "required": list(spec.SUBMISSION.required),
        "properties": props,
    }


def _value_schema(ind: Indicator) -> dict[str, Any]:
    """The answer values of one indicator, with null (unanswered) and, where allowed, N/A.

    One flat schema per indicator, without anyOf: keywords that apply to one JSON type only
    (``minimum`` to numbers, ``pattern`` to strings) keep it fast for large batches.
    """
    t = ind.type
    na = (list(NA_WORDS) if ind.allow_na else []) + ([spec.NO_DATA] if ind.scored else [])
    if t == "levels":
        return {"enum": [lv.value for lv in ind.levels] + na + [None]}
    if t == "yesno":
        allowed: list[Any] = [True, False] + YAML11_TRUE + YAML11_FALSE
        if ind.partial:
            allowed += ["partial", "Partial", "PARTIAL"]
        return {"enum": allowed + na + [None]}
    if t in ("choice", "multi"):
        ids: list[Any] = []
        for o in ind.options:
            ids.append(o.id)
            ids += _numeric_forms(o.id)
        if t == "choice":
            return {"enum": ids + [i for i in na if i not in ids] + [None]}
        out: dict[str, Any] = {"type": ["array", "null"], "uniqueItems": True, "items": {"enum": ids}}
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
        out["pattern"] = (f"^({NA_PATTERN[1:-1]}|{spec.NO_DATA})$" if ind.allow_na else f"^{spec.NO_DATA}$")
    return out


def _numeric_forms(oid: str) -> list[Any]:
    """An option id that YAML would read as a number may be answered unquoted."""
    for conv in (int, float):
        try:
            v = conv(oid)
        except ValueError:
            continue
        if str(v) == oid:
            return [v]
    return []


def _answer(ind: Indicator, checklist: Checklist, lang: str) -> dict[str, Any]:
    from .template import CODE, answer_help
    value = _value_schema(ind)
    form: dict[str, Any] = {
        "value": value,
        "evidence": spec.ANSWER["evidence"].json_schema(),
        "note": spec.ANSWER["note"].json_schema(),
    }
    if ind.type == "number":
        form["baseline"] = _d("This subject's own baseline (default "
                              f"{number_text(ind.baseline)}).", type=["number", "null"])
        form["target"] = _d(f"This subject's own target (default {number_text(ind.target)}).",
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


