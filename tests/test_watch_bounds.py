"""What ``teller watch`` keeps in memory per host is bounded: a host idle for an hour is dropped
(its backoff and robots.txt live on in the crawl state), and name lookups that went unanswered
are forgotten once they expire. A watch runs for months and meets new hosts every day."""

from __future__ import annotations

import pytest

from teller.config import Settings
from teller.errors import InputError
from teller.ingest import politeness as politeness_module
from teller.ingest import web as web_module
from teller.ingest.politeness import HOST_IDLE, Politeness
from teller.ingest.resolve import NoAnswer
from teller.ingest.web import Fetcher
from teller.store import Store
from teller.store.crawl import CrawlState


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def time(self) -> float:
        return self.t


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'crawl.db'}")
    yield s
    s.close()


def test_an_idle_host_leaves_memory_and_its_backoff_is_kept(store):
    clock = Clock()
    p = Politeness(crawl=CrawlState(store), fetcher=Fetcher(Settings.from_mapping({})), user_agent="teller",
                   clock=clock.time, sleep=lambda s: None)
    p.throttled("http://slow.invalid/a", 5 * 3600.0)  # "come back in five hours"
    for i in range(50):
        assert not p.blocked_until(f"http://site{i}.invalid/a")
    assert p.cached_hosts() == 51
    clock.t += HOST_IDLE + 1
    p.blocked_until("http://site0.invalid/b")  # still asked
    p.new_poll()
    assert p.cached_hosts() == 1
    # dropped from memory, not forgotten: the block is read back from the crawl state
    assert p.blocked_until("http://slow.invalid/b") > clock.t
    assert "http://slow.invalid" in p.backing_off()


def test_a_host_asked_every_poll_stays(store, monkeypatch):
    monkeypatch.setattr(politeness_module, "HOST_IDLE", 100.0)
    clock = Clock()
    p = Politeness(crawl=CrawlState(store), fetcher=Fetcher(Settings.from_mapping({})), user_agent="teller",
                   clock=clock.time, sleep=lambda s: None)
    for _ in range(5):
        p.new_poll()
        p.blocked_until("http://feeds.invalid/rss")
        clock.t += 60
    assert p.cached_hosts() == 1


def test_expired_unanswered_lookups_are_forgotten(monkeypatch):
    def no_answer(url: str, **kw: object) -> None:
        raise NoAnswer("name lookup unanswered", item=url)

    monkeypatch.setattr(web_module, "check_url", no_answer)
    monkeypatch.setattr(web_module, "NO_ANSWER_TTL", 0.0)  # each expires at once
    f = Fetcher(Settings.from_mapping({}))
    for i in range(40):
        with pytest.raises(InputError):
            f._check(f"http://host{i}.invalid/", deadline=1e12)
    assert len(f._no_answer) == 1
