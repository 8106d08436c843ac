"""What the event rules read: one candidate event, the token -> mention index, and the
per-article coding context (parse, lexicon word sets, repaired lemmas, knowledge base,
named-entity lookup and per-sentence caches) that the trigger, status, party and place rules
take as their first argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from teller.events.lexicon import Entry, Lexicon
from teller.events.sources import source_tokens
from teller.events.syntax import dateline_tokens, repaired_lemmas
from teller.records import Actor, Mention, Place, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from teller.actors import KnowledgeBase


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
    #: the event types the act this one reacts to may have, when its object is an event noun
    #: naming no party ("condemned the drills"): the article's latest such act gives the recipient
    reacts_to: frozenset[str] = frozenset()


def actors_of(m: Mention) -> list[Actor]:
    """The actors a mention stands for (a group mention's members, else its actor)."""
    if m.members:
        return list(m.members)
    return [m.actor] if m.actor is not None else []


def flatten_mentions(ms: Iterable[Mention]) -> list[Actor]:
    """The actors of ``ms``, each once, in order."""
    out: list[Actor] = []
    seen: set[str] = set()
    for m in ms:
        for a in actors_of(m):
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return out


class MentionIndex:
    """Token -> mention lookup for one parsed article (mentions carry char spans)."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], source: str | None = None) -> None:
        self.by_token: list[Mention | None] = [None] * len(doc)
        #: tokens naming the report's source (an outlet, the article's own): never a party
        self.sources = frozenset(source_tokens(doc, source))
        self.first_pos: dict[str, int] = {}
        for m in mentions:
            if not m.evidence or (m.actor is None and not m.members):
                continue
            sp = m.evidence[0]
            span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for t in span:
                if self.by_token[t.i] is None and t.i not in self.sources:
                    self.by_token[t.i] = m
            for a in actors_of(m):
                self.first_pos.setdefault(a.id, sp.start)

    def at(self, i: int) -> Mention | None:
        return self.by_token[i]


class CodingContext:
    """The per-article lookups every event rule reads (built once per article)."""

    def __init__(self, doc: Doc, mentions: MentionIndex, lex: Lexicon, timexes: Sequence[TimeValue],
                 kb: KnowledgeBase) -> None:
        self.doc = doc
        self.mentions = mentions
        self.lex = lex
        #: resolves place names to states ("in Amman" -> JOR) and states to actors
        self.kb = kb
        self.light = lex.words("light")
        self.occur = lex.words("occur")
        self.intend = lex.words("intend")
        self.report = lex.words("report")
        self.fail = lex.words("fail")
        self.content_types = lex.words("content")
        self.future_adj = lex.words("future_adj")
        self.hypo_adj = lex.words("hypo_adj")
        self.lem = repaired_lemmas(doc, lex)
        for i in dateline_tokens(doc):  # "NEW DELHI - Leaders of ...": a dateline is not a party
            mentions.by_token[i] = None
        #: participants of the latest multi-party event or group mention, for an unresolved "they"
        self.recent_plural: list[Actor] = []
        #: the latest agreement or ceasefire with two sides: (its parties, whether a ceasefire),
        #: for "the ceasefire took hold" / "the deal comes into force" told without them
        self.recent_accord: tuple[list[Actor], bool] | None = None
        #: the latest drill or deployment with its sides, for "these drills were launched on
        #: Thursday" told without them
        self.recent_drill: tuple[list[Actor], list[Actor]] | None = None
        self.context_cache: dict[int, list[str]] = {}
        self.country_cache: dict[int, frozenset[str]] = {}
        self._ents: dict[int, Any] | None = None
        self.timex_at: dict[int, list[TimeValue]] = {}
        for tv in timexes:
            if tv.type not in ("DATE", "TIME") or not tv.evidence:
                continue
            sp = doc.char_span(tv.evidence[0].start, tv.evidence[0].end, alignment_mode="expand")
            if sp is not None and len(sp):
                self.timex_at.setdefault(sp.root.i, []).append(tv)

    def ent_at(self, i: int) -> SpacySpan | None:
        """The named entity covering token ``i``, if any."""
        if self._ents is None:
            self._ents = {}
            for e in self.doc.ents:
                for j in range(e.start, e.end):
                    self._ents[j] = e
        return self._ents.get(i)


def objects_of(ctx: CodingContext, tok: Token) -> list[Token]:
    """A verb's objects: direct objects, passive subjects, attributes, and the object behind a
    particle ("speak by phone", "break off relations"), with their later conjuncts."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for c in tok.children:  # "speak by phone", "break off relations": object behind a particle
        if c.dep_ == "prep" and ctx.lem[c.i] in ("off", "on", "to", "of", "in"):
            objs += [g for g in c.children if g.dep_ == "pobj"]
    out = []
    for o in objs:
        out.append(o)
        out += [c for c in o.conjuncts if c.i > o.i]  # "artillery, mortar and rocket fire"
    return out

