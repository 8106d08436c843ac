"""Finding the actor mentions a phrase names: breadth-first under a token, through "of/from"
phrases and conjuncts; ethnic groups and peoples coded by where they live; affiliations
("militants loyal to X"); named subjects the knowledge base lacks; social groups; the people of
a named place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.context import CodingContext, actors_of
from teller.events.places import place_state
from teller.events.syntax import NO_DESCEND, PLACE_KINDS, SUBJECT_PREPS, conjuncts_of
from teller.records import Actor, Mention, Span
from teller.text.numbers import CARDINALS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Words tying unnamed people to the actor they act for ("militants loyal to X").
AFFILIATION = frozenset({"loyal", "affiliate", "affiliated", "ally", "allied", "belong", "belonging"})

#: "people" words that count or gather people rather than name a social group
_NO_GROUP = frozenset({"people", "person", "thousand", "hundred", "crowd", "resident", "civilian"})


def mentions_in(ctx: CodingContext, tok: Token, limit: int = 3, preps: frozenset[str] = frozenset({"of", "from"}),
                skip: frozenset[str] = frozenset()) -> list[Mention]:
    """The mentions nearest to ``tok`` in its subtree (breadth-first), plus their conjuncts.

    Only ``preps`` phrases are entered ("leaders of X", "doctors from X"); a subject's
    "in X" ("rebels in the Ivory Coast") is passed by callers that want it. Mentions of the
    actors ``skip`` names are looked through ("his meeting with X": X, not "his")."""
    seen: list[Mention] = []
    frontier = [tok]
    for _ in range(limit + 1):
        hits = []
        nxt = []
        for t in frontier:
            m = ctx.mentions.at(t.i)
            if m is not None and skip and is_among(m, skip):
                m = None
            if m is not None and is_affiliation_only(ctx, t):
                m = None  # "pro-Iranian", "anti-Syria": a stance, not who acts
            if m is not None and (is_ethnic(ctx, t) or residents_of(t, m)):
                # "Ethnic Albanians in south Serbia": an ethnic group is coded by where it
                # lives when the phrase names a place, else by the group's name
                group = t if t.dep_ not in ("amod", "compound") else t.head
                place = [x for c in group.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
                         for g in c.children if g.dep_ == "pobj" for x in mentions_in(ctx, g, 2) if x is not m]
                if place:
                    hits.append((t, place[0]))
                    continue
            if m is not None and m.kind == "demonym":
                # "Bosnian Serbs", "Iraqi Kurds": a people qualified by a state lives there
                outer = next((o for c in t.children if c.dep_ in ("amod", "compound")
                              and (o := ctx.mentions.at(c.i)) is not None and o.kind in ("demonym", "state")
                              and o is not m), None)
                if outer is not None:
                    m = outer
            if m is not None:
                hits.append((t, m))
                continue
            for c in t.children:
                if c.dep_ in NO_DESCEND:
                    continue
                if c.dep_ == "prep" and c.lower_ not in preps:
                    continue
                nxt.append(c)
        if hits:
            for t, m in hits:
                if m not in seen:
                    seen.append(m)
                for conj in conjuncts_of(t):
                    cm = ctx.mentions.at(conj.i) or next(
                        (ctx.mentions.at(x.i) for x in conj.subtree if ctx.mentions.at(x.i)), None)
                    if cm is not None and cm not in seen:
                        seen.append(cm)
            return seen
        frontier = nxt
        if not frontier:
            break
    return seen


def is_among(m: Mention, ids: frozenset[str]) -> bool:
    """Whether ``m`` names only actors among ``ids``. A nationality word is not a name of
    its state ("Kenyan police seized rifles from Kenyan smugglers": two Kenyan parties)."""
    parties = actors_of(m)
    return bool(parties) and m.kind != "demonym" and all(a.id in ids for a in parties)


def is_affiliation_only(ctx: CodingContext, t: Token) -> bool:
    i = t.i
    return i >= 2 and ctx.doc[i - 1].text in ("-", "\u2011") and ctx.doc[i - 2].lower_ in ("pro", "anti")


def is_ethnic(ctx: CodingContext, t: Token) -> bool:
    return any(c.lower_ == "ethnic" for c in t.children) or (
        t.dep_ in ("amod", "compound") and (any(c.lower_ == "ethnic" for c in t.head.children) or
                                            ctx.lem[t.head.i] in ("population", "minority", "community")))


def affiliated_with(ctx: CodingContext, subj: Token) -> list[Mention]:
    """"Militants loyal to X", "workers affiliated with X": unnamed people act for X."""
    for c in subj.children:
        if c.dep_ in ("acl", "amod") and ctx.lem[c.i] in AFFILIATION:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in ("to", "with"):
                    for g in p.children:
                        if g.dep_ == "pobj":
                            ms = mentions_in(ctx, g, 3)
                            if ms:
                                return ms[:1]
    return []


def prep_objects(ctx: CodingContext, prep: Token) -> list[Token]:
    """A preposition's objects; a dangling one ("asylum to five officers holed up ...", the
    noun parsed as the next clause's subject) takes the noun the parser moved away."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    if objs or any(True for _ in prep.children):
        return objs
    for t in ctx.doc[prep.i + 1: min(prep.i + 6, len(ctx.doc))]:
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass") and t.head.i > prep.i:
            return [t]
        if t.pos_ in ("VERB", "AUX", "PUNCT"):
            break
    return []


