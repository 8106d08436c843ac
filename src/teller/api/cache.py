"""A small time-to-live cache of a store's aggregate answers (stats, list totals).

Counting every event on every request is most of the cost of the front page and the event list
once a database holds 100,000 events; these numbers may lag a write by a few seconds. The app
attaches a cache to its store (:func:`attach`); a store without one (a script calling the
service functions) is always asked directly. Writes through the API call :func:`clear`.
Each worker process has its own cache.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_MAX_KEYS = 1024  # distinct filter combinations remembered; the oldest go first


class TTLCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def _fresh(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            hit = self._items.get(key)
        return (True, hit[1]) if hit is not None and hit[0] > time.monotonic() else (False, None)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` while fresh, else ``compute()``.

        One computation per key at a time: under load a hundred requests arriving on an empty
        cache would otherwise run the same count a hundred times at once (and each would be
        slower for it); the others wait for the first and take its value.
        """
        ok, value = self._fresh(key)
        if ok:
            return value
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            ok, value = self._fresh(key)
            if ok:
                return value
            value = compute()
            with self._lock:
                if len(self._items) >= _MAX_KEYS:
                    for old in list(self._items)[: _MAX_KEYS // 4]:
                        del self._items[old]
                        self._computing.pop(old, None)
                self._items[key] = (time.monotonic() + self.ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_caches: weakref.WeakKeyDictionary[Any, TTLCache] = weakref.WeakKeyDictionary()


def attach(store: Any, ttl: float) -> None:
    """Cache ``store``'s aggregates for ``ttl`` seconds (0 or less: no cache)."""
    if ttl > 0:
        _caches[store] = TTLCache(ttl)
    else:
        _caches.pop(store, None)


def cached(store: Any, key: Hashable, compute: Callable[[], T]) -> T:
    cache = _caches.get(store)
    return cache.get(key, compute) if cache is not None else compute()


def clear(store: Any) -> None:
    cache = _caches.get(store)
    if cache is not None:
        cache.clear()


__all__ = ["TTLCache", "attach", "cached", "clear"]
