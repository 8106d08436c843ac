"""Recipients read from the article when the sentence names none.

Reports tell the destination of aid once and then the act without it ("The situation in Gaza
remains dire ... The US military air dropped humanitarian aid"): the people of the place the
article last named, outside the donors' own countries, are the recipients. The reading is
marked as inferred and costs confidence.
"""

from __future__ import annotations

from teller.events.agents import civilians_in
from teller.events.context import Candidate, CodingContext
from teller.events.places import place_state

#: How far back, in tokens, the destination may be named.
LOOKBACK = 400


def aid_from_context(ctx: CodingContext, found: list[Candidate]) -> None:
    for c in found:
        if c.type != "AID" or c.recipients or not c.actors or c.status not in ("happened", "planned"):
            continue
        own = {a.country for a in c.actors if a.country}
        start = ctx.doc[c.trigger].i
        for i in range(start - 1, max(-1, start - LOOKBACK), -1):
            if not _told_as_place(ctx.doc[i]):
                continue  # "followed Jordan and Egypt in airdropping aid": donors, not places
            place = place_state(ctx, ctx.doc[i])
            if place is None or place.actor is None or place.actor.country in own:
                continue
            people = civilians_in(ctx, place)
            if people is not None and people.actor is not None:
                c.recipients = [people.actor]
                c.recipient_inferred = True
                c.confidence -= 0.1
            break


#: Prepositions that put a name as a place ("the situation in Gaza", "aid into Sudan").
_PLACE_PREPS = frozenset({"in", "into", "to", "over", "across", "inside", "throughout", "for"})


def _told_as_place(tok) -> bool:
    """Whether the name at ``tok`` is told as a place: the object of a place preposition (its
    head word for a name of several words), not a party acting or acted on."""
    head = tok
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS
