"""A dictionary-driven event coder for TABARI/PETRARCH dictionaries, and its evaluation.

Researchers have decades of curated CAMEO dictionaries (verb patterns, dated actors, agents,
discards). ``DictionaryCoder`` codes a sentence with them the way TABARI/PETRARCH do: find the
actors (longest phrase match, dated codes chosen for the sentence date), compose agents with
them (``Arnor security officials`` -> ``ARNGOV``, ``NGO~`` prefixes), find dictionary verbs the
parse tags as verbs, match the verb's patterns (words before/after ``*``, ``_`` adjacency,
``&synsets``, ``$`` source, ``+`` target, ``%`` compound, ``^`` skip) and take the source from
the clause subject and the target from the verb phrase. Syntax comes from a Penn-treebank parse
when the record has one, else from spaCy (``teller.nlp``). Nothing here depends on a record id
or an expected answer: every decision is read from the dictionaries and the parse.

``evaluate_petrarch`` scores the coder on a PETRARCH validation file (``<Sentence>`` records with
``<EventCoding>`` answers): event-level precision/recall/F1 and a per-category breakdown.
"""

from __future__ import annotations

import functools
import logging
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from teller.dictionaries.tabari import (
    ActorEntry,
    AgentEntry,
    DiscardEntry,
    VerbDictionary,
    VerbForm,
    VerbPattern,
    dictionary_kind,
    parse_actors,
    parse_agents,
    parse_discards,
    parse_verbs,
)
from teller.errors import DataError, InputError
from teller.events.petrarch_syntax import Clause, SentenceView, TreebankError, from_spacy, from_treebank

log = logging.getLogger(__name__)

__all__ = ["Coding", "Dictionaries", "DictionaryCoder", "load_dictionaries", "evaluate_petrarch"]


@dataclass(frozen=True)
class Coding:
    """One coded event: CAMEO source and target actor codes, event code, and why."""

    source: str
    target: str
    code: str
    evidence: str  # "VERB word: pattern" — the verb and the dictionary line that fired
    verb_span: tuple[int, int] = (-1, -1)  # character offsets of the verb in the sentence


# ---------------------------------------------------------------------------------------------
# dictionaries, compiled for matching


@dataclass
class _VerbEntry:
    words: tuple[str, ...]  # surface form, e.g. ("BROKEN", "DOWN")
    head: int  # index of the verb word within ``words``
    form: VerbForm
    block: int  # index into blocks


