"""outbox: partial indexes for due and for delivered rows

Revision ID: dc99e58d6a7d
Revises: 02b49dd773da
Create Date: 2026-12-07 16:30:00
"""
from alembic import op

from tereze.migrations import outbox_partial_indexes_downgrade, outbox_partial_indexes_upgrade

revision = 'dc99e58d6a7d'
down_revision = '02b49dd773da'
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_partial_indexes_upgrade(op)


def downgrade() -> None:
    outbox_partial_indexes_downgrade(op)
