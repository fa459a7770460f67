"""The transactional outbox and its relay, on a real database (SQLite and PostgreSQL).

Receivers must be idempotent: the relay guarantees at-least-once delivery, so a crash between a delivery and
its "delivered" mark (or a claim whose process dies) leads to the same message, with the same id, being
delivered again once the lease runs out. Receivers deduplicate by `Message.id` (it is the request id of the
call they receive); the tests below show that such a receiver applies each message exactly once.

The relay's clock is replaced by a fake one (`clock`) so backoff and leases are checked without sleeping;
`relay.run_once()` is called directly, except in the one test that checks the thread wakes on commit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from opentelemetry import trace
from sqlalchemy import MetaData, select

import tereze.outbox as outbox_module
from tereze.db import Database
from tereze.errors import Unavailable, Unimplemented
from tereze.outbox import BatchHandler, Message, Outbox, Relay, outbox_table
from tests.support import free_port, wait_for

PIN = "11203199000123"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2025, 6, 18, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(outbox_module, "utcnow", fake)
    return fake


@pytest.fixture
def box(db_factory):
    database = Database(db_factory("outbox"))
    metadata = MetaData()
    table = outbox_table(metadata)
    metadata.create_all(database.engine)
    yield Outbox(database, table)
    database.dispose()


def add(outbox: Outbox, topic: str = "app.dispatch", payload: bytes = b'{"application_id": "a1"}') -> str:
    with outbox.db.transaction() as session:
        return outbox.add(session, topic, payload)


def rows(outbox: Outbox) -> list[dict]:
    t = outbox.table
    with outbox.db.transaction() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.created_at)).all()]


def row(outbox: Outbox, message_id: str) -> dict:
    return next(r for r in rows(outbox) if r["id"] == message_id)


class Recorder:
    """A handler that records what it was given and fails the first `failures` times."""

    def __init__(self, failures: int = 0, error: Exception | None = None):
        self.calls: list[Message] = []
        self.failures = failures
        self.error = error or ConnectionError("peer unreachable")

    def __call__(self, message: Message):
        self.calls.append(message)
        if len(self.calls) <= self.failures:
            raise self.error
        return None


# ---- delivery ----


def test_message_is_delivered_once_and_marked(box, clock):
    handler = Recorder()
    relay = Relay(box, {"app.dispatch": handler})
    message_id = add(box, payload=b'{"application_id": "a1"}')
    assert box.pending() == 1

    assert relay.run_once() == 1
    assert [(m.id, m.topic, m.payload, m.attempts) for m in handler.calls] == [
        (message_id, "app.dispatch", b'{"application_id": "a1"}', 0)]
    stored = row(box, message_id)
    assert stored["delivered_at"] == clock.now and stored["attempts"] == 1 and stored["last_error"] is None
    assert box.pending() == 0

    clock.advance(3600)
    assert relay.run_once() == 0
    assert len(handler.calls) == 1


def test_message_added_in_a_rolled_back_transaction_does_not_exist(box, clock):
    handler = Recorder()
    relay = Relay(box, {"app.dispatch": handler})
    with pytest.raises(RuntimeError), box.db.transaction() as session:
        box.add(session, "app.dispatch", b"{}")
        raise RuntimeError("the change failed")
    assert box.pending() == 0
    assert relay.run_once() == 0 and handler.calls == []


def test_delayed_message_waits_until_it_is_due(box, clock):
    handler = Recorder()
    relay = Relay(box, {"app.dispatch": handler})
    with box.db.transaction() as session:
        box.add(session, "app.dispatch", b"{}", delay=60)
    assert relay.run_once() == 0
    clock.advance(60)
    assert relay.run_once() == 1


def test_messages_are_delivered_in_creation_order(box, clock):
    handler = Recorder()
    relay = Relay(box, {"app.dispatch": handler}, batch=3)
    for i in range(8):
        add(box, payload=str(i).encode())
        clock.advance(0.001)
    passes = 0
    while relay.run_once():
        passes += 1
    assert [m.payload for m in handler.calls] == [str(i).encode() for i in range(8)]
    assert passes == 3  # 3 + 3 + 2


def test_a_message_waiting_for_a_retry_does_not_hold_back_newer_ones(box, clock):
    handler = Recorder(failures=1)
    relay = Relay(box, {"app.dispatch": handler}, batch=1, base_backoff=60, max_backoff=60)
    first = add(box, payload=b"first")
    relay.run_once()  # fails: first now waits 30–60 s
    clock.advance(1)
    add(box, payload=b"second")
    assert relay.run_once() == 1 and handler.calls[-1].payload == b"second"
    clock.advance(60)
    assert relay.run_once() == 1 and handler.calls[-1].id == first


# ---- retention ----


def test_delivered_messages_are_purged_after_the_retention_and_nothing_else(box, clock, monkeypatch):
    monkeypatch.setattr(outbox_module, "PURGE_CHUNK", 2)  # several chunks in one purge
    failing = Recorder(failures=99)
    relay = Relay(box, {"app.dispatch": Recorder(), "app.broken": failing}, retention=3600, purge_interval=0,
                  max_attempts=1)
    old = [add(box) for _ in range(5)]
    relay.run_once()
    clock.advance(1800)
    recent = add(box)
    given_up = add(box, topic="app.broken")
    relay.run_once()
    assert row(box, given_up)["failed_at"] is not None
    clock.advance(1801)
    waiting = add(box, payload=b"added, not yet delivered")

    assert relay.purge() == 5  # delivered more than an hour ago, in three chunks of at most 2
    left = {r["id"] for r in rows(box)}
    assert left == {recent, given_up, waiting} and not left & set(old)

    relay.run_once()  # delivers `waiting`
    clock.advance(3600)
    assert relay.purge() == 1  # recent; waiting was delivered exactly an hour ago
    clock.advance(1)
    assert relay.purge() == 1  # waiting; the message given up on stays for someone to look at
    assert {r["id"] for r in rows(box)} == {given_up}


def test_the_relay_purges_by_itself_once_per_interval(box, clock):
    relay = Relay(box, {"app.dispatch": Recorder()}, retention=60, purge_interval=3600)
    add(box)
    relay.run_once()  # the first pass purges (nothing is old yet) and delivers
    clock.advance(120)
    relay.run_once()  # the next purge is an hour of monotonic time away
    assert len(rows(box)) == 1
    relay._next_purge = 0.0  # that hour has passed
    relay.run_once()
    assert rows(box) == []


def test_the_claim_reads_only_undelivered_rows_through_the_partial_index(box):
    """With a million delivered rows behind them, due messages must not be found by reading those rows:
    the claim's WHERE has to imply the partial index's, or the database cannot use it."""
    relay = Relay(box, {"app.dispatch": Recorder()})
    now = dt.datetime(2025, 6, 18, 9, 0, 0)
    with box.db.transaction() as session:
        compiled = relay._due._statement.compile(dialect=session.dialect)
        values = compiled.construct_params({"claim_now": now, "claim_until": now + dt.timedelta(seconds=30)})
        args = tuple(values[k] for k in compiled.positiontup) if compiled.positiontup else values
        if box.db.dialect == "postgresql":
            session.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
            plan = "\n".join(r[0] for r in session.exec_driver_sql(f"EXPLAIN {compiled.string}", args))
        else:
            plan = "\n".join(str(r[-1]) for r in session.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}",
                                                                          args))
    assert "ix_outbox_pending" in plan, plan


# ---- failures and backoff ----


def test_failed_delivery_is_retried_later_with_growing_backoff_then_delivered(box, clock):
    handler = Recorder(failures=3, error=ValueError(f"person {PIN} not found"))
    relay = Relay(box, {"app.dispatch": handler}, base_backoff=10, max_backoff=1000)
    message_id = add(box)

    delays = []
    for attempt in (1, 2, 3):
        before = clock.now
        assert relay.run_once() == 0
        stored = row(box, message_id)
        assert stored["attempts"] == attempt
        assert stored["delivered_at"] is None and stored["failed_at"] is None
        assert stored["last_error"] == "ValueError"  # the type only: the error's text may hold personal data
        delay = (stored["available_at"] - before).total_seconds()
        full = 10 * 2 ** (attempt - 1)
        assert full / 2 <= delay <= full  # exponential, with jitter in the upper half
        delays.append(delay)

        # Not retried before it is due ...
        calls = len(handler.calls)
        clock.advance(delay - 0.01)
        assert relay.run_once() == 0 and len(handler.calls) == calls
        # ... and retried once it is.
        clock.now = stored["available_at"]
        if attempt < 3:
            continue
        assert relay.run_once() == 1

    assert delays == sorted(delays) and delays[-1] > delays[0]
    assert [m.attempts for m in handler.calls] == [0, 1, 2, 3]
    assert {m.id for m in handler.calls} == {message_id}
    stored = row(box, message_id)
    assert stored["delivered_at"] is not None and stored["attempts"] == 4 and stored["last_error"] is None


def test_backoff_is_capped_and_max_attempts_gives_up(box, clock):
    handler = Recorder(failures=99)
    relay = Relay(box, {"app.dispatch": handler}, base_backoff=10, max_backoff=15, max_attempts=3)
    message_id = add(box)
    for _ in range(3):
        before = clock.now
        relay.run_once()
        stored = row(box, message_id)
        assert (stored["available_at"] - before).total_seconds() <= 15
        clock.now = stored["available_at"]
    stored = row(box, message_id)
    assert stored["attempts"] == 3 and stored["failed_at"] is not None and stored["delivered_at"] is None
    assert box.pending() == 0
    clock.advance(3600)
    assert relay.run_once() == 0 and len(handler.calls) == 3


def test_domain_error_keeps_its_own_message(box, clock):
    relay = Relay(box, {"app.dispatch": Recorder(failures=1, error=Unavailable("routing is unreachable"))})
    message_id = add(box)
    relay.run_once()
    assert row(box, message_id)["last_error"] == "Unavailable: routing is unreachable"


def test_message_without_a_handler_is_kept_and_retried(box, clock):
    relay = Relay(box, {})
    message_id = add(box, topic="unknown.topic")
    assert relay.run_once() == 0
    stored = row(box, message_id)
    assert stored["attempts"] == 1 and stored["last_error"] == "RuntimeError" and stored["delivered_at"] is None
    assert box.pending() == 1


def test_one_failing_message_does_not_hold_back_the_others(box, clock):
    good = Recorder()
    relay = Relay(box, {"bad": Recorder(failures=99), "good": good})
    bad_id = add(box, topic="bad")
    clock.advance(0.001)
    good_id = add(box, topic="good")
    assert relay.run_once() == 1
    assert [m.id for m in good.calls] == [good_id]
    assert row(box, bad_id)["delivered_at"] is None and row(box, good_id)["delivered_at"] is not None


# ---- follow-ups ----


def test_follow_up_is_written_with_the_delivered_mark(box, clock):
    second = Recorder()

    def first(message: Message):
        return lambda session: box.add(session, "second", message.payload + b"+")

    relay = Relay(box, {"first": first, "second": second})
    first_id = add(box, topic="first", payload=b"x")
    assert relay.run_once() == 1
    stored = rows(box)
    assert [(r["topic"], r["delivered_at"] is not None) for r in stored] == [("first", True), ("second", False)]
    assert stored[0]["id"] == first_id
    clock.advance(0.001)
    assert relay.run_once() == 1
    assert [m.payload for m in second.calls] == [b"x+"]


def test_follow_up_and_delivered_mark_commit_or_fail_together(box, clock):
    crashes = [True]

    def first(message: Message):
        def follow_up(session):
            box.add(session, "second", b"follow-up")
            if crashes:
                crashes.pop()
                raise RuntimeError("crash before commit")

        return follow_up

    relay = Relay(box, {"first": first, "second": Recorder()}, lease=30)
    first_id = add(box, topic="first")
    with pytest.raises(RuntimeError, match="crash before commit"):
        relay.run_once()
    # Neither the follow-up nor the mark was written.
    assert [(r["id"], r["delivered_at"]) for r in rows(box)] == [(first_id, None)]

    clock.advance(31)
    assert relay.run_once() == 1
    assert [(r["topic"], r["delivered_at"] is not None) for r in rows(box)] == [("first", True), ("second", False)]


def test_a_failing_follow_up_holds_back_only_its_own_message_in_a_batch(box, clock):
    """The batch's marks go in one transaction; when one follow-up fails, the others are still marked."""

    def handler(message: Message):
        if message.payload == b"bad":
            def follow_up(session):
                raise RuntimeError("follow-up failed")

            return follow_up
        return None

    relay = Relay(box, {"t": handler}, lease=30)
    good = [add(box, topic="t", payload=b"good") for _ in range(2)]
    bad = add(box, topic="t", payload=b"bad")
    assert relay.run_once() == 3  # all three were delivered ...
    marked = {r["id"]: r["delivered_at"] is not None for r in rows(box)}
    assert marked == {good[0]: True, good[1]: True, bad: False}  # ... only the bad one is taken again
    clock.advance(31)
    assert relay._claim()[0].id == bad


