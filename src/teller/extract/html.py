"""HTML -> main text, title and publication time.

The main text comes from trafilatura (the best open extractor on the article-extraction
benchmark). General refinements on top of it, each measured on that benchmark with
``teller eval extraction`` (docs/ingest.md) and none keyed to particular sites:

* run it in *precision* mode first (news pages carry teasers, related links and newsletter
  boxes next to the story); when that returns a stub (under :data:`STUB_CHARS` characters) and
  the default mode finds at least twice as much, take the default result instead;
* drop news boilerplate lines trafilatura keeps (``Related: ...`` link lists, ``Sign up for``
  newsletter calls, ``Follow us on``, ``Click here``, copyright lines) — only short lines that
  start with one of these phrases, so ordinary sentences are never touched; widget leftovers
  at the very end ("Comments", "Tags");
* drop a first line that repeats the title (the title is ``Article.title``).

Title and publication time are read here from the page's own metadata (Open Graph,
``article:published_time``, schema.org JSON-LD, ``<time datetime>``): trafilatura's metadata
step runs htmldate on every page, which costs a good part of the extraction again and returns
the day only, while teller needs the time *and the zone* when the page states them. htmldate
is the fallback for pages without machine-readable dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.utils import load_html

from teller.errors import InputError
from teller.ingest.dates import parse_datetime

#: A precision-mode result shorter than this is treated as a possible miss (see module doc).
STUB_CHARS = 500

#: A body needs one line of at least this many words (else it is menus or captions).
MIN_SENTENCE_WORDS = 6

#: Meta tags that carry the publication time, best first ((attribute, value) pairs).
_DATE_META: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "published_time", "publishdate", "publish-date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date",
    "article.published", "dc.date.created",
)
_DATE_META_SET = frozenset(_DATE_META)
_TITLE_META = ("og:title", "twitter:title")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+[^|\-–—:·•]{2,60}$")

_BOILERPLATE = re.compile(
    r"^(?:related(?: articles| stories| coverage| posts?)?\s*:|see more\s*:|read more\b|more\s*:|also read\b|"
    r"you may also like\b|most read\b|"
    r"don'?t miss\b|sign up\b|subscribe\b|follow (?:us|him|her|them|me)\b|click here\b|"
    r"follow [\w .'@&-]{1,60} on (?:twitter|facebook|instagram|youtube|linkedin)\b|"
    r"(?:copyright|©)\s|tell us what you think|share this\b|advertisement$|"
    r"email [\w .'-]+ at \S+@|updated at \d)",
    re.I,
)
#: A newsletter or inbox pitch: both a "newsletter/inbox" word and a call to action.
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox)\b", re.I)
_PITCH = re.compile(r"\b(?:sign up|subscrib\w*|delivered|get the)\b", re.I)
#: Widget headings that open a list of links ("You may also like", "Most read").
_LIST_OPENERS = ("related", "see more", "read more", "more:", "also read", "don", "you may also", "most read")
_TRAILING_MAX_WORDS = 3
_TRAILING_MAX_CHARS = 30
_DIGIT = re.compile(r"\d")
_SENTENCE_END = ('.', '!', '?', '"', '”', "'", "’", ")")
_BOILERPLATE_MAX = 200
_BULLET = re.compile(r"^[-•*]\s")
_WORDS = re.compile(r"\w+")
#: Han, kana, Hangul and Thai: scripts where a sentence has few or no spaces.
#: Characters XML (so lxml) refuses in text: C0 controls but tab, line feed and carriage return,
#: U+FFFE/U+FFFF and lone surrogates. libxml2's HTML parser keeps them in a tree (written as such or
#: as a reference, ``&#11;``), and lxml then refuses to set a text holding one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(slots=True)
class HtmlResult:
    text: str
    title: str | None
    published: str | None  # as the page wrote it (parsed later)
    site_name: str | None = None
    #: The Japanese page an English page names as its alternate (``translation_of``), if any.
    original: str | None = None


#: A tag longer than this is cut to its name before parsing: libxml2 checks each attribute
#: against the tag's others, so one tag with 200,000 attributes took over ten minutes, and no
#: tag that carries text needs 4 KB of attributes (inline images are not extracted).
MAX_TAG_CHARS = 4096
_LONG_TAG = re.compile(rf"<([A-Za-z][^\s/<>]{{0,64}})[^<>]{{{MAX_TAG_CHARS},}}>")
#: Opens a whole page (a doctype, <html>, <head> or <body>); without one, markup is a fragment.
_WHOLE_PAGE = re.compile(r"<(?:!doctype|html|head|body)[\s>]", re.I)
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article")


def bound_markup(html: str) -> str:
    """``html`` with over-long tags cut to their name (see :data:`MAX_TAG_CHARS`); linear."""
    return _LONG_TAG.sub(r"<\1>", html) if len(html) > MAX_TAG_CHARS else html


def is_fragment(html: str) -> bool:
    """True for markup that is not a whole page: a feed entry's ``<p>`` run or plain text."""
    return _WHOLE_PAGE.search(html[:4096]) is None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, a line per block element (for feed entries whose content
    is a few paragraphs, which page extraction does not take for an article). Characters XML
    refuses (a vertical tab, ``&#11;`` or a control character after a paragraph) become spaces:
    setting the line break after a block element raised lxml's ValueError, out of extraction's guard."""
    html = _NOT_XML.sub(" ", html)
    try:
        root = lxml_html.fragment_fromstring(bound_markup(html), create_parent="div")
    except Exception:  # lxml refuses some odd markup: its tags are then dropped by hand
        return re.sub(r"<[^<>]*>", " ", html)
    for node in list(root.iter("script", "style")):
        node.drop_tree()
    for node in root.iter(*_BLOCKS):
        node.tail = "\n" + _NOT_XML.sub(" ", node.tail or "")
    return root.text_content()


def extract_html(html: str, *, url: str | None = None, name: str = "<input>") -> HtmlResult:
    """Main text, title and publication time of one page; ``InputError`` when there is no text."""
    html = bound_markup(html)
    tree = load_html(html)
    if tree is None and is_fragment(html):  # trafilatura takes a lone block for non-HTML
        tree = load_html(f"<html><body><div>{html}</div></body></html>")
    if tree is None:
        raise InputError("not parseable as HTML", item=name)
    text = main_text(tree, url)
    title = page_title(tree)
    text = drop_title_line(text, title)
    if not text:
        raise InputError("no main text found (no article body in the page)", item=name)
    if not _has_sentence(text):
        raise InputError(f"no main text found (only short fragments such as menus: {text[:60]!r})", item=name)
    return HtmlResult(text=text, title=title, published=page_published(tree, url), site_name=site_name(tree),
                      original=japanese_original(tree, url))


def japanese_original(tree: lxml_html.HtmlElement, url: str | None = None) -> str | None:
    """The ``<link rel="alternate" hreflang="ja">`` of a page that is not itself Japanese.

    hreflang only says the two pages are versions of each other; teller compares Japanese sources
    with English translations, and a Japanese broadcaster's English page is the translation, so an
    English page's Japanese alternate is taken for its original (``extract`` keeps it only when the
    page's text is English). The caller's ``translation_of`` always wins."""
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower()
    if lang.startswith("ja"):
        return None
    for node in tree.xpath("//link[@hreflang and @href]"):
        rel = (node.get("rel") or "").lower().split()
        if "alternate" not in rel or not node.get("hreflang", "").lower().startswith("ja"):
            continue
        href = urljoin(url or "", node.get("href").strip())
        if href and href != url:
            return href
    return None


def main_text(tree: lxml_html.HtmlElement, url: str | None = None) -> str:
    """The article body as paragraphs separated by newlines ("" when none is found)."""
    text = _run(tree, url, favor_precision=True)
    if len(text) < STUB_CHARS:
        fallback = _run(tree, url, favor_precision=False)
        if len(fallback) > 2 * len(text):
            text = fallback
    return drop_boilerplate(text)


def _run(tree: lxml_html.HtmlElement, url: str | None, *, favor_precision: bool) -> str:
    doc = trafilatura.bare_extraction(
        tree, url=url, favor_precision=favor_precision, include_comments=False,
        include_tables=True, include_images=False, include_links=False, with_metadata=False,
    )
    return (getattr(doc, "text", None) or "").strip() if doc is not None else ""


def drop_title_line(text: str, title: str | None) -> str:
    """Remove a first line that repeats the title (kept in ``Article.title``, not the body)."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if _words(first) == _words(title):
        return rest.strip()
    return text


def _is_widget_leftover(line: str) -> bool:
    """A last line like "Comments", "Tags" or "Also:": a few Latin words, no digits, no sentence."""
    s = line.strip()
    return (len(s.split()) <= _TRAILING_MAX_WORDS and len(s) <= _TRAILING_MAX_CHARS
            and not s.endswith(_SENTENCE_END) and not _DIGIT.search(s) and not _UNSPACED.search(s))


def _has_sentence(text: str) -> bool:
    """At least one line of :data:`MIN_SENTENCE_WORDS` words (or, in scripts written without
    spaces, of 20 such characters): menus and captions are not articles."""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS or len(_UNSPACED.findall(line)) >= 20
               for line in text.split("\n"))


