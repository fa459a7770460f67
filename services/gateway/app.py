"""The application factory: configuration, extensions (init_app style), blueprints, error handlers.

No route lives here: the routes are in gateway/views/.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from flask import Flask, g, has_app_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from gateway import i18n, messages, operations
from gateway.auth import EXTENSION as STORE
from gateway.auth import csrf_token, store
from gateway.clients import EXTENSION as BACKENDS
from gateway.clients import backends
from gateway.metrics import metrics, route_label
from gateway.settings import Settings
from gateway.views import admin, api, cases, handlers, monitoring, ops, payroll, public, web, window
from gateway.views.documents import bp as documents_bp
from tereze.channels import Peers

log = logging.getLogger("gateway.http")

QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})

# No inline script or style anywhere: scripts and styles are files under /static, served by the app.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def _audit(principal, action: str, object_type: str, object_id: str, detail: str = "") -> None:
    """The audit sink of gateway.operations: one append-only row per view or change."""
    if not has_app_context():  # operations used outside a request (tests of the rules)
        return
    store.get().audit(principal.username, principal.role, action, object_type, object_id, detail)


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
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    store.init_app(app)
    backends.init_app(app, peers)
    metrics.init_app(app)
    i18n.init_app(app)
    messages.init_app(app)
    operations.audit_sink = _audit

    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(window.bp)
    app.register_blueprint(cases.bp)
    app.register_blueprint(monitoring.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(payroll.bp)
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
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def close_app(app: Flask) -> None:
    """Release the app's channels and database pool (worker exit, tests)."""
    app.extensions[BACKENDS].close()
    app.extensions[STORE].close()
