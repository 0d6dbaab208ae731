"""``ledcheck assess``: the interactive assessment.

:mod:`.session` is the assessment as a state machine with no I/O (what is asked next, what a
typed line means, what the submission file holds); :mod:`.ui` renders questions and the review
with Rich; :mod:`.cli` runs the terminal loop, autosaves and handles signals.
"""
from .session import Outcome, Session, Step

__all__ = ["Outcome", "Session", "Step"]
