"""Translations as gettext PO files (FORMAT.md §6.10 ``translate``, §6.11 "Translations").

Every human-readable text of a checklist has a stable *place*, used as the PO ``msgctxt``:

===========================================  =========================================
place                                        text
===========================================  =========================================
``title`` / ``description``                  the checklist's
``ratings.<min>.label``                      a rating band (by its ``min``)
``<section>.title`` / ``.description``       a section's
``<indicator>.text`` / ``.guidance``         an indicator's
``<indicator>.levels.<value>.label``         an inline level (``.description`` too)
``<indicator>.options.<option>.label``       an inline option
``scales.<scale>.levels.<value>.label``      a level of a named scale (shared by its users)
``scales.<scale>.options.<option>.label``    an option of a named scale
``subject_fields.<field>.label``             a subject field (``.options.<id>.label``)
``profiles.<profile>.title``                 a profile (``.description``)
===========================================  =========================================

``msgid`` is the default-language text, ``msgstr`` the translation. A file ``<id>.<LL>.po``
beside the checklist adds language LL (:func:`merge`): gettext's rules hold, so fuzzy entries
and entries whose msgid no longer matches the text are not used. :func:`completeness` reports
untranslated, fuzzy and stale entries as notes. The header ``X-Review-Status: draft`` marks a
draft language (:func:`is_draft`): screens and reports in it say so.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, LoadError, Problem
from ..model import Checklist, Indicator, LocalText, Section
from .common import NOTE, field_attr, fmt_num

RULE = "translation"
"""Rule id of PO completeness notes (register in rules.py)."""
MAX_PO_BYTES = 10 * 1024 * 1024


# --------------------------------------------------------------------------- places

def places(checklist: Checklist) -> Iterator[tuple[str, LocalText, int]]:
    """Every (place, text, line) of the checklist, in file order; scale texts once."""
    yield "title", checklist.title, 0
    if checklist.description is not None:
        yield "description", checklist.description, 0
    for band in checklist.ratings:
        yield f"ratings.{fmt_num(band.min)}.label", band.label, 0
    seen_scales: set[str] = set()
    for sec in checklist.walk_sections():
        yield f"{sec.id}.title", sec.title, sec.line
        if sec.description is not None:
            yield f"{sec.id}.description", sec.description, sec.line
        for ind in sec.indicators:
            yield f"{ind.id}.text", ind.text, ind.line
            if ind.guidance is not None:
                yield f"{ind.id}.guidance", ind.guidance, ind.line
            if ind.scale:
                if ind.scale in seen_scales:
                    continue
                seen_scales.add(ind.scale)
            yield from _answer_places(_answer_prefix(ind), ind)
    yield from _v11_places(checklist)


def _v11_places(checklist: Checklist) -> Iterator[tuple[str, LocalText, int]]:
    """Places of the 1.1 texts: subject fields and their options, profiles."""
    for f in getattr(checklist, "subject_fields", None) or ():
        fid = field_attr(f, "id")
        lab = field_attr(f, "label")
        if isinstance(lab, LocalText):
            yield f"subject_fields.{fid}.label", lab, 0
        for o in field_attr(f, "options", ()) or ():
            ol = None if isinstance(o, str) else field_attr(o, "label")
            if isinstance(ol, LocalText):
                yield f"subject_fields.{fid}.options.{field_attr(o, 'id')}.label", ol, 0
    for p in _profiles(checklist):
        for key in ("title", "description"):
            t = getattr(p, key, None)
            if isinstance(t, LocalText):
                yield f"profiles.{p.id}.{key}", t, getattr(p, "line", 0)


def _profiles(checklist: Checklist) -> list:
    ps = getattr(checklist, "profiles", None) or ()
    return list(ps.values()) if isinstance(ps, dict) else list(ps)


def _answer_prefix(ind: Indicator) -> str:
    return f"scales.{ind.scale}" if ind.scale else ind.id


def _answer_places(prefix: str, ind: Indicator) -> Iterator[tuple[str, LocalText, int]]:
    for lv in ind.levels:
        if lv.label is not None:
            yield f"{prefix}.levels.{fmt_num(lv.value)}.label", lv.label, ind.line
        if lv.description is not None:
            yield f"{prefix}.levels.{fmt_num(lv.value)}.description", lv.description, ind.line
    for o in ind.options:
        if o.label is not None:
            yield f"{prefix}.options.{o.id}.label", o.label, ind.line


# --------------------------------------------------------------------------- export

def export_po(checklist: Checklist, lang: str):
    """The checklist's texts as a ``polib.POFile`` for language ``lang``: msgstr holds the
    checklist's own translation where it has one, else the one from a PO file beside it."""
    import polib
    if not lang or lang == checklist.default_lang:
        raise InputError(f"--lang must name the language to translate into, not the default "
                         f"language '{checklist.default_lang}'")
    po = polib.POFile(wrapwidth=0)
    po.header = (f"Translation of the ledcheck checklist {checklist.id} (version {checklist.version}) into "
                 f"{lang}.\nmsgctxt is each text's place in the checklist; keep it as it is.")
    po.metadata = {
        "Project-Id-Version": f"{checklist.id} {checklist.version}",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": f"{lang} <LL@li.org>",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Checklist-Id": checklist.id,
        "X-Checklist-Version": checklist.version,
        "X-Generator": "ledcheck translate",
    }
    src = os.path.basename(checklist.source) if checklist.source else ""
    for place, text, line in places(checklist):
        msgid = text.values.get(checklist.default_lang) or text.get()
        if not msgid:
            continue
        own = text.values.get(lang, "")
        po.append(polib.POEntry(msgctxt=place, msgid=msgid, msgstr=own,
                                occurrences=[(src, str(line))] if src and line else []))
    return po


