"""The console-script entry point, kept tiny: ``ledcheck --version`` answers without importing
Typer (half the start-up time of a command); everything else goes to :func:`ledcheck.cli.app.main`."""
import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__
        print(f"ledcheck {__version__}")
        return
    from .cli.app import main as cli_main
    cli_main()
