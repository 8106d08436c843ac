"""teller.web: the server-rendered pages of the teller app.

Each page calls the same service function as its ``/api/...`` twin and renders the returned model
with a Jinja2 template (autoescaped); the twin is named in a ``Link`` header and on the page. No
JavaScript: filters are a plain GET form, evidence and flags are ``<mark>`` elements built by
:mod:`teller.web.marks`. A strict Content-Security-Policy forbids inline scripts, so even a
template mistake could not run script smuggled in through article text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from teller import __version__
from teller.api import services
from teller.api.agreement import agreement
from teller.api.explore import side_key
from teller.api.relations import PageParams, actor_page, actor_url, dyad_page, dyad_url
from teller.api.search import search_page
from teller.api.services import EventFilters, Paging
from teller.api.timeline import QUADS, Timeline, events_timeline
from teller.records import PLOVER_TYPES, Event
from teller.store.fulltext import HIT_END, HIT_START, SearchQueryError
from teller.web import charts
from teller.web.marks import TextMark, evidence_marks, flag_marks, mark_text

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

router = APIRouter(include_in_schema=False)


def _names(actors: list[Any]) -> str:
    return ", ".join(a.name + (f" ({a.country})" if a.country and a.kind != "state" else "")
                     for a in actors) or "—"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links leave the site: a ``javascript:`` URL in an article must not be a link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


_PARTS = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_TIMEX_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(?:(\d{2}:\d{2})|(MO|MI|AF|EV|NI|DT))")


def _when(e: Event) -> str:
    """The event's own time for a table cell: the TIMEX3 value, with part of day spelt out."""
    if e.date is None:
        return "undated"
    m = _TIMEX_TIME.match(e.date.value)
    if m:
        return f"{m.group(1)} {m.group(2) or _PARTS[m.group(3)]}"
    return e.date.value


QUAD_SERIES = [charts.Series(name, f"q{n}") for n, name in QUADS.items()]
BALANCE_SERIES = [charts.Series("cooperation", "coop"), charts.Series("conflict", "conf")]


def _charts(tl: Timeline, what: str) -> dict[str, Markup]:
    """The stacked quad-class bars, the cooperation/conflict lines and their legends."""
    per = f"events per {tl.unit}"
    return {
        "bars": charts.stacked_bars(f"{what}: {per} by quad class",
                                    [(b.start, b.by_quad) for b in tl.buckets], QUAD_SERIES),
        "lines": charts.lines(f"{what}: cooperation and conflict, {per}",
                              [(b.start, {"cooperation": b.cooperation, "conflict": b.conflict})
                               for b in tl.buckets], BALANCE_SERIES),
        "bars_legend": charts.legend(QUAD_SERIES),
        "lines_legend": charts.legend(BALANCE_SERIES),
    }


def _hits(snippet: str) -> Markup:
    """A search snippet, escaped, with the matched words (between the store's markers) marked."""
    return Markup(str(escape(snippet)).replace(HIT_START, '<mark class="hit">').replace(HIT_END, "</mark>"))


_env.globals.update(version=__version__, plover_types=PLOVER_TYPES, quads=list(QUADS.values()),
                    statuses=("happened", "planned", "hypothetical", "denied"), charts=_charts,
                    actor_url=actor_url, dyad_url=dyad_url)
_env.filters.update(names=_names, when=_when, safe_url=_safe_url, hits=_hits)


