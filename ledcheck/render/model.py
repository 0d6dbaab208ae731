"""The report model: what a Markdown or HTML report says, built once, rendered twice.

:func:`build_report` turns scored result dicts (FORMAT.md §4) and their
:class:`~ledcheck.render.Labels` into plain dataclasses: titles, scores already formatted
for people (:func:`~ledcheck.render._common.fmt_score`), rows, statuses and the report's
own words in its language. ``mdfmt`` and ``htmlfmt`` only lay that out, each with its own
escaping (Markdown escapes in ``mdfmt.md``; HTML by Jinja2's autoescape), so a fact such as
"an excluded score shows as –" or "a missing answer shows blank" lives here only.

Text fields hold the data's text with control characters replaced (never escaped: that is
the layout's job); a field that the result does not carry is None.

Render inside ``language(report.lang)`` (:func:`ledcheck.i18n.language`): the
report's words in each result are translated as the result is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from ..i18n import language, tr
from ._common import (
    ANSWER_WORDS,
    DASH,
    LEVEL_LABELS,
    STATUS_LABELS,
    answer_text,
    checklist_of,
    checklist_title,
    display_source,
    fmt_by,
    fmt_completion,
    fmt_number,
    fmt_score,
    fmt_value,
    fraction,
    gaps_of,
    get_labels,
    goal_of,
    indicator_text,
    indicator_unit,
    indicators_of,
    is_number,
    levels_of,
    meta_of,
    report_lang,
    section_title,
    sections_of,
    strip_controls,
    subject_of,
)

if TYPE_CHECKING:   # for annotations only
    from . import Labels

__all__ = [
    "Gap",
    "Goal",
    "Indicator",
    "Level",
    "Problem",
    "Report",
    "Result",
    "Section",
    "Summary",
    "SummaryRow",
    "build_report",
    "build_result",
    "report_language",
]

KNOWN_STATUSES = frozenset(STATUS_LABELS)


def text(value: Any) -> str | None:
    """Data text for display: None stays None, anything else a str without control characters."""
    return None if value is None else strip_controls(str(value))


def band(score: Any) -> str:
    """"hi" (>= 75), "mid" (>= 50), "lo", or "" for an excluded score: a colour class."""
    frac = fraction(score)
    if frac is None:
        return ""
    return "hi" if frac >= 0.75 else "mid" if frac >= 0.5 else "lo"


@dataclass
class Goal:
    """What explains a number indicator's score: from ``baseline`` toward ``target``, with the
    ``actual`` value; texts formatted with the unit, translated words included."""

    baseline: str
    target: str
    actual: str | None
    """The answer when it is a number, else None."""
    direction: str | None
    """"increase" or "decrease" (untranslated: a CSS class), None when unknown."""
    direction_label: str | None
    own_baseline: str | None
    """The checklist's baseline when the subject set its own (so the report can say so)."""
    own_target: str | None
    """The checklist's target when the subject set its own."""
    own_label: str
    """The words "own" and "checklist" in the report's language, for the layouts."""
    checklist_label: str
    words: tuple[str, str, str]
    """"baseline", "target", "actual" in the report's language."""

    def text(self) -> str:
        """One line: "baseline 40% → target 90% → actual 74% (increase)", with overrides."""
        base, targ, act = self.words
        parts = [f"{base} {self.baseline}{self._own(self.own_baseline)}",
                 f"{targ} {self.target}{self._own(self.own_target)}"]
        if self.actual is not None:
            parts.append(f"{act} {self.actual}")
        line = " → ".join(parts)
        return f"{line} ({self.direction_label})" if self.direction_label else line

    def _own(self, checklist_value: str | None) -> str:
        if checklist_value is None:
            return ""
        if not checklist_value:
            return f" ({self.own_label})"
        return f" ({self.own_label}; {self.checklist_label} {checklist_value})"


