"""Opening a database: URLs, engines and their settings, the store's error, and the small
helpers every write and filter uses (bulk inserts, dates and LIKE patterns from user input).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Table,
    any_,
    bindparam,
    create_engine,
    insert,
)
from sqlalchemy import (
    event as sa_event,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from teller.errors import TellerError

#: Connections one process keeps to a server database (PostgreSQL), and so the threads a server
#: process answers requests with.
POOL_CONNECTIONS = 20


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


def insert_ignore(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
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


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), list(rows))


def as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from err


def one_of(conn: Connection | Engine, column: Any, values: Iterable[Any]) -> Any:
    """``column IN (values)``; on PostgreSQL ``column = ANY(array)``, one parameter: psycopg parses
    a statement with 50 expanded placeholders anew on every request (2 ms of CPU a query, most
    of a list page's driver time), while the array form is one cached statement."""
    values = list(values)
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def like_pattern(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def short_error(err: BaseException) -> str:
    """First line of a DB error, without SQLAlchemy's statement dump and help link."""
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0][:300] if text.strip() else err.__class__.__name__

