"""Property (issue 9): any mix of hostile inputs in one batch leaves every good file its result,
exits 1, and never gives an 'internal error' or a traceback.

Hypothesis draws a batch from: valid submissions (plain, with a BOM, reached by a symlink),
400-digit numbers, 1e308 baseline/target overrides, bad YAML, binary junk, FIFOs, broken
symlinks, empty files and unknown checklist ids. The batch is a folder (as CI passes it; a FIFO
named on the command line would be opened as given, by design). Each example runs ``score``
in this process (``helpers.invoke``), with one or two jobs.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import invoke

HEADER = "ledcheck: 1\nchecklist: sme-me-aec\nsubject: {subject}\n"
BIG = "9" * 400

# kind -> (good?, builder(subject) -> bytes | None); None: made specially (FIFO, link)
KINDS: dict[str, tuple[bool, object]] = {
    "valid": (True, lambda s: (HEADER.format(subject=s)
                               + "answers: {LR7: 12, ST1a: {value: 2, evidence: Plan}}\n").encode()),
    "bom": (True, lambda s: ("\ufeff" + HEADER.format(subject=s) + "answers: {LR7: 3}\n").encode()),
    "crlf": (True, lambda s: (HEADER.format(subject=s) + "answers: {LR7: 40}\n").replace("\n", "\r\n").encode()),
    "link": (True, None),
    "big_number": (False, lambda s: (HEADER.format(subject=s) + f"answers: {{LR7: {BIG}}}\n").encode()),
    "big_negative": (False, lambda s: (HEADER.format(subject=s) + f"answers: {{LR7: -{BIG}.5}}\n").encode()),
    "huge_override": (False, lambda s: (HEADER.format(subject=s) + "answers: {LR7: {value: 5, baseline: -1.0e+308, "
                                        "target: 1.0e+308}, ST6: {value: 50, target: 1.7e+308}}\n").encode()),
    "inf_override": (False, lambda s: (HEADER.format(subject=s)
                                       + "answers: {LR7: {value: .inf, target: .nan}}\n").encode()),
    "bad_yaml": (False, lambda s: b"ledcheck: 1\nanswers: [\n  - {\n"),
    "binary": (False, lambda s: bytes(range(256)) * 4),
    "empty": (False, lambda s: b""),
    "unknown_checklist": (False, lambda s: HEADER.format(subject=s).replace("sme-me-aec", "no-such-list").encode()
                          + b"answers: {}\n"),
    "path_checklist": (False, lambda s: HEADER.format(subject=s).replace("sme-me-aec", "/etc/passwd").encode()
                       + b"answers: {}\n"),
    "fifo": (False, None),
    "broken_link": (False, None),
}
GOOD = {k for k, (good, _) in KINDS.items() if good}


def _make(folder: Path, outside: Path, i: int, kind: str) -> str:
    name = f"f{i:02d}-{kind}.yaml"
    path = folder / name
    subject = f"Subject {i}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        target = outside / name
        target.write_bytes(KINDS["valid"][1](subject))
        path.symlink_to(target)
    elif kind == "broken_link":
        path.symlink_to(outside / "missing.yaml")
    else:
        path.write_bytes(KINDS[kind][1](subject))
    return name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=8),
       jobs=st.sampled_from([1, 1, 2]))
def test_hostile_mixes_leave_each_good_file_its_result(kinds, jobs):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder, outside = root / "batch", root / "outside"
        folder.mkdir()
        outside.mkdir()
        names = {_make(folder, outside, i, kind): kind for i, kind in enumerate(kinds)}
        run = invoke("score", "batch", "-f", "json", "--jobs", jobs, cwd=root)
        assert "internal error" not in run.err and "Traceback" not in run.err, run
        results = json.loads(run.out)
        by_source = {Path(r["source"]).name: r for r in results}
        for name, kind in names.items():
            if kind in GOOD:
                assert name in by_source, (name, run)
                assert by_source[name]["problems"] == [], by_source[name]
                assert by_source[name]["score"] is not None
        # every score is a real number or null (never NaN or infinite)
        for r in results:
            assert r["score"] is None or (isinstance(r["score"], (int, float)) and abs(r["score"]) <= 100), r
        expected = 1 if set(kinds) - GOOD else 0
        assert run.code == expected, (kinds, run)