def is_ethnic_mention(ctx: CodingContext, m: Mention) -> bool:
    if not m.evidence:
        return False
    span = ctx.doc.char_span(m.evidence[0].start, m.evidence[0].end, alignment_mode="expand")
    return span is not None and len(span) > 0 and is_ethnic(ctx, span.root)


def residents_of(t: Token, m: Mention) -> bool:
    """"The Albanians of southern Serbia": a people named by where they live."""
    return m.kind == "demonym" and t.tag_ in ("NNPS", "NNS") and t.dep_ not in ("amod", "compound") and \
        any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)


def unresolved_name(ctx: CodingContext, subj: Token) -> Mention | None:
    """A named subject the knowledge base does not know ("The Hamas", "the RUF") still acts:
    it becomes an actor of kind "unresolved" (no country, low confidence) so the event is
    kept and can be resolved later, instead of being dropped."""
    frontier, near = [subj], []
    for _ in range(4):  # the subject, its modifiers, and "leaders of the X coalition"
        nxt = []
        for t in frontier:
            near.append(t)
            for c in t.children:
                if c.dep_ in ("compound", "amod", "nmod", "poss", "pobj") or \
                        (c.dep_ == "prep" and c.lower_ in ("of", "from")):
                    nxt.append(c)
        frontier = nxt
    near = [t for t in near if t.i not in ctx.mentions.sources]  # "Reuters reported": no party
    for t in near:
        ent = ctx.ent_at(t.i)
        if ent is not None and ent.label_ in ("ORG", "NORP", "PERSON", "GPE"):
            key = " ".join(ent.text.split()).removeprefix("the ").removeprefix("The ")
            place = place_state(ctx, t) if ent.label_ == "ORG" else None
            if place is not None:  # an island or region the parser took for a name: its state
                return place
            actor = Actor(id="unresolved:" + key.lower().replace(" ", "-"), name=key, kind="unresolved")
            return Mention(text=ent.text, evidence=[Span(ent.start_char, ent.end_char)], actor=actor,
                           kind="unresolved", confidence=0.4)
    for t in near:  # a proper-noun modifier the NER missed: "Ibo elders", "the Azadliq coalition"
        if t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod") and t.is_alpha and len(t) > 2 and \
                t.text[:1].isupper() and not t.ent_type_:
            actor = Actor(id="unresolved:" + t.lower_, name=t.text, kind="unresolved")
            return Mention(text=t.text, evidence=[Span(t.idx, t.idx + len(t))], actor=actor,
                           kind="unresolved", confidence=0.35)
    return None


