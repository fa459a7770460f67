"""JSON of the HTTP contract ⇄ protobuf messages.

Parsing is strict and names the field that is wrong (`applicant.pin`, `details.child.birth_date`,
`details.household[1].monthly_income`): unknown keys, wrong JSON types and malformed values are an
InvalidArgument, never a 500. Rendering uses the snake_case names of the protos, which are the names of
the HTTP contract.
"""

from __future__ import annotations

import re
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from birtereze.common.v1 import common_pb2
from birtereze.notify.v1 import notify_pb2
from birtereze.registry.v1 import registry_pb2
from birtereze.routing.v1 import routing_pb2
from gateway.access import BENEFITS, SERVICES
from tereze import protojson
from tereze.convert import outcome_name, status_name
from tereze.errors import FieldErrors, InvalidArgument

_INT32 = {FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32}
_UINT32 = {FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32}
_INT64 = {FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64,
          FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64}
_FLOAT = {FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE}

SUBMISSION_KEYS = ("service", "office", "applicant", "details", "documents")
MAX_DOCUMENTS = 50

# C0 control characters other than tab, line feed and carriage return, and DEL: never part of a name, an
# address or a note, and NUL cannot be stored in PostgreSQL's text at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


# ---- strict JSON → protobuf ----


def _check_scalar(field: FieldDescriptor, value: Any, path: str, errors: FieldErrors) -> None:
    kind = field.type
    if kind == FieldDescriptor.TYPE_MESSAGE:
        _check_message(field.message_type, value, path, errors)
    elif kind == FieldDescriptor.TYPE_STRING:
        if not isinstance(value, str):
            errors.add(path, "must be a string")
        elif has_control_characters(value):
            errors.add(path, "must not contain control characters")
    elif kind == FieldDescriptor.TYPE_BOOL:
        if not isinstance(value, bool):
            errors.add(path, "must be true or false")
    elif kind in _INT32 | _UINT32 | _INT64:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.add(path, "must be a whole number")
        elif kind in _INT32 and not -(2**31) <= value < 2**31:
            errors.add(path, "is out of range")
        elif kind in _UINT32 and not 0 <= value < 2**32:
            errors.add(path, "is out of range")
        elif kind in _INT64 and not -(2**63) <= value < 2**63:
            errors.add(path, "is out of range")
    elif kind in _FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.add(path, "must be a number")
    elif kind == FieldDescriptor.TYPE_ENUM:
        if not isinstance(value, str) or value not in field.enum_type.values_by_name:
            errors.add(path, "must be one of " + ", ".join(field.enum_type.values_by_name))
    else:  # bytes and anything the contract does not use on the HTTP side
        errors.add(path, "is not accepted over HTTP")


def _check_message(descriptor: Descriptor, value: Any, path: str, errors: FieldErrors) -> None:
    if not isinstance(value, dict):
        errors.add(path, "must be an object")
        return
    for key, item in value.items():
        field = descriptor.fields_by_name.get(key) if isinstance(key, str) else None
        item_path = f"{path}.{key}"
        if field is None:
            errors.add(item_path, "unknown field")
            continue
        if item is None:
            continue
        if field.is_repeated:
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                value_field = field.message_type.fields_by_name["value"]
                if not isinstance(item, dict):
                    errors.add(item_path, "must be an object")
                    continue
                for sub_key, sub_value in item.items():
                    _check_scalar(value_field, sub_value, f"{item_path}.{sub_key}", errors)
                continue
            if not isinstance(item, list):
                errors.add(item_path, "must be a list")
                continue
            for index, element in enumerate(item):
                _check_scalar(field, element, f"{item_path}[{index}]", errors)
        else:
            _check_scalar(field, item, item_path, errors)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


_AT_PATH = re.compile(r'at "?ServiceDetails\.[a-z_]+\.?([\w.\[\]]*)"?')


def _parse_error_path(message: str) -> str:
    """Best effort: the field path a json_format.ParseError names (only reached if the strict check missed)."""
    match = _AT_PATH.search(message)
    if match and match.group(1):
        return "details." + match.group(1)
    names = re.findall(r"Failed to parse (\w+) field", message)
    return ".".join(["details", *names[1:]]) if len(names) > 1 else "details"


