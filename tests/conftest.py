"""Shared test fixtures: real databases (SQLite files, and PostgreSQL when reachable), real gRPC services.

PostgreSQL: TEREZE_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres) is the
admin connection; each test database is created for the test and dropped after it. Where no server answers,
the PostgreSQL tests skip with a message saying so — unless TEREZE_REQUIRE_POSTGRES=1 (CI), where that is a
failure.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tereze import telemetry

PG_ADMIN_URL = os.environ.get("TEREZE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("TEREZE_REQUIRE_POSTGRES", "") == "1"

# One tracer provider for the whole test process, exporting to memory, so in-process spans can be read.
SPANS = InMemorySpanExporter()
_provider = telemetry.init("tests")
_provider.add_span_processor(SimpleSpanProcessor(SPANS))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_pg_state: dict[str, object] = {}


def postgres_unavailable_reason() -> str | None:
    if "reason" not in _pg_state:
        from sqlalchemy import create_engine, text

        try:
            engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as error:  # noqa: BLE001
            _pg_state["reason"] = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(error).__name__}"
    return _pg_state["reason"]  # type: ignore[return-value]


def require_postgres() -> None:
    reason = postgres_unavailable_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(f"{reason} (TEREZE_REQUIRE_POSTGRES=1: PostgreSQL is required here)")
        pytest.skip(f"{reason} — set TEREZE_TEST_POSTGRES_URL to run the PostgreSQL variants")


class PostgresDatabases:
    def __init__(self):
        from sqlalchemy import create_engine

        self.engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, label: str) -> str:
        from sqlalchemy import text

        name = f"bt_test_{uuid.uuid4().hex[:8]}_{label}"
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.engine.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_factory(request, tmp_path):
    """A function label -> database URL, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return lambda label: f"sqlite:///{tmp_path / (label + '.db')}"
    return request.getfixturevalue("postgres_factory")


@pytest.fixture
def postgres_factory():
    """A function label -> URL of a new PostgreSQL database (dropped after the test): for what only PostgreSQL
    has. Mark the test `postgres`."""
    require_postgres()
    pg = PostgresDatabases()
    try:
        yield pg.create
    finally:
        pg.drop_all()


@pytest.fixture
def sqlite_factory(tmp_path):
    return lambda label: f"sqlite:///{tmp_path / (label + '.db')}"


@pytest.fixture
def spans():
    SPANS.clear()
    return SPANS
