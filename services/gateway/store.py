"""Storage of the gateway: the only module that knows SQL.

Accounts carry a scrypt password hash (werkzeug's default); API tokens are random and only their SHA-256
is stored, with an expiry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, func, insert, or_, select, text, update
from werkzeug.security import check_password_hash, generate_password_hash

from gateway import auditchain
from gateway.models import accounts, api_tokens, audit_log, login_failures
from tereze.db import DEFAULT_POOL_SIZE, Database
from tereze.timeutil import utcnow

# the key of the PostgreSQL advisory lock that serialises writers of the audit chain ("AUDT")
AUDIT_CHAIN_LOCK = 0x41554454

# Run on every API request and every audited action: built once (SQLAlchemy reuses the compiled form).
_ACCOUNT_FOR_TOKEN = (select(accounts, api_tokens.c.expires_at, api_tokens.c.revoked_at)
                      .join(api_tokens, api_tokens.c.account_id == accounts.c.id)
                      .where(api_tokens.c.token_hash == bindparam("by_hash")))
_CHAIN_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
_LAST_HASH = select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
_INSERT_AUDIT = insert(audit_log)

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
    language: str = ""
    sessions_valid_after: dt.datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    username: str
    role: str
    action: str
    object_type: str
    object_id: str
    detail: str


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: dt.datetime
    account: Account


def _account(row) -> Account:
    return Account(id=row.id, username=row.username, role=row.role, office=row.office or "", active=row.active,
                   language=getattr(row, "language", "") or "",
                   sessions_valid_after=getattr(row, "sessions_valid_after", None))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class _Pending:
    entry: dict
    done: bool = False
    error: BaseException | None = field(default=None, repr=False)


class AuditWriter:
    """Group commit of the audit chain: every caller waits until its own entry is committed (nothing is
    acknowledged before it is durable), but the entries that arrive while one transaction is being written
    go together in the next one: one chain lock, one read of the last hash and one commit per group instead
    of per request. No thread of its own: the first waiting caller writes the group (leader/followers).

    Writers are serialised so there is one chain: in this process by the leader role, across gateway
    processes by a transaction-scoped advisory lock on PostgreSQL and the write lock of BEGIN IMMEDIATE on
    SQLite.
    """

    def __init__(self, db: Database):
        self.db = db
        self._cv = threading.Condition()
        self._queue: list[_Pending] = []
        self._writing = False

    def append(self, entry: dict) -> None:
        mine = _Pending(entry)
        with self._cv:
            self._queue.append(mine)
            while not mine.done and self._writing:
                self._cv.wait()
            if mine.done:
                if mine.error is not None:
                    raise mine.error
                return
            self._writing = True
            group, self._queue = self._queue, []
        error = None
        try:
            self._write([p.entry for p in group])
        except BaseException as failure:  # handed to every caller of the group
            error = failure
        with self._cv:
            for pending in group:
                pending.done, pending.error = True, error
            self._writing = False
            self._cv.notify_all()
        if error is not None:
            raise error

    def _write(self, entries: list[dict]) -> None:
        with self.db.transaction() as session:
            if self.db.dialect == "postgresql":
                session.execute(_CHAIN_LOCK, {"key": AUDIT_CHAIN_LOCK})
            prev = session.execute(_LAST_HASH).scalar()
            prev = prev or auditchain.GENESIS
            rows = []
            for entry in entries:
                digest = auditchain.link(prev, entry)
                rows.append({**entry, "prev_hash": prev, "hash": digest})
                prev = digest
            session.execute(_INSERT_AUDIT, rows)


class Store:
    def __init__(self, database_url: str, pool_size: int = DEFAULT_POOL_SIZE):
        self.db = Database(database_url, pool_size=pool_size)
        self._audit = AuditWriter(self.db)

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
        with self.db.read() as session:
            row = session.execute(_ACCOUNT_FOR_TOKEN, {"by_hash": token_hash(token)}).first()
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

    # ---- account administration and preferences ----

    def accounts(self) -> list[Account]:
        with self.db.transaction() as session:
            rows = session.execute(select(accounts).order_by(accounts.c.username)).all()
        return [_account(r) for r in rows]

    def set_language(self, username: str, language: str) -> None:
        with self.db.transaction() as session:
            session.execute(update(accounts).where(accounts.c.username == username).values(language=language))

    def end_sessions(self, username: str) -> None:
        """Every session of the account signed in until now is over (sign-out, password reset)."""
        with self.db.transaction() as session:
            session.execute(update(accounts).where(accounts.c.username == username)
                            .values(sessions_valid_after=utcnow()))

    def set_password(self, username: str, password: str) -> None:
        """A new password: the account's API tokens are revoked and its sessions end."""
        with self.db.transaction() as session:
            session.execute(update(accounts).where(accounts.c.username == username)
                            .values(password_hash=generate_password_hash(password), sessions_valid_after=utcnow()))
            account_id = select(accounts.c.id).where(accounts.c.username == username).scalar_subquery()
            session.execute(update(api_tokens).where(api_tokens.c.account_id == account_id,
                                                     api_tokens.c.revoked_at.is_(None)).values(revoked_at=utcnow()))

    def set_role_office(self, username: str, role: str, office: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        with self.db.transaction() as session:
            session.execute(update(accounts).where(accounts.c.username == username).values(role=role, office=office))

    # ---- audit log (append-only: there is no update or delete here) ----

    def audit(self, username: str, role: str, action: str, object_type: str, object_id: str, detail: str = "") -> None:
        """Append one entry chained to the last one's hash; returns once it is committed (see AuditWriter)."""
        self._audit.append(dict(at=utcnow(), username=username, role=role, action=action, object_type=object_type,
                                object_id=object_id[:100], detail=detail))

    def verify_audit_chain(self, batch: int = 1000) -> auditchain.Verdict:
        """Walk the whole audit log in id order and check every link (`tereze audit verify`)."""

        def rows():
            last_id = 0
            while True:
                with self.db.read() as session:
                    chunk = session.execute(select(audit_log).where(audit_log.c.id > last_id)
                                            .order_by(audit_log.c.id).limit(batch)).mappings().all()
                if not chunk:
                    return
                yield from chunk
                last_id = chunk[-1]["id"]

        return auditchain.verify(rows())

    def audit_entries(self, *, object_type: str = "", object_id: str = "", username: str = "",
                      limit: int = 200) -> list[AuditEntry]:
        query = select(audit_log)
        if object_type:
            query = query.where(audit_log.c.object_type == object_type)
        if object_id:
            query = query.where(audit_log.c.object_id == object_id)
        if username:
            query = query.where(audit_log.c.username == username)
        with self.db.read() as session:
            rows = session.execute(query.order_by(audit_log.c.id.desc()).limit(limit)).all()
        return [AuditEntry(r.at, r.username, r.role, r.action, r.object_type, r.object_id, r.detail) for r in rows]

    # ---- sign-in failures (lockout) ----

    def record_login_failure(self, username: str, ip: str) -> None:
        with self.db.transaction() as session:
            session.execute(insert(login_failures).values(at=utcnow(), username=username[:100], ip=ip[:64]))

    def login_failures_since(self, since: dt.datetime, *, username: str = "", ip: str = "") -> tuple[int, int]:
        """(failures of this username, failures from this address) since `since`."""
        with self.db.read() as session:
            by_user = session.execute(select(func.count()).select_from(login_failures).where(
                login_failures.c.username == username, login_failures.c.at >= since)).scalar_one()
            by_ip = session.execute(select(func.count()).select_from(login_failures).where(
                login_failures.c.ip == ip, login_failures.c.at >= since)).scalar_one()
        return by_user, by_ip

    def clear_login_failures(self, username: str, older_than: dt.datetime | None = None) -> None:
        with self.db.transaction() as session:
            condition = login_failures.c.username == username
            if older_than is not None:
                condition = or_(condition, login_failures.c.at < older_than)
            session.execute(delete(login_failures).where(condition))
