"""The crawl state of ``teller watch`` (revision 0003) on SQLite and PostgreSQL: URL states with
validators round trip and update in place, sitemap children are found by their index, polls are
kept newest-first and pruned, URLs are normalised as the watch knows them."""

from __future__ import annotations

import pytest

from pg_schema import pg_schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    from teller.store import Store

    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'c.db'}")
        yield s
        s.close()
    else:
        with pg_schema_url() as url:
            s = Store(url)
            yield s
            s.close()


def test_url_states_round_trip_and_update_in_place(store):
    from teller.store.crawl import CrawlState, HostState, UrlState

    crawl = CrawlState(store)
    feed = UrlState(url="https://a.example/feed.xml", host="https://a.example", kind="source",
                    first_seen="2026-12-03T10:00:00.000+00:00", state="source", etag='"v1"',
                    last_modified="Thu, 03 Dec 2026 10:00:00 GMT", status=200, fetches=1)
    child = UrlState(url="https://a.example/news-1.xml", host="https://a.example", kind="sitemap",
                     first_seen="2026-12-03T10:00:00.000+00:00", state="source", parent="https://a.example/index.xml")
    link = UrlState(url="https://a.example/a/1.html", host="https://a.example", kind="article",
                    first_seen="2026-12-03T10:00:01.000+00:00")
    crawl.save_urls([feed, child, link])
    got = crawl.urls([feed.url, link.url, "https://a.example/unknown"])
    assert got == {feed.url: feed, link.url: link}
    link.state, link.article_id, link.fetches = "done", "art_0123456789abcdef", 1
    feed.etag = '"v2"'
    crawl.save_urls([link, feed])
    assert crawl.url(link.url) == link and crawl.url(feed.url).etag == '"v2"'
    assert crawl.count_urls() == 3 and crawl.count_urls(state="done") == 1
    assert crawl.children("https://a.example/index.xml") == [child.url]

    host = HostState(host="https://a.example", failures=2, retry_at="2026-12-03T10:05:00.000+00:00",
                     robots="User-agent: *\nDisallow: /private/\n", robots_fetched="2026-12-03T10:00:00.000+00:00")
    crawl.save_host(host)
    host.failures, host.retry_at = 0, None
    crawl.save_host(host)
    assert crawl.host("https://a.example") == host and crawl.host("https://b.example") is None


def test_polls_are_kept_newest_first_and_pruned(store, monkeypatch):
    from teller.store import crawl as crawl_module
    from teller.store.crawl import CrawlState

    monkeypatch.setattr(crawl_module, "KEEP_POLLS", 3)
    crawl = CrawlState(store)
    assert crawl.last_poll() is None
    for i in range(1, 6):
        crawl.add_poll(f"2026-12-03T10:0{i}:00+00:00", f"2026-12-03T10:0{i}:05+00:00", {"poll": i, "status": "ok"})
    assert crawl.last_poll() == {"poll": 5, "status": "ok", "started": "2026-12-03T10:05:00+00:00",
                                 "finished": "2026-12-03T10:05:05+00:00"}
    from sqlalchemy import func, select

    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(crawl_module.POLLS)).scalar_one() == 3


def test_urls_are_normalised_for_the_crawl_state():
    from teller.ingest.watch import normalise, parse_every

    assert normalise("HTTPS://Example.COM:443/a/b.html?utm_source=x&b=2&a=1#top") == "https://example.com/a/b.html?a=1&b=2"
    assert normalise("http://127.0.0.1:8080/feed.xml") == "http://127.0.0.1:8080/feed.xml"
    assert [parse_every(x) for x in ("90", "30s", "10m", "2h", "1d")] == [90, 30, 600, 7200, 86400]
    with pytest.raises(ValueError):
        parse_every("soon")
