"""``/submit``: the form twin of ``POST /api/articles`` (a person with the token adds an article).

A plain HTML form (no script): the token is a form field, since a browser form cannot send an
``Authorization`` header; it is checked exactly as the API checks the bearer token, and a page
that only shows the form needs none. The form body is parsed with the standard library (no
multipart parser is needed for ``application/x-www-form-urlencoded``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from teller import __version__
from teller.api.writing import MAX_CHARS, ArticleIn, Writer
from teller.errors import TellerError

# The page extends the site's base template; its own small environment, since the package's
# renderer lives in teller.web, which includes this router (importing it back would be a cycle).
_env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
_env.globals.update(version=__version__)

router = APIRouter(include_in_schema=False)

_FIELDS = ("text", "url", "title", "source", "published")
_MAX_BODY = 4 * MAX_CHARS  # url-encoding can triple a text's size


def _page(request: Request, status: int = 200, message: str | None = None,
          form: dict[str, str] | None = None) -> HTMLResponse:
    writer: Writer = request.app.state.writer
    html = _env.get_template("submit.html").render(request=request, json_url=None, enabled=writer.token is not None,
                                                   message=message, form=form or {})
    return HTMLResponse(html, status_code=status)


@router.get("/submit", response_class=HTMLResponse)
def submit_form(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/submit", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    raw = await request.body()
    if len(raw) > _MAX_BODY:
        return _page(request, 413, "The article is too long.")
    fields: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    form = {k: str(fields.get(k, "")) for k in _FIELDS}
    writer: Writer = request.app.state.writer
    if writer.token is None:
        return _page(request, 403, "Writing is disabled on this server.", form)
    if not writer.token_ok(str(fields.get("token", ""))):
        return _page(request, 401, "Wrong token.", form)
    given = {k: v.strip() for k, v in form.items() if v.strip()}
    try:
        item = ArticleIn(**given)
    except ValidationError as err:
        message = "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in err.errors())
        return _page(request, 400, message, form)
    try:
        _new, aid = await run_in_threadpool(writer.analyse_and_store, request.app.state.store, item)
    except TellerError as err:
        return _page(request, 400, str(err), form)
    return RedirectResponse(f"/articles/{aid}", status_code=303)


__all__ = ["router"]
