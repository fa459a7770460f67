"""Routing's tables: dispatch records (one per application) and deadline tracking."""

from sqlalchemy import Column, Date, DateTime, Index, MetaData, String, Table, Text

from tereze.idempotency import idempotency_table
from tereze.outbox import outbox_table

metadata = MetaData()

dispatches = Table(
    "dispatches",
    metadata,
    Column("application_id", String(36), primary_key=True),
    Column("tracking_number", String(20), nullable=False),
    Column("service", String(40), nullable=False),
    Column("office", String(40), nullable=False),
    Column("agency", String(40), nullable=False),
    Column("handled_by", String(20), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("state", String(20), nullable=False),  # dispatched | decided | withdrawn
    Column("outcome", String(10), nullable=False, default=""),
    Column("dispatched_at", DateTime, nullable=False),
    Column("decided_at", DateTime, nullable=True),
    Column("contact", Text, nullable=False),  # JSON: phone, email, language — to tell the citizen
)
Index("ix_dispatches_state_due", dispatches.c.state, dispatches.c.due_date)

# The deadline notices already sent to officers: one per case and threshold (deadline_near | deadline_passed).
deadline_notices = Table(
    "deadline_notices",
    metadata,
    Column("application_id", String(36), primary_key=True),
    Column("threshold", String(20), primary_key=True),
    Column("noticed_at", DateTime, nullable=False),
)

outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
