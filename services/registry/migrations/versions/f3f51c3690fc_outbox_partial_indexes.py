"""outbox: partial indexes for due and for delivered rows

Revision ID: f3f51c3690fc
Revises: 4b4c230f03f6
Create Date: 2026-12-07 16:30:00
"""
from alembic import op

from tereze.migrations import outbox_partial_indexes_downgrade, outbox_partial_indexes_upgrade

revision = 'f3f51c3690fc'
down_revision = '4b4c230f03f6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_partial_indexes_upgrade(op)


def downgrade() -> None:
    outbox_partial_indexes_downgrade(op)
