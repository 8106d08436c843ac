"""Earlier office holders, national armed groups and country qualifiers that the actor stage
resolves to a country (the PLOVER actor code), in sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from teller.actors import KnowledgeBase, resolve
from teller.records import Article

DAY = date(1998, 6, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


def _mentions(nlp, kb, text, when=DAY):
    return resolve(nlp(text), Article(id="t", text=text), kb, when)


def _country_of(ms, text):
    found = [m for m in ms if m.text == text]
    assert found, f"no mention {text!r} in {[(m.text, m.kind) for m in ms]}"
    return found[0].actor.country if found[0].actor else None


@pytest.mark.parametrize("name,when,slug,country", [
    ("President Clinton", date(1998, 6, 1), "bill-clinton", "USA"),
    ("President Bush", date(1991, 3, 1), "george-h-w-bush", "USA"),
    ("President Bush", date(2005, 3, 1), "george-w-bush", "USA"),
    ("Mugabe", date(1999, 1, 1), "robert-mugabe", "ZWE"),
    ("Ayatollah Khomeini", date(1985, 1, 1), "ruhollah-khomeini", "IRN"),
    ("Yoweri Museveni", date(2010, 1, 1), "yoweri-museveni", "UGA"),
])
def test_earlier_holders_have_their_country(nlp, kb, name, when, slug, country):
    ms = _mentions(nlp, kb, f"{name} spoke to reporters on Monday.", when)
    m = next(m for m in ms if m.text == name)
    assert m.actor is not None and m.actor.id == f"person:{slug}"
    assert m.actor.country == country


def test_holder_at_date_reaches_back(kb):
    assert kb.holder("GBR", "head_of_government", date(1985, 5, 5)).id == "person:margaret-thatcher"
    assert kb.holder("FRA", "head_of_state", date(1999, 9, 9)).id == "person:jacques-chirac"
    assert kb.holder("RUS", "head_of_state", date(2004, 4, 4)).id == "person:vladimir-putin"


def test_armed_groups_and_parties_carry_their_country(nlp, kb):
    ms = _mentions(nlp, kb, "Hezbollah fighters and Hamas officials met UNITA envoys in a hotel.")
    assert _country_of(ms, "Hezbollah") == "LBN"
    assert _country_of(ms, "Hamas") == "PSE"
    assert _country_of(ms, "UNITA") == "AGO"


def test_demonym_left_of_a_junior_title_gives_the_country(nlp, kb):
    ms = _mentions(nlp, kb, "Kenyan deputy trade minister Amos Wekesa toured the port on Friday.")
    person = next(m for m in ms if m.actor and m.actor.id == "person:amos-wekesa")
    assert person.actor.country == "KEN"
    assert person.actor.role is None  # a deputy does not hold the minister's office


def test_possessive_state_before_a_described_leader(nlp, kb):
    ms = _mentions(nlp, kb, "Chile's influential union leader Rosa Fuentes called a strike.")
    person = next(m for m in ms if m.actor and m.actor.id == "person:rosa-fuentes")
    assert person.actor.country == "CHL"


def test_apposition_gives_a_learnt_person_a_country(nlp, kb):
    ms = _mentions(nlp, kb, "Tomas Ibarra, Peru's best-known environmental campaigner, began a fast.")
    person = next(m for m in ms if m.actor and m.actor.id == "person:tomas-ibarra")
    assert person.actor.country == "PER"


def test_indefinite_national_official_is_a_role_actor(nlp, kb):
    ms = _mentions(nlp, kb, "A Dutch minister warned that tariffs on steel could rise.")
    m = next(m for m in ms if "minister" in m.text)
    assert m.actor is not None and m.actor.country == "NLD" and m.actor.id.startswith("role:NLD.")


def test_unqualified_learnt_person_stays_without_country(nlp, kb):
    ms = _mentions(nlp, kb, "Officials said Amos Wekesa toured the port on Friday.")
    person = next(m for m in ms if m.actor and m.actor.id == "person:amos-wekesa")
    assert person.actor.country is None


def test_organisation_before_a_learnt_officer_gives_its_code(nlp, kb):
    ms = _mentions(nlp, kb, "NATO envoy Pieter Janssen arrived in Skopje.")
    person = next(m for m in ms if m.actor and m.actor.id == "person:pieter-janssen")
    assert person.actor.country is None and (person.actor.cameo or "").startswith("IGO")


def test_common_word_surnames_of_earlier_holders_need_more_than_the_word(nlp, kb):
    ms = _mentions(nlp, kb, "Major General Ali Khan said students at Brown University would march.")
    assert not any(m.actor and m.actor.id in ("person:john-major", "person:gordon-brown") for m in ms)
