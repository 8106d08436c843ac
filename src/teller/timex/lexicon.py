"""Word lists of the temporal grammar: number words, units, parts of day, zones (months and
weekdays come from the shared :mod:`teller.text.calendar_names`).

Read-only data, built once at import. Kept apart from the patterns so the grammar reads as
grammar and a new word (a time zone, a spelling) is a one-line change here.
"""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from teller.text.calendar_names import MONTHS, WEEKDAYS  # noqa: F401 (the grammar reads them here)

_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

#: Cardinal number words -> value ("a", "an" = 1; "a couple of" = 2).
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS_WORDS)}
NUMBER_WORDS.update(_TENS)
for _t, _v in _TENS.items():
    for _u in range(1, 10):
        NUMBER_WORDS[f"{_t}-{_UNITS_WORDS[_u]}"] = _v + _u
        NUMBER_WORDS[f"{_t} {_UNITS_WORDS[_u]}"] = _v + _u
NUMBER_WORDS.update({"a": 1, "an": 1, "one hundred": 100, "a hundred": 100, "hundred": 100,
                     "a couple of": 2, "a couple": 2, "a dozen": 12, "dozen": 12,
                     "a half": 0, "half a": 0, "one and a half": 0})

#: Vague quantities -> "X" in TIMEX3 values ("several years" = PXY).
VAGUE_NUMBERS = frozenset({"several", "a few", "few", "many", "some", "a number of", "numerous",
                           "the past few", "the last few", "the next few", "recent", "more"})

_ORD_SMALL = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
              "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORD_SMALL, start=1)}
ORDINAL_WORDS.update({"twentieth": 20, "thirtieth": 30})
for _u in range(1, 10):
    ORDINAL_WORDS[f"twenty-{_ORD_SMALL[_u - 1]}"] = 20 + _u
    ORDINAL_WORDS[f"twenty {_ORD_SMALL[_u - 1]}"] = 20 + _u
ORDINAL_WORDS["thirty-first"] = ORDINAL_WORDS["thirty first"] = 31

#: Unit word -> TIMEX3 duration unit (time units get the "T" prefix when formatted).
UNITS: dict[str, str] = {
    "second": "S", "sec": "S", "minute": "TM", "min": "TM", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "week": "W", "fortnight": "2W", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE", "weekend": "WE",
    "semester": "6M", "millennium": "ML",
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "daytime": "DT", "noon": "MI", "midday": "MI", "dawn": "MO", "dusk": "EV",
}

#: Hours [start, end) of each part of day; NI runs past midnight (end > 24).
POD_HOURS: dict[str, tuple[int, int]] = {
    "MO": (5, 12), "MI": (11, 14), "AF": (12, 18), "EV": (17, 24), "NI": (20, 29), "DT": (6, 18),
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA",
                           "winter": "WI"}
#: Northern-hemisphere meteorological seasons: (start month, length in months).
SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3),
                                             "WI": (12, 3)}

SETS: dict[str, str] = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
                        "annually": "P1Y", "hourly": "PT1H", "quarterly": "P1Q",
                        "nightly": "P1D", "biweekly": "P2W", "biannually": "P6M"}


def _fixed(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


#: Zone words -> tzinfo. Fixed offsets for "X time" names of single-zone countries; IANA zones
#: where the offset changes with daylight saving ("ET" is -04:00 in summer, -05:00 in winter).
ZONES: dict[str, tzinfo] = {
    "gmt": _fixed(0), "utc": _fixed(0), "z": _fixed(0), "greenwich mean time": _fixed(0),
    "bst": _fixed(1), "cet": _fixed(1), "cest": _fixed(2), "eet": _fixed(2), "eest": _fixed(3),
    "et": ZoneInfo("America/New_York"), "eastern time": ZoneInfo("America/New_York"),
    "edt": _fixed(-4), "est": _fixed(-5),
    "ct": ZoneInfo("America/Chicago"), "cdt": _fixed(-5), "cst": _fixed(-6),
    "mt": ZoneInfo("America/Denver"), "mdt": _fixed(-6), "mst": _fixed(-7),
    "pt": ZoneInfo("America/Los_Angeles"), "pdt": _fixed(-7), "pst": _fixed(-8),
    "jst": _fixed(9), "kst": _fixed(9), "ist": _fixed(5.5), "msk": _fixed(3),
    "japan": _fixed(9), "japanese": _fixed(9), "tokyo": _fixed(9), "korea": _fixed(9),
    "korean": _fixed(9), "seoul": _fixed(9), "pyongyang": _fixed(9), "beijing": _fixed(8),
    "china": _fixed(8), "hong kong": _fixed(8), "taiwan": _fixed(8), "singapore": _fixed(8),
    "manila": _fixed(8), "moscow": _fixed(3), "india": _fixed(5.5), "indian": _fixed(5.5),
    "israel": ZoneInfo("Asia/Jerusalem"), "gaza": ZoneInfo("Asia/Gaza"),
    "turkey": _fixed(3), "iran": _fixed(3.5), "tehran": _fixed(3.5), "baghdad": _fixed(3),
    "riyadh": _fixed(3), "cairo": ZoneInfo("Africa/Cairo"), "kyiv": ZoneInfo("Europe/Kyiv"),
    "kiev": ZoneInfo("Europe/Kyiv"), "ukraine": ZoneInfo("Europe/Kyiv"),
    "paris": ZoneInfo("Europe/Paris"), "berlin": ZoneInfo("Europe/Berlin"),
    "london": ZoneInfo("Europe/London"), "british": ZoneInfo("Europe/London"),
    "washington": ZoneInfo("America/New_York"), "new york": ZoneInfo("America/New_York"),
    "bangkok": _fixed(7), "jakarta": _fixed(7), "hanoi": _fixed(7), "sydney": ZoneInfo("Australia/Sydney"),
}
