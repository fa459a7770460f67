"""SQLAlchemy engine and one transaction per unit of work; the embedded default is SQLite under var/."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

READ_ONLY = "tereze_read_only"

# A connection whose server vanished without closing it (a network partition, a host that died) would
# otherwise wait for an answer for hours (the system's keepalive default is 2 h): a relay or a request
# stuck on it makes no progress and logs nothing. With these libpq settings the connection fails after
# about a minute of silence — an OperationalError, i.e. "database unavailable", retried like any other.
PG_CONNECT_ARGS = {"connect_timeout": 10, "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
                   "keepalives_count": 3, "tcp_user_timeout": 60_000}


# Connections a process keeps to PostgreSQL (TEREZE_DB_POOL_SIZE): all of them stay open once opened. With an
# overflow above a smaller pool (the former 10 + 10), every burst above the pool opened a connection and closed
# it after one transaction, each a server backend forked and torn down: 0.22 per application in intake at
# 32 clerks. The most a process holds is the same 20 either way.
DEFAULT_POOL_SIZE = 20


def make_engine(url: str, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """hide_parameters: a database error's text (which reaches logs with its traceback) shows the SQL but
    never the values bound to it — they may be a PIN, a name or a phone number."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):
            # Let SQLAlchemy's BEGIN below take the write lock up front: no lock-upgrade deadlocks.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=30000")
            # WAL is a property of the file, kept once set: it is set only when the file is not in WAL yet. Setting
            # it on every new connection once failed at once with "database is locked" (a new connection of one of
            # two gateway stores writing the audit chain together, in tests/security/test_audit_chain.py).
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A read (Database.read) takes a snapshot and no lock; everything else takes the write lock at once.
            connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    # No pre-ping: it costs a round trip on every checkout (one per transaction). A connection the server
    # dropped fails its transaction once with a disconnect error, which makes SQLAlchemy discard every pooled
    # connection opened before it; the caller's retry (a 503 to the clerk, the relay's backoff) gets new ones.
    return create_engine(url, pool_size=pool_size, max_overflow=0, pool_recycle=1800, hide_parameters=True,
                         connect_args=PG_CONNECT_ARGS)



def unavailable(error: BaseException) -> bool:
    """The database could not be reached or is busy (server gone, connection dropped, lock timeout): a
    retryable unavailability (gRPC UNAVAILABLE, HTTP 503), not an internal error."""
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


WAKE = "tereze.wake"


def wake_after_commit(conn: Connection) -> None:
    """Ask the `on_commit` hooks to run once this transaction has committed (new outbox work, say)."""
    conn.info[WAKE] = True


class Database:
    """One engine per process; `transaction()` is the unit of work (commit on success, rollback on error)."""

    def __init__(self, url: str, pool_size: int = DEFAULT_POOL_SIZE):
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        self._read_options = {READ_ONLY: True}
        if self.engine.dialect.name == "postgresql":
            self._read_options["isolation_level"] = "AUTOCOMMIT"
        self._after_commit: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` after every commit whose transaction asked for it (`wake_after_commit`)."""
        with self._lock:
            self._after_commit.append(hook)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction on a pooled connection (Core, not the ORM Session: the stores only run Core
        statements, and the Session's bookkeeping cost a third of each statement's CPU)."""
        conn = self.engine.connect()
        try:
            with conn.begin():
                yield conn
            if conn.info.pop(WAKE, False):
                for hook in list(self._after_commit):
                    hook()
        finally:
            conn.info.pop(WAKE, None)  # info belongs to the pooled DBAPI connection: never carry it over
            conn.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A unit of work that only reads. On SQLite a transaction that takes no write lock (a WAL snapshot:
        reads no longer queue behind writers, nor writers behind them). On PostgreSQL no transaction at all
        (autocommit): at READ COMMITTED each statement sees its own snapshot inside a transaction too, so
        BEGIN and COMMIT bought nothing for a read but two round trips (~120 µs of CPU here per read, and the
        server's share). Writing in it is a mistake: SQLite refuses the upgrade when another writer holds the
        lock, and PostgreSQL would commit each statement on its own."""
        conn = self.engine.connect().execution_options(**self._read_options)
        try:
            with conn.begin():
                yield conn
        finally:
            conn.close()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
