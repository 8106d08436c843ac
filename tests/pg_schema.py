"""A PostgreSQL schema of its own for a test (skipped with a message when no server answers).

Uses ``$TELLER_TEST_PG`` or ``postgresql+psycopg://postgres@127.0.0.1:5432/test``; the schema is
dropped afterwards, so parallel runs do not collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("TELLER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A database URL whose search_path is a new, empty schema."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg not installed")
    from sqlalchemy.engine import make_url

    u = make_url(PG_URL)
    conninfo = f"host={u.host} port={u.port or 5432} dbname={u.database} user={u.username}"
    try:
        admin = psycopg.connect(conninfo, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL not available at {PG_URL}: {str(err).splitlines()[0]}")
    schema = f"teller_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
