"""To whom: the recipient of a coded event, as an ordered list of rules (``RECIPIENT_RULES``).

Each rule reads one way a language class names the party an act is done to, and returns the
mentions it finds (or none); the first rule that finds a party not among the actor's mentions
wins, so the order is the precedence. ``content_party`` reads the party of an embedded clause.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from teller.events.agents import civilians_in, crowd_recipient
from teller.events.cameo import quad_code
from teller.events.context import Candidate, CodingContext, actors_of, objects_of
from teller.events.mentions import is_among, mentions_in, prep_objects, state_group, unresolved_name
from teller.events.places import place_state
from teller.events.syntax import COND_MARKS, OBJECT_PREPS, PLACE_KINDS, agent_of, recipient_prep, subject_of
from teller.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Site:
    """Where one candidate's recipient is looked for: the event word, its clause and the heads
    whose phrases count, and the actor's mentions (never also the recipient)."""

    ctx: CodingContext
    c: Candidate
    trigger: Token
    clause: Token
    nominal: bool
    exclude: list[Mention]
    #: the event word, its governing verb, and the noun a compound trigger modifies
    heads: list[Token]
    #: the verb's direct object is what is talked about, not a party ("discussed Syria")
    topic_obj: bool

    @property
    def own(self) -> frozenset[str]:
        """The actor's ids: an actor is never also its own recipient."""
        return frozenset(a.id for m in self.exclude for a in actors_of(m))

    def ok(self, ms: list[Mention]) -> list[Mention]:
        """``ms`` without the actor: its mentions, and other mentions of the very same actors."""
        own = self.own
        return [m for m in ms if m not in self.exclude and not is_among(m, own)]

    def find(self, tok: Token, limit: int = 3, preps: frozenset[str] = frozenset({"of", "from"})) -> list[Mention]:
        """The parties under ``tok``, looking through the actor's own mentions ("his meeting
        with Duterte": Duterte); unnamed people are civilians ("fired on protesters"), a
        counted group of states is that group ("cut ties with four Gulf states")."""
        ms = self.ok(mentions_in(self.ctx, tok, limit, preps, skip=self.own))
        ms = self.ok(crowd_recipient(self.ctx, tok, ms, self.clause))
        return ms or self.ok(state_group(self.ctx, tok))

    def first(self, tokens: Iterable[Token], limit: int = 3) -> list[Mention]:
        """The mentions under the first of ``tokens`` that names a party outside ``exclude``."""
        for tok in tokens:
            ms = self.find(tok, limit)
            if ms:
                return ms
        return []


def _pobjs(heads: Iterable[Token], preps: Callable[[str], bool]) -> Iterator[Token]:
    """The objects of the prepositions under ``heads`` whose word ``preps`` accepts, in order."""
    for h in heads:
        for ch in h.children:
            if ch.dep_ == "prep" and preps(ch.lower_):
                yield from (g for g in ch.children if g.dep_ == "pobj")


def verb_objects(s: Site) -> list[Mention]:
    """A verb's direct/indirect object ("attacked X", "gave X aid", "launched fire against X",
    "granted asylum to" + a noun the parser moved away) and "up to" after a particle
    ("kidnapped up to 16 Russian advisers")."""
    if s.nominal:
        return []
    for ch in s.trigger.children:
        if ch.dep_ in ("dobj", "dative", "iobj") and not (s.topic_obj and ch.dep_ == "dobj"):
            objs = prep_objects(s.ctx, ch) if ch.pos_ == "ADP" else [ch, *ch.conjuncts]
            for o in objs:
                ms = s.find(o, 4, OBJECT_PREPS)
                if ms:
                    return ms
        elif ch.dep_ == "prt":
            ms = s.first(_pobjs([ch], lambda w: w == "to"), 2)
            if ms:
                return ms
    return []


def object_event_target(s: Site) -> list[Mention]:
    """A verb whose object is an event noun aimed at someone: that target, before the noun's
    modifiers ("lifted US sanctions on Syria": Syria, not the US that imposed them; "ended its
    blockade of Qatar", "ordered the lifting of sanctions on Syria")."""
    if s.nominal:  # "the lifting of sanctions on Syria"
        objects = list(_pobjs([s.trigger], lambda w: w == "of"))
    else:
        objects = [ch for ch in s.trigger.children if ch.dep_ in ("dobj", "nsubjpass")]
    for ch in objects:
        if s.ctx.lex.nouns.get(s.ctx.lem[ch.i]):
            targets = list(_pobjs([ch], lambda w: w in ("on", "against", "of", "to")))
            ms = s.first(targets, 2)
            if ms:
                return ms
            for g in targets:  # "threatened a missile strike on Guam": the place's state
                place = place_state(s.ctx, g)
                if place is not None:
                    return s.ok([place])
    return []


