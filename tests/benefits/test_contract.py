"""The benefits contract over real gRPC: the five services in this process, on SQLite and PostgreSQL.

Submission at intake → precheck (assessment shown at once) → dispatch → OpenClaim (assessment stored, children
checked against the registry over gRPC) → Decide (maker-checker) → enrolment → payroll (idempotent) → paid.
"""

from __future__ import annotations

import datetime as dt

import pytest

from benefits import rules
from birtereze.benefits.v1 import benefits_pb2 as bpb
from birtereze.benefits.v1 import benefits_pb2_grpc
from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2 as ipb
from birtereze.intake.v1 import intake_pb2_grpc
from tereze.channels import Peers
from tereze.errors import InvalidArgument, NotFound, RuleViolation
from tereze.timeutil import today
from tests.support import SERVICE_TOKEN, InProcessSuite, wait_for

from .factories import applicant, family_details
from .support import agency_facts, register_children, submit_request

INSPECTOR = c.Actor(username="inspector.sokuluk", role="inspector")
CLERK = c.Actor(username="clerk.belek", role="clerk", office="belek")


@pytest.fixture
def suite(db_factory):
    s = InProcessSuite(db_factory, extra_env={"PAYROLL_JOB_INTERVAL": "3600"}).start()
    peers = Peers({name: s.address(name) for name in s.ports}, timeout=5, token=SERVICE_TOKEN)
    s.intake = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
    s.benefits = peers.client("benefits", benefits_pb2_grpc.BenefitsServiceStub)
    yield s
    peers.close()
    s.stop()


def kids(n: int) -> list[dt.date]:
    return [today() - dt.timedelta(days=365 * (2 + 3 * i)) for i in range(n)]


def submit(suite, key: str, service: str, person: dict, details: dict):
    app = suite.intake.SubmitApplication(submit_request(key, service, person, details))
    claim = wait_for(lambda: _claim(suite, app.id), message="the claim to be opened")
    return app, claim


def _claim(suite, app_id):
    try:
        return suite.benefits.GetClaim(bpb.GetClaimRequest(application_id=app_id))
    except NotFound:
        return None


def decide(suite, key, app_id, outcome="approved", reason="", justification=""):
    return suite.benefits.Decide(bpb.DecideRequest(
        request_id=key, application_id=app_id, outcome=c.OUTCOME_APPROVED if outcome == "approved" else
        c.OUTCOME_REJECTED, reason=reason, actor=INSPECTOR, justification=justification))


def test_family_benefit_from_window_to_payroll(suite):
    details = family_details(incomes=(2000, 1000), children=kids(2))
    register_children(suite.urls["registry"], details)
    app, claim = submit(suite, "f-1", "family_benefit", applicant(), details)

    # The window saw the assessment at once, and the claim stores it.
    assert app.assessment.eligible and app.assessment.monthly_amount == 2 * 1200
    assert claim.assessment.eligible and claim.assessment.monthly_amount == 2 * 1200
    assert claim.assessment.inputs["per_capita_income"] == "750"
    assert {f.source for f in claim.assessment.facts} == {"civil_registry"}
    assert not [r for r in claim.assessment.reasons if r.startswith("child.")]

    decided = decide(suite, "d-1", app.id)
    assert decided.outcome == c.OUTCOME_APPROVED
    start = rules.first_of_next_month(today())
    assert decided.result["valid_from"] == start.isoformat() and decided.result["monthly_amount"] == "2400"
    assert decided.result["valid_to"] == (rules.add_months(start, 12) - dt.timedelta(days=1)).isoformat()

    # The approval wrote the enrolment's line in next month's payroll with itself: it is there at once, no pass
    # of the payroll job in between (the job runs at start, then hourly).
    month = f"{start:%Y-%m}"
    written = suite.benefits.GetPayroll(bpb.GetPayrollRequest(office="belek", month=month)).lines
    assert [(x.application_id, x.amount) for x in written] == [(app.id, 2400)]
    first = suite.benefits.GeneratePayroll(bpb.GeneratePayrollRequest(request_id="p-1", office="belek", month=month))
    again = suite.benefits.GeneratePayroll(bpb.GeneratePayrollRequest(request_id="p-2", office="belek", month=month))
    assert [line.id for line in first.lines] == [line.id for line in again.lines] == [x.id for x in written]
    assert len(first.lines) == 1 and first.total == 2400 and first.lines[0].application_id == app.id
    assert suite.benefits.GetPayroll(bpb.GetPayrollRequest(office="aral", month=month)).lines == []
    # Not yet enrolled this month.
    this_month = suite.benefits.GeneratePayroll(bpb.GeneratePayrollRequest(office="belek", month=f"{today():%Y-%m}"))
    assert this_month.lines == []

    line = first.lines[0]
    with pytest.raises(NotFound):
        suite.benefits.MarkPayrollLine(bpb.MarkPayrollLineRequest(
            request_id="m-0", line_id=line.id, status="paid", actor=c.Actor(username="clerk.aral", role="clerk",
                                                                           office="aral")))
    paid = suite.benefits.MarkPayrollLine(bpb.MarkPayrollLineRequest(request_id="m-1", line_id=line.id,
                                                                      status="paid", actor=CLERK))
    assert paid.status == "paid" and paid.marked_by == "clerk.belek" and paid.marked_at
    replay = suite.benefits.MarkPayrollLine(bpb.MarkPayrollLineRequest(request_id="m-1", line_id=line.id,
                                                                        status="paid", actor=CLERK))
    assert replay.id == paid.id and replay.marked_at == paid.marked_at
    assert suite.benefits.GetPayroll(bpb.GetPayrollRequest(office="belek", month=month)).lines[0].status == "paid"
    with pytest.raises(InvalidArgument) as caught:
        suite.benefits.MarkPayrollLine(bpb.MarkPayrollLineRequest(request_id="m-2", line_id=line.id,
                                                                  status="lost", actor=CLERK))
    assert set(caught.value.fields) == {"status"}

    # Renewal: the enrolment ends within the year; listed once within the notice period of its end.
    end = dt.date.fromisoformat(decided.result["valid_to"])
    listed = suite.benefits.ListRenewals(bpb.ListRenewalsRequest(office="belek", on=(end - dt.timedelta(days=10))
                                                                 .isoformat()))
    assert [e.application_id for e in listed.items] == [app.id]
    assert suite.benefits.ListRenewals(bpb.ListRenewalsRequest(office="belek")).items == []


