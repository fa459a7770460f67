"""Idempotency under concurrency, through the gateway's HTTP API (Flask test clients in threads) over the
real gRPC services, on SQLite and PostgreSQL:

- one submission sent by 16 threads at once with one Idempotency-Key creates exactly one application;
- two registrars approving one case at once (different request ids): one act record, one certificate, the
  other gets 409;
- two inspectors approving one claim at once: one enrolment, one payroll line, the other gets 409.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import create_engine, func, select

from benefits import models as benefits_models
from benefits import rules as benefit_rules
from gateway.app import close_app, create_app
from gateway.seed import seed
from gateway.store import Store
from intake import models as intake_models
from registry import models as registry_models
from tereze import GRPC_SERVICES, migrations
from tereze.timeutil import today
from tests.benefits.factories import applicant, family_details
from tests.benefits.support import DOCUMENTS, register_children
from tests.gateway.conftest import PASSWORD, make_settings
from tests.gateway.webtools import fresh_birth_body
from tests.support import InProcessSuite, wait_for


@pytest.fixture
def world(db_factory):
    suite = InProcessSuite(db_factory).start()
    gateway_url = db_factory("gateway")
    migrations.upgrade("gateway", gateway_url)
    seed(gateway_url, password=PASSWORD)
    store = Store(gateway_url, pool_size=2)
    store.ensure_account("registrar.two", PASSWORD, "registrar", "sokuluk")
    store.ensure_account("inspector.two", PASSWORD, "inspector", "sokuluk")
    store.close()
    app = create_app(make_settings(gateway_url, {n: suite.address(n) for n in GRPC_SERVICES}, call_timeout=10.0))
    try:
        yield suite, app
    finally:
        close_app(app)
        suite.stop()


def token(app, username: str) -> str:
    reply = app.test_client().post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200
    return reply.get_json()["token"]


def at_once(n: int, call) -> list:
    """Run call(i) in n threads released together; the replies in order."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(i)
        except BaseException as error:  # noqa: BLE001
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def count(url: str, table, *where) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
    finally:
        engine.dispose()


def post(app, tok: str, path: str, body: dict, key: str):
    return app.test_client().post("/api/v1" + path, json=body,
                                  headers={"Authorization": f"Bearer {tok}", "Idempotency-Key": key})


def get(app, tok: str, path: str):
    return app.test_client().get("/api/v1" + path, headers={"Authorization": f"Bearer {tok}"})


def routed(app, tok: str, app_id: str) -> None:
    wait_for(lambda: (lambda a: a["status"] != "submitted" and a.get("agency"))(
        get(app, tok, f"/applications/{app_id}").get_json()), timeout=30, message="routing")


def test_one_key_sent_by_16_threads_creates_one_application(world):
    suite, app = world
    clerk = token(app, "clerk.belek")
    body = fresh_birth_body()
    marker = "MC-" + uuid.uuid4().hex[:10]
    body["details"]["medical_certificate_no"] = marker
    key = str(uuid.uuid4())
    replies = at_once(16, lambda i: post(app, clerk, "/applications", body, key))
    assert not [r for r in replies if isinstance(r, BaseException)], replies
    statuses = [r.status_code for r in replies]
    assert all(s < 500 for s in statuses), statuses
    created = [r.get_json() for r in replies if r.status_code in (200, 201)]
    assert created, statuses
    assert len({c["id"] for c in created}) == 1  # every answer is the same application
    assert set(statuses) <= {200, 201, 409}  # 409: "the same request is still in progress"
    applications = intake_models.applications
    assert count(suite.urls["intake"], applications, applications.c.id == created[0]["id"]) == 1
    assert count(suite.urls["intake"], applications) == 1
    # the same key with a different body is refused, and still one application
    other = fresh_birth_body()
    assert post(app, clerk, "/applications", other, key).status_code in (409, 422)
    assert count(suite.urls["intake"], applications) == 1


def test_two_registrars_approving_at_once_make_one_act_record(world):
    suite, app = world
    clerk = token(app, "clerk.belek")
    registrars = [token(app, "registrar.sokuluk"), token(app, "registrar.two")]
    created = post(app, clerk, "/applications", fresh_birth_body(), str(uuid.uuid4()))
    assert created.status_code == 201, created.get_json()
    app_id = created.get_json()["id"]
    routed(app, registrars[0], app_id)
    wait_for(lambda: get(app, registrars[0], f"/applications/{app_id}").get_json().get("case"), timeout=30,
             message="the case at the registry")
    replies = at_once(2, lambda i: post(app, registrars[i], f"/applications/{app_id}/decision",
                                        {"outcome": "approved"}, str(uuid.uuid4())))
    assert not [r for r in replies if isinstance(r, BaseException)], replies
    assert sorted(r.status_code for r in replies) == [200, 409], [(r.status_code, r.get_json()) for r in replies]
    acts = registry_models.act_records
    assert count(suite.urls["registry"], acts, acts.c.application_id == app_id) == 1
    certificates = registry_models.certificates
    number = select(acts.c.number).where(acts.c.application_id == app_id).scalar_subquery()
    assert count(suite.urls["registry"], certificates, certificates.c.act_record_number == number) == 1


def test_two_inspectors_approving_at_once_make_one_enrolment_and_payroll_line(world):
    suite, app = world
    clerk = token(app, "clerk.belek")
    inspectors = [token(app, "inspector.sokuluk"), token(app, "inspector.two")]
    children = [today() - dt.timedelta(days=365 * (3 + 4 * i)) for i in range(2)]
    details = family_details(incomes=(1500, 1000), children=children)
    register_children(suite.urls["registry"], details)
    body = {"service": "family_benefit", "applicant": applicant(), "details": details,
            "documents": DOCUMENTS["family_benefit"]}
    created = post(app, clerk, "/applications", body, str(uuid.uuid4()))
    assert created.status_code == 201, created.get_json()
    app_id = created.get_json()["id"]
    assert created.get_json()["assessment"]["eligible"] is True
    routed(app, inspectors[0], app_id)
    # the claim has reached benefits when a decision is no longer "not there yet" (409 without a decision)
    wait_for(lambda: (get(app, inspectors[0], f"/applications/{app_id}").get_json().get("claim")
                      or get(app, inspectors[0], f"/applications/{app_id}").get_json().get("case")),
             timeout=30, message="the claim at benefits")
    replies = at_once(2, lambda i: post(app, inspectors[i], f"/applications/{app_id}/decision",
                                        {"outcome": "approved"}, str(uuid.uuid4())))
    assert not [r for r in replies if isinstance(r, BaseException)], replies
    assert sorted(r.status_code for r in replies) == [200, 409], [(r.status_code, r.get_json()) for r in replies]
    enrolments = benefits_models.enrolments
    assert count(suite.urls["benefits"], enrolments, enrolments.c.application_id == app_id) == 1
    lines = benefits_models.payroll_lines
    month = f"{benefit_rules.first_of_next_month(today()):%Y-%m}"
    wait_for(lambda: count(suite.urls["benefits"], lines, lines.c.application_id == app_id) >= 1, timeout=30,
             message="the payroll line")
    assert count(suite.urls["benefits"], lines, lines.c.application_id == app_id) == 1
    assert count(suite.urls["benefits"], lines, lines.c.application_id == app_id, lines.c.month == month) == 1
