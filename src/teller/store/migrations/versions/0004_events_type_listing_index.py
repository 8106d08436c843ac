"""events: an index in the listing order per event type (the list filtered by ``event=``)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

``/api/events?event=CONSULT`` (and the feed, and the exports) list one PLOVER type in the listing
order. With only ix_events_listing the planner walks every visible event in order and drops the
other fifteen types (about 19 rows read per row kept); with the type in front it reads that
type's events in order and stops after a page. Same two shapes as 0002, for the same reasons:
- SQLite: ``(event, superseded_by, date_first_day DESC, id)``.
- PostgreSQL: ``(event, date_first_day DESC NULLS LAST, id) WHERE superseded_by IS NULL``.
Frozen: a revision never imports teller.store.models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.create_index("ix_events_type_listing", "events",
                        ["event", "superseded_by", sa.text("date_first_day DESC"), "id"])
    elif dialect == "postgresql":
        op.create_index("ix_events_type_listing", "events",
                        ["event", sa.text("date_first_day DESC NULLS LAST"), "id"],
                        postgresql_where=sa.text("superseded_by IS NULL"))


def downgrade() -> None:
    if op.get_context().dialect.name in ("sqlite", "postgresql"):
        op.drop_index("ix_events_type_listing", table_name="events")
