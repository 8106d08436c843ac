"""The two sides of an event told without a subject that names them: "talks between A and B",
"A and B spoke", "the two leaders spoke" (the two the article last named together).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.context import CodingContext, flatten_mentions
from teller.events.mentions import mentions_in, prep_objects
from teller.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Numbers that make a plural subject the two (or more) sides of one exchange.
_JOINT_WORDS = frozenset({"two", "both", "three"})


def joint_subject(ctx: CodingContext, tok: Token) -> Token | None:
    """The verb's subject when it names two parties together: coordinated mentions ("Biden and
    Xi") or a counted plural ("the two leaders", "both ministers")."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    if ctx.mentions.at(subj.i) is not None and any(ctx.mentions.at(c.i) is not None for c in subj.conjuncts):
        return subj
    if subj.tag_ in ("NNS", "NNPS") and any(c.dep_ in ("nummod", "det", "predet") and c.lower_ in _JOINT_WORDS
                                            for c in subj.children):
        return subj
    return None


def between_parties(ctx: CodingContext, trigger: Token) -> list[Actor]:
    """The parties an event noun names with "between" ("talks between A and B", "the ceasefire
    between Israel and Hezbollah"): each of them is a party, in the order named."""
    for ch in trigger.children:
        if ch.dep_ == "prep" and ch.lower_ == "between":
            return flatten_mentions(m for g in prep_objects(ctx, ch) for m in mentions_in(ctx, g, 2))
    return []


def counted_sides(ctx: CodingContext, clause: Token) -> bool:
    """Whether the clause's subject counts its parties without naming them ("the two
    leaders", "both sides", "the two ministers")."""
    subj = joint_subject(ctx, clause)
    return subj is not None and ctx.mentions.at(subj.i) is None
