"""Where checklists are found: ``./checklists/`` and those bundled with the package, by id or path.

A library may hold several versions of one id: the current one in ``checklists/``, earlier
ones in ``checklists/archive/`` (FORMAT.md §6.11). A submission's ``checklist:`` is only ever
an id (:func:`load_id`); a CHECKLIST argument may also be a path (:func:`load`).

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
ARCHIVE = "archive"
"""Sub-folder of a checklist folder holding earlier versions (FORMAT.md §6.11)."""
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")


def is_id(text: str) -> bool:
    """Whether ``text`` is a checklist id (``[a-z0-9][a-z0-9._-]*``, FORMAT.md §1), not a path."""
    return bool(ID_PATTERN.match(text)) and len(text) <= 200


def version_key(version: str | None) -> tuple:
    """Sort key for ``version`` compared as dotted numbers (``2026.10`` > ``2026.9`` > ``2026``);
    a part that is not a number sorts by its leading digits, then its text; no version sorts first."""
    if not version:
        return ()
    key = []
    for part in str(version).split("."):
        m = re.match(r"(\d*)(.*)\Z", part.strip(), re.S)
        digits, rest = (m.group(1), m.group(2)) if m else ("", part)
        key.append((int(digits) if digits else -1, rest))
    return tuple(key)


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
    """An available checklist: its id, file, the folder it was found in and its version."""

    id: str
    path: Path
    origin: str  # "local" or "bundled"
    version: str | None = None
    archived: bool = False  # found in the folder's archive/ (an earlier version)


def _files(folder: Path) -> list[Path]:
    """The YAML files of one checklist folder (not its sub-folders), sorted."""
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file())
    except OSError:
        return []


def catalog() -> list[Entry]:
    """Every checklist version available by id: for each id, the versions in the first search
    folder that has it (``./checklists`` overrides the bundled ones as a whole), from the folder
    itself and its ``archive/``; newest version first. The first file wins a clash of id and
    version. Ids in order of discovery."""
    by_id: dict[str, dict[str | None, Entry]] = {}
    bundled = bundled_dir().resolve()
    for d in search_dirs():
        origin = "bundled" if d.resolve() == bundled else "local"
        here: dict[str, dict[str | None, Entry]] = {}
        for folder, archived in ((d, False), (d / ARCHIVE, True)):
            for f in _files(folder):
                head = _peek(f)
                if head is None:
                    continue
                cid, version = head
                if cid in by_id:
                    continue  # an earlier folder has this id
                here.setdefault(cid, {}).setdefault(version, Entry(cid, f, origin, version, archived))
        by_id.update(here)
    out: list[Entry] = []
    for found in by_id.values():
        out.extend(sorted(found.values(), key=lambda e: (version_key(e.version), not e.archived), reverse=True))
    return out


def available() -> list[Entry]:
    """Every checklist available by id, one entry per id: its newest version."""
    seen: set[str] = set()
    out = []
    for e in catalog():
        if e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out


def versions(checklist_id: str) -> list[Entry]:
    """The available versions of one id, newest first (empty when there is none)."""
    return [e for e in catalog() if e.id == checklist_id]


def _peek(path: Path) -> tuple[str, str | None] | None:
    """(id, version) of a checklist file, read cheaply (:func:`ledcheck.kinds.peek`: any line
    ends, a BOM, quoted keys, flow style); ``None`` for a submission, road map or non-checklist."""
    from .kinds import CHECKLIST, kind_of_keys, peek
    keys = peek(path)
    if not keys or kind_of_keys(keys) != CHECKLIST:
        return None
    cid = keys.get("id")
    if not cid or not is_id(cid):
        return None
    return cid, keys.get("version") or None


def _peek_id(path: Path) -> str | None:
    head = _peek(path)
    return head[0] if head else None


def find_id(checklist_id: str, version: str | None = None) -> Path:
    """The file of an available checklist by id: the version asked for when it is there, else
    the newest (FORMAT.md §6.11). Never a path: a submission's ``checklist:`` is an id (§5), so
    an untrusted file cannot make ledcheck open another file."""
    if not isinstance(checklist_id, str) or not is_id(checklist_id):
        raise UnknownChecklistError(f"'{str(checklist_id)[:100]}' is not a checklist id "
                                    "(a submission names its checklist by id: [a-z0-9][a-z0-9._-]*)")
    found = versions(checklist_id)
    if not found:
        ids = [e.id for e in available()]
        from .checklist import did_you_mean
        raise UnknownChecklistError(f"no checklist with id '{checklist_id}'{did_you_mean(checklist_id, ids)} "
                                    f"(available: {', '.join(ids) or 'none'})")
    if version is not None:
        for e in found:
            if e.version == str(version):
                return e.path
    return found[0].path


def find(ref: str | None) -> Path:
    """The file of a CHECKLIST argument (``-c``, ``show``...): an existing file, or the id of an
    available checklist (a folder named like an id is not in the way)."""
    if ref is None:
        ref = DEFAULT_ID
    p = Path(ref)
    if p.is_file():
        return p
    if p.is_dir() and not is_id(ref):
        raise InputError("is a folder; give a checklist file or id", ref)
    if not is_id(ref) and (p.suffix in (".yaml", ".yml") or "/" in ref or os.sep in ref):
        raise InputError("no such checklist file", ref)
    return find_id(ref)


_CACHE: dict[tuple, Checklist] = {}


def _load_file(path: Path, max_bytes: int | None) -> Checklist:
    from .checklist import load_checklist
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    checklist = with_translations(load_checklist(path, max_bytes))
    if key is not None:
        _CACHE[key] = checklist
    return checklist


def has_po_files(checklist: Checklist) -> bool:
    """Whether a ``<id>.<LL>.po`` file lies beside the checklist (a cheap folder scan)."""
    if not checklist.source:
        return False
    folder = Path(checklist.source).parent
    prefix = f"{checklist.id}."
    try:
        with os.scandir(folder) as it:
            return any(e.name.startswith(prefix) and e.name.endswith(".po") for e in it)
    except OSError:
        return False


def with_translations(checklist: Checklist) -> Checklist:
    """``checklist`` with the languages of the PO files beside it merged in (FORMAT.md §6.10,
    :func:`ledcheck.collect.po.merge`); the same object, and polib never imported, when there
    are none. A PO file that cannot be read is left out here (``validate`` reports it)."""
    if not has_po_files(checklist):
        return checklist
    from .collect.po import merge
    return merge(checklist)


def load(ref: str | os.PathLike | None, max_bytes: int | None = None) -> Checklist:
    """A compiled checklist for a CHECKLIST argument (path or id), cached; raises
    ChecklistError / InputError. Submissions' references go through :func:`load_id`."""
    return _load_file(find(str(ref)) if ref is not None else find(None), max_bytes)


