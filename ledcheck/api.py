"""One-call helpers for notebooks and data pipelines (Dask, Spark): score a file or many.

    >>> import ledcheck.api as lc
    >>> result = lc.score_file("checklists/examples/da-nang-2026.yaml")
    >>> result.score, result.rating

The checklist is found by the submission's ``checklist:`` id (``./checklists`` and the bundled
ones) unless one is given, as a :class:`~ledcheck.model.Checklist`, a path or an id.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from .batch import checklist_for, score_submission
from .library import Resolver, load
from .model import Checklist
from .scoring import Result
from .submission import load_submission


def _resolver(checklist: Checklist | str | os.PathLike[str] | None) -> Resolver:
    if checklist is None or isinstance(checklist, Checklist):
        return Resolver(checklist)
    return Resolver(load(checklist))


def score_file(path: str | os.PathLike[str], checklist: Checklist | str | os.PathLike[str] | None = None,
               lang: str | None = None, profile: str | None = None) -> Result:
    """Score one submission file; raises :class:`~ledcheck.errors.LedcheckError` if it cannot be read.

    ``profile``: score under this profile of the checklist (FORMAT.md §6.6; an unknown one
    raises :class:`~ledcheck.profiles.UnknownProfileError`); it reaches the scorer when the
    scorer takes it (:func:`ledcheck.batch.scorer_takes_profile`). The checklist is found by
    the submission's ``checklist:`` id and ``checklist_version`` (§6.11).
    """
    sub = load_submission(path)
    return score_submission(checklist_for(sub, _resolver(checklist)), sub, lang=lang, profile=profile)


def score_files(paths: Iterable[str | os.PathLike[str]], checklist: Checklist | str | os.PathLike[str] | None = None,
                lang: str | None = None, profile: str | None = None) -> Iterator[Result]:
    """Score many files lazily (one at a time), sharing one compiled checklist per id."""
    resolver = _resolver(checklist)
    for path in paths:
        sub = load_submission(path)
        yield score_submission(checklist_for(sub, resolver), sub, lang=lang, profile=profile)
