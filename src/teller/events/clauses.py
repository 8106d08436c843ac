"""Sentence-level passes over the candidates of one sentence: contents of requests, refusals
and threats are no events of their own; "X said Y must ..." is a demand; calling for harm to a
third party is rallying opposition; talks that frame an act take its parties and date; time
expressions go to the event whose clause they hang in.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from teller.events.build import UNKNOWN_PERPETRATOR, build_candidate
from teller.events.cameo import quad_code
from teller.events.context import Candidate, CodingContext, actors_of, flatten_mentions
from teller.events.lexicon import Entry
from teller.events.mentions import mentions_in
from teller.events.syntax import content_region, governs_by_xcomp, is_deontic, subject_of
from teller.events.triggers import CROWD_CONTROL, event_noun, noun_entry
from teller.records import TimeValue
from teller.text.numbers import CARDINALS

if TYPE_CHECKING:
    from spacy.tokens import Token

REQUEST_MODE_BY_CONTENT = {
    "CONSULT": "meet", "AGREE": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
    "RETREAT": "yield", "CONCEDE": "yield",
}
THREAT_MODE_BY_CONTENT = {
    "SANCTION": "relations", "REJECT": "relations", "COERCE": "restrict", "ASSAULT": "violence",
    "MOBILIZE": "violence", "PROTEST": "restrict",
}


#: Prepositions that put an act inside talks ("during talks", "in phone talks", "at the summit")
#: or a stated distance before or after them.
_SAME_TIME_PREPS = frozenset({"during", "in", "at"})
_FRAME_PREPS = _SAME_TIME_PREPS | {"after", "before"}
#: Acts done to the other side of the talks: with no party of their own, they take it.
_COUNTERPART_TYPES = frozenset({"AGREE", "SUPPORT", "REQUEST", "CONCEDE"})
#: Nouns that name an agreement or a ceasefire; the latter need no agreement word to be one.
_ACCORD_NOUNS = frozenset({"deal", "agreement", "accord", "pact", "ceasefire", "truce", "armistice"})
_CEASEFIRE_NOUNS = frozenset({"ceasefire", "truce", "armistice"})
#: "takes effect", "comes into force", "took hold", "went into effect": an accord starts to apply.
_ONSET_WORDS = frozenset({"effect", "force", "hold"})
_CEASEFIRE = Entry("noun", "ceasefire", "RETREAT", "ceasefire", "0871", None)
#: Verbs that call off an arranged event, and verbs that only move it.
_CANCEL_VERBS = frozenset({"cancel", "scrap", "call", "axe", "abandon"})
_DELAY_VERBS = frozenset({"postpone", "delay", "defer"})
_HARM = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "THREATEN"})
_REPORTED_DEMAND = Entry("verb", "say", "REQUEST", None, "100", None)
_NUMBER_WORDS = {"a": 1, "an": 1, **CARDINALS}
_DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def talks_during(ctx: CodingContext, sent, found: list[Candidate],
                 used_nouns: set[int]) -> list[tuple[Candidate, Candidate, int]]:
    """ "X pressed Y on ... during talks", "agreed in phone talks", "agreed at the summit": the
    talks are a meeting of X and Y as well, so a CONSULT noun after "during/in/at" takes the
    parties of the act it frames (and the talks' own "with" party when the act names none)."""
    framed = []
    for pobj in sent:
        tok, prep = pobj, pobj.head.lower_
        if tok.dep_ != "pobj" or tok.i in used_nouns or prep not in _FRAME_PREPS:
            continue
        if any(c.dep_ == "poss" and (prep in _SAME_TIME_PREPS or c.lower_ != "their") for c in tok.children):
            continue  # "during his talks with the unions": someone else's talks
        entry, same_day = noun_entry(ctx, tok), False
        if entry is None and ctx.lem[tok.i] in ("hour", "minute"):
            found_noun = event_noun(ctx, tok)  # "after two hours of talks": that same day
            if found_noun is not None and found_noun[0].i != tok.i and found_noun[0].i not in used_nouns:
                tok, entry = found_noun
                same_day = True
        if entry is None or entry.type != "CONSULT":
            continue
        offset = 0
        if prep not in _SAME_TIME_PREPS and not same_day:
            days = _day_offset(pobj.head)
            if days is None:
                continue  # "after talks" with no distance: no date to give it
            offset = -days if prep == "after" else days
        verb = pobj.head.head
        if verb.dep_ == "npadvmod" and verb.pos_ == "NOUN":
            verb = verb.head  # "on Tuesday, a day after an informal dinner"
        host = None
        for _ in range(3):  # "pressed Y to use ... during talks": the phrase may hang lower
            host = next((c for c in found if c.clause == verb.i and c.actors
                         and not c.suppressed and (c.type != "CONSULT" or offset)), None)
            if host is not None or verb.dep_ not in ("xcomp", "ccomp", "advcl") or verb.head.i == verb.i:
                break
            verb = verb.head
        if host is None:
            continue
        c = build_candidate(ctx, entry, trigger=tok, clause=verb, nominal=True)
        if c is None:
            continue
        own = [a for a in c.recipients if a not in host.actors]  # "during talks with Scholz"
        if not host.recipients and not own:
            continue  # one party alone: no meeting to code
        c.actors, c.recipients = list(host.actors), list(host.recipients) or own
        if not host.recipients and host.type in _COUNTERPART_TYPES:
            host.recipients = list(own)  # "agreed during talks with Scholz": agreed with him
        c.actor_mentions = list(host.actor_mentions)
        c.status, c.confidence = host.status, min(c.confidence, host.confidence) - 0.05
        used_nouns.add(tok.i)
        found.append(c)
        framed.append((c, host, offset))
    return framed


#: Nouns of a settlement whose terms say what its parties will do.
ACCORD_NOUNS = frozenset({"agreement", "deal", "ceasefire", "truce", "accord", "pact", "treaty", "plan",
                          "resolution", "arrangement", "framework", "roadmap", "proposal"})
#: What a settlement does with its terms ("the deal calls for X to withdraw").
TERMS_VERBS = frozenset({"call", "require", "oblige", "obligate", "stipulate", "envisage", "foresee",
                         "demand", "provide", "compel", "mandate"})


def accord_terms(ctx: CodingContext, found: list[Candidate]) -> None:
    """"The agreement calls for Israeli forces to withdraw", "the truce requires Hamas to free the
    hostages": a term of a settlement is a planned act of the party it names, not a request
    (the agreement asks nothing of anyone) nor the content of one."""
    for c in found:
        clause = ctx.doc[c.clause]
        verb = clause.head
        for _ in range(2):  # "calls for X to withdraw" hangs the act on "calls" as advcl
            if clause.dep_ not in ("xcomp", "advcl", "ccomp") or verb.i == clause.i:
                break
            subj = subject_of(verb)
            if ctx.lem[verb.i] in TERMS_VERBS and subj is not None and ctx.lem[subj.i] in ACCORD_NOUNS:
                if c.status == "happened":
                    c.status = "planned"
                for other in found:  # the settlement's "call" asks nothing of anyone
                    if other.trigger == verb.i and other.type in ctx.content_types and not other.actors:
                        other.suppressed = True
                break
            clause, verb = verb, verb.head


def suppress_contents(ctx: CodingContext, found: list[Candidate]) -> None:
    """Events inside a request/refusal/threat/accusation are its content, not events; an
    intention to do harm ("is prepared to impose martial law") is a threat (PLOVER manual)."""
    for c in found:
        if c.type != "AGREE" or c.entry is None:
            continue
        for other in found:
            if other is c or other.suppressed or quad_code(other.type) not in (3, 4):
                continue
            if governs_by_xcomp(ctx.doc[c.trigger], ctx.doc[other.clause]):
                other.suppressed = True
                c.type, c.cameo = "THREATEN", "130"
                c.mode = THREAT_MODE_BY_CONTENT.get(other.type)
                if not c.recipients:
                    c.recipients = other.recipients
    for c in found:
        if c.type not in ctx.content_types or c.suppressed:
            continue
        trig = ctx.doc[c.trigger]
        region = content_region(trig)
        if c.clause != c.trigger:
            region |= content_region(ctx.doc[c.clause]) - {c.trigger}
        region -= said_alongside(ctx, ctx.doc[c.clause])
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


def said_alongside(ctx: CodingContext, clause: Token) -> set[int]:
    """Tokens of a trailing speech participle (", saying it was considering a strike"): a
    statement of its own made by the clause's subject, not the content of the clause."""
    return {t.i for ch in clause.children
            if ch.dep_ == "advcl" and ch.tag_ == "VBG" and ctx.lem[ch.i] in ctx.report and ch.i > clause.i
            for t in ch.subtree}


def own_forces_orders(ctx: CodingContext, found: list[Candidate]) -> None:
    """"ordered its troops to withdraw", "ordered the army to shell the town": ordering one's
    own forces to act is that act, by whoever gave the order (not a request to oneself)."""
    forces = ctx.lex.words("forces")
    for c in found:
        if c.type != "REQUEST" or c.suppressed or ctx.lem[c.trigger] not in ctx.lex.words("command"):
            continue
        trig = ctx.doc[c.trigger]
        obj = next((o for o in trig.children if o.dep_ == "dobj"), None)
        if obj is None or ctx.lem[obj.i] not in forces:
            continue
        owner = next((p for p in obj.children if p.dep_ == "poss"), None)
        own = {a.country for a in c.actors if a.country}
        if owner is not None and owner.lower_ not in ("its", "his", "her", "their", "our") and \
                not ((om := ctx.mentions.at(owner.i)) and {a.country for a in actors_of(om)} <= own):
            continue  # "ordered Russia's troops ...": someone else's forces
        region = {t.i for ch in trig.children if ch.dep_ == "xcomp" for t in ch.subtree}
        act = next((o for o in found if o is not c and o.clause in region and o.type not in ctx.content_types), None)
        if act is None:
            continue
        act.suppressed = True
        c.type, c.mode, c.cameo = act.type, act.mode, act.cameo
        c.recipients = [a for a in act.recipients if a.country not in own or not a.country]


#: Event nouns that make an event of their own inside another one ("condemned the attacks by
#: Iran", "the detention of the mayor angered ...").
_EMBEDDED_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"})


def embedded_events(ctx: CodingContext, sent, found: list[Candidate], used_nouns: set[int]) -> None:
    """Event nouns inside another event's clause ("condemned the attacks by Iran on Israel",
    "Trump's warning of fire and fury", "in response to a Tuesday chemical attack") or under
    an expression of concern ("is concerned about the attacks by Iran") are events
    of their own when the noun names who did it or when: a possessive, a "by" agent, a
    compound actor, or a time of its own. Inside a request, refusal or threat they are its
    content ("called for strikes by NATO"), and an accusation "of" an act is an allegation."""
    taken = {c.trigger for c in found} | used_nouns
    contents = [c for c in found if not c.suppressed and c.type in ("REQUEST", "REJECT", "THREATEN")]
    hosts = {i for c in found if not c.suppressed for i in (c.trigger, c.clause)}
    # concern is a reaction too: "is deeply concerned about the attacks by Iran against Israel"
    hosts |= {t.i for t in sent if ctx.lem[t.i] in ctx.lex.words("concern")}
    undoing = {c.trigger for c in found if not c.suppressed and c.type in _UNDOING_TYPES}
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.i in taken or tok.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "conj"):
            continue
        entry = noun_entry(ctx, tok)
        if entry is None or entry.type not in _EMBEDDED_TYPES or not _own_marks(ctx, tok):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "VERB":
            continue  # "accused Iran of the attack"
        if any(tok.i in content_region(ctx.doc[c.trigger]) for c in contents):
            continue
        if _undone_by(tok, undoing):
            continue  # "lifted US sanctions on Syria": what is undone is not a new act
        if tok.dep_ == "pobj" and tok.head.lower_ in ("since", "before", "until"):
            continue  # "since Russia's invasion": background, not news
        if not _within(tok, hosts) and not any(ctx.timex_at.get(t.i) for t in tok.children):
            continue  # "Russia's invasion of Ukraine has cost ...": background unless reacted to
        c = build_candidate(ctx, entry, trigger=tok, clause=tok, nominal=True)
        if c is None or c.status != "happened":
            continue
        if ctx.lem[tok.i] in ctx.lex.words("patient_poss") and \
                any(ch.dep_ == "poss" and ctx.mentions.at(ch.i) for ch in tok.children) and \
                not any(ch.dep_ == "prep" and ch.lower_ in ("by", "of") for ch in tok.children):
            # "Imamoglu's detention", "the mayor's arrest": the possessor is who it befell
            c.recipients = c.actors + [a for a in c.recipients if a not in c.actors]
            c.actors, c.actor_mentions = [], []
        if not c.actors and c.type == "ASSAULT":
            c.actors = [UNKNOWN_PERPETRATOR]  # "a Tuesday chemical attack": the attack is dated
            c.confidence = min(c.confidence, 0.5)
        taken.add(tok.i)
        found.append(c)


