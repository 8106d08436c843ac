"""Records <-> plain JSON dicts, and the time helpers every part of ``teller.stories`` shares.

``records.to_dict`` turns records into dicts; the store keeps a :class:`StoryIndex` between runs
as such dicts, so the way back (dict -> ``Event``/``Analysis``) lives here. Hand-written because
the records are plain dataclasses (no pydantic) and the inverse is a dozen lines.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

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
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def epoch(s: str | None) -> float | None:
    dt = parse_instant(s)
    return dt.timestamp() if dt else None


def value_interval(value: str, tz: timezone = timezone.utc) -> tuple[float, float] | None:
    """The interval a bare TIMEX3 date value denotes (used when a TimeValue has no start/end)."""
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
