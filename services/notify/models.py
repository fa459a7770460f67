"""Notify's tables: the delivery log (one row per message and channel) and the in-app notices for staff."""

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
    Column("subject", String(300), nullable=True),  # e-mail only
    # While queued: not before then (backoff after a failure, the recipient's rate limit, a worker's lease).
    Column("available_at", DateTime, nullable=True),
    Column("headers", Text, nullable=True),  # W3C trace context of the Send that queued it
    UniqueConstraint("event_id", "channel", name="uq_notifications_event_channel"),
)
Index("ix_notifications_application", notifications.c.application_id, notifications.c.created_at)
Index("ix_notifications_due", notifications.c.status, notifications.c.available_at)
Index("ix_notifications_recipient_sent", notifications.c.recipient, notifications.c.sent_at)

notices = Table(
    "notices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(200), nullable=False, unique=True),
    Column("template", String(40), nullable=False),
    Column("role", String(20), nullable=False),  # clerk | registrar | inspector
    Column("office", String(40), nullable=False),
    Column("application_id", String(36), nullable=False),
    Column("params", Text, nullable=False),  # JSON; rendered in the reader's language
    Column("created_at", DateTime, nullable=False),
    Column("read_at", DateTime, nullable=True),
    Column("read_by", String(100), nullable=True),
)
Index("ix_notices_audience", notices.c.role, notices.c.office, notices.c.created_at)

idempotency_keys = idempotency_table(metadata)
