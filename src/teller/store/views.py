"""Read-only queries behind the actor, dyad, timeline and search pages.

Every figure is computed by the database (GROUP BY a day, week or month and the event type), so a
chart over 10,000 events reads one row per (bucket, type), never the events; listings read one
page of events at a time. Sides of a dyad and the events of an actor are ``EXISTS`` subqueries on
``event_actors`` (indexed by event and by actor) joined to ``actors`` (indexed by country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, and_, exists, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from teller.records import Actor, Event
from teller.store import fulltext
from teller.store.opening import one_of
from teller.store.rows import actor_from_row
from teller.store.store import ACTORS, ARTICLES, BRIEFS, EVENT_ACTORS, EVENT_ARTICLES, EVENTS, FLAGS, Store

Unit = Literal["day", "week", "month"]
_CODE = re.compile(r"^[A-Z]{3}$")

#: Events the lists show (not merged into another). Not ``superseded_by IS NULL``: SQLite would
#: match that to the listing index and test every event against an actor's or dyad's
#: ``id IN (...)``; written so, it starts from the (few) events of the actor or dyad instead.
VISIBLE: ColumnElement[bool] = func.coalesce(EVENTS.c.superseded_by, "") == ""


def is_country(key: str) -> bool:
    """A side given as an ISO alpha-3 code means every actor of that country."""
    return bool(_CODE.match(key))


def _matches(actors: Any, key: str) -> ColumnElement[bool]:
    """Actors standing for ``key``: all of a country's actors, else the actor with that id."""
    return actors.c.country == key if is_country(key) else actors.c.id == key


def side(key: str) -> ColumnElement[bool]:
    """Events with ``key`` among their actors or recipients.

    ``id IN (events of the key's actors)``, not a correlated ``EXISTS``: the database starts from
    the key's few actors (indexed by country or id) instead of testing every event.
    """
    linked = (select(EVENT_ACTORS.c.event_id)
              .join(ACTORS, ACTORS.c.id == EVENT_ACTORS.c.actor_id).where(_matches(ACTORS, key)))
    return EVENTS.c.id.in_(linked)


def named(actor_id: str) -> ColumnElement[bool]:
    """Events naming this very actor (not its country's other actors)."""
    return EVENTS.c.id.in_(select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor_id))


def _actor_ids(key: str) -> Any:
    """The ids of the actors standing for ``key`` (a subquery on the small actors table)."""
    return select(ACTORS.c.id).where(_matches(ACTORS, key))


def dyad(a: str, b: str) -> ColumnElement[bool]:
    """Events between ``a`` and ``b`` in either direction: an actor of one side and a recipient
    of the other in the same event.

    Both sides are read off ``ix_event_actors_actor_event`` (actor, event, role: index-only) and
    hash-joined on the event; joining ``actors`` per link instead made PostgreSQL scan every link
    and probe each of one side's 8,000 links for the other side (150 ms at 100,000 events, 14 ms
    this way).
    """
    x, y = EVENT_ACTORS.alias("x"), EVENT_ACTORS.alias("y")
    pairs = (select(x.c.event_id)
             .join(y, and_(y.c.event_id == x.c.event_id, y.c.role != x.c.role))
             .where(x.c.actor_id.in_(_actor_ids(a)), y.c.actor_id.in_(_actor_ids(b))))
    return EVENTS.c.id.in_(pairs)


def bucket(conn: Connection, unit: Unit) -> Any:
    """The first day of the day, week (Monday) or month an event's first day falls in."""
    day = EVENTS.c.date_first_day
    if unit == "day":
        return day
    if conn.dialect.name == "sqlite":
        if unit == "week":  # the next Sunday (or this one), back six days: this week's Monday
            return func.date(day, "weekday 0", "-6 days")
        return func.date(day, "start of month")
    return func.date_trunc(unit, day).cast(EVENTS.c.date_first_day.type)


def _day(value: Any) -> str:
    return value.isoformat()[:10] if isinstance(value, date) else str(value)[:10]


def span(store: Store, where: list[Any]) -> tuple[date | None, date | None, int, int]:
    """First and last day of the matching dated events, how many are dated and undated."""
    with store.engine.connect() as conn:
        first, last, dated, total = conn.execute(
            select(func.min(EVENTS.c.date_first_day), func.max(EVENTS.c.date_first_day),
                   func.count(EVENTS.c.date_first_day), func.count())
            .where(and_(true(), *where))).one()
    return _as_date(first), _as_date(last), int(dated), int(total)


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def counts(store: Store, where: list[Any], unit: Unit) -> tuple[dict[str, dict[str, int]], int]:
    """Events matching ``where`` per ``unit`` and PLOVER type, ``{first day: {type: n}}``, and how
    many are undated: one GROUP BY query gives the chart, the total and the undated count."""
    out: dict[str, dict[str, int]] = {}
    undated = 0
    with store.engine.connect() as conn:
        b = bucket(conn, unit).label("bucket")
        stmt = (select(b, EVENTS.c.event, func.count().label("n"))
                .where(and_(true(), *where)).group_by(b, EVENTS.c.event))
        for r in conn.execute(stmt):
            if r.bucket is None:
                undated += int(r.n)
            else:
                out.setdefault(_day(r.bucket), {})[r.event] = int(r.n)
    return dict(sorted(out.items())), undated


