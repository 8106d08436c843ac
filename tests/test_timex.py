"""teller.timex: recognition, anchoring, intervals and reconciliation on hand-written news sentences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from teller.timex import annotate, check_text, reconcile

JST = timezone(timedelta(hours=9))
DCT = datetime(2023, 9, 14, 23, 10, tzinfo=JST)  # a Thursday evening in Tokyo


def one(text: str, dct: datetime = DCT):
    found = annotate(text, dct)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "typ"),
    [
        ("The envoys talked on the evening of the 14th.", "the evening of the 14th", "2023-09-14TEV", "TIME"),
        ("The two leaders spoke on Thursday.", "Thursday", "2023-09-14", "DATE"),
        ("The committee voted yesterday.", "yesterday", "2023-09-13", "DATE"),
        ("Negotiators will return next week.", "next week", "2023-W38", "DATE"),
        ("The treaty was signed on September 14, 2023.", "September 14, 2023", "2023-09-14", "DATE"),
        ("Ballots were counted by 14 September.", "14 September", "2023-09-14", "DATE"),
        ("Exports dropped last month.", "last month", "2023-08", "DATE"),
        ("Troops crossed the river on March 14.", "March 14", "2023-03-14", "DATE"),
        ("The port reopened in late November.", "late November", "2022-11", "DATE"),
        ("Growth slowed in the third quarter.", "the third quarter", "2023-Q3", "DATE"),
        ("Inflation peaked in the 1990s.", "the 1990s", "199", "DATE"),
        ("The ban will last three years.", "three years", "P3Y", "DURATION"),
        ("Inspectors visit every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
        ("The rebels withdrew two days ago.", "two days ago", "2023-09-12", "DATE"),
        ("Prices are rising now.", "now", "PRESENT_REF", "DATE"),
        ("The embassy closed last Friday.", "last Friday", "2023-09-08", "DATE"),
        ("Rain fell this morning.", "this morning", "2023-09-14TMO", "TIME"),
    ],
)
def test_values(sentence: str, surface: str, value: str, typ: str) -> None:
    tv = one(sentence)
    assert tv.text == surface
    assert tv.value == value
    assert tv.type == typ
    assert sentence[tv.evidence[0].start:tv.evidence[0].end] == surface


def test_weekday_tense_decides_direction() -> None:
    past = one("The delegation arrived on Monday.")
    future = one("The delegation will arrive on Monday.")
    assert past.value == "2023-09-11"
    assert future.value == "2023-09-18"


def test_next_week_is_iso_week_interval() -> None:
    tv = one("The summit opens next week.")
    assert tv.value == "2023-W38"
    assert tv.start == "2023-09-18T00:00:00+09:00"
    assert tv.end == "2023-09-25T00:00:00+09:00"
    assert tv.granularity == "week"


def test_clock_time_with_zone_and_signal() -> None:
    tv = one("The quake struck shortly after 9 p.m. Japan time.", datetime(2023, 9, 14, 14, 0, tzinfo=UTC))
    assert tv.type == "TIME"
    assert tv.value == "2023-09-14T21:00"
    assert tv.start == "2023-09-14T21:00:00+09:00"
    assert tv.mod == "AFTER"
    assert tv.tz == "+09:00"


def test_eastern_time_uses_daylight_saving() -> None:
    tv = one("Polls close at 8 p.m. ET on Tuesday.", DCT)
    assert tv.start is not None and tv.start.endswith("-04:00")
    assert tv.tz == "America/New_York"


def test_every_interval_is_ordered_and_aware() -> None:
    text = ("On Sunday, three years after the floods of 2020, the mayor said the dam would be finished "
            "early next year, by the end of the second quarter, or in the spring of 2025 at 10:30 a.m.")
    for tv in annotate(text, DCT):
        if tv.start and tv.end:
            assert datetime.fromisoformat(tv.start) <= datetime.fromisoformat(tv.end)
            assert datetime.fromisoformat(tv.start).tzinfo is not None


def test_naive_dct_is_rejected() -> None:
    with pytest.raises(ValueError):
        annotate("yesterday", datetime(2023, 9, 14))


def test_invalid_clock_time_is_flagged() -> None:
    text = "The blast happened at 15 p.m. near the station."
    flags = check_text(text, annotate(text, DCT), DCT)
    assert [f.kind for f in flags] == ["invalid_time"]
    assert text[flags[0].evidence[0].start:flags[0].evidence[0].end].startswith("15 p.m")


def test_reconcile_mt_swap_and_month_conflict() -> None:
    text = ("Officials said the two sides met on the evening of March 14 at the foreign ministry. "
            "A later update described the meeting on the evening of November 14 as productive. "
            "It started shortly after 14 p.m. on the 9th, Japan time, and ran late.")
    tvs = annotate(text, DCT)
    r = reconcile(tvs, DCT, text=text, past=True)
    assert r.value is not None
    assert r.value.value.startswith("2023-09-14")
    assert r.value.start == "2023-09-14T21:00:00+09:00"
    kinds = {f.kind for f in r.flags}
    assert {"date_conflict", "invalid_time", "mt_swap", "future_past_event"} <= kinds
    assert r.confidence < 0.8
    assert "14" in r.reason and "swap" in r.reason and "conflict" in r.reason
    assert "publication month" in r.reason


def test_reconcile_agreeing_mentions_are_confident() -> None:
    text = "The accord was signed on Wednesday. The Sept. 13 signing ended months of talks."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert r.value is not None and r.value.value == "2023-09-13"
    assert not r.flags
    assert r.confidence >= 0.8


def test_reconcile_planned_event_next_week() -> None:
    text = "The ministers will meet again next week."
    r = reconcile(annotate(text, DCT), DCT, text=text, past=False)
    assert r.value is not None and r.value.value == "2023-W38"
    assert r.value.start == "2023-09-18T00:00:00+09:00"
    assert r.value.end == "2023-09-25T00:00:00+09:00"


def test_reconcile_time_of_day_conflict() -> None:
    text = "The raid began on the morning of the 12th at 11 p.m."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert "time_of_day_conflict" in {f.kind for f in r.flags}


def test_reconcile_no_candidates() -> None:
    r = reconcile([], DCT, text="")
    assert r.value is None and r.confidence == 0.0


def test_reconcile_relative_day_against_named_month() -> None:
    text = "The strike hit the depot yesterday. Officials later dated the strike to August 13."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert r.value is not None and r.value.value == "2023-09-13"
    assert "date_conflict" in {f.kind for f in r.flags}


def test_reconcile_tie_prefers_named_date() -> None:
    text = "The vote took place on the 11th. The Sept. 12 vote was close."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert r.value is not None and r.value.value == "2023-09-12"
    assert any(f.kind == "date_conflict" for f in r.flags)


def test_reconcile_coarse_mention_must_contain_the_day() -> None:
    text = "The envoy arrived last month, on Tuesday."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert r.value is not None and r.value.value == "2023-09-12"
    assert any(f.kind == "date_conflict" and "2023-08" in f.message for f in r.flags)


def test_reconcile_without_day_uses_narrowest_mention() -> None:
    text = "Exports rose last year and again last month."
    r = reconcile(annotate(text, DCT), DCT, text=text)
    assert r.value is not None and r.value.value == "2023-08"
    assert "narrowest" in r.reason


def test_reconcile_past_event_after_publication_is_flagged() -> None:
    text = "The treaty was signed on October 3, 2023."
    r = reconcile(annotate(text, DCT), DCT, text=text, past=True)
    assert r.value is not None and r.value.value == "2023-10-03"
    assert "future_past_event" in {f.kind for f in r.flags}
    assert r.confidence < 0.9


def test_check_text_part_of_day_contradiction() -> None:
    text = "Witnesses heard shots at 9 a.m. in the evening."
    kinds = [f.kind for f in check_text(text, annotate(text, DCT), DCT)]
    assert kinds == ["time_of_day_conflict"]


@pytest.mark.parametrize(
    ("sentence", "surface", "tz"),
    [
        ("Polls closed at 8 p.m. local time.", "8 p.m. local time", "+09:00"),
        ("The launch came at 0700 GMT.", "0700 GMT", "+00:00"),
        ("Trading resumed at 3 p.m. Beijing time.", "3 p.m. Beijing time", "+08:00"),
        ("At 5 p.m. Washington said no.", "5 p.m.", "+09:00"),
    ],
)
def test_zones(sentence: str, surface: str, tz: str) -> None:
    tv = one(sentence)
    assert tv.text == surface and tv.tz == tz


def test_spacy_doc_gives_tense(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Envoys from both sides met on Monday. They will meet again on Friday."
    mon, fri = annotate(text, DCT, doc=nlp(text))
    assert mon.value == "2023-09-11" and fri.value == "2023-09-15"


def test_reporting_periods_follow_the_quarter_under_discussion() -> None:
    dct = datetime(1997, 10, 28, 16, 0, tzinfo=UTC)
    text = ("The brewer said third-quarter profit rose 12% to $41 million from $36.6 million a year "
            "earlier. In the year-ago quarter, sales were flat.")
    values = [tv.value for tv in annotate(text, dct)]
    assert values == ["1997-Q3", "1996-Q3", "1996-Q3"]
