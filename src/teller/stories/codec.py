"""Records <-> plain JSON dicts, and the time helpers every part of ``teller.stories`` shares.

``records.to_dict`` turns records into dicts; the store keeps a :class:`StoryIndex` between runs
as such dicts, so the way back (dict -> ``Event``/``Analysis``) lives here. Hand-written because
the records are plain dataclasses (no pydantic) and the inverse is a dozen lines.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from teller.ingest.dates import MAX_YEAR, MIN_YEAR
from teller.records import Actor, Analysis, Article, Event, Place, Span, TimeValue

_DAY = 86400.0
_YMD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def spans_from(items: list[Any] | None) -> list[Span]:
    out = []
    for s in items or []:
        if isinstance(s, Span):
            out.append(s)
        elif isinstance(s, dict):
            out.append(Span(int(s["start"]), int(s["end"])))
        else:  # [start, end]
            out.append(Span(int(s[0]), int(s[1])))
    return out


def actor_from(d: dict[str, Any]) -> Actor:
    return Actor(**{**d, "aliases": list(d.get("aliases") or [])})


def time_from(d: dict[str, Any] | None) -> TimeValue | None:
    if d is None:
        return None
    return TimeValue(**{**d, "evidence": spans_from(d.get("evidence"))})


def place_from(d: dict[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(name=d["name"], country=d.get("country"), evidence=spans_from(d.get("evidence")))


def event_from(d: dict[str, Any]) -> Event:
    """The inverse of ``records.to_dict`` for an ``Event``."""
    return Event(
        id=d["id"], event=d["event"],
        actor=[actor_from(a) for a in d.get("actor") or []],
        recipient=[actor_from(a) for a in d.get("recipient") or []],
        status=d.get("status", "happened"), evidence=spans_from(d.get("evidence")),
        confidence=float(d.get("confidence", 1.0)), mode=d.get("mode"),
        context=list(d.get("context") or []), quad_code=d.get("quad_code"), cameo=d.get("cameo"),
        date=time_from(d.get("date")), date_reason=d.get("date_reason"),
        event_loc=place_from(d.get("event_loc")), topics=list(d.get("topics") or []),
        event_text=d.get("event_text"), article_ids=list(d.get("article_ids") or []),
    )


def article_from(d: dict[str, Any]) -> Article:
    repeats = [(spans_from([c])[0], spans_from([o])[0]) for c, o in d.get("repeats") or []]
    return Article(**{**d, "repeats": repeats})


def analysis_from(d: dict[str, Any]) -> Analysis:
    """Enough of an ``Analysis`` for stories: article and events (mentions kept as actors only)."""
    from teller.records import Mention

    mentions = [Mention(text=m.get("text", ""), evidence=spans_from(m.get("evidence")),
                        actor=actor_from(m["actor"]) if m.get("actor") else None,
                        kind=m.get("kind", "name"), confidence=float(m.get("confidence", 1.0)),
                        members=[actor_from(a) for a in m.get("members") or []])
                for m in d.get("mentions") or []]
    return Analysis(article=article_from(d["article"]), mentions=mentions,
                    events=[event_from(e) for e in d.get("events") or []])


# --- time ------------------------------------------------------------------------------------

def parse_instant(s: str | None) -> datetime | None:
    """An ISO 8601 instant; a naive one is read as UTC (records promise offsets, inputs may not)."""
    if not s:
        return None
    try:
        dt = datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if not MIN_YEAR <= dt.year <= MAX_YEAR:  # year 1 at +14:00 has no epoch time in all zones: unknown
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def epoch(s: str | None) -> float | None:
    dt = parse_instant(s)
    return dt.timestamp() if dt else None


def value_interval(value: str, tz: timezone = UTC) -> tuple[float, float] | None:
    """The interval a bare TIMEX3 date value denotes (used when a TimeValue has no start/end);
    None also for a value at the calendar's edge (year 1 or 9999), which has no interval."""
    try:
        return _value_interval(value, tz)
    except (OverflowError, ValueError):
        return None


def _value_interval(value: str, tz: timezone) -> tuple[float, float] | None:
    m = _WEEK.match(value)
    if m:
        start = datetime.fromisocalendar(int(m[1]), int(m[2]), 1).replace(tzinfo=tz)
        return start.timestamp(), (start + timedelta(days=7)).timestamp()
    m = _YMD.match(value)
    if not m:
        return None
    y, mo, d = int(m[1]), m[2], m[3]
    if d:
        start = datetime(y, int(mo), int(d), tzinfo=tz)
        end = start + timedelta(days=1)
    elif mo:
        start = datetime(y, int(mo), 1, tzinfo=tz)
        end = datetime(y + (int(mo) == 12), int(mo) % 12 + 1, 1, tzinfo=tz)
    else:
        start, end = datetime(y, 1, 1, tzinfo=tz), datetime(y + 1, 1, 1, tzinfo=tz)
    return start.timestamp(), end.timestamp()


def time_interval(tv: TimeValue | None) -> tuple[float, float] | None:
    """``[start, end)`` of a TimeValue in epoch seconds, or None when it names no interval."""
    if tv is None or tv.type in ("DURATION", "SET"):
        return None
    lo, hi = epoch(tv.start), epoch(tv.end)
    if lo is not None and hi is not None and hi > lo:
        return lo, hi
    try:
        return value_interval(tv.value)
    except ValueError:
        return None


def source_of(article: Article) -> str:
    """The outlet: ``Article.source``, else the URL host without ``www.``, else ``unknown``."""
    if article.source and article.source.strip():
        return sys.intern(article.source.strip().casefold())
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return sys.intern(host.removeprefix("www.") or "unknown")
    return "unknown"