# ---- crashes: at-least-once delivery to idempotent receivers ----


class IdempotentReceiver:
    """What a receiving service does: apply each message id once, answer a repeat as before."""

    def __init__(self):
        self.applied: dict[str, bytes] = {}
        self.calls: list[str] = []

    def __call__(self, message: Message):
        self.calls.append(message.id)
        self.applied.setdefault(message.id, message.payload)


def test_crash_between_delivery_and_mark_redelivers_after_the_lease(box, clock, monkeypatch):
    receiver = IdempotentReceiver()
    armed = []

    def handler(message: Message):
        receiver(message)
        if len(receiver.calls) == 1:
            armed.append(True)  # the next transaction - the delivered mark - fails, this once

    real_transaction = box.db.transaction

    @contextlib.contextmanager
    def flaky_transaction():
        if armed:
            armed.clear()
            raise ConnectionError("database connection lost")
        with real_transaction() as session:
            yield session

    monkeypatch.setattr(box.db, "transaction", flaky_transaction)
    relay = Relay(box, {"app.dispatch": handler}, lease=30)
    message_id = add(box)

    with pytest.raises(ConnectionError):
        relay.run_once()
    assert row(box, message_id)["delivered_at"] is None

    assert relay.run_once() == 0  # still leased: not delivered twice at once
    clock.advance(29)
    assert relay.run_once() == 0
    clock.advance(2)
    assert relay.run_once() == 1

    assert receiver.calls == [message_id, message_id]  # at least once ...
    assert list(receiver.applied) == [message_id]  # ... and applied exactly once by an idempotent receiver
    assert row(box, message_id)["delivered_at"] is not None
    clock.advance(3600)
    assert relay.run_once() == 0


