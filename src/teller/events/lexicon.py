"""The PLOVER trigger lexicon and word classes, read once from ``teller/data/plover/``.

The lexicon is a readable data file (``lexicon.tsv``) so that a researcher can see and change
which words announce which PLOVER event, mode and CAMEO code without touching code; the word
classes (``words.tsv``) and mode/context cues (``cues.tsv``) are the few closed lists the coder
reasons with. All three are parsed into frozen lookup tables cached at module level.

Hand-written instead of a library: no maintained package ships an English PLOVER lexicon for
dependency parses (PETRARCH's CAMEO verb dictionaries are pattern lists for a different parser;
``teller.events.petrarch`` reads those separately).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from teller.errors import DataError
from teller.records import PLOVER_TYPES

_KINDS = ("verb", "noun", "adj")


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger: a lemma, an optional extra condition, and what it codes as."""

    kind: str  # verb | noun | adj
    lemma: str
    type: str
    mode: str | None
    cameo: str | None
    negated: str | None  # type a negated trigger becomes, or None (same type, status denied)
    word: str | None = None  # required child lemma (particle, preposition, modifier)
    objects: frozenset[str] = frozenset()  # required object lemmas
    actor_object: bool = False  # the object must be an actor mention ("called Blinken")

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.word else 0) + (1 if self.actor_object else 0)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjs: dict[str, tuple[Entry, ...]]
    classes: dict[str, frozenset[str]]
    mode_cues: tuple[tuple[str, str, frozenset[str]], ...]
    context_cues: tuple[tuple[str, frozenset[str]], ...]

    def words(self, name: str) -> frozenset[str]:
        return self.classes.get(name, frozenset())


def _data_dir() -> Path:
    return Path(str(resources.files("teller") / "data" / "plover"))


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            out.append((n, line.split()))
    return out


def _parse_entry(path: Path, n: int, cols: list[str]) -> Entry:
    kind = cols[0]
    if kind not in _KINDS or len(cols) < 6:
        raise DataError(f"{path.name}:{n}: expected 'kind pattern type mode cameo neg', got {' '.join(cols)!r}")
    *pattern, etype, mode, cameo, neg = cols[1:]
    if etype not in PLOVER_TYPES or (neg != "-" and neg not in PLOVER_TYPES):
        raise DataError(f"{path.name}:{n}: unknown PLOVER type in {' '.join(cols)!r}")
    lemma, word, actor_object = pattern[0], None, False
    objects: frozenset[str] = frozenset()
    for extra in pattern[1:]:
        if extra == "@":
            actor_object = True
        elif extra.startswith("+"):
            objects = frozenset(extra[1:].split("/"))
        else:
            word = extra
    return Entry(kind, lemma, etype, None if mode == "-" else mode, None if cameo == "-" else cameo,
                 None if neg == "-" else neg, word, objects, actor_object)


def load(directory: Path | None = None) -> Lexicon:
    """Parse the three data files (``directory`` defaults to the packaged ones)."""
    d = directory or _data_dir()
    by_kind: dict[str, dict[str, list[Entry]]] = {k: {} for k in _KINDS}
    lex_path = d / "lexicon.tsv"
    for n, cols in _lines(lex_path):
        e = _parse_entry(lex_path, n, cols)
        by_kind[e.kind].setdefault(e.lemma, []).append(e)
    tables = {
        k: {lemma: tuple(sorted(es, key=lambda e: -e.specificity)) for lemma, es in v.items()}
        for k, v in by_kind.items()
    }
    classes = {cols[0]: frozenset(cols[1:]) for _, cols in _lines(d / "words.tsv")}
    mode_cues, context_cues = [], []
    cue_path = d / "cues.tsv"
    for n, cols in _lines(cue_path):
        if cols[0] == "mode" and len(cols) >= 4:
            mode_cues.append((cols[1], cols[2], frozenset(cols[3:])))
        elif cols[0] == "context" and len(cols) >= 3:
            context_cues.append((cols[1], frozenset(cols[2:])))
        else:
            raise DataError(f"{cue_path.name}:{n}: expected 'mode TYPE mode words...' or 'context name words...'")
    return Lexicon(tables["verb"], tables["noun"], tables["adj"], classes,
                   tuple(mode_cues), tuple(context_cues))


@functools.lru_cache(maxsize=1)
def default() -> Lexicon:
    """The packaged lexicon, parsed once per process."""
    return load()
