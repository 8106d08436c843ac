"""When a Japanese article was written: the English rules' evidence, read in Japanese.

``teller.extract.published.publication_time`` knows English date lines and datelines; Japanese
pages write 「2016年5月31日(火曜日) 01:47」, 「令和6年12月23日」 or a dateline 【12月28日 AFP】
(its year from the text). The order of evidence is the same: the stated time, a date line near
the top, a dateline, the URL, the latest full date the text states. Japanese pages state times
in Japan time, so a time without a zone is read as JST.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from teller.extract.published import HEAD_CHARS, PublicationTime
from teller.extract.published import publication_time as english_publication_time
from teller.japanese.timex import ERAS, JST
from teller.records import Article, Span

_N = r"[0-9０-９]"
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL = re.compile(rf"(?:(?P<era>令和|平成)\s*(?P<ey>元|{_N}{{1,2}})|(?P<y>{_N}{{4}}))\s*年\s*"
                   rf"(?P<m>{_N}{{1,2}})\s*月\s*"
                   rf"(?P<d>{_N}{{1,2}})\s*日(?:\s*[(（][^)）]{{1,4}}[)）])?(?:\s*(?P<H>{_N}{{1,2}})\s*[:時]\s*(?P<M>{_N}{{2}}))?")
_DATELINE = re.compile(rf"【[^】]{{0,12}}?(?P<m>{_N}{{1,2}})\s*月\s*(?P<d>{_N}{{1,2}})\s*日[^】]{{0,12}}】")


def _n(s: str) -> int:
    return int(s.translate(_DIGITS))


def _full(m: re.Match[str]) -> datetime | None:
    year = (ERAS[m["era"]] + (1 if m["ey"] == "元" else _n(m["ey"]))) if m["era"] else _n(m["y"])
    try:
        return datetime(year, _n(m["m"]), _n(m["d"]), _n(m["H"]) if m["H"] else 0, _n(m["M"]) if m["M"] else 0,
                        tzinfo=JST)
    except ValueError:
        return None


def publication_time(article: Article) -> PublicationTime:
    """The best-evidenced publication time of a Japanese article (JST where no zone is stated)."""
    if article.published:
        pt = english_publication_time(article)
        if pt.when is not None and not article.published_tz_known and pt.basis == "stated":
            # a Japanese page's time is Japan time: 2016-05-31T01:47 is 01:47 JST
            return replace(pt, when=pt.when.replace(tzinfo=JST))
        return pt
    text = article.text
    head = text[:HEAD_CHARS]
    for m in _FULL.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.end())
        line = head[line_start: line_end if line_end >= 0 else len(head)]
        if len(line.strip()) <= len(m.group(0)) + 12:  # a line that is (nearly) only the date
            when = _full(m)
            if when is not None:
                return PublicationTime(when, "date line", "instant" if m["H"] else "day", (Span(m.start(), m.end()),))
    dl = _DATELINE.search(head)
    if dl is not None:
        year = _year_in(text)
        if year is not None:
            try:
                when = datetime(year, _n(dl["m"]), _n(dl["d"]), tzinfo=JST)
                return PublicationTime(when, "dateline", "day", (Span(dl.start(), dl.end()),))
            except ValueError:
                pass
    pt = english_publication_time(article)
    if pt.when is not None and pt.basis != "text date":
        return pt
    best: tuple[datetime, Span] | None = None
    for m in _FULL.finditer(text):
        when = _full(m)
        if when is not None and (best is None or when > best[0]):
            best = (when, Span(m.start(), m.end()))
    if best is not None:
        return PublicationTime(best[0], "text date", "day", (best[1],))
    return pt


def _year_in(text: str) -> int | None:
    """The one year the text's dates name (a yearless dateline takes it)."""
    years = {_n(m["y"]) for m in _FULL.finditer(text) if m["y"]}
    years |= {_n(y) for y in re.findall(rf"({_N}{{4}})\s*年", text)}
    years = {y for y in years if 1900 < y < 2100}
    return years.pop() if len(years) == 1 else None
