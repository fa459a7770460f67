"""tereze.protojson's planned conversions give exactly what protobuf's json_format gives.

For every message type of our contracts, hypothesis draws JSON-like input shaped by the type (right and wrong
value types, integers as numbers and as text, out-of-range numbers, NaN, nulls, unknown keys, two members of a
oneof) and checks: `parse` builds the same message as `json_format.ParseDict`, or raises the same ParseError;
`to_dict` of what was built equals `json_format.MessageToDict`. CI replays a fixed set of examples;
TEREZE_FUZZ_RANDOM=1 explores new ones.
"""

from __future__ import annotations

import math
import os

import pytest
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from birtereze.benefits.v1 import benefits_pb2
from birtereze.common.v1 import common_pb2
from birtereze.intake.v1 import intake_pb2
from birtereze.notify.v1 import notify_pb2
from birtereze.registry.v1 import registry_pb2
from birtereze.routing.v1 import routing_pb2
from tereze import protojson

FIXED = os.environ.get("TEREZE_FUZZ_RANDOM", "") != "1"
MODULES = (common_pb2, intake_pb2, routing_pb2, registry_pb2, benefits_pb2, notify_pb2)
MESSAGES = sorted({getattr(m, name) for m in MODULES for name in m.DESCRIPTOR.message_types_by_name},
                  key=lambda cls: cls.DESCRIPTOR.full_name)

ANY_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=5),
                       st.sampled_from(["12", "-3", " 4", "1e3", "NaN", "Infinity", "true", "\ud800x"]))


def _value(field: FieldDescriptor, depth: int):
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_MESSAGE:
        if depth > 3:
            return st.just({})
        return st.one_of(_message(field.message_type, depth + 1), ANY_SCALAR)
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        names = [v.name for v in field.enum_type.values]
        return st.one_of(st.sampled_from(names), st.integers(-2, 9), ANY_SCALAR)
    if cpp in (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32):
        return st.one_of(st.integers(-2**31, 2**31 - 1), st.integers(-2**31, 2**31 - 1).map(str), ANY_SCALAR)
    if cpp in (FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64):
        return st.one_of(st.integers(-2**63, 2**64), st.integers(-2**63, 2**63 - 1).map(str), ANY_SCALAR)
    if cpp == FieldDescriptor.CPPTYPE_DOUBLE:
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6), ANY_SCALAR)
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return st.one_of(st.booleans(), ANY_SCALAR)
    return st.one_of(st.text(max_size=20), ANY_SCALAR)


def _field(field: FieldDescriptor, depth: int):
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value = _value(field.message_type.fields_by_name["value"], depth)
        return st.one_of(st.dictionaries(st.text(max_size=5), value, max_size=3), ANY_SCALAR)
    if field.is_repeated:
        return st.one_of(st.lists(_value(field, depth), max_size=3), ANY_SCALAR)
    return _value(field, depth)


def _message(descriptor, depth: int = 0):
    fields = {f.name: _field(f, depth) for f in descriptor.fields}
    extra = st.dictionaries(st.sampled_from(["unknown", "camelCase", "1"]), ANY_SCALAR, max_size=1)
    return st.tuples(st.fixed_dictionaries({}, optional=fields), extra,
                     st.floats(0, 1)).map(lambda t: {**t[0], **(t[1] if t[2] < 0.1 else {})})


def _same(cls, data):
    try:
        expected = json_format.ParseDict(data, cls())
    except Exception as error:  # noqa: BLE001 - a ParseError, or what json_format itself lets through
        with pytest.raises(type(error)) as raised:
            protojson.parse(data, cls)
        if isinstance(error, json_format.ParseError):
            assert str(raised.value) == str(error)
        return
    built = protojson.parse(data, cls)
    assert built == expected
    # Equal messages can still differ in which optional fields are present: compare the bytes too.
    assert built.SerializeToString(deterministic=True) == expected.SerializeToString(deterministic=True)
    assert protojson.to_dict(built) == json_format.MessageToDict(expected, preserving_proto_field_name=True)


@pytest.mark.parametrize("cls", MESSAGES, ids=lambda cls: cls.DESCRIPTOR.full_name)
def test_parse_and_to_dict_match_json_format(cls):
    @settings(max_examples=60, derandomize=FIXED, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(_message(cls.DESCRIPTOR))
    def check(data):
        _same(cls, data)

    check()


def test_a_stored_application_round_trips_through_the_plan():
    """What intake stores (ints as text, enum names, maps, oneof details) comes back as the same message."""
    app = common_pb2.Application(
        id="a1", status=common_pb2.APPLICATION_STATUS_ROUTED, rating=4, precheck_pending=True,
        details=common_pb2.ServiceDetails(family_benefit=common_pb2.FamilyBenefitDetails(
            household=[common_pb2.HouseholdMember(pin="1", monthly_income=0, pension=False)], land_hectares=0.25)),
        assessment=common_pb2.Assessment(monthly_amount=2**40, parameters={"rate": "1200"}),
        history=[common_pb2.HistoryEntry()], result={"record": "7"})
    data = protojson.to_dict(app)
    assert data == json_format.MessageToDict(app, preserving_proto_field_name=True)
    assert data["assessment"]["monthly_amount"] == str(2**40)
    assert data["details"]["family_benefit"]["household"][0] == {"pin": "1", "monthly_income": "0", "pension": False}
    assert protojson.parse(data, common_pb2.Application) == app


@pytest.mark.parametrize("value, out", [(math.inf, "Infinity"), (-math.inf, "-Infinity"), (math.nan, "NaN")])
def test_special_doubles_are_written_as_json_format_writes_them(value, out):
    details = common_pb2.FamilyBenefitDetails(land_hectares=value)
    assert protojson.to_dict(details) == {"land_hectares": out}
    assert json_format.MessageToDict(details, preserving_proto_field_name=True) == {"land_hectares": out}


def test_wrong_input_gets_json_format_s_error():
    with pytest.raises(json_format.ParseError, match="eligible"):
        protojson.parse({"eligible": 1}, common_pb2.Assessment)
    with pytest.raises(json_format.ParseError, match="monthly_amount"):
        protojson.parse({"monthly_amount": " 5"}, common_pb2.Assessment)
    with pytest.raises(json_format.ParseError, match="oneof"):
        protojson.parse({"birth_registration": {}, "social_benefit": {}}, common_pb2.ServiceDetails)
