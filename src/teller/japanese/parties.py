"""Who did it to whom in a Japanese clause: the actor and recipient rules over case particles.

Japanese marks roles with particles, not word order:

* は / が (topic, subject): the actor. Japanese carries the topic across clauses, so a predicate
  without one takes the nearest one up its chain of clauses (会談し、…合意した), then the last
  event's actor in the article (また、…一致した; ``events.code_article``).
* と / との (with): the other side of talks, agreements, cooperation; when both sides stand
  before は (AとBは会談した) the first is the actor and the others recipients.
* に / に対し / へ (to): the addressee of requests, warnings, apologies.
* を (object): the one acted on (非難, 攻撃, 拘束); for visits the place visited (its state hosts).
* による (by): the agent of a nominal act (北朝鮮によるミサイル発射), whoever reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from teller.japanese.actors import HOME
from teller.japanese.clauses import (
    arguments,
    case_of,
    clause_chain,
    compound,
    mentions_in_sentence,
    predicate,
    sentence_bounds,
    text_of,
)
from teller.japanese.gloss import gloss
from teller.japanese.lexicon import JaEntry
from teller.japanese.status import status_of
from teller.records import Actor, Mention, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Token

    from teller.actors import KnowledgeBase

_TOPIC = ("は", "が", "も")
_BY = ("による", "によって", "により", "に よる")  # the agent of a passive or a nominal act
_WITH = ("と",)
_TO = ("に", "へ", "に対し", "に対して", "から")
_OBJ = ("を",)


@dataclass(slots=True)
class Cand:
    entry: JaEntry
    trigger: int
    sentence: Span
    status: str
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    inherited_actor: bool = False
    date: TimeValue | None = None
    reason: str | None = None
    conf: float = 0.7
    text: str = ""


def _head_mention(tok: Token, at: dict[int, Mention]) -> Mention | None:
    """The mention a phrase's head word belongs to (外相 in 韓国の尹炳世外相 is Yun's)."""
    return at.get(tok.i)


def _parties(arg: Token, at: dict[int, Mention]) -> list[Actor]:
    """The actors an argument phrase names: its head's mention and those coordinated with it
    (AとBは, A、Bは); a group (両外相) gives its members. With no mention at the head, the last
    mention of the phrase outside its relative clauses (日本への渡航: Japan)."""
    found: list[Mention] = []

    def walk(tok: Token) -> None:
        m = _head_mention(tok, at)
        if m is not None and all(m is not x for x in found):
            found.append(m)
        for ch in tok.children:
            joined = ch.dep_ in ("nmod", "obl", "compound") and case_of(ch).startswith(("と", "や", "、"))
            if ch.dep_ == "conj" or joined:
                walk(ch)

    walk(arg)
    if not found:
        skip = {t.i for t in arg.subtree if t.i != arg.i and _in_clause(t, arg)}
        inside = [at[t.i] for t in arg.subtree if t.i in at and t.i not in skip]
        if inside:
            found.append(inside[-1])
    out: list[Actor] = []
    for m in sorted(found, key=lambda m: m.evidence[0].start):
        out.extend(m.members if m.members else [m.actor] if m.actor else [])
    seen: set[str] = set()
    return [a for a in out if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]


def _in_clause(tok: Token, top: Token) -> bool:
    """Whether ``tok`` sits in a relative or adverbial clause below ``top`` (尹大統領を捜査している
    本部: Yoon is inside the clause, not the one the phrase names)."""
    t = tok
    for _ in range(12):
        if t.i == top.i or t.head.i == t.i:
            return False
        if t.dep_ in ("acl", "advcl"):
            return True
        t = t.head
    return False


def _unresolved(arg: Token) -> Actor:
    """An actor the KB does not know, named by the phrase's head noun and its compounds
    (合同捜査本部): kept so that the act is not given to someone else in the sentence. Of kind
    ``unresolved``, as the English coder's: it names no side, so story merging does not take it
    for one (a Japanese report's 合同捜査本部 and an English report's "investigators" do not
    contradict each other). Named in English when every word of it is glossed (``gloss``)."""
    words = [t for t in arg.subtree if t.i <= arg.i and (t.i == arg.i or t.dep_ in ("compound", "amod"))
             and t.i >= arg.i - 4]
    name = "".join(t.text for t in sorted(words, key=lambda t: t.i)) or arg.text
    return Actor(id=f"unresolved:{name}", name=gloss(name) or name, kind="unresolved")


_TOPIC_AFTER = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*(?:は|が|も)")


_BY_PARTICLES = ("による", "によって", "により")
_PARTICLES_OF_FRAME = {"talks": ("との", "と"), "to": ("に対して", "に対し", "に", "へ"), "obj": ("を", "に対し", "に"),
                       "visit": ("を", "に", "へ")}
_COORDINATED = re.compile(r"^\s*(?:[(（][^()（）]{0,30}[)）])?\s*と\s*、?\s*(?:[^、。「」]{1,8}の)?\s*$")


_GAP = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*")


def _marked_before(tok: Token, at: dict[int, Mention], frame: str, exclude: list[Actor]) -> list[Actor]:
    """A mention before the trigger in its sentence that the frame's particle marks (トランプ大統領と
    …会談; 国連へ…申し入れた): the recipient when the parse did not attach it to the predicate."""
    text = text_of(tok.doc)
    particles = _PARTICLES_OF_FRAME.get(frame, ())
    out: list[Actor] = []
    for m in mentions_in_sentence(tok, at):
        sp = m.evidence[0]
        if sp.end > tok.idx:
            break
        after = _GAP.match(text, sp.end)
        rest = text[after.end():after.end() + 4] if after else ""
        if not any(rest.startswith(p) for p in particles) or rest.startswith(("とし", "とも")):
            continue
        for a in (m.members or ([m.actor] if m.actor else [])):
            if all(a.id != x.id for x in exclude + out):
                out.append(a)
    return out[-1:] if out else []


def _agent_of_noun(tok: Token, at: dict[int, Mention]) -> list[Actor]:
    """The agent named with による inside the trigger's own noun phrase (Xによる…の発射)."""
    text = text_of(tok.doc)
    start = sentence_bounds(text, tok.idx).start
    for m in reversed(mentions_in_sentence(tok, at)):
        sp = m.evidence[0]
        if sp.end > tok.idx or m.actor is None:
            continue
        between = text[sp.end:tok.idx]
        tail = between[3:]
        if between.startswith(_BY_PARTICLES) and not re.search(r"[、。はがをにとで]", tail) and sp.start >= start:
            return [m.actor]
        break
    return []


