"""Session fixation, CSRF on every POST form, and the sign-in lockout (per account, per address, still
locked with the right password, open again after the window)."""

from __future__ import annotations

import uuid

import pytest

from gateway.app import close_app, create_app
from gateway.auth import store
from tereze import GRPC_SERVICES
from tests.gateway.conftest import PASSWORD, make_settings
from tests.gateway.webtools import csrf_of, sign_in
from tests.support import wait_for

SESSION_COOKIE = "tereze_session"


def cookie(client) -> str | None:
    found = client.get_cookie(SESSION_COOKIE)
    return found.value if found else None


def test_session_changes_on_sign_in_and_a_planted_session_is_not_signed_in(app):
    attacker = app.test_client()
    attacker.get("/login")
    planted = cookie(attacker)
    assert planted  # the login page's session (it carries the CSRF token)
    victim = app.test_client()
    victim.set_cookie(SESSION_COOKIE, planted)
    token = csrf_of(victim.get("/login").get_data(as_text=True))
    reply = victim.post("/login", data={"username": "clerk.belek", "password": PASSWORD, "csrf_token": token})
    assert reply.status_code == 302
    after = cookie(victim)
    assert after and after != planted
    # the attacker's copy of the pre-sign-in session is still anonymous
    attacker.set_cookie(SESSION_COOKIE, planted)
    page = attacker.get("/window")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    # and the victim's new CSRF token differs from the planted one
    assert csrf_of(victim.get("/window/start").get_data(as_text=True)) != token


# every POST form of the staff UI → the account that may post it
FORM_ROLE = {
    "web.login_submit": None, "web.logout": "clerk.belek", "web.set_language": None,
    "window.review": "clerk.belek", "window.change": "clerk.belek", "window.submit": "clerk.belek",
    "window.handover_submit": "clerk.belek", "window.cancel_submit": "clerk.belek",
    "window.supply_info_submit": "clerk.belek", "payroll.mark": "clerk.belek",
    "cases.decision_submit": "registrar.sokuluk", "cases.request_info_submit": "registrar.sokuluk",
    "cases.duplicate_submit": "registrar.sokuluk",
    "admin.create": "admin", "admin.set_active": "admin", "admin.reset_password": "admin", "admin.set_role": "admin",
}


def post_forms(app):
    out = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/api/"):
            out.append((rule.endpoint, rule.rule))
    return sorted(out)


def test_every_post_form_is_listed(app):
    assert {endpoint for endpoint, _ in post_forms(app)} == set(FORM_ROLE)


def fill(rule: str) -> str:
    return (rule.replace("<service_code>", "birth_registration").replace("<app_id>", "app-unknown")
            .replace("<line_id>", "line-unknown").replace("<username>", "clerk.malovodnoe"))


@pytest.mark.parametrize("endpoint", sorted(FORM_ROLE))
def test_post_without_csrf_token_is_refused_and_changes_nothing(app, endpoint):
    rule = dict(post_forms(app))[endpoint]
    browser = app.test_client()
    username = FORM_ROLE[endpoint]
    if username:
        assert sign_in(browser, username).status_code == 302
    else:
        browser.get("/login")
    with app.app_context():
        before = store.get().audit_entries(limit=1)
    data = {"username": "clerk.malovodnoe", "password": "x" * 16, "role": "admin", "active": "0",
            "language": "ru", "outcome": "approved", "status": "paid"}
    for sent in ({}, {"csrf_token": "forged-" + uuid.uuid4().hex}):
        reply = browser.post(fill(rule), data=data | sent)
        assert reply.status_code in (400, 403), (endpoint, sent, reply.status_code)
    with app.app_context():
        assert store.get().audit_entries(limit=1) == before  # nothing done, nothing audited
        account = store.get().account("clerk.malovodnoe")
    assert account.active and account.role == "clerk"
    if username:  # still signed in: a refused logout did not sign out
        assert browser.get("/").status_code in (200, 302)
        assert "/login" not in browser.get("/").headers.get("Location", "")


def test_post_with_csrf_token_is_accepted(app):
    browser = app.test_client()
    assert sign_in(browser, "clerk.belek").status_code == 302  # the login form itself, with its token
    token = csrf_of(browser.get("/window/start").get_data(as_text=True))
    assert browser.post("/language", data={"language": "ru", "csrf_token": token}).status_code in (200, 302, 303)
    assert browser.post("/logout", data={"csrf_token": token}).status_code in (200, 302, 303)
    assert "/login" in browser.get("/window").headers["Location"]


@pytest.fixture
def strict_app(suite, gateway_db):
    """A gateway with small lockout settings: 3 failures per account, 5 per address, a 2-second window."""
    application = create_app(make_settings(gateway_db, {n: suite.address(n) for n in GRPC_SERVICES},
                                           lockout_account_failures=3, lockout_ip_failures=5, lockout_seconds=2))
    yield application
    close_app(application)


def new_account(app) -> str:
    username = f"brute.{uuid.uuid4().hex[:8]}"
    with app.app_context():
        store.get().ensure_account(username, PASSWORD, "clerk", "belek")
    return username


def token_status(app, username: str, password: str, ip: str) -> int:
    return app.test_client().post("/api/v1/auth/token", json={"username": username, "password": password},
                                  environ_base={"REMOTE_ADDR": ip}).status_code


def test_account_lockout_holds_with_the_right_password_and_ends_after_the_window(strict_app):
    username = new_account(strict_app)
    browser = strict_app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "10.1.0.1"
    for _ in range(3):
        assert sign_in(browser, username, "wrong-password").status_code == 401
    assert sign_in(browser, username).status_code == 429  # locked, right password or not
    # from another address too (the lockout is per account) and through the API
    assert token_status(strict_app, username, PASSWORD, "10.1.0.2") == 401
    wait_for(lambda: token_status(strict_app, username, PASSWORD, "10.1.0.3") == 200, timeout=15,
             message="the account lockout did not end after its window")
    other = strict_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.0.4"
    assert sign_in(other, username).status_code == 302


def test_address_lockout_spans_accounts_and_ends_after_the_window(strict_app):
    ip = "10.2.0.1"
    for i in range(5):  # failures spread over many names, none reaching the per-account limit
        assert token_status(strict_app, f"guess{i}.{uuid.uuid4().hex[:6]}", "wrong-password", ip) == 401
    good = new_account(strict_app)
    assert token_status(strict_app, good, PASSWORD, ip) == 401  # this address is locked
    assert token_status(strict_app, good, PASSWORD, "10.2.0.2") == 200  # another address is not
    wait_for(lambda: token_status(strict_app, good, PASSWORD, ip) == 200, timeout=15,
             message="the address lockout did not end after its window")
