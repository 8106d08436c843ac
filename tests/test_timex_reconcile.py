"""reconcile: how much evidence a date flag needs.

A flag is a warning only when the event's own mentions contradict each other or put a past
event after publication with nothing to set against it; a reading the other mentions outweigh,
or a coarse time told in another sentence, is noted as info. Bare weekdays follow the tense the
caller gives. Sentences are written for these tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from teller.records import Span
from teller.timex import annotate, reconcile
from teller.timex.reconcile import _same_sentence

JST = timezone(timedelta(hours=9))
DCT = datetime(2023, 9, 14, 23, 10, tzinfo=JST)  # a Thursday


def severities(rec, kind: str) -> list[str]:
    return [f.severity for f in rec.flags if f.kind == kind]


def test_late_reading_outweighed_by_the_other_mentions_is_info() -> None:
    text = "The next year, the rebels freed the hostages in January 2017."
    tvs = annotate(text, DCT)
    assert {tv.text for tv in tvs} == {"The next year", "January 2017"}
    rec = reconcile(tvs, DCT, text=text, past=True)
    assert rec.value is not None and rec.value.value == "2017-01"
    assert severities(rec, "future_past_event") == ["info"]


def test_past_event_with_only_a_later_date_is_still_a_warning() -> None:
    text = "The rebels freed the hostages next year."
    rec = reconcile(annotate(text, DCT), DCT, text=text, past=True)
    assert severities(rec, "future_past_event") == ["warning"]


def test_coarse_time_in_another_sentence_is_info_in_the_same_sentence_a_warning() -> None:
    apart = "The ministers met on September 12. Parliament had backed the deal in March."
    rec = reconcile(annotate(apart, DCT), DCT, text=apart, past=True)
    assert rec.value is not None and rec.value.value == "2023-09-12"
    assert severities(rec, "date_conflict") == ["info"]
    together = "The ministers met on September 12 in March."
    rec = reconcile(annotate(together, DCT), DCT, text=together, past=True)
    assert severities(rec, "date_conflict") == ["warning"]


def test_bare_weekday_follows_the_events_tense() -> None:
    text = "The ministers will meet on Tuesday."
    tvs = annotate(text, DCT)
    assert tvs[0].value == "2023-09-19"  # ahead, as the words say
    rec = reconcile(tvs, DCT, text=text, past=True)  # the caller knows the meeting is past
    assert rec.value is not None and rec.value.value == "2023-09-12"
    assert not rec.flags
    assert reconcile(tvs, DCT, text=text, past=False).value.value == "2023-09-19"


def test_next_weekday_for_a_past_event_stays_flagged() -> None:
    text = "The ministers met next Tuesday."
    rec = reconcile(annotate(text, DCT), DCT, text=text, past=True)
    assert rec.value is not None and rec.value.value == "2023-09-19"
    assert severities(rec, "future_past_event") == ["warning"]


def test_same_sentence_ignores_abbreviations() -> None:
    text = "Mr. Abe met U.S. envoys on Sept. 12 in Tokyo. He left in May."
    first = Span(0, 3)
    tokyo = Span(text.index("Tokyo"), text.index("Tokyo") + 5)
    may = Span(text.index("May"), text.index("May") + 3)
    assert _same_sentence(text, first, tokyo)
    assert not _same_sentence(text, tokyo, may)
    assert not _same_sentence("one line\nanother line", Span(0, 3), Span(9, 16))
