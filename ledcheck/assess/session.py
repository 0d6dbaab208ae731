"""The assessment as a state machine with no I/O.

A :class:`Session` holds the checklist, the submission header, the answers (exactly as they will
be written to the file), the indicator under the cursor and the *step* within it. The terminal
UI only shows what :meth:`Session.prompt` describes, reads a line and hands it to
:meth:`Session.feed`; everything a typed line can mean is decided here, so the whole flow is
unit-tested without a terminal.

Steps of one indicator: ``value`` (the answer), then for a disaggregated number one ``part``
step per category of each breakdown, then ``evidence`` where the checklist requires it. Each
step is committed as soon as it is complete (``revision`` goes up: the UI saves the file), so a
killed process loses at most the step being typed.

Where the cursor goes next:

- after an answer or a skip: the next applicable indicator that is neither answered nor skipped
  (wrapping round to ones jumped over with ``g``); none left: the review (cursor ``None``);
- after ``b`` (back): the walk is *linear* -- each answer moves to the following indicator,
  answered or not, with its answer as the default (Enter keeps it), until an unanswered one
  is reached.

Answers are checked with :func:`ledcheck.submission.check_answer`, the rules of batch scoring,
and ``when`` conditions with the same compiled plan as :func:`ledcheck.scoring.score`.

Nothing the user did not clear is ever dropped (FORMAT.md §6.11): an answer to an indicator that
stops applying (its ``when`` turns false, it is ``implied``, or it is outside the ``--profile``)
stays in the answers and in the file, is not asked and not scored, and a notice says so; an
answer that fails its checks stays as it was read until the user answers again. A blank answer
(``ST1:`` in a template) is unanswered.

Words shown to the user go through :func:`ledcheck.i18n.tr` (the caller sets the language with
:func:`ledcheck.i18n.language`); typed answer words are read in the session's language as well as
the canonical ones (§6.7), and numbers with a decimal comma where that language writes one.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..i18n import decimal_comma, tr
from ..model import Checklist, Indicator, Section
from ..submission import ANSWER_KEYS, UNKNOWN_CATEGORY, AnswerProblem, check_answer, is_na, split_answer

# step kinds
VALUE, PART, EVIDENCE, EXTRA_EVIDENCE, EXTRA_NOTE, GOTO, REVIEW, JUSTIFY = (
    "value", "part", "evidence", "extra_evidence", "extra_note", "goto", "review", "justify")

#: The answer "we did not measure it" (FORMAT.md §6.2): allowed on every non-text indicator.
NO_DATA = "no_data"

# outcome kinds
OK, ERROR, HELP, QUIT, FINISH, INFO, SECTION = "ok", "error", "help", "quit", "finish", "info", "section"
#: At the review, ``p`` (Outcome SECTION with this message) lists the problems.
PROBLEMS = "problems"

HEADER_KEYS = ("subject", "assessor", "date", "period")
#: Header keys the session keeps but does not ask for (``profile``: §6.4, written with --profile).
KEPT_KEYS = ("profile",)


@dataclass
class Step:
    """Where the session is within the current indicator (or the review)."""

    kind: str
    dim: str | None = None              # PART: the disaggregation asked
    index: int = 0                      # PART: which of its categories
    parts: dict = field(default_factory=dict)   # PART: categories typed so far
    left_out: bool = False              # PART: a category left empty (its part is not known)
    back_to: Step | None = None       # EXTRA_*, GOTO: the step to return to


@dataclass
class Outcome:
    """What a typed line did: ``kind`` is ok, error, info, help, quit or finish."""

    kind: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in (OK, INFO)


class InputProblem(Exception):
    """Typed input that cannot be an answer; the message says what is expected."""


# --------------------------------------------------------------------------- helpers

def num(v) -> str:
    """A number as a person writes it: 64, 0.5, 1e-06 (no trailing .0)."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.10g}"
    return str(v)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INT = re.compile(r"[+-]?\d+")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def parse_number(text: str, unit: str | None = None, comma: bool = False) -> int | float:
    """A number typed by a person; a trailing unit (``64 %``, ``12 days``) is allowed.

    With ``comma`` (a language that writes decimal commas, §6.11) ``1,5`` is 1.5 and a dot is
    read as a decimal point too; a number with thousands separators (``1.234,5``, ``1,234.5``,
    ``1 234``) is refused with a hint, whatever the language.
    """
    s = text.strip()
    if unit:
        for u in (unit, unit.lower()):
            if s.lower().endswith(u.lower()) and len(s) > len(u):
                s = s[: -len(u)].strip()
                break
    shown = text.strip()
    dec = tr("e.g. 1234,5") if comma else tr("e.g. 1234.5")
    if s.count(",") + s.count(".") > 1 or (_GROUPED.fullmatch(s) and not re.search(r"[.,]", s)):
        raise InputProblem(tr("'{text}' has thousands separators: type the number without them "
                              "({example})").format(text=shown, example=dec))
    if "," in s:
        if not comma:
            raise InputProblem(tr("'{text}' is not a number: use a dot for decimals and no "
                                  "thousands separators ({example})").format(text=shown, example=dec))
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        raise InputProblem(tr("'{text}' is not a number").format(text=shown))
    if _INT.fullmatch(s):
        return int(s)
    v = float(s)
    if not math.isfinite(v):
        raise InputProblem(tr("'{text}' is not a finite number").format(text=shown))
    return v