#: Event types that undo an earlier act: their object names the act undone, not a new one.
_UNDOING_TYPES = frozenset({"CONCEDE", "RETREAT"})


def _undone_by(tok: Token, undoing: set[int]) -> bool:
    """Whether event noun ``tok`` is the object of an undoing trigger ("lift sanctions", "the
    lifting of sanctions", "ended its blockade")."""
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.i in undoing:
        return True
    return tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i in undoing


def _within(tok: Token, hosts: set[int]) -> bool:
    """Whether ``tok`` hangs (within a few steps) under one of the ``hosts`` tokens."""
    for _ in range(5):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i in hosts:
            return True
    return False


def _own_marks(ctx: CodingContext, tok: Token) -> bool:
    """Whether an event noun says who did it or when ("Iran's attack", "the attack by Iran",
    "a Tuesday attack", "the detention of X on Wednesday")."""
    for ch in tok.children:
        if ch.dep_ == "poss" and ctx.mentions.at(ch.i) is not None:
            return True
        if ch.dep_ in ("compound", "amod", "nmod") and (ctx.mentions.at(ch.i) is not None or ch.i in ctx.timex_at):
            return True
        if ch.dep_ == "prep" and ch.lower_ == "by" and any(ctx.mentions.at(g.i) for g in ch.children):
            return True
        if ch.dep_ == "prep" and ch.lower_ in ("on", "in") and any(g.i in ctx.timex_at for g in ch.children):
            return True
        if ch.dep_ == "npadvmod" and ch.i in ctx.timex_at:
            return True
    return False


