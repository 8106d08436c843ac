"""PLOVER events from a GiNZA parse of Japanese news: triggers from ``lexicon_ja.tsv``, parties
from case particles (``parties``), status from auxiliaries and plan words (``status``), dates from
the clause's own time expressions (``dating``, through the English engine's ``reconcile``); the
clause structure they read is ``clauses``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from teller.events.article import CodedArticle
from teller.events.cameo import cameo_for, quad_code
from teller.japanese.clauses import compound, in_quote, mention_index
from teller.japanese.dating import date_events
from teller.japanese.lexicon import JaEntry, find
from teller.japanese.parties import Cand, candidate
from teller.records import Actor, Article, Event, Mention, TimeValue, content_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from teller.actors import KnowledgeBase

def code_article(doc: Doc, article: Article, mentions: list[Mention], timexes: list[TimeValue], *,
                 dct: datetime | None, kb: KnowledgeBase) -> CodedArticle:
    """The Japanese events of one article, as the English coder returns them."""
    at = mention_index(doc, mentions)
    cands: list[Cand] = []
    last_actors: list[Actor] = []
    copies = [copy for copy, _original in article.repeats]
    for sent in doc.sents:
        for tok in sent:
            if any(cp.start <= tok.idx < cp.end for cp in copies):
                continue  # a repeated passage is coded once, at its original (as in English)
            entry = _entry(tok)
            if entry is None:
                continue
            c = candidate(tok, entry, at, kb)
            if c is None:
                continue
            if not c.actors and not c.recipients and tok.pos_ == "NOUN" and \
                    any(x.entry.type == entry.type for x in cands):
                continue  # "電話会談は…行われた": the talks told again, not new talks
            if not c.actors and last_actors and not in_quote(tok):
                c.actors, c.inherited_actor = list(last_actors), True
                c.conf -= 0.1
            c.recipients = [r for r in c.recipients if all(r.id != a.id for a in c.actors)]
            if not c.actors:
                continue
            last_actors = c.actors
            cands.append(c)
    date_events(cands, doc, timexes, dct)
    return _to_events(cands, article)


def _entry(tok: Token) -> JaEntry | None:
    if tok.pos_ not in ("NOUN", "VERB", "PROPN"):
        return None
    if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "VERB"):
        return None  # part of a longer word: the head decides (電話 in 電話会談)
    return find(compound(tok), tok.lemma_)


def _to_events(cands: list[Cand], article: Article) -> CodedArticle:
    out = CodedArticle()
    kept: list[tuple[tuple, Event]] = []
    for c in cands:
        sides = frozenset(a.id for a in c.actors) | frozenset(a.id for a in c.recipients)
        key = (c.entry.type, c.status, sides, c.date.value if c.date else None)
        same = next((e for k, e in kept if k == key or (k[0] == key[0] and k[1] == key[1] and k[2] >= key[2]
                                                          and c.inherited_actor)), None)
        if same is not None:
            if c.sentence not in same.evidence:
                same.evidence.append(c.sentence)
                same.evidence.sort()
            continue
        date_value = c.date.value if c.date else None
        eid = content_id("evt", article.id, c.entry.type, sorted(a.id for a in c.actors),
                         sorted(a.id for a in c.recipients), c.status, date_value)
        ev = Event(id=eid, event=c.entry.type, actor=list(c.actors), recipient=list(c.recipients),
                   status=c.status, evidence=[c.sentence], confidence=round(max(0.05, min(0.95, c.conf)), 3),  # type: ignore[arg-type]
                   mode=c.entry.mode, quad_code=quad_code(c.entry.type),
                   cameo=cameo_for(c.entry.type, c.entry.mode, c.entry.cameo), date=c.date, date_reason=c.reason,
                   event_text=c.text, article_ids=[article.id])
        kept.append((key, ev))
        out.events.append(ev)
        out.depth[eid] = 0
    return out


def events_in(events: Iterable[Event]) -> list[str]:
    """One line per event (for debugging and the docs' examples)."""
    return [f"{e.event}/{e.status} {'+'.join(a.name for a in e.actor)} -> {'+'.join(a.name for a in e.recipient)}"
            f" {e.date.value if e.date else '-'}" for e in events]
