"""Cross-article event merging: every report of one real event becomes one canonical event.

Two reports are *compatible* when nothing about them says they are different events: same PLOVER
type and status, no phone call against an in-person mode, overlapping participants with no named
person contradicting another for the same side (the outgoing minister's farewell call is not the
new minister's first call), overlapping time intervals (so two meetings of the same leaders on
different days stay apart, and a morning call is not an evening call; readings made in different
time zones may be off by the zones' difference) and no other place (Kharkiv is not Kyiv; "Ukraine"
says nothing more than the country). Reports are then grouped by a deterministic complete-link
agglomeration: candidate pairs are merged best score first, and two groups join only when *every*
cross pair is compatible, so a vague report ("this week") can join one of two meetings but never
bridge them.

Cost stays linear: candidates come from blocking keys (type, status, participant pair, day), and
agglomeration runs only inside a connected component of the compatibility graph, which a new
report touches locally. No library clusters with cannot-link constraints incrementally, hence the
hand-written union-find and agglomeration (both a few lines).
"""

from __future__ import annotations

import dataclasses
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from teller.records import Actor, Event, Place, TimeValue, content_id
from teller.stories.codec import freeze_event, parse_instant, shared_value, thaw_event, time_interval

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase

_DAY = 86400.0
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Reports of one event name each other's sides either way round for these types.
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Modes that say the parties did not meet in person (a call is never the meeting).
REMOTE_MODES = frozenset({"phone"})
#: Days before/after publication an undated (or publication-dated) report may refer to.
UNDATED_BEFORE, UNDATED_AFTER = 4 * _DAY, 1 * _DAY
PLANNED_AFTER = 60 * _DAY
#: A weekday said without a date ("on Thursday") is one of the seven days up to publication.
WEEKDAY_BEFORE = 7 * _DAY
#: A month and day said without a year ("on 8 March") lies within a month of publication.
MONTH_DAY_AROUND = 31 * _DAY
#: Unresolved TIMEX values that still name days: a weekday (XXXX-WXX-4) or a month-day (XXXX-03-08).
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])\b")
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)\b")
#: A day of the month said alone (15日, "the 15th"): XXXX-XX-15.
_MONTH_DATE = re.compile(r"^XXXX-XX-(\d\d)\b")
#: Intervals longer than this are too vague to block on by day; they block on the month.
MAX_BLOCK_DAYS = 10
#: A vague report (an undated plan: 60 days) looks for precise ones over at most this many days.
MAX_QUERY_DAYS = 62
#: Types where two places in one country mean two events (strikes on two cities); for talks the
#: coder's place names vary too much ("Beijing", "the Great Hall of the People") to tell.
PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})


def shared(value: Any) -> Any:
    """One object per distinct small tuple or interval bound (``codec.shared_value``)."""
    return shared_value(value)


def party(actor: Actor) -> str:
    """The side an actor stands for: its country, or itself when it has none (IGOs, groups)."""
    return actor.country or actor.id


def is_person(actor: Actor) -> bool:
    return actor.kind == "person"


#: ``date_reason`` openings of a day lent by the article's lede (``events.dating``): the day of
#: the report's news, not of this event's own telling. Such a report merges as an undated one
#: (its window is the publication's), and its day stands for the event only when no report of
#: it has a date of its own, before a publication-day fallback.
LEDE_REASONS = ("date of the article's lede event", "day of the article's opening sentence")


def is_fallback(event: Event) -> bool:
    """Dated only by the publication time or the article's lede (the coder says so in
    ``date_reason``)."""
    reason = (event.date_reason or "").casefold()
    return event.date is None or "fallback" in reason or "publication" in reason or reason.startswith(LEDE_REASONS)


def lent_by_lede(event: Event) -> bool:
    return (event.date_reason or "").casefold().startswith(LEDE_REASONS)


