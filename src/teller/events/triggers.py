"""Event triggers: verbs the lexicon lists (with the objects, particles and actor objects an
entry requires), event nouns under light verbs ("held talks") and motion verbs ("returned for
talks"), event nouns that occur ("the talks took place"), and "willing/ready" adjectives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.build import EXERCISE_NOUNS, build_candidate, joint_exercise
from teller.events.context import Candidate, CodingContext, actors_of, flatten_mentions, objects_of
from teller.events.lexicon import Entry
from teller.events.mentions import mentions_in, states_named_before
from teller.events.sides import joint_subject
from teller.events.syntax import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token


#: "Biden and Xi spoke today": speaking with no one named, by two parties together, is talks.
_JOINT_SPEECH = Entry("verb", "speak", "CONSULT", None, "040", None)
#: Speaking to or before someone else (an audience, reporters), not with each other.
_AUDIENCE_PREPS = frozenset({"to", "at", "before", "for", "against"})


def match_verb(ctx: CodingContext, tok: Token) -> Entry | None:
    entries = ctx.lex.verbs.get(ctx.lem[tok.i], ())
    # first the object behind an access noun ("blocked access to websites" is censorship),
    # then the objects themselves ("blocked access to the bridge" is an obstruction)
    inner = [t for t in (behind_access(o) for o in pattern_objects(ctx, tok)) if t is not None]
    if inner:
        lemmas = {ctx.lem[t.i] for t in inner} | {t.lower_ for t in inner}
        for e in entries:
            if e.objects and lemmas & e.objects and fits(ctx, tok, e):
                return e
    for e in entries:
        if e.objects and not has_object(ctx, tok, e.objects):
            continue
        if fits(ctx, tok, e):
            return e
    if ctx.lem[tok.i] == "speak" and joint_subject(ctx, tok) is not None and \
            not any(c.dep_ in ("prep", "dative") and c.lower_ in _AUDIENCE_PREPS for c in tok.children):
        return _JOINT_SPEECH
    return None


def fits(ctx: CodingContext, tok: Token, e: Entry) -> bool:
    """The entry's conditions other than its object: a child word, an actor as object."""
    if e.word and not has_child_word(ctx, tok, e.word):
        return False
    return not (e.actor_object and not has_object_mention(ctx, tok, e.word))


def behind_access(o: Token) -> Token | None:
    """What "access to X" opens: X."""
    if o.lemma_.lower() not in ("access", "entry"):
        return None
    return next((g for p in o.children if p.dep_ == "prep" and p.lower_ == "to"
                 for g in p.children if g.dep_ == "pobj"), None)


