"""gRPC edges shared by every service: errors both ways, deadlines, client calls, request fingerprints.

- A DomainError raised below a servicer leaves as a gRPC status with google.rpc details
  (BadRequest field violations, PreconditionFailure for rules); `from_rpc_error` turns it back.
- The deadline of the call being served is kept in a context variable; outgoing calls made while serving
  it get no more time than is left (`call_timeout`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import logging
import time

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status
from opentelemetry import trace

from tereze import db, telemetry
from tereze.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    RuleViolation,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    Violation,
)

log = logging.getLogger("tereze.rpc")

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("tereze_deadline", default=None)

# Margin kept for the caller to answer after its own downstream call returns.
DEADLINE_MARGIN = 0.05


def call_timeout(default: float) -> float:
    """Seconds an outgoing call may take: the default, or less if the call being served has less left."""
    deadline = _deadline.get()
    if deadline is None:
        return default
    left = deadline - time.monotonic() - DEADLINE_MARGIN
    return max(0.001, min(default, left))


# ---- domain error → gRPC status ----

_CODES = {
    InvalidArgument: code_pb2.INVALID_ARGUMENT,
    RuleViolation: code_pb2.FAILED_PRECONDITION,
    NotFound: code_pb2.NOT_FOUND,
    Conflict: code_pb2.ABORTED,
    Unavailable: code_pb2.UNAVAILABLE,
    Unauthenticated: code_pb2.UNAUTHENTICATED,
    Forbidden: code_pb2.PERMISSION_DENIED,
}


def status_of(error: DomainError) -> status_pb2.Status:
    """The google.rpc.Status a domain error leaves as: its code, its message, its field or rule details."""
    code = next((c for cls, c in _CODES.items() if isinstance(error, cls)), code_pb2.INTERNAL)
    status = status_pb2.Status(code=code, message=error.message)
    if isinstance(error, InvalidArgument):
        detail = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=f, description=d) for f, d in error.fields.items()
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(detail)
        status.details.append(packed)
    elif isinstance(error, RuleViolation):
        detail = error_details_pb2.PreconditionFailure(
            violations=[
                error_details_pb2.PreconditionFailure.Violation(type=v.rule, subject=v.field, description=v.message)
                for v in error.violations
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(detail)
        status.details.append(packed)
    return status


def to_status(error: DomainError):
    return rpc_status.to_status(status_of(error))


def from_rpc_error(error: grpc.RpcError) -> DomainError:
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    message = error.details() if hasattr(error, "details") else str(error)
    status = rpc_status.from_call(error) if hasattr(error, "trailing_metadata") else None
    return from_status(code, message, status.details if status else ())


_BY_VALUE = {c.value[0]: c for c in grpc.StatusCode}


def from_status(code: grpc.StatusCode | int, message: str, details=()) -> DomainError:
    """The domain error a gRPC status stands for (`code` a StatusCode or its number; `details` packed Anys)."""
    if isinstance(code, int):
        code = _BY_VALUE.get(code, grpc.StatusCode.UNKNOWN)
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        fields: dict[str, str] = {}
        for detail in details:
            bad = error_details_pb2.BadRequest()
            if detail.Unpack(bad):
                fields.update({v.field: v.description for v in bad.field_violations})
        return InvalidArgument(fields, message)
    if code == grpc.StatusCode.FAILED_PRECONDITION:
        violations: list[Violation] = []
        for detail in details:
            failure = error_details_pb2.PreconditionFailure()
            if detail.Unpack(failure):
                violations.extend(Violation(v.type, v.description, v.subject) for v in failure.violations)
        return RuleViolation(violations, message)
    if code == grpc.StatusCode.NOT_FOUND:
        return NotFound(message)
    if code in (grpc.StatusCode.ABORTED, grpc.StatusCode.ALREADY_EXISTS):
        return Conflict(message)
    # CANCELLED reaches a caller whose callee stopped (a drain that ran out of grace, a restart): the call
    # may be retried with the same request id, like any other unavailability.
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED,
                grpc.StatusCode.CANCELLED):
        return Unavailable(f"{code.name.lower()}: {message}")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return Unauthenticated(message)
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return Forbidden(message)
    if code == grpc.StatusCode.UNIMPLEMENTED:
        return Unimplemented(f"unimplemented: {message}")
    return DomainError(f"{code.name.lower()}: {message}")


def failure_status(error: Exception, method: str) -> tuple[str, status_pb2.Status]:
    """How a call (or one item of a batch) that raised `error` ends: a label for the log and its status. A
    domain error keeps its code and details; an unreachable database is UNAVAILABLE (the caller retries with
    the same request id); anything else is logged with its traceback and leaves as INTERNAL, no text."""
    if isinstance(error, DomainError):
        return type(error).__name__, status_of(error)
    if db.unavailable(error):
        log.warning("database unavailable", extra={"rpc": method, "error_type": type(error).__name__})
        return "UNAVAILABLE", status_of(Unavailable("database unavailable"))
    log.exception("unhandled error", extra={"rpc": method})
    return "INTERNAL", status_pb2.Status(code=code_pb2.INTERNAL, message="internal error")


class ServerInterceptor(grpc.ServerInterceptor):
    """Every unary call's SERVER span (`telemetry.server_span`, the child of the caller's trace context in the
    metadata), its deadline kept for the calls it makes, domain errors mapped to statuses, and a log line per
    call (no payloads)."""

    def __init__(self, environ=None):
        self._traced = telemetry.traced(environ)

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        method = handler_call_details.method
        traced = self._traced(method)

        def behavior(request, context):
            remaining = context.time_remaining()
            token = _deadline.set(time.monotonic() + remaining if remaining is not None else None)
            started = time.perf_counter()
            code = "OK"
            span = (telemetry.server_span(method, dict(context.invocation_metadata() or ())) if traced
                    else contextlib.nullcontext(trace.INVALID_SPAN))
            try:
                with span as current:
                    try:
                        answer = inner(request, context)
                    except Exception as error:
                        code, status = failure_status(error, method)
                        telemetry.end_rpc(current, status.code, code)
                        context.abort_with_status(rpc_status.to_status(status))
                    telemetry.end_rpc(current, 0)
                    return answer
            finally:
                _deadline.reset(token)
                log.debug(
                    "rpc",
                    extra={"rpc": method, "code": code, "ms": round((time.perf_counter() - started) * 1000, 2)},
                )

        return grpc.unary_unary_rpc_method_handler(
            behavior,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


TOKEN_HEADER = "x-tereze-service-token"
# Open without the credential: the kubelet's probes and load balancers ask the standard health service.
OPEN_PREFIXES = ("/grpc.health.v1.Health/",)


class AuthInterceptor(grpc.ServerInterceptor):
    """Refuses every call that does not carry the suite's service token (UNAUTHENTICATED)."""

    def __init__(self, token: str):
        if not token:
            raise ValueError("a service token is required")
        self._token = token.encode()

        def deny(request, context):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong service credential")

        self._deny = grpc.unary_unary_rpc_method_handler(deny)

    def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method
        if method.startswith(OPEN_PREFIXES):
            return continuation(handler_call_details)
        given = next((v for k, v in (handler_call_details.invocation_metadata or ()) if k == TOKEN_HEADER), "")
        if hmac.compare_digest(given.encode() if isinstance(given, str) else given, self._token):
            return continuation(handler_call_details)
        log.warning("call refused: no valid service credential", extra={"rpc": method})
        return self._deny


def fingerprint(message) -> str:
    """Hash of a request without its request_id: the same key with another body is a conflict."""
    copy = type(message)()
    copy.CopyFrom(message)
    if "request_id" in copy.DESCRIPTOR.fields_by_name:
        copy.ClearField("request_id")
    if "actor" in copy.DESCRIPTOR.fields_by_name:
        copy.ClearField("actor")
    return hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()
