"""Recognition: the patterns of English temporal expressions, compiled once, and what they mean.

Each rule is a regular expression plus a small function that turns a match into a ``Partial``:
the calendar fields the words state (year, month, day, weekday, part of day, clock time, zone,
an offset like "last week" = week -1, a duration or a set) *before* anchoring to the document
creation time. ``recognize`` runs every rule, keeps the longest non-overlapping matches and
joins neighbours that form one expression ("the evening" + "of the 14th", "Thursday" +
"evening", "9 p.m." + "on the 9th"). Anchoring is ``teller.timex.normalize``'s job.

Speed: a rule is not run over the whole text. Each rule names the words its expressions can
start with (``_TRIGGERS``) and the rarer words one of which they must contain (``_HEADS``: a
unit, a month, a digit...); ``recognize`` tokenizes once and calls ``pattern.match`` only at
trigger words within ``_WINDOW`` tokens before a head word. The output equals trying every rule
at every word start (``recognize(text, exhaustive=True)``, checked by a property test).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from itertools import accumulate

from teller.text.calendar_names import MONTH_ABBREVIATION_PATTERN, MONTH_NAME_PATTERN
from teller.timex.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    SEASONS,
    SETS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    ZONES,
)


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


# --- building blocks ---------------------------------------------------------------------------

_MON = (rf"(?-i:(?P<mon>{MONTH_NAME_PATTERN}|{MONTH_NAME_PATTERN.upper()}|"
        rf"(?:{MONTH_ABBREVIATION_PATTERN})(?![a-z])\.?))(?![a-z])")
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_TENS_W = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES_W = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_W = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_SPOKEN_YEAR = (rf"(?:nineteen|twenty)[-\s]+(?:{_TENS_W}(?:[-\s]{_ONES_W})?|{_TEENS_W}|oh[-\s]{_ONES_W})"
                rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES_W}|{_TEENS_W}))?")
_YEAR = rf"(?P<year>(?:1[6-9]|20)\d\d(?![\d%])|(?:{_SPOKEN_YEAR})(?![\w-])(?!\s+(?:years|people|dollars|troops|of)\b))"
_WD = (r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|"
       r"WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|Mon\.|Tues?\.|Wed\.|Thu(?:rs?)?\.|Fri\.|Sat\.|"
       r"Sun\.))(?![a-z])")


def _trie_pattern(words: list[str]) -> str:
    """A regular expression for ``words`` as a trie: "twenty(?:\\ (?:one|two...)|...)?".

    It matches what the alternation of the words sorted longest first matches, and prefers the
    same words: where several words fit the text at one position, one is a prefix of the other,
    and both patterns try the longer first. The alternation tries its words one after another
    at every position a number may start (184 of them); the trie follows one branch."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # the end of a word

    def walk(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + walk(sub) for ch, sub in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words first, then this one
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return walk(tree)


_NUMW = _trie_pattern(list(NUMBER_WORDS))
_NUM = rf"(?P<num>\d+(?:\.\d+)?|{_NUMW}|several|a\s+few|few|many|some|numerous)"
_UNIT = (r"(?P<unit>second|sec|minute|min|hour|hr|day|night|week|fortnight|month|quarter|year|yr|"
         r"decade|centur(?:y|ie)|weekend|millennium)")
_POD = r"(?P<pod>morning|afternoon|evening|night|overnight)"
_REL = r"(?P<rel>last|next|this|coming|past|previous|following|current|recent|same|that)"
_MODW = (r"(?P<modw>early|late|mid|the\s+(?:early|late|middle)\s+(?:part\s+)?of|the\s+middle\s+of|"
         r"the\s+(?:beginning|start|end|close|turn)\s+of|"
         r"around|about|approximately|nearly|almost|roughly|some|at\s+least|more\s+than|"
         r"less\s+than|over|up\s+to|no\s+more\s+than|at\s+the\s+end\s+of)")
_MOD = rf"(?:{_MODW}[-\s]+)?"

_MOD_CODES = {
    "early": "START", "late": "END", "mid": "MID", "the middle of": "MID",
    "the beginning of": "START", "the start of": "START", "the end of": "END",
    "the close of": "END", "the turn of": "START", "at the end of": "END",
    "the early part of": "START", "the late part of": "END", "the middle part of": "MID",
    "the early of": "START", "the late of": "END", "the first half of": "START",
    "the second half of": "END", "the last half of": "END",
    "around": "APPROX", "about": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "LESS_THAN", "at least": "EQUAL_OR_MORE",
    "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}
_ZONE_ALT = "|".join(sorted((re.escape(k) for k in ZONES), key=len, reverse=True))
_ZONE = (rf"(?:\s*,?\s*\(?\s*(?P<zone>(?:{_ZONE_ALT})(?:\s+(?:standard\s+|daylight\s+)?time)?|"
         r"local\s+time|local)\)?(?![a-z]))?")
_AMPM = r"(?P<ap>[ap]\.\s?m\.?|[ap]m\b|[ap]\.m\b)"


def _mod(m: re.Match[str]) -> str | None:
    w = m.groupdict().get("modw")
    if not w:
        return None
    return _MOD_CODES.get(" ".join(w.lower().split()))


def _num(s: str | None) -> int | None:
    """A number word or digits -> int; None for vague quantities ("several")."""
    if s is None:
        return 1
    t = " ".join(s.lower().split())
    if t in VAGUE_NUMBERS:
        return None
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    try:
        return int(float(t))
    except ValueError:
        return None


def _yr(s: str) -> int:
    """Digits or a spoken year ("nineteen ninety-six", "two thousand and one") -> int."""
    if s[:1].isdigit():
        return int(s)
    words = re.split(r"[-\s]+", s.lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (NUMBER_WORDS.get(" ".join(rest), 0) if rest else 0)
    century = NUMBER_WORDS[words[0]] * 100
    rest = [w for w in words[1:] if w != "oh"]
    return century + NUMBER_WORDS.get(" ".join(rest), 0)


def _unit(s: str) -> str:
    return UNITS[s.lower().rstrip("s") if s.lower() not in UNITS else s.lower()]


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:3] if s.lower().rstrip(".") not in MONTHS
                  else s.lower().rstrip(".")]


def _weekday(s: str) -> int:
    t = s.lower().rstrip(".")
    return WEEKDAYS[t] if t in WEEKDAYS else WEEKDAYS[t[:3]]


def _rel(s: str | None) -> str | None:
    if s is None:
        return None
    t = s.lower()
    if t in ("last", "past", "previous", "recent"):
        return "last"
    if t in ("next", "coming", "following"):
        return "next"
    return "this"


# --- rules -------------------------------------------------------------------------------------

Handler = Callable[[re.Match[str], str], Partial | None]
_RULES: list[tuple[int, re.Pattern[str], Handler, str]] = []


def rule(name: str, pattern: str, prio: int | None = None) -> Callable[[Handler], Handler]:
    """Register a pattern; among equally long matches the lower ``prio`` (default: order) wins.

    Every rule also names (in ``_TRIGGERS``) the words an expression of it can start with;
    ``recognize`` tries a rule only where such a word starts, which is what keeps it fast.
    """
    compiled = re.compile(r"(?<![\w$])" + pattern, re.I)

    def deco(fn: Handler) -> Handler:
        _RULES.append((len(_RULES) if prio is None else prio, compiled, fn, name))
        return fn

    return deco


_SENT_START = re.compile(r"(?:^|[.!?:;\"'`(\[\n\u201c\u2018-]\s*)$")


def title_case_name(m: re.Match[str], text: str) -> bool:
    """A capitalised phrase mid-sentence ("ABC's This Week", "High Noon", "VOA Today") is a name."""
    t = m.group(0)
    if not t[:1].isupper() or t.isupper():
        return False
    return not _SENT_START.search(text[max(0, m.start() - 3):m.start()])


def _p(m: re.Match[str], kind: str, **kw: object) -> Partial:
    return Partial(m.start(), m.end(), kind, **kw)  # type: ignore[arg-type]


@rule("iso", r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
             r"(?:[T\s](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::\d\d)?)?(?!\d)")
def _iso(m: re.Match[str], text: str) -> Partial:
    p = _p(m, "date", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))
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
    return _p(m, "date", year=y, month=mo, day=d)


