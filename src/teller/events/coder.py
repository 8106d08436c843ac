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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from teller.events.cameo import QUAD
from teller.events.lexicon import Entry, Lexicon
from teller.records import Actor, Mention, Place, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
OBJ = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
CLAUSE_STOP = frozenset({"ccomp", "parataxis", "conj", "cc", "punct", "relcl"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPO_AUX = frozenset({"could", "might", "may"})
DEONTIC_AUX = frozenset({"must", "should"})
COND_MARKS = frozenset({"if", "unless"})
NEG_DETS = frozenset({"no"})
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "order", "press", "force", "allow", "invite", "persuade",
                            "help", "encourage", "tell", "permit", "pressure", "remind", "appeal", "request"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them"})
REQUEST_MODE_BY_CONTENT = {
    "CONSULT": "meet", "AGREE": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
    "RETREAT": "yield", "CONCEDE": "yield",
}
THREAT_MODE_BY_CONTENT = {
    "SANCTION": "relations", "REJECT": "relations", "COERCE": "restrict", "ASSAULT": "violence",
    "MOBILIZE": "violence", "PROTEST": "restrict",
}


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
        self.head_of: dict[int, Mention] = {}
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
            self.head_of.setdefault(span.root.i, m)
            for a in _actors_of(m):
                self.first_pos.setdefault(a.id, sp.start)

    def at(self, i: int) -> Mention | None:
        return self.by_token[i]


def _actors_of(m: Mention) -> list[Actor]:
    if m.members:
        return list(m.members)
    return [m.actor] if m.actor is not None else []


# --- the coder ----------------------------------------------------------------------------------


class SentenceCoder:
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
        self._attach_timexes(sent, found)
        kept = [c for c in found if not c.suppressed]
        for c in kept:
            parts = c.actors + [a for a in c.recipients if a not in c.actors]
            if len(parts) >= 2:
                self.recent_plural = parts
        return kept

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
        return False

    def _objects(self, tok: "Token") -> list["Token"]:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        for c in tok.children:  # "speak by phone", "break off relations": object behind a particle
            if c.dep_ == "prep" and self.lem[c.i] in ("off", "on", "to", "of", "in"):
                objs += [g for g in c.children if g.dep_ == "pobj"]
        out = []
        for o in objs:
            out.append(o)
            out += [c for c in o.children if c.dep_ == "conj"]
        return out

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
        if c.type == "ASSAULT" and not c.recipients and self.lem[trigger.i] in ("fire", "launch", "test") \
                and not any(ch.dep_ == "prep" and ch.lower_ in ("at", "against", "on") and
                            not any(g.ent_type_ in ("DATE", "TIME") for g in ch.children) for ch in trigger.children):
            # missiles fired with no target ("into the sea") are a show of force, not an attack
            c.type, c.mode, c.cameo = "MOBILIZE", "weapons", "150"
        self._mode_and_context(c, trigger, clause)
        c.place = self._place(trigger, clause)
        if c.type == "CONSULT" and c.mode is None and any(a.kind == "igo" for a in c.actors + c.recipients):
            c.mode = "multilateral"  # a meeting of, or with, an alliance or IGO
        if c.type == "CONSULT" and c.mode is None and c.place is not None:
            c.mode = _place_mode(c)
        if nominal:
            c.confidence -= 0.05
        return c

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
        reported = False
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
            if tok.dep_ == "xcomp" and head.i != tok.i:
                hl = self.lem[head.i]
                if hl in self.fail:
                    negated = not negated
                elif hl in self.intend or head.pos_ == "ADJ" or hl == "be":
                    planned = True
                tok = head
                continue
            if tok.dep_ == "ccomp" and self.lem[head.i] in self.report:
                reported = True
            if tok.dep_ in ("conj",) and head.i != tok.i:
                # coordinated verbs share auxiliaries ("will meet and discuss")
                tok = head
                continue
            break
        if planned and not reported and clause.tag_ in ("VBD",) and not nominal:
            planned = any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children) or planned
        if negated:
            return "denied", True
        if hypo:
            return "hypothetical", False
        if planned:
            return "planned", False
        return "happened", False

    # -- participants --

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
                if m is not None and self._ethnic(t):
                    # "Ethnic Albanians in south Serbia": an ethnic group is coded by where it
                    # lives when the phrase names a place, else by the group's name
                    group = t if t.dep_ not in ("amod", "compound") else t.head
                    place = [x for c in group.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
                             for g in c.children if g.dep_ == "pobj" for x in self._mentions_in(g, 2) if x is not m]
                    if place:
                        hits.append((t, place[0]))
                        continue
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
            t.dep_ in ("amod", "compound") and any(c.lower_ == "ethnic" for c in t.head.children))

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
            elif subj is not None:
                actor_ms = self._mentions_in(subj, 5, _SUBJECT_PREPS)
                if not actor_ms:
                    actor_ms = [m for a in subj.children if a.dep_ == "appos" for m in self._mentions_in(a, 3)][:1]
                if not actor_ms and self.lem[subj.i] in self.lex.words("people"):
                    actor_ms = self._place_mentions(clause)
                if not actor_ms:
                    named = self._unresolved_name(subj)
                    if named is not None:
                        actor_ms = [named]
                if not actor_ms and subj.lower_ in PRONOUNS | {"who", "which", "that"}:
                    actor_ms = self._speaker_mentions(clause)
                if not actor_ms and subj.lower_ in ("they", "we") and self.recent_plural:
                    plural = list(self.recent_plural)
                    c.confidence -= 0.1
        if not actor_ms and not plural and not passive and not nominal:
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
        c.actor_mentions = actor_ms
        actors = _flatten(actor_ms)
        # the same actor named twice is kept ("Montenegro officials demanded support from the
        # Montenegro Assembly": a domestic event); the very same mention is not
        recip_ms = [m for m in recip_ms if m not in actor_ms]
        recipients = _flatten(recip_ms)
        if len(actor_ms) == 1 and len(recip_ms) == 1 and actor_ms[0].text == recip_ms[0].text:
            recipients = []
        if not recipients and c.type == "PROTEST":
            recipients = self._protest_target(trigger, clause, actors)
        if c.type == "CONSULT" and entry.lemma == "host" and not nominal and recipients:
            actors, recipients = recipients, actors  # the visitor is the actor (PLOVER manual)
        if not recipients and len(actors) > 1 and c.mutual:
            ordered = sorted(actors, key=lambda a: self.m.first_pos.get(a.id, 1 << 30))
            actors, recipients = ordered[:1], ordered[1:]
        c.actors, c.recipients = actors, recipients
        c.confidence = min([c.confidence] + [m.confidence * 0.85 + 0.15 for m in actor_ms + recip_ms])

    def _unresolved_name(self, subj: "Token") -> Mention | None:
        """A named subject the knowledge base does not know ("The Hamas", "the RUF") still acts:
        it becomes an actor of kind "unresolved" (no country, low confidence) so the event is
        kept and can be resolved later, instead of being dropped."""
        frontier, near = [subj], []
        for _ in range(3):  # the subject, its modifiers, and "leaders of the X coalition"
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

    def _place_mentions(self, clause: "Token") -> list[Mention]:
        """Unnamed people acting in a named place are that place's people (CAMEO habit):
        "Hundreds of thousands of people blocked streets in Hong Kong"."""
        for ch in clause.children:
            if ch.dep_ == "prep" and ch.lower_ in ("in", "throughout", "across", "at", "outside"):
                for g in ch.children:
                    if g.dep_ == "pobj":
                        ms = [m for m in self._mentions_in(g, 3, _SUBJECT_PREPS | {"at"}) if m.actor is not None and
                              (m.kind in _PLACE_KINDS or m.actor.kind == "state")]
                        if ms:
                            return ms[:1]
        return []

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
                ms = self._mentions_in(s, 5, _SUBJECT_PREPS)
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
        topic_obj = self.lem[trigger.i] in self.lex.words("topic_obj")
        if not nominal:
            for ch in trigger.children:
                if ch.dep_ in ("dobj", "dative", "iobj") and not (topic_obj and ch.dep_ == "dobj"):
                    ms = ok(self._mentions_in(ch, 4, _OBJECT_PREPS))
                    if ms:
                        return ms
        else:
            for ch in clause.children:
                if ch.dep_ in ("dative", "iobj"):
                    ms = ok(self._mentions_in(ch))
                    if ms:
                        return ms
        for h in heads:
            for ch in h.children:
                if ch.dep_ == "prep" and _recipient_prep(ch.lower_, c.type):
                    for g in ch.children:
                        if g.dep_ == "pobj":
                            ms = ok(self._mentions_in(g, 2))
                            if ms:
                                return ms
        if c.type in self.content_types or c.type in ("AGREE",):
            kids = list(trigger.children) + (list(clause.children) if nominal and clause.i != trigger.i else [])
            for ch in kids:  # "demanded that the US cancel...": the content's subject
                if ch.dep_ in ("ccomp", "xcomp"):
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
                            if p.dep_ == "prep" and p.lower_ == "against":
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
        c.context = self._sentence_context(trigger.sent)
        topics = []
        for h in (trigger, clause):
            for ch in h.children:
                if ch.dep_ == "prep" and ch.lower_ in ("on", "about", "over", "regarding", "concerning"):
                    for g in ch.children:
                        if g.dep_ == "pobj" and self.m.at(g.i) is None and g.ent_type_ not in ("DATE", "TIME"):
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
                elif ch.dep_ in ("advcl", "xcomp", "acl", "relcl") and not self.lem[ch.i] in self.report:
                    if ch.i != trigger.i:
                        frontier.append(ch)
                elif ch.dep_ in ("prep",) and ch.lower_ in ("on", "of"):
                    frontier.append(ch)
                elif ch.dep_ == "pobj" and t.dep_ == "prep":
                    frontier.append(ch)
        return None

    def _place_at(self, tok: "Token") -> Place | None:
        cands = [tok] + [c for c in tok.children if c.dep_ in ("appos", "compound")]
        for t in cands:
            if t.ent_type_ in PLACE_ENTS:
                ent = self._ent_at(t.i)
                if ent is None:
                    continue
                m = self.m.at(t.i)
                country = None
                if m is not None and m.actor is not None:
                    country = m.actor.country
                return Place(name=ent.text, country=country, evidence=[Span(ent.start_char, ent.end_char)])
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
                    own = {a.country for a in cand.actors if a.country}
                    cand.recipients = [a for a in cand.recipients if not a.country or a.country not in own]
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


