"""An assessment on disk: the submission file a session is saved to and resumed from.

``assess`` never destroys what it did not change (issue 9):

- **Round trip.** The file is rewritten with ruamel.yaml's round-trip writer (imported lazily):
  comments, key order, quoting, unknown top-level keys and answers to unknown ids stay as they
  were; only the values the session changed are written. A template's blank entries (``ST1:``)
  are filled in place, under their guidance comments. Reading and validating stays PyYAML's
  (``ledcheck.yamlio``), so what is "changed" is judged on the data scoring sees.
- **A lock.** A session holds a lock on the file (a ``.NAME.lock`` file beside it, locked with
  ``fcntl``), so a second ``assess`` on it stops with :class:`LockedError` instead of both
  silently overwriting each other.
- **Changes on disk.** Before each save the file is read again; if someone (an editor) changed it
  since it was read or last saved, their changes are merged into the session and the session's
  own changes applied on top (:meth:`Store.save` says what it merged).
- **Symlinks and special files.** A symlink is written through (the file it points to is
  updated, the link stays); a FIFO, socket or device is refused (:func:`check_target`), never
  opened: reading a FIFO would block forever.
- **The language** of the session is remembered as a comment ``# ledcheck: lang=vi`` on the
  ``checklist:`` line (a comment, because the submission format has no such key).

No printing, no exiting: problems are typed errors; the terminal loop (``ledcheck.cli.assess``)
says what to do about them.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import stat
from typing import Any

from ..errors import InputError, LedcheckError, LoadError
from ..model import Checklist
from .session import HEADER_KEYS, KEPT_KEYS, Session

#: The comment that remembers the session's language (FORMAT.md has no header key for it).
LANG_MARK = re.compile(r"#\s*ledcheck:\s*lang=([A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*)")


class OtherChecklistError(LedcheckError):
    """The submission file answers another checklist (``checklist_id``) than the one given."""

    rule = "checklist-ref"

    def __init__(self, message: str, file: str, checklist_id):
        super().__init__(message, file, 1, 1)
        self.checklist_id = checklist_id


class LockedError(InputError):
    """Another ``ledcheck assess`` has this file open (exit 2)."""

    rule = "input"


class ChangedError(LedcheckError):
    """The file changed on disk and cannot be read now (an editor is half-way through?): the
    session is not saved over it."""

    rule = "yaml"


def default_path(subject: str, period: str | None) -> str:
    """``da-nang-city-2026-q1.yaml`` in the current folder, from the subject and period."""
    from ..files import slug
    return slug(f"{subject} {period}" if period else subject) + ".yaml"


# --------------------------------------------------------------------------- the target

def check_target(path: str) -> None:
    """Refuse an output that is not a regular file (after symlinks): a FIFO would block forever,
    a device or socket is no submission. A path that does not exist yet is fine."""
    from ..yamlio import is_device
    if is_device(path):
        raise InputError("not a regular file (a FIFO, socket or device): assess reads and writes a "
                         "submission file; name a .yaml file", path)
    if os.path.isdir(path):
        raise InputError("is a folder: name the submission file to write, e.g. "
                         f"{os.path.join(path, 'da-nang-2026.yaml')}", path)


def real_path(path: str) -> str:
    """Where writes go: the file a symlink points to (the link itself is kept)."""
    return os.path.realpath(path) if os.path.islink(path) else path


# --------------------------------------------------------------------------- the lock

class Lock:
    """An exclusive lock on a submission file for the time of a session.

    The lock is ``fcntl.flock`` on a ``.NAME.lock`` file beside the (real) file, holding the
    process id and start time for the message another session gets. The kernel drops the lock
    when the process dies, so a killed session leaves no stale lock. Where ``fcntl`` is missing
    (Windows), the lock file is created exclusively instead.
    """

    def __init__(self, path: str):
        real = real_path(path)
        folder, name = os.path.split(os.path.abspath(real))
        self.path = os.path.join(folder, f".{name}.lock")
        self.target = path
        self.fd: int | None = None

    def acquire(self) -> Lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            fcntl = None  # type: ignore[assignment]
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | (0 if fcntl else os.O_EXCL), 0o644)
            except FileExistsError:  # pragma: no cover - Windows
                raise LockedError(self._held_message(self._holder()), self.target) from None
            except OSError as exc:
                why = ("its folder does not exist" if isinstance(exc, FileNotFoundError)
                       else exc.strerror or str(exc))
                raise InputError(f"cannot save here: {why}", self.target) from None
            if fcntl is None:  # pragma: no cover - Windows
                break
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = self._holder()
                os.close(fd)
                raise LockedError(self._held_message(holder), self.target) from None
            # the lock file may have been removed by a session ending just now: lock the file
            # that is at the path, not an orphan
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}\n".encode())
        self.fd = fd
        return self

    def _holder(self) -> str:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                return fh.read(200).strip()
        except OSError:
            return ""

    def _held_message(self, holder: str) -> str:
        pid, _, since = holder.partition(" ")
        who = f" (process {pid}, since {since})" if pid.isdigit() and since else ""
        return (f"is open in another ledcheck assess{who}: finish or quit that session first "
                f"(or remove {self.path} if no such session runs)")

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)        # while still holding the lock: see acquire()
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


# --------------------------------------------------------------------------- YAML round trip

class _YesNo(str):
    """A yes/no answer the session writes: shown as ``yes`` / ``no`` (as the template says),
    which PyYAML reads as true / false. Booleans already in the file keep their spelling."""


def _rt(indent: tuple = (2, 4, 2)):
    """ruamel.yaml's round-trip reader/writer, indenting as the file does (mapping, sequence,
    offset of the dash)."""
    from ruamel.yaml import YAML
    y = YAML(typ="rt")
    y.width = 4096
    y.preserve_quotes = True
    y.allow_duplicate_keys = False
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    y.representer.add_representer(
        _YesNo, lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:str", str(data)))
    return y


_PYYAML_RESOLVER = None


def _node(value):
    """``value`` as ruamel data that PyYAML (YAML 1.1) reads back as the same value: maps and
    lists in flow style (one line, as a template shows them), and strings that YAML 1.1 would
    read as something else (``yes``, ``on``, ``012``, ``2026-03-01``) double-quoted."""
    global _PYYAML_RESOLVER
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    if isinstance(value, dict):
        m = CommentedMap((str(k), _node(v)) for k, v in value.items())
        m.fa.set_flow_style()
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq(_node(v) for v in value)
        s.fa.set_flow_style()
        return s
    if value is True or value is False:
        return _YesNo("yes" if value else "no")
    if isinstance(value, str):
        import yaml
        if _PYYAML_RESOLVER is None:
            _PYYAML_RESOLVER = yaml.resolver.Resolver()
        tag = _PYYAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if tag != "tag:yaml.org,2002:str" or value != value.strip() or not value \
                or any(c in value for c in "\n\t#:{}[],&*!|>'\"%@`"):
            return DoubleQuotedScalarString(value)
    return value


def file_lang(text: str) -> str | None:
    """The language remembered in a submission's text (``# ledcheck: lang=vi``), or None."""
    for line in text.splitlines()[:200]:
        m = LANG_MARK.search(line)
        if m and line.lstrip().startswith(("checklist:", "#", "ledcheck:")):
            return m.group(1)
    return None


