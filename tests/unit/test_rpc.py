"""gRPC edges: domain errors to statuses with google.rpc details and back, and deadline propagation.

A real gRPC server runs in this process with the shared `ServerInterceptor` in front of a generic handler
on raw bytes (no generated servicer needed), so what is tested is what a client sees on the wire.
"""

from __future__ import annotations

from concurrent import futures

import grpc
import pytest

from tereze.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    RuleViolation,
    Unauthenticated,
    Unavailable,
    Violation,
)
from tereze.rpc import ServerInterceptor, call_timeout, fingerprint, from_rpc_error, to_status
from tests.support import free_port

FIELDS = {"applicant.pin": "must be 14 digits starting with 1 (female) or 2 (male)",
          "details.child.birth_date": "must not be in the future"}
VIOLATIONS = [Violation("marriage.min_age", "both must be at least 18 on the registration date",
                        "details.spouse.birth_date"),
              Violation("divorce.court_only", "this divorce goes through court")]

ERRORS = {
    "invalid": lambda: InvalidArgument(FIELDS),
    "rule": lambda: RuleViolation(VIOLATIONS),
    "not_found": lambda: NotFound("no such application"),
    "conflict": lambda: Conflict("request id 'r1' was already used for a different request"),
    "unavailable": lambda: Unavailable("registry is unreachable"),
    "unauthenticated": lambda: Unauthenticated("token expired"),
    "forbidden": lambda: Forbidden("registrars only"),
    "domain": lambda: DomainError("something odd"),
    "bug": lambda: KeyError("11203199000123"),
    "database_away": lambda: _database_away(),
}


def _database_away() -> Exception:
    """The error SQLAlchemy raises when the database server cannot be reached (a real one, not built)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none?connect_timeout=1")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - returned to be raised by the servicer
        return error
    finally:
        engine.dispose()
    raise AssertionError("a closed port answered")


@pytest.fixture(scope="module")
def server():
    def fail(request: bytes, context) -> bytes:
        raise ERRORS[request.decode()]()

    def timeout(request: bytes, context) -> bytes:
        return repr(call_timeout(float(request))).encode()

    def remaining(request: bytes, context) -> bytes:
        return repr(context.time_remaining()).encode()

    def forward(request: bytes, context) -> bytes:
        # A servicer calling the next service with the shared helper, as every service does.
        used = call_timeout(float(request))
        downstream = channel.unary_unary("/test.Probe/Remaining")(b"", timeout=used)
        return f"{used!r} {downstream.decode()}".encode()

    handler = grpc.method_handlers_generic_handler("test.Probe", {
        name: grpc.unary_unary_rpc_method_handler(fn)
        for name, fn in {"Fail": fail, "Timeout": timeout, "Remaining": remaining, "Forward": forward}.items()
    })
    srv = grpc.server(futures.ThreadPoolExecutor(max_workers=4), interceptors=[ServerInterceptor()])
    srv.add_generic_rpc_handlers((handler,))
    port = srv.add_insecure_port("127.0.0.1:0")
    srv.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield channel
    channel.close()
    srv.stop(0)


def call(channel, method: str, request: bytes, timeout: float | None = 10) -> bytes:
    return channel.unary_unary(f"/test.Probe/{method}")(request, timeout=timeout)


def error_from(channel, name: str) -> tuple[grpc.RpcError, DomainError]:
    with pytest.raises(grpc.RpcError) as caught:
        call(channel, "Fail", name.encode())
    return caught.value, from_rpc_error(caught.value)


# ---- errors over the wire ----


def test_field_violations_survive_the_round_trip(server):
    rpc_error, error = error_from(server, "invalid")
    assert rpc_error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert isinstance(error, InvalidArgument)
    assert error.fields == FIELDS
    assert "applicant.pin" in error.message


def test_rule_violations_survive_the_round_trip(server):
    rpc_error, error = error_from(server, "rule")
    assert rpc_error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert isinstance(error, RuleViolation)
    assert error.violations == VIOLATIONS
    assert error.message == "both must be at least 18 on the registration date; this divorce goes through court"


@pytest.mark.parametrize("name, code, kind", [
    ("not_found", grpc.StatusCode.NOT_FOUND, NotFound),
    ("conflict", grpc.StatusCode.ABORTED, Conflict),
    ("unavailable", grpc.StatusCode.UNAVAILABLE, Unavailable),
    ("unauthenticated", grpc.StatusCode.UNAUTHENTICATED, Unauthenticated),
    ("forbidden", grpc.StatusCode.PERMISSION_DENIED, Forbidden),
])
def test_each_domain_error_keeps_its_kind_and_message(server, name, code, kind):
    rpc_error, error = error_from(server, name)
    assert rpc_error.code() == code
    assert type(error) is kind
    assert ERRORS[name]().message in error.message


def test_unexpected_error_is_internal_without_its_text(server):
    rpc_error, error = error_from(server, "bug")
    assert rpc_error.code() == grpc.StatusCode.INTERNAL
    assert rpc_error.details() == "internal error"
    assert "11203199000123" not in str(error.message)
    assert type(error) is DomainError


def test_a_database_that_cannot_be_reached_is_unavailable_not_internal(server):
    rpc_error, error = error_from(server, "database_away")
    assert rpc_error.code() == grpc.StatusCode.UNAVAILABLE  # the caller retries with the same request id
    assert type(error) is Unavailable and "database" in error.message


def test_plain_domain_error_is_internal_with_its_message(server):
    rpc_error, error = error_from(server, "domain")
    assert rpc_error.code() == grpc.StatusCode.INTERNAL and "something odd" in error.message


# ---- the SERVER span of every call ----


def test_each_call_has_one_server_span_with_its_code_in_the_callers_trace(server, spans):
    """The interceptor's span: a child of the trace context the caller sent, named by the method, four
    attributes (no peer address, no user agent), the status code; a failed call is an error whose description is
    the error's kind, never its message."""
    from opentelemetry import propagate, trace

    tracer = trace.get_tracer("tests.rpc")
    with tracer.start_as_current_span("the caller") as caller:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        channel_call = server.unary_unary("/test.Probe/Remaining")
        channel_call(b"", timeout=5, metadata=tuple(carrier.items()))
        with pytest.raises(grpc.RpcError):
            server.unary_unary("/test.Probe/Fail")(b"not_found", timeout=5, metadata=tuple(carrier.items()))
        with pytest.raises(grpc.RpcError):
            server.unary_unary("/test.Probe/Fail")(b"bug", timeout=5, metadata=tuple(carrier.items()))
    finished = [s for s in spans.get_finished_spans() if s.kind == trace.SpanKind.SERVER]
    ok = next(s for s in finished if s.name == "/test.Probe/Remaining")
    assert dict(ok.attributes) == {"rpc.system": "grpc", "rpc.service": "test.Probe", "rpc.method": "Remaining",
                                   "rpc.grpc.status_code": 0}
    assert ok.parent.span_id == caller.get_span_context().span_id
    assert ok.status.status_code != trace.StatusCode.ERROR
    failed = [s for s in finished if s.name == "/test.Probe/Fail"]
    assert [s.attributes["rpc.grpc.status_code"] for s in failed] == [grpc.StatusCode.NOT_FOUND.value[0],
                                                                       grpc.StatusCode.INTERNAL.value[0]]
    assert [(s.status.status_code, s.status.description) for s in failed] == [
        (trace.StatusCode.ERROR, "NotFound"), (trace.StatusCode.ERROR, "INTERNAL")]
    assert {s.context.trace_id for s in finished} == {caller.get_span_context().trace_id}


