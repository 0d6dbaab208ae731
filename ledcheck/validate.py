"""``validate``: check checklist and submission files, and format the findings.

Each file gives a :class:`FileReport` (its kind and problems); :func:`exit_code` turns reports into
the exit status of FORMAT.md §5 and the ``format_*`` functions into text, JSON, GitHub annotations
or SARIF 2.1.0. Nothing here prints.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from . import __version__
from .errors import (ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, WARNING, LedcheckError, Problem)
from .library import Resolver

CHECKLIST, SUBMISSION, UNKNOWN = "checklist", "submission", "unknown"


@dataclass
class FileReport:
    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_OK  # 2 when the file could not be opened at all

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)


def check_path(path: str, resolver: Resolver, max_bytes: int | None = None) -> FileReport:
    """Check one file, telling a submission (it has ``answers:``) from a checklist."""
    from . import yamlio
    from .checklist import check_document
    from .scoring import score
    from .batch import checklist_for
    from .submission import from_document, is_submission
    try:
        doc = yamlio.load(path, max_bytes, _build)
    except LedcheckError as exc:
        exc.file = exc.file or path
        return FileReport(path, UNKNOWN, [exc.as_problem()], exc.exit_code)
    if is_submission(doc.data):
        sub = from_document(doc)
        try:
            checklist = checklist_for(sub, resolver)
        except LedcheckError as exc:
            problem = exc.as_problem()
            if exc.rule == "checklist-ref":
                problem = replace(problem, path="checklist")
            return FileReport(path, SUBMISSION, [problem], exc.exit_code)
        result = score(checklist, sub)
        return FileReport(path, SUBMISSION, list(result.problems))
    _, problems = check_document(doc)
    return FileReport(path, CHECKLIST, problems)


def is_ledcheck_file(path: str) -> bool:
    """Whether a YAML file says it is a ledcheck document (a top-level ``ledcheck:`` key).

    Used by ``--skip-other`` so that a pre-commit hook over every YAML file of a repository
    leaves CI workflows and other YAML alone. Unreadable files count as ledcheck files, so that
    their problem is still reported.
    """
    import re
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return True
    return re.search(rb"^ledcheck[ \t]*:", head, re.M) is not None


def _build(node):
    """Checklists are built straight into the validator's position-aware tree (built once);
    submissions get the fast default constructor."""
    import yaml

    from .checklist import build_located
    from .yamlio import DEFAULT
    if isinstance(node, yaml.MappingNode):
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        if "sections" in keys or ("answers" not in keys and "checklist" not in keys):
            return build_located(node)
    return DEFAULT


def exit_code(reports: list[FileReport], strict: bool = False) -> int:
    """0 clean; 1 findings (errors, or warnings under --strict); 2 when a file could not be opened."""
    if any(r.exit_code == EXIT_USAGE for r in reports):
        return EXIT_USAGE
    if any(r.errors for r in reports) or (strict and any(r.warnings for r in reports)):
        return EXIT_FINDINGS
    return EXIT_OK


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
    doc = {"status": "ok" if exit_code(reports, strict) == EXIT_OK else "fail",
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
                "rules": [{"id": rule, "name": rule, "shortDescription": {"text": f"ledcheck rule {rule}"}}
                          for rule in rules]}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