#: Event types whose "to X" names where the help goes ("airdropped aid to Gaza").
_DESTINATION_TYPES = frozenset({"AID"})


def aid_destination(s: Site) -> list[Mention]:
    """Aid sent "to" a place reaches its people: "conducted its first airdrop of aid to Gaza",
    "delivered aid supplies to Gaza" (a named party there is the recipient itself)."""
    if s.c.type not in _DESTINATION_TYPES:
        return []
    nouns = [s.trigger] + [o for o in objects_of(s.ctx, s.trigger) if o.dep_ == "dobj"]
    nouns += list(_pobjs(nouns, lambda w: w == "of"))  # "an airdrop of aid to Gaza"
    for g in _pobjs(nouns + s.heads, lambda w: w in ("to", "into", "for", "over")):
        ms = s.find(g, 2)
        if ms:
            return ms
        place = place_state(s.ctx, g)
        people = civilians_in(s.ctx, place) if place is not None else None
        if people is not None:
            return s.ok([people])
    return []


def light_verb_dative(s: Site) -> list[Mention]:
    """An event noun's light verb with a dative ("gave X assurances", "paid X a visit")."""
    if not s.nominal:
        return []
    return s.first(ch for ch in s.clause.children if ch.dep_ in ("dative", "iobj"))


def conflict_noun_object(s: Site) -> list[Mention]:
    """A conflict noun's own object, before the clause's other phrases: "tighten the blockade of
    Serbia with Albania's help", "an attack on X", "sanctions against X"."""
    if not s.nominal or quad_code(s.c.type) not in (3, 4):
        return []
    return s.first(_pobjs([s.trigger], lambda w: w in ("of", "against", "on")), 1)


def recipient_phrase(s: Site) -> list[Mention]:
    """A preposition the event type takes for its recipient ("met with X", "protested against
    X", "asked from X", "talks between X and Y"; ``syntax.recipient_prep``)."""
    for h in s.heads:
        for ch in h.children:
            if ch.dep_ == "prep" and recipient_prep(ch.lower_, s.c.type):
                for g in prep_objects(s.ctx, ch):
                    ms = s.find(g, 2)
                    if ms:
                        return ms
    return []


def content_subject(s: Site) -> list[Mention]:
    """Requests, refusals, threats and agreements: the subject of the demanded clause
    ("demanded that the US cancel ...", "pushed for Y to do Z")."""
    if not (s.c.type in s.ctx.content_types or s.c.type in ("AGREE",)):
        return []
    trigger, clause = s.trigger, s.clause
    kids = list(trigger.children) + (list(clause.children) if s.nominal and clause.i != trigger.i else [])
    for ch in kids:
        if ch.dep_ in ("ccomp", "xcomp") or (ch.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "for" for m in ch.children)):
            subj = subject_of(ch)
            if subj is not None:
                ms = s.find(subj)
                if ms:
                    return ms
    return []


def content_clause_party(s: Site) -> list[Mention]:
    """Requests, offers and concessions: the party of the content clause ("offered to hand
    over to Great Britain", "demand that Israel ease ..."; ``content_party``)."""
    if not (s.c.type in s.ctx.content_types or s.c.type in ("AGREE", "CONCEDE")):
        return []
    for ch in s.trigger.children:
        if ch.dep_ in ("xcomp", "ccomp", "acl") and ch.pos_ in ("VERB", "AUX"):
            ms = s.ok(content_party(s.ctx, ch))
            if ms:
                return ms
    return []


def object_modifiers(s: Site) -> list[Mention]:
    """A verb's object that names no party itself: its author ("criticised a map released by
    China"), its possessor or modifier ("praised Haiti's efforts"), or its phrases."""
    if s.nominal or s.topic_obj:
        return []
    for ch in s.trigger.children:
        if ch.dep_ in ("dobj", "nsubjpass") and ch.i != s.trigger.i:
            for g in ch.children:
                if g.dep_ in ("acl", "relcl"):
                    agent = agent_of(g)
                    if agent is not None:
                        ms = s.find(agent)
                        if ms:
                            return ms
            ms = s.find(ch, 2)
            if ms:
                return ms
            for g in ch.children:
                if g.dep_ == "prep":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            ms = s.find(p, 2)
                            if ms:
                                return ms
    return []


