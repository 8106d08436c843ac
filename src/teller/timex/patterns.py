"""The building blocks of the English temporal grammar: sub-patterns (a month name, a day of the
month, a year in digits or words, a number, a unit, a part of day, a zone...), the functions
that read what they matched, and ``RuleBook``, where the rule modules
(``date_rules``, ``relative_rules``, ``time_rules``) register their patterns."""

from __future__ import annotations

import re
from collections.abc import Callable

from teller.text.calendar_names import MONTH_ABBREVIATION_PATTERN, MONTH_NAME_PATTERN
from teller.timex.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    ZONES,
)
from teller.timex.partial import Partial

# --- building blocks ---------------------------------------------------------------------------

MON = (rf"(?-i:(?P<mon>{MONTH_NAME_PATTERN}|{MONTH_NAME_PATTERN.upper()}|"
        rf"(?:{MONTH_ABBREVIATION_PATTERN})(?![a-z])\.?))(?![a-z])")
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_TENS_W = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES_W = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_W = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_SPOKEN_YEAR = (rf"(?:nineteen|twenty)[-\s]+(?:{_TENS_W}(?:[-\s]{_ONES_W})?|{_TEENS_W}|oh[-\s]{_ONES_W})"
                rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES_W}|{_TEENS_W}))?")
YEAR = rf"(?P<year>(?:1[6-9]|20)\d\d(?![\d%])|(?:{_SPOKEN_YEAR})(?![\w-])(?!\s+(?:years|people|dollars|troops|of)\b))"
WEEKDAY = (r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|"
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


NUMBER_WORDS_PATTERN = _trie_pattern(list(NUMBER_WORDS))
NUM = rf"(?P<num>\d+(?:\.\d+)?|{NUMBER_WORDS_PATTERN}|several|a\s+few|few|many|some|numerous)"
UNIT = (r"(?P<unit>second|sec|minute|min|hour|hr|day|night|week|fortnight|month|quarter|year|yr|"
         r"decade|centur(?:y|ie)|weekend|millennium)")
POD = r"(?P<pod>morning|afternoon|evening|night|overnight)"
REL = r"(?P<rel>last|next|this|coming|past|previous|following|current|recent|same|that)"
_MODW = (r"(?P<modw>early|late|mid|the\s+(?:early|late|middle)\s+(?:part\s+)?of|the\s+middle\s+of|"
         r"the\s+(?:beginning|start|end|close|turn)\s+of|"
         r"around|about|approximately|nearly|almost|roughly|some|at\s+least|more\s+than|"
         r"less\s+than|over|up\s+to|no\s+more\s+than|at\s+the\s+end\s+of)")
MOD = rf"(?:{_MODW}[-\s]+)?"

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
ZONE = (rf"(?:\s*,?\s*\(?\s*(?P<zone>(?:{_ZONE_ALT})(?:\s+(?:standard\s+|daylight\s+)?time)?|"
         r"local\s+time|local)\)?(?![a-z]))?")
AMPM = r"(?P<ap>[ap]\.\s?m\.?|[ap]m\b|[ap]\.m\b)"


def mod_code(m: re.Match[str]) -> str | None:
    w = m.groupdict().get("modw")
    if not w:
        return None
    return _MOD_CODES.get(" ".join(w.lower().split()))


def number(s: str | None) -> int | None:
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


def year_number(s: str) -> int:
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


def unit_code(s: str) -> str:
    return UNITS[s.lower().rstrip("s") if s.lower() not in UNITS else s.lower()]


def month_number(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:3] if s.lower().rstrip(".") not in MONTHS
                  else s.lower().rstrip(".")]


def weekday_number(s: str) -> int:
    t = s.lower().rstrip(".")
    return WEEKDAYS[t] if t in WEEKDAYS else WEEKDAYS[t[:3]]


def direction(s: str | None) -> str | None:
    if s is None:
        return None
    t = s.lower()
    if t in ("last", "past", "previous", "recent"):
        return "last"
    if t in ("next", "coming", "following"):
        return "next"
    return "this"


# --- rules -------------------------------------------------------------------------------------


# --- registering rules ---------------------------------------------------------------------

Handler = Callable[[re.Match[str], str], Partial | None]


class RuleBook:
    """The rules of one module in the order they are written: (priority, pattern, handler, name).

    ``prio`` None means "by order": ``teller.timex.grammar`` numbers the rules of all books in
    sequence, and among equally long matches the lower number wins. Every rule also names (in
    ``grammar``'s trigger table) the words an expression of it can start with; ``recognize``
    tries a rule only where such a word starts, which is what keeps it fast.
    """

    def __init__(self) -> None:
        self.rules: list[tuple[int | None, re.Pattern[str], Handler, str]] = []

    def rule(self, name: str, pattern: str, prio: int | None = None) -> Callable[[Handler], Handler]:
        """Register ``pattern`` (case-insensitive, not inside a word) under ``name``."""
        compiled = re.compile(r"(?<![\w$])" + pattern, re.I)

        def deco(fn: Handler) -> Handler:
            self.rules.append((prio, compiled, fn, name))
            return fn

        return deco


_SENT_START = re.compile(r"(?:^|[.!?:;\"'`(\[\n\u201c\u2018-]\s*)$")


def title_case_name(m: re.Match[str], text: str) -> bool:
    """A capitalised phrase mid-sentence ("ABC's This Week", "High Noon", "VOA Today") is a name."""
    t = m.group(0)
    if not t[:1].isupper() or t.isupper():
        return False
    return not _SENT_START.search(text[max(0, m.start() - 3):m.start()])


def partial(m: re.Match[str], kind: str, **kw: object) -> Partial:
    """A ``Partial`` spanning the match."""
    return Partial(m.start(), m.end(), kind, **kw)  # type: ignore[arg-type]