def parse_message(message_class, value: Any, path: str, errors: FieldErrors):
    """A protobuf message from JSON, or None after adding field errors under `path`."""
    before = len(errors.errors)
    _check_message(message_class.DESCRIPTOR, value, path, errors)
    if len(errors.errors) > before:
        return None
    try:
        return protojson.parse(_without_nulls(value), message_class)
    except json_format.ParseError as error:
        errors.add(path, str(error).splitlines()[0])
        return None


def parse_details(service: str, value: Any, errors: FieldErrors) -> common_pb2.ServiceDetails | None:
    """`details` of the service (DOMAIN.md) as the ServiceDetails oneof with that service set."""
    before = len(errors.errors)
    field = common_pb2.ServiceDetails.DESCRIPTOR.fields_by_name[service]
    _check_message(field.message_type, value, "details", errors)
    if len(errors.errors) > before:
        return None
    try:
        return protojson.parse({service: _without_nulls(value)}, common_pb2.ServiceDetails)
    except json_format.ParseError as error:
        errors.add(_parse_error_path(str(error)), "is malformed")
        return None


def parse_submission(body: Any) -> tuple[str, str | None, common_pb2.Applicant, common_pb2.ServiceDetails, list[str]]:
    """(service, office?, applicant, details, documents) of a POST /applications body."""
    errors = FieldErrors()
    if not isinstance(body, dict):
        raise InvalidArgument({"body": "must be a JSON object"})
    for key in body:
        if key not in SUBMISSION_KEYS:
            errors.add(str(key), "unknown field")

    service = body.get("service")
    if service is None or service == "":
        errors.add("service", "is required")
    elif not isinstance(service, str) or service not in SERVICES:
        errors.add("service", "must be one of " + ", ".join(sorted(SERVICES)))
        service = None

    office = body.get("office")
    if office is not None and (not isinstance(office, str) or has_control_characters(office)):
        errors.add("office", "must be an office id")
        office = None

    applicant = None
    if body.get("applicant") is None:
        errors.add("applicant", "is required")
    else:
        applicant = parse_message(common_pb2.Applicant, body["applicant"], "applicant", errors)

    details = None
    if body.get("details") is None:
        errors.add("details", "is required")
    elif service:
        details = parse_details(service, body["details"], errors)

    documents = parse_documents(body.get("documents"), errors)
    errors.raise_if_any()
    return service, office or None, applicant, details, documents


def parse_documents(value: Any, errors: FieldErrors) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add("documents", "must be a list of document codes")
        return []
    if len(value) > MAX_DOCUMENTS:
        errors.add("documents", f"must list at most {MAX_DOCUMENTS} documents")
        return []
    documents = []
    for index, code in enumerate(value):
        if not isinstance(code, str) or not code.strip() or has_control_characters(code):
            errors.add(f"documents[{index}]", "must be a document code (a string)")
        else:
            documents.append(code.strip())
    return documents


# ---- protobuf → JSON ----


def _to_dict(message) -> dict:
    return json_format.MessageToDict(
        message,
        preserving_proto_field_name=True,
        always_print_fields_with_no_presence=True,
        unquote_int64_if_possible=True,
    )


def details_json(details: common_pb2.ServiceDetails) -> dict:
    kind = details.WhichOneof("kind")
    return _to_dict(getattr(details, kind)) if kind else {}


def applicant_json(applicant: common_pb2.Applicant) -> dict:
    return {field.name: list(getattr(applicant, field.name)) if field.is_repeated else getattr(applicant, field.name)
            for field in applicant.DESCRIPTOR.fields}


def assessment_json(assessment: common_pb2.Assessment) -> dict:
    return {
        "eligible": assessment.eligible,
        "monthly_amount": assessment.monthly_amount,
        "reasons": list(assessment.reasons),
        "parameters": dict(assessment.parameters),
        "rule_version": assessment.rule_version,
        "parameter_set": assessment.parameter_set,
        "inputs": dict(assessment.inputs),
        "facts": [{"name": f.name, "value": f.value, "source": f.source, "at": f.at} for f in assessment.facts],
        "start_date": assessment.start_date or None,
        "end_date": assessment.end_date or None,
    }


