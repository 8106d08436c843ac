"""The normal form every actor name, alias and text span is compared by (shared by the
knowledge base, its gazetteer and the office-holder index)."""

from __future__ import annotations

import unicodedata


def norm(text: str) -> str:
    """The key every alias and every text span is compared by: NFKC, lower case, one space,
    typographic apostrophes and dashes made plain."""
    if text.isascii():
        return " ".join(text.split()).lower()
    t = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(t.split()).lower()


def fold(key: str) -> str:
    """``key`` without diacritics ("erdoğan" -> "erdogan", "yıldırım" -> "yildirim")."""
    if key.isascii():
        return key
    t = unicodedata.normalize("NFKD", key.replace("ı", "i"))
    return "".join(c for c in t if not unicodedata.combining(c))
