"""Event structure on the conflictual side (sentences written for these tests): event nouns
inside other events, the status of threats, orders to one's own forces, crowds that gather,
measure nouns, objects versus adjuncts, persona non grata, blocked access, failed attempts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2024, 3, 7, 12, 0, tzinfo=UTC)  # a Thursday


@pytest.fixture(scope="module")
def code(nlp):
    coder = article_coder(nlp, DCT)
    return lambda text: coder(text).events


def find(events, etype):
    return [e for e in events if e.event == etype]


def countries(parties):
    return {a.country for a in parties}


# 1. event nouns inside another event
def test_condemned_attack_is_also_the_attack(code):
    evs = code("Egypt condemned the attacks by Iran against Israel.")
    assert find(evs, "ACCUSE")
    assault = find(evs, "ASSAULT")
    assert assault and countries(assault[0].actor) == {"IRN"} and countries(assault[0].recipient) == {"ISR"}
    assert assault[0].status == "happened"


def test_possessive_attack_under_a_reaction(code):
    evs = code("The strikes came after Iran's attack on Israel.")
    assault = [e for e in find(evs, "ASSAULT") if countries(e.actor) == {"IRN"}]
    assert assault and countries(assault[0].recipient) == {"ISR"}


def test_possessive_warning_is_a_threat_by_its_owner(code):
    evs = code("China criticized Donald Trump's warning of fire and fury.")
    threat = find(evs, "THREATEN")
    assert threat and threat[0].actor[0].name == "Donald Trump" and threat[0].status == "happened"


def test_dated_attack_noun_keeps_its_own_day(code):
    evs = code("The United States struck Syria in response to a Tuesday chemical weapons attack.")
    dated = [e for e in find(evs, "ASSAULT") if e.date and e.date.value == "2024-03-05"]
    assert dated  # the attack of Tuesday, apart from the strike


def test_possessive_of_an_arrest_is_who_was_arrested_unless_there_is_an_object(code):
    evs = code("Germany condemned Russia's arrest of the reporter.")
    assert any(countries(e.actor) == {"RUS"} for e in find(evs, "COERCE"))
    evs = code("Britain condemned Ekrem Imamoglu's detention.")
    assert not any(a.name == "Ekrem Imamoglu" for e in find(evs, "COERCE") for a in e.actor)


def test_background_and_requested_attacks_are_not_events(code):
    assert not find(code("Russia's invasion of Ukraine has cost thousands of lives."), "ASSAULT")
    assert not find(code("Ukraine called for strikes by NATO on Russia."), "ASSAULT")


# 2. threats said now; the speaker of a trailing participle
def test_future_and_conditional_threats_happened(code):
    evs = code("North Korea said it would respond forcefully to any violation of its waters.")
    assert [e.status for e in find(evs, "THREATEN")] == ["happened"]
    evs = code("Russia may warn Finland about the deployment.")
    assert [e.status for e in find(evs, "THREATEN")] == ["hypothetical"]
    evs = code("Israel said it would retaliate against Iran if attacked.")
    assert [e.status for e in find(evs, "THREATEN")] == ["happened"]


def test_speech_participle_is_not_content_and_takes_the_main_subject(code):
    evs = code("Israel denounced the blockade, saying it was considering a strike on the port.")
    threat = find(evs, "THREATEN")
    assert threat and countries(threat[0].actor) == {"ISR"}
    evs = code("Iran replied on Monday with a threat, saying it was weighing a missile strike on Israel.")
    assert [e.date.value for e in find(evs, "THREATEN")] == ["2024-03-04"]


# 3. orders to one's own forces
def test_ordering_own_troops_to_withdraw_is_a_retreat(code):
    for text in ("The Russian defence minister ordered its troops to withdraw from Kherson.",
                 "Vladimir Putin ordered the withdrawal of forces from the border."):
        evs = code(text)
        assert find(evs, "RETREAT") and not find(evs, "REQUEST"), text


def test_ordering_another_state_is_still_a_request(code):
    evs = code("The UN ordered Israel to withdraw from Gaza.")
    assert find(evs, "REQUEST") and not find(evs, "RETREAT")


def test_ordered_air_strike_is_an_assault(code):
    assert find(code("Joe Biden ordered an air strike on the militia base."), "ASSAULT")


# 4. crowds
def test_crowds_that_gather_or_march_protest(code):
    for text in ("Protesters gathered near the police headquarters in Nairobi.",
                 "Thousands of demonstrators marched through Tbilisi on Sunday."):
        assert find(code(text), "PROTEST"), text
    assert find(code("Serbian protesters clashed with police in Belgrade."), "PROTEST")[0].mode == "riot"
    assert not find(code("Ministers gathered in Brussels on Monday."), "PROTEST")


# 5. measure nouns
def test_barrage_of_insults_is_an_accusation_and_of_rockets_an_attack(code):
    evs = code("Iran launched a barrage of insults at Israel.")
    assert find(evs, "ACCUSE") and not find(evs, "ASSAULT")
    assert find(code("Hamas launched a barrage of rockets at Israel."), "ASSAULT")


# 6. objects, not adjuncts
def test_an_in_phrase_does_not_satisfy_an_object_pattern(code):
    evs = code("Russia withdrew its troops in support of the truce.")
    assert find(evs, "RETREAT") and not find(evs, "SANCTION")


# 7. persona non grata
def test_persona_non_grata_is_an_expulsion(code):
    for text in ("Ukraine declared the Russian consul persona non grata.",
                 "Poland declared him persona non grata on Monday."):
        evs = code(text)
        assert [e.mode for e in find(evs, "SANCTION")] == ["expel"], text


# 8. blocked access
def test_blocking_access_to_platforms_is_censorship_to_a_bridge_obstruction(code):
    assert [e.mode for e in find(code("Turkey blocked access to Facebook and Twitter."), "COERCE")] == ["censor"]
    assert [e.mode for e in find(code("Iran blocked access to websites."), "COERCE")] == ["censor"]
    assert [e.mode for e in find(code("Farmers in France blocked access to the bridge."), "PROTEST")] == ["obstruct"]


# 9. failed attempts
def test_failed_attempt_is_denied_and_the_giving_up_happened(code):
    evs = code("Turkish police attempted to forcibly detain the opposition leader but withdrew after resistance.")
    assert [e.status for e in find(evs, "COERCE")] == ["denied"]
    assert [e.status for e in find(evs, "RETREAT")] == ["happened"]
    evs = code("Turkish police tried to arrest the mayor on Monday.")
    assert [e.status for e in find(evs, "COERCE")] == ["happened"]
