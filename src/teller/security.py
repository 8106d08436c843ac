"""Security headers on every response the app sends: pages, JSON, static files, errors and /docs.

An ASGI middleware, not a per-route header, so nothing can be forgotten: a 404 from the router,
a static file, a 500 and a streamed export get the same headers as a page. A route that needs a
looser policy (the Swagger UI at ``/docs`` loads its own script files) sets its own
``Content-Security-Policy`` header; every other header is added only when the response lacks it.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: No script at all, no inline style, nothing from other sites; the page cannot be framed.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
#: The API documentation: Swagger UI's own files from /static (never inline script), and the
#: schema fetched from this site. Swagger UI draws its icons as data: images.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _plain_500(scope: Scope) -> Response:
    return PlainTextResponse("Internal Server Error", status_code=500)


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response that does not set them itself.

    Starlette answers an unhandled exception from its outermost layer, outside every user
    middleware, so that 500 would go out bare; here a crash before the response started is
    answered with ``on_error(scope)`` (with the headers) and the exception is re-raised for the
    server's log (Starlette then sees the response started and sends nothing more).
    """

    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None,
                 on_error: Callable[[Scope], Response] = _plain_500) -> None:
        self.app = app
        self.headers = headers or HEADERS
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await self.on_error(scope)(scope, receive, send_with_headers)
            raise


__all__ = ["CSP", "DOCS_CSP", "HEADERS", "SecurityHeaders"]