def page(store: Store, where: list[Any], limit: int, offset: int, *,
         total: int | None = None) -> tuple[int, list[Event]]:
    """One page of matching events in the listing order, and how many match in all (counted
    unless ``total`` is given)."""
    with store.engine.connect() as conn:
        if total is None:
            total = int(conn.execute(select(func.count()).select_from(EVENTS).where(and_(true(), *where)))
                        .scalar_one())
        rows = list(conn.execute(
            select(EVENTS).where(and_(true(), *where))
            .order_by(EVENTS.c.date_first_day.desc().nulls_last(), EVENTS.c.id).limit(limit).offset(offset)))
        return total, store.load_events(conn, rows)


def actor(store: Store, actor_id: str) -> Actor | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(ACTORS).where(ACTORS.c.id == actor_id)).first()
    return actor_from_row(row) if row is not None else None


def counterparts(store: Store, key: str, *, limit: int = 10) -> list[tuple[Actor, int]]:
    """The actors most often on the other side of ``key``'s events, with how many events.

    For a country, its own actors are not its counterparts (a minister meeting his president).
    """
    mine = EVENT_ACTORS.alias("mine")
    me = ACTORS.alias("me")
    other = EVENT_ACTORS.alias("other")
    them = ACTORS.alias("them")
    n = func.count(func.distinct(other.c.event_id)).label("n")
    where = [EVENTS.c.superseded_by.is_(None),
             me.c.country == key if is_country(key) else me.c.id == key]
    if is_country(key):
        where.append(or_(them.c.country.is_(None), them.c.country != key))
    else:
        where.append(them.c.id != key)
    stmt = (select(them.c.id, n)
            .select_from(mine.join(me, me.c.id == mine.c.actor_id)
                         .join(EVENTS, EVENTS.c.id == mine.c.event_id)
                         .join(other, and_(other.c.event_id == mine.c.event_id, other.c.role != mine.c.role))
                         .join(them, them.c.id == other.c.actor_id))
            .where(*where).group_by(them.c.id).order_by(n.desc(), them.c.id).limit(limit))
    with store.engine.connect() as conn:
        top = [(r.id, int(r.n)) for r in conn.execute(stmt)]
        actors = {r.id: actor_from_row(r) for r in conn.execute(
            select(ACTORS).where(one_of(conn, ACTORS.c.id, [i for i, _ in top])))} if top else {}
    return [(actors[i], c) for i, c in top if i in actors]


def actor_names(store: Store, keys: list[str]) -> dict[str, str]:
    """Display names for dyad sides: a country's state actor, else the actor's own name."""
    with store.engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(
            select(ACTORS.c.id, ACTORS.c.name).where(one_of(conn, ACTORS.c.id, keys)))}


# --- reports of one event ----------------------------------------------------------------------

