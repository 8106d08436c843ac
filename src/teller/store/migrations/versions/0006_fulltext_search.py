"""search: full-text search of articles and event briefs (SQLite FTS5, PostgreSQL tsvector)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

SQLite: the FTS5 table ``search_fts`` with its own copy of the texts and ``search_refs`` giving
each article or brief the integer rowid FTS5 needs (teller.store.fulltext says why), filled with
every stored article and brief. PostgreSQL: GIN indexes over ``to_tsvector('simple', ...)`` of
the article title and text and of the brief; the expressions are what the search queries use.
Frozen: a revision never imports teller.store.models (the models move on; this step does not).
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE TABLE IF NOT EXISTS search_refs (id INTEGER PRIMARY KEY, kind VARCHAR(10) NOT NULL, "
    "ref VARCHAR(40) NOT NULL, UNIQUE (kind, ref))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO search_refs (kind, ref) SELECT 'article', id FROM articles ORDER BY id",
    "INSERT INTO search_refs (kind, ref) SELECT 'brief', event_id FROM briefs ORDER BY event_id",
    "INSERT INTO search_fts (rowid, kind, ref, title, body) SELECT r.id, 'article', a.id, coalesce(a.title, ''), "
    "a.text FROM articles a JOIN search_refs r ON r.kind = 'article' AND r.ref = a.id",
    "INSERT INTO search_fts (rowid, kind, ref, title, body) SELECT r.id, 'brief', b.event_id, '', b.text "
    "FROM briefs b JOIN search_refs r ON r.kind = 'brief' AND r.ref = b.event_id",
)
_PG = (
    """CREATE INDEX ix_articles_fts ON articles USING gin """
    """(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || "text"))""",
    """CREATE INDEX ix_briefs_fts ON briefs USING gin (to_tsvector('simple'::regconfig, "text"))""",
)


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    for ddl in {"sqlite": _SQLITE, "postgresql": _PG}.get(dialect, ()):
        op.execute(ddl)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP TABLE IF EXISTS search_refs")
    elif dialect == "postgresql":
        op.drop_index("ix_briefs_fts", table_name="briefs")
        op.drop_index("ix_articles_fts", table_name="articles")
