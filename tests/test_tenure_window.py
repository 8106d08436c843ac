"""When an article can have been written, from the offices it names its people by
(``teller.extract.tenure_window``), and what the window is used for: the year of a yearless
dateline, and a flag on relative dates anchored outside it. Sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from teller import actors
from teller.extract.tenure_window import tenure_window
from teller.records import Article


@pytest.fixture(scope="module")
def window_of(nlp):
    kb = actors.KnowledgeBase.default()

    def run(text: str):
        mentions = actors.resolve(nlp(text), Article(id="t", text=text), kb, when=None)
        return tenure_window(mentions, text, kb)

    return run


@pytest.fixture(scope="module")
def process(nlp):
    from teller.pipeline import analyse

    return lambda text, published=None: analyse(Article(id=Article.make_id(text, None), text=text,
                                                        published=published), nlp(text))


def test_titles_bound_the_time_of_writing(window_of) -> None:
    w = window_of("Foreign Minister Yoko Kamikawa received Secretary of State Antony Blinken at the ministry.")
    assert w is not None and w.intervals == ((date(2023, 9, 13), date(2024, 10, 1)),)
    assert w.covers(date(2024, 2, 1)) and not w.covers(date(2022, 2, 1))
    assert "Kamikawa" in w.describe()


def test_an_office_held_twice_gives_two_intervals_and_an_open_end(window_of) -> None:
    w = window_of("President Donald Trump spoke to reporters at the airport.")
    assert w is not None and len(w.intervals) == 2 and w.intervals[1][1] == date.max
    assert not w.covers(date(2016, 12, 30)) and w.covers(date(2018, 3, 1))
    assert w.years(3, 1) == []  # an open window allows any number of years


def test_former_and_elect_titles_say_nothing_about_the_time_of_writing(window_of) -> None:
    assert window_of("Former President Barack Obama spoke at the library.") is None
    assert window_of("President-elect Donald Trump praised the decision.") is None


def test_a_yearless_dateline_takes_the_one_year_the_offices_allow(process) -> None:
    an = process("MANILA- Oct 12 (Reuters) - President Barack Obama met Filipino President Rodrigo Duterte "
                 "on Wednesday, an aide said.")
    assert an.article.published.startswith("2016-10-12")  # Obama and Duterte: 2016-06-30..2017-01-20
    consult = [e for e in an.events if e.event == "CONSULT"]
    assert consult and consult[0].date.value == "2016-10-12"  # a Wednesday


def test_a_relative_date_outside_the_tenures_is_flagged(process) -> None:
    an = process("Foreign Minister Yoko Kamikawa met her Chinese counterpart in Beijing on Tuesday.",
                 "2019-05-09T08:00:00+00:00")
    assert "date_outside_tenure" in {f.kind for f in an.flags}
    fine = process("Foreign Minister Yoko Kamikawa met her Chinese counterpart in Beijing on Tuesday.",
                   "2024-05-09T08:00:00+00:00")
    assert "date_outside_tenure" not in {f.kind for f in fine.flags}


def test_japanese_titles_bound_the_time_of_writing_too() -> None:
    # the Japanese stages resolve 首相 to the person; the window reads the office from the title
    from teller.records import Actor, Mention, Span

    kb = actors.KnowledgeBase.default()
    ishiba = Actor("person:shigeru-ishiba", "Shigeru Ishiba", "person", country="JPN")

    def titled(text: str, title: str):
        at = text.index(title)
        return tenure_window([Mention(text=title, evidence=[Span(at, at + len(title))], actor=ishiba,
                                      kind="title")], text, kb)

    w = titled("石破首相は記者団の質問に答えた。", "首相")
    assert w is not None and w.covers(date(2025, 2, 1)) and not w.covers(date(2016, 12, 27))
    assert titled("石破元首相は講演で語った。", "首相") is None  # a former holder says nothing
    assert titled("石破外相は記者団に語った。", "外相") is None  # an office he held in no tenure known
