"""A city before an official's title gives the official's country but no national office
(sentences written for these tests)."""

from __future__ import annotations

from teller import actors
from teller.records import Article


def _people(nlp, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    return {m.actor.name: m.actor for m in actors.resolve(doc, art, actors.KnowledgeBase.default())
            if m.actor is not None and m.actor.kind == "person"}


def test_a_city_official_is_of_the_citys_state(nlp):
    people = _people(nlp, "Lviv Governor Maksym Kozytskyi said the power was back.")
    assert people["Maksym Kozytskyi"].country == "UKR"
    assert people["Maksym Kozytskyi"].role is None  # a city's governor holds no national office


def test_a_name_without_a_city_qualifier_stays_unknown(nlp):
    people = _people(nlp, "Governor Maksym Kozytskyi said the power was back.")
    assert people["Maksym Kozytskyi"].country is None
