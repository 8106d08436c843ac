"""The Japanese trigger lexicon (``data/plover/lexicon_ja.tsv``), read once."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources

from teller.errors import DataError
from teller.records import PLOVER_TYPES

FRAMES = ("talks", "to", "obj", "visit", "self")


@dataclass(frozen=True, slots=True)
class JaEntry:
    word: str
    type: str
    mode: str | None
    cameo: str | None
    frame: str
    stop: frozenset[str] = frozenset()


@functools.cache
def lexicon() -> dict[str, JaEntry]:
    """word -> entry, from the shipped TSV; a bad line raises ``DataError`` naming it."""
    path = resources.files("teller") / "data" / "plover" / "lexicon_ja.tsv"
    out: dict[str, JaEntry] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = line.split()
        if len(cells) != 6:
            raise DataError(f"expected 6 fields (word type mode cameo frame stop), got {len(cells)}",
                            item=f"lexicon_ja.tsv:{n}")
        word, etype, mode, cameo, frame, stop = cells
        if etype not in PLOVER_TYPES:
            raise DataError(f"{etype!r} is not a PLOVER type", item=f"lexicon_ja.tsv:{n}")
        if frame not in FRAMES:
            raise DataError(f"frame {frame!r} is not one of {', '.join(FRAMES)}", item=f"lexicon_ja.tsv:{n}")
        word = unicodedata.normalize("NFKC", word)
        out[word] = JaEntry(word, etype, None if mode == "-" else mode, None if cameo == "-" else cameo, frame,
                            frozenset() if stop == "-" else frozenset(stop.split("|")))
    return out


def find(compound: str, lemma: str) -> JaEntry | None:
    """The entry for a word written ``compound`` (with its compound modifiers) and lemmatised
    ``lemma``: the longest entry the compound ends with, else the lemma's own."""
    lex = lexicon()
    compound = unicodedata.normalize("NFKC", compound)
    best: JaEntry | None = None
    for i in range(len(compound)):
        e = lex.get(compound[i:])
        if e is not None:
            best = e
            break
    if best is None:
        best = lex.get(unicodedata.normalize("NFKC", lemma))
    if best is not None and any(compound.endswith(s + best.word) or compound.startswith(s) for s in best.stop):
        return None
    return best
