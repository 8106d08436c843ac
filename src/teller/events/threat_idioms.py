"""Threats said without a threat verb: "there will be consequences", "there would be a full and
effective response" in someone's words. The speaker threatens; the one the consequences are
"for", or whose act the response answers ("a response to the attack by X"), is the target.
"""

from __future__ import annotations

from teller.events.build import build_candidate
from teller.events.context import Candidate, CodingContext, flatten_mentions
from teller.events.lexicon import Entry
from teller.events.mentions import mentions_in
from teller.events.parties import speaker_mentions

#: Nouns a speaker promises as what will follow ("there will be consequences").
_PROMISED = frozenset({"consequence", "response", "retaliation", "reprisal", "retribution", "repercussion"})
_THREAT = Entry("noun", "consequence", "THREATEN", None, "130", None)


def existential_threats(ctx: CodingContext, sent, found: list[Candidate], used_nouns: set[int]) -> None:
    for tok in sent:
        if tok.dep_ != "attr" or ctx.lem[tok.i] not in _PROMISED:
            continue
        be = tok.head
        if ctx.lem[be.i] != "be" or not any(c.dep_ == "expl" for c in be.children) or \
                not any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll") for c in be.children):
            continue  # "there was a response" tells an act, not a threat
        told = next((c for c in found if c.type == "THREATEN" and not c.suppressed and
                     {c.trigger, c.clause} & {tok.i, be.i, be.head.i}), None)
        if told is None:  # "said there would be a response": the speaker threatens
            speaker = flatten_mentions(speaker_mentions(ctx, be))
            c = build_candidate(ctx, _THREAT, trigger=tok, clause=be, nominal=True) if speaker else None
            if c is None:
                continue
            c.actors, c.status = speaker, "happened"
            used_nouns.add(tok.i)
            found.append(c)
            told = c
        if not told.recipients:
            told.recipients = [a for a in flatten_mentions(_targets(ctx, tok))
                               if a.id not in {x.id for x in told.actors}]


def _targets(ctx: CodingContext, tok) -> list:
    """Whom the promised consequences are "for", or whose act the response answers ("a
    response to the attack by X": X; "to the attack on parliament": no one named)."""
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "to", "against"):
            for g in prep.children:
                if g.dep_ != "pobj":
                    continue
                by = [x for p in g.children if p.dep_ == "prep" and p.lower_ == "by"
                      for x in p.children if x.dep_ == "pobj"]
                if by or ctx.lex.nouns.get(ctx.lem[g.i]) is None:
                    out += [m for t in (by or [g]) for m in mentions_in(ctx, t, 1)]
    return out
