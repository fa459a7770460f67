"""What the gateway does, once for the JSON API and the HTML pages alike.

Each operation takes the authenticated principal and plain (JSON-like) values, checks access, calls the
gRPC services and returns plain values. Errors are tereze DomainErrors; the views map them to HTTP.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from birtereze.benefits.v1 import benefits_pb2
from birtereze.common.v1 import common_pb2
from birtereze.intake.v1 import intake_pb2
from birtereze.notify.v1 import notify_pb2
from birtereze.registry.v1 import registry_pb2
from gateway import access, convert
from gateway.access import Principal
from gateway.clients import Backends
from tereze.convert import STATUSES, outcome_value
from tereze.errors import Conflict, FieldErrors, InvalidArgument, NotFound
from tereze.pin import pin_error
from tereze.timeutil import today

log = logging.getLogger("gateway.operations")

MAX_LIST_LIMIT = 100
DEFAULT_LIST_LIMIT = 20
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")  # visible ASCII, no spaces
_ID = re.compile(r"^[\w.:-]{1,100}$")


def idempotency_key(raw: str | None, required: bool) -> str | None:
    if raw is None or raw == "":
        if required:
            raise InvalidArgument({"Idempotency-Key": "this header is required (a unique key per request)"})
        return None
    if not _IDEMPOTENCY_KEY.match(raw):
        raise InvalidArgument({"Idempotency-Key": "must be 1 to 128 visible ASCII characters"})
    return raw


def request_id(principal: Principal, key: str | None) -> str:
    """Keys are namespaced per user: two clerks choosing the same key never collide."""
    return f"{principal.username}:{key}" if key else f"{principal.username}:{uuid.uuid4()}"


def _application(backends: Backends, app_id: str) -> common_pb2.Application:
    if not isinstance(app_id, str) or not _ID.match(app_id):
        raise NotFound("application not found")
    return backends.intake.GetApplication(intake_pb2.GetApplicationRequest(id=app_id))


def _visible_application(backends: Backends, principal: Principal, app_id: str) -> common_pb2.Application:
    access.require_personal_data(principal)
    app = _application(backends, app_id)
    access.ensure_visible(principal, app.service, app.office)
    return app


# ---- catalog ----


def catalog(backends: Backends) -> list[dict]:
    return [convert.catalog_service_json(s) for s in backends.catalog().services]


def service_names(backends: Backends, code: str) -> dict[str, str]:
    for service in backends.catalog().services:
        if service.code == code:
            return dict(service.names)
    return {}


# ---- applications ----


def submit_application(backends: Backends, principal: Principal, body: Any, key: str | None) -> dict:
    key = idempotency_key(key, required=True)
    service, office, applicant, details, documents = convert.parse_submission(body)
    office = access.submission_office(principal, office)
    app = backends.intake.SubmitApplication(
        intake_pb2.SubmitApplicationRequest(
            request_id=request_id(principal, key),
            service=service,
            office=office,
            applicant=applicant,
            details=details,
            documents=documents,
            actor=principal.actor(),
        )
    )
    log.info("application submitted",
             extra={"application_id": app.id, "tracking_number": app.tracking_number, "service": service,
                    "office": office})
    return convert.application_json(app)


def get_application(backends: Backends, principal: Principal, app_id: str) -> dict:
    return convert.application_json(_visible_application(backends, principal, app_id))


def list_applications(backends: Backends, principal: Principal, params: dict[str, str]) -> dict:
    errors = FieldErrors()
    status = params.get("status") or ""
    if status and status not in STATUSES:
        errors.add("status", "must be one of " + ", ".join(STATUSES))
    service = params.get("service") or ""
    if service and service not in access.SERVICES:
        errors.add("service", "must be one of " + ", ".join(sorted(access.SERVICES)))
    limit = DEFAULT_LIST_LIMIT
    raw_limit = params.get("limit")
    if raw_limit not in (None, ""):
        try:
            limit = int(raw_limit)
            if not 1 <= limit <= MAX_LIST_LIMIT:
                raise ValueError
        except ValueError:
            errors.add("limit", f"must be a whole number from 1 to {MAX_LIST_LIMIT}")
    cursor = params.get("cursor") or ""
    if len(cursor) > 500:
        errors.add("cursor", "is not a cursor this API returned")
    errors.raise_if_any()

    office, agency = access.list_scope(principal, params.get("office") or "", service)
    reply = backends.intake.ListApplications(
        intake_pb2.ListApplicationsRequest(
            status=status, service=service, office=office, limit=limit, cursor=cursor, agency=agency
        )
    )
    # Defence in depth: whatever intake returns, only what this principal may see leaves the gateway.
    items = [convert.application_json(a) for a in reply.items if access.visible(principal, a.service, a.office)]
    return {"items": items, "next_cursor": reply.next_cursor or None}


def decide(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    access.require_roles(principal, "registrar", "inspector")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    outcome = body.get("outcome")
    if outcome not in ("approved", "rejected"):
        errors.add("outcome", "must be approved or rejected")
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        errors.add("reason", "must be a string")
        reason = None
    reason = (reason or "").strip()
    if outcome == "rejected" and not reason:
        errors.add("reason", "a refusal needs a reason")
    for extra in set(body) - {"outcome", "reason"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()

    app = _application(backends, app_id)
    access.ensure_can_decide(principal, app.service)
    common = {
        "request_id": request_id(principal, key),
        "application_id": app.id,
        "outcome": outcome_value(outcome),
        "reason": reason,
        "actor": principal.actor(),
    }
    try:
        if app.service in access.CIVIL_REGISTRATION:
            decided = backends.registry.Decide(registry_pb2.DecideRequest(**common))
        else:
            decided = backends.benefits.Decide(benefits_pb2.DecideRequest(**common))
    except NotFound:
        raise Conflict("the application has not reached the back office yet; try again shortly") from None
    log.info("decision recorded", extra={"application_id": app.id, "service": app.service, "outcome": outcome})
    out = convert.application_json(_application(backends, app.id))
    out["decision"] = {
        "outcome": outcome,
        "reason": decided.reason or None,
        "result": dict(decided.result),
        "decided_at": decided.decided_at or None,
        "decided_by": decided.decided_by or None,
    }
    return out


def handover(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    access.require_roles(principal, "clerk")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    rating = body.get("rating")
    errors = FieldErrors()
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        errors.add("rating", "must be a whole number from 1 to 5")
    for extra in set(body) - {"rating"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()
    app = _application(backends, app_id)
    access.ensure_clerk_of(principal, app.office)
    updated = backends.intake.RecordHandover(
        intake_pb2.RecordHandoverRequest(
            request_id=request_id(principal, key), id=app.id, rating=rating, actor=principal.actor()
        )
    )
    log.info("handed over", extra={"application_id": app.id, "rating": rating})
    return convert.application_json(updated)


def cancel(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    access.require_roles(principal, "clerk")
    key = idempotency_key(key, required=False)
    body = {} if body is None else body
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        errors.add("reason", "must be a string")
    for extra in set(body) - {"reason"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()
    app = _application(backends, app_id)
    access.ensure_clerk_of(principal, app.office)
    updated = backends.intake.CancelApplication(
        intake_pb2.CancelApplicationRequest(
            request_id=request_id(principal, key), id=app.id, reason=(reason or "").strip(), actor=principal.actor()
        )
    )
    log.info("cancelled", extra={"application_id": app.id})
    return convert.application_json(updated)


def notifications(backends: Backends, principal: Principal, app_id: str) -> list[dict]:
    app = _visible_application(backends, principal, app_id)
    reply = backends.notify.ListNotifications(notify_pb2.ListNotificationsRequest(application_id=app.id))
    return [convert.notification_json(n) for n in reply.items]


def find_person(backends: Backends, principal: Principal, pin: str) -> dict:
    access.require_roles(principal, "clerk", "registrar", "inspector")
    problem = pin_error(pin or "", today())
    if problem:
        raise InvalidArgument({"pin": problem})
    reply = backends.registry.FindPerson(registry_pb2.FindPersonRequest(pin=pin))
    if not reply.persons:
        raise NotFound("no person with this PIN in the population register")
    out = convert.person_json(reply.persons[0])
    if len(reply.persons) > 1:
        # PINs are not unique in the national register: say so instead of hiding it.
        out["duplicates"] = len(reply.persons)
    return out


# ---- public ----


def track(backends: Backends, tracking_number: str) -> dict:
    """The citizen's view of an application by tracking number: status and dates, no personal data."""
    if not isinstance(tracking_number, str) or not _ID.match(tracking_number):
        raise NotFound("no application with this tracking number")
    app = backends.intake.GetApplication(intake_pb2.GetApplicationRequest(tracking_number=tracking_number))
    try:
        names = service_names(backends, app.service)
    except Exception:  # the page still answers without the catalog's names
        names = {}
    return convert.tracking_json(app, names)
