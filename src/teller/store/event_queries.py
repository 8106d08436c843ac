"""Reading events: the filters of every event list, pages (offset or keyset), counts, one
event with what its page shows beside it, and :class:`~teller.records.Event` records built with
one query per table per page (no per-row queries).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection, Engine

from teller.records import (
    PLOVER_TYPES,
    Event,
    Span,
)
from teller.store.flat import listing_pages
from teller.store.opening import (
    as_date,
    like_pattern,
    one_of,
)
from teller.store.rows import (
    actor_from_row,
    event_from_row,
)
from teller.store.tables import (
    ACTORS,
    ARTICLES,
    BRIEFS,
    EVENT_ACTORS,
    EVENT_ARTICLES,
    EVENTS,
    EVIDENCE,
    MAX_LIMIT,
    STATUSES,
)

_ISO3 = re.compile(r"^[A-Za-z]{3}$")


class EventQueries:
    """The event reads of :class:`~teller.store.Store` (a mixin: it needs ``self.engine``)."""

    engine: Engine

    @staticmethod
    def _event_filters(country: str | None, event: str | None, status: str | None,
                       start: date | str | None, end: date | str | None, q: str | None,
                       include_superseded: bool) -> list[Any]:
        """WHERE clauses for an event listing; raises ValueError with a message on bad values."""
        where: list[Any] = []
        if not include_superseded:
            where.append(EVENTS.c.superseded_by.is_(None))
        if event:
            if event.upper() not in PLOVER_TYPES:
                raise ValueError(f"unknown event type {event!r}; one of {', '.join(PLOVER_TYPES)}")
            where.append(EVENTS.c.event == event.upper())
        if status:
            if status.lower() not in STATUSES:
                raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
            where.append(EVENTS.c.status == status.lower())
        if country:
            if not _ISO3.match(country):
                raise ValueError(f"country must be an ISO 3166 alpha-3 code like JPN, not {country!r}")
            # id IN (the country's events), not a correlated EXISTS: the subquery is read once
            # from the country's actors (indexed), then each event is a lookup in its result,
            # instead of two index searches per event; counts and timelines over 100k events
            # with a country filter were seconds.
            where.append(EVENTS.c.id.in_(
                select(EVENT_ACTORS.c.event_id).join(ACTORS, ACTORS.c.id == EVENT_ACTORS.c.actor_id)
                .where(ACTORS.c.country == country.upper())))
        first, last = as_date(start, "start"), as_date(end, "end")
        if first and last and first > last:
            raise ValueError(f"start {first} is after end {last}")
        if first:  # the event's interval overlaps [start, end]
            where.append(EVENTS.c.date_last_day >= first)
        if last:
            where.append(EVENTS.c.date_first_day <= last)
        if q and q.strip():
            pattern = like_pattern(q.strip())
            where.append(or_(
                EVENTS.c.event_text.ilike(pattern, escape="\\"),
                EVENTS.c.date_text.ilike(pattern, escape="\\"),
                exists(select(1).where(BRIEFS.c.event_id == EVENTS.c.id,
                                       BRIEFS.c.text.ilike(pattern, escape="\\"))),
                exists(select(1).select_from(
                    EVENT_ACTORS.join(ACTORS, ACTORS.c.id == EVENT_ACTORS.c.actor_id))
                    .where(EVENT_ACTORS.c.event_id == EVENTS.c.id,
                           or_(ACTORS.c.name.ilike(pattern, escape="\\"),
                               ACTORS.c.role.ilike(pattern, escape="\\")))),
            ))
        return where

    def events(self, country: str | None = None, event: str | None = None, status: str | None = None,
               start: date | str | None = None, end: date | str | None = None, q: str | None = None,
               limit: int = 50, offset: int = 0, *, include_superseded: bool = False,
               after: tuple[date | None, str] | None = None) -> list[Event]:
        """Events, newest event date first (undated last), then by id.

        ``country``: ISO alpha-3 of any actor or recipient. ``start``/``end``: dates; an event
        matches when the local days of its own time overlap ``[start, end]`` (undated events never
        match a date filter). ``q``: case-insensitive text in the event text, date text, brief or
        actor names and roles. ``after``: (day, id) of the last event of the previous page; the
        page continues after it (keyset paging, instead of ``offset``). Raises ValueError on an
        unknown type, status or malformed value.
        """
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        if offset < 0:
            raise ValueError("offset must not be negative")
        where = self._event_filters(country, event, status, start, end, q, include_superseded)
        if after is not None:
            return self._events_after(where, after, limit)
        stmt = (select(EVENTS).where(and_(True, *where))
                .order_by(EVENTS.c.date_first_day.desc().nulls_last(), EVENTS.c.id)
                .limit(limit).offset(offset))
        with self.engine.connect() as conn:
            return self._load_events(conn, conn.execute(stmt).all())

    def _events_after(self, where: list[Any], after: tuple[date | None, str], limit: int) -> list[Event]:
        """The page after ``after`` in listing order: dated events still to come, then undated.

        Two range queries rather than one OR, so each can walk the listing index from its start
        bound (``day <= last day`` / ``id > last id``) instead of sorting every match.
        """
        day, eid = EVENTS.c.date_first_day, EVENTS.c.id
        last_day, last_id = after
        rows: list[Any] = []
        with self.engine.connect() as conn:
            if last_day is not None:
                rows = list(conn.execute(
                    select(EVENTS).where(*where, day <= last_day, or_(day < last_day, eid > last_id))
                    .order_by(day.desc().nulls_last(), eid).limit(limit)))
                last_id = ""
            if len(rows) < limit:
                rows += conn.execute(select(EVENTS).where(*where, day.is_(None), eid > last_id)
                                     .order_by(eid).limit(limit - len(rows)))
            return self._load_events(conn, rows)

    def count_events(self, country: str | None = None, event: str | None = None,
                     status: str | None = None, start: date | str | None = None,
                     end: date | str | None = None, q: str | None = None, *,
                     include_superseded: bool = False) -> int:
        where = self._event_filters(country, event, status, start, end, q, include_superseded)
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(EVENTS)
                                    .where(and_(True, *where))).scalar_one())

    def event_conditions(self, country: str | None = None, event: str | None = None,
                         status: str | None = None, start: date | str | None = None,
                         end: date | str | None = None, q: str | None = None, *,
                         include_superseded: bool = False) -> list[Any]:
        """The WHERE clauses ``events()`` applies for these filters, for queries built elsewhere
        (:mod:`teller.store.views`: timelines, dyads, search)."""
        return self._event_filters(country, event, status, start, end, q, include_superseded)

    def load_events(self, conn: Connection, rows: list[Any], *,
                    evidence_article: str | None = None) -> list[Event]:
        """Event records for rows of the events table read on ``conn`` (3 queries per batch);
        ``evidence_article`` keeps only the spans located in that article's text."""
        return self._load_events(conn, rows, evidence_article=evidence_article)

    def iter_events(self, *, batch: int = 500, **filters: Any) -> Iterator[Event]:
        """Every matching event in ``events()`` order, ``batch`` at a time (the record path of
        the exports; :mod:`teller.store.flat` is the fast one).

        Keyset paging (:func:`~teller.store.flat.listing_pages`) instead of OFFSET, so a large
        export does not re-sort and skip everything before each page.
        """
        if batch < 1:
            raise ValueError("batch must be positive")
        include_superseded = bool(filters.pop("include_superseded", False))
        where = self._event_filters(filters.pop("country", None), filters.pop("event", None),
                                    filters.pop("status", None), filters.pop("start", None),
                                    filters.pop("end", None), filters.pop("q", None), include_superseded)
        if filters:
            raise TypeError(f"unknown filters: {', '.join(sorted(filters))}")
        for rows in listing_pages(self.engine, (EVENTS,), where, batch):
            with self.engine.connect() as conn:
                events = self._load_events(conn, rows)
            yield from events

    def event(self, event_id: str) -> Event | None:
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(EVENTS).where(EVENTS.c.id == event_id)))
            events = self._load_events(conn, rows)
        return events[0] if events else None

    def events_by_id(self, ids: Sequence[str]) -> list[Event]:
        """The stored events among ``ids``, in that order (one query per table)."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            found = {e.id: e for e in self._load_events(
                conn, list(conn.execute(select(EVENTS).where(one_of(conn, EVENTS.c.id, ids)))))}
        return [found[i] for i in ids if i in found]

    def events_updated(self, ids: Sequence[str]) -> dict[str, str]:
        """Event id -> when the last article reporting it was stored (ISO), for feeds (one query)."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {r.event_id: r.stored for r in conn.execute(
                select(EVENT_ARTICLES.c.event_id, func.max(ARTICLES.c.stored).label("stored"))
                .join(ARTICLES, ARTICLES.c.id == EVENT_ARTICLES.c.article_id)
                .where(one_of(conn, EVENT_ARTICLES.c.event_id, ids)).group_by(EVENT_ARTICLES.c.event_id))}

    def event_info(self, event_id: str) -> dict[str, Any] | None:
        """What pages show beside an event: brief, canonical/superseded links, merged events."""
        with self.engine.connect() as conn:
            row = conn.execute(select(EVENTS.c.canonical, EVENTS.c.superseded_by)
                               .where(EVENTS.c.id == event_id)).first()
            if row is None:
                return None
            brief = conn.execute(select(BRIEFS.c.text).where(BRIEFS.c.event_id == event_id)).scalar()
            merged = list(conn.execute(select(EVENTS.c.id).where(EVENTS.c.superseded_by == event_id)
                                       .order_by(EVENTS.c.id)).scalars())
        return {"brief": brief, "canonical": bool(row.canonical),
                "superseded_by": row.superseded_by, "merged": merged}

    def event_evidence(self, event_id: str) -> dict[str, list[Span]]:
        """Evidence spans per article, including those of the per-article events it absorbed."""
        # IN (this id UNION ALL the absorbed ids), not "= id OR IN (...)": the OR made PostgreSQL
        # scan the whole evidence table (20-40 ms an event page at 100,000 events); each branch
        # of the union is an index probe.
        owners = union_all(select(literal(event_id, EVENTS.c.id.type).label("id")),
                           select(EVENTS.c.id).where(EVENTS.c.superseded_by == event_id))
        stmt = (select(EVIDENCE.c.article_id, EVIDENCE.c.start, EVIDENCE.c.end)
                .where(EVIDENCE.c.event_id.in_(owners))
                .order_by(EVIDENCE.c.article_id, EVIDENCE.c.start, EVIDENCE.c.end))
        out: dict[str, list[Span]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(stmt):
                spans = out.setdefault(r.article_id, [])
                span = Span(r.start, r.end)
                if span not in spans:
                    spans.append(span)
        return out

    def briefs(self, event_ids: Sequence[str]) -> dict[str, str]:
        """Briefs of these events (one query), for list pages."""
        if not event_ids:
            return {}
        with self.engine.connect() as conn:
            return {r.event_id: r.text for r in conn.execute(
                select(BRIEFS).where(one_of(conn, BRIEFS.c.event_id, event_ids)))}

    def brief(self, event_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(BRIEFS.c.text).where(BRIEFS.c.event_id == event_id)).scalar()

    def _load_events(self, conn: Connection, rows: Sequence[Any], *,
                     evidence_article: str | None = None) -> list[Event]:
        """Event records for event rows, with actors, evidence and article ids (3 queries).

        ``evidence_article`` keeps only the spans located in that article's text (spans are
        offsets, meaningless against another text).
        """
        if not rows:
            return []
        ids = [r.id for r in rows]
        people: dict[tuple[str, str], list[Any]] = defaultdict(list)
        # The link's role is labelled: the actors table has a "role" column of its own (office).
        stmt = (select(EVENT_ACTORS.c.event_id, EVENT_ACTORS.c.role.label("link_role"), ACTORS)
                .join(ACTORS, ACTORS.c.id == EVENT_ACTORS.c.actor_id)
                .where(one_of(conn, EVENT_ACTORS.c.event_id, ids))
                .order_by(EVENT_ACTORS.c.event_id, EVENT_ACTORS.c.role, EVENT_ACTORS.c.position))
        for r in conn.execute(stmt).all():  # all(): one fetch, not a driver call per row
            people[(r.event_id, r.link_role)].append(actor_from_row(r))
        spans: dict[str, list[Span]] = defaultdict(list)
        ev_stmt = select(EVIDENCE.c.event_id, EVIDENCE.c.start, EVIDENCE.c.end).where(
            one_of(conn, EVIDENCE.c.event_id, ids))
        if evidence_article is not None:
            ev_stmt = ev_stmt.where(EVIDENCE.c.article_id == evidence_article)
        for r in conn.execute(ev_stmt.order_by(EVIDENCE.c.id)).all():
            spans[r.event_id].append(Span(r.start, r.end))
        arts: dict[str, list[str]] = defaultdict(list)
        for r in conn.execute(select(EVENT_ARTICLES).where(one_of(conn, EVENT_ARTICLES.c.event_id, ids))
                              .order_by(EVENT_ARTICLES.c.article_id)).all():
            arts[r.event_id].append(r.article_id)
        return [event_from_row(r, people[(r.id, "actor")], people[(r.id, "recipient")],
                               spans[r.id], arts[r.id]) for r in rows]

