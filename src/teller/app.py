"""teller.app: the one FastAPI app ``teller serve`` runs: the JSON API and the pages over one store.

:mod:`teller.api` (routes under ``/api/``, the Atom feed, the OpenAPI page at ``/docs``) and
:mod:`teller.web` (the server-rendered pages) each provide routes over the same service
functions; this module puts them together, adds what every response shares (security headers,
gzip, ETags) and decides, per request, whether an error is answered as problem-details JSON or as
a page.

Middleware, outermost first: security headers (on everything, a crash's 500 included), the
response cache (finished GET responses, :mod:`teller.api.response_cache`), gzip, ETag (computed on
the uncompressed body, so a 304 needs no compression at all).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from teller import __version__, api, config, web
from teller.api import cache, docs, explore, feeds, response_cache, writing
from teller.api.etag import ETagMiddleware
from teller.api.problems import problem
from teller.api.services import NotFound
from teller.config import Settings
from teller.security import SecurityHeaders
from teller.store import Store
from teller.store.store import POOL_CONNECTIONS

__all__ = ["app_from_env", "create_app"]

#: Requests whose errors are answered as problem details rather than as an HTML page.
_JSON_PATHS = ("/api/", "/events.atom", "/openapi.json")


def _wants_json(path: str) -> bool:
    return path.startswith(_JSON_PATHS)


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        msg = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        if str(e.get("type", "")).startswith("date"):
            msg = f"must be a date as YYYY-MM-DD, not {e.get('input')!r}"
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def _crash(scope: Scope) -> Response:
    """The 500 of an unhandled error (the traceback goes to the server log, not the client)."""
    if _wants_json(scope.get("path", "")):
        return problem(500, "the server failed on this request; it has been logged", instance=scope.get("path"))
    return Response("Internal Server Error", status_code=500, media_type="text/plain")


def create_app(db_url: str | Store, *, api_token: str | None = None, stats_ttl: float | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The app over the store at ``db_url`` (or an open ``Store``); tables are created if absent.

    ``api_token`` enables ``POST /api/articles`` (default: ``TELLER_API_TOKEN``; empty: writing
    off); ``stats_ttl`` is how long counts are cached, in seconds (default ``TELLER_STATS_TTL``);
    ``settings`` (default: from the environment) sizes the response cache (``response_cache_mb``,
    0: none; :mod:`teller.api.response_cache`).
    """
    store = db_url if isinstance(db_url, Store) else Store(db_url)
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in anyio's thread pool (40 threads by default); no more threads than
        # pooled connections, or requests would queue inside the pool and time out there.
        anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_CONNECTIONS
        yield
        if app.state.response_cache is not None:
            app.state.response_cache.close()
        if not isinstance(db_url, Store):  # close only what we opened
            store.close()

    app = FastAPI(
        title="teller", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Political events (PLOVER) from news: who did what to whom, when and where, "
                    "with the evidence and the consistency flags of every report. Errors are "
                    "problem details (RFC 9457, `application/problem+json`); bad parameters are 400.",
    )
    app.state.store = store
    cache.attach(store, float(config.get("TELLER_STATS_TTL")) if stats_ttl is None else stats_ttl)
    app.state.writer = writing.Writer(settings, config.get("TELLER_API_TOKEN") if api_token is None else api_token)
    app.include_router(api.router)
    app.include_router(writing.router)
    app.include_router(feeds.router)
    app.include_router(docs.router)
    app.include_router(explore.router)
    web.install(app)

    app.add_middleware(ETagMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.state.response_cache = None
    if settings.response_cache_mb > 0:  # outside gzip: a hit is sent as stored, compressed once
        app.state.response_cache = response_cache.Cache(store, max_bytes=int(settings.response_cache_mb * 1e6),
                                                   check_seconds=settings.response_cache_check)
        app.add_middleware(response_cache.ResponseCache, cache=app.state.response_cache)
    app.add_middleware(SecurityHeaders, on_error=_crash)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _wants_json(request.url.path):
            return problem(404, str(exc), instance=request.url.path)
        return web.error_page(request, 404, "Not found", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if _wants_json(request.url.path):
            return problem(400, message, instance=request.url.path, errors=exc.errors())
        return web.error_page(request, 400, "Invalid filter", message)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        """The store's own checks (a filter the models let through) are the client's error too."""
        if _wants_json(request.url.path):
            return problem(400, str(exc), instance=request.url.path)
        return web.error_page(request, 400, "Invalid request", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request.url.path) or exc.status_code not in (404, 405):
            return problem(exc.status_code, str(exc.detail), instance=request.url.path,
                           headers=getattr(exc, "headers", None))
        title = "Not found" if exc.status_code == 404 else "Method not allowed"
        return web.error_page(request, exc.status_code, title, f"nothing at {request.url.path}"
                              if exc.status_code == 404 else str(exc.detail))

    return app


def app_from_env() -> FastAPI:
    """The app over ``$TELLER_DB``: the import string ``teller serve --workers N`` gives uvicorn,
    which calls it once in every worker process (each opens its own connection pool)."""
    return create_app(os.environ.get("TELLER_DB") or config.get("TELLER_DB"))
