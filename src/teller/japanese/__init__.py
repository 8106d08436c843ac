"""teller.japanese: Japanese articles read natively (GiNZA), coded into the same records.

An article identified as Japanese (``teller.languages.is_japanese``: GiNZA installed) is parsed
by GiNZA instead of the English model and goes through this package's stages, which mirror the
English ones and end in the same records: ``published`` (the publication time from Japanese
date lines), ``timex`` (Japanese time expressions -> TIMEX3 through the English anchoring),
``actors`` (mentions resolved with the KB's Japanese aliases), ``events`` (PLOVER events from
predicates, event nouns and case particles, ``lexicon_ja.tsv``). Verification, highlights,
briefs, storage and story merging are the shared ones. See docs/japanese.md.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from teller.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language


def get_ja_nlp(model: str = "ja_ginza") -> Language:
    """The GiNZA pipeline ``model`` (the ``TELLER_JA_MODEL`` setting), loaded once per process."""
    return _load(model)


@functools.lru_cache(maxsize=2)
def _load(name: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as err:
        raise ConfigError(
            f"cannot load the Japanese model {name!r} ({err}); install it with pip install 'teller[ja]' "
            "(or scripts/setup.sh), or set TELLER_JA_MODEL") from err
    from teller.nlp.blas import use_fast_gemm

    # the same products through numpy as the English model (when OpenBLAS runs single-threaded):
    # GiNZA's tok2vec is most of its time and this halves it, with identical parses and entities
    use_fast_gemm(nlp)
    return nlp
