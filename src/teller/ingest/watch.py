"""``teller watch``: poll feeds and sitemaps without end, store what is new, lose nothing.

One **poll** (every ``every`` seconds):

1. each source (RSS/Atom feed, news sitemap, plain sitemap, sitemap index and the sitemaps it
   lists) is fetched with a conditional GET (``If-None-Match``/``If-Modified-Since`` from the
   crawl state); a 304 costs nothing more;
2. the links it lists are normalised (``courlan``: lower-case host, no default port, no
   tracking parameters, no fragment) and those the crawl state does not know are recorded as
   *pending*, before the source's new validators are saved, so a crash between the two can only
   make the next poll read the source again, never forget a link;
3. pending links are fetched (feed entries that carry the whole article are not), politely
   (:mod:`teller.ingest.politeness`: robots.txt, spacing, at most ``max_per_host`` requests per
   host per poll, backoff on 429/5xx with ``Retry-After``), a few dozen at a time;
4. each group is analysed (articles already stored are recognised by id before parsing),
   stored, and only then its links are marked *done*; at the end of the poll the stories are
   updated and the poll's health is recorded (one line on stderr, and ``/api/health``).

SIGTERM or SIGINT stops it cleanly: the fetch in flight ends, what was fetched is analysed and
stored, the stories are saved, and it exits. ``kill -9`` loses nothing either: links not yet
marked done are fetched again and recognised as stored (``teller.writer``).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from types import FrameType
from typing import Any
from urllib.parse import urldefrag

import courlan

from teller.errors import InputError, TellerError
from teller.ingest.document import RawDocument
from teller.ingest.feeds import parse_feed, parse_sitemap, xml_kind
from teller.ingest.politeness import Politeness, host_of, iso
from teller.ingest.web import HTML_TYPES, TEXT_TYPES, Fetched, Fetcher, HTTPStatusError
from teller.store.crawl import CrawlState, UrlState
from teller.workers import release_memory

log = logging.getLogger(__name__)
# httpx logs every request at INFO; a watch runs for months and says what matters once per poll
logging.getLogger("httpx").setLevel(logging.WARNING)

#: Articles fetched, then analysed and stored, per group (a kill loses the analysis of at most these).
GROUP = 32
#: Sitemap indexes nested deeper than this are not followed.
MAX_SITEMAP_DEPTH = 3
#: An article link that failed this many times in a row (no answer, broken body) is given up.
MAX_FAILURES = 3
#: Pending links fetched per poll at most (the rest wait; keeps one poll's memory bounded).
MAX_PENDING_PER_POLL = 5000


def normalise(url: str) -> str:
    """The form a URL is known by in the crawl state (``courlan.normalize_url``, no fragment)."""
    try:
        url = courlan.normalize_url(url.strip())
    except (ValueError, AttributeError):
        url = url.strip()
    return urldefrag(url)[0]


def parse_every(text: str) -> float:
    """``90``, ``30s``, ``10m``, ``2h``, ``1d`` -> seconds (``ValueError`` otherwise)."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    scale = units.get(text[-1:], None)
    number = float(text[:-1] if scale else text)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number * (scale or 1)


@dataclass
class Health:
    """What one poll did; ``line()`` is the progress line, ``asdict`` what ``/api/health`` shows."""

    poll: int
    status: str = "ok"  # "ok" | "degraded" (some source failed) | "failing" (every source failed)
    seconds: float = 0.0
    sources: int = 0
    changed: int = 0
    not_modified: int = 0
    source_errors: int = 0
    new_links: int = 0
    fetched: int = 0
    stored: int = 0
    already_stored: int = 0
    errors: int = 0
    deferred: int = 0  # links left for a later poll (host budget or backoff)
    robots_disallowed: int = 0
    throttled: int = 0  # 429/5xx answers
    pending: int = 0  # links still to fetch after this poll
    backing_off: dict[str, str] = field(default_factory=dict)
    last_errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.last_errors) < 5:
            self.last_errors.append(message[:300])

    def line(self) -> str:
        return (f"teller watch: poll {self.poll} {self.status}: {self.sources} sources "
                f"({self.changed} changed, {self.not_modified} not modified, {self.source_errors} failed), "
                f"{self.new_links} new links, {self.fetched} fetched, {self.stored} stored, "
                f"{self.already_stored} already stored, {self.errors} errors, {self.deferred} deferred, "
                f"{self.robots_disallowed} disallowed by robots.txt, {self.throttled} throttled, "
                f"{self.pending} pending ({self.seconds:.1f} s)")


