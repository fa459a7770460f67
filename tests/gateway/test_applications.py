"""The birth-registration path through the JSON API against the real services, and what bad input gets."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.gateway.conftest import CHILD_BORN, MOTHER_PIN, birth_body
from tests.support import wait_for

APPLICATION_KEYS = {"id", "tracking_number", "service", "office", "status", "outcome", "reason", "due_date",
                    "submitted_at", "applicant", "details", "documents", "history", "result", "trace_id"}


def status_of(api, app_id: str) -> str:
    return api.get(f"/api/v1/applications/{app_id}").get_json()["status"]


def fields_of(reply) -> dict:
    body = reply.get_json()
    assert body["error"]["code"] == "invalid_argument", body
    return body["error"]["fields"]


def test_birth_registration_end_to_end(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")

    created = clerk.submit()
    assert created.status_code == 201, created.get_json()
    app = created.get_json()
    assert APPLICATION_KEYS <= set(app)
    assert app["status"] == "submitted" and app["office"] == "belek"
    assert app["tracking_number"].startswith("BEL-")
    assert len(app["trace_id"]) == 32
    assert created.headers["Location"] == f"/api/v1/applications/{app['id']}"
    assert app["details"]["child"]["birth_date"] == CHILD_BORN.isoformat()
    assert app["details"]["mother_pin"] == MOTHER_PIN
    assert app["history"][0] == {"status": "submitted", "at": app["submitted_at"], "by": "clerk.belek", "note": ""}

    wait_for(lambda: status_of(clerk, app["id"]) == "routed", message="routed")
    decided = registrar.post(f"/api/v1/applications/{app['id']}/decision", json={"outcome": "approved"})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["decision"]["outcome"] == "approved"

    wait_for(lambda: status_of(clerk, app["id"]) == "result_ready", message="result_ready")
    ready = clerk.get(f"/api/v1/applications/{app['id']}").get_json()
    assert ready["outcome"] == "approved"
    result = ready["result"]
    assert result["act_record_number"] and result["certificate_number"]
    assert result["child_pin"][0] == "1" and result["child_pin"][1:9] == CHILD_BORN.strftime("%d%m%Y")

    handed = clerk.post(f"/api/v1/applications/{app['id']}/handover", json={"rating": 5})
    assert handed.status_code == 200 and handed.get_json()["status"] == "handed_over"
    assert handed.get_json()["rating"] == 5
    assert [h["status"] for h in handed.get_json()["history"]] == [
        "submitted", "routed", "result_ready", "handed_over"]

    templates = wait_for(lambda: sorted(n["template"] for n in clerk.get(
        f"/api/v1/applications/{app['id']}/notifications").get_json()) if len(clerk.get(
        f"/api/v1/applications/{app['id']}/notifications").get_json()) >= 2 else None, message="notifications")
    assert templates == ["accepted", "ready"]
    notes = clerk.get(f"/api/v1/applications/{app['id']}/notifications").get_json()
    assert all(set(n) >= {"channel", "template", "status", "to", "sent_at"} for n in notes)
    assert all("123456" not in n["to"] for n in notes)  # masked by notify


def test_same_key_same_body_is_the_same_application_other_body_409(login):
    clerk = login("clerk.belek")
    key = str(uuid.uuid4())
    first = clerk.submit(key=key)
    again = clerk.submit(key=key)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    conflict = clerk.submit(birth_body(given_name="Другое"), key=key)
    assert conflict.status_code == 409 and conflict.get_json()["error"]["code"] == "conflict"


def test_keys_are_per_user(login):
    key = str(uuid.uuid4())
    belek = login("clerk.belek").submit(key=key).get_json()
    aral = login("clerk.aral").submit(key=key)
    assert aral.status_code == 201 and aral.get_json()["id"] != belek["id"]


def test_idempotency_key_is_required(login):
    clerk = login("clerk.belek")
    reply = clerk.post("/api/v1/applications", json=birth_body())
    assert reply.status_code == 400 and "Idempotency-Key" in fields_of(reply)
    too_long = clerk.post("/api/v1/applications", key="x" * 200, json=birth_body())
    assert too_long.status_code == 400 and "Idempotency-Key" in fields_of(too_long)


def test_malformed_pin_names_applicant_pin(login):
    body = birth_body()
    body["applicant"]["pin"] = "31203199000123"
    reply = login("clerk.belek").submit(body)
    assert reply.status_code == 400 and "applicant.pin" in fields_of(reply)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b: b["applicant"].update(nickname="x"), "applicant.nickname"),
        (lambda b: b["applicant"].update(pin=11203199000123), "applicant.pin"),
        (lambda b: b["details"]["child"].update(birth_date=20240101), "details.child.birth_date"),
        (lambda b: b["details"]["child"].update(eye_colour="brown"), "details.child.eye_colour"),
        (lambda b: b["details"].update(child="Айпери"), "details.child"),
        (lambda b: b["details"].update(mother_pin=["1"]), "details.mother_pin"),
        (lambda b: b.update(details="birth"), "details"),
        (lambda b: b.update(applicant=None), "applicant"),
        (lambda b: b.update(service="passport"), "service"),
        (lambda b: b.update(documents="medical_birth_certificate"), "documents"),
        (lambda b: b.update(documents=["medical_birth_certificate", 7]), "documents[1]"),
        (lambda b: b.update(office=5), "office"),
        (lambda b: b.update(colour="red"), "colour"),
    ],
)
def test_wrong_json_names_the_field(login, mutate, field):
    body = birth_body()
    mutate(body)
    reply = login("clerk.belek").submit(body)
    assert reply.status_code == 400, reply.get_json()
    assert field in fields_of(reply)


def test_rule_errors_from_intake_keep_their_field_names(login):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    reply = login("clerk.belek").submit(birth_body(birth_date=future))
    assert reply.status_code == 400 and "details.child.birth_date" in fields_of(reply)


def test_malformed_json_is_400_not_500(login):
    clerk = login("clerk.belek")
    for data in ("{", "null", "[1, 2]", "\"text\"", b"\xff\xfe"):
        reply = clerk.post("/api/v1/applications", key=str(uuid.uuid4()), data=data,
                           content_type="application/json")
        assert reply.status_code == 400, data
        assert "body" in fields_of(reply)


def test_missing_documents_is_a_rule_violation(login):
    body = birth_body()
    body["documents"] = []
    reply = login("clerk.belek").submit(body)
    assert reply.status_code == 422
    error = reply.get_json()["error"]
    assert error["code"] == "rule_violation"
    assert [v["rule"] for v in error["violations"]] == ["documents.missing"]
    assert all(set(v) >= {"rule", "message"} for v in error["violations"])


def test_list_is_paginated_with_a_cursor(login):
    clerk = login("clerk.natsionalnoe")
    ids = {clerk.submit().get_json()["id"] for _ in range(3)}
    seen, cursor = [], None
    for _ in range(5):
        query = "/api/v1/applications?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = clerk.get(query).get_json()
        assert set(page) == {"items", "next_cursor"} and len(page["items"]) <= 2
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(seen) == ids and len(seen) == len(ids)
    assert all(a["office"] == "natsionalnoe" for a in clerk.get("/api/v1/applications").get_json()["items"])


def test_list_filters_are_validated(login):
    clerk = login("clerk.belek")
    assert "limit" in fields_of(clerk.get("/api/v1/applications?limit=abc"))
    assert "limit" in fields_of(clerk.get("/api/v1/applications?limit=1000"))
    assert "status" in fields_of(clerk.get("/api/v1/applications?status=lost"))
    assert "service" in fields_of(clerk.get("/api/v1/applications?service=passport"))
    submitted = clerk.get("/api/v1/applications?status=submitted&service=birth_registration").get_json()
    assert all(a["status"] == "submitted" for a in submitted["items"])


def test_cancel_before_a_decision(login):
    clerk = login("clerk.belek")
    app = clerk.submit().get_json()
    reply = clerk.post(f"/api/v1/applications/{app['id']}/cancel", json={"reason": "changed mind"})
    assert reply.status_code == 200 and reply.get_json()["status"] == "cancelled"
    no_body = clerk.post(f"/api/v1/applications/{clerk.submit().get_json()['id']}/cancel")
    assert no_body.status_code == 200 and no_body.get_json()["status"] == "cancelled"


def test_decision_input_is_checked(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    app = clerk.submit().get_json()
    path = f"/api/v1/applications/{app['id']}/decision"
    assert "reason" in fields_of(registrar.post(path, json={"outcome": "rejected"}))
    assert "reason" in fields_of(registrar.post(path, json={"outcome": "rejected", "reason": "  "}))
    assert "outcome" in fields_of(registrar.post(path, json={"outcome": "maybe"}))
    assert "body" in fields_of(registrar.post(path, data="nope", content_type="application/json"))


def test_rejection_with_reason(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    app = clerk.submit().get_json()
    wait_for(lambda: status_of(clerk, app["id"]) == "routed", message="routed")
    reply = registrar.post(f"/api/v1/applications/{app['id']}/decision",
                           json={"outcome": "rejected", "reason": "the medical certificate is not legible"})
    assert reply.status_code == 200
    wait_for(lambda: status_of(clerk, app["id"]) == "result_ready", message="result_ready")
    done = clerk.get(f"/api/v1/applications/{app['id']}").get_json()
    assert done["outcome"] == "rejected" and done["reason"] == "the medical certificate is not legible"


def test_handover_rating_is_checked(login):
    clerk = login("clerk.belek")
    app = clerk.submit().get_json()
    for rating in (0, 6, "5", 4.5, True, None):
        reply = clerk.post(f"/api/v1/applications/{app['id']}/handover", json={"rating": rating})
        assert reply.status_code == 400 and "rating" in fields_of(reply), rating


def test_unknown_application_is_404(login):
    clerk = login("clerk.belek")
    for path in ("/api/v1/applications/no-such-id", "/api/v1/applications/no-such-id/notifications"):
        reply = clerk.get(path)
        assert reply.status_code == 404 and reply.get_json()["error"]["code"] == "not_found"


def test_persons_lookup(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    # A name of its own: another approved "Айпери" of the same mother would flag this birth as a possible duplicate.
    app = clerk.submit(birth_body(given_name="Жибек")).get_json()
    wait_for(lambda: status_of(clerk, app["id"]) == "routed", message="routed")
    registrar.post(f"/api/v1/applications/{app['id']}/decision", json={"outcome": "approved"})
    child_pin = wait_for(lambda: clerk.get(f"/api/v1/applications/{app['id']}").get_json()["result"].get("child_pin"),
                         message="child pin")
    person = clerk.get(f"/api/v1/persons/{child_pin}")
    assert person.status_code == 200, person.get_json()
    body = person.get_json()
    assert set(body) >= {"pin", "surname", "given_name", "patronymic", "birth_date", "sex", "marital_status"}
    assert body["pin"] == child_pin and body["birth_date"] == CHILD_BORN.isoformat()
    assert "duplicates" not in body
    assert clerk.get("/api/v1/persons/22222222222222").status_code in (400, 404)
    assert clerk.get("/api/v1/persons/20101199099999").status_code == 404
    bad = clerk.get("/api/v1/persons/12345")
    assert bad.status_code == 400 and "pin" in fields_of(bad)
