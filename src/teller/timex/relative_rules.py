"""Rules for dates stated relative to another time: "yesterday", "this morning", "last week",
"the following day", "the week of March 6", "the weekend", "the year", "year-end", holidays,
reporting periods ("the year-earlier quarter"), "a year ago", "earlier this month" and
"three days ago". Registered in a ``RuleBook``; ``teller.timex.grammar`` runs them."""

from __future__ import annotations

import re

from teller.timex.lexicon import (
    PARTS_OF_DAY,
    UNITS,
)
from teller.timex.partial import Partial
from teller.timex.patterns import (
    DAY,
    MOD,
    MON,
    NUM,
    POD,
    REL,
    UNIT,
    YEAR,
    RuleBook,
    direction,
    mod_code,
    month_number,
    number,
    partial,
    title_case_name,
    unit_code,
    year_number,
)

BOOK = RuleBook()
rule = BOOK.rule


@rule("relday",
      rf"{MOD}(?P<w>(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow|yesterday|today|tomorrow|"
      rf"tonight)"
      rf"(?:'s)?(?:\s+{POD})?")
def _relday(m: re.Match[str], text: str) -> Partial | None:
    if title_case_name(m, text):
        return None
    w = " ".join(m["w"].lower().split())
    off = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}.get(w)
    if off is None:
        off = -2 if "before" in w else 2
    p = partial(m, "date", unit="D", offset=off, mod=mod_code(m))
    if w == "tonight":
        p.pod = "NI"
    if m["pod"]:
        p.pod = PARTS_OF_DAY[m["pod"].lower()]
        if m["pod"].lower() in ("overnight",):
            p.pod = "NI"
    if m.group(0).lower().endswith("'s"):
        p.end -= 2
    return p


@rule("thispod", rf"(?:(?P<ep>early|late|later|earlier|mid)[-\s]+)?(?P<w>this|last|yesterday|tomorrow)\s+{POD}")
def _thispod(m: re.Match[str], text: str) -> Partial:
    w = m["w"].lower()
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END",
           "mid": "MID"}.get((m["ep"] or "").lower())
    off = {"this": 0, "yesterday": -1, "tomorrow": 1}.get(w, -1 if m["pod"].lower() == "night" else 0)
    if w == "last" and m["pod"].lower() != "night":
        off = -1
    return partial(m, "date", unit="D", offset=off, pod=PARTS_OF_DAY[m["pod"].lower()], mod=mod)


@rule("relunit", rf"{MOD}(?P<the>the\s+)?{REL}\s+(?:(?:fiscal|calendar|financial)\s+)?"
                 r"(?P<unit>week|weekend|month|year|decade|century|fortnight)(?!s|-)")
def _relunit(m: re.Match[str], text: str) -> Partial | None:
    if title_case_name(m, text):
        return None
    rel, u = m["rel"].lower(), UNITS[m["unit"].lower()]
    if rel in ("same", "that", "recent") or u == "2W":
        return None
    if u == "CE" and rel in ("past", "last") and m["the"]:
        return partial(m, "duration", value="P100Y", mod=mod_code(m))  # "the past century": a span
    off = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    p = partial(m, "date", unit=u, offset=off, mod=mod_code(m))
    # "the following year", "the previous month": relative to the time under discussion.
    p.anchor_ref = bool(m["the"]) and rel in ("following", "previous")
    return p


@rule("anaphor", r"(?:(?P<ep2>earlier|later|early|late)\s+)?(?:that(?:\s+same)?|the\s+same)"
                 r"\s+(?P<unit>day|week|month|year)(?![\w-])"
                 r"|(?:the\s+)?(?P<nx>next|following|previous)\s+(?P<unit2>day|morning|afternoon|evening|"
                 r"night)(?![\w-])"
                 r"|(?:(?:earlier|later)\s+)?that(?:\s+same)?\s+(?P<pod>morning|afternoon|evening|night)(?![\w-])"
                 r"|the\s+day\s+(?P<ba>before|after)(?=\s*[,.;:)]|\s*$|\s+(?:and|but|when|as|while|in|at|on)\b)")
