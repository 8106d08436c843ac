"""The crawl state of ``teller watch`` in the store: URLs, hosts and polls (revision 0005).

Kept in the same database as the articles so that one backup holds both, and so that a URL is
marked done only after its article is stored (a crash in between refetches it; the article id
then shows it stored, and nothing is analysed twice). Every write is its own short transaction;
``teller watch`` is the only writer of these tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from teller.records import content_id
from teller.store import models as m
from teller.store.store import Store, StoreError

URLS: Table = m.CrawlUrlRow.__table__  # type: ignore[assignment]
HOSTS: Table = m.CrawlHostRow.__table__  # type: ignore[assignment]
POLLS: Table = m.CrawlPollRow.__table__  # type: ignore[assignment]

#: Polls kept (the newest); older rows are deleted as new ones come in.
KEEP_POLLS = 2000


def url_id(url: str) -> str:
    return content_id("url", url)


@dataclass(slots=True)
class UrlState:
    """A row of ``crawl_urls`` (see :class:`teller.store.models.CrawlUrlRow`)."""

    url: str
    host: str
    kind: str
    first_seen: str
    state: str = "pending"
    last_fetched: str | None = None
    last_changed: str | None = None
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    article_id: str | None = None
    fetches: int = 0
    failures: int = 0
    retry_at: str | None = None
    error: str | None = None
    parent: str | None = None

    @property
    def id(self) -> str:
        return url_id(self.url)


@dataclass(slots=True)
class HostState:
    host: str  # scheme://netloc
    failures: int = 0
    retry_at: str | None = None
    robots: str | None = None
    robots_fetched: str | None = None


_URL_FIELDS = [f.name for f in fields(UrlState)]
_HOST_FIELDS = [f.name for f in fields(HostState)]


class CrawlState:
    """Read and write the crawl tables of ``store``."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    # --- urls ------------------------------------------------------------------------------

    def urls(self, urls: Sequence[str]) -> dict[str, UrlState]:
        """The known states of these (normalised) URLs, by URL (one query per 500)."""
        out: dict[str, UrlState] = {}
        ids = sorted({url_id(u) for u in urls})
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for r in conn.execute(select(URLS).where(URLS.c.id.in_(ids[i:i + 500]))):
                    out[r.url] = UrlState(**{k: getattr(r, k) for k in _URL_FIELDS})
        return out

    def url(self, url: str) -> UrlState | None:
        return self.urls([url]).get(url)

    def save_urls(self, states: Sequence[UrlState]) -> None:
        """Insert or update these URL states, in one transaction."""
        if not states:
            return
        rows = {s.id: {"id": s.id, **{k: getattr(s, k) for k in _URL_FIELDS}} for s in states}
        self._upsert(URLS, URLS.c.id, rows)

    def children(self, parent: str) -> list[str]:
        """The sitemaps a sitemap index listed when it was last read."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(URLS.c.url).where(URLS.c.parent == parent, URLS.c.kind == "sitemap",
                                                              URLS.c.state == "source").order_by(URLS.c.url)).scalars())

    def count_urls(self, **where: str) -> int:
        stmt = select(func.count()).select_from(URLS)
        for k, v in where.items():
            stmt = stmt.where(URLS.c[k] == v)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def all_urls(self) -> list[UrlState]:
        with self.engine.connect() as conn:
            return [UrlState(**{k: getattr(r, k) for k in _URL_FIELDS})
                    for r in conn.execute(select(URLS).order_by(URLS.c.id))]

    # --- hosts -----------------------------------------------------------------------------

    def host(self, host: str) -> HostState | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(HOSTS).where(HOSTS.c.host == host)).first()
        return HostState(**{k: getattr(r, k) for k in _HOST_FIELDS}) if r is not None else None

    def save_host(self, state: HostState) -> None:
        self._upsert(HOSTS, HOSTS.c.host, {state.host: {k: getattr(state, k) for k in _HOST_FIELDS}})

    # --- polls -----------------------------------------------------------------------------

    def add_poll(self, started: str, finished: str, health: dict[str, Any]) -> None:
        try:
            with self.engine.begin() as conn:
                new = conn.execute(insert(POLLS).values(started=started, finished=finished, health=health)
                                   .returning(POLLS.c.id)).scalar_one()
                conn.execute(delete(POLLS).where(POLLS.c.id <= new - KEEP_POLLS))
        except SQLAlchemyError as err:
            raise StoreError(f"poll not recorded ({err.__class__.__name__}): {err}") from err

    def last_poll(self) -> dict[str, Any] | None:
        """The newest poll's health (``started``/``finished`` included), None before the first."""
        with self.engine.connect() as conn:
            r = conn.execute(select(POLLS).order_by(POLLS.c.id.desc()).limit(1)).first()
        return {**r.health, "started": r.started, "finished": r.finished} if r is not None else None

    # --- helpers ---------------------------------------------------------------------------

    def _upsert(self, table: Table, key: Any, rows: dict[str, dict[str, Any]]) -> None:
        """Update the rows that exist, insert the others (one writer: no race between the two)."""
        try:
            with self.engine.begin() as conn:
                keys = list(rows)
                have: set[str] = set()
                for i in range(0, len(keys), 500):
                    have |= set(conn.execute(select(key).where(key.in_(keys[i:i + 500]))).scalars())
                for k in have:
                    conn.execute(update(table).where(key == k).values(rows[k]))
                fresh = [rows[k] for k in keys if k not in have]
                if fresh:
                    conn.execute(insert(table), fresh)
        except SQLAlchemyError as err:
            raise StoreError(f"crawl state not stored ({err.__class__.__name__}): {err}") from err
