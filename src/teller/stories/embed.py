"""Text embeddings for story clustering: wordllama (static token embeddings, numpy only, no torch).

The weights ship inside the wordllama package (``l2_supercat_256``); we load them from there with
downloads disabled, once per process, and truncate to ``DIM`` dimensions (Matryoshka-trained, so
the first dimensions carry most of the meaning) to keep a million articles' vectors small.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from teller.errors import ConfigError
from teller.languages import primary

if TYPE_CHECKING:
    from teller.records import Analysis

DIM = 128
#: Words of the body that join the title in an article's embedding: the lead says what the
#: article is about, and tokenising is the main cost of embedding.
LEAD_WORDS = 40


@lru_cache(maxsize=1)
def model() -> Any:
    """The wordllama model from the weights bundled with the package (no network)."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise ConfigError("wordllama is not installed") from err
    package = Path(wordllama.__file__).parent
    try:
        return WordLlama.load(cache_dir=package, disable_download=True, dim=256, trunc_dim=DIM)
    except FileNotFoundError as err:
        raise ConfigError(f"wordllama weights not found in {package}: {err}") from err


def article_text(title: str | None, text: str) -> str:
    lead = " ".join(text.split()[:LEAD_WORDS])
    return f"{title}. {lead}" if title else lead


def story_text(analysis: Analysis) -> str:
    """What an article's embedding is made of: its title and lead when it is written in English
    (or in no language identified), else its events' English briefs, in text order.

    The embedding model separates English texts; it does not separate Japanese ones (any two
    Japanese articles score a cosine near 0.9) and it does not match a Japanese article with an
    English one (near 0). The briefs say in English who did what, so a Japanese report of an
    event and an English one meet on them as two English reports would. A non-English article
    with no brief has nothing comparable: an empty text (a zero vector, no text link)."""
    art = analysis.article
    if primary(art.language) in ("", "und", "en"):
        return article_text(art.title, art.text)
    briefs = [analysis.briefs[e.id] for e in analysis.events if e.id in analysis.briefs]
    return article_text(None, " ".join(briefs)) if briefs else ""


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (a zero row for an empty text)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = np.asarray(model().embed(texts, norm=False), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
