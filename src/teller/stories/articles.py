"""The article entries of ``StoryIndex`` and the pure helpers around them: text features
(MinHash signature and embedding, computable in any process), chunks of a stream, groups of a
union-find, and compact publication times (a million ISO strings cost 70 MB)."""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

import numpy as np

from teller.records import Analysis
from teller.stories import dedup, embed, merge
from teller.stories.codec import parse_instant


@dataclass(slots=True)
class Art:
    id: str
    published: float
    iso: str | tzinfo | None  # Article.published, or its zone when that rebuilds it (``published_iso``)
    source: str
    title: str
    slot: int
    entities: tuple[str, ...]  # sorted
    keys: tuple[str, ...]
    timeless: bool = False  # no publication time and no dated event: ``published`` is a mere 0


def chunks(items: Iterable[Analysis], size: int) -> Iterator[list[Analysis]]:
    chunk: list[Analysis] = []
    for a in items:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def texts(analysis: Analysis) -> tuple[str, str]:
    """(the text copies are found in, the text the story embedding is made of)."""
    return analysis.article.text, embed.story_text(analysis)


def features(texts: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures and embeddings of (text, story text) pairs (``texts``): pure, so any
    process may do it."""
    sigs = np.stack([dedup.signature(text) for text, _ in texts])
    vecs = embed.embed([story for _, story in texts])
    return sigs, vecs.astype(np.float16)


def groups(uf: merge.UnionFind, arts: dict[str, Art]) -> list[list[str]]:
    """Components as lists ordered by (published, id); the first member names the group."""
    comps: dict[str, list[str]] = defaultdict(list)
    for aid in arts:
        comps[uf.find(aid)].append(aid)
    return [sorted(m, key=lambda i: (arts[i].published, i)) for m in comps.values()]


def iso_of(a: Art) -> str:
    return published_iso(a) or datetime.fromtimestamp(a.published, tz=UTC).isoformat()


_ZONES: dict[tzinfo, tzinfo] = {}


def compact_iso(published: float, iso: str | None) -> str | tzinfo | None:
    """The publication time string, or just its zone (one object per zone) when the zone and the
    epoch seconds give that very string back: a million ISO strings cost 70 MB."""
    if not iso:
        return iso
    dt = parse_instant(iso)
    if dt is None or dt.tzinfo is None or datetime.fromtimestamp(published, dt.tzinfo).isoformat() != iso:
        return iso
    return _ZONES.setdefault(dt.tzinfo, dt.tzinfo)


def published_iso(a: Art) -> str | None:
    iso = a.iso
    return iso if iso is None or isinstance(iso, str) else datetime.fromtimestamp(a.published, iso).isoformat()


def b64(arr: np.ndarray) -> str:
    return base64.b64encode(arr.tobytes()).decode("ascii")
