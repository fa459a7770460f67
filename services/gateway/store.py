"""Storage of the gateway: the only module that knows SQL.

Accounts carry a scrypt password hash (werkzeug's default); API tokens are random and only their SHA-256
is stored, with an expiry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from gateway.models import accounts, api_tokens
from tereze.db import Database
from tereze.timeutil import utcnow

ROLES = ("clerk", "registrar", "inspector", "monitor", "admin")

# Compared against when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password")


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    office: str
    active: bool


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: dt.datetime
    account: Account


def _account(row) -> Account:
    return Account(id=row.id, username=row.username, role=row.role, office=row.office or "", active=row.active)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, database_url: str, pool_size: int = 10):
        self.db = Database(database_url, pool_size=pool_size)

    def close(self) -> None:
        self.db.dispose()

    def ping(self) -> bool:
        return self.db.ping()

    # ---- accounts ----

    def ensure_account(self, username: str, password: str, role: str, office: str = "") -> bool:
        """Create the account if no account has that username; True when created."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        with self.db.transaction() as session:
            exists = session.execute(select(accounts.c.id).where(accounts.c.username == username)).first()
            if exists:
                return False
            session.execute(
                insert(accounts).values(
                    username=username,
                    password_hash=generate_password_hash(password),
                    role=role,
                    office=office,
                    active=True,
                    created_at=utcnow(),
                )
            )
            return True

    def set_active(self, username: str, active: bool) -> None:
        with self.db.transaction() as session:
            session.execute(update(accounts).where(accounts.c.username == username).values(active=active))

    def account(self, username: str) -> Account | None:
        with self.db.transaction() as session:
            row = session.execute(select(accounts).where(accounts.c.username == username)).first()
            return _account(row) if row else None

    def authenticate(self, username: str, password: str) -> Account | None:
        """The active account with these credentials, or None (never says which part was wrong)."""
        with self.db.transaction() as session:
            row = session.execute(select(accounts).where(accounts.c.username == username)).first()
        if row is None:
            check_password_hash(_DUMMY_HASH, password)
            return None
        if not check_password_hash(row.password_hash, password) or not row.active:
            return None
        return _account(row)

    # ---- API tokens ----

    def issue_token(self, account: Account, ttl_seconds: int) -> IssuedToken:
        token = secrets.token_urlsafe(32)
        now = utcnow()
        expires_at = now + dt.timedelta(seconds=ttl_seconds)
        with self.db.transaction() as session:
            session.execute(
                insert(api_tokens).values(
                    token_hash=token_hash(token), account_id=account.id, created_at=now, expires_at=expires_at
                )
            )
        return IssuedToken(token=token, expires_at=expires_at, account=account)

    def account_for_token(self, token: str) -> Account | None:
        """The active account a valid (known, unexpired, unrevoked) token belongs to."""
        if not token:
            return None
        with self.db.transaction() as session:
            row = session.execute(
                select(accounts, api_tokens.c.expires_at, api_tokens.c.revoked_at)
                .join(api_tokens, api_tokens.c.account_id == accounts.c.id)
                .where(api_tokens.c.token_hash == token_hash(token))
            ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= utcnow() or not row.active:
            return None
        return _account(row)

    def revoke_token(self, token: str) -> None:
        with self.db.transaction() as session:
            session.execute(
                update(api_tokens)
                .where(api_tokens.c.token_hash == token_hash(token), api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )

    def expire_token_now(self, token: str) -> None:
        """Make a token expire immediately (tests, administrators)."""
        with self.db.transaction() as session:
            session.execute(
                update(api_tokens)
                .where(api_tokens.c.token_hash == token_hash(token))
                .values(expires_at=utcnow() - dt.timedelta(seconds=1))
            )

    def purge_expired_tokens(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        with self.db.transaction() as session:
            result = session.execute(delete(api_tokens).where(api_tokens.c.expires_at < utcnow() - older_than))
            return result.rowcount or 0
