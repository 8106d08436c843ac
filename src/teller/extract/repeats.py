"""Repeated passages: a page that says the same thing two or three times.

Aggregator and machine-translated pages often carry "Highlights", a source excerpt and the
body, each restating the same sentences with small differences (a changed date word, a copy
cut off with "..."). Other stages must count such a fact once but still *see* every copy (a
contradiction between copies is evidence), so the copies are marked, not removed:
``Article.repeats`` holds ``(copy, original)`` span pairs, the first occurrence being the
original.

Method (near-duplicate detection over sentences, linear in practice):

1. split the text into sentences with :mod:`teller.text.sentences` (rule-based, linear; this
   runs before the parse, and a parse would cost more than the answer is worth);
2. each sentence of at least :data:`MIN_TOKENS` words becomes a set of word trigrams over
   lower-cased tokens;
3. an inverted index (trigram -> earlier sentences) finds the earlier sentences sharing
   trigrams; a pair is a repeat when the *containment* (shared / trigrams of the smaller
   sentence) is at least :data:`MIN_CONTAINMENT` and the Jaccard similarity at least
   :data:`MIN_JACCARD` (a restatement with a few words changed), or when the containment is
   at least :data:`TRUNCATED_CONTAINMENT` over at least :data:`TRUNCATED_SHARED` trigrams (a
   copy cut off with "..." or glued to another sentence). Parallel sentences that share a
   stock phrase ("will be able to go from zero to 60 mph") stay below both;
4. a copy of a copy points to the first original; runs of consecutive copies of consecutive
   originals are merged into one passage pair.

Trigrams that occur in very many sentences (boilerplate like "said in a statement") are
skipped when looking up candidates, which keeps the cost linear on long pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from teller.records import Span
from teller.text.sentences import sentence_spans

MIN_TOKENS = 8
MIN_CONTAINMENT = 0.7
MIN_JACCARD = 0.4
#: A truncated or extended copy: nearly all of the smaller passage, and a long stretch of it.
TRUNCATED_CONTAINMENT = 0.9
TRUNCATED_SHARED = 12
_NGRAM = 3
_MAX_POSTINGS = 50

_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    shingles: frozenset[int]


def find_repeats(text: str) -> list[tuple[Span, Span]]:
    """``(copy, original)`` spans of near-duplicate passages (see module doc)."""
    units = _units(text)
    index: dict[int, list[int]] = {}
    copy_of: dict[int, int] = {}
    for i, unit in enumerate(units):
        best = _best_original(unit, units, index)
        if best is not None:
            copy_of[i] = copy_of.get(best, best)
        for sh in unit.shingles:
            postings = index.setdefault(sh, [])
            if len(postings) <= _MAX_POSTINGS:
                postings.append(i)
    return _merge(units, copy_of)


def _units(text: str) -> list[_Unit]:
    units = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased (e.g. "İ")
        lowered = "".join(ch.lower()[:1] or ch for ch in text)
    for sent in sentence_spans(text):
        a, b = sent.start, sent.end
        tokens = _TOKEN.findall(lowered, a, b)
        if len(tokens) < MIN_TOKENS:
            continue
        shingles = frozenset(hash(tuple(tokens[k : k + _NGRAM])) for k in range(len(tokens) - _NGRAM + 1))
        units.append(_Unit(a, b, shingles))
    return units


def _best_original(unit: _Unit, units: list[_Unit], index: dict[int, list[int]]) -> int | None:
    shared: Counter[int] = Counter()
    for sh in unit.shingles:
        postings = index.get(sh)
        if postings and len(postings) <= _MAX_POSTINGS:
            shared.update(postings)
    best, best_score = None, 0.0
    for j, n in shared.items():
        other = units[j].shingles
        containment = n / min(len(unit.shingles), len(other))
        jaccard = n / (len(unit.shingles) + len(other) - n)
        if (containment >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD) or (
                containment >= TRUNCATED_CONTAINMENT and n >= TRUNCATED_SHARED):
            if containment > best_score or (containment == best_score and best is not None and j < best):
                best, best_score = j, containment
    return best


def _merge(units: list[_Unit], copy_of: dict[int, int]) -> list[tuple[Span, Span]]:
    """Runs ``i, i+1, ...`` copying ``j, j+1, ...`` become one pair of passages."""
    pairs: list[tuple[Span, Span]] = []
    run: list[int] | None = None  # [first copy, last copy, first original, last original]
    for i in sorted(copy_of):
        j = copy_of[i]
        if run is not None and i == run[1] + 1 and j == run[3] + 1 and j < run[0]:
            run[1], run[3] = i, j
            continue
        if run is not None:
            pairs.append(_pair(units, run))
        run = [i, i, j, j]
    if run is not None:
        pairs.append(_pair(units, run))
    return pairs


def _pair(units: list[_Unit], run: list[int]) -> tuple[Span, Span]:
    return (Span(units[run[0]].start, units[run[1]].end), Span(units[run[2]].start, units[run[3]].end))
