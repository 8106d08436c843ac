"""A cheap language guess: writing system first, then the share of function words.

Teller's stages are built for English; the other stages only need to know "English or not"
(and which language, when it is cheap to tell). A stopword ratio over the first few thousand
characters does that in microseconds, with no model to load; language-identification
libraries (langid, fastText) would add a dependency and a model for no gain here.
Codes are ISO 639-1; ``None`` when there is too little text to tell, ``"und"`` when the
text is Latin-script but none of the known languages.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE = 2500
_MIN_WORDS = 8
_MIN_RATIO = 0.12
_WORD = re.compile(r"[^\W\d_]+")

_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in a is that for on with as was by it at from he said his be are has have "
              "an which who were this not but they their had been will its would she her after also",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es "
              "an werden aus er hat dass sie nach wird bei einer um am sind noch wie",
        "fr": "le la les de des et en un une du est que qui dans pour pas sur au par plus avec il ne se "
              "ce sont a été aux elle son sa ses mais ou",
        "es": "el la los las de del y en un una que es por con para se no al lo como su sus más pero "
              "fue ha este esta son entre",
        "it": "il lo la gli le di del della e un una che è per non con si da al alla dei nel sono ma "
              "come anche più questo",
        "pt": "o a os as de do da dos das e em um uma que é para com não no na por se ao mais foi "
              "como mas seu sua",
        "nl": "de het een en van in is dat op te zijn voor met die niet aan er als ook door maar om "
              "bij dan wordt naar",
        "id": "yang dan di dengan untuk dari ini itu dalam tidak akan pada juga ke ada oleh adalah "
              "karena atau mereka",
    }.items()
}

#: (first, last code point, language) for scripts that (nearly) name one language.
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x3040, 0x30FF, "ja"), (0xAC00, 0xD7AF, "ko"), (0x1100, 0x11FF, "ko"), (0x4E00, 0x9FFF, "zh"),
    (0x0400, 0x04FF, "ru"), (0x0600, 0x06FF, "ar"), (0x0590, 0x05FF, "he"), (0x0370, 0x03FF, "el"),
    (0x0900, 0x097F, "hi"), (0x0E00, 0x0E7F, "th"),
)


_LETTER = re.compile(r"[^\W\d_]")
_SCRIPT_RES: dict[str, re.Pattern[str]] = {}
for _lo, _hi, _lang in _SCRIPTS:
    _SCRIPT_RES[_lang] = re.compile(
        (_SCRIPT_RES[_lang].pattern + "|" if _lang in _SCRIPT_RES else "") + f"[\\u{_lo:04x}-\\u{_hi:04x}]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (see module doc for the method and its limits)."""
    sample = text[:_SAMPLE]
    by_script = _script_language(sample)
    if by_script:
        return by_script
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    counts = Counter(words)
    best, best_ratio = "und", 0.0
    for lang, stop in _STOPWORDS.items():
        ratio = sum(counts[w] for w in stop if w in counts) / len(words)
        if ratio > best_ratio:
            best, best_ratio = lang, ratio
    return best if best_ratio >= _MIN_RATIO else "und"


def _script_language(sample: str) -> str | None:
    if sample.isascii():  # the common case costs one C call
        return None
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    counts = {lang: len(rx.findall(sample)) for lang, rx in _SCRIPT_RES.items()}
    # Japanese mixes kanji with kana: any real share of kana makes it Japanese.
    if counts["ja"] > 0.1 * letters:
        return "ja"
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    return lang if n > 0.5 * letters else None