@dataclass(slots=True)
class _Link:
    url: str  # normalised
    title: str | None = None
    published: str | None = None
    source: str | None = None
    doc: RawDocument | None = None  # the whole article, when the feed carried it


class Watcher:
    """Polls ``sources`` into ``store`` through ``pipeline`` (see the module docstring).

    ``every``: seconds between poll starts; ``cycles``: stop after this many polls (None: never);
    ``emit``: where the health line goes; ``sleep``/``clock``: injectable for tests.
    """

    def __init__(self, sources: list[str], store: Any, pipeline: Any, *, every: float = 600.0,
                 max_per_host: int = 10, cycles: int | None = None, crawl_delay: float | None = None,
                 backoff_base: float = 60.0, emit: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time) -> None:
        from teller.writer import StoreWriter

        self.sources = [normalise(s) for s in sources]
        self.store = store
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self.every = every
        self.cycles = cycles
        self.emit = emit or (lambda line: None)
        self.sleep = sleep
        self.clock = clock
        self.crawl = CrawlState(store)
        self.fetcher = Fetcher(self.settings)
        self.polite = Politeness(self.crawl, self.fetcher, self.settings.user_agent, max_per_host=max_per_host,
                                 crawl_delay=self.settings.crawl_delay if crawl_delay is None else crawl_delay,
                                 backoff_base=backoff_base, clock=clock, sleep=sleep)
        self.writer = StoreWriter(store, pipeline.kb, on_stored=self._stored, on_error=self._store_error)
        self.stopping = False
        self.polls = 0
        self._health = Health(poll=0)
        self._article_of: dict[str, str] = {}  # article URL -> id, for the group being stored
        self._outcome = ""  # what the last _request did

    # --- the loop --------------------------------------------------------------------------

    def run(self) -> Health:
        """Poll until stopped (SIGTERM, SIGINT, ``stop()``) or ``cycles`` polls are done."""
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
        for sig in previous:
            try:
                signal.signal(sig, self._on_signal)
            except ValueError:  # not the main thread (embedded): stop() still works
                previous = {}
                break
        try:
            recovered = self.writer.open()
            if recovered:
                self.emit(f"teller watch: {recovered} stored articles from an interrupted run joined the story index")
            while not self.stopping:
                started = self.clock()
                self.poll()
                if self.cycles is not None and self.polls >= self.cycles:
                    break
                self._wait(started + self.every)
        finally:
            self.writer.save_stories()
            self.fetcher.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self._health

    def stop(self) -> None:
        self.stopping = True

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:  # a second signal: the user means it
            raise KeyboardInterrupt
        self.emit(f"teller watch: {signal.Signals(signum).name}: finishing what was fetched, then stopping")
        self.stopping = True

    def _wait(self, until: float) -> None:
        while not self.stopping:
            left = until - self.clock()
            if left <= 0:
                return
            self.sleep(min(left, 0.5))

    # --- one poll --------------------------------------------------------------------------

    def poll(self) -> Health:
        self.polls += 1
        h = self._health = Health(poll=self.polls)
        t0 = time.monotonic()
        started = iso(self.clock())
        self.polite.new_poll()
        links: list[_Link] = []
        for source in self.sources:
            if self.stopping:
                break
            h.sources += 1
            self._poll_source(source, "source", 0, links)
        self._fetch_and_store(links)
        stories_merged = self.writer.save_stories()
        h.pending = self.crawl.count_urls(state="pending")
        h.backing_off = self.polite.backing_off()
        if h.source_errors:
            h.status = "failing" if h.source_errors >= h.sources else "degraded"
        h.seconds = time.monotonic() - t0
        health = {**asdict(h), "stories_merged": stories_merged}
        self.crawl.add_poll(started, iso(self.clock()), health)
        self.emit(h.line())
        # what the poll's parses freed goes back to the system: glibc keeps freed memory under a
        # block still in use, so the watch's size drifted 10-15 MB with each poll's articles
        release_memory()
        return h

    def _poll_source(self, url: str, kind: str, depth: int, links: list[_Link], parent: str | None = None) -> None:
        """Conditional GET of one feed or sitemap; its new links are saved as pending."""
        h = self._health
        state = self.crawl.url(url) or UrlState(url=url, host=host_of(url), kind=kind, first_seen=iso(self.clock()),
                                               state="source", parent=parent)
        if state.state != "source" or state.parent != parent:  # an article link or another index's child before
            state.state, state.parent, state.kind = "source", parent, kind
        got = self._request(url, state, conditional=True)
        if got is None or got.status == 304:
            if got is not None:
                h.not_modified += 1
            elif self._outcome == "failed":
                h.source_errors += 1
            self.crawl.save_urls([state])
            # an unchanged (or unreachable) index still has children whose content may change
            for child in self.crawl.children(url) if depth < MAX_SITEMAP_DEPTH else ():
                if not self.stopping:
                    self._poll_source(child, "sitemap", depth + 1, links, parent=url)
            return
        h.changed += 1
        state.last_changed = state.last_fetched
        try:
            found = list(self._links_of(got, url, depth, links))
        except TellerError as err:
            h.source_errors += 1
            state.error = err.message
            state.etag = state.last_modified = None  # read it whole next time
            self.crawl.save_urls([state])
            return
        except Exception as err:  # a library failing on an odd document must not end the watch
            h.source_errors += 1
            state.error = f"unexpected error while reading: {type(err).__name__}: {err}"
            state.etag = state.last_modified = None
            self.crawl.save_urls([state])
            return
        self._remember(found, links)
        self.crawl.save_urls([state])  # validators only after the links are safe

    def _links_of(self, got: Fetched, url: str, depth: int, links: list[_Link]) -> Iterator[_Link]:
        kind = xml_kind(got.content)
        if kind == "feed":
            for entry in parse_feed(got.content, url):
                if isinstance(entry, InputError):  # one unreadable entry: the feed's others go on
                    log.warning("%s", entry)
                    continue
                if not entry.url and entry.content is None:
                    continue
                link = _Link(url=normalise(entry.url) if entry.url else f"{url}#{entry.index}",
                             title=entry.title, published=entry.published, source=entry.source)
                if entry.content is not None:
                    link.doc = RawDocument(content=entry.content, url=entry.url, source=entry.source,
                                           title=entry.title, published=entry.published,
                                           content_type=entry.content_type, origin=f"{url}#{entry.index}",
                                           fetched=got.fetched)
                yield link
        elif kind == "sitemap":
            listed = set()
            for item in parse_sitemap(got.content, url):
                child = normalise(item.url)
                if not item.is_sitemap:
                    yield _Link(url=child, title=item.title, published=item.published)
                elif depth >= MAX_SITEMAP_DEPTH:
                    self._health.error(f"{child}: sitemap index nested deeper than {MAX_SITEMAP_DEPTH}")
                elif not self.stopping:
                    listed.add(child)
                    self._poll_source(child, "sitemap", depth + 1, links, parent=url)
            dropped = [s for s in self.crawl.urls(self.crawl.children(url)).values() if s.url not in listed]
            for s in dropped:  # no longer listed by the index: no longer polled
                s.state = "dropped"
            self.crawl.save_urls(dropped)
        else:
            raise InputError("neither an RSS/Atom feed nor a sitemap", item=url)

    def _remember(self, found: list[_Link], links: list[_Link]) -> None:
        """Record the links the crawl state does not know as pending (one transaction)."""
        known = self.crawl.urls([f.url for f in found])
        now = iso(self.clock())
        fresh: dict[str, UrlState] = {}
        for link in found:
            if link.url in known or link.url in fresh:
                continue
            fresh[link.url] = UrlState(url=link.url, host=host_of(link.url), kind="article", first_seen=now)
            links.append(link)
        self.crawl.save_urls(list(fresh.values()))
        self._health.new_links += len(fresh)

    # --- fetching --------------------------------------------------------------------------

    def _request(self, url: str, state: UrlState, *, conditional: bool) -> Fetched | None:
        """One polite GET; None when it was not sent or failed (``state`` and ``_outcome`` say why:
        "deferred", "disallowed" or "failed")."""
        h = self._health
        self._outcome = "deferred"
        if self.polite.blocked_until(url) or not self.polite.has_budget(url):
            h.deferred += 1
            return None
        allowed = self.polite.allowed(url)
        if allowed is None or not self.polite.has_budget(url):
            h.deferred += 1
            return None
        self._outcome = "disallowed"
        if not allowed:
            h.robots_disallowed += 1
            state.state = "disallowed" if state.kind == "article" else state.state
            state.error = "disallowed by the site's robots.txt"
            return None
        headers = {}
        if conditional and state.etag:
            headers["If-None-Match"] = state.etag
        if conditional and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        self.polite.spend(url)
        self._outcome = "failed"
        state.fetches += 1
        state.last_fetched = iso(self.clock())
        try:
            got = self.fetcher.get(url, headers=headers or None)
        except HTTPStatusError as err:
            self.polite.done(url)
            state.status, state.error = err.status, err.message
            if err.status in (429, 500, 502, 503, 504):
                h.throttled += 1
                wait = self.polite.throttled(url, err.retry_after)
                state.retry_at = iso(self.clock() + wait)
            elif state.kind == "article":
                state.state = "failed"  # 404, 410, 403: this page will not come
            return None
        except InputError as err:
            self.polite.done(url)
            state.status, state.error = 0, err.message
            state.failures += 1
            if state.kind == "article" and state.failures >= MAX_FAILURES:
                state.state = "failed"
            return None
        self.polite.done(url)
        self.polite.answered(url)
        self._outcome = "fetched"
        state.status, state.error, state.failures, state.retry_at = got.status, None, 0, None
        if got.status != 304:
            state.etag, state.last_modified = got.etag, got.last_modified
        return got

    def _fetch_and_store(self, links: list[_Link]) -> None:
        """Fetch the pending links (this poll's new ones and those left from before), in groups."""
        carried = {link.url: link for link in links}
        pending = [s for s in self._pending() if s.url not in carried]
        order = [(carried[link.url], None) for link in links] + [(_Link(url=s.url), s) for s in pending]
        states = self.crawl.urls([link.url for link, s in order if s is None])
        group: list[tuple[UrlState, RawDocument | None]] = []
        for link, state in order:
            if self.stopping:
                break
            state = state or states.get(link.url)
            if state is None or state.state != "pending":
                continue
            if state.retry_at and state.retry_at > iso(self.clock()):
                self._health.deferred += 1
                continue
            doc = link.doc or self._fetch_article(link, state)
            group.append((state, doc))
            if len(group) >= GROUP:
                self._store_group(group)
                group = []
        self._store_group(group)

    def _pending(self) -> list[UrlState]:
        from sqlalchemy import select

        from teller.store.crawl import URLS

        now = iso(self.clock())
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(URLS.c.url).where(URLS.c.state == "pending", URLS.c.kind == "article")
                                .order_by(URLS.c.first_seen, URLS.c.id).limit(MAX_PENDING_PER_POLL)).scalars()
            urls = list(rows)
        return [s for s in self.crawl.urls(urls).values() if not s.retry_at or s.retry_at <= now]

    def _fetch_article(self, link: _Link, state: UrlState) -> RawDocument | None:
        got = self._request(link.url, state, conditional=False)
        if got is None:
            return None
        self._health.fetched += 1
        if got.media_type and not (got.media_type in HTML_TYPES or got.media_type.startswith("text/")):
            state.state, state.error = "failed", f"unsupported content type {got.media_type!r}"
            return None
        ctype = "html" if got.media_type in HTML_TYPES else "text" if got.media_type in TEXT_TYPES else None
        return RawDocument(content=got.content, url=got.url, title=link.title, published=link.published,
                           source=link.source, content_type=ctype, origin=link.url,  # type: ignore[arg-type]
                           charset=got.charset, fetched=got.fetched)

    # --- storing ---------------------------------------------------------------------------

    def _store_group(self, group: list[tuple[UrlState, RawDocument | None]]) -> None:
        """Analyse and store the fetched documents, then mark their links done (in that order)."""
        docs = [doc for _, doc in group if doc is not None]
        self._article_of = {}
        if docs:
            for result in self.pipeline.process_many(docs, keep=self.writer.unstored):
                if isinstance(result, TellerError):
                    self._health.error(str(result))
                else:
                    self.writer.add(result)
            self.writer.flush()
        done = []
        for state, doc in group:
            if doc is not None:
                state.state = "done"
                state.article_id = self._article_of.get(doc.url or "") or self._article_of.get(state.url)
            done.append(state)
        self.crawl.save_urls(done)

    def _stored(self, analysis: Any, new: bool) -> None:
        url = analysis.article.url
        if url:
            self._article_of[url] = analysis.article.id
            self._article_of[normalise(url)] = analysis.article.id
        if new:
            self._health.stored += 1
        else:
            self._health.already_stored += 1

    def _store_error(self, message: str) -> None:
        self._health.error(message)


def watch(sources: list[str], db_url: str | None = None, *, every: float = 600.0, max_per_host: int = 10,
          cycles: int | None = None, emit: Callable[[str], None] | None = None, **options: Any) -> Health:
    """Run :class:`Watcher` over a new store and pipeline (the ``teller watch`` command)."""
    from teller.nlp.blas import blas_threads
    from teller.pipeline import Pipeline
    from teller.store import Store

    blas_threads(1)
    # load the model and knowledge base before the first poll: the first articles are then not
    # delayed by it, and a stop signal during the first poll is answered in seconds
    pipeline = Pipeline().load()
    with Store(db_url or pipeline.settings.db) as store:
        watcher = Watcher(sources, store, pipeline, every=every, max_per_host=max_per_host, cycles=cycles,
                          emit=emit, **options)
        return watcher.run()

