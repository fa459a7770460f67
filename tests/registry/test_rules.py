"""The marriage, divorce and duplicate-birth rules of registry/rules.py at their boundaries (plain Python)."""

from __future__ import annotations

import datetime as dt

import pytest

from registry import rules
from registry.rules import EffectiveRules, add_months, age_on
from tereze.errors import InvalidArgument, Violation

RULES = EffectiveRules.load()
APPLIED = dt.date(2026, 3, 10)
BRIDE_PIN = "11505200000123"
GROOM_PIN = "20101199800045"


def person(pin=BRIDE_PIN, born="2000-05-15", sex="female", surname="Асанова", given="Айпери"):
    return {"pin": pin, "surname": surname, "given_name": given, "patronymic": "Бакыт кызы", "birth_date": born,
            "sex": sex}


def marriage(requested=None, urgent=None, exception=None, applicant_born="2000-05-15", spouse_born="1998-01-01",
             **extra):
    details = {"spouse": person(GROOM_PIN, spouse_born, "male", "Осмонов", "Азамат"),
               "requested_date": (requested or add_months(APPLIED, 1)).isoformat(), **extra}
    if urgent:
        details["urgent_reason"] = urgent
    if exception:
        details["age_exception_no"] = exception
    return rules.validate_marriage(person(born=applicant_born), details, APPLIED)


def refusals(m, register=None, applied=APPLIED):
    return [v.rule for v in rules.marriage_refusals(m, applied, RULES, register or {})]


# ---- ages on the registration date ----


def test_eighteen_on_the_registration_date_may_marry():
    on = add_months(APPLIED, 1)
    m = marriage(requested=on, applicant_born=dt.date(on.year - 18, on.month, on.day).isoformat())
    assert refusals(m) == []


def test_one_day_short_of_eighteen_is_under_age_on_the_applicant_birth_date():
    on = add_months(APPLIED, 1)
    born = dt.date(on.year - 18, on.month, on.day) + dt.timedelta(days=1)
    m = marriage(requested=on, applicant_born=born.isoformat())
    violations = rules.marriage_refusals(m, APPLIED, RULES, {})
    assert [(v.rule, v.field) for v in violations] == [("marriage.under_age", "applicant.birth_date")]


def test_seventeen_with_a_recorded_exception_may_marry():
    on = add_months(APPLIED, 1)
    born = dt.date(on.year - 17, on.month, on.day)
    assert refusals(marriage(requested=on, spouse_born=born.isoformat(), exception="AO-2026-17")) == []


def test_seventeen_without_the_exception_is_refused_on_the_spouse():
    on = add_months(APPLIED, 1)
    born = dt.date(on.year - 17, on.month, on.day)
    violations = rules.marriage_refusals(marriage(requested=on, spouse_born=born.isoformat()), APPLIED, RULES, {})
    assert [(v.rule, v.field) for v in violations] == [("marriage.under_age", "details.spouse.birth_date")]


def test_sixteen_is_refused_even_with_an_exception():
    on = add_months(APPLIED, 1)
    born = dt.date(on.year - 17, on.month, on.day) + dt.timedelta(days=1)
    assert refusals(marriage(requested=on, spouse_born=born.isoformat(), exception="AO-1")) == ["marriage.under_age"]


def test_age_counts_on_the_registration_date_not_the_application_date():
    on = add_months(APPLIED, 1)
    born = dt.date(APPLIED.year - 18, APPLIED.month, APPLIED.day) + dt.timedelta(days=5)  # 17 when applying
    assert age_on(born, APPLIED) == 17 and age_on(born, on) == 18
    assert refusals(marriage(requested=on, applicant_born=born.isoformat())) == []


def test_leap_day_birthday_counts_from_the_first_of_march():
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


# ---- the one-month waiting period and the urgent reasons ----


def test_exactly_one_month_after_the_application_is_allowed():
    assert refusals(marriage(requested=add_months(APPLIED, 1))) == []


def test_one_day_less_than_a_month_is_too_early():
    violations = rules.marriage_refusals(marriage(requested=add_months(APPLIED, 1) - dt.timedelta(days=1)),
                                         APPLIED, RULES, {})
    assert [(v.rule, v.field) for v in violations] == [("marriage.too_early", "details.requested_date")]


