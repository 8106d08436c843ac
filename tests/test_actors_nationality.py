"""Nationality of people the knowledge base does not know, from the text (issue 13): a later
mention that qualifies the person, else the one country a local report is about; never the
country of whoever acts on them. Sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from teller import actors
from teller.actors import KnowledgeBase, resolve
from teller.actors.home import home_country
from teller.events import code_article
from teller.records import Actor, Article, Mention, Span

DAY = date(2019, 11, 20)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


def _person(nlp, kb, text, name):
    ms = resolve(nlp(text), Article(id="t", text=text), kb, DAY)
    found = [m for m in ms if m.text == name and m.actor is not None]
    assert found, f"no mention {name!r} in {[(m.text, m.kind) for m in ms]}"
    return found[0]


def test_a_later_qualified_mention_gives_the_nationality(nlp, kb):
    text = ("Karen Whitfield filed the suit on Monday. The lawsuit names two record labels. "
            "The Canadian singer Whitfield said she would appeal.")
    m = _person(nlp, kb, text, "Karen Whitfield")
    assert m.actor.country == "CAN" and m.actor.cameo == "CAN"


def test_a_local_report_gives_its_people_its_country(nlp, kb):
    text = ("Police said Brian Kessler, 41, was charged on Tuesday after a chase through Houston. "
            "Kessler was taken to a jail in Texas.")
    m = _person(nlp, kb, text, "Brian Kessler")
    assert m.actor.country == "USA"
    assert m.confidence <= 0.5  # guessed from the article, not stated


def test_regions_place_an_article(nlp, kb):
    text = "Karen Whitfield won the race in Ohio. She lives near Columbus, Ohio."
    assert _person(nlp, kb, text, "Karen Whitfield").actor.country == "USA"


def test_an_article_about_several_countries_guesses_nothing(nlp, kb):
    text = ("Lena Hartwig met officials in Germany, France and Japan. "
            "Hartwig later flew to Brazil and then to India.")
    assert _person(nlp, kb, text, "Lena Hartwig").actor.country is None


def test_the_home_country_needs_a_clear_majority(kb):
    def m(code):
        return Mention(text=code, evidence=[Span(0, 1)], actor=kb.state_actor(code), kind="state")

    assert home_country([m("USA")], [], kb) == "USA"  # the only country named
    assert home_country([m("USA"), m("USA"), m("USA"), m("CHN")], [], kb) == "USA"
    assert home_country([m("USA"), m("USA"), m("CHN")], [], kb) is None
    assert home_country([m("USA"), m("CHN")], ["Fresno"], kb) is None
    assert home_country([m("USA"), m("CHN")], ["Fresno", "Fresno"], kb) == "USA"  # 3 of 4
    assert home_country([], ["Fresno", "Sacramento"], kb) == "USA"
    learnt = Mention(text="X", evidence=[Span(0, 1)], kind="learnt",
                     actor=Actor(id="person:x", name="X", kind="person", country="FRA"))
    assert home_country([learnt, m("USA")], [], kb) == "USA"  # guesses are no evidence


DCT = datetime(2019, 11, 20, 9, 0, tzinfo=UTC)


def _events(nlp, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, actors.KnowledgeBase.default(), when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def test_an_unknown_organisation_in_a_local_report_is_of_its_country(nlp):
    text = ("A Dallas court heard the case on Monday in Texas. "
            "Quarnell Logistics accused the city council of breaking the contract.")
    evs = [e for e in _events(nlp, text) if e.event == "ACCUSE"]
    assert evs and evs[0].actor[0].country == "USA" and evs[0].actor[0].cameo == "USA"


def test_a_party_placed_by_its_sentence_gets_the_country_code(nlp):
    text = "Quarnell Logistics accused Kenya of breaking the contract."
    evs = [e for e in _events(nlp, text) if e.event == "ACCUSE"]
    assert evs
    for a in [*evs[0].actor, *evs[0].recipient]:
        assert a.country is None or a.cameo, a


def test_a_shared_surname_names_the_office_holder_only_where_their_country_is_named(nlp, kb):
    text = "Taylor said the tour would resume in Nashville next spring."
    ms = resolve(nlp(text), Article(id="t", text=text), kb, DAY)
    assert not any(m.actor is not None and m.actor.country == "LBR" for m in ms)
    text = "Liberia's former president Charles Taylor was sentenced. Taylor denied the charges."
    ms = resolve(nlp(text), Article(id="t", text=text), kb, DAY)
    assert [m.actor.id for m in ms if m.text == "Taylor"] == ["person:charles-taylor"]


@pytest.mark.parametrize("text,name,country,cameo,sector", [
    ("OFAC sanctioned three shipping firms on Tuesday.", "OFAC", "USA", "USAGOV", "GOV"),
    ("The People's Liberation Army held drills near the strait.", "The People's Liberation Army", "CHN", "CHNMIL",
     "MIL"),
    ("Huthi rebels fired a missile at a cargo ship.", "Huthi rebels", "YEM", "YEMREB", "REB"),
    ("Iran's Revolutionary Guards seized a tanker.", "Iran's Revolutionary Guards", "IRN", "IRNMIL", "MIL"),
    ("Samsung said profits fell.", "Samsung", "KOR", "KORBUS", "BUS"),
])
def test_agencies_armed_groups_and_companies_have_country_and_sector(nlp, kb, text, name, country, cameo, sector):
    m = _person(nlp, kb, text, name)
    assert (m.actor.country, m.actor.cameo, m.actor.sector) == (country, cameo, sector)


def test_an_unnamed_agent_never_takes_the_country_of_the_people_it_acts_on(nlp):
    for text in ("Police arrested three Chinese nationals in Manila.",
                 "Police in Manila arrested three Chinese nationals."):
        evs = [e for e in _events(nlp, text) if e.event == "COERCE"]
        assert evs and [a.country for a in evs[0].actor] == ["PHL"], text
        assert [a.cameo for a in evs[0].actor] == ["PHLCOP"]
    # nothing else places the soldiers: no agent of the detainees' country (migrants are abroad)
    for e in _events(nlp, "Soldiers detained four Afghan migrants near the border."):
        assert all(a.id != "AFG.MIL" for a in e.actor)
    # look-alike: the agent's own demonym still counts
    evs = [e for e in _events(nlp, "Kenyan police fired tear gas at protesters in Nairobi.") if e.event == "ASSAULT"]
    assert evs and [a.country for a in evs[0].actor] == ["KEN"]


def test_people_acted_on_are_mostly_the_agents_own(nlp):
    evs = [e for e in _events(nlp, "Police detained dozens of Turkish protesters on Sunday.") if e.event == "COERCE"]
    assert evs and [a.country for a in evs[0].actor] == ["TUR"]


def test_a_name_after_a_title_keeps_its_particles(nlp, kb):
    m = _person(nlp, kb, "Rubio met Syrian Foreign Minister Karim al-Haddadi in Ankara.",
                "Syrian Foreign Minister Karim al-Haddadi")
    assert m.actor.name == "Karim al-Haddadi" and m.actor.country == "SYR"
