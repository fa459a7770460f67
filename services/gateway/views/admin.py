"""Administration (admin role): accounts (create, deactivate, reset password, role and office), the offices of
the catalog (read-only: the catalog is routing's configuration file), and the audit log."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from gateway import access, operations
from gateway.auth import current_principal, store
from gateway.clients import backends
from gateway.i18n import catalog_name
from gateway.store import ROLES
from gateway.views.web import staff_guard
from tereze.errors import DomainError

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(staff_guard)

USERNAME = re.compile(r"^[a-z0-9._-]{3,100}$")
MIN_PASSWORD = 12


@bp.before_request
def _admin_only():
    if request.endpoint and current_principal_or_none():
        access.require_roles(current_principal(), "admin")


def current_principal_or_none():
    try:
        return current_principal()
    except DomainError:
        return None


def _offices() -> list[dict]:
    try:
        catalog = backends.get().catalog()
    except DomainError:
        return []
    return [{"id": o.id, "name": catalog_name(dict(o.names), o.id), "district": o.district}
            for o in catalog.offices]


def _office_choices() -> list[str]:
    ids = [o["id"] for o in _offices()]
    districts = sorted({o["district"] for o in _offices() if o["district"]}) or ["sokuluk"]
    return ids + [d for d in districts if d not in ids]


@bp.get("/accounts")
def accounts():
    return render_template("admin/accounts.html", accounts=store.get().accounts(), roles=ROLES,
                           offices=_office_choices(), errors={}, values={})


def _validate(values: dict, errors: dict, new: bool) -> None:
    if new and not USERNAME.match(values.get("username", "")):
        errors["username"] = _("3 to 100 characters: small Latin letters, digits, dot, dash or underscore.")
    if values.get("role") not in ROLES:
        errors["role"] = _("Choose a role.")
    office = values.get("office", "")
    if values.get("role") == "clerk" and office not in [o["id"] for o in _offices()]:
        errors["office"] = _("A clerk works at one of the offices of the catalog.")
    if values.get("role") in ("monitor", "admin") and office:
        errors["office"] = _("This role has no office.")
    if new and len(values.get("password", "")) < MIN_PASSWORD:
        errors["password"] = _("At least %(n)s characters.", n=MIN_PASSWORD)


@bp.post("/accounts")
def create():
    values = {k: request.form.get(k, "").strip() for k in ("username", "role", "office")}
    values["password"] = request.form.get("password", "")
    errors: dict = {}
    _validate(values, errors, new=True)
    if not errors and not store.get().ensure_account(values["username"], values["password"], values["role"],
                                                      values["office"]):
        errors["username"] = _("An account with this username exists.")
    if errors:
        values.pop("password")
        return render_template("admin/accounts.html", accounts=store.get().accounts(), roles=ROLES,
                               offices=_office_choices(), errors=errors, values=values), 400
    operations.audit(current_principal(), "create", "account", values["username"], values["role"])
    flash(_("Account %(name)s created.", name=values["username"]))
    return redirect(url_for("admin.accounts"))


def _account_or_404(username: str):
    account = store.get().account(username)
    if account is None:
        from flask import abort

        abort(404)
    return account


@bp.post("/accounts/<username>/active")
def set_active(username: str):
    account = _account_or_404(username)
    active = request.form.get("active") == "true"
    if account.username == current_principal().username and not active:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.accounts"))
    store.get().set_active(username, active)
    operations.audit(current_principal(), "activate" if active else "deactivate", "account", username)
    flash(_("Account %(name)s updated.", name=username))
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<username>/password")
def reset_password(username: str):
    _account_or_404(username)
    password = secrets.token_urlsafe(12)
    store.get().set_password(username, password)  # also revokes the account's API tokens
    operations.audit(current_principal(), "reset_password", "account", username)
    return render_template("admin/password.html", username=username, password=password)


@bp.post("/accounts/<username>/role")
def set_role(username: str):
    _account_or_404(username)
    values = {"role": request.form.get("role", ""), "office": request.form.get("office", "").strip()}
    errors: dict = {}
    _validate(values, errors, new=False)
    if errors:
        flash(_("Not done: %(reason)s", reason="; ".join(errors.values())), "error")
        return redirect(url_for("admin.accounts"))
    store.get().set_role_office(username, values["role"], values["office"])
    operations.audit(current_principal(), "set_role", "account", username, f"{values['role']} {values['office']}")
    flash(_("Account %(name)s updated.", name=username))
    return redirect(url_for("admin.accounts"))


@bp.get("/offices")
def offices():
    return render_template("admin/offices.html", offices=_offices())


@bp.get("/audit")
def audit():
    entries = store.get().audit_entries(object_type=request.args.get("object_type", ""),
                                        object_id=request.args.get("object_id", ""),
                                        username=request.args.get("username", ""))
    return render_template("admin/audit.html", entries=entries, params=request.args)
