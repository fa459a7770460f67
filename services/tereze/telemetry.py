"""OpenTelemetry set up once per process from the standard OTEL_* variables only.

- OTEL_SERVICE_NAME overrides the default name (the service's own).
- OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT turn export on; the protocol is
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL: `grpc` or `http/protobuf` (the default).
- OTEL_TRACES_SAMPLER / _ARG, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES are read by the SDK itself.
A wrong value fails the start of the process; nothing is disabled silently.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

from opentelemetry import context as otel_context
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


_CALL_SPAN = otel_context.create_key("tereze.call_span")


@contextlib.contextmanager
def calls_in_current_span():
    """Calls made inside need no CLIENT span of their own: the current span stands for them (the outbox relay's
    delivery span, which already names the message and the attempt). The callee's server span becomes that
    span's child — the trace is the same, with one span fewer per call (spans are most of what tracing costs)."""
    token = otel_context.attach(otel_context.set_value(_CALL_SPAN, True))
    try:
        yield
    finally:
        otel_context.detach(token)


def call_metadata(metadata: tuple) -> tuple:
    """`metadata` plus the W3C trace context when the current span stands for the call (see above); else as
    it is, since the client interceptor injects the context of its own span."""
    if not otel_context.get_value(_CALL_SPAN):
        return metadata
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return metadata + tuple(carrier.items())


def _not_excluded(environ=None, client: bool = False):
    """The interceptors' filter: trace every call but those of the excluded services and, on the client side,
    those whose current span stands for the call (`calls_in_current_span`). A prefix test on the method's
    full name (OpenTelemetry's own filters split and normalise the path on every call)."""
    prefixes = tuple(f"/{name}/" for name in excluded_grpc_services(environ))

    def keep(details) -> bool:
        if client and otel_context.get_value(_CALL_SPAN):
            return False
        name = getattr(details, "method", None) or getattr(details, "full_method", "") or ""
        if isinstance(name, bytes):
            name = name.decode()
        return not name.startswith(prefixes)

    return keep


def grpc_server_interceptor():
    from opentelemetry.instrumentation.grpc import server_interceptor

    return server_interceptor(filter_=_not_excluded())


def traced_channel(channel):
    """A client channel whose calls carry the W3C trace context and make CLIENT spans."""
    from opentelemetry.instrumentation.grpc import client_interceptor
    from opentelemetry.instrumentation.grpc.grpcext import intercept_channel

    return intercept_channel(channel, client_interceptor(filter_=_not_excluded(client=True)))