@rule("mdy", rf"{_MOD}(?:{_WD},?\s+)?(?:the\s+)?{_MON}\s*{_DAY}(?:\s*,?\s*{_YEAR})?")
def _mdy(m: re.Match[str], text: str) -> Partial | None:
    if m["mon"] == "May" and not m["year"] and not m["wd"] and re.match(r"\s*\d+\s+\w", text[m.end():m.end() + 8]):
        return None
    return _p(m, "date", year=_yr(m["year"]) if m["year"] else None, month=_month(m["mon"]),
              day=int(m["day"]), weekday=_weekday(m["wd"]) if m["wd"] else None, mod=_mod(m))


@rule("dmy", rf"{_MOD}(?:{_WD},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MON}(?:\s*,?\s*{_YEAR})?")
def _dmy(m: re.Match[str], text: str) -> Partial | None:
    return _p(m, "date", year=_yr(m["year"]) if m["year"] else None, month=_month(m["mon"]),
              day=int(m["day"]), weekday=_weekday(m["wd"]) if m["wd"] else None, mod=_mod(m))


@rule("my", rf"{_MOD}{_MON}\s*,?\s*(?:of\s+)?(?:{_YEAR}|(?P<yrel>this|last|next)\s+year(?![\w-]))")
def _my(m: re.Match[str], text: str) -> Partial:
    p = _p(m, "date", month=_month(m["mon"]), mod=_mod(m))
    if m["year"]:
        p.year = _yr(m["year"])
    else:  # "June last year"
        p.unit, p.offset = "Y", {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    return p


_MAY_OK = re.compile(r"(?:in|of|since|until|till|by|through|from|during|early|late|mid|last|"
                     r"next|this|before|after|to|and)[-\s]+$", re.I)


@rule("month", rf"{_MOD}(?:{_REL}\s+)?{_MON}(?!\s*\d)")
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
    return _p(m, "date", month=_month(m["mon"]), rel=_rel(m["rel"]), mod=_mod(m))


@rule("year", rf"{_MOD}(?:(?:the\s+)?(?:fiscal|calendar|financial|model|school)\s+(?:year\s+)?|the\s+year\s+)?{_YEAR}")
def _year(m: re.Match[str], text: str) -> Partial | None:
    after = text[m.end():m.end() + 12]
    before = text[max(0, m.start() - 3):m.start()]
    if re.match(r"\s*(?:%|percent|people|points|troops|feet|meters|miles|tons|votes|[,.]\d)", after, re.I):
        return None
    if before.endswith(("$", "No", "#")):
        return None
    return _p(m, "date", year=_yr(m["year"]), mod=_mod(m))


@rule("decade", rf"{_MOD}(?:the\s+)?(?:(?P<mid>early|late|mid)[-\s]?)?(?:(?P<dec>1[6-9]\d|20\d)0'?s|'(?P<dec2>\d)0s|"
                r"(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))")
def _decade(m: re.Match[str], text: str) -> Partial:
    if m["dec"]:
        dec = int(m["dec"])
    elif m["dec2"]:
        dec = 190 + int(m["dec2"])
    else:
        names = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        dec = 192 + names.index(m["decw"].lower())
    mod = _mod(m) or {"early": "START", "late": "END", "mid": "MID"}.get((m["mid"] or "").lower())
    return _p(m, "date", decade=dec, mod=mod)


@rule("century", r"(?:the\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<cw>[a-z]+(?:-[a-z]+)?)\s+century")
def _century(m: re.Match[str], text: str) -> Partial | None:
    c = int(m["c"]) if m["c"] else ORDINAL_WORDS.get(m["cw"].lower())
    if c is None:
        if m["cw"] and m["cw"].lower() in ("this", "last", "next", "past"):
            return _p(m, "date", unit="CE", offset={"this": 0, "last": -1, "past": -1, "next": 1}[m["cw"].lower()])
        return None
    return _p(m, "date", century=c - 1)


_ORDQ = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|past|previous|same|this|next|fiscal|recent|year-earlier|year-ago|that)"


@rule("quarter", rf"{_MOD}(?:the\s+)?(?:fiscal[-\s]+)?{_ORDQ}[-\s]+(?:(?:fiscal|calendar|financial)[-\s]+)?quarter(?![a-z])"
                 rf"(?:\s+of\s+(?:(?:fiscal\s+)?{_YEAR}|(?P<qrel>this|last|next)\s+year|the\s+year))?|"
                 r"(?:the\s+)?quarter(?=\s+(?:ended|ending|ends|to)\b)|(?-i:the\s+quarter)(?![-\w])")
