"""Which languages teller codes events in.

Every stage may ask (the pipeline chooses the parser and the coder, ``verify`` flags the article),
so this lives on its own, away from the identifier in ``teller.extract.language`` and its model.
"""

from __future__ import annotations

import functools
import importlib.util

#: Languages whose events teller codes (ISO 639-1). English always; Japanese when its optional
#: model is installed (``pip install teller[ja]``: GiNZA, docs/japanese.md). The rest are stored
#: and shown with an ``unsupported_language`` flag and no events.
CODED_LANGUAGES: frozenset[str] = frozenset({"en", "ja"})

#: Languages read through an optional package: coded only when that package can be imported.
OPTIONAL_PACKAGES: dict[str, str] = {"ja": "ginza"}


def primary(language: str | None) -> str:
    """The ISO 639-1 part of a language tag (``"ja-JP"`` -> ``"ja"``; ``""`` when unknown)."""
    return (language or "").split("-")[0].lower()


@functools.cache
def installed(language: str) -> bool:
    """Whether the optional package that reads ``language`` is installed (True when none is needed)."""
    package = OPTIONAL_PACKAGES.get(language)
    return package is None or importlib.util.find_spec(package) is not None


def is_japanese(language: str | None) -> bool:
    """Whether an article identified as ``language`` is read by the Japanese path (GiNZA installed)."""
    return primary(language) == "ja" and installed("ja")


def is_coded(language: str | None) -> bool:
    """Whether teller codes events in ``language`` (``"en"``, ``"en-GB"``, ``"ja"`` with GiNZA
    installed); an unknown language (``None``, ``"und"``: too little text to tell) is taken for
    English."""
    code = primary(language)
    return code in ("", "und") or (code in CODED_LANGUAGES and installed(code))
