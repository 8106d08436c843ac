"""Full-text search over article texts and event briefs, with the event list's filters.

``q`` is required and searched in full text (:mod:`teller.store.fulltext`: FTS5 on SQLite,
``tsvector`` on PostgreSQL); the other filters (country, type, status, dates) restrict events as
on the events list, and articles to those reporting such an event. The query is reduced to its
words, so quotes or operators typed by a user are never query syntax (an empty query is a 400).
"""

from __future__ import annotations

from pydantic import Field

from teller.api.services import ArticleSummary, EventFilters, Versioned
from teller.records import Event
from teller.store import Store, views
from teller.store.fulltext import HIT_END, HIT_START, terms


class ArticleHit(ArticleSummary):
    snippet: str = Field(description=f"Text around the match; matched words between U+{ord(HIT_START):04X} "
                                     f"and U+{ord(HIT_END):04X}.")


class SearchPage(Versioned):
    filters: EventFilters
    words: list[str] = Field(description="The words searched for (all must occur).")
    articles_total: int = Field(description="Matching articles, counted up to 10,000.")
    articles_more: bool = Field(False, description="More articles match than articles_total (shown as "
                                                   "\"10,000+\"): counts stop at 10,000.")
    articles: list[ArticleHit]
    events_total: int = Field(description="Matching events, counted up to 10,000.")
    events_more: bool = Field(False, description="More events match than events_total (shown as \"10,000+\").")
    events: list[Event]
    briefs: dict[str, str]
    snippets: dict[str, str] = Field(description="Event id -> the brief with the matched words marked.")
    next_url: str | None = Field(None, description="The next page of both lists.")
    prev_url: str | None = None


def search_page(store: Store, filters: EventFilters, *, base: str) -> SearchPage:
    """Raises :class:`teller.store.fulltext.SearchQueryError` (a ValueError) when ``q`` has no word."""
    words = terms(filters.q or "")
    event_filters = {k: v for k, v in filters.query().items() if k != "q"}
    where = store.event_conditions(**event_filters)
    # Articles are restricted to those reporting a matching event only when an event filter is
    # given; without one, every article holding the words is a hit.
    n_art, more_art, arts = views.search_articles(store, words, where if any(event_filters.values()) else [],
                                                  filters.limit, filters.offset)
    n_ev, more_ev, events, snippets = views.search_events(store, words, where, filters.limit, filters.offset)
    nxt = filters.offset + filters.limit
    return SearchPage(
        filters=filters, words=words, articles_total=n_art, articles_more=more_art, events_more=more_ev,
        articles=[ArticleHit(id=h.id, title=h.title, url=h.url, source=h.source, published=h.published,
                             snippet=h.snippet) for h in arts],
        events_total=n_ev, events=events, briefs=store.briefs([e.id for e in events]), snippets=snippets,
        next_url=filters.url(base, offset=nxt) if nxt < max(n_art, n_ev) or more_art or more_ev else None,
        prev_url=filters.url(base, offset=max(filters.offset - filters.limit, 0)) if filters.offset else None)
