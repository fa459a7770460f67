"""Every service's migrations: from an empty database to head, matching the models, and one step back and
forth again — on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from tereze import SERVICES, migrations


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_reach_the_models_and_step_back(db_factory, service):
    url = db_factory(service)
    migrations.upgrade(service, url)
    head = migrations.current(service, url)
    assert head is not None
    metadata = importlib.import_module(f"{service}.models").metadata
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == [], f"models and migrations of {service} differ: {diff}"

        migrations.downgrade(service, url, "-1")
        assert migrations.current(service, url) != head
        migrations.upgrade(service, url)
        assert migrations.current(service, url) == head
        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables
    finally:
        engine.dispose()