_SUBJECT_PREPS = frozenset({"of", "from", "in", "throughout", "across", "inside"})
_OBJECT_PREPS = frozenset({"of", "from", "by", "in", "to", "for", "against"})
_PLACE_KINDS = frozenset({"state", "capital", "country", "gpe", "place", "region", "city"})
_NO_DESCEND = frozenset({"relcl", "acl", "ccomp", "advcl", "punct", "cc", "xcomp", "conj"})
_MODED = frozenset({"CONSULT", "ASSAULT", "PROTEST", "MOBILIZE", "REJECT", "REQUEST", "COERCE", "THREATEN"})


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _dateline_tokens(doc: "Doc") -> list[int]:
    """Token indices of a news dateline opening a sentence ("WASHINGTON -", "NEW DELHI -")."""
    out: list[int] = []
    for sent in doc.sents:
        words = []
        for t in sent[:8]:
            if t.text in _DASHES:
                if words and all(w.text.isupper() or not w.is_alpha for w in words):
                    out.extend(w.i for w in words)
                break
            words.append(t)
    return out


def _known_words(lex: Lexicon) -> frozenset[str]:
    words = set(lex.verbs) | set(lex.nouns) | set(lex.adjs)
    for ws in lex.classes.values():
        words |= ws
    return frozenset(words)