@dataclass
class Dictionaries:
    """Loaded dictionaries with the lookup indexes the coder needs."""

    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    verbs: VerbDictionary = field(default_factory=lambda: VerbDictionary({}, []))
    discards: list[DiscardEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.actor_index = _phrase_index((n, e) for e in self.actors for n in e.names)
        self.agent_index = _phrase_index((n, a) for a in self.agents for n in a.names)
        self.verb_index: dict[str, list[_VerbEntry]] = defaultdict(list)
        for b, block in enumerate(self.verbs.blocks):
            for form in block.verbs:
                for surface in form.forms:
                    words = tuple(surface.split(" "))
                    head = _verb_head(words, form)
                    self.verb_index[words[head]].append(_VerbEntry(words, head, form, b))
        for entries in self.verb_index.values():
            entries.sort(key=lambda v: -len(v.words))
        self.synset_words = {k: [tuple(p.split(" ")) for p in _expand_synset(k, self.verbs.synsets)]
                             for k in self.verbs.synsets}
        # one alternation for all discard phrases (a sentence is checked once, not 500 times)
        self.discard_by_phrase = {" ".join(d.phrase.split()): d for d in self.discards}
        alts = sorted(self.discard_by_phrase, key=len, reverse=True)
        self.discard_re = re.compile(
            r"(?<![A-Z0-9])(" + "|".join(r"\s+".join(map(re.escape, a.split())) for a in alts) + r")(?![A-Z0-9])"
        ) if alts else None
        self.alternatives: dict[str, list[tuple[str, ...]]] = {}
        # words a pattern cannot match without: a cheap test before the full match
        self.required: dict[int, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
        for block in self.verbs.blocks:
            for pat in block.patterns:
                plain: set[str] = set()
                anyof: list[frozenset[str]] = []
                for tok in (*pat.lower, *pat.upper):
                    if tok in ("$", "+", "%", "^"):
                        continue
                    alts = self.alts(tok)
                    if tok.startswith("&"):
                        anyof.append(frozenset(a[0] for a in alts if a))
                    else:
                        plain.update(alts[0])
                self.required[id(pat)] = (frozenset(plain), tuple(anyof))

    def alts(self, token: str) -> list[tuple[str, ...]]:
        """A pattern token's word sequences (a synset's phrases, or the token's words)."""
        got = self.alternatives.get(token)
        if got is None:
            if token.startswith("&"):
                got = self.synset_words.get(token.rstrip("_"), [])
            else:
                got = [tuple(token.split(" "))]
            self.alternatives[token] = got
        return got


def _phrase_index(pairs: Iterable[tuple[str, object]]) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    idx: dict[str, list[tuple[tuple[str, ...], object]]] = defaultdict(list)
    for name, item in pairs:
        words = tuple(name.split(" "))
        if words and words[0]:
            idx[words[0]].append((words, item))
    for lst in idx.values():
        lst.sort(key=lambda p: -len(p[0]))
    return idx


def _verb_head(words: tuple[str, ...], form: VerbForm) -> int:
    """Which word of a multi-word verb is the verb: the one that differs from the other forms'
    fixed words ("WIRE TAPPED": TAPPED), else the first ("BROKEN DOWN")."""
    base = form.phrase.split(" ")
    if len(base) == len(words) and len(words) > 1:
        changed = [i for i, (a, b) in enumerate(zip(base, words)) if a != b]
        if changed:
            return changed[0]
        # the base form itself: a word that another form changes
        for other in form.forms:
            ow = other.split(" ")
            if len(ow) == len(base):
                diff = [i for i, (a, b) in enumerate(zip(base, ow)) if a != b]
                if diff:
                    return diff[0]
    return 0


def _expand_synset(name: str, synsets: dict[str, list[str]], depth: int = 0) -> list[str]:
    out: list[str] = []
    for item in synsets.get(name, []):
        if item.startswith("&") and depth < 5:
            out.extend(_expand_synset(item.rstrip("_"), synsets, depth + 1))
        else:
            out.append(item)
    # regular plurals, as PETRARCH generates them for synset nouns
    plurals = [p + "S" for p in out if not p.endswith("S")]
    return list(dict.fromkeys(out + plurals))


def load_dictionaries(paths: Sequence[Path | str]) -> Dictionaries:
    """Load dictionaries, telling verbs/actors/agents/discards apart by name or content."""
    key = tuple(sorted(str(Path(p).resolve()) for p in paths))
    return _load_cached(key)


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...]) -> Dictionaries:
    actors: list[ActorEntry] = []
    agents: list[AgentEntry] = []
    discards: list[DiscardEntry] = []
    verbs = VerbDictionary({}, [])
    for p in paths:
        kind = dictionary_kind(p)
        if kind == "actors":
            actors.extend(parse_actors(p))
        elif kind == "agents":
            agents.extend(parse_agents(p))
        elif kind == "discards":
            discards.extend(parse_discards(p))
        else:
            v = parse_verbs(p)
            verbs.synsets.update(v.synsets)
            verbs.blocks.extend(v.blocks)
    if not verbs.blocks:
        raise DataError("no verb dictionary among the files given", item=", ".join(paths))
    return Dictionaries(actors, agents, verbs, discards)


# ---------------------------------------------------------------------------------------------
# mentions: actors and agents composed into noun groups


@dataclass
class _Unit:
    start: int
    end: int
    actor: ActorEntry | None = None
    agent: AgentEntry | None = None


@dataclass
class _Group:
    """A noun phrase's codes (several for compounds) and its token extent."""

    start: int
    end: int
    codes: list[str]
    has_actor: bool


_FILLER_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "POS", "PRP$", "RB", "CD", "HYPH", "NNP", "NNPS"})
_LINK_PREPS = frozenset({"OF", "IN", "FROM", "AT"})
_CONJ = frozenset({"AND", "OR", "NOR", ",", "NEITHER", "BOTH", "EITHER"})


