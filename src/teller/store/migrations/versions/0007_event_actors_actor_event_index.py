"""serving at scale: ix_event_actors_actor_event (dyads, actor pages, country filters) and
ix_articles_stored (searches for common words)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

A dyad page (``/dyads/JPN/CHN``), an actor page and the ``country=`` filter start from a side's few
actors and need their links' events and roles. With only ``ix_event_actors_actor_id`` every link
found meant a table read; PostgreSQL scanned all 200,000 links of a 100,000-event store instead
and probed one side's 8,000 links one by one for the other side (150 ms a dyad page). With the
event and role in the index both sides are index-only scans, hash-joined (14 ms).
``ix_articles_stored`` (stored, id): a search whose words occur in more than 10,000 articles lists
the newest stored first (a score says little there); PostgreSQL walks this index and tests each
article's text until a page is full (38 ms) instead of computing the text's ``tsvector`` and rank
for every match to sort them (3.2 s for a word in all 43,000 articles).
Frozen: a revision never imports teller.store.models.
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_actors_actor_event", "event_actors", ["actor_id", "event_id", "role"])
    op.create_index("ix_articles_stored", "articles", ["stored", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_stored", table_name="articles")
    op.drop_index("ix_event_actors_actor_event", table_name="event_actors")