def test_month_end_application_waits_until_the_next_month_end():
    applied = dt.date(2026, 1, 31)
    m = rules.validate_marriage(person(), {"spouse": person(GROOM_PIN, "1998-01-01", "male"),
                                           "requested_date": "2026-02-28"}, applied)
    assert refusals(m, applied=applied) == []
    m = rules.validate_marriage(person(), {"spouse": person(GROOM_PIN, "1998-01-01", "male"),
                                           "requested_date": "2026-02-27"}, applied)
    assert refusals(m, applied=applied) == ["marriage.too_early"]


@pytest.mark.parametrize("reason", rules.URGENT_REASONS)
def test_each_urgent_reason_allows_the_same_day(reason):
    assert refusals(marriage(requested=APPLIED, urgent=reason)) == []


def test_an_urgent_reason_does_not_allow_a_date_before_the_application():
    assert refusals(marriage(requested=APPLIED - dt.timedelta(days=1), urgent="pregnancy")) == ["marriage.date_in_past"]


def test_an_unknown_urgent_reason_is_a_field_error():
    with pytest.raises(InvalidArgument) as error:
        marriage(urgent="wedding_hall_booked")
    assert "details.urgent_reason" in error.value.fields


# ---- the register: bigamy, remarriage, close relatives ----


def test_a_person_married_in_the_register_cannot_marry_again():
    m = marriage()
    assert refusals(m, {"applicant": {"marital_status": "married"}}) == ["marriage.already_married"]
    violations = rules.marriage_refusals(m, APPLIED, RULES, {"spouse": {"marital_status": "married"}})
    assert [(v.rule, v.field) for v in violations] == [("marriage.already_married", "details.spouse.pin")]


@pytest.mark.parametrize("status", ["single", "divorced", "widowed"])
def test_divorced_widowed_or_single_persons_may_marry(status):
    assert refusals(marriage(), {"applicant": {"marital_status": status}, "spouse": {"marital_status": status}}) == []


def test_close_relatives_are_refused():
    assert refusals(marriage(), {"relatives": "siblings (a common parent)"}) == ["marriage.close_relatives"]


MOTHER, FATHER, GRANDMA = "10101197000001", "20101196800001", "10101195000001"


def test_parent_and_child_are_related():
    parent = {"pin": MOTHER, "mother_pin": GRANDMA}
    child = {"pin": BRIDE_PIN, "mother_pin": MOTHER}
    assert rules.related(parent, child, {GRANDMA}, {MOTHER, GRANDMA}).startswith("direct line")


def test_grandparent_and_grandchild_are_related():
    assert rules.related({"pin": GRANDMA}, {"pin": BRIDE_PIN, "mother_pin": MOTHER}, set(), {MOTHER, GRANDMA})


def test_full_and_half_siblings_are_related():
    a = {"pin": BRIDE_PIN, "mother_pin": MOTHER, "father_pin": FATHER}
    half = {"pin": GROOM_PIN, "mother_pin": "10101197500009", "father_pin": FATHER}
    assert rules.related(a, half, set(), set()).startswith("siblings")


def test_unrelated_persons_and_unknown_parents_are_not_related():
    a = {"pin": BRIDE_PIN, "mother_pin": None, "father_pin": None}
    b = {"pin": GROOM_PIN, "mother_pin": None, "father_pin": None}
    assert rules.related(a, b, set(), set()) is None
    assert rules.related(None, b, set(), set()) is None


# ---- field by field ----


def test_marriage_fields_are_named_under_details():
    with pytest.raises(InvalidArgument) as error:
        rules.validate_marriage(person(), {"spouse": {"pin": "3" * 14, "sex": "x"}, "requested_date": "tomorrow",
                                           "age_exception_no": "x" * 101}, APPLIED)
    assert {"details.spouse.pin", "details.spouse.surname", "details.spouse.given_name", "details.spouse.birth_date",
            "details.spouse.sex", "details.requested_date", "details.age_exception_no"} <= set(error.value.fields)


def test_marrying_oneself_is_a_field_error():
    with pytest.raises(InvalidArgument) as error:
        rules.validate_marriage(person(), {"spouse": person(), "requested_date": "2026-05-01"}, APPLIED)
    assert error.value.fields == {"details.spouse.pin": "must be the other person's PIN, not the applicant's"}


def test_applicant_birth_date_is_required_for_the_age_rule():
    with pytest.raises(InvalidArgument) as error:
        rules.validate_marriage({**person(), "birth_date": ""}, {"spouse": person(GROOM_PIN, "1998-01-01", "male"),
                                                                  "requested_date": "2026-05-01"}, APPLIED)
    assert "applicant.birth_date" in error.value.fields


