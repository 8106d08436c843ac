"""Errors users see, each with a short code they can search for (spaCy-style)."""

from __future__ import annotations


class TellerError(Exception):
    """Base class: ``str(err)`` is one clear line for the user."""

    code = "T000"

    def __init__(self, message: str, *, item: str | None = None) -> None:
        self.message = message
        self.item = item
        super().__init__(f"[{self.code}] {item + ': ' if item else ''}{message}")


class InputError(TellerError):
    """One input item cannot be read or understood; the batch goes on without it."""

    code = "T100"


class FetchError(InputError):
    code = "T101"


class ConfigError(TellerError):
    code = "T200"


class DataError(TellerError):
    """A data file (knowledge base, dictionary, gold file) is malformed."""

    code = "T300"