@dataclass
class Gap:
    """An indicator with no data (6.2): the reader sees what was not measured."""

    id: str | None
    text: str
    section: str


@dataclass
class Level:
    """A results level's score (6.3): "process maturity 72"."""

    level: str
    label: str
    score: str
    indicators: str | None


@dataclass
class Indicator:
    id: str | None
    text: str
    answer: str
    """The answer for people (level/option labels, units); "" when there is none to show."""
    by: str
    """The breakdown ("sex: female 30, male 34"), "" when none."""
    score: str
    """On 0–100 with one decimal, "–" when excluded."""
    status: Any
    status_class: str
    """The status when it is a known one, else "other": safe as a CSS class."""
    status_label: str | None
    evidence: str | None
    note: str | None
    goal: Goal | None = None
    """For a number indicator: baseline → target → actual, and the subject's own override."""
    level: str | None = None
    """Its results level, in the report's words ("outputs"), when it has one."""


@dataclass
class Section:
    id: str | None
    title: str
    weight: str | None
    score: str
    score_value: Any
    """The unformatted score (for bars and charts)."""
    fraction: float | None
    """The score as a fraction of 100, clamped to [0, 1]; None when excluded."""
    band: str
    rating: str | None
    depth: int
    anchor: str
    """A generated id ("r1-s-2-1"), never taken from the data."""
    indicators: list[Indicator] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and every section under it, depth first."""
        yield self
        for child in self.sections:
            yield from child.walk()


@dataclass
class Problem:
    severity: str
    severity_class: str
    """"error" or "warning", else "other": safe as a CSS class."""
    severity_label: str
    path: str | None
    line: str | None
    message: str | None


@dataclass
class Result:
    index: int
    anchor: str
    checklist_title: str
    checklist_id: str | None
    checklist_version: str | None
    checklist_sha256: str | None
    subject: str
    """The subject, else the source file (the heading)."""
    subject_field: str | None
    """The result's own ``subject`` field, as given."""
    assessor: str | None
    date: str | None
    period: str | None
    source: str | None
    score: str
    score_value: Any
    rating: str | None
    completion: str
    complete: bool
    na: str | None
    """The number of N/A answers, None when there are none."""
    sections: list[Section]
    problems: list[Problem]
    top_scores: dict[str, str]
    """Formatted score of each top-level section id (for summaries)."""
    subject_id: str | None = None
    reference_period: str | None = None
    profile: str | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)
    """The subject's facts (6.4): (label, value), the checklist's subject fields first."""
    levels: list[Level] = field(default_factory=list)
    """Results levels (6.3), in the results-chain order; [] when the result has none."""
    gaps: list[Gap] = field(default_factory=list)
    """The data gaps: indicators answered ``no_data`` (6.2)."""
    tallies: list[tuple[str, str]] = field(default_factory=list)
    """Counts beside the completion: (number, word) for N/A, no data, implied, not selected."""

    def walk_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


@dataclass
class SummaryRow:
    anchor: str
    subject: str
    period: str | None
    score: str
    rating: str | None
    completion: str
    cells: list[str]
    """One per summary column: the formatted score, "" when the result lacks that section."""
    gaps: str = ""
    """The number of data gaps ("" when none)."""


@dataclass
class ChecklistRef:
    id: str | None
    version: str
    """"–" when unknown."""
    sha256: str


@dataclass
class Report:
    lang: str
    title: str
    """The checklist's title when every result is of one checklist, else "ledcheck report"."""
    single: bool
    """One result: the report is that result's detail; else a summary comes first."""
    count: int
    results: Iterable[Result]
    """Built as they are iterated, so a long report need not hold them all built."""
    columns: list[tuple[str, str]]
    """(id, title) of the top-level sections across results: the summary's columns."""
    summary: Sequence[SummaryRow]
    """The summary rows (none for one result), built as they are iterated."""
    checklists: list[ChecklistRef]
    """Each checklist (id, version, SHA-256) once, in order of first use."""
    version: str
    """The ledcheck version that made the report."""
    has_gaps: bool = False
    """Some result has data gaps: the summary shows their number."""
    draft: bool = False
    """The report's language is a draft translation (the report says so, FORMAT 6.11)."""


