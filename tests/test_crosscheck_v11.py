"""Acceptance test of the 1.1 model (issue 11): ledcheck agrees with tests/reference_scorer.py
on random checklists and submissions that use every FORMAT.md section 6 key.

The reference was written from FORMAT.md alone (its readings of the unclear points are listed
as R1..R20 at its top). Each of N pairs (env ``LEDCHECK_CROSSCHECK_V11_N``, default 150) is a
``generate.make_checklist(..., v11=True)`` checklist, loaded through ledcheck (YAML bytes ->
load_bytes -> check_document, which must accept it), and one ``make_submission(..., v11=True)``
submission (every other one with invalid answers), scored by both under the submission's
``profile:`` (and, when ``ledcheck.scoring.score`` takes a ``profile`` argument, sometimes under
an explicit one, as ``--profile`` does). Compared: overall score and rating, complete, counts
(with ``no_data`` and ``implied``), every section's score, every indicator's status and score,
``results_levels``; then each indicator's ``results_level`` and, for answered numbers, the
effective ``baseline`` and ``target`` (which an ignored reversed override leaves unchanged).

A failure shows only the first mismatch of the first disagreeing pair (with the indicator's
definition and answer) and the seeds of the others. To see one pair in full:

    python3 tests/test_crosscheck_v11.py SEED            # checklist, submission, all mismatches
"""
from __future__ import annotations

import copy
import hashlib
import inspect
import math
import os
import random
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from ledcheck.scoring import score  # noqa: E402

import generate  # noqa: E402
from helpers import checklist_from_dict as load_checklist  # noqa: E402
from helpers import flatten_result as flatten  # noqa: E402
from helpers import roundtrip  # noqa: E402
from reference_scorer import reference_score  # noqa: E402

N_PAIRS = int(os.environ.get("LEDCHECK_CROSSCHECK_V11_N", "150"))
COUNTS = ("indicators", "applicable", "answered", "na", "missing", "no_data", "implied")
TAKES_PROFILE = "profile" in inspect.signature(score).parameters


# --------------------------------------------------------------------------- cases

def make_case(seed: int) -> tuple[dict, dict, str | None]:
    """(checklist, submission, explicit profile or None) for one seed, as read back from YAML."""
    rng = random.Random(1_100_000 + seed)
    n_sections = rng.randint(1, 4)
    n_indicators = n_sections + rng.randint(0, 14)
    cl = roundtrip(generate.make_checklist(
        rng, n_sections, n_indicators, depth=rng.randint(1, 3), all_types=rng.random() < 0.9,
        with_when=rng.random() < 0.9, languages=rng.choice([("en",), ("en", "vi")]),
        when_rate=rng.choice([0.3, 0.5, 0.7]), v11=True))
    invalid = 0.0 if seed % 2 == 0 else rng.choice([0.1, 0.25])
    n = None if rng.random() < 0.6 else rng.randint(0, n_indicators)
    sub = roundtrip(generate.make_submission(
        rng, cl, n, invalid, na_rate=rng.choice([0.1, 0.3]), map_rate=rng.choice([0.2, 0.6]),
        shuffle=rng.random() < 0.3, v11=True, no_data_rate=rng.choice([0.05, 0.15, 0.3])))
    explicit = None
    if TAKES_PROFILE and rng.random() < 0.3:
        explicit = rng.choice([p["id"] for p in cl.get("profiles") or ()] + ["all"])
    return cl, sub, explicit


def ledcheck_result(checklist, sub: dict, explicit: str | None) -> dict:
    kwargs = {"profile": explicit} if explicit is not None else {}
    return score(checklist, copy.deepcopy(sub), **kwargs).to_dict()


# --------------------------------------------------------------------------- comparison

def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)):
        return False
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _near_band(cl: dict, sc) -> bool:
    return sc is not None and any(abs(sc - b["min"]) < 1e-9 for b in cl.get("ratings") or ())


def _levels(result: dict):
    out = result.get("results_levels")
    if not isinstance(out, list):
        return out
    return [(lv.get("level"), lv.get("score"), lv.get("indicators")) if isinstance(lv, dict) else lv
            for lv in out]


def _indicator_entries(result: dict) -> dict:
    out: dict = {}

    def walk(secs):
        for s in secs or ():
            for ind in s.get("indicators") or ():
                out[ind["id"]] = ind
            walk(s.get("sections"))

    walk(result.get("sections"))
    return out


