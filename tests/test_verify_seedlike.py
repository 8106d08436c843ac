"""The motivating case: a machine-translated report of one phone call with every defect kind.

The article is written here in our own words, modelled on the kinds of damage in the seed page:
three different dates for one call, an impossible "14 p.m.", "his" for a woman minister, a stray
CJK character, a "G7 = seven major countries" gloss, and one paragraph present three times. The
Article, its repeats and its mentions are built by hand, so these tests need no other stage;
the last test runs the real stages when they are importable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from teller.records import Actor, Article, Event, Flag, Mention, Place, Span, TimeValue
from teller.verify import check, quality

KAMIKAWA = Actor(id="per_kamikawa", name="Yoko Kamikawa", kind="person", country="JPN",
                 role="Minister for Foreign Affairs", gender="female", cameo="JPNGOV")
BLINKEN = Actor(id="per_blinken", name="Antony Blinken", kind="person", country="USA",
                role="Secretary of State", gender="male", cameo="USAGOV")

REPEATED = ("The two ministers agreed that their countries would keep working closely on the "
            "challenges facing the international community.")
PARAGRAPHS = [
    "Foreign Minister Yoko Kamikawa held a phone conversation with U.S. Secretary of State Antony "
    "Blinken on the evening of March 14.",
    REPEATED,
    "Kamikawa spoke with Blinken about the problems the world faces and the region态 ahead of the "
    "autumn meetings.",
    REPEATED,
    "Kamikawa held the phone conversation with Blinken on the evening of November 14.",
    "The call began shortly after 14 p.m. on the 9th, Japan time.",
    "At the start, Kamikawa gave his first remarks as minister and said Japan wanted a stronger "
    "alliance with the United States.",
    "Kamikawa said Japan would keep serving as chair of the G7 = seven major countries to defend a "
    "free and open order.",
    REPEATED,
    "They also agreed to hold their first in-person meeting in New York next week.",
]
TEXT = "\n".join(PARAGRAPHS)
TITLE = "Kamikawa and Blinken hold phone talks, agree to work closely together"
PUBLISHED = "2023-09-14T23:10:00+09:00"


def find(sub: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``sub`` in TEXT."""
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(sub, pos + 1)
    return Span(pos, pos + len(sub))


def seed_like_article() -> Article:
    original = find(REPEATED, 0)
    return Article(
        id=Article.make_id(TEXT, "https://example.org/report"), text=TEXT, title=TITLE,
        url="https://example.org/report", published=PUBLISHED, published_tz_known=True, language="en",
        repeats=[(find(REPEATED, 1), original), (find(REPEATED, 2), original)],
    )


def seed_like_mentions() -> list[Mention]:
    """Every name mention of the two ministers, plus the pronoun "his" linked (by position) to
    Kamikawa, as actors.resolve links pronouns."""
    full = {"Kamikawa": find("Foreign Minister Yoko Kamikawa"), "Blinken": find("Secretary of State Antony Blinken")}
    out = []
    for name, actor in (("Kamikawa", KAMIKAWA), ("Blinken", BLINKEN)):
        out.append(Mention(text=full[name].of(TEXT), evidence=[full[name]], actor=actor, kind="title"))
        pos = TEXT.find(name, full[name].end)
        while pos >= 0:
            out.append(Mention(text=name, evidence=[Span(pos, pos + len(name))], actor=actor, kind="surname"))
            pos = TEXT.find(name, pos + 1)
    his = find(" his ")
    out.append(Mention(text="his", evidence=[Span(his.start + 1, his.end - 1)], actor=KAMIKAWA, kind="pronoun"))
    return sorted(out, key=lambda m: m.evidence[0])


def seed_like_events() -> list[Event]:
    call = Event(
        id="evt_call", event="CONSULT", mode="phone", actor=[KAMIKAWA], recipient=[BLINKEN],
        status="happened", confidence=0.9,
        evidence=[find("held a phone conversation with U.S."), find("spoke with Blinken"),
                  find("held the phone conversation")],
        date=TimeValue(value="2023-09-14TEV", type="TIME", text="on the evening of March 14",
                       evidence=[find("evening of March 14")], granularity="part_of_day"),
    )
    meeting = Event(
        id="evt_meet", event="CONSULT", actor=[KAMIKAWA], recipient=[BLINKEN], status="planned",
        confidence=0.8, evidence=[find("hold their first in-person meeting")],
        event_loc=Place("New York", "USA", [find("New York")]),
        date=TimeValue(value="2023-W38", type="DATE", text="next week", evidence=[find("next week")],
                       granularity="week"),
    )
    return [call, meeting]


