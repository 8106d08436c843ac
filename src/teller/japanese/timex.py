"""Japanese time expressions -> the same TIMEX3 values and intervals as the English ones.

The grammar here only *recognises* (what an expression states: 14日夜, 午後9時すぎ, 令和5年,
来週, 同日, 日本時間); anchoring to the publication time, intervals, zones and reconciliation
are the English engine's (``teller.timex.normalize``, ``reconcile``), so a Japanese report and
an English one of the same call come out with the same values. Japanese has no tense words
the English lists know, so the tense that picks a reading of a bare day ("27日" before or after
publication) is read from the predicate that governs the expression (:func:`tense_of`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from teller.records import TimeValue
from teller.timex.grammar import Partial
from teller.timex.normalize import normalize
from teller.timex.tense import Tense

#: Japan Standard Time: what 日本時間 names, and the zone Japanese news writes in.
JST = timezone(timedelta(hours=9), "JST")

#: Era name -> the Gregorian year before its first year (令和元年 = 2019).
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_WEEKDAYS = "月火水木金土日"

_N = r"[0-9０-９]"
_ZONE = r"(?P<zone>日本時間|現地時間|日本時刻|現地)の?\s*"
_ERA_YEAR = r"(?:(?P<era>令和|平成|昭和)\s*(?P<eyear>元|[0-9０-９]{1,2})\s*年|(?P<year>[0-9０-９]{4})\s*年)"
_MONTH = rf"(?P<month>{_N}{{1,2}})\s*月"
_DAY = rf"(?P<day>{_N}{{1,2}})\s*日(?!間|本|米|韓|中|程|分|付)"
_WD = r"(?:\s*[(（]\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*[)）])?"
_REL = (r"(?P<rel>一昨年|昨年|去年|今年|本年|来年|前年|翌年|先月|今月|来月|同月|先週|今週|来週|"
        r"一昨日|おととい|昨日|きのう|今日|きょう|本日|明日|あす|あした|明後日|あさって|同日|前日|翌日|"
        r"今朝|けさ|昨夜|ゆうべ|今夜|今晩)")
_POD = r"(?P<pod>未明|早朝|朝|午前中|午前|午後|昼前|昼過ぎ|昼すぎ|昼|夕方|夕刻|夕|夜遅く|深夜|夜|晩)"
_CLOCK = (rf"(?P<ampm>午前|午後|朝|夜|夕方|未明|深夜)?\s*(?P<hour>{_N}{{1,2}})\s*時(?!間|点|代)"
          rf"(?:\s*(?P<minute>{_N}{{1,2}})\s*分|(?P<half>半))?(?P<approx>すぎ|過ぎ|ごろ|頃|前後|前)?")

#: One expression: a zone word, a date (era or year, month, day, weekday) or a relative word,
#: then a part of day and/or a clock time. The date part may be empty (a bare clock time); a
#: bare part of day is dropped in ``_partial`` (朝 is also the 朝 of 北朝鮮).
_EXPR = re.compile(
    r"(?=[0-9０-９令平昭日現一昨去今本来前翌先同明あきおけゆ午朝夜夕未深晩])"  # where one can start
    rf"(?:{_ZONE})?"
    rf"(?:{_REL}|(?:{_ERA_YEAR}\s*)?(?:{_MONTH}\s*)?(?:{_DAY})?){_WD}"
    rf"(?:\s*(?:[、,]\s*(?=午前|午後|[0-9０-９]{{1,2}}\s*時))?(?:{_CLOCK}|{_POD}))?")

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: relative word -> (unit, offset, anchored on the date under discussion, part of day)
_RELATIVE: dict[str, tuple[str, int, bool, str | None]] = {
    "一昨年": ("Y", -2, False, None), "昨年": ("Y", -1, False, None), "去年": ("Y", -1, False, None),
    "今年": ("Y", 0, False, None), "本年": ("Y", 0, False, None), "来年": ("Y", 1, False, None),
    "前年": ("Y", -1, True, None), "翌年": ("Y", 1, True, None),
    "先月": ("M", -1, False, None), "今月": ("M", 0, False, None), "来月": ("M", 1, False, None),
    "同月": ("M", 0, True, None),
    "先週": ("W", -1, False, None), "今週": ("W", 0, False, None), "来週": ("W", 1, False, None),
    "一昨日": ("D", -2, False, None), "おととい": ("D", -2, False, None),
    "昨日": ("D", -1, False, None), "きのう": ("D", -1, False, None),
    "今日": ("D", 0, False, None), "きょう": ("D", 0, False, None), "本日": ("D", 0, False, None),
    "明日": ("D", 1, False, None), "あす": ("D", 1, False, None), "あした": ("D", 1, False, None),
    "明後日": ("D", 2, False, None), "あさって": ("D", 2, False, None),
    "同日": ("D", 0, True, None), "前日": ("D", -1, True, None), "翌日": ("D", 1, True, None),
    "今朝": ("D", 0, False, "MO"), "けさ": ("D", 0, False, "MO"),
    "昨夜": ("D", -1, False, "NI"), "ゆうべ": ("D", -1, False, "NI"),
    "今夜": ("D", 0, False, "NI"), "今晩": ("D", 0, False, "NI"),
}

#: part-of-day word -> TIMEX3 part of day (teller.timex.lexicon.POD_HOURS)
_PODS = {"未明": "NI", "深夜": "NI", "夜遅く": "NI", "夜": "NI", "晩": "NI", "早朝": "MO", "朝": "MO",
         "午前中": "MO", "午前": "MO", "午後": "AF",
         "昼前": "MO", "昼": "MI", "昼過ぎ": "AF", "昼すぎ": "AF", "夕方": "EV", "夕刻": "EV",
         "夕": "EV"}
#: 未明 is the small hours *after* midnight: the day named is the calendar day (7日未明 is early on
#: the 7th), which POD "NI" of that day would put at its end; it is read as hours 0-5 instead.
_SMALL_HOURS = ("未明",)


def _int(s: str) -> int:
    return int(s.translate(_DIGITS))


def recognize(text: str) -> list[Partial]:
    """Every Japanese time expression in ``text`` as an unanchored :class:`Partial`."""
    out: list[Partial] = []
    for m in _EXPR.finditer(text):
        p = _partial(m)
        if p is not None:
            out.append(p)
    return out


def _partial(m: re.Match[str]) -> Partial | None:
    g = m.groupdict()
    start = m.start()
    if m.end() == m.start():
        return None
    if not any(g[k] for k in ("era", "year", "month", "day", "rel", "hour")):
        return None  # a zone word or a part of day alone
    p = Partial(start=start, end=m.end(), kind="date")
    if g["zone"] in ("日本時間", "日本時刻"):
        p.zone, p.zone_name = JST, "JST"
    if g["era"]:
        n = 1 if g["eyear"] == "元" else _int(g["eyear"])
        p.year = ERAS[g["era"]] + n
    elif g["year"]:
        p.year = _int(g["year"])
    if g["month"]:
        p.month = _int(g["month"])
        if not 1 <= p.month <= 12:
            return None
    if g["day"]:
        p.day = _int(g["day"])
        if not 1 <= p.day <= 31:
            return None
    if g["wd"]:
        p.weekday = _WEEKDAYS.index(g["wd"])
        if p.day is None:
            p.rel = None
    if g["rel"]:
        unit, offset, anchored, pod = _RELATIVE[g["rel"]]
        p.unit, p.offset, p.anchor_ref = unit, offset, anchored
        if pod:
            p.pod = pod
    if g["hour"]:
        hour = _int(g["hour"])
        minute = _int(g["minute"]) if g["minute"] else (30 if g["half"] else None)
        ampm = g["ampm"]
        if ampm in ("午後", "夜", "夕方") and hour < 12:
            hour += 12
        if hour > 24 or (minute is not None and minute > 59):
            p.invalid = f"{hour}時 is not a clock time"
            return None
        p.hour, p.minute = hour % 24, minute
        p.kind = "time"
        if g["approx"] in ("すぎ", "過ぎ"):
            p.mod = "AFTER"
        elif g["approx"] in ("ごろ", "頃", "前後"):
            p.mod = "APPROX"
        elif g["approx"] == "前":
            p.mod = "BEFORE"
    elif g["pod"]:
        if g["pod"] in _SMALL_HOURS:
            p.hour, p.minute, p.mod = 3, None, "APPROX"  # the small hours, on the day named
        else:
            p.pod = _PODS[g["pod"]]
        p.kind = "time"
    if not p.has_date and not p.has_clock:
        return None
    return p


# --- tense ----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？\n]")
#: A plan or expectation governing what precedes it: 訪問する予定, 出発する方針, 表明へ.
_FUTURE = re.compile(r"(?:る|う|く|す|つ|む|ぶ|ぐ|ぬ|ない)(?:予定|方針|見通し|計画|意向|考え|見込み)|"
                     r"(?:する|へ)(?:[。、]|$)|(?:ます|ません|る|う)(?:[。]|$)")
#: A past-tense ending: 会談した, 訪れた, 明らかにした, 発射されたと.
_PAST = re.compile(r"(?:た|だ)(?=[。、」』）)]|と|が|という|ため|ことが|のは|ものの|後|$)")


def tense_of(text: str, start: int, end: int) -> Tense:
    """The tense of the predicate that governs ``text[start:end]``: Japanese is head-final,
    so the first tensed ending after the expression in its sentence (a plan word such as 予定
    or 方針 marks the future; た a past)."""
    m = _SENTENCE_END.search(text, end)
    stop = m.end() if m else len(text)
    segment = text[end:stop]
    fut = _FUTURE.search(segment)
    past = _PAST.search(segment)
    if fut and (not past or fut.start() < past.start()):
        return "future"
    if past:
        return "past"
    return None


# --- annotation -----------------------------------------------------------------------------

def annotate(text: str, dct: datetime, *, doc: object = None) -> list[TimeValue]:
    """Every Japanese time expression in ``text``, anchored to ``dct`` (timezone-aware)."""
    if dct.tzinfo is None or dct.utcoffset() is None:
        raise ValueError("dct must be timezone-aware (teller never uses naive datetimes)")
    values = normalize(recognize(text), text, dct, None, tense=tense_of)
    return [_small_hours(tv, text) for tv in values]


def _small_hours(tv: TimeValue, text: str) -> TimeValue:
    """未明 (the hours before dawn) as the TIMEX3 night of the day named, 00:00-05:00."""
    if "未明" not in tv.text or tv.start is None or re.search(r"[0-9０-９]\s*時", tv.text):
        return tv
    start = datetime.fromisoformat(tv.start).replace(hour=0, minute=0)
    tv.value = f"{start.date().isoformat()}TNI"
    tv.start, tv.end = start.isoformat(), (start + timedelta(hours=5)).isoformat()
    tv.granularity, tv.mod = "part_of_day", None
    return tv


def annotate_among(text: str, candidates: Sequence[datetime]) -> list[TimeValue]:
    """``annotate`` when the publication time is one of ``candidates`` (as ``timex.annotate_among``)."""
    if len(candidates) == 1:
        return annotate(text, candidates[0])
    from teller.timex.unanchored import annotate_unanchored

    return annotate_unanchored(text, candidates, annotate)


def normalise_text(text: str) -> str:
    """NFKC for matching only (full-width digits); offsets are never taken from it."""
    return unicodedata.normalize("NFKC", text)
