"""Every template's content in Kyrgyz, Russian and the English fallback — SMS, e-mail and staff notices — and the
plain rules beside them: channels and opt-out, the rate limit, deadline thresholds."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from notify.rules import Templates, channels, rate_limit_wait, visible_to
from routing import deadlines

PARAMS = {"tracking_number": "BEL-7K3M-Q9XZ", "service_name": "Birth registration", "office_name": "Belek",
          "due_date": "2026-12-14", "outcome": "approved", "month": "2026-12", "amount": "1200", "lines": "14",
          "total": "16800"}
CITIZEN = ["accepted", "needs_info", "ready", "payment_ready", "cancelled"]
CYRILLIC = re.compile("[\u0400-\u04ff]")
STAFF = ["results_waiting", "payroll_ready", "deadline_near", "deadline_passed"]


@pytest.fixture(scope="module")
def templates():
    return Templates.load()


def test_the_events_of_the_issue_all_have_templates(templates):
    assert templates.names("citizen") == CITIZEN
    assert templates.names("staff") == STAFF


# What each citizen template says, in each language (SMS text, e-mail subject, e-mail body).
EXPECTED = {
    ("accepted", "ky"): ("арызыңыз кабыл алынды", "Арызыңыз кабыл алынды", "кабыл алынды"),
    ("accepted", "ru"): ("ваше заявление принято", "Ваше заявление принято", "принято в почтовом отделении"),
    ("accepted", "en"): ("has been accepted", "Your application has been accepted", "has been accepted"),
    ("needs_info", "ky"): ("кошумча маалымат керек", "Кошумча маалымат керек", "кошумча маалымат керек"),
    ("needs_info", "ru"): ("нужна дополнительная информация", "Нужна дополнительная информация",
                           "нужна дополнительная информация"),
    ("needs_info", "en"): ("more information is needed", "More information is needed", "more information is needed"),
    ("ready", "ky"): ("жыйынтык даяр", "Жыйынтык даяр", "жыйынтыгы даяр"),
    ("ready", "ru"): ("готов. Получите его", "Результат готов", "готов"),
    ("ready", "en"): ("is ready for collection", "Your result is ready", "is ready"),
    ("payment_ready", "ky"): ("жөлөкпулуңуз", "Жөлөкпул төлөөгө даяр", "төлөөгө даяр"),
    ("payment_ready", "ru"): ("пособие за", "Пособие готово к выплате", "готово к выплате"),
    ("payment_ready", "en"): ("your benefit for", "Your benefit payment is ready", "is ready"),
    ("cancelled", "ky"): ("жокко чыгарылды", "Арыз жокко чыгарылды", "жокко чыгарылды"),
    ("cancelled", "ru"): ("отменено", "Заявление отменено", "отменено"),
    ("cancelled", "en"): ("has been cancelled", "Your application has been cancelled", "has been cancelled"),
}


@pytest.mark.parametrize("template, language", list(EXPECTED))
def test_citizen_templates_in_each_language(templates, template, language):
    sms_words, subject_words, body_words = EXPECTED[(template, language)]
    used, sms = templates.render(template, language, PARAMS)
    assert used == language and sms_words in sms and "{" not in sms
    used, subject, body = templates.render_email(template, language, PARAMS)
    assert used == language and subject_words in subject and body_words in body
    assert "{" not in subject + body
    if template == "payment_ready":
        assert "1200" in sms and "2026-12" in sms and "Belek" in sms and "1200" in body
    else:
        assert "BEL-7K3M-Q9XZ" in sms and "BEL-7K3M-Q9XZ" in subject and "BEL-7K3M-Q9XZ" in body
    if template in ("ready", "needs_info"):
        assert "Belek" in sms  # where to go


@pytest.mark.parametrize("template", CITIZEN)
def test_sms_texts_are_short(templates, template):
    for language in ("ky", "ru", "en"):
        _, text = templates.render(template, language, PARAMS)
        assert len(text) <= 160, (template, language, len(text))


@pytest.mark.parametrize("template", CITIZEN + STAFF)
@pytest.mark.parametrize("language", ["de", "", "kg", "KY"])
def test_unknown_language_falls_back_to_english(templates, template, language):
    assert templates.render(template, language, PARAMS)[0] == "en"
    if template in CITIZEN:
        used, subject, _ = templates.render_email(template, language, PARAMS)
        assert used == "en" and not CYRILLIC.search(subject)
    else:
        used, title, _ = templates.render_notice(template, language, PARAMS)
        assert used == "en" and not CYRILLIC.search(title)


STAFF_EXPECTED = {
    "results_waiting": ("Жыйынтык тапшырууну күтүүдө", "Результат ждёт выдачи", "Result waiting for handover"),
    "payroll_ready": ("төлөм ведомосту даяр", "Ведомость выплат за 2026-12 готова", "Payroll for 2026-12 is ready"),
    "deadline_near": ("Мөөнөтү жакындады", "Срок подходит", "Deadline approaching"),
    "deadline_passed": ("Мөөнөтү өтүп кетти", "Срок истёк", "Deadline passed"),
}


@pytest.mark.parametrize("template", STAFF)
def test_staff_notices_in_each_language(templates, template):
    for language, words in zip(("ky", "ru", "en"), STAFF_EXPECTED[template], strict=True):
        used, title, text = templates.render_notice(template, language, PARAMS)
        assert used == language and words in title and "{" not in title + text
        if template == "payroll_ready":
            assert "16800" in text and "14" in text
        else:
            assert "BEL-7K3M-Q9XZ" in title + text


def test_localised_params_win_in_their_language(templates):
    params = {"tracking_number": "BEL-1", "service_name": "x", "service_name_ru": "Регистрация рождения",
              "service_name_ky": "Төрөлүүнү каттоо", "office_name_ru": "Белек", "office_name_en": "Belek"}
    assert "Регистрация рождения" in templates.render_notice("results_waiting", "ru", params)[2]
    assert "Төрөлүүнү каттоо" in templates.render_notice("results_waiting", "ky", params)[2]
    assert "(x)" in templates.render_notice("results_waiting", "en", params)[2]


def test_a_flat_template_is_an_sms_and_the_body_of_an_email(tmp_path):
    path = tmp_path / "templates.yaml"
    path.write_text("hello:\n  en: 'Hi {name}'\n  ru: 'Привет {name}'\n", encoding="utf-8")
    loaded = Templates.load(path)
    assert loaded.names("citizen") == ["hello"]
    assert loaded.render_email("hello", "ru", {"name": "Айбек"}) == ("ru", "Бир терезе", "Привет Айбек")


# ---- channels and opt-out ----


@pytest.mark.parametrize("recipient, expected", [
    ({"phone": "+996700123456", "email": "a@b.kg"}, [("sms", "+996700123456"), ("email", "a@b.kg")]),
    ({"phone": "+996700123456", "email": "a@b.kg", "opt_out": ["sms"]}, [("email", "a@b.kg")]),
    ({"phone": "+996700123456", "email": "a@b.kg", "opt_out": ["email"]}, [("sms", "+996700123456")]),
    ({"phone": "+996700123456", "email": "a@b.kg", "opt_out": ["sms", "email"]}, []),
    ({"phone": "", "email": "  "}, []),
    ({"email": "a@b.kg", "opt_out": ["SMS"]}, [("email", "a@b.kg")]),
])
def test_channels_follow_addresses_and_opt_out(recipient, expected):
    assert channels(recipient) == expected


# ---- the rate limit ----

NOW = dt.datetime(2026, 12, 1, 10, 0, 0)


def ago(seconds: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds)


def test_rate_limit_lets_messages_through_below_the_limit():
    assert rate_limit_wait([], NOW, 3, 3600) == 0
    assert rate_limit_wait([ago(10), ago(20)], NOW, 3, 3600) == 0
    assert rate_limit_wait([ago(4000), ago(5000), ago(6000)], NOW, 3, 3600) == 0  # outside the window


def test_rate_limit_delays_until_the_window_slides_past_the_oldest():
    wait = rate_limit_wait([ago(100), ago(600), ago(1200)], NOW, 3, 3600)
    assert wait == pytest.approx(3600 - 1200)
    assert rate_limit_wait([ago(100), ago(600), ago(1200), ago(1800)], NOW, 3, 3600) == pytest.approx(3600 - 1200)


def test_rate_limit_zero_means_no_limit():
    assert rate_limit_wait([ago(1)] * 100, NOW, 0, 3600) == 0


# ---- who sees a notice ----


def test_clerk_notices_are_for_their_office_and_officer_notices_for_their_role():
    clerk_notice = {"role": "clerk", "office": "belek"}
    assert visible_to(clerk_notice, "clerk", "belek")
    assert not visible_to(clerk_notice, "clerk", "aral")
    assert not visible_to(clerk_notice, "registrar", "sokuluk")
    officer_notice = {"role": "registrar", "office": "aral"}
    assert visible_to(officer_notice, "registrar", "sokuluk")
    assert not visible_to(officer_notice, "inspector", "sokuluk")


# ---- deadline thresholds (routing) ----

MONDAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("due, expected", [
    (MONDAY + dt.timedelta(days=10), None),
    (MONDAY + dt.timedelta(days=3), None),               # Thursday: three working days ahead
    (MONDAY + dt.timedelta(days=2), deadlines.NEAR),     # Wednesday: two working days ahead
    (MONDAY, deadlines.NEAR),                            # due today: still near, not passed
    (MONDAY - dt.timedelta(days=1), deadlines.PASSED),
])
def test_deadline_threshold_in_working_days(due, expected):
    assert deadlines.threshold(due, MONDAY, 2) == expected


def test_deadline_horizon_skips_the_weekend():
    friday = dt.date(2026, 12, 4)
    assert deadlines.horizon(friday, 2) == dt.date(2026, 12, 8)
    assert deadlines.threshold(dt.date(2026, 12, 8), friday, 2) == deadlines.NEAR
