"""The error format of DESIGN.md for every domain error, unknown routes, and unreachable services."""

from __future__ import annotations

import pytest

from gateway.errors import domain_error
from tereze.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    RuleViolation,
    Unauthenticated,
    Unavailable,
    Violation,
)
from tests.gateway.conftest import PASSWORD, birth_body


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (InvalidArgument({"applicant.pin": "must be 14 digits"}), 400, "invalid_argument"),
        (Unauthenticated("no"), 401, "unauthenticated"),
        (Forbidden("no"), 403, "forbidden"),
        (NotFound("no"), 404, "not_found"),
        (Conflict("no"), 409, "conflict"),
        (RuleViolation([Violation("marriage.age", "both must be 18", "details.spouse")]), 422, "rule_violation"),
        (Unavailable("unavailable: failed to connect to 127.0.0.1:50051"), 503, "unavailable"),
        (DomainError("internal: boom"), 500, "internal"),
    ],
)
def test_domain_errors_map_to_http(error, status, code):
    body, got = domain_error(error)
    assert got == status
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert set(body["error"]) == {"code", "message", "fields", "violations"}
    if code == "invalid_argument":
        assert body["error"]["fields"] == {"applicant.pin": "must be 14 digits"}
    if code == "rule_violation":
        assert body["error"]["violations"] == [
            {"rule": "marriage.age", "message": "both must be 18", "field": "details.spouse"}]
    if code in ("unavailable", "internal"):
        assert "127.0.0.1" not in body["error"]["message"] and "boom" not in body["error"]["message"]


def test_unknown_api_route_is_json_404(client, login):
    for reply in (client.get("/api/v1/nothing-here"), login("clerk.belek").get("/api/v1/applications/x/y/z"),
                  client.get("/api/v2/applications")):
        assert reply.status_code == 404
        assert reply.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(login):
    reply = login("clerk.belek").client.delete("/api/v1/catalog")
    assert reply.status_code == 405
    assert reply.get_json()["error"]["code"] == "method_not_allowed"


def test_oversized_body_is_rejected_cleanly(login):
    reply = login("clerk.belek").post("/api/v1/applications", key="big", data="x" * (2 * 1024 * 1024),
                                      content_type="application/json")
    assert reply.status_code == 413 and reply.get_json()["error"]["code"] == "invalid_argument"


def test_unreachable_services_are_503(dead_app):
    client = dead_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": PASSWORD}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}", "Idempotency-Key": "dead-1"}
    for reply in (client.get("/api/v1/catalog", headers=headers),
                  client.get("/api/v1/applications/some-id", headers=headers),
                  client.post("/api/v1/applications", headers=headers,
                              json=birth_body())):
        assert reply.status_code == 503, reply.get_json()
        assert reply.get_json()["error"]["code"] == "unavailable"


def test_health_and_readiness(client, dead_app):
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"] == {"database": "ok", "intake": "ok"}
    dead = dead_app.test_client()
    assert dead.get("/healthz").status_code == 200  # liveness does not depend on peers
    not_ready = dead.get("/readyz")
    assert not_ready.status_code == 503 and not_ready.get_json()["checks"]["intake"] == "failing"


def test_readiness_fails_without_the_database(suite, tmp_path):
    from gateway.app import close_app, create_app
    from tereze import GRPC_SERVICES
    from tests.gateway.conftest import make_settings

    missing = tmp_path / "no-such-dir" / "gateway.db"
    app = create_app(make_settings(f"sqlite:///{missing}", {n: suite.address(n) for n in GRPC_SERVICES}))
    try:
        reply = app.test_client().get("/readyz")
        assert reply.status_code == 503 and reply.get_json()["checks"]["database"] == "failing"
    finally:
        close_app(app)


def test_a_lost_database_is_503_not_500(suite, tmp_path):
    """The gateway's own database away (a path that cannot be opened): sign-in answers 503 "unavailable",
    which a client retries, never an internal error."""
    from gateway.app import close_app, create_app
    from tereze import GRPC_SERVICES
    from tests.gateway.conftest import make_settings
    from tests.gateway.webtools import sign_in

    missing = tmp_path / "no-such-dir" / "gateway.db"
    app = create_app(make_settings(f"sqlite:///{missing}", {n: suite.address(n) for n in GRPC_SERVICES}))
    try:
        client = app.test_client()
        reply = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": PASSWORD})
        assert reply.status_code == 503, reply.get_json()
        assert reply.get_json()["error"]["code"] == "unavailable"
        page = sign_in(client, "clerk.belek")  # the sign-in form, with its CSRF token, reaches the database
        assert page.status_code == 503, page.get_data(as_text=True)[:300]
    finally:
        close_app(app)
