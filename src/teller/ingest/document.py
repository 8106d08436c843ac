"""The raw document: what ingest hands to extract, before any parsing.

Kept apart from the readers so that ``teller.extract`` can import it without pulling in the
network code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Literal

ContentType = Literal["html", "text"]


@dataclass(slots=True)
class RawDocument:
    """One input item as read: bytes (or text) plus what the source told us about it.

    ``published`` is an ISO 8601 string; it carries an offset only when the source stated the
    zone (a naive string means "zone unknown", and extract then assumes UTC and says so).
    ``content_type`` is ``None`` when extract should sniff it. ``origin`` names the item for
    error messages (a path, a URL, ``file.jsonl:12``, ``feed.xml#3``).
    """

    content: bytes | str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    content_type: ContentType | None = None
    origin: str = ""
    #: Charset declared outside the document (HTTP ``Content-Type``); tried first when decoding.
    charset: str | None = None
    #: When the document was fetched (ISO 8601 with offset), for URLs and feeds.
    fetched: str | None = None
    #: The URL or article id of the article this one translates (see ``Article.translation_of``).
    translation_of: str | None = None
    #: A publication time the source stated that is no usable time (year 1, offset +99:00):
    #: ``published`` is then None, and extract flags the article instead of refusing it.
    bad_published: str | None = None

    def __post_init__(self) -> None:
        # JSON's "\ud800" escapes and undecodable file names give lone surrogates, which no
        # database, hash or terminal can encode: replaced here, once, as they come in.
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                setattr(self, f.name, scrub(value))

    @property
    def name(self) -> str:
        """What error messages call this item."""
        return self.origin or self.url or "<input>"


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str) -> str:
    """``value`` with lone UTF-16 surrogates replaced by U+FFFD (a string is otherwise kept)."""
    return _SURROGATE.sub("\ufffd", value)


def too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    """The one-line message for an item over ``TELLER_MAX_BYTES`` (sizes in MiB, as configured)."""
    more = "more than " if at_least else ""
    return f"{more}{_mb(size)}, larger than the {_mb(limit)} limit (TELLER_MAX_BYTES)"


def _mb(n: int) -> str:
    return f"{n / 1048576:.3g} MB"
