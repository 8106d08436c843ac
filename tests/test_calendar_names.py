"""The one month table: the brief writes month words the temporal grammar reads back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from teller.records import TimeValue
from teller.summarize import date_phrase
from teller.text.calendar_names import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS
from teller.timex import annotate

DCT = datetime(2024, 1, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize("month", range(1, 13))
def test_brief_month_words_are_read_back_by_the_grammar(month: int) -> None:
    tv = TimeValue(f"2023-{month:02d}-14", "DATE", "", [], granularity="day")
    prep, words = date_phrase(tv)
    found = annotate(f"The ministers met {prep} {words}.", DCT)
    assert [t.value for t in found] == [tv.value]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_abbreviation_names_its_month(month: int) -> None:
    for abbr in MONTH_ABBREVIATIONS[month - 1]:
        assert MONTHS[abbr.lower()] == month
        found = annotate(f"The talks open on {abbr}. 3, 2024.", DCT)
        assert [t.value for t in found] == [f"2024-{month:02d}-03"]
    assert MONTHS[MONTH_NAMES[month - 1].lower()] == month
