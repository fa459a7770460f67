"""Benefits' tables: claims (case files) with their history, enrolments, payroll lines, and the local
reference data of the Social Fund and the unemployment register adapters."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, MetaData, String, Table, UniqueConstraint

from tereze.casework import case_tables
from tereze.idempotency import idempotency_table
from tereze.outbox import outbox_table

metadata = MetaData()

claims, claim_history = case_tables(metadata)
outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)

enrolments = Table(
    "enrolments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("application_id", String(36), nullable=False, unique=True),
    Column("case_id", String(36), nullable=False),
    Column("service", String(40), nullable=False),
    Column("office", String(40), nullable=False),
    Column("pin", String(14), nullable=False, index=True),
    Column("recipient", String(300), nullable=False, default=""),
    Column("tracking_number", String(20), nullable=False, default=""),
    Column("channel", String(20), nullable=False, default="post_office"),
    Column("monthly_amount", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("status", String(12), nullable=False),  # active | ended
    Column("created_at", DateTime, nullable=False),
)
Index("ix_enrolments_office_valid", enrolments.c.office, enrolments.c.valid_from)

payroll_lines = Table(
    "payroll_lines",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("enrolment_id", String(36), nullable=False),
    Column("application_id", String(36), nullable=False),
    Column("office", String(40), nullable=False),
    Column("month", String(7), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("status", String(10), nullable=False),  # pending | paid | not_paid
    Column("marked_by", String(80), nullable=False, default=""),
    Column("marked_at", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("enrolment_id", "month", name="uq_payroll_lines_enrolment_month"),
)
Index("ix_payroll_lines_office_month", payroll_lines.c.office, payroll_lines.c.month)

# The local reference implementation of another agency's register (Social Fund, unemployment register):
# small deterministic data, one fact per row, used when the adapter is `local`.
agency_records = Table(
    "agency_records",
    metadata,
    Column("source", String(40), primary_key=True),
    Column("pin", String(14), primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", String(100), nullable=False),
)
