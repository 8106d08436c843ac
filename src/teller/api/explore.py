"""JSON routes of the exploring pages: actors, dyads, the timeline, search, report agreement.

A router of its own (composed by :mod:`teller.app` beside :data:`teller.api.router`), so the
pages' twins live with the service modules they call: :mod:`teller.api.relations`,
:mod:`teller.api.timeline`, :mod:`teller.api.search`, :mod:`teller.api.agreement`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request

from teller.api.agreement import Agreement, agreement
from teller.api.problems import responses
from teller.api.relations import ActorPage, DyadPage, PageParams, actor_page, dyad_page
from teller.api.search import SearchPage, search_page
from teller.api.services import EventFilters
from teller.api.timeline import Timeline, events_timeline
from teller.store.fulltext import SearchQueryError

router = APIRouter(prefix="/api", tags=["api"])

_NOT_FOUND = responses(404, 400)  # unknown record; bad parameters (problem details, as the other routes)
_BAD = responses(400)
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def side_key(key: str) -> str:
    """Dyad and actor keys: a three-letter code is a country (upper case); else an actor id."""
    return key.upper() if _ISO3.match(key) else key


@router.get("/actors/{actor_id}", response_model=ActorPage, responses=_NOT_FOUND, summary="One actor")
def api_actor(request: Request, actor_id: str, params: Annotated[PageParams, Query()]) -> ActorPage:
    """An actor's events per week by quad class, its counterparts, offices held and a page of its events."""
    key = side_key(actor_id)
    return actor_page(request.app.state.store, key, params, base=f"/api/actors/{key}")


@router.get("/dyads/{a}/{b}", response_model=DyadPage, responses=_NOT_FOUND, summary="Events between two sides")
def api_dyad(request: Request, a: str, b: str, params: Annotated[PageParams, Query()]) -> DyadPage:
    """Events between two countries (ISO alpha-3) or actors, either direction, per week by quad class."""
    a, b = side_key(a), side_key(b)
    return dyad_page(request.app.state.store, a, b, params, base=f"/api/dyads/{a}/{b}")


@router.get("/timeline", response_model=Timeline, responses=_BAD, summary="Events over time for the event filters")
def api_timeline(request: Request, filters: Annotated[EventFilters, Query()],
                 unit: Literal["day", "week", "month"] | None = None) -> Timeline:
    """Events matching the events list's filters per day, week or month, by quad class."""
    return events_timeline(request.app.state.store, filters, unit)


@router.get("/search", response_model=SearchPage, summary="Full-text search of articles and briefs",
            responses=_BAD)
def api_search(request: Request, filters: Annotated[EventFilters, Query()]) -> SearchPage:
    """Articles and event briefs holding every word of ``q``, with the events list's filters."""
    try:
        return search_page(request.app.state.store, filters, base="/api/search")
    except SearchQueryError as err:
        raise HTTPException(400, str(err)) from err


@router.get("/events/{event_id}/reports", response_model=Agreement, responses=_NOT_FOUND,
            summary="How the reports of an event agree")
def api_agreement(request: Request, event_id: str) -> Agreement:
    """Per report: the date, place and numbers it gives, whether most reports say the same, its flags."""
    return agreement(request.app.state.store, event_id)
