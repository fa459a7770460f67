"""Roles and offices: who may submit, see, decide and hand over; other offices' applications do not exist."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import birth_body
from tests.support import wait_for


def code(reply) -> tuple[int, str]:
    return reply.status_code, reply.get_json()["error"]["code"]


@pytest.fixture
def belek_app(login) -> dict:
    reply = login("clerk.belek").submit()
    assert reply.status_code == 201
    return reply.get_json()


def test_clerk_submits_for_own_office_only(login):
    clerk = login("clerk.belek")
    body = birth_body()
    body["office"] = "aral"
    assert code(clerk.submit(body)) == (403, "forbidden")
    body["office"] = "belek"
    assert clerk.submit(body).status_code == 201


@pytest.mark.parametrize("username", ["registrar.sokuluk", "inspector.sokuluk", "monitor", "admin"])
def test_only_clerks_submit(login, username):
    assert code(login(username).submit()) == (403, "forbidden")


def test_other_office_clerk_gets_404_not_403(login, belek_app):
    aral = login("clerk.aral")
    app_id = belek_app["id"]
    assert code(aral.get(f"/api/v1/applications/{app_id}")) == (404, "not_found")
    assert code(aral.get(f"/api/v1/applications/{app_id}/notifications")) == (404, "not_found")
    assert code(aral.post(f"/api/v1/applications/{app_id}/cancel", json={})) == (404, "not_found")
    assert code(aral.post(f"/api/v1/applications/{app_id}/handover", json={"rating": 4})) == (404, "not_found")
    # and the application is still there for its own office
    assert login("clerk.belek").get(f"/api/v1/applications/{app_id}").status_code == 200


def test_clerk_lists_own_office_only(login, belek_app):
    aral = login("clerk.aral")
    assert code(aral.get("/api/v1/applications?office=belek")) == (403, "forbidden")
    items = aral.get("/api/v1/applications?limit=100").get_json()["items"]
    assert belek_app["id"] not in {a["id"] for a in items}
    assert all(a["office"] == "aral" for a in items)
    assert aral.get("/api/v1/applications?office=aral").status_code == 200


def test_registrar_sees_civil_registration(login, belek_app):
    registrar = login("registrar.sokuluk")
    assert registrar.get(f"/api/v1/applications/{belek_app['id']}").status_code == 200
    listed = registrar.get("/api/v1/applications?service=birth_registration&limit=100").get_json()["items"]
    assert all(a["service"] == "birth_registration" for a in listed)
    assert code(registrar.get("/api/v1/applications?service=family_benefit")) == (403, "forbidden")


def test_inspector_does_not_handle_civil_registration(login, belek_app):
    inspector = login("inspector.sokuluk")
    assert code(inspector.get(f"/api/v1/applications/{belek_app['id']}")) == (403, "forbidden")
    decision = inspector.post(f"/api/v1/applications/{belek_app['id']}/decision", json={"outcome": "approved"})
    assert code(decision) == (403, "forbidden")
    assert code(inspector.get("/api/v1/applications?service=birth_registration")) == (403, "forbidden")
    items = inspector.get("/api/v1/applications?limit=100").get_json()["items"]
    assert all(a["service"] in {"unemployment_benefit", "social_benefit", "family_benefit"} for a in items)


@pytest.mark.parametrize("username", ["clerk.belek", "monitor", "admin"])
def test_only_officers_decide(login, belek_app, username):
    reply = login(username).post(f"/api/v1/applications/{belek_app['id']}/decision", json={"outcome": "approved"})
    assert code(reply) == (403, "forbidden")


@pytest.mark.parametrize("username", ["monitor", "admin"])
def test_monitor_and_admin_never_see_personal_data(login, belek_app, username):
    api = login(username)
    for path in (f"/api/v1/applications/{belek_app['id']}", "/api/v1/applications",
                 f"/api/v1/applications/{belek_app['id']}/notifications", "/api/v1/persons/11203199000123"):
        assert code(api.get(path)) == (403, "forbidden"), path
    assert api.get("/api/v1/catalog").status_code == 200


@pytest.mark.parametrize("username", ["registrar.sokuluk", "inspector.sokuluk"])
def test_officers_do_not_hand_over_or_cancel(login, belek_app, username):
    api = login(username)
    assert code(api.post(f"/api/v1/applications/{belek_app['id']}/handover", json={"rating": 5})) == (
        403, "forbidden")
    assert code(api.post(f"/api/v1/applications/{belek_app['id']}/cancel", json={})) == (403, "forbidden")


def test_decision_before_routing_or_twice_is_a_conflict(login, belek_app):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    path = f"/api/v1/applications/{belek_app['id']}/decision"
    wait_for(lambda: clerk.get(f"/api/v1/applications/{belek_app['id']}").get_json()["status"] == "routed",
             message="routed")
    first = registrar.post(path, key="decide-once", json={"outcome": "approved"})
    replay = registrar.post(path, key="decide-once", json={"outcome": "approved"})
    assert first.status_code == replay.status_code == 200
    assert replay.get_json()["decision"]["result"] == first.get_json()["decision"]["result"]
    assert code(registrar.post(path, json={"outcome": "rejected", "reason": "second thoughts"})) == (
        409, "conflict")
