"""The actor page and the dyad page: one actor's (or country's) events, and two sides' events.

Service functions in the style of :mod:`teller.api.services`: the JSON route returns the model,
the page renders it. Figures come from :mod:`teller.api.timeline` (aggregated in SQL); events are
listed one page at a time.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teller.actors import KnowledgeBase
from teller.api.services import NotFound, Versioned
from teller.api.timeline import Timeline, cached, timeline
from teller.records import Actor, Event
from teller.store import Store, views
from teller.store.store import EVENTS


class PageParams(BaseModel):
    """Paging of the event list under a chart, and an optional date range for chart and list."""

    model_config = ConfigDict(extra="ignore")

    start: date | None = Field(None, description="Events whose own date ends on or after this day.")
    end: date | None = Field(None, description="Events whose own date starts on or before this day.")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)

    @model_validator(mode="before")
    @classmethod
    def _blank(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None)}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> PageParams:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    def url(self, base: str, **change: Any) -> str:
        params = {**self.model_dump(exclude_none=True), **change}
        if params.get("limit") == 50:
            params.pop("limit")
        if params.get("offset") == 0:
            params.pop("offset")
        return f"{base}?{urlencode(params)}" if params else base


class Counterpart(BaseModel):
    actor: Actor
    events: int = Field(description="Events with this actor on the other side.")


class OfficeHeld(BaseModel):
    title: str
    country: str
    start: str | None = Field(description="First day in office; null when unknown.")
    end: str | None = Field(description="First day out of office; null while in office.")
    source: str = Field(description="curated (teller's knowledge base) or an imported table's id.")


class ActorPage(Versioned):
    actor: Actor
    country_wide: bool = Field(description="A state: every actor of the country counts as its events.")
    timeline: Timeline
    counterparts: list[Counterpart] = Field(description="Most frequent actors on the other side.")
    offices: list[OfficeHeld] = Field(description="Offices held, from the knowledge base.")
    total: int = Field(description="Events (all pages).")
    events: list[Event]
    briefs: dict[str, str]
    next_url: str | None = None
    prev_url: str | None = None


class DyadSide(BaseModel):
    key: str = Field(description="An ISO alpha-3 country code (all its actors) or an actor id.")
    name: str
    url: str = Field(description="The side's actor page.")


class DyadPage(Versioned):
    a: DyadSide
    b: DyadSide
    timeline: Timeline = Field(description="Events between the two sides per week, by quad class.")
    total: int
    events: list[Event]
    briefs: dict[str, str]
    next_url: str | None = None
    prev_url: str | None = None


def actor_url(key: str) -> str:
    return f"/actors/{quote(key, safe='')}"


def dyad_url(a: str, b: str) -> str:
    return f"/dyads/{quote(a, safe='')}/{quote(b, safe='')}"


def _dates(params: PageParams) -> list[Any]:
    where: list[Any] = []
    if params.start:
        where.append(EVENTS.c.date_last_day >= params.start)
    if params.end:
        where.append(EVENTS.c.date_first_day <= params.end)
    return where


def _paging(params: PageParams, total: int, base: str) -> dict[str, str | None]:
    nxt = params.offset + params.limit
    return {"next_url": params.url(base, offset=nxt) if nxt < total else None,
            "prev_url": (params.url(base, offset=max(params.offset - params.limit, 0))
                         if params.offset > 0 else None)}


def offices(actor_id: str, kb: KnowledgeBase | None = None) -> list[OfficeHeld]:
    """The tenures the knowledge base knows for a person (``person:<slug>``), oldest first."""
    if not actor_id.startswith("person:"):
        return []
    kb = kb or KnowledgeBase.default()
    person = kb.people.get(actor_id.removeprefix("person:"))
    if person is None:
        return []
    out = []
    for t in sorted(person.tenures, key=lambda t: (t.start or date.min, t.offices)):
        title = t.title or " and ".join(kb.role_title(t.country, o) for o in t.offices)
        out.append(OfficeHeld(title=title, country=t.country, start=t.start.isoformat() if t.start else None,
                              end=t.end.isoformat() if t.end else None, source=t.source))
    return out


def actor_page(store: Store, actor_id: str, params: PageParams, *, base: str,
               kb: KnowledgeBase | None = None) -> ActorPage:
    """An actor's events over time, its counterparts, offices and a page of its events.

    A state (an ISO code) stands for all its country's actors, as the events list's country
    filter does; a person or organisation for itself.
    """
    found = views.actor(store, actor_id) or _country(actor_id, kb)
    if found is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    wide = views.is_country(actor_id)
    scope = [views.side(actor_id) if wide else views.named(actor_id), *_dates(params)]
    figures = cached(store, ("actor", actor_id, params.start, params.end),
                     lambda: timeline(store, [views.VISIBLE, *scope], "week"))
    total = figures.dated + figures.undated
    _, events = views.page(store, [EVENTS.c.superseded_by.is_(None), *scope], params.limit, params.offset,
                           total=total)
    return ActorPage(
        actor=found, country_wide=wide, timeline=figures,
        counterparts=[Counterpart(actor=a, events=n) for a, n in views.counterparts(store, actor_id)],
        offices=offices(actor_id, kb), total=total, events=events, briefs=store.briefs([e.id for e in events]),
        **_paging(params, total, base))


def _country(code: str, kb: KnowledgeBase | None = None) -> Actor | None:
    """A country's state actor when no actor row has its code as id (events name its
    ministers, government or people only): named from the knowledge base."""
    if not views.is_country(code):
        return None
    state = (kb or KnowledgeBase.default()).states.get(code)
    return Actor(id=code, name=state.name if state else code, kind="state", country=code,
                 cameo=state.cameo if state else None)


def _side(store: Store, key: str) -> DyadSide:
    names = views.actor_names(store, [key])
    if key not in names:
        country = _country(key)
        if country is None:
            raise NotFound(f"no actor with id {key!r}")
        names[key] = country.name
    return DyadSide(key=key, name=names[key], url=actor_url(key))


def dyad_page(store: Store, a: str, b: str, params: PageParams, *, base: str) -> DyadPage:
    """Events between ``a`` and ``b`` (either direction) per week by quad class, and a page of them.

    Two queries over the dyad's events: the figures (whose sum is the total) and the page. The
    figures start from the dyad's events (:data:`views.VISIBLE`); the page reads the listing
    index in order and stops after a page of the dyad's events.
    """
    if a == b:
        raise NotFound("a dyad needs two different sides")
    sa, sb = _side(store, a), _side(store, b)
    scope = [views.dyad(a, b), *_dates(params)]
    figures = cached(store, ("dyad", *sorted((a, b)), params.start, params.end),
                     lambda: timeline(store, [views.VISIBLE, *scope], "week"))
    total = figures.dated + figures.undated
    _, events = views.page(store, [EVENTS.c.superseded_by.is_(None), *scope], params.limit, params.offset,
                           total=total)
    return DyadPage(a=sa, b=sb, timeline=figures, total=total, events=events,
                    briefs=store.briefs([e.id for e in events]), **_paging(params, total, base))
