"""PLOVER events from a GiNZA parse of Japanese news: triggers from ``lexicon_ja.tsv``, parties
from case particles, status from auxiliaries and plan words, dates from the clause's own time
expressions (through the English engine's ``reconcile``).

Argument rules (Japanese marks roles with particles, not word order):

* は / が (topic, subject): the actor. Japanese carries the topic across clauses, so a predicate
  without one takes the nearest one up its chain of clauses (会談し、…合意した), then the last
  event's actor in the article (また、…一致した).
* と / との (with): the other side of talks, agreements, cooperation; when both sides stand
  before は (AとBは会談した) the first is the actor and the others recipients.
* に / に対し / へ (to): the addressee of requests, warnings, apologies.
* を (object): the one acted on (非難, 攻撃, 拘束); for visits the place visited (its state hosts).
* Status: ない / ず / なかった negate (``denied``); 予定 / 方針 / 見通し / 考え / 計画 / へ and a
  non-past predicate announce (``planned``); 〜ば / 〜たら / 〜なら / 場合 / 可能性 suppose
  (``hypothetical``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from teller.events.article import CodedArticle
from teller.events.cameo import cameo_for, quad_code
from teller.japanese.lexicon import JaEntry, find
from teller.records import Actor, Article, Event, Mention, Span, TimeValue, content_id
from teller.timex import reconcile

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from teller.actors import KnowledgeBase

#: Verbs that carry an event noun ("電話会談を行った", "首脳会談に臨む"): the noun is the event.
LIGHT_VERBS = frozenset({"行う", "臨む", "開く", "開催", "実施", "持つ", "する", "出す", "表明", "発表", "開始",
                         "終える",
                         "迎える", "伝える", "示す", "発出", "踏み切る", "加える", "続ける", "強める"})
#: Nouns that make the predicate before them a plan: 訪問する予定, 出発する方針.
PLAN_NOUNS = frozenset({"予定", "方針", "見通し", "考え", "計画", "意向", "見込み", "構え", "方向"})
#: Verbs that say the act is not done (控える: refrain; 見送る: forgo).
REFRAIN = frozenset({"控える", "見送る", "避ける", "断念", "取りやめる", "中止"})
_REFRAINED = re.compile(r"(?:する|し)?(?:こと)?を?(?:控え|見送|避け|断念|取りやめ)")
#: Formal nouns that turn a clause into an argument (非難することで一致した): the clause takes the
#: topic of the predicate they hang on.
NOMINALISERS = frozenset({"こと", "の", "ため", "よう"})
HYPOTHETICAL_MARKS = frozenset({"ば", "たら", "なら", "場合", "可能性", "恐れ", "おそれ"})
NEGATIONS = frozenset({"ない", "ず", "ぬ", "ん", "無い"})
#: Clause links a predicate inherits its topic (は) and tense through.
CLAUSE_LINKS = frozenset({"advcl", "conj", "ccomp", "xcomp", "csubj", "parataxis"})
_TOPIC = ("は", "が", "も")
_BY = ("による", "によって", "により", "に よる")  # the agent of a passive or a nominal act
_WITH = ("と",)
_TO = ("に", "へ", "に対し", "に対して", "から")
_OBJ = ("を",)


@dataclass(slots=True)
class _Cand:
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


def code_article(doc: Doc, article: Article, mentions: list[Mention], timexes: list[TimeValue], *,
                 dct: datetime | None, kb: KnowledgeBase) -> CodedArticle:
    """The Japanese events of one article, as the English coder returns them."""
    at = _mention_index(doc, mentions)
    cands: list[_Cand] = []
    last_actors: list[Actor] = []
    copies = [copy for copy, _original in article.repeats]
    for sent in doc.sents:
        for tok in sent:
            if any(cp.start <= tok.idx < cp.end for cp in copies):
                continue  # a repeated passage is coded once, at its original (as in English)
            entry = _entry(tok)
            if entry is None:
                continue
            c = _candidate(tok, entry, at, kb)
            if c is None:
                continue
            if not c.actors and not c.recipients and tok.pos_ == "NOUN" and \
                    any(x.entry.type == entry.type for x in cands):
                continue  # "電話会談は…行われた": the talks told again, not new talks
            if not c.actors and last_actors and not _in_quote(tok):
                c.actors, c.inherited_actor = list(last_actors), True
                c.conf -= 0.1
            c.recipients = [r for r in c.recipients if all(r.id != a.id for a in c.actors)]
            if not c.actors:
                continue
            last_actors = c.actors
            cands.append(c)
    _date(cands, doc, timexes, dct)
    return _to_events(cands, article)


# --- triggers -------------------------------------------------------------------------------

def _compound(tok: Token) -> str:
    """The word with the compound nouns written before it (電話 + 会談 = 電話会談)."""
    left = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.i >= tok.i - 3]
    start = min([c.i for c in left] + [tok.i])
    return "".join(t.text for t in tok.doc[start:tok.i + 1])


def _entry(tok: Token) -> JaEntry | None:
    if tok.pos_ not in ("NOUN", "VERB", "PROPN"):
        return None
    if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "VERB"):
        return None  # part of a longer word: the head decides (電話 in 電話会談)
    return find(_compound(tok), tok.lemma_)


# --- the predicate, its clause chain, and the arguments -------------------------------------

def _predicate(tok: Token) -> Token:
    """The predicate an event noun hangs on: 会談を行った -> 行う; a verb is its own."""
    if tok.pos_ == "NOUN" and tok.dep_ in ("obj", "obl", "nsubj") and (
            tok.head.lemma_ in LIGHT_VERBS or tok.head.pos_ == "VERB"):
        return tok.head  # 制裁を科す, 攻撃を仕掛けた: the verb carries tense and mood
    return tok


def _chain(pred: Token) -> list[Token]:
    """The predicate and those it links up to (会談し、…合意した: 会談 -> 合意), ending at a plan
    noun's clause (訪問する予定だ) or the sentence root."""
    out = [pred]
    tok = pred
    for _ in range(6):
        if tok.dep_ in CLAUSE_LINKS or (tok.dep_ == "acl" and (tok.head.lemma_ in PLAN_NOUNS | NOMINALISERS or (
                tok.head.dep_ in ("obj", "obl") and tok.head.head.lemma_ in LIGHT_VERBS))):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if (tok.lemma_ in NOMINALISERS or (tok.dep_ in ("obj", "obl") and tok.head.lemma_ in LIGHT_VERBS
                                               and tok.pos_ == "NOUN")) and tok.head.i != tok.i:
                tok = tok.head  # こと -> the predicate it is an argument of
            out.append(tok)
        else:
            break
    return out


