"""articles: translation_of, the article a translation renders (teller.compare.stored)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

A translated article names its source (the JSON Lines field ``translation_of``, or the page's
``<link rel="alternate" hreflang>``): a URL or an article id. Stored so that a source that arrives
in a later run still finds the translations waiting for it; indexed because that look-up is by
value. Frozen: a revision never imports teller.store.models (the models move on; this step does not).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, never a batch (copy-and-move) table rebuild: on SQLite, dropping the old
    # articles table would cascade to every article's mentions, flags and evidence.
    op.add_column("articles", sa.Column("translation_of", sa.Text(), nullable=True))
    op.create_index("ix_articles_translation_of", "articles", ["translation_of"])


def downgrade() -> None:
    op.drop_index("ix_articles_translation_of", table_name="articles")
    op.drop_column("articles", "translation_of")  # SQLite 3.35+ drops a column in place