def template_lang(text: str, checklist: Checklist) -> str | None:
    """The language of a blank template made by ``ledcheck template --lang LL`` (recognised by
    its first comment line, which is in that language); None when it is none of them."""
    first = text.split("\n", 1)[0].rstrip()
    if not first.startswith("# "):
        return None
    from ..template import render_template
    for lang in checklist.languages:
        try:
            head = render_template(checklist, lang=lang).split("\n", 1)[0].rstrip()
        except Exception:  # noqa: BLE001 - recognising a template is a convenience only
            continue
        if head == first:
            return lang
    return None


def mark_lang(text: str, lang: str | None) -> str:
    """``text`` of a submission with ``# ledcheck: lang=LL`` on its ``checklist:`` line (for
    ``template --lang``, whose output ``assess --resume`` continues in that language)."""
    if not lang:
        return text
    return re.sub(r"(?m)^(checklist:[^#\n]*?)[ \t]*$", rf"\1  # ledcheck: lang={lang}", text, count=1)


def _plain_dump(session: Session) -> str:
    import yaml
    return yaml.safe_dump(session.to_submission_dict(), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)


def dump(session: Session) -> bytes:
    """A new submission file of a session (YAML, UTF-8): what the first save writes when there
    is no file yet."""
    return _plain_dump(session).encode("utf-8")


