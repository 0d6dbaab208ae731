"""What the assessment shows: questions, prompts, help and the review, as Rich renderables.

Nothing here reads input or keeps state; ``ledcheck.cli.assess`` prints what these functions
build. Rich is imported inside the functions (it is not needed to import the package).
Everything fits in 80 columns and reads the same without colour (``NO_COLOR``) or styles
(``TERM=dumb``); the review fits 80x24 (a summary by section, then a chosen section).

Words are ledcheck's catalogue (:func:`ledcheck.i18n.tr`, in the language the caller set); text
from the checklist or the answer file goes through :func:`safe`, so control and escape
sequences or bidi overrides in it never reach the terminal raw, and always into a ``Text``
(never a markup string, so ``[bold]`` in an answer is shown as typed).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import printable
from ..i18n import tr
from ..model import Indicator, text_of
from ..submission import split_answer
from .session import (
    EVIDENCE,
    EXTRA_EVIDENCE,
    EXTRA_NOTE,
    GOTO,
    JUSTIFY,
    PART,
    PROBLEMS,
    REVIEW,
    VALUE,
    Session,
    is_no_data,
    num,
    numbered,
    value_text,
    word,
)

if TYPE_CHECKING:   # rich is imported where it is used (startup time)
    from rich.console import RenderableType

MAX_WIDTH = 100


def keys_line() -> str:
    return tr("? help · b back · s skip · nd no data · e evidence/note · g go to · q quit")


def safe(text) -> str:
    """User or checklist text for the terminal: one line, control characters escaped."""
    return printable(" ".join(str(text).split()))


def T(text, style: str = ""):  # noqa: N802 - reads as the Text it builds
    """A Rich Text of file-borne text, made :func:`safe`."""
    from rich.text import Text
    return Text(safe(text), style=style)


def make_console(file=None):
    """A Console for the session: no highlighting, at most MAX_WIDTH columns wide."""
    from rich.console import Console
    console = Console(file=file, highlight=False, emoji=False)
    if console.width > MAX_WIDTH:
        console.width = MAX_WIDTH
    return console


def shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def draft_notice(session: Session) -> str | None:
    """"draft translation, not yet reviewed" when the session's language is a draft (§6.11)."""
    from ..i18n import draft_notice as notice
    return notice(session.lang, session.checklist)


# --------------------------------------------------------------------------- answers as text

def answer_label(session: Session, ind: Indicator, value) -> str:
    """An answer value in words, for the review and 'current answer' lines."""
    lang = session.lang
    if value is None:
        return ""
    if value == "na":
        return word("na")
    if is_no_data(value):
        return word("no_data")
    t = ind.type
    if t == "levels":
        lv = ind.level(value)
        label = text_of(lv.label, lang) if lv else ""
        return f"{num(value)} {label}".strip()
    if t == "yesno":
        return value_text(ind, value)
    if t == "choice":
        o = ind.option(value)
        return text_of(o.label, lang) or value if o else str(value)
    if t == "multi":
        if not isinstance(value, list):
            return str(value)
        return ", ".join(map(str, value)) if value else tr("none")
    if t == "number":
        shown = num(value)
        if _comma(session) and isinstance(value, float):
            shown = shown.replace(".", ",")         # 45,5 where the language writes it so
        return f"{shown} {ind.unit}" if ind.unit else shown
    return str(value)


#: The widest a prompt may be before its breakdown hint is shortened: the rest of an 80-column
#: line is left for the answer typed after it.
PROMPT_WIDTH = 70


def _parts_hint(session: Session, ind: Indicator, brevity: int) -> str:
    """How to type a number as the sum of its parts by the first breakdown, at three lengths:
    0 lists the categories (``banks+microfinance+...``), 1 names the breakdown and counts them,
    2 only says parts are joined by +. The question above lists the categories in full."""
    dim = ind.disaggregate[0]
    cats = session.checklist.disaggregations.get(dim, ())
    if brevity == 0:
        return tr("or") + " " + "+".join(cats)
    if brevity == 1:
        return tr("or the {n} parts by {breakdown} joined by +").format(n=len(cats), breakdown=dim)
    return tr("or the parts joined by +")


