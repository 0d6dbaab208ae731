"""The checklist model: plain frozen dataclasses built once by :mod:`ledcheck.checklist`.

A :class:`Checklist` is immutable and picklable, so a batch compiles it once and ships it to each
worker process. Indicators from ``scale:`` references are already expanded: every indicator
carries its own type and fields.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .spec import TYPES  # noqa: F401  (re-exported: the indicator types)


@dataclass(frozen=True, slots=True)
class LocalText:
    """A human-readable string in one or more languages; ``default`` is the checklist's first."""

    values: dict[str, str]
    default: str = "en"

    def get(self, lang: str | None = None) -> str:
        if lang and lang in self.values:
            return self.values[lang]
        if self.default in self.values:
            return self.values[self.default]
        return next(iter(self.values.values()), "")

    def __str__(self) -> str:
        return self.get()


def number_text(v: object) -> str:
    """A number as messages, comments and schemas write it: ``3.0`` as ``3``, others as ``str``.

    The one library-side number formatter (reports have their own, ``ledcheck.render.fmt_number``)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def text_of(value: LocalText | None, lang: str | None = None) -> str:
    """The string of an optional localized text, ``""`` when absent."""
    return value.get(lang) if value is not None else ""


@dataclass(frozen=True, slots=True)
class Level:
    value: float | int
    label: LocalText | None = None
    description: LocalText | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: LocalText | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Rating:
    min: float
    label: LocalText


@dataclass(frozen=True, slots=True)
class Indicator:
    """One question of the checklist, with everything needed to check and score its answer."""

    id: str
    text: LocalText
    type: str
    weight: float = 1
    guidance: LocalText | None = None
    evidence: str = "optional"
    when: Any = None                  # parsed `when` AST (ledcheck.expr), or None
    when_source: str | None = None
    allow_na: bool = False
    scale: str | None = None          # the scale it came from, if any
    levels: tuple[Level, ...] = ()
    partial: bool = False
    options: tuple[Option, ...] = ()
    max_score: float | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    baseline: float = 0
    target: float | None = None
    disaggregate: tuple[str, ...] = ()
    line: int = 0
    section: str = ""                 # id of the section that holds it
    # 1.1 (FORMAT.md §6)
    direction: str | None = None      # as stated ("increase" | "decrease"); None when left implicit
    when_false: str = "exclude"       # "exclude" | "zero": what a false or unknown `when` means
    results_level: str | None = None  # effective level: its own, else the nearest section's
    aggregate: str = "mean"           # "sum" | "mean" | "none": how `aggregate` adds cities up

    @property
    def scored(self) -> bool:
        return self.type != "text"

    @property
    def effective_direction(self) -> str | None:
        """A number's direction: as stated, else inferred from ``target < baseline`` (1.0 rule)."""
        if self.type != "number":
            return None
        if self.direction is not None:
            return self.direction
        if self.target is not None and self.target < self.baseline:
            return "decrease"
        return "increase"

    def option(self, oid: str) -> Option | None:
        for o in self.options:
            if o.id == oid:
                return o
        return None

    def level(self, value: object) -> Level | None:
        for lv in self.levels:
            if lv.value == value:
                return lv
        return None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: LocalText
    weight: float = 1
    indicators: tuple[Indicator, ...] = ()
    sections: tuple[Section, ...] = ()
    description: LocalText | None = None
    line: int = 0
    results_level: str | None = None  # effective level for everything under it (1.1)

    def walk_indicators(self) -> Iterator[Indicator]:
        """Indicators in ask order: this section's own, then each sub-section's, depth first."""
        yield from self.indicators
        for sub in self.sections:
            yield from sub.walk_indicators()

    def walk_sections(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk_sections()


@dataclass(frozen=True, slots=True)
class SubjectField:
    """A declared ``meta`` field of the subject (FORMAT.md §6.4): checked when a submission has it."""

    id: str
    type: str = "text"                # "text" | "number" | "choice"
    label: LocalText | None = None
    options: tuple[Option, ...] = ()  # choice: ids with labels (scores unused)
    min: float | None = None
    max: float | None = None
    required: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class Checklist:
    """A validated checklist. ``indicators`` maps id -> indicator in ask order."""

    id: str
    version: str
    title: LocalText
    sections: tuple[Section, ...]
    languages: tuple[str, ...] = ("en",)
    description: LocalText | None = None
    missing: str = "zero"
    ratings: tuple[Rating, ...] = ()
    disaggregations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scales: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""
    indicators: dict[str, Indicator] = field(default_factory=dict)
    # 1.1 (FORMAT.md §6)
    no_data: str = "zero"             # scoring.no_data: "zero" | "exclude"
    subject_fields: tuple[SubjectField, ...] = ()
    profiles: dict[str, Any] = field(default_factory=dict)   # id -> ledcheck.profiles.Profile

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def walk_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk_sections()

    def rating_for(self, score: float | None, lang: str | None = None) -> str | None:
        """Label of the first band whose ``min`` the score reaches (FORMAT.md §3)."""
        if score is None:
            return None
        for band in self.ratings:
            if score >= band.min:
                return band.label.get(lang)
        return None

    def pick_lang(self, lang: str | None) -> str:
        """``lang`` if the checklist has it, else its default language."""
        return lang if lang in self.languages else self.default_lang
