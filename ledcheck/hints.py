"""'Did you mean ...?' hints in bounded time (issue 9: linear time on hostile sizes).

``difflib.get_close_matches`` compares a word with every candidate: 4,000 unknown ids against
2,000 indicators took 29 s. An :class:`Index` is built once per candidate list and answers each
query by examining at most :data:`MAX_EXAMINED` candidates, chosen by what typos keep: those
one edit away (found by dictionary look-ups of one-character deletions), the first characters
(alphabetical neighbours) and a similar length. Below that many candidates it compares with all
of them, exactly as difflib does, so small checklists get the same hints as before. Answers are
memoised per index.

Use :func:`did_you_mean` (the message suffix) or :func:`closest` (the candidate); pass an
:class:`Index` (built once, e.g. over a checklist's indicator ids) when asking many times.
"""
from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable

MAX_EXAMINED = 120
"""Most candidates compared with one word."""
CUTOFF = 0.6
"""difflib's similarity cutoff: a candidate less similar than this is no hint."""
_MEMO_LIMIT = 4096
_EDIT_MAX_LEN = 40   # longer words are not looked up by their one-edit variants
_CACHE_LIMIT = 64


class Index:
    """Candidates indexed for bounded 'did you mean' look-ups (build once, query many times)."""

    __slots__ = ("words", "_set", "_folded", "_deletes", "_sorted", "_by_first", "_by_len", "_memo")

    def __init__(self, candidates: Iterable[object]):
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
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._by_len: dict[int, list[str]] = {}
        # every candidate without one of its characters: finds a word one edit away in a few
        # dictionary look-ups (a missing, extra or wrong character)
        self._deletes: dict[str, list[str]] = {}
        for w in words:
            self._folded.setdefault(w.casefold(), w)
        self._sorted: list[tuple[str, str]] = []
        if len(words) > MAX_EXAMINED:   # few candidates are all compared: no index needed
            self._build(words)
        self._memo: dict[str, str | None] = {}

    def _build(self, words: list[str]) -> None:
        for w in words:
            f = w.casefold()
            if len(f) <= _EDIT_MAX_LEN:
                for i in range(len(f)):
                    bucket = self._deletes.setdefault(f[:i] + f[i + 1:], [])
                    if len(bucket) < 8 and w not in bucket:
                        bucket.append(w)
            self._by_first.setdefault((f[:1], len(w)), []).append(w)
            self._by_len.setdefault(len(w), []).append(w)
        # casefolded words in order: the neighbours of a word share its longest prefixes
        self._sorted = sorted((w.casefold(), w) for w in words)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._set

    def _pool(self, word: str) -> Iterable[str]:
        """The candidates worth comparing with ``word``: all of them when few, else at most
        :data:`MAX_EXAMINED`, nearest first: those one edit away (a character missing, too many
        or wrong), its neighbours in alphabetical order (the longest shared beginnings), then
        those with its first character and a length within 2, then any of a length within 1."""
        if len(self.words) <= MAX_EXAMINED:
            return self.words
        f, n = word.casefold(), len(word)
        pool: dict[str, None] = {}
        if n <= _EDIT_MAX_LEN:   # one edit away: a character too many, missing or wrong
            deleted = [f[:i] + f[i + 1:] for i in range(n)]
            for d in deleted:
                hit = self._folded.get(d)
                if hit is not None:
                    pool[hit] = None
            for w in self._deletes.get(f, ()):
                pool[w] = None
            for d in deleted:
                for w in self._deletes.get(d, ()):
                    pool[w] = None
        at = bisect.bisect_left(self._sorted, (f, ""))
        half = MAX_EXAMINED // 4
        for _, w in self._sorted[max(0, at - half):at + half]:
            pool[w] = None
        lens = sorted(range(max(0, n - 2), n + 3), key=lambda k: abs(k - n))
        tiers = ([self._by_first.get((f[:1], k), ()) for k in lens]
                 + [self._by_len.get(k, ()) for k in lens if abs(k - n) <= 1])
        for bucket in tiers:
            for w in bucket:
                if len(pool) >= MAX_EXAMINED:
                    return pool
                pool[w] = None
        return pool

    def closest(self, word: object, accept: Callable[[str], bool] | None = None) -> str | None:
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


_INDEXES: dict[tuple[str, ...], Index] = {}


def index(candidates: Iterable[object] | Index) -> Index:
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


def closest(word: object, candidates: Iterable[object] | Index,
            accept: Callable[[str], bool] | None = None) -> str | None:
    """The candidate nearest to ``word`` (see :meth:`Index.closest`)."""
    return index(candidates).closest(word, accept)


def did_you_mean(word: object, candidates: Iterable[object] | Index,
                 accept: Callable[[str], bool] | None = None) -> str:
    """``"; did you mean 'weight'?"`` when a close candidate exists, else ``""``.

    Never suggests ``word`` itself (an answer ``15`` is not "did you mean '15'?"), and cuts long
    words in the suggestion (there are none among real candidates)."""
    match = closest(word, candidates, accept)
    return f"; did you mean '{match}'?" if match is not None else ""
