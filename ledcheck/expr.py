"""The `when:` condition language of a checklist indicator.

Grammar (FORMAT.md section 1)::

    condition  := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := atom ("and" atom)*
    atom       := "(" or_expr ")" | comparison
    comparison := ID OP LITERAL
    OP         := "==" | "!=" | "<" | "<=" | ">" | ">="
    LITERAL    := number | 'quoted' | "quoted" | yes | no

* ``and`` binds tighter than ``or``; parentheses group and may nest.
* A number is ``-?[0-9]+(\\.[0-9]+)?`` (``-1``, ``2.5``, ``-0.5``).
* A quoted string has no escapes: it runs to the next quote of the same kind, so a
  value holding ``'`` is written in double quotes and vice versa.
* IDs match ``[A-Za-z][A-Za-z0-9_.-]*`` and are not the keywords ``and``, ``or``,
  ``yes``, ``no``. Keywords are lowercase; ``AND`` / ``Or`` / ``YES`` are reported as
  errors that say so.
* Whitespace (any Unicode space, including newlines from folded YAML) is free.

The module never uses ``eval``.  ``parse`` builds a small immutable AST; ``check``
type-checks it against the checklist's indicators; ``compile_expr`` turns it into a
closure that is cheap to call once per submission; ``evaluate`` is the plain
interpreter with the same semantics.

Equality of AST nodes ignores source offsets and keeps ``yes`` apart from ``1``, so
``parse(to_source(e)) == e`` for every AST that ``parse`` produces.
"""

from __future__ import annotations

import math
import numbers
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import spec

__all__ = [
    "ExprError",
    "Compare",
    "And",
    "Or",
    "Expr",
    "OPERATORS",
    "KEYWORDS",
    "MAX_DEPTH",
    "parse",
    "names",
    "check",
    "evaluate",
    "compile_expr",
    "to_source",
]

OPERATORS: tuple[str, ...] = spec.OPERATORS
KEYWORDS: frozenset[str] = frozenset(spec.KEYWORDS)
#: Deepest parenthesis nesting accepted (keeps recursion bounded on hostile input).
MAX_DEPTH = 50

_OPS_TEXT = " ".join(OPERATORS)
_ID_RE = re.compile(spec.ITEM_ID_PATTERN[1:-1])
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_DIGITS = frozenset("0123456789")
_OP_CHARS = frozenset("=!<>")
# Misspelt operators and what to write instead.
_OP_FIXES = {
    "=": "==",
    "===": "==",
    "!": "!=",
    "!==": "!=",
    "<>": "!=",
    "=<": "<=",
    "=>": ">=",
}
_SMART_QUOTES = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00b4\u0060"


class ExprError(Exception):
    """A `when` expression that does not parse or does not type-check."""

    message: str
    offset: int  # 0-based character offset in the source text where the problem is

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ExprError({self.message!r}, {self.offset!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExprError):
            return NotImplemented
        return (self.message, self.offset) == (other.message, other.offset)

    def __hash__(self) -> int:
        return hash((self.message, self.offset))


def _literal_key(lit: object) -> tuple[str, object]:
    # yes/no are bools and must not equal the numbers 1/0; 1 and 1.0 are the same value.
    if isinstance(lit, bool):
        return ("b", lit)
    if isinstance(lit, str):
        return ("s", lit)
    return ("n", lit)


@dataclass(frozen=True, slots=True, eq=False)
class Compare:
    """``ident op literal``. ``literal``: int/float for numbers, str for quoted
    strings, True for ``yes``, False for ``no``. ``offset``: where ``ident`` starts in
    the source (not part of equality)."""

    ident: str
    op: str
    literal: float | int | str | bool
    offset: int = field(default=0)

    def _key(self) -> tuple[object, ...]:
        return (self.ident, self.op, _literal_key(self.literal))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Compare:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Expr, ...]


Expr = Compare | And | Or


# --------------------------------------------------------------------------- lexer

# Token kinds
_WORD, _NUM, _STR, _OP, _LP, _RP, _END, _ERR = "word", "num", "str", "op", "(", ")", "end", "err"


class _Tok:
    __slots__ = ("kind", "value", "start", "end")

    def __init__(self, kind: str, value: object, start: int, end: int):
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end


def _show(text: str) -> str:
    """Quote a piece of source for a message, shortening long pieces."""
    if len(text) > 30:
        text = text[:27] + "..."
    return f"'{text}'"