def merged_reports(store: Store, event_id: str) -> dict[str, tuple[str | None, dict[str, Any] | None]]:
    """Article id -> (date value, place) of the per-article event it contributed to a merged
    event (one query; the first such event per article)."""
    stmt = (select(EVENT_ARTICLES.c.article_id, EVENTS.c.date_value, EVENTS.c.event_loc)
            .join(EVENTS, EVENTS.c.id == EVENT_ARTICLES.c.event_id)
            .where(EVENTS.c.superseded_by == event_id).order_by(EVENTS.c.id))
    out: dict[str, tuple[str | None, dict[str, Any] | None]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(stmt):
            out.setdefault(r.article_id, (r.date_value, r.event_loc))
    return out


def report_texts(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Article id -> {title, source, text, flags: [(kind, severity)]} (two queries)."""
    if not ids:
        return {}
    with store.engine.connect() as conn:
        out = {r.id: {"title": r.title, "source": r.source, "text": r.text, "flags": []}
               for r in conn.execute(select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.source, ARTICLES.c.text)
                                     .where(one_of(conn, ARTICLES.c.id, ids)))}
        for r in conn.execute(select(FLAGS.c.article_id, FLAGS.c.kind, FLAGS.c.severity)
                              .where(one_of(conn, FLAGS.c.article_id, ids))
                              .order_by(FLAGS.c.article_id, FLAGS.c.position)):
            out[r.article_id]["flags"].append((r.kind, r.severity))
    return out


# --- full-text search ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleHit:
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    snippet: str


#: Search counts stop here: a word in most documents would otherwise be counted in full on every
#: request (seconds at 100,000 documents); pages say "10,000+" instead.
COUNT_CAP = 10_000


def capped_count(conn: Connection, stmt: Any) -> tuple[int, bool]:
    """Rows of ``stmt``, counted up to :data:`COUNT_CAP`, and whether there are more."""
    n = int(conn.execute(select(func.count()).select_from(stmt.limit(COUNT_CAP + 1).subquery())).scalar_one())
    return min(n, COUNT_CAP), n > COUNT_CAP


def search_articles(store: Store, words: list[str], where: list[Any], limit: int,
                    offset: int) -> tuple[int, bool, list[ArticleHit]]:
    """Articles holding every word, their count (up to :data:`COUNT_CAP`) and whether more match;
    with event filters, only articles reporting an event that matches them.

    Best first; when more than :data:`COUNT_CAP` match (a word in most articles, where a score
    says little), newest first: on SQLite the newest indexed, read off the FTS5 index in order,
    on PostgreSQL the newest stored, walking ``ix_articles_stored`` (instead of scoring every
    match: 1.5 s of CPU on SQLite, 3 s on PostgreSQL at 40,000-100,000 articles).
    """
    reports = (exists(select(1).select_from(EVENT_ARTICLES.join(EVENTS, EVENTS.c.id == EVENT_ARTICLES.c.event_id))
                      .where(EVENT_ARTICLES.c.article_id == ARTICLES.c.id, *where)) if where else None)
    cols = (ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.url, ARTICLES.c.source, ARTICLES.c.published)

    def matching(ranked: bool) -> tuple[Any, list[Any]]:
        if sqlite:
            hits = fulltext.sqlite_matches("article", words, ranked=ranked).subquery("hits")
            base = select(*cols).join_from(ARTICLES, hits, hits.c.ref == ARTICLES.c.id)
            order: list[Any] = [hits.c.rank, ARTICLES.c.id]
        else:
            base = select(*cols).where(fulltext.pg_condition(fulltext.PG_ARTICLE_VECTOR, words))
            order = [fulltext.pg_rank(fulltext.PG_ARTICLE_VECTOR, words).desc(), ARTICLES.c.id]
        return (base if reports is None else base.where(reports)), order

    with store.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        base, order = matching(True)
        total, more = capped_count(conn, base)
        if more and sqlite:
            base, order = matching(False)
        elif more:  # PostgreSQL walks ix_articles_stored, testing each article until a page is full
            order = [ARTICLES.c.stored.desc(), ARTICLES.c.id.desc()]
        if not sqlite:
            base = base.add_columns(fulltext.pg_snippet(ARTICLES.c.text, words).label("snippet"))
        if more and sqlite and reports is None:  # the page off the index, then its articles
            refs = list(conn.execute(fulltext.sqlite_newest("article", words, limit, offset)).scalars())
            found = {r.id: r for r in conn.execute(select(*cols).where(ARTICLES.c.id.in_(refs)))}
            rows = [found[ref] for ref in refs if ref in found]
        else:
            rows = list(conn.execute(base.order_by(*order).limit(limit).offset(offset)))
        snippets = (fulltext.sqlite_snippets(conn, "article", words, [r.id for r in rows]) if sqlite
                    else {r.id: r.snippet or "" for r in rows})
        return total, more, [ArticleHit(r.id, r.title, r.url, r.source, r.published, snippets.get(r.id, ""))
                             for r in rows]


def search_events(store: Store, words: list[str], where: list[Any], limit: int,
                  offset: int) -> tuple[int, bool, list[Event], dict[str, str]]:
    """Events whose brief holds every word and that match the event filters, their count (up to
    :data:`COUNT_CAP`) and whether more match, with the brief's snippet per event id; in the
    order of :func:`search_articles`."""

    def matching(ranked: bool) -> tuple[Any, list[Any]]:
        if sqlite:
            hits = fulltext.sqlite_matches("brief", words, ranked=ranked).subquery("hits")
            return (select(EVENTS).join_from(EVENTS, hits, hits.c.ref == EVENTS.c.id).where(*where),
                    [hits.c.rank, EVENTS.c.id])
        return (select(EVENTS).join_from(EVENTS, BRIEFS, BRIEFS.c.event_id == EVENTS.c.id)
                .where(fulltext.pg_condition(fulltext.PG_BRIEF_VECTOR, words), *where),
                [fulltext.pg_rank(fulltext.PG_BRIEF_VECTOR, words).desc(), EVENTS.c.id])

    with store.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        base, order = matching(True)
        total, more = capped_count(conn, base)
        if more and sqlite:
            base, order = matching(False)
        if not sqlite:
            base = base.add_columns(fulltext.pg_snippet(BRIEFS.c.text, words).label("snippet"))
        rows = list(conn.execute(base.order_by(*order).limit(limit).offset(offset)))
        snippets = (fulltext.sqlite_snippets(conn, "brief", words, [r.id for r in rows]) if sqlite
                    else {r.id: r.snippet or "" for r in rows})
        return total, more, store.load_events(conn, rows), snippets


__all__ = ["COUNT_CAP", "VISIBLE", "ArticleHit", "Unit", "actor", "actor_names", "bucket", "capped_count",
           "counterparts", "counts", "dyad", "is_country", "merged_reports", "named", "page", "report_texts",
           "search_articles", "search_events", "side", "span"]
