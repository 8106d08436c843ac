"""Anchoring: turn recognized ``Partial`` expressions into TIMEX3 ``TimeValue`` records.

The document creation time (DCT) and its zone anchor every relative or underspecified
expression: "yesterday" is DCT - 1 day, "next week" the ISO week after the DCT's, "March 14" the
March 14 nearest the DCT that agrees with the clause's tense, "the 14th" the 14th of the
nearest consistent month, "Thursday" the past or coming Thursday by tense. "two days later"
is anchored to the last date the text mentioned (the reference time), as TimeML annotators do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from teller.records import Span, TimeValue
from teller.timex import calendar as cal
from teller.timex.calendar import Resolved
from teller.timex.grammar import Partial
from teller.timex.tense import Tense, adjacent_signal, tense_of

log = logging.getLogger(__name__)

#: (text, start, end) -> the tense of the clause around ``text[start:end]``
TenseFn = Callable[[str, int, int], Tense]


def tz_label(tz: tzinfo, when: datetime) -> str:
    """IANA name when known, else the fixed offset as ``+09:00``."""
    if isinstance(tz, ZoneInfo):
        return tz.key
    off = when.astimezone(tz).utcoffset() or timedelta(0)
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


class _Context:
    """Per-document anchoring state: the DCT and the running reference time."""

    __slots__ = ("text", "dct", "doc", "ref_date", "anchor", "last_quarter", "ref_any", "tense_fn")

    def __init__(self, text: str, dct: datetime, doc: Any, tense_fn: TenseFn | None = None) -> None:
        self.text, self.dct, self.doc = text, dct, doc
        self.tense_fn = tense_fn
        self.ref_date: date = dct.date()
        self.last_quarter: tuple[int, int] | None = None
        #: First day of the last date mentioned at any granularity ("in June 1998 ... later
        #: that year"); ``ref_date`` keeps the last *day* for clock times and "two days later".
        self.ref_any: date = dct.date()
        self.anchor = dct.isoformat()

    def tense(self, p: Partial) -> Tense:
        if self.tense_fn is not None:
            return self.tense_fn(self.text, p.start, p.end)
        return tense_of(self.text, p.start, p.end, self.doc)

    def direction(self, p: Partial) -> tuple[Tense, int]:
        """Tense for choosing a reading, and how far (days) it may pull from the nearest one:
        a word like "ended" or "payable" right before the expression pulls up to a year."""
        adj, strong = adjacent_signal(self.text, p.start) if self.tense_fn is None else (None, False)
        if strong:
            return adj, 366
        t = self.tense(p)
        return (t or adj), 0


def _distance(lo: date, hi: date, base: date) -> int:
    """Days from ``base`` to the interval ``[lo, hi)`` (0 inside it)."""
    if lo <= base < hi:
        return 0
    return (lo - base).days if lo > base else (base - hi).days + 1


def _choose(cands: list[tuple[date, date, Any]], base: date, tense: Tense, rel: str | None = None,
            window: int = 200) -> Any:
    """Among readings ``(first day, day after, payload)`` pick what the words and tense allow.

    "last"/"next" force the direction. Otherwise the tense does, but only while the reading it
    allows lies within ``window`` days: "declared a dividend payable Dec. 15" in November is this
    December, though the clause is in the past tense; beyond the window the nearest reading wins.
    """
    if not cands:
        return None
    if rel == "last":
        ok = [c for c in cands if c[0] < base and not (c[0] <= base < c[1])]
        return max(ok, key=lambda c: c[0])[2] if ok else None
    if rel == "next":
        ok = [c for c in cands if c[0] > base]
        return min(ok, key=lambda c: c[0])[2] if ok else None
    if rel == "this":
        # "this September": the one of this year, begun or not.
        ok = [c for c in cands if c[0] <= base < c[1]] or [c for c in cands if c[0].year == base.year] or cands
        return min(ok, key=lambda c: _distance(c[0], c[1], base))[2]
    nearest = min(cands, key=lambda c: (_distance(c[0], c[1], base), c[0] > base))
    if tense == "past":
        ok = [c for c in cands if c[0] <= base]
    elif tense == "future":
        ok = [c for c in cands if c[1] > base]
    else:
        return nearest[2]
    if not ok:
        return nearest[2]
    best = min(ok, key=lambda c: _distance(c[0], c[1], base))
    return best[2] if _distance(best[0], best[1], base) <= window else nearest[2]


def _years(base: date) -> range:
    return range(base.year - 1, base.year + 2)


def _resolve_date(p: Partial, ctx: _Context, tz: tzinfo, base: date) -> Resolved | None:
    """The calendar unit a date expression denotes (no clock time yet)."""
    if p.period_ref and ctx.last_quarter is not None and p.quarter is None:
        # "a year earlier" in an earnings report: the quarter under discussion, a year before.
        qy, qq = ctx.last_quarter
        y = p.year if p.year is not None else qy + (p.offset or 0) if p.unit == "Y" else qy
        return cal.quarter(y, qq, tz)
    if p.period_ref and p.year is not None and p.quarter is None:
        return cal.year(p.year, tz)
    if p.unit == "WE" and p.offset is None:
        # "the weekend": the one just past in a past clause, the coming one otherwise.
        sat = cal.week_monday(base) + timedelta(days=5)
        t = ctx.tense(p)
        if t == "future":
            d = sat if base <= sat + timedelta(days=1) else sat + timedelta(days=7)
        else:
            d = sat if base >= sat else sat - timedelta(days=7)
        return cal.weekend(d, tz)
    # Offsets from the DCT or the reference time: "yesterday", "last week", "two years ago".
    if p.unit is not None and p.quarter is None and p.half is None and p.month is None:
        anchor = (ctx.ref_date if p.unit == "D" else ctx.ref_any) if p.anchor_ref else base
        if p.offset is None:
            return Resolved("PAST_REF", None, None, None)
        if p.last_complete and p.unit == "Q":
            if ctx.last_quarter is not None and p.offset == 0:
                return cal.quarter(ctx.last_quarter[0], ctx.last_quarter[1], tz)
            last = cal.shift_unit(base, "Q", -1, tz)
            y, q = int(last.value[:4]), int(last.value[-1])
            k = y * 4 + (q - 1) + p.offset
            return cal.quarter(k // 4, k % 4 + 1, tz)
        return cal.shift_unit(anchor, p.unit, p.offset, tz)
    if p.decade is not None:
        return cal.decade(p.decade, tz)
    if p.century is not None:
        return cal.century(p.century, tz)
    year = p.year
    if year is None and p.unit == "Y" and p.offset is not None:
        year = base.year + p.offset
    if p.holiday is not None:
        feasts: list[tuple[date, date, Any]] = []
        for y in ([year] if year else _years(base)):
            feast = cal.movable_feast(p.holiday, y)
            if feast is not None:
                feasts.append((feast, feast + timedelta(days=1), feast))
        chosen = _choose(feasts, base, ctx.tense(p), p.rel)
        return cal.day(chosen, tz) if chosen else None
    if p.quarter is not None:
        if year is None:
            cands: list[tuple[date, date, Any]] = []
            for y in _years(base):
                r = cal.quarter(y, p.quarter, tz)
                cands.append((r.start.date(), r.end.date(), y))  # type: ignore[union-attr]
            # Reporting quarters: the last one begun unless the clause looks ahead, and then
            # only to a quarter that is near ("expects to report third-quarter results" in
            # October is the quarter just ended).
            t, w = ctx.direction(p)
            t = t or "past"
            year = _choose(cands, base, t, p.rel, window=max(w, 365 if t == "past" else 45))
        return cal.quarter(year, p.quarter, tz)
    if p.half is not None:
        if year is None:
            cands = [(date(y, 1 if p.half == 1 else 7, 1), date(y, 7, 1) if p.half == 1 else date(y + 1, 1, 1), y)
                     for y in _years(base)]
            year = _choose(cands, base, ctx.tense(p) or "past", p.rel, window=60)
        return cal.half(year, p.half, tz)
    if p.season is not None:
        if year is None:
            cands = []
            # a winter runs into the next year: "last winter" told in February is the one
            # that began two Decembers ago, so one more year back is a candidate
            for y in range(base.year - 2, base.year + 2):
                r = cal.season(y, p.season, tz)
                cands.append((r.start.date(), r.end.date(), y))  # type: ignore[union-attr]
            year = _choose(cands, base, ctx.tense(p), p.rel, window=200)
        return cal.season(year, p.season, tz) if year is not None else None
    if p.month is not None:
        if p.day is not None:
            if year is None:
                cands = [(date(y, p.month, p.day), date(y, p.month, p.day) + timedelta(days=1), y)
                         for y in _years(base) if cal.valid_day(y, p.month, p.day)]
                t, w = ctx.direction(p)
                year = _choose(cands, base, t or "past", p.rel, window=max(w, 200))
                if year is None:
                    return None
            if not cal.valid_day(year, p.month, p.day):
                return None
            return cal.day(date(year, p.month, p.day), tz)
        if year is None:
            cands = []
            for y in _years(base):
                r = cal.month(y, p.month, tz)
                cands.append((r.start.date(), r.end.date(), y))  # type: ignore[union-attr]
            t, w = ctx.direction(p)
            year = _choose(cands, base, t or "past", p.rel, window=max(w, 300))
        return cal.month(year, p.month, tz)
    if p.day is not None:
        # "the 14th": the nearest month (to the DCT) in which that day agrees with the tense.
        cands = []
        for k in (-1, 0, 1):
            y, m = cal.add_months(base.year, base.month, k)
            if cal.valid_day(y, m, p.day):
                d = date(y, m, p.day)
                cands.append((d, d + timedelta(days=1), d))
        d = _choose(cands, base, ctx.tense(p), window=31)
        return cal.day(d, tz) if d else None
    if p.weekday is not None:
        if p.anchor_ref:
            base = ctx.ref_date  # "the previous Friday": the one before the day under discussion
        if p.rel == "this":
            d = cal.week_monday(base) + timedelta(days=p.weekday)
        else:
            cands = [(base + timedelta(days=k), base + timedelta(days=k + 1), base + timedelta(days=k))
                     for k in range(-7, 8) if (base + timedelta(days=k)).weekday() == p.weekday]
            if p.rel is not None:
                d = _choose(cands, base, None, p.rel)
            else:
                near = [c for c in cands if abs((c[0] - base).days) <= 6]
                t, _w = ctx.direction(p)
                d = _choose(near, base, t or "past", window=7)
        return cal.day(d, tz)
    if year is not None:
        return cal.year(year, tz)
    return None


def _with_clock(r: Resolved | None, p: Partial, tz: tzinfo, base: date, ctx: _Context) -> Resolved | None:
    """Add the clock time or part of day to a day (or to the DCT's day for a bare time)."""
    if r is not None and r.granularity != "day":
        return r
    explicit_day = r is not None
    # A bare clock time belongs to the day last mentioned ("on the 12th ... at 11 p.m.").
    d = date.fromisoformat(r.value) if r is not None else ctx.ref_date
    if p.hour is not None and p.hour < 24:
        out = cal.clock(d, p.hour, p.minute, tz)
    elif p.pod is not None:
        out = cal.part_of_day(d, p.pod, tz)
    else:
        return r
    if not explicit_day and out.start is not None and d == base:
        # A bare clock time is the latest such time before publication in a past clause
        # (reported at 23:10, "at 9 p.m." is today's; reported at 08:00 it is yesterday's).
        t = ctx.tense(p)
        if t != "future" and out.start > ctx.dct + timedelta(hours=1):
            return _with_clock(cal.day(d - timedelta(days=1), tz), p, tz, base, ctx)
        if t == "future" and out.end is not None and out.end < ctx.dct:
            return _with_clock(cal.day(d + timedelta(days=1), tz), p, tz, base, ctx)
    return out


_DURATION_GRAN = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "Q": "quarter"}