def _number(src: str, start: int) -> int | float:
    try:
        if "." in src:
            value = float(src)
            if math.isinf(value):
                raise ValueError
            return value
        return int(src)
    except ValueError:  # absurdly long numbers (int digit limit, float overflow)
        raise ExprError(f"the number {_show(src)} is too large", start) from None


def _starts_number(text: str, i: int) -> bool:
    """A digit, or '-' / '.' / '-.' directly followed by a digit."""
    j = i
    if text[j] == "-":
        j += 1
    if text[j : j + 1] == ".":
        j += 1
    # slices, not indexing: "" is not in _DIGITS, so the end of text is handled
    return text[j : j + 1] in _DIGITS


def _tokenize(text: str) -> list[_Tok]:
    """Split ``text`` into tokens. A lexical error becomes a final ``_ERR`` token so
    that the parser reports problems in source order."""
    toks: list[_Tok] = []
    n = len(text)
    i = 0
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            toks.append(_Tok(_END, None, n, n))
            return toks
        try:
            tok = _token_at(text, i)
        except ExprError as err:
            toks.append(_Tok(_ERR, err, i, i))
            return toks
        toks.append(tok)
        i = tok.end


def _token_at(text: str, start: int) -> _Tok:
    """The token that starts at ``text[start]`` (not a space); ExprError for a lexical error."""
    ch = text[start]
    if ch == "(":
        return _Tok(_LP, "(", start, start + 1)
    if ch == ")":
        return _Tok(_RP, ")", start, start + 1)
    if ch in _OP_CHARS:
        return _operator_token(text, start)
    if ch == "'" or ch == '"':
        end = text.find(ch, start + 1)
        if end < 0:
            raise ExprError("unterminated string", start)
        return _Tok(_STR, text[start + 1 : end], start, end + 1)
    if _starts_number(text, start):
        return _number_token(text, start)
    if ch.isascii() and ch.isalpha():
        i = _word_end(text, start + 1)
        return _Tok(_WORD, text[start:i], start, i)
    raise _bad_character(text, start)


def _word_end(text: str, i: int) -> int:
    """Where the run of word characters from ``i`` ends."""
    n = len(text)
    while i < n and text[i] in _WORD_CHARS:
        i += 1
    return i


def _operator_token(text: str, start: int) -> _Tok:
    """The comparison operator at ``start``; ExprError (with the likely fix) for another run of
    operator characters."""
    i = start
    while i < len(text) and text[i] in _OP_CHARS:
        i += 1
    op = text[start:i]
    if op not in OPERATORS:
        fix = _OP_FIXES.get(op)
        if fix:
            raise ExprError(f"{_show(op)} is not an operator; use '{fix}'", start)
        raise ExprError(
            f"{_show(op)} is not an operator; use one of {_OPS_TEXT}", start
        )
    return _Tok(_OP, op, start, i)


def _number_token(text: str, start: int) -> _Tok:
    """The number at ``start``; ExprError naming the fix for ``.5``, ``3and`` and the like."""
    i = _word_end(text, start + 1)
    src = text[start:i]
    if _NUMBER_RE.fullmatch(src):
        return _Tok(_NUM, _number(src, start), start, i)
    if re.fullmatch(r"-?\.[0-9]+", src):
        fixed = src.replace(".", "0.", 1)
        raise ExprError(f"write {_show(fixed)}, not {_show(src)}", start)
    glued = re.fullmatch(r"(-?[0-9]+(?:\.[0-9]+)?)(and|or)", src)
    if glued:
        raise ExprError(
            f"put a space between '{glued[1]}' and '{glued[2]}'", start
        )
    raise ExprError(f"{_show(src)} is not a number", start)


def _bad_character(text: str, start: int) -> ExprError:
    """The error for a character that starts no token, with the fix for the usual slips
    (``&&``, ``||``, curly quotes, a lone ``-``)."""
    ch = text[start]
    if ch == "&":
        return ExprError("use 'and' instead of '&'" if text[start : start + 2] != "&&"
                         else "use 'and' instead of '&&'", start)
    if ch == "|":
        return ExprError("use 'or' instead of '|'" if text[start : start + 2] != "||"
                         else "use 'or' instead of '||'", start)
    if ch in _SMART_QUOTES:
        return ExprError(
            f"use a straight quote (' or \") instead of {_show(ch)}", start
        )
    if ch == "-":
        return ExprError("'-' must be followed directly by a number", start)
    return ExprError(f"unexpected character {_show(ch)}", start)


# --------------------------------------------------------------------------- parser


