"""The rule registry: every problem ledcheck reports names one of these rules.

In the manner of yamllint's ``rules/``: each rule has an id, a one-line description and its
documentation. SARIF output lists them (``tool.driver.rules``), ``docs/cli.md``'s rule table is
checked against them, and a test asserts that every emitted problem names a registered rule.

(Skeleton: the registry API is fixed; descriptions are completed as call sites are converted.)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: ``id`` as it appears in JSON/SARIF, a one-line ``description``, longer ``help``."""

    id: str
    description: str
    help: str = ""


def _registry(*rules: Rule) -> dict[str, Rule]:
    return {r.id: r for r in rules}


RULES: dict[str, Rule] = _registry(
    Rule("yaml", "The file is not usable YAML (syntax, encoding, size, tags, duplicate keys, aliases)."),
    Rule("load", "The file cannot be used at all."),
    Rule("input", "A path or argument that cannot be used."),
    Rule("format", "A value breaks the file format."),
    Rule("checklist", "A checklist breaks a rule of FORMAT.md §1."),
    Rule("checklist-ref", "A submission names a checklist that is not available."),
    Rule("duplicate-id", "An indicator, section or option id is used twice."),
    Rule("unknown-key", "A key the format does not define (often a typo)."),
    Rule("empty-section", "A section with scored children whose weights are all 0."),
    Rule("unknown-indicator", "A submission answers an indicator the checklist does not have."),
    Rule("not-applicable", "An answer to an indicator that does not apply (na not allowed, or `when` false)."),
    Rule("answer", "An answer value outside its indicator's domain."),
    Rule("evidence", "Evidence the checklist requires is missing."),
    Rule("header", "A submission header value is missing or wrong."),
    Rule("version", "The submission's checklist_version differs from the checklist's version."),
)


def describe(rule_id: str) -> Rule:
    """The registered rule ``rule_id``; an unregistered id is a programming error (KeyError)."""
    return RULES[rule_id]