def _case(tok: Token) -> str:
    """The particles that mark an argument (に対し counts as one)."""
    parts = [c.text for c in tok.children if c.dep_ in ("case", "mark") and c.i > tok.i]
    joined = "".join(parts)
    return joined


def _arguments(pred: Token) -> list[tuple[str, Token]]:
    out = []
    for ch in pred.children:
        if ch.dep_ in ("nsubj", "obj", "obl", "nmod", "iobj", "dislocated", "nsubj:pass", "advmod"):
            out.append((_case(ch), ch))
    return out


def _in_quote(tok: Token) -> bool:
    text = _text(tok.doc)
    before = text[tok.sent.start_char:tok.idx]
    return before.count("「") > before.count("」")


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
            joined = ch.dep_ in ("nmod", "obl", "compound") and _case(ch).startswith(("と", "や", "、"))
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
    (合同捜査本部): kept so that the act is not given to someone else in the sentence."""
    words = [t for t in arg.subtree if t.i <= arg.i and (t.i == arg.i or t.dep_ == "compound")
             and t.i >= arg.i - 4]
    name = "".join(t.text for t in sorted(words, key=lambda t: t.i)) or arg.text
    return Actor(id=f"unresolved:{name}", name=name, kind="group")


_TOPIC_AFTER = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*(?:は|が)")


_BY_PARTICLES = ("による", "によって", "により")
_PARTICLES_OF_FRAME = {"talks": ("との", "と"), "to": ("に対して", "に対し", "に", "へ"), "obj": ("を", "に対し", "に"),
                       "visit": ("を", "に", "へ")}
_COORDINATED = re.compile(r"^\s*(?:[(（][^()（）]{0,30}[)）])?\s*と\s*、?\s*(?:[^、。「」]{1,8}の)?\s*$")


_SENTENCE_END = re.compile(r"[。！？\n]")


def sentence_bounds(text: str, at: int) -> Span:
    """The sentence around offset ``at``, cut at 。！？ and line breaks (GiNZA's own sentence
    splits sometimes fall inside a name's bracketed reading)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    m = _SENTENCE_END.search(text, at)
    return Span(start, m.end() if m else len(text))


def _text(doc: Doc) -> str:
    """``doc.text``, kept: spaCy joins the tokens again on every access."""
    text = doc.user_data.get("teller.text")
    if text is None:
        text = doc.user_data["teller.text"] = doc.text
    return text


class MentionIndex(dict):  # type: ignore[type-arg]
    """token index -> mention, plus the article's mentions in text order and its sentence ends
    (computed once per article: the argument rules ask for them per trigger)."""

    def __init__(self, text: str, pairs: dict[int, Mention]) -> None:
        super().__init__(pairs)
        self.ordered = sorted({id(m): m for m in pairs.values()}.values(), key=lambda m: m.evidence[0].start)
        self.starts = [m.evidence[0].start for m in self.ordered]
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]

    def sentence(self, at: int) -> Span:
        k = bisect.bisect_right(self.ends, at)
        return Span(self.ends[k - 1] if k else 0, self.ends[min(k, len(self.ends) - 1)])

    def in_sentence(self, at: int) -> list[Mention]:
        sent = self.sentence(at)
        lo, hi = bisect.bisect_left(self.starts, sent.start), bisect.bisect_left(self.starts, sent.end)
        return self.ordered[lo:hi]


