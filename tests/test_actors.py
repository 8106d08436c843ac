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
    "Minister Kamikawa delivered his inaugural greeting, while Secretary of State Blinken conveyed his "
    "congratulations. "
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


# ---- knowledge base: loading, validation, import ------------------------------------------------

def test_shipped_kb_loads_with_its_gazetteer():
    # The load time (< 1 s) is printed by benchmarks/actors.py; here: what loads.
    kb = KnowledgeBase.load([], include_default=True)
    from teller.actors.resolve import gazetteer

    assert gazetteer(kb)
    assert kb.stats()["people"] > 150


def test_g20_leaders_and_foreign_ministers_cover_2015_to_2025(kb):
    g20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS",
           "SAU", "ZAF", "KOR", "TUR", "GBR", "USA"]
    gaps = []
    for year in range(2015, 2026):
        for day in (date(year, 2, 15), date(year, 8, 15)):
            for code in g20:
                for office in ("head_of_state", "head_of_government", "foreign"):
                    if kb.holder(code, office, day) is None:
                        gaps.append((code, office, day.isoformat()))
    # (acting office holders are not listed, so a few short spells have none: e.g. Mexico, June 2023)
    assert gaps == [], gaps


@pytest.mark.parametrize(
    "row,message",
    [
        ("jane-doe\tJane Doe\tfemale\tJPN\tforeign\t2020-13-01\t\t", "not a date"),
        ("jane-doe\tJane Doe\twoman\tJPN\tforeign\t2020-01-01\t\t", "gender"),
        ("jane-doe\tJane Doe\tfemale\tJP\tforeign\t2020-01-01\t\t", "ISO 3166"),
        ("jane-doe\tJane Doe\tfemale\tJPN\tforeign\t2020-01-01\t2019-01-01\t", "before it starts"),
        ("Jane Doe\tJane Doe\tfemale\tJPN\tforeign\t2020-01-01\t\t", "lower case"),
    ],
)
def test_holder_rows_are_validated(tmp_path, row, message):
    bad = tmp_path / "extra.tsv"
    bad.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\n" + row + "\n")
    with pytest.raises(DataError, match=message) as err:
        KnowledgeBase.load([bad], include_default=True)
    assert "extra.tsv:2" in str(err.value)


def test_unknown_office_and_unknown_header_are_reported(tmp_path):
    bad = tmp_path / "h.tsv"
    bad.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\n"
                   "jane-doe\tJane Doe\tfemale\tJPN\tastronaut\t2020-01-01\t\t\n")
    with pytest.raises(DataError, match="unknown office 'astronaut'"):
        KnowledgeBase.load([bad], include_default=True)
    odd = tmp_path / "odd.tsv"
    odd.write_text("who\twhat\n")
    with pytest.raises(DataError, match="header matches none"):
        KnowledgeBase.load([odd], include_default=True)


def test_user_file_adds_a_holder(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\n"
                     "ana-perez\tAna Perez\tfemale\tCHL\ttrade\t2024-01-01\t\tMinister Perez\n")
    kb2 = KnowledgeBase.load([extra], include_default=True)
    a = kb2.holder("Chile", "Trade Minister", date(2024, 3, 5))
    assert (a.id, a.gender, a.cameo, a.role) == ("person:ana-perez", "female", "CHLGOV", "Minister of Trade")
    assert kb2.holder("CHL", "trade", date(2023, 3, 5)) is None


TABARI = """# a tiny dictionary in TABARI format, for the importer test
JANE_Q_PUBLIC_  # CountryInfo.txt
+JQ_PUBLIC
+FRENCH_DEFENCE_MINISTER
+MINISTER_JANE_PUBLIC
\t[FRAGOV 150101-161231]
\t[FRAGOVMIL 170101-181231]
ATLANTIS_RELIEF_CORPS [NGOHLH]
FRANCE_ [FRA]
"""