@dataclass(slots=True)
class Report:
    """The facts about one per-article event that merging needs, kept compact for 1M reports."""

    id: str
    article_id: str
    published: float
    event: str
    status: str
    mode: str | None
    parties: tuple[str, ...]  # sorted; tuples, not sets: a million reports must fit in memory
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    persons: tuple[tuple[str, str], ...]  # (party, person actor id), sorted
    lo: float
    hi: float
    dated: bool  # interval from the event's own date, not the publication window
    day: str | None  # the calendar day the report names (YYYY-MM-DD), if it names one
    zone: float | None  # UTC offset (seconds) the date was read in, if dated
    place_country: str | None
    place_name: str | None
    record: tuple  # the Event itself, frozen (codec.freeze_event): ``event_record()`` thaws it
    canon: str | None = None  # the canonical event it was last merged into (set when reading)
    #: an unresolved value that still names days (XXXX-WXX-4, XXXX-03-08) of an article with no
    #: publication time: it narrows the window once the article's story gives one
    when: str | None = None

    def story_day(self) -> str | None:
        """The day an undated report's weekday or month-day names in the days of its story
        (``undated_span`` narrowed it to one), e.g. '2024-03-07'; else None."""
        if self.dated or not self.when or self.unbounded or self.hi - self.lo != _DAY:
            return None
        return datetime.fromtimestamp(self.lo, UTC).date().isoformat()

    @property
    def unbounded(self) -> bool:
        """No time known at all (no date, no publication time, no dated story to borrow one from):
        such a report only meets reports as unbounded as itself with the same type, status and sides."""
        return self.lo == -math.inf

    def event_record(self) -> Event:
        """The per-article Event (a fresh, equal copy)."""
        return thaw_event(self.record, self.article_id)

    @classmethod
    def of(cls, ev: Event, article_id: str, published: float | None, *,
           is_country: Callable[[str], bool] | None = None, window: tuple[float, float] | None = None,
           when: str | None = None) -> Report:
        """The report of ``ev``; ``is_country`` says whether a place name is a country's (from the
        caller's knowledge base, see :func:`country_names`); without it only the names of the
        participant states do.

        ``published`` None: the article has no known time. Its undated report then takes its
        publication window from ``window`` (the publication span of the dated articles its story
        links it to), narrowed to the days ``when`` names; with no window it is unbounded."""
        # an actor the resolver could not place ("farmers") says nothing about sides: skip it,
        # unless its country is known ("police" in Seoul): then it stands for that side
        actors = [a for a in ev.actor if a.kind != "unresolved" or a.country]
        recipients = [a for a in ev.recipient if a.kind != "unresolved" or a.country]
        src = shared(tuple(sorted({party(a) for a in actors})))
        tgt = shared(tuple(sorted({party(a) for a in recipients})))
        persons = shared(tuple(sorted({(party(a), a.id) for a in (*actors, *recipients) if is_person(a)})))
        span = None if is_fallback(ev) else time_interval(ev.date)
        dated = span is not None
        if span is None:
            if published is not None:
                window = (published, published)
            span = (-math.inf, math.inf) if window is None else undated_span(ev.status, window, when)
        loc = ev.event_loc
        name = loc.name.casefold().strip() if loc and loc.name else None
        if name and _country_level(name, (*ev.actor, *ev.recipient), is_country):
            name = None  # "Ukraine" says no more than the country does
        return cls(
            id=ev.id, article_id=article_id, published=0.0 if published is None else published, event=ev.event,
            status=ev.status, mode=ev.mode or None, parties=shared(tuple(sorted({*src, *tgt}))), src=src, tgt=tgt,
            persons=persons, lo=shared(span[0]), hi=shared(span[1]),
            dated=dated, day=_calendar_day(ev) if dated else None,
            zone=_zone(ev.date) if dated else None,
            place_country=sys.intern(loc.country) if loc and loc.country else None,
            place_name=sys.intern(name) if name else name, record=freeze_event(ev, article_id),
            when=sys.intern(when) if when and not dated else None,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """Pairs of sides (a one-sided report gives its side with an empty partner)."""
        p = self.parties
        return [(a, b) for i, a in enumerate(p) for b in p[i + 1 :]] or [(x, "") for x in p]

    def days(self) -> list[int]:
        """Day numbers (UTC) the report is indexed under; ``[-1]`` when it is too vague, ``[-2]``
        when it is unbounded (a bucket of its own: it meets no bounded report)."""
        if self.unbounded:
            return [UNBOUNDED_DAY]
        if (self.hi - self.lo) / _DAY > MAX_BLOCK_DAYS:
            return [-1]
        return list(range(int(self.lo // _DAY), int(math.ceil(self.hi / _DAY))))

    def query_days(self) -> list[int]:
        """Day numbers to look candidates up under: its own days and the vague bucket; a vague
        report looks up every day of its interval (up to ``MAX_QUERY_DAYS``), so a vague and a
        precise report meet whichever comes first."""
        days = self.days()
        if days == [UNBOUNDED_DAY]:
            return days
        if days != [-1]:
            return days + [-1]
        if (self.hi - self.lo) / _DAY > MAX_QUERY_DAYS:
            return [-1]
        return [-1, *range(int(self.lo // _DAY), int(math.ceil(self.hi / _DAY)))]


UNBOUNDED_DAY = -2


def undated_span(status: str, window: tuple[float, float], when: str | None) -> tuple[float, float]:
    """Where an undated report of an article published within ``window`` may lie: a few days
    before to a day after (a plan: up to two months after), or the days ``when`` names in reach."""
    lo, hi = window
    weekday, month_day = _WEEKDAY.match(when or ""), _MONTH_DAY.match(when or "")
    month_date = _MONTH_DATE.match(when or "")
    if weekday or month_day or month_date:
        before, after = (WEEKDAY_BEFORE, 7 * _DAY) if weekday else (MONTH_DAY_AROUND, MONTH_DAY_AROUND)
        if status != "planned":
            after = UNDATED_AFTER
        days = _matching_days(lo - before, hi + after, weekday, month_day, month_date)
        if days and (weekday or month_date):
            # one day of that name: the last before the story's reports ("on Friday" in news of
            # the weekend), a plan's the first from the story's first report on
            ahead = [d for d in days if d * _DAY >= lo - _DAY]
            day = (ahead or days)[0] if status == "planned" else days[-1]
            return day * _DAY, (day + 1) * _DAY
        if days:
            return days[0] * _DAY, (days[-1] + 1) * _DAY
    if status == "planned":
        return lo, hi + PLANNED_AFTER
    return lo - UNDATED_BEFORE, hi + UNDATED_AFTER


def _matching_days(lo: float, hi: float, weekday: re.Match | None, month_day: re.Match | None,
                   month_date: re.Match | None = None) -> list[int]:
    """UTC day numbers within ``[lo, hi)`` that are the weekday, month-day or day of the month named."""
    out = []
    for d in range(int(lo // _DAY), int(math.ceil(hi / _DAY))):
        t = datetime.fromtimestamp(d * _DAY, UTC)
        if weekday and t.isoweekday() == int(weekday[1]) or \
                month_day and (t.month, t.day) == (int(month_day[1]), int(month_day[2])) or \
                month_date and t.day == int(month_date[1]):
            out.append(d)
    return out


def compatible(a: Report, b: Report) -> bool:
    """Could ``a`` and ``b`` be two reports of one real event? (symmetric; no false 'no'.)"""
    if a.article_id == b.article_id or a.event != b.event or a.status != b.status:
        return False
    if a.unbounded != b.unbounded or a.unbounded and a.parties != b.parties:
        return False  # with no time to tell two events apart, all the sides must agree
    if _modes_conflict(a.mode, b.mode):
        return False
    shared = [p for p in a.parties if p in b.parties]
    if len(shared) < min(2, len(a.parties), len(b.parties)):
        return False
    if a.persons and b.persons:
        for p in shared:
            pa = {x for q, x in a.persons if q == p}
            pb = {x for q, x in b.persons if q == p}
            if pa and pb and not (pa & pb):
                return False  # different people speak for the same side
    if a.event not in SYMMETRIC and _swapped(a, b):
        return False
    slack = _zone_slack(a, b)
    if a.hi + slack <= b.lo or b.hi + slack <= a.lo:
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if a.event in PLACE_TYPES and a.place_name and b.place_name and not _same_place(a.place_name, b.place_name):
        return False  # Kharkiv is not Kyiv, even on the same day
    return True


def _zone_slack(a: Report, b: Report) -> float:
    """Seconds by which two readings made in different zones may be off.

    A coder reads "Monday evening" in the paper's zone, not the event's; when two reports read
    their times in zones apart by h hours, one of them may be off by up to h hours. Reports read
    in one zone keep strict intervals (the farewell call in the morning, the first call in the
    evening)."""
    if a.zone is None or b.zone is None:
        return 0.0
    return abs(a.zone - b.zone)


def _zone(tv: TimeValue | None) -> float | None:
    start = parse_instant(tv.start) if tv else None
    off = start.utcoffset() if start else None
    return shared(off.total_seconds()) if off is not None else None


def _calendar_day(ev: Event) -> str | None:
    value = ev.date.value if ev.date else ""
    return sys.intern(value[:10]) if _DAY_VALUE.match(value) else None


def _same_place(a: str, b: str) -> bool:
    return a == b or a in b or b in a


def _country_level(name: str, actors: tuple[Actor, ...], is_country: Callable[[str], bool] | None) -> bool:
    """Is a place name just a country (named by a participant state or known to the KB)?"""
    if any(a.kind == "state" and name in (a.name.casefold(), *(x.casefold() for x in a.aliases)) for a in actors):
        return True
    return bool(is_country and is_country(name))


def country_names(kb: KnowledgeBase) -> Callable[[str], bool]:
    """``name -> is it a country's name in kb`` (memoised: place names repeat across reports)."""

    @lru_cache(maxsize=4096)
    def is_country(name: str) -> bool:
        return kb.country(name) is not None

    return is_country


def _modes_conflict(a: str | None, b: str | None) -> bool:
    """Only a remote mode against an in-person one is a hard difference: coders disagree on the
    others ("visit" or "multilateral" for one summit) far more often than events differ by them."""
    return bool(a and b and a != b and (a in REMOTE_MODES) != (b in REMOTE_MODES))


def _swapped(a: Report, b: Report) -> bool:
    return bool(a.src and a.tgt and b.src and b.tgt and a.src == b.tgt and a.tgt == b.src and a.src != a.tgt)


def score(a: Report, b: Report) -> float:
    """How alike two compatible reports are; decides which merges happen first."""
    shared = sum(1 for p in a.parties if p in b.parties)
    s = shared / max(1, len(a.parties) + len(b.parties) - shared)
    shared_people = sum(1 for x in a.persons if x in b.persons)
    s += 0.5 * min(2, shared_people)
    if not (a.unbounded or b.unbounded):
        inter = min(a.hi, b.hi) - max(a.lo, b.lo)
        s += inter / max(1.0, min(a.hi - a.lo, b.hi - b.lo))
    s += 0.5 * (a.dated and b.dated) + 0.25 * (a.mode is not None and a.mode == b.mode)
    # the same calendar day, as each report reads it: decides between two days that zones make overlap
    s += 0.75 * (a.day is not None and a.day == b.day)
    s -= 0.25 * (a.mode is not None and b.mode is not None and a.mode != b.mode)
    s += 0.25 * (a.place_name is not None and a.place_name == b.place_name)
    return s


def cluster(reports: list[Report]) -> list[list[Report]]:
    """Complete-link agglomeration over one component; the result depends on the set only."""
    reports = sorted(reports, key=lambda r: r.id)
    n = len(reports)
    ok = [[False] * n for _ in range(n)]
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            if compatible(reports[i], reports[j]):
                ok[i][j] = ok[j][i] = True
                pairs.append((-score(reports[i], reports[j]), reports[i].id, reports[j].id, i, j))
    pairs.sort()
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, _, _, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi == gj or not all(ok[x][y] for x in members[gi] for y in members[gj]):
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for x in members[drop]:
            group[x] = keep
        members[keep].extend(members.pop(drop))
    return [[reports[i] for i in sorted(m)] for _, m in sorted(members.items())]


# --- the canonical record ---------------------------------------------------------------------

def canonical_id(members: Iterable[Report]) -> str:
    """Named after the earliest report (publication time, then id): adding later reports keeps it."""
    seed = min(members, key=lambda r: (r.published, r.id))
    return content_id("evt", "canonical", seed.id)


def _union_actors(lists: Iterable[list[Actor]]) -> list[Actor]:
    support: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    for actors in lists:
        for a in {a.id: a for a in actors}.values():
            support[a.id] += 1
            first.setdefault(a.id, a)
    return [first[i] for i in sorted(support, key=lambda i: (-support[i], i))]


#: A date the text states as a calendar day ("on 5 June", "June 5, 2017", "5/6/2017").
_STATED_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2}|[A-Z][a-z]{2}[a-z]*\.?\s+\d{1,2}\b|\d{4}-\d\d-\d\d|"
                         r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}日")
#: Evidence behind a report's date, best last: the reading of the best-evidenced reports wins.
DATE_EVIDENCE = ("publication fallback", "another event's date", "weekday read in its story's days",
                 "relative day", "stated day")
STORY_DAY = DATE_EVIDENCE.index("weekday read in its story's days")
#: How the coder says an event's time expression could not be resolved ("'Friday' cannot be
#: dated: no publication time"): the expression is quoted for the story stage to read.
CANNOT_DATE = re.compile(r"^'(.+?)' cannot be dated")


def date_evidence(e: Event, report: Report) -> int:
    """How a report's date was found (an index into :data:`DATE_EVIDENCE`)."""
    if not report.dated or e.date is None:
        return STORY_DAY if report.story_day() else 0
    if (e.date_reason or "").startswith("date of the"):
        return 1  # borrowed from the event it elaborates, or from the talks it was said in
    return 4 if _STATED_DAY.search(e.date.text or "") else 3


def story_reading(e: Event, report: Report) -> TimeValue | None:
    """The date of an undated report of an article with no publication time, read from the
    weekday (or month-day) it names in the days of the story it joined: 'on Friday' in a story
    whose dated reports appeared on Saturday 16 August is Friday 15 August."""
    day = report.story_day()
    if day is None:
        return None
    said = CANNOT_DATE.match(e.date_reason or "")
    start = datetime.fromtimestamp(report.lo, UTC)
    return TimeValue(value=day, type="DATE", text=said[1] if said else "", evidence=[],
                     start=start.isoformat(), end=datetime.fromtimestamp(report.hi, UTC).isoformat(),
                     granularity="day", anchor="story", confidence=0.4)


def _readings(events: list[Event], reports: dict[str, Report]) -> list[Event]:
    """The reports with a reading of the event's day: their own date, or a day read in their
    story (``story_reading``, put in place of the missing date)."""
    out = []
    for e in events:
        r = reports[e.id]
        if r.dated and e.date is not None:
            out.append(e)
        elif (tv := story_reading(e, r)) is not None:
            out.append(dataclasses.replace(e, date=tv))
    return out


def best_date(events: list[Event], reports: dict[str, Report]) -> tuple[TimeValue | None, str | None]:
    """The reading of the best-evidenced reports (a stated day over a weekday over a weekday
    read in the story of an undated page over a borrowed date; the publication fallback only
    when no report dates the event) that most of them support; finer readings inside a
    supported one win ties. Reports that name other days are listed in the reason as a
    disagreement."""
    dated = _readings(events, reports)
    if not dated:
        fallback = [e for e in events if e.date is not None]
        if not fallback:
            return None, "no report dates the event"
        first = min(fallback, key=lambda e: (not lent_by_lede(e), reports[e.id].published, e.id))
        n = len(events)
        if lent_by_lede(first):
            return first.date, f"no report dates the event itself; the day of its report's lede, one of {n} reports"
        return first.date, f"no report dates the event itself; publication-date fallback of the first of {n} reports"
    rank = {e.id: date_evidence(e, reports[e.id]) for e in dated}
    top = max(rank.values())
    best_evidenced = [e for e in dated if rank[e.id] == top]
    by_value: dict[str, list[Event]] = defaultdict(list)
    for e in best_evidenced:
        by_value[e.date.value].append(e)  # type: ignore[union-attr]

    def support(value: str) -> tuple[int, float, str]:
        r = reports[by_value[value][0].id]
        agree = sum(1 for e in best_evidenced if reports[e.id].lo <= r.lo and r.hi <= reports[e.id].hi
                    or e.date is not None and e.date.value == value)
        return (agree, -(r.hi - r.lo), value)

    ranked = sorted(by_value, key=support, reverse=True)
    best = ranked[0]
    agree = support(best)[0]
    chosen = min(by_value[best], key=lambda e: (reports[e.id].published, e.id)).date
    reason = (f"{best}: {len(by_value[best])} of {len(events)} reports give it ({DATE_EVIDENCE[top]}), "
              f"{agree} are consistent with it")
    if len(dated) < len(events):
        reason += f"; {len(events) - len(dated)} undated"
    b = reports[by_value[best][0].id]
    rivals = Counter(e.date.value for e in dated  # type: ignore[union-attr]
                     if not (reports[e.id].lo < b.hi and b.lo < reports[e.id].hi))  # days that cannot both hold
    if rivals:
        reason += "; reports disagree: " + ", ".join(f"{v} ({n})" for v, n in sorted(rivals.items()))
    return chosen, reason


def _majority(values: Iterable[object]) -> object:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], str(v)))


def build(events: list[Event], reports: dict[str, Report]) -> Event:
    """One canonical Event from its reports (ordered by their articles' publication, then id)."""
    events = sorted(events, key=lambda e: (reports[e.id].published, reports[e.id].article_id, e.id))
    seed = events[0]
    if len(events) == 1:  # one report: the record itself under its canonical id
        lone = dataclasses.replace(seed, id=canonical_id([reports[seed.id]]),
                                   article_ids=[reports[seed.id].article_id])
        read = story_reading(seed, reports[seed.id])
        if read is not None:  # an undated page's weekday, read in the days of its story
            lone.date, lone.date_reason = read, f"{read.value}: {read.text!r} read in the days of its story " \
                                                "(the article has no publication time)"
        return lone
    date, reason = best_date(events, reports)
    order = {reports[e.id].article_id: reports[e.id].published for e in events}
    article_ids = sorted(order, key=lambda a: (order[a], a))
    places = [e.event_loc for e in events if e.event_loc is not None]
    loc_name = _majority(p.name for p in places)
    loc: Place | None = next((p for p in places if p.name == loc_name), None)
    return Event(
        id=canonical_id(reports[e.id] for e in events), event=seed.event,
        actor=_union_actors(e.actor for e in events), recipient=_union_actors(e.recipient for e in events),
        status=seed.status, evidence=[s for e in events for s in e.evidence],
        confidence=max(e.confidence for e in events),
        mode=_majority(e.mode for e in events),  # type: ignore[arg-type]
        context=sorted({c for e in events for c in e.context}),
        quad_code=_majority(e.quad_code for e in events),  # type: ignore[arg-type]
        cameo=_majority(e.cameo for e in events),  # type: ignore[arg-type]
        date=date, date_reason=reason, event_loc=loc,
        topics=sorted({t for e in events for t in e.topics}),
        event_text=seed.event_text, article_ids=article_ids,
    )


class UnionFind:
    """Union-find over string keys; components only grow, so the result is order-free.

    Lazy: a key never united with another is its own root and takes no memory.
    """

    __slots__ = ("parent",)

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        if x not in parent:
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        self.parent.setdefault(keep, keep)
        self.parent[drop] = keep
        return keep
