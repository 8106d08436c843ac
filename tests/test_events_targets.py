"""An attack on a city is located there and falls on the city's state; attacks by one side on
two cities are two events; a city the NER misreads still counts as a place (sentences written
for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from teller import actors
from teller.events import code_article
from teller.records import Article

DCT = datetime(2022, 10, 12, 12, 0, tzinfo=UTC)


def _events(nlp, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, actors.KnowledgeBase.default(), when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def _assaults(events):
    return [e for e in events if e.event == "ASSAULT"]


def test_the_knowledge_base_knows_cities_as_places_only():
    kb = actors.KnowledgeBase.default()
    assert kb.cities.get("lviv") == "UKR"
    assert kb.cities.get("aleppo") == "SYR"
    assert "lviv" not in kb.names  # a city never becomes an actor by its name alone


def test_a_shelled_city_is_the_place_and_its_state_the_recipient(nlp):
    evs = _assaults(_events(nlp, "Syrian troops shelled Homs on Wednesday."))
    assert len(evs) == 1
    assert evs[0].event_loc is not None and evs[0].event_loc.name == "Homs"
    assert evs[0].event_loc.country == "SYR"
    assert [a.country for a in evs[0].recipient] == ["SYR"]


def test_strikes_on_two_cities_are_two_events(nlp):
    text = "Russian forces shelled Lviv on Monday. Russian forces shelled Dnipro on Monday."
    evs = _assaults(_events(nlp, text))
    assert sorted(e.event_loc.name for e in evs if e.event_loc) == ["Dnipro", "Lviv"]
    assert len(evs) == 2
    assert len({e.id for e in evs}) == 2


def test_the_city_of_x_after_a_preposition_is_the_target(nlp):
    evs = _assaults(_events(nlp, "Russia fired rockets at the southern city of Zaporizhzhia on Sunday."))
    assert [e.event_loc.name for e in evs if e.event_loc] == ["Zaporizhzhia"]


def test_a_participle_telling_the_toll_is_the_same_attack(nlp):
    evs = _assaults(_events(nlp, "Russia bombed Lviv on Monday, killing four civilians."))
    assert len(evs) == 1
    assert evs[0].event_loc.name == "Lviv"


def test_a_capital_attacked_is_also_the_place(nlp):
    evs = _assaults(_events(nlp, "Israel struck Damascus on Friday."))
    assert [e.event_loc.name for e in evs if e.event_loc] == ["Damascus"]
    assert all(a.country == "SYR" for e in evs for a in e.recipient)


def test_a_stated_state_target_keeps_its_recipient_without_a_city(nlp):
    evs = _assaults(_events(nlp, "Egypt attacked Libya on Sunday."))
    assert [a.country for e in evs for a in e.recipient] == ["LBY"]
    assert all(e.event_loc is None for e in evs)


def test_a_trailing_toll_hung_on_the_speech_verb_is_the_same_attack(nlp):
    text = "Russia attacked Lviv with drones on Tuesday, Ukrainian officials said, injuring nine people."
    evs = _assaults(_events(nlp, text))
    assert len(evs) == 1
    assert [a.country for a in evs[0].actor] == ["RUS"]
