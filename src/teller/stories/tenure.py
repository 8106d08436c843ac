"""When an article with no known time can have been written, for story linking: the tenures
of the offices it names its people by (``teller.extract.tenure_window``) as epoch-second
intervals. An undated article that calls Donald Trump "President" joins no story told in
December 2016, however alike the texts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from teller.records import Analysis

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase

Window = tuple[tuple[float, float], ...]


def window_of(analysis: Analysis, kb: Callable[[], KnowledgeBase]) -> Window | None:
    """The intervals ``analysis``'s titled people bound (``kb`` is asked only when needed)."""
    from teller.extract.tenure_window import tenure_window

    if not any(m.kind == "title" for m in analysis.mentions):
        return None
    w = tenure_window(analysis.mentions, analysis.article.text, kb())
    return None if w is None else tuple((_epoch(lo), _epoch(hi)) for lo, hi in w.intervals)


def _epoch(d: date) -> float:
    if d == date.min:
        return -math.inf
    if d == date.max:
        return math.inf
    return datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()


def to_rows(window: Window) -> list[list[float | None]]:
    """JSON-able form (open ends are null)."""
    return [[None if math.isinf(lo) else lo, None if math.isinf(hi) else hi] for lo, hi in window]


def from_rows(rows: Any) -> Window | None:
    if not rows:
        return None
    return tuple((-math.inf if lo is None else float(lo), math.inf if hi is None else float(hi)) for lo, hi in rows)
