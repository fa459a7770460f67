"""The registrar's and the inspector's desks, and the case page every staff role with personal data uses.

- /desk/registry (registrar) and /desk/benefits (inspector): the open cases of the agency, oldest deadline
  first, with deadline badges.
- /applications/<id>: documents, history, flags and the assessment; decide (approve / reject with a reason;
  a decision against the automatic assessment needs a justification); ask for information when the back
  office supports it; links to the certificates and letters of the documents pages.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from gateway import access, forms, operations
from gateway.auth import current_principal
from gateway.clients import backends
from gateway.messages import rule_text, translate
from gateway.views.web import staff_guard
from gateway.views.window import payroll_url
from tereze.errors import Conflict, DomainError, InvalidArgument, RuleViolation
from tereze.timeutil import today

bp = Blueprint("cases", __name__)
bp.before_request(staff_guard)

OPEN_STATUSES = ("routed", "in_review", "needs_info", "submitted")
DECIDABLE = ("routed", "in_review", "needs_info")


def deadline_badge(due_date: str | None, status: str) -> dict | None:
    """{kind, days}: overdue / due soon (2 days) / on time, for open cases with a due date."""
    if not due_date or status not in OPEN_STATUSES:
        return None
    import datetime as dt

    try:
        days = (dt.date.fromisoformat(due_date) - today()).days
    except ValueError:
        return None
    kind = "overdue" if days < 0 else "soon" if days <= 2 else "ok"
    return {"kind": kind, "days": abs(days)}


@bp.app_template_global()
def badge(app: dict) -> dict | None:
    return deadline_badge(app.get("due_date"), app.get("status", ""))


def _desk(role: str, title: str):
    principal = current_principal()
    access.require_roles(principal, role)
    be = backends.get()
    service = request.args.get("service", "")
    items: list[dict] = []
    for status in DECIDABLE:
        items += operations.list_applications(be, principal, {"status": status, "service": service,
                                                              "limit": "100"})["items"]
    items.sort(key=lambda a: (a.get("due_date") or "9999", a.get("submitted_at") or ""))
    services = [s for s in operations.catalog(be) if s["code"] in access.SERVICES_OF_ROLE[role]] \
        if _catalog_ok() else []
    return render_template("desk/queue.html", items=items, title=title, services=services, service=service)


def _catalog_ok() -> bool:
    try:
        operations.catalog(backends.get())
        return True
    except DomainError:
        return False


@bp.get("/desk/registry")
def registry_desk():
    return _desk("registrar", _("Civil registration cases"))


@bp.get("/desk/benefits")
def benefits_desk():
    return _desk("inspector", _("Benefit claims"))


@bp.get("/applications")
def applications():
    params = {k: request.args.get(k, "") for k in ("status", "service", "cursor")}
    params["limit"] = "50"
    listing = operations.list_applications(backends.get(), current_principal(), params)
    return render_template("applications.html", listing=listing, params=params)


def document_links(app: dict) -> list[dict]:
    """Links to the printable certificate(s) and refusal letter (views/documents.py, when it is present)."""
    links = []
    functions = current_app.view_functions
    if "documents.certificate" in functions:
        for key, value in sorted(app.get("result", {}).items()):
            if "certificate_number" in key and value:
                links.append({"url": url_for("documents.certificate", number=value),
                              "label": _("Certificate %(number)s", number=value)})
    if app.get("outcome") == "rejected" and "documents.refusal" in functions:
        links.append({"url": url_for("documents.refusal", app_id=app["id"]), "label": _("Refusal letter")})
    return links


@bp.get("/applications/<app_id>")
def application(app_id: str):
    principal = current_principal()
    app = operations.get_application(backends.get(), principal, app_id)
    can_decide = (
        principal.role in access.SERVICES_OF_ROLE
        and app["service"] in access.SERVICES_OF_ROLE[principal.role]
        and app["status"] in DECIDABLE
    )
    is_clerk = principal.role == "clerk"
    return render_template(
        "application.html",
        app=app,
        can_decide=can_decide,
        can_request_info=can_decide and hasattr(operations, "request_info") and app["status"] != "needs_info",
        can_hand_over=is_clerk and app["status"] == "result_ready",
        can_decide_duplicate=can_decide and hasattr(operations, "decide_duplicate")
        and not (app.get("case") or {}).get("duplicate_decision")
        and any("duplicate" in f.get("rule", "") for f in [*(app.get("case") or {}).get("flags", []),
                                                            *app.get("warnings", [])]),
        can_supply_info=is_clerk and app["status"] == "needs_info" and hasattr(operations, "supply_info"),
        can_cancel=is_clerk and app["status"] in ("submitted", "routed", "in_review", "needs_info"),
        action_key=str(uuid.uuid4()),
        documents=document_links(app) if app["status"] in ("result_ready", "handed_over") else [],
        receipt=is_clerk,
        payroll=payroll_url() if is_clerk else None,
    )


def _flash_error(error: DomainError) -> None:
    texts = [translate(v) for v in (getattr(error, "fields", None) or {}).values()] \
        or [rule_text(v) for v in getattr(error, "violations", [])]
    text = "; ".join(texts) if texts else translate(error.message)
    flash(_("Not done: %(reason)s", reason=text), "error")


@bp.post("/applications/<app_id>/decision")
def decision_submit(app_id: str):
    principal = current_principal()
    body = {"outcome": request.form.get("outcome", ""), "reason": request.form.get("reason", "").strip()}
    if "justification" in request.form:  # benefit claims with an automatic assessment
        body["justification"] = request.form.get("justification", "").strip()
    try:
        operations.decide(backends.get(), principal, app_id, body, request.form.get("idempotency_key"))
        flash(_("Decision recorded."))
    except (InvalidArgument, RuleViolation, Conflict) as error:
        _flash_error(error)
    return redirect(url_for("cases.application", app_id=app_id))


@bp.post("/applications/<app_id>/request-info")
def request_info_submit(app_id: str):
    """Ask the applicant for information (through the back office's request-info flow, when present)."""
    request_info = getattr(operations, "request_info", None)
    if request_info is None:
        flash(_("Asking for information is not available yet."), "error")
        return redirect(url_for("cases.application", app_id=app_id))
    try:
        request_info(backends.get(), current_principal(), app_id,
                     {"note": request.form.get("note", "").strip()}, request.form.get("idempotency_key"))
        flash(_("The request for information was sent."))
    except (InvalidArgument, RuleViolation, Conflict) as error:
        _flash_error(error)
    return redirect(url_for("cases.application", app_id=app_id))


@bp.app_template_global()
def flat_details(details: dict) -> dict:
    """An application's details as (label → value) rows, labelled like the form's fields."""
    import re

    rows = {}
    for name, value in forms.flatten({"details": details}).items():
        if name == "documents" or value in ("", None):
            continue
        f = forms.ALL_FIELDS.get(name)
        label = str(f.label) if f else name.removeprefix("details.")
        match = re.match(r"details\.household\[(\d+)\]", name)
        if match:
            label = f"{int(match.group(1)) + 1}. {label}"
        if f and f.kind == "select":
            value = next((str(lbl) for v, lbl in f.options if v == value), value)
        elif f and f.kind == "bool":
            value = _("yes") if value == "true" else _("no")
        rows[label] = value
    return rows


@bp.app_template_global()
def document_name(service: str, code: str) -> str:
    from gateway.i18n import catalog_name

    try:
        for s in operations.catalog(backends.get()):
            if s["code"] == service:
                for d in s["documents"]:
                    if d["code"] == code:
                        return catalog_name(d["names"], code)
    except DomainError:
        pass
    return code


@bp.post("/applications/<app_id>/duplicate")
def duplicate_submit(app_id: str):
    """The registrar's word on a possible duplicate birth (needed before approving a flagged case)."""
    decide_duplicate = getattr(operations, "decide_duplicate", None)
    if decide_duplicate is None:
        flash(_("Not available yet."), "error")
        return redirect(url_for("cases.application", app_id=app_id))
    try:
        decide_duplicate(backends.get(), current_principal(), app_id,
                         {"decision": request.form.get("decision", ""), "note": request.form.get("note", "").strip()},
                         request.form.get("idempotency_key"))
        flash(_("Recorded."))
    except (InvalidArgument, RuleViolation, Conflict) as error:
        _flash_error(error)
    return redirect(url_for("cases.application", app_id=app_id))
