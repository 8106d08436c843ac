"""A party does not cooperate with its own state (sentences written for these tests): the
actor's country read as the recipient of a meeting, agreement, support or aid is dropped; in
conflict it stays (a crackdown at home, a threat against a group of one's own country)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder
from teller.events.own_side import own_state
from teller.records import Actor

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def self_directed(ev) -> bool:
    return any(r.country and r.country in {a.country for a in ev.actor} and r.kind in ("state", "government")
               for r in ev.recipient)


def test_a_leader_vowing_to_defend_his_country_does_not_support_it(code):
    evs = code("President Lai Ching-te vowed on Monday to defend Taiwan. China launched military drills "
               "around Taiwan on Tuesday.").events
    assert not [e for e in evs if e.event in ("SUPPORT", "AGREE") and self_directed(e)], evs
    assert [e for e in evs if e.event == "MOBILIZE"]


def test_a_crackdown_at_home_keeps_its_target(code):
    ev = next(e for e in code("Venezuelan police detained 40 people in Caracas on Sunday.").events
              if e.event == "COERCE")
    assert [r.country for r in ev.recipient] == ["VEN"]


def test_own_state_is_the_country_or_its_government_for_its_officials():
    state = Actor(id="FRA", name="France", kind="state", country="FRA")
    gov = Actor(id="FRA.GOV", name="Government of France", kind="government", country="FRA", sector="GOV")
    minister = Actor(id="person:x", name="X", kind="person", country="FRA", sector="GOV")
    activist = Actor(id="person:y", name="Y", kind="person", country="FRA", sector="OPP")
    ministry = Actor(id="FRA.GOV.foreign", name="Foreign Ministry (France)", kind="government", country="FRA")
    assert own_state([minister], state) and own_state([minister], gov)
    assert not own_state([activist], gov)  # an opponent acts on the government
    assert not own_state([minister], ministry)  # a minister answers a ministry's proposal
    assert not own_state([minister, Actor(id="DEU", name="Germany", kind="state", country="DEU")], state)