def test_import_tabari_dictionary(tmp_path):
    from teller.actors import import_dictionary, import_dictionary_cli

    src = tmp_path / "tiny.actors.txt"
    src.write_text(TABARI)
    actors = import_dictionary(src)
    people = [a for a in actors if a.kind == "person"]
    assert [(a.id, a.cameo, a.role_start, a.role_end) for a in people] == [
        ("person:jane-q-public", "FRAGOV", "2015-01-01", "2017-01-01"),
        ("person:jane-q-public", "FRAGOVMIL", "2017-01-01", "2019-01-01"),
    ]
    assert {a.id for a in actors if a.kind != "person"} == {"org:atlantis-relief-corps"}  # FRANCE skipped
    out = tmp_path / "imported.tsv"
    line = import_dictionary_cli(src, out)
    assert "1 people (2 dated roles), 1 groups" in line
    kb2 = KnowledgeBase.load([out], include_default=True)
    (jane,) = kb2.lookup("JQ Public", date(2018, 5, 1))
    assert set(jane.aliases) == {"Jq Public", "Jane Public"}  # the office alone is no name; titles are cut
    assert (jane.country, jane.cameo, jane.sector) == ("FRA", "FRAGOVMIL", "GOV")
    assert kb2.lookup("Jane Q Public", date(2016, 5, 1))[0].cameo == "FRAGOV"


@pytest.mark.shared
def test_import_phoenix_countries():
    from conftest import shared_path
    from teller.actors import import_dictionary

    actors = import_dictionary(shared_path("petrarch", "Phoenix.Countries.actors.txt"))
    kamikawa = [a for a in actors if a.id == "person:yoko-kamikawa"]
    assert kamikawa and kamikawa[0].cameo == "JPNGOV" and kamikawa[0].role_start == "2007-09-01"
    assert sum(1 for a in actors if a.kind == "person") > 10000


# ---- resolution edge cases ----------------------------------------------------------------------

def _resolve(nlp, kb, text, day=DAY):
    return resolve(nlp(text), Article(id="t", text=text), kb, day)


def test_places_deputies_and_indefinites_are_not_office_holders(nlp, kb):
    ms = _resolve(nlp, kb, "In May, Deputy Foreign Minister Kenji Yamada met a minister in Tokyo.")
    got = {(m.text, m.kind) for m in ms}
    assert ("Kenji Yamada", "learnt") in got
    assert all(m.actor is None or m.actor.id != "person:yoko-kamikawa" for m in ms)
    assert not any(m.text in ("May", "Tokyo", "a minister") for m in ms)  # month, place, indefinite
    yamada = next(m for m in ms if m.text == "Kenji Yamada")
    assert yamada.actor.role is None


def test_conjoined_states_form_a_group(nlp, kb):
    ms = _resolve(nlp, kb, "Japan and the United States agreed on Thursday.")
    group = next(m for m in ms if m.kind == "group")
    assert group.text == "Japan and the United States"
    assert [a.id for a in group.members] == ["JPN", "USA"]


def test_organisation_officers_and_leaders(nlp, kb):
    ms = _resolve(nlp, kb, "Chinese leader Xi Jinping met U.N. Secretary-General Antonio Guterres. "
                            "EU foreign policy chief Josep Borrell said he was worried.")
    ids = {m.text: (m.actor.id if m.actor else None) for m in ms}
    assert ids["U.N. Secretary-General Antonio Guterres"] == "person:antonio-guterres"
    assert ids["EU foreign policy chief Josep Borrell"] == "person:josep-borrell"
    assert ids["he"] == "person:josep-borrell"
    guterres = next(m.actor for m in ms if m.text.startswith("U.N."))
    assert guterres.country is None and guterres.cameo == "IGOUNO"


def test_same_title_different_dates(nlp, kb):
    text = "Japan's foreign minister arrived in Washington."
    assert _resolve(nlp, kb, text, date(2018, 1, 1))[0].actor.id == "person:taro-kono"
    assert _resolve(nlp, kb, text, date(2022, 1, 1))[0].actor.id == "person:yoshimasa-hayashi"
    assert _resolve(nlp, kb, text, date(2024, 11, 1))[0].actor.id == "person:takeshi-iwaya"