def violation_json(violation: common_pb2.Violation) -> dict:
    out = {"rule": violation.rule, "message": violation.message}
    if violation.field:
        out["field"] = violation.field
    return out


def application_json(app: common_pb2.Application) -> dict:
    out = {
        "id": app.id,
        "tracking_number": app.tracking_number,
        "service": app.service,
        "office": app.office,
        "status": status_name(app.status),
        "outcome": outcome_name(app.outcome) or None,
        "reason": app.reason or None,
        "due_date": app.due_date or None,
        "submitted_at": app.submitted_at,
        "updated_at": app.updated_at or None,
        "applicant": applicant_json(app.applicant),
        "details": details_json(app.details),
        "documents": list(app.documents),
        "history": [
            {"status": status_name(h.status), "at": h.at, "by": h.by, "note": h.note} for h in app.history
        ],
        "result": dict(app.result),
        "trace_id": app.trace_id or None,
        "agency": app.agency or None,
        "warnings": [violation_json(v) for v in app.warnings],
        "precheck_pending": app.precheck_pending,
        "submitted_by": app.submitted_by,
        "rating": app.rating or None,
    }
    if app.service in BENEFITS and app.HasField("assessment"):
        out["assessment"] = assessment_json(app.assessment)
    return out


def tracking_json(app: common_pb2.Application, service_names: dict[str, str] | None = None) -> dict:
    """What the citizen's status page shows: no personal data, no notes, no staff names, no reasons."""
    return {
        "tracking_number": app.tracking_number,
        "service": app.service,
        "service_names": dict(service_names or {}),
        "office": app.office,
        "status": status_name(app.status),
        "expected_date": app.due_date or None,
        "submitted_on": app.submitted_at[:10] or None,
        "history": [{"status": status_name(h.status), "at": h.at} for h in app.history],
    }


def catalog_service_json(service: routing_pb2.CatalogService) -> dict:
    return {
        "code": service.code,
        "names": dict(service.names),
        "agency": service.agency,
        "documents": [
            {"code": d.code, "names": dict(d.names), "required": d.required} for d in service.documents
        ],
        "deadline_days": service.deadline_days,
        "deadline_kind": service.deadline_kind or None,
    }


def notification_json(n: notify_pb2.Notification) -> dict:
    return {
        "id": n.id,
        "channel": n.channel,
        "template": n.template,
        "status": n.status,
        "to": n.to,
        "sent_at": n.sent_at or None,
        "created_at": n.created_at or None,
        "language": n.language or None,
        "attempts": n.attempts,
        "last_error": n.last_error or None,
        "next_attempt_at": n.next_attempt_at or None,
    }


def notice_json(n: notify_pb2.Notice) -> dict:
    return {
        "id": n.id,
        "template": n.template,
        "role": n.role,
        "office": n.office or None,
        "application_id": n.application_id or None,
        "title": n.title,
        "text": n.text,
        "language": n.language,
        "params": dict(n.params),
        "created_at": n.created_at,
        "read_at": n.read_at or None,
        "read_by": n.read_by or None,
    }


def person_json(p: registry_pb2.RegisteredPerson) -> dict:
    return {
        "pin": p.pin,
        "surname": p.surname,
        "given_name": p.given_name,
        "patronymic": p.patronymic,
        "birth_date": p.birth_date,
        "sex": p.sex,
        "marital_status": p.marital_status,
    }


def case_json(case: registry_pb2.Case) -> dict:
    """The registrar's case file: status, flags, the duplicate decision and the append-only history."""
    return {
        "status": case.status,
        "flags": [violation_json(f) for f in case.flags],
        "duplicate_decision": case.duplicate_decision or None,
        "history": [{"at": e.at, "by": e.by, "action": e.action, "note": e.note or None} for e in case.history],
    }
