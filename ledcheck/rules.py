"""The rule registry: every problem ledcheck reports names one of these rules.

In the manner of yamllint's ``rules/``: each rule has an id, a one-line description and its
documentation. SARIF output lists them (``tool.driver.rules``), ``docs/cli.md``'s rule table is
checked against them (``tests/test_rules.py``), and a test asserts that every emitted problem
names a registered rule.

Call sites name a rule by its constant (``rules.UNKNOWN_KEY``, a :class:`Rule`) and pass its
``.id``, so a misspelt rule is an ``AttributeError`` at import time, not a silent new id.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: ``id`` as it appears in JSON/SARIF, a one-line ``description``, longer ``help``."""

    id: str
    description: str
    help: str = ""


# ----------------------------------------------------------------------- files and arguments
YAML = Rule("yaml", "The file is not usable YAML (syntax, encoding, size, tags, duplicate keys, aliases).",
            "Fix the YAML itself: the message names the line. Duplicate mapping keys, tags other than "
            "plain data (!!python/..., !!binary, custom !tags) and documents whose aliases expand far "
            "beyond any real checklist are refused as well.")
LOAD = Rule("load", "The file cannot be used at all.",
            "The file is empty, not a mapping, or otherwise cannot be read as a checklist or submission.")
INPUT = Rule("input", "A path or argument that cannot be used.",
             "A path that does not exist or cannot be opened, or an option value that cannot be used.")
FORMAT = Rule("format", "A value breaks the file format.",
              "The generic rule of a problem that names no more specific one.")
TAG = Rule("tag", "A YAML tag other than plain data (!!python/..., !!binary, !!set, custom !tags).",
           "Only strings, numbers, booleans, null, dates, lists and mappings are read: remove the tag.")
ALIAS_BOMB = Rule("alias-bomb", "A document whose aliases expand it far beyond any real file.",
                  "A 'billion laughs' document: anchors and aliases that nest into millions of nodes are "
                  "refused before they are expanded.")
DUPLICATE_KEY = Rule("duplicate-key", "A mapping key given twice (YAML would silently keep the last one).",
                     "Keys compare as YAML reads them: `yes` and `true`, `1` and `0x1` are one key.")
YAML_NUMBER = Rule("yaml-number", "A number written in a YAML 1.1 form that changes its value (010, 0x1F, "
                                  "0b101, 1:30).",
                   "YAML 1.1 reads 010 as 8 (octal), 0x1F as 31, 0b101 as 5 and 1:30 as 90 (base 60): "
                   "quote the value to keep it as text, or write the number in decimal.")
NUMBER = Rule("number", "A number too large, too small or not finite to compute with.",
              "Numbers in checklists and answers lie within ±1e15 (finite), and a weight that is not 0 is "
              "at least 1e-9: beyond that, sums and ratios overflow or lose their meaning.")

# ----------------------------------------------------------------------- checklists (FORMAT.md §1)
CHECKLIST = Rule("checklist", "A checklist breaks a rule of FORMAT.md §1.",
                 "A checklist that cannot be used; its problems name the specific rules.")
FORMAT_VERSION = Rule("format-version", "The `ledcheck:` key is not 1, the only format version.",
                      "Write `ledcheck: 1` at the top of every checklist and submission.")
UNKNOWN_KEY = Rule("unknown-key", "A key the format does not define (often a typo).",
                   "The message suggests the nearest known key ('wieght' -> 'weight'). A type field "
                   "on an indicator of another type, or on one that uses a scale, is also unknown there.")
REQUIRED = Rule("required", "A required key is missing.",
                "Checklists need ledcheck, id, title and sections; sections id and title; indicators "
                "id, text and type or scale; levels, options and target as their type requires.")
TYPE = Rule("type", "A value of the wrong kind (a list where a mapping belongs, text where a number belongs).",
            "The message names the kind expected and the kind found.")
QUOTE_IT = Rule("quote-it", "An unquoted yes, no, on, off, null or number where text is expected.",
                "YAML 1.1 reads unquoted yes/no/on/off as booleans, ~ and null as null, and 2026.1 as a "
                "number: quote the value (\"no\") so it stays text.")
ENUM = Rule("enum", "A value outside its allowed set (type, evidence, scoring.missing).",
            "The message lists the allowed values.")
RANGE = Rule("range", "A number outside its allowed range (scores, rating bands, max_score).",
             "Level scores lie in [0, 1], option scores are >= 0, rating bands in [0, 100], max_score above 0.")
ID = Rule("id", "An id that does not match its pattern or is a reserved word.",
          "Checklist ids: [a-z0-9][a-z0-9._-]*; section, indicator, scale and disaggregation ids: "
          "[A-Za-z][A-Za-z0-9_.-]*, and not and, or, yes or no.")
DUPLICATE_ID = Rule("duplicate-id", "An indicator, section or option id (or a level value, category) is used twice.",
                    "Section and indicator ids are unique across the whole checklist; option ids, level "
                    "values and categories within their list.")
