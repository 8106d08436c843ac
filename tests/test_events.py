"""PLOVER coder: every event type (twice, with negated, hypothetical and planned cases),
participants, passives, reported speech, lexicon and CAMEO facts.

Mentions are built by hand here (a name -> Actor table) so that these tests check the event
coder alone; tests/test_events_article.py runs the real actor and time stages end to end.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from teller.events import cameo, code_article, lexicon
from teller.records import PLOVER_TYPES, Actor, Article, Mention, Span

DCT = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


def _state(code: str, name: str) -> Actor:
    return Actor(id=f"state:{code}", name=name, kind="state", country=code)


ACTORS = {
    "Japan": _state("JPN", "Japan"), "China": _state("CHN", "China"), "Russia": _state("RUS", "Russia"),
    "Ukraine": _state("UKR", "Ukraine"), "France": _state("FRA", "France"), "Germany": _state("DEU", "Germany"),
    "Brazil": _state("BRA", "Brazil"), "Kenya": _state("KEN", "Kenya"), "Chile": _state("CHL", "Chile"),
    "Peru": _state("PER", "Peru"), "Norway": _state("NOR", "Norway"), "Egypt": _state("EGY", "Egypt"),
    "Israel": _state("ISR", "Israel"), "Iran": _state("IRN", "Iran"), "India": _state("IND", "India"),
    "Pakistan": _state("PAK", "Pakistan"), "Canada": _state("CAN", "Canada"), "Mexico": _state("MEX", "Mexico"),
    "Poland": _state("POL", "Poland"), "Spain": _state("ESP", "Spain"), "Italy": _state("ITA", "Italy"),
    "the rebels": Actor(id="group:rebels", name="rebels", kind="group", country="COL"),
    "police": Actor(id="gov:COL.police", name="police", kind="government", country="COL"),
    "the protesters": Actor(id="group:protesters", name="protesters", kind="group", country="COL"),
    "the workers": Actor(id="group:workers", name="workers", kind="group", country="KEN"),
    "the army": Actor(id="gov:MMR.army", name="army", kind="government", country="MMR"),
    "the villagers": Actor(id="group:villagers", name="villagers", kind="group", country="MMR"),
    "the journalist": Actor(id="person:journalist", name="journalist", kind="person", country="MMR"),
}


def mentions_for(text: str) -> list[Mention]:
    out = []
    for name in sorted(ACTORS, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
            if any(x.evidence[0].start <= m.start() < x.evidence[0].end for x in out):
                continue
            out.append(Mention(text=name, evidence=[Span(m.start(), m.end())], actor=ACTORS[name], kind="name"))
    return sorted(out, key=lambda m: m.evidence[0].start)


def code(nlp, text: str):
    art = Article(id=Article.make_id(text, None), text=text)
    return code_article(nlp(text), art, mentions_for(text), [], dct=DCT).events


def find(events, etype: str):
    hits = [e for e in events if e.event == etype]
    assert hits, f"no {etype} in {[(e.event, e.status) for e in events]}"
    return hits[0]


def codes(actors) -> list[str]:
    return [a.country for a in actors]


# (sentence, type, status, actor country, recipient country or None, mode or None)
CASES = [
    ("Japan agreed to cooperate with China on fisheries.", "AGREE", "happened", "JPN", "CHN", None),
    ("Kenya offered to send food aid to Chile.", "AGREE", "happened", "KEN", "CHL", None),
    ("France did not agree to the proposal from Germany.", "REJECT", "happened", "FRA", "DEU", None),
    ("Russia met Ukraine in Istanbul on Monday.", "CONSULT", "happened", "RUS", "UKR", None),
    ("Brazil did not meet Kenya last week.", "CONSULT", "denied", "BRA", "KEN", None),
    ("Chile will hold talks with Peru next month.", "CONSULT", "planned", "CHL", "PER", None),
    ("Norway telephoned Egypt on Sunday.", "CONSULT", "happened", "NOR", "EGY", "phone"),
    ("Japan praised China for its efforts.", "SUPPORT", "happened", "JPN", "CHN", None),
    ("France would welcome Germany if it joined the pact.", "SUPPORT", "hypothetical", "FRA", "DEU", None),
    ("Iran lifted the curfew in Israel.", "CONCEDE", "happened", "IRN", "ISR", None),
    ("India acceded to demands from Pakistan.", "CONCEDE", "happened", "IND", "PAK", None),
    ("Canada extradited a suspect to Mexico.", "COOPERATE", "happened", "CAN", "MEX", None),
    ("Poland shared intelligence with Spain.", "COOPERATE", "happened", "POL", "ESP", None),
    ("Italy sent aid to Kenya.", "AID", "happened", "ITA", "KEN", None),
    ("Japan granted asylum to a dissident from China.", "AID", "happened", "JPN", None, None),
    ("Russia withdrew its troops from Ukraine.", "RETREAT", "happened", "RUS", "UKR", "withdraw"),
    ("the rebels released two hostages on Friday.", "RETREAT", "happened", "COL", None, "release"),
    ("Brazil urged Kenya to release the prisoners.", "REQUEST", "happened", "BRA", "KEN", "yield"),
    ("Chile called on Peru to hold talks.", "REQUEST", "happened", "CHL", "PER", "meet"),
    ("Norway accused Egypt of violating the agreement.", "ACCUSE", "happened", "NOR", "EGY", "allege"),
    ("Israel condemned Iran on Tuesday.", "ACCUSE", "happened", "ISR", "IRN", "disapprove"),
    ("India rejected a proposal from Pakistan.", "REJECT", "happened", "IND", "PAK", None),
    ("Canada refused to meet Mexico.", "REJECT", "happened", "CAN", "MEX", "meet"),
    ("Poland threatened to impose sanctions on Spain.", "THREATEN", "happened", "POL", "ESP", "relations"),
    ("Italy warned Germany that it would attack.", "THREATEN", "happened", "ITA", "DEU", None),
    ("the protesters demonstrated against police in the capital.", "PROTEST", "happened", "COL", "COL", "demo"),
    ("the workers went on strike on Monday.", "PROTEST", "happened", "KEN", None, None),
    ("Russia deployed troops to the border with Ukraine.", "MOBILIZE", "happened", "RUS", None, "troops"),
    ("China mobilized its navy against Japan.", "MOBILIZE", "happened", "CHN", "JPN", "troops"),
    ("France imposed sanctions on Iran.", "SANCTION", "happened", "FRA", "IRN", "discontinue"),
    ("Germany could impose sanctions on Russia if talks fail.", "SANCTION", "hypothetical", "DEU", "RUS",
     "discontinue"),
    ("police arrested the journalist on Saturday.", "COERCE", "happened", "COL", "MMR", "arrest"),
    ("Egypt will impose a curfew in Israel.", "COERCE", "planned", "EGY", "ISR", "curfew"),
    ("the army attacked the villagers with artillery.", "ASSAULT", "happened", "MMR", "MMR", "heavy-weapons"),
    ("the villagers were shot by the army.", "ASSAULT", "happened", "MMR", "MMR", "firearms"),
    ("the army did not attack the villagers.", "ASSAULT", "denied", "MMR", "MMR", None),
]


@pytest.mark.parametrize("text,etype,status,actor,recipient,mode", CASES, ids=[c[0][:40] for c in CASES])
def test_sentence_cases(nlp, text, etype, status, actor, recipient, mode):
    ev = find(code(nlp, text), etype)
    assert ev.status == status
    assert codes(ev.actor) == [actor]
    if recipient:
        assert recipient in codes(ev.recipient)
    if mode:
        assert ev.mode == mode
    assert ev.quad_code == cameo.quad_code(etype)
    assert ev.cameo is None or cameo.cameo_to_plover(ev.cameo) == etype
    assert ev.evidence and ev.event_text


def test_every_type_is_covered_twice():
    counts = {t: sum(1 for c in CASES if c[1] == t) for t in PLOVER_TYPES}
    assert all(n >= 2 for n in counts.values()), counts
    statuses = {c[2] for c in CASES}
    assert {"happened", "planned", "hypothetical", "denied"} <= statuses


def test_passive_agent_is_the_actor(nlp):
    ev = find(code(nlp, "Kenya was criticized by Brazil over the vote."), "ACCUSE")
    assert codes(ev.actor) == ["BRA"] and codes(ev.recipient) == ["KEN"]


def test_reported_speech_codes_the_reported_act(nlp):
    evs = code(nlp, "Chile said Peru accused Brazil of spying.")
    ev = find(evs, "ACCUSE")
    assert codes(ev.actor) == ["PER"] and codes(ev.recipient) == ["BRA"]
    assert not any(codes(e.actor) == ["CHL"] for e in evs)


def test_several_events_in_one_sentence(nlp):
    evs = code(nlp, "Russia attacked Ukraine on Monday, and Japan condemned Russia.")
    assert {e.event for e in evs} >= {"ASSAULT", "ACCUSE"}
    acc = find(evs, "ACCUSE")
    assert codes(acc.actor) == ["JPN"] and codes(acc.recipient) == ["RUS"]


def test_request_content_is_not_a_separate_event(nlp):
    evs = code(nlp, "France urged Germany to withdraw its troops.")
    assert [e.event for e in evs] == ["REQUEST"]


def test_agreed_to_hold_talks_plans_the_talks(nlp):
    evs = code(nlp, "Japan and China agreed to hold talks in Beijing.")
    consult = find(evs, "CONSULT")
    assert consult.status == "planned"
    assert codes(consult.actor) == ["JPN"] and codes(consult.recipient) == ["CHN"]
    assert consult.event_loc is not None and consult.event_loc.name == "Beijing"


def test_intention_verbs_plan(nlp):
    ev = find(code(nlp, "Norway plans to visit Egypt in June."), "CONSULT")
    assert ev.status == "planned" and ev.mode == "visit"
    ev = find(code(nlp, "Italy is scheduled to meet Spain."), "CONSULT")
    assert ev.status == "planned"


def test_conditional_meeting_is_hypothetical(nlp):
    ev = find(code(nlp, "India would meet Pakistan if the shelling stopped."), "CONSULT")
    assert ev.status == "hypothetical"


def test_nominal_phone_call(nlp):
    ev = find(code(nlp, "Canada held a phone call with Mexico on Friday."), "CONSULT")
    assert ev.mode == "phone" and ev.cameo == "041"
    assert codes(ev.actor) == ["CAN"] and codes(ev.recipient) == ["MEX"]


def test_no_event_without_a_trigger(nlp):
    assert code(nlp, "Japan is an island country in East Asia.") == []


def test_lexicon_codes_agree_with_cameo_table():
    lex = lexicon.default()
    for table in (lex.verbs, lex.nouns, lex.adjs):
        for entries in table.values():
            for e in entries:
                assert e.type in PLOVER_TYPES
                assert e.cameo is None or cameo.cameo_to_plover(e.cameo) == e.type, e


def test_cameo_mapping_and_quads():
    assert cameo.cameo_to_plover("041") == "CONSULT"
    assert cameo.cameo_to_plover("0841") == "RETREAT"
    assert cameo.cameo_to_plover("083") == "CONCEDE"
    assert cameo.cameo_to_plover("190") == "ASSAULT"
    assert cameo.cameo_to_plover("020") is None
    assert [cameo.quad_code(t) for t in ("AGREE", "AID", "ACCUSE", "ASSAULT")] == [1, 2, 3, 4]


def test_plover_category_folds_future_cooperation():
    from teller.records import Event

    ev = Event(id="e", event="CONSULT", actor=[], recipient=[], status="planned", evidence=[], confidence=0.5)
    assert cameo.plover_category(ev) == "AGREE"
    ev.status = "happened"
    assert cameo.plover_category(ev) == "CONSULT"


def test_bad_dct_is_a_clear_error(nlp):
    text = "Japan met China."
    with pytest.raises(ValueError):
        code_article(nlp(text), Article(id="a", text=text), [], [], dct=datetime(2024, 1, 1))


def test_bad_mentions_and_empty_text_do_not_crash(nlp):
    text = "France met Germany."
    bogus = [Mention(text="x", evidence=[Span(500, 510)], actor=ACTORS["France"], kind="name"),
             Mention(text="France", evidence=[Span(0, 6)], actor=None, kind="name")]
    art = Article(id="a", text=text)
    evs = code_article(nlp(text), art, bogus, [], dct=DCT).events
    # the unresolved names still act, as low-confidence "unresolved" actors without a country
    assert all(a.kind == "unresolved" and a.country is None for e in evs for a in e.actor)
    assert all(e.confidence < 0.5 for e in evs)
    assert code_article(nlp(""), Article(id="b", text=""), [], [], dct=DCT).events == []


def test_lexicon_file_errors_are_clear(tmp_path):
    from teller.errors import DataError

    for name in ("words.tsv", "cues.tsv"):
        (tmp_path / name).write_text("")
    (tmp_path / "lexicon.tsv").write_text("verb  meet  CONSULTX  -  040  -\n")
    with pytest.raises(DataError, match="lexicon.tsv:1"):
        lexicon.load(tmp_path)


def test_missiles_fired_at_nobody_are_a_show_of_force(nlp):
    ev = find(code(nlp, "Iran fired two missiles into the sea on Thursday."), "MOBILIZE")
    assert ev.mode == "weapons"
    ev = find(code(nlp, "Russia fired missiles at Ukraine on Thursday."), "ASSAULT")
    assert codes(ev.recipient) == ["UKR"]


def test_calling_for_sanctions_against_a_third_party_is_rallying_opposition(nlp):
    ev = find(code(nlp, "Kenya called for sanctions against Egypt on Monday."), "ACCUSE")
    assert ev.mode == "disapprove" and ev.cameo == "113" and codes(ev.recipient) == ["EGY"]
    ev = find(code(nlp, "Kenya called for talks with Egypt on Monday."), "REQUEST")
    assert ev.mode == "meet"


def test_coordinated_clause_with_its_own_subject_keeps_its_status(nlp):
    evs = code(nlp, "Russia did not attack Ukraine on Monday, and Japan condemned Russia.")
    assert find(evs, "ASSAULT").status == "denied"
    assert find(evs, "ACCUSE").status == "happened"
    ev = find(code(nlp, "Chile will meet Peru and discuss trade."), "CONSULT")
    assert ev.status == "planned"
