"""Protobuf ↔ plain dicts for the edges (servicers, outbox handlers, the gateway), written once.

`to_dict` and `parse` give exactly what protobuf's json_format gives (`MessageToDict(preserving_proto_field_name=
True)`, `ParseDict`), several times faster: json_format walks every field in Python for every message, and an
application crosses these conversions about ten times on its way through the suite (they were 8 % of the
services' CPU). A plan per message type is built once; whatever the plan does not cover — a value of another
type than the field's, an unknown key, a null, a well-known type, bytes, float32 — goes to json_format itself,
so its answers and its errors (what the gateway shows a clerk) are unchanged. tests/unit/test_protojson.py
compares the two over generated input.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from birtereze.common.v1 import common_pb2 as c
from tereze.errors import InvalidArgument, Violation

_SINGLE, _REPEATED, _MAP = 0, 1, 2
_INT_TYPES = {FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32, FieldDescriptor.CPPTYPE_INT64,
              FieldDescriptor.CPPTYPE_UINT64}
_INT64_TYPES = {FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64}
_NOT_PLAIN = {FieldDescriptor.TYPE_BYTES, FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_GROUP}
_INTEGER_TEXT = re.compile(r"-?[0-9]+")


class _Slow(Exception):
    """The plan cannot decide this input: json_format does."""


def _plain(descriptor: Descriptor, seen: frozenset = frozenset()) -> bool:
    """A message type the plans cover: no well-known types, bytes, float32 or maps keyed by other than text."""
    if descriptor.full_name.startswith("google.protobuf.") or descriptor in seen:
        return descriptor in seen  # a recursive type is plain if the rest of it is
    seen = seen | {descriptor}
    for field in descriptor.fields:
        if field.type in _NOT_PLAIN or field.is_extension:
            return False
        if field.message_type is not None:
            if field.message_type.GetOptions().map_entry:
                key, value = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
                if key.cpp_type != FieldDescriptor.CPPTYPE_STRING or value.type in _NOT_PLAIN or (
                        value.message_type is not None and not _plain(value.message_type, seen)):
                    return False
            elif not _plain(field.message_type, seen):
                return False
    return True


def _mode(field: FieldDescriptor) -> int:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return _MAP
    return _REPEATED if field.is_repeated else _SINGLE


def _value_field(field: FieldDescriptor) -> FieldDescriptor:
    return field.message_type.fields_by_name["value"] if _mode(field) == _MAP else field


# ---- message → dict ----

_out_plans: dict[Descriptor, dict | None] = {}


def _double_out(value: float):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _out_converter(field: FieldDescriptor):
    """The JSON value of one (non-repeated) value of `field`, as MessageToDict writes it (None: as it is)."""
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_MESSAGE:
        return _message_dict
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        names = {v.number: v.name for v in field.enum_type.values}
        if field.enum_type.is_closed:
            return lambda v: names[v]  # an unknown number: KeyError, and json_format says why
        return lambda v: names.get(v, v)
    if cpp in _INT64_TYPES:
        return str
    if cpp == FieldDescriptor.CPPTYPE_DOUBLE:
        return _double_out
    return None  # text, bool, 32-bit integers


def _out_plan(descriptor: Descriptor) -> dict | None:
    try:
        return _out_plans[descriptor]
    except KeyError:
        pass
    plan = None
    if _plain(descriptor):
        plan = {f.name: (_mode(f), _out_converter(_value_field(f))) for f in descriptor.fields}
    _out_plans[descriptor] = plan
    return plan


def _message_dict(message) -> dict:
    plan = _out_plans.get(message.DESCRIPTOR) or _out_plan(message.DESCRIPTOR)
    if plan is None:
        raise _Slow
    out = {}
    for field, value in message.ListFields():
        name = field.name
        mode, convert = plan[name]
        if mode == _SINGLE:
            out[name] = value if convert is None else convert(value)
        elif mode == _REPEATED:
            out[name] = list(value) if convert is None else [convert(v) for v in value]
        else:
            out[name] = {k: (v if convert is None else convert(v)) for k, v in value.items()}
    return out


def to_dict(message) -> dict:
    """MessageToDict(message, preserving_proto_field_name=True), planned once per message type."""
    try:
        return _message_dict(message)
    except (_Slow, KeyError):
        return json_format.MessageToDict(message, preserving_proto_field_name=True)


# ---- dict → message ----

_in_plans: dict[Descriptor, dict | None] = {}


def _text_in(value):
    if type(value) is not str:
        raise _Slow
    return value


def _bool_in(value):
    if type(value) is not bool:
        raise _Slow
    return value


def _int_in(value):
    if type(value) is int:
        return value
    if type(value) is str and _INTEGER_TEXT.fullmatch(value):
        return int(value)
    raise _Slow


def _double_in(value):
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is int:
        return float(value)
    raise _Slow


def _in_converter(field: FieldDescriptor):
    """The constructor's value for one JSON value of `field` (raises _Slow for anything unplanned)."""
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_MESSAGE:
        descriptor = field.message_type
        return lambda v: _kwargs(descriptor, v)
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        numbers = {v.name: v.number for v in field.enum_type.values}

        def enum_in(value):
            if type(value) is not str or value not in numbers:
                raise _Slow
            return numbers[value]

        return enum_in
    if cpp in _INT_TYPES:
        return _int_in
    if cpp == FieldDescriptor.CPPTYPE_DOUBLE:
        return _double_in
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return _bool_in
    return _text_in


def _in_plan(descriptor: Descriptor) -> dict | None:
    try:
        return _in_plans[descriptor]
    except KeyError:
        pass
    plan = None
    if _plain(descriptor):
        plan = {f.name: (_mode(f), _in_converter(_value_field(f)), f.containing_oneof) for f in descriptor.fields}
    _in_plans[descriptor] = plan
    return plan


def _kwargs(descriptor: Descriptor, data) -> dict:
    plan = _in_plans.get(descriptor) or _in_plan(descriptor)
    if plan is None or type(data) is not dict:
        raise _Slow
    out = {}
    oneofs = set()
    for key, value in data.items():
        entry = plan.get(key) if type(key) is str else None
        if entry is None:
            raise _Slow
        mode, convert, oneof = entry
        if oneof is not None:
            if oneof in oneofs:
                raise _Slow  # two members of one oneof: json_format refuses it
            oneofs.add(oneof)
        if mode == _SINGLE:
            out[key] = convert(value)
        elif mode == _REPEATED:
            if type(value) is not list:
                raise _Slow
            out[key] = [convert(v) for v in value]
        else:
            if type(value) is not dict:
                raise _Slow
            out[key] = {_text_in(k): convert(v) for k, v in value.items()}
    return out


def parse(data: Any, message_class):
    """json_format.ParseDict(data, message_class()), planned once per message type; its errors unchanged."""
    try:
        return message_class(**_kwargs(message_class.DESCRIPTOR, data))
    except (_Slow, TypeError, ValueError, OverflowError):
        return json_format.ParseDict(data, message_class())


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
        return parse({service: details}, c.ServiceDetails)
    except json_format.ParseError as error:
        raise InvalidArgument({field: str(error)}) from None


def applicant_from_dict(applicant: dict) -> c.Applicant:
    return parse(applicant, c.Applicant)


def violations_to_proto(violations: list[Violation]) -> list[c.Violation]:
    return [c.Violation(rule=v.rule, message=v.message, field=v.field) for v in violations]


def violations_from_proto(violations) -> list[Violation]:
    return [Violation(v.rule, v.message, v.field) for v in violations]


def assessment_to_proto(assessment: dict) -> c.Assessment:
    return parse(assessment or {}, c.Assessment)


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
