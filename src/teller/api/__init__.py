"""teller.api: one FastAPI app serving the JSON API (``/api/...``, OpenAPI at ``/docs``) and the
server-rendered pages of :mod:`teller.web`.

Both kinds of route call the same service functions (:mod:`teller.api.services`), so every page
has a JSON twin with the same content; pages name it in a ``Link`` header and a visible link.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from teller import __version__
from teller.api import services
from teller.api.services import (
    ArticlePage,
    ArticlesPage,
    EventFilters,
    EventPage,
    EventsPage,
    NotFound,
    Paging,
    Stats,
    StoriesPage,
)
from teller.store import Store

__all__ = ["create_app", "services"]


def get_store(request: Request) -> Store:
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


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        msg = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        if str(e.get("type", "")).startswith("date"):
            msg = f"must be a date as YYYY-MM-DD, not {e.get('input')!r}"
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def create_app(db_url: str | Store) -> FastAPI:
    """The app over the store at ``db_url`` (or an open ``Store``); tables are created if absent."""
    from teller import web

    store = db_url if isinstance(db_url, Store) else Store(db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if not isinstance(db_url, Store):  # close only what we opened
            store.close()

    app = FastAPI(
        title="teller", version=__version__, lifespan=lifespan,
        description="Political events (PLOVER) from news: who did what to whom, when and where, "
                    "with the evidence and the consistency flags of every report.",
    )
    app.state.store = store
    app.include_router(router)
    web.install(app)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return web.error_page(request, 404, "Not found", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if _wants_json(request):
            return JSONResponse({"detail": message, "errors": _jsonable(exc.errors())}, status_code=422)
        return web.error_page(request, 400, "Invalid filter", message)

    return app


def _jsonable(errors: object) -> object:
    """Validation errors can carry exception objects in ``ctx``; keep them printable."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors, custom_encoder={Exception: str})
