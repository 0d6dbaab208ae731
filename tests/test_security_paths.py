"""Paths: folders, unreadable and missing files, symlinks, FIFOs and devices in inputs,
and output names built from hostile subjects.

Usage errors (exit 2) name the path; input folders are walked without following links or
opening special files; reports never land outside the folder asked for.

Part of the security suite (``tests/test_security_*.py``): every test runs the real command
line in a subprocess (``helpers.cli``) and checks a clear message and no damage.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import (
    EXAMPLE,
    EXAMPLES,
    LOCATED,
    ROOT,
    assert_clean,
    cli,
    snapshot,
    submission,
    write,
)

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

    run = cli("validate", "--format", "json", root, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run  # the broken link and the FIFO found in the folder are findings (not read)
    files = json.loads(run.out)["files"]
    read = [f["path"] for f in files if f["kind"] != "unknown"]
    assert len(read) == len(expected) and {os.path.realpath(p) for p in read} == expected, files
    unusable = {Path(f["path"]).name: f["problems"][0]["message"] for f in files if f["kind"] == "unknown"}
    assert unusable == {"broken.yaml": "broken symbolic link",
                        "fifo.yaml": "not a regular file (a FIFO, socket or device); skipped"}

    run = cli("score", "-f", "jsonl", root, cwd=tmp_path)
    assert_clean(run)
    assert run.rc == 1, run
    sources = [json.loads(line)["source"] for line in run.out.splitlines()]  # relative to the cwd
    assert len(sources) == 3 and {os.path.realpath(tmp_path / s) for s in sources} == expected, sources
    assert re.search(r"broken\.yaml" + LOCATED + "broken symbolic link", run.err), run
    assert re.search(r"fifo\.yaml" + LOCATED + "not a regular file", run.err), run


def test_a_file_named_twice_and_linked_is_scored_once(linked_tree, tmp_path):
    root, outside = linked_tree
    run = cli("score", "-f", "jsonl", outside / "o.yaml", root / "out2.yaml", root / "a",
              cwd=tmp_path)
    assert_clean(run)
    # sources are relative to the working folder
    sources = [os.path.realpath(tmp_path / json.loads(line)["source"]) for line in run.out.splitlines()]
    # symlinked folders inside an input folder are not followed (in/a/loop -> .. is not walked,
    # so sub2.yaml is not read); o.yaml, named and linked twice, is read once
    assert sorted(sources) == sorted({os.path.realpath(p) for p in (
        outside / "o.yaml", root / "a" / "sub1.yaml")}), sources


def test_symlinked_folders_inside_inputs_are_not_followed(tmp_path):
    """A link to / in an input folder must not make ledcheck read (and quote) the file system."""
    root = tmp_path / "in"
    write(root / "s.yaml", EXAMPLE.read_text(encoding="utf-8"))
    os.symlink("/", root / "rootfs")
    run = cli("validate", "--format", "json", root, cwd=tmp_path)
    assert_clean(run)
    assert [Path(f["path"]).name for f in json.loads(run.out)["files"]] == ["s.yaml"]


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
