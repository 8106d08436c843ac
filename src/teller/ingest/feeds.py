"""RSS/Atom feeds and XML sitemaps -> the articles they point to.

feedparser reads every feed dialect (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and is given the bytes,
never a URL, so that all fetching goes through :mod:`teller.ingest.web` and its guard.
Sitemaps are small, regular XML: lxml with entities and network access off is enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import feedparser
from lxml import etree

from teller.errors import InputError
from teller.ingest.dates import implausible, to_iso

XmlKind = Literal["feed", "sitemap"]

#: The first element of the document (after the XML declaration, comments and a doctype).
_ROOT = re.compile(rb"<\s*([A-Za-z_][\w.:-]*)")
_SKIP = re.compile(rb"\A(?:\s|\xef\xbb\xbf|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf"}
_SITEMAP_ROOTS = {b"urlset", b"sitemapindex"}
_TAGS = re.compile(r"<[^>]+>")

#: An entry whose content has fewer characters of text than this is a teaser: fetch the link.
FULL_CONTENT_MIN_CHARS = 500

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml_kind(content: bytes) -> XmlKind | None:
    """``"feed"``, ``"sitemap"`` or ``None`` from the root element name (cheap: no parse)."""
    head = content[:4096].lstrip()
    skip = _SKIP.match(head)
    m = _ROOT.match(head, skip.end() if skip else 0)
    if not m:
        return None
    name = m.group(1).lower()
    local = name.rsplit(b":", 1)[-1]
    if name in _FEED_ROOTS or local in (b"rss", b"feed") or name.endswith(b":rdf"):
        return "feed"
    if local in _SITEMAP_ROOTS:
        return "sitemap"
    return None


@dataclass(slots=True)
class FeedEntry:
    """One item of a feed: either its full content, or a link to fetch."""

    index: int  # 1-based position in the feed
    url: str | None
    title: str | None
    published: str | None
    content: str | None  # HTML or text of the full article, when the feed carries it
    content_type: Literal["html", "text"]
    source: str | None
    bad_published: str | None = None  # a stated time that is no usable time (year 1, +99:00)


#: The XML declaration, dropped when its encoding name is not even text (feedparser then sniffs).
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def parse_feed(content: bytes, origin: str) -> Iterator[FeedEntry | InputError]:
    """The entries of an RSS/Atom feed; ``InputError`` when it is not one (raised), or for one
    entry that cannot be read (yielded: the feed goes on)."""
    if xml_kind(content) != "feed":
        raise InputError("not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF> root element)", item=origin)
    try:
        parsed = feedparser.parse(content)
    except UnicodeDecodeError:  # feedparser reads the declaration's encoding name as UTF-8
        content = _XML_DECLARATION.sub(b"", content, count=1)
        try:
            parsed = feedparser.parse(content)
        except UnicodeDecodeError as err:
            raise InputError(f"malformed feed: unreadable bytes ({err})", item=origin) from None
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        raise InputError(f"malformed feed: {parsed.get('bozo_exception')}", item=origin)
    source = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries, start=1):
        try:
            yield _entry(i, entry, source)
        except Exception as err:  # one odd entry must not end the feed
            yield InputError(f"unreadable feed entry: {type(err).__name__}: {err}", item=f"{origin}#{i}")


def _entry(i: int, entry: feedparser.FeedParserDict, source: str | None) -> FeedEntry:
    body, ctype = _full_content(entry)
    stated = entry.get("published") or entry.get("updated")
    published = to_iso(stated)
    return FeedEntry(
        index=i,
        url=entry.get("link") or None,
        title=entry.get("title") or None,
        published=published,
        content=body,
        content_type=ctype,
        source=source,
        bad_published=stated if published is None and implausible(stated) else None,
    )


def _full_content(entry: feedparser.FeedParserDict) -> tuple[str | None, Literal["html", "text"]]:
    """The entry's ``content`` when it looks like a whole article (summaries are teasers)."""
    best, best_len, ctype = None, 0, "html"
    for block in entry.get("content") or []:
        value = block.get("value") or ""
        n = len(_TAGS.sub(" ", value).strip())
        if n > best_len:
            best, best_len = value, n
            ctype = "text" if block.get("type", "") == "text/plain" else "html"
    if best is None or best_len < FULL_CONTENT_MIN_CHARS:
        return None, "html"
    return best, ctype  # type: ignore[return-value]


@dataclass(slots=True)
class SitemapLink:
    url: str
    is_sitemap: bool  # an entry of a sitemap index (another sitemap), not an article
    title: str | None = None
    published: str | None = None


def parse_sitemap(content: bytes, origin: str) -> list[SitemapLink]:
    """The ``<loc>`` URLs of a sitemap or sitemap index (news sitemaps give title and date)."""
    try:
        root = etree.fromstring(content, parser=_SAFE_XML)
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed sitemap XML: {err}", item=origin) from None
    is_index = etree.QName(root).localname == "sitemapindex"
    links = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        title = published = None
        news = node.find(f"{_NEWS_NS}news")
        if news is not None:
            title = _child_text(news, "title", _NEWS_NS)
            published = to_iso(_child_text(news, "publication_date", _NEWS_NS))
        links.append(SitemapLink(url=loc, is_sitemap=is_index, title=title, published=published))
    return links


def _child_text(node: etree._Element, name: str, ns: str = _SITEMAP_NS) -> str | None:
    child = node.find(f"{ns}{name}")
    if child is None:  # sitemaps without the namespace exist in the wild
        child = node.find(name)
    text = (child.text or "").strip() if child is not None else ""
    return text or None
