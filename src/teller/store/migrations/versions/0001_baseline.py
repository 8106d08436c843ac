"""baseline: the schema teller wrote before Alembic (schema_version 1)

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-03

Equal to what ``Base.metadata.create_all`` made before teller used Alembic (schema_version 1):
``Store`` stamps such a database with this revision without touching it.
Frozen: a revision never imports teller.store.models (the models move on; this step does not).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'actors',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('country', sa.String(length=3), nullable=True),
        sa.Column('role', sa.Text(), nullable=True),
        sa.Column('sector', sa.String(length=20), nullable=True),
        sa.Column('cameo', sa.String(length=40), nullable=True),
        sa.Column('gender', sa.String(length=10), nullable=True),
        sa.Column('role_start', sa.String(length=40), nullable=True),
        sa.Column('role_end', sa.String(length=40), nullable=True),
        sa.Column('aliases', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_actors_country', 'actors', ['country'])

    op.create_table(
        'articles',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('url', sa.Text(), nullable=True),
        sa.Column('source', sa.String(length=200), nullable=True),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('published', sa.String(length=40), nullable=True),
        sa.Column('published_tz_known', sa.Boolean(), nullable=False),
        sa.Column('language', sa.String(length=20), nullable=True),
        sa.Column('fetched', sa.String(length=40), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('repeats', sa.JSON(), nullable=False),
        sa.Column('quality', sa.Integer(), nullable=True),
        sa.Column('stored', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_table(
        'duplicates',
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('original_id', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('article_id')
    )
    op.create_index('ix_duplicates_original_id', 'duplicates', ['original_id'])

    op.create_table(
        'events',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('event', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('mode', sa.String(length=40), nullable=True),
        sa.Column('context', sa.JSON(), nullable=False),
        sa.Column('quad_code', sa.Integer(), nullable=True),
        sa.Column('cameo', sa.String(length=20), nullable=True),
        sa.Column('date_value', sa.String(length=80), nullable=True),
        sa.Column('date_type', sa.String(length=10), nullable=True),
        sa.Column('date_text', sa.Text(), nullable=True),
        sa.Column('date_start', sa.String(length=40), nullable=True),
        sa.Column('date_end', sa.String(length=40), nullable=True),
        sa.Column('date_granularity', sa.String(length=20), nullable=True),
        sa.Column('date_tz', sa.String(length=64), nullable=True),
        sa.Column('date_anchor', sa.String(length=80), nullable=True),
        sa.Column('date_mod', sa.String(length=20), nullable=True),
        sa.Column('date_confidence', sa.Float(), nullable=True),
        sa.Column('date_evidence', sa.JSON(), nullable=True),
        sa.Column('date_reason', sa.Text(), nullable=True),
        sa.Column('date_first_day', sa.Date(), nullable=True),
        sa.Column('date_last_day', sa.Date(), nullable=True),
        sa.Column('event_loc', sa.JSON(), nullable=True),
        sa.Column('topics', sa.JSON(), nullable=False),
        sa.Column('event_text', sa.Text(), nullable=True),
        sa.Column('canonical', sa.Boolean(), nullable=False),
        sa.Column('superseded_by', sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_events_days', 'events', ['date_first_day', 'date_last_day'])
    op.create_index('ix_events_event', 'events', ['event'])
    op.create_index('ix_events_status', 'events', ['status'])
    op.create_index('ix_events_superseded_by', 'events', ['superseded_by'])

    op.create_table(
        'schema_version',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('applied', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('version')
    )
    op.create_table(
        'stories',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('first_seen', sa.String(length=40), nullable=False),
        sa.Column('last_seen', sa.String(length=40), nullable=False),
        sa.Column('article_ids', sa.JSON(), nullable=False),
        sa.Column('event_ids', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_table(
        'story_state',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('state', sa.JSON(), nullable=False),
        sa.Column('updated', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('key')
    )
    op.create_table(
        'briefs',
        sa.Column('event_id', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table(
        'event_actors',
        sa.Column('event_id', sa.String(length=40), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.String(length=40), nullable=False),
        sa.CheckConstraint("role IN ('actor', 'recipient')", name='ck_event_actors_role'),
        sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], ),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'role', 'position')
    )
    op.create_index('ix_event_actors_actor_id', 'event_actors', ['actor_id'])

    op.create_table(
        'event_articles',
        sa.Column('event_id', sa.String(length=40), nullable=False),
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'article_id')
    )
    op.create_index('ix_event_articles_article_id', 'event_articles', ['article_id'])

    op.create_table(
        'flags',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.Column('severity', sa.String(length=10), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_flags_article_id', 'flags', ['article_id'])
    op.create_index('ix_flags_kind', 'flags', ['kind'])
    op.create_index('ix_flags_severity', 'flags', ['severity'])

    op.create_table(
        'highlights',
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', 'position')
    )
    op.create_table(
        'mentions',
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('actor_id', sa.String(length=40), nullable=True),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('members', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], ),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', 'position')
    )
    op.create_index('ix_mentions_actor_id', 'mentions', ['actor_id'])

    op.create_table(
        'timexes',
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('value', sa.String(length=80), nullable=False),
        sa.Column('type', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('start', sa.String(length=40), nullable=True),
        sa.Column('end', sa.String(length=40), nullable=True),
        sa.Column('granularity', sa.String(length=20), nullable=True),
        sa.Column('tz', sa.String(length=64), nullable=True),
        sa.Column('anchor', sa.String(length=80), nullable=True),
        sa.Column('mod', sa.String(length=20), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', 'position')
    )
    op.create_table(
        'evidence',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=40), nullable=True),
        sa.Column('flag_id', sa.String(length=40), nullable=True),
        sa.Column('article_id', sa.String(length=40), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.CheckConstraint('"start" >= 0 AND "end" >= "start"', name='ck_evidence_span'),
        sa.CheckConstraint('(event_id IS NULL) <> (flag_id IS NULL)', name='ck_evidence_owner'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_evidence_article_id', 'evidence', ['article_id'])
    op.create_index('ix_evidence_event_id', 'evidence', ['event_id'])
    op.create_index('ix_evidence_flag_id', 'evidence', ['flag_id'])


def downgrade() -> None:
    # Dropping a table drops its indexes; children before the tables they reference.
    for table in ('evidence', 'timexes', 'mentions', 'highlights', 'flags', 'event_articles', 'event_actors',
                  'briefs', 'story_state', 'stories', 'schema_version', 'events', 'duplicates', 'articles', 'actors'):
        op.drop_table(table)
