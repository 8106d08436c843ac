"""A party does not act on its own state.

"Trump planned to meet with U.S. intelligence leaders" (CONSULT -> United States), "the
government has accepted the United States' proposal" read as the US agreeing with the US, "Lai
said he would defend Taiwan" (SUPPORT -> Taiwan), "Putin rejected plans ... the Kremlin": a
recipient that is the actor's own state (the country itself, or its government as a whole when
the actor is the state, its government or one of its officials) is a parse of the actor's home,
not a party acted on. For cooperation (``COOPERATIVE_TYPES``) such a recipient is dropped
(unless the actor's country is itself a guess from the context: "his government would back
Cuba"); the act left without one then joins its telling with a target or is left out
(``article._fold_targetless``). Conflict keeps it: there the state named as a target stands for
its people, its territory or a group of it (a protest against one's own government, a curfew at
home, "threatened to ban Ugandan opposition candidates"), as CAMEO codes domestic events.
"""

from __future__ import annotations

from collections.abc import Iterable

from teller.events.context import Candidate
from teller.records import Actor

#: Cooperation is with another party: a state does not meet, agree with, back or aid itself.
#: (Conflict and demands may aim at one's own state, standing for its people, its territory or
#: a group of it: "Museveni threatened to ban Ugandan opposition candidates", "Croatia is
#: investigating Croatian extremists", a protest against one's own government.)
COOPERATIVE_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID"})
#: Actor mentions whose country is a guess from the text around them ("his government", a name
#: the knowledge base lacks): when such an actor shares the recipient's country, the named
#: recipient is the better-founded side and stays.
_GUESSED = frozenset({"agent", "unresolved"})


def _of_the_state(a: Actor) -> bool:
    return a.kind in ("state", "government") or a.sector == "GOV"


def own_state(actors: list[Actor], r: Actor) -> bool:
    """Whether ``r`` is the actors' own state, or its government as a whole for actors of it."""
    countries = {a.country for a in actors}
    if not r.country or countries != {r.country}:
        return False
    if r.kind == "state":
        return True
    whole = r.id in (f"{r.country}.GOV", f"{r.country}.GOV.head_of_state")
    return r.kind == "government" and whole and all(_of_the_state(a) for a in actors)


def drop_own_state(cands: Iterable[Candidate]) -> None:
    for c in cands:
        if c.type not in COOPERATIVE_TYPES or not c.actors or not c.recipients:
            continue
        if any(m.kind in _GUESSED for m in c.actor_mentions):
            continue
        kept = [r for r in c.recipients if not own_state(c.actors, r)]
        if len(kept) != len(c.recipients):
            c.recipients = kept
