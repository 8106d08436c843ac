"""Rules for durations ("three years", "the past decade"), plurals ("for weeks"), sets ("every
Monday", "daily"), weekdays, days of the month ("the 14th"), parts of day, clock times with
their zones, present and past references ("now", "recently") and the signals that mark the next
clock time as before or after ("shortly after"). Registered in a ``RuleBook``;
``teller.timex.grammar`` runs them."""

from __future__ import annotations

import re

from teller.timex.lexicon import (
    NUMBER_WORDS,
    PARTS_OF_DAY,
    SETS,
    UNITS,
    ZONES,
)
from teller.timex.partial import Partial
from teller.timex.patterns import (
    AMPM,
    MOD,
    NUM,
    POD,
    REL,
    UNIT,
    WEEKDAY,
    ZONE,
    RuleBook,
    direction,
    mod_code,
    number,
    partial,
    title_case_name,
    unit_code,
    weekday_number,
)

BOOK = RuleBook()
rule = BOOK.rule


_HALF = re.compile(r"\d\s+1/2|and[-\s]a[-\s]half", re.I)


@rule("duration",
      rf"{MOD}(?:the\s+(?:(?:past|last|next|first|previous|coming|following|final|remaining|latest|same)\s+)?)?"
      rf"{NUM}(?:\s+1/2)?(?:\s+(?:more|full|straight|consecutive|long|additional|whole|calendar|business|"
      rf"working|trading))?[-\s]+{UNIT}s?(?:[-\s]+(?:and[-\s]+a[-\s]+half|long|old))?(?![\w])", prio=50)
def _duration(m: re.Match[str], text: str) -> Partial | None:
    n = number(m["num"])
    u = unit_code(m["unit"])
    raw = m["num"].lower()
    if m["unit"][0].isupper() and not m["unit"].isupper():
        return None  # "60 Minutes", "Three Days of the Condor"
    if u == "WE" or (u == "Q" and "-" in m.group(0) and m.group(0).lower().endswith("s")):
        return None  # "a weekend of talks", "three-quarters of the vote"
    if (u == "Q" and raw in ("a", "one", "two", "three") and not m.group(0).lower().startswith("the")
            and re.match(r"\s+of\s+(?!a\s+century)", text[m.end():m.end() + 16])):
        return None  # "more than a quarter of the market": a fraction
    if u == "S" and raw in ("a", "an") and not re.match(r"\s+(?:later|earlier|ago|or|and)\b",
                                                        text[m.end():m.end() + 8]):
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
    return partial(m, "duration", value=value, mod=mod_code(m))


@rule("plural",
      r"(?:(?P<pre>for|in|over|within|recent|coming|past|the\s+past|the\s+next|the\s+coming|the\s+last|"
      r"the\s+first)\s+)(?P<unit>years|months|weeks|days|decades|hours|minutes)(?![\w-])")
def _plural(m: re.Match[str], text: str) -> Partial:
    u = unit_code(m["unit"])
    value = f"PTX{u[-1]}" if u in ("TM", "H", "S") else f"PX{u}"
    pre = m["pre"].lower()
    if pre in ("for", "in", "over"):
        return Partial(m.start("unit"), m.end(), "duration", value=value)
    if pre == "recent":
        return partial(m, "date", value="PAST_REF")
    if pre == "coming":
        return partial(m, "date", value="FUTURE_REF")
    return partial(m, "duration", value=value)


@rule("set", prio=40,
      pattern=rf"(?:(?P<every>every|each)\s+(?P<other>other\s+)?(?:{WEEKDAY}|{UNIT}|{POD})|(?P<adv>daily|weekly|"
              rf"monthly|yearly|annually|hourly|quarterly|nightly|biweekly)"
             r"|(?P<per>per|a)\s+(?P<u2>year|month|week|day|hour)(?=\W)(?<=\w))")
