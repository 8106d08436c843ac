"""Highlights (verbatim, event-bearing, clean) and briefs (from the Event record only)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES
from teller.records import PLOVER_TYPES, Actor, Article, Event, Flag, Place, Span, TimeValue
from teller.summarize import brief, date_phrase, highlights
from teller.verify import check
from teller.verify.text import overlaps
from test_verify_seedlike import BLINKEN, KAMIKAWA, find, seed_like_article, seed_like_events, seed_like_mentions

JAPAN = Actor(id="st_jpn", name="Japan", kind="state", country="JPN")
USA = Actor(id="st_usa", name="United States", kind="state", country="USA")


def _tv(value: str, granularity: str, typ: str = "DATE") -> TimeValue:
    return TimeValue(value=value, type=typ, text=value, evidence=[], granularity=granularity)


# --- highlights -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed(nlp):
    art = seed_like_article()
    doc = nlp(art.text)
    events = seed_like_events()
    flags = check(art, doc, seed_like_mentions(), [], events)
    return art, doc, events, flags


def test_highlights_are_verbatim_sentences_in_text_order(seed):
    art, doc, events, flags = seed
    hl = highlights(art, doc, events, flags)
    assert 2 <= len(hl) <= 4
    starts = [h.evidence[0].start for h in hl]
    assert starts == sorted(starts)
    for h in hl:
        (sp,) = h.evidence
        assert sp.of(art.text) == h.text


def test_highlights_carry_the_main_event_and_skip_copies_and_flagged_sentences(seed):
    art, doc, events, flags = seed
    hl = highlights(art, doc, events, flags)
    texts = [h.text for h in hl]
    assert texts[0].startswith("Foreign Minister Yoko Kamikawa held a phone conversation")
    assert any("first in-person meeting" in t for t in texts)
    copies = [c for c, _ in art.repeats]
    assert not any(h.evidence[0] in copies for h in hl)
    for bad in ("态", "14 p.m.", " his ", "G7 ="):
        assert not any(bad in t for t in texts)


def test_main_event_is_kept_even_when_all_its_sentences_are_flagged(nlp):
    art = seed_like_article()
    events = seed_like_events()
    # A date conflict on every sentence of the call: fewest flags wins.
    flags = [Flag("date_conflict", "error", "three dates", [find("March 14"), find("November 14")]),
             Flag("invalid_time", "warning", "bad", [find("evening of March 14")]),
             Flag("foreign_script", "warning", "stray", [find("态")]),
             Flag("garbled_phrase", "warning", "odd", [find("problems the world faces")])]
    hl = highlights(art, nlp(art.text), events, flags)
    # the sentence with fewest flags, all about its date: shown corrected, the original quoted
    (main,) = [h for h in hl if "November 14" in h.text]
    assert "on the evening of 14 September 2023 (the text says \u201cNovember 14\u201d)" in main.text
    assert main.text != main.evidence[0].of(art.text)
    assert not any("March 14" in h.text for h in hl)


def test_a_flagged_error_that_cannot_be_corrected_is_left_out(nlp):
    art = seed_like_article()
    events = seed_like_events()
    flags = [Flag("date_conflict", "error", "three dates", [find("March 14"), find("November 14")]),
             Flag("pronoun_mismatch", "warning", "his", [find("evening of November 14")]),
             Flag("invalid_time", "warning", "bad", [find("evening of March 14")])]
    hl = highlights(art, nlp(art.text), events, flags)
    assert not any("November 14" in h.text for h in hl)  # a pronoun cannot be corrected
    for h in hl:
        sentence = h.evidence[0].of(art.text)
        assert h.text == sentence or "(the text says" in h.text


def test_without_events_the_clean_lead_fills_in(nlp):
    text = ("Short heading\nThe city council approved the new budget on Tuesday after a long debate.\n"
            "It will fund schools and roads next year, the mayor said.\nMore follows.")
    art = Article(id="a", text=text)
    hl = highlights(art, nlp(text), [], [])
    assert [h.text for h in hl] == [
        "The city council approved the new budget on Tuesday after a long debate.",
        "It will fund schools and roads next year, the mayor said."]


def test_highlights_work_without_a_parse():
    art = seed_like_article()
    hl = highlights(art, None, seed_like_events(), [])
    assert hl and all(h.evidence[0].of(art.text) == h.text for h in hl)
    assert highlights(Article(id="e", text=""), None, [], []) == []


def test_at_most_four_highlights(nlp):
    sents = [f"Minister number {i} visited the capital on a sunny day." for i in range(8)]
    text = " ".join(sents)
    evs = []
    for i, s in enumerate(sents):
        start = text.index(s)
        evs.append(Event(id=f"e{i}", event="CONSULT", actor=[JAPAN], recipient=[USA], status="happened",
                         evidence=[Span(start, start + 10)], confidence=0.5))
    assert len(highlights(Article(id="x", text=text), nlp(text), evs, [])) == 4


# --- briefs -------------------------------------------------------------------------------

def test_brief_of_a_phone_call_between_two_ministers():
    e = Event(id="e", event="CONSULT", mode="phone", actor=[KAMIKAWA], recipient=[BLINKEN], status="happened",
              evidence=[], confidence=0.9, date=_tv("2023-09-14", "day"))
    assert brief(e) == ("On 14 September 2023, Japan's Minister for Foreign Affairs Yoko Kamikawa and "
                        "US Secretary of State Antony Blinken held a telephone call.")


def test_brief_of_a_planned_meeting():
    e = Event(id="e", event="CONSULT", actor=[JAPAN], recipient=[USA], status="planned", evidence=[],
              confidence=0.8, event_loc=Place("New York"), date=_tv("2023-W38", "week"))
    assert brief(e) == "Japan and the United States plan to meet in New York in the week of 18 September 2023."


@pytest.mark.parametrize("status,verb", [("happened", "accused"), ("denied", "did not accuse"),
                                         ("hypothetical", "may accuse"), ("planned", "plans to accuse")])
def test_status_shapes_the_verb(status, verb):
    e = Event(id="e", event="ACCUSE", actor=[JAPAN], recipient=[USA], status=status, evidence=[], confidence=0.5)
    assert brief(e).startswith(f"Japan {verb} the United States")


def test_no_field_no_phrase():
    e = Event(id="e", event="ASSAULT", actor=[JAPAN], recipient=[], status="happened", evidence=[], confidence=0.5)
    s = brief(e)
    assert s == "Japan carried out an attack."
    assert not re.search(r"\b(on|in)\b", s)
    nobody = Event(id="e", event="ASSAULT", mode="aerial", actor=[], recipient=[USA], status="happened",
                   evidence=[], confidence=0.5)
    assert brief(nobody) == "An attack involving the United States took place."


def test_every_plover_type_has_a_brief_naming_both_sides():
    for t in PLOVER_TYPES:
        for status in ("happened", "planned", "denied", "hypothetical"):
            e = Event(id="e", event=t, actor=[JAPAN], recipient=[USA], status=status, evidence=[], confidence=0.5)
            s = brief(e)
            assert s.startswith("Japan") and "the United States" in s and s.endswith("."), (t, status, s)


@pytest.mark.parametrize("value,gran,expected", [
    ("2023-09-14TEV", "part_of_day", ("on", "the evening of 14 September 2023")),
    ("2023-09-14T14:30", "minute", ("at", "14:30 on 14 September 2023")),
    ("2023-09", "month", ("in", "September 2023")),
    ("2023-Q3", "quarter", ("in", "the third quarter of 2023")),
    ("2023", "year", ("in", "2023")),
    ("P1W", None, None),
    ("XXXX-09-14", "day", None),
    ("PRESENT_REF", None, None),
])
def test_date_phrases(value, gran, expected):
    assert date_phrase(_tv(value, gran)) == expected


def test_brief_uses_modes_and_tails():
    e = Event(id="e", event="ASSAULT", mode="firearms", actor=[JAPAN], recipient=[USA], status="happened",
              evidence=[], confidence=0.5)
    assert brief(e) == "Japan attacked the United States with firearms."
    v = Event(id="e", event="CONSULT", mode="visit", actor=[KAMIKAWA], recipient=[], status="planned",
              evidence=[], confidence=0.5, event_loc=Place("Washington"))
    assert brief(v) == "Japan's Minister for Foreign Affairs Yoko Kamikawa plans to make a visit in Washington."


# --- the bundled sample articles ---------------------------------------------------------

def _expected() -> dict:
    path = EXAMPLES / "expected.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


EXPECTED = _expected()


@pytest.mark.slow
@pytest.mark.parametrize("url", sorted(EXPECTED), ids=[u.rsplit("/", 1)[-1] for u in sorted(EXPECTED)])
def test_highlights_carry_the_main_event_of_every_sample(sample_analyses, url):
    """The first expected event of each sample is its main event; a highlight must be one of the
    sentences the coder took it from, and every highlight must be clean, verbatim text."""
    from test_samples import matches

    analysis = sample_analyses[url]
    text = analysis.article.text
    hl = analysis.highlights
    assert 2 <= len(hl) <= 4
    for h in hl:  # verbatim, or a flagged time shown corrected with the original quoted
        sentence = h.evidence[0].of(text)
        quoted = re.findall(r"\(the text says \u201c(.+?)\u201d\)", h.text)
        assert h.text == sentence or (quoted and all(q in sentence for q in quoted))
    copies = [c for c, _ in analysis.article.repeats]
    assert not any(overlaps(h.evidence[0], c) for h in hl for c in copies)
    main = [e for e in analysis.events if matches(e, EXPECTED[url][0])]
    # a main event the coder misses is a fault of teller: fail, never skip
    assert main, f"the events stage did not code the main event {EXPECTED[url][0]}"
    assert any(overlaps(h.evidence[0], sp) for h in hl for e in main for sp in e.evidence), \
        f"no highlight carries the main event: {[h.text for h in hl]}"


def test_brief_names_each_side_once():
    e = Event(id="e", event="CONSULT", actor=[JAPAN, JAPAN], recipient=[JAPAN, USA], status="happened",
              evidence=[], confidence=0.5)
    assert brief(e) == "Japan and the United States met."


def test_a_lone_quote_is_glued_to_its_sentence_and_fragments_are_not_highlights(nlp):
    from teller.verify.text import sentence_spans

    text = 'The minister said the talks "went well." "\nShe left on Friday for Paris after the meeting.'
    spans = [s.of(text) for s in sentence_spans(text, nlp(text))]
    assert '"' not in spans and all(any(c.isalnum() for c in s) for s in spans)
    assert sentence_spans("", None) == []


def test_sentences_without_spaces_count_as_words():
    from teller.summarize.highlights import _word_count

    assert _word_count("日本と米国の外相が電話会談を行った。") >= 6
    assert _word_count("OK.") == 1


def test_brief_of_an_attack_with_an_unknown_perpetrator_names_no_attacker():
    from teller.events.build import UNKNOWN_PERPETRATOR

    kenya = Actor("KEN", "Kenya", "state", country="KEN")
    ev = Event(id="e", event="ASSAULT", actor=[UNKNOWN_PERPETRATOR], recipient=[kenya], status="happened",
               evidence=[], confidence=0.5, mode="explosives", event_loc=Place("Garissa", "KEN"))
    text = brief(ev)
    assert "unknown" not in text and "Kenya" in text and "Garissa" in text
