"""Records <-> table rows, without touching the database.

Kept apart from :mod:`teller.store.store` so that the conversion (where bad input is found) runs
before a transaction opens, and so that it can be tested on its own.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from teller.records import (
    Actor,
    Analysis,
    Event,
    Flag,
    Highlight,
    Mention,
    Place,
    Span,
    TimeValue,
    content_id,
)

_YMD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def spans_json(spans: Iterable[Span]) -> list[list[int]]:
    return [[int(s.start), int(s.end)] for s in spans]


def spans_from_json(data: Iterable[Iterable[int]] | None) -> list[Span]:
    return [Span(int(a), int(b)) for a, b in (data or [])]


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def date_days(tv: TimeValue | None) -> tuple[date | None, date | None]:
    """The first and last local calendar days an event time covers (None when unknown).

    Uses the interval ``[start, end)`` in its own offset, so an event on 14 September in Tokyo
    is found by a filter for 14 September, whatever UTC says. Falls back on a plain
    ``YYYY[-MM[-DD]]`` value when the interval is missing.
    """
    if tv is None:
        return None, None
    start, end = _instant(tv.start), _instant(tv.end)
    if start is not None:
        if end is not None and end > start:
            return start.date(), (end - timedelta(microseconds=1)).date()
        return start.date(), start.date()
    m = _YMD.match(tv.value or "")
    if not m:
        return None, None
    try:
        year = int(m.group(1))
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # e.g. month 13 from a garbled value: no usable days
        return None, None


def actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "role": a.role,
        "sector": a.sector, "cameo": a.cameo, "gender": a.gender, "role_start": a.role_start,
        "role_end": a.role_end, "aliases": list(a.aliases),
    }


def actor_from_row(r: Any) -> Actor:
    return Actor(
        id=r.id, name=r.name, kind=r.kind, country=r.country, role=r.role, sector=r.sector,
        cameo=r.cameo, gender=r.gender, role_start=r.role_start, role_end=r.role_end,
        aliases=list(r.aliases or []),
    )


def flag_id(article_id: str, f: Flag) -> str:
    return content_id("flg", article_id, f.kind, f.severity, f.message, spans_json(f.evidence))


def event_row(e: Event, *, canonical: bool = False) -> dict[str, Any]:
    d = e.date
    first, last = date_days(d)
    loc = e.event_loc
    return {
        "id": e.id, "event": e.event, "status": e.status, "confidence": float(e.confidence),
        "mode": e.mode, "context": list(e.context), "quad_code": e.quad_code, "cameo": e.cameo,
        "date_value": d.value if d else None,
        "date_type": d.type if d else None,
        "date_text": d.text if d else None,
        "date_start": d.start if d else None,
        "date_end": d.end if d else None,
        "date_granularity": d.granularity if d else None,
        "date_tz": d.tz if d else None,
        "date_anchor": d.anchor if d else None,
        "date_mod": d.mod if d else None,
        "date_confidence": float(d.confidence) if d else None,
        "date_evidence": spans_json(d.evidence) if d else None,
        "date_reason": e.date_reason,
        "date_first_day": first,
        "date_last_day": last,
        "event_loc": ({"name": loc.name, "country": loc.country, "evidence": spans_json(loc.evidence)}
                      if loc else None),
        "topics": list(e.topics),
        "event_text": e.event_text,
        "canonical": canonical,
        "superseded_by": None,
    }


def event_from_row(r: Any, actors: list[Actor], recipients: list[Actor], evidence: list[Span],
                   article_ids: list[str]) -> Event:
    date_tv = None
    if r.date_value is not None:
        date_tv = TimeValue(
            value=r.date_value, type=r.date_type, text=r.date_text or "",
            evidence=spans_from_json(r.date_evidence), start=r.date_start, end=r.date_end,
            granularity=r.date_granularity, tz=r.date_tz, anchor=r.date_anchor, mod=r.date_mod,
            confidence=r.date_confidence if r.date_confidence is not None else 1.0,
        )
    loc = None
    if r.event_loc:
        loc = Place(name=r.event_loc["name"], country=r.event_loc.get("country"),
                    evidence=spans_from_json(r.event_loc.get("evidence")))
    return Event(
        id=r.id, event=r.event, actor=actors, recipient=recipients, status=r.status,
        evidence=evidence, confidence=r.confidence, mode=r.mode, context=list(r.context or []),
        quad_code=r.quad_code, cameo=r.cameo, date=date_tv, date_reason=r.date_reason,
        event_loc=loc, topics=list(r.topics or []), event_text=r.event_text,
        article_ids=article_ids,
    )


def timex_row(article_id: str, pos: int, t: TimeValue) -> dict[str, Any]:
    return {
        "article_id": article_id, "position": pos, "value": t.value, "type": t.type, "text": t.text,
        "start": t.start, "end": t.end, "granularity": t.granularity, "tz": t.tz,
        "anchor": t.anchor, "mod": t.mod, "confidence": float(t.confidence),
        "evidence": spans_json(t.evidence),
    }


def timex_from_row(r: Any) -> TimeValue:
    return TimeValue(
        value=r.value, type=r.type, text=r.text, evidence=spans_from_json(r.evidence),
        start=r.start, end=r.end, granularity=r.granularity, tz=r.tz, anchor=r.anchor,
        mod=r.mod, confidence=r.confidence,
    )


@dataclass(slots=True)
class AnalysisRows:
    """Every row one ``Analysis`` becomes, grouped by table (built before any I/O)."""

    article: dict[str, Any]
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_actors: list[dict[str, Any]] = field(default_factory=list)
    event_articles: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    highlights: list[dict[str, Any]] = field(default_factory=list)
    briefs: list[dict[str, Any]] = field(default_factory=list)

    def add_actor(self, a: Actor) -> str:
        if a.id not in self.actors:
            self.actors[a.id] = actor_row(a)
        return a.id


def event_links(rows: AnalysisRows, e: Event, evidence_article: str | None) -> None:
    """Actor/recipient links and (when attributable to one article) evidence rows of ``e``."""
    for role, group in (("actor", e.actor), ("recipient", e.recipient)):
        for pos, a in enumerate(group):
            rows.event_actors.append({"event_id": e.id, "role": role, "position": pos,
                                      "actor_id": rows.add_actor(a)})
    if evidence_article is not None:
        for s in e.evidence:
            rows.evidence.append({"event_id": e.id, "flag_id": None, "article_id": evidence_article,
                                  "start": int(s.start), "end": int(s.end)})


def analysis_rows(analysis: Analysis, stored: str) -> AnalysisRows:
    """Flatten one article's analysis into rows; raises TypeError/ValueError on malformed input."""
    art = analysis.article
    aid = art.id
    if not aid or not isinstance(aid, str):
        raise ValueError("article has no id")
    if not isinstance(art.text, str):
        raise TypeError("article text is not a string")
    rows = AnalysisRows(article={
        "id": aid, "url": art.url, "source": art.source, "title": art.title,
        "published": art.published, "published_tz_known": bool(art.published_tz_known),
        "language": art.language, "fetched": art.fetched, "text": art.text,
        "repeats": [[c.start, c.end, o.start, o.end] for c, o in art.repeats],
        "quality": analysis.quality, "stored": stored, "translation_of": art.translation_of,
    })
    _mention_rows(rows, aid, analysis.mentions)
    rows.timexes = [timex_row(aid, i, t) for i, t in enumerate(analysis.timexes)]
    seen_events: set[str] = set()
    for e in analysis.events:
        if e.id in seen_events:  # the same event twice in one analysis: keep the first
            continue
        seen_events.add(e.id)
        rows.events.append(event_row(e))
        event_links(rows, e, aid)
        for other in dict.fromkeys([aid, *e.article_ids]):
            rows.event_articles.append({"event_id": e.id, "article_id": other})
    flag_rows(rows, aid, analysis.flags)
    rows.highlights = [_highlight_row(aid, i, h) for i, h in enumerate(analysis.highlights)]
    rows.briefs = [{"event_id": eid, "text": text} for eid, text in analysis.briefs.items()
                   if eid in seen_events]
    return rows


