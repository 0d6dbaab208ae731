"""An independent, deliberately plain re-implementation of FORMAT.md section 3 (scoring).

It works on the plain dicts that ``yaml.safe_load`` gives for a checklist and a submission
(the checklist is assumed valid), written from the text of FORMAT.md alone, to cross-check
``ledcheck.scoring``. Speed and error messages do not matter here; clarity does.

    reference_score(checklist, submission) -> {
        "score": float | None, "rating": str | None, "complete": bool,
        "counts": {"indicators", "applicable", "answered", "na", "missing"},
        "sections": {section_id: score | None},
        "section_ratings": {section_id: rating | None},
        "indicators": {indicator_id: (status, score | None)},
    }
"""
from __future__ import annotations

import math
import re
from typing import Any

ANSWERED, NA, MISSING, NOT_APPLICABLE, UNSCORED = "answered", "na", "missing", "not_applicable", "unscored"
ANSWER_KEYS = {"value", "evidence", "note", "baseline", "target", "by"}


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _text(value, lang) -> str:
    if isinstance(value, dict):
        return value.get(lang, next(iter(value.values())))
    return value


# --------------------------------------------------------------------------- ask order

def _ask_order(sections):
    """Indicators in ask order: a section's own indicators, then its sub-sections, depth first."""
    for s in sections or ():
        for ind in s.get("indicators") or ():
            yield ind
        yield from _ask_order(s.get("sections"))


def _expand(checklist: dict, ind: dict) -> dict:
    """An indicator with its scale's type fields merged in."""
    if "scale" not in ind:
        return ind
    full = {k: v for k, v in checklist["scales"][ind["scale"]].items() if k != "description"}
    full.update({k: v for k, v in ind.items() if k != "scale"})
    return full


# --------------------------------------------------------------------------- `when`

_TOKEN = re.compile(r"""\s*(?:
      (?P<num>-?\d+(?:\.\d*)?|-?\.\d+)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<op>==|!=|<=|>=|<|>)
    | (?P<paren>[()])
    | (?P<word>[A-Za-z][A-Za-z0-9_.-]*)
    )""", re.X)


def _tokens(src: str) -> list[tuple[str, Any]]:
    out, pos = [], 0
    src = src.strip()
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read condition {src!r} at {pos}")
        pos = m.end()
        kind = m.lastgroup
        text = m.group(kind)
        if kind == "num":
            out.append(("lit", float(text)))
        elif kind == "str":
            out.append(("lit", text[1:-1]))
        elif kind == "word" and text in ("yes", "no"):
            out.append(("lit", text == "yes"))
        elif kind == "word" and text in ("and", "or"):
            out.append((text, text))
        elif kind == "word":
            out.append(("id", text))
        else:
            out.append((kind if kind != "paren" else text, text))
    return out


def parse_when(src: str):
    """AST: ("or", [..]) | ("and", [..]) | ("cmp", id, op, literal)."""
    toks = _tokens(src)
    pos = 0

    def peek():
        return toks[pos][0] if pos < len(toks) else None

    def take(kind):
        nonlocal pos
        if peek() != kind:
            raise ValueError(f"expected {kind} in {src!r}")
        pos += 1
        return toks[pos - 1][1]

    def or_expr():
        parts = [and_expr()]
        while peek() == "or":
            take("or")
            parts.append(and_expr())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def and_expr():
        parts = [atom()]
        while peek() == "and":
            take("and")
            parts.append(atom())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def atom():
        if peek() == "(":
            take("(")
            e = or_expr()
            take(")")
            return e
        iid = take("id")
        op = take("op")
        lit = take("lit")
        return ("cmp", iid, op, lit)

    tree = or_expr()
    if pos != len(toks):
        raise ValueError(f"trailing tokens in {src!r}")
    return tree


def eval_when(tree, values: dict) -> bool:
    """``values`` maps the ids of validly answered (not N/A) indicators to their answer value."""
    kind = tree[0]
    if kind == "or":
        return any(eval_when(t, values) for t in tree[1])
    if kind == "and":
        return all(eval_when(t, values) for t in tree[1])
    _, iid, op, lit = tree
    if iid not in values:          # unanswered, N/A or not applicable: the comparison is false
        return False
    v = values[iid]
    if op == "==":
        return _same(v, lit)
    if op == "!=":
        return not _same(v, lit)
    if not (_is_number(v) and _is_number(lit)):
        return False
    return {"<": v < lit, "<=": v <= lit, ">": v > lit, ">=": v >= lit}[op]


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    return a == b


# --------------------------------------------------------------------------- answers

def _unpack(answer):
    """(value, extras) of a bare or map answer; extras is None for a malformed map."""
    if isinstance(answer, dict):
        if "value" not in answer or set(answer) - ANSWER_KEYS:
            return None, None
        return answer["value"], answer
    return answer, {}


def _is_na(value) -> bool:
    return isinstance(value, str) and value in ("na", "n/a")


def _valid_value(ind: dict, value) -> bool:
    typ = ind["type"]
    if typ == "levels":
        return _is_number(value) and any(_is_number(lv["value"]) and lv["value"] == value
                                         for lv in ind["levels"])
    if typ == "yesno":
        return isinstance(value, bool) or (value == "partial" and bool(ind.get("partial")))
    if typ == "choice":
        return isinstance(value, str) and any(o["id"] == value for o in ind["options"])
    if typ == "multi":
        ids = {o["id"] for o in ind["options"]}
        return isinstance(value, list) and all(isinstance(x, str) and x in ids for x in value)
    if typ == "number":
        if not _is_number(value):
            return False
        if ind.get("min") is not None and value < ind["min"]:
            return False
        if ind.get("max") is not None and value > ind["max"]:
            return False
        return True
    if typ == "text":
        return isinstance(value, str)
    raise ValueError(typ)


