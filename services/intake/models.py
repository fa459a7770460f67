"""Intake's tables. Only storage (store.py) and migrations use them."""

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

from tereze.idempotency import idempotency_table
from tereze.outbox import outbox_table

metadata = MetaData()

applications = Table(
    "applications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("tracking_number", String(20), nullable=False, unique=True),
    Column("service", String(40), nullable=False),
    Column("office", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("outcome", String(10), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("due_date", Date, nullable=True),
    Column("agency", String(40), nullable=False, default=""),
    Column("submitted_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("submitted_by", String(80), nullable=False),
    Column("applicant", Text, nullable=False),  # JSON
    Column("details", Text, nullable=False),  # JSON
    Column("documents", Text, nullable=False),  # JSON list of document codes
    Column("result", Text, nullable=False, default="{}"),  # JSON
    Column("assessment", Text, nullable=False, default="{}"),  # JSON
    Column("warnings", Text, nullable=False, default="[]"),  # JSON
    Column("precheck_pending", Integer, nullable=False, default=0),
    Column("rating", Integer, nullable=True),
    Column("trace_id", String(32), nullable=False, default=""),
    Column("applicant_pin", String(14), nullable=False),
)
Index("ix_applications_office_submitted", applications.c.office, applications.c.submitted_at, applications.c.id)
Index("ix_applications_status_submitted", applications.c.status, applications.c.submitted_at, applications.c.id)
Index("ix_applications_submitted", applications.c.submitted_at, applications.c.id)
# The clerk's office list by status and the officers' queues (service + status), newest first, keyset pages:
# without these PostgreSQL walks every row of a status to find one office's or one service's first page.
Index("ix_applications_office_status_submitted", applications.c.office, applications.c.status,
      applications.c.submitted_at, applications.c.id)
Index("ix_applications_service_status_submitted", applications.c.service, applications.c.status,
      applications.c.submitted_at, applications.c.id)
Index("ix_applications_applicant_pin", applications.c.applicant_pin)

status_history = Table(
    "status_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("application_id", String(36), ForeignKey("applications.id"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("by", String(80), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
