"""The transactional outbox and its relay.

A service that must tell another service something calls `Outbox.add(session, topic, payload)` inside the
transaction that makes the change, so the message exists exactly when the change does. The relay claims
due messages with a lease, delivers each through the handler registered for its topic (outside any
transaction, since delivery is a remote call), and marks the batch's delivered messages in one new
transaction, together with whatever follow-ups their handlers ask to write. A crash between delivery and the mark means the message is
delivered again after the lease: receivers deduplicate by message id (it is the request id of the call).

Delivered rows are kept for `retention` (7 days by default: enough to see what went where) and then purged
by the relay, so the table holds about a week of traffic, not every message ever sent. Due rows are found
through a partial index that holds only undelivered rows, so a claim costs the same with a thousand or ten
million delivered rows behind it. Rows given up on (`failed_at`) are never purged: someone must look at them.

The W3C trace context of the request that wrote a message travels with it, and the relay delivers it in a
span of that trace: one submission is one trace, including what is delivered after the response.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent import futures
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
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from tereze.db import Database, wake_after_commit
from tereze.errors import DomainError, Unavailable, Unimplemented
from tereze.timeutil import utcnow

log = logging.getLogger("tereze.outbox")
PURGE_CHUNK = 2000  # delivered rows deleted per transaction
tracer = trace.get_tracer("tereze.outbox")


def undelivered(table: Table):
    """Messages still to deliver: neither delivered nor given up on (the claim's rows, ix_outbox_pending's)."""
    return and_(table.c.delivered_at.is_(None), table.c.failed_at.is_(None))


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
    # Partial indexes (PostgreSQL and SQLite both have them): the claim walks only undelivered rows, in
    # the order they become due; the purge finds delivered rows by age without touching the others.
    pending = undelivered(table)
    delivered = table.c.delivered_at.is_not(None)
    Index("ix_outbox_pending", table.c.available_at, postgresql_where=pending, sqlite_where=pending)
    Index("ix_outbox_delivered", table.c.delivered_at, postgresql_where=delivered, sqlite_where=delivered)
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
Handler = Callable[[Message], Callable[[Connection], None] | None]


@dataclass(frozen=True)
class BatchHandler:
    """Delivers the due messages of one topic together, in one remote call (`tereze.batch`).

    `deliver(messages, carriers)` gets the messages (at most the relay's batch) and, for each, the W3C trace
    context of its own delivery span, to send with its item; it returns, per message and in order, None
    (delivered), a follow-up (delivered; written with the delivered mark, as a `Handler`'s), or the exception
    that message failed with (retried alone, like any failed delivery). If the
    whole call fails, every message of it has failed. `single` delivers one message the unary way: the relay
    falls back to it when the receiver does not know the batch method (an older receiver during a rolling
    upgrade)."""

    deliver: Callable[[list[Message], list[dict[str, str]]], list]
    single: Handler


class Outbox:
    def __init__(self, db: Database, table: Table):
        self.db = db
        self.table = table
        self._insert = insert(table)  # built once: its compiled form is reused

    def add(self, session: Connection, topic: str, payload: bytes, delay: float = 0.0) -> str:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        message_id = str(uuid.uuid4())
        now = utcnow()
        session.execute(self._insert, {"id": message_id, "topic": topic, "payload": payload,
                                       "headers": json.dumps(carrier), "created_at": now,
                                       "available_at": now + timedelta(seconds=delay), "attempts": 0})
        wake_after_commit(session)
        return message_id

    def pending(self) -> int:
        with self.db.transaction() as session:
            rows = session.execute(
                select(self.table.c.id).where(undelivered(self.table))
            ).all()
            return len(rows)


def backoff_delay(attempts: int, base: float, maximum: float) -> float:
    """Seconds before the next try after `attempts` failed ones: exponential, capped, with jitter (50–100 %)."""
    delay = min(maximum, base * (2 ** min(max(attempts, 1) - 1, 16)))
    return delay * (0.5 + random.random() / 2)


class DueClaim:
    """Claims rows matching `due` whose `available` time has come, at most `batch`, leased for `lease` s.

    The lease pushes `available` into the future in the claiming statement, so another worker (or this
    one after a crash) takes a row again only once the lease has run out; on PostgreSQL concurrent claimers
    skip each other's locked rows. The caller sets the next `available` time when it is done with a row.
    The statement is built once (its compiled form is reused): one UPDATE … WHERE key IN (SELECT … LIMIT
    batch [FOR UPDATE SKIP LOCKED]) RETURNING.
    """

    def __init__(self, db: Database, table: Table, due, *, order_by, batch: int, lease: float,
                 available: str = "available_at", sort_key: str | None = None):
        self.db = db
        self.lease = timedelta(seconds=lease)
        # The claimed rows are returned sorted by this column (by default the claim's order; the `available`
        # column itself is useless for it: the claim has just set it to the same lease end on every row).
        self.order_key = sort_key or order_by.name
        column = table.c[available]
        key = table.c[table.primary_key.columns.keys()[0]]
        due_keys = select(key).where(and_(due, column <= bindparam("claim_now"))).order_by(order_by).limit(batch)
        if db.dialect == "postgresql":
            due_keys = due_keys.with_for_update(skip_locked=True)
        self._statement = (update(table).where(key.in_(due_keys))
                           .values({available: bindparam("claim_until")}).returning(*table.c))

    def __call__(self, now=None) -> list:
        now = utcnow() if now is None else now
        with self.db.transaction() as session:
            rows = session.execute(self._statement, {"claim_now": now, "claim_until": now + self.lease}).all()
        rows.sort(key=lambda r: getattr(r, self.order_key))  # RETURNING keeps no order
        return rows


class Poller:
    """A background thread that calls `run_once()` until stopped: again at once while it finds work (and
    `more_pending()`), else after `interval` seconds or as soon as `wake()` is called (on a commit that
    added work)."""

    def __init__(self, *, interval: float = 1.0, name: str = "poller"):
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def run_once(self) -> int:
        """Do the work that is due; return how much was done (0: wait for `wake()` or the interval)."""
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def more_pending(self) -> bool:
        """After a pass that did something: is more work likely due at once? (Default: look again.)"""
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            # Cleared before the pass: a commit that adds work during it wakes the next wait at once.
            self._wake.clear()
            try:
                done = self.run_once()
            except Exception:
                log.exception("%s pass failed", self._thread.name)
                done = 0
            if not (done and self.more_pending()) and not self._stop.is_set():
                self._wake.wait(self.interval)


_FAILED = object()  # a delivery that failed (and was recorded for a retry), unlike a handler's None


def _in_context(follow_up: Callable[[Connection], None], ctx) -> Callable[[Connection], None]:
    """The follow-up run later, in the delivery span's context: messages it adds continue the same trace."""

    def run(session: Connection) -> None:
        token = otel_context.attach(ctx)
        try:
            follow_up(session)
        finally:
            otel_context.detach(token)

    return run


class Relay(Poller):
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
        concurrency: int = 1,
        retention: float = 7 * 86400.0,
        purge_interval: float = 60.0,
    ):
        super().__init__(interval=interval, name=name)
        # Deliveries are remote calls, so a batch is delivered by up to `concurrency` threads at once.
        # Receivers already tolerate reordering (they are idempotent and ignore stale news); with 1 the
        # batch goes out strictly in creation order.
        self.concurrency = max(1, concurrency)
        self._pool = (futures.ThreadPoolExecutor(self.concurrency, thread_name_prefix=name)
                      if self.concurrency > 1 else None)
        self.outbox = outbox
        self.table = outbox.table
        self.handlers = dict(handlers)
        self.batch = batch
        self.lease = lease
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts  # 0: retry for ever (the default: nothing is given up)
        self.retention = timedelta(seconds=retention)
        self.purge_interval = purge_interval
        self._next_purge = 0.0  # monotonic time of the next purge; the first pass purges
        self._full = False
        t = self.table
        # In the order messages become due (creation order, unless a message waits for a retry or a delay):
        # the partial index ix_outbox_pending gives exactly that order, so a claim reads `batch` entries.
        self._due = DueClaim(outbox.db, t, undelivered(t),
                             order_by=t.c.available_at, sort_key="created_at", batch=batch, lease=lease)
        old = select(t.c.id).where(t.c.delivered_at.is_not(None), t.c.delivered_at < bindparam("purge_before"))
        old = old.limit(PURGE_CHUNK)
        if outbox.db.dialect == "postgresql":
            old = old.with_for_update(skip_locked=True)  # replicas purging at once do not wait for each other
        self._purge = delete(t).where(t.c.id.in_(old))
        self._mark = (update(t).where(t.c.id.in_(bindparam("delivered_ids", expanding=True)))
                      .values(delivered_at=bindparam("delivered_now"), attempts=t.c.attempts + 1, last_error=None))
        outbox.db.on_commit(self.wake)

    def _claim(self) -> list[Message]:
        rows = self._due()
        return [Message(r.id, r.topic, r.payload, r.attempts, r.headers) for r in rows]

    def run_once(self) -> int:
        """Deliver what is due now; returns how many messages were delivered.

        The delivered marks of a whole batch (with their follow-ups) are written in one transaction after
        the batch: one commit per batch instead of one per message. A crash before it only means the
        batch is delivered again after the lease, which receivers absorb (the message id is the request id).
        """
        messages = self._claim()
        self._full = len(messages) >= self.batch
        # One task per message, except that the messages of a batched topic make one task together.
        tasks: list[tuple[Callable, list[Message]]] = []
        grouped: dict[str, list[Message]] = {}
        for message in messages:
            if isinstance(self.handlers.get(message.topic), BatchHandler):
                if message.topic not in grouped:
                    grouped[message.topic] = []
                    tasks.append((self._deliver_batch, grouped[message.topic]))
                grouped[message.topic].append(message)
            else:
                tasks.append((self._deliver_one, [message]))
        if self._pool is not None and len(tasks) > 1:
            done = list(self._pool.map(self._run_task, tasks))
        else:
            done = [self._run_task(task) for task in tasks]
        outcome_of = {id(m): o for pairs in done for m, o in pairs}
        outcomes = [outcome_of[id(m)] for m in messages]
        delivered = [(m, o) for m, o in zip(messages, outcomes, strict=False) if o is not _FAILED]
        if delivered:
            self._mark_delivered(delivered)
        if time.monotonic() >= self._next_purge:
            self._next_purge = time.monotonic() + self.purge_interval
            try:
                self.purge()
            except Exception as error:  # noqa: BLE001 - a purge that fails is tried again at the next interval
                log.warning("outbox purge failed", extra={"error_type": type(error).__name__})
        return len(delivered)

    def purge(self, now=None) -> int:
        """Delete messages delivered more than `retention` ago, a chunk per transaction; returns how many."""
        before = (utcnow() if now is None else now) - self.retention
        purged = 0
        while not self._stop.is_set():
            with self.outbox.db.transaction() as session:
                count = session.execute(self._purge, {"purge_before": before}).rowcount
            purged += count
            if count < PURGE_CHUNK:
                break
        if purged:
            log.info("outbox purged", extra={"relay": self._thread.name, "messages": purged})
        return purged

    def more_pending(self) -> bool:
        # A batch that was not full emptied what was due; what was added since has woken us (wake()).
        return self._full

    def _run_task(self, task) -> list[tuple[Message, object]]:
        # A message left undelivered keeps its lease and is taken again after it (nothing is lost).
        deliver, messages = task
        if self._stop.is_set():
            return [(m, _FAILED) for m in messages]
        return deliver(messages)

    def _deliver_one(self, messages: list[Message]) -> list[tuple[Message, object]]:
        return [(messages[0], self._deliver(messages[0]))]

    def stop(self, timeout: float = 10.0) -> None:
        super().stop(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _mark_delivered(self, delivered: list) -> None:
        try:
            self._mark_together(delivered)
        except Exception:
            if len(delivered) == 1:
                raise
            # One follow-up failing must not hold back the others: mark them one by one, so only the one
            # that fails is delivered again (after its lease) and the rest are done.
            log.warning("batch mark failed, marking one by one", extra={"messages": len(delivered)})
            for item in delivered:
                try:
                    self._mark_together([item])
                except Exception as error:  # noqa: BLE001 - that message is delivered again after its lease
                    # The type only: the error's text may quote what the follow-up wrote.
                    log.warning("mark failed", extra={"topic": item[0].topic, "message_id": item[0].id,
                                                      "error_type": type(error).__name__})

    def _mark_together(self, delivered: list) -> None:
        with self.outbox.db.transaction() as session:
            session.execute(self._mark, {"delivered_ids": [m.id for m, _ in delivered], "delivered_now": utcnow()})
            for _message, follow_up in delivered:
                if follow_up is not None:
                    follow_up(session)

    def _span(self, message: Message, parent, **attributes):
        """The delivery span of a message, in the trace of the request that wrote it."""
        return tracer.start_span(
            f"outbox deliver {message.topic}", context=parent, kind=trace.SpanKind.PRODUCER,
            attributes={"messaging.message.id": message.id, "messaging.destination.name": message.topic,
                        "tereze.outbox.attempt": message.attempts + 1, **attributes},
        )

    def _delivery_failed(self, span, message: Message, error: Exception) -> None:
        if not isinstance(error, DomainError):
            # The type only: the text and traceback of an unexpected error may quote the payload
            # (personal data never goes into spans), so record_exception is not used here.
            span.add_event("exception", {"exception.type": type(error).__qualname__})
        span.set_status(trace.Status(trace.StatusCode.ERROR, type(error).__name__))
        self._failed(message, error)

    def _deliver(self, message: Message, handler: Handler | None = None):
        """Deliver one message: its handler's follow-up (or None) on success, `_FAILED` after recording why."""
        parent = propagate.extract(json.loads(message.headers or "{}"))
        span = self._span(message, parent)
        ctx = trace.set_span_in_context(span, parent)
        token = otel_context.attach(ctx)
        try:
            handler = handler or self.handlers.get(message.topic)
            if isinstance(handler, BatchHandler):
                handler = handler.single
            try:
                if handler is None:
                    raise RuntimeError(f"no handler for topic {message.topic}")
                # This span stands for the handler's remote call (calls make no CLIENT span): the
                # receiver's SERVER span is its child.
                follow_up = handler(message)
            except Exception as error:  # noqa: BLE001 - every failure is retried and recorded
                self._delivery_failed(span, message, error)
                return _FAILED
            return None if follow_up is None else _in_context(follow_up, ctx)
        finally:
            otel_context.detach(token)
            span.end()

    def _deliver_batch(self, messages: list[Message]) -> list[tuple[Message, object]]:
        """Deliver the messages of one batched topic in one call. Each keeps its own delivery span (open for
        the call, and the parent of the receiver's span for its item) and fails or succeeds on its own."""
        handler: BatchHandler = self.handlers[messages[0].topic]
        spans, carriers = [], []
        for message in messages:
            span = self._span(message, propagate.extract(json.loads(message.headers or "{}")),
                              **{"tereze.outbox.batch": len(messages)})
            carrier: dict[str, str] = {}
            propagate.inject(carrier, context=trace.set_span_in_context(span))
            spans.append(span)
            carriers.append(carrier)
        try:
            answers = list(handler.deliver(messages, carriers))
            if len(answers) != len(messages):
                answers = [RuntimeError("the batch handler answered another number of messages")] * len(messages)
        except Unimplemented:
            # An older receiver: the unary way, one call per message, each in a delivery span of its own.
            for span in spans:
                span.end()
            return [(m, self._deliver(m, handler.single)) for m in messages]
        except Exception as error:  # noqa: BLE001 - the whole call failed: each message is retried
            answers = [error] * len(messages)
        done = []
        for message, span, answer in zip(messages, spans, answers, strict=True):
            if answer is None:
                done.append((message, None))
            elif isinstance(answer, BaseException):
                self._delivery_failed(span, message, answer)
                done.append((message, _FAILED))
            else:  # a follow-up, written with the delivered mark, in this message's trace
                done.append((message, _in_context(answer, trace.set_span_in_context(span))))
            span.end()
        return done

    def _failed(self, message: Message, error: Exception) -> None:
        attempts = message.attempts + 1
        delay = backoff_delay(attempts, self.base_backoff, self.max_backoff)
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