_KNOWN: dict[int, frozenset[str]] = {}
#: Irregular forms of lexicon verbs that the small model sometimes leaves unlemmatized.
_IRREGULAR = {"sworn": "swear", "swore": "swear", "fought": "fight", "struck": "strike", "shot": "shoot",
              "froze": "freeze", "frozen": "freeze", "withdrew": "withdraw", "withdrawn": "withdraw",
              "forgave": "forgive", "forgiven": "forgive", "sent": "send", "held": "hold", "met": "meet",
              "beaten": "beat", "stole": "steal", "broke": "break", "broken": "break", "cut": "cut"}


def _lemmas(doc: "Doc", lex: Lexicon) -> list[str]:
    """Lower-case lemmas, repaired where the small model's lemmatizer misses a word the lexicon
    knows ("staged" -> "stag"): the inflected form is stripped back to a known verb."""
    known = _KNOWN.get(id(lex))
    if known is None:
        known = _KNOWN[id(lex)] = _known_words(lex)
    out = []
    for t in doc:
        lem = t.lemma_.lower()
        if lem not in known and t.lower_ in _IRREGULAR:
            lem = _IRREGULAR[t.lower_]
        elif lem not in known and t.tag_[:2] == "VB":
            low = t.lower_
            for cand in (low[:-1], low[:-2], low[:-3], low[:-3] + "e", low[:-4], low[:-1] + "e"):
                if len(cand) > 2 and cand in known:
                    lem = cand
                    break
        out.append(lem)
    return out


