"""The report model: what a Markdown or HTML report says, built once, rendered twice.

:func:`build_report` turns scored result dicts (FORMAT.md §4) and their
:class:`~ledcheck.render.Labels` into plain dataclasses: titles, scores already formatted
for people (:func:`~ledcheck.render._common.fmt_score`), rows, statuses and the report's
own words in its language. ``mdfmt`` and ``htmlfmt`` only lay that out, each with its own
escaping (Markdown escapes in ``mdfmt.md``; HTML by Jinja2's autoescape), so a fact such as
"an excluded score shows as –" or "a missing answer shows blank" lives here only.

Text fields hold the data's text with control characters replaced (never escaped: that is
the layout's job); a field that the result does not carry is None.

Render inside ``language(report.lang)`` (:func:`ledcheck.render._i18n.language`): the
report's words in each result are translated as the result is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._common import (
    DASH,
    STATUS_LABELS,
    answer_text,
    checklist_of,
    checklist_title,
    fmt_by,
    fmt_completion,
    fmt_score,
    fraction,
    get_labels,
    indicator_text,
    indicators_of,
    report_lang,
    section_title,
    sections_of,
    strip_controls,
    subject_of,
)
from ._i18n import language, tr

__all__ = [
    "Indicator",
    "Problem",
    "Report",
    "Result",
    "Section",
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
    summary: list[SummaryRow]
    checklists: list[ChecklistRef]
    """Each checklist (id, version, SHA-256) once, in order of first use."""
    version: str
    """The ledcheck version that made the report."""


def _indicator(ind: Mapping[str, Any], lab) -> Indicator:
    value, status = ind.get("value"), ind.get("status")
    shown = not (value is None and status in ("missing", "not_applicable"))
    by = ind.get("by")
    return Indicator(
        id=text(ind.get("id")),
        text=strip_controls(indicator_text(ind, lab)),
        answer=strip_controls(answer_text(ind, lab)) if shown else "",
        by=strip_controls(fmt_by(by)) if shown and by else "",
        score=fmt_score(ind.get("score"), scale=100),
        status=status,
        status_class=status if status in KNOWN_STATUSES else "other",
        status_label=text(tr(STATUS_LABELS.get(status, status))),  # type: ignore[arg-type]
        evidence=text(ind.get("evidence")),
        note=text(ind.get("note")),
    )


def _sections(nodes: list[Mapping[str, Any]], lab, depth: int, anchor: str) -> list[Section]:
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
        source=text(result.get("source")),
        score=fmt_score(result.get("score")),
        score_value=result.get("score"),
        rating=text(result.get("rating")),
        completion=fmt_completion(result),
        complete=bool(result.get("complete")),
        na=text(counts.get("na")) if counts.get("na") else None,
        sections=sections,
        problems=[_problem(p) for p in problems],
        top_scores={str(s.get("id")): fmt_score(s.get("score")) for s in sections_of(result)},
    )


def report_language(results: Iterable[Mapping[str, Any]], labels: Any) -> str:
    """The report's language: that of its checklists' labels when they agree, else "en"."""
    return report_lang(list(results), labels)


def build_report(results: Sequence[Mapping[str, Any]], labels: Any = None) -> Report:
    """The model of a report on ``results``, in one pass over them; each result's detail is
    built when ``Report.results`` is iterated (a second pass), in the report's language
    (render inside ``language(report.lang)``)."""
    from .. import __version__

    ids: set = set()
    langs: set[str] = set()
    columns: dict[str, str] = {}
    checklists: dict[tuple, ChecklistRef] = {}
    rows: list[tuple[SummaryRow, dict[str, str]]] = []
    first_title = None
    for index, result in enumerate(results, 1):
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
        scores = {}
        for section in sections_of(result):
            sid = str(section.get("id"))
            scores[sid] = fmt_score(section.get("score"))
            if sid not in columns:
                columns[sid] = strip_controls(section_title(section, lab))
        rows.append((
            SummaryRow(
                anchor=f"r{index}",
                subject=strip_controls(subject_of(result)),
                period=text(result.get("period")),
                score=fmt_score(result.get("score")),
                rating=text(result.get("rating")),
                completion=fmt_completion(result),
                cells=[],
            ),
            scores,
        ))
    count = len(rows)
    report_lang_ = langs.pop() if len(langs) == 1 else "en"
    with language(report_lang_):
        title = first_title if len(ids) == 1 and first_title is not None else tr("ledcheck report")
    single = count == 1
    summary = []
    if not single:
        for row, scores in rows:
            row.cells = [scores.get(sid, "") for sid in columns]
            summary.append(row)
    return Report(
        lang=report_lang_,
        title=title,
        single=single,
        count=count,
        results=(build_result(r, labels, i) for i, r in enumerate(results, 1)),
        columns=[] if single else list(columns.items()),
        summary=summary,
        checklists=list(checklists.values()),
        version=str(__version__),
    )
