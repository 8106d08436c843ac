"""One service function per page, shared by the JSON API and the HTML pages (Datasette-style).

Each function takes the :class:`~teller.store.Store` and validated parameters and returns a
Pydantic model. ``/api/...`` routes return that model as JSON; the HTML routes render the same
model through a template, so a page never shows anything its JSON twin does not carry.

The records (``Event``, ``Article``, ``Flag``...) are the dataclasses of :mod:`teller.records`;
Pydantic validates and documents them directly, so the OpenAPI schema at ``/docs`` names the
same fields as ``teller process --json`` (the contract of :mod:`teller.schema`; fields marked
``records.Internal`` are left out of both). Every response carries the contract's ``schema_version``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teller.api import cache, cursor
from teller.records import (
    Article,
    Event,
    Flag,
    Highlight,
    Mention,
    Span,
    TimeValue,
)
from teller.schema import SCHEMA_VERSION
from teller.store import Store
from teller.store.rows import date_days

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Status = Literal["happened", "planned", "hypothetical", "denied"]


class NotFound(LookupError):
    """The page's record does not exist; ``str()`` is the message shown to the user."""


class EventFilters(BaseModel):
    """Query parameters of the event list (``/`` and ``/api/events``)."""

    model_config = ConfigDict(extra="ignore")

    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", examples=["JPN"],
                                description="ISO 3166 alpha-3 code of an actor or recipient.")
    event: PloverType | None = Field(None, description="PLOVER event type (case-insensitive).")
    status: Status | None = Field(None, description="happened, planned, hypothetical or denied.")
    start: date | None = Field(None, description="Events whose own date ends on or after this day.")
    end: date | None = Field(None, description="Events whose own date starts on or before this day.")
    q: str | None = Field(None, max_length=200,
                          description="Text in the event text, brief, date text or actor names.")
    limit: int = Field(50, ge=1, le=500, description="Events per page.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Events to skip (prefer `cursor`).")
    cursor: str | None = Field(None, max_length=200,
                               description="Continue after the page that gave this `next_cursor` "
                                           "(opaque; stable while events are added).")

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        """Empty form fields mean "no filter"; type and status are case-insensitive."""
        if not isinstance(data, dict):
            return data
        data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        data = {k: v for k, v in data.items() if v not in ("", None)}
        if isinstance(data.get("event"), str):
            data["event"] = data["event"].upper()
        if isinstance(data.get("status"), str):
            data["status"] = data["status"].lower()
        if isinstance(data.get("country"), str):
            data["country"] = data["country"].upper()
        return data

    @model_validator(mode="after")
    def _ordered(self) -> EventFilters:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        if self.cursor is not None:
            cursor.decode(self.cursor)  # ValueError with a message: a 400 for the client
            if self.offset:
                raise ValueError("give cursor or offset, not both")
        return self

    def query(self) -> dict[str, Any]:
        """The store's keyword arguments (without paging)."""
        return self.model_dump(exclude={"limit", "offset", "cursor"}, exclude_none=True)

    def url(self, base: str, **change: Any) -> str:
        """``base`` with these filters (and ``change``) as the query string; defaults left out."""
        params = {**self.model_dump(exclude_none=True), **change}
        if params.get("limit") == 50:
            params.pop("limit")
        if params.get("offset") == 0:
            params.pop("offset")
        if params.get("cursor") is None:
            params.pop("cursor", None)
        return f"{base}?{urlencode(params)}" if params else base


class Versioned(BaseModel):
    """A response of the JSON API: it names the version of the output contract it follows."""

    schema_version: str = Field(SCHEMA_VERSION, description="Version of the output contract (teller.schema).")


class EventsPage(Versioned):
    filters: EventFilters
    total: int = Field(description="Events matching the filters (all pages).")
    events: list[Event]
    briefs: dict[str, str] = Field(description="Event id -> one-sentence brief, where one exists.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    next_url: str | None = Field(None, description="The next page (by cursor on /api/events).")
    prev_url: str | None = Field(None, description="The previous page, for offset paging (null with a cursor).")


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None


class ArticleListItem(ArticleSummary):
    quality: int | None
    events: int = Field(description="Events linked to the article.")
    flags: int
    errors: int = Field(description="Flags of severity error.")


class Paging(BaseModel):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)

    @model_validator(mode="before")
    @classmethod
    def _blank(cls, data: Any) -> Any:
        return {k: v for k, v in data.items() if v not in ("", None)} if isinstance(data, dict) else data


class ArticlesPage(Versioned):
    total: int
    limit: int
    offset: int
    articles: list[ArticleListItem]
    next_url: str | None = None
    prev_url: str | None = None


