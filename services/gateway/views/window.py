"""The clerk's window: find the applicant, choose the service, fill the form, check the answers (with the
precheck or assessment), submit, print the receipt; today's applications, results to hand over, handover
with the citizen's rating, and the payroll to pay.

Views translate HTTP only: the work is in gateway.operations, the same code as the JSON API.
"""

from __future__ import annotations

import io
import uuid

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from gateway import access, forms, operations
from gateway.auth import current_principal
from gateway.clients import backends
from gateway.i18n import catalog_name
from gateway.messages import rule_text, translate
from gateway.views.web import staff_guard
from tereze.errors import Conflict, DomainError, InvalidArgument, NotFound, RuleViolation
from tereze.timeutil import today

bp = Blueprint("window", __name__)
bp.before_request(staff_guard)


def _clerk():
    principal = current_principal()
    access.require_roles(principal, "clerk")
    return principal


def _catalog() -> list[dict]:
    try:
        return operations.catalog(backends.get())
    except DomainError:
        return []


def _service(code: str) -> dict:
    if code not in forms.FORMS:
        abort(404)
    for service in _catalog():
        if service["code"] == code:
            return service
    return {"code": code, "names": {}, "documents": [], "deadline_days": None}


def _field_errors(fields: dict) -> list[dict]:
    """The error summary: each message translated, linked to the input it belongs to."""
    return [{"name": name, "label": forms.field_label(name), "id": forms.field_id(name),
             "message": translate(message)}
            for name, message in fields.items()]


def _form(service: dict, values: dict, errors: dict | None = None, violations: list | None = None,
          status: int = 200):
    errors = errors or {}
    return render_template(
        "window/form.html", service=service, form=forms.FORMS[service["code"]], applicant=forms.APPLICANT,
        values=values, errors={k: translate(v) for k, v in errors.items()}, summary=_field_errors(errors),
        violations=violations or [],
    ), status


def _violations(error: RuleViolation) -> list[dict]:
    return [{"rule": v.rule, "message": rule_text(v), "field": v.field} for v in error.violations]


def payroll_url() -> str | None:
    """The payroll page of the clerk's office, if the payroll pages are part of this app."""
    if "payroll.sheet" not in current_app.view_functions:
        return None
    try:
        return url_for("payroll.sheet", office=current_principal().office)
    except Exception:  # the endpoint takes other arguments: link without them
        try:
            return url_for("payroll.sheet")
        except Exception:
            return None


# ---- the clerk's day ----


@bp.get("/window")
def dashboard():
    principal = _clerk()
    be = backends.get()
    listing = operations.list_applications(be, principal, {"limit": "100"})
    day = today().isoformat()
    todays = [a for a in listing["items"] if (a["submitted_at"] or "")[:10] == day]
    ready = operations.list_applications(be, principal, {"status": "result_ready", "limit": "100"})["items"]
    payroll, to_pay = payroll_url(), None
    if payroll and hasattr(operations, "get_payroll"):
        try:
            sheet = operations.get_payroll(be, principal, {"office": principal.office})
            to_pay = {"count": sum(1 for line in sheet["lines"] if line["status"] not in ("paid", "not_paid")),
                      "lines": len(sheet["lines"]), "total": sheet["total"]}
        except DomainError:
            to_pay = None
    return render_template("window/dashboard.html", todays=todays, ready=ready, services=_catalog(),
                           payroll=payroll, to_pay=to_pay)


@bp.get("/clerk")
def legacy():
    return redirect(url_for("window.start"))


# ---- a new application ----


@bp.get("/window/start")
def start():
    principal = _clerk()
    pin = (request.args.get("pin") or "").strip()
    person, problem = None, None
    if pin:
        try:
            person = operations.find_person(backends.get(), principal, pin)
        except InvalidArgument as error:
            problem = translate(error.fields.get("pin", error.message))
        except NotFound:
            problem = _("This PIN is not in the population register. Enter the applicant's details by hand.")
    return render_template("window/start.html", pin=pin, person=person, problem=problem, services=_catalog())


