"""Which time expressions date an event (``teller.events.article``), end to end with the real
parse, actor and time stages: only the event's own circumstances of time, not every time the
sentence mentions. Real contradictions in the event's own mentions are still flagged.
Sentences are written for these tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conftest import article_coder

JST = timezone(timedelta(hours=9))
DCT = datetime(2023, 9, 14, 23, 10, tzinfo=JST)  # a Thursday


@pytest.fixture(scope="module")
def code(nlp):
    coder = article_coder(nlp, DCT)
    return lambda text: coder(text)


def warnings(coded) -> list[str]:
    return [f.kind for f in coded.flags if f.severity != "info"]


def only(coded, etype: str):
    evs = [e for e in coded.events if e.event == etype]
    assert len(evs) == 1, [(e.event, e.status) for e in coded.events]
    return evs[0]


def test_times_in_relative_clauses_do_not_date_the_event(code) -> None:
    coded = code("Yoko Kamikawa praised China on Monday for a pact that expires next year.")
    assert only(coded, "SUPPORT").date.value == "2023-09-11"
    assert warnings(coded) == []
    coded = code("Yoko Kamikawa met Wang Yi, who takes office next month, in Tokyo on Monday.")
    assert only(coded, "CONSULT").date.value == "2023-09-11"
    assert warnings(coded) == []


def test_since_a_year_is_a_period_not_the_date(code) -> None:
    coded = code("Japan has supported Ukraine since 2022, and Yoko Kamikawa met Ukrainian Foreign Minister "
                 "Dmytro Kuleba in Kyiv on Tuesday.")
    assert all(e.date is None or not e.date.value.startswith("2022") for e in coded.events)
    assert only(coded, "CONSULT").date.value == "2023-09-12"
    assert warnings(coded) == []


def test_year_modifying_another_noun_does_not_date_the_event(code) -> None:
    coded = code("Yoko Kamikawa criticized Beijing's 2030 export plan.")
    ev = only(coded, "ACCUSE")
    assert "fallback" in ev.date_reason and ev.date.value == "2023-09-14"
    assert warnings(coded) == []


def test_weekday_of_a_past_criticism_is_the_one_before_publication(code) -> None:
    # "plan" makes the annotator read "Tuesday" ahead; the event is told in the past tense
    coded = code("Yoko Kamikawa criticized China's 2030 export plan on Tuesday.")
    assert only(coded, "ACCUSE").date.value == "2023-09-12"
    assert warnings(coded) == []


def test_date_through_the_speech_verb(code) -> None:
    coded = code("The ministry said on Tuesday that Yoko Kamikawa condemned North Korea's missile launch.")
    assert only(coded, "ACCUSE").date.value == "2023-09-12"


def test_untensed_event_dated_after_publication_is_planned_not_flagged(code) -> None:
    coded = code("Yoko Kamikawa is meeting Wang Yi in Beijing on September 20.")
    ev = only(coded, "CONSULT")
    assert ev.status == "planned" and ev.date.value == "2023-09-20"
    assert warnings(coded) == []


def test_past_event_with_its_own_later_date_is_still_flagged(code) -> None:
    coded = code("Yoko Kamikawa met Wang Yi in Beijing on September 20, 2023.")
    assert only(coded, "CONSULT").status == "happened"
    assert "future_past_event" in warnings(coded)


def test_two_months_for_one_meeting_are_still_a_conflict(code) -> None:
    coded = code("Yoko Kamikawa met Wang Yi in Tokyo on the evening of March 14.\n\n"
                 "Yoko Kamikawa met Wang Yi in Tokyo on the evening of November 14.\n")
    assert "date_conflict" in warnings(coded)


def test_an_undated_retelling_takes_the_date_of_the_event_it_elaborates(code) -> None:
    # DCT is Thursday 14 September: the retold call is Tuesday's, not the publication day
    # (and a day between subject and verb dates the verb's act)
    coded = code("Chile's foreign minister on Tuesday held phone talks with his Peruvian counterpart. "
                 "He praised his counterpart for the aid.")
    assert only(coded, "CONSULT").date.value == "2023-09-12"
    praise = only(coded, "SUPPORT")
    assert praise.date.value == "2023-09-12" and praise.date_reason.startswith("date of the CONSULT")
    assert not any(f.kind == "date_fallback" for f in coded.flags)


def test_the_publication_day_is_the_last_resort(code) -> None:
    coded = code("Chile's foreign minister held talks with his Peruvian counterpart.")
    e = only(coded, "CONSULT")
    assert e.date.value == "2023-09-14" and e.date_reason.startswith("publication-date fallback")


def test_day_before_the_first_of_two_conjoined_verbs_dates_both(code) -> None:
    coded = code("President Joe Biden Tuesday ordered the expulsion of 20 Iranian diplomats and sanctioned "
                 "Iranian intelligence officers.")
    assert only(coded, "SANCTION").date.value == "2023-09-12"
    coded = code("On Tuesday, Japan condemned the launch and summoned the Chinese ambassador.")
    assert {e.date.value for e in coded.events} == {"2023-09-12"}


def test_day_after_the_first_verb_is_not_shared_with_a_later_plan(code) -> None:
    coded = code("Japan condemned the launch on Tuesday and will summon the Chinese ambassador next week.")
    planned = [e for e in coded.events if e.status == "planned"]
    assert planned and all(e.date.value == "2023-W38" for e in planned)


def test_the_announcement_dates_the_act_it_announced(code) -> None:
    coded = code("Joe Biden says the Israeli and Lebanese governments have agreed on a ceasefire. "
                 "Biden made the announcement in Washington on Tuesday.")
    assert only(coded, "AGREE").date.value == "2023-09-12"
    coded = code("Japan imposed sanctions on three Russian banks. Friday's decision drew protests from Moscow.")
    assert only(coded, "SANCTION").date.value == "2023-09-08"


def test_a_decision_still_to_come_does_not_date_the_earlier_act(code) -> None:
    coded = code("Japan imposed sanctions on three Russian banks. Japan will announce a decision on Friday.")
    assert "fallback" in only(coded, "SANCTION").date_reason


def test_an_undated_event_takes_the_day_of_the_lede_before_publication(code) -> None:
    # DCT is Thursday 14 September: the report is about Tuesday's shelling
    coded = code("Chile's army on Tuesday shelled rebel camps near the border with Peru. Bolivia condemned Peru.")
    accuse = only(coded, "ACCUSE")
    assert accuse.date.value == "2023-09-12" and accuse.date_reason.startswith("date of the article's lede event")


def test_a_present_perfect_or_a_lede_without_a_day_lends_no_lede_date(code) -> None:
    coded = code("Chile's army on Tuesday shelled rebel camps near the border with Peru. Bolivia has condemned Peru.")
    assert only(coded, "ACCUSE").date.value == "2023-09-14"  # "has condemned": news of the day of writing
    coded = code("Bolivia condemned Peru. Chile's army on Tuesday shelled rebel camps near the border with Peru.")
    assert only(coded, "ACCUSE").date_reason.startswith("publication-date fallback")


def test_a_weekday_the_day_after_a_page_dated_without_a_clock_is_that_day(nlp) -> None:
    # a page dated Monday 11 September (no clock, no zone) telling of a past act "on Tuesday":
    # the page's date is in a zone behind the event's, not six days after it
    from datetime import UTC

    monday = article_coder(nlp, datetime(2023, 9, 11, tzinfo=UTC))
    coded = monday("Chile's president cancelled his meeting with Peru's president, a spokesman said on Tuesday.")
    ev = next(e for e in coded.events if e.status == "happened")
    assert ev.date.value == "2023-09-12" and "zone" in ev.date_reason
    assert "date_zone_assumed" in {f.kind for f in coded.flags}
    # with a clock the page knows its day: the Tuesday before it
    timed = article_coder(nlp, datetime(2023, 9, 11, 18, 30, tzinfo=UTC))
    ev = next(e for e in timed("Chile's president cancelled his meeting with Peru's president, a spokesman "
                               "said on Tuesday.").events if e.status == "happened")
    assert ev.date.value == "2023-09-05"


def test_an_opening_sentence_with_no_event_gives_the_news_day(code) -> None:
    coded = code("Thousands of families returned to their villages on Wednesday as the floods receded. "
                 "Peru's army deployed troops to the border with Chile.")
    mob = only(coded, "MOBILIZE")
    assert mob.date.value == "2023-09-13" and mob.date_reason.startswith("day of the article's opening sentence")
    # the day of a later sentence is not the news day
    coded = code("Peru's army deployed troops to the border with Chile. "
                 "Thousands of families returned to their villages on Wednesday as the floods receded.")
    assert only(coded, "MOBILIZE").date_reason.startswith("publication-date fallback")


def test_an_early_morning_weekday_after_a_clockless_page_is_the_next_day(nlp) -> None:
    from datetime import UTC

    sunday = article_coder(nlp, datetime(2023, 9, 10, tzinfo=UTC))
    coded = sunday("Chile and Peru cut diplomatic ties with Bolivia early Monday morning.")
    ev = next(e for e in coded.events if e.status == "happened")
    assert ev.date.value.startswith("2023-09-11")


def test_a_mission_named_by_its_day_dates_the_act_told_before(code) -> None:
    coded = code("The US military air dropped food into Gaza for the first time. The drops were coordinated "
                 "with Jordan, which took part in Tuesday's mission.")
    assert only(coded, "AID").date.value == "2023-09-12"


def test_with_no_publication_time_the_lede_weekday_is_quoted_for_the_events_it_frames(nlp) -> None:
    # no page date: "Tuesday" cannot be resolved, but it is still the day of the condemnation the
    # lede frames (the story stage reads it once the page joins a dated story)
    from teller import actors
    from teller.pipeline import find
    from teller.records import Article

    kb = actors.KnowledgeBase.default()

    def undated(text: str):
        return find(Article(id=Article.make_id(text, None), text=text, published=None), nlp(text), kb).coded

    coded = undated("Chile's army on Tuesday shelled rebel camps near the border with Peru. Bolivia condemned Peru.")
    accuse = only(coded, "ACCUSE")
    assert accuse.date is None
    assert accuse.date_reason.startswith("'on Tuesday' cannot be dated") or \
        accuse.date_reason.startswith("'Tuesday' cannot be dated"), accuse.date_reason
    assert "lede" in accuse.date_reason
    # a present perfect is news of the day of writing, not of the lede's day
    coded = undated("Chile's army on Tuesday shelled rebel camps near the border with Peru. "
                    "Bolivia has condemned Peru.")
    assert only(coded, "ACCUSE").date_reason.startswith("no date stated")


def test_headings_above_the_body_are_not_the_lede_and_take_its_day(code) -> None:
    # the headline, a section label and the headline again: the lede is the body's first sentence
    coded = code("Chile, Peru block UN measure on Bolivia\n\nWorld\nChile, Peru block UN measure on Bolivia\n\n"
                 "Chile on Tuesday vetoed a Security Council resolution on Bolivia, blocking a bid by "
                 "Western powers to impose sanctions. Peru backed Chile and vetoed the resolution too.")
    rejects = [e for e in coded.events if e.event == "REJECT"]
    assert rejects and all(e.date is not None and e.date.value == "2023-09-12" for e in rejects), \
        [(e.actor[0].name if e.actor else None, e.date_reason) for e in rejects]


def test_the_same_act_by_another_side_answers_the_lede_only_when_aimed_back(code) -> None:
    coded = code("Chile on Tuesday expelled five Peruvian diplomats. Bolivia expelled two Peruvian diplomats.")
    bolivia = next(e for e in coded.events if e.event == "SANCTION" and e.actor and e.actor[0].country == "BOL")
    assert bolivia.date.value == "2023-09-12"  # beside Chile's act, on the lede's day
    coded = code("Chile on Tuesday expelled five Peruvian diplomats. Peru expelled five Chilean diplomats.")
    peru = next(e for e in coded.events if e.event == "SANCTION" and e.actor and e.actor[0].country == "PER")
    assert peru.date_reason.startswith("publication-date fallback")  # an answer comes later
