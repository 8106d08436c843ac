"""When an article was written: the one publication-time function every stage uses.

Relative dates ("on Tuesday", "yesterday") are anchored to this time, so it must come from the
article and never from the clock of the machine processing it. The evidence, best first:

``stated``      ``Article.published`` (given by the caller, a feed, or the page's metadata,
                which ``teller.extract`` reads with htmldate for HTML pages)
``date line``   a line near the top that labels a date ("date 2016-12-30", "Posted March 1,
                2017") or is nothing but a full date ("24 Apr 2010")
``dateline``    a wire dateline opening a paragraph: "WASHINGTON, Dec 29 (Reuters) -",
                "Tokyo, 7 January 2022 -"
``url``         a date in the URL path: /2017/06/05/, /2016/Dec-30/, /2017-06-05-
``text date``   the latest full date (with its year) the text itself states
``none``        nothing: relative dates stay unresolved and the article is flagged

A dateline without a year ("Dec 29") takes its year from the other evidence (URL, date line,
the text's own dated years, the one year the tenures of the offices the text names allow: see
``teller.extract.tenure_window``) when there is one; otherwise the time is known only as a month and
day (``granularity`` "month-day", ``when`` None) and relative dates stay unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from teller.extract.tenure_window import TenureWindow
from teller.ingest.dates import MAX_YEAR, MIN_YEAR
from teller.records import Article, Flag, Span
from teller.text.calendar_names import MONTHS, WEEKDAYS

Basis = Literal["stated", "date line", "dateline", "url", "text date", "none"]
Granularity = Literal["instant", "day", "month", "month-day", "none"]

#: How far into the text a date line or a dateline is looked for (they open an article).
HEAD_CHARS = 600

_MONTH = r"(?P<mon>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
_WEEKDAY = r"(?:(?i:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
#: A calendar date as news pages write it; the year is optional (datelines often drop it).
_DATE = (rf"{_WEEKDAY}(?:(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))"
         rf"|{_MONTH}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
         rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('mon', 'mon2')}(?:,?\s+(?P<y2>(?:19|20)\d\d))?)")
#: "date 2016-12-30", "Posted March 01, 2017", "Published: 5 June 2017" at the start of a line.
_DATE_LABEL = re.compile(
    rf"(?im)^[ \t]*(?:date[d]?|published(?:\s+on)?|posted(?:\s+on)?|first\s+published(?:\s+on)?)"
    rf"[ \t]*:?[ \t]+{_DATE}\b")
#: A line that is nothing but a date (with its year, else it is no publication date).
_DATE_ONLY_LINE = re.compile(rf"(?im)^[ \t]*{_DATE}[ \t]*$")
#: "WASHINGTON, Dec 29 (Reuters) -", "KYIV, Ukraine, March 3 -", "Tokyo, 7 January 2022",
#: "MANILA- Sept 6 (Reuters) -": one to four capitalised place words and an optional region, a
#: comma or a dash, the date, then an agency in brackets, a dash or the end of the line.
_PLACE = r"[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){0,3}"
_DATELINE = re.compile(
    rf"(?m)^[ \t]*{_PLACE}(?:,\s+{_PLACE})?(?:,\s+|\s*[-–—]\s+){_DATE}"
    r"(?=\s*(?:\([^)\n]{1,40}\)\s*)?(?:[-–—:]|$))")
#: /2017/06/05/, /2016/Dec-30/, /2017-06-05-slug; not /20170605/: article ids look like that.
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-](?:(?P<m>\d\d)(?:[/-](?P<d>\d\d))?|(?P<mn>[A-Za-z]{3,9})-(?P<dn>\d\d?))(?=[/-])", re.I)


@dataclass(frozen=True, slots=True)
class PublicationTime:
    """The time relative dates are anchored to, where it came from and how fine it is.

    ``when`` is None when no year is known; ``month_day`` then keeps what a yearless dateline
    gave. ``evidence`` points at the text that gave it (empty for stated and URL times).
    """

    when: datetime | None
    basis: Basis
    granularity: Granularity
    evidence: tuple[Span, ...] = ()
    month_day: tuple[int, int] | None = None

    def flag(self) -> Flag | None:
        """``no_publication_time`` when relative dates cannot be anchored; an info flag when
        the time is only inferred from the text's own dates."""
        if self.when is None:
            what = (f"only a month and day ({self.month_day[0]:02d}-{self.month_day[1]:02d}) from the {self.basis}"
                    if self.month_day else "none found")
            return Flag("no_publication_time", "warning",
                        f"no publication time ({what}): relative dates left unresolved", list(self.evidence))
        if self.basis == "text date":
            return Flag("inferred_publication_time", "info",
                        f"no publication time given: dates anchored to the text's latest date, "
                        f"{self.when.date().isoformat()}", list(self.evidence))
        if self.granularity == "month":
            return Flag("coarse_publication_time", "info",
                        f"publication time known only to the month ({self.when:%Y-%m}): weekdays left unresolved")
        return None


_NONE = PublicationTime(None, "none", "none")