def _words(s: str) -> list[str]:
    return _WORDS.findall(s.lower())


def drop_boilerplate(text: str) -> str:
    """Remove short call-to-action lines and ``Related:`` link lists (see module doc)."""
    out: list[str] = []
    in_related = False
    for line in text.split("\n"):
        s = line.strip()
        if in_related and _BULLET.match(s):
            continue
        in_related = False
        if len(s) <= _BOILERPLATE_MAX and (_BOILERPLATE.match(s) or (_NEWSLETTER.search(s) and _PITCH.search(s))):
            in_related = s.lower().startswith(_LIST_OPENERS)
            continue
        out.append(line)
    while out and _is_widget_leftover(out[-1]):
        out.pop()
    return "\n".join(out).strip()


# --- metadata --------------------------------------------------------------------------------

def page_title(tree: lxml_html.HtmlElement) -> str | None:
    """``og:title``, else the first ``<h1>``, else ``<title>`` minus a `` | Site`` suffix."""
    for key in _TITLE_META:
        for node in tree.xpath("//meta[@property=$k or @name=$k]", k=key):
            value = _clean(node.get("content"))
            if value:
                return _strip_site(value)
    for node in tree.xpath("//h1"):
        value = _clean(node.text_content())
        if value and len(value) < 300:
            return value
    for node in tree.xpath("//title"):
        value = _clean(node.text_content())
        if value:
            return _strip_site(value)
    return None