def allowed_hint(session: Session, ind: Indicator, brevity: int = 0) -> str:
    """The short form of what can be typed, used in the prompt (``brevity``: how short the hint
    for a number with a breakdown is, see :func:`_parts_hint`)."""
    t = ind.type
    if t == "levels":
        values = [lv.value for lv in ind.levels]
        ints = [v for v in values if isinstance(v, int)]
        if len(ints) == len(values) and ints == list(range(min(ints), max(ints) + 1)):
            hint = tr("level {low}-{high}").format(low=num(min(values)), high=num(max(values)))
        else:
            hint = tr("level {levels}").format(levels="/".join(num(v) for v in values))
    elif t == "yesno":
        hint = "y/n/p" if ind.partial else "y/n"
    elif t == "choice":
        hint = tr("option 1-{n}").format(n=len(ind.options)) if numbered(ind) else tr("option id")
    elif t == "multi":
        hint = (tr("options 1-{n} (e.g. 1,3; - = none)").format(n=len(ind.options)) if numbered(ind)
                else tr("option ids (- = none)"))
    elif t == "number":
        hint = tr("number ({unit})").format(unit=ind.unit) if ind.unit else tr("number")
        if ind.disaggregate:
            hint += " " + _parts_hint(session, ind, brevity)
    else:
        hint = tr("text") if session.is_answered(ind.id) else tr("text (Enter = skip)")
    if ind.allow_na:
        hint += "/na" if t == "yesno" else ", na"
    return hint


def prompt_text(session: Session) -> str:
    """The prompt for the current step: plain text, ending in ': '."""
    from rich.cells import cell_len
    kind, default = session.prompt()
    ind = session.current()
    d = f" [{shorten(default, 30)}]" if default not in (None, "") else ""
    if kind == REVIEW:
        if session.unanswered():
            return tr("Section number · id to revise · a = answer the rest · Enter = finish: ")
        return tr("Section number · id to revise · Enter = finish: ")
    if kind == GOTO:
        return tr("Go to indicator (id, Enter = stay): ")
    assert ind is not None, "an answer prompt is only shown while an indicator is asked"
    iid = ind.id
    if kind == VALUE:
        # the shortest hint that keeps the prompt within PROMPT_WIDTH (a long list of categories
        # would run past 80 columns; they are listed under the question)
        for brevity in range(3 if ind.type == "number" and ind.disaggregate else 1):
            text = f"{iid} {allowed_hint(session, ind, brevity)}{d}: "
            if cell_len(text) <= PROMPT_WIDTH:
                break
        return text
    if kind == PART:
        step = session.step
        assert step.dim is not None, "a breakdown step names its disaggregation"
        cats = session.checklist.disaggregations.get(step.dim, ())
        total = num(session.value(iid))
        first = tr(" (Enter = no breakdown)") if step.index == 0 and default is None else ""
        return tr("{id} {breakdown}: {category} (of {total}){first}{default}: ").format(
            id=iid, breakdown=step.dim, category=cats[step.index], total=total, first=first, default=d)
    if kind == EVIDENCE:
        how = tr("Enter = keep") if d else tr("Enter = add later")
        return tr("{id} evidence (required; {how}){default}: ").format(id=iid, how=how, default=d)
    if kind == JUSTIFY:
        return tr("{id} why N/A? (a short justification; Enter = later){default}: ").format(id=iid, default=d)
    if kind == EXTRA_EVIDENCE:
        return tr("{id} evidence (- clears){default}: ").format(id=iid, default=d)
    if kind == EXTRA_NOTE:
        return tr("{id} note (- clears){default}: ").format(id=iid, default=d)
    return "> "


def confirmation(session: Session, iid: str, before) -> str | None:
    """One line saying what became of ``iid`` as the cursor leaves it (None: nothing to say)."""
    ind = session.indicator(iid)
    if ind is None:
        return None
    if not session.is_answered(iid):
        return "- " + tr("{id} skipped").format(id=iid) if iid in session.skipped else None
    raw = session.answers[iid]
    text = answer_label(session, ind, session.value(iid))
    extras = session.extras(iid)
    by = extras.get("by") or {}
    if isinstance(by, dict) and by:
        text += " (" + "; ".join(", ".join(f"{c} {num(v)}" for c, v in parts.items())
                                 for parts in by.values() if isinstance(parts, dict)) + ")"
    if extras.get("evidence"):
        text += " · " + tr("evidence: {text}").format(text=extras["evidence"])
    elif ind.evidence == "required" and session.value(iid) not in ("na", "no_data"):
        text += " · " + tr("no evidence yet")
    if extras.get("note"):
        text += " · " + tr("note: {text}").format(text=extras["note"])
    same = tr(" (unchanged)") if raw == before else ""
    return shorten(safe(f"✓ {iid} = {text}"), 78 - len(same)) + same


