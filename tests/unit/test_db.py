"""The unit of work: transactions, read-only transactions, and what counts as the database being away."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from tereze.db import Database, unavailable, wake_after_commit
from tereze.logs import JsonFormatter

metadata = MetaData()
T = Table("t", metadata, Column("id", Integer, primary_key=True))
P = Table("p", metadata, Column("pin", String(14), primary_key=True))


def make(db_factory) -> Database:
    db = Database(db_factory("unitofwork"))
    metadata.create_all(db.engine)
    return db


def test_a_read_does_not_wait_for_a_writer(db_factory):
    """On SQLite a write transaction holds the database's write lock from its start; a read takes a
    snapshot instead of queueing behind it (on PostgreSQL reads never queue behind writers)."""
    db = make(db_factory)
    with db.transaction() as s:
        s.execute(insert(T).values(id=1))
    seen = []
    with db.transaction() as writer:
        writer.execute(insert(T).values(id=2))  # uncommitted, lock held

        def read():
            with db.read() as r:
                seen.append(sorted(r.execute(select(T.c.id)).scalars()))

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(timeout=5)
        assert not reader.is_alive(), "the read waited for the writer"
    assert seen == [[1]]  # the snapshot before the uncommitted row
    with db.read() as r:
        assert sorted(r.execute(select(T.c.id)).scalars()) == [1, 2]
    db.dispose()


def test_a_read_holds_no_transaction_open_and_leaves_the_pool_transactional(db_factory):
    """On PostgreSQL a read runs without BEGIN/COMMIT: between its statements the server sees the connection
    idle, not "idle in transaction" (holding a snapshot back from vacuum). The pooled connection it used is
    transactional again afterwards: a failed unit of work on it still rolls back."""
    db = make(db_factory)
    if db.dialect == "postgresql":
        from sqlalchemy import text

        with db.read() as r:
            pid = r.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with db.engine.connect() as observer:
                state = observer.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"),
                                         {"pid": pid}).scalar_one()
        assert state == "idle"
    for _ in range(3):  # every pooled connection has been used for a read by now
        with db.read() as r:
            r.execute(select(T.c.id)).all()
    try:
        with db.transaction() as s:
            s.execute(insert(T).values(id=7))
            raise RuntimeError("the unit of work fails after its write")
    except RuntimeError:
        pass
    with db.read() as r:
        assert r.execute(select(T.c.id).where(T.c.id == 7)).first() is None
    db.dispose()


def test_wake_hooks_run_after_a_commit_that_asked_and_never_after_a_rollback(db_factory):
    db = make(db_factory)
    woken = []
    db.on_commit(lambda: woken.append(1))
    with db.transaction() as s:
        s.execute(insert(T).values(id=10))
    assert woken == []  # nobody asked
    try:
        with db.transaction() as s:
            wake_after_commit(s)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert woken == []
    with db.transaction() as s:  # the flag of the rolled-back transaction did not stay on the connection
        s.execute(insert(T).values(id=11))
    assert woken == []
    with db.transaction() as s:
        s.execute(insert(T).values(id=12))
        wake_after_commit(s)
    assert woken == [1]
    db.dispose()


def test_only_an_unreachable_database_counts_as_unavailable():
    assert unavailable(OperationalError("SELECT 1", {}, Exception("connection refused")))
    assert not unavailable(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not unavailable(ValueError("no"))


def test_a_database_error_reaches_the_log_without_the_values_it_was_given(db_factory):
    """Errors reach the logs with their traceback; the values of the refused row (a PIN here: SQLite's
    parameters, PostgreSQL's "Key (pin)=(…) already exists") must not, the SQL must."""
    db = make(db_factory)
    pin = "11203199000123"
    with db.transaction() as s:
        s.execute(insert(P).values(pin=pin))
    try:
        with db.transaction() as s:
            s.execute(insert(P).values(pin=pin))  # (the traceback quotes this line: a name, not the value)
    except IntegrityError:
        record = logging.getLogger("test").makeRecord("test", logging.ERROR, __file__, 1, "insert failed", (),
                                                      sys.exc_info())
    else:
        raise AssertionError("the duplicate was accepted")
    line = JsonFormatter("test").format(record)
    assert pin not in line
    assert "INSERT INTO p" in line and "IntegrityError" in line
    db.dispose()


@pytest.mark.postgres
def test_a_postgresql_connection_gives_up_on_a_silent_server_within_a_minute(postgres_factory):
    """A server that vanished without closing its connections (a partition, a dead host) must not keep a
    relay or a request waiting for hours (the system keepalive default is 2 h): every connection is opened
    with keepalives after 30 s of silence (3 probes 10 s apart) and a 60 s limit on unacknowledged data."""
    db = make(postgres_factory)
    with db.read() as r:
        params = r.connection.dbapi_connection.info.get_parameters()
    assert (params["keepalives_idle"], params["keepalives_interval"], params["keepalives_count"]) == ("30", "10", "3")
    assert params["tcp_user_timeout"] == "60000" and params["connect_timeout"] == "10"
    db.dispose()


@pytest.mark.postgres
def test_a_burst_of_transactions_reuses_its_connections_the_next_time(postgres_factory):
    """Connections opened for a burst stay pooled: the next burst of the same size opens none (an overflow
    connection used to be closed after its one transaction, each a PostgreSQL backend forked and torn down)."""
    db = make(postgres_factory)
    from sqlalchemy import event

    opened = []
    event.listen(db.engine, "connect", lambda *_: opened.append(1))
    width = 15  # above the former pool of 10, within the 20 a process may hold

    def burst():
        barrier = threading.Barrier(width)

        def work():
            with db.transaction() as s:
                s.execute(select(T.c.id))
                barrier.wait(timeout=30)  # all `width` transactions are open at once

        threads = [threading.Thread(target=work) for _ in range(width)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    burst()
    first = len(opened)
    assert first >= width - 1  # one may have been pooled already (the tables' creation)
    burst()
    assert len(opened) == first, "the second burst opened new connections"
    db.dispose()