def rally_against(ctx: CodingContext, found: list[Candidate]) -> None:
    """Calling for harm to a third party ("called for sanctions against Nigeria", "called on
    Arabs to mobilize against Sharon") is rallying opposition: CAMEO 113, ACCUSE disapprove."""
    for c in found:
        if c.type != "REQUEST" or c.suppressed:
            continue
        trig = ctx.doc[c.trigger]
        for t in trig.subtree:
            if t.dep_ != "prep" or t.lower_ != "against" or t.i == c.trigger:
                continue
            heads = [t.head] + [g for p in trig.children if p.dep_ == "prep" and p.lower_ == "for"
                                for g in p.children if g.dep_ == "pobj"]
            harmful = any(((ne := noun_entry(ctx, h)) is not None and ne.type in _HARM) or
                          ctx.lem[h.i] in ("mobilize", "mobilise", "unite", "rally", "act", "fight")
                          for h in heads)
            targets = [m for g in t.children if g.dep_ == "pobj" for m in mentions_in(ctx, g, 2)]
            if harmful and targets:
                c.type, c.mode, c.cameo = "ACCUSE", "disapprove", "113"
                c.recipients = flatten_mentions(targets)
                break


def reported_demands(ctx: CodingContext, sent, found: list[Candidate]) -> None:
    """"X said Y must do Z" is X REQUEST Y (mode from Z); Z itself is content, not an event."""
    for tok in sent:
        if ctx.lem[tok.i] not in ctx.report or tok.pos_ not in ("VERB", "AUX"):
            continue
        for cc in tok.children:
            if cc.dep_ != "ccomp" or not is_deontic(cc):
                continue
            content = [c for c in found if c.clause == cc.i or c.trigger == cc.i]
            for c in content:
                c.suppressed = True
            mode = _content_mode("REQUEST", content[0].type) if content else "change"
            cand = build_candidate(ctx, _REPORTED_DEMAND, trigger=tok, clause=tok, nominal=False)
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


