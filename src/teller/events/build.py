"""One candidate event from a trigger: its status, parties, mode, place, and the rules that
re-type it once the parties are known (missiles with no target, expulsions of organisations,
readied force, unnamed attackers, places that are the recipient).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.agents import sector_actor
from teller.events.context import Candidate, CodingContext, flatten_mentions, objects_of
from teller.events.lexicon import Entry
from teller.events.mentions import mentions_in
from teller.events.modes import military_arrival, mode_and_context
from teller.events.parties import read_parties
from teller.events.places import event_place, place_mode, sentence_place, target_place
from teller.events.sides import between_parties, counted_sides
from teller.events.status import event_status, negated_mode
from teller.events.syntax import agent_of, depth_of
from teller.records import Actor, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Types whose action falls on the place it happens in: with no stated recipient, the state
#: of that place is the recipient ("imposed a curfew in Abidjan", "shelled targets in Jericho",
#: "arrived in Amman" for a visit). Talks, statements and agreements are only held somewhere.
PLACE_TARGET_TYPES = frozenset({"AID", "MOBILIZE", "COERCE", "ASSAULT", "THREATEN", "CONCEDE", "SANCTION"})
#: Of those, the acts a state does to its own people ("police detained protesters in Minsk");
#: a state does not sanction, aid or threaten itself (diplomats "based in Washington" expelled
#: by the US are not a US target).
DOMESTIC_TYPES = frozenset({"COERCE", "ASSAULT", "MOBILIZE"})


#: The actor of an attack whose perpetrator the text does not name.
UNKNOWN_PERPETRATOR = Actor(id="unknown:perpetrator", name="unknown perpetrator", kind="unknown")


def prepared_by(ctx: CodingContext, trigger: Token) -> bool:
    """Whether the act hangs (through "to resume", "to launch" ...) under a past-tense verb
    "prepare" ("troops prepared to storm the town"); "is prepared to" (an adjective: a
    readiness, said) does not count."""
    tok = trigger
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return False
        if ctx.lem[head.i] == "prepare" and head.pos_ == "VERB" and (
                head.tag_ == "VBD" or any(a.dep_ == "aux" and a.lower_ in ("has", "have", "had", "was", "were")
                                          for a in head.children)):
            return True
        if tok.dep_ not in ("xcomp", "dobj", "pcomp", "conj"):
            return False
        tok = head
    return False


def _pobjs(tok: Token, prep: str) -> list[Token]:
    return [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == prep
            for g in ch.children if g.dep_ == "pobj"]


def quantified_absence(ctx: CodingContext, trigger: Token) -> str | None:
    """ "no" or "any" when the verb's object is an agreement quantified as absent ("reached no
    deal", "failed to reach any agreement"), else None ("will not accept any refugees" refuses)."""
    for o in objects_of(ctx, trigger):
        if not any(e.type == "AGREE" for e in ctx.lex.nouns.get(ctx.lem[o.i], ())):
            continue
        for d in o.children:
            if d.dep_ == "det" and d.lower_ in ("no", "any"):
                return d.lower_
    return None


#: Event types that answer another act ("condemned the drills", "welcomed the deal").
REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "PROTEST"})


def reacted_type(ctx: CodingContext, trigger: Token) -> frozenset[str]:
    """The event types the verb's object may name when it is an event noun ("condemned the
    drills": MOBILIZE or COOPERATE, as the lexicon's "drill" entries say; "condemned such
    escalation": any hostile act; "welcomed the move": any act but talk)."""
    for o in trigger.children:
        if o.dep_ in ("dobj", "nsubjpass"):
            entries = ctx.lex.nouns.get(ctx.lem[o.i])
            if entries:
                return frozenset(e.type for e in entries)
            if ctx.lem[o.i] in ctx.lex.words("hostile_act"):  # "condemned such escalation"
                return _HOSTILE
            if ctx.lem[o.i] in ctx.lex.words("any_act"):  # "welcomed the move"
                return _ANY_ACT
    return frozenset()


#: The acts a word for hostility in general ("escalation", "provocation") may name.
_HOSTILE = frozenset({"ASSAULT", "MOBILIZE", "THREATEN", "COERCE"})
#: The acts a word for any decision ("the move", "the decision") may name: material acts and
#: announced measures, not talk.
_ANY_ACT = frozenset({"SANCTION", "CONCEDE", "RETREAT", "AID", "COOPERATE", "MOBILIZE", "ASSAULT",
                      "COERCE", "REJECT", "SUPPORT"})


def un_veto(ctx: CodingContext, c: Candidate, trigger: Token) -> bool:
    """Whether a veto is cast at the United Nations: its recipient is the UN itself, or the
    sentence names the Security Council or a UN resolution."""
    if any(a.id == "org:unsc" for a in c.recipients):
        return False
    if any(a.id == "org:un" for a in c.recipients):
        return True
    sent = trigger.sent
    # the sentence, or the one before it ("Russia cast its seventh veto to protect Syria from
    # Security Council action. China backed Russia and cast its sixth veto on Syria.")
    start = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    said = {t.lower_ for t in ctx.doc[start:sent.end]}
    return "council" in said and "security" in said