def _quarter(m: re.Match[str], text: str) -> Partial | None:
    w = (m["q"] or "").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
         "final": 4}.get(w)
    p = _p(m, "date", mod=_mod(m))
    if q is not None:
        p.quarter = q
        if m["year"]:
            p.year = _yr(m["year"])
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
              rf"{_YEAR}|(?P<hrel>this|last|next)\s+year|the\s+year))?(?!\s+of\b)")
def _half(m: re.Match[str], text: str) -> Partial:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    p = _p(m, "date", half=h)
    if m["year"]:
        p.year = _yr(m["year"])
    elif m["hrel"]:
        p.unit, p.offset = "Y", {"this": 0, "last": -1, "next": 1}[m["hrel"].lower()]
    return p


@rule("season", rf"{_MOD}(?:(?:{_REL}|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?{_YEAR})?")
def _season(m: re.Match[str], text: str) -> Partial | None:
    if m["season"].lower() == "fall" and not (m["rel"] or m["year"] or m["modw"]):
        if not re.search(r"(?:in|the|this|last|next|by|until|since|during)\s+$", text[max(0, m.start() - 8):m.start()], re.I):
            return None
        if re.match(r"\s+(?:of|in|to|from|by)\b", text[m.end():m.end() + 6]) and not m["year"]:
            return None
    if not (m["rel"] or m["year"] or m["modw"] or m.group(0).lower().startswith("the ")) and not re.search(
            r"(?:in|the|this|last|next|by|until|since|during|of)\s+$", text[max(0, m.start() - 8):m.start()], re.I):
        return None
    code = SEASONS[m["season"].lower()]
    return _p(m, "date", season=code, year=_yr(m["year"]) if m["year"] else None,
              rel=_rel(m["rel"]), mod=_mod(m))


@rule("relday", rf"{_MOD}(?P<w>(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)"
                rf"(?:'s)?(?:\s+{_POD})?")
def _relday(m: re.Match[str], text: str) -> Partial | None:
    if title_case_name(m, text):
        return None
    w = " ".join(m["w"].lower().split())
    off = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}.get(w)
    if off is None:
        off = -2 if "before" in w else 2
    p = _p(m, "date", unit="D", offset=off, mod=_mod(m))
    if w == "tonight":
        p.pod = "NI"
    if m["pod"]:
        p.pod = PARTS_OF_DAY[m["pod"].lower()]
        if m["pod"].lower() in ("overnight",):
            p.pod = "NI"
    if m.group(0).lower().endswith("'s"):
        p.end -= 2
    return p


@rule("thispod", rf"(?:(?P<ep>early|late|later|earlier|mid)[-\s]+)?(?P<w>this|last|yesterday|tomorrow)\s+{_POD}")
def _thispod(m: re.Match[str], text: str) -> Partial:
    w = m["w"].lower()
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID"}.get((m["ep"] or "").lower())
    off = {"this": 0, "yesterday": -1, "tomorrow": 1}.get(w, -1 if m["pod"].lower() == "night" else 0)
    if w == "last" and m["pod"].lower() != "night":
        off = -1
    return _p(m, "date", unit="D", offset=off, pod=PARTS_OF_DAY[m["pod"].lower()], mod=mod)


@rule("relunit", rf"{_MOD}(?P<the>the\s+)?{_REL}\s+(?:(?:fiscal|calendar|financial)\s+)?"
                 r"(?P<unit>week|weekend|month|year|decade|century|fortnight)(?!s|-)")
def _relunit(m: re.Match[str], text: str) -> Partial | None:
    if title_case_name(m, text):
        return None
    rel, u = m["rel"].lower(), UNITS[m["unit"].lower()]
    if rel in ("same", "that", "recent") or u == "2W":
        return None
    if u == "CE" and rel in ("past", "last") and m["the"]:
        return _p(m, "duration", value="P100Y", mod=_mod(m))  # "the past century": a span
    off = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    p = _p(m, "date", unit=u, offset=off, mod=_mod(m))
    # "the following year", "the previous month": relative to the time under discussion.
    p.anchor_ref = bool(m["the"]) and rel in ("following", "previous")
    return p


@rule("anaphor", r"(?:(?P<ep2>earlier|later|early|late)\s+)?(?:that(?:\s+same)?|the\s+same)"
                 r"\s+(?P<unit>day|week|month|year)(?![\w-])"
                 r"|(?:the\s+)?(?P<nx>next|following|previous)\s+(?P<unit2>day|morning|afternoon|evening|night)(?![\w-])")
def _anaphor(m: re.Match[str], text: str) -> Partial:
    if m["unit"]:
        u = UNITS[m["unit"].lower()]
        p = _p(m, "date", unit=u, offset=0)
        ep = m["ep2"]
        if ep:
            p.mod = "START" if ep.lower().startswith("earl") else "END"
    else:
        w = m["unit2"].lower()
        p = _p(m, "date", unit="D", offset=-1 if m["nx"].lower() == "previous" else 1)
        if w != "day":
            p.pod = PARTS_OF_DAY[w]
    p.anchor_ref = True
    return p


@rule("weekof", rf"(?:the\s+)?week\s+of\s+{_MON}\s*{_DAY}(?:\s*,?\s*{_YEAR})?")
def _weekof(m: re.Match[str], text: str) -> Partial:
    return _p(m, "date", month=_month(m["mon"]), day=int(m["day"]),
              year=_yr(m["year"]) if m["year"] else None, week_of=True)


@rule("weekend", r"(?:the|this\s+past)\s+weekend(?![\w-])")
def _weekend(m: re.Match[str], text: str) -> Partial:
    return _p(m, "date", unit="WE", offset=None, rel="nearest")


@rule("theyear", r"(?:the\s+)(?:(?P<full>full|whole|entire|fiscal|calendar)\s+)?year(?P<poss>'s)?"
                 r"(?=(?P<after>\s+(?:ended|ending|ends|to\s+date|through))?)(?![\w-])")
