"""Time expressions when the publication time is not known to the day.

Without a day to anchor to, "Tuesday" or "yesterday" has no calendar date, while "5 June 2017"
(or "two days later" after it) still has one. Rather than teach every rule of the grammar which
of its readings depend on the anchor, the text is anchored to several times the publication
could be (far apart, on different weekdays, days and months): what every reading agrees on is
known; a field on which they differ is unknown and written with X's, as TIMEX3 does
("XXXX-WXX-2" for a bare Tuesday, "XXXX-03-14" for "March 14", "XXXX-XX-XX" for "yesterday"),
with no interval. An expression whose readings differ is therefore never given a made-up date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from teller.records import TimeValue

#: Possible publication days when nothing is known: different years, months, days and weekdays.
UNKNOWN = (datetime(2003, 2, 11, tzinfo=UTC), datetime(2010, 7, 23, tzinfo=UTC),
           datetime(2017, 11, 5, tzinfo=UTC))
_CANDIDATE_YEARS = (2003, 2004, 2008, 2010, 2012, 2017, 2020)
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(T.*)?$")
_FIELD = re.compile(r"\d+|\D+")


def month_candidates(year: int, month: int) -> tuple[datetime, ...]:
    """Three days of a month on different weekdays and days (1st, 12th, 23rd)."""
    return tuple(datetime(year, month, d, tzinfo=UTC) for d in (1, 12, 23))


def month_day_candidates(month: int, day: int) -> tuple[datetime, ...]:
    """A month and day in three years on which it falls on different weekdays."""
    out: list[datetime] = []
    for y in _CANDIDATE_YEARS:
        try:
            d = datetime(y, month, day, tzinfo=UTC)
        except ValueError:
            continue
        if d.weekday() not in {o.weekday() for o in out}:
            out.append(d)
        if len(out) == 3:
            break
    return tuple(out)


def annotate_unanchored(text: str, candidates: Sequence[datetime], annotate: Callable[..., list[TimeValue]],
                        *, doc: Any = None) -> list[TimeValue]:
    """``annotate`` run against every candidate anchor; what they disagree on becomes X's."""
    runs = [annotate(text, dct, doc=doc) for dct in candidates]
    by_span = [{_key(tv): tv for tv in run} for run in runs[1:]]
    out: list[TimeValue] = []
    for tv in runs[0]:
        others = [r.get(_key(tv)) for r in by_span]
        if any(o is None or o.type != tv.type for o in others):
            continue  # resolvable against some anchors only: no stable reading
        values = [tv.value] + [o.value for o in others]  # type: ignore[union-attr]
        same_interval = all(o.start == tv.start and o.end == tv.end for o in others)  # type: ignore[union-attr]
        if len(set(values)) == 1 and same_interval:
            same_anchor = all(o.anchor == tv.anchor for o in others)  # type: ignore[union-attr]
            out.append(tv if same_anchor else replace(tv, anchor=None))  # anchored to a guess: say none
            continue
        value = values[0] if len(set(values)) == 1 else underspecified(values)
        out.append(replace(tv, value=value, start=None, end=None, anchor=None, confidence=min(tv.confidence, 0.5)))
    return out


def _key(tv: TimeValue) -> tuple[int, int]:
    return (tv.evidence[0].start, tv.evidence[0].end) if tv.evidence else (-1, -1)


def underspecified(values: Sequence[str]) -> str:
    """The TIMEX3 value the readings ``values`` share, with X's where they differ."""
    days = [_DAY.match(v) for v in values]
    if all(days):
        y, m, d, clock = zip(*(x.groups() for x in days), strict=True)  # type: ignore[union-attr]
        suffix = clock[0] if len(set(clock)) == 1 and clock[0] else ""
        if len(set(m)) == 1 and len(set(d)) == 1:
            return f"XXXX-{m[0]}-{d[0]}{suffix}"
        if len(set(d)) == 1:
            return f"XXXX-XX-{d[0]}{suffix}"
        weekdays = {date(int(a), int(b), int(c)).isoweekday() for a, b, c in zip(y, m, d, strict=True)}
        if len(weekdays) == 1:
            return f"XXXX-WXX-{weekdays.pop()}{suffix}"
        return f"XXXX-XX-XX{suffix}"
    parts = [_FIELD.findall(v) for v in values]
    if len({len(p) for p in parts}) != 1:
        return re.sub(r"\d", "X", values[0])
    out = []
    for fields in zip(*parts, strict=True):
        f = fields[0]
        out.append(f if len(set(fields)) == 1 or not f.isdigit() else "X" * len(f))
    return "".join(out)