def _set(m: re.Match[str], text: str) -> Partial | None:
    if m["adv"]:
        if m["adv"].lower() in ("quarterly", "annual") and re.match(r"\s+[a-z]", text[m.end():m.end() + 2]):
            return None  # "its quarterly dividend": an adjective, not a recurrence
        return partial(m, "set", value=SETS[m["adv"].lower()])
    if m["per"]:
        before = text[max(0, m.start() - 16):m.start()].lower()
        if not re.search(r"(?:times|twice|once|thrice|\d|percent|%|\$[\d.,]+\s*\w*)\s*$", before):
            return None
        u = UNITS[m["u2"].lower()]
        return partial(m, "set", value=f"PT1{u}" if u == "H" else f"P1{u}")
    n = 2 if m["other"] else 1
    if m["wd"]:
        return partial(m, "set", value=f"XXXX-WXX-{weekday_number(m['wd']) + 1}")
    if m["pod"]:
        return partial(m, "set", value=f"TXX{PARTS_OF_DAY[m['pod'].lower()]}")
    u = unit_code(m["unit"])
    if u in ("TM", "H", "S"):
        return partial(m, "set", value=f"PT{n}{u[-1]}")
    return partial(m, "set", value=f"P{n}{u}")


@rule("weekday", rf"{MOD}(?:{REL}\s+)?{WEEKDAY}(?:\s*,?\s*{POD})?")
def _weekday_rule(m: re.Match[str], text: str) -> Partial | None:
    rel = direction(m["rel"])
    if m["rel"] and m["rel"].lower() in ("same", "that", "current", "recent"):
        return None
    p = partial(m, "date", weekday=weekday_number(m["wd"]), rel=rel, mod=mod_code(m))
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
    return partial(m, "date", day=int(m["d"]), confidence=0.8)


@rule("podof", r"(?:the\s+)?(?:(?P<ep>early|late)\s+)?" + POD + r"(?=\s+of\s)")
def _podof(m: re.Match[str], text: str) -> Partial:
    return partial(m, "time", pod=PARTS_OF_DAY[m["pod"].lower()],
              mod={"early": "START", "late": "END"}.get((m["ep"] or "").lower()))


@rule("clock", r"(?:(?P<approx>about|around|approximately|roughly)\s+)?"
               r"(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*" + AMPM
               + r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])"
               r"(?:\s*(?:hours|hrs|h)\b)?|(?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)\s*(?=(?:GMT|UTC|hrs|hours|local|"
               r"[A-Z]{2,4}T)\b)"
               r"|(?P<word>noon|midnight|midday)|(?P<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
               r"\d{1,2})(?:\s+o'clock|(?=\s+in\s+the\s+(?:morning|afternoon|evening))))"
               r"(?:\s+(?:in\s+the\s+)?(?P<pod2>morning|afternoon|evening|at\s+night|tonight))?" + ZONE)
def _clock(m: re.Match[str], text: str) -> Partial | None:
    p = partial(m, "time")
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
        said = NUMBER_WORDS.get(m["hw"].lower()) if not m["hw"].isdigit() else int(m["hw"])
        if said is None or said > 12:
            return None
        p.hour, p.minute = said, None
        pod2 = (m["pod2"] or "").lower()
        if said < 12 and any(w in pod2 for w in ("afternoon", "evening", "night")):
            p.hour = said + 12
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
            return partial(m, "date", value="PAST_REF")
    if w in ("the near term", "the short term", "the near future", "the distant future"):
        return partial(m, "date", value="FUTURE_REF")
    if w == "soon" and before.endswith("as "):
        return None  # "as soon as": a conjunction
    if w == "former":
        return None
    if w == "soon" and re.match(r"\s+after\b", after, re.I):
        return None
    if w == "now" and re.match(r"[-\s]+(?:defunct|retired|former|famous)", after, re.I):
        return None
    if w == "the past" and re.match(r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|"
                                    r"week|decade|day)", after, re.I):
        return None
    return partial(m, "date", value=_REF_WORDS.get(w, "PRESENT_REF"))


@rule("signal", r"(?P<w>shortly|just|soon|right|immediately|minutes|hours)\s+(?P<dir>after|before)(?=\s)")
def _signal(m: re.Match[str], text: str) -> Partial:
    # Not an expression itself: marks the next clock time as AFTER/BEFORE ("shortly after 9 p.m.").
    return partial(m, "signal", mod="AFTER" if m["dir"].lower() == "after" else "BEFORE")


# --- triggers: the first words each rule's expressions can start with ---------------------------
