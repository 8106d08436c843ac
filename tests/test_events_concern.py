"""Concern and reactions to acts named in general (sentences written for these tests): an attack
named with its doer under an expression of concern is news of its own, and "condemned such
escalation" answers the latest hostile act told before it, even in the same sentence, and
"welcomed the move" the latest act."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def parts(ev):
    return ev.event, [a.country for a in ev.actor], [r.country for r in ev.recipient]


def test_an_attack_under_concern_and_its_condemnation(code):
    got = sorted(parts(e) for e in code(
        "Foreign Minister Penny Wong stated that Australia is deeply concerned about the attacks by Iran "
        "against Israel, and strongly condemns such escalation.").events)
    assert got == [("ACCUSE", ["AUS"], ["IRN"]), ("ASSAULT", ["IRN"], ["ISR"])]


def test_a_provocation_condemned_is_the_latest_hostile_act(code):
    got = [parts(e) for e in code("China launched military drills around Taiwan on Monday. Japan condemned "
                                  "the provocation on Tuesday.").events]
    assert ("ACCUSE", ["JPN"], ["CHN"]) in got


def test_concern_about_a_possible_attack_is_no_attack(code):
    assert not [e for e in code("Analysts are worried about a possible attack by Iran.").events
                if e.event == "ASSAULT"]


@pytest.mark.parametrize("text,reaction", [
    ("The United States lifted sanctions on Venezuela on Monday. The European Union welcomed the move on Tuesday.",
     "SUPPORT"),
    ("Russia expelled two British diplomats on Monday. Britain condemned the decision.", "ACCUSE"),
])
def test_a_reaction_to_the_move_is_aimed_at_who_made_it(code, text, reaction):
    evs = code(text).events
    first = evs[0]
    got = [e for e in evs if e.event == reaction]
    assert got and {r.country for r in got[0].recipient} == {a.country for a in first.actor}, evs


def test_a_day_lent_by_the_lede_does_not_make_a_present_tense_reaction_planned(nlp):
    # a page dated by day only (midnight): the call that evening lends its day to what was said in it
    code = article_coder(nlp, datetime(2025, 3, 12, 0, 0, tzinfo=UTC))
    evs = code("On March 12, commencing at 6:10 p.m. for approximately 25 minutes, Foreign Minister Penny Wong "
               "held a telephone talk with Foreign Minister Israel Katz. Minister Wong stated that Australia is "
               "deeply concerned about the attacks by Iran against Israel, and strongly condemns such "
               "escalation.").events
    assert {(e.event, e.status) for e in evs} == {("CONSULT", "happened"), ("ACCUSE", "happened"),
                                                  ("ASSAULT", "happened")}