class _Parser:
    __slots__ = ("text", "toks", "pos", "end_offset")

    def __init__(self, text: str):
        self.text = text
        self.toks = _tokenize(text)
        self.pos = 0
        # "the end" is pointed at just after the last non-space character
        self.end_offset = len(text.rstrip())

    def peek(self) -> _Tok:
        tok = self.toks[self.pos]
        if tok.kind == _ERR:
            raise tok.value  # type: ignore[misc]
        return tok

    def advance(self) -> _Tok:
        tok = self.peek()
        self.pos += 1
        return tok

    def at(self, tok: _Tok) -> int:
        return self.end_offset if tok.kind == _END else tok.start

    def src(self, tok: _Tok) -> str:
        return self.text[tok.start : tok.end]

    # condition := or_expr END
    def parse(self) -> Expr:
        if not self.text.strip():
            raise ExprError("empty condition", 0)
        expr = self.or_expr(None, 0)
        tok = self.peek()
        if tok.kind == _RP:
            raise ExprError("unexpected ')'", tok.start)
        if tok.kind != _END:
            self.expected_joiner(tok)
        return expr

    def expected_joiner(self, tok: _Tok) -> None:
        """``tok`` follows a complete comparison but is not and/or/)/end."""
        if tok.kind == _WORD:
            low = str(tok.value).lower()   # a word token's value is its text
            if low in ("and", "or"):
                raise ExprError(f"use lowercase '{low}'", tok.start)
        if tok.kind == _OP:
            raise ExprError(
                f"a comparison has one operator; join comparisons with 'and' or 'or', "
                f"not {_show(self.src(tok))}",
                tok.start,
            )
        raise ExprError(f"expected 'and' or 'or' before {_show(self.src(tok))}", tok.start)

    def joiner(self, word: str) -> bool:
        """Consume the keyword ``word`` if it is next."""
        tok = self.peek()
        if tok.kind != _WORD:
            return False
        if tok.value == word:
            self.pos += 1
            return True
        if str(tok.value).lower() == word:   # a word token's value is its text
            raise ExprError(f"use lowercase '{word}'", tok.start)
        return False

    def or_expr(self, after: str | None, depth: int) -> Expr:
        items = [self.and_expr(after, depth)]
        while self.joiner("or"):
            items.append(self.and_expr("or", depth))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, after: str | None, depth: int) -> Expr:
        items = [self.atom(after, depth)]
        while self.joiner("and"):
            items.append(self.atom("and", depth))
        return items[0] if len(items) == 1 else And(tuple(items))

    def atom(self, after: str | None, depth: int) -> Expr:
        tok = self.peek()
        if tok.kind == _LP:
            if depth >= MAX_DEPTH:
                raise ExprError(
                    f"too many nested parentheses (at most {MAX_DEPTH})", tok.start
                )
            self.pos += 1
            if self.peek().kind == _RP:
                raise ExprError("empty parentheses", tok.start)
            if self.peek().kind == _END:
                raise ExprError("unclosed parenthesis", tok.start)
            inner = self.or_expr("(", depth + 1)
            close = self.peek()
            if close.kind == _RP:
                self.pos += 1
                return inner
            if close.kind == _END:
                raise ExprError("unclosed parenthesis", tok.start)
            self.expected_joiner(close)
        return self.compare(after)

    def compare(self, after: str | None) -> Compare:
        tok = self.advance()
        if tok.kind != _WORD:
            self.pos -= 1
            self.expected_id(tok, after)
        ident: str = tok.value  # type: ignore[assignment]
        if ident in KEYWORDS:
            raise ExprError(f"'{ident}' is a keyword, not an indicator id", tok.start)
        if ident.lower() in ("and", "or"):
            raise ExprError(
                f"expected an indicator id, found {_show(ident)} "
                f"(keywords are lowercase: '{ident.lower()}')",
                tok.start,
            )
        op_tok = self.peek()
        if op_tok.kind != _OP:
            if ident.lower() == "not":
                raise ExprError(
                    "'not' is not supported; write the opposite comparison instead "
                    "(for example != instead of ==)",
                    tok.start,
                )
            raise ExprError(
                f"expected an operator ({_OPS_TEXT}) after {_show(ident)}", self.at(op_tok)
            )
        self.pos += 1
        op: str = op_tok.value  # type: ignore[assignment]
        lit_tok = self.peek()
        literal = self.literal(lit_tok, op)
        self.pos += 1
        return Compare(ident, op, literal, tok.start)

    def expected_id(self, tok: _Tok, after: str | None) -> None:
        if tok.kind == _END:
            if after == "(":
                raise ExprError("unclosed parenthesis", self.at(tok))
            raise ExprError(f"expected a condition after '{after}'", self.at(tok))
        if tok.kind == _RP:
            raise ExprError("unexpected ')'", tok.start)
        if tok.kind == _STR and _ID_RE.fullmatch(str(tok.value)):   # a string token's value is its text
            raise ExprError(
                f"indicator ids are written without quotes: {tok.value}", tok.start
            )
        raise ExprError(f"expected an indicator id, found {_show(self.src(tok))}", tok.start)

    def literal(self, tok: _Tok, op: str) -> float | int | str | bool:
        kind = tok.kind
        if kind in (_NUM, _STR):
            return tok.value  # type: ignore[return-value]
        if kind == _WORD:
            word: str = tok.value  # type: ignore[assignment]
            if word == "yes":
                return True
            if word == "no":
                return False
            low = word.lower()
            if low in ("yes", "no"):
                raise ExprError(f"use lowercase '{low}'", tok.start)
            if low in ("true", "false"):
                raise ExprError(f"use yes/no or a quoted string, not '{word}'", tok.start)
            if low in ("and", "or"):
                raise ExprError(f"expected a value after '{op}'", tok.start)
            raise ExprError(f"text values must be quoted: write '{word}'", tok.start)
        raise ExprError(f"expected a value after '{op}'", self.at(tok))


