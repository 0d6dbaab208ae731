"""Safe YAML reading with positions, and atomic writing.

Every document ledcheck reads goes through :func:`load`: PyYAML's C loader where present (the
pure-Python one otherwise), restricted to plain-data tags, rejecting duplicate keys, alias bombs,
absurd nesting, non-UTF-8 bytes, empty files and files over a size limit. It returns the plain
data *and* the composed node tree, so a caller can find the line of any path only when it has
something to report -- the fast path never walks nodes.
"""
from __future__ import annotations

import contextvars
import gc
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import yaml

from .errors import WARNING, InputError, LoadError, Problem

MAX_BYTES = 10 * 1024 * 1024
"""Default size limit of one input file (``--max-bytes`` / ``LEDCHECK_MAX_BYTES`` change it)."""
MAX_NODES = 1_000_000
"""Largest expanded document (nodes, aliases counted at their full size) that is accepted."""
SCALAR_CHARS_PER_NODE = 100
"""In the expanded size, a scalar weighs one node per this many characters (so the limit is
also about 100 MB of expanded text)."""
MAX_DEPTH = 500
"""Deepest nesting of collections that is accepted."""

if TYPE_CHECKING:  # one class to the type checker, whichever the build provides
    from yaml import SafeLoader as _BaseLoader
    HAVE_LIBYAML: bool
else:
    try:  # pragma: no cover - depends on the build of PyYAML
        _BaseLoader = yaml.CSafeLoader
        HAVE_LIBYAML = True
    except AttributeError:  # pragma: no cover
        _BaseLoader = yaml.SafeLoader
        HAVE_LIBYAML = False

_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):
    """Safe loader for plain data only, that refuses duplicate mapping keys."""

    yaml_constructors = {t: c for t, c in _BaseLoader.yaml_constructors.items() if t in _PLAIN_TAGS}

    def __init__(self, stream):
        super().__init__(stream)
        self._dup_checked: set[int] = set()
        #: A plain scalar resolved as a number written in a YAML 1.1 form that changes its value
        #: (010, 0x1F, 0b101, 1:30) was seen: only then is the document walked for warnings.
        self.odd_numbers = False

    def flatten_mapping(self, node):
        # Checked here, once per node and before merge keys are flattened into it: flattening
        # (also of a node merged into another before it is constructed itself) puts merged keys
        # next to the node's own overriding ones, which are not duplicates.
        if id(node) not in self._dup_checked:
            self._dup_checked.add(id(node))
            self._check_duplicates(node)
        super().flatten_mapping(node)

    def _check_duplicates(self, node) -> None:
        seen: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            # Compare keys as constructed: `yes` and `true`, `1` and `0x1` are one dict key.
            key = self.construct_object(key_node)
            try:
                first = seen.get(key)
            except TypeError:  # pragma: no cover - plain scalars are hashable
                continue
            if first is not None:
                raise _Duplicate(key_node, first)
            seen[key] = key_node

    def construct_undefined(self, node):
        raise _BadTag(node)

    def resolve(self, kind, value, implicit):
        """The implicit tag of a plain scalar depends only on its text: cache it (keys and
        common values repeat in every file of a batch)."""
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if tag in _NUMERIC_TAGS and _odd_number(value):
                    _ODD.add(value)
                if len(value) <= 40:  # keys and short values repeat; long texts rarely do
                    if len(_RESOLVED) >= 4096:  # bounded: memory stays flat in long batches
                        _RESOLVED.clear()
                        _ODD.clear()
                    _RESOLVED[value] = tag
            if value in _ODD:
                self.odd_numbers = True
            return tag
        return super().resolve(kind, value, implicit)


_RESOLVED: dict[str, str] = {}
_ODD: set[str] = set()  # cached values of _RESOLVED that are numbers in an odd YAML 1.1 form
_SCALAR_LOADER = _Loader("")


_Loader.add_constructor(None, _Loader.construct_undefined)