# --------------------------------------------------------------------------- the question

def question(session: Session, compact: int = 0, width: int = 80):
    """The current indicator: position, section path, text, guidance and the allowed answers.

    ``compact`` trades detail for height, so that a question fits the terminal: 1 drops the
    key reminder, 2 cuts level descriptions and option labels to one line, 3 cuts the guidance
    to two lines (``?`` shows the question in full).
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    ind = session.current()
    assert ind is not None, "the question screen is only drawn while an indicator is asked"
    lang = session.lang
    pos, total = session.position()
    head = Text.assemble((f"{pos}/{total} ", "bold"), (safe(section_title(session, ind.id, width - 8)), "bold"))
    head.no_wrap, head.overflow = True, "ellipsis"
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=max(3, len(ind.id)))
    grid.add_column()
    grid.add_row(T(ind.id, "bold cyan"), T(ind.text.get(lang), "bold"))
    if ind.guidance is not None:
        g = T(ind.guidance.get(lang), "dim")
        if compact >= 3:
            g = _cut(g, 2 * (width - 6))
        grid.add_row("", g)
    choices = _choices(session, ind, one_line=compact >= 2, width=width)
    if choices is not None:
        grid.add_row("", choices)
    meta = _meta(session, ind)
    if meta:
        grid.add_row("", Text(safe(meta), style="italic"))
    parts: list[RenderableType] = [head, grid]
    if compact < 1:
        parts.append(Text(keys_line(), style="dim"))
    return Group(*parts)


def _cut(text, limit: int):
    if len(text.plain) <= limit:
        return text
    from rich.text import Text
    return Text(text.plain[: limit - 20].rsplit(" ", 1)[0] + " … " + tr("(? shows all)"), style=text.style)


def section_title(session: Session, iid: str, width: int) -> str:
    """The path of section titles, shortening the outer ones first so the innermost shows."""
    titles = [safe(s.title.get(session.lang)) for s in session.section_path(iid)]
    sep = " › "
    for i in range(len(titles) - 1):
        over = len(sep.join(titles)) - width
        if over <= 0:
            break
        titles[i] = shorten(titles[i], max(12, len(titles[i]) - over))
    return sep.join(titles)


def _choices(session: Session, ind: Indicator, one_line: bool = False, width: int = 80):
    from rich.table import Table
    from rich.text import Text
    lang = session.lang
    t = ind.type
    if t in ("levels", "choice", "multi"):
        keys = ([num(lv.value) for lv in ind.levels] if t == "levels" else
                [str(i) if numbered(ind) else safe(o.id) for i, o in enumerate(ind.options, 1)])
        g = Table.grid(padding=(0, 1))
        g.add_column(justify="right", no_wrap=True, min_width=max(len(k) for k in keys))
        g.add_column(no_wrap=one_line, overflow="ellipsis" if one_line else "fold")
        room = width - max(3, len(ind.id)) - 1 - max(len(k) for k in keys) - 1
        if t == "levels":
            for lv in ind.levels:
                line = T(text_of(lv.label, lang) or "", "bold")
                desc = text_of(lv.description, lang)
                if desc:
                    line.append(": " + safe(desc))
                if one_line:
                    line.truncate(room, overflow="ellipsis")
                g.add_row(Text(num(lv.value)), line)
        else:
            number = numbered(ind)
            for i, o in enumerate(ind.options, 1):
                label = text_of(o.label, lang)
                line = T(label or o.id)
                if label and number:
                    line.append(f" ({safe(o.id)})", style="dim")
                if one_line:
                    line.truncate(room, overflow="ellipsis")
                g.add_row(Text(str(i) if number else safe(o.id)), line)
        return g
    if t == "yesno":
        words = [f"y {word('yes')}", f"n {word('no')}"] + ([f"p {word('partial')}"] if ind.partial else [])
        return Text(" · ".join(words))
    if t == "number":
        bits = [tr("number ({unit})").format(unit=safe(ind.unit)) if ind.unit else tr("number")]
        if ind.min is not None and ind.max is not None:
            bits.append(tr("{low} to {high}").format(low=num(ind.min), high=num(ind.max)))
        elif ind.min is not None:
            bits.append(tr("at least {low}").format(low=num(ind.min)))
        elif ind.max is not None:
            bits.append(tr("at most {high}").format(high=num(ind.max)))
        extras = session.extras(ind.id)
        b = extras.get("baseline", ind.baseline)
        tg = extras.get("target", ind.target)
        if isinstance(tg, (int, float)) and isinstance(b, (int, float)):
            lower = tr(" (lower is better)") if tg < b else ""
            bits.append(tr("baseline {baseline} → target {target}").format(baseline=num(b), target=num(tg)) + lower)
        return Text(" · ".join(bits))
    return Text(tr("free text (one line)"))


def _meta(session: Session, ind: Indicator) -> str:
    bits = []
    if ind.type == "multi":
        bits.append(tr("all that apply"))
    if ind.disaggregate:
        cats = " " + tr("and") + " "
        cats = cats.join(f"{d} ({', '.join(session.checklist.disaggregations.get(d, ()))})"
                         for d in ind.disaggregate)
        bits.append(tr("then the parts by {breakdowns}").format(breakdowns=cats))
    if ind.evidence == "required":
        bits.append(tr("evidence required"))
    if ind.allow_na:
        bits.append(tr("na allowed"))
    if session.is_answered(ind.id):
        bits.append(tr("answer: {answer}").format(
            answer=shorten(answer_label(session, ind, session.value(ind.id)), 40)))
        ev = session.extras(ind.id).get("evidence")
        if ev:
            bits.append(tr("evidence: {text}").format(text=shorten(str(ev), 30)))
    elif ind.id in session.dropped:
        bits.append(tr("earlier answer (Enter restores): {answer}").format(
            answer=shorten(answer_label(session, ind, split_answer(session.dropped[ind.id])[0]), 30)))
    elif ind.id in session.invalid:
        bits.append(tr("in the file: {problem}").format(problem=shorten(session.invalid[ind.id], 50)))
    return " · ".join(bits)


# --------------------------------------------------------------------------- help

def help_text(session: Session):
    from rich.text import Text
    ind = session.current()
    lines = []
    if session.step.kind == REVIEW:
        lines.append(tr("Type a section number to list its indicators, an indicator id (e.g. ST5) "
                        "to revise its answer, a to answer the unanswered ones, p to list the "
                        "problems, Enter to finish."))
    elif ind is not None and session.step.kind == VALUE:
        t = ind.type
        how = {
            "levels": tr("Type the level's number (or its label)."),
            "yesno": (tr("Type y or {yes}, n or {no}, p or {partial}.") if ind.partial
                      else tr("Type y or {yes}, n or {no}.")).format(
                yes=word("yes"), no=word("no"), partial=word("partial")),
            "choice": (tr("Type the option's number or its id.") if numbered(ind)
                       else tr("Type the option's id.")),
            "multi": tr("Type the numbers or ids of all that apply, separated by commas or spaces "
                        "(1,3,4 or 1 3 4); - (or none) for none of them."),
            "number": tr("Type a number (a comma or a dot for decimals, no thousands separators; "
                         "the unit may follow it).") if _comma(session)
            else tr("Type a number (a dot for decimals; the unit may follow it)."),
            "text": tr("Type the text on one line."),
        }[t]
        lines.append(tr("Answer: {how}").format(how=how))
        if t == "number" and ind.disaggregate:
            cats = session.checklist.disaggregations.get(ind.disaggregate[0], ())
            lines.append(tr("Then the parts by {breakdowns} are asked one by one; the last part "
                            "defaults to what remains, Enter at the first part means no breakdown. "
                            "Or type the parts as {parts} (e.g. 30+34): the total is their sum.")
                         .format(breakdowns=", ".join(ind.disaggregate), parts="+".join(cats)))
        if ind.allow_na:
            lines.append(tr("na ({na}): not applicable here.").format(na=word("na")))
        if t != "text":
            lines.append(tr("nd ({no_data}): we did not measure it (a data gap; not the same as N/A).")
                         .format(no_data=word("no_data")))
        if session.default() is not None:
            lines.append(tr("Enter keeps the answer shown in [brackets]."))
    elif session.step.kind == PART:
        lines.append(tr("Type this part as a number; Enter takes the value in [brackets]; "
                        "- removes the breakdown; b goes back to the total."))
    elif session.step.kind in (EVIDENCE, EXTRA_EVIDENCE, EXTRA_NOTE, JUSTIFY):
        lines.append(tr("Type the means of verification (document, link, source) or a note; "
                        "Enter keeps what is in [brackets] or leaves it empty; - clears it."))
    lines += [
        tr("Commands, at any prompt:"),
        "  ?      " + tr("this help"),
        "  b      " + tr("back (inside an indicator: its value)"),
        "  s      " + tr("skip it for now"),
        "  na     " + tr("not applicable (where allowed)"),
        "  nd     " + tr("no data: not measured"),
        "  e      " + tr("add evidence and a note (e TEXT sets the evidence)"),
        "  g      " + tr("go to an indicator (g ST5)"),
        "  clear  " + tr("remove this answer"),
        "  q      " + tr("save and quit (--resume continues)"),
        tr("Each answer is saved at once. Start a text with \\ if it reads as a command."),
    ]
    return Text("\n".join(lines))


def _comma(session: Session) -> bool:
    from ..i18n import decimal_comma
    return decimal_comma(session.lang)


# --------------------------------------------------------------------------- review

def _score(s) -> str:
    return "" if s is None else f"{s:.1f}"


def counts(session: Session, result) -> dict:
    """answered / applicable / na / no_data / implied / missing as the session sees them
    (FORMAT.md §6.2: applicable = answered + no_data + implied + missing; a no_data answer is
    the user's, whether or not the scorer knows it yet)."""
    app = session.applicable_ids()
    scored = [i for i in app if session.checklist.indicators[i].scored]
    na = sum(1 for i in scored if session.value(i) == "na")
    nd = sum(1 for i in scored if session.is_no_data(i))
    implied = sum(1 for i in session.order if session.why_not(i) == "implied"
                  and session.checklist.indicators[i].scored)
    answered = sum(1 for i in scored if session.is_answered(i)) - na - nd
    missing = len(scored) - answered - na - nd
    return {"answered": answered, "applicable": len(scored) - na + implied, "na": na,
            "no_data": nd, "implied": implied, "missing": missing}


def _answer_cell(session: Session, ind: Indicator, result):
    """The review's answer cell for one indicator."""
    from rich.text import Text
    why = session.why_not(ind.id)
    if why is not None:
        label = {"profile": tr("not selected"), "implied": tr("implied (0)")}.get(why, tr("does not apply"))
        if ind.id in session.answers:           # kept in the file, not scored (issue 9)
            label = tr("kept: {answer}").format(
                answer=answer_label(session, ind, split_answer(session.answers[ind.id])[0]))
        return T(label, "dim")
    if ind.id in session.invalid:
        return Text(tr("(invalid)"), style="bold red")
    if not session.is_answered(ind.id):
        return Text(tr("(no text)") if not ind.scored else tr("(unanswered)"),
                    style="dim" if not ind.scored else "bold red")
    value = session.value(ind.id)
    label = answer_label(session, ind, value)
    if ind.type == "choice" and len(label) > 20:
        label = str(value)                       # the option id is shorter than its label
    return T(label, "yellow" if is_no_data(value) else "")


def _indicator_table(session: Session, result, sections, depth0: int = 0):
    from rich.table import Table
    from rich.text import Text
    lang = session.lang
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1), expand=False,
                  header_style="bold")
    table.add_column(tr("id"), no_wrap=True)
    table.add_column(tr("indicator"), no_wrap=True, overflow="ellipsis", max_width=42)
    table.add_column(tr("answer"), no_wrap=True, overflow="ellipsis", max_width=22)
    table.add_column(tr("score"), justify="right", no_wrap=True)
    results = {}
    for top in result.sections:
        for s in top.walk():
            results[s.id] = s

    def visit(sec, depth: int) -> None:
        sr = results.get(sec.id)
        table.add_row(Text(""), T(("  " * depth) + sec.title.get(lang), "bold"), Text(""),
                      Text(_score(sr.score) if sr else "", style="bold"))
        for ind in sec.indicators:
            ir = result.indicator(ind.id)
            sc = ("" if ir is None or ir.score is None or ir.status in ("missing", "not_applicable")
                  or session.why_not(ind.id) == "profile" else _score(ir.score * 100))
            table.add_row(T(ind.id), T(ind.text.get(lang)), _answer_cell(session, ind, result), Text(sc))
        for sub in sec.sections:
            visit(sub, depth + 1)

    for sec in sections:
        visit(sec, depth0)
    return table