def parse(text: str) -> Expr:
    """Parse a ``when:`` condition; raise :class:`ExprError` (message + offset)."""
    if not isinstance(text, str):
        raise ExprError("the condition must be text", 0)
    return _Parser(text).parse()


# --------------------------------------------------------------------------- walking


def names(expr: Expr) -> list[Compare]:
    """Every comparison in ``expr``, in source order."""
    out: list[Compare] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Compare):
            out.append(node)
        else:
            stack.extend(reversed(node.items))
    return out


def _format_float(value: float) -> str:
    if not math.isfinite(value):
        return repr(value)  # only reachable from hand-built ASTs; not re-parseable
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text


def _literal_source(lit: object) -> str:
    if isinstance(lit, bool):
        return "yes" if lit else "no"
    if isinstance(lit, str):
        # No escapes in the grammar: pick the quote the string does not contain.
        return f'"{lit}"' if "'" in lit and '"' not in lit else f"'{lit}'"
    if isinstance(lit, float):
        return _format_float(lit)
    if isinstance(lit, int):
        return str(lit)
    return repr(lit)


def to_source(expr: Expr) -> str:
    """Canonical text of ``expr``, e.g. ``S1 >= 2 and (S2 == yes or S3 == 'export')``.

    Parentheses are written exactly where the structure needs them, so
    ``parse(to_source(e)) == e`` for every parsed ``e``."""
    if isinstance(expr, Compare):
        return f"{expr.ident} {expr.op} {_literal_source(expr.literal)}"
    if isinstance(expr, And):
        parts = [
            f"({to_source(item)})" if isinstance(item, (And, Or)) else to_source(item)
            for item in expr.items
        ]
        return " and ".join(parts)
    if isinstance(expr, Or):
        parts = [
            f"({to_source(item)})" if isinstance(item, Or) else to_source(item)
            for item in expr.items
        ]
        return " or ".join(parts)
    raise TypeError(f"not a condition: {expr!r}")


# --------------------------------------------------------------------------- checking

_TYPE_NAMES = {
    "levels": "a levels",
    "number": "a number",
    "yesno": "a yes/no",
    "choice": "a choice",
    "multi": "a multiple-choice",
    "text": "a text",
}


def check(
    expr: Expr, kinds: Mapping[str, tuple[str, frozenset[str]]]
) -> list[ExprError]:
    """Type-check each comparison.

    ``kinds`` maps an indicator id to ``(type, option_ids)``; type is one of
    levels|number|yesno|choice|multi|text and option_ids holds a choice's option ids
    (empty for the other types). Ids missing from ``kinds`` are skipped (the caller
    reports them). Rules:

    * levels / number: any operator; the value must be a number (not yes/no);
    * yesno: only == / !=; the value must be yes, no or 'partial';
    * choice: only == / !=; the value must be a quoted option id of that indicator;
    * multi / text: cannot be named in a condition.

    Returns every problem found, each at its comparison's offset (a comparison with
    both a wrong operator and a wrong value gives two errors)."""
    errors: list[ExprError] = []
    for c in names(expr):
        kind = kinds.get(c.ident)
        if kind is None:
            continue
        typ, options = kind
        checker = _CHECKS.get(typ)
        if checker is not None:
            what = f"'{c.ident}' is {_TYPE_NAMES.get(typ, typ)} indicator"
            errors += checker(c, what, typ, options)
    return errors


