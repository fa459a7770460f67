"""Protobuf ↔ plain dicts for the edges (servicers, outbox handlers, the gateway), written once."""

from __future__ import annotations

import datetime as dt

from google.protobuf import json_format

from birtereze.common.v1 import common_pb2 as c
from tereze.errors import InvalidArgument, Violation


def to_dict(message) -> dict:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def details_to_dict(details: c.ServiceDetails) -> tuple[str, dict]:
    """(service code, the service's details) from the oneof."""
    kind = details.WhichOneof("kind")
    if kind is None:
        return "", {}
    return kind, to_dict(getattr(details, kind))


def details_from_dict(service: str, details: dict, field: str = "details") -> c.ServiceDetails:
    if service not in c.ServiceDetails.DESCRIPTOR.fields_by_name:
        raise InvalidArgument({"service": "is not a service code"})
    if not isinstance(details, dict):
        raise InvalidArgument({field: "must be an object"})
    try:
        return json_format.ParseDict({service: details}, c.ServiceDetails())
    except json_format.ParseError as error:
        raise InvalidArgument({field: str(error)}) from None


def applicant_from_dict(applicant: dict) -> c.Applicant:
    return json_format.ParseDict(applicant, c.Applicant())


def violations_to_proto(violations: list[Violation]) -> list[c.Violation]:
    return [c.Violation(rule=v.rule, message=v.message, field=v.field) for v in violations]


def violations_from_proto(violations) -> list[Violation]:
    return [Violation(v.rule, v.message, v.field) for v in violations]


def assessment_to_proto(assessment: dict) -> c.Assessment:
    return json_format.ParseDict(assessment or {}, c.Assessment())


def date_or_none(value: str, field: str = "date") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument({field: "must be a date as YYYY-MM-DD"}) from None


def precheck_request(service: str, office: str, applicant: dict, details: dict, documents: list[str],
                     application_date: str = "") -> c.PrecheckRequest:
    return c.PrecheckRequest(service=service, office=office, applicant=applicant_from_dict(applicant),
                             details=details_from_dict(service, details), documents=documents,
                             application_date=application_date)


def precheck_result(response: c.PrecheckResponse):
    from tereze.domain import PrecheckResult

    assessment = to_dict(response.assessment) if response.HasField("assessment") else {}
    return PrecheckResult(violations_from_proto(response.refusals), violations_from_proto(response.warnings),
                          assessment)


def precheck_response(result) -> c.PrecheckResponse:
    response = c.PrecheckResponse(refusals=violations_to_proto(result.refusals),
                                  warnings=violations_to_proto(result.warnings))
    if result.assessment:
        response.assessment.CopyFrom(assessment_to_proto(result.assessment))
    return response


def precheck_args(request: c.PrecheckRequest) -> dict:
    """A PrecheckRequest as the keyword arguments of a domain precheck."""
    service, details = details_to_dict(request.details)
    return {
        "service": request.service,
        "office": request.office,
        "applicant": to_dict(request.applicant),
        "details": details if service == request.service else {},
        "details_service": service,
        "documents": list(request.documents),
        "application_date": date_or_none(request.application_date, "application_date"),
    }
