"""Who is calling: bearer tokens for the JSON API, a signed session cookie for the HTML pages.

The store extension (init_app style) gives each app its own Store; `g.principal` holds the caller.
"""

from __future__ import annotations

import functools
import hmac
import secrets

from flask import Flask, current_app, g, request, session

from gateway.access import Principal, require_roles
from gateway.store import Account, Store
from tereze.errors import Forbidden, Unauthenticated

EXTENSION = "gateway.store"


class StoreExtension:
    def init_app(self, app: Flask) -> None:
        settings = app.config["GATEWAY_SETTINGS"]
        app.extensions[EXTENSION] = Store(settings.database_url)

    @staticmethod
    def get() -> Store:
        return current_app.extensions[EXTENSION]


store = StoreExtension()


def principal_of(account: Account) -> Principal:
    return Principal(username=account.username, role=account.role, office=account.office)


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


# ---- HTML sessions ----

SESSION_USER = "user"
SESSION_CSRF = "csrf"


def login_session(account: Account) -> None:
    session.clear()
    session[SESSION_USER] = account.username
    session[SESSION_CSRF] = secrets.token_urlsafe(32)
    session.permanent = True


def logout_session() -> None:
    session.clear()


def session_principal() -> Principal | None:
    """The signed-in (and still active) account of the session cookie, or None."""
    username = session.get(SESSION_USER)
    if not username:
        return None
    account = store.get().account(username)
    if account is None or not account.active:
        session.clear()
        return None
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
