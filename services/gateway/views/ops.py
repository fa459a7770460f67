"""Liveness, readiness and metrics: for the kubelet and Prometheus, never traced, no personal data."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from gateway.auth import store
from gateway.clients import backends
from gateway.metrics import metrics

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers. Dependencies are readiness's business, not a reason to restart."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready when the gateway's database answers and intake (the one service every submission needs) serves."""
    settings = current_app.config["GATEWAY_SETTINGS"]
    checks = {
        "database": "ok" if store.get().ping() else "failing",
        "intake": "ok" if backends.get().serving("intake", settings.readiness_timeout) else "failing",
    }
    ready = all(v == "ok" for v in checks.values())
    return jsonify(status="ready" if ready else "not_ready", checks=checks), 200 if ready else 503


@bp.get("/metrics")
def prometheus():
    return metrics.get().exposition()
