"""Fetching URLs: one clear error per failure, a size cap, and an address guard.

httpx does the HTTP; this module adds what a news crawler needs around it:

* only ``http``/``https`` (no ``file:``, ``ftp:``, ``javascript:``);
* an **address guard**: a URL whose host resolves to a private, loopback, link-local or
  otherwise non-public address is refused (so a feed cannot make teller read the intranet or a
  cloud metadata service). ``TELLER_FETCH_ALLOW_HOSTS=127.0.0.1,mirror.lan`` lets named hosts
  through (tests, local mirrors); ``TELLER_ALLOW_PRIVATE=1`` switches the guard off altogether.
  Redirects are followed by hand (at most 5) so that every hop is checked, its scheme included;
* a body cap (``TELLER_MAX_BYTES``) on the **decoded** body: gzip and deflate are decoded here,
  a window at a time, so a small compressed body that inflates to gigabytes (a "zip bomb") is
  stopped at the cap instead of filling memory; other encodings are not asked for and refused;
* the timeout (for the whole fetch, redirects and body, not per read) and User-Agent from
  :class:`teller.config.Settings`;
* for links teller *discovers* (feed entries, sitemap URLs, JSON Lines lines without text),
  politeness: robots.txt is obeyed (fetched once per host; a missing or failing robots.txt
  allows everything) and requests to one host are spaced by ``TELLER_CRAWL_DELAY`` seconds
  (default 1) or the host's ``Crawl-delay`` (at most 10 s). A URL the user names explicitly is
  fetched like a browser would, without either.

Name resolution is bounded too (:mod:`teller.ingest.resolve`: a lookup that does not answer
within the fetch's timeout is an error, not a stall), and the HTTP client connects to the
addresses it resolved and checked itself, so a DNS answer that changes between the check and
the connection (DNS rebinding) meets the guard again.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from teller.config import Settings
from teller.errors import FetchError, InputError
from teller.ingest.document import too_large
from teller.ingest.resolve import GuardedBackend, NoAnswer, non_public, resolve

MAX_REDIRECTS = 5
_ROBOTS_MAX_BYTES = 512 * 1024
_MAX_CRAWL_DELAY = 10.0
#: Decoded bytes produced per step of decompression (the cap is checked between steps).
_INFLATE_STEP = 256 * 1024
#: Seconds a host whose name lookup went unanswered is not looked up again (its links fail at once).
NO_ANSWER_TTL = 300.0

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
XML_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
             "application/xml", "text/xml")


@dataclass(slots=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str  # after redirects
    content: bytes
    media_type: str  # "text/html", ... ("" when the server sent none)
    charset: str | None
    fetched: str  # ISO 8601, UTC
    status: int = 200  # 304 when a conditional request found the resource unchanged (content empty)
    etag: str | None = None
    last_modified: str | None = None


class HTTPStatusError(FetchError):
    """The server answered with an error status; ``retry_after`` (seconds) when it said when to
    come back (429 and 503 usually do). Built like any ``TellerError`` (message, item), so code
    that re-raises errors with another item keeps working."""

    def __init__(self, message: str, *, item: str | None = None, status: int = 0,
                 retry_after: float | None = None) -> None:
        super().__init__(message, item=item)
        self.status = status
        self.retry_after = retry_after


def is_url(item: str) -> bool:
    """True for anything with a URL scheme (``http:``, ``ftp:``, ...), not for paths."""
    try:
        scheme = urlsplit(item).scheme
    except ValueError:  # a malformed URL is still one: check_url says what is wrong with it
        scheme = item.partition(":")[0] if "://" in item else ""
    return len(scheme) > 1 and "://" in item[: len(scheme) + 3]


def check_url(url: str, *, allow_private: bool = False, allow_hosts: tuple[str, ...] = (),
              timeout: float = 10.0, lookup: Callable[..., list] | None = None) -> None:
    """Raise :class:`InputError`/:class:`FetchError` unless ``url`` may be fetched
    (``allow_private``: the ``TELLER_ALLOW_PRIVATE`` setting; ``allow_hosts``: the hosts
    ``TELLER_FETCH_ALLOW_HOSTS`` names, compared with the URL's host as written). The host is
    resolved within ``timeout`` seconds (``lookup``: a ``getaddrinfo``-like function, for tests).

    Every address the host resolves to must be public: one private answer among public ones
    is refused too, since the connection may use any of them.
    """
    try:
        parts = urlsplit(url)
    except ValueError as err:  # "http://[::1/"
        raise InputError(f"malformed URL: {err}", item=url) from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {parts.scheme!r} (only http and https)", item=url)
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as err:
        raise InputError(f"malformed URL: {err}", item=url) from None
    if not host:
        raise InputError("URL has no host", item=url)
    if allow_private or host.lower() in allow_hosts:
        return
    try:
        addresses = resolve(host, parts.port or 443, timeout, lookup=lookup)
    except FetchError as err:
        raise type(err)(err.message, item=url) from None
    bad = non_public(addresses)
    if bad is not None:
        raise FetchError(
            f"refused: {host} resolves to non-public address {bad} "
            "(name it in TELLER_FETCH_ALLOW_HOSTS to allow)", item=url)


class _Transport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend` (bounded lookups, checked addresses)."""

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__()
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=backend)


