"""The benefit rules as plain Python: means test, household, pensions, dated parameters, ЕСП, unemployment."""

from __future__ import annotations

import datetime as dt

import pytest

from benefits import rules
from benefits.parameters import Parameters
from benefits.rules import InsuranceRecord, RegistryChild, UnemploymentRecord
from tereze.errors import InvalidArgument

from .factories import applicant, family_details, member

PARAMS = Parameters.load()
ON = dt.date(2026, 3, 10)
AT = dt.datetime(2026, 3, 10, 9, 0)


def family(details, on=ON, registry=None):
    return rules.assess_family(details, "belek", on, PARAMS.in_force(on), registry or {})


def kids(n: int, on=ON) -> list[dt.date]:
    return [dt.date(on.year - 3 - i, 5, 1) for i in range(n)]


# ---- parameters ----


def test_every_parameter_entry_has_a_source_and_the_esp_rows_their_mark():
    assert set(PARAMS.programmes) == set(rules.BENEFIT_SERVICES)
    for name, entries in PARAMS.entries.items():
        for entry in entries:
            assert entry["source"], name
    table = PARAMS.value("esp_amounts", ON)
    assert set(table) == set(rules.ESP_CATEGORIES)
    assert all(row["mark"] in ("V", "V-news", "B") and row["amount"] > 0 for row in table.values())
    assert table["disabled_child"]["amount"] == 8000 and table["elderly_no_pension"]["amount"] == 2000
    assert PARAMS.in_force(ON).coefficient("belek") == 1.0


def test_parameters_change_on_their_date():
    may, june = PARAMS.in_force(dt.date(2022, 5, 31)), PARAMS.in_force(dt.date(2022, 6, 1))
    assert may["child_amount"] == 810 and june["child_amount"] == 1200
    assert may.id != june.id
    assert PARAMS.value("gmd", dt.date(2022, 5, 31)) == 1000


def test_a_parameter_without_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        Parameters({"parameters": {"gmd": [{"from": dt.date(2020, 1, 1), "value": 1000}]}})


def test_claims_of_may_and_june_2022_get_810_and_1200_per_child():
    details = family_details(incomes=(1000, 0), children=[dt.date(2015, 1, 1), dt.date(2017, 1, 1)])
    may = family(details, dt.date(2022, 5, 20))
    june = family(details, dt.date(2022, 6, 2))
    assert may.eligible and may.monthly_amount == 2 * 810
    assert june.eligible and june.monthly_amount == 2 * 1200
    assert may.parameters["child_amount"].startswith("810") and june.parameters["child_amount"].startswith("1200")


# ---- ЕПМС means test ----


@pytest.mark.parametrize("total, eligible", [(3999, True), (4000, False), (4001, False), (0, True)])
def test_means_test_at_and_around_the_threshold(total, eligible):
    # Four members: the threshold is 4 × 1,000 som; per-capita income must be strictly below ГМД.
    a = family(family_details(incomes=(total, 0), children=kids(2)))
    assert a.eligible is eligible
    assert a.inputs["members"] == "4" and a.inputs["total_income"] == str(total)
    if eligible:
        assert a.monthly_amount == 2 * 1200
        assert a.reasons[0].startswith("income.below_threshold")
    else:
        assert a.monthly_amount == 0
        assert any(r.startswith("income.above_threshold") for r in a.reasons)


def test_amount_is_children_under_16_times_the_per_child_amount_and_the_dates():
    a = family(family_details(children=kids(3)))
    assert a.eligible and a.monthly_amount == 3 * 1200
    assert a.start_date == dt.date(2026, 4, 1) and a.end_date == dt.date(2027, 3, 31)
    assert a.rule_version == PARAMS.rule_version and a.parameter_set.startswith(PARAMS.rule_version)
    assert a.parameters["gmd"].startswith("1000") and a.parameters["district_coefficient"] == "1"


def test_children_turning_16():
    sixteen_today = dt.date(ON.year - 16, ON.month, ON.day)
    sixteen_tomorrow = sixteen_today + dt.timedelta(days=1)
    a = family(family_details(children=[sixteen_today, sixteen_tomorrow, dt.date(2020, 1, 1)]))
    assert a.inputs["children_under_limit"] == "2"
    assert a.monthly_amount == 2 * 1200
    only_sixteen = family(family_details(children=[sixteen_today]))
    assert not only_sixteen.eligible and only_sixteen.reasons[0].startswith("household.no_child")