def _theyear(m: re.Match[str], text: str) -> Partial | None:
    if m["after"]:
        return _p(m, "duration", value="P1Y")  # "the year ended Sept. 30": a year-long span
    before = text[max(0, m.start() - 12):m.start()].lower()
    if not (m["full"] or re.search(r"(?:for|in|of|during|throughout|through)\s+$", before)):
        return None
    if re.match(r"\s+(?:before|after|earlier|ago|later|in\s+which|when)\b", text[m.end():m.end() + 12], re.I):
        return None
    p = _p(m, "date", unit="Y", offset=0)
    if m["poss"]:
        p.end -= 2
    return p


@rule("yearend", r"(?:(?P<the>the\s+)?end\s+of\s+(?:the|this)\s+year|year[-\s]end|year's\s+end)(?![\w-])")
def _yearend(m: re.Match[str], text: str) -> Partial:
    return _p(m, "date", unit="Y", offset=0, mod="END")


_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
             "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
             "valentine's day": (2, 14), "independence day": (7, 4), "july fourth": (7, 4),
             "the fourth of july": (7, 4), "boxing day": (12, 26), "may day": (5, 1),
             "bastille day": (7, 14), "st. patrick's day": (3, 17), "saint patrick's day": (3, 17),
             "veterans day": (11, 11), "armistice day": (11, 11), "remembrance day": (11, 11),
             "flag day": (6, 14)}


@rule("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Halloween|"
                 r"Valentine's\s+Day|Independence\s+Day|July\s+Fourth|the\s+Fourth\s+of\s+July|Boxing\s+Day|"
                 r"Bastille\s+Day|St\.\s+Patrick's\s+Day|Saint\s+Patrick's\s+Day|Veterans\s+Day|Armistice\s+Day|"
                 r"Remembrance\s+Day|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?|Good\s+Friday|"
                 r"Election\s+Day|Labor\s+Day|Memorial\s+Day|Mother's\s+Day|Father's\s+Day)(?![\w-])", prio=-5)
def _holiday(m: re.Match[str], text: str) -> Partial | None:
    h = " ".join(m["h"].lower().split())
    if not m["h"][0].isupper():
        return None
    p = _p(m, "date", rel=_rel(m["rel"]))
    if h in _HOLIDAYS:
        p.month, p.day = _HOLIDAYS[h]
    else:
        p.holiday = h
    return p


_QW = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
_QN = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


@rule("period", rf"(?:the\s+)?(?:{_YEAR}\s+|(?P<ya>year-earlier|year-ago|year-before|prior-year|comparable|corresponding|same)\s+"
                rf"|(?P<yr>next|last|this)\s+year's\s+|(?P<lat>latest|most\s+recent)\s+)(?:{_QW}[-\s]+)?(?:fiscal\s+)?"
                r"(?P<k>quarter|period)(?![a-z])(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|a\s+year\s+before))?"
                r"|(?:the\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)", prio=-3)
def _period(m: re.Match[str], text: str) -> Partial | None:
    """Reporting periods of earnings news: "the 1988 second quarter", "the year-ago period"."""
    p = _p(m, "date", period_ref=True, mod=None)
    q = _QN.get((m["q"] or "").lower())
    ya = (m["ya"] or "").lower()
    if m["year"]:
        p.year = _yr(m["year"])
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
    return _p(m, "date", unit="Y", offset=-1, period_ref=True)


@rule("podprep", r"(?:(?:early|late|later|earlier)\s+)?(?:in|during|by|until|through|throughout|from|on)\s+"
                 r"(?P<x>the\s+(?:(?P<ep>early|late)\s+)?(?P<pod>morning|afternoon|evening)|(?P<mid>mid-?\s?(?:morning|afternoon|day)))(?![\w-])")
def _podprep(m: re.Match[str], text: str) -> Partial | None:
    if re.match(r"\s+(?:of|paper|papers|news|show|edition|session|sessions|prayers?|rush|commute)\b", text[m.end():m.end() + 12], re.I):
        return None
    if m["mid"]:
        w = m["mid"].lower()
        pod = "MO" if "morning" in w else "MI" if "day" in w else "AF"
        mod = "MID"
    else:
        pod, mod = PARTS_OF_DAY[m["pod"].lower()], {"early": "START", "late": "END"}.get((m["ep"] or "").lower())
    return Partial(m.start("x"), m.end(), "date", unit="D", offset=0, anchor_ref=True, pod=pod, mod=mod)


@rule("earlier", r"(?P<w>earlier|later|early|late)\s+(?P<rel>this|last|next)\s+(?P<unit>week|month|year|decade|century)")
def _earlier(m: re.Match[str], text: str) -> Partial:
    w = m["w"].lower()
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    mod = "START" if w in ("early", "earlier") else "END"
    return _p(m, "date", unit=UNITS[m["unit"].lower()], offset=off, mod=mod)


@rule("ago", rf"{_MOD}{_NUM}[-\s]+{_UNIT}s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence|prior)(?![\w-])")
def _ago(m: re.Match[str], text: str) -> Partial | None:
    n = _num(m["num"])
    u = _unit(m["unit"])
    if u in ("S", "TM", "H", "2W"):
        return None
    d = m["dir"].lower()
    sign = -1 if d in ("ago", "earlier", "before", "prior") else 1
    if d in ("before", "after", "prior") and not re.match(r"\s*[,.;]", text[m.end():m.end() + 2]):
        return None  # "two days after the vote": relative to an event, not a date
    p = _p(m, "date", unit=u, offset=None if n is None else sign * n, mod=_mod(m))
    p.anchor_ref = d in ("earlier", "later", "before", "after", "prior")
    p.period_ref = u == "Y" and n == 1 and sign < 0
    if u == "WE":
        return None
    return p


_HALF = re.compile(r"\d\s+1/2|and[-\s]a[-\s]half", re.I)


@rule("duration", rf"{_MOD}(?:the\s+(?:(?:past|last|next|first|previous|coming|following|final|remaining|latest|same)\s+)?)?"
                  rf"{_NUM}(?:\s+1/2)?(?:\s+(?:more|full|straight|consecutive|long|additional|whole|calendar|business|working|trading))?[-\s]+{_UNIT}s?(?:[-\s]+(?:and[-\s]+a[-\s]+half|long|old))?(?![\w])", prio=50)