def _anaphor(m: re.Match[str], text: str) -> Partial:
    if m["pod"]:  # "that morning": the day under discussion, its morning
        p = partial(m, "date", unit="D", offset=0)
        p.pod = PARTS_OF_DAY[m["pod"].lower()]
    elif m["ba"]:  # "the day before" (with nothing after it to be before): the day under discussion's
        p = partial(m, "date", unit="D", offset=-1 if m["ba"].lower() == "before" else 1)
    elif m["unit"]:
        u = UNITS[m["unit"].lower()]
        p = partial(m, "date", unit=u, offset=0)
        ep = m["ep2"]
        if ep:
            p.mod = "START" if ep.lower().startswith("earl") else "END"
    else:
        w = m["unit2"].lower()
        p = partial(m, "date", unit="D", offset=-1 if m["nx"].lower() == "previous" else 1)
        if w != "day":
            p.pod = PARTS_OF_DAY[w]
    p.anchor_ref = True
    return p


@rule("weekof", rf"(?:the\s+)?week\s+of\s+{MON}\s*{DAY}(?:\s*,?\s*{YEAR})?")
def _weekof(m: re.Match[str], text: str) -> Partial:
    return partial(m, "date", month=month_number(m["mon"]), day=int(m["day"]),
              year=year_number(m["year"]) if m["year"] else None, week_of=True)


@rule("weekend", r"(?:the|this\s+past)\s+weekend(?![\w-])")
def _weekend(m: re.Match[str], text: str) -> Partial:
    return partial(m, "date", unit="WE", offset=None, rel="nearest")


@rule("theyear", r"(?:the\s+)(?:(?P<full>full|whole|entire|fiscal|calendar)\s+)?year(?P<poss>'s)?"
                 r"(?=(?P<after>\s+(?:ended|ending|ends|to\s+date|through))?)(?![\w-])")
def _theyear(m: re.Match[str], text: str) -> Partial | None:
    if m["after"]:
        return partial(m, "duration", value="P1Y")  # "the year ended Sept. 30": a year-long span
    before = text[max(0, m.start() - 12):m.start()].lower()
    if not (m["full"] or re.search(r"(?:for|in|of|during|throughout|through)\s+$", before)):
        return None
    if re.match(r"\s+(?:before|after|earlier|ago|later|in\s+which|when)\b", text[m.end():m.end() + 12], re.I):
        return None
    p = partial(m, "date", unit="Y", offset=0)
    if m["poss"]:
        p.end -= 2
    return p


@rule("yearend", r"(?:(?P<the>the\s+)?end\s+of\s+(?:the|this)\s+year|year[-\s]end|year's\s+end)(?![\w-])")
def _yearend(m: re.Match[str], text: str) -> Partial:
    return partial(m, "date", unit="Y", offset=0, mod="END")


_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
             "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
             "valentine's day": (2, 14), "independence day": (7, 4), "july fourth": (7, 4),
             "the fourth of july": (7, 4), "boxing day": (12, 26), "may day": (5, 1),
             "bastille day": (7, 14), "st. patrick's day": (3, 17), "saint patrick's day": (3, 17),
             "veterans day": (11, 11), "armistice day": (11, 11), "remembrance day": (11, 11),
             "flag day": (6, 14)}


@rule("holiday",
      r"(?:(?P<rel>last|next|this)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Halloween|"
      r"Valentine's\s+Day|Independence\s+Day|July\s+Fourth|the\s+Fourth\s+of\s+July|Boxing\s+Day|"
      r"Bastille\s+Day|St\.\s+Patrick's\s+Day|Saint\s+Patrick's\s+Day|Veterans\s+Day|Armistice\s+Day|"
      r"Remembrance\s+Day|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?|Good\s+Friday|"
      r"Election\s+Day|Labor\s+Day|Memorial\s+Day|Mother's\s+Day|Father's\s+Day)(?![\w-])", prio=-5)
def _holiday(m: re.Match[str], text: str) -> Partial | None:
    h = " ".join(m["h"].lower().split())
    if not m["h"][0].isupper():
        return None
    p = partial(m, "date", rel=direction(m["rel"]))
    if h in _HOLIDAYS:
        p.month, p.day = _HOLIDAYS[h]
    else:
        p.holiday = h
    return p


_QW = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
_QN = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


