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

from teller.actors.kb import norm
from teller.events.context import CodingContext, actors_of
from teller.events.mentions import crowd_aliases, place_mentions
from teller.events.places import place_country, place_state
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
        words = " ".join(t.lower_ for t in subj.subtree if t.i <= subj.i and t.dep_ in ("compound", "amod")
                         and ctx.mentions.at(t.i) is None and t.is_alpha)
        actor = sector_actor(ctx, code, sector, f"{words} {subj.lower_}".strip())
    conf = 0.85 if found else 0.6
    return [Mention(text=subj.text, evidence=[Span(subj.idx, subj.idx + len(subj))], actor=actor, kind="agent",
                    confidence=conf)]


#: Words for a state's armed forces as a whole: each names the same party ("the Lebanese army",
#: "Lebanese troops", "the Lebanese military"), so each is an alias of the others.
_ARMED = ("military", "armed forces", "forces", "troops", "army")
_ARMED_HEADS = frozenset({"military", "forces", "troops", "army", "soldiers", "force", "troop"})


def sector_actor(ctx: CodingContext, code: str, sector: str, noun: str) -> Actor:
    """The agents of state ``code`` in ``sector``, named as the text calls them ("Turkey police",
    "Syria government forces"); a state's armed forces also go by the other words for them."""
    st = ctx.kb.states[code]
    aliases = [f"{st.name} {w}" for w in _ARMED if w != noun] if sector == "MIL" and \
        noun.rsplit(" ", 1)[-1] in _ARMED_HEADS else []
    # and by the state's other short names ("Turkey police" for "Türkiye police")
    aliases += [f"{al} {noun}" for al in st.aliases if " of " not in al and not al.startswith("the ")]
    return Actor(id=f"{code}.{sector}", name=f"{st.name} {noun}", kind="government" if sector == "GOV" else "group",
                 country=code, sector=sector, cameo=f"{st.cameo}{sector}", aliases=aliases)


#: Lemmas of the means of an act that only armed forces use, by event type: a state told doing
#: it with them acts through its military ("the US launched missiles at an air base", "China
#: began military drills", "the US airdropped aid"). Any attack by a state is its forces'.
_ARMED_MEANS = {
    "MOBILIZE": frozenset({"drill", "exercise", "manoeuvre", "maneuver", "troop", "soldier", "warship", "navy",
                           "jet", "warplane", "aircraft", "missile", "military", "force", "vessel", "tank"}),
    "AID": frozenset({"airdrop", "airlift", "aircraft", "warship", "troop", "soldier", "military", "navy"}),
    "RETREAT": frozenset({"troop", "soldier", "force", "army", "military"}),
}
#: An attack in cyberspace is not the armed forces' unless the text says so.
_CYBER = frozenset({"cyber", "cyberattack", "cyber-attack", "hack", "hacker", "hacking", "cyberspace"})


def armed_actors(ctx: CodingContext, etype: str, mode: str | None, trigger: Token, clause: Token,
                 actors: list[Actor]) -> list[Actor]:
    """A state (or its government, or "the authorities") told attacking, drilling, airdropping
    or pulling out troops acts through its military (its police when the attack is crowd
    control, or an arrest); people, named bodies and groups stay as named."""
    if etype == "COERCE" and mode == "arrest":  # arrests are the police's work
        return [sector_actor(ctx, a.country, "COP", "police")
                if a.country in ctx.kb.states and a.id in (a.country, f"{a.country}.GOV") else a for a in actors]
    if etype != "ASSAULT" and etype not in _ARMED_MEANS:
        return actors
    lemmas = {ctx.lem[t.i] for t in (*clause.subtree, *trigger.subtree)}
    if etype == "ASSAULT":
        if lemmas & _CYBER:
            return actors
    elif not lemmas & _ARMED_MEANS[etype] and not (etype == "AID" and {"air", "drop"} <= lemmas):
        return actors
    sector, noun = ("COP", "police") if mode == "crowd-control" else ("MIL", "military")
    return [sector_actor(ctx, a.country, sector, noun)
            if a.country in ctx.kb.states and a.id in (a.country, f"{a.country}.GOV") else a for a in actors]


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
                  cameo=f"{st.cameo}CVL" if st else None, aliases=crowd_aliases(f"{noun} {where}"))
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


