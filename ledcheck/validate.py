"""``validate``: check checklist, submission and road map files, and format the findings.

:func:`check_paths` checks every file named by paths (files, folders, globs), one
:class:`FileReport` (its kind and problems) per file, never stopping at a bad one; :func:`passed`
says whether they pass, and the ``format_*`` functions turn them into text, JSON, GitHub
annotations or SARIF 2.1.0. Nothing here prints or decides exit statuses (``ledcheck.cli``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from . import __version__
from .errors import ERROR, NOTE, WARNING, LedcheckError, Problem, fails, printable
from .kinds import CHECKLIST, OTHER, ROADMAP, SUBMISSION, WORKBOOK_SUFFIXES, kind_of, kind_of_keys
from .library import Resolver
from .model import Checklist

UNKNOWN = "unknown"  # a file that could not be read: its kind is not known


@dataclass
class FileReport:
    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    error_type: type[LedcheckError] | None = None  # why the file could not be used at all, if so
    related: list[FileReport] = field(default_factory=list)
    """Reports on files that belong to this one, listed after it: a checklist's PO files (§6.10)."""

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)

    @property
    def notes(self) -> int:
        return sum(p.severity == NOTE for p in self.problems)


def check_paths(paths: Iterable[str], resolver: Resolver, max_bytes: int | None = None, *,
                skip_other: bool = False, profile: str | None = None) -> Iterator[FileReport]:
    """A report for every file that ``paths`` name (files, folders searched, globs), in order.

    A path that cannot be used gives a report with its problem instead of stopping the batch.
    ``skip_other`` leaves out YAML files that are no ledcheck document (no top-level
    ``ledcheck:`` key: CI workflows, configs) and workbooks that ``template -f xlsx`` did not
    write, for pre-commit hooks over a whole repository. Folder scans take template workbooks
    too (FORMAT.md §6.11). ``profile`` checks submissions under that profile (§6.6).
    """
    from .batch import maybe_collect
    from .files import expand
    for path, problem in expand(list(paths), workbooks=True):
        if problem is not None:
            yield FileReport(path, UNKNOWN, [problem.as_problem()], type(problem))
        elif skip_other and kind_of(path) == OTHER:
            continue
        else:
            report = check_path(path, resolver, max_bytes, profile=profile)
            yield report
            yield from report.related
            maybe_collect()


def check_path(path: str, resolver: Resolver, max_bytes: int | None = None, *,
               profile: str | None = None) -> FileReport:
    """Check one file, its kind told by :func:`ledcheck.kinds.kind_of` (a ``.xlsx`` is read as
    a template workbook, its problems located by cell; a road map by its own checker, FORMAT.md
    §6.9). A checklist's report lists the reports on its PO files in ``related`` (§6.10)."""
    from . import yamlio
    from .batch import checklist_for, score_submission, score_workbook_file
    from .checklist import check_document
    from .submission import from_document
    if path.lower().endswith(WORKBOOK_SUFFIXES):
        try:
            _result, cell_problems = score_workbook_file(path, resolver, profile=profile)
        except LedcheckError as exc:
            exc.file = exc.file or path
            return FileReport(path, UNKNOWN, [exc.as_problem()], type(exc))
        return FileReport(path, SUBMISSION, list(cell_problems))
    try:
        doc = yamlio.load(path, max_bytes, _build)
    except LedcheckError as exc:
        exc.file = exc.file or path
        return FileReport(path, UNKNOWN, [exc.as_problem()], type(exc))
    kind = kind_of(doc.data) if isinstance(doc.data, dict) else CHECKLIST
    if kind == ROADMAP:  # FORMAT.md §6.9: its own checker, its checklist found by id
        from .monitor.roadmap import check_roadmap_file
        return FileReport(path, ROADMAP, check_roadmap_file(doc, resolver))
    if kind == SUBMISSION:
        sub = from_document(doc)
        try:
            checklist = checklist_for(sub, resolver)
        except LedcheckError as exc:
            problem = exc.as_problem()
            if exc.rule == "checklist-ref":
                problem = replace(problem, path="checklist")
            return FileReport(path, SUBMISSION, [problem], type(exc))
        try:
            result = score_submission(checklist, sub, profile=profile)
        except LedcheckError as exc:  # an unknown --profile for this file's checklist (exit 2)
            exc.file = exc.file or path
            return FileReport(path, SUBMISSION, [exc.as_problem()], type(exc))
        return FileReport(path, SUBMISSION, list(result.problems))
    built, problems = check_document(doc)
    return FileReport(path, CHECKLIST, problems,
                      related=translation_reports(built) if built is not None else [])


