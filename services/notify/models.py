"""Notify's tables: the delivery log."""

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from tereze.idempotency import idempotency_table

metadata = MetaData()

notifications = Table(
    "notifications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("application_id", String(36), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("template", String(40), nullable=False),
    Column("language", String(2), nullable=False),
    Column("recipient", String(320), nullable=False),  # needed to deliver; never logged, masked in answers
    Column("body", Text, nullable=False),
    Column("status", String(10), nullable=False),  # queued | sent | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("provider", String(40), nullable=False, default=""),
    Column("last_error", String(300), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime, nullable=True),
    UniqueConstraint("event_id", "channel", name="uq_notifications_event_channel"),
)
Index("ix_notifications_application", notifications.c.application_id, notifications.c.created_at)

idempotency_keys = idempotency_table(metadata)