def _coordinated(first: list[Actor], tok: Token, at: dict[int, Mention]) -> list[Actor]:
    """The parties joined to the topic by と before it (岸田外相と韓国の尹外相は): prepended."""
    text = text_of(tok.doc)
    ms = mentions_in_sentence(tok, at)
    head = next((m for m in ms if m.actor is not None and first and m.actor.id == first[0].id), None)
    if head is None:
        return first
    out = list(first)
    cur = head
    for m in reversed([m for m in ms if m.evidence[0].end <= head.evidence[0].start]):
        gap = text[m.evidence[0].end:cur.evidence[0].start]
        if m.actor is not None and m.actor.kind == "person" and _COORDINATED.match(gap):
            out.insert(0, m.actor)
            cur = m
        elif m.actor is not None and m.actor.kind == "state" and gap.strip() == "の":
            continue
        else:
            break
    # forward: 安倍首相とオバマ大統領は, when the parse made the first the topic
    cur, after = head, []
    for m in [m for m in ms if m.evidence[0].start >= head.evidence[0].end]:
        gap = text[cur.evidence[0].end:m.evidence[0].start]
        if m.actor is not None and m.actor.kind == "person" and _COORDINATED.match(gap):
            after.append(m)
            cur = m
        elif not (m.actor is not None and m.actor.kind == "state" and gap.strip() in ("", "と", "との")):
            break
    if after and _TOPIC_AFTER.match(text, after[-1].evidence[0].end):
        out += [m.actor for m in after if m.actor is not None and all(m.actor.id != a.id for a in out)]
    return out


def _topic_before(tok: Token, at: dict[int, Mention]) -> list[Actor]:
    """The last mention before the trigger in its sentence that は or が marks: the actor when the
    parse did not tie the topic to the predicate (long captions, run-on ledes)."""
    text = text_of(tok.doc)
    best: Mention | None = None
    for m in mentions_in_sentence(tok, at):
        sp = m.evidence[0]
        if sp.end <= tok.idx and _TOPIC_AFTER.match(text, sp.end):
            if best is None or sp.start > best.evidence[0].start:
                best = m
    if best is None:
        return []
    return list(best.members) if best.members else [best.actor] if best.actor else []


