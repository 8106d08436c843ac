"""Who did it and to whom: the actor and recipient of a coded event, read from the parse and
the actor mentions (``teller.actors.resolve``).

A mixin of ``SentenceCoder`` (``teller.events.coder``): subjects through control, coordination
and passives; objects, datives and the prepositions each event type takes; the parties of a
demanded or threatened clause; and the fallbacks for parses without a usable subject (speakers
of reported speech, "they", unnamed people in a named place, names the knowledge base lacks).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterable

from teller.events.cameo import QUAD
from teller.events.syntax import (
    COND_MARKS, OBJECT_CONTROL, PASS_SUBJ, PRONOUNS, _NO_DESCEND, _OBJECT_PREPS, _PLACE_KINDS,
    _SUBJECT_PREPS, _conjuncts, _recipient_prep, _subject,
)
from teller.records import Actor, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from teller.events.coder import Candidate
    from teller.events.lexicon import Entry


#: Words tying unnamed people to the actor they act for ("militants loyal to X").
AFFILIATION = frozenset({"loyal", "affiliate", "affiliated", "ally", "allied", "belong", "belonging"})


#: Kinship nouns: "the sister of X" is someone else than X (not "a spokesman of X", who acts for X).
_KIN = frozenset({"sister", "brother", "wife", "husband", "son", "daughter", "mother", "father", "widow",
                  "nephew", "niece", "cousin", "uncle", "aunt", "sibling"})

#: "people" words that count or gather people rather than name a social group
_NO_GROUP = frozenset({"people", "person", "thousand", "hundred", "crowd", "resident", "civilian"})


def _actors_of(m: Mention) -> list[Actor]:
    if m.members:
        return list(m.members)
    return [m.actor] if m.actor is not None else []


def _flatten(ms: Iterable[Mention]) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    for m in ms:
        for a in _actors_of(m):
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return out


def cameo_quad(etype: str) -> int | None:
    return QUAD.get(etype)


class Participants:
    """Actor and recipient finding; mixed into ``SentenceCoder`` (uses its lookups)."""

    def _mentions_in(self, tok: "Token", limit: int = 3, preps: frozenset[str] = frozenset({"of", "from"})) -> list[Mention]:
        """The mentions nearest to ``tok`` in its subtree (breadth-first), plus their conjuncts.

        Only ``preps`` phrases are entered ("leaders of X", "doctors from X"); a subject's
        "in X" ("rebels in the Ivory Coast") is passed by callers that want it."""
        seen: list[Mention] = []
        frontier = [tok]
        for _ in range(limit + 1):
            hits = []
            nxt = []
            for t in frontier:
                m = self.m.at(t.i)
                if m is not None and self._affiliation_only(t):
                    m = None  # "pro-Iranian", "anti-Syria": a stance, not who acts
                if m is not None and (self._ethnic(t) or self._residents_of(t, m)):
                    # "Ethnic Albanians in south Serbia": an ethnic group is coded by where it
                    # lives when the phrase names a place, else by the group's name
                    group = t if t.dep_ not in ("amod", "compound") else t.head
                    place = [x for c in group.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
                             for g in c.children if g.dep_ == "pobj" for x in self._mentions_in(g, 2) if x is not m]
                    if place:
                        hits.append((t, place[0]))
                        continue
                if m is not None and m.kind == "demonym":
                    # "Bosnian Serbs", "Iraqi Kurds": a people qualified by a state lives there
                    outer = next((self.m.at(c.i) for c in t.children if c.dep_ in ("amod", "compound")
                                  and self.m.at(c.i) is not None and self.m.at(c.i).kind in ("demonym", "state")
                                  and self.m.at(c.i) is not m), None)
                    if outer is not None:
                        m = outer
                if m is not None:
                    hits.append((t, m))
                    continue
                for c in t.children:
                    if c.dep_ in _NO_DESCEND:
                        continue
                    if c.dep_ == "prep" and c.lower_ not in preps:
                        continue
                    nxt.append(c)
            if hits:
                for t, m in hits:
                    if m not in seen:
                        seen.append(m)
                    for conj in _conjuncts(t):
                        cm = self.m.at(conj.i) or next((self.m.at(x.i) for x in conj.subtree if self.m.at(x.i)), None)
                        if cm is not None and cm not in seen:
                            seen.append(cm)
                return seen
            frontier = nxt
            if not frontier:
                break
        return seen

    def _affiliation_only(self, t: "Token") -> bool:
        i = t.i
        return i >= 2 and self.doc[i - 1].text in ("-", "\u2011") and self.doc[i - 2].lower_ in ("pro", "anti")

    def _ethnic(self, t: "Token") -> bool:
        return any(c.lower_ == "ethnic" for c in t.children) or (
            t.dep_ in ("amod", "compound") and (any(c.lower_ == "ethnic" for c in t.head.children) or
                                                self.lem[t.head.i] in ("population", "minority", "community")))

    def _affiliation(self, subj: "Token") -> list[Mention]:
        """"Militants loyal to X", "workers affiliated with X": unnamed people act for X."""
        for c in subj.children:
            if c.dep_ in ("acl", "amod") and self.lem[c.i] in AFFILIATION:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("to", "with"):
                        for g in p.children:
                            if g.dep_ == "pobj":
                                ms = self._mentions_in(g, 3)
                                if ms:
                                    return ms[:1]
        return []

    def _prep_objects(self, prep: "Token") -> list["Token"]:
        """A preposition's objects; a dangling one ("asylum to five officers holed up ...", the
        noun parsed as the next clause's subject) takes the noun the parser moved away."""
        objs = [g for g in prep.children if g.dep_ == "pobj"]
        if objs or any(True for _ in prep.children):
            return objs
        for t in self.doc[prep.i + 1: min(prep.i + 6, len(self.doc))]:
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass") and t.head.i > prep.i:
                return [t]
            if t.pos_ in ("VERB", "AUX", "PUNCT"):
                break
        return []

    def _ethnic_mention(self, m: Mention) -> bool:
        if not m.evidence:
            return False
        span = self.doc.char_span(m.evidence[0].start, m.evidence[0].end, alignment_mode="expand")
        return span is not None and len(span) > 0 and self._ethnic(span.root)

    def _residents_of(self, t: "Token", m: Mention) -> bool:
        """"The Albanians of southern Serbia": a people named by where they live."""
        return m.kind == "demonym" and t.tag_ in ("NNPS", "NNS") and t.dep_ not in ("amod", "compound") and \
            any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)

    def _subject_tokens(self, clause: "Token") -> tuple["Token | None", bool]:
        """The clause's subject token and whether the clause is passive (walking up control/conj)."""
        tok = clause
        for _ in range(5):
            subj = _subject(tok)
            if subj is not None:
                # a subject inherited through control is the embedded verb's doer: "X is
                # scheduled to meet Y" (X meets), whatever the voice of the controlling verb
                passive = subj.dep_ in PASS_SUBJ and tok is clause
                if passive and self.lem[tok.i] in self.lex.words("stative") and self._agent(tok) is None:
                    passive = False  # "Israel is opposed to ...": an adjectival passive
                return subj, passive
            head = tok.head
            if head.i == tok.i:
                return None, False
            if tok.dep_ == "xcomp":
                if self.lem[head.i] in OBJECT_CONTROL:
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
            if tok.dep_ in ("acl", "relcl") and head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
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

    def _agent(self, clause: "Token") -> "Token | None":
        for c in clause.children:
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        return None

    def _participants(self, c: Candidate, entry: Entry, trigger: "Token", clause: "Token", nominal: bool) -> None:
        c.mutual = c.type in self.lex.words("reciprocal") or entry.lemma in self.lex.words("mutual")
        actor_ms: list[Mention] = []
        recip_ms: list[Mention] = []
        plural: list[Actor] = []
        subj, passive = self._subject_tokens(clause)
        if nominal and clause.i != trigger.i and self.lem[clause.i] not in self.light | self.occur | self.lex.words("motion") \
                and self.lem[clause.i] != "hold":
            subj, passive = None, False
        agent = self._agent(clause) if passive else None
        if nominal:
            for ch in trigger.children:
                if ch.dep_ == "poss" or (ch.dep_ in ("compound", "amod", "nmod") and self.m.at(ch.i) is not None):
                    actor_ms = self._mentions_in(ch, 1)
                    if actor_ms:
                        break
            for ch in trigger.children:
                if ch.dep_ == "prep" and ch.lower_ in ("by", "from") and not actor_ms:
                    actor_ms = [m for g in ch.children if g.dep_ == "pobj" for m in self._mentions_in(g)]
        if not actor_ms:
            if passive:
                if agent is not None:
                    actor_ms = self._mentions_in(agent)
                if subj is not None and clause.i == trigger.i:
                    recip_ms = self._mentions_in(subj)
            elif subj is not None and self.lem[subj.i] in _KIN:
                actor_ms = self._relative(subj)
            elif subj is not None:
                actor_ms = self._mentions_in(subj, 5, _SUBJECT_PREPS)
                if actor_ms and (self._ethnic(subj) or any(self._ethnic(c) for c in subj.children)):
                    # "Ethnic Albanians demonstrated in Serbia": an ethnic group acting in a
                    # named place is coded by that place, as in "ethnic Albanians in Serbia"
                    place = self._place_mentions(clause)
                    if place and place[0].actor is not None and all(
                            a.country != place[0].actor.country for m in actor_ms for a in _actors_of(m)):
                        actor_ms = place
                if not actor_ms:
                    actor_ms = [m for a in subj.children if a.dep_ == "appos" for m in self._mentions_in(a, 3)][:1]
                if not actor_ms:
                    actor_ms = self._affiliation(subj)
                if not actor_ms and self.lem[subj.i] in self.lex.words("people"):
                    actor_ms = self._place_mentions(clause, subj)
                    if not actor_ms and c.type == "PROTEST":
                        actor_ms = self._social_group(subj)
                if not actor_ms:
                    named = self._unresolved_name(subj)
                    if named is not None:
                        actor_ms = [named]
                if not actor_ms and subj.lower_ in PRONOUNS | {"who", "which", "that"}:
                    actor_ms = self._speaker_mentions(clause)
                if not actor_ms and subj.lower_ in ("they", "we") and self.recent_plural:
                    plural = list(self.recent_plural)
                    c.confidence -= 0.1
        relative = subj is not None and not passive and self.lem[subj.i] in _KIN
        if not actor_ms and not plural and not passive and not nominal and not relative:
            actor_ms = self._left_neighbour(clause)
        if not actor_ms and plural:
            c.actor_mentions = []
            c.actors, c.recipients = plural[:1], plural[1:]
            recip_ms = self._recipients(c, trigger, clause, nominal, exclude=[])
            if recip_ms:
                c.actors, c.recipients = plural, _flatten(recip_ms)
            return
        if not recip_ms:
            recip_ms = self._recipients(c, trigger, clause, nominal, exclude=actor_ms)
        if c.type == "ACCUSE" and recip_ms and all(a.kind == "igo" for m in recip_ms for a in _actors_of(m)):
            # "complained to the United Nations over Israeli air raids": the body is the
            # audience; the complaint is about the party named in the "over/about" phrase
            about = self._complaint_subject(trigger, actor_ms)
            if about:
                recip_ms = about
        c.actor_mentions = actor_ms
        actors = _flatten(actor_ms)
        # the same actor named twice is kept ("Montenegro officials demanded support from the
        # Montenegro Assembly": a domestic event); the very same mention is not
        recip_ms = [m for m in recip_ms if m not in actor_ms]
        if len(recip_ms) == 1 and self._ethnic_mention(recip_ms[0]):
            # "killed three ethnic Albanians in southern Serbia": the group is coded by the
            # place the event happens in, like an ethnic actor
            place = self._place(trigger, clause)
            if place is not None and place.country and place.country != (recip_ms[0].actor.country
                                                                          if recip_ms[0].actor else None):
                from teller.events.coder import _kb
                st = _kb().state_actor(place.country)
                recip_ms = [Mention(text=place.name, evidence=list(place.evidence), actor=st, kind="place",
                                    confidence=0.6)]
        recipients = _flatten(recip_ms)
        if len(actor_ms) == 1 and len(recip_ms) == 1 and actor_ms[0].text == recip_ms[0].text and \
                actor_ms[0].kind not in ("demonym", "state", "organisation", "body"):
            recipients = []  # a person named twice ("Kerry ... Kerry") is one party
        if not recipients and c.type == "PROTEST":
            recipients = self._protest_target(trigger, clause, actors)
        if c.type == "CONSULT" and recipients and ((entry.lemma == "host" and not nominal) or
                                                   (entry.lemma == "welcome" and nominal)):
            # "X hosted Y", "X gave Y a warm welcome": the visitor is the actor (PLOVER manual)
            actors, recipients = recipients, actors
        if not recipients and len(actors) > 1 and c.mutual:
            ordered = sorted(actors, key=lambda a: self.m.first_pos.get(a.id, 1 << 30))
            actors, recipients = ordered[:1], ordered[1:]
        sent = trigger.sent
        placed = [self._in_context_country(a, sent) for a in actors + recipients]
        if any(p is not a for p, a in zip(placed, actors + recipients)):
            c.confidence -= 0.05  # a country read from context, not from the knowledge base
        actors, recipients = placed[:len(actors)], placed[len(actors):]
        c.actors, c.recipients = actors, recipients
        c.confidence = min([c.confidence] + [m.confidence * 0.85 + 0.15 for m in actor_ms + recip_ms])

    def _complaint_subject(self, trigger: "Token", actor_ms: list[Mention]) -> list[Mention]:
        """The party an "over/about/against" phrase of a complaint names, if it is not the actor."""
        own = {a.id for m in actor_ms for a in _actors_of(m)}
        for ch in trigger.children:
            if ch.dep_ == "prep" and ch.lower_ in ("over", "about", "against"):
                for g in ch.children:
                    if g.dep_ == "pobj":
                        ms = [m for m in self._mentions_in(g, 3)
                              if m.actor is not None and m.actor.id not in own and m.actor.kind != "igo"]
                        if ms:
                            return ms[:1]
        return []

    def _sentence_countries(self, sent) -> frozenset[str]:
        """Countries a sentence names: its resolved mentions' countries and the states of the
        places it names ("in Baku" -> AZE); read once per sentence."""
        got = self._country_cache.get(sent.start)
        if got is None:
            got = self._country_cache[sent.start] = frozenset(self._read_countries(sent))
        return got

    def _read_countries(self, sent) -> set[str]:
        from teller.events.coder import _place_country

        out: set[str] = set()
        for i in range(sent.start, sent.end):
            m = self.m.at(i)
            if m is not None and m.actor is not None and m.actor.country:
                out.add(m.actor.country)
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC", "NORP"):
                code = _place_country(ent.text)
                if code:
                    out.add(code)
        return out

    def _in_context_country(self, a: Actor, sent) -> Actor:
        """A party the knowledge base knows no country for ("Ibo elders", "Judge Alejandro
        Rivera", "the Azadliq coalition") belongs to the one country its sentence names, if it
        names exactly one: news about a domestic group names its country, not another. Two or
        more countries leave it unknown. The id stays, so the article's other events agree."""
        if a.country or a.kind not in ("unresolved", "person", "group") or a.cameo or a.role or a.sector:
            return a  # known, or known to serve no country (Kofi Annan as UN Secretary-General)
        countries = self._sentence_countries(sent)
        if len(countries) != 1:
            return a
        return dataclasses.replace(a, country=next(iter(countries)))

    def _unresolved_name(self, subj: "Token") -> Mention | None:
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
        for t in near:
            ent = self._ent_at(t.i)
            if ent is not None and ent.label_ in ("ORG", "NORP", "PERSON", "GPE"):
                key = " ".join(ent.text.split()).removeprefix("the ").removeprefix("The ")
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

    def _protest_target(self, trigger: "Token", clause: "Token", actors: list[Actor]) -> list[Actor]:
        """A protest with no stated target is against the authorities of the place it is held
        in, or of its protesters' own country (a domestic protest)."""
        ms = self._place_mentions(clause) or self._place_mentions(trigger)
        if ms:
            return _flatten(ms)
        return [a for a in actors if a.kind == "state"][:1]

    def _left_neighbour(self, clause: "Token") -> list[Mention]:
        """When the parse gives the verb no usable subject, a mention right before it (only
        adverbs between) is the doer: "9/14/2023 ... Highlights: Foreign Minister Kamikawa held"."""
        i = clause.i - 1
        while i >= clause.sent.start and self.doc[i].pos_ in ("ADV", "AUX", "PART"):
            i -= 1
        if i < clause.sent.start:
            return []
        m = self.m.at(i)
        return [m] if m is not None and m.evidence[0].end <= self.doc[i].idx + len(self.doc[i]) + 1 else []

    def _relative(self, subj: "Token") -> list[Mention]:
        """ "The sister of Kim Jong Un threatened ...": a relative is not the person named, but
        is usually named nearby ("Kim Yo Jong made the statement"): the first other person of
        the same (or an unknown) country named in this sentence or the next; else no actor."""
        kin = {a.id: a for ch in subj.children if ch.dep_ in ("poss", "prep")
               for m in self._mentions_in(ch, 3) for a in _actors_of(m)}
        if not kin:
            return self._mentions_in(subj, 5, _SUBJECT_PREPS)  # "the sister company of ..."
        countries = {a.country for a in kin.values() if a.country}
        sent = subj.sent
        end = sent.end
        if end < len(self.doc):
            end = self.doc[end].sent.end
        for i in range(sent.start, end):
            m = self.m.at(i)
            if m is None or m.actor is None or m.actor.kind != "person" or m.actor.id in kin:
                continue
            if m.actor.country in countries:
                return [m]
            if m.actor.country is None and len(countries) == 1:
                # a name the knowledge base lacks: a relative shares the family's country
                actor = dataclasses.replace(m.actor, country=next(iter(countries)))
                return [dataclasses.replace(m, actor=actor, confidence=min(m.confidence, 0.6))]
        return []

    def _social_group(self, subj: "Token") -> list[Mention]:
        """Protesters named only by what they are ("Farmers rallied against ...", no place in
        the clause) are still the actor: a group of that name with no country, low confidence.
        Counts and crowds ("thousands", "people") name no group."""
        if self.lem[subj.i] in ("thousand", "hundred", "dozen", "million"):
            # "Thousands of farmers": the group is what is counted
            subj = next((g for ch in subj.children if ch.dep_ == "prep" and ch.lower_ == "of"
                         for g in ch.children if g.dep_ == "pobj"), subj)
        if subj.tag_ != "NNS" or self.lem[subj.i] in _NO_GROUP or self.lem[subj.i] not in self.lex.words("people"):
            return []
        name = subj.lower_
        actor = Actor(id="group:" + name, name=name, kind="group")
        return [Mention(text=subj.text, evidence=[Span(subj.idx, subj.idx + len(subj))], actor=actor,
                        kind="group", confidence=0.5)]

    def _place_mentions(self, clause: "Token", subj: "Token | None" = None) -> list[Mention]:
        """Unnamed people acting in a named place are that place's people (CAMEO habit):
        "Hundreds of thousands of people blocked streets in Hong Kong"."""
        # "drove tractors into Brussels, blocking streets": a participle acts where its verb does
        heads = [clause.head] if clause.dep_ == "advcl" and clause.tag_ == "VBG" else []
        pobjs = [g for t in ([subj] if subj is not None else []) + [clause] + heads for ch in t.children
                 if ch.dep_ == "prep" and ch.lower_ in ("in", "throughout", "across", "at", "outside", "into")
                 for g in ch.children if g.dep_ == "pobj"]
        for g in pobjs:
            ms = [m for m in self._mentions_in(g, 3, _SUBJECT_PREPS | {"at"}) if m.actor is not None and
                  (m.kind in _PLACE_KINDS or m.actor.kind == "state")]
            if ms:
                return ms[:1]
        for g in pobjs:  # a capital or city the actor stage reads as a place, not an actor
            m = self._place_state(g)
            if m is not None:
                return [m]
        return []

    def _place_state(self, tok: "Token") -> Mention | None:
        """The state of a place entity at ``tok`` ("Baghdad" -> Iraq), as a low-confidence mention."""
        from teller.events.coder import _kb, _place_country

        ent = self._ent_at(tok.i)
        if ent is None or ent.label_ not in ("GPE", "LOC"):
            return None
        code = _place_country(ent.text)
        if code is None:
            return None
        return Mention(text=ent.text, evidence=[Span(ent.start_char, ent.end_char)], actor=_kb().state_actor(code),
                       kind="place", confidence=0.6)

    def _speaker_mentions(self, clause: "Token") -> list[Mention]:
        """For "X says it will...": an unresolved pronoun subject is the speaker."""
        tok = clause
        for _ in range(4):
            if tok.head.i == tok.i:
                return []
            if tok.dep_ == "ccomp" and self.lem[tok.head.i] in self.report:
                s = _subject(tok.head)
                if s is None:
                    return []
                ms = self._mentions_in(s, 5, _SUBJECT_PREPS) or self._affiliation(s)
                if not ms:
                    named = self._unresolved_name(s)
                    ms = [named] if named is not None else []
                return ms
            tok = tok.head
        return []

    def _recipients(self, c: Candidate, trigger: "Token", clause: "Token", nominal: bool,
                    exclude: list[Mention]) -> list[Mention]:
        def ok(ms: list[Mention]) -> list[Mention]:
            return [m for m in ms if m not in exclude]

        heads = [trigger] + ([clause] if clause.i != trigger.i else [])
        if nominal and trigger.dep_ == "compound" and trigger.head.i not in (h.i for h in heads):
            heads.append(trigger.head)  # "a mediation mission between X and Y"
        topic_obj = self.lem[trigger.i] in self.lex.words("topic_obj")
        if not nominal:
            for ch in trigger.children:
                if ch.dep_ in ("dobj", "dative", "iobj") and not (topic_obj and ch.dep_ == "dobj"):
                    objs = self._prep_objects(ch) if ch.pos_ == "ADP" else [ch, *ch.conjuncts]
                    for o in objs:  # "launched artillery and rocket fire against X"; "to" + moved noun
                        ms = ok(self._mentions_in(o, 4, _OBJECT_PREPS))
                        if ms:
                            return ms
                elif ch.dep_ == "prt":  # "kidnapped up to 16 Russian advisers"
                    for p in ch.children:
                        if p.dep_ == "prep" and p.lower_ == "to":
                            for g in p.children:
                                ms = ok(self._mentions_in(g, 2)) if g.dep_ == "pobj" else []
                                if ms:
                                    return ms
        else:
            for ch in clause.children:
                if ch.dep_ in ("dative", "iobj"):
                    ms = ok(self._mentions_in(ch))
                    if ms:
                        return ms
            if cameo_quad(c.type) in (3, 4):
                # the conflict noun's own object comes before the clause's other phrases:
                # "tighten the blockade of Serbia with Albania's help"
                for ch in trigger.children:
                    if ch.dep_ == "prep" and ch.lower_ in ("of", "against", "on"):
                        for g in ch.children:
                            ms = ok(self._mentions_in(g, 1)) if g.dep_ == "pobj" else []
                            if ms:
                                return ms
        for h in heads:
            for ch in h.children:
                if ch.dep_ == "prep" and _recipient_prep(ch.lower_, c.type):
                    for g in self._prep_objects(ch):
                            ms = ok(self._mentions_in(g, 2))
                            if ms:
                                return ms
        if c.type in self.content_types or c.type in ("AGREE",):
            kids = list(trigger.children) + (list(clause.children) if nominal and clause.i != trigger.i else [])
            for ch in kids:  # "demanded that the US cancel...": the content's subject
                if ch.dep_ in ("ccomp", "xcomp") or (ch.dep_ == "advcl" and any(
                        m.dep_ == "mark" and m.lower_ == "for" for m in ch.children)):
                    s = _subject(ch)
                    if s is not None:
                        ms = ok(self._mentions_in(s))
                        if ms:
                            return ms
        if c.type in self.content_types or c.type in ("AGREE", "CONCEDE"):
            # "offered to hand over to Great Britain", "demand that Israel ease": the content's party
            for ch in trigger.children:
                if ch.dep_ in ("xcomp", "ccomp", "acl") and ch.pos_ in ("VERB", "AUX"):
                    ms = ok(self._content_party(ch))
                    if ms:
                        return ms
        if not nominal and not topic_obj:
            for ch in trigger.children:  # the object's possessor/modifier: "praised Haiti's efforts"
                if ch.dep_ in ("dobj", "nsubjpass") and ch.i != trigger.i:
                    for g in ch.children:  # "a map released by China": the object's author
                        if g.dep_ in ("acl", "relcl"):
                            agent = self._agent(g)
                            if agent is not None:
                                ms = ok(self._mentions_in(agent))
                                if ms:
                                    return ms
                    ms = ok(self._mentions_in(ch, 2))
                    if ms:
                        return ms
                    for g in ch.children:
                        if g.dep_ == "prep":
                            for p in g.children:
                                if p.dep_ == "pobj":
                                    ms = ok(self._mentions_in(p, 2))
                                    if ms:
                                        return ms
        if c.type == "THREATEN":
            # "threatened to ... unless Baghdad accepted": the condition's subject is the target
            for t in trigger.subtree:
                if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in t.children):
                    s_ = _subject(t)
                    ms = ok(self._mentions_in(s_)) if s_ is not None else []
                    if ms:
                        return ms
        if nominal and cameo_quad(c.type) in (3, 4):
            for ch in trigger.children:  # "the invasion of South Lebanon", "a blockade of Serbia"
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    for g in ch.children:
                        ms = ok(self._mentions_in(g, 1)) if g.dep_ == "pobj" else []
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
                                    ms = ok(self._mentions_in(q, 2)) if q.dep_ == "pobj" else []
                                    if ms:
                                        return ms
        for h in heads:
            # "a suspension of air links with Serbia": one step through "of"
            for ch in h.children:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    for g in ch.children:
                        for p in g.children:
                            if p.dep_ == "prep" and _recipient_prep(p.lower_, c.type):
                                for q in p.children:
                                    ms = ok(self._mentions_in(q, 1)) if q.dep_ == "pobj" else []
                                    if ms:
                                        return ms
        for h in heads:
            # purpose clauses: "began a hunger strike to protest against Sweden's decision"
            for ch in h.children:
                if ch.dep_ in ("xcomp", "advcl") and ch.pos_ in ("VERB", "AUX") and _subject(ch) is None:
                    ms = ok(self._content_party(ch, 1))
                    if ms:
                        return ms
        for h in heads + [o for o in self._objects(trigger) if o.dep_ == "dobj"]:
            # CAMEO habit: the country where it happens is the recipient ("lifted a curfew in X")
            for ch in h.children:
                if ch.dep_ == "prep" and ch.lower_ in ("in", "inside", "into"):
                    for g in ch.children:
                        if g.dep_ != "pobj":
                            continue
                        for m in self._mentions_in(g, 1):
                            if m not in exclude and m.actor is not None and \
                                    (m.kind in _PLACE_KINDS or m.actor.kind == "state"):
                                c.confidence -= 0.1
                                return [m]
        return []

    def _content_party(self, clause: "Token", depth: int = 0) -> list[Mention]:
        """The party an embedded clause is done to (object, to/with/against phrase) or by."""
        for ch in clause.children:
            if ch.dep_ in ("dobj", "dative"):
                ms = self._mentions_in(ch, 2)
                if ms:
                    return ms
                for g in ch.children:  # "take countermeasures against the United States"
                    if g.dep_ == "prep" and g.lower_ in ("against", "on", "to", "with", "for"):
                        for p in g.children:
                            if p.dep_ == "pobj":
                                ms = self._mentions_in(p, 1)
                                if ms:
                                    return ms
        for ch in clause.children:
            if ch.dep_ == "prep" and ch.lower_ in ("to", "with", "against", "on", "from", "for", "at"):
                for g in ch.children:
                    if g.dep_ == "pobj":
                        ms = self._mentions_in(g, 2)
                        if ms:
                            return ms
        subj = _subject(clause)
        if subj is not None and clause.dep_ in ("ccomp", "acl"):
            ms = self._mentions_in(subj)
            if ms:
                return ms
        if depth < 2:
            for ch in clause.children:
                if ch.dep_ in ("xcomp", "advcl", "ccomp") and ch.pos_ in ("VERB", "AUX"):
                    ms = self._content_party(ch, depth + 1)
                    if ms:
                        return ms
        return []