def differences(cl: dict, ref: dict, led_raw: dict) -> list[tuple[str, str | None]]:
    """Every mismatch as (message, indicator id it is about or None), most telling first:
    indicator statuses and scores in ask order, counts, complete, sections, score, rating,
    results levels; then each indicator's ``results_level`` and, for answered numbers, the
    effective ``baseline`` and ``target`` (FORMAT.md 6.1, 6.3: results carry them)."""
    led = flatten(led_raw)
    out: list[tuple[str, str | None]] = []
    for iid, (st, sc) in ref["indicators"].items():
        lst, lsc = led["indicators"].get(iid, ("(absent)", None))
        if st != lst or not _close(sc, lsc):
            out.append((f"indicator {iid}: reference ({st}, {sc!r}), ledcheck ({lst}, {lsc!r})", iid))
    for k in COUNTS:
        if ref["counts"][k] != led["counts"].get(k):
            out.append((f"counts.{k}: reference {ref['counts'][k]!r}, ledcheck "
                        f"{led['counts'].get(k, '(absent)')!r}", None))
    if ref["complete"] != led["complete"]:
        out.append((f"complete: reference {ref['complete']!r}, ledcheck {led['complete']!r}", None))
    for sid, sc in ref["sections"].items():
        lsc = led["sections"].get(sid, "(absent)")
        if not _close(sc, lsc):
            out.append((f"section {sid} score: reference {sc!r}, ledcheck {lsc!r}", None))
    if not _close(ref["score"], led["score"]):
        out.append((f"score: reference {ref['score']!r}, ledcheck {led['score']!r}", None))
    elif ref["rating"] != led["rating"] and not _near_band(cl, ref["score"]):
        out.append((f"rating: reference {ref['rating']!r}, ledcheck {led['rating']!r}", None))
    want = [(lv["level"], lv["score"], lv["indicators"]) for lv in ref["results_levels"]]
    got = _levels(led_raw)
    if not (isinstance(got, list) and len(got) == len(want) and all(
            isinstance(g, tuple) and g[0] == w[0] and _close(w[1], g[1]) and g[2] == w[2]
            for w, g in zip(want, got, strict=True))):
        out.append((f"results_levels: reference {want!r}, ledcheck "
                    f"{'(absent)' if got is None else got!r}", None))
    entries = _indicator_entries(led_raw)
    for iid, level in ref["levels"].items():
        got_level = entries.get(iid, {}).get("results_level", "(absent)")
        if level is not None and got_level != level:
            out.append((f"indicator {iid} results_level: reference {level!r}, ledcheck {got_level!r}", iid))
    for iid, (b, t) in ref["effective"].items():
        entry = entries.get(iid, {})
        got_bt = (entry.get("baseline", "(absent)"), entry.get("target", "(absent)"))
        if not (_close(b, got_bt[0]) and _close(t, got_bt[1])):
            out.append((f"indicator {iid} effective (baseline, target): reference {(b, t)!r}, "
                        f"ledcheck {got_bt!r}", iid))
    return out


def _one_line(data) -> str:
    return yaml.safe_dump(data, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=10 ** 6).strip()


def describe(cl: dict, sub: dict, explicit: str | None, iid: str | None) -> str:
    """The few facts that explain a mismatch: profile, scoring modes, the indicator, its answer."""
    lines = [f"  profile: argument {explicit!r}, submission {sub.get('profile')!r}; "
             f"scoring: {_one_line(cl.get('scoring') or {})}"]
    if iid is not None:
        path = []

        def find(secs, trail):
            for s in secs or ():
                here = trail + [s["id"] + (f"[{s['results_level']}]" if "results_level" in s else "")]
                for ind in s.get("indicators") or ():
                    if ind["id"] == iid:
                        path.extend(here)
                        return ind
                hit = find(s.get("sections"), here)
                if hit is not None:
                    return hit
            return None

        ind = find(cl["sections"], [])
        if ind is not None:
            if "scale" in ind:
                ind = dict(ind, **{"scale": {ind["scale"]: cl["scales"][ind["scale"]]}})
            lines.append(f"  in section {' > '.join(path)}: {_one_line(ind)}")
        answers = sub.get("answers") or {}
        lines.append(f"  answer: {_one_line(answers[iid]) if iid in answers else '(none)'}")
    return "\n".join(lines)


def check_pair(seed: int) -> str | None:
    """None when ledcheck and the reference agree on this seed's pair, else a short report."""
    cl, sub, explicit = make_case(seed)
    checklist, problems = load_checklist(cl)
    if checklist is None:
        first = next((p for p in problems if p.is_error), None)
        where = f"line {first.line}: " if first is not None and getattr(first, "line", None) else ""
        return (f"seed {seed}: ledcheck rejects the generated 1.1 checklist: "
                f"{where}{first.message if first is not None else '(no problem given)'}")
    try:
        led = ledcheck_result(checklist, sub, explicit)
    except Exception as exc:                     # noqa: BLE001 - reported, not hidden
        return f"seed {seed}: ledcheck raised {type(exc).__name__}: {exc}"
    ref = reference_score(cl, sub, explicit)      # explicit None: the submission's `profile:`
    diffs = differences(cl, ref, led)
    if not diffs:
        return None
    msg, iid = diffs[0]
    more = f"\n  (+{len(diffs) - 1} more differences)" if len(diffs) > 1 else ""
    return f"seed {seed}: {msg}\n{describe(cl, sub, explicit, iid)}{more}"


# --------------------------------------------------------------------------- tests

