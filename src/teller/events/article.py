"""Article-level PLOVER coding: one event per real event, dated by its own words.

Sentence candidates (``teller.events.coder``) are merged so that the same event told in the
lead, a repeated highlights paragraph and the body becomes one ``Event`` whose evidence lists
every telling; every telling's time expressions go to ``teller.timex.reconcile`` together, so
contradictions between copies are flagged rather than hidden. A definite event noun with no
actors ("The telephone talk took place ...") is an anaphor: it adds evidence and dates to the
latest matching event. How each event is dated (its own words, the event it elaborates, the
article's lede, the publication day as the last resort) is :mod:`teller.events.dating`.
Which time expressions are an event's own is decided in :mod:`teller.events.own_times`;
:mod:`teller.events.lent_times` lends a stated day to events left with none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, cast

from teller.events import cameo as cameo_map
from teller.events import dating, lexicon
from teller.events.build import UNKNOWN_PERPETRATOR
from teller.events.coder import SentenceCoder
from teller.events.context import Candidate, MentionIndex
from teller.events.lent_times import date_through_back_references, share_with_conjuncts
from teller.events.own_side import drop_own_state
from teller.events.own_times import dates_event, dates_report
from teller.events.retellings import merge_retellings
from teller.events.specific import name_specific_agents
from teller.records import Actor, Article, Event, EventStatus, Flag, Mention, Span, TimeValue, content_id

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from teller.actors import KnowledgeBase

log = logging.getLogger(__name__)

#: Event types that are symmetric: "A met B" and "B met A" are one event.
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Verbal cooperation whose missing recipient is the actor's counterpart in the article's talks.
_COUNTERPART_TYPES = dating.COUNTERPART_TYPES
#: Event types done together, whose tellings may name the parties in either order.
_MUTUAL_TYPES = dating.MUTUAL_TYPES
#: Answers to an earlier act: their missing recipient is whoever acted on their actor.
_RESPONSES = frozenset({"REJECT", "CONCEDE"})


@dataclass(slots=True)
class CodedArticle:
    events: list[Event] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    #: event id -> dependency depth of its first trigger's clause (0 = a sentence root); lets
    #: evaluations pick a sentence's main event. Not part of the record contract.
    depth: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Group:
    first: Candidate
    members: list[Candidate]
    #: the talks an inferred-recipient event was said in (dates it when it has no date of its own)
    context_of: _Group | None = None

    @property
    def timexes(self) -> list[TimeValue]:
        out: list[TimeValue] = []
        seen: set[tuple[int, int]] = set()
        for c in self.members:
            for tv in c.timexes:
                key = (tv.evidence[0].start, tv.evidence[0].end) if tv.evidence else (id(tv), 0)
                if key not in seen:
                    seen.add(key)
                    out.append(tv)
        return out


def code_article(doc: Doc, article: Article, mentions: Sequence[Mention], timexes: Sequence[TimeValue],
                 *, dct: datetime | None, kb: KnowledgeBase | None = None) -> CodedArticle:
    """PLOVER events of one article (see docs/interfaces.md).

    ``dct`` is the publication time when it is known to the day; ``None`` otherwise, and then
    an event the text does not date in full gets no date rather than a made-up one. ``kb``: the
    knowledge base the mentions were resolved with, read for places (None: the default one).
    """
    if dct is not None and dct.tzinfo is None:
        raise ValueError("dct must be timezone-aware")
    if doc.text != article.text:
        log.warning("events: doc text differs from article %s text; offsets may not match", article.id)
    coder = SentenceCoder(doc, MentionIndex(doc, mentions, article.source), lexicon.default(), timexes, kb)
    cands: list[Candidate] = []
    problems: list[Flag] = []
    for sent in doc.sents:
        try:
            cands.extend(coder.sentence(sent))
        except Exception as err:  # one odd parse must not lose the article's other events
            log.warning("events: sentence at %d of %s not coded: %r", sent.start_char, article.id, err)
            problems.append(Flag("coding_error", "warning", f"a sentence could not be coded ({type(err).__name__})",
                                 [Span(sent.start_char, sent.end_char)]))
    name_specific_agents(cands, mentions)  # "China's military" of a report naming the PLA's command
    report_verbs = lexicon.default().words("report")
    for c in cands:
        c.timexes = [tv for tv in c.timexes if dates_event(doc, c, tv)]
        c.report_timexes = [tv for tv in c.report_timexes if dates_report(doc, c, tv, report_verbs)]
    drop_own_state(cands)
    share_with_conjuncts(doc, cands, timexes)
    date_through_back_references(doc, cands, timexes)
    groups = _coalesce(_merge(cands, article))
    _infer_addressees(groups)
    _infer_reacted_to(groups)
    _infer_counterparts(groups)
    groups = _fold_unknown_perpetrator(_fold_targetless(_fold_bare(_remerge(groups), doc)))
    groups = merge_retellings(groups)
    coded = _to_events(groups, article, dct, doc, timexes)
    coded.flags.extend(problems)
    return coded


# --- merging -----------------------------------------------------------------------------------


def _key(c: Candidate) -> tuple:
    a = tuple(sorted(x.id for x in c.actors))
    r = tuple(sorted(x.id for x in c.recipients))
    if c.separate:  # "three days after their first talks": another event than the one told
        return (c.type, c.status, tuple(sorted(set(a) | set(r))), c.separate)
    if c.mutual:
        return (c.type, c.status, tuple(sorted(set(a) | set(r))))
    if c.type == "ASSAULT" and c.place is not None:
        # strikes on Kharkiv and on Odesa by the same side are two attacks
        return (c.type, c.status, a, r, c.place.name.casefold())
    return (c.type, c.status, a, r)


def _fold_bare(groups: list[_Group], doc: Doc) -> list[_Group]:
    """An attack told again with neither target nor place ("..., killing six people") is the
    attack on a named place by the same side told in the same sentence, or, failing that, the
    only such attack the article names. A trailing participle ("..., officials said, injuring
    dozens") is the toll of the sentence's placed attack whoever the parse makes its subject."""
    out: list[_Group] = []
    for g in groups:
        c = g.first
        if c.type == "ASSAULT" and not c.recipients and c.place is None:
            placed = [o for o in groups if o is not g and o.first.type == c.type and o.first.status == c.status
                      and o.first.place is not None]
            same = [o for o in placed if {a.id for a in o.first.actors} == {a.id for a in c.actors}]
            here = [o for o in same if o.first.sentence == c.sentence]
            clause = doc[c.clause]
            if not here and not c.nominal and clause.tag_ == "VBG" and clause.dep_ == "advcl":
                here = [o for o in placed if o.first.sentence == c.sentence][:1]
            target = here[0] if here else (same[0] if len(same) == 1 else None)
            if target is not None:
                target.members.extend(m for m in g.members if m not in target.members)
                continue
        out.append(g)
    return out


#: Event types whose PLOVER definition needs someone acted on: told with no recipient, such an
#: event is a retelling of the same act with its target, or too little to record. (A threat is
#: news without a target: "warned of retaliation".)
_DIRECTED_TYPES = frozenset({"CONSULT", "SUPPORT", "AGREE", "REQUEST", "SANCTION", "ACCUSE",
                             "COOPERATE", "AID", "CONCEDE"})


def _fold_targetless(groups: list[_Group]) -> list[_Group]:
    """A directed act by one party with no recipient ("he made his request Thursday", "Greece
    condemned the move") joins the article's same act by the same party that names its target
    (its evidence and dates go with it); with none, in a text that names the targets of its
    other acts, it is left out: "X accused" says neither whom nor, for the event record, what
    (on real reports such bare acts are nearly all asides, quotes and background). Acts by two
    or more parties together ("Japan and India agreed") need no recipient."""
    out: list[_Group] = []
    # a text that names a target elsewhere had the chance to name this one: a lone sentence
    # (a headline, a one-line item) has not, and keeps its bare act
    targets_named = any(o.first.recipients for o in groups)
    for g in groups:
        c = g.first
        if c.type in _DIRECTED_TYPES and not c.recipients and len(c.actors) < 2:
            ids = _side_ids(c.actors)
            same = [o for o in groups if o is not g and o.first.type == c.type and o.first.status == c.status
                    and o.first.recipients and ids & _side_ids(o.first.actors)]
            if same:
                same[0].members.extend(m for m in g.members if m not in same[0].members)
                continue
            if targets_named:
                continue
        out.append(g)
    return out


def _fold_unknown_perpetrator(groups: list[_Group]) -> list[_Group]:
    """An attack told without its attacker ("dozens of missiles were launched at the airfield")
    joins the article's attack by a named attacker on the same side (or on an unnamed one),
    when there is exactly one such attacker: the report named who struck once."""
    out: list[_Group] = []
    for g in groups:
        c = g.first
        if c.type == "ASSAULT" and c.actors and all(a.id == UNKNOWN_PERPETRATOR.id for a in c.actors):
            targets = {a.country for a in c.recipients if a.country}
            known = [o for o in groups if o is not g and o.first.type == "ASSAULT" and o.first.status == c.status
                     and o.first.actors and not any(a.id == UNKNOWN_PERPETRATOR.id for a in o.first.actors)
                     and (not targets or not o.first.recipients or
                          targets & {a.country for a in o.first.recipients if a.country})]
            own = {t.value for m in g.members for t in m.timexes}
            known = [o for o in known if not own or own & {t.value for m in o.members for t in m.timexes}]
            if len({frozenset(_side_ids(o.first.actors)) for o in known}) == 1:
                known[0].members.extend(m for m in g.members if m not in known[0].members)
                continue
        out.append(g)
    return out


def _side_ids(actors: Sequence[Actor]) -> set[str]:
    """Who acts, as comparable ids: a state and its government are one side ("Greece asked ...",
    "Athens made the request")."""
    return {f"state:{a.country}" if a.kind in ("state", "government") and a.country else a.id for a in actors}


def _in_copy(pos: int, article: Article) -> tuple[Span, Span] | None:
    for copy, orig in article.repeats:
        if copy.start <= pos < copy.end:
            return copy, orig
    return None


def _merge(cands: list[Candidate], article: Article) -> list[_Group]:
    groups: list[_Group] = []
    by_key: dict[tuple, _Group] = {}
    by_trigger: dict[int, _Group] = {}
    pending_anaphora: list[Candidate] = []
    for c in cands:
        if not c.actors:
            if c.nominal and c.definite:
                pending_anaphora.append(c)
            continue
        rep = _in_copy(c.event_span.start, article)
        if rep is not None:
            copy, orig = rep
            target = by_trigger.get(c.event_span.start - copy.start + orig.start)
            target = target or by_key.get(_key(c))
            if target is not None:
                target.members.append(c)
            continue  # a copy never makes an event of its own
        g = by_key.get(_key(c))
        if g is None:
            g = _Group(c, [c], None)
            by_key[_key(c)] = g
            groups.append(g)
        else:
            g.members.append(c)
        by_trigger[c.event_span.start] = g
    for c in pending_anaphora:
        target = None
        for g in groups:
            if g.first.type == c.type and (c.mode is None or g.first.mode in (None, c.mode)) \
                    and g.first.event_span.start < c.event_span.start:
                target = g  # the latest earlier match wins
        if target is not None:
            target.members.append(c)
    return groups


def _infer_counterparts(groups: list[_Group]) -> None:
    """A recipient-less SUPPORT ("conveyed his congratulations") is for the actor's counterpart
    in the talks the article reports, or for another actor named in the same sentence."""
    talks = [g for g in groups if g.first.type == "CONSULT"]
    for g in groups:
        c = g.first
        if c.recipients or not c.actors or c.type not in _COUNTERPART_TYPES:
            continue
        mine = {a.id for a in c.actors}
        best = None
        for t in talks:
            parts = t.first.actors + t.first.recipients
            others = [a for a in parts if a.id not in mine]
            if not (mine & {a.id for a in parts}) or not others:
                continue
            rank = (t.first.status != c.status,
                    min(abs(m.event_span.start - c.event_span.start) for m in t.members))
            if best is None or rank < best[0]:
                best = (rank, t, others)
        if best is not None:
            c.recipients = best[2]
            g.context_of = best[1]
            c.recipient_inferred = True
            c.confidence -= 0.15


def _infer_addressees(groups: list[_Group]) -> None:
    """A rejection with no stated recipient answers the latest act aimed at its actor:
    "China accused the Philippines ... The Philippines rejected the claim" (PHL -> CHN)."""
    for i, g in enumerate(groups):
        c = g.first
        if c.recipients or not c.actors or c.type not in _RESPONSES:
            continue
        mine = {a.id for a in c.actors}
        my_countries = {a.country for a in c.actors if a.country}
        for prev in reversed(groups[:i]):
            p = prev.first
            if p.event_span.start >= c.event_span.start:
                continue
            if mine & {a.id for a in p.recipients} or my_countries & {a.country for a in p.recipients}:
                c.recipients = [a for a in p.actors if a.id not in mine and
                                (not a.country or a.country not in my_countries)]
                c.recipient_inferred = bool(c.recipients)
                c.confidence -= 0.15
                break


def _infer_reacted_to(groups: list[_Group]) -> None:
    """A reaction to an act named only by its noun ("Taipei condemned the drills", "Seoul
    welcomed the deal") is aimed at whoever did the article's latest act of that type told
    before it, when that is another side."""
    for g in groups:
        c = g.first
        if c.recipients or not c.actors or not c.reacts_to:
            continue
        mine = {a.id for a in c.actors}
        my_countries = {a.country for a in c.actors if a.country}
        # the latest act told before it, in text order (an event noun of the same sentence,
        # "concerned about the attacks by Iran ... condemns such escalation", is listed after
        # the sentence's verbs)
        told_before = sorted((o for o in groups if o is not g and o.first.type in c.reacts_to
                              and o.first.event_span.start < c.event_span.start),
                             key=lambda o: o.first.event_span.start)
        for prev in reversed(told_before):
            p = prev.first
            # both parties of a mutual act did it ("welcomed the deal" between Israel and Hamas)
            done_by = p.actors + (p.recipients if p.type in _MUTUAL_TYPES else [])
            doers = [a for a in done_by if a.id not in mine and (not a.country or a.country not in my_countries)
                     and a.id != UNKNOWN_PERPETRATOR.id]
            if doers:
                c.recipients = doers
                c.recipient_inferred = True
                c.confidence -= 0.15
            break


def _remerge(groups: list[_Group]) -> list[_Group]:
    """Groups whose inferred recipient makes them the same event as another merge into it."""
    out: list[_Group] = []
    by_key: dict[tuple, _Group] = {}
    for g in groups:
        k = _key(g.first)
        target = by_key.get(k)
        if target is None:
            by_key[k] = g
            out.append(g)
            continue
        target.members.extend(m for m in g.members if m not in target.members)
        if target.context_of is None:
            target.context_of = g.context_of
    return out


def _countries(c: Candidate) -> frozenset[str] | None:
    parts = c.actors + c.recipients
    if not parts or any(not a.country for a in parts):
        return None
    return frozenset(a.country for a in parts if a.country)


def _same_event(a: _Group, b: _Group) -> bool:
    """Two tellings of one bilateral event with differently named sides ("the two ministers"
    and "Japan and the United States"): same type, status and countries, compatible mode."""
    x, y = a.first, b.first
    if x.type != y.type or x.status != y.status or not (x.mutual and y.mutual):
        return False
    if x.mode and y.mode and x.mode != y.mode:
        return False
    cx, cy = _countries(x), _countries(y)
    if cx is None or cx != cy or len(cx) < 2:
        return False
    vx = {tv.value for tv in a.timexes}
    vy = {tv.value for tv in b.timexes}
    return not vx or not vy or bool(vx & vy)


def _coalesce(groups: list[_Group]) -> list[_Group]:
    out: list[_Group] = []
    for g in groups:
        target = next((o for o in out if _same_event(o, g)), None)
        if target is None:
            out.append(g)
            continue
        # keep the better-named sides: people over states, mention-based over fallbacks
        if _naming_score(g.first) > _naming_score(target.first):
            better, other = g.first, target.first
        else:
            better, other = target.first, g.first
        if other.mode == "visit" and better.mode != "visit":
            _orient(better, other)  # the visitor is the actor, whoever is named better
            better.mode = "visit"
        target.members.extend(m for m in g.members if m not in target.members)
        target.members.remove(better)
        target.members.insert(0, better)
        target.first = better
    return out


def _orient(c: Candidate, ref: Candidate) -> None:
    """Order ``c``'s sides like ``ref``'s (by country): actor first."""
    actor_countries = {a.country for a in ref.actors}
    parts = c.actors + c.recipients
    first = [a for a in parts if a.country in actor_countries]
    rest = [a for a in parts if a.country not in actor_countries]
    if first and rest:
        c.actors, c.recipients = first, rest


def _naming_score(c: Candidate) -> tuple[int, float]:
    people = sum(1 for a in c.actors + c.recipients if a.kind == "person")
    return (people, c.confidence)


# --- events ------------------------------------------------------------------------------------


def _to_events(groups: list[_Group], article: Article, dct: datetime | None, doc: Doc | None = None,
               timexes: Sequence[TimeValue] = ()) -> CodedArticle:
    out = CodedArticle()
    seen_ids: set[str] = set()
    for g, (date, reason, _date_conf, flags) in zip(groups, dating.dates(groups, article, dct, doc, timexes),
                                                    strict=True):
        c = g.first
        status = cast(EventStatus, c.status)
        if dct is not None and status == "happened" and not any(m.past for m in g.members) and date is not None \
                and date.anchor != "publication" and date.start and any(m.timexes for m in g.members):
            # an untensed telling ("talks on Friday") dated after publication is announced, not
            # done; a past-tense one ("held talks") stays happened and reconcile flags the date.
            # Only its own words can say so: a day lent by the lede or the act it elaborates
            # ("condemns such escalation" in a readout of a call that evening) is no announcement
            try:
                if datetime.fromisoformat(date.start) > dct:
                    status = "planned"  # dated after publication: announced, not done
            except ValueError:
                pass
        mode = c.mode or next((m.mode for m in g.members if m.mode), None)
        evidence = sorted({m.sentence for m in g.members})
        place = c.place or next((m.place for m in g.members if m.place), None)
        conf = c.confidence + 0.05 * min(3, len({m.sentence for m in g.members}) - 1)
        if not c.recipients and c.type in ("COOPERATE", "AID", "SANCTION"):
            conf -= 0.1
        date_value = date.value if date is not None else None
        # The place is part of the identity: strikes on two cities the same day are two events.
        eid = content_id("evt", article.id, c.type, sorted(a.id for a in c.actors),
                         sorted(a.id for a in c.recipients), status, date_value,
                         *([place.name] if place is not None else []))
        if eid in seen_ids:
            continue
        seen_ids.add(eid)
        out.events.append(Event(
            id=eid, event=c.type, actor=list(c.actors), recipient=list(c.recipients), status=status,
            evidence=evidence, confidence=round(max(0.05, min(0.95, conf)), 3), mode=mode,
            context=sorted({x for m in g.members for x in m.context}),
            quad_code=cameo_map.quad_code(c.type), cameo=cameo_map.cameo_for(c.type, mode, c.cameo),
            date=date, date_reason=reason, event_loc=place,
            topics=list(dict.fromkeys(t for m in g.members for t in m.topics)),
            event_text=c.event_text, article_ids=[article.id],
        ))
        out.flags.extend(flags)
        out.depth[eid] = c.depth
    return out
