"""An independent, deliberately plain re-implementation of FORMAT.md sections 3 and 6 (scoring).

It works on the plain dicts that ``yaml.safe_load`` gives for a checklist and a submission
(the checklist is assumed valid), written from the text of FORMAT.md alone (never from
ledcheck.scoring or ledcheck.submission), to cross-check ``ledcheck.scoring``. Speed and error
messages do not matter here; clarity does.

    reference_score(checklist, submission, profile=None, *, by_shortfall="unknown") -> {
        "score": float | None, "rating": str | None, "complete": bool,
        "counts": {"indicators", "applicable", "answered", "na", "missing", "no_data", "implied"},
        "sections": {section_id: score | None},
        "section_ratings": {section_id: rating | None},
        "indicators": {indicator_id: (status, score | None)},
        "results_levels": [{"level", "score", "indicators"}, ...],   # in results-chain order
        "profile": profile id used | None (whole checklist),
        "shares": {indicator_id: effective share of the overall score (R13)},
        "effective": {indicator_id: (baseline, target)} of answered number indicators (R2, R3),
        "levels": {indicator_id: results level | None} (R12),
    }

``profile`` plays ``--profile ID``; without it the submission's ``profile:`` is used; ``all``, an
unknown id or neither means the whole checklist. ``by_shortfall="error"`` is the 1.0 rule
(``by`` parts must add up to the value exactly), for cross-checking a 1.0 scorer.

Readings of FORMAT.md section 6 where the text leaves a choice (the main scorer is checked
against exactly these; R1..R20 are cited in tests and reports):

R1  Direction. A number's direction is ``direction:`` when stated (on the indicator or its
    number scale), else inferred: decrease when target < baseline, else increase. The score
    formula is the 1.0 one, clamp((v - b) / (t - b), 0, 1), with the effective b and t.
R2  Overrides and a stated direction. The effective pair is (answer's baseline, else the
    checklist's; answer's target, else the checklist's). If the direction is stated and that
    pair does not lie on the stated side (t' - b' has the wrong sign, OR t' == b'), BOTH
    overrides are ignored and the value is scored against the checklist's own baseline and
    target; the answer stays ``answered`` (FORMAT 6.11: error, value still scored).
R3  Overrides and an inferred direction: they apply even when they reverse it (1.0 rule);
    an effective t' == b' makes the answer invalid, i.e. unanswered (1.0 rule, unchanged).
R4  ``no_data`` is the exact string ``no_data``, bare or as ``value:`` of an answer map (the
    map's other allowed keys are then ignored, as for ``na``). It is valid on every non-text
    indicator, needs no ``allow_na``. Status ``no_data``; score 0 under ``scoring.no_data:
    zero`` (default), null under ``exclude``. It counts in ``applicable`` and ``no_data``,
    never in ``missing``, so it does not make a result incomplete.
R5  Conditions: a comparison is true only for a selected, applicable indicator whose answer
    is valid and is not ``na``/``no_data`` (``!=`` included: ``X != 3`` is false when X is
    unanswered). ``implied`` indicators have no value, so comparisons naming them are false.
R6  ``when_false: zero`` and a false ``when``: status ``implied``, score 0, in ``applicable``
    and ``implied`` counts, whatever ``scoring.missing`` and whatever was answered (an answer
    to it is only a warning and is not scored). ``when_false: exclude`` (or absent) is 1.0's
    ``not_applicable`` (score null, not in ``applicable``).
R7  ``text`` indicators stay ``unscored`` whatever their ``when``/``when_false``, but an
    indicator outside the profile is ``not_selected`` whatever its type (6.11 wins over 3).
R8  Profiles: ``include`` absent = everything; a section id brings every indicator under it
    (any depth); ``exclude`` is applied after ``include`` the same way. Unselected indicators:
    status ``not_selected``, score null, counted in ``indicators`` only (not in ``applicable``,
    ``na``, ``no_data``, ``answered``, ``missing``, ``implied``), never named true by a ``when``.
    (``include: []`` would select nothing; the generator never writes it.)
R9  Profile ``weights`` replace the ``weight`` of the section or indicator they name, in the
    weighted means. A section with nothing selected has score null (and so is left out of its
    parent's mean, as any excluded section).
R10 Profile precedence: the ``profile`` argument (``--profile``), else the submission's
    ``profile:``; ``all``, an unknown id, a non-string or none of them: the whole checklist.
R11 Counts: ``applicable = answered + no_data + implied + missing``; ``na`` as in 1.0 (valid
    N/A answers of selected, applicable indicators); ``complete`` is ``missing == 0``.
R12 Results levels: an indicator's level is its own ``results_level``, else that of the
    nearest enclosing section that has one; none: it belongs to no level. Every indicator
    entry of a result, ``not_selected`` ones included, carries its level (compared where the
    reference has one).
R13 An indicator's effective share is the product, from it up to the top, of its weight over
    the summed weights of its non-excluded siblings (those with a non-null score), with the
    profile's weight overrides. A level's score is sum(share * indicator score * 100) over its
    indicators: a contribution, NOT renormalised, so the levels plus the unlevelled rest add
    up to the overall score.
R14 A level's ``indicators`` counts its indicators with a non-null score (answered, missing
    under ``missing: zero``, no_data under ``no_data: zero``, implied), including those whose
    share is 0 (weight 0, or inside a section excluded because its weights are all 0). A level
    is listed when that count is >= 1, in chain order input, process, output, outcome, impact.
R15 When the overall score is null (nothing could be scored), every listed level's score is
    null too (not 0).
R16 Breakdowns: each ``by`` breakdown is checked on its own; its categories are the declared
    ones plus ``unknown`` (given explicitly or listed by the checklist); parts are numbers;
    their sum may be less than the value (the rest is ``unknown``: a warning, still answered;
    this holds also when an explicit ``unknown`` part is given and the parts still fall short);
    more than the value (beyond 1e-9) is an error and the answer counts as unanswered.
    FORMAT.md does not say whether a negative part is an error: not judged here, and the
    cross-checks never give one (generate.py's 1.1 data has none; test_crosscheck.py drops
    such answers when ledcheck follows the 1.1 model).
R17 ``aggregate``, ``subject_id``, ``reference_period``, ``meta``, ``subject_fields`` have no
    effect on any score, status or count.
R18 An answer that is not a valid value (including ``na`` without ``allow_na``) is unanswered:
    ``missing`` (score 0 or null per ``scoring.missing``), as in 1.0.
R19 ``scoring.missing`` applies only to ``missing``; it never changes ``no_data`` or
    ``implied`` scores.
R20 Section/overall means are 1.0's: a section whose non-excluded children are none or all
    weigh 0 is null.
"""
from __future__ import annotations