def _mentions_in_sentence(tok: Token, at: dict[int, Mention]) -> list[Mention]:
    if isinstance(at, MentionIndex):
        return at.in_sentence(tok.idx)
    ms = {id(m): m for m in at.values()}.values()
    sent = sentence_bounds(_text(tok.doc), tok.idx)
    return sorted((m for m in ms if sent.start <= m.evidence[0].start < sent.end), key=lambda m: m.evidence[0].start)


_GAP = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*")


def _marked_before(tok: Token, at: dict[int, Mention], frame: str, exclude: list[Actor]) -> list[Actor]:
    """A mention before the trigger in its sentence that the frame's particle marks (トランプ大統領と
    …会談; 国連へ…申し入れた): the recipient when the parse did not attach it to the predicate."""
    text = _text(tok.doc)
    particles = _PARTICLES_OF_FRAME.get(frame, ())
    out: list[Actor] = []
    for m in _mentions_in_sentence(tok, at):
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
    text = _text(tok.doc)
    start = sentence_bounds(text, tok.idx).start
    for m in reversed(_mentions_in_sentence(tok, at)):
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
    text = _text(tok.doc)
    ms = _mentions_in_sentence(tok, at)
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
    text = _text(tok.doc)
    best: Mention | None = None
    for m in _mentions_in_sentence(tok, at):
        sp = m.evidence[0]
        if sp.end <= tok.idx and _TOPIC_AFTER.match(text, sp.end):
            if best is None or sp.start > best.evidence[0].start:
                best = m
    if best is None:
        return []
    return list(best.members) if best.members else [best.actor] if best.actor else []


def _candidate(tok: Token, entry: JaEntry, at: dict[int, Mention], kb: KnowledgeBase) -> _Cand | None:
    pred = _predicate(tok)
    chain = _chain(pred)
    c = _Cand(entry, tok.i, sentence_bounds(_text(tok.doc), tok.idx), _status(tok, pred, chain), text=_compound(tok))
    heads = [tok] + ([pred] if pred.i != tok.i else [])
    # a predicate joined before it (金杉大使を呼んで抗議した) shares its arguments
    heads += [ch for h in list(heads) for ch in h.children if ch.dep_ == "advcl" and ch.i < h.i and ch.pos_ == "VERB"]
    topic_at: int | None = None
    unresolved_topic: Token | None = None
    # the trigger's and predicate's own arguments first, then those up the clause chain (topic)
    for i, head in enumerate(heads + chain[1:]):
        own = i < len(heads)
        for case, arg in _arguments(head):
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
        inner = [at[t.i].actor for t in tok.subtree if t.i in at and t.i != tok.i and at[t.i].actor is not None
                 and at[t.i].actor.kind == "state" and all(at[t.i].actor.id != a.id for a in c.actors)]
        c.recipients = inner[:1]
    if not c.recipients and entry.type in PLACE_TARGET_TYPES:
        c.recipients = [r for r in _place_state(tok, at, kb) if all(r.id != a.id for a in c.actors)]
    if entry.word in ("訪日", "来日") and not c.recipients:
        c.recipients = [kb.state_actor("JPN")]
    return c


