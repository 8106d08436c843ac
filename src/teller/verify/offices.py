"""Stale titles: a person given an office they did not hold on the day of the event.

"Foreign Minister Hayashi held talks on Thursday", in a report of 14 September 2023, names the
minister who left office the day before: machine translation and recycled wire copy keep old
titles. The knowledge base knows office tenures, so the check is exact where it speaks. To stay
quiet on legitimate historical titles ("Prime Minister Shinzo Abe visited Pearl Harbor"), it
looks only at events the text itself dates (not the publication-date fallback), only at titled
mentions inside that event's own sentences, and never at "former", "then-", "ex-", "late",
"incoming", "outgoing" or "-elect" titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from teller.records import Actor, Event, Flag, Mention, Span

_NOT_CURRENT = re.compile(r"\b(?:former|then|ex|late|incoming|outgoing|acting|interim|future|"
                          r"previous|past|erstwhile|one-time)\b|-elect\b", re.I)
#: Handovers are reported loosely for a day or two around the change.
GRACE = timedelta(days=2)
#: How much a stale title lowers the confidence of the event it dates.
STALE_PENALTY = 0.2


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _in_office(actor: Actor, day: date) -> bool | None:
    """Whether ``actor`` held its ``role`` on ``day`` (None when the tenure is unknown)."""
    start, end = _day(actor.role_start), _day(actor.role_end)
    if start is None and end is None:
        return None
    if start is not None and day < start - GRACE:
        return False
    if end is not None and day > end + GRACE:
        return False
    return True


def _held_then(kb: Any, actor: Actor, day: date) -> bool:
    """Another KB tenure of the same person in the same role covering ``day``."""
    if kb is None:
        return False
    try:
        found = kb.lookup(actor.name, day)
    except Exception:  # noqa: BLE001 — a KB failure means no claim
        return True
    return any(a.id == actor.id and a.role == actor.role and _in_office(a, day) for a in found)


def stale_titles(text: str, mentions: Sequence[Mention], events: Sequence[Event], *, kb: Any = None) -> list[Flag]:
    """``stale_title`` warnings: evidence is the titled mention, then the event's date. The
    event's confidence drops by ``STALE_PENALTY`` (once per event): a date outside the tenure of
    an office the text names is either a wrong date or a wrong title, and the record cannot say
    which."""
    flags: list[Flag] = []
    seen: set[Span] = set()
    lowered: set[int] = set()
    titled = [m for m in mentions if m.kind == "title" and m.actor is not None and m.actor.kind == "person"
              and m.actor.role and m.evidence]
    if not titled:
        return flags
    for ev in events:
        tv = ev.date
        if tv is None or tv.anchor == "publication" or not ev.evidence:
            continue
        day = _day(tv.value)
        if day is None or tv.granularity not in (None, "day", "part_of_day", "hour", "minute"):
            continue
        people = {a.id: a for a in (*ev.actor, *ev.recipient) if a.kind == "person"}
        for m in titled:
            actor = m.actor
            assert actor is not None
            sp = min(m.evidence)
            inside = any(e.start <= sp.start and sp.end <= e.end for e in ev.evidence)
            if actor.id not in people or sp in seen or not inside:
                continue
            if _NOT_CURRENT.search(m.text) or _NOT_CURRENT.search(text, max(0, sp.start - 10), sp.start):
                continue
            if _in_office(actor, day) is not False or _held_then(kb, actor, day):
                continue
            seen.add(sp)
            if id(ev) not in lowered:
                lowered.add(id(ev))
                ev.confidence = round(max(0.05, ev.confidence - STALE_PENALTY), 3)
            tenure = f"{actor.role_start or '?'} to {actor.role_end or 'now'}"
            flags.append(Flag(
                kind="stale_title",
                severity="warning",
                message=(f"{m.text!r}: {actor.name} was {actor.role} from {tenure}, "
                         f"but the event is dated {day.isoformat()}"),
                evidence=[sp, *tv.evidence[:1]],
            ))
    return flags
