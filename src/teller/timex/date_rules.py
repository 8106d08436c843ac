"""Rules for dates named on the calendar: ISO and slashed dates, month-day-year and
day-month-year, month and year, a month alone, years (in digits or words), decades, centuries,
quarters, halves and seasons. Registered in a ``RuleBook``; ``teller.timex.grammar`` runs them."""

from __future__ import annotations

import re

from teller.timex.lexicon import (
    ORDINAL_WORDS,
    SEASONS,
)
from teller.timex.partial import Partial
from teller.timex.patterns import (
    DAY,
    MOD,
    MON,
    REL,
    WEEKDAY,
    YEAR,
    RuleBook,
    direction,
    mod_code,
    month_number,
    partial,
    weekday_number,
    year_number,
)

BOOK = RuleBook()
rule = BOOK.rule


@rule("iso", r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
             r"(?:[T\s](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::\d\d)?)?(?!\d)")
def _iso(m: re.Match[str], text: str) -> Partial:
    p = partial(m, "date", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))
    if m["H"]:
        p.kind, p.hour, p.minute = "time", int(m["H"]), int(m["M"])
    return p


@rule("slash", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")
def _slash(m: re.Match[str], text: str) -> Partial | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    mo, d = (a, b) if a <= 12 else (b, a)  # US month/day unless the first cannot be a month
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return partial(m, "date", year=y, month=mo, day=d)


@rule("mdy", rf"{MOD}(?:{WEEKDAY},?\s+)?(?:the\s+)?{MON}\s*{DAY}(?:\s*,?\s*{YEAR})?")
def _mdy(m: re.Match[str], text: str) -> Partial | None:
    if m["mon"] == "May" and not m["year"] and not m["wd"] and re.match(r"\s*\d+\s+\w", text[m.end():m.end() + 8]):
        return None
    return partial(m, "date", year=year_number(m["year"]) if m["year"] else None, month=month_number(m["mon"]),
              day=int(m["day"]), weekday=weekday_number(m["wd"]) if m["wd"] else None, mod=mod_code(m))


@rule("dmy", rf"{MOD}(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MON}(?:\s*,?\s*{YEAR})?")
def _dmy(m: re.Match[str], text: str) -> Partial | None:
    return partial(m, "date", year=year_number(m["year"]) if m["year"] else None, month=month_number(m["mon"]),
              day=int(m["day"]), weekday=weekday_number(m["wd"]) if m["wd"] else None, mod=mod_code(m))


@rule("my", rf"{MOD}{MON}\s*,?\s*(?:of\s+)?(?:{YEAR}|(?P<yrel>this|last|next)\s+year(?![\w-]))")
def _my(m: re.Match[str], text: str) -> Partial:
    p = partial(m, "date", month=month_number(m["mon"]), mod=mod_code(m))
    if m["year"]:
        p.year = year_number(m["year"])
    else:  # "June last year"
        p.unit, p.offset = "Y", {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    return p


_MAY_OK = re.compile(r"(?:in|of|since|until|till|by|through|from|during|early|late|mid|last|"
                     r"next|this|before|after|to|and)[-\s]+$", re.I)


@rule("month", rf"{MOD}(?:{REL}\s+)?{MON}(?!\s*\d)")
def _month_only(m: re.Match[str], text: str) -> Partial | None:
    mon = m["mon"]
    if len(mon) <= 4 and mon not in ("May", "June", "July", "MAY", "JUNE", "JULY") and not mon.endswith("."):
        return None  # "Jan Kavan", "Mar" without a dot: not a month on its own
    if m["mon"].lower() in ("may", "mar", "jan") or (m["mon"] == "March" and m.start() > 0 and
                                                       text[m.start() - 1:m.start()] != " "):
        if not (m["modw"] or m["rel"] or _MAY_OK.search(text[max(0, m.start() - 12):m.start()])):
            return None
    if m["mon"] == "March" and not (m["modw"] or m["rel"] or
                                    _MAY_OK.search(text[max(0, m.start() - 12):m.start()])):
        if re.match(r"\s+(?:on|to|through|in|for)\b", text[m.end():m.end() + 9]):
            return None  # "March on Washington", "march to the sea"
    return partial(m, "date", month=month_number(m["mon"]), rel=direction(m["rel"]), mod=mod_code(m))


@rule("year", rf"{MOD}(?:(?:the\s+)?(?:fiscal|calendar|financial|model|school)\s+(?:year\s+)?|the\s+year\s+)?{YEAR}")
def _year(m: re.Match[str], text: str) -> Partial | None:
    after = text[m.end():m.end() + 12]
    before = text[max(0, m.start() - 3):m.start()]
    if re.match(r"\s*(?:%|percent|people|points|troops|feet|meters|miles|tons|votes|[,.]\d)", after, re.I):
        return None
    if before.endswith(("$", "No", "#")):
        return None
    return partial(m, "date", year=year_number(m["year"]), mod=mod_code(m))


@rule("decade", rf"{MOD}(?:the\s+)?(?:(?P<mid>early|late|mid)[-\s]?)?(?:(?P<dec>1[6-9]\d|20\d)0'?s|'(?P<dec2>\d)0s|"
                r"(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))")
def _decade(m: re.Match[str], text: str) -> Partial:
    if m["dec"]:
        dec = int(m["dec"])
    elif m["dec2"]:
        dec = 190 + int(m["dec2"])
    else:
        names = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        dec = 192 + names.index(m["decw"].lower())
    mod = mod_code(m) or {"early": "START", "late": "END", "mid": "MID"}.get((m["mid"] or "").lower())
    return partial(m, "date", decade=dec, mod=mod)


@rule("century", r"(?:the\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<cw>[a-z]+(?:-[a-z]+)?)\s+century")
def _century(m: re.Match[str], text: str) -> Partial | None:
    c = int(m["c"]) if m["c"] else ORDINAL_WORDS.get(m["cw"].lower())
    if c is None:
        if m["cw"] and m["cw"].lower() in ("this", "last", "next", "past"):
            return partial(m, "date", unit="CE", offset={"this": 0, "last": -1, "past": -1, "next": 1}[m["cw"].lower()])
        return None
    return partial(m, "date", century=c - 1)


_ORDQ = (r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|past|previous|same|this|next|"
         r"fiscal|recent|year-earlier|year-ago|that)")


@rule("quarter",
      rf"{MOD}(?:the\s+)?(?:fiscal[-\s]+)?{_ORDQ}[-\s]+(?:(?:fiscal|calendar|financial)[-\s]+)?quarter(?![a-z])"
      rf"(?:\s+of\s+(?:(?:fiscal\s+)?{YEAR}|(?P<qrel>this|last|next)\s+year|the\s+year))?|"
      r"(?:the\s+)?quarter(?=\s+(?:ended|ending|ends|to)\b)|(?-i:the\s+quarter)(?![-\w])")
def _quarter(m: re.Match[str], text: str) -> Partial | None:
    w = (m["q"] or "").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
         "final": 4}.get(w)
    p = partial(m, "date", mod=mod_code(m))
    if q is not None:
        p.quarter = q
        if m["year"]:
            p.year = year_number(m["year"])
        elif m["qrel"]:
            p.unit, p.offset = "Y", {"this": 0, "last": -1, "next": 1}[m["qrel"].lower()]
        return p
    if w in ("this", "current"):
        p.unit, p.offset = "Q", 0
    elif w == "next":
        p.unit, p.offset = "Q", 1
    elif w in ("year-earlier", "year-ago"):
        p.unit, p.offset, p.last_complete = "Q", -4, True
    elif w in ("previous", "last", "past") and not m["modw"]:
        p.unit, p.offset, p.last_complete = "Q", -1, True
    else:  # "the quarter", "the latest quarter", "the same quarter": the last complete one
        p.unit, p.offset, p.last_complete = "Q", 0, True
    return p


@rule("half", r"(?:the\s+)?(?P<h>first|second|latter|last|1st|2nd)[-\s]+half(?:\s+of\s+(?:(?:fiscal\s+)?"
              rf"{YEAR}|(?P<hrel>this|last|next)\s+year|the\s+year))?(?!\s+of\b)")
def _half(m: re.Match[str], text: str) -> Partial:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    p = partial(m, "date", half=h)
    if m["year"]:
        p.year = year_number(m["year"])
    elif m["hrel"]:
        p.unit, p.offset = "Y", {"this": 0, "last": -1, "next": 1}[m["hrel"].lower()]
    return p


@rule("season", rf"{MOD}(?:(?:{REL}|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?{YEAR})?")
def _season(m: re.Match[str], text: str) -> Partial | None:
    if m["season"].lower() == "fall" and not (m["rel"] or m["year"] or m["modw"]):
        if not re.search(r"(?:in|the|this|last|next|by|until|since|during)\s+$", text[max(0, m.start() - 8):m.start()],
                         re.I):
            return None
        if re.match(r"\s+(?:of|in|to|from|by)\b", text[m.end():m.end() + 6]) and not m["year"]:
            return None
    if not (m["rel"] or m["year"] or m["modw"] or m.group(0).lower().startswith("the ")) and not re.search(
            r"(?:in|the|this|last|next|by|until|since|during|of)\s+$", text[max(0, m.start() - 8):m.start()], re.I):
        return None
    code = SEASONS[m["season"].lower()]
    return partial(m, "date", season=code, year=year_number(m["year"]) if m["year"] else None,
              rel=direction(m["rel"]), mod=mod_code(m))
