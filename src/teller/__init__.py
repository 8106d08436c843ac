"""teller: who did what to whom, when and where, from international news.

The front door::

    import teller
    analysis = teller.process("article.html", published="2023-09-14T09:00:00+09:00")
    for event in analysis.events: ...

``teller.Pipeline`` holds the spaCy pipeline, the knowledge base and the settings for many
calls. The names below load on first use, so ``import teller`` stays cheap (no spaCy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Article", "InputError", "KnowledgeBase", "Pipeline", "RawDocument", "Settings",
    "TellerError", "__version__", "process", "process_many",
]

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase
    from teller.config import Settings
    from teller.errors import InputError, TellerError
    from teller.ingest import RawDocument
    from teller.pipeline import Pipeline, Source
    from teller.records import Analysis, Article

#: public name -> module it lives in (imported on first access, PEP 562)
_LAZY = {
    "Analysis": "teller.records", "Article": "teller.records", "InputError": "teller.errors",
    "TellerError": "teller.errors", "KnowledgeBase": "teller.actors", "Pipeline": "teller.pipeline",
    "RawDocument": "teller.ingest", "Settings": "teller.config",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'teller' has no attribute {name!r}")


def process(source: Source, *, published: str | None = None, kb: KnowledgeBase | None = None,
            settings: Settings | None = None) -> Analysis:
    """Analyse one article: its text, a file path, a URL, a ``RawDocument`` or an ``Article``.

    ``published`` (ISO 8601) overrides the publication time the document states; ``kb`` is the
    actor knowledge base (default: the shipped one plus ``TELLER_ACTORS_PATH``); ``settings``
    default to the environment (``Settings.from_env()``). Raises ``TellerError`` with one line
    saying why an article cannot be analysed.
    """
    from teller.pipeline import Pipeline

    return Pipeline(kb=kb, settings=settings).process(source, published=published)


def process_many(sources: Iterable[Source], *, kb: KnowledgeBase | None = None,
                 settings: Settings | None = None, workers: int = 1) -> Iterator[Analysis | TellerError]:
    """Analyse many articles (each as :func:`process` takes it), parsing in batches. Analyses
    come out in input order; an article that cannot be read or analysed comes out as a
    ``TellerError`` as soon as it is found, and the rest go on."""
    from teller.pipeline import Pipeline

    pipe = Pipeline(kb=kb, settings=settings)
    return pipe.process_many(_read_each(pipe, sources), workers=workers)


def _read_each(pipe: Pipeline, sources: Iterable[Source]) -> Iterator[Any]:
    from teller.errors import TellerError

    for source in sources:
        try:
            yield pipe.read(source)
        except TellerError as err:
            yield err
