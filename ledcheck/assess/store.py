"""An assessment on disk: the submission file a session is saved to and resumed from.

No printing, no exiting: reading a file that cannot be resumed raises a typed error
(:class:`~ledcheck.errors.LedcheckError`, :class:`OtherChecklistError`); the terminal loop
(``ledcheck.cli.assess``) says what to do about it.
"""
from __future__ import annotations

import datetime as _dt

from ..errors import LedcheckError, LoadError
from ..model import Checklist
from .session import HEADER_KEYS, Session


class OtherChecklistError(LedcheckError):
    """The submission file answers another checklist (``checklist_id``) than the one given."""

    rule = "checklist-ref"

    def __init__(self, message: str, file: str, checklist_id):
        super().__init__(message, file, 1, 1)
        self.checklist_id = checklist_id


def default_path(subject: str, period: str | None) -> str:
    """``da-nang-city-2026-q1.yaml`` in the current folder, from the subject and period."""
    from ..files import slug
    return slug(f"{subject} {period}" if period else subject) + ".yaml"


def dump(session: Session) -> bytes:
    """The submission file of a session (YAML, UTF-8), as it is autosaved."""
    import yaml
    text = yaml.safe_dump(session.to_submission_dict(), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    return text.encode("utf-8")


def load_session(checklist: Checklist, path: str, lang=None) -> Session:
    """A session continuing the submission saved in ``path``.

    Raises the loader's errors (missing, unreadable, bad YAML), :class:`LoadError` for a file
    that is no submission, :class:`OtherChecklistError` for one of another checklist.
    """
    from .. import yamlio
    from ..kinds import SUBMISSION, kind_of
    data = yamlio.load(path).data
    if (not isinstance(data, dict) or kind_of(data) != SUBMISSION
            or not isinstance(data.get("answers", {}), (dict, type(None)))):
        raise LoadError("not a submission (expected a mapping with 'answers:')", path, 1, 1)
    cid = data.get("checklist")
    if cid != checklist.id:
        raise OtherChecklistError(f"this submission answers checklist '{cid}', not '{checklist.id}'",
                                  path, cid)
    header = {}
    for k in HEADER_KEYS:
        v = data.get(k)
        if isinstance(v, _dt.datetime):
            v = v.date()
        if v is not None and not isinstance(v, (str, _dt.date)):
            v = str(v)
        header[k] = v
    session = Session(checklist, header, data.get("answers") or {}, lang=lang)
    ver = data.get("checklist_version")
    if ver is not None and str(ver) != checklist.version:
        session.notices.append(f"the file was made with checklist version {ver}; it is saved as "
                               f"version {checklist.version}")
    return session


def describe_existing(checklist: Checklist, path: str) -> str:
    """What an existing file at ``path`` holds, for the question what to do with it:
    `` (Da Nang City, 12 answers)``, `` (not a submission of this checklist)``..."""
    from .. import yamlio
    from ..kinds import SUBMISSION, kind_of
    try:
        data = yamlio.load(path).data
    except LedcheckError:
        return " (not a readable submission)"
    if isinstance(data, dict) and kind_of(data) == SUBMISSION and data.get("checklist") == checklist.id:
        return f" ({data.get('subject')}, {len(data.get('answers') or {})} answers)"
    return " (not a submission of this checklist)"


def checklist_id_of(path: str) -> str | None:
    """The ``checklist:`` id a submission file names (to resume without naming the checklist)."""
    from .. import yamlio
    try:
        data = yamlio.load(path).data
    except LedcheckError:
        return None
    cid = data.get("checklist") if isinstance(data, dict) else None
    return cid if isinstance(cid, str) else None