def update_po(checklist: Checklist, lang: str, old) -> Any:
    """:func:`export_po`, keeping the work already in ``old`` (a PO file of that language), as
    gettext's ``msgmerge`` does: a translation whose text is unchanged is kept (with its flags and
    comments); one whose text changed is kept as *fuzzy*, with the previous text (``#| msgid``),
    for the translator to review; entries for texts the checklist no longer has become obsolete
    (``#~``). The header keeps the translators' fields (team, review status)."""
    po = export_po(checklist, lang)
    by_place = {e.msgctxt: e for e in old if not e.obsolete}
    for e in po:
        prev = by_place.pop(e.msgctxt, None)
        if prev is None or not prev.msgstr or e.msgstr:
            continue
        e.msgstr = prev.msgstr
        e.tcomment = prev.tcomment
        e.flags = list(prev.flags)
        if prev.msgid != e.msgid:
            if "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
            e.previous_msgid = prev.msgid
    for prev in by_place.values():
        if prev.msgstr:
            prev.obsolete = True
            po.append(prev)
    translators = ("PO-Revision-Date", "Last-Translator", "Language-Team")
    keep = {k: v for k, v in old.metadata.items() if k not in po.metadata or k in translators}
    po.metadata.update(keep)
    return po


def write_po(checklist: Checklist, lang: str, path: str | os.PathLike, *, draft: bool = False) -> Any:
    """Write the PO file of ``lang`` to ``path`` atomically and return it: a new one, or, when
    ``path`` is already a PO file, that file updated (:func:`update_po`) so no translation is
    lost. ``draft`` marks it ``X-Review-Status: draft`` (FORMAT.md §6.11)."""
    from ..yamlio import write_output
    existing = Path(path)
    if existing.is_file() and existing.stat().st_size > 0:
        po = update_po(checklist, lang, read_po(existing))
    else:
        po = export_po(checklist, lang)
    if draft:
        po.metadata["X-Review-Status"] = "draft"
    write_output(path, (str(po) + "\n").encode("utf-8"))
    return po


# --------------------------------------------------------------------------- reading

def po_path(checklist: Checklist, lang: str) -> Path | None:
    """``<folder>/<id>.<lang>.po`` beside the checklist file, or None without a source."""
    if not checklist.source:
        return None
    return Path(checklist.source).with_name(f"{checklist.id}.{lang}.po")


def po_files(checklist: Checklist) -> dict[str, Path]:
    """The PO files beside the checklist, by language code."""
    if not checklist.source:
        return {}
    folder = Path(checklist.source).parent
    out = {}
    try:
        for p in sorted(folder.glob(f"{checklist.id}.*.po")):
            lang = p.name[len(checklist.id) + 1:-3]
            if lang and "." not in lang:
                out[lang] = p
    except OSError:
        return {}
    return out


_CACHE: dict[tuple, Any] = {}


