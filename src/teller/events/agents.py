"""Unnamed state agents and crowds: "police", "the authorities", "security forces", "troops",
"protesters" named by what they are, not by a name the knowledge base resolves. They act for
the state of their context — the nationality word or place of their own phrase ("Turkish
police", "police in Dhaka"), else the place of the clause, else the one country the sentence
names, else the article's main country — and keep the word the text calls them by ("Kenya
police"), so the event is kept with the right country instead of being dropped.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from teller.events.context import CodingContext, actors_of
from teller.events.mentions import place_mentions
from teller.events.places import place_country
from teller.records import Actor, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Agent nouns (lemmas) -> CAMEO sector: who acts for a state without being named.
AGENT_SECTORS = {"police": "COP", "policeman": "COP", "officer": "COP", "authority": "GOV", "government": "GOV",
                 "official": "GOV", "prosecutor": "JUD", "court": "JUD", "troop": "MIL", "soldier": "MIL",
                 "army": "MIL", "military": "MIL", "force": "MIL", "navy": "MIL", "coastguard": "MIL"}

#: Place-like mention kinds whose state the agent serves ("police in Dhaka", "Turkish police").
_STATE_KINDS = ("state", "demonym", "capital", "place", "city")

#: Words that count people: the group is what they count ("thousands of students").
_COUNTS = frozenset({"thousand", "hundred", "dozen", "million"})

#: Key of the article's main country in ``CodingContext.country_cache`` (sentence keys are >= 0).
_MAIN = -1


def agent_sector(ctx: CodingContext, subj: Token) -> str | None:
    """The sector of a generic agent subject ("police", "security forces"), if it is one."""
    lemma = ctx.lem[subj.i]
    if lemma == "force" and not any(c.lower_ in ("security", "government", "armed", "police", "special")
                                    for c in subj.children):
        return None  # "forces" alone may be anyone's; "security forces" serve a state
    return AGENT_SECTORS.get(lemma)


def agent_mention(ctx: CodingContext, subj: Token, found: list[Mention], clause: Token) -> list[Mention]:
    """The generic agent ``subj`` as a sector actor of its context's state; ``found`` are the
    mentions its own phrase names. An agent of a named organisation or person stays theirs."""
    sector = agent_sector(ctx, subj)
    if sector is None:
        return found
    if found and not all(m.actor is not None and m.actor.kind == "state" and m.kind in _STATE_KINDS for m in found):
        return found  # "Hamas police", "the EU authorities": the named actor acts
    codes = {m.actor.country for m in found if m.actor is not None and m.actor.country}
    code = next(iter(codes)) if len(codes) == 1 else None if found else _agent_country(ctx, subj, clause)
    if code is None or code not in ctx.kb.states:
        return found
    if sector == "GOV" and ctx.lem[subj.i] in ("authority", "government"):
        actor = ctx.kb.government_actor(code)
    else:
        st = ctx.kb.states[code]
        words = " ".join(t.lower_ for t in subj.subtree if t.i <= subj.i and t.dep_ in ("compound", "amod")
                         and ctx.mentions.at(t.i) is None and t.is_alpha)
        noun = f"{words} {subj.lower_}".strip()
        actor = Actor(id=f"{code}.{sector}", name=f"{st.name} {noun}",
                      kind="government" if sector == "GOV" else "group",
                      country=code, sector=sector, cameo=f"{st.cameo}{sector}")
    conf = 0.85 if found else 0.6
    return [Mention(text=subj.text, evidence=[Span(subj.idx, subj.idx + len(subj))], actor=actor, kind="agent",
                    confidence=conf)]


#: Dependents of a verb that name whom it is done to ("arrested three Chinese nationals").
_ACTED_ON = frozenset({"dobj", "dative", "attr", "oprd"})

#: Nouns that mark people as abroad: their nationality is not the country of who acts on them.
_FOREIGNERS = frozenset({"national", "citizen", "tourist", "migrant", "refugee", "diplomat", "visitor",
                         "expatriate", "expat", "foreigner", "fisherman", "sailor", "seaman", "crew",
                         "asylum-seeker", "immigrant", "passport-holder"})


def _agent_country(ctx: CodingContext, subj: Token, clause: Token) -> str | None:
    """The state an unnamed agent serves: its own place ("police in Dhaka"), else the clause's
    context (:func:`context_country`), counting no country that only the foreigners it acts on
    are of: "Police arrested three Chinese nationals" are not China's police (people acted on
    are otherwise mostly the state's own: "Police detained Turkish protesters")."""
    placed = place_mentions(ctx, subj)
    if placed and placed[0].actor is not None and placed[0].actor.country:
        return placed[0].actor.country
    acted_on: set[str] = set()  # the nationality words of whom it acts on, not their places
    heads = [ch for ch in clause.children if ch.dep_ in _ACTED_ON] + \
        [g for ch in clause.children if ch.dep_ == "prep" and ch.lower_ in ("on", "against", "at")
         for g in ch.children if g.dep_ == "pobj"]
    for head in heads:
        if ctx.lem[head.i] not in _FOREIGNERS:
            continue  # "Police detained Turkish protesters": most people acted on are the state's own
        toks = [head] + [t for ch in head.children if ch.dep_ in ("amod", "compound", "nmod", "poss")
                         for t in ch.subtree]
        for t in toks:
            m = ctx.mentions.at(t.i)
            if m is not None:
                acted_on.update(a.country for a in actors_of(m) if a.country)
    if not acted_on:
        return context_country(ctx, clause)
    placed = place_mentions(ctx, clause)
    if placed and placed[0].actor is not None and placed[0].actor.country:
        return placed[0].actor.country
    countries = sentence_countries(ctx, clause.sent) - acted_on
    if len(countries) == 1:
        return next(iter(countries))
    main = main_country(ctx)
    return main if main not in acted_on else None