def _duration(m: re.Match[str], text: str) -> Partial | None:
    n = _num(m["num"])
    u = _unit(m["unit"])
    raw = m["num"].lower()
    if m["unit"][0].isupper() and not m["unit"].isupper():
        return None  # "60 Minutes", "Three Days of the Condor"
    if u == "WE" or (u == "Q" and "-" in m.group(0) and m.group(0).lower().endswith("s")):
        return None  # "a weekend of talks", "three-quarters of the vote"
    if (u == "Q" and raw in ("a", "one", "two", "three") and not m.group(0).lower().startswith("the")
            and re.match(r"\s+of\s+(?!a\s+century)", text[m.end():m.end() + 16])):
        return None  # "more than a quarter of the market": a fraction
    if u == "S" and raw in ("a", "an") and not re.match(r"\s+(?:later|earlier|ago|or|and)\b", text[m.end():m.end() + 8]):
        return None  # "a second term"
    if raw in ("some",) and not m["modw"]:
        n = None
    if n == 0 and "half" not in m.group(0).lower():
        return None
    if m.group(0).lower().endswith("old"):
        return None
    num = "X" if n is None else str(n)
    if "and a half" in m.group(0).lower() or raw in ("a half", "half a"):
        num = f"{n}.5" if n else "0.5"
    if u == "2W":
        num, u = ("X" if n is None else str(2 * n)), "W"
    if u in ("TM", "H", "S"):
        value = f"PT{num}{u[-1]}"
    elif u == "DE":
        value = f"P{n * 10}Y" if n is not None and num.isdigit() else "PXDE"
    elif u == "CE":
        value = f"P{n * 100}Y" if n is not None and num.isdigit() else "PXCE"
    else:
        value = f"P{num}{u}"
    if _HALF.search(m.group(0)) and n is not None and u in ("H", "Y", "TM", "D"):
        value = {"H": f"PT{n}H30M", "Y": f"P{n}Y6M", "TM": f"PT{n}M30S", "D": f"P{n}DT12H"}[u]
    if re.match(r"\s+(?:ago|earlier|later|from\s+now)\b", text[m.end():m.end() + 10], re.I):
        return None
    return _p(m, "duration", value=value, mod=_mod(m))


@rule("plural", r"(?:(?P<pre>for|in|over|within|recent|coming|past|the\s+past|the\s+next|the\s+coming|the\s+last|the\s+first)\s+)(?P<unit>years|months|weeks|days|decades|hours|minutes)(?![\w-])")
def _plural(m: re.Match[str], text: str) -> Partial:
    u = _unit(m["unit"])
    value = f"PTX{u[-1]}" if u in ("TM", "H", "S") else f"PX{u}"
    pre = m["pre"].lower()
    if pre in ("for", "in", "over"):
        return Partial(m.start("unit"), m.end(), "duration", value=value)
    if pre == "recent":
        return _p(m, "date", value="PAST_REF")
    if pre == "coming":
        return _p(m, "date", value="FUTURE_REF")
    return _p(m, "duration", value=value)


@rule("set", prio=40, pattern=rf"(?:(?P<every>every|each)\s+(?P<other>other\s+)?(?:{_WD}|{_UNIT}|{_POD})|(?P<adv>daily|weekly|monthly|yearly|annually|hourly|quarterly|nightly|biweekly)"
             r"|(?P<per>per|a)\s+(?P<u2>year|month|week|day|hour)(?=\W)(?<=\w))")
def _set(m: re.Match[str], text: str) -> Partial | None:
    if m["adv"]:
        if m["adv"].lower() in ("quarterly", "annual") and re.match(r"\s+[a-z]", text[m.end():m.end() + 2]):
            return None  # "its quarterly dividend": an adjective, not a recurrence
        return _p(m, "set", value=SETS[m["adv"].lower()])
    if m["per"]:
        before = text[max(0, m.start() - 16):m.start()].lower()
        if not re.search(r"(?:times|twice|once|thrice|\d|percent|%|\$[\d.,]+\s*\w*)\s*$", before):
            return None
        u = UNITS[m["u2"].lower()]
        return _p(m, "set", value=f"PT1{u}" if u == "H" else f"P1{u}")
    n = 2 if m["other"] else 1
    if m["wd"]:
        return _p(m, "set", value=f"XXXX-WXX-{_weekday(m['wd']) + 1}")
    if m["pod"]:
        return _p(m, "set", value=f"TXX{PARTS_OF_DAY[m['pod'].lower()]}")
    u = _unit(m["unit"])
    if u in ("TM", "H", "S"):
        return _p(m, "set", value=f"PT{n}{u[-1]}")
    return _p(m, "set", value=f"P{n}{u}")


@rule("weekday", rf"{_MOD}(?:{_REL}\s+)?{_WD}(?:\s*,?\s*{_POD})?")
def _weekday_rule(m: re.Match[str], text: str) -> Partial | None:
    rel = _rel(m["rel"])
    if m["rel"] and m["rel"].lower() in ("same", "that", "current", "recent"):
        return None
    p = _p(m, "date", weekday=_weekday(m["wd"]), rel=rel, mod=_mod(m))
    p.anchor_ref = bool(m["rel"]) and m["rel"].lower() in ("previous", "following")
    if m["pod"]:
        p.pod = PARTS_OF_DAY[m["pod"].lower()]
    return p


_NOT_DAY_NOUN = re.compile(
    r"\s+(?!of\b|at\b|and\b|when\b|in\b|after\b|before\b|until\b|till\b|to\b|or\b|the\b|as\b|"
    r"but\b|through\b|with\b|while\b|this\b|last\b|next\b|that\b)[A-Za-z]")


@rule("dayord", r"(?:the\s+)(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?![\w-])")
def _dayord(m: re.Match[str], text: str) -> Partial | None:
    if _NOT_DAY_NOUN.match(text, m.end()):
        return None  # "the 14th century", "the 3rd floor", "the 20th anniversary"
    return _p(m, "date", day=int(m["d"]), confidence=0.8)


@rule("podof", r"(?:the\s+)?(?:(?P<ep>early|late)\s+)?" + _POD + r"(?=\s+of\s)")
def _podof(m: re.Match[str], text: str) -> Partial:
    return _p(m, "time", pod=PARTS_OF_DAY[m["pod"].lower()],
              mod={"early": "START", "late": "END"}.get((m["ep"] or "").lower()))