def candidate(tok: Token, entry: JaEntry, at: dict[int, Mention], kb: KnowledgeBase) -> Cand | None:
    pred = predicate(tok)
    chain = clause_chain(pred)
    c = Cand(entry, tok.i, sentence_bounds(text_of(tok.doc), tok.idx), status_of(tok, pred, chain), text=compound(tok))
    heads = [tok] + ([pred] if pred.i != tok.i else [])
    # a predicate joined before it (金杉大使を呼んで抗議した) shares its arguments
    heads += [ch for h in list(heads) for ch in h.children if ch.dep_ == "advcl" and ch.i < h.i and ch.pos_ == "VERB"]
    topic_at: int | None = None
    unresolved_topic: Token | None = None
    # the trigger's and predicate's own arguments first, then those up the clause chain (topic)
    for i, head in enumerate(heads + chain[1:]):
        own = i < len(heads)
        for case, arg in arguments(head):
            if arg.i == tok.i:
                continue
            if case.startswith("として"):
                continue  # 大統領として: a capacity, not a party
            parties = _parties(arg, at)
            if not parties:
                if unresolved_topic is None and any(case.startswith(p) for p in _TOPIC[:2]) and \
                        arg.pos_ in ("NOUN", "PROPN"):
                    unresolved_topic = arg
                continue
            if case.startswith(_BY) and own:
                c.actors = parties
            elif any(case.startswith(p) for p in _TOPIC) or (case == "" and arg.dep_ == "nsubj"):
                if not c.actors:
                    topic_at = arg.i
                    if entry.frame in ("talks", "visit") and len(parties) > 1:
                        c.actors, c.recipients = parties[:1], c.recipients or parties[1:]
                    else:
                        c.actors = parties
            elif not own:
                continue
            elif case.startswith(_WITH) and entry.frame in ("talks", "visit"):
                if topic_at is not None and arg.i < topic_at and c.actors:
                    # AとBは会談した: A first, then B
                    c.actors, c.recipients = parties, c.actors + c.recipients
                else:
                    c.recipients = c.recipients or parties
            elif case.startswith(_TO) and entry.frame in ("to", "visit", "obj"):
                if case.startswith("から"):
                    continue
                c.recipients = c.recipients or parties
            elif case.startswith(_OBJ) and entry.frame in ("obj", "visit"):
                c.recipients = c.recipients or parties
            elif case == "の" and head.i == tok.i and entry.frame in ("obj", "visit", "to"):
                c.recipients = c.recipients or parties  # 北朝鮮の挑発を非難 / 日本への渡航
            elif case in ("との", "とは") and entry.frame == "talks":
                c.recipients = c.recipients or parties
        if c.actors and i >= len(heads) - 1:
            break
    if not c.actors:
        c.actors = _topic_before(tok, at)
    if not c.actors and unresolved_topic is not None:
        c.actors = [_unresolved(unresolved_topic)]
        c.conf -= 0.2
    by = _agent_of_noun(tok, at)
    if by:  # 北朝鮮による弾道ミサイルの発射: the launch is North Korea's, whoever condemns it
        c.actors = by
    if any(_summons_an_envoy(h) for h in heads):
        c.actors = [_foreign_ministry(a, kb) for a in c.actors]
    c.recipients = [r for r in c.recipients if all(r.id != a.id for a in c.actors)]

    if entry.frame in ("talks", "visit") and len(c.actors) == 1:
        joined = _coordinated(c.actors, tok, at)
        if len(joined) > 1:  # AとBは: A, with B as the other side (before any host of a visit)
            c.actors, c.recipients = joined[:1], joined[1:]
    if not c.recipients and entry.frame in _PARTICLES_OF_FRAME:
        c.recipients = _marked_before(tok, at, entry.frame, c.actors)
    if entry.frame == "visit" and not c.recipients:
        # オバマ大統領と共に訪れた: the one visited with is the other side
        c.recipients = [a for a in _marked_before(tok, at, "talks", c.actors) if a.kind == "person"]
    if entry.frame == "visit" and not c.recipients:
        c.recipients = _visited(tok, pred, at, kb)
    if not c.recipients and entry.frame in ("to", "obj"):
        # whom the act concerns, named inside its complement: 日本への渡航を控えるよう呼び掛けた
        named = [a for t in tok.subtree if t.i in at and t.i != tok.i for a in (at[t.i].actor,) if a is not None]
        c.recipients = [a for a in named if a.kind == "state" and all(a.id != x.id for x in c.actors)][:1]
    if not c.recipients and entry.type in PLACE_TARGET_TYPES:
        c.recipients = [r for r in _place_state(tok, at, kb) if all(r.id != a.id for a in c.actors)]
    if entry.word in ("訪日", "来日") and not c.recipients:
        c.recipients = [kb.state_actor("JPN")]
    return c