def read_po(path: str | os.PathLike, max_bytes: int = MAX_PO_BYTES):
    """A parsed PO file (cached by path, mtime and size); raises :class:`LoadError`."""
    import polib

    from ..yamlio import decode, read_bytes
    name = str(path)
    try:
        st = os.stat(path)
        key = (os.path.abspath(name), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key in _CACHE:
        return _CACHE[key]
    text = decode(read_bytes(path, max_bytes), name)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        raise LoadError(f"not a readable PO file: {exc}"[:300], name) from None
    if key is not None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = po
    return po


def translations(po, checklist: Checklist) -> dict[str, str]:
    """place -> translation, only from entries gettext would use: translated, not fuzzy, not
    obsolete, and whose msgid is still the checklist's text."""
    current = {place: text.values.get(checklist.default_lang) or text.get()
               for place, text, _ in places(checklist)}
    out = {}
    for e in po:
        if e.obsolete or "fuzzy" in e.flags or not e.msgstr or e.msgctxt not in current:
            continue
        if current[e.msgctxt] == e.msgid:
            out[e.msgctxt] = e.msgstr
    return out


def is_draft(checklist: Checklist, lang: str) -> bool:
    """True when ``lang`` comes from a PO file beside the checklist with ``X-Review-Status: draft``
    (and the checklist itself has no such language)."""
    if lang in getattr(checklist, "_native_languages", ()):  # pragma: no cover - future model field
        return False
    p = po_path(checklist, lang)
    if p is None or not p.is_file():
        return False
    try:
        po = read_po(p)
    except (LoadError, InputError):
        return False
    return po.metadata.get("X-Review-Status", "").strip().lower() == "draft"


# --------------------------------------------------------------------------- merging

def merge(checklist: Checklist, files: dict[str, str | os.PathLike] | None = None,
          problems: list[Problem] | None = None) -> Checklist:
    """A copy of ``checklist`` whose texts gain the languages of its PO files (those beside it,
    or ``files``: lang -> path). Each PO language joins ``languages`` after the checklist's own.
    A PO file that cannot be read is skipped, with its problem appended to ``problems``."""
    files = {k: Path(v) for k, v in (files if files is not None else po_files(checklist)).items()}
    table: dict[str, dict[str, str]] = {}
    for lang, path in files.items():
        try:
            table[lang] = translations(read_po(path), checklist)
        except (LoadError, InputError) as exc:
            if problems is not None:
                problems.append(exc.as_problem())
    if not table:
        return checklist
    return _Merger(checklist, table).run()


def _is_record(x: Any) -> bool:
    """A dataclass instance (the 1.1 model's records), not a dict or a class."""
    return dataclasses.is_dataclass(x) and not isinstance(x, type)


class _Merger:
    """Rebuilds the frozen model with every text's translations added (one place per text)."""

    def __init__(self, checklist: Checklist, table: dict[str, dict[str, str]]):
        self.c, self.table = checklist, table

    def text(self, place: str, t: Any) -> Any:
        """``t`` (a LocalText or None) with the translations of ``place`` added."""
        if t is None:
            return None
        extra = {lang: tr[place] for lang, tr in self.table.items()
                 if place in tr and lang not in t.values}
        if not extra:
            return t
        return LocalText({**t.values, **extra}, t.default)

    def answers(self, ind: Indicator) -> dict:
        prefix = _answer_prefix(ind)
        levels = tuple(dataclasses.replace(
            lv, label=self.text(f"{prefix}.levels.{fmt_num(lv.value)}.label", lv.label),
            description=self.text(f"{prefix}.levels.{fmt_num(lv.value)}.description", lv.description))
            for lv in ind.levels)
        options = tuple(dataclasses.replace(o, label=self.text(f"{prefix}.options.{o.id}.label", o.label))
                        for o in ind.options)
        return {"levels": levels, "options": options}

    def indicator(self, ind: Indicator) -> Indicator:
        return dataclasses.replace(ind, text=self.text(f"{ind.id}.text", ind.text),
                                   guidance=self.text(f"{ind.id}.guidance", ind.guidance), **self.answers(ind))

    def section(self, sec: Section) -> Section:
        return dataclasses.replace(
            sec, title=self.text(f"{sec.id}.title", sec.title),
            description=self.text(f"{sec.id}.description", sec.description),
            indicators=tuple(self.indicator(i) for i in sec.indicators),
            sections=tuple(self.section(s) for s in sec.sections))

    def run(self) -> Checklist:
        c = self.c
        sections = tuple(self.section(s) for s in c.sections)
        indicators: dict[str, Indicator] = {}
        for s in sections:
            for ind in s.walk_indicators():
                indicators[ind.id] = ind
        langs = tuple(c.languages) + tuple(lang for lang in self.table if lang not in c.languages)
        changes: dict[str, Any] = dict(
            title=self.text("title", c.title), description=self.text("description", c.description),
            ratings=tuple(dataclasses.replace(b, label=self.text(f"ratings.{fmt_num(b.min)}.label", b.label))
                          for b in c.ratings),
            sections=sections, indicators={iid: indicators[iid] for iid in c.indicators}, languages=langs)
        names = {f.name for f in dataclasses.fields(c)}
        fields, profiles = getattr(c, "subject_fields", None), getattr(c, "profiles", None)
        if "subject_fields" in names and fields:
            changes["subject_fields"] = tuple(self.subject_field(f) for f in fields)
        if "profiles" in names and profiles:
            changes["profiles"] = self.profiles(profiles)
        return dataclasses.replace(c, **changes)

    def subject_field(self, f: Any) -> Any:
        if isinstance(f, dict) or not _is_record(f):
            return f
        fid = field_attr(f, "id")
        ch: dict[str, Any] = {}
        if isinstance(getattr(f, "label", None), LocalText):
            ch["label"] = self.text(f"subject_fields.{fid}.label", f.label)
        opts = getattr(f, "options", None)
        if opts:
            ch["options"] = tuple(
                dataclasses.replace(o, label=self.text(f"subject_fields.{fid}.options.{o.id}.label", o.label))
                if _is_record(o) and isinstance(getattr(o, "label", None), LocalText) else o
                for o in opts)
        return dataclasses.replace(f, **ch) if ch else f

    def profiles(self, ps: Any) -> Any:
        def one(p: Any) -> Any:
            if not _is_record(p):
                return p
            ch = {k: self.text(f"profiles.{p.id}.{k}", getattr(p, k)) for k in ("title", "description")
                  if isinstance(getattr(p, k, None), LocalText)}
            return dataclasses.replace(p, **ch) if ch else p
        if isinstance(ps, dict):
            return {k: one(v) for k, v in ps.items()}
        return tuple(one(p) for p in ps)


# --------------------------------------------------------------------------- completeness

def completeness(checklist: Checklist, path: str | os.PathLike, lang: str | None = None) -> list[Problem]:
    """Notes for a PO file of the checklist: untranslated, fuzzy and stale entries (an entry for a
    place the checklist no longer has, or whose msgid is no longer the text), and places that the
    file lacks. Notes never fail a run (FORMAT.md §6.11)."""
    name = str(path)
    po = read_po(path)
    lang = lang or po.metadata.get("Language") or ""
    current = {place: (text.values.get(checklist.default_lang) or text.get(), line)
               for place, text, line in places(checklist)}
    out: list[Problem] = []

    def note(message: str, line: int, place: str) -> None:
        out.append(Problem(NOTE, message, line, 1 if line else 0, place, RULE, name))

    found = set()
    for e in po:
        if e.obsolete:
            continue
        place = e.msgctxt or ""
        line = getattr(e, "linenum", 0) or 0
        if place not in current:
            note(f"stale entry '{place}': the checklist has no such text (remove it)", line, place)
            continue
        found.add(place)
        if current[place][0] != e.msgid:
            note(f"stale entry '{place}': the {checklist.default_lang} text changed since it was translated; "
                 "update msgid and review the translation", line, place)
        elif "fuzzy" in e.flags:
            note(f"fuzzy entry '{place}' is not used until reviewed (remove the fuzzy flag)", line, place)
        elif not e.msgstr:
            note(f"untranslated entry '{place}'", line, place)
    missing = [p for p in current if p not in found]
    if missing:
        note(f"{len(missing)} text(s) of the checklist are not in the file ({', '.join(missing[:5])}"
             f"{', ...' if len(missing) > 5 else ''}); regenerate it with ledcheck translate "
             f"{checklist.id} --lang {lang} -o {os.path.basename(name)}", 0, "")
    return out


def check_translations(checklist: Checklist) -> list[Problem]:
    """Completeness notes for every PO file beside the checklist (what ``validate`` reports for a
    checklist, FORMAT.md §6.10); a PO file that cannot be read is an error at that file."""
    out: list[Problem] = []
    for lang, path in po_files(checklist).items():
        try:
            out.extend(completeness(checklist, path, lang))
        except (LoadError, InputError) as exc:
            out.append(exc.as_problem())
    return out


__all__ = ["RULE", "check_translations", "completeness", "export_po", "is_draft", "merge", "places", "po_files",
           "po_path", "read_po", "translations", "update_po", "write_po"]
