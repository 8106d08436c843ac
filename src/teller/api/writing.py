"""Writing through the API: ``POST /api/articles`` analyses one article and stores it.

Reads are public; writing needs the bearer token ``TELLER_API_TOKEN``. With no token configured
writing is off (403), so a server started without thinking about it cannot be filled by anyone
who finds it. The spaCy pipeline loads on the first write (a server that only reads never pays
for it) and is shared by every request of the process, one analysis at a time.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from teller.api import cache
from teller.api.problems import problem, responses
from teller.api.services import ArticlePage, Versioned, article_page
from teller.config import Settings
from teller.errors import FetchError, TellerError
from teller.ingest.document import RawDocument
from teller.store import Store

MAX_CHARS = 1_000_000  # one article; the byte limit TELLER_MAX_BYTES applies after this too


class ArticleIn(BaseModel):
    """One article to analyse: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=1, max_length=MAX_CHARS, description="Plain text of the article.")
    html: str | None = Field(None, min_length=1, max_length=MAX_CHARS, description="The article's HTML page.")
    url: str | None = Field(None, pattern=r"^https?://", max_length=2000,
                            description="An http(s) URL to fetch (public addresses only, unless TELLER_ALLOW_PRIVATE).")
    published: str | None = Field(None, max_length=64, examples=["2023-09-14T09:30:00+09:00"],
                                  description="Publication time (ISO 8601); overrides what the document says.")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200, description="The outlet, e.g. Reuters.")

    @model_validator(mode="after")
    def _one_input(self) -> ArticleIn:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class StoredArticle(Versioned):
    stored: bool = Field(description="True: newly stored; false: this article (same id) was stored before.")
    url: str = Field(description="The article's page.")
    analysis: ArticlePage


class Writer:
    """The token check and the pipeline of one app."""

    def __init__(self, settings: Settings, token: str | None) -> None:
        self.settings = settings
        self.token = token or None
        self._pipeline: Any = None
        self._lock = threading.Lock()

    def check(self, authorization: str | None) -> None:
        """Raise a 403/401 HTTPException unless ``authorization`` carries the configured token."""
        if self.token is None:
            raise HTTPException(403, "writing is disabled on this server: start it with TELLER_API_TOKEN set")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not self.token_ok(given):
            raise HTTPException(401, "send the token as 'Authorization: Bearer <TELLER_API_TOKEN>'",
                                headers={"WWW-Authenticate": 'Bearer realm="teller"'})

    def token_ok(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def analyse_and_store(self, store: Store, item: ArticleIn) -> tuple[bool, str]:
        """Analyse and store ``item``; (newly stored, article id). Raises TellerError on bad input."""
        from teller.ingest import read_one
        from teller.pipeline import Pipeline

        if item.url is not None:
            raw = read_one(item.url, published=item.published, source=item.source, title=item.title,
                           settings=self.settings)
        else:
            raw = RawDocument(content=item.text if item.text is not None else item.html or "",
                              content_type="text" if item.text is not None else "html", origin="<api>",
                              source=item.source, title=item.title)
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(settings=self.settings)
            analysis = self._pipeline.process(raw, published=item.published)
        new = store.save(analysis)
        cache.clear(store)
        return new, analysis.article.id


def get_writer(request: Request) -> Writer:
    return request.app.state.writer


def authorised_writer(request: Request) -> Writer:
    """The app's writer, once the request's token is checked (before the body is read)."""
    writer: Writer = request.app.state.writer
    writer.check(request.headers.get("authorization"))
    return writer


router = APIRouter(prefix="/api", tags=["api"])


@router.post("/articles", summary="Analyse and store an article", status_code=201,
             response_model=StoredArticle,
             responses={200: {"description": "Already stored (same article id)", "model": StoredArticle},
                        **responses(400, 401, 403, 502)})
def api_post_article(request: Request, writer: Annotated[Writer, Depends(authorised_writer)],
                     item: Annotated[ArticleIn, Body()]) -> Any:
    """Analyse one article (text, HTML or a URL to fetch), store it and return its records.

    Needs ``Authorization: Bearer <TELLER_API_TOKEN>``; without a configured token writing is
    disabled (403). 201 when stored, 200 when the same article was stored before.
    """
    store: Store = request.app.state.store
    try:
        new, aid = writer.analyse_and_store(store, item)
    except FetchError as err:
        return problem(502, f"could not fetch the article: {err}", instance=request.url.path)
    except TellerError as err:
        return problem(400, str(err), instance=request.url.path)
    body = StoredArticle(stored=new, url=f"/articles/{aid}", analysis=article_page(store, aid))
    return JSONResponse(body.model_dump(mode="json"), status_code=201 if new else 200,
                        headers={"Location": f"/api/articles/{aid}"})


__all__ = ["ArticleIn", "StoredArticle", "Writer", "authorised_writer", "get_writer", "router"]
