"""The cooperative side of the PLOVER lexicon on news phrasings (issue 12): calls and talks said
as nouns or light verbs, deals struck, sanctions eased, prisoners swapped, aid flown in, joint
drills, pullouts and requests. Each class is checked on several phrasings of our own, through
the whole pipeline (real actor stage), plus sentences that share a word but must not fire.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from teller.pipeline import process
from teller.records import Article

PUBLISHED = datetime(2025, 3, 14, 12, 0, tzinfo=UTC).isoformat()  # a Friday


@pytest.fixture(scope="module")
def code():
    """The events of one sentence, through the same stages as `teller process`."""
    return lambda text: process(Article(id=Article.make_id(text, None), text=text, published=PUBLISHED)).events


def parties(event) -> set[str]:
    return {a.country for a in event.actor + event.recipient if a.country}


# (sentence, type, status, countries that must all be among the parties, mode or None)
CASES = [
    # CONSULT: calls and talks as nouns, light verbs and less usual verbs
    ("Japan and Brazil held phone talks on Monday.", "CONSULT", "happened", {"JPN", "BRA"}, "phone"),
    ("Kenya held a telephonic dialogue with Ghana on Tuesday.", "CONSULT", "happened", {"KEN", "GHA"}, "phone"),
    ("India's prime minister received a phone call from Chile's president.", "CONSULT", "happened", {"IND", "CHL"},
     "phone"),
    ("Peru received a call from Canada about the fishing dispute.", "CONSULT", "happened", {"PER", "CAN"}, "phone"),
    ("Norway's foreign minister spoke to his Swedish counterpart on Wednesday.", "CONSULT", "happened", {"NOR"}, None),
    ("Poland contacted Lithuania about the border incident.", "CONSULT", "happened", {"POL", "LTU"}, None),
    ("Egypt received a delegation from Sudan in Cairo.", "CONSULT", "happened", {"EGY", "SDN"}, None),
    ("Vietnam and Laos will hold a teleconference next week.", "CONSULT", "planned", {"VNM", "LAO"}, "phone"),
    ("Japan's foreign minister paid a courtesy call on the Thai king.", "CONSULT", "happened", {"JPN"}, "visit"),
    ("Finland's president spoke via video link with Estonia's president.", "CONSULT", "happened", {"FIN", "EST"},
     "phone"),
    ("Serbia and Kosovo will attend a peace conference in Brussels.", "CONSULT", "planned", {"SRB"}, None),
    ("Mexico's president and Canada's premier held a joint press conference.", "CONSULT", "happened", {"MEX", "CAN"},
     None),
    # AGREE: deals struck, sealed, forged, brokered
    ("Australia struck a deal with Indonesia on cattle exports.", "AGREE", "happened", {"AUS", "IDN"}, None),
    ("Chile and Argentina sealed a border pact on Thursday.", "AGREE", "happened", {"CHL", "ARG"}, None),
    ("Qatar brokered a truce between Ethiopia and Eritrea.", "AGREE", "happened", {"QAT"}, None),
    ("Morocco and Spain forged an agreement on migration.", "AGREE", "happened", {"MAR", "ESP"}, None),
    # SUPPORT
    ("Ghana extolled Nigeria for its mediation.", "SUPPORT", "happened", {"GHA", "NGA"}, None),
    ("Hungary sided with Serbia in the dispute.", "SUPPORT", "happened", {"HUN", "SRB"}, None),
    # CONCEDE: easing sanctions and restrictions is a concession, not a pullout
    ("Canada lifted sanctions on Venezuela on Tuesday.", "CONCEDE", "happened", {"CAN", "VEN"}, None),
    ("Britain will ease its sanctions against Belarus.", "CONCEDE", "planned", {"GBR", "BLR"}, None),
    ("Japan waived the sanctions on Myanmar.", "CONCEDE", "happened", {"JPN", "MMR"}, None),
    ("Germany announced the lifting of restrictions on Turkey.", "CONCEDE", "happened", {"DEU"}, None),
    ("Israel backed down after pressure from Egypt.", "CONCEDE", "happened", {"ISR"}, None),
    # RETREAT: prisoners freed or swapped (the PLOVER manual's release), pullouts ordered
    ("Armenia and Azerbaijan swapped prisoners on Sunday.", "RETREAT", "happened", {"ARM", "AZE"}, "release"),
    ("Russia and Ukraine completed a prisoner exchange.", "RETREAT", "happened", {"RUS", "UKR"}, "release"),
    ("Colombia carried out a prisoner swap with Venezuela.", "RETREAT", "happened", {"COL", "VEN"}, "release"),
    ("France ordered the withdrawal of its troops from Mali.", "RETREAT", "happened", {"FRA", "MLI"}, "withdraw"),
    ("Turkey drew down its forces in Syria.", "RETREAT", "happened", {"TUR", "SYR"}, "withdraw"),
    ("Belarus released three jailed activists from Lithuania.", "RETREAT", "happened", {"BLR"}, "release"),
    ("Two journalists were released by Iran on Monday.", "RETREAT", "happened", {"IRN"}, "release"),
    ("Israel's truce with Lebanon came into force on Wednesday.", "RETREAT", "happened", {"ISR", "LBN"}, "ceasefire"),
    ("Sudan's ceasefire with the RSF took effect at dawn.", "RETREAT", "happened", {"SDN"}, "ceasefire"),
    # COOPERATE: joint drills kicked off, forces joined
    ("Japan and Australia kicked off joint exercises on Monday.", "COOPERATE", "happened", {"JPN", "AUS"}, None),
    ("India and France began a bilateral naval exercise.", "COOPERATE", "happened", {"IND", "FRA"}, None),
    ("Malaysia and Thailand launched joint patrols along the border.", "COOPERATE", "happened", {"MYS", "THA"}, None),
    ("Italy joined forces with Greece against smuggling.", "COOPERATE", "happened", {"ITA", "GRC"}, None),
    # AID: relief dispatched, airdropped, shipped
    ("Turkey dispatched relief flights to Pakistan.", "AID", "happened", {"TUR", "PAK"}, None),
    ("Jordan airdropped food to Sudan on Saturday.", "AID", "happened", {"JOR", "SDN"}, None),
    ("Norway shipped medicine to Yemen.", "AID", "happened", {"NOR", "YEM"}, None),
    ("Germany bailed out Greece in 2010.", "AID", "happened", {"DEU", "GRC"}, None),
    ("Italy provided humanitarian relief to Somalia.", "AID", "happened", {"ITA", "SOM"}, None),
    ("Britain provided weapons to Ukraine.", "AID", "happened", {"GBR", "UKR"}, None),
    ("Spain launched relief operations in Morocco.", "AID", "happened", {"ESP", "MAR"}, None),
    # SUPPORT: relief as a feeling is a welcome, not aid
    ("France expressed relief at Iran's decision.", "SUPPORT", "happened", {"FRA"}, None),
    # REQUEST
    ("Greece asked Germany for a bailout.", "REQUEST", "happened", {"GRC", "DEU"}, "assist"),
    ("Portugal made a formal request for a bailout.", "REQUEST", "happened", {"PRT"}, "assist"),
    ("Egypt petitioned Israel to reopen the crossing.", "REQUEST", "happened", {"EGY", "ISR"}, None),
]


@pytest.mark.parametrize("text,etype,status,countries,mode", CASES, ids=[c[0][:45] for c in CASES])
def test_news_phrasings_code_their_event(code, text, etype, status, countries, mode):
    hits = [e for e in code(text) if e.event == etype and e.status == status]
    assert hits, f"no {etype}/{status} in {[(e.event, e.status) for e in code(text)]}"
    assert any(countries <= parties(e) for e in hits), [(parties(e)) for e in hits]
    if mode is not None:
        assert any(e.mode == mode for e in hits), [e.mode for e in hits]


# (sentence, type that must not be coded): same words, other senses
NEGATIVES = [
    ("Russia's foreign minister spoke to reporters in Moscow.", "CONSULT"),
    ("A missile struck a factory in Ukraine.", "AGREE"),
    ("Italy dropped bombs on the port.", "AID"),
    ("Canada lifted sanctions on Venezuela on Tuesday.", "RETREAT"),
    ("Germany received aid from France.", "CONSULT"),
    ("Russia and Ukraine exchanged fire across the river.", "RETREAT"),
    ("The trucks shipped off to Poland at dawn.", "AID"),
    ("India kicked off its election campaign.", "COOPERATE"),
    ("Canada voiced relief after the vote in Chile.", "AID"),
    ("Peru's troops came to the border.", "RETREAT"),
    ("Brazil's foreign minister held a news conference with reporters from Chile.", "CONSULT"),
    ("The Pentagon released a report on the raid in Iraq.", "RETREAT"),
    ("Iran released a video of the drill.", "RETREAT"),
    ("Poland's premier conceded that problems remain with Germany.", "CONCEDE"),
    ("Japan provided details of the plan to Korea.", "AID"),
    ("China's exports contributed to the tension with Vietnam.", "AID"),
]


@pytest.mark.parametrize("text,etype", NEGATIVES, ids=[n[0][:45] for n in NEGATIVES])
def test_other_senses_do_not_fire(code, text, etype):
    assert etype not in [e.event for e in code(text)]


@pytest.mark.parametrize("text,etype", [
    ("Britain ordered a pullout of its troops from Iraq.", "RETREAT"),
    ("Russia's president ordered a ceasefire in Georgia.", "RETREAT"),
    ("Israel's defence minister ordered an air strike on Syria.", "ASSAULT"),
])
def test_an_ordered_act_is_that_act_not_a_request_to_oneself(code, text, etype):
    types = [e.event for e in code(text)]
    assert etype in types and "REQUEST" not in types, types
