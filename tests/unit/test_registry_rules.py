"""Civil-registration rules (DOMAIN.md, "birth_registration") and the effective-dated rules file."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from registry.rules import (
    EffectiveRules,
    act_record_number,
    add_months,
    birth_warnings,
    certificate_number,
    duplicate_flag,
    similar_names,
    validate_birth,
)
from tereze.errors import InvalidArgument

TODAY = dt.date(2025, 6, 18)
RULES = EffectiveRules.load()


def birth(**overrides) -> dict:
    details = {
        "child": {
            "surname": "Асанова",
            "given_name": "Айпери",
            "patronymic": "Бакытовна",
            "sex": "female",
            "birth_date": "2025-06-10",
            "birth_place": "Белек, Сокулукский район",
        },
        "mother_pin": "11203199000123",
        "father_pin": "20507198800045",
        "medical_certificate_no": "MC-2025-0042",
    }
    for key, value in overrides.items():
        if key.startswith("child."):
            details["child"][key[6:]] = value
        else:
            details[key] = value
    return details


def fields_of(details: dict) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as caught:
        validate_birth(details, TODAY)
    return caught.value.fields


# ---- validate_birth ----


def test_valid_birth_returns_the_childs_birth_date():
    assert validate_birth(birth(), TODAY) == dt.date(2025, 6, 10)


def test_patronymic_and_father_pin_are_optional():
    details = birth()
    del details["child"]["patronymic"], details["father_pin"]
    assert validate_birth(details, TODAY) == dt.date(2025, 6, 10)
    assert validate_birth(birth(father_pin=""), TODAY) == dt.date(2025, 6, 10)


@pytest.mark.parametrize(
    "override, field, message",
    [
        ({"child.surname": ""}, "details.child.surname", "is required"),
        ({"child.surname": "  "}, "details.child.surname", "is required"),
        ({"child.surname": "А" * 101}, "details.child.surname", "at most 100"),
        ({"child.given_name": ""}, "details.child.given_name", "is required"),
        ({"child.given_name": None}, "details.child.given_name", "is required"),
        ({"child.patronymic": "Б" * 101}, "details.child.patronymic", "at most 100"),
        ({"child.sex": ""}, "details.child.sex", "female or male"),
        ({"child.sex": "girl"}, "details.child.sex", "female or male"),
        ({"child.birth_date": ""}, "details.child.birth_date", "is required"),
        ({"child.birth_date": "10.06.2025"}, "details.child.birth_date", "YYYY-MM-DD"),
        ({"child.birth_date": "2025-02-29"}, "details.child.birth_date", "YYYY-MM-DD"),
        ({"child.birth_date": "2025-06-19"}, "details.child.birth_date", "must not be in the future"),
        ({"child.birth_place": " "}, "details.child.birth_place", "is required"),
        ({"mother_pin": ""}, "details.mother_pin", "is required"),
        ({"mother_pin": "1120319900012"}, "details.mother_pin", "14 digits"),
        ({"mother_pin": "13102199000123"}, "details.mother_pin", "real date"),
        ({"mother_pin": "11906202500001"}, "details.mother_pin", "in the future"),
        ({"father_pin": "3050719880004"}, "details.father_pin", "14 digits"),
        ({"father_pin": "23002199000123"}, "details.father_pin", "real date"),
        ({"medical_certificate_no": ""}, "details.medical_certificate_no", "is required"),
    ],
)
def test_each_bad_field_is_named(override, field, message):
    fields = fields_of(birth(**override))
    assert list(fields) == [field]
    assert message in fields[field]


def test_born_today_is_accepted():
    assert validate_birth(birth(**{"child.birth_date": TODAY.isoformat()}), TODAY) == TODAY


def test_missing_child_is_named_with_its_required_fields():
    details = birth()
    del details["child"]
    fields = fields_of(details)
    assert "details.child" in fields
    assert {"details.child.surname", "details.child.given_name", "details.child.sex", "details.child.birth_date",
            "details.child.birth_place"} <= set(fields)


def test_every_bad_field_is_reported_at_once():
    fields = fields_of(birth(**{"child.sex": "", "child.birth_date": "2030-01-01", "mother_pin": "x",
                                "medical_certificate_no": ""}))
    assert set(fields) == {"details.child.sex", "details.child.birth_date", "details.mother_pin",
                           "details.medical_certificate_no"}


# ---- late registration ----


def test_registered_exactly_one_month_after_birth_is_on_time():
    born = dt.date(2025, 3, 15)
    assert add_months(born, 1) == dt.date(2025, 4, 15)
    assert birth_warnings(born, born, RULES) == []
    assert birth_warnings(born, add_months(born, 1), RULES) == []


def test_registered_one_month_and_one_day_after_birth_is_flagged_late():
    born = dt.date(2025, 3, 15)
    warnings = birth_warnings(born, add_months(born, 1) + dt.timedelta(days=1), RULES)
    assert [(w.rule, w.field) for w in warnings] == [("birth.late_registration", "details.child.birth_date")]
    assert "1 month" in warnings[0].message and "fine" in warnings[0].message


@pytest.mark.parametrize("born, last_on_time", [
    (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
    (dt.date(2024, 12, 31), dt.date(2025, 1, 31)),
])
def test_month_end_births_have_their_deadline_at_the_next_month_end(born, last_on_time):
    assert birth_warnings(born, last_on_time, RULES) == []
    assert birth_warnings(born, last_on_time + dt.timedelta(days=1), RULES) != []


def test_late_registration_of_a_birth_before_the_first_rule_is_still_judged():
    # An adult whose birth was never registered (born before the 2005 law) can still register it:
    # the deadline rule in force on the day of the application applies, not "no rule found".
    warnings = birth_warnings(dt.date(1999, 5, 1), TODAY, RULES)
    assert [w.rule for w in warnings] == ["birth.late_registration"]


def test_the_deadline_comes_from_the_rules_file():
    data = copy.deepcopy(RULES.data)
    data["birth"]["on_time_months"].append({"from": dt.date(2025, 1, 1), "value": 3})
    rules = EffectiveRules(data)
    born = dt.date(2025, 3, 15)
    assert birth_warnings(born, dt.date(2025, 6, 15), rules) == []
    assert birth_warnings(born, dt.date(2025, 6, 16), rules)[0].message.startswith("registered more than 3 month")


# ---- add_months ----


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2000, 1, 31), 1, dt.date(2000, 2, 29)),
    (dt.date(1900, 1, 31), 1, dt.date(1900, 2, 28)),
    (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
    (dt.date(2025, 12, 31), 1, dt.date(2026, 1, 31)),
    (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2025, 6, 18), 0, dt.date(2025, 6, 18)),
    (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
    (dt.date(2025, 1, 15), -1, dt.date(2024, 12, 15)),
])
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


# ---- effective-dated values ----


def dated(*entries) -> EffectiveRules:
    return EffectiveRules({"benefit": {"amount": [{"from": d, "value": v} for d, v in entries]}})


def test_value_is_the_entry_in_force_on_the_date():
    rules = dated((dt.date(2020, 1, 1), 810), (dt.date(2022, 6, 1), 1200))
    assert rules.value("benefit", "amount", dt.date(2020, 1, 1)) == 810
    assert rules.value("benefit", "amount", dt.date(2022, 5, 31)) == 810
    assert rules.value("benefit", "amount", dt.date(2022, 6, 1)) == 1200
    assert rules.value("benefit", "amount", dt.date(2030, 1, 1)) == 1200


def test_value_does_not_depend_on_the_order_of_the_entries():
    rules = dated((dt.date(2022, 6, 1), 1200), (dt.date(2020, 1, 1), 810))
    assert rules.value("benefit", "amount", dt.date(2021, 1, 1)) == 810
    assert rules.value("benefit", "amount", dt.date(2023, 1, 1)) == 1200


def test_value_before_the_first_entry_raises():
    rules = dated((dt.date(2020, 1, 1), 810))
    with pytest.raises(LookupError, match="benefit.amount"):
        rules.value("benefit", "amount", dt.date(2019, 12, 31))


def test_packaged_rules_file_has_dated_values_with_sources():
    for name in ("on_time_months", "duplicate_window_days"):
        entries = RULES.data["birth"][name]
        assert entries and all(isinstance(e["from"], dt.date) and e.get("source") for e in entries)
    assert RULES.value("birth", "on_time_months", TODAY) == 1
    assert RULES.value("birth", "duplicate_window_days", TODAY) == 5


def test_rules_load_from_another_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("birth:\n  on_time_months:\n    - {from: 2010-01-01, value: 2, source: test}\n", encoding="utf-8")
    assert EffectiveRules.load(path).value("birth", "on_time_months", TODAY) == 2


# ---- possible duplicates ----


def test_similar_name_of_a_child_of_the_same_mother_is_flagged():
    flag = duplicate_flag({"given_name": "Айпери"}, [{"given_name": "Бакыт"}, {"given_name": " айпери "}])
    assert flag is not None
    assert (flag.rule, flag.field) == ("birth.possible_duplicate", "details.child")


def test_small_spelling_difference_is_still_similar():
    assert duplicate_flag({"given_name": "Aiperi"}, [{"given_name": "Aipery"}]) is not None


def test_dissimilar_names_or_no_candidates_are_not_flagged():
    assert duplicate_flag({"given_name": "Айпери"}, [{"given_name": "Бакыт"}, {"given_name": "Нурлан"}]) is None
    assert duplicate_flag({"given_name": "Айпери"}, []) is None


def test_empty_names_are_never_similar():
    assert not similar_names("", "")
    assert duplicate_flag({"given_name": ""}, [{"given_name": ""}]) is None
    assert duplicate_flag({}, [{"given_name": "Айпери"}]) is None


# ---- numbers ----


def test_act_record_number_format():
    assert act_record_number("birth", "belek", 2025, 7) == "BELEK-2025-B00007"
    assert act_record_number("marriage", "natsionalnoe", 2026, 12345) == "NATSIONALNOE-2026-M12345"
    assert act_record_number("divorce", "aral", 2025, 1) == "ARAL-2025-D00001"


def test_certificate_number_format():
    assert certificate_number("birth", 2025, 42) == "BC-2025-000042"
    assert certificate_number("marriage", 2025, 1) == "MC-2025-000001"
    assert certificate_number("divorce", 2026, 999999) == "DC-2026-999999"
    with pytest.raises(KeyError):
        certificate_number("adoption", 2025, 1)