def publication_time(article: Article) -> PublicationTime:
    """The best-evidenced publication time of ``article`` (see the module doc for the order)."""
    stated = _stated(article.published)
    if stated is not None:
        return stated
    head = article.text[:HEAD_CHARS]
    for basis, pattern in (("date line", _DATE_LABEL), ("date line", _DATE_ONLY_LINE), ("dateline", _DATELINE)):
        for m in pattern.finditer(head):
            found = _from_match(m, basis)  # type: ignore[arg-type]
            if found is None:
                continue
            if found.when is None:  # a yearless dateline: the year from other evidence
                year = _year_elsewhere(article)
                found = _with_year(found, year) if year else found
            return found
    url = _from_url(article.url)
    if url is not None:
        return url
    return _latest_text_date(article.text) or _NONE


def _stated(raw: str | None) -> PublicationTime | None:
    if not raw:
        return None
    if re.fullmatch(r"\d{4}-\d{2}", raw.strip()):  # a page that shows only the month
        y, m = map(int, raw.strip().split("-"))
        return PublicationTime(datetime(y, m, 1, tzinfo=UTC), "stated", "month")
    try:
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not MIN_YEAR <= dt.year <= MAX_YEAR:  # year 1 or 9999 (an Article built by hand): unknown
        return None
    gran: Granularity = "day" if len(raw.strip()) == 10 else "instant"
    return PublicationTime(dt if dt.tzinfo else dt.replace(tzinfo=UTC), "stated", gran)


def _parts(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a ``_DATE`` match; None when it is no calendar day."""
    y: int | None
    if m.group("iso"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    elif m.group("mon"):
        y = int(m.group("y1")) if m.group("y1") else None
        mo, d = MONTHS[m.group("mon").lower()], int(m.group("d1"))
    else:
        y = int(m.group("y2")) if m.group("y2") else None
        mo, d = MONTHS[m.group("mon2").lower()], int(m.group("d2"))
    try:
        date(y or 2000, mo, d)  # 2000 is a leap year: "Feb 29" without a year is a day
    except ValueError:
        return None
    return y, mo, d


def _from_match(m: re.Match[str], basis: Basis) -> PublicationTime | None:
    parts = _parts(m)
    if parts is None:
        return None
    y, mo, d = parts
    span = (Span(m.start(), m.end()),)
    if y is None:
        if basis != "dateline":
            return None  # a bare "24 April" line may be anything; a dateline is a publication date
        return PublicationTime(None, basis, "month-day", span, (mo, d))
    return PublicationTime(datetime(y, mo, d, tzinfo=UTC), basis, "day", span)


def _with_year(found: PublicationTime, year: int) -> PublicationTime:
    mo, d = found.month_day  # type: ignore[misc]
    try:
        when = datetime(year, mo, d, tzinfo=UTC)
    except ValueError:
        return found
    return PublicationTime(when, found.basis, "day", found.evidence)


def _year_elsewhere(article: Article) -> int | None:
    """A year for a yearless dateline: the URL's, else the one year the text's dates all name."""
    url = _from_url(article.url)
    if url is not None and url.when is not None:
        return url.when.year
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", article.text)}
    return years.pop() if len(years) == 1 else None


def _from_url(url: str | None) -> PublicationTime | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if m is None:
        return None
    y = int(m.group("y"))
    if m.group("mn"):
        mo = MONTHS.get(m.group("mn").lower())
        d: int | None = int(m.group("dn"))
        if mo is None:
            return None
    else:
        mo, d = int(m.group("m")), int(m.group("d")) if m.group("d") else None
    try:
        when = datetime(y, mo, d or 1, tzinfo=UTC)
    except ValueError:
        return None
    return PublicationTime(when, "url", "day" if d else "month")


_ANY_DATE = re.compile(_DATE, re.I)


def _latest_text_date(text: str) -> PublicationTime | None:
    """The latest full date the text states: an article is written on or after the days it
    reports, so this is the nearest lower bound the text gives."""
    best: tuple[date, Span] | None = None
    for m in _ANY_DATE.finditer(text):
        parts = _parts(m)
        if parts is None or parts[0] is None:
            continue
        day = date(*parts)  # type: ignore[arg-type]
        if best is None or day > best[0]:
            best = (day, Span(m.start(), m.end()))
    if best is None:
        return None
    d = best[0]
    return PublicationTime(datetime(d.year, d.month, d.day, tzinfo=UTC), "text date", "day", (best[1],))


def within_window(pt: PublicationTime, window: TenureWindow | None) -> PublicationTime:
    """``pt`` with the year a tenure window allows a yearless dateline ("Sept 6" in an article
    that calls Obama and Duterte presidents: 2016), when it allows exactly one."""
    if pt.when is not None or pt.month_day is None or window is None:
        return pt
    years = window.years(*pt.month_day)
    return _with_year(pt, years[0]) if len(years) == 1 else pt


def anchor_candidates(pt: PublicationTime) -> tuple[datetime, ...]:
    """The times relative dates are anchored to: the publication time when it is known to the
    day, else several times it could be (``timex.annotate_unanchored`` keeps what they share)."""
    from teller.timex import unanchored

    if pt.when is not None and pt.granularity in ("day", "instant"):
        return (pt.when,)
    if pt.when is not None and pt.granularity == "month":
        return unanchored.month_candidates(pt.when.year, pt.when.month)
    if pt.month_day is not None:
        return unanchored.month_day_candidates(*pt.month_day)
    return unanchored.UNKNOWN


def day_known(pt: PublicationTime) -> datetime | None:
    """The publication time when it is known at least to the day (what dates may fall back to)."""
    return pt.when if pt.when is not None and pt.granularity in ("day", "instant") else None
