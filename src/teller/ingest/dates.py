"""Publication times from what sources write (ISO 8601, RFC 822 feed dates, free-form dates).

One rule everywhere: an offset is kept only when the source states the zone. A time without a
zone stays *naive* here (``2023-09-14T15:42:54``) so that ``teller.extract`` can assume UTC
and record ``published_tz_known=False`` instead of silently inventing a zone.

The standard library (``datetime.fromisoformat``, ``email.utils``) covers ISO and RFC 822;
``dateutil`` (already installed with htmldate) covers the rest, with a small table of zone
abbreviations that news sites use (dateutil ignores abbreviations it does not know).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from dateutil import parser as _du_parser

_H = 3600
#: Unambiguous zone abbreviations (IST, BST and the like are left out: they mean two zones).
TZ_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H,
    "MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H,
    "CET": 1 * _H, "CEST": 2 * _H, "EET": 2 * _H, "EEST": 3 * _H, "MSK": 3 * _H,
    "JST": 9 * _H, "KST": 9 * _H, "HKT": 8 * _H, "SGT": 8 * _H, "AEST": 10 * _H, "AEDT": 11 * _H,
}

_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_DIGIT = re.compile(r"\d")
_MAX_LEN = 80
#: Years a publication time may have. Outside them a stated time is no time at all: sources do
#: write ``0001-01-01T00:00:00+14:00`` and ``9999-12-31``, and such a value would overflow when
#: moved to UTC and date the article's events to year 1 (see :func:`implausible`).
MIN_YEAR, MAX_YEAR = 1700, 2200
#: Looks like a timestamp (ISO 8601 or RFC 822), whatever its numbers say.
_DATE_SHAPED = re.compile(r"^\s*(?:[+-]?\d{4,6}-\d{1,2}-\d{1,2}|(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{1,6}\s)")


def parse_datetime(value: str | datetime | None) -> tuple[datetime, bool] | None:
    """``(datetime, zone_known)`` or ``None`` when ``value`` is not a date.

    The datetime is naive exactly when ``zone_known`` is False. Date-only values become
    midnight with the zone unknown.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value, value.tzinfo is not None
    s = value.strip()
    if not s or len(s) > _MAX_LEN or not _HAS_DIGIT.search(s):
        return None
    try:
        dt = _parse_iso(s) or _parse_rfc822(s) or _parse_free(s)
        # an offset of +99:00 or a year at the edge of the calendar fails here, not downstream
        if dt is None or not MIN_YEAR <= dt.year <= MAX_YEAR:
            return None
        if dt.tzinfo is not None:
            dt.astimezone(UTC)  # raises OverflowError only at the calendar's edges
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return dt, dt.tzinfo is not None


def implausible(value: str | None) -> bool:
    """True for a value shaped like a timestamp that is no usable time (year 1 or 9999, offset
    +99:00, month 13): the article is kept with its time unknown and a flag, whereas a value
    that is no date at all ("next Tuesday") is refused as unreadable."""
    if not value:
        return False
    return _DATE_SHAPED.match(value) is not None and parse_datetime(value) is None


def to_iso(value: str | datetime | None) -> str | None:
    """An ISO 8601 string (with offset only if the zone is known), or ``None``."""
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return parsed[0].isoformat()


def normalize_published(value: str | datetime | None) -> tuple[str, bool] | None:
    """``(ISO string with offset, zone_known)``: a naive time is taken as UTC and marked so."""
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    dt, known = parsed
    if not known:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat(), known


def _parse_iso(s: str) -> datetime | None:
    if _DATE_ONLY.match(s):
        try:
            return datetime.fromisoformat(s + "T00:00:00")
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(s.replace(" ", "T", 1) if s[:4].isdigit() else s)
    except ValueError:
        return None


def _parse_rfc822(s: str) -> datetime | None:
    if not _RFC822.match(s):
        return None
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 2822: "-0000" means "zone unknown"; parsedate_to_datetime returns naive for it.
    return dt


def _parse_free(s: str) -> datetime | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dt = _du_parser.parse(s, tzinfos=_tzinfo)
        except (ValueError, OverflowError, TypeError, _du_parser.ParserError):
            return None
    if not 1900 <= dt.year <= 2200:
        return None
    return dt


def _tzinfo(name: str | None, offset: int | None) -> timezone | int | None:
    if offset is not None:
        return offset
    if not name:
        return None
    seconds = TZ_ABBREVIATIONS.get(name.upper())
    return None if seconds is None else timezone(timedelta(seconds=seconds), name.upper())
