"""Report renderers: turn scored result dicts (FORMAT.md §4) into reports.

Pure library code: nothing here prints, exits or looks at the terminal; the CLI
chooses where the bytes go.

    from ledcheck.render import open_writer, Labels
    with open_writer("csv", sys.stdout.buffer, labels=labels) as writer:
        for result in results:
            writer.write(result)

Formats of ``ledcheck score`` (``FORMATS``, the report kind ``RESULTS``):

``table``  a Rich table for the terminal: :func:`build_table` (not a file format,
           so :func:`open_writer` refuses it) plus :func:`build_problems`.
``json``   a JSON array of results, one result per line, streamed.
``jsonl``  one compact JSON object per line, streamed.
``csv``    streamed; wide (one row per submission) or ``long=True`` (one row per
           indicator). See :mod:`ledcheck.render.csvfmt` for the columns.
``md``     a Markdown report to share; rendered at ``close()``, in pieces.
``html``   a self-contained, printable HTML report (Jinja2 templates in
           ``render/templates/``, autoescaped); rendered at ``close()``, in pieces.
``xlsx``   an Excel workbook (Summary, Indicators, Data gaps, About); rendered at
           ``close()``, rows streamed into openpyxl's write-only sheets.

md, html and xlsx need every result before they can render: they hold them pickled and
compressed in a spooled temporary file (:class:`HeldResults`: memory up to 32 MiB, disk
beyond), and read them back once per pass, so their memory stays bounded.

Every report explains its number scores (baseline → target → actual, the subject's own
override marked: :class:`Goal`, from the result or the checklist's :class:`Labels`), lists
the data gaps (``no_data``), shows the 1.1 statuses, answer words and results levels in the
report's language (:mod:`ledcheck.i18n`, words in ``ledcheck/i18n/report.py``) and never shows
an absolute source path (only its file name).

Markdown and HTML lay out one report model, :mod:`ledcheck.render.model`, built
once from the results and their :class:`Labels`.

The registry
------------
Every output format is a :class:`Format` registered under a *report kind*: ``RESULTS``
for ``score``; other commands (``compare``, ``progress``, ``aggregate``) use their own
kind, so their formats never show up in ``score --format``. ``FORMATS``,
``EXTENSIONS``, :func:`open_writer` and :func:`render` all read the registry.

To add a format to an existing kind, write a :class:`Writer` subclass (``write(item)``
per item, ``_finish()`` for what is left at close) in a module of this package and
register it, by ``"module:callable"`` so that nothing is imported until it is used::

    register(Format("ods", ".ods", binary=True, streaming=False,
                    factory=".odsfmt:OdsWriter"))

To add a report kind (say ``compare``), register each of its formats with
``kind="compare"`` (from your own module, at import time, or here), then write with
the same two calls::

    register(Format("md", ".md", binary=False, streaming=False,
                    factory="ledcheck.monitor.compare_md:CompareMarkdown", kind="compare"))
    with open_writer("md", stream, labels=labels, kind="compare") as writer:
        writer.write(comparison)              # items of that kind, one per write()
    formats("compare")                        # {"md": Format(...)}: for --format choices

The factory is called as ``factory(stream, labels=labels, **opts)``; keyword options
given to :func:`open_writer` / :func:`render` reach it (``long`` for results' CSV).

Score display: human-readable formats (table, md, html) show every score on the
0–100 scale with one decimal, rounded half up (63.25 -> "63.3"; an indicator
score of 0.75 -> "75.0"); an excluded score shows as "–". Machine formats keep
the result's scales: JSON unrounded, CSV rounded to 4 decimals, XLSX unrounded
with a display format. One function makes each of these texts, for every format
and for the other commands' reports: :func:`fmt_score` (a score for people) and
:func:`fmt_number` (a plain number: 64.0 -> "64"); ``_common.fmt_score4`` for CSV.

Only the standard library is imported by ``import ledcheck.render``; each format's
module (and Rich / openpyxl) is imported when that format is first used.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, overload

from ._common import DASH, fmt_number, fmt_score, neutralise, one_line, strip_controls

if TYPE_CHECKING:  # pragma: no cover
    from rich.table import Table

    from ..model import Checklist

__all__ = [
    "DASH",
    "EXTENSIONS",
    "FORMATS",
    "RESULTS",
    "Format",
    "Goal",
    "HeldResults",
    "Labels",
    "Writer",
    "build_problems",
    "build_table",
    "fmt_number",
    "fmt_score",
    "formats",
    "get_format",
    "labels_for",
    "neutralise",
    "one_line",
    "open_writer",
    "register",
    "render",
    "strip_controls",
]

@dataclass(frozen=True)
class Goal:
    """A number indicator's baseline, target and direction as its checklist states them, so a
    report can explain a score ("74% scores 68.0": 40% -> 90%) even from a 1.0 result, which
    does not carry them, and can tell a subject's own override from the checklist's values.

    ``direction`` is "increase" or "decrease": as stated, else inferred from the target.
    """

    baseline: float | None
    target: float | None
    direction: str | None = None
    stated: bool = False
    """The checklist states ``direction`` (else it is inferred from ``target < baseline``)."""


@dataclass(frozen=True)
class Labels:
    """Display texts for one checklist, in the chosen language.

    ``texts`` maps indicator ids to indicator texts and section ids to section
    titles; ``units`` maps number indicator ids to their unit ("%", "days").
    ``lang`` is the language code of these texts, used for ``<html lang>``
    (default "en").
    """

    title: str
    texts: Mapping[str, str]
    units: Mapping[str, str] = field(default_factory=dict)
    lang: str | None = None
    answers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per indicator id, the label of each answer value (``str(value)``): rubric levels
    ("2" -> "2 Started") and options ("consulted" -> "Consultation with businesses")."""
    goals: Mapping[str, Goal] = field(default_factory=dict)
    """Per number indicator id, the checklist's own :class:`Goal`."""
    levels: Mapping[str, str] = field(default_factory=dict)
    """Per indicator id, its effective results level ("output"), where it has one."""
    subject_fields: Sequence[tuple[str, str]] = ()
    """The checklist's ``subject_fields``: (id, label) in declared order (6.4)."""
    breakdowns: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Each breakdown an indicator uses (``sex``), with its categories and ``unknown``, the
    remainder, last: the ``by.<breakdown>.<category>`` columns of CSV and XLSX."""
    draft: bool = False
    """These texts are a draft translation, not yet reviewed (FORMAT 6.11)."""


def _goal(indicator: Any) -> Goal | None:
    """The :class:`Goal` of a number indicator of the checklist model, else None."""
    if getattr(indicator, "type", None) != "number":
        return None
    baseline, target = getattr(indicator, "baseline", None), getattr(indicator, "target", None)
    stated = getattr(indicator, "direction", None)
    direction = stated
    if direction is None and baseline is not None and target is not None:
        direction = "decrease" if target < baseline else "increase"
    return Goal(baseline, target, direction, stated is not None)


def labels_for(checklist: Checklist, lang: str | None) -> Labels:
    """The display texts of ``checklist`` for the renderers, in ``lang`` (the checklist's
    default language where it lacks ``lang``), with what explains its scores: each number
    indicator's :class:`Goal`, each indicator's results level, the subject fields and the
    breakdown categories.

    Answer labels are keyed as :func:`fmt_number` writes a level's value (2.0 -> "2"),
    which is how the renderers look an answer up.
    """
    lang = checklist.pick_lang(lang)
    texts = {s.id: s.title.get(lang) for s in checklist.walk_sections()}
    texts.update({i.id: i.text.get(lang) for i in checklist.indicators.values()})
    units = {i.id: i.unit for i in checklist.indicators.values() if i.unit}
    answers: dict[str, dict[str, str]] = {}
    goals: dict[str, Goal] = {}
    levels: dict[str, str] = {}
    used: list[str] = []
    for i in checklist.indicators.values():
        if i.levels:
            answers[i.id] = {
                fmt_number(lv.value): f"{fmt_number(lv.value)} {lv.label.get(lang)}"
                if lv.label
                else fmt_number(lv.value)
                for lv in i.levels
            }
        elif i.options:
            answers[i.id] = {o.id: o.label.get(lang) if o.label else o.id for o in i.options}
        goal = _goal(i)
        if goal is not None:
            goals[i.id] = goal
        level = getattr(i, "results_level", None)
        if level:
            levels[i.id] = str(level)
        used.extend(d for d in getattr(i, "disaggregate", ()) if d not in used)
    declared = getattr(checklist, "disaggregations", None) or {}
    breakdowns = {
        name: (*(c for c in declared.get(name, ()) if c != "unknown"), "unknown") for name in used
    }
    fields = tuple(
        (str(f.id), f.label.get(lang) if getattr(f, "label", None) else str(f.id))
        for f in getattr(checklist, "subject_fields", ()) or ()
    )
    return Labels(
        checklist.title.get(lang), texts, units, lang, answers,
        goals=goals, levels=levels, subject_fields=fields, breakdowns=breakdowns,
        draft=_is_draft(lang, checklist),
    )


def _is_draft(lang: str, checklist: Any) -> bool:
    """The checklist's texts (a PO file marked draft) or ledcheck's words in ``lang`` are a draft
    translation (FORMAT 6.11): the report says so."""
    from ..i18n import is_draft

    return bool(is_draft(lang, checklist))


class Writer:
    """Base class of all writers: ``write(result)`` each result, then ``close()``.

    ``close()`` flushes what is pending (for the held formats it renders the
    whole report) but never closes the stream. It is idempotent. Writers are
    context managers; leaving the ``with`` block calls ``close()``.
    """

    def __init__(
        self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any
    ) -> None:
        self.stream = stream
        self.labels = labels if labels is not None else {}
        self.opts = opts
        self.closed = False

    def write(self, result: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _finish(self) -> None:
        """Write whatever is still pending; called once by close()."""

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._finish()
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class HeldResults(Sequence[Any]):
    """The results a held writer keeps until close(): each one pickled and compressed (about a
    seventeenth of the dicts' memory) into a spooled temporary file, in memory up to
    :attr:`SPOOL_BYTES` and on disk beyond, so that a report on a million results holds only
    their offsets. A sequence that gives each result back, one at a time, as it is iterated
    (any number of times). A result that cannot be pickled is kept as it is."""

    __slots__ = ("_file", "_items", "_kept")
    SPOOL_BYTES = 32 * 1024 * 1024

    def __init__(self) -> None:
        from array import array

        self._file: Any = None
        self._items = array("q")  # per result: its offset in the file, or -1 - index in _kept
        self._kept: list[Any] = []

    def append(self, result: Any) -> None:
        import pickle
        import zlib

        try:
            data = zlib.compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL), 1)
        except Exception:  # noqa: BLE001 - an unpicklable object: keep it as it is
            self._items.append(-1 - len(self._kept))
            self._kept.append(result)
            return
        if self._file is None:
            import tempfile

            self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by close()
                max_size=self.SPOOL_BYTES, prefix="ledcheck-")
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(len(data).to_bytes(4, "little"))
        self._file.write(data)
        self._items.append(offset)

    def _load(self, offset: int) -> Any:
        if offset < 0:
            return self._kept[-1 - offset]
        import pickle
        import zlib

        self._file.seek(offset)
        size = int.from_bytes(self._file.read(4), "little")
        return pickle.loads(zlib.decompress(self._file.read(size)))  # our own bytes, from this process

    def close(self) -> None:
        """Drop the spooled results (the temporary file is removed)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._items = self._items[:0]
        self._kept = []

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._load(item) for item in self._items[index]]
        return self._load(self._items[index])

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            yield self._load(item)