_STR, _INT, _NULL, _BOOL, _MAP, _SEQ = (
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_BOOL_VALUES = _BaseLoader.bool_values


class _Fallback(Exception):
    """The fast constructor met something only PyYAML's constructor handles (merge keys,
    complex keys): construct the document the slow way."""


def _fast_construct(node, loader, memo: dict | None):
    """Plain data from a node tree, as PyYAML's safe constructor would build it, ~3x faster.

    Strings, plain decimal integers, booleans and nulls are built inline; other scalars go to
    PyYAML's own constructors, so their meaning is exactly PyYAML's. ``memo`` (given when the
    document has aliases) keeps shared nodes shared.
    """
    if memo is not None:
        hit = memo.get(id(node))
        if hit is not None:
            return hit
    cls = node.__class__
    tag = node.tag
    if cls is yaml.ScalarNode:
        return scalar_value(node, loader)
    if cls is yaml.MappingNode:
        if tag != _MAP:
            raise _BadTag(node)
        return _fast_mapping(node, loader, memo)
    if tag != _SEQ:
        raise _BadTag(node)
    items: list = []
    if memo is not None:
        memo[id(node)] = items
    for item in node.value:
        items.append(_fast_construct(item, loader, memo))
    return items


def _fast_mapping(node: Any, loader: _Loader, memo: dict | None) -> dict:
    """:func:`_fast_construct` of a plain mapping node: duplicate keys refused, merge keys
    (``<<``) resolved with the node's own keys winning."""
    out: dict = {}
    if memo is not None:
        memo[id(node)] = out
    pairs = node.value
    merges = None
    for knode, vnode in pairs:
        if knode.__class__ is not yaml.ScalarNode:
            raise _Fallback
        if knode.tag == _MERGE_TAG:
            merges = (merges or []) + merge_sources(vnode)
            continue
        out[_fast_construct(knode, loader, None)] = _fast_construct(vnode, loader, memo)
    if len(out) != len(pairs) - (0 if merges is None else sum(k.tag == _MERGE_TAG for k, _ in pairs)):
        loader._check_duplicates(node)
    if merges:
        merged: dict = {}
        for source in merges:  # earlier sources win over later ones, own keys over all
            for k, v in _fast_construct(source, loader, memo).items():
                merged.setdefault(k, v)
        merged.update(out)
        out.clear()
        out.update(merged)
    return out


def merge_sources(vnode) -> list:
    """The mappings a merge key (``<<: *base`` or ``<<: [*a, *b]``) brings in, in order.

    Merge keys are resolved by ledcheck itself, the same way whichever PyYAML is installed
    (PyYAML 6.0.4 changed how a merged mapping that itself merges is flattened).
    """
    if vnode.__class__ is yaml.MappingNode:
        return [vnode]
    if vnode.__class__ is yaml.SequenceNode and all(n.__class__ is yaml.MappingNode for n in vnode.value):
        return list(vnode.value)
    raise yaml.constructor.ConstructorError(
        "while constructing a mapping", None,
        "a merge key '<<' takes a mapping or a list of mappings (e.g. <<: *base)", vnode.start_mark)


def scalar_value(node, loader=None):
    """The value of a scalar node, as PyYAML's safe constructor builds it (plain tags only)."""
    v = node.value
    tag = node.tag
    if tag == _STR:
        return v
    if tag == _INT and v.isdigit() and (v[0] != "0" or len(v) == 1):
        return int(v)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOL_VALUES[v.lower()]
    loader = loader or _SCALAR_LOADER
    ctor = loader.yaml_constructors.get(tag)
    if ctor is None or tag in (_MAP, _SEQ):
        raise _BadTag(node)
    return ctor(loader, node)


class _Duplicate(Exception):
    def __init__(self, node, first):
        self.node, self.first = node, first


class _BadTag(Exception):
    def __init__(self, node):
        self.node = node


@dataclass
class Document:
    """A loaded YAML file: its data, its node tree (for positions) and the hash of its bytes."""

    path: str
    data: Any
    node: Any
    sha256: str
    _locate_index: dict = field(default_factory=dict, repr=False, compare=False)
    warnings: list = field(default_factory=list, compare=False)
    """Located warnings of the YAML itself (:class:`ledcheck.errors.Problem`, rule ``yaml-number``:
    numbers in YAML 1.1 forms such as ``010``, ``0x1F``, ``1:30``); callers add them to the
    file's problems."""
    aliases: dict = field(default_factory=dict, repr=False, compare=False)
    """Where each alias is written: ``{(id(parent node), child index): mark}`` (see
    :func:`alias_marks`), so a problem in an aliased value points at the alias, not the anchor."""

    def locate(self, path: tuple) -> tuple[int, int]:
        """1-based (line, col) of the value at ``path`` (keys and indexes), or of its nearest parent."""
        return locate(self.node, path, index=self._index(), aliases=self.aliases)

    def locate_key(self, path: tuple) -> tuple[int, int]:
        """1-based (line, col) of the *key* that ends ``path`` (for unknown or misplaced keys)."""
        return locate(self.node, path, key=True, index=self._index(), aliases=self.aliases)

    def _index(self) -> dict:
        # per-document cache of mapping indexes: a file with 10,000 problems is located in
        # linear time, not quadratic
        return self._locate_index


def read_bytes(path: str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """Read a file, refusing folders, unreadable paths and files over ``max_bytes``."""
    name = str(path)
    limit = max_bytes if max_bytes is not None else _env_max_bytes()
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if limit and size > limit:
                raise LoadError(f"file is {size:,} bytes, over the limit of {limit:,} bytes "
                                f"(--max-bytes raises it)", name, 1, 1)
            data = fh.read(limit + 1 if limit else -1)
    except IsADirectoryError:
        raise InputError("is a folder, not a file", name) from None
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    if limit and len(data) > limit:
        raise LoadError(f"file is over the limit of {limit:,} bytes (--max-bytes raises it)", name, 1, 1)
    return data


def _env_max_bytes() -> int:
    raw = os.environ.get("LEDCHECK_MAX_BYTES")
    if raw and raw.isdigit():
        return int(raw)
    return MAX_BYTES


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); anything else is an error at the bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start:exc.start].decode("utf-8", "replace")) + 1  # in characters, as YAML counts
        raise LoadError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded; "
                        f"save the file as UTF-8", name, line, col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        pos = text.index("\x00")
        line = text.count("\n", 0, pos) + 1
        raise LoadError("binary file: contains a NUL byte", name, line,
                        pos - (text.rfind("\n", 0, pos) + 1) + 1)
    return text


def load(path: str | os.PathLike, max_bytes: int | None = None, build=None) -> Document:
    """Read and parse one YAML file safely (see the module docstring for what is refused)."""
    data = read_bytes(path, max_bytes)
    return load_bytes(data, str(path), build)


def load_bytes(data: bytes, name: str, build=None) -> Document:
    """Parse bytes already read from ``name``; same checks as :func:`load`."""
    text = decode(data, name)
    digest = hashlib.sha256(data).hexdigest()
    node, value, aliases, odd = _parse(text, name, build)
    warnings = number_form_warnings(node, text, name) if odd else []
    return Document(name, value, node, digest, warnings=warnings, aliases=aliases)


_NEST_RUN = re.compile(r"(?:[-?][ \t]+){24,}")
# Block nesting needs indentation: a line indented this far may be hundreds of levels deep.
_DEEP_INDENT = re.compile(r"^[ \t]{200}", re.M)