def struck_people(ctx: CodingContext, trigger: Token, actors: list[Actor], recipients: list[Actor],
                  recip_ms: list[Mention]) -> list[Actor]:
    """Forces attacking a place of their own state attack the people there, not their state:
    "Syrian forces bombarded the city of Homs, killing ..." -> the civilians in Homs."""
    own = {a.country for a in actors if a.country}
    toll = trigger.dep_ in ("advcl", "xcomp") and trigger.tag_ == "VBG" and trigger.head.i != trigger.i
    struck = object_place(ctx, trigger.head if toll else trigger) if trigger.pos_ == "VERB" else None
    there = civilians_in(ctx, struck) if struck is not None and struck.actor is not None and \
        struck.actor.country in own else None
    if not recipients:
        if there is not None and there.actor is not None and not toll:
            return [there.actor]
        victims = died_in(ctx, trigger)
        return [victims.actor] if victims is not None and victims.actor is not None else []
    out = []
    for r in recipients:
        m = next((m for m in recip_ms if m.actor is not None and m.actor.id == r.id), None)
        people = civilians_in(ctx, m) if r.kind == "state" and r.country in own and m is not None and \
            m.kind in ("place", "city") else None
        if people is None and there is not None and there.actor is not None and r.country == there.actor.country and (
                r.kind == "state" or (r.sector == "CVL" and " of " in r.name)):
            people = there  # "the civilians of Syria" killed there are the civilians in Homs
        out.append(people.actor if people is not None and people.actor is not None else r)
    return out


#: Nouns of people a state's adjective names as a party of their own, with their sector:
#: "sanctions on 18 senior Syrian officers and officials", "detained two French tourists".
#: (Diplomats are their state's: "expelled 35 Russian diplomats" is done to Russia.)
_NAMED_PEOPLE = {"official": "GOV", "minister": "GOV", "officer": "MIL", "general": "MIL", "commander": "MIL",
                 "soldier": "MIL", "lawmaker": "LEG", "legislator": "LEG", "company": "BUS", "firm": "BUS",
                 "businessman": "BUS", "national": "CVL", "citizen": "CVL", "tourist": "CVL", "student": "CVL",
                 "worker": "CVL", "fisherman": "CVL", "sailor": "CVL", "journalist": "MED", "reporter": "MED"}