def test_members_count_every_person_living_in_the_household():
    # 3,000 som for five people (600 each) is below ГМД; for two people (1,500 each) it is not.
    grandparent = member("grandparent", dt.date(1950, 1, 1), 0, serial=30)
    assert family(family_details(incomes=(3000, 0), children=kids(2), extra=[grandparent])).eligible
    assert not family(family_details(incomes=(3000, 0))).eligible


def test_pensions_of_parents_and_grandparents_are_not_counted():
    pensioner = member("grandparent", dt.date(1950, 1, 1), 9000, serial=30, pension=True)
    a = family(family_details(incomes=(1000, 0), children=kids(2), extra=[pensioner]))
    assert a.eligible and a.inputs["total_income"] == "1000"
    assert a.inputs["household[4].pension_not_counted"] == "9000"
    working = member("grandparent", dt.date(1950, 1, 1), 9000, serial=30, pension=False)
    assert not family(family_details(incomes=(1000, 0), children=kids(2), extra=[working])).eligible


def test_children_are_checked_against_the_civil_registry():
    details = family_details(children=kids(3))
    first, second, third = (m for m in details["household"] if m["relation"] == "child")
    registry = {
        first["pin"]: RegistryChild(first["pin"], (dt.date.fromisoformat(first["birth_date"]),), at=AT),
        second["pin"]: RegistryChild(second["pin"], (), at=AT),
        third["pin"]: RegistryChild(third["pin"], (dt.date(2005, 1, 1),), at=AT),  # 21 by the registry
    }
    a = family(details, registry=registry)
    assert any(r.startswith("child.not_in_registry: household[3]") for r in a.reasons)
    assert any(r.startswith("child.birth_date_differs: household[4]") for r in a.reasons)
    assert a.monthly_amount == 2 * 1200  # the registry's birth date counts: the third child is over 16
    sources = {f.name: f for f in a.facts}
    assert sources["household[2].birth_date"].source == "civil_registry" and sources["household[2].birth_date"].at == AT
    unreachable = family(details, registry={first["pin"]: RegistryChild(first["pin"], reachable=False, at=AT)})
    assert any(r.startswith("child.unverified") for r in unreachable.reasons)


def test_assessment_serialises_with_facts_and_dates():
    a = family(family_details(children=kids(1)), registry={})
    out = a.to_dict()
    assert out["eligible"] is True and out["monthly_amount"] == 1200
    assert out["start_date"] == "2026-04-01" and out["end_date"] == "2027-03-31"
    assert set(out) >= {"inputs", "parameters", "parameter_set", "rule_version", "reasons", "facts"}


# ---- ЕСП ----


def insurance(months=0, pension=False):
    return InsuranceRecord(months, pension, "social_fund:local", AT)


def social(details, person=None, on=ON, pension=False, existing=False):
    return rules.assess_social(details, person or applicant(), on, PARAMS.in_force(on), insurance(pension=pension),
                               existing)


def disabled(msek: dt.date) -> dict:
    return {"category": "disabled_2", "msek_certificate_no": "MSEK-1", "msek_date": msek.isoformat(),
            "payment": {"channel": "post_office"}}


def test_esp_starts_from_the_assessment_date_within_six_months():
    msek = dt.date(2026, 1, 15)
    within = social(disabled(msek), on=dt.date(2026, 7, 15))
    assert within.eligible and within.start_date == msek and within.monthly_amount == 4000
    after = social(disabled(msek), on=dt.date(2026, 7, 16))
    assert after.start_date == dt.date(2026, 8, 1)
    assert rules.esp_start_date(dt.date(2026, 3, 3), None, 6) == dt.date(2026, 4, 1)


def test_esp_only_without_pension_entitlement_and_one_per_person():
    assert not social(disabled(dt.date(2026, 1, 15)), pension=True).eligible
    second = social(disabled(dt.date(2026, 1, 15)), existing=True)
    assert not second.eligible and any(r.startswith("social_benefit.one_per_person") for r in second.reasons)
    assert social(disabled(dt.date(2026, 1, 15))).facts[0].source == "social_fund:local"


@pytest.mark.parametrize("sex, age, eligible", [("male", 65, True), ("male", 64, False), ("female", 60, True),
                                                 ("female", 59, False)])
def test_esp_elderly_men_65_women_60(sex, age, eligible):
    born = dt.date(ON.year - age, 1, 1)
    a = social({"category": "elderly_no_pension", "payment": {"channel": "post_office"}}, applicant(sex, born))
    assert a.eligible is eligible
    assert a.monthly_amount == (2000 if eligible else 0)


