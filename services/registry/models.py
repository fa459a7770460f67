"""Registry's tables: the population register, cases with their history, act records, certificates, counters."""

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from tereze.casework import case_tables
from tereze.idempotency import idempotency_table
from tereze.outbox import outbox_table

metadata = MetaData()

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pin", String(14), nullable=False, index=True),  # indexed, not unique: the register has duplicates
    Column("surname", String(100), nullable=False),
    Column("given_name", String(100), nullable=False),
    Column("patronymic", String(100), nullable=False, default=""),
    Column("birth_date", Date, nullable=False),
    Column("sex", String(6), nullable=False),
    Column("marital_status", String(10), nullable=False, default="single"),
    Column("mother_pin", String(14), nullable=True, index=True),
    Column("father_pin", String(14), nullable=True),
    Column("spouse_pin", String(14), nullable=True),
    Column("source", String(30), nullable=False),  # register | window_document | birth_registration
    Column("village", String(40), nullable=True),  # where the register places the person (office id)
    Column("created_at", DateTime, nullable=False),
)

cases, case_history = case_tables(metadata)

act_records = Table(
    "act_records",
    metadata,
    Column("number", String(40), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("office", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("application_id", String(36), nullable=False),
    Column("registered_on", Date, nullable=False),
    UniqueConstraint("kind", "office", "year", "seq", name="uq_act_records_seq"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("number", String(40), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("act_record_number", String(40), ForeignKey("act_records.number"), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("shows", Text, nullable=False),  # JSON: what the certificate itself shows
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(60), primary_key=True),
    Column("value", Integer, nullable=False),
)

outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
