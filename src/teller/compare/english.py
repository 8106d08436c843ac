"""Facts of an English text (a translation, usually), by rules over the text.

The same facts as :mod:`.japanese`, with the same values. Clock times are read as written, so an
impossible "14 p.m." is kept (with no hour) rather than dropped: it is exactly what a comparison
must show. Sentences come from teller's own splitter (:mod:`teller.text.sentences`), pronouns from
the list :mod:`teller.verify.pronouns` checks.
"""

from __future__ import annotations

import re

from teller.compare.facts import ClockValue, DateValue, Fact
from teller.compare.names import Names
from teller.records import Span
from teller.text.sentences import sentence_spans
from teller.verify.pronouns import PRONOUN_GENDER

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_ORD = r"(?:st|nd|rd|th)?"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>\d{{4}})\b)?"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>\d{{4}})\b)?"),
    # "on the 9th": a day only after a preposition and before no noun ("the 13th consecutive year")
    re.compile(r"\b(?:on|of|since|until|till|by|from|to|through|before|after|and)\s+(?P<the>the\s+(?P<d>\d{1,2})"
               r"(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|round|floor|consecutive|straight|largest|"
               r"biggest|highest|lowest|day|week|month|year|session|meeting|summit|edition|annual|[a-z]+(?:est|th)\b)))"),
    re.compile(rf"\b(?:in|of|since|until|by|last|this|next|early|late|mid-?)\s+{_MONTH}(?:\s+(?P<y>\d{{4}}))?\b"),
    # 9/14/2023: month first (the US order machine translations write), day first when it must be
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b"),
)
_CLOCK = re.compile(
    r"(?<![:\d])\b(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|(?<![:\d])\b(?P<h24>\d{1,2}):(?P<mi24>\d{2})(?::\d{2})?\b(?!\s*[ap]\.?m)"
    r"|\b(?P<hoc>\d{1,2})\s+o'clock\b"
    r"|\b(?P<noon>noon|midnight)\b",
    re.I,
)
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "hundred": 100, "thousand": 1000})
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
_NUMBER = re.compile(
    r"(?<![\w.\-/])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    # "one" is left out: "one of", "no one", "one another" are not counts
    + "|".join(w for w in sorted(_WORDS, key=len, reverse=True) if w not in ("zero", "one")) +
    r")(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?(?![\w\-/])",
    re.I,
)
#: Office titles, longest first; "minister" and "secretary" alone are generic (never differ).
TITLES_EN: tuple[tuple[str, str], ...] = (
    ("Chief Cabinet Secretary", "chief_cabinet_secretary"),
    ("Minister for Foreign Affairs", "foreign"), ("Minister of Foreign Affairs", "foreign"),
    ("Foreign Minister", "foreign"), ("Foreign Secretary", "foreign"), ("Secretary of State", "foreign"),
    ("Defense Minister", "defence"), ("Defence Minister", "defence"), ("Defense Secretary", "defence"),
    ("Defence Secretary", "defence"), ("Secretary of Defense", "defence"), ("Minister of Defense", "defence"),
    ("Minister of Defence", "defence"),
    ("Finance Minister", "finance"), ("Treasury Secretary", "finance"), ("Secretary of the Treasury", "finance"),
    ("Minister of Finance", "finance"),
    ("Prime Minister", "head_of_government"), ("Premier", "head_of_government"),
    ("Vice President", "vice_president"), ("President", "head_of_state"),
    ("General Secretary", "party_leader"), ("Ambassador", "ambassador"),
    ("Minister", "minister"), ("Secretary", "secretary"),
)
_TITLE_RE = re.compile(r"\b(?:" + "|".join(re.escape(t) for t, _ in TITLES_EN) + r")\b", re.I)
_TITLE_KEY = {t.lower(): k for t, k in TITLES_EN}
_NEGATION = re.compile(
    r"\b(?:not(?!\s+only\b)|never|no(?!\s+(?:later|sooner|doubt|less|more)\b)|neither|nor|none|nothing|nobody|"
    r"without|cannot|unable|unacceptable|impossible|unlikely|fail(?:s|ed)? to|refus(?:e|es|ed) to)\b|n't\b",
    re.I,
)
_NOT_NEGATION = re.compile(r"\bwhether or not\b|\bif not\b|\bnot only\b|\bNo\.\s*\d", re.I)
_PRONOUN = re.compile(r"\b(?:" + "|".join(PRONOUN_GENDER) + r")\b", re.I)


#: English nouns (by stem) for what a number counts, in the words of japanese.UNITS.
UNITS: tuple[tuple[str, str], ...] = (
    ("people", "person"), ("person", "person"), ("resident", "person"), ("civilian", "person"),
    ("soldier", "person"), ("worker", "person"), ("passenger", "person"), ("student", "person"),
    ("missile", "projectile"), ("rocket", "projectile"), ("shell", "projectile"), ("aircraft", "aircraft"),
    ("plane", "aircraft"), ("jet", "aircraft"), ("ship", "ship"), ("vessel", "ship"), ("boat", "ship"),
    ("countr", "country"), ("nation", "country"), ("times", "times"), ("year-old", "age"),
    ("years old", "age"), ("kilomet", "km"), ("km", "km"), ("met", "m"), ("ton", "t"), ("dollar", "usd"),
    ("yen", "jpy"), ("percent", "percent"), ("per cent", "percent"), ("%", "percent"), ("household", "household"),
    ("day", "day"), ("hour", "hour"), ("minute", "minute"), ("year", "year"), ("month", "month"),
    ("week", "week"), ("case", "case"), ("building", "building"),
)
_UNIT_WORDS = re.compile(r"\s*(%|(?:[A-Za-z\-]+\s+){0,2}?(?:" + "|".join(re.escape(s) for s, _ in UNITS if s != "%")
                         + r"))", re.I)


