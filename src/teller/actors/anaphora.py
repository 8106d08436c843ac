"""Mentions that point back: pronouns ("he", "her"), counterparts ("his Japanese counterpart"),
groups ("the two ministers", "both countries") and conjoined actors ("Japan and the United
States"), resolved against the people and states seen before them in the same pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.actors.mentions import (
    CONF,
    LEADER,
    MINISTERIAL,
    MODIFIERS,
    NUMBERS,
    PERSON_GROUP,
    PRONOUNS,
    STATE_GROUP,
    Ctx,
    emit,
    low_at,
    offices_of,
)
from teller.actors.titles import role_actor
from teller.records import Actor, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Token


def counterpart(ctx: Ctx, i: int) -> int | None:
    """'his Japanese counterpart', 'Blinken's Japanese counterpart', 'her counterpart from Japan'."""
    lo = low_at(ctx, i)
    possessor: Actor | None = None
    pron_end = None
    if lo in ("his", "her", "their"):
        j = i + 1
        pron_end = i + 1
    else:
        return None
    country = None
    h = ctx.hits.get(j)
    while low_at(ctx, j) in MODIFIERS:
        j += 1
        h = ctx.hits.get(j)
    if h is not None and (e := h.first("adj", "state")):
        country = e.ref[0]
        j = h.end
    if low_at(ctx, j) not in ("counterpart", "counterparts"):
        return None
    end = j + 1
    if country is None and low_at(ctx, end) in ("from", "in", "of"):
        h2 = ctx.hits.get(end + 1)
        if h2 is None and low_at(ctx, end + 1) == "the":
            h2 = ctx.hits.get(end + 2)
        if h2 is not None and (e2 := h2.first("state")):
            country, end = e2.ref[0], h2.end
    if pron_end is not None and lo != "their":
        possessor = antecedent(ctx, i)
        emit(ctx, i, pron_end, possessor, "pronoun", conf=CONF["pronoun"] if possessor else 0.2)
    actor = counterpart_of(ctx, possessor, country)
    emit(ctx, i, end, actor, "counterpart", conf=CONF["counterpart"] if actor else 0.2)
    return end


def counterpart_of(ctx: Ctx, possessor: Actor | None, country: str | None) -> Actor | None:
    offices = offices_of(ctx, possessor) if possessor else ()
    if country is not None:
        for office in offices or ("foreign",):
            h = ctx.kb.holder(country, office, ctx.when)
            if h is not None:
                return h
        return role_actor(ctx, country, (offices or ("foreign",))[0]) if country in ctx.kb.states else None
    # no country named: the latest person of another country holding the same office
    for s in reversed(ctx.persons):
        if possessor is not None and s.actor.id != possessor.id and s.actor.country != possessor.country:
            if not offices or set(offices) & set(s.offices):
                return s.actor
    return None


def group(ctx: Ctx, i: int) -> int | None:
    """'the two ministers', 'both countries', 'the three leaders'."""
    lo = low_at(ctx, i)
    j = i
    count = 2
    if lo == "the" and low_at(ctx, i + 1) in NUMBERS:
        count = NUMBERS[low_at(ctx, i + 1)]
        j = i + 2
    elif lo == "both" and low_at(ctx, i + 1) not in ("of",):
        j = i + 1
    else:
        return None
    noun = low_at(ctx, j)
    if noun in ("foreign",) and low_at(ctx, j + 1) == "ministers":
        j += 1
        noun = "ministers"
    if noun in PERSON_GROUP:
        host = clause_subject(ctx, i)  # "Cavusoglu hosted the two ministers": not one of them
        members = recent_people(ctx, count, PERSON_GROUP[noun], exclude=host.id if host else None)
    elif noun in STATE_GROUP:
        members = recent_states(ctx, count)
    else:
        return None
    emit(ctx, i, j + 1, None, "group", members=members, conf=CONF["group"] if len(members) == count else 0.3)
    return j + 1


def recent_people(ctx: Ctx, count: int, cls: str, exclude: str | None = None) -> list[Actor]:
    out: list[Actor] = []
    for s in reversed(ctx.persons):
        if s.actor.id == exclude or any(a.id == s.actor.id for a in out):
            continue
        if cls == "minister" and s.offices and not set(s.offices) & MINISTERIAL:
            continue
        if cls == "leader" and s.offices and not set(s.offices) & LEADER:
            continue
        out.append(s.actor)
        if len(out) == count:
            break
    return list(reversed(out))