def load_id(checklist_id: str, version: str | None = None, max_bytes: int | None = None) -> Checklist:
    """A compiled checklist by id (and version, see :func:`find_id`), cached."""
    return _load_file(find_id(checklist_id, version), max_bytes)


class Resolver:
    """Finds the checklist of each submission by its ``checklist:`` id (or a fixed one).

    Errors are remembered per id, so a batch of 10,000 files naming a broken or unknown
    checklist reports it without re-reading it each time.
    """

    def __init__(self, fixed: Checklist | None = None, max_bytes: int | None = None):
        self.fixed = fixed
        self.max_bytes = max_bytes
        self._by_id: dict[tuple, Checklist | Exception] = {}

    def __call__(self, checklist_id: str | None, version: str | None = None) -> Checklist:
        """The checklist of that id (and ``version`` when available, else the newest); by id
        only, never a path."""
        if self.fixed is not None:
            return self.fixed
        if not checklist_id:
            raise UnknownChecklistError("the submission has no 'checklist:' id; add one or pass --checklist")
        key = (checklist_id, None if version is None else str(version))
        hit = self._by_id.get(key)
        if hit is None:
            try:
                hit = load_id(checklist_id, key[1], self.max_bytes)
            except (InputError, ChecklistError) as exc:
                hit = exc
            self._by_id[key] = hit
        if isinstance(hit, Exception):
            raise hit
        return hit
