"""/api/v1: the public JSON contract of DESIGN.md. Views only translate HTTP to operations and back."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from gateway import operations
from gateway.auth import authenticate_bearer, current_principal, roles, store
from gateway.clients import backends
from gateway.openapi import document as openapi_document
from tereze.errors import InvalidArgument, Unauthenticated
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
    account = st.authenticate(body["username"], body["password"])
    if account is None:
        raise Unauthenticated("wrong username or password")
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
    params = {k: request.args.get(k, "") for k in ("status", "service", "office", "limit", "cursor")}
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


@bp.get("/applications/<app_id>/notifications")
def notifications(app_id: str):
    return jsonify(operations.notifications(backends.get(), current_principal(), app_id))


# ---- population register ----


@bp.get("/persons/<pin>")
def find_person(pin: str):
    return jsonify(operations.find_person(backends.get(), current_principal(), pin))


# ---- the contract itself ----


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
