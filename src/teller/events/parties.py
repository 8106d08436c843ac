"""Who did it and to whom: the actor and recipient of a coded event, read from the parse and
the actor mentions (``teller.actors.resolve``).

Subjects through control, coordination and passives; the fallbacks for parses without a usable
subject (speakers of reported speech, "they", unnamed people in a named place, relatives, names
the knowledge base lacks); then the recipient (``teller.events.recipients``) and the
adjustments over both (hosts, mutual events, countries read from the sentence).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from teller.actors.home import home_country
from teller.events.agents import (
    agent_mention,
    armed_actors,
    civilians_of,
    dominant_country,
    people_of_state,
    sentence_countries,
    struck_people,
)
from teller.events.context import Candidate, CodingContext, actors_of, flatten_mentions
from teller.events.mentions import (
    STATES_GROUP,
    affiliated_with,
    is_among,
    is_ethnic,
    is_ethnic_mention,
    mentions_in,
    place_mentions,
    social_group,
    state_group,
    unresolved_name,
)
from teller.events.places import event_place
from teller.events.recipients import find_recipients
from teller.events.syntax import (
    OBJECT_CONTROL,
    PASS_SUBJ,
    PRONOUNS,
    SUBJECT_PREPS,
    agent_of,
    headline_subject,
    subject_of,
)
from teller.records import Actor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from teller.events.lexicon import Entry


#: Kinship nouns: "the sister of X" is someone else than X (not "a spokesman of X", who acts for X).
KIN = frozenset({"sister", "brother", "wife", "husband", "son", "daughter", "mother", "father", "widow",
                  "nephew", "niece", "cousin", "uncle", "aunt", "sibling"})


def subject_tokens(ctx: CodingContext, clause: Token) -> tuple[Token | None, bool]:
    """The clause's subject token and whether the clause is passive (walking up control/conj)."""
    headline = headline_subject(clause)
    if headline is not None and headline.i != clause.i:
        return headline, False  # a headline's "X, Y and Z to recognise ...": they will
    tok = clause
    for _ in range(5):
        subj = subject_of(tok)
        if subj is not None:
            # a subject inherited through control is the embedded verb's doer: "X is
            # scheduled to meet Y" (X meets), whatever the voice of the controlling verb
            passive = subj.dep_ in PASS_SUBJ and tok is clause
            if passive and ctx.lem[tok.i] in ctx.lex.words("stative") and agent_of(tok) is None:
                passive = False  # "Israel is opposed to ...": an adjectival passive
            return subj, passive
        head = tok.head
        if head.i == tok.i:
            return None, False
        if tok.dep_ == "xcomp":
            if ctx.lem[head.i] in OBJECT_CONTROL:
                obj = next((c for c in head.children if c.dep_ in ("dobj",)), None)
                if obj is None:
                    obj = next((g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                                for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj, False
            tok = head
            continue
        if tok.dep_ in ("conj", "advcl", "acomp") or (tok.dep_ in ("acl",) and tok.tag_ in ("VBG",)):
            tok = head
            if tok.dep_ in ("dobj", "attr") and tok.pos_ in ("NOUN", "PROPN"):
                tok = tok.head  # "issued a declaration demanding ...": the issuer demands
            continue
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            tok = head.head  # "resorted to throwing stones": who resorted threw
            continue
        if tok.dep_ in ("acl", "relcl") and head.pos_ == "NOUN" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
                and not any(c.dep_ == "poss" for c in head.children):
            # "converged for a rally to protest ...": the rally's holders protest (but "Russia's
            # refusal to accept ..." is Russia's)
            up = head
            while up.dep_ in ("pobj", "prep", "dobj") and up.head.i != up.i:
                up = up.head
            if up.pos_ in ("VERB", "AUX") and up.i != head.i:
                tok = up
                continue
        if tok.dep_ in ("relcl", "acl"):
            return head, False
        return None, False
    return None, False


def read_parties(ctx: CodingContext, c: Candidate, entry: Entry, trigger: Token, clause: Token, nominal: bool) -> None:
    c.mutual = c.type in ctx.lex.words("reciprocal") or entry.lemma in ctx.lex.words("mutual")
    actor_ms: list[Mention] = []
    recip_ms: list[Mention] = []
    plural: list[Actor] = []
    subj, passive = subject_tokens(ctx, clause)
    if nominal and clause.i != trigger.i and ctx.lem[clause.i] not in ctx.light | ctx.occur | ctx.lex.words("motion") \
            and ctx.lem[clause.i] != "hold":
        subj, passive = None, False
    agent = agent_of(clause) if passive else None
    if nominal:
        for ch in trigger.children:
            if ch.dep_ == "poss" or (ch.dep_ in ("compound", "amod", "nmod") and ctx.mentions.at(ch.i) is not None):
                actor_ms = mentions_in(ctx, ch, 1)
                if actor_ms:
                    break
        # "a statement from Moscow" is Moscow's, but "the withdrawal from Mali" is from the
        # place left: a retreat's "from" names what it retreats from
        agent_preps = ("by",) if c.type == "RETREAT" else ("by", "from")
        for ch in trigger.children:
            if ch.dep_ == "prep" and ch.lower_ in agent_preps and not actor_ms:
                actor_ms = [m for g in ch.children if g.dep_ == "pobj" for m in mentions_in(ctx, g)]
    if not actor_ms:
        if passive:
            if agent is not None:
                actor_ms = mentions_in(ctx, agent)
            if subj is not None and clause.i == trigger.i:
                recip_ms = mentions_in(ctx, subj)
        elif subj is not None and ctx.lem[subj.i] in KIN:
            actor_ms = relative_of(ctx, subj)
        elif subj is not None:
            actor_ms = mentions_in(ctx, subj, 5, SUBJECT_PREPS)
            group = state_group(ctx, subj)  # "Four Arab nations": no one state of the sentence
            if group and (all(m.kind == "demonym" for m in actor_ms) or
                          len(group) > 1 and all(m.kind == "group" for m in actor_ms)):
                actor_ms = group
            if actor_ms and (is_ethnic(ctx, subj) or any(is_ethnic(ctx, c) for c in subj.children)):
                # "Ethnic Albanians demonstrated in Serbia": an ethnic group acting in a
                # named place is coded by that place, as in "ethnic Albanians in Serbia"
                place = place_mentions(ctx, clause)
                if place and place[0].actor is not None and all(
                        a.country != place[0].actor.country for m in actor_ms for a in actors_of(m)):
                    actor_ms = place
            actor_ms = agent_mention(ctx, subj, actor_ms, clause)  # "police in Dhaka", "the authorities"
            if not actor_ms:
                actor_ms = [m for a in subj.children if a.dep_ == "appos" for m in mentions_in(ctx, a, 3)][:1]
            if not actor_ms:
                actor_ms = affiliated_with(ctx, subj)
            if not actor_ms and ctx.lem[subj.i] in ctx.lex.words("people"):
                actor_ms = [civilians_of(ctx, subj, m) for m in place_mentions(ctx, clause, subj)]
                if not actor_ms and c.type == "PROTEST":
                    actor_ms = social_group(ctx, subj)
            if not actor_ms:
                named = unresolved_name(ctx, subj)
                if named is not None:
                    actor_ms = [named]
            if not actor_ms and subj.lower_ in PRONOUNS | {"who", "which", "that"}:
                actor_ms = speaker_mentions(ctx, clause)
            if not actor_ms and any(ch.dep_ == "poss" and ch.lower_ in ("their", "its", "our", "his", "her")
                                    for ch in subj.children):
                actor_ms = speaker_mentions(ctx, clause)  # "X said their forces had withdrawn": X's
            if not actor_ms and subj.lower_ in ("they", "we") and ctx.recent_plural:
                plural = list(ctx.recent_plural)
                c.confidence -= 0.1
    relative = subj is not None and not passive and ctx.lem[subj.i] in KIN
    if not actor_ms and not plural and not passive and not nominal and not relative:
        actor_ms = left_neighbour(ctx, clause)
    if not actor_ms and not plural and not passive and c.type == "PROTEST":
        # "Protests erupted in Seoul": a protest nobody is named for is the place's people's
        # ("gathered in Washington to protest": the gathering's place is the protest's)
        gathering = clause.head if clause.dep_ in ("xcomp", "advcl") and clause.head.i != clause.i and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in clause.children) else None
        actor_ms = [civilians_of(ctx, trigger, m)
                    for m in (place_mentions(ctx, clause) or place_mentions(ctx, trigger) or
                              (place_mentions(ctx, gathering) if gathering is not None else []))]
    if not actor_ms and plural:
        c.actor_mentions = []
        c.actors, c.recipients = plural[:1], plural[1:]
        recip_ms = find_recipients(ctx, c, trigger, clause, nominal, exclude=[])
        if recip_ms:
            c.actors, c.recipients = plural, flatten_mentions(recip_ms)
        return
    if not recip_ms:
        recip_ms = find_recipients(ctx, c, trigger, clause, nominal, exclude=actor_ms)
    if c.type == "ACCUSE" and recip_ms and all(a.kind == "igo" for m in recip_ms for a in actors_of(m)):
        # "complained to the United Nations over Israeli air raids": the body is the
        # audience; the complaint is about the party named in the "over/about" phrase
        about = complaint_subject(ctx, trigger, actor_ms)
        if about:
            recip_ms = about
    c.actor_mentions = actor_ms
    actors = armed_actors(ctx, c.type, c.mode, trigger, clause, flatten_mentions(actor_ms))
    # the same actor named twice is kept ("Montenegro officials demanded support from the
    # Montenegro Assembly": a domestic event); the very same mention is not
    recip_ms = [m for m in recip_ms if m not in actor_ms]
    if len(recip_ms) == 1 and is_ethnic_mention(ctx, recip_ms[0]):
        # "killed three ethnic Albanians in southern Serbia": the group is coded by the
        # place the event happens in, like an ethnic actor
        where = event_place(ctx, trigger, clause)
        if where is not None and where.country and where.country != (recip_ms[0].actor.country
                                                                      if recip_ms[0].actor else None):
            st = ctx.kb.state_actor(where.country)
            recip_ms = [Mention(text=where.name, evidence=list(where.evidence), actor=st, kind="place",
                                confidence=0.6)]
    # an actor is never also its own recipient ("Kamikawa called on Japan" with Kamikawa
    # read as Japan, "Japan and the US agreed with Japan and the US"): the overlap goes
    own = frozenset(a.id for a in actors)
    recipients = flatten_mentions(m for m in recip_ms if not is_among(m, own))
    recipients = [a for a in recipients if a.id not in own or all(m.kind == "demonym" for m in recip_ms)]
    recipients = not_own_state(c, actors, recipients, recip_ms)
    recipients = people_of_state(ctx, recip_ms, recipients)  # "sanctioned 18 Syrian officials"
    if c.type == "ASSAULT":
        recipients = struck_people(ctx, trigger, actors, recipients, recip_ms)
    if not recipients and c.type == "PROTEST":
        recipients = protest_target(ctx, trigger, clause, actors)
    if c.type == "CONSULT" and recipients and ((entry.lemma == "host" and not nominal) or
                                               (entry.lemma == "welcome" and nominal)):
        # "X hosted Y", "X gave Y a warm welcome": the visitor is the actor (PLOVER manual)
        actors, recipients = recipients, actors
    if c.type == "CONSULT" and c.mode is None and recipients and \
            hosted_by_actor(ctx, trigger, clause, actors, recipients):
        # "talks between X and Y in X's city": Y came, X hosted; the visitor is the actor
        actors, recipients = recipients, actors
    if recipients and ctx.lem[clause.i] in ("receive", "get") and received_from(trigger, clause, recip_ms):
        # "X received a call from Y": Y called (also letters, messages, visits)
        actors, recipients = recipients, actors
    if not recipients and len(actors) > 1 and c.mutual:
        ordered = sorted(actors, key=lambda a: ctx.mentions.first_pos.get(a.id, 1 << 30))
        actors, recipients = ordered[:1], ordered[1:]
    sent = trigger.sent
    # a recipient never takes the country of whoever acted on it ("Russia detained reporter
    # X": X is not Russian for that)
    acting = frozenset(a.country for a in actors if a.country)
    placed = [in_context_country(ctx, a, sent) for a in actors] + \
             [in_context_country(ctx, a, sent, acting) for a in recipients]
    if any(p is not a for p, a in zip(placed, actors + recipients, strict=True)):
        c.confidence -= 0.05  # a country read from context, not from the knowledge base
    actors, recipients = placed[:len(actors)], placed[len(actors):]
    c.actors, c.recipients = actors, recipients
    c.confidence = min([c.confidence] + [m.confidence * 0.85 + 0.15 for m in actor_ms + recip_ms])


def hosted_by_actor(ctx: CodingContext, trigger: Token, clause: Token, actors: list[Actor],
                    recipients: list[Actor]) -> bool:
    """Whether a meeting told in a place is held where the actor's side is at home and the
    recipient's is not (PLOVER: the visitor is the actor, the host the recipient)."""
    place = event_place(ctx, trigger, clause)
    if place is None or not place.country:
        return False
    here = {a.country for a in actors}
    there = {a.country for a in recipients}
    return here == {place.country} and None not in there and place.country not in there


#: What one party sends another: received, it is the sender's act ("received a call from").
_SENT_WORDS = frozenset({"call", "phone", "phonecall", "telephone", "letter", "message", "note", "email"})


def received_from(trigger: Token, clause: Token, recip_ms: list[Mention]) -> bool:
    """Whether a call or letter was received from the recipient (a "from" phrase of the received
    noun or its verb)."""
    objs = [o for o in clause.children if o.dep_ == "dobj"]
    if not any(o.lemma_.lower() in _SENT_WORDS for o in (trigger, *objs)):
        return False  # "received a mission of observers from the OSCE": the host receives
    heads = [trigger, clause, *objs]
    spans = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for h in heads for t in h.children
             if t.dep_ == "prep" and t.lower_ == "from"]
    return any(a <= m.evidence[0].start < b for m in recip_ms if m.evidence for a, b in spans)


