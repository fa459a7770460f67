"""The transactional outbox and its relay.

A service that must tell another service something calls `Outbox.add(session, topic, payload)` inside the
transaction that makes the change, so the message exists exactly when the change does. The relay claims
due messages with a lease, delivers each through the handler registered for its topic (outside any
transaction, since delivery is a remote call), and marks it delivered in a new transaction, together with
whatever follow-up the handler asks to write. A crash between delivery and the mark means the message is
delivered again after the lease: receivers deduplicate by message id (it is the request id of the call).

The W3C trace context of the request that wrote a message travels with it, and the relay delivers it in a
span of that trace: one submission is one trace, including what is delivered after the response.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from tereze.db import Database
from tereze.errors import DomainError, Unavailable
from tereze.timeutil import utcnow

log = logging.getLogger("tereze.outbox")
tracer = trace.get_tracer("tereze.outbox")


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("topic", String(64), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", Text, nullable=False, default="{}"),
        Column("created_at", DateTime, nullable=False),
        Column("available_at", DateTime, nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("delivered_at", DateTime, nullable=True),
        Column("failed_at", DateTime, nullable=True),
        Column("last_error", String(300), nullable=True),
    )
    Index("ix_outbox_due", table.c.delivered_at, table.c.available_at)
    return table


@dataclass(frozen=True)
class Message:
    id: str
    topic: str
    payload: bytes
    attempts: int
    headers: str = "{}"


# A handler delivers one message (a remote call) and may return a follow-up to write, in the same
# transaction as the delivered mark (for example the next messages of a chain).
Handler = Callable[[Message], Callable[[Session], None] | None]


class Outbox:
    def __init__(self, db: Database, table: Table):
        self.db = db
        self.table = table

    def add(self, session: Session, topic: str, payload: bytes, delay: float = 0.0) -> str:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        message_id = str(uuid.uuid4())
        now = utcnow()
        session.execute(
            insert(self.table).values(
                id=message_id,
                topic=topic,
                payload=payload,
                headers=json.dumps(carrier),
                created_at=now,
                available_at=now + timedelta(seconds=delay),
                attempts=0,
            )
        )
        session.info["wake"] = True
        return message_id

    def pending(self) -> int:
        with self.db.transaction() as session:
            rows = session.execute(
                select(self.table.c.id).where(self.table.c.delivered_at.is_(None), self.table.c.failed_at.is_(None))
            ).all()
            return len(rows)


class Relay:
    """Delivers outbox messages with exponential backoff until they are acknowledged."""

    def __init__(
        self,
        outbox: Outbox,
        handlers: dict[str, Handler],
        *,
        interval: float = 1.0,
        batch: int = 50,
        lease: float = 30.0,
        base_backoff: float = 0.5,
        max_backoff: float = 60.0,
        max_attempts: int = 0,
        name: str = "relay",
    ):
        self.outbox = outbox
        self.table = outbox.table
        self.handlers = dict(handlers)
        self.interval = interval
        self.batch = batch
        self.lease = lease
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts  # 0: retry for ever (the default: nothing is given up)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        outbox.db.on_commit(self.wake)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                delivered = self.run_once()
            except Exception:
                log.exception("relay pass failed")
                delivered = 0
            if delivered == 0:
                self._wake.wait(self.interval)
                self._wake.clear()

    def _claim(self) -> list[Message]:
        now = utcnow()
        t = self.table
        with self.outbox.db.transaction() as session:
            query = (
                select(t.c.id, t.c.topic, t.c.payload, t.c.attempts, t.c.headers)
                .where(and_(t.c.delivered_at.is_(None), t.c.failed_at.is_(None), t.c.available_at <= now))
                .order_by(t.c.created_at)
                .limit(self.batch)
            )
            if self.outbox.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = session.execute(query).all()
            if not rows:
                return []
            session.execute(
                update(t)
                .where(t.c.id.in_([r.id for r in rows]))
                .values(available_at=now + timedelta(seconds=self.lease))
            )
        return [Message(r.id, r.topic, r.payload, r.attempts, r.headers) for r in rows]

    def run_once(self) -> int:
        """Deliver what is due now; returns how many messages were delivered."""
        messages = self._claim()
        delivered = 0
        for message in messages:
            if self._stop.is_set():
                break
            if self._deliver(message):
                delivered += 1
        return delivered

    def _deliver(self, message: Message) -> bool:
        parent = propagate.extract(json.loads(message.headers or "{}"))
        token = otel_context.attach(parent)
        try:
            with tracer.start_as_current_span(
                f"outbox deliver {message.topic}",
                kind=trace.SpanKind.PRODUCER,
                attributes={"messaging.message.id": message.id, "messaging.destination.name": message.topic,
                            "tereze.outbox.attempt": message.attempts + 1},
            ) as span:
                handler = self.handlers.get(message.topic)
                try:
                    if handler is None:
                        raise RuntimeError(f"no handler for topic {message.topic}")
                    follow_up = handler(message)
                except Exception as error:  # noqa: BLE001 - every failure is retried and recorded
                    if not isinstance(error, DomainError):
                        # The type only: the text and traceback of an unexpected error may quote the payload
                        # (personal data never goes into spans), so record_exception is not used here.
                        span.add_event("exception", {"exception.type": type(error).__qualname__})
                    span.set_status(trace.Status(trace.StatusCode.ERROR, type(error).__name__))
                    self._failed(message, error)
                    return False
                with self.outbox.db.transaction() as session:
                    session.execute(
                        update(self.table)
                        .where(self.table.c.id == message.id)
                        .values(delivered_at=utcnow(), attempts=message.attempts + 1, last_error=None)
                    )
                    if follow_up is not None:
                        follow_up(session)
                return True
        finally:
            otel_context.detach(token)

    def _failed(self, message: Message, error: Exception) -> None:
        attempts = message.attempts + 1
        delay = min(self.max_backoff, self.base_backoff * (2 ** min(attempts - 1, 16)))
        delay = delay * (0.5 + random.random() / 2)
        give_up = self.max_attempts and attempts >= self.max_attempts
        # Only the error's type and our own message go to the log: payloads may hold personal data.
        text = type(error).__name__ + (f": {error.message}" if isinstance(error, DomainError) else "")
        level = logging.INFO if isinstance(error, Unavailable) else logging.WARNING
        log.log(level, "delivery failed", extra={"topic": message.topic, "message_id": message.id,
                                                 "attempt": attempts, "error": text[:200]})
        with self.outbox.db.transaction() as session:
            session.execute(
                update(self.table)
                .where(self.table.c.id == message.id)
                .values(
                    attempts=attempts,
                    available_at=utcnow() + timedelta(seconds=delay),
                    last_error=text[:300],
                    failed_at=utcnow() if give_up else None,
                )
            )
