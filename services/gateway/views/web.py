"""Server-rendered pages for staff: sign in, the clerk's birth-registration form, applications, decisions.

Forms submit through the same operations as the JSON API; the session cookie is signed, HttpOnly and
SameSite=Lax, and every POST carries the session's CSRF token.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from gateway import access, operations
from gateway.auth import (
    check_csrf,
    current_principal,
    login_session,
    logout_session,
    session_principal,
    store,
)
from gateway.clients import backends
from tereze.errors import Conflict, DomainError, InvalidArgument, RuleViolation

bp = Blueprint("web", __name__)

ANONYMOUS_ENDPOINTS = frozenset({"web.login", "web.login_submit"})

APPLICANT_FIELDS = ("pin", "surname", "given_name", "patronymic", "birth_date", "sex", "phone", "email", "address")
CHILD_FIELDS = ("surname", "given_name", "patronymic", "sex", "birth_date", "birth_place")


@bp.before_request
def _session():
    principal = session_principal()
    if request.method == "POST":
        check_csrf()
    if principal is None and request.endpoint not in ANONYMOUS_ENDPOINTS:
        return redirect(url_for("web.login", next=request.path))
    return None


def _safe_next(target: str | None) -> str:
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
    account = store.get().authenticate(username, request.form.get("password", ""))
    if account is None:
        return render_template("login.html", error="Wrong username or password.", username=username,
                               next=request.form.get("next", "")), 401
    login_session(account)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    logout_session()
    return redirect(url_for("web.login"))


# ---- pages ----


@bp.get("/")
def home():
    principal = current_principal()
    if principal.role == "clerk":
        return redirect(url_for("web.birth_form"))
    if principal.role in access.SERVICES_OF_ROLE:
        return redirect(url_for("web.applications"))
    return render_template("home.html")


def _birth_documents() -> list[dict]:
    try:
        for service in operations.catalog(backends.get()):
            if service["code"] == "birth_registration":
                return service["documents"]
    except DomainError:
        pass
    return []


def _birth_form(values: dict, errors: dict | None = None, violations: list | None = None, status: int = 200):
    return render_template(
        "birth_form.html",
        values=values,
        errors=errors or {},
        violations=violations or [],
        documents=_birth_documents(),
        applicant_fields=APPLICANT_FIELDS,
        child_fields=CHILD_FIELDS,
    ), status


@bp.get("/clerk")
def birth_form():
    access.require_roles(current_principal(), "clerk")
    return _birth_form({"idempotency_key": str(uuid.uuid4())})


def _birth_payload(form) -> dict:
    """The same JSON body the API takes, built from the form (empty inputs are left out)."""

    def picked(prefix: str, names: tuple[str, ...]) -> dict:
        return {name: form.get(f"{prefix}.{name}", "").strip() for name in names
                if form.get(f"{prefix}.{name}", "").strip()}

    details = {"child": picked("details.child", CHILD_FIELDS)}
    details.update(picked("details", ("mother_pin", "father_pin", "medical_certificate_no")))
    return {
        "service": "birth_registration",
        "applicant": picked("applicant", APPLICANT_FIELDS),
        "details": details,
        "documents": form.getlist("documents"),
    }


@bp.post("/clerk/birth")
def birth_submit():
    principal = current_principal()
    access.require_roles(principal, "clerk")
    key = request.form.get("idempotency_key") or str(uuid.uuid4())
    values = dict(request.form.items())
    values["idempotency_key"] = key
    values["documents"] = request.form.getlist("documents")
    try:
        app = operations.submit_application(backends.get(), principal, _birth_payload(request.form), key)
    except InvalidArgument as error:
        return _birth_form(values, errors=error.fields, status=400)
    except RuleViolation as error:
        violations = [{"rule": v.rule, "message": v.message} for v in error.violations]
        return _birth_form(values, violations=violations, status=422)
    flash(f"Accepted. Tracking number {app['tracking_number']}.")
    return redirect(url_for("web.application", app_id=app["id"]))


@bp.get("/applications")
def applications():
    params = {k: request.args.get(k, "") for k in ("status", "service", "cursor")}
    params["limit"] = "50"
    listing = operations.list_applications(backends.get(), current_principal(), params)
    return render_template("applications.html", listing=listing, params=params)


@bp.get("/applications/<app_id>")
def application(app_id: str):
    app = operations.get_application(backends.get(), current_principal(), app_id)
    principal = current_principal()
    can_decide = (
        principal.role in access.SERVICES_OF_ROLE
        and app["service"] in access.SERVICES_OF_ROLE[principal.role]
        and app["status"] in ("routed", "in_review", "needs_info")
    )
    is_clerk = principal.role == "clerk"
    return render_template(
        "application.html",
        app=app,
        can_decide=can_decide,
        can_hand_over=is_clerk and app["status"] == "result_ready",
        can_cancel=is_clerk and app["status"] in ("submitted", "routed", "in_review", "needs_info"),
        action_key=str(uuid.uuid4()),
    )


def _act(app_id: str, action, body: dict):
    try:
        action(backends.get(), current_principal(), app_id, body, request.form.get("idempotency_key"))
    except (InvalidArgument, RuleViolation, Conflict) as error:
        details = getattr(error, "fields", None) or {v.rule: v.message for v in getattr(error, "violations", [])}
        flash("Not done: " + ("; ".join(f"{k}: {v}" for k, v in details.items()) if details else error.message))
    return redirect(url_for("web.application", app_id=app_id))


@bp.post("/applications/<app_id>/decision")
def decision_submit(app_id: str):
    outcome = request.form.get("outcome", "")
    return _act(app_id, operations.decide, {"outcome": outcome, "reason": request.form.get("reason", "")})


@bp.post("/applications/<app_id>/handover")
def handover_submit(app_id: str):
    try:
        rating = int(request.form.get("rating", ""))
    except ValueError:
        rating = None
    return _act(app_id, operations.handover, {"rating": rating})


@bp.post("/applications/<app_id>/cancel")
def cancel_submit(app_id: str):
    return _act(app_id, operations.cancel, {"reason": request.form.get("reason", "")})


@bp.app_template_global()
def role_can_see_personal_data() -> bool:
    try:
        return current_principal().role in access.PERSONAL_DATA_ROLES
    except DomainError:
        return False

