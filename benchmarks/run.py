#!/usr/bin/env python3
"""ledcheck benchmarks: each figure against a baseline measured in the same run.

    python3 benchmarks/run.py            # full run (10,000 and 100,000 submissions)
    python3 benchmarks/run.py --quick    # smaller, for a smoke test (2,000 submissions)

Data is generated once into benchmarks/data/ (ignored by git) with benchmarks/generate.py and
reused while its parameters are the same. Every timing is the median wall time of whole
commands over several runs (--runs), as a user would see them; peak memory is the maximum
resident set size of the command (GNU time's %M, or getrusage where time is missing).

Printed figures (and the targets from the performance issue):
  score 10k x 40 answers -> jsonl, 1 process  vs  yaml.load(CSafeLoader) of the same files  (<= 1.3x)
  score --jobs 2                               vs  score --jobs 1                            (>= 1.7x faster)
  validate 10k submissions                     vs  check-jsonschema with `ledcheck schema submission -c`  (>= 5x faster)
  validate a checklist of 2,000 indicators                                                   (< 0.3 s)
  ledcheck --version                           vs  python3 -c "import yaml"                  (< 1.5x)
  peak memory of score over 10k and 100k submissions, jsonl and csv                          (flat)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
PY = sys.executable
LEDCHECK = [PY, "-m", "ledcheck"]

sys.path.insert(0, str(HERE))
import generate  # noqa: E402


def sh(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def timed(cmd, runs: int, check_rc=(0,), env=None) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up run for the file cache)."""
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        r = sh(cmd, env=env)
        dt = time.perf_counter() - t0
        if r.returncode not in check_rc:
            raise SystemExit(f"{' '.join(map(str, cmd))} exited {r.returncode}: {r.stderr.decode()[-2000:]}")
        if i:
            times.append(dt)
    return statistics.median(times)


def peak_rss_mb(cmd) -> float:
    """Peak resident memory of one run of ``cmd``, in MB."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if gnu_time:
        with tempfile.NamedTemporaryFile("r") as f:
            r = subprocess.run([gnu_time, "-f", "%M", "-o", f.name, *cmd],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode in (0, 1):
                return int(f.read().strip().splitlines()[-1]) / 1024
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sh(cmd)
    return max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024


# --------------------------------------------------------------------------- data

def ensure_data(n_subs: int, n_answers: int, big: int) -> dict:
    """Generate (or reuse) the checklists and submissions; returns their paths."""
    DATA.mkdir(exist_ok=True)
    stamp = DATA / "stamp.json"
    params = {"n_subs": n_subs, "n_answers": n_answers, "big": big, "v": 3}
    paths = {
        "checklist": DATA / "bench-checklist.yaml",
        "subs": DATA / f"subs-{n_subs}",
        "many": DATA / f"subs-{n_subs * 10}",
        "big_checklist": DATA / f"checklist-{big}.yaml",
        "schema": DATA / "submission.schema.json",
    }
    if stamp.exists() and json.loads(stamp.read_text()) == params and all(p.exists() for p in paths.values()):
        return paths
    print("generating benchmark data ...", file=sys.stderr)
    for p in paths.values():
        if p.is_dir():
            shutil.rmtree(p)
    rng = random.Random(20261129)
    # a checklist of 60 indicators without conditions, so that 40 answers each are all applicable
    cl = generate.make_checklist(rng, 8, 60, depth=2, with_when=False, checklist_id="bench")
    paths["checklist"].write_text(generate.dump_yaml(cl), "utf-8")
    paths["subs"].mkdir()
    for i in range(n_subs):
        sub = generate.make_submission(rng, cl, n_answers=n_answers, na_rate=0.05, map_rate=0.3,
                                       subject=f"City {i:05d}")
        (paths["subs"] / f"s{i:05d}.yaml").write_text(generate.dump_yaml(sub), "utf-8")
    # 10x as many submissions as hard links to the same files (distinct paths, same contents)
    paths["many"].mkdir()
    names = sorted(os.listdir(paths["subs"]))
    for k in range(10):
        for name in names:
            os.link(paths["subs"] / name, paths["many"] / f"{k}-{name}")
    big_cl = generate.make_checklist(random.Random(7), 40, big, depth=3, checklist_id="big")
    paths["big_checklist"].write_text(generate.dump_yaml(big_cl), "utf-8")
    schema = subprocess.run([*LEDCHECK, "schema", "submission", "-c", str(paths["checklist"])],
                            capture_output=True, check=True).stdout
    paths["schema"].write_bytes(schema)
    stamp.write_text(json.dumps(params))
    return paths


PARSE_ONLY = r"""
import os, sys, yaml
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""


