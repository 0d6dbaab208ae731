#!/usr/bin/env python3
"""Coverage-guided fuzzing of ledcheck's loader, checklist validator and scorer with atheris.

    python3 -m pip install atheris
    python3 fuzz/fuzz_ledcheck.py -max_total_time=600 fuzz/corpus     # ten minutes

Each input is treated three ways: as a checklist (loaded and validated), as a submission scored
against the default checklist, and as a submission scored against a small checklist with every
indicator type. Anything but a :class:`ledcheck.errors.LedcheckError` (or a clean result) is a
crash: atheris stops and writes the input to ``crash-*``; turn it into a regression test.
The seed corpus is the repository's checklists, examples and broken-checklist cases.
"""
import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from ledcheck import yamlio
    from ledcheck.checklist import check_document
    from ledcheck.errors import LedcheckError
    from ledcheck.library import load
    from ledcheck.scoring import score
    from ledcheck.submission import from_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = load(str(ROOT / "checklists" / "sme-me-aec.yaml"))
SMALL = check_document(yamlio.load_bytes(b"""
ledcheck: 1
id: small
title: Small
languages: [en, vi]
disaggregations: {sex: [female, male]}
ratings: [{min: 50, label: Good}, {min: 0, label: Low}]
sections:
  - id: s
    title: S
    indicators:
      - {id: L, text: l, type: levels, levels: [{value: 0}, {value: 2, score: 0.4}, {value: 4}]}
      - {id: Y, text: y, type: yesno, partial: true, allow_na: true}
      - {id: C, text: c, type: choice, options: [{id: a, score: 2}, {id: b, score: 1}], when: "Y == yes"}
      - {id: M, text: m, type: multi, max_score: 2, options: [{id: x, score: 1}, {id: z, score: 3}]}
      - {id: N, text: n, type: number, baseline: 10, target: 2, min: 0, disaggregate: [sex], when: "L >= 2"}
      - {id: T, text: t, type: text, evidence: required}
""", "small.yaml"))[0]


def one(data: bytes) -> None:
    try:
        doc = yamlio.load_bytes(data, "fuzz.yaml")
    except LedcheckError:
        return
    check_document(doc)
    try:
        sub = from_document(doc)
    except LedcheckError:
        return
    for checklist in (DEFAULT, SMALL):
        result = score(checklist, sub)
        result.to_dict()
        assert result.score is None or 0 <= result.score <= 100, result.score


def main() -> None:
    if len(sys.argv) > 1 and not sys.argv[-1].startswith("-") and not os.path.exists(sys.argv[-1]):
        os.makedirs(sys.argv[-1])
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
