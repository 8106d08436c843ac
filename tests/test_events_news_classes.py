"""Classes of wire-copy language met on real reports (sentences written for these tests):
territories that act as parties of their own, and places whose country the state table lacks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def first(code, text, etype):
    evs = [e for e in code(text).events if e.event == etype]
    assert evs, [(e.event, e.status) for e in code(text).events]
    return evs[0]


def test_hong_kong_police_and_protesters_are_hong_kong_parties(code):
    ev = first(code, "Riot police fired tear gas at demonstrators in Hong Kong on Sunday.", "ASSAULT")
    assert [a.country for a in ev.actor] == ["HKG"]
    assert [r.country for r in ev.recipient] == ["HKG"]


def test_a_territory_is_the_recipient_of_a_state(code):
    ev = first(code, "Beijing sharply criticised the Hong Kong government on Tuesday.", "ACCUSE")
    assert [a.country for a in ev.actor] == ["CHN"] and [r.country for r in ev.recipient] == ["HKG"]


def test_a_list_of_states_the_parser_hangs_as_an_apposition_acts_together(code):
    ev = first(code, "Kenya, Uganda, Tanzania and the Democratic Republic of the Congo severed "
                     "relations with Rwanda on Monday.", "SANCTION")
    assert {a.country for a in ev.actor} >= {"KEN", "UGA", "TZA"}
    assert [r.country for r in ev.recipient] == ["RWA"]


def test_unnamed_people_who_march_or_gather_against_something_protest(code):
    ev = first(code, "Tens of thousands of people marched in Belgrade on Sunday.", "PROTEST")
    assert [a.country for a in ev.actor] == ["SRB"]
    ev = first(code, "Farmers gathered in Madrid in protest at the new water rules.", "PROTEST")
    assert [a.country for a in ev.actor] == ["ESP"]


def test_people_who_gather_for_another_reason_do_not_protest(code):
    assert not [e for e in code("Residents gathered in the square on Sunday to celebrate the win.").events
                if e.event == "PROTEST"]


def test_a_purpose_clause_takes_the_day_of_the_gathering(code):
    ev = first(code, "Thousands of nurses gathered in London on Saturday to protest against the pay offer.",
               "PROTEST")
    assert ev.date is not None and ev.date.value == "2025-03-08"


def test_a_directed_act_told_again_without_its_target_joins_the_telling_with_it(code):
    coded = code("Greece asked the European Union and the IMF for emergency loans on Friday. "
                 "Greek officials said Athens made the request after weeks of pressure.")
    requests = [e for e in coded.events if e.event == "REQUEST"]
    assert len(requests) == 1 and requests[0].recipient
    assert len(requests[0].evidence) >= 2  # both tellings are its evidence


def test_a_bare_directed_act_is_left_out_where_the_text_names_targets_but_kept_alone(code):
    text = "Canada expelled two Chinese diplomats on Monday. A former ambassador praised the decision."
    assert not [e for e in code(text).events if e.event == "SUPPORT"]
    # a one-line item has named no target elsewhere: its act stays, bare
    assert [e for e in code("Canada's prime minister praised the decision.").events if e.event == "SUPPORT"]


@pytest.mark.parametrize("text,etype,target", [
    ("American forces carried out strikes on two militia depots in Iraq on Sunday.", "ASSAULT", "IRQ"),
    ("Israel launched a wave of strikes against targets in Lebanon.", "ASSAULT", "LBN"),
])
def test_strikes_aimed_at_something_are_force_not_walkouts(code, text, etype, target):
    ev = first(code, text, etype)
    assert [r.country for r in ev.recipient] == [target]


def test_a_walkout_stays_a_protest(code):
    ev = first(code, "Dock workers in Antwerp went on strike on Monday over pay.", "PROTEST")
    assert ev.mode == "strike"


def test_a_leaders_administration_is_the_government_not_the_leader(code):
    ev = first(code, "The Biden administration imposed new sanctions on Russia on Friday.", "SANCTION")
    assert [(a.kind, a.country) for a in ev.actor] == [("government", "USA")]


def test_people_acted_on_are_named_by_the_place_the_text_gives(code):
    ev = first(code, "Police fired on protesters outside parliament in Nairobi on Tuesday.", "ASSAULT")
    assert [r.name for r in ev.recipient] == ["protesters in Nairobi"] and ev.recipient[0].country == "KEN"
    ev = first(code, "Troops shot dead four students in Yangon on Friday.", "ASSAULT")
    assert [r.name for r in ev.recipient] == ["students in Yangon"]


@pytest.mark.parametrize("text", [
    "Jordan carried out an airdrop of food aid to Gaza on Tuesday.",
    "The British air force dropped medical supplies over Gaza on Tuesday.",
    "Canada delivered emergency aid supplies to Gaza on Tuesday.",
])
def test_aid_sent_to_a_place_reaches_its_civilians(code, text):
    ev = first(code, text, "AID")
    assert [(r.name, r.country) for r in ev.recipient] == [("civilians in Gaza", "PSE")]


def test_aid_to_a_state_is_for_that_state(code):
    ev = first(code, "Japan sent relief supplies to Morocco after the earthquake.", "AID")
    assert [r.country for r in ev.recipient] == ["MAR"]


def test_a_courtesy_word_after_a_title_is_no_part_of_the_name(code):
    ev = first(code, "The Prime Minister, Shri Narendra Modi, received a call from the President of the "
                     "United States of America, Mr. Donald J. Trump.", "CONSULT")
    names = {a.name for a in (*ev.actor, *ev.recipient)}
    assert names == {"Narendra Modi", "Donald Trump"}  # the name given wins over the title's holder


def test_a_retaliation_is_not_dated_by_the_act_it_answers(code):
    coded = code("The United States expelled 20 Russian diplomats on Monday. "
                 "Russia expelled 20 American diplomats in response.")
    answer = [e for e in coded.events if e.event == "SANCTION" and e.actor[0].country == "RUS"]
    assert answer and not (answer[0].date and answer[0].date.value == "2025-03-10")


@pytest.mark.parametrize("text,etype,target", [
    ("China launched large-scale military drills around Taiwan on Thursday. Taipei condemned the drills.",
     "ACCUSE", {"CHN"}),
    ("Russian missiles struck Kyiv overnight. Poland condemned the attack on Friday.", "ACCUSE", {"RUS"}),
    ("Armenia and Azerbaijan agreed on a ceasefire on Friday. Iran welcomed the agreement.", "SUPPORT",
     {"ARM", "AZE"}),
])
def test_a_reaction_to_an_act_named_by_its_noun_is_aimed_at_who_did_it(code, text, etype, target):
    reactions = [e for e in code(text).events if e.event == etype]
    assert reactions and {r.country for r in reactions[-1].recipient} == target


def test_partners_added_with_along_with_act_too(code):
    ev = first(code, "Japan, together with South Korea, condemned the missile launch by North Korea.", "ACCUSE")
    assert {a.country for a in ev.actor} == {"JPN", "KOR"} and [r.country for r in ev.recipient] == ["PRK"]
    ev = first(code, "Russia, along with China, vetoed the draft resolution on Tuesday.", "REJECT")
    assert {a.country for a in ev.actor} == {"RUS", "CHN"}
