"""events: an index in the listing order (visible events, newest day first, undated last, id)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

The pages, the API and the exports list ``WHERE superseded_by IS NULL ORDER BY date_first_day DESC
NULLS LAST, id``; without this index every visible event is sorted for each page (a temporary
B-tree in SQLite's plan, a Sort in PostgreSQL's); with it a page is read off the index and
filtered listings (country, dates) stop early. One shape per planner:
- SQLite: ``(superseded_by, date_first_day DESC, id)``. It orders by an index after an ``IS NULL``
  prefix, and without ANALYZE statistics it prefers ix_events_superseded_by to a partial index.
  It puts NULLs last in DESC already and rejects NULLS LAST in an index.
- PostgreSQL: ``(date_first_day DESC NULLS LAST, id) WHERE superseded_by IS NULL``. It cannot order
  by an index after an ``IS NULL`` prefix, and puts NULLs first in DESC unless told.
Frozen: a revision never imports teller.store.models (the models move on; this step does not).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.create_index("ix_events_listing", "events", ["superseded_by", sa.text("date_first_day DESC"), "id"])
    elif dialect == "postgresql":
        op.create_index("ix_events_listing", "events", [sa.text("date_first_day DESC NULLS LAST"), "id"],
                        postgresql_where=sa.text("superseded_by IS NULL"))
    # other backends: the models make no such index either


def downgrade() -> None:
    if op.get_context().dialect.name in ("sqlite", "postgresql"):
        op.drop_index("ix_events_listing", table_name="events")