def _problem_lines(session: Session, result, limit: int | None = None) -> list:
    from rich.text import Text
    order = {iid: i for i, iid in enumerate(session.order)}

    def where(p):
        iid = p.path.split(".")[1] if p.path.startswith("answers.") else ""
        return (order.get(iid, -1), p.message)

    problems = sorted(result.problems, key=where)
    out = [Text(tr("Problems ({n}):").format(n=len(problems)), style="bold")]
    for p in problems[:limit]:
        out.append(Text("  ") + T(f"{tr(p.severity)}: {p.message}", "red" if p.severity == "error" else "yellow"))
    return out


def _overall(session: Session, result):
    from rich.text import Text
    c = counts(session, result)
    rating = f" ({safe(result.rating)})" if result.rating else ""
    overall = tr("not scored") if result.score is None else f"{result.score:.1f}{rating}"
    bits = [tr("{answered} of {applicable} applicable answered").format(**c)]
    for key, word_ in (("missing", "{n} unanswered"), ("no_data", "{n} no data"),
                       ("implied", "{n} implied (0)"), ("na", "{n} N/A")):
        if c[key]:
            bits.append(tr(word_).format(n=c[key]))
    tail = ", ".join(bits)
    return Text.assemble((tr("Overall: "), "bold"), (overall, "bold"), f" · {tail}")


