"""/api/v1: the public JSON contract of DESIGN.md. Views only translate HTTP to operations and back."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from gateway import operations
from gateway.auth import authenticate_bearer, current_principal, roles, sign_in, store
from gateway.clients import backends
from gateway.openapi import document as openapi_document
from tereze.errors import InvalidArgument
from tereze.timeutil import iso

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Endpoints that answer without a token.
PUBLIC_ENDPOINTS = frozenset({"api.issue_token", "api.openapi"})


@bp.before_request
def _authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    authenticate_bearer()
    return None


def json_body(optional: bool = False) -> Any:
    """The request's JSON body; malformed JSON is a 400 naming `body`, never a 500."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return None
        raise InvalidArgument({"body": "a JSON object is required"})
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidArgument({"body": f"malformed JSON: {error}"}) from None


# ---- auth ----


@bp.post("/auth/token")
def issue_token():
    body = json_body()
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    fields = {}
    for name in ("username", "password"):
        if not isinstance(body.get(name), str) or not body.get(name):
            fields[name] = "is required (a string)"
    if fields:
        raise InvalidArgument(fields)
    st = store.get()
    account = sign_in(body["username"], body["password"])  # Unauthenticated, or locked out after failures
    issued = st.issue_token(account, current_app.config["GATEWAY_SETTINGS"].token_ttl)
    return jsonify(
        token=issued.token, expires_at=iso(issued.expires_at), role=account.role, office=account.office or None
    )


# ---- catalog ----


@bp.get("/catalog")
def catalog():
    return jsonify(operations.catalog(backends.get()))


# ---- applications ----


@bp.post("/applications")
@roles("clerk")
def submit_application():
    key = request.headers.get("Idempotency-Key")
    operations.idempotency_key(key, required=True)  # before the body: the header is the first thing to fix
    app = operations.submit_application(backends.get(), current_principal(), json_body(), key)
    response = jsonify(app)
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/applications/{app['id']}"
    return response


@bp.get("/applications")
def list_applications():
    params = {k: request.args.get(k, "") for k in ("status", "service", "office", "limit", "cursor", "due_before")}
    return jsonify(operations.list_applications(backends.get(), current_principal(), params))


@bp.get("/applications/<app_id>")
def get_application(app_id: str):
    return jsonify(operations.get_application(backends.get(), current_principal(), app_id))


@bp.post("/applications/<app_id>/decision")
def decide(app_id: str):
    return jsonify(
        operations.decide(
            backends.get(), current_principal(), app_id, json_body(), request.headers.get("Idempotency-Key")
        )
    )


@bp.post("/applications/<app_id>/handover")
def handover(app_id: str):
    return jsonify(
        operations.handover(
            backends.get(), current_principal(), app_id, json_body(), request.headers.get("Idempotency-Key")
        )
    )


@bp.post("/applications/<app_id>/cancel")
def cancel(app_id: str):
    return jsonify(
        operations.cancel(
            backends.get(), current_principal(), app_id, json_body(optional=True),
            request.headers.get("Idempotency-Key"),
        )
    )


@bp.post("/applications/<app_id>/request-info")
def request_info(app_id: str):
    return jsonify(operations.request_info(backends.get(), current_principal(), app_id, json_body(),
                                           request.headers.get("Idempotency-Key")))


@bp.post("/applications/<app_id>/info")
def supply_info(app_id: str):
    return jsonify(operations.supply_info(backends.get(), current_principal(), app_id, json_body(),
                                          request.headers.get("Idempotency-Key")))


@bp.post("/applications/<app_id>/duplicate")
def decide_duplicate(app_id: str):
    return jsonify(operations.decide_duplicate(backends.get(), current_principal(), app_id, json_body(),
                                               request.headers.get("Idempotency-Key")))


@bp.get("/applications/<app_id>/notifications")
def notifications(app_id: str):
    return jsonify(operations.notifications(backends.get(), current_principal(), app_id))


# ---- in-app notices for staff ----


@bp.get("/notices")
def list_notices():
    params = {k: request.args.get(k, "") for k in ("unread", "language", "office", "limit")}
    return jsonify(operations.list_notices(backends.get(), current_principal(), params))


@bp.post("/notices/<notice_id>/read")
def mark_notice_read(notice_id: str):
    return jsonify(operations.mark_notice_read(backends.get(), current_principal(), notice_id,
                                               request.args.get("language", "")))


# ---- population register ----


@bp.get("/stats")
def stats():
    params = {k: request.args.get(k, "") for k in ("office", "service", "from", "to", "period")}
    return jsonify(operations.stats(backends.get(), current_principal(), params))


# ---- benefits: payroll and renewals ----


@bp.get("/payroll")
def payroll():
    params = {k: request.args.get(k, "") for k in ("office", "month")}
    return jsonify(operations.get_payroll(backends.get(), current_principal(), params))


@bp.post("/payroll/lines/<line_id>")
def mark_payroll_line(line_id: str):
    return jsonify(
        operations.mark_payroll_line(
            backends.get(), current_principal(), line_id, json_body(), request.headers.get("Idempotency-Key")
        )
    )


@bp.get("/renewals")
def renewals():
    params = {k: request.args.get(k, "") for k in ("office", "within_days")}
    return jsonify(operations.renewals(backends.get(), current_principal(), params))


@bp.get("/persons/<pin>")
def find_person(pin: str):
    return jsonify(operations.find_person(backends.get(), current_principal(), pin))


# ---- the contract itself ----


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
