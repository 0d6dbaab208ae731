"""``validate``: check checklist and submission files, and format the findings.

:func:`check_paths` checks every file named by paths (files, folders, globs), one
:class:`FileReport` (its kind and problems) per file, never stopping at a bad one; :func:`passed`
says whether they pass, and the ``format_*`` functions turn them into text, JSON, GitHub
annotations or SARIF 2.1.0. Nothing here prints or decides exit statuses (``ledcheck.cli``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from . import __version__
from .errors import ERROR, WARNING, LedcheckError, Problem
from .kinds import CHECKLIST, OTHER, ROADMAP, SUBMISSION, kind_of, kind_of_keys
from .library import Resolver

UNKNOWN = "unknown"  # a file that could not be read: its kind is not known


@dataclass
class FileReport:
    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    error_type: type[LedcheckError] | None = None  # why the file could not be used at all, if so

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)


def check_paths(paths: Iterable[str], resolver: Resolver, max_bytes: int | None = None, *,
                skip_other: bool = False) -> Iterator[FileReport]:
    """A report for every file that ``paths`` name (files, folders searched, globs), in order.

    A path that cannot be used gives a report with its problem instead of stopping the batch.
    ``skip_other`` leaves out YAML files that are no ledcheck document (no top-level
    ``ledcheck:`` key: CI workflows, configs), for pre-commit hooks over a whole repository.
    """
    from .batch import maybe_collect
    from .files import expand
    for path, problem in expand(list(paths)):
        if problem is not None:
            yield FileReport(path, UNKNOWN, [problem.as_problem()], type(problem))
        elif skip_other and kind_of(path) == OTHER:
            continue
        else:
            yield check_path(path, resolver, max_bytes)
            maybe_collect()


def check_path(path: str, resolver: Resolver, max_bytes: int | None = None) -> FileReport:
    """Check one file, its kind told by :func:`ledcheck.kinds.kind_of`."""
    from . import yamlio
    from .checklist import check_document
    from .scoring import score
    from .batch import checklist_for
    from .submission import from_document
    try:
        doc = yamlio.load(path, max_bytes, _build)
    except LedcheckError as exc:
        exc.file = exc.file or path
        return FileReport(path, UNKNOWN, [exc.as_problem()], type(exc))
    # road maps are checked as submissions until their own checker (§6.9) exists: dispatch here
    if isinstance(doc.data, dict) and kind_of(doc.data) in (SUBMISSION, ROADMAP):
        sub = from_document(doc)
        try:
            checklist = checklist_for(sub, resolver)
        except LedcheckError as exc:
            problem = exc.as_problem()
            if exc.rule == "checklist-ref":
                problem = replace(problem, path="checklist")
            return FileReport(path, SUBMISSION, [problem], type(exc))
        result = score(checklist, sub)
        return FileReport(path, SUBMISSION, list(result.problems))
    _, problems = check_document(doc)
    return FileReport(path, CHECKLIST, problems)


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
    """No errors (a file that could not be read is one), and no warnings under ``strict``."""
    return not (any(r.errors for r in reports) or (strict and any(r.warnings for r in reports)))


def format_text(reports: list[FileReport]) -> list[str]:
    """``FILE:LINE:COL: severity: message`` lines, files in order, problems by line."""
    return [p.format(r.path) for r in reports for p in r.problems]


def summary(reports: list[FileReport]) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    bad = sum(1 for r in reports if r.problems)
    n = len(reports)
    return (f"{n} file{'s' * (n != 1)} checked: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}" + (f" in {bad} file{'s' * (bad != 1)}" if bad else ""))


def format_json(reports: list[FileReport], strict: bool = False) -> str:
    doc = {"status": "ok" if passed(reports, strict) else "fail",
           "files": [{"path": r.path, "kind": r.kind,
                      "problems": [p.to_dict() for p in r.problems]} for r in reports]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def format_github(reports: list[FileReport]) -> list[str]:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C::MESSAGE``."""
    out = []
    for r in reports:
        for p in r.problems:
            out.append(f"::{p.severity} file={_gh_escape(r.path, True)},line={p.line or 1},"
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


def format_sarif(reports: list[FileReport]) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    rules = sorted({p.rule for r in reports for p in r.problems})
    results = []
    for r in reports:
        for p in r.problems:
            results.append({
                "ruleId": p.rule,
                "ruleIndex": rules.index(p.rule),
                "level": "error" if p.severity == ERROR else "warning",
                "message": {"text": p.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(r.path)},
                    "region": {"startLine": p.line or 1, "startColumn": p.col or 1}}}],
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ledcheck", "version": __version__,
                "informationUri": "https://github.com/ledcheck/ledcheck",
                "rules": [sarif_rule(rule) for rule in rules]}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
