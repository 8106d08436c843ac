"""Schema migrations: what ``Store(url)`` does to a database before using it, and ``teller db``.

The rule when a database is opened (``prepare``):

- empty: create today's tables from ``models`` and stamp the newest revision (head);
- written before teller used Alembic (a ``schema_version`` table holding ``BASELINE_VERSION`` and
  no ``alembic_version``): stamp it as the baseline revision, unchanged, then upgrade;
- at an older revision: upgrade in place to head, in one transaction on PostgreSQL (which rolls
  DDL back on failure) under an advisory lock, so two processes opening it at once do not both
  migrate;
- at a revision this teller does not know (written by a newer teller): refuse.

Upgrading automatically is deliberate: revisions ship inside the package and are tested from the
previous schema with stored data on SQLite and PostgreSQL, and a refusal would only make every
``teller run`` after an update fail until the user typed ``teller db upgrade``.

Revision ids are numbers (``0001``, ``0002``, ...). ``schema_version`` stays as a log of the
numbers reached (``stats()`` reports its maximum), which also makes a pre-Alembic teller refuse a
database that a newer teller has upgraded instead of misreading it.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from teller.errors import TellerError
from teller.store import models as m
from teller.store.rows import now_iso

log = logging.getLogger(__name__)

SCRIPTS = Path(__file__).with_name("migrations")
#: The revision equal to the schema teller wrote before it used Alembic (``schema_version`` 1).
BASELINE = "0001"
BASELINE_VERSION = 1
_LOCK_KEY = 0x7E11E5  # PostgreSQL advisory lock serialising migrations of one database
_VERSIONS = m.SchemaVersion.__table__


class MigrationError(TellerError):
    """The database's schema cannot be brought to this teller's revision."""

    code = "T401"


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini); ``env.py`` uses ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    found = scripts().get_current_head()
    if found is None:  # pragma: no cover - the package ships its revisions
        raise MigrationError(f"no migration revisions in {SCRIPTS}")
    return found


def current(conn: Connection) -> str | None:
    """The database's revision; None when it has none (empty, or written before Alembic)."""
    return MigrationContext.configure(conn).get_current_revision()


def record_version(*, step: Any, heads: Any, run_args: Any = None, ctx: Any = None) -> None:
    """Alembic ``on_version_apply`` hook: keep ``schema_version`` listing the numbers reached."""
    conn = ctx.connection if ctx is not None else None
    if conn is not None:
        _record(conn, next(iter(heads), None))


def _record(conn: Connection, revision: str | None) -> None:
    number = int(revision) if revision else 0
    conn.execute(delete(_VERSIONS).where(_VERSIONS.c.version > number))
    if number and conn.execute(select(_VERSIONS.c.version).where(_VERSIONS.c.version == number)).first() is None:
        conn.execute(insert(_VERSIONS).values(version=number, applied=now_iso()))


def prepare(engine: Engine) -> str:
    """Bring the database to head by the rule above; returns the revision it is at."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = current(conn)
        target = head()
        if found == target:
            return target
        if found is None:
            return _adopt(conn, target)
        _check_known(found)
        log.info("upgrading database schema from revision %s to %s", found, target)
        command.upgrade(config(conn), "head")
        return target


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """``teller db upgrade``: (revision before, revision after)."""
    with engine.connect() as conn:
        before = current(conn)
    return before, prepare(engine)


def _adopt(conn: Connection, target: str) -> str:
    """A database without a revision: create it, or stamp a pre-Alembic one as the baseline."""
    tables = set(inspect(conn).get_table_names())
    if _VERSIONS.name in tables:
        legacy = conn.execute(select(func.max(_VERSIONS.c.version))).scalar()
        if legacy != BASELINE_VERSION:
            raise MigrationError(f"database schema version {legacy} has no migration path: teller before "
                                 f"Alembic wrote version {BASELINE_VERSION}; use a new database")
        log.info("stamping pre-Alembic database as baseline revision %s", BASELINE)
        MigrationContext.configure(conn).stamp(scripts(), BASELINE)
        if target != BASELINE:
            command.upgrade(config(conn), "head")
        return target
    ours = tables & set(m.Base.metadata.tables)
    if ours:
        raise MigrationError(f"database has teller tables ({', '.join(sorted(ours))}) but no schema version; "
                             "it was not written by teller, use a new database")
    m.Base.metadata.create_all(conn)
    MigrationContext.configure(conn).stamp(scripts(), target)
    _record(conn, target)
    return target


def _check_known(revision: str) -> None:
    known = {s.revision for s in scripts().walk_revisions()}
    if revision not in known:
        raise MigrationError(f"database schema revision {revision} is newer than this teller "
                             f"(which knows up to {head()}); upgrade teller to read it")
