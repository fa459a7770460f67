"""Plain unit tests of the gateway's translation and access rules (no HTTP, no gRPC)."""

from __future__ import annotations

import pytest

from birtereze.common.v1 import common_pb2
from birtereze.registry.v1 import registry_pb2
from gateway import access, convert, operations
from gateway.access import Principal
from tereze.errors import Forbidden, InvalidArgument, NotFound

CLERK = Principal("clerk.belek", "clerk", "belek")
REGISTRAR = Principal("registrar.sokuluk", "registrar", "sokuluk")
INSPECTOR = Principal("inspector.sokuluk", "inspector", "sokuluk")
MONITOR = Principal("monitor", "monitor", "")


def family_body(household) -> dict:
    return {"service": "family_benefit", "applicant": {"pin": "11203199000123"},
            "details": {"household": household, "payment": {"channel": "post_office"}}, "documents": []}


def test_nested_list_errors_name_the_element():
    with pytest.raises(InvalidArgument) as error:
        convert.parse_submission(family_body([{"pin": "1"}, {"monthly_income": "5000"}, {"pension": "yes"}]))
    assert set(error.value.fields) == {"details.household[1].monthly_income", "details.household[2].pension"}


def test_camel_case_and_numbers_as_strings_are_refused():
    with pytest.raises(InvalidArgument) as error:
        convert.parse_submission(family_body([{"monthlyIncome": 5000}]))
    assert set(error.value.fields) == {"details.household[0].monthlyIncome"}


def test_out_of_range_and_float_for_integer():
    body = {"service": "divorce_registration", "applicant": {}, "details": {"common_minor_children": 2**40}}
    with pytest.raises(InvalidArgument) as error:
        convert.parse_submission(body)
    assert "details.common_minor_children" in error.value.fields
    body["details"] = {"common_minor_children": 1.5}
    with pytest.raises(InvalidArgument):
        convert.parse_submission(body)


def test_nulls_are_absent_and_money_stays_an_integer():
    service, office, applicant, details, documents = convert.parse_submission(
        family_body([{"pin": "11203199000123", "monthly_income": 5000, "pension": None}]) | {"office": None})
    assert (service, office, documents) == ("family_benefit", None, [])
    assert not details.family_benefit.household[0].HasField("pension")
    rendered = convert.details_json(details)
    assert rendered["household"][0]["monthly_income"] == 5000  # not "5000" (the int64 JSON default)


def test_application_json_shape():
    app = common_pb2.Application(
        id="a1", tracking_number="BEL-1", service="family_benefit", office="belek",
        status=common_pb2.APPLICATION_STATUS_RESULT_READY, outcome=common_pb2.OUTCOME_REJECTED, reason="income",
        assessment=common_pb2.Assessment(eligible=False, monthly_amount=0, reasons=["income above ГМД"]),
        history=[common_pb2.HistoryEntry(status=common_pb2.APPLICATION_STATUS_SUBMITTED, at="t", by="c", note="")],
    )
    out = convert.application_json(app)
    assert out["status"] == "result_ready" and out["outcome"] == "rejected"
    assert out["assessment"] == {"eligible": False, "monthly_amount": 0, "reasons": ["income above ГМД"],
                                 "parameters": {}, "rule_version": "", "parameter_set": "", "inputs": {},
                                 "facts": [], "start_date": None, "end_date": None}
    assert out["history"] == [{"status": "submitted", "at": "t", "by": "c", "note": ""}]
    birth = convert.application_json(common_pb2.Application(service="birth_registration"))
    assert "assessment" not in birth and birth["outcome"] is None and birth["result"] == {}


def test_access_rules():
    access.ensure_visible(CLERK, "birth_registration", "belek")
    with pytest.raises(NotFound):
        access.ensure_visible(CLERK, "birth_registration", "aral")
    access.ensure_visible(REGISTRAR, "marriage_registration", "aral")
    with pytest.raises(Forbidden):
        access.ensure_visible(REGISTRAR, "family_benefit", "belek")
    access.ensure_visible(INSPECTOR, "social_benefit", "belek")
    with pytest.raises(Forbidden):
        access.ensure_visible(MONITOR, "social_benefit", "belek")
    assert access.list_scope(CLERK, "", "") == ("belek", "")
    assert access.list_scope(INSPECTOR, "aral", "") == ("aral", "social_protection")
    assert access.submission_office(CLERK, None) == "belek"
    with pytest.raises(Forbidden):
        access.submission_office(CLERK, "aral")


class _FakeRegistry:
    """Test double of the registry client: canned FindPerson answers."""

    def __init__(self, persons):
        self.persons = persons

    def FindPerson(self, request):  # noqa: N802 - gRPC method name
        return registry_pb2.FindPersonResponse(persons=[p for p in self.persons if p.pin == request.pin])


class _FakeBackends:
    def __init__(self, persons):
        self.registry = _FakeRegistry(persons)


def test_duplicate_pins_are_reported_not_hidden():
    pin = "21505198800017"
    persons = [registry_pb2.RegisteredPerson(pin=pin, surname="A", given_name="B", birth_date="1988-05-15",
                                             sex="male", marital_status="single"),
               registry_pb2.RegisteredPerson(pin=pin, surname="C", given_name="D", birth_date="1988-05-15",
                                             sex="male", marital_status="married")]
    found = operations.find_person(_FakeBackends(persons), CLERK, pin)
    assert found["surname"] == "A" and found["duplicates"] == 2
    single = operations.find_person(_FakeBackends(persons[:1]), REGISTRAR, pin)
    assert "duplicates" not in single
    with pytest.raises(NotFound):
        operations.find_person(_FakeBackends([]), INSPECTOR, pin)
    with pytest.raises(Forbidden):
        operations.find_person(_FakeBackends(persons), MONITOR, pin)