def _match_units(words: list[str], dicts: Dictionaries) -> list[_Unit]:
    """Longest actor/agent phrase at each position, left to right, no overlaps."""
    units: list[_Unit] = []
    i = 0
    n = len(words)
    while i < n:
        best: _Unit | None = None
        for index, kind in ((dicts.actor_index, "actor"), (dicts.agent_index, "agent")):
            for phrase, item in index.get(words[i], ()):
                ln = _phrase_len_at(words, i, phrase)
                if ln and (best is None or ln > best.end - best.start):
                    best = _Unit(i, i + ln, **{kind: item})  # type: ignore[arg-type]
                    break  # lists are longest first
        if best is None and len(words[i]) > 3 and words[i].endswith("S"):
            # plural of a one-word actor name: "Palestinians", "Afghans" (not for agents,
            # whose plurals the agent dictionary spells out)
            for phrase, item in dicts.actor_index.get(words[i][:-1], ()):
                if len(phrase) == 1:
                    best = _Unit(i, i + 1, actor=item)  # type: ignore[arg-type]
                    break
        if best is not None:
            units.append(best)
            i = best.end
        else:
            i += 1
    return units


def _phrase_len_at(words: list[str], i: int, phrase: tuple[str, ...]) -> int:
    """Tokens consumed if ``phrase`` starts at ``i`` (a dictionary "W." also matches "W" ".")."""
    j = i
    for w in phrase:
        if j < len(words) and words[j] == w:
            j += 1
        elif j + 1 < len(words) and words[j] + words[j + 1] == w:
            j += 2
        else:
            return 0
    return j - i


def _groups(view: SentenceView, units: list[_Unit], when: date | None) -> list[_Group]:
    """Compose units into noun groups: adjacent actor+agents, "agent of/in/from actor", and
    compounds joined by "and", "or", ",". Returns groups in text order."""
    words = view.upper
    tags = view.tags
    # 1. phrases: runs of units separated only by filler words
    phrases: list[list[_Unit]] = []
    for u in units:
        if phrases:
            prev = phrases[-1][-1]
            gap = range(prev.end, u.start)
            if all(_is_filler(words[k], tags[k]) or _adjective_conj(k, words, tags) for k in gap):
                phrases[-1].append(u)
                continue
        phrases.append([u])
    # 2. phrase codes
    coded: list[tuple[int, int, list[str], list[AgentEntry], bool]] = []
    for ph in phrases:
        agents = [u.agent for u in ph if u.agent is not None]
        actors = [u for u in ph if u.actor is not None]
        if not actors and all(tags[k].startswith("JJ") for u in ph for k in range(u.start, u.end)):
            continue  # "naval exercises": an adjective alone names no actor
        codes = _actor_codes(actors[0].actor if actors else None, when)
        for later in actors[1:]:
            # "Chinese President Xi Jinping": a later actor refining the first (CHN -> CHNGOV)
            # wins; an unrelated one ("the evil Arnor awful Gondor") does not
            more = _actor_codes(later.actor, when)
            if codes and more and all(any(m.startswith(c) and len(m) > len(c) for c in codes) for m in more):
                codes = more
        coded.append((ph[0].start, ph[-1].end, codes, agents, bool(actors)))
    # 3. compounds of phrases, then "agents of/in/from actors" linking
    compounds: list[list[int]] = []
    for k, (s, _e, _c, _a, _h) in enumerate(coded):
        if compounds:
            pe = coded[compounds[-1][-1]][1]
            between = words[pe:s]
            if between and all(w in _CONJ or _is_filler(w, tags[pe + j]) for j, w in enumerate(between)) \
                    and any(w in _CONJ for w in between):
                compounds[-1].append(k)
                continue
        compounds.append([k])
    groups: list[_Group] = []
    k = 0
    while k < len(compounds):
        members = [coded[m] for m in compounds[k]]
        nxt = compounds[k + 1] if k + 1 < len(compounds) else None
        link = False
        if nxt is not None:
            pe = members[-1][1]
            ns = coded[nxt[0]][0]
            between = words[pe:ns]
            link = bool(between) and between[0] in _LINK_PREPS and all(
                _is_filler(w, tags[pe + 1 + j]) for j, w in enumerate(between[1:]))
        if link and nxt is not None and not members[-1][4]:
            targets = [coded[m] for m in nxt]
            all_agents = all(not m[4] for m in members)
            heads = members if all_agents else members[-1:]
            rest = [] if all_agents else members[:-1]
            codes: list[str] = []
            for r in rest:
                codes.extend(_compose(r[2], r[3], r[4]))
            for t in targets:
                for h in heads:
                    codes.extend(_compose(t[2], t[3] + h[3], t[4]))
            groups.append(_Group(members[0][0], targets[-1][1], codes, True))
            k += 2
            continue
        codes = []
        prev = None
        for m in members:
            if not m[4] and prev is not None and prev[4] and prev[3]:
                # "Danish media and government": the government is Danish too
                codes.extend(_compose(prev[2], prev[3][:-1] + m[3], True))
            else:
                codes.extend(_compose(m[2], m[3], m[4]))
                prev = m
        groups.append(_Group(members[0][0], members[-1][1], codes, any(m[4] for m in members)))
        k += 1
    for g in groups:
        g.codes = [c for c in dict.fromkeys(g.codes) if c]
    return [g for g in groups if g.codes]