def attach_timexes(ctx: CodingContext, sent, found: list[Candidate]) -> None:
    owners: dict[int, Candidate] = {}
    for c in found:
        owners.setdefault(c.clause, c)
        owners.setdefault(c.trigger, c)
    for c in found:  # "drove into Brussels on Thursday, blocking streets": the verb's time
        head = participle_head(ctx.doc[c.clause])
        if head is not None:
            owners.setdefault(head, c)
    for i in range(sent.start, sent.end):
        tvs = ctx.timex_at.get(i)
        if not tvs:
            continue
        tok = ctx.doc[i]
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
    for c in found:  # "fired tear gas to disperse protests on Sunday": one occasion, one day
        head = participle_head(ctx.doc[c.clause])
        owner = owners.get(head) if head is not None else None
        if owner is not None and owner is not c and c.timexes and not owner.timexes:
            owner.timexes = list(c.timexes)
    for c in found:  # "police broke up a rally on Sunday": the rally was on Sunday too
        gov = ctx.doc[c.trigger].head
        if c.nominal and not c.timexes and ctx.lem[gov.i] in CROWD_CONTROL:
            owner = owners.get(gov.i)
            if owner is not None and owner is not c:
                c.timexes = list(owner.timexes)


def participle_head(clause: Token) -> int | None:
    """The verb a trailing participle clause or a purpose clause hangs on ("drove ..., blocking
    streets", "gathered ... to protest"): it shares that verb's time and place (``owners`` is
    filled with events first, so a verb that is an event of its own keeps its time)."""
    if (clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.head.i != clause.i
            and clause.head.pos_ in ("VERB", "AUX")):
        return clause.head.i
    if clause.dep_ in ("xcomp", "advcl") and clause.head.i != clause.i and \
            clause.head.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        # "gathered in Washington on Saturday to protest": the purpose is done at the gathering
        return clause.head.i
    if clause.dep_ == "ccomp" and clause.head.dep_ == "advcl" and clause.head.tag_ == "VBG":
        # "responded Tuesday with a threat, saying it was considering a strike": said then
        return participle_head(clause.head)
    if clause.dep_ == "advcl" and clause.head.i != clause.i and clause.head.pos_ in ("VERB", "AUX") and \
            any(m.dep_ == "mark" and m.lower_ in ("as", "while") for m in clause.children):
        # "returned home on Wednesday as the ceasefire took hold": at the same time
        return clause.head.i
    return None


