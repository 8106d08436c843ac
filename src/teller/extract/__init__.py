"""teller.extract: a :class:`~teller.ingest.RawDocument` in, a clean :class:`~teller.records.Article` out.

Steps (each in its own module): refuse oversized input before touching it; decode bytes
(:mod:`.decode`); sniff HTML vs plain text; take main text, title and publication time
(:mod:`.html` via trafilatura, or :mod:`.text`); normalise the time to ISO 8601 with an
offset, assuming UTC and saying so (``published_tz_known=False``) when no zone is stated;
guess the language (:mod:`.language`); mark repeated passages (:mod:`.repeats`).
Every failure is an :class:`~teller.errors.InputError` with one line saying why.
"""

from __future__ import annotations

import re

from teller.config import Settings
from teller.errors import InputError
from teller.extract.decode import decode
from teller.extract.html import extract_html, fragment_text, is_fragment
from teller.extract.language import detect_language
from teller.extract.repeats import find_repeats
from teller.extract.text import split_text
from teller.ingest.dates import implausible, normalize_published
from teller.ingest.document import RawDocument, scrub, too_large
from teller.records import Article, Flag

__all__ = ["extract", "looks_like_html"]

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|br|span|h[1-6])[\s/>]", re.I)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
#: Runs of one punctuation mark or symbol longer than this are cut to this length: no writing
#: needs more, and spaCy's tokenizer is quadratic in them (20,000 double quotes: 52 s).
MAX_PUNCT_RUN = 8
_PUNCT_RUN = re.compile(rf"([^\w\s])\1{{{MAX_PUNCT_RUN},}}")


def extract(raw: RawDocument, *, max_bytes: int | None = None) -> Article:
    """The article in ``raw``; ``InputError`` (one line, naming the item) when there is none.

    ``max_bytes``: the ``TELLER_MAX_BYTES`` setting (the caller's ``Settings``; default: the
    documented default)."""
    name = raw.name
    limit = max_bytes if max_bytes is not None else Settings.defaults().max_bytes
    size = len(raw.content)
    if size > limit:  # before decoding or parsing anything: a 20 MB page fails in microseconds
        raise InputError(too_large(size, limit), item=name)
    text = decode(raw.content, declared=raw.charset, name=name)
    is_html = raw.content_type == "html" or (raw.content_type is None and looks_like_html(text))
    page = None
    if is_html:
        try:
            page = extract_html(text, url=raw.url, name=name)
        except InputError:
            if not is_fragment(text):
                raise
            # a feed entry's few paragraphs, or plain text labelled HTML: read as text (guarded too:
            # an exception raised in this handler would pass the next one by)
            try:
                text = fragment_text(text)
            except Exception as err:
                raise InputError(f"HTML extraction failed: {type(err).__name__}: {err}", item=name) from err
        except Exception as err:  # trafilatura/lxml on pathological markup: one clear line, not a crash
            raise InputError(f"HTML extraction failed: {type(err).__name__}: {err}", item=name) from err
    if page is not None:
        body, title, published = page.text, raw.title or page.title, raw.published or page.published
        source = raw.source or page.site_name
        original = page.original
    else:
        plain = split_text(text, title=raw.title, published=raw.published)
        body, title, published, source = plain.text, plain.title, plain.published, raw.source or plain.source
        original = None
    body = scrub(_tidy(body))
    if not body:
        raise InputError("no main text found (only a title)", item=name)
    notes: list[Flag] = []
    bad = raw.bad_published
    when = normalize_published(published) if published else None
    if published and when is None:
        if published == raw.published and not implausible(published):
            raise InputError(f"cannot read publication time {published!r}", item=name)
        bad = published  # a year-1 meta tag or dateline loses the time, not the article
    if bad:
        notes.append(Flag("invalid_publication_time", "warning",
                          f"publication time {bad[:40]!r} is out of range: taken as unknown"))
    language = detect_language(body)
    return Article(
        id=Article.make_id(body, raw.url),
        text=body,
        url=_scrub(raw.url),
        source=_scrub(source),
        title=_scrub(title),
        published=when[0] if when else None,
        published_tz_known=when[1] if when else False,
        language=language,
        fetched=raw.fetched,
        repeats=find_repeats(body),
        translation_of=raw.translation_of or (original if (language or "").startswith("en") else None),
        notes=notes,
    )


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` has HTML tags (cheap sniff of the first 2 KB)."""
    return _HTML_SNIFF.search(text[:2048]) is not None


def _tidy(body: str) -> str:
    body = _PUNCT_RUN.sub(lambda m: m.group(1) * MAX_PUNCT_RUN, body)
    return _BLANK_RUNS.sub("\n\n", _TRAILING_SPACE.sub("\n", body)).strip()


def _scrub(value: str | None) -> str | None:
    return scrub(value) if value else value
