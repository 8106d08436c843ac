"""The event store: one article's analysis in, queries for pages, API and exports out.

SQLite by default (a file, WAL mode, so a web server can read while a batch writes) and
PostgreSQL with the same code. Writes use SQLAlchemy Core bulk inserts inside one transaction per
article; reads build ``teller.records`` objects with one query per table per page of results
(no per-row queries), so listing 50 events costs a handful of round trips.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    create_engine,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy import (
    event as sa_event,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from teller.errors import TellerError
from teller.records import (
    PLOVER_TYPES,
    Analysis,
    Article,
    Event,
    Flag,
    Highlight,
    Mention,
    Span,
    Story,
)
from teller.store import fulltext, migrate
from teller.store.rows import (
    AnalysisRows,
    actor_from_row,
    analysis_rows,
    event_from_row,
    event_links,
    event_row,
    flag_rows,
    now_iso,
    spans_from_json,
    timex_from_row,
)

log = logging.getLogger(__name__)  # debug: articles skipped because already stored

from teller.store.tables import (  # noqa: E402  (re-exported: views, app and benchmarks use them)
    ACTORS,
    ARTICLES,
    BRIEFS,
    DUPLICATES,
    EVENT_ACTORS,
    EVENT_ARTICLES,
    EVENTS,
    EVIDENCE,
    FLAGS,
    HIGHLIGHTS,
    MENTIONS,
    STORIES,
    STORY_STATE,
    TIMEXES,
    VERSIONS,
)

STATUSES: tuple[str, ...] = ("happened", "planned", "hypothetical", "denied")
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
MAX_LIMIT = 1000
#: Connections one process keeps to a server database (PostgreSQL), and so the threads a server
#: process answers requests with.
POOL_CONNECTIONS = 20
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


class StoreError(TellerError):
    """The database refused or could not be opened; ``item`` names the article when there is one."""

    code = "T400"


# --- opening -------------------------------------------------------------------------------

def _sqlite_pragmas(dbapi_conn: Any, _record: Any, *, memory: bool) -> None:
    cur = dbapi_conn.cursor()
    if not memory:
        # WAL: readers (the web server) never block the writer (a batch run) and vice versa.
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster than FULL
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; ``postgresql://`` means the psycopg 3 driver that teller ships with."""
    try:
        u = make_url(url)
    except ArgumentError as err:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///teller.db)") from err
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    backend = u.get_backend_name()
    try:
        if backend == "sqlite":
            memory = u.database in (None, "", ":memory:")
            if not memory and not Path(u.database).parent.exists():  # type: ignore[arg-type]
                raise StoreError(f"directory of the SQLite file does not exist: {u.database}")
            kwargs: dict[str, Any] = {}
            if memory:  # one shared connection, else every thread would see its own empty DB
                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            engine = create_engine(u, **kwargs)
            sa_event.listen(engine, "connect",
                            lambda c, r: _sqlite_pragmas(c, r, memory=memory))
            return engine
        # A server thread holds one connection at a time; teller.app caps its threads at
        # POOL_CONNECTIONS, so a request never waits for a connection behind its own thread.
        return create_engine(u, pool_pre_ping=True, pool_size=POOL_CONNECTIONS // 2,
                             max_overflow=POOL_CONNECTIONS - POOL_CONNECTIONS // 2)
    except (ImportError, ArgumentError) as err:
        raise StoreError(f"cannot use database {u.render_as_string(hide_password=True)}: {err}") from err


def _insert_ignore(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING for many rows."""
    if not rows:
        return
    name = conn.dialect.name
    if name == "sqlite":
        stmt: Any = sqlite_insert(table).on_conflict_do_nothing()
    elif name == "postgresql":
        stmt = pg_insert(table).on_conflict_do_nothing()
    else:  # other backends: plain insert; duplicates then raise, which rolls back the article
        stmt = insert(table)
    conn.execute(stmt, list(rows))


def _insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), list(rows))


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from err


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Store:
    """Articles, events and flags in a SQL database (``sqlite:///teller.db`` by default).

    >>> store = Store("sqlite://")          # in memory
    >>> store.save(analysis)                 # True: stored; False: this article was already there
    >>> store.events(country="JPN", event="CONSULT", start="2023-09-01")
    """

    def __init__(self, url: str = "sqlite:///teller.db") -> None:
        self.url = url
        self.engine = make_engine(url)
        try:
            self.revision = migrate.prepare(self.engine)
        except SQLAlchemyError as err:
            self.engine.dispose()
            raise StoreError(f"cannot open database: {err.__class__.__name__}: {_short(err)}") from err
        except BaseException:
            self.engine.dispose()
            raise

    # --- lifecycle ---

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(VERSIONS.c.version))).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    # --- writing ---

    def save(self, analysis: Analysis, *, replace: bool = False) -> bool:
        """Store one article's analysis in one transaction.

        Returns False (and writes nothing) when the article id is already stored: ids are
        content hashes, so saving the same article twice is a no-op. With ``replace=True`` the
        stored analysis of that article is deleted first (re-analysis with a newer teller), in the
        same transaction. Raises :class:`StoreError` when the analysis is malformed or the
        database refuses it; that article is then rolled back entirely and everything stored
        before is untouched.
        """
        aid = getattr(getattr(analysis, "article", None), "id", None)
        try:
            rows = analysis_rows(analysis, now_iso())
        except (AttributeError, TypeError, ValueError, KeyError) as err:
            raise StoreError(f"malformed analysis: {err}", item=aid) from err
        try:
            with self.engine.begin() as conn:
                merged: dict[str, str] = {}
                kept: list[str] = []
                if replace:
                    merged, kept = self._delete_article(conn, rows.article["id"])
                if not self._insert_article(conn, rows.article):
                    log.debug("article %s already stored", aid)
                    return False
                self._write_article_rows(conn, rows)
                # Keep what the stories stage made: merges, and canonical events' links to this article.
                for eid, canon in merged.items():
                    conn.execute(update(EVENTS).where(EVENTS.c.id == eid).values(superseded_by=canon))
                _insert_ignore(conn, EVENT_ARTICLES, [{"event_id": e, "article_id": rows.article["id"]}
                                                      for e in kept])
        except SQLAlchemyError as err:
            raise StoreError(f"not stored ({err.__class__.__name__}): {_short(err)}", item=aid) from err
        return True

    def save_many(self, analyses: Sequence[Analysis]) -> list[bool | StoreError]:
        """Store many analyses; the result per analysis is what :meth:`save` would give.

        ``True`` stored, ``False`` already stored (or an earlier copy in the same batch), or the
        :class:`StoreError` that ``save`` would have raised. All articles go in one transaction
        with one multi-row INSERT per table, instead of a transaction and a dozen statements per
        article (that was most of the store's cost). When the batch transaction fails, it is
        rolled back and each article is saved on its own, so one bad article still loses only
        itself, exactly as with ``save``.
        """
        results: list[bool | StoreError | None] = [None] * len(analyses)
        stored = now_iso()
        ready: list[tuple[int, AnalysisRows]] = []
        for i, analysis in enumerate(analyses):
            try:
                ready.append((i, analysis_rows(analysis, stored)))
            except (AttributeError, TypeError, ValueError, KeyError) as err:
                aid = getattr(getattr(analysis, "article", None), "id", None)
                results[i] = StoreError(f"malformed analysis: {err}", item=aid)
        if ready:
            try:
                with self.engine.begin() as conn:
                    new = self._insert_articles(conn, [rows.article for _, rows in ready])
                    fresh: list[AnalysisRows] = []
                    for i, rows in ready:
                        aid = rows.article["id"]
                        results[i] = aid in new
                        if aid in new:
                            new.discard(aid)  # a second copy in this batch is "already stored"
                            fresh.append(rows)
                    self._write_many_rows(conn, fresh)
            except SQLAlchemyError as err:
                log.debug("batch of %d not stored (%s); saving one by one", len(ready), _short(err))
                for i, _rows in ready:
                    try:
                        results[i] = self.save(analyses[i])
                    except StoreError as one:
                        results[i] = one
        return results  # type: ignore[return-value]  # every slot is filled above

    @classmethod
    def _insert_articles(cls, conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
        """Insert the article rows whose ids are not stored yet; the ids that were new."""
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            ins = sqlite_insert if name == "sqlite" else pg_insert
            stmt = ins(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id)
            unique = list({r["id"]: r for r in reversed(rows)}.values())[::-1]  # first copy wins
            return set(conn.execute(stmt, unique).scalars())
        return {r["id"] for r in rows if cls._insert_article(conn, r)}

    def _write_many_rows(self, conn: Connection, batch: list[AnalysisRows]) -> None:
        """The rows of several new articles, one INSERT per table, in the order ``save`` writes.

        An event id seen in an earlier article of the batch counts as already stored for the
        later ones, as it would when saving one article after the other.
        """
        if not batch:
            return
        actors: dict[str, dict[str, Any]] = {}
        for rows in batch:
            for aid, row in rows.actors.items():
                actors.setdefault(aid, row)
        all_ids = [r["id"] for rows in batch for r in rows.events]
        unseen = self._new_event_ids(conn, all_ids)
        events: list[dict[str, Any]] = []
        event_actors: list[dict[str, Any]] = []
        owners: list[tuple[AnalysisRows, set[str]]] = []  # each article with the events it is first to store
        for rows in batch:
            mine = {r["id"] for r in rows.events if r["id"] in unseen}
            unseen -= mine
            owners.append((rows, mine))
            events.extend(r for r in rows.events if r["id"] in mine)
            event_actors.extend(r for r in rows.event_actors if r["event_id"] in mine)
        # Events stored before (or by an earlier article of the batch) gain this article's spans
        # unless they already have spans in it, as in _write_article_rows.
        old_ids = sorted({r["id"] for rows, mine in owners for r in rows.events if r["id"] not in mine})
        located: set[tuple[str, str]] = set()
        if old_ids:
            arts = [rows.article["id"] for rows in batch]
            located = {(r.event_id, r.article_id) for r in conn.execute(
                select(EVIDENCE.c.event_id, EVIDENCE.c.article_id).where(
                    EVIDENCE.c.event_id.in_(old_ids), EVIDENCE.c.article_id.in_(arts)))}
        _insert_ignore(conn, ACTORS, list(actors.values()))
        _insert(conn, MENTIONS, [r for rows in batch for r in rows.mentions])
        _insert(conn, TIMEXES, [r for rows in batch for r in rows.timexes])
        _insert(conn, EVENTS, events)
        _insert(conn, EVENT_ACTORS, event_actors)
        _insert_ignore(conn, EVENT_ARTICLES, [r for rows in batch for r in rows.event_articles])
        _insert(conn, FLAGS, [r for rows in batch for r in rows.flags])
        _insert(conn, EVIDENCE, [r for rows in batch for r in rows.evidence
                                 if r["flag_id"] is not None or (r["event_id"], r["article_id"]) not in located])
        _insert(conn, HIGHLIGHTS, [r for rows in batch for r in rows.highlights])
        _insert_ignore(conn, BRIEFS, [r for rows in batch for r in rows.briefs])
        _index_search(conn, [rows.article for rows in batch],
                      [r for rows, mine in owners for r in rows.briefs if r["event_id"] in mine])

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, flags, evidence and the events only it reports."""
        try:
            with self.engine.begin() as conn:
                found = conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id == article_id)).first()
                self._delete_article(conn, article_id)
        except SQLAlchemyError as err:
            raise StoreError(f"not deleted ({err.__class__.__name__}): {_short(err)}", item=article_id) from err
        return found is not None

    @staticmethod
    def _delete_article(conn: Connection, aid: str) -> tuple[dict[str, str], list[str]]:
        """Remove one article's rows.

        Events that other articles also report, and canonical events, stay (they lose this
        article's link and spans). Returns ``({deleted event id: canonical event it was merged
        into}, [ids of the events kept that linked this article])``.
        """
        linked = set(conn.execute(select(EVENT_ARTICLES.c.event_id)
                                  .where(EVENT_ARTICLES.c.article_id == aid)).scalars())
        keep: set[str] = set()
        if linked:
            keep |= set(conn.execute(select(EVENT_ARTICLES.c.event_id).where(
                EVENT_ARTICLES.c.event_id.in_(linked), EVENT_ARTICLES.c.article_id != aid)).scalars())
            keep |= set(conn.execute(select(EVENTS.c.id).where(
                EVENTS.c.id.in_(linked), EVENTS.c.canonical.is_(True))).scalars())
        doomed = sorted(linked - keep)
        merged: dict[str, str] = {}
        if doomed:
            merged = {r.id: r.superseded_by for r in conn.execute(
                select(EVENTS.c.id, EVENTS.c.superseded_by).where(
                    EVENTS.c.id.in_(doomed), EVENTS.c.superseded_by.is_not(None)))}
        conn.execute(delete(EVIDENCE).where(EVIDENCE.c.article_id == aid))
        conn.execute(delete(EVENT_ARTICLES).where(EVENT_ARTICLES.c.article_id == aid))
        fulltext.unindex(conn, "article", [aid])
        if doomed:
            fulltext.unindex(conn, "brief", doomed)
            for table in (EVIDENCE, EVENT_ACTORS, EVENT_ARTICLES, BRIEFS):
                conn.execute(delete(table).where(table.c.event_id.in_(doomed)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(doomed)))
        for table in (MENTIONS, TIMEXES, HIGHLIGHTS, FLAGS):
            conn.execute(delete(table).where(table.c.article_id == aid))
        conn.execute(delete(ARTICLES).where(ARTICLES.c.id == aid))
        return merged, sorted(keep)

    @staticmethod
    def _insert_article(conn: Connection, row: Mapping[str, Any]) -> bool:
        """Insert the article row unless its id exists; True when it was new.

        One statement (not SELECT then INSERT), so two processes saving the same article at once
        cannot both win. RETURNING, because psycopg reports rowcount -1 here.
        """
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            ins = sqlite_insert if name == "sqlite" else pg_insert
            stmt = ins(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id)
            return conn.execute(stmt, dict(row)).first() is not None
        if conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id == row["id"])).first():
            return False
        conn.execute(insert(ARTICLES), dict(row))
        return True

    def _write_article_rows(self, conn: Connection, rows: AnalysisRows) -> None:
        _insert_ignore(conn, ACTORS, list(rows.actors.values()))
        _insert(conn, MENTIONS, rows.mentions)
        _insert(conn, TIMEXES, rows.timexes)
        new_ids = self._new_event_ids(conn, [r["id"] for r in rows.events])
        _insert(conn, EVENTS, [r for r in rows.events if r["id"] in new_ids])
        _insert(conn, EVENT_ACTORS, [r for r in rows.event_actors if r["event_id"] in new_ids])
        _insert_ignore(conn, EVENT_ARTICLES, rows.event_articles)
        _insert(conn, FLAGS, rows.flags)
        # An event already stored (same id from another article) keeps its fields, but gains
        # this article's evidence spans unless it already has spans in this article.
        old_ids = [r["id"] for r in rows.events if r["id"] not in new_ids]
        located: set[str] = set()
        if old_ids:
            located = set(conn.execute(select(EVIDENCE.c.event_id).where(
                EVIDENCE.c.event_id.in_(old_ids), EVIDENCE.c.article_id == rows.article["id"])).scalars())
        _insert(conn, EVIDENCE, [r for r in rows.evidence
                                 if r["flag_id"] is not None or r["event_id"] not in located])
        _insert(conn, HIGHLIGHTS, rows.highlights)
        _insert_ignore(conn, BRIEFS, rows.briefs)
        _index_search(conn, [rows.article], [r for r in rows.briefs if r["event_id"] in new_ids])

    @staticmethod
    def _new_event_ids(conn: Connection, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        old = set(conn.execute(select(EVENTS.c.id).where(EVENTS.c.id.in_(ids))).scalars())
        return {i for i in ids if i not in old}

    def save_events(self, events: Sequence[Event], *, replaces: Mapping[str, str] | None = None,
                    briefs: Mapping[str, str] | None = None) -> int:
        """Insert or update canonical (cross-article) events; returns how many were new.

        ``article_ids`` are merged into the event's links (never removed). ``replaces`` maps a
        per-article event id to the canonical event that absorbs it: the per-article event is
        then hidden from lists, and its evidence shows on the canonical event's page. An event's
        own ``evidence`` is stored only when it names exactly one article (spans are offsets
        into one text).
        """
        rows = AnalysisRows(article={})
        event_rows = []
        for e in events:
            event_rows.append(event_row(e, canonical=True))
            event_links(rows, e, e.article_ids[0] if len(e.article_ids) == 1 else None)
            rows.event_articles.extend({"event_id": e.id, "article_id": a} for a in e.article_ids)
        ids = [r["id"] for r in event_rows]
        try:
            with self.engine.begin() as conn:
                new_ids = self._new_event_ids(conn, ids)
                _insert_ignore(conn, ACTORS, list(rows.actors.values()))
                _insert(conn, EVENTS, [r for r in event_rows if r["id"] in new_ids])
                # One statement executed for many rows (executemany), not one statement per row:
                # the story merge at the end of a run saves every canonical event, and per-row
                # statements made it most of that merge's time (docs/scale.md).
                changed = [r for r in event_rows if r["id"] not in new_ids]
                if changed:
                    cols = [k for k in changed[0] if k not in ("id", "superseded_by")]
                    conn.execute(update(EVENTS).where(EVENTS.c.id == bindparam("b_id"))
                                 .values({k: bindparam(f"b_{k}") for k in cols}),
                                 [{"b_id": r["id"], **{f"b_{k}": r[k] for k in cols}} for r in changed])
                old_ids = [i for i in ids if i not in new_ids]
                if old_ids:
                    conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(old_ids)))
                    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.event_id.in_(old_ids)))
                _insert(conn, EVENT_ACTORS, rows.event_actors)
                _insert(conn, EVIDENCE, rows.evidence)
                _insert_ignore(conn, EVENT_ARTICLES, rows.event_articles)
                moves = [{"b_old": old, "b_new": new} for old, new in (replaces or {}).items() if old != new]
                if moves:
                    conn.execute(update(EVENTS).where(EVENTS.c.id == bindparam("b_old"))
                                 .values(superseded_by=bindparam("b_new")), moves)
                if briefs:
                    conn.execute(delete(BRIEFS).where(BRIEFS.c.event_id == bindparam("b_id")),
                                 [{"b_id": eid} for eid in briefs])
                    _insert(conn, BRIEFS, [{"event_id": eid, "text": text} for eid, text in briefs.items()])
                fulltext.index(conn, "brief", fulltext.brief_docs(briefs or {}))
        except SQLAlchemyError as err:
            raise StoreError(f"events not stored ({err.__class__.__name__}): {_short(err)}") from err
        return len(new_ids)

    # --- event queries ---

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
        first, last = _as_date(start, "start"), _as_date(end, "end")
        if first and last and first > last:
            raise ValueError(f"start {first} is after end {last}")
        if first:  # the event's interval overlaps [start, end]
            where.append(EVENTS.c.date_last_day >= first)
        if last:
            where.append(EVENTS.c.date_first_day <= last)
        if q and q.strip():
            pattern = _like(q.strip())
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
            return self._load_events(conn, list(conn.execute(stmt)))

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

    def load_events(self, conn: Connection, rows: list[Any]) -> list[Event]:
        """Event records for rows of the events table read on ``conn`` (3 queries per batch)."""
        return self._load_events(conn, rows)

    def iter_events(self, *, batch: int = 500, **filters: Any) -> Iterator[Event]:
        """Every matching event in ``events()`` order, ``batch`` at a time (for exports).

        Keyset paging (continue after the last day and id seen) instead of OFFSET, so a large
        export does not re-sort and skip everything before each page: dated events first, then
        the undated ones by id.
        """
        if batch < 1:
            raise ValueError("batch must be positive")
        include_superseded = bool(filters.pop("include_superseded", False))
        where = self._event_filters(filters.pop("country", None), filters.pop("event", None),
                                    filters.pop("status", None), filters.pop("start", None),
                                    filters.pop("end", None), filters.pop("q", None), include_superseded)
        if filters:
            raise TypeError(f"unknown filters: {', '.join(sorted(filters))}")
        day, eid = EVENTS.c.date_first_day, EVENTS.c.id
        after: tuple[date, str] | None = None
        while True:  # dated events, newest day first
            page_where = [*where, day.is_not(None)]
            if after is not None:  # "day <=" bounds the index scan; the OR then drops the day's seen ids
                page_where += [day <= after[0], or_(day < after[0], eid > after[1])]
            # NULLS LAST (no NULL is left here) so PostgreSQL reads the order off ix_events_listing
            rows, events = self._page(select(EVENTS).where(*page_where)
                                      .order_by(day.desc().nulls_last(), eid).limit(batch))
            yield from events
            if len(rows) < batch:
                break
            after = (rows[-1].date_first_day, rows[-1].id)
        last_id = ""
        while True:  # then undated events, by id
            rows, events = self._page(select(EVENTS).where(*where, day.is_(None), eid > last_id)
                                      .order_by(eid).limit(batch))
            yield from events
            if len(rows) < batch:
                return
            last_id = rows[-1].id

    def _page(self, stmt: Any) -> tuple[list[Any], list[Event]]:
        with self.engine.connect() as conn:
            rows = list(conn.execute(stmt))
            return rows, self._load_events(conn, rows)

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
                conn, list(conn.execute(select(EVENTS).where(EVENTS.c.id.in_(list(ids))))))}
        return [found[i] for i in ids if i in found]

    def events_updated(self, ids: Sequence[str]) -> dict[str, str]:
        """Event id -> when the last article reporting it was stored (ISO), for feeds (one query)."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {r.event_id: r.stored for r in conn.execute(
                select(EVENT_ARTICLES.c.event_id, func.max(ARTICLES.c.stored).label("stored"))
                .join(ARTICLES, ARTICLES.c.id == EVENT_ARTICLES.c.article_id)
                .where(EVENT_ARTICLES.c.event_id.in_(list(ids))).group_by(EVENT_ARTICLES.c.event_id))}

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
        ids = select(EVENTS.c.id).where(EVENTS.c.superseded_by == event_id)
        stmt = (select(EVIDENCE.c.article_id, EVIDENCE.c.start, EVIDENCE.c.end)
                .where(or_(EVIDENCE.c.event_id == event_id, EVIDENCE.c.event_id.in_(ids)))
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
                select(BRIEFS).where(BRIEFS.c.event_id.in_(list(event_ids))))}

    def brief(self, event_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(BRIEFS.c.text).where(BRIEFS.c.event_id == event_id)).scalar()

    def _load_events(self, conn: Connection, rows: list[Any], *,
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
                .where(EVENT_ACTORS.c.event_id.in_(ids))
                .order_by(EVENT_ACTORS.c.event_id, EVENT_ACTORS.c.role, EVENT_ACTORS.c.position))
        for r in conn.execute(stmt):
            people[(r.event_id, r.link_role)].append(actor_from_row(r))
        spans: dict[str, list[Span]] = defaultdict(list)
        ev_stmt = select(EVIDENCE.c.event_id, EVIDENCE.c.start, EVIDENCE.c.end).where(
            EVIDENCE.c.event_id.in_(ids))
        if evidence_article is not None:
            ev_stmt = ev_stmt.where(EVIDENCE.c.article_id == evidence_article)
        for r in conn.execute(ev_stmt.order_by(EVIDENCE.c.id)):
            spans[r.event_id].append(Span(r.start, r.end))
        arts: dict[str, list[str]] = defaultdict(list)
        for r in conn.execute(select(EVENT_ARTICLES).where(EVENT_ARTICLES.c.event_id.in_(ids))
                              .order_by(EVENT_ARTICLES.c.article_id)):
            arts[r.event_id].append(r.article_id)
        return [event_from_row(r, people[(r.id, "actor")], people[(r.id, "recipient")],
                               spans[r.id], arts[r.id]) for r in rows]

    # --- articles ---

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
        return _article_from_row(row) if row is not None else None

    def quality(self, article_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(ARTICLES.c.quality).where(ARTICLES.c.id == article_id)).scalar()

    def analysis(self, article_id: str) -> Analysis | None:
        """Everything stored about one article, as the ``Analysis`` the pipeline produced."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
            if row is None:
                return None
            mentions = self._load_mentions(conn, article_id)
            timexes = [timex_from_row(r) for r in conn.execute(
                select(TIMEXES).where(TIMEXES.c.article_id == article_id).order_by(TIMEXES.c.position))]
            ev_rows = list(conn.execute(
                select(EVENTS).join(EVENT_ARTICLES, EVENT_ARTICLES.c.event_id == EVENTS.c.id)
                .where(EVENT_ARTICLES.c.article_id == article_id, EVENTS.c.canonical.is_(False))
                .order_by(EVENTS.c.id)))
            events = self._load_events(conn, ev_rows, evidence_article=article_id)
            flags = self._load_flags(conn, article_id)
            highlights = [Highlight(text=r.text, evidence=spans_from_json(r.evidence))
                          for r in conn.execute(select(HIGHLIGHTS).where(HIGHLIGHTS.c.article_id == article_id)
                                                .order_by(HIGHLIGHTS.c.position))]
            briefs = {r.event_id: r.text for r in conn.execute(
                select(BRIEFS).where(BRIEFS.c.event_id.in_([e.id for e in events])))}
        order = {e.id: i for i, e in enumerate(events)}
        return Analysis(article=_article_from_row(row), mentions=mentions, timexes=timexes,
                        events=events, flags=flags, highlights=highlights,
                        briefs=dict(sorted(briefs.items(), key=lambda kv: order[kv[0]])),
                        quality=row.quality)

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, tuple[Article, int | None]]:
        """Id -> (article, quality) for the stored ones among ``ids`` (one query): a page of reports."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {r.id: (_article_from_row(r), r.quality)
                    for r in conn.execute(select(ARTICLES).where(ARTICLES.c.id.in_(list(ids))))}

    def flags_by_article(self, ids: Sequence[str]) -> dict[str, list[Flag]]:
        """Article id -> its flags in order, for several articles (two queries)."""
        out: dict[str, list[Flag]] = {a: [] for a in ids}
        if not ids:
            return out
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(FLAGS).where(FLAGS.c.article_id.in_(list(ids)))
                                     .order_by(FLAGS.c.article_id, FLAGS.c.position)))
            spans: dict[str, list[Span]] = defaultdict(list)
            if rows:
                for r in conn.execute(select(EVIDENCE.c.flag_id, EVIDENCE.c.start, EVIDENCE.c.end)
                                      .where(EVIDENCE.c.flag_id.in_([r.id for r in rows]))
                                      .order_by(EVIDENCE.c.id)):
                    spans[r.flag_id].append(Span(r.start, r.end))
        for r in rows:
            out[r.article_id].append(Flag(kind=r.kind, severity=r.severity, message=r.message,
                                          evidence=spans[r.id]))
        return out

    def flags(self, article_id: str) -> list[Flag]:
        with self.engine.connect() as conn:
            return self._load_flags(conn, article_id)

    # --- translations (teller.compare.stored) ---

    def find_article(self, ref: str) -> Article | None:
        """The article whose id or URL is ``ref`` (the first stored, when several share a URL)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(or_(ARTICLES.c.id == ref, ARTICLES.c.url == ref))
                               .order_by(ARTICLES.c.stored, ARTICLES.c.id).limit(1)).first()
        return _article_from_row(row) if row is not None else None

    def translations_of(self, article: Article) -> list[Article]:
        """Stored articles that name ``article`` (its id or URL) as their source."""
        refs = [r for r in (article.id, article.url) if r]
        with self.engine.connect() as conn:
            rows = conn.execute(select(ARTICLES).where(ARTICLES.c.translation_of.in_(refs)).order_by(ARTICLES.c.id))
            return [_article_from_row(r) for r in rows]

    def co_reports(self, article_ids: Sequence[str]) -> list[list[str]]:
        """For each canonical event one of ``article_ids`` reports, every article reporting it."""
        if not article_ids:
            return []
        with self.engine.connect() as conn:
            events = select(EVENT_ARTICLES.c.event_id).join(EVENTS, EVENTS.c.id == EVENT_ARTICLES.c.event_id).where(
                EVENT_ARTICLES.c.article_id.in_(list(article_ids)), EVENTS.c.canonical.is_(True))
            groups: dict[str, list[str]] = defaultdict(list)
            for r in conn.execute(select(EVENT_ARTICLES.c.event_id, EVENT_ARTICLES.c.article_id)
                                  .where(EVENT_ARTICLES.c.event_id.in_(events))
                                  .order_by(EVENT_ARTICLES.c.event_id, EVENT_ARTICLES.c.article_id)):
                groups[r.event_id].append(r.article_id)
        return [ids for ids in groups.values() if len(ids) > 1]

    def replace_flags(self, article_id: str, kind: str, flags: Sequence[Flag], quality: int | None) -> None:
        """Replace an article's flags of ``kind`` by ``flags`` (evidence in its own text) and set
        its quality score, in one transaction: checks that run after storing (the translation
        check) write their flags here, and re-running them replaces rather than adds."""
        try:
            with self.engine.begin() as conn:
                old = list(conn.execute(select(FLAGS.c.id).where(FLAGS.c.article_id == article_id,
                                                                 FLAGS.c.kind == kind)).scalars())
                if old:
                    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.flag_id.in_(old)))
                    conn.execute(delete(FLAGS).where(FLAGS.c.id.in_(old)))
                start = conn.execute(select(func.coalesce(func.max(FLAGS.c.position), -1))
                                     .where(FLAGS.c.article_id == article_id)).scalar() + 1
                rows = AnalysisRows(article={})
                flag_rows(rows, article_id, list(flags), start=start)
                _insert(conn, FLAGS, rows.flags)
                _insert(conn, EVIDENCE, rows.evidence)
                conn.execute(update(ARTICLES).where(ARTICLES.c.id == article_id).values(quality=quality))
        except SQLAlchemyError as err:
            raise StoreError(f"flags not stored ({err.__class__.__name__}): {_short(err)}", item=article_id) from err

    @staticmethod
    def _load_mentions(conn: Connection, article_id: str) -> list[Mention]:
        rows = list(conn.execute(select(MENTIONS).where(MENTIONS.c.article_id == article_id)
                                 .order_by(MENTIONS.c.position)))
        wanted = {r.actor_id for r in rows if r.actor_id} | {a for r in rows for a in (r.members or [])}
        actors = {r.id: actor_from_row(r) for r in conn.execute(
            select(ACTORS).where(ACTORS.c.id.in_(wanted)))} if wanted else {}
        return [Mention(text=r.text, evidence=spans_from_json(r.evidence),
                        actor=actors.get(r.actor_id) if r.actor_id else None, kind=r.kind,
                        confidence=r.confidence, members=[actors[a] for a in (r.members or []) if a in actors])
                for r in rows]

    @staticmethod
    def _load_flags(conn: Connection, article_id: str) -> list[Flag]:
        rows = list(conn.execute(select(FLAGS).where(FLAGS.c.article_id == article_id)
                                 .order_by(FLAGS.c.position)))
        spans: dict[str, list[Span]] = defaultdict(list)
        if rows:
            for r in conn.execute(select(EVIDENCE.c.flag_id, EVIDENCE.c.start, EVIDENCE.c.end)
                                  .where(EVIDENCE.c.flag_id.in_([r.id for r in rows]))
                                  .order_by(EVIDENCE.c.id)):
                spans[r.flag_id].append(Span(r.start, r.end))
        return [Flag(kind=r.kind, severity=r.severity, message=r.message, evidence=spans[r.id])
                for r in rows]

    def articles(self, limit: int = 50, offset: int = 0) -> list[Article]:
        """Articles, most recently published first."""
        stmt = (select(ARTICLES).order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id)
                .limit(min(max(limit, 0), MAX_LIMIT)).offset(max(offset, 0)))
        with self.engine.connect() as conn:
            return [_article_from_row(r) for r in conn.execute(stmt)]

    def article_summaries(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Articles (newest first) with their event and flag counts, for the article list.

        The page of articles first, then grouped counts for those ids only: correlated
        subqueries let SQLite pick the severity index and scan every error flag per row.
        """
        stmt = (select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.source, ARTICLES.c.url,
                       ARTICLES.c.published, ARTICLES.c.quality)
                .order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id)
                .limit(min(max(limit, 0), MAX_LIMIT)).offset(max(offset, 0)))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
            ids = [r["id"] for r in rows]
            if not ids:
                return []
            events = {aid: n for aid, n in conn.execute(
                select(EVENT_ARTICLES.c.article_id, func.count()).where(EVENT_ARTICLES.c.article_id.in_(ids))
                .group_by(EVENT_ARTICLES.c.article_id))}
            flags: dict[str, int] = defaultdict(int)
            errors: dict[str, int] = defaultdict(int)
            for aid, severity, n in conn.execute(
                    select(FLAGS.c.article_id, FLAGS.c.severity, func.count())
                    .where(FLAGS.c.article_id.in_(ids)).group_by(FLAGS.c.article_id, FLAGS.c.severity)):
                flags[aid] += n
                if severity == "error":
                    errors[aid] += n
        for r in rows:
            r.update(events=int(events.get(r["id"], 0)), flags=flags[r["id"]], errors=errors[r["id"]])
        return rows

    def article_ids(self) -> list[str]:
        """Every stored article id (for ``StoreWriter.open``: which ones no story index holds)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(ARTICLES.c.id).order_by(ARTICLES.c.id)).scalars())

    def known_article_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` already stored (one query), to skip their analysis."""
        if not ids:
            return set()
        with self.engine.connect() as conn:
            return set(conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id.in_(list(set(ids))))).scalars())

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one())

    # --- stories ---

    def story_state(self) -> dict[str, Any] | None:
        """The story index's saved state (``StoryIndex.to_state``), or None before the first run."""
        with self.engine.connect() as conn:
            row = conn.execute(select(STORY_STATE.c.state).where(STORY_STATE.c.key == "index")).first()
        return row[0] if row else None

    def save_stories(self, state: dict[str, Any], stories: Sequence[Story],
                     duplicates: Mapping[str, str]) -> None:
        """Replace the story clusters, the copy links and the index state in one transaction.

        Stories are recomputed as a whole by the index (a new article can join two stories), so
        the tables are rewritten rather than patched; they hold ids only, not texts.
        """
        story_rows = [{"id": st.id, "title": st.title, "first_seen": st.first_seen, "last_seen": st.last_seen,
                       "article_ids": list(st.article_ids), "event_ids": list(st.event_ids)} for st in stories]
        dup_rows = [{"article_id": a, "original_id": o} for a, o in sorted(duplicates.items())]
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(STORY_STATE).where(STORY_STATE.c.key == "index"))
                conn.execute(insert(STORY_STATE).values(key="index", state=state, updated=now_iso()))
                conn.execute(delete(STORIES))
                conn.execute(delete(DUPLICATES))
                _insert(conn, STORIES, story_rows)
                _insert(conn, DUPLICATES, dup_rows)
        except SQLAlchemyError as err:
            raise StoreError(f"stories not stored ({err.__class__.__name__}): {_short(err)}") from err

    def stories(self, limit: int = 50, offset: int = 0) -> list[Story]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(STORIES).order_by(STORIES.c.last_seen.desc(), STORIES.c.id)
                                .limit(limit).offset(offset)).all()
        return [Story(id=r.id, article_ids=list(r.article_ids), event_ids=list(r.event_ids),
                      title=r.title or "", first_seen=r.first_seen, last_seen=r.last_seen) for r in rows]

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(STORIES)).scalar_one())

    def article_headers(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Id -> ``{id, title, url, source, published, language}`` for the given articles (no texts)."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.url, ARTICLES.c.source,
                                       ARTICLES.c.published, ARTICLES.c.language)
                                .where(ARTICLES.c.id.in_(list(ids))))
            return {r.id: dict(r._mapping) for r in rows}

    def duplicates(self) -> dict[str, str]:
        """Copy article id -> original article id."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(DUPLICATES.c.article_id, DUPLICATES.c.original_id)).all())

    # --- summary ---

    def stats(self) -> dict[str, Any]:
        """Counts for the front page and ``/api/stats``."""
        listed = EVENTS.c.superseded_by.is_(None)
        with self.engine.connect() as conn:
            def count(table: Table, *where: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(and_(True, *where)))
                           .scalar_one())

            def by(col: Any, *where: Any) -> dict[str, int]:
                rows = conn.execute(select(col, func.count()).where(and_(True, *where))
                                    .group_by(col).order_by(col))
                return {k: int(n) for k, n in rows}

            first, last = conn.execute(select(func.min(EVENTS.c.date_first_day),
                                              func.max(EVENTS.c.date_last_day)).where(listed)).one()
            return {
                "schema_version": int(conn.execute(select(func.max(VERSIONS.c.version))).scalar_one()),
                "articles": count(ARTICLES),
                "events": count(EVENTS, listed),
                "canonical_events": count(EVENTS, listed, EVENTS.c.canonical.is_(True)),
                "dated_events": count(EVENTS, listed, EVENTS.c.date_first_day.is_not(None)),
                "actors": count(ACTORS),
                "flags": count(FLAGS),
                "events_by_type": by(EVENTS.c.event, listed),
                "events_by_status": by(EVENTS.c.status, listed),
                "flags_by_severity": by(FLAGS.c.severity),
                "flags_by_kind": by(FLAGS.c.kind),
                "first_day": first.isoformat() if first else None,
                "last_day": last.isoformat() if last else None,
                "mean_quality": _round(conn.execute(select(func.avg(ARTICLES.c.quality))).scalar()),
            }


def _index_search(conn: Connection, articles: Sequence[Mapping[str, Any]],
                  briefs: Sequence[Mapping[str, Any]]) -> None:
    """Keep the full-text index (SQLite) in step with the article and brief rows just written."""
    fulltext.index(conn, "article", [(a["id"], a.get("title"), a["text"]) for a in articles])
    fulltext.index(conn, "brief", [(b["event_id"], None, b["text"]) for b in briefs])


def _round(x: Any) -> float | None:
    return round(float(x), 1) if x is not None else None


def _article_from_row(r: Any) -> Article:
    return Article(
        id=r.id, text=r.text, url=r.url, source=r.source, title=r.title, published=r.published,
        published_tz_known=bool(r.published_tz_known), language=r.language, fetched=r.fetched,
        repeats=[(Span(a, b), Span(c, d)) for a, b, c, d in (r.repeats or [])],
        translation_of=r.translation_of,
    )


def _short(err: BaseException) -> str:
    """First line of a DB error, without SQLAlchemy's statement dump and help link."""
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0][:300] if text.strip() else err.__class__.__name__
