"""End to end on the bundled sample articles: each expected event is found, and found once.

The expectations (examples/expected.json) were written with the articles, by hand, before the
coder was tuned; the coder must meet them by general rules, never by special cases.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest

from conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyses(sample_analyses):
    return sample_analyses  # analysed once per session (conftest): the golden outputs read them too


def _codes(actors) -> set[str]:
    return {a.country for a in actors if a.country}


def _day_range(event) -> tuple[date, date] | None:
    if not event.date or not event.date.start or not event.date.end:
        return None
    start = datetime.fromisoformat(event.date.start)
    end = datetime.fromisoformat(event.date.end) - timedelta(microseconds=1)
    return start.date(), end.date()


def matches(event, want: dict) -> bool:
    if event.event != want["event"] or event.status != want["status"]:
        return False
    if "mode" in want and event.mode != want["mode"]:
        return False
    if "participants" in want and not set(want["participants"]) <= _codes(event.actor) | _codes(event.recipient):
        return False
    if "actor" in want and not set(want["actor"]) <= _codes(event.actor):
        return False
    if "recipient" in want and not set(want["recipient"]) <= _codes(event.recipient):
        return False
    if "date" in want:
        got = _day_range(event)
        lo, hi = (date.fromisoformat(d) for d in want["date"])
        if got is None or got[0] < lo or got[1] > hi:
            return False
    if "place" in want and (not event.event_loc or want["place"].lower() not in event.event_loc.name.lower()):
        return False
    return True


CASES = [(url, i) for url, wants in EXPECTED.items() for i in range(len(wants))]


@pytest.mark.slow
@pytest.mark.parametrize("url,i", CASES, ids=[f"{u.rsplit('/', 1)[-1]}-{i}" for u, i in CASES])
def test_expected_event(analyses, url, i):
    want = EXPECTED[url][i]
    analysis = analyses[url]
    found = [e for e in analysis.events if matches(e, want)]
    got = [(e.event, e.mode, e.status, sorted(_codes(e.actor)), sorted(_codes(e.recipient)),
            e.date.value if e.date else None, e.event_loc.name if e.event_loc else None) for e in analysis.events]
    assert found, f"expected {want} in {url}; coded {got}"
    if want.get("once"):
        assert len(found) == 1, f"expected {want} once in {url}, coded {len(found)} times: {got}"


@pytest.mark.slow
def test_seed_like_article_dated_from_text_not_fallback(analyses):
    analysis = analyses["https://samples.teller.invalid/kamikawa-blinken-call"]
    calls = [e for e in analysis.events if e.event == "CONSULT" and e.status == "happened"]
    assert len(calls) == 1
    call = calls[0]
    assert call.date is not None and call.date.value.startswith("2023-09-14")
    assert "fallback" not in (call.date_reason or "").lower()
    # Three copies of the call in the text: one event, evidence from more than one copy.
    assert len(call.evidence) >= 2


@pytest.mark.slow
def test_seed_like_planned_meeting_and_highlights(analyses):
    """The New York meeting "next week" is Kamikawa's planned meeting with Blinken in 2023-W38,
    and no highlight repeats a flagged time as if it were true."""
    from teller.summarize.highlights import DATE_FLAGS

    analysis = analyses["https://samples.teller.invalid/kamikawa-blinken-call"]
    (meeting,) = [e for e in analysis.events if e.event == "CONSULT" and e.status == "planned"]
    assert [a.name for a in meeting.actor] == ["Yoko Kamikawa"]
    assert [a.name for a in meeting.recipient] == ["Antony Blinken"]
    assert meeting.date is not None and meeting.date.value == "2023-W38"
    text = analysis.article.text
    flagged = {sp.of(text) for f in analysis.flags if f.kind in DATE_FLAGS for sp in f.evidence}
    assert "the evening of March 14" in flagged
    for h in analysis.highlights:
        shown = re.sub(r"\(the text says \u201c.+?\u201d\)", "", h.text)
        assert not any(bad in shown for bad in flagged), h.text