def test_unknown_office_holder_gets_a_role_actor(nlp, kb):
    (m,) = [m for m in _resolve(nlp, kb, "Chile's trade minister said talks went well.") if m.kind == "possessive"]
    assert m.actor.id == "role:CHL.trade" and m.actor.country == "CHL" and m.confidence < 0.5


def test_lookup_prefers_people_in_office(kb):
    assert [a.id for a in kb.lookup("Li", date(2024, 1, 1))] == ["person:li-qiang", "person:li-keqiang"]
    assert [a.id for a in kb.lookup("Li", date(2016, 1, 1))][0] == "person:li-keqiang"
    assert kb.lookup("Foreign Minister of Japan", date(2016, 1, 1))[0].name == "Fumio Kishida"
    assert kb.lookup("China's Foreign Ministry")[0].id == "CHN.GOV.foreign"
    assert kb.lookup("Erdogan")[0].id == "person:recep-tayyip-erdogan"  # diacritics folded


def test_title_prefers_the_known_holder_over_a_learnt_namesake(nlp, kb):
    text = ("Volker was asked about Hunter Biden. He then urged Ukraine to look into former Vice President Biden. "
            "Hunter Biden declined to comment, and Biden said nothing.")
    ms = {(m.text, m.evidence[0].start): m for m in _resolve(nlp, kb, text, date(2019, 10, 1))}
    by_text = {t: m.actor.id for (t, _), m in ms.items() if m.actor}
    assert by_text["former Vice President Biden"] == "person:joe-biden"
    assert by_text["Hunter Biden"] == "person:hunter-biden"
    last_biden = max(s for (t, s) in ms if t == "Biden")
    assert ms[("Biden", last_biden)].actor.id == "person:hunter-biden"  # named last


def test_title_country_rules_out_namesakes(nlp, kb):
    (m,) = [m for m in _resolve(nlp, kb, "Pope Francis met Chinese President Xi Jinping.") if m.text == "Pope Francis"]
    assert m.kind == "learnt" and m.actor.country == "VAT"


def test_party_chief_and_leader_titles(nlp, kb):
    day = date(2016, 3, 1)
    assert kb.holder("CHN", "General Secretary", day).id == "person:xi-jinping"
    assert kb.holder("China", "leader", day).id == "person:xi-jinping"
    assert kb.holder("Japan", "leader", day).id == "person:shinzo-abe"


def test_imported_surnames_need_a_person(tmp_path, nlp):
    from teller.actors import import_dictionary_cli

    src = tmp_path / "people.actors.txt"
    src.write_text("PEDRO_DAVID_  # CountryInfo.txt\n\t[BRAGOV 150101-181231]\n")
    out = tmp_path / "people.tsv"
    import_dictionary_cli(src, out)
    kb2 = KnowledgeBase.load([out], include_default=True)
    text = "The leaders met at Camp David. Pedro David said the talks went well. David later left."
    ms = resolve(nlp(text), Article(id="t", text=text), kb2, date(2016, 5, 1))
    camp = text.index("Camp David") + len("Camp ")
    assert not any(m.evidence[0].start == camp for m in ms)  # a place, not the imported Pedro David
    got = [(m.text, m.actor.id if m.actor else None) for m in ms if "David" in m.text]
    assert ("Pedro David", "person:pedro-david") in got


def test_dateline_capital_is_a_place(nlp, kb):
    text = "MANILA - Japan and the Philippines signed a pact.\nManila said the pact would help."
    ms = _resolve(nlp, kb, text)
    capitals = [(m.evidence[0].start, m.actor.id) for m in ms if m.kind == "capital"]
    assert capitals == [(text.index("Manila said"), "PHL.GOV")]