def recent_states(ctx: Ctx, count: int) -> list[Actor]:
    """The last ``count`` distinct countries, named or implied by the people mentioned."""
    seen: list[tuple[int, str]] = [(s.tok, s.actor.country) for s in ctx.states if s.actor.country]
    seen += [(s.tok, s.actor.country) for s in ctx.persons if s.actor.country]
    out: list[str] = []
    for _, c in sorted(seen, reverse=True):
        if c not in out and c in ctx.kb.states:
            out.append(c)
        if len(out) == count:
            break
    return [ctx.kb.state_actor(c) for c in reversed(out)]


def pronoun(ctx: Ctx, i: int) -> int | None:
    lo = low_at(ctx, i)
    if lo not in PRONOUNS:
        return None
    actor = antecedent(ctx, i)
    emit(ctx, i, i + 1, actor, "pronoun", conf=CONF["pronoun"] if actor else 0.2)
    return i + 1


def antecedent(ctx: Ctx, i: int) -> Actor | None:
    """The most salient earlier person, chosen by position and grammatical role, never gender.

    A subject or possessive pronoun refers to the subject of its clause (or of the clause that
    governs it: "Kerry said he ..."); an object pronoun to the latest other person; otherwise
    the nearest earlier subject in the sentence, else the subject of the nearest earlier
    sentence that mentions someone.
    """
    if not ctx.persons:
        return None
    tok = ctx.doc[i]
    sent = ctx.sent_of[i]
    same = [s for s in ctx.persons if s.sent == sent and s.tok < i]
    objective = tok.lower_ == "him" or (tok.lower_ == "her" and tok.dep_ in ("dobj", "pobj", "dative", "obj"))
    subject = clause_subject(ctx, i)
    if objective:
        # "Trump praised him": not the clause's own subject; the latest other person
        exclude = {subject.id} if subject is not None else {s.actor.id for s in same if s.subject}
        for s in reversed(ctx.persons):
            if s.tok < i and s.actor.id not in exclude:
                return s.actor
        return (same or ctx.persons)[-1].actor
    obj = object_of_for_phrase(ctx, tok)
    if obj is not None:
        return obj
    if subject is not None:
        return subject
    if same:
        subj = [s for s in same if s.subject]
        return (subj[-1] if subj else same[-1]).actor
    for back in range(1, 4):
        prev = [s for s in ctx.persons if s.sent == sent - back]
        if prev:
            subj = [s for s in prev if s.subject]
            return (subj[0] if subj else prev[0]).actor
    return ctx.persons[-1].actor


def object_of_for_phrase(ctx: Ctx, tok: Token) -> Actor | None:
    """'thanked Hayashi for his work', 'praised him for her efforts' reads as the object's."""
    noun = tok.head
    prep = noun.head
    if tok.dep_ != "poss" or noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.pos_ != "VERB":
        return None
    for child in prep.head.children:
        if child.dep_ == "dobj" and child.i < tok.i:
            return ctx.person_at.get(child.i)
    return None


def clause_subject(ctx: Ctx, i: int) -> Actor | None:
    """The person who is the subject of the clause containing token ``i`` (or of the clause
    governing it: "Kerry said he ..."), following relative pronouns to their noun."""
    tok = ctx.doc[i]
    node = tok
    for _ in range(8):
        head = node.head
        if head is node:
            return None
        node = head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.i >= i or child.i == tok.i:
                continue
            target = child
            if child.lower_ in ("who", "that") and node.dep_ == "relcl":
                target = node.head
            actor = ctx.person_at.get(target.i)
            if actor is not None:
                return actor
            if target.lower_ in PRONOUNS:
                return None  # an unresolved pronoun subject: fall back to salience
    return None


def conjoined_groups(ctx: Ctx) -> None:
    """'Japan and the United States', 'Kamikawa and Blinken': a group mention over both."""
    ms = sorted((m for m in ctx.mentions if m.actor is not None and m.kind not in ("pronoun", "group", "apposition")),
                key=lambda m: m.evidence[0].start)
    text = ctx.text
    for a, b in zip(ms, ms[1:], strict=False):
        between = text[a.evidence[0].end:b.evidence[0].start]
        if between.strip().lower() != "and" or a.actor is None or b.actor is None:
            continue
        if (a.actor.kind == "person") != (b.actor.kind == "person") or a.actor.id == b.actor.id:
            continue
        sp = Span(a.evidence[0].start, b.evidence[0].end)
        ctx.mentions.append(Mention(text=text[sp.start:sp.end], evidence=[sp], actor=None, kind="group",
                                    confidence=min(a.confidence, b.confidence), members=[a.actor, b.actor]))
