"""Near-duplicate articles (wire copies, syndications, updated versions) with MinHash LSH.

Texts become word 4-shingles; their MinHash signatures (datasketch) go into one LSH index per
publication week, and a new article is checked against its own week and the nearer neighbouring
week, so every copy published within ``MAX_GAP_DAYS`` is found (from whichever side arrives
second) while no single index grows without bound. A candidate counts as a copy when the
signatures agree on at least ``threshold`` of their slots (estimated Jaccard) and the two were
published at most ``MAX_GAP_DAYS`` apart (which keeps the test symmetric, hence order-free).
Copies form groups; the *original* of a group is its earliest article (publication time, then
id), so the answer does not depend on the order articles arrive in.

Shingles are hashed with numpy over CRC32 token hashes (a rolling polynomial), not datasketch's
per-shingle SHA-1: the same MinHash, about 20 times cheaper per article.

The LSH banding is datasketch's ``MinHashLSH`` (its bands and rows for the threshold, a candidate
when one band of ``r`` slots is equal), kept as plain dicts from band bytes to article ids: the
same candidates at a quarter of the memory and a fraction of the time per query.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Iterator

import numpy as np
from datasketch import MinHash, MinHashLSH

from teller.stories.rows import Rows

NUM_PERM = 64
SHINGLE = 4
THRESHOLD = 0.5
#: Words of a text that are shingled: copies share their first paragraphs, and capping keeps a
#: 5,000-word page as cheap as a short one.
MAX_WORDS = 400
#: Copies published further apart than this are not linked (wire copies come within hours).
MAX_GAP_DAYS = 3.5
#: Week indexes kept in memory at once (least recently used go; they are rebuilt on demand).
MAX_OPEN_WEEKS = 4
_WEEK = 7 * 86400.0
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MULT = np.uint64(0x100000001B3)
_MASK = np.uint64(0xFFFFFFFF)
_SCHEME = "affine32"
_PERMS = MinHash(num_perm=NUM_PERM, seed=7, scheme=_SCHEME).permutations  # drawn once: deterministic and cheap


def _identity(x: int) -> int:
    return x


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the word k-shingles of ``text`` (a short text gives its whole self)."""
    toks = tokens(text)[:MAX_WORDS]
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter(map(zlib.crc32, map(str.encode, toks)), dtype=np.uint64, count=len(toks))
    k = min(k, len(h))
    acc = np.zeros(len(h) - k + 1, dtype=np.uint64)
    for j in range(k):  # polynomial combination of k consecutive token hashes
        acc = acc * _MULT + h[j : len(h) - k + 1 + j]
    return np.unique(acc & _MASK)


class _Scratch(threading.local):
    """One reusable MinHash per thread: building a MinHash costs more than filling it."""

    def __init__(self) -> None:
        self.mh = MinHash(num_perm=NUM_PERM, permutations=_PERMS, hashfunc=_identity, scheme=_SCHEME)


_SCRATCH = _Scratch()


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 slots) of a text."""
    m = _SCRATCH.mh
    m.clear()
    hashes = shingle_hashes(text)
    if len(hashes):
        m.update_batch(hashes.tolist())
    return m.hashvalues.copy()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


_PARAMS: dict[float, tuple[int, int]] = {}


def _bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for ``threshold``."""
    if threshold not in _PARAMS:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        _PARAMS[threshold] = (lsh.b, lsh.r)
    return _PARAMS[threshold]


class _Bands:
    """One week's LSH index: per band, the band's bytes -> article id(s)."""

    __slots__ = ("tables", "width")

    def __init__(self, bands: int, rows: int) -> None:
        self.tables: list[dict[bytes, str | list[str]]] = [{} for _ in range(bands)]
        self.width = rows * np.dtype(np.uint32).itemsize

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        raw = np.asarray(sig, dtype=np.uint32).tobytes()
        w = self.width
        return [raw[i * w:(i + 1) * w] for i in range(len(self.tables))]

    def insert(self, article_id: str, sig: np.ndarray) -> None:
        for table, key in zip(self.tables, self._keys(sig), strict=True):
            got = table.get(key)
            if got is None:
                table[key] = article_id
            elif isinstance(got, str):
                table[key] = [got, article_id]
            else:
                got.append(article_id)

    def query(self, sig: np.ndarray) -> set[str]:
        out: set[str] = set()
        for table, key in zip(self.tables, self._keys(sig), strict=True):
            got = table.get(key)
            if got is not None:
                out.add(got) if isinstance(got, str) else out.update(got)
        return out


class NearDuplicates:
    """Week-bucketed MinHash LSH; ``add`` returns the already-seen articles this one copies.

    Only the ``MAX_OPEN_WEEKS`` most recently used week indexes stay in memory (an LSH index
    costs ~1.1 KB an article, a signature 0.3 KB); a week needed again, for an article that arrives
    late, is rebuilt from the kept signatures, so the answers never depend on arrival order.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._bands = _bands(threshold)
        self._lsh: OrderedDict[int, _Bands] = OrderedDict()
        self._weeks: dict[int, list[str]] = defaultdict(list)
        self._row: dict[str, int] = {}
        self._sigs = Rows(NUM_PERM, np.uint32)
        self._published = Rows(1, np.float64)
        self.rebuilt = 0  # week indexes rebuilt for late arrivals (for benchmarks)

    def __len__(self) -> int:
        return len(self._row)

    def signature_of(self, article_id: str) -> np.ndarray:
        return self._sigs[self._row[article_id]]

    def _index(self, week: int, create: bool) -> _Bands | None:
        lsh = self._lsh.get(week)
        if lsh is not None:
            self._lsh.move_to_end(week)
            return lsh
        if week not in self._weeks and not create:
            return None
        lsh = _Bands(*self._bands)
        if week in self._weeks:
            self.rebuilt += 1
            for aid in self._weeks[week]:
                lsh.insert(aid, self._sigs[self._row[aid]])
        self._lsh[week] = lsh
        while len(self._lsh) > MAX_OPEN_WEEKS:
            self._lsh.popitem(last=False)
        return lsh

    def add(self, article_id: str, published: float, sig: np.ndarray) -> list[str]:
        week, offset = divmod(published, _WEEK)
        week = int(week)
        near = week - 1 if offset < _WEEK / 2 else week + 1
        found: list[str] = []
        for w in (near, week):
            lsh = self._index(w, create=w == week)
            if lsh is None:
                continue
            for other in lsh.query(sig):
                row = self._row[other]
                if (other != article_id and abs(self._published[row] - published) <= MAX_GAP_DAYS * 86400
                        and similarity(sig, self._sigs[row]) >= self.threshold):
                    found.append(other)
        if article_id not in self._row:
            lsh = self._index(week, create=True)
            assert lsh is not None
            lsh.insert(article_id, sig)
            self._row[article_id] = self._sigs.append(sig)
            self._published.append(published)
            self._weeks[week].append(article_id)
        return sorted(found)

    def signatures(self) -> Iterator[tuple[str, np.ndarray]]:
        for aid, row in self._row.items():
            yield aid, self._sigs[row]
