"""The status of a Japanese event: 〜ない / 〜ず / 〜なかった negate (``denied``); 予定 / 方針 /
見通し / 考え / 計画 / 〜へ and a non-past predicate announce (``planned``); 〜ば / 〜たら / 〜なら /
場合 / 可能性 suppose (``hypothetical``); 〜を控える refrains (``denied``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from teller.japanese.clauses import PLAN_NOUNS, text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Verbs that say the act is not done (控える: refrain; 見送る: forgo).
REFRAIN = frozenset({"控える", "見送る", "避ける", "断念", "取りやめる", "中止"})
_REFRAINED = re.compile(r"(?:する|し)?(?:こと)?を?(?:控え|見送|避け|断念|取りやめ)")
HYPOTHETICAL_MARKS = frozenset({"ば", "たら", "なら", "場合", "可能性", "恐れ", "おそれ"})
NEGATIONS = frozenset({"ない", "ず", "ぬ", "ん", "無い"})


def _aux_lemmas(tok: Token) -> list[str]:
    return [c.lemma_ for c in tok.children if c.dep_ in ("aux", "cop", "mark") and c.i > tok.i]


def status_of(tok: Token, pred: Token, chain: list[Token]) -> str:
    for t in {tok.i: tok, pred.i: pred}.values():
        lem = _aux_lemmas(t)
        if any(x in NEGATIONS for x in lem):
            return "denied"
        if any(x in HYPOTHETICAL_MARKS for x in lem) or any(x.text in ("ば", "たら", "なら") for x in t.children):
            return "hypothetical"
    if _REFRAINED.match(text_of(tok.doc), tok.idx + len(tok.text)):
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
