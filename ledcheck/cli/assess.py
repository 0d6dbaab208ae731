"""``ledcheck assess [CHECKLIST]``: the terminal loop of an assessment -- header questions, the
walk, autosave, signals. The assessment itself is :mod:`ledcheck.assess` (the session state
machine, the Rich renderables of :mod:`ledcheck.assess.ui`, the file in :mod:`ledcheck.assess.store`).

Input is read line by line with :func:`input` (GNU readline line editing on a terminal), so the
same code runs at a keyboard, under a pty and with answers piped on stdin (one per line; end of
input saves and stops). The submission file is rewritten atomically after every change, so a
killed process loses at most the line being typed; Ctrl-C and SIGTERM save and exit 130 / 143.

Like every command module, it imports the heavy stack (YAML, Rich, the session) inside functions.
"""
from __future__ import annotations

import datetime as _dt
import os
import shlex
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import LedcheckError
from .options import CHECKLIST_ARG_HELP, LANG_HELP
from .output import check_lang, die, error_line, load_checklist
from .output import err as _err0
from .status import ExitStatus

if TYPE_CHECKING:  # pragma: no cover
    from ..assess.session import Session
    from ..model import Checklist


def assess(
    checklist: str | None = typer.Argument(None, help=CHECKLIST_ARG_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help="Submission file to write (autosaved)."),
    resume: bool = typer.Option(False, "--resume", help="Continue the submission in -o at the first "
                                                        "unanswered indicator (a blank template too)."),
    subject: str | None = typer.Option(None, "--subject", help="Who or what is assessed."),
    assessor: str | None = typer.Option(None, "--assessor", help="Your name."),
    date: str | None = typer.Option(None, "--date", help="Assessment date (YYYY-MM-DD; default today)."),
    period: str | None = typer.Option(None, "--period", help="Reporting period (e.g. 2026-Q1, baseline)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP + " Remembered in the file "
                                                                          "for --resume."),
    profile: str | None = typer.Option(None, "--profile", help="Ask only the indicators of this profile "
                                                               "(default: the file's profile, else all)."),
) -> None:
    """Run an interactive assessment in the terminal, saving after every answer."""
    from ..assess.store import check_target
    if output is not None:
        try:
            check_target(output)
        except LedcheckError as exc:
            die(exc)
    if checklist is None and resume and output:
        from ..assess.store import checklist_id_of
        checklist = checklist_id_of(output)
    cl = load_checklist(checklist)
    lang = check_lang(cl, lang)
    if profile is not None:
        from ..profiles import select
        try:
            select(cl, profile)
        except LedcheckError as exc:
            die(exc)
    raise typer.Exit(run_assess(cl, output=output, resume=resume, subject=subject, assessor=assessor,
                                date=date, period=period, lang=lang, profile=profile))


def register(app: typer.Typer) -> None:
    app.command()(assess)


def _err(line: str) -> None:
    """An error or warning line on stderr, with any control characters from user text escaped."""
    from ..errors import printable
    _err0(printable(line))


def _t(word: str) -> str:
    from ..i18n import tr
    return tr(word)