def test_health_calls_have_no_span(spans):
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc

    srv = grpc.server(futures.ThreadPoolExecutor(max_workers=2), interceptors=[ServerInterceptor()])
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), srv)
    port = srv.add_insecure_port("127.0.0.1:0")
    srv.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        srv.stop(0)
    assert not [s for s in spans.get_finished_spans() if "Health" in s.name]


# ---- the serialization alone ----


class FakeCall(grpc.RpcError):
    """What a client holds after a failed call: code, details and the trailing metadata with the status."""

    def __init__(self, status: grpc.Status):
        self.status = status

    def code(self):
        return self.status.code

    def details(self):
        return self.status.details

    def trailing_metadata(self):
        return self.status.trailing_metadata


def test_to_status_and_back_keeps_fields_and_violations():
    status = to_status(InvalidArgument(FIELDS))
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT
    assert from_rpc_error(FakeCall(status)).fields == FIELDS
    status = to_status(RuleViolation(VIOLATIONS, "refused at the window"))
    back = from_rpc_error(FakeCall(status))
    assert back.violations == VIOLATIONS and back.message == "refused at the window"


def test_status_without_details_still_maps_to_the_kind():
    class Bare(grpc.RpcError):
        def code(self):
            return grpc.StatusCode.INVALID_ARGUMENT

        def details(self):
            return "bad"

    error = from_rpc_error(Bare())
    assert isinstance(error, InvalidArgument) and error.fields == {} and error.message == "bad"


@pytest.mark.parametrize("code", [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                                  grpc.StatusCode.RESOURCE_EXHAUSTED])
def test_transient_codes_become_unavailable(code):
    class Transient(grpc.RpcError):
        def code(self):
            return code

        def details(self):
            return "try later"

    error = from_rpc_error(Transient())
    assert isinstance(error, Unavailable) and "try later" in error.message


# ---- deadlines ----


def test_call_timeout_outside_any_call_is_the_default():
    assert call_timeout(5.0) == 5.0


def test_call_timeout_never_exceeds_the_time_left_of_the_call_being_served(server):
    left = float(call(server, "Timeout", b"30", timeout=2.0))
    assert 0 < left <= 2.0


def test_call_timeout_keeps_a_shorter_default(server):
    assert float(call(server, "Timeout", b"0.5", timeout=30)) == 0.5


def test_call_timeout_without_a_client_deadline_is_the_default(server):
    assert float(call(server, "Timeout", b"7", timeout=None)) == 7.0


def test_outgoing_call_gets_no_more_time_than_the_incoming_one_has_left(server):
    used, downstream_left = map(float, call(server, "Forward", b"30", timeout=2.0).split())
    assert 0 < used <= 2.0
    # What the next service sees is the propagated deadline, not the 30 s default (gRPC measures it
    # only to within some milliseconds, so no finer comparison is made).
    assert 0 < downstream_left < 5


def test_deadline_is_forgotten_after_the_call(server):
    call(server, "Timeout", b"30", timeout=0.5)
    for _ in range(8):  # every worker thread of the server
        assert float(call(server, "Timeout", b"30", timeout=None)) == 30.0


# ---- request fingerprints ----


def test_fingerprint_ignores_request_id_and_actor_but_not_the_body():
    from birtereze.common.v1 import common_pb2 as c
    from birtereze.intake.v1 import intake_pb2 as ipb

    def request(request_id: str, office: str, user: str):
        return ipb.SubmitApplicationRequest(request_id=request_id, service="birth_registration", office=office,
                                            actor=c.Actor(username=user, role="clerk", office=office))

    assert fingerprint(request("r1", "belek", "clerk.a")) == fingerprint(request("r2", "belek", "clerk.b"))
    assert fingerprint(request("r1", "belek", "clerk.a")) != fingerprint(request("r1", "aral", "clerk.a"))
