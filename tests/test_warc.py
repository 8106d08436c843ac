"""WARC archives read as a stream: pages kept, other records skipped, cut files end in one error.

The archives are written here with warcio (a test tool) and read by teller with fastwarc, so the
reader is checked against another implementation of the format.
"""

from __future__ import annotations

import dataclasses
import gzip
from io import BytesIO
from pathlib import Path

import pytest

from teller.errors import InputError
from teller.ingest import RawDocument, iter_inputs

pytest.importorskip("fastwarc", reason="fastwarc reads WARC input")
warcio = pytest.importorskip("warcio", reason="warcio writes the test archives (pip install warcio)")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

CAPTURED = "2024-05-02T07:30:00Z"


def page(n: int, published: str) -> bytes:
    """A news page whose publication time is in its own metadata (not the capture time)."""
    return (f"<html><head><title>Harbour report {n}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body><article>"
            f"<h1>Harbour report {n}</h1><p>The port authority of Lindhaven reopened quay {n} on Tuesday "
            f"after repairs that lasted {n + 3} weeks, the harbour master said.</p>"
            f"<p>Shipping companies had diverted vessels to the northern terminal during the works, and "
            f"dock workers said the delays cost them overtime pay.</p></article></body></html>").encode()


def write_warc(path: Path, *, gz: bool, pages: int = 3, extras: bool = True) -> None:
    """``pages`` HTML responses, each followed (when ``extras``) by an image, a redirect and a request."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(url: str, status: str, ctype: str, body: bytes, headers: list | None = None) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype), *(headers or [])], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": CAPTURED}))

        for n in range(pages):
            response(f"https://ledger.example/quay-{n}", "200 OK", "text/html; charset=utf-8",
                     page(n, f"2024-04-{n + 10}T09:00:00+02:00"))
            if extras:
                response(f"https://ledger.example/quay-{n}.jpg", "200 OK", "image/jpeg", b"\xff\xd8" + b"j" * 500)
                response(f"https://ledger.example/old-{n}", "301 Moved Permanently", "text/html", b"")
                writer.write_record(writer.create_warc_record(f"https://ledger.example/quay-{n}", "request",
                                                              payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


def split(items: list) -> tuple[list[RawDocument], list[InputError]]:
    return ([i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)])


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_pages_url_and_capture_time(tmp_path, name, gz):
    path = tmp_path / name
    write_warc(path, gz=gz)
    docs, errors = split(list(iter_inputs([str(path)])))
    assert errors == []
    assert [d.url for d in docs] == [f"https://ledger.example/quay-{n}" for n in range(3)]
    assert all(d.content_type == "html" and d.charset == "utf-8" for d in docs)
    assert docs[1].content == page(1, "2024-04-11T09:00:00+02:00")
    assert {d.fetched for d in docs} == {"2024-05-02T07:30:00+00:00"}
    assert docs[0].published is None  # the capture is not the publication: extract reads the page


def test_publication_from_page_capture_from_record(tmp_path):
    from teller.extract import extract

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True, pages=2)
    articles = [extract(d) for d in iter_inputs([str(path)]) if isinstance(d, RawDocument)]
    assert [a.published for a in articles] == ["2024-04-10T09:00:00+02:00", "2024-04-11T09:00:00+02:00"]
    assert [a.fetched for a in articles] == ["2024-05-02T07:30:00+00:00"] * 2
    assert articles[0].url == "https://ledger.example/quay-0" and "quay 0" in articles[0].text


def test_encoded_payloads_are_decoded(tmp_path):
    path = tmp_path / "coded.warc"
    body = page(7, "2024-04-17T09:00:00+02:00")
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://ledger.example/gz", "response",
                                                      payload=BytesIO(gzip.compress(body)), http_headers=http))
    docs, errors = split(list(iter_inputs([str(path)])))
    assert errors == [] and docs[0].content == body


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("keep", [0.35, 0.6, 0.93])
def test_truncated_file_keeps_what_was_read_and_says_so_once(tmp_path, gz, keep):
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    write_warc(whole, gz=gz, pages=6)
    complete = [d.url for d in iter_inputs([str(whole)])]
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(len(data) * keep)])
    after = tmp_path / "after.txt"
    after.write_text("Dock workers in Lindhaven ended their strike on Monday.")

    items = list(iter_inputs([str(cut), str(after)]))
    docs, errors = split(items)
    assert len(errors) == 1, errors
    assert "ends early" in str(errors[0]) and str(cut) in str(errors[0])
    from_warc = [d.url for d in docs if d.origin.startswith(str(cut))]
    assert 0 < len(from_warc) <= 6 and from_warc == complete[: len(from_warc)]  # every page before the cut
    assert docs[-1].origin == str(after)  # the batch goes on after the broken archive


def test_cut_inside_the_first_record(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, gz=True, pages=1, extras=False)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:150])
    items = list(iter_inputs([str(cut)]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "ends early" in str(items[0]) or "not a WARC" in str(items[0])


def test_oversized_page_is_one_error_and_the_rest_is_read(tmp_path):
    from teller.config import Settings

    path = tmp_path / "big.warc"
    write_warc(path, gz=False, pages=3, extras=False)
    small = len(page(0, "2024-04-10T09:00:00+02:00")) - 1
    settings = dataclasses.replace(Settings.from_env(), max_bytes=small)
    docs, errors = split(list(iter_inputs([str(path)], settings=settings)))
    assert len(errors) == 3 and all("limit" in str(e) for e in errors)
    assert docs == []


def test_run_stores_warc_pages_with_capture_time(tmp_path, monkeypatch):
    from teller.pipeline import Pipeline

    monkeypatch.setenv("TELLER_ITEM_TIMEOUT", "0")  # about reading WARC: analysed in this process
    from teller.store import Store

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True, pages=2)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    stats = Pipeline().run([str(path)], db, stories=False)
    assert stats.stored == 2 and stats.errors == []
    store = Store(db)
    try:
        arts = sorted(store.articles(), key=lambda a: a.url or "")
    finally:
        store.close()
    assert [(a.url, a.published, a.fetched) for a in arts] == [
        ("https://ledger.example/quay-0", "2024-04-10T09:00:00+02:00", "2024-05-02T07:30:00+00:00"),
        ("https://ledger.example/quay-1", "2024-04-11T09:00:00+02:00", "2024-05-02T07:30:00+00:00"),
    ]
