"""A faster front for spaCy's rule lemmatizer: the same lemmas, looked up once per word form.

spaCy's ``Lemmatizer`` in ``rule`` mode visits every token in Python, builds a cache key and
asks its rule tables, about 3 ms per 600-word article here. Its result is a pure function of
the token's form, POS and morphology (exactly the key spaCy caches by; base forms, which
spaCy does not cache, depend on POS and morphology only). So this component reads those three
numbers for the whole document at once (``Doc.to_array``), remembers the lemma per key, and asks
the stock lemmatizer only for keys it has not seen. Tokens that already have a lemma (set by the
attribute ruler) are left alone, as spaCy does unless ``overwrite`` is set.

Only the English rule lemmatizer is fronted (its ``is_base_form`` is known to read POS and
morphology only); any other lemmatizer stays as it is: :func:`install` returns False.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MAX_MEMO = 500_000  # distinct (form, POS, morphology) keys before the memo starts afresh


class FastLemmatizer:
    """Memoised per-key lemmas in front of a stock ``EnglishLemmatizer`` (see the module doc)."""

    def __init__(self, stock: EnglishLemmatizer | None = None, name: str = "lemmatizer") -> None:
        self.stock = stock
        self.name = name
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        stock = self.stock
        if stock is None or not len(doc):
            return doc if stock is None else stock(doc)
        strings = doc.vocab.strings
        memo = self._memo
        overwrite = stock.overwrite
        rows: list[list[int]] = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                token = doc[i]
                found = strings.add(stock.lemmatize(token)[0])
                if pos:  # no POS: spaCy warns each time (W108); let it
                    if len(memo) >= _MAX_MEMO:
                        memo.clear()
                    memo[key] = found
                token.lemma = found
            else:
                doc[i].lemma = found
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    # spaCy asks components for these when it serialises or scores a pipeline
    def __getattr__(self, attr: str) -> Any:
        stock = self.__dict__.get("stock")
        if stock is None:
            raise AttributeError(attr)
        return getattr(stock, attr)


@Language.factory("teller_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(None, name)


def install(nlp: Language, name: str = "lemmatizer") -> bool:
    """Front the pipeline's English rule lemmatizer; False (nothing changed) for any other kind."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if isinstance(stock, FastLemmatizer):
        return True
    if type(stock) is not EnglishLemmatizer or getattr(stock, "mode", None) != "rule":
        return False
    if not getattr(stock, "_validated", True):  # what the stock __call__ does on its first doc
        stock._validate_tables()
    fast = nlp.replace_pipe(name, "teller_lemmatizer")
    fast.stock = stock  # type: ignore[attr-defined]
    return True
