"""WARC archives (web crawls, e.g. Common Crawl or Internet Archive) -> the pages they hold.

warcio reads the format (WARC 1.0/1.1 and ARC, gzipped per record or not); this module keeps
the records that are articles: ``response`` records with HTTP status 2xx and an HTML or text
type, and ``resource`` records of those types. Everything else in a crawl (images, scripts,
style sheets, redirects, ``request``/``metadata`` records) is skipped silently, since a crawl is
mostly that. warcio is optional: without it a WARC input is one clear error.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator

from teller.errors import InputError
from teller.ingest.dates import to_iso
from teller.ingest.document import RawDocument, too_large

_HTML = ("text/html", "application/xhtml+xml")
_TEXT = ("text/plain",)


def iter_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """HTML/text documents of a WARC file; one ``InputError`` per unreadable record or file."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise InputError("WARC input needs the optional 'warcio' package (pip install warcio)",
                         item=str(path)) from None
    if not _has_warc_header(path):
        yield InputError("not a WARC file (it does not start with a WARC/ or ARC header)", item=str(path))
        return
    with path.open("rb") as fh:
        try:
            for number, record in enumerate(ArchiveIterator(fh), start=1):
                doc = _document(record, f"{path}#{number}", max_bytes)
                if doc is not None:
                    yield doc
        except ArchiveLoadFailed as err:
            yield InputError(f"not a readable WARC file: {str(err).splitlines()[0]}", item=str(path))


def _has_warc_header(path: Path) -> bool:
    """The first record header, checked before warcio reads on (it only warns on garbage)."""
    with path.open("rb") as fh:
        head = fh.read(64)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                head = gz.read(64)
        except (OSError, EOFError):
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def _document(record, origin: str, max_bytes: int) -> RawDocument | InputError | None:  # noqa: ANN001 (warcio record)
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        header = record.http_headers.get_header("Content-Type") or ""
    else:
        header = record.rec_headers.get_header("Content-Type") or ""
    media_type, _, params = header.partition(";")
    media_type = media_type.strip().lower()
    if media_type not in _HTML and media_type not in _TEXT:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(too_large(len(body), max_bytes, at_least=True), item=f"{origin} ({url})")
    charset = None
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return RawDocument(content=body, url=url, content_type="html" if media_type in _HTML else "text",
                       origin=origin, charset=charset, fetched=to_iso(record.rec_headers.get_header("WARC-Date")))