def test_registration_waits_for_the_requested_date_at_decision_time():
    m = marriage(requested=add_months(APPLIED, 1))
    assert [v.rule for v in rules.marriage_decision_refusals(m, add_months(APPLIED, 1) - dt.timedelta(days=1))] == [
        "marriage.before_requested_date"]
    assert rules.marriage_decision_refusals(m, add_months(APPLIED, 1)) == []


# ---- divorce ----


def divorce(consent=True, children=0, grounds=None, court=None):
    details = {"spouse_pin": GROOM_PIN, "mutual_consent": consent, "common_minor_children": children}
    if grounds:
        details["grounds"] = grounds
    if court:
        details["court_decision_no"] = court
    return rules.validate_divorce({"pin": BRIDE_PIN}, details, APPLIED)


MARRIED = {"applicant": {"marital_status": "married", "spouse_pin": GROOM_PIN},
           "spouse": {"marital_status": "married", "spouse_pin": BRIDE_PIN}}


def divorce_refusals(d, register=MARRIED):
    return [v.rule for v in rules.divorce_refusals(d, register)]


def test_mutual_consent_without_children_is_registered():
    d = divorce()
    assert rules.divorce_route(d) == "mutual_consent"
    assert divorce_refusals(d) == []


def test_common_minor_children_go_through_court():
    violations = rules.divorce_refusals(divorce(children=1), MARRIED)
    assert [(v.rule, v.field) for v in violations] == [
        ("divorce.minor_children_court", "details.common_minor_children")]


def test_without_consent_it_goes_through_court():
    assert divorce_refusals(divorce(consent=False)) == ["divorce.no_consent_court"]


def test_no_consent_and_children_give_both_rules():
    assert divorce_refusals(divorce(consent=False, children=2)) == [
        "divorce.minor_children_court", "divorce.no_consent_court"]


@pytest.mark.parametrize("grounds", rules.DIVORCE_GROUNDS)
def test_each_ground_allows_one_spouse_regardless_of_consent_and_children(grounds):
    d = divorce(consent=False, children=2, grounds=grounds)
    assert rules.divorce_route(d) == "grounds"
    assert divorce_refusals(d) == []


def test_a_court_decision_is_registered_with_children_and_without_consent():
    d = divorce(consent=False, children=3, court="2-123/2026")
    assert rules.divorce_route(d) == "court_decision"
    assert divorce_refusals(d) == []


def test_spouses_not_married_to_each_other_are_refused():
    other = {"applicant": {"marital_status": "married", "spouse_pin": "20202199000011"}, "spouse": None}
    assert divorce_refusals(divorce(), other) == ["divorce.not_married_to_each_other"]
    assert divorce_refusals(divorce(), {"applicant": None, "spouse": None}) == ["divorce.not_married_to_each_other"]
    divorced = {"applicant": {"marital_status": "divorced", "spouse_pin": None}, "spouse": None}
    assert divorce_refusals(divorce(), divorced) == ["divorce.not_married_to_each_other"]


def test_the_other_spouse_record_must_agree():
    register = {"applicant": MARRIED["applicant"], "spouse": {"marital_status": "married",
                                                              "spouse_pin": "10303199100022"}}
    assert divorce_refusals(divorce(), register) == ["divorce.not_married_to_each_other"]


def test_divorce_waits_one_month_unless_registering_a_court_decision():
    month = add_months(APPLIED, 1)
    assert [v.rule for v in rules.divorce_decision_refusals(divorce(), APPLIED, month - dt.timedelta(days=1),
                                                            RULES)] == ["divorce.too_early"]
    assert rules.divorce_decision_refusals(divorce(), APPLIED, month, RULES) == []
    assert rules.divorce_decision_refusals(divorce(court="2-1/2026"), APPLIED, APPLIED, RULES) == []
    grounds = divorce(consent=False, grounds="spouse_missing")
    assert rules.divorce_decision_refusals(grounds, APPLIED, APPLIED, RULES)[0].rule == "divorce.too_early"


