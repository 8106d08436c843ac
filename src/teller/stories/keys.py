"""What ``StoryIndex`` files articles and event reports under: blocking keys.

An article is keyed by the people and the pairs of sides it is about (``story_keys``), an event
report by its type, status, sides and days packed into ints (``event_keys``), so that finding
candidates is a few dictionary look-ups. Also: an article's time for the story window
(``article_time``), who it is about (``entities``) and the day an undated event still names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from teller.records import Analysis, Event
from teller.stories import merge
from teller.stories.codec import epoch, time_interval

_DAY = 86400.0
#: Blocking keys are ints: codes of their parts, 32 bits each (the day as a 32-bit two's complement).
KEY_BITS = 32
KEY_MASK = (1 << KEY_BITS) - 1
#: Codes of the two marker "sides" of event keys: any side (``*``) and a one-sided report (``lone``).
ANY_SIDE, LONE_SIDE = 1, 2
#: Buckets of blocking keys up to this size are tuples (most hold a few reports), bigger ones lists.
TUPLE_BUCKET = 16
#: Sides of an article that make story keys (pairs of them); more would multiply keys.
MAX_SIDES = 6


def article_time(analysis: Analysis) -> float | None:
    """Publication time in epoch seconds; else the latest day a happened event is dated to (an
    article is written after what it reports; a year or a month, "a 2013 agreement", is
    background, not a time of writing); else None (unknown)."""
    t = epoch(analysis.article.published)
    if t is not None:
        return t
    starts = [iv[0] for e in analysis.events if e.status == "happened" and (iv := time_interval(e.date)) is not None
              and iv[1] - iv[0] <= 2 * _DAY]
    return max(starts) if starts else None


_DAY_NAMING = re.compile(r"^XXXX-(?:WXX-[1-7]|\d\d-\d\d|XX-\d\d)")


def unresolved_days(analysis: Analysis, ev: Event) -> str | None:
    """The unresolved value of the time expression an undated event could not be dated by
    (its ``date_reason`` quotes it), when it still names days: a weekday, a month and day, or
    a day of the month (15日, "the 15th")."""
    m = merge.CANNOT_DATE.match(ev.date_reason or "") if ev.date is None else None
    if m is None:
        return None

    def inside(tv: Any) -> bool:
        return any(s.start <= t.start and t.end <= s.end for t in tv.evidence for s in ev.evidence)

    said = [tv for tv in analysis.timexes if tv.text == m[1] and _DAY_NAMING.match(tv.value or "")]
    tv = next((tv for tv in said if inside(tv)), said[0] if said else None)
    return tv.value if tv is not None else None


def entities(analysis: Analysis) -> tuple[str, ...]:
    """Who an article is about: resolved mention actors and event participants, and their sides.
    Unresolved actors are left out: they are the article's own words ("police", 合同捜査本部), no
    identity another article (or language) could share, and they only dilute the overlap."""
    out: set[str] = set()
    actors = [m.actor for m in analysis.mentions if m.actor is not None]
    actors += [a for m in analysis.mentions for a in m.members]
    actors += [a for e in analysis.events for a in (*e.actor, *e.recipient)]
    for a in actors:
        if a.kind == "unresolved":
            continue
        out.add(a.id)
        out.add(merge.party(a))
    return tuple(sorted(out))


def story_keys(analysis: Analysis) -> tuple[str, ...]:
    """Blocking keys for story candidates: named people and pairs of sides.

    A single busy side ("USA") would put thousands of articles a day in one bucket; the people
    and the dyads an article is about are specific enough to keep buckets short. Only an article
    whose events name no dyad is also keyed by its (at most three) most mentioned sides alone.
    """
    people: set[str] = set()
    sides: set[str] = set()
    for e in analysis.events:
        for a in (*e.actor, *e.recipient):
            sides.add(merge.party(a))
            if merge.is_person(a):
                people.add(a.id)
    counts: dict[str, int] = defaultdict(int)
    for m in analysis.mentions:
        for a in ([m.actor] if m.actor else []) + list(m.members):
            if merge.is_person(a):
                people.add(a.id)
            counts[merge.party(a)] += 1
    singles: list[str] = []
    if len(sides) < 2:  # no dyad from the events: the most mentioned sides, alone and in pairs
        singles = sorted(sides | set(sorted(counts, key=lambda k: (-counts[k], k))[:3]))
        sides.update(singles)
    ordered = sorted(sides)[:MAX_SIDES]
    pairs = [f"{a}+{b}" for i, a in enumerate(ordered) for b in ordered[i + 1:]]
    return tuple(sorted(people) + pairs + singles)


def event_keys(rep: merge.Report, code: Any) -> tuple[list[int], list[int]]:
    """(keys to index a report under, keys to look up its candidates under).

    Reports naming two or more sides meet on side pairs; a report naming one side only ("Japan
    held talks") meets every report with that side, and those find it on its ``lone`` keys, so
    each compatible pair is seen whichever report comes first without scanning a busy side.
    Keys are ints packing (type and status, side, side, day), 32 bits each, the sides as their
    ``code``: a million reports' keys must fit in memory.
    """
    head = code((rep.event, rep.status)) << KEY_BITS
    days = [d & KEY_MASK for d in rep.days()]
    ask = [d & KEY_MASK for d in rep.query_days()]
    sides = [(head | code(p)) << KEY_BITS for p in rep.parties]
    party = [(s | ANY_SIDE) << KEY_BITS | d for s in sides for d in days]
    lone = [(s | LONE_SIDE) << KEY_BITS | d for s in sides for d in days]
    if len(sides) == 1:
        return party + lone, [(s | ANY_SIDE) << KEY_BITS | d for s in sides for d in ask]
    pairs = [((head | code(a)) << KEY_BITS | code(b)) << KEY_BITS for a, b in rep.pairs()]
    pair_keys = [p | d for p in pairs for d in days]
    return pair_keys + party, ([p | d for p in pairs for d in ask]
                               + [(s | LONE_SIDE) << KEY_BITS | d for s in sides for d in ask])


def push(index: dict[int, Any], key: int, value: str | int) -> None:
    """Add ``value`` under ``key``: bare for the first, then a tuple, then a list."""
    got = index.get(key)
    if got is None:
        index[key] = value
    elif type(got) is tuple:  # small buckets are tuples (a list spares room to grow)
        index[key] = got + (value,) if len(got) < TUPLE_BUCKET else [*got, value]
    elif type(got) is list:
        got.append(value)
    else:
        index[key] = (got, value)