def _header_of(data: dict) -> dict:
    header = {}
    for k in HEADER_KEYS + KEPT_KEYS:
        v = data.get(k)
        if isinstance(v, _dt.datetime):
            v = v.date()
        if v is not None and not isinstance(v, (str, _dt.date)):
            v = str(v)
        header[k] = v
    return header


def _answers_of(data: dict) -> dict:
    answers = data.get("answers")
    return {str(k): v for k, v in answers.items()} if isinstance(answers, dict) else {}


class Store:
    """The file of one session: its round-trip document, what it held when last read or written
    (to tell what changed, and whether someone else changed it), and its lock."""

    def __init__(self, path: str):
        self.path = path                  # as the user named it (shown in messages)
        self.real = real_path(path)       # where it is written (a symlink's target)
        self.doc: Any = None              # ruamel document of the file (None: not written yet)
        self.base: dict = {}              # PyYAML data of the file as last read or written
        self.digest: str | None = None    # sha256 of its bytes then (None: no file)
        self.lang: str | None = None      # the language of the file (its mark, or a template's)
        self.mark: str | None = None      # the language mark in the file (# ledcheck: lang=LL)
        self.indent: tuple = (2, 4, 2)    # the file's indentation (mapping, sequence, offset)
        self.round_trip = True            # False: the file could not be read back by ruamel
        self.lock: Lock | None = None

    # ------------------------------------------------------------------ reading

    def lock_file(self) -> None:
        """Take the file's lock (raises :class:`LockedError`)."""
        self.lock = Lock(self.path).acquire()

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _read(self) -> tuple[bytes, dict, Any] | None:
        """(bytes, PyYAML data, ruamel document) of the file now; None if it does not exist."""
        from .. import yamlio
        check_target(self.path)
        if not os.path.exists(self.real):
            return None
        data = yamlio.read_bytes(self.real)
        doc = yamlio.load_bytes(data, self.path).data
        return data, doc, self._rt_load(data)

    def _rt_load(self, data: bytes):
        """ruamel's document of the file (None if ruamel cannot read it); notes its indentation
        so that a file indented by 4 is written back indented by 4."""
        text = data.decode("utf-8-sig")
        try:
            from ruamel.yaml.util import load_yaml_guess_indent
            _, indent, offset = load_yaml_guess_indent(text)
            if isinstance(indent, int) and 1 < indent < 10:
                off = offset if isinstance(offset, int) and 0 <= offset < indent else 0
                self.indent = (indent, indent + off if off else indent, off)
        except Exception:  # noqa: BLE001 - a guess only
            pass
        try:
            return _rt(self.indent).load(text)
        except Exception:  # noqa: BLE001 - ruamel refuses some YAML 1.1 that PyYAML reads
            return None

    def read(self, checklist: Checklist) -> dict:
        """The submission data in the file (PyYAML's reading); remembers it as the base.

        Raises the loader's errors (missing, unreadable, bad YAML), :class:`LoadError` for a file
        that is no submission, :class:`OtherChecklistError` for one of another checklist.
        """
        from ..kinds import SUBMISSION, kind_of
        got = self._read()
        if got is None:
            raise InputError("no such file", self.path)
        raw, data, doc = got
        if (not isinstance(data, dict) or kind_of(data) != SUBMISSION
                or not isinstance(data.get("answers", {}), (dict, type(None)))):
            raise LoadError("not a submission (expected a mapping with 'answers:')", self.path, 1, 1)
        cid = data.get("checklist")
        if cid != checklist.id:
            raise OtherChecklistError(f"this submission answers checklist '{cid}', not "
                                      f"'{checklist.id}'", self.path, cid)
        self._remember(raw, data, doc)
        text = raw.decode("utf-8", "replace")
        self.mark = file_lang(text)
        self.lang = self.mark or template_lang(text, checklist)
        return data

    def adopt_existing(self) -> None:
        """The user chose to overwrite the file: the first save replaces it (no merge)."""
        try:
            with open(self.real, "rb") as fh:
                self.digest = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            self.digest = None
        self.doc, self.base = None, {}

    def _remember(self, raw: bytes, data: dict, doc) -> None:
        self.digest = hashlib.sha256(raw).hexdigest()
        self.base = data
        self.doc = doc
        self.round_trip = doc is not None

    # ------------------------------------------------------------------ writing

    def changed_on_disk(self) -> bool:
        """True when the file's bytes differ from what was last read or written."""
        try:
            with open(self.real, "rb") as fh:
                now = hashlib.sha256(fh.read()).hexdigest()
        except FileNotFoundError:
            return self.digest is not None
        except OSError:
            return False
        return now != self.digest

    def merge_from_disk(self, session: Session) -> list[str]:
        """Take into the session what was changed in the file since it was last read or written
        (where the session did not change the same answer too); returns notices. Raises
        :class:`ChangedError` when the file cannot be read now."""
        from ..i18n import tr
        try:
            got = self._read()
        except LedcheckError as exc:
            raise ChangedError(tr("the file was changed by someone else and cannot be read now "
                                  "({problem}); your answers are kept here, not saved over it: "
                                  "fix or save the file, then answer again").format(
                problem=f"{exc.line}:{exc.col}: {exc.message}" if exc.line else exc.message),
                self.path, exc.line, exc.col) from None
        if got is None:
            self.doc, self.base, self.digest = None, {}, None
            return [tr("the file was removed while the session ran: it is written again "
                       "from the session")]
        raw, data, doc = got
        if not isinstance(data, dict):
            raise ChangedError(tr("the file was changed by someone else and is no submission now; "
                                  "your answers are kept here, not saved over it"), self.path)
        notes = []
        ours = session.to_submission_dict()
        base_h, disk_h = _header_of(self.base), _header_of(data)
        base_a, disk_a, ours_a = _answers_of(self.base), _answers_of(data), ours["answers"]
        header_changes = {k: disk_h[k] for k in disk_h
                          if disk_h[k] != base_h.get(k) and ours.get(k) == base_h.get(k)}
        answer_changes: dict[str, Any] = {}
        kept = []
        for iid in list(disk_a) + [i for i in base_a if i not in disk_a]:
            theirs, base = disk_a.get(iid), base_a.get(iid)
            if theirs == base:
                continue
            if ours_a.get(iid) == base:
                answer_changes[iid] = theirs
            elif ours_a.get(iid) != theirs:
                kept.append(iid)
        session.replace_answers(answer_changes, header_changes)
        changed = sorted(set(answer_changes) | set(header_changes), key=str)
        if changed:
            notes.append(tr("the file was changed outside this session: took {ids} from it")
                         .format(ids=", ".join(changed)))
        elif not kept:
            notes.append(tr("the file was changed outside this session (comments or layout): "
                            "kept its changes"))
        if kept:
            notes.append(tr("{ids} changed both in the file and here: your answers here are "
                            "saved").format(ids=", ".join(kept)))
        self._remember(raw, data, doc)
        self.mark = file_lang(raw.decode("utf-8", "replace"))
        return notes

    def render(self, session: Session, lang_mark: str | None) -> bytes:
        """The file's new bytes: its document with the session's changes applied."""
        ours = session.to_submission_dict()
        if self.doc is None:
            text = _plain_dump(session)
            doc = self._rt_load(text.encode("utf-8"))
            if doc is None:  # pragma: no cover - ruamel reads what PyYAML writes
                return text.encode("utf-8")
            self.doc, self.base, self.round_trip = doc, dict(ours), True
            self._set_mark(lang_mark)
            return self._dump()
        if not self.round_trip:
            return _plain_dump(session).encode("utf-8")
        self._apply_header(ours)
        self._apply_answers(ours, session.order)
        self._set_mark(lang_mark)
        return self._dump()

    def _apply_header(self, ours: dict) -> None:
        """Header values the session changed, into the document (others stay as they are)."""
        doc = self.doc
        base_h = _header_of(self.base)
        for k in ("ledcheck", "checklist", "checklist_version"):
            # checklist_version is updated where the file states another one, not added
            if ours.get(k) is not None and self.base.get(k) != ours[k] \
                    and (k != "checklist_version" or k in self.base):
                self._put(doc, k, ours[k], before="answers")
        for k in HEADER_KEYS + KEPT_KEYS:
            v = ours.get(k)
            if v != base_h.get(k) and not (v in (None, "") and base_h.get(k) in (None, "")):
                if v in (None, "") and k != "subject":
                    if k in doc:
                        doc[k] = None
                else:
                    self._put(doc, k, v, before="answers")

    def _apply_answers(self, ours: dict, ask_order: list) -> None:
        """Answers the session changed, into the document: in place (under their comments),
        new ones in ask order; a cleared one stays as a blank entry where it has comments."""
        doc = self.doc
        answers = doc.get("answers")
        if not isinstance(answers, dict):
            from ruamel.yaml.comments import CommentedMap
            answers = CommentedMap()
            doc["answers"] = answers
        base_a, ours_a = _answers_of(self.base), ours["answers"]
        order = {iid: i for i, iid in enumerate(ask_order)}
        for iid in list(ours_a) + [i for i in base_a if i not in ours_a]:
            new, old = ours_a.get(iid), base_a.get(iid)
            if new == old and type(new) is type(old):
                continue
            if new is None:
                if iid in answers:
                    if answers.ca.items.get(iid):
                        answers[iid] = None            # keep its comments (a template's guidance)
                    else:
                        del answers[iid]
                continue
            key = self._key(answers, iid)
            if key in answers:
                answers[key] = _node(new)
            else:
                answers.insert(self._slot(answers, iid, order), iid, _node(new))

    @staticmethod
    def _key(mapping, iid: str):
        """The key of ``iid`` in the file's answers (YAML may have read it as a number)."""
        if iid in mapping:
            return iid
        for k in mapping:
            if str(k) == iid:
                return k
        return iid

    @staticmethod
    def _slot(answers, iid: str, order: dict) -> int:
        """Where a new answer goes: after the answers to indicators asked before it."""
        pos = order.get(iid, len(order))
        keys = list(answers)
        slot = len(keys)
        for i, k in enumerate(keys):
            if order.get(str(k), -1) > pos:
                slot = i
                break
        return slot

    @staticmethod
    def _put(doc, key: str, value, before: str) -> None:
        if key in doc:
            doc[key] = _node(value)
        else:
            keys = list(doc)
            doc.insert(keys.index(before) if before in keys else len(keys), key, _node(value))

    def _set_mark(self, lang: str | None) -> None:
        """Keep ``# ledcheck: lang=LL`` on the ``checklist:`` line (removed for the default)."""
        doc = self.doc
        if doc is None or "checklist" not in doc:
            return
        item = doc.ca.items.get("checklist")
        token = item[2] if item and len(item) > 2 else None
        text = token.value if token is not None else ""
        found = LANG_MARK.search(text)
        if token is not None and found is None:
            return                                 # the user's own comment: left alone
        if lang is None:
            if found is not None:
                doc.ca.items.pop("checklist", None)
            return
        if found is not None and found.group(1) == lang:
            return
        doc.ca.items.pop("checklist", None)
        doc.yaml_add_eol_comment(f"# ledcheck: lang={lang}", "checklist")

    def backup_path(self) -> str:
        """Where the file is copied before a write that cannot keep its layout: ``FILE~``."""
        return self.real + "~"

    def _backup(self) -> None:
        """Copy the file as it is to ``FILE~`` (once) before it is rewritten without its
        comments: nothing the user wrote is lost."""
        import shutil
        if not os.path.exists(self.backup_path()):
            shutil.copy2(self.real, self.backup_path())

    def _dump(self) -> bytes:
        import io
        out = io.StringIO()
        _rt(self.indent).dump(self.doc, out)
        return out.getvalue().encode("utf-8")

    def save(self, session: Session, lang_mark: str | None = None) -> list[str]:
        """Write the session to the file (atomically, through a symlink); first take in what
        was changed on disk meanwhile. Returns notices about such changes. Raises
        :class:`ChangedError` (not saved) and OSError."""
        from .. import yamlio
        from ..yamlio import write_atomic
        notes = self.merge_from_disk(session) if self.changed_on_disk() else []
        data = self.render(session, lang_mark)
        new = yamlio.load_bytes(data, self.path).data
        mark = file_lang(data.decode("utf-8"))
        if self.digest is not None and new == self.base and mark == self.mark:
            return notes                # nothing changed: the file is not touched at all
        check_target(self.path)
        if not self.round_trip and self.digest is not None:
            self._backup()
        write_atomic(self.real, data)
        self.digest = hashlib.sha256(data).hexdigest()
        self.base, self.mark = new, mark
        if not self.round_trip:
            self.doc = self._rt_load(data)
            self.round_trip = self.doc is not None
        return notes


