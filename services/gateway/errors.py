"""The HTTP error format of DESIGN.md, and the mapping of domain errors onto it.

    {"error": {"code": "...", "message": "...", "fields": {...}, "violations": [{"rule", "message"}]}}
"""

from __future__ import annotations

import logging

from tereze.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    RuleViolation,
    Unauthenticated,
    Unavailable,
)

log = logging.getLogger("gateway.errors")

HTTP_STATUS = {
    "invalid_argument": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "rule_violation": 422,
    "unavailable": 503,
    "internal": 500,
}

_BY_CLASS = (
    (InvalidArgument, "invalid_argument"),
    (RuleViolation, "rule_violation"),
    (NotFound, "not_found"),
    (Conflict, "conflict"),
    (Unavailable, "unavailable"),
    (Unauthenticated, "unauthenticated"),
    (Forbidden, "forbidden"),
)

# HTTP errors raised by Flask/werkzeug itself (routing, body size, methods) in the same format.
HTTP_CODE_NAMES = {400: "invalid_argument", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
                   405: "method_not_allowed", 409: "conflict", 413: "invalid_argument",
                   415: "invalid_argument", 422: "rule_violation", 503: "unavailable"}


def error_body(code: str, message: str, fields: dict | None = None, violations: list | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}, "violations": violations or []}}


def domain_error(error: DomainError) -> tuple[dict, int]:
    """(body, HTTP status) for a domain error raised by a rule, a client call or a view."""
    code = next((name for cls, name in _BY_CLASS if isinstance(error, cls)), "internal")
    fields = error.fields if isinstance(error, InvalidArgument) else None
    violations = None
    if isinstance(error, RuleViolation):
        violations = []
        for v in error.violations:
            item = {"rule": v.rule, "message": v.message}
            if v.field:
                item["field"] = v.field
            violations.append(item)
    message = error.message if code != "internal" else "internal error"
    if code == "internal":
        # A back-office failure without a mapped status: its gRPC code name only (details may echo input).
        log.error("back-office error", extra={"grpc_code": error.message.split(":", 1)[0][:40]})
    if code == "unavailable":
        message = "a back-office service is unavailable; try again shortly"
    return error_body(code, message, fields, violations), HTTP_STATUS[code]


def http_error(status: int, description: str) -> tuple[dict, int]:
    code = HTTP_CODE_NAMES.get(status, "internal" if status >= 500 else "invalid_argument")
    return error_body(code, description), status