class ArticleEvidence(BaseModel):
    """One article that reports an event: its text, where it says so, and what is wrong with it."""

    article: ArticleSummary
    text: str | None = Field(description="The article text; null when the article is not stored.")
    evidence: list[Span]
    flags: list[Flag]
    quality: int | None
    reported_date: TimeValue | None = Field(
        default=None, description="The date this article's own event gave, for a merged event; null when undated.")
    reported_date_reason: str | None = Field(default=None, description="Why this article's event has that date.")


class EventPage(Versioned):
    event: Event
    brief: str | None
    canonical: bool = Field(description="A cross-article event merged by the stories stage.")
    superseded_by: str | None = Field(description="The canonical event this one was merged into.")
    merged: list[str] = Field(description="Per-article events merged into this one.")
    sources: int = Field(description="Distinct outlets among the reports on this page (source, else URL host).")
    reports: int = Field(description="Articles reporting the event (all pages of `articles`).")
    reports_offset: int = Field(0, description="Reports skipped before this page.")
    articles: list[ArticleEvidence] = Field(description="One page of the reports, with their texts.")
    next_reports_url: str | None = Field(None, description="The next page of reports; null on the last.")


class ArticlePage(Versioned):
    """The stored ``Analysis`` of one article (the ``teller process --json`` shape)."""

    article: Article
    mentions: list[Mention]
    timexes: list[TimeValue]
    events: list[Event]
    flags: list[Flag]
    highlights: list[Highlight]
    briefs: dict[str, str]
    quality: int | None


class Stats(Versioned):
    database_version: int = Field(description="Version of the database schema (not of the output contract).")
    articles: int
    events: int
    canonical_events: int
    dated_events: int
    actors: int
    flags: int
    events_by_type: dict[str, int]
    events_by_status: dict[str, int]
    flags_by_severity: dict[str, int]
    flags_by_kind: dict[str, int]
    first_day: str | None
    last_day: str | None
    mean_quality: float | None


def events_page(store: Store, filters: EventFilters, *, base: str,
                links: Literal["offset", "cursor"] = "offset") -> EventsPage:
    """The event list; ``base`` is the path the paging links point to.

    ``next_cursor`` is always given; ``next_url`` continues by cursor with ``links="cursor"``
    (the API: stable while events are added) and by offset otherwise (pages with page numbers),
    and always by cursor once the request itself came with one. The total is cached per filter
    set (:mod:`teller.api.cache`); the page itself never is.
    """
    kwargs = filters.query()
    total = cache.cached(store, ("count_events", tuple(sorted(kwargs.items()))),
                         lambda: store.count_events(**kwargs))
    after = cursor.decode(filters.cursor) if filters.cursor else None
    # one more than asked: whether there is a next page, without trusting a cached total
    events = store.events(**kwargs, limit=filters.limit + 1, offset=filters.offset, after=after)
    more = len(events) > filters.limit
    events = events[: filters.limit]
    briefs = store.briefs([e.id for e in events])
    next_cursor = None
    if more and events:
        last = events[-1]
        next_cursor = cursor.encode((date_days(last.date)[0], last.id))
    if next_cursor is None:
        next_url = None
    elif links == "cursor" or filters.cursor:
        next_url = filters.url(base, offset=0, cursor=next_cursor)
    else:
        next_url = filters.url(base, offset=filters.offset + filters.limit)
    return EventsPage(
        filters=filters, total=total, events=events, briefs=briefs, next_cursor=next_cursor,
        next_url=next_url,
        prev_url=(filters.url(base, offset=max(filters.offset - filters.limit, 0))
                  if filters.offset > 0 else None),
    )


REPORTS_PER_PAGE = 20