def not_own_state(c: Candidate, actors: list[Actor], recipients: list[Actor], recip_ms: list[Mention]) -> list[Actor]:
    """An official asks and consults for its state, not of it: "Foreign Minister Kamikawa
    called on Japan to ..." is Japan's minister speaking for Japan, so Japan (or its
    government) named by name is no recipient of its own official's request or talks. Domestic
    acts keep it ("Kostunica promised to democratize Serbia", "banned Ugandan opposition
    candidates", a protest against the government), and so does a private person's state."""
    if c.type not in _SPEAKS_FOR:
        return recipients
    serving = {a.country for a in actors if a.kind == "person" and a.country and (a.role or a.sector)}
    named = {a.id for m in recip_ms if m.kind in ("state", "capital", "body", "organisation") for a in actors_of(m)}
    return [r for r in recipients if not (r.kind in ("state", "government") and r.country in serving and r.id in named)]


#: Event types an official does on behalf of its state (never to it).
_SPEAKS_FOR = frozenset({"REQUEST", "CONSULT"})


def complaint_subject(ctx: CodingContext, trigger: Token, actor_ms: list[Mention]) -> list[Mention]:
    """The party an "over/about/against" phrase of a complaint names, if it is not the actor."""
    own = {a.id for m in actor_ms for a in actors_of(m)}
    for ch in trigger.children:
        if ch.dep_ == "prep" and ch.lower_ in ("over", "about", "against"):
            for g in ch.children:
                if g.dep_ == "pobj":
                    ms = [m for m in mentions_in(ctx, g, 3)
                          if m.actor is not None and m.actor.id not in own and m.actor.kind != "igo"]
                    if ms:
                        return ms[:1]
    return []