@bp.get("/window/new/<service_code>")
def new(service_code: str):
    principal = _clerk()
    service = _service(service_code)
    values: dict = {"idempotency_key": str(uuid.uuid4()), "documents": []}
    pin = (request.args.get("pin") or "").strip()
    if pin:
        values["applicant.pin"] = pin
        try:
            person = operations.find_person(backends.get(), principal, pin)
            for name in ("surname", "given_name", "patronymic", "birth_date", "sex"):
                if person.get(name):
                    values[f"applicant.{name}"] = person[name]
        except (InvalidArgument, NotFound):
            pass
    return _form(service, values)


@bp.post("/window/new/<service_code>")
def review(service_code: str):
    """Check your answers: the form parsed as a submission and prechecked; nothing is stored yet."""
    principal = _clerk()
    service = _service(service_code)
    values = forms.values_of(request.form)
    body, local_errors = forms.payload(service_code, request.form)
    if local_errors:
        return _form(service, values, errors=local_errors, status=400)
    try:
        check = operations.precheck(backends.get(), principal, body)
    except InvalidArgument as error:
        return _form(service, forms.flatten(body) | {"idempotency_key": values.get("idempotency_key", "")},
                     errors=error.fields, status=400)
    flat = forms.flatten(body)
    flat["idempotency_key"] = values.get("idempotency_key") or str(uuid.uuid4())
    return render_template("window/check.html", service=service, form=forms.FORMS[service_code],
                           applicant=forms.APPLICANT, values=flat, check=check,
                           refusals=[{**v, "message": rule_text(v)} for v in check["refusals"]],
                           warnings=[{**v, "message": rule_text(v)} for v in check["warnings"]])


@bp.post("/window/new/<service_code>/change")
def change(service_code: str):
    _clerk()
    return _form(_service(service_code), forms.values_of(request.form))


@bp.post("/window/new/<service_code>/submit")
def submit(service_code: str):
    principal = _clerk()
    service = _service(service_code)
    values = forms.values_of(request.form)
    key = request.form.get("idempotency_key") or str(uuid.uuid4())
    values["idempotency_key"] = key
    body, local_errors = forms.payload(service_code, request.form)
    if local_errors:
        return _form(service, values, errors=local_errors, status=400)
    try:
        app = operations.submit_application(backends.get(), principal, body, key)
    except InvalidArgument as error:
        return _form(service, values, errors=error.fields, status=400)
    except RuleViolation as error:
        return _form(service, values, violations=_violations(error), status=422)
    return redirect(url_for("window.receipt", app_id=app["id"]))


# ---- receipt ----


def qr_svg(url: str) -> Markup:
    """The QR code of a URL as inline SVG (no script, no external request)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", xmldecl=False, svgns=True, scale=3, border=2,
                                    svgclass="qr", lineclass=None, omitsize=False)
    return Markup(buffer.getvalue().decode("utf-8"))  # noqa: S704 - generated by segno from our own URL


@bp.get("/window/receipt/<app_id>")
def receipt(app_id: str):
    principal = _clerk()
    app = operations.get_application(backends.get(), principal, app_id)
    access.ensure_clerk_of(principal, app["office"])
    service = _service(app["service"])
    track_url = url_for("public.track", tracking_number=app["tracking_number"], _external=True)
    office_names = {}
    try:
        for office in backends.get().catalog().offices:
            if office.id == app["office"]:
                office_names = dict(office.names)
    except DomainError:
        pass
    return render_template("window/receipt.html", app=app, service=service, qr=qr_svg(track_url),
                           track_url=track_url, office_name=catalog_name(office_names, app["office"]))


# ---- handover and cancel (on the case page) ----


def _act(app_id: str, action, body: dict):
    try:
        action(backends.get(), current_principal(), app_id, body, request.form.get("idempotency_key"))
        flash(_("Done."))
    except (InvalidArgument, RuleViolation, Conflict) as error:
        texts = [translate(v) for v in (getattr(error, "fields", None) or {}).values()] \
            or [rule_text(v) for v in getattr(error, "violations", [])]
        text = "; ".join(texts) if texts else translate(error.message)
        flash(_("Not done: %(reason)s", reason=text), "error")
    return redirect(url_for("cases.application", app_id=app_id))


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


@bp.post("/applications/<app_id>/info")
def supply_info_submit(app_id: str):
    """The citizen came back with what the back office asked for: the clerk records it, the case resumes."""
    supply = getattr(operations, "supply_info", None)
    if supply is None:
        abort(404)
    body = {"note": request.form.get("note", "").strip(), "documents": request.form.getlist("documents")}
    return _act(app_id, supply, body)
