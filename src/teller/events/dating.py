"""Dating the events of one article: each event's own time expressions, else the event it
elaborates, else the publication day (``teller.events.article`` calls :func:`dates`).

An event's date comes from its own tellings' time expressions (or those of the talks it was
said in, or of the speech verb reporting it), reconciled by :mod:`teller.timex.reconcile`. An
event told with none takes, in this order: the date of the event it elaborates (the same type
and parties told again, or the talks a statement was made in); the day of the article's lede
event when its opening sentences date it (a report is about its lede), or, when they tell no
event, the day they give the news ("Thousands headed home Wednesday as ..."); and only then the
publication day, with low confidence and a ``date_fallback`` flag. ``date_reason`` says which
was used. Without a publication time a relative expression stays unresolved and the event
undated, never dated by the clock.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from teller.records import Article, Flag, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as Span_

    from teller.events.context import Candidate

log = logging.getLogger(__name__)

#: Event types done together, whose tellings may name the parties in either order.
MUTUAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Verbal cooperation whose missing recipient is the actor's counterpart in the article's talks.
COUNTERPART_TYPES = frozenset({"SUPPORT", "AGREE", "CONCEDE", "REQUEST"})


class Told(Protocol):
    """One event as the article tells it (``article._Group``): its first and all tellings,
    their time expressions, and the talks it was said in."""

    first: Candidate
    members: list[Candidate]

    @property
    def context_of(self) -> Told | None: ...

    @property
    def timexes(self) -> list[TimeValue]: ...


Dated = tuple[TimeValue | None, str, float, list[Flag]]


#: Sentences that open a report (headline and lede): the event they date is the report's own.
LEDE_SENTENCES = 3


def _lede_end(doc: Doc) -> int:
    """Where the article's opening sentences end (character offset): headings (the headline, a
    section label, the headline repeated above the body) do not count, so a page that opens
    with them still has its lede."""
    end = 0
    told = 0
    for sent in doc.sents:
        if told >= LEDE_SENTENCES:
            break
        end = sent.end_char
        told += not is_heading(sent)
    return end


#: How a sentence of running text ends; a heading ends without it.
_SENTENCE_END = re.compile(r"[.!?\"'”’):;…]\s*$")
#: Headings are short.
HEADING_WORDS = 25


def is_heading(sent: Span_) -> bool:
    """A headline or label line rather than a sentence of the report: no closing punctuation,
    and short ("Russia, China block UN sanctions on Syria", "World")."""
    text = sent.text.strip()
    return bool(text) and not _SENTENCE_END.search(text) and len(sent) <= HEADING_WORDS


def _in_heading(doc: Doc, c: Candidate) -> bool:
    at = c.event_span.start
    return any(s.start_char <= at < s.end_char and is_heading(s) for s in doc.sents)


def _date(g: Told, article: Article, dct: datetime | None) -> Dated:
    """The event's date from its own time expressions (or those of the talks it was said in, or
    of the speech verb reporting it); ``None`` with the reason when they give none."""
    from teller import timex

    own = g.timexes
    status = g.first.status
    said_in = ""
    if not own and g.context_of is not None and g.context_of.first.status == status:
        own = g.context_of.timexes
        said_in = f"date of the {g.context_of.first.type} it was part of: "
    if not own:
        own = [tv for c in g.members for tv in c.report_timexes]
    if not own:
        return None, "no date stated for this event", 0.0, []
    ref = _reference(dct, status == "happened")
    try:
        rec = timex.reconcile(own, ref, text=article.text, past=status == "happened")
        if status == "happened" and not any(m.past for m in g.members) \
                and any(f.kind == "future_past_event" for f in rec.flags):
            # told untensed ("is stepping down in May 2020", "talks on Friday"): a date after
            # publication makes it announced, not a past event dated wrongly (_to_events
            # turns it planned); only a past-tense telling keeps the flag
            rec = timex.reconcile(own, ref, text=article.text, past=False)
    except Exception as err:  # a dating failure must not lose the event
        log.warning("events: reconcile failed on %s: %s", article.id, err)
        return None, "no date stated for this event", 0.0, []
    if rec.value is not None:
        value = rec.value if dct is not None else replace(rec.value, anchor=None)
        conf = rec.confidence * (0.8 if said_in else 1.0)
        flags = [] if said_in else list(rec.flags)
        ahead = _zone_ahead(value, article, dct) if status == "happened" and any(m.past for m in g.members) else None
        if ahead is not None:
            value = ahead
            flags.append(Flag("date_zone_assumed", "info",
                              f"'{value.text}' read as the day after the page's date {dct.date().isoformat()}: "  # type: ignore[union-attr]
                              "the page is dated in a zone behind the event's", list(value.evidence)))
            return value, said_in + rec.reason + "; the day after the page's date (zone)", conf * 0.8, flags
        return value, said_in + rec.reason, conf, flags
    unresolved = [tv.text for tv in own if tv.type in ("DATE", "TIME") and not tv.start]
    if dct is None and unresolved:
        return None, f"'{unresolved[0]}' cannot be dated: no publication time", 0.0, list(rec.flags)
    return None, "no date stated for this event", 0.0, list(rec.flags)


_WEEKDAY_SAID = re.compile(r"(?i)^(?:on\s+|last\s+)?(?:(?:early|late)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")


def _zone_ahead(value: TimeValue, article: Article, dct: datetime | None) -> TimeValue | None:
    """A weekday told of a past event that names the day after the page's date ("said on
    Tuesday" on a page dated Monday) is that day in a zone ahead of the page's, not six days
    before (news names a day of the past week by its weekday; six days back it says "last
    Tuesday"). Only for a page dated to the day with no clock or zone: one with a time knows
    its day. The weekday's reading, shifted a week on; None when the rule does not apply."""
    if dct is None or article.published_tz_known or (dct.hour, dct.minute, dct.second) != (0, 0, 0):
        return None
    if not value.start or not _WEEKDAY_SAID.match(value.text or "") or "last" in value.text.casefold():
        return None
    try:
        start = datetime.fromisoformat(value.start)
        end = datetime.fromisoformat(value.end) if value.end else None
    except ValueError:
        return None
    if start.date() != (dct - timedelta(days=6)).date():
        return None
    week = timedelta(days=7)
    day = (start + week).date().isoformat()
    return replace(value, value=day + value.value[10:], start=(start + week).isoformat(),
                   end=(end + week).isoformat() if end else None)


def _reference(dct: datetime | None, past: bool) -> datetime:
    """What ``timex.reconcile`` compares dates with. Without a publication time only dates the
    text states in full reach it, and none of them can be after (or, if planned, before) an
    unknown publication: the reference is put beyond them all."""
    if dct is not None:
        return dct
    return _FAR_FUTURE if past else _FAR_PAST


_FAR_FUTURE = datetime(9000, 1, 1, tzinfo=UTC)
_FAR_PAST = datetime(1000, 1, 1, tzinfo=UTC)


def _parties(c: Candidate) -> tuple[set[str], set[str]]:
    parts = c.actors + c.recipients
    return {a.id for a in parts}, {a.country for a in parts if a.country}


def _elaborated(g: Told, dated: list[Told]) -> Told | None:
    """The dated event that ``g`` (undated) tells more about: one of the same type and status
    with the same parties ("the call", "the talks" told again), else the talks between the same
    parties that a statement of ``g``'s kind was made in. The nearest earlier telling wins,
    then the nearest later one."""
    c = g.first
    ids, countries = _parties(c)

    def same_parties(o: Told) -> bool:
        oids, ocountries = _parties(o.first)
        return bool(ids & oids) or (bool(countries) and countries <= ocountries)

    def same_side(o: Told) -> bool:
        """A directed act told again has the same doer: "Russia expels US diplomats" is not
        the "US expels Russian diplomats" it answers (mutual acts have no sides)."""
        if c.type in MUTUAL_TYPES:
            return True
        mine = {a.id for a in c.actors} | {a.country for a in c.actors if a.country}
        theirs = {a.id for a in o.first.actors} | {a.country for a in o.first.actors if a.country}
        return bool(mine & theirs)

    def kin(o: Told) -> bool:
        x = o.first
        if x.status != c.status or not same_parties(o):
            return False
        if x.type == c.type:
            return same_side(o) and not (x.mode and c.mode and x.mode != c.mode)
        return x.type == "CONSULT" and c.type in COUNTERPART_TYPES and ids <= _parties(x)[0]

    start = c.event_span.start
    same_type = [o for o in dated if kin(o) and o.first.type == c.type]
    pool = same_type or [o for o in dated if kin(o)]
    before = [o for o in pool if o.first.event_span.start < start]
    if before:
        return max(before, key=lambda o: o.first.event_span.start)
    after = [o for o in pool if o.first.event_span.start >= start]  # ">=": talks framing it
    return min(after, key=lambda o: o.first.event_span.start) if after else None


def _fallback(g: Told, dct: datetime | None, reason: str) -> Dated:
    """The publication day, the last resort for a happened event with no date of its own."""
    if g.first.status != "happened":
        return None, reason, 0.0, []
    if dct is None:
        return None, f"{reason}; no publication time to fall back on", 0.0, []
    day = dct.date().isoformat()
    fallback = TimeValue(value=day, type="DATE", text="", evidence=[], granularity="day",
                         anchor="publication", confidence=0.3)
    ev = [Span(c.sentence.start, c.sentence.end) for c in g.members[:1]]
    flag = Flag("date_fallback", "info",
                f"no date in the text for {g.first.type} ({g.first.event_text!r}): publication date {day} used", ev)
    return fallback, "publication-date fallback: no date stated in the event's sentences", 0.3, [flag]


def _lede(groups: Sequence[Told], own: list[Dated],
          lede_end: int, doc: Doc | None = None) -> Told | None:
    """The article's lede event when its own words date it to a day: the first happened event
    told in the opening sentences (before ``lede_end``) outside the headings. A report is about
    its lede, so what it tells with no date of its own happened then, not on the publication
    day (the headline included: it tells the lede's news). A lede with no day of its own lends
    nothing (a later dated event is background, not the report's day)."""
    first = _opening_event(groups, lede_end, doc)
    return first if first is not None and _one_day(own[groups.index(first)][0]) else None


def _opening_event(groups: Sequence[Told], lede_end: int, doc: Doc | None) -> Told | None:
    """The first happened event told in the opening sentences, outside the headings."""
    told = sorted((g.first.event_span.start, i) for i, g in enumerate(groups)
                  if g.first.status == "happened" and g.first.event_span.start < lede_end
                  and (doc is None or not _in_heading(doc, g.first)))
    return groups[told[0][1]] if told else None


def _one_day(tv: TimeValue | None) -> bool:
    if tv is None or not tv.start or not tv.end:
        return False
    try:
        return (datetime.fromisoformat(tv.end) - datetime.fromisoformat(tv.start)).total_seconds() <= 86400
    except ValueError:
        return False


#: Words that make an act an answer to another: a later event than the one it answers.
_ANSWER = re.compile(r"(?i)\b(?:in (?:response|retaliation|reply|return)|retaliat\w*|tit-for-tat|hit back|"
                     r"responded|in kind|reciprocal)\b")


def _answers(g: Told, lede: Told | None, article: Article) -> bool:
    """Is ``g`` an answer to the lede (the same act by another side, "Russia expelled 20
    American diplomats in response") rather than a retelling of its day's news? An answer
    comes later: it takes no day from the lede."""
    c = g.first
    said = article.text[c.sentence.start:c.sentence.end]
    if _ANSWER.search(said):
        return True
    if lede is None or lede.first.type != c.type or c.type in MUTUAL_TYPES:
        return False
    mine = {a.country or a.id for a in c.actors}
    theirs = {a.country or a.id for a in lede.first.actors}
    # aimed back at the lede's doer: China casting its own veto beside Russia's answers nothing
    aimed = {a.country or a.id for a in c.recipients}
    return bool(mine) and not (mine & theirs) and bool(aimed & theirs)


def _perfect(doc: Doc, c: Candidate) -> bool:
    """Told in the present perfect ("has announced", "have agreed"): news of the day of
    writing, not of the lede's earlier day."""
    if c.nominal or c.clause < 0 or c.clause >= len(doc):
        return False
    verb = doc[c.clause]
    return any(t.dep_ in ("aux", "auxpass") and t.lower_ in ("has", "have", "'s", "'ve") for t in verb.children)


def _lede_day(groups: Sequence[Told], doc: Doc, timexes: Sequence[TimeValue], lede_end: int) -> TimeValue | None:
    """The day the opening sentences give the news when no event is told in them: the first
    time expression naming one day that dates the main verb of an opening sentence ("Thousands
    headed home Wednesday as a ceasefire took hold"). Stops at the first opening sentence that
    tells an event: that sentence's event is the lede (see ``_lede``)."""
    from teller.events.own_times import path_is_own, timex_span

    for sent in doc.sents:
        if sent.start_char >= lede_end:
            return None
        if is_heading(sent):
            continue
        if any(sent.start_char <= g.first.event_span.start < sent.end_char for g in groups):
            return None
        for tv in timexes:
            if not (sent.start_char <= (tv.evidence[0].start if tv.evidence else -1) < sent.end_char):
                continue
            if tv.type != "DATE" or not _one_day(tv) or _ISO_DAY.match(tv.text or ""):
                continue  # a date-line's "2024-11-28" is page metadata, not the news
            span = timex_span(doc, tv)
            if span is not None and path_is_own(span, {sent.root.i}) is not None:
                return tv
    return None


_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


def dates(groups: Sequence[Told], article: Article, dct: datetime | None,
          doc: Doc | None = None, timexes: Sequence[TimeValue] = ()) -> list[Dated]:
    """Each group's date: its own words; else the event it elaborates (the same event told
    again, the talks it was said in, the article's lede event or opening sentence); else the
    publication day. ``date_reason`` says which."""
    own = [_date(g, article, dct) for g in groups]
    dated = [g for g, d in zip(groups, own, strict=True) if d[0] is not None]
    # with no publication time, a weekday said for one event ("on Friday") is still the day of
    # the events that elaborate it or that the lede frames: quoted so a story can read it later
    said = [g for g, d in zip(groups, own, strict=True) if d[0] is None and _CANNOT_DATE.match(d[1])] \
        if dct is None else []
    said_lede = _said_lede(groups, said, _lede_end(doc), doc) if said and doc is not None else None
    lede = _lede(groups, own, _lede_end(doc), doc) if doc is not None else None
    lede_day = _lede_day(groups, doc, timexes, _lede_end(doc)) if doc is not None and lede is None else None
    out = []
    for g, (date, reason, conf, flags) in zip(groups, own, strict=True):
        if date is None and not reason.endswith("no publication time"):
            donor = _elaborated(g, dated)
            if donor is not None:
                d = own[groups.index(donor)]
                what = "same event told again" if donor.first.type == g.first.type else "said in the talks"
                date = d[0]
                reason = f"date of the {donor.first.type} it elaborates ({what}: {donor.first.event_text!r})"
                conf, flags = d[2] * 0.8, flags
            elif lede is not None and lede is not g and g.first.status == "happened" \
                    and not _perfect(doc, g.first) and not _answers(g, lede, article):  # type: ignore[arg-type]
                d = own[groups.index(lede)]
                date = d[0]
                reason = (f"date of the article's lede event, {lede.first.type} ({lede.first.event_text!r}): "
                          "no date stated for this event")
                conf, flags = d[2] * 0.5, flags
            elif lede_day is not None and g.first.status == "happened" \
                    and not _perfect(doc, g.first) and not _answers(g, None, article):  # type: ignore[arg-type]
                date = lede_day
                reason = (f"day of the article's opening sentence ({lede_day.text!r}): "
                          "no date stated for this event")
                conf, flags = 0.4, flags
            elif said and g.first.status == "happened" and (donor := _elaborated(g, said) or (
                    said_lede if said_lede is not g and not _perfect(doc, g.first)  # type: ignore[arg-type]
                    and not _answers(g, said_lede, article) else None)) is not None:
                quoted = _CANNOT_DATE.match(own[groups.index(donor)][1])
                assert quoted is not None
                role = "the article's lede event" if donor is said_lede else "the event it elaborates"
                reason = (f"{quoted[0]}: no publication time (the day of {role}, {donor.first.type} "
                          f"({donor.first.event_text!r}))")
            else:
                date, reason, conf, more = _fallback(g, dct, reason)
                flags = flags + more
        out.append((date, reason, conf, flags))
    return out


#: How an event whose time expression could not be resolved is told (``_date``'s reason; the
#: story stage reads the same words: ``stories.merge.CANNOT_DATE``).
_CANNOT_DATE = re.compile(r"^'(.+?)' cannot be dated")


def _said_lede(groups: Sequence[Told], said: list[Told], lede_end: int, doc: Doc) -> Told | None:
    """The lede of an article with no publication time when it names its day in words that
    cannot be resolved ("on Friday"): the first happened event told in the opening sentences,
    if it is one of ``said``."""
    first = _opening_event(groups, lede_end, doc)
    return first if first is not None and any(first is g for g in said) else None