class Fetcher:
    """A reusable HTTP client (one per batch: connections are kept alive)."""

    def __init__(self, settings: Settings | None = None, *, crawl_delay: float | None = None,
                 lookup: Callable[..., list] | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.lookup = lookup  # a getaddrinfo-like function (tests); socket.getaddrinfo by default
        self.crawl_delay = crawl_delay if crawl_delay is not None else self.settings.crawl_delay
        self._client: httpx.Client | None = None
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}
        self._no_answer: dict[str, tuple[float, str]] = {}  # host -> (until, message)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.settings.fetch_timeout,
                headers={"User-Agent": self.settings.user_agent,
                         "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                         # only what _read_capped decodes under the size cap
                         "Accept-Encoding": "gzip, deflate"},
                follow_redirects=False,
                transport=_Transport(GuardedBackend(self._may_be_private, self.lookup)),
            )
        return self._client

    def _may_be_private(self, host: str) -> bool:
        return self.settings.allow_private or host.lower().strip("[]") in self.settings.fetch_allow_hosts

    def get(self, url: str, *, polite: bool = False, headers: dict[str, str] | None = None,
            limit: int | None = None) -> Fetched:
        """Download ``url`` (following up to 5 checked redirects); raise ``FetchError``
        (:class:`HTTPStatusError` for an error status).

        ``polite`` (for discovered links): obey robots.txt and space requests per host.
        ``headers``: extra request headers (``If-None-Match``/``If-Modified-Since``: a 304 answer
        comes back as a ``Fetched`` with ``status == 304`` and no content). ``limit``: a body
        cap smaller than ``TELLER_MAX_BYTES``.
        """
        try:
            urlsplit(url).port  # noqa: B018 - "http://[::1/" raises here, before robots.txt is asked
        except ValueError as err:
            raise InputError(f"malformed URL: {err}", item=url) from None
        if polite:
            self._obey_robots(url)
            self._wait_turn(url)
        return self._get(url, min(limit or self.settings.max_bytes, self.settings.max_bytes), headers)

    def _obey_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        rules = self._robots[host]
        if rules is not None and not rules.can_fetch(url, self.settings.user_agent):
            raise FetchError("disallowed by the site's robots.txt", item=url)

    def _load_robots(self, host: str) -> Protego | None:
        try:
            got = self._get(f"{host}/robots.txt", _ROBOTS_MAX_BYTES)
        except InputError:  # missing, unreachable or too large: no rules (RFC 9309, "unavailable")
            return None
        return Protego.parse(got.content.decode("utf-8", errors="replace"))

    def _wait_turn(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.netloc
        delay = self.crawl_delay
        rules = self._robots.get(f"{parts.scheme}://{host}")
        asked = rules.crawl_delay(self.settings.user_agent) if rules is not None else None
        if asked:
            delay = max(delay, min(float(asked), _MAX_CRAWL_DELAY))
        last = self._last_request.get(host)
        if last is not None:
            wait = delay - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _get(self, url: str, limit: int, headers: dict[str, str] | None = None) -> Fetched:
        # The timeout is for the whole fetch, redirects and body included: httpx's is per network
        # operation, so a server trickling a byte every 2 s would hold a 3 s fetch for minutes.
        deadline = time.monotonic() + self.settings.fetch_timeout
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check(current, deadline)
            try:
                left = max(0.001, deadline - time.monotonic())
                with self.client.stream("GET", current, headers=headers, timeout=left) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise HTTPStatusError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), item=url,
                                              status=resp.status_code,
                                              retry_after=retry_after(resp.headers.get("retry-after")))
                    now = datetime.now(UTC).isoformat(timespec="seconds")
                    validators = {"etag": resp.headers.get("etag"), "last_modified": resp.headers.get("last-modified")}
                    if resp.status_code == 304:
                        return Fetched(url=str(resp.url), content=b"", media_type="", charset=None, fetched=now,
                                       status=304, **validators)
                    body = self._read_capped(resp, url, limit, deadline)
                    media_type, charset = _content_type(resp.headers.get("content-type", ""))
                    return Fetched(url=str(resp.url), content=body, media_type=media_type,
                                   charset=charset, fetched=now, status=resp.status_code, **validators)
            except httpx.TimeoutException:
                raise FetchError(self._timed_out(), item=url) from None
            except httpx.HTTPError as err:
                raise FetchError(f"{type(err).__name__}: {err}".rstrip(": "), item=url) from None
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", item=url)

    def _check(self, url: str, deadline: float) -> None:
        """``check_url`` within the fetch's deadline; a host whose lookup went unanswered is not
        asked again for ``NO_ANSWER_TTL`` seconds (a feed of a thousand links to it costs one wait)."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # check_url says what is wrong with it
            host = ""
        known = self._no_answer.get(host)
        if known is not None and known[0] > time.monotonic():
            raise NoAnswer(f"{known[1]} (not asked again for {NO_ANSWER_TTL:g} s)", item=url)
        try:
            check_url(url, allow_private=self.settings.allow_private, allow_hosts=self.settings.fetch_allow_hosts,
                      timeout=max(0.001, deadline - time.monotonic()), lookup=self.lookup)
        except NoAnswer as err:
            now = time.monotonic()
            for gone in [h for h, (until, _) in self._no_answer.items() if until <= now]:
                del self._no_answer[gone]  # expired: a long run meets many such hosts over time
            self._no_answer[host] = (now + NO_ANSWER_TTL, err.message)
            raise

    def _timed_out(self) -> str:
        return f"timed out after {self.settings.fetch_timeout:g} s (TELLER_FETCH_TIMEOUT, for the whole fetch)"

    def _read_capped(self, resp: httpx.Response, url: str, limit: int, deadline: float) -> bytes:
        """The decoded body, refused as soon as it (or the declared length) passes ``limit``, or
        when the fetch's deadline passes."""
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(too_large(int(declared), limit), item=url)
        inflate = _decoder(resp.headers.get("content-encoding", ""), url)
        chunks: list[bytes] = []
        size = 0
        for raw in resp.iter_raw():  # each network read as it comes (a chunk size would wait to fill it)
            if time.monotonic() > deadline:
                raise FetchError(self._timed_out(), item=url)
            for chunk in inflate(raw):
                size += len(chunk)
                if size > limit:
                    raise FetchError(too_large(size, limit, at_least=True), item=url)
                chunks.append(chunk)
        return b"".join(chunks)


def _decoder(encoding: str, url: str) -> Callable[[bytes], Iterator[bytes]]:
    """A function from raw chunks to decoded pieces of at most ``_INFLATE_STEP`` bytes each."""
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return lambda raw: iter((raw,))
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding!r} (gzip and deflate only)", item=url)
    # gzip: the gzip wrapper; deflate: zlib-wrapped as the RFC says, raw deflate as some servers send
    state: dict[str, Any] = {"z": zlib.decompressobj(31 if codings[0] != "deflate" else 15), "first": True}

    def inflate(raw: bytes) -> Iterator[bytes]:
        data = raw
        while data:
            try:
                out = state["z"].decompress(data, _INFLATE_STEP)
            except zlib.error as err:
                if codings[0] == "deflate" and state["first"]:
                    state["z"], state["first"] = zlib.decompressobj(-15), False
                    continue
                raise FetchError(f"broken {codings[0]} body: {err}", item=url) from None
            state["first"] = False
            data = state["z"].unconsumed_tail
            if out:
                yield out
            if state["z"].eof:
                return

    return inflate


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media_type = parts[0].lower() if parts else ""
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip("\"'") or None
    return media_type, charset
