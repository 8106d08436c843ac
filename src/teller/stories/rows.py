"""Growable arrays of fixed-width rows in fixed-size chunks.

A million 128-float embeddings or 64-slot signatures as one numpy array per row would cost an
object header each; one array doubled on growth would briefly need three times its size. Chunks
of ``CHUNK`` rows avoid both.
"""

from __future__ import annotations

import numpy as np

CHUNK = 1 << 16


class Rows:
    """Append-only rows of ``width`` values of one dtype, addressed by their index."""

    __slots__ = ("width", "dtype", "_chunks", "_n")

    def __init__(self, width: int, dtype: type | np.dtype) -> None:
        self.width = width
        self.dtype = np.dtype(dtype)
        self._chunks: list[np.ndarray] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, row: np.ndarray | float) -> int:
        i = self._n
        if i % CHUNK == 0:
            shape = (CHUNK, self.width) if self.width > 1 else (CHUNK,)
            self._chunks.append(np.zeros(shape, dtype=self.dtype))
        self._chunks[i // CHUNK][i % CHUNK] = row
        self._n += 1
        return i

    def __getitem__(self, i: int) -> np.ndarray:
        return self._chunks[i // CHUNK][i % CHUNK]

    def take(self, idx: np.ndarray) -> np.ndarray:
        """Rows ``idx`` (an int array) stacked, in that order."""
        if len(self._chunks) == 1:
            return self._chunks[0][idx]
        if not len(idx):
            return np.zeros((0, self.width) if self.width > 1 else (0,), dtype=self.dtype)
        chunk, row = np.divmod(idx, CHUNK)
        first, last = int(chunk.min()), int(chunk.max())
        if first == last:  # the usual case: rows published close together
            return self._chunks[first][row]
        out = np.empty((len(idx), self.width) if self.width > 1 else (len(idx),), dtype=self.dtype)
        for c in range(first, last + 1):
            mask = chunk == c
            if mask.any():
                out[mask] = self._chunks[c][row[mask]]
        return out
