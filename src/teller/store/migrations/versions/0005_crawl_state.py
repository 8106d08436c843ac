"""crawl state of teller watch: URLs seen with their validators, per-host backoff and robots, polls

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

``teller watch`` polls feeds and sitemaps for months; what it has seen (and when, with which
ETag/Last-Modified), which hosts asked it to back off, and each poll's health must survive a
restart, so they live in the database beside the articles.
Frozen: a revision never imports teller.store.models (the models move on; this step does not).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'crawl_urls',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('first_seen', sa.String(length=40), nullable=False),
        sa.Column('last_fetched', sa.String(length=40), nullable=True),
        sa.Column('last_changed', sa.String(length=40), nullable=True),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('etag', sa.Text(), nullable=True),
        sa.Column('last_modified', sa.String(length=64), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('article_id', sa.String(length=40), nullable=True),
        sa.Column('fetches', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('retry_at', sa.String(length=40), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('parent', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_crawl_urls_host', 'crawl_urls', ['host'])
    op.create_index('ix_crawl_urls_state', 'crawl_urls', ['state'])
    op.create_table(
        'crawl_hosts',
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('retry_at', sa.String(length=40), nullable=True),
        sa.Column('robots', sa.Text(), nullable=True),
        sa.Column('robots_fetched', sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint('host')
    )
    op.create_table(
        'crawl_polls',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('started', sa.String(length=40), nullable=False),
        sa.Column('finished', sa.String(length=40), nullable=False),
        sa.Column('health', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('crawl_polls')
    op.drop_table('crawl_hosts')
    op.drop_index('ix_crawl_urls_state', table_name='crawl_urls')
    op.drop_index('ix_crawl_urls_host', table_name='crawl_urls')
    op.drop_table('crawl_urls')
