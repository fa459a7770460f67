"""The personal identification number (DOMAIN.md, "The personal identification number")."""

from __future__ import annotations

import datetime as dt

import pytest

from tereze.pin import make_pin, pin_birth_date, pin_error, pin_prefix, pin_warnings

TODAY = dt.date(2025, 6, 18)  # a Wednesday; every check takes "today" explicitly


def pin_for(sex_digit: str, born: dt.date, serial: str = "00123") -> str:
    return f"{sex_digit}{born:%d%m%Y}{serial}"


# ---- hard rules: the PIN is refused ----


@pytest.mark.parametrize("pin", ["11203199000123", "21203199000123", "10101190000001", "22902200099999"])
def test_well_formed_pins_are_accepted(pin):
    assert pin_error(pin, TODAY) is None


@pytest.mark.parametrize(
    "pin",
    [
        "",
        "1120319900012",  # 13 digits
        "112031990001234",  # 15 digits
        "31203199000123",  # sex digit 3
        "01203199000123",  # sex digit 0
        "1120319900012A",
        "1 203199000123",
        "+1203199000123",
        "11203199000123\n",  # a trailing newline must not slip through `$`
        " 11203199000123",
        "1١٢٠٣١٩٩٠٠٠١٢٣",  # Arabic-Indic digits are digits to `\d`, not to a PIN
        "1１203199000123",  # a full-width digit
    ],
)
def test_pin_that_is_not_14_ascii_digits_starting_with_1_or_2_is_refused(pin):
    assert pin_error(pin, TODAY) == "must be 14 digits starting with 1 (female) or 2 (male)"


@pytest.mark.parametrize("pin", [None, 11203199000123, b"11203199000123"])
def test_pin_that_is_not_a_string_is_refused(pin):
    assert pin_error(pin, TODAY) is not None


@pytest.mark.parametrize(
    "date_part",
    [
        "29022023",  # 29 February of a non-leap year
        "29021900",  # 1900 is not a leap year (divisible by 100, not by 400)
        "31042000",  # 31 April
        "00012000",  # day 0
        "01132000",  # month 13
        "01000000",  # year 0
        "32012000",
    ],
)
def test_date_part_that_is_not_a_real_date_is_refused(date_part):
    assert pin_error(f"1{date_part}00001", TODAY) == "digits 2-9 must be a real date of birth (DDMMYYYY)"


@pytest.mark.parametrize("date_part", ["29022024", "29022000", "31122000", "01011900"])
def test_leap_days_and_month_ends_are_real_dates(date_part):
    assert pin_error(f"2{date_part}00001", TODAY) is None


def test_born_today_is_accepted_born_tomorrow_is_refused():
    assert pin_error(pin_for("1", TODAY), TODAY) is None
    tomorrow = TODAY + dt.timedelta(days=1)
    assert pin_error(pin_for("1", tomorrow), TODAY) == "the date of birth in the PIN is in the future"
    assert pin_error(pin_for("1", tomorrow), tomorrow) is None


def test_pin_birth_date_reads_ddmmyyyy():
    assert pin_birth_date("21203199000123") == dt.date(1990, 3, 12)
    assert pin_birth_date("12902202400001") == dt.date(2024, 2, 29)
    assert pin_birth_date("12902202300001") is None


# ---- soft rules: warnings, never refusals ----


def test_matching_sex_and_birth_date_give_no_warning():
    assert pin_warnings("11203199000123", "female", dt.date(1990, 3, 12), "applicant.pin") == []
    assert pin_warnings("21203199000123", "male", dt.date(1990, 3, 12), "applicant.pin") == []


def test_sex_digit_disagreeing_with_declared_sex_is_a_warning_on_the_field():
    warnings = pin_warnings("21203199000123", "female", dt.date(1990, 3, 12), "applicant.pin")
    assert [(w.rule, w.field) for w in warnings] == [("pin.sex_mismatch", "applicant.pin")]
    warnings = pin_warnings("11203199000123", "male", dt.date(1990, 3, 12), "details.spouse.pin")
    assert [(w.rule, w.field) for w in warnings] == [("pin.sex_mismatch", "details.spouse.pin")]


def test_date_part_disagreeing_with_declared_birth_date_is_a_warning():
    warnings = pin_warnings("11203199000123", "female", dt.date(1990, 12, 3), "applicant.pin")
    assert [(w.rule, w.field) for w in warnings] == [("pin.birth_date_mismatch", "applicant.pin")]


def test_both_mismatches_give_both_warnings():
    warnings = pin_warnings("11203199000123", "male", dt.date(1991, 3, 12), "applicant.pin")
    assert {w.rule for w in warnings} == {"pin.sex_mismatch", "pin.birth_date_mismatch"}
    assert all(w.message for w in warnings)


def test_undeclared_sex_or_birth_date_is_not_compared():
    assert pin_warnings("11203199000123", None, None, "applicant.pin") == []
    assert pin_warnings("11203199000123", "unknown", None, "applicant.pin") == []


# ---- assigning a PIN at birth registration ----


def test_pin_prefix_is_sex_digit_and_ddmmyyyy():
    assert pin_prefix("female", dt.date(2024, 2, 29)) == "129022024"
    assert pin_prefix("male", dt.date(2025, 1, 5)) == "205012025"


def test_make_pin_pads_the_serial_and_is_a_valid_pin_for_that_person():
    born = dt.date(2024, 2, 29)
    pin = make_pin("male", born, 7)
    assert pin == "22902202400007"
    assert pin_error(pin, TODAY) is None
    assert pin_warnings(pin, "male", born, "pin") == []
    assert make_pin("female", born, 99999) == "12902202499999"


@pytest.mark.parametrize("serial", [0, -1, 100_000])
def test_make_pin_refuses_a_serial_out_of_range(serial):
    with pytest.raises(ValueError, match="serial"):
        make_pin("female", dt.date(2024, 1, 1), serial)
