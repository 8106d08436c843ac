"""An action on a place with no stated recipient falls on that place's state; talks held
somewhere do not (sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from teller import actors
from teller.events import code_article
from teller.records import Article

DCT = datetime(2001, 3, 3, 12, 0, tzinfo=UTC)


def _events(nlp, text):
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, actors.KnowledgeBase.default(), when=DCT.date())
    return code_article(doc, art, ms, [], dct=DCT).events


def _one(events, etype):
    hits = [e for e in events if e.event == etype]
    assert hits, f"no {etype} in {[(e.event, [a.id for a in e.actor]) for e in events]}"
    return hits[0]


def test_curfew_in_a_capital_falls_on_its_state(nlp):
    ev = _one(_events(nlp, "Kenya imposed a curfew in Kampala on Sunday."), "COERCE")
    assert [a.country for a in ev.recipient] == ["UGA"]


def test_a_stated_recipient_is_kept(nlp):
    ev = _one(_events(nlp, "Egypt attacked Libya in Tripoli on Sunday."), "ASSAULT")
    assert [a.country for a in ev.recipient] == ["LBY"]


def test_agreement_reached_somewhere_has_no_place_recipient(nlp):
    evs = _events(nlp, "Brazil agreed to cut tariffs at a meeting in Geneva.")
    assert all("CHE" not in [a.country for a in e.recipient] for e in evs)


def test_visit_to_a_capital_has_the_host_as_recipient(nlp):
    ev = _one(_events(nlp, "President Mubarak arrived in Rabat on Monday."), "CONSULT")
    assert [a.country for a in ev.actor] == ["EGY"]
    assert [a.country for a in ev.recipient] == ["MAR"]


def test_place_of_the_threatened_act_gives_the_recipient(nlp):
    ev = _one(_events(nlp, "Kenya threatened to resume attacks in Uganda."), "THREATEN")
    assert [a.country for a in ev.recipient] == ["UGA"]


def test_a_foreign_country_named_with_in_is_the_recipient_when_none_is_stated(nlp):
    ev = _one(_events(nlp, "Chile established diplomatic ties with and opened an embassy in Hanoi on Monday."),
              "SUPPORT")
    assert [a.country for a in ev.recipient] == ["VNM"]
    assert ev.event_loc is None  # the loose reading names whom it concerns, not where it happened
    ev = _one(_events(nlp, "Canada is ready to contribute 300 engineers to a peacekeeping force in Mali, "
                           "its defence minister said."), "AID")
    assert [a.country for a in ev.recipient] == ["MLI"]


def test_a_place_in_a_clause_of_its_own_is_not_the_recipient(nlp):
    evs = _events(nlp, "Brazil agreed to raise its grain exports as ministers gathered in Paris.")
    assert evs and all("FRA" not in [a.country for a in e.recipient] for e in evs)


def test_cameo_target_falls_back_to_place_then_to_the_actors_own_country():
    from teller.events.cameo import cameo_target
    from teller.records import Actor, Event, Place

    sudan = Actor("state:SDN", "Sudan", "state", country="SDN")
    chad = Actor("state:TCD", "Chad", "state", country="TCD")

    def ev(recipient, loc=None):
        return Event(id="e", event="CONCEDE", actor=[sudan], recipient=recipient, status="happened",
                     evidence=[], confidence=0.8, event_loc=loc)

    assert cameo_target(ev([chad])) == ("TCD", "recipient")
    assert cameo_target(ev([], Place("Abeche", "TCD"))) == ("TCD", "place")
    assert cameo_target(ev([])) == ("SDN", "domestic")
    nobody = Event(id="e", event="PROTEST", actor=[Actor("group:farmers", "farmers", "group")], recipient=[],
                   status="happened", evidence=[], confidence=0.5)
    assert cameo_target(nobody) == (None, "none")


def test_places_are_read_with_the_knowledge_base_passed_in(nlp, tmp_path):
    # a user's cities file names a town the shipped gazetteer lacks: the events stage must read
    # places with that knowledge base, not with the default one
    cities = tmp_path / "cities.tsv"
    cities.write_text("name\tcountry\tpopulation\taliases\nVarnovka\tUKR\t250000\t\n", encoding="utf-8")
    user_kb = actors.KnowledgeBase.load([cities], include_default=True)
    text = "Kenya imposed a curfew in Varnovka on Sunday."
    doc = nlp(text)
    art = Article(id=Article.make_id(text, None), text=text)
    ms = actors.resolve(doc, art, user_kb, when=DCT.date())
    with_user = _one(code_article(doc, art, ms, [], dct=DCT, kb=user_kb).events, "COERCE")
    assert with_user.event_loc is not None and with_user.event_loc.country == "UKR"
    assert [a.country for a in with_user.recipient] == ["UKR"]
    default = _one(code_article(doc, art, ms, [], dct=DCT).events, "COERCE")
    assert default.event_loc is None or default.event_loc.country != "UKR"
    assert "UKR" not in [a.country for a in default.recipient]