# --------------------------------------------------------------------------- benchmarks

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2,000 submissions, fewer runs")
    ap.add_argument("--runs", type=int, default=None, help="runs per timing (median); default 5 (3 quick)")
    ap.add_argument("--skip-jsonschema", action="store_true", help="skip the check-jsonschema comparison")
    args = ap.parse_args(argv)
    n = 2000 if args.quick else 10000
    runs = args.runs or (3 if args.quick else 5)
    paths = ensure_data(n, 40, 2000)
    # as after `pip install` (which byte-compiles), even where PYTHONDONTWRITEBYTECODE is set
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "ledcheck")], check=True)
    subs, many = str(paths["subs"]), str(paths["many"])
    cl = str(paths["checklist"])
    out = tempfile.mkdtemp(prefix="ledcheck-bench-")
    rows = []

    def row(what, value, baseline=None, target=None, unit="s"):
        ratio = f"{value / baseline:.2f}x" if baseline else ""
        rows.append((what, f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} {unit}",
                     f"{baseline:.3f} {unit}" if baseline else "", ratio, target or ""))
        print(f"{what:<58} {rows[-1][1]:>12} {rows[-1][2]:>12} {ratio:>8}  {target or ''}", flush=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; medians of {runs} runs")
    print(f"{'benchmark':<58} {'ledcheck':>12} {'baseline':>12} {'ratio':>8}  target")

    parse = timed([PY, "-c", PARSE_ONLY, subs], runs)
    score1 = timed([*LEDCHECK, "score", subs, "-c", cl, "-f", "jsonl", "-o", f"{out}/s.jsonl", "-j", "1"], runs)
    row(f"score {n:,} subs x 40 answers -> jsonl, 1 process", score1, parse, "<= 1.3x parse")
    score2 = timed([*LEDCHECK, "score", subs, "-c", cl, "-f", "jsonl", "-o", f"{out}/s.jsonl", "-j", "2"], runs)
    row("score ... --jobs 2 (baseline: --jobs 1)", score2, score1, ">= 1.7x faster")
    val = timed([*LEDCHECK, "validate", subs, "-c", cl, "-q"], runs)
    row(f"validate {n:,} submissions (baseline: parse only)", val, parse)
    if not args.skip_jsonschema and shutil.which("check-jsonschema"):
        files = sorted(str(p) for p in Path(subs).iterdir())
        cj_runs = 1 if not args.quick else runs
        cj = timed(["check-jsonschema", "--schemafile", str(paths["schema"]), *files], cj_runs)
        row(f"validate {n:,} submissions (baseline: check-jsonschema)", val, cj, ">= 5x faster")
    big = timed([*LEDCHECK, "validate", str(paths["big_checklist"]), "-q"], max(runs, 5))
    row("validate a checklist of 2,000 indicators", big, None, "< 0.3 s")
    start_yaml = timed([PY, "-c", "import yaml"], 20)
    start = timed([*LEDCHECK, "--version"], 20)
    row("ledcheck --version (baseline: python3 -c 'import yaml')", start, start_yaml, "< 1.5x")
    start_typer = timed([PY, "-c", "import typer"], 20)
    row("ledcheck --version (baseline: python3 -c 'import typer')", start, start_typer)
    for fmt in ("jsonl", "csv"):
        m1 = peak_rss_mb([*LEDCHECK, "score", subs, "-c", cl, "-f", fmt, "-o", f"{out}/m.{fmt}", "-j", "1"])
        m10 = peak_rss_mb([*LEDCHECK, "score", many, "-c", cl, "-f", fmt, "-o", f"{out}/m.{fmt}", "-j", "1"])
        row(f"peak memory, score {n:,} subs -> {fmt}", m1, None, "", unit="MB")
        row(f"peak memory, score {n * 10:,} subs -> {fmt} (baseline: {n:,})", m10, m1, "flat", unit="MB")
    shutil.rmtree(out, ignore_errors=True)

    print("\nMarkdown:\n")
    print("| benchmark | ledcheck | baseline | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
