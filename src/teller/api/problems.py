"""Errors of the JSON API as RFC 9457 problem details (``application/problem+json``).

A client gets the same shape for every error: ``type`` (a stable URI naming the kind of
problem), ``title`` (its short name), ``status``, ``detail`` (what was wrong with this request) and
``instance`` (the path asked for); bad parameters also list ``errors`` (one per parameter).
A bad parameter is always 400, never 422 or 500, so clients can tell "fix your request" from
"the server failed".
"""

from __future__ import annotations

from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

MEDIA_TYPE = "application/problem+json"

#: status -> (type URI, title). The URIs name the problem; they are not fetched.
KINDS: dict[int, tuple[str, str]] = {
    400: ("urn:teller:problem:bad-request", "Invalid request"),
    401: ("urn:teller:problem:unauthorized", "Missing or wrong token"),
    403: ("urn:teller:problem:forbidden", "Not allowed"),
    404: ("urn:teller:problem:not-found", "Not found"),
    405: ("urn:teller:problem:method-not-allowed", "Method not allowed"),
    406: ("urn:teller:problem:not-acceptable", "Not acceptable"),
    413: ("urn:teller:problem:too-large", "Request too large"),
    415: ("urn:teller:problem:unsupported-media-type", "Unsupported media type"),
    422: ("urn:teller:problem:unprocessable", "Could not be processed"),
    500: ("urn:teller:problem:server-error", "Server error"),
}


class Problem(BaseModel):
    """An error (RFC 9457); ``errors`` lists the invalid parameters of a 400."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["urn:teller:problem:bad-request"])
    title: str = Field(examples=["Invalid request"])
    status: int = Field(examples=[400])
    detail: str = Field(examples=["limit: Input should be less than or equal to 500"])
    instance: str | None = Field(None, examples=["/api/events"])


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE


def problem(status: int, detail: str, *, instance: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> ProblemResponse:
    """A problem-details response with ``status`` and ``detail`` (and any ``extra`` members)."""
    kind, title = KINDS.get(status, (f"urn:teller:problem:http-{status}", "Error"))
    body: dict[str, Any] = {"type": kind, "title": title, "status": status, "detail": detail}
    if instance is not None:
        body["instance"] = instance
    body.update(jsonable_encoder(extra, custom_encoder={Exception: str}))
    return ProblemResponse(body, status_code=status, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting these error statuses as problem details."""
    return {s: {"description": KINDS.get(s, ("", "Error"))[1], "model": Problem,
                "content": {MEDIA_TYPE: {}}} for s in statuses}


__all__ = ["KINDS", "MEDIA_TYPE", "Problem", "ProblemResponse", "problem", "responses"]
