"""teller.actors: knowledge base and in-context resolution (milestone cases)."""

from __future__ import annotations

from datetime import date

import pytest

from teller.actors import KnowledgeBase, resolve
from teller.errors import DataError
from teller.records import Article

DAY = date(2023, 9, 14)

TEXT = (
    "Foreign Minister Yoko Kamikawa held telephone talks with U.S. Secretary of State Antony Blinken on Thursday. "
    "Minister Kamikawa delivered his inaugural greeting, while Secretary of State Blinken conveyed his congratulations. "
    "Blinken told his Japanese counterpart that the United States would stand with Japan. "
    "The two ministers agreed that the two countries would work closely together. "
    "Tokyo said the talks were productive. China's Foreign Ministry criticised the meeting. "
    "Former Foreign Minister Yoshimasa Hayashi welcomed the call. "
    "Japan's foreign minister later told reporters she was pleased. "
    "The minister said Japanese and U.S. officials would meet again. "
    "Maria Lopez, Chile's new trade minister, said she would visit Japan. Lopez met Foreign Minister Kamikawa in Tokyo."
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


@pytest.fixture(scope="module")
def mentions(nlp, kb):
    return resolve(nlp(TEXT), Article(id="a", text=TEXT), kb, DAY)


def _find(mentions, text, kind=None, nth=0):
    found = [m for m in mentions if m.text == text and (kind is None or m.kind == kind)]
    assert len(found) > nth, f"no mention {text!r} ({kind}) in {[(m.text, m.kind) for m in mentions]}"
    return found[nth]


def _id(m):
    return m.actor.id if m.actor else None


def test_default_kb_is_cached_and_covers_un_members(kb):
    assert KnowledgeBase.default() is kb
    assert sum(1 for s in kb.states.values() if s.status == "member") == 193


def test_lookup_and_country(kb):
    assert [a.id for a in kb.lookup("Blinken", DAY)] == ["person:antony-blinken"]
    assert kb.country("Japanese").id == "JPN"
    assert kb.country("U.S.").id == "USA"
    assert kb.country("JPN").name == "Japan"
    assert kb.lookup("Tokyo")[0].id == "JPN.GOV"


def test_holder_at_date(kb):
    assert kb.holder("JPN", "foreign", date(2023, 9, 12)).id == "person:yoshimasa-hayashi"
    assert kb.holder("JPN", "foreign", date(2023, 9, 13)).id == "person:yoko-kamikawa"  # handover day: the new one
    k = kb.holder("Japan", "Foreign Minister", DAY)
    assert (k.gender, k.cameo, k.country, k.sector) == ("female", "JPNGOV", "JPN", "GOV")
    assert kb.holder("USA", "Secretary of State", date(2018, 1, 1)).name == "Rex Tillerson"
    assert kb.holder("USA", "head_of_government", DAY).name == "Joe Biden"


def test_spans_are_offsets_into_text(mentions):
    for m in mentions:
        assert TEXT[m.evidence[0].start : m.evidence[0].end] == m.text
    starts = [m.evidence[0].start for m in mentions]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "text,kind,expected",
    [
        ("Foreign Minister Yoko Kamikawa", "title", "person:yoko-kamikawa"),
        ("U.S. Secretary of State Antony Blinken", "title", "person:antony-blinken"),
        ("Minister Kamikawa", "title", "person:yoko-kamikawa"),
        ("Secretary of State Blinken", "title", "person:antony-blinken"),
        ("Blinken", "surname", "person:antony-blinken"),
        ("his Japanese counterpart", "counterpart", "person:yoko-kamikawa"),
        ("the United States", "state", "USA"),
        ("Japan", "state", "JPN"),
        ("Tokyo", "capital", "JPN.GOV"),
        ("China's Foreign Ministry", "body", "CHN.GOV.foreign"),
        ("Japan's foreign minister", "possessive", "person:yoko-kamikawa"),
        ("The minister", "anaphor", "person:yoko-kamikawa"),
        ("Japanese", "demonym", "JPN"),
        ("U.S.", "state", "USA"),
    ],
)
def test_milestone_mentions(mentions, text, kind, expected):
    assert _id(_find(mentions, text, kind)) == expected


def test_pronouns_follow_position_not_gender(mentions):
    his = [m for m in mentions if m.text == "his" and m.kind == "pronoun"]
    # "Minister Kamikawa delivered his ...": the woman minister, whatever the pronoun says
    assert _id(his[0]) == "person:yoko-kamikawa" and his[0].actor.gender == "female"
    assert _id(his[1]) == "person:antony-blinken"  # "... while Secretary of State Blinken conveyed his ..."
    assert _id(his[2]) == "person:antony-blinken"  # "Blinken told his Japanese counterpart"
    assert _id(_find(mentions, "she", "pronoun", 0)) == "person:yoko-kamikawa"


def test_group_mentions_carry_members(mentions):
    two = _find(mentions, "The two ministers", "group")
    assert {a.id for a in two.members} == {"person:yoko-kamikawa", "person:antony-blinken"}
    countries = _find(mentions, "the two countries", "group")
    assert {a.id for a in countries.members} == {"JPN", "USA"}


def test_former_holder_is_distinct(mentions):
    m = _find(mentions, "Former Foreign Minister Yoshimasa Hayashi", "title")
    assert _id(m) == "person:yoshimasa-hayashi"
    assert m.actor.role_end == "2023-09-13"


def test_unknown_person_learnt_from_apposition(mentions):
    m = _find(mentions, "Maria Lopez", "learnt")
    assert m.actor.country == "CHL" and m.actor.role and "Trade" in m.actor.role
    assert m.confidence < 0.9
    assert _id(_find(mentions, "she", "pronoun", 1)) == _id(m)
    assert _id(_find(mentions, "Lopez")) == _id(m)


def test_bad_data_file_names_file_and_line(tmp_path):
    bad = tmp_path / "holders-extra.tsv"
    bad.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\n"
                   "jane-doe\tJane Doe\tfemale\tJPN\tforeign\t2020-13-01\t\t\n")
    with pytest.raises(DataError, match=r"holders-extra.tsv:2"):
        KnowledgeBase.load([bad], include_default=True)
