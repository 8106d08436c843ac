"""A local news site on 127.0.0.1 for watch tests and the soak benchmark.

Feeds (RSS 2.0), news sitemaps, sitemap indexes, article pages and robots.txt, all changeable
while it runs; ETag/Last-Modified with 304 answers; queued forced answers (429 with Retry-After,
503, redirects); and a log of every request (path, conditional headers, status, time), so tests
can check what a crawler asked for, not only what it stored.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsgen import GenArticle


@dataclass
class Request:
    path: str
    status: int
    at: float
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None


@dataclass
class FeedSite:
    robots: str = "User-agent: *\nDisallow: /private/\n"
    articles: dict[str, GenArticle] = field(default_factory=dict)  # path -> article
    feeds: dict[str, list[str]] = field(default_factory=dict)  # path -> article paths
    sitemaps: dict[str, list[str]] = field(default_factory=dict)  # path -> article paths (news sitemap)
    indexes: dict[str, list[str]] = field(default_factory=dict)  # path -> sitemap paths
    redirects: dict[str, str] = field(default_factory=dict)  # path -> target path
    #: path -> queue of forced answers (status, Retry-After or None), used one per request
    forced: dict[str, list[tuple[int, str | None]]] = field(default_factory=lambda: defaultdict(list))
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    # --- running ---------------------------------------------------------------------------

    def start(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                arrived = time.monotonic()
                status, headers, body = site.answer(self.path, self.headers)
                with site.lock:
                    site.requests.append(Request(self.path, status, arrived,
                                                 self.headers.get("If-None-Match"),
                                                 self.headers.get("If-Modified-Since"),
                                                 self.headers.get("User-Agent")))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        self.base = f"http://127.0.0.1:{self._httpd.server_port}"
        return self.base

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def requested(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    # --- content ---------------------------------------------------------------------------

    def add(self, path: str, article: GenArticle) -> str:
        self.articles[path] = article
        return path

    def answer(self, path: str, headers: object) -> tuple[int, dict[str, str], bytes]:
        with self.lock:  # the content may be changed by another thread meanwhile
            return self._answer(path, headers)

    def _answer(self, path: str, headers: object) -> tuple[int, dict[str, str], bytes]:
        forced = self.forced.get(path)
        if forced:
            status, retry = forced.pop(0)
            return status, ({"Retry-After": retry} if retry else {}), b"try later"
        if path in self.redirects:
            return 301, {"Location": self.redirects[path]}, b""
        if path == "/robots.txt":
            return (200, {"Content-Type": "text/plain"}, self.robots.encode()) if self.robots else (404, {}, b"")
        if path in self.articles:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, _page(self.articles[path])
        if path in self.feeds:
            body, ctype = self._feed(self.feeds[path]), "application/rss+xml"
        elif path in self.sitemaps:
            body, ctype = self._news_sitemap(self.sitemaps[path]), "application/xml"
        elif path in self.indexes:
            body, ctype = self._index(self.indexes[path]), "application/xml"
        else:
            return 404, {}, b"not found"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if headers.get("If-None-Match") == etag:  # type: ignore[attr-defined]
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": ctype, "ETag": etag, "Last-Modified": formatdate(usegmt=True)}, body

    def _feed(self, paths: list[str]) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(self.articles[p].title if p in self.articles else p)}</title>"
            f"<link>{self.base}{p}</link><description>Teaser.</description></item>" for p in paths)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()

    def _news_sitemap(self, paths: list[str]) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base}{p}</loc><news:news><news:publication_date>{self.articles[p].published}"
            f"</news:publication_date><news:title>{html.escape(self.articles[p].title)}</news:title></news:news></url>"
            for p in paths if p in self.articles)
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()

    def _index(self, paths: list[str]) -> bytes:
        items = "".join(f"<sitemap><loc>{self.base}{p}</loc></sitemap>" for p in paths)
        return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{items}</sitemapindex>").encode()


def _page(a: GenArticle) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(s.strip().rstrip('.'))}.</p>" for s in a.text.split(". ") if s.strip())
    return (f"<!doctype html><html><head><title>{html.escape(a.title)}</title>"
            f'<meta property="article:published_time" content="{a.published}"></head>'
            f"<body><nav>Home | World</nav><article><h1>{html.escape(a.title)}</h1>{paragraphs}</article>"
            "<footer>Local Wire</footer></body></html>").encode()