@rule("clock", r"(?:(?P<approx>about|around|approximately|roughly)\s+)?"
               r"(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*" + _AMPM + r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])"
               r"(?:\s*(?:hours|hrs|h)\b)?|(?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)\s*(?=(?:GMT|UTC|hrs|hours|local|[A-Z]{2,4}T)\b)"
               r"|(?P<word>noon|midnight|midday)|(?P<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})(?:\s+o'clock|(?=\s+in\s+the\s+(?:morning|afternoon|evening))))"
               r"(?:\s+(?:in\s+the\s+)?(?P<pod2>morning|afternoon|evening|at\s+night|tonight))?" + _ZONE)
def _clock(m: re.Match[str], text: str) -> Partial | None:
    p = _p(m, "time")
    if m["approx"]:
        p.mod = "APPROX"
    if m["h"] is not None:
        h, mi = int(m["h"]), int(m["mi"]) if m["mi"] else None
        pm = m["ap"].lower().startswith("p")
        if h > 12 or h == 0:
            p.invalid = f"{h} {'p.m.' if pm else 'a.m.'} is not a clock time"
            p.hour = h if h < 24 else None
            p.minute = mi
            p.confidence = 0.3
        else:
            p.hour = (h % 12) + (12 if pm else 0)
            p.minute = mi
    elif m["h24"] is not None:
        p.hour, p.minute = int(m["h24"]), int(m["m24"])
    elif m["mil"] is not None:
        p.hour, p.minute = int(m["mil"]), int(m["milm"])
    elif m["word"]:
        if title_case_name(m, text) or re.search(r"high\s+$", text[max(0, m.start() - 6):m.start()], re.I):
            return None  # "High Noon"
        p.hour, p.minute = (12, 0) if m["word"].lower() in ("noon", "midday") else (0, 0)
    else:
        h = NUMBER_WORDS.get(m["hw"].lower()) if not m["hw"].isdigit() else int(m["hw"])
        if h is None or h > 12:
            return None
        p.hour, p.minute = h, None
        pod2 = (m["pod2"] or "").lower()
        if h < 12 and any(w in pod2 for w in ("afternoon", "evening", "night")):
            p.hour = h + 12
    if m.group(0).endswith(")") and "(" not in m.group(0):
        p.end -= 1  # "(0735 GMT)": the closing parenthesis is not part of the time
    if m["zone"]:
        z = " ".join(m["zone"].lower().split())
        key = re.sub(r"\s+(?:standard\s+|daylight\s+)?time$", "", z)
        abbrev = len(key) <= 4 and " " not in key
        if z.startswith("local"):
            p.zone_name = "local"
        elif key in ZONES and (z.endswith("time") if not abbrev else m["zone"].strip().isupper()):
            p.zone, p.zone_name = ZONES[key], m["zone"].strip()
        else:  # "at 5 p.m. Washington said": a name, not a zone ("Washington time" would be)
            p.end = m.start("zone")
            while p.end > p.start and text[p.end - 1] in " ,(":
                p.end -= 1
    return p


_REF_WORDS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
              "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
              "at present": "PRESENT_REF", "the present": "PRESENT_REF", "right now": "PRESENT_REF",
              "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
              "the past": "PAST_REF", "in the past": "PAST_REF", "formerly": "PAST_REF",
              "the future": "FUTURE_REF", "soon": "FUTURE_REF", "future": "FUTURE_REF",
              "shortly": "FUTURE_REF", "once": "PAST_REF"}


@rule("ref", r"(?P<w>now|currently|presently|nowadays|these\s+days|the\s+present|recently|lately|"
             r"the\s+past|the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short)\s+term|soon|future|"
             r"former(?:ly)?|(?:then\s+)?current|recent)(?![\w-])")
def _ref(m: re.Match[str], text: str) -> Partial | None:
    if title_case_name(m, text):
        return None
    w = " ".join(m["w"].lower().split())
    after = text[m.end():m.end() + 20]
    before = text[max(0, m.start() - 8):m.start()].lower()
    if w == "future":
        return None  # the adjective ("future talks") is rarely a time in TimeML; "the future" is
    if w == "recent" and not re.match(r"\s+(?:years|months|weeks|days)", after):
        return None
    if w in ("current", "recent", "then current"):
        # Adjectives: a time only before a noun ("recent talks"), not "current account".
        if not re.match(r"\s+(?:[a-z]+\s+)?[a-z]", after) or re.match(r"\s+(?:account|affairs|events)\b", after):
            return None
        if w == "recent" and re.match(r"\s+(?:years|months|weeks|days|quarters)", after):
            return None
        if w == "current" and re.match(r"\s+(?:fiscal\s+)?(?:year|quarter|month|week)\b", after):
            return None
        if w == "then current":
            return _p(m, "date", value="PAST_REF")
    if w in ("the near term", "the short term", "the near future", "the distant future"):
        return _p(m, "date", value="FUTURE_REF")
    if w == "soon" and before.endswith("as "):
        return None  # "as soon as": a conjunction
    if w == "former":
        return None
    if w == "soon" and re.match(r"\s+after\b", after, re.I):
        return None
    if w == "now" and re.match(r"[-\s]+(?:defunct|retired|former|famous)", after, re.I):
        return None
    if w == "the past" and re.match(r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|decade|day)", after, re.I):
        return None
    return _p(m, "date", value=_REF_WORDS.get(w, "PRESENT_REF"))


@rule("signal", r"(?P<w>shortly|just|soon|right|immediately|minutes|hours)\s+(?P<dir>after|before)(?=\s)")
def _signal(m: re.Match[str], text: str) -> Partial:
    # Not an expression itself: marks the next clock time as AFTER/BEFORE ("shortly after 9 p.m.").
    return _p(m, "signal", mod="AFTER" if m["dir"].lower() == "after" else "BEFORE")


# --- triggers: the first words each rule's expressions can start with ---------------------------

_DIGIT = "#d"  # any token starting with a digit (or an apostrophe and digits: "'90s")
_MODS = {"early", "late", "mid", "the", "around", "about", "approximately", "nearly", "almost", "roughly",
         "some", "at", "more", "less", "over", "up", "no"}
