"""teller.ingest: every kind of input, and one clear error per bad item while the batch goes on."""

from __future__ import annotations

import dataclasses
import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from teller.config import Settings
from teller.errors import FetchError, InputError
from teller.ingest import RawDocument, iter_inputs, read_one
from teller.ingest.dates import normalize_published, to_iso
from teller.ingest.feeds import xml_kind

DATA = Path(__file__).parent / "data" / "ingest"
ARTICLE_HTML = (DATA / "article.html").read_bytes()


def _settings(**kw) -> Settings:
    return dataclasses.replace(Settings.from_env(), **kw)


def _split(items):
    docs = [x for x in items if isinstance(x, RawDocument)]
    errors = [x for x in items if isinstance(x, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


# --- a local web server ---------------------------------------------------------------------

FEED_TEMPLATE = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local Wire</title><link>{base}/</link>
<item><title>Harbour deal</title><link>{base}/article.html</link>
<pubDate>Thu, 02 May 2024 18:45:00 +0200</pubDate><description>Teaser only.</description></item>
<item><title>Gone</title><link>{base}/missing</link></item>
</channel></rss>"""

SITEMAP_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{base}/article.html</loc>
    <news:news><news:publication_date>2024-05-02T18:45:00+02:00</news:publication_date>
    <news:title>Harbour deal (sitemap)</news:title></news:news></url>
  <url><loc>{base}/missing</loc></url>
  <url><loc>{base}/private/secret.html</loc></url>
</urlset>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server API)
        base = f"http://127.0.0.1:{self.server.server_port}"
        routes = {
            "/article.html": ("text/html; charset=utf-8", ARTICLE_HTML),
            "/plain.txt": ("text/plain; charset=utf-8", b"Quay talks\n\nThe harbour board met on Monday."),
            "/feed.xml": ("application/rss+xml", FEED_TEMPLATE.format(base=base).encode()),
            "/sitemap.xml": ("application/xml", SITEMAP_TEMPLATE.format(base=base).encode()),
            "/image.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private\n"),
            "/sitemap-index.xml": ("application/xml", (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemap.xml</loc></sitemap></sitemapindex>").encode()),
            "/private/secret.html": ("text/html", ARTICLE_HTML),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path not in routes:
            self.send_response(404)
            self.end_headers()
            return
        ctype, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_private(monkeypatch):
    monkeypatch.setenv("TELLER_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("TELLER_CRAWL_DELAY", "0")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- files and directories ------------------------------------------------------------------

def test_read_one_file_html_and_overrides():
    raw = read_one(str(DATA / "article.html"), published="2024-05-03T08:00:00+09:00", source="Wire", title="T")
    assert raw.content_type == "html"
    assert raw.published == "2024-05-03T08:00:00+09:00"
    assert (raw.source, raw.title) == ("Wire", "T")
    assert raw.origin.endswith("article.html")


def test_read_one_missing_file_and_bad_published():
    with pytest.raises(InputError, match="no such file"):
        read_one(str(DATA / "nope.html"))
    with pytest.raises(InputError, match="cannot read publication time"):
        read_one(str(DATA / "article.html"), published="soonish")


def test_read_one_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Title line\n\nBody text here.")))
    raw = read_one("-")
    assert raw.content == b"Title line\n\nBody text here." and raw.origin == "<stdin>"


def test_directory_is_recursive_sorted_and_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed\n\nThe last one.")
    (tmp_path / "a.html").write_bytes(ARTICLE_HTML)
    (tmp_path / "c.md").write_text("Sea\n\nA markdown note.")
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"Gz\n\nCompressed text."))
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, errors = _split(list(iter_inputs([str(tmp_path)])))
    assert errors == []
    assert [Path(d.origin).name for d in docs] == ["a.html", "c.md", "d.txt.gz", "z.txt"]
    assert docs[2].content == b"Gz\n\nCompressed text."
    assert [d.content_type for d in docs] == ["html", "text", "text", "text"]


def test_bad_files_each_give_one_error_and_the_batch_goes_on(tmp_path, monkeypatch):
    big = tmp_path / "big.html"
    with big.open("wb") as fh:  # 20 MB of HTML, written in the test
        fh.write(b"<html><body>")
        chunk = (b"<p>" + b"harbour ferry timetable " * 40 + b"</p>\n") * 1000
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(chunk)
    bad_gz = tmp_path / "broken.txt.gz"
    bad_gz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    good = tmp_path / "good.txt"
    good.write_text("Good\n\nA fine short article.")
    read_bytes = Path.read_bytes
    read: list[str] = []

    def recorded(self: Path) -> bytes:
        read.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", recorded)
    items = list(iter_inputs([str(big), str(tmp_path / "missing.txt"), str(bad_gz), str(DATA / "notafeed.rss"),
                              str(good)], settings=_settings(max_bytes=10 * 1024 * 1024)))
    assert "big.html" not in read  # the 20 MB file is refused from its size, without reading it
    docs, errors = _split(items)
    assert [Path(d.origin).name for d in docs] == ["good.txt"]
    messages = [str(e) for e in errors]
    assert len(messages) == 4
    assert "big.html" in messages[0] and "larger than the 10 MB limit" in messages[0]
    assert "missing.txt" in messages[1] and "no such file" in messages[1]
    assert "broken.txt.gz" in messages[2] and "gzip" in messages[2]
    assert "notafeed.rss" in messages[3] and "not an RSS/Atom feed" in messages[3]
    assert all("\n" not in m for m in messages)


def test_warc_without_fastwarc_is_a_clear_error(tmp_path):
    import importlib.util

    if importlib.util.find_spec("fastwarc") is not None:
        pytest.skip("fastwarc is installed; this checks the message shown without it")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(b"")
    items = list(iter_inputs([str(warc)]))
    assert len(items) == 1 and isinstance(items[0], InputError) and "fastwarc" in str(items[0])


def test_warc_keeps_html_and_text_pages_only(tmp_path):
    pytest.importorskip("warcio")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))

        response("https://ledger.example/harbour", "200 OK", "text/html; charset=utf-8", ARTICLE_HTML)
        response("https://ledger.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        response("https://ledger.example/old", "301 Moved Permanently", "text/html", b"")
        response("https://ledger.example/notes", "200 OK", "text/plain", b"Notes\n\nThe quay is open.")
    docs, errors = _split(list(iter_inputs([str(path)])))
    assert errors == []
    assert [d.url for d in docs] == ["https://ledger.example/harbour", "https://ledger.example/notes"]
    assert docs[0].content == ARTICLE_HTML and docs[0].charset == "utf-8" and docs[0].content_type == "html"
    assert docs[1].content_type == "text" and docs[0].fetched and docs[0].origin.endswith("crawl.warc.gz#1")


def test_broken_warc_is_one_error(tmp_path):
    pytest.importorskip("warcio")
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a web archive\n" * 10)
    items = list(iter_inputs([str(bad), str(DATA / "article.html")]))
    assert isinstance(items[0], InputError) and "bad.warc" in str(items[0]) and "WARC" in str(items[0])
    assert isinstance(items[1], RawDocument)


# --- JSON Lines -----------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines():
    docs, errors = _split(list(iter_inputs([str(DATA / "good_bad.jsonl")], settings=_settings())))
    assert [d.origin.rsplit(":", 1)[1] for d in docs] == ["1", "6"]
    assert docs[0].published == "2024-03-05T09:00:00+01:00" and docs[0].source == "Coastal Ledger"
    assert docs[1].published == "2024-03-06T14:00:00"  # no zone given: stays naive (extract assumes UTC)
    where = {str(e).split(": ", 1)[0].rsplit(":", 1)[1]: str(e) for e in errors}
    # line 2 has a URL but no text: it is fetched, and the unresolvable host is its error
    assert set(where) == {"2", "3", "4", "7"}
    assert "https://ledger.example/a2" in where["2"]
    assert "not valid JSON" in where["3"]
    assert "expected a JSON object" in where["4"]
    assert "cannot read publication time" in where["7"]


def test_jsonl_line_without_text_or_url(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"title": "only a title"}) + "\n" + json.dumps({"text": "ok", "published": 5}) + "\n")
    errors = list(iter_inputs([str(f)]))
    assert "neither 'text' nor 'url'" in str(errors[0]) and "x.jsonl:1" in str(errors[0])
    assert "must be a string" in str(errors[1]) and "x.jsonl:2" in str(errors[1])


# --- feeds ----------------------------------------------------------------------------------

def test_atom_feed_full_content_is_used_and_teaser_link_is_fetched(monkeypatch):
    monkeypatch.delenv("TELLER_ALLOW_PRIVATE", raising=False)
    items = list(iter_inputs([str(DATA / "feed.atom")]))
    assert len(items) == 2
    full = items[0]
    assert isinstance(full, RawDocument)
    assert full.title == "Lighthouse keepers end strike" and full.source == "Coastal Ledger: World"
    assert full.published == "2024-05-01T07:30:00+02:00"
    assert full.url == "https://ledger.example/world/lighthouse-keepers"
    assert "pay offer" in full.content and full.origin.endswith("feed.atom#1")
    # the teaser-only entry is fetched from its link; .example does not resolve -> one error
    assert isinstance(items[1],
                      FetchError) and "feed.atom#2: https://ledger.example/world/fishing-quotas" in str(items[1])


def test_rss_feed_url_fetches_each_entry(server, allow_private):
    items = list(iter_inputs([f"{server}/feed.xml"]))
    docs, errors = _split(items)
    assert len(docs) == 1 and len(errors) == 1
    assert docs[0].title == "Harbour deal" and docs[0].source == "Local Wire"
    assert docs[0].published == "2024-05-02T18:45:00+02:00"
    assert docs[0].content == ARTICLE_HTML and docs[0].content_type == "html"
    assert "HTTP 404" in str(errors[0]) and "/missing" in str(errors[0])


def test_xml_kind_sniffing():
    assert xml_kind(b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">') == "feed"
    assert xml_kind(b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert xml_kind(b"<rdf:RDF xmlns:rdf='x'>") == "feed"
    assert xml_kind(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>") == "sitemap"
    assert xml_kind(b"<html><body>") is None
    assert xml_kind(b"plain words") is None


# --- URLs -----------------------------------------------------------------------------------

def test_url_article_redirect_and_text(server, allow_private):
    raw = read_one(f"{server}/redirect")
    assert raw.content == ARTICLE_HTML and raw.url == f"{server}/article.html"
    assert raw.charset == "utf-8" and raw.content_type == "html" and raw.fetched
    plain = read_one(f"{server}/plain.txt")
    assert plain.content_type == "text"


def test_failing_urls_each_give_one_error(server, allow_private):
    refused = f"http://127.0.0.1:{_closed_port()}/x"
    items = list(iter_inputs([f"{server}/missing", refused, f"{server}/huge", f"{server}/image.png",
                              f"{server}/slow", "ftp://example.org/file", f"{server}/article.html"],
                             settings=_settings(fetch_timeout=0.5)))
    docs, errors = _split(items)
    assert len(docs) == 1 and docs[0].url.endswith("/article.html")
    text = [str(e) for e in errors]
    assert "HTTP 404" in text[0]
    assert refused in text[1] and "ConnectError" in text[1]
    assert "larger than" in text[2]
    assert "unsupported content type 'image/png'" in text[3]
    assert "timed out after 0.5 s" in text[4]
    assert "unsupported URL scheme 'ftp'" in text[5]
    assert all(isinstance(e, InputError) for e in errors)


def test_address_guard_refuses_loopback_unless_allowed(server, monkeypatch):
    monkeypatch.delenv("TELLER_ALLOW_PRIVATE", raising=False)
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        read_one(f"{server}/article.html")
    items = list(iter_inputs(["http://10.1.2.3/a", "http://[::1]/b"]))
    assert all(isinstance(e, FetchError) and "non-public" in str(e) for e in items)


def test_sitemap_url_yields_articles_with_news_metadata_and_obeys_robots(server, allow_private):
    docs, errors = _split(list(iter_inputs([f"{server}/sitemap.xml"])))
    assert len(docs) == 1 and len(errors) == 2
    assert docs[0].title == "Harbour deal (sitemap)" and docs[0].published == "2024-05-02T18:45:00+02:00"
    assert "HTTP 404" in str(errors[0])
    assert "/private/secret.html" in str(errors[1]) and "disallowed by the site's robots.txt" in str(errors[1])
    # a URL the user names explicitly is fetched like a browser would
    assert read_one(f"{server}/private/secret.html").content == ARTICLE_HTML


def test_discovered_links_to_one_host_are_spaced(server, allow_private, monkeypatch, tmp_path):
    monkeypatch.setenv("TELLER_CRAWL_DELAY", "0.4")
    lines = [json.dumps({"url": f"{server}/article.html"}), json.dumps({"url": f"{server}/plain.txt"})]
    (tmp_path / "urls.jsonl").write_text("\n".join(lines))
    import teller.ingest.web as web

    waits: list[float] = []
    monkeypatch.setattr(web.time, "sleep", waits.append)  # record the spacing instead of waiting
    docs, errors = _split(list(iter_inputs([str(tmp_path / "urls.jsonl")])))
    assert len(docs) == 2 and errors == []
    assert len(waits) == 1 and 0 < waits[0] <= 0.4  # the second request to the host waited its turn


def test_read_one_refuses_a_feed(server, allow_private):
    with pytest.raises(InputError, match="not an article"):
        read_one(f"{server}/feed.xml")


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, iso, known", [
    ("2023-09-14T15:42:54+09:00", "2023-09-14T15:42:54+09:00", True),
    ("2023-09-14T06:42:54Z", "2023-09-14T06:42:54+00:00", True),
    ("Thu, 14 Sep 2023 15:42:54 +0900", "2023-09-14T15:42:54+09:00", True),
    ("Thu, 14 Sep 2023 15:42:54 -0000", "2023-09-14T15:42:54+00:00", False),  # RFC 2822: zone unknown
    ("September 14, 2023 3:42 PM EDT", "2023-09-14T15:42:00-04:00", True),
    ("9/14/2023, 3:42:54 PM", "2023-09-14T15:42:54+00:00", False),
    ("2023-09-14", "2023-09-14T00:00:00+00:00", False),
])
def test_normalize_published(value, iso, known):
    assert normalize_published(value) == (iso, known)


def test_to_iso_rejects_non_dates():
    assert to_iso("hello") is None and to_iso("") is None and to_iso("x" * 200) is None


def test_read_one_collection_files(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"text": "Quay talks\n\nThe board met.", "title": "Quay"}) + "\n")
    assert read_one(str(one)).title == "Quay"
    with pytest.raises(InputError, match="holds 6 documents; use `teller run`"):
        read_one(str(DATA / "good_bad.jsonl"))
    with pytest.raises(InputError, match="not an RSS/Atom feed"):
        read_one(str(DATA / "notafeed.rss"))


def test_a_library_crash_on_one_item_does_not_end_the_batch(tmp_path, monkeypatch):
    import teller.ingest.readers as readers

    def boom(content, origin):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(readers, "parse_feed", boom)
    items = list(iter_inputs([str(DATA / "feed.atom"), str(DATA / "article.html")]))
    assert isinstance(items[0], InputError) and "RuntimeError: parser exploded" in str(items[0])
    assert isinstance(items[1], RawDocument)


def test_sitemap_index_is_followed(server, allow_private):
    docs, errors = _split(list(iter_inputs([f"{server}/sitemap-index.xml"])))
    assert [d.title for d in docs] == ["Harbour deal (sitemap)"] and len(errors) == 2


def test_rss_content_encoded_is_full_content_and_extracts(tmp_path):
    from teller.extract import extract

    body = "".join(f"<p>Paragraph {i}: the harbour board said the new quay would open to ferries in June, "
                   "after two years of building work and a long dispute over its cost.</p>" for i in range(4))
    rss = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Wire</title>
<item><title>New quay opens in June</title><link>https://wire.example/quay</link>
<pubDate>Fri, 03 May 2024 10:00:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
</channel></rss>"""
    (tmp_path / "wire.rss").write_text(rss)
    [raw] = list(iter_inputs([str(tmp_path / "wire.rss")]))
    assert isinstance(raw, RawDocument) and raw.content_type == "html"
    art = extract(raw)
    assert art.title == "New quay opens in June" and art.source == "Harbour Wire"
    assert art.published == "2024-05-03T10:00:00+00:00" and art.published_tz_known is True
    assert art.text.count("Paragraph") == 4 and art.url == "https://wire.example/quay"
