"""What the gateway does, once for the JSON API and the HTML pages alike.

Each operation takes the authenticated principal and plain (JSON-like) values, checks access, calls the
gRPC services and returns plain values. Errors are tereze DomainErrors; the views map them to HTTP.
"""

from __future__ import annotations

import datetime as dt
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
from tereze.errors import Conflict, FieldErrors, Forbidden, InvalidArgument, NotFound
from tereze.pin import pin_error
from tereze.timeutil import parse_date, today

log = logging.getLogger("gateway.operations")

MAX_LIST_LIMIT = 100
MAX_TEXT = 2000  # a reason, justification or note typed by staff
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


# ---- audit ----

# Set by the app (gateway.app): a callable (principal, action, object_type, object_id, detail) that appends to
# the gateway's audit log. Every view or change of an application or a person goes through `audit`.
audit_sink = None


def audit(principal: Principal, action: str, object_type: str, object_id: str, detail: str = "") -> None:
    if audit_sink is not None:
        audit_sink(principal, action, object_type, object_id, detail)


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
    audit(principal, "submit", "application", app.id, service)
    log.info("application submitted",
             extra={"application_id": app.id, "tracking_number": app.tracking_number, "service": service,
                    "office": office})
    return convert.application_json(app)


def get_application(backends: Backends, principal: Principal, app_id: str) -> dict:
    app = _visible_application(backends, principal, app_id)
    audit(principal, "view", "application", app.id)
    out = convert.application_json(app)
    if principal.role == "registrar" and app.service in access.CIVIL_REGISTRATION:
        # The registrar's read is recorded in the case's history (and the first one puts it in review).
        try:
            case = backends.registry.GetCase(registry_pb2.GetCaseRequest(application_id=app.id,
                                                                         actor=principal.actor()))
            out["case"] = convert.case_json(case)
        except NotFound:
            out["case"] = None  # not in the back office yet
    if principal.role == "inspector" and app.service in access.BENEFITS:
        # The inspector's read is recorded in the claim's history (and the first one puts it in review).
        try:
            claim = backends.benefits.GetClaim(benefits_pb2.GetClaimRequest(application_id=app.id,
                                                                            actor=principal.actor()))
            out["claim"] = claim_json(claim)
        except NotFound:
            out["claim"] = None  # not in the back office yet
    return out


