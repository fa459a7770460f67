"""Staff pages, shared parts: sign in and out, the landing page, the language switch, and the guard every
staff blueprint uses (a signed-in session, CSRF on every POST).

The areas have their own blueprints: window (clerk), cases (registry and benefits desks), monitoring, admin;
public.py is the citizen's status page and api.py the JSON API.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from gateway import access
from gateway.auth import (
    LockedOut,
    check_csrf,
    current_principal,
    login_session,
    logout_session,
    session_principal,
    sign_in,
    store,
)
from gateway.clients import backends
from gateway.i18n import LANGUAGES, SESSION_LANGUAGE, catalog_name
from tereze.errors import DomainError, Unauthenticated

bp = Blueprint("web", __name__)

ANONYMOUS_ENDPOINTS = frozenset({"web.login", "web.login_submit", "web.set_language"})


def staff_guard():
    """before_request of every staff blueprint: CSRF on POST, and a signed-in session (else the login page)."""
    principal = session_principal()
    if request.method == "POST":
        check_csrf()
    if principal is None and request.endpoint not in ANONYMOUS_ENDPOINTS:
        return redirect(url_for("web.login", next=request.path))
    return None


bp.before_request(staff_guard)


def safe_next(target: str | None) -> str:
    # Only local paths: never an open redirect to another site.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.home")


# ---- sign in / out ----


@bp.get("/login")
def login():
    return render_template("login.html", next=request.args.get("next", ""))


@bp.post("/login")
def login_submit():
    username = request.form.get("username", "").strip()
    try:
        account = sign_in(username, request.form.get("password", ""))
    except LockedOut:
        error = _("Too many failed attempts. Sign-in is locked for a while; try again later or ask the "
                  "administrator.")
        return render_template("login.html", error=error, username=username,
                               next=request.form.get("next", "")), 429
    except Unauthenticated:
        return render_template("login.html", error=_("Wrong username or password."), username=username,
                               next=request.form.get("next", "")), 401
    language = session.get(SESSION_LANGUAGE)
    login_session(account)  # a new session (and CSRF token) on every sign-in
    if language and language != account.language:  # chosen on the sign-in page: remembered on the account
        store.get().set_language(account.username, language)
    return redirect(safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    logout_session()
    return redirect(url_for("web.login"))


@bp.post("/language")
def set_language():
    """The language switch: remembered on the account when signed in, in the session otherwise."""
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session[SESSION_LANGUAGE] = language
        try:
            store.get().set_language(current_principal().username, language)
        except Unauthenticated:
            pass
    return redirect(safe_next(request.form.get("next")))


# ---- landing ----


@bp.get("/")
def home():
    principal = current_principal()
    if principal.role == "clerk":
        return redirect(url_for("window.dashboard"))
    if principal.role == "registrar":
        return redirect(url_for("cases.registry_desk"))
    if principal.role == "inspector":
        return redirect(url_for("cases.benefits_desk"))
    if principal.role == "monitor":
        return redirect(url_for("monitoring.dashboard"))
    if principal.role == "admin":
        return redirect(url_for("admin.accounts"))
    return render_template("home.html")


@bp.app_template_global()
def role_can_see_personal_data() -> bool:
    try:
        return current_principal().role in access.PERSONAL_DATA_ROLES
    except DomainError:
        return False


@bp.app_template_global()
def service_name(code: str) -> str:
    """A service's name from the catalog in the page's language (the code when the catalog is unavailable)."""
    try:
        for service in backends.get().catalog().services:
            if service.code == code:
                return catalog_name(dict(service.names), code)
    except DomainError:
        pass
    return code


@bp.app_template_global()
def office_name(office_id: str) -> str:
    try:
        for office in backends.get().catalog().offices:
            if office.id == office_id:
                return catalog_name(dict(office.names), office_id)
    except DomainError:
        pass
    return office_id
