"""Text embeddings for story clustering: wordllama (static token embeddings, numpy only, no torch).

The weights ship inside the wordllama package (``l2_supercat_256``); we load them from there with
downloads disabled, once per process, and truncate to ``DIM`` dimensions (Matryoshka-trained, so
the first dimensions carry most of the meaning) to keep a million articles' vectors small.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from teller.errors import ConfigError

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


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (a zero row for an empty text)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = np.asarray(model().embed(texts, norm=False), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
