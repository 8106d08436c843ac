"""The publication time (``teller.extract.published``) and what happens without one: relative
dates stay unresolved instead of being anchored to the time of processing. Sentences are
written for these tests."""

from __future__ import annotations

import re
from datetime import date

import pytest

from teller import timex
from teller.extract.published import anchor_candidates, day_known, publication_time
from teller.records import Article
from teller.timex.unanchored import UNKNOWN, underspecified


def art(text: str, url: str | None = None, published: str | None = None) -> Article:
    return Article(id="a", text=text, url=url, published=published)


@pytest.mark.parametrize("text,url,basis,day", [
    (" date 2019-03-04 The council voted on Monday.", None, "date line", "2019-03-04"),
    ("Harbour strike ends\n\nPosted November 02, 2015\n\nDockers went back.", None, "date line", "2015-11-02"),
    ("Harbour strike ends\n12 Feb 2014\nDockers went back.", None, "date line", "2014-02-12"),
    ("LIMA, Aug. 3, 2018 (Reuters) - Peru said on Friday ...", None, "dateline", "2018-08-03"),
    ("Oslo, 9 March 2021 - Norway's minister met her Swedish counterpart.", None, "dateline", "2021-03-09"),
    ("The envoy left on Sunday.", "https://news.example.org/world/2013/04/22/envoy-leaves", "url", "2013-04-22"),
    ("The envoy left on Sunday.", "https://news.example.org/World/2013/Apr-22/88-envoy.ashx", "url", "2013-04-22"),
    ("Talks of 2 May 2011 failed; a second round on 30 June 2011 failed too.", None, "text date", "2011-06-30"),
])
def test_publication_time_from_the_page(text, url, basis, day) -> None:
    pt = publication_time(art(text, url))
    assert (pt.basis, pt.when.date().isoformat(), pt.granularity) == (basis, day, "day")


def test_stated_time_comes_first_and_month_only_is_coarse() -> None:
    assert publication_time(art("LIMA, Aug. 3, 2018 - x", published="2018-08-04T10:00:00+00:00")).basis == "stated"
    pt = publication_time(art("x", published="2019-05"))
    assert (pt.granularity, day_known(pt)) == ("month", None)
    assert len(anchor_candidates(pt)) == 3 and all(c.month == 5 for c in anchor_candidates(pt))


def test_a_dateline_without_a_year_takes_it_from_elsewhere_or_stays_unanchored() -> None:
    bare = publication_time(art("QUITO, Oct 14 (Reuters) - Ecuador's president on Monday ..."))
    assert (bare.when, bare.month_day, bare.basis) == (None, (10, 14), "dateline")
    assert bare.flag().kind == "no_publication_time"
    dated = publication_time(art("QUITO, Oct 14 (Reuters) - Ecuador ...", "https://x.example/2019/10/14/quito"))
    assert dated.when.date() == date(2019, 10, 14)
    assert {c.month for c in anchor_candidates(bare)} == {10}
    assert len({c.weekday() for c in anchor_candidates(bare)}) == 3


def test_nothing_found_is_none_with_a_flag() -> None:
    pt = publication_time(art("The committee met on Tuesday and will meet again next week."))
    assert (pt.when, pt.basis) == (None, "none")
    assert pt.flag().severity == "warning"


def test_without_a_publication_time_relative_dates_stay_unresolved() -> None:
    text = ("The minister flew in on Thursday. Yesterday at 10 a.m. she met the mayor. On 3 March 2015 "
            "the treaty was signed; two days later it came into force. March 8 is a holiday. Last year was calm.")
    got = {tv.text: tv for tv in timex.annotate_among(text, UNKNOWN)}
    assert got["Thursday"].value == "XXXX-WXX-4" and got["Thursday"].start is None
    assert got["Yesterday at 10 a.m."].value == "XXXX-XX-XXT10:00"
    assert got["3 March 2015"].value == "2015-03-03" and got["3 March 2015"].start is not None
    assert got["two days later"].value == "2015-03-05"
    assert got["March 8"].value == "XXXX-03-08"
    assert got["Last year"].value == "XXXX" and got["Last year"].end is None


def test_underspecified_keeps_what_readings_share() -> None:
    assert underspecified(["2003-Q3", "2010-Q3"]) == "XXXX-Q3"
    assert underspecified(["2003-W07", "2010-W29"]) == "XXXX-WXX"
    assert underspecified(["2003-02-14", "2010-07-14"]) == "XXXX-XX-14"


@pytest.fixture(scope="module")
def process(nlp):
    from teller.pipeline import analyse

    return lambda a: analyse(a, nlp(a.text))


def test_undated_article_gives_undated_events_and_a_flag(process) -> None:
    an = process(art("Chile's foreign minister on Tuesday met his Peruvian counterpart in Lima."))
    assert "no_publication_time" in {f.kind for f in an.flags}
    assert an.events and all(e.date is None for e in an.events)
    assert all(re.fullmatch(r"[X\d-]+(W[X\d]+(-\d)?)?", tv.value) or tv.start for tv in an.timexes)


def test_a_dateline_anchors_the_weekday(process) -> None:
    an = process(art("SANTIAGO, May 9, 2019 (Reuters) - Chile's foreign minister on Tuesday met his "
                     "Peruvian counterpart in Lima."))
    consult = [e for e in an.events if e.event == "CONSULT"]
    assert consult and consult[0].date.value == "2019-05-07"
    assert an.article.published.startswith("2019-05-09")
    assert "no_publication_time" not in {f.kind for f in an.flags}