def _operator(c: Compare, what: str, typ: str) -> list[ExprError]:
    """The operator, where the type allows only some (FORMAT.md §1, ``spec.CONDITION_OPERATORS``)."""
    if c.op not in spec.CONDITION_OPERATORS[typ]:
        return [ExprError(f"{what}: use {' or '.join(spec.CONDITION_OPERATORS[typ])}, not '{c.op}'", c.offset)]
    return []


def _check_number(c: Compare, what: str, typ: str, options: Collection[str]) -> list[ExprError]:
    lit = c.literal
    if isinstance(lit, bool) or not isinstance(lit, (int, float)):
        return [ExprError(f"{what}: compare it with a number, not {_literal_source(lit)}", c.offset)]
    return []


def _check_yesno(c: Compare, what: str, typ: str, options: Collection[str]) -> list[ExprError]:
    lit = c.literal
    errors = _operator(c, what, typ)
    if isinstance(lit, str) and lit in ("yes", "no"):
        errors.append(ExprError(f"{what}: write {lit} without quotes", c.offset))
    elif not (isinstance(lit, bool) or lit == "partial"):
        errors.append(ExprError(f"{what}: compare it with yes, no or 'partial', not {_literal_source(lit)}",
                                c.offset))
    return errors


#: Option ids listed in one message at most (the rest are counted).
_LISTED = 12


def _listing(options: Collection[str]) -> str:
    """``'a', 'b', 'c'`` (sorted; at most :data:`_LISTED`, then "and N more")."""
    ids = sorted(options)
    text = ", ".join(f"'{o}'" for o in ids[:_LISTED]) or "(none)"
    return text + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def _check_choice(c: Compare, what: str, typ: str, options: Collection[str]) -> list[ExprError]:
    lit = c.literal
    errors = _operator(c, what, typ)
    shown = _literal_source(lit)
    if len(shown) > 32:   # a 400-digit number or a long text is not echoed whole
        shown = shown[:30] + "…" + (shown[0] if isinstance(lit, str) else "")
    if not isinstance(lit, str):
        errors.append(ExprError(f"{what}: compare it with a quoted option id ({_listing(options)}), not {shown}",
                                c.offset))
    elif lit not in options:
        from .hints import closest
        near = closest(lit, options)
        errors.append(ExprError(f"'{c.ident}' has no option {shown}"
                                + (f" (did you mean '{near}'?)" if near is not None else "")
                                + f"; its options are: {_listing(options)}", c.offset))
    return errors


def _check_unnamable(c: Compare, what: str, typ: str, options: Collection[str]) -> list[ExprError]:
    return [ExprError(f"{what} and cannot be used in a condition", c.offset)]


#: Per indicator type, the check of a comparison that names one (a new type is one entry).
_CHECKS: dict[str, Callable[..., list[ExprError]]] = {
    "levels": _check_number, "number": _check_number, "yesno": _check_yesno, "choice": _check_choice,
    "multi": _check_unnamable, "text": _check_unnamable,
}


# --------------------------------------------------------------------------- evaluation

_MISSING = object()
#: The comparison of two numbers by operator (``operator.lt`` and the like take any operands).
_OP_FUNCS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _is_number(v: object) -> bool:
    t = type(v)
    if t is int:
        return True
    if t is float:
        return v == v  # NaN is not a usable answer
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return False
    try:
        return bool(v == v)
    except Exception:
        return False


def _matches(op: str, lit: object, v: object) -> bool:
    """One comparison against one answered value (see :func:`evaluate`)."""
    if v is _MISSING or v is None:
        return False
    if isinstance(lit, bool):  # yes / no
        if v is True or v is False or (isinstance(v, str) and v == "partial"):
            if op == "==":
                return v is lit
            if op == "!=":
                return v is not lit
        return False
    if isinstance(lit, str):
        if op == "==" or op == "!=":
            if isinstance(v, str):
                return (v == lit) if op == "==" else (v != lit)
            if (v is True or v is False) and lit == "partial":
                return op == "!="
        return False
    if not _is_number(v):
        return False
    try:
        return bool(_OP_FUNCS[op](v, lit))
    except Exception:
        return False