# --- compact kept records ----------------------------------------------------------------------
#
# The index keeps every report's Event so that it can build canonical events and save its state;
# a million Event objects with their lists, actors and dates cost about 1 KB each. Frozen into
# tuples of shared parts (actors, dates and places repeat across reports: equal values are one
# object) an event costs about a quarter of that; ``thaw_event`` rebuilds an equal, fresh record.

_PARTS: dict[Any, Any] = {}
_NO_LIST: tuple = ()


def shared_value(value: Any, key: Any = None) -> Any:
    """One object per distinct value (side pairs, interval bounds, frozen parts repeat across a
    million reports). Bounded: when the table is cleared, equal values merely stop being shared.

    ``key`` tells apart values Python calls equal but prints differently (1 and 1.0 and True)."""
    if len(_PARTS) > 2_000_000:
        _PARTS.clear()
    return _PARTS.setdefault(value if key is None else key, value)


_part = shared_value


def _number(x: Any) -> Any:
    return _part(x, (type(x), x, str(x))) if isinstance(x, float) and x == x else x


def _istr(s: str | None) -> str | None:
    return sys.intern(s) if s else s


def _freeze_actor(a: Actor) -> tuple:
    return _part((_istr(a.id), _istr(a.name), _istr(a.kind), _istr(a.country), _istr(a.role), _istr(a.sector),
                  _istr(a.cameo), a.gender, a.role_start, a.role_end, tuple(a.aliases)))


def _thaw_actor(t: tuple) -> Actor:
    return Actor(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], list(t[10]))


def _freeze_time(tv: TimeValue | None) -> tuple | None:
    if tv is None:
        return None
    t = (_istr(tv.value), _istr(tv.type), _istr(tv.text), tuple(tv.evidence), _istr(tv.start), _istr(tv.end),
         _istr(tv.granularity), _istr(tv.tz), _istr(tv.anchor), _istr(tv.mod), tv.confidence)
    return _part(t, (t, type(tv.confidence), str(tv.confidence), _types(tv.evidence)))


def _thaw_time(t: tuple | None) -> TimeValue | None:
    if t is None:
        return None
    return TimeValue(t[0], t[1], t[2], list(t[3]), t[4], t[5], t[6], t[7], t[8], t[9], t[10])


def _freeze_place(p: Place | None) -> tuple | None:
    if p is None:
        return None
    t = (_istr(p.name), _istr(p.country), tuple(p.evidence))
    return _part(t, (t, _types(p.evidence)))


def _types(spans: list[Span]) -> tuple:
    return tuple((type(s.start), type(s.end)) for s in spans)


def _thaw_place(t: tuple | None) -> Place | None:
    return None if t is None else Place(t[0], t[1], list(t[2]))


def _tuple(items: list) -> tuple:
    return tuple(items) if items else _NO_LIST


def freeze_event(ev: Event, article_id: str | None = None, share_reason: bool = True) -> tuple:
    """``ev`` as a tuple of shared parts; ``article_ids`` equal to ``[article_id]`` are kept as None.

    ``share_reason=False`` for a canonical event, whose date reason is its own."""
    ids = None if article_id is not None and len(ev.article_ids) == 1 and ev.article_ids[0] == article_id \
        else _tuple(ev.article_ids)
    reason = _istr(ev.date_reason) if share_reason else ev.date_reason
    return (ev.id, sys.intern(ev.event), _part(tuple(_freeze_actor(a) for a in ev.actor)),
            _part(tuple(_freeze_actor(a) for a in ev.recipient)), sys.intern(ev.status), _tuple(ev.evidence),
            _number(ev.confidence), _istr(ev.mode), _part(tuple(ev.context)), ev.quad_code, _istr(ev.cameo),
            _freeze_time(ev.date), reason, _freeze_place(ev.event_loc), _part(tuple(ev.topics)),
            ev.event_text, ids)


def thaw_event(t: tuple, article_id: str | None = None, parts: dict[int, Any] | None = None) -> Event:
    """A fresh ``Event`` equal to the one ``freeze_event`` was given.

    With ``parts`` (a dict kept across calls), events thawed together share their equal actors,
    dates and places, as the records they came from did: a million thawed events must fit too."""
    if parts is None:
        actors = [_thaw_actor(a) for a in t[2]]
        recipients = [_thaw_actor(a) for a in t[3]]
        date, loc = _thaw_time(t[11]), _thaw_place(t[13])
    else:
        actors = [_shared_thaw(parts, a, _thaw_actor) for a in t[2]]
        recipients = [_shared_thaw(parts, a, _thaw_actor) for a in t[3]]
        date = None if t[11] is None else _shared_thaw(parts, t[11], _thaw_time)
        loc = None if t[13] is None else _shared_thaw(parts, t[13], _thaw_place)
    return Event(t[0], t[1], actors, recipients, t[4], list(t[5]),
                 t[6], mode=t[7], context=list(t[8]), quad_code=t[9], cameo=t[10], date=date,
                 date_reason=t[12], event_loc=loc, topics=list(t[14]), event_text=t[15],
                 article_ids=list(t[16]) if t[16] is not None else [article_id] if article_id is not None else [])


def _shared_thaw(parts: dict[int, Any], frozen: tuple, thaw: Any) -> Any:
    got = parts.get(id(frozen))  # frozen parts are kept alive by the index while thawing
    if got is None:
        got = parts[id(frozen)] = thaw(frozen)
    return got