def _answer(ind: Mapping[str, Any], lab: Labels | None) -> str:
    """The answer for people, the canonical words (yes, no, partial, N/A, no data) in the
    report's language (6.7)."""
    value = ind.get("value")
    if isinstance(value, bool) or value in ("partial", "na", "no_data"):
        return tr(ANSWER_WORDS[value])
    if isinstance(value, list) and not value:
        return tr("(none)")
    return answer_text(ind, lab)


_DIRECTION_WORDS = {"increase": "higher is better", "decrease": "lower is better"}


def _number(value: Any, unit: str | None) -> str:
    return fmt_value(value, unit) if is_number(value) else DASH if value is None else str(value)


def _goal(ind: Mapping[str, Any], lab: Labels | None) -> Goal | None:
    found = goal_of(ind, lab)
    if found is None:
        return None
    baseline, target, direction, own_b, own_t = found
    unit = indicator_unit(ind, lab)
    goal = (getattr(lab, "goals", None) or {}).get(ind.get("id")) if lab is not None else None
    value = ind.get("value")

    def checklist_value(own: bool, attr: str) -> str | None:
        if not own:
            return None
        return strip_controls(_number(getattr(goal, attr, None), unit)) if goal is not None else ""

    return Goal(
        baseline=strip_controls(_number(baseline, unit)),
        target=strip_controls(_number(target, unit)),
        actual=strip_controls(fmt_value(value, unit)) if is_number(value) else None,
        direction=direction if direction in ("increase", "decrease") else None,
        direction_label=tr(_DIRECTION_WORDS[direction]) if direction in _DIRECTION_WORDS else None,
        own_baseline=checklist_value(own_b, "baseline"),
        own_target=checklist_value(own_t, "target"),
        own_label=tr("subject's own"),
        checklist_label=tr("checklist:") if goal is not None else "",
        words=(tr("baseline"), tr("target"), tr("actual")),
    )


def _indicator(ind: Mapping[str, Any], lab: Labels | None) -> Indicator:
    value, status = ind.get("value"), ind.get("status")
    shown = not (value is None and status in ("missing", "not_applicable", "implied", "not_selected"))
    by = ind.get("by")
    level = ind.get("results_level") or ((getattr(lab, "levels", None) or {}).get(ind.get("id"))
                                         if lab is not None else None)
    return Indicator(
        id=text(ind.get("id")),
        text=strip_controls(indicator_text(ind, lab)),
        answer=strip_controls(_answer(ind, lab)) if shown else "",
        by=strip_controls(fmt_by(by)) if shown and by else "",
        score=fmt_score(ind.get("score"), scale=100),
        status=status,
        status_class=status if status in KNOWN_STATUSES else "other",
        status_label=text(tr(STATUS_LABELS.get(status, status))),  # type: ignore[arg-type]
        evidence=text(ind.get("evidence")),
        note=text(ind.get("note")),
        goal=_goal(ind, lab),
        level=strip_controls(tr(LEVEL_LABELS.get(str(level), str(level)))) if level else None,
    )


def _sections(nodes: list[Mapping[str, Any]], lab: Labels | None, depth: int, anchor: str) -> list[Section]:
    out = []
    for i, node in enumerate(nodes, 1):
        sid = f"{anchor}-{i}"
        score = node.get("score")
        out.append(
            Section(
                id=text(node.get("id")),
                title=strip_controls(section_title(node, lab)),
                weight=text(node.get("weight")),
                score=fmt_score(score),
                score_value=score,
                fraction=fraction(score),
                band=band(score),
                rating=text(node.get("rating")),
                depth=depth,
                anchor=sid,
                indicators=[_indicator(ind, lab) for ind in indicators_of(node)],
                sections=_sections(sections_of(node), lab, depth + 1, sid),
            )
        )
    return out


