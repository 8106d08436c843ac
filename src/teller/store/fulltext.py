"""Full-text search of article texts and event briefs: SQLite FTS5 and PostgreSQL ``tsvector``.

SQLite: one FTS5 table, ``search_fts`` (kind, ref, title, body), holding its own copy of the
text, and ``search_refs`` giving each (kind, ref) the integer rowid FTS5 needs. Not an
external-content table over ``articles``: articles have text keys, and SQLite may renumber the
implicit rowids of such a table on VACUUM, which would silently point the index at other
articles. Kept in sync by the store in the same transaction as the rows it indexes (not by
triggers: Alembic's batch mode rebuilds a SQLite table to alter it, and drops its triggers then).

PostgreSQL: nothing to keep in sync; GIN indexes over ``to_tsvector('simple', ...)`` expressions
(declared in ``models``) answer the same ``@@`` expressions built here.

Both use no stemming (FTS5 ``unicode61``, PostgreSQL ``simple``): articles come in several
languages, and the two backends then agree on what a word is. User queries never reach either
query language as syntax: :func:`terms` keeps the words of the query only, each quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, func, literal_column, text
from sqlalchemy.sql.elements import ColumnElement

#: Marks around matched words in snippets; the web layer escapes the snippet, then turns these
#: control characters (never in stored text that reaches a page unescaped) into ``<mark>``.
HIT_START, HIT_END = "\x02", "\x03"
MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS search_refs (id INTEGER PRIMARY KEY, kind VARCHAR(10) NOT NULL, "
    "ref VARCHAR(40) NOT NULL, UNIQUE (kind, ref))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
)
SQLITE_DROP: tuple[str, ...] = ("DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_refs")

#: The PostgreSQL expressions the GIN indexes are built on; queries must use them verbatim.
PG_ARTICLE_VECTOR = """to_tsvector('simple'::regconfig, coalesce(articles.title, '') || ' ' || articles."text")"""
PG_BRIEF_VECTOR = """to_tsvector('simple'::regconfig, briefs."text")"""


class SearchQueryError(ValueError):
    """The query has no word to search for; the message is shown to the user (a 400)."""


def terms(query: str) -> list[str]:
    """The words of a user's query, at most :data:`MAX_TERMS`; raises :class:`SearchQueryError`.

    Quotes, operators, parentheses and column filters are dropped, not interpreted, so no input
    can be a syntax error in FTS5 or ``tsquery``.
    """
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(query or "")))
    if not words:
        raise SearchQueryError(f"no word to search for in {query!r}")
    return words[:MAX_TERMS]


def fts5_query(words: Sequence[str]) -> str:
    """All words, each a quoted FTS5 string (a ``"`` inside cannot occur: words are ``\\w+``)."""
    return " ".join(f'"{w}"' for w in words)


# --- keeping the SQLite index in sync ----------------------------------------------------------

def create(conn: Connection) -> None:
    """Create the SQLite search tables (no-op elsewhere); ``models`` calls it after create_all."""
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DDL:
            conn.exec_driver_sql(ddl)


def index(conn: Connection, kind: str, docs: Iterable[tuple[str, str | None, str]]) -> None:
    """Add (ref, title, body) documents of ``kind`` ("article" or "brief"), replacing old copies."""
    if conn.dialect.name != "sqlite":
        return
    docs = list({ref: (ref, title, body) for ref, title, body in docs}.values())
    if not docs:
        return
    unindex(conn, kind, [d[0] for d in docs])
    for ref, title, body in docs:
        rowid = conn.execute(text("INSERT INTO search_refs (kind, ref) VALUES (:kind, :ref) RETURNING id"),
                             {"kind": kind, "ref": ref}).scalar_one()
        conn.execute(text("INSERT INTO search_fts (rowid, kind, ref, title, body) "
                          "VALUES (:id, :kind, :ref, :title, :body)"),
                     {"id": rowid, "kind": kind, "ref": ref, "title": title or "", "body": body or ""})


def unindex(conn: Connection, kind: str, refs: Sequence[str]) -> None:
    """Remove documents of ``kind`` by ref (through ``search_refs``, so by rowid: no FTS scan)."""
    if conn.dialect.name != "sqlite" or not refs:
        return
    params = {"kind": kind, "refs": list(refs)}
    conn.execute(text("DELETE FROM search_fts WHERE rowid IN "
                      "(SELECT id FROM search_refs WHERE kind = :kind AND ref IN :refs)")
                 .bindparams(bindparam("refs", expanding=True)), params)
    conn.execute(text("DELETE FROM search_refs WHERE kind = :kind AND ref IN :refs")
                 .bindparams(bindparam("refs", expanding=True)), params)


def backfill(conn: Connection) -> None:
    """Index every stored article and brief (the migration that adds search runs this)."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DELETE FROM search_fts")
    conn.exec_driver_sql("DELETE FROM search_refs")
    conn.exec_driver_sql("INSERT INTO search_refs (kind, ref) SELECT 'article', id FROM articles ORDER BY id")
    conn.exec_driver_sql("INSERT INTO search_refs (kind, ref) SELECT 'brief', event_id FROM briefs ORDER BY event_id")
    conn.exec_driver_sql(
        "INSERT INTO search_fts (rowid, kind, ref, title, body) "
        "SELECT r.id, 'article', a.id, coalesce(a.title, ''), a.text FROM articles a "
        "JOIN search_refs r ON r.kind = 'article' AND r.ref = a.id")
    conn.exec_driver_sql(
        "INSERT INTO search_fts (rowid, kind, ref, title, body) "
        "SELECT r.id, 'brief', b.event_id, '', b.text FROM briefs b "
        "JOIN search_refs r ON r.kind = 'brief' AND r.ref = b.event_id")


# --- matching ----------------------------------------------------------------------------------

_RANKED = "SELECT ref, bm25(search_fts) AS rank FROM search_fts WHERE search_fts MATCH :match AND kind = :kind"
_NEWEST = "SELECT ref, -rowid AS rank FROM search_fts WHERE search_fts MATCH :match AND kind = :kind"


def sqlite_matches(kind: str, words: Sequence[str], *, ranked: bool = True) -> Any:
    """A subquery of (ref, rank) for the documents of ``kind`` that hold every word: ``rank`` is
    BM25 (lower is better), or with ``ranked=False`` minus the rowid (newest indexed first), which
    FTS5 reads off its index in order instead of scoring every match."""
    sql = _RANKED if ranked else _NEWEST
    return (text(sql).bindparams(match=fts5_query(words), kind=kind)
            .columns(literal_column("ref"), literal_column("rank")))


def sqlite_newest(kind: str, words: Sequence[str], limit: int, offset: int) -> Any:
    """Refs of the documents of ``kind`` holding every word, newest indexed first, one page: FTS5
    walks its index backwards and stops after the page, whatever the number of matches."""
    return (text("SELECT ref FROM search_fts WHERE search_fts MATCH :match AND kind = :kind "
                 "ORDER BY rowid DESC LIMIT :limit OFFSET :offset")
            .bindparams(match=fts5_query(words), kind=kind, limit=limit, offset=offset)
            .columns(literal_column("ref")))


def sqlite_snippets(conn: Connection, kind: str, words: Sequence[str], refs: Sequence[str]) -> dict[str, str]:
    """Ref -> snippet for these documents only (a snippet per match of a common word, computed
    inside the ranking query, was most of a search's time)."""
    if not refs:
        return {}
    stmt = (text("SELECT ref, snippet(search_fts, 3, :hs, :he, '…', 16) AS snippet FROM search_fts "
                 "WHERE search_fts MATCH :match AND rowid IN "
                 "(SELECT id FROM search_refs WHERE kind = :kind AND ref IN :refs)")
            .bindparams(bindparam("refs", expanding=True)))
    return {r.ref: r.snippet or "" for r in conn.execute(stmt, {"match": fts5_query(words), "kind": kind,
                                                                 "hs": HIT_START, "he": HIT_END,
                                                                 "refs": list(refs)})}


def pg_condition(vector: str, words: Sequence[str]) -> ColumnElement[bool]:
    """``vector @@ query`` for PostgreSQL, with the words as one bound parameter."""
    query = func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(words))
    return literal_column(vector).op("@@")(query)


def pg_rank(vector: str, words: Sequence[str]) -> Any:
    return func.ts_rank(literal_column(vector), func.plainto_tsquery(literal_column("'simple'::regconfig"),
                                                                     " ".join(words)))


def pg_snippet(document: Any, words: Sequence[str]) -> Any:
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12, MaxFragments=1"
    return func.ts_headline(literal_column("'simple'::regconfig"), document,
                            func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(words)),
                            options)


def brief_docs(briefs: Mapping[str, str]) -> list[tuple[str, None, str]]:
    return [(eid, None, body) for eid, body in briefs.items()]