def test_claimed_message_that_was_never_delivered_is_delivered_after_the_lease(box, clock):
    receiver = IdempotentReceiver()
    relay = Relay(box, {"app.dispatch": receiver}, lease=30)
    other_pod = Relay(box, {"app.dispatch": receiver}, lease=30)
    message_id = add(box)

    claimed = relay._claim()  # the process dies right after claiming
    assert [m.id for m in claimed] == [message_id]
    assert other_pod.run_once() == 0 and relay.run_once() == 0  # the lease keeps it from others meanwhile

    clock.advance(30.5)
    assert other_pod.run_once() == 1
    assert receiver.calls == [message_id]
    assert row(box, message_id)["attempts"] == 1


# ---- tracing ----


def deliver_spans(spans, topic: str):
    return [s for s in spans.get_finished_spans() if s.name == f"outbox deliver {topic}"]


def test_relay_span_continues_the_trace_of_the_request_that_added_the_message(box, clock, spans):
    tracer = trace.get_tracer("tests.outbox")

    def handler(message: Message):
        with tracer.start_as_current_span("Dispatch call"):
            pass

    relay = Relay(box, {"app.dispatch": handler})
    with tracer.start_as_current_span("SubmitApplication") as request_span:
        message_id = add(box)
    request = request_span.get_span_context()

    assert relay.run_once() == 1
    [deliver] = deliver_spans(spans, "app.dispatch")
    assert deliver.context.trace_id == request.trace_id
    assert deliver.parent.span_id == request.span_id
    assert deliver.kind == trace.SpanKind.PRODUCER
    assert deliver.attributes["messaging.message.id"] == message_id
    [call] = [s for s in spans.get_finished_spans() if s.name == "Dispatch call"]
    assert call.context.trace_id == request.trace_id and call.parent.span_id == deliver.context.span_id
    assert not trace.get_current_span().get_span_context().is_valid  # the relay left no context behind