# --------------------------------------------------------------------------- sessions

def load_session(checklist: Checklist, path: str, lang=None, profile: str | None = None,
                 store: Store | None = None) -> Session:
    """A session continuing the submission saved in ``path``, in ``lang`` (else the language
    remembered in the file) and ``profile`` (else the file's ``profile:``).

    Raises what :meth:`Store.read` raises, and ``UnknownProfileError``.
    """
    store = store or Store(path)
    data = store.read(checklist)
    header = _header_of(data)
    if lang is None and store.lang in checklist.languages:
        lang = store.lang
    notes = []
    if profile is None and header.get("profile") is not None:
        from ..profiles import declared
        profile = header["profile"]
        if profile != "all" and profile not in declared(checklist):
            from ..i18n import tr
            notes.append(tr("the file's profile '{profile}' is not one of this checklist's: every "
                            "indicator is asked").format(profile=profile))
            profile = None
    session = Session(checklist, header, _answers_of(data), lang=lang, profile=profile)
    session.notices[:0] = notes
    ver = data.get("checklist_version")
    if ver is not None and str(ver) != checklist.version:
        from ..i18n import tr
        session.notices.append(tr("the file was made with checklist version {old}; it is saved as "
                                  "version {new}").format(old=ver, new=checklist.version))
    if not store.round_trip:
        from ..i18n import tr
        session.notices.append(tr("this file's comments and layout cannot be kept (it uses YAML "
                                  "that the round-trip writer does not read); its data is kept, "
                                  "and the file as it was is copied to {backup}")
                               .format(backup=store.backup_path()))
    return session


def describe_existing(checklist: Checklist, path: str) -> str:
    """What an existing file at ``path`` holds, for the question what to do with it:
    `` (Da Nang City, 12 answers)``, `` (not a submission of this checklist)``..."""
    from .. import yamlio
    from ..kinds import SUBMISSION, kind_of
    try:
        check_target(path)
        data = yamlio.load(path).data
    except LedcheckError:
        return " (not a readable submission)"
    if isinstance(data, dict) and kind_of(data) == SUBMISSION and data.get("checklist") == checklist.id:
        n = sum(1 for v in _answers_of(data).values() if v is not None)
        if not n and not data.get("subject"):
            return " (a blank submission: --resume fills it in)"
        return f" ({data.get('subject') or '-'}, {n} answer{'' if n == 1 else 's'})"
    return " (not a submission of this checklist)"


def checklist_id_of(path: str) -> str | None:
    """The ``checklist:`` id a submission file names (to resume without naming the checklist)."""
    from .. import yamlio
    try:
        check_target(path)
        data = yamlio.load(path).data
    except LedcheckError:
        return None
    cid = data.get("checklist") if isinstance(data, dict) else None
    return cid if isinstance(cid, str) else None


def is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