def has_child_word(ctx: CodingContext, tok: Token, word: str) -> bool:
    for c in tok.children:
        if c.lower_ == word or ctx.lem[c.i] == word:
            return c.dep_ in ("prt", "prep", "advmod", "acomp", "dobj", "agent", "npadvmod", "pobj", "compound:prt",
                              "oprd", "xcomp", "ccomp")  # "declared him persona non grata"
        if c.dep_ in ("advcl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == word for m in c.children):
            return True  # "pushing for the US (to) support the plan"
        if c.dep_ in ("ccomp", "xcomp", "oprd") \
                and any(g.lower_ == word for g in c.children if g.dep_ in ("dobj", "attr")):
            return True  # "declared him persona non grata", parsed as a small clause
    return False


#: Prepositions whose object is the verb's own ("agreed on a ceasefire", "broke off ties",
#: "turned to mediation"); "in" and the rest introduce adjuncts ("in response to ...", "in
#: exchange for ...") that must not satisfy an entry's object.
OBJECT_PARTICLES = frozenset({"off", "on", "to", "of"})


def pattern_objects(ctx: CodingContext, tok: Token) -> list[Token]:
    """What a `+object` entry reads: objects proper and the object behind a particle after the
    verb, each seen through a measure noun ("a barrage of insults" is insults)."""
    out = []
    for o in objects_of(ctx, tok):
        if o.dep_ == "pobj" and (o.head.i < tok.i or ctx.lem[o.head.i] not in OBJECT_PARTICLES):
            continue
        out.append(measured_event(ctx, o) or o)
    return out


def measured_event(ctx: CodingContext, o: Token) -> Token | None:
    """The event noun a measure noun counts ("a wave of arrests", "a series of strikes")."""
    if ctx.lem[o.i] not in ctx.lex.words("measure"):
        return None
    for c in o.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and noun_entry(ctx, g) is not None:
                    return g
    return None


def has_object(ctx: CodingContext, tok: Token, lemmas: frozenset[str]) -> bool:
    for o in pattern_objects(ctx, tok):
        if ctx.lem[o.i] in lemmas or o.lower_ in lemmas:
            return True
        for c in o.children:  # "state of emergency", "martial law", "peacekeeping troops"
            if c.dep_ in ("compound", "amod") and ctx.lem[c.i] in lemmas:
                return True
            if c.dep_ == "prep" and c.lower_ == "of":
                if any(ctx.lem[g.i] in lemmas for g in c.children if g.dep_ == "pobj"):
                    return True
    return False


#: Prepositions whose object is the party a verb acts on when the entry names none
#: ("talked with the premier", "spoke to Blinken").
_PARTY_PREPS = frozenset({"to", "with"})


def has_object_mention(ctx: CodingContext, tok: Token, prep: str | None = None) -> bool:
    """Whether the verb acts on a named actor: its direct object, its passive subject ("Whelan
    was released"), or the object of its preposition (``prep``, else "to"/"with")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "nsubjpass") and ctx.mentions.at(c.i) is not None:
            return True
        if c.dep_ == "prep" and (c.lower_ == prep if prep else c.lower_ in _PARTY_PREPS):
            if any(ctx.mentions.at(g.i) is not None for g in c.children if g.dep_ == "pobj"):
                return True
    return False


#: Modifiers that make a "call" a telephone call whatever preposition follows.
_PHONE_MODS = frozenset({"phone", "telephone", "video", "conference"})


def noun_entry(ctx: CodingContext, tok: Token) -> Entry | None:
    entries = ctx.lex.nouns.get(ctx.lem[tok.i])
    if not entries:
        return None
    mods = None
    for e in entries:
        if e.word:
            if mods is None:
                mods = {ctx.lem[c.i] for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
                mods |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
                if not mods & _PHONE_MODS:
                    mods |= {c.lower_ for c in tok.children if c.dep_ == "prep" and not_a_time(c)}
            if e.word not in mods:
                continue
        return e
    return None


def not_a_time(prep: Token) -> bool:
    """A preposition whose object is no time span ("a call for a ceasefire", not "a call for
    40 minutes"): only such a phrase can make a noun another event."""
    return not any(g.ent_type_ in ("DATE", "TIME") or g.lemma_ in ("minute", "hour")
                   for g in prep.children if g.dep_ == "pobj")


def event_noun(ctx: CodingContext, o: Token) -> tuple[Token, Entry] | None:
    """The event noun an object names: itself, its compound ("a mediation mission"), or
    what it measures ("5 million dollars of aid", "ten days of war games")."""
    e = noun_entry(ctx, o)
    if e is not None:
        return o, e
    for c in o.children:
        if c.dep_ == "compound" and c.pos_ == "NOUN":
            e = noun_entry(ctx, c)
            if e is not None and not e.word:
                return c, e
    for c in o.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    e = noun_entry(ctx, g)
                    if e is not None:
                        return g, e
    return None


#: What a crowd does when it gathers, marches, clashes or occupies: PLOVER PROTEST modes.
CROWD_MODES = {"clash": ("riot", "145"), "occupy": ("obstruct", "144")}


def crowd_entry(ctx: CodingContext, tok: Token) -> Entry | None:
    """A gathering verb whose subject is a crowd ("protesters gathered", "thousands of
    demonstrators marched", "crowds clashed with police") is a protest, whatever the verb
    codes by itself."""
    lemma = ctx.lem[tok.i]
    if lemma not in ctx.lex.words("gathering"):
        return None
    subj = subject_of(tok)
    while subj is None and tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "gathered outside parliament and marched ..."
        subj = subject_of(tok)
    if subj is None or subj.dep_ != "nsubj":
        return None
    crowd = ctx.lex.words("crowd")
    heads = [subj] + [g for p in subj.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"]  # "thousands of protesters"
    if not any(ctx.lem[h.i] in crowd for h in heads):
        # unnamed people are a crowd when they march or rally, or gather against something
        # ("thousands of women marched", "farmers gathered in protest at ...")
        people = ctx.lex.words("people")
        if not any(ctx.lem[h.i] in people for h in heads):
            return None
        if lemma not in ("march", "rally") and not protest_purpose(ctx, tok):
            return None
    mode, cameo = CROWD_MODES.get(lemma, ("demo", "141"))
    return Entry("verb", lemma, "PROTEST", mode, cameo, None)


def protest_purpose(ctx: CodingContext, tok: Token) -> bool:
    """Whether gathering verb ``tok`` is done to protest: an "against" phrase, or "in
    protest"."""
    for c in tok.children:  # ("gathered to protest" is coded by "protest" itself)
        if c.dep_ == "prep" and (c.lower_ == "against" or (c.lower_ == "in" and any(
                ctx.lem[g.i] == "protest" for g in c.children if g.dep_ == "pobj"))):
            return True
    return False


def verb_candidate(ctx: CodingContext, tok: Token, used_nouns: set[int]) -> Candidate | None:
    lemma = ctx.lem[tok.i]
    entry = crowd_entry(ctx, tok) or match_verb(ctx, tok)
    specific_noun = None
    gift = lemma in ctx.lex.words("gift")
    predicative = any(c.dep_ == "oprd" for c in tok.children)  # "called the deal a victory"
    if (lemma in ctx.light or gift) and not predicative:
        for o in objects_of(ctx, tok):
            if o.dep_ == "nsubjpass" and lemma != "hold":
                continue
            found_noun = event_noun(ctx, o)
            if found_noun is not None and (not gift or found_noun[1].type == "SUPPORT"):
                specific_noun = found_noun
                break
    if specific_noun is None and entry is None and lemma in ctx.lex.words("motion"):
        for c in tok.children:  # "returned to Geneva for talks"
            if c.dep_ == "prep" and c.lower_ == "for":
                for g in c.children:
                    found_noun = event_noun(ctx, g) if g.dep_ == "pobj" else None
                    if found_noun is not None and found_noun[1].type == "CONSULT":
                        specific_noun = found_noun
    if specific_noun is not None and (entry is None or entry.specificity == 0 or specific_noun[1].word or gift):
        noun, ne = specific_noun
        used_nouns.add(noun.i)
        for c in noun.children:
            if c.dep_ == "conj":
                used_nouns.add(c.i)
        return build_candidate(ctx, ne, trigger=noun, clause=tok, nominal=True)
    if entry is None:
        return None
    if specific_noun is not None:
        used_nouns.add(specific_noun[0].i)
    return build_candidate(ctx, entry, trigger=tok, clause=tok, nominal=False)


def adj_candidate(ctx: CodingContext, tok: Token) -> Candidate | None:
    if not any(c.dep_ == "xcomp" for c in tok.children) and ctx.lem[tok.i] != "opposed":
        return None
    entry = ctx.lex.adjs[ctx.lem[tok.i]][0]
    clause = tok.head if tok.dep_ in ("acomp", "amod", "advcl", "xcomp") and tok.head.i != tok.i else tok
    return build_candidate(ctx, entry, trigger=tok, clause=clause, nominal=False)


#: Verbs by which an exercise begins or ends ("the exercise began", "the drills concluded").
EXERCISE_SPAN = frozenset({"begin", "start", "commence", "conclude", "end", "continue", "resume"})


#: Verbs by which a party receives a verdict from another ("drew praise from X", "faced
#: criticism from X"): the one named with "from" gives it, the subject receives it.
RECEIVE_VERDICT = frozenset({"draw", "win", "earn", "garner", "receive", "attract", "face", "get", "meet"})


def received_verdict(ctx: CodingContext, tok: Token) -> Candidate | None:
    """Praise or criticism a subject drew from someone ("Putin won praise from Trump": Trump
    SUPPORT Putin; "the plan faced condemnation from Cairo": Egypt ACCUSE whoever made it, when
    the subject is a party)."""
    head = tok.head
    entry = noun_entry(ctx, tok)
    if entry is None or entry.type not in ("SUPPORT", "ACCUSE"):
        return None
    subj = subject_of(head)
    if subj is None and head.dep_ in ("advcl", "conj", "xcomp") and head.tag_ == "VBG":
        subj = subject_of(head.head)  # "Putin invited the children, garnering praise from Trump"
    sources = [g for h in (tok, head) for p in h.children if p.dep_ == "prep" and p.lower_ == "from"
               for g in p.children if g.dep_ == "pobj"]
    if subj is None or not sources:
        return None
    givers = [m for g in sources for m in mentions_in(ctx, g, 2)]
    takers = mentions_in(ctx, subj, 2)
    if not givers or not takers:
        return None
    c = build_candidate(ctx, entry, trigger=tok, clause=head, nominal=True)
    if c is None:
        return None
    c.actor_mentions = givers
    c.actors = flatten_mentions(givers)
    taken = {a.id for a in c.actors}
    c.recipients = [a for a in flatten_mentions(takers) if a.id not in taken]
    return c if c.recipients else None


#: Verbs that end a gathering: their object, a protest noun, is a protest that took place.
CROWD_CONTROL = frozenset({"disperse", "break", "quell", "suppress", "crush", "scatter"})


def free_noun_candidate(ctx: CodingContext, tok: Token) -> Candidate | None:
    """An event noun that is the subject of an occurrence verb ("the talk took place")."""
    head = tok.head
    hl = ctx.lem[head.i]
    if tok.dep_ == "nsubj" and hl in ctx.occur and head.pos_ in ("VERB", "AUX"):
        pass
    elif tok.dep_ == "nsubjpass" and hl in ("hold", "conduct", "stage", "launch", "carry"):
        pass
    elif tok.dep_ in ("dobj", "nsubjpass") and hl in CROWD_CONTROL:
        pass  # "police fired tear gas to disperse protests": the protest happened too
    elif tok.dep_ == "dobj" and hl in RECEIVE_VERDICT and head.pos_ == "VERB":
        return received_verdict(ctx, tok)
    else:
        return None
    entry = noun_entry(ctx, tok)
    if entry is None and ctx.lem[tok.i] in EXERCISE_NOUNS and (
            (tok.dep_ == "nsubj" and hl in EXERCISE_SPAN) or
            (tok.dep_ == "nsubjpass" and hl in ("launch", "hold", "stage"))):
        # "the three-day exercise began Thursday": an exercise that begins or ends is a drill
        # (bare "exercise" is no trigger: "the exercise of power")
        entry = Entry("noun", ctx.lem[tok.i], "MOBILIZE", None, "150", None)
    if entry is None or (hl in CROWD_CONTROL and entry.type != "PROTEST"):
        return None
    if hl in CROWD_CONTROL:  # who broke the protest up did not hold it: the noun is its own clause
        return build_candidate(ctx, entry, trigger=tok, clause=tok, nominal=True)
    if entry.lemma in EXERCISE_NOUNS and hl in EXERCISE_SPAN and entry.type == "MOBILIZE":
        c = build_candidate(ctx, entry, trigger=tok, clause=head, nominal=True)
        if c is not None and not c.actors:  # "The exercise began Thursday": those named before
            c.actors = [a for m in states_named_before(ctx, tok) for a in actors_of(m)]
            if joint_exercise(ctx, c, tok):
                c.type, c.mode, c.cameo = "COOPERATE", None, "062"
                c.actors, c.recipients = c.actors[:1], c.actors[1:]
            elif ctx.recent_drill is not None and any(
                    d.dep_ == "det" and d.lower_ in ("these", "the", "those", "this") for d in tok.children):
                # "These drills were launched on Thursday": the drills the article just told
                c.actors, c.recipients = list(ctx.recent_drill[0]), list(ctx.recent_drill[1])
                c.confidence -= 0.1
        return c
    return build_candidate(ctx, entry, trigger=tok, clause=head, nominal=True)
