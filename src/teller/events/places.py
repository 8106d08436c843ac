"""Where an event happens: the place its phrases name ("in New York"), a looser reading of the
clause's "in X", the city an attack falls on, and the state a place name stands for (read with
the knowledge base passed in the coding context).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.actors.kb import norm
from teller.events.context import Candidate, CodingContext
from teller.events.syntax import PLACE_ENTS, PLACE_PREPS, subject_of
from teller.records import Mention, Place, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from teller.actors import KnowledgeBase


def event_place(ctx: CodingContext, trigger: Token, clause: Token) -> Place | None:
    frontier = [trigger] + ([clause] if clause.i != trigger.i else [])
    frontier += [o for o in clause.children if o.dep_ == "dobj" and o.i != trigger.i]
    seen = 0
    while frontier and seen < 60:
        t = frontier.pop(0)
        seen += 1
        for ch in t.children:
            if ch.dep_ == "prep" and ch.lower_ in PLACE_PREPS:
                for g in ch.children:
                    if g.dep_ == "pobj":
                        p = place_at(ctx, g)
                        if p is not None:
                            return p
                        frontier.append(g)  # "in a gunbattle in southern Serbia"
            elif ch.dep_ in ("advcl", "xcomp", "acl", "relcl") and ctx.lem[ch.i] not in ctx.report:
                if ch.i != trigger.i:
                    frontier.append(ch)
            elif ch.dep_ in ("prep",) and ch.lower_ in ("on", "of"):
                frontier.append(ch)
            elif ch.dep_ == "dobj" and t.i != clause.i:
                frontier.append(ch)  # "threatened to resume attacks in Israel"
            elif ch.dep_ == "pobj" and t.dep_ == "prep":
                frontier.append(ch)
    return None


def sentence_place(ctx: CodingContext, trigger: Token, clause: Token) -> Place | None:
    """A looser reading when the event's own phrases name no place: the first "in X" place
    in the clause's words, wherever it hangs ("contribute troops to a force in Liberia",
    "opened an embassy in Tehran"), except inside the subject, a report and a clause with a
    subject of its own ("as NATO leaders gathered in Washington")."""
    subj = subject_of(clause)
    skip: set[int] = set()
    own_clause = ("ccomp", "relcl", "parataxis", "advcl")
    if subj is not None:
        skip.update(t.i for t in subj.subtree)
    for t in clause.subtree:
        if t.i not in (clause.i, trigger.i) and ((t.dep_ in own_clause and subject_of(t) is not None)
                                                 or ctx.lem[t.i] in ctx.report):
            skip.update(x.i for x in t.subtree)
    for t in clause.subtree:
        if t.i in skip or t.dep_ != "prep" or t.lower_ != "in":
            continue
        for g in t.children:
            if g.dep_ == "pobj":
                p = place_at(ctx, g)
                if p is not None and p.country:
                    return p
    return None


def place_at(ctx: CodingContext, tok: Token) -> Place | None:
    cands = [tok] + [c for c in tok.children if c.dep_ in ("appos", "compound")]
    for t in cands:
        ent = ctx.ent_at(t.i)
        if t.ent_type_ not in PLACE_ENTS:
            p = city_place(ctx, t)
            if p is not None:
                return p
            continue
        if t.ent_type_ in PLACE_ENTS:
            if ent is None:
                continue
            m = ctx.mentions.at(t.i)
            country = None
            if m is not None and m.actor is not None:
                country = m.actor.country
            if country is None:
                country = place_country(ctx.kb, ent.text)
            return Place(name=ent.text, country=country, evidence=[Span(ent.start_char, ent.end_char)])
    return None


def city_place(ctx: CodingContext, t: Token) -> Place | None:
    """A city the NER missed or tags as a person ("struck Kharkiv"): a proper noun that names
    no actor but a city in the gazetteer is that place."""
    ent = ctx.ent_at(t.i)
    if t.pos_ != "PROPN" and not (ent is not None and t.text[:1].isupper() and not t.is_sent_start):
        return None  # a proper noun, or a capitalised name the tagger took for a noun ("Homs")
    m = ctx.mentions.at(t.i)
    if m is not None and city_country(ctx.kb, m.text) is None:
        return None  # an actor's name; a capital standing for its government is still a place
    if ent is not None and ent.label_ in ("DATE", "TIME", "NORP"):
        return None
    if ent is not None:
        name, start, end = ent.text, ent.start_char, ent.end_char
    else:
        name, start, end = t.text, t.idx, t.idx + len(t)
    code = city_country(ctx.kb, name)
    return Place(name=name, country=code, evidence=[Span(start, end)]) if code else None


def target_place(ctx: CodingContext, trigger: Token, nominal: bool) -> Place | None:
    """The place an attack falls on: the object of "shelled Kharkiv", "a strike on Odesa"."""
    objs = [] if nominal else [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    for ch in trigger.children:
        if ch.dep_ == "prep" and ch.lower_ in ("on", "against", "at"):
            objs += [g for g in ch.children if g.dep_ == "pobj"]
    for o in objs:
        p = place_at(ctx, o)
        if p is None and o.pos_ == "NOUN":  # "the northeastern city of Kharkiv"
            p = next((place_at(ctx, g) for ch in o.children if ch.dep_ == "prep" and ch.lower_ == "of"
                      for g in ch.children if g.dep_ == "pobj"), None)
        if p is not None and p.country and city_country(ctx.kb, p.name):
            return p  # a city or capital; a state attacked ("attacked Libya") is the target only
    return None


def place_mode(c: Candidate) -> str | None:
    pc = c.place.country if c.place else None
    if not pc:
        return None
    acs = {a.country for a in c.actors if a.country}
    rcs = {a.country for a in c.recipients if a.country}
    if pc in rcs and pc not in acs:
        return "visit"
    if acs and rcs and pc not in acs and pc not in rcs:
        return "third-party"
    return None


def place_country(kb: KnowledgeBase, name: str) -> str | None:
    """The state a place name stands for: a state's name or a capital ("Amman" -> JOR)."""
    key = norm(name)
    if key.startswith("the "):
        key = key[4:]
    code = kb.capitals.get(key)
    if code is None:
        st = kb.country(name)
        code = st.country if st is not None else None
    return code or kb.cities.get(key)


def city_country(kb: KnowledgeBase, name: str) -> str | None:
    """The state of a city or capital named ``name`` (None for other names)."""
    key = norm(name)
    return kb.capitals.get(key) or kb.cities.get(key)


def place_state(ctx: CodingContext, tok: Token) -> Mention | None:
    """The state of a place entity at ``tok`` ("Baghdad" -> Iraq), as a low-confidence mention."""
    ent = ctx.ent_at(tok.i)
    if ent is None or ent.label_ not in ("GPE", "LOC", "ORG", "FAC"):
        return None
    if ent.label_ in ("GPE", "LOC"):
        code = place_country(ctx.kb, ent.text)
    else:  # the parser's "ORG" for an island or region the gazetteer knows ("a strike on Okinawa")
        key = norm(ent.text)
        code = ctx.kb.cities.get(key[4:] if key.startswith("the ") else key)
        if code is None or ctx.kb.capitals.get(key) or ctx.kb.country(ent.text) is not None:
            return None
    if code is None or code not in ctx.kb.states:  # a gazetteer country the state table lacks
        return None
    return Mention(text=ent.text, evidence=[Span(ent.start_char, ent.end_char)], actor=ctx.kb.state_actor(code),
                   kind="place", confidence=0.6)
