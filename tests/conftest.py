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