def test_esp_heroine_mother_from_55():
    details = {"category": "heroine_mother", "payment": {"channel": "post_office"}}
    assert social(details, applicant("female", dt.date(ON.year - 55, 1, 1))).monthly_amount == 3000
    assert not social(details, applicant("female", dt.date(ON.year - 54, 1, 1))).eligible


def test_esp_before_the_table_exists_is_not_assessable():
    a = social(disabled(dt.date(2024, 1, 15)), on=dt.date(2024, 3, 1))
    assert not a.eligible and a.reasons[0].startswith("parameters.missing")


# ---- unemployment ----


@pytest.mark.parametrize("registered, months, eligible", [(True, 12, True), (True, 11, False), (False, 30, False)])
def test_unemployment_needs_registration_and_12_insured_months(registered, months, eligible):
    a = rules.assess_unemployment({"insured_months_last_36": 20}, ON, PARAMS.in_force(ON), insurance(months),
                                  UnemploymentRecord(registered, "unemployment_register:local", AT))
    assert a.eligible is eligible and a.monthly_amount == (300 if eligible else 0)
    assert {f.source for f in a.facts} == {"social_fund:local", "unemployment_register:local"}
    assert any(r.startswith("insurance.declared_differs") for r in a.reasons)


# ---- validation ----


def test_details_are_validated_field_by_field():
    details = family_details(children=kids(1))
    details["household"][0]["pin"] = "123"
    details["household"][1]["relation"] = "cousin"
    details["household"][2]["birth_date"] = "2030-01-01"
    details["household"][2]["monthly_income"] = -5
    details["household"].append(dict(details["household"][2], birth_date="2020-01-01", monthly_income=0))  # PIN twice
    details["household"].append(member("spouse", dt.date(1980, 1, 1), 100, serial=40, pension=True))
    details["payment"] = {"channel": "bank"}
    with pytest.raises(InvalidArgument) as caught:
        rules.validate_details("family_benefit", details, ON)
    assert set(caught.value.fields) == {
        "details.household[0].pin", "details.household[1].relation", "details.household[2].birth_date",
        "details.household[2].monthly_income", "details.household[3].pin", "details.household[4].pension",
        "details.payment.account"}
    with pytest.raises(InvalidArgument) as caught:
        rules.validate_details("family_benefit", {}, ON)
    assert set(caught.value.fields) == {"details.household", "details.payment.channel"}
    with pytest.raises(InvalidArgument) as caught:
        rules.validate_details("social_benefit", {"category": "disabled_1", "payment": {"channel": "post_office"}}, ON)
    assert set(caught.value.fields) == {"details.msek_certificate_no", "details.msek_date"}
    with pytest.raises(InvalidArgument) as caught:
        rules.validate_details("unemployment_benefit", {"insured_months_last_36": "x", "payment": {"channel": "x"}},
                               ON)
    assert set(caught.value.fields) == {"details.insured_months_last_36", "details.payment.channel"}
    rules.validate_details("family_benefit", family_details(children=kids(1)), ON)  # a good one passes


def test_income_from_protobuf_json_is_a_string():
    details = family_details(children=kids(1))
    details["household"][0]["monthly_income"] = "999"
    rules.validate_details("family_benefit", details, ON)
    assert family(details).inputs["total_income"] == "999"


# ---- payroll and dates ----


def test_enrolment_months_and_payroll_membership():
    assert rules.first_of_next_month(dt.date(2026, 12, 15)) == dt.date(2027, 1, 1)
    assert rules.parse_month("2026-02") == dt.date(2026, 2, 1)
    assert rules.month_end(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    start, end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    assert not rules.in_payroll(start, end, dt.date(2026, 3, 1))
    assert rules.in_payroll(start, end, dt.date(2026, 4, 1)) and rules.in_payroll(start, end, dt.date(2027, 3, 1))
    assert not rules.in_payroll(start, end, dt.date(2027, 4, 1))
    assert rules.in_payroll(dt.date(2026, 1, 15), None, dt.date(2026, 1, 1))
    with pytest.raises(ValueError):
        rules.parse_month("2026-13")


def test_an_approval_against_the_assessment_is_a_contradiction():
    assert rules.contradicts({"eligible": False}, "approved")
    assert not rules.contradicts({"eligible": True}, "approved")
    assert not rules.contradicts({"eligible": False}, "rejected")