#: The words news uses for the same people in the street: each is another name of the others.
_PROTESTERS = ("protesters", "demonstrators", "protestors")


def crowd_aliases(name: str) -> list[str]:
    """The other names of a crowd named ``name`` ("demonstrators in Seoul" are also its
    "protesters in Seoul")."""
    head, _, rest = name.partition(" ")
    if head not in _PROTESTERS:
        return []
    return [f"{w} {rest}".strip() for w in _PROTESTERS if w != head]


def social_group(ctx: CodingContext, subj: Token) -> list[Mention]:
    """Protesters named only by what they are ("Farmers rallied against ...", no place in
    the clause) are still the actor: a group of that name with no country, low confidence.
    Counts and crowds ("thousands", "people") name no group."""
    if ctx.lem[subj.i] in ("thousand", "hundred", "dozen", "million"):
        # "Thousands of farmers": the group is what is counted
        subj = next((g for ch in subj.children if ch.dep_ == "prep" and ch.lower_ == "of"
                     for g in ch.children if g.dep_ == "pobj"), subj)
    if subj.tag_ != "NNS" or ctx.lem[subj.i] in _NO_GROUP or ctx.lem[subj.i] not in ctx.lex.words("people"):
        return []
    name = subj.lower_
    actor = Actor(id="group:" + name, name=name, kind="group", aliases=crowd_aliases(name))
    return [Mention(text=subj.text, evidence=[Span(subj.idx, subj.idx + len(subj))], actor=actor,
                    kind="group", confidence=0.5)]


def place_mentions(ctx: CodingContext, clause: Token, subj: Token | None = None) -> list[Mention]:
    """Unnamed people acting in a named place are that place's people (CAMEO habit):
    "Hundreds of thousands of people blocked streets in Hong Kong"."""
    # "drove tractors into Brussels, blocking streets": a participle acts where its verb does
    heads = [clause.head] if clause.dep_ == "advcl" and clause.tag_ == "VBG" else []
    pobjs = [g for t in ([subj] if subj is not None else []) + [clause] + heads for ch in t.children
             if ch.dep_ == "prep" and ch.lower_ in ("in", "throughout", "across", "at", "outside", "into")
             for g in ch.children if g.dep_ == "pobj"]
    for g in pobjs:
        ms = [m for m in mentions_in(ctx, g, 3, SUBJECT_PREPS | {"at"}) if m.actor is not None and
              (m.kind in PLACE_KINDS or m.actor.kind == "state")]
        if ms:
            return ms[:1]
    for g in pobjs:  # a capital or city the actor stage reads as a place, not an actor
        m = place_state(ctx, g)
        if m is not None:
            return [m]
    return []


#: Id prefix of a group of several states ("Arab nations"): it has no single country.
STATES_GROUP = "states:"

#: Nouns that count states: "four Arab nations", "three Baltic states", "several Gulf countries".
STATE_NOUNS = frozenset({"nation", "state", "country", "government", "monarchy", "neighbour", "neighbor"})

#: Determiners that count a group without a number: "several Gulf states", "both Koreas".
_COUNTING = frozenset({"several", "some", "many", "other", "both", "all", "few", "various", "numerous"})


