"""Tense of the clause around a temporal expression: past, future or unknown.

"met on Thursday" is the Thursday before publication, "will meet on Thursday" the one after. The
verb nearest to the expression in its sentence decides, found from words: modal "will"/"'ll",
"is to", "plans to", an infinitive like "to resume" before the expression, past-tense suffixes
(not after "be"/"to") and a list of irregular past forms. A spaCy ``Doc`` (its VBD/MD tags) is
consulted only when the words leave the tense open: on TimeBank + AQUAINT the tagger-first
order scored lower (value F1 0.816 against 0.821). Cheap enough for every underspecified date.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from teller.text.sentences import sentence_breaks

Tense = Literal["past", "future"] | None

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")

_FUTURE = frozenset("""will 'll shall won't wo gonna upcoming scheduled plans plan intends
intend expects expected due slated planning preparing hopes hoping""".split())
#: "agreed to acquire ... in January": an infinitive before the expression looks ahead (after
#: it, "fell on Friday to close at $20", it is only a purpose clause and is ignored).
_TO_VERB = re.compile(
    r"\bto\s+(?:acquire|buy|purchase|sell|complete|close|pay|hold|meet|visit|begin|start|resume|launch|open|"
    r"vote|sign|release|report|deliver|return|travel|leave|decide|rule|expire|take\s+effect)\b", re.I)
_FUTURE_PHRASES = re.compile(
    r"\b(?:would\s+be\s+[a-z]+ing|going to|is to|are to|to be held|to take place|will be|would be held|is due|are due|"
    r"plans? to|is expected to|are expected to|is set to|are set to|is scheduled|are scheduled)\b",
    re.I)
_PAST = frozenset("""was were had did said told met held went came took made gave left began
saw found fell rose won lost led spoke sent struck killed became brought bought thought knew
felt kept meant paid ran sat stood understood wrote grew drew flew threw chose broke froze spoke
sold hit shot put set cut hurt quit spent fought caught taught sought bore wore tore swore
arose awoke forgot got overtook withdrew undertook rode rang sang sank began drove ate""".split())
#: Words ending in -ed that are not past-tense verbs.
_NOT_PAST = frozenset("""need speed seed feed bed red shed united based limited detailed
indeed hundred proceed exceed succeed weed bleed breed creed deed greed heed reed steed
tweed embed wed ted ned fred alfred mohammed ahmed mohamed sighted""".split())
_PRESENT = frozenset("is are am has have does do says say tells".split())


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, looked for within 300 characters either side."""
    lo = max(0, start - 300)
    s = lo
    for _, nxt in sentence_breaks(text, lo, start):
        s = nxt
    hi = min(len(text), end + 300)
    first = next(sentence_breaks(text, end, hi), None)
    return s, first[0] if first else hi


def _word_tense(w: str) -> Tense:
    lw = w.lower()
    if lw in _FUTURE:
        return "future"
    if lw in _PAST:
        return "past"
    if lw.endswith("ed") and len(lw) > 4 and lw not in _NOT_PAST and w[0].islower():
        return "past"
    return None


_NOT_FINITE_BEFORE = frozenset("be been being is are am to will would must should can could may might "
                               "shall get gets got".split())
#: Words right before an expression that fix its direction whatever the verb's tense:
#: "the year ended March 31" is past; "payable Dec. 15", "until Tuesday" are ahead.
_ADJ_PAST = re.compile(r"(?:\bended|\bsince|\bending|\bclosed|\bpeaked)\s+(?:on\s+)?$", re.I)
_ADJ_FUTURE = re.compile(r"(?:\bas\s+soon\s+as|\bas\s+early\s+as|\bno\s+later\s+than|\bpayable|\beffective|"
                         r"\bdue|\bexpires?|\bahead\s+of)\s+(?:on\s+|at\s+|in\s+)?$", re.I)
#: Weaker: "until Thursday" and "by May" look ahead unless the verb says otherwise.
_ADJ_WEAK_FUTURE = re.compile(r"(?:\buntil|\btill|\bby|\bstarting|\bbeginning)\s+(?:on\s+|at\s+|in\s+)?$", re.I)


def adjacent_signal(text: str, start: int) -> tuple[Tense, bool]:
    """Direction fixed by the word just before the expression ("ended", "until"), and whether
    it is strong enough to override the verb's tense."""
    before = text[max(0, start - 24):start]
    if _ADJ_PAST.search(before):
        return "past", True
    if _ADJ_FUTURE.search(before):
        return "future", True
    if _ADJ_WEAK_FUTURE.search(before):
        return "future", False
    return None, False


def tense_of(text: str, start: int, end: int, doc: Any = None) -> Tense:
    """Tense of the clause containing ``text[start:end]``: the nearest marked verb wins; a spaCy
    ``doc`` of ``text`` is consulted when the words alone leave it open."""
    s, e = _sentence_bounds(text, start, end)
    best: tuple[int, Tense] | None = None
    for m in _FUTURE_PHRASES.finditer(text, s, e):
        d = _dist(m.start(), m.end(), start, end)
        if best is None or d < best[0]:
            best = (d, "future")
    for m in _TO_VERB.finditer(text, s, start):
        d = _dist(m.start(), m.end(), start, end)
        if best is None or d < best[0]:
            best = (d, "future")
    prev = ""
    for w in _WORD.finditer(text, s, e):
        word = w.group()
        if start <= w.start() < end:
            prev = word.lower()
            continue
        t = _word_tense(word)
        if t == "past" and word.lower().endswith("ed") and prev in _NOT_FINITE_BEFORE:
            t = None  # "is being traded", "to be returned": not a past-tense verb
        elif t == "future" and prev in ("was", "were", "had", "been") and not word.endswith("ing"):
            t = "past"  # "had been due to expire", "was scheduled": a past plan
        prev = word.lower()
        if t is None:
            continue
        d = _dist(w.start(), w.end(), start, end)
        if best is None or d < best[0]:
            best = (d, t)
    if best is None and doc is not None:
        # The words say nothing; the tagger may still see a past or modal verb the lists miss.
        return _doc_tense(doc, s, e, start, end)
    return best[1] if best else None


_AFTER_PENALTY = 2


def _dist(a0: int, a1: int, b0: int, b1: int) -> int:
    """Characters between a marker and the expression; markers after it count double, since
    the verb that governs a time expression usually comes first ("met on Monday")."""
    if a1 <= b0:
        return b0 - a1
    if b1 <= a0:
        return (a0 - b1) * _AFTER_PENALTY
    return 0


def _doc_tense(doc: Any, s: int, e: int, start: int, end: int) -> Tense:
    """Tense from the tagger: nearest VBD / VBN-with-have (past) or will/shall (future)."""
    try:
        span = doc.char_span(s, e, alignment_mode="expand")
    except Exception:  # a Doc of another text: fall back to words
        return None
    if span is None:
        return None
    best: tuple[int, Tense] | None = None
    for tok in span:
        if start <= tok.idx < end:
            continue
        t: Tense = None
        if tok.tag_ == "MD" and tok.lower_ in ("will", "'ll", "shall", "wo"):
            t = "future"
        elif tok.tag_ == "VBD":
            t = "past"
        elif tok.tag_ == "VBN" and any(c.lemma_ == "have" for c in tok.children if c.dep_ == "aux"):
            t = "past"
        if t is None:
            continue
        d = _dist(tok.idx, tok.idx + len(tok), start, end)
        if best is None or d < best[0]:
            best = (d, t)
    return best[1] if best else None
