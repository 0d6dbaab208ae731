"""Hostile streams and signals (issue 9, "Processes and streams"): a stdout that is full, closed or
a broken pipe, a closed stdin, a non-UTF-8 stdout, Ctrl-C and SIGTERM in a parallel batch.

Every case runs the real command line in its own process. Nothing here measures time: a run
that would hang is caught by the 600 s guard only; the moments to send a signal are found by
watching the run (its workers exist, its temporary output file exists), not by sleeping.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXAMPLES, HANG, ROOT

EXAMPLE_DIR = str(EXAMPLES)


def run(args, *, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=None, preexec=None,
        close_stdout_pipe=False):
    """``python -m ledcheck ARGS`` -> (returncode, stdout bytes, stderr text)."""
    full_env = dict(os.environ, COLUMNS="120", NO_COLOR="1", **(env or {}))
    full_env.pop("LEDCHECK_DEBUG", None)
    p = subprocess.Popen([sys.executable, "-m", "ledcheck", *map(str, args)], cwd=ROOT, env=full_env,
                         stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, preexec_fn=preexec)
    if close_stdout_pipe:
        p.stdout.close()  # the reader goes away before anything is written: a broken pipe
        err = p.stderr.read()
        p.wait(HANG)
        return p.returncode, b"", err.decode("utf-8", "replace")
    out, err = p.communicate(timeout=HANG)
    return p.returncode, out or b"", err.decode("utf-8", "replace")


def assert_clean(err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert "Exception ignored" not in err, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("score", EXAMPLE_DIR, "-f", "json"), ("score", EXAMPLE_DIR),
                                  ("show",), ("list",), ("validate", EXAMPLE_DIR, "-f", "sarif")])
def test_a_full_stdout_is_an_io_error(args):
    with open("/dev/full", "wb") as full:
        code, _, err = run(args, stdout=full)
    assert code == 2, err
    assert "cannot write to standard output: No space left on device" in err
    assert_clean(err)


def _close_fd(fd: int):
    def pre():
        os.close(fd)
    return pre


def test_a_closed_stdout_is_an_io_error_when_there_is_something_to_write():
    code, _, err = run(("score", EXAMPLE_DIR, "-f", "jsonl"), stdout=None, preexec=_close_fd(1))
    assert code == 2, err
    assert "cannot write to standard output" in err
    assert_clean(err)
    # validate's text report goes to stderr: nothing needs stdout
    code, _, err = run(("validate", EXAMPLE_DIR), stdout=None, preexec=_close_fd(1))
    assert code == 0, err
    assert "21 files checked" in err  # the 21 examples


def test_a_broken_pipe_is_one_message_and_exit_2():
    code, _, err = run(("score", EXAMPLE_DIR, "-f", "json"), close_stdout_pipe=True)
    assert code == 2, err
    assert "broken pipe" in err
    assert_clean(err)


def test_a_closed_stdin_is_no_crash():
    code, _, err = run(("validate", EXAMPLE_DIR), stdin=None, preexec=_close_fd(0))
    assert code == 0, err
    assert_clean(err)
    code, _, err = run(("score", "/dev/stdin", "-c", "sme-me-aec"), stdin=None, preexec=_close_fd(0))
    assert code in (1, 2), err
    assert_clean(err)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_non_utf8_stdout_gets_escapes_not_a_crash(encoding):
    for args in (("score", EXAMPLE_DIR, "--lang", "vi"), ("show", "--lang", "vi"), ("list", "--lang", "vi")):
        code, out, err = run(args, env={"PYTHONIOENCODING": encoding})
        assert code == 0, (args, err)
        assert_clean(err)
        assert out.decode(encoding)  # what was written is in the stream's encoding


# --------------------------------------------------------------------------- signals in a parallel batch

def _group(pgid: int) -> list[int]:
    """The processes of a process group (from /proc: no tool needed)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                out.append(int(entry))
    return out


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + HANG  # a hang guard, not a speed check
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.02)


@pytest.fixture
def stuck_batch(tmp_path):
    """A parallel batch that cannot finish by itself: a FIFO named on the command line blocks the
    worker that opens it (no writer ever comes), while the other files are scored. Returns a
    starter: (process, output file)."""
    if not hasattr(os, "mkfifo") or not Path("/proc").is_dir():
        pytest.skip("needs FIFOs and /proc")
    sub = (EXAMPLES / "hue-2025.yaml").read_text(encoding="utf-8")
    files = []
    fifo = tmp_path / "a-fifo.yaml"
    os.mkfifo(fifo)
    files.append(fifo)
    for i in range(40):
        f = tmp_path / "in" / f"s{i:03d}.yaml"
        f.parent.mkdir(exist_ok=True)
        f.write_text(sub, encoding="utf-8")
        files.append(f)
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    out.write_text("EARLIER REPORT")

    def start():
        env = dict(os.environ, NO_COLOR="1")
        env.pop("LEDCHECK_DEBUG", None)
        p = subprocess.Popen([sys.executable, "-m", "ledcheck", "score", *map(str, files), "--jobs", "2",
                              "-o", str(out)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        # running in parallel (two workers besides the main process), its output being written
        _wait_until(lambda: len(_group(p.pid)) >= 3 and any(out.parent.glob(".report.json.*.tmp")),
                    "workers started and the temporary output file exists")
        return p, out
    yield start


def _finish(p) -> tuple[int, str]:
    try:
        _, err = p.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hang: clean up, then fail
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        pytest.fail("ledcheck did not stop")
    return p.returncode, err.decode("utf-8", "replace")


def test_ctrl_c_in_a_parallel_batch_is_one_message_and_130(stuck_batch):
    p, out = stuck_batch()
    os.killpg(p.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    code, err = _finish(p)
    assert code == 130, err
    assert err.count("interrupted") == 1, err
    assert_clean(err)
    _wait_until(lambda: not _group(p.pid), "no process of the run left")
    assert out.read_text() == "EARLIER REPORT"
    assert sorted(x.name for x in out.parent.iterdir()) == ["report.json"]  # no .tmp left


def test_sigterm_stops_the_workers_and_leaves_no_temporary_file(stuck_batch):
    p, out = stuck_batch()
    os.kill(p.pid, signal.SIGTERM)  # to the main process only
    code, err = _finish(p)
    assert code == 143, err
    assert "terminated" in err
    assert_clean(err)
    _wait_until(lambda: not _group(p.pid), "no worker left running without its parent")
    assert out.read_text() == "EARLIER REPORT"
    assert sorted(x.name for x in out.parent.iterdir()) == ["report.json"]


@pytest.mark.parametrize("args", [("schema", "submission", "-c", "sme-me-aec", "--lang", "vi"),
                                  ("validate", "checklists/sme-me-aec.yaml", "-f", "sarif"),
                                  ("score", "checklists/examples/hue-2025.yaml", "-f", "json", "--lang", "vi")])
def test_data_formats_stay_utf8_json_on_a_non_utf8_stdout(args):
    import json
    code, out, err = run(args, env={"PYTHONIOENCODING": "ascii"})
    assert code == 0, err
    assert_clean(err)
    json.loads(out.decode("utf-8"))