#: Verbs of summoning (大使を呼び出して抗議した): summoning an envoy is a foreign ministry's act.
SUMMON = frozenset({"呼び出す", "呼ぶ", "召致", "招致"})
_ENVOYS = ("大使", "公使", "総領事", "領事")


def _summons_an_envoy(head: Token) -> bool:
    if head.lemma_ not in SUMMON and compound(head) not in SUMMON:
        return False
    return any(case.startswith("を") and any(t.text.endswith(_ENVOYS) for t in arg.subtree)
               for case, arg in arguments(head))


def _foreign_ministry(actor: Actor, kb: KnowledgeBase) -> Actor:
    """A state or its government that summons an envoy, as the ministry that does it (日本側,
    中国, 日本政府 -> its foreign ministry); people and other bodies stay themselves."""
    code = actor.country
    if actor.id not in (code, f"{code}.GOV") or code not in kb.states or kb.office(code, "foreign") is None:
        return actor
    return kb.body_actor(code, "foreign")


_PLACE_LABELS = frozenset({"City", "Province", "Country", "GPE", "Location", "Facility", "Geological_Region",
                           "Spa", "Domestic_Region", "Political_Region", "Park", "Worship_Place", "Line_Other",
                           "Public_Institution", "Aerodrome", "Military_Base"})


#: Types whose act falls on the place it happens in (as the English coder's PLACE_TARGET_TYPES):
#: with no recipient, the state of a place the sentence names is the recipient.
PLACE_TARGET_TYPES = frozenset({"AID", "MOBILIZE", "COERCE", "ASSAULT", "THREATEN", "SANCTION"})


def _place_state(tok: Token, at: dict[int, Mention], kb: KnowledgeBase) -> list[Actor]:
    """The state of a place the sentence names after the actor: a state mention, else Japan for
    a place written in kanji (Japanese place names; foreign ones are written in katakana)."""

    for t in tok.sent:
        m = at.get(t.i)
        if m is not None and m.actor is not None and m.actor.kind == "state" and t.i > tok.i:
            return [m.actor]
    places = [t for t in tok.sent if t.ent_type_ in ("Province", "City", "Domestic_Region") and t.i not in at]
    if places and not all(_KATAKANA.fullmatch(t.text) for t in places):
        return [kb.state_actor(HOME)]
    return []


_KATAKANA = re.compile(r"[\u30a0-\u30ff・ー]+")
_KATAKANA_ANY = re.compile(r"[\u30a1-\u30fa]")


def _visited(tok: Token, pred: Token, at: dict[int, Mention], kb: KnowledgeBase) -> list[Actor]:
    """The host of a visit whose destination is a place, not a party: a state named in the
    destination phrase (米ハワイ), else Japan for a place the Japanese text names bare (広島)."""
    for head in (tok, pred):
        for case, arg in arguments(head):
            if not (case.startswith(("を", "に", "へ")) or case == "の"):
                continue
            toks = list(arg.subtree)
            states = [a for t in toks if t.i in at for a in (at[t.i].actor,) if a is not None and a.kind == "state"]
            if states:
                return [states[0]]
            places = [t for t in toks if t.ent_type_ in _PLACE_LABELS]
            if places and any(_KATAKANA_ANY.search(t.text) for t in places):
                return []  # a foreign place the KB does not know (ニューヨーク): host unknown
            if places:
                return [kb.state_actor(HOME)]
    return []