def _mention_rows(rows: AnalysisRows, aid: str, mentions: list[Mention]) -> None:
    for i, m in enumerate(mentions):
        rows.mentions.append({
            "article_id": aid, "position": i, "text": m.text, "kind": m.kind,
            "confidence": float(m.confidence),
            "actor_id": rows.add_actor(m.actor) if m.actor is not None else None,
            "evidence": spans_json(m.evidence),
            "members": [rows.add_actor(a) for a in m.members],
        })


def flag_rows(rows: AnalysisRows, aid: str, flags: list[Flag], *, start: int = 0) -> None:
    """Flag and evidence rows of ``flags`` (positions from ``start``) into ``rows``."""
    seen: set[str] = set()
    for i, f in enumerate(flags, start=start):
        fid = flag_id(aid, f)
        if fid in seen:  # an identical flag twice says nothing new
            continue
        seen.add(fid)
        rows.flags.append({"id": fid, "article_id": aid, "position": i, "kind": f.kind,
                           "severity": f.severity, "message": f.message})
        for s in f.evidence:
            rows.evidence.append({"event_id": None, "flag_id": fid, "article_id": aid,
                                  "start": int(s.start), "end": int(s.end)})


def _highlight_row(aid: str, pos: int, h: Highlight) -> dict[str, Any]:
    return {"article_id": aid, "position": pos, "text": h.text, "evidence": spans_json(h.evidence)}
