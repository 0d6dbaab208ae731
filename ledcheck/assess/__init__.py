"""``ledcheck assess``: the interactive assessment.

:mod:`.session` is the assessment as a state machine with no I/O (what is asked next, what a
typed line means, what the submission file holds); :mod:`.store` reads and writes that file;
:mod:`.ui` builds the Rich renderables of questions and the review (it prints nothing). The
terminal loop (input, autosave, signals, exit statuses) is the command, ``ledcheck.cli.assess``.
"""
from .session import Outcome, Session, Step

__all__ = ["Outcome", "Session", "Step"]
