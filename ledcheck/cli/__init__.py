"""The command line, and only it: parsing options, printing, exit statuses.

``app.py`` holds the Typer app and the list of commands; each command is one module
(``score.py``, ``validate.py``...); ``status.py`` the exit statuses; ``output.py`` shared
printing. The library (the rest of :mod:`ledcheck`) never prints and never exits.
"""
from .app import app, main

__all__ = ["app", "main"]