def _unit(text: str, end: int) -> str | None:
    """What the number ending at ``end`` counts: the unit noun within the next three words."""
    m = _UNIT_WORDS.match(text, end)
    if not m:
        return None
    words = m.group(1).lower()
    return next((u for stem, u in UNITS if words.endswith(stem) or stem == "%" and words == "%"), None)


def sentences(text: str) -> list[Span]:
    return sentence_spans(text)


def read(text: str, names: Names) -> list[Fact]:
    """Every fact of an English text, in text order."""
    facts: list[Fact] = []
    taken: list[Span] = []
    for m in _CLOCK.finditer(text):
        sp = Span(m.start(), m.end())
        written = m.group().strip()
        if m.group("noon"):
            value = ClockValue(12 if m.group("noon").lower() == "noon" else 0, 0, written)
        elif m.group("h") is not None:
            h, mi = int(m.group("h")), int(m.group("mi")) if m.group("mi") else None
            pm = m.group("ampm").lower().startswith("p")
            if h == 0 or h > 12 or (mi is not None and mi > 59):
                value = ClockValue(None, mi, written)  # "14 p.m.": no such time
            else:
                value = ClockValue((h % 12) + (12 if pm else 0), mi, written)
        elif m.group("h24") is not None:
            h, mi = int(m.group("h24")), int(m.group("mi24"))
            if h > 23 or mi > 59:
                continue
            value = ClockValue(h, mi, written)
        else:
            h = int(m.group("hoc"))
            value = ClockValue(h if h <= 12 else None, None, written)
        facts.append(Fact("time", sp, text[sp.start:sp.end], value))
        taken.append(sp)
    seen: list[Span] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            sp = Span(m.start(), m.end())
            if any(s.start < sp.end and sp.start < s.end for s in seen + taken):
                continue
            gd = m.groupdict()
            month = _MONTHS.get(gd["mon"].rstrip(".").lower()) if gd.get("mon") else None
            day = int(gd["d"]) if gd.get("d") else None
            if gd.get("a"):
                month, day = int(gd["a"]), int(gd["b"])
                if month > 12:
                    month, day = day, month
                if not 1 <= month <= 12:
                    continue
            year = int(gd["y"]) if gd.get("y") else None
            if day is not None and not 1 <= day <= 31:
                continue
            if pattern is _DATES[3]:  # "in September": keep only the month's own words
                sp = Span(m.start("mon"), m.end())
            elif pattern is _DATES[2]:  # "on the 9th": the date is "the 9th"
                sp = Span(m.start("the"), m.end())
            seen.append(sp)
            facts.append(Fact("date", sp, text[sp.start:sp.end], DateValue(year, month, day)))
    taken += seen
    for m in _NUMBER.finditer(text):
        sp = Span(m.start(), m.end())
        if any(s.start < sp.end and sp.start < s.end for s in taken):
            continue
        n = m.group("n").lower().replace(",", "")
        amount = float(_WORDS[n]) if n in _WORDS else float(n)
        if n.isdigit() and len(n) == 4 and 1900 <= amount <= 2100 and not m.group("scale"):
            continue  # a year
        if m.group("scale"):
            amount *= _SCALE[m.group("scale").lower()]
        facts.append(Fact("number", sp, text[sp.start:sp.end], amount, unit=_unit(text, m.end()),
                          word=not n[0].isdigit()))
    people = []
    for start, end, ref in names.find_english(text):
        f = Fact("name", Span(start, end), text[start:end], ref)
        facts.append(f)
        if ref.startswith(("person:", "name:")):
            people.append(f)
    for m in _TITLE_RE.finditer(text):
        if m.group()[0].islower() and m.group().lower() not in ("prime minister", "foreign minister",
                                                                 "secretary of state", "president"):
            continue  # "the minister" in lower case is a reference, not a title
        holder = next((p.value for p in people if 0 <= p.span.start - m.end() <= 1), None)
        facts.append(Fact("title", Span(m.start(), m.end()), m.group(), _TITLE_KEY[m.group().lower()],
                          holder=str(holder) if holder else None))
    for m in _NEGATION.finditer(text):
        if _NOT_NEGATION.search(text, max(0, m.start() - 10), min(len(text), m.end() + 10)):
            continue
        facts.append(Fact("negation", Span(m.start(), m.end()), m.group(), m.group().lower()))
    for m in _PRONOUN.finditer(text):
        facts.append(Fact("pronoun", Span(m.start(), m.end()), m.group(), PRONOUN_GENDER[m.group().lower()]))
    facts.sort(key=lambda f: (f.span.start, f.kind))
    return facts


def numbers_in(text: str) -> set[int]:
    """Every integer written in digits in ``text``: anchors for alignment."""
    return {int(m.group()) for m in re.finditer(r"\d+", text) if len(m.group()) <= 9}
