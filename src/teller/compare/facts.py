"""The checkable facts of one text, in one shape for both languages.

A :class:`Fact` is a stretch of text that states something a faithful translation must keep:
a calendar date, a clock time, a number, a named actor, an office title, a gendered pronoun, a
negation. Each language's reader (:mod:`.japanese`, :mod:`.english`) turns its text into facts
with the same ``value`` conventions, so :mod:`.differ` compares values, never words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from teller.records import Span

Kind = Literal["date", "time", "number", "name", "title", "pronoun", "negation"]
KINDS: tuple[Kind, ...] = ("date", "time", "number", "name", "title", "pronoun", "negation")


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date as written: any part may be missing ("14日" has only the day)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    #: Months from the reference month when the text counts from it (先月14日: -1, 来月: +1, 今月: 0).
    month_offset: int | None = None

    def describe(self) -> str:
        parts = []
        if self.month is not None:
            parts.append(_MONTHS[self.month - 1] if 1 <= self.month <= 12 else f"month {self.month}")
        if self.day is not None:
            parts.append(f"day {self.day}" if self.month is None else str(self.day))
        if self.year is not None:
            parts.append(str(self.year))
        return " ".join(parts) or "a date"


@dataclass(frozen=True, slots=True)
class ClockValue:
    """A clock time on the 24-hour clock; ``hour`` is None when the text's time cannot exist
    ("14 p.m."), and ``written`` keeps what the text said for the explanation."""

    hour: int | None
    minute: int | None
    written: str

    def describe(self) -> str:
        if self.hour is None:
            return f"{self.written!r}, which is not a clock time"
        return f"{self.hour:02d}:{self.minute or 0:02d}"


@dataclass(frozen=True, slots=True)
class Fact:
    kind: Kind
    span: Span
    text: str
    #: date: DateValue; time: ClockValue; number: float; name: actor ref ("person:yoko-kamikawa",
    #: "state:USA"); title: office key ("foreign"); pronoun: "female" | "male"; negation: the cue.
    value: object
    #: title: the person ref the title is attached to, when a name stands right beside it.
    holder: str | None = None
    #: number: what is counted, when the text says ("km", "person", "hour"; see japanese.UNITS).
    unit: str | None = None
    #: number: written as a word ("three"), which counts only when its unit is known.
    word: bool = False


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def month_name(month: int) -> str:
    return _MONTHS[month - 1] if 1 <= month <= 12 else f"month {month}"


def inside(span: Span, spans: list[Span]) -> bool:
    """Does ``span`` overlap any of ``spans``?"""
    return any(span.start < s.end and s.start < span.end for s in spans)