TRANSLATION = "translation"
"""The kind of a report on a checklist's PO file (FORMAT.md §6.10)."""


def translation_reports(checklist: Checklist) -> list[FileReport]:
    """One report per PO file beside ``checklist`` (``<id>.<LL>.po``) with its completeness
    notes (untranslated, fuzzy, stale), located in that file; none without PO files, and
    polib is not imported then."""
    from .collect.po import po_files
    if not po_files(checklist):
        return []
    from .collect.po import check_translations
    by_file: dict[str, list[Problem]] = {str(path): [] for path in po_files(checklist).values()}
    for p in check_translations(checklist):
        by_file.setdefault(p.file, []).append(p)
    return [FileReport(name, TRANSLATION, sorted(problems, key=Problem.sort_key))
            for name, problems in by_file.items()]


def _build(node):
    """Checklists are built straight into the validator's position-aware tree (built once);
    submissions get the fast default constructor."""
    import yaml

    from .checklist import build_located
    from .yamlio import DEFAULT
    if isinstance(node, yaml.MappingNode):
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        if kind_of_keys(keys) == CHECKLIST:
            return build_located(node)
    return DEFAULT


def passed(reports: list[FileReport], strict: bool = False) -> bool:
    """No errors (a file that could not be read is one), and no warnings under ``strict``;
    notes never fail (FORMAT.md §6.11)."""
    return not any(fails(p.severity, strict) for r in reports for p in r.problems)


def format_text(reports: list[FileReport]) -> list[str]:
    """``FILE:LINE:COL: severity: message`` lines (``FILE:Answers!D12: ...`` for a workbook
    cell), files in order, problems by line; a problem with a source context (a YAML syntax
    error) has its source line and a caret under it (issue 10)."""
    return [line for r in reports for p in r.problems for line in (p.format(r.path), *_context(p))]


def _context(p) -> list[str]:
    """The source and caret lines of a problem that has them (a workbook cell has none)."""
    lines = getattr(p, "context_lines", None)
    return lines() if callable(lines) else []


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary(reports: list[FileReport]) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    notes = sum(r.notes for r in reports)
    bad = sum(1 for r in reports if r.problems)
    n = len(reports)
    return (f"{_plural(n, 'file')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
            + (f", {_plural(notes, 'note')}" if notes else "")
            + (f" in {_plural(bad, 'file')}" if bad else ""))


_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(doc: object) -> str:
    """JSON for stdout: UTF-8 text, with the characters JSON leaves raw that could still drive
    a terminal (DEL, C1 controls, bidi overrides) written as ``\\uXXXX`` escapes (C0 controls
    are escaped by JSON itself). They occur only inside strings, so the JSON means the same."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_json(reports: list[FileReport], strict: bool = False) -> str:
    doc = {"status": "ok" if passed(reports, strict) else "fail",
           "files": [{"path": r.path, "kind": r.kind,
                      "problems": [p.to_dict() for p in r.problems]} for r in reports]}
    return json_text(doc)


def _gh_escape(s: str, prop: bool = False) -> str:
    """A workflow-command value: ``%``, CR and LF encoded as GitHub reads them, then any other
    control character or bidi override shown as an escape (the log is read on screens too)."""
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return printable(s)


_GITHUB_COMMAND = {ERROR: "error", WARNING: "warning", NOTE: "notice"}
_SARIF_LEVEL = {ERROR: "error", WARNING: "warning", NOTE: "note"}


def _cell(p) -> str | None:
    """The spreadsheet position of a workbook problem (``Answers!D12``, or ``ROW:COLUMN``)."""
    where = getattr(p, "where", None)
    return where() or None if callable(where) else None


def format_github(reports: list[FileReport]) -> list[str]:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C::MESSAGE`` (``::notice``
    for notes; a workbook cell has no line: ``::error file=F::Answers!D12: MESSAGE``)."""
    out = []
    for r in reports:
        for p in r.problems:
            command = _GITHUB_COMMAND.get(p.severity, "warning")
            cell = _cell(p)
            if cell:
                out.append(f"::{command} file={_gh_escape(r.path, True)}::"
                           f"{_gh_escape(f'{cell}: {p.message}')}")
            else:
                out.append(f"::{command} file={_gh_escape(r.path, True)},line={p.line or 1},"
                           f"col={p.col or 1}::{_gh_escape(p.message)}")
    return out


