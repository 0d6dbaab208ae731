"""Outputs under kills and concurrency: a run killed mid-write, two runs into one folder,
outputs that are FIFOs, devices or symlinks, and assess never overwriting a file unasked.

Nothing is lost: every report is either the old one or a complete new one.

Part of the security suite (``tests/test_security_*.py``): every test runs the real command
line in a subprocess (``helpers.cli``) and checks a clear message and no damage.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from helpers import (
    EXAMPLE,
    EXAMPLES,
    HANG,
    ROOT,
    assert_clean,
    cli,
    close,
    kill_group,
    start,
    wait,
    write,
)

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


def _kill_when(p, t0, condition, timeout=HANG) -> None:
    """SIGKILL the run (its process group) as soon as ``condition()`` holds; it must still run."""
    while not condition():
        pid, _status, _ = os.wait4(p.pid, os.WNOHANG)
        assert pid == 0, "the run finished before it could be killed: make the batch larger"
        assert time.monotonic() - t0 < timeout, "the run never reached the point to kill it at"
        time.sleep(0.005)
    pid, _status, _ = os.wait4(p.pid, os.WNOHANG)
    assert pid == 0, "the run finished before it could be killed"
    kill_group(p)


def test_killed_run_leaves_the_old_output_file_intact(tmp_path, big_batch):
    out = write(tmp_path / "out.json", b'["old output"]\n')
    p, t0, files = start(["score", big_batch, "-o", out, "-q"], cwd=tmp_path)
    try:
        # kill once the new output is being written (its temporary file has data)
        def writing():
            return any((tmp_path / n).stat().st_size > 100_000 for n in _tmp_leftovers(tmp_path))
        _kill_when(p, t0, writing)
    finally:
        kill_group(p)
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
        kill_group(p)
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
    results = [wait(*r) for r in runs]
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


def _drain_during(fd: int, command):
    """Run ``command()`` while reading the FIFO ``fd``: an output larger than the pipe's buffer
    (the 2026.2 default checklist's template is) would otherwise block the writer for ever."""
    import threading

    box: dict = {}
    worker = threading.Thread(target=lambda: box.setdefault("run", command()))
    worker.start()
    data = b""
    while worker.is_alive():
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            chunk = b""
        if chunk:
            data += chunk
        else:
            time.sleep(0.01)
    worker.join()
    return box["run"], data + _drain(fd)


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
    run, data = _drain_during(fd, lambda: cli("template", "-o", fifo, cwd=tmp_path))
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
              "--period", "P", stdin_data=answer, cwd=tmp_path)
    assert_clean(run)
    assert run.rc in (0, 2), run   # quit (0) or input ended before anything started (2)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["mine.yaml"]
