"""One event as a PLOVER JSON object or as a flat CSV row (the record builders of every export).

PLOVER records follow the field names of the PLOVER manual's "Data Fields" chapter; see
:mod:`teller.exports` for the field list and docs/exports.md for every format's columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from teller import __version__
from teller.records import Actor, Event
from teller.store.flat import FlatActor
from teller.store.rows import date_days

CSV_COLUMNS: tuple[str, ...] = (
    "id", "date", "enddate", "time", "event", "mode", "status", "quad_code", "cameo",
    "actor", "actor_code", "actor_country", "actor_sector",
    "recipient", "recipient_code", "recipient_country", "recipient_sector", "cameo_target", "cameo_target_source",
    "date_value", "date_text", "date_granularity", "date_tz", "date_reason",
    "event_loc", "event_loc_country", "confidence", "event_text", "context", "topics",
    "article_ids", "brief",
)


def plover_entity(a: Actor | FlatActor) -> dict[str, Any]:
    """A PLOVER entity object: ``code`` is the country (or CAMEO code for non-state actors).
    Both export paths write it: the record path from an ``Actor``, the flat one from a row."""
    ent: dict[str, Any] = {"code": a.country or a.cameo, "entity_text": a.name, "identifier_id": a.id}
    if a.sector:
        ent["sector"] = a.sector
    if a.role:
        ent["office"] = a.role
    if a.gender:
        ent["gender"] = a.gender
    if a.cameo:
        ent["cameo"] = a.cameo
    ent["kind"] = a.kind
    return ent


def _clock(e: Event) -> str | None:
    """Local time of day (``HH:MM:SS+hh:mm``) when the event is dated to the hour or minute."""
    d = e.date
    if d is None or not d.start or d.granularity not in ("hour", "minute", "second"):
        return None
    try:
        return datetime.fromisoformat(d.start).timetz().isoformat()
    except ValueError:
        return None


def plover_record(e: Event, *, brief: str | None = None) -> dict[str, Any]:
    """One event as a PLOVER JSON object (dict)."""
    first, last = date_days(e.date)
    rec: dict[str, Any] = {
        "id": e.id,
        "date": first.isoformat() if first else None,
        "actor": [plover_entity(a) for a in e.actor],
        "recipient": [plover_entity(a) for a in e.recipient],
        "event": [e.event],
    }
    if last and last != first:
        rec["enddate"] = last.isoformat()
    if (t := _clock(e)) is not None:
        rec["time"] = t
    if e.mode:
        rec["mode"] = [e.mode]
    if e.context:
        rec["context"] = list(e.context)
    if e.quad_code is not None:
        rec["quad_code"] = e.quad_code
    if e.event_loc:
        rec["event_loc"] = {"extracted_place": e.event_loc.name, "country_code": e.event_loc.country}
    if e.event_text:
        rec["event_text"] = [e.event_text]
    rec.update({
        "status": e.status,
        "confidence": e.confidence,
        "cameo": e.cameo,
        "date_value": e.date.value if e.date else None,
        "date_text": e.date.text if e.date else None,
        "date_granularity": e.date.granularity if e.date else None,
        "date_tz": e.date.tz if e.date else None,
        "date_reason": e.date_reason,
        "topics": list(e.topics),
        "article_ids": list(e.article_ids),
        "brief": brief,
        "coder": f"teller {__version__}",
    })
    return rec


def _join(values: Any) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def csv_row(e: Event, *, brief: str | None = None) -> dict[str, Any]:
    """One event as a flat CSV row; lists are joined with ``;`` in actor order."""
    first, last = date_days(e.date)
    d = e.date
    from teller.events.cameo import cameo_target  # the record path only: teller.events is heavy to import

    target, target_source = cameo_target(e)
    return {
        "id": e.id, "date": first.isoformat() if first else "",
        "enddate": last.isoformat() if last and last != first else "", "time": _clock(e) or "",
        "event": e.event, "mode": e.mode or "", "status": e.status,
        "quad_code": "" if e.quad_code is None else e.quad_code, "cameo": e.cameo or "",
        "actor": _join(a.name for a in e.actor), "actor_code": _join(a.cameo for a in e.actor),
        "actor_country": _join(a.country for a in e.actor), "actor_sector": _join(a.sector for a in e.actor),
        "recipient": _join(a.name for a in e.recipient),
        "recipient_code": _join(a.cameo for a in e.recipient),
        "recipient_country": _join(a.country for a in e.recipient),
        "recipient_sector": _join(a.sector for a in e.recipient),
        "cameo_target": target or "", "cameo_target_source": target_source,
        "date_value": d.value if d else "", "date_text": d.text if d else "",
        "date_granularity": (d.granularity or "") if d else "", "date_tz": (d.tz or "") if d else "",
        "date_reason": e.date_reason or "",
        "event_loc": e.event_loc.name if e.event_loc else "",
        "event_loc_country": (e.event_loc.country or "") if e.event_loc else "",
        "confidence": e.confidence, "event_text": e.event_text or "",
        "context": _join(e.context), "topics": _join(e.topics),
        "article_ids": _join(e.article_ids), "brief": brief or "",
    }


__all__ = ["CSV_COLUMNS", "csv_row", "plover_record"]
