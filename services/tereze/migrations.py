"""Alembic migrations, one history per service, in services/<service>/migrations/.

`tereze migrate <service>` upgrades that service's DATABASE_URL to head; the migrations' env.py of each
service is three lines that call `run_env` with the service's metadata.
"""

from __future__ import annotations

import importlib
import pathlib

from alembic import command
from alembic.config import Config


def script_location(service: str) -> pathlib.Path:
    package = importlib.import_module(service)
    return pathlib.Path(package.__file__).resolve().parent / "migrations"


def alembic_config(service: str, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location(service)))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(service: str, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, url), revision)


def downgrade(service: str, url: str, revision: str = "-1") -> None:
    command.downgrade(alembic_config(service, url), revision)


def current(service: str, url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def make_revision(service: str, message: str) -> None:
    """Autogenerate the next revision of a service by diffing its models against a scratch database."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scratch.db"
        upgrade(service, url)
        command.revision(alembic_config(service, url), message=message, autogenerate=True)


# Revision steps shared by the services with an outbox (intake, routing, registry, benefits). A step here is
# part of four histories: change it never, add a new one instead.


def outbox_partial_indexes_upgrade(op) -> None:
    """ix_outbox_due (every row) → ix_outbox_pending (undelivered rows only) + ix_outbox_delivered (for the purge)."""
    import sqlalchemy as sa

    pending, delivered = sa.text("delivered_at IS NULL AND failed_at IS NULL"), sa.text("delivered_at IS NOT NULL")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")
        batch_op.create_index("ix_outbox_pending", ["available_at"], unique=False,
                              postgresql_where=pending, sqlite_where=pending)
        batch_op.create_index("ix_outbox_delivered", ["delivered_at"], unique=False,
                              postgresql_where=delivered, sqlite_where=delivered)


def outbox_partial_indexes_downgrade(op) -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_delivered")
        batch_op.drop_index("ix_outbox_pending")
        batch_op.create_index("ix_outbox_due", ["delivered_at", "available_at"], unique=False)


def run_env(target_metadata) -> None:
    """The body of every service's migrations/env.py."""
    from alembic import context
    from sqlalchemy import engine_from_config, pool

    config = context.config
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                          literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