def civilians_of(ctx: CodingContext, people: Token, place: Mention) -> Mention:
    """Unnamed people acting in a named place are its civilians ("students in Athens"); a
    protest told without who held it ("Protests erupted in Seoul") is its protesters'."""
    code = place.actor.country if place.actor is not None else None
    return _civilians(ctx, people, code, f"in {place.text}", min(place.confidence, 0.6))


def _civilians(ctx: CodingContext, people: Token, code: str | None, where: str, conf: float) -> Mention:
    if ctx.lem[people.i] in _COUNTS:  # "thousands of students"
        people = next((g for ch in people.children if ch.dep_ == "prep" and ch.lower_ == "of"
                       for g in ch.children if g.dep_ == "pobj"), people)
    st = ctx.kb.states.get(code) if code else None
    noun = people.lower_ if ctx.lem[people.i] in ctx.lex.words("people") and people.tag_ in ("NNS", "NNPS") \
        else "protesters"
    if ctx.lem[people.i] in _COUNTS:
        noun = "people"  # "hundreds were injured": the count names no group
    actor = Actor(id=f"{code}.CVL", name=f"{noun} {where}", kind="group", country=code, sector="CVL",
                  cameo=f"{st.cameo}CVL" if st else None)
    return Mention(text=people.text, evidence=[Span(people.idx, people.idx + len(people))], actor=actor,
                   kind="group", confidence=conf)


def civilians_in(ctx: CodingContext, place: Mention) -> Mention | None:
    """The people of a named place ("aid to Gaza" reaches the civilians in Gaza)."""
    code = place.actor.country if place.actor is not None else None
    st = ctx.kb.states.get(code) if code else None
    if st is None:
        return None
    name = f"civilians in {place.text}" if place.kind in ("place", "capital", "city") or place.text != st.name \
        else f"civilians of {st.name}"
    actor = Actor(id=f"{code}.CVL", name=name, kind="group", country=code, sector="CVL", cameo=f"{st.cameo}CVL")
    return Mention(text=place.text, evidence=place.evidence, actor=actor, kind="group",
                   confidence=min(place.confidence, 0.6))