class _Signalled(Exception):
    """SIGTERM / SIGHUP while the session runs: save and exit 128 + signal number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.code = ExitStatus.from_signal(signum)


class _EndOfInput(Exception):
    pass


def resume_command(checklist: Checklist, path: str) -> str:
    """The command that continues this assessment (its language and profile are in the file)."""
    from .. import library
    ref = checklist.source
    try:
        found = library.find(checklist.id)
        if checklist.source and Path(found).resolve() == Path(checklist.source).resolve():
            ref = "" if checklist.id == library.DEFAULT_ID else checklist.id
    except LedcheckError:
        pass
    parts = ["ledcheck", "assess"] + ([shlex.quote(str(ref))] if ref else []) + \
        ["-o", shlex.quote(path), "--resume"]
    return " ".join(parts)


class Terminal:
    """Reading lines and printing, for one run (tests may give their own console). Every text
    that comes from a file (checklist, answers) is shown with control characters escaped."""

    def __init__(self, console=None):
        from ..assess.ui import make_console
        self.console = console or make_console()
        try:
            self.tty = sys.stdin.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        if self.tty:
            try:
                import readline  # noqa: F401  (line editing and history for input())
            except ImportError:  # pragma: no cover - platform without readline
                pass

    def fit(self) -> tuple[int, int]:
        """Follow the terminal's size (Rich assumes 80x25 under TERM=dumb); returns it."""
        from ..assess.ui import MAX_WIDTH
        console = self.console
        if self.tty and console.file in (sys.stdout, sys.__stdout__):
            try:
                cols, rows = os.get_terminal_size(sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                cols = rows = 0
            if cols > 0 and rows > 0:
                console.size = (min(cols, MAX_WIDTH), rows)
        return console.size.width, console.size.height

    def read(self, prompt: str) -> str:
        from ..errors import printable
        sys.stdout.flush()
        try:
            line = input(printable(prompt))
        except EOFError:                 # Ctrl-D, or the end of piped answers
            sys.stdout.write("\n")
            raise _EndOfInput() from None
        if not self.tty:                 # piped answers: show them, so a log reads like a session
            sys.stdout.write(printable(line) + "\n")
            sys.stdout.flush()
        return line

    def _render(self, renderable) -> str:
        import re
        with self.console.capture() as cap:
            self.console.print(renderable)
        return re.sub(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", r"\1", cap.get(), flags=re.MULTILINE)

    def print(self, renderable) -> None:
        """Print a renderable without the trailing blanks Rich pads table cells with."""
        self.console.file.write(self._render(renderable))
        self.console.file.flush()

    def page(self, renderable) -> None:
        """Print a renderable a screenful at a time on a terminal (Enter: more, q: stop)."""
        text = self._render(renderable)
        lines = text.splitlines(keepends=True)
        _, height = self.fit()
        if not self.tty or len(lines) <= max(height - 2, 5):
            self.console.file.write(text)
            self.console.file.flush()
            return
        chunk = max(height - 2, 5)
        for start in range(0, len(lines), chunk):
            self.console.file.write("".join(lines[start:start + chunk]))
            self.console.file.flush()
            if start + chunk >= len(lines):
                break
            try:
                more = self.read(_t("-- more: Enter; q = stop -- ")).strip().lower()
            except _EndOfInput:
                break
            if more in ("q", "quit"):
                break

    def line(self, text: str) -> None:
        """A line printed as it is, never wrapped (a command to copy, a path)."""
        from ..errors import printable
        self.console.file.write(printable(text) + "\n")
        self.console.file.flush()

    def note(self, mark: str, text: str, style: str) -> None:
        """A message under a mark (``note:``, ``!``), wrapped with a hanging indent."""
        from rich.table import Table
        from rich.text import Text

        from ..errors import printable
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(Text(" " + mark, style=style), Text(printable(text), style=style))
        self.print(grid)

    def say(self, text: str, style: str | None = None) -> None:
        from rich.text import Text

        from ..errors import printable
        self.print(Text(printable(text), style=style or ""))


def _open_store(checklist: Checklist, path: str):
    """The store of ``path``, locked; None after reporting why it cannot be (exit 2)."""
    from ..assess.store import Store
    store = Store(path)
    try:
        store.lock_file()
    except LedcheckError as exc:
        _err(error_line(exc))
        return None
    return store


def _resume(term, checklist: Checklist, store, lang, profile, given: dict):
    """The session saved in the store's file, with the header values given as options applied,
    and its subject asked for if it has none (a template); None when the file cannot be resumed
    (already reported)."""
    session = _load(checklist, store, lang, profile)
    if session is None:
        return None
    for k, v in given.items():
        if v is not None:
            session.set_header(k, v)
    from ..i18n import language
    with language(session.lang):                # the file's language, where it has one
        _ask_subject(term, session)
    return session


def run_assess(checklist: Checklist, *, output: str | None = None, resume: bool = False,
               subject: str | None = None, assessor: str | None = None, date: str | None = None,
               period: str | None = None, lang: str | None = None, profile: str | None = None,
               console=None) -> int:
    """Run one interactive assessment; returns the exit status (FORMAT.md §5)."""
    from ..i18n import language
    with language(checklist.pick_lang(lang)):
        store_box: list = [None]
        try:
            return _run(checklist, store_box, output=output, resume=resume, subject=subject,
                        assessor=assessor, date=date, period=period, lang=lang, profile=profile,
                        console=console)
        finally:
            if store_box[0] is not None:
                store_box[0].close()


class _Stop(Exception):
    """Stop before the walk with this exit status (the reason is already reported)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _given(subject, assessor, date, period) -> dict:
    """The header values given as options (``--date`` parsed); _Stop(2) for unusable ones."""
    from ..assess.session import InputProblem, parse_date
    date_value = None
    if date is not None:
        try:
            date_value = parse_date(date)
        except InputProblem as exc:
            _err(f"ledcheck: error: --date: {exc}")
            raise _Stop(ExitStatus.USAGE) from None
    if subject is not None and not subject.strip():
        _err("ledcheck: error: --subject is empty: name the city or body assessed")
        raise _Stop(ExitStatus.USAGE)
    return {"subject": subject, "assessor": assessor, "date": date_value, "period": period}


def _run(checklist: Checklist, store_box: list, *, output, resume, subject, assessor, date, period,
         lang, profile, console) -> int:
    from ..assess.store import check_target
    term = Terminal(console)
    try:
        given = _given(subject, assessor, date, period)
        if output is not None:
            check_target(output)
    except _Stop as stop:
        return stop.code
    except LedcheckError as exc:
        _err(error_line(exc))
        return ExitStatus.USAGE
    handlers = _install_signals()
    try:
        try:
            start = _Start(term, checklist, store_box, given, lang, profile)
            session, path = start.resume(output) if resume else start.new(output)
        except _Stop as stop:
            return stop.code
        except _EndOfInput:
            _err("ledcheck: error: input ended before the assessment started; nothing was saved")
            return ExitStatus.USAGE
        except (KeyboardInterrupt, _Signalled) as exc:
            term.say("")
            _err("ledcheck: interrupted; nothing was saved")
            return exc.code if isinstance(exc, _Signalled) else ExitStatus.INTERRUPTED
        from ..i18n import language
        with language(session.lang):
            return _walk(term, session, store_box[0], path)
    finally:
        _restore_signals(handlers)


class _Start:
    """Getting to the first question: the file to write (locked), and the session -- resumed
    from it, or new after the header questions. Raises _Stop with the exit status otherwise."""

    def __init__(self, term, checklist, store_box: list, given: dict, lang, profile):
        self.term, self.checklist, self.box = term, checklist, store_box
        self.given, self.lang, self.profile = given, lang, profile

    def _lock(self, path: str):
        self.box[0] = _open_store(self.checklist, path)
        if self.box[0] is None:
            raise _Stop(ExitStatus.USAGE)
        return self.box[0]

    def _resume(self, path: str, given: dict):
        session = _resume(self.term, self.checklist, self._lock(path), self.lang, self.profile, given)
        if session is None:
            raise _Stop(ExitStatus.USAGE)
        return session

    def resume(self, path: str | None):
        from ..assess.store import default_path
        if path is None:
            if self.given["subject"] is None:
                _err("ledcheck: error: --resume needs the file to continue: -o FILE")
                raise _Stop(ExitStatus.USAGE)
            path = default_path(self.given["subject"], self.given["period"])
        return self._resume(path, self.given), path

    def _existing(self, path: str, allow_new: bool, given: dict):
        """The user's choice for an existing file: a resumed session, None (overwrite: the
        file is locked and will be replaced) or "n" (another name)."""
        choice = _ask_existing(self.term, self.checklist, path, allow_new=allow_new)
        if choice == "q":
            self.term.say(_t("Nothing changed."))
            raise _Stop(ExitStatus.OK)
        if choice == "n":
            return "n"
        if choice == "r":
            return self._resume(path, given)
        self._lock(path).adopt_existing()
        return None

    def new(self, path: str | None):
        from ..assess.session import Session
        from ..assess.store import default_path
        if path is not None and os.path.exists(path):
            session = self._existing(path, False, self.given)
            if session is not None:
                return session, path
        header = _ask_header(self.term, self.checklist, self.given, self.lang)
        if path is None:
            path = default_path(header["subject"], header["period"])
            while os.path.exists(path):
                got = self._existing(path, True, {})    # (r: the file's header is kept)
                if got == "n":
                    path = _new_name(path)
                    continue
                if got is not None:
                    return got, path
                break
        if self.box[0] is None:
            self._lock(path)
        return Session(self.checklist, header, lang=self.lang, profile=self.profile), path


def _new_name(path: str) -> str:
    p = Path(path)
    stem, n = p.stem, 2
    import re
    m = re.fullmatch(r"(.*)-(\d+)", stem)
    if m:
        stem, n = m.group(1), int(m.group(2)) + 1
    while True:
        cand = p.with_name(f"{stem}-{n}{p.suffix}")
        if not cand.exists():
            return str(cand)
        n += 1


def _install_signals():
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum, frame):
        raise _Signalled(signum)

    old = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                old[sig] = signal.signal(sig, handler)
            except (OSError, ValueError):  # pragma: no cover
                pass
    return old


def _restore_signals(old) -> None:
    for sig, h in old.items():
        try:
            signal.signal(sig, h)
        except (OSError, ValueError):  # pragma: no cover
            pass


# --------------------------------------------------------------------------- starting

def _load(checklist: Checklist, store, lang, profile) -> Session | None:
    """A session from an existing submission file, or None after printing why it cannot be."""
    from ..assess.store import OtherChecklistError, load_session
    try:
        return load_session(checklist, store.path, lang, profile, store=store)
    except OtherChecklistError as exc:
        _err(f"{exc.format()}; run: ledcheck assess {exc.checklist_id} -o {shlex.quote(store.path)} --resume")
    except LedcheckError as exc:
        _err(error_line(exc))
        if not os.path.exists(store.path):
            _err("ledcheck: error: nothing to resume; leave out --resume to start a new assessment")
    return None


def _ask_existing(term: Terminal, checklist: Checklist, path: str, allow_new: bool) -> str:
    """What to do with an existing file: r(esume), o(verwrite), n(ew name) or q(uit)."""
    from ..assess.store import describe_existing
    what = describe_existing(checklist, path)
    choices = _t("r = resume it, o = overwrite it, n = new name, q = quit") if allow_new else \
        _t("r = resume it, o = overwrite it, q = quit")
    while True:
        ans = term.read(_t("{path} already exists{what}. {choices} [r]: ").format(
            path=path, what=what, choices=choices)).strip().lower()
        if ans in ("", "r", "resume"):
            return "r"
        if ans in ("o", "overwrite"):
            return "o"
        if ans in ("q", "quit"):
            return "q"
        if allow_new and ans in ("n", "new"):
            return "n"
        term.say("  ! " + (_t("type r, o, n or q") if allow_new else _t("type r, o or q")), style="red")


def _ask_subject(term: Terminal, session: Session) -> None:
    """A resumed file without a subject (a template, or hand-written) gets one: it is required."""
    while not str(session.header.get("subject") or "").strip():
        v = term.read(_t("Subject (city or body assessed): ")).strip()
        if v:
            session.set_header("subject", v)
        else:
            term.say("  ! " + _t("the subject is required, e.g. Da Nang City"), style="red")


def _ask_header(term: Terminal, checklist: Checklist, given: dict, lang) -> dict:
    from ..assess.session import InputProblem, parse_date
    header = dict(given)
    if any(v is None for v in header.values()):
        term.say(checklist.title.get(checklist.pick_lang(lang)), style="bold")
        term.say(_t("{id} {version} · {n} indicators. Ctrl-C stops.").format(
            id=checklist.id, version=checklist.version, n=len(checklist.indicators)), style="dim")
    while not header["subject"]:
        v = term.read(_t("Subject (city or body assessed): ")).strip()
        if not v:
            term.say("  ! " + _t("the subject is required, e.g. Da Nang City"), style="red")
        header["subject"] = v or None
    if header["assessor"] is None:
        header["assessor"] = term.read(_t("Assessor (your name, Enter = none): ")).strip() or None
    if header["date"] is None:
        today = _dt.date.today()
        while header["date"] is None:
            v = term.read(_t("Date [{today}]: ").format(today=today.isoformat())).strip()
            try:
                header["date"] = parse_date(v) if v else today
            except InputProblem as exc:
                term.say(f"  ! {exc}", style="red")
    if header["period"] is None:
        header["period"] = term.read(_t("Period (e.g. 2026-Q1, baseline; Enter = none): ")).strip() or None
    return header


# --------------------------------------------------------------------------- the walk

class _Walk:
    """The session's loop: show, read, act, save; every exit saves first."""

    def __init__(self, term: Terminal, session: Session, store, path: str):
        self.term, self.session, self.store, self.path = term, session, store, path
        self.saved: int | None = None

    def lang_mark(self) -> str | None:
        """The language to remember in the file (None: the checklist's default)."""
        s = self.session
        return s.lang if s.lang != s.checklist.default_lang else None

    def save(self, final: bool = False) -> bool:
        """Write the file if the session changed (merging changes made on disk meanwhile)."""
        if self.saved == self.session.revision and self.store.digest is not None:
            return True
        try:
            notes = self.store.save(self.session, self.lang_mark())
        except LedcheckError as exc:
            _err(error_line(exc))
            return False
        except OSError as exc:
            _err(f"{self.path}: error: " + _t("cannot save: {why}").format(why=exc.strerror or exc)
                 + ("" if final else _t(" (answers are kept; the next answer tries again)")))
            return False
        self.notes(notes)
        self.saved = self.session.revision
        return True

    def notes(self, notes) -> None:
        for n in notes:
            self.term.note(_t("note:"), n, "yellow")

    def stopped(self, reason: str) -> None:
        session = self.session
        missing = len(session.unanswered())
        pos, total = session.position()
        answered = sum(1 for i in session.answers if session.is_answered(i))
        where = _t("at {id} ({pos}/{total}), ").format(id=session.cursor, pos=pos, total=total) \
            if session.cursor else ""
        self.term.say(_t("{reason}: {answers} saved to {path} ({where}{missing} applicable "
                         "unanswered). Continue with:").format(
            reason=reason, answers=_answers(answered), path=self.path, where=where, missing=missing))
        self.term.line("  " + resume_command(session.checklist, self.path))

    def welcome(self) -> None:
        from ..assess import ui
        session, term = self.session, self.term
        term.say(_t("Saving to {path} after every answer. ? shows help.").format(path=self.path),
                 style="dim")
        notice = ui.draft_notice(session)
        if notice:
            term.say(notice, style="yellow")
        answered = sum(1 for i in session.answers if session.is_answered(i))
        if answered:
            at = _t("continuing at {id}").format(id=session.cursor) if session.cursor \
                else _t("all answered: the review")
            term.say(_t("{subject}: {answers} so far; {at}.").format(
                subject=session.header.get("subject"), answers=_answers(answered), at=at))
        self.notes(session.notices)

    def run(self) -> int:
        if not self.save():
            return ExitStatus.USAGE
        self.welcome()
        try:
            return self.loop()
        except (KeyboardInterrupt, _Signalled) as exc:
            self.save(final=True)                  # first: the terminal may be gone (SIGHUP)
            try:
                self.term.say("")
                self.stopped(_t("Interrupted"))
            except OSError:  # pragma: no cover - no terminal left to print on
                pass
            return exc.code if isinstance(exc, _Signalled) else ExitStatus.INTERRUPTED

    def show(self, left: tuple) -> tuple:
        """The question (or the review) the cursor is on, after a line on the one it left."""
        from ..assess import ui
        session, term = self.session, self.term
        iid, before = left
        line = ui.confirmation(session, iid, before) if iid and iid != session.cursor else None
        if line:
            term.say(line, style="green" if line.startswith("✓") else "dim")
        term.say("")
        if session.cursor is None:
            _show_review(term, session, self.path)
        else:
            _show_question(term, session)
        return (session.cursor, session.answers.get(session.cursor) if session.cursor else None)

    def loop(self) -> int:
        from ..assess import ui
        session = self.session
        shown = None
        left: tuple = (None, None)       # the indicator on screen and its answer when it came up
        while True:
            if session.visit != shown:
                shown = session.visit
                left = self.show(left)
            try:
                line = self.term.read(ui.prompt_text(session))
            except _EndOfInput:
                ok = self.save(final=True)
                if session.cursor is None:
                    return _finish(self.term, session, self.path) if ok else ExitStatus.USAGE
                self.stopped(_t("End of input"))
                return ExitStatus.OK if ok else ExitStatus.USAGE
            out = session.feed(line)
            if session.revision != self.saved:
                self.save()
            self.notes(session.notices)
            code = self.act(out)
            if code is not None:
                return code

    def act(self, out) -> int | None:
        """Say what a typed line did; an exit status when the session ends."""
        from ..assess import ui
        from ..assess.session import ERROR, FINISH, HELP, INFO, QUIT, SECTION
        session, term = self.session, self.term
        if out.kind == ERROR:
            term.note("!", out.message, "red")
        elif out.kind == INFO:
            term.say(f"  {out.message}", style="green")
        elif out.kind == HELP:
            if session.cursor is not None:
                term.print(ui.question(session, compact=1, width=term.console.width))
            term.page(ui.help_text(session))
        elif out.kind == SECTION:
            term.fit()
            term.page(ui.review_detail(session, _score(session, self.path), out.message))
        elif out.kind == QUIT:
            ok = self.save(final=True)
            self.stopped(_t("Stopped"))
            return ExitStatus.OK if ok else ExitStatus.USAGE
        elif out.kind == FINISH:
            return _finish(term, session, self.path) if self.save(final=True) else ExitStatus.USAGE
        return None


def _walk(term: Terminal, session: Session, store, path: str) -> int:
    return _Walk(term, session, store, path).run()


def _answers(n: int) -> str:
    return (_t("1 answer") if n == 1 else _t("{n} answers")).format(n=n)


def _show_review(term: Terminal, session: Session, path: str) -> None:
    """The review: on a terminal, the summary by section (a section's indicators on demand, so
    it fits 80x24); in a log (piped input), everything."""
    from ..assess import ui
    term.fit()
    result = _score(session, path)
    if term.tty:
        term.print(ui.review_summary(session, result))
    else:
        term.print(ui.review(session, result))


def _show_question(term: Terminal, session: Session) -> None:
    """The question, made more compact if it would not fit the terminal with its prompt."""
    from ..assess import ui
    console = term.console
    width, height = term.fit()
    if not term.tty:
        term.print(ui.question(session, width=width))
        return
    room = height - 3                          # the prompt, a blank line, a confirmation
    for compact in range(4):
        q = ui.question(session, compact=compact, width=width)
        if len(console.render_lines(q, console.options, pad=False)) <= room:
            break
    term.print(q)


def _score(session: Session, path: str):
    from ..scoring import score
    return score(session.checklist, session.to_submission_dict(), lang=session.lang, source=path)


def _finish(term: Terminal, session: Session, path: str) -> int:
    from ..assess import ui
    result = _score(session, path)
    c = ui.counts(session, result)
    overall = _t("not scored") if result.score is None else \
        f"{result.score:.1f}" + (f" ({result.rating})" if result.rating else "")
    term.say(_t("Done: {answered} of {applicable} applicable indicators answered, score {score}.")
             .format(answered=c["answered"], applicable=c["applicable"], score=overall), style="bold")
    if c["missing"]:
        term.say(_t("{n} applicable indicators unanswered; continue later with:").format(n=c["missing"]))
        term.line("  " + resume_command(session.checklist, path))
    term.say(_t("Saved to:"))
    term.line("  " + path)
    return ExitStatus.OK
