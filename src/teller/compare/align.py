"""Sentence alignment: which source sentence each translated sentence renders.

Translations keep order, mostly, but news pages repeat their lead as highlights and excerpts, and
translators split and join sentences. Each translated sentence is therefore matched to its best
source sentence on anchors the two languages share (the actors named, the digits written, and
words of a small bilingual list, ``data/translation/concepts.tsv``), with relative position as a
tie-breaker. Several translated sentences may render one source sentence; a translated sentence
that shares no anchor with any source sentence is left unaligned (and unchecked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from teller.records import Span

#: A translated sentence needs at least this score to be aligned (one shared name, or one
#: shared digit and one shared concept, or two concepts).
MIN_SCORE = 1.9
_W_NAME, _W_NUMBER, _W_CONCEPT, _W_POSITION = 2.0, 1.0, 1.0, 1.5


@dataclass(frozen=True)
class Anchors:
    names: frozenset[str]
    numbers: frozenset[int]
    concepts: frozenset[str]


@cache
def _concepts() -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
    text = resources.files("teller").joinpath("data", "translation", "concepts.tsv").read_text(encoding="utf-8")
    rows = []
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:
        concept, ja, en = (line.split("\t") + ["", ""])[:3]
        stems = [re.escape(s.strip()) for s in en.split("|") if s.strip()]
        rows.append((concept, tuple(s for s in ja.split("|") if s), re.compile(r"\b(?:" + "|".join(stems) + ")", re.I)))
    return tuple(rows)


def concepts_ja(text: str) -> frozenset[str]:
    return frozenset(c for c, ja, _ in _concepts() if any(w in text for w in ja))


def concepts_en(text: str) -> frozenset[str]:
    return frozenset(c for c, _, en in _concepts() if en.search(text))


def score(t: Anchors, s: Anchors, t_pos: float, s_pos: float) -> float:
    shared = (_W_NAME * len(t.names & s.names) + _W_NUMBER * len(t.numbers & s.numbers)
              + _W_CONCEPT * len(t.concepts & s.concepts))
    return shared - _W_POSITION * abs(t_pos - s_pos) if shared else 0.0


def align(source: list[Anchors], translation: list[Anchors]) -> list[int | None]:
    """For each translated sentence, the index of its source sentence (or None)."""
    out: list[int | None] = []
    n_s, n_t = max(1, len(source) - 1), max(1, len(translation) - 1)
    for j, t in enumerate(translation):
        best, best_i = 0.0, None
        for i, s in enumerate(source):
            sc = score(t, s, j / n_t, i / n_s)
            if sc > best:
                best, best_i = sc, i
        out.append(best_i if best >= MIN_SCORE else None)
    return _fill_gaps(out, source, translation)


def _fill_gaps(out: list[int | None], source: list[Anchors], translation: list[Anchors]) -> list[int | None]:
    """A translated sentence with too few anchors of its own, between two neighbours aligned to
    source sentences i-1 and i+1 (or after the last one, before the text ends), renders sentence
    i when it shares at least one anchor with it: order is the translator's default."""
    filled = list(out)
    for j, i in enumerate(out):
        if i is not None:
            continue
        before = next((filled[k] for k in range(j - 1, -1, -1) if filled[k] is not None), None)
        after = next((out[k] for k in range(j + 1, len(out)) if out[k] is not None), None)
        if before is None:
            continue
        gap = before + 1
        if gap >= len(source) or (after is not None and after != gap + 1) or (after is None and gap != len(source) - 1):
            continue
        t, s = translation[j], source[gap]
        if t.names & s.names or t.numbers & s.numbers or t.concepts & s.concepts:
            filled[j] = gap
    return filled


def index_of(spans: list[Span], offset: int) -> int | None:
    for i, sp in enumerate(spans):
        if sp.start <= offset < sp.end:
            return i
    return None
