"""Which languages teller codes events in.

Every stage may ask (the pipeline skips the event coder, ``verify`` flags the article), so this
lives on its own, away from the identifier in ``teller.extract.language`` and its model.
"""

from __future__ import annotations

#: Languages whose events teller codes (ISO 639-1). Japanese is planned (GiNZA); until then the
#: rest are stored and shown with an ``unsupported_language`` flag and no events.
CODED_LANGUAGES: frozenset[str] = frozenset({"en"})


def is_coded(language: str | None) -> bool:
    """Whether teller codes events in ``language`` (``"en"``, ``"en-GB"``); an unknown language
    (``None``, ``"und"``: too little text to tell) is taken for English."""
    primary = (language or "").split("-")[0].lower()
    return primary in ("", "und") or primary in CODED_LANGUAGES