def in_context_country(ctx: CodingContext, a: Actor, sent, other: frozenset[str] = frozenset()) -> Actor:
    """A party the knowledge base knows no country for (never a group of states: "Arab nations")
    ("Ibo elders", "Judge Alejandro Rivera", "the Azadliq coalition") belongs to the one country
    its sentence names, if it names exactly one: news about a domestic group names its country,
    not another. Two or more countries leave a person unknown (also those of the ``other``
    side); a named group or organisation then takes the article's own country, if it has one (a
    local report: :func:`teller.actors.home.home_country`) and the sentence names no other
    country or names it too. The id stays, so the article's other
    events agree; the CAMEO code is the country's."""
    if a.country or a.kind not in ("unresolved", "person", "group") or a.cameo or a.role or a.sector or \
            a.id.startswith(STATES_GROUP):
        return a  # known, or known to serve no country (Kofi Annan as UN Secretary-General)
    countries = sentence_countries(ctx, sent) - (other if a.kind == "person" else frozenset())
    code = next(iter(countries)) if len(countries) == 1 else None
    if code is None and a.kind != "person":
        # a named group of a local report is the report's own country, also where the
        # sentence names another beside it ("Democrats said Trump's call with his Ukrainian
        # counterpart ...": the Democrats of a US report)
        home = article_country(ctx) or (dominant_country(ctx) if a.kind == "unresolved" else None)
        code = home if home is not None and (not countries or home in countries) else None
    if code is None:
        return a
    st = ctx.kb.states.get(code)
    return dataclasses.replace(a, country=code, cameo=st.cameo if st is not None else None)


