"""Calendar arithmetic for TIMEX3 values: the interval, value string and granularity of a unit.

Every function takes and returns timezone-aware datetimes; a unit is turned into the half-open
interval ``[start, end)`` in the zone the expression was stated in (or the publication's zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from teller.timex.lexicon import POD_HOURS, SEASON_MONTHS


@dataclass(slots=True, frozen=True)
class Resolved:
    """A calendar unit after anchoring: TIMEX3 value, interval and granularity."""

    value: str
    start: datetime | None
    end: datetime | None
    granularity: str | None


def at(d: date, tz: tzinfo, hour: int = 0, minute: int = 0) -> datetime:
    """Wall-clock time ``hour:minute`` on ``d`` in ``tz`` (hour may exceed 23: next day)."""
    extra, hour = divmod(hour, 24)
    return datetime.combine(d + timedelta(days=extra), time(hour, minute), tzinfo=tz)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def days_in_month(year: int, month: int) -> int:
    y, m = add_months(year, month, 1)
    return (date(y, m, 1) - timedelta(days=1)).day


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)


def day(d: date, tz: tzinfo) -> Resolved:
    return Resolved(d.isoformat(), at(d, tz), at(d + timedelta(days=1), tz), "day")


def month(year: int, mon: int, tz: tzinfo) -> Resolved:
    ny, nm = add_months(year, mon, 1)
    return Resolved(f"{year:04d}-{mon:02d}", at(date(year, mon, 1), tz), at(date(ny, nm, 1), tz),
                    "month")


def year(y: int, tz: tzinfo) -> Resolved:
    return Resolved(f"{y:04d}", at(date(y, 1, 1), tz), at(date(y + 1, 1, 1), tz), "year")


def quarter(y: int, q: int, tz: tzinfo) -> Resolved:
    m = 3 * (q - 1) + 1
    ny, nm = add_months(y, m, 3)
    return Resolved(f"{y:04d}-Q{q}", at(date(y, m, 1), tz), at(date(ny, nm, 1), tz), "quarter")


def half(y: int, h: int, tz: tzinfo) -> Resolved:
    m = 1 if h == 1 else 7
    ny, nm = add_months(y, m, 6)
    return Resolved(f"{y:04d}-H{h}", at(date(y, m, 1), tz), at(date(ny, nm, 1), tz), "half")


def season(y: int, code: str, tz: tzinfo) -> Resolved:
    m, n = SEASON_MONTHS[code]
    ny, nm = add_months(y, m, n)
    return Resolved(f"{y:04d}-{code}", at(date(y, m, 1), tz), at(date(ny, nm, 1), tz), "season")


def week_monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def week(d: date, tz: tzinfo) -> Resolved:
    """The ISO week containing ``d`` (Monday..Sunday)."""
    mon = week_monday(d)
    iy, iw, _ = mon.isocalendar()
    return Resolved(f"{iy:04d}-W{iw:02d}", at(mon, tz), at(mon + timedelta(days=7), tz), "week")


def weekend(d: date, tz: tzinfo) -> Resolved:
    mon = week_monday(d)
    iy, iw, _ = mon.isocalendar()
    sat = mon + timedelta(days=5)
    return Resolved(f"{iy:04d}-W{iw:02d}-WE", at(sat, tz), at(sat + timedelta(days=2), tz), "weekend")


def decade(dec: int, tz: tzinfo) -> Resolved:
    """``dec`` is the first three digits (199 = the 1990s)."""
    y = dec * 10
    if y < 1 or y > 9989:
        return Resolved(f"{dec:03d}", None, None, "decade")
    return Resolved(f"{dec:03d}", at(date(y, 1, 1), tz), at(date(y + 10, 1, 1), tz), "decade")


def century(c: int, tz: tzinfo) -> Resolved:
    """``c`` is the first two digits (19 = the 20th century, 1900-1999 as TIMEX3 writes it)."""
    y = c * 100
    if y < 1 or y > 9899:
        return Resolved(f"{c:02d}", None, None, "century")
    return Resolved(f"{c:02d}", at(date(y, 1, 1), tz), at(date(y + 100, 1, 1), tz), "century")


def part_of_day(d: date, pod: str, tz: tzinfo) -> Resolved:
    h0, h1 = POD_HOURS.get(pod, (0, 24))
    return Resolved(f"{d.isoformat()}T{pod}", at(d, tz, h0), at(d, tz, h1), "part_of_day")


def clock(d: date, hour: int, minute: int | None, tz: tzinfo) -> Resolved:
    """A clock time on ``d``: the minute when minutes were stated, else the hour."""
    start = at(d, tz, hour, minute or 0)
    if minute is None:
        return Resolved(f"{d.isoformat()}T{hour:02d}:00", start, start + timedelta(hours=1), "hour")
    return Resolved(f"{d.isoformat()}T{hour:02d}:{minute:02d}", start,
                    start + timedelta(minutes=1), "minute")


def shift_unit(d: date, unit: str, n: int, tz: tzinfo) -> Resolved:
    """The unit ``n`` steps from the one containing ``d`` ("last week" = W, -1)."""
    if unit == "D":
        return day(d + timedelta(days=n), tz)
    if unit == "W":
        return week(d + timedelta(weeks=n), tz)
    if unit == "WE":
        return weekend(d + timedelta(weeks=n), tz)
    if unit == "M":
        y, m = add_months(d.year, d.month, n)
        return month(y, m, tz)
    if unit == "Q":
        q0 = (d.month - 1) // 3
        k = d.year * 4 + q0 + n
        return quarter(k // 4, k % 4 + 1, tz)
    if unit == "H":
        h0 = 0 if d.month <= 6 else 1
        k = d.year * 2 + h0 + n
        return half(k // 2, k % 2 + 1, tz)
    if unit == "Y":
        return year(d.year + n, tz)
    if unit == "DE":
        return decade(d.year // 10 + n, tz)
    if unit == "CE":
        return century(d.year // 100 + n, tz)
    raise ValueError(f"unknown unit {unit!r}")


def shift_date(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units, keeping the day where the month allows."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}[unit] * n
    y, m = add_months(d.year, d.month, months)
    return date(y, m, min(d.day, days_in_month(y, m)))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month; ``n = -1`` for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, days_in_month(year, month))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day_ = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day_ + 1)


def movable_feast(name: str, year: int) -> date | None:
    """Dates of holidays that move with the calendar (US ones are the US dates)."""
    if name in ("thanksgiving", "thanksgiving day"):
        return nth_weekday(year, 11, 3, 4)
    if name == "election day":
        return nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if name == "mother's day":
        return nth_weekday(year, 5, 6, 2)
    if name == "father's day":
        return nth_weekday(year, 6, 6, 3)
    if name in ("easter", "easter sunday"):
        return easter(year)
    if name == "easter monday":
        return easter(year) + timedelta(days=1)
    if name == "good friday":
        return easter(year) - timedelta(days=2)
    return None