def _adjective_conj(k: int, words: list[str], tags: list[str]) -> bool:
    """ "awful and evil": a conjunction between adjectives joins words, not actors."""
    return (words[k] in ("AND", "OR", ",") and 0 < k < len(words) - 1
            and tags[k - 1].startswith("JJ") and tags[k + 1].startswith("JJ"))


def _is_filler(word: str, tag: str) -> bool:
    return tag in _FILLER_TAGS or word in ("'S", "'", "THE", "A", "AN")


def _actor_codes(actor: ActorEntry | None, when: date | None) -> list[str]:
    if actor is None:
        return []
    code = actor.code_on(when)
    if code is None or code.strip("-") == "" and False:
        return []
    return [c for c in code.split("/") if c] if code else []


def _compose(actor_codes: list[str], agents: list[AgentEntry], has_actor: bool) -> list[str]:
    bases = actor_codes if has_actor else ["---"]
    if has_actor and not actor_codes:
        return []  # an actor whose dictionary code is null on this date
    out = []
    for base in bases:
        code = base
        for ag in agents:
            if ag.position == "prefix":
                code = ag.compose(code)
        for ag in agents:
            if ag.position == "suffix":
                code = ag.compose(code)
        if code.strip("-") and not (base == "---" and code == "---"):
            out.append(code)
    return out


# ---------------------------------------------------------------------------------------------
# verbs and patterns


@dataclass
class _VerbSite:
    start: int  # token span of the verb phrase words ("broken down")
    end: int
    head: int  # the verb token
    entry: _VerbEntry


def _find_verbs(view: SentenceView, dicts: Dictionaries) -> list[_VerbSite]:
    words = view.upper
    sites: list[_VerbSite] = []
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
                sites.append(_VerbSite(s, e, i, entry))
                taken.update(range(s, e))
                break
    return sites


@dataclass
class _Match:
    pattern: VerbPattern | None
    score: int
    source: _Group | None = None  # the group a pattern's "$" landed on
    target: _Group | None = None  # "+"
    compound: _Group | None = None  # "%"
    compound_before_verb: bool = False


_MARKERS = {"$": "source", "+": "target", "%": "compound"}
_NP_TAGS = frozenset({"DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP$", "POS", "CD", "PRP"})


class _Matcher:
    """Match one pattern's words and markers against the tokens and noun groups of a clause.

    Words separated by a blank may have other words between them; ``_`` means adjacent.
    ``$``/``+``/``%`` must land on a noun group (``%`` on a compound), ``^`` skips one.
    """

    def __init__(self, words: list[str], tags: list[str], dicts: Dictionaries, groups: list[_Group],
                 lo: int, hi: int) -> None:
        self.words = words
        self.tags = tags
        self.dicts = dicts
        self.groups = groups
        self.lo = lo  # lower search limit (inclusive)
        self.hi = hi  # upper search limit (exclusive)

    def alternatives(self, token: str) -> list[tuple[str, ...]]:
        return self.dicts.alts(token)

    def _group_after(self, pos: int) -> _Group | None:
        return next((g for g in self.groups if g.start >= pos and g.end <= self.hi), None)

    def _group_before(self, pos: int) -> _Group | None:
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
              ) -> tuple[int, dict[str, _Group]] | None:
        """Match ``tokens`` forward from ``pos``; returns (score, marker groups)."""
        marks: dict[str, _Group] = {}
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
              ) -> tuple[int, dict[str, _Group]] | None:
        """Match ``tokens`` backward, right to left, ending before ``pos`` (the verb)."""
        marks: dict[str, _Group] = {}
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


