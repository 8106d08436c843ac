"""``ETag`` and ``If-None-Match`` for every complete GET response (304 when unchanged).

An ASGI middleware: the tag is a hash of the response body, so it changes exactly when what a
client would receive changes, with no bookkeeping in the routes. Only responses sent in one
piece are tagged; a streamed body (an export) passes through untouched, so it is never held in
memory. The tag is weak (``W/``) because the gzip layer outside may re-encode the same content.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): ``*`` or any listed tag equal to ``tag`` without ``W/``."""
    if if_none_match.strip() == "*":
        return True
    bare = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in if_none_match.split(","))


class ETagMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":  # a HEAD body is empty: no tag to compare
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        start: Message | None = None
        passing = False  # streaming or not taggable: messages go straight through

        async def tagging_send(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200 or "etag" in MutableHeaders(scope=message):
                    passing = True
                    await send(message)
                else:
                    start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            if message.get("more_body", False):  # streamed: no tag, nothing buffered
                passing = True
                await send(start)
                await send(message)
                return
            body = message.get("body", b"")
            tag = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
            headers = MutableHeaders(scope=start)
            headers["ETag"] = tag
            if if_none_match and matches(if_none_match, tag):
                not_modified = {"type": "http.response.start", "status": 304,
                                "headers": [(k, v) for k, v in start["headers"]
                                            if k.lower() not in (b"content-length", b"content-type")]}
                await send(not_modified)
                await send({"type": "http.response.body", "body": b""})
                return
            await send(start)
            await send(message)

        await self.app(scope, receive, tagging_send)


__all__ = ["ETagMiddleware"]