def claim_json(claim: benefits_pb2.Claim) -> dict:
    """The inspector's claim file: its status and the append-only history (reads, justification, enrolment)."""
    return {
        "status": claim.status,
        "result": dict(claim.result),
        "history": [{"at": e.at, "by": e.by, "action": e.action, "note": e.note or None} for e in claim.history],
    }


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
    due_before = params.get("due_before") or ""
    if due_before:
        try:
            parse_date(due_before)
        except ValueError:
            errors.add("due_before", "must be a date as YYYY-MM-DD")
    cursor = params.get("cursor") or ""
    if len(cursor) > 500:
        errors.add("cursor", "is not a cursor this API returned")
    errors.raise_if_any()

    office, agency = access.list_scope(principal, params.get("office") or "", service)
    reply = backends.intake.ListApplications(
        intake_pb2.ListApplicationsRequest(
            status=status, service=service, office=office, limit=limit, cursor=cursor, agency=agency,
            due_before=due_before,
        )
    )
    # Defence in depth: whatever intake returns, only what this principal may see leaves the gateway.
    items = [convert.application_json(a) for a in reply.items if access.visible(principal, a.service, a.office)]
    audit(principal, "list", "applications", office or agency or "*",
          f"status={status} service={service} shown={len(items)}")
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
    justification = body.get("justification")
    if justification is not None and not isinstance(justification, str):
        errors.add("justification", "must be a string")
        justification = None
    justification = (justification or "").strip()
    for name, text in (("reason", reason), ("justification", justification)):
        _check_text(name, text, errors)
    for extra in set(body) - {"outcome", "reason", "justification"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()

    app = _application(backends, app_id)
    access.ensure_can_decide(principal, app.service)
    if (app.service in access.BENEFITS and app.HasField("assessment") and outcome == "approved"
            and not app.assessment.eligible and not justification):
        # Maker-checker: approving what the assessment found not eligible needs a written justification
        # (benefits checks it again against the claim's own assessment).
        raise InvalidArgument({"justification": "an approval against the automatic assessment needs a justification"})
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
            decided = backends.benefits.Decide(benefits_pb2.DecideRequest(**common, justification=justification))
    except NotFound:
        raise Conflict("the application has not reached the back office yet; try again shortly") from None
    audit(principal, "decide", "application", app.id, outcome)
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
    audit(principal, "handover", "application", app.id, f"rating {rating}")
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
    else:
        _check_text("reason", (reason or "").strip(), errors)
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
    audit(principal, "cancel", "application", app.id)
    log.info("cancelled", extra={"application_id": app.id})
    return convert.application_json(updated)


def _note(body: Any, errors: FieldErrors, required: bool) -> str:
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        errors.add("note", "must be a string")
        return ""
    note = (note or "").strip()
    if required and not note:
        errors.add("note", "is required: say what is missing")
    else:
        _check_text("note", note, errors)
    return note


def _check_text(name: str, text: str, errors: FieldErrors) -> None:
    """A reason, justification or note typed by staff: bounded, and no control characters."""
    if len(text) > MAX_TEXT:
        errors.add(name, f"must be at most {MAX_TEXT} characters")
    elif convert.has_control_characters(text):
        errors.add(name, "must not contain control characters")


def _case_call(call):
    try:
        return call()
    except NotFound:
        raise Conflict("the application has not reached the back office yet; try again shortly") from None


def request_info(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    """The officer asks the window for missing information: the application becomes needs_info."""
    access.require_roles(principal, "registrar", "inspector")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    note = _note(body, errors, required=True)
    for extra in set(body) - {"note"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()
    app = _application(backends, app_id)
    access.ensure_can_decide(principal, app.service)
    if app.service not in access.CIVIL_REGISTRATION:
        raise Conflict("asking for information is not available for benefit claims yet")
    case = _case_call(lambda: backends.registry.RequestInfo(registry_pb2.RequestInfoRequest(
        request_id=request_id(principal, key), application_id=app.id, note=note, actor=principal.actor())))
    audit(principal, "request_info", "application", app.id)
    log.info("information requested", extra={"application_id": app.id})
    out = convert.application_json(_application(backends, app.id))
    out["case"] = convert.case_json(case)
    return out


def supply_info(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    """The clerk supplies what the back office asked for; the case resumes (in_review)."""
    access.require_roles(principal, "clerk")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    note = _note(body, errors, required=False)
    documents = body.get("documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        errors.add("documents", "must be a list of strings")
        documents = []
    for extra in set(body) - {"note", "documents"}:
        errors.add(str(extra), "unknown field")
    if not note and not documents and "note" not in errors.errors:
        errors.add("note", "say what is supplied (a note or documents)")
    errors.raise_if_any()
    app = _application(backends, app_id)
    access.ensure_clerk_of(principal, app.office)
    updated = backends.intake.SupplyInfo(intake_pb2.SupplyInfoRequest(
        request_id=request_id(principal, key), id=app.id, note=note, documents=documents, actor=principal.actor()))
    audit(principal, "supply_info", "application", app.id)
    log.info("information supplied", extra={"application_id": app.id})
    return convert.application_json(updated)


def decide_duplicate(backends: Backends, principal: Principal, app_id: str, body: Any, key: str | None) -> dict:
    """The registrar's word on a possible duplicate birth: duplicate | not_duplicate."""
    access.require_roles(principal, "registrar")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    decision = body.get("decision")
    if decision not in ("duplicate", "not_duplicate"):
        errors.add("decision", "must be duplicate or not_duplicate")
    note = _note(body, errors, required=False)
    for extra in set(body) - {"decision", "note"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()
    app = _application(backends, app_id)
    access.ensure_can_decide(principal, app.service)
    case = _case_call(lambda: backends.registry.DecideDuplicate(registry_pb2.DecideDuplicateRequest(
        request_id=request_id(principal, key), application_id=app.id, decision=decision, note=note,
        actor=principal.actor())))
    audit(principal, "duplicate", "application", app.id, str(decision))
    log.info("duplicate decision recorded", extra={"application_id": app.id, "decision": decision})
    out = convert.application_json(_application(backends, app.id))
    out["case"] = convert.case_json(case)
    return out


def notifications(backends: Backends, principal: Principal, app_id: str) -> list[dict]:
    app = _visible_application(backends, principal, app_id)
    reply = backends.notify.ListNotifications(notify_pb2.ListNotificationsRequest(application_id=app.id))
    audit(principal, "view_notifications", "application", app.id)
    return [convert.notification_json(n) for n in reply.items]


NOTICE_ROLES = ("clerk", "registrar", "inspector")
NOTICE_LANGUAGES = ("ky", "ru", "en")


def list_notices(backends: Backends, principal: Principal, params: dict[str, str]) -> dict:
    """In-app notices for the caller: a clerk's office, or an officer's role (optionally one office)."""
    access.require_roles(principal, *NOTICE_ROLES)
    errors = FieldErrors()
    language = params.get("language") or "ky"
    if language not in NOTICE_LANGUAGES:
        errors.add("language", "must be ky, ru or en")
    unread = (params.get("unread") or "false").lower()
    if unread not in ("true", "false", "1", "0"):
        errors.add("unread", "must be true or false")
    limit = 50
    if params.get("limit"):
        try:
            limit = int(params["limit"])
            if not 1 <= limit <= MAX_LIST_LIMIT:
                raise ValueError
        except ValueError:
            errors.add("limit", f"must be a whole number from 1 to {MAX_LIST_LIMIT}")
    office = params.get("office") or ""
    if office and not _ID.match(office):
        errors.add("office", "is not an office id")
    errors.raise_if_any()
    if principal.role == "clerk":
        if office and office != principal.office:
            raise Forbidden("a clerk sees the notices of their own office only")
        office = principal.office
    reply = backends.notify.ListNotices(notify_pb2.ListNoticesRequest(
        role=principal.role, office=office, language=language, unread_only=unread in ("true", "1"), limit=limit))
    return {"items": [convert.notice_json(n) for n in reply.items]}


def mark_notice_read(backends: Backends, principal: Principal, notice_id: str, language: str = "") -> dict:
    access.require_roles(principal, *NOTICE_ROLES)
    if not isinstance(notice_id, str) or not _ID.match(notice_id):
        raise NotFound("no such notice")
    if language and language not in NOTICE_LANGUAGES:
        raise InvalidArgument({"language": "must be ky, ru or en"})
    notice = backends.notify.MarkNoticeRead(notify_pb2.MarkNoticeReadRequest(
        id=notice_id, actor=principal.actor(), language=language or "ky"))
    return convert.notice_json(notice)


def find_person(backends: Backends, principal: Principal, pin: str) -> dict:
    access.require_roles(principal, "clerk", "registrar", "inspector")
    problem = pin_error(pin or "", today())
    if problem:
        raise InvalidArgument({"pin": problem})
    reply = backends.registry.FindPerson(registry_pb2.FindPersonRequest(pin=pin))
    audit(principal, "view", "person", pin[:4] + "…", "found" if reply.persons else "not found")
    if not reply.persons:
        raise NotFound("no person with this PIN in the population register")
    out = convert.person_json(reply.persons[0])
    if len(reply.persons) > 1:
        # PINs are not unique in the national register: say so instead of hiding it.
        out["duplicates"] = len(reply.persons)
    return out


def _check_applicant(applicant) -> None:
    """The window's hard checks of the applicant (intake repeats them on submission): field errors."""
    errors = FieldErrors("applicant.")
    problem = pin_error(applicant.pin, today()) if applicant.pin else "is required"
    if problem:
        errors.add("pin", problem)
    for name in ("surname", "given_name", "birth_date"):
        if not getattr(applicant, name).strip():
            errors.add(name, "is required")
    if applicant.sex not in ("female", "male"):
        errors.add("sex", "must be female or male")
    if applicant.birth_date:
        try:
            if dt.date.fromisoformat(applicant.birth_date) > today():
                errors.add("birth_date", "must not be in the future")
        except ValueError:
            errors.add("birth_date", "must be a date as YYYY-MM-DD")
    errors.raise_if_any()


def precheck(backends: Backends, principal: Principal, body: Any) -> dict:
    """What the window would answer before submitting: refusals, warnings and (benefits) the assessment.

    The same parsing as a submission (field errors are InvalidArgument), then routing.Precheck, which asks
    the responsible service. Nothing is stored.
    """
    access.require_roles(principal, "clerk")
    service, office, applicant, details, documents = convert.parse_submission(body)
    office = access.submission_office(principal, office)
    _check_applicant(applicant)
    reply = backends.routing.Precheck(
        common_pb2.PrecheckRequest(service=service, office=office, applicant=applicant, details=details,
                                   application_date=today().isoformat(), documents=documents)
    )
    out = {
        "refusals": [convert.violation_json(v) for v in reply.refusals],
        "warnings": [convert.violation_json(v) for v in reply.warnings],
        "assessment": None,
    }
    if service in access.BENEFITS and reply.HasField("assessment"):
        out["assessment"] = convert.assessment_json(reply.assessment)
    return out


# ---- monitoring ----

STATS_FIELDS = ("submitted", "decided", "within_deadline", "share_within_deadline", "median_days_to_result",
                "visits_per_application", "rated", "mean_rating", "handed_over", "approved", "rejected",
                "overdue_open", "cancelled")


def _stats_row(row, label: str, value: str) -> dict:
    out = {label: value} if label else {}
    out.update({name: getattr(row, name) for name in STATS_FIELDS})
    return out


def stats(backends: Backends, principal: Principal, params: dict[str, str]) -> dict:
    """Indicators per office, service and period (monitor, admin): counts and times, no personal data."""
    access.require_roles(principal, "monitor", "admin")
    errors = FieldErrors()
    service = params.get("service") or ""
    if service and service not in access.SERVICES:
        errors.add("service", "must be one of " + ", ".join(sorted(access.SERVICES)))
    office = params.get("office") or ""
    if office and not _ID.match(office):
        errors.add("office", "is not an office id")
    errors.raise_if_any()
    reply = backends.intake.GetStats(intake_pb2.GetStatsRequest(
        office=office, service=service, from_date=params.get("from") or "", to_date=params.get("to") or "",
        period=params.get("period") or ""))
    return {
        "filters": {"office": office or None, "service": service or None, "from": params.get("from") or None,
                    "to": params.get("to") or None, "period": params.get("period") or "month"},
        "total": _stats_row(reply.total, "", ""),
        "by_office": [_stats_row(r, "office", r.office) for r in reply.by_office],
        "by_service": [_stats_row(r, "service", r.service) for r in reply.by_service],
        "over_time": [_stats_row(r, "period", r.period) for r in reply.over_time],
    }


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


# ---- benefits: payroll and renewals (issue 5) ----

_MONTH = re.compile(r"^\d{4}-\d{2}$")


def payroll_office(principal: Principal, office: str) -> str:
    """A clerk reads the payroll of their own office; an inspector reads any office's."""
    access.require_roles(principal, "clerk", "inspector")
    if principal.role == "clerk":
        if office and office != principal.office:
            raise Forbidden("a clerk reads the payroll of their own office only")
        return principal.office
    if not office:
        raise InvalidArgument({"office": "is required"})
    return office


def payroll_line_json(line: benefits_pb2.PayrollLine) -> dict:
    return {"id": line.id, "application_id": line.application_id, "amount": line.amount, "status": line.status,
            "service": line.service, "tracking_number": line.tracking_number, "channel": line.channel,
            "marked_by": line.marked_by or None, "marked_at": line.marked_at or None}


def get_payroll(backends: Backends, principal: Principal, params: dict[str, str]) -> dict:
    office = payroll_office(principal, params.get("office") or "")
    month = params.get("month") or f"{today():%Y-%m}"
    if not _MONTH.match(month):
        raise InvalidArgument({"month": "must be a month as YYYY-MM"})
    reply = backends.benefits.GetPayroll(benefits_pb2.GetPayrollRequest(office=office, month=month))
    return {"office": reply.office, "month": reply.month, "total": reply.total,
            "lines": [payroll_line_json(line) for line in reply.lines]}


def payroll_sheet(backends: Backends, principal: Principal, office: str, month: str) -> benefits_pb2.Payroll:
    """The payroll with the recipients' names, for the printable sheet of the office."""
    office = payroll_office(principal, office)
    if not _MONTH.match(month or ""):
        raise InvalidArgument({"month": "must be a month as YYYY-MM"})
    return backends.benefits.GetPayroll(benefits_pb2.GetPayrollRequest(office=office, month=month))


def mark_payroll_line(backends: Backends, principal: Principal, line_id: str, body: Any, key: str | None) -> dict:
    access.require_roles(principal, "clerk")
    key = idempotency_key(key, required=False)
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    errors = FieldErrors()
    status = body.get("status")
    if status not in ("paid", "not_paid"):
        errors.add("status", "must be paid or not_paid")
    for extra in set(body) - {"status"}:
        errors.add(str(extra), "unknown field")
    errors.raise_if_any()
    if not isinstance(line_id, str) or not _ID.match(line_id):
        raise NotFound("no such payroll line")
    line = backends.benefits.MarkPayrollLine(benefits_pb2.MarkPayrollLineRequest(
        request_id=request_id(principal, key), line_id=line_id, status=status, actor=principal.actor()))
    audit(principal, "mark_payroll_line", "payroll_line", line.id, status)
    log.info("payroll line marked", extra={"line_id": line.id, "status": status})
    return payroll_line_json(line)


def renewals(backends: Backends, principal: Principal, params: dict[str, str]) -> dict:
    access.require_roles(principal, "clerk", "inspector")
    office = params.get("office") or ""
    if principal.role == "clerk":
        if office and office != principal.office:
            raise Forbidden("a clerk lists the renewals of their own office only")
        office = principal.office
    within = params.get("within_days") or ""
    if within and (not within.isdigit() or not 1 <= int(within) <= 366):
        raise InvalidArgument({"within_days": "must be a whole number from 1 to 366"})
    reply = backends.benefits.ListRenewals(benefits_pb2.ListRenewalsRequest(
        office=office, within_days=int(within or 0)))
    return {"items": [{"application_id": e.application_id, "tracking_number": e.tracking_number,
                       "service": e.service, "office": e.office, "monthly_amount": e.monthly_amount,
                       "valid_from": e.valid_from, "valid_to": e.valid_to or None} for e in reply.items]}
