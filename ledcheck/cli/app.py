"""The Typer app and the list of commands.

WHERE TO ADD A COMMAND: write ``ledcheck/cli/<name>.py`` with a ``register(app)`` function
(see ``show.py`` for a plain command, ``schema.py`` for a group of subcommands), then add the
module to ``COMMANDS`` below -- one line. Nothing else changes. A command module parses options,
calls the library, prints (helpers in :mod:`.output`) and exits with an :class:`.status.ExitStatus`;
it imports heavy modules (YAML, Rich, scoring, rendering) inside its function only, so that
``--help`` stays fast (tests/test_startup.py).
"""
from __future__ import annotations

import os
import sys

import typer

from .. import __version__
from ..errors import printable
from . import (
    aggregate,
    assess,
    compare,
    export,
    importcmd,
    progress,
    schema,
    score,
    show,
    template,
    translate,
    validate,
)
from . import list as list_cmd
from .output import err
from .status import ExitStatus

app = typer.Typer(
    name="ledcheck",
    help="Monitoring and evaluation checklists for SME development: validate checklists, "
         "assess in the terminal, score submissions into reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# One line per command, in the order ``ledcheck --help`` lists them.
COMMANDS = (
    validate,
    show,
    list_cmd,
    template,
    score,
    assess,
    compare,
    progress,
    aggregate,
    importcmd,  # ``import`` (a keyword, hence the module name)
    translate,
    schema,     # a group (``schema checklist|submission``): Typer lists groups after commands
    export,     # a group (``export xlsform``)
)

for _module in COMMANDS:
    _module.register(app)


def _version(value: bool) -> None:
    if value:
        print(f"ledcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """ledcheck: M&E checklists for SME development."""


def _tune_gc() -> None:
    """ledcheck allocates many small acyclic objects (YAML nodes, result dicts), freed by
    reference counting; the cyclic collector would only rescan them over and over (2x slower
    on a large checklist). A command runs without it; batch loops collect the young
    generation now and then (``batch.maybe_collect``), so memory stays flat however many
    files a batch has."""
    import gc
    gc.disable()


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user.

    Streams and signals are made safe first (:mod:`.streams`): a stdout that cannot be written
    (full, closed, a broken pipe) is one message and exit 2; SIGTERM unwinds (temporary files
    removed, workers stopped) and exits 143; Ctrl-C exits 130.
    """
    from . import streams
    _tune_gc()
    restore = streams.prepare()
    code: int | str | None = ExitStatus.OK
    try:
        try:
            try:
                app()
            finally:
                sys.stdout.flush()  # a failure to write what is still buffered is reported now
        except SystemExit as exc:
            code = exc.code
        except streams.OutputError as exc:
            streams.silence_stdout()
            err(exc.message())
            code = ExitStatus.USAGE
        except streams.Terminated:
            err("ledcheck: terminated")
            code = ExitStatus.TERMINATED
        except KeyboardInterrupt:
            err("ledcheck: interrupted")
            code = ExitStatus.INTERRUPTED
        except BrokenPipeError:  # stderr itself (stdout's are OutputError)
            streams.silence_stdout()
            code = ExitStatus.USAGE
        except Exception as exc:  # a bug: say so in one line, never a traceback (LEDCHECK_DEBUG=1 shows it)
            if os.environ.get("LEDCHECK_DEBUG"):
                raise
            err(printable(f"ledcheck: internal error: {type(exc).__name__}: {exc} "
                          "(please report it; LEDCHECK_DEBUG=1 shows the traceback)"))
            code = ExitStatus.USAGE
    except streams.OutputError:  # stdout failed again while reporting
        streams.silence_stdout()
        code = ExitStatus.USAGE
    finally:
        restore()
    _exit(code)


def _exit(code: int | str | None) -> None:
    """Exit with ``code``; without waiting for threads when a stopped worker pool left one that
    cannot end (see :data:`ledcheck.batch.STUCK_THREADS`): everything was cleaned up already."""
    batch = sys.modules.get("ledcheck.batch")
    if batch is not None and batch.STUCK_THREADS[0]:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code if isinstance(code, int) else (0 if code is None else 1))
    sys.exit(code)