import math
import re
from typing import Any

ANSWERED, NA, MISSING, NOT_APPLICABLE, UNSCORED = "answered", "na", "missing", "not_applicable", "unscored"
NO_DATA, IMPLIED, NOT_SELECTED = "no_data", "implied", "not_selected"
LEVELS = ("input", "process", "output", "outcome", "impact")
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


def _is_no_data(value) -> bool:
    return isinstance(value, str) and value == "no_data"


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


def _stated_sign(ind: dict) -> int:
    """+1 / -1 for a stated direction, 0 when it is inferred (R1)."""
    return {"increase": 1, "decrease": -1}.get(ind.get("direction"), 0)


def effective_baseline_target(ind: dict, extras: dict) -> tuple:
    """(baseline, target, overrides_ignored) of a number answer (R2, R3)."""
    b0, t0 = ind.get("baseline", 0), ind["target"]
    b, t = extras.get("baseline", b0), extras.get("target", t0)
    sign = _stated_sign(ind)
    if sign and (t - b) * sign <= 0:
        return b0, t0, True
    return b, t, False


def _valid_extras(ind: dict, value, extras: dict, disaggregations: dict, by_shortfall: str) -> bool:
    typ = ind["type"]
    for k in ("baseline", "target"):
        if k in extras:
            if typ != "number" or not _is_number(extras[k]):
                return False
    if typ == "number":
        b, t, _ = effective_baseline_target(ind, extras)
        if b == t:                                     # R3: only reachable when inferred
            return False
    if "by" in extras:
        by = extras["by"]
        if typ != "number" or not isinstance(by, dict):
            return False
        for dim, parts in by.items():
            if dim not in (ind.get("disaggregate") or ()) or not isinstance(parts, dict):
                return False
            cats = set(disaggregations.get(dim, ()))
            if by_shortfall == "unknown":
                cats.add("unknown")                    # R16: the reserved remainder category
            if any(c not in cats or not _is_number(p) for c, p in parts.items()):
                return False
            total = sum(parts.values())
            if by_shortfall == "unknown":
                if total > value + 1e-9:               # more than the value: error
                    return False
            elif not math.isclose(total, value, rel_tol=1e-9, abs_tol=1e-9):
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
        b, t, _ = effective_baseline_target(ind, extras)
        return min(1.0, max(0.0, (value - b) / (t - b)))
    raise ValueError(typ)