_MONTHS = set(MONTHS) | {"sept"}
_WEEKDAYS = set(WEEKDAYS) | {"thur", "thurs", "tues"}
_RELS = {"last", "next", "this", "coming", "past", "previous", "following", "current", "recent", "same", "that"}
_NUMSTART = {k.split()[0].split("-")[0] for k in NUMBER_WORDS} | {"several", "few", "many", "some", "numerous", "a"}
_ORDS = {k.split()[0].split("-")[0] for k in ORDINAL_WORDS}
_SPOKEN = {"nineteen", "twenty", "two"}

_TRIGGERS: dict[str, set[str]] = {
    "iso": {_DIGIT}, "slash": {_DIGIT},
    "mdy": _MODS | _WEEKDAYS | _MONTHS | {"the"},
    "dmy": _MODS | _WEEKDAYS | {"the", _DIGIT},
    "my": _MODS | _MONTHS,
    "month": _MODS | _RELS | _MONTHS,
    "year": _MODS | {"the", "fiscal", "calendar", "financial", "model", "school", _DIGIT} | _SPOKEN,
    "decade": _MODS | {"the", "early", "late", "mid", _DIGIT, "twenties", "thirties", "forties", "fifties",
                       "sixties", "seventies", "eighties", "nineties"},
    "century": {"the", _DIGIT, "this", "last", "next", "past"} | _ORDS,
    "quarter": _MODS | {"the", "fiscal", "quarter", "final", "last", "latest", "current", "past", "previous",
                        "same", "this", "next", "recent", "year", "that", _DIGIT} | _ORDS,
    "half": {"the", "first", "second", "latter", "last", _DIGIT},
    "season": _MODS | _RELS | {"the", "spring", "summer", "fall", "autumn", "winter"},
    "relday": _MODS | {"the", "day", "yesterday", "today", "tomorrow", "tonight"},
    "thispod": {"early", "late", "later", "earlier", "mid", "this", "last", "yesterday", "tomorrow"},
    "relunit": _MODS | _RELS | {"the"},
    "anaphor": {"earlier", "later", "early", "late", "that", "the", "next", "following", "previous"},
    "weekend": {"the", "this"}, "weekof": {"the", "week"},
    "theyear": {"the"},
    "yearend": {"the", "end", "year"},
    "holiday": {"last", "next", "this", "christmas", "new", "halloween", "valentine", "independence", "july",
                "the", "boxing", "bastille", "st", "saint", "veterans", "armistice", "remembrance",
                "thanksgiving", "easter", "good", "election", "labor", "memorial", "mother", "father"},
    "period": {"the", _DIGIT, "year", "prior", "comparable", "corresponding", "same", "next", "last", "this",
               "latest", "most", "quarter", "period"} | _SPOKEN,
    "yearago": {"year", "prior"},
    "podprep": {"early", "late", "later", "earlier", "in", "during", "by", "until", "through", "throughout",
                "from", "on"},
    "earlier": {"earlier", "later", "early", "late"},
    "ago": _MODS | _NUMSTART | {_DIGIT},
    "duration": _MODS | _NUMSTART | {"the", _DIGIT},
    "plural": {"for", "in", "over", "within", "recent", "coming", "past", "the"},
    "set": {"every", "each", "daily", "weekly", "monthly", "yearly", "annually", "hourly", "quarterly",
            "nightly", "biweekly", "per", "a"},
    "weekday": _MODS | _RELS | _WEEKDAYS,
    "dayord": {"the"},
    "podof": {"the", "early", "late", "morning", "afternoon", "evening", "night", "overnight"},
    "clock": {"about", "around", "approximately", "roughly", _DIGIT, "noon", "midnight", "midday"} | _NUMSTART,
    "ref": {"now", "currently", "presently", "nowadays", "these", "the", "recently", "lately", "soon", "future",
            "former", "formerly", "then", "current", "recent"},
    "signal": {"shortly", "just", "soon", "right", "immediately", "minutes", "hours"},
}
_UNITS_TOK = {"second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
              "day", "days", "night", "nights", "week", "weeks", "fortnight", "fortnights", "month", "months",
              "quarter", "quarters", "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries",
              "weekend", "weekends", "millennium"}
_PODS_TOK = {"morning", "afternoon", "evening", "night", "overnight", "mid", "midday"}
#: A rule is tried only if one of its head words occurs within the next few tokens: the
#: optional openings ("about", "the end of the") are common words, the heads are not.
_HEADS: dict[str, set[str] | None] = {
    "iso": {_DIGIT}, "slash": {_DIGIT}, "mdy": _MONTHS, "dmy": _MONTHS, "my": _MONTHS, "month": _MONTHS,
    "year": {_DIGIT} | _SPOKEN, "decade": _TRIGGERS["decade"] - _MODS - {"the", "early", "late", "mid"},
    "century": {"century", "centuries"}, "quarter": {"quarter"}, "half": {"half"},
    "season": {"spring", "summer", "fall", "autumn", "winter"},
    "relday": {"yesterday", "today", "tomorrow", "tonight"}, "thispod": _PODS_TOK,
    "relunit": _UNITS_TOK, "anaphor": _UNITS_TOK | _PODS_TOK, "weekend": {"weekend"}, "weekof": {"week"}, "theyear": {"year"},
    "yearend": {"year", "end"},
    "holiday": _TRIGGERS["holiday"] - {"the", "last", "next", "this", "new", "good", "st", "saint"} | {"year", "friday", "day"}, "period": {"quarter", "period"},
    "yearago": {"earlier", "ago", "before", "year"}, "podprep": _PODS_TOK, "earlier": _UNITS_TOK,
    "ago": {"ago", "earlier", "before", "later", "after", "from", "hence", "prior"},
    "duration": _UNITS_TOK, "plural": _UNITS_TOK, "set": _TRIGGERS["set"] - {"a"} | _UNITS_TOK, "weekday": _WEEKDAYS, "dayord": {_DIGIT},
    "podof": _PODS_TOK, "clock": {_DIGIT, "noon", "midnight", "midday", "clock"},
    "ref": _TRIGGERS["ref"] - {"the", "these", "then"} | {"present", "past", "future", "term", "days"},
    "signal": {"after", "before"},
}
_WINDOW = 10
_TOKEN = re.compile(r"'?\d+|[A-Za-z]+")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
#: rule index -> (priority, pattern, handler, trigger words); head word -> rule indexes.
_RULE_TABLE: list[tuple[int, re.Pattern[str], Handler, frozenset[str]]] = []
_BY_HEAD: dict[str, list[int]] = {}
for _prio, _rx, _fn, _name in _RULES:
    _RULE_TABLE.append((_prio, _rx, _fn, frozenset(_TRIGGERS[_name])))
    for _h in _HEADS[_name]:
        _BY_HEAD.setdefault(_h, []).append(len(_RULE_TABLE) - 1)
