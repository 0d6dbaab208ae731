"""Shared fixtures: tiny checklists built from YAML text, the repository's paths."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ledcheck import yamlio
from ledcheck.checklist import check_document

ROOT = Path(__file__).resolve().parent.parent
CHECKLISTS = ROOT / "checklists"
EXAMPLES = CHECKLISTS / "examples"
DEFAULT = CHECKLISTS / "sme-me-aec.yaml"


def make_checklist(text: str, name: str = "test.yaml"):
    """A valid Checklist from YAML text (dedented); fails the test with the problems otherwise."""
    doc = yamlio.load_bytes(textwrap.dedent(text).encode("utf-8"), name)
    checklist, problems = check_document(doc)
    assert checklist is not None, "\n".join(p.format() for p in problems)
    return checklist


@pytest.fixture
def checklist_from():
    return make_checklist
