"""A cache of whole GET responses, keyed by URL and the database's write generation.

Under load most requests for the event list, an event page, a dyad page or a feed ask for
something another client asked for a moment ago; rendering it again costs queries and
milliseconds of CPU a 2-core server does not have. :class:`ResponseCache` is an ASGI middleware
(outside gzip and ETag, inside the security headers) that keeps the finished response (status
200 only: body as sent, gzipped or not, with its ``ETag``, ``Content-Type`` and other headers)
of the read-only pages and API routes, in a byte-bounded LRU per worker process.

Key: scheme, host, path and the query with its parameters sorted by name (repeated names keep
their order), plus whether the client accepts gzip. Pages that echo the query as given (the
Atom feed's ``self`` link, the JSON link of the article and story lists) are keyed by the query
as given, so a cached body is byte for byte what that URL renders.

Invalidation: every entry belongs to the database's *write generation* (:class:`Generation`),
read at most every ``check_seconds``: on PostgreSQL the current snapshot
(``pg_current_snapshot()``: ``xmin:xmax:in-progress xids``), which changes when any writing
transaction of the server starts or commits; on a SQLite file ``PRAGMA data_version`` on a
connection of its own, which changes when any other connection (any process) commits; on an
in-memory SQLite the shared connection's ``total_changes()``. A write by this process through
the API clears the cache at once (:func:`clear`), a write by another process or worker is seen
within ``check_seconds``. The generation is read before the response is rendered, so an entry
is never older than its generation.

Bypassed: other methods (POST, HEAD), requests with ``Authorization`` or ``Cookie`` (the answer
might depend on who asks), paths outside :data:`CACHED_PREFIXES` (static files, ``/docs``,
``/submit``, ``/api/export``, ``/api/health``), responses that are not 200, streamed, set a
cookie or say ``no-store``. ``If-None-Match`` is answered from the entry (304 when the tag
matches), as the ETag layer would. A cached path's answer says ``X-Cache: hit`` or ``miss``
(``benchmarks/load.py`` counts them: its latencies depend on the hit rate).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
from sqlalchemy import event as sa_event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teller.api.etag import matches

#: Paths whose GET answers depend only on the URL and the database (pages and API reads).
CACHED_PREFIXES = ("/api/events", "/api/articles", "/api/stories", "/api/stats", "/api/actors", "/api/dyads",
                   "/api/timeline", "/api/search", "/events", "/articles", "/stories", "/stats", "/actors",
                   "/dyads", "/search", "/timeline")
#: Paths whose body repeats the query string as given: keyed by it unsorted.
ECHOED = ("/events.atom", "/articles", "/stories")
_SKIP_REQUEST = (b"authorization", b"cookie")
#: Headers a 304 leaves out (it has no body); as the ETag layer's 304, which gzip never sees a body of.
_NOT_IN_304 = (b"content-length", b"content-type", b"content-encoding")
_ENTRY_OVERHEAD = 512  # bytes counted per entry besides its body (key, headers, bookkeeping)


def cacheable_path(path: str) -> bool:
    if path == "/":
        return True
    if path.startswith("/api/export"):
        return False
    return any(path == p or path.startswith((p + "/", p + ".", p + "?")) for p in CACHED_PREFIXES)


def normal_query(query: bytes) -> bytes:
    """The query with its parameters sorted by name; values of a repeated name keep their order."""
    if not query:
        return b""
    ordered = sorted(query.split(b"&"), key=_name)
    return b"&".join(ordered)


def _name(part: bytes) -> bytes:
    return part.split(b"=", 1)[0]


class Generation:
    """The database's write generation: a value that changes whenever something is written.

    ``read()`` is blocking (a query); :meth:`current` calls it in a thread of its own at most
    every ``check_seconds`` and hands out the last value in between.
    """

    def __init__(self, engine: Any, check_seconds: float) -> None:
        self.engine = engine
        self.check_seconds = check_seconds
        self._value: Hashable = None
        self._next = 0.0
        self._lock: anyio.Lock | None = None
        self._limiter: anyio.CapacityLimiter | None = None
        self._conn: Any = None
        self._conn_lock = threading.Lock()
        name = engine.dialect.name
        database = engine.url.database
        self._memory = name == "sqlite" and database in (None, "", ":memory:")
        self._kind = "postgresql" if name == "postgresql" else ("sqlite" if name == "sqlite" else "other")

    def read(self) -> Hashable:
        """The generation now (blocking)."""
        with self._conn_lock:
            if self._kind == "sqlite" and self._memory:  # one shared connection: count its changes
                with self.engine.connect() as conn:
                    return conn.exec_driver_sql("SELECT total_changes()").scalar()
            if self._conn is None:
                self._conn = self._connect()
            try:
                return self._query()
            except Exception:
                self._close()  # a dropped connection: open a new one next time
                raise

    def _connect(self) -> Any:
        if self._kind == "sqlite":
            import sqlite3

            return sqlite3.connect(self.engine.url.database, check_same_thread=False, isolation_level=None)
        # a DBAPI connection outside the pool: the check never waits behind busy requests
        dialect = self.engine.dialect
        args, kwargs = dialect.create_connect_args(self.engine.url)
        conn = dialect.connect(*args, **kwargs)
        if self._kind == "postgresql":
            conn.autocommit = True
        return conn

    def _query(self) -> Hashable:
        if self._kind == "sqlite":
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        cur = self._conn.cursor()
        try:
            if self._kind == "postgresql":
                cur.execute("SELECT pg_current_snapshot()::text")
            else:  # no cheap generation known: every check is a new generation
                return time.monotonic()
            return cur.fetchone()[0]
        finally:
            cur.close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                pass

    def close(self) -> None:
        with self._conn_lock:
            self._close()

    async def current(self) -> Hashable:
        """The generation, read again when the last reading is ``check_seconds`` old."""
        if time.monotonic() < self._next:
            return self._value
        if self._lock is None:
            self._lock, self._limiter = anyio.Lock(), anyio.CapacityLimiter(1)
        async with self._lock:
            if time.monotonic() < self._next:  # another request read it while this one waited
                return self._value
            self._value = await anyio.to_thread.run_sync(self.read, limiter=self._limiter)
            self._next = time.monotonic() + self.check_seconds
        return self._value


@dataclass(slots=True)
class Entry:
    generation: Hashable
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    size: int


class Entries:
    """Byte-bounded LRU of entries (thread-safe: tests and threads may touch it too)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._generation: Hashable = None
        self._local = 0  # bumped by clear(): this process wrote

    def __len__(self) -> int:
        return len(self._items)

    def generation(self, db: Hashable) -> Hashable:
        """The full generation key for a database reading; a new reading drops every entry."""
        with self._lock:
            if db != self._generation:
                self._generation = db
                self._items.clear()
                self.bytes = 0
            return (db, self._local)

    def get(self, key: Hashable, generation: Hashable) -> Entry | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is None or entry.generation != generation:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: Entry) -> bool:
        if entry.size > self.max_bytes // 8:  # one huge page must not empty the cache
            return False
        with self._lock:
            if entry.generation != (self._generation, self._local):
                return False  # written under an older generation: already stale
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._items[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self.bytes -= dropped.size
        return True

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0
            self._local += 1


class Cache:
    """The responses cached over one store in this process: the entries and the generation.

    Every commit through the store's engine in this process (a write by the API, a script, a
    test) clears the entries once the connection is handed back to the pool, i.e. after the
    commit is visible; writes by other processes are seen through :class:`Generation`.
    """

    def __init__(self, store: Any, *, max_bytes: int, check_seconds: float) -> None:
        self.entries = Entries(max_bytes)
        self.generation = Generation(store.engine, check_seconds)
        _CACHES[store] = self
        entries = weakref.ref(self.entries)

        def committed(conn: Any) -> None:
            conn.info["teller_committed"] = True

        def returned(_dbapi_conn: Any, record: Any) -> None:
            if record.info.pop("teller_committed", False) and (e := entries()) is not None:
                e.clear()

        sa_event.listen(store.engine, "commit", committed)
        sa_event.listen(store.engine.pool, "checkin", returned)

    def close(self) -> None:
        self.generation.close()


_CACHES: weakref.WeakKeyDictionary[Any, Cache] = weakref.WeakKeyDictionary()


def clear(store: Any) -> None:
    """Forget every response cached over ``store`` (this process wrote to it)."""
    cached = _CACHES.get(store)
    if cached is not None:
        cached.entries.clear()


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


class ResponseCache:
    """ASGI middleware answering repeated GETs of read-only paths from a :class:`Cache`."""

    def __init__(self, app: ASGIApp, *, cache: Cache) -> None:
        self.app = app
        self.entries = cache.entries
        self.generation = cache.generation

    def _key(self, scope: Scope, headers: list[tuple[bytes, bytes]]) -> Hashable:
        path = scope["path"]
        query = scope.get("query_string", b"")
        accept = _header(headers, b"accept-encoding") or b""
        host = _header(headers, b"host") or b""
        return (scope.get("scheme"), host, scope.get("root_path", ""), path,
                query if path.startswith(ECHOED) else normal_query(query), b"gzip" in accept)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if any(k.lower() in _SKIP_REQUEST for k, _ in headers):
            await self.app(scope, receive, send)
            return
        generation = self.entries.generation(await self.generation.current())
        key = self._key(scope, headers)
        if_none_match = (_header(headers, b"if-none-match") or b"").decode("latin-1")
        entry = self.entries.get(key, generation)
        if entry is not None:
            await _answer(send, entry.headers, entry.body, entry.etag, if_none_match, hit=True)
            return
        # A miss: render the full response (without the client's If-None-Match, so the ETag
        # layer does not answer 304 with no body to keep), keep it, then answer the client.
        inner = {**scope, "headers": [(k, v) for k, v in headers if k.lower() != b"if-none-match"]}
        start: Message | None = None
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            if message.get("more_body", False):  # streamed (an export, a large file): pass it on
                passing = True
                await send(start)
                await send(message)
                return
            body = message.get("body", b"")
            out_headers = list(start.get("headers", []))
            etag = (_header(out_headers, b"etag") or b"").decode("latin-1")
            if start["status"] == 200 and etag and _storable(out_headers):
                self.entries.put(key, Entry(generation, out_headers, body, etag,
                                            len(body) + _ENTRY_OVERHEAD + sum(len(k) + len(v) for k, v in out_headers)))
                await _answer(send, out_headers, body, etag, if_none_match, hit=False)
                return
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(inner, receive, capture)


def _storable(headers: list[tuple[bytes, bytes]]) -> bool:
    if _header(headers, b"set-cookie") is not None:
        return False
    control = (_header(headers, b"cache-control") or b"").lower()
    return b"no-store" not in control and b"private" not in control


async def _answer(send: Send, headers: list[tuple[bytes, bytes]], body: bytes, etag: str, if_none_match: str, *,
                  hit: bool) -> None:
    """The stored response, or 304 when the client's tag matches (as :mod:`teller.api.etag` answers).
    ``X-Cache`` says whether it came from the cache (``hit``) or was rendered for it (``miss``)."""
    marked = [*headers, (b"x-cache", b"hit" if hit else b"miss")]
    if if_none_match and matches(if_none_match, etag):
        kept = [(k, v) for k, v in marked if k.lower() not in _NOT_IN_304]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": marked})
    await send({"type": "http.response.body", "body": body})


__all__ = ["CACHED_PREFIXES", "Cache", "Entries", "Entry", "Generation", "ResponseCache", "cacheable_path", "clear",
           "normal_query"]
