"""The gateway's tables: staff accounts and API tokens (Alembic autogenerates from this metadata)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),
    Column("office", String(50), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
    # the UI language the member of staff chose (ky | ru | en); empty: the browser's
    Column("language", String(5), nullable=False, server_default=""),
    # sessions signed in before this moment are over (sign-out, password reset): the session cookie is
    # client-side, so ending it is recorded here
    Column("sessions_valid_after", DateTime, nullable=True),
)

# Only the SHA-256 of a token is stored: a leaked table gives no usable token.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Index("ix_api_tokens_account_id", "account_id"),
    Index("ix_api_tokens_expires_at", "expires_at"),
)

# Append-only: who viewed or changed what (never updated or deleted by the application).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(40), nullable=False),  # view | submit | decide | handover | cancel | …
    Column("object_type", String(20), nullable=False),  # application | person | account
    Column("object_id", String(100), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    # the hash chain (gateway/auditchain.py): sha256(prev_hash + canonical JSON of this entry)
    Column("prev_hash", String(64), nullable=False, server_default=""),
    Column("hash", String(64), nullable=False, server_default=""),
    Index("ix_audit_log_object", "object_type", "object_id"),
    Index("ix_audit_log_at", "at"),
)

# Failed sign-ins, per account and per client address, for the time-limited lockout.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(100), nullable=False),
    Column("ip", String(64), nullable=False),
    Index("ix_login_failures_username_at", "username", "at"),
    Index("ix_login_failures_ip_at", "ip", "at"),
)