def site_name(tree: lxml_html.HtmlElement) -> str | None:
    """The outlet's name from ``og:site_name``/``application-name``, when the page gives it."""
    for node in tree.xpath("//meta[@property='og:site_name' or @name='application-name']"):
        value = _clean(node.get("content"))
        if value:
            return value
    return None


def page_published(tree: lxml_html.HtmlElement, url: str | None = None) -> str | None:
    """The publication time as written by the page, preferring values that state the zone.

    When the page has no machine-readable date, htmldate searches the text and the URL (about
    25 ms, so only then); it may give a day without a time.
    """
    candidates = list(_date_candidates(tree))
    parsed = [(c, parse_datetime(c)) for c in candidates]
    for value, p in parsed:
        if p is not None and p[1]:
            return value
    for value, p in parsed:
        if p is not None:
            return value
    return _htmldate(tree, url)


def _htmldate(tree: lxml_html.HtmlElement, url: str | None) -> str | None:
    try:
        return find_date(tree, extensive_search=True, original_date=True, url=url,
                         outputformat="%Y-%m-%dT%H:%M:%S%z")
    except Exception:  # a date is optional: a failing heuristic must not lose the article
        return None


def _date_candidates(tree: lxml_html.HtmlElement) -> Iterator[str]:
    metas: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key in _DATE_META_SET and key not in metas:
            metas[key] = node.get("content", "").strip()
    for key in _DATE_META:
        if metas.get(key):
            yield metas[key]
    for script in tree.xpath("//script[@type='application/ld+json']"):
        found = _json_ld_date(script.text_content())
        if found:
            yield found
    for node in tree.xpath("//*[@itemprop='datePublished'][@datetime or @content]"):
        yield (node.get("datetime") or node.get("content") or "").strip()
    for node in tree.xpath("//time[@datetime][@pubdate or contains(@class,'publish')]"):
        yield node.get("datetime", "").strip()
    for node in tree.xpath("(//article//time[@datetime] | //time[@datetime])[1]"):
        yield node.get("datetime", "").strip()


def _json_ld_date(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return None
    stack = [data]
    while stack:  # breadth over nested objects and @graph lists, first datePublished wins
        item = stack.pop(0)
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and value.strip():
                return value.strip()
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _strip_site(title: str) -> str:
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if len(stripped.split()) >= 3 else title
