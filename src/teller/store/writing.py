"""Writing to the store: one article's analysis (or a batch of them) in one transaction,
canonical events from the stories stage, flags added after storing, story clusters, deletion.

Writes use SQLAlchemy Core bulk inserts (one multi-row INSERT per table); the rows are built
before the transaction opens (:mod:`teller.store.rows`), so malformed input rolls back nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from teller.records import (
    Analysis,
    Event,
    Flag,
    Story,
)
from teller.store import fulltext
from teller.store.opening import (
    StoreError,
    insert_ignore,
    insert_rows,
    short_error,
)
from teller.store.rows import (
    AnalysisRows,
    analysis_rows,
    event_links,
    event_row,
    flag_rows,
    now_iso,
)
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
    MENTIONS,
    STORIES,
    STORY_STATE,
    TIMEXES,
)

log = logging.getLogger("teller.store.store")  # debug: articles skipped because already stored


class StoreWrites:
    """The writing half of :class:`~teller.store.Store` (a mixin: it needs ``self.engine``)."""

    engine: Engine

    def save(self, analysis: Analysis, *, replace: bool = False) -> bool:
        """Store one article's analysis in one transaction.

        Returns False (and writes nothing) when the article id is already stored: ids are
        content hashes, so saving the same article twice is a no-op. With ``replace=True`` the
        stored analysis of that article is deleted first (re-analysis with a newer teller), in the
        same transaction. Raises :class:`StoreError` when the analysis is malformed or the
        database refuses it; that article is then rolled back entirely and everything stored
        before is untouched.
        """
        aid = getattr(getattr(analysis, "article", None), "id", None)
        try:
            rows = analysis_rows(analysis, now_iso())
        except (AttributeError, TypeError, ValueError, KeyError) as err:
            raise StoreError(f"malformed analysis: {err}", item=aid) from err
        try:
            with self.engine.begin() as conn:
                merged: dict[str, str] = {}
                kept: list[str] = []
                if replace:
                    merged, kept = self._delete_article(conn, rows.article["id"])
                if not self._insert_article(conn, rows.article):
                    log.debug("article %s already stored", aid)
                    return False
                self._write_article_rows(conn, rows)
                # Keep what the stories stage made: merges, and canonical events' links to this article.
                for eid, canon in merged.items():
                    conn.execute(update(EVENTS).where(EVENTS.c.id == eid).values(superseded_by=canon))
                insert_ignore(conn, EVENT_ARTICLES, [{"event_id": e, "article_id": rows.article["id"]}
                                                      for e in kept])
        except SQLAlchemyError as err:
            raise StoreError(f"not stored ({err.__class__.__name__}): {short_error(err)}", item=aid) from err
        return True

    def save_many(self, analyses: Sequence[Analysis]) -> list[bool | StoreError]:
        """Store many analyses; the result per analysis is what :meth:`save` would give.

        ``True`` stored, ``False`` already stored (or an earlier copy in the same batch), or the
        :class:`StoreError` that ``save`` would have raised. All articles go in one transaction
        with one multi-row INSERT per table, instead of a transaction and a dozen statements per
        article (that was most of the store's cost). When the batch transaction fails, it is
        rolled back and each article is saved on its own, so one bad article still loses only
        itself, exactly as with ``save``.
        """
        results: list[bool | StoreError | None] = [None] * len(analyses)
        stored = now_iso()
        ready: list[tuple[int, AnalysisRows]] = []
        for i, analysis in enumerate(analyses):
            try:
                ready.append((i, analysis_rows(analysis, stored)))
            except (AttributeError, TypeError, ValueError, KeyError) as err:
                aid = getattr(getattr(analysis, "article", None), "id", None)
                results[i] = StoreError(f"malformed analysis: {err}", item=aid)
        if ready:
            try:
                with self.engine.begin() as conn:
                    new = self._insert_articles(conn, [rows.article for _, rows in ready])
                    fresh: list[AnalysisRows] = []
                    for i, rows in ready:
                        aid = rows.article["id"]
                        results[i] = aid in new
                        if aid in new:
                            new.discard(aid)  # a second copy in this batch is "already stored"
                            fresh.append(rows)
                    self._write_many_rows(conn, fresh)
            except SQLAlchemyError as err:
                log.debug("batch of %d not stored (%s); saving one by one", len(ready), short_error(err))
                for i, _rows in ready:
                    try:
                        results[i] = self.save(analyses[i])
                    except StoreError as one:
                        results[i] = one
        return results  # type: ignore[return-value]  # every slot is filled above

    @classmethod
    def _insert_articles(cls, conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
        """Insert the article rows whose ids are not stored yet; the ids that were new."""
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            ins = sqlite_insert if name == "sqlite" else pg_insert
            stmt = ins(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id)
            unique = list({r["id"]: r for r in reversed(rows)}.values())[::-1]  # first copy wins
            return set(conn.execute(stmt, unique).scalars())
        return {r["id"] for r in rows if cls._insert_article(conn, r)}

    def _write_many_rows(self, conn: Connection, batch: list[AnalysisRows]) -> None:
        """The rows of several new articles, one INSERT per table, in the order ``save`` writes.

        An event id seen in an earlier article of the batch counts as already stored for the
        later ones, as it would when saving one article after the other.
        """
        if not batch:
            return
        actors: dict[str, dict[str, Any]] = {}
        for rows in batch:
            for aid, row in rows.actors.items():
                actors.setdefault(aid, row)
        all_ids = [r["id"] for rows in batch for r in rows.events]
        unseen = self._new_event_ids(conn, all_ids)
        events: list[dict[str, Any]] = []
        event_actors: list[dict[str, Any]] = []
        owners: list[tuple[AnalysisRows, set[str]]] = []  # each article with the events it is first to store
        for rows in batch:
            mine = {r["id"] for r in rows.events if r["id"] in unseen}
            unseen -= mine
            owners.append((rows, mine))
            events.extend(r for r in rows.events if r["id"] in mine)
            event_actors.extend(r for r in rows.event_actors if r["event_id"] in mine)
        # Events stored before (or by an earlier article of the batch) gain this article's spans
        # unless they already have spans in it, as in _write_article_rows.
        old_ids = sorted({r["id"] for rows, mine in owners for r in rows.events if r["id"] not in mine})
        located: set[tuple[str, str]] = set()
        if old_ids:
            arts = [rows.article["id"] for rows in batch]
            located = {(r.event_id, r.article_id) for r in conn.execute(
                select(EVIDENCE.c.event_id, EVIDENCE.c.article_id).where(
                    EVIDENCE.c.event_id.in_(old_ids), EVIDENCE.c.article_id.in_(arts)))}
        insert_ignore(conn, ACTORS, list(actors.values()))
        insert_rows(conn, MENTIONS, [r for rows in batch for r in rows.mentions])
        insert_rows(conn, TIMEXES, [r for rows in batch for r in rows.timexes])
        insert_rows(conn, EVENTS, events)
        insert_rows(conn, EVENT_ACTORS, event_actors)
        insert_ignore(conn, EVENT_ARTICLES, [r for rows in batch for r in rows.event_articles])
        insert_rows(conn, FLAGS, [r for rows in batch for r in rows.flags])
        insert_rows(conn, EVIDENCE, [r for rows in batch for r in rows.evidence
                                 if r["flag_id"] is not None or (r["event_id"], r["article_id"]) not in located])
        insert_rows(conn, HIGHLIGHTS, [r for rows in batch for r in rows.highlights])
        insert_ignore(conn, BRIEFS, [r for rows in batch for r in rows.briefs])
        index_search(conn, [rows.article for rows in batch],
                      [r for rows, mine in owners for r in rows.briefs if r["event_id"] in mine])

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with its mentions, flags, evidence and the events only it reports."""
        try:
            with self.engine.begin() as conn:
                found = conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id == article_id)).first()
                self._delete_article(conn, article_id)
        except SQLAlchemyError as err:
            raise StoreError(f"not deleted ({err.__class__.__name__}): {short_error(err)}", item=article_id) from err
        return found is not None

    @staticmethod
    def _delete_article(conn: Connection, aid: str) -> tuple[dict[str, str], list[str]]:
        """Remove one article's rows.

        Events that other articles also report, and canonical events, stay (they lose this
        article's link and spans). Returns ``({deleted event id: canonical event it was merged
        into}, [ids of the events kept that linked this article])``.
        """
        linked = set(conn.execute(select(EVENT_ARTICLES.c.event_id)
                                  .where(EVENT_ARTICLES.c.article_id == aid)).scalars())
        keep: set[str] = set()
        if linked:
            keep |= set(conn.execute(select(EVENT_ARTICLES.c.event_id).where(
                EVENT_ARTICLES.c.event_id.in_(linked), EVENT_ARTICLES.c.article_id != aid)).scalars())
            keep |= set(conn.execute(select(EVENTS.c.id).where(
                EVENTS.c.id.in_(linked), EVENTS.c.canonical.is_(True))).scalars())
        doomed = sorted(linked - keep)
        merged: dict[str, str] = {}
        if doomed:
            merged = {r.id: r.superseded_by for r in conn.execute(
                select(EVENTS.c.id, EVENTS.c.superseded_by).where(
                    EVENTS.c.id.in_(doomed), EVENTS.c.superseded_by.is_not(None)))}
        conn.execute(delete(EVIDENCE).where(EVIDENCE.c.article_id == aid))
        conn.execute(delete(EVENT_ARTICLES).where(EVENT_ARTICLES.c.article_id == aid))
        fulltext.unindex(conn, "article", [aid])
        if doomed:
            fulltext.unindex(conn, "brief", doomed)
            for table in (EVIDENCE, EVENT_ACTORS, EVENT_ARTICLES, BRIEFS):
                conn.execute(delete(table).where(table.c.event_id.in_(doomed)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(doomed)))
        for table in (MENTIONS, TIMEXES, HIGHLIGHTS, FLAGS):
            conn.execute(delete(table).where(table.c.article_id == aid))
        conn.execute(delete(ARTICLES).where(ARTICLES.c.id == aid))
        return merged, sorted(keep)

    @staticmethod
    def _insert_article(conn: Connection, row: Mapping[str, Any]) -> bool:
        """Insert the article row unless its id exists; True when it was new.

        One statement (not SELECT then INSERT), so two processes saving the same article at once
        cannot both win. RETURNING, because psycopg reports rowcount -1 here.
        """
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            ins = sqlite_insert if name == "sqlite" else pg_insert
            stmt = ins(ARTICLES).on_conflict_do_nothing().returning(ARTICLES.c.id)
            return conn.execute(stmt, dict(row)).first() is not None
        if conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id == row["id"])).first():
            return False
        conn.execute(insert(ARTICLES), dict(row))
        return True

    def _write_article_rows(self, conn: Connection, rows: AnalysisRows) -> None:
        insert_ignore(conn, ACTORS, list(rows.actors.values()))
        insert_rows(conn, MENTIONS, rows.mentions)
        insert_rows(conn, TIMEXES, rows.timexes)
        new_ids = self._new_event_ids(conn, [r["id"] for r in rows.events])
        insert_rows(conn, EVENTS, [r for r in rows.events if r["id"] in new_ids])
        insert_rows(conn, EVENT_ACTORS, [r for r in rows.event_actors if r["event_id"] in new_ids])
        insert_ignore(conn, EVENT_ARTICLES, rows.event_articles)
        insert_rows(conn, FLAGS, rows.flags)
        # An event already stored (same id from another article) keeps its fields, but gains
        # this article's evidence spans unless it already has spans in this article.
        old_ids = [r["id"] for r in rows.events if r["id"] not in new_ids]
        located: set[str] = set()
        if old_ids:
            located = set(conn.execute(select(EVIDENCE.c.event_id).where(
                EVIDENCE.c.event_id.in_(old_ids), EVIDENCE.c.article_id == rows.article["id"])).scalars())
        insert_rows(conn, EVIDENCE, [r for r in rows.evidence
                                 if r["flag_id"] is not None or r["event_id"] not in located])
        insert_rows(conn, HIGHLIGHTS, rows.highlights)
        insert_ignore(conn, BRIEFS, rows.briefs)
        index_search(conn, [rows.article], [r for r in rows.briefs if r["event_id"] in new_ids])

    @staticmethod
    def _new_event_ids(conn: Connection, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        old = set(conn.execute(select(EVENTS.c.id).where(EVENTS.c.id.in_(ids))).scalars())
        return {i for i in ids if i not in old}

    def save_events(self, events: Sequence[Event], *, replaces: Mapping[str, str] | None = None,
                    briefs: Mapping[str, str] | None = None) -> int:
        """Insert or update canonical (cross-article) events; returns how many were new.

        ``article_ids`` are merged into the event's links (never removed). ``replaces`` maps a
        per-article event id to the canonical event that absorbs it: the per-article event is
        then hidden from lists, and its evidence shows on the canonical event's page. An event's
        own ``evidence`` is stored only when it names exactly one article (spans are offsets
        into one text).
        """
        rows = AnalysisRows(article={})
        event_rows = []
        for e in events:
            event_rows.append(event_row(e, canonical=True))
            event_links(rows, e, e.article_ids[0] if len(e.article_ids) == 1 else None)
            rows.event_articles.extend({"event_id": e.id, "article_id": a} for a in e.article_ids)
        ids = [r["id"] for r in event_rows]
        try:
            with self.engine.begin() as conn:
                new_ids = self._new_event_ids(conn, ids)
                insert_ignore(conn, ACTORS, list(rows.actors.values()))
                insert_rows(conn, EVENTS, [r for r in event_rows if r["id"] in new_ids])
                # One statement executed for many rows (executemany), not one statement per row:
                # the story merge at the end of a run saves every canonical event, and per-row
                # statements made it most of that merge's time (docs/scale.md).
                changed = [r for r in event_rows if r["id"] not in new_ids]
                if changed:
                    cols = [k for k in changed[0] if k not in ("id", "superseded_by")]
                    conn.execute(update(EVENTS).where(EVENTS.c.id == bindparam("b_id"))
                                 .values({k: bindparam(f"b_{k}") for k in cols}),
                                 [{"b_id": r["id"], **{f"b_{k}": r[k] for k in cols}} for r in changed])
                old_ids = [i for i in ids if i not in new_ids]
                if old_ids:
                    conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(old_ids)))
                    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.event_id.in_(old_ids)))
                insert_rows(conn, EVENT_ACTORS, rows.event_actors)
                insert_rows(conn, EVIDENCE, rows.evidence)
                insert_ignore(conn, EVENT_ARTICLES, rows.event_articles)
                moves = [{"b_old": old, "b_new": new} for old, new in (replaces or {}).items() if old != new]
                if moves:
                    conn.execute(update(EVENTS).where(EVENTS.c.id == bindparam("b_old"))
                                 .values(superseded_by=bindparam("b_new")), moves)
                if briefs:
                    conn.execute(delete(BRIEFS).where(BRIEFS.c.event_id == bindparam("b_id")),
                                 [{"b_id": eid} for eid in briefs])
                    insert_rows(conn, BRIEFS, [{"event_id": eid, "text": text} for eid, text in briefs.items()])
                fulltext.index(conn, "brief", fulltext.brief_docs(briefs or {}))
        except SQLAlchemyError as err:
            raise StoreError(f"events not stored ({err.__class__.__name__}): {short_error(err)}") from err
        return len(new_ids)


    def replace_flags(self, article_id: str, kind: str, flags: Sequence[Flag], quality: int | None) -> None:
        """Replace an article's flags of ``kind`` by ``flags`` (evidence in its own text) and set
        its quality score, in one transaction: checks that run after storing (the translation
        check) write their flags here, and re-running them replaces rather than adds."""
        try:
            with self.engine.begin() as conn:
                old = list(conn.execute(select(FLAGS.c.id).where(FLAGS.c.article_id == article_id,
                                                                 FLAGS.c.kind == kind)).scalars())
                if old:
                    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.flag_id.in_(old)))
                    conn.execute(delete(FLAGS).where(FLAGS.c.id.in_(old)))
                start = conn.execute(select(func.coalesce(func.max(FLAGS.c.position), -1))
                                     .where(FLAGS.c.article_id == article_id)).scalar_one() + 1
                rows = AnalysisRows(article={})
                flag_rows(rows, article_id, list(flags), start=start)
                insert_rows(conn, FLAGS, rows.flags)
                insert_rows(conn, EVIDENCE, rows.evidence)
                conn.execute(update(ARTICLES).where(ARTICLES.c.id == article_id).values(quality=quality))
        except SQLAlchemyError as err:
            raise StoreError(f"flags not stored ({err.__class__.__name__}): {short_error(err)}",
                             item=article_id) from err


    def save_stories(self, state: dict[str, Any], stories: Sequence[Story],
                     duplicates: Mapping[str, str]) -> None:
        """Replace the story clusters, the copy links and the index state in one transaction.

        Stories are recomputed as a whole by the index (a new article can join two stories), so
        the tables are rewritten rather than patched; they hold ids only, not texts.
        """
        story_rows = [{"id": st.id, "title": st.title, "first_seen": st.first_seen, "last_seen": st.last_seen,
                       "article_ids": list(st.article_ids), "event_ids": list(st.event_ids)} for st in stories]
        dup_rows = [{"article_id": a, "original_id": o} for a, o in sorted(duplicates.items())]
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(STORY_STATE).where(STORY_STATE.c.key == "index"))
                conn.execute(insert(STORY_STATE).values(key="index", state=state, updated=now_iso()))
                conn.execute(delete(STORIES))
                conn.execute(delete(DUPLICATES))
                insert_rows(conn, STORIES, story_rows)
                insert_rows(conn, DUPLICATES, dup_rows)
        except SQLAlchemyError as err:
            raise StoreError(f"stories not stored ({err.__class__.__name__}): {short_error(err)}") from err



def index_search(conn: Connection, articles: Sequence[Mapping[str, Any]],
                  briefs: Sequence[Mapping[str, Any]]) -> None:
    """Keep the full-text index (SQLite) in step with the article and brief rows just written."""
    fulltext.index(conn, "article", [(a["id"], a.get("title"), a["text"]) for a in articles])
    fulltext.index(conn, "brief", [(b["event_id"], None, b["text"]) for b in briefs])


