"""The clause structure of a GiNZA parse that the Japanese event rules read: the sentence and
the mentions around a word, the predicate an event noun hangs on (会談を行った -> 行う), the chain
of clauses it links up to (会談し、…合意した), and the particles that mark its arguments."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from teller.records import Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Verbs that carry an event noun ("電話会談を行った", "首脳会談に臨む"): the noun is the event.
LIGHT_VERBS = frozenset({"行う", "臨む", "開く", "開催", "実施", "持つ", "する", "出す", "表明", "発表", "開始",
                         "終える",
                         "迎える", "伝える", "示す", "発出", "踏み切る", "加える", "続ける", "強める"})
#: Nouns that make the predicate before them a plan: 訪問する予定, 出発する方針.
PLAN_NOUNS = frozenset({"予定", "方針", "見通し", "考え", "計画", "意向", "見込み", "構え", "方向"})
#: Formal nouns that turn a clause into an argument (非難することで一致した): the clause takes the
#: topic of the predicate they hang on.
NOMINALISERS = frozenset({"こと", "の", "ため", "よう"})
#: Clause links a predicate inherits its topic (は) and tense through.
CLAUSE_LINKS = frozenset({"advcl", "conj", "ccomp", "xcomp", "csubj", "parataxis"})


_SENTENCE_END = re.compile(r"[。！？\n]")


def sentence_bounds(text: str, at: int) -> Span:
    """The sentence around offset ``at``, cut at 。！？ and line breaks (GiNZA's own sentence
    splits sometimes fall inside a name's bracketed reading)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    m = _SENTENCE_END.search(text, at)
    return Span(start, m.end() if m else len(text))


def text_of(doc: Doc) -> str:
    """``doc.text``, kept: spaCy joins the tokens again on every access."""
    text = doc.user_data.get("teller.text")
    if text is None:
        text = doc.user_data["teller.text"] = doc.text
    return text


class MentionIndex(dict):
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


def mention_index(doc: Doc, mentions: list[Mention]) -> MentionIndex:
    at: dict[int, Mention] = {}
    for m in mentions:
        for sp in m.evidence:
            span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                at.setdefault(t.i, m)
    return MentionIndex(text_of(doc), at)


def mentions_in_sentence(tok: Token, at: dict[int, Mention]) -> list[Mention]:
    if isinstance(at, MentionIndex):
        return at.in_sentence(tok.idx)
    ms = {id(m): m for m in at.values()}.values()
    sent = sentence_bounds(text_of(tok.doc), tok.idx)
    return sorted((m for m in ms if sent.start <= m.evidence[0].start < sent.end), key=lambda m: m.evidence[0].start)


def compound(tok: Token) -> str:
    """The word with the compound nouns written before it (電話 + 会談 = 電話会談)."""
    left = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.i >= tok.i - 3]
    start = min([c.i for c in left] + [tok.i])
    return "".join(t.text for t in tok.doc[start:tok.i + 1])


def predicate(tok: Token) -> Token:
    """The predicate an event noun hangs on: 会談を行った -> 行う; a verb is its own."""
    if tok.pos_ == "NOUN" and tok.dep_ in ("obj", "obl", "nsubj") and (
            tok.head.lemma_ in LIGHT_VERBS or tok.head.pos_ == "VERB"):
        return tok.head  # 制裁を科す, 攻撃を仕掛けた: the verb carries tense and mood
    return tok


def clause_chain(pred: Token) -> list[Token]:
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


def case_of(tok: Token) -> str:
    """The particles that mark an argument (に対し counts as one)."""
    parts = [c.text for c in tok.children if c.dep_ in ("case", "mark") and c.i > tok.i]
    joined = "".join(parts)
    return joined


def arguments(pred: Token) -> list[tuple[str, Token]]:
    out = []
    for ch in pred.children:
        if ch.dep_ in ("nsubj", "obj", "obl", "nmod", "iobj", "dislocated", "nsubj:pass", "advmod"):
            out.append((case_of(ch), ch))
    return out


def in_quote(tok: Token) -> bool:
    text = text_of(tok.doc)
    before = text[tok.sent.start_char:tok.idx]
    return before.count("「") > before.count("」")
