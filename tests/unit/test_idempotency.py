"""Idempotency keys on a real database (SQLite and PostgreSQL): a replayed request gives the first answer."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.engine import Connection

from tereze.db import Database
from tereze.errors import Conflict
from tereze.idempotency import IdempotencyKeys, idempotency_table


class Ledger:
    """A service's own table, written by the work, and the keys table beside it."""

    def __init__(self, url: str):
        self.db = Database(url)
        metadata = MetaData()
        self.effects = Table("effects", metadata, Column("id", String(36), primary_key=True),
                             Column("body", String(100), nullable=False))
        self.keys = IdempotencyKeys(self.db, idempotency_table(metadata))
        metadata.create_all(self.db.engine)
        self.calls = 0
        self._lock = threading.Lock()

    def work(self, body: str, before_return=None):
        def run(session: Connection) -> str:
            with self._lock:
                self.calls += 1
            effect_id = str(uuid.uuid4())
            session.execute(insert(self.effects).values(id=effect_id, body=body))
            if before_return:
                before_return()
            return effect_id

        return run

    @staticmethod
    def replay(session: Connection, ref: str) -> str:
        return ref

    def submit(self, key: str, body: str, method: str = "Submit", before_return=None) -> str:
        return self.keys.run(key, method, f"fp-{body}", self.work(body, before_return), self.replay, lambda r: r)

    def effect_count(self) -> int:
        with self.db.transaction() as session:
            return session.execute(select(func.count()).select_from(self.effects)).scalar_one()


@pytest.fixture
def ledger(db_factory):
    made = Ledger(db_factory("keys"))
    yield made
    made.db.dispose()


def test_same_key_and_body_returns_the_first_result_and_writes_nothing_again(ledger):
    first = ledger.submit("req-1", "birth")
    again = ledger.submit("req-1", "birth")
    assert again == first
    # The replay ran the work optimistically; the key's insert failed and took its effect back with it.
    assert ledger.calls == 2 and ledger.effect_count() == 1


def test_a_replay_whose_work_now_refuses_gets_the_first_answer(ledger):
    """Handing over twice, say: the first call changed the state, so the work refuses the second time; under
    the same key the first answer is replayed, under a new key the refusal stands."""

    def once(session: Connection) -> str:
        if session.execute(select(func.count()).select_from(ledger.effects)).scalar_one():
            raise Conflict("already done")
        return ledger.work("birth")(session)

    first = ledger.keys.run("req-1", "Submit", "fp", once, ledger.replay, lambda r: r)
    assert ledger.keys.run("req-1", "Submit", "fp", once, ledger.replay, lambda r: r) == first
    with pytest.raises(Conflict, match="already done"):
        ledger.keys.run("req-2", "Submit", "fp", once, ledger.replay, lambda r: r)
    assert ledger.effect_count() == 1


def test_different_keys_each_do_the_work(ledger):
    assert ledger.submit("req-1", "birth") != ledger.submit("req-2", "birth")
    assert ledger.effect_count() == 2


def test_same_key_with_another_body_is_a_conflict_and_changes_nothing(ledger):
    ledger.submit("req-1", "birth")
    with pytest.raises(Conflict, match="req-1"):
        ledger.submit("req-1", "marriage")
    assert ledger.effect_count() == 1


def test_same_key_for_another_method_is_a_conflict(ledger):
    ledger.submit("req-1", "birth", method="Submit")
    with pytest.raises(Conflict):
        ledger.submit("req-1", "birth", method="Cancel")


def test_failed_work_is_not_remembered_and_can_be_retried_with_the_same_key(ledger):
    def fail():
        raise RuntimeError("downstream refused")

    with pytest.raises(RuntimeError):
        ledger.submit("req-1", "birth", before_return=fail)
    assert ledger.effect_count() == 0  # the effect and the key are one transaction: both rolled back
    result = ledger.submit("req-1", "birth")
    assert ledger.submit("req-1", "birth") == result and ledger.effect_count() == 1


def run_concurrently(calls, timeout: float = 60.0):
    results: list = [None] * len(calls)
    errors: list = []

    def target(i, call):
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=target, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a concurrent call hung"
    return results, errors


def test_concurrent_calls_with_one_key_take_effect_once_and_get_the_same_result(ledger):
    if ledger.db.dialect == "postgresql":
        # Force the race: both calls are inside their transactions, past their work, before either
        # commits. The second's key insert then waits for the first, fails on the unique key, and replays.
        inside = threading.Barrier(2, timeout=30)
        results, errors = run_concurrently(
            [lambda: ledger.submit("req-1", "birth", before_return=inside.wait)] * 2)
        assert ledger.calls == 2  # the race happened: both ran the work, only one transaction committed
    else:
        # SQLite takes the write lock at BEGIN: the second call waits, then its key insert finds the key.
        start = threading.Barrier(2, timeout=30)

        def call():
            start.wait()
            return ledger.submit("req-1", "birth")

        results, errors = run_concurrently([call, call])
    assert errors == []
    assert results[0] == results[1] is not None
    assert ledger.effect_count() == 1


def test_many_concurrent_calls_with_one_key(ledger):
    start = threading.Barrier(8, timeout=30)

    def call():
        start.wait()
        return ledger.submit("req-many", "birth")

    results, errors = run_concurrently([call] * 8)
    assert errors == []
    assert len(set(results)) == 1 and results[0] is not None
    assert ledger.effect_count() == 1


def test_concurrent_call_with_one_key_and_another_body_is_a_conflict(ledger):
    if ledger.db.dialect == "postgresql":
        inside = threading.Barrier(2, timeout=30)
        calls = [lambda: ledger.submit("req-1", "birth", before_return=inside.wait),
                 lambda: ledger.submit("req-1", "marriage", before_return=inside.wait)]
    else:
        start = threading.Barrier(2, timeout=30)

        def call(body):
            start.wait()
            return ledger.submit("req-1", body)

        calls = [lambda: call("birth"), lambda: call("marriage")]
    results, errors = run_concurrently(calls)
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert ledger.effect_count() == 1
    winner = "birth" if results[0] else "marriage"
    assert ledger.submit("req-1", winner) == (results[0] or results[1])
