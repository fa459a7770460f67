"""The per-recipient rate limit and the worker's lease, with the delivery worker driven by hand and a fake clock
(like the outbox relay's tests): excess is delayed — queued, visible with its next attempt — never dropped."""

from __future__ import annotations

import datetime as dt

import pytest

import notify.delivery as delivery_module
from notify import models
from notify.app import Notify
from notify.delivery import Deliverer, DeliveryPolicy
from notify.models import notifications as N
from notify.rules import Templates
from notify.servicer import to_proto
from notify.store import NotifyStore
from tereze import migrations
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import DueClaim

PHONE = "+996700555111"


class Clock:
    def __init__(self):
        # A little ahead of the real clock, which stamps what Send queues as due now.
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=2)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class Recorder:
    name = "recorder"

    def __init__(self):
        self.sent: list[str] = []
        self.fail = False

    def send(self, message) -> None:
        if self.fail:
            raise ConnectionError("provider down")
        self.sent.append(message.id)


@pytest.fixture
def world(db_factory, monkeypatch):
    url = db_factory("notify")
    migrations.upgrade("notify", url)
    db = Database(url)
    clock = Clock()
    monkeypatch.setattr(delivery_module, "utcnow", clock)
    store = NotifyStore()
    notify = Notify(db, store, IdempotencyKeys(db, models.idempotency_keys), Templates.load())
    sms = Recorder()
    deliverer = Deliverer(db, store, {"sms": sms, "email": Recorder()},
                          DeliveryPolicy(rate_limit=2, rate_window=3600, max_attempts=3, base_backoff=10,
                                         max_backoff=60, lease=30))

    class World:
        pass

    w = World()
    w.db, w.clock, w.notify, w.sms, w.deliverer = db, clock, notify, sms, deliverer
    yield w
    db.dispose()


def send(w, event: str, phone: str = PHONE) -> None:
    w.notify.send(event, "fp-" + event, "app-" + event, "accepted", {"phone": phone, "language": "ru"},
                  {"tracking_number": event})


def status(w, event: str) -> dict:
    [row] = w.notify.list("app-" + event)
    return row


def test_excess_messages_to_one_recipient_are_delayed_not_dropped(world):
    w = world
    for event in ("e1", "e2", "e3", "e4"):
        send(w, event)
    send(w, "other", phone="+996700555999")  # another recipient is not held back
    w.deliverer.run_once()
    assert [status(w, e)["status"] for e in ("e1", "e2", "e3", "e4", "other")] == [
        "sent", "sent", "queued", "queued", "sent"]
    held = status(w, "e3")
    assert held["attempts"] == 0 and held["last_error"] is None
    assert held["available_at"] == pytest.approx(w.clock.now + dt.timedelta(hours=1), abs=dt.timedelta(seconds=1))
    shown = to_proto(held)
    assert shown.status == "queued" and shown.next_attempt_at

    w.clock.advance(1800)
    w.deliverer.run_once()
    assert status(w, "e3")["status"] == "queued"  # the window is still full

    w.clock.advance(1801)
    w.deliverer.run_once()
    assert [status(w, e)["status"] for e in ("e3", "e4")] == ["sent", "sent"]
    assert len(w.sms.sent) == len(set(w.sms.sent)) == 5


def test_failures_back_off_then_give_up_as_failed(world):
    w = world
    w.sms.fail = True
    send(w, "f1")
    w.deliverer.run_once()
    row = status(w, "f1")
    assert (row["status"], row["attempts"], row["last_error"]) == ("queued", 1, "ConnectionError")
    assert row["available_at"] > w.clock.now
    w.deliverer.run_once()  # not due yet: nothing is tried
    assert status(w, "f1")["attempts"] == 1
    w.clock.advance(61)
    w.deliverer.run_once()
    w.clock.advance(61)
    w.deliverer.run_once()
    row = status(w, "f1")
    assert (row["status"], row["attempts"]) == ("failed", 3)
    w.clock.advance(3600)
    w.deliverer.run_once()
    assert status(w, "f1")["attempts"] == 3  # failed stays failed


def test_a_claimed_message_whose_worker_died_is_sent_after_the_lease(world):
    w = world
    send(w, "l1")
    claimed = DueClaim(w.db, N, N.c.status == "queued", order_by=N.c.created_at, batch=10, lease=30)(w.clock.now)
    assert len(claimed) == 1  # ... and the worker dies here
    w.deliverer.run_once()
    assert status(w, "l1")["status"] == "queued" and not w.sms.sent
    w.clock.advance(31)
    w.deliverer.run_once()
    assert status(w, "l1")["status"] == "sent" and len(w.sms.sent) == 1
