"""Hostile YAML: alias bombs, deep nesting, huge, non-UTF-8 and binary files, Python tags.

Each is refused with a located message and the exit code of FORMAT.md §5, quickly and in
little memory; a Python tag's payload never runs.

Part of the security suite (``tests/test_security_*.py``): every test runs the real command
line in a subprocess (``helpers.cli``) and checks a clear message and no damage.
"""
from __future__ import annotations

import json
import re
import time

import pytest

from helpers import (
    EXAMPLE,
    LOCATED,
    MB,
    assert_clean,
    cli,
    indicators_by_id,
    submission,
    write,
)

# --------------------------------------------------------------------------- 1. alias bombs, deep nesting

def _laughs(indent: str = "") -> str:
    lines = [f'{indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for c in "bcdefghi":
        lines.append(f"{indent}{c}: &{c} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = c
    return "\n".join(lines) + "\n"


BOMBS = {
    # 9^9 ~ 387 million strings
    "billion-laughs": (
        "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n" + _laughs("  "),
        "ledcheck: 1\nid: bomb\ntitle: t\n" + _laughs() + "sections: []\n",
    ),
    # 100,000 levels of flow collections
    "deep-flow": (
        "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n  ST1: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "ledcheck: 1\nid: deep\ntitle: t\nsections: " + "[" * 100_000 + "]" * 100_000 + "\n",
    ),
    "deep-map": (
        "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        "ledcheck: 1\nid: deep\ntitle: t\nsections: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
    ),
    # 100,000 levels of block sequences on one line ("- - - - ... 1")
    "deep-block": (
        "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n  ST1:\n    " + "- " * 100_000 + "1\n",
        "ledcheck: 1\nid: deep\ntitle: t\nsections:\n  " + "- " * 100_000 + "1\n",
    ),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_alias_bombs_and_deep_nesting_are_refused_fast_and_small(tmp_path, bomb):
    from ledcheck import yamlio
    from ledcheck.errors import LoadError

    sub_text, cl_text = BOMBS[bomb]
    sub = write(tmp_path / "sub.yaml", sub_text)
    cl = write(tmp_path / "cl.yaml", cl_text)

    # the loader itself: refused with a position, in well under a second
    for path in (sub, cl):
        t0 = time.monotonic()
        with pytest.raises(LoadError) as info:
            yamlio.load(path)
        assert time.monotonic() - t0 < 2.0   # a guard rail against blow-ups (ms in practice)
        assert info.value.line >= 1 and info.value.col >= 1

    # the commands: validate and score both files in one run each, then the checklist via -c
    runs = [
        (cli("validate", sub, cl, cwd=tmp_path), 1),
        (cli("score", sub, cl, cwd=tmp_path), 1),
        (cli("score", "-c", cl, EXAMPLE, cwd=tmp_path), 2),   # a checklist score cannot use
        (cli("validate", "-c", cl, EXAMPLE, cwd=tmp_path), 2),
    ]
    for run, code in runs:
        assert_clean(run)
        assert run.rc == code, run
        # interpreter start-up included; the parsing itself is timed above
        assert run.cpu_seconds < 8.0, run
        assert run.maxrss_mb < 200, run
        assert re.search(r"(^|\s)(\S*/)?cl\.yaml" + LOCATED, run.err, re.M), run
        assert re.search(r"nesting is too deep|aliases expand|nodes", run.err), run
    assert re.search(r"sub\.yaml" + LOCATED, runs[0][0].err), runs[0][0]
    assert re.search(r"sub\.yaml" + LOCATED, runs[1][0].err), runs[1][0]


def _scalar_bomb(n_aliases: int = 20_000, size: int = 500_000) -> str:
    """A small file whose aliases repeat one long string: few nodes, a huge expansion."""
    big = "x" * size
    return ("ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n  ST1:\n    value: 3\n"
            f"    evidence: [&e '{big}'" + ", *e" * n_aliases + "]\n")


def test_aliases_of_a_long_string_are_refused_like_a_billion_laughs(tmp_path):
    sub = write(tmp_path / "sub.yaml", _scalar_bomb())
    assert sub.stat().st_size < 1 * MB
    for command in ("validate", "score"):
        run = cli(command, sub, cwd=tmp_path, mem_limit=1500 * MB)
        assert_clean(run)
        assert run.rc == 1, run
        assert re.search(r"sub\.yaml" + LOCATED + ".*alias", run.err), run


def test_checklist_with_aliased_long_texts_is_refused(tmp_path):
    big = "y" * 1_000_000
    lines = ["ledcheck: 1", "id: bomb", f"title: &t '{big}'", "sections:", "  - id: s",
             "    title: *t", "    indicators:"]
    lines += [f"      - {{id: I{i}, text: *t, type: yesno}}" for i in range(5000)]
    cl = write(tmp_path / "cl.yaml", "\n".join(lines) + "\n")
    run = cli("validate", cl, cwd=tmp_path, mem_limit=1500 * MB)
    assert_clean(run)
    assert run.rc == 1, run
    assert re.search(r"cl\.yaml" + LOCATED, run.err), run


def test_many_unknown_answers_are_reported_in_linear_time(tmp_path):
    # Quadratic locating (a regression once) took minutes here; linear takes well under a second.
    body = "".join(f"  U{i}: 1\n" for i in range(10_000))
    sub = write(tmp_path / "sub.yaml", "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n" + body)
    run = cli("validate", sub, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1 and run.err.count("unknown indicator") == 10_000, run.err[-500:]
    assert run.cpu_seconds < 4.0, run


def test_checklist_with_many_problems_is_checked_in_linear_time(tmp_path):
    lines = ["ledcheck: 1", "id: big", "title: t", "sections:", "  - id: s", "    title: s",
             "    indicators:"]
    lines += [f"      - {{id: I{i}, text: t, type: yesno, wieght: 1}}" for i in range(20_000)]
    cl = write(tmp_path / "cl.yaml", "\n".join(lines) + "\n")
    run = cli("validate", cl, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1 and run.err.count("wieght") >= 20_000, run.err[-500:]
    assert run.cpu_seconds < 5.0, run


# --------------------------------------------------------------------------- 2. size limit

def test_a_50_mb_file_is_refused_by_the_size_limit_and_accepted_when_raised(tmp_path):
    big = tmp_path / "big.yaml"
    chunk, n_chunks = "n" * MB, 50
    with open(big, "w", encoding="utf-8") as fh:  # written in pieces: this process stays small
        fh.write("ledcheck: 1\nchecklist: sme-me-aec\nsubject: Big\nanswers:\n"
                 "  ST1a: {value: 3, evidence: e, note: '")
        for _ in range(n_chunks):
            fh.write(chunk)
        fh.write("'}\n")
    assert big.stat().st_size > 50 * MB

    for command in ("validate", "score"):
        run = cli(command, big, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 1, run
        assert run.cpu_seconds < 8.0, run
        assert run.maxrss_mb < 200, run   # refused before reading
        assert re.search(r"big\.yaml" + LOCATED + r".*limit of 10,485,760 bytes.*--max-bytes", run.err), run

    out = tmp_path / "out.json"
    run = cli("score", big, "--max-bytes", "100000000", "-o", out, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 0, run
    assert run.cpu_seconds < 30, run
    [result] = json.loads(out.read_bytes())
    st1 = indicators_by_id(result)["ST1a"]
    assert len(st1["note"]) == n_chunks * MB and set(st1["note"]) == {"n"}


# --------------------------------------------------------------------------- 3. encodings, binary

BINARIES = {
    "latin1.yaml": ("ledcheck: 1\nchecklist: sme-me-aec\nsubject: Caf\xe9 City\nanswers: {}\n".encode("latin-1"),
                    (3, 13)),
    "png.yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)), (1, 1)),
    "nul.yaml": (b"ledcheck: 1\nchecklist: sme-me-aec\nsubject: a\x00b\nanswers: {}\n", (3, 11)),
    "utf16.yaml": ("ledcheck: 1\n".encode("utf-16"), (1, 1)),
}


def test_non_utf8_and_binary_files_are_refused_with_their_position(tmp_path):
    paths = [write(tmp_path / name, data) for name, (data, _) in BINARIES.items()]
    for command in ("validate", "score"):
        run = cli(command, *paths, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 1, run
        for name, (_data, (line, col)) in BINARIES.items():
            assert re.search(rf"{re.escape(name)}:{line}:{col}: error: (not UTF-8|binary)", run.err), (name, run)
    # as a checklist: one that score cannot use
    run = cli("score", "-c", paths[0], EXAMPLE, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 2, run
    assert re.search(r"latin1\.yaml:3:13: error: not UTF-8", run.err), run


# --------------------------------------------------------------------------- 6. Python object tags

TAG_PAYLOADS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    "!!python/name:os.system",
    '!!python/object/new:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_output [["touch", "{marker}"]]',
    "!!python/module:os",
]


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    files = []
    for i, tag in enumerate(TAG_PAYLOADS):
        payload = tag.format(marker=marker)
        files.append((write(tmp_path / f"sub-subject-{i}.yaml", submission("x").replace('"x"', payload)), 3))
        files.append((write(tmp_path / f"sub-answer-{i}.yaml",
                            submission("x", answers=f"\n  ST1: {payload}")), 5))
        files.append((write(tmp_path / f"sub-key-{i}.yaml",
                            submission("x", answers=f"\n  ? {payload}\n  : 1")), 5))
        files.append((write(tmp_path / f"cl-{i}.yaml",
                            f"ledcheck: 1\nid: t\ntitle: {payload}\nsections: []\n"), 3))
    paths = [p for p, _ in files]
    for command in ("validate", "score"):
        run = cli(command, *paths, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 1, run
        for path, line in files:
            assert re.search(rf"{re.escape(path.name)}:{line}:\d+: error: tag '!!python/\S+' is not allowed",
                             run.err), (path.name, run)
    for path, _ in files:
        if path.name.startswith("cl-"):
            run = cli("score", "-c", path, EXAMPLE, cwd=tmp_path)
            assert_clean(run)
            assert run.rc == 2, run
            assert "is not allowed" in run.err
    assert not marker.exists()