def _valid_extras(ind: dict, value, extras: dict, disaggregations: dict) -> bool:
    typ = ind["type"]
    for k in ("baseline", "target"):
        if k in extras:
            if typ != "number" or not _is_number(extras[k]):
                return False
    if typ == "number":
        b = extras.get("baseline", ind.get("baseline", 0))
        t = extras.get("target", ind["target"])
        if b == t:
            return False
    if "by" in extras:
        by = extras["by"]
        if typ != "number" or not isinstance(by, dict):
            return False
        for dim, parts in by.items():
            if dim not in (ind.get("disaggregate") or ()) or not isinstance(parts, dict):
                return False
            cats = disaggregations.get(dim, ())
            if any(c not in cats or not _is_number(p) for c, p in parts.items()):
                return False
            if not math.isclose(sum(parts.values()), value, rel_tol=1e-9, abs_tol=1e-9):
                return False
    return True


def value_score(ind: dict, value, extras: dict) -> float:
    typ = ind["type"]
    if typ == "levels":
        values = [lv["value"] for lv in ind["levels"]]
        lo, hi = min(values), max(values)
        for lv in ind["levels"]:
            if lv["value"] == value and lv.get("score") is not None:
                return float(lv["score"])
        return (value - lo) / (hi - lo)
    if typ == "yesno":
        return 0.5 if value == "partial" else (1.0 if value is True else 0.0)
    if typ == "choice":
        top = max(o.get("score", 0) for o in ind["options"])
        chosen = next(o for o in ind["options"] if o["id"] == value)
        return chosen.get("score", 0) / top
    if typ == "multi":
        scores = {o["id"]: o.get("score", 0) for o in ind["options"]}
        denom = ind.get("max_score")
        if denom is None:
            denom = sum(scores.values())
        return min(1.0, sum(scores[x] for x in set(value)) / denom)
    if typ == "number":
        b = extras.get("baseline", ind.get("baseline", 0))
        t = extras.get("target", ind["target"])
        return min(1.0, max(0.0, (value - b) / (t - b)))
    raise ValueError(typ)


# --------------------------------------------------------------------------- scoring

def _rating(checklist: dict, score):
    if score is None:
        return None
    lang = (checklist.get("languages") or ["en"])[0]
    for band in checklist.get("ratings") or ():
        if score >= band["min"]:
            return _text(band["label"], lang)
    return None


def _weighted_mean(pairs):
    """Weighted mean of (score, weight) pairs, None when there are none or all weigh 0."""
    total_w = sum(w for _, w in pairs)
    if not pairs or total_w <= 0:
        return None
    return sum(s * w for s, w in pairs) / total_w


def reference_score(checklist: dict, submission: dict) -> dict:
    missing_mode = (checklist.get("scoring") or {}).get("missing", "zero")
    disaggregations = checklist.get("disaggregations") or {}
    answers = submission.get("answers") or {}

    values: dict = {}                      # validly answered (not N/A) values, for `when`
    results: dict = {}                     # id -> (status, score)
    counts = {"indicators": 0, "applicable": 0, "answered": 0, "na": 0, "missing": 0}

    for raw in _ask_order(checklist["sections"]):
        ind = _expand(checklist, raw)
        iid = ind["id"]
        counts["indicators"] += 1
        applicable = True
        if ind.get("when") is not None:
            applicable = eval_when(parse_when(ind["when"]), values)

        # what the answer is, when it is valid
        state, value, extras = None, None, {}
        if iid in answers:
            value, extras = _unpack(answers[iid])
            if extras is None or value is None:
                state = None
            elif _is_na(value):
                state = NA if ind.get("allow_na") else None    # na where it is not allowed: error
            elif _valid_value(ind, value) and _valid_extras(ind, value, extras, disaggregations):
                state = ANSWERED

        if ind["type"] == "text":
            results[iid] = (UNSCORED, None)
            continue
        if not applicable:
            results[iid] = (NOT_APPLICABLE, None)
            continue
        if state == NA:
            results[iid] = (NA, None)
            counts["na"] += 1
            continue
        counts["applicable"] += 1
        if state == ANSWERED:
            values[iid] = value
            counts["answered"] += 1
            results[iid] = (ANSWERED, value_score(ind, value, extras))
        else:
            counts["missing"] += 1
            results[iid] = (MISSING, 0.0 if missing_mode == "zero" else None)

    section_scores: dict = {}

    def score_section(s: dict):
        pairs = []
        for raw in s.get("indicators") or ():
            status, sc = results[raw["id"]]
            if sc is not None:
                pairs.append((sc * 100, raw.get("weight", 1)))
        for sub in s.get("sections") or ():
            sc = score_section(sub)
            if sc is not None:
                pairs.append((sc, sub.get("weight", 1)))
        out = _weighted_mean(pairs)
        section_scores[s["id"]] = out
        return out

    tops = []
    for s in checklist["sections"]:
        sc = score_section(s)
        if sc is not None:
            tops.append((sc, s.get("weight", 1)))
    overall = _weighted_mean(tops)
    return {
        "score": overall,
        "rating": _rating(checklist, overall),
        "complete": counts["missing"] == 0,
        "counts": counts,
        "sections": section_scores,
        "section_ratings": {k: _rating(checklist, v) for k, v in section_scores.items()},
        "indicators": results,
    }
