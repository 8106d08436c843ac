"""Reconciliation: choose one date for an event from all its mentions, say why, flag conflicts.

News copy, above all machine-translated copy, often dates one event several ways: "the evening
of March 14", "the evening of November 14", "shortly after 14 p.m. on the 9th". Each reading is
a vote. The day of month most mentions agree on wins; explicit months that contradict each
other are distrusted (and a month after publication cannot date a past event); a bare day is
resolved against the publication month; an impossible clock time whose hour is itself the
agreed day is read as a known translation swap ("14 p.m. on the 9th" = 9 p.m. on the 14th).
Everything done is written into ``reason`` and raised as ``Flag``s with the spans involved.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from teller.records import Flag, Span, TimeValue
from teller.text.calendar_names import MONTH_ABBREVIATION_PATTERN, MONTH_NAME_PATTERN, MONTH_NAMES
from teller.text.sentences import sentence_breaks
from teller.timex import calendar as cal
from teller.timex.lexicon import MONTHS, POD_HOURS

# "(?<!\d)\d{1,2}" written as "\d(?<!\d\d)\d?": the same matches, but a pattern that opens with a
# digit lets the engine skip in C to the next digit instead of trying every position (3x faster).
_BAD_CLOCK = re.compile(r"(?P<h>\d(?<!\d\d)\d?)(?::\d\d)?\s*(?P<ap>[ap])\.?\s?m\b\.?", re.I)
_MONTH_WORD = re.compile(rf"(?-i:\b(?P<mon>{MONTH_NAME_PATTERN}|(?:{MONTH_ABBREVIATION_PATTERN})(?![a-z])))")
_DAY_WORD = re.compile(r"(?<![\d:])(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|\s*[ap]\.?\s?m\b)", re.I)
_YEAR_WORD = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_DAY_NAMING = re.compile(r"yesterday|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|"
                         r"friday|saturday|sunday|\b(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.|\d{4}-\d\d-\d\d|/",
                         re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day|\.)?(?![a-z])|\b(?:wednes|satur)day\b", re.I)
_AHEAD_WORD = re.compile(r"\b(?:next|this|coming|following|upcoming|tomorrow)\b", re.I)
_POD_OF_VALUE = re.compile(r"T(MO|AF|EV|NI|DT|MI)$")
_CLOCK_OF_VALUE = re.compile(r"T(\d\d):(\d\d)$")


@dataclass(slots=True)
class Reconciled:
    """The chosen reading for one event: ``value`` (None when nothing dates it), why, flags."""

    value: TimeValue | None
    reason: str
    confidence: float
    flags: list[Flag] = field(default_factory=list)


@dataclass(slots=True)
class _Reading:
    """One mention as evidence: which day, month, clock time or part of day it states."""

    tv: TimeValue
    span: Span
    date: date | None = None
    day: int | None = None
    month: int | None = None  # only when the words state the month
    year_stated: bool = False
    relative: bool = False  # "yesterday", "Thursday": a full date from the anchor
    bare_day: bool = False  # "the 14th"
    hour: int | None = None
    minute: int | None = None
    pod: str | None = None
    bad_clock: tuple[int, str] | None = None  # (hour, "a"/"p") of an impossible clock time
    tz: str | None = None


def _invalid_clock(text: str) -> tuple[int, str, re.Match[str]] | None:
    for m in _BAD_CLOCK.finditer(text):
        h = int(m["h"])
        if h > 12 or h == 0:
            return h, m["ap"].lower(), m
    return None


def _reading(tv: TimeValue) -> _Reading:
    span = tv.evidence[0] if tv.evidence else Span(0, 0)
    r = _Reading(tv, span, tz=tv.tz)
    if tv.start and tv.granularity in ("day", "part_of_day", "hour", "minute"):
        r.date = datetime.fromisoformat(tv.start).date()
    bad = _invalid_clock(tv.text)
    rest = tv.text
    if bad is not None:
        r.bad_clock = (bad[0], bad[1])
        rest = tv.text[:bad[2].start()] + " " * (bad[2].end() - bad[2].start()) + tv.text[bad[2].end():]
    mm = _MONTH_WORD.search(rest)
    if mm:
        key = mm["mon"].lower()
        r.month = MONTHS.get(key, MONTHS.get(key[:3]))
    r.year_stated = bool(_YEAR_WORD.search(rest))
    dm = None
    for cand in _DAY_WORD.finditer(_YEAR_WORD.sub(" ", rest)):
        dm = cand
        break
    if r.date is not None:
        if dm is not None:
            r.day = int(dm["d"])
            r.bare_day = r.month is None
        elif tv.granularity in ("hour", "minute") and not _DAY_NAMING.search(tv.text):
            r.date = None  # a bare clock time is anchored to a day, it does not name one
        else:
            r.day, r.relative = r.date.day, True
    if r.month is not None and r.day is None and r.date is None and tv.start:
        r.date = None
    pm = _POD_OF_VALUE.search(tv.value)
    if pm:
        r.pod = pm.group(1)
    cm = _CLOCK_OF_VALUE.search(tv.value)
    if cm and bad is None:
        r.hour, r.minute = int(cm.group(1)), int(cm.group(2))
    return r


def _weekdays_follow_tense(readings: list[_Reading], dct: datetime, reasons: list[str]) -> None:
    """A bare weekday names the one nearest publication in the direction of the event's tense.
    The annotator guesses that direction from nearby words ("criticised the export plan on
    Tuesday" looks ahead because of "plan"); the caller knows the event is past, so a bare
    weekday read as after publication is the one a week earlier. "next Tuesday" is kept."""
    today = dct.date()
    for r in readings:
        if not r.relative or r.date is None or r.date <= today or r.month is not None:
            continue
        if not _WEEKDAY.search(r.tv.text) or _AHEAD_WORD.search(r.tv.text):
            continue
        r.date = r.date - timedelta(days=7)
        r.day = r.date.day
        reasons.append(f"'{r.tv.text}' read as the one before publication, as the event is past")


def _zone(tv: TimeValue, dct: datetime) -> tzinfo:
    if tv.start:
        tz = datetime.fromisoformat(tv.start).tzinfo
        if tz is not None:
            return tz
    assert dct.tzinfo is not None
    return dct.tzinfo


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fmt_day(d: date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


def _bare_day_date(day: int, dct: datetime, past: bool) -> date | None:
    """Day ``day`` of the publication month, or the nearest month where it fits the tense."""
    base = dct.date()
    cands = []
    for k in (0, -1, 1, -2, 2):
        y, m = cal.add_months(base.year, base.month, k)
        if cal.valid_day(y, m, day):
            cands.append(date(y, m, day))
    if past:
        ok = [c for c in cands if c <= base]
        return max(ok) if ok else None
    ok = [c for c in cands if c >= base]
    return min(ok) if ok else None


def reconcile(candidates: list[TimeValue], dct: datetime, *, text: str, past: bool = True) -> Reconciled:
    """The most consistent reading among the mentions tied to one event, with reasons and flags.

    ``past`` says whether the event is reported as having happened (a past event dated after
    publication is flagged); for planned events the future reading is expected.
    """
    if dct.tzinfo is None:
        raise ValueError("dct must be timezone-aware")
    usable = [tv for tv in candidates if tv.type in ("DATE", "TIME") and tv.start]
    if not usable:
        return Reconciled(None, "no date or time mentioned for this event", 0.0, [])
    readings = [_reading(tv) for tv in usable]
    flags: list[Flag] = []
    reasons: list[str] = []
    conf = 1.0
    if past:
        _weekdays_follow_tense(readings, dct, reasons)

    day_votes: Counter[int] = Counter(r.day for r in readings if r.day is not None)
    swaps: list[str] = []

    # 1. Impossible clock times, and the known swap "14 p.m. on the 9th" = 9 p.m. on the 14th.
    for r in readings:
        if r.bad_clock is None:
            continue
        h, ap = r.bad_clock
        others = Counter(x.day for x in readings if x is not r and x.day is not None)
        if (r.day is not None and 1 <= r.day <= 12 and 1 <= h <= 31 and others[h] > 0
                and others[h] >= others[r.day]):
            swapped_day, swapped_hour = h, (r.day % 12) + (12 if ap == "p" else 0)
            msg = (f"'{r.tv.text}' is not a possible time; read as a day/hour swap: "
                   f"{r.day} {ap}.m. on the {_ordinal(h)}, which agrees with the other mentions of day {h}")
            flags.append(Flag("invalid_time", "warning", f"impossible clock time in '{r.tv.text}'", [r.span]))
            flags.append(Flag("mt_swap", "warning", msg, [r.span]))
            swaps.append(f"'{r.tv.text}' read as a swap of {r.day} {ap}.m. on the {_ordinal(h)}")
            day_votes[r.day] -= 1
            day_votes[swapped_day] += 1
            r.day, r.hour, r.minute, r.bad_clock = swapped_day, swapped_hour, 0, None
            r.date = None
            r.bare_day = r.month is None
            conf -= 0.2
        else:
            flags.append(Flag("invalid_time", "warning",
                              f"'{r.tv.text}': {h} {ap}.m. is not a possible clock time", [r.span]))
            reasons.append(f"ignored the impossible clock time in '{r.tv.text}'")
            conf -= 0.15

    dated = [r for r in readings if r.day is not None]
    chosen: date | None = None
    support: list[_Reading] = []
    if dated:
        chosen, support, c = _choose_day(dated, day_votes, dct, past, flags, reasons, swaps)
        conf -= c
    if chosen is None:
        return _coarse(readings, dct, past, flags, reasons, conf)

    # 2. Coarser mentions ("last week", "in March") must contain the chosen day.
    for r in readings:
        if r.day is not None or r.tv.granularity in (None, "day", "part_of_day", "hour", "minute"):
            continue
        if r.tv.start and r.tv.end:
            lo, hi = datetime.fromisoformat(r.tv.start).date(), datetime.fromisoformat(r.tv.end).date()
            if not lo <= chosen < hi:
                # in the chosen day's own sentence the two contradict each other; told in another
                # sentence, the coarser time is more often another occasion of a merged telling
                # ("the budget it requested in May") than an error: noted, not alarmed
                near = any(_same_sentence(text, r.span, x.span) for x in support)
                flags.append(Flag("date_conflict", "warning" if near else "info",
                                  f"'{r.tv.text}' ({r.tv.value}) does not contain {_fmt_day(chosen)}",
                                  [r.span] + [x.span for x in support[:1]]))
                reasons.append(f"'{r.tv.text}' ({r.tv.value}) disagrees")
                conf -= 0.1

    # 3. Clock time and part of day on the chosen day, checked against each other.
    hours = [r for r in readings if r.hour is not None and (r.day in (None, chosen.day))]
    pods = [r for r in readings if r.pod is not None and (r.day in (None, chosen.day))]
    hour_r = hours[0] if hours else None
    pod_r = pods[0] if pods else None
    if hour_r is not None and pod_r is not None and hour_r.hour is not None:
        first_hour, end_hour = POD_HOURS[pod_r.pod]  # type: ignore[index]
        h = hour_r.hour
        if not (first_hour <= h < end_hour or first_hour <= h + 24 < end_hour):
            flags.append(Flag("time_of_day_conflict", "warning",
                              f"'{hour_r.tv.text}' ({h:02d}:00) does not fall in '{pod_r.tv.text}'",
                              [hour_r.span, pod_r.span]))
            reasons.append(f"clock time {h:02d}:{hour_r.minute or 0:02d} contradicts '{pod_r.tv.text}'")
            conf -= 0.15
        else:
            reasons.append(f"clock time {h:02d}:{hour_r.minute or 0:02d} agrees with '{pod_r.tv.text}'")

    tzsrc = hour_r.tv if hour_r else (support[0].tv if support else usable[0])
    tz = _zone(tzsrc, dct)
    typ: Literal["DATE", "TIME"]
    if hour_r is not None and hour_r.hour is not None:
        res = cal.clock(chosen, hour_r.hour, hour_r.minute or None if hour_r.minute else None, tz)
        typ = "TIME"
    elif pod_r is not None:
        res = cal.part_of_day(chosen, pod_r.pod, tz)  # type: ignore[arg-type]
        typ = "TIME"
    else:
        res = cal.day(chosen, tz)
        typ = "DATE"
    evidence = sorted({r.span for r in support} | ({hour_r.span} if hour_r else set())
                      | ({pod_r.span} if pod_r else set()))
    mod = hour_r.tv.mod if hour_r else None
    if past and res.start is not None and res.start > dct:
        flags.append(Flag("future_past_event", "warning",
                          f"event reported as past but dated {res.value}, after publication", evidence))
        conf -= 0.2
    conf = max(0.05, min(conf, 1.0))
    value = TimeValue(res.value, typ, "; ".join(dict.fromkeys(r.tv.text for r in support)),
                      evidence,
                      res.start.isoformat() if res.start else None,
                      res.end.isoformat() if res.end else None, res.granularity,
                      usable[0].tz if hour_r is None else hour_r.tv.tz, dct.isoformat(), mod, round(conf, 2))
    return Reconciled(value, "; ".join(reasons), round(conf, 2), flags)


def _choose_day(dated: list[_Reading], votes: Counter[int], dct: datetime, past: bool,
                flags: list[Flag], reasons: list[str],
                swaps: list[str]) -> tuple[date | None, list[_Reading], float]:
    """The agreed day of month, then its month: relative dates, agreeing months, or the DCT's."""
    penalty = 0.0

    def weight(d: int) -> tuple[int, float]:
        # More mentions win; among equals, a named month-and-day outweighs a relative day
        # ("yesterday"), which outweighs a bare "the 14th".
        return votes[d], sum(1.0 if r.month is not None else 0.9 if r.relative else 0.7
                             for r in dated if r.day == d)

    best_day = max((d for d in votes if votes[d] > 0), key=weight)
    n = votes[best_day]
    total = sum(v for v in votes.values() if v > 0)
    support = [r for r in dated if r.day == best_day]
    against = [r for r in dated if r.day != best_day]
    if against:
        flags.append(Flag("date_conflict", "warning",
                          f"mentions disagree on the day: {', '.join(repr(r.tv.text) for r in dated)}",
                          sorted({r.span for r in dated})))
        penalty += 0.15
    reasons.append(f"day {best_day} is agreed by {n} of {total} mentions"
                   + (f" ({len(swaps)} after reading a day/hour swap)" if swaps else ""))
    reasons.extend(swaps)

    relative = [r for r in support if r.relative and r.date is not None]
    explicit = [r for r in support if r.month is not None]
    months = sorted({r.month for r in explicit if r.month is not None})
    chosen: date | None = None
    if relative:
        chosen = relative[0].date
        reasons.append(f"'{relative[0].tv.text}' fixes the full date")
        off = [r for r in explicit if chosen is not None and r.month != chosen.month]
        if off:
            flags.append(Flag("date_conflict", "warning",
                              f"'{relative[0].tv.text}' is {_fmt_day(chosen)} but "  # type: ignore[arg-type]
                              f"{', '.join(repr(r.tv.text) for r in off)} names another month",
                              sorted({relative[0].span} | {r.span for r in off})))
            reasons.append(f"{', '.join(repr(r.tv.text) for r in off)} disagrees on the month")
            penalty += 0.15
    if len(months) > 1:
        names = ", ".join(MONTH_NAMES[m - 1] for m in months)
        if not any(f.kind == "date_conflict" for f in flags):
            flags.append(Flag("date_conflict", "warning",
                              f"mentions of day {best_day} name different months: {names}",
                              sorted({r.span for r in explicit})))
            penalty += 0.15
        reasons.append(f"the explicit months conflict with each other ({names})")
        if past:
            today = dct.date()
            for r in explicit:
                in_pub_year = (date(today.year, r.month, best_day)
                               if not r.year_stated and r.month and cal.valid_day(today.year, r.month, best_day)
                               else r.date)
                if in_pub_year is not None and in_pub_year > today:
                    flags.append(Flag("future_past_event", "warning",
                                      f"'{r.tv.text}' is after publication for a past event", [r.span]))
                    reasons.append(f"'{r.tv.text}' is after publication for a past event")
                    penalty += 0.05
    elif months and chosen is None:
        r0 = explicit[0]
        chosen = r0.date if r0.date is not None else _bare_day_date(best_day, dct, past)
        if r0.date is not None and r0.date.month == months[0]:
            reasons.append(f"month from '{r0.tv.text}'")
    if chosen is None:
        chosen = _bare_day_date(best_day, dct, past)
        if chosen is not None:
            local = dct.date()
            where = ("the publication month" if chosen.month == local.month
                     else "the nearest earlier month" if past else "the nearest later month")
            reasons.append(f"the bare day {best_day} resolved against {where} ({MONTH_NAMES[chosen.month - 1]} "
                           f"{chosen.year})")
            penalty += 0.1
    if chosen is not None:
        reasons.append(f"chosen {_fmt_day(chosen)}")
    return chosen, support, penalty


def _coarse(readings: list[_Reading], dct: datetime, past: bool, flags: list[Flag],
            reasons: list[str], conf: float) -> Reconciled:
    """No mention names a day: the narrowest interval that fits the tense (week, month, year)."""
    def width(r: _Reading) -> float:
        s, e = r.tv.start, r.tv.end
        if not s or not e:
            return float("inf")
        return (datetime.fromisoformat(e) - datetime.fromisoformat(s)).total_seconds()

    ok = []
    late: list[_Reading] = []
    for r in readings:
        s = datetime.fromisoformat(r.tv.start) if r.tv.start else None
        e = datetime.fromisoformat(r.tv.end) if r.tv.end else None
        if past and s is not None and s > dct:
            late.append(r)
            continue
        if not past and e is not None and e < dct:
            continue
        ok.append(r)
    # A past event whose every mention lies after publication is misdated (warning). When other
    # mentions date it before publication, the late one is usually a misread anaphor ("The next
    # year, ..." after "in August 2016"): it is set aside and noted (info).
    for r in late:
        flags.append(Flag("future_past_event", "info" if ok else "warning",
                          f"'{r.tv.text}' is after publication for a past event"
                          + (" (set aside: the other mentions date it before publication)" if ok else ""),
                          [r.span]))
    pool = ok or readings
    best = min(pool, key=width)
    reasons.append(f"narrowest mention '{best.tv.text}' ({best.tv.value})")
    if len({r.tv.value for r in pool}) > 1:
        reasons.append(f"{len(pool)} mentions considered")
    conf = max(0.05, min(conf, best.tv.confidence) - (0.1 if not ok else 0.0))
    return Reconciled(best.tv, "; ".join(reasons), round(conf, 2), flags)


def _same_sentence(text: str, a: Span, b: Span) -> bool:
    """Whether two spans of ``text`` lie in one sentence (no sentence end or line break between)."""
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    if hi.start <= lo.end:
        return True
    return next(sentence_breaks(text, lo.end, hi.start), None) is None


def check_text(text: str, timexes: list[TimeValue], dct: datetime) -> list[Flag]:
    """Document-level time flags that need no events: impossible clock times, and a clock time
    that contradicts the part of day stated in the same expression ("9 a.m. in the evening")."""
    flags: list[Flag] = []
    seen: set[int] = set()
    for tv in timexes:
        bad = _invalid_clock(tv.text)
        span = tv.evidence[0] if tv.evidence else None
        if bad is not None and span is not None:
            m = bad[2]
            s = Span(span.start + m.start(), span.start + m.end())
            seen.add(s.start)
            flags.append(Flag("invalid_time", "warning",
                              f"'{m.group(0).strip()}' is not a possible clock time", [s]))
    for m in _BAD_CLOCK.finditer(text):
        h = int(m["h"])
        if (h > 12 or h == 0) and m.start() not in seen:
            flags.append(Flag("invalid_time", "warning",
                              f"'{m.group(0).strip()}' is not a possible clock time",
                              [Span(m.start(), m.end())]))
    for m in _CLOCK_POD.finditer(text):
        h = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
        pod = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[m["pod"].lower()]
        lo, hi = POD_HOURS[pod]
        if int(m["h"]) <= 12 and not (lo <= h < hi or lo <= h + 24 < hi):
            flags.append(Flag("time_of_day_conflict", "warning",
                              f"'{m.group(0)}': the clock time contradicts the part of day",
                              [Span(m.start(), m.end())]))
    return flags


_CLOCK_POD = re.compile(r"(?P<h>\d(?<!\d\d)\d?)(?::\d\d)?\s*(?P<ap>[ap])\.?\s?m\b\.?\s+(?:in\s+the\s+|on\s+\w+\s+)?"
                        r"(?P<pod>morning|afternoon|evening|night)", re.I)