#: The same index as bit sets (bit r = rule r), so that a window's rules are one integer OR and
#: a word's candidate rules one AND, not a Python loop over rules x window x trigger sets.
_HEAD_MASK: dict[str, int] = {h: sum(1 << r for r in rs) for h, rs in _BY_HEAD.items()}
_TRIGGER_MASK: dict[str, int] = {}
for _r, (_prio, _rx, _fn, _trig) in enumerate(_RULE_TABLE):
    for _t in _trig:
        _TRIGGER_MASK[_t] = _TRIGGER_MASK.get(_t, 0) | (1 << _r)
#: bit set -> the rule indexes it holds, in increasing order (few distinct sets occur in text).
_BITS: dict[int, tuple[int, ...]] = {}


def _rules_of(mask: int) -> tuple[int, ...]:
    rules = _BITS.get(mask)
    if rules is None:
        rules = _BITS[mask] = tuple(r for r in range(mask.bit_length()) if mask >> r & 1)
    return rules


def _candidates(text: str, exhaustive: bool) -> list[tuple[int, int, int, Partial]]:
    found: list[tuple[int, int, int, Partial]] = []
    if exhaustive:  # every rule at every word start: the reference the index is tested against
        for t in _TOKEN.finditer(text):
            for prio, rx, fn, _name in _RULES:
                m = rx.match(text, t.start())
                p = fn(m, text) if m else None
                if p is not None and p.end > p.start:
                    found.append((-(p.end - p.start), prio, p.start, p))
        return found
    # Tokens by one split (the tokens at odd indexes, the text between at even ones) and their
    # offsets by a running sum of the pieces' lengths: C loops, not a Python step per token.
    pieces = _TOKEN_SPLIT.split(text)
    tokens = pieces[1::2]
    offsets = list(accumulate(map(len, pieces)))  # token k starts at offsets[2 * k]
    keys = [_DIGIT if w[0] in "0123456789'" else w.lower() for w in tokens]
    # A rule is tried where one of its trigger words starts, up to _WINDOW tokens before one
    # of its head words: heads are rare (units, months, digits), triggers are not ("the").
    # Each head ORs its rules into the tokens of its window; a token then tries the rules it
    # both triggers and is within a window of (one AND).
    # The candidates come out in another order than trying rule by rule; ``recognize`` sorts
    # them by length and rule priority, which are distinct per rule, so the order does not matter.
    window: dict[int, int] = {}
    for j, h in enumerate(map(_HEAD_MASK.get, keys)):
        if h:
            for i in range(max(0, j - _WINDOW + 1), j + 1):
                window[i] = window.get(i, 0) | h
    trigger_mask, table = _TRIGGER_MASK, _RULE_TABLE
    for i, w_mask in window.items():
        both = w_mask & trigger_mask.get(keys[i], 0)
        if not both:
            continue
        start = offsets[2 * i]
        for r in _rules_of(both):
            prio, rx, fn, _trig = table[r]
            m = rx.match(text, start)
            if m is None:
                continue
            p = fn(m, text)
            if p is not None and p.end > p.start:
                found.append((-(p.end - p.start), prio, p.start, p))
    return found


# --- recognition -------------------------------------------------------------------------------

def _mergeable(a: Partial, b: Partial, text: str) -> bool:
    """``a`` then ``b`` are one expression: a clock/part of day and a date, in either order."""
    gap = text[a.end:b.start]
    if len(gap) > 8 or "\n" in gap:
        return False
    g = " ".join(gap.lower().split())
    if g not in ("", ",", "on", "of", "at", "on the", "of the", "at the", ", on", "in the"):
        return False
    if a.kind in ("time",) and not a.has_date and b.kind == "date" and b.value is None and b.has_date and not b.has_clock:
        return g in ("", ",", "on", "of", "of the", "on the", ", on")
    if a.kind == "date" and a.value is None and a.has_date and not a.has_clock and b.kind == "time" and not b.has_date:
        if a.unit not in (None, "D") or a.decade or a.century or a.quarter or a.season:
            return False
        return g in ("", ",", "at") and (a.day is not None or a.weekday is not None or a.unit == "D")
    return False


def _merge(a: Partial, b: Partial) -> Partial:
    date_p, time_p = (b, a) if a.kind == "time" else (a, b)
    m = replace(date_p, start=a.start, end=b.end, kind="time")
    m.hour, m.minute, m.pod = time_p.hour, time_p.minute, time_p.pod or date_p.pod
    m.zone, m.zone_name, m.invalid = time_p.zone, time_p.zone_name, time_p.invalid
    m.mod = time_p.mod or date_p.mod
    m.confidence = min(a.confidence, b.confidence)
    m.parts = [(a.start, a.end), (b.start, b.end)]
    return m


def recognize(text: str, *, exhaustive: bool = False) -> list[Partial]:
    """Every temporal expression in ``text`` as a ``Partial``, in text order, not overlapping.

    Longest match wins; ties go to the rule with the lower priority. ``exhaustive`` tries every
    rule at every position (slow; used by tests to check the trigger words miss nothing)."""
    found = _candidates(text, exhaustive)
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    taken: list[Partial] = []
    occupied = bytearray(len(text) + 1)
    for _, _, _, p in found:
        if any(occupied[p.start:p.end]):
            continue
        occupied[p.start:p.end] = b"\x01" * (p.end - p.start)
        taken.append(p)
    taken.sort(key=lambda p: p.start)
    out: list[Partial] = []
    pending_mod: Partial | None = None
    for p in taken:
        if p.kind == "signal":
            pending_mod = p
            continue
        if pending_mod is not None and p.start - pending_mod.end <= 2 and p.mod is None:
            p.mod = pending_mod.mod
        pending_mod = None
        if out and _mergeable(out[-1], p, text):
            out[-1] = _merge(out[-1], p)
            continue
        out.append(p)
    # A part of day standing alone before "of" that found no date is not an expression.
    return [p for p in out if not (p.kind == "time" and p.hour is None and not p.has_date)]
