"""Errors as HTTP: the JSON error format under /api (and for JSON clients), an HTML page elsewhere."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from gateway.errors import domain_error, error_body, http_error
from gateway.metrics import metrics, route_label
from tereze import db
from tereze.errors import DomainError, Unauthenticated, Unavailable

log = logging.getLogger("gateway.http")


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _json(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="bir-tereze"'
    return response


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        body, status = domain_error(error)
        metrics.get().backend_errors.labels(body["error"]["code"]).inc()
        if status >= 500:
            log.warning("request failed", extra={"route": route_label(), "code": body["error"]["code"]})
        if wants_json():
            return _json(body, status)
        if isinstance(error, Unauthenticated):
            return redirect(url_for("web.login", next=request.path))
        return render_template("error.html", status=status, error=body["error"]), status

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        if wants_json():
            message = "no such API route; see /api/v1/openapi.json" if status == 404 else error.description
            body, status = http_error(status, message)
            response = _json(body, status)
            valid_methods = getattr(error, "valid_methods", None)
            if status == 405 and valid_methods:
                response.headers["Allow"] = ", ".join(valid_methods)
            return response
        body = error_body("not_found" if status == 404 else "error", error.description or error.name)
        return render_template("error.html", status=status, error=body["error"]), status

    @app.errorhandler(Exception)
    def _unhandled(error: Exception):
        if db.unavailable(error):
            # The gateway's own database is away (sessions, audit): 503, the clerk retries with the same key.
            log.warning("database unavailable", extra={"route": route_label(), "error_type": type(error).__name__})
            return _domain(Unavailable("database unavailable, try again shortly"))
        # The message of an unexpected exception may echo input: log its type and where, not what.
        log.error(
            "unhandled error",
            extra={"route": route_label(), "error_type": type(error).__name__,
                   "where": "".join(traceback.format_tb(error.__traceback__))},
        )
        body = error_body("internal", "internal error")
        if wants_json():
            return _json(body, 500)
        return render_template("error.html", status=500, error=body["error"]), 500
