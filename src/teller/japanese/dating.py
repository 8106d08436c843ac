"""The date of a Japanese event: the clause's own time expressions before the trigger (the
local time over a Japan-time gloss in brackets), reconciled by the English engine's
``reconcile``; else the date of the event it elaborates; else the publication day."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from teller.japanese.clauses import text_of
from teller.records import TimeValue
from teller.timex import reconcile

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from teller.japanese.parties import Cand

def _gloss(tv: TimeValue, text: str) -> bool:
    """A Japan-time gloss in brackets after the local time: (日本時間28日)."""
    s = tv.evidence[0].start
    return tv.tz == "+09:00" and "日本時間" in tv.text and text[max(0, s - 1):s] in ("(", "（")


def date_events(cands: list[Cand], doc: Doc, timexes: list[TimeValue], dct: datetime | None) -> None:
    text = text_of(doc)
    dated: list[Cand] = []
    for c in cands:
        trig = doc[c.trigger].idx
        own = [tv for tv in timexes if c.sentence.start <= tv.evidence[0].start < trig and tv.type in ("DATE", "TIME")
               and tv.start]
        if own:
            last = own[-1]
            group = [tv for tv in own if tv.evidence[0].start >= last.evidence[0].start - 16]
            local = [tv for tv in group if not _gloss(tv, text)]
            own = local or group
            own = [tv for tv in own if tv.granularity not in ("year", "month") or len(own) == 1]
        if own and dct is not None:
            copies = [_english_surface(tv) or tv for tv in own]
            r = reconcile(copies, dct, text=text, past=c.status == "happened")
            chosen = r.value
            if chosen is not None:
                chosen = next((orig for cp, orig in zip(copies, own, strict=True) if cp is chosen), chosen)
            c.date, c.reason, c.conf = chosen, r.reason, c.conf + 0.1 * r.confidence
        elif own:
            c.date, c.reason = own[-1], "the clause's own time (publication time unknown)"
        elif dct is None:
            # 15日 with no publication time: no month to put it in, but still the event's day once
            # the page joins a dated story (quoted as the English coder does: stories.keys)
            said = [tv for tv in timexes if c.sentence.start <= tv.evidence[0].start < trig
                    and _UNRESOLVED_DAY.match(tv.value or "")]
            if said:
                c.reason = f"'{said[-1].text}' cannot be dated: no publication time"
                continue
        if c.date is None:
            same_status = [d for d in dated if d.status == c.status]  # a plan's date is not a report's
            donor = next((d for d in reversed(same_status) if d.entry.type == c.entry.type), None) or \
                (same_status[-1] if same_status else None)
            if donor is not None:
                c.date = donor.date
                c.reason = f"date of the {donor.entry.type} it follows ({donor.text!r})"
            elif dct is not None and c.status == "happened":
                from teller.timex import annotate

                day = dct.date().isoformat()
                tv = next((t for t in annotate(day, dct) if t.value == day), None)
                if tv is not None:
                    tv.anchor = "publication"
                    tv.evidence = []
                    c.date, c.reason = tv, "publication-date fallback (no date of its own)"
        if c.date is not None and c.reason and not c.reason.startswith("publication"):
            dated.append(c)


#: Unresolved values that still name a day: a weekday, a month and day, a day of the month.
_UNRESOLVED_DAY = re.compile(r"^XXXX-(?:WXX-[1-7]|\d\d-\d\d|XX-\d\d)$")

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_DAY_WORDS = re.compile(r"[0-9０-９]\s*日|同日|前日|翌日|昨日|きのう|今日|きょう|本日|明日|あす|あした|一昨日|おととい|"
                        r"明後日|あさって|今朝|けさ|昨夜|ゆうべ|今夜|今晩")


def _english_surface(tv: TimeValue) -> TimeValue | None:
    """A copy of a Japanese time expression whose ``text`` says in English what it states, for
    ``reconcile``, which reads the stated day and month from the words ("May 27" states both,
    "the 27th" a bare day, "today" a day by its anchor, a clock alone no day)."""
    if not tv.start or tv.granularity not in ("day", "part_of_day", "hour", "minute"):
        return None
    d = datetime.fromisoformat(tv.start).date()
    jp = tv.text
    m = re.search(r"([0-9０-９]{1,2})\s*日", jp)
    if m and "月" in jp:
        words = f"{_MONTH_NAMES[d.month - 1]} {d.day}" + (f", {d.year}" if "年" in jp else "")
    elif m:
        words = f"the {d.day}th"
    elif _DAY_WORDS.search(jp):
        words = "today"
    else:
        words = ""

    return replace(tv, text=words)
