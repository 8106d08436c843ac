"""Atom feeds of event queries: ``/events.atom`` takes the event list's filters.

A reader or a monitoring desk subscribes to a query (``/events.atom?country=JPN&event=CONSULT``)
and is shown each event once: an entry's ``id`` is a ``tag:`` URI (RFC 4151) made from the event
id alone, so it stays the same across pages, hosts and restarts, and ``updated`` is when the
last article reporting the event was stored, so an event that gains a report shows as updated.
The XML is built with ElementTree (every value escaped), and links are only ever to this site.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from teller import __version__
from teller.api import get_store
from teller.api.problems import responses
from teller.api.services import EventFilters, events_page
from teller.records import Event
from teller.store import Store

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
#: The tag URI authority: teller's own name and the year the scheme was fixed; never change it,
#: or every subscriber sees every event again.
TAG_PREFIX = "tag:teller.events,2026:"

ET.register_namespace("", ATOM_NS)


class AtomResponse(Response):
    media_type = f"{MEDIA_TYPE}; charset=utf-8"


def entry_id(event_id: str) -> str:
    return f"{TAG_PREFIX}{event_id}"


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = text
    return el


def _title(e: Event) -> str:
    names = lambda actors: ", ".join(a.name for a in actors) or "someone"  # noqa: E731
    when = e.date.value if e.date else "undated"
    target = f" → {names(e.recipient)}" if e.recipient else ""
    return f"{e.event}: {names(e.actor)}{target} ({when}, {e.status})"


def _iso(value: str | None, fallback: datetime) -> str:
    """An RFC 3339 instant (Atom requires an offset); stored times already carry one."""
    if value:
        try:
            dt = datetime.fromisoformat(value)
            return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).isoformat()
        except ValueError:
            pass
    return fallback.isoformat()


def atom_feed(store: Store, filters: EventFilters, *, base_url: str, self_url: str) -> bytes:
    """The Atom document of one page of the event list for ``filters``."""
    page = events_page(store, filters, base="/events.atom", links="cursor")
    stored = store.events_updated([e.id for e in page.events])
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    base = base_url.rstrip("/")
    feed = ET.Element(_q("feed"))
    _sub(feed, "id", f"{TAG_PREFIX}feed:{filters.url('/events.atom', offset=0, limit=50, cursor=None)}")
    wanted = ", ".join(f"{k}={v}" for k, v in filters.query().items())
    _sub(feed, "title", f"teller events{': ' + wanted if wanted else ''}")
    updated = max((_iso(stored.get(e.id), epoch) for e in page.events), default=epoch.isoformat())
    _sub(feed, "updated", updated)
    _sub(feed, "generator", "teller", version=__version__)
    _sub(feed, "link", rel="self", type=MEDIA_TYPE, href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}{filters.url('/', offset=0, cursor=None)}")
    if page.next_url:
        _sub(feed, "link", rel="next", type=MEDIA_TYPE, href=f"{base}{page.next_url}")
    author = _sub(feed, "author")
    _sub(author, "name", "teller")
    for e in page.events:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(e.id))
        _sub(entry, "title", _title(e))
        _sub(entry, "updated", _iso(stored.get(e.id), epoch))
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/events/{e.id}")
        _sub(entry, "link", rel="alternate", type="application/json", href=f"{base}/api/events/{e.id}")
        _sub(entry, "category", term=e.event, scheme="https://github.com/openeventdata/PLOVER")
        summary = page.briefs.get(e.id) or e.event_text or _title(e)
        _sub(entry, "summary", summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


router = APIRouter(tags=["feeds"])


@router.get("/events.atom", response_class=AtomResponse, summary="Atom feed of an event query",
            responses={200: {"content": {MEDIA_TYPE: {}}, "description": "An Atom 1.0 feed"},
                       **responses(400)})
def events_atom(request: Request, filters: Annotated[EventFilters, Query()]) -> AtomResponse:
    """The event list for these filters as an Atom feed (newest event date first, one page)."""
    store = get_store(request)
    body = atom_feed(store, filters, base_url=str(request.base_url), self_url=str(request.url))
    return AtomResponse(body)


__all__ = ["ATOM_NS", "MEDIA_TYPE", "TAG_PREFIX", "atom_feed", "entry_id", "router"]