def _best_pattern(site: _VerbSite, view: SentenceView, dicts: Dictionaries, groups: list[_Group],
                  lo: int, hi: int) -> _Match:
    """The matching pattern with the most matched words and markers (first wins ties)."""
    block = dicts.verbs.blocks[site.entry.block]
    matcher = _Matcher(view.upper, view.tags, dicts, groups, lo, hi)
    best = _Match(None, 0)
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
            best = _Match(pat, score, marks.get("$"), marks.get("+"), marks.get("%"), "%" in low[1])
    return best


# ---------------------------------------------------------------------------------------------
# the coder


class DictionaryCoder:
    """Code sentences with TABARI/PETRARCH dictionaries.

    ``DictionaryCoder.from_paths([...])`` or ``DictionaryCoder(load_dictionaries([...]))``;
    ``coder.code(text, doc=None, parse=None, when=None)`` returns ``list[Coding]``. Give
    ``parse`` (a bracketed treebank string) or ``doc`` (a spaCy Doc/Span of the sentence); with
    neither, the shared spaCy pipeline parses ``text``. ``when`` picks dated actor codes.
    """

    def __init__(self, dicts: Dictionaries, *, require_dyad: bool = True) -> None:
        self.dicts = dicts
        self.require_dyad = require_dyad

    @classmethod
    def from_paths(cls, paths: Sequence[Path | str]) -> "DictionaryCoder":
        return cls(load_dictionaries(paths))

    def discarded(self, text: str) -> DiscardEntry | None:
        rx = self.dicts.discard_re
        m = rx.search(" ".join(text.upper().split())) if rx is not None else None
        return self.dicts.discard_by_phrase.get(" ".join(m.group(1).split())) if m else None

    def code(self, text: str, doc: object | None = None, *, parse: str | None = None,
             when: date | None = None) -> list[Coding]:
        if self.discarded(text) is not None:
            return []
        out: list[Coding] = []
        for view in self._views(text, doc, parse):
            out.extend(self.code_view(view, when=when))
        return list(dict.fromkeys(out))

    def _views(self, text: str, doc: object | None, parse: str | None) -> list[SentenceView]:
        """One view per sentence (a Doc of several sentences is coded sentence by sentence)."""
        if parse:
            try:
                return [from_treebank(parse, text)]
            except TreebankError as exc:
                # a caller who supplies a parse must hear that it is broken, not get a guess
                raise InputError(f"unreadable treebank parse: {exc}") from exc
        if doc is None:
            from teller.nlp import get_nlp

            doc = get_nlp()(text)
        tokens = list(doc)  # type: ignore[call-overload]
        if not tokens:
            return []
        origin = tokens[0].idx
        # a Span is taken as one sentence; a Doc is split into its sentences
        if tokens[0].doc is not doc or not tokens[0].doc.has_annotation("SENT_START"):
            return [from_spacy(doc, origin)]
        first, last = tokens[0].i, tokens[-1].i
        return [from_spacy(s, origin) for s in tokens[0].doc.sents if s.end > first and s.start <= last]

    def code_view(self, view: SentenceView, *, when: date | None = None) -> list[Coding]:
        units = _match_units(view.upper, self.dicts)
        if view.places:
            # "the South China Sea" names a sea, not China: drop actor names strictly inside
            units = [u for u in units if not any(
                s <= u.start and u.end <= e and (e - s) > (u.end - u.start) for s, e in view.places)]
        groups = _groups(view, units, when)
        out: list[Coding] = []
        for site in _find_verbs(view, self.dicts):
            out.extend(self._code_site(view, site, groups))
        return list(dict.fromkeys(out))

    def _code_site(self, view: SentenceView, site: _VerbSite, groups: list[_Group]) -> list[Coding]:
        clause = view.clauses.get(site.head) or Clause(site.head, None, (site.start, len(view.words)))
        lo = 0  # patterns see the whole sentence before the verb, as in TABARI
        hi = len(view.words)
        match = _best_pattern(site, view, self.dicts, groups, lo, hi)
        block = self.dicts.verbs.blocks[site.entry.block]
        code = match.pattern.code if match.pattern else (site.entry.form.code or block.code or "---")
        if not _is_event_code(code.split(":")[0]):
            return []
        source, target = self._actors(view, site, clause, groups, match)
        if not target and len(source) > 1 and ":" in code:
            target = source  # "X and Y will hold joint exercises": a mutual event between them
        if self.require_dyad and (not source or not target):
            return []
        primary, _, reciprocal = code.partition(":")
        how = " ".join(match.pattern.raw.split()) if match.pattern else f"{site.entry.form.phrase} [{code}]"
        ev = f"{' '.join(view.words[site.start:site.end])}: {how}"
        span = (view.offsets[site.start][0], view.offsets[site.end - 1][1])
        out: list[Coding] = []
        for s in source:
            for t in target:
                if s == t:
                    continue
                out.append(Coding(s, t, primary, ev, span))
                if reciprocal and _is_event_code(reciprocal):
                    out.append(Coding(t, s, reciprocal, ev, span))
        return out

    def _actors(self, view: SentenceView, site: _VerbSite, clause: Clause, groups: list[_Group],
                match: _Match) -> tuple[list[str], list[str]]:
        subject = self._subject(view, clause, groups, site)
        if match.compound is not None:
            if match.compound_before_verb or subject is None or subject is match.compound:
                return match.compound.codes, match.compound.codes  # "% HAVE *": each with each
            return subject.codes, match.compound.codes  # "* WITH %": the subject with all
        source = match.source.codes if match.source else []
        target = match.target.codes if match.target else []
        if not source:
            agent = self._passive_agent(view, clause, groups, site)
            if agent is not None and match.target is None:
                return agent.codes, (subject.codes if subject else [])
            source = subject.codes if subject else []
        if not target:
            g = _group_in(groups, (site.end, max(clause.vp[1], site.end)))
            if g is None:
                # a parse that cut the verb phrase short ("break into an anti- Gondor parade"):
                # the first actor before the next verb or clause break
                stop = next((j for j in range(site.end, len(view.words))
                             if view.tags[j].startswith("VB") or view.words[j] in (",", ";", ":")), len(view.words))
                g = _group_in(groups, (site.end, stop))
            target = g.codes if g else []
        return source, target

    @staticmethod
    def _subject(view: SentenceView, clause: Clause, groups: list[_Group], site: _VerbSite) -> _Group | None:
        if clause.subject is None:
            # no subject in the parse: an actor right before the verb ("Ethiopia act on ...")
            j = site.start
            while j > 0 and view.tags[j - 1] in ("RB", "MD"):
                j -= 1
            return next((g for g in groups if g.end == j), None)
        inside = [g for g in groups if g.start >= clause.subject[0] and g.end <= clause.subject[1]]
        words = view.upper
        if len(inside) > 1 and all(
                any(w in _CONJ for w in words[a.end:b.start]) and not any(w in _LINK_PREPS for w in words[a.end:b.start])
                for a, b in zip(inside, inside[1:])):
            # "Fornost and the evil awful Gondor": every actor group of the subject
            return _Group(inside[0].start, inside[-1].end,
                          list(dict.fromkeys(c for g in inside for c in g.codes)), True)
        if inside:
            return inside[0]
        s, e = clause.subject
        if e - s == 1 and view.tags[s] == "PRP":
            # "Ethiopia indicated it would act": a pronoun subject of a clause governed by another
            # verb is that verb's subject (the innermost clause whose verb phrase holds it)
            governing = [c for c in view.clauses.values()
                         if c.verb < s and c.vp[0] <= s < c.vp[1] and c.subject and c.subject[1] <= c.verb]
            if governing:
                gov = min(governing, key=lambda c: c.vp[1] - c.vp[0])
                return _group_in(groups, gov.subject)  # type: ignore[arg-type]
        return None

    @staticmethod
    def _passive_agent(view: SentenceView, clause: Clause, groups: list[_Group], site: _VerbSite) -> _Group | None:
        if clause.passive_agent is not None:
            return _group_in(groups, clause.passive_agent)
        return None


