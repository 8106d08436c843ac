"""teller.app: the one FastAPI app ``teller serve`` runs: the JSON API and the pages over one store.

:mod:`teller.api` (routes under ``/api/``, OpenAPI at ``/docs``) and :mod:`teller.web` (the
server-rendered pages) each provide routes over the same service functions; this module puts them
together and decides, per request, whether an error is answered as JSON or as a page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from teller import __version__, api, web
from teller.api.services import NotFound
from teller.store import Store

__all__ = ["create_app"]


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
    app.include_router(api.router)
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
