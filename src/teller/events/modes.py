"""How it was done and in what setting: the event's mode from the lexicon's cue words, a
targeted killing, troops arriving (not a visit), the sentence's PLOVER contexts and the topics
of talks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.context import Candidate, CodingContext
from teller.events.parties import subject_tokens

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Office nouns whose killing is a targeted killing ("killed the deputy chief of ...").
OFFICIAL_NOUNS = frozenset({"chief", "leader", "commander", "governor", "mayor", "minister", "official",
                            "head", "general", "president", "judge", "deputy", "prosecutor", "ambassador"})

#: Subjects that make an arrival a deployment rather than a visit.
MILITARY_NOUNS = frozenset({"troop", "troops", "soldier", "force", "peacekeeper", "contingent", "battalion",
                            "brigade", "marine", "paratrooper", "deployment", "unit", "warship", "army"})
PEACEKEEPING = frozenset({"peacekeeper", "peacekeeping", "peace-keeping", "blue", "monitor"})


_MODED = frozenset({"CONSULT", "ASSAULT", "PROTEST", "MOBILIZE", "REJECT", "REQUEST", "COERCE", "THREATEN"})


#: "on the sidelines of", "on Monday", "on the phone": circumstances, not what was discussed
_NOT_TOPICS = frozenset({"sideline", "sidelines", "margin", "margins", "occasion", "eve", "behalf", "basis",
                         "phone", "telephone", "visit", "trip", "tour", "way", "day", "night", "evening", "morning"})
_NOT_TOPIC_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL"})


def military_arrival(ctx: CodingContext, c: Candidate, clause: Token) -> None:
    """Troops arriving somewhere are no visit: peacekeepers are military assistance (AID,
    "personnel" in the PLOVER manual), other forces a deployment (MOBILIZE)."""
    subj, _ = subject_tokens(ctx, clause)
    if subj is None:
        return
    words = {ctx.lem[t.i] for t in subj.subtree if t.i < clause.i}
    if not words & MILITARY_NOUNS:
        return
    if words & PEACEKEEPING:
        c.type, c.mode, c.cameo = "AID", None, "074"
    else:
        c.type, c.mode, c.cameo = "MOBILIZE", "troops", "154"


def clause_lemmas(ctx: CodingContext, trigger: Token, clause: Token) -> set[str]:
    out = set()
    for root in {trigger.i: trigger, clause.i: clause}.values():
        stack = [root]
        n = 0
        while stack and n < 40:
            t = stack.pop()
            n += 1
            out.add(ctx.lem[t.i])
            out.add(t.lower_)
            for ch in t.children:
                if ch.dep_ not in ("ccomp", "parataxis", "conj", "relcl") and ch.i not in (trigger.i,) or ch is trigger:
                    stack.append(ch)
    return out


def mode_and_context(ctx: CodingContext, c: Candidate, trigger: Token, clause: Token) -> None:
    if c.mode is None and c.type in _MODED:
        lemmas = clause_lemmas(ctx, trigger, clause)
        for etype, mode, cues in ctx.lex.mode_cues:
            if etype == c.type and lemmas & cues:
                c.mode = mode
                break
    if c.mode is None and c.type == "ASSAULT" and ctx.lem[trigger.i] in ("kill", "murder", "shoot", "gun"):
        # killing a named person or an office holder is a targeted killing (PLOVER manual)
        for o in trigger.children:
            if o.dep_ in ("dobj", "nsubjpass"):
                m = ctx.mentions.at(o.i)
                if ctx.lem[o.i] in OFFICIAL_NOUNS or (m is not None and m.actor is not None and
                                                       m.actor.kind == "person"):
                    c.mode = "targeted"
    c.context = sentence_contexts(ctx, trigger.sent)
    topics = []
    for h in (trigger, clause):
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("on", "about", "over", "regarding", "concerning"):
                for g in ch.children:
                    if g.dep_ == "pobj" and ctx.mentions.at(g.i) is None and g.ent_type_ not in _NOT_TOPIC_ENTS \
                            and ctx.lem[g.i] not in _NOT_TOPICS:
                        topics.append(ctx.doc[g.left_edge.i : g.right_edge.i + 1].text)
    c.topics = topics[:3]


def sentence_contexts(ctx: CodingContext, sent) -> list[str]:
    """PLOVER contexts named by the sentence's words (computed once per sentence)."""
    got = ctx.context_cache.get(sent.start)
    if got is None:
        lemmas = {ctx.lem[t.i] for t in sent}
        got = [name for name, cues in ctx.lex.context_cues if lemmas & cues]
        ctx.context_cache[sent.start] = got
    return list(got)
