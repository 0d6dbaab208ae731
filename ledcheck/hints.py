"""'Did you mean ...?' hints in bounded time (issue 9: linear time on hostile sizes).

``difflib.get_close_matches`` compares a word with every candidate: 4,000 unknown ids against
2,000 indicators took 29 s. An :class:`Index` is built once per candidate list and answers each
query by examining at most :data:`MAX_EXAMINED` candidates, chosen by what typos keep: the
first characters and a similar length. Below that many candidates it compares with all of them,
exactly as difflib does, so small checklists get the same hints as before. Answers are memoised
per index.

Use :func:`did_you_mean` (the message suffix) or :func:`closest` (the candidate); pass an
:class:`Index` (built once, e.g. over a checklist's indicator ids) when asking many times.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

MAX_EXAMINED = 300
"""Most candidates compared with one word."""
CUTOFF = 0.6
"""difflib's similarity cutoff: a candidate less similar than this is no hint."""
_MEMO_LIMIT = 4096
_CACHE_LIMIT = 64


class Index:
    """Candidates indexed for bounded 'did you mean' look-ups (build once, query many times)."""

    __slots__ = ("words", "_set", "_folded", "_by_prefix3", "_by_prefix", "_by_first", "_by_len", "_memo")

    def __init__(self, candidates: Iterable):
        words: list[str] = []
        seen: set[str] = set()
        for c in candidates:
            w = str(c)
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = tuple(words)
        self._set = frozenset(words)
        self._folded: dict[str, str] = {}
        self._by_prefix3: dict[tuple[str, int], list[str]] = {}
        self._by_prefix: dict[tuple[str, int], list[str]] = {}
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._by_len: dict[int, list[str]] = {}
        for w in words:
            f = w.casefold()
            self._folded.setdefault(f, w)
            n = len(w)
            self._by_prefix3.setdefault((f[:3], n), []).append(w)
            self._by_prefix.setdefault((f[:2], n), []).append(w)
            self._by_first.setdefault((f[:1], n), []).append(w)
            self._by_len.setdefault(n, []).append(w)
        self._memo: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._set

    def _pool(self, word: str) -> Iterable[str]:
        """The candidates worth comparing with ``word``: all of them when few, else at most
        :data:`MAX_EXAMINED`, nearest first (same three, then two first characters and length
        within 2, then same first character, then any start with length within 1)."""
        if len(self.words) <= MAX_EXAMINED:
            return self.words
        f, n = word.casefold(), len(word)
        pool: dict[str, None] = {}
        lens = sorted(range(max(0, n - 2), n + 3), key=lambda k: abs(k - n))
        tiers = ([self._by_prefix3.get((f[:3], k), ()) for k in lens]
                 + [self._by_prefix.get((f[:2], k), ()) for k in lens]
                 + [self._by_first.get((f[:1], k), ()) for k in lens]
                 + [self._by_len.get(k, ()) for k in lens if abs(k - n) <= 1])
        for bucket in tiers:
            for w in bucket:
                pool[w] = None
                if len(pool) >= MAX_EXAMINED:
                    return pool
        return pool

    def closest(self, word, accept: Callable[[str], bool] | None = None) -> str | None:
        """The candidate nearest to ``word``, or None (none is close, or it is ``word`` itself).

        ``accept`` filters candidates (e.g. "only indicators asked before"); answers without a
        filter are memoised.
        """
        w = str(word)
        if accept is None and w in self._memo:
            return self._memo[w]
        hit = self._folded.get(w.casefold())
        if hit is not None and hit != w and (accept is None or accept(hit)):
            best: str | None = hit   # only the case differs
        else:
            pool = [c for c in self._pool(w) if c != w and (accept is None or accept(c))]
            match = difflib.get_close_matches(w, pool, n=1, cutoff=CUTOFF)
            best = match[0] if match else None
        if accept is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[w] = best
        return best


_INDEXES: dict[tuple, Index] = {}


def index(candidates) -> Index:
    """An :class:`Index` of ``candidates`` (itself when it already is one; recent ones are cached,
    so callers that pass the same list again do not rebuild it)."""
    if isinstance(candidates, Index):
        return candidates
    key = tuple(str(c) for c in candidates)
    idx = _INDEXES.get(key)
    if idx is None:
        if len(_INDEXES) >= _CACHE_LIMIT:
            _INDEXES.clear()
        idx = _INDEXES[key] = Index(key)
    return idx


def closest(word, candidates, accept: Callable[[str], bool] | None = None) -> str | None:
    """The candidate nearest to ``word`` (see :meth:`Index.closest`)."""
    return index(candidates).closest(word, accept)


def did_you_mean(word, candidates, accept: Callable[[str], bool] | None = None) -> str:
    """``"; did you mean 'weight'?"`` when a close candidate exists, else ``""``.

    Never suggests ``word`` itself (an answer ``15`` is not "did you mean '15'?"), and cuts long
    words in the suggestion (there are none among real candidates)."""
    match = closest(word, candidates, accept)
    return f"; did you mean '{match}'?" if match is not None else ""
