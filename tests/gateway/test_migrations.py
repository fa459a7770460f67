"""The gateway's Alembic history builds exactly the tables of gateway.models, and goes down cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from gateway.models import metadata
from tereze import migrations


def test_head_matches_the_models_and_downgrades(db_factory):
    url = db_factory("gateway")
    migrations.upgrade("gateway", url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == [], diff
        migrations.downgrade("gateway", url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