_PREP_TYPES: dict[str, frozenset[str] | None] = {
    "with": None, "to": None,
    "against": frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}),
    "on": frozenset({"REQUEST", "ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}),
    "upon": frozenset({"REQUEST", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}),
    "from": frozenset({"REQUEST", "SANCTION", "RETREAT", "AID", "REJECT", "CONCEDE", "AGREE", "COERCE"}),
    "into": frozenset({"ACCUSE", "COERCE"}),
    "between": frozenset({"CONSULT", "AGREE"}),
    "for": frozenset({"AID", "SUPPORT"}),
    "at": frozenset({"ASSAULT", "THREATEN"}),
    "toward": frozenset({"REQUEST", "THREATEN", "MOBILIZE"}),
    "towards": frozenset({"REQUEST", "THREATEN", "MOBILIZE"}),
}


def _recipient_prep(prep: str, etype: str) -> bool:
    if prep not in _PREP_TYPES:
        return False
    types = _PREP_TYPES[prep]
    return types is None or etype in types


_REPORTED_DEMAND = Entry("verb", "say", "REQUEST", None, "100", None)


def cameo_quad(etype: str) -> int | None:
    return QUAD.get(etype)


def _deontic(clause: "Token") -> bool:
    """"must", "should", "has to", "needs to" on a clause."""
    for a in clause.children:  # "should" is advice, not a demand
        if a.dep_ == "aux" and a.lower_ == "must":
            return True
    if clause.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in clause.children):
        return True
    return False


def _governs_by_xcomp(top: "Token", tok: "Token") -> bool:
    for _ in range(4):
        if tok.dep_ != "xcomp" or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == top.i:
            return True
    return False


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


def _content_region(tok: "Token") -> set[int]:
    out: set[int] = set()
    for ch in tok.children:
        if ch.dep_ in ("xcomp", "ccomp", "dobj", "prep", "pcomp", "acl", "attr", "oprd", "advcl") and ch.dep_ != "conj":
            if ch.dep_ == "advcl" and _subject(ch) is not None:
                continue
            if ch.dep_ == "dobj":  # the object itself, not what its participles say about it
                skip = {t.i for g in ch.children if g.dep_ == "relcl" or (g.dep_ == "acl" and g.tag_ in ("VBN", "VBG"))
                        for t in g.subtree}
                out.update(t.i for t in ch.subtree if t.i not in skip)
                continue
            out.update(t.i for t in ch.subtree)
    return out


def _subject(tok: "Token") -> "Token | None":
    """The clause's subject; with two (a label parsed as one: "NHK: Kamikawa held ..."), the
    one nearest the verb."""
    found = None
    for c in tok.children:
        if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
            if found is None or (c.i < tok.i and c.i > found.i):
                found = c
    return found


def _conjuncts(tok: "Token") -> list["Token"]:
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _depth(tok: "Token") -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _flatten(ms: Iterable[Mention]) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    for m in ms:
        for a in _actors_of(m):
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return out
