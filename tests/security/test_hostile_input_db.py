"""Characters a database may not store: a NUL byte in any text field is refused with a field-named 400 on
SQLite and PostgreSQL alike (PostgreSQL's text type cannot hold NUL; it must not surface as a 500)."""

from __future__ import annotations

import uuid

import pytest

from gateway.app import close_app, create_app
from gateway.seed import seed
from tereze import GRPC_SERVICES, migrations
from tests.gateway.conftest import PASSWORD, make_settings
from tests.gateway.webtools import fresh_birth_body
from tests.support import InProcessSuite


@pytest.fixture
def gateway(db_factory):
    suite = InProcessSuite(db_factory).start()
    url = db_factory("gateway")
    migrations.upgrade("gateway", url)
    seed(url, password=PASSWORD)
    app = create_app(make_settings(url, {n: suite.address(n) for n in GRPC_SERVICES}))
    client = app.test_client()
    tok = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": PASSWORD}).get_json()
    try:
        yield client, {"Authorization": f"Bearer {tok['token']}"}
    finally:
        close_app(app)
        suite.stop()


def test_nul_bytes_are_refused_by_field_everywhere(gateway):
    client, auth = gateway

    def submit(body):
        return client.post("/api/v1/applications", json=body, headers=auth | {"Idempotency-Key": str(uuid.uuid4())})

    before = client.get("/api/v1/applications", headers=auth).get_json()["items"]
    for path in (("applicant", "given_name"), ("applicant", "address"), ("details", "child", "birth_place"),
                 ("details", "medical_certificate_no")):
        body = fresh_birth_body()
        target = body
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = "Ай\x00гүл"
        reply = submit(body)
        assert reply.status_code == 400, (path, reply.status_code, reply.get_data(as_text=True)[:300])
        assert ".".join(path) in reply.get_json()["error"].get("fields", {}), reply.get_json()
    body = fresh_birth_body()
    body["documents"] = ["medical_birth_certificate\x00"]
    assert submit(body).status_code == 400
    created = submit(fresh_birth_body())
    assert created.status_code == 201
    app_id = created.get_json()["id"]
    reply = client.post(f"/api/v1/applications/{app_id}/cancel", json={"reason": "a\x00b"},
                        headers=auth | {"Idempotency-Key": str(uuid.uuid4())})
    assert reply.status_code == 400 and "reason" in reply.get_json()["error"]["fields"]
    # a NUL in a path or a query is not a 500 either
    assert client.get("/api/v1/applications?q=a%00b", headers=auth).status_code < 500
    assert client.get("/api/v1/applications/a%00b", headers=auth).status_code < 500
    assert client.get("/track/A%00B").status_code < 500
    after = client.get("/api/v1/applications", headers=auth).get_json()["items"]
    assert {a["id"] for a in after} == {a["id"] for a in before} | {app_id}
