"""Synthetic analyses for the load and export benchmarks: many events, made fast, stored in bulk.

Not realistic text, but realistic shapes: every article has a title, source, publication time,
two or three events with actors (states and office holders from a small pool), a dated
``TimeValue``, evidence spans, a brief and sometimes a flag. A few "big" events are reported by
``big_reports`` articles each (the same event id in many analyses), like a summit every outlet
covers, so the event page has many reports to page through. Everything comes from a seeded RNG,
so two runs fill identical databases.

    fill(store, events=100_000)   # -> (articles, events) stored, through Store.save_many
"""

from __future__ import annotations

import dataclasses
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

from teller.records import (
    PLOVER_TYPES,
    Actor,
    Analysis,
    Article,
    Event,
    Flag,
    Span,
    TimeValue,
    content_id,
)
from teller.store import Store

COUNTRIES = ("JPN", "USA", "CHN", "KOR", "FRA", "DEU", "GBR", "RUS", "UKR", "IND", "BRA", "ZAF", "EGY",
             "ISR", "IRN", "TUR", "MEX", "CAN", "AUS", "IDN", "NGA", "KEN", "ARG", "PAK", "SAU")
OUTLETS = ("Example Wire", "Daily Example", "Example Times", "Example Post", "World Example", "Example Herald")
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}


def _actors() -> list[Actor]:
    out = []
    for c in COUNTRIES:
        out.append(Actor(id=f"act_{c.lower()}", name=f"State {c}", kind="state", country=c, cameo=c))
        out.append(Actor(id=f"act_{c.lower()}_fm", name=f"Minister {c.title()}", kind="person", country=c,
                         role="Minister for Foreign Affairs", sector="GOV", cameo=f"{c}GOV"))
    return out


ACTORS = _actors()


def _day_value(day: date) -> TimeValue:
    nxt = day + timedelta(days=1)
    return TimeValue(value=day.isoformat(), type="DATE", text=day.strftime("%d %B %Y"), evidence=[Span(0, 10)],
                     start=f"{day.isoformat()}T00:00:00+00:00", end=f"{nxt.isoformat()}T00:00:00+00:00",
                     granularity="day", tz="UTC")


def analyses(n_events: int, *, seed: int = 16, big_events: int = 20, big_reports: int = 40,
             first_day: date = date(2019, 1, 1), days: int = 2000) -> Iterator[Analysis]:
    """Analyses, until ``n_events`` distinct events exist."""
    rng = random.Random(seed)
    made = 0
    big: list[Event] = []
    reports: dict[str, int] = {}
    i = 0
    while made < n_events:
        i += 1
        day = first_day + timedelta(days=rng.randrange(days))
        text = (f"Report {i}. " + " ".join(f"Sentence {j} about talks and tension." for j in range(6)))
        url = f"https://news.example/{i}"
        art = Article(id=Article.make_id(text, url), text=text, url=url, source=rng.choice(OUTLETS),
                      title=f"Report number {i}", published=f"{day.isoformat()}T12:00:00+00:00",
                      published_tz_known=True, language="en", fetched=f"{day.isoformat()}T13:00:00+00:00")
        events: list[Event] = []
        briefs: dict[str, str] = {}
        for k in range(rng.choice((2, 2, 3))):
            if made >= n_events:
                break
            typ = rng.choice(PLOVER_TYPES)
            a, b = rng.sample(ACTORS, 2)
            when = day - timedelta(days=rng.randrange(3))
            eid = content_id("evt", art.id, typ, [a.id], [b.id], "happened", when.isoformat(), str(k))
            e = Event(id=eid, event=typ, actor=[a], recipient=[b], status="happened",
                      evidence=[Span(len(f"Report {i}. "), len(f"Report {i}. ") + 10)], confidence=0.8,
                      quad_code=QUAD[typ], date=_day_value(when), date_reason="same sentence",
                      event_text="talks and tension", article_ids=[art.id])
            events.append(e)
            briefs[eid] = f"{a.name} and {b.name}: {typ.lower()} on {when.isoformat()}."
            made += 1
            if len(big) < big_events and rng.random() < 0.01:
                big.append(e)
                reports[e.id] = 1
        # the big events: reported again by this article, until each has big_reports reports
        for e in big:
            if reports[e.id] < big_reports and e.article_ids != [art.id] and rng.random() < 0.05:
                reports[e.id] += 1
                events.append(dataclasses.replace(e, article_ids=[art.id]))
        flags = [Flag("invalid_time", "warning", "synthetic flag", [Span(0, 6)])] if rng.random() < 0.1 else []
        yield Analysis(article=art, events=events, flags=flags, briefs=briefs, quality=rng.randrange(40, 100))


def fill(store: Store, events: int, *, batch: int = 500, progress: bool = True) -> tuple[int, int]:
    """Store synthetic analyses holding ``events`` events; returns (articles, events) stored."""
    t0 = time.perf_counter()
    chunk: list[Analysis] = []
    articles = 0
    for a in analyses(events):
        chunk.append(a)
        if len(chunk) == batch:
            articles += sum(1 for r in store.save_many(chunk) if r is True)
            chunk = []
            if progress:
                print(f"\r  stored {articles} articles ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr)
    if chunk:
        articles += sum(1 for r in store.save_many(chunk) if r is True)
    if progress:
        print(file=sys.stderr)
    analyze(store)
    return articles, store.count_events()


def analyze(store: Store) -> None:
    """Planner statistics after a bulk load (autovacuum would take its time; until then
    PostgreSQL plans with no idea of the row counts and picks nested loops over 100k rows).
    On PostgreSQL also VACUUM: until the visibility map is set it avoids index-only scans
    (a 100k-event count took 147 ms instead of 32, a dyad's events 167 ms instead of 37)."""
    from sqlalchemy import text

    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
