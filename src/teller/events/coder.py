"""Sentence-level PLOVER coding over a spaCy dependency parse.

Finds event triggers (verbs, event nouns under light verbs, "willing/ready" adjectives), then
reads who did it (subject, passive "by"-agent, controlled and coordinated subjects), to whom
(object, "with/to/against/on" phrases, the subject of a demanded clause), the status (negation,
future and intention, conditionals), mode (lexicon, then cue words), place ("in New York") and
the time expressions attached to the event's clause. Article-level merging and dating are in
``teller.events.article``.

Hand-written rules instead of a statistical event extractor: PLOVER coders trained on text
(POLECAT's) are not distributed as a library for spaCy 3, and rules over the parse are fast
(a small fraction of the parse) and explainable, which the evidence spans need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Sequence

from teller.events.lexicon import Entry, Lexicon
from teller.events.participants import Participants, _actors_of, _flatten as _flatten_mentions, cameo_quad
from teller.events.syntax import (
    COND_MARKS, FUTURE_AUX, HYPO_AUX, DEONTIC_AUX, NEG_DETS, PLACE_ENTS, PLACE_PREPS, _content_region,
    _controlled, _dateline_tokens, _deontic, _depth, _governs_by_xcomp, _lemmas, _subject,
)
from teller.records import Actor, Mention, Place, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

REQUEST_MODE_BY_CONTENT = {
    "CONSULT": "meet", "AGREE": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
    "RETREAT": "yield", "CONCEDE": "yield",
}
THREAT_MODE_BY_CONTENT = {
    "SANCTION": "relations", "REJECT": "relations", "COERCE": "restrict", "ASSAULT": "violence",
    "MOBILIZE": "violence", "PROTEST": "restrict",
}


#: Types whose action falls on the place it happens in: with no stated recipient, the state
#: of that place is the recipient ("imposed a curfew in Abidjan", "shelled targets in Jericho",
#: "arrived in Amman" for a visit). Talks, statements and agreements are only held somewhere.
PLACE_TARGET_TYPES = frozenset({"AID", "MOBILIZE", "COERCE", "ASSAULT", "THREATEN", "CONCEDE", "SANCTION"})


#: Office nouns whose killing is a targeted killing ("killed the deputy chief of ...").
OFFICIAL_NOUNS = frozenset({"chief", "leader", "commander", "governor", "mayor", "minister", "official",
                            "head", "general", "president", "judge", "deputy", "prosecutor", "ambassador"})

#: Nouns whose "to"-infinitive is an act not done ("refusal to accept", "failure to withdraw").
REFUSAL_NOUNS = frozenset({"refusal", "failure", "reluctance", "unwillingness", "inability"})

#: Subjects that make an arrival a deployment rather than a visit.
MILITARY_NOUNS = frozenset({"troop", "troops", "soldier", "force", "peacekeeper", "contingent", "battalion",
                            "brigade", "marine", "paratrooper", "deployment", "unit", "warship", "army"})
PEACEKEEPING = frozenset({"peacekeeper", "peacekeeping", "peace-keeping", "blue", "monitor"})


#: The actor of an attack whose perpetrator the text does not name.
UNKNOWN_PERPETRATOR = Actor(id="unknown:perpetrator", name="unknown perpetrator", kind="unknown")


def _kb():
    from teller.actors import KnowledgeBase  # cached; the events stage reads places with it
    return KnowledgeBase.default()


@dataclass(slots=True)
class Candidate:
    """One event as read from one sentence, before article-level merging."""

    type: str
    mode: str | None
    cameo: str | None
    status: str
    trigger: int  # token index of the event word
    clause: int  # token index of the governing verb
    depth: int  # dependency depth of the clause (0 = sentence root)
    sentence: Span
    event_span: Span
    event_text: str
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    actor_mentions: list[Mention] = field(default_factory=list)
    recipient_inferred: bool = False
    nominal: bool = False
    definite: bool = False
    place: Place | None = None
    #: set on an event told as "N days before/after" another: never merged with it
    separate: str | None = None
    timexes: list[TimeValue] = field(default_factory=list)
    report_timexes: list[TimeValue] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    confidence: float = 0.8
    suppressed: bool = False
    entry: Entry | None = None
    mutual: bool = False  # "A met B" = "B met A"
    past: bool = False  # told in a past tense ("held", "has met", "was attacked")


class MentionIndex:
    """Token -> mention lookup for one parsed article (mentions carry char spans)."""

    def __init__(self, doc: "Doc", mentions: Sequence[Mention]) -> None:
        self.by_token: list[Mention | None] = [None] * len(doc)
        self.first_pos: dict[str, int] = {}
        for m in mentions:
            if not m.evidence or (m.actor is None and not m.members):
                continue
            sp = m.evidence[0]
            span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for t in span:
                if self.by_token[t.i] is None:
                    self.by_token[t.i] = m
            for a in _actors_of(m):
                self.first_pos.setdefault(a.id, sp.start)

    def at(self, i: int) -> Mention | None:
        return self.by_token[i]


# --- the coder ----------------------------------------------------------------------------------


class SentenceCoder(Participants):
    """Codes the sentences of one article; holds the per-article lookups."""

    def __init__(self, doc: "Doc", mentions: MentionIndex, lex: Lexicon, timexes: Sequence[TimeValue]) -> None:
        self.doc = doc
        self.m = mentions
        self.lex = lex
        self.light = lex.words("light")
        self.occur = lex.words("occur")
        self.intend = lex.words("intend")
        self.report = lex.words("report")
        self.fail = lex.words("fail")
        self.content_types = lex.words("content")
        self.future_adj = lex.words("future_adj")
        self.hypo_adj = lex.words("hypo_adj")
        #: participants of the latest multi-party event or group mention, for an unresolved "they"
        self.lem = _lemmas(doc, lex)
        for i in _dateline_tokens(doc):  # "NEW DELHI - Leaders of ...": a dateline is not a party
            mentions.by_token[i] = None
        self.recent_plural: list[Actor] = []
        self._context_cache: dict[int, list[str]] = {}
        self._country_cache: dict[int, frozenset[str]] = {}
        self._ents: dict | None = None
        self.timex_at: dict[int, list[TimeValue]] = {}
        for tv in timexes:
            if tv.type not in ("DATE", "TIME") or not tv.evidence:
                continue
            sp = doc.char_span(tv.evidence[0].start, tv.evidence[0].end, alignment_mode="expand")
            if sp is not None and len(sp):
                self.timex_at.setdefault(sp.root.i, []).append(tv)

    # -- triggers --

    def sentence(self, sent) -> list[Candidate]:
        found: list[Candidate] = []
        used_nouns: set[int] = set()
        for tok in sent:
            pos = tok.pos_
            if pos in ("VERB", "AUX") or (pos == "NOUN" and tok.tag_.startswith("VB")):
                c = self._verb(tok, used_nouns)
            elif pos == "ADJ" and self.lem[tok.i] in self.lex.adjs:
                c = self._adj(tok)
            else:
                c = None
            if c is not None:
                found.append(c)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_nouns:
                c = self._free_noun(tok)
                if c is not None:
                    found.append(c)
        self._reported_demands(sent, found)
        self._suppress_contents(found)
        self._rally_against(found)
        framed = self._talks_during(sent, found, used_nouns)
        self._attach_timexes(sent, found)
        for c, host, offset in framed:  # the talks are dated by the act they frame
            if offset:
                c.timexes = [t for t in (_shift_days(tv, offset) for tv in host.timexes[:1]) if t is not None]
                c.separate = f"{offset:+d}d"
            elif not c.timexes:
                c.timexes = list(host.timexes)
        kept = [c for c in found if not c.suppressed]
        for c in kept:
            parts = c.actors + [a for a in c.recipients if a not in c.actors]
            if len(parts) >= 2:
                self.recent_plural = parts
        return kept

    def _talks_during(self, sent, found: list[Candidate], used_nouns: set[int]) -> list[tuple[Candidate, Candidate]]:
        """ "X pressed Y on ... during talks": the talks are a meeting of X and Y as well, so a
        CONSULT noun after "during" takes the parties of the act it frames."""
        framed = []
        for pobj in sent:
            tok, prep = pobj, pobj.head.lower_
            if tok.dep_ != "pobj" or tok.i in used_nouns or prep not in ("during", "after", "before"):
                continue
            if any(c.dep_ == "poss" and (prep == "during" or c.lower_ != "their") for c in tok.children):
                continue  # "during his talks with the unions": someone else's talks
            entry, same_day = self._noun_entry(tok), False
            if entry is None and self.lem[tok.i] in ("hour", "minute"):
                found_noun = self._event_noun(tok)  # "after two hours of talks": that same day
                if found_noun is not None and found_noun[0].i != tok.i and found_noun[0].i not in used_nouns:
                    tok, entry = found_noun
                    same_day = True
            if entry is None or entry.type != "CONSULT":
                continue
            offset = 0
            if prep != "during" and not same_day:
                offset = _day_offset(pobj.head)
                if offset is None:
                    continue  # "after talks" with no distance: no date to give it
                offset = -offset if prep == "after" else offset
            verb = pobj.head.head
            if verb.dep_ == "npadvmod" and verb.pos_ == "NOUN":
                verb = verb.head  # "on Tuesday, a day after an informal dinner"
            host = None
            for _ in range(3):  # "pressed Y to use ... during talks": the phrase may hang lower
                host = next((c for c in found if c.clause == verb.i and c.actors and c.recipients
                             and not c.suppressed and (c.type != "CONSULT" or offset)), None)
                if host is not None or verb.dep_ not in ("xcomp", "ccomp", "advcl") or verb.head.i == verb.i:
                    break
                verb = verb.head
            if host is None:
                continue
            c = self._build(entry, trigger=tok, clause=verb, nominal=True)
            if c is None:
                continue
            c.actors, c.recipients = list(host.actors), list(host.recipients)
            c.actor_mentions = list(host.actor_mentions)
            c.status, c.confidence = host.status, min(c.confidence, host.confidence) - 0.05
            used_nouns.add(tok.i)
            found.append(c)
            framed.append((c, host, offset))
        return framed

    def _match_verb(self, tok: "Token") -> Entry | None:
        entries = self.lex.verbs.get(self.lem[tok.i])
        if not entries:
            return None
        for e in entries:
            if e.objects and not self._has_object(tok, e.objects):
                continue
            if e.word and not self._has_child_word(tok, e.word):
                continue
            if e.actor_object and not self._object_mention(tok):
                continue
            return e
        return None

    def _has_child_word(self, tok: "Token", word: str) -> bool:
        for c in tok.children:
            if c.lower_ == word or self.lem[c.i] == word:
                return c.dep_ in ("prt", "prep", "advmod", "acomp", "dobj", "agent", "npadvmod", "pobj", "compound:prt")
            if c.dep_ in ("advcl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == word for m in c.children):
                return True  # "pushing for the US (to) support the plan"
        return False

    def _objects(self, tok: "Token") -> list["Token"]:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        for c in tok.children:  # "speak by phone", "break off relations": object behind a particle
            if c.dep_ == "prep" and self.lem[c.i] in ("off", "on", "to", "of", "in"):
                objs += [g for g in c.children if g.dep_ == "pobj"]
        out = []
        for o in objs:
            out.append(o)
            out += [c for c in o.conjuncts if c.i > o.i]  # "artillery, mortar and rocket fire"
        return out

    def _prepared_by(self, trigger: "Token") -> bool:
        """Whether the act hangs (through "to resume", "to launch" ...) under a past-tense verb
        "prepare" ("troops prepared to storm the town"); "is prepared to" (an adjective: a
        readiness, said) does not count."""
        tok = trigger
        for _ in range(4):
            head = tok.head
            if head.i == tok.i:
                return False
            if self.lem[head.i] == "prepare" and head.pos_ == "VERB" and (
                    head.tag_ == "VBD" or any(a.dep_ == "aux" and a.lower_ in ("has", "have", "had", "was", "were")
                                              for a in head.children)):
                return True
            if tok.dep_ not in ("xcomp", "dobj", "pcomp", "conj"):
                return False
            tok = head
        return False

    def _has_object(self, tok: "Token", lemmas: frozenset[str]) -> bool:
        for o in self._objects(tok):
            if self.lem[o.i] in lemmas or o.lower_ in lemmas:
                return True
            for c in o.children:  # "state of emergency", "martial law", "peacekeeping troops"
                if c.dep_ in ("compound", "amod") and self.lem[c.i] in lemmas:
                    return True
                if c.dep_ == "prep" and c.lower_ == "of":
                    if any(self.lem[g.i] in lemmas for g in c.children if g.dep_ == "pobj"):
                        return True
        return False

    def _object_mention(self, tok: "Token") -> bool:
        return any(self.m.at(c.i) is not None for c in tok.children if c.dep_ in ("dobj", "dative"))

    def _noun_entry(self, tok: "Token") -> Entry | None:
        entries = self.lex.nouns.get(self.lem[tok.i])
        if not entries:
            return None
        mods = None
        for e in entries:
            if e.word:
                if mods is None:
                    mods = {self.lem[c.i] for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
                    mods |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
                if e.word not in mods:
                    continue
            return e
        return None

    def _event_noun(self, o: "Token") -> tuple["Token", Entry] | None:
        """The event noun an object names: itself, its compound ("a mediation mission"), or
        what it measures ("5 million dollars of aid", "ten days of war games")."""
        e = self._noun_entry(o)
        if e is not None:
            return o, e
        for c in o.children:
            if c.dep_ == "compound" and c.pos_ == "NOUN":
                e = self._noun_entry(c)
                if e is not None and not e.word:
                    return c, e
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        e = self._noun_entry(g)
                        if e is not None:
                            return g, e
        return None

    def _verb(self, tok: "Token", used_nouns: set[int]) -> Candidate | None:
        lemma = self.lem[tok.i]
        entry = self._match_verb(tok)
        specific_noun = None
        gift = lemma in self.lex.words("gift")
        predicative = any(c.dep_ == "oprd" for c in tok.children)  # "called the deal a victory"
        if (lemma in self.light or gift) and not predicative:
            for o in self._objects(tok):
                if o.dep_ == "nsubjpass" and lemma != "hold":
                    continue
                found_noun = self._event_noun(o)
                if found_noun is not None and (not gift or found_noun[1].type == "SUPPORT"):
                    specific_noun = found_noun
                    break
        if specific_noun is None and entry is None and lemma in self.lex.words("motion"):
            for c in tok.children:  # "returned to Geneva for talks"
                if c.dep_ == "prep" and c.lower_ == "for":
                    for g in c.children:
                        found_noun = self._event_noun(g) if g.dep_ == "pobj" else None
                        if found_noun is not None and found_noun[1].type == "CONSULT":
                            specific_noun = found_noun
        if specific_noun is not None and (entry is None or entry.specificity == 0 or specific_noun[1].word or gift):
            noun, ne = specific_noun
            used_nouns.add(noun.i)
            for c in noun.children:
                if c.dep_ == "conj":
                    used_nouns.add(c.i)
            return self._build(ne, trigger=noun, clause=tok, nominal=True)
        if entry is None:
            return None
        if specific_noun is not None:
            used_nouns.add(specific_noun[0].i)
        return self._build(entry, trigger=tok, clause=tok, nominal=False)

    def _adj(self, tok: "Token") -> Candidate | None:
        if not any(c.dep_ == "xcomp" for c in tok.children) and self.lem[tok.i] != "opposed":
            return None
        entry = self.lex.adjs[self.lem[tok.i]][0]
        clause = tok.head if tok.dep_ in ("acomp", "amod", "advcl", "xcomp") and tok.head.i != tok.i else tok
        return self._build(entry, trigger=tok, clause=clause, nominal=False)

    def _free_noun(self, tok: "Token") -> Candidate | None:
        """An event noun that is the subject of an occurrence verb ("the talk took place")."""
        head = tok.head
        hl = self.lem[head.i]
        if tok.dep_ == "nsubj" and hl in self.occur and head.pos_ in ("VERB", "AUX"):
            pass
        elif tok.dep_ == "nsubjpass" and hl in ("hold", "conduct", "stage", "launch", "carry"):
            pass
        else:
            return None
        entry = self._noun_entry(tok)
        if entry is None:
            return None
        return self._build(entry, trigger=tok, clause=head, nominal=True)

    # -- building a candidate --

    def _build(self, entry: Entry, *, trigger: "Token", clause: "Token", nominal: bool) -> Candidate | None:
        doc = self.doc
        sent = trigger.sent
        status, negated = self._status(trigger, clause, nominal)
        etype, mode, cameo = entry.type, entry.mode, entry.cameo
        if negated and entry.negated:
            etype, status = entry.negated, "happened"
            mode = _negated_mode(entry.type)
            cameo = None
        first = min(trigger.i, clause.i)
        last = max(trigger.i, clause.i)
        words = [doc[clause.i]] if clause.i != trigger.i else []
        words.append(trigger)
        words += [c for c in trigger.children if c.dep_ in ("prt", "neg")]
        if nominal and clause.i != trigger.i:
            words += [c for c in trigger.children if c.dep_ in ("compound", "amod") and c.i < trigger.i]
        words.sort(key=lambda t: t.i)
        first, last = min(first, words[0].i), max(last, words[-1].i)
        c = Candidate(
            type=etype, mode=mode, cameo=cameo, status=status, trigger=trigger.i, clause=clause.i,
            depth=_depth(clause), sentence=Span(sent.start_char, sent.end_char),
            event_span=Span(doc[first].idx, doc[last].idx + len(doc[last])),
            event_text=" ".join(t.text for t in words), nominal=nominal, entry=entry,
            definite=nominal and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "their", "its")
                                     for c in trigger.children),
        )
        c.past = clause.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBD", "VBZ", "VBP") and
                                                a.lemma_ in ("have", "be", "do") and a.tag_ == "VBD" or
                                                a.lower_ in ("has", "have", "had") for a in clause.children)
        self._participants(c, entry, trigger, clause, nominal)
        if c.type == "ASSAULT" and not c.recipients and c.mode != "crowd-control" and \
                self.lem[trigger.i] in ("fire", "launch", "test") \
                and not any(ch.dep_ == "prep" and ch.lower_ in ("at", "against", "on") and
                            not any(g.ent_type_ in ("DATE", "TIME") for g in ch.children) for ch in trigger.children):
            # missiles fired with no target ("into the sea") are a show of force, not an attack
            c.type, c.mode, c.cameo = "MOBILIZE", "weapons", "150"
        if c.type == "CONSULT" and c.mode == "visit" and not nominal:
            self._military_arrival(c, clause)
        if c.type == "COERCE" and c.mode == "deport" and c.recipients and \
                all(a.kind in ("igo", "ngo", "organisation", "organization") for a in c.recipients):
            # expelling an organisation (an aid agency, a UN mission) from the country is SANCTION
            # 'expel'; COERCE 'deport' is for people (PLOVER manual, SANCTION modes)
            c.type, c.mode, c.cameo = "SANCTION", "expel", "166"
        if c.type == "ASSAULT" and c.status == "planned" and self._prepared_by(trigger):
            # "the army prepared to resume shelling": readying force is MOBILIZE, happening now
            weapons = c.mode in ("heavy-weapons", "aerial", "drone", "explosives", "firearms")
            c.type, c.mode, c.cameo, c.status = "MOBILIZE", "weapons" if weapons else "troops", "150", "happened"
        if c.type == "ASSAULT" and not c.actors and c.recipients and c.status == "happened":
            # "three civilians were killed in a car bombing", "a roadside bomb killed a soldier":
            # the victims are named, the attacker is not. Monitoring desks need the attack, so it
            # is kept with an unknown perpetrator (no country, low confidence) rather than dropped
            c.actors = [UNKNOWN_PERPETRATOR]
            c.confidence = min(c.confidence, 0.5)
        self._mode_and_context(c, trigger, clause)
        c.place = self._place(trigger, clause)
        if c.type == "ASSAULT":
            # strikes on two cities the same day are two events: the city struck is the place
            c.place = self._target_place(trigger, nominal) or c.place
        if not c.recipients and c.place is not None and c.place.country and c.actors and (
                c.type in PLACE_TARGET_TYPES or (c.type == "CONSULT" and c.mode == "visit" and not nominal
                                                 and all(a.country != c.place.country for a in c.actors))):
            c.recipients = [_kb().state_actor(c.place.country)]
            c.recipient_inferred = True
        if not c.recipients and c.place is None and c.actors and c.type != "CONSULT":
            # CAMEO habit, looser: a foreign country the clause names with "in" is whom the act
            # concerns ("troops for a force in Liberia", "an embassy in Tehran"); not the
            # event's place, which stays unknown
            loose = self._sentence_place(trigger, clause)
            if loose is not None and all(a.country != loose.country for a in c.actors):
                c.recipients = [_kb().state_actor(loose.country)]
                c.recipient_inferred = True
                c.confidence -= 0.1
        if c.type == "CONSULT" and c.mode is None and any(a.kind == "igo" for a in c.actors + c.recipients):
            c.mode = "multilateral"  # a meeting of, or with, an alliance or IGO
        if c.type == "CONSULT" and c.mode is None and c.place is not None:
            c.mode = _place_mode(c)
        if nominal:
            c.confidence -= 0.05
        return c

    def _military_arrival(self, c: Candidate, clause: "Token") -> None:
        """Troops arriving somewhere are no visit: peacekeepers are military assistance (AID,
        "personnel" in the PLOVER manual), other forces a deployment (MOBILIZE)."""
        subj, _ = self._subject_tokens(clause)
        if subj is None:
            return
        words = {self.lem[t.i] for t in subj.subtree if t.i < clause.i}
        if not words & MILITARY_NOUNS:
            return
        if words & PEACEKEEPING:
            c.type, c.mode, c.cameo = "AID", None, "074"
        else:
            c.type, c.mode, c.cameo = "MOBILIZE", "troops", "154"

    # -- status --

    def _status(self, trigger: "Token", clause: "Token", nominal: bool) -> tuple[str, bool]:
        negated = False
        planned = False
        hypo = False
        if nominal:
            for ch in trigger.children:
                low = ch.lower_
                if ch.dep_ == "det" and low in NEG_DETS:
                    negated = True
                elif ch.dep_ in ("amod", "compound") and self.lem[ch.i] in self.future_adj:
                    planned = True
                elif ch.dep_ in ("amod",) and low in self.hypo_adj:
                    hypo = True
        tok = clause
        for _ in range(6):
            aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
            if any(c.dep_ == "neg" for c in tok.children):
                negated = not negated
            if aux & FUTURE_AUX or ("going" in aux and any(c.lower_ == "to" for c in tok.children)):
                planned = True
            if aux & HYPO_AUX:
                hypo = True
            if "would" in aux:
                # future-in-the-past under a speech verb ("said it would meet") is a plan
                if tok.dep_ == "ccomp" and self.lem[tok.head.i] in self.report:
                    planned = True
                else:
                    hypo = True
            if aux & DEONTIC_AUX:
                hypo = True
            if tok.dep_ != "ROOT" and "to" in aux and "be" in aux and tok.tag_ == "VBN" and not _subject(tok):
                planned = True  # "a meeting to be held in New York"
            for c in tok.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in c.children):
                    hypo = True
            if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in tok.children):
                hypo = True
            head = tok.head
            if _controlled(tok) and head.i != tok.i:
                hl = self.lem[head.i]
                if hl in self.fail:
                    negated = not negated
                elif hl in self.intend or head.pos_ == "ADJ" or hl == "be":
                    planned = True
                elif tok.dep_ == "advcl":
                    break  # a purpose clause ("met to discuss") does not inherit its head's status
                tok = head
                continue
            if tok.dep_ == "acl" and head.pos_ == "NOUN" and self.lem[head.i] in REFUSAL_NOUNS and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                negated = not negated  # "the government's refusal to accept ..."
                break
            if tok.dep_ in ("conj",) and head.i != tok.i and _subject(tok) is None:
                # coordinated verbs share auxiliaries ("will meet and discuss"), not clauses with
                # their own subject ("X did not attack, and Y condemned it")
                tok = head
                continue
            break
        if negated:
            return "denied", True
        if hypo:
            return "hypothetical", False
        if planned:
            return "planned", False
        return "happened", False

    # -- mode, context, place --

    def _clause_lemmas(self, trigger: "Token", clause: "Token") -> set[str]:
        out = set()
        for root in {trigger.i: trigger, clause.i: clause}.values():
            stack = [root]
            n = 0
            while stack and n < 40:
                t = stack.pop()
                n += 1
                out.add(self.lem[t.i])
                out.add(t.lower_)
                for ch in t.children:
                    if ch.dep_ not in ("ccomp", "parataxis", "conj", "relcl") and ch.i not in (trigger.i,) or ch is trigger:
                        stack.append(ch)
        return out

    def _mode_and_context(self, c: Candidate, trigger: "Token", clause: "Token") -> None:
        if c.mode is None and c.type in _MODED:
            lemmas = self._clause_lemmas(trigger, clause)
            for etype, mode, cues in self.lex.mode_cues:
                if etype == c.type and lemmas & cues:
                    c.mode = mode
                    break
        if c.mode is None and c.type == "ASSAULT" and self.lem[trigger.i] in ("kill", "murder", "shoot", "gun"):
            # killing a named person or an office holder is a targeted killing (PLOVER manual)
            for o in trigger.children:
                if o.dep_ in ("dobj", "nsubjpass"):
                    m = self.m.at(o.i)
                    if self.lem[o.i] in OFFICIAL_NOUNS or (m is not None and m.actor is not None and
                                                           m.actor.kind == "person"):
                        c.mode = "targeted"
        c.context = self._sentence_context(trigger.sent)
        topics = []
        for h in (trigger, clause):
            for ch in h.children:
                if ch.dep_ == "prep" and ch.lower_ in ("on", "about", "over", "regarding", "concerning"):
                    for g in ch.children:
                        if g.dep_ == "pobj" and self.m.at(g.i) is None and g.ent_type_ not in _NOT_TOPIC_ENTS \
                                and self.lem[g.i] not in _NOT_TOPICS:
                            topics.append(self.doc[g.left_edge.i : g.right_edge.i + 1].text)
        c.topics = topics[:3]

    def _sentence_context(self, sent) -> list[str]:
        """PLOVER contexts named by the sentence's words (computed once per sentence)."""
        got = self._context_cache.get(sent.start)
        if got is None:
            lemmas = {self.lem[t.i] for t in sent}
            got = [name for name, cues in self.lex.context_cues if lemmas & cues]
            self._context_cache[sent.start] = got
        return list(got)

    def _place(self, trigger: "Token", clause: "Token") -> Place | None:
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
                            p = self._place_at(g)
                            if p is not None:
                                return p
                            frontier.append(g)  # "in a gunbattle in southern Serbia"
                elif ch.dep_ in ("advcl", "xcomp", "acl", "relcl") and not self.lem[ch.i] in self.report:
                    if ch.i != trigger.i:
                        frontier.append(ch)
                elif ch.dep_ in ("prep",) and ch.lower_ in ("on", "of"):
                    frontier.append(ch)
                elif ch.dep_ == "dobj" and t.i != clause.i:
                    frontier.append(ch)  # "threatened to resume attacks in Israel"
                elif ch.dep_ == "pobj" and t.dep_ == "prep":
                    frontier.append(ch)
        return None

    def _sentence_place(self, trigger: "Token", clause: "Token") -> Place | None:
        """A looser reading when the event's own phrases name no place: the first "in X" place
        in the clause's words, wherever it hangs ("contribute troops to a force in Liberia",
        "opened an embassy in Tehran"), except inside the subject, a report and a clause with a
        subject of its own ("as NATO leaders gathered in Washington")."""
        subj = _subject(clause)
        skip: set[int] = set()
        own_clause = ("ccomp", "relcl", "parataxis", "advcl")
        if subj is not None:
            skip.update(t.i for t in subj.subtree)
        for t in clause.subtree:
            if t.i not in (clause.i, trigger.i) and ((t.dep_ in own_clause and _subject(t) is not None)
                                                     or self.lem[t.i] in self.report):
                skip.update(x.i for x in t.subtree)
        for t in clause.subtree:
            if t.i in skip or t.dep_ != "prep" or t.lower_ != "in":
                continue
            for g in t.children:
                if g.dep_ == "pobj":
                    p = self._place_at(g)
                    if p is not None and p.country:
                        return p
        return None

    def _place_at(self, tok: "Token") -> Place | None:
        cands = [tok] + [c for c in tok.children if c.dep_ in ("appos", "compound")]
        for t in cands:
            ent = self._ent_at(t.i)
            if t.ent_type_ not in PLACE_ENTS:
                p = self._city_place(t)
                if p is not None:
                    return p
                continue
            if t.ent_type_ in PLACE_ENTS:
                if ent is None:
                    continue
                m = self.m.at(t.i)
                country = None
                if m is not None and m.actor is not None:
                    country = m.actor.country
                if country is None:
                    country = _place_country(ent.text)
                return Place(name=ent.text, country=country, evidence=[Span(ent.start_char, ent.end_char)])
        return None

    def _city_place(self, t: "Token") -> Place | None:
        """A city the NER missed or tags as a person ("struck Kharkiv"): a proper noun that names
        no actor but a city in the gazetteer is that place."""
        ent = self._ent_at(t.i)
        if t.pos_ != "PROPN" and not (ent is not None and t.text[:1].isupper() and not t.is_sent_start):
            return None  # a proper noun, or a capitalised name the tagger took for a noun ("Homs")
        m = self.m.at(t.i)
        if m is not None and _city_country(m.text) is None:
            return None  # an actor's name; a capital standing for its government is still a place
        if ent is not None and ent.label_ in ("DATE", "TIME", "NORP"):
            return None
        if ent is not None:
            name, start, end = ent.text, ent.start_char, ent.end_char
        else:
            name, start, end = t.text, t.idx, t.idx + len(t)
        code = _city_country(name)
        return Place(name=name, country=code, evidence=[Span(start, end)]) if code else None

    def _target_place(self, trigger: "Token", nominal: bool) -> Place | None:
        """The place an attack falls on: the object of "shelled Kharkiv", "a strike on Odesa"."""
        objs = [] if nominal else [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        for ch in trigger.children:
            if ch.dep_ == "prep" and ch.lower_ in ("on", "against", "at"):
                objs += [g for g in ch.children if g.dep_ == "pobj"]
        for o in objs:
            p = self._place_at(o)
            if p is None and o.pos_ == "NOUN":  # "the northeastern city of Kharkiv"
                p = next((self._place_at(g) for ch in o.children if ch.dep_ == "prep" and ch.lower_ == "of"
                          for g in ch.children if g.dep_ == "pobj"), None)
            if p is not None and p.country and _city_country(p.name):
                return p  # a city or capital; a state attacked ("attacked Libya") is the target only
        return None

    def _ent_at(self, i: int):
        if self._ents is None:
            self._ents = {}
            for e in self.doc.ents:
                for j in range(e.start, e.end):
                    self._ents[j] = e
        return self._ents.get(i)

    # -- content clauses and times --

    def _suppress_contents(self, found: list[Candidate]) -> None:
        """Events inside a request/refusal/threat/accusation are its content, not events; an
        intention to do harm ("is prepared to impose martial law") is a threat (PLOVER manual)."""
        for c in found:
            if c.type != "AGREE" or c.entry is None:
                continue
            for other in found:
                if other is c or other.suppressed or cameo_quad(other.type) not in (3, 4):
                    continue
                if _governs_by_xcomp(self.doc[c.trigger], self.doc[other.clause]):
                    other.suppressed = True
                    c.type, c.cameo = "THREATEN", "130"
                    c.mode = THREAT_MODE_BY_CONTENT.get(other.type)
                    if not c.recipients:
                        c.recipients = other.recipients
        for c in found:
            if c.type not in self.content_types or c.suppressed:
                continue
            trig = self.doc[c.trigger]
            region = _content_region(trig)
            if c.clause != c.trigger:
                region |= _content_region(self.doc[c.clause]) - {c.trigger}
            for other in found:
                if other is c or other.suppressed:
                    continue
                if other.clause in region or (other.trigger in region and other.clause == other.trigger):
                    other.suppressed = True
                    if c.mode is None:
                        c.mode = _content_mode(c.type, other.type)
                        if c.mode and c.cameo and c.cameo.endswith("0"):
                            c.cameo = None
                    if not c.recipients and other.recipients and c.type in ("THREATEN", "REJECT"):
                        c.recipients = other.recipients

    def _rally_against(self, found: list[Candidate]) -> None:
        """Calling for harm to a third party ("called for sanctions against Nigeria", "called on
        Arabs to mobilize against Sharon") is rallying opposition: CAMEO 113, ACCUSE disapprove."""
        for c in found:
            if c.type != "REQUEST" or c.suppressed:
                continue
            trig = self.doc[c.trigger]
            for t in trig.subtree:
                if t.dep_ != "prep" or t.lower_ != "against" or t.i == c.trigger:
                    continue
                heads = [t.head] + [g for p in trig.children if p.dep_ == "prep" and p.lower_ == "for"
                                    for g in p.children if g.dep_ == "pobj"]
                harmful = any((self._noun_entry(h) is not None and self._noun_entry(h).type in _HARM) or
                              self.lem[h.i] in ("mobilize", "mobilise", "unite", "rally", "act", "fight")
                              for h in heads)
                targets = [m for g in t.children if g.dep_ == "pobj" for m in self._mentions_in(g, 2)]
                if harmful and targets:
                    c.type, c.mode, c.cameo = "ACCUSE", "disapprove", "113"
                    c.recipients = _flatten_mentions(targets)
                    break

    def _reported_demands(self, sent, found: list[Candidate]) -> None:
        """"X said Y must do Z" is X REQUEST Y (mode from Z); Z itself is content, not an event."""
        for tok in sent:
            if self.lem[tok.i] not in self.report or tok.pos_ not in ("VERB", "AUX"):
                continue
            for cc in tok.children:
                if cc.dep_ != "ccomp" or not _deontic(cc):
                    continue
                content = [c for c in found if c.clause == cc.i or c.trigger == cc.i]
                for c in content:
                    c.suppressed = True
                mode = _content_mode("REQUEST", content[0].type) if content else "change"
                cand = self._build(_REPORTED_DEMAND, trigger=tok, clause=tok, nominal=False)
                if cand is not None:
                    # "Japan said it must ...": a state does not demand of itself; a named person or
                    # another body of the same country is a domestic demand ("rebels said the
                    # president must ...")
                    own = {a.country for a in cand.actors if a.country and a.kind in ("state", "government")}
                    ids = {a.id for a in cand.actors}
                    cand.recipients = [a for a in cand.recipients if a.id not in ids and (
                        a.kind == "person" or not a.country or a.country not in own)]
                if cand is not None and cand.actors and cand.recipients:
                    cand.mode = mode
                    cand.cameo = None
                    cand.confidence -= 0.1
                    found.append(cand)

    def _attach_timexes(self, sent, found: list[Candidate]) -> None:
        owners = {}
        for c in found:
            owners.setdefault(c.clause, c)
            owners.setdefault(c.trigger, c)
        for c in found:  # "drove into Brussels on Thursday, blocking streets": the verb's time
            head = _participle_head(self.doc[c.clause])
            if head is not None:
                owners.setdefault(head, c)
        for i in range(sent.start, sent.end):
            tvs = self.timex_at.get(i)
            if not tvs:
                continue
            tok = self.doc[i]
            owner = None
            for _ in range(12):
                if tok.i in owners:
                    owner = owners[tok.i]
                    break
                if tok.head.i == tok.i:
                    break
                tok = tok.head
            if owner is not None:
                owner.timexes.extend(tvs)
            else:
                for c in found:
                    c.report_timexes.extend(tvs)


def _participle_head(clause: "Token") -> int | None:
    """The verb a trailing participle clause hangs on ("drove ..., blocking streets"): it shares
    that verb's time and place."""
    if clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.head.i != clause.i and clause.head.pos_ in ("VERB", "AUX"):
        return clause.head.i
    return None


_MODED = frozenset({"CONSULT", "ASSAULT", "PROTEST", "MOBILIZE", "REJECT", "REQUEST", "COERCE", "THREATEN"})


#: "on the sidelines of", "on Monday", "on the phone": circumstances, not what was discussed
_NOT_TOPICS = frozenset({"sideline", "sidelines", "margin", "margins", "occasion", "eve", "behalf", "basis",
                         "phone", "telephone", "visit", "trip", "tour", "way", "day", "night", "evening", "morning"})
_NOT_TOPIC_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL"})
_HARM = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "THREATEN"})
_REPORTED_DEMAND = Entry("verb", "say", "REQUEST", None, "100", None)


