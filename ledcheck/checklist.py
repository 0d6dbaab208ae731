"""Checklist files -> :class:`ledcheck.model.Checklist`, checking every rule of FORMAT.md §1.

All problems in a file are collected (not just the first) and returned sorted by line, each with
the 1-based line and column of the offending node and a message written for a checklist author.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import yaml

from . import hints, numbers, rules, spec, yamlio
from .errors import ERROR, NOTE, WARNING, ChecklistError, InputError, LedcheckError, Problem
from .model import Checklist, Indicator, Level, LocalText, Option, Rating, Section, SubjectField
from .model import number_text as model_number
from .profiles import ALL as PROFILE_ALL
from .profiles import Profile
from .rules import Rule
from .spec import CHECKLIST_ID, ITEM_ID, KEYWORDS, LANG_CODE, TYPES

# Positions: the checker works on the loader's position-aware tree (ledcheck.yamlio), whose maps
# and lists know where each key and value is; these names keep the checker's code short.
from .yamlio import LList, LMap, located
from .yamlio import build_located as build_located  # validate.py imports it from here
from .yamlio import mark as _mark
from .yamlio import raw_text as _raw
from .yamlio import value_pos as _pos

# The keys of each mapping come from the format's one statement, ledcheck.spec.
TYPE_KEYS = spec.TYPE_KEYS
ALL_TYPE_KEYS = spec.ALL_TYPE_KEYS
_SCALE_INDICATOR_ADDS = ", ".join(k for k in spec.SCALE_INDICATOR_KEYS if k != "scale")
_SCALE_INDICATOR_ADDS = " and ".join(_SCALE_INDICATOR_ADDS.rsplit(", ", 1))
_MISSING_DEFAULT = spec.SCORING["missing"].default
#: ``1e5``: a number to YAML 1.2 and JSON, a string to YAML 1.1 (PyYAML).
_EXPONENT_ONLY = re.compile(r"[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
#: Indicator keys that one using ``scale:`` may not add (besides the type fields).
_NOT_WITH_SCALE = frozenset(k.name for k in spec.INDICATOR if not k.scale_indicator and k.name != "type")



def did_you_mean(word, candidates) -> str:
    """``; did you mean 'weight'?`` when a close candidate exists, else ``""``.

    Kept for the callers that import it from here; it is :func:`ledcheck.hints.did_you_mean`
    (bounded work per word; pass a :class:`ledcheck.hints.Index` when asking many times)."""
    return hints.did_you_mean(word, candidates)


def _as_written(parent, key) -> str:
    """A scalar's source text for a message, cut short (a 400-digit number is not echoed)."""
    return numbers.shown(_raw(parent, key))


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


# --------------------------------------------------------------------------- the checker

@dataclass
class _Ctx:
    file: str
    problems: list = field(default_factory=list)
    default_lang: str = "en"
    languages: tuple = ("en",)

    n_errors: int = 0

    def add(self, severity, pos, message, path, rule: Rule):
        line, col = pos
        self.problems.append(Problem(severity, message, line, col, path, rule.id, self.file))
        if severity == ERROR:
            self.n_errors += 1

    def error(self, pos, message, path, rule: Rule):
        self.add(ERROR, pos, message, path, rule)

    def warn(self, pos, message, path, rule: Rule):
        self.add(WARNING, pos, message, path, rule)

    def note(self, pos, message, path, rule: Rule):
        self.add(NOTE, pos, message, path, rule)


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _keys(ctx: _Ctx, m: LMap, block: spec.Block, path: str, what: str, hint=None, allowed=None) -> None:
    """Unknown keys (with a did-you-mean) and missing required keys of one mapping, as the
    format's ``block`` states them; ``allowed`` widens the known keys (an indicator's type fields)."""
    required = block.required
    allowed = block.names if allowed is None else allowed
    for k in m:
        if k not in allowed:
            extra = hint(k) if hint else None
            if extra is None:
                shown = m.kraw.get(k, k)
                extra = f"unknown key '{numbers.shown(str(shown))}' in {what}{did_you_mean(shown, allowed)}"
            ctx.error(m.kpos.get(k, m.pos), extra, _join(path, k), rules.UNKNOWN_KEY)
    for k in required:
        if k not in m:
            ctx.error(m.pos, f"{what} is missing required key '{k}'", _join(path, k), rules.REQUIRED)


def _expect_map(ctx, parent, key, path, what) -> LMap | None:
    v = parent[key]
    if isinstance(v, LMap):
        return v
    ctx.error(_pos(parent, key), f"{what} must be a mapping, not {_kind(v)}", path, rules.TYPE)
    return None


def _expect_list(ctx, parent, key, path, what) -> LList | None:
    v = parent[key]
    if isinstance(v, LList):
        return v
    if v is None:
        return LList(parent.vnode.get(key) if isinstance(parent, LMap) else parent.node)
    ctx.error(_pos(parent, key), f"{what} must be a list, not {_kind(v)}", path, rules.TYPE)
    return None


def _string(ctx, parent, key, path, what, *, allow_number=True) -> str | None:
    """A plain string; booleans and nulls are errors that say to quote the value."""
    v = parent[key]
    if isinstance(v, str):
        if not v.strip():
            ctx.error(_pos(parent, key), f"{what} is empty", path, rules.TYPE)
            return None
        return v
    raw = _raw(parent, key)
    if isinstance(v, bool) or v is None:
        shown = raw if raw else ("null" if v is None else str(v).lower())
        if v is None and not raw:
            ctx.error(_pos(parent, key), f"{what} is empty", path, rules.TYPE)
        else:
            ctx.error(_pos(parent, key),
                      f"{what} is {_kind(v)} here: YAML reads unquoted {shown} as "
                      f"{'null' if v is None else 'a boolean'}; quote it: \"{shown}\"", path, rules.QUOTE_IT)
        return None
    if allow_number and isinstance(v, (int, float)) and not isinstance(v, bool):
        return raw or str(v)
    if hasattr(v, "isoformat") and raw:
        return raw
    ctx.error(_pos(parent, key), f"{what} must be a string, not {_kind(v)}", path, rules.TYPE)
    return None