def state_group(ctx: CodingContext, subj: Token) -> list[Mention]:
    """A counted group of states ("Four Arab nations", "three Baltic states", "several Gulf
    countries"): its members when the text lists them ("— Saudi Arabia, Bahrain and Egypt —",
    "including Egypt and Bahrain"), else one group actor of no single country, never the country
    of some other party the sentence names."""
    if ctx.lem[subj.i] == "government":  # "the governments of all three countries"
        inner = [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj" and ctx.lem[g.i] in STATE_NOUNS]
        if inner:
            subj = inner[0]
    if ctx.lem[subj.i] not in STATE_NOUNS or subj.tag_ not in ("NNS", "NNPS"):
        return []
    counted = any(c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in _COUNTING) for c in subj.children)
    qualifiers = [c for c in subj.children if c.dep_ in ("amod", "compound") and c.lower_ not in _COUNTING]
    number = _count(subj)
    if number and not any(c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("including", "like"))
                          for c in subj.children):
        listed = listed_states(ctx, subj, number)
        if listed:  # "Four Arab nations cut ties ... Bahrain, Egypt, Saudi Arabia and the UAE said"
            return listed
    if not counted or not qualifiers:
        return []  # "states", "the countries": a reference back, read elsewhere
    members = [m for c in subj.children if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("including", "like"))
               for g in ([c] if c.dep_ == "appos" else [x for x in c.children if x.dep_ == "pobj"])
               for m in mentions_in(ctx, g, 1)]
    if any(c.dep_ == "appos" for c in subj.children) or len(members) > 1:
        members = [m for m in members if m.actor is not None and m.actor.kind == "state" or m.members]
        if members:
            return members
    words = [t for t in subj.subtree if t.i <= subj.i and (t in qualifiers or t.i == subj.i)]
    name = " ".join(t.text for t in words)
    actor = Actor(id=STATES_GROUP + name.lower().replace(" ", "-"), name=name, kind="group")
    return [Mention(text=name, evidence=[Span(words[0].idx, subj.idx + len(subj))], actor=actor, kind="group",
                    confidence=0.5)]


_NUMBERS = {**CARDINALS, "both": 2}


def _count(noun: Token) -> int | None:
    """The number a plural noun is counted with ("four nations", "all 3 countries", "both")."""
    for c in noun.children:
        if c.dep_ in ("nummod", "det", "predet") and (c.lower_ in _NUMBERS or c.text.isdigit()):
            return _NUMBERS.get(c.lower_) or int(c.text)
    return None


def listed_states(ctx: CodingContext, noun: Token, count: int) -> list[Mention]:
    """The list of exactly ``count`` states the text names next to a counted group: in the
    same sentence, the next one ("Four Arab nations cut ties. Bahrain, Egypt, Saudi Arabia and
    the UAE said ...") or the one before ("Ireland, Norway and Spain ... all three countries").
    A list of another length is another set of states, so nothing is guessed from it."""
    doc = ctx.doc
    sent = noun.sent
    around = [sent]
    if sent.end < len(doc):
        around.append(doc[sent.end].sent)
    if sent.start > 0:
        around.append(doc[sent.start - 1].sent)
    return _state_list(ctx, around, noun, count)


def states_named_before(ctx: CodingContext, tok: Token) -> list[Mention]:
    """The latest list of two or more states named in ``tok``'s sentence or the two before
    ("South Korea, the US and Japan are to conclude their exercise ... The exercise began")."""
    doc = ctx.doc
    sents = [tok.sent]
    while len(sents) < 3 and sents[-1].start > 0:
        sents.append(doc[sents[-1].start - 1].sent)
    return _state_list(ctx, sents, tok, None)


def _state_list(ctx: CodingContext, sents, noun: Token, count: int | None) -> list[Mention]:
    """The first coordinated list of ``count`` (None: two or more) distinct states in ``sents``."""
    for s in sents:
        for t in s:
            if t.dep_ == "conj" or t.i == noun.i:
                continue
            group = [t, *conjuncts_of(t)]
            if len(group) != count and (count is not None or len(group) < 2):
                continue
            ms: list[Mention] = []
            for g in group:
                m = ctx.mentions.at(g.i)
                if m is not None and not any(m is x for x in ms):
                    ms.append(m)
            named = [a for m in ms for a in actors_of(m)]
            n = len(named) if count is None else count
            if len(named) == n >= 2 and all(a.kind == "state" and a.country for a in named) and \
                    len({a.country for a in named}) == n:
                return ms
    return []