DEFAULT = object()
"""What a ``build`` function returns to have the document constructed the default way."""


def parse_text(text: str, name: str = "<string>", build=None) -> tuple[Any, Any]:
    """Compose and construct one YAML document: returns (node, data).

    ``build(node)``, when given, builds the data instead of the default constructor (the
    checklist validator builds its position-aware tree directly); it must refuse what the
    default refuses: duplicate keys (raise ``_Duplicate``), other tags (``_BadTag``), and resolve
    merge keys (:func:`merge_sources`). It may return :data:`DEFAULT` to have the document
    constructed the default way.
    """
    node, value, _, _ = _parse(text, name, build)
    return node, value


#: Alias positions of the document being built (read by :func:`located`).
_ALIAS_MARKS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("ledcheck_alias_marks", default=None)


def _parse(text: str, name: str, build=None) -> tuple[Any, Any, dict, bool]:
    """:func:`parse_text`, also returning where the aliases are written (:func:`alias_marks`)."""
    if not text.strip() or _only_comments(text):
        raise LoadError("empty file: expected a YAML mapping", name, 1, 1)
    if text.count("[") + text.count("{") > MAX_DEPTH - 100:
        _check_flow_depth(text, name)
    if _DEEP_INDENT.search(text) or (
            ("- -" in text or "? ?" in text or "-\t" in text or "?\t" in text) and _NEST_RUN.search(text)):
        _check_depth(text, name)
    loader = _Loader(text)
    # Composing allocates a node object per value and no reference cycles: the cyclic garbage
    # collector only slows it down (4-6x on a 2,000-indicator checklist), so it pauses here.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        if node is None:
            raise LoadError("empty file: expected a YAML mapping", name, 1, 1)
        value, marks = _construct(node, loader, text, name, build)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name, text) from None
    except yaml.YAMLError as exc:
        raise _other_error(exc, text, name) from None
    except _Duplicate as dup:
        m, f = dup.node.start_mark, dup.first.start_mark
        was = f" as '{dup.first.value}'" if dup.first.value != dup.node.value else ""
        raise _in_context(_ruled(LoadError(
            f"duplicate key '{_cut(dup.node.value)}' (first defined on line {f.line + 1}{was}); "
            "YAML would silently keep only the last one", name, m.line + 1, m.column + 1), "duplicate-key"),
            text) from None
    except _BadTag as bad:
        m = bad.node.start_mark
        tag = bad.node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _in_context(_ruled(LoadError(
            f"tag '{_cut(tag)}' is not allowed: only plain data (strings, numbers, booleans, dates, lists, "
            "maps) is accepted", name, m.line + 1, m.column + 1), "tag"), text) from None
    except RecursionError:
        raise LoadError(f"nesting is too deep (over {MAX_DEPTH} levels)", name, 1, 1) from None
    except (ValueError, OverflowError) as exc:  # an impossible date such as 2026-13-01
        raise _bad_value_error(exc, node, loader, name) from None
    finally:
        loader.dispose()
        if gc_was_enabled:
            gc.enable()
    return node, value, marks, loader.odd_numbers


def _construct(node: Any, loader: _Loader, text: str, name: str, build: Any) -> tuple[Any, dict]:
    """The value of a composed document (``build``'s when it gives one, else plain data) and
    where its aliases are written (empty without aliases)."""
    aliases = "*" in text
    marks: dict = {}
    if aliases and _check_expansion(node, name):
        marks = alias_marks(text, node)
    value = DEFAULT
    if build is not None:
        token = _ALIAS_MARKS.set(marks or None)
        try:
            value = build(node)
        finally:
            _ALIAS_MARKS.reset(token)
    if value is DEFAULT:
        try:
            value = _fast_construct(node, loader, {} if aliases else None)
        except _Fallback:
            value = loader.construct_document(node)
    return value, marks


def _bad_value_error(exc: Exception, root: Any, loader: _Loader, name: str) -> LoadError:
    """The error for a scalar PyYAML cannot construct (``exc``), at that scalar when found."""
    bad = _bad_scalar(root, loader)
    if bad is None:
        return LoadError(f"cannot read a value: {exc}", name, 1, 1)
    m = bad.start_mark
    return LoadError(f"'{_cut(bad.value)}' is not a valid date or time ({exc}); quote it to keep it as text",
                     name, m.line + 1, m.column + 1)


def _ruled(err: LoadError, rule: str) -> LoadError:
    """``err`` naming the more specific rule ``rule`` (registered in :mod:`ledcheck.rules`)."""
    err.rule = rule
    return err


def _cut(text: str, limit: int = 40) -> str:
    """A value echoed in a message, cut to ``limit`` characters."""
    return text if len(text) <= limit else text[:limit] + "…"


def _bad_scalar(root, loader):
    """The first scalar node that cannot be constructed (for a position in the message)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            ctor = loader.yaml_constructors.get(node.tag)
            try:
                if ctor is not None:
                    ctor(loader, node)
            except (ValueError, OverflowError):
                return node
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack.extend((v, k))
        else:
            stack.extend(reversed(node.value))
    return None


def _only_comments(text: str) -> bool:
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#") and s not in ("---", "..."):
            return False
    return True


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str | None = None) -> LoadError:
    """The parser's error at its position, with (when the text is known) a one-line hint in plain
    words for the common hand-editing mistakes and the line shown with a caret
    (:func:`syntax_hint`, :func:`_in_context`)."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if exc.context:
        problem = f"{problem} ({exc.context}"
        if exc.context_mark is not None and exc.problem_mark is not None and \
                exc.context_mark.line != exc.problem_mark.line:
            problem += f" on line {exc.context_mark.line + 1}"
        problem += ")"
    if "could not determine a constructor" in problem:
        problem = "this tag is not allowed: only plain data is accepted"
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    hint, where = _diagnose(exc, text.splitlines()) if text is not None else (None, None)
    err = LoadError(f"YAML syntax error: {problem}" + (f". {hint}" if hint else ""), name, line, col)
    setattr(err, "hint", hint)  # noqa: B010 - LoadError declares no such attribute (errors.py)
    if text is not None:
        # the line of the mistake the hint names (a colon without its space on the line above),
        # else the line where the parser stopped
        setattr(err, "context", context_lines(text, *(where or (line, col))))  # noqa: B010
    return _ruled(err, "tag") if problem.startswith("this tag is not allowed") else err