def test_remote_calls_make_no_client_span_and_the_callee_s_span_is_the_caller_s_child(box, clock, spans):
    """Real gRPC calls: in a delivery the callee's server span is a child of the delivery span (one trace,
    the context travels in the call's metadata); outside one, a child of the request being served. No CLIENT
    span is made for either. A call the callee never answered is an event on the caller's span, with the
    service, the method and the code and nothing of the request."""
    from concurrent import futures

    import grpc

    from tereze.channels import Peers
    from tereze.rpc import ServerInterceptor

    server = grpc.server(futures.ThreadPoolExecutor(2), interceptors=[ServerInterceptor()])
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "test.Probe", {"Echo": grpc.unary_unary_rpc_method_handler(lambda request, context: request)})])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    peers = Peers({"probe": f"127.0.0.1:{port}", "gone": f"127.0.0.1:{free_port()}"}, token="", timeout=3)

    class Stub:
        def __init__(self, channel):
            self.Echo = channel.unary_unary("/test.Probe/Echo")

    probe = peers.client("probe", Stub)
    tracer = trace.get_tracer("tests.outbox")
    try:
        relay = Relay(box, {"app.dispatch": lambda message: probe.Echo(b"delivered") and None})
        with tracer.start_as_current_span("SubmitApplication") as request_span:
            add(box)
        assert relay.run_once() == 1
        with tracer.start_as_current_span("a request") as outside_span:
            probe.Echo(b"outside")
            with pytest.raises(Unavailable):
                peers.client("gone", Stub).Echo(PIN.encode())
    finally:
        peers.close()
        server.stop(None)

    [deliver] = deliver_spans(spans, "app.dispatch")
    echo = [s for s in spans.get_finished_spans() if s.name == "/test.Probe/Echo"]
    assert [s.kind for s in echo] == [trace.SpanKind.SERVER, trace.SpanKind.SERVER]
    assert not [s for s in spans.get_finished_spans() if s.kind == trace.SpanKind.CLIENT]
    [in_delivery] = [s for s in echo if s.parent and s.parent.span_id == deliver.context.span_id]
    assert in_delivery.context.trace_id == request_span.get_span_context().trace_id
    [outside] = [s for s in echo if s is not in_delivery]
    assert outside.parent.span_id == outside_span.get_span_context().span_id
    [caller] = [s for s in spans.get_finished_spans() if s.name == "a request"]
    [failed] = caller.events
    assert failed.name == "rpc call failed"
    assert dict(failed.attributes) == {"rpc.service": "gone", "rpc.method": "Echo",
                                       "rpc.grpc.status_code": grpc.StatusCode.UNAVAILABLE.value[0]}


