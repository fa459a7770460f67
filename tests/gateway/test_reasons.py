"""Reasons of the benefit assessment in the page's language: every code the benefits service can send has a
sentence in gateway.messages.REASONS, and the case page and the clerk's check page show it in ky and ru."""

from __future__ import annotations

import pathlib
import re

import pytest

from gateway.messages import REASONS, reason_text
from tests.gateway.webtools import csrf_of, fresh_mother_pin, key_of, sign_in
from tests.support import wait_for

RULES = pathlib.Path(__file__).resolve().parents[2] / "services" / "benefits" / "rules.py"
# a.reasons.append(f"code: …"), a.reasons.insert(0, f"code: …"), a.reasons.extend(f"code: …" for …)
REASON = re.compile(r"""reasons\.(?:append|insert|extend)\(\s*(?:\d+\s*,\s*)?[rf]*["']([a-z_]+(?:\.[a-z_]+)+): """)


def codes_of_the_rules() -> set[str]:
    return set(REASON.findall(RULES.read_text(encoding="utf-8")))


def test_every_reason_code_of_the_benefit_rules_has_a_translation():
    codes = codes_of_the_rules()
    assert len(codes) >= 19  # the regex still finds them (income.above_threshold, age.below, …)
    assert sorted(codes - set(REASONS)) == [], "add the new reason codes to gateway.messages.REASONS"


# One reason as rules.py words it, for each variant of each code: each lands on its sentence with its figures.
SAMPLES = {
    "parameters.missing: no gmd in force on 2026-03-01": "gmd",
    "child.unverified: household[1] could not be checked against the civil registry": "2",
    "child.not_in_registry: household[2] is not known to the civil registry": "3",
    "child.birth_date_differs: household[1] was born on 2020-05-21 by the civil registry, not 2020-05-20": "2020",
    "income.above_threshold: per-capita income 90000 som is not below the guaranteed minimum income of 1200 som":
        "90",
    "income.below_threshold: per-capita income 750 som is below 1200 som; 2 × 1200 som × 1.2": "1,2",
    "household.no_child: no child under 16 in the household": "16",
    "category.no_amount: no amount for heroine_mother in the parameters in force": "мать-героиня",
    "category.amount: elderly_no_pension 1000 som from 2026-04-01": "2026",
    "social_fund.unreachable: pension entitlement could not be confirmed by the Social Fund": "пенси",
    "social_fund.unreachable: the insurance record could not be confirmed": "страхов",
    "pension.entitled: the Social Fund reports a pension entitlement; ЕСП is only for people with none": "ЕСП",
    "social_benefit.one_per_person: the person already receives an ЕСП": "ЕСП",
    "age.below: the elderly category starts at 63 for men and 58 for women": "58",
    "age.below: a heroine mother receives ЕСП from 50": "50",
    "unemployment_register.unreachable: registration as unemployed could not be confirmed": "безработн",
    "unemployed.not_registered: the person is not registered as unemployed": "безработн",
    "insurance.too_short: 7 insured months in the last 36, at least 12 are needed": "12",
    "insurance.declared_differs: declared 20, the Social Fund says 7": "20",
    "unemployment.base: 2500 som a month": "500",
    "details.invalid: household[0].monthly_income must be a whole number": "целым числом",
}


def test_each_reason_is_a_russian_sentence_with_its_figures(app):
    assert {s.split(": ", 1)[0] for s in SAMPLES} == set(REASONS)
    with app.test_request_context("/?lang=ru"):
        for reason, expected in SAMPLES.items():
            text = str(reason_text(reason))
            english = reason.split(": ", 1)[1]
            assert english not in text and "(" + english not in text, reason  # not the fallback
            assert expected in text, (reason, text)
            words = re.sub(r"<[^>]+>", "", text)  # dates come as <time datetime="…">
            assert not re.search(r"[A-Za-z]{4,}", words), (reason, text)  # no English words left
        # a detail worded otherwise keeps its figures; an unknown code is shown as sent
        assert str(reason_text("insurance.too_short: 7 of 36")).endswith("(7 of 36)")
        assert str(reason_text("new.code: something <b>")) == "new.code: something &lt;b&gt;"


def family_claim(income: int) -> dict:
    return {"service": "family_benefit",
            "applicant": {"pin": fresh_mother_pin(), "surname": "Асанова", "given_name": "Гулнара",
                          "birth_date": "1990-03-12", "sex": "female"},
            "details": {"household": [{"pin": "11203199000123", "relation": "applicant", "birth_date": "1990-03-12",
                                       "monthly_income": income}],
                        "payment": {"channel": "post_office"}},
            "documents": ["identity_document", "household_composition", "income_certificates"]}


ENGLISH = ("guaranteed minimum income", "per-capita income", "income.above_threshold", "household.no_child",
           "no child under")
TRANSLATED = {
    "ky": ("кепилдендирилген минималдуу кирешеден", "төмөн эмес", "Үй-бүлөдө 16 жашка чейинки бала жок."),
    "ru": ("Среднедушевой доход", "не ниже гарантированного минимального дохода (ГМД)",
           "В семье нет ребёнка младше 16 лет."),
}


def assert_translated(page: str, language: str) -> None:
    assert f'<html lang="{language}">' in page
    for english in ENGLISH:
        assert english not in page, (language, english)
    for sentence in TRANSLATED[language]:
        assert sentence in page, (language, sentence)
    assert re.search(r"90[\s\xa0 ]000 сом", page), language  # the figure is kept, in the local format


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_case_page_shows_the_reasons_of_an_ineligible_family_claim_translated(app, login, language):
    created = login("clerk.belek").submit(family_claim(90000)).get_json()
    assert "id" in created, created
    inspector = login("inspector.sokuluk")
    app_json = wait_for(lambda: (lambda a: a if a.get("assessment") else None)(
        inspector.get(f"/api/v1/applications/{created['id']}").get_json()), message="assessed")
    assert app_json["assessment"]["eligible"] is False
    assert any(r.startswith("income.above_threshold: ") for r in app_json["assessment"]["reasons"])
    browser = app.test_client()
    sign_in(browser, "inspector.sokuluk")
    assert_translated(browser.get(f"/applications/{created['id']}?lang={language}").get_data(as_text=True), language)
    english = browser.get(f"/applications/{created['id']}?lang=en").get_data(as_text=True)
    assert "The per-capita income of 90,000 som is not below the guaranteed minimum income (ГМД)" in english


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_check_your_answers_shows_the_reasons_translated(app, language):
    clerk = app.test_client()
    sign_in(clerk, "clerk.belek")
    html = clerk.get("/window/new/family_benefit").get_data(as_text=True)
    pin = fresh_mother_pin()
    data = {"csrf_token": csrf_of(html), "idempotency_key": key_of(html),
            "applicant.pin": pin, "applicant.surname": "Асанова", "applicant.given_name": "Гулнара",
            "applicant.birth_date": "1990-03-12", "applicant.sex": "female",
            "details.household[0].pin": pin, "details.household[0].relation": "applicant",
            "details.household[0].birth_date": "1990-03-12", "details.household[0].monthly_income": "90000",
            "details.payment.channel": "post_office",
            "documents": ["identity_document", "household_composition", "income_certificates"]}
    reply = clerk.post(f"/window/new/family_benefit?lang={language}", data=data)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200, page[:2000]
    assert "notice warn" in page
    assert_translated(page, language)
