"""The response cache (teller.api.response_cache): hits, misses, invalidation by writes (this
process and another connection), its byte bound, ETag/304 answered from an entry, and what
bypasses it. Real requests through the app; no timing."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from teller.api.response_cache import Entries, Entry, Generation, cacheable_path, normal_query
from teller.app import create_app
from teller.config import Settings
from teller.store import Store
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

TOKEN = "cache-test-token-9d2"


def _settings(mb: float = 8, check_ms: float = 0) -> Settings:
    return dataclasses.replace(Settings.defaults(), response_cache_mb=mb, response_cache_check=check_ms / 1000)


def _app(store: Store | str, **kw):
    return create_app(store, api_token=TOKEN, stats_ttl=0, settings=_settings(**kw))


def test_a_repeated_get_is_a_hit_with_the_same_bytes_and_tag():
    app = _app("sqlite://")
    app.state.store.save(talks_analysis())
    entries = app.state.response_cache.entries
    with TestClient(app) as c:
        first = c.get("/api/events")
        misses = entries.misses
        second = c.get("/api/events")
        assert entries.hits == 1 and entries.misses == misses
        assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit"
        assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
        assert second.headers["content-type"] == first.headers["content-type"]
        assert second.headers["x-content-type-options"] == "nosniff"  # security headers on a hit too
        # the query's parameter order does not matter...
        a = c.get("/api/events?country=JPN&limit=5")
        hits = entries.hits
        b = c.get("/api/events?limit=5&country=JPN")
        assert entries.hits == hits + 1 and a.content == b.content
        # ...but gzip and identity are kept apart, each correct
        z = c.get("/", headers={"Accept-Encoding": "gzip"})
        plain = c.get("/", headers={"Accept-Encoding": "identity"})
        assert z.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
        assert c.get("/", headers={"Accept-Encoding": "gzip"}).text == z.text == plain.text


def test_a_write_in_this_process_invalidates():
    app = _app("sqlite://", check_ms=60_000)  # the database is not re-read: the commit itself clears
    store = app.state.store
    store.save(talks_analysis())
    with TestClient(app) as c:
        before = c.get("/api/events").json()["events"]
        assert c.get("/api/events").json()["events"] == before
        store.save(protest_analysis())
        after = c.get("/api/events").json()["events"]
        assert {e["id"] for e in after} - {e["id"] for e in before} == {e.id for e in protest_analysis().events}


def test_a_write_by_another_connection_invalidates(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    app = _app(url, check_ms=0)
    app.state.store.save(talks_analysis())
    other = Store(url)  # another engine: as another process or worker would write
    try:
        with TestClient(app) as c:
            n = len(c.get("/api/events").json()["events"])
            assert len(c.get("/api/events").json()["events"]) == n
            other.save(undated_analysis())
            assert len(c.get("/api/events").json()["events"]) == n + len(undated_analysis().events)
    finally:
        other.close()


def test_the_postgresql_generation_changes_when_another_connection_writes():
    from pg_schema import pg_schema_url

    with pg_schema_url() as url:
        store, other = Store(url), Store(url)
        try:
            gen = Generation(store.engine, 0)
            before = gen.read()
            assert gen.read() == before  # reading changes nothing
            other.save(talks_analysis())
            assert gen.read() != before
            gen.close()
            app = _app(store, check_ms=0)
            with TestClient(app) as c:
                n = len(c.get("/api/events").json()["events"])
                other.save(protest_analysis())
                assert len(c.get("/api/events").json()["events"]) > n
        finally:
            store.close()
            other.close()


def test_if_none_match_is_answered_from_the_cache():
    app = _app("sqlite://")
    app.state.store.save(talks_analysis())
    with TestClient(app) as c:
        tag = c.get("/events.atom").headers["etag"]
        hits = app.state.response_cache.entries.hits
        again = c.get("/events.atom", headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        assert app.state.response_cache.entries.hits == hits + 1
        assert "content-encoding" not in again.headers
        # a first request that already has the tag (a miss) is a 304 too, and fills the cache
        fresh = _app(app.state.store)
        with TestClient(fresh) as c2:
            r = c2.get("/events.atom", headers={"If-None-Match": tag})
            assert r.status_code == 304
            assert c2.get("/events.atom").status_code == 200 and fresh.state.response_cache.entries.hits == 1
        assert c.get("/events.atom", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_cache_stays_within_its_bytes():
    entries = Entries(10_000)
    gen = entries.generation("g1")
    for i in range(100):
        assert entries.put(i, Entry(gen, [], b"x" * 900, "t", 1000))
        assert entries.bytes <= 10_000
    assert len(entries) == 10 and entries.get(99, gen) is not None and entries.get(0, gen) is None
    assert not entries.put("huge", Entry(gen, [], b"", "t", 5000))  # over an eighth of the cache
    entries.get(90, gen)  # used: kept over the least recently used
    entries.put("new", Entry(gen, [], b"", "t", 1000))
    assert entries.get(90, gen) is not None and entries.get(91, gen) is None
    # a new generation drops everything, and an entry rendered under the old one is refused
    gen2 = entries.generation("g2")
    assert len(entries) == 0 and entries.bytes == 0
    assert not entries.put("late", Entry(gen, [], b"", "t", 10))
    assert entries.put("late", Entry(gen2, [], b"", "t", 10))


def test_the_app_cache_is_bounded_in_bytes():
    app = _app("sqlite://", mb=0.02)  # 20 KB
    app.state.store.save(talks_analysis())
    entries = app.state.response_cache.entries
    with TestClient(app) as c:
        for i in range(1, 40):
            assert c.get(f"/api/events?limit={i}").status_code == 200
    assert 0 < entries.bytes <= 20_000 and len(entries) < 39


def test_what_bypasses_the_cache():
    app = _app("sqlite://")
    app.state.store.save(talks_analysis())
    entries = app.state.response_cache.entries
    with TestClient(app) as c:
        for _ in range(2):
            c.get("/api/events", headers={"Authorization": "Bearer someone"})
            c.get("/api/export?format=csv")
            c.get("/static/teller.css")
            c.get("/api/events?limit=0")  # a 400 problem
            c.head("/")
        assert entries.hits == 0 and len(entries) == 0
        assert c.post("/api/articles", json={"text": "Some text."}).status_code in (401, 403)


def test_the_cache_can_be_turned_off():
    app = create_app("sqlite://", settings=_settings(mb=0))
    assert app.state.response_cache is None
    with TestClient(app) as c:
        assert c.get("/api/events").status_code == 200
        tag = c.get("/api/events").headers["etag"]
        assert c.get("/api/events", headers={"If-None-Match": tag}).status_code == 304


@pytest.mark.parametrize(("path", "cached"), [
    ("/", True), ("/api/events", True), ("/api/events/evt_1", True), ("/events/evt_1", True),
    ("/events.atom", True), ("/dyads/JPN/CHN", True), ("/api/export", False), ("/static/teller.css", False),
    ("/docs", False), ("/submit", False), ("/api/health", False), ("/eventsx", False),
])
def test_cached_paths(path, cached):
    assert cacheable_path(path) is cached


def test_query_normalisation_keeps_repeated_names_in_order():
    assert normal_query(b"b=2&a=1&c=3") == b"a=1&b=2&c=3"
    assert normal_query(b"x=2&a=1&x=1") == b"a=1&x=2&x=1"
    assert normal_query(b"") == b""
