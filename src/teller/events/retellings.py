"""One act told again with its sides named differently is one event.

News tells its main act several times: in the headline ("US expels 35 Russian diplomats"), the
lede ("The Obama administration announced a round of sanctions against Moscow") and the body
("President Obama also imposed sanctions on Russian officials"). Each telling names the sides
its own way (the state, its government, its leader, a ministry), so the exact-key merge of
:mod:`teller.events.article` keeps them apart. Here two groups of one type and status are one
act when their sides are the same countries the same way round, no telling names two different
people on one side, their stated days share one (or one states none), and (attacks) they do not
name two different places. The act a later sentence tells again with fewer parties or without
its target ("the U.S. strike", "More than 100 demonstrators rallied") joins the one telling of it
that names them all, when there is exactly one.

Acts done together (CONSULT, AGREE, COOPERATE: ``mutual``) have their own rule in ``article``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from teller.events.build import UNKNOWN_PERPETRATOR
from teller.events.context import Candidate
from teller.records import Actor, TimeValue

#: Actor kinds that name a person; two different ones on one side are two acts.
_PERSON_KINDS = frozenset({"person"})
#: Kinds that name a whole state: any other naming of a party of that country may stand for it.
_STATE_KINDS = frozenset({"state", "government"})
#: How specifically a kind names a party (a person, a body such as a ministry, the government,
#: the bare state); other kinds count as bodies.
_SPECIFIC = {"person": 3, "government": 1, "state": 0}


class Group(Protocol):
    first: Candidate
    members: list[Candidate]

    @property
    def timexes(self) -> list[TimeValue]: ...


G = TypeVar("G", bound=Group)


def _countries(actors: Sequence[Actor]) -> frozenset[str] | None:
    """The countries of a side, or None when a party has none (an unknown or unplaced party)."""
    out = set()
    for a in actors:
        if not a.country or a.id == UNKNOWN_PERPETRATOR.id:
            return None
        out.add(a.country)
    return frozenset(out)


def _people(actors: Sequence[Actor]) -> set[str]:
    return {a.id for a in actors if a.kind in _PERSON_KINDS}


def _side_fits(x: Sequence[Actor], y: Sequence[Actor]) -> bool:
    """Two namings of one side: the same countries (one list may leave members out: a
    headline's "Saudi Arabia, UAE ... cut ties" parsed with one of them), and not two different
    people (the minister and his deputy accusing the same state are two acts)."""
    cx, cy = _countries(x), _countries(y)
    if not cx or not cy or not (cx <= cy or cy <= cx):
        return False
    px, py = _people(x), _people(y)
    return not (px and py and not px & py)


def _targets_fit(x: Sequence[Actor], y: Sequence[Actor]) -> bool:
    """Two namings of one target: as a side, and either the same party or one of them the
    state ("Russia" and "Russian intelligence services"); two specific targets of one country
    (the mayor and 343 protesters detained) are two acts."""
    if not _side_fits(x, y):
        return False
    if {a.id for a in x} & {a.id for a in y}:
        return True
    return all(a.kind in _STATE_KINDS for a in x) or all(a.kind in _STATE_KINDS for a in y)


def _days_fit(a: Group, b: Group) -> bool:
    vx = {tv.value for tv in a.timexes}
    vy = {tv.value for tv in b.timexes}
    return not vx or not vy or bool(vx & vy)


def _places_fit(x: Candidate, y: Candidate) -> bool:
    if x.type != "ASSAULT" or x.place is None or y.place is None:
        return True
    return x.place.name.casefold() == y.place.name.casefold()


def same_act(a: Group, b: Group) -> bool:
    """Whether ``b`` tells ``a``'s act again (see the module docstring)."""
    x, y = a.first, b.first
    if x.type != y.type or x.status != y.status or x.mutual or y.mutual or x.separate or y.separate:
        return False
    if not _side_fits(x.actors, y.actors):
        return False
    if x.recipients or y.recipients:
        if not (x.recipients and y.recipients and _targets_fit(x.recipients, y.recipients)):
            return False
    if x.mode and y.mode and x.mode != y.mode:  # an arrest and a ban on rallies
        return False
    return _days_fit(a, b) and _places_fit(x, y)


def _naming(g: Group) -> tuple[int, int]:
    """How fully a telling names the act: its number of parties, then how specifically they are
    named (``_SPECIFIC``)."""
    parties = g.first.actors + g.first.recipients
    return (len(parties), sum(_SPECIFIC.get(a.kind, 2) for a in parties))


def merge_retellings(groups: list[G]) -> list[G]:
    """Fold each group into an earlier one that tells the same act; the telling that names its
    parties most fully (else the earlier) stays the group's first candidate."""
    out: list[G] = []
    for g in groups:
        target = next((o for o in out if same_act(o, g)), None)
        if target is None:
            out.append(g)
            continue
        _absorb(target, g)
    return _fold_partial(out)


def _absorb(target: Group, g: Group) -> None:
    better = g.first if _naming(g) > _naming(target) else target.first
    target.members.extend(m for m in g.members if m not in target.members)
    if better is not target.first:
        target.members.remove(better)
        target.members.insert(0, better)
        target.first = better


def _fold_partial(groups: list[G]) -> list[G]:
    """A telling without a target ("the U.S. strike", "demonstrators rallied outside") joins the
    only telling of the act by the same side that names one."""
    out: list[G] = []
    for g in groups:
        c = g.first
        if not c.recipients and not c.mutual and not c.separate and _countries(c.actors):
            fits = [o for o in groups if o is not g and o.first.type == c.type and o.first.status == c.status
                    and o.first.recipients and not o.first.mutual and _side_fits(c.actors, o.first.actors)
                    and not (c.mode and o.first.mode and c.mode != o.first.mode)
                    and _days_fit(o, g) and _places_fit(o.first, c)]
            if len(fits) == 1:
                fits[0].members.extend(m for m in g.members if m not in fits[0].members)
                continue
        out.append(g)
    return out
