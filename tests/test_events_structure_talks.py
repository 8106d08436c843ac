"""Event structure on the cooperative side, end to end (real spaCy, actor and time stages):
talks that frame an agreement, "between" parties, accords told without parties, joint
speaking, actor objects behind prepositions and passives, agreements said not to have come
about, cancelled meetings, calls for something, one-sided "joint" drills and announced
decisions. Every sentence here is written for the test; look-alikes must not fire."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from teller import actors, timex
from teller.events import code_article
from teller.records import Article

DCT = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)  # a Friday


@pytest.fixture(scope="module")
def kb():
    return actors.KnowledgeBase.default()


@pytest.fixture(scope="module")
def events(nlp, kb):
    def run(text: str):
        art = Article(id=Article.make_id(text, None), text=text, published=DCT.isoformat())
        doc = nlp(text)
        mentions = actors.resolve(doc, art, kb, when=DCT.date())
        tx = timex.annotate(text, DCT, doc=doc)
        return code_article(doc, art, mentions, tx, dct=DCT).events
    return run


def parties(ev) -> set[str]:
    return {a.country for a in ev.actor + ev.recipient if a.country}


def of_type(evs, etype: str, status: str | None = None):
    return [e for e in evs if e.event == etype and (status is None or e.status == status)]


# 1. an agreement made in talks: the talks are their own CONSULT


@pytest.mark.parametrize("text, countries, mode", [
    ("Germany and Poland agreed in phone talks on Tuesday to extend the student exchange programme.",
     {"DEU", "POL"}, "phone"),
    ("Chancellor Olaf Scholz agreed during talks with Emmanuel Macron on Wednesday to buy more shells.",
     {"DEU", "FRA"}, None),
    ("Japan and India agreed at a summit in Tokyo on Monday to expand their trade in rare earths.",
     {"JPN", "IND"}, None),
])
def test_agreement_in_talks_is_also_the_talks(events, text, countries, mode):
    evs = events(text)
    agree, = of_type(evs, "AGREE", "happened")
    talks, = of_type(evs, "CONSULT", "happened")
    assert parties(talks) == countries and parties(agree) == countries
    assert talks.mode == mode
    assert talks.date.value == agree.date.value


def test_agreeing_in_principle_or_in_a_statement_is_no_meeting(events):
    evs = events("Japan agreed in principle on Monday to lift its tariffs on Indian steel.")
    assert not of_type(evs, "CONSULT")
    evs = events("Kenya promised in a statement on Monday to support Egypt.")
    assert not of_type(evs, "CONSULT")


# 2. "between A and B" on an event noun: both are parties


@pytest.mark.parametrize("text, etype, countries", [
    ("The talks between Egypt and Qatar concluded on Monday.", "CONSULT", {"EGY", "QAT"}),
    ("A long-awaited summit between Brazil and Argentina took place in Brasilia on Thursday.",
     "CONSULT", {"BRA", "ARG"}),
    ("The ceasefire between Armenia and Azerbaijan took effect on Wednesday.", "RETREAT", {"ARM", "AZE"}),
])
def test_between_names_both_parties(events, text, etype, countries):
    ev, = of_type(events(text), etype, "happened")
    assert parties(ev) == countries


def test_between_on_a_plain_noun_is_no_event(events):
    assert not events("The distance between Egypt and Qatar grew on Monday.")


# 3. an accord told without parties is the article's latest one


def test_ceasefire_taking_hold_takes_the_parties_of_the_agreed_truce(events):
    evs = events("Armenia and Azerbaijan agreed to a truce on Monday. A ceasefire took hold on Tuesday.")
    hold, = of_type(evs, "RETREAT")
    assert parties(hold) == {"ARM", "AZE"} and hold.mode == "ceasefire"
    assert hold.date.value == "2024-05-07"


def test_deal_coming_into_force_after_a_ceasefire_is_the_ceasefire(events):
    evs = events("Armenia and Azerbaijan agreed to a ceasefire on Tuesday. "
                 "The deal will come into force at 6 a.m. local time.")
    retreat, = of_type(evs, "RETREAT")
    assert retreat.status == "planned" and parties(retreat) == {"ARM", "AZE"}


def test_an_accord_with_no_earlier_agreement_stays_unparty(events):
    assert not events("A ceasefire took hold on Tuesday.")


# 4. joint speaking is talks


@pytest.mark.parametrize("text, mode", [
    ("Joe Biden and Xi Jinping spoke on Thursday about Taiwan.", None),
    ("Olaf Scholz and Emmanuel Macron spoke by phone on Thursday.", "phone"),
])
def test_two_parties_speaking_together_consult(events, text, mode):
    talks, = of_type(events(text), "CONSULT", "happened")
    assert len(parties(talks)) == 2 and talks.mode == mode


def test_the_two_leaders_are_the_two_last_named_together(events):
    evs = events("Joe Biden and Xi Jinping signed a trade pact in Lima in November. "
                 "The two leaders spoke by phone on Thursday.")
    phone = [e for e in of_type(evs, "CONSULT") if e.mode == "phone"]
    assert phone and parties(phone[0]) == {"USA", "CHN"}


@pytest.mark.parametrize("text", [
    "Joe Biden and Xi Jinping spoke to reporters on Thursday.",
    "Joe Biden spoke on Thursday about Taiwan.",
])
def test_speaking_to_an_audience_or_alone_is_no_talks(events, text):
    assert not of_type(events(text), "CONSULT")


# 5. an actor object behind a preposition or as a passive subject


def test_speaking_to_a_named_person_is_talks(events):
    talks, = of_type(events("Antony Blinken spoke to Sergey Lavrov on Monday."), "CONSULT")
    assert parties(talks) == {"USA", "RUS"}
    assert not of_type(events("Antony Blinken spoke to reporters on Monday."), "CONSULT")


def test_a_named_person_released_is_a_release(events):
    ev, = of_type(events("Paul Whelan was released from Russia on Thursday."), "RETREAT")
    assert ev.mode == "release" and [a.name for a in ev.recipient] == ["Paul Whelan"]
    assert parties(ev) == {"RUS"}


# 6. an agreement that did not come about is the agreement, denied


@pytest.mark.parametrize("text", [
    "Joe Biden met Xi Jinping on Monday. The talks ended without an agreement.",
    "Joe Biden met Xi Jinping on Monday. There was no breakthrough.",
    "Joe Biden met Xi Jinping on Monday. There was no deal on tariffs.",
    "Joe Biden and Xi Jinping failed to reach any agreement on Monday.",
    "Joe Biden and Xi Jinping reached no agreement on Monday.",
])
def test_no_agreement_is_a_denied_agreement(events, text):
    evs = events(text)
    denied, = of_type(evs, "AGREE", "denied")
    assert parties(denied) == {"USA", "CHN"}
    assert not of_type(evs, "REJECT")


def test_failing_to_reach_agreement_is_still_a_rejection(events):
    # the PLOVER GSR codes the bare "failed to reach agreement" as REJECT
    evs = events("Joe Biden and Xi Jinping failed to reach agreement on Monday.")
    assert of_type(evs, "REJECT") and not of_type(evs, "AGREE")


def test_no_doubt_and_refusing_any_refugees_are_no_denied_agreement(events):
    evs = events("Joe Biden met Xi Jinping on Monday. There is no doubt about it.")
    assert not of_type(evs, "AGREE")
    evs = events("Syria said it will not accept any more refugees from Iraq.")
    assert not of_type(evs, "AGREE")


# 7. a cancelled meeting: the refusal happened, the meeting did not


@pytest.mark.parametrize("text", [
    "Vladimir Putin cancelled his meeting with Recep Tayyip Erdogan on Monday.",
    "Vladimir Putin called off his visit to Turkey on Monday.",
])
def test_cancelled_meeting_is_a_refusal_and_a_denied_meeting(events, text):
    evs = events(text)
    reject, = of_type(evs, "REJECT", "happened")
    meeting, = of_type(evs, "CONSULT", "denied")
    assert parties(reject) == parties(meeting) == {"RUS", "TUR"}


def test_postponed_meeting_is_no_denied_meeting(events):
    evs = events("Vladimir Putin postponed his meeting with Recep Tayyip Erdogan on Monday.")
    reject, = of_type(evs, "REJECT")
    assert parties(reject) == {"RUS", "TUR"} and not of_type(evs, "CONSULT", "denied")


# 8. a call for something is a request, not a telephone call


@pytest.mark.parametrize("text", [
    "France issued a call for a ceasefire in Gaza on Monday.",
    "Germany renewed calls for a ceasefire on Monday.",
])
def test_a_call_for_something_is_a_request(events, text):
    evs = events(text)
    assert of_type(evs, "REQUEST") and not of_type(evs, "CONSULT")


def test_a_phone_call_for_an_hour_is_still_a_call(events):
    call, = of_type(events("Emmanuel Macron held a phone call for an hour with Olaf Scholz on Monday."), "CONSULT")
    assert call.mode == "phone"