@pytest.mark.parametrize("details, field", [
    ({"mutual_consent": True, "common_minor_children": 0}, "details.spouse_pin"),
    ({"spouse_pin": GROOM_PIN, "common_minor_children": 0}, "details.mutual_consent"),
    ({"spouse_pin": GROOM_PIN, "mutual_consent": True}, "details.common_minor_children"),
    ({"spouse_pin": GROOM_PIN, "mutual_consent": True, "common_minor_children": -1}, "details.common_minor_children"),
    ({"spouse_pin": GROOM_PIN, "mutual_consent": True, "common_minor_children": True},
     "details.common_minor_children"),
    ({"spouse_pin": GROOM_PIN, "mutual_consent": True, "common_minor_children": 0, "grounds": "boredom"},
     "details.grounds"),
    ({"spouse_pin": BRIDE_PIN, "mutual_consent": True, "common_minor_children": 0}, "details.spouse_pin"),
])
def test_divorce_fields_are_named(details, field):
    with pytest.raises(InvalidArgument) as error:
        rules.validate_divorce({"pin": BRIDE_PIN}, details, APPLIED)
    assert field in error.value.fields


# ---- duplicates, the register's duplicated PINs, certificates ----


FLAG = [Violation("birth.possible_duplicate", "…", "details.child")]


def test_a_flagged_birth_needs_not_a_duplicate_before_approval():
    assert rules.duplicate_decision_refusal(FLAG, "").rule == "birth.duplicate_undecided"
    assert rules.duplicate_decision_refusal(FLAG, "duplicate").rule == "birth.duplicate"
    assert rules.duplicate_decision_refusal(FLAG, "not_duplicate") is None
    assert rules.duplicate_decision_refusal([], "") is None


def test_pick_person_prefers_the_declared_birth_date_then_surname():
    a = {"pin": BRIDE_PIN, "surname": "Иванова", "birth_date": dt.date(2000, 5, 15)}
    b = {"pin": BRIDE_PIN, "surname": "Асанова", "birth_date": dt.date(2000, 5, 15)}
    c = {"pin": BRIDE_PIN, "surname": "Асанова", "birth_date": dt.date(1999, 1, 1)}
    assert rules.pick_person([a, b, c], {"birth_date": "2000-05-15", "surname": "Асанова"}) is b
    assert rules.pick_person([c, a], {"birth_date": "2000-05-15"}) is a
    assert rules.pick_person([], {}) is None


def test_the_check_code_depends_on_everything_the_certificate_shows():
    code = rules.certificate_check("BC-2026-000001", {"surname": "Асанова"})
    assert len(code) == 10 and code == rules.certificate_check("BC-2026-000001", {"surname": "Асанова"})
    assert code != rules.certificate_check("BC-2026-000002", {"surname": "Асанова"})
    assert code != rules.certificate_check("BC-2026-000001", {"surname": "Асанов"})


def test_every_law_value_has_a_source_and_a_date():
    for service in ("marriage", "divorce", "birth"):
        for name, entries in RULES.data[service].items():
            for entry in entries:
                assert isinstance(entry["from"], dt.date) and entry["source"], (service, name)
                assert "[V" in entry["source"] or "[B" in entry["source"] or "choice" in entry["source"]


# ---- births: future and late dates ----


def test_a_birth_in_the_future_is_a_field_error_and_today_is_fine():
    child = {"surname": "Асанова", "given_name": "Айпери", "sex": "female", "birth_place": "Белек"}
    details = {"child": {**child, "birth_date": (APPLIED + dt.timedelta(days=1)).isoformat()},
               "mother_pin": BRIDE_PIN, "medical_certificate_no": "MC-1"}
    with pytest.raises(InvalidArgument) as error:
        rules.validate_birth(details, APPLIED)
    assert error.value.fields == {"details.child.birth_date": "must not be in the future"}
    details["child"]["birth_date"] = APPLIED.isoformat()
    assert rules.validate_birth(details, APPLIED) == APPLIED


def test_a_late_birth_is_accepted_with_a_warning_naming_the_fine():
    born = APPLIED - dt.timedelta(days=60)
    [warning] = rules.birth_warnings(born, APPLIED, RULES)
    assert warning.rule == "birth.late_registration" and "1000 som" in warning.message
    assert rules.birth_warnings(add_months(APPLIED, -1), APPLIED, RULES) == []


def test_a_rules_file_without_the_fine_still_warns():
    data = {k: dict(v) for k, v in RULES.data.items()}
    data["birth"].pop("late_fine_som")
    [warning] = rules.birth_warnings(APPLIED - dt.timedelta(days=60), APPLIED, EffectiveRules(data))
    assert "a fine may apply" in warning.message
