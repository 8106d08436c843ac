"""SQLAlchemy 2 table definitions for the store.

One row per record, with the parts the queries filter on as real columns (event type, status,
actor countries, the event's date interval as local calendar days) and the parts that are only
ever read back whole (alias lists, mention members, the evidence of timexes and highlights) as
JSON. Evidence of events and flags gets its own table because pages and exports look spans up by
article, and canonical (merged) events gather spans from several articles.

Conventions:
- Ids are the records' content hashes (``evt_...``, ``art_...``); rows that only exist inside one
  article (mentions, timexes, highlights) are keyed by ``(article_id, position)``.
- Instants are kept as the ISO strings the records carry (with their offset, so nothing is lost),
  plus ``date_first_day`` / ``date_last_day``: the local calendar days the event's interval covers,
  which is what "events between 1 and 14 September" means to a reader.
- Changing a table means adding an Alembic revision (``teller.store.migrations``, see
  ``docs/store.md``); ``SCHEMA_VERSION`` is the newest revision's number, logged in ``schema_version``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy import event as sa_event  # models have columns named text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from teller.store import fulltext

#: The head revision's number (``0007``); a test keeps the two equal.
SCHEMA_VERSION = 7

ID = String(40)  # "evt_" + 16 hex digits fits easily; room for longer external ids


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    applied: Mapped[str] = mapped_column(String(40))  # ISO instant with offset


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    published_tz_known: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(20))
    fetched: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    #: ``[[copy_start, copy_end, orig_start, orig_end], ...]``
    repeats: Mapped[list] = mapped_column(JSON, default=list)
    #: Article quality score 0-100 (``verify.quality``); NULL when not scored.
    quality: Mapped[int | None] = mapped_column(Integer)
    stored: Mapped[str] = mapped_column(String(40))
    #: URL or id of the article this one translates (``Article.translation_of``); revision 0003.
    translation_of: Mapped[str | None] = mapped_column(Text, index=True)

    __table_args__ = (
        # Full-text search on PostgreSQL (revision 0006); SQLite has its FTS5 table instead.
        Index("ix_articles_fts", sql_text(fulltext.PG_ARTICLE_VECTOR.replace("articles.", "")),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        # Newest stored first (revision 0007): a search whose words are in most articles lists
        # them in this order, walking the index, instead of ranking every match.
        Index("ix_articles_stored", "stored", "id"),
    )


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(20))
    cameo: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(10))
    role_start: Mapped[str | None] = mapped_column(String(40))
    role_end: Mapped[str | None] = mapped_column(String(40))
    aliases: Mapped[list] = mapped_column(JSON, default=list)


class MentionRow(Base):
    __tablename__ = "mentions"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Float)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), index=True)
    evidence: Mapped[list] = mapped_column(JSON)  # [[start, end], ...]
    members: Mapped[list] = mapped_column(JSON, default=list)  # actor ids


class TimexRow(Base):
    __tablename__ = "timexes"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(String(40))
    end: Mapped[str | None] = mapped_column(String(40))
    granularity: Mapped[str | None] = mapped_column(String(20))
    tz: Mapped[str | None] = mapped_column(String(64))
    anchor: Mapped[str | None] = mapped_column(String(80))
    mod: Mapped[str | None] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list] = mapped_column(JSON)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    event: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    mode: Mapped[str | None] = mapped_column(String(40))
    context: Mapped[list] = mapped_column(JSON, default=list)
    quad_code: Mapped[int | None] = mapped_column(Integer)
    cameo: Mapped[str | None] = mapped_column(String(20))
    # The event's own time (a TimeValue, flattened).
    date_value: Mapped[str | None] = mapped_column(String(80))
    date_type: Mapped[str | None] = mapped_column(String(10))
    date_text: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(String(40))
    date_end: Mapped[str | None] = mapped_column(String(40))
    date_granularity: Mapped[str | None] = mapped_column(String(20))
    date_tz: Mapped[str | None] = mapped_column(String(64))
    date_anchor: Mapped[str | None] = mapped_column(String(80))
    date_mod: Mapped[str | None] = mapped_column(String(20))
    date_confidence: Mapped[float | None] = mapped_column(Float)
    date_evidence: Mapped[list | None] = mapped_column(JSON)
    date_reason: Mapped[str | None] = mapped_column(Text)
    #: Local calendar days covered by the date interval (for date-range filters).
    date_first_day: Mapped[date | None] = mapped_column(Date)
    date_last_day: Mapped[date | None] = mapped_column(Date)
    event_loc: Mapped[dict | None] = mapped_column(JSON)  # {"name", "country", "evidence"}
    topics: Mapped[list] = mapped_column(JSON, default=list)
    event_text: Mapped[str | None] = mapped_column(Text)
    #: True for cross-article events written by ``save_events`` (the stories stage).
    canonical: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A per-article event merged into a canonical event points to it; lists hide such rows.
    superseded_by: Mapped[str | None] = mapped_column(ID, index=True)

    __table_args__ = (
        Index("ix_events_days", "date_first_day", "date_last_day"),
        # The listing order of pages, API and exports (visible events, newest day first, undated
        # last, then id), so a page is read off the index instead of sorting every visible event.
        # One shape per planner (revision 0002 explains): SQLite orders by an index after the
        # ``superseded_by IS NULL`` prefix but prefers ix_events_superseded_by over a partial index;
        # PostgreSQL orders only by a partial index, and puts NULLs first in DESC unless told.
        Index("ix_events_listing", "superseded_by", text("date_first_day DESC"), "id").ddl_if(dialect="sqlite"),
        Index("ix_events_listing", text("date_first_day DESC NULLS LAST"), "id",
              postgresql_where=text("superseded_by IS NULL")).ddl_if(dialect="postgresql"),
        # The same order within one event type, for lists filtered by type (revision 0004).
        Index("ix_events_type_listing", "event", "superseded_by", text("date_first_day DESC"), "id")
        .ddl_if(dialect="sqlite"),
        Index("ix_events_type_listing", "event", text("date_first_day DESC NULLS LAST"), "id",
              postgresql_where=text("superseded_by IS NULL")).ddl_if(dialect="postgresql"),
    )


class EventActorRow(Base):
    """Actor and recipient lists of an event, in order."""

    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # "actor" | "recipient"
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)

    __table_args__ = (
        CheckConstraint("role IN ('actor', 'recipient')", name="ck_event_actors_role"),
        # An actor's or a country's links with their events, read without the table (revision 0007):
        # dyads, actor pages and the country filter start from a side's few actors.
        Index("ix_event_actors_actor_event", "actor_id", "event_id", "role"),
    )


class EventArticleRow(Base):
    """Which articles report an event (many-to-many: canonical events have several)."""

    __tablename__ = "event_articles"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)


class FlagRow(Base):
    __tablename__ = "flags"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10), index=True)
    message: Mapped[str] = mapped_column(Text)


class EvidenceRow(Base):
    """One evidence span of an event or a flag, located in one article's text."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    flag_id: Mapped[str | None] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ID, index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("(event_id IS NULL) <> (flag_id IS NULL)", name="ck_evidence_owner"),
        CheckConstraint('"start" >= 0 AND "end" >= "start"', name="ck_evidence_span"),
    )