_PLACE_LABELS = frozenset({"City", "Province", "Country", "GPE", "Location", "Facility", "Geological_Region",
                           "Spa", "Domestic_Region", "Political_Region", "Park", "Worship_Place", "Line_Other",
                           "Public_Institution", "Aerodrome", "Military_Base"})


#: Types whose act falls on the place it happens in (as the English coder's PLACE_TARGET_TYPES):
#: with no recipient, the state of a place the sentence names is the recipient.
PLACE_TARGET_TYPES = frozenset({"AID", "MOBILIZE", "COERCE", "ASSAULT", "THREATEN", "SANCTION"})


def _place_state(tok: Token, at: dict[int, Mention], kb: KnowledgeBase) -> list[Actor]:
    """The state of a place the sentence names after the actor: a state mention, else Japan for
    a place written in kanji (Japanese place names; foreign ones are written in katakana)."""
    from teller.japanese.actors import HOME

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
        for case, arg in _arguments(head):
            if not (case.startswith(("を", "に", "へ")) or case == "の"):
                continue
            toks = list(arg.subtree)
            states = [at[t.i].actor for t in toks if t.i in at and at[t.i].actor and at[t.i].actor.kind == "state"]
            if states:
                return [states[0]]
            places = [t for t in toks if t.ent_type_ in _PLACE_LABELS]
            if places and any(_KATAKANA_ANY.search(t.text) for t in places):
                return []  # a foreign place the KB does not know (ニューヨーク): host unknown
            if places:
                from teller.japanese.actors import HOME

                return [kb.state_actor(HOME)]
    return []


# --- status ---------------------------------------------------------------------------------

def _aux_lemmas(tok: Token) -> list[str]:
    return [c.lemma_ for c in tok.children if c.dep_ in ("aux", "cop", "mark") and c.i > tok.i]


def _status(tok: Token, pred: Token, chain: list[Token]) -> str:
    for t in {tok.i: tok, pred.i: pred}.values():
        lem = _aux_lemmas(t)
        if any(x in NEGATIONS for x in lem):
            return "denied"
        if any(x in HYPOTHETICAL_MARKS for x in lem) or any(x.text in ("ば", "たら", "なら") for x in t.children):
            return "hypothetical"
    if _REFRAINED.match(_text(tok.doc), tok.idx + len(tok.text)):
        return "denied"  # 非難することを控える: refrains from it
    for t in chain:
        if t.lemma_ in PLAN_NOUNS:
            return "planned"
        if t.lemma_ in ("可能性", "恐れ", "おそれ", "場合"):
            return "hypothetical"
        lem = _aux_lemmas(t)
        if any(x in NEGATIONS for x in lem) and t.i != chain[0].i and t.dep_ != "ROOT":
            continue
        if "た" in lem or "だ" in [c.text for c in t.children if c.dep_ in ("aux", "cop")]:
            return "happened"
        if t.head.lemma_ in PLAN_NOUNS and t.dep_ == "acl":
            return "planned"
    last = chain[-1]
    sent_text = last.sent.text.rstrip("。」 \n")
    if sent_text.endswith("へ"):
        return "planned"
    lem = _aux_lemmas(last)
    ongoing = any(c.lemma_ in ("て", "いる", "おる") for c in last.children)
    if last.pos_ in ("VERB", "AUX") and "た" not in lem and not ongoing:
        # a tensed clause ending in the non-past announces (出発する, 会談に臨む); a headline's
        # bare noun (広島を訪問) reports
        if last.dep_ == "ROOT" and (last.i + 1 >= len(last.doc) or last.doc[last.sent.end - 1].text in ("。",)
                                    or any(c.lemma_ in ("ます", "する") for c in last.children)):
            return "planned"
    return "happened"


