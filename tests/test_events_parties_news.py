"""Who the parties of an event are, on the language of wire copy: outlets are sources, not
actors; an actor is never its own recipient; unnamed state agents and crowds take the country
of their context; a recipient person never takes the country of whoever acted on it
(sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from teller import actors
from teller.events import code_article
from teller.events.sources import is_outlet_name, own_outlets
from teller.records import Article

DCT = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


def _events(nlp, text, source=None):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text, source=source)
    ms = actors.resolve(doc, art, actors.KnowledgeBase.default(), when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def _names(parties):
    return " ".join(a.name for a in parties).lower()


def _of(events, etype):
    return [e for e in events if e.event == etype]


# --- 1. sources are not actors ---------------------------------------------------------------

def test_outlet_names_are_read_from_the_list_and_from_newsroom_words():
    assert is_outlet_name("Reuters") and is_outlet_name("the Kyodo News")
    assert is_outlet_name("The Daily Planet Times")  # a name ending in a newsroom word
    assert not is_outlet_name("International Atomic Energy Agency")
    assert not is_outlet_name("Germany")
    assert "bbc news" in own_outlets("BBC News") and "pti" in own_outlets("Rediff.com (PTI copy)")


def test_a_wire_agency_credited_after_the_clause_is_no_party(nlp):
    for text in ("It will lift its sanctions on Belarus next month, Interfax reported.",
                 "It shelled the border town overnight, the Sputnik news agency said."):
        for e in _events(nlp, text):
            assert "interfax" not in _names(e.actor + e.recipient)
            assert "sputnik" not in _names(e.actor + e.recipient)


def test_the_articles_own_outlet_never_acts(nlp):
    evs = _events(nlp, "Daily Planet criticised the ministry of Peru on Monday.", source="Daily Planet (Metropolis)")
    assert all("planet" not in _names(e.actor) for e in evs)


def test_a_photo_credit_names_no_party(nlp):
    text = "Egyptian police detained two activists in Cairo (AP Photo/Jane Smithson)."
    for e in _events(nlp, text):
        assert "smithson" not in _names(e.actor + e.recipient)


def test_a_real_agency_of_a_state_still_acts(nlp):
    evs = _of(_events(nlp, "The International Atomic Energy Agency criticised Iran on Monday."), "ACCUSE")
    assert evs and "atomic" in _names(evs[0].actor)


# --- 2. never one's own recipient ------------------------------------------------------------

def test_his_own_meeting_is_not_his_recipient(nlp):
    evs = _events(nlp, "Obama called off his meeting with Rodrigo Ferreira after the insult.")
    assert evs
    for e in evs:
        assert not ({a.id for a in e.actor} & {a.id for a in e.recipient})
    assert any("ferreira" in _names(e.recipient) for e in evs)


def test_a_person_named_on_both_sides_is_one_party(nlp):
    for e in _events(nlp, "Emmanuel Macron accused Emmanuel Macron of weakness."):
        assert not ({a.id for a in e.actor} & {a.id for a in e.recipient})


def test_two_groups_of_one_nationality_stay_two_parties(nlp):
    evs = _of(_events(nlp, "Peruvian soldiers seized weapons from Peruvian traffickers on Monday."), "COERCE")
    assert evs and [a.country for a in evs[0].recipient] == ["PER"]


# --- 4. unnamed agents take the country of their context -------------------------------------

def test_police_in_a_capital_serve_its_state(nlp):
    evs = _of(_events(nlp, "Police in Lima arrested twelve opposition activists on Sunday."), "COERCE")
    assert evs and [a.country for a in evs[0].actor] == ["PER"]
    assert "police" in _names(evs[0].actor)


def test_police_named_by_nationality_keep_the_word_police(nlp):
    evs = _of(_events(nlp, "Chilean police detained 40 people during the march."), "COERCE")
    assert evs and [a.country for a in evs[0].actor] == ["CHL"] and "police" in _names(evs[0].actor)


def test_the_authorities_of_the_sentence_place_act(nlp):
    evs = _events(nlp, "In Quito, the authorities imposed a curfew on Tuesday.")
    assert evs and all(a.country == "ECU" for e in evs for a in e.actor)


def test_security_forces_take_the_only_country_the_sentence_names(nlp):
    evs = _of(_events(nlp, "Security forces fired tear gas at crowds outside Bolivia's congress."), "ASSAULT")
    assert evs and [a.country for a in evs[0].actor] == ["BOL"]


def test_plain_forces_are_not_a_state_agent(nlp):
    for e in _events(nlp, "Forces loyal to the warlord shelled the town."):
        assert all(a.country != "BOL" for a in e.actor)


def test_a_protest_with_no_named_holders_is_the_places_people_against_its_government(nlp):
    evs = _of(_events(nlp, "Protests erupted in Santiago on Saturday over fuel prices."), "PROTEST")
    assert evs
    assert [a.country for a in evs[0].actor] == ["CHL"] and "santiago" in _names(evs[0].actor)
    assert [a.country for a in evs[0].recipient] == ["CHL"] and "government" in _names(evs[0].recipient)
    assert not ({a.id for a in evs[0].actor} & {a.id for a in evs[0].recipient})


def test_counted_people_in_a_place_are_named_by_who_they_are(nlp):
    evs = _of(_events(nlp, "Thousands of teachers rallied in Lisbon on Friday."), "PROTEST")
    assert evs and "teachers" in _names(evs[0].actor) and [a.country for a in evs[0].actor] == ["PRT"]


# --- 5. a recipient's country is its own -----------------------------------------------------

def test_a_detained_person_does_not_take_the_detaining_states_country(nlp):
    evs = _of(_events(nlp, "Belarus detained the blogger Tomasz Wielgosz on Friday."), "COERCE")
    assert evs and all(a.country != "BLR" for a in evs[0].recipient)


# --- 7. recipient frames ---------------------------------------------------------------------

def test_drills_around_or_surrounding_an_island_are_aimed_at_it(nlp):
    for text in ("China held naval drills around Taiwan on Monday.",
                 "China staged live-fire drills surrounding Taiwan on Monday."):
        evs = _of(_events(nlp, text), "MOBILIZE")
        assert evs and [a.country for a in evs[0].recipient] == ["TWN"], text
        assert [a.country for a in evs[0].actor] == ["CHN"]


def test_hitting_back_at_someone_is_aimed_at_them(nlp):
    evs = _of(_events(nlp, "Erdogan hit back at Olaf Scholz over the remarks."), "ACCUSE")
    assert evs and "scholz" in _names(evs[0].recipient)