def _uri(path: str) -> str:
    """A SARIF artifact URI: relative paths percent-encoded, absolute ones as file:// URIs."""
    from pathlib import Path
    from urllib.parse import quote
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(path.replace("\\", "/"))


def sarif_rule(rule_id: str) -> dict:
    """A SARIF ``reportingDescriptor`` from the rule registry (:func:`ledcheck.rules.describe`):
    its description, and its help where the registry has one. An id the registry lacks (a bug:
    every problem should name a registered rule) still gets a descriptor, never a crash."""
    from .rules import describe
    try:
        rule = describe(rule_id)
    except KeyError:
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": f"ledcheck rule {rule_id}"}}
    out = {"id": rule.id, "name": rule.id, "shortDescription": {"text": rule.description}}
    if rule.help:
        out["fullDescription"] = {"text": rule.help}
        out["help"] = {"text": rule.help}
    return out


class _Utf16Columns:
    """Columns in UTF-16 code units, as the SARIF run declares (``columnKind``): ledcheck's
    columns count characters, which differ after a character outside the BMP (an emoji) on the
    line. The file is read only when a problem has a column past 1, once per file."""

    def __init__(self, path: str):
        self.path = path
        self._lines: list[str] | None = None

    def __call__(self, line: int, col: int) -> int:
        if col <= 1 or line < 1:
            return col or 1
        if self._lines is None:
            try:
                with open(self.path, "rb") as fh:
                    data = fh.read(64 * 1024 * 1024)
                self._lines = data.decode("utf-8-sig", "replace").splitlines()
            except OSError:
                self._lines = []
        if line > len(self._lines):
            return col
        prefix = self._lines[line - 1][: col - 1]
        return 1 + len(prefix.encode("utf-16-le")) // 2 + max(0, col - 1 - len(prefix))


def _sarif_location(r: FileReport, p, columns: _Utf16Columns) -> dict:
    """A physical location (line, column in UTF-16 code units), or for a workbook cell the file
    plus a logical location named by the cell (SARIF has no regions in spreadsheets)."""
    artifact = {"uri": _uri(r.path)}
    cell = _cell(p)
    if cell:
        return {"physicalLocation": {"artifactLocation": artifact},
                "logicalLocations": [{"name": cell.rpartition("!")[2], "fullyQualifiedName": cell,
                                      "kind": "element"}]}
    return {"physicalLocation": {"artifactLocation": artifact,
                                 "region": {"startLine": p.line or 1,
                                            "startColumn": columns(p.line or 1, p.col or 1)}}}


def format_sarif(reports: list[FileReport]) -> str:
    """SARIF 2.1.0, for code-scanning dashboards; columns in UTF-16 code units (declared)."""
    rules = sorted({p.rule for r in reports for p in r.problems})
    index = {rule: i for i, rule in enumerate(rules)}
    results = []
    for r in reports:
        columns = _Utf16Columns(r.path)
        for p in r.problems:
            results.append({
                "ruleId": p.rule,
                "ruleIndex": index[p.rule],
                "level": _SARIF_LEVEL.get(p.severity, "warning"),
                "message": {"text": p.message},
                "locations": [_sarif_location(r, p, columns)],
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ledcheck", "version": __version__,
                "informationUri": "https://github.com/ledcheck/ledcheck",
                "rules": [sarif_rule(rule) for rule in rules]}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }
    return json_text(doc)
