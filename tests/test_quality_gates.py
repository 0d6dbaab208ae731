"""Behaviour fixed while making ``ledcheck/`` pass the quality gates (ruff, mypy; issue 8).

The gates themselves run in CI (``.ci/run``), not here: they are not tests of behaviour.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "checklists" / "examples" / "hue-2026.yaml"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("command", [["progress"], ["aggregate", "--by", "period"]])
def test_an_unreadable_file_found_in_a_folder_is_a_finding_not_a_usage_error(tmp_path, command):
    """A broken link in a folder given to a monitoring command is reported at that file and
    exits 1 (a finding, as for score and validate); only a path named on the command line that
    does not exist is a usage error (exit 2). Before, monitor put it with the usage errors."""
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "hue-2026.yaml")
    os.symlink(tmp_path / "nowhere.yaml", folder / "broken.yaml")
    r = invoke(*command, folder, "-f", "json")
    assert r.code == 1, r
    assert "broken.yaml" in r.err and "Traceback" not in r.err + r.out


def test_a_path_that_does_not_exist_is_still_a_usage_error(tmp_path):
    r = invoke("progress", EXAMPLE, tmp_path / "missing.yaml", "-f", "json")
    assert r.code == 2, r
    assert "missing.yaml" in r.err
