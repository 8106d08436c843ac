"""Coder rules for deployments, blockades, mobilising, refusals and reported domestic demands
(sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from teller import actors
from teller.events import code_article
from teller.events.cameo import plover_category
from teller.records import Article

DCT = datetime(2003, 4, 4, 12, 0, tzinfo=UTC)


def _events(nlp, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, actors.KnowledgeBase.default(), when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def _types(events):
    return [e.event for e in events]


def test_peacekeepers_arriving_are_military_assistance_not_a_visit(nlp):
    evs = _events(nlp, "A battalion of Kenyan peacekeeping troops arrived in Liberia on Friday.")
    assert "CONSULT" not in _types(evs)
    ev = next(e for e in evs if e.event == "AID")
    assert [a.country for a in ev.actor] == ["KEN"] and [a.country for a in ev.recipient] == ["LBR"]


def test_troops_arriving_are_a_deployment(nlp):
    evs = _events(nlp, "Egyptian soldiers arrived in Sudan on Monday.")
    assert "CONSULT" not in _types(evs) and "MOBILIZE" in _types(evs)


def test_a_minister_arriving_is_still_a_visit(nlp):
    evs = _events(nlp, "President Mubarak arrived in Rabat on Monday.")
    assert "CONSULT" in _types(evs)


def test_mobilising_civilians_is_not_a_military_mobilisation(nlp):
    evs = _events(nlp, "Brazil mobilized volunteers to help flood victims.")
    assert "MOBILIZE" not in _types(evs)
    assert "MOBILIZE" in _types(_events(nlp, "Brazil mobilized reservists on Monday."))


def test_a_planned_blockade_is_a_threat(nlp):
    evs = _events(nlp, "Kenya said it would blockade the port of Mombasa.")
    ev = next(e for e in evs if e.event == "COERCE")
    assert ev.status == "planned" and plover_category(ev) == "THREATEN"


def test_refusal_to_accept_is_not_an_agreement(nlp):
    evs = _events(nlp, "Students denounced Chile's refusal to accept the ruling.")
    assert "AGREE" not in _types(evs)


def test_reported_demand_on_a_compatriot_leader_is_kept(nlp):
    evs = _events(nlp, "Zimbabwean farmers said President Mugabe must end the seizures.")
    ev = next(e for e in evs if e.event == "REQUEST")
    assert [a.id for a in ev.recipient] == ["person:robert-mugabe"]


def test_unnamed_people_in_a_capital_act_for_its_state(nlp):
    evs = _events(nlp, "Protesters in Nairobi blocked a highway on Monday.")
    ev = next(e for e in evs if e.event == "PROTEST")
    assert [a.country for a in ev.actor] == ["KEN"]


def test_purpose_of_a_gathering_has_the_gathering_people_as_actor(nlp):
    evs = _events(nlp, "Hundreds of Peruvians gathered for a march in Lima to protest the new tax.")
    ev = next(e for e in evs if e.event == "PROTEST")
    assert [a.country for a in ev.actor] == ["PER"]


def test_ethnic_group_acting_in_a_named_state_is_coded_by_that_state(nlp):
    evs = _events(nlp, "About 300 ethnic Hungarians marched on Sunday in Slovakia.")
    ev = next(e for e in evs if e.event == "PROTEST")
    assert [a.country for a in ev.actor] == ["SVK"]


def test_people_named_by_where_they_live(nlp):
    evs = _events(nlp, "The Greeks of southern Albania demanded more schools from the Albanian government.")
    ev = next(e for e in evs if e.event == "REQUEST")
    assert [a.country for a in ev.actor] == ["ALB"]


def test_stone_throwing_is_a_riot_by_whoever_resorted_to_it(nlp):
    evs = _events(nlp, "Kenyan students resorted to throwing stones at the police.")
    ev = next(e for e in evs if e.event == "PROTEST")
    assert ev.mode == "riot" and [a.country for a in ev.actor] == ["KEN"]


def test_receiving_observers_is_allowing_access(nlp):
    evs = _events(nlp, "Chile received a team of observers from the OSCE.")
    ev = next(e for e in evs if e.event == "RETREAT")
    assert ev.mode == "access" and [a.id for a in ev.recipient] == ["org:osce"]


def test_unnamed_people_loyal_to_a_state_act_for_it(nlp):
    evs = _events(nlp, "Gunmen loyal to the Chadian government said they attacked a convoy.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert [a.country for a in ev.actor] == ["TCD"]


def test_stopping_work_is_a_strike(nlp):
    evs = _events(nlp, "Dockers affiliated with a Kenyan union stopped work on Monday.")
    ev = next(e for e in evs if e.event == "PROTEST")
    assert ev.mode == "strike" and [a.country for a in ev.actor] == ["KEN"]


def test_tear_gas_is_crowd_control_assault(nlp):
    evs = _events(nlp, "Chilean police used tear gas to disperse students in Santiago.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert ev.mode == "crowd-control" and [a.country for a in ev.actor] == ["CHL"]
    evs = _events(nlp, "Chilean police fired tear gas on Monday.")
    assert [e.mode for e in evs if e.event == "ASSAULT"] == ["crowd-control"]


def test_folded_threats_take_threaten_modes(nlp):
    from teller.events.cameo import THREATEN_MODES, plover_mode

    evs = _events(nlp, "Kenya said it will impose a curfew in Mombasa.")
    ev = next(e for e in evs if e.event == "COERCE")
    assert plover_category(ev) == "THREATEN" and plover_mode(ev) == "restrict"
    evs = _events(nlp, "Chad could shell rebel positions near the border.")
    for e in evs:
        if plover_category(e) == "THREATEN":
            assert plover_mode(e) in THREATEN_MODES


def test_a_warm_welcome_is_hosting_with_the_visitor_as_actor(nlp):
    evs = _events(nlp, "President Mubarak gave a warm welcome on Monday to Chile's foreign minister.")
    ev = next(e for e in evs if e.event == "CONSULT")
    assert [a.country for a in ev.actor] == ["CHL"] and [a.country for a in ev.recipient] == ["EGY"]


def test_forgiving_debt_is_aid(nlp):
    evs = _events(nlp, "Norway forgave the debt of Peru on Monday.")
    assert "AID" in _types(evs)


def test_conflict_noun_object_is_the_recipient_before_helpers(nlp):
    evs = _events(nlp, "Egypt will tighten its blockade of Libya with Chad's help.")
    ev = next(e for e in evs if e.event == "COERCE")
    assert [a.country for a in ev.recipient] == ["LBY"]


def test_same_demonym_on_both_sides_is_a_domestic_event(nlp):
    evs = _events(nlp, "Kenyan police seized rifles from Kenyan smugglers on Monday.")
    ev = next(e for e in evs if e.event == "COERCE")
    assert [a.country for a in ev.actor] == ["KEN"] and [a.country for a in ev.recipient] == ["KEN"]


def test_mediation_mission_between_two_parties(nlp):
    evs = _events(nlp, "Norway undertook a mediation mission between Chile and Peru.")
    ev = next(e for e in evs if e.event == "CONSULT")
    assert sorted(a.country for a in ev.recipient) == ["CHL", "PER"]


def test_ethnic_victims_are_coded_by_the_place_of_the_attack(nlp):
    evs = _events(nlp, "Soldiers from Albania killed four ethnic Serbs in a raid in southern Montenegro.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert [a.country for a in ev.recipient] == ["MNE"]


def test_coordinated_weapons_and_their_target(nlp):
    evs = _events(nlp, "Chadian forces launched artillery, mortar and rocket fire against Libyan positions.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert ev.mode == "heavy-weapons" and [a.country for a in ev.recipient] == ["LBY"]


def test_up_to_n_victims_are_the_recipient(nlp):
    evs = _events(nlp, "Colombian rebels kidnapped up to 12 Peruvian engineers near the border.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert [a.country for a in ev.recipient] == ["PER"]


def test_people_qualified_by_a_state_live_there(nlp):
    evs = _events(nlp, "Iraqi Kurds demanded more oil revenue from Baghdad.")
    ev = next(e for e in evs if e.event == "REQUEST")
    assert [a.country for a in ev.actor] == ["IRQ"]


def test_pushing_for_another_to_act_is_a_request_of_it(nlp):
    evs = _events(nlp, "Norway is pushing hard for Chile to support the fishing treaty.")
    ev = next(e for e in evs if e.event == "REQUEST")
    assert [a.country for a in ev.actor] == ["NOR"] and [a.country for a in ev.recipient] == ["CHL"]
    assert "SUPPORT" not in _types(evs)


def test_dangling_preposition_takes_the_noun_the_parser_moved(nlp):
    evs = _events(nlp, "Chile has granted asylum to three Peruvian army officers holed up in an embassy.")
    ev = next(e for e in evs if e.event == "AID")
    assert [a.country for a in ev.recipient] == ["PER"]


def test_proper_noun_modifier_keeps_an_unknown_group_as_actor(nlp):
    evs = _events(nlp, "Ogoni elders have demanded that Nigeria pay compensation.")
    ev = next(e for e in evs if e.event == "REQUEST")
    # the group is kept, and takes the one country its sentence names
    assert ev.actor and ev.actor[0].kind == "unresolved" and ev.actor[0].country == "NGA"


def test_unknown_group_takes_no_country_when_the_sentence_names_two(nlp):
    evs = _events(nlp, "Ogoni elders have demanded that Nigeria and Ghana pay compensation.")
    ev = next(e for e in evs if e.event == "REQUEST")
    assert ev.actor and ev.actor[0].kind == "unresolved" and ev.actor[0].country is None


def test_unknown_group_acting_in_a_named_city_takes_its_country(nlp):
    evs = _events(nlp, "Leaders of the Musavat opposition coalition agreed to postpone the rally in Baku.")
    ev = next(e for e in evs if e.event == "AGREE")
    assert ev.actor and ev.actor[0].country == "AZE"


def test_leaders_of_an_unknown_coalition_still_act(nlp):
    evs = _events(nlp, "Leaders of the Musavat opposition coalition agreed to postpone the rally.")
    ev = next(e for e in evs if e.event == "AGREE")
    assert ev.actor and ev.actor[0].kind == "unresolved"


def test_killing_an_office_holder_is_targeted(nlp):
    evs = _events(nlp, "Chadian rebels killed the regional governor of Kanem on Sunday.")
    assert [e.mode for e in evs if e.event == "ASSAULT"] == ["targeted"]
    evs = _events(nlp, "Chadian rebels killed ten villagers on Sunday.")
    assert [e.mode for e in evs if e.event == "ASSAULT"] == [None]


def _first(nlp, text, *types):
    """The first event of the sentence whose type is one of ``types``."""
    return next(e for e in _events(nlp, text) if e.event in types)


def test_a_known_official_of_an_organisation_takes_no_country_from_context(nlp):
    evs = _events(nlp, "U.N. Secretary-General Kofi Annan announced on Monday that he will withdraw "
                       "weapons inspectors from Iraq.")
    assert evs and all(a.country != "IRQ" for e in evs for a in e.actor)


def test_an_announced_cut_in_relations_is_a_sanction_not_a_threat(nlp):
    evs = _events(nlp, "Canada announced on Friday that it would suspend all aid to Myanmar.")
    ev = next(e for e in evs if e.event == "SANCTION")
    # announcing the cut is making it (tests/test_events_decisions.py)
    assert ev.status == "happened" and plover_category(ev) == "SANCTION"
    ev.status = "hypothetical"  # "could suspend aid if ...": a threat
    assert plover_category(ev) == "THREATEN"


def test_an_attack_with_named_victims_but_no_named_attacker_is_kept(nlp):
    evs = _events(nlp, "Two Kenyan police officers were killed in a roadside bombing near Garissa on Monday.")
    ev = next(e for e in evs if e.event == "ASSAULT")
    assert [a.id for a in ev.actor] == ["unknown:perpetrator"] and ev.actor[0].country is None
    assert [a.country for a in ev.recipient] == ["KEN"] and ev.confidence <= 0.5


def test_an_unnamed_attacker_does_not_make_a_denied_or_planned_attack(nlp):
    evs = _events(nlp, "Nobody was killed in Monday's bombing, Kenyan police said.")
    assert not any(a.id == "unknown:perpetrator" for e in evs for a in e.actor)


def test_readying_force_is_mobilization_and_a_stated_readiness_a_threat(nlp):
    ev = _first(nlp, "The Chadian army prepared to resume shelling rebel positions near Abeche.",
                "MOBILIZE", "ASSAULT")
    assert (ev.event, ev.mode, ev.status) == ("MOBILIZE", "weapons", "happened")
    ev = _first(nlp, "Chadian troops were preparing to storm the rebel town of Abeche.", "MOBILIZE", "ASSAULT")
    assert (ev.event, ev.mode) == ("MOBILIZE", "troops")
    evs = _events(nlp, "Israel is prepared to strike Iranian nuclear sites, the minister said.")
    assert "MOBILIZE" not in _types(evs)


def test_expelling_an_organisation_is_a_sanction_and_deporting_people_coercion(nlp):
    ev = _first(nlp, "Kenya forced the UN refugee agency out of the country on Monday.", "SANCTION", "COERCE")
    assert (ev.event, ev.mode) == ("SANCTION", "expel")
    ev = _first(nlp, "Kenya expelled 300 Somali migrants on Monday.", "SANCTION", "COERCE")
    assert (ev.event, ev.mode) == ("COERCE", "deport")


def test_ordering_a_curfew_or_a_deployment_is_the_act_not_a_request(nlp):
    ev = _first(nlp, "Kenya's government ordered a curfew in Mombasa on Friday.", "COERCE", "REQUEST")
    assert (ev.event, ev.mode) == ("COERCE", "curfew")
    ev = _first(nlp, "The Kenyan government ordered the deployment of troops to the border.", "MOBILIZE", "REQUEST")
    assert (ev.event, ev.mode) == ("MOBILIZE", "troops")
    ev = _first(nlp, "Kenya ordered patrols by police in Mombasa.", "MOBILIZE", "REQUEST")
    assert (ev.event, ev.mode) == ("MOBILIZE", "police")
    # ordering another state to act is still a demand
    assert "REQUEST" in _types(_events(nlp, "Kenya ordered Somalia to withdraw its troops."))


def test_defacing_websites_is_a_cyber_attack(nlp):
    ev = _first(nlp, "Serbian hackers defaced hundreds of Croatian government websites on Sunday.", "COERCE")
    assert ev.mode == "cyber" and [a.country for a in ev.recipient] == ["HRV"]


def test_ordering_a_newspaper_to_stop_is_censorship(nlp):
    ev = _first(nlp, "Kenya's government ordered the opposition newspaper The Standard to suspend publication.",
                "COERCE", "REQUEST")
    assert (ev.event, ev.mode, ev.cameo) == ("COERCE", "censor", "1721")


def test_a_complaint_to_a_body_is_about_the_party_it_names(nlp):
    ev = _first(nlp, "Kenya complained to the African Union about Somali border raids.", "ACCUSE")
    assert [a.country for a in ev.recipient] == ["SOM"]
    ev = _first(nlp, "Kenya complained to the United Nations on Monday.", "ACCUSE")
    assert [a.kind for a in ev.recipient] == ["igo"]  # nobody else named: the body stays