def evaluate(expr: Expr, values: Mapping[str, object]) -> bool:
    """Evaluate ``expr`` against answered values.

    ``values`` maps an indicator id to its normalised answer: levels/number -> int or
    float; yesno -> True / False / 'partial'; choice -> option id str. An id that is
    absent (unanswered, N/A, not applicable, invalid) — or mapped to None — makes its
    comparison False, also for ``!=``. Numbers compare numerically. For yesno,
    ``X == yes`` holds only for True, ``X == 'partial'`` only for 'partial', and
    ``X != no`` for True and 'partial' (``X != 'partial'`` for True and False).
    Ordering operators apply only to numbers. Any type mismatch is simply False;
    this function never raises on odd values."""
    if isinstance(expr, Compare):
        return _matches(expr.op, expr.literal, values.get(expr.ident, _MISSING))
    if isinstance(expr, And):
        return all(evaluate(item, values) for item in expr.items)
    if isinstance(expr, Or):
        return any(evaluate(item, values) for item in expr.items)
    raise TypeError(f"not a condition: {expr!r}")


def _compile_compare(c: Compare) -> Callable[[Mapping[str, object]], bool]:
    """One comparison as a closure, by the kind of its literal (see :func:`_matches`)."""
    if isinstance(c.literal, bool):
        return _compile_yesno(c.ident, c.op, c.literal)
    if isinstance(c.literal, str):
        return _compile_text(c.ident, c.op, c.literal)
    return _compile_number(c.ident, c.op, c.literal)


def _never(values: Mapping[str, object]) -> bool:
    """An ordering operator with a yes/no or string literal: never true."""
    return False


def _compile_yesno(ident: str, op: str, lit: bool) -> Callable[[Mapping[str, object]], bool]:
    """``ident == yes``, ``ident != no`` and the like."""
    missing = _MISSING
    if op == "==":
        def is_lit(values: Mapping[str, object]) -> bool:
            return values.get(ident, missing) is lit
        return is_lit
    if op == "!=":
        other = not lit

        def is_not_lit(values: Mapping[str, object]) -> bool:
            v = values.get(ident, missing)
            if v is other:
                return True
            # 'partial' is neither yes nor no
            return isinstance(v, str) and v == "partial"
        return is_not_lit
    return _never


def _compile_text(ident: str, op: str, lit: str) -> Callable[[Mapping[str, object]], bool]:
    """``ident == 'x'`` and ``ident != 'x'`` (a choice, or yesno's 'partial')."""
    missing = _MISSING
    if op == "==":
        def equals(values: Mapping[str, object]) -> bool:
            v = values.get(ident, missing)
            return isinstance(v, str) and v == lit
        return equals
    if op == "!=":
        is_partial = lit == "partial"

        def differs(values: Mapping[str, object]) -> bool:
            v = values.get(ident, missing)
            if isinstance(v, str):
                return v != lit
            return is_partial and (v is True or v is False)
        return differs
    return _never


def _compile_number(ident: str, op: str, lit: float | int) -> Callable[[Mapping[str, object]], bool]:
    """``ident <op> number``: true only for a usable number (not NaN, not a boolean)."""
    missing = _MISSING
    fn = _OP_FUNCS[op]

    def compares(values: Mapping[str, object]) -> bool:
        v = values.get(ident, missing)
        t = type(v)
        if t is int or (t is float and v == v):
            return fn(v, lit)
        if t is float or not _is_number(v):
            return False
        try:
            return bool(fn(v, lit))
        except Exception:
            return False

    return compares


def compile_expr(expr: Expr) -> Callable[[Mapping[str, object]], bool]:
    """Compile ``expr`` once into a closure ``f(values) -> bool`` with exactly the
    semantics of :func:`evaluate`, for use over many submissions."""
    if isinstance(expr, Compare):
        return _compile_compare(expr)
    if not isinstance(expr, (And, Or)):
        raise TypeError(f"not a condition: {expr!r}")
    parts = tuple(compile_expr(item) for item in expr.items)
    if isinstance(expr, And):
        if len(parts) == 2:
            a, b = parts
            return lambda values: a(values) and b(values)

        def all_of(values: Mapping[str, object]) -> bool:
            return all(part(values) for part in parts)

        return all_of
    if len(parts) == 2:
        a, b = parts
        return lambda values: a(values) or b(values)

    def any_of(values: Mapping[str, object]) -> bool:
        return any(part(values) for part in parts)

    return any_of
