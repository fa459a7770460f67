"""Helpers of the page tests: sign in through the form, read CSRF tokens and hidden fields."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import itertools
import random
import re

from tereze.pin import make_pin
from tests.gateway.conftest import CHILD_BORN, PASSWORD, birth_body

_serials = itertools.count(random.randint(1000, 60000))


def fresh_mother_pin() -> str:
    """A well-formed PIN no other test uses: the registry flags same-mother same-child births as duplicates."""
    return make_pin("female", dt.date(1990, 3, 12), next(_serials))


def fresh_birth_body() -> dict:
    body = birth_body()
    pin = fresh_mother_pin()
    body["applicant"]["pin"] = pin
    body["details"]["mother_pin"] = pin
    return body

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def key_of(page: str) -> str:
    match = KEY.search(page)
    assert match, "no idempotency key on the page"
    return match.group(1)


def sign_in(browser, username: str, password: str = PASSWORD, **extra):
    token = csrf_of(browser.get("/login").get_data(as_text=True))
    return browser.post("/login", data={"username": username, "password": password, "csrf_token": token, **extra})


def hidden_fields(page: str, after: str) -> list[tuple[str, str]]:
    """The hidden inputs of the first form whose action contains `after`."""
    start = page.index(after)
    end = page.index("</form>", start)
    return [(n, htmllib.unescape(v)) for n, v in HIDDEN.findall(page[start:end])]


def birth_form_data(page: str, **overrides) -> dict:
    mother = fresh_mother_pin()
    data = {
        "csrf_token": csrf_of(page),
        "idempotency_key": key_of(page),
        "applicant.pin": mother, "applicant.surname": "Асанова", "applicant.given_name": "Гулнара",
        "applicant.birth_date": "1990-03-12", "applicant.sex": "female", "applicant.phone": "+996700123456",
        "details.child.surname": "Асанова", "details.child.given_name": "Айпери", "details.child.sex": "female",
        "details.child.birth_date": CHILD_BORN.isoformat(), "details.child.birth_place": "Белек",
        "details.mother_pin": mother, "details.medical_certificate_no": "MC-1",
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }
    data.update(overrides)
    return data


def take(browser, service: str, data: dict):
    """Post the form (review), then the check page's submit form: returns the submit reply."""
    review = browser.post(f"/window/new/{service}", data=data)
    assert review.status_code == 200, review.get_data(as_text=True)[:2000]
    page = review.get_data(as_text=True)
    fields = hidden_fields(page, f'action="/window/new/{service}/submit"')
    form: dict = {}
    for name, value in fields:
        form.setdefault(name, []).append(value)
    return browser.post(f"/window/new/{service}/submit", data=form)
