"""Inputs -> :class:`RawDocument` s: files, directories, JSON Lines, feeds, sitemaps, URLs, stdin.

:func:`iter_inputs` never raises for one bad item: it yields an :class:`InputError` naming the
item (``path``, ``file.jsonl:LINE``, ``feed.xml#ENTRY``, the URL) and goes on with the batch.
Directories are walked recursively in sorted order so that a run is reproducible; inside a
directory only known extensions are read (``.html .htm .xhtml .txt .md .text .jsonl .ndjson
.rss .atom .xml .warc``, each optionally ``.gz``) and hidden files are skipped. A file named
explicitly is read whatever its extension (its type is then sniffed by extract).
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from teller.config import Settings
from teller.errors import InputError
from teller.ingest.dates import implausible, to_iso
from teller.ingest.document import RawDocument, too_large
from teller.ingest.feeds import parse_feed, parse_sitemap, xml_kind
from teller.ingest.warc import iter_warc
from teller.ingest.web import HTML_TYPES, TEXT_TYPES, XML_TYPES, Fetched, Fetcher, is_url

#: what a document says it is (``RawDocument.content_type``)
ContentType = Literal["html", "text"]

Kind = Literal["html", "text", "jsonl", "feed", "xml", "warc", "unknown"]

_EXTENSIONS: dict[str, Kind] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".md": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "xml",
    ".warc": "warc",
}
MAX_SITEMAP_DEPTH = 3

Item = RawDocument | InputError


# --- public API ------------------------------------------------------------------------------

def read_one(item: str, /, *, published: str | None = None, source: str | None = None,
             title: str | None = None, settings: Settings | None = None) -> RawDocument:
    """One article from a FILE path, an http(s) URL or ``-`` (stdin).

    Raises :class:`InputError` / :class:`FetchError` with one clear line. ``published``,
    ``source`` and ``title`` override what the document says.
    """
    settings = settings or Settings.from_env()
    when = _check_published(published, item) if published else None
    if item == "-":
        raw = RawDocument(content=_read_stream(sys.stdin.buffer, settings.max_bytes, "<stdin>"), origin="<stdin>")
    elif is_url(item):
        with Fetcher(settings) as fetcher:
            raw = _fetched_document(fetcher, item)
    else:
        raw = _read_file_document(Path(item), settings)
    if when:
        raw.published = when
    raw.source = source or raw.source
    raw.title = title or raw.title
    return raw


def as_document(source: str | Path | RawDocument, /, *, published: str | None = None,
                settings: Settings | None = None) -> RawDocument:
    """What ``teller.process`` accepts, as one :class:`RawDocument`.

    A ``RawDocument`` is taken as it is; a ``Path`` is read; a ``str`` is fetched when it is a
    URL, read when it names a file (an existing one, or one word ending in a known extension
    such as ``.html``, so a mistyped path is an error, not a one-word article), and is the
    article text otherwise. ``published`` overrides what the document says.
    """
    if isinstance(source, Path) or (isinstance(source, str) and (is_url(source) or _names_a_file(source))):
        return read_one(str(source), published=published, settings=settings)
    if isinstance(source, RawDocument):
        raw = dataclasses.replace(source)
    elif isinstance(source, str):
        raw = RawDocument(content=source, origin="<text>")
    else:
        raise TypeError(f"expected text, a path, a URL or a RawDocument, not {type(source).__name__}")
    if published:
        raw.published = _check_published(published, raw.name)
    return raw


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        if Path(text).is_file():
            return True
    except (OSError, ValueError):  # a sentence longer than a file name may be, or with a NUL
        return False
    return not any(c.isspace() for c in text) and _kind(Path(text)) != "unknown"


def iter_inputs(inputs: list[str], *, settings: Settings | None = None) -> Iterator[Item]:
    """Every document of every input, in order; bad items come out as ``InputError``."""
    settings = settings or Settings.from_env()
    with Fetcher(settings) as fetcher:
        for item in inputs:
            yield from _guard(item, _iter_item(item, settings, fetcher))


# --- dispatch --------------------------------------------------------------------------------

def _guard(item: str, docs: Iterator[Item]) -> Iterator[Item]:
    """Turn an error raised while reading ``item`` into a yielded ``InputError``.

    An error about something ``item`` points to (the link of a feed entry or JSONL line) names
    both: ``feed.xml#2: https://...: HTTP 404``.
    """
    try:
        yield from docs
    except InputError as err:
        if err.item and err.item != item and not err.item.startswith(item):
            err = type(err)(err.message, item=f"{item}: {err.item}")
        yield err
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror or err}", item=item)
    except Exception as err:  # a library failing on odd input must not end the batch
        yield InputError(f"unexpected error while reading: {type(err).__name__}: {err}", item=item)


def _iter_item(item: str, settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    if item == "-":
        yield RawDocument(content=_read_stream(sys.stdin.buffer, settings.max_bytes, "<stdin>"), origin="<stdin>")
        return
    if is_url(item):
        yield from _iter_url(item, fetcher, depth=0)
        return
    path = Path(item)
    if path.is_dir():
        for file in _walk(path):
            yield from _guard(str(file), _iter_file(file, settings, fetcher))
        return
    if not path.exists():
        raise InputError("no such file, directory or URL", item=item)
    yield from _iter_file(path, settings, fetcher)


def _walk(root: Path) -> Iterator[Path]:
    """Known-extension files under ``root``, sorted, hidden entries skipped, no symlinked dirs."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and _kind(Path(name)) != "unknown":
                yield Path(dirpath) / name


