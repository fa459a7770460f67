"""Notify's rules: how a recipient is shown (masked), and what text a citizen gets in which language."""

from __future__ import annotations

import re

import pytest

from notify.rules import Templates, mask, mask_email, mask_phone, validate_send
from tereze.errors import FieldErrors

PARAMS = {"tracking_number": "BEL-7K3M-Q9XZ", "service_name": "Birth registration", "office_name": "Belek",
          "due_date": "2025-07-04", "outcome": "approved"}


@pytest.fixture(scope="module")
def templates():
    return Templates.load()


# ---- masking ----


@pytest.mark.parametrize("phone", [
    "+996700123456", "0700123456", "0700 12 34 56", "+996 (700) 12-34-56", "996700123456", "1234567", "123456",
    "12345", "1234", "123", "12", "",
])
def test_masked_phone_reveals_at_most_the_last_three_digits(phone):
    digits = re.sub(r"\D", "", phone)
    masked = mask_phone(phone)
    shown = re.sub(r"\D", "", masked)
    assert len(shown) <= 3
    assert digits.endswith(shown)
    assert len(shown) < len(digits) or not digits  # never the whole number, however short


def test_masked_phone_keeps_its_length_and_last_three_digits():
    assert mask_phone("+996700123456") == "+*********456"
    assert mask_phone("0700 12 34 56") == "*******456"


def test_masked_phone_hides_the_operator_code():
    masked = mask_phone("+996700123456")
    assert "700" not in masked and "996" not in masked


@pytest.mark.parametrize("email, expected", [
    ("gulnara@example.kg", "g***@example.kg"),
    ("g@example.kg", "g***@example.kg"),
    ("Aibek.Asanov@mail.ru", "A***@mail.ru"),
])
def test_masked_email_shows_only_the_first_letter_of_the_local_part(email, expected):
    assert mask_email(email) == expected


@pytest.mark.parametrize("email", ["gulnara@example.kg", "aibek.asanov@mail.ru", "x.y.z@post.kg"])
def test_masked_email_never_reveals_more_of_the_name(email):
    local = email.split("@")[0]
    masked_local = mask_email(email).split("@")[0]
    assert masked_local.replace("*", "") == local[:1]


def test_masked_email_without_a_domain_shows_nothing():
    assert mask_email("gulnara") == "***"
    assert mask_email("") == "***"


def test_mask_picks_by_channel():
    assert mask("sms", "+996700123456") == mask_phone("+996700123456")
    assert mask("email", "gulnara@example.kg") == "g***@example.kg"


# ---- templates ----


@pytest.mark.parametrize("language, words", [
    ("ky", "кабыл алынды"),
    ("ru", "заявление принято"),
    ("en", "has been accepted"),
])
def test_accepted_is_rendered_in_the_citizens_language(templates, language, words):
    used, text = templates.render("accepted", language, PARAMS)
    assert used == language
    assert words in text
    assert "BEL-7K3M-Q9XZ" in text and "2025-07-04" in text and "{" not in text


@pytest.mark.parametrize("template", ["accepted", "needs_info", "ready", "cancelled"])
@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_every_template_exists_in_every_language_and_names_the_tracking_number(templates, template, language):
    used, text = templates.render(template, language, PARAMS)
    assert used == language and "BEL-7K3M-Q9XZ" in text and "{" not in text


def test_ready_names_the_office(templates):
    assert "Belek" in templates.render("ready", "en", PARAMS)[1]


@pytest.mark.parametrize("language", ["de", "", "KY", "kg"])
def test_unknown_language_falls_back_to_english(templates, language):
    used, text = templates.render("ready", language, PARAMS)
    assert used == "en"
    assert text.startswith("Bir Tereze: the result for BEL-7K3M-Q9XZ is ready")


def test_missing_params_render_empty_not_crash(templates):
    used, text = templates.render("accepted", "ru", {})
    assert used == "ru"
    assert "Номер для отслеживания ." in text and "{" not in text
    _, text = templates.render("ready", "en", {"tracking_number": "BEL-1"})
    assert text == "Bir Tereze: the result for BEL-1 is ready for collection at the  post office."


def test_braces_in_params_are_not_interpreted(templates):
    _, text = templates.render("cancelled", "en", {"tracking_number": "{office_name}"})
    assert text == "Bir Tereze: application {office_name} has been cancelled."


def test_templates_load_from_another_file(tmp_path):
    path = tmp_path / "templates.yaml"
    path.write_text("hello:\n  en: 'Hi {name}'\n  ru: 'Привет {name}'\n", encoding="utf-8")
    loaded = Templates.load(path)
    assert loaded.render("hello", "ru", {"name": "Айбек"}) == ("ru", "Привет Айбек")
    assert loaded.render("hello", "ky", {"name": "Айбек"}) == ("en", "Hi Айбек")


def test_unknown_template_is_a_field_error(templates):
    errors = FieldErrors()
    validate_send("birthday", templates, errors)
    assert list(errors.errors) == ["template"] and "accepted" in errors.errors["template"]
    errors = FieldErrors()
    validate_send("ready", templates, errors)
    assert not errors
