"""Synthetic stores for the page tests: many small articles, each with one event between two
sides, spread over weeks with types of every quad class. Invented text, no spaCy."""

from __future__ import annotations

from datetime import date, timedelta

from teller.records import Actor, Analysis, Article, Event, Place, Span, TimeValue, content_id
from test_store_fixtures import JPN, TANAKA, USA

CHN = Actor(id="CHN", name="China", kind="state", country="CHN", cameo="CHN")
ROTATION = ("CONSULT", "AID", "ACCUSE", "ASSAULT", "AGREE", "COOPERATE", "THREATEN", "COERCE")


def dated_event_article(i: int, day: date, kind: str, actor: Actor, recipient: Actor, *,
                        text: str | None = None, title: str | None = None, source: str = "Synthetic Wire",
                        url: str | None = None, brief: str | None = None,
                        place: Place | None = None) -> Analysis:
    """An article whose one event ``kind`` from ``actor`` to ``recipient`` happened on ``day``."""
    text = text or (f"Report {i}: {actor.name} and {recipient.name} met on {day:%d %B %Y}; "
                    f"officials said {i % 7 + 2} agreements were discussed.")
    url = url or f"https://synthetic.example/{i}"
    art = Article(id=Article.make_id(text, url), text=text, url=url, source=source,
                  title=title or f"Report {i}", published=f"{day.isoformat()}T12:00:00+00:00",
                  published_tz_known=True, language="en")
    when = TimeValue(value=day.isoformat(), type="DATE", text=f"{day:%d %B %Y}", evidence=[],
                     start=f"{day.isoformat()}T00:00:00+00:00",
                     end=f"{(day + timedelta(days=1)).isoformat()}T00:00:00+00:00", granularity="day", tz="UTC")
    ev = Event(id=content_id("evt", art.id, kind, [actor.id], [recipient.id], "happened", when.value),
               event=kind, actor=[actor], recipient=[recipient], status="happened",
               evidence=[Span(0, min(len(text), 40))], confidence=0.8, date=when, date_reason="test",
               event_text=text[:40], event_loc=place, article_ids=[art.id])
    briefs = {ev.id: brief or f"{actor.name} and {recipient.name}: {kind.lower()} number {i}."}
    return Analysis(article=art, events=[ev], briefs=briefs, quality=70)


def fill_dyad(store, n: int, *, start: date = date(2024, 1, 1), per_week: int = 7) -> list[Analysis]:
    """``n`` events between Japan and the United States (both directions), ``per_week`` a week,
    types cycling through all four quad classes; saved in batches."""
    made = []
    for i in range(n):
        day = start + timedelta(days=7 * (i // per_week) + i % 7)
        a, b = (JPN, USA) if i % 2 == 0 else (USA, JPN)
        made.append(dated_event_article(i, day, ROTATION[i % len(ROTATION)], a, b))
    for k in range(0, len(made), 500):
        store.save_many(made[k:k + 500])
    return made


__all__ = ["CHN", "JPN", "ROTATION", "TANAKA", "USA", "dated_event_article", "fill_dyad"]
