"""The conflictual side of the PLOVER lexicon on ordinary news wording: sanctions, rejections,
accusations, threats, protests, mobilisation, coercion and assaults (sentences written for
these tests, several wordings per class, and sentences that must not fire)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from teller import actors
from teller.events import code_article
from teller.records import Article

DCT = datetime(2022, 3, 9, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def kb():
    return actors.KnowledgeBase.default()


def _events(nlp, kb, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, kb, when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def _countries(parties):
    return {p.country for p in parties}


def _one(nlp, kb, text, etype):
    evs = [e for e in _events(nlp, kb, text) if e.event == etype]
    assert evs, f"no {etype} in {text!r}: {[e.event for e in _events(nlp, kb, text)]}"
    return evs[0]


def _types(nlp, kb, text):
    return {e.event for e in _events(nlp, kb, text)}


# --- SANCTION ---

@pytest.mark.parametrize("text", [
    "Poland expelled three Belarusian spies on Tuesday.",
    "Norway has expelled two Russian embassy officials accused of espionage.",
    "Australia expelled the Iranian consul in Sydney.",
])
def test_expelling_spies_and_officials_is_a_diplomatic_expulsion(nlp, kb, text):
    ev = _one(nlp, kb, text, "SANCTION")
    assert ev.mode == "expel"
    assert "COERCE" not in _types(nlp, kb, text)


def test_expelling_a_country_from_a_coalition_is_a_sanction(nlp, kb):
    ev = _one(nlp, kb, "The Arab League expelled Syria in November.", "SANCTION")
    assert "SYR" in _countries(ev.recipient)


@pytest.mark.parametrize("text", [
    "China advised its citizens not to travel to Japan.",
    "Germany issued a travel warning for Turkey on Monday.",
])
def test_travel_advisories_against_a_country_are_sanctions(nlp, kb, text):
    ev = _one(nlp, kb, text, "SANCTION")
    assert ev.mode == "discontinue"


def test_designating_an_envoy_is_not_a_sanction(nlp, kb):
    assert "SANCTION" not in _types(nlp, kb, "France designated Jean Dupont as its envoy to Mali.")


# --- REJECT ---

def test_casting_a_veto_is_a_rejection(nlp, kb):
    ev = _one(nlp, kb, "China cast its veto against the draft resolution on Myanmar.", "REJECT")
    assert ev.mode == "yield"


@pytest.mark.parametrize("text", [
    "Putin said Moscow will not retaliate against Washington.",
    "Egypt said it would not hit back for the expulsion.",
])
def test_refusing_to_retaliate_is_a_rejection(nlp, kb, text):
    types = _types(nlp, kb, text)
    assert "REJECT" in types and "THREATEN" not in types


# --- ACCUSE ---

@pytest.mark.parametrize("text", [
    "Sweden castigated Hungary over the delay.",
    "The Indian foreign minister lambasted Pakistan on Monday.",
    "The Philippine government insulted the United States in a statement.",
    "France expressed outrage at the Turkish decision.",
])
def test_scolding_and_insults_are_accusations(nlp, kb, text):
    ev = _one(nlp, kb, text, "ACCUSE")
    assert ev.mode == "disapprove"


def test_hitting_back_at_critics_is_verbal(nlp, kb):
    types = _types(nlp, kb, "Erdogan hit back at Macron on Saturday.")
    assert "ACCUSE" in types and "ASSAULT" not in types


# --- THREATEN ---

@pytest.mark.parametrize("text", [
    "North Korea said it was considering a missile strike on Guam.",
    "Israel is weighing a military strike on Iranian nuclear sites.",
])
def test_weighing_force_aloud_is_a_threat(nlp, kb, text):
    ev = _one(nlp, kb, text, "THREATEN")
    assert ev.mode == "violence"
    assert "ASSAULT" not in _types(nlp, kb, text)


def test_a_tariff_threat_names_its_target(nlp, kb):
    ev = _one(nlp, kb, "Washington threatened tariffs on Mexican imports.", "THREATEN")
    assert "MEX" in _countries(ev.recipient)


def test_responding_to_a_letter_is_not_a_threat(nlp, kb):
    assert "THREATEN" not in _types(nlp, kb, "Japan responded quickly to the letter from South Korea.")


# --- MOBILIZE ---

@pytest.mark.parametrize("text", [
    "The Chinese military commenced a new round of live-fire drills near Taiwan.",
    "Russia began naval exercises in the Baltic Sea on Monday.",
    "Taiwan scrambled jets after Chinese aircraft entered its air defence zone.",
    "Russia amassed troops on the Ukrainian border.",
])
def test_drills_and_force_posture_are_mobilisation(nlp, kb, text):
    types = _types(nlp, kb, text)
    assert "MOBILIZE" in types and "ASSAULT" not in types


def test_a_school_fire_drill_is_not_a_mobilisation(nlp, kb):
    assert "MOBILIZE" not in _types(nlp, kb, "Schools in Ohio held a fire drill on Monday.")


# --- COERCE ---

@pytest.mark.parametrize("text", [
    "Iran blocked websites critical of the government.",
    "Ethiopia shut down the internet in the Tigray region.",
])
def test_blocking_sites_and_internet_shutdowns_are_censorship(nlp, kb, text):
    ev = _one(nlp, kb, text, "COERCE")
    assert ev.mode == "censor"


@pytest.mark.parametrize("text", [
    "Houthi rebels claimed a drone attack on a Saudi oil facility.",
    "The Taliban claimed the bombing of a police station in Kabul.",
])
def test_a_claimed_attack_is_the_claimants_assault(nlp, kb, text):
    ev = _one(nlp, kb, text, "ASSAULT")
    assert ev.actor and ev.actor[0].country in {"YEM", "AFG"}


def test_claiming_victory_is_not_an_event(nlp, kb):
    assert "ASSAULT" not in _types(nlp, kb, "Russia claimed victory in the election.")


def test_dropping_charges_is_not_an_assault(nlp, kb):
    assert "ASSAULT" not in _types(nlp, kb, "Brazil dropped the charges against the Chinese sailors.")


# --- second round: trade and travel bans, diplomatic protests, vigils, impact verbs ---

@pytest.mark.parametrize("text", [
    "Sweden ordered two Iranian diplomats to leave the country within 48 hours.",
    "The United States placed sanctions on three North Korean officials.",
    "China banned imports of Japanese seafood.",
    "China imposed an import ban on Japanese seafood.",
    "The United States imposed visa restrictions on Nigerian officials.",
    "Japan tightened export controls on South Korea.",
])
def test_bans_on_trade_and_travel_are_sanctions_not_repression(nlp, kb, text):
    types = _types(nlp, kb, text)
    assert "SANCTION" in types and "COERCE" not in types and "REQUEST" not in types


def test_a_police_ban_on_a_march_stays_repression(nlp, kb):
    types = _types(nlp, kb, "Turkish police banned the march in Istanbul.")
    assert "SANCTION" not in types


def test_a_state_protesting_to_another_state_accuses_it(nlp, kb):
    ev = _one(nlp, kb, "Pakistan protested to India over the border firing.", "ACCUSE")
    assert "IND" in _countries(ev.recipient)
    assert "PROTEST" not in _types(nlp, kb, "Pakistan protested to India over the border firing.")


def test_countermeasures_are_threatened(nlp, kb):
    ev = _one(nlp, kb, "Beijing said it would take resolute countermeasures against Lithuania.", "THREATEN")
    assert "LTU" in _countries(ev.recipient)


@pytest.mark.parametrize("text", [
    "Iranian women burned their headscarves in protest.",
    "Hundreds of Pakistani protesters torched vehicles in Lahore.",
    "Pro-Palestinian demonstrators held a vigil outside the Israeli embassy in London.",
])
def test_burning_symbols_and_vigils_are_protests(nlp, kb, text):
    types = _types(nlp, kb, text)
    assert "PROTEST" in types and "ASSAULT" not in types


@pytest.mark.parametrize("text, mode", [
    ("Egypt placed the opposition leader under house arrest.", "arrest"),
    ("India suspended mobile internet services in Kashmir.", "censor"),
])
def test_house_arrest_and_internet_cuts_are_coercion(nlp, kb, text, mode):
    assert _one(nlp, kb, text, "COERCE").mode == mode


def test_sanctions_hitting_an_economy_is_no_assault(nlp, kb):
    assert "ASSAULT" not in _types(nlp, kb, "The sanctions hit the Russian economy hard.")


def test_vowing_to_go_on_in_response_to_an_arrest_is_no_threat(nlp, kb):
    # "in response to" is a prepositional object of "vowed", not a vowed response
    text = "In response to his arrest, the Turkish mayor vowed to continue resisting political pressure."
    assert "THREATEN" not in _types(nlp, kb, text)


# --- one wording each: the trigger fires with its type ---

@pytest.mark.parametrize("text, etype", [
    ("The US Treasury designated four Iranian companies for supplying drone parts.", "SANCTION"),
    ("Washington blacklisted two Chinese firms on Friday.", "SANCTION"),
    ("Britain slapped sanctions on Russian oligarchs.", "SANCTION"),
    ("Kenya downgraded diplomatic ties with Somalia.", "SANCTION"),
    ("Moscow rubbished the report on Thursday.", "REJECT"),
    ("Beijing brushed aside the criticism.", "REJECT"),
    ("Turkey called off the meeting with Greece.", "REJECT"),
    ("Pakistan scrapped the planned visit by Indian officials.", "REJECT"),
    ("Iran vowed retaliation against Israel.", "THREATEN"),
    ("Syrian aircraft dropped barrel bombs on the town of Idlib.", "ASSAULT"),
    ("Russian artillery pounded Ukrainian positions overnight.", "ASSAULT"),
    ("Israeli jets hit a Hamas weapons depot in Gaza.", "ASSAULT"),
    ("Hungary blocked the EU statement on China.", "REJECT"),
    ("Myanmar troops torched villages in Sagaing.", "ASSAULT"),
    ("The United States sent an aircraft carrier to the Korean peninsula.", "MOBILIZE"),
    ("Poland raised its military readiness level.", "MOBILIZE"),
    ("An Israeli airstrike hit a school in Gaza.", "ASSAULT"),
    ("A Russian missile strike killed 20 civilians in Odesa.", "ASSAULT"),
    ("Boko Haram fighters raided a village in Borno state.", "ASSAULT"),
    ("Iran launched hundreds of drones and missiles at Israel.", "ASSAULT"),
    ("Al-Shabaab claimed responsibility for the attack on the Kenyan base.", "ASSAULT"),
    ("The Chinese foreign ministry chided Japan over the shrine visit.", "ACCUSE"),
    ("Russia ignored the UN call for a ceasefire.", "REJECT"),
    ("The Iranian president snubbed the invitation from Washington.", "REJECT"),
    ("Turkey set a deadline for Sweden to extradite the suspects.", "THREATEN"),
    ("Israel called up 300,000 reservists after the attack.", "MOBILIZE"),
    ("Lithuania fortified its border with Belarus.", "MOBILIZE"),
    ("Iranian authorities cracked down on protesters in Tehran.", "COERCE"),
    ("Syrian government forces besieged the rebel-held town of Madaya.", "COERCE"),
    ("A Palestinian man stabbed two Israeli soldiers in Hebron.", "ASSAULT"),
])
def test_common_wire_verbs_of_conflict(nlp, kb, text, etype):
    _one(nlp, kb, text, etype)


@pytest.mark.parametrize("text", [
    "Japan ignored the criticism.",
    "The Brazilian union called up its members for a vote.",
])
def test_ignoring_criticism_and_calling_members_are_no_events(nlp, kb, text):
    assert not {"REJECT", "MOBILIZE"} & _types(nlp, kb, text)


@pytest.mark.parametrize("text", [
    "Kenyan protesters stormed the parliament in Nairobi.",
    "Iranian students stormed the British embassy in Tehran.",
    "Serbian students staged a sit-in at the university.",
])
def test_crowds_storming_a_legislature_or_embassy_and_sit_ins_are_protests(nlp, kb, text):
    types = _types(nlp, kb, text)
    assert "PROTEST" in types and "ASSAULT" not in types


def test_forces_storming_a_town_is_still_an_assault(nlp, kb):
    types = _types(nlp, kb, "Iraqi special forces stormed the town of Tal Afar.")
    assert "ASSAULT" in types and "PROTEST" not in types
