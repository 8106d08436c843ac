"""Fetch safety: private, loopback, link-local and metadata addresses are refused after name
resolution and on every redirect, unless the host is named in TELLER_FETCH_ALLOW_HOSTS; only
http(s); redirects and decoded size are bounded. Nothing is sent anywhere but 127.0.0.1: every
refusal happens before a connection is opened (the addresses refused are literal, or names
that resolve locally)."""

from __future__ import annotations

import dataclasses
import gzip
import socket
import threading
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from teller.config import Settings
from teller.errors import FetchError, InputError
from teller.ingest import resolve as resolve_module
from teller.ingest.resolve import resolve
from teller.ingest.web import Fetcher, check_url, retry_after

PAGE = b"<html><body><p>The harbour board met on Monday.</p></body></html>"
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MB of zeros in ~64 KB


class _Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        _Handler.seen.append(self.path)
        port = self.server.server_port
        redirects = {
            "/to-private": "http://10.0.0.5/x",
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-localhost": f"http://localhost:{port}/ok",
            "/to-mapped": f"http://[::ffff:127.0.0.1]:{port}/ok",
            "/to-file": "file:///etc/passwd",
            "/to-gopher": "gopher://127.0.0.1/",
            "/to-ok": "/ok",
        }
        if self.path.startswith("/loop/"):
            n = int(self.path.rsplit("/", 1)[1])
            redirects[self.path] = f"/loop/{n + 1}"
        if self.path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.end_headers()
            return
        body, headers = PAGE, {"Content-Type": "text/html"}
        if self.path == "/bomb":
            body, headers = BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        elif self.path == "/gzip":
            body, headers = gzip.compress(PAGE), {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        elif self.path == "/deflate-raw":
            z = zlib.compressobj(wbits=-15)
            body = z.compress(PAGE) + z.flush()
            headers = {"Content-Type": "text/html", "Content-Encoding": "deflate"}
        elif self.path == "/brotli":
            body, headers = b"\x0b\x02\x80hello\x03", {"Content-Type": "text/html", "Content-Encoding": "br"}
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def _fetcher(**changes) -> Fetcher:
    settings = dataclasses.replace(Settings.defaults(), fetch_allow_hosts=("127.0.0.1",), max_bytes=1024 * 1024,
                                   **changes)
    return Fetcher(settings)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://0.0.0.0/", "http://2130706433/",
    "http://0x7f.1/", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
    "http://[::ffff:10.0.0.1]/", "http://224.0.0.1/",
])
def test_non_public_addresses_are_refused_after_resolution(url):
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1/",
                                 "javascript:alert(1)", "data:text/html,hi", "http:///nohost", "http://h:99999/"])
def test_other_schemes_and_malformed_urls_are_refused(url):
    with pytest.raises(InputError):
        check_url(url, allow_hosts=("127.0.0.1", "h"))


def test_named_hosts_are_allowed_and_no_other(base):
    check_url(f"{base}/ok", allow_hosts=("127.0.0.1",))  # no error
    with pytest.raises(FetchError):
        check_url(f"{base}/ok", allow_hosts=("127.0.0.2",))
    assert Settings.from_mapping({"TELLER_FETCH_ALLOW_HOSTS": " 127.0.0.1, Mirror.LAN ,[::1]"}).fetch_allow_hosts \
        == ("127.0.0.1", "mirror.lan", "::1")
    with _fetcher() as f:
        assert f.get(f"{base}/to-ok").content == PAGE


@pytest.mark.parametrize("path,message", [
    ("/to-private", "non-public address 10.0.0.5"),
    ("/to-metadata", "non-public address 169.254.169.254"),
    ("/to-localhost", "non-public address"),  # loopback under another name than the allowed one
    ("/to-mapped", "non-public address 127.0.0.1"),
    ("/to-file", "unsupported URL scheme 'file'"),
    ("/to-gopher", "unsupported URL scheme 'gopher'"),
])
def test_every_redirect_is_checked_before_it_is_followed(base, path, message):
    _Handler.seen.clear()
    with _fetcher() as f, pytest.raises(InputError, match=message):
        f.get(base + path)
    assert _Handler.seen == [path], "nothing requested after the refused hop"


def test_redirects_are_bounded(base):
    _Handler.seen.clear()
    with _fetcher() as f, pytest.raises(FetchError, match="more than 5 redirects"):
        f.get(f"{base}/loop/0")
    assert len(_Handler.seen) == 6


