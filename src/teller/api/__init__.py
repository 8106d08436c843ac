"""teller.api: the JSON API (``/api/...``) as a router, and the service functions behind it.

The pages of :mod:`teller.web` call the same service functions (:mod:`teller.api.services`), so
every page has a JSON twin with the same content. Neither package imports the other's routes:
:mod:`teller.app` composes both into one FastAPI app.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from teller.api import services
from teller.api.problems import MEDIA_TYPE as PROBLEM
from teller.api.problems import responses
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

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No record with this id", "content": {
    PROBLEM: {"example": {"type": "urn:teller:problem:not-found", "title": "Not found", "status": 404,
                          "detail": "no event with id 'evt_0000000000000000'"}}}}}
_BAD = responses(400)


@router.get("/events", response_model=EventsPage, responses=_BAD, summary="List events")
def api_events(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> EventsPage:
    """Events, newest event date first, filtered by country, type, status, dates and text.

    Page with ``next_cursor`` (or follow ``next_url``): stable while events are added.
    """
    return services.events_page(store, filters, base="/api/events", links="cursor")


@router.get("/events/{event_id}", response_model=EventPage, responses={**_NOT_FOUND, **_BAD}, summary="One event")
def api_event(store: StoreDep, event_id: Annotated[str, Path(max_length=200)],
              reports_limit: Annotated[int, Query(ge=1, le=100, description="Reports (articles) per page.")]
              = services.REPORTS_PER_PAGE,
              reports_offset: Annotated[int, Query(ge=0, le=1_000_000, description="Reports to skip.")] = 0,
              ) -> EventPage:
    """An event with its brief and, for one page of its reporting articles, the text and evidence spans."""
    return services.event_page(store, event_id, limit=reports_limit, offset=reports_offset)


ExportFormat = Literal["plover-jsonl", "csv", "parquet", "polecat-tsv", "icews-tsv"]


@router.get("/export", summary="Export events", responses={
    200: {"description": "The export, streamed", "content": {
        "application/x-ndjson": {}, "text/csv": {}, "application/vnd.apache.parquet": {},
        "text/tab-separated-values": {}}},
    **_BAD})
def api_export(store: StoreDep, filters: Annotated[EventFilters, Query()],
               format: Annotated[ExportFormat, Query(description="Export format (docs/exports.md).")]
               = "plover-jsonl") -> StreamingResponse:
    """Every event matching the filters (``limit``, ``offset`` and ``cursor`` are ignored), streamed
    page by page in the chosen format: PLOVER JSON lines, CSV, Parquet, POLECAT-like or ICEWS-like TSV."""
    from teller import exports

    fmt = exports.FORMATS[format]
    body: Iterator[bytes] = exports.pieces(format, store, **filters.query())  # bad filters raise here
    name = f"teller-events.{fmt.extension}"
    return StreamingResponse(body, media_type=fmt.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/articles/{article_id}", response_model=ArticlePage, responses={**_NOT_FOUND, **_BAD},
            summary="One article's analysis")
def api_article(store: StoreDep, article_id: Annotated[str, Path(max_length=200)]) -> ArticlePage:
    """Everything stored about an article: mentions, times, events, flags, highlights, quality."""
    return services.article_page(store, article_id)


@router.get("/articles", response_model=ArticlesPage, responses=_BAD, summary="List articles")
def api_articles(store: StoreDep, paging: Annotated[Paging, Query()]) -> ArticlesPage:
    """Stored articles, most recently published first, with their event and flag counts."""
    return services.articles_page(store, paging, base="/api/articles")


@router.get("/stories", response_model=StoriesPage, responses=_BAD, summary="List story clusters")
def api_stories(store: StoreDep, paging: Annotated[Paging, Query()]) -> StoriesPage:
    return services.stories_page(store, paging, base="/api/stories")


@router.get("/stats", response_model=Stats, summary="Counts")
def api_stats(store: StoreDep) -> Stats:
    return services.stats(store)


@router.get("/health", summary="Health of the last teller watch poll")
def api_health(store: StoreDep) -> dict:
    """``ok`` with the last poll's figures, ``degraded``/``failing`` when sources failed, or
    ``idle`` when no ``teller watch`` has polled into this database."""
    from teller.store.crawl import CrawlState

    poll = CrawlState(store).last_poll()
    return {"status": poll["status"] if poll else "idle", "last_poll": poll}
