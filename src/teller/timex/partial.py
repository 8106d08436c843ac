"""What a temporal expression states before it is anchored: the ``Partial`` every grammar
(``teller.timex.grammar`` for English, ``teller.japanese.timex``) produces and
``teller.timex.normalize`` anchors to the document creation time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo


@dataclass(slots=True)
class Partial:
    """What an expression states, not yet anchored. Fields left None are unspecified."""

    start: int
    end: int
    kind: str  # date, time, duration, set, ref
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    rel: str | None = None  # last / next / this: direction for weekday, month, season, quarter
    unit: str | None = None  # offset unit from the anchor: D, W, WE, M, Q, H, Y, DE, CE
    offset: int | None = None  # number of units (negative = before)
    anchor_ref: bool = False  # "two days later": offset from the last date mentioned, not DCT
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    decade: int | None = None
    century: int | None = None
    pod: str | None = None
    hour: int | None = None
    minute: int | None = None
    zone: tzinfo | None = None
    zone_name: str | None = None
    invalid: str | None = None  # why a clock time is impossible ("14 p.m.")
    value: str | None = None  # fixed value: durations, sets, PRESENT_REF
    mod: str | None = None
    last_complete: bool = False  # "the quarter" / "the latest quarter": last complete one
    #: "a year earlier", "the year-ago period": a year before the period under discussion, which
    #: in an earnings report is the quarter last mentioned (TimeML annotates 1988-Q3, not 1988).
    period_ref: bool = False
    holiday: str | None = None  # a movable feast ("Thanksgiving"), computed per year
    week_of: bool = False  # "the week of March 6": the ISO week containing the day
    confidence: float = 1.0
    parts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def has_date(self) -> bool:
        return any(x is not None for x in (self.year, self.month, self.day, self.weekday,
                                           self.unit, self.quarter, self.half, self.season,
                                           self.decade, self.century, self.holiday))

    @property
    def has_clock(self) -> bool:
        return self.hour is not None or self.pod is not None
