"""The gateway's audit log is tamper-evident: every entry is chained to the previous one's hash, and
`tereze audit verify` names the first broken entry (exit code 1) after an edit, a deletion or an insertion.
Concurrent writers keep one chain (SQLite's write lock, PostgreSQL's advisory lock)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import create_engine, delete, insert, select, text, update

from gateway.models import audit_log
from gateway.store import Store
from tereze import migrations
from tereze.timeutil import utcnow


@pytest.fixture
def store(db_factory):
    url = db_factory("gateway")
    migrations.upgrade("gateway", url)
    s = Store(url, pool_size=8)
    yield s
    s.close()


def fill(store: Store, n: int = 6) -> None:
    for i in range(n):
        store.audit("clerk.belek", "clerk", "view", "application", f"app-{i}", f"детали {i} ң ө ү")


def verify_cli(url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.run([sys.executable, "-m", "tereze", "audit", "verify"], env=env, capture_output=True,
                          text=True, timeout=60)


def ids(store: Store) -> list[int]:
    with store.db.transaction() as session:
        return list(session.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars())


def test_a_normal_chain_verifies(store):
    assert store.verify_audit_chain().ok  # empty
    fill(store)
    verdict = store.verify_audit_chain(batch=4)  # across batches
    assert verdict.ok and verdict.entries == 6
    result = verify_cli(store.db.url)
    assert result.returncode == 0, result.stderr
    assert "6 entries, chain intact" in result.stdout


def test_an_edited_entry_is_detected(store):
    fill(store)
    third = ids(store)[2]
    with store.db.transaction() as session:
        session.execute(update(audit_log).where(audit_log.c.id == third).values(object_id="someone-else"))
    verdict = store.verify_audit_chain()
    assert not verdict.ok and verdict.broken_id == third
    result = verify_cli(store.db.url)
    assert result.returncode == 1
    assert f"entry {third} is broken" in result.stderr


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(store):
    from gateway import auditchain

    fill(store)
    rows = ids(store)
    with store.db.transaction() as session:
        row = session.execute(select(audit_log).where(audit_log.c.id == rows[2])).mappings().one()
        forged = dict(row, detail="forged")
        session.execute(update(audit_log).where(audit_log.c.id == rows[2])
                        .values(detail="forged", hash=auditchain.link(row["prev_hash"], forged)))
    verdict = store.verify_audit_chain()
    assert not verdict.ok and verdict.broken_id == rows[3]


def test_a_deleted_entry_is_detected(store):
    fill(store)
    rows = ids(store)
    with store.db.transaction() as session:
        session.execute(delete(audit_log).where(audit_log.c.id == rows[2]))
    verdict = store.verify_audit_chain()
    assert not verdict.ok and verdict.broken_id == rows[3]
    assert verify_cli(store.db.url).returncode == 1


def test_an_inserted_entry_is_detected(store):
    fill(store)
    rows = ids(store)
    # make room in the middle (ids 2..n moved up by 100), then slip an entry in with a plausible chain link
    with store.db.transaction() as session:
        session.execute(update(audit_log).where(audit_log.c.id > rows[1]).values(id=audit_log.c.id + 100))
        prev = session.execute(select(audit_log.c.hash).where(audit_log.c.id == rows[1])).scalar_one()
        session.execute(insert(audit_log).values(id=rows[1] + 1, at=utcnow(), username="intruder", role="admin",
                                                 action="view", object_type="application", object_id="x",
                                                 detail="", prev_hash=prev, hash="f" * 64))
    verdict = store.verify_audit_chain()
    assert not verdict.ok and verdict.broken_id == rows[1] + 1


def test_deleting_the_last_entries_is_not_a_broken_link_but_the_rest_still_verifies(store):
    # Truncating the tail cannot be seen from the chain alone (the count is what an operator compares);
    # what stays must verify.
    fill(store)
    last = ids(store)[-1]
    with store.db.transaction() as session:
        session.execute(delete(audit_log).where(audit_log.c.id == last))
    assert store.verify_audit_chain().ok


def test_concurrent_writers_keep_one_chain(store):
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                store.audit(f"user{n}", "clerk", "submit", "application", f"{n}-{i}")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    verdict = store.verify_audit_chain()
    assert verdict.ok, verdict
    assert verdict.entries == 120


def test_concurrent_writers_from_two_processes_keep_one_chain(store):
    # a second Store (another engine, as another gateway replica would have) writing at the same time
    other = Store(store.db.url, pool_size=8)
    try:
        def writer(s: Store, tag: str) -> None:
            for i in range(20):
                s.audit(tag, "clerk", "submit", "application", f"{tag}-{i}")

        threads = [threading.Thread(target=writer, args=(s, f"{n}")) for n, s in enumerate([store, other] * 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    verdict = store.verify_audit_chain()
    assert verdict.ok and verdict.entries == 80


def test_migration_backfills_existing_entries(db_factory):
    url = db_factory("gateway")
    migrations.upgrade("gateway", url)
    migrations.downgrade("gateway", url, "-1")  # the schema before the chain
    engine = create_engine(url)
    with engine.begin() as conn:
        for i in range(5):
            conn.execute(text("INSERT INTO audit_log (at, username, role, action, object_type, object_id, detail) "
                              "VALUES (:at, 'admin', 'admin', 'view', 'account', :oid, 'ө')"),
                         {"at": utcnow(), "oid": f"acc-{i}"})
    engine.dispose()
    migrations.upgrade("gateway", url)
    s = Store(url, pool_size=2)
    try:
        verdict = s.verify_audit_chain()
        assert verdict.ok and verdict.entries == 5
        s.audit("admin", "admin", "view", "account", "x")  # the new entry chains onto the backfilled ones
        verdict = s.verify_audit_chain()
        assert verdict.ok and verdict.entries == 6
    finally:
        s.close()
