"""The citizen's /track page: status and the expected date by tracking number, and no personal data."""

from __future__ import annotations

from tests.gateway.conftest import APPLICANT_NAME, CHILD_NAME, MOTHER_PIN, birth_body
from tests.support import wait_for

PERSONAL = (MOTHER_PIN, APPLICANT_NAME, CHILD_NAME, "Асанова", "Токтогуловна", "+996700123456", "700123456",
            "ул. Ленина", "MC-2026-0042", "clerk.belek")


def test_track_shows_status_and_expected_date_without_personal_data(client, login):
    clerk = login("clerk.belek")
    app = clerk.submit(birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{app['id']}").get_json()["due_date"], message="due date")
    due = clerk.get(f"/api/v1/applications/{app['id']}").get_json()["due_date"]

    page = client.get(f"/track/{app['tracking_number']}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert app["tracking_number"] in html and due in html and "routed" in html
    assert [p for p in PERSONAL if p in html] == []

    as_json = client.get(f"/track/{app['tracking_number']}", headers={"Accept": "application/json"})
    data = as_json.get_json()
    assert data["status"] == "routed" and data["expected_date"] == due
    assert set(data) == {"tracking_number", "service", "service_names", "office", "status", "expected_date",
                         "submitted_on", "history"}
    assert all(set(h) == {"status", "at"} for h in data["history"])
    assert [p for p in PERSONAL if p in as_json.get_data(as_text=True)] == []


def test_track_needs_no_login_and_hides_nothing_else(client):
    assert client.get("/track").status_code == 200
    missing = client.get("/track/BEL-XXXX-XXXX?lang=en")
    assert missing.status_code == 404 and "No application" in missing.get_data(as_text=True)
    as_json = client.get("/track/BEL-XXXX-XXXX", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.get_json()["error"]["code"] == "not_found"
    redirect = client.get("/track?tracking_number=BEL-1234-ABCD")
    assert redirect.status_code == 302 and redirect.headers["Location"].endswith("/track/BEL-1234-ABCD")