def test_decoded_size_is_capped_without_inflating_the_bomb(base):
    tracemalloc.start()
    try:
        with _fetcher() as f, pytest.raises(FetchError, match="larger than the 1 MB limit"):
            f.get(f"{base}/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(BOMB) < 1024 * 1024  # the compressed body alone passes the cap
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while refusing a 64 MB bomb"


def test_gzip_and_deflate_are_decoded_and_others_refused(base):
    with _fetcher() as f:
        assert f.get(f"{base}/gzip").content == PAGE
        assert f.get(f"{base}/deflate-raw").content == PAGE
        with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
            f.get(f"{base}/brotli")


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 30) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


# --- name resolution is bounded, and the address connected to is the address checked ---------

class _BlockingResolver:
    """A getaddrinfo that never answers until released (a name server that drops queries)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []

    def __call__(self, host, port, **kwargs):
        self.asked.append(host)
        self.release.wait()
        raise OSError("released")


def test_a_lookup_that_does_not_answer_is_an_error_not_a_stall():
    blocking = _BlockingResolver()
    try:
        with pytest.raises(FetchError, match="cannot resolve host 'news.test': no answer within"):
            resolve("news.test", 443, 0.05, lookup=blocking)
        with pytest.raises(FetchError, match="no answer within") as err:
            check_url("https://news.test/a", timeout=0.05, lookup=blocking)
        assert err.value.item == "https://news.test/a"
    finally:
        blocking.release.set()
    assert blocking.asked == ["news.test", "news.test"]


def test_a_fetch_whose_lookup_hangs_ends_with_its_own_timeout():
    blocking = _BlockingResolver()
    settings = dataclasses.replace(Settings.defaults(), fetch_timeout=0.2)
    try:
        with Fetcher(settings, lookup=blocking) as f, pytest.raises(FetchError, match="no answer within"):
            f.get("https://news.test/story")
    finally:
        blocking.release.set()


def test_a_host_that_did_not_answer_is_not_asked_again_for_each_link():
    blocking = _BlockingResolver()
    settings = dataclasses.replace(Settings.defaults(), fetch_timeout=0.1)
    try:
        with Fetcher(settings, lookup=blocking) as f:
            for n in range(3):
                with pytest.raises(FetchError, match="no answer within") as err:
                    f.get(f"https://silent.test/story-{n}")
        assert "not asked again" in str(err.value)
        assert blocking.asked == ["silent.test"]
    finally:
        blocking.release.set()


def test_lookups_left_unanswered_are_bounded():
    blocking = _BlockingResolver()
    try:
        for i in range(resolve_module.MAX_STUCK + 2):
            with pytest.raises(FetchError) as err:
                resolve(f"h{i}.test", 80, 0.0, lookup=blocking)
        assert "still unanswered" in str(err.value)
        assert len(blocking.asked) <= resolve_module.MAX_STUCK  # no thread started past the bound
    finally:
        blocking.release.set()
        for thread in threading.enumerate():  # let the released lookups end before other tests resolve
            if thread.name.startswith("teller-dns:"):
                thread.join(5)


def test_ip_literals_and_failures_are_answered_without_a_thread():
    def never(*args, **kwargs):
        raise AssertionError("an IP literal needs no lookup")

    assert resolve("127.0.0.1", 80, 1.0, lookup=never) == ["127.0.0.1"]
    assert resolve("[::1]", 80, 1.0, lookup=never) == ["::1"]

    def nxdomain(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(FetchError, match="Name or service not known"):
        resolve("gone.test", 80, 1.0, lookup=nxdomain)


def test_a_name_that_rebinds_to_loopback_after_the_check_is_refused_at_connect(base):
    """The first answer (checked by check_url) is public, the second (the connection's) is
    loopback: the connection is refused, and the local server sees nothing."""
    answers = iter([("93.184.216.34",), ("127.0.0.1",)])
    port = int(base.rsplit(":", 1)[1])

    def rebinding(host, port_, **kwargs):
        (addr,) = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, port_))]

    _Handler.seen.clear()
    with Fetcher(dataclasses.replace(Settings.defaults(), fetch_timeout=5.0), lookup=rebinding) as f, \
            pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        f.get(f"http://rebind.test:{port}/ok")
    assert _Handler.seen == []


def test_an_allowed_name_is_connected_to_at_the_address_resolved(base):
    port = int(base.rsplit(":", 1)[1])

    def local(host, port_, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

    settings = dataclasses.replace(Settings.defaults(), fetch_allow_hosts=("mirror.test",))
    with Fetcher(settings, lookup=local) as f:
        assert f.get(f"http://mirror.test:{port}/ok").content == PAGE