# --------------------------------------------------------------------------- profiles

def _subtree_indicator_ids(section: dict) -> set:
    return {ind["id"] for ind in _ask_order([section])}


def resolve_profile(checklist: dict, submission: dict, profile=None):
    """The profile dict in use, or None for the whole checklist (R10)."""
    pid = profile if profile is not None else submission.get("profile")
    if not isinstance(pid, str) or pid == "all":
        return None
    return next((p for p in checklist.get("profiles") or () if p.get("id") == pid), None)


def selected_ids(checklist: dict, prof) -> set:
    """Ids of the indicators the profile selects (R8)."""
    every = {ind["id"] for ind in _ask_order(checklist["sections"])}
    if prof is None:
        return every
    by_id = {}

    def walk(secs):
        for s in secs or ():
            by_id[s["id"]] = _subtree_indicator_ids(s)
            for ind in s.get("indicators") or ():
                by_id[ind["id"]] = {ind["id"]}
            walk(s.get("sections"))

    walk(checklist["sections"])

    def ids(names):
        out = set()
        for n in names or ():
            out |= by_id.get(n, set())
        return out

    chosen = every if prof.get("include") is None else ids(prof["include"])
    return chosen - ids(prof.get("exclude"))


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


def reference_score(checklist: dict, submission: dict, profile=None, *,
                    by_shortfall: str = "unknown") -> dict:
    scoring = checklist.get("scoring") or {}
    missing_mode = scoring.get("missing", "zero")
    no_data_mode = scoring.get("no_data", "zero")
    disaggregations = checklist.get("disaggregations") or {}
    answers = submission.get("answers") or {}
    prof = resolve_profile(checklist, submission, profile)
    selected = selected_ids(checklist, prof)
    weight_overrides = (prof or {}).get("weights") or {}

    def weight(node: dict):
        return weight_overrides.get(node["id"], node.get("weight", 1))

    values: dict = {}                      # validly answered (not N/A, not no_data) values, for `when`
    effective: dict = {}                   # answered number id -> (baseline, target) used
    results: dict = {}                     # id -> (status, score)
    counts = {"indicators": 0, "applicable": 0, "answered": 0, "na": 0, "missing": 0,
              "no_data": 0, "implied": 0}

    for raw in _ask_order(checklist["sections"]):
        ind = _expand(checklist, raw)
        iid = ind["id"]
        counts["indicators"] += 1
        if iid not in selected:
            results[iid] = (NOT_SELECTED, None)
            continue
        if ind["type"] == "text":
            results[iid] = (UNSCORED, None)
            continue
        applicable = True
        if ind.get("when") is not None:
            applicable = eval_when(parse_when(ind["when"]), values)
        if not applicable:
            if ind.get("when_false") == "zero":
                results[iid] = (IMPLIED, 0.0)
                counts["applicable"] += 1
                counts["implied"] += 1
            else:
                results[iid] = (NOT_APPLICABLE, None)
            continue

        # what the answer is, when it is valid
        state, value, extras = None, None, {}
        if iid in answers:
            value, extras = _unpack(answers[iid])
            if extras is None or value is None:
                state = None
            elif _is_na(value):
                state = NA if ind.get("allow_na") else None    # na where it is not allowed: error
            elif _is_no_data(value):
                state = NO_DATA
            elif _valid_value(ind, value) and _valid_extras(ind, value, extras, disaggregations,
                                                            by_shortfall):
                state = ANSWERED

        if state == NA:
            results[iid] = (NA, None)
            counts["na"] += 1
            continue
        counts["applicable"] += 1
        if state == ANSWERED:
            values[iid] = value
            counts["answered"] += 1
            results[iid] = (ANSWERED, value_score(ind, value, extras))
            if ind["type"] == "number":
                effective[iid] = effective_baseline_target(ind, extras)[:2]
        elif state == NO_DATA:
            counts["no_data"] += 1
            results[iid] = (NO_DATA, 0.0 if no_data_mode == "zero" else None)
        else:
            counts["missing"] += 1
            results[iid] = (MISSING, 0.0 if missing_mode == "zero" else None)

    section_scores: dict = {}
    shares: dict = {}                      # indicator id -> effective share of the overall score

    def score_section(s: dict):
        """(score, {indicator id: share of this section's score}) of a section."""
        parts = []                         # (score, weight, {id: share within the child})
        for raw in s.get("indicators") or ():
            status, sc = results[raw["id"]]
            if sc is not None:
                parts.append((sc * 100, weight(raw), {raw["id"]: 1.0}))
        for sub in s.get("sections") or ():
            sc, inner = score_section(sub)
            if sc is not None:
                parts.append((sc, weight(sub), inner))
        out = _weighted_mean([(sc, w) for sc, w, _ in parts])
        section_scores[s["id"]] = out
        mine: dict = {}
        if out is not None:
            total = sum(w for _, w, _ in parts)
            for _, w, inner in parts:
                for iid, share in inner.items():
                    mine[iid] = share * w / total
        return out, mine

    tops = []
    for s in checklist["sections"]:
        sc, inner = score_section(s)
        if sc is not None:
            tops.append((sc, weight(s), inner))
    overall = _weighted_mean([(sc, w) for sc, w, _ in tops])
    if overall is not None:
        total = sum(w for _, w, _ in tops)
        for _, w, inner in tops:
            for iid, share in inner.items():
                shares[iid] = share * w / total

    return {
        "score": overall,
        "rating": _rating(checklist, overall),
        "complete": counts["missing"] == 0,
        "counts": counts,
        "sections": section_scores,
        "section_ratings": {k: _rating(checklist, v) for k, v in section_scores.items()},
        "indicators": results,
        "results_levels": _results_levels(checklist, results, shares, overall),
        "profile": None if prof is None else prof["id"],
        "shares": shares,
        "effective": effective,
        "levels": indicator_levels(checklist),
    }


def indicator_levels(checklist: dict) -> dict:
    """Indicator id -> its results level or None (R12: own, else nearest section's)."""
    out: dict = {}

    def walk(secs, inherited):
        for s in secs or ():
            level = s.get("results_level", inherited)
            for ind in s.get("indicators") or ():
                out[ind["id"]] = ind.get("results_level", level)
            walk(s.get("sections"), level)

    walk(checklist["sections"], None)
    return out


def _results_levels(checklist: dict, results: dict, shares: dict, overall) -> list:
    """R13-R15."""
    levels = indicator_levels(checklist)
    out = []
    for level in LEVELS:
        ids = [iid for iid, lv in levels.items() if lv == level and results[iid][1] is not None]
        if not ids:
            continue
        score = None
        if overall is not None:
            score = sum(shares.get(iid, 0.0) * results[iid][1] * 100 for iid in ids)
        out.append({"level": level, "score": score, "indicators": len(ids)})
    return out
