"""Two column layouts that event-data users already have scripts for: POLECAT-like and ICEWS-like.

Column names and order follow the public tab-separated releases (POLECAT on Dataverse, 40
columns; ICEWS "Coded Event Data", 20 columns), so ``read_tsv``/``pd.read_csv(sep="\\t")`` code
written for those files reads these. Where teller has no value for a column (COW codes,
coordinates, Goldstein intensity, sentence numbers) the cell is empty, never invented;
docs/exports.md gives the mapping of every column.

Both layouts need the reporting articles' source and publication time, which live in the
article table: :func:`with_articles` adds them one query per batch of events.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from teller import __version__
from teller.records import Actor, Event
from teller.store import Store
from teller.store.rows import date_days

POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
    "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)

Header = dict[str, Any]  # {id, source, published, language}


@functools.cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 -> the state's name in the bundled table (ICEWS writes names, not codes)."""
    from teller.actors.kb import KnowledgeBase  # here: importing the actors package costs ~0.5 s CPU

    kb = KnowledgeBase()
    states = resources.files("teller").joinpath("data", "actors", "states.tsv")
    kb.add_file(states.name, states.read_text(encoding="utf-8"))
    return {code: st.name for code, st in kb.states.items()}


def _cell(value: Any) -> str:
    """A TSV cell: tabs and line breaks inside a value would shift every later column."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").splitlines())


def _join(values: Iterable[Any], sep: str = ";") -> str:
    return sep.join(_cell(v) for v in values if v not in (None, ""))


def _first_report(e: Event, headers: dict[str, Header]) -> Header:
    """The earliest published stored article reporting ``e`` (the event's first source)."""
    known = [headers[a] for a in e.article_ids if a in headers]
    dated = sorted((h for h in known if h.get("published")), key=lambda h: h["published"])
    return (dated or known or [{}])[0]


def polecat_row(e: Event, headers: dict[str, Header]) -> list[str]:
    first, _ = date_days(e.date)
    first_report = _first_report(e, headers)
    loc = e.event_loc

    def side(actors: list[Actor]) -> list[str]:
        return [
            _join(a.name for a in actors),                       # Name
            _join(a.country for a in actors),                    # Country (ISO alpha-3)
            "",                                                  # COW: teller has no COW codes
            _cell(next((a.sector for a in actors if a.sector), "")),  # Primary Sector
            _join(a.sector for a in actors),                     # Sectors
            _join(a.role for a in actors),                       # Title (office held)
            _join(a.name for a in actors),                       # Name Raw
            "",                                                  # Wikipedia ID: teller ids are not Wikipedia's
        ]

    return [
        _cell(e.id), first.isoformat() if first else "", _cell(e.event), _cell(e.mode), "",
        "" if e.quad_code is None else str(e.quad_code), _join(e.context),
        *side(e.actor), *side(e.recipient),
        _cell(loc.name if loc else ""), "", "", "", _cell(loc.country if loc else ""), "", "", "",
        _cell(loc.name if loc else ""), "",
        _cell(first_report.get("source")), _cell(first_report.get("published")), "", "", "",
        _cell(first_report.get("language")), f"teller {__version__}",
    ]


def icews_row(e: Event, headers: dict[str, Header]) -> list[str]:
    first, _ = date_days(e.date)
    names = country_names()
    first_report = _first_report(e, headers)
    from teller.events.cameo import cameo_target  # the record path only: teller.events is heavy to import

    target, _source = cameo_target(e)
    loc = e.event_loc

    def country(actors: list[Actor]) -> str:
        return _join(names.get(a.country or "", a.country) for a in actors)

    return [
        _cell(e.id), first.isoformat() if first else "",
        _join(a.name for a in e.actor), _join(a.sector for a in e.actor), country(e.actor),
        _cell(" ".join(filter(None, [e.event.lower(), e.mode]))), _cell(e.cameo), "",
        _join(a.name for a in e.recipient), _join(a.sector for a in e.recipient),
        country(e.recipient) or _cell(names.get(target or "", target or "")),
        _cell(first_report.get("id")), "", _cell(first_report.get("source")),
        "", "", "", _cell(names.get(loc.country or "", loc.country) if loc and loc.country else ""), "", "",
    ]


def with_articles(store: Store, events: Iterable[Event], *,
                  batch: int = 500) -> Iterator[tuple[Event, dict[str, Header]]]:
    """Each event with the headers (source, published, language) of the articles reporting it,
    fetched for ``batch`` events at a time."""
    chunk: list[Event] = []

    def flush() -> Iterator[tuple[Event, dict[str, Header]]]:
        headers = store.article_headers(sorted({a for e in chunk for a in e.article_ids}))
        for e in chunk:
            yield e, headers

    for e in events:
        chunk.append(e)
        if len(chunk) == batch:
            yield from flush()
            chunk = []
    yield from flush()


__all__ = ["ICEWS_COLUMNS", "POLECAT_COLUMNS", "country_names", "icews_row", "polecat_row", "with_articles"]
