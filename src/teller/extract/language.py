"""The language of an article, from py3langid's model.

py3langid (a maintained fork of langid.py) ships a naive Bayes model over byte n-grams; it tells
languages that share a script apart (German from English, Japanese from Chinese) where script
ranges cannot. Its model takes about two seconds to load, so it is loaded once, on first use.

Two choices keep it safe on news:

- The identifier is restricted to langid.py's original 97 languages. The fork's additions
  (Nigerian Pidgin, Bikol, Wu Chinese and others) are where short English and Chinese texts
  went astray on the article-extraction pages (a first sentence of English read as Pidgin).
- A verdict must be confident, with English favoured: teller reads English news, and a wrong
  "not English" costs the article its events while a wrong "English" codes nothing. So English
  needs a probability of 0.5, any other language 0.9, or 0.5 when English is all but ruled out
  (below 1e-4: Indonesian against Malay is a close call, English against either is not); below
  that (a headline, a name, a number) the language is ``None``: too little text to tell, and
  the article is coded as English.

Codes are ISO 639-1 (``"en"``, ``"de"``, ``"ja"``); which of them teller codes events in is
``teller.languages``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

#: Characters read: the first paragraphs tell the language; more only costs time.
_SAMPLE = 1000
#: Probability a verdict needs (py3langid's normalised probabilities, calibrated across lengths).
_MIN_ENGLISH = 0.5
_MIN_OTHER = 0.9
_MIN_OTHER_NOT_ENGLISH = 0.5
_ENGLISH_RULED_OUT = 1e-4


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    labels = ident.labels
    # langid.py's 97 languages come first, up to "zxx" (no linguistic content); the rest are the fork's.
    ident.set_languages(labels[: labels.index("zxx")])
    return ident


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or ``None`` when there is too little text to tell."""
    sample = text[:_SAMPLE]
    if not any(c.isalpha() for c in sample):
        return None
    ranked = _identifier().rank(sample)
    lang, prob = ranked[0]
    if lang == "en":
        return lang if prob >= _MIN_ENGLISH else None
    english = next(p for code, p in ranked if code == "en")
    floor = _MIN_OTHER_NOT_ENGLISH if english < _ENGLISH_RULED_OUT else _MIN_OTHER
    return lang if prob >= floor else None