def event_page(store: Store, event_id: str, *, limit: int = REPORTS_PER_PAGE, offset: int = 0,
               base: str | None = None) -> EventPage:
    """One event with one page of its reports (``limit`` articles from ``offset``).

    An event told by hundreds of articles would otherwise load every text at once; the page
    loads its articles and their flags with one query each. ``base`` is the path the link to
    the next page of reports points to (default: the API's).
    """
    event = store.event(event_id)
    info = store.event_info(event_id)
    if event is None or info is None:
        raise NotFound(f"no event with id {event_id!r}")
    spans = store.event_evidence(event_id)
    every = list(dict.fromkeys([*event.article_ids, *spans]))
    page_ids = every[offset: offset + limit]
    reported = _reported_dates(store, info["merged"])
    stored = store.articles_by_id(page_ids)
    flags = store.flags_by_article([a for a in page_ids if a in stored])
    articles = []
    for aid in page_ids:
        art, quality = stored.get(aid, (None, None))
        summary = ArticleSummary(id=aid, title=art.title if art else None, url=art.url if art else None,
                                 source=art.source if art else None,
                                 published=art.published if art else None)
        articles.append(ArticleEvidence(
            article=summary, text=art.text if art else None, evidence=spans.get(aid, []),
            flags=flags.get(aid, []), quality=quality,
            reported_date=reported.get(aid, (None, None))[0], reported_date_reason=reported.get(aid, (None, None))[1]))
    outlets = {a.article.source or urlsplit(a.article.url or "").hostname or a.article.id for a in articles}
    nxt = offset + limit
    next_url = None
    if nxt < len(every):
        params = {"reports_offset": nxt, **({"reports_limit": limit} if limit != REPORTS_PER_PAGE else {})}
        next_url = f"{base or f'/api/events/{event_id}'}?{urlencode(params)}"
    return EventPage(event=event, brief=info["brief"], canonical=info["canonical"],
                     superseded_by=info["superseded_by"], merged=info["merged"],
                     sources=len(outlets), reports=len(every), reports_offset=offset, articles=articles,
                     next_reports_url=next_url)


def _reported_dates(store: Store, merged: list[str]) -> dict[str, tuple[TimeValue | None, str | None]]:
    """Article id -> the date (and its reason) its own event gave, for the per-article events a
    merged event joins: when reports disagree on the day, the event page shows each."""
    out: dict[str, tuple[TimeValue | None, str | None]] = {}
    for own in store.events_by_id(merged):
        for aid in own.article_ids:
            out.setdefault(aid, (own.date, own.date_reason))
    return out


def article_page(store: Store, article_id: str) -> ArticlePage:
    analysis = store.analysis(article_id)
    if analysis is None:
        raise NotFound(f"no article with id {article_id!r}")
    return ArticlePage(
        article=analysis.article, mentions=analysis.mentions, timexes=analysis.timexes,
        events=analysis.events, flags=analysis.flags, highlights=analysis.highlights,
        briefs=analysis.briefs, quality=analysis.quality,
    )


def articles_page(store: Store, paging: Paging, *, base: str) -> ArticlesPage:
    """Stored articles, newest first, with event and flag counts."""
    total = store.count_articles()
    items = [ArticleListItem(**row) for row in store.article_summaries(paging.limit, paging.offset)]

    def url(offset: int) -> str:
        return _paged_url(base, paging, offset)

    nxt = paging.offset + paging.limit
    return ArticlesPage(total=total, limit=paging.limit, offset=paging.offset, articles=items,
                        next_url=url(nxt) if nxt < total else None,
                        prev_url=url(max(paging.offset - paging.limit, 0)) if paging.offset > 0 else None)


class StoryItem(BaseModel):
    id: str
    title: str
    first_seen: str
    last_seen: str
    events: int = Field(description="Canonical events told in the story.")
    articles: list[ArticleSummary]
    copies: dict[str, str] = Field(description="Copy article id -> the original it repeats.")


class StoriesPage(Versioned):
    total: int
    limit: int
    offset: int
    stories: list[StoryItem]
    next_url: str | None = None
    prev_url: str | None = None


def _paged_url(base: str, paging: Paging, offset: int) -> str:
    params: dict[str, int] = {}
    if paging.limit != 50:
        params["limit"] = paging.limit
    if offset:
        params["offset"] = offset
    return f"{base}?{urlencode(params)}" if params else base


def stories_page(store: Store, paging: Paging, *, base: str) -> StoriesPage:
    """Story clusters (latest first), each with its articles and which of them are copies."""
    total = store.count_stories()
    stories = store.stories(paging.limit, paging.offset)
    headers = store.article_headers([a for st in stories for a in st.article_ids])
    copies = store.duplicates()
    items = [StoryItem(id=st.id, title=st.title, first_seen=st.first_seen, last_seen=st.last_seen,
                       events=len(st.event_ids),
                       articles=[ArticleSummary(**headers[a]) for a in st.article_ids if a in headers],
                       copies={a: copies[a] for a in st.article_ids if a in copies})
             for st in stories]
    nxt = paging.offset + paging.limit
    return StoriesPage(total=total, limit=paging.limit, offset=paging.offset, stories=items,
                       next_url=_paged_url(base, paging, nxt) if nxt < total else None,
                       prev_url=_paged_url(base, paging, max(paging.offset - paging.limit, 0))
                       if paging.offset > 0 else None)


def stats(store: Store) -> Stats:
    """The counts, cached for a few seconds (:mod:`teller.api.cache`): they scan every table."""
    counts = dict(cache.cached(store, "stats", store.stats))
    # the store calls its own version schema_version; in the API that key is the output contract's
    return Stats(database_version=counts.pop("schema_version"), **counts)