class _HeldWriter(Writer):
    """A writer that needs every result before it can render (md, html, xlsx): it keeps
    them compressed (:class:`HeldResults`) and renders at close()."""

    def __init__(self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> None:
        super().__init__(stream, labels=labels, **opts)
        self.results = HeldResults()

    def write(self, result: dict[str, Any]) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        self.results.append(result)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.results.close()

    def _finish(self) -> None:
        self.stream.write(self.render_bytes(self.results))

    def render_bytes(self, results: HeldResults) -> bytes:  # pragma: no cover - abstract
        raise NotImplementedError


# --------------------------------------------------------------------------- the registry

RESULTS = "results"
"""The report kind of ``ledcheck score``: one scored result dict (FORMAT.md §4) per write()."""


@dataclass(frozen=True)
class Format:
    """One output format of one report kind.

    ``factory`` is ``"module:callable"`` (a module relative to this package when it starts
    with "."), imported only when the format is first opened, so that registering costs no
    import. The callable is called as ``factory(stream, labels=labels, **opts)`` and returns
    a :class:`Writer`. ``extension`` is None for a format that is not a file (``table``);
    ``binary`` says the bytes are not text (a workbook: never to a terminal); ``streaming``
    says each write() reaches the stream before the next (else the report is rendered, or
    finished, at close()).
    """

    name: str
    extension: str | None
    binary: bool
    streaming: bool
    factory: str
    kind: str = RESULTS
    description: str = ""

    def open(self, stream: BinaryIO, labels: Mapping[str, Labels] | None = None, **opts: Any) -> Writer:
        """A new writer of this format to the binary ``stream``."""
        module_name, _, attr = self.factory.partition(":")
        from importlib import import_module

        module = import_module(module_name, __name__) if module_name.startswith(".") else import_module(module_name)
        writer: Writer = getattr(module, attr)(stream, labels=labels, **opts)
        return writer


_REGISTRY: dict[str, dict[str, Format]] = {}


def register(fmt: Format) -> Format:
    """Add (or replace) ``fmt`` in the registry of its kind; returns it."""
    _REGISTRY.setdefault(fmt.kind, {})[fmt.name] = fmt
    return fmt


def formats(kind: str = RESULTS) -> dict[str, Format]:
    """The formats of a report kind, by name, in registration order (a copy)."""
    return dict(_REGISTRY.get(kind, {}))


def get_format(name: str, kind: str = RESULTS) -> Format:
    """The format ``name`` of ``kind``; ValueError naming the known ones otherwise."""
    known = _REGISTRY.get(kind)
    if not known:
        raise ValueError(f"unknown report kind {kind!r}; expected one of: {', '.join(_REGISTRY)}")
    try:
        return known[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of: {', '.join(known)}") from None


def _not_a_file(stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> Writer:
    raise ValueError("'table' is for the terminal, not a file format: use build_table()")


for _fmt in (
    Format("table", None, binary=False, streaming=False, factory=f"{__name__}:_not_a_file",
           description="a Rich table for the terminal (build_table)"),
    Format("json", ".json", binary=False, streaming=True, factory=".jsonfmt:JsonWriter",
           description="a JSON array of results"),
    Format("jsonl", ".jsonl", binary=False, streaming=True, factory=".jsonfmt:JsonlWriter",
           description="one JSON object per line"),
    Format("csv", ".csv", binary=False, streaming=True, factory=".csvfmt:open_csv",
           description="one row per submission, or per indicator with long=True"),
    Format("md", ".md", binary=False, streaming=False, factory=".mdfmt:MarkdownWriter",
           description="a Markdown report"),
    Format("html", ".html", binary=False, streaming=False, factory=".htmlfmt:HtmlWriter",
           description="a self-contained HTML report"),
    Format("xlsx", ".xlsx", binary=True, streaming=False, factory=".xlsxfmt:XlsxWriter",
           description="an Excel workbook"),
):
    register(_fmt)
del _fmt

FORMATS: tuple[str, ...] = tuple(formats())
"""The names of the ``score`` formats (``table`` included)."""
EXTENSIONS: dict[str, str] = {f.name: f.extension for f in formats().values() if f.extension}
"""Format name -> file extension, for the formats that are files."""


def open_writer(
    fmt: str,
    stream: BinaryIO,
    *,
    labels: Mapping[str, Labels] | None = None,
    long: bool = False,
    kind: str = RESULTS,
    **opts: Any,
) -> Writer:
    """A writer of ``fmt`` reports of ``kind`` to the binary ``stream``.

    ``long`` chooses the long (one row per indicator) CSV layout of results; other formats
    ignore it. Raises ValueError for "table" (use :func:`build_table`) and for an unknown
    format or kind.
    """
    if kind == RESULTS:
        opts["long"] = long
    return get_format(fmt, kind).open(stream, labels, **opts)


def render(
    fmt: str,
    results: Iterable[dict[str, Any]],
    *,
    labels: Mapping[str, Labels] | None = None,
    long: bool = False,
    kind: str = RESULTS,
    **opts: Any,
) -> bytes:
    """All ``results`` (the items of a report of ``kind``) rendered as ``fmt``, as bytes."""
    buffer = io.BytesIO()
    with open_writer(fmt, buffer, labels=labels, long=long, kind=kind, **opts) as writer:
        for result in results:
            writer.write(result)
    return buffer.getvalue()


def build_table(results: list[dict[str, Any]], *, labels: Mapping[str, Labels] | None = None) -> Table:
    """A Rich table with one row per submission (see :mod:`ledcheck.render.table`)."""
    from .table import build_table as _build_table

    table: Table = _build_table(results, labels=labels)
    return table


def build_problems(results: Iterable[Mapping[str, Any]]) -> list[str]:
    """Plain "FILE:LINE: severity: message" lines (no markup, no control
    characters) for a summary under the table. Print them with Rich markup off."""
    from ._common import problem_line

    lines: list[str] = []
    for result in results:
        for problem in result.get("problems") or ():
            if isinstance(problem, Mapping):
                lines.append(problem_line(result, problem))
    return lines
