"""Fetching URLs: one clear error per failure, a size cap, and an address guard.

httpx does the HTTP; this module adds what a news crawler needs around it:

* only ``http``/``https`` (no ``file:``, ``ftp:``, ``javascript:``);
* an **address guard**: a URL whose host resolves to a private, loopback, link-local or
  otherwise non-public address is refused (so a feed cannot make teller read the intranet or a
  cloud metadata service). ``TELLER_ALLOW_PRIVATE=1`` switches it off (tests, local mirrors).
  Redirects are followed by hand so that every hop is checked;
* a body cap (``TELLER_MAX_BYTES``): the download stops as soon as it is exceeded;
* the timeout and User-Agent from :class:`teller.config.Settings`;
* for links teller *discovers* (feed entries, sitemap URLs, JSON Lines lines without text),
  politeness: robots.txt is obeyed (fetched once per host; a missing or failing robots.txt
  allows everything) and requests to one host are spaced by ``TELLER_CRAWL_DELAY`` seconds
  (default 1) or the host's ``Crawl-delay`` (at most 10 s). A URL the user names explicitly is
  fetched like a browser would, without either.

Known gap: the guard resolves the name before httpx connects, so a DNS answer that changes in
between (DNS rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from teller.config import Settings
from teller.errors import FetchError, InputError
from teller.ingest.document import too_large

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_ROBOTS_MAX_BYTES = 512 * 1024
_MAX_CRAWL_DELAY = 10.0

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


def is_url(item: str) -> bool:
    """True for anything with a URL scheme (``http:``, ``ftp:``, ...), not for paths."""
    scheme = urlsplit(item).scheme
    return len(scheme) > 1 and "://" in item[: len(scheme) + 3]


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise :class:`InputError`/:class:`FetchError` unless ``url`` may be fetched
    (``allow_private``: the ``TELLER_ALLOW_PRIVATE`` setting)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {parts.scheme!r} (only http and https)", item=url)
    if not parts.hostname:
        raise InputError("URL has no host", item=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"cannot resolve host {parts.hostname!r}: {err}", item=url) from None
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if not addr.is_global or addr.is_multicast:
            raise FetchError(
                f"refused: {parts.hostname} resolves to non-public address {addr} "
                "(set TELLER_ALLOW_PRIVATE=1 to allow)", item=url)


class Fetcher:
    """A reusable HTTP client (one per batch: connections are kept alive)."""

    def __init__(self, settings: Settings | None = None, *, crawl_delay: float | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.crawl_delay = crawl_delay if crawl_delay is not None else self.settings.crawl_delay
        self._client: httpx.Client | None = None
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> "Fetcher":
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
                         "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"},
                follow_redirects=False,
            )
        return self._client

    def get(self, url: str, *, polite: bool = False) -> Fetched:
        """Download ``url`` (following up to 5 checked redirects); raise ``FetchError``.

        ``polite`` (for discovered links): obey robots.txt and space requests per host.
        """
        if polite:
            self._obey_robots(url)
            self._wait_turn(url)
        return self._get(url, self.settings.max_bytes)

    def _obey_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        rules = self._robots[host]
        if rules is not None and not rules.can_fetch(self.settings.user_agent, url):
            raise FetchError("disallowed by the site's robots.txt", item=url)

    def _load_robots(self, host: str) -> RobotFileParser | None:
        try:
            got = self._get(f"{host}/robots.txt", _ROBOTS_MAX_BYTES)
        except InputError:  # missing, unreachable or too large: no rules (RFC 9309, "unavailable")
            return None
        rules = RobotFileParser()
        rules.parse(got.content.decode("utf-8", errors="replace").splitlines())
        return rules

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

    def _get(self, url: str, limit: int) -> Fetched:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=self.settings.allow_private)
            try:
                with self.client.stream("GET", current) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), item=url)
                    body = self._read_capped(resp, url, limit)
                    media_type, charset = _content_type(resp.headers.get("content-type", ""))
                    return Fetched(url=str(resp.url), content=body, media_type=media_type,
                                   charset=charset, fetched=datetime.now(timezone.utc).isoformat(timespec="seconds"))
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s", item=url) from None
            except httpx.HTTPError as err:
                raise FetchError(f"{type(err).__name__}: {err}".rstrip(": "), item=url) from None
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", item=url)

    @staticmethod
    def _read_capped(resp: httpx.Response, url: str, limit: int) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(too_large(int(declared), limit), item=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(too_large(size, limit, at_least=True), item=url)
            chunks.append(chunk)
        return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media_type = parts[0].lower() if parts else ""
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip("\"'") or None
    return media_type, charset