def _number(ctx, parent, key, path, what, *, minimum=None, maximum=None,
            rule: Rule = rules.RANGE, weight: bool = False) -> float | int | None:
    """A sane number (:func:`ledcheck.numbers.check_number`: finite, within ±1e15; a ``weight``
    that is not 0 at least 1e-9) within ``minimum``..``maximum``; a value outside them breaks
    ``rule``."""
    v = parent[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raw = _raw(parent, key)
        hint = ""
        if isinstance(v, str) and _EXPONENT_ONLY.match(v):
            mantissa, _, exponent = v.lower().partition("e")
            hint = (f"; YAML 1.1 reads an exponent only after a decimal point: write "
                    f"{mantissa}.0e{exponent if exponent[:1] in '+-' else '+' + exponent}")
        ctx.error(_pos(parent, key), f"{what} must be a number, not {_kind(v)}"
                  + (f" ('{numbers.shown(raw)}')" if raw else "") + hint, path, rules.TYPE)
        return None
    if isinstance(v, float) and not math.isfinite(v):
        ctx.error(_pos(parent, key), f"{what} must be a finite number", path, rules.NUMBER)
        return None
    if minimum is not None and v < minimum:
        ctx.error(_pos(parent, key), f"{what} must be >= {minimum}, not {numbers.shown(v)}", path, rule)
        return None
    if maximum is not None and v > maximum:
        ctx.error(_pos(parent, key), f"{what} must be <= {maximum}, not {numbers.shown(v)}", path, rule)
        return None
    bad = numbers.check_number(v, weight=weight)
    if bad is not None:
        ctx.error(_pos(parent, key), f"{what} {bad}", path, rules.NUMBER)
        return None
    return v


def _weight(ctx, m, path, block: spec.Block) -> float | int | None:
    """A section's or indicator's ``weight`` (>= 0, the block's default; the rule ``weight``)."""
    if "weight" not in m:
        return block["weight"].default
    return _number(ctx, m, "weight", path + ".weight", "weight", minimum=0, rule=rules.WEIGHT, weight=True)


def _enum(ctx, m, key, path, what, allowed: tuple, default=None):
    """A value of ``m[key]`` among ``allowed`` (the rule ``enum``), else ``default``."""
    v = m[key]
    if isinstance(v, str) and v in allowed:
        return v
    shown = _raw(m, key) or (v if isinstance(v, str) else _kind(v))
    ctx.error(_pos(m, key), f"{what} must be {_or(allowed)}, not {numbers.shown(shown)}"
              + (did_you_mean(v, allowed) if isinstance(v, str) else ""), path, rules.ENUM)
    return default


def _or(words: tuple) -> str:
    """``a, b or c``."""
    return " or ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " or " + words[-1]


def _bool(ctx, parent, key, path, what) -> bool:
    v = parent[key]
    if isinstance(v, bool):
        return v
    raw = _raw(parent, key)
    ctx.error(_pos(parent, key), f"{what} must be true or false, not {_kind(v)}"
              + (f" ('{raw}')" if raw else ""), path, rules.TYPE)
    return False


def _localized(ctx, parent, key, path, what) -> LocalText | None:
    """A string, or a map from language code to string that has the default language."""
    v = parent[key]
    if isinstance(v, LMap):
        values = {}
        for lang in v:
            shown = v.kraw.get(lang, lang)
            s = _string(ctx, v, lang, _join(path, shown), f"{what} ({shown})")
            if isinstance(lang, bool) or lang is None:  # `no:` (Norwegian) is a boolean in YAML 1.1
                ctx.error(v.kpos.get(lang, v.pos), f"language code {shown} is read as "
                          f"{'null' if lang is None else 'a boolean'}; quote it: \"{shown}\"",
                          _join(path, shown), rules.QUOTE_IT)
                continue
            if not isinstance(lang, str) or not LANG_CODE.match(lang):
                ctx.error(v.kpos.get(lang, v.pos), f"'{shown}' is not a language code (like en, vi, th)",
                          _join(path, shown), rules.LANGUAGE)
                continue
            if lang not in ctx.languages:
                ctx.warn(v.kpos.get(lang, v.pos),
                         f"language '{lang}' is not in languages: [{', '.join(ctx.languages)}]"
                         f"{did_you_mean(lang, ctx.languages)}", _join(path, lang), rules.LANGUAGE)
            if s is not None:
                values[lang] = s
        if ctx.default_lang not in v:
            ctx.error(v.pos, f"{what} has no text in the default language '{ctx.default_lang}'",
                      path, rules.LOCALIZED_DEFAULT)
            return LocalText(values, ctx.default_lang) if values else None
        return LocalText(values, ctx.default_lang) if values else None
    s = _string(ctx, parent, key, path, what)
    return LocalText({ctx.default_lang: s}, ctx.default_lang) if s is not None else None


def _item_id(ctx, parent, key, path, what, seen: dict) -> str | None:
    s = _string(ctx, parent, key, path, what, allow_number=False)
    if s is None:
        return None
    pos = _pos(parent, key)
    if not ITEM_ID.match(s):
        ctx.error(pos, f"{what} '{numbers.shown(s)}' is not a valid id: start with a letter, then letters, digits, "
                       "'_', '.' or '-'", path, rules.ID)
        return None
    if s in KEYWORDS:
        ctx.error(pos, f"{what} '{s}' is a reserved word of conditions (and, or, yes, no); "
                       "choose another id", path, rules.ID)
        return None
    if s in seen:
        line, kind = seen[s]
        ctx.error(pos, f"duplicate id '{s}': already used by the {kind} on line {line} (ids must be "
                       "unique across all sections and indicators)", path, rules.DUPLICATE_ID)
        return None
    seen[s] = (pos[0], what.split()[0])
    return s


# --------------------------------------------------------------------------- answer types

@dataclass
class _TypeSpec:
    """The type fields of an indicator or scale, checked once: ``fields`` are the
    :class:`Indicator` keyword arguments they give (``levels``, ``options``, ``target``...)."""

    type: str
    fields: dict = field(default_factory=dict)
    ok: bool = True

    @property
    def option_ids(self) -> frozenset:
        return frozenset(o.id for o in self.fields.get("options", ()))


def _type_fields(ctx, m: LMap, path: str, what: str, typ: str) -> _TypeSpec:
    """Check the fields of type ``typ`` in ``m`` (one checker per type, :data:`_FIELD_CHECKS`)."""
    errors_before = ctx.n_errors
    check = _FIELD_CHECKS.get(typ)
    fields = check(ctx, m, path, what, typ) if check is not None else {}
    return _TypeSpec(typ, fields, ctx.n_errors == errors_before)


def _levels_fields(ctx, m, path, what, typ) -> dict:
    return {"levels": _levels(ctx, m, path, what)}


def _yesno_fields(ctx, m, path, what, typ) -> dict:
    return {"partial": _bool(ctx, m, "partial", _join(path, "partial"), "partial")} if "partial" in m else {}


def _options_fields(ctx, m, path, what, typ) -> dict:
    out: dict = {"options": _options(ctx, m, path, what, typ)}
    if typ == "multi" and "max_score" in m:
        out["max_score"] = _number(ctx, m, "max_score", _join(path, "max_score"), "max_score")
        if out["max_score"] is not None and out["max_score"] <= 0:
            ctx.error(_pos(m, "max_score"), "max_score must be above 0", _join(path, "max_score"), rules.RANGE)
    return out


def _number_fields(ctx, m, path, what, typ) -> dict:
    out: dict = {}
    if "unit" in m:
        out["unit"] = _string(ctx, m, "unit", _join(path, "unit"), "unit")
    for k in ("min", "max", "baseline", "target"):
        if k in m:
            out[k] = _number(ctx, m, k, _join(path, k), k)
    if out.get("baseline") is None:
        out["baseline"] = spec.TYPE_FIELDS["baseline"].default
    baseline, target, lo, hi = out["baseline"], out.get("target"), out.get("min"), out.get("max")
    if "target" not in m:
        ctx.error(m.pos, f"{what} of type number needs a 'target:'", _join(path, "target"), rules.REQUIRED)
    elif target is not None and target == baseline:
        ctx.error(_pos(m, "target"), f"target equals baseline ({baseline}): progress cannot be "
                                     "measured; set a different target or baseline", _join(path, "target"),
                  rules.TARGET_EQUALS_BASELINE)
    if lo is not None and hi is not None and lo > hi:
        ctx.error(_pos(m, "min"), f"min ({lo}) is greater than max ({hi})", _join(path, "min"), rules.MIN_MAX)
    _direction(ctx, m, path, what, out)
    return out


def _direction(ctx, m, path, what, out: dict) -> None:
    """``direction`` (FORMAT.md §6.1): when stated, the target lies on its side of the baseline;
    when not, a note says which one to state (inferred as in 1.0: lower is better when the
    target is below the baseline)."""
    baseline, target = out["baseline"], out.get("target")
    if "direction" in m:
        direction = _enum(ctx, m, "direction", _join(path, "direction"), "direction", spec.DIRECTIONS)
        if direction is None:
            return
        out["direction"] = direction
        if target is None or target == baseline:
            return
        if (direction == "increase") != (target > baseline):
            side = "below" if target < baseline else "above"
            ctx.error(_pos(m, "target"), f"target {model_number(target)} is {side} the baseline "
                                         f"{model_number(baseline)}, but direction is {direction}: "
                                         f"{'raise' if direction == 'increase' else 'lower'} the target past the "
                                         "baseline, or correct the direction", _join(path, "target"),
                      rules.DIRECTION)
        return
    if target is None or target == baseline:
        return
    inferred = "decrease" if target < baseline else "increase"
    better = "lower" if inferred == "decrease" else "higher"
    ctx.note(_pos(m, "target"), f"state direction: {inferred} ({what} reads {better} as better because "
                                f"its target {model_number(target)} is "
                                f"{'below' if inferred == 'decrease' else 'above'} its baseline "
                                f"{model_number(baseline)}; stating it catches a reversed target)",
             _join(path, "direction"), rules.STATE_DIRECTION)


#: Per answer type, the checker of its fields (text has none).
_FIELD_CHECKS = {"levels": _levels_fields, "yesno": _yesno_fields, "choice": _options_fields,
                 "multi": _options_fields, "number": _number_fields}


def _levels(ctx, m, path, what) -> tuple:
    if "levels" not in m:
        ctx.error(m.pos, f"{what} of type levels needs 'levels:' (a list of {{value, label}})",
                  _join(path, "levels"), rules.REQUIRED)
        return ()
    items = _expect_list(ctx, m, "levels", _join(path, "levels"), "levels")
    if items is None:
        return ()
    out: list[Level] = []
    seen: dict[float, int] = {}   # level value -> line of its first use
    for i, item in enumerate(items):
        p = _join(_join(path, "levels"), i)
        if not isinstance(item, LMap):
            ctx.error(_pos(items, i), f"a level must be a mapping with value and label, not {_kind(item)}", p,
                      rules.TYPE)
            continue
        _keys(ctx, item, spec.LEVEL, p, "level")
        value = _number(ctx, item, "value", _join(p, "value"), "level value") if "value" in item else None
        label = _localized(ctx, item, "label", _join(p, "label"), "level label") if "label" in item else None
        desc = _localized(ctx, item, "description", _join(p, "description"), "level description") \
            if "description" in item else None
        score = _number(ctx, item, "score", _join(p, "score"), "level score", minimum=0, maximum=1) \
            if "score" in item else None
        if value is None:
            continue
        if value in seen:
            ctx.error(_pos(item, "value"), f"level value {value} is used twice (first on line {seen[value]})",
                      _join(p, "value"), rules.DUPLICATE_ID)
            continue
        seen[value] = _pos(item, "value")[0]
        out.append(Level(value, label, desc, score))
    if out and len(out) < 2:
        ctx.error(items.pos, "levels needs at least two levels", _join(path, "levels"), rules.LEVELS_COUNT)
    elif out and any(lv.score is None for lv in out) and len({lv.value for lv in out}) < 2:
        ctx.error(items.pos, "levels needs at least two different values", _join(path, "levels"), rules.LEVELS_COUNT)
    return tuple(out)


def _options(ctx, m, path, what, typ) -> tuple:
    if "options" not in m:
        ctx.error(m.pos, f"{what} of type {typ} needs 'options:' (a list of {{id, label, score}})",
                  _join(path, "options"), rules.REQUIRED)
        return ()
    items = _expect_list(ctx, m, "options", _join(path, "options"), "options")
    if items is None:
        return ()
    out: list[Option] = []
    seen: dict[str, int] = {}   # option id -> line of its first use
    scores: list[float] = []
    bad_score = False
    for i, item in enumerate(items):
        p = _join(_join(path, "options"), i)
        if not isinstance(item, LMap):
            ctx.error(_pos(items, i), f"an option must be a mapping with id, label and score, not {_kind(item)}",
                      p, rules.TYPE)
            continue
        _keys(ctx, item, spec.OPTION, p, "option")
        oid = _string(ctx, item, "id", _join(p, "id"), "option id") if "id" in item else None
        label = _localized(ctx, item, "label", _join(p, "label"), "option label") if "label" in item else None
        score = _number(ctx, item, "score", _join(p, "score"), "option score", minimum=0) \
            if "score" in item else 0
        if score is None:
            bad_score = True
        else:
            scores.append(score)
        if oid is None:
            continue
        if oid == spec.NO_DATA:
            ctx.error(_pos(item, "id"), f"option id '{spec.NO_DATA}' is reserved: it is the answer \"not "
                                        "measured\" of every indicator; choose another id", _join(p, "id"),
                      rules.RESERVED)
            continue
        if oid in seen:
            ctx.error(_pos(item, "id"), f"option id '{oid}' is used twice in this indicator "
                                        f"(first on line {seen[oid]})", _join(p, "id"), rules.DUPLICATE_ID)
            continue
        seen[oid] = _pos(item, "id")[0]
        out.append(Option(oid, label, score if score is not None else 0))
    if not out and not items:
        ctx.error(items.pos, "options is empty: give at least one option", _join(path, "options"), rules.EMPTY)
    elif bad_score or not scores or max(scores) > 0:
        pass
    elif all("score" in it for it in items if isinstance(it, LMap)):
        ctx.error(items.pos, "no option has a score above 0, so this indicator cannot be scored",
                  _join(path, "options"), rules.UNSCORABLE)
    else:
        ctx.error(items.pos, "no option has a score above 0 (an option without 'score:' scores 0)",
                  _join(path, "options"), rules.UNSCORABLE)
    return tuple(out)



# --------------------------------------------------------------------------- the document's header

def _format_version(ctx: _Ctx, root: LMap) -> None:
    """``ledcheck: 1``, the only format version."""
    if "ledcheck" in root:
        v = root["ledcheck"]
        if v != spec.FORMAT_VERSION or isinstance(v, bool):
            ctx.error(_pos(root, "ledcheck"), f"ledcheck: must be 1 (the only format version), not "
                                              f"{_as_written(root, 'ledcheck') or _kind(v)}", "ledcheck",
                      rules.FORMAT_VERSION)


def _checklist_id(ctx: _Ctx, root: LMap) -> str | None:
    """The checklist's id, or None when it is missing or malformed."""
    if "id" not in root:
        return None
    cid = _string(ctx, root, "id", "id", "checklist id", allow_number=False)
    if cid is not None and not CHECKLIST_ID.match(cid):
        ctx.error(_pos(root, "id"), f"checklist id '{cid}' must be lowercase letters, digits, "
                                    "'.', '_' or '-', starting with a letter or digit", "id", rules.ID)
        return None
    return cid


def _version(ctx: _Ctx, root: LMap) -> str:
    """The checklist's version as written (a number is a warning: quote it)."""
    if "version" not in root:
        return spec.CHECKLIST["version"].default
    v = root["version"]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        ctx.warn(_pos(root, "version"), f"version is read as the number {numbers.shown(v)}; quote it "
                                        f"(\"{_as_written(root, 'version')}\") so it stays text", "version",
                 rules.QUOTE_IT)
        return _raw(root, "version") or str(v)
    return _string(ctx, root, "version", "version", "version") or ""


def _languages(ctx: _Ctx, root: LMap) -> None:
    """``languages:``; sets the context's languages (texts are checked against them)."""
    if "languages" not in root:
        return
    items = _expect_list(ctx, root, "languages", "languages", "languages")
    langs = []
    for i, _ in enumerate(items or ()):
        s = _string(ctx, items, i, f"languages[{i}]", "language code", allow_number=False)
        if s is None:
            continue
        if not LANG_CODE.match(s):
            ctx.error(_pos(items, i), f"'{s}' is not a language code (like en, vi, th)",
                      f"languages[{i}]", rules.LANGUAGE)
        elif s in langs:
            ctx.error(_pos(items, i), f"language '{s}' is listed twice", f"languages[{i}]", rules.LANGUAGE)
        else:
            langs.append(s)
    if items is not None and not items:
        ctx.error(items.pos, "languages is empty: list at least one language code", "languages", rules.EMPTY)
    if langs:
        ctx.languages = tuple(langs)
        ctx.default_lang = langs[0]


def _scoring(ctx: _Ctx, root: LMap) -> tuple[str, str]:
    """``scoring.missing`` and ``scoring.no_data``, or their defaults."""
    no_data = spec.SCORING["no_data"].default
    if "scoring" not in root:
        return _MISSING_DEFAULT, no_data
    m = _expect_map(ctx, root, "scoring", "scoring", "scoring")
    if m is None:
        return _MISSING_DEFAULT, no_data
    _keys(ctx, m, spec.SCORING, "scoring", "scoring")
    missing = _MISSING_DEFAULT
    if "missing" in m:
        v = m["missing"]
        if v not in spec.MISSING:
            ctx.error(_pos(m, "missing"), f"scoring.missing must be {' or '.join(spec.MISSING)}, not "
                                          f"{_as_written(m, 'missing') or _kind(v)}", "scoring.missing", rules.ENUM)
        else:
            missing = v
    if "no_data" in m:
        no_data = _enum(ctx, m, "no_data", "scoring.no_data", "scoring.no_data", spec.NO_DATA_MODES, no_data)
    return missing, no_data


def _ratings(ctx: _Ctx, root: LMap) -> tuple:
    """The rating bands, highest first."""
    if "ratings" not in root:
        return ()
    items = _expect_list(ctx, root, "ratings", "ratings", "ratings")
    out: list[Rating] = []
    for i, item in enumerate(items or ()):
        p = f"ratings[{i}]"
        if not isinstance(item, LMap):
            ctx.error(_pos(items, i), f"a rating must be a mapping {{min, label}}, not {_kind(item)}", p, rules.TYPE)
            continue
        _keys(ctx, item, spec.RATING, p, "rating")
        lo = _number(ctx, item, "min", p + ".min", "rating min", minimum=0, maximum=100) \
            if "min" in item else None
        label = _localized(ctx, item, "label", p + ".label", "rating label") if "label" in item else None
        if lo is not None and label is not None:
            if out and lo >= out[-1].min:
                ctx.warn(_pos(item, "min"), f"ratings should go from the highest min to the lowest: "
                                            f"{lo} after {out[-1].min} is never reached", p + ".min",
                     rules.RATING_ORDER)
            out.append(Rating(lo, label))
    return tuple(out)


def _named(ctx: _Ctx, root: LMap, key: str, what: str):
    """``(name, path)`` of each entry of the top-level map ``key`` whose name is a valid id; an
    invalid name is an error (scales and disaggregations are named alike)."""
    if key not in root:
        return
    m = _expect_map(ctx, root, key, key, key)
    if m is None:
        return
    for name in m:
        p = f"{key}.{name}"
        if not isinstance(name, str) or not ITEM_ID.match(name):
            ctx.error(m.kpos[name], f"{what} name '{name}' is not a valid id", p, rules.ID)
            continue
        yield m, name, p


def _disaggregations(ctx: _Ctx, root: LMap) -> dict[str, tuple[str, ...]]:
    """The named breakdowns and their categories."""
    out: dict[str, tuple[str, ...]] = {}
    for m, name, p in _named(ctx, root, "disaggregations", "disaggregation"):
        items = _expect_list(ctx, m, name, p, f"disaggregation '{name}'")
        cats = []
        for i, _ in enumerate(items or ()):
            s = _string(ctx, items, i, f"{p}[{i}]", "category")
            if s is None:
                continue
            if s in cats:
                ctx.error(_pos(items, i), f"category '{s}' is listed twice", f"{p}[{i}]", rules.DUPLICATE_ID)
            else:
                cats.append(s)
        if items is not None and not items:
            ctx.error(items.pos, f"disaggregation '{name}' has no categories", p, rules.EMPTY)
        out[name] = tuple(cats)
    return out


# --------------------------------------------------------------------------- scales

def _scales(ctx: _Ctx, root: LMap) -> dict[str, tuple[_TypeSpec, LMap]]:
    """The named scales, each checked once (indicators that use one share its fields)."""
    out: dict[str, tuple[_TypeSpec, LMap]] = {}
    for m, name, p in _named(ctx, root, "scales", "scale"):
        sm = _expect_map(ctx, m, name, p, f"scale '{name}'")
        if sm is None:
            continue
        _keys(ctx, sm, spec.SCALE, p, f"scale '{name}'", allowed=spec.SCALE_KEYS)
        if "type" not in sm:
            continue
        typ = sm["type"]
        if typ not in spec.SCALE_TYPES:
            ctx.error(_pos(sm, "type"), f"scale type must be one of {', '.join(spec.SCALE_TYPES)}, "
                                        f"not {_as_written(sm, 'type') or _kind(typ)}"
                      + (did_you_mean(typ, spec.SCALE_TYPES) if isinstance(typ, str) else ""), p + ".type", rules.ENUM)
            continue
        _foreign_type_keys(ctx, sm, typ, p, f"scale '{name}'")
        ts = _type_fields(ctx, sm, p, f"scale '{name}'", typ)
        out[name] = (ts, sm)
    return out


def _foreign_type_keys(ctx: _Ctx, m: LMap, typ: str, path: str, what: str) -> None:
    """Type fields of another type than ``typ`` (``unit`` on a levels scale)."""
    for k in m:
        if k in ALL_TYPE_KEYS and k not in TYPE_KEYS[typ]:
            ctx.error(m.kpos[k], f"'{k}' does not apply to {what} of type {typ}", _join(path, k), rules.UNKNOWN_KEY)


# --------------------------------------------------------------------------- sections and indicators

class _Tree:
    """Sections and indicators, checked in ask order; collects the ids, each indicator's kind
    (for conditions) and the conditions to check once every indicator is known."""

    def __init__(self, ctx: _Ctx, scales: dict, disaggregations: dict):
        self.ctx = ctx
        self.ids: dict[str, tuple[int, str]] = {}   # id -> (line, "section" | "indicator")
        self.scales = scales
        self.disaggregations = disaggregations
        self.seq: list[tuple[str, tuple | None]] = []   # every indicator id in ask order, and its kind
        self.pending_when: list[tuple] = []

    def sections(self, parent, key, path, top=False, level: str | None = None) -> tuple:
        """The list of sections at ``parent[key]`` (the top ones check the checklist's weights);
        ``level`` is the results level they inherit."""
        ctx = self.ctx
        items = _expect_list(ctx, parent, key, path, "sections")
        if items is None:
            return ()
        if top and not items:
            ctx.error(items.pos, "sections is empty: a checklist needs at least one section", path, rules.EMPTY)
        out = []
        for i, item in enumerate(items):
            p = f"{path}[{i}]"
            if not isinstance(item, LMap):
                ctx.error(_pos(items, i), f"a section must be a mapping with id and title, not {_kind(item)}",
                          p, rules.TYPE)
                continue
            sec = self._section(item, p, level)
            if sec is not None:
                out.append(sec)
        if top:
            self._check_weights(out, items.pos, path, "the checklist")
        return tuple(out)

    def _section(self, m: LMap, path, inherited: str | None = None) -> Section | None:
        ctx = self.ctx
        _keys(ctx, m, spec.SECTION, path, f"section {m.get('id', '')!s}".strip(),
              hint=self._section_hint)
        sid = _item_id(ctx, m, "id", path + ".id", "section id", self.ids) if "id" in m else None
        title = _localized(ctx, m, "title", path + ".title", "section title") if "title" in m else None
        desc = _localized(ctx, m, "description", path + ".description", "section description") \
            if "description" in m else None
        weight = _weight(ctx, m, path, spec.SECTION)
        level = _enum(ctx, m, "results_level", path + ".results_level", "results_level",
                      spec.RESULTS_LEVELS, inherited) if "results_level" in m else inherited
        indicators = []
        if "indicators" in m:
            items = _expect_list(ctx, m, "indicators", path + ".indicators", "indicators")
            for i, item in enumerate(items or ()):
                p = f"{path}.indicators[{i}]"
                if not isinstance(item, LMap):
                    ctx.error(_pos(items, i), f"an indicator must be a mapping with id and text, not {_kind(item)}",
                              p, rules.TYPE)
                    continue
                ind = self._indicator(item, p, sid or "", level)
                if ind is not None:
                    indicators.append(ind)
        subs = self.sections(m, "sections", path + ".sections", level=level) if "sections" in m else ()
        if not m.get("indicators") and not m.get("sections"):
            ctx.error(m.pos, f"section '{sid}' has no indicators and no sub-sections", path, rules.EMPTY_SECTION)
        self._check_weights(list(indicators) + list(subs), m.pos, path, f"section '{sid}'")
        if sid is None or title is None or weight is None:
            return None
        return Section(sid, title, weight, tuple(indicators), tuple(subs), desc, m.pos[0], results_level=level)

    def _section_hint(self, key):
        if key in spec.INDICATOR_KEYS:
            return (f"'{key}' belongs to an indicator, not a section; is the indicator "
                    "missing its '- ' under 'indicators:'?")
        return None

    def _check_weights(self, children, pos, path, what):
        scored = [c for c in children if _scorable(c)]
        if scored and all(c.weight == 0 for c in scored):
            self.ctx.error(pos, f"every scored part of {what} has weight 0, so it cannot be scored; "
                                "give at least one a weight above 0", path, rules.WEIGHT)

    def _indicator(self, m: LMap, path, section: str, section_level: str | None = None) -> Indicator | None:
        ctx = self.ctx
        iid_raw = m.get("id", "")
        what = f"indicator {iid_raw}".strip() if isinstance(iid_raw, str) else "indicator"
        _keys(ctx, m, spec.INDICATOR, path, what, allowed=spec.INDICATOR_KEYS)
        iid = _item_id(ctx, m, "id", path + ".id", "indicator id", self.ids) if "id" in m else None
        text = _localized(ctx, m, "text", path + ".text", "indicator text") if "text" in m else None
        guidance = _localized(ctx, m, "guidance", path + ".guidance", "guidance") if "guidance" in m else None
        weight = _weight(ctx, m, path, spec.INDICATOR)
        evidence = spec.INDICATOR["evidence"].default
        if "evidence" in m:
            v = m["evidence"]
            if v not in spec.EVIDENCE:
                ctx.error(_pos(m, "evidence"), f"evidence must be {' or '.join(spec.EVIDENCE)}, not "
                                               f"{_as_written(m, 'evidence') or _kind(v)}", path + ".evidence",
                          rules.ENUM)
            else:
                evidence = v
        allow_na = _bool(ctx, m, "allow_na", path + ".allow_na", "allow_na") if "allow_na" in m else False
        ts = self._indicator_type(m, path, what)
        disagg: tuple = ()
        if "disaggregate" in m:
            disagg = self._disaggregate(m, path, ts)
        when_src = None
        if "when" in m:
            when_src = _string(ctx, m, "when", path + ".when", "when")
        extra = self._indicator_1_1(m, path, ts, section_level)
        if iid is not None:
            kind = (ts.type, ts.option_ids) if ts is not None and ts.ok else None
            self.seq.append((iid, kind))
        if iid is None or text is None or ts is None or not ts.ok or weight is None:
            if when_src is not None:  # still check the condition, even of an indicator with a bad id
                self.pending_when.append((iid or what, None, m, path + ".when",
                                          len(self.seq) - 1 if iid is not None else len(self.seq) - 0.5))
            return None
        ind = Indicator(
            id=iid, text=text, type=ts.type, weight=weight, guidance=guidance, evidence=evidence,
            when=None, when_source=when_src, allow_na=allow_na, **ts.fields,
            scale=m.get("scale") if isinstance(m.get("scale"), str) else None,
            disaggregate=disagg, line=m.pos[0], section=section, **extra)
        if when_src is not None:
            self.pending_when.append((iid, ind, m, path + ".when", len(self.seq) - 1))
        return ind

    def _indicator_1_1(self, m: LMap, path: str, ts: _TypeSpec | None, section_level: str | None) -> dict:
        """The 1.1 keys of an indicator (FORMAT.md §6.2, §6.3, §6.11): ``when_false`` (needs a
        ``when``), ``results_level`` (else the section's), ``aggregate`` (numbers only)."""
        ctx = self.ctx
        out: dict = {"results_level": section_level}
        if "when_false" in m:
            wf = _enum(ctx, m, "when_false", path + ".when_false", "when_false", spec.WHEN_FALSE)
            if "when" not in m:
                ctx.error(m.kpos["when_false"], "when_false says what a false condition means, but this "
                                                "indicator has no 'when:'; add the condition or remove "
                                                "when_false", path + ".when_false", rules.WHEN_FALSE)
            elif wf is not None:
                out["when_false"] = wf
        if "results_level" in m:
            level = _enum(ctx, m, "results_level", path + ".results_level", "results_level",
                          spec.RESULTS_LEVELS)
            if level is not None:
                out["results_level"] = level
        if "aggregate" in m and "scale" not in m:   # with a scale: reported as a key it cannot add
            if ts is not None and ts.type != "number":
                ctx.error(m.kpos["aggregate"], f"only number indicators take aggregate (this one is "
                                               f"{ts.type})", path + ".aggregate", rules.UNKNOWN_KEY)
            else:
                agg = _enum(ctx, m, "aggregate", path + ".aggregate", "aggregate", spec.AGGREGATES)
                if agg is not None:
                    out["aggregate"] = agg
        return out

    def _indicator_type(self, m, path, what) -> _TypeSpec | None:
        ctx = self.ctx
        has_type, has_scale = "type" in m, "scale" in m
        if has_type and has_scale:
            ctx.error(m.kpos["scale"], f"{what} has both 'type:' and 'scale:'; give exactly one",
                      path + ".scale", rules.TYPE_OR_SCALE)
            return None
        if not has_type and not has_scale:
            ctx.error(m.pos, f"{what} needs 'type:' (one of {', '.join(TYPES)}) or 'scale:' (a scale name)",
                      path + ".type", rules.REQUIRED)
            return None
        if has_scale:
            name = m["scale"]
            if not isinstance(name, str) or name not in self.scales:
                known = list(self.scales)
                ctx.error(_pos(m, "scale"), f"unknown scale '{numbers.shown(_raw(m, 'scale') or str(name))}'"
                          + ((did_you_mean(name, known) or f"; the scales are: {', '.join(known)}")
                             if known else "; define it under 'scales:'"),
                          path + ".scale", rules.REFERENCE)
                return None
            for k in m:
                if k in ALL_TYPE_KEYS:
                    ctx.error(m.kpos[k], f"'{k}' comes from scale '{name}'; an indicator that uses a scale "
                                         f"adds only {_SCALE_INDICATOR_ADDS} (use type: to define its own)",
                              _join(path, k),
                              rules.UNKNOWN_KEY)
                elif k in _NOT_WITH_SCALE:
                    ctx.error(m.kpos[k], f"an indicator that uses a scale adds only {_SCALE_INDICATOR_ADDS}, "
                                         f"not '{k}' (use type: to define its own)", _join(path, k),
                              rules.UNKNOWN_KEY)
            ts, _ = self.scales[name]
            return ts
        typ = m["type"]
        if typ not in TYPES:
            ctx.error(_pos(m, "type"), f"unknown type '{numbers.shown(_raw(m, 'type') or str(typ))}': use one of "
                                       f"{', '.join(TYPES)}"
                      + (did_you_mean(typ, TYPES) if isinstance(typ, str) else ""), path + ".type", rules.ENUM)
            return None
        _foreign_type_keys(ctx, m, typ, path, what)
        return _type_fields(ctx, m, path, what, typ)

    def _disaggregate(self, m, path, ts) -> tuple:
        ctx = self.ctx
        p = path + ".disaggregate"
        if ts is not None and ts.type != "number":
            ctx.error(m.kpos["disaggregate"], f"only number indicators take disaggregate (this one is "
                                              f"{ts.type})", p, rules.DISAGGREGATE)
            return ()
        items = _expect_list(ctx, m, "disaggregate", p, "disaggregate")
        out = []
        for i, _ in enumerate(items or ()):
            name = _string(ctx, items, i, f"{p}[{i}]", "disaggregation name", allow_number=False)
            if name is None:
                continue
            if name not in self.disaggregations:
                known = list(self.disaggregations)
                ctx.error(_pos(items, i), f"unknown disaggregation '{numbers.shown(name)}'"
                          + ((did_you_mean(name, known) or f"; declared: {', '.join(known)}") if known else
                             "; declare it under 'disaggregations:' (e.g. sex: [female, male])"),
                          f"{p}[{i}]", rules.REFERENCE)
            elif name in out:
                ctx.error(_pos(items, i), f"disaggregation '{name}' is listed twice", f"{p}[{i}]", rules.DUPLICATE_ID)
            else:
                out.append(name)
        return tuple(out)


# --------------------------------------------------------------------------- conditions

def _check_conditions(ctx: _Ctx, tree: _Tree) -> dict:
    """Check every pending condition (now that all indicators are known); returns the parsed
    conditions that passed, by indicator id."""
    from . import expr
    trees: dict = {}
    position = {iid: n for n, (iid, _) in enumerate(tree.seq)}
    kinds = {iid: kind for iid, kind in tree.seq if kind is not None}
    all_ids = set(tree.ids)
    ids_index = hints.Index(position)   # one index for every hint (bounded work per unknown id)
    for iid, ind, m, path, n in tree.pending_when:
        line, col = _pos(m, "when")
        node = m.vnode.get("when")
        shift = _source_shift(node)

        def at(offset, line=line, col=col, shift=shift):
            return (line, col + shift + offset) if shift is not None else (line, col)

        try:
            cond = expr.parse(m["when"])
        except expr.ExprError as exc:
            ctx.error(at(exc.offset), f"condition of {iid} does not parse: {exc.message}", path, rules.WHEN_SYNTAX)
            continue
        bad = False
        for cmp in expr.names(cond):
            ref = cmp.ident
            if ref == iid:
                ctx.error(at(cmp.offset), f"the condition of {iid} names {iid} itself", path, rules.WHEN_REFERENCE)
                bad = True
            elif ref not in position:
                if ref in all_ids:
                    msg = f"the condition of {iid} names '{ref}', which is a section, not an indicator"
                else:
                    msg = f"the condition of {iid} names unknown indicator '{numbers.shown(ref)}'" + \
                          hints.did_you_mean(ref, ids_index, accept=_asked_before(position, n))
                ctx.error(at(cmp.offset), msg, path, rules.WHEN_REFERENCE)
                bad = True
            elif position[ref] > n:
                ctx.error(at(cmp.offset), f"the condition of {iid} names {ref}, which comes later; a "
                                          "condition may only name indicators asked before it", path,
                              rules.WHEN_REFERENCE)
                bad = True
        if bad:
            continue
        errs = expr.check(cond, kinds)
        for e in errs:
            ctx.error(at(e.offset), f"condition of {iid}: {e.message}", path, rules.WHEN_TYPE)
        if not errs and ind is not None:
            trees[iid] = cond
    return trees


def _asked_before(position: dict[str, int], n: int) -> Callable[[str], bool]:
    """Whether an indicator id (a key of ``position``) comes before the ``n``-th: the ids a
    condition there may name, so the only ones worth suggesting."""
    return lambda c: position[c] < n


# --------------------------------------------------------------------------- subject fields (§6.4)

def _subject_fields(ctx: _Ctx, root: LMap) -> tuple:
    """``subject_fields:``: the declared ``meta`` facts of a subject."""
    if "subject_fields" not in root:
        return ()
    items = _expect_list(ctx, root, "subject_fields", "subject_fields", "subject_fields")
    out: list[SubjectField] = []
    seen: dict[str, int] = {}   # field id -> line of its first use
    for i, item in enumerate(items or ()):
        p = f"subject_fields[{i}]"
        if not isinstance(item, LMap):
            ctx.error(_pos(items, i), f"a subject field must be a mapping with id, label and type, not "
                                      f"{_kind(item)}", p, rules.TYPE)
            continue
        f = _subject_field(ctx, item, p, seen)
        if f is not None:
            out.append(f)
    return tuple(out)


def _subject_field(ctx: _Ctx, m: LMap, p: str, seen: dict) -> SubjectField | None:
    errors_before = ctx.n_errors
    _keys(ctx, m, spec.SUBJECT_FIELD, p, "subject field")
    fid = _item_id(ctx, m, "id", p + ".id", "subject field id", {}) if "id" in m else None
    if fid is not None and fid in seen:
        ctx.error(_pos(m, "id"), f"subject field '{fid}' is declared twice (first on line {seen[fid]})",
                  p + ".id", rules.DUPLICATE_ID)
        fid = None
    elif fid is not None:
        seen[fid] = _pos(m, "id")[0]
    label = _localized(ctx, m, "label", p + ".label", "subject field label") if "label" in m else None
    typ = spec.SUBJECT_FIELD["type"].default
    if "type" in m:
        typ = _enum(ctx, m, "type", p + ".type", "subject field type", spec.SUBJECT_FIELD_TYPES, typ)
    required = _bool(ctx, m, "required", p + ".required", "required") if "required" in m else False
    bounds: dict = {}
    for k in ("min", "max"):
        if k not in m:
            continue
        if typ != "number":
            ctx.error(m.kpos[k], f"'{k}' applies only to subject fields of type number (this one is {typ})",
                      _join(p, k), rules.SUBJECT_FIELD)
        else:
            bounds[k] = _number(ctx, m, k, _join(p, k), f"subject field {k}")
    if bounds.get("min") is not None and bounds.get("max") is not None and bounds["min"] > bounds["max"]:
        ctx.error(_pos(m, "min"), f"min ({model_number(bounds['min'])}) is greater than max "
                                  f"({model_number(bounds['max'])})", p + ".min", rules.MIN_MAX)
    options: tuple = ()
    if "options" in m:
        if typ != "choice":
            ctx.error(m.kpos["options"], f"'options' applies only to subject fields of type choice (this one "
                                         f"is {typ})", p + ".options", rules.SUBJECT_FIELD)
        else:
            options = _subject_options(ctx, m, p)
    elif typ == "choice":
        ctx.error(m.pos, "a subject field of type choice needs 'options:' (a list of ids or {id, label})",
                  p + ".options", rules.REQUIRED)
    if fid is None or ctx.n_errors != errors_before:
        return None
    return SubjectField(fid, typ, label, options, bounds.get("min"), bounds.get("max"), required, m.pos[0])


def _subject_options(ctx: _Ctx, m: LMap, p: str) -> tuple:
    items = _expect_list(ctx, m, "options", p + ".options", "options")
    if items is not None and not items:
        ctx.error(items.pos, "options is empty: give at least one option", p + ".options", rules.EMPTY)
    out: list[Option] = []
    seen: dict[str, int] = {}   # option id -> line of its first use
    for i, item in enumerate(items or ()):
        q = f"{p}.options[{i}]"
        if isinstance(item, LMap):
            _keys(ctx, item, spec.SUBJECT_OPTION, q, "option")
            oid = _string(ctx, item, "id", q + ".id", "option id") if "id" in item else None
            label = _localized(ctx, item, "label", q + ".label", "option label") if "label" in item else None
            where = _pos(item, "id") if "id" in item else item.pos
        else:
            oid, label, where = _string(ctx, items, i, q, "option id"), None, _pos(items, i)
        if oid is None:
            continue
        if oid in seen:
            ctx.error(where, f"option id '{oid}' is used twice in this field (first on line {seen[oid]})", q,
                      rules.DUPLICATE_ID)
            continue
        seen[oid] = where[0]
        out.append(Option(oid, label, 0.0))
    return tuple(out)


# --------------------------------------------------------------------------- profiles (§6.6)

def _profiles(ctx: _Ctx, root: LMap, sections: tuple, trees: dict) -> dict:
    """``profiles:``, each checked against the checklist's ids: duplicates, the reserved ``all``,
    unknown ids (with a hint), weights (the checklist's weight rules, selected ids only), and
    conditions that name an indicator the profile leaves out."""
    if "profiles" not in root:
        return {}
    items = _expect_list(ctx, root, "profiles", "profiles", "profiles")
    out: dict = {}
    draft = Checklist(id="", version="", title=LocalText({}), sections=sections,
                      indicators={i.id: i for s in sections for i in s.walk_indicators()})
    section_ids = {s.id for s in draft.walk_sections()}
    known = hints.Index(list(draft.indicators) + sorted(section_ids))
    seen: dict = {}
    for i, item in enumerate(items or ()):
        p = f"profiles[{i}]"
        if not isinstance(item, LMap):
            ctx.error(_pos(items, i), f"a profile must be a mapping with id, title and include, not "
                                      f"{_kind(item)}", p, rules.TYPE)
            continue
        prof = _profile(ctx, item, p, seen, draft, section_ids, known)
        if prof is not None:
            out[prof.id] = prof
            _check_selection(ctx, item, p, prof, draft, trees)
    return out


def _profile(ctx, m: LMap, p: str, seen: dict, draft: Checklist, section_ids: set, known) -> Profile | None:
    errors_before = ctx.n_errors
    _keys(ctx, m, spec.PROFILE, p, "profile")
    pid = None
    if "id" in m:
        pid = _string(ctx, m, "id", p + ".id", "profile id", allow_number=False)
        if pid is not None and pid == PROFILE_ALL:
            ctx.error(_pos(m, "id"), f"profile id '{PROFILE_ALL}' is reserved: it means the whole checklist; "
                                     "choose another id", p + ".id", rules.RESERVED)
            pid = None
        elif pid is not None and not ITEM_ID.match(pid):
            ctx.error(_pos(m, "id"), f"profile id '{numbers.shown(pid)}' is not a valid id: start with a "
                                     "letter, then letters, digits, '_', '.' or '-'", p + ".id", rules.ID)
            pid = None
        elif pid is not None and pid in seen:
            ctx.error(_pos(m, "id"), f"duplicate profile id '{pid}' (first on line {seen[pid]})", p + ".id",
                      rules.PROFILE)
            pid = None
        elif pid is not None:
            seen[pid] = _pos(m, "id")[0]
    title = _localized(ctx, m, "title", p + ".title", "profile title") if "title" in m else None
    desc = _localized(ctx, m, "description", p + ".description", "profile description") \
        if "description" in m else None
    include = _profile_ids(ctx, m, "include", p, draft, section_ids, known) if "include" in m else None
    exclude = _profile_ids(ctx, m, "exclude", p, draft, section_ids, known) if "exclude" in m else ()
    weights: dict = {}
    if "weights" in m:
        wm = _expect_map(ctx, m, "weights", p + ".weights", "profile weights")
        weights = _profile_weights(ctx, wm, p, draft, section_ids, known) if wm is not None else {}
    if pid is None or ctx.n_errors != errors_before:
        return None
    return Profile(pid, title, desc, include, tuple(exclude or ()), weights, m.pos[0])


def _profile_weights(ctx: _Ctx, wm: LMap, p: str, draft: Checklist, section_ids: set[str],
                     known: object) -> dict[str, float]:
    """A profile's ``weights:`` mapping: each known id's non-negative weight (errors in ``ctx``)."""
    weights: dict[str, float] = {}
    for k in wm:
        q = _join(p + ".weights", wm.kraw.get(k, k))
        if not _known_id(ctx, k, wm.kpos.get(k, wm.pos), q, draft, section_ids, known,
                         wm.kraw.get(k, k)):
            continue
        w = _number(ctx, wm, k, q, f"weight of {k}", minimum=0, rule=rules.WEIGHT, weight=True)
        if w is not None:
            weights[k] = w
    return weights


def _profile_ids(ctx, m: LMap, key: str, p: str, draft, section_ids: set, known) -> tuple | None:
    q = f"{p}.{key}"
    items = _expect_list(ctx, m, key, q, key)
    if items is None:
        return None
    out = []
    for i, _ in enumerate(items):
        ref = _string(ctx, items, i, f"{q}[{i}]", f"{key} id")
        if ref is not None and _known_id(ctx, ref, _pos(items, i), f"{q}[{i}]", draft, section_ids, known, ref):
            out.append(ref)
    return tuple(out)


def _known_id(ctx, ref, pos, path, draft, section_ids, known, raw) -> bool:
    if ref in draft.indicators or ref in section_ids:
        return True
    ctx.error(pos, f"unknown section or indicator id '{numbers.shown(str(raw))}'"
              + hints.did_you_mean(raw, known), path, rules.PROFILE)
    return False


def _check_selection(ctx: _Ctx, m: LMap, p: str, prof: Profile, draft: Checklist, trees: dict) -> None:
    """What the profile selects: something; weights of selected ids only; sections whose selected
    scored children all weigh 0; conditions naming left-out indicators."""
    from . import expr
    from .profiles import resolve
    sel = resolve(draft, prof)
    if not sel.indicators:
        ctx.error(_pos(m, "include") if "include" in m else m.pos,
                  f"profile '{prof.id}' selects no indicator", p, rules.PROFILE)
        return
    for k in prof.weights:   # only a profile with 'weights:' (a mapping) has any
        if not (sel.selects(k) or k in sel.sections):
            wm: LMap = m["weights"]
            ctx.error(wm.kpos.get(k, wm.pos), f"profile '{prof.id}' gives a weight to '{k}', which it does not "
                                              "select", _join(p + ".weights", k), rules.PROFILE)

    def scored(node) -> bool:
        """Whether a selected scored indicator is at or below ``node`` (memoised: one walk)."""
        if isinstance(node, Indicator):
            return node.scored and sel.selects(node.id)
        hit = memo.get(node.id)
        if hit is None:
            hit = memo[node.id] = any([scored(c) for c in node.indicators] + [scored(c) for c in node.sections])
        return hit

    def check(children, what):
        live = [c for c in children if scored(c)]
        if live and all(sel.weight(c.id, c.weight) == 0 for c in live):
            ctx.error(_pos(m, "weights") if "weights" in m else m.pos,
                      f"under profile '{prof.id}', every selected scored part of {what} has weight 0, so it "
                      "cannot be scored", p + ".weights", rules.WEIGHT)

    memo: dict = {}
    check(draft.sections, "the checklist")
    for sec in draft.walk_sections():
        if sec.id in sel.sections:
            check(list(sec.indicators) + list(sec.sections), f"section '{sec.id}'")
    for iid in draft.indicators:
        tree = trees.get(iid)
        if tree is None or not sel.selects(iid):
            continue
        for ref in dict.fromkeys(c.ident for c in expr.names(tree)):
            if not sel.selects(ref):
                ctx.error(_pos(m, "id"), f"profile '{prof.id}' selects {iid}, whose condition names {ref}, "
                                         "which the profile leaves out; select it too, or leave out "
                                         f"{iid}", p, rules.PROFILE)


# --------------------------------------------------------------------------- the document

def _build(ctx: _Ctx, root: LMap, source: str = "", sha256: str = "") -> Checklist | None:
    """The checklist of a located document, or None when it has errors (all in ``ctx``)."""
    _keys(ctx, root, spec.CHECKLIST, "", "the checklist")
    _format_version(ctx, root)
    _languages(ctx, root)
    cid = _checklist_id(ctx, root)
    version = _version(ctx, root)
    title = _localized(ctx, root, "title", "title", "title") if "title" in root else None
    desc = _localized(ctx, root, "description", "description", "description") \
        if "description" in root else None
    missing, no_data = _scoring(ctx, root)
    ratings = _ratings(ctx, root)
    disaggregations = _disaggregations(ctx, root)
    scales = _scales(ctx, root)
    tree = _Tree(ctx, scales, disaggregations)
    sections: tuple = ()
    if "sections" in root:
        sections = tree.sections(root, "sections", "sections", top=True)
    trees = _check_conditions(ctx, tree)
    subject_fields = _subject_fields(ctx, root)
    profiles = _profiles(ctx, root, sections, trees)
    if any(p.is_error for p in ctx.problems):
        return None
    # Both are required: when either is missing or invalid, an error was reported above.
    assert cid is not None and title is not None
    sections = tuple(_with_conditions(s, trees) for s in sections)
    return Checklist(
        id=cid, version=version, title=title, sections=sections, languages=ctx.languages,
        description=desc, missing=missing, ratings=ratings,
        disaggregations=disaggregations,
        scales={k: v[0].type for k, v in scales.items()},
        source=source, sha256=sha256,
        indicators={i.id: i for s in sections for i in s.walk_indicators()},
        no_data=no_data, subject_fields=subject_fields, profiles=profiles)


def _with_conditions(sec: Section, trees: dict) -> Section:
    """``sec`` with the parsed ``when`` of its indicators (checked after all were built)."""
    if not trees:
        return sec
    return replace(sec, indicators=tuple(replace(i, when=trees[i.id]) if i.id in trees else i
                                         for i in sec.indicators),
                   sections=tuple(_with_conditions(s, trees) for s in sec.sections))


def _source_shift(node) -> int | None:
    """Columns from a scalar's mark to its first character, when its text maps 1:1 to the source."""
    if not isinstance(node, yaml.ScalarNode) or "\n" in node.value or \
            node.start_mark.line != node.end_mark.line:  # folded over lines: offsets do not map
        return None
    if not node.style:  # plain: None from the Python composer, '' from the C one
        return 0
    if node.style in ("'", '"') and "\\" not in node.value and node.style not in node.value:
        return 1
    return None


def _scorable(node) -> bool:
    if isinstance(node, Indicator):
        return node.scored
    return any(_scorable(c) for c in node.indicators) or any(_scorable(s) for s in node.sections)


# --------------------------------------------------------------------------- public API

def check_document(doc: yamlio.Document) -> tuple[Checklist | None, list[Problem]]:
    """Validate a loaded checklist document; returns the checklist (None on errors) and all problems."""
    ctx = _Ctx(doc.path)
    try:
        root = doc.data if isinstance(doc.data, LMap) else located(doc.node, {}, doc.data)
    except RecursionError:
        ctx.error((1, 1), "the document is nested too deeply", "", rules.DEPTH)
        return None, ctx.problems
    if not isinstance(root, LMap):
        ctx.error(_mark(doc.node) if doc.node is not None else (1, 1),
                  f"a checklist must be a YAML mapping, not {_kind(root)}", "", rules.TYPE)
        return None, ctx.problems
    ctx.problems.extend(getattr(doc, "warnings", ()))   # YAML 1.1 number forms (010, 0x1F, 1:30)
    try:
        checklist = _build(ctx, root, doc.path, doc.sha256)
    except RecursionError:
        ctx.error((1, 1), "sections are nested too deeply", "", rules.DEPTH)
        checklist = None
    problems = sorted(ctx.problems, key=Problem.sort_key)
    return checklist, problems


def check_file(path, max_bytes: int | None = None) -> tuple[Checklist | None, list[Problem]]:
    """Load and validate a checklist file. Unreadable files raise :class:`LedcheckError`;
    YAML-level problems come back as a single problem."""
    try:
        doc = yamlio.load(path, max_bytes, build_located)
    except LedcheckError as exc:
        if isinstance(exc, InputError):   # a path that cannot be read: the caller's (exit 2)
            raise
        return None, [exc.as_problem()]
    return check_document(doc)


def load_checklist(path, max_bytes: int | None = None) -> Checklist:
    """A valid checklist from ``path``, or :class:`ChecklistError` listing every problem."""
    checklist, problems = check_file(path, max_bytes)
    if checklist is None:
        raise ChecklistError(problems, str(path))
    return checklist