def _negated_mode(etype: str) -> str | None:
    return {"CONSULT": "meet", "AGREE": "meet", "AID": "assist", "COOPERATE": "assist", "CONCEDE": "yield",
            "RETREAT": "yield", "SUPPORT": "change"}.get(etype)


def _content_mode(speech_type: str, content_type: str) -> str | None:
    if speech_type in ("REQUEST", "REJECT"):
        return REQUEST_MODE_BY_CONTENT.get(content_type, "change")
    if speech_type == "THREATEN":
        return THREAT_MODE_BY_CONTENT.get(content_type)
    return None


def _place_mode(c: Candidate) -> str | None:
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


def _place_country(name: str) -> str | None:
    """The state a place name stands for: a state's name or a capital ("Amman" -> JOR)."""
    from teller.actors.kb import norm
    kb = _kb()
    key = norm(name)
    if key.startswith("the "):
        key = key[4:]
    code = kb.capitals.get(key)
    if code is None:
        st = kb.country(name)
        code = st.country if st is not None else None
    return code or kb.cities.get(key)


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _day_offset(prep: "Token") -> int | None:
    """How many days "three days after" / "a day before" puts between two events (None: not said)."""
    unit = next((c for c in prep.children if c.dep_ == "npadvmod"), None)
    if unit is None and prep.head.dep_ == "npadvmod":
        unit = prep.head  # "a day after": the unit heads the preposition
    if unit is None or unit.lower_ not in _DAY_UNITS:
        return None
    count = next((c for c in unit.children if c.dep_ in ("nummod", "det")), None)
    n = _NUMBER_WORDS.get(count.lower_) if count is not None else None
    if n is None and count is not None and count.text.isdigit():
        n = int(count.text)
    return None if n is None else n * _DAY_UNITS[unit.lower_]


def _shift_days(tv: TimeValue, days: int) -> TimeValue | None:
    """The whole day ``days`` before/after a day-dated time value (None when it is no day)."""
    if not _DAY_VALUE.match(tv.value) or not tv.start:
        return None
    try:
        first = datetime.fromisoformat(tv.start)
    except ValueError:
        return None
    start = first.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)
    end = start + timedelta(days=1)
    return TimeValue(value=start.date().isoformat(), type="DATE", text=tv.text, evidence=[],
                     start=start.isoformat(), end=end.isoformat(), granularity="day", tz=tv.tz,
                     anchor=tv.value, confidence=min(tv.confidence, 0.8))


def _city_country(name: str) -> str | None:
    """The state of a city or capital named ``name`` (None for other names)."""
    from teller.actors.kb import norm
    kb = _kb()
    key = norm(name)
    return kb.capitals.get(key) or kb.cities.get(key)
