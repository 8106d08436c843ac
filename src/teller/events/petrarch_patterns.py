"""Dictionary verbs in a parsed sentence and the best-matching verb pattern for each
(words before/after ``*``, ``_`` adjacency, ``&synsets``, ``$`` source, ``+`` target, ``%``
compound, ``^`` skip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from teller.dictionaries.tabari import VerbPattern
from teller.events.petrarch_dictionaries import Dictionaries, VerbEntry
from teller.events.petrarch_groups import Group
from teller.events.petrarch_syntax import SentenceView


@dataclass
class VerbSite:
    start: int  # token span of the verb phrase words ("broken down")
    end: int
    head: int  # the verb token
    entry: VerbEntry


def find_verbs(view: SentenceView, dicts: Dictionaries) -> list[VerbSite]:
    words = view.upper
    sites: list[VerbSite] = []
    taken: set[int] = set()
    for i, w in enumerate(words):
        if not view.tags[i].startswith("VB") or i in taken or (view.clauses and i not in view.clauses):
            continue
        for entry in dicts.verb_index.get(w, ()):
            s = i - entry.head
            e = s + len(entry.words)
            if s < 0 or e > len(words):
                continue
            if tuple(words[s:e]) == entry.words:
                sites.append(VerbSite(s, e, i, entry))
                taken.update(range(s, e))
                break
    return sites


@dataclass
class Match:
    pattern: VerbPattern | None
    score: int
    source: Group | None = None  # the group a pattern's "$" landed on
    target: Group | None = None  # "+"
    compound: Group | None = None  # "%"
    compound_before_verb: bool = False


_MARKERS = {"$": "source", "+": "target", "%": "compound"}
_NP_TAGS = frozenset({"DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP$", "POS", "CD", "PRP"})


class _Matcher:
    """Match one pattern's words and markers against the tokens and noun groups of a clause.

    Words separated by a blank may have other words between them; ``_`` means adjacent.
    ``$``/``+``/``%`` must land on a noun group (``%`` on a compound), ``^`` skips one.
    """

    def __init__(self, words: list[str], tags: list[str], dicts: Dictionaries, groups: list[Group],
                 lo: int, hi: int) -> None:
        self.words = words
        self.tags = tags
        self.dicts = dicts
        self.groups = groups
        self.lo = lo  # lower search limit (inclusive)
        self.hi = hi  # upper search limit (exclusive)

    def alternatives(self, token: str) -> list[tuple[str, ...]]:
        return self.dicts.alts(token)

    def _group_after(self, pos: int) -> Group | None:
        return next((g for g in self.groups if g.start >= pos and g.end <= self.hi), None)

    def _group_before(self, pos: int) -> Group | None:
        cands = [g for g in self.groups if g.end <= pos and g.start >= self.lo]
        return cands[-1] if cands else None

    def _np_end(self, pos: int) -> int | None:
        """End of the next noun phrase at or after ``pos`` (a group or a run of NP words)."""
        for j in range(pos, self.hi):
            g = next((g for g in self.groups if g.start == j), None)
            if g is not None:
                return g.end
            if self.tags[j] in _NP_TAGS:
                k = j
                while k < self.hi and self.tags[k] in _NP_TAGS and not any(g.start == k for g in self.groups):
                    k += 1
                if any(t.startswith("NN") or t == "PRP" for t in self.tags[j:k]):
                    return k
        return None

    def _np_start(self, pos: int) -> int | None:
        """Start of the nearest noun phrase ending at or before ``pos``."""
        for j in range(pos - 1, self.lo - 1, -1):
            g = next((g for g in self.groups if g.end == j + 1), None)
            if g is not None:
                return g.start
            if self.tags[j].startswith("NN") or self.tags[j] == "PRP":
                k = j
                while k > self.lo and self.tags[k - 1] in _NP_TAGS:
                    k -= 1
                return k
        return None

    def upper(self, tokens: Sequence[str], links: Sequence[bool], pos: int, glued: bool
              ) -> tuple[int, dict[str, Group]] | None:
        """Match ``tokens`` forward from ``pos``; returns (score, marker groups)."""
        marks: dict[str, Group] = {}
        score = 0
        for k, tok in enumerate(tokens):
            adjacent = glued if k == 0 else links[k]
            if tok == "^":
                end = self._np_end(pos)
                if end is None:
                    return None
                pos = end
                continue
            if tok in _MARKERS:
                g = self._group_after(pos)
                if g is None or (tok == "%" and len(g.codes) < 2):
                    return None
                marks[tok] = g
                pos = g.end
                score += 1
                continue
            found = None
            limit = pos + 1 if adjacent else self.hi
            for j in range(pos, min(limit, self.hi)):
                for alt in self.alternatives(tok):
                    if j + len(alt) <= self.hi and tuple(self.words[j:j + len(alt)]) == alt:
                        found = (j, len(alt))
                        break
                if found:
                    break
            if found is None:
                return None
            pos = found[0] + found[1]
            score += found[1]
        return score, marks

    def lower(self, tokens: Sequence[str], links: Sequence[bool], pos: int, glued: bool
              ) -> tuple[int, dict[str, Group]] | None:
        """Match ``tokens`` backward, right to left, ending before ``pos`` (the verb)."""
        marks: dict[str, Group] = {}
        score = 0
        for n_done, k in enumerate(range(len(tokens) - 1, -1, -1)):
            tok = tokens[k]
            adjacent = glued if n_done == 0 else links[k + 1]
            if tok == "^":
                start = self._np_start(pos)
                if start is None:
                    return None
                pos = start
                continue
            if tok in _MARKERS:
                g = self._group_before(pos)
                if g is None or (tok == "%" and len(g.codes) < 2):
                    return None
                marks[tok] = g
                pos = g.start
                score += 1
                continue
            found = None
            for alt in self.alternatives(tok):
                end_min = pos if adjacent else self.lo
                for end in range(pos, max(end_min, self.lo) - 1, -1):
                    st = end - len(alt)
                    if st >= self.lo and tuple(self.words[st:end]) == alt:
                        if found is None or st > found[0]:
                            found = (st, len(alt))
                        break
            if found is None:
                return None
            pos = found[0]
            score += found[1]
        return score, marks


def best_pattern(site: VerbSite, view: SentenceView, dicts: Dictionaries, groups: list[Group],
                  lo: int, hi: int) -> Match:
    """The matching pattern with the most matched words and markers (first wins ties)."""
    block = dicts.verbs.blocks[site.entry.block]
    matcher = _Matcher(view.upper, view.tags, dicts, groups, lo, hi)
    best = Match(None, 0)
    present = set(view.upper)
    for pat in block.patterns:
        plain, anyof = dicts.required[id(pat)]
        if not plain <= present or any(present.isdisjoint(a) for a in anyof):
            continue
        up = matcher.upper(pat.upper, pat.upper_links, site.end, pat.verb_linked_upper)
        if up is None:
            continue
        low = matcher.lower(pat.lower, pat.lower_links, site.start, pat.verb_linked_lower)
        if low is None:
            continue
        score = up[0] + low[0]
        if best.pattern is None or score > best.score:
            marks = {**low[1], **up[1]}
            best = Match(pat, score, marks.get("$"), marks.get("+"), marks.get("%"), "%" in low[1])
    return best

