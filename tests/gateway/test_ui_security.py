"""Security of the staff UI: every page's access rule, lockout, CSP without inline script or style, the
audit log, and the admin pages."""

from __future__ import annotations

import pathlib
import re
import uuid

import pytest

import gateway
from gateway.app import close_app, create_app
from gateway.auth import store
from tereze import GRPC_SERVICES
from tests.gateway.conftest import PASSWORD, make_settings
from tests.gateway.webtools import csrf_of, fresh_birth_body, sign_in
from tests.support import wait_for

ROLES = ("clerk.belek", "registrar.sokuluk", "inspector.sokuluk", "monitor", "admin")

# page → the accounts that may open it (everyone else: 403, or 404 for another office's application)
PAGES = {
    "/window": {"clerk.belek"},
    "/window/start": {"clerk.belek"},
    "/window/new/birth_registration": {"clerk.belek"},
    "/window/new/family_benefit": {"clerk.belek"},
    "/desk/registry": {"registrar.sokuluk"},
    "/desk/benefits": {"inspector.sokuluk"},
    "/applications": {"clerk.belek", "registrar.sokuluk", "inspector.sokuluk"},
    "/monitoring": {"monitor", "admin"},
    "/monitoring/export.csv": {"monitor", "admin"},
    "/admin/accounts": {"admin"},
    "/admin/offices": {"admin"},
    "/admin/audit": {"admin"},
}


@pytest.fixture(scope="module")
def signed_in(app):
    clients = {}
    for username in ROLES:
        client = app.test_client()
        assert sign_in(client, username).status_code == 302
        clients[username] = client
    return clients


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_enforces_its_roles(signed_in, app, path):
    for username, client in signed_in.items():
        status = client.get(path).status_code
        expected = 200 if username in PAGES[path] else 403
        assert status == expected, (path, username, status)
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_case_page_and_receipt_follow_office_and_agency(signed_in, login, app):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    path = f"/applications/{created['id']}"
    assert signed_in["clerk.belek"].get(path).status_code == 200
    assert signed_in["registrar.sokuluk"].get(path).status_code == 200
    assert signed_in["inspector.sokuluk"].get(path).status_code == 403  # another agency
    assert signed_in["monitor"].get(path).status_code == 403
    assert signed_in["admin"].get(path).status_code == 403
    other = app.test_client()
    sign_in(other, "clerk.aral")
    assert other.get(path).status_code == 404
    assert other.get(f"/window/receipt/{created['id']}").status_code == 404
    # acting on it from another office is refused too
    page = other.get("/window").get_data(as_text=True)
    reply = other.post(f"{path}/handover", data={"csrf_token": csrf_of(page), "rating": "5"})
    assert reply.status_code == 404


def test_officers_cannot_decide_other_agencies_cases(signed_in, login):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    inspector = signed_in["inspector.sokuluk"]
    page = inspector.get("/desk/benefits").get_data(as_text=True)
    reply = inspector.post(f"/applications/{created['id']}/decision",
                           data={"csrf_token": csrf_of(page), "outcome": "approved"})
    assert reply.status_code == 403
    assert clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed"


def test_clerk_cannot_decide_and_officers_cannot_submit(signed_in):
    clerk = signed_in["clerk.belek"]
    page = clerk.get("/window").get_data(as_text=True)
    assert clerk.post("/applications/x/decision", data={"csrf_token": csrf_of(page),
                                                         "outcome": "approved"}).status_code in (403, 404)
    registrar = signed_in["registrar.sokuluk"]
    page = registrar.get("/desk/registry").get_data(as_text=True)
    assert registrar.post("/window/new/birth_registration/submit",
                          data={"csrf_token": csrf_of(page)}).status_code == 403


def test_security_headers_and_csp(signed_in, app):
    reply = signed_in["clerk.belek"].get("/window")
    csp = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert reply.headers["X-Frame-Options"] == "DENY" and reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/static/app.css").status_code == 200
    assert app.test_client().get("/static/app.js").status_code == 200


def test_no_inline_script_or_style_in_any_template():
    root = pathlib.Path(gateway.__file__).parent / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style\b", text) \
                or re.search(r"\sstyle=", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_secure_cookie_behind_tls(suite, gateway_db):
    application = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES},
                                           secure_cookies=True))
    try:
        reply = sign_in(application.test_client(), "clerk.belek")
        cookie = reply.headers.get("Set-Cookie", "")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        close_app(application)


def test_account_lockout_after_repeated_failures(app):
    username = f"lock.{uuid.uuid4().hex[:8]}"
    with app.app_context():
        store.get().ensure_account(username, PASSWORD, "clerk", "belek")
    browser = app.test_client()
    for _ in range(5):
        assert sign_in(browser, username, "wrong").status_code == 401
    locked = sign_in(browser, username, PASSWORD)  # even the right password, while locked
    assert locked.status_code == 429 and "error-summary" in locked.get_data(as_text=True)
    api = app.test_client().post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert api.status_code == 401 and "too many" in api.get_json()["error"]["message"]


