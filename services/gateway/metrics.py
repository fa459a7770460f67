"""Prometheus metrics of the gateway: requests by route template and status (never by raw path).

Each app has its own registry (tests build many apps in one process). With more than one gunicorn worker
each worker exposes its own counters; scrape per pod, or run one worker with threads (the default).
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)

EXTENSION = "gateway.metrics"


def route_label() -> str:
    """The route template (/api/v1/applications/<app_id>), never the path: paths can carry a PIN."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        self.requests = Counter(
            "gateway_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.duration = Histogram(
            "gateway_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.backend_errors = Counter(
            "gateway_backend_errors", "Domain errors returned to HTTP callers", ["code"], registry=self.registry
        )

    def exposition(self) -> Response:
        return Response(generate_latest(self.registry), mimetype=CONTENT_TYPE_LATEST)


class MetricsExtension:
    def init_app(self, app: Flask) -> None:
        metrics = Metrics()
        app.extensions[EXTENSION] = metrics

        @app.before_request
        def _start_timer():
            g._metrics_started = time.perf_counter()

        @app.after_request
        def _count(response):
            method = request.method if request.method in _METHODS else "OTHER"
            route = route_label()
            metrics.requests.labels(method, route, str(response.status_code)).inc()
            started = g.pop("_metrics_started", None)
            if started is not None:
                metrics.duration.labels(method, route).observe(time.perf_counter() - started)
            return response

    @staticmethod
    def get() -> Metrics:
        return current_app.extensions[EXTENSION]


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

metrics = MetricsExtension()
