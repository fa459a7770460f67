"""Hostile input over real gRPC: every method of every service gets arbitrary well-typed messages.

A service may refuse (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ABORTED …) but never answers
INTERNAL or UNKNOWN, never crashes, and stays healthy afterwards.
"""

from __future__ import annotations

import os

import grpc
import pytest
from google.protobuf import descriptor as d
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from birtereze.benefits.v1 import benefits_pb2
from birtereze.intake.v1 import intake_pb2
from birtereze.notify.v1 import notify_pb2
from birtereze.registry.v1 import registry_pb2
from birtereze.routing.v1 import routing_pb2
from tests.support import AUTH, InProcessSuite

# CI replays a fixed set of examples (a green run stays green); TEREZE_FUZZ_RANDOM=1 explores new ones.
FIXED = os.environ.get("TEREZE_FUZZ_RANDOM", "") != "1"

MODULES = {"intake": intake_pb2, "routing": routing_pb2, "registry": registry_pb2, "benefits": benefits_pb2,
           "notify": notify_pb2}

TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "birth_registration", "family_benefit", "belek", "11203199000123", "2026-02-30",
                     "1990-01-01", "approved", "ky", "'; DROP TABLE applications;--", "𝔘𝔫𝔦", "Айгерим", "\x00"]),
)
SCALARS = {
    d.FieldDescriptor.TYPE_STRING: TEXT,
    d.FieldDescriptor.TYPE_BOOL: st.booleans(),
    d.FieldDescriptor.TYPE_INT32: st.integers(-(2**31), 2**31 - 1),
    d.FieldDescriptor.TYPE_INT64: st.integers(-(2**63), 2**63 - 1),
    d.FieldDescriptor.TYPE_DOUBLE: st.floats(allow_nan=True, allow_infinity=True),
    d.FieldDescriptor.TYPE_BYTES: st.binary(max_size=20),
}


def messages(descriptor: d.Descriptor, depth: int = 0):
    """A strategy for arbitrary instances of a message type, nested messages down to depth 3."""
    from google.protobuf import message_factory

    cls = message_factory.GetMessageClass(descriptor)

    def field_value(field: d.FieldDescriptor):
        if field.type == d.FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                return st.dictionaries(TEXT, TEXT, max_size=3)
            if depth >= 3:
                return st.none()
            return messages(field.message_type, depth + 1)
        if field.type == d.FieldDescriptor.TYPE_ENUM:
            return st.sampled_from([v.number for v in field.enum_type.values] + [99])
        return SCALARS[field.type]

    @st.composite
    def build(draw):
        message = cls()
        for field in descriptor.fields:
            if not draw(st.booleans()):
                continue
            strategy = field_value(field)
            is_map = field.type == d.FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry
            if is_map:
                getattr(message, field.name).update(draw(strategy))
            elif field.is_repeated:
                values = draw(st.lists(strategy, max_size=3))
                container = getattr(message, field.name)
                for v in values:
                    if v is None:
                        continue
                    if field.type == d.FieldDescriptor.TYPE_MESSAGE:
                        container.add().CopyFrom(v)
                    else:
                        container.append(v)
            else:
                value = draw(strategy)
                if value is None:
                    continue
                if field.type == d.FieldDescriptor.TYPE_MESSAGE:
                    getattr(message, field.name).CopyFrom(value)
                else:
                    setattr(message, field.name, value)
        return message

    return build()


def methods():
    for service, module in MODULES.items():
        for svc in module.DESCRIPTOR.services_by_name.values():
            for method in svc.methods:
                yield service, svc.full_name, method


METHODS = list(methods())


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    s = InProcessSuite(lambda label: f"sqlite:///{tmp / (label + '.db')}").start()
    channels = {name: grpc.insecure_channel(s.address(name)) for name in MODULES}
    yield s, channels
    for channel in channels.values():
        channel.close()
    s.stop()


ACCEPTABLE = {grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION,
              grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ABORTED, grpc.StatusCode.UNAVAILABLE,
              grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.OUT_OF_RANGE, grpc.StatusCode.DEADLINE_EXCEEDED}


@pytest.mark.parametrize(("service", "full_name", "method"), METHODS,
                         ids=[f"{s}.{m.name}" for s, _, m in METHODS])
def test_arbitrary_requests_never_cause_internal_errors(suite, service, full_name, method):
    s, channels = suite
    from google.protobuf import message_factory

    response_cls = message_factory.GetMessageClass(method.output_type)
    call = channels[service].unary_unary(f"/{full_name}/{method.name}",
                                         request_serializer=lambda m: m.SerializeToString(),
                                         response_deserializer=response_cls.FromString)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=FIXED)
    @given(messages(method.input_type))
    def check(request):
        try:
            call(request, timeout=10, metadata=AUTH)
        except grpc.RpcError as error:
            assert error.code() in ACCEPTABLE, f"{method.name}: {error.code()} {error.details()} for {request}"

    check()
    # Without the suite's credential the same method is refused before it runs.
    with pytest.raises(grpc.RpcError) as refused:
        call(messages(method.input_type).example(), timeout=10)
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    health = health_pb2_grpc.HealthStub(channels[service])
    assert health.Check(health_pb2.HealthCheckRequest()).status == health_pb2.HealthCheckResponse.SERVING
