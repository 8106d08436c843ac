"""Opaque cursors for the event list: the position after the last event of a page.

The list is ordered by (event day, newest first, undated last; then id), so the position is the
last event's day and id. The cursor is that pair as URL-safe base64 JSON: clients pass it back
unchanged (``?cursor=``) and must not build it; the store continues with a keyset query, so a
page deep in the list costs what the first page costs, and events added meanwhile neither
repeat nor skip an event already seen (unlike ``offset``).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date

Position = tuple[date | None, str]


def encode(position: Position) -> str:
    day, event_id = position
    raw = json.dumps([day.isoformat() if day else None, event_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> Position:
    """The position in ``cursor``; ValueError (with a message for the client) when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, event_id = json.loads(raw)
        if not isinstance(event_id, str) or not event_id or not (day is None or isinstance(day, str)):
            raise ValueError
        return (date.fromisoformat(day) if day else None), event_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValueError("cursor: not a cursor from this API (pass next_cursor back unchanged)") from None


__all__ = ["Position", "decode", "encode"]