REFERENCE = Rule("reference", "A reference to a scale or disaggregation that is not defined.",
                 "Define the scale under `scales:` or the breakdown under `disaggregations:`.")
TYPE_OR_SCALE = Rule("type-or-scale", "An indicator with both `type:` and `scale:`.",
                     "An indicator has exactly one of them: its own type, or a named scale.")
DISAGGREGATE = Rule("disaggregate", "`disaggregate` on an indicator that is not a number.",
                    "Only number indicators can be broken down by category.")
LANGUAGE = Rule("language", "A language code that is malformed, listed twice or not in `languages:`.",
                "Codes look like en, vi, th or pt-BR; every language used in a text map is listed in "
                "`languages:`.")
LOCALIZED_DEFAULT = Rule("localized-default", "A localized text without the default language.",
                         "Every text map has the checklist's first language, used where a translation is missing.")
WEIGHT = Rule("weight", "A negative weight, or scored parts whose weights are all 0.",
              "Weights are >= 0 (default 1); among a section's (or the checklist's) scored children at "
              "least one must weigh more than 0, or the part cannot be scored.")
EMPTY = Rule("empty", "A list that must not be empty (sections, options, languages, categories) is empty.",
             "Give at least one item.")
EMPTY_SECTION = Rule("empty-section", "A section with no indicators and no sub-sections.",
                     "A section holds indicators, sub-sections, or both.")
LEVELS_COUNT = Rule("levels-count", "A levels scale with fewer than two (distinct) levels.",
                    "A levels indicator scores (v - lowest) / (highest - lowest): it needs two values.")
UNSCORABLE = Rule("unscorable", "A choice or multi indicator whose options all score 0.",
                  "At least one option needs a score above 0 (an option without `score:` scores 0).")
TARGET_EQUALS_BASELINE = Rule("target-equals-baseline", "A number indicator whose target equals its baseline.",
                              "Progress is (value - baseline) / (target - baseline): give a different target.")
MIN_MAX = Rule("min-max", "A number indicator whose `min` is greater than its `max`.",
               "No answer could pass: swap or correct the bounds.")
WHEN_SYNTAX = Rule("when-syntax", "A `when` condition that does not parse.",
                   "Conditions are ID OP LITERAL joined by and / or, with parentheses; OP is one of "
                   "== != < <= > >=.")
WHEN_REFERENCE = Rule("when-reference",
                      "A `when` condition that names itself, a section, a later or unknown indicator.",
                      "A condition may name only indicators asked before it.")
WHEN_TYPE = Rule("when-type", "A `when` comparison that does not fit the named indicator's type.",
                 "yesno compares with ==/!= against yes, no or 'partial'; choice with ==/!= against a "
                 "quoted option id; levels and number as numbers; multi and text cannot be named.")
RATING_ORDER = Rule("rating-order", "Rating bands that are not ordered from the highest min to the lowest.",
                    "A band after a higher one is never reached.")
DEPTH = Rule("depth", "A document or section tree nested too deeply to check.",
             "Real checklists nest a few levels; flatten the structure.")

# ----------------------------------------------------------------------- checklists 1.1 (FORMAT.md §6)
DIRECTION = Rule("direction", "A number whose target lies on the wrong side of the baseline for its `direction`, "
                              "or a submission's baseline/target override that reverses it.",
                 "direction: increase needs a target above the baseline, decrease one below it. A submission's "
                 "override that reverses a stated direction is an error and is ignored (the checklist's baseline "
                 "and target are used); one that reverses an inferred direction is a warning and applies.")
STATE_DIRECTION = Rule("state-direction", "A number indicator that leaves its direction implicit (a note).",
                       "Write `direction: increase` or `direction: decrease`, so that a reversed baseline or "
                       "target is caught instead of silently reversing what counts as progress.")
WHEN_FALSE = Rule("when-false", "`when_false` on an indicator without `when`.",
                  "when_false says what a false condition means; without a condition it has no effect.")
RESERVED = Rule("reserved", "An id that is a reserved word (`no_data` as an option id, `all` as a profile id).",
                "no_data is the answer \"not measured\" and all the whole checklist: choose another id.")
PROFILE = Rule("profile", "A profile that is malformed or names what it cannot (FORMAT.md §6.6).",
               "Profile ids are unique and not `all`; include, exclude and weights name existing section or "
               "indicator ids; weights name only selected ones, follow the weight rules, and a selected "
               "indicator's `when` names only selected indicators. An unknown `profile:` or `--profile` is "
               "reported under this rule too.")
SUBJECT_FIELD = Rule("subject-field", "A subject field declaration that cannot be used (FORMAT.md §6.4).",
                     "Subject fields have unique ids, a type of text, number or choice; choice fields need "
                     "options, min and max belong to number fields.")