def _content_mode(speech_type: str, content_type: str) -> str | None:
    if speech_type in ("REQUEST", "REJECT"):
        return REQUEST_MODE_BY_CONTENT.get(content_type, "change")
    if speech_type == "THREATEN":
        return THREAT_MODE_BY_CONTENT.get(content_type)
    return None


def _day_offset(prep: Token) -> int | None:
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


def shift_days(tv: TimeValue, days: int) -> TimeValue | None:
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


def is_accord(ctx: CodingContext, c: Candidate) -> bool:
    """An agreement or a ceasefire told by its noun ("the deal", "a truce")."""
    return c.nominal and ctx.lem[c.trigger] in _ACCORD_NOUNS and c.type in ("AGREE", "RETREAT")


def note_accord(ctx: CodingContext, kept: list[Candidate]) -> None:
    """Remember the latest two-sided agreement or ceasefire of the article."""
    for c in kept:
        signed = c.type == "SUPPORT" and ctx.lem[c.trigger] == "sign"  # "signed a trade deal"
        if c.actors and c.recipients and (c.type == "AGREE" or c.mode == "ceasefire" or signed):
            words = {ctx.lem[i] for i in range(ctx.doc[c.trigger].sent.start, ctx.doc[c.trigger].sent.end)}
            ceasefire = c.mode == "ceasefire" or c.cameo == "0356" or bool(words & _CEASEFIRE_NOUNS)
            ctx.recent_accord = (c.actors + [a for a in c.recipients if a not in c.actors], ceasefire)