def _is_event_code(code: str) -> bool:
    return bool(code) and any(ch.isalnum() for ch in code) and code.strip("-") != ""


def _group_in(groups: list[_Group], span: tuple[int, int]) -> _Group | None:
    for g in groups:
        if g.start >= span[0] and g.end <= span[1]:
            return g
    return None


def _group_near(groups: list[_Group], pos: int, *, before: bool) -> _Group | None:
    if before:
        cands = [g for g in groups if g.end <= pos]
        return cands[-1] if cands else None
    cands = [g for g in groups if g.start >= pos]
    return cands[0] if cands else None


# ---------------------------------------------------------------------------------------------
# evaluation on a PETRARCH validation file


@dataclass
class _Record:
    id: str
    category: str
    when: date | None
    text: str
    parse: str | None
    expected: list[tuple[str, str, str]]


def _read_records(path: Path) -> list[_Record]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise DataError(f"cannot read validation records: {exc}", item=str(path)) from exc
    out: list[_Record] = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        parse = s.findtext("Parse")
        when = None
        d = (s.get("date") or "").strip()
        if len(d) == 8 and d.isdigit():
            when = date(int(d[:4]), int(d[4:6]), int(d[6:]))
        expected = [
            (e.get("sourcecode", ""), e.get("targetcode", ""), e.get("eventcode", ""))
            for e in s.findall("EventCoding")
            if e.get("eventcode") and e.get("noevents") is None and e.get("error") is None
        ]
        out.append(_Record(s.get("id", ""), s.get("category", ""), when, text,
                           parse.strip() if parse and parse.strip() else None, expected))
    return out


