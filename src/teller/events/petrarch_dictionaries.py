"""TABARI/PETRARCH dictionaries compiled for matching: actor and agent phrase indexes, verb
entries with their patterns and synsets (``load_dictionaries``, cached per set of paths).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teller.dictionaries.tabari import (
    ActorEntry,
    AgentEntry,
    DiscardEntry,
    VerbDictionary,
    VerbForm,
    dictionary_kind,
    parse_actors,
    parse_agents,
    parse_discards,
    parse_verbs,
)
from teller.errors import DataError


@dataclass
class VerbEntry:
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
        self.verb_index: dict[str, list[VerbEntry]] = defaultdict(list)
        for b, block in enumerate(self.verbs.blocks):
            for form in block.verbs:
                for surface in form.forms:
                    words = tuple(surface.split(" "))
                    head = _verb_head(words, form)
                    self.verb_index[words[head]].append(VerbEntry(words, head, form, b))
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
                    seqs = self.alts(tok)
                    if tok.startswith("&"):
                        anyof.append(frozenset(a[0] for a in seqs if a))
                    else:
                        plain.update(seqs[0])
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
        changed = [i for i, (a, b) in enumerate(zip(base, words, strict=True)) if a != b]
        if changed:
            return changed[0]
        # the base form itself: a word that another form changes
        for other in form.forms:
            ow = other.split(" ")
            if len(ow) == len(base):
                diff = [i for i, (a, b) in enumerate(zip(base, ow, strict=True)) if a != b]
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