def threat_condition(s: Site) -> list[Mention]:
    """Threats: the subject of the condition is the target ("threatened to ... unless Baghdad
    accepted")."""
    if s.c.type != "THREATEN":
        return []
    conditions = (t for t in s.trigger.subtree
                  if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in t.children))
    return s.first(subj for subj in map(subject_of, conditions) if subj is not None)


#: Event types that answer another act: the doer of that act is whom they are aimed at.
_REACTIONS = frozenset({"ACCUSE", "REJECT", "PROTEST", "SUPPORT"})


def reacted_act_doer(s: Site) -> list[Mention]:
    """A reaction to an act named with its doer is aimed at the doer, not at the act's target
    ("condemned the attacks by Iran against Israel": Iran; "rejected the proposal by France")."""
    if s.c.type not in _REACTIONS or s.nominal:
        return []
    for o in s.trigger.children:
        if o.dep_ == "dobj" and s.ctx.lex.nouns.get(s.ctx.lem[o.i]):
            ms = s.first(_pobjs([o], lambda w: w == "by"), 2)
            if ms:
                return ms
    return []


#: Verbs of handing a person over to another state: the receiving state is the recipient.
_HAND_OVER = frozenset({"extradite", "hand", "transfer", "repatriate", "surrender"})


def receiving_state(s: Site) -> list[Mention]:
    """Extraditing or handing someone over is done for the state that receives them ("Mexico
    extradited the drug lord to the United States": the United States, not the drug lord)."""
    if s.c.type != "COOPERATE" or s.nominal or s.ctx.lem[s.trigger.i] not in _HAND_OVER:
        return []
    heads = [s.trigger] + [o for o in s.trigger.children if o.dep_ == "dobj"]
    return s.first(_pobjs(heads, lambda w: w == "to"), 1)


def answered_act(s: Site) -> list[Mention]:
    """A threat to answer someone's act: whoever does that act ("would respond forcefully to any
    violation by Hezbollah", "vowed to retaliate for the attack by the militants")."""
    if s.c.type != "THREATEN":
        return []
    for h in s.heads:
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("to", "for", "against"):
                for g in ch.children:
                    if g.dep_ == "pobj" and g.pos_ == "NOUN":
                        ms = s.first(_pobjs([g], lambda w: w == "by"), 2)
                        if ms:
                            return ms
    return []


def withdrawn_from(s: Site) -> list[Mention]:
    """A withdrawal of forces stationed somewhere is from that place's state ("ordered the
    withdrawal of the main part of its forces in Syria")."""
    if s.c.type != "RETREAT":
        return []
    nouns = [s.trigger] + [o for o in s.trigger.children if o.dep_ == "dobj"]  # "ordered the withdrawal of"
    held = list(_pobjs(nouns, lambda w: w == "of"))
    held += list(_pobjs(held, lambda w: w == "of"))  # "the withdrawal of the main part of its forces"
    for g in _pobjs(held, lambda w: w in ("in", "from")):
        ms = s.first([g], 1)
        if ms:
            return ms
        place = place_state(s.ctx, g)
        if place is not None:
            return s.ok([place])
    return []


def nested_opponent(s: Site) -> list[Mention]:
    """An "against" (or "with" after "for") one phrase down: "mobilized reservists for a
    possible war against Iraq", "called for talks with X"."""
    for h in s.heads:
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("for", "in", "on"):
                inner = ("against", "with") if ch.lower_ == "for" else ("against",)
                objects = (g for g in ch.children if g.dep_ == "pobj")
                ms = s.first(_pobjs(objects, inner.__contains__), 2)
                if ms:
                    return ms
    return []


def through_of(s: Site) -> list[Mention]:
    """A recipient phrase one step through "of": "a suspension of air links with Serbia"."""
    of_objects = (g for h in s.heads for ch in h.children if ch.dep_ == "prep" and ch.lower_ == "of"
                  for g in ch.children)
    return s.first(_pobjs(of_objects, lambda w: recipient_prep(w, s.c.type)), 1)


