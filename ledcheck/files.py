"""Input paths -> YAML files (folders, globs, symlink loops) and safe output file names."""
from __future__ import annotations

import glob
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError, LedcheckError, LoadError
from .kinds import WORKBOOK_SUFFIXES, YAML_SUFFIXES

_GLOB_CHARS = re.compile(r"[*?\[]")


class _Seen:
    """What a batch has already read: folders walked, and files named or reached by a link.

    Plain files found by walking a folder are not recorded one by one, so memory does not grow
    with the number of files: a folder is walked once, and only named files and links (few)
    need remembering to avoid reading a file twice.
    """

    def __init__(self) -> None:
        self.dirs: set[str] = set()
        self.files: set[str] = set()

    def walked(self, path: str) -> bool:
        """Whether a walk already yielded this file (its folder was walked and it is a visible
        YAML file, not a link)."""
        name = os.path.basename(path)
        return (not name.startswith(".") and name.endswith(YAML_SUFFIXES) and not os.path.islink(path)
                and os.path.realpath(os.path.dirname(os.path.abspath(path))) in self.dirs)

    def first_time(self, path: str) -> bool:
        """Record a named or linked file; False if it was read before."""
        real = os.path.realpath(path)
        if real in self.files or self.walked(real):
            return False
        self.files.add(real)
        return True


def _wanted(name: str, path: str, workbooks: bool) -> bool:
    """Whether a file found in a folder or by a glob is an input: a YAML file, or (``workbooks``)
    a workbook that ``template -f xlsx`` wrote (any other ``.xlsx`` is "other", FORMAT.md §6.11)."""
    if name.endswith(YAML_SUFFIXES):
        return True
    if workbooks and name.lower().endswith(WORKBOOK_SUFFIXES):
        from .kinds import WORKBOOK, workbook_kind
        return workbook_kind(path) == WORKBOOK
    return False


def expand(paths: list[str], *, workbooks: bool = False) -> Iterator[tuple[str, LedcheckError | None]]:
    """Yield every YAML file named by ``paths`` (files, folders searched recursively, globs),
    and with ``workbooks`` the template workbooks found in folders (``score``, ``validate``).

    A path that does not exist yields ``(path, InputError)`` instead of stopping the batch (a
    usage error, exit 2); a file found in a folder that cannot be read as a file (a FIFO, a
    device, a broken link) yields ``(path, LoadError)``: a finding about the folder (exit 1).
    Folders are walked in sorted order, hidden entries skipped; symlinked folders inside them are
    not followed (a folder named on the command line is walked even if it is a link). Each file
    is yielded once, however many ways it is named. It is a generator: a batch of a million
    files is never held as a list.
    """
    seen = _Seen()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p, seen, workbooks)
        elif p.exists() or os.path.islink(raw):
            if p.exists():
                if seen.first_time(raw):
                    yield raw, None
            else:
                yield raw, InputError("broken symbolic link", raw)
        elif _GLOB_CHARS.search(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield raw, InputError("no file matches this pattern", raw)
            for m in matches:
                if os.path.isdir(m):
                    yield from _walk(Path(m), seen, workbooks)
                elif _wanted(m, m, workbooks) and seen.first_time(m):
                    yield m, _special(m)
        else:
            yield raw, InputError("no such file or folder", raw)


def _walk(root: Path, seen: _Seen, workbooks: bool = False) -> Iterator[tuple[str, LedcheckError | None]]:
    stack = [str(root)]
    while stack:
        d = stack.pop()
        real = os.path.realpath(d)
        if real in seen.dirs:
            continue
        seen.dirs.add(real)
        # Only names are kept (sorted, for a stable order), not DirEntry objects: a folder of
        # 100,000 submissions costs a few MB, not tens.
        files: list[str] = []
        subdirs: list[str] = []
        links: set[str] = set()
        try:
            with os.scandir(d) as it:
                for e in it:
                    name = e.name
                    if name.startswith("."):
                        continue
                    try:
                        # symlinked folders are not followed (as git and yamllint): a link to /
                        # in an input folder would read the whole file system and quote it
                        is_link = e.is_symlink()
                        if e.is_dir(follow_symlinks=False):
                            subdirs.append(name)
                            continue
                        if is_link and e.is_dir():
                            continue
                    except OSError:
                        is_link = False
                    if name.endswith(YAML_SUFFIXES) or (workbooks and name.lower().endswith(WORKBOOK_SUFFIXES)):
                        files.append(name)
                        if is_link:
                            links.add(name)
        except PermissionError:
            yield d, InputError("permission denied", d)
            continue
        except OSError as exc:
            yield d, InputError(f"cannot read folder: {exc.strerror or exc}", d)
            continue
        files.sort()
        subdirs.sort()
        yield from _found_files(d, files, links, seen, workbooks)
        del files
        subdirs = [os.path.join(d, name) for name in subdirs]
        stack.extend(reversed(subdirs))


def _found_files(d: str, files: list[str], links: set[str], seen: _Seen,
                 workbooks: bool) -> Iterator[tuple[str, LedcheckError | None]]:
    """The files of one walked folder (sorted names), each once; links followed to files."""
    for name in files:
        path = os.path.join(d, name)
        if not name.endswith(YAML_SUFFIXES) and not _wanted(name, path, workbooks):
            continue  # a workbook that is no ledcheck template: skipped as "other"
        if name in links:
            if not os.path.exists(path):
                yield path, _skipped("broken symbolic link", path)
                continue
            if not seen.first_time(path):
                continue
        elif seen.files and os.path.realpath(path) in seen.files:
            continue
        yield path, _special(path)


def _special(path: str) -> LedcheckError | None:
    """An error for a found file that is not a regular file (a FIFO, socket or device, or a
    link to one): opening it could block forever or read without end, so it is not opened.
    Paths named explicitly on the command line are opened as given (``/dev/stdin`` works)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reading it reports the problem
    if stat.S_ISREG(mode):
        return None
    return _skipped("not a regular file (a FIFO, socket or device); skipped", path)


def _skipped(message: str, path: str) -> LoadError:
    """A found file that is not read: a finding (exit 1) under the ``input`` rule."""
    err = LoadError(message, path)
    err.rule = "input"
    return err


# Names that Windows reserves for devices, with any extension ("con.json" is the console).
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                               *(f"lpt{i}" for i in range(10))})


def slug(text: str, fallback: str = "submission", limit: int = 80) -> str:
    """A file-name-safe, lowercase ASCII slug of user text ('Đà Nẵng City' -> 'da-nang-city').

    Never contains a path separator, never starts with a dot, never empty, never a name that
    Windows reserves for a device (``con`` -> ``con-file``).
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-") or fallback
    if s in _WINDOWS_RESERVED:
        s += "-file"
    return s


def unique_name(base: str, ext: str, taken: set[str]) -> str:
    """``base + ext``, or ``base-2 + ext``... not yet in ``taken`` (case-insensitive); records it."""
    name = base + ext
    n = 2
    while name.lower() in taken:
        name = f"{base}-{n}{ext}"
        n += 1
    taken.add(name.lower())
    return name


def safe_join(folder: str | os.PathLike[str], name: str) -> Path:
    """``folder/name`` for a name that must stay inside ``folder`` (raises otherwise)."""
    base = Path(folder).resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise InputError(f"refusing to write outside the output folder: {name!r}", str(folder))
    return target
