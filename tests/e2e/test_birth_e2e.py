"""The walking skeleton end to end: six processes as `make run` starts them, the public HTTP contract only,
one trace from the clerk's click to the SMS received by a real OTLP receiver, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import pytest

from tereze import SERVICES
from tereze.devrun import Suite
from tests.conftest import PostgresDatabases, require_postgres
from tests.e2e.http import Api
from tests.e2e.otlp import GrpcReceiver, HttpReceiver
from tests.support import free_port, wait_for

pytestmark = pytest.mark.e2e

TODAY = dt.date.today()
BORN = TODAY - dt.timedelta(days=4)
MOTHER_PIN = "11505199200457"
PERSONAL = [MOTHER_PIN, "Жолдошева", "Назира", "Айжаркын", "+996555987654", "555987654", "Кара-Суу көчөсү"]


def birth_body(given_name: str = "Айжаркын") -> dict:
    return {
        "service": "birth_registration",
        "applicant": {"pin": MOTHER_PIN, "surname": "Жолдошева", "given_name": "Назира", "patronymic": "Маратовна",
                      "birth_date": "1992-05-15", "sex": "female", "phone": "+996555987654",
                      "address": "Белек, Кара-Суу көчөсү 7", "language": "ru"},
        "details": {"child": {"surname": "Жолдошева", "given_name": given_name, "patronymic": "Эрлановна",
                              "sex": "female", "birth_date": BORN.isoformat(), "birth_place": "Белек"},
                    "mother_pin": MOTHER_PIN, "medical_certificate_no": "МС-118"},
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }


@pytest.fixture(params=[("sqlite", "grpc"), ("sqlite", "http/protobuf"),
                        pytest.param(("postgres", "grpc"), marks=pytest.mark.postgres)],
                ids=["sqlite-otlp-grpc", "sqlite-otlp-http", "postgres-otlp-grpc"])
def running(request, tmp_path):
    database, protocol = request.param
    pg = None
    urls = None
    if database == "postgres":
        require_postgres()
        pg = PostgresDatabases()
        urls = {s: pg.create(s) for s in SERVICES}
    receiver = (GrpcReceiver() if protocol == "grpc" else HttpReceiver()).start()
    suite = Suite(tmp_path / "var", base_port=None, gateway_port=free_port(), database_urls=urls,
                  log_dir=tmp_path / "logs", extra_env={
                      "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL": protocol,
                      "OTEL_BSP_SCHEDULE_DELAY": "200", "TEREZE_RELAY_INTERVAL": "0.5", "LOG_LEVEL": "DEBUG",
                      "TEREZE_SHUTDOWN_GRACE": "3",
                  })
    suite.prepare(seed=True)
    suite.start_all()
    try:
        suite.wait_ready(timeout=90)
        yield suite, receiver, tmp_path / "logs"
    finally:
        suite.stop()
        receiver.stop()
        if pg:
            pg.drop_all()


def test_birth_registration_end_to_end_in_one_trace(running):
    suite, receiver, logs = running
    api = Api(suite.gateway_url)
    clerk = api.login("clerk.belek")
    registrar = api.login("registrar.sokuluk")

    status, app = clerk.call("POST", "/api/v1/applications", birth_body(), {"Idempotency-Key": "e2e-1"})
    assert status == 201, app
    assert app["status"] == "submitted" and app["office"] == "belek"
    assert re.fullmatch(r"[0-9a-f]{32}", app["trace_id"])
    assert app["tracking_number"]

    # The same key and body: the same application, not a second one.
    status, again = clerk.call("POST", "/api/v1/applications", birth_body(), {"Idempotency-Key": "e2e-1"})
    assert status in (200, 201) and again["id"] == app["id"]
    # The same key with another body is a conflict.
    status, body = clerk.call("POST", "/api/v1/applications", birth_body("Другое"), {"Idempotency-Key": "e2e-1"})
    assert status == 409 and body["error"]["code"] == "conflict"

    def status_is(wanted):
        return lambda: clerk.call("GET", f"/api/v1/applications/{app['id']}")[1]["status"] == wanted

    wait_for(status_is("routed"), timeout=30, message="routed")

    status, decided = registrar.call("POST", f"/api/v1/applications/{app['id']}/decision", {"outcome": "approved"})
    assert status in (200, 201), decided
    wait_for(status_is("result_ready"), timeout=30, message="result_ready")
    _, ready = clerk.call("GET", f"/api/v1/applications/{app['id']}")
    assert ready["outcome"] == "approved"
    result = ready["result"]
    assert re.fullmatch(r"BELEK-\d{4}-B\d{5}", result["act_record_number"])
    assert result["certificate_number"]
    assert result["child_pin"][0] == "1" and result["child_pin"][1:9] == BORN.strftime("%d%m%Y")

    status, handed = clerk.call("POST", f"/api/v1/applications/{app['id']}/handover", {"rating": 5})
    assert status in (200, 201), handed
    _, final = clerk.call("GET", f"/api/v1/applications/{app['id']}")
    assert final["status"] == "handed_over"
    assert [h["status"] for h in final["history"]] == ["submitted", "routed", "result_ready", "handed_over"]

    status, notes = clerk.call("GET", f"/api/v1/applications/{app['id']}/notifications")
    assert status == 200
    assert sorted(n["template"] for n in notes) == ["accepted", "ready"]
    assert all(n["status"] == "sent" and n["channel"] == "sms" and "987654" not in n["to"] for n in notes)

    # One trace from the clerk's click to the SMS, through the outbox relays, across five processes.
    wanted = {"gateway", "intake", "routing", "registry", "notify"}
    wait_for(lambda: receiver.received.services_in(app["trace_id"]) >= wanted, timeout=20,
             message=f"spans of {wanted} in trace {app['trace_id']}")

    # No personal data in any exported span or any log line of any process.
    suite.stop()
    exported = receiver.received.dump()
    log_text = "".join(p.read_text(errors="replace") for p in pathlib.Path(logs).glob("*.log"))
    assert log_text.strip(), "the services wrote no logs to scan"
    for value in PERSONAL:
        assert value not in exported, f"{value!r} found in exported spans"
        assert value not in log_text, f"{value!r} found in logs"
        assert json.dumps(value)[1:-1] not in log_text


def test_bad_input_is_refused_with_the_field_named(running):
    suite, _, _ = running
    clerk = Api(suite.gateway_url).login("clerk.belek")
    body = birth_body()
    body["applicant"]["pin"] = "3150519920045"
    status, error = clerk.call("POST", "/api/v1/applications", body, {"Idempotency-Key": "bad-pin"})
    assert status == 400
    assert error["error"]["code"] == "invalid_argument"
    assert "applicant.pin" in error["error"]["fields"]
    status, listed = clerk.call("GET", "/api/v1/applications?office=belek")
    assert status == 200 and listed["items"] == []
