"""Anchoring: turn recognized ``Partial`` expressions into TIMEX3 ``TimeValue`` records.

The document creation time (DCT) and its zone anchor every relative or underspecified
expression: "yesterday" is DCT - 1 day, "next week" the ISO week after the DCT's, "March 14" the
March 14 nearest the DCT that agrees with the clause's tense, "the 14th" the 14th of the
nearest consistent month, "Thursday" the past or coming Thursday by tense. "two days later"
is anchored to the last date the text mentioned (the reference time), as TimeML annotators do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from teller.records import Span, TimeValue
from teller.timex import calendar as cal
from teller.timex.calendar import Resolved
from teller.timex.grammar import Partial
from teller.timex.tense import Tense, tense_of


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

    __slots__ = ("text", "dct", "doc", "ref_date", "ref_gran", "anchor")

    def __init__(self, text: str, dct: datetime, doc: Any) -> None:
        self.text, self.dct, self.doc = text, dct, doc
        self.ref_date: date = dct.date()
        self.ref_gran: str | None = None
        self.anchor = dct.isoformat()

    def tense(self, p: Partial) -> Tense:
        return tense_of(self.text, p.start, p.end, self.doc)


def _pick(cands: list[tuple[date, Any]], base: date, tense: Tense, rel: str | None = None,
          inclusive: bool = True) -> Any:
    """Among candidate readings (keyed by their first day), pick the one the tense allows."""
    if not cands:
        return None
    direction = {"last": "past", "next": "future"}.get(rel or "", tense)
    if direction == "past":
        ok = [c for c in cands if (c[0] <= base if inclusive else c[0] < base)]
        if ok:
            return max(ok, key=lambda c: c[0])[1]
    elif direction == "future":
        ok = [c for c in cands if (c[0] >= base if inclusive else c[0] > base)]
        if ok:
            return min(ok, key=lambda c: c[0])[1]
    return min(cands, key=lambda c: (abs((c[0] - base).days), c[0] > base))[1]


def _unit_month_year(base: date, month: int, tense: Tense, rel: str | None) -> int:
    if rel == "this":
        return base.year
    cands = [(date(y, month, 1), y) for y in (base.year - 1, base.year, base.year + 1)]
    if rel is None and tense is None:
        return base.year
    if rel is None:
        # A month in a past clause is this year's if it has begun, else last year's.
        if tense == "past":
            return base.year if month <= base.month else base.year - 1
        return base.year if month >= base.month else base.year + 1
    return _pick(cands, date(base.year, base.month, 1), tense, rel, inclusive=False)


def _resolve_date(p: Partial, ctx: _Context, tz: tzinfo, base: date) -> Resolved | None:
    """The calendar unit a date expression denotes (no clock time yet)."""
    # Offsets from the DCT or the reference time: "yesterday", "last week", "two years ago".
    if p.unit is not None and p.quarter is None and p.half is None:
        anchor = ctx.ref_date if p.anchor_ref else base
        if p.offset is None:
            return Resolved("PAST_REF" if p.anchor_ref or True else "FUTURE_REF", None, None, None)
        if p.last_complete and p.unit == "Q":
            last = cal.shift_unit(base, "Q", -1, tz)
            y, q = int(last.value[:4]), int(last.value[-1])
            k = y * 4 + (q - 1) + p.offset
            return cal.quarter(k // 4, k % 4 + 1, tz)
        if p.unit == "Y" and p.offset and ctx.ref_gran == "quarter" and abs(p.offset) == 1 and p.anchor_ref is False:
            pass
        return cal.shift_unit(anchor, p.unit, p.offset, tz)
    if p.decade is not None:
        return cal.decade(p.decade, tz)
    if p.century is not None:
        return cal.century(p.century, tz)
    year = p.year
    if year is None and p.unit == "Y" and p.offset is not None:
        year = base.year + p.offset
    if p.quarter is not None:
        if year is None:
            t = ctx.tense(p) or "past"
            cands = [(date(y, 3 * p.quarter - 2, 1), y) for y in (base.year - 1, base.year, base.year + 1)]
            year = _pick(cands, base, t)
        return cal.quarter(year, p.quarter, tz)
    if p.half is not None:
        if year is None:
            t = ctx.tense(p) or "past"
            cands = [(date(y, 1 if p.half == 1 else 7, 1), y) for y in (base.year - 1, base.year, base.year + 1)]
            year = _pick(cands, base, t)
        return cal.half(year, p.half, tz)
    if p.season is not None:
        if year is None:
            m0 = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[p.season]
            if p.rel == "this":
                year = base.year
            else:
                cands = [(date(y, m0, 1), y) for y in (base.year - 1, base.year, base.year + 1)]
                year = _pick(cands, base, ctx.tense(p), p.rel, inclusive=False)
        return cal.season(year, p.season, tz)
    if p.month is not None:
        if p.day is not None:
            if year is None:
                cands = [(date(y, p.month, p.day), y) for y in (base.year - 1, base.year, base.year + 1)
                         if cal.valid_day(y, p.month, p.day)]
                year = _pick(cands, base, ctx.tense(p), p.rel)
                if year is None:
                    return None
            if not cal.valid_day(year, p.month, p.day):
                return None
            return cal.day(date(year, p.month, p.day), tz)
        if year is None:
            year = _unit_month_year(base, p.month, ctx.tense(p), p.rel)
        return cal.month(year, p.month, tz)
    if p.day is not None:
        # "the 14th": the nearest month (to the DCT) in which that day agrees with the tense.
        cands = []
        for k in (-1, 0, 1):
            y, m = cal.add_months(base.year, base.month, k)
            if cal.valid_day(y, m, p.day):
                cands.append((date(y, m, p.day), date(y, m, p.day)))
        d = _pick(cands, base, ctx.tense(p))
        return cal.day(d, tz) if d else None
    if p.weekday is not None:
        cands = [(base + timedelta(days=k), base + timedelta(days=k)) for k in range(-7, 8)
                 if (base + timedelta(days=k)).weekday() == p.weekday]
        if p.rel == "this":
            d = cal.week_monday(base) + timedelta(days=p.weekday)
        elif p.rel is not None:
            d = _pick(cands, base, None, p.rel, inclusive=False)
        else:
            t = ctx.tense(p)
            near = [c for c in cands if abs((c[0] - base).days) <= 6]
            d = _pick(near, base, t) if t else _pick(near, base, "past")
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
    if r.granularity:
        ctx.ref_gran = r.granularity
    return tv


def normalize(partials: list[Partial], text: str, dct: datetime, doc: Any = None) -> list[TimeValue]:
    """Anchor every partial to ``dct`` (timezone-aware); unresolvable ones are dropped."""
    ctx = _Context(text, dct, doc)
    out: list[TimeValue] = []
    for p in partials:
        tv = _to_timevalue(p, ctx)
        if tv is not None:
            out.append(tv)
    return out


UTC = timezone.utc
