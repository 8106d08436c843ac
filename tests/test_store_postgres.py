"""teller.store on PostgreSQL (skipped with a message when no server answers).

Every test module works in its own schema (``pg_schema``), so parallel runs do not collide.
"""

from __future__ import annotations

import pytest

from pg_schema import pg_schema_url
from teller.records import Flag, to_dict
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis


@pytest.fixture(scope="module")
def pg_url():
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def store(pg_url):
    from sqlalchemy import text

    from teller.store import Store

    s = Store(pg_url)
    yield s
    with s.engine.begin() as conn:  # empty the tables for the next test, keep the schema
        conn.execute(text("TRUNCATE articles, actors, mentions, timexes, events, event_actors, "
                          "event_articles, flags, evidence, highlights, briefs"))
    s.close()


def test_postgres_round_trip_and_idempotence(store):
    a = talks_analysis()
    assert store.save(a) is True
    assert store.save(talks_analysis()) is False
    back = store.analysis(a.article.id)
    a.events.sort(key=lambda e: e.id)
    a.briefs = {e.id: a.briefs[e.id] for e in a.events if e.id in a.briefs}
    assert to_dict(back) == to_dict(a)


def test_postgres_rollback(store):
    assert store.save(protest_analysis())
    before = store.stats()
    bad = talks_analysis()
    bad.flags.append(Flag(kind=None, severity="error", message="no kind"))  # type: ignore[arg-type]
    from teller.store import StoreError

    with pytest.raises(StoreError):
        store.save(bad)
    assert store.stats() == before


def test_postgres_filters(store):
    for a in (talks_analysis(), protest_analysis(), undated_analysis()):
        store.save(a)
    assert sorted(e.event for e in store.events(country="JPN")) == ["AGREE", "CONSULT", "CONSULT", "THREATEN"]
    assert sorted(e.event for e in store.events(start="2023-10-02", end="2023-10-02")) == ["CONSULT", "PROTEST"]
    assert [e.event for e in store.events(q="miller")] == ["CONSULT"]  # ILIKE
    assert store.count_events(q="50%_") == 0
    assert store.stats()["events_by_status"] == {"happened": 4, "planned": 1}
    assert [e.id for e in store.iter_events(batch=2)] == [e.id for e in store.events()]


def test_postgres_schema_version(store, pg_url):
    from teller.store import SCHEMA_VERSION, Store

    assert store.schema_version() == SCHEMA_VERSION
    Store(pg_url).close()  # reopening an existing database is fine


def test_postgres_replace_and_delete(store):
    a = talks_analysis()
    store.save(a)
    newer = talks_analysis(quality=90)
    newer.events = newer.events[:1]
    assert store.save(newer, replace=True)
    back = store.analysis(a.article.id)
    assert back.quality == 90 and [e.id for e in back.events] == [a.events[0].id]
    assert store.delete_article(a.article.id) and store.stats()["events"] == 0