def _problem(p: Mapping[str, Any]) -> Problem:
    severity = str(p.get("severity") or "error")
    return Problem(
        severity=severity,
        severity_class=severity if severity in ("error", "warning") else "other",
        severity_label=strip_controls(tr(severity)),
        path=text(p.get("path")) if p.get("path") else None,
        line=text(p.get("line")),
        message=text(p.get("message")),
    )


def build_result(result: Mapping[str, Any], labels: Any, index: int = 1) -> Result:
    """The model of one result; ``index`` (from 1) makes its anchors unique in a report."""
    lab = get_labels(labels, checklist_of(result).get("id"))
    checklist = checklist_of(result)
    anchor = f"r{index}"
    counts = result.get("counts") or {}
    problems = [p for p in result.get("problems") or () if isinstance(p, Mapping)]
    sections = _sections(sections_of(result), lab, 0, f"{anchor}-s")
    return Result(
        index=index,
        anchor=anchor,
        checklist_title=strip_controls(checklist_title(result, labels)),
        checklist_id=text(checklist.get("id")),
        checklist_version=text(checklist.get("version")),
        checklist_sha256=text(checklist.get("sha256")),
        subject=strip_controls(subject_of(result)),
        subject_field=text(result.get("subject")),
        assessor=text(result.get("assessor")),
        date=text(result.get("date")),
        period=text(result.get("period")),
        source=text(display_source(result.get("source"))),
        score=fmt_score(result.get("score")),
        score_value=result.get("score"),
        rating=text(result.get("rating")),
        completion=fmt_completion(result),
        complete=bool(result.get("complete")),
        na=text(counts.get("na")) if counts.get("na") else None,
        sections=sections,
        problems=[_problem(p) for p in problems],
        top_scores={str(s.get("id")): fmt_score(s.get("score")) for s in sections_of(result)},
        subject_id=text(result.get("subject_id")),
        reference_period=text(result.get("reference_period")),
        profile=text(result.get("profile")),
        meta=_meta(result, lab),
        levels=[_level(lv) for lv in levels_of(result)],
        gaps=[Gap(text(i.get("id")), strip_controls(indicator_text(i, lab)),
                  strip_controls(section_title(s, lab))) for s, i in gaps_of(result)],
        tallies=_tallies(counts),
    )


def _meta(result: Mapping[str, Any], lab: Labels | None) -> list[tuple[str, str]]:
    """(label, value) of the subject's facts: declared fields first, in their order, then the
    rest as given; a field's label from the checklist, else its id."""
    meta = meta_of(result)
    fields = list(getattr(lab, "subject_fields", None) or ()) if lab is not None else []
    declared = [fid for fid, _ in fields]
    names = dict(fields)
    out = []
    for key in [*(k for k in declared if k in meta), *(k for k in meta if k not in names)]:
        value = meta[key]
        shown = fmt_number(value) if is_number(value) else fmt_value(value)
        out.append((strip_controls(str(names.get(key) or key)), strip_controls(shown)))
    return out


def _level(entry: Mapping[str, Any]) -> Level:
    name = str(entry.get("level"))
    count = entry.get("indicators")
    return Level(
        level=strip_controls(name),
        label=strip_controls(tr(LEVEL_LABELS.get(name, name))),
        score=fmt_score(entry.get("score")),
        indicators=text(count) if count is not None else None,
    )


