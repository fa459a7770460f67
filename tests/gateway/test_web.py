"""The HTML pages: session sign-in with CSRF-protected forms, and the clerk's birth form going through the
same code path as the API."""

from __future__ import annotations

import re

import pytest

from tests.gateway.conftest import CHILD_BORN, MOTHER_PIN, PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def browser(app):
    return app.test_client()


def sign_in(browser, username: str, password: str = PASSWORD):
    token = csrf_of(browser.get("/login").get_data(as_text=True))
    return browser.post("/login", data={"username": username, "password": password, "csrf_token": token})


def birth_form_data(page_html: str, **overrides) -> dict:
    data = {
        "csrf_token": csrf_of(page_html),
        "idempotency_key": KEY.search(page_html).group(1),
        "applicant.pin": MOTHER_PIN, "applicant.surname": "Асанова", "applicant.given_name": "Гулнара",
        "applicant.birth_date": "1990-03-12", "applicant.sex": "female", "applicant.phone": "+996700123456",
        "details.child.surname": "Асанова", "details.child.given_name": "Айпери", "details.child.sex": "female",
        "details.child.birth_date": CHILD_BORN.isoformat(), "details.child.birth_place": "Белек",
        "details.mother_pin": MOTHER_PIN, "details.medical_certificate_no": "MC-1",
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }
    data.update(overrides)
    return data


def test_pages_need_a_session(browser):
    reply = browser.get("/clerk")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]


def test_login_needs_the_csrf_token(browser):
    browser.get("/login")
    reply = browser.post("/login", data={"username": "clerk.belek", "password": PASSWORD})
    assert reply.status_code == 403


def test_wrong_password_stays_on_the_login_page(browser):
    reply = sign_in(browser, "clerk.belek", "wrong")
    assert reply.status_code == 401 and "Wrong username or password" in reply.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(browser):
    reply = sign_in(browser, "clerk.belek")
    cookie = reply.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_clerk_submits_a_birth_registration_through_the_form(browser):
    assert sign_in(browser, "clerk.belek").status_code == 302
    form = browser.get("/clerk")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert "medical_birth_certificate" in html  # the checklist comes from the catalog
    data = birth_form_data(html)

    created = browser.post("/clerk/birth", data=data)
    assert created.status_code == 302
    page = browser.get(created.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "BEL-" in text and "submitted" in text

    # the same form posted twice (double click) is the same application
    again = browser.post("/clerk/birth", data=data)
    assert again.headers["Location"] == created.headers["Location"]


def test_form_errors_are_shown_next_to_the_field(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/clerk").get_data(as_text=True)
    reply = browser.post("/clerk/birth", data=birth_form_data(html, **{"applicant.pin": "99"}))
    assert reply.status_code == 400
    assert "applicant.pin" in reply.get_data(as_text=True)


def test_post_without_csrf_is_refused(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/clerk").get_data(as_text=True)
    data = birth_form_data(html)
    data["csrf_token"] = "forged"
    assert browser.post("/clerk/birth", data=data).status_code == 403


def test_registrar_decides_through_the_page(browser, app, login):
    from tests.support import wait_for

    clerk = login("clerk.belek")
    created = clerk.submit().get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    sign_in(browser, "registrar.sokuluk")
    page = browser.get(f"/applications/{created['id']}").get_data(as_text=True)
    assert "Record decision" in page
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "approved",
                               "idempotency_key": KEY.search(page).group(1)})
    assert reply.status_code == 302
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "result_ready",
             message="result_ready")


def test_other_office_page_is_not_found(browser, login):
    created = login("clerk.belek").submit().get_json()
    sign_in(browser, "clerk.aral")
    assert browser.get(f"/applications/{created['id']}").status_code == 404


def test_logout(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/clerk").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": csrf_of(html)}).status_code == 302
    assert browser.get("/clerk").status_code == 302


@pytest.mark.parametrize(("username", "landing"), [("registrar.sokuluk", "/applications"),
                                                    ("inspector.sokuluk", "/applications"),
                                                    ("clerk.malovodnoe", "/clerk"), ("monitor", None), ("admin", None)])
def test_every_role_has_a_landing_page(browser, username, landing):
    sign_in(browser, username)
    home = browser.get("/")
    if landing:
        assert home.status_code == 302 and home.headers["Location"].endswith(landing)
        assert browser.get(landing).status_code == 200
    else:
        assert home.status_code == 200 and "Welcome" in home.get_data(as_text=True)
        assert browser.get("/applications").status_code == 403


def test_second_decision_is_reported_not_crashed(browser, login):
    from tests.support import wait_for

    clerk = login("clerk.belek")
    created = clerk.submit().get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    login("registrar.sokuluk").post(f"/api/v1/applications/{created['id']}/decision", json={"outcome": "approved"})
    sign_in(browser, "registrar.sokuluk")
    page = browser.get(f"/applications/{created['id']}").get_data(as_text=True)
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "rejected", "reason": "late"},
                         follow_redirects=True)
    assert reply.status_code == 200 and "Not done" in reply.get_data(as_text=True)
