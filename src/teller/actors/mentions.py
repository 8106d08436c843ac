"""The state of one resolution pass over an article (:class:`Ctx`): the mentions made so far and
the short history of people and states seen, which later mentions resolve against; how a
mention is recorded (:func:`emit`); and the word lists and confidences the resolver uses.
:mod:`teller.actors.resolve` runs the pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from teller.actors.gazetteer import Hit
from teller.actors.kb import KnowledgeBase
from teller.records import Actor, Mention, Span
from teller.text.numbers import CARDINALS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Confidence by how a mention was resolved: explicit names are near-certain, inference less so.
CONF = {
    "name": 0.97, "title": 0.97, "surname": 0.88, "possessive": 0.9, "apposition": 0.9,
    "anaphor": 0.75, "counterpart": 0.8, "pronoun": 0.7, "group": 0.8, "state": 0.95,
    "demonym": 0.85, "capital": 0.8, "organisation": 0.93, "body": 0.9, "learnt": 0.6,
    "learnt_role": 0.65, "unknown_holder": 0.4, "surname_first": 0.6,
}

PRONOUNS = {"he": "subj", "she": "subj", "him": "obj", "her": "poss_or_obj", "his": "poss",
            "hers": "poss", "himself": "refl", "herself": "refl"}
MODIFIERS = {"new", "newly", "appointed", "incoming", "outgoing", "acting", "current", "then", "top",
             "sitting", "incumbent", "caretaker", "interim", "designate", "-", "then-", "senior", "powerful",
             "longtime", "long-serving", "veteran", "hawkish"}
FORMER = {"former", "ex", "ex-", "previous", "erstwhile"}
NOT_HOLDER = {"deputy", "vice", "junior", "assistant", "under", "shadow", "state", "parliamentary", "a", "an"}
#: counts of a group told back ("the two ministers", "both countries")
NUMBERS = {**{w: n for w, n in CARDINALS.items() if 2 <= n <= 5}, "both": 2}
PERSON_GROUP = {"ministers": "minister", "leaders": "leader", "presidents": "leader", "diplomats": "minister",
                "secretaries": "minister", "men": "any", "women": "any", "officials": "any",
                "counterparts": "any", "premiers": "leader", "heads": "leader"}
STATE_GROUP = {"countries", "nations", "sides", "governments", "allies", "states", "neighbours",
               "neighbors", "powers", "partners", "capitals"}
LOCATIVE = {"in", "at", "to", "from", "near", "into", "via", "outside", "inside", "around", "toward",
            "towards", "across", "within", "through", "visit", "visited", "visiting", "arrived", "left"}
MINISTERIAL = {"foreign", "defence", "finance", "trade", "interior", "justice", "chief_cabinet_secretary",
               "national_security_adviser", "minister"}
LEADER = {"head_of_state", "head_of_government"}
SLUG_BAD = re.compile(r"[^a-z0-9]+")
#: Words that make a leader's name their government: "the Obama administration", "the Assad
#: regime", "Netanyahu's cabinet".
GOVERNMENT_OF_LEADER = frozenset({"administration", "government", "regime", "cabinet"})
#: Courtesy words before a name that are no part of it ("Mr. Donald J. Trump", "Shri Narendra Modi").
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mister", "madam", "madame", "dr", "dr.",
                        "shri", "sri", "smt", "smt.", "shrimati", "h.e.", "excellency"})



#: Name particles ("de", "van", "bin") that stay inside a name.
PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "la", "le",
                        "bin", "bint", "ibn", "al", "el", "ben", "y", "e", "du", "des", "ter", "ten", "-", "'s", "."})


@dataclass(slots=True)
class Seen:
    """One earlier person or state mention, for resolving what comes after it."""

    actor: Actor
    tok: int
    sent: int
    subject: bool
    offices: tuple[str, ...] = ()


@dataclass(slots=True)
class TitlePhrase:
    start: int
    end: int  # exclusive; covers the name if any
    country: str | None
    offices: list[str]
    former: bool
    title_end: int
    name: tuple[int, int] | None = None
    body: bool = False
    definite: bool = False
    generic: bool = False


@dataclass
class Ctx:
    doc: Doc
    kb: KnowledgeBase
    when: date | None
    text: str
    hits: dict[int, Hit]
    sent_of: list[int]
    mentions: list[Mention] = field(default_factory=list)
    persons: list[Seen] = field(default_factory=list)
    states: list[Seen] = field(default_factory=list)
    learnt: dict[str, Actor] = field(default_factory=dict)
    learnt_surnames: dict[str, Actor] = field(default_factory=dict)
    learnt_offices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    person_at: dict[int, Actor] = field(default_factory=dict)  # token index -> person mentioned there
    low: list[str] = field(default_factory=list)  # lower-cased token texts
    english: bool = True  # learn unknown people only from English text (NER is English-only)
    done_until: int = 0
    countries: set[str] | None = None  # the states the text names, once asked for
    indexed: set[str] = field(default_factory=set)  # ids of people found in the office-holder index
    #: ids of learnt people whose country is the article's home country, not stated
    guessed: set[str] = field(default_factory=set)


def span(ctx: Ctx, start: int, end: int) -> Span:
    doc = ctx.doc
    return Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


def leader_government(ctx: Ctx, end: int, actor: Actor | None) -> int | None:
    """The end of "<leader> ('s) administration" after a person mention ending at ``end``."""
    if actor is None or actor.kind != "person" or not actor.country or actor.country not in ctx.kb.states:
        return None
    k = end + (1 if end < len(ctx.doc) and ctx.low[end] in ("'s", "\u2019s") else 0)
    if k < len(ctx.doc) and ctx.low[k] in GOVERNMENT_OF_LEADER:
        return k + 1
    return None


def emit(ctx: Ctx, start: int, end: int, actor: Actor | None, kind: str, *, conf: float | None = None,
          members: list[Actor] | None = None, track: bool = True) -> Mention:
    gov_end = leader_government(ctx, end, actor)
    if gov_end is not None:  # the government acts, under its leader's name
        assert actor is not None and actor.country is not None
        actor, end, kind = ctx.kb.government_actor(actor.country), gov_end, "name"
    sp = span(ctx, start, end)
    m = Mention(text=ctx.text[sp.start:sp.end], evidence=[sp], actor=actor, kind=kind,
                confidence=CONF.get(kind, 0.7) if conf is None else conf, members=members or [])
    ctx.mentions.append(m)
    if track and actor is not None:
        root = root_of(ctx.doc, start, end)
        dep = root.dep_
        subj = dep in ("nsubj", "nsubjpass") or (dep == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
        seen = Seen(actor, start, ctx.sent_of[start], subj)
        if actor.kind == "person":
            seen.offices = offices_of(ctx, actor)
            ctx.persons.append(seen)
            for t in range(start, end):
                ctx.person_at[t] = actor
        elif actor.country:
            ctx.states.append(seen)
    return m


def root_of(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of tokens [start, end): cheaper than building a Span for ``.root``."""
    if end - start == 1:
        return doc[start]
    for k in range(end - 1, start - 1, -1):
        tok = doc[k]
        if not start <= tok.head.i < end or tok.head.i == k:
            return tok
    return doc[end - 1]


def offices_of(ctx: Ctx, actor: Actor) -> tuple[str, ...]:
    learnt = actor.id not in ctx.indexed and any(a is actor for a in ctx.learnt.values())
    if actor.id.startswith("person:") and actor.id[7:] in ctx.kb.people and not learnt:
        return ctx.kb.offices_of(actor.id[7:], ctx.when)
    if actor.id.startswith("role:"):
        return (actor.id.split(".")[-1],)
    return ctx.learnt_offices.get(actor.id, ())


def low_at(ctx: Ctx, i: int) -> str:
    low = ctx.low
    return low[i] if 0 <= i < len(low) else ""


def latest(ctx: Ctx, actor_id: str) -> int:
    """Token index of the latest mention of ``actor_id`` so far (-1: none)."""
    for s in reversed(ctx.persons):
        if s.actor.id == actor_id:
            return s.tok
    return -1