def _kind(path: Path) -> Kind:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _EXTENSIONS.get(suffixes[-1], "unknown") if suffixes else "unknown"


def _iter_file(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    kind = _kind(path)
    origin = str(path)
    if kind == "warc":  # archives are read record by record: the size limit is per record
        yield from iter_warc(path, settings.max_bytes)
        return
    content = _read_file(path, settings.max_bytes)
    if kind == "jsonl":
        yield from _iter_jsonl(content, origin, fetcher)
    elif kind in ("feed", "xml") or (kind == "unknown" and xml_kind(content)):
        yield from _iter_xml(content, origin, fetcher, depth=0, expect_feed=kind == "feed")
    else:
        ctype = kind if kind in ("html", "text") else None
        yield RawDocument(content=content, content_type=ctype, origin=origin)


def _iter_xml(content: bytes, origin: str, fetcher: Fetcher, *, depth: int, expect_feed: bool) -> Iterator[Item]:
    kind = xml_kind(content)
    if kind == "sitemap" and not expect_feed:
        yield from _iter_sitemap(content, origin, fetcher, depth=depth)
    elif kind == "feed" or expect_feed:
        yield from _iter_feed(content, origin, fetcher)
    else:
        raise InputError("XML that is neither an RSS/Atom feed nor a sitemap", item=origin)


def _iter_feed(content: bytes, origin: str, fetcher: Fetcher) -> Iterator[Item]:
    for entry in parse_feed(content, origin):
        if isinstance(entry, InputError):
            yield entry
            continue
        name = f"{origin}#{entry.index}"
        if entry.content is not None:
            yield RawDocument(content=entry.content, url=entry.url, source=entry.source, title=entry.title,
                              published=entry.published, content_type=entry.content_type, origin=name,
                              bad_published=entry.bad_published)
        elif entry.url:
            yield from _guard(name, _fetch_article(fetcher, entry.url, title=entry.title,
                                                   published=entry.published, source=entry.source,
                                                   bad_published=entry.bad_published))
        else:
            yield InputError("feed entry has neither full content nor a link", item=name)


def _iter_sitemap(content: bytes, origin: str, fetcher: Fetcher, *, depth: int) -> Iterator[Item]:
    for link in parse_sitemap(content, origin):
        if link.is_sitemap:
            if depth >= MAX_SITEMAP_DEPTH:
                yield InputError(f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH}", item=link.url)
            else:
                yield from _guard(link.url, _iter_url(link.url, fetcher, depth=depth + 1))
        else:
            yield from _guard(link.url, _fetch_article(fetcher, link.url, title=link.title, published=link.published))


def _iter_url(url: str, fetcher: Fetcher, *, depth: int) -> Iterator[Item]:
    got = fetcher.get(url, polite=depth > 0)
    if _is_xml(got.media_type, got.content):
        yield from _iter_xml(got.content, url, fetcher, depth=depth,
                             expect_feed=got.media_type in ("application/rss+xml", "application/atom+xml"))
        return
    yield _document_from(got, url)


def _fetch_article(fetcher: Fetcher, url: str, *, title: str | None = None, published: str | None = None,
                   source: str | None = None, bad_published: str | None = None) -> Iterator[Item]:
    """A discovered link (feed entry, sitemap URL, JSON Lines line): fetched politely."""
    raw = _fetched_document(fetcher, url, polite=True)
    raw.title = title or raw.title
    raw.published = published or raw.published
    raw.source = source or raw.source
    raw.bad_published = bad_published
    yield raw


def _fetched_document(fetcher: Fetcher, url: str, *, polite: bool = False) -> RawDocument:
    got = fetcher.get(url, polite=polite)
    if _is_xml(got.media_type, got.content):
        raise InputError("is an XML feed or sitemap, not an article (use `teller run` for feeds)", item=url)
    return _document_from(got, url)


def _document_from(got: Fetched, origin: str) -> RawDocument:
    if got.media_type and not (got.media_type in HTML_TYPES or got.media_type in TEXT_TYPES
                               or got.media_type.startswith("text/")):
        raise InputError(f"unsupported content type {got.media_type!r} (expected HTML or text)", item=origin)
    ctype: ContentType | None = ("html" if got.media_type in HTML_TYPES
                                 else "text" if got.media_type in TEXT_TYPES else None)
    return RawDocument(content=got.content, url=got.url, content_type=ctype, origin=origin,
                       charset=got.charset, fetched=got.fetched)


def _is_xml(media_type: str, content: bytes) -> bool:
    if media_type in XML_TYPES or (media_type.endswith("+xml") and media_type not in HTML_TYPES):
        return True
    return xml_kind(content) is not None


# --- JSON Lines ------------------------------------------------------------------------------

def _iter_jsonl(content: bytes, origin: str, fetcher: Fetcher) -> Iterator[Item]:
    """One document per line: ``{"text"|"html", "url", "title", "published", "source", "translation_of"}``."""
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{origin}:{lineno}"
        try:
            yield from _guard(name, _jsonl_line(line, name, fetcher))
        except Exception as err:  # one odd line must never stop the batch
            yield InputError(f"unreadable line: {type(err).__name__}: {err}", item=name)


def _jsonl_line(line: bytes, name: str, fetcher: Fetcher) -> Iterator[Item]:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"not valid JSON ({err.msg if hasattr(err, 'msg') else err})", item=name) from None
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}", item=name)
    fields = {k: obj.get(k) for k in ("url", "title", "text", "html", "published", "source", "translation_of")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string, got {type(value).__name__}", item=name)
    stated = fields["published"]
    # a timestamp out of range (year 1, +99:00) is kept as unknown and flagged; words are refused
    bad = stated if stated and implausible(stated) else None
    published = _check_published(stated, name) if stated and not bad else None
    ctype: ContentType | None = "html" if fields["html"] else None
    body = fields["html"] or fields["text"]
    if body:
        yield RawDocument(content=body, url=fields["url"], source=fields["source"], title=fields["title"],
                          published=published, content_type=ctype, origin=name,
                          translation_of=fields["translation_of"], bad_published=bad)
    elif fields["url"]:
        for doc in _fetch_article(fetcher, fields["url"], title=fields["title"], published=published,
                                  source=fields["source"], bad_published=bad):
            if isinstance(doc, RawDocument) and fields["translation_of"]:
                doc.translation_of = fields["translation_of"]
            yield doc
    else:
        raise InputError("line has neither 'text' nor 'url'", item=name)


def _check_published(value: str, item: str) -> str:
    iso = to_iso(value)
    if iso is None:
        raise InputError(f"cannot read publication time {value!r} (use ISO 8601, e.g. 2023-09-14T15:42:54+09:00)",
                         item=item)
    return iso


# --- bytes from files and streams ------------------------------------------------------------

def _read_file_document(path: Path, settings: Settings) -> RawDocument:
    if path.is_dir():
        raise InputError("is a directory (use `teller run` for directories)", item=str(path))
    if not path.exists():
        raise InputError("no such file", item=str(path))
    kind = _kind(path)
    if kind in ("jsonl", "feed", "xml", "warc"):
        return _only_document(path, settings)
    content = _read_file(path, settings.max_bytes)
    ctype = kind if kind in ("html", "text") else None
    return RawDocument(content=content, content_type=ctype, origin=str(path))


def _only_document(path: Path, settings: Settings) -> RawDocument:
    """The single document of a collection file (JSON Lines, feed, sitemap, WARC) or an error."""
    with Fetcher(settings) as fetcher:
        items = list(_guard(str(path), _iter_file(path, settings, fetcher)))
    docs = [x for x in items if isinstance(x, RawDocument)]
    if len(items) == 1 and docs:
        return docs[0]
    if len(items) == 1:
        raise items[0]  # type: ignore[misc]
    raise InputError(f"holds {len(items)} documents; use `teller run` for collections", item=str(path))


def _read_file(path: Path, limit: int) -> bytes:
    """The file's bytes (gunzipped for ``.gz``), refusing anything over ``limit`` before reading it."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(too_large(size, limit), item=origin)
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                return _read_stream(fh, limit, origin)
        return path.read_bytes()
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise InputError(f"broken gzip file: {err}", item=origin) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", item=origin) from None


def _read_stream(stream: BinaryIO | io.BufferedIOBase, limit: int, origin: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(too_large(len(data), limit, at_least=True), item=origin)
    return data
