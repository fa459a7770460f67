"""The clerk's six forms through the test client: find by PIN, each service's form and checklist, check your
answers with the precheck/assessment, refusals shown and not submittable, field paths mapped to inputs."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.gateway.webtools import csrf_of, fresh_mother_pin, hidden_fields, key_of, sign_in
from tests.support import wait_for

TODAY = dt.date.today()


def applicant() -> dict:
    return {"applicant.pin": fresh_mother_pin(), "applicant.surname": "Асанова", "applicant.given_name": "Гулнара",
            "applicant.birth_date": "1990-03-12", "applicant.sex": "female"}


def service_data(service: str) -> dict:
    a = applicant()
    if service == "birth_registration":
        return {**a, "details.child.surname": "Асанова", "details.child.given_name": "Айпери",
                "details.child.sex": "female", "details.child.birth_date": (TODAY - dt.timedelta(days=2)).isoformat(),
                "details.child.birth_place": "Белек", "details.mother_pin": a["applicant.pin"],
                "details.medical_certificate_no": "MC-7",
                "documents": ["medical_birth_certificate", "parents_identity_documents"]}
    if service == "marriage_registration":
        return {**a, "details.spouse.pin": "21507199200042", "details.spouse.surname": "Токтогулов",
                "details.spouse.given_name": "Бакыт", "details.spouse.birth_date": "1992-07-15",
                "details.spouse.sex": "male", "details.requested_date": (TODAY + dt.timedelta(days=40)).isoformat(),
                "documents": ["identity_documents_both", "joint_application", "state_fee_receipt"]}
    if service == "divorce_registration":
        return {**a, "details.spouse_pin": "21507199200042", "details.mutual_consent": "true",
                "details.common_minor_children": "0",
                "documents": ["identity_documents", "marriage_certificate", "state_fee_receipt"]}
    if service == "unemployment_benefit":
        return {**a, "details.insured_months_last_36": "20", "details.last_employer": "Агрофирма",
                "details.dismissal_date": (TODAY - dt.timedelta(days=40)).isoformat(),
                "details.payment.channel": "post_office",
                "documents": ["identity_document", "employment_record", "unemployed_registration"]}
    if service == "social_benefit":
        return {**a, "applicant.birth_date": "1950-01-01", "details.category": "elderly_no_pension",
                "details.payment.channel": "bank", "details.payment.account": "1234567890",
                "documents": ["identity_document", "no_pension_certificate"]}
    return {**a, "details.household[0].pin": a["applicant.pin"], "details.household[0].relation": "applicant",
            "details.household[0].birth_date": "1990-03-12", "details.household[0].monthly_income": "1500",
            "details.household[2].pin": "22005202000042", "details.household[2].relation": "child",
            "details.household[2].birth_date": "2020-05-20", "details.household[2].monthly_income": "0",
            "details.land_hectares": "0,5", "details.payment.channel": "post_office",
            "documents": ["identity_document", "household_composition", "income_certificates"]}


SERVICES = ("birth_registration", "marriage_registration", "divorce_registration", "unemployment_benefit",
            "social_benefit", "family_benefit")


@pytest.fixture
def clerk(app):
    browser = app.test_client()
    sign_in(browser, "clerk.belek")
    return browser


def test_find_by_pin_prefills_from_the_register(clerk):
    page = clerk.get("/window/start?pin=11203199000123&lang=en").get_data(as_text=True)
    assert "window/new/birth_registration?pin=11203199000123" in page
    form = clerk.get("/window/new/family_benefit?pin=11203199000123").get_data(as_text=True)
    assert 'value="11203199000123"' in form
    bad = clerk.get("/window/start?pin=12&lang=en").get_data(as_text=True)
    assert "error-message" in bad


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_goes_form_check_submit(clerk, login, service):
    form = clerk.get(f"/window/new/{service}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and 'name="documents"' in html  # the catalog's checklist
    data = {"csrf_token": csrf_of(html), "idempotency_key": key_of(html), **service_data(service)}
    review = clerk.post(f"/window/new/{service}", data=data)
    page = review.get_data(as_text=True)
    assert review.status_code == 200, page[:3000]
    assert "answers" in page  # the check-your-answers list
    refused = "notice refused" in page
    if refused:
        assert f'action="/window/new/{service}/submit"' not in page
        return
    if service.endswith("_benefit"):
        assert "notice ok" in page or "notice warn" in page  # the assessment or remarks are shown
    fields: dict = {}
    for name, value in hidden_fields(page, f'action="/window/new/{service}/submit"'):
        fields.setdefault(name, []).append(value)
    done = clerk.post(f"/window/new/{service}/submit", data=fields)
    assert done.status_code in (302, 422), done.get_data(as_text=True)[:2000]
    if done.status_code == 302:
        app_id = done.headers["Location"].rsplit("/", 1)[1]
        api = login("clerk.belek").get(f"/api/v1/applications/{app_id}").get_json()
        assert api["service"] == service
        if service == "family_benefit":  # household rows 0 and 2 become members 0 and 1
            assert [m["relation"] for m in api["details"]["household"]] == ["applicant", "child"]
            assert api["details"]["land_hectares"] == 0.5


def test_change_the_answers_keeps_the_values(clerk):
    html = clerk.get("/window/new/social_benefit").get_data(as_text=True)
    data = {"csrf_token": csrf_of(html), "idempotency_key": key_of(html), **service_data("social_benefit")}
    page = clerk.post("/window/new/social_benefit", data=data).get_data(as_text=True)
    fields: dict = {}
    for name, value in hidden_fields(page, 'action="/window/new/social_benefit/change"'):
        fields.setdefault(name, []).append(value)
    back = clerk.post("/window/new/social_benefit/change", data=fields).get_data(as_text=True)
    assert 'value="elderly_no_pension" selected' in back and 'value="1234567890"' in back


def test_household_errors_land_on_the_right_row(clerk):
    html = clerk.get("/window/new/family_benefit").get_data(as_text=True)
    data = {"csrf_token": csrf_of(html), "idempotency_key": key_of(html), **service_data("family_benefit"),
            "details.household[1].pin": "21507199200042", "details.household[1].relation": "spouse",
            "details.household[1].monthly_income": "lots"}
    reply = clerk.post("/window/new/family_benefit?lang=en", data=data)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and 'href="#f-details-household-1--monthly_income"' in page
    assert re.search(r"2\. Monthly income, som", page)


def test_unknown_service_is_not_found(clerk):
    assert clerk.get("/window/new/passport").status_code == 404


def test_decision_against_the_assessment_needs_a_justification(app, login):
    clerk = login("clerk.belek")
    body = {"service": "family_benefit",
            "applicant": {"pin": fresh_mother_pin(), "surname": "Асанова", "given_name": "Гулнара",
                          "birth_date": "1990-03-12", "sex": "female"},
            "details": {"household": [{"pin": "11203199000123", "relation": "applicant", "birth_date": "1990-03-12",
                                       "monthly_income": 90000}],
                        "payment": {"channel": "post_office"}},
            "documents": ["identity_document", "household_composition", "income_certificates"]}
    created = clerk.submit(body).get_json()
    assert "id" in created, created
    inspector = login("inspector.sokuluk")
    app_json = wait_for(lambda: (lambda a: a if a.get("assessment") and a["status"] in ("routed", "in_review") else None)(
        inspector.get(f"/api/v1/applications/{created['id']}").get_json()), message="assessed")
    assert app_json["assessment"]["eligible"] is False  # 90,000 som a month is far above the minimum
    browser = app.test_client()
    sign_in(browser, "inspector.sokuluk")
    page = browser.get(f"/applications/{created['id']}?lang=en").get_data(as_text=True)
    assert "Automatic assessment" in page and 'name="justification"' in page
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "approved", "reason": "",
                               "justification": ""}, follow_redirects=True)
    assert "flash error" in reply.get_data(as_text=True)
    assert inspector.get(f"/api/v1/applications/{created['id']}").get_json()["status"] != "result_ready"
    reply = browser.post(f"/applications/{created['id']}/decision",
                         data={"csrf_token": csrf_of(page), "outcome": "approved", "reason": "",
                               "justification": "the income certificate is out of date; checked in person"},
                         follow_redirects=True)
    assert "flash error" not in reply.get_data(as_text=True)


def test_refusals_are_explained_in_the_page_language(clerk):
    html = clerk.get("/window/new/divorce_registration").get_data(as_text=True)
    data = {"csrf_token": csrf_of(html), "idempotency_key": key_of(html), **service_data("divorce_registration")}
    page = clerk.post("/window/new/divorce_registration?lang=ru", data=data).get_data(as_text=True)
    assert "notice refused" in page and "Отделение не может принять это заявление" in page
    assert "По реестру эти двое не состоят в браке друг с другом." in page
    assert 'action="/window/new/divorce_registration/submit"' not in page
