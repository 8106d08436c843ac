"""The most specific agent an article names for a side: when a report names the command or
service of a state's armed forces ("the PLA's Eastern Theater Command", "the Israel Defense
Forces"), the acts it tells of that state's military in general terms ("China's military began
drills", "Israeli troops withdrew") are that body's. The country and sector stay the same; the
party gets the name the text gives it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from teller.events.context import Candidate
from teller.records import Actor, Mention

#: Forces that fight beside a state's military, not as it (a private military company).
_NOT_STATE_FORCES = frozenset({"org:wagner"})


def _names(a: Actor) -> list[str]:
    return [n.casefold() for n in (a.name, *a.aliases) if n]


def _specific(bodies: list[Actor]) -> Actor | None:
    """The one body that is not a general name of another ("People's Liberation Army" is the
    general name of "PLA Eastern Theater Command"), if there is one."""
    parts = [b for b in bodies if not any(o.id != b.id and any(n in m for n in _names(b) for m in _names(o))
                                          for o in bodies)]
    return parts[0] if len(parts) == 1 else None


def military_bodies(mentions: Sequence[Mention]) -> dict[str, Actor]:
    """Country -> the one most specific military body of that country the article names."""
    by_country: dict[str, dict[str, Actor]] = {}
    for m in mentions:
        a = m.actor
        if a is None or m.kind != "organisation" or a.sector != "MIL" or not a.country or a.id in _NOT_STATE_FORCES:
            continue
        by_country.setdefault(a.country, {})[a.id] = a
    out = {}
    for code, bodies in by_country.items():
        best = _specific(list(bodies.values()))
        if best is not None:
            out[code] = best
    return out


def name_specific_agents(cands: list[Candidate], mentions: Sequence[Mention]) -> None:
    """Give each candidate's generic military party (``XXX.MIL``) the body the article names."""
    bodies = military_bodies(mentions)
    if not bodies:
        return
    for c in cands:
        c.actors = [_body(a, bodies) for a in c.actors]
        c.recipients = [_body(a, bodies) for a in c.recipients]


def _body(a: Actor, bodies: dict[str, Actor]) -> Actor:
    """The named body for the generic military ``a``; it keeps the generic names too (the
    Central Command is "the US military" of that act)."""
    if a.country not in bodies or a.id != f"{a.country}.MIL":
        return a
    body = bodies[a.country]
    return dataclasses.replace(body, aliases=list(dict.fromkeys([*body.aliases, a.name, *a.aliases])))
