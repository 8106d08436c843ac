"""``teller watch`` against a local site on 127.0.0.1 whose feeds and sitemaps change: conditional
GET, each article fetched once, robots.txt, redirects, host budget, backoff with Retry-After,
health at /api/health, a clean stop on SIGTERM and no loss after SIGKILL."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feedsite import FeedSite
from newsgen import articles

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def pipeline():
    from teller.config import Settings
    from teller.pipeline import Pipeline

    settings = dataclasses.replace(Settings.from_env(), fetch_allow_hosts=("127.0.0.1",), crawl_delay=0.0)
    return Pipeline(settings=settings)


@pytest.fixture
def site():
    s = FeedSite()
    s.start()
    yield s
    s.stop()


class FakeClock:
    """Time that passes only when the watcher sleeps: polls minutes apart run at once."""

    def __init__(self) -> None:
        self.t = 1_800_000_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


def _watch(site, pipeline, db, sources, **kw):
    from teller.ingest.watch import Watcher
    from teller.store import Store

    lines: list[str] = []
    store = Store(db)
    try:
        w = Watcher([site.base + s for s in sources], store, pipeline, emit=lines.append, **kw)
        w.run()
    finally:
        store.close()
    return lines


def _article_paths(site):
    return [r.path for r in site.requests if r.path.startswith("/a/")]


def test_watch_reads_feeds_and_sitemaps_once_each_and_keeps_its_state_across_restarts(site, pipeline, tmp_path):
    from teller.store import Store
    from teller.store.crawl import CrawlState

    arts = articles(14, seed=4)
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(arts)]
    site.feeds["/feed.xml"] = [*paths[:3], "/r/3", "/private/x.html"]
    site.redirects["/r/3"] = paths[3]
    site.redirects["/old-feed.xml"] = "/feed.xml"
    site.sitemaps["/news.xml"] = paths[4:8]
    site.sitemaps["/s1.xml"] = paths[8:10]
    site.indexes["/index.xml"] = ["/s1.xml"]
    db = f"sqlite:///{tmp_path / 'w.db'}"
    sources = ["/old-feed.xml", "/news.xml", "/index.xml"]

    lines = _watch(site, pipeline, db, sources, every=0.05, cycles=2, max_per_host=50)
    assert len(lines) == 2 and "poll 1 ok" in lines[0] and "10 stored" in lines[0], lines
    assert "1 disallowed by robots.txt" in lines[0], lines
    assert "4 not modified" in lines[1] and "0 new links" in lines[1], lines  # s1.xml too, though the index is

    # the feed changes: two more entries; a restarted watcher fetches only those
    site.feeds["/feed.xml"] += paths[10:12]
    lines = _watch(site, pipeline, db, sources, every=0.05, cycles=1, max_per_host=50)
    assert "2 new links" in lines[0] and "2 stored" in lines[0], lines

    fetched = _article_paths(site)
    assert sorted(fetched) == sorted(paths[:12]), "each article page exactly once"
    assert not site.requested("/private/x.html")
    assert len(site.requested("/robots.txt")) == 1, "robots.txt kept in the crawl state across restarts"
    later = site.requested("/feed.xml")[1:]
    assert later and all(r.if_none_match for r in later), "conditional GET after the first poll"
    assert [r.status for r in site.requested("/news.xml")] == [200, 304, 304]
    assert [r.status for r in site.requested("/s1.xml")] == [200, 304, 304]
    assert all(r.user_agent and r.user_agent.startswith("teller/") for r in site.requests)

    with Store(db) as store:
        assert store.count_articles() == 12
        crawl = CrawlState(store)
        states = {s.url.removeprefix(site.base): s for s in crawl.all_urls()}
        assert states["/private/x.html"].state == "disallowed"
        assert all(states[p].state == "done" and states[p].article_id for p in paths[:3] + paths[4:12])
        assert states["/r/3"].state == "done" and states["/r/3"].article_id  # stored under the link it was found by
        assert states["/old-feed.xml"].etag, "validators of the source kept"
        health = crawl.last_poll()
        assert health["poll"] == 1 and health["stored"] == 2 and health["status"] == "ok"

        from fastapi.testclient import TestClient

        from teller.app import create_app

        body = TestClient(create_app(store)).get("/api/health").json()
        assert body["status"] == "ok" and body["last_poll"]["new_links"] == 2


def test_host_budget_spreads_fetches_over_polls(site, pipeline, tmp_path):
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(7, seed=5))]
    site.feeds["/feed.xml"] = paths
    polls: list[int] = []

    def mark(line: str) -> None:
        polls.append(len(site.requests))

    from teller.ingest.watch import Watcher
    from teller.store import Store

    with Store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        Watcher([site.base + "/feed.xml"], store, pipeline, every=0.01, cycles=4, max_per_host=3, emit=mark).run()
        assert store.count_articles() == 7
    counts = [b - a for a, b in zip([0, *polls], polls, strict=False)]
    assert all(n <= 3 for n in counts), counts  # robots.txt + feed + 1 article, then feed (304) + 2 ...
    assert sorted(_article_paths(site)) == sorted(paths)


def test_429_with_retry_after_and_5xx_back_off_without_asking_in_between(site, pipeline, tmp_path):
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(3, seed=6))]
    site.feeds["/feed.xml"] = paths
    site.forced[paths[0]] = [(429, "300")]
    clock = FakeClock()
    times: list[float] = []

    from teller.ingest.watch import Watcher
    from teller.store import Store

    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        w = Watcher([site.base + "/feed.xml"], store, pipeline, every=60, cycles=7, max_per_host=10,
                    backoff_base=30, emit=lambda line: times.append(clock.t), clock=clock.time, sleep=clock.sleep)
        w.run()
        assert store.count_articles() == 3
    requested = [r.path for r in site.requests]
    # poll 1 (t=0): robots, feed, a/0 -> 429 "come back in 300 s": the host is blocked
    assert requested[:3] == ["/robots.txt", "/feed.xml", paths[0]]
    # polls 2-5 (t=60..240): nothing asked of the blocked host; poll 6 (t=300): feed and all three;
    # poll 7: the feed, unchanged
    assert requested[3] == "/feed.xml" and sorted(requested[4:7]) == sorted(paths), requested
    assert requested[7:] == ["/feed.xml"] and site.requests[-1].status == 304, requested
    assert times[5] - times[0] >= 300

    from teller.ingest.politeness import Politeness

    p = Politeness(crawl=w.crawl, fetcher=w.fetcher, user_agent="teller", backoff_base=10, clock=clock.time)
    waits = [p.throttled("http://x.invalid/a", None) for _ in range(3)]
    assert waits == [10, 20, 40]  # exponential
    assert p.throttled("http://x.invalid/a", 500.0) == 500.0  # Retry-After when longer
    p.answered("http://x.invalid/a")
    assert p.throttled("http://x.invalid/a", None) == 10  # a good answer resets it


def test_crawl_delay_from_robots_spaces_requests(site, pipeline, tmp_path):
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(3, seed=7))]
    site.feeds["/feed.xml"] = paths
    site.robots = "User-agent: *\nCrawl-delay: 0.25\n"
    _watch(site, pipeline, f"sqlite:///{tmp_path / 'd.db'}", ["/feed.xml"], every=0.01, cycles=1)
    at = [r.at for r in site.requests]  # when each request arrived
    gaps = [b - a for a, b in zip(at, at[1:], strict=False)]
    assert len(at) == 5 and min(gaps) >= 0.25, gaps


def test_a_source_that_fails_is_reported_and_the_rest_goes_on(site, pipeline, tmp_path):
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(2, seed=8))]
    site.feeds["/feed.xml"] = paths
    site.articles["/broken.xml"] = articles(1, seed=9)[0]  # an HTML page where a feed should be
    lines = _watch(site, pipeline, f"sqlite:///{tmp_path / 'f.db'}", ["/feed.xml", "/broken.xml", "/gone.xml"],
                   every=0.01, cycles=1)
    assert "degraded" in lines[0] and "2 failed" in lines[0] and "2 stored" in lines[0], lines


# --- stopping -----------------------------------------------------------------------------------

def _start_watch(base: str, db: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC), TELLER_FETCH_ALLOW_HOSTS="127.0.0.1", TELLER_CRAWL_DELAY="0")
    return subprocess.Popen([sys.executable, "-m", "teller", "watch", f"{base}/feed.xml", "--db", db,
                             "--max-per-host", "100", *extra], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _stored(db: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db.removeprefix("sqlite:///")) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_stopped_or_killed_mid_poll_then_run_again_loses_nothing(site, pipeline, tmp_path, sig):
    """``teller watch`` in a process of its own is stopped or killed mid-poll; a watcher over the
    same database (here in this process: the restart is about the stored state, not the signal)
    then fetches and stores the rest."""
    n = 40
    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(n, seed=10))]
    site.feeds["/feed.xml"] = paths
    site.robots = "User-agent: *\nCrawl-delay: 0.1\n"  # 4 s of fetching: time to stop it midway
    db = f"sqlite:///{tmp_path / 's.db'}"
    proc = _start_watch(site.base, db, "--every", "1h")
    t0 = time.monotonic()
    while _stored(db) < 1 and proc.poll() is None and time.monotonic() - t0 < 120:
        time.sleep(0.05)
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=120)
    first = set(_article_paths(site))
    if sig == signal.SIGTERM:
        assert proc.returncode == 0, out
        assert "finishing what was fetched" in out and "stopped after poll 1" in out, out
        assert _stored(db) == len(first), "everything fetched before the stop is stored"
        assert len(first) < n, "stopped before the end"
    else:
        assert proc.returncode == -signal.SIGKILL
    clock = FakeClock()  # robots.txt's crawl delay passes without sleeping
    lines = _watch(site, pipeline, db, ["/feed.xml"], cycles=1, max_per_host=100, clock=clock.time,
                   sleep=clock.sleep)
    assert _stored(db) == n, lines
    fetched = _article_paths(site)
    if sig == signal.SIGTERM:
        assert sorted(fetched) == sorted(paths), "nothing fetched twice after a clean stop"
    else:  # killed: at most the group being analysed is fetched again
        from teller.ingest.watch import GROUP

        assert sorted(set(fetched)) == sorted(paths) and len(fetched) - n <= GROUP


def test_an_unreadable_feed_entry_costs_only_itself(site, pipeline, tmp_path, monkeypatch):
    from teller.ingest import feeds

    paths = [site.add(f"/a/{i}.html", a) for i, a in enumerate(articles(3, seed=21))]
    site.feeds["/feed.xml"] = paths
    read = feeds._entry

    def odd_second(i, entry, source):
        if i == 2:
            raise ValueError("an entry no reader expected")
        return read(i, entry, source)

    monkeypatch.setattr(feeds, "_entry", odd_second)
    lines = _watch(site, pipeline, f"sqlite:///{tmp_path / 'w.db'}", ["/feed.xml"], every=0.05, cycles=1)
    assert "2 stored" in lines[0], lines
    assert sorted(_article_paths(site)) == sorted([paths[0], paths[2]])
