"""Who is calling: bearer tokens for the JSON API, a signed session cookie for the HTML pages.

The store extension (init_app style) gives each app its own Store; `g.principal` holds the caller.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import secrets
import time

from flask import Flask, current_app, g, request, session

from gateway.access import Principal, require_roles
from gateway.store import Account, Store
from tereze.errors import Forbidden, Unauthenticated
from tereze.timeutil import utcnow

EXTENSION = "gateway.store"


class StoreExtension:
    def init_app(self, app: Flask) -> None:
        settings = app.config["GATEWAY_SETTINGS"]
        app.extensions[EXTENSION] = Store(settings.database_url, pool_size=settings.db_pool_size)

    @staticmethod
    def get() -> Store:
        return current_app.extensions[EXTENSION]


store = StoreExtension()


def principal_of(account: Account) -> Principal:
    return Principal(username=account.username, role=account.role, office=account.office,
                     language=account.language)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate_bearer() -> Principal:
    """The principal of the request's bearer token; Unauthenticated when missing, unknown or expired."""
    token = bearer_token()
    if token is None:
        raise Unauthenticated("send Authorization: Bearer <token> (POST /api/v1/auth/token)")
    account = store.get().account_for_token(token)
    if account is None:
        raise Unauthenticated("the token is unknown, expired or revoked")
    g.principal = principal_of(account)
    return g.principal


def current_principal() -> Principal:
    principal = g.get("principal")
    if principal is None:
        raise Unauthenticated("not signed in")
    return principal


def roles(*allowed: str):
    """View decorator: the authenticated principal must have one of these roles (403 otherwise)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            require_roles(current_principal(), *allowed)
            return view(*args, **kwargs)

        return wrapper

    return decorator


# ---- sign-in with lockout (pages and API alike) ----


class LockedOut(Unauthenticated):
    """Too many failed sign-ins for this account or from this address; try again later."""


def client_ip() -> str:
    return request.remote_addr or "unknown"


def sign_in(username: str, password: str) -> Account:
    """The account for these credentials; Unauthenticated when wrong, LockedOut while locked.

    After `lockout_account_failures` failures for one username, or `lockout_ip_failures` from one address,
    within `lockout_seconds`, sign-in is refused (even with the right password) until the window has passed.
    """
    settings = current_app.config["GATEWAY_SETTINGS"]
    st = store.get()
    ip = client_ip()
    since = utcnow() - dt.timedelta(seconds=settings.lockout_seconds)
    by_user, by_ip = st.login_failures_since(since, username=username, ip=ip)
    if by_user >= settings.lockout_account_failures or by_ip >= settings.lockout_ip_failures:
        minutes = max(1, settings.lockout_seconds // 60)
        raise LockedOut(f"too many failed sign-ins; try again in {minutes} minutes")
    account = st.authenticate(username, password)
    if account is None:
        st.record_login_failure(username, ip)
        raise Unauthenticated("wrong username or password")
    st.clear_login_failures(username, older_than=since)
    return account


# ---- HTML sessions ----

SESSION_USER = "user"
SESSION_CSRF = "csrf"


SESSION_SIGNED_IN = "iat"  # when the session signed in (epoch seconds)
SESSION_SEEN = "seen"  # the last request of the session (epoch seconds), for the idle timeout


def login_session(account: Account) -> None:
    """A new session on every sign-in: new contents, new CSRF token."""
    session.clear()
    now = time.time()
    session[SESSION_USER] = account.username
    session[SESSION_CSRF] = secrets.token_urlsafe(32)
    session[SESSION_SIGNED_IN] = now
    session[SESSION_SEEN] = now
    session.permanent = True


def logout_session() -> None:
    """Sign out: the cookie is cleared and the account's sessions signed in until now end on the server too
    (a copy of the old cookie no longer works)."""
    username = session.get(SESSION_USER)
    session.clear()
    if username:
        store.get().end_sessions(username)


def session_principal() -> Principal | None:
    """The signed-in (and still active) account of the session cookie, or None when there is none, the
    account is inactive, the session was ended (sign-out, password reset) or has been idle too long."""
    username = session.get(SESSION_USER)
    if not username:
        return None
    account = store.get().account(username)
    now = time.time()
    signed_in = float(session.get(SESSION_SIGNED_IN) or 0)
    seen = float(session.get(SESSION_SEEN) or 0)
    idle = current_app.config["GATEWAY_SETTINGS"].session_idle_seconds
    ended = account is not None and account.sessions_valid_after is not None and \
        signed_in < account.sessions_valid_after.replace(tzinfo=dt.UTC).timestamp()
    if account is None or not account.active or ended or (idle and now - seen > idle):
        session.clear()
        return None
    if now - seen > 30:  # refresh the idle clock (not on every request: the cookie would change each time)
        session[SESSION_SEEN] = now
    g.principal = principal_of(account)
    return g.principal


def csrf_token() -> str:
    token = session.get(SESSION_CSRF)
    if not token:
        token = session[SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    expected = session.get(SESSION_CSRF, "")
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("the form has expired or did not come from this site; reload the page")
