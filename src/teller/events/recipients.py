"""To whom: the recipient of a coded event, as an ordered list of rules (``RECIPIENT_RULES``).

Each rule reads one way a language class names the party an act is done to, and returns the
mentions it finds (or none); the first rule that finds a party not among the actor's mentions
wins, so the order is the precedence. ``content_party`` reads the party of an embedded clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.cameo import quad_code
from teller.events.context import Candidate, CodingContext, objects_of
from teller.events.mentions import mentions_in, prep_objects
from teller.events.syntax import COND_MARKS, OBJECT_PREPS, PLACE_KINDS, agent_of, recipient_prep, subject_of
from teller.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


def find_recipients(ctx: CodingContext, c: Candidate, trigger: "Token", clause: "Token", nominal: bool,
                exclude: list[Mention]) -> list[Mention]:
    def ok(ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if m not in exclude]

    heads = [trigger] + ([clause] if clause.i != trigger.i else [])
    if nominal and trigger.dep_ == "compound" and trigger.head.i not in (h.i for h in heads):
        heads.append(trigger.head)  # "a mediation mission between X and Y"
    topic_obj = ctx.lem[trigger.i] in ctx.lex.words("topic_obj")
    if not nominal:
        for ch in trigger.children:
            if ch.dep_ in ("dobj", "dative", "iobj") and not (topic_obj and ch.dep_ == "dobj"):
                objs = prep_objects(ctx, ch) if ch.pos_ == "ADP" else [ch, *ch.conjuncts]
                for o in objs:  # "launched artillery and rocket fire against X"; "to" + moved noun
                    ms = ok(mentions_in(ctx, o, 4, OBJECT_PREPS))
                    if ms:
                        return ms
            elif ch.dep_ == "prt":  # "kidnapped up to 16 Russian advisers"
                for p in ch.children:
                    if p.dep_ == "prep" and p.lower_ == "to":
                        for g in p.children:
                            ms = ok(mentions_in(ctx, g, 2)) if g.dep_ == "pobj" else []
                            if ms:
                                return ms
    else:
        for ch in clause.children:
            if ch.dep_ in ("dative", "iobj"):
                ms = ok(mentions_in(ctx, ch))
                if ms:
                    return ms
        if quad_code(c.type) in (3, 4):
            # the conflict noun's own object comes before the clause's other phrases:
            # "tighten the blockade of Serbia with Albania's help"
            for ch in trigger.children:
                if ch.dep_ == "prep" and ch.lower_ in ("of", "against", "on"):
                    for g in ch.children:
                        ms = ok(mentions_in(ctx, g, 1)) if g.dep_ == "pobj" else []
                        if ms:
                            return ms
    for h in heads:
        for ch in h.children:
            if ch.dep_ == "prep" and recipient_prep(ch.lower_, c.type):
                for g in prep_objects(ctx, ch):
                        ms = ok(mentions_in(ctx, g, 2))
                        if ms:
                            return ms
    if c.type in ctx.content_types or c.type in ("AGREE",):
        kids = list(trigger.children) + (list(clause.children) if nominal and clause.i != trigger.i else [])
        for ch in kids:  # "demanded that the US cancel...": the content's subject
            if ch.dep_ in ("ccomp", "xcomp") or (ch.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ == "for" for m in ch.children)):
                s = subject_of(ch)
                if s is not None:
                    ms = ok(mentions_in(ctx, s))
                    if ms:
                        return ms
    if c.type in ctx.content_types or c.type in ("AGREE", "CONCEDE"):
        # "offered to hand over to Great Britain", "demand that Israel ease": the content's party
        for ch in trigger.children:
            if ch.dep_ in ("xcomp", "ccomp", "acl") and ch.pos_ in ("VERB", "AUX"):
                ms = ok(content_party(ctx, ch))
                if ms:
                    return ms
    if not nominal and not topic_obj:
        for ch in trigger.children:  # the object's possessor/modifier: "praised Haiti's efforts"
            if ch.dep_ in ("dobj", "nsubjpass") and ch.i != trigger.i:
                for g in ch.children:  # "a map released by China": the object's author
                    if g.dep_ in ("acl", "relcl"):
                        agent = agent_of(g)
                        if agent is not None:
                            ms = ok(mentions_in(ctx, agent))
                            if ms:
                                return ms
                ms = ok(mentions_in(ctx, ch, 2))
                if ms:
                    return ms
                for g in ch.children:
                    if g.dep_ == "prep":
                        for p in g.children:
                            if p.dep_ == "pobj":
                                ms = ok(mentions_in(ctx, p, 2))
                                if ms:
                                    return ms
    if c.type == "THREATEN":
        # "threatened to ... unless Baghdad accepted": the condition's subject is the target
        for t in trigger.subtree:
            if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in t.children):
                s_ = subject_of(t)
                ms = ok(mentions_in(ctx, s_)) if s_ is not None else []
                if ms:
                    return ms
    if nominal and quad_code(c.type) in (3, 4):
        for ch in trigger.children:  # "the invasion of South Lebanon", "a blockade of Serbia"
            if ch.dep_ == "prep" and ch.lower_ == "of":
                for g in ch.children:
                    ms = ok(mentions_in(ctx, g, 1)) if g.dep_ == "pobj" else []
                    if ms:
                        return ms
    for h in heads:
        # "mobilized reservists for a possible war against Iraq": a nested "against"
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("for", "in", "on"):
                for g in ch.children:
                    for p in g.children if g.dep_ == "pobj" else ():
                        if p.dep_ == "prep" and (p.lower_ == "against" or
                                                 (p.lower_ == "with" and ch.lower_ == "for")):
                            for q in p.children:
                                ms = ok(mentions_in(ctx, q, 2)) if q.dep_ == "pobj" else []
                                if ms:
                                    return ms
    for h in heads:
        # "a suspension of air links with Serbia": one step through "of"
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ == "of":
                for g in ch.children:
                    for p in g.children:
                        if p.dep_ == "prep" and recipient_prep(p.lower_, c.type):
                            for q in p.children:
                                ms = ok(mentions_in(ctx, q, 1)) if q.dep_ == "pobj" else []
                                if ms:
                                    return ms
    for h in heads:
        # purpose clauses: "began a hunger strike to protest against Sweden's decision"
        for ch in h.children:
            if ch.dep_ in ("xcomp", "advcl") and ch.pos_ in ("VERB", "AUX") and subject_of(ch) is None:
                ms = ok(content_party(ctx, ch, 1))
                if ms:
                    return ms
    for h in heads + [o for o in objects_of(ctx, trigger) if o.dep_ == "dobj"]:
        # CAMEO habit: the country where it happens is the recipient ("lifted a curfew in X")
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("in", "inside", "into"):
                for g in ch.children:
                    if g.dep_ != "pobj":
                        continue
                    for m in mentions_in(ctx, g, 1):
                        if m not in exclude and m.actor is not None and \
                                (m.kind in PLACE_KINDS or m.actor.kind == "state"):
                            c.confidence -= 0.1
                            return [m]
    return []


def content_party(ctx: CodingContext, clause: "Token", depth: int = 0) -> list[Mention]:
    """The party an embedded clause is done to (object, to/with/against phrase) or by."""
    for ch in clause.children:
        if ch.dep_ in ("dobj", "dative"):
            ms = mentions_in(ctx, ch, 2)
            if ms:
                return ms
            for g in ch.children:  # "take countermeasures against the United States"
                if g.dep_ == "prep" and g.lower_ in ("against", "on", "to", "with", "for"):
                    for p in g.children:
                        if p.dep_ == "pobj":
                            ms = mentions_in(ctx, p, 1)
                            if ms:
                                return ms
    for ch in clause.children:
        if ch.dep_ == "prep" and ch.lower_ in ("to", "with", "against", "on", "from", "for", "at"):
            for g in ch.children:
                if g.dep_ == "pobj":
                    ms = mentions_in(ctx, g, 2)
                    if ms:
                        return ms
    subj = subject_of(clause)
    if subj is not None and clause.dep_ in ("ccomp", "acl"):
        ms = mentions_in(ctx, subj)
        if ms:
            return ms
    if depth < 2:
        for ch in clause.children:
            if ch.dep_ in ("xcomp", "advcl", "ccomp") and ch.pos_ in ("VERB", "AUX"):
                ms = content_party(ctx, ch, depth + 1)
                if ms:
                    return ms
    return []
