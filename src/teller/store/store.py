"""The event store: one article's analysis in, queries for pages, API and exports out.

SQLite by default (a file, WAL mode, so a web server can read while a batch writes) and
PostgreSQL with the same code. Writes use SQLAlchemy Core bulk inserts inside one transaction per
article; reads build ``teller.records`` objects with one query per table per page of results
(no per-row queries), so listing 50 events costs a handful of round trips.

:class:`Store` is the one object callers hold; its methods live by what they do:
:mod:`~teller.store.writing` (saving, deleting), :mod:`~teller.store.event_queries` (event lists,
filters, one event), :mod:`~teller.store.article_queries` (articles, flags, stories, counts),
:mod:`~teller.store.flat` (flat rows for exports), :mod:`~teller.store.opening` (URLs, engines,
errors) and :mod:`~teller.store.tables` (the tables).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from teller.store import migrate
from teller.store.article_queries import ArticleQueries
from teller.store.event_queries import EventQueries
from teller.store.opening import POOL_CONNECTIONS, StoreError, make_engine, short_error
from teller.store.tables import (
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
    MAX_LIMIT,
    MENTIONS,
    SEVERITIES,
    STATUSES,
    STORIES,
    STORY_STATE,
    TIMEXES,
    VERSIONS,
)
from teller.store.writing import StoreWrites


class Store(StoreWrites, EventQueries, ArticleQueries):
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
            raise StoreError(f"cannot open database: {err.__class__.__name__}: {short_error(err)}") from err
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


#: Re-exported: views, the app, tests and benchmarks import these from here.
__all__ = ["ACTORS", "ARTICLES", "BRIEFS", "DUPLICATES", "EVENTS", "EVENT_ACTORS", "EVENT_ARTICLES", "EVIDENCE",
           "FLAGS", "HIGHLIGHTS", "MAX_LIMIT", "MENTIONS", "POOL_CONNECTIONS", "SEVERITIES", "STATUSES", "STORIES",
           "STORY_STATE", "TIMEXES", "VERSIONS", "Store", "StoreError", "make_engine"]
