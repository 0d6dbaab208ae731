"""ledcheck's own words (prompts, messages, headings) in the user's language: ONE catalogue.

The checklist's texts come translated in the checklist (and its PO files); these are the words
*around* them. English is the key: ``tr("Review")`` is "Review" in English and "Xem lại" in
Vietnamese. The catalogue is split by domain into the modules of this package (``assess``,
``report``, ``monitor``, ...); each module defines ``WORDS = {"vi": {english: translation}}``
and may list in ``KEYS`` English words it uses that must be translated. Every module found in
the package is merged, so adding a domain is adding a module.

- :func:`language` sets the language for a block (a context variable: threads do not mix);
  :func:`tr` translates one word in it; a word a language lacks stays English (§6.11).
- :data:`LANGUAGES` lists the languages ledcheck speaks; :func:`missing` says which words a
  language lacks (a test keeps every listed language complete).
- Draft languages (§6.11 "Translations"): :func:`is_draft` and :func:`draft_notice`.
- Numbers: :func:`decimal_comma` tells whether a language writes ``1,5`` for 1.5.

Pure data and lookups: nothing here prints, and importing it is cheap.
"""
from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

#: The languages ledcheck's own words are translated into (English first: the keys).
LANGUAGES: tuple[str, ...] = ("en", "vi")

#: Languages whose ledcheck words are a draft translation, not yet reviewed (a new language
#: starts here until a reviewer signs it off). Indonesian and Thai have only the draft notice
#: and the answer words (``ledcheck.i18n.report``); their other words fall back to English.
DRAFT: frozenset[str] = frozenset({"id", "th"})

#: What every screen and report in a draft language says (translated like any other word).
DRAFT_NOTICE = "draft translation, not yet reviewed"

#: Languages that write a decimal comma (1,5) and a dot or space between thousands (CLDR).
DECIMAL_COMMA: frozenset[str] = frozenset({
    "vi", "id", "km", "lo", "de", "fr", "es", "pt", "it", "nl", "ru", "tr", "pl", "cs", "sv",
    "da", "nb", "fi", "uk", "ro", "hu", "el", "bg", "hr", "sk", "sl", "sr",
})

_LANG: ContextVar[str] = ContextVar("ledcheck_lang", default="en")


def base(lang: str | None) -> str:
    """The language part of a code: ``vi-VN`` -> ``vi``; None -> ``en``."""
    return (lang or "en").replace("_", "-").split("-")[0].lower() or "en"


@lru_cache(maxsize=1)
def catalogues() -> dict[str, Any]:
    """Every catalogue module of this package, by name (imported once)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            found[info.name] = importlib.import_module(f"{__name__}.{info.name}")
    return found


@cache
def table(lang: str) -> dict[str, str]:
    """All of ``lang``'s words, merged across the catalogue modules (empty for English)."""
    merged: dict[str, str] = {}
    for mod in catalogues().values():
        merged.update(getattr(mod, "WORDS", {}).get(base(lang), {}))
    return merged


def current() -> str:
    """The language set by the innermost :func:`language` block (``en`` outside any)."""
    return _LANG.get()


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Speak ``lang`` within this block (``None``: English)."""
    token = _LANG.set(base(lang))
    try:
        yield
    finally:
        _LANG.reset(token)


def tr(word: str, lang: str | None = None) -> str:
    """``word`` in ``lang`` (default: the current language); itself where there is none."""
    code = base(lang) if lang is not None else _LANG.get()
    if code == "en":
        return word
    return table(code).get(word, word)


def words() -> set[str]:
    """Every English word the catalogues know: the keys of any language, and ``KEYS``."""
    out: set[str] = set()
    for mod in catalogues().values():
        out.update(getattr(mod, "KEYS", ()))
        for tab in getattr(mod, "WORDS", {}).values():
            out.update(tab)
    return out


def missing(lang: str) -> list[str]:
    """The words ``lang`` lacks (sorted); English lacks none."""
    if base(lang) == "en":
        return []
    have = table(base(lang))
    return sorted(w for w in words() if w not in have)


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a format string (a translation must keep the same ones)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def conflicts() -> list[tuple[str, str, str]]:
    """(language, word, modules) where two catalogue modules translate a word differently, and
    translations whose ``{fields}`` differ from the English word's."""
    out = []
    for lang in LANGUAGES[1:]:
        seen: dict[str, tuple[str, str]] = {}
        for name, mod in catalogues().items():
            for word, text in getattr(mod, "WORDS", {}).get(lang, {}).items():
                if word in seen and seen[word][1] != text:
                    out.append((lang, word, f"{seen[word][0]} and {name} differ"))
                seen.setdefault(word, (name, text))
                try:
                    if fields(word) != fields(text):
                        out.append((lang, word, f"{name}: fields differ"))
                except ValueError:
                    out.append((lang, word, f"{name}: not a format string"))
    return out


def is_draft(lang: str | None, checklist: Any = None) -> bool:
    """True when ``lang`` is a draft: ledcheck's words in it (:data:`DRAFT`), or the checklist's
    texts in it (a PO file beside the checklist marked ``X-Review-Status: draft``)."""
    if base(lang) in DRAFT:
        return True
    if checklist is not None and lang:
        from ..collect.po import is_draft as po_draft
        try:
            return bool(po_draft(checklist, lang))
        except Exception:  # noqa: BLE001 - a screen never fails over the draft marker
            return False
    return False


def draft_notice(lang: str | None, checklist: Any = None) -> str | None:
    """"draft translation, not yet reviewed" in ``lang`` when it is a draft, else None."""
    return tr(DRAFT_NOTICE, lang or "en") if is_draft(lang, checklist) else None


def decimal_comma(lang: str | None) -> bool:
    """True when ``lang`` writes decimals with a comma (``1,5``)."""
    return base(lang) in DECIMAL_COMMA


__all__ = ["DECIMAL_COMMA", "DRAFT", "DRAFT_NOTICE", "LANGUAGES", "base", "catalogues", "conflicts",
           "current", "decimal_comma", "draft_notice", "is_draft", "language", "missing", "table",
           "tr", "words"]