def review(session: Session, result):
    """Everything: every indicator with its answer and score, grouped by section, problems,
    section scores and the overall score (the same numbers as ``ledcheck score``). For logs."""
    from rich.console import Group
    from rich.text import Text
    parts = [Text(""), Text.assemble((tr("Review: "), "bold"), (safe(session.header.get("subject") or ""), "bold")),
             _indicator_table(session, result, session.checklist.sections)]
    if result.problems:
        parts += [Text("")] + _problem_lines(session, result)
    parts += [Text(""), review_summary(session, result, title=False)]
    return Group(*parts)


def review_summary(session: Session, result, title: bool = True):
    """The review on one screen (80x24): each top-level section with its number, answered
    count and score; the overall score; problems and kept answers in one line each."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    lang = session.lang
    tops = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1), header_style="bold")
    tops.add_column("#", justify="right", no_wrap=True)
    tops.add_column(tr("section"), no_wrap=True, overflow="ellipsis", max_width=40)
    tops.add_column(tr("answered"), justify="right", no_wrap=True)
    tops.add_column(tr("score"), justify="right", no_wrap=True)
    tops.add_column(tr("rating"), no_wrap=True, overflow="ellipsis", max_width=18)
    by_id = {sr.id: sr for sr in result.sections}
    asked = set(session.applicable_ids())
    for n, sec in enumerate(session.checklist.sections, 1):
        ids = [i.id for s in sec.walk_sections() for i in s.indicators
               if i.id in asked and i.scored]
        done = sum(1 for i in ids if session.is_answered(i))
        sr = by_id.get(sec.id)
        tops.add_row(Text(str(n)), T(sec.title.get(lang)), Text(f"{done}/{len(ids)}",
                     style="" if done == len(ids) else "bold red"),
                     Text(_score(sr.score) if sr else ""), T((sr.rating or "") if sr else ""))
    parts: list[RenderableType] = []
    if title:
        parts += [Text.assemble((tr("Review: "), "bold"), (safe(session.header.get("subject") or ""), "bold"))]
    parts += [tops, _overall(session, result)]
    left = session.unanswered()
    if left:
        shown = ", ".join(left[:8]) + (", …" if len(left) > 8 else "")
        parts.append(Text.assemble((tr("Unanswered: "), "bold"), (safe(shown), "bold red"),
                                   tr(" (a answers them)")))
    if result.problems:
        errors = sum(1 for p in result.problems if p.severity == "error")
        parts.append(Text(tr("{n} problems ({errors} errors): p lists them").format(
            n=len(result.problems), errors=errors), style="red" if errors else "yellow"))
    kept = session.kept_ruled_out()
    if kept:
        shown = ", ".join(kept[:6]) + (", …" if len(kept) > 6 else "")
        parts.append(Text(tr("Kept, not scored (not asked): {ids}").format(ids=shown), style="dim"))
    notice = draft_notice(session)
    if notice:
        parts.append(Text(notice, style="yellow"))
    return Group(*parts)


def review_detail(session: Session, result, what: str):
    """One top-level section of the review (its indicators, answers and scores), or, for
    ``p``, the problems."""
    from rich.console import Group
    from rich.text import Text
    if what == PROBLEMS:
        if not result.problems:
            return Text(tr("No problems."))
        return Group(*_problem_lines(session, result))
    secs = [s for s in session.checklist.sections if s.id == what]
    return Group(_indicator_table(session, result, secs), Text(""))
