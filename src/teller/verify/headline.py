"""Headline against body: a title that says something the article's body contradicts.

Headlines are terse, rounded and often updated separately from the body, so a naive comparison
alarms on most pages. Each rule below speaks only when the body gives a clear, *different*
answer to the same question the title answers:

* status: the title says a meeting/call/deal/attack happened and every body event of that type
  is coded as denied (or the title says it did not happen and every one is coded as happened,
  with no negation near the body's own trigger words);
* date: the title names a day that appears nowhere in the body, and the body dates its main
  event to another day;
* count: the title gives a casualty count ("12 killed") and the body gives counts for the same
  kind of casualty, none of them the title's number, which appears nowhere in the body;
* office holder: the title names a person the knowledge base knows, the body never mentions
  them, and the body names a different holder of the same office in the same country.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from teller.records import Article, Event, Flag, Mention, Span, TimeValue

_TRIGGERS: dict[str, re.Pattern[str]] = {
    # "calls for"/"calls on" is a demand, not a phone call
    "CONSULT": re.compile(r"\b(?:talks?|meets?|meeting|met|call(?:s(?! (?:for|on|to)\b))?|phoned?|telephone|summit|"
                          r"visits?|visited|confers?)\b", re.I),
    "AGREE": re.compile(r"\b(?:agrees?|agreed|agreement|deal|accord|pact|signs?|signed)\b", re.I),
    "SANCTION": re.compile(r"\bsanction(?:s|ed)?\b", re.I),
    "ASSAULT": re.compile(r"\b(?:attacks?|attacked|air ?strikes?|bomb(?:s|ed|ing)?|shell(?:s|ed|ing))\b", re.I),
}
_NEG = r"(?:no|not|never|n't|won't|fail(?:s|ed)? to|cancel(?:s|led|ed)?|calls? off|called off|refuses? to|without)"
_NEGATED = {
    t: re.compile(rf"\b{_NEG}\s+(?:\w+\s+){{0,2}}?{p.pattern[2:-2]}\b", re.I) for t, p in _TRIGGERS.items()
}
_ANY_NEG = re.compile(rf"\b{_NEG}\b|n't\b", re.I)

_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_CASUALTY_CLASS = {
    "killed": "dead", "dead": "dead", "died": "dead", "deaths": "dead", "die": "dead", "lives": "dead",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "arrested": "arrested", "detained": "arrested", "arrests": "arrested",
}
_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(_NUMBER_WORDS) + r")\s+(?:[A-Za-z\-]+\s+){0,2}?"
    r"(?:(?:were|are|have|has|had|been|was)\s+){0,2}(?P<w>" + "|".join(_CASUALTY_CLASS) + r")\b",
    re.I,
)


_VERB_CLASS = {"kill": "dead", "injur": "injured", "wound": "injured", "arrest": "arrested", "detain": "arrested"}
_COUNT_AFTER = re.compile(
    r"\b(?P<w>kill|injur|wound|arrest|detain)(?:s|es|ed|ing|e)?\s+(?:at least |about |some |nearly |more than |over )?"
    r"(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(_NUMBER_WORDS) + r")\b(?!\s*(?:%|percent|per cent|years?|days?|hours?|"
                                                             r"minutes?))",
    re.I,
)
_TOLL = re.compile(
    r"\bdeath toll\s+(?:\w+\s+){0,5}?(?:to|at|of|reaches|hits)\s+(?:at least |about |nearly |over )?"
    r"(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(_NUMBER_WORDS) + r")\b",
    re.I,
)


def _number(s: str) -> int | None:
    s = s.lower().replace(",", "")
    if s.isdigit():
        return int(s)
    return _NUMBER_WORDS.get(s)


def _count_matches(text: str) -> list[tuple[str, int, Span]]:
    """``(casualty class, number, span)`` for "12 killed", "kills 12", "death toll rises to 12"."""
    out = []
    for m in _COUNT.finditer(text):
        n = _number(m.group("n"))
        if n is not None:
            out.append((_CASUALTY_CLASS[m.group("w").lower()], n, Span(m.start(), m.end())))
    for m in _COUNT_AFTER.finditer(text):
        n = _number(m.group("n"))
        if n is not None:
            out.append((_VERB_CLASS[m.group("w").lower()], n, Span(m.start(), m.end())))
    for m in _TOLL.finditer(text):
        n = _number(m.group("n"))
        if n is not None:
            out.append(("dead", n, Span(m.start(), m.end())))
    return sorted(out, key=lambda x: x[2])


def _counts(text: str) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for cls, n, _ in _count_matches(text):
        out.setdefault(cls, set()).add(n)
    return out


def _flag(message: str, evidence: list[Span]) -> Flag:
    return Flag(kind="headline_contradiction", severity="warning", message=message, evidence=evidence)


def status_contradiction(title: str, text: str, events: Sequence[Event]) -> list[Flag]:
    flags: list[Flag] = []
    for etype, trig in _TRIGGERS.items():
        if not trig.search(title):
            continue
        body = [e for e in events if e.event == etype]
        if not body:
            continue
        negated = bool(_NEGATED[etype].search(title))
        statuses = {e.status for e in body}
        if not negated and statuses == {"denied"}:
            ev = sorted(sp for e in body for sp in e.evidence)[:3]
            flags.append(_flag(f"title {title!r} reports {etype.lower()} but the body says it did not happen", ev))
        elif negated and statuses == {"happened"}:
            ev = sorted(sp for e in body for sp in e.evidence)
            if any(_ANY_NEG.search(_sentence_around(text, sp)) for sp in ev):
                continue
            flags.append(_flag(f"title {title!r} says no {etype.lower()} but the body reports one", ev[:3]))
    return flags


def _sentence_around(text: str, sp: Span) -> str:
    start = max(text.rfind(". ", 0, sp.start), text.rfind("\n", 0, sp.start)) + 1
    end = min(x for x in (text.find(". ", sp.end), text.find("\n", sp.end), len(text)) if x >= 0)
    return text[start:end]


def count_contradiction(title: str, text: str) -> list[Flag]:
    flags: list[Flag] = []
    title_counts = _counts(title)
    if not title_counts:
        return flags
    body_counts = _counts(text)
    for cls, nums in title_counts.items():
        body = body_counts.get(cls)
        if not body:
            continue
        for n in nums:
            if n in body or re.search(rf"(?<![\d,.]){n:,}(?![\d,])|(?<![\d,.]){n}(?![\d,])", text):
                continue
            ev = [sp for c, _, sp in _count_matches(text) if c == cls][:3]
            flags.append(_flag(
                f"title says {n} {cls} but the body gives {', '.join(map(str, sorted(body)))}", ev))
    return flags


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _main_event(events: Sequence[Event]) -> Event | None:
    dated = [e for e in events if e.date is not None and e.evidence and e.status == "happened"]
    return min(dated, key=lambda e: min(e.evidence).start) if dated else None


def date_contradiction(
    title: str, timexes: Sequence[TimeValue], events: Sequence[Event], title_timexes: Sequence[TimeValue]
) -> list[Flag]:
    flags: list[Flag] = []
    body_days = {t.value[:10] for t in timexes if _DAY.match(t.value)}
    main = _main_event(events)
    if main is None or main.date is None or not _DAY.match(main.date.value):
        return flags
    for tt in title_timexes:
        if not _DAY.match(tt.value) or tt.value[:10] in body_days:
            continue
        if tt.value[:10] != main.date.value[:10]:
            flags.append(_flag(
                f"title dates it {tt.text!r} ({tt.value[:10]}) but the body dates the event "
                f"{main.date.value[:10]}", list(main.date.evidence)[:2] or sorted(main.evidence)[:1]))
    return flags


_TITLE_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,4}\b")
_ROLE_WORDS = frozenset(
    "President Prime Minister Foreign Defence Defense Secretary State Chancellor King Queen Premier "
    "Vice Deputy Chief Senator Governor General Ambassador Speaker Leader Supreme Mayor Chairman "
    "Former Acting Crown Prince Pope Envoy Spokesman Spokeswoman Spokesperson".split()
)


def _title_names(title: str) -> list[str]:
    """Name candidates: capitalised runs without leading role words, and their last word
    ("Foreign Minister Yoko Kamikawa" -> "Yoko Kamikawa", "Kamikawa")."""
    out: list[str] = []
    for m in _TITLE_NAME.finditer(title):
        words = m.group().split()
        while words and words[0] in _ROLE_WORDS:
            words.pop(0)
        for cand in (" ".join(words), words[-1] if words else ""):
            if cand and cand not in out:
                out.append(cand)
    return out


def holder_contradiction(title: str, mentions: Sequence[Mention], kb: Any, when: Any) -> list[Flag]:
    """A titled person never mentioned in the body, whose office the body gives to another."""
    if kb is None or not mentions:
        return []
    body_ids = {m.actor.id for m in mentions if m.actor is not None}
    holders = {
        (m.actor.country, m.actor.role): m for m in mentions
        if m.actor is not None and m.actor.kind == "person" and m.actor.role and m.kind != "pronoun"
    }
    flags: list[Flag] = []
    seen: set[str] = set()
    for name in _title_names(title):
        try:
            found = [a for a in kb.lookup(name, when) if a.kind == "person"]
        except Exception:  # noqa: BLE001 — a KB failure must not stop the other checks
            return flags
        if len(found) != 1:
            continue  # ambiguous or unknown name: no claim
        person = found[0]
        if person.id in body_ids or person.id in seen or not person.role:
            continue
        other = holders.get((person.country, person.role))
        if other is not None and other.actor is not None and other.actor.id != person.id:
            seen.add(person.id)
            flags.append(_flag(
                f"title names {person.name} ({person.role}) but the body names {other.actor.name} "
                f"in that office", sorted(other.evidence)[:1]))
    return flags


def headline_contradictions(
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[TimeValue],
    events: Sequence[Event],
    *,
    kb: Any = None,
    dct: datetime | None = None,
    annotate: Callable[[str, datetime], list[TimeValue]] | None = None,
) -> list[Flag]:
    """All headline rules; the date rule needs ``annotate`` (timex) and ``dct``."""
    title = (article.title or "").strip()
    if not title or not article.text:
        return []
    flags = status_contradiction(title, article.text, events)
    flags += count_contradiction(title, article.text)
    if annotate is not None and dct is not None and events:
        try:
            title_timexes = annotate(title, dct)
        except Exception:  # noqa: BLE001 — the tagger failing on a title must not stop the others
            title_timexes = []
        flags += date_contradiction(title, timexes, events, title_timexes)
    flags += holder_contradiction(title, mentions, kb, dct.date() if dct else None)
    return flags
