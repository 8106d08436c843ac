"""teller.api: the JSON API (``/api/...``) as a router, and the service functions behind it.

The pages of :mod:`teller.web` call the same service functions (:mod:`teller.api.services`), so
every page has a JSON twin with the same content. Neither package imports the other's routes:
:mod:`teller.app` composes both into one FastAPI app.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from teller.api import services
from teller.api.services import (
    ArticlePage,
    ArticlesPage,
    EventFilters,
    EventPage,
    EventsPage,
    Paging,
    Stats,
    StoriesPage,
)
from teller.store import Store

__all__ = ["get_store", "router", "services"]


def get_store(request: Request) -> Store:
    """The store the app was created over (``teller.app.create_app`` puts it in ``app.state``)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]

router = APIRouter(prefix="/api", tags=["api"])

_NOT_FOUND = {404: {"description": "No record with this id", "content": {
    "application/json": {"example": {"detail": "no event with id 'evt_0000000000000000'"}}}}}


@router.get("/events", response_model=EventsPage, summary="List events")
def api_events(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> EventsPage:
    """Events, newest event date first, filtered by country, type, status, dates and text."""
    return services.events_page(store, filters, base="/api/events")


@router.get("/events/{event_id}", response_model=EventPage, responses=_NOT_FOUND, summary="One event")
def api_event(store: StoreDep, event_id: str) -> EventPage:
    """An event with its brief and, for each reporting article, the text and evidence spans."""
    return services.event_page(store, event_id)


@router.get("/articles/{article_id}", response_model=ArticlePage, responses=_NOT_FOUND,
            summary="One article's analysis")
def api_article(store: StoreDep, article_id: str) -> ArticlePage:
    """Everything stored about an article: mentions, times, events, flags, highlights, quality."""
    return services.article_page(store, article_id)


@router.get("/articles", response_model=ArticlesPage, summary="List articles")
def api_articles(store: StoreDep, paging: Annotated[Paging, Query()]) -> ArticlesPage:
    """Stored articles, most recently published first, with their event and flag counts."""
    return services.articles_page(store, paging, base="/api/articles")


@router.get("/stories", response_model=StoriesPage, summary="List story clusters")
def api_stories(store: StoreDep, paging: Annotated[Paging, Query()]) -> StoriesPage:
    return services.stories_page(store, paging, base="/api/stories")


@router.get("/stats", response_model=Stats, summary="Counts")
def api_stats(store: StoreDep) -> Stats:
    return services.stats(store)
