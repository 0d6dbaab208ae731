"""Shared fixtures. The helpers themselves live in ``tests/helpers.py`` (one place for each);
``make_checklist`` and the paths are re-exported here for files that still import them from
conftest."""
from __future__ import annotations

import pytest

from helpers import CHECKLISTS, DEFAULT, EXAMPLES, ROOT, make_checklist

__all__ = ["CHECKLISTS", "DEFAULT", "EXAMPLES", "ROOT", "make_checklist"]


@pytest.fixture
def checklist_from():
    """``checklist_from(yaml_text)``: a valid Checklist built from YAML text."""
    return make_checklist


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (in pyproject's addopts) uses every core for the whole suite or a folder; a run
    that names test files or tests runs in this one process, where starting workers would cost
    more than it saves. An explicit ``-n N`` is not affected."""
    if any(".py" in str(arg) for arg in config.args):
        return 0
    return None  # xdist's default: the number of cores
