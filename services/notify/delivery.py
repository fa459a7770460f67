"""The delivery worker: sends what Send queued, like the outbox relay delivers messages.

It claims due `queued` rows of the delivery log with a lease (`tereze.outbox.DueClaim`), holds back a row
whose recipient already got `rate_limit` messages within `rate_window` seconds (delayed, never dropped),
sends it through the channel's adapter outside any transaction and marks it `sent` — or, on failure, counts
the attempt and makes it due again after an exponential backoff, until `max_attempts`, when it is `failed`.
A crash between sending and marking sends the message again after the lease (with the same message id, the
SMS provider's Idempotency-Key). Recipients and texts are never logged; spans carry ids only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace

from notify import rules
from notify.models import notifications as N
from notify.providers import OutgoingMessage, PermanentFailure
from notify.store import NotifyStore
from tereze.db import Database
from tereze.outbox import DueClaim, Poller, backoff_delay
from tereze.timeutil import utcnow

log = logging.getLogger("notify.delivery")
tracer = trace.get_tracer("notify.delivery")


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int = 10
    base_backoff: float = 5.0
    max_backoff: float = 1800.0
    rate_limit: int = 5  # messages per recipient and channel within rate_window; 0: no limit
    rate_window: float = 3600.0
    lease: float = 60.0
    batch: int = 50


class Deliverer(Poller):
    def __init__(self, db: Database, store: NotifyStore, adapters: dict, policy: DeliveryPolicy | None = None, *,
                 interval: float = 1.0, name: str = "notify-delivery"):
        super().__init__(interval=interval, name=name)
        self._full = False
        self.db = db
        self.store = store
        self.adapters = dict(adapters)
        self.policy = policy or DeliveryPolicy()
        self._due = DueClaim(db, N, N.c.status == "queued", order_by=N.c.created_at, batch=self.policy.batch,
                             lease=self.policy.lease)
        db.on_commit(self.wake)

    def run_once(self) -> int:
        """Send what is due now; returns how many messages reached a final state (sent or failed)."""
        rows = self._due(utcnow())
        self._full = len(rows) >= self.policy.batch
        done = 0
        for row in rows:
            if self._stop.is_set():
                break
            done += self.deliver(dict(row._mapping))
        return done

    def more_pending(self) -> bool:
        return self._full  # a batch that was not full took all that was due

    def deliver(self, row: dict) -> int:
        now = utcnow()
        with self.db.read() as s:
            sent_at = self.store.sent_to_since(s, row["channel"], row["recipient"],
                                               now - dt.timedelta(seconds=self.policy.rate_window))
        wait = rules.rate_limit_wait(sent_at, now, self.policy.rate_limit, self.policy.rate_window)
        if wait:
            with self.db.transaction() as s:
                self.store.mark(s, row["id"], available_at=now + dt.timedelta(seconds=wait))
            log.info("rate limited", extra={"notification_id": row["id"], "channel": row["channel"],
                                            "delay_seconds": round(wait, 3)})
            return 0

        token = otel_context.attach(propagate.extract(json.loads(row.get("headers") or "{}")))
        try:
            with tracer.start_as_current_span(
                f"notify deliver {row['channel']}", kind=trace.SpanKind.CLIENT,
                attributes={"tereze.notification.id": row["id"], "tereze.notification.channel": row["channel"],
                            "tereze.notification.template": row["template"],
                            "tereze.notification.attempt": row["attempts"] + 1},
            ) as span:
                return self._send(row, span)
        finally:
            otel_context.detach(token)

    def _send(self, row: dict, span) -> int:
        adapter = self.adapters[row["channel"]]
        attempts = row["attempts"] + 1
        try:
            adapter.send(OutgoingMessage(id=row["id"], to=row["recipient"], body=row["body"],
                                         subject=row.get("subject") or ""))
        except Exception as error:  # noqa: BLE001 - every failure is recorded and retried or given up
            kind = getattr(error, "kind", None) or type(error).__name__
            give_up = isinstance(error, PermanentFailure) or attempts >= self.policy.max_attempts
            span.set_status(trace.Status(trace.StatusCode.ERROR, kind[:100]))
            values = {"attempts": attempts, "last_error": kind[:300], "provider": adapter.name}
            if give_up:
                values.update(status="failed", available_at=None)
            else:
                values["available_at"] = utcnow() + dt.timedelta(
                    seconds=backoff_delay(attempts, self.policy.base_backoff, self.policy.max_backoff))
            with self.db.transaction() as s:
                self.store.mark(s, row["id"], **values)
            log.log(logging.WARNING if give_up else logging.INFO,
                    "delivery failed" + (", given up" if give_up else ", will retry"),
                    extra={"notification_id": row["id"], "channel": row["channel"], "attempt": attempts,
                           "error": kind[:100], "application_id": row["application_id"]})
            return 1 if give_up else 0
        with self.db.transaction() as s:
            self.store.mark(s, row["id"], status="sent", attempts=attempts, sent_at=utcnow(), provider=adapter.name,
                            last_error=None, available_at=None)
        log.info("message sent", extra={"notification_id": row["id"], "channel": row["channel"],
                                        "template": row["template"], "application_id": row["application_id"],
                                        "attempt": attempts})
        return 1
