"""What the assessment shows: questions, prompts, help and the review, as Rich renderables.

Nothing here reads input or keeps state; ``ledcheck.cli.assess`` prints what these functions build. Rich is
imported inside the functions (it is not needed to import the package). Everything fits in 80
columns and reads the same without colour (``NO_COLOR``) or styles (``TERM=dumb``).
"""
from __future__ import annotations

from ..model import Indicator, text_of
from .session import (EVIDENCE, EXTRA_EVIDENCE, EXTRA_NOTE, GOTO, PART, REVIEW, VALUE, Session,
                      num, numbered, value_text)

MAX_WIDTH = 100
KEYS = "? help · b back · s skip · e evidence/note · g go to · q save and quit"


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


# --------------------------------------------------------------------------- answers as text

def answer_label(session: Session, ind: Indicator, value) -> str:
    """An answer value in words, for the review and 'current answer' lines."""
    lang = session.lang
    if value is None:
        return ""
    if value == "na":
        return "n/a"
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
        return ", ".join(value) if value else "none"
    if t == "number":
        return f"{num(value)} {ind.unit}" if ind.unit else num(value)
    return str(value)


def allowed_hint(session: Session, ind: Indicator) -> str:
    """The short form of what can be typed, used in the prompt."""
    t = ind.type
    if t == "levels":
        values = [lv.value for lv in ind.levels]
        ints = all(isinstance(v, int) for v in values)
        if ints and values == list(range(min(values), max(values) + 1)):
            hint = f"level {num(min(values))}-{num(max(values))}"
        else:
            hint = "level " + "/".join(num(v) for v in values)
    elif t == "yesno":
        hint = "y/n/p" if ind.partial else "y/n"
    elif t == "choice":
        hint = f"option 1-{len(ind.options)}" if numbered(ind) else "option id"
    elif t == "multi":
        hint = (f"options 1-{len(ind.options)} (e.g. 1,3; - = none)" if numbered(ind)
                else "option ids (- = none)")
    elif t == "number":
        hint = f"number ({ind.unit})" if ind.unit else "number"
        if ind.disaggregate:
            cats = session.checklist.disaggregations.get(ind.disaggregate[0], ())
            hint += " or " + "+".join(cats)
    else:
        hint = "text" if session.is_answered(ind.id) else "text (Enter = skip)"
    if ind.allow_na:
        hint += "/na" if t == "yesno" else ", na"
    return hint


def prompt_text(session: Session) -> str:
    """The prompt for the current step: plain text, ending in ': '."""
    kind, default = session.prompt()
    ind = session.current()
    d = f" [{shorten(default, 30)}]" if default not in (None, "") else ""
    if kind == REVIEW:
        left = session.unanswered()
        extra = ""
        if left:
            ids = ", ".join(left[:4]) + (", …" if len(left) > 4 else "")
            extra = f", a = answer the {len(left)} left ({ids})"
        return f"Revise: indicator id{extra}, Enter = finish: "
    if kind == GOTO:
        return "Go to indicator (id, Enter = stay): "
    iid = ind.id
    if kind == VALUE:
        return f"{iid} {allowed_hint(session, ind)}{d}: "
    if kind == PART:
        step = session.step
        cats = session.checklist.disaggregations.get(step.dim, ())
        total = num(session.value(iid))
        first = " (Enter = no breakdown)" if step.index == 0 and default is None else ""
        return f"{iid} {step.dim}: {cats[step.index]} (of {total}){first}{d}: "
    if kind == EVIDENCE:
        return f"{iid} evidence (required; Enter = {'keep' if d else 'add later'}){d}: "
    if kind == EXTRA_EVIDENCE:
        return f"{iid} evidence (- clears){d}: "
    if kind == EXTRA_NOTE:
        return f"{iid} note (- clears){d}: "
    return "> "


def confirmation(session: Session, iid: str, before) -> str | None:
    """One line saying what became of ``iid`` as the cursor leaves it (None: nothing to say)."""
    ind = session.indicator(iid)
    if ind is None:
        return None
    if not session.is_answered(iid):
        return f"- {iid} skipped" if iid in session.skipped else None
    raw = session.answers[iid]
    text = answer_label(session, ind, session.value(iid))
    extras = session.extras(iid)
    by = extras.get("by") or {}
    if by:
        text += " (" + "; ".join(", ".join(f"{c} {num(v)}" for c, v in parts.items())
                                 for parts in by.values()) + ")"
    if extras.get("evidence"):
        text += " · evidence: " + extras["evidence"]
    elif ind.evidence == "required" and not session.value(iid) == "na":
        text += " · no evidence yet"
    if extras.get("note"):
        text += " · note: " + extras["note"]
    same = " (unchanged)" if raw == before else ""
    return shorten(f"✓ {iid} = {text}", 78 - len(same)) + same


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
    lang = session.lang
    pos, total = session.position()
    head = Text.assemble((f"{pos}/{total} ", "bold"), (section_title(session, ind.id, width - 8), "bold"))
    head.no_wrap, head.overflow = True, "ellipsis"
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=max(3, len(ind.id)))
    grid.add_column()
    grid.add_row(Text(ind.id, style="bold cyan"), Text(ind.text.get(lang), style="bold"))
    if ind.guidance is not None:
        g = Text(ind.guidance.get(lang), style="dim")
        if compact >= 3:
            g = _cut(g, 2 * (width - 6))
        grid.add_row("", g)
    choices = _choices(session, ind, one_line=compact >= 2, width=width)
    if choices is not None:
        grid.add_row("", choices)
    meta = _meta(session, ind)
    if meta:
        grid.add_row("", Text(meta, style="italic"))
    parts = [head, grid]
    if compact < 1:
        parts.append(Text(KEYS, style="dim"))
    return Group(*parts)