# ----------------------------------------------------------------------- submissions (FORMAT.md §2)
CHECKLIST_REF = Rule("checklist-ref", "A submission names a checklist that is not available.",
                     "Give the checklist's id (or --checklist FILE); `ledcheck list` shows those available.")
CHECKLIST_MISMATCH = Rule("checklist-mismatch", "A submission that answers another checklist than the one used.",
                          "Its `checklist:` id differs from the id of the checklist it is scored against.")
UNKNOWN_INDICATOR = Rule("unknown-indicator", "A submission answers an indicator the checklist does not have.",
                         "The message suggests the nearest indicator id.")
NOT_APPLICABLE = Rule("not-applicable",
                      "An answer to an indicator that does not apply (na not allowed, or `when` false, implied "
                      "or outside the profile; a warning under 1.1).",
                      "Answer `na` only where allow_na is set; leave out indicators whose condition is false or "
                      "that the profile leaves out. Under 1.1 such an answer is kept in the file, not scored, "
                      "and is a warning (an error under 1.0).")
ANSWER = Rule("answer", "An answer value outside its indicator's domain.",
              "The message lists what the indicator takes (levels, options, yes/no, a number within min..max).")
BREAKDOWN = Rule("breakdown", "`by` parts that are unknown or add up to more than the value (less than the value "
                              "is the `unknown` remainder, a warning).",
                 "Only number indicators with `disaggregate` take `by`; categories are the declared ones "
                 "(plus `unknown`); parts adding up to less than the value leave the rest as `unknown`, with a "
                 "warning, more than the value is an error.")
EVIDENCE = Rule("evidence", "Evidence the checklist requires is missing.",
                "Give `evidence:` (a means of verification) with the answer; the answer still counts.")
HEADER = Rule("header", "A submission header value is missing or wrong (subject, subject_id, reference_period, "
                        "meta, ...).",
              "subject is required text; date an ISO date; assessor and period text; answers a mapping; "
              "subject_id text; reference_period YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD/YYYY-MM-DD; meta a mapping "
              "of scalar values that follow the checklist's subject_fields.")
VERSION = Rule("version", "The submission's checklist_version differs from the checklist's version.",
               "A warning: the submission may have been collected with another version of the checklist.")


# ----------------------------------------------------------------------- collecting (FORMAT.md §6.10)
COLLECT = Rule("collect", "A workbook, CSV or XLSX export cell or row that cannot be read as an answer.",
               "The problem names the cell (Answers!D12) or the row and column; type the value, not a "
               "formula, and keep the columns the template or form wrote. The rest is still imported.")
TRANSLATION = Rule("translation", "A PO translation with untranslated, fuzzy or stale entries (a note).",
                   "Translate the entries in Poedit or Weblate; fuzzy entries are not used (gettext's rule), "
                   "stale ones no longer match the checklist's text.")
EXPORT = Rule("export", "A checklist that cannot be expressed as an XLSForm.",
              "Ids with '__' clash with the form's companion fields (ID__status, ID__evidence): rename them.")

# ----------------------------------------------------------------------- monitoring (FORMAT.md §6.8, §6.9)
ROUNDS = Rule("rounds", "Rounds of a subject that cannot be told apart or grouped as asked.",
              "Two rounds with the same key are both kept; a --period or --by that matches nothing is "
              "reported. Give reference_period (or date) and subject_id to order and match rounds.")
CHECKLIST_MIX = Rule("checklist-mix", "Inputs that answer different checklists or versions.",
                     "Only the indicators the versions share are compared; the JSON names every version used.")
PROFILE_MIX = Rule("profile-mix", "Inputs scored under different profiles: rescored under one, or left out "
                   "when they cannot be.",
                   "Every round is scored under one profile (--profile, else the one all inputs share, else "
                   "the whole checklist); result JSON scored under another profile cannot be rescored and is "
                   "left out. Give --profile ID to compare on what the inputs share.")
ROADMAP = Rule("roadmap", "A road map that does not fit the inputs it is judged against (FORMAT.md §6.9).",
               "Its checklist or subject differs from the inputs', or its subject has no rounds: its "
               "milestones may not be judged.")


def _registry(*rules: Rule) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for r in rules:
        if r.id in out:
            raise ValueError(f"rule {r.id} registered twice")
        out[r.id] = r
    return out


RULES: dict[str, Rule] = _registry(*(v for v in list(globals().values()) if isinstance(v, Rule)))


def describe(rule_id: str) -> Rule:
    """The registered rule ``rule_id``; an unregistered id is a programming error (KeyError)."""
    return RULES[rule_id]


def markdown_table() -> str:
    """The rule table of ``docs/cli.md`` (a test keeps the docs equal to it)."""
    rows = ["| rule | what it finds |", "| --- | --- |"]
    rows += [f"| `{r.id}` | {r.description} |" for r in RULES.values()]
    return "\n".join(rows)
