"""No personal data in spans, logs or metric labels: a submission and a person lookup, observed."""

from __future__ import annotations

import logging

import pytest

from gateway.app import close_app, create_app
from gateway.tracing import instrument
from tereze import GRPC_SERVICES
from tereze.logs import JsonFormatter
from tests.gateway.conftest import APPLICANT_NAME, CHILD_NAME, MOTHER_PIN, PASSWORD, birth_body, make_settings
from tests.support import wait_for

PERSONAL = (MOTHER_PIN, APPLICANT_NAME, CHILD_NAME, "Асанова", "Токтогуловна", "+996700123456", "ул. Ленина")


@pytest.fixture
def traced_app(suite, gateway_db):
    app = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES}))
    instrument(app)
    yield app
    close_app(app)


def _span_texts(finished) -> list[str]:
    texts = []
    for span in finished:
        texts.append(span.name)
        texts.extend(f"{k}={v}" for k, v in (span.attributes or {}).items())
        for event in span.events:
            texts.extend(f"{k}={v}" for k, v in (event.attributes or {}).items())
        texts.append(span.status.description or "")
    return texts


def test_submission_and_lookup_leave_no_personal_data(traced_app, spans, caplog):
    client = traced_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": PASSWORD}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    caplog.set_level(logging.DEBUG)

    created = client.post("/api/v1/applications", json=birth_body(),
                          headers={**headers, "Idempotency-Key": "privacy-1"})
    assert created.status_code == 201
    app = created.get_json()
    bad = birth_body()
    bad["applicant"]["pin"] = "3" + MOTHER_PIN[1:]
    assert client.post("/api/v1/applications", json=bad, headers={**headers, "Idempotency-Key": "p-2"}).status_code == 400
    client.get(f"/api/v1/persons/{MOTHER_PIN}", headers=headers)
    client.get(f"/api/v1/persons/{bad['applicant']['pin']}", headers=headers)
    wait_for(lambda: client.get(f"/api/v1/applications/{app['id']}", headers=headers).get_json()["status"] == "routed",
             message="routed")

    finished = spans.get_finished_spans()
    gateway_spans = [s for s in finished if s.instrumentation_scope.name.startswith("opentelemetry.instrumentation.flask")]
    assert gateway_spans, "the Flask app produced no spans"
    # the submission's server span is in the trace the API returned
    assert app["trace_id"] in {format(s.context.trace_id, "032x") for s in gateway_spans}
    assert any(s.attributes.get("http.route") == "/api/v1/persons/<pin>" for s in gateway_spans)

    leaked = [t for t in _span_texts(finished) for p in PERSONAL + (bad["applicant"]["pin"],) if p in t]
    assert leaked == [], leaked

    formatter = JsonFormatter("gateway")
    lines = [formatter.format(record) for record in caplog.records]
    assert any('"route": "/api/v1/applications"' in line for line in lines)
    leaked_logs = [line for line in lines for p in PERSONAL if p in line]
    assert leaked_logs == [], leaked_logs

    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'route="/api/v1/persons/<pin>"' in metrics
    assert MOTHER_PIN not in metrics and APPLICANT_NAME not in metrics


def test_health_and_metrics_are_not_traced(traced_app, spans):
    client = traced_app.test_client()
    for path in ("/healthz", "/readyz", "/metrics"):
        client.get(path)
    flask_spans = [s for s in spans.get_finished_spans()
                   if s.instrumentation_scope.name.startswith("opentelemetry.instrumentation.flask")]
    assert flask_spans == []
