"""OpenTelemetry set up once per process from the standard OTEL_* variables only.

- OTEL_SERVICE_NAME overrides the default name (the service's own).
- OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT turn export on; the protocol is
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL: `grpc` or `http/protobuf` (the default).
- OTEL_TRACES_SAMPLER / _ARG, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES are read by the SDK itself.
A wrong value fails the start of the process; nothing is disabled silently.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

from tereze.config import ConfigError

log = logging.getLogger(__name__)

_lock = threading.Lock()
_provider: TracerProvider | None = None

HEALTH_SERVICE = "grpc.health.v1.Health"
REFLECTION_SERVICES = ("grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection")


def _exporter_from_env(environ) -> SpanExporter | None:
    if environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() == "none":
        return None
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if not endpoint:
        return None
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "http/protobuf"
    ).strip()
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if protocol == "http/protobuf":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    raise ConfigError(
        f"OTEL_EXPORTER_OTLP_PROTOCOL must be grpc or http/protobuf, got {protocol!r} (http/json is not supported)"
    )


def init(service: str, environ=None, exporter: SpanExporter | None = None) -> TracerProvider:
    """Install the global tracer provider (once per process) and return it."""
    global _provider
    environ = os.environ if environ is None else environ
    with _lock:
        if _provider is not None:
            return _provider
        name = environ.get("OTEL_SERVICE_NAME") or service
        provider = TracerProvider(resource=Resource.create({"service.name": name}))
        exporter = exporter or _exporter_from_env(environ)
        if exporter is not None:
            provider.add_span_processor(BatchSpanProcessor(exporter))
            log.info("tracing exports over OTLP", extra={"service_name": name})
        trace.set_tracer_provider(provider)
        _provider = provider
        return provider


def shutdown() -> None:
    """Flush and stop exporting; called on SIGTERM after in-flight calls have finished."""
    if _provider is not None:
        _provider.force_flush(timeout_millis=2000)
        _provider.shutdown()


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def current_trace_id() -> str:
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else ""


def excluded_grpc_services(environ=None) -> set[str]:
    environ = os.environ if environ is None else environ
    raw = environ.get("OTEL_PYTHON_GRPC_EXCLUDED_SERVICES", "")
    names = {s.strip() for s in raw.split(",") if s.strip()}
    return names | {HEALTH_SERVICE, *REFLECTION_SERVICES}


def call_metadata(metadata: tuple) -> tuple:
    """`metadata` plus the W3C trace context of the current span, for an outgoing gRPC call.

    Calls between the services make no CLIENT span: the caller's current span (the request being served, or
    the outbox relay's delivery span) stands for the call, and the callee's SERVER span is its child. The
    trace is the same, with one span fewer per call; spans are most of what tracing costs (issue 9)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return metadata + tuple(carrier.items()) if carrier else metadata


# Codes after which the callee may have made no span at all: the caller's span records the failed call.
_UNANSWERED = frozenset({"UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELLED", "RESOURCE_EXHAUSTED", "UNKNOWN",
                         "INTERNAL"})


def call_failed(service: str, method: str, code) -> None:
    """Record on the current span a call that got no answer from the service (an event: the service name, the
    method and the status code, nothing of the request)."""
    span = trace.get_current_span()
    if code is not None and code.name in _UNANSWERED and span.is_recording():
        span.add_event("rpc call failed", {"rpc.service": service, "rpc.method": method,
                                           "rpc.grpc.status_code": code.value[0]})


def traced(environ=None) -> Callable[[str], bool]:
    """Whether a call of a method ("/package.Service/Method") gets a SERVER span: every call but those of the
    excluded services (health, reflection, OTEL_PYTHON_GRPC_EXCLUDED_SERVICES). A prefix test."""
    prefixes = tuple(f"/{name}/" for name in excluded_grpc_services(environ))
    return lambda method: not method.startswith(prefixes)


_rpc_tracer = trace.get_tracer("tereze.rpc")


def server_span(method: str, carrier: Mapping[str, str], attributes: Mapping[str, object] | None = None):
    """The SERVER span of one call of `method` ("/package.Service/Method", also its name), the child of the
    trace context in `carrier` (the call's metadata, or a batch item's), made current. Four attributes: the rpc
    system, service and method, and the status code (`end_rpc`). OpenTelemetry's own gRPC interceptor adds the
    peer's address and port, its host name and the user agent, and wraps the servicer context on every call;
    none of it is read here, and every attribute is encoded again at export (issue 9)."""
    service, _, name = method.strip("/").partition("/")
    attrs = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}
    if attributes:
        attrs.update(attributes)
    return _rpc_tracer.start_as_current_span(
        method, context=propagate.extract(carrier), kind=trace.SpanKind.SERVER, attributes=attrs,
        record_exception=False, set_status_on_exception=False)


def end_rpc(span: trace.Span, code: int, label: str = "") -> None:
    """Record how the call ended: its gRPC status code and, for any code but OK, an error status whose
    description is `label` (the error's type or the status's name, never its message)."""
    span.set_attribute("rpc.grpc.status_code", code)
    if code:
        span.set_status(trace.Status(trace.StatusCode.ERROR, label))
