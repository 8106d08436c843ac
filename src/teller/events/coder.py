"""Sentence-level PLOVER coding over a spaCy dependency parse.

Finds event triggers (``teller.events.triggers``), builds each candidate with its status,
parties, mode and place (``build``, ``status``, ``parties``, ``recipients``, ``modes``,
``places``), then runs the sentence-level passes (``clauses``: contents of requests, reported
demands, framing talks, time expressions). Article-level merging and dating are in
``teller.events.article``.

Hand-written rules instead of a statistical event extractor: PLOVER coders trained on text
(POLECAT's) are not distributed as a library for spaCy 3, and rules over the parse are fast
(a small fraction of the parse) and explainable, which the evidence spans need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from teller.events.clauses import (
    absent_accords,
    accord_parties,
    accord_terms,
    attach_timexes,
    cancelled_meetings,
    embedded_events,
    note_accord,
    own_forces_orders,
    rally_against,
    reported_demands,
    shift_days,
    suppress_contents,
    talks_during,
)
from teller.events.context import Candidate, CodingContext, MentionIndex
from teller.events.context_targets import aid_from_context
from teller.events.lexicon import Lexicon
from teller.events.threat_idioms import existential_threats
from teller.events.triggers import adj_candidate, free_noun_candidate, verb_candidate
from teller.records import TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from teller.actors import KnowledgeBase


class SentenceCoder:
    """Codes the sentences of one article; holds the per-article coding context."""

    def __init__(self, doc: Doc, mentions: MentionIndex, lex: Lexicon, timexes: Sequence[TimeValue],
                 kb: KnowledgeBase | None = None) -> None:
        if kb is None:  # a caller that never loaded a knowledge base gets the shipped one
            from teller.actors import KnowledgeBase  # cached; loaded only when none is passed in

            kb = KnowledgeBase.default()
        self.ctx = CodingContext(doc, mentions, lex, timexes, kb)

    def sentence(self, sent) -> list[Candidate]:
        ctx = self.ctx
        found: list[Candidate] = []
        used_nouns: set[int] = set()
        for tok in sent:
            pos = tok.pos_
            if pos in ("VERB", "AUX") or (pos == "NOUN" and tok.tag_.startswith("VB")):
                c = verb_candidate(ctx, tok, used_nouns)
            elif pos == "ADJ" and ctx.lem[tok.i] in ctx.lex.adjs:
                c = adj_candidate(ctx, tok)
            else:
                c = None
            if c is not None:
                found.append(c)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_nouns:
                c = free_noun_candidate(ctx, tok)
                if c is not None:
                    found.append(c)
        accord_terms(ctx, found)
        reported_demands(ctx, sent, found)
        suppress_contents(ctx, found)
        own_forces_orders(ctx, found)
        embedded_events(ctx, sent, found, used_nouns)
        rally_against(ctx, found)
        framed = talks_during(ctx, sent, found, used_nouns)
        absent_accords(ctx, sent, found, used_nouns)
        existential_threats(ctx, sent, found, used_nouns)
        cancelled_meetings(ctx, found, used_nouns)
        accord_parties(ctx, found)
        attach_timexes(ctx, sent, found)
        for c, host, offset in framed:  # the talks are dated by the act they frame
            if offset:
                c.timexes = [t for t in (shift_days(tv, offset) for tv in host.timexes[:1]) if t is not None]
                c.separate = f"{offset:+d}d"
            elif not c.timexes:
                c.timexes = list(host.timexes)
            elif not host.timexes:  # "agreed in phone talks on Tuesday": the same day
                host.timexes = list(c.timexes)
        kept = [c for c in found if not c.suppressed]
        for c in kept:
            if c.type == "MOBILIZE" and c.actors:
                ctx.recent_drill = (list(c.actors), list(c.recipients))
        aid_from_context(ctx, kept)
        note_accord(ctx, kept)
        for c in kept:
            parts = c.actors + [a for a in c.recipients if a not in c.actors]
            if len(parts) >= 2:
                ctx.recent_plural = parts
        return kept