def test_crosscheck_v11():
    failures = [(seed, r) for seed in range(N_PAIRS) if (r := check_pair(seed)) is not None]
    if failures:
        seeds = [s for s, _ in failures]
        shown = ", ".join(map(str, seeds[:15])) + (" ..." if len(seeds) > 15 else "")
        pytest.fail(
            f"ledcheck and the 1.1 reference disagree on {len(failures)} of {N_PAIRS} pairs "
            f"(seeds {shown}).\nFirst: {failures[0][1]}\n"
            f"Full case: python3 tests/test_crosscheck_v11.py {seeds[0]}", pytrace=False)


def test_valid_generated_v11_submissions_have_no_errors():
    """The generator's valid 1.1 data (even seeds) really is valid for ledcheck: no errors."""
    for seed in range(0, min(N_PAIRS, 60), 2):
        cl, sub, explicit = make_case(seed)
        checklist, problems = load_checklist(cl)
        if checklist is None:
            pytest.fail(f"seed {seed}: checklist rejected: " + next(
                (p.message for p in problems if p.is_error), ""), pytrace=False)
        errors = [p for p in ledcheck_result(checklist, sub, explicit)["problems"]
                  if p["severity"] == "error"]
        if errors:
            pytest.fail(f"seed {seed}: {errors[0].get('path')}: {errors[0]['message']}",
                        pytrace=False)


def test_generated_cases_use_every_new_key():
    """Over the N pairs the generator uses every 1.1 key and reaches every 1.1 status."""
    seen: set[str] = set()
    for seed in range(N_PAIRS):
        cl, sub, explicit = make_case(seed)
        text = generate.dump_yaml(cl)
        for key in ("direction:", "aggregate:", "when_false: zero", "when_false: exclude",
                    "results_level:", "no_data:", "profiles:", "include:", "exclude:", "weights:"):
            if key in text:
                seen.add(key)
        for s in generate.walk_sections(cl["sections"]):
            if "results_level" in s:
                seen.add("section results_level")
        for key in ("subject_id", "reference_period", "meta", "profile"):
            if key in sub:
                seen.add("submission " + key)
        for ans in (sub.get("answers") or {}).values():
            value = ans.get("value") if isinstance(ans, dict) else ans
            if value == "no_data":
                seen.add("no_data answer")
            if isinstance(ans, dict) and isinstance(ans.get("by"), dict):
                for parts in ans["by"].values():
                    if "unknown" in parts:
                        seen.add("explicit unknown")
                    if isinstance(value, (int, float)) and sum(parts.values()) < value:
                        seen.add("partial by")
        r = reference_score(cl, sub, explicit)
        seen |= {"status " + st for st, _ in r["indicators"].values()}
        seen |= {"level " + lv["level"] for lv in r["results_levels"]}
    wanted = {"direction:", "aggregate:", "when_false: zero", "when_false: exclude",
              "results_level:", "section results_level", "no_data:", "profiles:", "include:",
              "exclude:", "weights:", "submission subject_id", "submission reference_period",
              "submission meta", "submission profile", "no_data answer", "explicit unknown",
              "partial by", "status no_data", "status implied", "status not_selected",
              "status answered", "status missing", "status na", "status not_applicable"}
    if N_PAIRS >= 100:
        wanted |= {f"level {lv}" for lv in generate.RESULTS_LEVELS}
    assert wanted <= seen, sorted(wanted - seen)


# sha256 over make_checklist/make_submission outputs for fixed seeds with v11 off, computed
# before v11 existed: existing callers (tests, benchmarks) must keep getting the same data.
V10_DIGEST = "b9ff711fb3b4"


def test_generator_without_v11_is_unchanged():
    h = hashlib.sha256()
    for seed in range(300):
        rng = random.Random(seed)
        cl = generate.make_checklist(rng, rng.randint(1, 4), rng.randint(4, 30), depth=rng.randint(1, 3),
                                     all_types=rng.random() < 0.9, with_when=rng.random() < 0.85,
                                     when_rate=rng.choice([0.2, 0.5]), when_local=seed % 3 == 0)
        h.update(generate.dump_yaml(cl).encode())
        for k in range(2):
            sub = generate.make_submission(rng, cl, None if k else 5, 0.3 if k else 0.0, na_rate=0.2,
                                           shuffle=k == 1)
            h.update(generate.dump_yaml(sub).encode())
    assert h.hexdigest().startswith(V10_DIGEST)


if __name__ == "__main__":
    seed = int(sys.argv[1])
    cl, sub, explicit = make_case(seed)
    print("# checklist.yaml\n" + generate.dump_yaml(cl))
    print("# submission.yaml\n" + generate.dump_yaml(sub))
    print(f"# explicit profile: {explicit!r}")
    checklist, problems = load_checklist(cl)
    if checklist is None:
        for p in problems:
            print(p.format("generated.yaml"))
        sys.exit(1)
    ref = reference_score(cl, sub, explicit)
    diffs = differences(cl, ref, ledcheck_result(checklist, sub, explicit))
    for msg, _ in diffs:
        print(msg)
    print("agree" if not diffs else f"{len(diffs)} differences")