def accord_parties(ctx: CodingContext, found: list[Candidate]) -> None:
    """"A ceasefire took hold", "the deal will come into force at 4 a.m.": an agreement noun
    with no parties of its own is the article's latest agreement or ceasefire, and its parties
    are that one's. A deal that starts to apply after a ceasefire was agreed is the ceasefire
    taking effect (RETREAT), not a second agreement."""
    if ctx.recent_accord is None:
        return
    parties, ceasefire = ctx.recent_accord
    for c in found:
        if c.actors or c.recipients or c.suppressed or not is_accord(ctx, c):
            continue
        c.actors, c.recipients = parties[:1], parties[1:]
        c.confidence -= 0.1
        onset = any(ctx.lem[t.i] in _ONSET_WORDS for t in ctx.doc[c.clause].subtree)
        if ceasefire and onset and c.type == "AGREE":
            c.type, c.mode, c.cameo, c.entry = "RETREAT", "ceasefire", _CEASEFIRE.cameo, _CEASEFIRE


def absent_accords(ctx: CodingContext, sent, found: list[Candidate], used_nouns: set[int]) -> None:
    """ "The talks ended without an agreement", "there was no deal", "no breakthrough": an
    agreement said not to have come about is that agreement, denied, between the parties of
    the talks it was sought in (the act on the same verb, else the two last named together)."""
    for tok in sent:
        if tok.i in used_nouns or tok.pos_ != "NOUN":
            continue
        head = tok.head
        without = tok.dep_ == "pobj" and head.lower_ == "without"
        existential = tok.dep_ in ("attr", "nsubj") and ctx.lem[head.i] == "be" and \
            any(d.dep_ == "det" and d.lower_ == "no" for d in tok.children)
        if not (without or existential):
            continue
        entry = noun_entry(ctx, tok)
        if entry is None or entry.type != "AGREE":
            continue
        verb = head.head if without else head
        c = build_candidate(ctx, entry, trigger=tok, clause=verb, nominal=True)
        if c is None:
            continue
        if not c.actors:
            host = next((h for h in found if verb.i in (h.clause, h.trigger) and h.actors and not h.suppressed), None)
            parties = host.actors + host.recipients if host is not None else ctx.recent_plural
            if len(parties) < 2:
                continue
            c.actors, c.recipients = parties[:1], [a for a in parties[1:] if a not in parties[:1]]
            c.confidence -= 0.1
        c.status = "denied"
        used_nouns.add(tok.i)
        found.append(c)


def cancelled_meetings(ctx: CodingContext, found: list[Candidate], used_nouns: set[int]) -> None:
    """ "X cancelled his meeting with Y", "called off what would have been their first talks":
    the cancelling is a refusal of Y (REJECT, happened), and the meeting itself is an event
    that did not take place (CONSULT, denied) between X and Y. Postponing refuses Y too, but
    the meeting stays to come."""
    for c in list(found):
        lemma = ctx.lem[c.trigger]
        if c.type != "REJECT" or c.suppressed or c.nominal or lemma not in _CANCEL_VERBS | _DELAY_VERBS:
            continue
        verb = ctx.doc[c.trigger]
        meeting = next(((t, e) for t in _cancelled_objects(verb)  # the REJECT's own object
                        for e in [noun_entry(ctx, t)] if e is not None and e.type == "CONSULT"), None)
        if meeting is None:
            continue
        noun, entry = meeting
        m = build_candidate(ctx, entry, trigger=noun, clause=verb, nominal=True)
        if m is None:
            continue
        others = [a for a in m.actors + m.recipients if a not in c.actors]
        if not c.actors or not others:
            continue
        c.recipients, c.mode = others, "meet"
        if lemma in _DELAY_VERBS:
            continue  # a postponed meeting is still to take place
        m.actors, m.recipients, m.status = list(c.actors), others, "denied"
        m.actor_mentions = list(c.actor_mentions)
        used_nouns.add(noun.i)
        found.append(m)


def _cancelled_objects(verb: Token) -> list[Token]:
    """What a cancelling verb cancels: its object, or the noun of a free relative ("cancelled
    what would have been his first meeting")."""
    out = []
    for ch in verb.children:
        if ch.dep_ in ("dobj", "nsubjpass"):
            out.append(ch)
        elif ch.dep_ == "ccomp":
            out += [g for g in ch.children if g.dep_ == "attr"]
    return out