def people_of_state(ctx: CodingContext, recip_ms: list[Mention], recipients: list[Actor]) -> list[Actor]:
    """A recipient named by a state's adjective on a counted noun of people is those people, of
    that state, named as the text names them ("Syria military officers and officials")."""
    out = list(recipients)
    for m in recip_ms:
        if m.kind != "demonym" or m.actor is None or m.actor.kind != "state" or not m.evidence or \
                m.actor.country not in ctx.kb.states:
            continue
        span = ctx.doc.char_span(m.evidence[0].start, m.evidence[0].end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root.head
        sector = _NAMED_PEOPLE.get(ctx.lem[head.i])
        if sector is None or head.tag_ not in ("NNS", "NNPS") or span.root.dep_ not in ("amod", "compound") or \
                not any(c.dep_ == "nummod" for c in head.children):
            continue  # a counted group only: "Russian intelligence officials" in general are Russia's
        words = [t.lower_ for t in ctx.doc[span.end:head.i] if t.is_alpha and t.dep_ in ("amod", "compound")]
        nouns = [head.lower_] + [c.lower_ for c in head.conjuncts if c.tag_ in ("NNS", "NNPS") and c.i > head.i]
        party = sector_actor(ctx, m.actor.country, sector, " ".join([*words, " and ".join(nouns)]))
        out = [party if a.id == m.actor.id else a for a in out]
    return out


#: Nouns of people gathered to protest: an act done to them is done to their protesters.
_GATHERINGS = frozenset({"protest", "demonstration", "rally", "sit-in", "march", "crowd", "gathering"})


def crowd_recipient(ctx: CodingContext, people: Token, found: list[Mention], clause: Token) -> list[Mention]:
    """Unnamed people an act is done to ("opened fire on protesters", "detained students in
    Dhaka", "Kenyan demonstrators") are the civilians of their place or nationality, else of
    the context's country — not the state itself. People of a named actor stay its
    ("supporters of Hamas")."""
    lemma = ctx.lem[people.i]
    # "dispersed the protests": the protesters (not "lodged a strong protest" with a state)
    gathering = lemma in _GATHERINGS and (lemma != "protest" or people.tag_ == "NNS")
    if not gathering and (lemma not in ctx.lex.words("people") or lemma in ("person", "opponent", "supporter",
                                                                            "prisoner") or
                          people.tag_ not in ("NNS", "NNPS")):
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


#: Verbs of a toll: people who died or were hurt in a place.
_TOLL_VERBS = frozenset({"die", "kill", "injure", "wound", "hurt"})


def died_in(ctx: CodingContext, trigger: Token) -> Mention | None:
    """The people of the place where a toll is told for an attack told after it: "dozens of
    people died in Idlib after government aircraft dropped bombs" struck the civilians in Idlib."""
    head = trigger.head
    if trigger.dep_ != "advcl" or head.i == trigger.i or ctx.lem[head.i] not in _TOLL_VERBS or \
            not any(ch.dep_ in ("mark", "advmod") and ch.lower_ in ("after", "when", "as") for ch in trigger.children):
        return None
    placed = place_mentions(ctx, head) or [m for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "in"
                                           for g in ch.children if g.dep_ == "pobj" and (m := _city_at(ctx, g))]
    return civilians_in(ctx, placed[0]) if placed else None


def object_place(ctx: CodingContext, verb: Token) -> Mention | None:
    """The named place that is the object of ``verb`` ("shelled the city of Homs")."""
    for obj in (ch for ch in verb.children if ch.dep_ == "dobj"):
        for g in (obj, *(g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                         for g in p.children if g.dep_ == "pobj")):
            m = ctx.mentions.at(g.i)
            if m is not None and m.kind in ("place", "city", "capital") and m.actor is not None:
                return m
            place = place_state(ctx, g) or _city_at(ctx, g)
            if place is not None:
                return place
    return None


def _city_at(ctx: CodingContext, tok: Token) -> Mention | None:
    """A city of the gazetteer named by a proper noun the parser gave no place label
    ("the city of Omdurman" read as a nationality)."""
    code = ctx.kb.cities.get(norm(tok.text)) if tok.pos_ == "PROPN" else None
    if code is None or code not in ctx.kb.states:
        return None
    return Mention(text=tok.text, evidence=[Span(tok.idx, tok.idx + len(tok))], actor=ctx.kb.state_actor(code),
                   kind="place", confidence=0.6)


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


def dominant_country(ctx: CodingContext) -> str | None:
    """The country the article names at least twice as often as any other (and three times or
    more), if there is one: the country of a report that looks abroad now and then."""
    got = ctx.country_cache.get(_DOMINANT)
    if got is None:
        seen: dict[int, Mention] = {id(m): m for m in ctx.mentions.by_token if m is not None}
        counts = Counter(a.country for m in seen.values() if m.kind not in ("learnt", "pronoun", "anaphor")
                         for a in actors_of(m) if a.country)
        top = counts.most_common(2)
        ok = top and top[0][1] >= 3 and (len(top) == 1 or top[0][1] >= 2 * top[1][1])
        got = ctx.country_cache[_DOMINANT] = frozenset([top[0][0]] if ok else [])
    return next(iter(got), None)


#: Key of the article's dominant country in ``CodingContext.country_cache``.
_DOMINANT = -3


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