def _to_timevalue(p: Partial, ctx: _Context) -> TimeValue | None:
    text = ctx.text
    tz = p.zone or ctx.dct.tzinfo
    assert tz is not None
    local = ctx.dct.astimezone(tz)
    base = local.date()
    ev = [Span(p.start, p.end)]
    surface = text[p.start:p.end]
    if p.value is not None:
        typ = {"duration": "DURATION", "set": "SET"}.get(p.kind, "DATE")
        if typ == "DURATION" and p.value in ("P6M", "P9M", "P1Y", "P12M"):
            # "the first nine months": the period under discussion is no longer a quarter,
            # so "a year earlier" now means the year before.
            ctx.last_quarter = None
        start = end = None
        if p.value == "PRESENT_REF":
            start = end = ctx.dct.isoformat()
        elif p.value == "PAST_REF":
            end = ctx.dct.isoformat()
        elif p.value == "FUTURE_REF":
            start = ctx.dct.isoformat()
        return TimeValue(p.value, typ, surface, ev, start, end, None, tz_label(tz, ctx.dct),  # type: ignore[arg-type]
                         ctx.anchor if typ == "DATE" else None, p.mod, p.confidence)
    r = _resolve_date(p, ctx, tz, base) if p.has_date else None
    if p.has_date and r is None:
        return None
    if p.week_of and r is not None and r.start is not None:
        r = cal.week(r.start.date(), tz)
    r = _with_clock(r, p, tz, base, ctx)
    if r is None:
        return None
    typ = "TIME" if r.granularity in ("hour", "minute", "part_of_day") else "DATE"
    conf = p.confidence
    if p.year is None and p.unit is None and p.decade is None and p.century is None:
        conf = min(conf, 0.85)
    anchor = ctx.ref_date.isoformat() if p.anchor_ref else ctx.anchor
    tv = TimeValue(r.value, typ, surface, ev,  # type: ignore[arg-type]
                   r.start.isoformat() if r.start else None, r.end.isoformat() if r.end else None,
                   r.granularity, tz_label(tz, ctx.dct), anchor, p.mod, conf)
    if r.start is not None and r.granularity in ("day", "part_of_day", "hour", "minute"):
        ctx.ref_date = r.start.date()
    if r.start is not None and r.granularity in ("month", "year", "quarter", "half", "season", "week", "day",
                                                 "part_of_day", "hour", "minute"):
        ctx.ref_any = r.start.date()
    if (r.granularity == "quarter" and r.value[5:6] == "Q" and not p.period_ref
            and r.end is not None and r.end <= ctx.dct + timedelta(days=1)):
        # Only a completed quarter is "the period under discussion" of an earnings report.
        ctx.last_quarter = (int(r.value[:4]), int(r.value[6]))
    return tv


def normalize(partials: list[Partial], text: str, dct: datetime, doc: Any = None, *,
              tense: TenseFn | None = None) -> list[TimeValue]:
    """Anchor every partial to ``dct`` (timezone-aware); unresolvable ones are dropped.

    ``tense`` reads the tense of the clause around ``text[start:end]`` for another language's
    grammar (``teller.japanese.timex``); by default the English word lists and ``doc`` do."""
    ctx = _Context(text, dct, doc, tense)
    out: list[TimeValue] = []
    for p in partials:
        try:
            tv = _to_timevalue(p, ctx)
        except (ValueError, OverflowError) as err:  # a date outside the calendar: skip, never crash
            log.debug("timex: cannot anchor %r: %s", text[p.start:p.end], err)
            continue
        if tv is not None:
            out.append(tv)
    return out

