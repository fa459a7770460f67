"""OpenTelemetry for the Flask app: server spans named by route template, without personal data.

Path parameters that are personal data (a PIN) are replaced by their template in the span's URL
attributes; unmatched paths are not recorded at all. Liveness, readiness and metrics are not traced.
"""

from __future__ import annotations

from flask import Flask, request
from opentelemetry.instrumentation.flask import FlaskInstrumentor

EXCLUDED_URLS = "/healthz,/readyz,/metrics"

# Path parameters whose value must never leave the process in a span.
PERSONAL_PATH_PARAMS = frozenset({"pin"})

_URL_ATTRIBUTES = ("http.target", "http.url", "url.path", "url.full")


def _redacted_path() -> str | None:
    rule = request.url_rule
    if rule is None:
        return "unmatched"
    if PERSONAL_PATH_PARAMS & set((request.view_args or {}).keys()):
        return rule.rule
    return None


def _response_hook(span, _status, _headers) -> None:
    # Called after the instrumentation has set its own attributes and while the span is still open.
    if span is None or not span.is_recording():
        return
    path = _redacted_path()
    if path is None:
        return
    for name in _URL_ATTRIBUTES:
        span.set_attribute(name, path)
    span.set_attribute("url.query", "")


def instrument(app: Flask, tracer_provider=None) -> Flask:
    FlaskInstrumentor().instrument_app(
        app, excluded_urls=EXCLUDED_URLS, response_hook=_response_hook, tracer_provider=tracer_provider
    )
    return app
