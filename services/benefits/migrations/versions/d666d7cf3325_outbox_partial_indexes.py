"""outbox: partial indexes for due and for delivered rows

Revision ID: d666d7cf3325
Revises: 26e11a2d147f
Create Date: 2026-12-07 16:30:00
"""
from alembic import op

from tereze.migrations import outbox_partial_indexes_downgrade, outbox_partial_indexes_upgrade

revision = 'd666d7cf3325'
down_revision = '26e11a2d147f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_partial_indexes_upgrade(op)


def downgrade() -> None:
    outbox_partial_indexes_downgrade(op)