def article_country(ctx: CodingContext) -> str | None:
    """The article's own country (read once per article; see :mod:`teller.actors.home`)."""
    got = ctx.country_cache.get(_HOME)
    if got is None:
        seen = {id(m): m for m in ctx.mentions.by_token if m is not None}
        places = (e.text for e in ctx.doc.ents if e.label_ == "GPE" and ctx.mentions.at(e.start) is None)
        code = home_country(seen.values(), places, ctx.kb)
        got = ctx.country_cache[_HOME] = frozenset([code] if code else [])
    return next(iter(got), None)


#: Key of the article's own country in ``CodingContext.country_cache`` (sentence keys are >= 0).
_HOME = -2


def protest_target(ctx: CodingContext, trigger: Token, clause: Token, actors: list[Actor]) -> list[Actor]:
    """A protest with no stated target is against the authorities of the place it is held
    in, or of its protesters' own country (a domestic protest)."""
    ms = place_mentions(ctx, clause) or place_mentions(ctx, trigger)
    states = [a for a in flatten_mentions(ms) if a.kind == "state"] if ms else \
        [a for a in actors if a.kind == "state" or a.sector == "CVL"][:1]
    if ms and not states:
        return flatten_mentions(ms)
    # the government of that state, not the state its protesters also belong to
    return [ctx.kb.government_actor(a.country) if a.country in ctx.kb.states else a for a in states]


