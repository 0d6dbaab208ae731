"""Where checklists are found: ``./checklists/`` and those bundled with the package, by id or path.

A CHECKLIST argument is a path to a file or the id of an available checklist (FORMAT.md §5).
Checklists are compiled once per process and cached by (path, mtime, size).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ChecklistError, InputError, UnknownChecklistError
from .model import Checklist

DEFAULT_ID = "sme-me-aec"
_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9._-]*)['\"]?\s*(?:#.*)?$", re.M)


def bundled_dir() -> Path:
    """The checklists shipped in the package (a copy of the repository's ``checklists/``)."""
    here = Path(__file__).resolve().parent
    packaged = here / "checklists"
    if packaged.is_dir():
        return packaged
    return here.parent / "checklists"


def search_dirs() -> list[Path]:
    """Folders searched for checklists by id, first match wins: ./checklists, then bundled."""
    dirs = [Path.cwd() / "checklists", bundled_dir()]
    out, seen = [], set()
    for d in dirs:
        try:
            key = d.resolve()
        except OSError:
            continue
        if key not in seen and d.is_dir():
            seen.add(key)
            out.append(d)
    return out


@dataclass(frozen=True)
class Entry:
    """An available checklist: its id, file and the folder it was found in."""

    id: str
    path: Path
    origin: str  # "local" or "bundled"


def available() -> list[Entry]:
    """Every checklist available by id (the first folder wins a clash of ids)."""
    out: dict[str, Entry] = {}
    bundled = bundled_dir().resolve()
    for d in search_dirs():
        origin = "bundled" if d.resolve() == bundled else "local"
        for f in sorted(list(d.glob("*.yaml")) + list(d.glob("*.yml"))):
            cid = _peek_id(f)
            if cid and cid not in out:
                out[cid] = Entry(cid, f, origin)
    return list(out.values())


def _peek_id(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("utf-8", "replace")
    except OSError:
        return None
    if re.search(r"^answers\s*:", head, re.M):
        return None
    m = _ID_LINE.search(head)
    return m.group(1) if m else None


def find(ref: str | None) -> Path:
    """The file of a CHECKLIST argument: an existing path, or the id of an available checklist."""
    if ref is None:
        ref = DEFAULT_ID
    p = Path(ref)
    if p.is_file():
        return p
    if p.is_dir():
        raise InputError("is a folder; give a checklist file or id", ref)
    if p.suffix in (".yaml", ".yml") or "/" in ref or os.sep in ref:
        raise InputError("no such checklist file", ref)
    for e in available():
        if e.id == ref:
            return e.path
    ids = [e.id for e in available()]
    from .checklist import did_you_mean
    raise UnknownChecklistError(f"no checklist with id '{ref}'{did_you_mean(ref, ids)} "
                                f"(available: {', '.join(ids) or 'none'})")


_CACHE: dict[tuple, Checklist] = {}


def load(ref: str | os.PathLike | None, max_bytes: int | None = None) -> Checklist:
    """A compiled checklist for a path or id, cached; raises ChecklistError / InputError."""
    from .checklist import load_checklist
    path = find(str(ref)) if ref is not None else find(None)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    checklist = load_checklist(path, max_bytes)
    if key is not None:
        _CACHE[key] = checklist
    return checklist


class Resolver:
    """Finds the checklist of each submission by its ``checklist:`` id (or a fixed one).

    Errors are remembered per id, so a batch of 10,000 files naming a broken or unknown
    checklist reports it without re-reading it each time.
    """

    def __init__(self, fixed: Checklist | None = None, max_bytes: int | None = None):
        self.fixed = fixed
        self.max_bytes = max_bytes
        self._by_id: dict[str, Checklist | Exception] = {}

    def __call__(self, checklist_id: str | None) -> Checklist:
        if self.fixed is not None:
            return self.fixed
        if not checklist_id:
            raise UnknownChecklistError("the submission has no 'checklist:' id; add one or pass --checklist")
        hit = self._by_id.get(checklist_id)
        if hit is None:
            try:
                hit = load(checklist_id, self.max_bytes)
            except (InputError, ChecklistError) as exc:
                hit = exc
            self._by_id[checklist_id] = hit
        if isinstance(hit, Exception):
            raise hit
        return hit