class HighlightRow(Base):
    __tablename__ = "highlights"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON)


class BriefRow(Base):
    __tablename__ = "briefs"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_briefs_fts", sql_text(fulltext.PG_BRIEF_VECTOR.replace("briefs.", "")),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )


class StoryStateRow(Base):
    """The story index's state between runs (``StoryIndex.to_state``), so that adding articles
    later updates stories and merges without reprocessing what is stored."""

    __tablename__ = "story_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[dict] = mapped_column(JSON)
    updated: Mapped[str] = mapped_column(String(40))


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(40))
    last_seen: Mapped[str] = mapped_column(String(40))
    article_ids: Mapped[list] = mapped_column(JSON)
    event_ids: Mapped[list] = mapped_column(JSON)


class DuplicateRow(Base):
    """A near-duplicate article (wire copy, syndication, update) and the original it copies."""

    __tablename__ = "duplicates"

    article_id: Mapped[str] = mapped_column(ID, primary_key=True)
    original_id: Mapped[str] = mapped_column(ID, index=True)


# --- crawl state of ``teller watch`` (revision 0005) --------------------------------------------

class CrawlUrlRow(Base):
    """One URL ``teller watch`` knows: a source it polls (feed, sitemap) or an article link it
    found. Sources keep their validators for conditional GET; articles are fetched once."""

    __tablename__ = "crawl_urls"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # "url_" + hash of the normalised URL
    url: Mapped[str] = mapped_column(Text)  # normalised (courlan)
    host: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "source" | "sitemap" | "article"
    first_seen: Mapped[str] = mapped_column(String(40))
    last_fetched: Mapped[str | None] = mapped_column(String(40))
    #: last time the body changed (a 200 with other content), for sources
    last_changed: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[int | None] = mapped_column(Integer)  # last HTTP status (0: no answer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    #: "pending" (to fetch), "done" (stored or handled), "failed" (given up), "disallowed" (robots)
    state: Mapped[str] = mapped_column(String(12), index=True)
    article_id: Mapped[str | None] = mapped_column(ID)
    fetches: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row
    retry_at: Mapped[str | None] = mapped_column(String(40))  # not before (backoff)
    error: Mapped[str | None] = mapped_column(Text)
    #: for a sitemap listed by a sitemap index: that index (polled again when the index is unchanged)
    parent: Mapped[str | None] = mapped_column(Text)


class CrawlHostRow(Base):
    """Per-host politeness that outlives a process: backoff after 429/5xx, and robots.txt."""

    __tablename__ = "crawl_hosts"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)  # scheme://netloc
    failures: Mapped[int] = mapped_column(Integer, default=0)  # 429/5xx answers in a row
    retry_at: Mapped[str | None] = mapped_column(String(40))
    robots: Mapped[str | None] = mapped_column(Text)  # robots.txt as fetched ("" when none)
    robots_fetched: Mapped[str | None] = mapped_column(String(40))


class CrawlPollRow(Base):
    """One poll of ``teller watch``: its health line as JSON (``/api/health`` reads the last)."""

    __tablename__ = "crawl_polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[str] = mapped_column(String(40))
    finished: Mapped[str] = mapped_column(String(40))
    health: Mapped[dict] = mapped_column(JSON)


# The SQLite full-text tables are not models (FTS5 virtual tables); they are made with the rest.
sa_event.listen(Base.metadata, "after_create", lambda target, connection, **kw: fulltext.create(connection))