def left_neighbour(ctx: CodingContext, clause: Token) -> list[Mention]:
    """When the parse gives the verb no usable subject, a mention right before it (only
    adverbs between) is the doer: "9/14/2023 ... Highlights: Foreign Minister Kamikawa held"."""
    i = clause.i - 1
    while i >= clause.sent.start and ctx.doc[i].pos_ in ("ADV", "AUX", "PART"):
        i -= 1
    if i < clause.sent.start:
        return []
    m = ctx.mentions.at(i)
    return [m] if m is not None and m.evidence[0].end <= ctx.doc[i].idx + len(ctx.doc[i]) + 1 else []


def relative_of(ctx: CodingContext, subj: Token) -> list[Mention]:
    """ "The sister of Kim Jong Un threatened ...": a relative is not the person named, but
    is usually named nearby ("Kim Yo Jong made the statement"): the first other person of
    the same (or an unknown) country named in this sentence or the next; else no actor."""
    kin = {a.id: a for ch in subj.children if ch.dep_ in ("poss", "prep")
           for m in mentions_in(ctx, ch, 3) for a in actors_of(m)}
    if not kin:
        return mentions_in(ctx, subj, 5, SUBJECT_PREPS)  # "the sister company of ..."
    countries = {a.country for a in kin.values() if a.country}
    sent = subj.sent
    end = sent.end
    if end < len(ctx.doc):
        end = ctx.doc[end].sent.end
    for i in range(sent.start, end):
        m = ctx.mentions.at(i)
        if m is None or m.actor is None or m.actor.kind != "person" or m.actor.id in kin:
            continue
        if m.actor.country in countries:
            return [m]
        if m.actor.country is None and len(countries) == 1:
            # a name the knowledge base lacks: a relative shares the family's country
            actor = dataclasses.replace(m.actor, country=next(iter(countries)))
            return [dataclasses.replace(m, actor=actor, confidence=min(m.confidence, 0.6))]
    return []


def speaker_mentions(ctx: CodingContext, clause: Token) -> list[Mention]:
    """For "X says it will...": an unresolved pronoun subject is the speaker."""
    tok = clause
    for _ in range(4):
        if tok.head.i == tok.i:
            return []
        if tok.dep_ == "ccomp" and ctx.lem[tok.head.i] in ctx.report:
            speech = tok.head
            s = subject_of(speech)
            if s is None and speech.dep_ == "advcl" and speech.tag_ == "VBG" and speech.head.i != speech.i:
                s = subject_of(speech.head)  # "X denounced ..., saying it would ...": X speaks
            if s is None:
                return []
            ms = mentions_in(ctx, s, 5, SUBJECT_PREPS) or affiliated_with(ctx, s)
            if not ms:
                named = unresolved_name(ctx, s)
                ms = [named] if named is not None else []
            return ms
        tok = tok.head
    return []
