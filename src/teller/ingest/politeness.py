"""Per-host politeness for ``teller watch``: robots.txt, spacing, a budget per poll, backoff.

* **robots.txt** is read with ``protego`` (RFC 9309 with the common extensions), fetched at
  most once a day per host and kept in the crawl state, so a restart does not refetch it. A
  missing robots.txt (4xx) allows everything; one that cannot be read (5xx, no answer) disallows
  the host for now, as RFC 9309 asks, and is tried again on the next poll.
* **spacing**: a request to a host starts at least ``crawl_delay`` after the previous one to it
  ended, or the host's ``Crawl-delay`` when it asks for more (capped at ``MAX_CRAWL_DELAY``);
  counting from the end, not the start, keeps the gap even when an answer is slow.
* **budget**: at most ``max_per_host`` requests per host in one poll (robots.txt included); the
  links left over wait for the next poll.
* **backoff**: a 429 or 5xx answer blocks the host for ``base * 2**(failures - 1)`` seconds (at
  most ``BACKOFF_MAX``), or for what its ``Retry-After`` says when that is longer; the block is
  kept in the crawl state, so a restart honours it too. A good answer clears it.

What is kept in memory per host (its crawl state, parsed robots.txt, last request) is a cache of
the crawl state: a host not asked for ``HOST_IDLE`` seconds is dropped at the next poll and read
back from the crawl state if it comes again. A watch over aggregator feeds meets new hosts every
day; without this, months of them would stay in memory.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from protego import Protego

from teller.errors import InputError
from teller.ingest.web import Fetcher, HTTPStatusError
from teller.store.crawl import CrawlState, HostState

ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0
MAX_CRAWL_DELAY = 30.0
BACKOFF_BASE = 60.0
BACKOFF_MAX = 6 * 3600.0
#: Seconds after which a host not asked is dropped from memory (its state is in the crawl state).
HOST_IDLE = 3600.0
#: Statuses that mean "come back later" (the host, not the URL, is the problem).
THROTTLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def host_of(url: str) -> str:
    """``scheme://netloc`` of a URL: the unit of politeness (robots.txt is per scheme and host)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


def epoch(value: str | None) -> float:
    return datetime.fromisoformat(value).timestamp() if value else 0.0


@dataclass
class Politeness:
    """Decides, per request, whether and when it may be sent (see the module docstring)."""

    crawl: CrawlState
    fetcher: Fetcher
    user_agent: str
    max_per_host: int = 10
    crawl_delay: float = 1.0
    backoff_base: float = BACKOFF_BASE
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, tuple[float, Protego | None]] = field(default_factory=dict)
    _used: Counter[str] = field(default_factory=Counter)
    _last: dict[str, float] = field(default_factory=dict)
    _hosts: dict[str, HostState] = field(default_factory=dict)
    _asked: dict[str, float] = field(default_factory=dict)  # host -> when it was last looked at

    def new_poll(self) -> None:
        """Start a poll: every host's budget is full again; hosts idle for ``HOST_IDLE`` are dropped
        from memory (everything about them that must last is in the crawl state)."""
        self._used.clear()
        idle = self.clock() - HOST_IDLE
        for host in [h for h, at in self._asked.items() if at < idle]:
            for cache in (self._asked, self._hosts, self._robots, self._last):
                cache.pop(host, None)

    def cached_hosts(self) -> int:
        """How many hosts are held in memory now."""
        return len(self._asked)

    # --- may we ask? -----------------------------------------------------------------------

    def blocked_until(self, url: str) -> float:
        """When the host of ``url`` may be asked again (0: now)."""
        until = epoch(self._host(host_of(url)).retry_at)
        return until if until > self.clock() else 0.0

    def has_budget(self, url: str) -> bool:
        return self._used[host_of(url)] < self.max_per_host

    def allowed(self, url: str) -> bool | None:
        """Whether robots.txt lets us fetch ``url``; None when it cannot be known now (robots.txt
        unreachable, or no budget left to read it)."""
        host = host_of(url)
        self._asked[host] = self.clock()
        got = self._robots.get(host)
        if got is None or self.clock() - got[0] > ROBOTS_TTL:
            got = self._load_robots(host)
            if got is None:
                return None
        rules = got[1]
        return True if rules is None else bool(rules.can_fetch(url, self.user_agent))

    def _load_robots(self, host: str) -> tuple[float, Protego | None] | None:
        state = self._host(host)
        fetched = epoch(state.robots_fetched)
        if state.robots is None or self.clock() - fetched > ROBOTS_TTL:
            if not self.has_budget(host) or self.blocked_until(host):
                return None
            self.spend(host)
            try:
                got = self.fetcher.get(f"{host}/robots.txt", limit=ROBOTS_MAX_BYTES)
                text = got.content.decode("utf-8", errors="replace")
            except HTTPStatusError as err:
                if err.status >= 500:
                    self.throttled(host, err.retry_after)
                    return None
                text = ""  # 4xx: no rules (RFC 9309 "unavailable")
            except InputError:
                return None  # unreachable: unknown, try again next poll
            finally:
                self.done(host)
            fetched = self.clock()
            state.robots, state.robots_fetched = text, iso(fetched)
            self.crawl.save_host(state)
        rules = Protego.parse(state.robots) if state.robots.strip() else None
        self._robots[host] = (fetched, rules)
        return self._robots[host]

    # --- asking ----------------------------------------------------------------------------

    def spend(self, url: str) -> None:
        """Count one request to the host of ``url`` and wait for its turn (spacing); call
        :meth:`done` when its answer is in."""
        host = host_of(url)
        self._asked[host] = self.clock()
        self._used[host] += 1
        delay = self.crawl_delay
        got = self._robots.get(host)
        asked = got[1].crawl_delay(self.user_agent) if got and got[1] is not None else None
        if asked:
            delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        last = self._last.get(host)
        if last is not None:
            wait = delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def done(self, url: str) -> None:
        """The request to the host of ``url`` is over: the spacing counts from now."""
        self._last[host_of(url)] = self.clock()

    # --- what the answer says --------------------------------------------------------------

    def throttled(self, url: str, retry_after: float | None) -> float:
        """A 429/5xx from the host of ``url``: block it; returns the seconds it is blocked for."""
        state = self._host(host_of(url))
        state.failures += 1
        wait = min(self.backoff_base * 2 ** (state.failures - 1), BACKOFF_MAX)
        if retry_after is not None:
            wait = max(wait, min(retry_after, BACKOFF_MAX))
        state.retry_at = iso(self.clock() + wait)
        self.crawl.save_host(state)
        return wait

    def answered(self, url: str) -> None:
        """A good answer from the host of ``url``: the backoff is over."""
        state = self._host(host_of(url))
        if state.failures or state.retry_at:
            state.failures, state.retry_at = 0, None
            self.crawl.save_host(state)

    def backing_off(self) -> dict[str, str]:
        """Hosts blocked now -> until when (ISO)."""
        now = self.clock()
        return {h: s.retry_at for h, s in sorted(self._hosts.items()) if s.retry_at and epoch(s.retry_at) > now}

    def _host(self, host: str) -> HostState:
        self._asked[host] = self.clock()
        state = self._hosts.get(host)
        if state is None:
            state = self.crawl.host(host) or HostState(host=host)
            self._hosts[host] = state
        return state
