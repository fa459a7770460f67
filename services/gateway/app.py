"""The application factory: configuration, extensions (init_app style), blueprints, error handlers.

No route lives here: the routes are in gateway/views/.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from flask import Flask, g, request

from gateway.auth import EXTENSION as STORE
from gateway.auth import csrf_token, store
from gateway.clients import EXTENSION as BACKENDS
from gateway.clients import backends
from gateway.metrics import metrics, route_label
from gateway.settings import Settings
from gateway.views import api, handlers, ops, public, web
from tereze.channels import Peers

log = logging.getLogger("gateway.http")

QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def create_app(settings: Settings, *, peers: Peers | None = None) -> Flask:
    """Build the gateway's Flask app. `peers` lets a caller share one Peers per process (gateway.main)."""
    app = Flask(__name__)
    app.config.update(
        GATEWAY_SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="tereze_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(seconds=settings.token_ttl),
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    store.init_app(app)
    backends.init_app(app, peers)
    metrics.init_app(app)

    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(ops.bp)
    handlers.register(app)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def _clock():
        g._started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        route = route_label()
        if route not in QUIET_ROUTES:
            principal = g.get("principal")
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": route,  # the template: a path may carry a PIN
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - g.get("_started", time.perf_counter())) * 1000, 1),
                    "user": principal.username if principal else None,
                },
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def close_app(app: Flask) -> None:
    """Release the app's channels and database pool (worker exit, tests)."""
    app.extensions[BACKENDS].close()
    app.extensions[STORE].close()
