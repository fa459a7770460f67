"""Idempotency keys: a mutating call replayed with the same request id gives the same answer, never a second row.

Each service keeps a table of keys; a key remembers which method it was used for, a fingerprint of the
request body and a reference to what the first call produced. The key row is written in the same
transaction as the effect, so a crash cannot leave one without the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Column, DateTime, MetaData, String, Table, bindparam, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from tereze.db import Database
from tereze.errors import Conflict, DomainError
from tereze.timeutil import utcnow

T = TypeVar("T")


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("key", String(200), primary_key=True),
        Column("method", String(100), nullable=False),
        Column("fingerprint", String(64), nullable=False),
        Column("ref", String(100), nullable=False),
        Column("created_at", DateTime, nullable=False),
    )


class IdempotencyKeys:
    def __init__(self, db: Database, table: Table):
        self.db = db
        self.table = table
        # Built once: SQLAlchemy then reuses their compiled form (building a statement per call cost half
        # of its execution).
        self._select = select(table).where(table.c.key == bindparam("lookup_key"))
        self._insert = insert(table)

    def lookup(self, session: Connection, key: str, method: str, fp: str) -> str | None:
        row = session.execute(self._select, {"lookup_key": key}).first()
        if row is None:
            return None
        if row.method != method or row.fingerprint != fp:
            raise Conflict(f"request id {key!r} was already used for a different request")
        return row.ref

    def run(
        self,
        key: str,
        method: str,
        fp: str,
        work: Callable[[Connection], T],
        replay: Callable[[Connection, str], T],
        ref_of: Callable[[T], str],
    ) -> T:
        """Do `work` once per key; later calls with the key get `replay(ref)` of the first result.

        Optimistic: a key is almost always new (a replay is a retry after a lost answer or a redelivered
        message), so `work` runs without looking the key up first and the key's insert decides — one
        statement per call instead of two. When the key was there, the insert fails and the transaction
        (with what `work` did) rolls back; so does a `work` that refuses because the first call already
        changed the state (handed over twice, say). Either way the key is then looked up and the first
        call's answer replayed, or the refusal stands if there is no key.
        """
        try:
            with self.db.transaction() as session:
                result = work(session)
                session.execute(self._insert, {"key": key, "method": method, "fingerprint": fp,
                                               "ref": ref_of(result), "created_at": utcnow()})
                return result
        except (IntegrityError, DomainError):
            # The key was used before (or a concurrent call with it committed first): answer as it did.
            with self.db.read() as session:
                ref = self.lookup(session, key, method, fp)
                if ref is None:
                    raise
                return replay(session, ref)
