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
from dataclasses import replace
from itertools import accumulate

from teller.timex import date_rules, relative_rules, time_rules
from teller.timex.lexicon import MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS
from teller.timex.partial import Partial
from teller.timex.patterns import Handler

__all__ = ["RULES", "Partial", "recognize"]

#: Every rule as (priority, pattern, handler, name): the books in this order, a rule without an
#: explicit priority numbered by its place in the sequence (among equally long matches the
#: lower number wins).
RULES: list[tuple[int, re.Pattern[str], Handler, str]] = []
for _book in (date_rules.BOOK, relative_rules.BOOK, time_rules.BOOK):
    for _given, _rx, _fn, _name in _book.rules:
        RULES.append((len(RULES) if _given is None else _given, _rx, _fn, _name))


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
_HEADS: dict[str, set[str]] = {
    "iso": {_DIGIT}, "slash": {_DIGIT}, "mdy": _MONTHS, "dmy": _MONTHS, "my": _MONTHS, "month": _MONTHS,
    "year": {_DIGIT} | _SPOKEN, "decade": _TRIGGERS["decade"] - _MODS - {"the", "early", "late", "mid"},
    "century": {"century", "centuries"}, "quarter": {"quarter"}, "half": {"half"},
    "season": {"spring", "summer", "fall", "autumn", "winter"},
    "relday": {"yesterday", "today", "tomorrow", "tonight"}, "thispod": _PODS_TOK,
    "relunit": _UNITS_TOK, "anaphor": _UNITS_TOK | _PODS_TOK, "weekend": {"weekend"}, "weekof": {"week"},
    "theyear": {"year"},
    "yearend": {"year", "end"},
    "holiday": _TRIGGERS["holiday"] - {"the", "last", "next", "this", "new", "good", "st", "saint"}
    | {"year", "friday", "day"},
    "period": {"quarter", "period"},
    "yearago": {"earlier", "ago", "before", "year"}, "podprep": _PODS_TOK, "earlier": _UNITS_TOK,
    "ago": {"ago", "earlier", "before", "later", "after", "from", "hence", "prior"},
    "duration": _UNITS_TOK, "plural": _UNITS_TOK, "set": _TRIGGERS["set"] - {"a"} | _UNITS_TOK, "weekday": _WEEKDAYS,
    "dayord": {_DIGIT},
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
for _prio, _rx, _fn, _name in RULES:
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
            for prio, rx, fn, _name in RULES:
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
    if (a.kind in ("time",) and not a.has_date
            and b.kind == "date" and b.value is None and b.has_date and not b.has_clock):
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
