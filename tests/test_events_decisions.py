"""Announced decisions and what they undo (sentences written for these tests): a sanction or
concession a government announces as coming is done by the announcement ("announced he would
lift sanctions"), a plain statement of intent stays planned, the target of an undone measure is
the recipient (not who imposed it), and the measure undone is not coded as a new act."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def events(code, text, etype):
    return [e for e in code(text).events if e.event == etype]


@pytest.mark.parametrize("text,etype,target", [
    ("The prime minister announced on Monday that his government would lift the embargo on Cuba.", "CONCEDE", "CUB"),
    ("Canada's foreign minister revealed that Ottawa will be easing sanctions against Belarus.", "CONCEDE", "BLR"),
    ("The European Union announced it would impose fresh sanctions on Iran.", "SANCTION", "IRN"),
    ("The Brazilian cabinet decided to lift restrictions on Venezuela.", "CONCEDE", "VEN"),
])
def test_an_announced_decision_is_done(code, text, etype, target):
    evs = events(code, text, etype)
    assert evs, [(e.event, e.status) for e in code(text).events]
    assert evs[0].status == "happened"
    assert [r.country for r in evs[0].recipient] == [target]


@pytest.mark.parametrize("text,etype", [
    ("President Biden said he would lift the embargo on Cuba.", "CONCEDE"),  # said, not announced
    ("President Biden announced he would meet the Cuban leader next week.", "CONSULT"),  # a meeting is a plan
])
def test_an_intention_stays_planned(code, text, etype):
    evs = events(code, text, etype)
    assert evs and evs[0].status == "planned"


def test_the_measure_undone_is_not_a_new_sanction(code):
    text = "President Biden announced he would lift all American sanctions on Syria."
    coded = code(text)
    assert [e.event for e in coded.events] == ["CONCEDE"]
    assert [r.country for r in coded.events[0].recipient] == ["SYR"]


def test_the_target_of_an_undone_measure_is_the_recipient(code):
    ev = events(code, "Washington ordered the lifting of its sanctions on Myanmar on Tuesday.", "CONCEDE")[0]
    assert [r.country for r in ev.recipient] == ["MMR"]
    assert [a.country for a in ev.actor] == ["USA"]
