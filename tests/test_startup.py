"""Start-up stays light: --version and --help import neither YAML, Rich, nor the scoring,
rendering or validation stack (measured figures are in docs/performance.md)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

HEAVY = ("yaml", "rich", "openpyxl", "orjson", "ledcheck.scoring", "ledcheck.checklist", "ledcheck.render",
         "ledcheck.validate", "ledcheck.yamlio", "ledcheck.assess", "ledcheck.expr")


def imported(*args: str) -> set[str]:
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "ledcheck", *args],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    return {m.group(1) for m in re.finditer(r"\|\s+([\w.]+)\s*$", r.stderr, re.M)}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["score", "--help"], ["validate", "--help"]])
def test_light_commands_do_not_import_the_heavy_stack(args):
    mods = imported(*args)
    assert not [m for m in mods if m in HEAVY or m.startswith(tuple(h + "." for h in HEAVY))], mods


def test_version_does_not_even_import_typer():
    assert not {m for m in imported("--version") if m == "typer" or m.startswith("typer.")}
