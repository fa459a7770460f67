"""Monitoring: GET /api/v1/stats and the /monitoring pages (SVG charts, CSV) — aggregates only, no personal
data, for the monitor and admin roles only."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import APPLICANT_NAME, CHILD_NAME
from tests.gateway.webtools import fresh_birth_body, sign_in
from tests.support import wait_for

PERSONAL = (APPLICANT_NAME, CHILD_NAME, "Асанова", "+996700123456", "MC-2026-0042")


def _done(clerk, registrar, rating: int) -> dict:
    body = fresh_birth_body()
    app = clerk.submit(body).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{app['id']}").get_json()["status"] == "routed", message="routed")
    registrar.post(f"/api/v1/applications/{app['id']}/decision", json={"outcome": "approved"})
    wait_for(lambda: clerk.get(f"/api/v1/applications/{app['id']}").get_json()["status"] == "result_ready",
             message="result_ready")
    assert clerk.post(f"/api/v1/applications/{app['id']}/handover", json={"rating": rating}).status_code == 200
    return body


def test_stats_move_when_applications_are_decided_and_handed_over(login):
    monitor, clerk, registrar = login("monitor"), login("clerk.aral"), login("registrar.sokuluk")
    before = monitor.get("/api/v1/stats?office=aral").get_json()
    body = _done(clerk, registrar, 5)
    after = monitor.get("/api/v1/stats?office=aral").get_json()
    assert after["total"]["submitted"] == before["total"]["submitted"] + 1
    assert after["total"]["handed_over"] == before["total"]["handed_over"] + 1
    assert after["total"]["rated"] == before["total"]["rated"] + 1
    assert after["total"]["decided"] >= 1 and 0 < after["total"]["share_within_deadline"] <= 1
    assert after["total"]["visits_per_application"] >= 1
    assert [r["office"] for r in after["by_office"]] == ["aral"]
    assert any(r["service"] == "birth_registration" for r in after["by_service"])
    assert after["over_time"] and "period" in after["over_time"][0]
    text = monitor.get("/api/v1/stats").get_data(as_text=True)
    assert [p for p in (*PERSONAL, body["applicant"]["pin"]) if p in text] == []


@pytest.mark.parametrize("username", ["clerk.belek", "registrar.sokuluk", "inspector.sokuluk"])
def test_stats_are_for_monitors_only(login, username):
    assert login(username).get("/api/v1/stats").status_code == 403


def test_stats_filters_are_checked(login):
    monitor = login("monitor")
    reply = monitor.get("/api/v1/stats?from=yesterday&period=year&service=x")
    assert reply.status_code == 400
    assert set(reply.get_json()["error"]["fields"]) >= {"service"}
    reply = monitor.get("/api/v1/stats?from=yesterday&period=year")
    assert reply.status_code == 400 and set(reply.get_json()["error"]["fields"]) == {"from", "period"}
    assert monitor.get("/api/v1/stats?period=week&from=2026-01-01&to=2030-01-01").status_code == 200


def test_monitoring_page_draws_svg_and_exports_csv(app, login):
    _done(login("clerk.belek"), login("registrar.sokuluk"), 4)
    browser = app.test_client()
    sign_in(browser, "monitor")
    page = browser.get("/monitoring?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<svg class="chart"' in html and "<rect" in html
    assert [p for p in PERSONAL if p in html] == []
    assert "/applications/" not in html  # no link to any application
    csv = browser.get("/monitoring/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("group,key,submitted") and any(line.startswith("by_office,belek") for line in lines)
    bad = browser.get("/monitoring?from=nonsense")
    assert bad.status_code == 200 and "error-summary" in bad.get_data(as_text=True)


@pytest.mark.parametrize("username", ["clerk.belek", "registrar.sokuluk", "inspector.sokuluk"])
def test_monitoring_pages_are_for_monitors_only(app, username):
    browser = app.test_client()
    sign_in(browser, username)
    assert browser.get("/monitoring").status_code == 403
    assert browser.get("/monitoring/export.csv").status_code == 403
