"""When an article can have been written, from the offices it names its people by.

An article that calls Yoko Kamikawa "Foreign Minister" was written while she was foreign
minister (2023-09-13 to 2024-10-01 in the knowledge base); one that also calls Antony Blinken
"Secretary of State" was written while both held their offices. The window is the intersection,
over every person named with a title, of the tenures in which they held an office of that title
(a title held twice gives two intervals: "President Donald Trump" is 2017-2021 or 2025 on).
"former", "ex-", "late", "then-" and "-elect" titles say nothing about the time of writing and
are skipped. The window bounds the publication time when the page does not give one (a yearless
dateline "Sept 6" takes the one year the window allows), ranks the stories an undated article
may join, and flags dates anchored outside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from teller.records import Actor, Event, Flag, Mention, Span
from teller.text.titles_ja import office_keys

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase

#: Words before or in a title that put the office outside the time of writing.
_NOT_NOW = re.compile(r"(?i)\b(?:former|ex|late|then|outgoing|incoming|elect|designate|acting|future|"
                      r"would-be|erstwhile|onetime|one-time)\b")
#: The same in Japanese, right before the title: 元首相 (former), 前外相 (previous).
_NOT_NOW_JA = frozenset("元前故")
#: How far before a mention a "former" is looked for ("former U.S. President ...").
_LOOK_BACK = 24

Interval = tuple[date, date]  # [start, end): date.min / date.max when open
_OPEN = (date.min, date.max)


@dataclass(frozen=True, slots=True)
class TenureWindow:
    """The days the article can have been written on: ``intervals`` (sorted, disjoint), and
    who bounds them as ``(name, title)``, with the mentions that named them."""

    intervals: tuple[Interval, ...]
    named: tuple[tuple[str, str], ...]
    evidence: tuple[Span, ...] = ()

    def covers(self, day: date) -> bool:
        return any(lo <= day < hi for lo, hi in self.intervals)

    def years(self, month: int, day: int) -> list[int]:
        """The years in which ``month``/``day`` falls inside the window (bounded windows only)."""
        out = []
        for lo, hi in self.intervals:
            if lo == date.min or hi == date.max:
                return []  # open: any number of years
            for y in range(lo.year, hi.year + 1):
                try:
                    d = date(y, month, day)
                except ValueError:
                    continue
                if lo <= d < hi and y not in out:
                    out.append(y)
        return out

    def describe(self) -> str:
        spans = ", ".join(f"{'' if lo == date.min else lo.isoformat()}..{'' if hi == date.max else hi.isoformat()}"
                          for lo, hi in self.intervals)
        who = "; ".join(f"{title} {name}" for name, title in self.named)
        return f"{spans} (offices named: {who})"


def tenure_window(mentions: Sequence[Mention], text: str, kb: KnowledgeBase) -> TenureWindow | None:
    """The window the titled people of ``mentions`` bound, or None when no title bounds it
    (or the titles contradict each other: an empty intersection says the text mixes times)."""
    window: list[Interval] = [_OPEN]
    named: list[tuple[str, str]] = []
    evidence: list[Span] = []
    seen: set[str] = set()
    for m in mentions:
        a = m.actor
        if m.kind != "title" or a is None or a.kind != "person" or not a.id.startswith("person:") or not m.evidence:
            continue
        start = m.evidence[0].start
        if _NOT_NOW.search(text[max(0, start - _LOOK_BACK):start] + " " + m.text) or \
                (text[start - 1:start] + m.text)[:1] in _NOT_NOW_JA:
            continue
        person = _person(kb, a)
        if person is None:
            continue
        held, title = _held(person, m.text, kb)
        if not held:
            continue
        window = _intersect(window, held)
        evidence.append(m.evidence[0])
        if person.slug not in seen:
            seen.add(person.slug)
            named.append((person.name, title))
    if not named or not window:
        return None
    return TenureWindow(tuple(window), tuple(named), tuple(evidence))


def _person(kb: KnowledgeBase, a: Actor):  # -> actors.kb.Person | None
    """The knowledge base's person behind ``a``; one from the imported index is adopted again
    when this process has not met them yet (the mentions may have been resolved elsewhere)."""
    person = kb.people.get(a.id[len("person:"):])
    if person is None and kb.index is not None:
        found = kb.indexed_person(a.name, None, country=a.country)
        person = kb.people.get(found.id[len("person:"):]) if found is not None and found.id == a.id else None
    return person


def _held(person, mention_text: str, kb: KnowledgeBase) -> tuple[list[Interval], str]:
    """The tenures of ``person`` whose office has a title the mention uses, and that title."""
    said = mention_text.casefold()
    out: list[Interval] = []
    found = ""
    # a Japanese title (首相, 外相) names its office by key: the knowledge base's titles are English
    ja_keys = office_keys(mention_text)
    for t in person.tenures:
        titles = [t.title] if t.title else []
        for key in t.offices:
            off = kb.office(t.country, key)
            titles += off.titles if off else []
        for title in sorted(titles, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(title.casefold())}(?!\w)", said):
                out.append((t.start or date.min, t.end or date.max))
                found = found or title
                break
        else:
            key = next((k for k in ja_keys if k in t.offices), None)
            if key is not None:
                out.append((t.start or date.min, t.end or date.max))
                found = found or key.replace("_", " ")
    return sorted(out), found


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if lo < hi:
                out.append((lo, hi))
    return sorted(out)


def check_dates(events: Sequence[Event], window: TenureWindow | None, dct: datetime) -> list[Flag]:
    """When the publication time ``dct`` falls outside ``window`` (the article names people by
    offices they did not hold then), flag, and lower the confidence of, each event whose date
    rests on it (a relative day, the publication-day fallback): the anchor is likely wrong.
    Dates the text states in full are left alone, and so are events before the window: a
    report may tell of what happened before its people took office."""
    if window is None or window.covers(dct.date()):
        return []
    flags = []
    for ev in events:
        tv = ev.date
        if tv is None or tv.anchor is None:
            continue  # a date stated in full, or none: nothing anchored to the publication time
        ev.confidence = round(max(0.05, ev.confidence * 0.6), 3)
        flags.append(Flag("date_outside_tenure", "warning",
                          f"{ev.event} dated {tv.value} from the publication time {dct.date().isoformat()}, "
                          f"outside the time the article's offices were held: {window.describe()}",
                          list(ev.evidence[:1])))
    return flags