def crowd_recipient(ctx: CodingContext, people: Token, found: list[Mention], clause: Token) -> list[Mention]:
    """Unnamed people an act is done to ("opened fire on protesters", "detained students in
    Dhaka", "Kenyan demonstrators") are the civilians of their place or nationality, else of
    the context's country — not the state itself. People of a named actor stay its
    ("supporters of Hamas")."""
    lemma = ctx.lem[people.i]
    if lemma not in ctx.lex.words("people") or lemma in ("person", "opponent", "supporter", "prisoner") or \
            people.tag_ not in ("NNS", "NNPS"):
        return found
    if found and not all(m.actor is not None and m.actor.kind == "state" and m.kind in _STATE_KINDS for m in found):
        return found
    codes = {m.actor.country for m in found if m.actor is not None and m.actor.country}
    placed = None if found else (_clause_place(ctx, people) or _clause_place(ctx, clause))
    if placed is not None and placed.actor is not None:  # "fired on protesters outside parliament in Nairobi"
        found, codes = [placed], {placed.actor.country} if placed.actor.country else set()
    code = next(iter(codes)) if len(codes) == 1 else None if found else context_country(ctx, clause, article=False)
    if code is None or code not in ctx.kb.states:
        return [] if placed is not None else found
    # named as the text places them ("civilians in Homs"), else by their state
    where = f"in {found[0].text}" if found and found[0].kind != "demonym" else f"of {ctx.kb.states[code].name}"
    return [_civilians(ctx, people, code, where, 0.75 if found and placed is None else 0.55)]


def _clause_place(ctx: CodingContext, clause: Token) -> Mention | None:
    """The named place of ``clause`` (a verb, or the people's own "in" phrase) with a known
    state, if any."""
    placed = place_mentions(ctx, clause)
    if placed and placed[0].actor is not None and placed[0].actor.country:
        return placed[0]
    return None


def context_country(ctx: CodingContext, clause: Token, article: bool = True) -> str | None:
    """The state an unnamed agent of ``clause`` serves: the clause's place, else the one
    country of its sentence, else (``article``) the article's main country. People acted on
    take no article country: the act may be abroad ("killed 23 people in Tel Aviv")."""
    placed = place_mentions(ctx, clause)
    if placed and placed[0].actor is not None and placed[0].actor.country:
        return placed[0].actor.country
    countries = sentence_countries(ctx, clause.sent)
    if len(countries) == 1:
        return next(iter(countries))
    return main_country(ctx) if article else None


def main_country(ctx: CodingContext) -> str | None:
    """The country the article names most often (read once per article); none on a tie."""
    got = ctx.country_cache.get(_MAIN)
    if got is None:
        seen: list[Mention] = []
        for m in ctx.mentions.by_token:
            if m is not None and (not seen or seen[-1] is not m):
                seen.append(m)
        counts = Counter(a.country for m in seen for a in actors_of(m) if a.country)
        top = counts.most_common(2)
        best = frozenset([top[0][0]]) if top and (len(top) == 1 or top[0][1] > top[1][1]) else frozenset()
        got = ctx.country_cache[_MAIN] = best
    return next(iter(got), None)


def sentence_countries(ctx: CodingContext, sent) -> frozenset[str]:
    """Countries a sentence names: its resolved mentions' countries and the states of the
    places it names ("in Baku" -> AZE); read once per sentence."""
    got = ctx.country_cache.get(sent.start)
    if got is None:
        got = ctx.country_cache[sent.start] = frozenset(read_countries(ctx, sent))
    return got


def read_countries(ctx: CodingContext, sent) -> set[str]:
    out: set[str] = set()
    for i in range(sent.start, sent.end):
        m = ctx.mentions.at(i)
        if m is not None and m.actor is not None and m.actor.country:
            out.add(m.actor.country)
    for ent in sent.ents:
        if ent.label_ in ("GPE", "LOC", "NORP"):
            code = place_country(ctx.kb, ent.text)
            if code:
                out.add(code)
    return out