# --- dates ----------------------------------------------------------------------------------

def _mention_index(doc: Doc, mentions: list[Mention]) -> MentionIndex:
    at: dict[int, Mention] = {}
    for m in mentions:
        for sp in m.evidence:
            span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                at.setdefault(t.i, m)
    return MentionIndex(_text(doc), at)


def _gloss(tv: TimeValue, text: str) -> bool:
    """A Japan-time gloss in brackets after the local time: (日本時間28日)."""
    s = tv.evidence[0].start
    return tv.tz == "+09:00" and "日本時間" in tv.text and text[max(0, s - 1):s] in ("(", "（")


def _date(cands: list[_Cand], doc: Doc, timexes: list[TimeValue], dct: datetime | None) -> None:
    text = _text(doc)
    dated: list[_Cand] = []
    for c in cands:
        trig = doc[c.trigger].idx
        own = [tv for tv in timexes if c.sentence.start <= tv.evidence[0].start < trig and tv.type in ("DATE", "TIME")
               and tv.start]
        if own:
            last = own[-1]
            group = [tv for tv in own if tv.evidence[0].start >= last.evidence[0].start - 16]
            local = [tv for tv in group if not _gloss(tv, text)]
            own = local or group
            own = [tv for tv in own if tv.granularity not in ("year", "month") or len(own) == 1]
        if own and dct is not None:
            copies = [_english_surface(tv) or tv for tv in own]
            r = reconcile(copies, dct, text=text, past=c.status == "happened")
            chosen = r.value
            if chosen is not None:
                chosen = next((orig for cp, orig in zip(copies, own, strict=True) if cp is chosen), chosen)
            c.date, c.reason, c.conf = chosen, r.reason, c.conf + 0.1 * r.confidence
        elif own:
            c.date, c.reason = own[-1], "the clause's own time (publication time unknown)"
        if c.date is None:
            same_status = [d for d in dated if d.status == c.status]  # a plan's date is not a report's
            donor = next((d for d in reversed(same_status) if d.entry.type == c.entry.type), None) or \
                (same_status[-1] if same_status else None)
            if donor is not None:
                c.date = donor.date
                c.reason = f"date of the {donor.entry.type} it follows ({donor.text!r})"
            elif dct is not None and c.status == "happened":
                from teller.timex import annotate

                day = dct.date().isoformat()
                tv = next((t for t in annotate(day, dct) if t.value == day), None)
                if tv is not None:
                    tv.anchor = "publication"
                    tv.evidence = []
                    c.date, c.reason = tv, "publication-date fallback (no date of its own)"
        if c.date is not None and c.reason and not c.reason.startswith("publication"):
            dated.append(c)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_DAY_WORDS = re.compile(r"[0-9０-９]\s*日|同日|前日|翌日|昨日|きのう|今日|きょう|本日|明日|あす|あした|一昨日|おととい|"
                        r"明後日|あさって|今朝|けさ|昨夜|ゆうべ|今夜|今晩")


def _english_surface(tv: TimeValue) -> TimeValue | None:
    """A copy of a Japanese time expression whose ``text`` says in English what it states, for
    ``reconcile``, which reads the stated day and month from the words ("May 27" states both,
    "the 27th" a bare day, "today" a day by its anchor, a clock alone no day)."""
    if not tv.start or tv.granularity not in ("day", "part_of_day", "hour", "minute"):
        return None
    d = datetime.fromisoformat(tv.start).date()
    jp = tv.text
    m = re.search(r"([0-9０-９]{1,2})\s*日", jp)
    if m and "月" in jp:
        words = f"{_MONTH_NAMES[d.month - 1]} {d.day}" + (f", {d.year}" if "年" in jp else "")
    elif m:
        words = f"the {d.day}th"
    elif _DAY_WORDS.search(jp):
        words = "today"
    else:
        words = ""
    from dataclasses import replace

    return replace(tv, text=words)


# --- records --------------------------------------------------------------------------------

def _to_events(cands: list[_Cand], article: Article) -> CodedArticle:
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