#: Nouns of a military exercise, as the object of "held", "began", "kicked off".
EXERCISE_NOUNS = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "wargame"})


def joint_exercise(ctx: CodingContext, c: Candidate, trigger: Token) -> bool:
    """Whether the exercise is held by several states together: two or more countries on the
    acting side ("Japan, India and Australia began naval drills"); drills "around Taiwan" name
    the other country as a target, not as a participant."""
    said = {ctx.lem[trigger.i]} | {ctx.lem[o.i] for o in objects_of(ctx, trigger)}
    if not said & EXERCISE_NOUNS:
        return False
    return len({a.country for a in c.actors if a.country}) >= 2


def name_calling(ctx: CodingContext, trigger: Token) -> Token | None:
    """The word ``call`` or ``describe ... as`` gives its object ("called Putin a war criminal":
    the object predicate, or the second object the parser makes of it; "described Obama as a
    ..."), else None."""
    if ctx.lem[trigger.i] == "describe":
        return next((g for p in trigger.children if p.dep_ == "prep" and p.lower_ == "as"
                     for g in p.children if g.dep_ == "pobj"), None)
    if ctx.lem[trigger.i] != "call":
        return None
    objs = [c for c in trigger.children if c.dep_ == "dobj"]
    preds = [c for c in trigger.children if c.dep_ in ("oprd", "acomp") or
             (c.dep_ == "xcomp" and c.pos_ in ("NOUN", "ADJ"))]
    if objs and preds:
        return preds[0]
    if len(objs) >= 2 and objs[-1].pos_ in ("NOUN", "ADJ"):
        return objs[-1]
    return None