def _fold(text: str) -> str:
    """Typed words compared without case, accents or extra spaces (``Khong`` = ``không``)."""
    import unicodedata
    t = unicodedata.normalize("NFD", " ".join(text.split()).casefold().replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


#: Canonical answer words (FORMAT.md §6.7) and the English word each is shown as.
_WORDS = {"yes": ("y", "yes", "true"), "no": ("n", "no", "false"), "partial": ("p", "partial"),
          "na": ("na", "n/a"), NO_DATA: ("no_data", "no data", "nd")}
_SHOWN = {"yes": "yes", "no": "no", "partial": "partial", "na": "N/A", NO_DATA: "no data"}


def answer_word(text: str) -> str | None:
    """``yes``, ``no``, ``partial``, ``na`` or ``no_data`` for a typed word in the current
    language or a canonical one (``có``, ``Khong``, ``không có dữ liệu``, ``n/a``...); else None."""
    f = _fold(text)
    for canon, typed in _WORDS.items():
        if f in typed or f == _fold(tr(_SHOWN[canon])):
            return canon
    return None


def word(canon: str) -> str:
    """A canonical answer word as shown in the current language (``no_data`` -> "no data")."""
    return tr(_SHOWN.get(canon, canon))


def is_no_data(value) -> bool:
    return isinstance(value, str) and value.strip() == NO_DATA


def _same(a, b) -> bool:
    """Equal answer values (a bool is never equal to a number here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def numbered(ind: Indicator) -> bool:
    """Options are typed by number unless some option id is itself a number."""
    return not any(_INT.fullmatch(o.id) for o in ind.options)


def value_text(ind: Indicator, value) -> str:
    """An answer value written as it would be typed (the default shown at the prompt), with
    answer words in the current language."""
    if is_na(value):
        from ..i18n import current
        return "na" if current() == "en" else word("na")
    if is_no_data(value):
        return word(NO_DATA)
    if ind.type == "yesno":
        return word("partial" if value == "partial" else ("yes" if value is True else "no"))
    if ind.type == "multi":
        if not isinstance(value, list):
            return str(value)
        return ", ".join(str(v) for v in value) if value else "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from ..i18n import current
        return num(value).replace(".", ",") if decimal_comma(current()) else num(value)
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    return str(value)


def build_raw(value, extras: dict) -> Any:
    """The answer as written: the bare value, or ``{value, evidence, note, ...}`` with extras."""
    kept = {k: extras[k] for k in ANSWER_KEYS if k != "value" and k in extras
            and extras[k] is not None and extras[k] != "" and extras[k] != {}}
    if not kept:
        return value
    return {"value": value, **kept}


def parse_date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputProblem(tr("'{text}' is not a date: type it as YYYY-MM-DD, e.g. 2026-03-01")
                           .format(text=text.strip())) from None


# --------------------------------------------------------------------------- the session

class Session:
    """One assessment in progress. See the module docstring for the flow."""

    def __init__(self, checklist: Checklist, header: dict | None = None, answers: dict | None = None,
                 lang: str | None = None, profile: str | None = None):
        from ..profiles import select
        self.checklist = checklist
        self.lang = checklist.pick_lang(lang)
        #: the --profile in use (FORMAT.md §6.6); raises UnknownProfileError for an unknown id
        self.selection = select(checklist, profile)
        self.order: list[str] = list(checklist.indicators)
        self._pos = {iid: i for i, iid in enumerate(self.order)}
        self._lower = {iid.lower(): iid for iid in self.order}
        self.header: dict[str, Any] = {k: None for k in HEADER_KEYS + KEPT_KEYS}
        for k, v in (header or {}).items():
            if k in self.header:
                self.header[k] = v
        if self.selection is not None:
            self.header["profile"] = self.selection.profile
        self.answers: dict[str, Any] = {}     # indicator id -> raw answer, as written
        self.foreign: dict[str, Any] = {}     # answers to ids this checklist lacks: kept as read
        self.invalid: dict[str, str] = {}     # answers that fail their checks: id -> why
        self.dropped: dict[str, Any] = {}     # answers cleared by the user, offered back by Enter
        self.skipped: set[str] = set()
        self.pending_extras: dict[str, dict] = {}   # evidence/note typed before the answer
        self.notices: list[str] = []          # things the last action changed, for the UI
        self.revision = 0                     # bumps on every change to what the file holds
        self.visit = 0                        # bumps whenever the cursor is (re)placed
        self.cursor: str | None = None
        self.step = Step(REVIEW)
        self._linear = False
        self._queue: list[tuple] = []         # sub-steps still to ask for the current indicator
        self._cache: tuple[int, dict, list, dict] | None = None
        self._sections: dict[str, tuple[Section, ...]] = {}
        for sec in checklist.sections:
            self._index_sections(sec, ())
        for iid, raw in (answers or {}).items():
            self._take(str(iid), raw)
        for iid in self.order:
            why = self.ruled_out(iid)
            if iid in self.answers and why:
                self.notices.append(tr("{id} is not asked ({why}): its answer is kept in the file, "
                                       "not scored").format(id=iid, why=why))
        self._go(self.first_unanswered())

    def _take(self, iid: str, raw) -> None:
        """Hold an answer read from the file: blank ones are unanswered, foreign ones kept."""
        if raw is None:
            self.answers.pop(iid, None)
            self.invalid.pop(iid, None)
            return
        if iid not in self.checklist.indicators:
            self.foreign[iid] = raw
            self.notices.append(tr("{id} is not an indicator of {checklist}; its answer is kept "
                                   "in the file as it is").format(id=iid, checklist=self.checklist.id))
            return
        self.answers[iid] = raw
        problem = self._problem(iid, raw)
        if problem:
            self.invalid[iid] = problem
            self.notices.append(tr("{id}: {problem} (it will be asked again; the file keeps it "
                                   "until then)").format(id=iid, problem=problem))
        else:
            self.invalid.pop(iid, None)

    def replace_answers(self, answers: dict, header: dict | None = None) -> None:
        """Take answers (and header values) changed in the file by someone else: ``None``
        removes an answer. Used when the file changed on disk while the session ran."""
        self.notices = []
        for k, v in (header or {}).items():
            if k in self.header:
                self.header[k] = v
        for iid, raw in answers.items():
            if raw is None and iid in self.foreign:
                del self.foreign[iid]
            self._take(str(iid), raw)
            self.skipped.discard(iid)
        self.revision += 1
        if self.cursor is not None and not self.is_applicable(self.cursor):
            self._go(self._next_pending(self.cursor))

    def _index_sections(self, sec: Section, path: tuple) -> None:
        path = path + (sec,)
        for ind in sec.indicators:
            self._sections[ind.id] = path
        for sub in sec.sections:
            self._index_sections(sub, path)

    # ------------------------------------------------------------------ queries

    def indicator(self, iid: str | None = None) -> Indicator | None:
        iid = self.cursor if iid is None else iid
        return self.checklist.indicators.get(iid) if iid else None

    def current(self) -> Indicator | None:
        """The indicator under the cursor; None at the review."""
        return self.indicator()

    def _at(self) -> str:
        """The id under the cursor, in a step that has one (every step but the review)."""
        if self.cursor is None:
            raise RuntimeError("no indicator under the cursor")
        return self.cursor

    def _here(self) -> Indicator:
        """The indicator under the cursor, in a step that has one (see :meth:`_at`)."""
        return self.checklist.indicators[self._at()]

    def section_path(self, iid: str) -> tuple[Section, ...]:
        """Sections from the top level down to the one that holds ``iid``."""
        return self._sections.get(iid, ())

    def _problem(self, iid: str, raw) -> str | None:
        ind = self.checklist.indicators[iid]
        try:
            value, extras = split_answer(raw)
            if is_no_data(value):
                if ind.type == "text":
                    return tr("a text indicator cannot be answered no_data")
                bad = [str(k) for k in extras if k not in ("value", "evidence", "note")]
                if bad:
                    return tr("'{key}' does not go with no_data").format(key=bad[0])
                return None
            ans = check_answer(ind, raw, self.checklist.disaggregations)
        except AnswerProblem as exc:
            return exc.message
        except Exception as exc:  # noqa: BLE001 - a hand-edited answer must never crash a resume
            return tr("cannot read this answer ({what})").format(what=type(exc).__name__)
        self._answer_problems(iid, ans)
        return None

    def _answer_problems(self, iid: str, ans) -> list[str]:
        """The problems that do not void an answer (``Answer.problems``: a short breakdown, an
        override reversing a direction, the ignored override of a stated one), as notices
        (``ID: warning: ...``) for the screen; returns them."""
        out = [f"{iid}: {tr(p.severity)}: {p.message}" for p in getattr(ans, "problems", None) or ()]
        self.notices.extend(out)
        return out

    def _state(self) -> tuple[dict, list]:
        """(condition values, asked ids in ask order), as scoring computes them: indicators
        outside the profile, ruled out by ``when`` or implied (``when_false: zero``) are not asked;
        ``na``, ``no_data`` and unselected answers make comparisons false (§6.11)."""
        if self._cache is not None and self._cache[0] == self.revision:
            return self._cache[1], self._cache[2]
        from ..scoring import plan_for
        plan = plan_for(self.checklist)
        values: dict[str, Any] = {}
        applicable: list[str] = []
        out: dict[str, str] = {}
        for iid, ind in self.checklist.indicators.items():
            if self.selection is not None and not self.selection.selects(iid):
                out[iid] = "profile"
                continue
            cond = plan.when.get(iid)
            if cond is not None and not cond(values):
                out[iid] = "implied" if getattr(ind, "when_false", "exclude") == "zero" else "when"
                continue
            applicable.append(iid)
            raw = self.answers.get(iid)
            if raw is None or iid in self.invalid or not ind.scored:
                continue
            if is_no_data(split_answer(raw)[0]):
                continue
            try:
                ans = check_answer(ind, raw, self.checklist.disaggregations)
            except AnswerProblem:
                continue
            if ans is not None and not ans.na and not ans.no_data:
                values[iid] = ans.value
        self._cache = (self.revision, values, applicable, out)
        return values, applicable

    def applicable_ids(self) -> list[str]:
        """Ids of the indicators that are asked (selected, ``when`` holds), in ask order."""
        return list(self._state()[1])

    def is_applicable(self, iid: str) -> bool:
        return iid in self._state()[1]

    def why_not(self, iid: str) -> str | None:
        """Why ``iid`` is not asked: ``profile`` (outside the profile), ``when`` (its condition is
        false), ``implied`` (condition false, counted 0); None when it is asked."""
        self._state()
        return self._cache[3].get(iid) if self._cache else None

    def ruled_out(self, iid: str) -> str | None:
        """Why ``iid`` is not asked, in words (None when it is)."""
        why = self.why_not(iid)
        if why is None:
            return None
        ind = self.checklist.indicators[iid]
        if why == "profile":
            return tr("outside the profile {profile}").format(
                profile=self.selection.profile if self.selection is not None else "")
        if why == "implied":
            return tr("{condition} is false: counted 0").format(condition=ind.when_source)
        return tr("{condition} is false").format(condition=ind.when_source)

    def kept_ruled_out(self) -> list[str]:
        """Answered indicators that are not asked: their answers are kept, not scored."""
        return [i for i in self.order if i in self.answers and self.why_not(i) is not None]

    def is_answered(self, iid: str) -> bool:
        return iid in self.answers and iid not in self.invalid

    def is_no_data(self, iid: str) -> bool:
        return is_no_data(self.value(iid))

    def value(self, iid: str):
        """The current answer value of ``iid`` (``"na"`` for N/A, ``"no_data"``), or None."""
        if not self.is_answered(iid):
            return None
        return split_answer(self.answers[iid])[0]

    def extras(self, iid: str) -> dict:
        """Evidence, note, by... of the answer to ``iid`` (empty for a bare value)."""
        raw = self.answers.get(iid)
        if isinstance(raw, dict):
            return {k: v for k, v in raw.items() if k != "value"}
        return dict(self.pending_extras.get(iid, {}))

    def unanswered(self) -> list[str]:
        """Asked indicators without an answer (skipped ones included), in ask order."""
        return [i for i in self._state()[1] if not self.is_answered(i)]

    def first_unanswered(self) -> str | None:
        """Where a resumed session starts: the first unanswered applicable indicator that is
        scored (free-text ones are optional; they are still asked when the walk comes round)."""
        u = self.unanswered()
        scored = [i for i in u if self.checklist.indicators[i].scored]
        return scored[0] if scored else (u[0] if u else None)

    def progress(self) -> tuple[int, int, int]:
        """(position of the cursor among applicable indicators, their number, how many answered);
        the position is 0 at the review."""
        app = self._state()[1]
        pos = app.index(self.cursor) + 1 if self.cursor in app else 0
        return pos, len(app), sum(1 for i in app if self.is_answered(i))

    def position(self) -> tuple[int, int]:
        """(place of the cursor in the whole checklist, number of indicators); 0 at the review.
        Stable while conditions change: indicators that do not apply are passed over."""
        if self.cursor is None:
            return 0, len(self.order)
        return self._pos[self.cursor] + 1, len(self.order)

    def to_submission_dict(self) -> dict:
        """The submission as it is written: header, then answers in ask order (FORMAT.md §2)."""
        d: dict[str, Any] = {"ledcheck": 1, "checklist": self.checklist.id,
                             "checklist_version": self.checklist.version}
        for k in HEADER_KEYS + KEPT_KEYS:
            v = self.header.get(k)
            if k == "subject" or (v is not None and v != ""):
                d[k] = v
        answers = {iid: self.answers[iid] for iid in self.order if iid in self.answers}
        answers.update(self.foreign)
        d["answers"] = answers
        return d

    # ------------------------------------------------------------------ prompts

    def default(self) -> str | None:
        """What Enter takes at the current step, as text (None: Enter has no default)."""
        iid, step = self.cursor, self.step
        ind = self.current()
        if iid is None:
            return None
        if step.kind == VALUE and ind is not None:
            if self.is_answered(iid):
                return value_text(ind, self.value(iid))
            if iid in self.dropped:
                return value_text(ind, split_answer(self.dropped[iid])[0])
            return None
        if step.kind == PART and ind is not None:
            return self._part_default(ind)
        if step.kind in (EVIDENCE, EXTRA_EVIDENCE):
            return self.extras(iid).get("evidence") or None
        if step.kind in (EXTRA_NOTE, JUSTIFY):
            return self.extras(iid).get("note") or None
        return None

    def _part_default(self, ind: Indicator) -> str | None:
        step = self.step
        cats = self.checklist.disaggregations.get(step.dim or "", ())
        total = self.value(ind.id)
        if not isinstance(total, (int, float)) or isinstance(total, bool):
            return None
        if step.index == len(cats) - 1 and (not step.left_out or cats[-1] == UNKNOWN_CATEGORY):
            rest = total - sum(step.parts.values())
            if isinstance(rest, float):
                rest = round(rest, 9)
            return num(rest) if rest >= 0 else None
        old = (self.extras(ind.id).get("by") or {}).get(step.dim) or {}
        cat = cats[step.index]
        return num(old[cat]) if cat in old else None

    # ------------------------------------------------------------------ moving

    def _go(self, iid: str | None) -> None:
        self.cursor = iid
        self.step = Step(VALUE) if iid is not None else Step(REVIEW)
        self._queue = []
        self.visit += 1
        if iid is None:
            self._linear = False

    def _next_applicable(self, after: str | None) -> str | None:
        start = self._pos[after] if after is not None else -1
        for iid in self._state()[1]:
            if self._pos[iid] > start:
                return iid
        return None

    def _pending(self, iid: str) -> bool:
        return not self.is_answered(iid) and iid not in self.skipped

    def _next_pending(self, after: str | None) -> str | None:
        app = self._state()[1]
        start = self._pos[after] if after is not None else -1
        later = [i for i in app if self._pos[i] > start and self._pending(i)]
        if later:
            return later[0]
        earlier = [i for i in app if self._pos[i] <= start and self._pending(i)]
        return earlier[0] if earlier else None

    def _advance(self) -> Outcome:
        cur = self.cursor
        if self._linear:
            nxt = self._next_applicable(cur)
            if nxt is not None:
                if not self.is_answered(nxt):
                    self._linear = False
                self._go(nxt)
                return Outcome(OK)
            self._linear = False
        self._go(self._next_pending(cur))
        return Outcome(OK)

    def back(self) -> Outcome:
        """Inside an indicator: back to its value. Otherwise: the previous applicable indicator."""
        if self.step.kind in (EXTRA_EVIDENCE, EXTRA_NOTE, GOTO):
            self.step = self.step.back_to or Step(VALUE)
            return Outcome(OK)
        if self.step.kind in (PART, EVIDENCE, JUSTIFY):
            self.step = Step(VALUE)
            self._queue = []
            return Outcome(OK)
        app = self._state()[1]
        if self.cursor is None:
            prev = app[-1] if app else None
        else:
            start = self._pos[self.cursor]
            earlier = [i for i in app if self._pos[i] < start]
            prev = earlier[-1] if earlier else None
        if prev is None:
            return Outcome(ERROR, tr("this is the first indicator: there is nothing before it"))
        self._go(prev)
        self._linear = True
        return Outcome(OK)

    def skip(self) -> Outcome:
        """Leave the current indicator as it is (unanswered, or its answer so far) and move on."""
        if self.step.kind in (EXTRA_EVIDENCE, EXTRA_NOTE, GOTO):
            self.step = self.step.back_to or Step(VALUE)
            return Outcome(OK)
        if self.cursor is None:
            return Outcome(ERROR, tr("nothing to skip here: type an indicator id to revise it, "
                                     "or press Enter to finish"))
        if not self.is_answered(self.cursor):
            self.skipped.add(self.cursor)
        return self._advance()

    def clear(self) -> Outcome:
        """Remove the answer to the current indicator (it becomes unanswered) and move on; Enter
        at it offers the removed answer back."""
        iid = self.cursor
        if iid not in self.answers:
            return Outcome(ERROR, tr("{id} has no answer to clear").format(id=iid))
        self.dropped[iid] = self.answers.pop(iid)
        self.invalid.pop(iid, None)
        self.pending_extras.pop(iid, None)
        self.skipped.add(iid)
        self._changed()
        self.notices.append(tr("the answer to {id} is removed").format(id=iid))
        return self._advance()

    def resolve(self, text: str) -> str | None:
        """An indicator id typed in any case, or None."""
        t = text.strip()
        if t in self.checklist.indicators:
            return t
        return self._lower.get(t.lower())

    def goto(self, text: str) -> Outcome:
        """Go to an indicator by id (it must be asked: selected, its condition true)."""
        iid = self.resolve(text)
        if iid is None:
            from ..checklist import did_you_mean
            return Outcome(ERROR, tr("no indicator '{id}'").format(id=text.strip())
                           + did_you_mean(text.strip(), self.order))
        if not self.is_applicable(iid):
            return Outcome(ERROR, tr("{id} is not asked: {why}").format(id=iid, why=self.ruled_out(iid)))
        self._go(iid)
        self._linear = False
        return Outcome(OK)

    def answer_all(self) -> Outcome:
        """From the review: ask the unanswered (including skipped) indicators again."""
        self.skipped.clear()
        first = self.first_unanswered()
        if first is None:
            return Outcome(INFO, tr("every applicable indicator is answered"))
        self._go(first)
        return Outcome(OK)

    # ------------------------------------------------------------------ changing answers

    def _changed(self) -> None:
        before = (set(self._cache[2]), set(self.kept_ruled_out())) if self._cache is not None else None
        self.revision += 1
        if before is None:
            return
        app = self._state()[1]
        new = [i for i in app if i not in before[0] and not self.is_answered(i)]
        if new:
            first = self._pos[new[0]]
            if any(self._pos[i] > first for i in self.answers if i in self._pos):
                self.notices.append(tr("now asked: {ids}").format(ids=", ".join(new)))
        for iid in self.kept_ruled_out():
            if iid not in before[1]:
                self.notices.append(tr("{id} is no longer asked ({why}): its answer ({answer}) is "
                                       "kept in the file, not scored").format(
                    id=iid, why=self.ruled_out(iid),
                    answer=value_text(self.checklist.indicators[iid], self.value(iid))))

    def _commit(self, iid: str, value, by_first: dict | None = None) -> None:
        """Store a new value for ``iid``, keeping its evidence and note (and its breakdown if the
        value did not change)."""
        ind = self.checklist.indicators[iid]
        old = self.answers.get(iid)
        if iid in self.invalid:
            old_value, extras = None, {k: v for k, v in self.extras(iid).items()
                                       if k in ("evidence", "note")}
        elif old is not None:
            old_value, extras = self.value(iid), self.extras(iid)
        else:
            old_value, extras = None, {}
        if old_value is None or not _same(old_value, value) or is_na(value) or is_no_data(value):
            extras.pop("by", None)
        extras.update(self.pending_extras.pop(iid, {}))
        if by_first is not None and ind.disaggregate:
            by = dict(extras.get("by") or {})
            by[ind.disaggregate[0]] = by_first
            extras["by"] = {d: by[d] for d in ind.disaggregate if d in by}
        self.answers[iid] = build_raw(value, extras)
        self.invalid.pop(iid, None)
        self.dropped.pop(iid, None)
        self.skipped.discard(iid)
        self._changed()

    def _set_extra(self, iid: str, key: str, text: str | None) -> None:
        if not self.is_answered(iid):
            pend = self.pending_extras.setdefault(iid, {})
            if text:
                pend[key] = text
            else:
                pend.pop(key, None)
            return
        value = self.value(iid)
        extras = self.extras(iid)
        if text:
            extras[key] = text
        else:
            extras.pop(key, None)
        self.answers[iid] = build_raw(value, extras)
        self._changed()

    def _set_by(self, iid: str, dim: str, parts: dict | None) -> None:
        value = self.value(iid)
        extras = self.extras(iid)
        by = dict(extras.get("by") or {})
        if parts is None:
            by.pop(dim, None)
        else:
            by[dim] = parts
        ind = self.checklist.indicators[iid]
        extras["by"] = {d: by[d] for d in ind.disaggregate if d in by} or None
        self.answers[iid] = build_raw(value, extras)
        self._changed()

    def set_header(self, key: str, value) -> None:
        if key not in HEADER_KEYS:
            raise KeyError(key)
        self.header[key] = value
        self.revision += 1

    def set_evidence(self, iid: str, evidence: str | None = None, note: str | None = None) -> None:
        """Set (or, with ``""``, clear) the evidence and/or note of an indicator. Before it is
        answered they are held and written with its answer."""
        if evidence is not None:
            self._set_extra(iid, "evidence", evidence.strip())
        if note is not None:
            self._set_extra(iid, "note", note.strip())

    # ------------------------------------------------------------------ typed input

    def prompt(self) -> tuple[str, str | None]:
        """(kind of the step, default text) -- the UI words the prompt."""
        return self.step.kind, self.default()

    def feed(self, text: str) -> Outcome:
        """Act on one typed line: a command or an answer to the current step."""
        self.notices = []
        s = text.strip()
        if s.startswith("\\"):          # a literal answer that would read as a command
            s = s[1:].strip()
            if not s:
                return Outcome(ERROR, tr("type the text after the backslash"))
        else:
            out = self._command(s)
            if out is not None:
                return out
        handler = {VALUE: self._feed_value, PART: self._feed_part, EVIDENCE: self._feed_evidence,
                   JUSTIFY: self._feed_justify, EXTRA_EVIDENCE: self._feed_extra_evidence,
                   EXTRA_NOTE: self._feed_extra_note, GOTO: self._feed_goto,
                   REVIEW: self._feed_review}[self.step.kind]
        try:
            return handler(s)
        except InputProblem as exc:
            return Outcome(ERROR, str(exc))

    def _feed_evidence(self, s: str) -> Outcome:
        if s:
            self.set_evidence(self._at(), evidence="" if s == "-" else s)
        return self._next_sub()

    def _feed_justify(self, s: str) -> Outcome:
        if s:
            self.set_evidence(self._at(), note="" if s == "-" else s)
        return self._next_sub()

    def _feed_extra_evidence(self, s: str) -> Outcome:
        if s:
            self.set_evidence(self._at(), evidence="" if s == "-" else s)
        self.step = Step(EXTRA_NOTE, back_to=self.step.back_to)
        return Outcome(OK)

    def _feed_extra_note(self, s: str) -> Outcome:
        if s:
            self.set_evidence(self._at(), note="" if s == "-" else s)
        self.step = self.step.back_to or Step(VALUE)
        return Outcome(INFO, (tr("evidence and note of {id} saved") if self.is_answered(self._at())
                              else tr("evidence and note will be saved with the answer to {id}"))
                       .format(id=self.cursor))

    def _feed_goto(self, s: str) -> Outcome:
        if not s:
            self.step = self.step.back_to or Step(VALUE)
            return Outcome(OK)
        return self.goto(s)

    def _feed_review(self, s: str) -> Outcome:
        if not s:
            return Outcome(FINISH)
        if s.lower() in ("a", "all"):
            return self.answer_all()
        if s.lower() == "p":
            return Outcome(SECTION, PROBLEMS)
        if _INT.fullmatch(s):
            tops = self.checklist.sections
            n = int(s)
            if 1 <= n <= len(tops):
                return Outcome(SECTION, tops[n - 1].id)
            return Outcome(ERROR, tr("type a section number from 1 to {n}, or an indicator id")
                           .format(n=len(tops)))
        return self.goto(s)

    def _command(self, s: str) -> Outcome | None:
        low = s.lower()
        word_, _, rest = low.partition(" ")
        if low in ("?", "h", "help"):
            return Outcome(HELP)
        if low in ("q", "quit", "exit"):
            return Outcome(QUIT)
        if low in ("b", "back"):
            return self.back()
        if low in ("s", "skip"):
            return self.skip()
        if low == "clear" and self.step.kind == VALUE:
            return self.clear()
        if self.step.kind == VALUE and self.cursor is not None:
            typed = self._answer_command(s)
            if typed == "na":
                return self._feed_na()
            if typed == NO_DATA:
                return self._feed_no_data()
        if word_ in ("g", "goto") and (rest or low == word_):
            if rest:
                return self.goto(s.split(None, 1)[1])
            self.step = Step(GOTO, back_to=self.step if self.step.kind != GOTO else self.step.back_to)
            return Outcome(OK)
        if word_ == "e" and (rest or low == "e"):
            if self.cursor is None:
                return Outcome(ERROR, tr("go to an indicator first (type its id), then e"))
            if rest:
                self.set_evidence(self._at(), evidence=s.split(None, 1)[1])
                return Outcome(INFO, (tr("evidence of {id} saved") if self.is_answered(self._at())
                                      else tr("evidence will be saved with the answer to {id}"))
                               .format(id=self.cursor))
            back_to = self.step if self.step.kind not in (EXTRA_EVIDENCE, EXTRA_NOTE, GOTO) \
                else self.step.back_to
            self.step = Step(EXTRA_EVIDENCE, back_to=back_to)
            return Outcome(OK)
        return None

    def _answer_command(self, s: str) -> str | None:
        """``na`` or ``no_data`` when the typed line means one of them for the current indicator:
        an option id that happens to read so stays an option; free text takes only the canonical
        words as commands (a sentence like "không áp dụng" is text there)."""
        ind = self._here()
        typed = answer_word(s)
        if typed not in ("na", NO_DATA) or ind is None:
            return None
        if ind.type in ("choice", "multi") and any(o.id.lower() == s.strip().lower() for o in ind.options):
            return None
        if ind.type == "text":
            return typed if _fold(s) in _WORDS[typed] else None
        return typed

    def _feed_na(self) -> Outcome:
        ind = self._here()
        if not ind.allow_na:
            return Outcome(ERROR, tr("{id} cannot be answered na (not applicable): answer it, "
                                     "or s to skip it").format(id=ind.id))
        self._commit(ind.id, "na")
        # N/A where evidence is required: ask why (kept as the answer's note)
        self._queue = [(JUSTIFY,)] if ind.evidence == "required" else []
        return self._next_sub()

    def _feed_no_data(self) -> Outcome:
        ind = self._here()
        if ind.type == "text":
            return Outcome(ERROR, tr("{id} is free text: leave it empty (Enter) if there is "
                                     "nothing to write").format(id=ind.id))
        self._commit(ind.id, NO_DATA)
        self._queue = []
        return self._next_sub()

    def _feed_value(self, s: str) -> Outcome:
        ind = self._here()
        iid = ind.id
        if not s:
            if self.is_answered(iid):
                return self._advance()                  # Enter keeps the answer
            if iid in self.dropped:                     # an answer cleared earlier
                self.answers[iid] = self.dropped.pop(iid)
                self.skipped.discard(iid)
                self._changed()
                return self._advance()
            if ind.type == "text":                      # free text is optional: Enter skips
                return self.skip()
            return Outcome(ERROR, tr("type an answer (? shows how), or s to skip"))
        value, parts = self.parse_value(ind, s)
        try:
            ans = check_answer(ind, value, self.checklist.disaggregations)
        except AnswerProblem as exc:
            raise InputProblem(exc.message) from None
        self._commit(iid, value, parts)
        self._answer_problems(iid, ans)
        queue: list[tuple] = []
        if ind.type == "number" and ind.disaggregate:
            dims = list(ind.disaggregate[1:] if parts is not None else ind.disaggregate)
            queue += [(PART, d) for d in dims]
        if ind.evidence == "required":
            queue.append((EVIDENCE,))
        self._queue = queue
        return self._next_sub()

    def _next_sub(self) -> Outcome:
        while self._queue and self._queue[0][0] == PART and self.value(self._at()) == 0:
            self._queue.pop(0)                  # a total of 0 has nothing to break down
        if self._queue:
            item = self._queue.pop(0)
            self.step = Step(PART, dim=item[1]) if item[0] == PART else Step(item[0])
            return Outcome(OK)
        return self._advance()

    def _number(self, s: str, ind: Indicator) -> int | float:
        return parse_number(s, ind.unit, comma=decimal_comma(self.lang))

    def _feed_part(self, s: str) -> Outcome:
        """One part of a breakdown. Enter takes the default (the old part, or the remainder for
        the last category); Enter at the first part without one: no breakdown; at a later one:
        that part is not known (left out), and the rest is reported as ``unknown`` with a
        warning (FORMAT.md §6.5, §6.11: parts may add up to less than the value, not more)."""
        ind = self._here()
        step = self.step
        dim = step.dim or ""
        cats = list(self.checklist.disaggregations.get(dim, ()))
        total = self.value(ind.id)
        if s == "-":
            self._set_by(ind.id, dim, None)
            return self._next_sub()
        if not s:
            default = self._part_default(ind)
            if default is None and step.index == 0:     # no breakdown by this dimension
                return self._next_sub()
            if default is None:
                step.left_out = True
                return self._next_part(ind, cats, total)
            s = default
        v = self._number(s, ind)
        if v < 0:
            raise InputProblem(tr("{category} must be a number >= 0, not {value}")
                               .format(category=cats[step.index], value=num(v)))
        so_far = sum(step.parts.values()) + v
        if so_far > total and not math.isclose(so_far, total, rel_tol=1e-9, abs_tol=1e-9):
            self.step = Step(PART, dim=dim)
            raise InputProblem(tr("the parts so far add up to {sum}, more than the total {total}: "
                                  "type the {breakdown} parts again (- for no breakdown)")
                               .format(sum=num(so_far), total=num(total), breakdown=dim))
        step.parts[cats[step.index]] = v
        return self._next_part(ind, cats, total)

    def _next_part(self, ind: Indicator, cats: list, total: Any) -> Outcome:
        """The next category of the breakdown, or after the last one the breakdown checked and
        kept: all parts given must add up to the value; with a part left out, up to at most it."""
        step = self.step
        dim = step.dim or ""
        if step.index + 1 < len(cats):
            step.index += 1
            return Outcome(OK)
        got = sum(step.parts.values())
        if not step.left_out and not math.isclose(got, total, rel_tol=1e-9, abs_tol=1e-9):
            self.step = Step(PART, dim=dim)
            raise InputProblem(tr("the {breakdown} parts add up to {sum}, not to the total {total}: "
                                  "type them again (- for no breakdown)")
                               .format(sum=num(got), total=num(total), breakdown=dim))
        self._set_by(ind.id, dim, dict(step.parts) or None)
        if step.left_out and step.parts:   # a short breakdown: say so, as the scorer will
            with contextlib.suppress(AnswerProblem):
                self._answer_problems(ind.id, check_answer(ind, self.answers[ind.id],
                                                           self.checklist.disaggregations))
        return self._next_sub()

    # ------------------------------------------------------------------ parsing values

    def parse_value(self, ind: Indicator, s: str) -> tuple[Any, dict | None]:
        """The answer value typed for ``ind`` (and, for ``30+34`` on a disaggregated number,
        its parts by the first breakdown). Raises :class:`InputProblem`."""
        t = ind.type
        if t == "levels":
            try:
                v = self._number(s, ind)
            except InputProblem:
                for lv in ind.levels:
                    if lv.label is not None and any(_fold(s) == _fold(x) for x in lv.label.values.values()):
                        return lv.value, None
                raise InputProblem(tr("type one of the levels {levels}")
                                   .format(levels=self._levels_list(ind))) from None
            for lv in ind.levels:
                if lv.value == v:
                    return lv.value, None
            raise InputProblem(tr("{value} is not a level: type one of {levels}")
                               .format(value=num(v), levels=self._levels_list(ind)))
        if t == "yesno":
            return self._yesno(ind, s), None
        if t == "choice":
            return self._option(ind, s), None
        if t == "multi":
            low = s.lower()
            if s == "-" or (low == "none" and not any(o.id.lower() == "none" for o in ind.options)):
                return [], None
            tokens = [x for x in re.split(r"[,;\s]+", s) if x]
            chosen = {self._option(ind, x, multi=True) for x in tokens}
            return [o.id for o in ind.options if o.id in chosen], None
        if t == "number":
            if ind.disaggregate and "+" in s and not _NUMBER.fullmatch(s.strip()):
                return self._parts_sum(ind, s)
            return self._number(s, ind), None
        return s, None

    @staticmethod
    def _yesno(ind: Indicator, s: str):
        typed = answer_word(s)
        if typed == "yes":
            return True
        if typed == "no":
            return False
        if typed == "partial":
            if not ind.partial:
                raise InputProblem(tr("{id} takes yes or no (partial is not allowed)").format(id=ind.id))
            return "partial"
        hint = (tr("type y ({yes}), n ({no}) or p ({partial})") if ind.partial
                else tr("type y ({yes}) or n ({no})"))
        raise InputProblem(hint.format(yes=word("yes"), no=word("no"), partial=word("partial")))

    def _parts_sum(self, ind: Indicator, s: str) -> tuple[Any, dict]:
        dim = ind.disaggregate[0]
        cats = list(self.checklist.disaggregations.get(dim, ()))
        items = [x for x in s.split("+")]
        if len(items) != len(cats):
            raise InputProblem(tr("type the total, or the {n} parts by {breakdown} joined by + ({parts})")
                               .format(n=len(cats), breakdown=dim, parts=" + ".join(cats)))
        vals = [self._number(x, ind) for x in items]
        if any(v < 0 for v in vals):
            raise InputProblem(tr("parts must be numbers >= 0"))
        total = sum(vals)
        if isinstance(total, float):
            total = round(total, 9)
        return total, dict(zip(cats, vals, strict=True))

    @staticmethod
    def _levels_list(ind: Indicator) -> str:
        return ", ".join(num(lv.value) for lv in ind.levels)

    def _option(self, ind: Indicator, token: str, multi: bool = False) -> str:
        if ind.option(token) is not None:
            return token
        same_case = [o.id for o in ind.options if o.id.lower() == token.lower()]
        if len(same_case) == 1:
            return same_case[0]
        if numbered(ind) and _INT.fullmatch(token):
            n = int(token)
            if 1 <= n <= len(ind.options):
                return ind.options[n - 1].id
        if multi:
            how = (tr("numbers 1-{n} or ids") if numbered(ind) else tr("option ids")).format(n=len(ind.options))
            raise InputProblem(tr("'{token}' is not an option: type {how}, e.g. 1,3 (- for none)")
                               .format(token=token, how=how))
        how = (tr("a number 1-{n} or an option id") if numbered(ind) else tr("an option id")).format(n=len(ind.options))
        raise InputProblem(tr("'{token}' is not an option: type {how}").format(token=token, how=how))
