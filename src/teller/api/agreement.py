"""How the reports of one event agree and disagree: the day, the place and the numbers each gives.

A merged (canonical) event keeps, per reporting article, the per-article event it absorbed; that
event carries the article's own date and place. Numbers are read from the sentences holding the
event's evidence in each article ("12 people were killed" against "at least 15 died"), leaving out
years, clock times and days of the month, which are dates, not counts. Each field is compared to
the value most reports give; a report that gives none neither agrees nor disagrees. Each report's
flags (what verification found wrong in that article) stand beside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from teller.api.services import NotFound, Versioned
from teller.records import Span, to_dict
from teller.store import Store, views

_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred thousand million "
                 "dozens hundreds thousands millions dozen").split()
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_NUMBER = re.compile(r"(?<![\w.:/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:/-]|\.\d)"
                     r"|\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_NOT_COUNT_AFTER = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|%|per ?cent|" + "|".join(_MONTHS) + r")",
                              re.IGNORECASE)
#: A full stop that ends a sentence: followed by a capital or a line break (not "p.m. on").
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[A-Z\"\u201c(]|\s*\n|\s*$)|\n")
_NOT_COUNT_BEFORE = re.compile(r"(?:" + "|".join(_MONTHS) + r")\s*$", re.IGNORECASE)


class ReportView(BaseModel):
    article_id: str
    title: str | None
    source: str | None
    date: str | None = Field(description="The TIMEX3 value this report gives the event; null: undated.")
    place: str | None = Field(description="Where this report places the event; null: no place.")
    numbers: list[str] = Field(description="Counts in the sentences of this report's evidence.")
    date_agrees: bool | None = Field(description="Same day as most reports; null when it gives none.")
    place_agrees: bool | None
    numbers_agree: bool | None
    flags: dict[str, int] = Field(description="This article's flags by severity.")
    flag_kinds: list[str]


class Field_(BaseModel):
    value: str | None = Field(description="What most reports say (null when no report says anything).")
    agree: int
    disagree: int
    silent: int = Field(description="Reports that say nothing about it.")


class Agreement(Versioned):
    event_id: str
    reports: list[ReportView]
    date: Field_
    place: Field_
    numbers: Field_


def numbers(text: str, spans: Sequence[Span]) -> list[str]:
    """Counts in the sentences around ``spans`` of ``text``, in order, without dates and times."""
    found: list[str] = []
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] if spans else []
    for s in spans:
        start = max([e for e in ends if e <= s.start], default=0)
        sentence = text[start:min([e for e in ends if e >= s.end], default=len(text))]
        for m in _NUMBER.finditer(sentence):
            value = m.group(0)
            after, before = sentence[m.end():m.end() + 12], sentence[max(0, m.start() - 12):m.start()]
            if m.group(1) and (re.fullmatch(r"(19|20)\d\d", value) or _NOT_COUNT_AFTER.match(after)
                               or _NOT_COUNT_BEFORE.search(before)):
                continue
            value = value.lower().replace(",", "")
            if value not in found:
                found.append(value)
    return found


def _consensus(values: Sequence[Hashable | None]) -> tuple[Hashable | None, list[bool | None], Field_]:
    given = [v for v in values if v is not None]
    top = Counter(given).most_common(1)[0][0] if given else None
    verdicts: list[bool | None] = [None if v is None else v == top for v in values]
    return top, verdicts, Field_(value=None if top is None else _show(top),
                                 agree=verdicts.count(True), disagree=verdicts.count(False),
                                 silent=verdicts.count(None))


def _show(value: Hashable) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _place(loc: dict[str, Any] | None) -> str | None:
    if not loc or not loc.get("name"):
        return None
    return loc["name"] + (f" ({loc['country']})" if loc.get("country") else "")


def agreement(store: Store, event_id: str, only: Sequence[str] | None = None) -> Agreement:
    """Per report of ``event_id``: its date, place and numbers, compared with the others'.

    A fixed number of queries whatever the number of reports (an event told by 40 articles
    costs the same five round trips as one told by two). ``only``: compare these reports only
    (the page of reports the event page shows; the JSON route compares all).
    """
    event = store.event(event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id!r}")
    own = views.merged_reports(store, event_id)
    spans = store.event_evidence(event_id)
    ids = list(dict.fromkeys([*event.article_ids, *spans]))
    if only is not None:  # the reports one page shows (the event page pages its reports)
        ids = [i for i in ids if i in set(only)]
    texts = views.report_texts(store, ids)
    loc = to_dict(event.event_loc) if event.event_loc else None
    rows = []
    for aid in ids:
        # A merged event: what this report's own event said; a single-article event: its own.
        day, place = own.get(aid, (None, None)) if own else (event.date.value if event.date else None, loc)
        art = texts.get(aid)
        nums = tuple(sorted(numbers(art["text"], spans.get(aid, [])))) if art else ()
        rows.append((aid, day, _place(place), nums, art))
    _, dates, date_field = _consensus([r[1] for r in rows])
    _, places, place_field = _consensus([r[2] for r in rows])
    _, nums_ok, num_field = _consensus([r[3] or None for r in rows])
    reports = []
    for i, (aid, day, place, nums, art) in enumerate(rows):
        flags = art["flags"] if art else []
        reports.append(ReportView(
            article_id=aid, title=art["title"] if art else None, source=art["source"] if art else None,
            date=day, place=place, numbers=list(nums), date_agrees=dates[i], place_agrees=places[i],
            numbers_agree=nums_ok[i], flags=dict(Counter(sev for _, sev in flags)),
            flag_kinds=sorted({kind for kind, _ in flags})))
    return Agreement(event_id=event_id, reports=reports, date=date_field, place=place_field, numbers=num_field)