def render(request: Request, template: str, json_url: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with its JSON twin in the ``Link`` header and in ``json_url`` for the template."""
    html = _env.get_template(template).render(request=request, json_url=json_url, **context)
    return HTMLResponse(html, status_code=status, headers={
        "Link": f'<{json_url}>; rel="alternate"; type="application/json"',
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    })


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    html = _env.get_template("error.html").render(request=request, title=title, message=message,
                                                  status=status)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP,
                                                           "X-Content-Type-Options": "nosniff"})


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def events_html(request: Request, filters: Annotated[EventFilters, Query()]) -> HTMLResponse:
    store = request.app.state.store
    page = services.events_page(store, filters, base="/")
    stats = services.stats(store)
    tl = events_timeline(store, filters)
    return render(request, "events.html", filters.url("/api/events"), page=page, stats=stats,
                  timeline=tl, timeline_url=filters.url("/api/timeline"))


@router.api_route("/events/{event_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def event_html(request: Request, event_id: str,
               reports_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    page = services.event_page(request.app.state.store, event_id, offset=reports_offset,
                               base=f"/events/{event_id}")
    texts = []
    for i, a in enumerate(page.articles, 1):
        prefix = f"a{i}-"
        marks: list[TextMark] = evidence_marks(a.evidence, f"evidence of {page.event.event}")
        marks += flag_marks(a.flags)
        texts.append(mark_text(a.text, marks, prefix=prefix) if a.text is not None else None)
    shown = [a.article.id for a in page.articles]
    reports = agreement(request.app.state.store, event_id, only=shown) if len(shown) > 1 else None
    return render(request, "event.html", f"/api/events/{event_id}", page=page, texts=texts, reports=reports)


@router.api_route("/articles/{article_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def article_html(request: Request, article_id: str) -> HTMLResponse:
    page = services.article_page(request.app.state.store, article_id)
    marks: list[TextMark] = [m for e in page.events for m in evidence_marks(e.evidence, f"evidence of {e.event}")]
    marks += flag_marks(page.flags)
    marks += [TextMark(copy.start, copy.end, "repeat") for copy, _ in page.article.repeats]
    return render(request, "article.html", f"/api/articles/{article_id}", page=page,
                  text=mark_text(page.article.text, marks))


@router.api_route("/articles", methods=["GET", "HEAD"], response_class=HTMLResponse)
def articles_html(request: Request, paging: Annotated[Paging, Query()]) -> HTMLResponse:
    page = services.articles_page(request.app.state.store, paging, base="/articles")
    query = request.url.query
    return render(request, "articles.html", f"/api/articles?{query}" if query else "/api/articles",
                  page=page)


@router.api_route("/stories", methods=["GET", "HEAD"], response_class=HTMLResponse)
def stories_html(request: Request, paging: Annotated[Paging, Query()]) -> HTMLResponse:
    page = services.stories_page(request.app.state.store, paging, base="/stories")
    query = request.url.query
    return render(request, "stories.html", f"/api/stories?{query}" if query else "/api/stories", page=page)


@router.api_route("/stats", methods=["GET", "HEAD"], response_class=HTMLResponse)
def stats_html(request: Request) -> HTMLResponse:
    return render(request, "stats.html", "/api/stats", stats=services.stats(request.app.state.store))


@router.api_route("/actors/{actor_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def actor_html(request: Request, actor_id: str, params: Annotated[PageParams, Query()]) -> HTMLResponse:
    key = side_key(actor_id)
    page = actor_page(request.app.state.store, key, params, base=actor_url(key))
    return render(request, "actor.html", params.url(f"/api{actor_url(key)}"), page=page)


@router.api_route("/dyads/{a}/{b}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def dyad_html(request: Request, a: str, b: str, params: Annotated[PageParams, Query()]) -> HTMLResponse:
    a, b = side_key(a), side_key(b)
    page = dyad_page(request.app.state.store, a, b, params, base=dyad_url(a, b))
    return render(request, "dyad.html", params.url(f"/api{dyad_url(a, b)}"), page=page)


@router.api_route("/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_html(request: Request, filters: Annotated[EventFilters, Query()]) -> Response:
    json_url = filters.url("/api/search")
    if not filters.q:  # the empty form
        return render(request, "search.html", json_url, page=None, filters=filters)
    try:
        page = search_page(request.app.state.store, filters, base="/search")
    except SearchQueryError as err:
        return error_page(request, 400, "Invalid search", str(err))
    return render(request, "search.html", json_url, page=page, filters=filters)


def install(app: FastAPI) -> None:
    """Add the pages and the stylesheet to ``app``."""
    from teller.web import submit

    app.include_router(router)
    app.include_router(submit.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


__all__ = ["install", "error_page", "render", "router"]
