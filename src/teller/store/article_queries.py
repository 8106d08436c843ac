"""Reading articles: one article's full analysis, lists and pages of reports, their flags,
translations, story clusters, and the counts of the front page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Engine

from teller.records import (
    Analysis,
    Article,
    Flag,
    Highlight,
    Mention,
    Span,
    Story,
)
from teller.store.opening import one_of
from teller.store.rows import (
    actor_from_row,
    spans_from_json,
    timex_from_row,
)
from teller.store.tables import (
    ACTORS,
    ARTICLES,
    BRIEFS,
    DUPLICATES,
    EVENT_ARTICLES,
    EVENTS,
    EVIDENCE,
    FLAGS,
    HIGHLIGHTS,
    MAX_LIMIT,
    MENTIONS,
    STORIES,
    STORY_STATE,
    TIMEXES,
    VERSIONS,
)


class ArticleQueries:
    """The article, story and summary reads of :class:`~teller.store.Store` (a mixin: it needs
    ``self.engine`` and, for a whole analysis, ``self.load_events``)."""

    engine: Engine

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
        return article_from_row(row) if row is not None else None

    def quality(self, article_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(ARTICLES.c.quality).where(ARTICLES.c.id == article_id)).scalar()

    def analysis(self, article_id: str) -> Analysis | None:
        """Everything stored about one article, as the ``Analysis`` the pipeline produced."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
            if row is None:
                return None
            mentions = self._load_mentions(conn, article_id)
            timexes = [timex_from_row(r) for r in conn.execute(
                select(TIMEXES).where(TIMEXES.c.article_id == article_id).order_by(TIMEXES.c.position))]
            ev_rows = list(conn.execute(
                select(EVENTS).join(EVENT_ARTICLES, EVENT_ARTICLES.c.event_id == EVENTS.c.id)
                .where(EVENT_ARTICLES.c.article_id == article_id, EVENTS.c.canonical.is_(False))
                .order_by(EVENTS.c.id)))
            events = self.load_events(conn, ev_rows, evidence_article=article_id)  # type: ignore[attr-defined]  # EventQueries
            flags = self._load_flags(conn, article_id)
            highlights = [Highlight(text=r.text, evidence=spans_from_json(r.evidence))
                          for r in conn.execute(select(HIGHLIGHTS).where(HIGHLIGHTS.c.article_id == article_id)
                                                .order_by(HIGHLIGHTS.c.position))]
            briefs = {r.event_id: r.text for r in conn.execute(
                select(BRIEFS).where(one_of(conn, BRIEFS.c.event_id, [e.id for e in events])))}
        order = {e.id: i for i, e in enumerate(events)}
        return Analysis(article=article_from_row(row), mentions=mentions, timexes=timexes,
                        events=events, flags=flags, highlights=highlights,
                        briefs=dict(sorted(briefs.items(), key=lambda kv: order[kv[0]])),
                        quality=row.quality)

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, tuple[Article, int | None]]:
        """Id -> (article, quality) for the stored ones among ``ids`` (one query): a page of reports."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {r.id: (article_from_row(r), r.quality)
                    for r in conn.execute(select(ARTICLES).where(one_of(conn, ARTICLES.c.id, ids)))}

    def flags_by_article(self, ids: Sequence[str]) -> dict[str, list[Flag]]:
        """Article id -> its flags in order, for several articles (two queries)."""
        out: dict[str, list[Flag]] = {a: [] for a in ids}
        if not ids:
            return out
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(FLAGS).where(one_of(conn, FLAGS.c.article_id, ids))
                                     .order_by(FLAGS.c.article_id, FLAGS.c.position)))
            flags = flags_of_rows(conn, rows)
        for r, flag in zip(rows, flags, strict=True):
            out[r.article_id].append(flag)
        return out

    def flags(self, article_id: str) -> list[Flag]:
        with self.engine.connect() as conn:
            return self._load_flags(conn, article_id)

    # --- translations (teller.compare.stored) ---

    def find_article(self, ref: str) -> Article | None:
        """The article whose id or URL is ``ref`` (the first stored, when several share a URL)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(or_(ARTICLES.c.id == ref, ARTICLES.c.url == ref))
                               .order_by(ARTICLES.c.stored, ARTICLES.c.id).limit(1)).first()
        return article_from_row(row) if row is not None else None

    def translations_of(self, article: Article) -> list[Article]:
        """Stored articles that name ``article`` (its id or URL) as their source."""
        refs = [r for r in (article.id, article.url) if r]
        with self.engine.connect() as conn:
            rows = conn.execute(select(ARTICLES).where(ARTICLES.c.translation_of.in_(refs)).order_by(ARTICLES.c.id))
            return [article_from_row(r) for r in rows]

    def co_reports(self, article_ids: Sequence[str]) -> list[list[str]]:
        """For each canonical event one of ``article_ids`` reports, every article reporting it."""
        if not article_ids:
            return []
        with self.engine.connect() as conn:
            events = select(EVENT_ARTICLES.c.event_id).join(EVENTS, EVENTS.c.id == EVENT_ARTICLES.c.event_id).where(
                EVENT_ARTICLES.c.article_id.in_(list(article_ids)), EVENTS.c.canonical.is_(True))
            groups: dict[str, list[str]] = defaultdict(list)
            for r in conn.execute(select(EVENT_ARTICLES.c.event_id, EVENT_ARTICLES.c.article_id)
                                  .where(EVENT_ARTICLES.c.event_id.in_(events))
                                  .order_by(EVENT_ARTICLES.c.event_id, EVENT_ARTICLES.c.article_id)):
                groups[r.event_id].append(r.article_id)
        return [ids for ids in groups.values() if len(ids) > 1]


    @staticmethod
    def _load_mentions(conn: Connection, article_id: str) -> list[Mention]:
        rows = list(conn.execute(select(MENTIONS).where(MENTIONS.c.article_id == article_id)
                                 .order_by(MENTIONS.c.position)))
        wanted = {r.actor_id for r in rows if r.actor_id} | {a for r in rows for a in (r.members or [])}
        actors = {r.id: actor_from_row(r) for r in conn.execute(
            select(ACTORS).where(ACTORS.c.id.in_(wanted)))} if wanted else {}
        return [Mention(text=r.text, evidence=spans_from_json(r.evidence),
                        actor=actors.get(r.actor_id) if r.actor_id else None, kind=r.kind,
                        confidence=r.confidence, members=[actors[a] for a in (r.members or []) if a in actors])
                for r in rows]

    @staticmethod
    def _load_flags(conn: Connection, article_id: str) -> list[Flag]:
        rows = list(conn.execute(select(FLAGS).where(FLAGS.c.article_id == article_id)
                                 .order_by(FLAGS.c.position)))
        return flags_of_rows(conn, rows)

    def articles(self, limit: int = 50, offset: int = 0) -> list[Article]:
        """Articles, most recently published first."""
        stmt = (select(ARTICLES).order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id)
                .limit(min(max(limit, 0), MAX_LIMIT)).offset(max(offset, 0)))
        with self.engine.connect() as conn:
            return [article_from_row(r) for r in conn.execute(stmt)]

    def article_summaries(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Articles (newest first) with their event and flag counts, for the article list.

        The page of articles first, then grouped counts for those ids only: correlated
        subqueries let SQLite pick the severity index and scan every error flag per row.
        """
        stmt = (select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.source, ARTICLES.c.url,
                       ARTICLES.c.published, ARTICLES.c.quality)
                .order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id)
                .limit(min(max(limit, 0), MAX_LIMIT)).offset(max(offset, 0)))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
            ids = [r["id"] for r in rows]
            if not ids:
                return []
            events = {aid: n for aid, n in conn.execute(
                select(EVENT_ARTICLES.c.article_id, func.count()).where(one_of(conn, EVENT_ARTICLES.c.article_id, ids))
                .group_by(EVENT_ARTICLES.c.article_id))}
            flags: dict[str, int] = defaultdict(int)
            errors: dict[str, int] = defaultdict(int)
            for aid, severity, n in conn.execute(
                    select(FLAGS.c.article_id, FLAGS.c.severity, func.count())
                    .where(one_of(conn, FLAGS.c.article_id, ids)).group_by(FLAGS.c.article_id, FLAGS.c.severity)):
                flags[aid] += n
                if severity == "error":
                    errors[aid] += n
        for r in rows:
            r.update(events=int(events.get(r["id"], 0)), flags=flags[r["id"]], errors=errors[r["id"]])
        return rows

    def article_ids(self) -> list[str]:
        """Every stored article id (for ``StoreWriter.open``: which ones no story index holds)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(ARTICLES.c.id).order_by(ARTICLES.c.id)).scalars())

    def known_article_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` already stored (one query), to skip their analysis."""
        if not ids:
            return set()
        with self.engine.connect() as conn:
            return set(conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id.in_(list(set(ids))))).scalars())

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one())

    # --- stories ---

    def story_state(self) -> dict[str, Any] | None:
        """The story index's saved state (``StoryIndex.to_state``), or None before the first run."""
        with self.engine.connect() as conn:
            row = conn.execute(select(STORY_STATE.c.state).where(STORY_STATE.c.key == "index")).first()
        return row[0] if row else None


    def stories(self, limit: int = 50, offset: int = 0) -> list[Story]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(STORIES).order_by(STORIES.c.last_seen.desc(), STORIES.c.id)
                                .limit(limit).offset(offset)).all()
        return [Story(id=r.id, article_ids=list(r.article_ids), event_ids=list(r.event_ids),
                      title=r.title or "", first_seen=r.first_seen, last_seen=r.last_seen) for r in rows]

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(STORIES)).scalar_one())

    def article_headers(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Id -> ``{id, title, url, source, published, language}`` for the given articles (no texts)."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.url, ARTICLES.c.source,
                                       ARTICLES.c.published, ARTICLES.c.language)
                                .where(one_of(conn, ARTICLES.c.id, ids)))
            return {r.id: dict(r._mapping) for r in rows}

    def duplicates(self) -> dict[str, str]:
        """Copy article id -> original article id."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(DUPLICATES.c.article_id, DUPLICATES.c.original_id)).all())

    # --- summary ---

    def stats(self) -> dict[str, Any]:
        """Counts for the front page and ``/api/stats``."""
        listed = EVENTS.c.superseded_by.is_(None)
        with self.engine.connect() as conn:
            def count(table: Table, *where: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(and_(True, *where)))
                           .scalar_one())

            def by(col: Any, *where: Any) -> dict[str, int]:
                rows = conn.execute(select(col, func.count()).where(and_(True, *where))
                                    .group_by(col).order_by(col))
                return {k: int(n) for k, n in rows}

            first, last = conn.execute(select(func.min(EVENTS.c.date_first_day),
                                              func.max(EVENTS.c.date_last_day)).where(listed)).one()
            return {
                "schema_version": int(conn.execute(select(func.max(VERSIONS.c.version))).scalar_one()),
                "articles": count(ARTICLES),
                "events": count(EVENTS, listed),
                "canonical_events": count(EVENTS, listed, EVENTS.c.canonical.is_(True)),
                "dated_events": count(EVENTS, listed, EVENTS.c.date_first_day.is_not(None)),
                "actors": count(ACTORS),
                "flags": count(FLAGS),
                "events_by_type": by(EVENTS.c.event, listed),
                "events_by_status": by(EVENTS.c.status, listed),
                "flags_by_severity": by(FLAGS.c.severity),
                "flags_by_kind": by(FLAGS.c.kind),
                "first_day": first.isoformat() if first else None,
                "last_day": last.isoformat() if last else None,
                "mean_quality": round_mean(conn.execute(select(func.avg(ARTICLES.c.quality))).scalar()),
            }



def flags_of_rows(conn: Connection, rows: Sequence[Any]) -> list[Flag]:
    """The Flags of ``FLAGS`` rows, in their order, with their evidence spans (one query)."""
    spans: dict[str, list[Span]] = defaultdict(list)
    if rows:
        for r in conn.execute(select(EVIDENCE.c.flag_id, EVIDENCE.c.start, EVIDENCE.c.end)
                              .where(one_of(conn, EVIDENCE.c.flag_id, [r.id for r in rows]))
                              .order_by(EVIDENCE.c.id)):
            spans[r.flag_id].append(Span(r.start, r.end))
    return [Flag(kind=r.kind, severity=r.severity, message=r.message, evidence=spans[r.id]) for r in rows]


def round_mean(x: Any) -> float | None:
    return round(float(x), 1) if x is not None else None


def article_from_row(r: Any) -> Article:
    return Article(
        id=r.id, text=r.text, url=r.url, source=r.source, title=r.title, published=r.published,
        published_tz_known=bool(r.published_tz_known), language=r.language, fetched=r.fetched,
        repeats=[(Span(a, b), Span(c, d)) for a, b, c, d in (r.repeats or [])],
        translation_of=r.translation_of,
    )


