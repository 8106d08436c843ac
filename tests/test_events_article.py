"""Article-level coding end to end (real spaCy, actor and time stages): one event per real
event, repeats merged with their evidence, dates from the text through timex.reconcile, the
publication date only as a flagged fallback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from teller import actors, timex
from teller.events import code_article
from teller.records import Article, Span

SEEDLIKE = (
    "Kamikawa and Blinken speak by telephone\n"
    "\n"
    "Summary: Japan's Foreign Minister Yoko Kamikawa held a phone call with U.S. Secretary of State "
    "Antony Blinken on the evening of March 14. They also confirmed that they will hold their first "
    "face-to-face meeting on the sidelines of the United Nations General Assembly in New York next week.\n"
    "\n"
    "Foreign Minister Kamikawa held a telephone conversation with Secretary of State Blinken on the "
    "evening of November 14 and the two confirmed that Japan and the United States will keep cooperating "
    "closely.\n"
    "\n"
    "The telephone call took place shortly after 14 p.m. on the 9th, Japan time.\n"
    "\n"
    "Kamikawa opened by promising to deepen the alliance, and Blinken conveyed his congratulations on her"
    " appointment.\n"
    "\n"
    "They also confirmed that they will hold their first face-to-face meeting on the sidelines of the "
    "United Nations General Assembly in New York next week.\n"
)


def analyse(nlp, text: str, dct: datetime, repeats=()):
    art = Article(id=Article.make_id(text, None), text=text, published=dct.isoformat(), repeats=list(repeats))
    doc = nlp(text)
    kb = actors.KnowledgeBase.default()
    mentions = actors.resolve(doc, art, kb, when=dct.date())
    tx = timex.annotate(text, dct, doc=doc)
    return art, code_article(doc, art, mentions, tx, dct=dct)


def countries(actors_) -> set[str]:
    return {a.country for a in actors_ if a.country}


def day_range(ev) -> tuple[date, date]:
    start = datetime.fromisoformat(ev.date.start).date()
    end = (datetime.fromisoformat(ev.date.end) - timedelta(microseconds=1)).date()
    return start, end


@pytest.fixture(scope="module")
def seedlike(nlp):
    from conftest import JST

    return analyse(nlp, SEEDLIKE, datetime(2023, 9, 14, 23, 10, tzinfo=JST))


def test_one_phone_call_dated_from_the_text(seedlike):
    art, coded = seedlike
    calls = [e for e in coded.events if e.event == "CONSULT" and e.status == "happened"]
    assert len(calls) == 1
    call = calls[0]
    assert call.mode == "phone" and call.cameo == "041" and call.quad_code == 1
    assert countries(call.actor) == {"JPN"} and countries(call.recipient) == {"USA"}
    assert call.date is not None and call.date.value.startswith("2023-09-14")
    assert "fallback" not in call.date_reason
    # told in the summary, the body and the "took place" sentence: one event, all evidence
    assert len(call.evidence) >= 3
    texts = [s.of(art.text) for s in call.evidence]
    assert any("took place" in t for t in texts)
    # the contradicting copies were seen by reconcile, not hidden
    assert {f.kind for f in coded.flags} & {"date_conflict", "invalid_time", "mt_swap"}


def test_planned_meeting_next_week_in_new_york(seedlike):
    _, coded = seedlike
    planned = [e for e in coded.events if e.event == "CONSULT" and e.status == "planned"]
    assert len(planned) == 1
    ev = planned[0]
    assert countries(ev.actor) | countries(ev.recipient) == {"JPN", "USA"}
    assert ev.event_loc is not None and "New York" in ev.event_loc.name
    lo, hi = day_range(ev)
    assert date(2023, 9, 18) <= lo and hi <= date(2023, 9, 24)
    assert len(ev.evidence) == 2  # told twice, coded once


def test_congratulations_are_support_to_the_counterpart(seedlike):
    _, coded = seedlike
    sup = [e for e in coded.events if e.event == "SUPPORT"]
    assert len(sup) == 1
    assert countries(sup[0].actor) == {"USA"} and countries(sup[0].recipient) == {"JPN"}
    assert sup[0].status == "happened"


def test_confirmation_is_not_a_separate_meeting(seedlike):
    _, coded = seedlike
    assert sum(1 for e in coded.events if e.event == "CONSULT") == 2


def test_event_ids_are_deterministic(nlp, seedlike):
    from conftest import JST

    _, again = analyse(nlp, SEEDLIKE, datetime(2023, 9, 14, 23, 10, tzinfo=JST))
    assert [e.id for e in again.events] == [e.id for e in seedlike[1].events]


def test_publication_date_fallback_is_flagged(nlp):
    from conftest import JST

    text = "Japan's Foreign Minister Yoko Kamikawa condemned North Korea's missile launch."
    _, coded = analyse(nlp, text, datetime(2023, 9, 14, 23, 10, tzinfo=JST))
    ev = next(e for e in coded.events if e.event == "ACCUSE")
    assert ev.date is not None and ev.date.value == "2023-09-14" and ev.date.confidence < 0.5
    assert "fallback" in ev.date_reason
    assert any(f.kind == "date_fallback" and f.severity == "info" for f in coded.flags)


def test_repeated_passage_merges_and_feeds_reconcile(nlp):
    from conftest import JST

    para = "Foreign Minister Yoko Kamikawa held talks with Antony Blinken in Tokyo on Monday."
    copy = "Foreign Minister Yoko Kamikawa held talks with Antony Blinken in Tokyo on Monday."
    text = para + "\n\n" + copy + "\n"
    start = len(para) + 2
    repeats = [(Span(start, start + len(copy)), Span(0, len(para)))]
    _, coded = analyse(nlp, text, datetime(2023, 9, 14, 23, 10, tzinfo=JST), repeats)
    talks = [e for e in coded.events if e.event == "CONSULT"]
    assert len(talks) == 1
    assert len(talks[0].evidence) == 2
    assert talks[0].event_loc is not None and talks[0].event_loc.name == "Tokyo"
    assert talks[0].date.value == "2023-09-11"


def test_past_tense_call_stays_happened_when_published_before_the_evening(nlp):
    from conftest import JST

    text = "9/14/2023, 3:42:54 PM\n\nNews wire: " + SEEDLIKE
    _, coded = analyse(nlp, text, datetime(2023, 9, 14, 15, 42, tzinfo=JST))
    calls = [e for e in coded.events if e.event == "CONSULT" and e.mode == "phone"]
    assert len(calls) == 1 and calls[0].status == "happened"
    assert countries(calls[0].actor) == {"JPN"} and countries(calls[0].recipient) == {"USA"}