def _cut(text, limit: int):
    if len(text.plain) <= limit:
        return text
    from rich.text import Text
    return Text(text.plain[: limit - 20].rsplit(" ", 1)[0] + " … (? shows all)", style=text.style)


def section_title(session: Session, iid: str, width: int) -> str:
    """The path of section titles, shortening the outer ones first so the innermost shows."""
    titles = [s.title.get(session.lang) for s in session.section_path(iid)]
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
                [str(i) if numbered(ind) else o.id for i, o in enumerate(ind.options, 1)])
        g = Table.grid(padding=(0, 1))
        g.add_column(justify="right", no_wrap=True, min_width=max(len(k) for k in keys))
        g.add_column(no_wrap=one_line, overflow="ellipsis" if one_line else "fold")
        room = width - max(3, len(ind.id)) - 1 - max(len(k) for k in keys) - 1
        if t == "levels":
            for lv in ind.levels:
                line = Text(text_of(lv.label, lang) or "", style="bold")
                desc = text_of(lv.description, lang)
                if desc:
                    line.append(": " + desc)
                if one_line:
                    line.truncate(room, overflow="ellipsis")
                g.add_row(num(lv.value), line)
        else:
            number = numbered(ind)
            for i, o in enumerate(ind.options, 1):
                label = text_of(o.label, lang)
                line = Text(label or o.id)
                if label and number:
                    line.append(f" ({o.id})", style="dim")
                if one_line:
                    line.truncate(room, overflow="ellipsis")
                g.add_row(str(i) if number else o.id, line)
        return g
    if t == "yesno":
        return Text("y yes · n no" + (" · p partial" if ind.partial else ""))
    if t == "number":
        bits = [f"number ({ind.unit})" if ind.unit else "number"]
        if ind.min is not None and ind.max is not None:
            bits.append(f"{num(ind.min)} to {num(ind.max)}")
        elif ind.min is not None:
            bits.append(f"at least {num(ind.min)}")
        elif ind.max is not None:
            bits.append(f"at most {num(ind.max)}")
        extras = session.extras(ind.id)
        b = extras.get("baseline", ind.baseline)
        tg = extras.get("target", ind.target)
        if tg is not None:
            bits.append(f"baseline {num(b)} → target {num(tg)}" + (" (lower is better)" if tg < b else ""))
        return Text(" · ".join(bits))
    return Text("free text (one line)")


def _meta(session: Session, ind: Indicator) -> str:
    bits = []
    if ind.type == "multi":
        bits.append("all that apply")
    if ind.disaggregate:
        cats = " and ".join(f"{d} ({', '.join(session.checklist.disaggregations.get(d, ()))})"
                            for d in ind.disaggregate)
        bits.append(f"then the parts by {cats}")
    if ind.evidence == "required":
        bits.append("evidence required")
    if ind.allow_na:
        bits.append("na allowed")
    if session.is_answered(ind.id):
        bits.append("answer: " + shorten(answer_label(session, ind, session.value(ind.id)), 40))
        ev = session.extras(ind.id).get("evidence")
        if ev:
            bits.append("evidence: " + shorten(ev, 30))
    elif ind.id in session.dropped:
        from ..submission import split_answer
        bits.append("earlier answer (Enter restores): "
                    + shorten(answer_label(session, ind, split_answer(session.dropped[ind.id])[0]), 30))
    return " · ".join(bits)


# --------------------------------------------------------------------------- help

