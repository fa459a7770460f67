"""The staff pages: session sign-in with CSRF-protected forms, the clerk's window (form → check your answers →
receipt) going through the same operations as the API, decisions and handover on the case page."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import PASSWORD
from tests.gateway.webtools import birth_form_data, csrf_of, fresh_birth_body, key_of, sign_in, take
from tests.support import wait_for


@pytest.fixture
def browser(app):
    return app.test_client()


def test_pages_need_a_session(browser):
    reply = browser.get("/window")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]


def test_login_needs_the_csrf_token(browser):
    browser.get("/login")
    reply = browser.post("/login", data={"username": "clerk.belek", "password": PASSWORD})
    assert reply.status_code == 403


def test_wrong_password_stays_on_the_login_page(browser):
    reply = sign_in(browser, "clerk.belek", "wrong", )
    assert reply.status_code == 401 and "error-summary" in reply.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(browser):
    reply = sign_in(browser, "clerk.belek")
    cookie = reply.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_clerk_takes_a_birth_registration_through_the_window(browser):
    assert sign_in(browser, "clerk.belek").status_code == 302
    form = browser.get("/window/new/birth_registration")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="medical_birth_certificate"' in html  # the checklist comes from the catalog
    data = birth_form_data(html)

    review = browser.post("/window/new/birth_registration", data=data)
    text = review.get_data(as_text=True)
    assert review.status_code == 200 and "/window/new/birth_registration/submit" in text
    assert "Айпери" in text  # check your answers

    created = take(browser, "birth_registration", data)
    assert created.status_code == 302 and "/window/receipt/" in created.headers["Location"]
    receipt = browser.get(created.headers["Location"])
    page = receipt.get_data(as_text=True)
    assert receipt.status_code == 200 and "BEL-" in page and "<svg" in page and "/track/BEL-" in page

    # the same form posted twice (double click) is the same application
    again = take(browser, "birth_registration", data)
    assert again.headers["Location"] == created.headers["Location"]


def test_form_errors_are_shown_next_to_the_field_and_in_the_summary(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/window/new/birth_registration").get_data(as_text=True)
    reply = browser.post("/window/new/birth_registration", data=birth_form_data(html, **{"applicant.pin": "99"}))
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert 'href="#f-applicant-pin"' in page and 'id="f-applicant-pin-error"' in page
    assert 'aria-invalid="true"' in page


def test_backend_field_paths_land_on_the_form_fields(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/window/new/birth_registration").get_data(as_text=True)
    future = "2999-01-01"
    reply = browser.post("/window/new/birth_registration",
                         data=birth_form_data(html, **{"details.child.birth_date": future}))
    page = reply.get_data(as_text=True)
    assert reply.status_code in (400, 200)
    if reply.status_code == 400:
        assert 'href="#f-details-child-birth_date"' in page


def test_local_type_errors_are_field_errors(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/window/new/unemployment_benefit").get_data(as_text=True)
    reply = browser.post("/window/new/unemployment_benefit",
                         data={"csrf_token": csrf_of(html), "idempotency_key": key_of(html),
                               "details.insured_months_last_36": "many"})
    assert reply.status_code == 400 and 'href="#f-details-insured_months_last_36"' in reply.get_data(as_text=True)


def test_post_without_csrf_is_refused(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/window/new/birth_registration").get_data(as_text=True)
    data = birth_form_data(html)
    data["csrf_token"] = "forged"
    assert browser.post("/window/new/birth_registration/submit", data=data).status_code == 403


def test_registrar_decides_through_the_page(browser, login):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    sign_in(browser, "registrar.sokuluk")
    queue = browser.get("/desk/registry").get_data(as_text=True)
    assert created["tracking_number"] in queue
    page = browser.get(f"/applications/{created['id']}").get_data(as_text=True)
    assert 'name="outcome"' in page
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "approved", "idempotency_key": key_of(page)})
    assert reply.status_code == 302
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "result_ready",
             message="result_ready")


def test_clerk_hands_over_with_a_rating(browser, login):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    login("registrar.sokuluk").post(f"/api/v1/applications/{created['id']}/decision", json={"outcome": "approved"})
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "result_ready",
             message="result_ready")
    sign_in(browser, "clerk.belek")
    window = browser.get("/window").get_data(as_text=True)
    assert created["tracking_number"] in window  # waiting for handover
    assert 'href="/payroll' in window  # the payroll pages (views/payroll.py) for the lines to pay
    page = browser.get(f"/applications/{created['id']}").get_data(as_text=True)
    reply = browser.post(f"/applications/{created['id']}/handover",
                         data={"csrf_token": csrf_of(page), "rating": "4", "idempotency_key": key_of(page)})
    assert reply.status_code == 302
    data = clerk.get(f"/api/v1/applications/{created['id']}").get_json()
    assert data["status"] == "handed_over" and data["rating"] == 4


def test_other_office_page_is_not_found(browser, login):
    created = login("clerk.belek").submit(fresh_birth_body()).get_json()
    sign_in(browser, "clerk.aral")
    assert browser.get(f"/applications/{created['id']}").status_code == 404
    assert browser.get(f"/window/receipt/{created['id']}").status_code == 404


def test_logout(browser):
    sign_in(browser, "clerk.belek")
    html = browser.get("/window").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": csrf_of(html)}).status_code == 302
    assert browser.get("/window").status_code == 302


@pytest.mark.parametrize(("username", "landing"), [("registrar.sokuluk", "/desk/registry"),
                                                    ("inspector.sokuluk", "/desk/benefits"),
                                                    ("clerk.malovodnoe", "/window"), ("monitor", "/monitoring"),
                                                    ("admin", "/admin/accounts")])
def test_every_role_has_a_landing_page(browser, username, landing):
    sign_in(browser, username)
    home = browser.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith(landing)
    assert browser.get(landing).status_code == 200


def test_second_decision_is_reported_not_crashed(browser, login):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["status"] == "routed",
             message="routed")
    login("registrar.sokuluk").post(f"/api/v1/applications/{created['id']}/decision", json={"outcome": "approved"})
    sign_in(browser, "registrar.sokuluk", language="en")
    page = browser.get(f"/applications/{created['id']}?lang=en").get_data(as_text=True)
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "rejected", "reason": "late"},
                         follow_redirects=True)
    assert reply.status_code == 200 and "flash error" in reply.get_data(as_text=True)


def test_registrar_settles_a_possible_duplicate_then_approves(browser, login):
    clerk = login("clerk.belek")
    body = fresh_birth_body()
    first = clerk.submit(body).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{first['id']}").get_json()["status"] == "routed",
             message="routed")
    login("registrar.sokuluk").post(f"/api/v1/applications/{first['id']}/decision", json={"outcome": "approved"})
    wait_for(lambda: clerk.get(f"/api/v1/applications/{first['id']}").get_json()["status"] == "result_ready",
             message="result_ready")
    second = clerk.submit(body).get_json()  # the same birth again: flagged as a possible duplicate
    wait_for(lambda: clerk.get(f"/api/v1/applications/{second['id']}").get_json()["status"] == "routed",
             message="routed")
    sign_in(browser, "registrar.sokuluk")
    page = browser.get(f"/applications/{second['id']}").get_data(as_text=True)
    assert 'action="/applications/' + second["id"] + '/duplicate"' in page
    browser.post(f"/applications/{second['id']}/duplicate",
                 data={"csrf_token": csrf_of(page), "decision": "not_duplicate", "note": "twins",
                       "idempotency_key": key_of(page) + "-d"})
    page = browser.get(f"/applications/{second['id']}").get_data(as_text=True)
    assert "/duplicate\"" not in page
    browser.post(f"/applications/{second['id']}/decision",
                 data={"csrf_token": csrf_of(page), "outcome": "approved", "idempotency_key": key_of(page)})
    wait_for(lambda: clerk.get(f"/api/v1/applications/{second['id']}").get_json()["status"] == "result_ready",
             message="result_ready")
    page = browser.get(f"/applications/{second['id']}").get_data(as_text=True)
    assert "/documents/certificates/" in page  # the certificate to print