@rule("period",
      rf"(?:the\s+)?(?:{YEAR}\s+|(?P<ya>year-earlier|year-ago|year-before|prior-year|comparable|corresponding|same)\s+"
      rf"|(?P<yr>next|last|this)\s+year's\s+|(?P<lat>latest|most\s+recent)\s+)(?:{_QW}[-\s]+)?(?:fiscal\s+)?"
      r"(?P<k>quarter|period)(?![a-z])(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|"
      r"a\s+year\s+before))?"
      r"|(?:the\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)", prio=-3)
def _period(m: re.Match[str], text: str) -> Partial | None:
    """Reporting periods of earnings news: "the 1988 second quarter", "the year-ago period"."""
    p = partial(m, "date", period_ref=True, mod=None)
    q = _QN.get((m["q"] or "").lower())
    ya = (m["ya"] or "").lower()
    if m["year"]:
        p.year = year_number(m["year"])
    elif m["yr"]:
        p.unit, p.offset = "Y", {"next": 1, "last": -1, "this": 0}[m["yr"].lower()]
    elif m["lat"]:
        p.unit, p.offset, p.last_complete = "Q", 0, True
    elif ya in ("same", "comparable", "corresponding") and not m["ago"]:
        return None  # "the same period": which period is not said
    else:
        p.unit, p.offset = "Y", -1
    if q is not None:
        p.quarter, p.period_ref = q, False
        if p.unit == "Q":
            p.unit, p.offset = None, None
    return p


@rule("yearago", r"(?P<w>year-earlier|year-ago|year-before|prior-year)(?=\s+[a-z])")
def _yearago(m: re.Match[str], text: str) -> Partial:
    return partial(m, "date", unit="Y", offset=-1, period_ref=True)


@rule("podprep", r"(?:(?:early|late|later|earlier)\s+)?(?:in|during|by|until|through|throughout|from|on)\s+"
                 r"(?P<x>the\s+(?:(?P<ep>early|late)\s+)?(?P<pod>morning|afternoon|evening)|(?P<mid>mid-?\s?(?:morning|"
                 r"afternoon|day)))(?![\w-])")
def _podprep(m: re.Match[str], text: str) -> Partial | None:
    if re.match(r"\s+(?:of|paper|papers|news|show|edition|session|sessions|prayers?|rush|commute)\b",
                text[m.end():m.end() + 12], re.I):
        return None
    mod: str | None
    if m["mid"]:
        w = m["mid"].lower()
        pod = "MO" if "morning" in w else "MI" if "day" in w else "AF"
        mod = "MID"
    else:
        pod, mod = PARTS_OF_DAY[m["pod"].lower()], {"early": "START", "late": "END"}.get((m["ep"] or "").lower())
    return Partial(m.start("x"), m.end(), "date", unit="D", offset=0, anchor_ref=True, pod=pod, mod=mod)


@rule("earlier",
      r"(?P<w>earlier|later|early|late)\s+(?P<rel>this|last|next)\s+(?P<unit>week|month|year|decade|century)")
def _earlier(m: re.Match[str], text: str) -> Partial:
    w = m["w"].lower()
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    mod = "START" if w in ("early", "earlier") else "END"
    return partial(m, "date", unit=UNITS[m["unit"].lower()], offset=off, mod=mod)


@rule("ago",
      rf"{MOD}{NUM}[-\s]+{UNIT}s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence|"
      rf"prior)(?![\w-])")
def _ago(m: re.Match[str], text: str) -> Partial | None:
    n = number(m["num"])
    u = unit_code(m["unit"])
    if u in ("S", "TM", "H", "2W"):
        return None
    d = m["dir"].lower()
    sign = -1 if d in ("ago", "earlier", "before", "prior") else 1
    if d in ("before", "after", "prior") and not re.match(r"\s*[,.;]", text[m.end():m.end() + 2]):
        return None  # "two days after the vote": relative to an event, not a date
    p = partial(m, "date", unit=u, offset=None if n is None else sign * n, mod=mod_code(m))
    p.anchor_ref = d in ("earlier", "later", "before", "after", "prior")
    p.period_ref = u == "Y" and n == 1 and sign < 0
    if u == "WE":
        return None
    return p