def help_text(session: Session):
    from rich.text import Text
    ind = session.current()
    lines = []
    if session.step.kind == REVIEW:
        lines.append("Type an indicator id (e.g. ST5) to revise its answer, a to answer the "
                     "unanswered ones, Enter to finish.")
    elif ind is not None and session.step.kind == VALUE:
        t = ind.type
        how = {
            "levels": "Type the level's number (or its label).",
            "yesno": "Type y or yes, n or no" + (", p or partial." if ind.partial else "."),
            "choice": ("Type the option's number or its id." if numbered(ind) else "Type the option's id."),
            "multi": ("Type the numbers or ids of all that apply, separated by commas or spaces "
                      "(1,3,4 or 1 3 4); - (or none) for none of them."),
            "number": "Type a number (a dot for decimals; the unit may follow it).",
            "text": "Type the text on one line.",
        }[t]
        lines.append("Answer: " + how[0].lower() + how[1:])
        if t == "number" and ind.disaggregate:
            cats = session.checklist.disaggregations.get(ind.disaggregate[0], ())
            lines.append(f"Then the parts by {', '.join(ind.disaggregate)} are asked one by one; "
                         "the last part defaults to what remains, Enter at the first part means no "
                         f"breakdown. Or type the parts as {'+'.join(cats)} (e.g. 30+34): the total "
                         "is their sum.")
        if ind.allow_na:
            lines.append("na: not applicable here.")
        if session.default() is not None:
            lines.append("Enter keeps the answer shown in [brackets].")
    elif session.step.kind == PART:
        lines.append("Type this part as a number; Enter takes the value in [brackets]; "
                     "- removes the breakdown; b goes back to the total.")
    elif session.step.kind in (EVIDENCE, EXTRA_EVIDENCE, EXTRA_NOTE):
        lines.append("Type the means of verification (document, link, source) or a note; "
                     "Enter keeps what is in [brackets] or leaves it empty; - clears it.")
    lines += [
        "Commands, at any prompt:",
        "  ?   this help                     b   back (inside an indicator: its value)",
        "  s   skip it for now               na  not applicable (where allowed)",
        "  e   add evidence and a note       e TEXT  set the evidence directly",
        "  g   go to an indicator (g ST5)    q   save and quit (--resume continues)",
        "  clear  remove this answer",
        "Each answer is saved at once. Start a text with \\ if it reads as a command.",
    ]
    return Text("\n".join(lines))


# --------------------------------------------------------------------------- review

def _score(s) -> str:
    return "" if s is None else f"{s:.1f}"


def review(session: Session, result):
    """Every indicator with its answer and score, grouped by section, then problems, section
    scores and the overall score (the same numbers as ``ledcheck score``)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    lang = session.lang
    cl = session.checklist
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1), expand=False,
                  header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("indicator", no_wrap=True, overflow="ellipsis", max_width=44)
    table.add_column("answer", no_wrap=True, overflow="ellipsis", max_width=20)
    table.add_column("score", justify="right", no_wrap=True)
    results = {}
    for top in result.sections:
        for s in top.walk():
            results[s.id] = s

    def section_row(sec, depth: int) -> None:
        sr = results.get(sec.id)
        title = ("  " * depth) + sec.title.get(lang)
        table.add_row("", Text(title, style="bold"), "",
                      Text(_score(sr.score) if sr else "", style="bold"))

    def visit(sec, depth: int) -> None:
        section_row(sec, depth)
        for ind in sec.indicators:
            ir = result.indicator(ind.id)
            status = ir.status if ir else "missing"
            if status == "not_applicable":
                ans = Text("does not apply", style="dim")
            elif status == "missing":
                ans = Text("(unanswered)", style="bold red")
            elif status == "unscored" and ir.value is None:
                ans = Text("(no text)", style="dim")
            else:
                label = answer_label(session, ind, ir.value)
                if ind.type == "choice" and len(label) > 20:
                    label = str(ir.value)          # the option id is shorter than its label
                ans = Text(label)
            sc = "" if ir is None or ir.score is None or status == "missing" else _score(ir.score * 100)
            table.add_row(ind.id, ind.text.get(lang), ans, sc)
        for sub in sec.sections:
            visit(sub, depth + 1)

    for sec in cl.sections:
        visit(sec, 0)
    parts = [Text(""), Text(f"Review: {session.header.get('subject') or ''}", style="bold"), table]
    if result.problems:
        order = {iid: i for i, iid in enumerate(session.order)}

        def where(p):
            iid = p.path.split(".")[1] if p.path.startswith("answers.") else ""
            return (order.get(iid, -1), p.message)

        parts += [Text(""), Text(f"Problems ({len(result.problems)}):", style="bold")]
        for p in sorted(result.problems, key=where):
            parts.append(Text(f"  {p.severity}: {p.message}",
                              style="red" if p.severity == "error" else "yellow"))
    tops = Table.grid(padding=(0, 1))
    tops.add_column(no_wrap=True, overflow="ellipsis", max_width=56)
    tops.add_column(justify="right", no_wrap=True)
    tops.add_column(no_wrap=True)
    for sr in result.sections:
        tops.add_row(shorten(sr.title, 56), _score(sr.score), sr.rating or "")
    parts += [Text(""), Text("Sections", style="bold"), tops]
    c = result.counts
    rating = f" ({result.rating})" if result.rating else ""
    overall = "not scored" if result.score is None else f"{result.score:.1f}{rating}"
    parts.append(Text.assemble(("Overall: ", "bold"), (overall, "bold"),
                               f" · {c['answered']} of {c['applicable']} applicable answered"
                               f", {c['na']} n/a, {c['missing']} unanswered"))
    return Group(*parts)
