"""teller.store: articles, events, flags and evidence in SQLite (default) or PostgreSQL.

``Store(url).save(analysis)`` stores one article's analysis in one transaction (idempotent: ids
are content hashes); ``events(...)``, ``event(id)``, ``article(id)``, ``analysis(id)`` and
``stats()`` serve the pages, the API and the exports. See ``docs/api.md`` for the schema.
"""

from teller.store.models import SCHEMA_VERSION
from teller.store.store import MAX_LIMIT, STATUSES, Store, StoreError, make_engine

__all__ = ["MAX_LIMIT", "SCHEMA_VERSION", "STATUSES", "Store", "StoreError", "make_engine"]
