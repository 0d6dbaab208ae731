"""JSON and JSON Lines writers (FORMAT.md §4), both streamed.

``json``: a JSON array of results, always an array (``[]`` for none), one
result per line inside it::

    [
    {"ledcheck": 1, ...},
    {"ledcheck": 1, ...}
    ]

``jsonl``: one compact JSON object per line, nothing held in memory.

UTF-8 without escaping non-ASCII (``ensure_ascii=False``); scores unrounded.
A float that JSON cannot represent (inf, nan) is written as null so the output
always parses; dates or paths that slipped into a result are written as strings.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from os import PathLike
from typing import TYPE_CHECKING, Any, BinaryIO

from . import Writer
from ._common import encode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from . import Labels

try:  # orjson is ~10x faster than json for results; json is the fallback and the reference
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency, but stay usable without it
    _orjson = None  # type: ignore[assignment]


def _default(obj: Any) -> Any:
    if isinstance(obj, (datetime, date, time)):
        return obj.isoformat()
    if isinstance(obj, PathLike):
        return str(obj.__fspath__())
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def _finite(obj: Any) -> Any:
    """A copy of obj with non-finite floats replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def to_json(data: Any, **options: Any) -> str:
    """``json.dumps(data, **options)`` as every ledcheck JSON is written: UTF-8 text, dates in ISO
    form, and a non-finite number (never valid JSON) as null. Shared with the monitoring reports."""
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, default=_default, **options)
    except ValueError:  # inf / nan somewhere: rare, so only then walk the data
        return json.dumps(_finite(data), ensure_ascii=False, allow_nan=False, default=_default, **options)


def dumps(result: Any, *, compact: bool) -> str:
    return to_json(result, separators=(",", ":") if compact else (", ", ": "))


def dumps_line(result: Any) -> bytes:
    """One compact JSON line (UTF-8, newline-terminated), as jsonl writes it."""
    if _orjson is not None:
        try:
            return _orjson.dumps(result, option=_orjson.OPT_APPEND_NEWLINE | _orjson.OPT_NON_STR_KEYS)
        except TypeError:
            pass
    return encode(dumps(result, compact=True) + "\n")


class JsonWriter(Writer):
    """A JSON array, written as results arrive."""

    def __init__(self, stream: BinaryIO, *, labels: Mapping[str, Labels] | None = None, **opts: Any) -> None:
        super().__init__(stream, labels=labels, **opts)
        self.count = 0

    def write(self, result: dict[str, Any]) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        prefix = "[\n" if self.count == 0 else ",\n"
        self.stream.write(encode(prefix + dumps(result, compact=False)))
        self.count += 1

    def _finish(self) -> None:
        self.stream.write(b"[]\n" if self.count == 0 else b"\n]\n")


class JsonlWriter(Writer):
    """One compact JSON object per line."""

    def write(self, result: dict[str, Any]) -> None:
        if self.closed:
            raise ValueError("write() after close()")
        self.stream.write(dumps_line(result))
