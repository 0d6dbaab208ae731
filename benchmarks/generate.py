#!/usr/bin/env python3
"""Synthetic checklists and submissions for ledcheck tests and benchmarks.

Everything here works on plain dicts (what ``yaml.safe_load`` gives), and is driven by a
``random.Random`` so that a seed reproduces a data set exactly.

    make_checklist(rng, n_sections, n_indicators, depth=2, all_types=True, with_when=True,
                   languages=("en", "vi"), v11=False) -> dict
    make_submission(rng, checklist_dict, n_answers=None, invalid_rate=0.0, v11=False) -> dict
    dump_yaml(data) -> str

Command line::

    python3 benchmarks/generate.py checklist --sections 10 --indicators 2000 -o FILE [--seed N]
    python3 benchmarks/generate.py submissions --checklist FILE --count 10000 --answers 40 \
        -o DIR [--seed N] [--invalid-rate 0.05]

``--v11`` (``v11=True`` in Python) adds the version 1.1 keys of FORMAT.md section 6 to both.

A generated checklist is valid per FORMAT.md section 1: every indicator type, scales, levels
with and without their own scores, options, ``multi`` with and without ``max_score``, ``number``
with increasing and decreasing targets, ``min``/``max``, ``disaggregate: [sex]``, ``allow_na``,
``evidence: required``, weights including 0 (never on all scored siblings), nested sections,
``when`` conditions that name only earlier indicators (ask order: a section's indicators, then
its sub-sections) with type-correct comparisons, ratings and ``scoring.missing``.

A generated submission answers only applicable indicators (it evaluates the ``when`` conditions
in ask order as it goes), so with ``invalid_rate=0`` it has no errors. With ``invalid_rate > 0``
some answers are invalid: values outside the domain, ``na`` where it is not allowed, ``by``
parts that do not add up or name unknown categories, answers to not-applicable or unknown
indicators.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
from typing import Any, Iterator

import yaml

__all__ = ["make_checklist", "make_submission", "dump_yaml", "expanded_indicators",
           "ask_order", "walk_sections"]

SEX = ["female", "male"]
SIZE = ["micro", "small", "medium"]

_WORDS = ("local strategy SME finance registration women export cluster training "
          "procurement dialogue data survey budget incubator permit digital market").split()
_VI_WORDS = ("chiến lược doanh nghiệp tài chính đăng ký phụ nữ xuất khẩu cụm đào tạo "
             "mua sắm đối thoại dữ liệu khảo sát ngân sách vườn ươm giấy phép số thị trường").split()


# --------------------------------------------------------------------------- helpers

def dump_yaml(data: Any) -> str:
    """YAML text of plain data, in key order, with unicode (libyaml's emitter when present)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _text(rng: random.Random, languages, n_words=(3, 8)) -> Any:
    k = rng.randint(*n_words)
    en = " ".join(rng.choice(_WORDS) for _ in range(k)).capitalize()
    if len(languages) > 1 and rng.random() < 0.6:
        out = {}
        for lang in languages:
            if lang == "vi":
                out[lang] = " ".join(rng.choice(_VI_WORDS) for _ in range(k)).capitalize()
            elif lang == languages[0]:
                out[lang] = en
            elif rng.random() < 0.7:
                out[lang] = f"[{lang}] {en}"
        out.setdefault(languages[0], en)
        return out
    if languages[0] != "en" and rng.random() < 0.5:
        return {languages[0]: en}
    return en


def walk_sections(sections) -> Iterator[dict]:
    """Every section dict, depth first, parent before children."""
    for s in sections or ():
        yield s
        yield from walk_sections(s.get("sections"))


def ask_order(sections) -> Iterator[tuple[dict, dict]]:
    """(section, indicator) pairs in ask order: a section's indicators, then its sub-sections."""
    for s in sections or ():
        for ind in s.get("indicators") or ():
            yield s, ind
        yield from ask_order(s.get("sections"))


def expanded_indicators(checklist: dict) -> list[dict]:
    """Indicators in ask order with ``scale:`` references expanded into their type fields."""
    scales = checklist.get("scales") or {}
    out = []
    for _, ind in ask_order(checklist.get("sections")):
        if "scale" in ind:
            full = dict(scales[ind["scale"]])
            full.pop("description", None)
            full.update({k: v for k, v in ind.items() if k != "scale"})
            out.append(full)
        else:
            out.append(dict(ind))
    return out


def _weight(rng: random.Random, zero_rate=0.12):
    r = rng.random()
    if r < zero_rate:
        return 0
    return rng.choice([None, None, None, 1, 2, 3, 0.5, 1.5, 4])


# --------------------------------------------------------------------------- type fields

def _levels_fields(rng: random.Random, languages) -> dict:
    n = rng.randint(2, 5)
    style = rng.random()
    if style < 0.6:
        start = 0
        values = list(range(start, start + n))
    elif style < 0.8:
        start = rng.randint(-3, 3)
        step = rng.choice([1, 2, 5])
        values = [start + i * step for i in range(n)]
    else:
        values = sorted(rng.sample(range(-10, 20), n))
        if rng.random() < 0.5:
            values = [v + 0.5 for v in values]
    own = rng.random() < 0.3
    levels = []
    for v in values:
        lv: dict = {"value": v, "label": _text(rng, languages, (1, 3))}
        if rng.random() < 0.15:
            lv["description"] = _text(rng, languages)
        if own and rng.random() < 0.5:
            lv["score"] = rng.choice([0, 0.25, 0.5, 0.75, 1, round(rng.random(), 3)])
        levels.append(lv)
    if rng.random() < 0.15:
        rng.shuffle(levels)         # lowest/highest are by value, not by position
    return {"type": "levels", "levels": levels}


def _options(rng: random.Random, languages, n_range=(2, 5)) -> list:
    n = rng.randint(*n_range)
    opts = []
    for i in range(n):
        o: dict = {"id": f"o{i + 1}" if rng.random() < 0.8 else f"opt_{chr(97 + i)}",
                   "label": _text(rng, languages, (1, 3))}
        r = rng.random()
        if r < 0.1:
            pass                     # no score: scores 0
        elif r < 0.2:
            o["score"] = 0
        elif r < 0.4:
            o["score"] = round(rng.uniform(0, 5), 2)
        else:
            o["score"] = rng.randint(0, 4)
        opts.append(o)
    if max(o.get("score", 0) for o in opts) <= 0:
        opts[rng.randrange(n)]["score"] = rng.randint(1, 4)
    return opts


def _choice_fields(rng, languages) -> dict:
    return {"type": "choice", "options": _options(rng, languages)}


def _multi_fields(rng, languages) -> dict:
    d: dict = {"type": "multi", "options": _options(rng, languages, (2, 6))}
    if rng.random() < 0.5:
        total = sum(o.get("score", 0) for o in d["options"])
        d["max_score"] = rng.choice([round(total * rng.uniform(0.3, 0.9), 2) or 1, 1, 2, total + 1])
    return d


def _yesno_fields(rng, languages) -> dict:
    d: dict = {"type": "yesno"}
    r = rng.random()
    if r < 0.4:
        d["partial"] = True
    elif r < 0.5:
        d["partial"] = False
    return d


def _number_fields(rng, languages, disagg_ok: bool) -> dict:
    d: dict = {"type": "number"}
    if rng.random() < 0.5:
        d["unit"] = rng.choice(["%", "days", "SMEs", "VND m", "firms"])
    baseline = rng.choice([None, 0, 10, 20, 50, rng.randint(-20, 100)])
    b = 0 if baseline is None else baseline
    if rng.random() < 0.3:           # lower is better
        target = b - rng.randint(1, 40)
    else:
        target = b + rng.randint(1, 80)
    if rng.random() < 0.2:
        target = target + 0.5
    lo, hi = min(b, target), max(b, target)
    r = rng.random()
    if r < 0.4:
        d["min"] = min(lo - rng.randint(0, 10), 0) if rng.random() < 0.5 else lo - rng.randint(0, 10)
        d["max"] = hi + rng.randint(0, 30)
    elif r < 0.55:
        d["min"] = lo - rng.randint(0, 10)
    elif r < 0.65:
        d["max"] = hi + rng.randint(0, 30)
    if baseline is not None:
        d["baseline"] = baseline
    d["target"] = target
    if disagg_ok and rng.random() < 0.35:
        d["disaggregate"] = ["sex"] if rng.random() < 0.8 else ["sex", "size"]
    return d


def _text_fields(rng, languages) -> dict:
    return {"type": "text"}


_TYPE_MAKERS = {
    "levels": _levels_fields,
    "yesno": _yesno_fields,
    "choice": _choice_fields,
    "multi": _multi_fields,
    "number": lambda rng, languages: _number_fields(rng, languages, False),
    "text": _text_fields,
}
_TYPE_WEIGHTS = {"levels": 5, "yesno": 3, "choice": 2, "multi": 2, "number": 3, "text": 1}


# --------------------------------------------------------------------------- conditions

def _literal_number(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


def _comparison(rng: random.Random, ind: dict) -> str:
    iid, typ = ind["id"], ind["type"]
    if typ == "levels":
        values = [lv["value"] for lv in ind["levels"]]
        lit = rng.choice(values + [rng.choice(values) + 0.5, min(values) - 1])
        op = rng.choice(["==", "!=", "<", "<=", ">", ">="])
        return f"{iid} {op} {_literal_number(lit)}"
    if typ == "number":
        b, t = ind.get("baseline", 0), ind["target"]
        lit = rng.choice([b, t, (b + t) / 2, round(rng.uniform(min(b, t) - 5, max(b, t) + 5), 1)])
        if isinstance(lit, float) and lit.is_integer() and rng.random() < 0.5:
            lit = int(lit)
        op = rng.choice(["==", "!=", "<", "<=", ">", ">="])
        return f"{iid} {op} {_literal_number(lit)}"
    if typ == "yesno":
        lits = ["yes", "no"] + (["'partial'", '"partial"'] if ind.get("partial") else [])
        return f"{iid} {rng.choice(['==', '!='])} {rng.choice(lits)}"
    if typ == "choice":
        oid = rng.choice(ind["options"])["id"]
        q = rng.choice(["'", '"'])
        return f"{iid} {rng.choice(['==', '!='])} {q}{oid}{q}"
    raise ValueError(typ)


def _condition(rng: random.Random, candidates: list[dict]) -> str:
    n = rng.choice([1, 1, 1, 2, 2, 3])
    parts = [_comparison(rng, rng.choice(candidates)) for _ in range(n)]
    if n == 1:
        return parts[0]
    if n == 3 and rng.random() < 0.5:
        op1, op2 = rng.choice(["and", "or"]), rng.choice(["and", "or"])
        if rng.random() < 0.5:
            return f"({parts[0]} {op1} {parts[1]}) {op2} {parts[2]}"
        return f"{parts[0]} {op1} ({parts[1]} {op2} {parts[2]})"
    out = parts[0]
    for p in parts[1:]:
        out += f" {rng.choice(['and', 'or'])} {p}"
    return out


# --------------------------------------------------------------------------- checklist

def make_checklist(rng: random.Random, n_sections: int, n_indicators: int, depth: int = 2,
                   all_types: bool = True, with_when: bool = True,
                   languages=("en", "vi"), *, when_rate: float = 0.25,
                   when_local: bool = False, checklist_id: str | None = None,
                   v11: bool = False) -> dict:
    """A valid checklist (plain dict) with ``n_sections`` top-level sections (nested up to
    ``depth`` levels) holding exactly ``n_indicators`` indicators.

    ``all_types=False`` keeps to levels, yesno and number. ``when_local=True`` makes conditions
    name only indicators of the same top-level section (so top-level sections can be reordered).

    ``v11=True`` adds every FORMAT.md section 6 checklist key (see ``V11_CHECKLIST_KEYS``):
    stated ``direction`` on numbers and number scales, ``aggregate``, ``when_false``,
    ``results_level`` on indicators and sections, ``scoring.no_data``, ``unknown`` listed as a
    category, and ``profiles`` (include / exclude / weights) that stay valid: a selected
    indicator's ``when`` names only selected ones, and no section's selected scored parts all
    weigh 0. With ``v11=False`` (the default) the output is byte-identical to before.
    """
    if n_sections < 1 or n_indicators < n_sections:
        raise ValueError("need at least one section and at least one indicator per section")
    languages = tuple(languages) or ("en",)
    depth = max(1, depth)

    # ---- section tree: every leaf needs at least one indicator, so cap the leaves
    counter = [0]
    leaves_budget = [n_indicators - n_sections]     # extra leaves that may still be created

    def new_section(level: int, parent_id: str | None) -> dict:
        counter[0] += 1
        sid = f"s{counter[0]}" if parent_id is None else f"{parent_id}.{counter[0]}"
        if rng.random() < 0.1:
            sid = sid.replace("s", "sec_", 1)
        s: dict = {"id": sid, "title": _text(rng, languages)}
        if rng.random() < 0.15:
            s["description"] = _text(rng, languages, (5, 12))
        if v11 and rng.random() < 0.35:
            s["results_level"] = rng.choice(RESULTS_LEVELS)
        s["_subs"] = []
        if level < depth and rng.random() < 0.45:
            n_sub = rng.randint(1, 3)
            for _ in range(n_sub):
                # a new child keeps the leaf count unless it is the first child
                if s["_subs"] and leaves_budget[0] <= 0:
                    break
                if s["_subs"]:
                    leaves_budget[0] -= 1
                s["_subs"].append(new_section(level + 1, sid))
        return s

    tops = [new_section(1, None) for _ in range(n_sections)]

    def all_secs(secs):
        for s in secs:
            yield s
            yield from all_secs(s["_subs"])

    secs = list(all_secs(tops))
    counts = {id(s): (1 if not s["_subs"] else 0) for s in secs}
    remaining = n_indicators - sum(counts.values())
    assert remaining >= 0
    for _ in range(remaining):
        counts[id(rng.choice(secs))] += 1

    # ---- scales
    scales: dict = {}
    scale_types = ["levels", "yesno", "choice", "multi", "number"] if all_types else ["levels", "yesno", "number"]
    for i in range(rng.randint(1, 4)):
        typ = rng.choice(scale_types)
        name = f"{typ}_scale{i + 1}"
        if typ == "number":
            fields = _number_fields(rng, languages, False)
            if v11:
                _v11_number_keys(rng, fields, inline=False)
        else:
            fields = _TYPE_MAKERS[typ](rng, languages)
        if rng.random() < 0.2:
            fields = {"type": fields["type"], "description": _text(rng, languages), **{
                k: v for k, v in fields.items() if k != "type"}}
        scales[name] = fields

    # ---- indicators, created in ask order so that conditions can name earlier ones
    types = list(_TYPE_WEIGHTS) if all_types else ["levels", "yesno", "number"]
    type_w = [_TYPE_WEIGHTS[t] for t in types]
    if with_when is False:
        when_rate = 0.0
    nameable: list[tuple[dict, str]] = []    # (expanded indicator, top-level section id)
    n_ind = [0]

    def make_indicator(top_id: str) -> tuple[dict, dict]:
        n_ind[0] += 1
        iid = rng.choice(["Q", "I", "ind_", "X."]) + str(n_ind[0])
        ind: dict = {"id": iid, "text": _text(rng, languages, (4, 12))}
        if rng.random() < 0.2:
            ind["guidance"] = _text(rng, languages, (4, 10))
        use_scale = scales and rng.random() < 0.3
        if use_scale:
            name = rng.choice(list(scales))
            ind["scale"] = name
            expanded = {k: v for k, v in scales[name].items() if k != "description"}
            if expanded["type"] == "number" and rng.random() < 0.3:
                ind["disaggregate"] = ["sex"]
        else:
            typ = rng.choices(types, type_w)[0]
            if typ == "number":
                fields = _number_fields(rng, languages, True)
                if v11:
                    _v11_number_keys(rng, fields, inline=True)
            else:
                fields = _TYPE_MAKERS[typ](rng, languages)
            ind.update(fields)
            expanded = {k: v for k, v in fields.items() if k != "disaggregate"}
        w = _weight(rng)
        if w is not None:
            ind["weight"] = w
        if rng.random() < 0.15:
            ind["evidence"] = "required"
        elif rng.random() < 0.05:
            ind["evidence"] = "optional"
        if expanded["type"] != "text" and rng.random() < 0.25:
            ind["allow_na"] = True
        elif rng.random() < 0.03:
            ind["allow_na"] = False
        pool = [e for e, top in nameable if not when_local or top == top_id]
        if pool and rng.random() < when_rate:
            ind["when"] = _condition(rng, pool)
        if v11 and expanded["type"] != "text":
            if "when" in ind:
                r = rng.random()
                if r < 0.45:
                    ind["when_false"] = "zero"
                elif r < 0.55:
                    ind["when_false"] = "exclude"
            if rng.random() < 0.3:
                ind["results_level"] = rng.choice(RESULTS_LEVELS)
        full = dict(expanded)
        full.update({k: v for k, v in ind.items() if k != "scale"})
        if full["type"] in ("levels", "number", "yesno", "choice"):
            nameable.append((full, top_id))
        return ind, full

    def build(s: dict, top_id: str) -> dict:
        inds, fulls = [], []
        for _ in range(counts[id(s)]):
            ind, full = make_indicator(top_id)
            inds.append(ind)
            fulls.append(full)
        subs = [build(sub, top_id) for sub in s["_subs"]]
        out: dict = {k: v for k, v in s.items() if k != "_subs"}
        # weights: never all 0 on the scored children of a section
        scored = [i for i, f in zip(inds, fulls) if f["type"] != "text"] + \
                 [sub for sub in subs if sub["_scorable"]]
        if scored and all(c.get("weight", 1) == 0 for c in scored):
            pick = rng.choice(scored)
            pick["weight"] = rng.choice([1, 2, 0.5])
        out["_scorable"] = bool(scored)
        w = _weight(rng, 0.1)
        if w is not None:
            out["weight"] = w
        key_order = rng.random()
        if inds and subs and key_order < 0.3:
            out["sections"] = subs            # key order in the file does not change ask order
            out["indicators"] = inds
        else:
            if inds:
                out["indicators"] = inds
            if subs:
                out["sections"] = subs
            elif rng.random() < 0.05:
                out["sections"] = []
        return out

    top_dicts = [build(s, s["id"]) for s in tops]
    scorable_tops = [s for s in top_dicts if s["_scorable"]]
    if scorable_tops and all(s.get("weight", 1) == 0 for s in scorable_tops):
        rng.choice(scorable_tops)["weight"] = 1
    # a section's scored sub-sections, weights fixed after their own weight was drawn
    for s in walk_sections(top_dicts):
        subs = s.get("sections") or []
        inds = s.get("indicators") or []
        scored_inds = [i for i in inds if _ind_type(i, scales) != "text"]
        scored = scored_inds + [sub for sub in subs if sub["_scorable"]]
        if scored and all(c.get("weight", 1) == 0 for c in scored):
            rng.choice(scored)["weight"] = 1
    for s in walk_sections(top_dicts):
        s.pop("_scorable", None)

    doc: dict = {"ledcheck": 1,
                 "id": checklist_id or f"synthetic-{rng.randrange(10 ** 6):06d}",
                 "version": f"{rng.randint(2024, 2030)}.{rng.randint(1, 4)}",
                 "title": _text(rng, languages)}
    if rng.random() < 0.5:
        doc["description"] = _text(rng, languages, (6, 15))
    if languages != ("en",) or rng.random() < 0.3:
        doc["languages"] = list(languages)
    r = rng.random()
    if r < 0.4:
        doc["scoring"] = {"missing": "exclude"}
    elif r < 0.7:
        doc["scoring"] = {"missing": "zero"}
    if rng.random() < 0.8:
        n_bands = rng.randint(1, 4)
        mins = sorted(rng.sample(range(1, 100), n_bands - 1), reverse=True)
        mins.append(0 if rng.random() < 0.7 else rng.randint(1, 20))
        mins = sorted(set(mins), reverse=True)
        if rng.random() < 0.2:
            mins = [m + 0.5 if m < 100 else m for m in mins]
        doc["ratings"] = [{"min": m, "label": _text(rng, languages, (1, 2))} for m in mins]
    if scales:
        doc["scales"] = scales
    doc["disaggregations"] = {"sex": list(SEX), "size": list(SIZE)}
    doc["sections"] = top_dicts
    if v11:
        r = rng.random()
        if r < 0.35:
            doc.setdefault("scoring", {})["no_data"] = "exclude"
        elif r < 0.6:
            doc.setdefault("scoring", {})["no_data"] = "zero"
        if rng.random() < 0.15:
            doc["disaggregations"]["sex"].append("unknown")    # listed: same meaning (6.11)
        profiles = _make_profiles(rng, top_dicts, scales, languages)
        if profiles:
            doc["profiles"] = profiles
    return doc


RESULTS_LEVELS = ("input", "process", "output", "outcome", "impact")
V11_CHECKLIST_KEYS = ("direction", "aggregate", "when_false", "results_level", "scoring.no_data",
                      "profiles.include", "profiles.exclude", "profiles.weights",
                      "disaggregations.unknown")
V11_SUBMISSION_KEYS = ("subject_id", "reference_period", "meta", "profile", "no_data",
                       "by.partial", "by.unknown")


def _v11_number_keys(rng: random.Random, fields: dict, *, inline: bool) -> None:
    """A stated ``direction`` (on the side the target lies) and, inline only, ``aggregate``."""
    if rng.random() < 0.5:
        fields["direction"] = "decrease" if fields["target"] < fields.get("baseline", 0) else "increase"
    if inline and rng.random() < 0.3:
        fields["aggregate"] = rng.choice(["sum", "mean", "none"])


def _make_profiles(rng: random.Random, sections: list, scales: dict, languages) -> list:
    """1-3 valid profiles (FORMAT.md 6.6 and 6.11)."""
    pairs = list(ask_order(sections))
    ind_ids = [i["id"] for _, i in pairs]
    sec_ids = [s["id"] for s in walk_sections(sections)]
    under = {s["id"]: [i["id"] for _, i in ask_order([s])] for s in walk_sections(sections)}
    under.update({iid: [iid] for iid in ind_ids})
    deps = {i["id"]: {m[0] for m in _CMP.findall(i["when"])} for _, i in pairs if i.get("when")}
    scored = {i["id"] for _, i in pairs if _ind_type(i, scales) != "text"}

    def ids(names) -> set:
        return {x for n in names for x in under[n]}

    out = []
    for pid in ("core", "extended", "city_b")[:rng.randint(1, 3)]:
        prof: dict = {"id": pid}
        if rng.random() < 0.6:
            prof["title"] = _text(rng, languages)
        names = sec_ids + ind_ids
        include = rng.sample(names, rng.randint(1, min(4, len(names)))) if rng.random() < 0.75 else None
        exclude = rng.sample(names, rng.randint(1, min(2, len(names)))) if rng.random() < 0.5 else []
        sel = (set(ind_ids) if include is None else ids(include)) - ids(exclude)
        changed = True
        while changed:                 # a selected indicator's `when` names only selected ones
            changed = False
            for iid in ind_ids:
                if iid in sel and deps.get(iid, set()) - sel:
                    sel.discard(iid)
                    exclude.append(iid)
                    changed = True
        if not sel & scored:
            continue
        live_secs = [sid for sid in sec_ids if set(under[sid]) & sel & scored]
        weights: dict = {}
        if rng.random() < 0.6:
            pool = live_secs + [i for i in ind_ids if i in sel and i in scored]
            for name in rng.sample(pool, rng.randint(1, min(3, len(pool)))):
                weights[name] = rng.choice([0, 0.5, 1, 2, 3])

        def fix(children: list, sel=sel, weights=weights) -> None:
            """Not all of a level's selected scored parts may weigh 0 (the weight rule)."""
            live = [c for c in children if set(under[c["id"]]) & sel & scored]
            if live and all(weights.get(c["id"], c.get("weight", 1)) == 0 for c in live):
                weights[rng.choice(live)["id"]] = 1

        fix(sections)
        for s in walk_sections(sections):
            fix(list(s.get("indicators") or []) + list(s.get("sections") or []))
        if include is not None:
            prof["include"] = include
        if exclude:
            prof["exclude"] = exclude
        if weights:
            prof["weights"] = weights
        out.append(prof)
    return out


def _ind_type(ind: dict, scales: dict) -> str:
    if "scale" in ind:
        return scales[ind["scale"]]["type"]
    return ind["type"]


# --------------------------------------------------------------------------- conditions (eval)

_CMP = re.compile(r"""([A-Za-z][A-Za-z0-9_.-]*)\s*(==|!=|<=|>=|<|>)\s*
                      ('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|yes\b|no\b)""", re.X)


_COMPILED: dict[str, tuple] = {}


def _compile_when(cond: str) -> tuple:
    """(code, comparisons): the condition as Python and/or/parentheses (same precedence)
    around calls ``_c(i)`` of its comparisons."""
    hit = _COMPILED.get(cond)
    if hit is not None:
        return hit
    calls: list = []

    def repl(m: re.Match) -> str:
        iid, op, lit = m.group(1), m.group(2), m.group(3)
        if lit in ("yes", "no"):
            lit_v: Any = lit == "yes"
        elif lit[0] in "'\"":
            lit_v = lit[1:-1]
        else:
            lit_v = float(lit)
        calls.append((iid, op, lit_v))
        return f" _c({len(calls) - 1}) "

    code = compile(_CMP.sub(repl, cond).strip(), "<when>", "eval")
    if len(_COMPILED) > 100_000:
        _COMPILED.clear()
    _COMPILED[cond] = out = (code, tuple(calls))
    return out


def _eval_when(cond: str, state: dict) -> bool:
    """Evaluate a `when` against ``state`` (id -> valid, not N/A, answer value)."""
    code, calls = _compile_when(cond)

    def _c(i: int) -> bool:
        iid, op, lit_v = calls[i]
        if iid not in state:
            return False
        v = state[iid]
        if op in ("==", "!="):
            eq = (v == lit_v) and (type(v) is bool) == (type(lit_v) is bool)
            return eq if op == "==" else not eq
        return {"<": v < lit_v, "<=": v <= lit_v, ">": v > lit_v, ">=": v >= lit_v}[op]

    return bool(eval(code, {"__builtins__": {}}, {"_c": _c}))


# --------------------------------------------------------------------------- submission

_PREPARED: dict[int, tuple[dict, list[dict]]] = {}


def _prepared(checklist: dict) -> list[dict]:
    hit = _PREPARED.get(id(checklist))
    if hit is not None and hit[0] is checklist:
        return hit[1]
    inds = expanded_indicators(checklist)
    if len(_PREPARED) > 64:
        _PREPARED.clear()
    _PREPARED[id(checklist)] = (checklist, inds)
    return inds


def _split(rng: random.Random, total: int, n: int) -> list[int]:
    """n non-negative integers that add up to total (>= 0)."""
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def _valid_value(rng: random.Random, ind: dict) -> Any:
    typ = ind["type"]
    if typ == "levels":
        return rng.choice(ind["levels"])["value"]
    if typ == "yesno":
        choices: list = [True, False]
        if ind.get("partial"):
            choices.append("partial")
        return rng.choice(choices)
    if typ == "choice":
        return rng.choice(ind["options"])["id"]
    if typ == "multi":
        ids = [o["id"] for o in ind["options"]]
        return rng.sample(ids, rng.randint(0, len(ids)))
    if typ == "number":
        b, t = ind.get("baseline", 0), ind["target"]
        lo = ind.get("min", min(b, t) - 10)
        hi = ind.get("max", max(b, t) + 10)
        lo_i, hi_i = int(-(-lo // 1)), int(hi // 1)
        if ind.get("disaggregate") or rng.random() < 0.8:
            if lo_i <= hi_i:
                # favour values near baseline..target so that scores spread over 0..1
                if rng.random() < 0.7:
                    a = max(lo_i, int(min(b, t)) - 2)
                    z = min(hi_i, int(max(b, t)) + 2)
                    if a <= z:
                        return rng.randint(a, z)
                return rng.randint(lo_i, hi_i)
        return round(rng.uniform(lo, hi), 2)
    if typ == "text":
        return rng.choice(["Yes, since 2024", "n.a. for now", "Dự thảo", "42", "see annex"])
    raise ValueError(typ)


def _invalid_value(rng: random.Random, ind: dict) -> Any:
    """A value outside the indicator's domain (never None, which means unanswered)."""
    typ = ind["type"]
    if typ == "levels":
        values = [lv["value"] for lv in ind["levels"]]
        opts = [max(values) + 1, min(values) - 1, "high", [values[0]], sorted(values)[0] + 0.25]
        if 1 in values or 0 in values:
            opts.append(1 in values)          # a boolean is not a number
        return rng.choice(opts)
    if typ == "yesno":
        opts: list = [3, "maybe", [True]]
        if not ind.get("partial"):
            opts.append("partial")
        return rng.choice(opts)
    if typ == "choice":
        return rng.choice(["nope", 3, [ind["options"][0]["id"]]])
    if typ == "multi":
        ids = [o["id"] for o in ind["options"]]
        return rng.choice([ids[:1] + ["unknown_option"], 5, {"x": 1}])
    if typ == "number":
        opts = ["many", [1, 2], True]
        if "max" in ind:
            opts.append(ind["max"] + rng.randint(1, 10))
        if "min" in ind:
            opts.append(ind["min"] - rng.randint(1, 10))
        return rng.choice(opts)
    return {"unexpected": "map"}    # text


def _number_overrides(rng: random.Random, ind: dict, ans: dict) -> tuple[float, float]:
    b, t = ind.get("baseline", 0), ind["target"]
    r = rng.random()
    if r < 0.1:
        nb = b + rng.randint(-5, 5)
        if nb != t:
            ans["baseline"] = nb
            b = nb
    elif r < 0.2:
        nt = t + rng.randint(-10, 10)
        if nt != b:
            ans["target"] = nt
            t = nt
    elif r < 0.25:
        ans["baseline"], ans["target"] = t, b     # direction flipped
        b, t = t, b
    return b, t


def make_submission(rng: random.Random, checklist: dict, n_answers: int | None = None,
                    invalid_rate: float = 0.0, *, na_rate: float = 0.1,
                    map_rate: float = 0.4, shuffle: bool = False,
                    subject: str | None = None, v11: bool = False,
                    no_data_rate: float = 0.1) -> dict:
    """A submission (plain dict) for ``checklist``.

    ``n_answers=None`` answers every applicable indicator; otherwise about ``n_answers``
    indicators picked at random (those ruled out by ``when`` are skipped). Applicability is
    followed in ask order, so with ``invalid_rate=0`` every answer is valid.

    ``v11=True`` adds the FORMAT.md section 6 submission keys (``V11_SUBMISSION_KEYS``):
    ``subject_id``, ``reference_period``, ``meta``, ``profile`` (one of the checklist's, or
    ``all``), ``no_data`` answers (about ``no_data_rate`` of them), ``by`` parts that add up to
    less than the value (the rest is ``unknown``) and explicit ``unknown`` parts; overrides
    never reverse a stated direction unless the answer is meant to be bad, and bad answers
    include reversed overrides, ``by`` parts above the value and an unknown ``profile``. Every
    indicator is answered as if the whole checklist were asked, so answers to indicators
    outside the profile occur. With ``v11=False`` the output is byte-identical to before.
    """
    inds = _prepared(checklist)
    ids = [i["id"] for i in inds]
    if n_answers is None:
        chosen = set(ids)
    else:
        chosen = set(rng.sample(ids, min(n_answers, len(ids))))
    state: dict = {}       # id -> valid answered value (for conditions)
    answers: dict = {}
    dis = checklist.get("disaggregations") or {}
    for ind in inds:
        iid = ind["id"]
        applicable = "when" not in ind or _eval_when(ind["when"], state)
        bad = invalid_rate > 0 and rng.random() < invalid_rate
        if not applicable:
            if bad and rng.random() < 0.5:   # an answer to an indicator that is not asked
                answers[iid] = _valid_value(rng, ind)
            continue
        if iid not in chosen:
            if rng.random() < 0.02:
                answers[iid] = None if rng.random() < 0.5 else {"value": None}  # left blank
            continue
        typ = ind["type"]
        if bad:
            r = rng.random()
            if r < 0.2 and not ind.get("allow_na"):
                answers[iid] = rng.choice(["na", "n/a"])
            elif r < 0.4 and typ == "number" and ind.get("disaggregate") \
                    and isinstance(v := _valid_value(rng, ind), int) and v >= 0:
                cats = dis[ind["disaggregate"][0]]
                by = dict(zip(cats, _split(rng, v, len(cats))))
                if rng.random() < 0.5:
                    # 1.1: a shortfall is no error (the rest is `unknown`), so only excess
                    by[cats[0]] += rng.choice([1, 3] if v11 else [-1, 1, 3])
                else:
                    by["unknown_category"] = 0
                answers[iid] = {"value": v, "by": {ind["disaggregate"][0]: by}}
            elif r < 0.5 and typ != "number":
                v = _valid_value(rng, ind)
                answers[iid] = {"value": v, "by": {"sex": {"female": 1, "male": 0}}}
            elif v11 and r < 0.65 and typ == "number" and ind.get("direction"):
                b, t = ind.get("baseline", 0), ind["target"]
                v = _valid_value(rng, ind)
                answers[iid] = {"value": v, "baseline": t, "target": b}
                state[iid] = v           # an error, but the value still counts (FORMAT.md 6.11)
            else:
                answers[iid] = _invalid_value(rng, ind)
            continue
        if ind.get("allow_na") and rng.random() < na_rate:
            answers[iid] = rng.choice(["na", "na", "n/a"]) if rng.random() < 0.8 else {
                "value": "na", "note": "Not relevant here"}
            continue
        if v11 and typ != "text" and rng.random() < no_data_rate:
            answers[iid] = "no_data" if rng.random() < 0.7 else {
                "value": "no_data", "note": "Not measured this round"}
            continue                 # not in `state`: a condition naming it is false
        value = _valid_value(rng, ind)
        if typ == "number" and ind.get("disaggregate") and isinstance(value, float):
            value = int(value)       # parts are integers
            lo, hi = ind.get("min"), ind.get("max")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                value = _valid_value(rng, ind)
        ans: dict = {"value": value}
        if ind.get("evidence") == "required" and rng.random() < 0.85 or rng.random() < 0.2:
            ans["evidence"] = rng.choice(["Council resolution 12/2025", "Dashboard, March 2026",
                                          "Báo cáo năm 2025", "Interview notes"])
        if rng.random() < 0.15:
            ans["note"] = rng.choice(["Planned for 2027", "Partly done", "Ghi chú"])
        if typ == "number":
            if rng.random() < 0.25:
                b, t = _number_overrides(rng, ind, ans)
                sign = {"increase": 1, "decrease": -1}.get(ind.get("direction"), 0)
                if v11 and sign and (t - b) * sign <= 0:
                    ans.pop("baseline", None)    # a reversed stated direction is an error
                    ans.pop("target", None)
            if ind.get("disaggregate") and isinstance(value, int) and value >= 0 and rng.random() < 0.7:
                ans["by"] = {}
                for d in ind["disaggregate"]:
                    if d == ind["disaggregate"][0] or rng.random() < 0.5:
                        cats = dis[d]
                        if v11:
                            ans["by"][d] = _v11_parts(rng, value, cats)
                        else:
                            ans["by"][d] = dict(zip(cats, _split(rng, value, len(cats))))
        if len(ans) == 1 and rng.random() >= map_rate:
            answers[iid] = value
        else:
            answers[iid] = ans
        state[iid] = value
    if invalid_rate > 0 and rng.random() < invalid_rate * 5:
        answers["UNKNOWN_" + str(rng.randint(1, 99))] = 1
    if shuffle:
        items = list(answers.items())
        rng.shuffle(items)
        answers = dict(items)
    sub: dict = {"ledcheck": 1, "checklist": checklist["id"]}
    if rng.random() < 0.8:
        sub["checklist_version"] = checklist.get("version", "")
    sub["subject"] = subject or rng.choice(["Da Nang City", "Hue", "Can Tho", "Vientiane", "Cebu"])
    if rng.random() < 0.7:
        sub["assessor"] = rng.choice(["Nguyen Thi Lan", "A. Assessor", "Tran Van B"])
    if rng.random() < 0.7:
        sub["date"] = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.5:
        sub["period"] = rng.choice(["2026-Q1", "baseline", "midline"])
    if v11:
        _v11_subject(rng, sub, checklist, invalid_rate)
    sub["answers"] = answers
    return sub


def _v11_parts(rng: random.Random, value: int, cats: list) -> dict:
    """``by`` parts of ``value``: exact, short (the rest left implicit as ``unknown``), or with
    an explicit ``unknown`` part (exact or short)."""
    r = rng.random()
    cats = list(cats)
    if r < 0.25 and "unknown" not in cats:
        cats.append("unknown")                       # explicit remainder category
    total = value
    if rng.random() < 0.3 and value > 0:
        total = value - rng.randint(1, value)        # parts add up to less: the rest is unknown
    return dict(zip(cats, _split(rng, total, len(cats))))


def _v11_subject(rng: random.Random, sub: dict, checklist: dict, invalid_rate: float) -> None:
    """subject_id, reference_period, meta and profile (FORMAT.md 6.4, 6.6)."""
    if rng.random() < 0.6:
        sub["subject_id"] = rng.choice(["VN-48", "VN-46", "LA-01", "PH-07", "VN-92"])
    if rng.random() < 0.6:
        sub["reference_period"] = rng.choice(["2025", "2025-06", "2025-Q3", "2026-Q1",
                                              "2025-01-01/2025-12-31"])
    if rng.random() < 0.6:
        meta: dict = {"country": rng.choice(["VN", "LA", "PH"])}
        if rng.random() < 0.7:
            meta["province"] = rng.choice(["Da Nang", "Thua Thien Hue", "Vientiane"])
        if rng.random() < 0.7:
            meta["population"] = rng.randint(50_000, 9_000_000)
        if rng.random() < 0.5:
            meta["registered_smes"] = rng.randint(100, 60_000)
        sub["meta"] = meta
    profiles = [p["id"] for p in checklist.get("profiles") or ()]
    r = rng.random()
    if invalid_rate > 0 and rng.random() < invalid_rate:
        sub["profile"] = "no_such_profile"          # an error; the whole checklist is used
    elif profiles and r < 0.65:
        sub["profile"] = rng.choice(profiles)
    elif r < 0.75:
        sub["profile"] = "all"


# --------------------------------------------------------------------------- CLI

def _write(path: str, text: str) -> None:
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="generate.py", description="Synthetic ledcheck data.")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("checklist", help="write one checklist")
    c.add_argument("--sections", type=int, default=10)
    c.add_argument("--indicators", type=int, default=200)
    c.add_argument("--depth", type=int, default=2)
    c.add_argument("--no-when", action="store_true")
    c.add_argument("--languages", default="en,vi")
    c.add_argument("--id", default=None)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--v11", action="store_true", help="use the FORMAT.md section 6 keys too")
    c.add_argument("-o", "--output", required=True)
    s = sub.add_parser("submissions", help="write submissions for a checklist")
    s.add_argument("--checklist", required=True)
    s.add_argument("--count", type=int, default=100)
    s.add_argument("--answers", type=int, default=None, help="answers per submission (default: all)")
    s.add_argument("--invalid-rate", type=float, default=0.0)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--v11", action="store_true", help="use the FORMAT.md section 6 keys too")
    s.add_argument("-o", "--output", required=True, help="folder")
    a = p.parse_args(argv)
    rng = random.Random(a.seed)
    if a.cmd == "checklist":
        langs = tuple(x.strip() for x in a.languages.split(",") if x.strip())
        doc = make_checklist(rng, a.sections, a.indicators, depth=a.depth,
                             with_when=not a.no_when, languages=langs, checklist_id=a.id,
                             v11=a.v11)
        _write(a.output, dump_yaml(doc))
        return 0
    with open(a.checklist, encoding="utf-8") as f:
        checklist = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    os.makedirs(a.output, exist_ok=True)
    width = max(5, len(str(a.count)))
    for n in range(1, a.count + 1):
        doc = make_submission(rng, checklist, a.answers, a.invalid_rate,
                              subject=f"Subject {n}", v11=a.v11)
        _write(os.path.join(a.output, f"sub-{n:0{width}d}.yaml"), dump_yaml(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
