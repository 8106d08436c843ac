"""WARC archives (web crawls, e.g. Common Crawl's CC-NEWS or the Internet Archive) -> their pages.

``fastwarc`` reads the format (WARC 1.0/1.1, plain or gzipped per record) as a stream: one
record at a time is in memory, never the file, so a multi-gigabyte CC-NEWS file costs what its
largest page costs. This module keeps the records that are articles: ``response`` records with
HTTP status 2xx and an HTML or text type, and ``resource`` records of those types. Everything
else in a crawl (images, scripts, style sheets, redirects, ``request``/``metadata`` records) is
skipped silently, since a crawl is mostly that.

Each page keeps its URL (``WARC-Target-URI``) and its capture time (``WARC-Date``, as the
article's ``fetched``); the publication time is read from the page itself by extract (its
``article:published_time``, date line, URL), never taken from the capture.

A file cut short (a download that stopped, a disk that filled) is read up to the cut: the
records before it are yielded, then one ``InputError`` says where the file ends early. fastwarc
itself stops quietly at a cut, so the check is ours: every record's payload must be as long as
its headers say.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from teller.errors import InputError
from teller.ingest.dates import to_iso
from teller.ingest.document import RawDocument, too_large

if TYPE_CHECKING:
    from fastwarc.warc import WarcRecord

_HTML = ("text/html", "application/xhtml+xml")
_TEXT = ("text/plain",)


def iter_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """HTML/text documents of a WARC file; one ``InputError`` per unreadable record or file."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        raise InputError("WARC input needs the 'fastwarc' package (pip install fastwarc)",
                         item=str(path)) from None
    try:
        is_warc = _has_warc_header(path)
    except zlib.error as err:  # not an OSError: gzip lets it through
        yield InputError(f"not a readable WARC file: broken gzip data at its start ({err})", item=str(path))
        return
    if not is_warc:
        yield InputError("not a WARC file (it does not start with a WARC/ header)", item=str(path))
        return
    wanted = WarcRecordType.response | WarcRecordType.resource
    number, last_pos = 0, -1
    with path.open("rb") as fh:
        try:
            # Every record type is iterated (not only the wanted ones) so that a cut inside a
            # skipped record is seen too; auto_decode is off so that payload lengths can be
            # checked against the headers (content codings are undone here, see _decoded).
            for number, record in enumerate(
                    ArchiveIterator(fh, parse_http=True, auto_decode="none", fsspec_args=False), start=1):
                origin, last_pos = f"{path}#{number}", record.stream_pos
                if not record.headers.get("Content-Length"):
                    yield _cut(path, number)
                    return
                if not record.record_type & wanted:
                    if record.reader.consume() < record.content_length:
                        yield _cut(path, number)
                        return
                    continue
                got = _document(record, origin, max_bytes)
                if isinstance(got, str):  # "cut": the record ends early
                    yield _cut(path, number)
                    return
                if got is not None:
                    yield got
        except OSError as err:  # fastwarc: unreadable, undecompressable or unparseable
            yield InputError(f"not a readable WARC file after {number} records: {str(err).splitlines()[0]}",
                             item=str(path))
            return
    if not _ends_after(path, last_pos):
        yield _cut(path, number + 1)


def _ends_after(path: Path, pos: int) -> bool:
    """Whether the file ends with the record that starts at byte ``pos`` (-1: no record was read).

    fastwarc stops without a word where a record's header or gzip member is cut off, so a record
    it never yielded leaves no trace but bytes after the last one it did. Only that last record
    is read again here (or, for a file gzipped as one stream, the stream once more, output thrown
    away): memory stays bounded either way.
    """
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(max(pos, 0))
        if pos < 0:
            return not fh.read(1)
        if gz:
            inflate = zlib.decompressobj(31)
            while not inflate.eof:
                chunk = inflate.unconsumed_tail or fh.read(1 << 20)
                if not chunk:
                    return False  # the last member itself is cut
                inflate.decompress(chunk, 1 << 20)
            return not inflate.unused_data.strip(b"\0") and not fh.read(1)
        head = fh.read(1 << 16)
        end = head.find(b"\r\n\r\n")
        length = next((line.split(b":", 1)[1].strip() for line in head[:end].split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), b"")
        if end < 0 or not length.isdigit():
            return False
        fh.seek(pos + end + 4 + int(length))
        return not fh.read(1 << 16).strip()


def _cut(path: Path, number: int) -> InputError:
    return InputError(f"the WARC file ends early, inside record {number} (truncated?); "
                      f"the {number - 1} records before it were read", item=str(path))


def _has_warc_header(path: Path) -> bool:
    """The first record header, checked before fastwarc reads on (it yields nothing on garbage)."""
    with path.open("rb") as fh:
        head = fh.read(64)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                head = gz.read(64)
        except (OSError, EOFError):
            return False
    return head.lstrip().startswith(b"WARC/")


def _document(record: WarcRecord, origin: str, max_bytes: int) -> RawDocument | InputError | str | None:
    """The record as a document; None when it is not an article page; ``"cut"`` when it ends early."""
    from fastwarc.warc import WarcRecordType

    http = record.http_headers
    if record.record_type == WarcRecordType.response:
        if http is None:
            record.reader.consume()
            return None
        if not 200 <= (http.status_code or 0) < 300:
            return "cut" if record.reader.consume() < record.content_length else None
        header = http.get("Content-Type") or ""
    else:
        header = record.headers.get("Content-Type") or ""
    media_type, _, params = header.partition(";")
    media_type = media_type.strip().lower()
    url = record.headers.get("WARC-Target-URI")
    if media_type not in _HTML and media_type not in _TEXT:
        return "cut" if record.reader.consume() < record.content_length else None
    if record.content_length > max_bytes:
        return InputError(too_large(record.content_length, max_bytes), item=f"{origin} ({url})")
    body = record.reader.read(max_bytes + 1)
    if len(body) < record.content_length:
        return "cut"
    if http is not None:
        try:
            body = _decoded(body, http, max_bytes)
        except Exception as err:  # zlib, brotli or a bad chunk size: this page only
            return InputError(f"cannot decode the page ({type(err).__name__}: {err})", item=f"{origin} ({url})")
        if len(body) > max_bytes:
            return InputError(too_large(len(body), max_bytes, at_least=True), item=f"{origin} ({url})")
    charset = None
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return RawDocument(content=body, url=url, content_type="html" if media_type in _HTML else "text",
                       origin=origin, charset=charset, fetched=to_iso(record.headers.get("WARC-Date") or ""))


def _decoded(body: bytes, http: object, max_bytes: int) -> bytes:
    """The payload with its HTTP transfer and content codings undone (chunked; gzip, deflate, br),
    never inflated past ``max_bytes`` + 1 (a compression bomb stops there)."""
    if "chunked" in (http.get("Transfer-Encoding") or "").lower():  # type: ignore[attr-defined]
        body = _dechunk(body)
    coding = (http.get("Content-Encoding") or "").strip().lower()  # type: ignore[attr-defined]
    if coding in ("gzip", "x-gzip", "deflate"):
        wbits = 47 if coding != "deflate" else (15 if body[:1] == b"\x78" else -15)  # 47: gzip or zlib header
        return zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
    if coding == "br":
        import brotli  # installed with fastwarc

        return brotli.Decompressor().process(body, output_buffer_limit=max_bytes + 1)
    return body


def _dechunk(body: bytes) -> bytes:
    out, pos = bytearray(), 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        size = int(body[pos:end].split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            break
        out += body[end + 2:end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)
