"""Profiles (FORMAT.md §6.6, §6.11): which indicators a tailored checklist selects, with what weights.

A profile is XCCDF's tailoring: ``include`` (section or indicator ids; a section brings everything
under it; default: everything), then ``exclude`` taken out, then ``weights`` overriding the weights
of selected sections or indicators. ``all`` is reserved and means the whole checklist.

One function, :func:`select`, resolves a profile id against a checklist into a :class:`Selection`;
validation, scoring, ``assess``, ``template``, ``show`` and the monitoring commands all use it, so
"which indicators does profile X hold" is decided in one place.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .model import Checklist, Section

ALL = "all"


@dataclass(frozen=True, slots=True)
class Profile:
    """A profile as declared in a checklist's ``profiles:`` list."""

    id: str
    title: object = None                 # LocalText | None
    description: object = None           # LocalText | None
    include: tuple[str, ...] | None = None   # None: everything
    exclude: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True, slots=True)
class Selection:
    """The resolved profile: the selected indicator ids and the weight overrides to apply."""

    profile: str
    indicators: frozenset[str]
    sections: frozenset[str]            # sections with at least one selected indicator below them
    weights: Mapping[str, float] = field(default_factory=dict)

    def selects(self, indicator_id: str) -> bool:
        return indicator_id in self.indicators

    def weight(self, node_id: str, default: float) -> float:
        """The weight of a section or indicator under this profile."""
        return self.weights.get(node_id, default)


class UnknownProfileError(InputError):
    """A ``--profile`` id the checklist does not declare (exit 2, with the list of profiles)."""

    rule = "profile"

    def __init__(self, profile: str, known: Iterable[str], file: str = ""):
        known = sorted(known)
        hint = _did_you_mean(profile, known)
        listing = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "") \
            if known else "none"
        from .numbers import shown
        super().__init__(f"unknown profile '{shown(profile)}'{hint}; this checklist's profiles: {listing} "
                         f"(and '{ALL}', the whole checklist)", file)
        self.profile = profile
        self.known = known


def _did_you_mean(word: str, known: list[str]) -> str:
    from .hints import closest
    close = closest(word, known)
    return f" (did you mean '{close}'?)" if close else ""


def _under(section: Section) -> tuple[set[str], set[str]]:
    """Every indicator id and section id at or below ``section``."""
    inds: set[str] = set()
    secs: set[str] = set()
    for s in section.walk_sections():
        secs.add(s.id)
        inds.update(i.id for i in s.indicators)
    return inds, secs


def expand(checklist: Checklist, ids: Iterable[str]) -> set[str]:
    """Indicator ids named by ``ids``: an indicator id itself, a section id all indicators under it.

    Unknown ids are ignored here (validation reports them at their line). A section named twice,
    or inside another named one, is walked once.
    """
    wanted = set(ids)
    out: set[str] = set()
    if not wanted:
        return out
    out.update(i for i in wanted if i in checklist.indicators)
    stack = [(s, False) for s in checklist.sections]
    while stack:   # one walk: a named section brings everything under it
        sec, inside = stack.pop()
        inside = inside or sec.id in wanted
        if inside:
            out.update(i.id for i in sec.indicators)
        stack.extend((sub, inside) for sub in sec.sections)
    return out


def _live_sections(checklist: Checklist, chosen: set[str]) -> set[str]:
    """Sections with at least one chosen indicator at or below them (one post-order walk)."""
    live: set[str] = set()

    def visit(sec: Section) -> bool:
        here = any(i.id in chosen for i in sec.indicators)
        for sub in sec.sections:
            here = visit(sub) or here
        if here:
            live.add(sec.id)
        return here

    for top in checklist.sections:
        visit(top)
    return live


def resolve(checklist: Checklist, profile: Profile) -> Selection:
    """Apply ``include``, then ``exclude``, then ``weights`` of ``profile`` to ``checklist``."""
    chosen = (set(checklist.indicators) if profile.include is None
              else expand(checklist, profile.include))
    chosen -= expand(checklist, profile.exclude)
    live = _live_sections(checklist, chosen)
    return Selection(profile.id, frozenset(chosen), frozenset(live), dict(profile.weights))


def declared(checklist: Checklist) -> Mapping[str, Profile]:
    """The checklist's profiles by id (empty for a 1.0 checklist)."""
    return getattr(checklist, "profiles", None) or {}


def select(checklist: Checklist, profile_id: str | None) -> Selection | None:
    """The selection for ``profile_id``; ``None`` means the whole checklist (no id, or ``all``).

    Raises :class:`UnknownProfileError` for an id the checklist does not declare.
    """
    if profile_id is None or profile_id == ALL:
        return None
    profiles = declared(checklist)
    if profile_id not in profiles:
        raise UnknownProfileError(profile_id, profiles, getattr(checklist, "source", ""))
    return resolve(checklist, profiles[profile_id])