# --------------------------------------------------------------------------- hints (issue 10)
# The common hand-editing mistakes, told in words an M&E officer understands. Each hint is one
# sentence; it is added to the parser's message and kept in ``LoadError.hint``.

_HINTS = {
    "en": {
        "tab": "YAML indents with spaces, not tabs: replace the tab on line {line} with spaces.",
        "space": "Put a space after the colon on line {line}: write '{fixed}'.",
        "quote": "The quote opened on line {line} is never closed: add the closing {q} at the end of the "
                 "text.",
        "bracket": "The '{open}' opened on line {line} is not closed: add '{close}' where it ends, "
                   "or put the text in quotes if the brackets are part of it.",
        "deeper": "Line {line} is indented further than line {prev} above it: keys of one mapping start in "
                  "the same column (column {col}).",
        "item": "This line is not lined up with the lines before it: the items ('- ') of one list, and the "
                "keys of one mapping, start in the same column (column {col} on line {line}).",
        "colon": "A text that contains ': ' must be in quotes: write '{fixed}'.",
    },
    "vi": {
        "tab": "YAML thụt đầu dòng bằng dấu cách, không dùng phím Tab: thay dấu Tab ở dòng {line} bằng dấu cách.",
        "space": "Thêm một dấu cách sau dấu hai chấm ở dòng {line}: viết '{fixed}'.",
        "quote": "Dấu nháy mở ở dòng {line} chưa được đóng: thêm {q} ở cuối đoạn văn bản.",
        "bracket": "Dấu '{open}' mở ở dòng {line} chưa được đóng: thêm '{close}' ở chỗ kết thúc, hoặc đặt "
                   "đoạn văn bản trong dấu nháy nếu dấu ngoặc là một phần của nó.",
        "deeper": "Dòng {line} thụt vào sâu hơn dòng {prev} phía trên: các khóa của một bảng bắt đầu ở cùng "
                  "một cột (cột {col}).",
        "item": "Dòng này không thẳng hàng với các dòng phía trên: các mục ('- ') của một danh sách, và các "
                "khóa của một bảng, bắt đầu ở cùng một cột (cột {col} ở dòng {line}).",
        "colon": "Văn bản có chứa ': ' phải đặt trong dấu nháy: viết '{fixed}'.",
    },
}
#: ``key:value`` (no space after the colon) at the start of a line or list item; not ``http://``.
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"{}\[\],:&*!|>-][^\s:#]*):(?=[^\s:/])(\S.*)$")
#: ``key: value`` on one line; group 1 runs up to the key (indentation and list dashes).
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)*)[^\s#'\"{}\[\]:,][^:#]*:\s+[^\s#|>]")
#: ``key: text: more`` (a colon and space inside an unquoted text).
_COLON_IN_TEXT = re.compile(r"^(\s*(?:-\s+)*[^\s#'\"{}\[\]:][^:#]*?:\s+)([^'\"\[{|>&*!#][^#]*?:\s.*)$")


def syntax_hint(exc: yaml.MarkedYAMLError, lines: list[str], lang: str = "en") -> str | None:
    """A one-line hint in plain words for a YAML syntax error, or None when it is not one of the
    common hand-editing mistakes: a tab, a missing space after a colon, an unclosed quote or
    bracket, a list item or key at the wrong indent, an unquoted ': ' in a text."""
    return _diagnose(exc, lines, lang)[0]


def _diagnose(exc: yaml.MarkedYAMLError, lines: list[str],
              lang: str = "en") -> tuple[str | None, tuple[int, int] | None]:
    """:func:`syntax_hint` and the 1-based (line, column) of the mistake it names, when that is
    not where the parser stopped (the colon without a space, the tab, the opening quote)."""
    words = _HINTS.get(lang, _HINTS["en"])
    problem, context = exc.problem or "", exc.context or ""
    pm, cm = exc.problem_mark, exc.context_mark
    pline = pm.line if pm is not None else (cm.line if cm is not None else 0)
    cline = cm.line if cm is not None else pline

    def text_of(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    if "tab" in problem or (pm is not None and text_of(pm.line)[pm.column:pm.column + 1] == "\t"):
        tab_line = next((n for n in (pline, pline - 1) if "\t" in text_of(n)), pline)
        return (words["tab"].format(line=tab_line + 1),
                (tab_line + 1, text_of(tab_line).find("\t") + 1) if "\t" in text_of(tab_line) else None)
    if "quoted scalar" in context and cm is not None:
        q = text_of(cm.line)[cm.column:cm.column + 1] or '"'
        return words["quote"].format(line=cm.line + 1, q=q), (cm.line + 1, cm.column + 1)
    if ("flow sequence" in context or "flow mapping" in context) and cm is not None:
        opened = "[" if "sequence" in context else "{"
        return (words["bracket"].format(line=cm.line + 1, open=opened, close="]" if opened == "[" else "}"),
                (cm.line + 1, cm.column + 1))
    for n in sorted({cline, pline, pline - 1}, reverse=True):   # the nearest line above the error first
        m = _NO_SPACE.match(text_of(n))
        if m and n <= pline:
            return (words["space"].format(line=n + 1, fixed=f"{m.group(2)}: {m.group(3)}"),
                    (n + 1, len(m.group(1)) + len(m.group(2)) + 1))
    if "mapping values are not allowed" in problem:
        prev = next((n for n in range(pline - 1, -1, -1)
                     if text_of(n).strip() and not text_of(n).lstrip().startswith("#")), None)
        here = text_of(pline)
        kv = _KEY_VALUE.match(text_of(prev)) if prev is not None else None
        if kv is not None and prev is not None:
            indent_here = len(here) - len(here.lstrip(" "))
            key_col = len(kv.group(1))
            if indent_here > key_col:
                return (words["deeper"].format(line=pline + 1, prev=prev + 1, col=key_col + 1),
                        (pline + 1, indent_here + 1))
        m = _COLON_IN_TEXT.match(here)
        if m:
            return words["colon"].format(fixed=_cut(f'{m.group(1)}"{m.group(2).rstrip()}"'.strip(), 60)), None
    if ("expected '-' indicator" in problem or "expected key" in problem
            or "expected <block end>" in problem) and cm is not None:
        return words["item"].format(line=cm.line + 1, col=cm.column + 1), None
    return None, None


CONTEXT_WIDTH = 100
"""Characters of a source line shown in an error's context."""


def context_lines(text: str, line: int, col: int) -> str | None:
    """The source line ``line`` (1-based) after its number, and a caret under column ``col``, for
    showing under an error as compilers do (tabs shown as '→', so the caret lines up; long lines
    cut around the column)::

           2 | id:demo
             |   ^

    A position past the last line (an error at the end of the file) shows the last line."""
    lines = text.splitlines()
    if not lines or line < 1:
        return None
    if line > len(lines):
        line, col = len(lines), len(lines[-1].replace("\t", "→")) + 1
    src = lines[line - 1].replace("\t", "→")
    col = max(1, col)
    start = 0
    if len(src) > CONTEXT_WIDTH:
        start = max(0, min(col - 1 - CONTEXT_WIDTH // 2, len(src) - CONTEXT_WIDTH))
        more = start + CONTEXT_WIDTH < len(src)
        src = ("…" if start else "") + src[start:start + CONTEXT_WIDTH] + ("…" if more else "")
        col = col - start + (1 if start else 0)
    gutter = f"{line:>5} | "
    return f"{gutter}{src}\n{' ' * (len(gutter) - 2)}| {' ' * (col - 1)}^"


def _in_context(err: LoadError, text: str) -> LoadError:
    """``err`` with ``err.context``: its source line and a caret line (:func:`context_lines`)."""
    if err.line:
        setattr(err, "context", context_lines(text, err.line, err.col))  # noqa: B010 - see _syntax_error
    return err


_FLOW_TOKENS = re.compile(r"""[\[\]{}]|'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|(?:(?<=\s)|^)\#[^\n]*""", re.M)


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse absurd flow nesting (``[[[[...``) from the text itself, before the parser sees it:
    libyaml scans ahead and stops at its own limit of 1,000 levels with a less helpful message
    (PyYAML 6.0.4), or recurses into it and crashes (6.0.3). Brackets in quoted strings and
    comments do not count, nor brackets inside plain texts ('in the range [0, 100)'): a bracket
    counts only where a flow collection can start (after ':', '-', '?', ',', another bracket, or
    at the start of a line). What still looks too deep is confirmed by PyYAML's pure-Python
    parser, which counts only real collections and does not recurse, so a block text full of
    brackets is never refused."""
    depth = 0
    for m in _FLOW_TOKENS.finditer(text):
        c = m.group()
        if c == "[" or c == "{":
            if depth == 0 and not _may_open_flow(text, m.start()):
                continue
            depth += 1
            if depth > MAX_DEPTH:
                # the text up to here is enough to confirm real nesting (and quick to parse);
                # a false alarm (brackets in a block text) is settled on the whole text
                _confirm_depth(text[:m.end() + 1], name, partial=True)
                _confirm_depth(text, name)
                return
        elif c == "]" or c == "}":
            depth = max(0, depth - 1)


def _may_open_flow(text: str, pos: int) -> bool:
    """Whether a bracket at ``pos`` (outside any flow collection) can start one: the text before
    it on its line is empty or ends with ':', '-', '?' (then spaces), or an anchor or tag."""
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos].rstrip(" \t")
    if not before:
        return True
    if before[-1] in ":-?":
        return True
    last = before.split()[-1]
    return last[0] in "&!"


def _confirm_depth(text: str, name: str, partial: bool = False, loader: Any = yaml.SafeLoader) -> None:
    """Count the nesting of real collections with ``loader``'s parser (by default the
    pure-Python one, a state machine safe on any depth) and refuse the document past
    :data:`MAX_DEPTH`, at the collection that is too deep. ``partial``: ``text`` is a prefix of
    the document, whose syntax errors (at its cut end) mean nothing."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    raise LoadError(f"nesting is too deep (over {MAX_DEPTH} levels)", name,
                                    m.line + 1, m.column + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if partial:
            return
        if isinstance(exc, yaml.MarkedYAMLError):
            raise _syntax_error(exc, name, text) from None
        raise _other_error(exc, text, name) from None


def _check_depth(text: str, name: str) -> None:
    """Refuse absurd nesting before the C composer recurses into it (it would crash)."""
    _confirm_depth(text, name, loader=_BaseLoader)


def _other_error(exc: yaml.YAMLError, text: str, name: str) -> LoadError:
    """A YAML error without a mark (such as a control character the reader refuses), placed by
    its character position where it has one."""
    if isinstance(exc, yaml.reader.ReaderError):
        pos = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character
        code = ord(char) if isinstance(char, str) else char
        shown = f"#x{code:04x}" if isinstance(code, int) else repr(char)
        return LoadError(f"character {shown} is not allowed in YAML ({exc.reason})", name, line, col)
    return LoadError(f"YAML error: {exc}", name, 1, 1)


def _check_expansion(root, name: str) -> bool:
    """Refuse a document whose aliases expand far beyond any real file (billion laughs), or
    that refers to itself; returns whether any node is shared (the document has aliases).

    Sizes are memoised per node, so this costs one visit per distinct node however large the
    expansion would be.
    """
    sizes: dict[int, int] = {}
    refs = 1   # references to nodes: more than the distinct nodes means aliases
    open_: set[int] = set()   # collections being measured: meeting one again is a cycle
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if not done and key in open_:
            m = node.start_mark
            raise _ruled(LoadError("an alias refers to the collection that contains it, so it would never "
                                   "end (a recursive alias); refusing to load it", name, m.line + 1,
                                   m.column + 1), "alias-bomb")
        if isinstance(node, yaml.ScalarNode):
            # a long string counts for its length: 20,000 aliases of one 500 kB string are a
            # 10 GB document, however few nodes it has
            sizes[key] = 1 + len(node.value) // SCALAR_CHARS_PER_NODE
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) \
            else list(node.value)
        if not done:
            open_.add(key)
            refs += len(children)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            if len(stack) > MAX_NODES:  # more edges than any real checklist has nodes
                m = node.start_mark
                raise _ruled(LoadError(f"this document has over {MAX_NODES:,} nodes; refusing to load it",
                                       name, m.line + 1, m.column + 1), "alias-bomb")
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        sizes[key] = total
        open_.discard(key)
        if total > MAX_NODES:
            m = node.start_mark
            raise _ruled(LoadError(f"aliases expand this document to over {MAX_NODES:,} nodes "
                                   "(a 'billion laughs' document); refusing to load it", name,
                                   m.line + 1, m.column + 1), "alias-bomb")
    return refs > len(sizes)


def _children(node):
    """``(index, child)`` of a collection node in document order: a mapping's key at ``2i`` and
    value at ``2i + 1``, a sequence's items at their index."""
    if isinstance(node, yaml.MappingNode):
        for i, (k, v) in enumerate(node.value):
            yield 2 * i, k
            yield 2 * i + 1, v
    else:
        yield from enumerate(node.value)


def alias_marks(text: str, root) -> dict:
    """Where each alias of the document is written: ``{(id(parent node), child index): mark}``.

    The composer replaces an alias by its anchor's node, whose position is the anchor's; so that
    a problem in an aliased value points at the alias, the parser's events (which keep the
    alias's position) are walked along the node tree (before merge keys are flattened). Returns
    ``{}`` when the two do not line up (which would be a bug, never a wrong position).
    """
    events = (e for e in yaml.parse(text, Loader=_BaseLoader)
              if not isinstance(e, (yaml.StreamStartEvent, yaml.DocumentStartEvent)))
    out: dict = {}
    first = next(events, None)
    if not isinstance(first, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        return out
    stack = [(root, _children(root))]
    try:
        while stack:
            parent, kids = stack[-1]
            nxt = next(kids, None)
            event = next(events)
            if nxt is None:
                if not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    return {}
                stack.pop()
                continue
            idx, child = nxt
            if isinstance(event, yaml.AliasEvent):
                out[(id(parent), idx)] = event.start_mark
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if isinstance(child, yaml.ScalarNode):
                    return {}
                stack.append((child, _children(child)))
            elif not isinstance(child, yaml.ScalarNode):
                return {}
    except (StopIteration, yaml.YAMLError):
        return {}
    return out


# YAML 1.1 number forms that change what a value means (issue 9): 010 is 8, 0x1F is 31, 0b101 is
# 5, 1:30 is 90. YAML 1.2 tools (and people) read them otherwise.
_NUMBER_FORMS = (
    (re.compile(r"[-+]?0[0-7_]+\Z"), "an octal number"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+\Z"), "a hexadecimal number"),
    (re.compile(r"[-+]?0b[01_]+\Z"), "a binary number"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z"), "a base-60 number (minutes:seconds)"),
)
#: A cheap look at the text first: most documents have none of these forms.
#: A candidate must stand alone as a plain scalar (starting a value: after ': ', '- ', '[' or ',' or
#: at a line start, and ending it), so dates (2026-05-01) and times inside texts do not send every file through
#: the walk: on 2,000 typical submissions the walk cost a quarter of the scoring time.
_NUMBER_FORM_HINT = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[\[,][ \t]*)"   # the start of a value
    r"[-+]?(?:0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
    r"[ \t]*(?:$|[,\]}#]|:(?=\s|$))", re.M)
_NUMERIC_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _odd_number(value: str) -> bool:
    """Whether a scalar resolved as a number is written in one of the :data:`_NUMBER_FORMS`."""
    v = value.lstrip("+-")
    if ":" not in v and not (len(v) > 1 and v[0] == "0" and v[1] not in ".eE"):
        return False
    return any(rx.match(value) for rx, _ in _NUMBER_FORMS)


def number_form_warnings(root, text: str, name: str = "") -> list[Problem]:
    """Warnings (rule ``yaml-number``) for plain scalars that YAML 1.1 reads as numbers in a form
    that changes their value (``010`` -> 8, ``0x1F`` -> 31, ``0b101`` -> 5, ``1:30`` -> 90), each
    at its position with its path, the value as read and "quote it or write it in decimal".

    :attr:`Document.warnings` holds them for every loaded document; a node shared by aliases
    is reported once, at the anchor.
    """
    if root is None or not _NUMBER_FORM_HINT.search(text):
        return []
    out: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _NUMERIC_TAGS and not node.style:
                kind = next((k for rx, k in _NUMBER_FORMS if rx.match(node.value)), None)
                if kind is not None:
                    try:
                        value = scalar_value(node)
                    except Exception:  # noqa: BLE001 - an unconstructible value is reported elsewhere
                        continue
                    m = node.start_mark
                    raw = _cut(node.value, 20)
                    out.append(Problem(
                        WARNING, f"'{raw}' is read as {_cut(str(value), 20)}: YAML 1.1 takes it for {kind}; "
                                 f"quote it (\"{raw}\") or write it in decimal", m.line + 1, m.column + 1,
                        path, "yaml-number", name))
            continue
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                stack.append((v, f"{path}.{key}" if path else key))
                stack.append((k, path))
        else:
            for i in range(len(node.value) - 1, -1, -1):
                stack.append((node.value[i], f"{path}[{i}]"))
    out.sort(key=lambda p: (p.line, p.col))
    return out


def locate(node, path: tuple, key: bool = False, index: dict | None = None,
           aliases: dict | None = None) -> tuple[int, int]:
    """1-based position of the node at ``path`` (or of the deepest part of it that exists).

    ``index`` (a dict the caller keeps per document) caches each mapping's keys, so that many
    look-ups in one document cost linear time. ``aliases`` (:attr:`Document.aliases`) makes a
    value written as an alias point at the alias, not at its anchor.
    """
    if node is None:
        return (1, 1)
    best = node.start_mark
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = None
            if index is not None and isinstance(part, str):
                keys = index.get(id(node))
                if keys is None:
                    keys = index[id(node)] = {}
                    for i, (k, v) in enumerate(node.value):  # the last equal key wins, as in the data
                        if isinstance(k, yaml.ScalarNode):
                            keys[k.value] = (k, v, i)
                found = keys.get(part)
            if found is None:
                found = _scan(node, part)
            if found is None:
                break
            best = found[0].start_mark if key and part is path[-1] else found[1].start_mark
            if aliases and not (key and part is path[-1]):
                best = aliases.get((id(node), 2 * found[2] + 1), best)
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            parent, node = node, node.value[part]
            best = aliases.get((id(parent), part), node.start_mark) if aliases else node.start_mark
        else:
            break
    return (best.line + 1, best.column + 1)  # as mark(), from a mark rather than a node


def _scan(node, part):
    found = None
    for i, (k, v) in enumerate(node.value):  # the last equal key wins, as in the data
        if isinstance(k, yaml.ScalarNode) and _key_matches(k, part):
            found = (k, v, i)
    return found


def _key_matches(knode, part) -> bool:
    """Whether the key node is the key ``part`` of the data: as written (``"S1"``), or as YAML
    reads it (``~`` is None, ``0x1F`` is 31, ``1.0`` is 1.0, ``yes`` is True)."""
    if knode.value == part:
        return True
    if isinstance(part, str):
        return False
    try:
        value = scalar_value(knode)
    except Exception:  # noqa: BLE001 - an unconstructible key matches nothing
        return False
    return value == part and isinstance(value, bool) == isinstance(part, bool)


# --------------------------------------------------------------------------- the located tree
# Plain values whose maps and lists remember the nodes they came from, so a checker can say where
# each key and value is without a second walk over the nodes (:func:`locate` is for paths).

def mark(node) -> tuple[int, int]:
    """1-based (line, col) where ``node`` starts."""
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _KeyPositions:
    """1-based positions of a mapping's keys, computed from their nodes only when asked."""

    __slots__ = ("knodes",)

    def __init__(self, knodes: dict):
        self.knodes = knodes

    def __getitem__(self, key):
        return mark(self.knodes[key])

    def get(self, key, default=None):
        knode = self.knodes.get(key)
        return mark(knode) if knode is not None else default


class LMap(dict):
    """A mapping from the file that remembers where each key and value is (positions are
    computed from the nodes when a message needs them)."""

    __slots__ = ("node", "knode", "vnode", "kraw", "apos")

    def __init__(self, node):
        super().__init__()
        self.node = node
        self.knode: dict = {}
        self.vnode: dict = {}
        self.kraw: dict = {}  # the key as written, where it is not a string (`yes:`, `1:`, `~:`)
        self.apos: dict = {}  # key -> 1-based position of the alias its value is written as

    @property
    def pos(self) -> tuple[int, int]:
        return mark(self.node)

    @property
    def kpos(self) -> _KeyPositions:
        return _KeyPositions(self.knode)


class LList(list):
    __slots__ = ("node", "nodes", "apos")

    def __init__(self, node):
        super().__init__()
        self.node = node
        self.nodes: list = []
        self.apos: dict = {}  # index -> 1-based position of the alias the item is written as

    @property
    def pos(self) -> tuple[int, int]:
        return mark(self.node)


_ScalarNode, _MappingNode = yaml.ScalarNode, yaml.MappingNode


_NO_DATA = object()


def located(node, memo: dict | None = None, data=_NO_DATA, strict: bool = False):
    """Turn a composed node tree into plain values whose maps and lists know the position of
    every part. ``memo`` keeps nodes shared by aliases shared; ``data``, the document as already
    constructed, saves building every scalar a second time. ``strict`` (a document that was not
    constructed first, see :func:`build_located`) makes it refuse what the constructor would:
    duplicate keys and tags other than plain data."""
    cls = node.__class__
    if cls is _ScalarNode:
        if data is not _NO_DATA:
            return data
        try:
            return scalar_value(node)
        except _BadTag:
            if strict:
                raise
            return node.value
    if memo is not None:
        hit = memo.get(id(node))
        if hit is not None:
            return hit
    have = data is not _NO_DATA and isinstance(data, (dict, list))
    if cls is _MappingNode:
        return _located_map(node, memo, data if have and isinstance(data, dict) else None, strict)
    items = data if have and isinstance(data, list) and len(data) == len(node.value) else None
    return _located_list(node, memo, items, strict)


def _located_map(node: Any, memo: dict | None, data: dict | None, strict: bool) -> LMap:
    """:func:`located` of a mapping node (``data``: its constructed value, when known)."""
    if strict and node.tag != _MAP:
        raise _BadTag(node)
    out = LMap(node)
    if memo is not None:
        memo[id(node)] = out
    merges = []
    marks = _ALIAS_MARKS.get()
    for pair, (knode, vnode) in enumerate(node.value):
        if knode.tag == _MERGE_TAG:
            merges += merge_sources(vnode)
            continue
        k = located(knode, memo, _NO_DATA, strict)
        if isinstance(k, (dict, list)):
            if strict:  # refused as PyYAML's own constructor refuses it (the fast path's error)
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", knode.start_mark)
            k = str(k)
        if k in out:
            if strict:
                raise _Duplicate(knode, out.knode[k])
            del out[k]
        sub = data.get(k, _NO_DATA) if data is not None else _NO_DATA
        out[k] = located(vnode, memo, sub, strict)
        out.knode[k] = knode
        out.vnode[k] = vnode
        if k.__class__ is not str and knode.__class__ is _ScalarNode:
            out.kraw[k] = knode.value
        if marks:
            _alias_at(out, k, marks, node, 2 * pair + 1)
    for source in merges:  # own keys win over merged ones, earlier sources over later ones
        _merge_into(out, located(source, memo, _NO_DATA, strict))
    return out


def _located_list(node: Any, memo: dict | None, items: list | None, strict: bool) -> LList:
    """:func:`located` of a sequence node (``items``: its constructed items, when known)."""
    if strict and node.tag != _SEQ:
        raise _BadTag(node)
    out = LList(node)
    if memo is not None:
        memo[id(node)] = out
    marks = _ALIAS_MARKS.get()
    for i, item in enumerate(node.value):
        out.append(located(item, memo, items[i] if items is not None else _NO_DATA, strict))
        out.nodes.append(item)
        if marks:
            _alias_at(out, i, marks, node, i)
    return out


def _merge_into(out: LMap, src: LMap) -> None:
    """The keys of a merged mapping ``src`` that ``out`` does not have, with their positions."""
    for k, v in src.items():
        if k not in out:
            out[k] = v
            out.knode[k] = src.knode[k]
            out.vnode[k] = src.vnode[k]
            if k in src.kraw:
                out.kraw[k] = src.kraw[k]
            if k in src.apos:
                out.apos[k] = src.apos[k]


def _alias_at(out, key, marks: dict, node, index: int) -> None:
    """Remember in ``out.apos`` where ``out[key]`` is written as an alias, if it is one."""
    am = marks.get((id(node), index))
    if am is not None:
        out.apos[key] = (am.line + 1, am.column + 1)


def build_located(node):
    """A ``build`` for :func:`ledcheck.load`: the position-aware tree straight from the
    nodes, so a checklist is built once, not constructed and then walked again."""
    return located(node, {}, _NO_DATA, strict=True)


def raw_text(parent, key) -> str:
    """The source text of a scalar, for messages ("quote it: 'yes'")."""
    node = parent.vnode.get(key) if isinstance(parent, LMap) else (
        parent.nodes[key] if isinstance(parent, LList) and 0 <= key < len(parent.nodes) else None)
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def value_pos(parent, key) -> tuple[int, int]:
    """1-based position of ``parent[key]`` in a located tree (the parent's, when not found)."""
    if isinstance(parent, LMap):
        if parent.apos and key in parent.apos:   # written as an alias: there, not at the anchor
            return parent.apos[key]
        v = parent.get(key)
        if isinstance(v, (LMap, LList)):
            return v.pos
        node = parent.vnode.get(key)
        return mark(node) if node is not None else parent.pos
    if isinstance(parent, LList):
        if parent.apos and key in parent.apos:
            return parent.apos[key]
        return mark(parent.nodes[key]) if 0 <= key < len(parent.nodes) else parent.pos
    return (1, 1)


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb") -> Iterator[IO[Any]]:
    """Write ``path`` through a temporary file in the same folder, renamed over it on success.

    A crash or kill mid-write leaves the old file (if any) untouched and no partial file behind
    under the final name.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        text = "b" not in mode
        with os.fdopen(fd, mode, encoding="utf-8" if text else None, newline="" if text else None) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode_bits = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode_bits = 0o666 & ~umask
        os.chmod(tmp, mode_bits)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def is_device(path: str | os.PathLike) -> bool:
    """True for an output that is not a file to replace atomically: anything under /dev or /proc
    (``-o /dev/stdout`` is a symlink into /proc; replacing it, as root, would break /dev/stdout)
    and whatever is, after symlinks, not a regular file (a device, a FIFO, a socket)."""
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextmanager
def open_output(path: str | os.PathLike) -> Iterator:
    """A binary stream for a user-named output: a device, FIFO or /dev/stdout is written to as
    it is; anything else is replaced atomically (a symlink there is replaced, and what it points
    to is never touched)."""
    if is_device(path):
        with open(path, "wb") as fh:
            yield fh
    else:
        with atomic_open(path, "wb") as fh:
            yield fh


def write_output(path: str | os.PathLike, data: bytes | str) -> None:
    """Write a user-named output file (see :func:`open_output`)."""
    with open_output(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
