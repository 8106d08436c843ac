"""Classes of wire-copy language met on real reports (sentences written for these tests): counted
groups of states the text lists nearby, exercises held together, vetoes at the UN, and protests
that are told only by their dispersal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder
from conftest import events_of_type as of_type

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def countries(ev):
    return {a.country for a in (*ev.actor, *ev.recipient)}


# --- counted groups: "four Arab nations", "all three countries" ---------------------------------

def test_a_counted_group_takes_the_list_named_in_the_next_sentence(code):
    ev = of_type(code, "Three Nordic nations recalled their ambassadors from Belarus on Monday. "
                       "Sweden, Finland and Denmark said the election had been rigged.", "SANCTION")[0]
    assert {a.country for a in ev.actor} == {"SWE", "FIN", "DNK"}
    assert [r.country for r in ev.recipient] == ["BLR"]


def test_the_governments_of_all_three_countries_are_the_three_named_before(code):
    text = ("Chile, Peru and Colombia said they would expel Venezuelan diplomats. "
            "The governments of all three countries approved the expulsions on Monday.")
    evs = [e for e in of_type(code, text, "SANCTION") if e.status == "happened"]
    assert evs and {a.country for a in evs[0].actor} == {"CHL", "PER", "COL"}


def test_a_list_of_another_length_is_not_the_group(code):
    ev = of_type(code, "Four Gulf states cut ties with Qatar on Monday. "
                       "Saudi Arabia and Bahrain said Qatar backed militants.", "SANCTION")[0]
    assert not {"SAU", "BHR"} & {a.country for a in ev.actor}


# --- exercises --------------------------------------------------------------------------------

def test_states_that_open_an_exercise_together_cooperate(code):
    ev = of_type(code, "Indonesia, Malaysia and Singapore kicked off their first maritime exercise "
                       "on Monday.", "COOPERATE")[0]
    assert countries(ev) == {"IDN", "MYS", "SGP"}
    assert ev.status == "happened"


def test_one_state_staging_drills_around_another_mobilizes(code):
    ev = of_type(code, "China began large-scale drills around Taiwan on Monday.", "MOBILIZE")[0]
    assert [a.country for a in ev.actor] == ["CHN"]
    assert not any(e.event == "COOPERATE" for e in code("China began large-scale drills around Taiwan.").events)


# --- vetoes -------------------------------------------------------------------------------------

def test_a_vetoed_un_resolution_is_rejected_in_the_security_council(code):
    ev = of_type(code, "Russia and China vetoed a UN resolution on Myanmar on Tuesday.", "REJECT")[0]
    assert {a.country for a in ev.actor} == {"RUS", "CHN"}
    assert [r.id for r in ev.recipient] == ["org:unsc"]


def test_a_veto_cast_to_shield_a_government_from_the_council_is_against_the_council(code):
    ev = of_type(code, "Russia cast its third veto on Tuesday to shield the Syrian government "
                       "from Security Council action.", "REJECT")[0]
    assert [r.id for r in ev.recipient] == ["org:unsc"]


# --- protests told by their dispersal -----------------------------------------------------------

def test_a_dispersed_protest_took_place_held_by_protesters_not_the_police(code):
    a = code("Police fired tear gas to disperse anti-government protests in Tbilisi on Sunday.")
    protests = [e for e in a.events if e.event == "PROTEST"]
    assert protests, [(e.event, e.status) for e in a.events]
    ev = protests[0]
    assert all(x.sector != "COP" for x in ev.actor) and [x.country for x in ev.actor] == ["GEO"]
    assert ev.date is not None and ev.date.value == "2025-03-09"


def test_a_rally_broken_up_on_a_day_is_a_rally_on_that_day(code):
    a = code("Security forces broke up an opposition rally in Minsk on Saturday.")
    ev = [e for e in a.events if e.event == "PROTEST"][0]
    assert [x.country for x in ev.actor] == ["BLR"] and ev.date.value == "2025-03-08"
    assert any(e.event == "COERCE" for e in a.events)


def test_the_purpose_of_an_act_dates_the_act(code):
    a = code("Riot police fired tear gas to disperse the crowds in Nairobi on Tuesday.")
    ev = [e for e in a.events if e.event == "ASSAULT"][0]
    assert ev.date.value == "2025-03-11"


# --- places the parser does not see as places; aid whose destination was told before ----------

def test_an_island_territory_is_its_state_as_a_target(code):
    ev = of_type(code, "North Korea said it was weighing a missile strike on Guam.", "THREATEN")[0]
    assert [r.country for r in ev.recipient] == ["USA"]


def test_an_island_the_parser_calls_an_organisation_is_still_a_place(code):
    ev = of_type(code, "China threatened a strike on Okinawa.", "THREATEN")[0]
    assert [r.country for r in ev.recipient] == ["JPN"]


def test_aid_without_a_destination_reaches_the_place_the_report_named_before(code):
    a = code("Hunger is spreading in Sudan after months of fighting. Egypt sent medical aid on Monday.")
    ev = [e for e in a.events if e.event == "AID"][0]
    assert [r.country for r in ev.recipient] == ["SDN"] and [x.country for x in ev.actor] == ["EGY"]


def test_aid_does_not_go_to_a_fellow_donor(code):
    a = code("Food is running out in Sudan. Britain followed Norway and Egypt in sending aid on Monday.")
    ev = [e for e in a.events if e.event == "AID"][0]
    assert [r.country for r in ev.recipient] == ["SDN"]


def test_aid_does_not_go_to_the_donors_own_country(code):
    a = code("Officials in Cairo met on Sunday. Egypt sent aid on Monday.")
    ev = [e for e in a.events if e.event == "AID"][0]
    assert not ev.recipient


# --- headlines, settlements' terms, answered acts ------------------------------------------------

def test_a_headline_infinitive_is_planned_by_every_listed_state(code):
    ev = of_type(code, "Kenya, Uganda and Tanzania to sign trade pact", "SUPPORT")[0]
    assert ev.status == "planned"
    assert countries(ev) >= {"KEN", "UGA", "TZA"}


def test_a_headline_with_one_subject_is_planned_too(code):
    ev = of_type(code, "Macron to meet Scholz in Berlin", "CONSULT")[0]
    assert ev.status == "planned"


def test_a_settlements_term_is_a_planned_act_of_the_party_it_names(code):
    ev = of_type(code, "The truce requires Sudanese troops to withdraw from the city.", "RETREAT")[0]
    assert ev.status == "planned" and [a.country for a in ev.actor] == ["SDN"]
    assert not [e for e in code("The truce requires Sudanese troops to withdraw from the city.").events
                if e.event == "REQUEST"]


def test_a_party_that_calls_for_a_withdrawal_still_requests_it(code):
    ev = of_type(code, "France called for Sudanese troops to withdraw from the city.", "REQUEST")[0]
    assert [a.country for a in ev.actor] == ["FRA"]


def test_a_threat_to_answer_an_act_targets_who_does_it(code):
    ev = of_type(code, "Athens said Greece would respond firmly to any provocation by Turkey.", "THREATEN")[0]
    assert [r.country for r in ev.recipient] == ["TUR"]


# --- attacks told without their attacker ---------------------------------------------------------

def test_ordering_warships_to_strike_is_the_strike(code):
    ev = of_type(code, "President Biden ordered warships to strike an air base in Yemen.", "ASSAULT")[0]
    assert [r.country for r in ev.recipient] == ["YEM"]


def test_an_attack_without_attacker_joins_the_named_attack_on_the_same_side(code):
    a = code("Kenya ordered warships to strike a militant camp in Somalia. Since then, dozens of "
             "missiles have been fired at the camp in Somalia.")
    strikes = [e for e in a.events if e.event == "ASSAULT"]
    assert len(strikes) == 1 and [x.country for x in strikes[0].actor] == ["KEN"]


def test_an_attack_without_attacker_on_another_day_stays_its_own(code):
    a = code("Israeli jets struck targets in Lebanon on Monday. Three civilians were killed in an "
             "airstrike in Lebanon on Tuesday.")
    assert len([e for e in a.events if e.event == "ASSAULT"]) == 2


# --- withdrawals ----------------------------------------------------------------------------------

def test_a_withdrawal_from_a_country_is_not_by_that_country(code):
    ev = of_type(code, "Germany announced the withdrawal of its troops from Mali.", "RETREAT")[0]
    assert [a.country for a in ev.actor] == ["DEU"] and [r.country for r in ev.recipient] == ["MLI"]


def test_an_ordered_withdrawal_of_forces_stationed_abroad_is_from_there(code):
    ev = of_type(code, "President Erdogan ordered the withdrawal of most of Turkey's forces in Libya.", "RETREAT")[0]
    assert [a.country for a in ev.actor] == ["TUR"] and [r.country for r in ev.recipient] == ["LBY"]


def test_their_forces_in_a_reported_clause_are_the_speakers(code):
    ev = of_type(code, "Armenian officials said on Tuesday their forces had completed their withdrawal "
                       "from the disputed villages.", "RETREAT")[0]
    assert [a.country for a in ev.actor] == ["ARM"]


def test_an_as_clause_happens_when_its_main_clause_does(code):
    a = code("Armenia and Azerbaijan agreed to a truce on Monday. Refugees went home on Tuesday as the "
             "truce took hold.")
    onset = [e for e in a.events if e.event == "RETREAT"]
    assert onset and onset[0].date.value == "2025-03-11"


def test_i_in_a_quote_is_the_speaker(code):
    ev = of_type(code, '"I just spoke with the president of Kenya," Macron said on Tuesday.', "CONSULT")[0]
    assert [a.country for a in ev.actor] == ["FRA"] and [r.country for r in ev.recipient] == ["KEN"]


# --- reactions, detentions without a named detainer, own-country places -------------------------

def test_condemning_an_act_by_someone_is_aimed_at_its_doer(code):
    ev = of_type(code, "Brazil strongly condemns the attacks by Russia against Ukraine.", "ACCUSE")[0]
    assert [r.country for r in ev.recipient] == ["RUS"]


def test_a_foreigner_detained_somewhere_was_detained_by_its_authorities(code):
    ev = of_type(code, "A French journalist was detained in Tehran on Monday.", "COERCE")[0]
    assert [a.country for a in ev.actor] == ["IRN"] and [r.country for r in ev.recipient] == ["FRA"]
    assert [a.sector for a in ev.actor] == ["COP"]
    assert ev.confidence <= 0.5


def test_diplomats_based_in_the_expelling_capital_do_not_make_it_the_target(code):
    evs = of_type(code, "Poland ordered the expulsion of 15 diplomats based in Warsaw.", "SANCTION")
    assert all(r.country != "POL" for e in evs for r in e.recipient)


def test_police_of_no_named_country_do_not_take_the_detainees_country(code):
    a = code("Police arrested three Chinese nationals on Monday.")
    assert not any(x.country == "CHN" for e in a.events if e.event == "COERCE" for x in e.actor)



def test_a_veto_told_after_the_council_is_named_is_cast_there_too(code):
    a = code("Russia cast its fifth veto to shield Myanmar from Security Council action. China backed "
             "Russia and cast its fourth veto on Myanmar.")
    china = [e for e in a.events if e.event == "REJECT" and [x.country for x in e.actor] == ["CHN"]]
    assert china and [r.id for r in china[0].recipient] == ["org:unsc"]


def test_drills_told_again_by_a_demonstrative_are_the_drills_told_before(code):
    a = code("Russia's navy held war drills near Finland on Friday. These drills were launched on "
             "Thursday.")
    assert any(e.event == "MOBILIZE" and [x.country for x in e.actor] == ["RUS"] for e in a.events)
    assert not any(e.event == "MOBILIZE" and not e.actor for e in a.events)


def test_an_extradition_is_for_the_receiving_state_not_the_person(code):
    ev = of_type(code, "Peru extradited the former president Alejandro Toledo to Spain on Monday.", "COOPERATE")[0]
    assert [a.country for a in ev.actor] == ["PER"] and [r.country for r in ev.recipient] == ["ESP"]


# --- threats said without a threat verb -----------------------------------------------------------

def test_there_will_be_consequences_is_the_speakers_threat(code):
    ev = of_type(code, "Macron said there would be consequences for Algeria.", "THREATEN")[0]
    assert [a.country for a in ev.actor] == ["FRA"] and [r.country for r in ev.recipient] == ["DZA"]


def test_a_promised_response_to_an_act_targets_its_doer(code):
    ev = of_type(code, "Erdogan said there would be a response to any attack by Syria.", "THREATEN")[0]
    assert [r.country for r in ev.recipient] == ["SYR"]


def test_a_response_that_came_is_no_threat(code):
    assert not [e for e in code("Macron said there was a response from Algeria.").events if e.event == "THREATEN"]


def test_a_crowd_gathered_somewhere_to_protest_are_the_protesters_of_that_place(code):
    ev = of_type(code, "Thousands gathered in Nairobi on Tuesday to protest against the finance bill.", "PROTEST")[0]
    assert [a.country for a in ev.actor] == ["KEN"] and ev.date.value == "2025-03-11"