def _tallies(counts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(number, word) for each of N/A, no data, implied and not selected that is not 0."""
    out = []
    for key, word in (("na", "N/A"), ("no_data", "no data"), ("implied", "implied"),
                      ("not_selected", "not selected")):
        n = counts.get(key)
        if n:
            out.append((strip_controls(str(n)), tr(word)))
    return out


def report_language(results: Iterable[Mapping[str, Any]], labels: Any) -> str:
    """The report's language: that of its checklists' labels when they agree, else "en"."""
    return report_lang(list(results), labels)


class Summary(Sequence[SummaryRow]):
    """The summary rows, built from the results as they are iterated (a pass over the held
    results), so that a report on many results never holds all its rows at once."""

    def __init__(self, results: Sequence[Mapping[str, Any]], labels: Any, columns: list[str]) -> None:
        self._results = results
        self._labels = labels
        self._columns = columns

    def _row(self, index: int, result: Mapping[str, Any]) -> SummaryRow:
        scores = {str(s.get("id")): fmt_score(s.get("score")) for s in sections_of(result)}
        return SummaryRow(
            anchor=f"r{index}",
            subject=strip_controls(subject_of(result)),
            period=text(result.get("period")),
            score=fmt_score(result.get("score")),
            rating=text(result.get("rating")),
            completion=fmt_completion(result),
            cells=[scores.get(sid, "") for sid in self._columns],
            gaps=str(len(gaps_of(result)) or ""),
        )

    def __iter__(self) -> Iterator[SummaryRow]:
        for index, result in enumerate(self._results, 1):
            yield self._row(index, result)

    def __len__(self) -> int:
        return len(self._results)

    @overload
    def __getitem__(self, index: int) -> SummaryRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[SummaryRow]: ...

    def __getitem__(self, index: int | slice) -> SummaryRow | list[SummaryRow]:
        if isinstance(index, slice):
            return [self._row(i + 1, self._results[i]) for i in range(len(self))[index]]
        index = range(len(self))[index]
        return self._row(index + 1, self._results[index])


def build_report(results: Sequence[Mapping[str, Any]], labels: Any = None) -> Report:
    """The model of a report on ``results``: one pass over them for what the report needs
    first (title, language, summary columns, checklists); the summary rows and each result's
    detail are built when ``Report.summary`` and ``Report.results`` are iterated (a pass each),
    in the report's language (render inside ``language(report.lang)``)."""
    from .. import __version__

    ids: set[Any] = set()
    langs: set[str] = set()
    columns: dict[str, str] = {}
    checklists: dict[tuple[Any, ...], ChecklistRef] = {}
    first_title = None
    count = 0
    has_gaps = False
    for result in results:
        count += 1
        checklist = checklist_of(result)
        ids.add(checklist.get("id"))
        lab = get_labels(labels, checklist.get("id"))
        lang = getattr(lab, "lang", None) if lab is not None else None
        if lang:
            langs.add(str(lang))
        if first_title is None:
            first_title = strip_controls(checklist_title(result, labels))
        key = (checklist.get("id"), checklist.get("version"), checklist.get("sha256"))
        if key not in checklists:
            checklists[key] = ChecklistRef(
                id=text(checklist.get("id")),
                version=text(checklist.get("version") or DASH) or DASH,
                sha256=text(checklist.get("sha256") or DASH) or DASH,
            )
        for section in sections_of(result):
            sid = str(section.get("id"))
            if sid not in columns:
                columns[sid] = strip_controls(section_title(section, lab))
        has_gaps = has_gaps or bool(gaps_of(result))
    report_lang_ = langs.pop() if len(langs) == 1 else "en"
    with language(report_lang_):
        title = first_title if len(ids) == 1 and first_title is not None else tr("ledcheck report")
    single = count == 1
    drafts = {bool(getattr(get_labels(labels, key[0]), "draft", False)) for key in checklists}
    return Report(
        has_gaps=has_gaps,
        draft=drafts == {True},
        lang=report_lang_,
        title=title,
        single=single,
        count=count,
        results=(build_result(r, labels, i) for i, r in enumerate(results, 1)),
        columns=[] if single else list(columns.items()),
        summary=Summary([] if single else results, labels, list(columns)),
        checklists=list(checklists.values()),
        version=str(__version__),
    )