def test_message_added_outside_a_trace_is_delivered_in_a_new_trace(box, clock, spans):
    relay = Relay(box, {"app.dispatch": Recorder()})
    add(box)
    relay.run_once()
    [deliver] = deliver_spans(spans, "app.dispatch")
    assert deliver.parent is None


def test_failed_delivery_span_has_the_error_type_but_no_personal_data(box, clock, spans):
    relay = Relay(box, {"app.dispatch": Recorder(failures=1, error=ValueError(f"person {PIN} Асанова"))})
    add(box, payload=json.dumps({"pin": PIN}).encode())
    relay.run_once()
    [deliver] = deliver_spans(spans, "app.dispatch")
    assert deliver.status.status_code == trace.StatusCode.ERROR
    assert deliver.status.description == "ValueError"
    recorded = [str(v) for v in deliver.attributes.values()]
    recorded += [str(v) for event in deliver.events for v in event.attributes.values()]
    assert any("ValueError" in v for v in recorded)
    assert not any(PIN in v or "Асанова" in v for v in recorded)


# ---- batched delivery ----


class BatchRecorder:
    """A batch handler's `deliver`: records each call's messages and carriers, answers from `answer`."""

    def __init__(self, answer=None):
        self.calls: list[tuple[list[Message], list[dict]]] = []
        self.answer = answer or (lambda messages: [None] * len(messages))

    def __call__(self, messages, carriers):
        self.calls.append((list(messages), list(carriers)))
        return self.answer(messages)


