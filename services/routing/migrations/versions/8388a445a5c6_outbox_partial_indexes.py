"""outbox: partial indexes for due and for delivered rows

Revision ID: 8388a445a5c6
Revises: 0934a8818152
Create Date: 2026-12-07 16:30:00
"""
from alembic import op

from tereze.migrations import outbox_partial_indexes_downgrade, outbox_partial_indexes_upgrade

revision = '8388a445a5c6'
down_revision = '0934a8818152'
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_partial_indexes_upgrade(op)


def downgrade() -> None:
    outbox_partial_indexes_downgrade(op)