def _nlp():  # type: ignore[no-untyped-def]
    from teller.nlp import get_nlp

    return get_nlp()


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate_petrarch(records: Path, dictionaries: list[Path], *, use_parse: bool = True,
                      verbose: bool = False) -> dict:
    """Event-level P/R/F1 of ``DictionaryCoder`` on a PETRARCH validation file.

    A coding is right when source, target and event code all equal an expected
    ``<EventCoding>`` (multiset matching); every coding on a ``noevents`` or ``error`` record is
    a false positive. ``use_parse=False`` ignores the records' treebank parses and uses spaCy.
    """
    coder = DictionaryCoder.from_paths(dictionaries)
    recs = _read_records(Path(records))
    totals = Counter()
    per_cat: dict[str, Counter] = defaultdict(Counter)
    details = []
    for rec in recs:
        try:
            if use_parse and rec.parse:
                got = coder.code(rec.text, parse=rec.parse, when=rec.when)
            else:  # a record is one sentence: code it whole, as a Span
                got = coder.code(rec.text, _nlp()(rec.text)[:], when=rec.when)
        except InputError as exc:
            log.info("%s: %s", rec.id, exc)
            got = []
        got_keys = Counter((c.source, c.target, c.code) for c in got)
        exp_keys = Counter(rec.expected)
        tp = sum((got_keys & exp_keys).values())
        fp = sum(got_keys.values()) - tp
        fn = sum(exp_keys.values()) - tp
        for c in (totals, per_cat[rec.category]):
            c["tp"] += tp
            c["fp"] += fp
            c["fn"] += fn
            c["records"] += 1
        if verbose and (fp or fn):
            details.append({"id": rec.id, "text": rec.text, "expected": sorted(exp_keys),
                            "got": sorted(got_keys), "evidence": sorted({c.evidence for c in got})})
    result: dict = {"records": len(recs)}
    result.update({k: v for k, v in _prf(totals["tp"], totals["fp"], totals["fn"]).items()})
    result["by_category"] = {
        cat: {"records": c["records"], **_prf(c["tp"], c["fp"], c["fn"])}
        for cat, c in sorted(per_cat.items())
    }
    if verbose:
        result["errors"] = details
    return result
