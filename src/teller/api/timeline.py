"""Events over time, by PLOVER quad class: the numbers behind every chart, for pages and JSON.

PLOVER's four quad classes (the CAMEO "quad categories" it keeps): verbal cooperation, material
cooperation, verbal conflict, material conflict; the type -> class table is
:data:`teller.events.cameo.QUAD`. Cooperation is classes 1 and 2, conflict 3 and 4.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from teller.api.services import EventFilters
from teller.events.cameo import QUAD
from teller.store import Store, views
from teller.store.views import Unit

QUADS: dict[int, str] = {1: "verbal cooperation", 2: "material cooperation",
                         3: "verbal conflict", 4: "material conflict"}
MAX_BUCKETS = 400  # a finer unit than this many bars is coarsened (days -> weeks -> months)
#: How long a page's figures are reused. Counting 100,000 events by week costs a few hundred ms on
#: SQLite; a front page asked many times a second should not pay it each time, and a chart a few
#: seconds old is as good as a new one (the event list under it is always read fresh).
CACHE_SECONDS = 15.0
CACHE_SIZE = 512


class Bucket(BaseModel):
    start: str = Field(description="First day of the day, week (Monday) or month.")
    total: int
    by_quad: dict[str, int] = Field(description="Quad class name -> events (all four classes).")
    by_type: dict[str, int] = Field(description="PLOVER type -> events (types with events only).")
    cooperation: int = Field(description="Verbal and material cooperation.")
    conflict: int = Field(description="Verbal and material conflict.")


class Timeline(BaseModel):
    unit: Unit
    buckets: list[Bucket] = Field(description="Every bucket from the first to the last dated event, "
                                              "empty ones included.")
    dated: int
    undated: int = Field(description="Matching events without a date (not in the buckets).")


def _next(day: date, unit: Unit) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _floor(day: date, unit: Unit) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _steps(first: date, last: date, unit: Unit) -> int:
    days = (last - first).days
    return days + 1 if unit == "day" else days // 7 + 1 if unit == "week" else days // 28 + 1


def choose_unit(first: date | None, last: date | None, wanted: Unit | None = None) -> Unit:
    """``wanted`` if it gives at most :data:`MAX_BUCKETS` bars, else the next coarser unit;
    without a wish, days for up to three months, weeks for up to five years, else months."""
    order: list[Unit] = ["day", "week", "month"]
    if first is None or last is None:
        return wanted or "week"
    if wanted is None:
        days = (last - first).days
        wanted = "day" if days <= 92 else "week" if days <= 5 * 366 else "month"
    for unit in order[order.index(wanted):]:
        if _steps(first, last, unit) <= MAX_BUCKETS or unit == "month":
            return unit
    return "month"


def timeline(store: Store, where: list[Any], unit: Unit | None = None) -> Timeline:
    """Events matching ``where`` per bucket, stacked by quad class.

    ``unit`` None: chosen by the span of the matching events (one more query). Undated events
    are counted, not drawn.
    """
    if unit is None:
        first, last, _dated, _total = views.span(store, where)
        unit = choose_unit(first, last)
    got, undated = views.counts(store, where, unit)
    if got:
        coarser = choose_unit(date.fromisoformat(min(got)), date.fromisoformat(max(got)), unit)
        if coarser != unit:  # too many bars: count again by a coarser unit
            unit = coarser
            got, undated = views.counts(store, where, unit)
    buckets: list[Bucket] = []
    if got:
        day, end = _floor(date.fromisoformat(min(got)), unit), _floor(date.fromisoformat(max(got)), unit)
        while day <= end:
            by_type = got.get(day.isoformat(), {})
            by_quad = {name: 0 for name in QUADS.values()}
            for t, n in by_type.items():
                if t in QUAD:
                    by_quad[QUADS[QUAD[t]]] += n
            coop = by_quad[QUADS[1]] + by_quad[QUADS[2]]
            # built without validation: hundreds of buckets per page, every value made here
            buckets.append(Bucket.model_construct(start=day.isoformat(), total=sum(by_type.values()),
                                                  by_quad=by_quad, by_type=dict(sorted(by_type.items())),
                                                  cooperation=coop, conflict=sum(by_quad.values()) - coop))
            day = _next(day, unit)
    dated = sum(b.total for b in buckets)
    return Timeline(unit=unit, buckets=buckets, dated=dated, undated=undated)


def events_timeline(store: Store, filters: EventFilters, unit: Unit | None = None) -> Timeline:
    """The timeline of the event list's filters (paging aside), reused for :data:`CACHE_SECONDS`."""
    query = filters.query()
    return cached(store, ("events", unit, tuple(sorted((k, str(v)) for k, v in query.items()))),
                  lambda: timeline(store, store.event_conditions(**query), unit))


_caches: weakref.WeakKeyDictionary[Store, dict[Hashable, tuple[float, Timeline]]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def cached(store: Store, key: Hashable, compute: Callable[[], Timeline], *,
           seconds: float = CACHE_SECONDS) -> Timeline:
    """``compute()``, reused for ``seconds`` per store and ``key`` (which names the query); at most
    :data:`CACHE_SIZE` entries per store, the oldest dropped first. Per process: each worker keeps
    its own, and a closed store's entries go with it."""
    now = time.monotonic()
    with _cache_lock:
        cache = _caches.setdefault(store, {})
        hit = cache.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    value = compute()
    with _cache_lock:
        cache[key] = (now, value)
        if len(cache) > CACHE_SIZE:
            for old in sorted(cache, key=lambda k: cache[k][0])[: len(cache) - CACHE_SIZE]:
                del cache[old]
    return value