def purpose_clause(s: Site) -> list[Mention]:
    """A subjectless purpose clause's party: "began a hunger strike to protest against Sweden's
    decision"."""
    for h in s.heads:
        for ch in h.children:
            if ch.dep_ in ("xcomp", "advcl") and ch.pos_ in ("VERB", "AUX") and subject_of(ch) is None:
                ms = s.ok(content_party(s.ctx, ch, 1)) or s.first(o for o in ch.children if o.dep_ == "dobj")
                if ms:  # "fired tear gas to disperse protests": the protesters
                    return ms
    return []


def place_of_act(s: Site) -> list[Mention]:
    """CAMEO habit: the state where it happens is the recipient ("lifted a curfew in X"), at
    lower confidence (the only rule that lowers it)."""
    for h in s.heads + [o for o in objects_of(s.ctx, s.trigger) if o.dep_ == "dobj"]:
        for ch in h.children:
            if ch.dep_ == "prep" and ch.lower_ in ("in", "inside", "into"):
                for g in ch.children:
                    if g.dep_ != "pobj":
                        continue
                    for m in mentions_in(s.ctx, g, 1):
                        if m not in s.exclude and m.actor is not None and \
                                (m.kind in PLACE_KINDS or m.actor.kind == "state"):
                            s.c.confidence -= 0.1
                            return [m]
    return []


def encircled(s: Site) -> list[Mention]:
    """A show of force "surrounding/encircling X" (a participle on the drills) is aimed at X."""
    if s.c.type != "MOBILIZE":
        return []
    nouns = [s.trigger] + [o for o in objects_of(s.ctx, s.trigger) if o.dep_ == "dobj"]
    return s.first(g for n in nouns for ch in n.children if ch.dep_ == "acl" and
                   s.ctx.lem[ch.i] in ("surround", "encircle", "encircling") for g in ch.children if g.dep_ == "dobj")


def unknown_name(s: Site) -> list[Mention]:
    """A person or organisation the knowledge base lacks, named as the object or in the
    recipient phrase ("cancelled his meeting with Duterte", "hit back at Macron"): kept as an
    unresolved party rather than leaving the event without one."""
    objects = [ch for ch in s.trigger.children if ch.dep_ in ("dobj", "dative") and not s.topic_obj] \
        if not s.nominal else []
    phrases = [g for h in s.heads + objects for ch in h.children
               if ch.dep_ == "prep" and (recipient_prep(ch.lower_, s.c.type) or (h in objects and ch.lower_ == "with"))
               for g in prep_objects(s.ctx, ch)]
    for tok in objects + phrases:
        ent = s.ctx.ent_at(tok.i)
        if ent is None or ent.label_ not in ("PERSON", "ORG") or tok.i in s.ctx.mentions.sources or \
                s.ctx.mentions.at(tok.i) is not None:  # a known party was read by the rules above
            continue
        named = unresolved_name(s.ctx, tok)
        if named is not None and named.actor is not None and named.actor.id not in s.own:
            if ent.label_ == "PERSON":  # a person, whose country the text must state
                named = dataclasses.replace(named, actor=dataclasses.replace(named.actor, kind="person"))
            return [named]
    return []


#: The recipient rules in precedence order: the first that finds a party wins.
RECIPIENT_RULES: tuple[Callable[[Site], list[Mention]], ...] = (
    reacted_act_doer, receiving_state, object_event_target, verb_objects, aid_destination, light_verb_dative,
    conflict_noun_object, recipient_phrase, content_subject,
    content_clause_party, object_modifiers, threat_condition, answered_act, withdrawn_from, nested_opponent, through_of,
    purpose_clause, encircled, unknown_name, place_of_act,
)


def find_recipients(ctx: CodingContext, c: Candidate, trigger: Token, clause: Token, nominal: bool,
                    exclude: list[Mention]) -> list[Mention]:
    """The recipient mentions of candidate ``c``: the first of ``RECIPIENT_RULES`` that names a
    party outside ``exclude`` (the actor's mentions)."""
    heads = [trigger] + ([clause] if clause.i != trigger.i else [])
    if nominal and trigger.dep_ == "compound" and trigger.head.i not in (h.i for h in heads):
        heads.append(trigger.head)  # "a mediation mission between X and Y"
    topic_obj = ctx.lem[trigger.i] in ctx.lex.words("topic_obj")
    site = Site(ctx, c, trigger, clause, nominal, exclude, heads, topic_obj)
    for rule in RECIPIENT_RULES:
        ms = rule(site)
        if ms:
            return ms
    return []


def content_party(ctx: CodingContext, clause: Token, depth: int = 0) -> list[Mention]:
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
