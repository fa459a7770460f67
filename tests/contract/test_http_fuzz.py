"""The HTTP API fuzzed from its own OpenAPI document (schemathesis), as each role: no 5xx, ever, and a request
that is refused changes nothing (the applications a clerk can list stay the same)."""

from __future__ import annotations

import os

import pytest
import schemathesis

from gateway.app import close_app, create_app
from gateway.seed import seed
from tereze import GRPC_SERVICES, migrations
from tests.gateway.conftest import make_settings
from tests.support import InProcessSuite

# CI replays a fixed set of examples (a green run stays green); TEREZE_FUZZ_RANDOM=1 explores new ones.
FIXED = os.environ.get("TEREZE_FUZZ_RANDOM", "") != "1"

PASSWORD = "fuzz-password-123"


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz-http")
    suite = InProcessSuite(lambda label: f"sqlite:///{tmp / (label + '.db')}").start()
    url = f"sqlite:///{tmp / 'gateway.db'}"
    migrations.upgrade("gateway", url)
    seed(url, password=PASSWORD)
    app = create_app(make_settings(url, {n: suite.address(n) for n in GRPC_SERVICES}))
    app.config["TESTING"] = True
    yield app
    close_app(app)
    suite.stop()


def token(app, username: str) -> str:
    reply = app.test_client().post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200
    return reply.get_json()["token"]


def visible_ids(app, auth: dict) -> set[str]:
    reply = app.test_client().get("/api/v1/applications?limit=100", headers=auth)
    return {a["id"] for a in reply.get_json()["items"]} if reply.status_code == 200 else set()


@pytest.mark.parametrize("username", ["clerk.belek", "registrar.sokuluk", "inspector.sokuluk", "monitor", "admin"])
def test_no_server_error_and_refusals_change_nothing(fuzz_app, username):
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    auth = {"Authorization": f"Bearer {token(fuzz_app, username)}"}
    clerk_auth = {"Authorization": f"Bearer {token(fuzz_app, 'clerk.belek')}"}
    failures = []
    calls = {"n": 0, "statuses": set()}

    operations = 0
    for operation in schema.get_all_operations():
        op = operation.ok()
        strategy = op.as_strategy()

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=FIXED)
        @given(case=strategy)
        def check(case):
            before = visible_ids(fuzz_app, clerk_auth)
            headers = dict(auth)
            if case.headers:
                headers.update({k: v for k, v in case.headers.items() if k.lower() != "authorization"})
            response = case.call(headers=headers)
            calls["n"] += 1
            calls["statuses"].add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
            if response.status_code >= 400 and case.method != "GET":
                assert visible_ids(fuzz_app, clerk_auth) == before, f"{case.method} {case.formatted_path} changed state"

        check()
        operations += 1
    assert operations >= 10 and calls["n"] >= operations * 5, (operations, calls)
    assert not failures, "\n".join(failures[:20])
