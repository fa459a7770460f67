"""What a member of staff does in the browser, step by step (Playwright sync API)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import time

from tereze.pin import make_pin
from tests.browser.conftest import PASSWORD

TODAY = dt.date.today()
_serials = itertools.count(random.randint(1000, 60000))

TEXT = {
    "ky": {"check": "Тапшыруудан мурун жоопторду текшериңиз", "accepted": "Арыз кабыл алынды",
           "refused": "Бөлүм бул арызды кабыл ала албайт", "assessment": "Автоматтык баалоо"},
    "ru": {"check": "Проверьте ответы перед подачей", "accepted": "Заявление принято",
           "refused": "Отделение не может принять это заявление", "assessment": "Автоматическая оценка"},
}


def fresh_pin(sex: str, born: dt.date) -> str:
    return make_pin(sex, born, next(_serials))


def sign_in(page, base: str, username: str, language: str | None = None) -> None:
    page.goto(f"{base}/login")
    if language:
        page.click(f'button[name="language"][value="{language}"]')
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main form button.primary")
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]


def fill(page, values: dict) -> None:
    for name, value in values.items():
        selector = f'[name="{name}"]'
        tag = page.eval_on_selector(selector, "e => e.tagName + ':' + e.type")
        if tag.startswith("SELECT"):
            page.select_option(selector, value)
        elif tag.endswith("checkbox"):
            if value:
                page.check(selector)
        else:
            page.fill(selector, value)


def check_documents(page, codes) -> None:
    for code in codes:
        page.check(f'input[name="documents"][value="{code}"]')


def start(page, base: str, service: str, pin: str = "") -> None:
    page.goto(f"{base}/window/start")
    if pin:
        page.fill("#pin", pin)
        page.click("main form.no-print button")
        page.wait_for_load_state()
    page.click(f'ul.cards a[href*="/window/new/{service}"]')
    page.wait_for_selector(f'form[action$="/window/new/{service}"]')


def applicant(sex: str = "female", born: dt.date = dt.date(1990, 3, 12), surname: str = "Асанова",
              given: str = "Гулнара") -> dict:
    return {"applicant.pin": fresh_pin(sex, born), "applicant.surname": surname, "applicant.given_name": given,
            "applicant.birth_date": born.isoformat(), "applicant.sex": sex, "applicant.phone": "+996700123456"}


def review(page, language: str) -> None:
    page.click("main form button.primary")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == TEXT[language]["check"], page.inner_text("main")[:1500]


def submit(page, language: str) -> str:
    page.click('form[action$="/submit"] button')
    page.wait_for_selector(".panel-confirm")
    assert TEXT[language]["accepted"] in page.inner_text(".panel-confirm")
    number = page.inner_text(".panel-confirm .tracking").strip()
    assert re.fullmatch(r"[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}", number), number
    assert page.locator(".receipt svg").count() == 1  # the QR code, inline SVG
    assert f"/track/{number}" in page.inner_text(".receipt")
    return number


def open_case(page, base: str, desk: str, tracking_number: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        page.goto(f"{base}{desk}")
        link = page.locator(f'a:text-is("{tracking_number}")')
        if link.count():
            link.first.click()
            page.wait_for_selector("h1")
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{tracking_number} never reached {desk}")
        time.sleep(0.3)


def reload_until(page, predicate, timeout: float = 20.0, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.3)
        page.reload()


def kpi(page, base: str, name: str) -> int:
    page.goto(f"{base}/monitoring")
    return int(page.inner_text(f"#kpi-{name}").strip())