def test_unknown_child_is_flagged_and_approval_against_the_assessment_needs_a_justification(suite):
    details = family_details(incomes=(9000, 0), children=kids(1))  # not registered in the civil registry
    app, claim = submit(suite, "f-2", "family_benefit", applicant(), details)
    assert not claim.assessment.eligible
    assert any(r.startswith("income.above_threshold") for r in claim.assessment.reasons)
    assert any(r.startswith("child.not_in_registry") for r in claim.assessment.reasons)
    with pytest.raises(InvalidArgument) as caught:
        decide(suite, "d-2", app.id)
    assert set(caught.value.fields) == {"justification"}
    decided = decide(suite, "d-3", app.id, justification="the income certificate was of the previous employer")
    assert decided.outcome == c.OUTCOME_APPROVED and decided.result["monthly_amount"] == "1200"


def test_invalid_details_are_named_and_change_nothing(suite):
    details = family_details(children=kids(1))
    details["household"][2]["birth_date"] = "2099-01-01"
    with pytest.raises(InvalidArgument) as caught:
        suite.intake.SubmitApplication(submit_request("f-3", "family_benefit", applicant(), details))
    assert set(caught.value.fields) == {"details.household[2].birth_date"}
    assert suite.intake.ListApplications(ipb.ListApplicationsRequest(service="family_benefit")).items == []


def test_one_social_benefit_per_person(suite):
    person = applicant("male", dt.date(today().year - 70, 1, 1), 50)
    agency_facts(suite.urls["benefits"], "social_fund", person["pin"], pension_entitled="false")
    details = {"category": "elderly_no_pension", "payment": {"channel": "post_office"}}
    first, claim = submit(suite, "s-1", "social_benefit", person, details)
    assert claim.assessment.eligible and claim.assessment.monthly_amount == 2000
    assert claim.assessment.facts[0].source == "social_fund:local" and claim.assessment.facts[0].at
    second, _ = submit(suite, "s-2", "social_benefit", person, details)
    decide(suite, "d-4", first.id)
    with pytest.raises(RuleViolation) as caught:
        decide(suite, "d-5", second.id, justification="the inspector insists")
    assert caught.value.violations[0].rule == "social_benefit.one_per_person"
    assert suite.benefits.GetClaim(bpb.GetClaimRequest(application_id=second.id)).status == "open"
    third, claim3 = submit(suite, "s-3", "social_benefit", person, details)
    assert not claim3.assessment.eligible
    assert any(r.startswith("social_benefit.one_per_person") for r in claim3.assessment.reasons)


def test_unemployment_benefit_reads_the_social_fund_and_the_register(suite):
    person = applicant("male", dt.date(1990, 5, 5), 60)
    url = suite.urls["benefits"]
    details = {"insured_months_last_36": 14, "payment": {"channel": "post_office"}}
    _, before = submit(suite, "u-1", "unemployment_benefit", person, details)
    assert not before.assessment.eligible
    agency_facts(url, "social_fund", person["pin"], insured_months_last_36="14")
    agency_facts(url, "unemployment_register", person["pin"], registered="true")
    _, after = submit(suite, "u-2", "unemployment_benefit", person, details)
    assert after.assessment.eligible and after.assessment.monthly_amount == 300
    assert {f.source for f in after.assessment.facts} == {"social_fund:local", "unemployment_register:local"}


def test_payroll_arguments_are_validated(suite):
    with pytest.raises(InvalidArgument) as caught:
        suite.benefits.GetPayroll(bpb.GetPayrollRequest(office="nowhere", month="2026-13"))
    assert set(caught.value.fields) == {"office", "month"}