def build_candidate(ctx: CodingContext, entry: Entry, *, trigger: Token, clause: Token,
                    nominal: bool) -> Candidate | None:
    doc = ctx.doc
    sent = trigger.sent
    status, negated = event_status(ctx, trigger, clause, nominal, threat=entry.type == "THREATEN",
                                   etype=entry.type)
    absence = None if nominal else quantified_absence(ctx, trigger)
    if absence == "no" and not negated:  # "reached no agreement", "imposed no sanctions"
        status, negated = "denied", True
    etype, mode, cameo = entry.type, entry.mode, entry.cameo
    label = None if nominal or etype not in ("CONSULT", "ACCUSE") else name_calling(ctx, trigger)
    if label is None and ctx.lem[trigger.i] == "describe":
        return None  # "described the attacker to police": an account, not a verdict
    if label is not None:
        # "called Putin a war criminal", "calls Trump a fraud": naming someone something is no
        # phone call but a verdict on them, praise when the word is (PLOVER SUPPORT/ACCUSE)
        praise = ctx.lem[label.i] in ctx.lex.words("praise")
        etype, mode, cameo = ("SUPPORT", None, "051") if praise else ("ACCUSE", "disapprove", "111")
    if negated and entry.negated and absence is None:
        # "did not agree", "failed to reach agreement" refuse (REJECT, as the PLOVER GSR codes
        # them); "failed to reach any agreement", "reached no deal" say that no agreement came
        # about: the agreement, denied
        etype, status = entry.negated, "happened"
        mode = negated_mode(entry.type)
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
        depth=depth_of(clause), sentence=Span(sent.start_char, sent.end_char),
        event_span=Span(doc[first].idx, doc[last].idx + len(doc[last])),
        event_text=" ".join(t.text for t in words), nominal=nominal, entry=entry,
        definite=nominal and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "their", "its")
                                 for c in trigger.children),
    )
    c.past = clause.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBD", "VBZ", "VBP") and
                                            a.lemma_ in ("have", "be", "do") and a.tag_ == "VBD" or
                                            a.lower_ in ("has", "have", "had") for a in clause.children)
    read_parties(ctx, c, entry, trigger, clause, nominal)
    if nominal and not c.actors:
        both = between_parties(ctx, trigger)
        if len(both) >= 2:  # no one holds the talks but the two sides: actor and recipient
            c.actors, c.recipients = both[:1], both[1:]
    if not c.actors and len(ctx.recent_plural) >= 2 and counted_sides(ctx, clause):
        # "the two leaders spoke by phone": the two the article last named together
        c.actors, c.recipients = ctx.recent_plural[:1], ctx.recent_plural[1:]
        c.confidence -= 0.1
    if c.type == "ASSAULT" and not c.recipients and c.mode != "crowd-control" and \
            ctx.lem[trigger.i] in ("fire", "launch", "test") \
            and not any(ch.dep_ == "prep" and ch.lower_ in ("at", "against", "on") and
                        not any(g.ent_type_ in ("DATE", "TIME") for g in ch.children) for ch in trigger.children):
        # missiles fired with no target ("into the sea") are a show of force, not an attack
        c.type, c.mode, c.cameo = "MOBILIZE", "weapons", "150"
    if c.type == "MOBILIZE" and joint_exercise(ctx, c, trigger):
        # "South Korea, the US and Japan kicked off their first exercise": states drilling
        # together cooperate militarily (CAMEO 062); one state's drills stay MOBILIZE
        c.type, c.mode, c.cameo = "COOPERATE", None, "062"
        if not c.recipients:
            ordered = sorted(c.actors, key=lambda a: ctx.mentions.first_pos.get(a.id, 1 << 30))
            c.actors, c.recipients = ordered[:1], ordered[1:]
    if c.type == "REJECT" and c.mode == "yield" and "org:unsc" in ctx.kb.orgs and un_veto(ctx, c, trigger):
        # "vetoed a UN resolution", "cast its veto to shield Syria from Security Council action":
        # a veto at the UN is cast in the Security Council, whose resolution it blocks
        c.recipients = [ctx.kb.org_actor("org:unsc")]
    if c.type == "CONSULT" and c.mode == "visit" and not nominal:
        military_arrival(ctx, c, clause)
    if c.mode == "release" and not c.actors and not nominal:
        # "X was released from Russia": who held them released them
        c.actors = flatten_mentions(m for g in _pobjs(trigger, "from") for m in mentions_in(ctx, g, 2))
    if c.type == "COERCE" and c.mode == "deport" and c.recipients and \
            all(a.kind in ("igo", "ngo", "organisation", "organization") for a in c.recipients):
        # expelling an organisation (an aid agency, a UN mission) from the country is SANCTION
        # 'expel'; COERCE 'deport' is for people (PLOVER manual, SANCTION modes)
        c.type, c.mode, c.cameo = "SANCTION", "expel", "166"
    if c.type == "ASSAULT" and c.status == "planned" and prepared_by(ctx, trigger):
        # "the army prepared to resume shelling": readying force is MOBILIZE, happening now
        weapons = c.mode in ("heavy-weapons", "aerial", "drone", "explosives", "firearms")
        c.type, c.mode, c.cameo, c.status = "MOBILIZE", "weapons" if weapons else "troops", "150", "happened"
    if c.type == "ASSAULT" and not c.actors and c.recipients and c.status == "happened":
        # "three civilians were killed in a car bombing", "a roadside bomb killed a soldier":
        # the victims are named, the attacker is not. Monitoring desks need the attack, so it
        # is kept with an unknown perpetrator (no country, low confidence) rather than dropped
        c.actors = [UNKNOWN_PERPETRATOR]
        c.confidence = min(c.confidence, 0.5)
    mode_and_context(ctx, c, trigger, clause)
    c.place = event_place(ctx, trigger, clause)
    if c.type == "ASSAULT":
        # strikes on two cities the same day are two events: the city struck is the place
        c.place = target_place(ctx, trigger, nominal) or c.place
    if c.type == "COERCE" and c.mode == "arrest" and not c.actors and c.recipients and c.status == "happened" \
            and any(ch.dep_ == "nsubjpass" for ch in clause.children) and agent_of(clause) is None:
        # "an American journalist was detained in Moscow": the police of the place held them
        # (else those of the detainee's own country: "the mayor was detained at his home")
        code = c.place.country if c.place is not None and c.place.country else \
            next((a.country for a in c.recipients if a.country), None)
        if code in ctx.kb.states:  # arrests are the police's work unless the text says whose
            c.actors = [sector_actor(ctx, code, "COP", "police")]
            c.confidence = min(c.confidence, 0.5)
    own_place = c.place is not None and any(a.country == c.place.country for a in c.actors)
    if not c.recipients and c.place is not None and c.place.country and c.actors and (
            (c.type in PLACE_TARGET_TYPES and not (own_place and c.type not in DOMESTIC_TYPES)) or
            (c.type == "CONSULT" and c.mode == "visit" and not nominal
                                             and all(a.country != c.place.country for a in c.actors))):
        c.recipients = [ctx.kb.state_actor(c.place.country)]
        c.recipient_inferred = True
    if not c.recipients and c.place is None and c.actors and c.type != "CONSULT":
        # CAMEO habit, looser: a foreign country the clause names with "in" is whom the act
        # concerns ("troops for a force in Liberia", "an embassy in Tehran"); not the
        # event's place, which stays unknown
        loose = sentence_place(ctx, trigger, clause)
        if loose is not None and loose.country and all(a.country != loose.country for a in c.actors):
            c.recipients = [ctx.kb.state_actor(loose.country)]
            c.recipient_inferred = True
            c.confidence -= 0.1
    if not c.recipients and not nominal and c.type in REACTION_TYPES:
        c.reacts_to = reacted_type(ctx, trigger)
    if c.type == "CONSULT" and c.mode is None and any(a.kind == "igo" for a in c.actors + c.recipients):
        c.mode = "multilateral"  # a meeting of, or with, an alliance or IGO
    if c.type == "CONSULT" and c.mode is None and c.place is not None:
        c.mode = place_mode(c)
    if nominal:
        c.confidence -= 0.05
    return c
