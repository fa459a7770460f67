"""Benefits' tables: claims (case files) with their history."""

from sqlalchemy import MetaData

from tereze.casework import case_tables
from tereze.idempotency import idempotency_table
from tereze.outbox import outbox_table

metadata = MetaData()

claims, claim_history = case_tables(metadata)
outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
