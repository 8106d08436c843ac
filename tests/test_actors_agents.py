"""The party a report names for a side, kept as specific as the text gives it (sentences written
for these tests): a state attacking or drilling acts through its military, an arrest told of
"the authorities" is the police's, a report naming a command gives the command, a domestic
attack on a city hits its people, and a crowd keeps the other names news gives it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder
from conftest import events_of_type as of_type

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def names(actors):
    return {w.casefold() for a in actors for n in (a.name, *a.aliases) for w in n.split()}


# --- a state's armed forces -----------------------------------------------------------------------

def test_a_state_firing_missiles_is_its_military(code):
    ev = of_type(code, "Britain fired 12 cruise missiles at a radar site in Yemen on Tuesday.", "ASSAULT")[0]
    (actor,) = ev.actor
    assert (actor.country, actor.sector, actor.cameo) == ("GBR", "MIL", "GBRMIL")
    assert "military" in names(ev.actor) and "kingdom" in names(ev.actor)


def test_the_military_goes_by_its_other_names(code):
    ev = of_type(code, "Kenyan troops withdrew from the border town on Tuesday.", "RETREAT")[0]
    assert {"troops", "forces", "army", "military"} <= names(ev.actor)
    assert {a.country for a in ev.actor} == {"KEN"}


def test_a_state_drilling_is_its_military_and_an_attack_in_cyberspace_is_not(code):
    ev = of_type(code, "India began three days of naval drills near the Andaman Islands on Tuesday.",
                 "MOBILIZE")[0]
    assert [(a.country, a.sector) for a in ev.actor] == [("IND", "MIL")]
    text = "Investigators said Iran attacked the servers of three Israeli banks in a cyber operation on Monday."
    for ev in code(text).events:
        assert all(a.sector != "MIL" for a in ev.actor)


def test_a_person_ordering_strikes_stays_the_person(code):
    ev = of_type(code, "French President Emmanuel Macron ordered airstrikes on militant camps in Mali on "
                       "Tuesday.", "ASSAULT")
    assert any(a.kind == "person" for e in ev for a in e.actor)


def test_a_report_naming_the_command_gives_the_command(code):
    text = ("China began two days of military exercises around Taiwan on Tuesday. The PLA Eastern Theater "
            "Command said the exercises tested its forces.")
    ev = of_type(code, text, "MOBILIZE")[0]
    assert [a.id for a in ev.actor] == ["org:pla-eastern-theater"]
    assert {"command", "military"} <= names(ev.actor)  # the command, and China's military


# --- police -----------------------------------------------------------------------------------------

def test_an_arrest_by_the_authorities_is_the_polices(code):
    ev = of_type(code, "Georgian authorities arrested the opposition leader Levan Beridze in Tbilisi on "
                       "Tuesday.", "COERCE")[0]
    (actor,) = ev.actor
    assert (actor.country, actor.sector) == ("GEO", "COP")
    assert "police" in names(ev.actor)


def test_a_police_agent_goes_by_the_states_other_short_names(code):
    ev = of_type(code, "Turkish police detained 40 students in Ankara on Tuesday.", "COERCE")[0]
    assert {"police", "turkey"} <= names(ev.actor)


# --- people acted on -------------------------------------------------------------------------------

def test_forces_shelling_a_city_of_their_own_state_hit_its_people(code):
    text = "Sudanese forces shelled the city of Omdurman on Tuesday, killing 40 civilians."
    evs = of_type(code, text, "ASSAULT")
    assert [(r.name, r.country) for r in evs[0].recipient] == [("civilians in Omdurman", "SDN")]
    assert all(r.country == "SDN" for e in evs for r in e.recipient)


def test_dispersing_protests_is_done_to_the_protesters(code):
    ev = of_type(code, "Police in Lima fired tear gas to disperse protests against the new tax law on "
                       "Tuesday.", "ASSAULT")[0]
    assert [(r.country, r.sector) for r in ev.recipient] == [("PER", "CVL")]
    assert "protesters" in names(ev.recipient)


def test_demonstrators_are_also_protesters(code):
    ev = of_type(code, "Police used water cannon against demonstrators in Belgrade on Tuesday.", "ASSAULT")[0]
    assert {"demonstrators", "protesters"} <= names(ev.recipient)


# --- who came, who called ---------------------------------------------------------------------

def test_a_call_received_is_the_callers_act_and_a_mission_received_the_hosts(code):
    ev = of_type(code, "Brazilian President Luiz Inacio Lula da Silva received a call from German Chancellor "
                       "Olaf Scholz on Tuesday.", "CONSULT")[0]
    assert [a.country for a in ev.actor] == ["DEU"] and [a.country for a in ev.recipient] == ["BRA"]
    evs = code("Mongolian Prime Minister Oyun-Erdene received a mission of observers from the OSCE on "
               "Tuesday.").events
    assert all(a.country == "MNG" for e in evs for a in e.actor)


def test_a_meeting_in_the_actors_country_makes_the_other_side_the_visitor(code):
    ev = of_type(code, "German Chancellor Olaf Scholz met Brazilian President Luiz Inacio Lula da Silva in "
                       "Berlin on Tuesday.", "CONSULT")[0]
    assert [a.country for a in ev.actor] == ["BRA"] and [a.country for a in ev.recipient] == ["DEU"]


def test_a_protest_lodged_with_a_state_is_no_crowd(code):
    evs = code("Peru today lodged a strong protest with Chile over the new border map, the foreign ministry "
               "said.").events
    assert not any(r.sector == "CVL" for e in evs for r in e.recipient)


def test_people_killed_in_a_city_when_missiles_struck_are_the_attacks_recipients(code):
    ev = of_type(code, "Seven people were killed in Mykolaiv when Russian missiles struck a port on Monday.",
                 "ASSAULT")[0]
    assert [(r.name, r.country) for r in ev.recipient] == [("civilians in Mykolaiv", "UKR")]
    ev = of_type(code, "Dozens of people died in Aleppo after Syrian aircraft dropped bombs on Tuesday.", "ASSAULT")[0]
    assert [(r.name, r.country) for r in ev.recipient] == [("civilians in Aleppo", "SYR")]


def test_the_toll_of_a_domestic_shelling_is_of_the_city_shelled(code):
    evs = of_type(code, "Sudanese forces shelled the city of Omdurman on Tuesday, killing 40 civilians.", "ASSAULT")
    assert {r.name for e in evs for r in e.recipient} == {"civilians in Omdurman"}


def test_a_counted_group_of_a_states_people_is_that_group(code):
    ev = of_type(code, "The European Union imposed sanctions on 12 senior Iranian military officers and officials "
                       "on Monday.", "SANCTION")[0]
    assert [(r.country, r.sector) for r in ev.recipient] == [("IRN", "MIL")]
    assert "officials" in names(ev.recipient)
    ev = of_type(code, "Police detained two Dutch tourists in Nairobi on Monday.", "COERCE")[0]
    assert [(r.country, r.sector) for r in ev.recipient] == [("NLD", "CVL")]
    ev = of_type(code, "Poland expelled 20 Belarusian diplomats on Monday.", "SANCTION")[0]
    assert [(r.id, r.kind) for r in ev.recipient] == [("BLR", "state")]
