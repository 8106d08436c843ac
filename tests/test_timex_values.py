"""Every TIMEX3 value teller writes is well formed (``teller.timex.validate``): the validator
itself, then property tests that run the grammar over many generated phrases, with a known
publication time and without one (the X-valued readings of ``timex.unanchored``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teller.timex import annotate, annotate_among
from teller.timex.unanchored import UNKNOWN
from teller.timex.validate import is_valid


@pytest.mark.parametrize("value", [
    "2023", "202", "19", "2023-09", "2023-09-14", "2023-W37", "2023-W37-4", "2023-W37-WE", "2021-WI",
    "2023-SU", "2023-Q3", "2023-H1", "2023-09-14T14:05", "2023-09-14T14", "2023-09-14T14:05:30",
    "2023-09-14TEV", "2023-09-14T23:10+09:00", "XXXX-WXX-2", "XXXX-03-14", "XXXX-XX-XX", "XXXX-XX-14T20:00",
    "P3Y", "P2M1D", "PT2H30M", "PXY", "P1.5Y", "P1DE", "P1WE", "PRESENT_REF", "PAST_REF", "FUTURE_REF",
])
def test_timex3_values_are_accepted(value: str) -> None:
    assert is_valid(value)


@pytest.mark.parametrize("value", [
    "", "2023-13", "2023-09-32", "2023-W54", "2023-W37-8", "2023-WINTER", "2023-Q5", "XXXX-QX2", "2023-9-14",
    "23-09-14", "2023-09-14T25:00", "P", "PT", "P3", "3D", "NOW", "2023-XX-XX-XX", "2023-W", "2023-WI-1",
])
def test_malformed_values_are_rejected(value: str) -> None:
    assert not is_valid(value)


PHRASES = ["yesterday", "today", "tomorrow night", "last week", "next week", "this month", "last year",
           "on Monday", "next Friday", "last Sunday evening", "on the 3rd", "on the evening of the 14th",
           "three years ago", "two days later", "for six months", "every Tuesday", "in the 1990s",
           "the third quarter", "the fourth quarter of last year", "early March", "late 2020", "in the spring",
           "last winter", "next summer", "last spring", "last quarter", "next half", "this autumn",
           "the first half of the year", "the second half",
           "at 9 p.m.", "shortly after 7:30 a.m. GMT", "at noon local time", "the weekend", "last weekend",
           "Christmas", "the following month", "a year earlier", "now", "recently", "March 14", "14 September",
           "the 29th", "mid-afternoon", "year-end", "the next morning", "earlier this year", "the 19th century",
           "next year's first quarter", "in 2015", "in the 2000s", "for two decades", "over the past 48 hours",
           "every week", "twice a year", "this week", "the week before", "Q2", "in winter 2021",
           "the previous day", "on Thursday evening", "on Sept. 12 at 10:30", "last month", "this decade",
           "within a fortnight", "the past three weeks", "later this week", "in the coming days"]

offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
dcts = st.builds(
    lambda d, h, tz: datetime(d.year, d.month, d.day, h, 0, tzinfo=tz),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 23), offsets,
)
texts = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=6).map(
    lambda parts: "The ministers met " + ", and ".join(parts) + ".")


@settings(max_examples=200, deadline=None)
@given(texts, dcts)
def test_values_with_a_publication_time_are_valid(text: str, dct: datetime) -> None:
    for tv in annotate(text, dct):
        assert is_valid(tv.value), (tv.text, tv.value)


@settings(max_examples=60, deadline=None)
@given(texts)
def test_values_without_a_publication_time_are_valid(text: str) -> None:
    for tv in annotate_among(text, UNKNOWN):
        assert is_valid(tv.value), (tv.text, tv.value)


def test_last_winter_told_in_winter_is_the_one_before() -> None:
    # in February the current winter began last December; "last winter" is the one before it
    feb = datetime(2003, 2, 11, tzinfo=UTC)
    found = annotate("The ministers met last winter; this winter is mild.", feb)
    assert [tv.value for tv in found] == ["2001-WI", "2002-WI"]


def test_anaphoric_parts_of_day_and_the_day_before_follow_the_day_under_discussion() -> None:
    dct = datetime(2021, 1, 23, 9, 0, tzinfo=UTC)  # a Saturday
    got = {tv.text: tv.value for tv in annotate("The talks ended on Wednesday. The envoy left that evening, "
                                                "and his deputy had arrived the day before.", dct)}
    assert got["that evening"] == "2021-01-20TEV" and got["the day before"] == "2021-01-19"
    got = {tv.text: tv.value for tv in annotate("The talks ended on Wednesday. Later that night the envoy left.", dct)}
    assert got["Later that night"] == "2021-01-20TNI"
    # "the day before the vote" is before the vote, not before the day under discussion
    assert "the day before" not in {tv.text for tv in annotate("The talks ended on Wednesday, the day before "
                                                                "the vote.", dct)}