def kinds(flags: list[Flag]) -> dict[str, list[Flag]]:
    out: dict[str, list[Flag]] = {}
    for f in flags:
        out.setdefault(f.kind, []).append(f)
    return out


@pytest.fixture(scope="module")
def seed_flags(nlp) -> list[Flag]:
    art = seed_like_article()
    return check(art, nlp(art.text), seed_like_mentions(), [], seed_like_events())


def test_repeated_paragraph_flagged_as_info_with_copy_and_original(seed_flags):
    reps = kinds(seed_flags)["repeated_passage"]
    assert [f.severity for f in reps] == ["info", "info"]
    assert [f.evidence for f in reps] == [[find(REPEATED, 1), find(REPEATED, 0)],
                                          [find(REPEATED, 2), find(REPEATED, 0)]]


def test_stray_cjk_character_flagged_at_its_offset(seed_flags):
    (f,) = kinds(seed_flags)["foreign_script"]
    assert f.severity == "warning"
    assert f.evidence == [find("态")]


def test_equals_gloss_flagged(seed_flags):
    garbled = [f for f in kinds(seed_flags)["garbled_phrase"] if f.severity == "warning"]
    assert len(garbled) == 1
    assert garbled[0].evidence[0].of(TEXT) == "G7 = seven major countries"


def test_his_for_a_woman_minister_flagged_with_pronoun_and_name(seed_flags):
    (f,) = kinds(seed_flags)["pronoun_mismatch"]
    his = find(" his ")
    assert f.evidence[0] == Span(his.start + 1, his.end - 1)
    assert f.evidence[1].of(TEXT) == "Kamikawa"
    assert f.evidence[1].start < his.start
    assert "Yoko Kamikawa" in f.message and "female" in f.message


def test_no_flag_on_the_consistent_headline(seed_flags):
    assert "headline_contradiction" not in kinds(seed_flags)


def test_impossible_clock_time_comes_from_timex_check_text(seed_flags):
    invalid = kinds(seed_flags).get("invalid_time", [])
    assert [f.evidence[0].of(TEXT) for f in invalid] == ["14 p.m."]


def test_quality_reflects_each_defect_kind(seed_flags):
    score, reasons = quality(seed_like_article(), seed_flags)
    assert 0 <= score < 70
    joined = "\n".join(reasons)
    for kind in ("pronoun_mismatch", "foreign_script", "garbled_phrase", "repeated_passage"):
        assert kind in joined


# --- end to end, with the real stages -------------------------------------------------------

@dataclass
class _Real:
    annotate: object
    resolve: object
    kb: object
    code_article: object


def _real_stages() -> _Real:
    # every stage is part of teller: one that does not import is a fault to fail on, not skip
    from teller.actors import KnowledgeBase, resolve
    from teller.events import code_article
    from teller.timex import annotate

    return _Real(annotate, resolve, KnowledgeBase.default(), code_article)


def test_end_to_end_seed_like_article_gets_every_defect_kind(nlp):
    from datetime import datetime

    st = _real_stages()
    art = seed_like_article()
    doc = nlp(art.text)
    dct = datetime.fromisoformat(PUBLISHED)
    timexes = st.annotate(art.text, dct, doc=doc)
    mentions = st.resolve(doc, art, st.kb, when=dct.date())
    coded = st.code_article(doc, art, mentions, timexes, dct=dct)
    flags = list(coded.flags) + check(art, doc, mentions, timexes, coded.events, kb=st.kb)
    got = kinds(flags)
    for kind in ("repeated_passage", "foreign_script", "garbled_phrase", "invalid_time",
                 "pronoun_mismatch", "date_conflict"):
        assert kind in got, f"{kind} missing: {[(f.kind, f.message) for f in flags]}"
    assert got["foreign_script"][0].evidence == [find("态")]
    assert any(f.evidence[0] == Span(find(" his ").start + 1, find(" his ").end - 1) for f in got["pronoun_mismatch"])
