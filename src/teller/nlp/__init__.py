"""The one shared spaCy pipeline, loaded once per process.

Every stage that needs linguistic analysis takes a ``spacy.tokens.Doc`` made here, so the text is
parsed once. The model is a setting (``TELLER_SPACY_MODEL``) so users can swap in a larger one.

The parse is most of ``teller run``'s time, so the loaded pipeline is tuned without changing its
output: the stock ``attribute_ruler`` is replaced by :mod:`teller.nlp.attribute_ruler`, which
applies the same rules with a cached lookup instead of the general Matcher (identical POS,
morphology and lemmas; about a sixth less parse time), the rule lemmatizer is fronted by a
per-word-form memo (:mod:`teller.nlp.lemmatizer`, same lemmas); and when OpenBLAS runs single-threaded
(``teller run`` sets that up), the networks' matrix products go through numpy instead of BLIS
(:mod:`teller.nlp.blas`; about a tenth less). Every component stays on: the stages read tags,
POS, lemmas, dependencies, sentences and entities. In both modes a blank line ends a sentence
(:mod:`teller.nlp.paragraphs`), so a headline or date line is not parsed into the lead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from teller.config import Settings
from teller.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def get_nlp(model: str | None = None, *, fast: bool = True) -> Language:
    """The pipeline named by ``model`` (the ``TELLER_SPACY_MODEL`` setting, which
    ``teller.Pipeline`` passes; default: the documented default), loaded once per process.

    ``fast=False`` keeps spaCy's stock components (for comparing outputs). The cache is keyed by
    the resolved name, so ``get_nlp()`` and ``get_nlp(None)`` share one pipeline (~400 MB).
    """
    return _load(model or Settings.defaults().spacy_model, fast)


@functools.lru_cache(maxsize=4)
def _load(name: str, fast: bool) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ConfigError(
            f"cannot load spaCy model {name!r} ({err}); run scripts/setup.sh or set TELLER_SPACY_MODEL"
        ) from err
    from teller.nlp.paragraphs import install as install_paragraph_breaks

    install_paragraph_breaks(nlp)  # a correction, not a speed-up: on in both modes
    if fast:
        from teller.nlp.attribute_ruler import install
        from teller.nlp.blas import use_fast_gemm
        from teller.nlp.lemmatizer import install as install_lemmatizer

        install(nlp)
        install_lemmatizer(nlp)
        use_fast_gemm(nlp)
    return nlp


def parse(text: str, model: str | None = None) -> Doc:
    return get_nlp(model)(text)


def parse_many(texts: Iterable[str], model: str | None = None, batch_size: int = 32) -> Iterator[Doc]:
    yield from get_nlp(model).pipe(texts, batch_size=batch_size)
