"""Intake's rules at the window: the applicant, the submission, the rating, status moves, tracking numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from intake.rules import (
    SERVICE_CODES,
    TRACKING_ALPHABET,
    Application,
    can_cancel,
    can_hand_over,
    is_forward,
    new_tracking_number,
    validate_applicant,
    validate_rating,
    validate_submission,
)
from tereze.errors import Conflict, FieldErrors, InvalidArgument

TODAY = dt.date(2025, 6, 18)


def applicant(**overrides) -> dict:
    data = {
        "pin": "11203199000123",
        "surname": "Асанова",
        "given_name": "Гулнара",
        "patronymic": "Токтогуловна",
        "birth_date": "1990-03-12",
        "sex": "female",
        "phone": "+996700123456",
        "email": "gulnara@example.kg",
        "address": "Белек, ул. Ленина 1",
        "language": "ky",
    }
    data.update(overrides)
    return data


def check(data: dict) -> tuple[dict[str, str], list]:
    errors = FieldErrors()
    warnings = validate_applicant(data, TODAY, errors)
    return errors.errors, warnings


# ---- validate_applicant ----


def test_a_complete_consistent_applicant_has_no_errors_and_no_warnings():
    assert check(applicant()) == ({}, [])


def test_optional_fields_may_be_left_out():
    data = applicant()
    for optional in ("patronymic", "phone", "email", "address", "language"):
        del data[optional]
    assert check(data) == ({}, [])


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("pin", "", "is required"),
        ("pin", "1120319900012", "must be 14 digits"),
        ("pin", "31203199000123", "must be 14 digits"),
        ("pin", "12902202300001", "real date"),
        ("pin", "11906202500001", "in the future"),  # 19 June 2025, the day after TODAY
        ("surname", "", "is required"),
        ("surname", "   ", "is required"),
        ("surname", "А" * 101, "at most 100"),
        ("given_name", "", "is required"),
        ("given_name", None, "is required"),
        ("given_name", "Г" * 101, "at most 100"),
        ("patronymic", "Т" * 101, "at most 100"),
        ("sex", "", "female or male"),
        ("sex", "f", "female or male"),
        ("birth_date", "", "is required"),
        ("birth_date", "12.03.1990", "YYYY-MM-DD"),
        ("birth_date", "1990-02-30", "YYYY-MM-DD"),
        ("birth_date", "2025-06-19", "must not be in the future"),
        ("phone", "call me", "phone number"),
        ("phone", "+996700123456\n", "phone number"),
        ("phone", "12", "phone number"),
        ("email", "gulnara", "e-mail"),
        ("email", "gulnara@example", "e-mail"),
        ("email", "gul nara@example.kg", "e-mail"),
        ("email", "gulnara@example.kg\n", "e-mail"),
        ("address", "x" * 301, "at most 300"),
        ("language", "de", "ky, ru or en"),
    ],
)
def test_each_bad_field_is_named_applicant_field(field, value, message):
    errors, warnings = check(applicant(**{field: value}))
    assert list(errors) == [f"applicant.{field}"]
    assert message in errors[f"applicant.{field}"]


@pytest.mark.parametrize("field", ["pin", "surname", "given_name", "sex", "birth_date"])
def test_required_field_missing_altogether_is_named(field):
    data = applicant()
    del data[field]
    errors, _ = check(data)
    assert f"applicant.{field}" in errors


def test_limits_are_inclusive():
    errors, _ = check(applicant(surname="А" * 100, given_name="Г" * 100, patronymic="Т" * 100, address="x" * 300))
    assert errors == {}


def test_born_today_is_accepted():
    errors, _ = check(applicant(birth_date=TODAY.isoformat(), pin=f"1{TODAY:%d%m%Y}00001"))
    assert errors == {}


@pytest.mark.parametrize("phone", ["+996700123456", "0700 12-34-56", "+996 (700) 123 456", "0312621234"])
def test_usual_phone_spellings_are_accepted(phone):
    assert check(applicant(phone=phone))[0] == {}


def test_every_bad_field_is_reported_at_once():
    errors, _ = check({"pin": "x", "surname": "", "sex": "?", "birth_date": "soon", "email": "@"})
    assert set(errors) == {
        "applicant.pin", "applicant.surname", "applicant.given_name", "applicant.sex", "applicant.birth_date",
        "applicant.email",
    }


def test_pin_disagreeing_with_sex_is_a_warning_not_an_error():
    errors, warnings = check(applicant(pin="21203199000123"))
    assert errors == {}
    assert [(w.rule, w.field) for w in warnings] == [("pin.sex_mismatch", "applicant.pin")]


def test_pin_disagreeing_with_birth_date_is_a_warning_not_an_error():
    errors, warnings = check(applicant(birth_date="1990-12-03"))
    assert errors == {}
    assert [(w.rule, w.field) for w in warnings] == [("pin.birth_date_mismatch", "applicant.pin")]


def test_no_pin_warnings_for_a_refused_pin():
    errors, warnings = check(applicant(pin="31203199000123", sex="male"))
    assert "applicant.pin" in errors and warnings == []


def test_pin_is_not_compared_with_an_invalid_sex_or_birth_date():
    errors, warnings = check(applicant(sex="?", birth_date="garbage"))
    assert set(errors) == {"applicant.sex", "applicant.birth_date"}
    assert warnings == []


def test_raise_if_any_names_the_fields():
    errors = FieldErrors()
    validate_applicant(applicant(pin="", email="nope"), TODAY, errors)
    with pytest.raises(InvalidArgument) as caught:
        errors.raise_if_any()
    assert set(caught.value.fields) == {"applicant.pin", "applicant.email"}


# ---- validate_submission ----


def submission(service="birth_registration", office="belek", documents=("medical_birth_certificate",)):
    errors = FieldErrors()
    validate_submission(service, office, list(documents), errors)
    return errors.errors


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_each_of_the_six_services_is_accepted(service):
    assert submission(service=service) == {}


def test_six_service_codes():
    assert set(SERVICE_CODES) == {
        "birth_registration", "marriage_registration", "divorce_registration",
        "unemployment_benefit", "social_benefit", "family_benefit",
    }


@pytest.mark.parametrize("service", ["", "passport", "Birth_Registration"])
def test_unknown_service_is_named(service):
    errors = submission(service=service)
    assert list(errors) == ["service"] and "birth_registration" in errors["service"]


def test_office_is_required_and_bounded():
    assert submission(office="") == {"office": "is required"}
    assert list(submission(office="x" * 41)) == ["office"]


def test_bad_document_codes_are_named_by_index():
    errors = submission(documents=["medical_birth_certificate", "", "x" * 81, "x" * 80])
    assert set(errors) == {"documents[1]", "documents[2]"}


def test_no_documents_is_not_a_field_error():
    assert submission(documents=()) == {}


# ---- validate_rating ----


@pytest.mark.parametrize("rating, ok", [(0, False), (1, True), (3, True), (5, True), (6, False), (-1, False),
                                        (2.5, False), ("5", False), (None, False)])
def test_rating_is_a_whole_number_from_1_to_5(rating, ok):
    errors = FieldErrors()
    validate_rating(rating, errors)
    assert errors.errors == ({} if ok else {"rating": "must be a whole number from 1 to 5"})


# ---- status moves ----

ALL = ("submitted", "routed", "in_review", "needs_info", "result_ready", "handed_over", "cancelled")
FORWARD = {
    "submitted": {"routed", "in_review", "needs_info", "result_ready", "handed_over"},
    "routed": {"in_review", "needs_info", "result_ready", "handed_over"},
    "in_review": {"needs_info", "result_ready", "handed_over"},
    "needs_info": {"in_review", "result_ready", "handed_over"},
    "result_ready": {"handed_over"},
    "handed_over": set(),
    "cancelled": set(),
}


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_is_forward_for_every_pair_of_statuses(current, target):
    assert is_forward(current, target) is (target in FORWARD[current])


def test_needs_info_and_in_review_alternate_but_repeats_are_ignored():
    assert is_forward("in_review", "needs_info")
    assert is_forward("needs_info", "in_review")
    assert not is_forward("in_review", "in_review")
    assert not is_forward("needs_info", "needs_info")


def test_late_news_never_moves_an_application_back():
    assert not is_forward("result_ready", "in_review")
    assert not is_forward("result_ready", "needs_info")
    assert not is_forward("in_review", "routed")


@pytest.mark.parametrize("target", ["approved", "", "unknown"])
def test_unknown_target_status_is_not_forward(target):
    assert not is_forward("submitted", target)


def app_in(status: str) -> Application:
    now = dt.datetime(2025, 6, 18, 9, 0)
    return Application(id="a1", tracking_number="BEL-0000-0000", service="birth_registration", office="belek",
                       status=status, submitted_at=now, updated_at=now, submitted_by="clerk.belek",
                       applicant={}, details={}, documents=[])


@pytest.mark.parametrize("status", ["submitted", "routed", "in_review", "needs_info"])
def test_cancel_is_allowed_before_a_decision(status):
    can_cancel(app_in(status))


@pytest.mark.parametrize("status", ["result_ready", "handed_over", "cancelled"])
def test_cancel_after_a_decision_is_a_conflict(status):
    with pytest.raises(Conflict, match=status):
        can_cancel(app_in(status))


def test_only_a_ready_result_can_be_handed_over():
    can_hand_over(app_in("result_ready"))
    for status in ("submitted", "in_review", "handed_over", "cancelled"):
        with pytest.raises(Conflict):
            can_hand_over(app_in(status))


# ---- tracking numbers ----

BODY = f"[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}"


@pytest.mark.parametrize("office, prefix", [("belek", "BEL"), ("aral", "ARA"), ("natsionalnoe", "NAT"),
                                            ("malovodnoe", "MAL")])
def test_tracking_number_starts_with_the_office(office, prefix):
    assert re.fullmatch(f"{prefix}-{BODY}", new_tracking_number(office))


def test_tracking_alphabet_is_crockford_base32():
    assert len(TRACKING_ALPHABET) == 32 == len(set(TRACKING_ALPHABET))
    assert not set("ILOU") & set(TRACKING_ALPHABET)


def test_tracking_numbers_do_not_repeat_and_use_the_whole_alphabet():
    drawn = [new_tracking_number("belek") for _ in range(20_000)]
    assert len(set(drawn)) == len(drawn)
    used = set("".join(t[4:].replace("-", "") for t in drawn))
    assert used == set(TRACKING_ALPHABET)