def test_address_lockout_and_its_expiry(suite, gateway_db):
    application = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES},
                                           lockout_ip_failures=3, lockout_seconds=60))
    try:
        browser = application.test_client()
        browser.environ_base["REMOTE_ADDR"] = "10.9.8.7"
        for i in range(3):
            sign_in(browser, f"nobody{i}.{uuid.uuid4().hex[:6]}", "wrong")
        assert sign_in(browser, "clerk.natsionalnoe").status_code == 429  # the address is locked
        other = application.test_client()
        other.environ_base["REMOTE_ADDR"] = "10.9.8.8"
        assert sign_in(other, "clerk.natsionalnoe").status_code == 302  # other addresses are not
    finally:
        close_app(application)
    expired = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES},
                                       lockout_ip_failures=3, lockout_seconds=0))
    try:
        browser = expired.test_client()
        browser.environ_base["REMOTE_ADDR"] = "10.9.8.7"
        assert sign_in(browser, "clerk.natsionalnoe").status_code == 302  # time-limited
    finally:
        close_app(expired)


def test_views_and_changes_are_audited(app, login, signed_in):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    signed_in["clerk.belek"].get(f"/applications/{created['id']}")
    with app.app_context():
        entries = store.get().audit_entries(object_type="application", object_id=created["id"])
    assert {(e.username, e.action) for e in entries} >= {("clerk.belek", "submit"), ("clerk.belek", "view")}
    page = signed_in["admin"].get(f"/admin/audit?object_id={created['id']}&lang=en").get_data(as_text=True)
    assert "clerk.belek" in page and "submitted" in page
    signed_in["clerk.belek"].get("/window/start?pin=11203199000123")
    with app.app_context():
        person = store.get().audit_entries(object_type="person", username="clerk.belek")
    assert person and all("11203199000123" not in e.object_id for e in person)  # no full PIN in the log


def test_admin_manages_accounts(app, signed_in):
    admin = signed_in["admin"]
    page = admin.get("/admin/accounts").get_data(as_text=True)
    token = csrf_of(page)
    name = f"clerk.new{uuid.uuid4().hex[:6]}"
    bad = admin.post("/admin/accounts", data={"csrf_token": token, "username": name, "role": "clerk",
                                              "office": "nowhere", "password": "short"})
    assert bad.status_code == 400 and "error-summary" in bad.get_data(as_text=True)
    made = admin.post("/admin/accounts", data={"csrf_token": token, "username": name, "role": "clerk",
                                               "office": "aral", "password": "a-long-enough-password"})
    assert made.status_code == 302
    newcomer = app.test_client()
    assert sign_in(newcomer, name, "a-long-enough-password").status_code == 302
    assert newcomer.get("/window").status_code == 200

    assert admin.post(f"/admin/accounts/{name}/role", data={"csrf_token": token, "role": "monitor",
                                                             "office": ""}).status_code == 302
    assert newcomer.get("/window").status_code == 403 and newcomer.get("/monitoring").status_code == 200

    reset = admin.post(f"/admin/accounts/{name}/password", data={"csrf_token": token})
    new_password = re.search(r"<code>([^<]+)</code>", reset.get_data(as_text=True)).group(1)
    assert sign_in(app.test_client(), name, "a-long-enough-password").status_code == 401
    assert sign_in(app.test_client(), name, new_password).status_code == 302

    assert admin.post(f"/admin/accounts/{name}/active", data={"csrf_token": token,
                                                               "active": "false"}).status_code == 302
    assert newcomer.get("/monitoring").status_code == 302  # the session of a deactivated account ends
    assert sign_in(app.test_client(), name, new_password).status_code == 401
    own = admin.post("/admin/accounts/admin/active", data={"csrf_token": token, "active": "false"},
                     follow_redirects=True)
    assert own.status_code == 200 and signed_in["admin"].get("/admin/accounts").status_code == 200
    offices = admin.get("/admin/offices?lang=en").get_data(as_text=True)
    assert "belek" in offices and "read-only" in offices


def test_sign_out_ends_the_session_on_the_server(app):
    browser = app.test_client()
    sign_in(browser, "clerk.malovodnoe")
    stolen = browser.get_cookie("tereze_session").value  # a copy of the cookie, as an attacker would keep it
    page = browser.get("/window").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("tereze_session", stolen)
    reply = replay.get("/window")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]
    again = app.test_client()
    assert sign_in(again, "clerk.malovodnoe").status_code == 302 and again.get("/window").status_code == 200


def test_idle_session_is_over(suite, gateway_db):
    application = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES},
                                           session_idle_seconds=1))
    try:
        browser = application.test_client()
        sign_in(browser, "clerk.malovodnoe")
        assert browser.get("/window").status_code == 200
        import time

        time.sleep(1.5)
        reply = browser.get("/window")
        assert reply.status_code == 302 and "/login" in reply.headers["Location"]
    finally:
        close_app(application)