def test_due_messages_of_a_batched_topic_go_in_one_call_and_each_fails_alone(box, clock, spans):
    """Three status messages and one other: one call for the three, one for the other; the one item the
    receiver refused is retried alone later, the others are delivered and never sent again."""
    refused = {}

    def answer(messages):
        return [Unavailable("busy") if m.id == refused.get("id") else None for m in messages]

    batched = BatchRecorder(answer)
    single = Recorder()
    other = Recorder()
    relay = Relay(box, {"app.status": BatchHandler(batched, single), "app.other": other})
    tracer = trace.get_tracer("tests.outbox")
    ids = []
    with tracer.start_as_current_span("request") as request_span:
        for i in range(3):
            ids.append(add(box, "app.status", f'{{"n": {i}}}'.encode()))
            clock.advance(0.001)  # one creation time each: the batch keeps their order
    other_id = add(box, "app.other")
    refused["id"] = ids[1]

    assert relay.run_once() == 3
    [(messages, carriers)] = batched.calls
    assert [m.id for m in messages] == ids and not single.calls
    assert [m.id for m in other.calls] == [other_id]
    assert [row(box, i)["delivered_at"] is not None for i in ids] == [True, False, True]
    assert row(box, ids[1])["attempts"] == 1 and row(box, ids[1])["last_error"].startswith("Unavailable")

    # Each item carries the context of its own delivery span, a child of the request that wrote it.
    delivered = {s.attributes["messaging.message.id"]: s for s in deliver_spans(spans, "app.status")}
    for message_id, carrier in zip(ids, carriers, strict=True):
        span = delivered[message_id]
        assert carrier["traceparent"].split("-")[2] == format(span.context.span_id, "016x")
        assert span.parent.span_id == request_span.get_span_context().span_id
        assert span.attributes["tereze.outbox.batch"] == 3
    assert delivered[ids[1]].status.status_code == trace.StatusCode.ERROR
    assert delivered[ids[0]].status.status_code != trace.StatusCode.ERROR

    clock.advance(60)
    refused.clear()
    assert relay.run_once() == 1
    assert [m.id for m in batched.calls[1][0]] == [ids[1]]
    clock.advance(3600)
    assert relay.run_once() == 0 and len(batched.calls) == 2
    assert box.pending() == 0


def test_a_batch_answer_may_be_a_follow_up_written_with_the_delivered_mark(box, clock):
    written = []

    def answer(messages):
        return [lambda session, m=m: written.append((m.id, box.add(session, "app.next", b"{}"))) for m in messages]

    relay = Relay(box, {"app.status": BatchHandler(BatchRecorder(answer), Recorder()), "app.next": Recorder()})
    message_id = add(box, "app.status")
    assert relay.run_once() == 1
    [(done, follow_up_id)] = written
    assert done == message_id and row(box, message_id)["delivered_at"] is not None
    assert row(box, follow_up_id)["topic"] == "app.next" and row(box, follow_up_id)["delivered_at"] is None


def test_a_batch_call_that_fails_as_a_whole_leaves_every_message_to_retry(box, clock):
    def broken(messages):
        raise Unavailable("receiver down")

    relay = Relay(box, {"app.status": BatchHandler(BatchRecorder(broken), Recorder())})
    ids = [add(box, "app.status") for _ in range(2)]
    assert relay.run_once() == 0
    assert [row(box, i)["attempts"] for i in ids] == [1, 1]
    assert box.pending() == 2


def test_a_receiver_without_the_batch_method_gets_one_call_per_message(box, clock):
    """An older receiver (a rolling upgrade) answers UNIMPLEMENTED: the relay falls back to the unary call."""
    def old_receiver(messages):
        raise Unimplemented("unimplemented: Method not found")

    single = Recorder()
    relay = Relay(box, {"app.status": BatchHandler(BatchRecorder(old_receiver), single)})
    ids = [add(box, "app.status") for _ in range(2)]
    assert relay.run_once() == 2
    assert sorted(m.id for m in single.calls) == sorted(ids)
    assert box.pending() == 0


# ---- the relay thread ----


def test_relay_thread_is_woken_by_a_committed_add(box):
    handler = Recorder()
    relay = Relay(box, {"app.dispatch": handler}, interval=120)  # only a wake-up can deliver within the test
    passes = []
    run_once = relay.run_once

    def counting_run_once():
        passes.append(1)
        return run_once()

    relay.run_once = counting_run_once
    relay.start()
    try:
        wait_for(lambda: passes, message="the relay's first pass")
        message_id = add(box)
        wait_for(lambda: handler.calls, timeout=20, message="delivery after the commit woke the relay")
        assert [m.id for m in handler.calls] == [message_id]
        wait_for(lambda: box.pending() == 0, message="the delivered mark")
    finally:
        relay.stop(timeout=10)
    assert not relay._thread.is_alive()
